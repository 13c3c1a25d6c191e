"""Every document of ../shared/devcorpus through ``dronewatch extract``: a record or a one-line error each.

Real text nobody here wrote: web pages (``*.html.gz``), incident notes, news articles, press releases and
headlines (each CSV row's longest text field, each JSON item's), the annotated articles. Every one must
come out as a record or as one ``error SOURCE: problem`` line on stderr, within the time budget, with no
traceback; documents are fed to the CLI as JSON Lines in two shards run side by side (as many as CI's
cores). The run takes many minutes, so it runs when ``DRONEWATCH_DEVCORPUS_RUN=1`` and skips otherwise, as
it does with a message when ../shared/devcorpus (or ``DRONEWATCH_DEVCORPUS``) is absent.
"""

from __future__ import annotations

import csv
import gzip
import json
import os
import re
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

DEVCORPUS = Path(os.environ.get("DRONEWATCH_DEVCORPUS")
                 or Path(__file__).resolve().parents[2].parent / "shared" / "devcorpus")
SHARDS = 2
# Characters of a CSV/JSON field that make it a document (shorter ones are ids, dates, codes).
MIN_TEXT = 20

pytestmark = [
    pytest.mark.skipif(not DEVCORPUS.is_dir(), reason=f"{DEVCORPUS} is absent: the robustness run needs it"),
    pytest.mark.skipif(os.environ.get("DRONEWATCH_DEVCORPUS_RUN") != "1",
                       reason="the devcorpus robustness run takes many minutes: set DRONEWATCH_DEVCORPUS_RUN=1"),
]


def _longest_text(row: dict) -> str | None:
    texts = [v for v in row.values() if isinstance(v, str) and len(v.strip()) >= MIN_TEXT]
    return max(texts, key=len) if texts else None


def _documents() -> Iterator[dict]:
    """Every distinct document of the devcorpus as a JSON Lines item with an id naming where it came from
    (the same text found again, as the annotation files repeat their sentences, is the same document)."""
    seen: set[int] = set()
    for item in _all_documents():
        key = hash(item.get("text") or item.get("html"))
        if key not in seen:
            seen.add(key)
            yield item


def _all_documents() -> Iterator[dict]:
    csv.field_size_limit(1 << 30)
    for path in sorted(DEVCORPUS.rglob("*")):
        rel = path.relative_to(DEVCORPUS)
        name = path.name.lower()
        if name.endswith(".html.gz"):
            with gzip.open(path, "rb") as f:
                yield {"id": str(rel), "html": f.read().decode("utf-8", "replace")}
        elif name.endswith(".csv"):
            with path.open(encoding="utf-8", errors="replace", newline="") as f:
                for number, row in enumerate(csv.DictReader(f), start=2):
                    text = _longest_text(row)
                    if text:
                        yield {"id": f"{rel}:{number}", "text": text}
        elif name.endswith(".json") and path.stat().st_size < 50 << 20:
            try:
                data = json.loads(path.read_text(encoding="utf-8", errors="replace"))
            except json.JSONDecodeError:
                continue
            items = data if isinstance(data, list) else [data]
            for number, item in enumerate(items):
                text = _longest_text(item) if isinstance(item, dict) else None
                if text:
                    yield {"id": f"{rel}#{number}", "text": text}


def test_every_devcorpus_document_gives_a_record_or_one_line_error(tmp_path):
    shards = [(tmp_path / f"shard{i}.jsonl").open("w", encoding="utf-8") for i in range(SHARDS)]
    ids = []
    lines_of: dict[str, str] = {}  # "SHARD:LINE" -> id, for errors that name a line
    for n, item in enumerate(_documents()):
        ids.append(item["id"])
        shards[n % SHARDS].write(json.dumps(item) + "\n")
        lines_of[f"{tmp_path / f'shard{n % SHARDS}.jsonl'}:{n // SHARDS + 1}"] = item["id"]
    for f in shards:
        f.close()
    assert len(ids) > 1000, f"only {len(ids)} documents found under {DEVCORPUS}"

    started = time.monotonic()
    exe = Path(sys.executable).with_name("dronewatch")
    runs = [subprocess.Popen([str(exe), "extract", str(tmp_path / f"shard{i}.jsonl"), "--format", "jsonl",
                              "--out", str(tmp_path / f"out{i}.jsonl"), "--no-progress"],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for i in range(SHARDS)]
    outputs = [run.communicate(timeout=3000) for run in runs]
    wall = time.monotonic() - started

    records, errors = [], []
    for i, (run, (_, stderr)) in enumerate(zip(runs, outputs, strict=True)):
        assert run.returncode in (0, 1), f"shard {i} exit {run.returncode}: {stderr[-2000:]}"
        assert "Traceback" not in stderr, stderr[-3000:]
        lines = [line for line in stderr.splitlines() if line.strip()]
        if lines and re.fullmatch(r"\d+ failed, \d+ records written", lines[-1]):
            lines = lines[:-1]  # the run's summary
        assert all(line.startswith("error ") for line in lines), [x for x in lines if not x.startswith("error ")][:5]
        errors += lines
        with (tmp_path / f"out{i}.jsonl").open(encoding="utf-8") as f:
            records += [json.loads(line)["article"]["source"] for line in f]
    timeouts = [e for e in errors if "DRONEWATCH_DOC_TIMEOUT" in e]
    print(f"\ndevcorpus robustness: {len(ids)} documents, {len(records)} records, {len(errors)} errors "
          f"({len(timeouts)} over the time budget) in {wall:.0f} s with {SHARDS} processes")
    kinds = Counter(re.sub(r"\d[\d,.]*", "N", line.split(": ", 1)[-1])[:70] for line in errors)
    for kind, count in kinds.most_common(12):
        print(f"   {count:6d}  {kind}")
    for line in timeouts[:20]:
        print("  ", line[:300])
    # Every document is accounted for: one record, or one error line naming it (sources are SHARD#ID).
    given = [r.split("#", 1)[1] for r in records]
    for line in errors:
        where = line.removeprefix("error ").split(": ", 1)[0]
        given.append(lines_of[where] if where in lines_of else where.split("#", 1)[-1])
    missing = set(ids) - set(given)
    assert not missing, sorted(missing)[:10]
    assert len(records) + len(errors) == len(ids), (len(records), len(errors), len(ids))
