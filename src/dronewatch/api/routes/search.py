"""Search: full text over article bodies and evidence."""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated, Any

from fastapi import APIRouter, Query

from dronewatch.api.params import DEFAULT_LIMIT, Limit, StoreDep
from dronewatch.store.queries import search as search_passages

__all__ = ["router"]

router = APIRouter(prefix="/api/search", tags=["search"])


@router.get("", summary="Full-text search")
def search(store: StoreDep,
           q: Annotated[str, Query(min_length=1, max_length=500, description="Words to find")],
           limit: Limit = DEFAULT_LIMIT) -> list[dict[str, Any]]:
    """Passages (article bodies, event and claim evidence) best first; matched words are in [brackets]."""
    return [asdict(h) for h in search_passages(store, q, limit=limit)]
