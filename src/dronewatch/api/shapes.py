"""The shapes the API answers with: response models (for the OpenAPI document) and the fast builders.

List endpoints send rows without re-validation, serialised by ``orjson`` (``ORJSONResponse``): the
store's dataclasses as they are, and events as the JSON the database wrote (``EventJson``), embedded
unparsed. At 50,000 events that is what keeps a page within a few times the bare SQL for its rows.
The models below document the same shapes with those dataclasses themselves (``store.queries``'s
``ArticleItem``, ``ClaimItem``, ``FigureItem``, ``IncidentItem``, ``Facets``), and the tests check every
answer against them.
"""

from __future__ import annotations

from dataclasses import field
from datetime import date
from typing import Any, Literal

from orjson import Fragment
from pydantic import BaseModel
from pydantic.dataclasses import dataclass

from dronewatch.record import Event
from dronewatch.store.queries import ArticleItem, ClaimItem, EventJson, FigureItem, IncidentItem

__all__ = [
    "ArticlePage",
    "ClaimPage",
    "EventOut",
    "EventPage",
    "FeatureCollection",
    "FigurePage",
    "IncidentDetail",
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


class _Page(BaseModel):
    next: str | None
    limit: int


class EventPage(_Page):
    items: list[EventOut]


class IncidentPage(_Page):
    items: list[IncidentItem]


class ArticlePage(_Page):
    items: list[ArticleItem]


class ClaimPage(_Page):
    items: list[ClaimItem]


class FigurePage(_Page):
    items: list[FigureItem]


@dataclass(frozen=True)
class IncidentDetail(IncidentItem):
    """An incident with every event of every report, and the claims of its articles with their pairs."""

    events: list[EventOut] = field(default_factory=list)
    claims: list[ClaimItem] = field(default_factory=list)


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
