"""Extraction over real text (devcorpus incident notes and war articles) against the bare spaCy pipeline.

The texts are read in place from ``../shared/devcorpus`` (never copied): ACLED incident notes (the ``notes``
column of ``acled_events/*.csv``) and the full war articles of
``news_text/ukraine_war_articles_gdelt_2022-2024_gptlabels.json``. Each chunk goes through the bare pipeline
(``spacy.load(settings.spacy_model)``, ``nlp.pipe``) and through ``extract_documents`` (dronewatch's
components, then records), alternately, so that load from other processes hits both alike. Prints both
throughputs and their ratio (goal >= 0.6), for the notes and the articles separately and together.

    .venv/bin/python benchmarks/bench_events.py [--notes 2000] [--articles 200] [--devcorpus ../shared/devcorpus]
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import sys
import time
from datetime import date
from itertools import islice
from pathlib import Path

import spacy

from dronewatch.config import settings
from dronewatch.ingest import Document
from dronewatch.nlp import extract_documents, load_pipeline
from dronewatch.record import Record

RATIO_GOAL = 0.6
CHUNK = 50  # texts per alternation between the two pipelines
DEVCORPUS = Path("../shared/devcorpus")  # as the devcorpus README runs it: from the repository, beside ../shared


def _notes(root: Path, n: int) -> list[str]:
    """The first ``n`` incident notes, taken in turn from each ACLED file."""
    per_file: list[list[str]] = []
    for path in sorted((root / "acled_events").glob("*.csv")):
        with path.open(encoding="utf-8", errors="replace", newline="") as f:
            per_file.append([r["notes"] for r in csv.DictReader(f) if r.get("notes")])
    mixed = [note for group in zip(*per_file, strict=False) for note in group]
    return mixed[:n]


def _articles(root: Path, n: int) -> list[str]:
    """The first ``n`` war articles' full texts."""
    path = root / "news_text" / "ukraine_war_articles_gdelt_2022-2024_gptlabels.json"
    items = json.loads(path.read_text(encoding="utf-8"))
    return [str(item["content"]) for item in items if item.get("content")][:n]


def _run(name: str, texts: list[str], bare: spacy.language.Language, full: spacy.language.Language) -> tuple[float, float]:
    """Time both pipelines over ``texts`` chunk by chunk; print and return (bare seconds, dronewatch seconds)."""
    documents = [Document(source=f"{name}-{i}.txt", text=t, published=date(2025, 1, 1)) for i, t in enumerate(texts)]
    t_bare = t_full = 0.0
    tokens = records = 0
    stream = iter(documents)
    while chunk := list(islice(stream, CHUNK)):
        start = time.perf_counter()
        for doc in bare.pipe(d.text for d in chunk):
            tokens += len(doc)
        t_bare += time.perf_counter() - start
        start = time.perf_counter()
        records += sum(isinstance(r, Record) for r in extract_documents(chunk, full))
        t_full += time.perf_counter() - start
    n = len(documents)
    print(f"{name}: {n} texts, {tokens} tokens, {records} records")
    print(f"  bare spaCy pipeline:   {n / t_bare:7.1f} texts/s  ({1000 * t_bare / n:.1f} ms/text)")
    print(f"  dronewatch extraction: {n / t_full:7.1f} texts/s  ({1000 * t_full / n:.1f} ms/text)")
    print(f"  ratio (dronewatch / bare): {t_bare / t_full:.2f}")
    return t_bare, t_full


def main() -> None:
    """Read the texts, warm both pipelines, time them per corpus and together, print the ratios."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notes", type=int, default=2000, help="incident notes to run")
    parser.add_argument("--articles", type=int, default=200, help="war articles to run")
    parser.add_argument("--devcorpus", type=Path, default=DEVCORPUS)
    args = parser.parse_args()
    if not (args.devcorpus / "acled_events").is_dir():
        sys.exit(f"{args.devcorpus}: no devcorpus here (pass --devcorpus)")
    notes, articles = _notes(args.devcorpus, args.notes), _articles(args.devcorpus, args.articles)
    bare = spacy.load(settings.spacy_model)
    full = load_pipeline()
    warm = notes[:20] + articles[:5]
    list(bare.pipe(warm))
    list(extract_documents([Document(source=f"warm-{i}.txt", text=t) for i, t in enumerate(warm)], full))
    print(f"model {settings.spacy_model}; load average {os.getloadavg()[0]:.1f}")
    b1, f1 = _run("notes", notes, bare, full)
    b2, f2 = _run("articles", articles, bare, full)
    ratio = (b1 + b2) / (f1 + f2)
    print(f"all: ratio (dronewatch / bare) {ratio:.2f}  goal >= {RATIO_GOAL}  {'ok' if ratio >= RATIO_GOAL else 'BELOW'}")


if __name__ == "__main__":
    main()
