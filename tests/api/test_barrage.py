"""The barrage tracker over invented salvo reports: nightly counts per side, the CSV export, and the page."""

from __future__ import annotations

import csv
import io
import json
import warnings
from datetime import date

import pytest

from dronewatch.api import create_app
from dronewatch.record import Article, Evidence, Figure, Record, Source, Weapon, article_id
from dronewatch.store import Store

with warnings.catch_warnings():
    warnings.simplefilter("ignore", DeprecationWarning)
    from fastapi.testclient import TestClient

SHAHED = Weapon.model_validate({"text": "Shahed drones", "name": "Shahed-136", "class": "drone"})
DRONE = Weapon.model_validate({"text": "drones", "name": "drone", "class": "drone"})


def _report(text: str, outlet: str, published: date, figures: list[tuple[str, str, int, Weapon, str]],
            source: str | None = None) -> Record:
    """A record whose figures are (words, role, value, weapon, side), each read on the night ``published``."""
    figs = []
    for words, role, value, weapon, side in figures:
        start = text.index(words)
        figs.append(Figure(kind="drones", value=value, role=role, weapon=weapon, side=side, night=published,
                           source=Source(text=source) if source else None,
                           evidence=Evidence(start=start, end=start + len(words), text=words)))
    article = Article(id=article_id(text), source=f"{outlet}.txt", outlet=outlet, published=published, text=text)
    return Record(article=article, figures=figs)


def _records() -> list[Record]:
    first = "Russia sent 63 Shahed drones overnight and 50 were downed, the air force said."
    second = "A wire report said 60 Shahed drones flew in overnight; 48 were downed <script>alert(1)</script>."
    moscow = "The ministry said air defences destroyed 27 Ukrainian drones over the border region."
    return [
        _report(first, "Kyiv Ledger", date(2025, 5, 2), [("63 Shahed drones", "launched", 63, SHAHED, "RU"),
                                                         ("50 were downed", "intercepted", 50, SHAHED, "RU")],
                source="the air force"),
        _report(second, "Wire <b>One</b>", date(2025, 5, 2), [("60 Shahed drones", "launched", 60, SHAHED, "RU"),
                                                              ("48 were downed", "intercepted", 48, SHAHED, "RU")]),
        _report(moscow, "Moscow Courier", date(2025, 5, 3), [("27 Ukrainian drones", "intercepted", 27, DRONE, "UA")],
                source="The ministry"),
    ]


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    s = Store(f"sqlite:///{tmp_path_factory.mktemp('barrage') / 'b.sqlite'}")
    for record in _records():
        s.put(record)
    yield s
    s.close()


@pytest.fixture(scope="module")
def client(store):
    with TestClient(create_app(store)) as c:
        yield c


def test_each_side_has_its_nightly_counts_the_largest_any_report_claims(client):
    r = client.get("/api/barrage")
    assert r.status_code == 200
    nights = [(n["night"], n["side"], n["launched"], n["intercepted"]) for n in r.json()["items"]]
    assert nights == [("2025-05-02", "RU", 63, 50), ("2025-05-03", "UA", None, 27)]
    assert len(r.json()["items"][0]["figures"]) == 4


def test_side_filter_keeps_one_sides_weapons(client):
    r = client.get("/api/barrage", params={"country": "UA"})
    assert [n["side"] for n in r.json()["items"]] == ["UA"]


def test_a_kind_that_is_not_drones_or_missiles_is_refused(client):
    assert client.get("/api/barrage", params={"kind": "tanks"}).status_code == 422


def test_csv_has_a_row_per_figure_with_its_evidence(client):
    r = client.get("/api/barrage.csv")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(r.text)))
    assert len(rows) == 5
    first = rows[0]
    assert (first["night"], first["side"], first["role"], first["weapon"], first["value"]) == (
        "2025-05-02", "RU", "launched", "Shahed-136", "63")
    assert first["evidence_text"] == "63 Shahed drones"


def test_cli_export_of_the_barrage_is_the_api_csv_and_nights(client, store, tmp_path):
    from typer.testing import CliRunner

    from dronewatch.cli import app

    out = tmp_path / "barrage.csv"
    result = CliRunner().invoke(app, ["export", "--db", store.url, "-f", "csv", "--kind", "barrage", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "5 written" in result.output
    assert out.read_text(encoding="utf-8") == client.get("/api/barrage.csv").text
    result = CliRunner().invoke(app, ["export", "--db", store.url, "-f", "json", "--kind", "barrage",
                                      "--where", "country=UA", "-o", str(tmp_path / "barrage.json")])
    assert result.exit_code == 0, result.output
    assert json.loads((tmp_path / "barrage.json").read_text(encoding="utf-8")) == client.get("/api/barrage", params={"country": "UA"}).json()["items"]


def test_barrage_is_no_parquet(store, tmp_path):
    from typer.testing import CliRunner

    from dronewatch.cli import app

    result = CliRunner().invoke(app, ["export", "--db", store.url, "-f", "parquet", "--kind", "barrage",
                                      "-o", str(tmp_path / "b.parquet")])
    assert result.exit_code == 2
    assert "parquet: cannot export 'barrage'" in result.output


def test_page_draws_a_bar_per_count_linked_to_its_evidence(client):
    r = client.get("/barrage")
    assert r.status_code == 200
    assert 'id="barrage-chart"' in r.text
    assert r.text.count('class="salvo-bar"') == 3  # RU launched and intercepted; UA intercepted
    aid = _records()[0].article.id
    assert f'href="/articles/{aid}#x-f0"' in r.text
    assert "<script>alert(1)" not in r.text and "Wire &lt;b&gt;One&lt;/b&gt;" in r.text


def test_an_article_that_repeats_a_count_is_not_counted_twice():
    from dronewatch.store.queries import SalvoFigure, barrage_nights

    def fig(i: int, value: float, weapon: str) -> SalvoFigure:
        return SalvoFigure(i, "a1", i, None, None, date(2025, 6, 1), "RU", "launched", "drones", weapon, "drone",
                           value, None, {"start": 0, "end": 1, "text": "x"})

    [night] = barrage_nights([fig(0, 27, "Shahed-136"), fig(1, 27, "Shahed-136"), fig(2, 5, "Lancet")])
    assert night.launched == 32
