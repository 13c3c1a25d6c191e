"""Cut an article's text into runs of equal highlighting, so templates can mark evidence without raw HTML.

The text is untrusted: it is never turned into markup here. Templates print each run's text (escaped
by Jinja's autoescape) inside a ``<mark>`` that carries only our own class names and ids.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from dataclasses import dataclass

__all__ = ["Run", "Span", "runs"]


@dataclass(frozen=True)
class Span:
    """A highlighted stretch of the text: what it is (event, claim, figure, loaded) and which item."""

    start: int
    end: int
    kind: str
    ref: str
    label: str


@dataclass(frozen=True)
class Run:
    """A stretch of text covered by the same spans; ``first`` holds the spans that begin here."""

    text: str
    spans: tuple[Span, ...]
    first: tuple[Span, ...]

    @property
    def classes(self) -> str:
        """The CSS classes of the run: one per kind of span covering it."""
        return " ".join(sorted({f"hl-{s.kind}" for s in self.spans}))

    @property
    def title(self) -> str:
        """A tooltip naming what covers the run."""
        return "; ".join(s.label for s in self.spans)


def runs(text: str, spans: Iterable[Span]) -> list[Run]:
    """The text cut at every span boundary; spans outside the text or empty are ignored."""
    good = sorted((s for s in spans if 0 <= s.start < s.end <= len(text)), key=lambda s: (s.start, -s.end))
    cuts = sorted({0, len(text), *(s.start for s in good), *(s.end for s in good)})
    out = []
    for a, b in itertools.pairwise(cuts):
        covering = tuple(s for s in good if s.start <= a and b <= s.end)
        out.append(Run(text[a:b], covering, tuple(s for s in covering if s.start == a)))
    return out
