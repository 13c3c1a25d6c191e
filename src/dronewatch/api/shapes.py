"""The shapes the API answers with: response models (for the OpenAPI document) and the fast builders.

List endpoints send rows without re-validation, serialised by ``orjson`` (``ORJSONResponse``): the
store's dataclasses as they are, and events as the JSON the database wrote (``EventJson``), embedded
unparsed. At 50,000 events that is what keeps a page within a few times the bare SQL for its rows.
The models below document the same shapes, and the tests check every answer against them.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from orjson import Fragment
from pydantic import BaseModel

from dronewatch.record import Event
from dronewatch.store.queries import EventJson, IncidentItem

__all__ = [
    "ArticleOut",
    "ArticlePage",
    "ClaimOut",
    "ClaimPage",
    "EventOut",
    "EventPage",
    "FacetsOut",
    "FeatureCollection",
    "FigureOut",
    "FigurePage",
    "IncidentDetail",
    "IncidentOut",
    "IncidentPage",
    "event_feature",
    "incident_feature",
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
    country: str | None
    report_count: int
    killed: tuple[int, int] | None
    injured: tuple[int, int] | None
    vague: bool


class FacetsOut(BaseModel):
    """Counts of incidents by each value of type, reporting outlet, grade (status) and country."""

    type: dict[str, int]
    outlet: dict[str, int]
    status: dict[str, int]
    country: dict[str, int]


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


def event_feature(e: EventJson) -> dict[str, Any] | None:
    """One event as a GeoJSON Point feature, or None when it has no coordinates."""
    if e.lat is None or e.lon is None:
        return None
    return {"type": "Feature", "id": e.id, "geometry": {"type": "Point", "coordinates": [e.lon, e.lat]},
            "properties": Fragment(e.json)}


def incident_feature(i: IncidentItem) -> dict[str, Any] | None:
    """An incident as a GeoJSON Point feature, or None when it has no coordinates."""
    if i.lat is None or i.lon is None:
        return None
    return {"type": "Feature", "id": i.id, "geometry": {"type": "Point", "coordinates": [i.lon, i.lat]},
            "properties": i}
