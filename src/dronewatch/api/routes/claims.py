"""Claims: who said, accused, denied; each accusation with its denials."""

from __future__ import annotations

from dataclasses import replace
from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import ORJSONResponse

from dronewatch.api.params import DEFAULT_LIMIT, CommonFilter, Limit, StoreDep, decode_cursor, paged
from dronewatch.api.shapes import ClaimPage
from dronewatch.record import Act
from dronewatch.store.queries import claim_items

__all__ = ["router"]

router = APIRouter(prefix="/api/claims", tags=["claims"])


@router.get("", response_model=ClaimPage, summary="List claims")
def list_claims(store: StoreDep, f: CommonFilter,
                act: Annotated[Act | None, Query(description="claim, accuse, deny, warn, …")] = None,
                speaker: Annotated[str | None, Query(max_length=200, description="Words of the speaker's name "
                                                                                  "or role")] = None,
                cursor: str | None = None, limit: Limit = DEFAULT_LIMIT) -> ORJSONResponse:
    """Claims by id; ``country`` is the speaker's affiliation, ``since``/``until`` the publication date."""
    rows = claim_items(store, replace(f, type=act), decode_cursor(cursor, int), limit + 1, speaker=speaker)
    return paged(rows, limit)
