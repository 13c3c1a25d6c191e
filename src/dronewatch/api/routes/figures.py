"""Figures: the numbers the texts give, with who gives them."""

from __future__ import annotations

from dataclasses import replace
from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import ORJSONResponse

from dronewatch.api.params import DEFAULT_LIMIT, CommonFilter, Limit, StoreDep, decode_cursor, paged
from dronewatch.api.shapes import FigurePage
from dronewatch.record import FigureKind
from dronewatch.store.queries import figure_items

__all__ = ["router"]

router = APIRouter(prefix="/api/figures", tags=["figures"])


@router.get("", response_model=FigurePage, summary="List figures")
def list_figures(store: StoreDep, f: CommonFilter,
                 kind: Annotated[FigureKind | None, Query(description="killed, injured, drones, …")] = None,
                 cursor: str | None = None, limit: Limit = DEFAULT_LIMIT) -> ORJSONResponse:
    """Figures by id; ``since``/``until`` bound the publication date, ``q`` the article text."""
    return paged(figure_items(store, replace(f, type=kind), decode_cursor(cursor, int), limit + 1), limit)
