"""The conflict frame: whether a violent word tells political violence, and on which side of ACLED's lines it falls.

"Hit", "attack", "fought" and "exploded" are as common on a recipe, a sports page or a software blog as in war
reporting. A violent mention is an event only inside a conflict frame: a trigger that tells war by itself
("shelled", "an airstrike"), a weapon in its sentence, an armed party in its clause ("militants", "the
military", a state or armed group the lexicon knows, "armed men"), or, for an explosion, a place it happened.
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from dronewatch.nlp.entities import ActorMention, WeaponMention, demonym_country
from dronewatch.nlp.events.casualties import _toll_word
from dronewatch.nlp.events.draft import HARM, _children, _kinds, _lex, _words
from dronewatch.nlp.lexicon import load_lexicon
from dronewatch.nlp.spans import entity_at
from dronewatch.record import Actor, Place

__all__ = ["_acled", "_armed_victim", "_civilian_victims", "_framed"]

# Types that need the frame: the violent ones (the rest are told by diplomatic or military nouns and verbs).
FRAMED_TYPES = HARM | {"interception", "sabotage"}
# How many tokens after a victim's phrase may still say it was off duty ("a government soldier (SNA) (off-duty)").
OFF_DUTY_REACH = 8


def _clause(tok: Token) -> Span:
    """The clause a trigger belongs to: the subtree of the nearest verb above it that has a subject ("accused
    the troops of … citing the murder of two residents": the accusing clause), else of the trigger itself."""
    verbs = [t for t in (tok, *tok.ancestors) if t.pos_ in ("VERB", "AUX")]
    verb = next((v for v in verbs if _children(v, "nsubj", "nsubjpass")), verbs[-1] if verbs else tok)
    if (verb.dep_ == "acl" and verb.tag_ == "VBN" or verb.dep_ == "advcl" and verb.tag_ == "VBG") \
            and not _children(verb, "nsubj", "nsubjpass"):
        # A headline's bare participle tells of the noun it hangs on ("four servicemen killed in …"); a trailing
        # "…, killing one" goes on with its main clause.
        verb = verb.head
    return tok.doc[verb.left_edge.i : verb.right_edge.i + 1]


def _armed_word(tok: Token) -> bool:
    """Whether a word names an armed party ("militants", "troops", "armed men", "the Kale Defense Force")."""
    lemma = tok.lemma_.lower()
    prev = tok.doc[tok.i - 1].lower_ if tok.i > 0 else ""
    if f"{prev} {tok.lower_}" in _words("frame_nouns"):
        return True  # "the air force"
    if lemma in _words("frame_nouns") or tok.lower_ in _words("frame_nouns") or tok.lower_ in _words("frame_words"):
        return True
    if tok.lower_ in ("force", "forces") and (tok.tag_ in ("NNS", "NNPS") or tok.pos_ == "PROPN"):
        return True  # "security forces", "the Kale Defense Force"; not "a labour force"
    # A named armed organisation ("the Islamic State Somalia Province", "the Arakan Army").
    ent = entity_at(tok, ("ORG", "NORP"))
    return ent is not None and tok.lower_ in _words("frame_org_words")


def _framed(tok: Token, etype: str, weapons: list[WeaponMention], actors: list[ActorMention],
            location: Place | None) -> bool:
    """Whether a violent mention stands in a conflict frame (see the module's docstring)."""
    if etype not in FRAMED_TYPES:
        return True
    prev = tok.doc[tok.i - 1].lower_ if tok.i > 0 else ""
    if {tok.lemma_.lower(), tok.lower_, f"{prev} {tok.lower_}"} & _words("conflict_triggers"):
        return True
    if weapons:
        return True
    clause = _clause(tok)
    if any(m.kind in ("state", "group") and clause.start <= m.span.start < clause.end for m in actors):
        return True
    if _state_modified(tok) and any(_toll_word(t) for t in clause):
        return True
    if any(_armed_word(t) for t in clause):
        return True
    # "There was an explosion near the school in X": a blast with a place of its own.
    return etype == "explosion" and (location is not None or _settled(clause))


def _state_modified(tok: Token) -> bool:
    """Whether a state's adjective tells whose violence it is: "a Russian strike", "an Israeli drone attack", or,
    for a verb, its subject's ("an Israeli strike killed 12"). With a death or wound in its clause (the caller's
    test) a nation's strike is war, not a walkout ("a French strike disrupted trains") or a team's attack. A victim's
    nationality is no frame ("a French cyclist was killed")."""
    # A verb's subject counts when it is itself violence ("an Israeli strike killed"), not a person ("an American
    # driver killed two pedestrians").
    nouns = [tok] if tok.pos_ in ("NOUN", "PROPN") else [
        s for s in _children(tok, "nsubj") if s.lemma_.lower() in _lex()["nouns"] or s.lower_ in _lex()["nouns"]]
    for noun in nouns:
        mods = [c for c in noun.children if c.dep_ in ("amod", "compound", "nmod")]
        mods += [g for c in mods if c.dep_ == "compound" for g in c.children if g.dep_ in ("amod", "compound")]
        if any(demonym_country(m.text) for m in mods):
            return True
    return False


def _settled(clause: Span) -> bool:
    """Whether a clause puts its happening in a named settlement or district ("in Lor town", "near Bana village",
    "at the office in Karo township"), which a gazetteer may not know."""
    for tok in clause:
        if tok.lower_ not in _words("settlement_nouns") or tok.dep_ == "compound":
            continue
        named = any(c.dep_ in ("compound", "nmod") and c.pos_ == "PROPN" for c in tok.children)
        # Under a locative preposition of the clause ("in", "near", "at"), however deep the phrase nests.
        located = any(a.dep_ == "prep" and a.lower_ in _words("locative_preps") for a in tok.ancestors
                      if clause.start <= a.i < clause.end)
        if named and located:
            return True
    return False


def _victims(tok: Token) -> list[Token]:
    """Who or what the violence was done to: the objects of the trigger and its coordinated verbs
    ("shot and killed a soldier"), its passive subject (or the noun a bare participle tells of), and "on/against
    X"."""
    # "shot and killed a soldier", not "killed a woman and the officer was arrested".
    verbs = [tok, *(c for c in tok.conjuncts if c.lemma_.lower() in _words("armed_clash_verbs"))]
    out = [c for v in verbs for c in v.children if c.dep_ in ("dobj", "nsubjpass")
           and c.lemma_.lower() not in _words("munition_heads")]
    if tok.dep_ == "acl" and tok.tag_ == "VBN":
        out.append(tok.head)  # a reduced passive, as headlines tell it: "four servicemen killed in …"
    # "opened fire on a patrol", "shot at the post"; but "shot a driver at a checkpoint": there "at" tells where.
    # "Fired on vehicles at a checkpoint": "on" names the target, "at" then tells where.
    for preps in (("on", "against"), ("at",)):
        if not out:
            out = [g for v in verbs for c in v.children if c.dep_ == "prep" and c.lower_ in preps
                   and c.i > v.i for g in c.children if g.dep_ == "pobj"]  # not "On 3 May, they fired …"
    return out + [c for v in out for c in v.conjuncts]


def _off_duty(victim: Token) -> bool:
    """Whether a soldier or officer is told as off duty ("a soldier (off-duty)", "an off-duty policeman"): ACLED
    codes violence against one as an attack on a civilian, not an armed clash."""
    sent = victim.sent
    window = victim.doc[max(victim.left_edge.i, sent.start) : min(victim.right_edge.i + OFF_DUTY_REACH, sent.end)]
    text = " ".join(t.lower_ for t in window)
    return any(w in text for w in _words("off_duty_words"))


def _armed_victim(tok: Token, etype: str, actors: list[ActorMention]) -> bool:
    """Whether violence told as an attack was done to an armed party, which ACLED codes as an armed clash
    ("gunmen attacked a checkpoint", "shot and killed a soldier")."""
    if etype != "attack" or tok.lemma_.lower() not in _words("armed_clash_verbs"):
        return False
    for v in _victims(tok):
        if _off_duty(v):
            continue
        phrase = [v, *(c for c in v.lefts if c.dep_ in ("compound", "amod"))]
        if any(t.lemma_.lower() in _words("armed_nouns") or t.lower_ in _words("armed_nouns") for t in phrase):
            return True
        if any(m.kind == "group" and m.span.start <= v.i < m.span.end for m in actors):
            return True
    return False


def _civilian_victims(tok: Token, etype: str) -> bool:
    """Whether fighting words told of a one-sided attack on civilians ("ambushed a passenger vehicle", "raided a
    market"), which ACLED codes as an attack, not an armed clash."""
    if etype != "armed_clash" or tok.lemma_.lower() not in _words("armed_clash_verbs"):
        return False
    victims = _victims(tok)
    civilian = _words("person_nouns") | _words("civilian_things") | _kinds("target_kinds")["civilian"]
    return bool(victims) and all(
        (v.lemma_.lower() in civilian or v.lower_ in civilian)
        and not any(t.lemma_.lower() in _words("armed_nouns") or t.lower_ in _words("armed_nouns") for t in v.subtree)
        for v in victims)


def _acled(tok: Token, etype: str, weapons: list[WeaponMention], actors: list[Actor]) -> str | None:
    """ACLED's sub-event type where the trigger, weapon or actor decides it over the type's default."""
    lex = _lex()
    by_trigger = lex["acled_by_trigger"].get(tok.lemma_.lower()) or lex["acled_by_trigger"].get(tok.lower_)
    if by_trigger is not None and etype in HARM:
        return str(by_trigger)
    if etype == "explosion" and _while_handling(tok):
        return "Disrupted weapons use"  # "an IED exploded while the militants were planting it": a premature blast
    grenades = {g.lower() for g in load_lexicon("weapons")["grenades"]}
    if etype == "explosion" and any(w.weapon.name.lower() in grenades for w in weapons):
        return "Grenade"
    if etype == "territorial_change" and actors:
        return "Government regains territory" if actors[0].country else "Non-state actor overtakes territory"
    return None


def _while_handling(tok: Token) -> bool:
    """Whether a blast went off while its own side handled the device ("exploded while they were planting it",
    "blew up as the fighters assembled the bomb")."""
    verb = tok if tok.pos_ == "VERB" else tok.head
    return any(c.dep_ == "advcl" and c.lemma_.lower() in _words("handling_verbs")
               and any(m.dep_ == "mark" and m.lower_ in ("while", "as", "when") for m in c.children)
               for c in verb.children)
