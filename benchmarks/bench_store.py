"""Ingest throughput into SQLite and PostgreSQL against extraction alone, measured in the same run.

The corpus (the demo corpus and the incidents corpus, repeated with a counter so every copy is a new
article) is extracted once without a store, then ingested into a fresh SQLite file and a fresh
PostgreSQL schema. Store overhead = time the ingest spends outside the extractor / time inside it
(both in the same run); the goal is <= 30%. The ratio to separate extraction-alone runs is printed too.

Then, on the same store, a few more articles (new copies of known reports) are stored and the
cross-source layer rebuilt twice: incrementally (what ``ingest`` does) and from scratch. The same again
on a store of ``--replicas`` times the ingested records, each replica moved years later (a new article
each, whose incidents never meet the other replicas'): a full rebuild grows with the store, an
incremental one with what the new articles touch.

    .venv/bin/python benchmarks/bench_store.py [--copies N] [--replicas R] [--pg URL]
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import quote

from dronewatch.errors import DronewatchError
from dronewatch.ingest import Document, iter_documents
from dronewatch.nlp import EXTRACTOR_VERSION, extract_documents, load_pipeline
from dronewatch.record import Record
from dronewatch.store import Store, ingest
from dronewatch.store.queries import records

ROOT = Path(__file__).resolve().parent.parent
CORPORA = [ROOT / "demo" / "corpus", ROOT / "tests" / "corpus" / "incidents" / "articles.jsonl"]
GOAL = 0.30
# Articles added after the ingest before timing an incremental rebuild against a full one.
MORE = 16
# Days between replicas of the stored records: more than the corpus spans, so replicas never merge.
REPLICA_SHIFT_DAYS = 2000


def _documents(copies: int, first: int = 0) -> list[Document]:
    base = [d for d in iter_documents([p for p in CORPORA if p.exists()]) if isinstance(d, Document)]
    return [replace(d, text=f"{d.text}\n\nCopy {i}.", source=f"{d.source}@{i}")
            for i in range(first, first + copies) for d in base]


def _extract_only(docs: list[Document], nlp: object) -> float:
    start = time.perf_counter()
    n = sum(isinstance(r, Record) for r in extract_documents(docs, nlp))  # type: ignore[arg-type]
    assert n > 0
    return time.perf_counter() - start


def _ingest(docs: list[Document], nlp: object, url: str) -> tuple[float, float, Store]:
    """Ingest into a fresh store: (total seconds, seconds spent inside the extractor during it, the store)."""
    store = Store(url)  # migrations run here, outside the timing
    inside = 0.0

    def extract(batch: Iterable[Document]) -> Iterator[Record | DronewatchError]:
        nonlocal inside
        results = extract_documents(batch, nlp)  # type: ignore[arg-type]
        while True:
            start = time.perf_counter()
            item = next(results, None)
            inside += time.perf_counter() - start
            if item is None:
                return
            yield item

    start = time.perf_counter()
    for _ in ingest(store, docs, extract, EXTRACTOR_VERSION):
        pass
    took = time.perf_counter() - start
    return took, inside, store


def _pg_schema_url(base: str) -> tuple[str, str] | None:
    import psycopg

    try:
        conn = psycopg.connect(base.replace("postgresql+psycopg://", "postgresql://", 1), autocommit=True,
                               connect_timeout=3)
    except psycopg.OperationalError as exc:
        print(f"postgresql: skipped, not reachable at {base} ({exc})")
        return None
    schema = f"dw_bench_{uuid.uuid4().hex[:10]}"
    conn.execute(f"CREATE SCHEMA {schema}")
    conn.close()
    sep = "&" if "?" in base else "?"
    return f"{base}{sep}options={quote(f'-csearch_path={schema}')}", schema


def _drop(base: str, schema: str) -> None:
    import psycopg

    with psycopg.connect(base.replace("postgresql+psycopg://", "postgresql://", 1), autocommit=True) as conn:
        conn.execute(f"DROP SCHEMA {schema} CASCADE")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--copies", type=int, default=8)
    parser.add_argument("--replicas", type=int, default=8)
    parser.add_argument("--pg", default=os.environ.get("DRONEWATCH_TEST_PG_URL",
                                                       "postgresql+psycopg://postgres@127.0.0.1:5432/test"))
    args = parser.parse_args()
    nlp = load_pipeline()
    docs = _documents(args.copies)
    _extract_only(docs[:10], nlp)  # warm up the pipeline
    # Extraction alone before and after each ingest, averaged: other work on the machine shifts both alike.
    print(f"{len(docs)} articles")
    more = [r for r in extract_documents(_documents(1, first=args.copies)[:MORE], nlp) if isinstance(r, Record)]
    with tempfile.TemporaryDirectory() as tmp:
        stored = _measure("sqlite", docs, more, nlp, f"sqlite:///{tmp}/bench.sqlite")
        _rebuild_at_scale("sqlite", stored, more, args.replicas, f"sqlite:///{tmp}/scaled.sqlite")
    for step in ("ingest", "scale"):
        pg = _pg_schema_url(args.pg)
        if not pg:
            break
        try:
            if step == "ingest":
                stored = _measure("postgresql", docs, more, nlp, pg[0])
            else:
                _rebuild_at_scale("postgresql", stored, more, args.replicas, pg[0])
        finally:
            _drop(args.pg, pg[1])


def _measure(name: str, docs: list[Document], more: list[Record], nlp: object, url: str) -> list[Record]:
    """Ingest and print the figures; returns the records stored."""
    before = _extract_only(docs, nlp)
    took, inside, store = _ingest(docs, nlp, url)
    after = _extract_only(docs, nlp)
    base = (before + after) / 2
    n = len(docs)
    print(f"{name}: extraction alone {base:.2f} s ({n / base:.1f} articles/s; runs {before:.2f} and {after:.2f}); "
          f"ingest {took:.2f} s ({n / took:.1f} articles/s) = {took / base:.2f}x extraction alone")
    own = took - inside
    print(f"{name}: within the ingest, extraction {inside:.2f} s and the store {own:.2f} s: store overhead "
          f"{own / inside:+.0%} ({'meets' if own / inside <= GOAL else 'above'} the goal <= {GOAL:.0%})")
    redone, everything, incremental, full = _timed_rebuilds(store, more)
    stored = [r for r in records(store) if r.article.id not in {m.article.id for m in more}]
    store.close()
    print(f"{name}: rebuild after {len(more)} more articles: incremental {incremental:.2f} s "
          f"({len(redone)} of {len(everything)} incidents), full {full:.2f} s: {full / incremental:.1f}x faster")
    return stored


def _timed_rebuilds(store: Store, more: list[Record]) -> tuple[list[Any], list[Any], float, float]:
    """Store ``more``, then time the incremental rebuild and a full one: (redone, all incidents, seconds, seconds)."""
    store.put_many(more)
    start = time.perf_counter()
    redone = store.rebuild()
    incremental = time.perf_counter() - start
    start = time.perf_counter()
    everything = store.rebuild(full=True)
    return redone, everything, incremental, time.perf_counter() - start


def _rebuild_at_scale(name: str, records: list[Record], more: list[Record], replicas: int, url: str) -> None:
    """Rebuild times on a store of ``replicas`` moved copies of ``records``, after ``more`` are added."""
    store = Store(url)
    scaled = [_replica(r, k) for k in range(replicas) for r in records]
    for i in range(0, len(scaled), 256):
        store.put_many(scaled[i:i + 256])
    store.rebuild()
    redone, everything, incremental, full = _timed_rebuilds(store, more)
    store.close()
    print(f"{name}: {len(scaled)} stored articles and {len(more)} more: incremental rebuild {incremental:.2f} s "
          f"({len(redone)} of {len(everything)} incidents), full {full:.2f} s: {full / incremental:.1f}x faster")


def _replica(record: Record, k: int) -> Record:
    """The record as another article, with every date moved ``k`` replica shifts later."""
    shift = timedelta(days=REPLICA_SHIFT_DAYS * k)

    def moved(day: date | None) -> date | None:
        return day + shift if day else None

    a = record.article
    events = [e.model_copy(update={"date": e.date.model_copy(update={
        "earliest": moved(e.date.earliest), "latest": moved(e.date.latest)})}) if e.date else e
        for e in record.events]
    article = a.model_copy(update={"id": f"{a.id}-r{k}", "source": f"{a.source}#r{k}", "published": moved(a.published)})
    return record.model_copy(update={"article": article, "events": events})


if __name__ == "__main__":
    main()
