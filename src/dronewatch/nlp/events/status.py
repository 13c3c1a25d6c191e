"""Status follows attribution: told in the outlet's own voice an event is reported; inside a claim it is
claimed; met by a denial, or hedged by a doubt word ("an ostensible shelling"), it is disputed."""

from __future__ import annotations

import re

from spacy.tokens import Span, Token

from dronewatch.nlp.claims import ClaimMention
from dronewatch.nlp.events.draft import _in_sentence, _lex
from dronewatch.nlp.lexicon import load_lexicon
from dronewatch.record import Source, Speaker, Status

__all__ = ["_status"]


def _status(trigger: Token, sentence: Span, claims: list[ClaimMention]) -> tuple[Status, Source | None]:
    doubt = set(_lex()["doubt"])
    mods = [c for c in trigger.children if c.dep_ in ("amod", "advmod")]
    doc = trigger.doc
    prev = doc[trigger.i - 1] if trigger.i > sentence.start else None
    left = doc[tok_left(trigger) : trigger.i].text.lower().replace(" - ", "-")
    # Announcing one's own deal or deployment reports it; only other speech acts attribute the event.
    covering = [m for m in claims if m.covers(trigger) and m.claim.act != "announce"]
    if any(m.lower_ in doubt for m in mods) or (prev is not None and prev.lower_ in doubt) or any(
        re.search(rf"(?<![\w-]){re.escape(w)}(?![\w-])", left) for w in doubt
    ):
        # "…the alleged drone attack, the spokesperson says": doubted in the speaker's own account
        widest = max(covering, key=lambda m: len(m.tokens)) if covering else None
        return "disputed", None if widest is None else Source(text=widest.claim.speaker.text,
                                                              name=widest.claim.speaker.name)
    if not covering:
        hedge = _hedge(trigger, sentence)
        return ("claimed", Source(text=hedge.text)) if hedge is not None else ("reported", None)
    # The outlet's own attribution is the widest: in "X claims to have shot down a plane, Y's office says", Y.
    claim = max(covering, key=lambda m: len(m.tokens))
    src = Source(text=claim.claim.speaker.text, name=claim.claim.speaker.name)
    # Denied in the same sentence ("…, which Kyiv denied"), or by another speaker in the next one
    # ("Ukraine dismissed the claim as propaganda."), or answered by another speaker ("…, but Kyiv says …").
    denied = any(
        m != claim and (
            (m.claim.act in ("deny", "reject") and _in_sentence(sentence, m.sentence))
            or (m.claim.act in ("deny", "reject") and m.sentence.start == sentence.end
                and not _same_speaker(m.claim.speaker, claim.claim.speaker))
            or _rebuts(m, claim))
        for m in claims
    )
    if claim.claim.act in ("deny",) or denied:
        return "disputed", src
    return "claimed", src


def _hedge(trigger: Token, sentence: Span) -> Token | None:
    """The word by which the outlet passes the event on without naming who says so, if any: a "reported"
    whose subject or complement holds the event ("shelling reported in X", "a soldier reported killed in
    shelling"), the report or claim it is part of ("after reports of a drone attack"), or "reportedly"."""
    words = load_lexicon("events")["hedges"]
    chain = [trigger, *(t for t in trigger.ancestors if sentence.start <= t.i < sentence.end)]
    for tok in chain:
        hedging = next((c for c in tok.children if (c.dep_ == "advmod" and c.lower_ in words["adverbs"])
                        or (c.dep_ == "amod" and c.lower_ in words["participles"])), None)
        if hedging is not None:  # "reportedly killed", "the reported strike"
            return hedging
        if tok.i != trigger.i and tok.pos_ == "NOUN" and tok.lemma_.lower() in words["nouns"]:
            return tok
    for tok in sentence:
        if tok.lower_ not in words["participles"]:
            continue
        # "shelling reported in X", "explosions reported near X": the event is what was reported;
        # "a civilian reported killed in shelling": the report holds it. Not "Ukraine reported the
        # shelling", whose speaker the claims found already, or would have.
        subject = next((c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        holds_event = subject is not None and subject.left_edge.i <= trigger.i <= subject.right_edge.i
        if holds_event or (tok.dep_ == "acl" and tok.head.left_edge.i <= trigger.i <= tok.head.right_edge.i):
            return tok
        if tok.i in {t.i for t in chain[1:]} and not any(c.dep_ == "dobj" for c in tok.children):
            return tok
        # "a man reported dead following a missile attack": the report tells the whole clause it heads
        if tok.i in {t.i for t in chain[1:]} and any(c.dep_ in ("oprd", "acomp") for c in tok.children):
            return tok
    return None


def _rebuts(answer: ClaimMention, claim: ClaimMention) -> bool:
    """Whether ``answer`` is another speaker's reply to ``claim`` in the same sentence, after a contrast word
    ("Moscow says the bridge was hit, but Kyiv says it stands")."""
    if answer.sentence.start != claim.sentence.start or answer.cue.i <= claim.cue.i or claim.covers(answer.cue):
        return False
    if _same_speaker(answer.claim.speaker, claim.claim.speaker):
        return False
    markers = set(load_lexicon("claims")["rebuttal_markers"])
    doc = answer.cue.doc
    return any(t.lower_ in markers for t in doc[claim.cue.i + 1 : answer.cue.i])


def _same_speaker(a: Speaker, b: Speaker) -> bool:
    """Whether two speakers are one: the same name, or unnamed with the same head noun ("the governor")."""
    if a.name is not None and b.name is not None:
        return a.name == b.name
    return a.text.lower().split()[-1:] == b.text.lower().split()[-1:]


def tok_left(trigger: Token) -> int:
    """Where the trigger's own modifiers begin ("a so-called strike" → "a")."""
    return min([trigger.i] + [c.left_edge.i for c in trigger.lefts])
