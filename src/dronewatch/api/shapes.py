"""The shapes the API answers with: response models (for the OpenAPI document) and the fast builders.

List endpoints build plain dicts straight from rows and send them without re-validation (the cost
that matters at 50,000 events); the models below document the same shapes, and the tests check every
answer against them.
"""

from __future__ import annotations

from dataclasses import asdict
from datetime import date
from typing import Any, Literal

from pydantic import BaseModel

from dronewatch.record import Event
from dronewatch.store.queries import ArticleItem, ClaimItem, FigureItem, StoredEvent
from dronewatch.store.repo import IncidentView

__all__ = [
    "ArticleOut",
    "ArticlePage",
    "ClaimOut",
    "ClaimPage",
    "EventOut",
    "EventPage",
    "FeatureCollection",
    "FigureOut",
    "FigurePage",
    "IncidentDetail",
    "IncidentOut",
    "IncidentPage",
    "article_json",
    "claim_json",
    "event_feature",
    "event_json",
    "figure_json",
    "incident_feature",
    "incident_json",
]


class EventOut(Event):
    """A stored event: the contract's Event plus where it is stored and which article tells it."""

    id: int
    key: str
    article_id: str
    outlet: str | None
    published: date | None


class IncidentOut(BaseModel):
    """An incident: its grade and reasons, every report with its status, and why its events were joined."""

    id: str
    type: str
    first_day: date | None
    last_day: date | None
    place: str | None
    lat: float | None
    lon: float | None
    grade: str
    reasons: list[str]
    reports: list[dict[str, Any]]
    links: list[dict[str, Any]]


class ArticleOut(BaseModel):
    """An article in a list: metadata and counts of what was extracted from it."""

    id: str
    source: str
    outlet: str | None
    title: str | None
    published: date | None
    genre: str
    url: str | None
    events: int
    claims: int
    figures: int


class ClaimOut(BaseModel):
    """A stored claim, with the claims paired with it (the denials of an accusation, and back)."""

    id: int
    key: str
    article_id: str
    outlet: str | None
    published: date | None
    speaker: dict[str, Any]
    cue: str
    act: str
    content: str
    direct: bool
    about: list[str]
    evidence: dict[str, Any]
    answered_by: list[str]
    answers: list[str]


class FigureOut(BaseModel):
    """A stored figure."""

    id: int
    article_id: str
    outlet: str | None
    published: date | None
    kind: str
    value: float
    qualifier: str | None
    scope: str | None
    source: dict[str, Any] | None
    evidence: dict[str, Any]


class _Page(BaseModel):
    next: str | None
    limit: int


class EventPage(_Page):
    items: list[EventOut]


class IncidentPage(_Page):
    items: list[IncidentOut]


class ArticlePage(_Page):
    items: list[ArticleOut]


class ClaimPage(_Page):
    items: list[ClaimOut]


class FigurePage(_Page):
    items: list[FigureOut]


class IncidentDetail(IncidentOut):
    """An incident with every event of every report, and the claims of its articles with their pairs."""

    events: list[EventOut]
    claims: list[ClaimOut]


class FeatureCollection(BaseModel):
    """A GeoJSON FeatureCollection of points; ``next`` is the cursor of the following page."""

    type: Literal["FeatureCollection"]
    features: list[dict[str, Any]]
    next: str | None


def _day(d: date | None) -> str | None:
    return d.isoformat() if d else None


def event_json(e: StoredEvent) -> dict[str, Any]:
    """One event row as ``EventOut`` JSON."""
    return {
        "id": e.id, "key": e.key, "article_id": e.article_id, "outlet": e.outlet, "published": _day(e.published),
        "type": e.type, "trigger": e.trigger,
        "date": None if e.date_text is None else {"text": e.date_text, "earliest": _day(e.earliest),
                                                   "latest": _day(e.latest)},
        "location": None if e.place_name is None else {
            "text": e.place_text, "name": e.place_name, "country": e.country, "lat": e.lat, "lon": e.lon,
            "feature": e.feature},
        "actors": e.actors, "targets": e.targets, "weapons": e.weapons,
        "casualties": {"killed": e.killed, "injured": e.injured}, "acled": e.acled, "status": e.status,
        "source": None if e.source_text is None else {"text": e.source_text, "name": e.source_name},
        "evidence": {"start": e.ev_start, "end": e.ev_end, "text": e.ev_text}, "mentions": [],
    }


def event_feature(e: StoredEvent) -> dict[str, Any] | None:
    """One event row as a GeoJSON Point feature, or None when it has no coordinates."""
    if e.lat is None or e.lon is None:
        return None
    return {"type": "Feature", "id": e.id, "geometry": {"type": "Point", "coordinates": [e.lon, e.lat]},
            "properties": event_json(e)}


def incident_json(i: IncidentView) -> dict[str, Any]:
    """An incident as ``IncidentOut`` JSON."""
    out = asdict(i)
    out["first_day"], out["last_day"] = _day(i.first_day), _day(i.last_day)
    return out


def incident_feature(i: IncidentView) -> dict[str, Any] | None:
    """An incident as a GeoJSON Point feature, or None when it has no coordinates."""
    if i.lat is None or i.lon is None:
        return None
    return {"type": "Feature", "id": i.id, "geometry": {"type": "Point", "coordinates": [i.lon, i.lat]},
            "properties": incident_json(i)}


def article_json(a: ArticleItem) -> dict[str, Any]:
    """An article list item as ``ArticleOut`` JSON."""
    out = asdict(a)
    out["published"] = _day(a.published)
    return out


def claim_json(c: ClaimItem) -> dict[str, Any]:
    """A claim as ``ClaimOut`` JSON."""
    out = asdict(c)
    out["published"] = _day(c.published)
    return out


def figure_json(g: FigureItem) -> dict[str, Any]:
    """A figure as ``FigureOut`` JSON."""
    out = asdict(g)
    out["published"] = _day(g.published)
    return out
