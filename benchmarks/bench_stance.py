"""Stance toward Russia and Ukraine, sentence by sentence, against five crowd workers' framing labels.

The devcorpus set ``annotations/ukraine_news_bias_2014`` (Färber et al. 2020; read in place, never copied)
holds 2,057 sentences from 90 articles on the 2014 crisis, each labelled by five crowd workers for how it
frames the Russian and the Ukrainian government (negative, neutral, positive). Most workers mark most
sentences neutral, so the crowd's label of a sentence toward a side is the direction its votes lean (more
negative than positive votes: negative; more positive: positive; else neutral).

Each sentence is extracted on its own and dronewatch's stance toward the side (``framing.stance``, from the
outlet's own words) gives its direction. Two figures per side, each printed beside its majority-class
baseline:

- agreement over all sentences (three classes), against always answering the most common label (neutral),
  as accuracy and as macro-F1 (the mean of the three classes' F1, which the majority answer cannot inflate);
- agreement on direction where both lean, against always answering the crowd's most common direction there.

    .venv/bin/python benchmarks/bench_stance.py [--misses N] [--data DIR]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

from dronewatch.ingest import Document
from dronewatch.nlp import extract_documents, load_pipeline
from dronewatch.record import Record

DATA = (Path(__file__).resolve().parent.parent.parent / "shared" / "devcorpus" / "annotations"
        / "ukraine_news_bias_2014" / "articles_json")
SIDES = {"RU": "russia", "UA": "ukraine"}


def _sign(x: float) -> int:
    return (x > 0) - (x < 0)


def _macro_f1(pred: list[int], gold: list[int]) -> float:
    """The mean over the three classes of each class's F1: what a majority-class answer cannot inflate."""
    scores = []
    for c in (-1, 0, 1):
        tp = sum(p == g == c for p, g in zip(pred, gold, strict=True))
        fp = sum(p == c != g for p, g in zip(pred, gold, strict=True))
        fn = sum(g == c != p for p, g in zip(pred, gold, strict=True))
        scores.append(2 * tp / (2 * tp + fp + fn) if tp else 0.0)
    return sum(scores) / 3


def crowd_labels(data: Path) -> list[tuple[str, dict[str, int]]]:
    """Each sentence with the crowd's direction toward each side (-1, 0, +1)."""
    out = []
    for path in sorted(data.glob("article_*.json"), key=lambda p: int(p.stem.split("_")[1])):
        for s in json.loads(path.read_text(encoding="utf-8"))["sentences"]:
            votes = s["framing"]["judgements"]
            out.append((s["content"], {side: _sign(sum(_sign(v) for v in votes[key])) for side, key in SIDES.items()}))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=DATA, help=f"the articles_json folder (default {DATA})")
    parser.add_argument("--misses", type=int, default=0, help="print this many disagreements per side")
    args = parser.parse_args()
    if not args.data.is_dir():
        sys.exit(f"bench_stance: {args.data}: the crowd-labelled set is not there (see --data)")
    labelled = crowd_labels(args.data)
    nlp = load_pipeline()
    docs = [Document(source=f"sentence#{i}", text=text) for i, (text, _) in enumerate(labelled)]
    predicted: list[dict[str, int]] = []
    for item in extract_documents(docs, nlp):
        stance = item.framing.stance if isinstance(item, Record) else {}
        predicted.append({side: _sign(stance.get(side, 0.0)) for side in SIDES})
    print(f"{len(labelled)} sentences; crowd label = the direction of the five workers' votes")
    for side in SIDES:
        gold = [g[side] for _, g in labelled]
        pred = [p[side] for p in predicted]
        majority, _ = Counter(gold).most_common(1)[0]
        agree = sum(p == g for p, g in zip(pred, gold, strict=True)) / len(gold)
        base = sum(g == majority for g in gold) / len(gold)
        both = [(p, g) for p, g in zip(pred, gold, strict=True) if p and g]
        leaning = [g for g in gold if g]
        direction, _ = Counter(leaning).most_common(1)[0] if leaning else (0, 0)
        dir_agree = sum(p == g for p, g in both) / len(both) if both else float("nan")
        dir_base = sum(g == direction for _, g in both) / len(both) if both else float("nan")
        calls = sum(1 for p in pred if p)
        macro, macro_base = _macro_f1(pred, gold), _macro_f1([majority] * len(gold), gold)
        print(f"{side}: all sentences  agreement {agree:.3f}  baseline (always {majority:+d}) {base:.3f}"
              f"  ratio {agree / base:.3f}")
        print(f"{side}: all sentences  macro-F1 {macro:.3f}  baseline (always {majority:+d}) {macro_base:.3f}")
        print(f"{side}: where both lean  agreement {dir_agree:.3f}  baseline (always {direction:+d}) {dir_base:.3f}"
              f"  on {len(both)} sentences; dronewatch leans on {calls}, the crowd on {len(leaning)}")
        if args.misses:
            shown = 0
            for (text, g), p in zip(labelled, predicted, strict=True):
                if p[side] != g[side] and (p[side] or g[side]) and shown < args.misses:
                    print(f"   crowd {g[side]:+d} dronewatch {p[side]:+d}: {text[:160]}")
                    shown += 1


if __name__ == "__main__":
    main()
