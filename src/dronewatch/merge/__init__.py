"""The record across sources: one happening told by many outlets, accusation and denial, confidence, outlets.

Everything here is a pure function over ``record.py`` types; the store persists what it returns.
"""

from dronewatch.merge.confidence import Grade, grade_incident
from dronewatch.merge.incidents import (
    EventRef,
    Incident,
    Link,
    Report,
    distance_km,
    event_key,
    find_incidents,
    refs_of,
)
from dronewatch.merge.outlets import OutletProfile, profile_outlets
from dronewatch.merge.pairing import ClaimPair, ClaimRef, claim_refs, pair_claims
from dronewatch.merge.sides import Side, side_of

__all__ = [
    "ClaimPair",
    "ClaimRef",
    "EventRef",
    "Grade",
    "Incident",
    "Link",
    "OutletProfile",
    "Report",
    "Side",
    "claim_refs",
    "distance_km",
    "event_key",
    "find_incidents",
    "grade_incident",
    "pair_claims",
    "profile_outlets",
    "refs_of",
    "side_of",
]
