"""The store: idempotent writes of records and the cross-source rebuild (every read is in ``queries``).

Each article is written in one transaction with everything extracted from it (``ingest`` writes a
few articles per transaction), so a killed process leaves whole articles or nothing of them. The same
article (same id) with the same extractor version is skipped before extraction; a newer version
replaces the article's rows and keeps the older record in ``record_versions``. Every write marks the
article for the next rebuild of the cross-source layer (``store.rebuild``), which recomputes only what
the marked articles can change.
"""

from __future__ import annotations

import re
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import UTC, datetime
from itertools import islice
from pathlib import Path
from typing import Any, Literal

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import (
    Connection,
    Engine,
    bindparam,
    create_engine,
    delete,
    event,
    insert,
    or_,
    select,
    text,
    update,
)
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from dronewatch.config import settings
from dronewatch.errors import DronewatchError, StoreError
from dronewatch.ingest.document import Document
from dronewatch.ingest.metadata import host_of
from dronewatch.merge import Incident, claim_refs, is_host, outlet_key, refs_of, word_count
from dronewatch.record import Record, article_id
from dronewatch.store import rebuild as cross_source
from dronewatch.store.models import (
    ArticleRow,
    ClaimRow,
    EventDocRow,
    EventRow,
    FigureRow,
    FramingRow,
    IncidentEventRow,
    MergePending,
    PassageRow,
    RecordVersion,
    Split,
    event_document,
    insert_rows,
    table_of,
)

__all__ = ["Outcome", "Store", "ingest", "load"]

Outcome = Literal["stored", "replaced", "unchanged", "older"]
_MIGRATIONS = Path(__file__).parent / "migrations"
# The PostgreSQL advisory lock that schema set-up and upgrades hold (any fixed 64-bit number: "dronewat").
_SCHEMA_LOCK = int.from_bytes(b"dronewat", "big") >> 1
# A SQLite writer waits this long (ms) for another writer's lock before failing.
SQLITE_BUSY_MS = 30_000
# ``ingest`` stores this many records per transaction, or what it holds once the oldest has waited
# PUT_WAIT_S: a transaction costs PostgreSQL a dozen round trips whatever its size, so one per article
# spent a third of the time extraction does. A killed ingest loses at most this much extraction work.
PUT_BATCH = 32
PUT_WAIT_S = 2.0
# Documents whose stored version ``ingest`` looks up in one query before extracting them.
LOOKUP_BATCH = 64
_ROW_TABLES = (EventRow, EventDocRow, ClaimRow, FigureRow, FramingRow, PassageRow)


class Store:
    """A dronewatch database (SQLite file or PostgreSQL), migrated to the current schema when opened."""

    def __init__(self, url: str | None = None) -> None:
        self.url = _normalise_url(url or settings.database_url)
        cfg = Config()
        cfg.set_main_option("script_location", str(_MIGRATIONS))
        try:
            self.engine = _engine(self.url)
            before = _migrate(self.engine, cfg)
        except SQLAlchemyError as exc:
            raise StoreError(f"{self.display_url}: cannot open the database: {_problem(exc)}") from exc
        if before is not None and before != ScriptDirectory.from_config(cfg).get_current_head():
            self.rebuild()  # an upgrade may empty the cross-source layer to recompute it in a new form

    @property
    def display_url(self) -> str:
        """The URL without its password, for messages."""
        return make_url(self.url).render_as_string(hide_password=True)

    def close(self) -> None:
        """Release the connections."""
        self.engine.dispose()

    def stored_versions(self, articles: Iterable[str]) -> dict[str, str]:
        """The extractor version of each of these articles that is stored, by article id."""
        ids = sorted(set(articles))
        with self.engine.connect() as conn:
            return {aid: version for aid, version in conn.execute(
                select(ArticleRow.id, ArticleRow.extractor).where(ArticleRow.id.in_(ids)))} if ids else {}

    def host_outlets(self, keys: Iterable[str]) -> dict[str, Counter[str]]:
        """How stored articles fetched from each host (by ``outlet_key``: "volgavoice") name their outlet,
        counted by name; hosts given as a name are left out."""
        wanted = sorted(set(keys))
        found: dict[str, Counter[str]] = defaultdict(Counter)
        if not wanted:
            return found
        with self.engine.connect() as conn:
            rows = conn.execute(select(ArticleRow.url, ArticleRow.outlet).where(
                ArticleRow.outlet.is_not(None), or_(*(ArticleRow.url.contains(key) for key in wanted))))
            for url, outlet in rows:
                host = host_of(url) if url else None
                if host and outlet and not is_host(outlet) and (key := outlet_key(host)) in wanted:
                    found[key][outlet] += 1
        return found

    def put(self, record: Record) -> Outcome:
        """Store one record in one transaction; an unchanged or older version stores nothing.

        Raises:
            StoreError: the database refused the record (nothing of it is stored).
        """
        return self.put_many([record])[0]

    def put_many(self, records: Sequence[Record]) -> list[Outcome]:
        """Store records in one transaction, all or none; one outcome per record, as ``put`` gives it.

        Raises:
            StoreError: the database refused one of the records (none of them is stored).
        """
        try:
            with self.engine.begin() as conn:
                outcomes: list[Outcome] = []
                for part in _without_repeats(records):
                    outcomes += _write(conn, part)
                return outcomes
        except SQLAlchemyError as exc:
            first = records[0].article.source
            who = first if len(records) == 1 else f"{first} and {len(records) - 1} more"
            raise StoreError(f"{who}: not stored: {_problem(exc)}") from exc

    def rebuild(self, full: bool = False) -> list[Incident]:
        """Bring incidents, claim pairs, grades and outlet profiles up to date with the stored records.

        Only what the articles stored since the last rebuild can change is recomputed (``full``
        recomputes everything); either way the result is the same, written in one transaction.
        Returns the incidents recomputed.

        Raises:
            StoreError: the database failed; the previous cross-source layer stays.
        """
        try:
            with self.engine.begin() as conn:
                return cross_source.rebuild(conn, full)
        except SQLAlchemyError as exc:
            raise StoreError(f"{self.display_url}: rebuilding incidents failed: {_problem(exc)}") from exc

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
            # The incident's articles are recomputed as if stored again: their block is redone.
            s.execute(insert(MergePending).from_select(
                ["article_id", "outlet"], select(ArticleRow.id, ArticleRow.outlet)
                .where(ArticleRow.id.in_({a for _, a in members}))))
        self.rebuild()
        return off

    def _session(self) -> Session:
        return Session(self.engine, expire_on_commit=False)


def ingest(
    store: Store,
    items: Iterable[Document | DronewatchError],
    extract: Callable[[Iterable[Document]], Iterable[Record | DronewatchError]],
    extractor: str,
) -> Iterator[tuple[str, Outcome] | DronewatchError]:
    """Extract and store documents, skipping any already stored by ``extractor``.

    Records are stored a few per transaction (``PUT_BATCH``). Yields ``(source, outcome)`` per
    document once it is committed ("unchanged" for the skipped ones) or the error of one that failed;
    the cross-source layer is rebuilt at the end. A rerun after a crash finishes the job.

    Raises:
        StoreError: the rebuild at the end failed (every record yielded as stored stays stored).
    """
    skipped: list[str] = []
    failed: list[DronewatchError] = []
    outlets = _HostNames(store)

    def fresh() -> Iterator[Document]:
        source = iter(items)
        while chunk := list(islice(source, LOOKUP_BATCH)):
            failed.extend(item for item in chunk if isinstance(item, DronewatchError))
            outlets.name([item for item in chunk if isinstance(item, Document)])
            docs = [(article_id(item.text), item) for item in chunk if isinstance(item, Document)]
            stored = store.stored_versions(aid for aid, _ in docs)
            for aid, doc in docs:
                if stored.get(aid) == extractor:
                    skipped.append(doc.source)
                else:
                    yield doc

    batch: list[Record] = []
    oldest = 0.0
    for result in extract(fresh()):
        yield from _drain(skipped, failed)
        if isinstance(result, DronewatchError):
            yield result
            continue
        if not batch:
            oldest = time.monotonic()
        batch.append(result)
        if len(batch) >= PUT_BATCH or time.monotonic() - oldest >= PUT_WAIT_S:
            yield from _put(store, batch)
            batch = []
    yield from _put(store, batch)
    yield from _drain(skipped, failed)
    store.rebuild()


class _HostNames:
    """Names for outlets known only by their host: the site name that other articles from the host give,
    read in this run or stored before ("volgavoice.example" is "Voice of the Volga")."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.names: dict[str, Counter[str]] = defaultdict(Counter)  # outlet key of a host -> its names
        self.asked: set[str] = set()  # keys already looked up in the store

    def name(self, docs: list[Document]) -> None:
        """Give each of ``docs`` whose outlet is a host the name its host's articles go by most, if any."""
        for doc in docs:
            if doc.outlet and doc.url and not is_host(doc.outlet) and (host := host_of(doc.url)):
                self.names[outlet_key(host)][doc.outlet] += 1
        hosts = {outlet_key(d.outlet) for d in docs if d.outlet and is_host(d.outlet)}
        for key, stored in self.store.host_outlets(hosts - self.asked).items():
            self.names[key].update(stored)
        self.asked |= hosts
        for doc in docs:
            if doc.outlet and is_host(doc.outlet) and (names := self.names.get(outlet_key(doc.outlet))):
                doc.outlet = names.most_common(1)[0][0]


def load(store: Store, records: Iterable[Record]) -> Iterator[tuple[str, Outcome] | DronewatchError]:
    """Store records extracted elsewhere (Parquet shards of ``ingest --out``), a few per transaction, as
    ``ingest`` does; a record already stored by its extractor is "unchanged", so a rerun finishes the job.

    Raises:
        StoreError: the rebuild at the end failed (every record yielded as stored stays stored).
    """
    source = iter(records)
    while batch := list(islice(source, PUT_BATCH)):
        yield from _put(store, batch)
    store.rebuild()


def _put(store: Store, batch: list[Record]) -> Iterator[tuple[str, Outcome] | StoreError]:
    """Store a batch in one transaction; if the database refuses it, each record alone, so only the
    records at fault fail."""
    if not batch:
        return
    try:
        outcomes = store.put_many(batch)
    except StoreError:
        for record in batch:
            try:
                yield record.article.source, store.put(record)
            except StoreError as exc:
                yield exc
        return
    yield from ((record.article.source, outcome) for record, outcome in zip(batch, outcomes, strict=True))


def _drain(skipped: list[str], failed: list[DronewatchError]) -> Iterator[tuple[str, Outcome] | DronewatchError]:
    while skipped:
        yield skipped.pop(0), "unchanged"
    while failed:
        yield failed.pop(0)


def _without_repeats(records: Sequence[Record]) -> Iterator[list[Record]]:
    """The records in runs that name no article twice, in order (a later copy must see the earlier one)."""
    part: list[Record] = []
    for record in records:
        if any(r.article.id == record.article.id for r in part):
            yield part
            part = []
        part.append(record)
    if part:
        yield part


def _write(conn: Connection, records: list[Record]) -> list[Outcome]:
    """Write records of distinct articles: one statement per table for all of them, whatever their number."""
    articles = table_of(ArticleRow)
    ids = [r.article.id for r in records]
    current = {aid: (extractor, outlet) for aid, extractor, outlet in conn.execute(
        select(articles.c.id, articles.c.extractor, articles.c.outlet).where(articles.c.id.in_(ids)))}
    now = datetime.now(UTC).replace(tzinfo=None)
    outcomes: list[Outcome] = []
    fresh, renewed = [], []
    for r in records:
        found = current.get(r.article.id)
        extractor = r.extractor or "unknown"
        if found is None:
            fresh.append(r)
            outcomes.append("stored")
        elif found[0] == extractor:
            outcomes.append("unchanged")
        elif _version(extractor) < _version(found[0]):
            outcomes.append("older")
        else:
            renewed.append(r)
            outcomes.append("replaced")
    had: set[tuple[str, str]] = set()
    if renewed:
        renewed_ids = [r.article.id for r in renewed]
        for model in _ROW_TABLES:
            conn.execute(delete(table_of(model)).where(table_of(model).c.article_id.in_(renewed_ids)))
        conn.execute(update(articles).where(articles.c.id == bindparam("_id")),
                     [{"_id": r.article.id, **_article_values(r, now)} for r in renewed])
        # Only a replaced article may hold this version from before (an older one came back and left).
        versions = table_of(RecordVersion)
        had = {(a, e) for a, e in conn.execute(select(versions.c.article_id, versions.c.extractor)
                                               .where(versions.c.article_id.in_(renewed_ids)))}
    insert_rows(conn, ArticleRow, [{"id": r.article.id, **_article_values(r, now)} for r in fresh])
    insert_rows(conn, RecordVersion, [
        {"article_id": r.article.id, "extractor": r.extractor or "unknown", "stored_at": now, "record": r.to_json()}
        for r in fresh + renewed if (r.article.id, r.extractor or "unknown") not in had])
    _insert_rows(conn, fresh + renewed)
    insert_rows(conn, MergePending, [{"article_id": r.article.id, "outlet": None} for r in fresh]
            + [{"article_id": r.article.id, "outlet": current[r.article.id][1]} for r in renewed])
    return outcomes


def _article_values(record: Record, now: datetime) -> dict[str, Any]:
    a = record.article
    return {"source": a.source, "outlet": a.outlet, "title": a.title, "authors": list(a.authors),
            "published": a.published, "genre": a.genre, "url": a.url, "text": a.text,
            "extractor": record.extractor or "unknown", "stored_at": now}


def _normalise_url(url: str) -> str:
    """Use psycopg 3 for PostgreSQL whatever driver the URL names (it is the one installed)."""
    for prefix in ("postgresql://", "postgres://", "postgresql+psycopg2://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def _migrate(engine: Engine, cfg: Config) -> str | None:
    """Bring the schema to the head revision in one transaction; the revision it was at before.

    SQLite: Python's driver commits before each DDL statement of its own accord, so a kill during the
    first set-up left half a schema ("table articles already exists" on every later open); here the
    driver's own transaction handling is off and one ``BEGIN IMMEDIATE`` holds every statement, so a kill
    leaves the database as it was, and a second process opening it waits for the first.
    PostgreSQL: DDL is transactional already; a transaction-scoped advisory lock makes two first opens
    take turns (the second finds the schema made) instead of racing to create the same tables.
    """
    with engine.connect() as conn:
        driver: Any = conn.connection.dbapi_connection
        sqlite = engine.dialect.name == "sqlite"
        if sqlite:
            driver.isolation_level = None
            conn.exec_driver_sql("BEGIN IMMEDIATE")
        else:
            conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _SCHEMA_LOCK})
        try:
            cfg.attributes["connection"] = conn
            before = MigrationContext.configure(conn).get_current_revision()
            command.upgrade(cfg, "head")
            conn.commit()
        except BaseException:
            conn.rollback()
            raise
        finally:
            if sqlite:
                driver.isolation_level = ""  # the driver's default again, for the pool
    return before


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


def _insert_rows(conn: Connection, records: list[Record]) -> None:
    """The rows of records: events, claims, figures, framing and searchable passages."""
    events, docs, claims, figures, framings, passages = [], [], [], [], [], []
    for record in records:
        aid, outlet, published = record.article.id, record.article.outlet, record.article.published
        passages.append({"article_id": aid, "kind": "article", "ref": None, "text": record.article.text})
        for ref in refs_of(record):
            e = ref.event
            loc, when = e.location, e.date
            row = {
                "article_id": aid, "idx": ref.index, "key": ref.key, "type": e.type, "trigger": e.trigger,
                "date_text": when.text if when else None, "earliest": when.earliest if when else None,
                "latest": when.latest if when else None, "place_text": loc.text if loc else None,
                "place_name": loc.name if loc else None, "country": loc.country if loc else None,
                "lat": loc.lat if loc else None, "lon": loc.lon if loc else None,
                "feature": loc.feature if loc else None,
                "actors": [a.model_dump() for a in e.actors], "targets": [t.model_dump() for t in e.targets],
                "weapons": [w.model_dump(by_alias=True) for w in e.weapons], "killed": e.casualties.killed,
                "injured": e.casualties.injured, "acled": e.acled, "status": e.status,
                "source_text": e.source.text if e.source else None,
                "source_name": e.source.name if e.source else None,
                "ev_start": e.evidence.start, "ev_end": e.evidence.end, "ev_text": e.evidence.text,
            }
            events.append(row)
            docs.append({"key": ref.key, "article_id": aid, "doc": event_document(row, outlet, published)})
            passages.append({"article_id": aid, "kind": "event", "ref": ref.key, "text": e.evidence.text})
        for c in claim_refs(record):
            sp = c.claim.speaker
            claims.append({
                "article_id": aid, "idx": c.index, "key": c.key, "speaker_text": sp.text, "speaker_name": sp.name,
                "role": sp.role, "affiliation": sp.affiliation, "cue": c.claim.cue, "act": c.claim.act,
                "content": c.claim.content, "direct": c.claim.direct, "about": list(c.claim.about),
                "ev_start": c.claim.evidence.start, "ev_end": c.claim.evidence.end, "ev_text": c.claim.evidence.text,
            })
            passages.append({"article_id": aid, "kind": "claim", "ref": c.key, "text": c.claim.evidence.text})
        figures += [{
            "article_id": aid, "idx": i, "kind": f.kind, "value": float(f.value), "qualifier": f.qualifier,
            "scope": f.scope, "source_text": f.source.text if f.source else None,
            "source_name": f.source.name if f.source else None,
            "ev_start": f.evidence.start, "ev_end": f.evidence.end, "ev_text": f.evidence.text,
            "role": f.role, "weapon_name": f.weapon.name if f.weapon else None,
            "weapon_class": f.weapon.class_ if f.weapon else None, "side": f.side, "night": f.night,
        } for i, f in enumerate(record.figures)]
        fr = record.framing
        framings.append({"article_id": aid, "naming": fr.naming, "opinion_markers": fr.opinion_markers,
                         "loaded": [t.model_dump() for t in fr.loaded], "stance": fr.stance,
                         "words": word_count(record.article.text)})
    insert_rows(conn, EventRow, events)
    insert_rows(conn, EventDocRow, docs)
    insert_rows(conn, ClaimRow, claims)
    insert_rows(conn, FigureRow, figures)
    insert_rows(conn, FramingRow, framings)
    insert_rows(conn, PassageRow, passages)
