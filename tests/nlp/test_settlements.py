"""Ukraine at settlement level: KATOTTG villages under the spellings reports use, placed honestly."""

import pytest

from dronewatch.nlp.gazetteer import haversine_km
from dronewatch.nlp.places import lookup_place
from dronewatch.nlp.settlements import russian_spellings, ukrainian_spellings

# Tokmak, the centre of the hromada that holds Novoprokopivka (GeoNames).
TOKMAK = (47.255, 35.708)


def test_official_transliteration_comes_first() -> None:
    assert ukrainian_spellings("Мар'їнка")[0] == "Marinka"
    assert ukrainian_spellings("Велика Новосілка")[0] == "Velyka Novosilka"


def test_russian_style_spellings_follow_the_russian_form_of_the_name() -> None:
    assert "ocheretino" in russian_spellings("Очеретине")
    assert "velikaya novoselka" in russian_spellings("Велика Новосілка")
    assert "kharkov" in russian_spellings("Харків")
    assert "avdeyevka" in russian_spellings("Авдіївка")
    assert "novoselovskoye" not in russian_spellings("Покровськ")


def test_russian_spelling_resolves_to_the_ukrainian_settlement() -> None:
    place = lookup_place("Velikaya Novoselka")
    assert place is not None and place.name == "Velyka Novosilka"
    assert place.admin1 == "Donetsk Oblast"
    assert place.geo_precision == 1


def test_village_geonames_lacks_is_placed_near_its_hromada_centre_and_says_so() -> None:
    place = lookup_place("Novoprokopivka", context_countries=["UA"])
    assert place is not None and place.country == "UA"
    assert place.admin1 == "Zaporizhzhia Oblast"
    assert place.geo_precision == 2
    assert place.uncertainty_km is not None and place.uncertainty_km >= 5
    assert place.lat is not None and place.lon is not None
    assert haversine_km(place.lat, place.lon, *TOKMAK) < 1


@pytest.mark.parametrize("name", ["Kleshcheyevka", "Klishchiivka", "Ugledar", "Vuhledar", "Krasnogorovka"])
def test_front_line_spellings_old_and_new_are_found(name: str) -> None:
    place = lookup_place(name)
    assert place is not None and place.country == "UA" and place.admin1 == "Donetsk Oblast"
