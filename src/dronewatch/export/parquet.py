"""Parquet (pyarrow): the same flat tables as CSV, with typed columns (dates are dates, counts integers)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import BinaryIO

import pyarrow as pa  # type: ignore[import-untyped]
import pyarrow.parquet as pq  # type: ignore[import-untyped]

from dronewatch.export.tables import COLUMNS, ColumnType, Kind, Row

__all__ = ["schema", "write_parquet"]

_TYPES: dict[ColumnType, pa.DataType] = {
    "str": pa.string(), "int": pa.int64(), "float": pa.float64(), "date": pa.date32(), "bool": pa.bool_(),
}
# Rows are written in row groups of this many, so a large export never sits in memory whole.
BATCH_ROWS = 10_000


def schema(kind: Kind) -> pa.Schema:
    """The Arrow schema of one kind's table."""
    return pa.schema([pa.field(name, _TYPES[t]) for name, t in COLUMNS[kind]])


def write_parquet(kind: Kind, table: Iterable[Row], out: BinaryIO) -> int:
    """Write the rows of one kind as a Parquet file; returns how many rows were written."""
    sch = schema(kind)
    n = 0
    batch: list[Row] = []
    with pq.ParquetWriter(out, sch) as writer:
        for row in table:
            batch.append(row)
            if len(batch) >= BATCH_ROWS:
                writer.write_table(pa.Table.from_pylist(batch, schema=sch))
                n += len(batch)
                batch = []
        writer.write_table(pa.Table.from_pylist(batch, schema=sch))
        n += len(batch)
    return n
