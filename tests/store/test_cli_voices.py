"""The voice matrix as a user reads it from a store: `dronewatch outlets`, /api/outlets/voices, /outlets."""

from __future__ import annotations

import json
import warnings
from datetime import date

from typer.testing import CliRunner

from dronewatch.cli import app
from dronewatch.record import (
    Article,
    DateInterval,
    Event,
    Evidence,
    Framing,
    Place,
    Record,
    Source,
    article_id,
)
from dronewatch.store import Store

with warnings.catch_warnings():
    warnings.simplefilter("ignore", DeprecationWarning)  # see tests/api/conftest.py
    from fastapi.testclient import TestClient

from dronewatch.api import create_app

runner = CliRunner()
DAY = date(2024, 6, 3)


def _record(outlet: str, text: str, status: str, source: str | None) -> Record:
    event = Event(type="drone_strike", trigger="struck", status=status,  # type: ignore[arg-type]
                  source=Source(text=source, name="Russia") if source else None,
                  date=DateInterval(text="on Monday", earliest=DAY, latest=DAY),
                  location=Place(text="Izmail", name="Izmail", country="UA", lat=45.35, lon=28.84, feature="city"),
                  evidence=Evidence.from_offsets(text, 0, len(text)))
    article = Article(id=article_id(text), source=f"{outlet}.txt", outlet=outlet, published=DAY, text=text)
    return Record(article=article, events=[event], framing=Framing(), extractor="test-1")


def _store(url: str) -> str:
    store = Store(url)
    for r in (_record("Steppe Courier", "Drones struck the port of Izmail on Monday, Russia's defence ministry said.",
                      "claimed", "Russia's defence ministry"),
              _record("Eastern Herald", "Our drones struck the port of Izmail on Monday.", "reported", None)):
        store.put(r)
    store.rebuild()
    store.close()
    return url


def test_outlets_command_prints_the_voice_matrix(db_url):
    url = _store(db_url)
    result = runner.invoke(app, ["outlets", "--db", url, "--voices", "--format", "json"])
    assert result.exit_code == 0, result.output
    matrix = json.loads(result.output)
    assert matrix["sides"] == ["RU"]
    assert matrix["by_side"]["Eastern Herald"]["RU"]["shares"]["fact"] == 1.0
    assert matrix["by_side"]["Steppe Courier"]["RU"]["shares"]["attributed"] == 1.0
    table = runner.invoke(app, ["outlets", "--db", url], env={"COLUMNS": "200"})
    assert "Voice matrix" in table.output and "100% / 0% / 0% of 1" in table.output


def test_api_and_page_link_the_sentences(tmp_path):
    store = Store(_store(f"sqlite:///{tmp_path / 'v.sqlite'}"))
    try:
        client = TestClient(create_app(store))
        body = client.get("/api/outlets/voices").json()
        [example] = body["by_side"]["Eastern Herald"]["RU"]["examples"]
        assert example["voice"] == "fact" and "Our drones struck" in example["text"]
        page = client.get("/outlets").text
        assert f'href="/articles/{example["article_id"]}#t-e0"' in page
    finally:
        store.close()
