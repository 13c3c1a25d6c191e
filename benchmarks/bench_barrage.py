"""Barrage figures: launched and destroyed counts read back from reports we write in the air force's style.

The Ukrainian Air Force's per-salvo table (``../shared/devcorpus/news_text/ukraine_air_force_missile_drone_
attacks_2022-09_2024-10.csv``) gives, for each post, the weapon, how many were launched and how many
destroyed, where from and at what. For an evenly spread sample of its rows this script writes a short
report of its own in one of several styles (an air force post, wire copy, a regional statement), with the
row's numbers, weapon, places and night, runs it through the extractor, and compares the barrage figures
recovered (``role`` launched / intercepted) with the row. The wording is ours; only the figures are the row's.

    .venv/bin/python benchmarks/bench_barrage.py [--n 48] [--verbose]

Prints the agreement on launched and on destroyed counts (bar: 0.95 each), and on weapon and night.
"""

from __future__ import annotations

import argparse
import csv
import sys
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from dronewatch.errors import ExtractionError
from dronewatch.ingest.document import Document
from dronewatch.nlp import extract_documents, load_pipeline
from dronewatch.record import Figure, Record

ROOT = Path(__file__).resolve().parent.parent
# ../shared beside the repository (a worktree may sit one level further down).
SHARED = next((p / "shared" for p in ROOT.parents if (p / "shared" / "devcorpus").is_dir()), ROOT.parent / "shared")
TABLE = SHARED / "devcorpus" / "news_text" / "ukraine_air_force_missile_drone_attacks_2022-09_2024-10.csv"
BAR = 0.95

# The table's model names (Ukrainian transliteration) as English reports write them: (words, class).
MODELS: dict[str, tuple[str, str]] = {
    "Shahed-136/131": ("Shahed-136/131 attack drones", "drone"),
    "Orlan-10": ("Orlan-10 reconnaissance drones", "drone"),
    "X-59": ("Kh-59 guided missiles", "missile"),
    "Supercam": ("Supercam drones", "drone"),
    "Iskander-M": ("Iskander-M ballistic missiles", "missile"),
    "ZALA": ("ZALA drones", "drone"),
    "Lancet": ("Lancet loitering munitions", "drone"),
    "X-101/X-555": ("Kh-101/Kh-555 cruise missiles", "missile"),
    "X-59/X-69": ("Kh-59/Kh-69 guided missiles", "missile"),
    "C-300": ("S-300 missiles", "missile"),
    "Kalibr": ("Kalibr cruise missiles", "missile"),
    "Unknown UAV": ("drones of an unidentified type", "drone"),
    "Merlin-VR": ("Merlin-VR drones", "drone"),
    "Reconnaissance UAV": ("reconnaissance drones", "drone"),
    "X-47 Kinzhal": ("Kh-47M2 Kinzhal aeroballistic missiles", "missile"),
    "X-22": ("Kh-22 cruise missiles", "missile"),
    "X-31P": ("Kh-31P anti-radar missiles", "missile"),
    "Iskander-K": ("Iskander-K cruise missiles", "missile"),
    "Unknown Missile": ("missiles of an unidentified type", "missile"),
    "C-300/C-400": ("S-300/S-400 missiles", "missile"),
    "Iskander-M/KN-23": ("Iskander-M/KN-23 ballistic missiles", "missile"),
    "P-800 Oniks": ("P-800 Oniks cruise missiles", "missile"),
    "Orion": ("Orion attack drones", "drone"),
    "X-31": ("Kh-31 missiles", "missile"),
}
_SMALL = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]


@dataclass
class Row:
    """One salvo of the table: what we write about and what the extractor should give back."""

    night: date
    model: str
    launched: int
    destroyed: int
    origin: str
    target: str


def _rows(n: int) -> list[Row]:
    """An evenly spaced sample of the table's rows whose model we can name and whose counts are whole."""
    usable = []
    with TABLE.open(newline="", encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            if r["model"] not in MODELS or not r["launched"] or not r["destroyed"]:
                continue
            launched, destroyed = float(r["launched"]), float(r["destroyed"])
            if launched < 1 or destroyed > launched:
                continue
            end = date.fromisoformat(r["time_end"][:10])
            usable.append(Row(end, r["model"], int(launched), int(destroyed), r["launch_place"], r["target"]))
    step = max(1, len(usable) // n)
    return usable[::step][:n]


def _many(words: str, k: int) -> str:
    """The weapon's words for ``k`` of them: "one Kalibr cruise missile", "drone of an unidentified type"."""
    if k != 1:
        return words
    head, _, rest = words.partition(" of ")
    head = head.removesuffix("s")
    return f"{head} of {rest}" if rest else head


def _count(k: int, capital: bool = False) -> str:
    """Numbers under ten in words, as wire style writes them."""
    word = _SMALL[k] if k < 10 else str(k)
    return word.capitalize() if capital else word


def _place(p: str) -> str:
    """A table place as a phrase: "the south", "the Black Sea", "Kursk oblast"."""
    if p in ("south", "north", "east", "west", "south-east", "north-east", "south-west", "north-west"):
        return f"the {p}"
    if p.endswith("Sea") and not p.startswith("the "):
        return f"the {p}"
    return p


def _night(d: date) -> str:
    """The night that ended on the morning of ``d``: "12-13 October", "31 March to 1 April"."""
    eve = d - timedelta(1)
    if eve.month == d.month:
        return f"{eve.day}-{d.day} {d:%B}"
    return f"{eve.day} {eve:%B} to {d.day} {d:%B}"


def report(i: int, row: Row) -> tuple[str, date]:
    """The ``i``-th style of report for ``row`` and its publication date (the morning after the salvo)."""
    plural, _cls = MODELS[row.model]
    words = _many(plural, row.launched)
    L, D = row.launched, row.destroyed
    origin = f" from {_place(row.origin)}" if row.origin else ""
    target = _place(row.target) if row.target else "Ukraine"
    night = row.night
    published = night if i % 3 else night + timedelta(1)
    when = ("during the night", "overnight", "on the night of " + _night(night))[i % 3 - 1]
    if D == L == 1:
        return (f"Russia launched {_count(L)} {words}{origin} {when}; it was shot down by air defence, "
                f"the air force said."), published
    if D == L and i % 2 == 0:
        return (f"Air raid alerts sounded across {target} {when}. The enemy launched {_count(L)} {words}{origin}. "
                f"All of them were destroyed by our air defence, the Air Force Command said."), published
    if D == L:
        return (f"Ukrainian air defences shot down all {_count(L)} {words} that Russia launched{origin} {when}, "
                f"the air force said in its morning update."), published
    if D == 0 and L == 1:
        return (f"The enemy fired {_count(L)} {words} at {target}{origin} {when}. Air defence did not manage to "
                f"shoot it down, the air force said."), published
    if D == 0 and i % 2 == 0:
        return (f"Russia struck {target} {when} with {_count(L)} {words} launched{origin}. None of them was "
                f"intercepted, the air force said."), published
    if D == 0:
        return (f"According to the air force, the enemy fired {_count(L)} {words} at {target}{origin} {when}; "
                f"air defence did not down any of them."), published
    styles = [
        (f"{when.capitalize()}, the enemy attacked {target} with {_count(L)} {words}{origin}. "
        f"Ukraine's air defence destroyed {_count(D)} of them."),
        (f"Russia launched {_count(L)} {words} at {target} {when}, and {_count(D)} of them were shot down, "
        f"Ukraine's air force said."),
        (f"Ukraine's air force said it had downed {_count(D)} of the {_count(L)} {words} Russia fired{origin} "
        f"{when}."),
        (f"In total, {_count(L)} {words} were launched against {target}{origin} {when}. Air defence units and "
        f"mobile fire groups shot down {_count(D)}."),
        (f"Russian forces fired {_count(L)} {words}{origin} {when}, the military said. {_count(D, True)} were "
        f"intercepted before they reached {target}."),
        (f"{_count(D, True)} out of {_count(L)} {words} launched by Russia {when} were destroyed, the air force "
        f"said in a statement."),
        (f"Explosions were heard in {target} {when}. According to the air force command, the attack involved "
        f"{_count(L)} {words}{origin}. Of these, {_count(D)} were destroyed."),
        (f"The Ukrainian military said it had intercepted {_count(D)} {words} out of {_count(L)} launched by "
        f"Russian forces {when}."),
        (f"Air defence forces intercepted {_count(D)} {plural} {when}, the air force said, adding that Russia had "
        f"launched {_count(L)} in total{origin}."),
        f"The air force reported {_count(L)} {words} launched{origin} {when}, {_count(D)} of which were shot down.",
        (f"{when.capitalize()} the enemy attacked with {_count(L)} {words}. Air defence was working in {target}: "
        f"{_count(D)} aerial targets were downed."),
        f"Mobile fire groups and air defence downed {_count(D)} of {_count(L)} {words} {when}, the command said.",
    ]
    return styles[i % len(styles)], published


def _barrage(record: Record, role: str) -> list[Figure]:
    return [f for f in record.figures if f.role == role]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=48, help="rows of the table to write reports for")
    parser.add_argument("--verbose", action="store_true", help="print each report that disagrees")
    args = parser.parse_args()
    if not TABLE.exists():
        sys.exit(f"bench_barrage: {TABLE} is absent (it comes with ../shared/devcorpus)")
    rows = _rows(args.n)
    docs = []
    for i, row in enumerate(rows):
        text, published = report(i, row)
        docs.append(Document(source=f"barrage/{i:03d}.txt", text=text, published=published))
    nlp = load_pipeline()
    agree = {"launched": 0, "destroyed": 0, "weapon": 0, "night": 0}
    for i, (row, out) in enumerate(zip(rows, extract_documents(docs, nlp), strict=True)):
        if isinstance(out, ExtractionError):
            sys.exit(f"bench_barrage: {out}")
        launched, destroyed = _barrage(out, "launched"), _barrage(out, "intercepted")
        got_l = launched[0].value if len(launched) == 1 else None
        got_d = destroyed[0].value if len(destroyed) == 1 else None
        weapon = launched[0].weapon if len(launched) == 1 else None
        night = launched[0].night if len(launched) == 1 else None
        ok = {
            "launched": got_l == row.launched,
            "destroyed": got_d == row.destroyed,
            "weapon": weapon is not None and launched[0].kind == MODELS[row.model][1] + "s",
            "night": night == row.night,
        }
        for key, good in ok.items():
            agree[key] += good
        if args.verbose and not all(ok.values()):
            print(f"--- {docs[i].source}: want launched {row.launched} destroyed {row.destroyed} "
                  f"{MODELS[row.model][1]} {row.night}")
            print(f"    {docs[i].text}")
            for f in out.figures:
                print(f"    got {f.role} {f.kind} {f.value} weapon={f.weapon.name if f.weapon else None} "
                      f"side={f.side} night={f.night}")
    n = len(rows)
    print(f"reports written: {n} (rows of {TABLE.name}, {len({r.model for r in rows})} weapon models)")
    for key, hits in agree.items():
        bar = f"  (bar {BAR})" if key in ("launched", "destroyed") else ""
        print(f"agreement {key:<9} {hits / n:.3f}  ({hits}/{n}){bar}")
    if min(agree["launched"], agree["destroyed"]) / n < BAR:
        sys.exit(1)


if __name__ == "__main__":
    main()
