"""Actors and weapons in invented sentences, normalised to one name each.

Aliases are phrase matches, so they run on ``spacy.blank("en")`` with the component; "<demonym> <force noun>"
reads the parse and needs the real model.
"""

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Doc

from dronewatch.nlp import entities  # noqa: F401 (registers the component)


@pytest.fixture(scope="module")
def blank() -> Language:
    pipeline = spacy.blank("en")
    pipeline.add_pipe("dronewatch_entities")
    return pipeline


def _actors(doc: Doc) -> list[tuple[str, str, str | None]]:
    return [(m.span.text, m.actor.name, m.actor.country) for m in doc._.dw_actors]


def _weapons(doc: Doc) -> list[tuple[str, str, str | None]]:
    return [(m.span.text, m.weapon.name, m.weapon.class_) for m in doc._.dw_weapons]


@pytest.mark.parametrize(
    ("text", "alias", "name", "cls"),
    [
        ("A Geran-2 flew over the city.", "Geran-2", "Shahed-136", "drone"),
        ("Two TB2s circled the port.", "TB2s", "Bayraktar TB2", "drone"),
        ("A SCALP hit the bridge.", "SCALP", "Storm Shadow", "missile"),
        ("An M142 HIMARS fired at dawn.", "M142 HIMARS", "HIMARS", "artillery"),
        ("An S300 battery was hit.", "S300", "S-300", "air_defense"),
    ],
    ids=["geran", "tb2", "scalp", "himars", "s300"],
)
def test_weapon_alias_is_normalised_with_its_class(blank: Language, text: str, alias: str, name: str, cls: str) -> None:
    assert _weapons(blank(text)) == [(alias, name, cls)]


def test_longest_generic_weapon_phrase_wins(blank: Language) -> None:
    assert _weapons(blank("Two cruise missiles and a howitzer were lost.")) == [
        ("cruise missiles", "cruise missile", "missile"),
        ("howitzer", "howitzer", "artillery"),
    ]


@pytest.mark.parametrize(
    ("text", "alias", "name", "country"),
    [
        ("Officials in Kiev met on Monday.", "Kiev", "Ukraine", "UA"),
        ("Kyiv responded on Monday.", "Kyiv", "Ukraine", "UA"),
        ("The Kremlin responded on Monday.", "The Kremlin", "Russia", "RU"),
        ("Washington responded on Monday.", "Washington", "United States", "US"),
        ("Zelenskiy responded on Monday.", "Zelenskiy", "Volodymyr Zelensky", "UA"),
    ],
    ids=["kiev", "kyiv", "kremlin", "washington", "zelenskiy"],
)
def test_capital_seat_or_person_alias_names_the_actor(blank: Language, text: str, alias: str, name: str, country: str) -> None:
    assert _actors(blank(text)) == [(alias, name, country)]


def test_acronym_matches_only_in_capitals(blank: Language) -> None:
    assert _actors(blank("Drones flew past us. The US sent jets.")) == [("US", "United States", "US")]


@pytest.mark.model
def test_demonym_with_a_force_noun_is_the_state(nlp: Language) -> None:
    doc = nlp("Ukrainian troops and Russian servicemen were seen near the river.")
    assert _actors(doc) == [("Ukrainian troops", "Ukraine", "UA"), ("Russian servicemen", "Russia", "RU")]


@pytest.mark.model
def test_demonym_with_armed_forces_is_the_state(nlp: Language) -> None:
    doc = nlp("The Russian military said the Ukrainian Armed Forces had retreated.")
    assert _actors(doc) == [("Russian military", "Russia", "RU"), ("Ukrainian Armed Forces", "Ukraine", "UA")]


@pytest.mark.model
def test_demonym_without_a_force_noun_is_not_an_actor(nlp: Language) -> None:
    assert _actors(nlp("Ukrainian wheat was exported through the port.")) == []


def test_a_capital_owning_the_weapons_is_its_state(nlp: Language) -> None:
    from dronewatch.nlp.entities import actor_for_span

    doc = nlp("Officials said Kyiv's drones carried out the raid.")
    mention = actor_for_span(doc[2:5])
    assert mention is not None and (mention.actor.name, mention.kind) == ("Ukraine", "state")
