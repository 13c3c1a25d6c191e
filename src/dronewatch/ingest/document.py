"""What the ingest stage hands to the NLP stage: one article's cleaned text and its metadata."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from dronewatch.record import Genre

__all__ = ["Document"]


@dataclass
class Document:
    """One article as read from its source: cleaned body text plus what metadata the input gave."""

    source: str
    text: str
    title: str | None = None
    authors: list[str] = field(default_factory=list)
    published: date | None = None
    outlet: str | None = None
    url: str | None = None
    genre: Genre = "unknown"
