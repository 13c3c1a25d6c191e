"""Casualties: the killed and injured figures of an event's own clause, a lone victim told without a number,
and "no casualties" told with the event or right after it."""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from dronewatch.nlp.events.draft import HARM, _children, _Draft, _words
from dronewatch.nlp.figures import FigureMention, parse_number
from dronewatch.nlp.lexicon import load_lexicon

__all__ = ["_CASUALTY_VERBS", "_assign_casualties", "_casualty_zero", "_coded_fatalities", "_counted_tolls", "_lone_victims", "_takeover_tolls", "_toll_word", "_zero_told_apart"]

_CASUALTY_VERBS = frozenset({"kill", "die", "injure", "wound", "hurt"})


def _toll_word(tok: Token) -> bool:
    """Whether a word tells a toll: a verb of killing or wounding ("killed", "die") or a word for the hurt left
    behind ("two dead", "three wounded")."""
    return tok.lemma_.lower() in _CASUALTY_VERBS or tok.lower_ in _words("casualty_adjectives")


_DEATH_NOUNS = frozenset({"fatality", "death", "casualty", "fatalities", "deaths"})


def _casualty_zero(sentence: Span) -> bool:
    """'No casualties were reported', 'without casualties', 'did not cause any casualties'."""
    for tok in sentence:
        if tok.lemma_.lower() not in ("casualty", "injury", "death", "fatality"):
            continue
        if any(c.lower_ in ("no", "without") for c in tok.children) or (
            tok.head.lemma_.lower() in ("cause", "report", "suffer", "be") and any(c.dep_ == "neg" for c in tok.head.children)
        ) or (tok.head.dep_ == "conj" and any(c.dep_ == "neg" for c in tok.head.head.children)) or (
            tok.i > 0 and tok.doc[tok.i - 1].lower_ == "any" and any(
                c.dep_ in ("neg",) or c.lower_ in ("nor", "n't", "not") for c in tok.head.subtree)
        ):
            return True
    return False


def _zero_told_apart(doc: Doc, drafts: list[_Draft]) -> list[_Draft]:
    """The event that a sentence of its own ("No casualties were reported.") right after it speaks of."""
    told = {m.start for d in drafts for m in d.mentions}
    found: list[_Draft] = []
    prev: Span | None = None
    for sentence in doc.sents:
        if prev is not None and sentence.start not in told and _casualty_zero(sentence):
            last = [d for d in drafts if d.type in HARM | {"interception"}
                    and any(m.start == prev.start for m in d.mentions)]
            found.extend(last[-1:])
        prev = sentence
    return found


def _assign_casualties(drafts: list[_Draft], figures: list[FigureMention]) -> None:
    """Give each violent event the killed/injured figures of its own clause."""
    for fig in figures:
        if fig.figure.kind not in ("killed", "injured") or not isinstance(fig.figure.value, int):
            continue
        tok = fig.number.root
        same = [d for d in drafts if d.type in HARM and any(m.start <= tok.i < m.end for m in d.mentions)]
        if not same:
            continue
        ancestors = {a.i for a in tok.ancestors}
        # The event whose trigger governs the number; else the one first told in this sentence.
        owner = next((d for d in same if d.trigger.i in ancestors),
                     next((d for d in same if d.sentence.start <= tok.i < d.sentence.end), same[0]))
        if fig.figure.kind == "killed" and owner.killed is None:
            owner.killed = fig.figure.value
        elif fig.figure.kind == "injured" and owner.injured is None:
            owner.injured = fig.figure.value


def _lone_victims(drafts: list[_Draft]) -> None:
    """A toll told without a number: "a woman was killed", "wounding a man and his son" (one, two)."""
    kinds = load_lexicon("figures")["verb_kinds"]
    people = set(load_lexicon("figures")["person_nouns"])
    for d in drafts:
        if d.type not in HARM:
            continue
        for m in d.mentions:
            for tok in m:
                kind = kinds.get(tok.lemma_.lower())
                if kind not in ("killed", "injured") or tok.pos_ != "VERB" or _children(tok, "neg"):
                    continue
                for victim in _children(tok, "dobj", "nsubjpass"):
                    group = [victim] + [c for c in victim.subtree if c.dep_ == "conj" and c.head in (victim, *victim.subtree)]
                    if all(v.tag_ == "NN" and v.lemma_.lower() in people and _children(v, "det", "poss", "nummod")
                           and all(c.lower_ in ("a", "an", "one", "his", "her", "their") for c in _children(v, "det", "poss", "nummod"))
                           for v in group):
                        if kind == "killed" and d.killed is None:
                            d.killed = len(group)
                        elif kind == "injured" and d.injured is None:
                            d.injured = len(group)


def _coded_number(sentence: Span) -> int | None:
    """The count a coder's note gives for the dead ("Fatalities coded as 3", "total fatalities were coded as 4")."""
    for tok in sentence:
        if tok.lemma_.lower() != "code":
            continue
        # "Fatalities coded as 3", "Unspecified number of fatalities coded as 3" (the parser may hang "coded" on
        # "number"): a word for the dead before the verb in its sentence.
        if not any(t.lemma_.lower() in _DEATH_NOUNS or t.lower_ in _DEATH_NOUNS for t in sentence if t.i < tok.i):
            continue
        for prep in tok.children:
            if prep.dep_ == "prep" and prep.lower_ == "as":
                nums = [t for t in prep.subtree if t.like_num and t.text.isdigit()]
                if nums:
                    return int(nums[0].text)
    return None


def _coded_fatalities(doc: Doc, drafts: list[_Draft]) -> None:
    """A coded count of the dead is the final toll of the violence told before it (or in its sentence); the
    last such count in a note wins ("… coded as 3. Total fatalities coded as 4.")."""
    for sentence in doc.sents:
        value = _coded_number(sentence)
        if value is None:
            continue
        before = [d for d in drafts if d.type in HARM and d.mentions[0].start <= sentence.start]
        if before:
            before[-1].killed = value


# Pronouns that count their victims ("killed him", "killed both of them"); "they" counts none.
_PRONOUN_COUNT = {"he": 1, "him": 1, "she": 1, "her": 1, "both": 2}
_PAIR = frozenset({"both"})
# Singular determiners that count one victim ("a soldier was killed", "killing his brother").
_ONE = frozenset({"a", "an", "one", "his", "her", "their", "the"})


def _victim_count(victim: Token) -> int | None:
    """How many a victim phrase counts: its number ("12 rebels", "at least 3 soldiers"), one for a singular
    person ("a woman"), None when it gives none ("several fighters", "an unknown number of militants")."""
    if victim.like_num and victim.pos_ == "NUM":  # "killing two and injuring three", "one was killed"
        value = parse_number([victim.text])
        return int(value) if value is not None and value == int(value) else None
    if victim.pos_ == "PRON" or victim.lower_ in _PAIR:
        return _PRONOUN_COUNT.get(victim.lower_)  # "the blast killed him", "killing both of them"
    if victim.lemma_.lower() == "number" or any(c.lower_ in ("unknown", "unspecified", "several", "many", "some")
                                                  for c in victim.children):
        return None
    nums = [c for c in victim.children if c.dep_ == "nummod"]
    if nums:
        words = [t.text for t in nums[0].subtree if t.like_num or t.lower_ in ("hundred", "thousand")]
        value = parse_number(words) if words else None
        return int(value) if value is not None and value == int(value) else None
    if victim.tag_ in ("NN", "NNP") and any(c.lower_ in _ONE for c in victim.children if c.dep_ in ("det", "poss")):
        return 1
    return None


def _toll_of(tok: Token) -> tuple[str, int] | None:
    """The toll a casualty verb tells ("killed 3 soldiers and 2 civilians" → killed, 5), when every victim
    phrase gives its count."""
    kind = _TOLL_KINDS.get(tok.lemma_.lower())
    if kind is None or tok.pos_ != "VERB" or _children(tok, "neg"):
        return None
    deps = ("nsubj", "nsubjpass") if tok.lemma_.lower() == "die" else ("dobj", "nsubjpass")
    heads = _children(tok, *deps)
    if not heads and tok.dep_ == "conj" and tok.lemma_.lower() == "die":
        heads = _children(tok.head, "nsubj", "nsubjpass")  # "two villagers stepped on a mine and died"
    if not heads:
        return None
    victims = [v for h in heads for v in (h, *h.conjuncts)]
    counts = [_victim_count(v) for v in victims]
    if any(c is None for c in counts):
        return None
    return kind, sum(c for c in counts if c is not None)


_TOLL_KINDS = {"kill": "killed", "die": "killed", "injure": "injured", "wound": "injured"}


def _counted_tolls(drafts: list[_Draft]) -> None:
    """Give each deadly event the toll its own mentions count, summing the victims a verb lists ("killed 4
    soldiers and 9 militants" is 13); the first count told wins."""
    for d in drafts:
        if d.type not in HARM:
            continue
        for m in d.mentions:
            for tok in m:
                found = _toll_of(tok)
                if found is None:
                    continue
                kind, value = found
                if kind == "killed" and d.killed is None:
                    d.killed = value
                elif kind == "injured" and d.injured is None:
                    d.injured = value


# How many sentences apart a takeover and the fight that won it may be told ("… clashed. The forces took control of
# the village. Four soldiers were killed.").
TAKEOVER_REACH = 2


def _takeover_tolls(drafts: list[_Draft]) -> None:
    """Ground taken by fighting counts the fight's dead: a territorial change with no toll of its own takes the
    toll of the violence told nearest before it, within a sentence or two."""
    takeovers = [d for d in drafts if d.type == "territorial_change" and d.killed is None]
    if not takeovers:
        return
    order = {s.start: i for i, s in enumerate(takeovers[0].sentence.doc.sents)}
    for d in takeovers:
        here = order[d.sentence.start]
        near = [f for f in drafts if f.type in HARM and f.killed is not None
                and here - TAKEOVER_REACH <= order[f.sentence.start] <= here]
        if near:
            d.killed = near[-1].killed
            d.injured = d.injured if d.injured is not None else near[-1].injured
