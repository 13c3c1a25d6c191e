"""Events: every event of every stored article, filtered, paged, and as GeoJSON."""

from __future__ import annotations

from dataclasses import replace
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Path, Query
from fastapi.responses import JSONResponse

from dronewatch.api.params import (
    DEFAULT_LIMIT,
    MAX_ID,
    CommonFilter,
    Limit,
    decode_cursor,
    encode_cursor,
    get_store,
)
from dronewatch.api.shapes import EventOut, EventPage, FeatureCollection, event_feature, event_json
from dronewatch.record import EventType, Status
from dronewatch.store.queries import Filter, StoredEvent, event_by_id, event_rows
from dronewatch.store.repo import Store

__all__ = ["router"]

router = APIRouter(prefix="/api/events", tags=["events"])
StoreDep = Annotated[Store, Depends(get_store)]
TypeQuery = Annotated[EventType | None, Query(description="Event type")]
StatusQuery = Annotated[Status | None, Query(description="reported, claimed or disputed")]


def _page(store: Store, f: Filter, cursor: str | None, limit: int
          ) -> tuple[list[StoredEvent], str | None]:
    rows = event_rows(store, f, decode_cursor(cursor, int), limit + 1)
    more = len(rows) > limit
    rows = rows[:limit]
    return rows, encode_cursor(rows[-1].id) if more else None


@router.get("", response_model=EventPage, summary="List events")
def list_events(store: StoreDep, f: CommonFilter, type: TypeQuery = None, status: StatusQuery = None,
                cursor: str | None = None, limit: Limit = DEFAULT_LIMIT) -> JSONResponse:
    """Events passing every filter, by id; follow ``next`` for the following page."""
    rows, nxt = _page(store, replace(f, type=type, status=status), cursor, limit)
    return JSONResponse({"items": [event_json(e) for e in rows], "next": nxt,
                         "limit": limit})


@router.get(".geojson", response_model=FeatureCollection, summary="Events as GeoJSON",
            responses={200: {"content": {"application/geo+json": {}}}})
def events_geojson(store: StoreDep, f: CommonFilter, type: TypeQuery = None, status: StatusQuery = None,
                   cursor: str | None = None, limit: Limit = DEFAULT_LIMIT) -> JSONResponse:
    """The placed events passing the filters as a FeatureCollection of points (unplaced ones are left out)."""
    rows, nxt = _page(store, replace(f, type=type, status=status), cursor, limit)
    features = [feat for e in rows if (feat := event_feature(e)) is not None]
    return JSONResponse({"type": "FeatureCollection", "features": features, "next": nxt},
                        media_type="application/geo+json")


@router.get("/{event_id}", response_model=EventOut, summary="One event",
            responses={404: {"description": "No such event"}})
def get_event(store: StoreDep, event_id: Annotated[int, Path(ge=1, le=MAX_ID)]) -> JSONResponse:
    """One event by its id (the ``id`` of list items)."""
    row = event_by_id(store, event_id)
    if row is None:
        raise HTTPException(404, detail=f"event {event_id}: no such event")
    return JSONResponse(event_json(row))
