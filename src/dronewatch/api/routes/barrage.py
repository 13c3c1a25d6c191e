"""The barrage tracker: nightly drone and missile salvos, launched and intercepted, as each side's reports claim."""

from __future__ import annotations

from dataclasses import replace
from typing import Annotated, Literal

from fastapi import APIRouter, Query
from fastapi.responses import ORJSONResponse, Response

from dronewatch.api.params import CommonFilter, StoreDep
from dronewatch.export.barrage import barrage_csv
from dronewatch.store.queries import barrage_nights, salvo_figures

__all__ = ["router"]

router = APIRouter(prefix="/api/barrage", tags=["barrage"])

KindParam = Annotated[Literal["drones", "missiles"] | None, Query(description="drones or missiles; both when absent")]


@router.get("", summary="Nightly salvos per side")
def list_nights(store: StoreDep, f: CommonFilter, kind: KindParam = None) -> ORJSONResponse:
    """Per night and side (``country``: whose weapons), the largest launched / intercepted / hit / lost counts any
    one article claims, with every figure behind them; ``since``/``until`` bound the night."""
    nights = barrage_nights(salvo_figures(store, replace(f, type=kind)))
    return ORJSONResponse({"items": nights})


@router.get(".csv", summary="Salvo figures as CSV", response_class=Response)
def export_csv(store: StoreDep, f: CommonFilter, kind: KindParam = None) -> Response:
    """Every salvo figure (one per row) with its night, side, role, weapon, source and evidence offsets."""
    text = barrage_csv(salvo_figures(store, replace(f, type=kind)))
    return Response(text, media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": 'attachment; filename="barrage.csv"'})
