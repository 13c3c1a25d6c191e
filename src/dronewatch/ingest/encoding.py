"""Bytes to text: UTF-8 unless a byte-order mark says otherwise, and a clear error for anything else."""

from __future__ import annotations

import codecs
from pathlib import Path

from dronewatch.config import LIMITS, limit_bytes
from dronewatch.errors import InputError

__all__ = ["decode_text", "read_article_bytes", "too_large"]

# Longest BOM first: the UTF-32-LE mark begins with the UTF-16-LE one.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def too_large(size: int | None, cap: int, what: str, setting: str) -> str:
    """The message for an input of ``size`` bytes (None: not known, only that it is more) over ``cap``."""
    mb = 1024 * 1024
    how_big = f"is {size / mb:,.1f} MB, over" if size is not None else "is over"
    return (f"{what} {how_big} the limit of {cap / mb:,.1f} MB ({setting}); "
            "many articles belong in a .jsonl or .warc file, which are read one article at a time")


def read_article_bytes(path: Path, limit: str = "max_text_mb") -> bytes:
    """The bytes of a one-article file, or an ``InputError`` naming the file if it cannot be read.

    ``limit`` names the bound of ``dronewatch.config.LIMITS`` on the file's size: never more than that
    is read, whatever the file system says of the size.
    """
    cap = limit_bytes(limit)
    setting = LIMITS[limit][0]
    try:
        size = path.stat().st_size
        if size > cap:
            raise InputError(str(path), too_large(size, cap, "the file", setting))
        with path.open("rb") as handle:
            data = handle.read(cap + 1)
    except OSError as exc:
        raise InputError(str(path), f"cannot read file: {exc.strerror or exc}") from exc
    if len(data) > cap:
        raise InputError(str(path), too_large(None, cap, "the file", setting))
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
