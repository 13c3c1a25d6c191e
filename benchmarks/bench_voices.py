"""The outlet voice matrix on real text told by opposite sides: whose claims each outlet tells as fact.

Three devcorpus sets (read in place from ``../shared/devcorpus/news_text``, never copied):

- the Iranian drone and missile attack on Israel of 13-14 April 2024 as RT, the New York Post, Al Jazeera
  and CNN told it;
- the Kremlin's and Ukraine's presidency's English press releases since the invasion (24 February 2022);
- FA-KES's Syrian-war articles (Sputnik, TASS, SANA, Al Manar … against Reuters and Al Arabiya), each outlet's
  row split by the set's credibility label (checked against casualty records: credible or fake).

Each set is extracted and stored in a temporary SQLite store, and ``store.queries.voice_matrix`` (the
function behind ``dronewatch outlets``, the API and the outlets page) prints its matrix by claimant side and
by claimant body. Beside each outlet's row, the baseline: the share of all its events told in its own voice,
whoever claims them (what an outlet comparison without attribution would show).

    .venv/bin/python benchmarks/bench_voices.py [--limit N] [--only iran|releases|syria]
"""

from __future__ import annotations

import argparse
import csv
import sys
import tempfile
from collections import Counter
from collections.abc import Iterator
from datetime import date
from pathlib import Path

from dronewatch.ingest import Document
from dronewatch.nlp import extract_documents, load_pipeline
from dronewatch.nlp.pipeline import EXTRACTOR_VERSION
from dronewatch.store import Store, ingest
from dronewatch.store.queries import records, voice_matrix

ROOT = Path(__file__).resolve().parent.parent
# ../shared beside the repository (a worktree may sit one level further down).
SHARED = next((p / "shared" for p in ROOT.parents if (p / "shared" / "devcorpus").is_dir()), ROOT.parent / "shared")
NEWS = SHARED / "devcorpus" / "news_text"
IRAN_ISRAEL = "iran_israel_apr2024_aljazeera_cnn_nypost_rt.csv"
KREMLIN = "kremlin_en_press_releases_2021-10_2022-06.csv"
PRESIDENCY = "president_gov_ua_en_press_releases_2021-10_2022-06.csv"
FAKES = "fakes_syria_war_news_2011-2018.csv"
INVASION = date(2022, 2, 24)


def _rows(path: Path) -> Iterator[dict[str, str]]:
    csv.field_size_limit(1 << 30)
    with path.open(encoding="utf-8", newline="") as f:
        yield from csv.DictReader(f)


def iran_israel(news: Path, limit: int | None) -> list[Document]:
    """The four outlets' pages (raw page text, boilerplate included, as the set holds it)."""
    docs = [Document(source=f"{IRAN_ISRAEL}#{i}", text=r["Contenido"], title=r["Titulo"], outlet=r["Diario"],
                     published=date.fromisoformat(r["Fecha"][:10]), url=r["URL"])
            for i, r in enumerate(_rows(news / IRAN_ISRAEL)) if r["Contenido"].strip()]
    return docs[:limit]


def state_releases(news: Path, limit: int | None) -> list[Document]:
    """The two presidencies' releases since the invasion, headline and body, newest first, ``limit`` each."""
    docs: list[Document] = []
    for path, outlet in ((KREMLIN, "kremlin.ru"), (PRESIDENCY, "president.gov.ua")):
        mine = [Document(source=f"{path}#{i}", text=f"{r['headline']}\n\n{r['body']}", title=r["headline"],
                         outlet=outlet, published=date.fromisoformat(r["date"][:10]), url=r["link"])
                for i, r in enumerate(_rows(news / path)) if r["body"].strip() and r["date"][:10] >= INVASION.isoformat()]
        docs += mine[:limit]
    return docs


def syria(news: Path, limit: int | None) -> list[Document]:
    """FA-KES: Syrian-war articles by 15 outlets (SANA, Sputnik, TASS, Al Manar … Reuters, Al Arabiya), each
    outlet's row split by the set's label, checked against casualty records: "credible" or "fake"."""
    docs = []
    for i, r in enumerate(_rows(news / FAKES)):
        if not r["article_content"].strip():
            continue
        month, day, year = (int(x) for x in r["date"].split("/"))
        label = "credible" if r["labels"] == "1" else "fake"
        docs.append(Document(source=f"{FAKES}#{i}", text=r["article_content"], title=r["article_title"],
                             outlet=f"{r['source']} ({label})", published=date(year, month, day)))
    return docs[:limit]


def run(name: str, docs: list[Document], least: int) -> None:
    """Extract and store ``docs``, then print the voice matrix by side and by body (the columns with at least
    ``least`` claims told over all outlets)."""
    nlp = load_pipeline()
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(f"sqlite:///{Path(tmp) / 'voices.sqlite'}")
        try:
            failed = [item for item in ingest(store, docs, lambda d: extract_documents(d, nlp), EXTRACTOR_VERSION)
                      if not isinstance(item, tuple)]
            matrix = voice_matrix(store)
            own = Counter()
            told = Counter()
            for record in records(store):
                outlet = record.article.outlet or "?"
                told[outlet] += len(record.events)
                own[outlet] += sum(e.status == "reported" for e in record.events)
        finally:
            store.close()
    print(f"\n== {name}: {len(docs)} articles, {len(failed)} failed")
    for by in ("side", "actor"):
        columns, rows = matrix.table(by)  # type: ignore[arg-type]
        cells = matrix.by_side if by == "side" else matrix.by_actor
        keep = [i for i, c in enumerate(columns) if sum(row[c].total for row in cells.values() if c in row) >= least]
        hidden = len(columns) - len(keep)
        columns, rows = [columns[i] for i in keep], [(o, [cs[i] for i in keep]) for o, cs in rows]
        print(f"\n-- by claimant {by}: cells are fact / attributed / disputed shares of the claimant's claims"
              f" ({hidden} claimants with fewer than {least} left out)")
        if not columns:
            print("   (no claim with a named side)")
            continue
        width = max(len(c) for c in columns) + 2
        print(f"{'outlet':<20}" + "".join(f"{c:>{max(width, 24)}}" for c in columns)
              + "   baseline: all events in own voice")
        for outlet, cells in rows:
            base = f"{own[outlet] / told[outlet]:.0%} of {told[outlet]}" if told[outlet] else "-"
            print(f"{outlet[:19]:<20}" + "".join(f"{c or '-':>{max(width, 24)}}" for c in cells) + f"   {base}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--limit", type=int, default=None, help="at most this many articles per set (per side)")
    parser.add_argument("--min", type=int, default=5, help="print claimants with at least this many claims told")
    parser.add_argument("--only", action="append", choices=("iran", "releases", "syria"),
                        help="run only this set (repeatable; default all three)")
    parser.add_argument("--news", type=Path, default=NEWS, help=f"the devcorpus news_text folder (default {NEWS})")
    args = parser.parse_args()
    if not (args.news / IRAN_ISRAEL).is_file():
        sys.exit(f"bench_voices: {args.news}: the devcorpus news_text sets are not there (see --news)")
    sets = {
        "iran": ("Iran-Israel, April 2024 (RT, NY Post, Al Jazeera, CNN)", iran_israel),
        "releases": ("Kremlin vs Ukraine's presidency, press releases since 24 Feb 2022", state_releases),
        "syria": ("Syria 2011-2018 (FA-KES: each outlet's articles labelled credible or fake)", syria),
    }
    for key in args.only or sets:
        name, read = sets[key]
        run(name, read(args.news, args.limit), args.min)


if __name__ == "__main__":
    main()
