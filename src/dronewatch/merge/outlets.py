"""Outlet profiles from stored records: spelling, loaded language, stance, and claims told as fact."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from dronewatch.merge.incidents import Incident
from dronewatch.merge.sides import Side, opposite, side_of
from dronewatch.record import Record

__all__ = ["RUSSIAN_SPELLINGS", "OutletProfile", "profile_outlets"]

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


def profile_outlets(records: Iterable[Record], incidents: Iterable[Incident] = ()) -> list[OutletProfile]:
    """One profile per outlet (articles without an outlet are left out), sorted by outlet name."""
    profiles: dict[str, OutletProfile] = {}
    stance_sums: dict[str, dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
    for record in records:
        outlet = record.article.outlet
        if outlet is None:
            continue
        p = profiles.setdefault(outlet, OutletProfile(outlet))
        p.articles += 1
        p.words += len(record.article.text.split())
        p.naming = dict(Counter(p.naming) + Counter(record.framing.naming))
        p.loaded = dict(Counter(p.loaded) + Counter(t.category for t in record.framing.loaded))
        for side, value in record.framing.stance.items():
            stance_sums[outlet][side].append(value)
    for outlet, sums in stance_sums.items():
        profiles[outlet].stance = {side: round(sum(v) / len(v), 3) for side, v in sorted(sums.items())}
    for incident in incidents:
        claimed_by = {s for r in incident.reports if r.status != "reported" and r.source is not None
                      if (s := side_of(r.source.name, r.source.text)) is not None}
        for report in incident.reports:
            profile = profiles.get(report.outlet or "")
            if profile is None:
                continue
            others: set[str] = {opposite(profile.side)} if profile.side else {"RU", "UA"}
            if claimed_by & others:
                profile.other_side_claims += 1
                profile.other_side_as_fact += report.status == "reported"
    return [profiles[k] for k in sorted(profiles)]
