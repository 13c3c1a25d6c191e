"""Which side of the war a name speaks for: Russia ("RU") or Ukraine ("UA"), else unknown."""

from __future__ import annotations

import re
from functools import cache
from typing import Literal

from dronewatch.nlp.lexicon import load_lexicon

__all__ = ["Side", "claimant", "opposite", "side_of"]

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


_Patterns = list[tuple[str | None, str | None, re.Pattern[str]]]


def _words(words: list[str]) -> re.Pattern[str]:
    alternatives = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    return re.compile(rf"(?<![\w-])(?:{alternatives})(?:'s|’s)?(?![\w-])", re.IGNORECASE)


@cache
def _claimant_patterns() -> tuple[_Patterns, list[tuple[str, None, re.Pattern[str]]]]:
    """Who a speaker phrase belongs to (state codes, group names and people, from the actors lexicon, with a
    person's role) and which body it names (from the claims lexicon), as word patterns tried in order."""
    actors = load_lexicon("actors")
    owners: _Patterns = [(code, None, _words([*s["aliases"], *s["demonyms"]])) for code, s in actors["states"].items()]
    owners += [(name, None, _words([name, *g["aliases"]])) for name, g in actors["groups"].items()]
    # A person speaks for their state; one the lexicon gives no state (a UN official) for no side.
    owners += [(p["country"], p["role"], _words([name, *p["aliases"]])) for name, p in actors["people"].items()]
    bodies = [(body, None, _words(words)) for body, words in load_lexicon("claims")["bodies"].items()
              if not body.startswith("_")]
    return owners, bodies


def claimant(text: str | None, name: str | None = None) -> tuple[str | None, str]:
    """The side (a state's code, or a group's name) and the body that a source phrase speaks for:
    ("Russia's defence ministry", "Russia") → ("RU", "defence ministry"); ("the city council", None) →
    (None, "city council"); ("Zelensky", …) → ("UA", "president"). The name is tried first, then the words
    of the phrase; a phrase naming two sides ("Ukrainian and US officials") gives the first named."""
    owners, bodies = _claimant_patterns()
    side: str | None = None
    role: str | None = None
    for phrase in (name, text):
        if not phrase:
            continue
        found = [(m.start(), label, r) for label, r, pattern in owners if (m := pattern.search(phrase))]
        if found:
            _, side, role = min(found, key=lambda f: f[0])
            break
    words = " ".join(p for p in (text, name, role) if p)
    body = next((label for label, _, pattern in bodies if pattern.search(words)), "other")
    return side, body
