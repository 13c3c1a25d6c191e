"""A stand-in extractor for store tests: records built from the text by rule, so tests need no NLP model.

Each sentence that names a drone becomes an event in the town it names, dated by the document's
publication date; each sentence with "denied" becomes a denial. Used in-process and by the kill
test's subprocess (``python fake_extract.py URL N``).
"""

from __future__ import annotations

import re
import sys
import time
from collections.abc import Iterable, Iterator
from datetime import date, timedelta

from dronewatch.errors import DronewatchError
from dronewatch.ingest import Document
from dronewatch.record import (
    Article,
    Claim,
    DateInterval,
    Event,
    Evidence,
    Framing,
    Place,
    Record,
    Speaker,
    article_id,
)

TOWNS = {"Kharkiv": (49.99, 36.23), "Odesa": (46.48, 30.73), "Sumy": (50.91, 34.8), "Belgorod": (50.6, 36.59)}


def fake_extract(documents: Iterable[Document], version: str = "fake-1", delay: float = 0.0
                 ) -> Iterator[Record | DronewatchError]:
    """One record per document, found by rule."""
    for doc in documents:
        time.sleep(delay)
        events, claims = [], []
        for m in re.finditer(r"[^.]+\.", doc.text):
            sentence = Evidence.from_offsets(doc.text, m.start(), m.end())
            town = next((t for t in TOWNS if t in sentence.text), None)
            if "drone" in sentence.text and town:
                lat, lon = TOWNS[town]
                day = doc.published - timedelta(days=1) if doc.published else None
                events.append(Event(
                    type="drone_strike", trigger="struck", evidence=sentence,
                    date=DateInterval(text="yesterday", earliest=day, latest=day) if day else None,
                    location=Place(text=town, name=town, country="RU" if town == "Belgorod" else "UA",
                                   lat=lat, lon=lon, feature="city")))
            if "denied" in sentence.text:
                claims.append(Claim(speaker=Speaker(text="Kyiv", name="Kyiv"), cue="denied", act="deny",
                                    content=sentence.text, evidence=sentence))
        article = Article(id=article_id(doc.text), source=doc.source, outlet=doc.outlet, title=doc.title,
                          published=doc.published, url=doc.url, text=doc.text)
        yield Record(article=article, events=events, claims=claims, framing=Framing(naming={"Kyiv": 1}),
                     extractor=version)


def documents(n: int) -> list[Document]:
    """``n`` short invented reports from four outlets about a handful of strikes."""
    towns = list(TOWNS)
    docs = []
    for i in range(n):
        town = towns[i % len(towns)]
        published = date(2024, 5, 1) + timedelta(days=(i // 8) % 20)
        text = (f"Report {i}. Several drones struck a warehouse in {town}, officials said. "
                f"Firefighters worked through the night near the rail yard. Kyiv denied its drones hit {town}, item {i}.")
        docs.append(Document(source=f"doc{i:04d}.txt", text=text, outlet=f"Outlet {i % 3}", published=published))
    return docs


if __name__ == "__main__":
    from dronewatch.store import Store, ingest

    store = Store(sys.argv[1])
    for item in ingest(store, documents(int(sys.argv[2])), lambda d: fake_extract(d, delay=0.002), "fake-1"):
        print(item if isinstance(item, DronewatchError) else item[1], flush=True)
    print("done", flush=True)
