"""Incidents: which events from different articles are joined, which are kept apart, and why."""

from __future__ import annotations

import pytest

from dronewatch.merge import event_key, find_incidents, refs_of
from dronewatch.record import Record


def test_same_strike_from_two_outlets_is_one_incident_with_two_reports(event, ref):
    a = ref(event(), "a", "Wire One")
    b = ref(event(place="Kharkov", status="claimed", source="Russia's defence ministry"), "b", "Moscow Daily")
    [incident] = find_incidents([a, b])
    assert [r.outlet for r in incident.reports] == ["Moscow Daily", "Wire One"]
    assert {r.status for r in incident.reports} == {"reported", "claimed"}
    [link] = incident.links
    assert "same day 2024-03-12" in link.reasons
    assert any("km apart" in r for r in link.reasons)


def test_same_town_on_different_days_is_two_incidents(event, ref):
    a = ref(event(day="2024-03-12"), "a", "Wire One")
    b = ref(event(day="2024-03-14"), "b", "Wire Two")
    assert len(find_incidents([a, b])) == 2


def test_same_day_in_different_towns_is_two_incidents(event, ref):
    a = ref(event(place="Kharkiv"), "a", "Wire One")
    b = ref(event(place="Odesa"), "b", "Wire Two")
    assert len(find_incidents([a, b])) == 2


def test_incompatible_types_do_not_merge(event, ref):
    a = ref(event(type_="drone_strike"), "a", "Wire One")
    b = ref(event(type_="diplomatic_meeting"), "b", "Wire Two")
    assert len(find_incidents([a, b])) == 2


def test_interception_and_drone_strike_at_one_place_and_day_merge(event, ref):
    a = ref(event(type_="interception"), "a", "Wire One")
    b = ref(event(type_="drone_strike"), "b", "Wire Two")
    [incident] = find_incidents([a, b])
    assert "compatible types interception and drone_strike" in incident.links[0].reasons


def test_town_inside_a_named_region_merges_on_the_same_day(event, ref):
    a = ref(event(place="Chuhuiv"), "a", "Wire One")
    b = ref(event(place="Kharkiv region"), "b", "Wire Two")
    assert len(find_incidents([a, b])) == 1


def test_same_type_and_day_without_a_place_does_not_merge(event, ref):
    a = ref(event(place=None), "a", "Wire One")
    b = ref(event(place="Kharkiv"), "b", "Wire Two")
    assert len(find_incidents([a, b])) == 2


def test_undated_events_of_one_type_in_one_town_do_not_merge(event, ref):
    a = ref(event(day=None, place="Moscow"), "a", "Wire One")
    b = ref(event(day=None, place="Moscow"), "b", "Wire Two")
    assert len(find_incidents([a, b])) == 2


def test_undated_events_at_the_same_landmark_merge(event, ref):
    a = ref(event(day=None, place="Kremlin"), "a", "Opinion One")
    b = ref(event(day=None, place="Kremlin", type_="interception"), "b", "Opinion Two")
    [incident] = find_incidents([a, b])
    assert any("same landmark" in r for r in incident.links[0].reasons)


def test_undated_events_at_a_landmark_months_apart_in_print_do_not_merge(event, ref):
    a = ref(event(day=None, place="Kremlin"), "a", "Wire One", published="2023-05-04")
    b = ref(event(day=None, place="Kremlin"), "b", "Wire Two", published="2024-02-01")
    assert len(find_incidents([a, b])) == 2


def test_a_week_wide_date_does_not_chain_two_days_together(event, ref):
    monday = ref(event(day="2024-03-11"), "a", "Wire One")
    wednesday = ref(event(day="2024-03-13"), "b", "Wire Two")
    last_week = ref(event(day="2024-03-10", until="2024-03-16"), "c", "Wire Three")
    incidents = find_incidents([monday, wednesday, last_week])
    assert len(incidents) == 2
    assert all(len(i.events) <= 2 for i in incidents)


def test_events_of_one_article_join_only_on_same_type_day_and_town(event, ref):
    strike = ref(event(text="Drones hit the depot."), "a", "Wire One", index=0)
    again = ref(event(text="The drones hit the depot at dawn."), "a", "Wire One", index=1)
    downed = ref(event(type_="interception", text="Two drones were shot down."), "a", "Wire One", index=2)
    assert sorted(len(i.events) for i in find_incidents([strike, again, downed])) == [1, 2]


def test_split_pairs_never_join(event, ref):
    a = ref(event(), "a", "Wire One")
    b = ref(event(), "b", "Wire Two")
    c = ref(event(), "c", "Wire Three")
    incidents = find_incidents([a, b, c], apart={frozenset((a.key, c.key)), frozenset((b.key, c.key))})
    assert sorted(len(i.events) for i in incidents) == [1, 2]


def test_incident_id_does_not_depend_on_input_order(event, ref):
    a = ref(event(), "a", "Wire One")
    b = ref(event(), "b", "Wire Two")
    c = ref(event(), "c", "Wire Three")
    assert [i.id for i in find_incidents([a, b, c])] == [i.id for i in find_incidents([c, a, b])]


def test_two_events_stated_in_one_sentence_get_their_own_keys(event, article):
    text = "Drones struck Kharkiv and Odesa overnight."
    record = Record(article=article("a", "Wire One", "2024-03-13", text),
                    events=[event(place="Kharkiv", text=text), event(place="Odesa", text=text)])
    refs = refs_of(record)
    assert len({r.key for r in refs}) == 2
    assert refs[0].key == event_key(record.article.id, record.events[0])  # the first keeps the key it always had
    assert sorted(len(i.events) for i in find_incidents(refs)) == [1, 1]


def test_the_same_event_told_by_two_articles_has_two_keys(event, ref):
    assert ref(event(), "a", "Wire One").key != ref(event(), "b", "Wire One").key


def test_events_sharing_a_key_are_refused_not_dropped(event, ref):
    a = ref(event(), "a", "Wire One")
    with pytest.raises(ValueError, match=f"{a.key}: two events share this key"):
        find_incidents([a, ref(event(), "a", "Wire One")])


def test_an_undated_report_published_the_next_day_joins_the_strike_in_its_town(event, ref):
    """News tells what happened lately: "drones hit Kharkiv" in a paper of 13 March is the strike of 12 March."""
    dated = ref(event(day="2024-03-12"), "a", "Wire One", "2024-03-12")
    undated = ref(event(day=None), "b", "Wire Two", "2024-03-13")
    [incident] = find_incidents([dated, undated])
    assert any("undated report published 2024-03-13" in r for r in incident.links[0].reasons)


def test_an_undated_report_published_weeks_later_stays_apart(event, ref):
    dated = ref(event(day="2024-03-12"), "a", "Wire One", "2024-03-12")
    later = ref(event(day=None), "b", "Wire Two", "2024-04-20")
    assert len(find_incidents([dated, later])) == 2


def test_an_unplaced_mention_of_the_same_night_in_one_article_joins_it(event, ref):
    """"Drones were launched overnight" beside "drones hit Odesa overnight", in one article: one night."""
    placed = ref(event(day="2024-03-12", place="Odesa"), "a", "Wire One", "2024-03-12", index=0)
    unplaced = ref(event("interception", day="2024-03-12", place=None, text="Air defences downed 20 drones."),
                   "a", "Wire One", "2024-03-12", index=1)
    [incident] = find_incidents([placed, unplaced])
    assert "same article and dates, one of them without a place" in incident.links[0].reasons


def test_an_incident_dated_only_to_a_month_or_years_is_vague(event, ref):
    """Background ("since 2022", "in February 2022") is kept but not listed among happenings."""
    [years] = find_incidents([ref(event(day="2022-01-01", until="2025-05-08"), "a")])
    [month] = find_incidents([ref(event(day="2022-02-01", until="2022-02-28"), "b")])
    [undated] = find_incidents([ref(event(day=None), "c")])
    [night] = find_incidents([ref(event(day="2024-03-12", until="2024-03-13"), "d")])
    assert (years.vague, month.vague, undated.vague, night.vague) == (True, True, True, False)


def test_a_report_s_toll_is_its_highest_count_and_unknown_stays_unknown(event, ref):
    from dronewatch.merge.incidents import toll_range, toll_text

    assert toll_range([2, None, 4]) == (2, 4) and toll_range([None, None]) is None
    assert toll_range([0]) == (0, 0)  # "no one was killed" is a count, unlike no count at all
    assert (toll_text((3, 5)), toll_text((0, 0)), toll_text(None)) == ("3–5", "0", "?")
