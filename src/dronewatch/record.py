"""The extraction record (shared/CONTRACT.md, version 1) as typed models.

Every layer shows this shape: the CLI writes it, the store keeps it, the API and exports read it.
Fields the contract names keep their names and meanings; fields added here are marked as additions.
A field that the text does not support is ``None`` or ``[]``.
"""

from __future__ import annotations

import hashlib
import json
from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

__all__ = [
    "ACT_TYPES",
    "BARRAGE_ROLES",
    "EVENT_TYPES",
    "FIGURE_KINDS",
    "Act",
    "Actor",
    "Article",
    "BarrageRole",
    "Casualties",
    "Claim",
    "DateInterval",
    "Event",
    "EventType",
    "Evidence",
    "Figure",
    "FigureKind",
    "Framing",
    "Genre",
    "LoadedTerm",
    "Place",
    "Qualifier",
    "Record",
    "Source",
    "Speaker",
    "Status",
    "Target",
    "Weapon",
    "article_id",
    "json_schema",
]

CONTRACT_VERSION = 1

EventType = Literal[
    "drone_strike", "missile_strike", "air_strike", "shelling", "interception", "armed_clash",
    "explosion", "attack", "sabotage", "deployment", "exercise", "territorial_change",
    "arms_transfer", "defense_cooperation", "diplomatic_meeting", "negotiation",
    "policy_decision", "protest",
]
EVENT_TYPES: tuple[str, ...] = EventType.__args__  # type: ignore[attr-defined]
Status = Literal["reported", "claimed", "disputed"]
Genre = Literal["news", "opinion", "analysis", "statement", "unknown"]
Act = Literal["claim", "accuse", "deny", "warn", "demand", "propose", "reject", "praise", "criticize", "announce"]
ACT_TYPES: tuple[str, ...] = Act.__args__  # type: ignore[attr-defined]
FigureKind = Literal[
    "killed", "injured", "displaced", "troops", "drones", "missiles", "weapons", "money", "percent", "other",
]
FIGURE_KINDS: tuple[str, ...] = FigureKind.__args__  # type: ignore[attr-defined]
Qualifier = Literal["approximately", "over", "under", "nearly", "up to", "at least"]
# Addition: a barrage figure's part in a salvo (launched; intercepted, i.e. destroyed or shot down; hit its
# target; lost, e.g. to jamming).
BarrageRole = Literal["launched", "intercepted", "hit", "lost"]
BARRAGE_ROLES: tuple[str, ...] = BarrageRole.__args__  # type: ignore[attr-defined]
LoadedCategory = Literal[
    "name_calling", "loaded_language", "doubt", "exaggeration", "appeal_to_fear", "flag_waving",
]


class _Model(BaseModel):
    model_config = ConfigDict(populate_by_name=True, extra="forbid", validate_assignment=False)


class Evidence(_Model):
    """Character offsets into ``article.text`` and the exact slice they cover."""

    start: int = Field(ge=0)
    end: int = Field(ge=0)
    text: str

    @classmethod
    def from_offsets(cls, text: str, start: int, end: int) -> Evidence:
        """The evidence for ``text[start:end]``, trimmed of surrounding whitespace."""
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        return cls(start=start, end=end, text=text[start:end])

    @classmethod
    def from_span(cls, span: Any) -> Evidence:
        """The evidence for a spaCy ``Span`` (or ``Token``) over the article text."""
        # ``span.text`` is ``doc.text[start:end]`` without rebuilding the whole text (``doc.text`` joins every token).
        text = span.text
        start = span.start_char if hasattr(span, "start_char") else span.idx
        stripped = text.lstrip()
        start += len(text) - len(stripped)
        stripped = stripped.rstrip()
        return cls(start=start, end=start + len(stripped), text=stripped)


class DateInterval(_Model):
    """When: a day has ``earliest == latest``; a vaguer phrase is a range; null bounds when unfixable."""

    text: str
    earliest: date | None = None
    latest: date | None = None


class Place(_Model):
    """Where: the place's own coordinates, or none; never a country centroid passed off as a town."""

    text: str
    name: str
    country: str | None = None
    lat: float | None = None
    lon: float | None = None
    # Additions: what kind of place was matched, and its first-level region when known.
    feature: Literal["city", "region", "country", "sea", "landmark", "other"] | None = None
    admin1: str | None = None
    # Additions: how the point relates to the place (ACLED's geo precision): 1 the place's own point; 2 near
    # it, within ``uncertainty_km`` when known (a Ukrainian village at its hromada's centre, a region's
    # centroid); null without coordinates.
    geo_precision: Literal[1, 2] | None = None
    uncertainty_km: float | None = None


class Actor(_Model):
    text: str
    name: str
    country: str | None = None


class Target(_Model):
    text: str
    name: str
    kind: Literal["military", "civilian", "infrastructure", "government", "other"] | None = None


class Weapon(_Model):
    text: str
    name: str
    class_: Literal["drone", "missile", "artillery", "aircraft", "air_defense", "vehicle", "explosive", "firearm", "other"] | None = Field(
        default=None, alias="class"
    )


class Casualties(_Model):
    killed: int | None = None
    injured: int | None = None


class Source(_Model):
    """Who a statement or figure is attributed to; ``name`` is null for an unnamed source."""

    text: str
    name: str | None = None


class Event(_Model):
    type: EventType
    trigger: str
    date: DateInterval | None = None
    location: Place | None = None
    actors: list[Actor] = []
    targets: list[Target] = []
    weapons: list[Weapon] = []
    casualties: Casualties = Casualties()
    acled: str | None = None
    status: Status = "reported"
    source: Source | None = None
    evidence: Evidence
    # Addition: every mention of the same happening in the article (the first is ``evidence``).
    mentions: list[Evidence] = []


class Speaker(_Model):
    text: str
    name: str | None = None
    role: str | None = None
    affiliation: str | None = None


class Claim(_Model):
    speaker: Speaker
    cue: str
    act: Act
    content: str
    direct: bool = False
    about: list[str] = []
    date: DateInterval | None = None
    evidence: Evidence


class Figure(_Model):
    kind: FigureKind
    value: float | int
    qualifier: Qualifier | None = None
    scope: str | None = None
    source: Source | None = None
    evidence: Evidence
    # Additions for drone and missile salvos: the figure's part in the salvo, the weapon counted, the side
    # whose weapons they are (ISO code), and the night (the date of the morning it ended).
    role: BarrageRole | None = None
    weapon: Weapon | None = None
    side: str | None = None
    night: date | None = None


class LoadedTerm(_Model):
    text: str
    category: LoadedCategory
    evidence: Evidence


class Framing(_Model):
    naming: dict[str, int] = {}
    loaded: list[LoadedTerm] = []
    opinion_markers: int = 0
    stance: dict[str, float] = {}


class Article(_Model):
    id: str
    source: str
    outlet: str | None = None
    title: str | None = None
    authors: list[str] = []
    published: date | None = None
    genre: Genre = "unknown"
    text: str
    # Addition: the URL the article was published at, when the input gives one.
    url: str | None = None


class Record(_Model):
    """One article and everything extracted from it."""

    article: Article
    events: list[Event] = []
    claims: list[Claim] = []
    figures: list[Figure] = []
    framing: Framing = Framing()
    # Addition: which extractor produced the record, so a store can replace older versions.
    extractor: str | None = None

    def to_json(self) -> str:
        """The record as one line of JSON, in the contract's field names."""
        return json.dumps(self.to_dict(), ensure_ascii=False)

    def to_dict(self) -> dict[str, Any]:
        """The record as plain JSON types, in the contract's field names."""
        return self.model_dump(mode="json", by_alias=True)


def article_id(text: str) -> str:
    """The article id: a hash of its cleaned text, so the same text is the same article."""
    return "sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest()


def json_schema() -> dict[str, Any]:
    """The JSON Schema of one record, generated from the models (kept in ``schema/record.schema.json``)."""
    schema = Record.model_json_schema(by_alias=True)
    schema["$id"] = f"https://dronewatch.invalid/schema/record-v{CONTRACT_VERSION}.json"
    return schema
