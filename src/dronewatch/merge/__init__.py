"""The record across sources: one happening told by many outlets, accusation and denial, confidence, outlets.

Everything here is a pure function over ``record.py`` types; the store persists what it returns.
"""

from dronewatch.merge.confidence import Grade, grade_incident
from dronewatch.merge.incidents import (
    EventRef,
    Incident,
    Link,
    Report,
    compatible_types,
    distance_km,
    event_key,
    event_keys,
    find_incidents,
    linkable,
    place_key,
    refs_of,
)
from dronewatch.merge.outlets import (
    ArticleTally,
    OutletProfile,
    ReportTally,
    build_profiles,
    is_host,
    outlet_key,
    outlet_names,
    profile_outlets,
    report_tallies,
    word_count,
)
from dronewatch.merge.pairing import ACCUSING_ACTS, DENYING_ACTS, ClaimPair, ClaimRef, claim_refs, pair_claims
from dronewatch.merge.sides import Side, side_of

__all__ = [
    "ACCUSING_ACTS",
    "DENYING_ACTS",
    "ArticleTally",
    "ClaimPair",
    "ClaimRef",
    "EventRef",
    "Grade",
    "Incident",
    "Link",
    "OutletProfile",
    "Report",
    "ReportTally",
    "Side",
    "build_profiles",
    "claim_refs",
    "compatible_types",
    "distance_km",
    "event_key",
    "event_keys",
    "find_incidents",
    "grade_incident",
    "is_host",
    "linkable",
    "outlet_key",
    "outlet_names",
    "pair_claims",
    "place_key",
    "profile_outlets",
    "refs_of",
    "report_tallies",
    "side_of",
    "word_count",
]
