"""Throughput of the local engine and of Ray with 1 and 2 workers, and memory against archive size.

Generates an archive of N articles (``_corpus.py``; default 20,000, ``--quick`` 2,000) and extracts it
three times into Parquet shards (``write_shards``, the sink of ``ingest --out``), in one run:

- local: this process, ``extract_documents``; its peak RSS is read after N/10 articles and after all N
  (goal: within 1.2x, i.e. a local ingest of 20,000 holds no more than one of 2,000);
- Ray, 1 worker and 2 workers (a local Ray started here with 2 CPUs, offline): the time from the first
  document to the last shard, actors already loaded (their start-up is printed apart); the speed-up
  2 workers / 1 worker (goal >= 1.7 on a 2-core machine) and each worker's peak RSS.

    .venv/bin/python benchmarks/bench_scale.py [--quick | --n N]
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import time
from collections.abc import Iterator
from itertools import islice
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _corpus import write_archive

from dronewatch.errors import DronewatchError
from dronewatch.ingest import Document, iter_documents
from dronewatch.nlp import EXTRACTOR_VERSION, extract_documents, load_pipeline
from dronewatch.scale import RayExtractor, start_ray, write_shards

SPEEDUP_GOAL = 1.7
MEMORY_GOAL = 1.2
QUICK = 2000
FULL = 20000
MB = 1024 * 1024


def _peak_rss() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # Linux reports KiB


def _cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _run(archive: Path, extract: object, out: Path) -> tuple[int, int, float]:
    """Extract the archive into shards: (records stored, failures, seconds)."""
    stored = failed = 0
    start = time.perf_counter()
    for item in write_shards(iter_documents([archive]), extract, out, EXTRACTOR_VERSION,  # type: ignore[arg-type]
                             inputs=[archive]):
        if isinstance(item, DronewatchError):
            failed += 1
        else:
            stored += 1
    return stored, failed, time.perf_counter() - start


def main() -> None:
    """Generate the archive, run the three engines, print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=FULL, help=f"articles (default {FULL})")
    parser.add_argument("--quick", action="store_true", help=f"{QUICK} articles")
    args = parser.parse_args()
    n = QUICK if args.quick else args.n
    checkpoint = max(n // 10, 1)
    with tempfile.TemporaryDirectory() as tmp:
        archive = write_archive(Path(tmp) / "archive.jsonl", n)
        print(f"archive: {n} generated articles, {archive.stat().st_size / MB:.1f} MB; "
              f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}", flush=True)

        # Local, single process: the peak RSS at N/10 read as the documents stream past.
        nlp = load_pipeline()
        list(extract_documents([d for d in islice(iter_documents([archive]), 16) if isinstance(d, Document)], nlp))
        rss = {"start": _peak_rss()}

        def local(documents: Iterator[Document]) -> Iterator[object]:
            def counted() -> Iterator[Document]:
                for i, d in enumerate(documents, start=1):
                    if i == checkpoint:
                        rss["checkpoint"] = _peak_rss()
                    yield d
            return extract_documents(counted(), nlp)

        stored, failed, t_local = _run(archive, local, Path(tmp) / "local")
        rss["end"] = _peak_rss()
        print(f"local, 1 process: {stored} records, {failed} failed in {t_local:.0f} s = "
              f"{stored / t_local:.2f} articles/s ({1000 * t_local / max(stored, 1):.0f} ms/article)", flush=True)

        # Ray: one local cluster of 2 CPUs; 1 then 2 actors.
        started = time.perf_counter()
        start_ray(workers=2)
        print(f"ray: local cluster up in {time.perf_counter() - started:.1f} s", flush=True)
        rates: dict[int, float] = {}
        for workers in (1, 2):
            started = time.perf_counter()
            pool = RayExtractor(workers, as_json=True)  # as `ingest --engine ray --out DIR` runs it
            pool.peak_rss()  # returns once every actor has loaded the pipeline
            ready = time.perf_counter() - started
            cpu = _cpu_seconds()
            stored, failed, took = _run(archive, pool, Path(tmp) / f"ray{workers}")
            driver = (_cpu_seconds() - cpu) / took
            worker_rss = pool.peak_rss()
            pool.close()
            rates[workers] = stored / took
            print(f"ray, {workers} worker(s): {stored} records, {failed} failed in {took:.0f} s = "
                  f"{rates[workers]:.2f} articles/s (actors ready in {ready:.1f} s; driver used "
                  f"{driver:.0%} of a CPU); peak RSS per worker: "
                  f"{', '.join(f'{r / MB:.0f} MB' for r in worker_rss)}", flush=True)

    speedup = rates[2] / rates[1]
    growth = rss["end"] / rss["checkpoint"]
    print(f"speed-up 2 workers / 1 worker: {speedup:.2f}  goal >= {SPEEDUP_GOAL}  "
          f"{'ok' if speedup >= SPEEDUP_GOAL else 'BELOW'}")
    print(f"ray 2 workers / local: {rates[2] * t_local / n:.2f}")
    print(f"local peak RSS: {rss['checkpoint'] / MB:.0f} MB after {checkpoint} articles, {rss['end'] / MB:.0f} MB "
          f"after {n} ({growth:.3f}x)  goal <= {MEMORY_GOAL}x  {'ok' if growth <= MEMORY_GOAL else 'GROWS'}")


if __name__ == "__main__":
    main()
