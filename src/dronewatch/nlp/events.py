"""Events: what happened, once, somewhere — with date, place, actors, targets, weapons, casualties and status.

A trigger (a verb or noun from ``lexicons/events.json``) starts an event; plans, fears, questions,
conditionals and negated triggers do not. The same happening told twice in an article is one event: a
definite mention ("the raid", "this incident") joins the latest compatible event and adds its facts.
Status follows attribution: a trigger inside a claim is ``claimed``; a claim met by a denial, or a trigger
hedged by a doubt word ("an ostensible shelling"), is ``disputed``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from itertools import pairwise
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from dronewatch.nlp.claims import ClaimMention
from dronewatch.nlp.dates import DateMention
from dronewatch.nlp.entities import (
    ActorMention,
    WeaponMention,
    actor_for_span,
    demonym_country,
    is_force_noun,
    noun_phrase,
    state_name,
)
from dronewatch.nlp.figures import FigureMention
from dronewatch.nlp.lexicon import load_lexicon
from dronewatch.nlp.places import PlaceMention, country_actor
from dronewatch.record import (
    Actor,
    Casualties,
    DateInterval,
    Event,
    EventType,
    Evidence,
    Place,
    Source,
    Speaker,
    Status,
    Target,
    Weapon,
)

__all__ = ["extract_events"]

if not Doc.has_extension("dw_events"):
    Doc.set_extension("dw_events", default=[])

VIOLENCE = frozenset({"drone_strike", "missile_strike", "air_strike", "shelling", "attack", "explosion"})
# How specific a violent type is: a merged event keeps the most specific one.
_SPECIFICITY = {"attack": 0, "explosion": 1, "shelling": 2, "air_strike": 2, "missile_strike": 2, "drone_strike": 3}
_WEAPON_TYPE = {"drone": "drone_strike", "missile": "missile_strike", "aircraft": "air_strike", "artillery": "shelling"}
# Nouns that only ever point back at an event already told ("this incident"), never start one.
_ANAPHOR_ONLY = frozenset({"incident", "operation", "episode"})
# Modifiers that make a mention a different event from any before it ("a similar buildup").
_NEW_EVENT_MODIFIERS = frozenset({
    "similar", "another", "new", "second", "fresh", "further", "other", "previous", "earlier", "first", "latest",
})
_IRREALIS_MODIFIERS = frozenset({
    "potential", "possible", "planned", "future", "expected", "likely", "imminent", "prospective", "feared",
    "threatened", "hypothetical", "would-be", "proposed", "upcoming", "anticipated", "looming",
})
# How far up the parse a plan or modal can sit above a trigger ("could spark a wave of bombings and killings").
IRREALIS_CLIMB = 6
# A killing "since February 2022" is a tally, not one happening: violent events wider than this are aggregates.
AGGREGATE_DAYS = 31
_CASUALTY_VERBS = frozenset({"kill", "die", "injure", "wound", "hurt"})
# What a strike did, told in a clause of its own ("…, while 40 homes were damaged").
_CONSEQUENCE_VERBS = _CASUALTY_VERBS | {"damage", "destroy"}
_QUANTITY_HEADS = frozenset({"number", "series", "wave", "spate", "string", "round", "couple", "set"})
_TARGET_KINDS = {
    "military": {"howitzer", "tank", "base", "airfield", "position", "positions", "depot", "troops", "radar",
                 "battery", "launcher", "ship", "vessel", "warship", "command", "headquarters", "garrison",
                 "unit", "artillery", "equipment", "aircraft", "helicopter", "jet", "system", "soldiers"},
    "civilian": {"people", "civilians", "residents", "home", "homes", "house", "apartment", "building",
                 "hospital", "school", "market", "church", "neighborhood", "neighbourhood", "village", "city",
                 "town", "children", "car", "bus", "train", "trains"},
    "infrastructure": {"power", "plant", "station", "grid", "bridge", "port", "railway", "refinery", "substation",
                       "infrastructure", "dam", "pipeline", "facility", "facilities", "terminal", "airport",
                       "energy", "warehouse", "factory"},
    "government": {"kremlin", "ministry", "parliament", "president", "residence", "office", "government"},
}
# A modifier that decides the kind over the head noun: a fuel depot stores energy, an ammunition depot arms.
_MODIFIER_KINDS = {
    "infrastructure": {"fuel", "oil", "gas", "petrol", "diesel", "grain", "power", "water", "energy"},
    "military": {"ammunition", "munitions", "arms", "weapons", "military", "army", "naval", "missile", "drone"},
}


@cache
def _lex() -> dict[str, Any]:
    return load_lexicon("events")


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

    def absorb(self, other: _Draft) -> None:
        """Gather another mention's facts into this event; the first mention's facts win."""
        if other.type in VIOLENCE and self.type in VIOLENCE and _SPECIFICITY[other.type] > _SPECIFICITY[self.type]:
            self.type = other.type
        self.date = self.date if self.date is not None and self.date.earliest is not None else other.date or self.date
        if self.location is None or (self.location.lat is None and other.location and other.location.lat is not None):
            self.location = other.location or self.location
        for attr in ("actors", "targets", "weapons"):
            mine = getattr(self, attr)
            names = {x.name for x in mine}
            mine.extend(x for x in getattr(other, attr) if x.name not in names)
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


def _object_ok(tok: Token, lemma: str) -> bool:
    """Verbs that are events only with the right object: "sent 600 troops", not "sent a message"."""
    wanted = _lex()["object_required"].get(lemma)
    if wanted is None or not wanted:
        return True
    wanted_set = {w.lower() for w in wanted}
    objects = _children(tok, "dobj", "nsubjpass", "attr", "oprd")
    if tok.dep_ in ("acl", "amod") and tok.head.pos_ in ("NOUN", "PROPN"):
        objects.append(tok.head)  # "troops amassed at the border", "encircled garrisons"
    for obj in objects:
        for t in obj.subtree:
            if t.lower_ in wanted_set or t.lemma_.lower() in wanted_set:
                return True
    return False


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


def _noun_ok(tok: Token, key: str) -> bool:
    """Nouns that are events only with a qualifying word near them ("a phone call", "a joint initiative")."""
    wanted = _lex()["noun_object"].get(key)
    if wanted is None:
        return True
    wanted_set = {w.lower() for w in wanted}
    # The noun's own phrase: its left modifiers ("a joint initiative"), what it is "of/between/on", and its verb.
    window = [t for c in tok.lefts for t in c.subtree] + [tok.head]
    for prep in tok.rights:
        if prep.dep_ == "prep" and prep.lower_ in ("of", "on", "between", "with", "for"):
            window += [t for c in prep.children for t in c.subtree]
    return any(t.lower_ in wanted_set or t.lemma_.lower() in wanted_set for t in window)


def _specific_noun(tok: Token) -> tuple[bool, bool]:
    """Whether a noun trigger names one happening (not "drone attacks are cheap"), and whether it is definite."""
    dets = _children(tok, "det", "poss", "nummod")
    definite = any(d.dep_ == "poss" or d.lower_ in _lex()["definite_anaphors"] for d in dets)
    if any(c.lower_ in _NEW_EVENT_MODIFIERS for c in tok.children):
        definite = False
    if dets:
        return True, definite
    head = tok.head
    if tok.dep_ == "pobj" and head.lower_ == "of" and head.head.lower_ in _QUANTITY_HEADS:
        return True, False  # "a number of joint drills"
    plural = tok.tag_ in ("NNS", "NNPS")
    if plural:
        return False, False
    # A bare singular noun with its own place or date ("shelling in Donetsk overnight") is specific.
    has_anchor = any(c.dep_ in ("prep", "npadvmod") for c in tok.children) or any(
        c.dep_ == "compound" for c in tok.children
    )
    return has_anchor, False


def _trigger(tok: Token) -> tuple[str, bool, bool] | None:
    """(type, definite, anaphor_only) when ``tok`` starts an event mention here, else None."""
    lex = _lex()
    lemma = tok.lemma_.lower()
    if tok.pos_ in ("VERB", "ADJ") and (tok.pos_ == "VERB" or tok.tag_ == "VBN"):
        for prt in _children(tok, "prt", "advmod"):  # the parser often takes "down" in "shot down" for an adverb
            phrasal = lex["phrasal"].get(f"{lemma} {prt.lower_}")
            if phrasal is not None:
                return phrasal, False, False
        if lemma == "hold":
            for obj in _children(tok, "dobj"):
                phrasal = lex["phrasal"].get(f"hold {obj.lemma_.lower()}") or lex["phrasal"].get(f"hold {obj.lower_}")
                if phrasal is not None:
                    return phrasal, False, False
            return None
        if lemma in lex["down_verbs"] and tok.pos_ == "VERB":
            return "interception", False, False
        etype = lex["verbs"].get(lemma)
        objects = _children(tok, "dobj")
        if any(o.pos_ == "NOUN" and (o.lemma_.lower() in lex["nouns"] or o.lower_ in lex["nouns"]) for o in objects):
            return None  # "carried out a strike", "delivered a blow": the noun tells the event
        if lemma in lex["weapon_launch_verbs"] and _objects_in(tok, lex["interception_objects"]):
            return "strike", False, False  # "sent 27 drones at Odesa" is an attack, not a deployment
        if etype is None or not _object_ok(tok, lemma):
            return None
        if etype == "strike" and _objects_in(tok, lex["interception_objects"]):
            etype = "interception"  # "air defences destroyed 62 drones"
        if tok.tag_ in ("VBZ", "VBP") and not any(c.dep_ in ("aux", "auxpass") for c in tok.children):
            return None  # simple present describes ("accords that ban drones"); news reports in the past
        if tok.dep_ == "amod" and lemma not in lex["participle_lemmas"]:
            return None  # "banned weapons", "targeted bombings": attributes, not happenings
        if tok.tag_ == "VBG" and tok.dep_ != "ROOT":
            objs = _children(tok, "dobj")
            if objs and objs[0].tag_ in ("NNS", "NNPS") and not _children(objs[0], "det", "poss", "nummod"):
                return None  # "a method of targeting civilians", "denies targeting civilians": a habit
        return etype, False, False
    if tok.pos_ == "NOUN" and tok.dep_ != "compound":
        key = tok.lower_ if tok.lower_ in lex["nouns"] else lemma
        nxt = tok.doc[tok.i + 1] if tok.i + 1 < len(tok.doc) else None
        if nxt is not None and f"{tok.lower_} {nxt.lower_}" in lex["nouns"]:
            key = f"{tok.lower_} {nxt.lower_}"
        if key in _ANAPHOR_ONLY or lemma in _ANAPHOR_ONLY:
            specific, definite = _specific_noun(tok)
            return ("attack", True, True) if definite else None
        etype = lex["nouns"].get(key)
        if etype is None or not _noun_ok(tok, key):
            return None
        if tok.dep_ == "attr":
            return None  # "the raid was the worst assault": a predication about an event already told
        verb = tok.head if tok.head.pos_ in ("VERB", "AUX") else None
        if verb is not None and verb.tag_ in ("VBZ", "VBP") and not any(
            c.dep_ in ("aux", "auxpass") for c in verb.children
        ) and tok.dep_ in ("dobj", "nsubj"):
            return None  # "the partnership involves the transfer of …": a description
        specific, definite = _specific_noun(tok)
        if not specific:
            return None
        return etype, definite, False
    return None


def _definite_clause(tok: Token) -> bool:
    """A verb mention that points back: its subject or object is definite ("The drone hit the bus")."""
    if tok.pos_ != "VERB":
        return False
    for arg in _children(tok, "nsubj", "nsubjpass", "dobj"):
        if arg.pos_ == "PRON" and arg.lower_ in ("it", "they"):
            return True
        if any(c.lower_ in ("the", "this", "that") for c in arg.children if c.dep_ == "det") and not any(
            c.lower_ in _NEW_EVENT_MODIFIERS for c in arg.children
        ):
            return arg.pos_ in ("NOUN",)
    return False


def _irrealis(tok: Token) -> bool:
    """Plans, fears, hypotheticals, questions and negations are not events."""
    lex = _lex()
    modal = set(lex["modal_aux"])
    heads = set(lex["irrealis_heads"])
    if any(c.dep_ == "neg" for c in tok.children):
        return True
    if any(c.lower_ in _IRREALIS_MODIFIERS for c in tok.children if c.dep_ in ("amod", "advmod")):
        return True
    if tok.pos_ == "VERB" and any(c.dep_ in ("advmod", "mark") and c.lower_ in ("how", "whether") for c in tok.children):
        return True  # "how wars are fought", "whether drones struck": a manner or a question, not a happening
    if tok.tag_ == "VBN" and any(c.dep_ == "auxpass" and c.lower_ in ("is", "are", "'s", "'re") for c in tok.children):
        return True  # "cities are shelled daily": the present passive describes a pattern
    cur = tok
    for _ in range(IRREALIS_CLIMB):
        if any(c.dep_ == "aux" and c.lower_ in modal for c in cur.children):
            return True
        if any(c.dep_ == "mark" and c.lower_ in ("if", "unless", "whether") for c in cur.children):
            return True
        if cur.dep_ == "ccomp" and any(c.dep_ == "neg" for c in cur.head.children):
            return True  # "the ministry did not say how many drones were launched"
        head = cur.head
        if head.i == cur.i:
            return False
        link_ok = cur.dep_ != "prep" or cur.lower_ in ("at", "for", "to", "on")  # "aimed at", "called for"
        if link_ok and cur.dep_ in ("xcomp", "dobj", "nsubj", "pobj", "pcomp", "nsubjpass", "prep", "acomp") and (
                head.lemma_.lower() in heads):
            return True
        if cur.dep_ == "pobj" and head.dep_ == "prep" and head.head.lemma_.lower() in (
            "risk", "threat", "fear", "possibility", "prospect", "danger", "plan", "plans", "need"):
            return True
        if cur.dep_ not in ("xcomp", "conj", "pobj", "prep", "pcomp", "dobj", "advcl", "acl", "ccomp"):
            return False
        cur = head
    return False


def _resolve_type(draft_type: str, trigger: Token, weapons: list[WeaponMention]) -> str:
    """Resolve the 'strike' family by the weapon used for the trigger, else any weapon used in the sentence."""
    if draft_type not in ("strike", "attack", "explosion"):
        return draft_type
    means = _means(trigger, weapons)
    pool = means or [w for w in weapons if not _is_object(trigger, w.span)]
    for w in pool:
        cls = w.weapon.class_
        if cls in _WEAPON_TYPE:
            return _WEAPON_TYPE[cls]
    window = trigger.doc[max(trigger.i - 2, trigger.sent.start) : min(trigger.i + 4, trigger.sent.end)]
    if any(t.lower_ in ("air", "airstrike", "aerial") for t in window):
        return "air_strike"
    if draft_type == "explosion":
        return "explosion"
    return "attack"


def _is_object(trigger: Token, span: Span) -> bool:
    """Whether ``span`` is what the trigger acts on ("destroyed a howitzer"): a target, not the means.
    What a launch verb takes is its means ("fired 30 missiles at Lviv"): only "at/on/against X" is hit."""
    launched = _launches(trigger)
    for child in trigger.children:
        if child.dep_ in ("dobj", "nsubjpass") and not launched and child.left_edge.i <= span.start <= child.right_edge.i:
            return True
        if child.dep_ == "prep" and child.lower_ in ("on", "against", "at") and (
                child.left_edge.i <= span.start <= child.right_edge.i):
            return True
    return False


def _launches(trigger: Token) -> bool:
    """Whether the trigger is a launch verb with weapons for object ("launched 40 drones")."""
    lex = _lex()
    return trigger.pos_ == "VERB" and trigger.lemma_.lower() in lex["weapon_launch_verbs"] and _objects_in(
        trigger, lex["interception_objects"])


def _means(trigger: Token, weapons: list[WeaponMention]) -> list[WeaponMention]:
    """Weapons used for the trigger: in its phrase (not its object), its subject, or what the governing
    "used/launched … to" verb takes ("used a drone to destroy …")."""
    out = [w for w in weapons if _near(trigger, w.span) and not _is_object(trigger, w.span)]
    head = trigger.head
    if trigger.dep_ in ("xcomp", "advcl") and head.lemma_.lower() in ("use", "employ", "launch", "deploy", "send", "fire"):
        out += [w for w in weapons if _is_object(head, w.span)]
    return out


def _near(trigger: Token, span: Span) -> bool:
    """Whether ``span`` belongs to the trigger's phrase (its subtree, subject, or a compound of it)."""
    if trigger.left_edge.i <= span.start <= trigger.right_edge.i:
        return True
    subj = next((c for c in trigger.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    return subj is not None and subj.left_edge.i <= span.start <= subj.right_edge.i


def _in_sentence(sentence: Span, span: Span) -> bool:
    return sentence.start <= span.start < sentence.end


def _actors(trigger: Token, actors: list[ActorMention], weapons: list[WeaponMention],
            previous: list[ActorMention]) -> list[Actor]:
    """Who did it: the subject or agent of a verb; the possessor, agent or maker of a noun."""
    doc = trigger.doc
    violent = _lex()["verbs"].get(trigger.lemma_.lower(), _lex()["nouns"].get(trigger.lemma_.lower())) in (
        "strike", "attack", "air_strike", "shelling", "explosion")
    heads: list[Token] = []
    accused = _accused(trigger)
    if accused:
        heads = accused
    elif trigger.pos_ in ("VERB", "ADJ"):
        heads = _children(trigger, "nsubj")
        agent = _children(trigger, "agent")
        heads += [p for a in agent for p in a.children if p.dep_ == "pobj"]
        if not heads and trigger.dep_ in ("xcomp", "advcl", "conj") and trigger.head.pos_ == "VERB":
            heads = _children(trigger.head, "nsubj")
        if not heads and trigger.dep_ in ("acl", "amod") and trigger.tag_ == "VBN":
            heads = [trigger.head]  # "Russian troops amassed at the border"
    else:
        heads = _children(trigger, "poss")
        for prep in _children(trigger, "prep"):
            if prep.lower_ in ("by", "from", "between", "with") or (prep.lower_ == "of" and not violent):
                objs = _children(prep, "pobj")
                heads += objs + [c for o in objs for c in o.children if c.dep_ == "conj"]
        mods = [c for c in trigger.children if c.dep_ in ("amod", "compound")]
        mods += [g for c in mods if c.dep_ == "compound" for g in c.children if g.dep_ in ("amod", "compound")]
        heads += [c for c in mods if demonym_country(c.text)]
        if not heads:
            heads = _governing_parties(trigger)
    out: list[Actor] = []
    for h in heads:
        if h.dep_ == "poss" and h.pos_ == "PRON":
            parties = [p for p in _governing_parties(trigger) if p.pos_ != "PRON"]
            if parties:
                m = actor_for_span(noun_phrase(parties[0]))
                if m is not None:
                    out.append(m.actor)
                    continue
        sides = {c for t in h.children if t.dep_ == "amod" for c in (t, *t.conjuncts) if demonym_country(c.text)}
        if len(sides) > 1:  # "Ukrainian and Russian troops clashed": both sides
            out.extend(Actor(text=t.text, name=state_name(code), country=code)
                       for t in sorted(sides, key=lambda t: t.i) if (code := demonym_country(t.text)))
            continue
        owner = next((c for c in h.children if c.dep_ == "poss" and c.lower_ in ("its", "their")), None)
        if owner is not None and is_force_noun(h):
            h = owner  # "Russia claimed its forces destroyed …": whose forces
        if h.pos_ == "PRON" and h.lower_ in ("it", "they", "its", "their"):
            before = [*previous, *(m for m in actors if m.span.end <= h.i)]  # "Ukraine's air force said it …"
            state = next((m for m in reversed(before) if m.kind in ("state", "group")), None)
            if state is not None:
                out.append(state.actor.model_copy(update={"text": h.text}))
            continue
        code = demonym_country(h.text)
        if code is not None and h.dep_ in ("amod", "compound"):
            m = actor_for_span(doc[h.i : trigger.i + 1])
            if m is not None:
                out.append(m.actor)
            elif trigger.pos_ == "NOUN":  # "Russian shelling", "a Ukrainian drone attack": the attacker
                out.append(Actor(text=h.text, name=state_name(code), country=code))
            continue
        span = noun_phrase(h)
        mention = next((m for m in actors if m.span.start <= h.i < m.span.end), None)
        if mention is not None:
            out.append(mention.actor.model_copy(update={"text": span.text}))
            continue
        m = actor_for_span(span)
        if m is not None:
            out.append(m.actor)
            continue
        named = _named_actor(h, span)
        if named is not None:
            out.append(named)
            continue
        # "Ukrainian drones struck …": the weapon's demonym names the actor.
        for t in span:
            c = demonym_country(t.text)
            if c is not None and violent and any(w.span.start <= h.i < w.span.end for w in weapons):
                out.append(Actor(text=span.text, name=state_name(c), country=c))
                break
    uniq: dict[str, Actor] = {}
    for a in out:
        uniq.setdefault(a.name, a)
    return list(uniq.values())


def _named_actor(head: Token, span: Span) -> Actor | None:
    """An actor the lexicon does not list: a country the gazetteer knows ("Myanmar's military"), or a
    named organisation or group ("the Rapid Support Forces shelled …")."""
    state = country_actor(span)
    if state is not None:
        return state
    ent = next((e for e in head.doc.ents if e.start <= head.i < e.end and e.label_ in ("ORG", "NORP")), None)
    if ent is None or demonym_country(ent.text) is not None:
        return None
    name = ent.text[4:] if ent.text.lower().startswith("the ") else ent.text
    return Actor(text=span.text, name=name)


def _accused(trigger: Token) -> list[Token]:
    """In "X accused Y of attacking Z" the one accused (Y) is who the attack is attributed to."""
    for anc in trigger.ancestors:
        if anc.lemma_.lower() in ("accuse", "blame", "suspect", "charge"):
            return _children(anc, "dobj")
        if anc.pos_ == "VERB" and any(c.dep_ == "nsubj" for c in anc.children):
            return []
    return []


def _governing_parties(trigger: Token) -> list[Token]:
    """Parties of a noun event from its verb: "X and Y held a summit", "X warned Y via a phone call"."""
    verb = trigger.head
    for _ in range(3):
        if verb.pos_ in ("VERB", "AUX") or verb.head.i == verb.i:
            break
        verb = verb.head
    if verb.pos_ not in ("VERB", "AUX"):
        return []
    subj = _children(verb, "nsubj")
    cur = verb
    while not subj and cur.dep_ in ("conj", "xcomp", "advcl") and cur.head.i != cur.i:
        cur = cur.head
        subj = _children(cur, "nsubj")
    parties = subj + [c for s in subj for c in s.children if c.dep_ == "conj"]
    if _lex()["nouns"].get(trigger.lemma_.lower()) in ("diplomatic_meeting", "negotiation"):
        parties += [c for c in verb.children if c.dep_ == "dobj" and c.i != trigger.i]
    return parties


def _targets(trigger: Token, draft_type: str) -> list[Target]:
    """What was hit: the object of a strike verb, the subject of a passive one, or "on/against X"."""
    if draft_type not in VIOLENCE and draft_type not in ("interception", "sabotage", "territorial_change"):
        return []
    heads: list[Token] = []
    launched = _launches(trigger)
    if trigger.pos_ in ("VERB", "ADJ") and not launched:
        heads = _children(trigger, "dobj", "nsubjpass")
    for prep in _children(trigger, "prep"):
        if (prep.lower_ in ("on", "against", "of") or (launched and prep.lower_ in ("at", "toward", "towards"))) \
                and draft_type in VIOLENCE | {"sabotage"}:
            heads += _children(prep, "pobj")
    out: list[Target] = []
    for h in heads:
        if h.pos_ in ("PRON", "ADJ", "DET", "NUM") or h.ent_type_ in ("DATE", "TIME"):
            continue  # "on Monday": when, not what; "most of them": a quantity, not a thing
        span = noun_phrase(h)
        kind = _target_kind(h)
        name = h.lemma_.lower() if h.pos_ == "NOUN" else h.text
        out.append(Target(text=span.text, name=name, kind=kind))
    return out


def _target_kind(head: Token) -> str | None:
    """What a target is, by a deciding modifier ("fuel depot") or else by its head noun ("depot")."""
    for child in head.lefts:
        if child.dep_ in ("compound", "amod", "nmod"):
            kind = next((k for k, words in _MODIFIER_KINDS.items() if child.lower_ in words), None)
            if kind:
                return kind
    return next((k for k, words in _TARGET_KINDS.items() if head.lemma_.lower() in words or head.lower_ in words),
                None)


_LOCATIVE = frozenset({"in", "near", "at", "over", "outside", "on", "into", "across", "around", "inside", "off", "to"})


def _location(trigger: Token, sentence: Span, places: list[PlaceMention], actor_spans: list[Span]) -> Place | None:
    """Where: a place in the trigger's phrase, else a place a locative word ("in", "near", "over") ties to
    the trigger's clause; never the agent ("Moscow said"), nor a place named inside another phrase."""
    in_sentence = [p for p in places if _in_sentence(sentence, p.span)]
    subj = [c for c in trigger.children if c.dep_ in ("nsubj", "poss", "agent")]
    agent_tokens = {t.i for s in subj for t in s.subtree}
    # A capital that speaks or acts ("which Moscow claimed") is an actor, not the place.
    candidates = [p for p in in_sentence if p.span.start not in agent_tokens and p.span.root.dep_ != "nsubj"
                  and p.span.root.head.dep_ != "agent"]  # "drones launched by Russia": who, not where
    local = [p for p in candidates if trigger.left_edge.i <= p.span.start <= trigger.right_edge.i]
    clause = {trigger.i} | {a.i for a in trigger.ancestors}
    tied = [p for p in candidates if (h := _locative_head(p.span.root)) is not None
            and (h[0] == trigger.i or (h[1] and h[0] in clause))]
    local.sort(key=lambda p: _locative_head(p.span.root) is None or p.place.lat is None)  # "in X" before a name inside the phrase
    for rank, pool in enumerate((local, tied)):
        with_coords = [p for p in pool if p.place.lat is not None]
        if with_coords:
            # The most precise place, then the nearest: "at the Tuapse refinery on the Black Sea coast" is Tuapse.
            return with_coords[0].place if rank == 0 else min(
                with_coords, key=lambda p: (_VAGUENESS.get(p.place.feature or "", 0), abs(p.span.start - trigger.i))).place
        if pool:
            return pool[0].place
    return _anaphoric_place(trigger, sentence, places) or _only_place(trigger, in_sentence)


# How vague a kind of place is as an event's location: a town beats a region, a region a sea.
_VAGUENESS = {"city": 0, "landmark": 0, "other": 1, "region": 2, "sea": 3, "country": 4}


def _only_place(trigger: Token, in_sentence: list[PlaceMention]) -> Place | None:
    """A violent event the sentence ties to no place happened at the one town the sentence names, when that
    town does not speak or act ("Dnipro declared a day of mourning after a missile destroyed …")."""
    if _lex()["verbs"].get(trigger.lemma_.lower(), _lex()["nouns"].get(trigger.lemma_.lower())) is None:
        return None
    towns = [p for p in in_sentence if p.place.feature == "city" and p.place.lat is not None
             and ((m := actor_for_span(p.span)) is None or m.kind not in ("state", "group"))]  # not "Kyiv said"
    return towns[0].place if len({p.place.name for p in towns}) == 1 else None


_PLACE_ANAPHORS = frozenset({"city", "town", "village", "capital", "region", "port", "oblast", "province", "area"})
# How far back "the city" may point for its place: journalistic anaphora rarely reaches further.
PLACE_ANAPHOR_SENTENCES = 2


def _anaphoric_place(trigger: Token, sentence: Span, places: list[PlaceMention]) -> Place | None:
    """'… struck the city': the latest place named in the sentences just before, when the trigger's
    phrase refers to one with a definite place noun."""
    phrase = [t for t in trigger.subtree if t.lower_ in _PLACE_ANAPHORS]
    if not any(any(c.lower_ in ("the", "this") for c in t.children) for t in phrase):
        return None
    doc = sentence.doc
    window_start = sentence.start
    for _ in range(PLACE_ANAPHOR_SENTENCES):
        if window_start == 0:
            break
        window_start = doc[window_start - 1].sent.start
    before = [p for p in places if window_start <= p.span.start < sentence.start and p.place.lat is not None
              and p.place.feature not in ("country",)]
    return before[-1].place if before else None


def _locative_head(tok: Token) -> tuple[int, bool] | None:
    """The token a place hangs from, and whether through a locative preposition ("hit [in] Kharkiv" → hit,
    True; "struck Odesa" → struck, False)."""
    while tok.dep_ in ("compound", "conj", "appos", "pobj", "nmod") and tok.head.i != tok.i:
        if tok.dep_ == "pobj":
            prep = tok.head
            if prep.lower_ in _LOCATIVE:
                head = prep.head
                # "the village of X", "the city of X" hang from a noun that itself is locative.
                while head.dep_ == "pobj" and head.head.lower_ in _LOCATIVE | {"of"}:
                    head = head.head.head
                return head.i, True
            if prep.lower_ == "of" and prep.head.pos_ == "NOUN":
                tok = prep.head
                continue
            return None
        tok = tok.head
    if tok.dep_ in ("nsubjpass", "dobj"):
        return tok.head.i, False  # "Kyiv was hit", "struck Odesa": only where the trigger itself governs
    return None


def _owner(tok: Token, trigger: Token) -> Token:
    """The clause a phrase belongs to: the nearest verb (or the trigger) above it."""
    cur = tok
    while cur.head.i != cur.i:
        cur = cur.head
        if cur == trigger or cur.pos_ in ("VERB", "AUX"):
            return cur
    return cur


def _date(trigger: Token, sentence: Span, dates: list[DateMention], prev_sentence: Span | None) -> DateInterval | None:
    """When: a date phrase of the trigger's own clause, else of a clause above it; else one carried from
    the sentence before. A date inside a relative clause ("…, which was reported on Tuesday") is that clause's."""
    in_sentence = [d for d in dates if _in_sentence(sentence, d.span)]
    above = {trigger.i} | {a.i for a in trigger.ancestors}
    own = [d for d in in_sentence if _owner(d.span.root, trigger) == trigger]
    governing = [d for d in in_sentence if _owner(d.span.root, trigger).i in above]
    # "shot down 45 drones launched overnight": a clause on what the trigger takes tells when, too.
    below = {t.i for t in trigger.subtree if t.i > trigger.i}
    on_object = [d for d in in_sentence if d.span.root.i in below and d.interval.earliest is not None]
    for pool in (own, governing, on_object):
        if pool:
            return min(pool, key=lambda d: abs(d.span.start - trigger.i)).interval
    if prev_sentence is not None and not in_sentence:
        carried = [d for d in dates if _in_sentence(prev_sentence, d.span) and d.interval.earliest is not None]
        if carried:
            return carried[-1].interval
    return None


def _status(trigger: Token, sentence: Span, claims: list[ClaimMention]) -> tuple[Status, Source | None]:
    doubt = set(_lex()["doubt"])
    mods = [c for c in trigger.children if c.dep_ in ("amod", "advmod")]
    doc = trigger.doc
    prev = doc[trigger.i - 1] if trigger.i > sentence.start else None
    left = doc[tok_left(trigger) : trigger.i].text.lower().replace(" - ", "-")
    if any(m.lower_ in doubt for m in mods) or (prev is not None and prev.lower_ in doubt) or any(
        re.search(rf"(?<![\w-]){re.escape(w)}(?![\w-])", left) for w in doubt
    ):
        return "disputed", None
    # Announcing one's own deal or deployment reports it; only other speech acts attribute the event.
    covering = [m for m in claims if m.covers(trigger) and m.claim.act != "announce"]
    if not covering:
        return "reported", None
    claim = covering[0]
    src = Source(text=claim.claim.speaker.text, name=claim.claim.speaker.name)
    # Denied in the same sentence ("…, which Kyiv denied"), or by another speaker in the next one
    # ("Ukraine dismissed the claim as propaganda.").
    denied = any(
        m != claim and (
            (m.claim.act in ("deny", "reject") and _in_sentence(sentence, m.sentence))
            or (m.claim.act == "deny" and m.sentence.start == sentence.end
                and not _same_speaker(m.claim.speaker, claim.claim.speaker)))
        for m in claims
    )
    if claim.claim.act in ("deny",) or denied:
        return "disputed", src
    return "claimed", src


def _same_speaker(a: Speaker, b: Speaker) -> bool:
    """Whether two speakers are one: the same name, or unnamed with the same head noun ("the governor")."""
    if a.name is not None and b.name is not None:
        return a.name == b.name
    return a.text.lower().split()[-1:] == b.text.lower().split()[-1:]


def tok_left(trigger: Token) -> int:
    """Where the trigger's own modifiers begin ("a so-called strike" → "a")."""
    return min([trigger.i] + [c.left_edge.i for c in trigger.lefts])


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
            last = [d for d in drafts if d.type in VIOLENCE | {"interception"}
                    and any(m.start == prev.start for m in d.mentions)]
            found.extend(last[-1:])
        prev = sentence
    return found


def _draft(tok: Token, etype: str, definite: bool, anaphor_only: bool, doc: Doc,
           prev_sentence: Span | None, prev_actors: list[ActorMention]) -> _Draft:
    sentence = tok.sent
    weapons = [w for w in doc._.dw_weapons if _in_sentence(sentence, w.span)]
    etype = _resolve_type(etype, tok, weapons)
    actors_in = [m for m in doc._.dw_actors if _in_sentence(sentence, m.span)]
    status, source = _status(tok, sentence, doc._.dw_claim_mentions)
    local_weapons = _means(tok, weapons) or ([w for w in weapons if not _is_object(tok, w.span)]
                                            if etype in VIOLENCE | {"interception"} else [])
    draft = _Draft(
        type=etype,
        trigger=tok,
        sentence=sentence,
        definite=definite,
        anaphor_only=anaphor_only,
        date=_date(tok, sentence, doc._.dw_dates, prev_sentence),
        location=_location(tok, sentence, doc._.dw_places, [m.span for m in actors_in]),
        actors=_actors(tok, actors_in, weapons, prev_actors),
        targets=_targets(tok, etype),
        weapons=[w.weapon for w in local_weapons],
        status=status,
        source=source,
        mentions=[sentence],
    )
    return draft


def _aggregate(d: _Draft) -> bool:
    """A killing told over months ("since February 2022, 7,000 were killed") is a tally, not an event."""
    if (d.type in VIOLENCE or d.type == "territorial_change") and d.date is not None and d.date.text.lower().startswith(
            ("since", "over the past", "for the past")):
        return True  # an ongoing state or a running tally, not one happening
    if d.type != "attack" or d.trigger.pos_ != "VERB" or d.date is None:
        return False
    if d.date.earliest is None:
        return False
    if d.date.latest is None:
        return True  # "since February 2022" with no end known: open-ended
    return (d.date.latest - d.date.earliest).days > AGGREGATE_DAYS


def _inherit_places(drafts: list[_Draft]) -> None:
    """An interception told right after a strike ("The drones were shot down") happened where and when the
    strike did."""
    for prev, cur in pairwise(drafts):
        if cur.type != "interception" or prev.type not in VIOLENCE:
            continue
        if cur.sentence.start - prev.mentions[-1].end <= 1 or cur.sentence.start in (prev.sentence.end, prev.sentence.start):
            cur.location = cur.location or prev.location
            cur.date = cur.date or prev.date


def _assign_casualties(drafts: list[_Draft], figures: list[FigureMention]) -> None:
    """Give each violent event the killed/injured figures of its own clause."""
    for fig in figures:
        if fig.figure.kind not in ("killed", "injured") or not isinstance(fig.figure.value, int):
            continue
        tok = fig.number.root
        same = [d for d in drafts if d.type in VIOLENCE and any(m.start <= tok.i < m.end for m in d.mentions)]
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
        if d.type not in VIOLENCE:
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


def _compatible(a: _Draft, b: _Draft) -> bool:
    """Whether two mentions can be one happening: same kind, and no clash of dates, places or actors."""
    same_family = (a.type in VIOLENCE and b.type in VIOLENCE) or a.type == b.type
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


def extract_events(doc: Doc) -> list[Event]:
    """Every event the article tells, one per happening, with its facts gathered from all its mentions."""
    drafts: list[_Draft] = []
    prev_sentence: Span | None = None
    seen_actors: list[ActorMention] = []
    for sentence in doc.sents:
        if sentence.text.rstrip().endswith("?"):
            prev_sentence = sentence
            continue
        here: list[_Draft] = []
        for tok in sentence:
            found = _trigger(tok)
            if found is None or _irrealis(tok):
                continue
            etype, definite, anaphor_only = found
            # "Two people were killed": a toll told after a strike belongs to that strike.
            definite = definite or _definite_clause(tok) or tok.lemma_.lower() in _CASUALTY_VERBS
            draft = _draft(tok, etype, definite, anaphor_only, doc, prev_sentence, seen_actors)
            if not _aggregate(draft):
                here.append(draft)
        # One happening told by several triggers of one clause ("attempted an assassination with a drone strike").
        merged: list[_Draft] = []
        for d in here:
            host = next((m for m in merged if _compatible(m, d) and _same_clause(m.trigger, d.trigger)
                         and (m.type in VIOLENCE) == (d.type in VIOLENCE)), None)
            if host is not None:
                host.absorb(d)
            else:
                merged.append(d)
        for d in merged:
            if d.definite or d.anaphor_only:
                host = next((p for p in reversed(drafts) if _compatible(p, d) and p.sentence.start != d.sentence.start), None)
                if host is not None:
                    host.absorb(d)
                    continue
            if not d.anaphor_only:
                drafts.append(d)
        seen_actors.extend(m for m in doc._.dw_actors if _in_sentence(sentence, m.span))
        prev_sentence = sentence
    _inherit_places(drafts)
    _assign_casualties(drafts, doc._.dw_figure_mentions)
    _lone_victims(drafts)
    zero = [d for d in drafts if d.type in VIOLENCE | {"interception"} and any(_casualty_zero(s) for s in d.mentions)]
    zero += _zero_told_apart(doc, drafts)
    for d in zero:
        d.killed = 0 if d.killed is None else d.killed
        d.injured = 0 if d.injured is None else d.injured
    return [_to_event(d) for d in drafts]


def _to_event(d: _Draft) -> Event:
    etype: EventType = d.type  # type: ignore[assignment]
    return Event(
        type=etype,
        trigger=d.trigger.text,
        date=d.date,
        location=d.location,
        actors=d.actors,
        targets=d.targets,
        weapons=d.weapons,
        casualties=Casualties(killed=d.killed, injured=d.injured),
        acled=_lex()["acled"].get(d.type),
        status=d.status,
        source=d.source if d.status != "reported" else None,
        evidence=Evidence.from_span(d.mentions[0]),
        mentions=[Evidence.from_span(m) for m in d.mentions],
    )


@Language.component(
    "dronewatch_events",
    requires=["doc._.dw_actors", "doc._.dw_weapons", "doc._.dw_dates", "doc._.dw_places", "doc._.dw_claim_mentions",
              "doc._.dw_figures"],
    assigns=["doc._.dw_events"],
)
def events_component(doc: Doc) -> Doc:
    doc._.dw_events = extract_events(doc)
    return doc
