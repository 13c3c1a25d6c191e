"""Confidence grades and the reasons a reader sees for them."""

from __future__ import annotations

from dronewatch.merge import find_incidents, grade_incident


def test_one_outlet_in_its_own_voice_is_a_single_source_report(event, ref):
    [incident] = find_incidents([ref(event(), "a", "Wire One")])
    grade = grade_incident(incident)
    assert grade.label == "single-source report"
    assert grade.reasons[0] == "1 independent outlet: Wire One"


def test_many_outlets_repeating_one_ministry_is_a_single_source_claim(event, ref):
    claimed = {"status": "claimed", "source": "Russia's defence ministry"}
    refs = [ref(event(**claimed), name, outlet) for name, outlet in (("a", "One"), ("b", "Two"), ("c", "Three"))]
    [incident] = find_incidents(refs)
    grade = grade_incident(incident)
    assert grade.label == "single-source claim"
    assert "official source: Russia's defence ministry" in grade.reasons


def test_own_voice_reports_from_both_sides_confirm(event, ref):
    [incident] = find_incidents([ref(event(), "a", "Kyiv Paper"), ref(event(), "b", "Moscow Paper")])
    grade = grade_incident(incident, {"Kyiv Paper": "UA", "Moscow Paper": "RU"})
    assert grade.label == "confirmed"
    assert "outlets from both sides report it in their own voice" in grade.reasons


def test_two_outlets_of_one_side_corroborate(event, ref):
    [incident] = find_incidents([ref(event(), "a", "Kyiv Paper"), ref(event(), "b", "Kyiv Radio")])
    assert grade_incident(incident, {"Kyiv Paper": "UA", "Kyiv Radio": "UA"}).label == "corroborated"


def test_a_denial_makes_it_disputed(event, ref):
    [incident] = find_incidents([ref(event(), "a", "Kyiv Paper"), ref(event(), "b", "Kyiv Radio")])
    grade = grade_incident(incident, denials=["Russia's defence ministry"])
    assert grade.label == "disputed"
    assert "denied by Russia's defence ministry" in grade.reasons


def test_a_disputed_report_makes_it_disputed(event, ref):
    refs = [ref(event(), "a", "Wire One"), ref(event(status="disputed", source="Moscow"), "b", "Wire Two")]
    [incident] = find_incidents(refs)
    grade = grade_incident(incident)
    assert grade.label == "disputed"
    assert "disputed in Wire Two" in grade.reasons


def test_two_names_of_one_outlet_are_not_two_independent_outlets(event, ref):
    [incident] = find_incidents([ref(event(), "a", "The Kyiv Independent"), ref(event(), "b", "kyivindependent.com")])
    grade = grade_incident(incident)
    assert grade.label == "single-source report"
    assert grade.reasons[0] == "1 independent outlet: The Kyiv Independent"
