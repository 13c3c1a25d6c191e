"""The outlet voice matrix: per outlet and claimant, claims told as fact, attributed, or disputed."""

from __future__ import annotations

from dronewatch.merge.outlets import Telling, voice_matrix
from dronewatch.merge.sides import claimant


def _t(outlet: str, status: str, source: str | None, incident: str | None, article: str = "a", event: int = 0,
       start: int = 0) -> Telling:
    return Telling(outlet, article, event, status, source, None, incident, f"sentence {article}/{event}", start)


def test_speaker_phrases_resolve_to_side_and_body() -> None:
    assert claimant("Russia's defence ministry", "Russia") == ("RU", "defence ministry")
    assert claimant("the Israeli military") == ("IL", "military")
    assert claimant("Iran's Revolutionary Guards") == ("IR", "military")
    assert claimant("the regional governor") == (None, "governor")
    assert claimant("Zelensky", "Volodymyr Zelensky") == ("UA", "president")


def test_repeating_a_claim_that_another_outlet_attributes_is_telling_it_as_fact() -> None:
    matrix = voice_matrix([
        _t("Wire One", "claimed", "Russia's defence ministry", "inc-1", article="w"),
        _t("Partisan Daily", "reported", None, "inc-1", article="p"),
        _t("Sceptic Post", "disputed", "the Russian military", "inc-1", article="s"),
    ])
    assert matrix.sides == ["RU"]
    assert matrix.by_side["Partisan Daily"]["RU"].fact == 1
    assert matrix.by_side["Wire One"]["RU"].attributed == 1
    assert matrix.by_side["Sceptic Post"]["RU"].disputed == 1
    assert matrix.by_actor["Wire One"]["RU defence ministry"].as_dict()["shares"]["attributed"] == 1.0
    assert matrix.by_side["Partisan Daily"]["RU"].examples[0]["article_id"] == "p"


def test_own_voice_carrying_on_an_attributed_account_is_fact() -> None:
    """"…, the ministry said. Warehouses were destroyed.": the second sentence repeats the claim as fact."""
    matrix = voice_matrix([
        _t("Partisan Daily", "claimed", "Ukraine's air force", None, article="p", event=0, start=0),
        _t("Partisan Daily", "reported", None, None, article="p", event=1, start=120),
        _t("Partisan Daily", "reported", None, None, article="p", event=2, start=5000),
    ])
    cell = matrix.by_side["Partisan Daily"]["UA"]
    assert (cell.fact, cell.attributed, cell.disputed) == (1, 1, 0)
    assert str(cell) == "50% / 50% / 0% of 2"


def test_events_nobody_claims_and_unknown_sides_make_no_column() -> None:
    matrix = voice_matrix([
        _t("Wire One", "reported", None, "inc-9", article="w"),
        _t("Wire One", "claimed", "local residents", "inc-9", article="v"),
    ])
    assert matrix.sides == [] and matrix.by_side == {}
