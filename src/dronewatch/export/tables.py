"""Flat tables of the stored records, one per record kind, with stable column names and types.

CSV, Parquet and flat JSON are written from these rows, so every format shows the same values under
the same names. A list (actors, authors) is one cell, its names joined by ``LIST_SEPARATOR``; a mapping
(framing naming, stance) is one cell of JSON. Rows are read off stored records, never re-derived.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping
from datetime import date
from typing import Any, Literal

from dronewatch.merge import event_keys
from dronewatch.record import Record
from dronewatch.store.queries import UNKNOWN_OUTLET, IncidentItem

__all__ = ["COLUMNS", "KINDS", "LIST_SEPARATOR", "ColumnType", "Kind", "Row", "incident_rows", "rows", "voice"]

Kind = Literal["articles", "events", "claims", "figures", "loaded", "incidents"]
KINDS: tuple[str, ...] = Kind.__args__  # type: ignore[attr-defined]
ColumnType = Literal["str", "int", "float", "date", "bool"]
Row = dict[str, str | int | float | date | bool | None]
# Names are joined with this in one cell; "; " rarely occurs inside an actor's or author's name.
LIST_SEPARATOR = "; "

_EVIDENCE: list[tuple[str, ColumnType]] = [("evidence_start", "int"), ("evidence_end", "int"),
                                             ("evidence_text", "str")]
_ARTICLE_REF: list[tuple[str, ColumnType]] = [("article_id", "str"), ("outlet", "str"), ("published", "date")]

COLUMNS: dict[str, list[tuple[str, ColumnType]]] = {
    "articles": [
        ("article_id", "str"), ("source", "str"), ("outlet", "str"), ("title", "str"), ("authors", "str"),
        ("published", "date"), ("genre", "str"), ("url", "str"), ("extractor", "str"), ("events", "int"),
        ("claims", "int"), ("figures", "int"), ("naming", "str"), ("stance", "str"), ("opinion_markers", "int"),
        ("text", "str"),
    ],
    "events": [
        *_ARTICLE_REF, ("event_index", "int"), ("event_key", "str"), ("type", "str"), ("trigger", "str"),
        ("date_text", "str"), ("date_earliest", "date"), ("date_latest", "date"), ("place_text", "str"),
        ("place_name", "str"), ("country", "str"), ("admin1", "str"), ("place_feature", "str"), ("lat", "float"),
        ("lon", "float"), ("actors", "str"), ("targets", "str"), ("weapons", "str"), ("killed", "int"),
        ("injured", "int"), ("acled", "str"), ("status", "str"), ("source_text", "str"), ("source_name", "str"),
        *_EVIDENCE, ("incident_id", "str"),
    ],
    "claims": [
        *_ARTICLE_REF, ("claim_index", "int"), ("speaker_text", "str"), ("speaker_name", "str"),
        ("speaker_role", "str"), ("speaker_affiliation", "str"), ("cue", "str"), ("act", "str"), ("content", "str"),
        ("direct", "bool"), ("about", "str"), ("date_text", "str"), ("date_earliest", "date"),
        ("date_latest", "date"), *_EVIDENCE,
    ],
    "figures": [
        *_ARTICLE_REF, ("figure_index", "int"), ("kind", "str"), ("value", "float"), ("qualifier", "str"),
        ("scope", "str"), ("source_text", "str"), ("source_name", "str"), *_EVIDENCE,
    ],
    "loaded": [*_ARTICLE_REF, ("term_index", "int"), ("text", "str"), ("category", "str"), *_EVIDENCE],
    "incidents": [
        ("incident_id", "str"), ("type", "str"), ("first_day", "date"), ("last_day", "date"), ("place_name", "str"),
        ("country", "str"), ("lat", "float"), ("lon", "float"), ("grade", "str"), ("reports", "int"),
        ("killed_low", "int"), ("killed_high", "int"), ("injured_low", "int"), ("injured_high", "int"),
        ("voices", "str"), ("outlets", "str"), ("vague", "bool"),
    ],
}


def _names(items: Iterable[Any]) -> str | None:
    joined = LIST_SEPARATOR.join(i.name for i in items)
    return joined or None


def _evidence(ev: Any) -> Row:
    return {"evidence_start": ev.start, "evidence_end": ev.end, "evidence_text": ev.text}


def voice(report: dict[str, Any]) -> str:
    """Who gave an incident's numbers in one report: "Dnipro Herald: 3 killed, 5 injured (the governor)"."""
    counts = [f"{report[k]} {k}" for k in ("killed", "injured") if report.get(k) is not None]
    by = f" ({report['source']})" if report.get("source") else ""
    return f"{report.get('outlet') or UNKNOWN_OUTLET}: {', '.join(counts) or 'no count'}{by}"


def incident_rows(incidents: Iterable[IncidentItem]) -> Iterator[Row]:
    """One row per incident: its toll range and the reports that give each number."""
    for i in incidents:
        killed, injured = i.killed or (None, None), i.injured or (None, None)
        yield {"incident_id": i.id, "type": i.type, "first_day": i.first_day, "last_day": i.last_day,
               "place_name": i.place, "country": i.country, "lat": i.lat, "lon": i.lon, "grade": i.grade,
               "reports": i.report_count, "killed_low": killed[0], "killed_high": killed[1],
               "injured_low": injured[0], "injured_high": injured[1],
               "voices": LIST_SEPARATOR.join(voice(r) for r in i.reports
                                             if r.get("killed") is not None or r.get("injured") is not None) or None,
               "outlets": LIST_SEPARATOR.join(sorted({r.get("outlet") or UNKNOWN_OUTLET for r in i.reports})),
               "vague": i.vague}


def rows(kind: Kind, records: Iterable[tuple[Record, set[int]]],
         incident_of: Mapping[str, str] | None = None) -> Iterator[Row]:
    """The rows of one kind from stored records; events are only those whose index is in each record's set,
    each with its incident (``incident_of``, by event key)."""
    for record, chosen in records:
        a = record.article
        ref: Row = {"article_id": a.id, "outlet": a.outlet, "published": a.published}
        if kind == "articles":
            yield {"article_id": a.id, "source": a.source, "outlet": a.outlet, "title": a.title,
                   "authors": LIST_SEPARATOR.join(a.authors) or None, "published": a.published, "genre": a.genre,
                   "url": a.url, "extractor": record.extractor, "events": len(record.events),
                   "claims": len(record.claims), "figures": len(record.figures),
                   "naming": json.dumps(record.framing.naming, ensure_ascii=False),
                   "stance": json.dumps(record.framing.stance, ensure_ascii=False),
                   "opinion_markers": record.framing.opinion_markers, "text": a.text}
        elif kind == "events":
            keys = event_keys(a.id, record.events)
            for i, e in enumerate(record.events):
                if i not in chosen:
                    continue
                loc, when = e.location, e.date
                yield ref | {
                    "event_index": i, "event_key": keys[i], "type": e.type, "trigger": e.trigger,
                    "date_text": when.text if when else None, "date_earliest": when.earliest if when else None,
                    "date_latest": when.latest if when else None, "place_text": loc.text if loc else None,
                    "place_name": loc.name if loc else None, "country": loc.country if loc else None,
                    "admin1": loc.admin1 if loc else None, "place_feature": loc.feature if loc else None,
                    "lat": loc.lat if loc else None, "lon": loc.lon if loc else None,
                    "actors": _names(e.actors), "targets": _names(e.targets), "weapons": _names(e.weapons),
                    "killed": e.casualties.killed, "injured": e.casualties.injured, "acled": e.acled,
                    "status": e.status, "source_text": e.source.text if e.source else None,
                    "source_name": e.source.name if e.source else None,
                } | _evidence(e.evidence) | {"incident_id": (incident_of or {}).get(keys[i])}
        elif kind == "claims":
            for i, c in enumerate(record.claims):
                sp, when = c.speaker, c.date
                yield ref | {
                    "claim_index": i, "speaker_text": sp.text, "speaker_name": sp.name, "speaker_role": sp.role,
                    "speaker_affiliation": sp.affiliation, "cue": c.cue, "act": c.act, "content": c.content,
                    "direct": c.direct, "about": LIST_SEPARATOR.join(c.about) or None,
                    "date_text": when.text if when else None, "date_earliest": when.earliest if when else None,
                    "date_latest": when.latest if when else None,
                } | _evidence(c.evidence)
        elif kind == "figures":
            for i, g in enumerate(record.figures):
                yield ref | {
                    "figure_index": i, "kind": g.kind, "value": float(g.value), "qualifier": g.qualifier,
                    "scope": g.scope, "source_text": g.source.text if g.source else None,
                    "source_name": g.source.name if g.source else None,
                } | _evidence(g.evidence)
        else:
            for i, t in enumerate(record.framing.loaded):
                yield ref | {"term_index": i, "text": t.text, "category": t.category} | _evidence(t.evidence)
