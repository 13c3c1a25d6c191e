"""JSON and JSON Lines: whole stored records (the contract's shape), or the flat rows of one kind."""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import date
from typing import TextIO

from dronewatch.export.tables import Row
from dronewatch.record import Record

__all__ = ["write_json", "write_jsonl"]


def _plain(row: Row) -> dict[str, object]:
    return {k: v.isoformat() if isinstance(v, date) else v for k, v in row.items()}


def _line(item: Record | Row) -> str:
    return item.to_json() if isinstance(item, Record) else json.dumps(_plain(item), ensure_ascii=False)


def write_jsonl(items: Iterable[Record | Row], out: TextIO) -> int:
    """One JSON object per line; returns how many were written."""
    n = 0
    for item in items:
        out.write(_line(item) + "\n")
        n += 1
    return n


def write_json(items: Iterable[Record | Row], out: TextIO) -> int:
    """One JSON array; returns how many objects it holds."""
    n = 0
    out.write("[")
    for item in items:
        out.write(("\n" if n == 0 else ",\n") + _line(item))
        n += 1
    out.write("\n]\n")
    return n
