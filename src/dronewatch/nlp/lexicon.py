"""Lexicons are data (``nlp/lexicons/*.json``), loaded once per process."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

__all__ = ["load_lexicon"]


@cache
def load_lexicon(name: str) -> dict[str, Any]:
    """The lexicon ``nlp/lexicons/{name}.json`` as a dict (cached)."""
    text = resources.files("dronewatch.nlp").joinpath("lexicons", f"{name}.json").read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(text)
    return data
