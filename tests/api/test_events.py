"""The events API: filters, cursor pages, GeoJSON, one event."""

from __future__ import annotations

from dronewatch.api.shapes import EventOut, EventPage


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
