"""Generate benchmark archives from the demo corpus: paragraphs recombined, places, dates and numbers varied.

Every generated article is new text (so a new article id), made of 3 to 6 paragraphs drawn from the
demo articles in ``demo/corpus/`` (never from the seeds), with place names swapped for other real
places, weekdays and months shifted and numbers changed. The same ``n`` and ``seed`` always give the
same archive. Articles are written one JSON line at a time, never held in memory together.

    .venv/bin/python benchmarks/_corpus.py OUT.jsonl N [--seed S]
"""

from __future__ import annotations

import argparse
import json
import random
import re
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

from dronewatch.ingest import Document, iter_documents

__all__ = ["DEMO", "generate", "paragraphs", "write_archive"]

DEMO = Path(__file__).resolve().parent.parent / "demo" / "corpus"
# A paragraph shorter than this is a dateline or byline, not reporting: it is not recombined.
MIN_PARAGRAPH_CHARS = 80
PARAGRAPHS_PER_ARTICLE = (3, 6)
# Places swapped into the text: real towns and regions the gazetteer knows, so the place finder works
# on them as on any report (a swapped name is never left as an unknown word).
PLACES = (
    "Kharkiv", "Kherson", "Odesa", "Mykolaiv", "Zaporizhzhia", "Dnipro", "Sumy", "Chernihiv", "Poltava",
    "Kramatorsk", "Sloviansk", "Pokrovsk", "Nikopol", "Kryvyi Rih", "Izmail", "Belgorod", "Kursk", "Bryansk",
    "Voronezh", "Rostov", "Taganrog", "Novorossiysk", "Sevastopol", "Melitopol", "Berdiansk", "Mariupol",
)
_PLACE = re.compile(r"\b(" + "|".join(re.escape(p) for p in PLACES) + r")\b")
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_WEEKDAY = re.compile(r"\b(" + "|".join(_WEEKDAYS) + r")\b")
_NUMBER = re.compile(r"(?<![\d.,:])\b([1-9]\d{0,2})\b(?![\d.,:]\d)")
# A wire dateline ("KHARKIV, Ukraine, Feb 18 (Agency) - ") heads an article, never a paragraph inside one.
_DATELINE = re.compile(r"^[A-Z][A-Z .'’-]+,[^\n]{0,80}?\s[-–—]\s+")
_OUTLETS = ("Harbour Ledger", "Steppe Courier", "Northern Wire", "Delta Evening Post", "Plains Monitor")
_START = date(2024, 1, 1)


def paragraphs(corpus: Path = DEMO) -> list[str]:
    """The reporting paragraphs of the demo articles (the readers' cleaned text, split on blank lines)."""
    found: list[str] = []
    for item in iter_documents([corpus]):
        if isinstance(item, Document):
            found += [_DATELINE.sub("", p.strip()) for p in item.text.split("\n\n")
                      if len(p.strip()) >= MIN_PARAGRAPH_CHARS]
    return found


def _vary(paragraph: str, rng: random.Random) -> str:
    """Swap places, shift weekdays and change small numbers, consistently within the paragraph."""
    places = {p: rng.choice(PLACES) for p in set(_PLACE.findall(paragraph))}
    paragraph = _PLACE.sub(lambda m: places[m[1]], paragraph)
    shift = rng.randrange(7)
    paragraph = _WEEKDAY.sub(lambda m: _WEEKDAYS[(_WEEKDAYS.index(m[1]) + shift) % 7], paragraph)
    return _NUMBER.sub(lambda m: str(max(1, int(m[1]) + rng.randint(-3, 9))), paragraph)


def generate(n: int, seed: int = 7, pool: list[str] | None = None) -> Iterator[dict[str, object]]:
    """``n`` JSON Lines articles (``id``, ``outlet``, ``published``, ``title``, ``text``), one at a time."""
    pool = pool if pool is not None else paragraphs()
    if not pool:
        raise SystemExit(f"{DEMO}: no paragraphs to recombine")
    rng = random.Random(seed)
    for i in range(n):
        body = [_vary(p, rng) for p in rng.sample(pool, rng.randint(*PARAGRAPHS_PER_ARTICLE))]
        title = body[0].split(". ")[0][:90]
        yield {"id": f"gen-{seed}-{i}", "outlet": rng.choice(_OUTLETS),
               "published": (_START + timedelta(days=rng.randrange(700))).isoformat(),
               "title": title, "text": "\n\n".join(body)}


def write_archive(path: Path, n: int, seed: int = 7) -> Path:
    """Write ``n`` generated articles to ``path`` as JSON Lines; returns ``path``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as out:
        for article in generate(n, seed):
            out.write(json.dumps(article, ensure_ascii=False) + "\n")
    return path


def main() -> None:
    """Write an archive from the command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("n", type=int)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    write_archive(args.out, args.n, args.seed)
    print(f"{args.out}: {args.n} articles")


if __name__ == "__main__":
    main()
