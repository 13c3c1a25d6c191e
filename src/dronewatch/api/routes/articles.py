"""Articles: the stored records, exactly as stored, and the write side that adds one."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import JSONResponse, ORJSONResponse
from pydantic import BaseModel, Field, field_validator, model_validator

from dronewatch.api.params import (
    DEFAULT_LIMIT,
    CommonFilter,
    Limit,
    StoreDep,
    decode_cursor,
    paged,
    require_token,
)
from dronewatch.api.shapes import ArticlePage
from dronewatch.checks import text_problem
from dronewatch.errors import DronewatchError
from dronewatch.ingest import Document
from dronewatch.record import Genre, Record
from dronewatch.store.queries import article_incidents, article_items
from dronewatch.store.queries import record as stored_record

__all__ = ["ArticleIn", "full_id", "router"]

router = APIRouter(prefix="/api/articles", tags=["articles"])
# An article posted to the API is at most this long (a long report is ~50 KB; a book is not an article).
MAX_POST_CHARS = 2_000_000


class ArticleIn(BaseModel):
    """An article to extract and store: its text, or an HTML page (no URL is fetched)."""

    text: str | None = Field(default=None, max_length=MAX_POST_CHARS)
    html: str | None = Field(default=None, max_length=MAX_POST_CHARS)
    url: str | None = None
    title: str | None = None
    outlet: str | None = None
    published: date | None = None
    source: str | None = Field(default=None, description="Where it came from; default: the URL, else 'api'")

    @field_validator("text", "html", "url", "title", "outlet", "source")
    @classmethod
    def _storable(cls, value: str | None) -> str | None:
        problem = text_problem(value) if value else None
        if problem:
            raise ValueError(problem)  # pydantic names the field
        return value

    @model_validator(mode="after")
    def _one_body(self) -> ArticleIn:
        if not (self.text or "").strip() and not (self.html or "").strip():
            raise ValueError("give the article's 'text' or its 'html'")
        return self


class StoredOut(BaseModel):
    """What storing an article did, and the record made of it."""

    outcome: str
    record: dict[str, Any]


def full_id(article_id: str) -> str:
    """An article id with its ``sha256:`` prefix, which URLs may leave out."""
    return article_id if article_id.startswith("sha256:") else "sha256:" + article_id


@router.get("", response_model=ArticlePage, summary="List articles")
def list_articles(store: StoreDep, f: CommonFilter,
                  genre: Annotated[Genre | None, Query(description="news, opinion, analysis, statement")] = None,
                  cursor: str | None = None, limit: Limit = DEFAULT_LIMIT) -> ORJSONResponse:
    """Articles by id; ``since``/``until`` bound the publication date, ``q`` searches the text."""
    return paged(article_items(store, replace(f, type=genre), decode_cursor(cursor, str), limit + 1), limit)


@router.get("/{article_id}", response_model=Record, summary="One article's record",
            responses={404: {"description": "No such article"}})
def get_article(store: StoreDep, article_id: str) -> JSONResponse:
    """The article's current record, exactly as stored (the contract's shape), plus its events' incidents."""
    found = stored_record(store, full_id(article_id))
    if found is None:
        raise HTTPException(404, detail=f"article {article_id}: no such article")
    return JSONResponse(found.to_dict() | {"incidents": article_incidents(store, found.article.id)})


@router.post("", status_code=201, response_model=StoredOut, dependencies=[Depends(require_token)],
             summary="Extract and store an article",
             responses={401: {"description": "No or wrong API token"}, 403: {"description": "Write side off"},
                        413: {"description": "Body over DRONEWATCH_MAX_BODY_MB"}})
def post_article(request: Request, store: StoreDep, body: ArticleIn) -> JSONResponse:
    """Extract events, claims, figures and framing from a posted text or HTML page, store them, re-merge."""
    from dronewatch.ingest.html import parse_html
    from dronewatch.ingest.text import parse_text

    source = body.source or body.url or "api"
    try:
        doc: Document = parse_html(body.html, source=source, url=body.url) if body.html else parse_text(
            body.text or "", source=source, title=body.title, url=body.url)
    except DronewatchError as exc:
        raise HTTPException(422, detail=[{"loc": ["body", "html" if body.html else "text"], "msg": str(exc),
                                          "type": "value_error"}]) from exc
    doc.title = body.title or doc.title
    doc.outlet = body.outlet or doc.outlet
    doc.published = body.published or doc.published
    results = list(request.app.state.extract([doc]))
    record = results[0] if results else None
    if not isinstance(record, Record):
        raise HTTPException(422, detail=[{"loc": ["body"], "msg": str(record or "nothing extracted"),
                                          "type": "value_error"}])
    try:
        outcome = store.put(record)
        store.rebuild()
    except DronewatchError as exc:
        raise HTTPException(503, detail=f"the record could not be stored: {exc}") from exc
    return JSONResponse({"outcome": outcome, "record": record.to_dict()}, status_code=201)
