"""Named-entity lookups that cost the size of the entity, not of the document.

spaCy's ``Doc.ents`` and ``Span.ents`` rebuild the entity list from every token of the document on each
access. Asked once per candidate, as the components do, that makes a long press release quadratic: a
175,000-character text spent most of its time there. These helpers read the entity annotation of the tokens
themselves, or one list per document built once.
"""

from __future__ import annotations

from bisect import bisect_left

from spacy.tokens import Doc, Span, Token

__all__ = ["entities", "entities_in", "entity_at"]

if not Doc.has_extension("dw_ents"):
    # (document length, entities, their starts), read once; the length guards against a Doc edited since.
    Doc.set_extension("dw_ents", default=None)


def _read(doc: Doc) -> tuple[int, tuple[Span, ...], list[int]]:
    cached: tuple[int, tuple[Span, ...], list[int]] | None = doc._.dw_ents
    if cached is None or cached[0] != len(doc):
        ents = tuple(doc.ents)
        cached = (len(doc), ents, [e.start for e in ents])
        doc._.dw_ents = cached
    return cached


def entities(doc: Doc) -> tuple[Span, ...]:
    """``doc.ents``, read once per document."""
    return _read(doc)[1]


def entities_in(span: Span) -> list[Span]:
    """The entities wholly inside ``span`` (what ``span.ents`` gives), found by bisection."""
    _, ents, starts = _read(span.doc)
    out = []
    for ent in ents[bisect_left(starts, span.start):]:
        if ent.start >= span.end:
            break
        if ent.end <= span.end:
            out.append(ent)
    return out


def entity_at(tok: Token, labels: tuple[str, ...] = ()) -> Span | None:
    """The entity that ``tok`` is part of (of one of ``labels``, if given), or None."""
    if not tok.ent_type_ or (labels and tok.ent_type_ not in labels):
        return None
    doc = tok.doc
    start = tok.i
    while start > 0 and doc[start].ent_iob_ == "I":
        start -= 1
    end = tok.i + 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    return Span(doc, start, end, label=tok.ent_type_)
