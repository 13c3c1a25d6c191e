"""Accusation and denial: a claim by one side paired with the other side's denial of it, across articles too.

A pair needs speakers from opposite sides, and something tying the two to one subject: the same
article close together, events of the same incident, or content that shares enough words within a
short time.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from dronewatch.merge.sides import Side, side_of
from dronewatch.record import Claim, Record

__all__ = ["ACCUSING_ACTS", "DENYING_ACTS", "ClaimPair", "ClaimRef", "claim_key", "claim_refs", "pair_claims"]

ACCUSING_ACTS = frozenset({"accuse", "claim", "announce", "criticize"})
DENYING_ACTS = frozenset({"deny", "reject"})

# Within one article, a denial this close (characters) to the accusation answers it.
SAME_ARTICLE_GAP = 600
# Across articles with no shared incident: content words the two share (Jaccard), and how far apart
# their articles may appear (days).
CONTENT_OVERLAP = 0.25
CROSS_ARTICLE_DAYS = 7
_WORD = re.compile(r"[a-z][a-z'-]{3,}")
_STOP = frozenset(
    ["that", "this", "with", "from", "they", "their", "them", "have", "been", "were", "will", "would", "which", "about", "into", "over", "after", "said", "says", "also", "than", "then", "there", "these", "those", "what", "when", "where", "while", "other", "such", "only", "very"]
)


@dataclass(frozen=True)
class ClaimRef:
    """One claim of one stored article, with the incidents of the events it is about."""

    key: str
    article_id: str
    outlet: str | None
    published: date | None
    index: int
    claim: Claim
    incidents: frozenset[str] = frozenset()


@dataclass(frozen=True)
class ClaimPair:
    """An accusation and the denial that answers it, with the reasons they were paired."""

    accusation: str
    denial: str
    reasons: tuple[str, ...]


def claim_key(article_id: str, claim: Claim) -> str:
    """A stable name for a claim, like ``event_key``."""
    raw = f"{article_id}|{claim.act}|{claim.evidence.start}|{claim.evidence.text}"
    return "cl-" + hashlib.sha256(raw.encode("utf-8")).hexdigest()[:16]


def claim_refs(record: Record, incident_of: Mapping[int, str] | None = None) -> list[ClaimRef]:
    """The claims of one record; ``incident_of`` maps an event index to its incident.

    A claim is about an event when their evidence spans overlap, or when the event is attributed to
    the claim's speaker.
    """
    incident_of = incident_of or {}
    refs = []
    for i, claim in enumerate(record.claims):
        incidents = set()
        for j, event in enumerate(record.events):
            if j not in incident_of:
                continue
            spans = [event.evidence, *event.mentions]
            overlaps = any(s.start < claim.evidence.end and claim.evidence.start < s.end for s in spans)
            attributed = (event.source is not None and claim.speaker.name is not None
                          and event.source.name == claim.speaker.name)
            if overlaps or attributed:
                incidents.add(incident_of[j])
        a = record.article
        refs.append(ClaimRef(claim_key(a.id, claim), a.id, a.outlet, a.published, i, claim, frozenset(incidents)))
    return refs


def pair_claims(refs: Iterable[ClaimRef]) -> list[ClaimPair]:
    """Pair each denial with the accusations from the other side that it answers."""
    claims = list(refs)
    accusations = [(c, s) for c in claims if c.claim.act in ACCUSING_ACTS and (s := _side(c)) is not None]
    pairs = []
    for denial in claims:
        if denial.claim.act not in DENYING_ACTS or (denier := _side(denial)) is None:
            continue
        for accusation, accuser in accusations:
            if accuser == denier:
                continue
            why = _tie(accusation, denial)
            if why:
                sides = f"{accuser} speaker against {denier} speaker"
                pairs.append(ClaimPair(accusation.key, denial.key, (sides, *why)))
    return pairs


def _side(ref: ClaimRef) -> Side | None:
    s = ref.claim.speaker
    return side_of(s.name, s.text, affiliation=s.affiliation)


def _tie(accusation: ClaimRef, denial: ClaimRef) -> list[str]:
    """What ties a denial to an accusation, or nothing when they are about different things."""
    shared_incidents = sorted(accusation.incidents & denial.incidents)
    if shared_incidents:
        return ["about the same incident " + ", ".join(shared_incidents)]
    about = {a.lower() for a in accusation.claim.about} & {a.lower() for a in denial.claim.about}
    overlap = _overlap(accusation.claim.content, denial.claim.content)
    if accusation.article_id == denial.article_id:
        gap = max(denial.claim.evidence.start - accusation.claim.evidence.end,
                  accusation.claim.evidence.start - denial.claim.evidence.end, 0)
        if gap <= SAME_ARTICLE_GAP:
            return [f"same article, {gap} characters apart"]
        if about or overlap >= CONTENT_OVERLAP:
            return ["same article, same subject"]
        return []
    if overlap < CONTENT_OVERLAP or not _close(accusation.published, denial.published):
        return []
    return [f"content shares {overlap:.0%} of its words"] + (["both about " + ", ".join(sorted(about))] if about else [])


def _overlap(a: str, b: str) -> float:
    wa, wb = _words(a), _words(b)
    return len(wa & wb) / len(wa | wb) if wa and wb else 0.0


def _words(text: str) -> set[str]:
    return {w for w in _WORD.findall(text.lower()) if w not in _STOP}


def _close(a: date | None, b: date | None) -> bool:
    return a is None or b is None or abs((a - b).days) <= CROSS_ARTICLE_DAYS
