"""The application: the API routers, the web pages, static files, and the rules every answer follows.

Every answer carries a strict Content-Security-Policy (scripts and styles only from this server, no
inline script, no plugin, no framing); a bad parameter is a 422 whose message names it; an unexpected
failure is a plain 500 without a traceback (it is logged on the server).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles
from starlette.datastructures import MutableHeaders
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from dronewatch.api.params import token_refusal
from dronewatch.api.routes import (
    articles,
    barrage,
    claims,
    events,
    exports,
    figures,
    incidents,
    outlets,
    search,
)
from dronewatch.checks import text_problem
from dronewatch.config import limit_bytes
from dronewatch.errors import DronewatchError
from dronewatch.ingest import Document
from dronewatch.record import Record
from dronewatch.store.repo import Store

__all__ = ["CONTENT_SECURITY_POLICY", "VENDOR_DIR", "VENDOR_FILES", "create_app"]

log = logging.getLogger("dronewatch.api")

WEB_DIR = Path(__file__).resolve().parent.parent / "web"
# Front-end packages (Leaflet, borders, Swagger UI) installed from npm by `make setup`, never from a CDN.
VENDOR_DIR = WEB_DIR / "node_modules"
# The only files of node_modules the pages load (templates, map.js, and the images leaflet.css names):
# /vendor serves these and nothing else of the folder.
VENDOR_FILES = frozenset({
    "leaflet/dist/leaflet.js", "leaflet/dist/leaflet.css",
    "leaflet/dist/images/layers.png", "leaflet/dist/images/layers-2x.png",
    "leaflet/dist/images/marker-icon.png", "leaflet/dist/images/marker-icon-2x.png",
    "leaflet/dist/images/marker-shadow.png",
    "leaflet.markercluster/dist/leaflet.markercluster.js",
    "leaflet.markercluster/dist/MarkerCluster.css", "leaflet.markercluster/dist/MarkerCluster.Default.css",
    "topojson-client/dist/topojson-client.min.js", "world-atlas/countries-50m.json",
    "@amcharts/amcharts5-geodata/json/ukraineLow.json",
    "swagger-ui-dist/swagger-ui-bundle.js", "swagger-ui-dist/swagger-ui.css",
})
_BODY_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
CONTENT_SECURITY_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "font-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'; object-src 'none'"
)
_SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}

Extract = Callable[[Iterable[Document]], Iterable[Record | DronewatchError]]


def _default_extract() -> Extract:
    """The real extractor, with the spaCy pipeline loaded on the first article posted."""
    loaded: list[Any] = []

    def extract(documents: Iterable[Document]) -> Iterable[Record | DronewatchError]:
        from dronewatch.nlp import extract_documents, load_pipeline

        if not loaded:
            loaded.append(load_pipeline())
        return extract_documents(documents, loaded[0])

    return extract


def _message(errors: Iterable[Any]) -> str:
    parts = []
    for e in errors:
        loc = [str(x) for x in e.get("loc", ()) if x not in ("query", "path", "body", "header")]
        parts.append(f"{'.'.join(loc) or 'request'}: {e.get('msg', 'invalid')}")
    return "; ".join(parts)


class _TooLarge(Exception):
    """A request body grew past the limit while it was read."""


class _HttpMiddleware:
    """Pure ASGI middleware over HTTP requests (``http``); anything else, such as lifespan, passes through.

    (Starlette's ``BaseHTTPMiddleware`` costs about a millisecond a request; this costs nothing measurable.)
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        await self.http(scope, receive, send)

    async def http(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Handle one HTTP request."""
        raise NotImplementedError


class _Guard(_HttpMiddleware):
    """What every request is checked for before any route reads it.

    - a path or query parameter holding a NUL byte: 422 naming it (no database stores one);
    - a write to ``/api/`` without the server's token: 401/403, before a byte of the body is read;
    - a body over ``DRONEWATCH_MAX_BODY_MB``: 413, from its Content-Length or as soon as it grows past it.
    """

    async def http(self, scope: Scope, receive: Receive, send: Send) -> None:
        refusal = _refusal(scope)
        if refusal is not None:
            await refusal(scope, receive, send)
            return
        if scope["method"] not in _BODY_METHODS:
            await self.app(scope, receive, send)
            return
        cap = limit_bytes("max_body_mb")
        received = 0
        over = answered = False

        async def counted() -> Message:
            nonlocal received, over
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > cap:
                    over = True
                    raise _TooLarge
            return message

        async def watched(message: Message) -> None:
            # FastAPI answers any failure while reading a body with its own 400: past the limit, the
            # answer is the 413 instead.
            nonlocal answered
            if not over:
                await send(message)
            elif not answered:
                answered = True
                await _too_large(cap)(scope, receive, send)

        try:
            await self.app(scope, counted, watched)
        except _TooLarge:
            if not answered:
                answered = True
                await _too_large(cap)(scope, receive, send)


def _too_large(cap: int) -> JSONResponse:
    return JSONResponse({"detail": f"the request body is over the limit of {cap // (1024 * 1024)} MB "
                                   "(DRONEWATCH_MAX_BODY_MB)"}, status_code=413)


def _refusal(scope: Scope) -> JSONResponse | None:
    """The answer to a request refused on its path, query, token or declared size alone; None to go on."""
    problems = []
    path_problem = text_problem(scope.get("path", ""))
    if path_problem:
        problems.append({"loc": ["path"], "msg": f"the path {path_problem}", "type": "value_error"})
    query = scope.get("query_string", b"").decode("latin-1")
    if "%00" in query or "\x00" in query:
        for name, value in parse_qsl(query, keep_blank_values=True):
            problem = text_problem(name) or text_problem(value)
            if problem:
                problems.append({"loc": ["query", name], "msg": problem, "type": "value_error"})
    if problems:
        return JSONResponse({"detail": problems, "message": _message(problems)}, status_code=422)
    if scope["method"] not in _BODY_METHODS:
        return None
    headers = {k.lower(): v for k, v in scope.get("headers", [])}
    if scope.get("path", "").startswith("/api/"):
        refused = token_refusal(scope["app"].state.token,
                                headers.get(b"authorization", b"").decode("latin-1") or None)
        if refused is not None:
            return JSONResponse({"detail": refused.detail}, status_code=refused.status_code, headers=refused.headers)
    declared = headers.get(b"content-length", b"")
    cap = limit_bytes("max_body_mb")
    if declared.isdigit() and int(declared) > cap:
        return _too_large(cap)
    return None


class _VendorFiles(StaticFiles):
    """``node_modules`` as static files, of which only ``VENDOR_FILES`` are served (everything else: 404)."""

    def get_path(self, scope: Scope) -> str:
        path = super().get_path(scope)
        return path if path.replace("\\", "/") in VENDOR_FILES else "-/not-served"


class _SecurityHeaders(_HttpMiddleware):
    """The security headers on every answer, and a bare 500 for any failure."""

    async def http(self, scope: Scope, receive: Receive, send: Send) -> None:
        started = False

        async def send_with_headers(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                MutableHeaders(scope=message).update(_SECURITY_HEADERS)
            await send(message)

        try:
            await self.app(scope, receive, send_with_headers)
        except Exception:
            # The one broad catch: whatever failed, the client gets no traceback; the log keeps it.
            log.exception("%s %s failed", scope.get("method"), scope.get("path"))
            if started:
                raise
            await JSONResponse({"detail": "internal error"}, status_code=500)(scope, receive, send_with_headers)


def create_app(store: Store, token: str | None = None, extract: Extract | None = None) -> FastAPI:
    """The API and web UI over ``store``; writes need ``token`` (none: read-only), ``extract`` runs the NLP."""
    from dronewatch.web.views import router as web_router

    app = FastAPI(
        title="dronewatch", version="1",
        description="Sourced records of the drone war: articles, events, incidents, claims, figures, outlets. "
                    "Lists are paged by cursor: pass a page's `next` as `cursor`. Writes need "
                    "`Authorization: Bearer TOKEN`.",
        docs_url=None, redoc_url=None,
    )
    app.state.store = store
    app.state.token = token
    app.state.extract = extract or _default_extract()

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = [{k: v for k, v in e.items() if k in ("loc", "msg", "type")} for e in exc.errors()]
        return JSONResponse({"detail": errors, "message": _message(errors)}, status_code=422)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        body: dict[str, Any] = {"detail": exc.detail}
        if isinstance(exc.detail, list):
            body["message"] = _message(exc.detail)
        return JSONResponse(body, status_code=exc.status_code, headers=exc.headers)

    app.add_middleware(_Guard)
    app.add_middleware(_SecurityHeaders)
    for module in (articles, events, incidents, claims, figures, barrage, outlets, search, exports):
        app.include_router(module.router)
    app.include_router(web_router)
    app.mount("/static", StaticFiles(directory=WEB_DIR / "static"), name="static")
    if VENDOR_DIR.is_dir():
        app.mount("/vendor", _VendorFiles(directory=VENDOR_DIR), name="vendor")
    else:
        log.warning("%s is missing: the map has no Leaflet or borders; run `make setup`", VENDOR_DIR)
    return app
