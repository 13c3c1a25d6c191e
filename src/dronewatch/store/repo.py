"""The store: idempotent writes of records, the cross-source rebuild, and the reads the CLI and API show.

Each article is written in one transaction with everything extracted from it, so a killed process
leaves either the whole article or nothing. The same article (same id) with the same extractor
version is skipped before extraction; a newer version replaces the article's rows and keeps the
older record in ``record_versions``.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, Literal

from alembic import command
from alembic.config import Config
from sqlalchemy import Connection, Engine, Table, create_engine, delete, event, insert, select, text, update
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from dronewatch.config import settings
from dronewatch.errors import DronewatchError, StoreError
from dronewatch.ingest.document import Document
from dronewatch.merge import (
    Incident,
    OutletProfile,
    claim_refs,
    distance_km,
    find_incidents,
    grade_incident,
    pair_claims,
    profile_outlets,
    refs_of,
)
from dronewatch.record import Record, article_id
from dronewatch.store.models import (
    ArticleRow,
    Base,
    ClaimPairRow,
    ClaimRow,
    EventRow,
    FigureRow,
    FramingRow,
    IncidentEventRow,
    IncidentLinkRow,
    IncidentRow,
    OutletRow,
    PassageRow,
    RecordVersion,
    Split,
)

__all__ = ["ClaimView", "Hit", "IncidentView", "Outcome", "Store", "ingest"]

Outcome = Literal["stored", "replaced", "unchanged", "older"]
_MIGRATIONS = Path(__file__).parent / "migrations"
_CURRENT = text("SELECT extractor FROM articles WHERE id = :id")
_VERSION = text("SELECT id FROM record_versions WHERE article_id = :id AND extractor = :extractor")
# A SQLite writer waits this long (ms) for another writer's lock before failing.
SQLITE_BUSY_MS = 30_000


@dataclass(frozen=True)
class Hit:
    """A full-text search hit: an article body or a piece of evidence, with the matching words marked."""

    article_id: str
    kind: str
    ref: str | None
    snippet: str


@dataclass(frozen=True)
class IncidentView:
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


@dataclass(frozen=True)
class ClaimView:
    """A stored claim with its article and the claims it is paired with (accusation or denial)."""

    key: str
    article_id: str
    outlet: str | None
    published: date | None
    speaker: str
    act: str
    content: str
    evidence: str
    answered_by: list[str]
    answers: list[str]


class Store:
    """A dronewatch database (SQLite file or PostgreSQL), migrated to the current schema when opened."""

    def __init__(self, url: str | None = None) -> None:
        self.url = _normalise_url(url or settings.database_url)
        try:
            self.engine = _engine(self.url)
            with self.engine.begin() as conn:
                cfg = Config()
                cfg.set_main_option("script_location", str(_MIGRATIONS))
                cfg.attributes["connection"] = conn
                command.upgrade(cfg, "head")
        except SQLAlchemyError as exc:
            raise StoreError(f"{self.display_url}: cannot open the database: {_problem(exc)}") from exc

    @property
    def display_url(self) -> str:
        """The URL without its password, for messages."""
        return make_url(self.url).render_as_string(hide_password=True)

    def close(self) -> None:
        """Release the connections."""
        self.engine.dispose()

    def stored_version(self, article: str) -> str | None:
        """The extractor version of the article's current records, or None when it is not stored."""
        with self.engine.connect() as conn:
            found: str | None = conn.execute(_CURRENT, {"id": article}).scalar()
            return found

    def put(self, record: Record) -> Outcome:
        """Store one record in one transaction; an unchanged or older version stores nothing."""
        a = record.article
        extractor = record.extractor or "unknown"
        now = datetime.now(UTC).replace(tzinfo=None)
        values = {"source": a.source, "outlet": a.outlet, "title": a.title, "authors": list(a.authors),
                  "published": a.published, "genre": a.genre, "url": a.url, "text": a.text,
                  "extractor": extractor, "stored_at": now}
        # Core statements on the tables, not ORM entities: the ORM's bookkeeping costs more than the database.
        articles, versions = _table(ArticleRow), _table(RecordVersion)
        with self.engine.begin() as conn:
            current = conn.execute(_CURRENT, {"id": a.id}).scalar()
            outcome: Outcome = "stored"
            if current is not None:
                if current == extractor:
                    return "unchanged"
                if _version(extractor) < _version(current):
                    return "older"
                for table in (EventRow, ClaimRow, FigureRow, FramingRow, PassageRow):
                    conn.execute(delete(_table(table)).where(_table(table).c.article_id == a.id))
                conn.execute(update(articles).where(articles.c.id == a.id).values(**values))
                outcome = "replaced"
            else:
                conn.execute(insert(articles), [{"id": a.id, **values}])
            # A new article has no history yet; only a replaced one may hold this version from before.
            if current is None or conn.execute(_VERSION, {"id": a.id, "extractor": extractor}).scalar() is None:
                conn.execute(insert(versions), [{"article_id": a.id, "extractor": extractor, "stored_at": now,
                                                 "record": record.to_json()}])
            _insert_rows(conn, record)
        return outcome

    def record(self, article: str) -> Record | None:
        """The article's current record, exactly as it was stored."""
        with self._session() as s:
            raw = s.scalar(select(RecordVersion.record).join(ArticleRow, ArticleRow.id == RecordVersion.article_id)
                           .where(RecordVersion.article_id == article,
                                  RecordVersion.extractor == ArticleRow.extractor))
        return Record.model_validate_json(raw) if raw else None

    def records(self) -> Iterator[Record]:
        """Every article's current record, in id order."""
        with self._session() as s:
            rows = s.scalars(select(RecordVersion.record).join(ArticleRow, ArticleRow.id == RecordVersion.article_id)
                             .where(RecordVersion.extractor == ArticleRow.extractor).order_by(ArticleRow.id))
            for raw in rows:
                yield Record.model_validate_json(raw)

    def versions(self, article: str) -> list[str]:
        """Every extractor version stored for the article, oldest first."""
        with self._session() as s:
            return list(s.scalars(select(RecordVersion.extractor).where(RecordVersion.article_id == article)
                                  .order_by(RecordVersion.stored_at, RecordVersion.id)))

    def rebuild(self) -> list[Incident]:
        """Recompute incidents, claim pairs, grades and outlet profiles from the stored records, atomically."""
        records = list(self.records())
        with self._session() as s, s.begin():
            apart = {frozenset((a, b)) for a, b in s.execute(select(Split.a, Split.b))}
            incidents = find_incidents((r for rec in records for r in refs_of(rec)), apart)
            incident_of: dict[str, dict[int, str]] = defaultdict(dict)
            for incident in incidents:
                for ref in incident.events:
                    incident_of[ref.article_id][ref.index] = incident.id
            claims = [c for rec in records for c in claim_refs(rec, incident_of[rec.article.id])]
            pairs = pair_claims(claims)
            denials: dict[str, set[str]] = defaultdict(set)
            for c in claims:
                if c.claim.act == "deny":
                    for incident_id in c.incidents:
                        denials[incident_id].add(c.claim.speaker.name or c.claim.speaker.text)
            profiles = profile_outlets(records, incidents)
            sides = {p.outlet: p.side for p in profiles}
            titles = {rec.article.id: rec.article.title for rec in records}
            for table in (IncidentRow, IncidentEventRow, IncidentLinkRow, ClaimPairRow, OutletRow):
                s.execute(delete(table))
            incident_rows, member_rows, link_rows = [], [], []
            for incident in incidents:
                grade = grade_incident(incident, sides, denials.get(incident.id, set()))
                incident_rows.append(_incident_row(incident, grade.label, list(grade.reasons), titles))
                member_rows += [{"event_key": r.key, "incident_id": incident.id, "article_id": r.article_id}
                                for r in incident.events]
                link_rows += [{"incident_id": incident.id, "a": link.a, "b": link.b, "score": link.score,
                               "reasons": list(link.reasons)} for link in incident.links]
            _insert(s, IncidentRow, incident_rows)
            _insert(s, IncidentEventRow, member_rows)
            _insert(s, IncidentLinkRow, link_rows)
            _insert(s, ClaimPairRow, [{"accusation": p.accusation, "denial": p.denial, "reasons": list(p.reasons)}
                                      for p in pairs])
            _insert(s, OutletRow, [{"outlet": p.outlet, "profile": _profile_json(p)} for p in profiles])
        return incidents

    def split(self, incident: str, keys: Sequence[str]) -> list[str]:
        """Split the events ``keys`` (or every event of the articles they name) off ``incident``; returns them.

        The split is kept as pairs of event keys that never join again, so it survives re-ingest.

        Raises:
            StoreError: the incident is unknown, or the keys would leave one side empty.
        """
        with self._session() as s, s.begin():
            members = list(s.execute(select(IncidentEventRow.event_key, IncidentEventRow.article_id)
                                     .where(IncidentEventRow.incident_id == incident)))
            if not members:
                raise StoreError(f"{incident}: no such incident (see `dronewatch incidents`)")
            off = [k for k, a in members if any(k == key or a == key or a.removeprefix("sha256:").startswith(key)
                                                   for key in keys)]
            rest = [k for k, _ in members if k not in off]
            if not off or not rest:
                raise StoreError(f"{incident}: the split must leave events on both sides; "
                                 f"name event keys or article ids among: {', '.join(k for k, _ in members)}")
            now = datetime.now(UTC).replace(tzinfo=None)
            known = {(a, b) for a, b in s.execute(select(Split.a, Split.b))}
            for x in off:
                for y in rest:
                    a, b = min(x, y), max(x, y)
                    if (a, b) not in known:
                        s.add(Split(a=a, b=b, created_at=now))
        self.rebuild()
        return off

    def incidents(
        self, type: str | None = None, since: date | None = None, until: date | None = None,
        near: tuple[float, float, float] | None = None, actor: str | None = None, outlet: str | None = None,
        grade: str | None = None, text: str | None = None,
    ) -> list[IncidentView]:
        """Incidents matching every filter given; ``near`` is (lat, lon, km)."""
        with self._session() as s:
            q = select(IncidentRow).order_by(IncidentRow.first_day, IncidentRow.id)
            if type:
                q = q.where(IncidentRow.type == type)
            if grade:
                q = q.where(IncidentRow.grade == grade)
            if since:
                q = q.where(IncidentRow.last_day >= since)
            if until:
                q = q.where(IncidentRow.first_day <= until)
            rows = list(s.scalars(q))
            links: dict[str, list[dict[str, Any]]] = defaultdict(list)
            for link in s.scalars(select(IncidentLinkRow)):
                links[link.incident_id].append({"a": link.a, "b": link.b, "score": link.score,
                                                "reasons": link.reasons})
            actors_of: dict[str, set[str]] = defaultdict(set)
            if actor:
                for incident_id, names in s.execute(select(IncidentEventRow.incident_id, EventRow.actors)
                                                    .join(EventRow, EventRow.key == IncidentEventRow.event_key)):
                    actors_of[incident_id].update(n["name"].lower() for n in names)
        articles = {h.article_id for h in self.search(text, limit=10_000)} if text else None
        views = []
        for row in rows:
            if near and (row.lat is None or row.lon is None or distance_km(row.lat, row.lon, near[0], near[1]) > near[2]):
                continue
            if actor and actor.lower() not in actors_of[row.id]:
                continue
            if outlet and not any((r["outlet"] or "").lower() == outlet.lower() for r in row.reports):
                continue
            if articles is not None and not any(r["article_id"] in articles for r in row.reports):
                continue
            views.append(IncidentView(row.id, row.type, row.first_day, row.last_day, row.place_name, row.lat,
                                      row.lon, row.grade, row.reasons, row.reports, links[row.id]))
        return views

    def claims(
        self, act: str | None = None, speaker: str | None = None, outlet: str | None = None,
        since: date | None = None, until: date | None = None, text: str | None = None, paired: bool = False,
    ) -> list[ClaimView]:
        """Claims matching every filter given; ``paired`` keeps only accusations and denials that were paired."""
        with self._session() as s:
            q = (select(ClaimRow, ArticleRow.outlet, ArticleRow.published)
                 .join(ArticleRow, ArticleRow.id == ClaimRow.article_id)
                 .order_by(ArticleRow.published, ClaimRow.article_id, ClaimRow.idx))
            if act:
                q = q.where(ClaimRow.act == act)
            if outlet:
                q = q.where(ArticleRow.outlet == outlet)
            if since:
                q = q.where(ArticleRow.published >= since)
            if until:
                q = q.where(ArticleRow.published <= until)
            rows = list(s.execute(q))
            answered: dict[str, list[str]] = defaultdict(list)
            answers: dict[str, list[str]] = defaultdict(list)
            for pair in s.scalars(select(ClaimPairRow)):
                answered[pair.accusation].append(pair.denial)
                answers[pair.denial].append(pair.accusation)
        words = set(text.lower().split()) if text else set()
        views = []
        for claim, claim_outlet, published in rows:
            who = " ".join(filter(None, (claim.speaker_text, claim.speaker_name, claim.role)))
            if speaker and speaker.lower() not in who.lower():
                continue
            if words and not words <= set(re.findall(r"\w+", (claim.content + " " + claim.ev_text).lower())):
                continue
            if paired and claim.key not in answered and claim.key not in answers:
                continue
            views.append(ClaimView(claim.key, claim.article_id, claim_outlet, published,
                                   claim.speaker_name or claim.speaker_text, claim.act, claim.content,
                                   claim.ev_text, answered.get(claim.key, []), answers.get(claim.key, [])))
        return views

    def outlets(self) -> list[dict[str, Any]]:
        """Every outlet's profile as of the last rebuild, by outlet name."""
        with self._session() as s:
            return [row.profile | {"outlet": row.outlet} for row in s.scalars(select(OutletRow)
                                                                               .order_by(OutletRow.outlet))]

    def places(self, name: str) -> list[tuple[float, float]]:
        """Coordinates stored for a place of this name (any spelling case), most frequent first."""
        with self._session() as s:
            rows = s.execute(select(EventRow.lat, EventRow.lon).where(
                EventRow.place_name.ilike(name), EventRow.lat.is_not(None), EventRow.lon.is_not(None)))
            counts: dict[tuple[float, float], int] = defaultdict(int)
            for lat, lon in rows:
                counts[(lat, lon)] += 1
        return sorted(counts, key=lambda c: -counts[c])

    def search(self, query: str, limit: int = 20) -> list[Hit]:
        """Full-text search over article bodies and evidence, best first."""
        words = re.findall(r"\w+", query)
        if not words:
            return []
        with self._session() as s:
            if self.engine.dialect.name == "sqlite":
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

    def _session(self) -> Session:
        return Session(self.engine, expire_on_commit=False)


def ingest(
    store: Store,
    items: Iterable[Document | DronewatchError],
    extract: Callable[[Iterable[Document]], Iterable[Record | DronewatchError]],
    extractor: str,
) -> Iterator[tuple[str, Outcome] | DronewatchError]:
    """Extract and store documents one transaction each, skipping any already stored by ``extractor``.

    Yields ``(source, outcome)`` per document ("unchanged" for the skipped ones) or the error of one
    that failed; the cross-source layer is rebuilt at the end. A rerun after a crash finishes the job.
    """
    skipped: list[str] = []

    def fresh() -> Iterator[Document]:
        for item in items:
            if isinstance(item, DronewatchError):
                failed.append(item)
                continue
            if store.stored_version(article_id(item.text)) == extractor:
                skipped.append(item.source)
                continue
            yield item

    failed: list[DronewatchError] = []
    for result in extract(fresh()):
        yield from _drain(skipped, failed)
        if isinstance(result, DronewatchError):
            yield result
            continue
        try:
            yield result.article.source, store.put(result)
        except SQLAlchemyError as exc:
            yield StoreError(f"{result.article.source}: not stored: {_problem(exc)}")
    yield from _drain(skipped, failed)
    try:
        store.rebuild()
    except SQLAlchemyError as exc:
        raise StoreError(f"{store.display_url}: rebuilding incidents failed: {_problem(exc)}") from exc


def _drain(skipped: list[str], failed: list[DronewatchError]) -> Iterator[tuple[str, Outcome] | DronewatchError]:
    while skipped:
        yield skipped.pop(0), "unchanged"
    while failed:
        yield failed.pop(0)


def _normalise_url(url: str) -> str:
    """Use psycopg 3 for PostgreSQL whatever driver the URL names (it is the one installed)."""
    for prefix in ("postgresql://", "postgres://", "postgresql+psycopg2://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def _engine(url: str) -> Engine:
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        pg = create_engine(url)

        @event.listens_for(pg, "connect")
        def _no_wait_for_flush(conn: Any, _record: Any) -> None:
            # A commit returns before the server flushes its log: a killed ingest still loses nothing
            # the server acknowledged, and only a server crash could drop the last moments, which a
            # rerun stores again. Each article's transaction stays atomic either way.
            with conn.cursor() as cur:
                cur.execute("SET synchronous_commit TO off")
            conn.commit()

        return pg
    if parsed.database and parsed.database != ":memory:":
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, connect_args={"timeout": SQLITE_BUSY_MS / 1000})

    @event.listens_for(engine, "connect")
    def _pragmas(conn: Any, _record: Any) -> None:
        cur = conn.cursor()
        cur.execute("PRAGMA foreign_keys=ON")
        # WAL with synchronous=NORMAL: a killed process never loses a committed transaction (only a
        # power cut could lose the last ones), and commits do not wait for fsync.
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.close()

    return engine


def _problem(exc: SQLAlchemyError) -> str:
    return str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]


def _version(extractor: str) -> tuple[int, ...]:
    """Compare extractor versions by their numbers ("dronewatch-0.10.0" is newer than "-0.9.2")."""
    return tuple(int(n) for n in re.findall(r"\d+", extractor))


def _table(model: type[Any]) -> Table:
    table: Table = Base.metadata.tables[model.__tablename__]
    return table


def _insert(conn: Connection | Session, table: type[Any], rows: list[dict[str, Any]]) -> None:
    """Insert rows in one executemany, through Core (the ORM's bulk path is several times slower)."""
    if rows:
        conn.execute(insert(_table(table)), rows)


def _insert_rows(conn: Connection, record: Record) -> None:
    """The rows of one record: events, claims, figures, framing and searchable passages."""
    aid = record.article.id
    events, passages = [], [{"article_id": aid, "kind": "article", "ref": None, "text": record.article.text}]
    for ref in refs_of(record):
        e = ref.event
        loc, when = e.location, e.date
        events.append({
            "article_id": aid, "idx": ref.index, "key": ref.key, "type": e.type, "trigger": e.trigger,
            "date_text": when.text if when else None, "earliest": when.earliest if when else None,
            "latest": when.latest if when else None, "place_text": loc.text if loc else None,
            "place_name": loc.name if loc else None, "country": loc.country if loc else None,
            "lat": loc.lat if loc else None, "lon": loc.lon if loc else None, "feature": loc.feature if loc else None,
            "actors": [a.model_dump() for a in e.actors], "targets": [t.model_dump() for t in e.targets],
            "weapons": [w.model_dump(by_alias=True) for w in e.weapons], "killed": e.casualties.killed,
            "injured": e.casualties.injured, "acled": e.acled, "status": e.status,
            "source_text": e.source.text if e.source else None, "source_name": e.source.name if e.source else None,
            "ev_start": e.evidence.start, "ev_end": e.evidence.end, "ev_text": e.evidence.text,
        })
        passages.append({"article_id": aid, "kind": "event", "ref": ref.key, "text": e.evidence.text})
    claims = []
    for c in claim_refs(record):
        sp = c.claim.speaker
        claims.append({
            "article_id": aid, "idx": c.index, "key": c.key, "speaker_text": sp.text, "speaker_name": sp.name,
            "role": sp.role, "affiliation": sp.affiliation, "cue": c.claim.cue, "act": c.claim.act,
            "content": c.claim.content, "direct": c.claim.direct, "about": list(c.claim.about),
            "ev_start": c.claim.evidence.start, "ev_end": c.claim.evidence.end, "ev_text": c.claim.evidence.text,
        })
        passages.append({"article_id": aid, "kind": "claim", "ref": c.key, "text": c.claim.evidence.text})
    figures = [{
        "article_id": aid, "idx": i, "kind": f.kind, "value": float(f.value), "qualifier": f.qualifier,
        "scope": f.scope, "source_text": f.source.text if f.source else None,
        "source_name": f.source.name if f.source else None,
        "ev_start": f.evidence.start, "ev_end": f.evidence.end, "ev_text": f.evidence.text,
    } for i, f in enumerate(record.figures)]
    fr = record.framing
    _insert(conn, EventRow, events)
    _insert(conn, ClaimRow, claims)
    _insert(conn, FigureRow, figures)
    _insert(conn, FramingRow, [{"article_id": aid, "naming": fr.naming, "opinion_markers": fr.opinion_markers,
                             "loaded": [t.model_dump() for t in fr.loaded], "stance": fr.stance}])
    _insert(conn, PassageRow, passages)


def _incident_row(incident: Incident, grade: str, reasons: list[str], titles: dict[str, str | None]) -> dict[str, Any]:
    events = [r.event for r in incident.events]
    days = [(e.date.earliest, e.date.latest) for e in events if e.date and e.date.earliest and e.date.latest]
    placed = sorted((e.location for e in events if e.location is not None),
                    key=lambda p: (p.lat is None, p.feature in ("region", "country"), p.name))
    types: dict[str, int] = defaultdict(int)
    for e in events:
        types[e.type] += 1
    reports = [{
        "article_id": r.article_id, "outlet": r.outlet, "title": titles.get(r.article_id),
        "published": r.published.isoformat() if r.published else None, "status": r.status,
        "source": r.source.name or r.source.text if r.source else None, "events": list(r.event_keys),
    } for r in incident.reports]
    return {
        "id": incident.id, "type": max(sorted(types), key=lambda t: types[t]),
        "first_day": min(d[0] for d in days) if days else None, "last_day": max(d[1] for d in days) if days else None,
        "place_name": placed[0].name if placed else None, "lat": placed[0].lat if placed else None,
        "lon": placed[0].lon if placed else None, "grade": grade, "reasons": reasons, "reports": reports,
    }


def _profile_json(p: OutletProfile) -> dict[str, Any]:
    return {
        "articles": p.articles, "words": p.words, "naming": p.naming, "loaded": p.loaded, "stance": p.stance,
        "side": p.side, "russian_spelling_share": p.russian_spelling_share,
        "loaded_per_1000_words": round(p.loaded_per_1000_words, 2), "other_side_claims": p.other_side_claims,
        "other_side_as_fact": p.other_side_as_fact, "as_fact_rate": p.as_fact_rate,
    }

