"""Confidence: a grade for each incident from who reports it and how, with the reasons a reader checks.

    confirmed              two or more independent outlets say it in their own voice, and either they
                           come from opposite sides or there are at least three of them
    corroborated           two or more independent outlets (at least one in its own voice), or two
                           different sources for an attributed claim
    single-source report   one outlet says it in its own voice
    single-source claim    every report attributes it to the same one source
    disputed               a report disputes it, or someone denies it (overrides the grades above)
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import Literal

from dronewatch.merge.incidents import Incident, Report
from dronewatch.merge.outlets import outlet_key, outlet_names
from dronewatch.merge.sides import Side

__all__ = ["GRADES", "Grade", "GradeLabel", "grade_incident"]

GradeLabel = Literal["confirmed", "corroborated", "single-source report", "single-source claim", "disputed"]
GRADES: tuple[str, ...] = GradeLabel.__args__  # type: ignore[attr-defined]

# What the reasons call the articles whose outlet is not known.
UNKNOWN = "unknown"
# Own-voice reports from this many independent outlets confirm a happening even if all share a side.
CONFIRMING_OUTLETS = 3

# A source that speaks for an institution rather than for itself.
_OFFICIAL = re.compile(
    r"\b(?:ministry|minister|general staff|governor|president|presidential|spokes(?:man|woman|person)|"
    r"army|armed forces|military|air force|navy|command|administration|kremlin|government|mayor|"
    r"police|prosecutor|office|service|fsb|sbu)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Grade:
    """An incident's grade and the reasons for it, in the order a reader would weigh them."""

    label: GradeLabel
    reasons: tuple[str, ...]


def grade_incident(
    incident: Incident, outlet_sides: Mapping[str, Side | None] | None = None, denials: Collection[str] = ()
) -> Grade:
    """Grade one incident; ``outlet_sides`` says which side an outlet leans to, ``denials`` who denied it.

    Reports under two names of one outlet ("Kyiv Independent", "kyivindependent.com") are one outlet,
    named as in ``outlet_sides`` (a profile's name) when it is there. Articles without an outlet are
    one unknown source together, never an independent outlet: they corroborate nothing, and grade an
    incident only when no named outlet reports it.
    """
    sides = {outlet_key(name): side for name, side in (outlet_sides or {}).items()}
    reports = incident.reports
    shown = outlet_names(r.outlet for r in reports if r.outlet is not None)
    shown.update((outlet_key(name), name) for name in outlet_sides or {})

    def outlet(r: Report) -> str:
        return outlet_key(r.outlet) if r.outlet is not None else UNKNOWN

    def name(key: str) -> str:
        return shown.get(key, key)

    told = {outlet(r) for r in reports}
    outlets = told - {UNKNOWN} or told
    own = {outlet(r) for r in reports if r.status == "reported"} & outlets
    attributed = [r for r in reports if r.status in ("claimed", "disputed")]
    sources = {(r.source.name or r.source.text).lower(): r.source.name or r.source.text
               for r in attributed if r.source is not None}
    known = outlets - {UNKNOWN}
    reasons = [f"{len(known)} independent outlet{'s' if len(known) != 1 else ''}: "
               + ", ".join(sorted(name(o) for o in known))]
    unknown = sum(1 for r in reports if r.outlet is None)
    if unknown:
        reasons.append(f"{unknown} report{'s' if unknown != 1 else ''} from an unknown outlet (not counted as one)")
    if own:
        reasons.append(f"{len(own)} in their own voice: " + ", ".join(sorted(name(o) for o in own)))
    if attributed:
        reasons.append(f"{len(attributed)} attribute it"
                       + (" to " + ", ".join(sorted(sources.values())) if sources else ""))
    official = sorted(s for s in sources.values() if _OFFICIAL.search(s))
    if official:
        reasons.append("official source: " + ", ".join(official))
    own_sides = {sides.get(o) for o in own} - {None}
    if len(own_sides) == 2:
        reasons.append("outlets from both sides report it in their own voice")
    disputing = sorted({name(outlet(r)) for r in reports if r.status == "disputed"})
    if disputing:
        reasons.append("disputed in " + ", ".join(disputing))
    if denials:
        reasons.append("denied by " + ", ".join(sorted(set(denials))))
    return Grade(_label(len(outlets), len(own), len(own_sides), len(sources), bool(disputing or denials)),
                 tuple(reasons))


def _label(outlets: int, own: int, own_sides: int, sources: int, disputed: bool) -> GradeLabel:
    if disputed:
        return "disputed"
    if own >= 2 and (own_sides == 2 or own >= CONFIRMING_OUTLETS):
        return "confirmed"
    if (outlets >= 2 and own >= 1) or own >= 2 or sources >= 2:
        return "corroborated"
    if own == 1:
        return "single-source report"
    return "single-source claim"

