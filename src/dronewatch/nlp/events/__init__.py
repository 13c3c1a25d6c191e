"""Events: what happened, once, somewhere — with date, place, actors, targets, weapons, casualties and status.

A trigger (a verb or noun from ``lexicons/events.json``) starts an event; plans, fears, questions,
conditionals and negated triggers do not. The same happening told twice in an article is one event: a
definite mention ("the raid", "this incident") joins the latest compatible event and adds its facts.
Status follows attribution: a trigger inside a claim is ``claimed``; a claim met by a denial, or a trigger
hedged by a doubt word ("an ostensible shelling"), is ``disputed``.
"""

# No `from __future__ import annotations`: spaCy validates the factory's annotations at run time.
from collections.abc import Callable

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from dronewatch.nlp.entities import ActorMention
from dronewatch.nlp.events.arguments import (
    _actors,
    _date,
    _is_object,
    _leading_date,
    _location,
    _means,
    _targets,
)
from dronewatch.nlp.events.casualties import (
    _CASUALTY_VERBS,
    _assign_casualties,
    _casualty_zero,
    _coded_fatalities,
    _counted_tolls,
    _lone_victims,
    _takeover_tolls,
    _zero_told_apart,
)
from dronewatch.nlp.events.coreference import (
    _compatible,
    _inherit_places,
    _same_clause,
    _told_as_cause,
    _told_as_outcome,
)
from dronewatch.nlp.events.draft import HARM, VIOLENCE, _children, _Draft, _in_sentence, _lex
from dronewatch.nlp.events.frame import _acled, _armed_victim, _civilian_victims, _framed
from dronewatch.nlp.events.status import _status
from dronewatch.nlp.events.triggers import _aggregate, _definite_clause, _irrealis, _resolve_type, _trigger
from dronewatch.record import Casualties, Event, EventType, Evidence

__all__ = ["VIOLENCE", "extract_events"]

if not Doc.has_extension("dw_events"):
    Doc.set_extension("dw_events", default=[])


def _draft(tok: Token, etype: str, definite: bool, anaphor_only: bool, doc: Doc,
           prev_sentence: Span | None, prev_actors: list[ActorMention]) -> _Draft:
    sentence = tok.sent
    weapons = [w for w in doc._.dw_weapons if _in_sentence(sentence, w.span)]
    toll = tok.lemma_.lower() in _CASUALTY_VERBS and (tok.lemma_.lower() == "die" or not _children(tok, "nsubj", "agent"))
    if toll and not weapons and prev_sentence is not None:
        # "… a police car hit landmines. Six officers were injured.": a toll told after the weapon that caused it
        # (not a weapon word naming something else: "the 19th artillery brigade")
        weapons = [w for w in doc._.dw_weapons if _in_sentence(prev_sentence, w.span)
                   and not (w.span.root.dep_ in ("compound", "amod", "nmod") and w.span.root.head.i >= w.span.end)]
    etype = _resolve_type(etype, tok, weapons)
    actors_in = [m for m in doc._.dw_actors if _in_sentence(sentence, m.span)]
    if _armed_victim(tok, etype, actors_in):
        etype = "armed_clash"
    elif _civilian_victims(tok, etype):
        etype = "attack"
    status, source = _status(tok, sentence, doc._.dw_claim_mentions)
    local_weapons = _means(tok, weapons) or ([w for w in weapons if not _is_object(tok, w.span)]
                                            if etype in VIOLENCE | {"interception"} else [])
    location = _location(tok, sentence, doc._.dw_places, [m.span for m in actors_in])
    actors = _actors(tok, actors_in, weapons, prev_actors)
    draft = _Draft(
        type=etype,
        trigger=tok,
        sentence=sentence,
        definite=definite,
        anaphor_only=anaphor_only,
        date=_date(tok, sentence, doc._.dw_dates, prev_sentence),
        location=location,
        actors=actors,
        targets=_targets(tok, etype),
        weapons=[w.weapon for w in local_weapons],
        status=status,
        source=source,
        mentions=[sentence],
        framed=_framed(tok, etype, weapons, actors_in, location),
        acled=_acled(tok, etype, local_weapons, actors),
        toll=toll,
    )
    return draft


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
            # "Six soldiers died": a death only tells the toll of violence told before it, never an event alone.
            anaphor_only = anaphor_only or tok.lemma_.lower() == "die"
            # "Two people were killed": a toll told after a strike belongs to that strike.
            definite = definite or _definite_clause(tok) or tok.lemma_.lower() in _CASUALTY_VERBS
            draft = _draft(tok, etype, definite, anaphor_only, doc, prev_sentence, seen_actors)
            if not _aggregate(draft):
                here.append(draft)
        # One happening told by several triggers of one clause ("attempted an assassination with a drone strike").
        merged: list[_Draft] = []
        for d in here:
            host = next((m for m in merged if (m.type in HARM) == (d.type in HARM) and (
                (_compatible(m, d, toll=d.toll) and _same_clause(m.trigger, d.trigger))
                # "an explosion occurred after a truck hit a mine", "clashed after the militants threw a grenade"
                or ((m.type == d.type or "armed_clash" in (m.type, d.type)) and _compatible(m, d, toll=True)
                    and _told_as_cause(m.trigger, d.trigger))
                or (m.type in HARM and d.type in HARM and _told_as_outcome(m.trigger, d.trigger)))), None)
            if host is not None:
                host.absorb(d)
            else:
                merged.append(d)
        for d in merged:
            if d.definite or d.anaphor_only:
                # "… clashed with the rebels. The forces destroyed the hideout.": violence its told parties did next
                # is more of the same fighting, as a toll is.
                toll = d.toll or (d.definite and d.type in HARM)
                host = next((p for p in reversed(drafts) if _compatible(p, d, toll=toll)
                             and p.sentence.start != d.sentence.start), None)
                if host is not None:
                    host.absorb(d)
                    continue
            if not d.anaphor_only and d.framed:
                drafts.append(d)
        seen_actors.extend(m for m in doc._.dw_actors if _in_sentence(sentence, m.span))
        prev_sentence = sentence
    _inherit_places(drafts)
    leading = _leading_date(doc)
    if leading is not None:
        first = doc[0].sent.start
        for d in drafts:
            # Every event it tells happened that day ("On 3 March, overnight, …"), unless its clause gives a day.
            if d.date is None or d.date.earliest is None or (d.sentence.start == first and d.date.earliest != d.date.latest):
                d.date = leading
    _counted_tolls(drafts)
    _assign_casualties(drafts, doc._.dw_figure_mentions)
    _lone_victims(drafts)
    _coded_fatalities(doc, drafts)
    _takeover_tolls(drafts)
    zero = [d for d in drafts if d.type in HARM | {"interception"} and any(_casualty_zero(s) for s in d.mentions)]
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
        acled=d.acled or _lex()["acled"].get(d.type),
        status=d.status,
        source=d.source if d.status != "reported" else None,
        evidence=Evidence.from_span(d.mentions[0]),
        mentions=[Evidence.from_span(m) for m in d.mentions],
    )


@Language.factory(
    "dronewatch_events",
    requires=["doc._.dw_actors", "doc._.dw_weapons", "doc._.dw_dates", "doc._.dw_places", "doc._.dw_claim_mentions",
              "doc._.dw_figures"],
    assigns=["doc._.dw_events"],
)
def make_events(nlp: Language, name: str) -> Callable[[Doc], Doc]:
    """The events component; its lexicon is read here, once, so a broken word list fails at pipeline build."""
    _lex()
    return events_component


def events_component(doc: Doc) -> Doc:
    """Set ``doc._.dw_events``: every event the article tells."""
    doc._.dw_events = extract_events(doc)
    return doc
