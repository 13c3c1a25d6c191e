"""The store keeps records exactly, stores nothing twice, keeps versions, and rebuilds incidents."""

from __future__ import annotations

import pytest
from fake_extract import documents, fake_extract

from dronewatch.errors import StoreError
from dronewatch.store import Store, ingest
from dronewatch.store.queries import Filter, claims, incidents, record, record_versions, records, search


@pytest.fixture
def store(db_url):
    s = Store(db_url)
    yield s
    s.close()


def _ingest(store, docs, version="fake-1"):
    return list(ingest(store, docs, lambda d: fake_extract(d, version), version))


def test_record_comes_back_exactly_as_stored(store):
    [made] = fake_extract(documents(1))
    assert store.put(made) == "stored"
    assert record(store, made.article.id) == made


def test_the_same_article_twice_stores_nothing_twice(store):
    docs = documents(6)
    assert [o for _, o in _ingest(store, docs)] == ["stored"] * 6
    assert [o for _, o in _ingest(store, docs)] == ["unchanged"] * 6
    assert len(list(records(store))) == 6
    assert sum(len(i.reports) for i in list(incidents(store, Filter(vague="show")))) == 6


def test_a_stored_article_is_skipped_before_extraction(store):
    docs = documents(3)
    _ingest(store, docs)
    seen = []

    def extract(batch):
        for doc in batch:
            seen.append(doc.source)
            yield from fake_extract([doc])

    list(ingest(store, docs + documents(4)[3:], extract, "fake-1"))
    assert seen == ["doc0003.txt"]


def test_newer_extractor_replaces_records_and_keeps_history(store):
    [doc] = documents(1)
    _ingest(store, [doc], "fake-1")
    assert [o for _, o in _ingest(store, [doc], "fake-2")] == ["replaced"]
    aid = store.record_id = next(iter(records(store))).article.id
    assert record_versions(store, aid) == ["fake-1", "fake-2"]
    assert record(store, aid).extractor == "fake-2"
    assert store.put(next(fake_extract([doc], "fake-1"))) == "older"


def test_reports_of_one_strike_form_one_incident_with_reasons(store):
    _ingest(store, documents(8))  # eight reports: two per town, published the same day
    found = list(incidents(store, Filter(vague="show")))
    assert sorted(len(i.reports) for i in found) == [2, 2, 2, 2]
    kharkiv = list(incidents(store, Filter(near=(49.99, 36.23, 30), vague="show")))
    assert [i.place for i in kharkiv] == ["Kharkiv"]
    assert "same day 2024-04-30" in kharkiv[0].links[0]["reasons"]
    assert kharkiv[0].grade == "disputed"  # every report carries Kyiv's denial


def test_split_survives_reingest(store):
    docs = documents(8)
    _ingest(store, docs)
    [incident] = list(incidents(store, Filter(near=(49.99, 36.23, 30), vague="show")))
    off = incident.reports[0]["article_id"]
    store.split(incident.id, [off])
    assert sorted(len(i.reports) for i in list(incidents(store, Filter(near=(49.99, 36.23, 30), vague="show")))) == [1, 1]
    _ingest(store, docs, "fake-2")
    assert sorted(len(i.reports) for i in list(incidents(store, Filter(near=(49.99, 36.23, 30), vague="show")))) == [1, 1]


def test_splitting_an_unknown_incident_says_where_to_look(store):
    with pytest.raises(StoreError, match="inc-nope: no such incident"):
        store.split("inc-nope", ["x"])


def test_search_finds_articles_and_evidence(store):
    _ingest(store, documents(4))
    hits = search(store, "warehouse Odesa")
    assert {h.kind for h in hits} == {"article", "event"}
    assert all("[Odesa]" in h.snippet for h in hits)
    assert search(store, "submarine") == []


def test_filters_by_text_outlet_and_claims(store):
    _ingest(store, documents(8))
    assert len(list(incidents(store, Filter(text="Sumy", vague="show")))) == 1
    assert len(list(incidents(store, Filter(outlet="Outlet 1", vague="show")))) == 3
    assert {c.act for c in list(claims(store, Filter(), speaker="Kyiv"))} == {"deny"}
    assert list(claims(store, Filter(type="accuse"))) == []


def test_two_events_of_one_sentence_are_both_stored_and_merged(store):
    [record] = fake_extract(documents(1))
    twice = record.model_copy(update={"events": record.events * 2})
    assert store.put(twice) == "stored"
    store.rebuild()
    members = [k for i in list(incidents(store, Filter(vague="show"))) for r in i.reports for k in r["events"]]
    assert len(set(members)) == len(members) == len(twice.events)


def test_a_batch_names_an_article_twice_and_stores_it_once(store):
    [record] = fake_extract(documents(1))
    assert store.put_many([record, record]) == ["stored", "unchanged"]
    assert len(list(records(store))) == 1


def test_a_record_the_database_refuses_fails_alone(store, db_url):
    if db_url.startswith("sqlite"):
        pytest.skip("SQLite does not enforce column widths")
    docs = documents(3)
    docs[1].outlet = "x" * 300  # wider than the outlet column
    results = _ingest(store, docs)
    assert [r[1] for r in results if isinstance(r, tuple)] == ["stored", "stored"]
    [error] = [r for r in results if isinstance(r, StoreError)]
    assert str(error).startswith("doc0001.txt: not stored:")


def test_an_outlet_known_only_by_its_host_takes_the_name_its_site_gives(store):
    """A page without a site name, from a host whose other pages give one, counts under that name, whether
    the named page comes in the same run or was stored before."""
    named, bare, later = documents(3)
    named.outlet, named.url = "Voice of the Valley", "https://www.valleyvoice.example/news/1"
    bare.outlet, bare.url = "valleyvoice.example", "https://valleyvoice.example/news/2"
    later.outlet = "news.valleyvoice.example"
    _ingest(store, [named, bare])
    _ingest(store, [later])
    assert {r.article.outlet for r in records(store)} == {"Voice of the Valley"}
