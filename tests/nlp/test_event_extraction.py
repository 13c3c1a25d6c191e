"""Events read from invented reports: type, place, date, actors, weapons, casualties, status, ACLED type.

(Named test_event_extraction.py, not test_events.py: tests/api/test_events.py holds that basename and pytest's
default import mode needs basenames to be unique.)
"""

from collections.abc import Callable
from datetime import date

import pytest

from dronewatch.record import Event, Record

pytestmark = pytest.mark.model


def _only(record: Record, etype: str | None = None) -> Event:
    """The one event of the record (of ``etype`` if given); fails when there is not exactly one."""
    events = [e for e in record.events if etype is None or e.type == etype]
    assert len(events) == 1, [(e.type, e.trigger) for e in record.events]
    return events[0]


# --- type, place, date -------------------------------------------------------------------------------------


def test_drone_strike_in_a_named_town_is_typed_located_and_dated(extract: Callable[..., Record]) -> None:
    ev = _only(extract("On Tuesday, a Russian drone struck a grain warehouse in Pavlohrad."))
    assert ev.type == "drone_strike"
    assert ev.location is not None
    assert (ev.location.name, ev.location.country) == ("Pavlohrad", "UA")
    assert ev.location.lat == pytest.approx(48.53, abs=0.05)
    assert ev.location.lon == pytest.approx(35.87, abs=0.05)
    assert ev.date is not None and ev.date.earliest == ev.date.latest == date(2025, 3, 11)


def test_vague_part_of_a_month_is_a_date_range_in_the_year_before_publication(extract: Callable[..., Record]) -> None:
    ev = extract("A drone attack hit Odesa in late October, damaging the opera house.").events[0]
    assert ev.date is not None
    assert (ev.date.earliest, ev.date.latest) == (date(2024, 10, 21), date(2024, 10, 31))


@pytest.mark.parametrize(
    ("text", "etype", "acled"),
    [
        ("A Russian ballistic missile hit the centre of Sumy on Wednesday morning.",
         "missile_strike", "Shelling/artillery/missile attack"),
        ("Russian warplanes bombed the town of Orikhiv on Monday.", "air_strike", "Air/drone strike"),
        ("Russian forces shelled the village of Velyka Pysarivka on Monday.",
         "shelling", "Shelling/artillery/missile attack"),
        ("Ukrainian and Russian troops clashed near Vovchansk on Monday.", "armed_clash", "Armed clash"),
        ("A car bomb exploded outside a police station in Melitopol on Sunday.",
         "explosion", "Remote explosive/landmine/IED"),
        ("Ukrainian air defences jammed a Russian drone over Sumy on Tuesday.",
         "interception", "Disrupted weapons use"),
    ],
    ids=["missile", "warplanes", "artillery", "clash", "car-bomb", "jamming"],
)
def test_event_type_and_its_acled_sub_event_type(extract: Callable[..., Record], text: str, etype: str, acled: str) -> None:
    ev = _only(extract(text))
    assert (ev.type, ev.acled) == (etype, acled)


def test_downed_drones_are_an_interception_by_the_defending_side(extract: Callable[..., Record]) -> None:
    ev = _only(extract("Ukrainian air defences shot down 20 drones over the Kyiv region on Saturday."))
    assert ev.type == "interception"
    assert [a.name for a in ev.actors] == ["Ukraine"]
    assert ev.location is not None and ev.location.country == "UA"


def test_two_strikes_in_two_towns_are_two_events(extract: Callable[..., Record]) -> None:
    rec = extract(
        "Ukrainian drones hit an oil terminal in Tuapse on Monday. Separately, Russian drones struck a port in "
        "Izmail."
    )
    assert [(e.type, [a.name for a in e.actors]) for e in rec.events] == [
        ("drone_strike", ["Ukraine"]),
        ("drone_strike", ["Russia"]),
    ]
    assert [e.location.country if e.location else None for e in rec.events] == ["RU", "UA"]


def test_shelled_city_is_the_location(extract: Callable[..., Record]) -> None:
    ev = _only(extract("Russian forces shelled Kherson on Monday."))
    assert ev.location is not None and ev.location.name == "Kherson"


def test_surname_of_a_person_named_before_is_not_a_town(extract: Callable[..., Record]) -> None:
    rec = extract("Governor Pavel Korolev said a drone struck the depot. Korolev added that the drone hit a warehouse.")
    assert all(e.location is None for e in rec.events)


def test_a_date_is_not_a_target(extract: Callable[..., Record]) -> None:
    ev = _only(extract("Russian warplanes bombed the town of Orikhiv on Monday."))
    assert [t.name for t in ev.targets] == ["town"]


# --- one happening, one event --------------------------------------------------------------------------------


def test_same_strike_told_twice_is_one_event_with_both_mentions(extract: Callable[..., Record]) -> None:
    rec = extract("Ukrainian drones hit a fuel depot in Novorossiysk on Sunday night. The raid also damaged a nearby pier.")
    ev = _only(rec)
    assert len(ev.mentions) == 2
    assert {t.name for t in ev.targets} >= {"depot", "pier"}


def test_toll_told_in_the_second_mention_joins_the_event(extract: Callable[..., Record]) -> None:
    ev = _only(extract("Russian forces shelled Kherson on Monday. The shelling killed two women."))
    assert ev.casualties.killed == 2


def test_damage_clause_is_part_of_the_strike_it_follows(extract: Callable[..., Record]) -> None:
    rec = extract("A drone attack hit Odesa in late October, damaging the opera house.")
    assert len(rec.events) == 1


# --- not events ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "The defence ministry plans to buy 40 drones from a Turkish firm next year.",
        "Officials fear the decision could spark a wave of reprisal attacks on Odesa.",
        "Will Moscow respond to the strike on the bridge?",
        "If Russia attacks the plant again, the consequences would be catastrophic.",
        "Russia threatened to strike government buildings in Kyiv.",
    ],
    ids=["plan", "fear", "question", "conditional", "threat"],
)
def test_plans_fears_questions_and_hypotheticals_are_not_events(extract: Callable[..., Record], text: str) -> None:
    assert extract(text).events == []


def test_generic_statement_about_drones_is_not_an_event(extract: Callable[..., Record]) -> None:
    assert extract("Drones are cheap, and they have changed how wars are fought.").events == []


def test_what_a_source_did_not_say_is_not_an_event(extract: Callable[..., Record]) -> None:
    assert extract("The ministry did not say how many drones were launched.").events == []


def test_visit_to_a_damaged_building_is_not_an_attack(extract: Callable[..., Record]) -> None:
    rec = extract("Minister Jane Roe visited the damaged hospital on Monday.")
    assert [e.type for e in rec.events if e.type == "attack"] == []


# --- casualties ----------------------------------------------------------------------------------------------


def test_killing_and_wounding_clause_gives_killed_and_injured(extract: Callable[..., Record]) -> None:
    ev = _only(extract("On Tuesday, a Russian drone struck a grain warehouse in Pavlohrad, killing three people "
                       "and wounding 12."))
    assert (ev.casualties.killed, ev.casualties.injured) == (3, 12)


def test_strike_that_caused_no_casualties_has_zero_killed(extract: Callable[..., Record]) -> None:
    ev = _only(extract("A drone struck a fuel depot in Yelets on Tuesday. The strike did not cause any casualties."))
    assert (ev.casualties.killed, ev.casualties.injured) == (0, 0)


def test_no_casualties_reported_after_the_strike_gives_zero_killed(extract: Callable[..., Record]) -> None:
    ev = _only(extract("A drone struck a fuel depot in Yelets on Tuesday. No casualties were reported."))
    assert ev.casualties.killed == 0


def test_unknown_toll_stays_null(extract: Callable[..., Record]) -> None:
    ev = _only(extract("A drone struck a fuel depot in Yelets on Tuesday."))
    assert (ev.casualties.killed, ev.casualties.injured) == (None, None)


def test_killed_professionals_are_casualties(extract: Callable[..., Record]) -> None:
    ev = _only(extract("A Russian missile hit a hospital in Zaporizhzhia on Thursday, killing two doctors."))
    assert ev.casualties.killed == 2


# --- status --------------------------------------------------------------------------------------------------


def test_outlet_voice_strike_is_reported_without_source(extract: Callable[..., Record]) -> None:
    ev = _only(extract("Ukrainian drones hit an oil terminal in Tuapse on Monday."))
    assert (ev.status, ev.source) == ("reported", None)


def test_according_to_makes_the_strike_claimed_by_that_source(extract: Callable[..., Record]) -> None:
    ev = _only(extract("Ukrainian drones hit an oil refinery in Saratov overnight, according to Russia's defence "
                       "ministry."))
    assert ev.status == "claimed"
    assert ev.source is not None
    assert (ev.source.text, ev.source.name) == ("Russia's defence ministry", "Russia")


def test_reported_speech_makes_the_strike_claimed_by_the_speaker(extract: Callable[..., Record]) -> None:
    ev = _only(extract("Governor Ivan Petrenko said that Ukrainian drones hit a chemical plant in Belgorod on "
                       "Thursday."))
    assert ev.status == "claimed"
    assert ev.source is not None and ev.source.name == "Ivan Petrenko"


def test_trailing_attribution_to_an_institution_makes_the_strike_claimed(extract: Callable[..., Record]) -> None:
    ev = _only(extract("Ukrainian drones struck a radar station in Crimea on Friday, the military said."))
    assert ev.status == "claimed"
    assert ev.source is not None and ev.source.text == "the military"


def test_accusation_denied_in_the_same_sentence_is_disputed(extract: Callable[..., Record]) -> None:
    ev = _only(extract("Moscow accused Kyiv of shelling a bus station in Horlivka, which Ukraine denied."))
    assert ev.type == "shelling"
    assert ev.status == "disputed"
    assert [a.name for a in ev.actors] == ["Ukraine"]


def test_claim_repeated_by_its_own_speaker_stays_claimed(extract: Callable[..., Record]) -> None:
    ev = _only(extract("Ukrainian drones hit a depot in Bryansk, the regional governor said. The governor denied "
                       "that anyone was hurt."))
    assert ev.status == "claimed"


def test_accusation_dismissed_in_the_next_sentence_is_disputed(extract: Callable[..., Record]) -> None:
    ev = _only(extract("Kyiv's forces shelled Donetsk overnight, Russia's foreign ministry alleged. Ukraine "
                       "dismissed the claim as propaganda."))
    assert ev.status == "disputed"


def test_so_called_strike_is_disputed(extract: Callable[..., Record]) -> None:
    ev = _only(extract("The so-called drone strike on the Kremlin was staged, critics said."))
    assert ev.status == "disputed"


def test_alleged_attack_is_disputed(extract: Callable[..., Record]) -> None:
    ev = _only(extract("An alleged drone attack on Belgorod was reported by local media."))
    assert ev.status == "disputed"


# --- actors and weapons --------------------------------------------------------------------------------------


def test_demonym_forces_are_normalised_to_the_state(extract: Callable[..., Record]) -> None:
    ev = _only(extract("Russian forces shelled the village of Velyka Pysarivka on Monday."))
    assert [(a.text, a.name, a.country) for a in ev.actors] == [("Russian forces", "Russia", "RU")]


def test_old_spelling_of_the_capital_as_actor_is_ukraine(extract: Callable[..., Record]) -> None:
    ev = _only(extract("Kiev launched a drone attack on an airfield in Crimea on Friday."))
    assert [(a.text, a.name) for a in ev.actors] == [("Kiev", "Ukraine")]


def test_clash_between_two_sides_names_both(extract: Callable[..., Record]) -> None:
    ev = _only(extract("Ukrainian and Russian troops clashed near Vovchansk on Monday."))
    assert sorted(a.name for a in ev.actors) == ["Russia", "Ukraine"]


def test_possessive_pronoun_forces_resolve_to_the_state_named_before(extract: Callable[..., Record]) -> None:
    ev = _only(extract("Russia claimed its forces destroyed a Ukrainian Patriot launcher near Pavlohrad."))
    assert [a.name for a in ev.actors] == ["Russia"]


def test_geran_is_normalised_to_shahed(extract: Callable[..., Record]) -> None:
    ev = _only(extract("Russia attacked Kharkiv with Geran-2 drones on Thursday."))
    assert ev.type == "drone_strike"
    assert "Shahed-136" in [w.name for w in ev.weapons]


def test_tb2_is_normalised_to_bayraktar(extract: Callable[..., Record]) -> None:
    ev = _only(extract("A TB2 destroyed a Russian howitzer near Kherson on Monday."))
    assert ev.type == "drone_strike"
    assert [(w.text, w.name, w.class_) for w in ev.weapons] == [("TB2", "Bayraktar TB2", "drone")]


def test_named_drone_model_is_one_weapon(extract: Callable[..., Record]) -> None:
    ev = _only(extract("Lancet drones destroyed two Ukrainian howitzers near Kupiansk on Friday."))
    assert [w.name for w in ev.weapons] == ["Lancet"]


def test_fired_missiles_make_a_missile_strike(extract: Callable[..., Record]) -> None:
    ev = _only(extract("Russian forces fired 30 Kinzhal missiles at the west of the country on Monday night."))
    assert ev.type == "missile_strike"
    assert "Kinzhal" in [w.name for w in ev.weapons]


def test_drones_launched_against_cities_make_a_drone_strike(extract: Callable[..., Record]) -> None:
    ev = _only(extract("More than 400 drones were launched against Ukrainian cities in one night."))
    assert ev.type == "drone_strike"


def test_the_one_whose_murder_is_told_is_not_its_perpetrator(extract: Callable[..., Record]) -> None:
    """"His murder", "the mayor's killing": the possessor is the one killed."""
    rec = extract("The Ukrainian mayor was drafting a report on the port at the time of his murder in Odesa.")
    assert [a.name for e in rec.events for a in e.actors] == []


def test_soldiers_killed_in_a_headline_are_its_victims(extract: Callable[..., Record]) -> None:
    rec = extract("Dozens of Russian soldiers killed near the border, officials say")
    assert [a.name for e in rec.events for a in e.actors] == []


# --- evidence ------------------------------------------------------------------------------------------------


def test_every_mention_points_at_its_words_in_the_article(extract: Callable[..., Record]) -> None:
    rec = extract(
        "Kyiv — “Air raid!” shouted the warden.\n\nUkrainian drones hit a fuel depot in Novorossiysk on Sunday "
        "night. The raid also damaged a nearby pier."
    )
    ev = _only(rec, "drone_strike")
    for span in [ev.evidence, *ev.mentions]:
        assert rec.article.text[span.start:span.end] == span.text
    assert ev.evidence.text == "Ukrainian drones hit a fuel depot in Novorossiysk on Sunday night."


# --- wire-copy phrasing ----------------------------------------------------------------------------------------


def test_demonym_before_an_attack_noun_is_the_attacker(extract: Callable[..., Record]) -> None:
    ev = _only(extract("Three people were hurt in Russian shelling of Nikopol on Sunday."))
    assert [a.name for a in ev.actors] == ["Russia"]


def test_state_before_a_force_noun_is_that_state(extract: Callable[..., Record]) -> None:
    ev = _only(extract("Militants fired a drone at a tanker in the Gulf of Aden on Friday, the US military said."))
    assert ev.source is not None and ev.source.name == "United States"


def test_a_named_rebel_group_is_not_generic_separatists(extract: Callable[..., Record]) -> None:
    ev = _only(extract("Houthi rebels fired a ballistic missile at a cargo ship in the Red Sea on Monday."))
    assert [a.name for a in ev.actors] == ["Houthis"]


def test_participle_toll_after_a_light_verb_strike_is_that_strike(extract: Callable[..., Record]) -> None:
    ev = _only(extract("The air force carried out an air strike on Kramatorsk on Tuesday, killing nine people."))
    assert (ev.type, ev.casualties.killed) == ("air_strike", 9)


def test_victims_told_without_a_number_are_counted(extract: Callable[..., Record]) -> None:
    ev = _only(extract("A man and his daughter were wounded when a drone hit their car near Kupiansk."))
    assert ev.casualties.injured == 2


def test_untagged_town_as_object_is_the_location(extract: Callable[..., Record]) -> None:
    ev = _only(extract("A drone attack hit Odesa overnight, damaging a school."))
    assert ev.location is not None and ev.location.name == "Odesa"


def test_interception_told_by_a_pronoun_for_the_speaker(extract: Callable[..., Record]) -> None:
    rec = extract("Russia's defence ministry said it shot down 31 of 40 drones launched by Ukraine overnight.")
    downed = next(e for e in rec.events if e.type == "interception")
    assert [a.name for a in downed.actors] == ["Russia"]
    assert downed.location is None  # "by Ukraine" says who launched, not where
    assert downed.date is not None and downed.date.text == "overnight"
    assert (31, "drones") in {(f.value, f.kind) for f in rec.figures}


# --- conflicts beyond the lexicons ---------------------------------------------------------------------------------


def test_an_unlisted_armed_group_is_named_as_the_actor(extract: Callable[..., Record]) -> None:
    ev = _only(extract("The Rapid Support Forces shelled El Fasher on Sunday, killing at least 20 people."))
    assert [a.name for a in ev.actors] == ["Rapid Support Forces"]
    assert ev.location is not None and (ev.location.name, ev.location.country) == ("El Fasher", "SD")


def test_an_unlisted_country_s_military_is_that_country(extract: Callable[..., Record]) -> None:
    ev = _only(extract("Myanmar's military bombed a school in Sagaing region on Thursday."))
    assert [(a.name, a.country) for a in ev.actors] == [("Myanmar", "MM")]


def test_claimed_responsibility_attributes_the_strike(extract: Callable[..., Record]) -> None:
    ev = _only(extract("Ukraine's SBU claimed responsibility for a drone strike on an air base in Saratov region."))
    assert ev.status == "claimed"
    assert ev.source is not None and ev.source.name == "Ukraine"


def test_a_monitoring_group_is_an_unnamed_speaker(extract: Callable[..., Record]) -> None:
    ev = _only(extract("Militants attacked a convoy near Gao on Friday, a local monitoring group said."))
    assert ev.status == "claimed"


def test_the_town_beats_the_sea_it_lies_on(extract: Callable[..., Record]) -> None:
    ev = _only(extract("A fire broke out at the Tuapse oil refinery on Russia's Black Sea coast after a drone attack "
                       "on Wednesday."))
    assert ev.location is not None and ev.location.name == "Tuapse"


def test_the_one_town_of_the_sentence_is_where_the_strike_fell(extract: Callable[..., Record]) -> None:
    ev = _only(extract("Sumy declared a day of mourning after a Russian missile destroyed a school on Monday."))
    assert ev.location is not None and ev.location.name == "Sumy"


def test_interception_added_by_the_same_speaker_is_claimed_and_dated(extract: Callable[..., Record]) -> None:
    rec = extract("Russia launched 40 drones at Kharkiv overnight, the air force said, adding that air defences shot "
                  "down most of them.")
    downed = next(e for e in rec.events if e.type == "interception")
    assert downed.status == "claimed"
    assert downed.date is not None and downed.date.text == "overnight"
    assert downed.targets == []


def test_damage_told_in_a_while_clause_is_the_same_attack(extract: Callable[..., Record]) -> None:
    ev = _only(extract("Four civilians were wounded in the attack on Sumy, while 30 homes were damaged."))
    assert ev.casualties.injured == 4


@pytest.mark.parametrize(("text", "kind"), [
    ("Drones struck a fuel depot near Bryansk on Monday, the governor said.", "infrastructure"),
    ("Drones struck an ammunition depot near Bryansk on Monday, the governor said.", "military"),
    ("Drones struck a depot near Bryansk on Monday, the governor said.", "military"),
])
def test_a_deciding_modifier_sets_the_targets_kind(extract: Callable[..., Record], text: str, kind: str) -> None:
    (target,) = _only(extract(text)).targets
    assert (target.name, target.kind) == ("depot", kind)
