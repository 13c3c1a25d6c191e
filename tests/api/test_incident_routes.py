"""The incidents API: merged reports, grades, GeoJSON, and the split behind the token."""

from __future__ import annotations

from fastapi.testclient import TestClient
from pydantic import TypeAdapter
from samples import TOKEN, all_records

from dronewatch.api import create_app
from dronewatch.api.shapes import IncidentDetail, IncidentPage
from dronewatch.store import Store


def _kharkiv(client):
    items = client.get("/api/incidents", params={"type": "drone_strike", "bbox": "35.5,49.5,37.0,50.5"}).json()
    return items["items"]


def test_two_outlets_telling_one_strike_are_one_incident(client):
    page = IncidentPage.model_validate(client.get("/api/incidents").json())
    [kharkiv] = _kharkiv(client)
    assert {r["outlet"] for r in kharkiv["reports"]} == {"Kharkiv Courier", "Volga Daily"}
    assert {r["outlet"]: r["status"] for r in kharkiv["reports"]} == {"Kharkiv Courier": "reported",
                                                                       "Volga Daily": "claimed"}
    assert kharkiv["links"] and kharkiv["links"][0]["reasons"]
    assert any(i.id == kharkiv["id"] for i in page.items)


def test_incident_detail_has_its_events_and_claims(client):
    [kharkiv] = _kharkiv(client)
    detail = TypeAdapter(IncidentDetail).validate_python(client.get(f"/api/incidents/{kharkiv['id']}").json())
    assert len(detail.events) == 2
    assert {c.act for c in detail.claims} == {"accuse", "deny"}
    assert detail.grade and detail.reasons


def test_grade_filter_uses_the_status_parameter(client):
    grade = _kharkiv(client)[0]["grade"]
    body = client.get("/api/incidents", params={"status": grade}).json()
    assert body["items"] and all(i["grade"] == grade for i in body["items"])


def test_incident_geojson_leaves_out_unplaced_incidents(client):
    body = client.get("/api/incidents.geojson", params={"limit": 1000}).json()
    listed = client.get("/api/incidents", params={"limit": 1000}).json()["items"]
    assert len(body["features"]) == sum(1 for i in listed if i["lat"] is not None)


def test_split_needs_the_token_and_then_separates_the_reports(tmp_path):
    store = Store(f"sqlite:///{tmp_path / 'split.sqlite'}")
    for record in all_records():
        store.put(record)
    store.rebuild()
    with TestClient(create_app(store, token=TOKEN)) as client:
        [kharkiv] = _kharkiv(client)
        volga = next(r["article_id"] for r in kharkiv["reports"] if r["outlet"] == "Volga Daily")
        url = f"/api/incidents/{kharkiv['id']}/split"
        assert client.post(url, json={"keys": [volga]}).status_code == 401
        assert client.post(url, json={"keys": [volga]}, headers={"Authorization": "Bearer wrong"}).status_code == 401
        response = client.post(url, json={"keys": [volga]}, headers={"Authorization": f"Bearer {TOKEN}"})
        assert response.status_code == 200
        assert len(_kharkiv(client)) == 2
    store.close()


def test_split_is_refused_when_the_write_side_is_off(client):
    [kharkiv] = _kharkiv(client)
    response = client.post(f"/api/incidents/{kharkiv['id']}/split", json={"keys": ["x"]},
                           headers={"Authorization": "Bearer anything"})
    assert response.status_code == 403
    assert "DRONEWATCH_API_TOKEN" in response.json()["detail"]
