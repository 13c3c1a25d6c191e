"""HTML pages: trafilatura finds the article and its metadata, htmldate its publication date."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from pathlib import Path

import trafilatura
from htmldate import find_date
from lxml.etree import LxmlError  # type: ignore[import-untyped]
from trafilatura.settings import Document as Extracted

from dronewatch.config import LIMITS, limit_bytes
from dronewatch.errors import InputError
from dronewatch.ingest.document import Document
from dronewatch.ingest.encoding import read_article_bytes, too_large
from dronewatch.ingest.metadata import host_of, outlet_name, parse_iso_date, split_authors
from dronewatch.ingest.text import parse_text

__all__ = ["parse_html", "read_html_file"]


def read_html_file(path: Path) -> Iterator[Document]:
    """Read an ``.html``/``.htm`` file as one article."""
    data = read_article_bytes(path, "max_html_mb")
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError(str(path), "binary data (NUL bytes), not HTML")
    yield parse_html(data, source=str(path))


def parse_html(html: bytes | str, source: str, url: str | None = None) -> Document:
    """Extract the article of an HTML page: body text, title, authors, outlet, date and genre.

    Raises:
        InputError: the page cannot be parsed or holds no article text.
    """
    cap = limit_bytes("max_html_mb")
    if len(html) > cap:
        raise InputError(source, too_large(len(html), cap, "the HTML page", LIMITS["max_html_mb"][0]))
    tree = trafilatura.load_html(html)
    if tree is None:
        raise InputError(source, "not an HTML document (it could not be parsed)")
    try:
        # htmldate prunes the tree it reads; trafilatura gets its own copy.
        day = find_date(copy.deepcopy(tree), extensive_search=False, original_date=True, url=url)
        found = trafilatura.bare_extraction(
            tree, url=url, with_metadata=True, include_comments=False, include_tables=False
        )
    except (LxmlError, ValueError) as exc:
        raise InputError(source, f"the HTML could not be read: {exc}") from exc
    if not isinstance(found, Extracted) or not found.text or not found.text.strip():
        raise InputError(source, "no article text found in the HTML page")
    page_url = url or found.url
    title = (found.title or "").strip() or None
    labels = [*(found.categories or []), *(found.tags or [])]
    # trafilatura gives one line per paragraph; the plain-text cleaner wants paragraphs apart.
    text = "\n\n".join(found.text.splitlines())
    document = parse_text(text, source=source, title=title, url=page_url, labels=labels)
    document.authors = split_authors((found.author or "").replace(";", ",")) or document.authors
    document.published = (parse_iso_date(day) if day else None) or document.published
    # The site's own name (og:site_name, the publisher) first: the host is only its address.
    document.outlet = outlet_name(found.sitename, host_of(page_url) if page_url else None) or document.outlet
    return document
