"""The event being assembled from its mentions, and the lexicon and parse helpers every stage shares."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from typing import Any

from spacy.tokens import Span, Token

from dronewatch.nlp.lexicon import load_lexicon
from dronewatch.record import Actor, DateInterval, Place, Source, Status, Target, Weapon

__all__ = ["HARM", "VIOLENCE", "_LAUNCHED", "_Draft", "_children", "_in_sentence", "_kinds", "_lex", "_objects_in", "_weapon_taken", "_words"]

VIOLENCE = frozenset({"drone_strike", "missile_strike", "air_strike", "shelling", "attack", "explosion"})
# Violence that can kill: the strike family and ground fighting; a toll told after one of them is its toll.
HARM = VIOLENCE | {"armed_clash"}
# How specific a violent type is: a merged event keeps the most specific one.
_SPECIFICITY = {"attack": 0, "explosion": 1, "shelling": 2, "air_strike": 2, "missile_strike": 2, "drone_strike": 3}


@cache
def _lex() -> dict[str, Any]:
    return load_lexicon("events")


@cache
def _words(key: str) -> frozenset[str]:
    """The word list ``key`` of the events lexicon, lower-cased, as a set."""
    return frozenset(w.lower() for w in _lex()[key])


@cache
def _kinds(key: str) -> dict[str, frozenset[str]]:
    """A kind → words table of the events lexicon ("target_kinds"), in the lexicon's order."""
    return {k: frozenset(w.lower() for w in v) for k, v in _lex()[key].items() if not k.startswith("_")}


@dataclass
class _Draft:
    """An event being assembled from one or more mentions."""

    type: str
    trigger: Token
    sentence: Span
    definite: bool = False
    anaphor_only: bool = False
    date: DateInterval | None = None
    location: Place | None = None
    actors: list[Actor] = field(default_factory=list)
    targets: list[Target] = field(default_factory=list)
    weapons: list[Weapon] = field(default_factory=list)
    killed: int | None = None
    injured: int | None = None
    status: Status = "reported"
    source: Source | None = None
    mentions: list[Span] = field(default_factory=list)
    # Whether a mention of it tells political violence (a participant, weapon or place of war), not a figure of speech.
    framed: bool = True
    acled: str | None = None
    # A toll told on its own ("Five soldiers were killed"): it belongs to the violence told before it.
    toll: bool = False

    def absorb(self, other: _Draft) -> None:
        """Gather another mention's facts into this event; the first mention's facts win."""
        if other.type in VIOLENCE and self.type in VIOLENCE and _SPECIFICITY[other.type] > _SPECIFICITY[self.type]:
            self.type = other.type
        elif self.type == "attack" and self.toll and other.type == "armed_clash" and not other.toll:
            self.type = "armed_clash"  # "seven troops die in clashes": the toll's cause tells what it was
        elif self.type == "attack" and other.type == "armed_clash" and other.trigger.pos_ == "VERB" and not (
                self.toll or other.toll or other.trigger.lemma_.lower() in _words("armed_clash_verbs")):
            self.type = "armed_clash"  # "… launched an attack on the militants. Both sides exchanged fire."
        elif self.type == "armed_clash" and other.type in VIOLENCE and other.type != "attack" and not other.toll and (
                self.trigger.lemma_.lower() in _words("armed_clash_verbs")) and (
                other.trigger.head.lemma_.lower() not in _words("opening_verbs")):
            # ("the attack was initiated with a grenade" tells how a fight began, not what it was)
            self.type = other.type  # "attacked a convoy … They attacked it with mines": the means decide
        self.date = self.date if self.date is not None and self.date.earliest is not None else other.date or self.date
        if self.location is None or (self.location.lat is None and other.location and other.location.lat is not None):
            self.location = other.location or self.location
        for attr in ("actors", "targets", "weapons"):
            mine = getattr(self, attr)
            names = {x.name for x in mine}
            mine.extend(x for x in getattr(other, attr) if x.name not in names)
        self.framed = self.framed or other.framed
        # "a man died after stepping on a landmine": the death only tells the toll, the blast makes it an event
        # (while "the operation was supported by an airstrike" still points back to an event told before).
        self.anaphor_only = self.anaphor_only and (other.anaphor_only or not self.toll)
        self.acled = self.acled or (other.acled if other.type == self.type else None)
        self.killed = self.killed if self.killed is not None else other.killed
        self.injured = self.injured if self.injured is not None else other.injured
        # Told in the outlet's own voice once is reported; only a dispute travels between mentions.
        if other.status == "disputed" and self.status != "disputed":
            self.status, self.source = other.status, other.source or self.source
        for m in other.mentions:
            if all(m.start != x.start for x in self.mentions):
                self.mentions.append(m)


def _children(tok: Token, *deps: str) -> list[Token]:
    return [c for c in tok.children if c.dep_ in deps]


def _objects_in(tok: Token, words: list[str]) -> bool:
    """Whether the verb's object (or passive subject) names one of ``words`` ("shot down 20 drones")."""
    wanted = set(words)
    for obj in _children(tok, "dobj", "nsubjpass"):
        if obj.lemma_.lower() in wanted or obj.lower_ in wanted:
            return True
        # "dozens of drones", "drones and missiles" — not "a missile destroyer" (a compound names the ship).
        if any(t.lemma_.lower() in wanted or t.lower_ in wanted for t in obj.subtree
               if (t.dep_ == "conj" and t.head == obj) or (t.dep_ == "pobj" and t.head.lower_ == "of"
                                                            and t.head.head == obj)):
            return True
    return False


def _in_sentence(sentence: Span, span: Span) -> bool:
    return sentence.start <= span.start < sentence.end


# Weapons that are fired, thrown or dropped ("fired mortar shells", "threw a grenade", "a bomb landed").
_LAUNCHED = ("drone", "missile", "artillery", "explosive", "aircraft")


def _weapon_taken(tok: Token, classes: tuple[str, ...], deps: tuple[str, ...] = ("dobj", "nsubjpass", "pobj"),
                  preps: tuple[str, ...] | None = None) -> bool:
    """Whether a weapon of one of ``classes`` fills the word's ``deps`` (its object, by default), or the object of
    one of its prepositions ``preps`` (any, by default: "stepped on a mine")."""
    spans = [(c.left_edge.i, c.right_edge.i) for c in tok.children if c.dep_ in deps]
    spans += [(g.left_edge.i, g.right_edge.i) for c in tok.children if c.dep_ in ("prep", "prt")
              and (preps is None or c.lower_ in preps) for g in c.children if g.dep_ == "pobj"]
    # A weapon word that only modifies another noun names that thing, not a weapon ("a missile destroyer"),
    # unless that noun is what the weapon fires ("RPG rounds", "a 107 mm rocket round").
    weapons = [w for w in tok.doc._.dw_weapons if w.weapon.class_ in classes
               and not (w.span.root.dep_ in ("compound", "amod", "nmod") and w.span.root.head.i >= w.span.end
                        and w.span.root.head.lemma_.lower() not in _words("munition_heads"))]
    return any(lo <= w.span.start <= hi for w in weapons for lo, hi in spans)
