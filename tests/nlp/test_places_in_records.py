"""Where events land, with the real model: never in a namesake far away (sentences written for these tests)."""

import re
from pathlib import Path

from dronewatch.errors import DronewatchError
from dronewatch.ingest import iter_documents
from dronewatch.nlp.entities import demonym_country
from dronewatch.nlp.gazetteer import CONFLICT_COUNTRIES, get_gazetteer
from tests.nlp.conftest import Extract

DEMO = Path(__file__).resolve().parents[2] / "demo" / "corpus"


def test_small_namesake_abroad_is_not_the_place(extract: Extract) -> None:
    record = extract("Russian drones hit a fuel depot in Maud overnight, Ukraine's air force said.")
    located = [e.location for e in record.events if e.location is not None and e.location.lat is not None]
    assert all(loc.country in ("UA", "RU") for loc in located)


def test_ministry_and_metro_are_not_places(extract: Extract) -> None:
    record = extract("The MoD said Russian missiles struck a metro station in Kharkiv on Tuesday.")
    (event,) = [e for e in record.events if e.location is not None]
    assert event.location is not None and event.location.name == "Kharkiv"
    texts = {e.location.text for e in record.events if e.location is not None}
    assert not texts & {"MoD", "metro", "metro station"}


# A city this large names its country to any reader ("Odesa" is in Ukraine).
WELL_KNOWN_CITY = 100_000


def _countries_named(text: str) -> set[str]:
    """Countries a reader sees named: by name, nationality or a well-known city; naming one side of the war
    names both."""
    gazetteer = get_gazetteer()
    named: set[str] = set()
    for word in set(re.findall(r"[A-Z][a-z]+(?: [A-Z][a-z]+)?", text)):
        found = gazetteer.country(iso) if (iso := demonym_country(word)) else gazetteer.lookup(word)
        if found is not None and found.country and (
                found.feature == "country" or found.feature == "city" and found.population >= WELL_KNOWN_CITY):
            named.add(found.country)
    return named | set(CONFLICT_COUNTRIES) if named & set(CONFLICT_COUNTRIES) else named


def test_demo_events_stay_in_the_countries_their_articles_name(extract: Extract) -> None:
    documents = [d for d in iter_documents([DEMO]) if not isinstance(d, DronewatchError)]
    assert documents
    for document in documents:
        record = extract(document.text)
        named = _countries_named(document.text)
        for event in record.events:
            where = event.location
            if where is not None and where.lat is not None and where.country is not None:
                assert where.country in named, (document.source, where)
