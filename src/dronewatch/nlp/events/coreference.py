"""In-article coreference: one happening told twice (by two triggers of one clause, or by a definite mention
later on: "the raid", "this incident") is one event."""

from __future__ import annotations

from itertools import pairwise

from spacy.tokens import Token

from dronewatch.nlp.events.casualties import _CASUALTY_VERBS
from dronewatch.nlp.events.draft import HARM, VIOLENCE, _Draft, _words

__all__ = ["_compatible", "_inherit_places", "_same_clause", "_told_as_cause", "_told_as_outcome"]

# What a strike did, told in a clause of its own ("…, while 40 homes were damaged").
_CONSEQUENCE_VERBS = _CASUALTY_VERBS | {"damage", "destroy"}


def _inherit_places(drafts: list[_Draft]) -> None:
    """An interception told right after a strike ("The drones were shot down") happened where and when the
    strike did."""
    for prev, cur in pairwise(drafts):
        if cur.type != "interception" or prev.type not in VIOLENCE:
            continue
        if cur.sentence.start - prev.mentions[-1].end <= 1 or cur.sentence.start in (prev.sentence.end, prev.sentence.start):
            cur.location = cur.location or prev.location
            cur.date = cur.date or prev.date


def _clause_verb(tok: Token) -> Token | None:
    """The verb whose clause ``tok`` belongs to."""
    return next((t for t in tok.ancestors if t.pos_ in ("VERB", "AUX")), None)


def _same_clause(a: Token, b: Token) -> bool:
    """Two triggers tell one happening when one governs the other, both are nouns of one verb, or one is
    a participle clause on the verb the other is told with ("a drone attack hit Odesa, damaging …")."""
    if a in b.ancestors or b in a.ancestors:
        return True
    for x, y in ((a, b), (b, a)):
        if y.tag_ == "VBG" and y.dep_ in ("advcl", "xcomp") and x.pos_ == "NOUN" and x.head == y.head:
            return True
        # "… were wounded in the attack, while 40 homes were damaged": a clause on the verb the noun hangs from.
        vx = _clause_verb(x)
        if y.pos_ == "VERB" and y.dep_ == "advcl" and vx is not None and y.head == vx and x.pos_ == "NOUN" and (
                y.lemma_.lower() in _CONSEQUENCE_VERBS):
            return True
    if a.pos_ == "NOUN" and b.pos_ == "NOUN":
        va = next((t for t in a.ancestors if t.pos_ in ("VERB", "AUX")), None)
        vb = next((t for t in b.ancestors if t.pos_ in ("VERB", "AUX")), None)
        return va is not None and va == vb
    return False


def _told_as_cause(a: Token, b: Token) -> bool:
    """One trigger's clause tells what set off the other's ("an explosion occurred after a truck was hit by a
    mine", "the blast went off when the soldiers stepped on it"): one happening told twice."""
    va = a if a.pos_ in ("VERB", "AUX") else _clause_verb(a)
    vb = b if b.pos_ in ("VERB", "AUX") else _clause_verb(b)
    if va is None or vb is None:
        return False
    for x, y in ((va, vb), (vb, va)):
        if y.dep_ == "advcl" and y.head.i == x.i and any(
                c.dep_ == "mark" and c.lower_ in ("after", "when", "as") for c in y.children):
            return True
    return False


def _told_as_outcome(a: Token, b: Token) -> bool:
    """One trigger is the toll of the other in one clause ("shelling killed two", "a woman was killed in the
    shelling", "two soldiers died in a drone strike"): the killing is the shelling's, whatever the parse
    made of the victims or of a word taken for a place."""
    for verb, cause in ((a, b), (b, a)):
        if verb.lemma_.lower() not in _CASUALTY_VERBS or verb.pos_ != "VERB":
            continue
        if cause.dep_ in ("nsubj", "agent") and cause.head.i == verb.i:
            return True
        if cause.dep_ == "advcl" and cause.tag_ == "VBG" and cause.head.i == verb.i:
            return True  # "killed in Kiev shelling" parsed as a participle clause
        if cause.dep_ == "pobj" and cause.head.dep_ in ("prep", "agent") and cause.head.head.i == verb.i \
                and cause.head.lower_ in ("in", "by", "during", "from", "after"):
            return True
        # "shelling leaves two civilians wounded": the toll told as what the cause leaves behind.
        outcome = next((h for h in (verb.head, verb.head.head) if h.lemma_.lower() in _words("outcome_verbs")), None)
        if outcome is not None and cause.dep_ == "nsubj" and cause.head.i == outcome.i:
            return True
    return False


def _compatible(a: _Draft, b: _Draft, toll: bool = False) -> bool:
    """Whether two mentions can be one happening: same kind, and no clash of dates, places or actors. A toll
    ("five soldiers were killed") belongs to any violence that can kill, ground fighting too."""
    same_family = (a.type in VIOLENCE and b.type in VIOLENCE) or a.type == b.type or (
        toll and a.type in HARM and b.type in HARM)
    if not same_family:
        return False
    if a.date and b.date and a.date.earliest and b.date.earliest and a.date.latest and b.date.latest and (
            a.date.earliest > b.date.latest or b.date.earliest > a.date.latest):
        return False
    if a.actors and b.actors and not {x.name for x in a.actors} & {x.name for x in b.actors}:
        return False
    # Two towns apart are two happenings; a region or country contains the town.
    return not (a.location and b.location and a.location.name != b.location.name
                and a.location.feature not in ("country", "region") and b.location.feature not in ("country", "region"))
