"""The demo corpus, stored, names every outlet once: no article without one, no host standing beside the
site name of the same outlet (the stand-in extractor keeps this free of the NLP model)."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from fake_extract import fake_extract

from dronewatch.ingest import iter_documents
from dronewatch.ingest.metadata import host_of
from dronewatch.merge import is_host, outlet_key
from dronewatch.store import Store, ingest
from dronewatch.store.queries import outlet_profiles, records

DEMO = Path(__file__).resolve().parents[2] / "demo" / "corpus"


def test_every_demo_article_names_its_outlet_once(tmp_path):
    store = Store(f"sqlite:///{tmp_path / 'demo.sqlite'}")
    list(ingest(store, iter_documents([DEMO]), fake_extract, "fake-1"))
    articles = [r.article for r in records(store)]
    assert len(articles) >= 30
    assert [a.source for a in articles if a.outlet is None or is_host(a.outlet)
            or a.outlet.startswith("sha256:")] == []
    by_host: dict[str, set[str]] = defaultdict(set)
    for a in articles:
        if a.url and (host := host_of(a.url)):
            by_host[outlet_key(host)].add(outlet_key(a.outlet or ""))
    assert {host: keys for host, keys in by_host.items() if len(keys) > 1} == {}
    shown = [p["outlet"] for p in outlet_profiles(store)]
    assert len({outlet_key(name) for name in shown}) == len(shown) == len({outlet_key(a.outlet or "") for a in articles})
    store.close()
