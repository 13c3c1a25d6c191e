"""Stance toward Russia and Ukraine, sentence by sentence, against five crowd workers' framing labels.

The devcorpus set ``annotations/ukraine_news_bias_2014`` (Färber et al. 2020; read in place, never copied)
holds 2,057 sentences from 90 articles on the 2014 crisis, each labelled by five crowd workers for how it
frames the Russian and the Ukrainian government (a vote from -2 to +2, 0 neutral).

Most workers mark most sentences neutral, so what "the crowd's label" is needs a choice; two are scored:

- ``two agree`` (the main figure): the dataset's own "intensified" aggregate, whose sign is the label. It is
  the majority vote, except that at least two workers choosing the same non-neutral direction overrule a
  neutral majority. A lean then rests on two independent workers, not on one.
- ``one vote``: the direction the vote signs lean (more negative than positive votes: negative). A single
  dissenting worker out of five makes a lean here, so it mostly measures which sentences met a worker with a
  leaning of their own (the authors report that workers' origins shift their labels); kept for comparison.

The plain majority (the dataset's ``maj``) is not scored: it is neutral on all but a handful of the
sentences, so no extractor could be told apart from always answering neutral.

Each sentence is extracted on its own and dronewatch's stance toward the side (``framing.stance``, from the
outlet's own words) gives its direction. Per side and label, each figure beside its majority-class baseline:

- agreement over all sentences (three classes), against always answering the most common label (neutral),
  as accuracy and as macro-F1 (the mean of the three classes' F1, which the majority answer cannot inflate);
- dronewatch's calls: how many the crowd shares, how many fall on sentences the crowd leaves neutral (each
  costs agreement against the baseline) and how many go against the crowd's direction.

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

ROOT = Path(__file__).resolve().parent.parent
# ../shared beside the repository (a worktree may sit one level further down).
SHARED = next((p / "shared" for p in ROOT.parents if (p / "shared" / "devcorpus").is_dir()), ROOT.parent / "shared")
DATA = SHARED / "devcorpus" / "annotations" / "ukraine_news_bias_2014" / "articles_json"
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


def _two_agree(votes: list[float], score: dict[str, float]) -> int:
    """The sign of the dataset's "intensified" label: the majority, or the direction two workers agree on."""
    return _sign(score["intensified"])


def _one_vote(votes: list[float], score: dict[str, float]) -> int:
    """The direction the five vote signs lean: one dissenting worker is enough."""
    return _sign(sum(_sign(v) for v in votes))


LABELS = {"two agree": _two_agree, "one vote": _one_vote}


def crowd_labels(data: Path) -> list[tuple[str, dict[str, dict[str, int]]]]:
    """Each sentence with the crowd's direction toward each side (-1, 0, +1), under each label definition."""
    out = []
    for path in sorted(data.glob("article_*.json"), key=lambda p: int(p.stem.split("_")[1])):
        for s in json.loads(path.read_text(encoding="utf-8"))["sentences"]:
            votes, score = s["framing"]["judgements"], s["framing"]["score"]
            out.append((s["content"], {name: {side: label(votes[key], score[key]) for side, key in SIDES.items()}
                                       for name, label in LABELS.items()}))
    return out


def _report(name: str, side: str, pred: list[int], gold: list[int]) -> None:
    majority, _ = Counter(gold).most_common(1)[0]
    agree = sum(p == g for p, g in zip(pred, gold, strict=True)) / len(gold)
    base = sum(g == majority for g in gold) / len(gold)
    macro, macro_base = _macro_f1(pred, gold), _macro_f1([majority] * len(gold), gold)
    calls = [(p, g) for p, g in zip(pred, gold, strict=True) if p]
    shared = sum(p == g for p, g in calls)
    neutral = sum(not g for _, g in calls)
    print(f"{side} [{name}]: agreement {agree:.3f}  baseline (always {majority:+d}) {base:.3f}  ratio {agree / base:.3f}"
          f"  | macro-F1 {macro:.3f}  baseline {macro_base:.3f}")
    print(f"{side} [{name}]: dronewatch leans on {len(calls)}: {shared} shared, {neutral} where the crowd is neutral,"
          f" {len(calls) - shared - neutral} against its direction; the crowd leans on {sum(1 for g in gold if g)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=DATA, help=f"the articles_json folder (default {DATA})")
    parser.add_argument("--misses", type=int, default=0, help="print this many disagreements per side (two agree)")
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
    print(f"{len(labelled)} sentences; crowd label: 'two agree' (the dataset's intensified vote), 'one vote' (any lean)")
    for side in SIDES:
        pred = [p[side] for p in predicted]
        for name in LABELS:
            _report(name, side, pred, [g[name][side] for _, g in labelled])
        if args.misses:
            shown = 0
            for (text, g), p in zip(labelled, predicted, strict=True):
                crowd = g["two agree"][side]
                if p[side] != crowd and shown < args.misses:
                    print(f"   crowd {crowd:+d} (one vote {g['one vote'][side]:+d}) dronewatch {p[side]:+d}: {text[:160]}")
                    shown += 1


if __name__ == "__main__":
    main()
