"""The one place where a processed ``Doc`` becomes a contract ``Record``."""

from __future__ import annotations

from spacy.tokens import Doc

from dronewatch.ingest.document import Document
from dronewatch.record import Article, Record, article_id

__all__ = ["to_record"]


def to_record(document: Document, doc: Doc, extractor: str) -> Record:
    """Assemble and validate the record for one article from the components' annotations."""
    article = Article(
        id=article_id(document.text),
        source=document.source,
        outlet=document.outlet,
        title=document.title,
        authors=document.authors,
        published=document.published,
        genre=document.genre,
        text=document.text,
        url=document.url,
    )
    return Record(
        article=article,
        events=doc._.dw_events,
        claims=doc._.dw_claims,
        figures=doc._.dw_figures,
        framing=doc._.dw_framing,
        extractor=extractor,
    )
