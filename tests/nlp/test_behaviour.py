"""End-to-end behaviour of the extractors on short invented reports (the real model reads the parse)."""

from datetime import date

import pytest

from dronewatch.config import settings
from dronewatch.ingest.document import Document
from dronewatch.record import Record

spacy_util = pytest.importorskip("spacy.util")
if not spacy_util.is_package(settings.spacy_model):
    pytest.skip(f"spaCy model {settings.spacy_model} is not installed (run `make setup`)", allow_module_level=True)

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def nlp():
    from dronewatch.nlp import load_pipeline

    return load_pipeline()


@pytest.fixture()
def run(nlp):
    from dronewatch.nlp import extract_documents

    def _run(text: str, published: date | None = date(2025, 3, 14)) -> Record:
        [out] = list(extract_documents([Document(source="t.txt", text=text, published=published)], nlp))
        assert isinstance(out, Record), out
        return out

    return _run


def test_strike_with_drone_is_a_drone_strike_with_place_and_resolved_day(run):
    rec = run("On Tuesday, Russian forces struck an apartment block in Sumy with Shahed drones, killing three people.")
    [ev] = rec.events
    assert ev.type == "drone_strike"
    assert ev.acled == "Air/drone strike"
    assert ev.location is not None and ev.location.name in ("Sumy", "Sumy Oblast")
    assert ev.date is not None and ev.date.earliest == ev.date.latest == date(2025, 3, 11)
    assert [a.name for a in ev.actors] == ["Russia"]
    assert ev.casualties.killed == 3
    assert ev.weapons[0].name == "Shahed-136"
    assert rec.article.text[ev.evidence.start:ev.evidence.end] == ev.evidence.text


def test_same_strike_told_twice_is_one_event(run):
    rec = run("Ukrainian drones hit an oil depot in Bryansk on Monday. The attack started a large fire, officials said.")
    strikes = [e for e in rec.events if e.type == "drone_strike"]
    assert len(strikes) == 1
    assert len(strikes[0].mentions) == 2


def test_plans_fears_and_questions_are_not_events(run):
    rec = run(
        "The ministry plans to buy 40 more drones next year. Analysts fear the move could spark new strikes on "
        "Kharkiv. Will Moscow retaliate against Kyiv?"
    )
    assert rec.events == []


def test_attributed_strike_is_claimed_with_its_source(run):
    rec = run("Russia's defence ministry said its missiles destroyed a Ukrainian ammunition depot near Kramatorsk.")
    [ev] = [e for e in rec.events if e.type == "missile_strike"]
    assert ev.status == "claimed"
    assert ev.source is not None and ev.source.name == "Russia"


def test_accusation_met_by_denial_is_disputed(run):
    rec = run("Moscow accused Ukraine of shelling a market in Donetsk with rockets, which Kyiv denied.")
    [ev] = [e for e in rec.events if e.type == "shelling"]
    assert ev.status == "disputed"
    acts = {(c.speaker.name, c.act) for c in rec.claims}
    assert ("Russia", "accuse") in acts and ("Ukraine", "deny") in acts


def test_doubt_word_disputes_the_event(run):
    rec = run("After a so-called strike on a school in Horlivka, the separatists demanded a meeting.")
    assert any(e.status == "disputed" for e in rec.events)


def test_no_casualties_gives_zero_killed(run):
    rec = run("A drone struck a warehouse in Kherson on Friday; no casualties were reported.")
    [ev] = rec.events
    assert ev.casualties.killed == 0


def test_downed_drones_are_an_interception(run):
    rec = run("Air defences shot down 20 drones over the Odesa region overnight, the air force said.")
    assert [e.type for e in rec.events] == ["interception"]


def test_old_spelling_resolves_to_the_same_place(run):
    kiev = run("Drones struck a power plant in Kiev on Sunday.").events[0].location
    kyiv = run("Drones struck a power plant in Kyiv on Sunday.").events[0].location
    assert kiev is not None and kyiv is not None
    assert (round(kiev.lat or 0, 1), round(kiev.lon or 0, 1)) == (round(kyiv.lat or 0, 1), round(kyiv.lon or 0, 1))


def test_speaker_is_followed_across_mentions(run):
    rec = run(
        "Ukrainian Foreign Minister Andrii Sybiha said the attack was deliberate. "
        "The minister also urged allies to send more air defence systems. "
        "He warned that Russia was preparing a new offensive."
    )
    assert [c.speaker.name for c in rec.claims] == ["Andrii Sybiha"] * 3
    assert [c.act for c in rec.claims] == ["claim", "demand", "warn"]
    assert rec.claims[0].speaker.affiliation == "UA"


def test_unnamed_speakers_have_no_name(run):
    rec = run("Military analysts said the offensive had stalled near Pokrovsk.")
    [claim] = rec.claims
    assert claim.speaker.name is None


def test_quoted_words_are_direct_speech(run):
    rec = run('"We will respond to every attack," Dmitry Peskov told reporters.')
    [claim] = rec.claims
    assert claim.direct and claim.speaker.name == "Dmitry Peskov"


def test_written_numbers_and_qualifiers(run):
    rec = run(
        "The war has killed tens of thousands of people. At least two civilians were injured in Kharkiv, "
        "and nearly 3,000 troops were moved to the border."
    )
    got = {(f.kind, f.value, f.qualifier) for f in rec.figures}
    assert ("killed", 10000, "over") in got
    assert ("injured", 2, "at least") in got
    assert ("troops", 3000, "nearly") in got


def test_years_and_durations_are_not_figures(run):
    rec = run("In 2019 the ten-year conflict entered its 24 hours of ceasefire talks.")
    assert rec.figures == []


def test_figure_takes_its_source_from_attribution(run):
    rec = run("According to the regional governor, 12 people were killed.")
    [fig] = rec.figures
    assert fig.source is not None and fig.source.text.endswith("governor")


def test_naming_counts_side_signalling_spellings(run):
    rec = run("Officials in Kiev met. Kiev's envoy spoke. Later, Kyiv said nothing about Lugansk.")
    assert rec.framing.naming["Kiev"] == 2
    assert rec.framing.naming["Kyiv"] == 1
    assert rec.framing.naming["Lugansk"] == 1


def test_loaded_terms_come_from_the_outlet_not_its_quotes(run):
    rec = run('The Kiev regime recklessly shelled the town. "They are heroes," a resident said.')
    texts = [t.text for t in rec.framing.loaded]
    assert "regime" in texts and "recklessly" in texts
    assert not any("heroes" in t for t in texts)
    assert rec.framing.stance["UA"] < 0
