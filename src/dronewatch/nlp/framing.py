"""Framing: how the outlet tells it — side-signalling spellings, loaded terms, opinion markers, stance.

Only the outlet's own words count for loaded terms and stance: text inside quotation marks is the quoted
speaker's, not the outlet's.
"""

import re
from functools import cache

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from dronewatch.nlp.claims import quoted_ranges
from dronewatch.nlp.lexicon import load_lexicon
from dronewatch.record import Evidence, Framing, LoadedTerm

__all__ = ["count_naming", "extract_framing"]

if not Doc.has_extension("dw_framing"):
    Doc.set_extension("dw_framing", default=None)

# Stance saturates: this many net loaded terms about a side reads as fully hostile (or friendly).
STANCE_SATURATION = 4.0


@cache
def _naming_patterns() -> list[tuple[str, re.Pattern[str]]]:
    words = sorted({w for pair in load_lexicon("framing")["naming_pairs"] for w in pair})
    return [(w, re.compile(rf"(?<![\w-]){re.escape(w)}(?![\w])")) for w in words]


def count_naming(text: str) -> dict[str, int]:
    """Counts of each side-signalling spelling in ``text``, for every pair of which either spelling occurs."""
    counts = {w: len(p.findall(text)) for w, p in _naming_patterns()}
    out: dict[str, int] = {}
    for a, b in load_lexicon("framing")["naming_pairs"]:
        if counts[a] or counts[b]:
            out[a], out[b] = counts[a], counts[b]
    return out


def _expand(span: Span) -> Span:
    """An evaluative adjective with the noun it qualifies ("imperialist backers", "crumbling defenses")."""
    root = span.root
    if len(span) == 1 and root.dep_ in ("amod", "compound") and root.head.i == span.end and root.head.pos_ in ("NOUN", "PROPN"):
        return span.doc[span.start : root.head.i + 1]
    return span


def extract_framing(doc: Doc, matcher: PhraseMatcher, categories: dict[int, str], opinion: PhraseMatcher) -> Framing:
    """Naming counts, loaded terms with categories, opinion markers and stance, from the outlet's own words."""
    quoted = quoted_ranges(doc.text)

    def own(span: Span) -> bool:
        return not any(s <= span.start_char < e for s, e in quoted)

    spans = [doc[s:e] for _, s, e in matcher(doc)]
    label = {(doc[s:e].start, doc[s:e].end): categories[m] for m, s, e in matcher(doc)}
    loaded: list[LoadedTerm] = []
    for span in filter_spans(spans):
        if not own(span):
            continue
        shown = _expand(span)
        loaded.append(LoadedTerm(text=shown.text, category=label[(span.start, span.end)],  # type: ignore[arg-type]
                                 evidence=Evidence.from_span(shown)))
    markers = sum(1 for _, s, e in opinion(doc) if own(doc[s:e]))
    markers += sum(1 for sent in doc.sents if sent.text.rstrip().endswith("?") and own(sent))
    return Framing(naming=count_naming(doc.text), loaded=loaded, opinion_markers=markers,
                   stance=_stance(doc, loaded, own))


@cache
def _side_patterns() -> dict[str, re.Pattern[str]]:
    """One pattern per side for the words that name it."""
    sides: dict[str, list[str]] = load_lexicon("framing")["sides"]
    return {code: re.compile(r"\b(?:" + "|".join(re.escape(w) for w in words) + ")") for code, words in sides.items()}


def _stance(doc: Doc, loaded: list[LoadedTerm], own: object) -> dict[str, float]:
    """Stance toward each side named: loaded terms (−) and praise (+) in sentences naming only that side."""
    lex = load_lexicon("framing")
    positive = {w.lower() for w in lex["positive"]}
    score: dict[str, float] = {}
    for sent in doc.sents:
        text = sent.text
        named = [code for code, pattern in _side_patterns().items() if pattern.search(text)]
        if not named:
            continue
        for code in named:
            score.setdefault(code, 0.0)
        if len(named) != 1:
            continue
        neg = sum(1 for t in loaded if sent.start_char <= t.evidence.start < sent.end_char and t.category != "flag_waving")
        pos = sum(1 for t in sent if t.lower_ in positive)
        score[named[0]] += pos - neg
    return {k: max(-1.0, min(1.0, v / STANCE_SATURATION)) for k, v in score.items()}


class _FramingComponent:
    """Builds the loaded-language and opinion matchers once."""

    def __init__(self, nlp: Language) -> None:
        lex = load_lexicon("framing")
        self.matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.categories: dict[int, str] = {}
        for category, terms in lex["loaded"].items():
            self.matcher.add(category, [nlp.make_doc(t) for t in terms])
            self.categories[nlp.vocab.strings[category]] = category
        self.opinion = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.opinion.add("OPINION", [nlp.make_doc(t) for t in lex["opinion_markers"]])

    def __call__(self, doc: Doc) -> Doc:
        doc._.dw_framing = extract_framing(doc, self.matcher, self.categories, self.opinion)
        return doc


@Language.factory("dronewatch_framing", assigns=["doc._.dw_framing"])
def make_framing(nlp: Language, name: str) -> _FramingComponent:
    return _FramingComponent(nlp)
