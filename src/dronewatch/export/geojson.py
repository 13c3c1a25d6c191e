"""GeoJSON: a FeatureCollection of points, one per event (or incident) that has coordinates.

Events placed only at country level have no coordinates (the record never passes a country's
centroid off as a place), so they are left out; ``skipped`` counts them.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import asdict
from datetime import date
from typing import Any, TextIO

from dronewatch.export.tables import Row
from dronewatch.store.queries import IncidentItem

__all__ = ["feature", "incident_feature", "write_geojson"]


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


def feature(row: Row) -> dict[str, Any] | None:
    """The Point feature of one flat event row, or None when it has no coordinates."""
    if row.get("lat") is None or row.get("lon") is None:
        return None
    return {"type": "Feature", "geometry": {"type": "Point", "coordinates": [row["lon"], row["lat"]]},
            "properties": {k: _plain(v) for k, v in row.items() if k not in ("lat", "lon")}}


def incident_feature(incident: IncidentItem) -> dict[str, Any] | None:
    """The Point feature of one incident, or None when it has no coordinates."""
    if incident.lat is None or incident.lon is None:
        return None
    props = {k: _plain(v) for k, v in asdict(incident).items() if k not in ("lat", "lon")}
    return {"type": "Feature", "id": incident.id,
            "geometry": {"type": "Point", "coordinates": [incident.lon, incident.lat]}, "properties": props}


def write_geojson(features: Iterable[dict[str, Any] | None], out: TextIO) -> tuple[int, int]:
    """Write a FeatureCollection; returns (features written, items skipped for lack of coordinates)."""
    n = skipped = 0
    out.write('{"type": "FeatureCollection", "features": [')
    for f in features:
        if f is None:
            skipped += 1
            continue
        out.write(("\n" if n == 0 else ",\n") + json.dumps(f, ensure_ascii=False))
        n += 1
    out.write("\n]}\n")
    return n, skipped
