"""The cross-source rebuild: incidents, claim pairs, grades and outlet profiles, recomputed only where the
articles stored or replaced since the last rebuild (``merge_pending``) can change them.

The result is the one a rebuild from scratch gives, for these reasons:

- Incidents. Events link only along candidate links, and ``find_incidents`` keeps each connected part
  of them (a block) to itself: run over whole blocks, it finds there what a run over everything finds.
  The blocks to redo are those holding a pending article's old events, those a pending article's new
  events could link to (found by overlapping dates of a compatible type, or the same place: more than
  the candidate links, never less) and those where an outlet reports whose side a pending article
  changed (a grade depends on the sides of the reporting outlets).
- Claim pairs. A claim's incidents change only for articles with an event in a redone block (or a
  pending one); pairs with neither claim in such an article stay. The claims that could pair with one
  that changes are in its article, share an incident with it, or appear in articles published close
  to it; the last ones, in no incident of the changed articles, are read from their rows.
- Outlet profiles. A profile sums its outlet's articles and reports (``merge.outlets``): it changes
  only for an outlet with a pending article or a report in a redone incident, and is summed again from
  the framings and incidents stored for that outlet.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from datetime import UTC, date, datetime, timedelta
from typing import Any, TypeVar

from sqlalchemy import Connection, and_, bindparam, delete, insert, or_, select, update

from dronewatch.merge import (
    ACCUSING_ACTS,
    DENYING_ACTS,
    ArticleTally,
    ClaimRef,
    EventRef,
    Incident,
    OutletProfile,
    ReportTally,
    build_profiles,
    claim_refs,
    compatible_types,
    find_incidents,
    grade_incident,
    linkable,
    outlet_key,
    outlet_names,
    pair_claims,
    place_key,
    refs_of,
    report_tallies,
)
from dronewatch.merge.incidents import toll_range
from dronewatch.merge.outlets import claimed_by
from dronewatch.merge.pairing import CROSS_ARTICLE_DAYS
from dronewatch.record import Claim, DateInterval, Event, Evidence, Framing, Place, Record, Speaker, Target
from dronewatch.store.models import (
    ArticleRow,
    ClaimPairRow,
    ClaimRow,
    FramingRow,
    IncidentEventRow,
    IncidentLinkRow,
    IncidentRow,
    MergePending,
    MergeState,
    OutletRow,
    RecordVersion,
    Split,
    insert_rows,
)

__all__ = ["rebuild"]

# Values in one IN (...) list: well below the parameter limits of SQLite (32,766) and PostgreSQL (65,535).
IN_CHUNK = 500

_T = TypeVar("_T")
_DERIVED = (IncidentRow, IncidentEventRow, IncidentLinkRow, ClaimPairRow, OutletRow)


def rebuild(conn: Connection, full: bool = False) -> list[Incident]:
    """Bring the cross-source layer up to date with the stored records; returns the incidents recomputed.

    ``full`` drops the whole layer and recomputes it from every record. Call inside a transaction:
    the first statement locks ``merge_state``, so concurrent rebuilds wait for each other.
    """
    conn.execute(update(MergeState).values(rebuilt_at=datetime.now(UTC).replace(tzinfo=None)))
    if full:
        for model in _DERIVED:
            conn.execute(delete(model))
        conn.execute(delete(MergePending))
        conn.execute(insert(MergePending).from_select(["article_id"], select(ArticleRow.id)))
    pending = conn.execute(select(MergePending.id, MergePending.article_id, MergePending.outlet)).all()
    if not pending:
        return []
    changed = {aid for _, aid, _ in pending}
    records = _records(conn, None if full else changed)
    new_refs = [ref for aid in sorted(changed) for ref in refs_of(records[aid])]

    outlets = _OutletNames(conn)
    touched = ({outlet_key(old) for _, _, old in pending if old}
               | {outlet_key(o) for aid in changed if (o := records[aid].article.outlet) is not None})
    tallies = _article_tallies(conn, outlets.of(touched))
    sides_now = {outlet_key(p.outlet): p.side for p in build_profiles(tallies.values())}
    sides_before = {outlet_key(name): profile.get("side") for name, profile in conn.execute(
        select(OutletRow.outlet, OutletRow.profile))}
    flipped = {k for k in touched if sides_now.get(k) != sides_before.get(k)}

    blocks: set[str] = set()
    if conn.scalar(select(IncidentEventRow.event_key).limit(1)) is not None:  # else nothing stored to join
        blocks |= _scalars(conn, IncidentEventRow.block, IncidentEventRow.article_id, changed)
        blocks |= _blocks_near(conn, new_refs, changed)
        blocks |= _blocks_of_outlets(conn, outlets.of(flipped))
    scope = _rows(conn, [IncidentEventRow.event_key, IncidentEventRow.article_id, IncidentEventRow.incident_id],
                  IncidentEventRow.block, blocks)
    others = {aid for _, aid, _ in scope} - changed
    records |= _records(conn, others)
    kept = {key for key, aid, _ in scope if aid not in changed}
    refs = new_refs + [ref for aid in sorted(others) for ref in refs_of(records[aid]) if ref.key in kept]
    apart = {frozenset((a, b)) for a, b in conn.execute(select(Split.a, Split.b))}
    incidents = find_incidents(refs, apart)

    old_incidents = {incident for _, _, incident in scope}
    _delete(conn, IncidentEventRow.block, blocks)
    _delete(conn, IncidentRow.id, old_incidents)
    _delete(conn, IncidentLinkRow.incident_id, old_incidents)

    affected = changed | others
    claims, deniers = _claims(conn, records, affected, incidents)
    _pair(conn, claims, affected, full)

    keys = touched | {outlet_key(o) for aid in others if (o := records[aid].article.outlet) is not None}
    tallies |= _article_tallies(conn, outlets.of(keys - touched))
    reports = [t for i in incidents for t in report_tallies(i) if outlet_key(t.outlet) in keys]
    reports += _stored_reports(conn, outlets.of(keys), keys)
    profiles = build_profiles(tallies.values(), reports)
    _write_profiles(conn, profiles, keys)

    sides = {p.outlet: p.side for p in profiles}
    titles = {aid: records[aid].article.title for aid in affected}
    shown = outlet_names(name for names in outlets.by_key.values() for name in names)
    _write_incidents(conn, incidents, sides, deniers, titles, shown)
    _delete(conn, MergePending.id, [pid for pid, _, _ in pending])
    return incidents


class _OutletNames:
    """The outlet names articles carry, by outlet key (a few hundred at most: read once per rebuild)."""

    def __init__(self, conn: Connection) -> None:
        self.by_key: dict[str, set[str]] = defaultdict(set)
        for name in conn.scalars(select(ArticleRow.outlet).distinct()):
            if name is not None:
                self.by_key[outlet_key(name)].add(name)

    def of(self, keys: Iterable[str]) -> list[str]:
        """Every name stored for these keys."""
        return sorted(n for k in keys for n in self.by_key.get(k, ()))


def _records(conn: Connection, articles: Iterable[str] | None) -> dict[str, Record]:
    """The current records of these articles (of all, for None), by article id."""
    q = (select(RecordVersion.article_id, RecordVersion.record)
         .join(ArticleRow, and_(ArticleRow.id == RecordVersion.article_id,
                                ArticleRow.extractor == RecordVersion.extractor)))
    rows = conn.execute(q) if articles is None else (
        row for chunk in _chunks(sorted(articles), IN_CHUNK)
        for row in conn.execute(q.where(RecordVersion.article_id.in_(chunk))))
    return {aid: Record.model_validate_json(raw) for aid, raw in rows}


def _blocks_near(conn: Connection, refs: Sequence[EventRef], changed: set[str]) -> set[str]:
    """Blocks of the stored events that the new events link to (``merge.linkable``).

    The stored events to compare are found first by what a link needs: dates that overlap with a
    compatible type, or the same place where either side is undated (``_candidate_links``).
    """
    ie = IncidentEventRow
    facts = [ie.event_key, ie.article_id, ie.block, ie.type, ie.earliest, ie.latest, ie.place_name, ie.country,
             ie.lat, ie.lon, ie.feature, ie.admin1, ie.targets, ie.published]
    spans: dict[frozenset[str], list[tuple[date, date]]] = defaultdict(list)
    at_any_date: set[str] = set()
    at_no_date: set[str] = set()
    for ref in refs:
        when, where = ref.event.date, ref.event.location
        if when is not None and when.earliest is not None and when.latest is not None:
            spans[compatible_types(ref.event.type)].append((when.earliest, when.latest))
            if where is not None:
                at_no_date.add(place_key(where))  # stored events there without a date
        elif where is not None:
            at_any_date.add(place_key(where))
    # Each statement is compiled once and run for every span or chunk of places.
    overlapping = select(*facts).where(ie.earliest <= bindparam("latest"), ie.latest >= bindparam("earliest"),
                                       ie.type.in_(bindparam("types", expanding=True)))
    undated = select(*facts).where(ie.place_key.in_(bindparam("places", expanding=True)),
                                   or_(ie.earliest.is_(None), ie.latest.is_(None)))
    anywhen = select(*facts).where(ie.place_key.in_(bindparam("places", expanding=True)))
    rows: dict[str, Any] = {}
    for types, days in spans.items():
        for earliest, latest in _merged(days):
            rows.update((r.event_key, r) for r in conn.execute(
                overlapping, {"earliest": earliest, "latest": latest, "types": sorted(types)}))
    for query, places in ((undated, at_no_date), (anywhen, at_any_date)):
        for chunk in _chunks(sorted(places), IN_CHUNK):
            rows.update((r.event_key, r) for r in conn.execute(query, {"places": list(chunk)}))
    stored = [_stored_ref(r) for r in rows.values() if r.article_id not in changed]
    return {rows[key].block for key in linkable(refs, stored)}


def _stored_ref(row: Any) -> EventRef:
    """A stored event as merging compares it, from its facts in ``incident_events`` (no text, no evidence).

    Built without validation (``model_construct``): the facts were validated when the record was.
    """
    when = (DateInterval.model_construct(text="", earliest=row.earliest, latest=row.latest)
            if row.earliest is not None or row.latest is not None else None)
    where = (Place.model_construct(text=row.place_name, name=row.place_name, country=row.country, lat=row.lat,
                                   lon=row.lon, feature=row.feature, admin1=row.admin1)
             if row.place_name is not None else None)
    event = Event.model_construct(type=row.type, trigger="", date=when, location=where,
                                  evidence=Evidence.model_construct(start=0, end=0, text=""),
                                  targets=[Target.model_construct(text=name, name=name) for name in row.targets])
    return EventRef(row.event_key, row.article_id, None, row.published, 0, event)


def _blocks_of_outlets(conn: Connection, names: list[str]) -> set[str]:
    """Blocks holding an event of an article by one of these outlets."""
    q = (select(IncidentEventRow.block).join(ArticleRow, ArticleRow.id == IncidentEventRow.article_id).distinct())
    return {b for chunk in _chunks(names, IN_CHUNK) for b in conn.scalars(q.where(ArticleRow.outlet.in_(chunk)))}


def _claims(conn: Connection, records: dict[str, Record], affected: set[str], incidents: list[Incident]
            ) -> tuple[list[ClaimRef], dict[str, set[str]]]:
    """Claims of the affected articles and of those sharing an incident with them (records read as
    needed), with their incidents; and who denies each recomputed incident."""
    recomputed = {ref.key: i.id for i in incidents for ref in i.events}
    ie, other = IncidentEventRow.__table__, IncidentEventRow.__table__.alias()
    sharing = (select(other.c.article_id).join(ie, ie.c.incident_id == other.c.incident_id).distinct())
    near = {a for chunk in _chunks(sorted(affected), IN_CHUNK)
            for a in conn.scalars(sharing.where(ie.c.article_id.in_(chunk)))} - affected
    records |= _records(conn, near)
    stored = dict(_rows(conn, [IncidentEventRow.event_key, IncidentEventRow.incident_id],
                        IncidentEventRow.article_id, affected | near))
    claims = []
    for aid in sorted(affected | near):
        incident_of = {ref.index: recomputed[ref.key] if ref.key in recomputed else stored[ref.key]
                       for ref in refs_of(records[aid])}
        claims += claim_refs(records[aid], incident_of)
    deniers: dict[str, set[str]] = defaultdict(set)
    for c in claims:
        if c.claim.act == "deny":
            for incident_id in c.incidents:
                deniers[incident_id].add(c.claim.speaker.name or c.claim.speaker.text)
    return claims, deniers


def _pair(conn: Connection, claims: list[ClaimRef], affected: set[str], full: bool) -> None:
    """Replace the claim pairs that involve a claim of an affected article."""
    mine = [c for c in claims if c.article_id in affected and c.claim.act in ACCUSING_ACTS | DENYING_ACTS]
    answers = ((DENYING_ACTS if any(c.claim.act in ACCUSING_ACTS for c in mine) else frozenset())
               | (ACCUSING_ACTS if any(c.claim.act in DENYING_ACTS for c in mine) else frozenset()))
    known = {c.article_id for c in claims} | affected
    partners = [] if full or not answers else _partner_claims(conn, answers, [c.published for c in mine], known)
    article_of = {c.key: c.article_id for c in claims + partners}
    keys = {c.key for c in mine}
    _delete(conn, ClaimPairRow.accusation_article, affected)
    _delete(conn, ClaimPairRow.denial_article, affected)
    insert_rows(conn, ClaimPairRow, [
        {"accusation": p.accusation, "denial": p.denial, "reasons": list(p.reasons),
         "accusation_article": article_of[p.accusation], "denial_article": article_of[p.denial]}
        for p in pair_claims(claims + partners) if p.accusation in keys or p.denial in keys])


def _partner_claims(conn: Connection, acts: Iterable[str], days: list[date | None], known: set[str]
                    ) -> list[ClaimRef]:
    """Claims with one of ``acts`` in other articles published close to one of ``days`` (or undated).

    They share no incident with the affected claims (those that do are among ``known``), so their
    incidents are left empty; pairing reads nothing else that a claim row does not keep.
    """
    claims = ClaimRow.__table__
    q = (select(*claims.c, ArticleRow.outlet, ArticleRow.published)
         .join(ArticleRow, ArticleRow.id == claims.c.article_id)
         .where(claims.c.act.in_(sorted(acts))))
    if None in days:
        rows: list[Any] = list(conn.execute(q))  # an undated article is close to every other one
    else:
        window = timedelta(days=CROSS_ARTICLE_DAYS)
        rows = list(conn.execute(q.where(ArticleRow.published.is_(None))))
        between = q.where(ArticleRow.published.between(bindparam("lo"), bindparam("hi")))
        for lo, hi in _merged((d - window, d + window) for d in days if d is not None):
            rows += conn.execute(between, {"lo": lo, "hi": hi})
    partners = []
    for row in rows:
        c = row._mapping
        if c["article_id"] in known:
            continue
        # Built without validation, as ``_stored_ref``: the row was validated as part of its record.
        claim = Claim.model_construct(
            speaker=Speaker.model_construct(text=c["speaker_text"], name=c["speaker_name"], role=c["role"],
                                            affiliation=c["affiliation"]),
            cue=c["cue"], act=c["act"], content=c["content"], direct=c["direct"], about=c["about"],
            evidence=Evidence.model_construct(start=c["ev_start"], end=c["ev_end"], text=c["ev_text"]))
        partners.append(ClaimRef(c["key"], c["article_id"], c["outlet"], c["published"], c["idx"], claim))
    return partners


def _article_tallies(conn: Connection, names: list[str]) -> dict[str, ArticleTally]:
    """What each stored article of these outlets adds to its profile, by article id."""
    framing = FramingRow.__table__
    q = (select(ArticleRow.id, ArticleRow.outlet, framing.c.words, framing.c.naming, framing.c.loaded,
                framing.c.opinion_markers, framing.c.stance)
         .join(framing, framing.c.article_id == ArticleRow.id))
    found: dict[str, ArticleTally] = {}
    for chunk in _chunks(names, IN_CHUNK):
        for aid, outlet, words, naming, loaded, markers, stance in conn.execute(q.where(ArticleRow.outlet.in_(chunk))):
            found[aid] = ArticleTally(outlet, words, Framing(naming=naming, loaded=loaded, opinion_markers=markers,
                                                             stance=stance))
    return found


def _stored_reports(conn: Connection, names: list[str], keys: set[str]) -> list[ReportTally]:
    """The reports of these outlets in the stored incidents (those not recomputed, at this point)."""
    q = (select(IncidentEventRow.incident_id).join(ArticleRow, ArticleRow.id == IncidentEventRow.article_id)
         .distinct())
    ids = {i for chunk in _chunks(names, IN_CHUNK) for i in conn.scalars(q.where(ArticleRow.outlet.in_(chunk)))}
    tallies = []
    for reports, sides in _rows(conn, [IncidentRow.reports, IncidentRow.claimed_by], IncidentRow.id, ids):
        tallies += [ReportTally(r["outlet"], r["status"], frozenset(sides)) for r in reports
                    if r["outlet"] is not None and outlet_key(r["outlet"]) in keys]
    return tallies


def _write_profiles(conn: Connection, profiles: list[OutletProfile], keys: set[str]) -> None:
    """Replace the stored profiles of the outlets under ``keys``."""
    gone = [name for name in conn.scalars(select(OutletRow.outlet)) if outlet_key(name) in keys]
    _delete(conn, OutletRow.outlet, gone)
    insert_rows(conn, OutletRow, [{"outlet": p.outlet, "profile": _profile_json(p)} for p in profiles])


def _write_incidents(conn: Connection, incidents: list[Incident], sides: dict[str, Any],
                     deniers: dict[str, set[str]], titles: dict[str, str | None], shown: dict[str, str]) -> None:
    incident_rows, member_rows, link_rows = [], [], []
    for incident in incidents:
        grade = grade_incident(incident, sides, deniers.get(incident.id, set()))
        incident_rows.append(_incident_row(incident, grade.label, list(grade.reasons), titles, shown))
        for r in incident.events:
            when, where = r.event.date, r.event.location
            member_rows.append({
                "event_key": r.key, "incident_id": incident.id, "article_id": r.article_id, "block": incident.block,
                "type": r.event.type, "earliest": when.earliest if when else None,
                "latest": when.latest if when else None,
                "place_key": place_key(where) if where else None, "place_name": where.name if where else None,
                "country": where.country if where else None, "lat": where.lat if where else None,
                "lon": where.lon if where else None, "feature": where.feature if where else None,
                "admin1": where.admin1 if where else None, "targets": [t.name for t in r.event.targets],
                "published": r.published,
            })
        link_rows += [{"incident_id": incident.id, "a": link.a, "b": link.b, "score": link.score,
                       "reasons": list(link.reasons)} for link in incident.links]
    insert_rows(conn, IncidentRow, incident_rows)
    insert_rows(conn, IncidentEventRow, member_rows)
    insert_rows(conn, IncidentLinkRow, link_rows)


def _incident_row(incident: Incident, grade: str, reasons: list[str], titles: dict[str, str | None],
                  shown: dict[str, str]) -> dict[str, Any]:
    """An incident's row; its reports name each outlet as its profile does (``shown``, by outlet key)."""
    events = [r.event for r in incident.events]
    days = [(e.date.earliest, e.date.latest) for e in events if e.date and e.date.earliest and e.date.latest]
    placed = sorted((e.location for e in events if e.location is not None),
                    key=lambda p: (p.lat is None, p.feature in ("region", "country"), p.name))
    types: dict[str, int] = defaultdict(int)
    for e in events:
        types[e.type] += 1
    told = incident.reports
    reports = [{
        "article_id": r.article_id, "outlet": shown.get(outlet_key(r.outlet), r.outlet) if r.outlet else None,
        "title": titles.get(r.article_id),
        "published": r.published.isoformat() if r.published else None, "status": r.status,
        "source": r.source.name or r.source.text if r.source else None, "events": list(r.event_keys),
        "killed": r.killed, "injured": r.injured,
    } for r in told]
    killed, injured = toll_range(r.killed for r in told), toll_range(r.injured for r in told)
    countries = Counter(e.location.country for e in events if e.location is not None and e.location.country)
    return {
        "id": incident.id, "type": max(sorted(types), key=lambda t: types[t]),
        "first_day": min(d[0] for d in days) if days else None, "last_day": max(d[1] for d in days) if days else None,
        "place_name": placed[0].name if placed else None, "lat": placed[0].lat if placed else None,
        "lon": placed[0].lon if placed else None, "grade": grade, "reasons": reasons, "reports": reports,
        "claimed_by": sorted(claimed_by(incident)),
        "country": placed[0].country if placed and placed[0].country else
        (max(sorted(countries), key=lambda c: countries[c]) if countries else None),
        "report_count": len(told), "killed_low": killed[0] if killed else None,
        "killed_high": killed[1] if killed else None, "injured_low": injured[0] if injured else None,
        "injured_high": injured[1] if injured else None, "vague": incident.vague,
    }


def _profile_json(p: OutletProfile) -> dict[str, Any]:
    return {
        "articles": p.articles, "words": p.words, "naming": p.naming, "loaded": p.loaded, "stance": p.stance,
        "side": p.side, "russian_spelling_share": p.russian_spelling_share,
        "loaded_per_1000_words": round(p.loaded_per_1000_words, 2), "other_side_claims": p.other_side_claims,
        "other_side_as_fact": p.other_side_as_fact, "as_fact_rate": p.as_fact_rate,
    }


def _merged(intervals: Iterable[tuple[date, date]]) -> list[tuple[date, date]]:
    """Overlapping intervals joined, in order."""
    merged: list[tuple[date, date]] = []
    for lo, hi in sorted(intervals):
        if merged and lo <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(hi, merged[-1][1]))
        else:
            merged.append((lo, hi))
    return merged


def _chunks(items: Sequence[_T], size: int) -> Iterator[Sequence[_T]]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


def _scalars(conn: Connection, column: Any, where: Any, values: Iterable[Any]) -> set[Any]:
    """Distinct ``column`` of the rows whose ``where`` is among ``values``."""
    return {v for chunk in _chunks(sorted(values), IN_CHUNK)
            for v in conn.scalars(select(column).where(where.in_(chunk)).distinct())}


def _rows(conn: Connection, columns: list[Any], where: Any, values: Iterable[Any]) -> list[Any]:
    """``columns`` of the rows whose ``where`` is among ``values``."""
    return [tuple(row) for chunk in _chunks(sorted(values), IN_CHUNK)
            for row in conn.execute(select(*columns).where(where.in_(chunk)))]


def _delete(conn: Connection, where: Any, values: Iterable[Any]) -> None:
    """Delete the rows of ``where``'s table whose ``where`` is among ``values``."""
    for chunk in _chunks(sorted(values), IN_CHUNK):
        conn.execute(delete(where.class_).where(where.in_(chunk)))

