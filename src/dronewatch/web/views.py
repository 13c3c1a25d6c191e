"""The web pages: map and timeline, incident, article, outlets, search, exports, and the API's docs.

Pages are rendered on the server with Jinja2, autoescape on: article text is untrusted and only ever
printed as text. Scripts live in ``static/`` (the Content-Security-Policy forbids inline script);
the map and timeline read the same JSON API as everyone else.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from hmac import compare_digest
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import parse_qs, quote, urlencode

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.concurrency import run_in_threadpool

from dronewatch.api.params import get_store
from dronewatch.api.routes.articles import full_id
from dronewatch.errors import StoreError
from dronewatch.export import FORMATS
from dronewatch.export.tables import KINDS
from dronewatch.merge.confidence import GRADES
from dronewatch.merge.incidents import toll_text
from dronewatch.record import EVENT_TYPES, Record
from dronewatch.store.queries import (
    INCIDENT_SORTS,
    UNKNOWN_OUTLET,
    BarrageNight,
    ClaimItem,
    Filter,
    FilterError,
    IncidentItem,
    IncidentSort,
    SalvoFigure,
    article_incidents,
    barrage_nights,
    claim_items,
    incident_by_id,
    incident_count,
    incident_events,
    incident_facets,
    incident_page,
    outlet_profiles,
    parse_filter,
    place_coordinates,
    record,
    salvo_figures,
    search,
    voice_matrix,
)
from dronewatch.store.repo import Store
from dronewatch.web.highlight import Span, runs

__all__ = ["router", "templates"]

_HERE = Path(__file__).resolve().parent
# Autoescape everywhere, not only for .html: a template must never print article text unescaped.
templates = Jinja2Templates(env=Environment(loader=FileSystemLoader(_HERE / "templates"),
                                            autoescape=select_autoescape(default=True, default_for_string=True)))
router = APIRouter(include_in_schema=False)
StoreDep = Annotated[Store, Depends(get_store)]
# The list beside the map shows at most this many incidents (the map itself pages through all of them).
LIST_LIMIT = 500
# An incident's claims are read whole: a page this long holds every claim of an article.
CLAIMS_PER_ARTICLE = 1000
# The split form has a token and one box per report; more fields than this is not our form.
MAX_FORM_FIELDS = 1000


def _sources(incident: IncidentItem) -> str:
    """The outlets reporting an incident, each once; an unknown one is "unknown", never an outlet."""
    return ", ".join(sorted({r.get("outlet") or UNKNOWN_OUTLET for r in incident.reports}))


templates.env.globals.update(toll=toll_text, sources=_sources)


def _page(request: Request, name: str, status: int = 200, **context: Any) -> HTMLResponse:
    return templates.TemplateResponse(request, name, context, status_code=status)


def _not_found(request: Request, what: str) -> HTMLResponse:
    return _page(request, "missing.html", status=404, what=what)


def _day(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


# The home page's filters, as its form names them (``q`` is the full text, ``near`` a place or LAT,LON).
_FORM = ("type", "status", "since", "until", "outlet", "actor", "country", "near", "km", "min_killed", "q", "vague")


@router.get("/", response_class=HTMLResponse)
def home(request: Request, store: StoreDep, sort: str = "newest") -> HTMLResponse:
    """The map, the timeline, and the incidents passing the filters, newest first, with facet counts."""
    form = {k: request.query_params.get(k, "") for k in _FORM}
    order: IncidentSort = "oldest" if sort == "oldest" else "reports" if sort == "reports" else \
        "toll" if sort == "toll" else "newest"
    error = None
    try:
        f = parse_filter({("text" if k == "q" else k): v for k, v in form.items()},
                         lambda name: place_coordinates(store, name))
    except FilterError as exc:
        f, error = Filter(), f"{exc.name}: {exc.problem}"
    incidents = incident_page(store, f, None, LIST_LIMIT, order)

    def form_query(name: str, value: str) -> str:
        """The page's query with one facet's value set."""
        return urlencode({k: v for k, v in form.items() if v} | {name: value, "sort": order})

    return _page(request, "index.html", incidents=incidents, families=TYPE_FAMILIES, grades=GRADES, form=form,
                 sort=order, sorts=INCIDENT_SORTS, facets=incident_facets(store, f), error=error,
                 total=incident_count(store, f), form_query=form_query)


# The map's colours go by family of event type (one colour each, from a colour-blind-safe palette: style.css).
TYPE_FAMILIES: dict[str, tuple[str, ...]] = {
    "strikes from the air": ("drone_strike", "missile_strike", "air_strike"),
    "ground violence": ("shelling", "armed_clash", "explosion", "attack", "sabotage"),
    "interception": ("interception",),
    "forces": ("deployment", "exercise", "territorial_change"),
    "arms": ("arms_transfer", "defense_cooperation"),
    "politics": ("diplomatic_meeting", "negotiation", "policy_decision", "protest"),
}


def _article_spans(record: Record, events: set[int] | None = None, claims: bool = True) -> list[Span]:
    """The spans to highlight in an article: its events (or only ``events``), claims, figures, loaded terms."""
    spans = []
    for i, e in enumerate(record.events):
        if events is None or i in events:
            label = f"event: {e.type.replace('_', ' ')} ({e.status})"
            spans += [Span(ev.start, ev.end, "event", f"e{i}", label) for ev in [e.evidence, *e.mentions]]
    if claims:
        for i, c in enumerate(record.claims):
            spans.append(Span(c.evidence.start, c.evidence.end, "claim", f"c{i}",
                              f"claim: {c.act} by {c.speaker.name or c.speaker.text}"))
        for i, g in enumerate(record.figures):
            spans.append(Span(g.evidence.start, g.evidence.end, "figure", f"f{i}", f"figure: {g.kind} {g.value}"))
        for i, t in enumerate(record.framing.loaded):
            spans.append(Span(t.evidence.start, t.evidence.end, "loaded", f"l{i}",
                              f"loaded term: {t.category.replace('_', ' ')}"))
    return spans


@router.get("/articles/{article_id}", response_class=HTMLResponse)
def article_page(request: Request, store: StoreDep, article_id: str) -> HTMLResponse:
    """One article: its text with every extraction highlighted, the extractions, and the framing panel."""
    found = record(store, full_id(article_id))
    if found is None:
        return _not_found(request, f"article {article_id}")
    incident_of = article_incidents(store, found.article.id)
    from dronewatch.merge import event_keys

    incidents = [incident_of.get(key) for key in event_keys(found.article.id, found.events)]
    return _page(request, "article.html", record=found, a=found.article,
                 runs=runs(found.article.text, _article_spans(found)), incidents=incidents)


def _answers(store: Store, claims: list[ClaimItem]) -> list[tuple[ClaimItem, list[ClaimItem]]]:
    """Each denial among ``claims`` or answering one of them, once, with the claims it answers (wherever
    they were published)."""
    wanted = {k for c in claims for k in (*c.answered_by, *c.answers)}
    known = {c.key: c for c in claims}
    missing = wanted - set(known)
    if missing:
        known |= {c.key: c for c in claim_items(store, Filter(), None, len(missing) + 1, keys=missing)}
    denials = {c.key: c for c in claims if c.answers} | {
        known[d].key: known[d] for c in claims for d in c.answered_by if d in known}
    return [(d, [known[a] for a in d.answers if a in known]) for d in denials.values()]


@router.get("/incidents/{incident_id}", response_class=HTMLResponse)
def incident_view(request: Request, store: StoreDep, incident_id: str, split: str | None = None) -> HTMLResponse:
    """One incident: every report with its text and evidence, status per outlet, claims against denials,
    the grade and its reasons, and why its events were joined (with a form to split them)."""
    incident = incident_by_id(store, incident_id)
    if incident is None:
        return _not_found(request, f"incident {incident_id}")
    events = incident_events(store, incident_id)
    by_article: dict[str, set[int]] = defaultdict(set)
    where: dict[str, str] = {}
    for e in events:
        by_article[e.article_id].add(e.idx)
        where[e.key] = e.outlet or e.article_id[:15]
    reports = []
    for report in incident.reports:
        told = record(store, report["article_id"])
        if told is None:
            continue
        chosen = by_article[report["article_id"]]
        reports.append({"report": report, "record": told,
                        "events": [(i, e) for i, e in enumerate(told.events) if i in chosen],
                        "runs": runs(told.article.text, _article_spans(told, chosen, claims=False))})
    claims = [c for r in incident.reports
              for c in claim_items(store, Filter(), None, CLAIMS_PER_ARTICLE, article=r["article_id"])]
    return _page(request, "incident.html", incident=incident, reports=reports, answers=_answers(store, claims),
                 claims=[c for c in claims if not c.answered_by and not c.answers], where=where,
                 split_message=split, writable=bool(request.app.state.token))


@router.post("/incidents/{incident_id}/split", response_model=None)
async def split_view(request: Request, incident_id: str) -> Response:
    """Split the checked reports off an incident, when the form carries the server's API token."""
    # A urlencoded form, parsed here: the only form the UI posts does not warrant a multipart parser.
    form = parse_qs((await request.body()).decode("utf-8", "replace"), max_num_fields=MAX_FORM_FIELDS)
    token = (form.get("token") or [""])[0]
    expected = request.app.state.token
    if not expected or not compare_digest(token.encode(), str(expected).encode()):
        return RedirectResponse(f"/incidents/{_query(incident_id)}?split=refused:+a+valid+API+token+is+needed",
                                status_code=303)
    store = get_store(request)
    try:
        off = await run_in_threadpool(store.split, incident_id, form.get("keys", []))
    except StoreError as exc:
        return RedirectResponse(f"/incidents/{_query(incident_id)}?split={_query(str(exc))}", status_code=303)
    # The incident's id is its smallest event key: after a split it may belong to the other part.
    gone = await run_in_threadpool(incident_by_id, store, incident_id) is None
    target = "/" if gone else f"/incidents/{_query(incident_id)}"
    return RedirectResponse(f"{target}?split={_query(f'split off {len(off)} event(s)')}", status_code=303)


def _query(text: str) -> str:
    return quote(text, safe="")


@router.get("/outlets", response_class=HTMLResponse)
def outlets_view(request: Request, store: StoreDep) -> HTMLResponse:
    """Outlets side by side, with a bar chart of spelling, loaded language and claims told as fact."""
    profiles = outlet_profiles(store)
    loaded_max = max((p["loaded_per_1000_words"] for p in profiles), default=0.0) or 1.0
    bars = [{
        "outlet": p["outlet"],
        "bars": [("Russian spellings", p["russian_spelling_share"], "share"),
                 ("loaded terms /1000 words", p["loaded_per_1000_words"] / loaded_max, "loaded"),
                 ("other side's claims as fact", p["as_fact_rate"], "fact")],
        "loaded": p["loaded_per_1000_words"],
    } for p in profiles]
    return _page(request, "outlets.html", profiles=profiles, chart=bars, loaded_max=loaded_max,
                 voices=voice_matrix(store).as_dict())


@router.get("/search", response_class=HTMLResponse)
def search_view(request: Request, store: StoreDep,
                q: Annotated[str, Query(max_length=500)] = "") -> HTMLResponse:
    """Full-text search over article bodies and evidence; matched words are marked."""
    hits = search(store, q, limit=100) if q.strip() else []
    titles: dict[str, str] = {}
    shown = []
    for h in hits:
        if h.article_id not in titles:
            found = record(store, h.article_id)
            titles[h.article_id] = (found.article.title or found.article.source) if found else h.article_id
        shown.append({"hit": h, "title": titles[h.article_id], "parts": _marked(h.snippet)})
    return _page(request, "search.html", q=q, hits=shown)


def _marked(snippet: str) -> list[tuple[str, bool]]:
    """A search snippet cut into (text, matched) parts at the store's [brackets]."""
    parts: list[tuple[str, bool]] = []
    rest = snippet
    while "[" in rest and "]" in rest[rest.index("["):]:
        a = rest.index("[")
        b = rest.index("]", a)
        parts += [(rest[:a], False), (rest[a + 1:b], True)]
        rest = rest[b + 1:]
    return [*parts, (rest, False)]


@router.get("/exports", response_class=HTMLResponse)
def exports_view(request: Request) -> HTMLResponse:
    """Download links for every export format."""
    return _page(request, "exports.html", formats=FORMATS, kinds=KINDS, types=EVENT_TYPES)


# The barrage chart: pixels per night's column, each side's panel height, and the left margin for the axis.
NIGHT_WIDTH = 34
PANEL_HEIGHT = 160
CHART_LEFT = 56
# Night labels at least this far apart (px), and the chart at least this wide.
LABEL_SPACING = 64
CHART_MIN_WIDTH = 640


def _evidence_link(g: SalvoFigure) -> str:
    return f"/articles/{quote(g.article_id, safe=':')}#x-f{g.idx}"  # its entry in the figures list


def _largest(night: BarrageNight, role: str) -> SalvoFigure | None:
    """The figure behind a night's count for ``role`` (the largest one that role's reports give)."""
    return max((g for g in night.figures if g.role == role), key=lambda g: g.value, default=None)


def _chart(nights: list[BarrageNight]) -> dict[str, Any]:
    """Geometry of the barrage chart: one panel per side, a column per night, launched behind intercepted."""
    days = sorted({n.night for n in nights})
    column = {d: i for i, d in enumerate(days)}
    sides = sorted({n.side or "" for n in nights})
    panels = []
    for p, side in enumerate(sides):
        rows = [n for n in nights if (n.side or "") == side]
        top = max((max(n.launched or 0, n.intercepted or 0, n.hit or 0, n.lost or 0) for n in rows), default=0) or 1
        y0 = 30 + p * (PANEL_HEIGHT + 50)
        bars = []
        for n in rows:
            x = CHART_LEFT + column[n.night] * NIGHT_WIDTH
            for role, value, inset in (("launched", n.launched, 0), ("intercepted", n.intercepted, 4)):
                g = _largest(n, role)
                if value is None or g is None:
                    continue
                h = round(value / top * PANEL_HEIGHT, 1)
                bars.append({"x": x + inset, "y": y0 + PANEL_HEIGHT - h, "w": NIGHT_WIDTH - 4 - 2 * inset, "h": h,
                             "role": role, "href": _evidence_link(g),
                             "title": f"{n.night}: {int(value)} {role} ({g.weapon or g.kind}) per "
                                      f"{g.source or g.outlet or 'the report'}"})
        panels.append({"side": f"{side}'s weapons" if side else "weapons of no stated side", "y0": y0,
                       "top": int(top), "bars": bars})
    width = max(CHART_MIN_WIDTH, CHART_LEFT + len(days) * NIGHT_WIDTH + 20)
    step = -(-LABEL_SPACING // NIGHT_WIDTH)
    labels = [{"x": CHART_LEFT + i * NIGHT_WIDTH + NIGHT_WIDTH / 2, "text": d.strftime("%d %b %y")}
              for i, d in enumerate(days) if i % step == 0]
    return {"width": width, "height": 40 + len(sides) * (PANEL_HEIGHT + 50), "panels": panels, "labels": labels,
            "plot": PANEL_HEIGHT}


@router.get("/barrage", response_class=HTMLResponse)
def barrage_view(request: Request, store: StoreDep,
                 kind: Annotated[str | None, Query(pattern="^(drones|missiles)$")] = None,
                 country: Annotated[str | None, Query(pattern="^[A-Za-z]{2}$")] = None) -> HTMLResponse:
    """The barrage tracker: nightly salvos per side, launched and intercepted, each bar linked to its evidence."""
    f = Filter(type=kind, country=country.upper() if country else None)
    nights = barrage_nights(salvo_figures(store, f))
    table = [{"night": n, "launched": _largest(n, "launched"), "intercepted": _largest(n, "intercepted"),
              "links": [(g, _evidence_link(g)) for g in n.figures]} for n in reversed(nights)]
    return _page(request, "barrage.html", chart=_chart(nights), table=table, kind=kind or "",
                 country=country or "")


@router.get("/docs", response_class=HTMLResponse)
def docs_view(request: Request) -> HTMLResponse:
    """The API's documentation (Swagger UI, served from the installed npm package)."""
    return _page(request, "docs.html")
