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

from dronewatch.merge.incidents import Incident
from dronewatch.merge.sides import Side, opposite, side_of
from dronewatch.record import Framing, Record

__all__ = [
    "RUSSIAN_SPELLINGS",
    "ArticleTally",
    "OutletProfile",
    "ReportTally",
    "build_profiles",
    "claimed_by",
    "outlet_key",
    "outlet_names",
    "profile_outlets",
    "report_tallies",
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
    return {key: min(found, key=lambda n: (_HOST.fullmatch(n.strip()) is not None, n.isupper(), -found[n], n))
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

