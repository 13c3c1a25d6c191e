"""Plain-text and Markdown dumps of web pages become clean articles (texts invented for these tests)."""

from datetime import date

import pytest

from dronewatch.errors import InputError
from dronewatch.ingest.text import parse_text

ARTICLE = """top of page

# Drones strike a power station in the north

Maria Kovalenko
4 March 2024

Drones hit a power station near the northern town overnight, the regional
governor said on Monday, cutting electricity to thousands of homes.

Photo: Example Agency/John Smith

Repair crews began work at dawn, officials said. They did not say how
long the repairs would take.

The attack followed a week of strikes on the region's
power grid, according to the local utility.

Share this:
Click to share on Twitter

Leave a Reply
Your email address will not be published.

bottom of page
"""


def test_header_lines_become_metadata():
    doc = parse_text(ARTICLE, source="a.txt")
    assert doc.title == "Drones strike a power station in the north"
    assert doc.authors == ["Maria Kovalenko"]
    assert doc.published == date(2024, 3, 4)
    assert not doc.text.startswith("Drones strike")


def test_navigation_captions_share_buttons_and_comment_form_are_removed():
    text = parse_text(ARTICLE, source="a.txt").text
    for furniture in ("top of page", "bottom of page", "Photo:", "Share this", "Click to share", "Leave a Reply",
                      "email address"):
        assert furniture not in text


def test_lines_broken_mid_sentence_are_joined_and_paragraphs_kept():
    text = parse_text(ARTICLE, source="a.txt").text
    assert "regional governor said on Monday" in text
    assert "region's power grid" in text
    assert text.count("\n\n") == 2


def test_sentence_broken_across_a_blank_line_is_rejoined():
    raw = "A short headline about drones\n\nOfficials said the drones flew toward the\n\ncapital before dawn on Friday."
    assert parse_text(raw, source="a.txt").text == "Officials said the drones flew toward the capital before dawn on Friday."


def test_markdown_emphasis_links_and_headings_are_stripped():
    raw = ("## Drones over the capital\n\nAs the *Example Gazette* reported, **dozens** of drones were seen over the "
           "city, according to [the mayor](https://example.org/mayor).")
    doc = parse_text(raw, source="a.md")
    assert doc.title == "Drones over the capital"
    assert doc.text == ("As the Example Gazette reported, dozens of drones were seen over the city, according to "
                        "the mayor.")


def test_by_line_gives_authors_and_a_repeated_title_is_dropped():
    raw = ("Why the drone war is changing\n\nWhy the drone war is changing\n\nBy Anna Weiss and Tom Berg\n\n"
           "Cheap drones have changed how both armies fight along the front, commanders say.")
    doc = parse_text(raw, source="a.txt")
    assert doc.title == "Why the drone war is changing"
    assert doc.authors == ["Anna Weiss", "Tom Berg"]
    assert doc.text.startswith("Cheap drones")


def test_trailing_blocks_after_a_disclaimer_are_page_not_article():
    raw = ("A headline for a column\n\nBy Lena Hart\n\nI believe the drone race is only beginning, and we must "
           "prepare for it now rather than later.\n\n"
           "Disclaimer: The views expressed in this article are the author's own.\n\n"
           "Learn drone piloting in 5 weeks\n\nCategories: Analysis, Europe\n\nTags: , ,")
    doc = parse_text(raw, source="a.txt")
    assert doc.text == "I believe the drone race is only beginning, and we must prepare for it now rather than later."


def test_contact_footer_names_the_outlet_and_is_removed():
    raw = ("Troops gather at the border\n\nSeveral thousand troops have gathered near the border in recent days, "
           "satellite images show.\n\nTo contact the editors of this site\nplease visit:\n\nexample-news.org/contact")
    doc = parse_text(raw, source="a.txt")
    assert doc.outlet == "example-news.org"
    assert "contact" not in doc.text


def test_copyright_line_names_the_outlet():
    raw = ("Troops gather at the border\n\nSeveral thousand troops have gathered near the border in recent days, "
           "satellite images show.\n\n© 2023 Example News. All rights reserved.")
    doc = parse_text(raw, source="a.txt")
    assert doc.outlet == "Example News"
    assert "rights reserved" not in doc.text


def test_ads_and_course_promotions_are_removed():
    raw = ("Troops gather at the border\n\nSeveral thousand troops have gathered near the border in recent days, "
           "satellite images show.\n\nADVERTISEMENT\nGet certified online today, save money now\n\n"
           "Officials declined to comment on the numbers when asked on Friday.\n\n"
           "3 Courses in 1 - Certificate in Project Management")
    text = parse_text(raw, source="a.txt").text
    assert "ADVERTISEMENT" not in text and "certified" not in text and "Courses" not in text
    assert text.endswith("asked on Friday.")


def test_captions_with_agency_photo_credit_are_removed():
    raw = ("Drone hits a depot\n\nA drone hit a fuel depot on Sunday, officials said.\n\n"
           "Smoke rises over the depot on Sunday. (AP Photo/Jane Roe)\n\nFirefighters put out the blaze by noon, "
           "the emergency service said.")
    assert "AP Photo" not in parse_text(raw, source="a.txt").text


def test_dateline_with_year_gives_the_date_and_wire_outlet():
    raw = ("Drone hits a depot\n\nODESA, Ukraine, May 3, 2023 (Example Wire) - A drone hit a fuel depot on "
           "Wednesday, officials said.")
    doc = parse_text(raw, source="a.txt")
    assert doc.published == date(2023, 5, 3)
    assert doc.outlet == "Example Wire"


def test_masthead_line_is_the_outlet_not_an_author():
    raw = ("Drone hits a depot\nExample Herald\nBy Olena Marchenko\n12.03.2025\n\n"
           "A drone hit a fuel depot on Wednesday, officials said in a brief statement.")
    doc = parse_text(raw, source="a.txt")
    assert doc.authors == ["Olena Marchenko"]
    assert doc.outlet == "Example Herald"
    assert doc.published == date(2025, 3, 12)
    assert doc.text.startswith("A drone hit")


def test_header_line_packing_outlet_label_date_and_byline():
    raw = ("Explosions near the plant\n\nExample Agency | Analysis | 20 September 2024 | By Lena Hart\n\n"
           "Explosions were heard near the plant on Tuesday, residents said.")
    doc = parse_text(raw, source="a.txt")
    assert (doc.outlet, doc.genre, doc.published, doc.authors) == (
        "Example Agency", "analysis", date(2024, 9, 20), ["Lena Hart"])


def test_text_starting_with_a_sentence_has_no_title():
    doc = parse_text("Drones struck a bridge near the town on Monday, officials said.", source="x.jsonl#1")
    assert doc.title is None
    assert doc.text.startswith("Drones struck")


def test_known_title_is_removed_not_guessed():
    raw = "Bridge struck by drones\n\nDrones struck a bridge near the town on Monday, officials said."
    doc = parse_text(raw, source="x.jsonl#1", title="Bridge struck by drones")
    assert doc.title == "Bridge struck by drones"
    assert doc.text.startswith("Drones struck")


def test_page_with_only_furniture_is_an_error_naming_the_source():
    with pytest.raises(InputError, match=r"^a\.txt: no article text"):
        parse_text("top of page\n\nShare this:\n\nbottom of page", source="a.txt")


def test_kicker_above_the_headline_is_not_article_text():
    raw = "Odesa\n\nDrones hit the port\n\nDrones hit the port of the city overnight, officials said on Friday."
    doc = parse_text(raw, source="a.txt")
    assert doc.title == "Drones hit the port"
    assert doc.text == "Drones hit the port of the city overnight, officials said on Friday."


def test_a_headline_alone_is_the_text_not_an_empty_article():
    # A wire or live-blog headline given as a whole document has no closing full stop, like a title.
    doc = parse_text("Drones hit a fuel depot near the border overnight, regional governor says", source="h.jsonl#7")
    assert doc.text == "Drones hit a fuel depot near the border overnight, regional governor says"


@pytest.mark.parametrize("name", ["Example Sentinel", "Northern Wire", "Valley Monitor", "Reuters"])
def test_outlet_name_under_the_title_is_the_outlet_not_an_author(name):
    raw = (f"Drones hit the port overnight\n{name}\nODESA, 15 May 2025\n\n"
           "Drones hit a port building overnight, the regional governor said on Thursday.")
    doc = parse_text(raw, source="a.txt")
    assert doc.outlet == name
    assert doc.authors == []


def test_person_name_under_the_title_is_still_the_author():
    raw = ("Drones hit the port overnight\nOlena Marchenko\n15 May 2025\n\n"
           "Drones hit a port building overnight, the regional governor said on Thursday.")
    doc = parse_text(raw, source="a.txt")
    assert doc.authors == ["Olena Marchenko"]
    assert doc.outlet is None
