"""Event patterns of incident notes and wire copy, each pinned on an invented sentence: firing with weapon
nouns, grenades, mines and victim-centred blasts, clashes and exchanges of fire, attacks on armed parties,
abductions, defusals, the conflict frame that keeps figures of speech out, tolls and a note's leading date."""

from collections.abc import Callable
from datetime import date

import pytest

from dronewatch.record import Event, Record

pytestmark = pytest.mark.model

VIOLENT = {"drone_strike", "missile_strike", "air_strike", "shelling", "interception", "armed_clash", "explosion",
           "attack", "sabotage"}


def _types(record: Record) -> set[str]:
    return {e.type for e in record.events}


def _first(record: Record, etype: str) -> Event:
    found = [e for e in record.events if e.type == etype]
    assert found, [(e.type, e.trigger) for e in record.events]
    return found[0]


# --- detection and typing -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "etype", "acled"),
    [
        ("On 2 May 2024, the army fired four rounds of 120mm mortars at rebel positions near Tarkhan.",
         "shelling", "Shelling/artillery/missile attack"),
        ("On 2 May 2024, rebel fighters fired at the garrison with 81mm mortars.",
         "shelling", "Shelling/artillery/missile attack"),
        ("On 2 May 2024, three artillery shells landed in a rice field outside Tarkhan.",
         "shelling", "Shelling/artillery/missile attack"),
        ("On 2 May 2024, two men on a motorbike threw a hand grenade at the district office.",
         "explosion", "Grenade"),
        ("On 2 May 2024, a hand grenade was hurled into a tea shop used by soldiers.", "explosion", "Grenade"),
        ("On 2 May 2024, a farmer stepped on a landmine while collecting firewood near his village.",
         "explosion", "Remote explosive/landmine/IED"),
        ("On 2 May 2024, an army truck hit a roadside bomb on the highway to Tarkhan.",
         "explosion", "Remote explosive/landmine/IED"),
        ("On 2 May 2024, the local resistance group attacked a military convoy with remote-controlled mines.",
         "explosion", "Remote explosive/landmine/IED"),
        ("On 2 May 2024, unknown assailants bombed a telecom tower near the ward office.",
         "explosion", "Remote explosive/landmine/IED"),
        ("On 2 May 2024, there was an explosion near the tax office in Tarkhan.",
         "explosion", "Remote explosive/landmine/IED"),
        ("On 2 May 2024, government jets dropped bombs on the rebel camp.", "air_strike", "Air/drone strike"),
        ("On 2 May 2024, allied forces conducted airstrikes on insurgent hideouts.", "air_strike", "Air/drone strike"),
        ("On 2 May 2024, soldiers defused an IED planted along the main road.", "interception",
         "Disrupted weapons use"),
        ("On 2 May 2024, insurgents kidnapped two aid workers on the road to Tarkhan.", "attack",
         "Abduction/forced disappearance"),
    ],
    ids=["fired-mortars", "fired-with-mortars", "shells-landed", "threw-grenade", "grenade-hurled", "stepped-on-mine",
         "truck-hit-bomb", "attacked-with-mines", "bombed-without-aircraft", "there-was-an-explosion", "jets-dropped-bombs",
         "plural-airstrikes", "defused-ied", "kidnapped"],
)
def test_pattern_gives_its_type_and_acled_sub_event(extract: Callable[..., Record], text: str, etype: str,
                                                    acled: str) -> None:
    ev = _first(extract(text), etype)
    assert ev.acled == acled


@pytest.mark.parametrize(
    "text",
    [
        "On 2 May 2024, there was an armed clash between army troops and rebel fighters near Tarkhan.",
        "On 2 May 2024, police and militants exchanged heavy gunfire near the bus station.",
        "On 2 May 2024, insurgents attacked an army checkpoint on the edge of Tarkhan.",
        "On 2 May 2024, militants shot and killed a soldier on patrol in Tarkhan.",
    ],
    ids=["there-was-an-armed-clash", "exchanged-gunfire", "attack-on-checkpoint", "shot-a-soldier"],
)
def test_fighting_and_attacks_on_armed_parties_are_armed_clashes(extract: Callable[..., Record], text: str) -> None:
    assert "armed_clash" in _types(extract(text))


def test_shooting_a_civilian_is_an_attack_not_a_clash(extract: Callable[..., Record]) -> None:
    record = extract("On 2 May 2024, gunmen shot and injured a shopkeeper in the market of Tarkhan.")
    assert "attack" in _types(record) and "armed_clash" not in _types(record)


@pytest.mark.parametrize(
    "text",
    [
        "Press down until you hit the bottom of the pan, then attack the dough again.",
        "The patch stops an attack on the login page that could execute code on the server.",
        "She has fought for the new stadium for years, and the campaign hit a hurdle last week.",
        "Online shopping exploded during the holidays, and the explosion of new apps followed.",
        "The striker hit the post twice before the visitors killed the game in the second half.",
        "Two monkeys were fighting over a banana.",
    ],
    ids=["recipe", "software", "politics", "figurative-explosion", "sport", "joke"],
)
def test_violent_words_outside_a_conflict_frame_are_no_events(extract: Callable[..., Record], text: str) -> None:
    assert not (_types(extract(text)) & VIOLENT)


def test_a_violent_word_with_an_armed_party_is_an_event(extract: Callable[..., Record]) -> None:
    assert "attack" in _types(extract("On 2 May 2024, armed men killed a village elder near Tarkhan."))


def test_mine_as_a_pronoun_or_a_quarry_names_no_weapon(extract: Callable[..., Record]) -> None:
    record = extract("A friend of mine visited the jade mines near Tarkhan on Monday.")
    assert record.events == [] or all(not e.weapons for e in record.events)


# --- casualties ----------------------------------------------------------------------------------------------


def test_toll_told_after_a_clash_is_that_clash_s_toll(extract: Callable[..., Record]) -> None:
    ev = _first(extract("On 2 May 2024, the army clashed with rebel fighters near Tarkhan. 12 rebels were killed."),
                "armed_clash")
    assert ev.casualties.killed == 12


def test_victims_listed_by_one_verb_are_summed(extract: Callable[..., Record]) -> None:
    record = extract("On 2 May 2024, militants attacked a convoy near Tarkhan, killing 4 soldiers and 2 drivers.")
    assert any(e.casualties.killed == 6 for e in record.events)


def test_deaths_reported_in_a_later_sentence_join_the_blast(extract: Callable[..., Record]) -> None:
    record = extract("On 2 May 2024, rebels attacked a patrol with a roadside bomb. Locals said that 5 soldiers died.")
    ev = _first(record, "explosion")
    assert ev.casualties.killed == 5
    assert len([e for e in record.events if e.type in VIOLENT]) == 1


def test_a_coded_count_of_fatalities_is_the_toll(extract: Callable[..., Record]) -> None:
    record = extract("On 2 May 2024, the army clashed with rebels near Tarkhan. An unknown number of fighters were "
                     "killed. Fatalities coded as 3.")
    assert _first(record, "armed_clash").casualties.killed == 3


def test_a_coded_count_after_an_unknown_number_is_the_toll(extract: Callable[..., Record]) -> None:
    record = extract("On 2 May 2024, rebels clashed with the army near Tarkhan. An unknown number of soldiers were "
                     "killed and wounded. Unspecified number of fatalities coded as 4.")
    assert _first(record, "armed_clash").casualties.killed == 4


def test_a_grenade_told_in_its_own_clause_leaves_the_clash_a_clash(extract: Callable[..., Record]) -> None:
    record = extract("On 2 May 2024, militants clashed with soldiers at a checkpoint in Tarkhan after the militants "
                     "threw a hand grenade.")
    assert "armed_clash" in _types(record)


def test_no_casualties_after_a_blast_is_zero(extract: Callable[..., Record]) -> None:
    ev = _first(extract("On 2 May 2024, a bomb exploded outside the tax office in Tarkhan. There were no casualties."),
                "explosion")
    assert (ev.casualties.killed, ev.casualties.injured) == (0, 0)


# --- dates ---------------------------------------------------------------------------------------------------


def test_a_note_s_leading_date_dates_every_event_it_tells(extract: Callable[..., Record]) -> None:
    record = extract("On 7 April 2024, overnight, militants fired mortar shells at an army base. The attackers "
                     "later killed a guard at the gate.")
    assert record.events
    assert all(e.date is not None and e.date.earliest == e.date.latest == date(2024, 4, 7) for e in record.events)


# --- blasts told without an actor: a settlement the gazetteer may not know, bare plural nouns -------------


@pytest.mark.parametrize(
    "text",
    [
        ("On 4 June 2024, near the middle school in Lomaru town (Lomaru township), an explosion occurred. "
         "No injuries reported."),
        "On 4 June 2024, in Kesh village, explosions took place at two schools. Casualties unknown.",
        "On 4 June 2024, in Veloran township, bomb explosions were reported in three places.",
        "On 4 June 2024, in Veloran township, explosion went off at the tax office.",
    ],
    ids=["unknown-town", "plural-took-place", "plural-were-reported", "bare-went-off"],
)
def test_a_blast_in_a_named_settlement_is_an_event(extract: Callable[..., Record], text: str) -> None:
    ev = _first(extract(text), "explosion")
    assert ev.date is not None and ev.date.earliest == date(2024, 6, 4)


def test_a_blast_without_a_place_or_party_is_no_event(extract: Callable[..., Record]) -> None:
    assert "explosion" not in _types(extract("The explosion of flavours in this town's soup won us over."))


def test_a_death_after_stepping_on_a_mine_is_the_blast_s_toll(extract: Callable[..., Record]) -> None:
    ev = _first(extract("On 4 June 2024, near Kesh village, a herder died after stepping on a landmine."), "explosion")
    assert ev.casualties.killed == 1


def test_a_bare_noun_carried_out_is_one_happening(extract: Callable[..., Record]) -> None:
    record = extract("On 4 June 2024, the resistance carried out mine attack against an army column near Kesh village.")
    assert record.events


# --- instruments, launched munitions, who the violence was done to -------------------------------------------


def test_an_ambush_with_mines_hung_low_in_the_parse_is_a_blast(extract: Callable[..., Record]) -> None:
    record = extract("On 4 June 2024, the rebels ambushed about 30 soldiers coming from Kesh village with landmines.")
    assert _first(record, "explosion").acled == "Remote explosive/landmine/IED"


@pytest.mark.parametrize(
    "text",
    [
        "On 4 June 2024, the militia fired RPG rounds at the police post near Kesh village.",
        "On 4 June 2024, rebels fired a 107 mm rocket round at the army base.",
        "On 4 June 2024, the army fired two rocket-propelled grenades at the market in Kesh village.",
    ],
    ids=["rpg-rounds", "rocket-round", "rocket-propelled-grenades"],
)
def test_launched_munitions_are_shelling_not_grenades(extract: Callable[..., Record], text: str) -> None:
    record = extract(text)
    assert any(e.acled == "Shelling/artillery/missile attack" for e in record.events), record.events


def test_shooting_a_driver_at_a_checkpoint_is_an_attack(extract: Callable[..., Record]) -> None:
    record = extract("On 4 June 2024, militants shot and injured a bus driver at a checkpoint near Kesh village.")
    assert "attack" in _types(record) and "armed_clash" not in _types(record)


def test_killing_an_off_duty_soldier_is_an_attack(extract: Callable[..., Record]) -> None:
    record = extract("On 4 June 2024, militants shot and killed a soldier (off-duty) near his house in Kesh village.")
    assert "attack" in _types(record) and "armed_clash" not in _types(record)


def test_opening_gunfire_on_soldiers_is_a_clash(extract: Callable[..., Record]) -> None:
    record = extract("On 4 June 2024, militants opened gunfire on army soldiers near Kesh village.")
    assert "armed_clash" in _types(record)


@pytest.mark.parametrize(
    ("text", "killed"),
    [
        ("On 4 June 2024, in Kesh village, two herders stepped on a landmine and died.", 2),
        ("On 4 June 2024, in Kesh village, a farmer stepped on a landmine. The explosion killed him.", 1),
        ("On 4 June 2024, in Kesh village, two girls stepped on a mine. The blast killed both of them.", 2),
        ("On 4 June 2024, in Kesh village, a bomb exploded at the market. Later, she died at the hospital.", 1),
    ],
    ids=["conjoined-died", "killed-him", "killed-both", "she-died-later"],
)
def test_victims_told_by_a_pronoun_or_a_shared_subject_are_counted(extract: Callable[..., Record], text: str,
                                                                   killed: int) -> None:
    assert _first(extract(text), "explosion").casualties.killed == killed


# --- disrupted weapons use --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "On 4 June 2024, army engineers neutralized IEDs belonging to the rebels near Kesh village.",
        "On 4 June 2024, soldiers neutralized and destroyed several IEDs placed by the rebels near Kesh village.",
        "On 4 June 2024, army forces seized weapons belonging to the rebels in Kesh town.",
        "On 4 June 2024, an IED exploded while the militants were planting the explosive devices near Kesh village.",
    ],
    ids=["neutralized-ieds", "destroyed-ieds", "seized-weapons", "premature-detonation"],
)
def test_defusals_seizures_and_premature_blasts_are_disrupted_weapons_use(extract: Callable[..., Record],
                                                                          text: str) -> None:
    assert any(e.acled == "Disrupted weapons use" for e in extract(text).events)


def test_capturing_ground_with_weapons_stays_a_territorial_change(extract: Callable[..., Record]) -> None:
    record = extract("On 4 June 2024, army forces clashed with the rebels near Kesh village. The forces captured the "
                     "area and the fighters' weapons.")
    assert "territorial_change" in _types(record) and "interception" not in _types(record)


# --- one fight told over several sentences -----------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        ("On 4 June 2024, army forces clashed with the rebels at a hideout in Kesh village. The security forces "
         "destroyed the hideout. 5 militants were killed."),
        ("On 4 June 2024, army forces clashed with the rebels in Kesh village. Both sides exchanged heavy gunfire. "
         "5 rebel fighters were killed."),
    ],
    ids=["destroyed-the-hideout", "both-sides-exchanged-fire"],
)
def test_what_the_told_parties_did_next_is_the_same_fight(extract: Callable[..., Record], text: str) -> None:
    record = extract(text)
    violent = [e for e in record.events if e.type in VIOLENT]
    assert len(violent) == 1 and violent[0].type == "armed_clash" and violent[0].casualties.killed == 5


def test_an_attack_answered_with_fire_is_a_clash(extract: Callable[..., Record]) -> None:
    record = extract("On 4 June 2024, army forces launched an attack on the rebels near Kesh village. Both sides "
                     "exchanged heavy gunfire.")
    assert "armed_clash" in _types(record)


def test_a_fight_begun_with_a_grenade_stays_a_clash(extract: Callable[..., Record]) -> None:
    record = extract("On 4 June 2024, militants attacked army soldiers at a checkpoint in Kesh village. The attack "
                     "was initiated with a hand grenade. One soldier was killed.")
    assert "armed_clash" in _types(record)


@pytest.mark.parametrize(
    "text",
    [
        "On 4 June 2024, clan militia ambushed a passenger vehicle near Kesh village.",
        "On 4 June 2024, gunmen opened fire on commercial trucks at a checkpoint near Kesh village.",
    ],
    ids=["ambushed-a-vehicle", "fire-on-trucks-at-a-checkpoint"],
)
def test_fighting_words_against_civilians_are_attacks(extract: Callable[..., Record], text: str) -> None:
    record = extract(text)
    assert "attack" in _types(record) and "armed_clash" not in _types(record)


def test_a_leading_date_is_no_target(extract: Callable[..., Record]) -> None:
    record = extract("On 4 June 2024, militants opened gunfire at an army checkpoint in Kesh village.")
    assert "armed_clash" in _types(record)


@pytest.mark.parametrize(
    "text",
    [
        "On 4 June 2024, a local defense force launched mine attack on army troops near Kesh village.",
        "On 4 June 2024, the rebels carried out a mine attack against a military convoy near Kesh village.",
    ],
    ids=["launched-mine-attack", "carried-out-a-mine-attack"],
)
def test_a_mine_attack_is_a_blast_even_on_soldiers(extract: Callable[..., Record], text: str) -> None:
    assert _first(extract(text), "explosion").acled == "Remote explosive/landmine/IED"


def test_a_blast_told_with_its_cause_is_one_event(extract: Callable[..., Record]) -> None:
    record = extract("On 4 June 2024, in Kesh township, an explosion occurred after an army truck was hit by a "
                     "landmine. 7 soldiers died.")
    blasts = [e for e in record.events if e.type == "explosion"]
    assert len(blasts) == 1 and blasts[0].casualties.killed == 7


def test_bare_numbers_count_victims(extract: Callable[..., Record]) -> None:
    record = extract("On 4 June 2024, in Kesh township, five workers were hit by a landmine, killing two and "
                     "injuring three.")
    ev = _first(record, "explosion")
    assert (ev.casualties.killed, ev.casualties.injured) == (2, 3)


def test_ground_taken_by_fighting_counts_the_fight_s_dead(extract: Callable[..., Record]) -> None:
    record = extract("On 4 June 2024, army forces clashed with the rebels in Kesh village. The security forces took "
                     "control over the village. 4 soldiers were killed.")
    assert _first(record, "territorial_change").casualties.killed == 4
    assert _first(record, "armed_clash").casualties.killed == 4


def test_a_clash_opened_by_a_grenade_keeps_its_toll_and_its_kind(extract: Callable[..., Record]) -> None:
    record = extract("On 4 June 2024, militants clashed with police at a checkpoint in Kesh town, after the militants "
                     "threw a hand grenade. 1 police officer was killed and 2 others were injured.")
    ev = _first(record, "armed_clash")
    assert (ev.casualties.killed, ev.casualties.injured, ev.acled) == (1, 2, "Armed clash")


def test_a_toll_after_the_weapon_that_caused_it_is_that_weapon_s_event(extract: Callable[..., Record]) -> None:
    record = extract("On 4 June 2024, in Kesh township, a police car ran over landmines on the highway. Six police "
                     "officers were injured.")
    assert _first(record, "explosion").casualties.injured == 6


def test_a_toll_after_a_fight_s_weapons_leaves_the_fight_a_clash(extract: Callable[..., Record]) -> None:
    record = extract("On 4 June 2024, militants attacked army soldiers at a base in Kesh village. The clash was "
                     "initiated with RPGs. 3 soldiers were killed.")
    assert _first(record, "armed_clash").casualties.killed == 3


@pytest.mark.parametrize(
    "text",
    [
        "On 4 June 2024, residents blocked the main road in Kesh town against new taxes.",
        "On 4 June 2024, hundreds of youths burned tires and barricaded streets in Kesh village.",
    ],
    ids=["blocked-the-road", "burned-tires"],
)
def test_blocking_roads_and_burning_tires_are_protests(extract: Callable[..., Record], text: str) -> None:
    assert "protest" in _types(extract(text))


def test_blocking_a_request_is_no_protest(extract: Callable[..., Record]) -> None:
    assert "protest" not in _types(extract("On 4 June 2024, the firewall blocked the request and burned no CPU."))


@pytest.mark.parametrize(
    "text",
    [
        "Gunmen kill three police officers in Donetsk",
        "Sniper kills a soldier near Avdiivka",
        "Shelling of Nikopol wounds four civilians",
    ],
)
def test_a_headline_in_the_present_tells_a_happening(extract, text):
    record = extract(text)
    assert [e for e in record.events if e.type != "negotiation"], text


@pytest.mark.parametrize("text", ["Gunmen often kill police officers in Donetsk.", "Militias routinely attack three checkpoints in Donetsk."])
def test_a_present_of_habit_or_description_is_no_event(extract, text):
    assert extract(text).events == []


@pytest.mark.parametrize(
    "text",
    [
        "Russian shelling killed one Ukrainian soldier near Bakhmut on Monday.",
        "A woman was killed in Russian shelling of Kherson on Monday.",
    ],
)
def test_a_toll_told_with_its_violence_is_one_event(extract, text):
    events = [e for e in extract(text).events if e.type != "negotiation"]
    assert len(events) == 1, [(e.type, e.trigger) for e in events]


@pytest.mark.parametrize(
    "text",
    [
        "Drones often strike homes in the border villages.",
        "The separatists send dozens of drones at our positions every night.",
        "Artillery shells the old town on most days.",
    ],
    ids=["habit-adverb", "every-night", "most-days"],
)
def test_a_present_of_habit_is_no_event_whatever_the_weapon(extract: Callable[..., Record], text: str) -> None:
    assert not (_types(extract(text)) & VIOLENT)


@pytest.mark.parametrize(
    "text",
    [
        "Three people were killed in a Russian strike on Zolochiv on Monday.",
        "An Israeli strike killed 12 people in Rafah on Monday, medics said.",
        "A Ukrainian attack on the depot killed two guards on Monday.",
    ],
    ids=["victims-in-strike", "strike-killed", "attack-killed"],
)
def test_a_state_s_deadly_strike_is_an_event(extract: Callable[..., Record], text: str) -> None:
    record = extract(text)
    violent = [e for e in record.events if e.type in VIOLENT]
    assert len(violent) == 1, [(e.type, e.trigger) for e in record.events]
    assert violent[0].casualties.killed in (2, 3, 12) and violent[0].actors, violent[0]


@pytest.mark.parametrize(
    "text",
    [
        "A French strike disrupted rail services on Monday.",
        "A drunk American driver killed two pedestrians in Ohio on Monday.",
        "The Brazilian attack was wasteful and the match ended goalless.",
    ],
    ids=["walkout", "car-crash", "football"],
)
def test_a_nation_s_strike_without_harm_or_a_killer_who_is_a_person_is_no_event(
        extract: Callable[..., Record], text: str) -> None:
    assert not (_types(extract(text)) & VIOLENT)


def test_servicemen_killed_in_a_headline_is_a_clash(extract: Callable[..., Record]) -> None:
    record = extract("At least four servicemen killed in eastern Donbas")
    assert "armed_clash" in _types(record), [(e.type, e.trigger) for e in record.events]


@pytest.mark.parametrize(
    ("text", "etype", "killed", "injured"),
    [
        ("Separatist shelling leaves two militiamen dead", "shelling", 2, None),
        ("Shelling left one serviceman dead near Marinka", "shelling", 1, None),
        ("Shelling leaves three civilians wounded in Toretsk", "shelling", None, 3),
    ],
)
def test_violence_leaving_a_toll_is_one_event_with_it(extract: Callable[..., Record], text: str, etype: str,
                                                      killed: int | None, injured: int | None) -> None:
    violent = [e for e in extract(text).events if e.type in VIOLENT]
    assert [(e.type, e.casualties.killed, e.casualties.injured) for e in violent] == [(etype, killed, injured)]


@pytest.mark.parametrize(
    "text",
    [
        "Rebel forces mount two attacks on army positions near Toretsk",
        "Army patrol fires on car at checkpoint near Toretsk, killing one",
        "Militants breach the truce near Toretsk, kill one",
    ],
)
def test_a_headline_s_present_telling_one_attack_is_an_event(extract: Callable[..., Record], text: str) -> None:
    assert _types(extract(text)) & VIOLENT, text


def test_a_company_launching_an_attack_on_rivals_is_no_event(extract: Callable[..., Record]) -> None:
    assert not (_types(extract("The company launches a new attack on its rivals")) & VIOLENT)


def test_a_military_report_s_counted_kia_and_wia_is_a_clash_with_its_toll(extract: Callable[..., Record]) -> None:
    clashes = [e for e in extract("Two KIA, five WIA near Toretsk in past 24 hours").events if e.type == "armed_clash"]
    assert [(e.casualties.killed, e.casualties.injured) for e in clashes] == [(2, 5)]


def test_a_car_maker_named_in_capitals_is_no_clash(extract: Callable[..., Record]) -> None:
    assert not (_types(extract("KIA reported record sales in March.")) & VIOLENT)
