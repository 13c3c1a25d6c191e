"""HTML pages through trafilatura and htmldate (pages invented for these tests)."""

from datetime import date

import pytest

from dronewatch.errors import InputError
from dronewatch.ingest.html import parse_html

BODY = "".join(
    f"<p>{s}</p>" for s in (
        ("Drones struck a grain terminal at the river port overnight, the regional administration said on "
        "Wednesday, wounding three workers and setting a warehouse on fire."),
        ("Firefighters needed several hours to contain the blaze, the emergency service said in a statement "
        "published on its website along with photographs of the damaged roof."),
        ("The port operator said loading would resume within two days once engineers had checked the cranes "
        "and the berths for damage from the blasts and the fire."),
    )
)
PAGE = f"""<html><head><title>Drones hit river port terminal - Example Courier</title>
<meta property="og:site_name" content="Example Courier"><meta name="author" content="Ivan Petrenko">
<meta property="article:published_time" content="2024-06-12T06:30:00+00:00"></head>
<body><nav><a href="/">Home</a><a href="/world">World</a></nav><article><h1>Drones hit river port terminal</h1>
{BODY}</article><footer>Subscribe to our newsletter</footer></body></html>"""


def test_article_text_and_metadata_come_from_the_page():
    doc = parse_html(PAGE, source="p.html")
    assert doc.title == "Drones hit river port terminal"
    assert doc.authors == ["Ivan Petrenko"]
    assert doc.published == date(2024, 6, 12)
    assert doc.outlet == "Example Courier"
    assert doc.text.startswith("Drones struck a grain terminal")
    assert "Home" not in doc.text and "Subscribe" not in doc.text
    assert doc.text.count("\n\n") == 2


def test_the_site_name_beats_the_url_host():
    """og:site_name names the outlet; the host is only its address (issue 14: two outlets for one)."""
    doc = parse_html(PAGE, source="crawl.warc#x", url="https://www.courier.example/news/port")
    assert doc.outlet == "Example Courier"
    assert doc.url == "https://www.courier.example/news/port"


def test_a_section_label_after_the_site_name_is_not_part_of_the_outlet():
    from dronewatch.ingest.metadata import outlet_name

    assert outlet_name("The Harbour Ledger, Opinion", "ledger.example") == "The Harbour Ledger"
    assert outlet_name("Steppe Wire | World news", None) == "Steppe Wire"
    assert outlet_name(None, "www.reuters.com") == "Reuters"
    assert outlet_name(None, "uk.reuters.com") == "Reuters"
    assert outlet_name(None, "unlisted.example") == "unlisted.example"


def test_opinion_section_in_url_gives_genre():
    doc = parse_html(PAGE, source="p.html", url="https://courier.example/opinion/port-strike")
    assert doc.genre == "opinion"


def test_page_without_article_text_is_an_error():
    with pytest.raises(InputError, match=r"^p\.html: no article text"):
        parse_html("<html><body><nav><a href='/'>Home</a></nav></body></html>", source="p.html")
