"""Checks on untrusted values (query parameters, path segments, cursors, form fields, CLI options).

Every parser of outside input (the API's parameters, the CLI's filters, the exports) calls these before a
value reaches the database, so that a value neither database can hold is refused with a message naming
it, instead of failing inside the driver (PostgreSQL refuses NUL bytes in text and integers past its
column's range with an error, which a server would otherwise answer with a 500).

Each check raises ``BadValue(name, problem)``, a ``ValueError``; the API turns it into a 422 naming the
parameter (``dronewatch.api.params.bad_param``), the CLI into a one-line error.
"""

from __future__ import annotations

import re

__all__ = [
    "DB_INT_MAX",
    "DB_INT_MIN",
    "BadValue",
    "check_int",
    "check_text",
    "is_ascii_digits",
    "text_problem",
]

# Row ids, offsets and counts are INTEGER columns: 32-bit on PostgreSQL, so no larger number names a row.
DB_INT_MAX = 2**31 - 1
DB_INT_MIN = -(2**31)
# NUL, which PostgreSQL cannot store in text, and lone surrogates, which no UTF-8 encoder can write.
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")
_ASCII_INT = re.compile(r"-?[0-9]+")


class BadValue(ValueError):
    """A value refused: ``name`` is the parameter, ``problem`` says what is wrong with it."""

    def __init__(self, name: str, problem: str) -> None:
        self.name = name
        self.problem = problem
        super().__init__(f"{name}: {problem}")


def text_problem(value: str) -> str | None:
    """What makes ``value`` unstorable as text (a NUL byte, a lone surrogate), or None when it is fine."""
    m = _UNSTORABLE.search(value)
    if m is None:
        return None
    what = "a NUL byte" if m.group() == "\x00" else "an unpaired surrogate"
    return f"holds {what} at character {m.start()}"


def check_text(name: str, value: str, max_chars: int | None = None) -> str:
    """``value`` unchanged when a database can store it and it is at most ``max_chars`` long."""
    problem = text_problem(value)
    if problem:
        raise BadValue(name, problem)
    if max_chars is not None and len(value) > max_chars:
        raise BadValue(name, f"is {len(value):,} characters long; at most {max_chars:,} are allowed")
    return value


def is_ascii_digits(value: str) -> bool:
    """True for a non-empty run of the digits 0-9 only (``str.isdigit`` also accepts '²' and '٣')."""
    return value.isascii() and value.isdigit()


def check_int(name: str, value: str | int, low: int = DB_INT_MIN, high: int = DB_INT_MAX) -> int:
    """``value`` as an integer within ``low..high``; a string must be ASCII digits with an optional '-'."""
    if isinstance(value, str):
        if not _ASCII_INT.fullmatch(value) or len(value) > 20:
            raise BadValue(name, f"expected a whole number written with the digits 0-9, got {value[:40]!r}")
        value = int(value)
    if not low <= value <= high:
        raise BadValue(name, f"must be within {low}..{high}, got {value}")
    return value
