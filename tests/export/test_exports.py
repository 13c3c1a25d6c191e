"""Every export read back with its own reader (csv, pyarrow, json) equals what the store holds."""

from __future__ import annotations

import csv
import io
import json
from datetime import date

import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from dronewatch.cli import app
from dronewatch.export import ExportError, export, parse_where
from dronewatch.export.tables import COLUMNS, KINDS
from dronewatch.store.queries import Filter, incidents, records


def _export(store, fmt, kind=None, where=None) -> bytes:
    out = io.BytesIO()
    export(store, fmt, out, kind, where)
    return out.getvalue()


def _csv(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8"))))


def _stored_events(store):
    return [(r, i, e) for r in records(store) for i, e in enumerate(r.events)]


def test_csv_events_equal_the_stored_events(store):
    rows = _csv(_export(store, "csv", "events"))
    assert list(rows[0]) == [name for name, _ in COLUMNS["events"]]
    stored = _stored_events(store)
    assert len(rows) == len(stored)
    for row, (record, i, e) in zip(rows, stored, strict=True):
        assert row["article_id"] == record.article.id and int(row["event_index"]) == i
        assert row["type"] == e.type and row["status"] == e.status
        assert row["evidence_text"] == e.evidence.text
        assert record.article.text[int(row["evidence_start"]):int(row["evidence_end"])] == row["evidence_text"]
        assert row["killed"] == ("" if e.casualties.killed is None else str(e.casualties.killed))
        assert row["date_earliest"] == (e.date.earliest.isoformat() if e.date and e.date.earliest else "")
        assert row["lat"] == ("" if not e.location or e.location.lat is None else str(e.location.lat))


def test_csv_of_untrusted_text_round_trips_unchanged(store):
    rows = _csv(_export(store, "csv", "articles"))
    stored = {r.article.id: r.article for r in records(store)}
    for row in rows:
        assert row["text"] == stored[row["article_id"]].text
        assert row["outlet"] == (stored[row["article_id"]].outlet or "")


@pytest.mark.parametrize("kind", KINDS)
def test_parquet_tables_have_typed_columns_equal_to_the_csv(store, kind):
    table = pq.read_table(io.BytesIO(_export(store, "parquet", kind)))
    assert table.column_names == [name for name, _ in COLUMNS[kind]]
    as_csv = _csv(_export(store, "csv", kind))
    rows = table.to_pylist()
    assert len(rows) == len(as_csv)
    for p_row, c_row in zip(rows, as_csv, strict=True):
        for name, kind_of in COLUMNS[kind]:
            value = p_row[name]
            expected = "" if value is None else ("true" if value is True else "false" if value is False
                                                 else value.isoformat() if isinstance(value, date) else str(value))
            assert c_row[name] == expected, name


def test_parquet_figures_keep_numbers_and_sources(store):
    rows = pq.read_table(io.BytesIO(_export(store, "parquet", "figures"))).to_pylist()
    stored = [(r, g) for r in records(store) for g in r.figures]
    assert [(row["kind"], row["value"], row["source_text"]) for row in rows] == [
        (g.kind, float(g.value), g.source.text if g.source else None) for _, g in stored]


def test_jsonl_records_are_the_stored_records(store):
    lines = _export(store, "jsonl").decode().splitlines()
    assert [json.loads(line) for line in lines] == [r.to_dict() for r in records(store)]


def test_json_array_of_claims(store):
    claims = json.loads(_export(store, "json", "claims"))
    stored = [c for r in records(store) for c in r.claims]
    assert [(c["act"], c["content"], c["speaker_name"]) for c in claims] == [
        (c.act, c.content, c.speaker.name) for c in stored]


def test_geojson_points_are_the_placed_events(store):
    body = json.loads(_export(store, "geojson"))
    assert body["type"] == "FeatureCollection"
    placed = [(r, e) for r, _, e in _stored_events(store) if e.location and e.location.lat is not None]
    assert len(body["features"]) == len(placed)
    for feature, (_, e) in zip(body["features"], placed, strict=True):
        assert feature["geometry"]["coordinates"] == [e.location.lon, e.location.lat]
        assert feature["properties"]["type"] == e.type


def test_geojson_incidents(store):
    body = json.loads(_export(store, "geojson", "incidents"))
    placed = [i for i in incidents(store, Filter()) if i.lat is not None]  # vague ones are not exported by default
    assert sorted(f["id"] for f in body["features"]) == sorted(i.id for i in placed)


def test_acled_rows_use_acled_names_and_honest_precision(store):
    rows = _csv(_export(store, "acled"))
    assert list(rows[0])[:6] == ["event_id_cnty", "event_date", "year", "time_precision", "event_type",
                                 "sub_event_type"]
    by_place = {r["location"]: r for r in rows}
    kharkiv = by_place["Kharkiv"]
    assert (kharkiv["event_type"], kharkiv["sub_event_type"]) == ("Explosions/Remote violence", "Air/drone strike")
    assert (kharkiv["geo_precision"], kharkiv["time_precision"], kharkiv["country"]) == ("1", "1", "Ukraine")
    assert kharkiv["admin1"] == "Kharkiv Oblast" and kharkiv["fatalities"] == "2"
    # A week-long range in a region: region precision, week precision, first day of the range.
    shelling = by_place["Belgorod Oblast"]
    assert (shelling["geo_precision"], shelling["time_precision"], shelling["event_date"]) == ("2", "2", "2024-06-01")
    assert shelling["fatalities"] == ""  # not given: not zero
    # mid-May spans ten days: wider than a week.
    [interception] = [r for r in rows if r["sub_event_type"] == "Disrupted weapons use"]
    assert (interception["time_precision"], interception["event_type"]) == ("3", "Strategic developments")
    # The deployment has no date: it is left out rather than dated by guess.
    assert all(r["sub_event_type"] != "Change to group/activity" for r in rows)


def test_where_selects_events_and_their_articles(store):
    where = parse_where(["type=shelling", "since=2024-06-01"])
    assert where == Filter(type="shelling", since=date(2024, 6, 1))
    events = _csv(_export(store, "csv", "events", where))
    assert [r["type"] for r in events] == ["shelling"]
    records = _export(store, "jsonl", None, where).decode().splitlines()
    assert [json.loads(line)["article"]["outlet"] for line in records] == ["Continental Wire"]


@pytest.mark.parametrize(("conditions", "problem"), [
    (["type"], "expected KEY=VALUE"), (["colour=red"], "expected KEY=VALUE"),
    (["since=May"], "is not a date"), (["bbox=1,2,3"], "MIN_LON"), (["near=x,y"], "LAT,LON"),
])
def test_bad_where_is_refused_with_its_condition(conditions, problem):
    with pytest.raises(ExportError, match=problem) as info:
        parse_where(conditions)
    assert conditions[0] in str(info.value)


def test_records_cannot_be_a_csv(store):
    with pytest.raises(ExportError, match="csv: cannot export 'records'"):
        _export(store, "csv", "records")


def test_cli_export_writes_the_file_and_reports_the_count(store, tmp_path):
    out = tmp_path / "events.csv"
    result = CliRunner().invoke(app, ["export", "--db", store.url, "--format", "csv", "--where", "type=drone_strike",
                                      "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "3 written" in result.output
    assert [r["type"] for r in _csv(out.read_bytes())] == ["drone_strike"] * 3


def test_cli_export_rejects_a_bad_where(store):
    result = CliRunner().invoke(app, ["export", "--db", store.url, "--format", "csv", "--where", "since=soon"])
    assert result.exit_code == 2
    assert "since=soon" in result.output


def test_api_download_is_the_same_file(store):
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        from fastapi.testclient import TestClient

    from dronewatch.api import create_app

    with TestClient(create_app(store)) as client:
        response = client.get("/api/export/csv", params={"kind": "events", "type": "drone_strike"})
    assert response.status_code == 200
    assert response.headers["content-disposition"] == 'attachment; filename="dronewatch-events.csv"'
    assert response.content == _export(store, "csv", "events", Filter(type="drone_strike"))
