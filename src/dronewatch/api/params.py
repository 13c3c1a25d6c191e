"""What every route shares: the store, query filters, cursors, limits, 422 errors and the API token.

The dependencies are coroutines although they do no I/O: FastAPI runs a plain function in a worker
thread, and each such hop is a thread switch, a few tenths of a millisecond (more on a busy machine).
"""

from __future__ import annotations

import base64
import binascii
import hmac
from collections.abc import Callable
from typing import Annotated, Any, TypeVar

import fastapi.dependencies.utils
from fastapi import Depends, Header, HTTPException, Query, Request
from fastapi.responses import ORJSONResponse
from starlette.concurrency import run_in_threadpool

from dronewatch.checks import DB_INT_MAX, BadValue, is_ascii_digits, text_problem
from dronewatch.store.queries import Filter, FilterError, parse_filter, place_coordinates
from dronewatch.store.repo import Store

__all__ = [
    "DEFAULT_LIMIT",
    "MAX_ID",
    "MAX_LIMIT",
    "CommonFilter",
    "Limit",
    "StoreDep",
    "bad_param",
    "bad_value",
    "common_filter",
    "decode_cursor",
    "encode_cursor",
    "get_store",
    "page_of",
    "paged",
    "read",
    "require_token",
    "token_refusal",
]

T = TypeVar("T")

DEFAULT_LIMIT = 100
# A page is at most this long: enough for a map of a region, small enough to answer in milliseconds.
MAX_LIMIT = 1000
# Row ids are INTEGER columns (32-bit on PostgreSQL): a larger number cannot name a row.
MAX_ID = DB_INT_MAX

Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description="Items per page")]


def _remember_sequence_fields() -> None:
    """Make FastAPI decide once per parameter, not on every request, whether the parameter takes a list.

    FastAPI 0.115 works it out from the parameter's type annotation twice per parameter per request
    (fastapi/fastapi#13824, not merged); with the dozen filters of a list that was the largest part of a
    request's own cost in a profile of ``/api/events``. The answer depends on the parameter alone and
    parameters live as long as their app, so it is kept with the parameter.
    """
    utils: Any = fastapi.dependencies.utils
    decide = getattr(utils, "is_sequence_field", None)
    if decide is None or getattr(decide, "remembered", False):
        return  # another FastAPI, which decides otherwise: nothing to remember

    known: dict[int, tuple[object, bool]] = {}

    def remembered(field: object) -> bool:
        seen = known.get(id(field))
        if seen is None or seen[0] is not field:
            seen = known[id(field)] = (field, bool(decide(field)))  # the field is kept: its id stays its own
        return seen[1]

    remembered.remembered = True  # type: ignore[attr-defined]
    utils.is_sequence_field = remembered


_remember_sequence_fields()


def bad_param(name: str, problem: str, where: str = "query") -> HTTPException:
    """A 422 shaped like FastAPI's own validation errors, naming the parameter."""
    return HTTPException(422, detail=[{"loc": [where, name], "msg": problem, "type": "value_error"}])


def bad_value(exc: BadValue, where: str = "query") -> HTTPException:
    """The 422 for a value ``dronewatch.checks`` refused."""
    return bad_param(exc.name, exc.problem, where)


def get_store(request: Request) -> Store:
    """The application's store."""
    store: Store = request.app.state.store
    return store


async def _store(request: Request) -> Store:
    return get_store(request)


StoreDep = Annotated[Store, Depends(_store)]


async def read(store: Store, query: Callable[..., T], *args: Any) -> T:
    """Run ``query(store, *args)``, a read of a page or less: inline on SQLite, in a worker thread otherwise.

    SQLite reads are the server's own CPU work, of a few milliseconds for a page, which a worker thread
    only delays (handing it over and back cost about 0.3 ms a request in ``bench_api.py``); a read from
    PostgreSQL waits on a socket, which a worker thread leaves free for other requests.
    """
    if store.engine.dialect.name == "sqlite":
        return query(store, *args)
    return await run_in_threadpool(query, store, *args)


def token_refusal(token: str | None, authorization: str | None) -> HTTPException | None:
    """Why a write with this ``Authorization`` header is refused by a server holding ``token``, or None."""
    if not token:
        return HTTPException(403, detail="the write side is off: start the server with DRONEWATCH_API_TOKEN set")
    given = (authorization or "").removeprefix("Bearer ").strip()
    if not given or not hmac.compare_digest(given.encode("utf-8", "replace"), token.encode()):
        return HTTPException(401, detail="a valid API token is required: send 'Authorization: Bearer TOKEN'",
                             headers={"WWW-Authenticate": "Bearer"})
    return None


async def require_token(request: Request, authorization: Annotated[str | None, Header()] = None) -> None:
    """Let a write through only with ``Authorization: Bearer TOKEN`` matching the server's token.

    (The application's guard has already checked this before the body was read; this keeps the rule
    with each route, and in its OpenAPI description.)
    """
    refusal = token_refusal(request.app.state.token, authorization)
    if refusal is not None:
        raise refusal


def encode_cursor(value: int | str) -> str:
    """An opaque cursor for the row after which the next page starts."""
    raw = f"i:{value}" if isinstance(value, int) else f"s:{value}"
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode_cursor(cursor: str | None, kind: type[int | str]) -> Any:
    """The row key inside a cursor from ``encode_cursor``; a 422 naming ``cursor`` when it is not one."""
    if cursor is None:
        return None
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
    except (binascii.Error, UnicodeDecodeError, ValueError) as exc:
        raise bad_param("cursor", "not a cursor from a previous page's 'next'") from exc
    prefix, _, value = raw.partition(":")
    if kind is int and prefix == "i" and is_ascii_digits(value) and len(value) <= 12 and int(value) <= MAX_ID:
        return int(value)
    if kind is str and prefix == "s" and value and text_problem(value) is None:
        return value
    raise bad_param("cursor", "not a cursor from a previous page's 'next'")


def page_of(rows: list[T], limit: int, key: Callable[[T], int | str]) -> tuple[list[T], str | None]:
    """The page in ``rows`` (read ``limit + 1`` long, to know whether more follow) and the cursor of the next
    page, from the ``key`` of its last row; None on the last page."""
    more = len(rows) > limit
    rows = rows[:limit]
    return rows, encode_cursor(key(rows[-1])) if more else None


def paged(rows: list[Any], limit: int) -> ORJSONResponse:
    """A list answer, ``{"items", "next", "limit"}``, of rows read ``limit + 1`` long and keyed by ``id``."""
    items, nxt = page_of(rows, limit, lambda r: r.id)
    return ORJSONResponse({"items": items, "next": nxt, "limit": limit})


# The API's names for filters that ``parse_filter`` knows by others.
_API_NAMES = {"text": "q", "km": "radius_km"}


async def common_filter(
    store: StoreDep,
    since: Annotated[str | None, Query(description="On or after this day (YYYY-MM-DD); date ranges overlap")] = None,
    until: Annotated[str | None, Query(description="On or before this day (YYYY-MM-DD)")] = None,
    bbox: Annotated[str | None, Query(description="MIN_LON,MIN_LAT,MAX_LON,MAX_LAT")] = None,
    near: Annotated[str | None, Query(description="LAT,LON, or a stored place's name: within radius_km of it")]
    = None,
    radius_km: Annotated[str | None, Query(description="Radius for near, in km (default 25)")] = None,
    actor: Annotated[str | None, Query(description="An actor's name, e.g. Russia")] = None,
    outlet: Annotated[str | None, Query(description="Reported by this outlet")] = None,
    country: Annotated[str | None, Query(description="ISO 3166-1 alpha-2 code")] = None,
    q: Annotated[str | None, Query(description="Words the text contains (full-text search)")] = None,
    min_killed: Annotated[str | None, Query(description="At least this many killed (the highest count "
                                                        "reported)")] = None,
) -> Filter:
    """The filters every list shares, parsed by ``parse_filter``; ``type`` and ``status`` are added by each route."""
    try:
        return parse_filter({"since": since, "until": until, "bbox": bbox, "near": near, "km": radius_km,
                             "actor": actor, "outlet": outlet, "country": country, "text": q,
                             "min_killed": min_killed}, lambda name: place_coordinates(store, name))
    except FilterError as exc:
        raise bad_value(BadValue(_API_NAMES.get(exc.name, exc.name), exc.problem)) from exc


CommonFilter = Annotated[Filter, Depends(common_filter)]
