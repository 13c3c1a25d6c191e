"""Framing: how the outlet tells it — side-signalling spellings, loaded terms, opinion markers, stance.

Only the outlet's own words count for loaded terms and stance: text inside quotation marks is the quoted
speaker's, not the outlet's.
"""

import re
from collections.abc import Callable
from functools import cache

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from dronewatch.nlp.claims import quoted_ranges
from dronewatch.nlp.events import VIOLENCE
from dronewatch.nlp.lexicon import load_lexicon
from dronewatch.record import Event, Evidence, Framing, LoadedTerm

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
    # What speakers are reported to have said, quoted or not ("X said the vote was historic"), is theirs.
    reported = frozenset(i for m in doc._.dw_claim_mentions for i in m.tokens)

    def own(span: Span) -> bool:
        return not any(s <= span.start_char < e for s, e in quoted) and span.start not in reported

    spans = [doc[s:e] for _, s, e in matcher(doc)]
    label = {(doc[s:e].start, doc[s:e].end): categories[m] for m, s, e in matcher(doc)}
    loaded: list[LoadedTerm] = []
    for span in filter_spans(spans):
        if not own(span):
            continue
        shown = _expand(span)
        loaded.append(LoadedTerm(text=shown.text, category=label[(span.start, span.end)],
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


def _stance(doc: Doc, loaded: list[LoadedTerm], own: Callable[[Span], bool]) -> dict[str, float]:
    """Stance toward each side named: hostile terms (−) and praise or flag-waving (+).

    In a sentence naming one side, every cue counts toward it. In a sentence naming both, a cue counts only
    toward the side named right before it ("Russia's barbaric shelling of Ukrainian cities": Russia).
    """
    lex = load_lexicon("framing")
    positive = {w.lower() for w in lex["positive"]}
    score: dict[str, float] = {}
    for sent in doc.sents:
        named = [code for code, pattern in _side_patterns().items() if pattern.search(sent.text)]
        if not named:
            continue
        for code in named:
            score.setdefault(code, 0.0)
        terms = [t for t in loaded if sent.start_char <= t.evidence.start < sent.end_char]
        # Each cue once: where it starts, +1 or -1 (a flag-waving term that is also a word of praise counts once).
        cues = {t.evidence.start: 1 if t.category == "flag_waving" else -1 for t in terms}
        # A name called ("militants", "junta") is aimed at whom it names: at a side only when the side
        # qualifies it ("pro-Russian militants"), never at the one side the sentence happens to name.
        named_by = {t.evidence.start for t in terms if t.category == "name_calling"}
        cues.update((tok.idx, 1) for tok in sent if tok.lower_ in positive and own(doc[tok.i : tok.i + 1]))
        perpetrators = _perpetrators(doc._.dw_events, sent)
        for start, sign in cues.items():
            alone = len(named) == 1 and start not in named_by
            side = named[0] if alone else _side_before(doc, doc.char_span(start, start + 1, alignment_mode="expand"))
            if side:
                score[side] += sign
        for side in perpetrators:  # told in the outlet's own voice as the one who did the violence
            score[side] = score.get(side, 0.0) - 1
    return {k: max(-1.0, min(1.0, v / STANCE_SATURATION)) for k, v in score.items()}


_FIGHTING = VIOLENCE | {"armed_clash"}


def _perpetrators(events: list[Event], sent: Span) -> set[str]:
    """The sides the outlet itself (not a quoted or attributed speaker) tells as doing violence in ``sent``."""
    sides: set[str] = set()
    for e in events:
        if e.status != "reported" or e.type not in _FIGHTING or not sent.start_char <= e.evidence.start < sent.end_char:
            continue
        for actor in e.actors:
            sides.update(code for code, pattern in _side_patterns().items() if pattern.search(actor.text))
    return sides


# Words that may stand between a side's name and the cue it qualifies ("Russia's barbaric", "the Ukrainian").
_BETWEEN = {"'s", "\u2019s", "'", "own"}


def _side_before(doc: Doc, cue: Span | None) -> str | None:
    """The side named right before ``cue``, as its possessor or adjective, if any."""
    if cue is None:
        return None
    i = cue.start - 1
    while i >= 0 and doc[i].lower_ in _BETWEEN:
        i -= 1
    if i < 0:
        return None
    word = doc[i].text
    return next((code for code, pattern in _side_patterns().items() if pattern.fullmatch(word)), None)


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


@Language.factory("dronewatch_framing", requires=["doc._.dw_claim_mentions", "doc._.dw_events"],
                  assigns=["doc._.dw_framing"])
def make_framing(nlp: Language, name: str) -> _FramingComponent:
    return _FramingComponent(nlp)
