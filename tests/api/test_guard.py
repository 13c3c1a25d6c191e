"""Values no database can hold are a 422 naming them on both backends; writes are refused before their body."""

from __future__ import annotations

import asyncio
import base64
import warnings

import pytest
from samples import TOKEN, all_records

with warnings.catch_warnings():
    warnings.simplefilter("ignore", DeprecationWarning)
    from fastapi.testclient import TestClient

from dronewatch.api import create_app
from dronewatch.api.app import VENDOR_DIR
from dronewatch.store import Store

AUTH = {"Authorization": f"Bearer {TOKEN}"}


def _fake_extract(documents):
    return iter(())


@pytest.fixture(params=["sqlite", "postgresql"], scope="module")
def any_client(request, tmp_path_factory):
    """A client of the API over the sample records, on each database."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('guard') / 'guard.sqlite'}"
        yield from _client(url)
    else:
        yield from _client(request.getfixturevalue("pg_url_module"))


def _client(url):
    store = Store(url)
    for record in all_records():
        store.put(record)
    store.rebuild()
    with TestClient(create_app(store, token=TOKEN, extract=_fake_extract), raise_server_exceptions=False) as c:
        yield c
    store.close()


def _cursor(raw: str) -> str:
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


@pytest.mark.parametrize("url, name", [
    ("/api/events?actor=Rus%00sia", "actor"),
    ("/api/articles?q=drone%00", "q"),
    ("/api/incidents?outlet=%00", "outlet"),
    ("/api/claims?speaker=%00x", "speaker"),
    ("/api/search?q=%00", "q"),
])
def test_a_nul_byte_in_a_parameter_is_a_422_naming_it(any_client, url, name):
    response = any_client.get(url)
    assert response.status_code == 422, response.text
    assert name in response.json()["message"] and "NUL" in response.json()["message"]


@pytest.mark.parametrize("url", ["/api/articles/abc%00def", "/api/incidents/x%00y", "/incidents/x%00y"])
def test_a_nul_byte_in_the_path_is_a_422(any_client, url):
    assert any_client.get(url).status_code == 422


@pytest.mark.parametrize("event_id", [2**31, 2**31 + 5, 2**63 - 1, 10**30])
def test_an_event_id_no_row_can_have_is_a_422(any_client, event_id):
    response = any_client.get(f"/api/events/{event_id}")
    assert response.status_code == 422, response.text
    assert "event_id" in response.json()["message"]


def test_the_largest_storable_event_id_is_a_404(any_client):
    assert any_client.get(f"/api/events/{2**31 - 1}").status_code == 404


@pytest.mark.parametrize("url, raw", [
    ("/api/events", "i:\u00b2"),             # '²' passes str.isdigit
    ("/api/events", "i:\u0663"),             # an Arabic-Indic three
    ("/api/events", f"i:{2**31}"),
    ("/api/incidents", "s:a\x00b"),
    ("/api/articles", "s:\x00"),
])
def test_a_forged_cursor_is_a_422(any_client, url, raw):
    response = any_client.get(url, params={"cursor": _cursor(raw)})
    assert response.status_code == 422, response.text
    assert "cursor" in response.json()["message"]


def test_a_nul_byte_in_a_posted_article_is_a_422_naming_the_field(any_client):
    response = any_client.post("/api/articles", json={"text": "Drones struck a depot.", "title": "a\x00b"},
                               headers=AUTH)
    assert response.status_code == 422
    assert "title" in response.json()["message"]


def _asgi_post(app, headers, chunks):
    """POST ``chunks`` to ``app`` by hand; the answer's status and how many chunks the app read."""
    read = []
    sent = []
    pending = list(chunks)

    async def receive():
        read.append(1)
        body = pending.pop(0) if pending else b""
        return {"type": "http.request", "body": body, "more_body": bool(pending)}

    async def send(message):
        sent.append(message)

    scope = {"type": "http", "method": "POST", "path": "/api/articles", "raw_path": b"/api/articles",
             "query_string": b"", "headers": [(k.encode(), v.encode()) for k, v in headers.items()],
             "http_version": "1.1", "scheme": "http", "server": ("test", 80), "client": ("test", 1),
             "root_path": ""}
    asyncio.run(app(scope, receive, send))
    status = next(m["status"] for m in sent if m["type"] == "http.response.start")
    return status, len(read)


@pytest.fixture
def sqlite_app(tmp_path):
    store = Store(f"sqlite:///{tmp_path / 'w.sqlite'}")
    yield create_app(store, token=TOKEN, extract=_fake_extract)
    store.close()


def test_a_write_without_the_token_is_refused_before_its_body_is_read(sqlite_app):
    huge = {"content-type": "application/json", "content-length": str(400 * 1024 * 1024)}
    status, reads = _asgi_post(sqlite_app, huge, [b"{" * 1024] * 4)
    assert (status, reads) == (401, 0)
    status, reads = _asgi_post(sqlite_app, huge | {"authorization": "Bearer wrong"}, [b"{" * 1024] * 4)
    assert (status, reads) == (401, 0)


def test_a_body_over_the_limit_is_a_413_before_it_is_read(sqlite_app, monkeypatch):
    monkeypatch.setenv("DRONEWATCH_MAX_BODY_MB", "1")
    declared = {"content-type": "application/json", "content-length": str(2 * 1024 * 1024), **AUTH}
    declared = {k.lower(): v for k, v in declared.items()}
    assert _asgi_post(sqlite_app, declared, [b" " * 1024] * 4) == (413, 0)


def test_a_body_that_grows_past_the_limit_unannounced_is_a_413(sqlite_app, monkeypatch):
    monkeypatch.setenv("DRONEWATCH_MAX_BODY_MB", "1")
    chunked = {"content-type": "application/json", "authorization": f"Bearer {TOKEN}"}
    status, reads = _asgi_post(sqlite_app, chunked, [b" " * (256 * 1024)] * 40)
    assert status == 413
    assert reads <= 5  # it stopped reading at the limit, not at the end of the 10 MB


@pytest.mark.skipif(not VENDOR_DIR.is_dir(), reason="node_modules missing: run `make setup`")
def test_vendor_serves_only_the_files_the_pages_use(any_client):
    assert any_client.get("/vendor/leaflet/dist/leaflet.js").status_code == 200
    assert any_client.get("/vendor/leaflet/dist/images/marker-icon.png").status_code == 200
    for other in ("/vendor/leaflet/package.json", "/vendor/leaflet/src/Leaflet.js", "/vendor/.package-lock.json",
                  "/vendor/leaflet/dist/leaflet-src.js", "/vendor/leaflet/dist/../package.json"):
        assert any_client.get(other).status_code == 404, other
