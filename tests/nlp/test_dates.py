"""Date phrases resolve to intervals against the publication date (sentences written for these tests)."""

from datetime import date

import pytest
import spacy

from dronewatch.ingest.document import Document
from dronewatch.nlp import dates  # noqa: F401 (registers the component)
from dronewatch.nlp.dates import find_dates, resolve_date

# A Tuesday.
PUBLISHED = date(2021, 11, 16)


@pytest.mark.parametrize(
    ("phrase", "earliest", "latest"),
    [
        ("on Monday", date(2021, 11, 15), date(2021, 11, 15)),
        ("Tuesday night", date(2021, 11, 16), date(2021, 11, 16)),  # the publication day's own weekday
        ("last Tuesday", date(2021, 11, 9), date(2021, 11, 9)),
        ("yesterday", date(2021, 11, 15), date(2021, 11, 15)),
        ("last night", date(2021, 11, 15), date(2021, 11, 16)),
        ("last week", date(2021, 11, 8), date(2021, 11, 14)),
        ("this week", date(2021, 11, 15), date(2021, 11, 16)),
        ("late October", date(2021, 10, 21), date(2021, 10, 31)),
        ("early March", date(2021, 3, 1), date(2021, 3, 10)),
        ("mid-July", date(2021, 7, 11), date(2021, 7, 20)),
        ("the end of September", date(2021, 9, 21), date(2021, 9, 30)),
        ("in July", date(2021, 7, 1), date(2021, 7, 31)),
        ("in December", date(2020, 12, 1), date(2020, 12, 31)),  # the most recent December before publication
        ("last spring", date(2021, 3, 1), date(2021, 5, 31)),
        ("last summer", date(2021, 6, 1), date(2021, 8, 31)),
        ("this year", date(2021, 1, 1), PUBLISHED),
        ("last year", date(2020, 1, 1), date(2020, 12, 31)),
        ("the past year", date(2020, 11, 16), PUBLISHED),
        ("earlier this month", date(2021, 11, 1), PUBLISHED),
        ("last month", date(2021, 10, 1), date(2021, 10, 31)),
        ("since February 2020", date(2020, 2, 1), PUBLISHED),
        ("since 2014", date(2014, 1, 1), PUBLISHED),
        ("in 2015", date(2015, 1, 1), date(2015, 12, 31)),
        ("on 3 May", date(2021, 5, 3), date(2021, 5, 3)),
        ("on 20 November", date(2020, 11, 20), date(2020, 11, 20)),  # after publication: the year before
        ("May 3, 2023", date(2023, 5, 3), date(2023, 5, 3)),
        ("3 May 2019", date(2019, 5, 3), date(2019, 5, 3)),
        ("two weeks ago", date(2021, 10, 30), date(2021, 11, 5)),
        ("on the night of November 3-4", date(2021, 11, 3), date(2021, 11, 4)),
        ("from 3 to 4 March 2019", date(2019, 3, 3), date(2019, 3, 4)),
        ("late last year", date(2020, 9, 1), date(2020, 12, 31)),
        ("early this year", date(2021, 1, 1), date(2021, 4, 30)),
        ("three days ago", date(2021, 11, 13), date(2021, 11, 13)),
        ("over the weekend", date(2021, 11, 13), date(2021, 11, 14)),
        ("early 2019", date(2019, 1, 1), date(2019, 4, 30)),
        ("the 1990s", date(1990, 1, 1), date(1999, 12, 31)),
    ],
)
def test_relative_phrase_resolves_against_publication(phrase: str, earliest: date, latest: date) -> None:
    interval = resolve_date(phrase, PUBLISHED)
    assert interval is not None
    assert (interval.earliest, interval.latest) == (earliest, latest)
    assert interval.text == phrase


def test_without_publication_date_a_relative_phrase_keeps_text_and_null_bounds() -> None:
    interval = resolve_date("late October", None)
    assert interval is not None
    assert interval.text == "late October"
    assert (interval.earliest, interval.latest) == (None, None)


def test_full_date_resolves_without_publication_date() -> None:
    interval = resolve_date("May 3, 2023", None)
    assert interval is not None
    assert interval.earliest == interval.latest == date(2023, 5, 3)


@pytest.mark.parametrize("phrase", ["seven-year-long", "20-year-old", "for two years", "annually"])
def test_ages_and_durations_are_not_dates(phrase: str) -> None:
    assert resolve_date(phrase, PUBLISHED) is None


def _doc(text: str, published: date | None = PUBLISHED) -> spacy.tokens.Doc:
    nlp = spacy.blank("en")
    nlp.add_pipe("dronewatch_dates")
    doc = nlp.make_doc(text)
    doc._.dw_document = Document(source="test", text=text, published=published)
    return nlp(doc)


def test_component_finds_date_phrases_in_a_blank_pipeline() -> None:
    doc = _doc("A depot burned on Monday night, weeks after shelling in late October near the river.")
    found = [(m.span.text, m.interval.earliest, m.interval.latest) for m in doc._.dw_dates]
    assert found == [
        ("Monday night", date(2021, 11, 15), date(2021, 11, 15)),
        ("late October", date(2021, 10, 21), date(2021, 10, 31)),
    ]


def test_since_is_part_of_the_phrase_and_runs_to_publication() -> None:
    doc = _doc("The village has been shelled since March 2021, residents said.")
    (mention,) = doc._.dw_dates
    assert mention.span.text == "since March 2021"
    assert (mention.interval.earliest, mention.interval.latest) == (date(2021, 3, 1), PUBLISHED)


def test_counts_and_capitalised_may_are_not_years_or_months() -> None:
    doc = _doc("Some 2000 drones were counted. May the talks succeed, the envoy wrote in 2020.")
    assert [m.span.text for m in doc._.dw_dates] == ["2020"]


def test_year_used_in_a_name_still_resolves_to_its_year() -> None:
    doc = _doc("Both sides cite the 2015 Minsk accords.")
    (mention,) = doc._.dw_dates
    assert mention.interval.earliest == date(2015, 1, 1)


def test_find_dates_offsets_point_at_the_words() -> None:
    text = "Officials said two weeks ago that the convoy left."
    doc = spacy.blank("en")(text)
    (mention,) = find_dates(doc, PUBLISHED)
    assert text[mention.span.start_char:mention.span.end_char] == "two weeks ago"


def test_numeric_date_the_grammar_lacks_is_read_by_dateparser() -> None:
    interval = resolve_date("03/05/2019", PUBLISHED)
    assert interval is not None
    assert interval.earliest == interval.latest
    assert interval.earliest is not None and interval.earliest.year == 2019


@pytest.mark.model
def test_model_entities_and_grammar_give_one_mention_per_phrase() -> None:
    from dronewatch.config import settings

    try:
        nlp = spacy.load(settings.spacy_model)
    except OSError:
        pytest.skip("spaCy model not available")
    doc = nlp("Drones struck a fuel depot on Tuesday night, and the autumn of 2019 saw similar raids.")
    found = [(m.span.text, m.interval.earliest, m.interval.latest) for m in find_dates(doc, PUBLISHED)]
    assert found == [
        ("Tuesday night", PUBLISHED, PUBLISHED),
        ("the autumn of 2019", date(2019, 9, 1), date(2019, 11, 30)),
    ]

