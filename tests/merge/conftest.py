"""Build events and records directly, so merge tests do not depend on extraction quality."""

from __future__ import annotations

from datetime import date

import pytest

from dronewatch.merge import EventRef, event_key
from dronewatch.record import Article, DateInterval, Event, Evidence, Place, Source, Target, article_id

PLACES = {
    "Kharkiv": Place(text="Kharkiv", name="Kharkiv", country="UA", lat=49.99, lon=36.23, feature="city"),
    "Kharkov": Place(text="Kharkov", name="Kharkov", country="UA", lat=50.0, lon=36.25, feature="city"),
    "Kharkiv region": Place(text="Kharkiv region", name="Kharkiv Oblast", country="UA", lat=49.6, lon=36.6,
                            feature="region"),
    "Chuhuiv": Place(text="Chuhuiv", name="Chuhuiv", country="UA", lat=49.84, lon=36.69, feature="city",
                     admin1="Kharkiv Oblast"),
    "Odesa": Place(text="Odesa", name="Odesa", country="UA", lat=46.48, lon=30.73, feature="city"),
    "Belgorod": Place(text="Belgorod", name="Belgorod", country="RU", lat=50.6, lon=36.59, feature="city"),
    "Kremlin": Place(text="the Kremlin", name="Moscow Kremlin", country="RU", lat=55.752, lon=37.617,
                     feature="landmark"),
    "Moscow": Place(text="Moscow", name="Moscow", country="RU", lat=55.75, lon=37.62, feature="city"),
    "Ukraine": Place(text="Ukraine", name="Ukraine", country="UA", feature="country"),
}


def make_event(
    type_="drone_strike", day: str | None = "2024-03-12", until: str | None = None, place: str | None = "Kharkiv",
    status="reported", source: str | None = None, targets=(), text="A drone hit a depot.",
) -> Event:
    """An event as an extractor would give it, from a few words."""
    interval = None
    if day is not None:
        interval = DateInterval(text=day, earliest=date.fromisoformat(day), latest=date.fromisoformat(until or day))
    return Event(
        type=type_, trigger="hit", date=interval, location=PLACES[place] if place else None, status=status,
        source=Source(text=source, name=source) if source else None,
        targets=[Target(text=t, name=t) for t in targets],
        evidence=Evidence(start=0, end=len(text), text=text),
    )


def make_ref(event: Event, article: str, outlet: str | None = None, published: str | None = None,
             index: int = 0) -> EventRef:
    """The event as the merge stage sees it: in an article by an outlet."""
    aid = article_id(article)
    return EventRef(event_key(aid, event), aid, outlet, date.fromisoformat(published) if published else None,
                    index, event)


def make_article(name: str, outlet: str | None = None, published: str | None = None, text: str = "") -> Article:
    """An article whose id comes from its name."""
    return Article(id=article_id(name), source=f"{name}.txt", outlet=outlet,
                   published=date.fromisoformat(published) if published else None, text=text or name)


@pytest.fixture
def event():
    return make_event


@pytest.fixture
def ref():
    return make_ref


@pytest.fixture
def article():
    return make_article
