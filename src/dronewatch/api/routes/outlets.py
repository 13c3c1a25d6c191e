"""Outlets: how each tells the war (spelling, loaded language, stance, the other side's claims as fact)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, HTTPException

from dronewatch.api.params import StoreDep
from dronewatch.store.queries import outlet_profiles, voice_matrix

__all__ = ["router"]

router = APIRouter(prefix="/api/outlets", tags=["outlets"])


@router.get("", summary="List outlet profiles")
def list_outlets(store: StoreDep) -> list[dict[str, Any]]:
    """Every outlet's profile as of the last rebuild, by name."""
    return outlet_profiles(store)


@router.get("/voices", summary="The outlet voice matrix")
def outlet_voices(store: StoreDep) -> dict[str, Any]:
    """Per outlet and claimant (side, and side's body), how many of the claimant's claims the outlet told as
    fact, attributed, or disputed, with their shares and links to a few of the sentences."""
    return voice_matrix(store).as_dict()


@router.get("/{name}", summary="One outlet's profile", responses={404: {"description": "No such outlet"}})
def get_outlet(store: StoreDep, name: str) -> dict[str, Any]:
    """One outlet's profile (any spelling case)."""
    for profile in outlet_profiles(store):
        if profile["outlet"].lower() == name.lower():
            return profile
    raise HTTPException(404, detail=f"outlet {name}: no such outlet")
