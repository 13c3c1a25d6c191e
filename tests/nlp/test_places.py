"""Place names are found and geocoded offline, with the article as context (sentences written for these tests)."""

import pytest
import spacy
from spacy.tokens import Doc, Span

from dronewatch.nlp import places  # noqa: F401 (registers the component)
from dronewatch.nlp.gazetteer import normalize_name
from dronewatch.nlp.places import PlaceMention, lookup_place


@pytest.fixture(scope="module")
def nlp() -> spacy.language.Language:
    pipeline = spacy.blank("en")
    pipeline.add_pipe("dronewatch_places")
    return pipeline


def _places(nlp: spacy.language.Language, text: str) -> list[PlaceMention]:
    return list(nlp(text)._.dw_places)


def _named(mentions: list[PlaceMention]) -> dict[str, PlaceMention]:
    return {m.span.text: m for m in mentions}


def test_old_spelling_resolves_to_the_city_under_its_current_name(nlp: spacy.language.Language) -> None:
    (kiev,) = _places(nlp, "Air raid sirens sounded in Kiev before dawn.")
    assert kiev.place.name == "Kyiv"
    assert kiev.place.country == "UA"
    assert kiev.place.lat == pytest.approx(50.45, abs=0.05)
    assert kiev.place.lon == pytest.approx(30.52, abs=0.05)


def test_soviet_era_name_resolves_to_the_renamed_town(nlp: spacy.language.Language) -> None:
    found = _named(_places(nlp, "Artillery duels continued near Artemovsk and Krasnoarmeysk."))
    assert found["Artemovsk"].place.name == "Bakhmut"
    assert found["Artemovsk"].place.lat == pytest.approx(48.59, abs=0.05)
    assert found["Krasnoarmeysk"].place.name == "Pokrovsk"
    assert found["Krasnoarmeysk"].place.country == "UA"


def test_russian_transliteration_of_a_frontline_town(nlp: spacy.language.Language) -> None:
    (kupyansk,) = _places(nlp, "A supply column was hit outside Kupyansk on the road east.")
    assert kupyansk.place.name == "Kupiansk"
    assert kupyansk.place.lat == pytest.approx(49.71, abs=0.05)
    assert kupyansk.place.lon == pytest.approx(37.62, abs=0.05)


def test_town_in_two_countries_follows_the_articles_other_places(nlp: spacy.language.Language) -> None:
    belarus = _named(_places(nlp, "Drones were reported over Svetlogorsk and near Gomel."))
    russia = _named(_places(nlp, "Drones were reported over Svetlogorsk and near Kaliningrad."))
    assert belarus["Svetlogorsk"].place.country == "BY"
    assert russia["Svetlogorsk"].place.country == "RU"


def test_region_named_after_a_village_picks_the_village_in_that_region(nlp: spacy.language.Language) -> None:
    donetsk = _named(_places(nlp, "Fighting raged near Andriivka, Donetsk Oblast, all night."))
    kharkiv = _named(_places(nlp, "Fighting raged near Andriivka in the Kharkiv region all night."))
    assert donetsk["Andriivka"].place.admin1 == "Donetsk Oblast"
    assert kharkiv["Andriivka"].place.admin1 == "Kharkiv Oblast"


def test_sea_resolves_to_its_own_coordinates(nlp: spacy.language.Language) -> None:
    (sea,) = _places(nlp, "A naval drone was intercepted in the Sea of Azov.")
    assert sea.place.name == "Sea of Azov"
    assert sea.place.feature == "sea"
    assert sea.place.lat is not None and 45 < sea.place.lat < 47.5


def test_landmark_is_found_whatever_the_surrounding_words(nlp: spacy.language.Language) -> None:
    (kremlin,) = _places(nlp, "Two drones exploded above the Kremlin shortly after midnight.")
    assert kremlin.span.text == "Kremlin"
    assert kremlin.place.name == "Moscow Kremlin"
    assert kremlin.place.feature == "landmark"
    assert kremlin.place.lat == pytest.approx(55.75, abs=0.01)


def test_multiword_landmark_is_one_place(nlp: spacy.language.Language) -> None:
    (plant,) = _places(nlp, "Shelling cut power to the Zaporizhzhia nuclear plant again.")
    assert plant.place.name == "Zaporizhzhia Nuclear Power Plant"
    assert plant.place.country == "UA"


def test_unknown_village_is_kept_by_name_without_coordinates(nlp: spacy.language.Language) -> None:
    found = _named(_places(nlp, "Troops entered the village of Zarichnivka, and then pushed toward Bakhmut."))
    village = found["Zarichnivka"].place
    assert village.name == "Zarichnivka"
    assert (village.lat, village.lon) == (None, None)
    assert found["Bakhmut"].place.lat is not None  # one unknown name does not drop the others


def test_unknown_place_named_with_its_oblast_is_kept(nlp: spacy.language.Language) -> None:
    found = _named(_places(nlp, "A strike was reported near Zarichnivka, Donetsk Oblast, on the front."))
    assert found["Zarichnivka"].place.lat is None
    assert found["Donetsk Oblast"].place.feature == "region"


def test_entity_the_gazetteer_lacks_stays_named(nlp: spacy.language.Language) -> None:
    doc = nlp.make_doc("Smoke rose over Zarichnivka at noon.")
    doc.ents = [Span(doc, 3, 4, label="GPE")]
    doc = nlp(doc)
    (mention,) = doc._.dw_places
    assert mention.place.name == "Zarichnivka"
    assert mention.place.lat is None


def test_town_never_gets_its_countrys_centroid(nlp: spacy.language.Language) -> None:
    found = _named(_places(nlp, "Officials in Ukraine said that a drone hit a depot in Kherson."))
    assert found["Ukraine"].place.feature == "country"
    kherson = found["Kherson"].place
    assert kherson.feature == "city"
    assert kherson.lat == pytest.approx(46.64, abs=0.05)
    assert kherson.lon == pytest.approx(32.61, abs=0.05)


def test_months_and_nationalities_after_prepositions_are_not_places(nlp: spacy.language.Language) -> None:
    found = _places(nlp, "In March the talks moved to Independence Square, said one of Ukrainian officials.")
    assert found == []


def test_model_misses_are_recovered_after_a_preposition() -> None:
    nlp = spacy.blank("en")
    nlp.add_pipe("dronewatch_places")
    doc: Doc = nlp.make_doc("Missiles fell on Kiev overnight.")
    doc.ents = [Span(doc, 3, 4, label="PERSON")]  # what the small model sometimes does
    (mention,) = nlp(doc)._.dw_places
    assert mention.place.name == "Kyiv"


def test_continent_is_named_but_not_geocoded_to_a_village_of_that_name(nlp: spacy.language.Language) -> None:
    doc = nlp.make_doc("Drone makers in Africa and Asia are growing.")
    doc.ents = [Span(doc, 3, 4, label="LOC"), Span(doc, 5, 6, label="LOC")]
    found = [(m.place.name, m.place.lat) for m in nlp(doc)._.dw_places]
    assert found == [("Africa", None), ("Asia", None)]


def test_lookup_place_geocodes_a_name_for_other_modules() -> None:
    kharkov = lookup_place("Kharkov region")
    assert kharkov is not None
    assert kharkov.name == "Kharkiv Oblast"
    assert kharkov.feature == "region"
    assert lookup_place("Nowhereville Qq") is None


def test_lookup_place_reads_a_nationality_as_its_country() -> None:
    ukrainian = lookup_place("Ukrainian")
    assert ukrainian is not None
    assert (ukrainian.name, ukrainian.country, ukrainian.feature) == ("Ukraine", "UA", "country")
    assert ukrainian.lat is None


def test_lookup_place_uses_context_countries() -> None:
    brest = lookup_place("Brest", context_countries=["FR"])
    assert brest is not None
    assert brest.country == "FR"


def test_names_are_compared_without_accents_hyphens_or_articles() -> None:
    assert normalize_name("the Ivano-Frankivsk") == normalize_name("Ivano Frankivsk")
    assert normalize_name("Mar’yinka") == "maryinka"


@pytest.mark.model
def test_model_pipeline_geocodes_places_it_labels() -> None:
    from dronewatch.config import settings

    try:
        nlp = spacy.load(settings.spacy_model)
    except OSError:
        pytest.skip("spaCy model not available")
    nlp.add_pipe("dronewatch_places")
    doc = nlp("A drone hit an oil depot near Hranitne, and boats were seen over the Black Sea.")
    found = {m.place.name: m.place for m in doc._.dw_places}
    assert found["Hranitne"].lat == pytest.approx(47.22, abs=0.1)
    assert found["Black Sea"].feature == "sea"


def test_acronyms_and_common_nouns_are_never_geocoded(nlp: spacy.language.Language) -> None:
    """ "MoD" is not Maud, Oklahoma; "metro" is not Metro, Indonesia; "the base" and "Centre" are no towns."""
    text = ("The MoD said debris fell near the metro in the city centre, at the base and in Centre "
            "after drones flew over Odesa.")
    located = [m.span.text for m in _places(nlp, text) if m.place.lat is not None]
    assert located == ["Odesa"]
    assert lookup_place("Odesa") is not None


def test_hierarchy_in_the_text_finds_and_places_a_village(nlp: spacy.language.Language) -> None:
    """A name followed by its region is a place even with no preposition, and it is the namesake in that region."""
    found = _named(_places(nlp, "Villagers said Andriivka, Kharkiv Oblast, lost power after the strike."))
    assert found["Andriivka"].place.admin1 == "Kharkiv Oblast"


def test_region_in_parentheses_after_a_township_decides_the_place(nlp: spacy.language.Language) -> None:
    found = _named(_places(nlp, "An explosion was reported in Falam (Falam township, Chin state) on Sunday."))
    assert found["Falam"].place.country == "MM"
    assert found["Falam"].place.admin1 == "Chin State"


def test_a_regions_point_is_never_given_as_a_towns(nlp: spacy.language.Language) -> None:
    (oblast,) = _places(nlp, "Shelling was reported across Donetsk Oblast.")
    assert oblast.place.feature == "region"
    assert oblast.place.geo_precision == 2
