"""The events API: filters, cursor pages, GeoJSON, one event."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from samples import all_records

from dronewatch.api import create_app
from dronewatch.api.shapes import EventOut, EventPage
from dronewatch.record import Article, Event, Evidence, Place, Record, article_id
from dronewatch.store import Store
from dronewatch.store.queries import record


def _types(body):
    return sorted(e["type"] for e in body["items"])


def test_events_list_every_stored_event_in_the_documented_shape(client):
    response = client.get("/api/events")
    assert response.status_code == 200
    page = EventPage.model_validate(response.json())
    assert len(page.items) == 7
    assert page.next is None


def test_event_evidence_is_the_slice_of_its_article_text(client):
    for item in client.get("/api/events").json()["items"]:
        text = client.get(f"/api/articles/{item['article_id']}").json()["article"]["text"]
        ev = item["evidence"]
        assert text[ev["start"]:ev["end"]] == ev["text"]


def test_type_and_status_filters(client):
    assert _types(client.get("/api/events", params={"type": "drone_strike"}).json()) == ["drone_strike"] * 3
    claimed = client.get("/api/events", params={"status": "claimed"}).json()["items"]
    assert {e["type"] for e in claimed} == {"drone_strike", "deployment"}
    assert all(e["status"] == "claimed" for e in claimed)


def test_date_range_keeps_events_whose_interval_overlaps(client):
    body = client.get("/api/events", params={"since": "2024-05-15", "until": "2024-06-03"}).json()
    # mid-May (11–20 May) and the first week of June both overlap; 3 May does not.
    assert _types(body) == ["interception", "shelling"]


def test_bbox_and_radius_filters(client):
    around_kharkiv = client.get("/api/events", params={"bbox": "35.5,49.5,37.0,50.5"}).json()
    assert {e["location"]["name"] for e in around_kharkiv["items"]} == {"Kharkiv"}
    near_odesa = client.get("/api/events", params={"near": "46.5,30.7", "radius_km": 10}).json()
    assert _types(near_odesa) == ["drone_strike", "explosion", "interception"]
    far = client.get("/api/events", params={"near": "46.5,30.7", "radius_km": 1}).json()
    assert far["items"] == []


def test_actor_outlet_country_and_text_filters(client):
    assert _types(client.get("/api/events", params={"actor": "russia"}).json()) == ["drone_strike"]
    volga = client.get("/api/events", params={"outlet": "volga daily"}).json()
    assert {e["outlet"] for e in volga["items"]} == {"Volga Daily"}
    # The outlet under another spelling (its web host, with "The") finds the same events.
    assert client.get("/api/events", params={"outlet": "thevolgadaily.com"}).json()["items"] == volga["items"]
    assert client.get("/api/events", params={"outlet": "no such outlet"}).json()["items"] == []
    assert _types(client.get("/api/events", params={"country": "RU"}).json()) == ["shelling"]
    assert _types(client.get("/api/events", params={"q": "warehouse"}).json()) == ["drone_strike", "drone_strike"]


def test_cursor_pages_cover_every_event_once(client):
    seen, cursor = [], None
    while True:
        params = {"limit": 2} | ({"cursor": cursor} if cursor else {})
        body = client.get("/api/events", params=params).json()
        assert len(body["items"]) <= 2
        seen += [e["id"] for e in body["items"]]
        cursor = body["next"]
        if cursor is None:
            break
    assert len(seen) == len(set(seen)) == 7


def test_geojson_has_a_point_for_each_placed_event(client):
    response = client.get("/api/events.geojson")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/geo+json"
    body = response.json()
    assert body["type"] == "FeatureCollection"
    # The deployment is placed at country level only: it has no coordinates, so no point.
    assert len(body["features"]) == 6
    kharkiv = [f for f in body["features"] if f["properties"]["location"]["name"] == "Kharkiv"]
    assert kharkiv[0]["geometry"] == {"type": "Point", "coordinates": [36.23, 49.99]}


def test_one_event_by_id(client):
    first = client.get("/api/events", params={"limit": 1}).json()["items"][0]
    response = client.get(f"/api/events/{first['id']}")
    assert response.status_code == 200
    assert EventOut.model_validate(response.json()).key == first["key"]


def test_each_listed_event_is_its_stored_event(client, store):
    """The JSON the database writes for an event says what the stored record says, field for field."""
    items = client.get("/api/events").json()["items"]
    by_article = {}
    for item in items:
        by_article.setdefault(item["article_id"], []).append(item)
    for article, listed in by_article.items():
        stored = record(store, article).events
        assert len(listed) == len(stored)
        for item, event in zip(sorted(listed, key=lambda e: e["id"]), stored, strict=True):
            expected = event.model_dump(mode="json", by_alias=True)
            for field in ("type", "trigger", "date", "actors", "targets", "weapons", "casualties", "acled",
                          "status", "source", "evidence"):
                assert item[field] == expected[field], field
            if expected["location"] is None:
                assert item["location"] is None
            else:
                assert item["location"] == {k: expected["location"][k] for k in item["location"]}
                assert set(item["location"]) == {"text", "name", "country", "lat", "lon", "feature"}


def _awkward_record():
    text = ('Officials said "a drone hit Харків\'s depot" at 03:10\tlocal time.\n'
            "A second one fell near C:\\depot </script> 🚀 on the same night.")
    first = text.index("Officials")
    second = text.index("A second")
    place = Place(text="Харків", name="Kharkiv", country="UA", lat=49.98765432101234, lon=36.123456789012345,
                  feature="city")
    return Record(
        article=Article(id=article_id(text), source="awkward.txt", outlet='The "Quoted" Post', text=text),
        events=[Event(type="drone_strike", trigger="hit", location=place,
                      evidence=Evidence.from_offsets(text, first, second - 1)),
                Event(type="explosion", trigger="fell", location=place.model_copy(update={"lat": 50.0, "lon": -0.5}),
                      evidence=Evidence.from_offsets(text, second, len(text)))],
        extractor="awkward-1",
    )


def test_coordinates_and_awkward_text_come_back_exactly(tmp_path):
    """Every digit of a coordinate, and quotes, backslashes, tabs, newlines and non-ASCII text survive."""
    record = _awkward_record()
    store = Store(f"sqlite:///{tmp_path / 'awkward.sqlite'}")
    store.put(record)
    with TestClient(create_app(store)) as client:
        items = client.get("/api/events").json()["items"]
        features = client.get("/api/events.geojson").json()["features"]
        one = client.get(f"/api/events/{items[0]['id']}").json()
    store.close()
    assert [e["evidence"]["text"] for e in items] == [e.evidence.text for e in record.events]
    assert items[0]["outlet"] == 'The "Quoted" Post'
    assert (items[0]["location"]["lat"], items[0]["location"]["lon"]) == (49.98765432101234, 36.123456789012345)
    assert features[0]["geometry"]["coordinates"] == [36.123456789012345, 49.98765432101234]
    assert features[0]["properties"] == items[0] and one == items[0]
    assert [(type(x), x) for x in (items[1]["location"]["lat"], items[1]["location"]["lon"])] == [
        (float, 50.0), (float, -0.5)]


def _without_ids(events):
    return [{k: v for k, v in e.items() if k != "id"} for e in events]


def _by_key(body):
    events = body.get("items") or [f["properties"] for f in body["features"]]
    return {e["key"]: e for e in _without_ids(events)}


@pytest.mark.postgres
def test_postgresql_writes_the_same_events_as_sqlite(client, pg_url):
    """PostgreSQL serves the events SQLite does (its pages come through a worker thread, SQLite's do not)."""
    store = Store(pg_url)
    try:
        for record in all_records():
            store.put(record)
        store.rebuild()
        with TestClient(create_app(store)) as pg:
            for url in ("/api/events", "/api/events.geojson"):
                assert _by_key(pg.get(url).json()) == _by_key(client.get(url).json())
            incident = client.get("/api/incidents").json()["items"][0]["id"]
            assert _without_ids(pg.get(f"/api/incidents/{incident}").json()["events"]) == _without_ids(
                client.get(f"/api/incidents/{incident}").json()["events"])
    finally:
        store.close()
