"""CSV: one flat table per record kind (``tables.COLUMNS``), a header row, empty cells for nulls."""

from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import TextIO

from dronewatch.export.tables import COLUMNS, Kind, Row

__all__ = ["write_csv"]


def _cell(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return value


def write_csv(kind: Kind, table: Iterable[Row], out: TextIO) -> int:
    """Write the rows of one kind as CSV; returns how many rows were written."""
    names = [name for name, _ in COLUMNS[kind]]
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(names)
    n = 0
    for row in table:
        writer.writerow([_cell(row.get(name)) for name in names])
        n += 1
    return n
