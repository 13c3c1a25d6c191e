"""Article metadata found in the words of a page: bylines, author names, publication dates, the outlet."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit

__all__ = [
    "find_date",
    "find_host",
    "host_of",
    "is_date_line",
    "is_name",
    "is_outlet_name",
    "outlet_from_furniture",
    "outlet_name",
    "parse_byline",
    "parse_iso_date",
    "split_authors",
]

_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}
_MONTH = (r"(?P<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
          r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?")
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_DATES = (
    re.compile(rf"\b{_DAY}\s+(?:of\s+)?{_MONTH},?\s+{_YEAR}\b", re.IGNORECASE),
    re.compile(rf"\b{_MONTH}\s+{_DAY},?\s+{_YEAR}\b", re.IGNORECASE),
    re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<month>\d\d)-(?P<day>\d\d)\b"),
    # day first with dots, as written across Europe: 13.11.2024
    re.compile(r"\b(?P<day>\d{1,2})\.(?P<month>\d{1,2})\.(?P<year>(?:19|20)\d\d)\b"),
)
# A place may open a date line: "Kyiv, 15 April 2025".
_PLACE_BEFORE_DATE = re.compile(r"^[A-Z][\w'’-]*(?:\s[A-Z][\w'’-]*){0,3},\s*")
# What may stand around a date on a line that is only a date: "Published: Tuesday 3 May 2023, 10:15 GMT".
_DATE_LINE_REST = re.compile(
    r"(?:published|updated|posted|last|modified|first|date|on|at|am|pm|a\.m\.|p\.m\.|[a-z]{3,4}day|"
    r"monday|tuesday|wednesday|thursday|friday|saturday|sunday|gmt|utc|[a-z]{2,4}t|\d{1,2}[:.]\d\d)",
    re.IGNORECASE,
)
_NAME_PARTICLES = {"de", "da", "di", "del", "der", "den", "van", "von", "la", "le", "al", "el", "bin", "ibn", "du"}
# Capitalised words that head-line style uses and names do not: "Kyiv Under Fire" is not a person.
_NOT_NAME_WORDS = {
    "the", "a", "an", "of", "in", "on", "at", "to", "for", "with", "under", "over", "and", "or", "but", "is",
    "are", "as", "by", "from", "after", "before", "against", "amid", "into", "new", "news", "staff", "reporter",
    "editor", "correspondent", "agency", "desk", "team", "war", "drone", "drones", "attack", "strike", "press",
}
_NAME_TOKEN = re.compile(r"^(?:[A-Z][\w'’-]*[a-z\u00e0-\u024f][\w'’-]*|[A-Z]\.(?:[A-Z]\.)*|[A-Z][A-Z'’-]+)$")
_BYLINE = re.compile(r"^(?:by|written by|words by|author|authors|posted by|reporting by)\s*[:\-]?\s+(?P<rest>.+)$",
                     re.IGNORECASE)
# Where a byline's names stop: "By Jane Doe | 3 May 2023", "By Jane Doe - Reuters", "By Jane Doe on May 3".
_BYLINE_TAIL = re.compile(r"\s*(?:[|•·—–]|\s-\s|\bon\b|\bupdated\b|\bpublished\b|\bposted\b).*$", re.IGNORECASE)
_AUTHOR_SEPARATOR = re.compile(r"\s*(?:,|;|&|\band\b)\s*")
_HOST = re.compile(r"\b(?:https?://)?(?:www\.)?((?:[a-z0-9-]+\.)+[a-z]{2,})(?=[/\s:,)]|$)", re.IGNORECASE)
# Platforms that host widgets, logins and share buttons: their names in a footer say nothing of the outlet.
_PLATFORM_HOSTS = {
    "wordpress.com", "wordpress.org", "facebook.com", "twitter.com", "x.com", "google.com", "gravatar.com",
    "youtube.com", "instagram.com", "linkedin.com", "t.me", "telegram.org", "vk.com", "reddit.com",
    "akismet.com", "disqus.com", "substack.com", "medium.com", "tiktok.com", "whatsapp.com", "gmail.com",
}
_COPYRIGHT_OWNER = re.compile(
    r"(?:©|\(c\)|copyright)\s*(?:©\s*)?(?:(?:19|20)\d\d(?:\s*[-–]\s*(?:19|20)\d\d)?\s*)?"
    r"(?P<name>(?-i:[A-Z][\w&'’-]*(?:\s+(?:(?:of|the|and|for|de)\s+)*[A-Z&][\w&'’-]*){0,5}))",
    re.IGNORECASE,
)
_POLICY_OF = re.compile(
    r"(?:policy|views?|positions?|opinions?) of (?:the )?(?P<name>[A-Z][\w'’-]*(?:\s+(?:(?:of|the|and)\s+)*[A-Z][\w'’-]*){0,5})"
)


def _date_at(match: re.Match[str]) -> date | None:
    month = match.group("month")
    number = int(month) if month.isdigit() else _MONTHS[month[:3].lower()]
    try:
        return date(int(match.group("year")), number, int(match.group("day")))
    except ValueError:
        return None


def find_date(text: str) -> tuple[date, re.Match[str]] | None:
    """The first full calendar date (day, month and year) written in ``text``, and where it is."""
    found = [m for p in _DATES for m in p.finditer(text)]
    for match in sorted(found, key=lambda m: m.start()):
        day = _date_at(match)
        if day is not None:
            return day, match
    return None


def is_date_line(line: str) -> date | None:
    """The date if ``line`` holds nothing but a date (with words like "Published" or a time), else None."""
    hit = find_date(line)
    if hit is None:
        return None
    day, match = hit
    before = _PLACE_BEFORE_DATE.sub("", line[: match.start()])
    rest = _DATE_LINE_REST.sub(" ", before + " " + line[match.end():])
    return day if not re.search(r"\w", rest) else None


def parse_iso_date(value: str) -> date | None:
    """The date of an ISO 8601 date or timestamp ("2023-05-03", "2023-05-03T10:00:00Z"), else None."""
    try:
        return date.fromisoformat(value.strip()[:10])
    except ValueError:
        return None


def is_name(text: str) -> bool:
    """Whether ``text`` is shaped like a person's name: two to five capitalised words, particles allowed."""
    tokens = text.split()
    if not 2 <= len(tokens) <= 5:
        return False
    if any(t.lower().strip(".") in _NOT_NAME_WORDS for t in tokens):
        return False
    capitalised = [t for t in tokens if t.lower() not in _NAME_PARTICLES]
    return len(capitalised) >= 2 and all(_NAME_TOKEN.match(t) for t in capitalised)


def split_authors(text: str) -> list[str]:
    """Person names in a list such as "Jane Doe, John Roe and Ann Poe"; parts that are not names are dropped."""
    return [part for part in (p.strip(" .") for p in _AUTHOR_SEPARATOR.split(text)) if is_name(part)]


def parse_byline(line: str) -> tuple[list[str], date | None] | None:
    """Authors (and a date, if any) of a byline such as "By Jane Doe | 3 May 2023"; None if not a byline."""
    match = _BYLINE.match(line)
    if match is None:
        return None
    rest = match.group("rest")
    names = split_authors(_BYLINE_TAIL.sub("", rest))
    if not names:
        return None
    hit = find_date(rest)
    return names, hit[0] if hit else None


def host_of(url: str) -> str | None:
    """The host of ``url`` without a leading "www.", or None when it has none."""
    host = urlsplit(url if "//" in url else f"//{url}").hostname
    if not host or "." not in host:
        return None
    return host.removeprefix("www.")


def outlet_from_furniture(lines: list[str]) -> str | None:
    """The outlet a page's footer names: its copyright owner, a web address in it, or a disclaimer's "policy of X"."""
    for line in lines:
        owner = _COPYRIGHT_OWNER.search(line)
        if owner and not re.fullmatch(r"(?i)all rights reserved.*", owner.group("name")):
            return owner.group("name").strip(" .")
    for line in lines:
        host = find_host(line)
        if host is not None:
            return host
    for line in lines:
        policy = _POLICY_OF.search(line)
        if policy:
            return policy.group("name").strip(" .")
    return None


def find_host(text: str) -> str | None:
    """The first web host written in ``text`` ("example.org/contact"), leaving out e-mail domains and platforms."""
    for match in _HOST.finditer(text):
        host = match.group(1).lower()
        if host not in _PLATFORM_HOSTS and text[max(0, match.start() - 1):match.start()] != "@":
            return host
    return None


_OUTLETS = Path(__file__).parent / "data" / "outlets.json"
# Between a site's name and a section label in its og:site_name: "The Ledger, Opinion", "Herald | World".
_SECTION_SEPARATOR = re.compile(r"\s*(?:,|\||\s[-–—:]\s)\s*")


@dataclass(frozen=True)
class _OutletTable:
    sections: frozenset[str]  # labels a site name may end with ("Opinion")
    name_words: frozenset[str]  # words of outlets' names and not of people's ("Herald", "Wire")
    hosts: dict[str, str]  # registered domain -> outlet name


@lru_cache(maxsize=1)
def _outlet_table() -> _OutletTable:
    """The section labels, outlet-name words and host-to-name table of ``data/outlets.json``."""
    data = json.loads(_OUTLETS.read_text(encoding="utf-8"))
    return _OutletTable(frozenset(data["sections"]), frozenset(data["name_words"]), dict(data["hosts"]))


def is_outlet_name(text: str) -> bool:
    """Whether ``text`` names an outlet rather than a person: a name the host table knows ("Reuters"), or a
    few capitalised words with an outlet's word among them ("Example Herald", "Frontline Monitor")."""
    table = _outlet_table()
    words = text.split()
    if not words or len(words) > 6 or not all(w[:1].isupper() or w.lower() in _NAME_PARTICLES | _NOT_NAME_WORDS
                                                for w in words):
        return False
    folded = " ".join(text.casefold().split())
    return (any(w.lower().strip(".,") in table.name_words for w in words)
            or any(folded == name.casefold() for name in table.hosts.values()))


def outlet_name(site_name: str | None, host: str | None) -> str | None:
    """The outlet of a page: its site name (og:site_name or publisher) without a section label, else the
    name the table gives its host (a subdomain falls back to its parent), else the host itself."""
    table = _outlet_table()
    sections, hosts = table.sections, table.hosts
    if site_name and site_name.strip():
        parts = [p for p in _SECTION_SEPARATOR.split(site_name.strip()) if p]
        while len(parts) > 1 and parts[-1].lower() in sections:
            parts.pop()
        return " ".join(parts[:1] if len(parts) > 1 and parts[0].lower() not in sections else parts) or None
    if not host:
        return None
    labels = host.lower().removeprefix("www.").split(".")
    for i in range(len(labels) - 1):
        name = hosts.get(".".join(labels[i:]))
        if name:
            return name
    return host
