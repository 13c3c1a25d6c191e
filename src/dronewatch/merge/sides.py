"""Which side of the war a name speaks for: Russia ("RU") or Ukraine ("UA"), else unknown."""

from __future__ import annotations

import re
from typing import Literal

__all__ = ["Side", "opposite", "side_of"]

Side = Literal["RU", "UA"]

# Names that stand for a side when a speaker, source or actor carries no affiliation. Capitals and
# leaders are used as metonyms in reporting ("Moscow said", "Kyiv denied"), so they count.
_SIDE_WORDS: dict[Side, tuple[str, ...]] = {
    "RU": (
        "russia", "russian", "russians", "moscow", "kremlin", "putin", "peskov", "lavrov", "zakharova",
        "shoigu", "belousov", "gerasimov", "konashenkov", "medvedev", "wagner", "rosgvardia", "fsb",
        "donetsk people's republic", "luhansk people's republic", "lugansk people's republic",
    ),
    "UA": (
        "ukraine", "ukrainian", "ukrainians", "kyiv", "kiev", "zelensky", "zelenskyy", "zelenskiy",
        "kuleba", "sybiha", "yermak", "podolyak", "podolyak", "syrskyi", "zaluzhnyi", "budanov", "gur",
        "sbu", "ukrenergo",
    ),
}
_PATTERNS: dict[Side, re.Pattern[str]] = {
    side: re.compile(r"\b(?:" + "|".join(re.escape(w) for w in words) + r")\b", re.IGNORECASE)
    for side, words in _SIDE_WORDS.items()
}


def side_of(*names: str | None, affiliation: str | None = None) -> Side | None:
    """The side that an affiliation code or the first of ``names`` naming exactly one side stands for."""
    if affiliation in ("RU", "UA"):
        return affiliation  # type: ignore[return-value]
    for name in names:
        if not name:
            continue
        found = [side for side, pattern in _PATTERNS.items() if pattern.search(name)]
        if len(found) == 1:
            return found[0]
    return None


def opposite(side: Side) -> Side:
    """The other side."""
    return "UA" if side == "RU" else "RU"
