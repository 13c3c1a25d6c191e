"""Arguments: the weapons an event used, who acted, what was hit, where and when."""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

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
from dronewatch.nlp.events.draft import (
    _LAUNCHED,
    VIOLENCE,
    _children,
    _in_sentence,
    _kinds,
    _lex,
    _objects_in,
    _weapon_taken,
    _words,
)
from dronewatch.nlp.places import PlaceMention, country_actor
from dronewatch.nlp.spans import entity_at
from dronewatch.record import Actor, DateInterval, Place, Target

__all__ = ["_actors", "_date", "_is_object", "_leading_date", "_location", "_means", "_targets"]


def _is_object(trigger: Token, span: Span) -> bool:
    """Whether ``span`` is what the trigger acts on ("destroyed a howitzer"): a target, not the means.
    What a launch verb takes is its means ("fired 30 missiles at Lviv"): only "at/on/against X" is hit."""
    launched = _launches(trigger)
    for child in trigger.children:
        if child.dep_ in ("dobj", "nsubjpass") and not launched and child.left_edge.i <= span.start <= child.right_edge.i:
            # "attacked a convoy with mines": the parser may hang the instrument on the object; it is still the means.
            return not any(a.dep_ == "prep" and a.lower_ == "with" and a.i > child.i for a in span.root.ancestors
                           if a.i < span.start)
        if child.dep_ == "prep" and child.lower_ in ("on", "against", "at") and (
                child.left_edge.i <= span.start <= child.right_edge.i):
            return True
    return False


def _launches(trigger: Token) -> bool:
    """Whether the trigger is a launch verb with weapons for object ("launched 40 drones")."""
    lex = _lex()
    return trigger.pos_ == "VERB" and trigger.lemma_.lower() in lex["weapon_launch_verbs"] and (
        _objects_in(trigger, lex["interception_objects"]) or _weapon_taken(trigger, _LAUNCHED, preps=()))


def _means(trigger: Token, weapons: list[WeaponMention]) -> list[WeaponMention]:
    """Weapons used for the trigger: in its phrase (not its object), its subject, or what the governing
    "used/launched … to" verb takes ("used a drone to destroy …")."""
    out = [w for w in weapons if _near(trigger, w.span) and not _is_object(trigger, w.span)]
    head = trigger.head
    if trigger.dep_ in ("xcomp", "advcl") and head.lemma_.lower() in _words("means_verbs"):
        out += [w for w in weapons if _is_object(head, w.span)]
    return out


def _near(trigger: Token, span: Span) -> bool:
    """Whether ``span`` belongs to the trigger's phrase (its subtree, subject, or a compound of it)."""
    if trigger.left_edge.i <= span.start <= trigger.right_edge.i:
        return True
    subj = next((c for c in trigger.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    return subj is not None and subj.left_edge.i <= span.start <= subj.right_edge.i


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
        if not heads and trigger.dep_ in ("acl", "amod") and trigger.tag_ == "VBN" and not violent:
            # "Russian troops amassed at the border"; but "soldiers killed in the shelling" are its victims.
            heads = [trigger.head]
    else:
        heads = _children(trigger, "poss")
        # "Russia's attack": the attacker; but "his murder", "the mayor's killing": the one killed.
        victim_owned = bool(heads) and trigger.lemma_.lower() in _words("victim_possessor_nouns")
        if victim_owned:
            heads = []
        for prep in _children(trigger, "prep"):
            if prep.lower_ in ("by", "from", "between", "with") or (prep.lower_ == "of" and not violent):
                objs = _children(prep, "pobj")
                heads += objs + [c for o in objs for c in o.children if c.dep_ == "conj"]
        mods = [c for c in trigger.children if c.dep_ in ("amod", "compound")]
        mods += [g for c in mods if c.dep_ == "compound" for g in c.children if g.dep_ in ("amod", "compound")]
        heads += [c for c in mods if demonym_country(c.text)]
        if not heads and not victim_owned:
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
    ent = entity_at(head, ("ORG", "NORP"))
    if ent is None or demonym_country(ent.text) is not None:
        return None
    name = ent.text[4:] if ent.text.lower().startswith("the ") else ent.text
    return Actor(text=span.text, name=name)


def _accused(trigger: Token) -> list[Token]:
    """In "X accused Y of attacking Z" the one accused (Y) is who the attack is attributed to."""
    for anc in trigger.ancestors:
        if anc.lemma_.lower() in _words("accusation_verbs"):
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
            kind = next((k for k, words in _kinds("target_modifier_kinds").items() if child.lower_ in words), None)
            if kind:
                return kind
    return next((k for k, words in _kinds("target_kinds").items() if head.lemma_.lower() in words or head.lower_ in words),
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


# How far into a text its own date may begin and still lead it ("On 3 March 2025, …", "Monday, 3 March: …").
LEADING_DATE_TOKENS = 2


def _leading_date(doc: Doc) -> DateInterval | None:
    """The day a note or wire item opens with ("On 3 March 2025, in X, …"): the day of everything it then tells,
    unless a clause says otherwise."""
    first = next(iter(doc.sents), None)
    if first is None:
        return None
    dates: list[DateMention] = doc._.dw_dates
    for d in dates:
        if d.span.start - first.start > LEADING_DATE_TOKENS:
            break
        if _in_sentence(first, d.span) and d.interval.earliest is not None and d.interval.earliest == d.interval.latest:
            return d.interval
    return None
