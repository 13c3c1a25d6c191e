"""Ingest throughput into SQLite and PostgreSQL against extraction alone, measured in the same run.

The corpus (the demo corpus and the incidents corpus, repeated with a counter so every copy is a new
article) is extracted once without a store, then ingested into a fresh SQLite file and a fresh
PostgreSQL schema. Store overhead = time the ingest spends outside the extractor / time inside it\n(both in the same run); the goal is <= 30%. The ratio to separate extraction-alone runs is printed too.

    .venv/bin/python benchmarks/bench_store.py [--copies N] [--pg URL]
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import replace
from pathlib import Path
from urllib.parse import quote

from dronewatch.errors import DronewatchError
from dronewatch.ingest import Document, iter_documents
from dronewatch.nlp import EXTRACTOR_VERSION, extract_documents, load_pipeline
from dronewatch.record import Record
from dronewatch.store import Store, ingest

ROOT = Path(__file__).resolve().parent.parent
CORPORA = [ROOT / "demo" / "corpus", ROOT / "tests" / "corpus" / "incidents" / "articles.jsonl"]
GOAL = 0.30


def _documents(copies: int) -> list[Document]:
    base = [d for d in iter_documents([p for p in CORPORA if p.exists()]) if isinstance(d, Document)]
    return [replace(d, text=f"{d.text}\n\nCopy {i}.", source=f"{d.source}@{i}") for i in range(copies) for d in base]


def _extract_only(docs: list[Document], nlp: object) -> float:
    start = time.perf_counter()
    n = sum(isinstance(r, Record) for r in extract_documents(docs, nlp))  # type: ignore[arg-type]
    assert n > 0
    return time.perf_counter() - start


def _ingest(docs: list[Document], nlp: object, url: str) -> tuple[float, float]:
    """Ingest into a fresh store: (total seconds, seconds spent inside the extractor during it)."""
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
    store.close()
    return took, inside


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
    parser.add_argument("--pg", default=os.environ.get("DRONEWATCH_TEST_PG_URL",
                                                       "postgresql+psycopg://postgres@127.0.0.1:5432/test"))
    args = parser.parse_args()
    nlp = load_pipeline()
    docs = _documents(args.copies)
    _extract_only(docs[:10], nlp)  # warm up the pipeline
    # Extraction alone before and after each ingest, averaged: other work on the machine shifts both alike.
    print(f"{len(docs)} articles")
    with tempfile.TemporaryDirectory() as tmp:
        _measure("sqlite", docs, nlp, f"sqlite:///{tmp}/bench.sqlite")
    pg = _pg_schema_url(args.pg)
    if pg:
        try:
            _measure("postgresql", docs, nlp, pg[0])
        finally:
            _drop(args.pg, pg[1])


def _measure(name: str, docs: list[Document], nlp: object, url: str) -> None:
    before = _extract_only(docs, nlp)
    took, inside = _ingest(docs, nlp, url)
    after = _extract_only(docs, nlp)
    base = (before + after) / 2
    n = len(docs)
    print(f"{name}: extraction alone {base:.2f} s ({n / base:.1f} articles/s; runs {before:.2f} and {after:.2f}); "
          f"ingest {took:.2f} s ({n / took:.1f} articles/s) = {took / base:.2f}x extraction alone")
    own = took - inside
    print(f"{name}: within the ingest, extraction {inside:.2f} s and the store {own:.2f} s: store overhead "
          f"{own / inside:+.0%} ({'meets' if own / inside <= GOAL else 'above'} the goal <= {GOAL:.0%})")


if __name__ == "__main__":
    main()
