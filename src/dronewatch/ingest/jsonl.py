"""JSON Lines: one article per line, ``{"id", "text" or "html", "url", "title", "outlet", "published", "authors"}``.

The file is read line by line, never whole; a bad line is reported and the next line is read.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO

from dronewatch.config import limit_bytes
from dronewatch.errors import InputError
from dronewatch.ingest.document import Document
from dronewatch.ingest.encoding import decode_text
from dronewatch.ingest.html import parse_html
from dronewatch.ingest.metadata import host_of, outlet_name, parse_iso_date
from dronewatch.ingest.text import parse_text

__all__ = ["read_jsonl"]

# A file whose first lines are all bad is not JSON Lines at all: one message, not one per line of it.
GIVE_UP_AFTER_BAD_LINES = 20



def read_jsonl(path: Path) -> Iterator[Document | InputError]:
    """Yield one ``Document`` per line of a ``.jsonl`` file, or an ``InputError`` naming the line."""
    try:
        handle = path.open("rb")
    except OSError as exc:
        raise InputError(str(path), f"cannot read file: {exc.strerror or exc}") from exc
    good = bad = 0
    cap = int(max(limit_bytes("max_html_mb"), limit_bytes("max_text_mb")) * 1.25) + 4096
    with handle:
        for number, raw in enumerate(_bounded_lines(handle, cap), start=1):
            if raw is None:
                bad += 1
                yield InputError(f"{path}:{number}", f"the line is over {cap / (1024 * 1024):,.1f} MB, more than "
                                 "one article may hold (DRONEWATCH_MAX_HTML_MB, DRONEWATCH_MAX_TEXT_MB); skipped")
                continue
            if number == 1 and b"\x00" in raw:
                raise InputError(str(path), "binary data (NUL bytes), not JSON Lines")
            if not raw.strip():
                continue
            try:
                yield _read_line(path, number, raw)
                good += 1
            except InputError as exc:
                bad += 1
                yield exc
                if good == 0 and bad >= GIVE_UP_AFTER_BAD_LINES:
                    raise InputError(str(path), f"stopped after {bad} bad lines and no good one: "
                                                "is this a JSON Lines file?") from exc
    if good == 0 and bad == 0:
        raise InputError(str(path), "empty file")


def _bounded_lines(handle: BinaryIO, cap: int) -> Iterator[bytes | None]:
    """The file's lines, each read only up to ``cap`` bytes: a longer line is skipped to its end, as None."""
    while True:
        line = handle.readline(cap + 1)
        if not line:
            return
        if len(line) <= cap or line.endswith(b"\n"):
            yield line
            continue
        while line and not line.endswith(b"\n"):  # the rest of the long line, a block at a time
            line = handle.readline(1 << 20)
        yield None


def _read_line(path: Path, number: int, raw: bytes) -> Document:
    where = f"{path}:{number}"
    line = decode_text(raw.removeprefix(b"\xef\xbb\xbf") if number == 1 else raw, where)
    try:
        item = json.loads(line)
    except json.JSONDecodeError as exc:
        raise InputError(where, f"malformed JSON ({exc.msg} at column {exc.colno})") from exc
    if not isinstance(item, dict):
        raise InputError(where, f"expected a JSON object, found {type(item).__name__}")
    text, html = _optional_str(item, "text", where), _optional_str(item, "html", where)
    if not (text and text.strip()) and not (html and html.strip()):
        raise InputError(where, "the article has no 'text' or 'html'")
    ident = item.get("id")
    if ident is not None and not isinstance(ident, str | int):
        raise InputError(where, "'id' must be a string or a number")
    source = f"{path}#{ident if ident is not None and str(ident) else number}"
    url, title = _optional_str(item, "url", where), _optional_str(item, "title", where)
    if html and html.strip():
        document = parse_html(html, source=source, url=url)
        document.title = title or document.title
    else:
        document = parse_text(text or "", source=source, title=title, url=url)
    outlet = _optional_str(item, "outlet", where)
    document.outlet = outlet or document.outlet or outlet_name(None, host_of(url) if url else None)
    published = _optional_str(item, "published", where)
    if published:
        day = parse_iso_date(published)
        if day is None:
            raise InputError(where, f"'published' is not an ISO date (YYYY-MM-DD): {published!r}")
        document.published = day
    authors = _authors(item.get("authors"), where)
    document.authors = authors or document.authors
    return document


def _optional_str(item: dict[str, Any], key: str, where: str) -> str | None:
    value = item.get(key)
    if value is None or isinstance(value, str):
        return value
    raise InputError(where, f"'{key}' must be a string, found {type(value).__name__}")


def _authors(value: object, where: str) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value.strip()] if value.strip() else []
    if isinstance(value, list) and all(isinstance(a, str) for a in value):
        return [a.strip() for a in value if a.strip()]
    raise InputError(where, "'authors' must be a list of names (or one name)")
