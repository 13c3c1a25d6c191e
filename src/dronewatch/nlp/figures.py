"""Figures: every number the text gives about the conflict, with kind, qualifier, scope and source.

Written numbers count ("two", "a dozen", "tens of thousands"). The kind comes from what the number counts
("8,000 troops") or from the verb that governs it ("killing four people"); years, durations and ordinals
are not figures.
"""

from __future__ import annotations

import re
from functools import cache
from typing import cast

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from dronewatch.nlp.claims import ClaimMention
from dronewatch.nlp.lexicon import load_lexicon
from dronewatch.record import FIGURE_KINDS, Evidence, Figure, FigureKind, Qualifier, Source

__all__ = ["FigureMention", "extract_figures", "parse_number"]

if not Doc.has_extension("dw_figures"):
    Doc.set_extension("dw_figures", default=[])
if not Doc.has_extension("dw_figure_mentions"):
    Doc.set_extension("dw_figure_mentions", default=[])

_DIGITS = re.compile(r"^\d{1,3}(,\d{3})+(\.\d+)?$|^\d+(\.\d+)?$")
# Four-digit numbers in this range are years unless they count something ("2015 Minsk accords" is a name).
_YEAR_RANGE = range(1900, 2100)


class FigureMention:
    """A figure and the tokens it was read from (events take casualties from these)."""

    def __init__(self, figure: Figure, number: Span, counted: Token | None) -> None:
        self.figure = figure
        self.number = number
        self.counted = counted


@cache
def _lex() -> dict[str, object]:
    return load_lexicon("figures")


def _dict(key: str) -> dict[str, object]:
    return _lex()[key]  # type: ignore[return-value]


def parse_number(words: list[str]) -> float | None:
    """The value of a number written in digits or words ("7,175", "1.5 million", "forty-two"), or None."""
    total = 0.0
    current = 0.0
    seen = False
    for raw in words:
        w = raw.lower().replace("-", " ")
        for part in w.split():
            if _DIGITS.match(part):
                current += float(part.replace(",", ""))
                seen = True
            elif part in _dict("words"):
                current += float(_dict("words")[part])  # type: ignore[arg-type]
                seen = True
            elif part in _dict("multipliers") and seen:
                mult = float(_dict("multipliers")[part])  # type: ignore[arg-type]
                if mult >= 1000:
                    total += (current or 1) * mult
                    current = 0
                else:
                    current = (current or 1) * mult
            elif part in ("and", "a"):
                continue
            else:
                return None
    if not seen:
        return None
    return total + current


@cache
def _vague_first_words() -> frozenset[str]:
    return frozenset(phrase.split()[0] for phrase in _dict("vague"))


def _number_spans(sentence: Span) -> list[tuple[Span, float, Qualifier | None]]:
    """Number phrases in a sentence with their values; vague plurals carry their own qualifier."""
    doc = sentence.doc
    out: list[tuple[Span, float, Qualifier | None]] = []
    vague = cast(dict[str, tuple[float, Qualifier | None]], _dict("vague"))
    firsts = _vague_first_words()
    lowers = [t.lower_ for t in sentence]
    i = sentence.start
    while i < sentence.end:
        tok = doc[i]
        k = i - sentence.start
        # Vague quantities: "tens of thousands", "hundreds", "a dozen".
        for n in (3, 2, 1) if lowers[k] in firsts else ():
            phrase = " ".join(lowers[k : k + n])
            if phrase in vague and i + n <= sentence.end:
                value, qual = vague[phrase]
                out.append((doc[i : i + n], float(value), qual))
                i += n
                break
        else:
            if tok.like_num and not tok.ent_type_ in ("DATE", "TIME", "ORDINAL"):
                j = i
                while j + 1 < sentence.end and (doc[j + 1].like_num or doc[j + 1].lower_ in _dict("multipliers")):
                    j += 1  # "1.5 million", "two dozen"
                span = doc[i : j + 1]
                number = parse_number([t.text for t in span])
                if number is not None:
                    out.append((span, number, None))
                i = j + 1
                continue
            i += 1
    return out


def _qualifier(span: Span) -> Qualifier | None:
    doc = span.doc
    quals = _dict("qualifiers")
    for n in (3, 2, 1):
        start = span.start - n
        if start < 0:
            continue
        words = " ".join(t.lower_ for t in doc[start : span.start])
        if words in quals:
            return quals[words]  # type: ignore[return-value]
    return None


def _counted(span: Span) -> Token | None:
    """The noun a number counts: its head ("600 troops"), or what follows "of" ("50 of the drones")."""
    doc = span.doc
    root = span.root
    nxt = doc[span.end] if span.end < len(doc) else None
    if nxt is not None and nxt.lower_ == "of":
        obj = next((c for c in nxt.children if c.dep_ == "pobj"), None)
        if obj is not None:
            return obj
        after = doc[span.end + 1] if span.end + 1 < len(doc) else None
        if after is not None and after.like_num and after.head.pos_ in ("NOUN", "PROPN"):
            return after.head  # "45 of 60 drones": the parser hangs the first number on the second
    if nxt is not None and nxt.text in ("%",):
        return nxt
    if root.dep_ in ("nummod", "quantmod", "amod", "compound") and root.head.pos_ in ("NOUN", "PROPN", "ADJ", "SYM"):
        return root.head
    if root.dep_ == "pobj" and root.head.dep_ == "prep" and root.head.head.pos_ == "NOUN":
        return root.head.head  # "the lives of over 14,000"
    if nxt is not None and nxt.pos_ in ("NOUN", "PROPN"):
        return nxt
    return None


def _governing_verb(tok: Token) -> Token | None:
    for _ in range(4):
        if tok.pos_ in ("VERB", "AUX") or tok.lemma_.lower() in _dict("verb_kinds"):
            return tok
        if tok.head.i == tok.i:
            return None
        tok = tok.head
    return None


# How far after a number a casualty word still counts it ("3.7 million people remain internally displaced").
WINDOW_TOKENS = 5
# What a counted named weapon is, by its class.
_WEAPON_KINDS = {"drone": "drones", "missile": "missiles"}


def _kind(span: Span, counted: Token | None) -> FigureKind | None:
    nouns = _dict("noun_kinds")
    verbs = _dict("verb_kinds")
    person = set(_lex()["person_nouns"])  # type: ignore[call-overload]
    anchor = counted if counted is not None else span.root
    verb = _governing_verb(anchor.head if anchor.dep_ != "ROOT" else anchor)
    verb_kind = verbs.get(verb.lemma_.lower()) if verb is not None else None
    noun_kind = None
    if counted is not None:
        noun_kind = nouns.get(counted.lemma_.lower()) or nouns.get(counted.lower_)
    # Casualty words right after the number: "17,617 injured", "four dead".
    doc = span.doc
    window = []
    for t in doc[span.end : min(span.end + WINDOW_TOKENS, span.sent.end)]:
        if t.is_punct:
            break
        window.append(t.lower_)
    window_kind = next((_dict("window_kinds")[w] for w in window if w in _dict("window_kinds")), None)
    doc_weapons = doc._.dw_weapons if doc.has_extension("dw_weapons") else []
    weapon = next((w.weapon for w in doc_weapons if counted is not None and w.span.start <= counted.i < w.span.end), None)
    if noun_kind is None and weapon is not None:  # "three F-16s", "40 Shaheds": a named weapon counted
        noun_kind = _WEAPON_KINDS.get(weapon.class_ or "", "weapons")
    prev = doc[span.start - 1] if span.start > 0 else None
    if counted is None and prev is not None and prev.tag_ == "$":
        return "money" if nouns.get(prev.text) == "money" else None  # "$2 billion", "€300 million"
    if counted is not None and (counted.lemma_.lower() in person or counted.lower_ in person):
        kind = verb_kind or window_kind or (noun_kind if noun_kind == "troops" else None)
    elif counted is not None:
        kind = noun_kind
    else:
        # A bare number: a casualty word attached to it ("millions displaced"), its verb, or the words after.
        child_kind = next((verbs.get(c.lemma_.lower()) for c in span.root.children
                           if c.dep_ in ("amod", "acl") and c.lemma_.lower() in verbs), None)
        kind = child_kind or verb_kind or window_kind
    if kind is None or kind not in FIGURE_KINDS:
        return None
    return kind  # type: ignore[return-value]


def _skip(span: Span, value: float) -> bool:
    doc = span.doc
    nxt = doc[span.end].lower_ if span.end < len(doc) else ""
    if nxt in _lex()["skip_after"] or nxt.startswith("-year"):  # type: ignore[operator]
        return True
    if span.start > 0 and doc[span.start - 1].text in ("-", "–") and span.start > 1 and doc[span.start - 2].is_alpha:
        return True  # "S-300", "Su-34": designations, not counts
    text = span.text
    return len(span) == 1 and text.isdigit() and len(text) == 4 and int(text) in _YEAR_RANGE


def _source(token: Token, claims: list[ClaimMention]) -> Source | None:
    for m in claims:
        if m.covers(token):
            return Source(text=m.claim.speaker.text, name=m.claim.speaker.name)
    return None


def _scope(counted: Token | None, span: Span) -> str | None:
    if counted is None:
        return None
    doc = span.doc
    verb = _governing_verb(counted.head) if counted.dep_ != "ROOT" else None
    end = max(counted.right_edge.i, verb.right_edge.i if verb is not None else counted.i) + 1
    words = [t for t in doc[counted.i : end] if not (span.start <= t.i < span.end)]
    return doc[words[0].i : words[-1].i + 1].text if words else None


def extract_figures(doc: Doc) -> list[FigureMention]:
    """Every conflict figure in ``doc``, with its source when the sentence attributes it."""
    claims: list[ClaimMention] = doc._.dw_claim_mentions
    out: list[FigureMention] = []
    for sentence in doc.sents:
        for span, value, vague_qual in _number_spans(sentence):
            if _skip(span, value):
                continue
            counted = _counted(span)
            if counted is None and span.text.lower() == "one":
                continue  # "a losing one": a pronoun, not a count
            kind = _kind(span, counted)
            if kind is None:
                continue
            number: int | float = int(value) if value.is_integer() else value
            figure = Figure(
                kind=kind,
                value=number,
                qualifier=_qualifier(span) or vague_qual,
                scope=_scope(counted, span),
                source=_source(span.root, claims),
                evidence=Evidence.from_span(sentence),
            )
            out.append(FigureMention(figure, span, counted))
    return out


@Language.component("dronewatch_figures", requires=["doc._.dw_claim_mentions"], assigns=["doc._.dw_figures"])
def figures_component(doc: Doc) -> Doc:
    mentions = extract_figures(doc)
    doc._.dw_figure_mentions = mentions
    doc._.dw_figures = [m.figure for m in mentions]
    return doc
