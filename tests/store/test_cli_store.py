"""The store's commands: what a user reads from `incidents`, `claims`, `outlets` and `split`."""

from __future__ import annotations

import json

from fake_extract import documents, fake_extract
from typer.testing import CliRunner

from dronewatch.cli import app
from dronewatch.store import Store, ingest

runner = CliRunner()


def _filled(db_url):
    store = Store(db_url)
    list(ingest(store, documents(8), fake_extract, "fake-1"))
    store.close()
    return db_url


def test_incidents_near_a_stored_place_as_json(db_url):
    result = runner.invoke(app, ["incidents", "--db", _filled(db_url), "--near", "Kharkiv", "--km", "30",
                                 "--format", "json"])
    assert result.exit_code == 0, result.output
    [incident] = json.loads(result.output)
    assert incident["place"] == "Kharkiv"
    assert len(incident["reports"]) == 2


def test_near_an_unknown_place_says_how_to_fix_it(db_url):
    result = runner.invoke(app, ["incidents", "--db", _filled(db_url), "--near", "Atlantis"])
    assert result.exit_code == 2
    assert "no stored place is named 'Atlantis'" in result.output  # Click boxes the message: check its parts
    assert "LAT,LON" in result.output


def test_split_then_two_incidents(db_url):
    url = _filled(db_url)
    [incident] = json.loads(runner.invoke(app, ["incidents", "--db", url, "--near", "49.99,36.23",
                                                "--format", "json"]).output)
    off = incident["reports"][0]["article_id"].removeprefix("sha256:")[:12]
    result = runner.invoke(app, ["split", incident["id"], off, "--db", url])
    assert result.exit_code == 0, result.output
    again = json.loads(runner.invoke(app, ["incidents", "--db", url, "--near", "49.99,36.23",
                                           "--format", "json"]).output)
    assert len(again) == 2


def test_split_of_unknown_incident_fails_with_its_name(db_url):
    result = runner.invoke(app, ["split", "inc-missing", "abc", "--db", _filled(db_url)])
    assert result.exit_code == 1
    assert "inc-missing: no such incident" in result.output


def test_claims_and_outlets_tables(db_url):
    url = _filled(db_url)
    claims = runner.invoke(app, ["claims", "--db", url, "--act", "deny", "--format", "json"])
    assert {c["speaker"]["name"] or c["speaker"]["text"] for c in json.loads(claims.output)} == {"Kyiv"}
    outlets = runner.invoke(app, ["outlets", "--db", url])
    assert outlets.exit_code == 0
    assert "Outlet 0" in outlets.output
