"""The barrage tracker as files: CSV, one row per salvo figure with its night, side, role, weapon and evidence;
JSON, the nights as ``/api/barrage`` gives them."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

import orjson

from dronewatch.store.queries import BarrageNight, SalvoFigure

__all__ = ["BARRAGE_COLUMNS", "barrage_csv", "barrage_json"]

BARRAGE_COLUMNS = (
    "night", "side", "role", "kind", "weapon", "weapon_class", "value", "source", "outlet", "published",
    "article_id", "figure_index", "evidence_start", "evidence_end", "evidence_text",
)


def barrage_csv(figures: Iterable[SalvoFigure]) -> str:
    """The figures as CSV text with a header row (``BARRAGE_COLUMNS``); evidence offsets index the article text."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(BARRAGE_COLUMNS)
    for g in figures:
        writer.writerow([
            g.night.isoformat(), g.side or "", g.role, g.kind, g.weapon or "", g.weapon_class or "",
            int(g.value) if float(g.value).is_integer() else g.value, g.source or "", g.outlet or "",
            g.published.isoformat() if g.published else "", g.article_id, g.idx,
            g.evidence["start"], g.evidence["end"], g.evidence["text"],
        ])
    return out.getvalue()


def barrage_json(nights: list[BarrageNight]) -> bytes:
    """The nights as one JSON array, each with its counts and the figures behind them (``/api/barrage``'s items)."""
    return orjson.dumps(nights, option=orjson.OPT_APPEND_NEWLINE)
