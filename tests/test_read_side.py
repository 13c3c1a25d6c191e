"""One read side: the same filters through the command line, the API, the web page and an export give the
same incidents in the same order (newest first), on SQLite and PostgreSQL."""

from __future__ import annotations

import csv
import json
import re
import warnings
from datetime import date

import pytest
from typer.testing import CliRunner

with warnings.catch_warnings():
    # Starlette's test client names anyio's BlockingPortal by a deprecated alias at import (as tests/api says).
    warnings.simplefilter("ignore", DeprecationWarning)
    from fastapi.testclient import TestClient

from dronewatch.api import create_app
from dronewatch.cli import app
from dronewatch.record import (
    Actor,
    Article,
    Casualties,
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

TOWNS = {"Kharkiv": ("UA", 49.99, 36.23), "Odesa": ("UA", 46.48, 30.73), "Belgorod": ("RU", 50.6, 36.59)}


def _article(outlet: str | None, published: date, sentence: str, town: str, day: date | tuple[date, date],
             killed: int | None = None, actor: str = "Russia", source: str | None = None) -> Record:
    text = f"{sentence} More lines follow about the night."
    country, lat, lon = TOWNS[town]
    first, last = day if isinstance(day, tuple) else (day, day)
    event = Event(type="drone_strike", trigger="struck", evidence=Evidence.from_offsets(text, 0, len(sentence)),
                  date=DateInterval(text="that night", earliest=first, latest=last),
                  location=Place(text=town, name=town, country=country, lat=lat, lon=lon, feature="city"),
                  actors=[Actor(text=actor, name=actor)], casualties=Casualties(killed=killed),
                  status="claimed" if source else "reported",
                  source=Source(text=source, name=source) if source else None)
    return Record(article=Article(id=article_id(text), source=f"{outlet}-{published}.txt", outlet=outlet,
                                  published=published, text=text),
                  events=[event], framing=Framing(), extractor="test-1")


RECORDS = [
    _article("Harbour Gazette", date(2024, 5, 2), "Drones hit a depot in Odesa, killing two.", "Odesa",
             date(2024, 5, 1), killed=2),
    _article("Steppe Wire", date(2024, 5, 2), "A drone strike on an Odesa depot killed four, the governor said.",
             "Odesa", date(2024, 5, 1), killed=4, source="the governor"),
    _article("Steppe Wire", date(2024, 6, 10), "Drones struck a Kharkiv power plant overnight.", "Kharkiv",
             date(2024, 6, 9)),
    _article(None, date(2024, 7, 3), "Ukrainian drones hit a fuel depot near Belgorod.", "Belgorod",
             date(2024, 7, 2), actor="Ukraine"),
    _article("Harbour Gazette", date(2024, 8, 20), "Since 2022 drones have struck Kharkiv again and again.",
             "Kharkiv", (date(2022, 1, 1), date(2024, 8, 20))),
]

# Each filter as the command line, the API, the web page and an export's --where spell it.
FILTERS = [
    {},
    {"type": "drone_strike"},
    {"since": "2024-06-01"},
    {"until": "2024-06-30", "since": "2024-05-01"},
    {"near": "Odesa", "km": "30"},
    {"near": "49.99,36.23"},
    {"actor": "Ukraine"},
    {"outlet": "Steppe Wire"},
    {"country": "RU"},
    {"min_killed": "3"},
    {"text": "depot"},
    {"status": "corroborated"},
    {"vague": "only"},
    {"vague": "show"},
]
_API = {"text": "q", "km": "radius_km"}


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def store(request, tmp_path):
    url = f"sqlite:///{tmp_path / 'store.sqlite'}" if request.param == "sqlite" else request.getfixturevalue("pg_url")
    s = Store(url)
    s.put_many(RECORDS)
    s.rebuild()
    yield s
    s.close()


def _cli(store, f):
    args = [a for k, v in f.items() for a in (f"--{k.replace('_', '-')}", v)]
    result = CliRunner().invoke(app, ["incidents", "--db", store.url, "--format", "json", *args])
    assert result.exit_code == 0, result.output
    return [i["id"] for i in json.loads(result.output)]


def _api(client, f):
    ids, cursor = [], None
    while True:  # pages of two, to read through the cursors too
        params = {_API.get(k, k): v for k, v in f.items()} | {"limit": 2} | ({"cursor": cursor} if cursor else {})
        page = client.get("/api/incidents", params=params)
        assert page.status_code == 200, page.text
        ids += [i["id"] for i in page.json()["items"]]
        cursor = page.json()["next"]
        if cursor is None:
            return ids


def _web(client, f):
    page = client.get("/", params={_API.get(k, k) if k == "text" else k: v for k, v in f.items()})
    assert page.status_code == 200
    return re.findall(r'<li class="incident" data-id="([^"]+)"', page.text)


def _export(store, f, out, kind="incidents"):
    where = [a for k, v in f.items() for a in ("--where", f"{k}={v}")]
    result = CliRunner().invoke(app, ["export", "--db", store.url, "--format", "csv", "--kind", kind, *where,
                                      "--out", str(out)])
    assert result.exit_code == 0, result.output
    with open(out, encoding="utf-8", newline="") as table:
        return list(csv.DictReader(table))


def test_the_same_filter_gives_the_same_incidents_everywhere(store, tmp_path):
    client = TestClient(create_app(store))
    seen = set()
    for f in FILTERS:
        cli = _cli(store, f)
        assert _api(client, f) == cli, f
        assert _web(client, f) == cli, f
        assert [row["incident_id"] for row in _export(store, f, tmp_path / "incidents.csv")] == cli, f
        seen.add(tuple(cli))
    assert len(seen) > 8  # the filters select different incidents: the comparison is not of empty lists


def test_list_is_newest_first_with_the_toll_range_and_who_gave_it(store):
    client = TestClient(create_app(store))
    items = client.get("/api/incidents").json()["items"]
    assert [i["first_day"] for i in items] == ["2024-07-02", "2024-06-09", "2024-05-01"]
    odesa = items[-1]
    assert odesa["killed"] == [2, 4] and odesa["injured"] is None  # no report gives an injured count
    assert {(r["outlet"], r["killed"], r["source"]) for r in odesa["reports"]} == {
        ("Harbour Gazette", 2, None), ("Steppe Wire", 4, "the governor")}
    by_toll = client.get("/api/incidents", params={"sort": "toll"}).json()["items"]
    assert by_toll[0]["id"] == odesa["id"]
    by_reports = client.get("/api/incidents", params={"sort": "reports"}).json()["items"]
    assert by_reports[0]["report_count"] == 2


def test_facets_count_incidents_by_type_outlet_grade_and_country(store):
    facets = TestClient(create_app(store)).get("/api/incidents/facets").json()
    assert facets["type"] == {"drone_strike": 3}
    assert facets["country"] == {"UA": 2, "RU": 1}
    assert facets["outlet"] == {"Steppe Wire": 2, "Harbour Gazette": 1, "unknown": 1}
    assert sum(facets["status"].values()) == 3


def test_events_export_names_each_event_s_incident(store, tmp_path):
    rows = _export(store, {}, tmp_path / "events.csv", "events")
    incidents = {r["incident_id"] for r in rows}
    assert len(rows) == 5 and len(incidents) == 4 and "" not in incidents
