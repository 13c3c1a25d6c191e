"""Outlet profiles: spelling, loaded language, side, and the other side's claims told as fact."""

from __future__ import annotations

from dronewatch.merge import find_incidents, outlet_key, profile_outlets, refs_of
from dronewatch.record import Evidence, Framing, LoadedTerm, Record


def _record(article, name, outlet, naming, stance, events=(), loaded=0):
    text = "word " * 100
    terms = [LoadedTerm(text="regime", category="name_calling", evidence=Evidence(start=0, end=4, text="word"))]
    return Record(article=article(name, outlet, "2024-03-12", text), events=list(events),
                  framing=Framing(naming=naming, stance=stance, loaded=terms * loaded))


def test_outlet_that_writes_kiev_and_favours_moscow_leans_to_russia(article):
    [profile] = profile_outlets([_record(article, "a", "Moscow Paper", {"Kiev": 3, "Kyiv": 1}, {"RU": 0.6, "UA": -0.5},
                                         loaded=2)])
    assert profile.russian_spelling_share == 0.75
    assert profile.side == "RU"
    assert profile.loaded_per_1000_words == 20.0


def test_outlet_that_tells_the_other_sides_claim_in_its_own_voice_is_counted(article, event):
    claimed = event(status="claimed", source="Russia's defence ministry")
    records = [
        _record(article, "a", "Moscow Paper", {"Kiev": 2}, {"RU": 0.5, "UA": -0.5}, [event()]),
        _record(article, "b", "Wire", {"Kyiv": 2}, {}, [claimed]),
        _record(article, "c", "Kyiv Paper", {"Kyiv": 2}, {"UA": 0.6, "RU": -0.4}, [claimed]),
    ]
    incidents = find_incidents([r for rec in records for r in refs_of(rec)])
    profiles = {p.outlet: p for p in profile_outlets(records, incidents)}
    assert profiles["Kyiv Paper"].as_fact_rate == 0.0
    assert profiles["Wire"].as_fact_rate == 0.0
    assert profiles["Moscow Paper"].other_side_claims == 0


def test_masthead_short_name_and_web_host_profile_as_one_outlet(article):
    records = [_record(article, "a", "The Kyiv Independent", {"Kyiv": 2}, {}),
               _record(article, "b", "kyivindependent.com", {"Kyiv": 1}, {}),
               _record(article, "c", "Kyiv Independent", {"Kyiv": 1}, {})]
    [profile] = profile_outlets(records)
    assert profile.outlet == "Kyiv Independent"
    assert (profile.articles, profile.naming) == (3, {"Kyiv": 4})


def test_outlet_key_reads_hosts_as_their_registered_name():
    assert outlet_key("edition.cnn.com") == outlet_key("CNN")
    assert outlet_key("https://www.bbc.co.uk/news") == outlet_key("BBC")
    assert outlet_key("theguardian.com") == outlet_key("The Guardian")
    assert outlet_key("Kyiv Post") != outlet_key("Kyiv Independent")
