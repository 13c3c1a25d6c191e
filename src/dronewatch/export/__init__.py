"""Exports of the stored record: CSV, JSON, JSON Lines, GeoJSON, Parquet and ACLED-style CSV.

Every export reads stored records (``store.queries.selected_records``) and writes them out; nothing
is extracted or merged again. ``--where`` (or the API's query parameters) selects events with the same
filters as the API; records, claims and figures are then those of the articles with a selected event.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import BinaryIO, Literal

from dronewatch.errors import DronewatchError
from dronewatch.export.acled import write_acled
from dronewatch.export.barrage import barrage_csv, barrage_json
from dronewatch.export.csv import write_csv
from dronewatch.export.geojson import feature, incident_feature, write_geojson
from dronewatch.export.json import write_json, write_jsonl
from dronewatch.export.parquet import write_parquet
from dronewatch.export.tables import KINDS, Kind, Row, incident_rows, rows
from dronewatch.store.queries import (
    FILTER_KEYS,
    Filter,
    FilterError,
    PlaceLookup,
    barrage_nights,
    event_incidents,
    incidents,
    parse_filter,
    salvo_figures,
    selected_records,
    stored_times,
)
from dronewatch.store.repo import Store

__all__ = ["FORMATS", "MEDIA_TYPES", "ExportError", "ExportFormat", "Exported", "export", "file_name", "parse_where"]

ExportFormat = Literal["csv", "json", "jsonl", "geojson", "parquet", "acled"]
FORMATS: tuple[str, ...] = ExportFormat.__args__  # type: ignore[attr-defined]
MEDIA_TYPES: dict[str, str] = {
    "csv": "text/csv; charset=utf-8", "acled": "text/csv; charset=utf-8", "json": "application/json",
    "jsonl": "application/x-ndjson", "geojson": "application/geo+json",
    "parquet": "application/vnd.apache.parquet",
}


class ExportError(DronewatchError):
    """An export was asked for in a combination that does not exist (e.g. whole records as CSV)."""


@dataclass(frozen=True)
class Exported:
    """What an export wrote: how many items, and how many were left out and why."""

    written: int
    left_out: dict[str, int] = field(default_factory=dict)


def file_name(fmt: ExportFormat, kind: str | None) -> str:
    """The download's file name, e.g. ``dronewatch-events.csv``."""
    ext = {"acled": "acled.csv", "geojson": "geojson"}.get(fmt, fmt)
    return f"dronewatch-{kind or _default_kind(fmt)}.{ext}"


def _default_kind(fmt: ExportFormat) -> str:
    return "records" if fmt in ("json", "jsonl") else "events"


def export(store: Store, fmt: ExportFormat, out: BinaryIO, kind: str | None = None,
           where: Filter | None = None) -> Exported:
    """Write the stored records selected by ``where`` to ``out`` in ``fmt``.

    ``kind`` is a table (articles, events, claims, figures, loaded, incidents) for csv/parquet/json/jsonl, or
    ``records`` (whole records, json/jsonl only); GeoJSON takes events or incidents; ACLED events. ``barrage``
    is the barrage tracker's, as ``/api/barrage`` reads it: a salvo figure a row (csv) or the nights (json),
    ``type`` in ``where`` being drones or missiles.

    Raises:
        ExportError: the format and kind do not go together.
    """
    kind = kind or _default_kind(fmt)
    allowed = {"csv": (*KINDS, "barrage"), "parquet": KINDS, "json": ("records", *KINDS, "barrage"),
               "jsonl": ("records", *KINDS), "geojson": ("events", "incidents"), "acled": ("events",)}[fmt]
    if kind not in allowed:
        raise ExportError(f"{fmt}: cannot export {kind!r}; choose one of {', '.join(allowed)}")
    if kind == "barrage":
        figures = salvo_figures(store, where or Filter())
        if fmt == "csv":
            out.write(barrage_csv(figures).encode("utf-8"))
            return Exported(len(figures))
        nights = barrage_nights(figures)
        out.write(barrage_json(nights))
        return Exported(len(nights))
    if fmt == "parquet":
        return Exported(write_parquet(_kind(kind), _table(store, _kind(kind), where), out))
    text = io.TextIOWrapper(out, encoding="utf-8", newline="")
    try:
        if fmt == "geojson":
            if kind == "incidents":
                n, skipped = write_geojson(map(incident_feature, incidents(store, where or Filter())), text)
            else:
                n, skipped = write_geojson(map(feature, _table(store, "events", where)), text)
            return Exported(n, {"no coordinates": skipped})
        if fmt == "acled":
            selected = list(selected_records(store, where))
            stored = stored_times(store, [r.article.id for r, _ in selected])
            n, left_out = write_acled(selected, stored, text)
            return Exported(n, left_out)
        if fmt == "csv":
            return Exported(write_csv(_kind(kind), _table(store, _kind(kind), where), text))
        writer = write_json if fmt == "json" else write_jsonl
        if kind == "records":
            return Exported(writer((r for r, _ in selected_records(store, where)), text))
        return Exported(writer(_table(store, _kind(kind), where), text))
    finally:
        text.flush()
        text.detach()


def _table(store: Store, kind: Kind, where: Filter | None) -> Iterator[Row]:
    """The rows of one table: incidents read as the incident list reads them, the rest off stored records."""
    if kind == "incidents":
        return incident_rows(incidents(store, where or Filter()))
    return rows(kind, selected_records(store, where), event_incidents(store) if kind == "events" else None)


def parse_where(conditions: list[str], places: PlaceLookup | None = None) -> Filter:
    """A filter from ``KEY=VALUE`` conditions, e.g. ``type=drone_strike``, ``since=2024-05-01``,
    ``bbox=MIN_LON,MIN_LAT,MAX_LON,MAX_LAT``, ``near=LAT,LON[,KM]``, ``outlet=…``, ``text=…``
    (the keys and values of ``store.queries.parse_filter``).

    Raises:
        ExportError: a condition is not KEY=VALUE, or ``parse_filter`` refuses it.
    """
    given: dict[str, str | None] = {}
    written: dict[str, str] = {}
    for condition in conditions:
        key, sep, value = condition.partition("=")
        if not sep or key.strip() not in FILTER_KEYS:
            raise ExportError(f"--where {condition}: expected KEY=VALUE with KEY one of {', '.join(FILTER_KEYS)}")
        given[key.strip()] = value
        written[key.strip()] = condition
    try:
        return parse_filter(given, places)
    except FilterError as exc:
        raise ExportError(f"--where {written.get(exc.name, exc.name)}: {exc.problem}") from exc


def _kind(kind: str) -> Kind:
    for k in KINDS:
        if k == kind:
            return k  # type: ignore[return-value]
    raise ExportError(f"{kind}: not a table; choose one of {', '.join(KINDS)}")
