"""The articles API: stored records as stored, lists, claims and figures, and posting an article."""

from __future__ import annotations

from fastapi.testclient import TestClient
from samples import TOKEN, courier

from dronewatch.api import create_app
from dronewatch.api.shapes import ArticlePage, ClaimPage, FigurePage
from dronewatch.record import Record, article_id
from dronewatch.store import Store


def test_article_record_is_returned_exactly_as_stored(client, store):
    stored = courier()
    body = client.get(f"/api/articles/{stored.article.id}").json()
    assert Record.model_validate({k: v for k, v in body.items() if k != "incidents"}) == stored
    assert set(body["incidents"]) == {e["key"] for e in client.get("/api/events", params={
        "outlet": "Kharkiv Courier"}).json()["items"]}


def test_article_id_without_its_prefix_is_found(client):
    bare = courier().article.id.removeprefix("sha256:")
    assert client.get(f"/api/articles/{bare}").status_code == 200


def test_article_list_counts_what_was_extracted(client):
    page = ArticlePage.model_validate(client.get("/api/articles", params={"outlet": "Kharkiv Courier"}).json())
    [item] = page.items
    assert (item.events, item.claims, item.figures) == (1, 1, 2)


def test_claims_list_pairs_nothing_it_cannot_show(client):
    page = ClaimPage.model_validate(client.get("/api/claims", params={"act": "deny"}).json())
    assert [c.speaker["name"] for c in page.items] == ["Russian Ministry of Defence"]
    by_speaker = client.get("/api/claims", params={"speaker": "governor"}).json()["items"]
    assert [c["act"] for c in by_speaker] == ["accuse"]


def test_figures_filter_by_kind(client):
    page = FigurePage.model_validate(client.get("/api/figures", params={"kind": "drones"}).json())
    assert [(f.value, f.source["text"]) for f in page.items] == [(14.0, "Firefighters")]


def test_outlets_and_search(client):
    names = [p["outlet"] for p in client.get("/api/outlets").json()]
    assert "Volga Daily" in names
    assert client.get("/api/outlets/volga daily").json()["outlet"] == "Volga Daily"
    hits = client.get("/api/search", params={"q": "warehouse"}).json()
    assert hits and all("[" in h["snippet"] for h in hits)


def _fake_extract(documents):
    for doc in documents:
        text = doc.text
        yield Record.model_validate({"article": {"id": article_id(text), "source": doc.source, "outlet": doc.outlet,
                                                 "title": doc.title, "published": doc.published, "text": text},
                                     "extractor": "fake-1"})


def test_posting_an_article_needs_the_token_and_stores_it(tmp_path):
    store = Store(f"sqlite:///{tmp_path / 'post.sqlite'}")
    body = {"text": "A drone struck a bridge near Sumy on Monday, officials said.", "outlet": "Test Post",
            "published": "2024-08-05"}
    with TestClient(create_app(store, token=TOKEN, extract=_fake_extract)) as client:
        assert client.post("/api/articles", json=body).status_code == 401
        response = client.post("/api/articles", json=body, headers={"Authorization": f"Bearer {TOKEN}"})
        assert response.status_code == 201
        stored = response.json()["record"]["article"]
        assert client.get(f"/api/articles/{stored['id']}").json()["article"]["outlet"] == "Test Post"
        empty = client.post("/api/articles", json={"text": "  "}, headers={"Authorization": f"Bearer {TOKEN}"})
        assert empty.status_code == 422
    store.close()
