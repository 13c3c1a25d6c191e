"""The read side: every read of the store, for the command line, the API, the web pages and the exports.

One ``Filter`` selects rows everywhere, parsed from text in one place (``parse_filter``): type, date
range, a bounding box or a point and radius, actor, outlet, status, country, toll, full text. Pages are
keyset pages: ``after`` is the last row's key of the previous page, so a page costs the same at row 50
and at row 50,000 and new rows never shift a page. The API's events are read as the JSON documents
stored with them (``event_json_rows``), the cheapest way to send a page. The store itself (``repo``)
only writes.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache
from typing import Any, Literal, NamedTuple, Protocol

from sqlalchemy import (
    Column,
    ColumnElement,
    Row,
    Select,
    String,
    bindparam,
    cast,
    func,
    or_,
    select,
    text,
)
from sqlalchemy.orm import Session

from dronewatch.checks import BadValue, text_problem
from dronewatch.errors import DronewatchError
from dronewatch.merge import distance_km, outlet_key, outlet_names
from dronewatch.merge.outlets import Telling, VoiceMatrix
from dronewatch.merge.outlets import voice_matrix as build_voice_matrix
from dronewatch.record import Record
from dronewatch.store.models import (
    ArticleRow,
    ClaimPairRow,
    ClaimRow,
    EventDocRow,
    EventRow,
    FigureRow,
    IncidentEventRow,
    IncidentLinkRow,
    IncidentRow,
    OutletRow,
    RecordVersion,
)
from dronewatch.store.repo import Store

__all__ = [
    "FILTER_KEYS",
    "INCIDENT_SORTS",
    "UNKNOWN_OUTLET",
    "VAGUENESS",
    "ArticleItem",
    "BarrageNight",
    "ClaimItem",
    "EventJson",
    "Facets",
    "FigureItem",
    "Filter",
    "FilterError",
    "Hit",
    "IncidentItem",
    "IncidentSort",
    "PlaceLookup",
    "SalvoFigure",
    "StoredEvent",
    "article_incidents",
    "article_items",
    "barrage_nights",
    "claim_items",
    "claim_pairs",
    "claims",
    "event_by_id",
    "event_incidents",
    "event_json_rows",
    "event_rows",
    "figure_items",
    "incident_by_id",
    "incident_count",
    "incident_event_json",
    "incident_events",
    "incident_facets",
    "incident_key",
    "incident_page",
    "incidents",
    "outlet_profiles",
    "outlet_spellings",
    "parse_filter",
    "place_coordinates",
    "record",
    "record_events",
    "record_versions",
    "records",
    "salvo_figures",
    "search",
    "selected_records",
    "stored_times",
    "voice_matrix",
]

# What lists show for an article whose outlet is not known: one unknown source, never an outlet of its own.
UNKNOWN_OUTLET = "unknown"
# Full-text filters keep at most this many matching passages (the repo's search is ranked and bounded).
TEXT_MATCH_LIMIT = 10_000
# Kilometres per degree of latitude, for the box that pre-filters a radius search in SQL.
KM_PER_DEGREE = 111.32


Vagueness = Literal["hide", "show", "only"]
VAGUENESS: tuple[str, ...] = Vagueness.__args__  # type: ignore[attr-defined]


class FilterError(BadValue, DronewatchError):
    """A filter value that cannot select anything as written: ``name`` is the filter, ``problem`` why."""


@dataclass(frozen=True)
class Filter:
    """What a reader asks for; every field left ``None`` lets everything through."""

    type: str | None = None
    since: date | None = None
    until: date | None = None
    bbox: tuple[float, float, float, float] | None = None  # min_lon, min_lat, max_lon, max_lat
    near: tuple[float, float, float] | None = None  # lat, lon, km
    actor: str | None = None
    outlet: str | None = None
    status: str | None = None
    country: str | None = None
    text: str | None = None
    min_killed: int | None = None  # at least this many killed, by the highest count reported
    vague: Vagueness = "hide"  # incidents without a narrow date or a place: hidden, shown too, or only them

    def box(self) -> tuple[float, float, float, float] | None:
        """The box rows must fall in: ``bbox``, or the square around ``near`` (refined by distance later)."""
        if self.near is None:
            return self.bbox
        lat, lon, km = self.near
        dlat = km / KM_PER_DEGREE
        dlon = km / (KM_PER_DEGREE * max(math.cos(math.radians(lat)), 0.01))
        near_box = (lon - dlon, lat - dlat, lon + dlon, lat + dlat)
        if self.bbox is None:
            return near_box
        return (max(near_box[0], self.bbox[0]), max(near_box[1], self.bbox[1]),
                min(near_box[2], self.bbox[2]), min(near_box[3], self.bbox[3]))

    def is_near(self, lat: float | None, lon: float | None) -> bool:
        """Whether a point is within the radius of ``near`` (always, without one)."""
        if self.near is None:
            return True
        return lat is not None and lon is not None and distance_km(lat, lon, self.near[0], self.near[1]) <= self.near[2]


# The filters' names as ``parse_filter`` reads them (``km`` is the radius of ``near``).
FILTER_KEYS = ("type", "status", "since", "until", "bbox", "near", "km", "actor", "outlet", "country", "text",
               "min_killed", "vague")
# Default radius of ``near``, in km.
NEAR_KM = 25.0
# A radius beyond this (half the Earth's circumference) is a mistake, not a search.
MAX_RADIUS_KM = 20_000.0
# Longest names and words a filter takes: a name is short, a search a few words.
MAX_NAME_CHARS = 200
MAX_TEXT_CHARS = 500
# A toll larger than this is no count of people.
MAX_TOLL = 10_000_000
_NUMBER = r"\s*(-?\d+(?:\.\d+)?)\s*"
_BBOX = re.compile(",".join([_NUMBER] * 4))
_POINT = re.compile(_NUMBER + "," + _NUMBER + f"(?:,{_NUMBER})?")
_WORD = re.compile(r"[a-z_]{1,40}")

PlaceLookup = Callable[[str], tuple[float, float] | None]


def parse_filter(values: Mapping[str, str | None], places: PlaceLookup | None = None) -> Filter:
    """The ``Filter`` that text values ask for, keyed by ``FILTER_KEYS``; empty values are left out.

    ``near`` is "LAT,LON", "LAT,LON,KM" or, with ``places``, a place name it resolves; ``km`` gives
    the radius otherwise (25 km). This is the one parser of filters: the command line, the API, the
    web pages and the exports all call it.

    Raises:
        FilterError: a key is unknown or a value malformed (the error names the key).
    """
    given = {k: v.strip() for k, v in values.items() if v is not None and v.strip()}
    for key, value in given.items():
        if key not in FILTER_KEYS:
            raise FilterError(key, f"not a filter; filters are {', '.join(FILTER_KEYS)}")
        _check_text(key, value, MAX_TEXT_CHARS if key == "text" else MAX_NAME_CHARS)
    since, until = _day("since", given.get("since")), _day("until", given.get("until"))
    if since and until and since > until:
        raise FilterError("until", f"{until} is before since ({since})")
    km = _number("km", given["km"], 0.0, MAX_RADIUS_KM) if "km" in given else NEAR_KM
    if km <= 0:
        raise FilterError("km", "the radius must be more than 0 km")
    for key in ("type", "status"):
        if key in given and not _WORD.fullmatch(given[key]):
            raise FilterError(key, f"{given[key]!r} is not a {key} name (lower-case words joined by _)")
    vague = given.get("vague", "hide")
    if vague not in VAGUENESS:
        raise FilterError("vague", f"{vague!r}: choose one of {', '.join(VAGUENESS)}")
    country = given.get("country")
    if country is not None and not re.fullmatch(r"[A-Za-z]{2}", country):
        raise FilterError("country", f"{country!r} is not an ISO 3166-1 alpha-2 code such as UA")
    return Filter(
        type=given.get("type"), status=given.get("status"), since=since, until=until,
        bbox=_bbox(given["bbox"]) if "bbox" in given else None,
        near=_near(given["near"], km, places) if "near" in given else None,
        actor=given.get("actor"), outlet=given.get("outlet"), country=country.upper() if country else None,
        text=given.get("text"),
        min_killed=int(_number("min_killed", given["min_killed"], 0, MAX_TOLL, whole=True))
        if "min_killed" in given else None,
        vague=_vagueness(vague),
    )


def _vagueness(value: str) -> Vagueness:
    return "only" if value == "only" else "show" if value == "show" else "hide"


def _check_text(name: str, value: str, max_chars: int) -> None:
    problem = text_problem(value)  # what neither database can store (``dronewatch.checks``)
    if problem:
        raise FilterError(name, problem)
    if len(value) > max_chars:
        raise FilterError(name, f"is {len(value):,} characters long; at most {max_chars:,} are allowed")


def _day(name: str, value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise FilterError(name, f"{value!r} is not a date in the form YYYY-MM-DD") from exc


def _number(name: str, value: str, low: float, high: float, whole: bool = False) -> float:
    if not re.fullmatch(r"[0-9]+" if whole else r"[0-9]+(?:\.[0-9]+)?", value):
        raise FilterError(name, f"{value[:40]!r} is not a {'whole ' if whole else ''}number written with 0-9")
    number = float(value)
    if not low <= number <= high:
        raise FilterError(name, f"must be within {low:g}..{high:g}")
    return number


def _lat_lon(name: str, lat: float, lon: float) -> None:
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise FilterError(name, "latitude must be within -90..90 and longitude within -180..180")


def _bbox(value: str) -> tuple[float, float, float, float]:
    m = _BBOX.fullmatch(value)
    if not m:
        raise FilterError("bbox", "expected MIN_LON,MIN_LAT,MAX_LON,MAX_LAT, e.g. 30.5,46.0,38.0,51.0")
    box = (float(m[1]), float(m[2]), float(m[3]), float(m[4]))
    _lat_lon("bbox", box[1], box[0])
    _lat_lon("bbox", box[3], box[2])
    if box[0] > box[2] or box[1] > box[3]:
        raise FilterError("bbox", "the minimum must not exceed the maximum (MIN_LON,MIN_LAT,MAX_LON,MAX_LAT)")
    return box


def _near(value: str, km: float, places: PlaceLookup | None) -> tuple[float, float, float]:
    m = _POINT.fullmatch(value)
    if m:
        lat, lon = float(m[1]), float(m[2])
        _lat_lon("near", lat, lon)
        radius = float(m[3]) if m[3] else km
        if not 0 < radius <= MAX_RADIUS_KM:
            raise FilterError("near", f"the radius must be within 0..{MAX_RADIUS_KM:g} km")
        return lat, lon, radius
    found = places(value) if places is not None else None
    if found is None:
        raise FilterError("near", f"no stored place is named {value!r}; give coordinates as LAT,LON[,KM]")
    return found[0], found[1], km


class StoredEvent(Protocol):
    """An event row as the event queries return it: the ``events`` columns plus its article's outlet and date."""

    id: int
    article_id: str
    idx: int
    key: str
    type: str
    trigger: str
    date_text: str | None
    earliest: date | None
    latest: date | None
    place_text: str | None
    place_name: str | None
    country: str | None
    lat: float | None
    lon: float | None
    feature: str | None
    actors: list[Any]
    targets: list[Any]
    weapons: list[Any]
    killed: int | None
    injured: int | None
    acled: str | None
    status: str
    source_text: str | None
    source_name: str | None
    ev_start: int
    ev_end: int
    ev_text: str
    outlet: str | None
    published: date | None


# Plain columns, not ORM objects: a page of rows is read several times faster without the identity map.
_E, _A = EventRow.__table__.c, ArticleRow.__table__.c
_EVENT_COLUMNS: tuple[ColumnElement[Any], ...] = (*EventRow.__table__.columns, _A.outlet, _A.published)


@dataclass(frozen=True)
class ArticleItem:
    """An article as a list shows it: metadata and how much was found in it, not its text."""

    id: str
    source: str
    outlet: str | None
    title: str | None
    published: date | None
    genre: str
    url: str | None
    events: int
    claims: int
    figures: int


@dataclass(frozen=True)
class ClaimItem:
    """A stored claim with its article, evidence offsets, and the claims it is paired with."""

    id: int
    key: str
    article_id: str
    outlet: str | None
    published: date | None
    speaker: dict[str, Any]
    cue: str
    act: str
    content: str
    direct: bool
    about: list[str]
    evidence: dict[str, Any]
    answered_by: list[str] = field(default_factory=list)
    answers: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class FigureItem:
    """A stored figure with its article."""

    id: int
    article_id: str
    outlet: str | None
    published: date | None
    kind: str
    value: float
    qualifier: str | None
    scope: str | None
    source: dict[str, Any] | None
    evidence: dict[str, Any]


@dataclass(frozen=True)
class IncidentItem:
    """An incident as a reader sees it: grade, reasons, every report, and why its events were joined."""

    id: str
    type: str
    first_day: date | None
    last_day: date | None
    place: str | None
    lat: float | None
    lon: float | None
    grade: str
    reasons: list[str]
    reports: list[dict[str, Any]]
    links: list[dict[str, Any]] = field(default_factory=list)
    country: str | None = None
    report_count: int = 0
    killed: tuple[int, int] | None = None  # lowest and highest count over the reports; None: none gives one
    injured: tuple[int, int] | None = None
    vague: bool = False


@dataclass(frozen=True)
class Facets:
    """How many incidents passing a filter fall under each value of type, outlet, grade and country."""

    type: dict[str, int]
    outlet: dict[str, int]
    status: dict[str, int]
    country: dict[str, int]


@dataclass(frozen=True)
class Hit:
    """A full-text search hit: an article body or a piece of evidence, with the matching words marked."""

    article_id: str
    kind: str
    ref: str | None
    snippet: str


def _session(store: Store) -> Session:
    return Session(store.engine, expire_on_commit=False)


def record(store: Store, article: str) -> Record | None:
    """The article's current record, exactly as it was stored."""
    with _session(store) as s:
        raw = s.scalar(select(RecordVersion.record).join(ArticleRow, ArticleRow.id == RecordVersion.article_id)
                       .where(RecordVersion.article_id == article, RecordVersion.extractor == ArticleRow.extractor))
    return Record.model_validate_json(raw) if raw else None


def records(store: Store) -> Iterator[Record]:
    """Every article's current record, in id order."""
    return (r for r, _ in selected_records(store, None))


def record_versions(store: Store, article: str) -> list[str]:
    """Every extractor version stored for the article, oldest first."""
    with _session(store) as s:
        return list(s.scalars(select(RecordVersion.extractor).where(RecordVersion.article_id == article)
                              .order_by(RecordVersion.stored_at, RecordVersion.id)))


def outlet_spellings(store: Store, outlet: str) -> list[str]:
    """Every stored outlet name that is ``outlet`` under another spelling ("kyivindependent.com" for
    "The Kyiv Independent"), for filters."""
    key = outlet_key(outlet)
    with _session(store) as s:
        names = s.scalars(select(ArticleRow.outlet).where(ArticleRow.outlet.is_not(None)).distinct())
        return sorted(n for n in names if n is not None and outlet_key(n) == key)


def outlet_profiles(store: Store) -> list[dict[str, Any]]:
    """Every outlet's profile as of the last rebuild, by outlet name."""
    with _session(store) as s:
        return [row.profile | {"outlet": row.outlet} for row in s.scalars(select(OutletRow).order_by(OutletRow.outlet))]


def voice_matrix(store: Store) -> VoiceMatrix:
    """How each outlet tells each claimant's claims (as fact, attributed, disputed), over every stored event
    of an article with an outlet; see ``merge.outlets.voice_matrix``."""
    q = (select(ArticleRow.outlet, EventRow.article_id, EventRow.idx, EventRow.status, EventRow.source_text,
                EventRow.source_name, IncidentEventRow.incident_id, EventRow.ev_text, EventRow.ev_start)
         .join(ArticleRow, ArticleRow.id == EventRow.article_id)
         .outerjoin(IncidentEventRow, IncidentEventRow.event_key == EventRow.key)
         .where(ArticleRow.outlet.is_not(None)))
    with _session(store) as s:
        return build_voice_matrix(Telling(*row) for row in s.execute(q))


def place_coordinates(store: Store, name: str) -> tuple[float, float] | None:
    """The coordinates stored most often for a place of this name (any spelling case), or None."""
    with _session(store) as s:
        rows = s.execute(select(EventRow.lat, EventRow.lon).where(
            EventRow.place_name.ilike(name), EventRow.lat.is_not(None), EventRow.lon.is_not(None)))
        counts: dict[tuple[float, float], int] = defaultdict(int)
        for lat, lon in rows:
            counts[(lat, lon)] += 1
    return max(counts, key=lambda c: counts[c]) if counts else None


def search(store: Store, query: str, limit: int = 20) -> list[Hit]:
    """Full-text search over article bodies and evidence, best first."""
    words = re.findall(r"\w+", query)
    if not words:
        return []
    with _session(store) as s:
        if store.engine.dialect.name == "sqlite":
            match = " ".join('"' + w.replace('"', '""') + '"' for w in words)
            rows = s.execute(text(
                "SELECT p.article_id, p.kind, p.ref, snippet(passages_fts, 0, '[', ']', '…', 12) "
                "FROM passages_fts JOIN passages p ON p.id = passages_fts.rowid "
                "WHERE passages_fts MATCH :q ORDER BY rank LIMIT :n"), {"q": match, "n": limit})
        else:
            rows = s.execute(text(
                "SELECT article_id, kind, ref, ts_headline('english', text, q, "
                "'StartSel=[, StopSel=], MaxWords=24, MinWords=8') "
                "FROM passages, plainto_tsquery('english', :q) q WHERE tsv @@ q "
                "ORDER BY ts_rank(tsv, q) DESC LIMIT :n"), {"q": " ".join(words), "n": limit})
        return [Hit(*row) for row in rows]


def _matching_passages(store: Store, text: str) -> tuple[set[str], set[str]]:
    """Article ids whose body matches ``text``, and refs (event or claim keys) whose evidence does."""
    articles, refs = set(), set()
    for hit in search(store, text, limit=TEXT_MATCH_LIMIT):
        if hit.kind == "article":
            articles.add(hit.article_id)
        elif hit.ref:
            refs.add(hit.ref)
    return articles, refs


# An event as the API sends it: its stored document (``EventDocRow.doc``) with its row id put in front.
_DOC = EventDocRow.__table__.c.doc
_JSON_COLUMNS: tuple[ColumnElement[Any], ...] = (_E.id, _E.lat, _E.lon, _DOC)


class EventJson(NamedTuple):
    """An event as ``EventOut`` JSON text, with its row id and coordinates (for cursors, radius and GeoJSON)."""

    id: int
    lat: float | None
    lon: float | None
    json: str


def _from_events(columns: tuple[ColumnElement[Any], ...]) -> Select[Any]:
    """``columns`` of events joined with their articles (and their documents, when a column is one)."""
    q = select(*columns).select_from(EventRow).join(ArticleRow, ArticleRow.id == EventRow.article_id)
    return q.join(EventDocRow, EventDocRow.key == EventRow.key) if any(c is _DOC for c in columns) else q


def _event_text(row: Row[Any]) -> EventJson:
    """The event of a row of ``_JSON_COLUMNS``: its document, which has every key but the id, with the id."""
    event_id, lat, lon, doc = row  # unpacked: a Row's fields by name cost a microsecond each
    return EventJson(event_id, lat, lon, f'{{"id":{event_id},{doc[1:]}')


@lru_cache(maxsize=512)
def _event_select(columns: tuple[ColumnElement[Any], ...], filters: frozenset[str]) -> Select[Any]:
    """The statement selecting ``columns`` of the events passing ``filters``, by id; values are bound later.

    Built once per set of filters: building and keying a statement costs more than running it. Events'
    documents are joined to the page once it is found: joined before, every event passing the filters
    would carry its document into the sort.
    """
    if any(c is _DOC for c in columns):
        page = _event_select(tuple(_E.key if c is _DOC else c for c in columns), filters).subquery()
        return (select(*(_DOC if c is _DOC else page.c[c.name] for c in columns))
                .join(EventDocRow, EventDocRow.key == page.c.key).order_by(page.c.id))
    if "outlet" in filters or any(isinstance(c, Column) and c.table is ArticleRow.__table__ for c in columns):
        q = _from_events(columns).order_by(EventRow.id)
    else:  # nothing of the article is wanted: no join
        q = select(*columns).order_by(EventRow.id)
    if "type" in filters:
        q = q.where(EventRow.type == bindparam("type"))
    if "status" in filters:
        q = q.where(EventRow.status == bindparam("status"))
    if "country" in filters:
        q = q.where(EventRow.country == bindparam("country"))
    if "since" in filters:
        q = q.where(EventRow.latest >= bindparam("since"))
    if "until" in filters:
        q = q.where(EventRow.earliest <= bindparam("until"))
    if "min_lon" in filters:
        q = q.where(EventRow.lon >= bindparam("min_lon"), EventRow.lat >= bindparam("min_lat"),
                    EventRow.lon <= bindparam("max_lon"), EventRow.lat <= bindparam("max_lat"))
    if "outlet" in filters:
        q = q.where(ArticleRow.outlet.in_(bindparam("outlet", expanding=True)))
    if "actor" in filters:
        # The actors' JSON holds each name as a quoted string; match the whole name, any case.
        q = q.where(func.lower(cast(EventRow.actors, String)).contains(bindparam("actor")))
    if "refs" in filters:
        q = q.where(EventRow.key.in_(bindparam("refs", expanding=True)))
    if "after" in filters:
        q = q.where(EventRow.id > bindparam("after"))
    if "limit" in filters:
        q = q.limit(bindparam("limit"))
    return q


def _event_values(store: Store, f: Filter, after: int | None, limit: int) -> dict[str, Any]:
    """The values of the filters ``f`` sets, and of the page, by the names ``_event_select`` binds."""
    box = f.box()
    values: dict[str, Any] = {
        "type": f.type, "status": f.status, "country": f.country.upper() if f.country else None,
        "since": f.since, "until": f.until, "outlet": outlet_spellings(store, f.outlet) if f.outlet else None,
        "actor": f'"{f.actor.lower()}"' if f.actor else None, "after": after, "limit": limit,
        **(dict(zip(("min_lon", "min_lat", "max_lon", "max_lat"), box, strict=True)) if box else {}),
    }
    if f.text:
        # An event matches on its own evidence: a word elsewhere in the article says nothing about it.
        values["refs"] = sorted(_matching_passages(store, f.text)[1])
    return {k: v for k, v in values.items() if v is not None and v != ""}


def _read_events(store: Store, columns: tuple[ColumnElement[Any], ...], f: Filter, after: int | None,
                 limit: int) -> list[Any]:
    """One page of rows of ``columns`` (which hold ``id``, ``lat`` and ``lon``) of the events passing ``f``."""
    values = _event_values(store, f, after, limit)
    with store.engine.connect() as conn:
        if f.near is None:
            return list(conn.execute(_event_select(columns, frozenset(values)), values).all())
        # A radius: the box pre-filters in SQL, the distance refines; read on until the page is full.
        page: list[Row[Any]] = []
        while len(page) < limit:
            rows = conn.execute(_event_select(columns, frozenset(values)), values).all()
            page += [r for r in rows if f.is_near(r.lat, r.lon)]
            if len(rows) < limit:
                break
            values["after"] = rows[-1].id
        return page[:limit]


def event_rows(store: Store, f: Filter, after: int | None, limit: int) -> list[StoredEvent]:
    """One page of events passing ``f``, each with its article's outlet and publication date."""
    return _read_events(store, _EVENT_COLUMNS, f, after, limit)


def event_json_rows(store: Store, f: Filter, after: int | None, limit: int) -> list[EventJson]:
    """One page of the events passing ``f``, as ``EventOut`` JSON."""
    return [_event_text(r) for r in _read_events(store, _JSON_COLUMNS, f, after, limit)]


def event_by_id(store: Store, event_id: int) -> EventJson | None:
    """One event by its row id, as ``EventOut`` JSON."""
    with store.engine.connect() as conn:
        row = conn.execute(_from_events(_JSON_COLUMNS).where(EventRow.id == event_id)).first()
    return None if row is None else _event_text(row)


def event_incidents(store: Store) -> dict[str, str]:
    """The incident of every stored event, by event key."""
    with store.engine.connect() as conn:
        return {k: i for k, i in conn.execute(select(IncidentEventRow.event_key, IncidentEventRow.incident_id))}


def article_incidents(store: Store, article: str) -> dict[str, str]:
    """The incident of each event (by key) of one article."""
    with _session(store) as s:
        return {k: i for k, i in s.execute(select(IncidentEventRow.event_key, IncidentEventRow.incident_id)
                                           .where(IncidentEventRow.article_id == article))}


IncidentSort = Literal["newest", "oldest", "reports", "toll"]
INCIDENT_SORTS: tuple[str, ...] = IncidentSort.__args__  # type: ignore[attr-defined]
# What each order sorts on first (its id breaks ties), and whether the largest comes first. An unknown
# day or toll sorts as these, last in the default orders.
_NO_DAY, _NO_TOLL = date(1, 1, 1), -1
_SORT_COLUMNS: dict[str, tuple[ColumnElement[Any], bool]] = {
    "newest": (func.coalesce(IncidentRow.first_day, _NO_DAY), True),
    "oldest": (func.coalesce(IncidentRow.first_day, date(9999, 12, 31)), False),
    "reports": (IncidentRow.__table__.c.report_count, True),
    "toll": (func.coalesce(IncidentRow.killed_high, _NO_TOLL), True),
}


def _incident_filters(store: Store, f: Filter, q: Select[Any]) -> Select[Any]:
    """``q`` (over ``incidents``) narrowed to the incidents passing ``f`` but for its radius."""
    if f.type:
        q = q.where(IncidentRow.type == f.type)
    if f.status:
        q = q.where(IncidentRow.grade == f.status)
    if f.since:
        q = q.where(IncidentRow.last_day >= f.since)
    if f.until:
        q = q.where(IncidentRow.first_day <= f.until)
    if f.country:
        q = q.where(IncidentRow.country == f.country.upper())
    if f.min_killed is not None:
        q = q.where(IncidentRow.killed_high >= f.min_killed)
    if f.vague != "show":
        q = q.where(IncidentRow.vague.is_(f.vague == "only"))
    box = f.box()
    if box:
        q = q.where(IncidentRow.lon >= box[0], IncidentRow.lat >= box[1], IncidentRow.lon <= box[2],
                    IncidentRow.lat <= box[3])
    if f.outlet:
        by_outlet = (select(IncidentEventRow.incident_id)
                     .join(ArticleRow, ArticleRow.id == IncidentEventRow.article_id)
                     .where(ArticleRow.outlet.in_(outlet_spellings(store, f.outlet))))
        q = q.where(IncidentRow.id.in_(by_outlet))
    if f.actor:
        members = select(IncidentEventRow.incident_id).join(EventRow, EventRow.key == IncidentEventRow.event_key)
        q = q.where(IncidentRow.id.in_(
            members.where(func.lower(cast(EventRow.actors, String)).contains(f'"{f.actor.lower()}"'))))
    if f.text:
        articles, refs = _matching_passages(store, f.text)
        q = q.where(IncidentRow.id.in_(select(IncidentEventRow.incident_id).where(
            or_(IncidentEventRow.article_id.in_(articles), IncidentEventRow.event_key.in_(refs)))))
    return q


def incident_key(item: IncidentItem, sort: IncidentSort = "newest") -> str:
    """Where ``item`` stands in the order ``sort``: the ``after`` of the page that follows it."""
    if sort in ("newest", "oldest"):
        value = (item.first_day or (_NO_DAY if sort == "newest" else date(9999, 12, 31))).isoformat()
    elif sort == "reports":
        value = str(item.report_count)
    else:
        value = str(item.killed[1] if item.killed else _NO_TOLL)
    return f"{value}|{item.id}"


def _after(sort: IncidentSort, key: str) -> ColumnElement[bool]:
    """The rows after ``key`` (from ``incident_key``) in the order ``sort``."""
    column, descending = _SORT_COLUMNS[sort]
    raw, sep, incident = key.partition("|")
    try:
        value: Any = date.fromisoformat(raw) if sort in ("newest", "oldest") else int(raw)
    except ValueError as exc:
        raise FilterError("after", f"{key!r} is not a position in the {sort} order") from exc
    if not sep:
        raise FilterError("after", f"{key!r} is not a position in the {sort} order")
    beyond = column < value if descending else column > value
    return or_(beyond, (column == value) & (IncidentRow.id > incident))


def _incident_item(r: IncidentRow, links: list[dict[str, Any]]) -> IncidentItem:
    return IncidentItem(
        r.id, r.type, r.first_day, r.last_day, r.place_name, r.lat, r.lon, r.grade, r.reasons, r.reports, links,
        r.country, r.report_count,
        (r.killed_low, r.killed_high) if r.killed_low is not None and r.killed_high is not None else None,
        (r.injured_low, r.injured_high) if r.injured_low is not None and r.injured_high is not None else None,
        r.vague)


def _links(s: Session, ids: list[str]) -> dict[str, list[dict[str, Any]]]:
    links: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for link in s.scalars(select(IncidentLinkRow).where(IncidentLinkRow.incident_id.in_(ids))
                          .order_by(IncidentLinkRow.id)):
        links[link.incident_id].append({"a": link.a, "b": link.b, "score": link.score, "reasons": link.reasons})
    return links


def incident_page(store: Store, f: Filter, after: str | None, limit: int,
                  sort: IncidentSort = "newest") -> list[IncidentItem]:
    """One page of incidents passing ``f`` (``status`` is the grade) in the order ``sort``, with their links.

    ``after`` is ``incident_key`` of the last incident of the previous page.

    Raises:
        FilterError: ``after`` is no position in this order.
    """
    column, descending = _SORT_COLUMNS[sort]
    q = _incident_filters(store, f, select(IncidentRow)).order_by(
        column.desc() if descending else column.asc(), IncidentRow.id)
    with _session(store) as s:
        rows: list[IncidentRow] = []
        while len(rows) < limit:
            chunk = list(s.scalars((q.where(_after(sort, after)) if after is not None else q).limit(limit)))
            rows += [r for r in chunk if f.is_near(r.lat, r.lon)]
            if len(chunk) < limit:
                break
            after = incident_key(_incident_item(chunk[-1], []), sort)
        rows = rows[:limit]
        links = _links(s, [r.id for r in rows])
        return [_incident_item(r, links[r.id]) for r in rows]


def incidents(store: Store, f: Filter, sort: IncidentSort = "newest", page: int = 1000) -> Iterator[IncidentItem]:
    """Every incident passing ``f`` in the order ``sort``, read a page at a time."""
    after: str | None = None
    while True:
        rows = incident_page(store, f, after, page, sort)
        yield from rows
        if len(rows) < page:
            return
        after = incident_key(rows[-1], sort)


def incident_count(store: Store, f: Filter) -> int:
    """How many incidents pass ``f``."""
    if f.near is not None:
        return sum(1 for _ in incidents(store, f))
    with _session(store) as s:
        return s.scalar(_incident_filters(store, f, select(func.count(IncidentRow.id)))) or 0


def incident_facets(store: Store, f: Filter) -> Facets:
    """Counts of the incidents passing ``f`` by type, grade, country and reporting outlet."""
    ids = select(IncidentRow.id)
    if f.near is not None:
        chosen = [i.id for i in incidents(store, f)]
        passing = select(IncidentRow.id).where(IncidentRow.id.in_(chosen))
    else:
        passing = _incident_filters(store, f, ids)
    counts: dict[str, dict[str, int]] = {}
    with _session(store) as s:
        for name, column in (("type", IncidentRow.type), ("status", IncidentRow.grade),
                             ("country", IncidentRow.country)):
            counts[name] = {v: n for v, n in s.execute(
                select(column, func.count()).where(IncidentRow.id.in_(passing), column.is_not(None))
                .group_by(column).order_by(func.count().desc(), column))}
        per_outlet = (select(IncidentEventRow.incident_id, ArticleRow.outlet)
                      .join(ArticleRow, ArticleRow.id == IncidentEventRow.article_id)
                      .where(IncidentEventRow.incident_id.in_(passing)).distinct())
        outlets: dict[str, set[str]] = defaultdict(set)
        names: list[str] = []
        for incident, outlet in s.execute(per_outlet):
            outlets[outlet_key(outlet) if outlet else UNKNOWN_OUTLET].add(incident)
            names += [outlet] if outlet else []
    shown = outlet_names(names)  # one outlet under its spellings, shown as its profile names it
    by_outlet = {shown.get(k, k): len(i) for k, i in outlets.items()}
    return Facets(counts["type"], dict(sorted(by_outlet.items(), key=lambda kv: (-kv[1], kv[0]))),
                  counts["status"], counts["country"])


def incident_by_id(store: Store, incident: str) -> IncidentItem | None:
    """One incident with its merge links, or None."""
    with _session(store) as s:
        r = s.get(IncidentRow, incident)
        return None if r is None else _incident_item(r, _links(s, [incident])[incident])


def _incident_select(columns: tuple[ColumnElement[Any], ...], incident: str) -> Select[Any]:
    return (_from_events(columns)
            .join(IncidentEventRow, IncidentEventRow.event_key == EventRow.key)
            .where(IncidentEventRow.incident_id == incident)
            .order_by(ArticleRow.published, EventRow.article_id, EventRow.idx))


def incident_events(store: Store, incident: str) -> list[StoredEvent]:
    """The events of one incident, each with its article's outlet and date, in article order."""
    with _session(store) as s:
        return list(s.execute(_incident_select(_EVENT_COLUMNS, incident)))


def incident_event_json(store: Store, incident: str) -> list[EventJson]:
    """The events of one incident as ``EventOut`` JSON, in article order."""
    with store.engine.connect() as conn:
        return [_event_text(r) for r in conn.execute(_incident_select(_JSON_COLUMNS, incident)).all()]


def article_items(store: Store, f: Filter, after: str | None, limit: int) -> list[ArticleItem]:
    """One page of articles by id; ``since``/``until`` bound the publication date, ``type`` the genre."""
    q = select(ArticleRow.id, ArticleRow.source, ArticleRow.outlet, ArticleRow.title, ArticleRow.published,
               ArticleRow.genre, ArticleRow.url).order_by(ArticleRow.id)
    if f.outlet:
        q = q.where(ArticleRow.outlet.in_(outlet_spellings(store, f.outlet)))
    if f.since:
        q = q.where(ArticleRow.published >= f.since)
    if f.until:
        q = q.where(ArticleRow.published <= f.until)
    if f.type:
        q = q.where(ArticleRow.genre == f.type)
    if f.text:
        articles, _ = _matching_passages(store, f.text)
        q = q.where(ArticleRow.id.in_(articles))
    if after is not None:
        q = q.where(ArticleRow.id > after)
    with _session(store) as s:
        rows = list(s.execute(q.limit(limit)))
        ids = [r.id for r in rows]
        counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
        for table, name in ((EventRow, "events"), (ClaimRow, "claims"), (FigureRow, "figures")):
            for aid, n in s.execute(select(table.article_id, func.count()).where(table.article_id.in_(ids))
                                    .group_by(table.article_id)):
                counts[aid][name] = n
    return [ArticleItem(r.id, r.source, r.outlet, r.title, r.published, r.genre, r.url, counts[r.id]["events"],
                        counts[r.id]["claims"], counts[r.id]["figures"]) for r in rows]


def claim_pairs(store: Store, keys: Iterable[str]) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """For the claim ``keys``: the denials answering each accusation, and the accusations each denial answers."""
    wanted = list(keys)
    answered: dict[str, list[str]] = defaultdict(list)
    answers: dict[str, list[str]] = defaultdict(list)
    with _session(store) as s:
        for pair in s.scalars(select(ClaimPairRow).where(or_(ClaimPairRow.accusation.in_(wanted),
                                                             ClaimPairRow.denial.in_(wanted)))
                              .order_by(ClaimPairRow.id)):
            answered[pair.accusation].append(pair.denial)
            answers[pair.denial].append(pair.accusation)
    return answered, answers


def claim_items(store: Store, f: Filter, after: int | None, limit: int, speaker: str | None = None,
                article: str | None = None, keys: Iterable[str] | None = None, paired: bool = False
                ) -> list[ClaimItem]:
    """One page of claims by id; ``type`` is the act, ``since``/``until`` bound the publication date,
    ``paired`` keeps the accusations and denials paired with one another."""
    q = (select(ClaimRow, ArticleRow.outlet, ArticleRow.published)
         .join(ArticleRow, ArticleRow.id == ClaimRow.article_id).order_by(ClaimRow.id))
    if f.type:
        q = q.where(ClaimRow.act == f.type)
    if f.outlet:
        q = q.where(ArticleRow.outlet.in_(outlet_spellings(store, f.outlet)))
    if f.since:
        q = q.where(ArticleRow.published >= f.since)
    if f.until:
        q = q.where(ArticleRow.published <= f.until)
    if f.country:
        q = q.where(ClaimRow.affiliation == f.country.upper())
    if speaker:
        words = f"%{speaker.lower()}%"
        q = q.where(or_(func.lower(ClaimRow.speaker_text).like(words), func.lower(ClaimRow.speaker_name).like(words),
                        func.lower(ClaimRow.role).like(words)))
    if article:
        q = q.where(ClaimRow.article_id == article)
    if keys is not None:
        q = q.where(ClaimRow.key.in_(list(keys)))
    if paired:
        q = q.where(or_(ClaimRow.key.in_(select(ClaimPairRow.accusation)), ClaimRow.key.in_(select(ClaimPairRow.denial))))
    if f.text:
        _, refs = _matching_passages(store, f.text)
        q = q.where(ClaimRow.key.in_(refs))
    if after is not None:
        q = q.where(ClaimRow.id > after)
    with _session(store) as s:
        rows = list(s.execute(q.limit(limit)))
    answered, answers = claim_pairs(store, (c.key for c, _, _ in rows))
    return [ClaimItem(
        c.id, c.key, c.article_id, outlet, published,
        {"text": c.speaker_text, "name": c.speaker_name, "role": c.role, "affiliation": c.affiliation},
        c.cue, c.act, c.content, c.direct, list(c.about), {"start": c.ev_start, "end": c.ev_end, "text": c.ev_text},
        answered.get(c.key, []), answers.get(c.key, []),
    ) for c, outlet, published in rows]


def claims(store: Store, f: Filter, speaker: str | None = None, paired: bool = False,
           page: int = 1000) -> Iterator[ClaimItem]:
    """Every claim passing the filters of ``claim_items``, by id, read a page at a time."""
    after: int | None = None
    while True:
        rows = claim_items(store, f, after, page, speaker=speaker, paired=paired)
        yield from rows
        if len(rows) < page:
            return
        after = rows[-1].id


def _figure_filters(store: Store, f: Filter, q: Select[Any], day: Any) -> Select[Any]:
    """``f``'s kind (``type``), outlet and text on a figure query; ``since``/``until`` bound the column ``day``."""
    if f.type:
        q = q.where(FigureRow.kind == f.type)
    if f.outlet:
        q = q.where(ArticleRow.outlet.in_(outlet_spellings(store, f.outlet)))
    if f.since:
        q = q.where(day >= f.since)
    if f.until:
        q = q.where(day <= f.until)
    if f.text:
        articles, _ = _matching_passages(store, f.text)
        q = q.where(FigureRow.article_id.in_(articles))
    return q


def figure_items(store: Store, f: Filter, after: int | None, limit: int) -> list[FigureItem]:
    """One page of figures by id; ``type`` is the kind, ``since``/``until`` bound the publication date."""
    q = (select(FigureRow, ArticleRow.outlet, ArticleRow.published)
         .join(ArticleRow, ArticleRow.id == FigureRow.article_id).order_by(FigureRow.id))
    q = _figure_filters(store, f, q, ArticleRow.published)
    if after is not None:
        q = q.where(FigureRow.id > after)
    with _session(store) as s:
        rows = list(s.execute(q.limit(limit)))
    return [FigureItem(
        g.id, g.article_id, outlet, published, g.kind, g.value, g.qualifier, g.scope,
        {"text": g.source_text, "name": g.source_name} if g.source_text is not None else None,
        {"start": g.ev_start, "end": g.ev_end, "text": g.ev_text},
    ) for g, outlet, published in rows]


def _selected_events(store: Store, f: Filter) -> dict[str, set[int]]:
    """Which events (by article id and index in its record) pass ``f``."""
    chosen: dict[str, set[int]] = defaultdict(set)
    after: int | None = None
    page = 5000
    while True:
        rows = event_rows(store, f, after, page)
        for e in rows:
            chosen[e.article_id].add(e.idx)
        if len(rows) < page:
            return chosen
        after = rows[-1].id


def selected_records(store: Store, f: Filter | None) -> Iterator[tuple[Record, set[int]]]:
    """Stored records, exactly as stored, each with the indexes of its events that pass ``f``.

    Without a filter every record comes with all its events; with one, only the records of articles
    that have a passing event.
    """
    chosen = _selected_events(store, f) if f is not None and f != Filter() else None
    with _session(store) as s:
        q = (select(RecordVersion.record).join(ArticleRow, ArticleRow.id == RecordVersion.article_id)
             .where(RecordVersion.extractor == ArticleRow.extractor).order_by(ArticleRow.id))
        if chosen is not None:
            q = q.where(ArticleRow.id.in_(list(chosen)))
        for raw in s.scalars(q):
            record = Record.model_validate_json(raw)
            yield record, (chosen[record.article.id] if chosen is not None else set(range(len(record.events))))


def record_events(store: Store, keys: Iterable[str]) -> Mapping[str, tuple[str, int]]:
    """The article id and record index of each event key."""
    wanted = list(keys)
    with _session(store) as s:
        return {k: (a, i) for k, a, i in s.execute(select(EventRow.key, EventRow.article_id, EventRow.idx)
                                                     .where(EventRow.key.in_(wanted)))}


def stored_times(store: Store, articles: Iterable[str]) -> dict[str, datetime]:
    """When each article's current record was stored."""
    wanted = list(articles)
    with _session(store) as s:
        return {a: t for a, t in s.execute(select(ArticleRow.id, ArticleRow.stored_at).where(ArticleRow.id.in_(wanted)))}


# --- the barrage tracker -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SalvoFigure:
    """A stored salvo figure (launched, intercepted, hit, lost) with its article and night."""

    id: int
    article_id: str
    idx: int  # the figure's place in its record, for a link to its evidence
    outlet: str | None
    published: date | None
    night: date
    side: str | None
    role: str
    kind: str
    weapon: str | None
    weapon_class: str | None
    value: float
    source: str | None
    evidence: dict[str, Any]


@dataclass(frozen=True)
class BarrageNight:
    """One side's salvo on one night, as the reports claim it.

    Each role's count is the largest any one article gives (an article's figures for different weapons
    add up, the same weapon told twice counts once; two articles about the same night are two tellings
    of it, not two salvos). ``None`` is "not reported", kept apart from 0.
    """

    night: date
    side: str | None
    launched: float | None
    intercepted: float | None
    hit: float | None
    lost: float | None
    figures: list[SalvoFigure]


def salvo_figures(store: Store, f: Filter) -> list[SalvoFigure]:
    """Salvo figures with a night, by night; ``type`` is the kind (drones, missiles), ``country`` the side
    whose weapons they are, ``since``/``until`` bound the night, ``outlet`` and ``text`` the article."""
    q = (select(FigureRow, ArticleRow.outlet, ArticleRow.published)
         .join(ArticleRow, ArticleRow.id == FigureRow.article_id)
         .where(FigureRow.role.is_not(None), FigureRow.night.is_not(None))
         .order_by(FigureRow.night, FigureRow.id))
    q = _figure_filters(store, f, q, FigureRow.night)
    if f.country:
        q = q.where(FigureRow.side == f.country)
    with _session(store) as s:
        rows = list(s.execute(q))
    return [SalvoFigure(
        g.id, g.article_id, g.idx, outlet, published, g.night, g.side, g.role, g.kind, g.weapon_name, g.weapon_class,
        g.value, g.source_text, {"start": g.ev_start, "end": g.ev_end, "text": g.ev_text},
    ) for g, outlet, published in rows if g.night is not None and g.role is not None]


def barrage_nights(figures: Iterable[SalvoFigure]) -> list[BarrageNight]:
    """Per-night series for each side: the claimed counts by role, with the figures behind them."""
    groups: dict[tuple[date, str | None], list[SalvoFigure]] = defaultdict(list)
    for g in figures:
        groups[(g.night, g.side)].append(g)
    out = []
    for (night, side), group in sorted(groups.items(), key=lambda kv: (kv[0][0], kv[0][1] or "")):
        counts: dict[str, float | None] = {}
        for role in ("launched", "intercepted", "hit", "lost"):
            # An article's count: its weapons added up, a weapon it gives twice taken once (its largest).
            per_weapon: dict[tuple[str, str], float] = {}
            for g in group:
                if g.role == role:
                    key = (g.article_id, f"{g.kind}:{g.weapon or ''}")
                    per_weapon[key] = max(per_weapon.get(key, 0.0), g.value)
            per_article: dict[str, float] = defaultdict(float)
            for (article, _), value in per_weapon.items():
                per_article[article] += value
            counts[role] = max(per_article.values()) if per_article else None
        out.append(BarrageNight(night, side, counts["launched"], counts["intercepted"], counts["hit"], counts["lost"],
                                group))
    return out
