"""Bytes to text: UTF-8 unless a byte-order mark says otherwise, and a clear error for anything else."""

from __future__ import annotations

import codecs
from pathlib import Path

from dronewatch.errors import InputError

__all__ = ["MAX_ARTICLE_BYTES", "decode_text", "read_article_bytes"]

# One article (a .txt, .md or .html page) is far below this; a larger file is a dump in the wrong format
# (it should be .jsonl or .warc, which are streamed) and would otherwise be held in memory whole.
MAX_ARTICLE_BYTES = 64 * 1024 * 1024

# Longest BOM first: the UTF-32-LE mark begins with the UTF-16-LE one.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def read_article_bytes(path: Path) -> bytes:
    """The bytes of a one-article file, or an ``InputError`` naming the file if it cannot be read."""
    try:
        size = path.stat().st_size
        if size > MAX_ARTICLE_BYTES:
            raise InputError(
                str(path),
                f"file is {size // (1024 * 1024)} MB, too large for one article "
                "(put many articles in a .jsonl or .warc file, which are streamed)",
            )
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(str(path), f"cannot read file: {exc.strerror or exc}") from exc
    if not data.strip():
        raise InputError(str(path), "empty file")
    return data


def decode_text(data: bytes, where: str) -> str:
    """Decode ``data`` as UTF-8 (or the encoding its BOM names); binary or undecodable bytes raise ``InputError``."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom):].decode(encoding)
            except UnicodeDecodeError as exc:
                raise InputError(where, f"not valid {encoding.upper()} text although it starts with "
                                        f"a {encoding.upper()} byte-order mark ({exc.reason})") from exc
    if b"\x00" in data:
        raise InputError(where, "binary data (NUL bytes), not text")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise InputError(
            where,
            f"not UTF-8 text: byte 0x{data[exc.start]:02x} on line {line} cannot be decoded "
            "(save the file as UTF-8)",
        ) from exc
