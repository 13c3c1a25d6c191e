"""Plain-text and Markdown articles: a page's text dump becomes a cleaned ``Document``.

The top of a dump holds the header a reader skims past: section labels, the title (sometimes twice), a
byline or a name line under the title, a date line. These go to metadata; the body keeps the rest.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from dronewatch.config import LIMITS, limit_bytes
from dronewatch.errors import InputError
from dronewatch.ingest.clean import clean_lines, is_prose, join_paragraphs, normalize_text
from dronewatch.ingest.document import Document
from dronewatch.ingest.encoding import decode_text, read_article_bytes, too_large
from dronewatch.ingest.genre import classify_genre, genre_of_label
from dronewatch.ingest.metadata import (
    find_date,
    find_host,
    is_date_line,
    is_name,
    is_outlet_name,
    outlet_from_furniture,
    outlet_name,
    parse_byline,
)

__all__ = ["parse_text", "read_text_file"]

# The header is the first few lines; a title is a line, not a paragraph.
HEADER_MAX_LINES = 8
TITLE_MAX_WORDS = 30
TITLE_MIN_WORDS = 2
# A dateline opens the first paragraph: "KYIV, Ukraine, May 3, 2023 (Reuters) — …"
DATELINE_MAX_CHARS = 80

_TAXONOMY = re.compile(r"^(?:categories|category|filed under|posted in|section)\s*:\s*(?P<labels>.+)$",
                       re.IGNORECASE)
_DATELINE = re.compile(
    r"^(?-i:[A-Z][A-Z .'’-]+)(?:,\s*[A-Z][\w .'’-]{1,30})?,\s*(?P<when>[\w ,.]{3,30}?)\s*"
    r"(?:\((?P<agency>[^()]{2,40})\))?\s*[-–—]\s"
)
_SEPARATOR = re.compile(r"\s+[|•·]\s+|\s+[-–—]\s+(?=\S+\.\w{2,}$)")
# A masthead (outlet, section, place) is a few words; a longer line under the title is a deck.
MASTHEAD_MAX_WORDS = 8
# A kicker (a place or section word above the headline) is one or two words.
KICKER_MAX_WORDS = 2


@dataclass
class _Header:
    title: str | None = None
    authors: list[str] = field(default_factory=list)
    published: date | None = None
    labels: list[str] = field(default_factory=list)
    masthead: str | None = None  # the outlet's name as the page's header line gives it


def read_text_file(path: Path) -> Iterator[Document]:
    """Read a ``.txt`` or ``.md`` file as one article."""
    yield parse_text(decode_text(read_article_bytes(path), str(path)), source=str(path))


def parse_text(
    raw: str, source: str, title: str | None = None, url: str | None = None, labels: Iterable[str] = ()
) -> Document:
    """Clean a plain-text article; ``title`` (when metadata gives it) is removed from the body, not guessed.

    ``labels`` are the outlet's sections or categories for the article, when its metadata gives them.

    Raises:
        InputError: nothing of an article is left after cleaning.
    """
    cap = limit_bytes("max_text_mb")
    if len(raw) > cap:
        raise InputError(source, too_large(len(raw), cap, "the article's text", LIMITS["max_text_mb"][0]))
    cleaned = clean_lines(normalize_text(raw))
    outlet = outlet_from_furniture(cleaned.removed)
    header, body = _split_header(cleaned.lines, known_title=title, outlet=outlet)
    paragraphs = join_paragraphs(body)
    if not paragraphs and header.title and not title:
        # A headline alone (a wire or live-blog line, a JSON Lines item of one sentence): it is the text.
        paragraphs = [header.title]
    if not paragraphs:
        raise InputError(source, "no article text (the file holds only page furniture or a title)")
    text = "\n\n".join(paragraphs)
    all_labels = [*labels, *header.labels] + [
        label.strip() for line in cleaned.removed if (m := _TAXONOMY.match(line)) for label in m["labels"].split(",")
    ]
    title = title or header.title
    day, agency = _dateline(paragraphs[0])
    return Document(
        source=source,
        text=text,
        title=title,
        authors=header.authors,
        published=header.published or day,
        outlet=outlet_name(outlet or header.masthead or agency, None),
        url=url,
        genre=classify_genre(text, title=title, labels=all_labels, notices=cleaned.removed, url=url),
    )


def _same(a: str, b: str) -> bool:
    return " ".join(a.casefold().split()) == " ".join(b.casefold().split())


def _is_title(line: str) -> bool:
    words = len(line.split())
    return TITLE_MIN_WORDS <= words <= TITLE_MAX_WORDS and not line.rstrip().endswith((".", "!"))


def _header_lines(lines: list[str]) -> int:
    """How many of ``lines`` form the header: the first few, up to the first line of running text.

    A headline can be as long as a sentence; only the first headline-shaped line and its repeats are let through.
    """
    title: str | None = None
    seen = 0
    for i, line in enumerate(lines):
        if not line:
            continue
        if seen >= HEADER_MAX_LINES:
            return i
        if is_prose(line) and not (title is None and _is_title(line)) and not (title and _same(line, title)):
            return i
        if title is None and _is_title(line) and parse_byline(line) is None and is_date_line(line) is None:
            title = line
        seen += 1
    return len(lines)


def _split_header(lines: list[str], known_title: str | None, outlet: str | None) -> tuple[_Header, list[str]]:
    """Take labels, title, mastheads, byline, name line and date line off the top of ``lines``.

    A header line may pack several items: "Outlet | Analysis | 20 May 2024 | By Jane Doe".
    """
    size = _header_lines(lines)
    header = _Header(title=known_title)
    has_byline = any(parse_byline(part) for line in lines[:size] for part in _SEPARATOR.split(line) if part)
    title_in_text = False
    only_meta_since_title = False
    pending: list[str] = []  # header lines not yet placed: a masthead if metadata follows, else a deck
    for line in lines[:size]:
        if not line:
            continue
        if header.title is not None and _same(line, header.title):
            title_in_text = only_meta_since_title = True
            continue
        leftovers = [part for part in _SEPARATOR.split(line) if part and not _take_item(part, header)]
        if not leftovers:
            _pending_to_masthead(pending, header)
            continue
        if len(leftovers) < len(_SEPARATOR.split(line)):  # some parts were metadata: the rest is masthead
            if header.title is None and len(leftovers) == 1 and _is_title(leftovers[0]) and not title_in_text:
                header.title = leftovers[0]  # "OPINION | The headline"
                title_in_text = only_meta_since_title = True
            else:
                header.masthead = header.masthead or leftovers[0]
                _pending_to_masthead(pending, header)
            continue
        if outlet and _starts_with(line, outlet):
            header.masthead = header.masthead or outlet
        elif title_in_text and len(line.split()) <= MASTHEAD_MAX_WORDS and is_outlet_name(line):
            header.masthead = header.masthead or line  # "Example Herald" under the title: not an author
        elif header.title is None and _is_title(line):
            header.title = line
            title_in_text = only_meta_since_title = True
        elif title_in_text and only_meta_since_title and not has_byline and not header.authors and is_name(line):
            header.authors.append(line)
        elif not title_in_text and len(line.split()) <= KICKER_MAX_WORDS:
            continue  # a kicker above the headline ("Kharkiv", "World"): a label, not article text
        else:
            pending.append(line)
            only_meta_since_title = False
    body = [x for p in pending for x in (p, "")] + lines[size:]
    return header, body


def _pending_to_masthead(pending: list[str], header: _Header) -> None:
    """Short lines between the title and a byline or date line are the page's masthead (outlet, section, place)."""
    if pending and header.title is not None and all(len(p.split()) <= MASTHEAD_MAX_WORDS for p in pending):
        header.masthead = header.masthead or pending[0]
        pending.clear()


def _take_item(part: str, header: _Header) -> bool:
    """Record ``part`` of a header line if it is a label, byline, date or web address; whether it was one."""
    byline = parse_byline(part)
    if byline is not None:
        header.authors.extend(a for a in byline[0] if a not in header.authors)
        header.published = header.published or byline[1]
        return True
    day = is_date_line(part)
    if day is not None:
        header.published = header.published or day
        return True
    if genre_of_label(part) is not None:
        header.labels.append(part)
        return True
    host = find_host(part)
    if host is not None and len(part.split()) == 1:
        header.masthead = header.masthead or host
        return True
    return False


def _starts_with(line: str, prefix: str) -> bool:
    return line.casefold().startswith(prefix.casefold()) and len(line.split()) <= MASTHEAD_MAX_WORDS


def _dateline(first: str) -> tuple[date | None, str | None]:
    """The date (when it gives a year) and agency of a dateline opening the first paragraph.

    "KYIV, Ukraine, May 3, 2023 (Example Wire) — …" gives 2023-05-03 and "Example Wire".
    """
    match = _DATELINE.match(first[:DATELINE_MAX_CHARS])
    if match is None:
        return None, None
    hit = find_date(match.group("when"))
    return (hit[0] if hit else None), match.group("agency")
