"""Outlet profiles from stored records: spelling, loaded language, stance, and claims told as fact.

An outlet goes by several names: its masthead ("The Kyiv Independent"), a shorter form ("Kyiv
Independent") or the host a page was fetched from ("kyivindependent.com"). ``outlet_key`` reduces each
to one key, so the articles under all three names make one profile and count as one outlet.

A profile is a sum of what each article adds (``ArticleTally``) and of how the outlet told each
incident (``ReportTally``), so a store can recompute one outlet's profile from tallies it keeps.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Literal

from dronewatch.merge.incidents import Incident
from dronewatch.merge.sides import Side, claimant, opposite, side_of
from dronewatch.record import Framing, Record

__all__ = [
    "RUSSIAN_SPELLINGS",
    "ArticleTally",
    "OutletProfile",
    "ReportTally",
    "Telling",
    "VoiceCell",
    "VoiceMatrix",
    "build_profiles",
    "claimed_by",
    "is_host",
    "outlet_key",
    "outlet_names",
    "profile_outlets",
    "report_tallies",
    "voice_matrix",
    "word_count",
]

# Russian-derived transliterations among the spellings `framing.naming` counts; the other spellings
# it counts are the Ukrainian ones (Kyiv, Kharkiv, Luhansk, …).
RUSSIAN_SPELLINGS = frozenset({
    "Kiev", "Kharkov", "Lugansk", "Odessa", "Nikolaev", "Nikolayev", "Zaporozhye", "Dnepr", "Dnepropetrovsk",
    "Artemovsk", "Chernigov", "Rovno", "Lvov", "Krivoy Rog", "Donbass",
})
# Mean stance (toward UA minus toward RU) beyond which an outlet leans to a side.
LEAN = 0.2
# Without a clear stance, an outlet that uses the Russian-derived spelling this often, over at least
# MIN_SPELLINGS names, leans to Moscow; Ukrainian spellings are also every neutral wire's, so they do not count.
RUSSIAN_SHARE_LEAN = 0.7
MIN_SPELLINGS = 3

# A web host as ingest gives it for an outlet (``host_of``, ``find_host``): no spaces, dotted labels.
_HOST = re.compile(r"(?:https?://)?(?:www\.)?((?:[\w-]+\.)+[a-z]{2,})(?:[:/].*)?")
# Second-level labels under a country's domain that name no outlet: bbc.co.uk is "bbc", not "co".
_SECOND_LEVEL = frozenset({"co", "com", "org", "net", "gov", "ac", "edu"})
_NOT_WORD = re.compile(r"[\W_]+")


def is_host(name: str) -> bool:
    """Whether an outlet's name is only the web host its article came from ("volgavoice.example")."""
    return _HOST.fullmatch(name.strip()) is not None


def outlet_key(name: str) -> str:
    """The key under which an outlet's names meet: "The Kyiv Independent" and "kyivindependent.com" give
    "kyivindependent".

    A host gives its registered name (``edition.cnn.com`` gives "cnn"), any other name its letters and
    digits in lower case; a leading "the" is dropped from either ("theguardian.com", "The Guardian").
    """
    name = name.strip()
    host = _HOST.fullmatch(name)
    if host:
        labels = host.group(1).lower().split(".")[:-1]  # without the top-level domain
        if len(labels) > 1 and labels[-1] in _SECOND_LEVEL:
            labels = labels[:-1]
        name = labels[-1]
    key = _NOT_WORD.sub("", name.lower())
    return key.removeprefix("the") or key or name.lower()


def outlet_names(names: Iterable[str]) -> dict[str, str]:
    """The name each outlet key is shown under, among the names given for it (one per article).

    A masthead beats a host, and a name in mixed case one in capitals; then the name most articles use;
    then the first in alphabetical order.
    """
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for name in names:
        counts[outlet_key(name)][name] += 1
    return {key: min(found, key=lambda n: (is_host(n), n.isupper(), -found[n], n))
            for key, found in counts.items()}


def word_count(text: str) -> int:
    """Words in an article's text, as the loaded-language rate counts them."""
    return len(text.split())


@dataclass
class OutletProfile:
    """What an outlet's stored articles show about how it tells the war."""

    outlet: str
    articles: int = 0
    words: int = 0
    naming: dict[str, int] = field(default_factory=dict)
    loaded: dict[str, int] = field(default_factory=dict)
    stance: dict[str, float] = field(default_factory=dict)
    other_side_claims: int = 0
    other_side_as_fact: int = 0

    @property
    def russian_spelling_share(self) -> float | None:
        """Share of side-signalling names spelled the Russian way (Kiev rather than Kyiv)."""
        total = sum(self.naming.values())
        return sum(n for k, n in self.naming.items() if k in RUSSIAN_SPELLINGS) / total if total else None

    @property
    def loaded_per_1000_words(self) -> float:
        """Loaded terms (name calling, doubt, exaggeration, …) per thousand words."""
        return 1000 * sum(self.loaded.values()) / self.words if self.words else 0.0

    @property
    def side(self) -> Side | None:
        """The side the outlet leans to, from its stance, else from its spelling; None when neutral."""
        lean = self.stance.get("UA", 0.0) - self.stance.get("RU", 0.0)
        if abs(lean) > LEAN:
            return "UA" if lean > 0 else "RU"
        share = self.russian_spelling_share
        if share is not None and share >= RUSSIAN_SHARE_LEAN and sum(self.naming.values()) >= MIN_SPELLINGS:
            return "RU"
        return None

    @property
    def as_fact_rate(self) -> float | None:
        """How often, of the incidents the other side claims, the outlet tells them in its own voice."""
        return self.other_side_as_fact / self.other_side_claims if self.other_side_claims else None


@dataclass(frozen=True)
class ArticleTally:
    """What one article adds to its outlet's profile."""

    outlet: str
    words: int
    framing: Framing

    @classmethod
    def of(cls, record: Record) -> ArticleTally | None:
        """The record's tally; None for an article without an outlet."""
        a = record.article
        return cls(a.outlet, word_count(a.text), record.framing) if a.outlet is not None else None


@dataclass(frozen=True)
class ReportTally:
    """How an outlet told one incident ("reported", "claimed", "disputed"), and which sides claim it."""

    outlet: str
    status: str
    claimed_by: frozenset[str]


def claimed_by(incident: Incident) -> frozenset[str]:
    """The sides whose sources the incident's attributed reports cite."""
    return frozenset(s for r in incident.reports if r.status != "reported" and r.source is not None
                     if (s := side_of(r.source.name, r.source.text)) is not None)


def report_tallies(incident: Incident) -> list[ReportTally]:
    """One tally per report of the incident by an article with an outlet."""
    sides = claimed_by(incident)
    return [ReportTally(r.outlet, r.status, sides) for r in incident.reports if r.outlet is not None]


def profile_outlets(records: Iterable[Record], incidents: Iterable[Incident] = ()) -> list[OutletProfile]:
    """One profile per outlet (articles without an outlet are left out), sorted by outlet name."""
    tallies = [t for r in records if (t := ArticleTally.of(r)) is not None]
    return build_profiles(tallies, (t for incident in incidents for t in report_tallies(incident)))


def build_profiles(articles: Iterable[ArticleTally], reports: Iterable[ReportTally] = ()) -> list[OutletProfile]:
    """One profile per outlet key from its articles' tallies and its reports' tallies, sorted by name.

    Every sum is independent of the order of the tallies (stances are summed exactly), so a profile
    built from tallies read back from a store equals the one built from the records.
    """
    tallies = list(articles)
    names = outlet_names(t.outlet for t in tallies)
    profiles = {key: OutletProfile(name) for key, name in names.items()}
    naming: dict[str, Counter[str]] = defaultdict(Counter)
    loaded: dict[str, Counter[str]] = defaultdict(Counter)
    stances: dict[str, dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
    for t in tallies:
        key = outlet_key(t.outlet)
        p = profiles[key]
        p.articles += 1
        p.words += t.words
        naming[key].update(t.framing.naming)
        loaded[key].update(term.category for term in t.framing.loaded)
        for side, value in t.framing.stance.items():
            stances[key][side].append(value)
    for key, p in profiles.items():
        p.naming = {k: n for k, n in sorted(naming[key].items()) if n > 0}
        p.loaded = {k: n for k, n in sorted(loaded[key].items()) if n > 0}
        p.stance = {side: round(math.fsum(v) / len(v), 3) for side, v in sorted(stances[key].items())}
    for report in reports:
        profile = profiles.get(outlet_key(report.outlet))
        if profile is None:
            continue
        others: set[str] = {opposite(profile.side)} if profile.side else {"RU", "UA"}
        if report.claimed_by & others:
            profile.other_side_claims += 1
            profile.other_side_as_fact += report.status == "reported"
    return sorted(profiles.values(), key=lambda p: p.outlet)



# Sentences linked from each cell of the voice matrix, per voice.
EXAMPLES_PER_VOICE = 3
# An event told in the outlet's own voice this close after an attributed one (in characters: about two
# sentences) carries that claimant's account on: "…, the ministry said. Warehouses were destroyed."
CONTINUATION_CHARS = 400
Voice = Literal["fact", "attributed", "disputed"]
_VOICE_OF_STATUS: dict[str, Voice] = {"reported": "fact", "claimed": "attributed", "disputed": "disputed"}


@dataclass(frozen=True)
class Telling:
    """One event as an outlet told it: its status and source, the incident it belongs to, its sentence."""

    outlet: str
    article_id: str
    event: int  # the event's position in its article's record
    status: str
    source_text: str | None
    source_name: str | None
    incident: str | None
    evidence: str
    start: int  # where the event's sentence starts in the article's text


@dataclass
class VoiceCell:
    """How one outlet told one claimant's claims: counts per voice and a few of the sentences."""

    fact: int = 0
    attributed: int = 0
    disputed: int = 0
    examples: list[dict[str, str | int]] = field(default_factory=list)

    @property
    def total(self) -> int:
        return self.fact + self.attributed + self.disputed

    def add(self, voice: Voice, t: Telling) -> None:
        setattr(self, voice, getattr(self, voice) + 1)
        if sum(e["voice"] == voice for e in self.examples) < EXAMPLES_PER_VOICE:
            self.examples.append({"voice": voice, "article_id": t.article_id, "event": t.event, "text": t.evidence})

    def __str__(self) -> str:
        """The shares told as fact / attributed / disputed and the count ("40% / 50% / 10% of 10"); "" if empty."""
        n = self.total
        return f"{self.fact / n:.0%} / {self.attributed / n:.0%} / {self.disputed / n:.0%} of {n}" if n else ""

    def as_dict(self) -> dict[str, Any]:
        """Counts, shares of the total (None for an empty cell) and the linked sentences."""
        n = self.total
        shares = {v: (round(getattr(self, v) / n, 3) if n else None) for v in ("fact", "attributed", "disputed")}
        return {"fact": self.fact, "attributed": self.attributed, "disputed": self.disputed, "total": n,
                "shares": shares, "examples": self.examples}


@dataclass
class VoiceMatrix:
    """Per outlet and claimant (a side, and a side's body), how the outlet told that claimant's claims: in its
    own voice (fact), attributed, or disputed. Columns are the claimants some outlet told at least once."""

    sides: list[str]
    actors: list[str]
    by_side: dict[str, dict[str, VoiceCell]]
    by_actor: dict[str, dict[str, VoiceCell]]

    def table(self, by: Literal["side", "actor"] = "side") -> tuple[list[str], list[tuple[str, list[str]]]]:
        """The columns and, per outlet, one cell text per column ("" where the outlet told none)."""
        columns, rows = (self.sides, self.by_side) if by == "side" else (self.actors, self.by_actor)
        return columns, [(outlet, [str(row.get(c, VoiceCell())) for c in columns]) for outlet, row in rows.items()]

    def as_dict(self) -> dict[str, Any]:
        """The matrix as the API and ``outlets --format json --voices`` give it."""
        return {
            "sides": self.sides, "actors": self.actors,
            "by_side": {o: {c: cell.as_dict() for c, cell in row.items()} for o, row in self.by_side.items()},
            "by_actor": {o: {c: cell.as_dict() for c, cell in row.items()} for o, row in self.by_actor.items()},
        }


def _claimant_of(t: Telling) -> tuple[str, str] | None:
    """The side and actor ("RU", "RU defence ministry") an attributed telling cites; None if no side is named."""
    side, body = claimant(t.source_text, t.source_name)
    return (side, f"{side} {body}") if side is not None else None


def voice_matrix(tellings: Iterable[Telling]) -> VoiceMatrix:
    """The outlet voice matrix.

    An attributed or disputed event counts for the claimant its source names. An event the outlet tells in
    its own voice counts as a claimant's claim told as fact when another report of the same incident (by any
    outlet) attributes it to that claimant, or when it carries on, in the outlet's own voice, the account
    the article has just attributed to that claimant: that is a claim, whoever repeats it as fact.
    """
    rows = sorted(tellings, key=lambda t: (t.article_id, t.start, t.event))
    names = outlet_names(t.outlet for t in rows)
    claimants: dict[str, set[tuple[str, str]]] = defaultdict(set)
    carried: dict[tuple[str, int], tuple[str, str]] = {}
    last: tuple[Telling, tuple[str, str]] | None = None
    for t in rows:
        own = _claimant_of(t) if t.status != "reported" else None
        if own is not None:
            last = (t, own)
            if t.incident is not None:
                claimants[t.incident].add(own)
        elif t.status == "reported" and last is not None and last[0].article_id == t.article_id \
                and t.start - last[0].start <= CONTINUATION_CHARS:
            carried[(t.article_id, t.event)] = last[1]
    by_side: dict[str, dict[str, VoiceCell]] = defaultdict(lambda: defaultdict(VoiceCell))
    by_actor: dict[str, dict[str, VoiceCell]] = defaultdict(lambda: defaultdict(VoiceCell))
    for t in rows:
        outlet = names[outlet_key(t.outlet)]
        voice = _VOICE_OF_STATUS.get(t.status)
        if voice is None:
            continue
        if voice == "fact":
            cited = set(claimants.get(t.incident, set())) if t.incident is not None else set()
            if (t.article_id, t.event) in carried:
                cited.add(carried[(t.article_id, t.event)])
        else:
            own = _claimant_of(t)
            cited = {own} if own is not None else set()
        for side in sorted({side for side, _ in cited}):
            by_side[outlet][side].add(voice, t)
        for _, actor in sorted(cited):
            by_actor[outlet][actor].add(voice, t)
    sides = sorted({c for row in by_side.values() for c, cell in row.items() if cell.total})
    actors = sorted({c for row in by_actor.values() for c, cell in row.items() if cell.total})
    return VoiceMatrix(sides, actors,
                       {o: dict(sorted(row.items())) for o, row in sorted(by_side.items())},
                       {o: dict(sorted(row.items())) for o, row in sorted(by_actor.items())})
