"""Who says so, on headline and wire shapes: an event inside an attributed clause is the speaker's claim, never
the outlet's fact. Every sentence here is invented."""

from collections.abc import Callable

import pytest

from dronewatch.record import Event, Record

pytestmark = pytest.mark.model


def _event(record: Record) -> Event:
    violent = [e for e in record.events if e.type != "negotiation"]
    assert violent, [(e.type, e.trigger) for e in record.events]
    return violent[0]


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ("Drone strike destroyed a grain silo near Bilozerka, district council says.", "district council"),
        ("Two firefighters killed in shelling of Orikhiv, says the regional governor.", "governor"),
        ("Fuel depot destroyed in overnight missile strike, according to the regional military administration.",
         "administration"),
        ("Ammunition train derailed by explosion near Dzhankoi, Russian-installed officials claim.", "officials"),
        ("Three workers killed in missile strike on power plant in Burshtyn, energy company told reporters.", "energy company"),
        ("Three civilians killed by shelling in Nikopol, the monitoring group reported.", "monitoring group"),
        ("Artillery shelled the outskirts of Vovchansk overnight, citing local police.", "police"),
        ("Ukraine's navy says its drones struck a patrol vessel off the coast.", "navy"),
        ("Regional governor claims a missile struck a school in Sumy.", "governor"),
        ("Moscow-appointed mayor reports shelling of the central market.", "mayor"),
    ],
    ids=["x-says", "says-x", "according-to", "x-claims", "x-told-y", "x-reported", "citing-x", "lead-says",
         "lead-claims", "lead-reports"],
)
def test_event_inside_an_attributed_headline_is_the_speakers_claim(
    extract: Callable[..., Record], text: str, speaker: str
) -> None:
    event = _event(extract(text))
    assert event.status == "claimed"
    assert event.source is not None and speaker in event.source.text.lower()


def test_passive_report_is_no_speaker(extract: Callable[..., Record]) -> None:
    """"Dozens reported killed" names no one who reported it: no claim is made up."""
    record = extract("Dozens reported killed in strike on barracks in Zhytomyr.")
    assert record.claims == []


def test_unknown_noun_phrase_opening_a_past_report_is_not_a_speaker(extract: Callable[..., Record]) -> None:
    record = extract("Several blasts reported near an air base in Saky.")
    assert record.claims == []


def test_speaker_resolves_to_its_state(extract: Callable[..., Record]) -> None:
    record = extract("Drone shot down over Kursk region, Russia's defence ministry says.")
    event = _event(record)
    assert event.status == "claimed" and event.source is not None and event.source.name == "Russia"


def test_attribution_in_the_next_sentence_covers_the_event(extract: Callable[..., Record]) -> None:
    record = extract("A drone strike on the bus depot killed four drivers. That's according to the regional governor.")
    event = _event(record)
    assert event.status == "claimed"
    assert event.source is not None and "governor" in event.source.text


def test_attribution_cut_off_as_its_own_sentence_covers_the_one_before(extract: Callable[..., Record]) -> None:
    record = extract("At least 6 killed in rocket strikes on Pokrovsk. This was reported by the city administration.")
    event = _event(record)
    assert event.status == "claimed"
    assert event.source is not None and "administration" in event.source.text


def test_paragraph_introduced_by_a_speaker_is_theirs(extract: Callable[..., Record]) -> None:
    text = ("The air force said in a statement on Telegram:\n\n"
            "A missile hit a warehouse in Brovary overnight. Two guards were wounded.\n\n"
            "Separately, a drone strike damaged a substation in Shostka.")
    record = extract(text)
    by_trigger = {e.evidence.text: e for e in record.events}
    warehouse = next(e for t, e in by_trigger.items() if "warehouse" in t)
    substation = next(e for t, e in by_trigger.items() if "substation" in t)
    assert warehouse.status == "claimed" and warehouse.source is not None
    assert "air force" in warehouse.source.text
    assert substation.status == "reported"


def test_a_bare_said_does_not_reach_back(extract: Callable[..., Record]) -> None:
    """Only words pointing back ("that", "this") carry an attribution to the sentence before."""
    record = extract("A drone hit a fuel depot in Novoshakhtinsk. Officials said the fire was out by noon.")
    depot = next(e for e in record.events if "depot" in e.evidence.text)
    assert depot.status == "reported"


def test_rejection_by_a_second_party_disputes_the_claim(extract: Callable[..., Record]) -> None:
    record = extract("A missile strike destroyed a training camp near Yavoriv, Russia's defence ministry says. "
                     "Ukraine's military denied the claim.")
    event = _event(record)
    assert event.status == "disputed"


def test_second_speaker_answering_after_but_disputes_the_claim(extract: Callable[..., Record]) -> None:
    record = extract("Russia's defence ministry says its troops captured the village of Novoselivka, but Ukraine's "
                     "army says fighting there goes on.")
    captured = next(e for e in record.events if e.type == "territorial_change")
    assert captured.status == "disputed"


def test_the_outlets_own_attribution_names_the_source(extract: Callable[..., Record]) -> None:
    """In a claim reported inside another claim, the source is the one the outlet cites."""
    record = extract("Ukrainian gunners claim to have shot down a Russian helicopter near Siversk, the general "
                     "staff says.")
    event = next(e for e in record.events if e.type == "interception")
    assert event.source is not None and "general staff" in event.source.text


def test_calling_an_incident_something_is_a_claim_about_it(extract: Callable[..., Record]) -> None:
    record = extract("The Ruritanian Foreign Ministry called the blast at the depot an air strike.")
    event = next(e for e in record.events if e.type == "air_strike")
    assert event.status == "claimed"


def test_a_person_named_before_a_colon_speaks_the_headline(extract: Callable[..., Record]) -> None:
    record = extract("Victoria Halloran: At least 40 soldiers killed in shelling of the border village.")
    event = _event(record)
    assert event.status == "claimed" and event.source is not None and "Halloran" in event.source.text


def test_a_dateline_before_a_colon_is_no_speaker(extract: Callable[..., Record]) -> None:
    record = extract("KHARKIV: Two people were killed in a drone strike on a market.")
    assert _event(record).status == "reported"


@pytest.mark.parametrize(
    "text",
    [
        "Two soldiers reported killed in a Russian drone strike on barracks in Zhytomyr.",
        "Shelling reported in the centre of Vovchansk overnight.",
        "Trains halted after reports of a drone attack on a rail bridge near Kursk.",
        "Two guards were reportedly killed in a drone strike on the depot.",
    ],
    ids=["reported-killed", "shelling-reported", "after-reports-of", "reportedly"],
)
def test_a_hedged_report_is_a_claim_of_an_unnamed_source_not_the_outlets_fact(
    extract: Callable[..., Record], text: str
) -> None:
    """Passed on without a speaker ("reported", "reportedly", "reports of"), an event is nobody's fact."""
    event = _event(extract(text))
    assert event.status == "claimed"
    assert event.source is not None and event.source.name is None


def test_an_outlets_own_account_stays_reported(extract: Callable[..., Record]) -> None:
    event = _event(extract("Artillery shelled the outskirts of Vovchansk overnight, damaging two houses."))
    assert event.status == "reported"


@pytest.mark.parametrize(
    ("text", "source"),
    [
        ('"Our street was shelled all night," a Kupiansk pensioner says.', "pensioner"),
        ("Drone strike hit a bus depot in Kherson, a local volunteer tells reporters.", "volunteer"),
        ("Huge explosion seen at a Russian fuel depot in Crimea, according to footage shared online.", "footage"),
    ],
    ids=["unknown-noun-says", "unknown-noun-tells", "according-to-anything"],
)
def test_a_source_no_lexicon_knows_still_makes_a_claim(
    extract: Callable[..., Record], text: str, source: str
) -> None:
    event = _event(extract(text))
    assert event.status == "claimed"
    assert event.source is not None and source in event.source.text


def test_a_verb_that_speaks_only_with_its_particle_needs_it(extract: Callable[..., Record]) -> None:
    """"called for talks" and "ruled out talks" speak; "called the brigade back" and "ruled the town" do not."""
    assert [c.act for c in extract("The governor ruled out talks after the drone strike on the bridge.").claims] \
        == ["reject"]
    assert extract("The commander called the brigade back after the drone strike on the bridge.").claims == []


@pytest.mark.parametrize(
    ("text", "source"),
    [
        ("Artillery fire kills two farmers near Orikhiv - Zaporizhzhia Regional Administration", "Administration"),
        ("Four soldiers killed in mortar attack on checkpoint in the east: military", "military"),
        ("Farmer killed in shelling near Vuhledar -regional police", "police"),
        ("Three soldiers killed in overnight fighting: Kiev officials", "Kiev officials"),
        ("Mortar fire kills two miners at coal pit - Lysychansk Vuhillia", "Lysychansk Vuhillia"),
        ("Two fighters killed in shelling near Horlivka - people's militia", "militia"),
        ("Bus driver killed by landmine on the road to Shchastia - eyewitnesses", "eyewitnesses"),
    ],
    ids=["dash-signed", "colon-signed", "dash-glued-to-source", "signature-cut-off-by-parser",
         "name-the-tagger-misreads", "militia", "eyewitnesses"],
)
def test_a_wire_headline_signed_by_its_source_is_that_sources_claim(
    extract: Callable[..., Record], text: str, source: str
) -> None:
    event = _event(extract(text))
    assert event.status == "claimed"
    assert event.source is not None and source in event.source.text


def test_a_phrase_after_a_dash_is_not_a_source(extract: Callable[..., Record]) -> None:
    event = _event(extract("Russian shelling killed two people in Kherson on Monday - a mother and her son."))
    assert event.status == "reported"


def test_a_page_furniture_after_a_dash_is_not_a_source(extract: Callable[..., Record]) -> None:
    record = extract("Drone strike kills three in Tula - Live Updates")
    assert [e.status for e in record.events] == ["reported"]
    assert record.claims == []


def test_a_headline_speaker_covers_the_whole_line(extract: Callable[..., Record]) -> None:
    """The parse of "X says A, B" often stops after A; the headline's shape gives X all of it."""
    record = extract("Kyiv says one guard killed, four wounded in drone strike on Okhtyrka")
    assert record.events and all(e.status == "claimed" for e in record.events)
    assert all(e.source is not None and e.source.text == "Kyiv" for e in record.events)


def test_a_quote_running_over_sentences_is_all_the_speakers(extract: Callable[..., Record]) -> None:
    record = extract('"The school was shelled twice... Nobody is safe here," a Bilozerka resident says.')
    event = _event(record)
    assert event.status == "claimed" and event.source is not None and "resident" in event.source.text


def test_a_rubric_before_the_speaker_is_what_the_speaker_reports(extract: Callable[..., Record]) -> None:
    event = _event(extract("Update on the fighting: Ukraine reports heavy shelling near Kupiansk."))
    assert event.status == "claimed" and event.source is not None and event.source.text == "Ukraine"


def test_a_warning_of_an_attack_is_no_attack(extract: Callable[..., Record]) -> None:
    record = extract("The navy warns of another missile attack on Mykolaiv.")
    assert [e for e in record.events if e.type != "negotiation"] == []


def test_a_warning_after_an_attack_keeps_the_attack(extract: Callable[..., Record]) -> None:
    record = extract("The governor warned of more strikes after a missile attack hit a school in Sumy on Tuesday.")
    assert [e.type for e in record.events] == ["missile_strike"]


def test_a_doubted_event_inside_a_claim_is_disputed_with_its_source(extract: Callable[..., Record]) -> None:
    event = _event(extract("Nobody has confirmed the alleged drone attack on the refinery, a senior official says."))
    assert event.status == "disputed" and event.source is not None and "official" in event.source.text


def test_a_pronoun_does_not_replace_the_speakers_name(extract: Callable[..., Record]) -> None:
    event = _event(extract("The Kremlin says it welcomes reports that Ukraine was behind the bombing in Kursk."))
    assert event.source is not None and event.source.text == "The Kremlin"


def test_only_verbs_of_saying_put_their_speaker_after_them(extract: Callable[..., Record]) -> None:
    """"…, accuses the rebels of …": the rebels are accused, not the speaker."""
    record = extract("Polish minister says drone strike hit a border post, accuses the rebels of lying.")
    event = _event(record)
    assert event.source is not None and "minister" in event.source.text
    assert all("rebels" not in c.speaker.text for c in record.claims)


def test_a_person_reported_dead_passes_the_attack_on(extract: Callable[..., Record]) -> None:
    event = _event(extract("A second man reported dead following drone attack on Nikopol."))
    assert event.status == "claimed"


def test_showing_is_no_demonstration(extract: Callable[..., Record]) -> None:
    """"demonstrates the reach" shows; "thousands demonstrated" protest."""
    assert "protest" not in [e.type for e in extract("The blast at the depot demonstrates the reach of the drones.").events]
    assert "protest" in [e.type for e in extract("Thousands of people demonstrated in Tbilisi on Sunday.").events]


@pytest.mark.parametrize(
    ("text", "source"),
    [
        ("Regional police chief: 4 killed after rocket strike hits market in Kostiantynivka", "police chief"),
        ("Poland's defence ministry: a Russian missile fell on a village near the border", "defence ministry"),
        ("Kremlin: Ukrainian drones struck a refinery in Tuapse overnight", "Kremlin"),
    ],
    ids=["unnamed", "body", "seat-of-a-body"],
)
def test_a_speaker_before_a_colon_opens_its_words(extract: Callable[..., Record], text: str, source: str) -> None:
    event = _event(extract(text))
    assert event.status == "claimed" and event.source is not None and source in event.source.text


@pytest.mark.parametrize(
    "text",
    ["Syria: Russian airstrikes killed 10 people in a market town near Idlib",
     "KHARKIV: Russian missiles hit a power plant overnight",
     "Analysis: The drone strike on the airbase in Saky was a turning point"],
    ids=["country-rubric", "dateline", "rubric"],
)
def test_a_place_or_rubric_before_a_colon_is_no_speaker(extract: Callable[..., Record], text: str) -> None:
    record = extract(text)
    assert record.events and all(e.status == "reported" for e in record.events)


def test_an_attribution_between_commas_covers_the_line(extract: Callable[..., Record]) -> None:
    """"…, the regional head says, but …": the closing attribution need not end the line."""
    record = extract("Jets destroy a bridge near Chernihiv, the regional head says, but aid convoys still get through")
    event = _event(record)
    assert event.status == "claimed" and event.source is not None and "regional head" in event.source.text


def test_a_name_is_no_reporting_verb(extract: Callable[..., Record]) -> None:
    """"the United States" ends in "States", which a headline cue list holds as "states"."""
    record = extract("Moscow left the treaty, an accord with the United States, after the strike on the depot.")
    assert all("United" not in c.speaker.text for c in record.claims)
