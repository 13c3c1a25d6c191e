"""Figures read from invented reports: written numbers, qualifiers, kinds, sources; years and durations are not
figures. ``parse_number`` is checked on its own, without a model."""

from collections.abc import Callable
from datetime import date

import pytest

from dronewatch.nlp.figures import parse_number
from dronewatch.record import Figure, Record

model = pytest.mark.model


def _only(record: Record) -> Figure:
    assert len(record.figures) == 1, [(f.kind, f.value, f.qualifier) for f in record.figures]
    return record.figures[0]


def _read(record: Record) -> list[tuple[str, float, str | None]]:
    return [(f.kind, f.value, f.qualifier) for f in record.figures]


@pytest.mark.parametrize(
    ("words", "value"),
    [
        (["7,250"], 7250),
        (["1.5", "million"], 1_500_000),
        (["forty-two"], 42),
        (["three", "hundred"], 300),
        (["one", "hundred", "and", "twenty"], 120),
        (["2", "billion"], 2_000_000_000),
    ],
)
def test_number_written_in_digits_or_words_has_its_value(words: list[str], value: float) -> None:
    assert parse_number(words) == value


def test_a_word_that_is_not_a_number_has_no_value() -> None:
    assert parse_number(["several"]) is None


# --- written numbers -----------------------------------------------------------------------------------------


@model
def test_number_word_counts(extract: Callable[..., Record]) -> None:
    assert _read(extract("Two civilians were killed in Kostiantynivka.")) == [("killed", 2, None)]


@model
def test_a_dozen_is_twelve(extract: Callable[..., Record]) -> None:
    assert _read(extract("A dozen soldiers were injured by the blast.")) == [("injured", 12, None)]


@model
def test_tens_of_thousands_is_over_ten_thousand(extract: Callable[..., Record]) -> None:
    assert _read(extract("Tens of thousands of residents have fled the border area.")) == [
        ("displaced", 10000, "over")
    ]


@model
def test_hundreds_is_over_a_hundred(extract: Callable[..., Record]) -> None:
    fig = extract("Hundreds of drones were launched at the capital.").figures[0]
    assert (fig.kind, fig.value, fig.qualifier) == ("drones", 100, "over")


@model
def test_decimal_with_million(extract: Callable[..., Record]) -> None:
    assert _read(extract("The war has displaced 1.5 million people from the eastern regions.")) == [
        ("displaced", 1_500_000, None)
    ]


@model
def test_digits_with_thousands_separator(extract: Callable[..., Record]) -> None:
    fig = _only(extract("Some 7,250 soldiers were wounded in the offensive."))
    assert (fig.kind, fig.value) == ("injured", 7250)


# --- qualifiers ----------------------------------------------------------------------------------------------


@model
@pytest.mark.parametrize(
    ("text", "qualifier"),
    [
        ("At least 11 people were killed in the strike.", "at least"),
        ("Nearly 7,250 soldiers were wounded in the offensive.", "nearly"),
        ("Up to 30 missiles were fired at energy facilities on Friday.", "up to"),
        ("More than 400 drones were launched against Ukrainian cities in one night.", "over"),
        ("About 300 troops were deployed to the region.", "approximately"),
        ("Some 5,000 troops were sent to the border.", "approximately"),
        ("Fewer than 100 soldiers remain in the town.", "under"),
    ],
    ids=["at-least", "nearly", "up-to", "more-than", "about", "some", "fewer-than"],
)
def test_qualifier_before_the_number(extract: Callable[..., Record], text: str, qualifier: str) -> None:
    assert _only(extract(text)).qualifier == qualifier


@model
def test_exact_number_has_no_qualifier(extract: Callable[..., Record]) -> None:
    assert _only(extract("Two civilians were killed in Kostiantynivka.")).qualifier is None


# --- kinds ---------------------------------------------------------------------------------------------------


@model
@pytest.mark.parametrize(
    ("text", "kind", "value"),
    [
        ("The attack killed four people in the market.", "killed", 4),
        ("The blast injured 19 residents.", "injured", 19),
        ("The war has displaced 1.5 million people from the eastern regions.", "displaced", 1_500_000),
        ("Some 5,000 troops were sent to the border.", "troops", 5000),
        ("Germany delivered 50 drones to Ukraine last week.", "drones", 50),
        ("Ukraine's air force said its units had intercepted 14 missiles.", "missiles", 14),
        ("Russia has lost about 60 percent of its Black Sea Fleet.", "percent", 60),
        ("Kyiv will receive 2 billion euros in military aid.", "money", 2_000_000_000),
        ("Western officials said Moscow had lost more than 300 tanks since January.", "weapons", 300),
    ],
    ids=["killed", "injured", "displaced", "troops", "drones", "missiles", "percent", "money", "weapons"],
)
def test_kind_follows_what_is_counted(extract: Callable[..., Record], text: str, kind: str, value: float) -> None:
    fig = _only(extract(text))
    assert (fig.kind, fig.value) == (kind, value)


@model
def test_dollar_amount_is_money(extract: Callable[..., Record]) -> None:
    fig = _only(extract("The government spent $2 billion on interceptor drones."))
    assert (fig.kind, fig.value) == ("money", 2_000_000_000)


@model
def test_killed_professionals_are_counted(extract: Callable[..., Record]) -> None:
    rec = extract("A Russian missile hit a hospital in Zaporizhzhia on Thursday, killing two doctors.")
    assert _read(rec) == [("killed", 2, None)]


@model
def test_counted_aircraft_designation_is_weapons(extract: Callable[..., Record]) -> None:
    fig = _only(extract("Ukraine has lost three F-16s since the summer."))
    assert (fig.kind, fig.value) == ("weapons", 3)


# --- not figures ---------------------------------------------------------------------------------------------


@model
def test_year_is_not_a_figure(extract: Callable[..., Record]) -> None:
    assert extract("In 2019 the separatists signed a truce in Minsk.").figures == []


@model
def test_durations_are_not_figures(extract: Callable[..., Record]) -> None:
    rec = extract("A 10-year war has left the region in ruins. The ceasefire held for 24 hours and the shelling "
                  "lasted three days.")
    assert rec.figures == []


@model
def test_weapon_designations_are_not_counts(extract: Callable[..., Record]) -> None:
    assert extract("Russia moved S-300 batteries and Su-34 jets closer to the border.").figures == []


# --- sources -------------------------------------------------------------------------------------------------


@model
def test_figure_in_the_outlets_voice_has_no_source(extract: Callable[..., Record]) -> None:
    assert _only(extract("Germany delivered 50 drones to Ukraine last week.")).source is None


@model
def test_source_from_reported_speech(extract: Callable[..., Record]) -> None:
    fig = _only(extract("Ukraine's air force said its units had intercepted 14 missiles."))
    assert fig.source is not None
    assert (fig.source.text, fig.source.name) == ("Ukraine's air force", "Ukraine")


@model
def test_source_from_according_to_covers_every_number_of_the_clause(extract: Callable[..., Record]) -> None:
    rec = extract("According to Ukraine's air force, 35 of the 48 drones were shot down.")
    assert [(f.value, f.source.name if f.source else None) for f in rec.figures] == [(35, "Ukraine"), (48, "Ukraine")]


@model
def test_unnamed_source_after_the_clause(extract: Callable[..., Record]) -> None:
    fig = _only(extract("The strike injured about 40 people, officials said."))
    assert (fig.kind, fig.value, fig.qualifier) == ("injured", 40, "approximately")
    assert fig.source is not None and (fig.source.text, fig.source.name) == ("officials", None)


@model
def test_institution_after_the_clause_is_the_source(extract: Callable[..., Record]) -> None:
    fig = _only(extract("Nearly 7,250 soldiers were wounded in the offensive, the military said."))
    assert fig.source is not None and fig.source.text == "the military"


@model
def test_figure_evidence_is_its_sentence_in_the_article(extract: Callable[..., Record]) -> None:
    rec = extract("Sirens sounded at dawn. At least 11 people were killed in the strike.")
    fig = _only(rec)
    assert rec.article.text[fig.evidence.start:fig.evidence.end] == fig.evidence.text
    assert fig.evidence.text == "At least 11 people were killed in the strike."


@model
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Russia launched nearly two dozen drones at Odesa overnight.", [("drones", 24, "nearly")]),
        ("At least half a dozen civilians were wounded in the shelling.", [("injured", 6, "at least")]),
        ("Roughly 3.7 million people remain internally displaced.", [("displaced", 3_700_000, "approximately")]),
    ],
)
def test_compound_and_distant_counts(extract: Callable[..., Record], text: str, expected: list[tuple[str, float, str | None]]) -> None:
    assert _read(extract(text)) == expected


# --- salvos: launched, intercepted, weapon, side, night --------------------------------------------------------


def _salvo(record: Record) -> list[tuple[str | None, float, str | None, str | None]]:
    return [(f.role, f.value, f.weapon.name if f.weapon else None, f.side) for f in record.figures if f.role]


@model
def test_launched_and_shot_down_counts_of_one_salvo(extract: Callable[..., Record]) -> None:
    record = extract("Moscow sent 57 Shahed drones against Ukraine overnight, and 41 were shot down, the air force said.")
    assert _salvo(record) == [("launched", 57, "Shahed-136", "RU"), ("intercepted", 41, "Shahed-136", "RU")]
    assert {f.night for f in record.figures} == {date(2025, 3, 14)}
    assert all(f.source is not None and f.source.text == "the air force" for f in record.figures)


@model
def test_the_side_is_whose_drones_were_destroyed(extract: Callable[..., Record]) -> None:
    record = extract("The Russian defence ministry said its air defences destroyed 19 Ukrainian drones over Kursk.")
    assert _salvo(record) == [("intercepted", 19, "drone", "UA")]


@model
def test_part_and_whole_of_a_salvo(extract: Callable[..., Record]) -> None:
    record = extract("Air defence downed 23 of the 31 Kalibr cruise missiles fired from the Black Sea.")
    assert _salvo(record) == [("intercepted", 23, "Kalibr", "RU"), ("launched", 31, "Kalibr", "RU")]


@model
def test_a_count_of_them_counts_the_salvo_before(extract: Callable[..., Record]) -> None:
    record = extract("The enemy launched 44 attack drones from Bryansk oblast. Mobile fire groups destroyed 30 of them.")
    assert [(r, v) for r, v, _, _ in _salvo(record)] == [("launched", 44), ("intercepted", 30)]
    assert record.figures[1].kind == "drones"


@model
def test_all_of_them_and_none_of_them(extract: Callable[..., Record]) -> None:
    every = extract("Russia fired six Kh-101 missiles at Lviv overnight. All of them were intercepted.")
    assert [(r, v) for r, v, _, _ in _salvo(every)] == [("launched", 6), ("intercepted", 6)]
    none = extract("Russia fired two Iskander missiles at Sumy. None of them was intercepted.")
    assert [(r, v) for r, v, _, _ in _salvo(none)] == [("launched", 2), ("intercepted", 0)]


@model
def test_the_night_comes_from_the_text_before_the_publication_date(extract: Callable[..., Record]) -> None:
    record = extract("On the night of 3-4 March, Russia launched 80 drones. Of these, 61 were neutralised.")
    assert [f.night for f in record.figures] == [date(2025, 3, 4), date(2025, 3, 4)]


@model
def test_drones_bought_are_no_salvo(extract: Callable[..., Record]) -> None:
    record = extract("The army plans to buy 300 drones next year. Officials said 20 tanks were destroyed. "
                     "Moscow launches hundreds of drones at the city every month.")
    assert [(f.kind, f.role) for f in record.figures] == [("drones", None), ("weapons", None), ("drones", None)]


@model
def test_two_weapons_in_one_salvo_keep_their_own_counts(extract: Callable[..., Record]) -> None:
    record = extract("Russia launched 90 Shahed drones and four Kalibr missiles at Odesa overnight. Air defence destroyed "
                     "70 of the drones and eight were lost to jamming. None of the missiles was intercepted.")
    assert _salvo(record) == [("launched", 90, "Shahed-136", "RU"), ("launched", 4, "Kalibr", "RU"),
                              ("intercepted", 70, "Shahed-136", "RU"), ("lost", 8, "Shahed-136", "RU"),
                              ("intercepted", 0, "Kalibr", "RU")]
