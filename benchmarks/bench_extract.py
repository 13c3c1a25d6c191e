"""The whole dronewatch extraction against the bare spaCy pipeline on the same texts, in the same run.

A corpus of generated articles (``_corpus.py``: demo paragraphs recombined, places, dates and numbers
varied) is streamed from a JSON Lines file in chunks; each chunk goes through the bare pipeline
(``spacy.load(settings.spacy_model)``, ``nlp.pipe``) and through ``extract_documents`` (the pipeline
with dronewatch's components, then records), alternately, so that load from other processes hits both
alike. Prints both throughputs, their ratio (goal >= 0.5), and the process's peak RSS after the first
half of the corpus and after all of it (goal: no growth).

    .venv/bin/python benchmarks/bench_extract.py [--n 2000]
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import time
from itertools import islice
from pathlib import Path

import spacy

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _corpus import write_archive

from dronewatch.config import settings
from dronewatch.ingest import Document, iter_documents
from dronewatch.nlp import extract_documents, load_pipeline
from dronewatch.record import Record

RATIO_GOAL = 0.5
# Peak RSS may rise this much from the half to the whole corpus and still count as flat (allocator noise).
GROWTH_TOLERANCE = 1.05
CHUNK = 100  # articles per alternation between the two pipelines


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux reports KiB


def main() -> None:
    """Generate the corpus, run both pipelines over it chunk by chunk, print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=2000, help="articles (at least 2,000 for the issue's bar)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        archive = write_archive(Path(tmp) / "corpus.jsonl", args.n)
        bare = spacy.load(settings.spacy_model)
        full = load_pipeline()
        warm = [d for d in islice(iter_documents([archive]), 20) if isinstance(d, Document)]
        list(bare.pipe(d.text for d in warm))
        list(extract_documents(warm, full))

        documents = (d for d in iter_documents([archive]) if isinstance(d, Document))
        t_bare = t_full = 0.0
        words = done = records = 0
        rss_half = 0.0
        while chunk := list(islice(documents, CHUNK)):
            start = time.perf_counter()
            for doc in bare.pipe(d.text for d in chunk):
                words += len(doc)
            t_bare += time.perf_counter() - start
            start = time.perf_counter()
            records += sum(isinstance(r, Record) for r in extract_documents(chunk, full))
            t_full += time.perf_counter() - start
            done += len(chunk)
            if done <= args.n // 2:
                rss_half = _peak_rss_mb()
        rss_all = _peak_rss_mb()

    ratio = t_bare / t_full
    growth = rss_all / rss_half
    print(f"corpus: {done} generated articles, {words} tokens ({words / done:.0f} per article), "
          f"{records} records; model {settings.spacy_model}; load average {os.getloadavg()[0]:.1f}")
    print(f"bare spaCy pipeline:   {done / t_bare:7.1f} articles/s  {words / t_bare:8.0f} tokens/s  "
          f"({1000 * t_bare / done:.1f} ms/article)")
    print(f"dronewatch extraction: {done / t_full:7.1f} articles/s  {words / t_full:8.0f} tokens/s  "
          f"({1000 * t_full / done:.1f} ms/article)")
    print(f"ratio (dronewatch / bare): {ratio:.2f}  goal >= {RATIO_GOAL}  {'ok' if ratio >= RATIO_GOAL else 'BELOW'}")
    print(f"peak RSS: {rss_half:.0f} MB after {args.n // 2} articles, {rss_all:.0f} MB after {done} "
          f"({growth:.3f}x)  {'flat' if growth <= GROWTH_TOLERANCE else 'GROWS'}")


if __name__ == "__main__":
    main()
