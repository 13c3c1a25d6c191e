"""Accusation and denial: a claim by one side paired with the other side's denial of it, across articles too.

A pair needs speakers from opposite sides, and something tying the two to one subject: events of the
same incident, the same article close together, or content that shares enough words within a short
time. A denial answers only what is in its scope: when it is about an incident, that incident's
claims (and those of its own article that no incident holds); otherwise, in its own article, the
nearest claim of the other side (or those on its subject), and across articles those sharing its words.
One "Kyiv denied it" is not an answer to every claim Moscow made that week.
"""

from __future__ import annotations

import bisect
import hashlib
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta

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
_NEARBY = "characters apart"  # ends the reason of a pair tied only by being close together in one article
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


def claim_key(article_id: str, claim: Claim, occurrence: int = 0) -> str:
    """A stable name for a claim, like ``event_key`` (``occurrence`` as there)."""
    raw = f"{article_id}|{claim.act}|{claim.evidence.start}|{claim.evidence.text}"
    if occurrence:
        raw = f"{occurrence}#{raw}"
    return "cl-" + hashlib.sha256(raw.encode("utf-8")).hexdigest()[:16]


def claim_refs(record: Record, incident_of: Mapping[int, str] | None = None) -> list[ClaimRef]:
    """The claims of one record; ``incident_of`` maps an event index to its incident.

    A claim is about an event when their evidence spans overlap, or when the event is attributed to
    the claim's speaker.
    """
    incident_of = incident_of or {}
    refs = []
    seen: Counter[tuple[str, int, str]] = Counter()
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
        same = (claim.act, claim.evidence.start, claim.evidence.text)
        key = claim_key(a.id, claim, seen[same])
        seen[same] += 1
        refs.append(ClaimRef(key, a.id, a.outlet, a.published, i, claim, frozenset(incidents)))
    return refs


def pair_claims(refs: Iterable[ClaimRef]) -> list[ClaimPair]:
    """Pair each denial with the accusations from the other side that it answers.

    A denial is compared only with the accusations that could be tied to it (the same article, a shared
    incident, or an article published close enough); pairs come out in the order of the denials, then
    of the accusations, as ``refs`` gives them.
    """
    claims = list(refs)
    accusations = [(c, s) for c in claims if c.claim.act in ACCUSING_ACTS and (s := _side(c)) is not None]
    index = _AccusationIndex([c for c, _ in accusations])
    pairs = []
    for denial in claims:
        if denial.claim.act not in DENYING_ACTS or (denier := _side(denial)) is None:
            continue
        tied = []
        for i in index.candidates(denial):
            accusation, accuser = accusations[i]
            if accuser == denier or not _in_scope(accusation, denial):
                continue
            why = _tie(accusation, denial)
            if why:
                tied.append((accusation, f"{accuser} speaker against {denier} speaker", why))
        nearby = [t for t in tied if t[2][0].endswith(_NEARBY)]
        if len(nearby) > 1:  # of the claims only close by in the article, the denial answers the nearest
            nearest = min(nearby, key=lambda t: _gap(t[0], denial))
            tied = [t for t in tied if t is nearest or not t[2][0].endswith(_NEARBY)]
        pairs += [ClaimPair(a.key, denial.key, (sides, *why)) for a, sides, why in tied]
    return pairs


def _in_scope(accusation: ClaimRef, denial: ClaimRef) -> bool:
    """Whether a denial about incidents can answer this claim: one of the same incidents, or one of its
    own article that no incident holds; a denial about none can answer any."""
    if not denial.incidents:
        return True
    if accusation.incidents:
        return bool(accusation.incidents & denial.incidents)
    return accusation.article_id == denial.article_id


def _gap(accusation: ClaimRef, denial: ClaimRef) -> int:
    """Characters between two claims of one article."""
    return max(denial.claim.evidence.start - accusation.claim.evidence.end,
               accusation.claim.evidence.start - denial.claim.evidence.end, 0)


class _AccusationIndex:
    """Accusations by article, by incident and by publication day, to find those a denial could answer."""

    def __init__(self, accusations: list[ClaimRef]) -> None:
        self.count = len(accusations)
        self.by_article: dict[str, list[int]] = defaultdict(list)
        self.by_incident: dict[str, list[int]] = defaultdict(list)
        self.undated: list[int] = []
        dated: list[tuple[date, int]] = []
        for i, c in enumerate(accusations):
            self.by_article[c.article_id].append(i)
            for incident in c.incidents:
                self.by_incident[incident].append(i)
            if c.published is None:
                self.undated.append(i)
            else:
                dated.append((c.published, i))
        dated.sort()
        self.days = [d for d, _ in dated]
        self.dated = [i for _, i in dated]

    def candidates(self, denial: ClaimRef) -> list[int]:
        """The accusations ``_tie`` could join to the denial, in their original order."""
        if denial.published is None:
            return list(range(self.count))  # an undated article is close to every other one
        window = timedelta(days=CROSS_ARTICLE_DAYS)
        lo = bisect.bisect_left(self.days, denial.published - window)
        hi = bisect.bisect_right(self.days, denial.published + window)
        found = set(self.dated[lo:hi]) | set(self.undated) | set(self.by_article[denial.article_id])
        for incident in denial.incidents:
            found.update(self.by_incident[incident])
        return sorted(found)


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
        if about or overlap >= CONTENT_OVERLAP:
            return ["same article, same subject"]
        gap = _gap(accusation, denial)
        if gap <= SAME_ARTICLE_GAP:
            return [f"same article, {gap} {_NEARBY}"]
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
