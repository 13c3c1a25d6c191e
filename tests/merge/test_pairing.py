"""Accusation and denial pairs, within an article and across articles."""

from __future__ import annotations

from dataclasses import replace

from dronewatch.merge import claim_refs, pair_claims
from dronewatch.record import Claim, Evidence, Record, Speaker

ACCUSE = "Moscow accused Kyiv of sending drones against the Belgorod power station."
DENY = "Kyiv denied sending drones against the Belgorod power station."


def _claim(act, speaker, content, start=0, about=()):
    text = f"{speaker} {act} {content}"
    return Claim(speaker=Speaker(text=speaker, name=speaker), cue=act, act=act, content=content,
                 about=list(about), evidence=Evidence(start=start, end=start + len(text), text=text))


def test_denial_in_the_same_article_pairs_with_the_accusation(article):
    record = Record(article=article("a", "Wire One", text=ACCUSE + " " + DENY), claims=[
        _claim("accuse", "Moscow", "Kyiv sent drones against the power station"),
        _claim("deny", "Kyiv", "sending drones", start=len(ACCUSE) + 1),
    ])
    refs = claim_refs(record)
    [pair] = pair_claims(refs)
    assert (pair.accusation, pair.denial) == (refs[0].key, refs[1].key)
    assert pair.reasons[0] == "RU speaker against UA speaker"


def test_two_claims_from_one_side_do_not_pair(article):
    record = Record(article=article("a", "Wire One"), claims=[
        _claim("accuse", "Moscow", "Kyiv sent drones"), _claim("deny", "the Kremlin", "any talks"),
    ])
    assert pair_claims(claim_refs(record)) == []


def test_claims_about_events_of_one_incident_pair_across_articles(article, event):
    event = event(text="Drones struck the Belgorod power station.")
    accusing = Record(article=article("a", "Moscow Paper", "2024-03-12"), events=[event],
                      claims=[_claim("accuse", "Russia's defence ministry", "a terrorist attack by Kyiv")])
    denying = Record(article=article("b", "Kyiv Paper", "2024-03-13"), events=[event],
                     claims=[_claim("deny", "Ukraine's general staff", "any role")])
    refs = claim_refs(accusing, {0: "inc-1"}) + claim_refs(denying, {0: "inc-1"})
    [pair] = pair_claims(refs)
    assert "about the same incident inc-1" in pair.reasons


def test_unrelated_denial_in_another_article_does_not_pair(article):
    accusing = Record(article=article("a", "Moscow Paper", "2024-03-12"),
                      claims=[_claim("accuse", "Moscow", "Kyiv shelled a school in Horlivka")])
    denying = Record(article=article("b", "Kyiv Paper", "2024-03-13"),
                     claims=[_claim("deny", "Kyiv", "reports of troop losses near Avdiivka")])
    assert pair_claims(claim_refs(accusing) + claim_refs(denying)) == []


def test_two_claims_of_one_sentence_get_their_own_keys(article):
    record = Record(article=article("a", "Wire One", text=ACCUSE), claims=[
        _claim("accuse", "Moscow", "Kyiv sent drones"), _claim("accuse", "Moscow", "Kyiv sent drones"),
    ])
    assert len({c.key for c in claim_refs(record)}) == 2


def test_a_denial_answers_the_nearest_claim_not_every_claim_of_the_other_side(article):
    """One "Kyiv denied it" in an article of several Russian claims answers the one it follows."""
    claims = [
        _claim("claim", "Russia's defence ministry", "its forces took a village in the east", start=0),
        _claim("claim", "Moscow", "a bridge was hit by a missile", start=200),
        _claim("claim", "the Kremlin", "air defences downed forty drones", start=400),
        _claim("deny", "Kyiv", "it", start=520),
    ]
    record = Record(article=article("a", "Wire One", text="x" * 600), claims=claims)
    refs = claim_refs(record)
    [pair] = pair_claims(refs)
    assert (pair.accusation, pair.denial) == (refs[2].key, refs[3].key)


def test_a_denial_about_an_incident_answers_only_that_incident_s_claims(article):
    """A denial tied to one incident does not answer a claim about another incident, however alike."""
    said = "Kyiv sent drones against the Belgorod power station"
    accusing = Record(article=article("a", "Moscow Paper", "2024-03-12"),
                      claims=[_claim("accuse", "Moscow", said), _claim("accuse", "Moscow", said, start=900)])
    denying = Record(article=article("b", "Kyiv Paper", "2024-03-13"),
                     claims=[_claim("deny", "Kyiv", "sending drones against the Belgorod power station")])
    first, second = claim_refs(accusing)
    first, second = replace(first, incidents=frozenset({"inc-1"})), replace(second, incidents=frozenset({"inc-2"}))
    denial = replace(claim_refs(denying)[0], incidents=frozenset({"inc-1"}))
    [pair] = pair_claims([first, second, denial])
    assert pair.accusation == first.key
