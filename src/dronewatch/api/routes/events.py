"""Events: every event of every stored article, filtered, paged, and as GeoJSON."""

from __future__ import annotations

from dataclasses import replace
from typing import Annotated

from fastapi import APIRouter, HTTPException, Path, Query
from fastapi.responses import ORJSONResponse, Response
from orjson import Fragment

from dronewatch.api.params import (
    DEFAULT_LIMIT,
    MAX_ID,
    CommonFilter,
    Limit,
    StoreDep,
    decode_cursor,
    page_of,
    read,
)
from dronewatch.api.shapes import EventOut, EventPage, FeatureCollection, event_feature
from dronewatch.record import EventType, Status
from dronewatch.store.queries import EventJson, Filter, event_by_id, event_json_rows
from dronewatch.store.repo import Store

__all__ = ["router"]

router = APIRouter(prefix="/api/events", tags=["events"])
TypeQuery = Annotated[EventType | None, Query(description="Event type")]
StatusQuery = Annotated[Status | None, Query(description="reported, claimed or disputed")]


def _page(store: Store, f: Filter, cursor: str | None, limit: int) -> tuple[list[EventJson], str | None]:
    return page_of(event_json_rows(store, f, decode_cursor(cursor, int), limit + 1), limit, lambda e: e.id)


@router.get("", response_model=EventPage, summary="List events")
async def list_events(store: StoreDep, f: CommonFilter, type: TypeQuery = None, status: StatusQuery = None,
                      cursor: str | None = None, limit: Limit = DEFAULT_LIMIT) -> ORJSONResponse:
    """Events passing every filter, by id; follow ``next`` for the following page."""
    rows, nxt = await read(store, _page, replace(f, type=type, status=status), cursor, limit)
    return ORJSONResponse({"items": [Fragment(e.json) for e in rows], "next": nxt, "limit": limit})


@router.get(".geojson", response_model=FeatureCollection, summary="Events as GeoJSON",
            responses={200: {"content": {"application/geo+json": {}}}})
async def events_geojson(store: StoreDep, f: CommonFilter, type: TypeQuery = None, status: StatusQuery = None,
                         cursor: str | None = None, limit: Limit = DEFAULT_LIMIT) -> ORJSONResponse:
    """The placed events passing the filters as a FeatureCollection of points (unplaced ones are left out)."""
    rows, nxt = await read(store, _page, replace(f, type=type, status=status), cursor, limit)
    features = [feat for e in rows if (feat := event_feature(e)) is not None]
    return ORJSONResponse({"type": "FeatureCollection", "features": features, "next": nxt},
                          media_type="application/geo+json")


@router.get("/{event_id}", response_model=EventOut, summary="One event",
            responses={404: {"description": "No such event"}})
def get_event(store: StoreDep, event_id: Annotated[int, Path(ge=1, le=MAX_ID)]) -> Response:
    """One event by its id (the ``id`` of list items)."""
    row = event_by_id(store, event_id)
    if row is None:
        raise HTTPException(404, detail=f"event {event_id}: no such event")
    return Response(row.json, media_type="application/json")
