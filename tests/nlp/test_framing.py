"""Framing of invented passages: side-signalling spellings, loaded terms by category, opinion markers, stance.

Framing reads words and sentences, not the parse, so most tests run on ``spacy.blank("en")`` with a
sentencizer and the component; the noun a loaded adjective qualifies needs the real model's parse.
"""

from collections.abc import Callable

import pytest
import spacy
from spacy.language import Language

from dronewatch.nlp import framing  # noqa: F401 (registers the component)
from dronewatch.record import Framing, Record


@pytest.fixture(scope="module")
def blank() -> Language:
    pipeline = spacy.blank("en")
    pipeline.add_pipe("sentencizer")
    pipeline.add_pipe("dronewatch_framing")
    return pipeline


def _framing(blank: Language, text: str) -> Framing:
    out: Framing = blank(text)._.dw_framing
    return out


def _loaded(blank: Language, text: str) -> list[tuple[str, str]]:
    return [(t.text, t.category) for t in _framing(blank, text).loaded]


# --- naming --------------------------------------------------------------------------------------------------


def test_naming_counts_each_spelling_including_the_possessive(blank: Language) -> None:
    text = "Kiev's mayor spoke in Kiev on Monday, while Kyiv residents queued for water. Lugansk was quiet."
    naming = _framing(blank, text).naming
    assert naming == {"Kiev": 2, "Kyiv": 1, "Lugansk": 1, "Luhansk": 0}


def test_naming_ignores_longer_words_that_start_with_a_spelling(blank: Language) -> None:
    assert _framing(blank, "Kievan Rus was a medieval state.").naming == {}


def test_naming_counts_a_spelling_in_a_hyphenated_compound(blank: Language) -> None:
    assert _framing(blank, "Kiev-based analysts disagreed.").naming == {"Kiev": 1, "Kyiv": 0}


def test_naming_is_empty_when_no_signalling_spelling_occurs(blank: Language) -> None:
    assert _framing(blank, "Drones hit a depot near the border.").naming == {}


# --- loaded terms --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "term", "category"),
    [
        ("The warmongers in Brussels want more of it.", "warmongers", "name_calling"),
        ("The army recklessly shelled the town.", "recklessly", "loaded_language"),
        ("The so-called referendum was held anyway.", "so-called", "doubt"),
        ("It was an unprecedented fraud.", "unprecedented", "exaggeration"),
        ("Europe is being pushed toward a world war.", "world war", "appeal_to_fear"),
        ("The brave defenders held the line.", "brave defenders", "flag_waving"),
    ],
    ids=["name_calling", "loaded_language", "doubt", "exaggeration", "appeal_to_fear", "flag_waving"],
)
def test_loaded_term_has_its_category(blank: Language, text: str, term: str, category: str) -> None:
    assert (term, category) in _loaded(blank, text)


def test_neutral_report_has_no_loaded_terms(blank: Language) -> None:
    assert _loaded(blank, "Drones hit a fuel depot in Novorossiysk on Sunday night.") == []


def test_words_in_double_quotes_are_not_the_outlets_loaded_terms(blank: Language) -> None:
    terms = _loaded(blank, 'The army recklessly shelled the town. "They are heroes," a resident said.')
    assert terms == [("recklessly", "loaded_language")]


def test_words_in_single_quotes_are_not_the_outlets_loaded_terms(blank: Language) -> None:
    assert _loaded(blank, "‘They are heroes,’ a resident said of the firefighters.") == []


def test_loaded_term_evidence_points_at_its_words(blank: Language) -> None:
    text = "Kyiv — “Air raid!” The warmongers in Brussels want more of it."
    [term] = _framing(blank, text).loaded
    assert text[term.evidence.start:term.evidence.end] == term.evidence.text == "warmongers"


@pytest.mark.model
def test_loaded_adjective_is_shown_with_its_noun(extract: Callable[..., Record]) -> None:
    rec = extract("Russia's brutal bombardment of Kharkiv continued.")
    assert [(t.text, t.category) for t in rec.framing.loaded] == [("brutal bombardment", "loaded_language")]


# --- opinion markers -----------------------------------------------------------------------------------------


def test_hedges_modals_and_questions_are_opinion_markers(blank: Language) -> None:
    assert _framing(blank, "Clearly, the West must act now. Why does nobody listen?").opinion_markers == 3


def test_quoted_modal_is_not_the_outlets_opinion(blank: Language) -> None:
    assert _framing(blank, '"We must act now," the minister said.').opinion_markers == 0


# --- stance --------------------------------------------------------------------------------------------------


def test_hostile_words_about_a_side_give_negative_stance(blank: Language) -> None:
    stance = _framing(blank, "The Russian invaders were pushed back.").stance
    assert stance["RU"] < 0


def test_praise_of_a_side_gives_positive_stance(blank: Language) -> None:
    stance = _framing(blank, "Ukraine's brave defenders held the line.").stance
    assert stance["UA"] > 0


def test_hostility_in_a_quote_leaves_stance_neutral(blank: Language) -> None:
    stance = _framing(blank, "“The regime in Kiev is a puppet of the West,” the Russian ambassador said.").stance
    assert stance == {"UA": 0.0, "RU": 0.0}


def test_stance_stays_within_minus_one_and_one(blank: Language) -> None:
    text = "The barbaric, brutal, savage, cowardly, vile Russian invaders and their henchmen shelled the town."
    assert _framing(blank, text).stance["RU"] == -1.0


def test_hostile_words_about_the_attacker_count_when_the_victim_is_named(blank: Language) -> None:
    stance = _framing(blank, "Russia's barbaric shelling of Ukrainian cities continued.").stance
    assert stance["RU"] < 0


def test_heroes_give_positive_stance_toward_their_side(blank: Language) -> None:
    stance = _framing(blank, "Ukrainian heroes repelled the attack.").stance
    assert stance["UA"] > 0


def test_in_a_sentence_naming_both_sides_the_victim_is_not_blamed(blank: Language) -> None:
    stance = _framing(blank, "Russia's brutal strikes on Ukrainian towns went on; Ukraine's valiant crews held.").stance
    assert stance["RU"] < 0 < stance["UA"]


def test_a_cue_qualifying_neither_side_counts_for_neither(blank: Language) -> None:
    stance = _framing(blank, "Russia and Ukraine traded blame after the brutal night.").stance
    assert stance == {"UA": 0.0, "RU": 0.0}


def test_stance_leaves_out_what_speakers_are_reported_to_have_said(extract) -> None:
    """Indirect speech is the speaker's, as quotes are: "X said Ukraine's brave defenders …" is no outlet praise."""
    record = extract("The minister said that Ukraine's brave defenders had held the line.")
    assert record.framing.stance.get("UA", 0.0) == 0.0


def test_a_name_called_counts_against_the_side_it_qualifies_only(extract) -> None:
    record = extract("Ukraine reopened the bridge, but the militants kept firing on the town.")
    assert record.framing.stance.get("UA", 0.0) == 0.0


def test_violence_told_in_the_outlets_own_voice_frames_its_perpetrator(extract) -> None:
    record = extract("Russian troops shelled the hospital in Kupiansk on Monday.")
    assert record.framing.stance["RU"] < 0


def test_doubt_and_exaggeration_are_not_aimed_at_a_side(blank: Language) -> None:
    """"Alleged" hedges a claim and "unprecedented" a scale: neither is hostility toward the side named."""
    stance = _framing(blank, "The alleged Russian losses were unprecedented.").stance
    assert stance == {"RU": 0.0}


def test_a_capitalised_term_opening_a_proper_name_is_not_loaded(blank: Language) -> None:
    assert _loaded(blank, "Charges were brought under the Criminal Code of Ukraine on Monday.") == []


def test_a_name_called_at_a_sides_supporters_is_not_aimed_at_the_side(blank: Language) -> None:
    """"Pro-Russian militants" are a party of their own: the name is not called at Russia."""
    assert _framing(blank, "Pro-Russian militants seized the council building.").stance == {}


def test_a_side_named_only_as_the_place_gets_no_stance(blank: Language) -> None:
    assert _framing(blank, "The barbaric siege dragged on in eastern Ukraine.").stance == {}


def test_a_side_named_as_the_seat_of_a_government_is_the_side(blank: Language) -> None:
    assert _framing(blank, "The junta in Kyiv met again.").stance["UA"] < 0


def test_hostility_at_the_end_of_a_quote_opened_earlier_is_the_speakers(blank: Language) -> None:
    """A passage whose first quotation mark closes a quote continues one: its words are the speaker's."""
    stance = _framing(blank, "We will never bow to the barbaric Russian invaders.” The talks ended.").stance
    assert stance == {"RU": 0.0}


def test_a_quote_left_open_runs_to_the_end_of_its_paragraph(blank: Language) -> None:
    stance = _framing(blank, "The governor praised “the heroic Ukrainian defenders and their sacred cause").stance
    assert stance == {"UA": 0.0}


def test_praise_of_something_else_is_not_praise_of_the_side_named(blank: Language) -> None:
    """"A historic agreement" praises the agreement, not the one side the sentence names."""
    assert _framing(blank, "Ukraine signed a historic agreement on grain.").stance == {"UA": 0.0}


def test_praise_next_to_a_side_counts_for_it(blank: Language) -> None:
    assert _framing(blank, "Ukraine's successful crossing surprised observers.").stance["UA"] > 0


@pytest.mark.model
def test_praise_said_of_a_side_by_the_parse_counts_for_it(extract: Callable[..., Record]) -> None:
    record = extract("The Ukrainian counteroffensive near the river was successful.")
    assert record.framing.stance["UA"] > 0


@pytest.mark.model
def test_parties_to_a_clash_are_not_told_as_its_perpetrators(extract: Callable[..., Record]) -> None:
    record = extract("Ukrainian troops clashed with separatists near the town on Friday.")
    assert record.framing.stance.get("UA", 0.0) == 0.0


@pytest.mark.model
def test_soldiers_killed_are_victims_not_perpetrators(extract: Callable[..., Record]) -> None:
    record = extract("Dozens of Russian soldiers killed near the border, officials say")
    assert record.framing.stance.get("RU", 0.0) == 0.0


def test_a_name_called_at_those_in_a_country_is_not_aimed_at_its_state(blank: Language) -> None:
    stance = _framing(blank, "Russia said the militants in Ukraine kept firing.").stance
    assert stance.get("UA", 0.0) == 0.0 and stance["RU"] == 0.0


# --- stance: what a side is told as doing ---------------------------------------------------------------------


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "side"),
    [
        ("The Kremlin threatened to cut the pipeline to its western neighbour.", "RU"),
        ("Moldova's harbour was intimidated by Russia all winter.", "RU"),
        ("Moscow put heavy pressure on the small republic.", "RU"),
        ("Kyiv rejected the truce on Sunday.", "UA"),
        ("Russian disinformation flooded the regional channels.", "RU"),
        ("Moscow warned the neighbour that it would cut the power lines.", "RU"),
    ],
    ids=["hostile_verb", "passive_agent", "hostile_noun_done", "refusing_peace", "hostile_noun_owned", "threat"],
)
def test_a_side_told_as_the_agent_of_hostility_is_framed_negatively(
        extract: Callable[..., Record], text: str, side: str) -> None:
    assert extract(text).framing.stance[side] < 0


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "side"),
    [
        ("Ukraine called for dialogue with the neighbouring states.", "UA"),
        ("Russia will keep promoting a peaceful agenda at the forum.", "RU"),
        ("Ukrainian rescuers helped the flooded villages downstream.", "UA"),
    ],
    ids=["seeking_peace", "peaceful_object", "conciliatory_verb"],
)
def test_a_side_told_as_the_agent_of_peace_or_help_is_framed_positively(
        extract: Callable[..., Record], text: str, side: str) -> None:
    assert extract(text).framing.stance[side] > 0


@pytest.mark.model
def test_a_warning_of_what_others_may_do_is_an_alert_not_a_threat(extract: Callable[..., Record]) -> None:
    record = extract("Kyiv warned that more drones could arrive overnight.")
    assert record.framing.stance.get("UA", 0.0) == 0.0


@pytest.mark.model
def test_an_act_denied_or_in_a_condition_is_not_told(extract: Callable[..., Record]) -> None:
    for text in ("Russia did not threaten the island.", "If Moscow threatens the island, the fleet will sail.",
                 "Should Moscow threaten the island, the fleet will sail."):
        assert extract(text).framing.stance.get("RU", 0.0) == 0.0, text


@pytest.mark.model
def test_an_act_both_sides_do_together_frames_neither(extract: Callable[..., Record]) -> None:
    record = extract("Moscow and Kyiv suspended the ceasefire talks in spring.")
    assert record.framing.stance.get("RU", 0.0) == record.framing.stance.get("UA", 0.0) == 0.0


@pytest.mark.model
def test_an_act_a_speaker_reports_is_the_speakers(extract: Callable[..., Record]) -> None:
    record = extract("The minister said that Russia had threatened the harbour.")
    assert record.framing.stance.get("RU", 0.0) == 0.0


@pytest.mark.model
def test_the_target_of_a_hostile_act_is_not_its_agent(extract: Callable[..., Record]) -> None:
    stance = extract("Moscow's interference in Ukraine's elections went on.").framing.stance
    assert stance["RU"] < 0 and stance.get("UA", 0.0) == 0.0


@pytest.mark.model
def test_an_act_told_as_plain_fact_is_not_a_portrayal(extract: Callable[..., Record]) -> None:
    """Annexing or signing is what happened, in every outlet's words: it does not frame the side."""
    for text in ("Russia annexed the peninsula in March.", "Ukraine signed the association agreement in June."):
        assert all(v == 0.0 for v in extract(text).framing.stance.values()), text


@pytest.mark.model
def test_an_act_by_a_party_a_side_backs_is_not_the_sides(extract: Callable[..., Record]) -> None:
    """"Russian-backed separatists" are another party: their threats are not told of Russia."""
    record = extract("Russian-backed separatists threatened the mayor of the town.")
    assert record.framing.stance.get("RU", 0.0) == 0.0


# --- stance: who "they" and "it" are, demands ------------------------------------------------------------------


@pytest.mark.model
def test_a_pronoun_doer_is_the_side_named_as_subject_before_it(extract: Callable[..., Record]) -> None:
    text = "The Kyiv authorities met the mayors on Monday. They rejected the truce the next day."
    assert extract(text).framing.stance["UA"] < 0


@pytest.mark.model
def test_a_pronoun_after_a_subject_naming_no_side_is_someone_else(extract: Callable[..., Record]) -> None:
    text = "The Kyiv authorities met the mayors on Monday. The farmers left early. They rejected the truce."
    assert extract(text).framing.stance.get("UA", 0.0) == 0.0


@pytest.mark.model
def test_a_pronoun_must_agree_with_the_side_it_refers_to(extract: Callable[..., Record]) -> None:
    """"They" is not "Moscow"; "it is in our interest" is a placeholder, not Moscow."""
    for text in ("Moscow sent a note to the envoys. They rejected the truce.",
                 "Moscow sent a note to the envoys. It is in everyone's interest to help the villages."):
        assert extract(text).framing.stance.get("RU", 0.0) == 0.0, text


@pytest.mark.model
def test_a_person_counts_for_the_side_whose_office_they_hold(extract: Callable[..., Record]) -> None:
    record = extract("Ukrainian Prime Minister Ivan Petrenko rejected the ceasefire on Sunday.")
    assert record.framing.stance["UA"] < 0


@pytest.mark.model
@pytest.mark.parametrize(
    "text",
    ["The Kremlin must withdraw its battalions from the border.",
     "Moscow sent a note on Friday. It should start a dialogue with the villages instead."],
    ids=["redress", "peace_demanded_of_a_pronoun"],
)
def test_a_demand_on_a_side_frames_it_negatively(extract: Callable[..., Record], text: str) -> None:
    """A demand to make peace or undo a wrong tells the side is not doing it."""
    assert extract(text).framing.stance["RU"] < 0


@pytest.mark.model
def test_a_demand_to_help_is_no_portrayal(extract: Callable[..., Record]) -> None:
    assert extract("Russia should help the flooded villages downstream.").framing.stance.get("RU", 0.0) == 0.0


@pytest.mark.model
def test_a_side_hoping_to_make_peace_is_framed_positively(extract: Callable[..., Record]) -> None:
    assert extract("Ukraine hopes to sign the grain agreement next week.").framing.stance["UA"] > 0
