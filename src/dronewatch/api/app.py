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

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles
from starlette.datastructures import MutableHeaders
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from dronewatch.api.routes import articles, claims, events, exports, figures, incidents, outlets, search
from dronewatch.errors import DronewatchError
from dronewatch.ingest import Document
from dronewatch.record import Record
from dronewatch.store.repo import Store

__all__ = ["CONTENT_SECURITY_POLICY", "VENDOR_DIR", "create_app"]

log = logging.getLogger("dronewatch.api")

WEB_DIR = Path(__file__).resolve().parent.parent / "web"
# Front-end packages (Leaflet, borders, Swagger UI) installed from npm by `make setup`, never from a CDN.
VENDOR_DIR = WEB_DIR / "node_modules"
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


class _SecurityHeaders:
    """Pure ASGI middleware: the security headers on every answer, and a bare 500 for any failure.

    (Starlette's ``BaseHTTPMiddleware`` costs about a millisecond a request; this costs nothing measurable.)
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
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

    app.add_middleware(_SecurityHeaders)
    for module in (articles, events, incidents, claims, figures, outlets, search, exports):
        app.include_router(module.router)
    app.include_router(web_router)
    app.mount("/static", StaticFiles(directory=WEB_DIR / "static"), name="static")
    if VENDOR_DIR.is_dir():
        app.mount("/vendor", StaticFiles(directory=VENDOR_DIR), name="vendor")
    else:
        log.warning("%s is missing: the map has no Leaflet or borders; run `make setup`", VENDOR_DIR)
    return app
