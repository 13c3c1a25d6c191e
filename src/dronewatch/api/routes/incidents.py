"""Incidents: one happening across outlets, with its grade, reports, merge links, and a way to split it."""

from __future__ import annotations

from dataclasses import asdict, replace
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Query
from fastapi.responses import ORJSONResponse
from orjson import Fragment
from pydantic import BaseModel, Field, field_validator

from dronewatch.api.params import (
    DEFAULT_LIMIT,
    CommonFilter,
    Limit,
    StoreDep,
    bad_param,
    decode_cursor,
    page_of,
    require_token,
)
from dronewatch.api.shapes import (
    FeatureCollection,
    IncidentDetail,
    IncidentPage,
    incident_feature,
)
from dronewatch.checks import check_text
from dronewatch.errors import StoreError
from dronewatch.merge.confidence import GradeLabel
from dronewatch.record import EventType
from dronewatch.store.queries import (
    Facets,
    Filter,
    FilterError,
    IncidentItem,
    IncidentSort,
    Vagueness,
    claim_items,
    incident_by_id,
    incident_event_json,
    incident_facets,
    incident_key,
    incident_page,
)
from dronewatch.store.repo import Store

__all__ = ["router"]

router = APIRouter(prefix="/api/incidents", tags=["incidents"])
TypeQuery = Annotated[EventType | None, Query(description="The incident's (most frequent) event type")]
GradeQuery = Annotated[GradeLabel | None, Query(description="Confidence grade")]
SortQuery = Annotated[IncidentSort, Query(description="newest (first day, latest first), oldest, reports "
                                                      "(most first) or toll (most killed first)")]
VagueQuery = Annotated[Vagueness, Query(description="Incidents with no date a month wide or less, nor a "
                                                    "place: hide (default), show, or only")]
# An incident's claims are read whole: a page this long holds every claim of its articles.
CLAIMS_PER_ARTICLE = 1000


class SplitIn(BaseModel):
    """Event keys, or article ids (a prefix is enough), to split off an incident."""

    keys: list[str] = Field(min_length=1, max_length=1000)

    @field_validator("keys")
    @classmethod
    def _storable(cls, keys: list[str]) -> list[str]:
        for key in keys:
            check_text("keys", key, max_chars=200)
        return keys


def _page(store: Store, f: Filter, cursor: str | None, limit: int, sort: IncidentSort
          ) -> tuple[list[IncidentItem], str | None]:
    try:
        rows = incident_page(store, f, decode_cursor(cursor, str), limit + 1, sort)
    except FilterError as exc:
        raise bad_param("cursor", "not a cursor from a previous page's 'next' of this sort") from exc
    return page_of(rows, limit, lambda i: incident_key(i, sort))


@router.get("", response_model=IncidentPage, summary="List incidents")
def list_incidents(store: StoreDep, f: CommonFilter, type: TypeQuery = None, status: GradeQuery = None,
                   sort: SortQuery = "newest", vague: VagueQuery = "hide", cursor: str | None = None,
                   limit: Limit = DEFAULT_LIMIT) -> ORJSONResponse:
    """Incidents passing every filter (``status`` is the confidence grade), newest first or as ``sort`` says."""
    rows, nxt = _page(store, replace(f, type=type, status=status, vague=vague), cursor, limit, sort)
    return ORJSONResponse({"items": rows, "next": nxt, "limit": limit})


@router.get("/facets", response_model=Facets, summary="Incident counts by type, outlet, grade, country")
def facets(store: StoreDep, f: CommonFilter, type: TypeQuery = None, status: GradeQuery = None,
           vague: VagueQuery = "hide") -> Facets:
    """How many incidents passing the filters fall under each type, reporting outlet, grade and country."""
    return incident_facets(store, replace(f, type=type, status=status, vague=vague))


@router.get(".geojson", response_model=FeatureCollection, summary="Incidents as GeoJSON",
            responses={200: {"content": {"application/geo+json": {}}}})
def incidents_geojson(store: StoreDep, f: CommonFilter, type: TypeQuery = None, status: GradeQuery = None,
                      sort: SortQuery = "newest", vague: VagueQuery = "hide", cursor: str | None = None,
                      limit: Limit = DEFAULT_LIMIT) -> ORJSONResponse:
    """The placed incidents passing the filters as a FeatureCollection of points."""
    rows, nxt = _page(store, replace(f, type=type, status=status, vague=vague), cursor, limit, sort)
    features = [feat for i in rows if (feat := incident_feature(i)) is not None]
    return ORJSONResponse({"type": "FeatureCollection", "features": features, "next": nxt},
                          media_type="application/geo+json")


def incident_detail(store: Store, incident_id: str) -> dict[str, object] | None:
    """An incident with its events and its articles' claims (with their pairs), for ``orjson``; or None."""
    incident = incident_by_id(store, incident_id)
    if incident is None:
        return None
    events = incident_event_json(store, incident_id)
    claims = [c for r in incident.reports
              for c in claim_items(store, Filter(), None, CLAIMS_PER_ARTICLE, article=r["article_id"])]
    return asdict(incident) | {"events": [Fragment(e.json) for e in events], "claims": claims}


@router.get("/{incident_id}", response_model=IncidentDetail, summary="One incident",
            responses={404: {"description": "No such incident"}})
def get_incident(store: StoreDep, incident_id: str) -> ORJSONResponse:
    """An incident with every event of every report and the claims of its articles, paired."""
    detail = incident_detail(store, incident_id)
    if detail is None:
        raise HTTPException(404, detail=f"incident {incident_id}: no such incident")
    return ORJSONResponse(detail)


@router.post("/{incident_id}/split", dependencies=[Depends(require_token)], summary="Split an incident",
             responses={401: {"description": "No or wrong API token"}, 403: {"description": "Write side off"},
                        404: {"description": "No such incident"}, 422: {"description": "Bad keys"}})
def split_incident(store: StoreDep, incident_id: str, body: SplitIn) -> dict[str, list[str]]:
    """Split events (or whole reports) off an incident; the split is kept across re-ingest."""
    if incident_by_id(store, incident_id) is None:
        raise HTTPException(404, detail=f"incident {incident_id}: no such incident")
    try:
        off = store.split(incident_id, body.keys)
    except StoreError as exc:
        raise HTTPException(422, detail=[{"loc": ["body", "keys"], "msg": str(exc), "type": "value_error"}]) from exc
    return {"split_off": off}
