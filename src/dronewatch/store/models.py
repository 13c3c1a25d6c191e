"""The database schema: SQLAlchemy 2 typed models, one schema for SQLite and PostgreSQL.

The record of each article's current extraction is kept exactly (``RecordVersion.record``, the
contract's JSON) and spread into rows that queries filter on. The cross-source layer (incidents,
links, claim pairs, outlet profiles) is derived from the records and rebuilt in one transaction;
only ``Split`` rows, a user's decisions, are kept across rebuilds. A rebuild recomputes only what the
articles in ``MergePending`` (stored or replaced since the last one) can change: ``IncidentEventRow``
keeps, for each event, what finding those parts needs (its block, dates, type and place).
"""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

import orjson
from sqlalchemy import (
    JSON,
    Connection,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
    insert,
)
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

__all__ = [
    "ArticleRow",
    "Base",
    "ClaimPairRow",
    "ClaimRow",
    "EventDocRow",
    "EventRow",
    "FigureRow",
    "FramingRow",
    "IncidentEventRow",
    "IncidentLinkRow",
    "IncidentRow",
    "MergePending",
    "MergeState",
    "OutletRow",
    "PassageRow",
    "RecordVersion",
    "Split",
    "event_document",
    "insert_rows",
    "table_of",
]


class Base(DeclarativeBase):
    """The declarative base of every table."""


class ArticleRow(Base):
    """An article and the extractor version whose records are current."""

    __tablename__ = "articles"
    id: Mapped[str] = mapped_column(String(80), primary_key=True)
    source: Mapped[str] = mapped_column(Text)
    outlet: Mapped[str | None] = mapped_column(String(200), index=True)
    title: Mapped[str | None] = mapped_column(Text)
    authors: Mapped[list[Any]] = mapped_column(JSON)
    published: Mapped[date | None] = mapped_column(Date, index=True)
    genre: Mapped[str] = mapped_column(String(20))
    url: Mapped[str | None] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text)
    extractor: Mapped[str] = mapped_column(String(100))
    stored_at: Mapped[datetime] = mapped_column(DateTime)


class RecordVersion(Base):
    """Every record an extractor version made of an article: the history of versions."""

    __tablename__ = "record_versions"
    __table_args__ = (UniqueConstraint("article_id", "extractor"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    article_id: Mapped[str] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), index=True)
    extractor: Mapped[str] = mapped_column(String(100))
    stored_at: Mapped[datetime] = mapped_column(DateTime)
    record: Mapped[str] = mapped_column(Text)


class EventRow(Base):
    """One event of an article's current record."""

    __tablename__ = "events"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    article_id: Mapped[str] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), index=True)
    idx: Mapped[int] = mapped_column(Integer)
    key: Mapped[str] = mapped_column(String(40), index=True)
    type: Mapped[str] = mapped_column(String(40), index=True)
    trigger: Mapped[str] = mapped_column(Text)
    date_text: Mapped[str | None] = mapped_column(Text)
    earliest: Mapped[date | None] = mapped_column(Date, index=True)
    latest: Mapped[date | None] = mapped_column(Date)
    place_text: Mapped[str | None] = mapped_column(Text)
    place_name: Mapped[str | None] = mapped_column(String(200))
    country: Mapped[str | None] = mapped_column(String(2))
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)
    feature: Mapped[str | None] = mapped_column(String(20))
    actors: Mapped[list[Any]] = mapped_column(JSON)
    targets: Mapped[list[Any]] = mapped_column(JSON)
    weapons: Mapped[list[Any]] = mapped_column(JSON)
    killed: Mapped[int | None] = mapped_column(Integer)
    injured: Mapped[int | None] = mapped_column(Integer)
    acled: Mapped[str | None] = mapped_column(String(100))
    status: Mapped[str] = mapped_column(String(20))
    source_text: Mapped[str | None] = mapped_column(Text)
    source_name: Mapped[str | None] = mapped_column(Text)
    ev_start: Mapped[int] = mapped_column(Integer)
    ev_end: Mapped[int] = mapped_column(Integer)
    ev_text: Mapped[str] = mapped_column(Text)


class EventDocRow(Base):
    """An event as the API sends it (``EventOut``) but for its row id, written with the event.

    A page of events is then these documents, read, not JSON built on every request. They are kept
    apart from ``events`` so that the filters' scans of that table stay narrow.
    """

    __tablename__ = "event_docs"
    key: Mapped[str] = mapped_column(String(40), primary_key=True)
    article_id: Mapped[str] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), index=True)
    doc: Mapped[str] = mapped_column(Text)


def event_document(row: dict[str, Any], outlet: str | None, published: date | None) -> str:
    """The JSON document of an ``EventRow`` (its column values, without ``id``) in an article of ``outlet``."""
    placed = row["place_name"] is not None
    return orjson.dumps({
        "key": row["key"], "article_id": row["article_id"], "outlet": outlet, "published": published,
        "type": row["type"], "trigger": row["trigger"],
        "date": {"text": row["date_text"], "earliest": row["earliest"], "latest": row["latest"]}
        if row["date_text"] is not None else None,
        "location": {"text": row["place_text"], "name": row["place_name"], "country": row["country"],
                     "feature": row["feature"], "lat": row["lat"], "lon": row["lon"]} if placed else None,
        "actors": row["actors"], "targets": row["targets"], "weapons": row["weapons"],
        "casualties": {"killed": row["killed"], "injured": row["injured"]}, "acled": row["acled"],
        "status": row["status"],
        "source": {"text": row["source_text"], "name": row["source_name"]}
        if row["source_text"] is not None else None,
        "evidence": {"start": row["ev_start"], "end": row["ev_end"], "text": row["ev_text"]},
        "mentions": [],
    }).decode()


class ClaimRow(Base):
    """One claim of an article's current record."""

    __tablename__ = "claims"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    article_id: Mapped[str] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), index=True)
    idx: Mapped[int] = mapped_column(Integer)
    key: Mapped[str] = mapped_column(String(40), index=True)
    speaker_text: Mapped[str] = mapped_column(Text)
    speaker_name: Mapped[str | None] = mapped_column(Text)
    role: Mapped[str | None] = mapped_column(Text)
    affiliation: Mapped[str | None] = mapped_column(String(20))
    cue: Mapped[str] = mapped_column(Text)
    act: Mapped[str] = mapped_column(String(20), index=True)
    content: Mapped[str] = mapped_column(Text)
    direct: Mapped[bool]
    about: Mapped[list[Any]] = mapped_column(JSON)
    ev_start: Mapped[int] = mapped_column(Integer)
    ev_end: Mapped[int] = mapped_column(Integer)
    ev_text: Mapped[str] = mapped_column(Text)


class FigureRow(Base):
    """One figure of an article's current record."""

    __tablename__ = "figures"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    article_id: Mapped[str] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), index=True)
    idx: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(20), index=True)
    value: Mapped[float] = mapped_column(Float)
    qualifier: Mapped[str | None] = mapped_column(String(20))
    scope: Mapped[str | None] = mapped_column(Text)
    source_text: Mapped[str | None] = mapped_column(Text)
    source_name: Mapped[str | None] = mapped_column(Text)
    ev_start: Mapped[int] = mapped_column(Integer)
    ev_end: Mapped[int] = mapped_column(Integer)
    ev_text: Mapped[str] = mapped_column(Text)
    # A drone or missile count's part in a salvo, what was counted, whose, and the night (the barrage tracker).
    role: Mapped[str | None] = mapped_column(String(20), index=True)
    weapon_name: Mapped[str | None] = mapped_column(Text)
    weapon_class: Mapped[str | None] = mapped_column(String(20))
    side: Mapped[str | None] = mapped_column(String(2))
    night: Mapped[date | None] = mapped_column(Date, index=True)


class FramingRow(Base):
    """The framing of an article's current record."""

    __tablename__ = "framings"
    article_id: Mapped[str] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True)
    naming: Mapped[dict[str, Any]] = mapped_column(JSON)
    loaded: Mapped[list[Any]] = mapped_column(JSON)
    opinion_markers: Mapped[int] = mapped_column(Integer)
    stance: Mapped[dict[str, Any]] = mapped_column(JSON)
    words: Mapped[int] = mapped_column(Integer)  # of the article's text, for its outlet's profile


class PassageRow(Base):
    """Searchable text: an article's body, or one piece of evidence (FTS5 / tsvector index on ``text``)."""

    __tablename__ = "passages"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    article_id: Mapped[str] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    ref: Mapped[str | None] = mapped_column(String(40))
    text: Mapped[str] = mapped_column(Text)


class IncidentRow(Base):
    """One happening across articles, its grade and the reasons for it."""

    __tablename__ = "incidents"
    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    type: Mapped[str] = mapped_column(String(40), index=True)
    first_day: Mapped[date | None] = mapped_column(Date, index=True)
    last_day: Mapped[date | None] = mapped_column(Date)
    place_name: Mapped[str | None] = mapped_column(String(200))
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)
    grade: Mapped[str] = mapped_column(String(30), index=True)
    reasons: Mapped[list[Any]] = mapped_column(JSON)
    reports: Mapped[list[Any]] = mapped_column(JSON)
    claimed_by: Mapped[list[Any]] = mapped_column(JSON)  # sides whose sources the attributed reports cite
    country: Mapped[str | None] = mapped_column(String(2), index=True)
    report_count: Mapped[int] = mapped_column(Integer)
    # The range of the counts its reports give; None when no report gives one (which is not 0).
    killed_low: Mapped[int | None] = mapped_column(Integer)
    killed_high: Mapped[int | None] = mapped_column(Integer)
    injured_low: Mapped[int | None] = mapped_column(Integer)
    injured_high: Mapped[int | None] = mapped_column(Integer)
    vague: Mapped[bool]  # no report dates it to a month or less: background, not a happening to list


class IncidentEventRow(Base):
    """Which incident and block an event (by its stable key) belongs to, and what merging compares of it.

    A block holds every event that candidate links connect. The event's type, dates, place, targets
    and its article's publication day are all ``merge.incidents.compare_events`` reads, so a rebuild
    finds the stored events a new one links to, and so the blocks it changes, without reading records.
    """

    __tablename__ = "incident_events"
    event_key: Mapped[str] = mapped_column(String(40), primary_key=True)
    incident_id: Mapped[str] = mapped_column(String(40), index=True)
    article_id: Mapped[str] = mapped_column(String(80), index=True)
    block: Mapped[str] = mapped_column(String(40), index=True)
    type: Mapped[str] = mapped_column(String(40))
    earliest: Mapped[date | None] = mapped_column(Date, index=True)
    latest: Mapped[date | None] = mapped_column(Date)
    place_key: Mapped[str | None] = mapped_column(Text, index=True)
    place_name: Mapped[str | None] = mapped_column(Text)
    country: Mapped[str | None] = mapped_column(Text)
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)
    feature: Mapped[str | None] = mapped_column(String(20))
    admin1: Mapped[str | None] = mapped_column(Text)
    targets: Mapped[list[Any]] = mapped_column(JSON)
    published: Mapped[date | None] = mapped_column(Date)


class IncidentLinkRow(Base):
    """Why two events were joined: the explanation of a merge."""

    __tablename__ = "incident_links"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    incident_id: Mapped[str] = mapped_column(String(40), index=True)
    a: Mapped[str] = mapped_column(String(40))
    b: Mapped[str] = mapped_column(String(40))
    score: Mapped[float] = mapped_column(Float)
    reasons: Mapped[list[Any]] = mapped_column(JSON)


class Split(Base):
    """A user's decision that two events are different happenings; kept across re-ingest and rebuilds."""

    __tablename__ = "splits"
    __table_args__ = (UniqueConstraint("a", "b"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    a: Mapped[str] = mapped_column(String(40))
    b: Mapped[str] = mapped_column(String(40))
    created_at: Mapped[datetime] = mapped_column(DateTime)


class ClaimPairRow(Base):
    """An accusation and the denial that answers it."""

    __tablename__ = "claim_pairs"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    accusation: Mapped[str] = mapped_column(String(40), index=True)
    denial: Mapped[str] = mapped_column(String(40), index=True)
    reasons: Mapped[list[Any]] = mapped_column(JSON)
    accusation_article: Mapped[str] = mapped_column(String(80), index=True)
    denial_article: Mapped[str] = mapped_column(String(80), index=True)


class OutletRow(Base):
    """An outlet's profile, as ``merge.outlets`` computed it at the last rebuild."""

    __tablename__ = "outlets"
    outlet: Mapped[str] = mapped_column(String(200), primary_key=True)
    profile: Mapped[dict[str, Any]] = mapped_column(JSON)


class MergePending(Base):
    """An article stored or replaced since the last rebuild, with its outlet before a replacement."""

    __tablename__ = "merge_pending"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    article_id: Mapped[str] = mapped_column(String(80), index=True)
    outlet: Mapped[str | None] = mapped_column(String(200))


class MergeState(Base):
    """One row, updated first by every rebuild: it makes rebuilds take turns, on either backend."""

    __tablename__ = "merge_state"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    rebuilt_at: Mapped[datetime | None] = mapped_column(DateTime)


Index("ix_events_place", EventRow.place_name)


def table_of(model: type[Base]) -> Table:
    """The Core table of a model, for statements that skip the ORM's bookkeeping."""
    return Base.metadata.tables[model.__tablename__]


def insert_rows(conn: Connection, model: type[Base], rows: list[dict[str, Any]]) -> None:
    """Insert rows (each with the same keys) in one go: COPY on PostgreSQL, else one Core executemany.

    PostgreSQL's executemany sends one INSERT per row; COPY took a third of that time for the rows of
    the benchmark corpus (``benchmarks/bench_store.py``). The ORM's bulk path is slower than either.
    """
    if not rows:
        return
    table = table_of(model)
    if conn.dialect.name != "postgresql":
        conn.execute(insert(table), rows)
        return
    columns = list(rows[0])
    as_json = {c for c in columns if isinstance(table.c[c].type, JSON)}  # serialised as SQLAlchemy's JSON type does
    quote = conn.dialect.identifier_preparer
    sql = f"COPY {quote.format_table(table)} ({', '.join(quote.quote(c) for c in columns)}) FROM STDIN"
    driver = conn.connection.driver_connection
    assert driver is not None  # an open connection always has its driver's connection
    error = conn.dialect.loaded_dbapi.Error
    try:
        with driver.cursor() as cursor, cursor.copy(sql) as copy:
            for row in rows:
                copy.write_row([json.dumps(row[c]) if c in as_json else row[c] for c in columns])
    except error as exc:  # raised as SQLAlchemy raises what executemany meets, for the callers' handlers
        raise DBAPIError.instance(sql, None, exc, error, dialect=conn.dialect) from exc
