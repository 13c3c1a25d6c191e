"""Claims read from invented reports: speaker, act, content, direct or reported speech, and speaker coreference."""

from collections.abc import Callable
from datetime import date

import pytest

from dronewatch.nlp.claims import quoted_ranges
from dronewatch.record import Claim, Record

pytestmark = pytest.mark.model


def _only(record: Record) -> Claim:
    assert len(record.claims) == 1, [(c.speaker.text, c.act) for c in record.claims]
    return record.claims[0]


@pytest.mark.parametrize(
    ("text", "speaker", "act"),
    [
        ("Moscow accused Kyiv of shelling a bus station in Horlivka.", "Russia", "accuse"),
        ("The Ukrainian army denied that its units had crossed the border.", "Ukraine", "deny"),
        ("Defence Minister Olga Varenko warned that further strikes on the port would be answered.",
         "Olga Varenko", "warn"),
        ("Mayor Ihor Lenko urged allies to send more generators.", "Ihor Lenko", "demand"),
        ("Ukraine's foreign ministry called on allies to supply more air defence systems.", "Ukraine", "demand"),
        ("Turkey proposed a ceasefire along the whole front line.", "Turkey", "propose"),
        ("The Kremlin rejected the peace plan put forward by Kyiv.", "Russia", "reject"),
        ("Chancellor Peter Holm praised the courage of Ukrainian firefighters.", "Peter Holm", "praise"),
        ("Poland's foreign ministry condemned the drone incursion into Polish airspace.", "Poland", "criticize"),
        ("Ukraine's defence ministry announced that it had received a new batch of interceptors.",
         "Ukraine", "announce"),
        ("Kremlin spokesman Dmitry Peskov claimed that Western instructors were operating the drones.",
         "Dmitry Peskov", "claim"),
    ],
    ids=["accuse", "deny", "warn", "urge", "call-on", "propose", "reject", "praise", "condemn", "announce", "claim"],
)
def test_cue_gives_the_speech_act_of_its_speaker(extract: Callable[..., Record], text: str, speaker: str, act: str) -> None:
    claim = _only(extract(text))
    assert (claim.speaker.name, claim.act) == (speaker, act)


def test_accusation_and_its_denial_are_both_claims(extract: Callable[..., Record]) -> None:
    rec = extract("Moscow accused Kyiv of shelling a bus station in Horlivka, which Ukraine denied.")
    assert [(c.speaker.name, c.act) for c in rec.claims] == [("Russia", "accuse"), ("Ukraine", "deny")]


def test_accusation_is_about_the_accused(extract: Callable[..., Record]) -> None:
    claim = _only(extract("Moscow accused Kyiv of shelling a bus station in Horlivka."))
    assert claim.about == ["Ukraine"]


def test_negated_cue_is_not_a_claim(extract: Callable[..., Record]) -> None:
    assert extract("The ministry did not say how many drones were launched.").claims == []


# --- direct and reported speech ------------------------------------------------------------------------------


def test_quoted_words_are_direct_speech_without_the_quotation_marks(extract: Callable[..., Record]) -> None:
    claim = _only(extract("“We will not let the city freeze,” Mayor Ihor Lenko said on Monday."))
    assert claim.direct is True
    assert claim.content == "We will not let the city freeze"
    assert claim.speaker.name == "Ihor Lenko"


def test_reported_clause_is_indirect_speech(extract: Callable[..., Record]) -> None:
    claim = _only(extract("Mayor Ihor Lenko said on Monday that the city would not freeze."))
    assert claim.direct is False
    assert "the city would not freeze" in claim.content


def test_statement_is_dated_by_the_day_it_was_said(extract: Callable[..., Record]) -> None:
    claim = _only(extract("Mayor Ihor Lenko said on Monday that the city would not freeze."))
    assert claim.date is not None and claim.date.earliest == claim.date.latest == date(2025, 3, 10)


def test_according_to_attributes_the_preceding_clause(extract: Callable[..., Record]) -> None:
    claim = _only(extract("Ukrainian drones hit an oil refinery in Saratov overnight, according to Russia's "
                          "defence ministry."))
    assert (claim.cue, claim.act, claim.speaker.name) == ("according to", "claim", "Russia")
    assert claim.content == "Ukrainian drones hit an oil refinery in Saratov overnight"


def test_trailing_attribution_to_an_institution_is_a_claim(extract: Callable[..., Record]) -> None:
    claim = _only(extract("Air defences downed 25 drones on Saturday, the air force said."))
    assert claim.speaker.text == "the air force"


def test_the_ministry_is_the_ministry_named_before(extract: Callable[..., Record]) -> None:
    rec = extract("Russia's defence ministry said 40 drones were shot down. The ministry added that nobody was hurt.")
    assert [(c.speaker.text, c.speaker.name) for c in rec.claims] == [
        ("Russia's defence ministry", "Russia"),
        ("The ministry", "Russia"),
    ]


# --- speakers ------------------------------------------------------------------------------------------------


def test_speaker_is_followed_through_title_and_pronoun(extract: Callable[..., Record]) -> None:
    rec = extract(
        "Minister Jane Roe said the shelter network had been expanded. The minister added that repairs would take "
        "months. She called for more generators."
    )
    assert [(c.speaker.text, c.speaker.name) for c in rec.claims] == [
        ("Minister Jane Roe", "Jane Roe"),
        ("The minister", "Jane Roe"),
        ("She", "Jane Roe"),
    ]
    assert [c.act for c in rec.claims] == ["claim", "claim", "demand"]


def test_speaker_introduced_outside_a_claim_is_followed(extract: Callable[..., Record]) -> None:
    rec = extract(
        "Minister Jane Roe visited the damaged hospital on Monday. The minister said repairs would take months. "
        "She called for more generators."
    )
    assert [c.speaker.name for c in rec.claims] == ["Jane Roe", "Jane Roe"]


def test_unnamed_analysts_have_no_name(extract: Callable[..., Record]) -> None:
    claim = _only(extract("Analysts said the attacks were meant to exhaust Ukraine's air defences."))
    assert (claim.speaker.text, claim.speaker.name) == ("Analysts", None)


def test_unnamed_official_keeps_the_affiliation_of_his_title(extract: Callable[..., Record]) -> None:
    rec = extract("“The regime in Kiev is a puppet of the West,” the Russian ambassador said.")
    claim = _only(rec)
    assert (claim.speaker.name, claim.speaker.affiliation) == (None, "RU")


def test_title_before_a_name_gives_role_and_affiliation(extract: Callable[..., Record]) -> None:
    claim = _only(extract("Ukrainian Foreign Minister Andrii Sybiha said the strike was a war crime."))
    assert claim.speaker.name == "Andrii Sybiha"
    assert (claim.speaker.role, claim.speaker.affiliation) == ("Ukrainian Foreign Minister", "UA")


def test_known_official_by_a_variant_spelling_gets_the_canonical_name(extract: Callable[..., Record]) -> None:
    claim = _only(extract("Zelenskiy said the front was holding."))
    assert (claim.speaker.name, claim.speaker.affiliation) == ("Volodymyr Zelensky", "UA")


def test_capital_as_speaker_is_its_state(extract: Callable[..., Record]) -> None:
    claim = _only(extract("Kyiv's military intelligence warned that Moscow was preparing a new offensive."))
    assert (claim.speaker.name, claim.act) == ("Ukraine", "warn")


def test_ministry_in_a_capital_speaks_for_its_state(extract: Callable[..., Record]) -> None:
    claim = _only(extract("The foreign ministry in Warsaw condemned the drone incursion into Polish airspace."))
    assert (claim.speaker.name, claim.act) == ("Poland", "criticize")


def test_claim_evidence_is_its_sentence_in_the_article(extract: Callable[..., Record]) -> None:
    rec = extract("Drones flew over the city. Mayor Ihor Lenko said on Monday that the city would not freeze.")
    claim = _only(rec)
    assert rec.article.text[claim.evidence.start:claim.evidence.end] == claim.evidence.text
    assert claim.evidence.text == "Mayor Ihor Lenko said on Monday that the city would not freeze."


def test_surname_alone_opening_a_sentence_is_the_person_named_before(extract: Callable[..., Record]) -> None:
    record = extract("Envoy Tamar Oskolkov said the talks had stalled. Oskolkov criticized the mediators for "
                     "their slow pace, noting that the deadline had passed.")
    assert [c.speaker.name for c in record.claims] == ["Tamar Oskolkov", "Tamar Oskolkov"]


def test_person_named_after_a_title_speaks_under_that_name(extract: Callable[..., Record]) -> None:
    claim = _only(extract("Polish Foreign Ministry Spokesperson Ulla Brekke said that the convoy had arrived."))
    assert claim.speaker.name == "Ulla Brekke"
    assert claim.speaker.affiliation == "PL"


def test_a_view_held_in_a_relative_clause_is_no_statement(extract: Callable[..., Record]) -> None:
    record = extract("The talks stalled over the islands that Ruritania regards as its own.")
    assert record.claims == []


def test_quotation_running_on_into_the_next_sentence_is_the_same_claim(extract: Callable[..., Record]) -> None:
    record = extract("Governor Ilse Marten said on Monday that “the port is open. A drone struck a crane there "
                     "last night.” Ships kept sailing.")
    claim = _only(record)
    assert "A drone struck a crane" in claim.evidence.text
    strike = next(e for e in record.events if e.type == "drone_strike")
    assert strike.status == "claimed" and strike.source is not None and strike.source.name == "Ilse Marten"


def test_announcing_a_thing_is_not_a_statement(extract: Callable[..., Record]) -> None:
    """"announced a joint programme" is an act; "announced that …" reports something."""
    assert extract("Norway and Finland have announced a joint programme to build radars.").claims == []
    assert _only(extract("Norway announced that its frigates would escort the convoy.")).act == "announce"


def test_a_passage_opening_inside_a_quote_is_quoted_up_to_its_closing_mark() -> None:
    text = "We will not give in.” The talks ended.\n\nHe said “enough” twice."
    assert [text[s:e] for s, e in quoted_ranges(text)] == ["We will not give in.", "“enough"]


def test_a_quote_left_open_runs_to_the_end_of_its_paragraph() -> None:
    text = "She recalled “the long winter\n\nNext paragraph."
    assert [text[s:e] for s, e in quoted_ranges(text)] == ["“the long winter"]
