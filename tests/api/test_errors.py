"""Bad input gets a 422 naming the parameter, a missing record a 404, and nothing shows a traceback."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(("url", "param"), [
    ("/api/events?limit=0", "limit"),
    ("/api/events?limit=many", "limit"),
    ("/api/events?since=yesterday", "since"),
    ("/api/events?since=2024-06-01&until=2024-05-01", "until"),
    ("/api/events?bbox=30,40", "bbox"),
    ("/api/events?bbox=38,51,30,46", "bbox"),
    ("/api/events?near=95,30", "near"),
    ("/api/events?near=46,30&radius_km=-1", "radius_km"),
    ("/api/events?type=picnic", "type"),
    ("/api/events?cursor=not-a-cursor", "cursor"),
    ("/api/incidents?cursor=aTox", "cursor"),
    ("/api/incidents?status=rumour", "status"),
    ("/api/claims?act=sing", "act"),
    ("/api/events?country=Ukraine", "country"),
    ("/api/export/xlsx", "format"),
    ("/api/export/csv?kind=records", "kind"),
])
def test_bad_parameter_is_a_422_that_names_it(client, url, param):
    response = client.get(url)
    assert response.status_code == 422
    body = response.json()
    assert body["detail"][0]["loc"][-1] == param
    assert body["message"].startswith(param + ":")


@pytest.mark.parametrize("url", ["/api/events/999999", "/api/incidents/inc-nope", "/api/articles/sha256:0",
                                 "/api/outlets/Nobody"])
def test_missing_record_is_a_404(client, url):
    response = client.get(url)
    assert response.status_code == 404
    assert "no such" in response.json()["detail"]


def test_missing_page_is_an_html_404(client):
    response = client.get("/incidents/inc-nope")
    assert response.status_code == 404
    assert "There is no incident inc-nope" in response.text


def test_a_failure_inside_a_route_is_a_plain_500(store, monkeypatch):
    from fastapi.testclient import TestClient

    from dronewatch.api import create_app

    def broken(*args, **kwargs):
        raise RuntimeError("secret internals")

    monkeypatch.setattr("dronewatch.api.routes.outlets.outlet_profiles", broken)
    with TestClient(create_app(store), raise_server_exceptions=False) as c:
        response = c.get("/api/outlets")
    assert response.status_code == 500
    assert response.json() == {"detail": "internal error"}
    assert "secret internals" not in response.text and "Traceback" not in response.text
    assert "Content-Security-Policy" in response.headers
