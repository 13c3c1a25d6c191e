"""Invented records for the API, web and export tests: built directly, so no NLP model is needed.

``HOSTILE`` carries the markup an attacker could plant in an article (script tags, event handlers,
``javascript:`` links, broken tags) in its text, title, outlet and extracted fields.
"""

from __future__ import annotations

from datetime import date

from dronewatch.record import (
    Actor,
    Article,
    Casualties,
    Claim,
    DateInterval,
    Event,
    Evidence,
    Figure,
    Framing,
    LoadedTerm,
    Place,
    Record,
    Source,
    Speaker,
    Target,
    Weapon,
    article_id,
)

# The API token the tests' write side accepts.
TOKEN = "test-token-not-a-secret"

KHARKIV = Place(text="Kharkiv", name="Kharkiv", country="UA", lat=49.99, lon=36.23, feature="city",
                admin1="Kharkiv Oblast")
ODESA = Place(text="Odesa", name="Odesa", country="UA", lat=46.48, lon=30.73, feature="city")
BELGOROD_REGION = Place(text="the Belgorod region", name="Belgorod Oblast", country="RU", lat=50.7, lon=37.4,
                        feature="region")
UKRAINE = Place(text="Ukraine", name="Ukraine", country="UA", feature="country")

HOSTILE_MARKUP = [
    "<script>window.__xss = 1; document.title = 'pwned'</script>",
    "<img src=x onerror=\"window.__xss = 2\">",
    "<a href=\"javascript:window.__xss = 3\">open the map</a>",
    "<svg onload=\"window.__xss = 4\"><b>broken <i <div",
]


def _ev(text: str, words: str) -> Evidence:
    start = text.index(words)
    return Evidence.from_offsets(text, start, start + len(words))


def _day(iso: str, until: str | None = None, text: str = "") -> DateInterval:
    return DateInterval(text=text or iso, earliest=date.fromisoformat(iso), latest=date.fromisoformat(until or iso))


def _article(text: str, source: str, outlet: str | None, published: str | None, title: str) -> Article:
    return Article(id=article_id(text), source=source, outlet=outlet, title=title,
                   published=date.fromisoformat(published) if published else None, genre="news", text=text,
                   authors=["Test Writer"])


def courier() -> Record:
    """A local paper tells a drone strike on Kharkiv in its own voice, with a toll and a governor's accusation."""
    text = ("Two people were killed when a drone hit a warehouse in Kharkiv on Friday night. "
            "The regional governor accused Moscow of targeting civilians. "
            "Firefighters said 14 drones were launched at the city.")
    s1 = "Two people were killed when a drone hit a warehouse in Kharkiv on Friday night."
    s2 = "The regional governor accused Moscow of targeting civilians."
    return Record(
        article=_article(text, "courier-1.txt", "Kharkiv Courier", "2024-05-04", "Drone hits Kharkiv warehouse"),
        events=[Event(type="drone_strike", trigger="hit", date=_day("2024-05-03", text="on Friday night"),
                      location=KHARKIV, actors=[Actor(text="Moscow", name="Russia", country="RU")],
                      targets=[Target(text="a warehouse", name="warehouse", kind="civilian")],
                      weapons=[Weapon(text="a drone", name="drone", class_="drone")],
                      casualties=Casualties(killed=2), acled="Air/drone strike", evidence=_ev(text, s1))],
        claims=[Claim(speaker=Speaker(text="The regional governor", name=None, role="regional governor",
                                      affiliation="UA"), cue="accused", act="accuse",
                      content="Moscow of targeting civilians", about=["Russia"], evidence=_ev(text, s2))],
        figures=[Figure(kind="killed", value=2, evidence=_ev(text, "Two people were killed")),
                 Figure(kind="drones", value=14, qualifier=None, source=Source(text="Firefighters"),
                        evidence=_ev(text, "14 drones"))],
        framing=Framing(naming={"Kharkiv": 1, "Kharkov": 0}, stance={"UA": 0.1}),
        extractor="samples-1",
    )


def volga() -> Record:
    """Another outlet tells the same strike as a claim, spelled the Russian way, and a Russian denial."""
    text = ("Ukrainian officials claimed that a drone struck a warehouse in Kharkov on Friday. "
            "The Russian defence ministry denied striking civilian sites. "
            "Separately, air defences shot down a drone over Odesa in mid-May.")
    s1 = "Ukrainian officials claimed that a drone struck a warehouse in Kharkov on Friday."
    s2 = "The Russian defence ministry denied striking civilian sites."
    s3 = "Separately, air defences shot down a drone over Odesa in mid-May."
    kharkov = KHARKIV.model_copy(update={"text": "Kharkov"})
    return Record(
        article=_article(text, "volga-1.txt", "Volga Daily", "2024-05-04", "Kharkov warehouse claim"),
        events=[Event(type="drone_strike", trigger="struck", date=_day("2024-05-03", text="on Friday"),
                      location=kharkov, status="claimed", source=Source(text="Ukrainian officials", name="Ukraine"),
                      acled="Air/drone strike", evidence=_ev(text, s1)),
                Event(type="interception", trigger="shot down", date=_day("2024-05-11", "2024-05-20", "mid-May"),
                      location=ODESA, acled="Disrupted weapons use", evidence=_ev(text, s3))],
        claims=[Claim(speaker=Speaker(text="The Russian defence ministry", name="Russian Ministry of Defence",
                                      affiliation="RU"), cue="denied", act="deny",
                      content="striking civilian sites", evidence=_ev(text, s2))],
        framing=Framing(naming={"Kharkov": 1, "Kharkiv": 0},
                        loaded=[LoadedTerm(text="claimed", category="doubt", evidence=_ev(text, "claimed"))],
                        stance={"RU": 0.3}),
        extractor="samples-1",
    )


def border() -> Record:
    """A wire report: shelling in a Russian border region over a week, and a country-level deployment."""
    text = ("Shelling hit villages in the Belgorod region during the first week of June. "
            "Ukraine deployed more air defence units, officials said.")
    return Record(
        article=_article(text, "wire-7.txt", "Continental Wire", "2024-06-09", "Border shelling"),
        events=[Event(type="shelling", trigger="Shelling", date=_day("2024-06-01", "2024-06-07", "first week of June"),
                      location=BELGOROD_REGION, acled="Shelling/artillery/missile attack",
                      evidence=_ev(text, "Shelling hit villages in the Belgorod region during the first week of June.")),
                Event(type="deployment", trigger="deployed", location=UKRAINE, status="claimed",
                      source=Source(text="officials"), acled="Change to group/activity",
                      evidence=_ev(text, "Ukraine deployed more air defence units, officials said."))],
        extractor="samples-1",
    )


def hostile() -> Record:
    """An article whose text, title, outlet and extractions carry markup that must never run."""
    text = ("A drone struck a depot in Odesa on 2 July. " + " ".join(HOSTILE_MARKUP)
            + " The mayor said the attack was \"<b>monstrous</b>\".")
    sentence = "A drone struck a depot in Odesa on 2 July."
    odd_place = ODESA.model_copy(update={"text": "Odesa", "name": "Odesa <img src=x onerror=\"window.__xss = 5\">"})
    return Record(
        article=_article(text, "hostile.html", "<script>window.__xss = 6</script>Evil Outlet", "2024-07-03",
                         "<img src=x onerror=\"window.__xss = 7\"> Depot struck"),
        events=[Event(type="drone_strike", trigger="struck", date=_day("2024-07-02", text="on 2 July"), location=odd_place,
                      actors=[Actor(text="<script>", name="<script>window.__xss = 8</script>")],
                      acled="Air/drone strike", evidence=_ev(text, sentence)),
                Event(type="explosion", trigger="script", location=ODESA, date=_day("2024-07-02"),
                      evidence=_ev(text, HOSTILE_MARKUP[0]))],
        claims=[Claim(speaker=Speaker(text="The mayor", name="<a href=\"javascript:window.__xss = 9\">mayor</a>"),
                      cue="said", act="criticize", content="the attack was <b>monstrous</b>",
                      evidence=_ev(text, "The mayor said the attack was \"<b>monstrous</b>\"."))],
        framing=Framing(loaded=[LoadedTerm(text="monstrous", category="loaded_language",
                                           evidence=_ev(text, "monstrous"))]),
        extractor="samples-1",
    )


def all_records() -> list[Record]:
    """Every sample record."""
    return [courier(), volga(), border(), hostile()]
