"""The incremental rebuild: after a second ingest it recomputes only what changed, and the cross-source
layer it leaves is exactly the one a rebuild from scratch gives."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from dronewatch.record import (
    Article,
    Claim,
    DateInterval,
    Event,
    Evidence,
    Framing,
    Place,
    Record,
    Source,
    Speaker,
    article_id,
)
from dronewatch.store import Store
from dronewatch.store.models import (
    ClaimPairRow,
    IncidentEventRow,
    IncidentLinkRow,
    IncidentRow,
    MergePending,
    OutletRow,
)
from dronewatch.store.queries import Filter, claims, incidents, outlet_profiles

TOWNS = {"Kharkiv": (49.99, 36.23, "UA"), "Sumy": (50.91, 34.8, "UA"), "Odesa": (46.48, 30.73, "UA"),
         "Belgorod": (50.6, 36.59, "RU")}
PRO_UA = {"UA": 0.7, "RU": -0.6}
PRO_RU = {"RU": 0.6, "UA": -0.5}


def _record(name: str, outlet: str, day: str, text: str, *, struck: dict[str, str | tuple[str, str]] | None = None,
            source: str | None = None, said: tuple[str, str, str] | None = None,
            stance: dict[str, float] | None = None, extractor: str = "fake-1") -> Record:
    """An article whose sentences name the strikes in ``struck`` (a word of the sentence -> town, dated
    the day before publication, or -> (town, day); attributed to ``source`` if given) and, in ``said``,
    one claim (speaker, act, the words that open its sentence)."""
    published = date.fromisoformat(day)
    text = f"{name}. {text}"
    events = []
    for word, where in (struck or {}).items():
        m = re.search(rf"[^.]*\b{word}\b[^.]*\.", text)
        assert m, word
        town, when = where if isinstance(where, tuple) else (where, (published - timedelta(days=1)).isoformat())
        lat, lon, country = TOWNS[town]
        events.append(Event(
            type="interception" if "shot down" in m[0] else "drone_strike", trigger=word,
            evidence=Evidence.from_offsets(text, m.start(), m.end()), status="claimed" if source else "reported",
            source=Source(text=source, name=source) if source else None,
            date=DateInterval(text=when, earliest=date.fromisoformat(when), latest=date.fromisoformat(when)),
            location=Place(text=town, name=town, country=country, lat=lat, lon=lon, feature="city")))
    claims = []
    if said:
        speaker, act, word = said
        m = re.search(rf"{word}[^.]*\.", text)
        assert m, word
        claims.append(Claim(speaker=Speaker(text=speaker, name=speaker), cue=act, act=act, content=m[0],
                            evidence=Evidence.from_offsets(text, m.start(), m.end())))
    article = Article(id=article_id(name), source=f"{name}.txt", outlet=outlet, published=published, text=text)
    return Record(article=article, events=events, claims=claims, extractor=extractor,
                  framing=Framing(stance=stance or {}, naming={"Kyiv": 1}))


FIRST = [
    _record("Night raid on Kharkiv", "Kyiv Independent", "2024-05-02",
            "Drones hit a depot in the east of the city. Officials counted the damage.",
            struck={"depot": "Kharkiv"}, stance=PRO_UA),
    _record("Strike reported in Kharkiv", "Moscow Herald", "2024-05-02",
            "A warehouse burned after drones hit it, the defence ministry said.",
            struck={"warehouse": "Kharkiv"}, source="Russia's defence ministry", stance=PRO_RU),
    _record("Belgorod substation hit", "Moscow Herald", "2024-05-21",
            "Drones struck a substation on the edge of town.", struck={"substation": "Belgorod"}, stance=PRO_RU),
    _record("Blackout in Belgorod", "Kyiv Independent", "2024-05-21",
            "A substation was struck by drones and the lights went out.",
            struck={"substation": "Belgorod"}, stance=PRO_UA),
    _record("Port attacked in Odesa", "Wire One", "2024-05-10",
            "Russian drones struck the grain terminal at the Odesa port overnight.",
            struck={"terminal": "Odesa"}, source="Ukraine's air force",
            said=("Ukraine's air force", "accuse", "Russian drones")),
    _record("Drones downed over Odesa", "Wire One", "2024-05-15", "Air defence shot down drones over the bay.",
            struck={"bay": "Odesa"}),
    _record("Sumy quiet", "Wire One", "2024-05-12", "No strikes were recorded in the region this week."),
    # Kharkiv again, and a denial about the Odesa port: paired with the accusation by that incident alone.
    _record("A week of strikes", "Wire Three", "2024-05-10",
            "Drones hit a depot in Kharkiv last week. Moscow rejected blame for the port fire.",
            struck={"depot": ("Kharkiv", "2024-05-01"), "port": "Odesa"}, said=("Kremlin", "deny", "Moscow rejected")),
]
SECOND = [
    # The same Kharkiv strike from the same outlet under its web host: one more report, still one outlet.
    _record("Kharkiv depot burns", "kyivindependent.com", "2024-05-02",
            "Firefighters fought the fire after drones hit the depot.", struck={"depot": "Kharkiv"}),
    # The first Kharkiv report, extracted again: now it tells of Sumy, under the outlet's full masthead.
    _record("Night raid on Kharkiv", "The Kyiv Independent", "2024-05-02",
            "Drones hit a depot in the east of the city. Officials counted the damage.",
            struck={"depot": "Sumy"}, stance=PRO_UA, extractor="fake-2"),
    # Moscow Herald turns: its mean stance now leans to Ukraine, which regrades the Belgorod incident.
    _record("Talks resume", "Moscow Herald", "2024-05-25", "Delegations met in Geneva for a second round.",
            stance={"UA": 0.9, "RU": -0.9}),
    _record("Talks again", "Moscow Herald", "2024-05-26", "The delegations met again.",
            stance={"UA": 0.9, "RU": -0.9}),
    # Another report of the drones downed over Odesa: only its dates and place lead to that incident.
    _record("Odesa air defence busy", "Wire Two", "2024-05-15", "Drones were shot down over the bay at night.",
            struck={"bay": "Odesa"}),
    # A denial of the Odesa accusation, in an article of no incident: paired by what it says.
    _record("Moscow answers", "Wire Two", "2024-05-12",
            "Moscow denied that Russian drones struck the grain terminal at the Odesa port.",
            said=("Kremlin spokesman Peskov", "deny", "Moscow denied")),
]


def _layer(store: Store) -> dict[str, object]:
    """Everything the cross-source layer holds, in an order that does not depend on how it was written."""
    with store._session() as s:
        incidents = {r.id: {c.key: getattr(r, c.key) for c in IncidentRow.__table__.columns}
                     for r in s.scalars(select(IncidentRow))}
        members = sorted(tuple(r) for r in s.execute(select(
            IncidentEventRow.event_key, IncidentEventRow.incident_id, IncidentEventRow.article_id,
            IncidentEventRow.block, IncidentEventRow.type, IncidentEventRow.earliest, IncidentEventRow.latest,
            IncidentEventRow.place_key)))
        links: dict[str, list[tuple[object, ...]]] = {}
        for link in s.scalars(select(IncidentLinkRow).order_by(IncidentLinkRow.id)):
            links.setdefault(link.incident_id, []).append((link.a, link.b, link.score, link.reasons))
        pairs = sorted((p.accusation, p.denial, p.accusation_article, p.denial_article, tuple(p.reasons))
                       for p in s.scalars(select(ClaimPairRow)))
        outlets = {r.outlet: r.profile for r in s.scalars(select(OutletRow))}
        pending = s.scalars(select(MergePending.article_id)).all()
    return {"incidents": incidents, "members": members, "links": links, "pairs": pairs, "outlets": outlets,
            "pending": pending}


@pytest.fixture
def store(db_url):
    s = Store(db_url)
    yield s
    s.close()


def test_incremental_rebuild_after_a_second_ingest_equals_a_full_rebuild(store):
    store.put_many(FIRST)
    assert len(store.rebuild()) == 4  # Kharkiv, Belgorod, the Odesa port, the drones downed over Odesa
    [belgorod] = list(incidents(store, Filter(near=(50.6, 36.59, 10), vague="show")))
    assert belgorod.grade == "confirmed"  # own voice from both sides
    assert store.put_many(SECOND) == ["stored", "replaced", "stored", "stored", "stored", "stored"]
    redone = store.rebuild()
    incremental = _layer(store)
    store.rebuild(full=True)
    assert _layer(store) == incremental
    assert incremental["pending"] == []
    assert len(redone) < len(incremental["incidents"])  # the Odesa port incident was left alone
    [belgorod] = list(incidents(store, Filter(near=(50.6, 36.59, 10), vague="show")))
    assert belgorod.grade == "corroborated"  # Moscow Herald now leans to Ukraine too
    [kharkiv] = list(incidents(store, Filter(near=(49.99, 36.23, 10), vague="show")))
    assert kharkiv.reasons[0] == "3 independent outlets: Kyiv Independent, Moscow Herald, Wire Three"
    [downed] = list(incidents(store, Filter(since=date(2024, 5, 14), until=date(2024, 5, 14), vague="show")))
    assert len(downed.reports) == 2
    denials = {c.content: c for c in list(claims(store, Filter(type="deny")))}
    assert [len(c.answers) for c in denials.values()] == [1, 1]
    wire = next(p for p in outlet_profiles(store) if p["outlet"] == "Wire One")
    assert (wire["other_side_claims"], wire["other_side_as_fact"]) == (1, 0)  # the port, told as claimed
    assert {p["outlet"] for p in outlet_profiles(store)} == {"Kyiv Independent", "Moscow Herald", "Wire One", "Wire Two",
                                                      "Wire Three"}


def test_a_rebuild_with_nothing_stored_since_changes_nothing(store):
    store.put_many(FIRST)
    store.rebuild()
    before = _layer(store)
    assert store.rebuild() == []
    assert _layer(store) == before


def test_splitting_recomputes_only_the_incident_and_survives_a_full_rebuild(store):
    store.put_many(FIRST + SECOND)
    store.rebuild()
    [kharkiv] = list(incidents(store, Filter(near=(49.99, 36.23, 10), vague="show")))
    store.split(kharkiv.id, [kharkiv.reports[0]["article_id"]])
    after = _layer(store)
    store.rebuild(full=True)
    assert _layer(store) == after
    assert len(list(incidents(store, Filter(near=(49.99, 36.23, 10), vague="show")))) == 2
