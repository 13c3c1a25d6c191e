"""The web pages, rendered on the server: escaped untrusted text, highlights, statuses, the CSP header."""

from __future__ import annotations

import re
import warnings

import pytest
from samples import HOSTILE_MARKUP, courier, hostile

from dronewatch.api import create_app
from dronewatch.api.app import CONTENT_SECURITY_POLICY
from dronewatch.store.queries import Filter, incidents
from dronewatch.web.highlight import Span, runs

with warnings.catch_warnings():
    warnings.simplefilter("ignore", DeprecationWarning)
    from fastapi.testclient import TestClient


@pytest.fixture(scope="module")
def client(store):
    with TestClient(create_app(store, token="t")) as c:
        yield c


def _kharkiv_incident(store):
    return next(i for i in list(incidents(store, Filter(type="drone_strike", vague="show"))) if i.place == "Kharkiv")


@pytest.mark.parametrize("path", ["/", "/outlets", "/search?q=drone", "/exports", "/docs"])
def test_every_page_is_served_with_a_strict_csp(client, path):
    response = client.get(path)
    assert response.status_code == 200
    assert response.headers["content-security-policy"] == CONTENT_SECURITY_POLICY
    assert "script-src 'self'" in CONTENT_SECURITY_POLICY and "unsafe-inline" not in CONTENT_SECURITY_POLICY
    # No inline script anywhere: every <script> has a src on this server.
    assert re.findall(r"<script(?![^>]*\bsrc=\"/)", response.text) == []


def test_hostile_article_text_is_shown_as_text(client):
    page = client.get(f"/articles/{hostile().article.id}").text
    for markup in HOSTILE_MARKUP:
        assert markup not in page
    assert "&lt;script&gt;window.__xss = 1" in page
    assert "<img src=x" not in page and 'href="javascript:' not in page
    assert "&lt;script&gt;window.__xss = 6&lt;/script&gt;Evil Outlet" in page


def test_article_highlights_link_each_span_to_its_extraction(client):
    record = courier()
    page = client.get(f"/articles/{record.article.id}").text
    assert 'id="t-e0"' in page and 'href="#x-e0"' in page and 'id="x-e0"' in page
    assert 'class="hl hl-figure"' in page and 'id="x-f1"' in page
    assert "Kharkiv × 1" in page


def test_incident_page_shows_status_per_outlet_and_the_merge(client, store):
    incident = _kharkiv_incident(store)
    page = client.get(f"/incidents/{incident.id}").text
    assert "Kharkiv Courier" in page and "Volga Daily" in page
    assert 'class="status status-reported">reported' in page and 'class="status status-claimed">claimed' in page
    assert "Why these reports were joined" in page and incident.links[0]["reasons"][0] in page
    assert incident.grade in page
    assert 'action="/incidents/' in page and 'name="keys"' in page


def test_split_form_without_the_token_is_refused(client, store):
    incident = _kharkiv_incident(store)
    response = client.post(f"/incidents/{incident.id}/split", data={"keys": "x", "token": "wrong"},
                           follow_redirects=False)
    assert response.status_code == 303
    assert "refused" in response.headers["location"]
    assert _kharkiv_incident(store).id == incident.id


def test_outlets_page_compares_outlets_with_a_chart(client):
    page = client.get("/outlets").text
    assert '<svg class="chart"' in page and "Volga Daily" in page and "Kharkiv Courier" in page


def test_search_marks_the_matched_words(client):
    page = client.get("/search", params={"q": "warehouse"}).text
    assert "<mark>warehouse</mark>" in page


def test_home_lists_incidents_with_their_date_ranges(client):
    page = client.get("/", params={"type": "interception", "vague": "show"}).text  # a ten-day range is vague
    assert "2024-05-11 … 2024-05-20" in page
    assert "drone strike" not in page.split('id="incident-list"')[1]


def test_runs_cut_the_text_at_every_span_boundary():
    text = "abcdefghij"
    out = runs(text, [Span(2, 6, "event", "e0", "event"), Span(4, 8, "claim", "c0", "claim")])
    assert [(r.text, r.classes) for r in out] == [("ab", ""), ("cd", "hl-event"), ("ef", "hl-claim hl-event"),
                                                  ("gh", "hl-claim"), ("ij", "")]
    assert "".join(r.text for r in out) == text
