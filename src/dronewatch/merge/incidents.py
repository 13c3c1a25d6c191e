"""Incidents: events from different articles that tell the same happening, linked with their reasons.

Two events are the same happening when their types are compatible, nothing rules it out (dates that do
not overlap, places too far apart for their precision, a user's split) and enough agrees: the same day
and place, or the same named landmark. Linking is agglomerative: a link joins two incidents only when
no pair across them is ruled out, so a vague date cannot chain two different days together.
"""

from __future__ import annotations

import bisect
import hashlib
import math
import re
from collections import Counter, defaultdict
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache

from dronewatch.record import DateInterval, Event, Place, Record, Source

__all__ = [
    "EventRef",
    "Incident",
    "Link",
    "Report",
    "compare_events",
    "compatible_types",
    "distance_km",
    "event_key",
    "event_keys",
    "find_incidents",
    "linkable",
    "place_key",
    "refs_of",
    "toll_range",
    "toll_text",
]

# How far apart two mentions of a place may be and still be the same place, by the coarser one's kind.
# A town's coordinates differ between gazetteers and a strike hits its outskirts; a region's centroid
# can be 150 km from a town inside it.
TOLERANCE_KM: dict[str, float] = {"landmark": 5.0, "city": 25.0, "other": 25.0, "region": 150.0, "sea": 300.0}

# Dates at most this many days wide count as "the same day" when they overlap (a night strike is
# dated to either side of midnight by different outlets only within one interval).
DAY_WIDTH = 1
# Dates at most this wide ("last week", "earlier this month" is wider) still count as corroborating.
WEEK_WIDTH = 7
# Two undated events at the same landmark join only when their articles appeared this close together
# (or a publication date is unknown): the same landmark is struck again months later.
UNDATED_WINDOW_DAYS = 30

# An incident none of whose events is dated within this many days is background ("since 2022", "in
# February 2022", "between January and March") or a mention no report dates, not a happening a list of
# incidents shows; "last week" still dates one.
VAGUE_DAYS = 8
# News tells what happened lately: an undated event in an article published on day P is taken to have
# happened within this many days before P when it is compared with a dated event in the same town.
RECENT_DAYS = 2

# Two events of one article join only on this score (same type, same day, same town or landmark):
# the extractor already told the article's happenings apart, but sometimes tells one twice.
SAME_ARTICLE_SCORE = 5.0

# Types that different outlets use for the same happening: a drone attack "repelled" is an
# interception to one and a drone strike to another; a blast is an explosion until someone names
# the weapon; rockets are shelling to some and missiles to others.
_STRIKES = ("drone_strike", "missile_strike", "air_strike", "shelling", "interception", "explosion", "attack")
_COMPATIBLE_TYPES: frozenset[frozenset[str]] = frozenset(
    {frozenset(pair) for pair in (
        ("drone_strike", "interception"), ("missile_strike", "interception"), ("air_strike", "interception"),
        ("drone_strike", "missile_strike"), ("missile_strike", "air_strike"), ("missile_strike", "shelling"),
        ("explosion", "sabotage"), ("attack", "sabotage"), ("armed_clash", "territorial_change"),
        ("diplomatic_meeting", "negotiation"), ("arms_transfer", "defense_cooperation"),
    )}
    | {frozenset((strike, other)) for strike in _STRIKES for other in ("explosion", "attack") if strike != other}
)
_COMPATIBLE_WITH: dict[str, frozenset[str]] = {
    t: frozenset(o for pair in _COMPATIBLE_TYPES if t in pair for o in pair) for pair in _COMPATIBLE_TYPES for t in pair
}

# Spellings of the same place (Russian-derived and Ukrainian transliterations) and words that only say
# what kind of place a name is.
_SPELLINGS = {
    "kiev": "kyiv", "kharkov": "kharkiv", "odessa": "odesa", "lugansk": "luhansk", "nikolaev": "mykolaiv",
    "nikolayev": "mykolaiv", "zaporozhye": "zaporizhzhia", "zaporizhia": "zaporizhzhia", "dnepr": "dnipro",
    "dnipropetrovsk": "dnipro", "artemovsk": "bakhmut", "kherson": "kherson", "chernigov": "chernihiv",
    "rovno": "rivne", "lvov": "lviv", "sumy": "sumy", "krivoy rog": "kryvyi rih", "belgorod": "belgorod",
}
_PLACE_NOISE = re.compile(r"\b(?:the|region|oblast|province|city|town|village|of|area|district)\b|[^\w\s]")


@dataclass(frozen=True)
class EventRef:
    """One event of one stored article, with what merging needs to know about the article."""

    key: str
    article_id: str
    outlet: str | None
    published: date | None
    index: int
    event: Event


@dataclass(frozen=True)
class Link:
    """Why two events were judged the same happening."""

    a: str
    b: str
    score: float
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class Report:
    """How one article tells an incident: in its own voice, attributed to someone, or disputed."""

    article_id: str
    outlet: str | None
    published: date | None
    status: str
    source: Source | None
    event_keys: tuple[str, ...]
    killed: int | None = None  # the highest count the article gives; None when it gives none (not 0)
    injured: int | None = None


@dataclass
class Incident:
    """One happening as told by every article that reports it, and the links that joined them.

    ``block`` names the group of events that could link to one another at all (the connected part of
    the candidate links, joined or not): incidents of different blocks never influence each other, so
    a store recomputes only the blocks that new events touch.
    """

    id: str
    events: list[EventRef]
    links: list[Link] = field(default_factory=list)
    block: str = ""

    @property
    def vague(self) -> bool:
        """Whether no event dates it within ``VAGUE_DAYS`` (undated mentions date nothing)."""
        return not any((bounds := _bounds(ref.event.date)) is not None and (bounds[1] - bounds[0]).days < VAGUE_DAYS
                       for ref in self.events)

    @property
    def reports(self) -> list[Report]:
        """One report per article; its status is the strongest doubt among the article's events."""
        by_article: dict[str, list[EventRef]] = defaultdict(list)
        for ref in self.events:
            by_article[ref.article_id].append(ref)
        reports = []
        for refs in by_article.values():
            statuses = {r.event.status for r in refs}
            status = next(s for s in ("disputed", "claimed", "reported") if s in statuses)
            source = next((r.event.source for r in refs if r.event.source is not None), None)
            reports.append(Report(refs[0].article_id, refs[0].outlet, refs[0].published, status, source,
                                  tuple(r.key for r in refs), _most(r.event.casualties.killed for r in refs),
                                  _most(r.event.casualties.injured for r in refs)))
        return sorted(reports, key=lambda r: (r.published or date.max, r.outlet or "", r.article_id))


def toll_range(counts: Iterable[int | None]) -> tuple[int, int] | None:
    """The lowest and highest of the counts given (a report without a count gives none), or None."""
    known = [n for n in counts if n is not None]
    return (min(known), max(known)) if known else None


def toll_text(span: Sequence[int] | None) -> str:
    """A range of counts as a reader writes it: "3", "3–5", or "?" when no report gives one (not 0)."""
    if span is None:
        return "?"
    return str(span[0]) if span[0] == span[1] else f"{span[0]}–{span[1]}"


def _most(counts: Iterable[int | None]) -> int | None:
    known = [n for n in counts if n is not None]
    return max(known) if known else None


def event_key(article_id: str, event: Event, occurrence: int = 0) -> str:
    """A stable name for an event: the same article, type and evidence give the same key on every ingest.

    One sentence can state two events of one type ("drones struck Kherson and a village nearby"):
    ``occurrence`` counts the earlier events of the article with the same type and evidence, so each
    gets its own key (see ``event_keys``) while the first keeps the key it always had.
    """
    raw = f"{article_id}|{event.type}|{event.evidence.start}|{event.evidence.text}"
    if occurrence:
        raw = f"{occurrence}#{raw}"  # an article id never starts with digits and "#": no clash with a first one
    return "ev-" + hashlib.sha256(raw.encode("utf-8")).hexdigest()[:16]


def event_keys(article_id: str, events: Sequence[Event]) -> list[str]:
    """The keys of an article's events, in order, each one different from the others."""
    seen: Counter[tuple[str, int, str]] = Counter()
    keys = []
    for event in events:
        same = (event.type, event.evidence.start, event.evidence.text)
        keys.append(event_key(article_id, event, seen[same]))
        seen[same] += 1
    return keys


def refs_of(record: Record) -> list[EventRef]:
    """The events of one record, each with its key."""
    a = record.article
    return [EventRef(key, a.id, a.outlet, a.published, i, e)
            for i, (key, e) in enumerate(zip(event_keys(a.id, record.events), record.events, strict=True))]


def compatible_types(type_: str) -> frozenset[str]:
    """The event types an event of this type may be merged with, its own included."""
    return _COMPATIBLE_WITH.get(type_) or frozenset((type_,))


def place_key(place: Place) -> str:
    """A place's name as merging compares it: lower case, without "region" and the like, Ukrainian spelling."""
    return _normal_place_name(place.name)


def find_incidents(refs: Iterable[EventRef], apart: Collection[frozenset[str]] = ()) -> list[Incident]:
    """Group events into incidents; ``apart`` holds pairs of event keys a user split and that never join.

    Every event ends up in exactly one incident (most in one of their own). Incidents are sorted by
    their first date, then id; an incident's id is its smallest event key, so it survives re-ingest.
    The result depends only on the set of events, not on their order.

    Raises:
        ValueError: two of the events share a key (build refs with ``refs_of``, which keeps keys apart).
    """
    events = list(refs)
    by_key = {r.key: r for r in events}
    if len(by_key) != len(events):
        twice = next(k for k, n in Counter(r.key for r in events).items() if n > 1)
        raise ValueError(f"{twice}: two events share this key; build event refs with refs_of")
    cluster_of = {r.key: r.key for r in events}
    members: dict[str, list[str]] = {r.key: [r.key] for r in events}
    links: dict[str, list[Link]] = defaultdict(list)
    candidates = sorted(_candidate_links(events), key=lambda link: (-link.score, link.a, link.b))
    block_of = _blocks(by_key, candidates)
    for link in candidates:
        ca, cb = cluster_of[link.a], cluster_of[link.b]
        if ca == cb:
            links[ca].append(link)
            continue
        if any(_ruled_out(by_key[x], by_key[y], apart) for x in members[ca] for y in members[cb]):
            continue
        keep, gone = (ca, cb) if len(members[ca]) >= len(members[cb]) else (cb, ca)
        for k in members[gone]:
            cluster_of[k] = keep
        members[keep].extend(members.pop(gone))
        links[keep].extend(links.pop(gone, []))
        links[keep].append(link)
    incidents = []
    for root, keys in members.items():
        refs_in = sorted((by_key[k] for k in keys), key=lambda r: (r.article_id, r.index))
        incidents.append(Incident(min(keys).replace("ev-", "inc-", 1), refs_in, links.get(root, []),
                                  block_of[root]))
    return sorted(incidents, key=lambda i: (_first_day(i) or date.max, i.id))


def _blocks(by_key: dict[str, EventRef], candidates: list[Link]) -> dict[str, str]:
    """Each event's block: the smallest event key among the events candidate links connect it to."""
    parent = {k: k for k in by_key}

    def root(k: str) -> str:
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    for link in candidates:
        ra, rb = root(link.a), root(link.b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)  # the root is always its component's smallest key
    return {k: root(k).replace("ev-", "blk-", 1) for k in by_key}


def _first_day(incident: Incident) -> date | None:
    days = [r.event.date.earliest for r in incident.events if r.event.date and r.event.date.earliest]
    return min(days) if days else None


def linkable(new: Sequence[EventRef], old: Sequence[EventRef]) -> set[str]:
    """Keys of the ``old`` events that a candidate link joins to one of the ``new`` ones.

    These are the events ``find_incidents`` would compare a new event with (the pairs
    ``_candidate_links`` yields) and could join it to, splits and clashes with other members aside:
    a store redoes only the blocks they are in.
    """
    dated = sorted(((bounds, r) for r in old if (bounds := _bounds(r.event.date))), key=lambda d: d[0][0])
    starts = [bounds[0] for bounds, _ in dated]
    by_place: dict[str, list[EventRef]] = defaultdict(list)
    for r in old:
        if r.event.location is not None:
            by_place[place_key(r.event.location)].append(r)
    found = set()
    for n in new:
        bounds = _bounds(n.event.date)
        if bounds is not None:  # dated events whose dates overlap
            fits = compatible_types(n.event.type)
            for (_, latest), o in dated[:bisect.bisect_right(starts, bounds[1])]:
                if latest >= bounds[0] and o.event.type in fits and _link(n, o):
                    found.add(o.key)
        if n.event.location is not None:  # the same place, one of them undated
            for o in by_place[place_key(n.event.location)]:
                if (bounds is None or _bounds(o.event.date) is None) and _link(n, o):
                    found.add(o.key)
    return found


def _candidate_links(events: list[EventRef]) -> Iterable[Link]:
    """Compare only events that could link: dated ones whose dates overlap, undated ones at the same place."""
    dated: list[tuple[tuple[date, date], EventRef]] = sorted(
        ((bounds, r) for r in events if (bounds := _bounds(r.event.date))), key=lambda d: d[0][0])
    for i, ((_, a_latest), a) in enumerate(dated):
        fits = compatible_types(a.event.type)
        for j in range(i + 1, len(dated)):
            (b_earliest, _), b = dated[j]
            if b_earliest > a_latest:
                break
            if b.event.type in fits:
                link = _link(a, b)
                if link:
                    yield link
    by_place: dict[str, list[EventRef]] = defaultdict(list)
    for r in events:
        if r.event.location is not None:
            by_place[place_key(r.event.location)].append(r)
    for group in by_place.values():
        undated = [r for r in group if not _bounds(r.event.date)]
        for u in undated:
            for other in group:
                if other.key != u.key and (other.key > u.key or _bounds(other.event.date)):
                    link = _link(u, other)
                    if link:
                        yield link


def _link(a: EventRef, b: EventRef) -> Link | None:
    verdict = compare_events(a, b)
    if verdict is None:
        return None
    score, reasons = verdict
    if a.article_id == b.article_id and score < SAME_ARTICLE_SCORE and not _unplaced_in_one_article(a, b):
        return None  # the extractor told these apart; only the same type, day and town overrule it
    if _unplaced_in_one_article(a, b):
        reasons = [*reasons, "same article and dates, one of them without a place"]
    return Link(min(a.key, b.key), max(a.key, b.key), score, tuple(reasons))


def compare_events(a: EventRef, b: EventRef) -> tuple[float, list[str]] | None:
    """The score and reasons for judging two events the same happening, or None when they are not."""
    ea, eb = a.event, b.event
    if ea.type == eb.type:
        type_score = 1.0
    elif eb.type in compatible_types(ea.type):
        type_score = 0.0
    else:
        return None
    day_score = _date_score(ea.date, eb.date)
    if day_score is None:
        return None
    place = _compare_places(ea.location, eb.location)
    if place is None:
        return None
    place_score, place_reason = place
    # Targets named by both are looked up only where a rule needs them: most pairs are decided before.
    recent = _recent(a, b) if day_score < 0 and place_score >= 2 and a.article_id != b.article_id else ""
    if recent:
        pass  # an undated report of the same town, published just after the other's date
    elif day_score < 0:  # undated on at least one side
        if place_score < 3 or not _published_close(a.published, b.published):
            return None
    elif _unplaced_in_one_article(a, b):
        pass  # one night told twice in one article, once with its place
    elif day_score == 2:
        if place_score < 1 and not (place_score == 0 and type_score == 1 and _shared_names(ea, eb)):
            return None
        if place_score == 1 and type_score < 1:
            return None
    elif day_score == 1:
        if place_score < 2:
            return None
    elif place_score < 3 and not (place_score == 2 and _shared_names(ea, eb)):
        return None
    shared = _shared_names(ea, eb)
    reasons = [f"same type {ea.type}" if type_score else f"compatible types {ea.type} and {eb.type}"]
    if recent:
        reasons.append(recent)
    elif day_score < 0:
        reasons.append("no date on at least one side; same landmark, articles published close together")
    reasons += [r for r in (_date_reason(day_score, ea.date, eb.date), place_reason) if r]
    day_score = 1 if recent else day_score
    reasons += [f"both name {name}" for name in shared]
    return type_score + max(day_score, 0) + place_score + 0.5 * len(shared), reasons


def _bounds(interval: DateInterval | None) -> tuple[date, date] | None:
    if interval is None or interval.earliest is None or interval.latest is None:
        return None
    return interval.earliest, interval.latest


def _date_score(a: DateInterval | None, b: DateInterval | None) -> int | None:
    """2 same day, 1 within a week, 0 vaguer but overlapping, -1 unknown; None when they cannot overlap."""
    ba, bb = _bounds(a), _bounds(b)
    if ba is None or bb is None:
        return -1
    if ba[1] < bb[0] or bb[1] < ba[0]:
        return None
    width = max((ba[1] - ba[0]).days, (bb[1] - bb[0]).days)
    return 2 if width < DAY_WIDTH else 1 if width <= WEEK_WIDTH else 0


def _date_reason(score: int, a: DateInterval | None, b: DateInterval | None) -> str:
    """What a date score of two overlapping dates says, with the days they share."""
    ba, bb = _bounds(a), _bounds(b)
    if score < 0 or ba is None or bb is None:
        return ""
    start, end = max(ba[0], bb[0]), min(ba[1], bb[1])
    span = start.isoformat() if start == end else f"{start.isoformat()}..{end.isoformat()}"
    if score == 2:
        return f"same day {span}"
    if score == 1:
        return f"dates overlap within a week ({span})"
    return f"vague dates overlap ({span})"


@lru_cache(maxsize=8192)
def _normal_place_name(name: str) -> str:
    name = _PLACE_NOISE.sub(" ", name.lower())
    name = " ".join(name.split())
    return _SPELLINGS.get(name, name)


def _precision(place: Place) -> str:
    if place.feature is not None:
        return place.feature
    return "other" if place.lat is not None else "city"


def _compare_places(a: Place | None, b: Place | None) -> tuple[int, str] | None:
    """3 same landmark, 2 same town, 1 town in region, 0 unknown or country only; None when apart."""
    if a is None or b is None:
        return 0, ""
    if a.country and b.country and a.country != b.country:
        return None
    pa, pb = _precision(a), _precision(b)
    if "country" in (pa, pb):
        return 0, f"same country {a.country or b.country}" if (a.country or b.country) else ""
    na, nb = place_key(a), place_key(b)
    coarse = "region" in (pa, pb) or "sea" in (pa, pb)
    if a.lat is not None and a.lon is not None and b.lat is not None and b.lon is not None:
        km = distance_km(a.lat, a.lon, b.lat, b.lon)
        if km > max(TOLERANCE_KM.get(pa, 25.0), TOLERANCE_KM.get(pb, 25.0)):
            return None
        near = f"{a.name} and {b.name} {km:.0f} km apart"
    elif na == nb:
        near = f"same place name {a.name}" + (f" / {b.name}" if a.name != b.name else "")
    elif coarse and (a.admin1 and _same_name(a.admin1, b.name) or b.admin1 and _same_name(b.admin1, a.name)):
        near = f"{a.name} lies in {b.name}" if pb == "region" else f"{b.name} lies in {a.name}"
    elif coarse:
        return 0, ""
    else:
        return None  # two different towns, neither with coordinates
    if coarse:
        return 1, near
    if pa == pb == "landmark" and na == nb:
        return 3, f"same landmark {a.name}"
    return 2, near


def _same_name(a: str, b: str) -> bool:
    return _normal_place_name(a) == _normal_place_name(b)


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371.0 * 2 * math.asin(math.sqrt(h))


def _shared_names(a: Event, b: Event) -> list[str]:
    """Targets both events name (actors are not enough: each side blames the other for one strike)."""
    names_a = {t.name.lower(): t.name for t in a.targets}
    return sorted(names_a[n] for n in names_a.keys() & {t.name.lower() for t in b.targets})


def _recent(a: EventRef, b: EventRef) -> str:
    """Why an undated event and a dated one may be the same happening: the undated one's article appeared
    within ``RECENT_DAYS`` after the other's date; "" when it did not (or both or neither are dated)."""
    (undated, dated) = (a, b) if _bounds(a.event.date) is None else (b, a)
    bounds = _bounds(dated.event.date)
    if bounds is None or _bounds(undated.event.date) is not None or undated.published is None:
        return ""
    if bounds[0] <= undated.published and undated.published - bounds[1] <= timedelta(days=RECENT_DAYS):
        return (f"undated report published {undated.published.isoformat()}, within {RECENT_DAYS} days of "
                f"the other's date")
    return ""


def _unplaced_in_one_article(a: EventRef, b: EventRef) -> bool:
    """Two events of one article with the same dates (at most ``DAY_WIDTH`` wide), one without a place:
    "drones were launched overnight" beside "drones hit the port of Izmail overnight" tells one night's
    attack once more, not a second one elsewhere."""
    bounds = _bounds(a.event.date)
    return (a.article_id == b.article_id and (a.event.location is None) != (b.event.location is None)
            and bounds is not None and bounds == _bounds(b.event.date) and (bounds[1] - bounds[0]).days <= DAY_WIDTH)


def _published_close(a: date | None, b: date | None) -> bool:
    return a is None or b is None or abs((a - b).days) <= UNDATED_WINDOW_DAYS


def _ruled_out(a: EventRef, b: EventRef, apart: Collection[frozenset[str]]) -> bool:
    """A hard reason two events are not the same happening, whatever else links them."""
    if frozenset((a.key, b.key)) in apart:
        return True
    if _date_score(a.event.date, b.event.date) is None:
        return True
    return _compare_places(a.event.location, b.event.location) is None
