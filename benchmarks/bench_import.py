"""`dronewatch gazetteer import` on a synthetic 1-million-line GeoNames dump: peak memory, speed, and a resume.

Figures, all measured in this run, each import in a fresh process on its own copy of the built index:
1. the full import: seconds, lines per second, and peak RSS, against the baseline of the same process
   doing no import (`gazetteer status`: interpreter, dronewatch and the index opened);
2. an import killed (SIGKILL) part-way, then run again: where the second run resumed, and whether the
   index ends with the same places as the uninterrupted import.

The dump is written by this script: made-up names, 70 % populated places, 10 % admin areas, the rest
other feature classes (skipped by the import), three alternate names a line.

    .venv/bin/python benchmarks/bench_import.py [--lines N]
"""

from __future__ import annotations

import argparse
import os
import random
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SYLLABLES = ("ka", "ro", "mi", "sha", "de", "lo", "ba", "yar", "ne", "vo", "ku", "tin", "sel", "dar", "ho", "ga")
CLASSES = (("P", "PPL"),) * 7 + (("A", "ADM2"),) + (("H", "STM"),) + (("S", "HTL"),)
COUNTRIES = ("SO", "MM", "UA", "SD", "YE", "SY", "ET", "KE")
KILL_AFTER_SHARE = 0.2  # the first run is killed once the index records at least this share of the lines


def _name(rng: random.Random) -> str:
    return " ".join("".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))).title()
                    for _ in range(rng.randint(1, 2)))


def write_dump(path: Path, lines: int, seed: int = 13) -> None:
    """A GeoNames-format dump of ``lines`` made-up rows (ids from 90,000,000, above GeoNames' own)."""
    rng = random.Random(seed)
    with open(path, "w", encoding="utf-8") as f:
        for i in range(lines):
            name = _name(rng)
            feature_class, code = rng.choice(CLASSES)
            alternates = ",".join(_name(rng) for _ in range(3))
            f.write(f"{90_000_000 + i}\t{name}\t{name}\t{alternates}\t{rng.uniform(-40, 60):.5f}\t"
                    f"{rng.uniform(-20, 100):.5f}\t{feature_class}\t{code}\t{rng.choice(COUNTRIES)}\t\t"
                    f"{rng.randint(1, 20):02d}\t\t\t\t{rng.choice((0, 0, 500, 2000, 40000))}\t\t100\tUTC\t2024-01-01\n")


def _run(args: list[str], index: Path) -> tuple[float, float, str]:
    """Seconds, peak RSS (MB) and stderr of ``dronewatch ARGS`` in a fresh process on ``index``."""
    env = {**os.environ, "DRONEWATCH_GAZETTEER": str(index)}
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "dronewatch.cli", *args], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    assert proc.stderr is not None
    stderr = proc.stderr.read()
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise SystemExit(f"dronewatch {' '.join(args)} failed: {stderr}")
    return elapsed, usage.ru_maxrss / 1024, stderr


def _imported(index: Path) -> tuple[int, int]:
    with sqlite3.connect(index) as conn:
        places = conn.execute("SELECT count(*) FROM places WHERE source LIKE 'GeoNames dump %'").fetchone()[0]
        row = conn.execute("SELECT rows FROM imports").fetchone() if conn.execute(
            "SELECT 1 FROM sqlite_master WHERE name = 'imports'").fetchone() else None
    return places, row[0] if row else 0


def main() -> None:
    """Print the figures."""
    from dronewatch.config import settings
    from dronewatch.nlp.gazetteer import build_index

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--lines", type=int, default=1_000_000)
    lines = parser.parse_args().lines
    build_index(settings.gazetteer_path)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        dump = folder / "synthetic.txt"
        write_dump(dump, lines)
        print(f"synthetic dump: {lines:,} lines, {dump.stat().st_size / 1e6:.0f} MB")

        full, killed = folder / "full.sqlite", folder / "killed.sqlite"
        for copy in (full, killed):
            shutil.copyfile(settings.gazetteer_path, copy)
        _, base_rss, _ = _run(["gazetteer", "status"], full)
        seconds, rss, _ = _run(["gazetteer", "import", str(dump), "--no-progress"], full)
        places, _ = _imported(full)
        print(f"import: {seconds:.1f} s, {lines / seconds:,.0f} lines/s, {places:,} places kept; peak RSS "
              f"{rss:.0f} MB against {base_rss:.0f} MB for the same process without an import "
              f"(ratio {rss / base_rss:.2f})")

        env = {**os.environ, "DRONEWATCH_GAZETTEER": str(killed)}
        proc = subprocess.Popen([sys.executable, "-m", "dronewatch.cli", "gazetteer", "import", str(dump),
                                 "--no-progress"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        while proc.poll() is None and _safe_rows(killed) < KILL_AFTER_SHARE * lines:
            time.sleep(0.2)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        _, at_kill = _imported(killed)
        seconds2, rss2, stderr = _run(["gazetteer", "import", str(dump), "--no-progress"], killed)
        resumed = re.search(r"resumed after ([\d,]+) lines", stderr)
        places2, rows2 = _imported(killed)
        print(f"killed after {at_kill:,} lines were recorded; the rerun {'resumed after ' + resumed.group(1) + ' lines' if resumed else 'did NOT resume'}"
              f" and took {seconds2:.1f} s ({seconds2 / seconds:.2f} of the full import), peak RSS {rss2:.0f} MB")
        print(f"  places after kill + resume: {places2:,} (uninterrupted: {places:,}; "
              f"{'the same' if places2 == places else 'DIFFERENT'}), {rows2:,} lines recorded")


def _safe_rows(index: Path) -> int:
    try:
        return _imported(index)[1]
    except sqlite3.Error:
        return 0


if __name__ == "__main__":
    main()
