"""Datelines: "KYIV, March 2 (Agency) - …" opens wire copy; it is its own sentence, not the subject of the first.

Runs before the parser and marks the first word after the dateline's dash as a sentence start, which the
parser keeps: the dateline's city is then never read as who struck, and a claim's content does not
begin with it.
"""

from spacy.language import Language
from spacy.tokens import Doc

__all__ = ["dateline_end"]

DASHES = frozenset({"-", "–", "—", "--"})
# A dateline is short: city, region or country, date, agency.
MAX_DATELINE_TOKENS = 14


def dateline_end(doc: Doc, start: int) -> int | None:
    """The index of the first word after a dateline that begins at ``start``, or None if none does."""
    first = doc[start]
    if not first.is_alpha:
        return None
    for i in range(start + 1, min(start + MAX_DATELINE_TOKENS, len(doc) - 1)):
        tok = doc[i]
        if "\n" in tok.text:
            return None
        if tok.text in DASHES and doc[i - 1].whitespace_:
            nxt = doc[i + 1]
            shouted = first.is_upper and len(first) >= 3
            agency = doc[i - 1].text == ")"
            if (shouted or agency) and (nxt.is_title or nxt.is_upper or nxt.like_num) and _opens(doc, start, i):
                return i + 1
            return None
    return None


def _opens(doc: Doc, start: int, dash: int) -> bool:
    """Whether the words before the dash read as place, date and agency: no verb-like lowercase run."""
    return not any(t.is_lower and t.is_alpha and len(t) > 3 for t in doc[start:dash])


def _line_starts(doc: Doc) -> list[int]:
    return [0] + [t.i + 1 for t in doc[:-1] if "\n" in t.text or (t.is_space and "\n" in t.text_with_ws)]


@Language.component("dronewatch_datelines")
def datelines_component(doc: Doc) -> Doc:
    for start in _line_starts(doc):
        if start >= len(doc):
            continue
        end = dateline_end(doc, start)
        if end is not None and end < len(doc):
            doc[end].is_sent_start = True
    return doc

