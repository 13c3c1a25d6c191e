"""Triggers: which words start an event mention here and of what type; which mentions are no happening at
all (plans, fears, questions, negations, running tallies)."""

from __future__ import annotations

from spacy.tokens import Token

from dronewatch.nlp.entities import WeaponMention
from dronewatch.nlp.events.arguments import _is_object, _means
from dronewatch.nlp.events.casualties import _toll_word
from dronewatch.nlp.events.draft import (
    _LAUNCHED,
    HARM,
    VIOLENCE,
    _children,
    _Draft,
    _lex,
    _objects_in,
    _weapon_taken,
    _words,
)

__all__ = ["_aggregate", "_definite_clause", "_irrealis", "_resolve_type", "_trigger"]

_WEAPON_TYPE = {"drone": "drone_strike", "missile": "missile_strike", "aircraft": "air_strike", "artillery": "shelling",
                "explosive": "explosion"}
# Which weapon decides when a clause names several: the platform over its payload ("a jet dropped bombs" is an air
# strike, "a drone dropped a grenade" a drone strike).
_WEAPON_RANK = {"drone": 0, "aircraft": 1, "missile": 2, "artillery": 3, "explosive": 4}
# What lands or crashes as a strike: munitions and drones, not planes ("the aircraft landed at the airport").
_MUNITIONS = ("drone", "missile", "artillery", "explosive")
# How far up the parse a plan or modal can sit above a trigger ("could spark a wave of bombings and killings").
IRREALIS_CLIMB = 6
# A killing "since February 2022" is a tally, not one happening: violent events wider than this are aggregates.
AGGREGATE_DAYS = 31


def _object_ok(tok: Token, lemma: str) -> bool:
    """Verbs that are events only with the right object: "sent 600 troops", not "sent a message"."""
    wanted = _lex()["object_required"].get(lemma)
    if wanted is None or not wanted:
        return True
    wanted_set = {w.lower() for w in wanted}
    # "shot and injured a civilian": the object of the coordinated verb is the shot one's too.
    objects = [c for v in (tok, *tok.conjuncts) for c in _children(v, "dobj", "nsubjpass", "attr", "oprd")]
    if tok.dep_ in ("acl", "amod") and tok.head.pos_ in ("NOUN", "PROPN"):
        objects.append(tok.head)  # "troops amassed at the border", "encircled garrisons"
    for obj in objects:
        for t in obj.subtree:
            if t.lower_ in wanted_set or t.lemma_.lower() in wanted_set:
                return True
    return False


def _seized_arms(tok: Token) -> bool:
    """Whether what was seized is arms ("seized weapons", "a boat carrying explosives"), not ground that came
    with them ("captured the area and the fighters' weapons")."""
    objects = _children(tok, "dobj")
    if not objects:
        return False
    obj = objects[0]
    conjuncts = {t.i for c in obj.conjuncts for t in c.subtree}
    return any(t.lower_ in _words("seizure_objects") or t.lemma_.lower() in _words("seizure_objects")
               for t in obj.subtree if t.i not in conjuncts)


def _noun_ok(tok: Token, key: str) -> bool:
    """Nouns that are events only with a qualifying word near them ("a phone call", "a joint initiative")."""
    wanted = _lex()["noun_object"].get(key)
    if wanted is None:
        return True
    wanted_set = {w.lower() for w in wanted}
    # The noun's own phrase: its left modifiers ("a joint initiative"), what it is "of/between/on", and its verb.
    window = [t for c in tok.lefts for t in c.subtree] + [tok.head]
    for prep in tok.rights:
        if prep.dep_ == "prep" and prep.lower_ in ("of", "on", "between", "with", "for", "against"):
            window += [prep, *(t for c in prep.children for t in c.subtree)]
    return any(t.lower_ in wanted_set or t.lemma_.lower() in wanted_set for t in window)


def _specific_noun(tok: Token) -> tuple[bool, bool]:
    """Whether a noun trigger names one happening (not "drone attacks are cheap"), and whether it is definite."""
    dets = _children(tok, "det", "poss", "nummod")
    definite = any(d.dep_ == "poss" or d.lower_ in _lex()["definite_anaphors"] for d in dets)
    if any(c.lower_ in _words("new_event_modifiers") for c in tok.children):
        definite = False
    if dets:
        return True, definite
    head = tok.head
    if tok.dep_ == "pobj" and head.lower_ == "of" and head.head.lower_ in _words("quantity_heads"):
        return True, False  # "a number of joint drills"
    if tok.dep_ == "attr" and any(c.dep_ == "expl" for c in head.children):
        return True, False  # "there were explosions near the market": an existential tells a happening
    if _told_happening(tok) or _toll_cause(tok):
        return True, False
    if tok.tag_ in ("NNS", "NNPS"):
        return False, False
    # A bare singular noun with its own place or date ("shelling in Donetsk overnight") is specific.
    has_anchor = any(c.dep_ in ("prep", "npadvmod") for c in tok.children) or any(
        c.dep_ == "compound" for c in tok.children
    )
    return has_anchor, False


def _toll_cause(tok: Token) -> bool:
    """A noun a toll is told as caused by, in one clause: "troops die in clashes", "killed in Ukrainian
    shelling", "a civilian dies as a result of attacks by …", "two dead after strikes on the town": those
    clashes, that shelling, happened (the toll and its cause become one event)."""
    cur = tok
    for _ in range(4):
        if cur.dep_ != "pobj" or cur.head.dep_ not in ("prep", "agent"):
            return False
        above = cur.head.head
        if _toll_word(above):
            return cur.head.lower_ in _words("cause_preps")
        if above.pos_ != "NOUN" or above.lower_ not in _words("cause_links"):
            return False
        cur = above  # "as a result of", "in the wake of"
    return False


def _told_happening(tok: Token) -> bool:
    """A bare noun that a past-tense clause tells as having happened: carried out ("forces conducted airstrikes",
    "launched mine attack on the convoy") or occurring ("explosions occurred", "explosion went off",
    "bomb blasts were reported in two places"), or leaving a toll ("shelling left two dead")."""
    head = tok.head
    if head.pos_ not in ("VERB", "AUX") or head.i == tok.i:
        return False
    past = head.tag_ == "VBD" or (head.tag_ == "VBN" and any(
        c.dep_ in ("aux", "auxpass") and c.lower_ in ("was", "were", "had", "has", "have") for c in head.children))
    if not past:
        return False
    if tok.dep_ == "dobj":
        return True
    if tok.dep_ == "nsubj" and _telling_verb(head, tok) and head.lemma_.lower() in _words("outcome_verbs"):
        return True  # "shelling left two civilians dead"
    return tok.dep_ in ("nsubj", "nsubjpass") and head.lemma_.lower() in _words("occurrence_verbs")


def _trigger(tok: Token) -> tuple[str, bool, bool] | None:
    """(type, definite, anaphor_only) when ``tok`` starts an event mention here, else None."""
    lex = _lex()
    lemma = tok.lemma_.lower()
    if tok.pos_ in ("VERB", "ADJ") and (tok.pos_ == "VERB" or tok.tag_ == "VBN"):
        if _simple_present(tok) and not _headline_present(tok):
            return None  # simple present describes ("accords that ban drones"); news reports in the past
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
        for obj in _children(tok, "dobj"):
            phrasal = lex["object_phrasal"].get(f"{lemma} {obj.lemma_.lower()}")
            if phrasal is not None:
                return phrasal, False, False  # "opened fire on", "exchanged gunfire", "took control of"
        if lemma in _words("explosive_contact_verbs") and _weapon_taken(tok, ("explosive",)):
            return "explosion", False, False  # "stepped on a landmine", "the truck hit an IED"
        if lemma in _words("impact_verbs") and _weapon_taken(tok, _MUNITIONS, deps=("nsubj",), preps=()):
            return "strike", False, False  # "two mortar shells landed in the village", "a bomb went off"
        etype = lex["verbs"].get(lemma)
        objects = _children(tok, "dobj")
        if any(o.pos_ == "NOUN" and (o.lemma_.lower() in lex["nouns"] or o.lower_ in lex["nouns"]) for o in objects):
            return None  # "carried out a strike", "delivered a blow": the noun tells the event
        if lemma in lex["weapon_launch_verbs"] and (
                _objects_in(tok, lex["interception_objects"]) or _weapon_taken(tok, _LAUNCHED, preps=("with",))):
            return "strike", False, False  # "sent 27 drones at Odesa" is an attack, not a deployment
        if etype is None or not _object_ok(tok, lemma):
            return None
        if _abstract_target(tok):
            return None  # "destroyed trust", "blasted the policy", "the invasion has hit obstacles": a figure of speech
        if lemma in _words("intransitive_only") and _children(tok, "dobj", "ccomp"):
            return None  # "the attack demonstrates Moscow's resolve": showing, not a demonstration
        if etype == "strike" and _objects_in(tok, lex["interception_objects"]):
            etype = "interception"  # "air defences destroyed 62 drones", "sappers destroyed the IEDs"
        if lemma in _words("seizure_verbs") and _seized_arms(tok):
            etype = "interception"  # "seized weapons", "seized a boat carrying arms": disrupted weapons use, not ground
        if tok.dep_ == "amod" and lemma not in lex["participle_lemmas"]:
            return None  # "banned weapons", "targeted bombings": attributes, not happenings
        if tok.tag_ == "VBG" and tok.dep_ != "ROOT":
            objs = _children(tok, "dobj")
            if objs and objs[0].tag_ in ("NNS", "NNPS") and not _children(objs[0], "det", "poss", "nummod"):
                return None  # "a method of targeting civilians", "denies targeting civilians": a habit
        return etype, False, False
    # A noun, or a counted military abbreviation the parser takes for a name ("one KIA, two WIA").
    abbreviation = tok.pos_ == "PROPN" and tok.is_upper and tok.lower_ in lex["nouns"] and bool(_children(tok, "nummod"))
    if (tok.pos_ == "NOUN" or abbreviation) and tok.dep_ != "compound":
        key = tok.lower_ if tok.lower_ in lex["nouns"] else lemma
        nxt = tok.doc[tok.i + 1] if tok.i + 1 < len(tok.doc) else None
        if nxt is not None and f"{tok.lower_} {nxt.lower_}" in lex["nouns"]:
            key = f"{tok.lower_} {nxt.lower_}"
        if key in _words("anaphor_only") or lemma in _words("anaphor_only"):
            specific, definite = _specific_noun(tok)
            return ("attack", True, True) if definite else None
        etype = lex["nouns"].get(key)
        if etype is None or not _noun_ok(tok, key):
            return None
        if tok.dep_ == "attr" and not any(c.dep_ == "expl" for c in tok.head.children):
            return None  # "the raid was the worst assault": a predication about an event already told
        if etype == "explosion" and any(c.dep_ == "prep" and c.lower_ == "of" and not _weapon_taken(c, _LAUNCHED)
                                        for c in tok.children):
            return None  # "an explosion of online shops": a figure of speech
        verb = tok.head if tok.head.pos_ in ("VERB", "AUX") else None
        told_now = False
        if verb is not None and _simple_present(verb) and tok.dep_ in ("dobj", "nsubj"):
            if not (_telling_verb(verb, tok) and _headline_present(verb)):
                return None  # "the partnership involves the transfer of …": a description
            told_now = True  # "Russian shelling leaves one dead": the headline tells this shelling
        specific, definite = _specific_noun(tok)
        if not (specific or told_now):
            return None
        return etype, definite, False
    return None


def _abstract_target(verb: Token) -> bool:
    """Whether what the verb strikes is no physical thing but an idea, a state or a process ("destroyed trust",
    "derailed the transition", "fighting climate change", "blasted Washington's policies", "fought a war")."""
    targets = _children(verb, "dobj", "nsubjpass")
    if verb.dep_ == "conj" and not targets:
        return False
    return bool(targets) and all(t.lemma_.lower() in _words("abstract_targets") or t.lower_ in _words("abstract_targets")
                                 for t in targets)


def _simple_present(verb: Token) -> bool:
    """A verb in the simple present ("kills", "shell"), with no auxiliary of its own."""
    return verb.tag_ in ("VBZ", "VBP") and not any(c.dep_ in ("aux", "auxpass") for c in verb.children)


def _telling_verb(verb: Token, noun: Token) -> bool:
    """Whether a present verb tells its event noun as a happening, as headlines do: a violence verb ("shelling
    kills six"), a verb of carrying out with the noun as its object ("forces mount two attacks"), or a verb of
    outcome with a casualty word ("shelling leaves one dead")."""
    lemma = verb.lemma_.lower()
    if lemma in _lex()["verbs"]:
        return True
    if lemma in _words("conduct_verbs") and noun.dep_ == "dobj":
        return True
    return lemma in _words("outcome_verbs") and noun.dep_ == "nsubj" and any(
        c.lower_ in _words("casualty_adjectives") for c in verb.children if c.dep_ in ("oprd", "acomp", "xcomp", "ccomp"))


def _headline_present(verb: Token) -> bool:
    """A simple present that tells one happening, as headlines and wire leads do ("Gunmen kill three police in
    Donetsk", "Shelling kills six", "Sniper kills a soldier near Avdiivka"): a participant counted or named,
    in a main clause with no word of habit. "Accords that ban drones", "drones often hit homes" describe."""
    if verb.dep_ in ("relcl", "acl", "amod") or _habitual(verb):
        return False
    args = [c for c in verb.children if c.dep_ in ("nsubj", "dobj")]
    if not args or any(a.lower_ in _words("generic_subjects") and not _children(a, "det", "poss", "nummod", "amod")
                       for a in args):
        return False
    places = [g for c in verb.children if c.dep_ == "prep" for g in c.children if g.dep_ == "pobj"]
    counted = any(c.dep_ == "nummod" for a in args for c in a.children) or any(
        a.dep_ == "dobj" and a.pos_ == "NUM" for a in args)  # "… kills one"
    named = any(t.pos_ == "PROPN" or t.ent_type_ in ("GPE", "NORP", "ORG", "PERSON", "LOC", "FAC")
                for a in [*args, *places] for t in a.subtree)
    return counted or named


def _habitual(verb: Token) -> bool:
    """Whether a word of habit modifies the verb: "often", "routinely", or a recurring time ("every night",
    "each week", "on most days")."""
    for c in verb.children:
        if c.dep_ in ("advmod", "npadvmod") and c.lower_ in _words("habitual_adverbs"):
            return True
        times = [c] if c.dep_ == "npadvmod" else [g for g in c.children if g.dep_ == "pobj"] if c.dep_ == "prep" else []
        if any(d.lower_ in _words("habit_determiners") for t in times for d in t.children if d.dep_ in ("det", "amod")):
            return True
    return False


def _definite_clause(tok: Token) -> bool:
    """A verb mention that points back: its subject or object is definite ("The drone hit the bus")."""
    if tok.pos_ != "VERB":
        return False
    for arg in _children(tok, "nsubj", "nsubjpass", "dobj"):
        if arg.pos_ == "PRON" and arg.lower_ in ("it", "they"):
            return True
        if arg.lower_ in _words("party_nouns") and any(c.lower_ in ("both", "two") for c in arg.children):
            return True  # "both sides exchanged fire": the parties already told
        if any(c.lower_ in ("the", "this", "that") for c in arg.children if c.dep_ == "det") and not any(
            c.lower_ in _words("new_event_modifiers") for c in arg.children
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
    if any(c.lower_ in _words("irrealis_modifiers") for c in tok.children if c.dep_ in ("amod", "advmod")):
        return True
    if tok.pos_ == "VERB" and any(c.dep_ in ("advmod", "mark") and c.lower_ in ("how", "whether") for c in tok.children):
        return True  # "how wars are fought", "whether drones struck": a manner or a question, not a happening
    if tok.tag_ == "VBN" and any(c.dep_ == "auxpass" and c.lower_ in ("is", "are", "'s", "'re") for c in tok.children):
        return True  # "cities are shelled daily": the present passive describes a pattern
    if _unrealised_infinitive(tok):
        return True
    if tok.pos_ == "NOUN" and any(c.dep_ == "det" and c.lower_ in _words("irrealis_determiners") for c in tok.children):
        return True  # "any attack on the alliance", "no attack took place"
    if tok.dep_ in ("nsubj", "nsubjpass") and any(
            c.dep_ == "aux" and c.lower_ in modal for c in tok.head.children):
        return True  # "the attack would cause suffering", "an incursion could happen": the noun's verb is modal
    cur = tok
    for _ in range(IRREALIS_CLIMB):
        if any(c.dep_ == "aux" and c.lower_ in modal for c in cur.children):
            return True
        if any(c.dep_ == "mark" and c.lower_ in _words("conditional_marks") for c in cur.children):
            return True
        if cur.dep_ in ("ccomp", "xcomp") and any(c.dep_ == "neg" for c in cur.head.children):
            return True  # "the ministry did not say how many drones were launched", "troops are not going to fight"
        head = cur.head
        if head.i == cur.i:
            return False
        link_ok = cur.dep_ not in ("prep", "agent") or cur.lower_ in ("at", "for", "to", "on", "by")  # "aimed at"
        if link_ok and cur.dep_ in ("xcomp", "dobj", "nsubj", "pobj", "pcomp", "nsubjpass", "prep", "agent", "acomp") and (
                head.lemma_.lower() in heads):
            return True
        if cur.dep_ in ("pobj", "pcomp") and head.dep_ == "prep" and head.head.lemma_.lower() in _words("irrealis_nouns"):
            return True
        if cur.dep_ == "appos" and head.lemma_.lower() in _words("irrealis_nouns"):
            return True  # "the worst scenario: an attack on the capital"
        warnings = lex["warnings"]
        if cur.dep_ == "pobj" and head.dep_ == "prep" and head.lower_ in warnings["preps"] \
                and head.head.lemma_.lower() in warnings["words"]:
            return True  # "warns of another missile attack": a threat, not a happening
        if cur.dep_ not in ("xcomp", "conj", "pobj", "prep", "agent", "pcomp", "dobj", "advcl", "acl", "ccomp", "appos"):
            return False
        cur = head
    return False


def _unrealised_infinitive(tok: Token) -> bool:
    """A "to"-infinitive tells an aim, an ability or a readiness, not a happening ("ready to fight", "the need to
    attack", "the right to strike", "went to fight in the war"), unless its verb says it began, went on or is
    claimed ("began to shell the town", "claimed to take the village") or it is the aim of an attack told ("used
    drones to attack the port")."""
    if tok.pos_ != "VERB" or tok.tag_ != "VB" or not any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children):
        return False
    head = tok.head
    lemma = head.lemma_.lower()
    if tok.dep_ == "acl" or head.pos_ in ("NOUN", "PROPN", "ADJ"):
        return lemma not in _words("infinitive_told_heads")  # "the will to fight", "ready to attack"; "an attempt to"
    if tok.dep_ not in ("xcomp", "advcl") or (tok.dep_ == "xcomp" and lemma in _words("infinitive_told_heads")):
        return False
    # "used missiles to strike the city", "launched drones to hit the port": the aim of an attack told
    return not (lemma in _lex()["verbs"] or lemma in _lex()["weapon_launch_verbs"] or lemma in _words("means_verbs")
                or _weapon_taken(head, _LAUNCHED))


def _resolve_type(draft_type: str, trigger: Token, weapons: list[WeaponMention]) -> str:
    """Resolve the 'strike' family by the weapon used for the trigger, else any weapon used in the sentence."""
    if draft_type == "armed_clash" and _instrument_is_explosive(trigger):
        return "explosion"  # "ambushed the convoy with landmines": ACLED tells a mine attack as an explosion
    if draft_type not in ("strike", "attack", "explosion"):
        return draft_type
    means = _means(trigger, weapons)
    pool = means or [w for w in weapons if not _is_object(trigger, w.span)]
    ranked = sorted((w for w in pool if w.weapon.class_ in _WEAPON_TYPE), key=lambda w: _WEAPON_RANK[w.weapon.class_ or ""])
    if ranked:
        return _WEAPON_TYPE[ranked[0].weapon.class_ or ""]
    window = trigger.doc[max(trigger.i - 2, trigger.sent.start) : min(trigger.i + 4, trigger.sent.end)]
    if any(t.lower_ in ("air", "airstrike", "aerial") for t in window):
        return "air_strike"
    if draft_type == "explosion":
        return "explosion"
    return "attack"


def _instrument_is_explosive(trigger: Token) -> bool:
    """Whether the fighting was done with explosives: "with mines", "by landmines", "using IEDs", also where the
    parser hangs the instrument lower ("ambushed troops coming from X with landmines", "a convoy using mines"),
    but not a grenade told in a clause of its own ("clashed after the militants threw a grenade")."""
    own = [t for t in trigger.subtree if t.i == trigger.i or not _own_clause(t, trigger)]
    heads = [t for t in own if t.dep_ in ("prep", "agent") and t.lower_ in ("with", "by")]
    heads += [t for t in own if t.dep_ in ("advcl", "xcomp", "acl") and t.lemma_.lower() == "use"]
    return any(_weapon_taken(h, ("explosive",), deps=("pobj", "dobj")) for h in heads)


def _own_clause(tok: Token, trigger: Token) -> bool:
    """Whether a verb with a subject of its own stands between ``tok`` and the trigger ("after they threw …")."""
    for a in (tok, *tok.ancestors):
        if a.i == trigger.i:
            return False
        if a.pos_ in ("VERB", "AUX") and _children(a, "nsubj", "nsubjpass"):
            return True
    return False


def _aggregate(d: _Draft) -> bool:
    """A killing told over months ("since February 2022, 7,000 were killed") is a tally, not an event."""
    if (d.type in VIOLENCE or d.type == "territorial_change") and d.date is not None and d.date.text.lower().startswith(
            ("since", "over the past", "for the past")):
        return True  # an ongoing state or a running tally, not one happening
    if d.type in HARM and (_whole_war(d) or _running_tally(d.trigger)):
        return True
    if d.type != "attack" or d.trigger.pos_ != "VERB" or d.date is None:
        return False
    if d.date.earliest is None:
        return False
    if d.date.latest is None:
        return True  # "since February 2022" with no end known: open-ended
    return (d.date.latest - d.date.earliest).days > AGGREGATE_DAYS


def _running_tally(trig: Token) -> bool:
    """A killing counted "so far" or "to date" is a running tally, not one happening ("in total" may sum one
    attack's missiles, so it is no sign)."""
    for c in trig.children:
        if c.dep_ in ("advmod", "prep", "npadvmod"):
            phrase = " ".join(t.lower_ for t in c.subtree)
            if phrase in _words("tally_phrases"):
                return True
    return False


def _whole_war(d: _Draft) -> bool:
    """A violent noun whose only place is a whole country it is "on", "against" or "in", with no date and no toll of
    its own, names the war, not one happening: "Russia's attack on Ukraine", "the fighting in Ukraine"."""
    trig = d.trigger
    if trig.pos_ != "NOUN" or d.location is None or d.location.feature != "country" or d.killed or d.injured:
        return False
    own = trig.doc[trig.left_edge.i : trig.right_edge.i + 1]
    if d.date is not None and d.date.text in own.text:
        return False
    if any(c.dep_ == "poss" and c.pos_ == "NOUN" for c in trig.children):
        return False  # "the photographer's killing in Ukraine": a victim's own
    # The country whole, not a part of it ("the shelling of east Ukraine").
    countries = [g for c in trig.children if c.dep_ == "prep" and c.lower_ in _words("war_target_preps")
                 for g in c.children if g.dep_ == "pobj" and g.ent_type_ == "GPE"
                 and not any(m.dep_ in ("amod", "compound", "nmod") for m in g.children)]
    return any(d.location.text in g.doc[g.left_edge.i : g.right_edge.i + 1].text for g in countries)
