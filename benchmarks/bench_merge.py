"""Incident merging on the invented corpus: pairwise precision and recall against the gold incidents.

Two figures: merging the hand-coded events of ``labels.json`` (the merge stage alone), and merging what
the current extractor finds in the same articles (end to end). Then the seed check: the two seed
articles that tell the Kremlin drone incident must come out as one incident with two reports.

    .venv/bin/python benchmarks/bench_merge.py
"""

from __future__ import annotations

import json
import sys
from datetime import date
from itertools import combinations
from pathlib import Path

from dronewatch.errors import DronewatchError
from dronewatch.ingest import Document, iter_documents
from dronewatch.merge import find_incidents, refs_of
from dronewatch.record import Article, DateInterval, Event, Evidence, Place, Record, Source, article_id

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "corpus" / "incidents"
SEEDS = [ROOT.parent / "shared" / "seeds" / name for name in ("002_0c35aa60d60be9a5.txt", "004_158ef6687ea5b846.txt")]
GOALS = {"precision": 0.9, "recall": 0.85}


def _documents(paths: list[Path]) -> list[Document]:
    docs = []
    for item in iter_documents(paths):
        if isinstance(item, DronewatchError):
            sys.exit(f"bench_merge: {item}")
        docs.append(item)
    return docs


def _line_id(doc: Document) -> str:
    return doc.source.rsplit("#", 1)[-1]


def _gold_record(doc: Document, events: list[dict[str, object]]) -> Record:
    """The record a careful coder would write for the article's main event(s)."""
    first = doc.text.index(".") + 1
    evidence = Evidence.from_offsets(doc.text, 0, first)
    made = []
    for e in events:
        when = e["date"]
        assert isinstance(when, dict)
        source = e["source"]
        made.append(Event(
            type=e["type"], trigger="", evidence=evidence, status=e["status"],
            date=DateInterval(text="", earliest=date.fromisoformat(when["earliest"]),
                              latest=date.fromisoformat(when["latest"])),
            location=Place.model_validate({"text": e["place"]["name"], **e["place"]}),  # type: ignore[index]
            source=Source(text=source, name=source) if isinstance(source, str) else None,
        ))
    article = Article(id=article_id(doc.text), source=doc.source, outlet=doc.outlet, published=doc.published,
                      text=doc.text)
    return Record(article=article, events=made)


def _pairwise(records: list[Record], gold: dict[str, set[str]]) -> tuple[float, float, int, int, int]:
    """Precision and recall over article pairs: gold-same (share an incident) vs merged-same."""
    incident_sets: dict[str, set[str]] = {r.article.id: set() for r in records}
    for incident in find_incidents(ref for r in records for ref in refs_of(r)):
        for ref in incident.events:
            incident_sets[ref.article_id].add(incident.id)
    ids = {r.article.id: _line_id_of(r) for r in records}
    tp = fp = fn = 0
    for a, b in combinations(sorted(ids), 2):
        same_gold = bool(gold[ids[a]] & gold[ids[b]])
        same_merged = bool(incident_sets[a] & incident_sets[b])
        tp += same_gold and same_merged
        fp += same_merged and not same_gold
        fn += same_gold and not same_merged
    return tp / (tp + fp) if tp + fp else 0.0, tp / (tp + fn) if tp + fn else 0.0, tp, fp, fn


def _line_id_of(record: Record) -> str:
    return record.article.source.rsplit("#", 1)[-1]


def _report(name: str, records: list[Record], gold: dict[str, set[str]]) -> None:
    p, r, tp, fp, fn = _pairwise(records, gold)
    events = sum(len(rec.events) for rec in records)
    verdict = "meets" if p >= GOALS["precision"] and r >= GOALS["recall"] else "below"
    print(f"{name:<24} precision {p:.3f}  recall {r:.3f}  (tp {tp}, fp {fp}, fn {fn}; {events} events) "
          f"{verdict} the goal P>={GOALS['precision']} R>={GOALS['recall']}")


def main() -> None:
    labels = json.loads((CORPUS / "labels.json").read_text(encoding="utf-8"))["articles"]
    docs = _documents([CORPUS / "articles.jsonl"])
    gold = {_line_id(d): {e["incident"] for e in labels[_line_id(d)]} for d in docs}
    outlets = {d.outlet for d in docs}
    print(f"corpus: {len(docs)} articles, {len(outlets)} outlets, "
          f"{len({i for s in gold.values() for i in s})} gold incidents")
    _report("hand-coded events", [_gold_record(d, labels[_line_id(d)]) for d in docs], gold)

    from dronewatch.nlp import extract_documents, load_pipeline

    nlp = load_pipeline()
    extracted = [r for r in extract_documents(docs, nlp) if isinstance(r, Record)]
    _report("extracted events", extracted, gold)

    seeds = [r for r in extract_documents(_documents(SEEDS), nlp) if isinstance(r, Record)]
    seed_ids = {r.article.id for r in seeds}
    both = [i for i in find_incidents(ref for r in seeds for ref in refs_of(r))
            if {ref.article_id for ref in i.events} == seed_ids]
    for incident in both:
        places = sorted({ref.event.location.name for ref in incident.events if ref.event.location})
        print(f"seeds 002+004: incident {incident.id} with {len(incident.reports)} reports, "
              f"{', '.join(sorted({ref.event.type for ref in incident.events}))} at {', '.join(places) or '?'}")
    if not both:
        print("seeds 002+004: no incident joins the two articles; their events:")
        for r in seeds:
            for e in r.events:
                print(f"  {Path(r.article.source).name}: {e.type} {e.date and e.date.text!r} "
                      f"{e.location and (e.location.name, e.location.feature)!r}")


if __name__ == "__main__":
    main()
