"""Dates: find date phrases and resolve them to intervals against the publication date.

Dates are resolved here and nowhere else. A grammar of the forms news reporting uses ("on Monday",
"late October", "last spring", "two weeks ago", "since February 2022", "May 3, 2023") finds and resolves
phrases; the model's DATE/TIME entities add what the grammar misses, and dateparser reads those it
cannot (called only on such leftovers, cached). Relative phrases resolve against the publication date;
without one, a phrase that fixes no year keeps its text with null bounds.
"""

# No `from __future__ import annotations`: spaCy validates the factory's annotations at run time.
import calendar
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc, Span

from dronewatch.nlp.spans import entities
from dronewatch.record import DateInterval

__all__ = ["DateMention", "find_dates", "resolve_date"]

if not Doc.has_extension("dw_dates"):
    Doc.set_extension("dw_dates", default=[])

DATE_LABELS = ("DATE", "TIME")
# Years outside this range are counts or codes more often than dates in conflict reporting.
MIN_YEAR, MAX_YEAR = 1900, 2099
# Parts of a month: "early" is days 1-10, "mid" 11-20, "late" 21 to the end (news usage).
MONTH_PARTS = {"early": (1, 10), "mid": (11, 20), "late": (21, 31)}
# Parts of a year: "early 2023" is January-April, "mid" May-August, "late" September-December.
YEAR_PARTS = {"early": (1, 4), "mid": (5, 8), "late": (9, 12)}
# Meteorological seasons of the northern hemisphere (where the conflict is): first month, length.
SEASONS = {"spring": (3, 3), "summer": (6, 3), "autumn": (9, 3), "fall": (9, 3), "winter": (12, 3)}
# "Two weeks ago" is a point told to the nearest week: allow this many days either side.
WEEK_AGO_SLACK_DAYS = 3
# Vague counts as (fewest, most): "a few days ago" is two to six days before publication.
VAGUE_COUNTS = {"a few": (2, 6), "few": (2, 6), "several": (3, 9), "a couple of": (2, 3), "a couple": (2, 3)}
# "In recent days/weeks/months": how far back that reaches, in days.
RECENT_SPANS = {"days": 7, "weeks": 30, "months": 180}

_MONTHS = {
    name: number
    for number, names in enumerate(
        [("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",),
         ("june", "jun"), ("july", "jul"), ("august", "aug"), ("september", "sept", "sep"),
         ("october", "oct"), ("november", "nov"), ("december", "dec")],
        start=1,
    )
    for name in names
}
_WEEKDAYS = {name: i for i, name in enumerate(
    ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"))}
_NUMBERS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
            "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12}

# Full month names match in any case after a cue; abbreviations and "May" only capitalised.
_MONTH = (r"(?P<month>(?i:january|february|march|april|june|july|august|september|october|november|december)"
          r"|May|Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?)")
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_WEEKDAY = r"(?P<weekday>(?i:monday|tuesday|wednesday|thursday|friday|saturday|sunday))"
_COUNT = r"(?P<count>\d{1,2}|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve" \
         r"|a few|few|several|a couple of|a couple)"
_UNIT = r"(?P<unit>day|week|month|year)s?"
# A 4-digit number is a year only after one of these words ("in 2015", "the 2015 accords").
_YEAR_CUES = r"(?:in|since|of|by|until|till|from|during|before|after|through|throughout|to|and|or|between|" \
             r"the|around|circa|early|late|mid|spring|summer|autumn|fall|winter)"

Interval = tuple[date | None, date | None]


@dataclass(frozen=True)
class DateMention:
    """A date phrase in the text and the interval it resolves to."""

    span: Span
    interval: DateInterval


@dataclass(frozen=True)
class _Rule:
    name: str
    pattern: re.Pattern[str]
    # (match, publication date) -> interval, or None when the match is not a date after all.
    resolve: Callable[[re.Match[str], date | None], Interval | None]


# ------------------------------------------------------------------------------------ interval arithmetic


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _month(year: int, month: int) -> Interval:
    return date(year, month, 1), _month_end(year, month)


def _shift_months(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


def _year_of_recent_month(month: int, published: date) -> int:
    """The year of the most recent such month not after publication."""
    return published.year if month <= published.month else published.year - 1


def _month_number(word: str) -> int:
    return _MONTHS[word.lower().rstrip(".")]


def _count(word: str) -> tuple[int, int]:
    word = word.lower()
    if word in VAGUE_COUNTS:
        return VAGUE_COUNTS[word]
    n = int(word) if word.isdigit() else _NUMBERS[word]
    return n, n


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


# ------------------------------------------------------------------------------------------- resolvers


def _iso(m: re.Match[str], published: date | None) -> Interval | None:
    day = _safe_date(int(m["year"]), int(m["m"]), int(m["day"]))
    return (day, day) if day else None


def _full_date(m: re.Match[str], published: date | None) -> Interval | None:
    day = _safe_date(int(m["year"]), _month_number(m["month"]), int(m["day"]))
    return (day, day) if day else None


def _day_month(m: re.Match[str], published: date | None) -> Interval | None:
    month, day_number = _month_number(m["month"]), int(m["day"])
    if not 1 <= day_number <= 31:
        return None
    if published is None:
        return None, None
    day = _safe_date(published.year, month, day_number)
    if day is None or day > published:
        day = _safe_date(published.year - 1, month, day_number)
    return (day, day) if day else None


_PART_WORDS = {"beginning": "early", "start": "early", "middle": "mid", "end": "late"}


def _part_word(phrase: str) -> str:
    """ "the end of" -> "late", "mid" -> "mid", "the first half of" -> "first"."""
    word = re.sub(r"^the\s+", "", phrase.lower()).split()[0]
    return _PART_WORDS.get(word, word)


def _day_range(m: re.Match[str], published: date | None) -> Interval | None:
    """ "March 3-4", "3 to 4 March 2024", "the night of May 8-9": both days, the year as for one day."""
    month, first, last = _month_number(m["month"]), int(m["day"]), int(m["day2"])
    if not 1 <= first < last <= 31:
        return None
    if m["year"]:
        year = int(m["year"])
    elif published is not None:
        candidate = _safe_date(published.year, month, first)
        year = published.year if candidate is not None and candidate <= published else published.year - 1
    else:
        return None, None
    start, end = _safe_date(year, month, first), _safe_date(year, month, last)
    return (start, end) if start and end else None


def _relative_year_part(m: re.Match[str], published: date | None) -> Interval | None:
    """ "late last year", "early this year", "the end of last year"."""
    if published is None:
        return None, None
    year = published.year + {"last": -1, "this": 0, "next": 1}[m["which"].lower()]
    part = _part_word(m["part"])
    first, last = YEAR_PARTS[part]
    return date(year, first, 1), _month_end(year, last)


def _month_part(m: re.Match[str], published: date | None) -> Interval | None:
    part = _part_word(m["part"])
    month = _month_number(m["month"])
    if m["year"]:
        year = int(m["year"])
    elif published is not None:
        year = _year_of_recent_month(month, published)
    else:
        return None, None
    first, last = MONTH_PARTS[part]
    end = _month_end(year, month)
    return date(year, month, first), min(end, date(year, month, min(last, end.day)))


def _month_year(m: re.Match[str], published: date | None) -> Interval | None:
    return _month(int(m["year"]), _month_number(m["month"]))


def _month_alone(m: re.Match[str], published: date | None) -> Interval | None:
    if published is None:
        return None, None
    month = _month_number(m["month"])
    which = (m["which"] or "").lower()
    year = _year_of_recent_month(month, published)
    if which == "last" and month == published.month:
        year -= 1
    elif which == "this":
        year = published.year
    elif which == "next":
        year = published.year if month > published.month else published.year + 1
    return _month(year, month)


def _season(m: re.Match[str], published: date | None) -> Interval | None:
    first_month, length = SEASONS[m["season"].lower()]
    which = (m.groupdict().get("which") or "").lower()
    if m["year"]:
        start_year = int(m["year"])
    elif published is None:
        return None, None
    else:
        # The season that began most recently on or before publication ...
        start_year = published.year if published.month >= first_month else published.year - 1
        end_year, end_month = _shift_months(start_year, first_month, length - 1)
        if which in ("last", "past", "previous") and _month_end(end_year, end_month) >= published:
            start_year -= 1  # ... or, for "last spring", the one before it when it has not ended yet
        elif which in ("next", "coming"):
            start_year += 1
    end_year, end_month = _shift_months(start_year, first_month, length - 1)
    return date(start_year, first_month, 1), _month_end(end_year, end_month)


def _year_part(m: re.Match[str], published: date | None) -> Interval | None:
    year, part = int(m["year"]), _part_word(m["part"])
    if part in ("first", "second"):
        first, last = (1, 6) if part == "first" else (7, 12)
    else:
        first, last = YEAR_PARTS[part]
    return date(year, first, 1), _month_end(year, last)


def _year_range(m: re.Match[str], published: date | None) -> Interval | None:
    first, last = int(m["year"]), int(m["year2"])
    if not MIN_YEAR <= first <= last <= MAX_YEAR:
        return None
    return date(first, 1, 1), date(last, 12, 31)


def _year(m: re.Match[str], published: date | None) -> Interval | None:
    year = int(m["year"])
    return (date(year, 1, 1), date(year, 12, 31)) if MIN_YEAR <= year <= MAX_YEAR else None


def _decade(m: re.Match[str], published: date | None) -> Interval | None:
    start = int(m["decade"])
    return date(start, 1, 1), date(start + 9, 12, 31)


def _day_word(m: re.Match[str], published: date | None) -> Interval | None:
    if published is None:
        return None, None
    word = " ".join(m["word"].lower().split())
    if word in ("yesterday", "the day before yesterday"):
        back = 2 if word.startswith("the day") else 1
        return published - timedelta(back), published - timedelta(back)
    if word in ("last night", "overnight"):
        return published - timedelta(1), published
    return published, published


def _weekday(m: re.Match[str], published: date | None) -> Interval | None:
    if published is None:
        return None, None
    target = _WEEKDAYS[m["weekday"].lower()]
    which = (m["which"] or "").lower()
    back = (published.weekday() - target) % 7
    if which == "next":
        ahead = (target - published.weekday()) % 7 or 7
        day = published + timedelta(ahead)
    else:
        # News convention: the most recent such day on or before publication; "last Monday" is before it.
        if which == "last" and back == 0:
            back = 7
        day = published - timedelta(back)
    return day, day


def _weekend(m: re.Match[str], published: date | None) -> Interval | None:
    if published is None:
        return None, None
    # The most recent Saturday on or before publication, and the Sunday after it.
    saturday = published - timedelta((published.weekday() - 5) % 7)
    if m["which"].lower() == "next":
        saturday += timedelta(7)
    return saturday, saturday + timedelta(1)


def _calendar_period(m: re.Match[str], published: date | None) -> Interval | None:
    if published is None:
        return None, None
    which, unit = m["which"].lower(), m["unit"].lower()
    delta = {"last": -1, "previous": -1, "next": 1, "coming": 1}.get(which.split()[-1], 0)
    if unit == "week":
        monday = published - timedelta(published.weekday()) + timedelta(7 * delta)
        return (monday, monday + timedelta(6)) if delta else (monday, published)
    if unit == "month":
        year, month = _shift_months(published.year, published.month, delta)
        return _month(year, month) if delta else (date(year, month, 1), published)
    year = published.year + delta
    return (date(year, 1, 1), date(year, 12, 31)) if delta else (date(year, 1, 1), published)


def _past_period(m: re.Match[str], published: date | None) -> Interval | None:
    if published is None:
        return None, None
    if not m["count"] and m["unit"].lower() == "day":
        return None  # "the last day" of something, not a period before publication
    _, most = _count(m["count"]) if m["count"] else (1, 1)
    return _back(published, m["unit"].lower(), most), published


def _back(published: date, unit: str, n: int) -> date:
    if unit == "day":
        return published - timedelta(n)
    if unit == "week":
        return published - timedelta(7 * n)
    if unit == "month":
        year, month = _shift_months(published.year, published.month, -n)
        return _safe_date(year, month, published.day) or _month_end(year, month)
    return _safe_date(published.year - n, published.month, published.day) or date(published.year - n, 2, 28)


def _ago(m: re.Match[str], published: date | None) -> Interval | None:
    if published is None:
        return None, None
    fewest, most = _count(m["count"])
    unit = m["unit"].lower()
    if unit == "day":
        return published - timedelta(most), published - timedelta(fewest)
    if unit == "week":
        slack = timedelta(WEEK_AGO_SLACK_DAYS)
        return published - timedelta(7 * most) - slack, published - timedelta(7 * fewest) + slack
    if unit == "month":
        first_year, first_month = _shift_months(published.year, published.month, -most)
        last_year, last_month = _shift_months(published.year, published.month, -fewest)
        return date(first_year, first_month, 1), _month_end(last_year, last_month)
    return date(published.year - most, 1, 1), date(published.year - fewest, 12, 31)


def _recent(m: re.Match[str], published: date | None) -> Interval | None:
    if published is None:
        return None, None
    return published - timedelta(RECENT_SPANS[m["unit"].lower()]), published


# --------------------------------------------------------------------------------------------- grammar

_PART = r"(?P<part>early|mid|late|(?:the\s+)?(?:beginning|start|middle|end)\s+of)"
_WHICH_WORDS = r"last|this|next|past|previous|coming"
_WHICH = rf"(?P<which>{_WHICH_WORDS})"
# Words after which a bare month name is a date ("in July", "since March"); "the March" is not.
_MONTH_CUES = r"(?:in|since|by|until|till|through|during|from|before|after|of|on|between|and|to)"


def _rule(name: str, pattern: str, resolve: Callable[[re.Match[str], date | None], Interval | None]) -> _Rule:
    return _Rule(name, re.compile(pattern), resolve)


# Where matches overlap, the longest wins. A group "d" marks the phrase when the pattern also matches a
# cue word before it. Case: (?i:...) where any case is English; month and weekday names carry their own.
_RULES: tuple[_Rule, ...] = (
    _rule("iso", r"\b(?P<year>(?:19|20)\d\d)-(?P<m>[01]\d)-(?P<day>[0-3]\d)\b", _iso),
    _rule("day_month_year", rf"\b{_DAY}\s+(?:of\s+)?{_MONTH},?\s+{_YEAR}\b", _full_date),
    _rule("month_day_year", rf"\b{_MONTH}\s+{_DAY},?\s+{_YEAR}\b", _full_date),
    _rule("month_day_range", rf"\b{_MONTH}\s+{_DAY}\s*(?:-|–|to)\s*(?P<day2>[0-3]?\d)(?:st|nd|rd|th)?\b"
                             rf"(?![-,.:]?\d\d)(?:,?\s+{_YEAR})?", _day_range),
    _rule("day_month_range", rf"\b{_DAY}\s*(?:-|–|to)\s*(?P<day2>[0-3]?\d)(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH}\b"
                             rf"(?:,?\s+{_YEAR})?", _day_range),
    _rule("year_part_relative", r"(?i:\b(?P<part>early|mid|late|(?:the\s+)?(?:beginning|start|middle|end)\s+of)"
                                r"[\s-]*(?P<which>last|this|next)\s+year\b)", _relative_year_part),
    _rule("month_part", rf"(?i:\b{_PART}[\s-]*){_MONTH}(?:,?\s+(?:of\s+)?{_YEAR})?\b", _month_part),
    _rule("day_month", rf"\b{_DAY}\s+(?:of\s+)?{_MONTH}\b", _day_month),
    _rule("month_day", rf"\b{_MONTH}\s+{_DAY}\b(?![-,.:]?\d)", _day_month),
    _rule("month_year", rf"\b{_MONTH},?\s+(?:of\s+)?{_YEAR}\b", _month_year),
    _rule("month_alone", rf"(?i:\b(?:{_MONTH_CUES}\s+(?P<d>)|(?P<d2>)(?=(?:{_WHICH_WORDS})\s)))(?:(?i:{_WHICH})\s+)?"
                         rf"{_MONTH}\b(?!,?\s+(?:of\s+)?\d)", _month_alone),
    _rule("season", rf"(?i:\b(?:{_WHICH}\s+|the\s+)(?P<season>spring|summer|autumn|fall|winter)"
                    rf"(?:\s+(?:of\s+)?{_YEAR})?\b)", _season),
    _rule("season_year", rf"(?i:\b(?P<season>spring|summer|autumn|winter)\s+(?:of\s+)?{_YEAR}\b)", _season),
    _rule("year_part", rf"(?i:\b(?P<part>early|mid|late|(?:the\s+)?(?:beginning|start|middle|end|first half"
                       rf"|second half)\s+of)[\s-]*{_YEAR}\b)", _year_part),
    _rule("year_range", r"(?i:\b(?:from\s+|between\s+)?(?P<year>(?:19|20)\d\d)\s*(?:–|-|to|and|until)\s*"
                        r"(?P<year2>(?:19|20)\d\d)\b)", _year_range),
    _rule("decade", r"\b(?P<decade>(?:19|20)\d0)s\b", _decade),
    _rule("year", rf"(?i:\b{_YEAR_CUES}\s+)(?P<d>){_YEAR}\b(?![-,.]\d|\s+[a-z]+s\b)", _year),
    _rule("day_word", r"(?i:\b(?P<word>the\s+day\s+before\s+yesterday|yesterday|today|tonight|last\s+night|"
                      r"overnight|this\s+(?:morning|afternoon|evening))\b)", _day_word),
    _rule("weekday", rf"(?i:\b(?:{_WHICH}\s+)?{_WEEKDAY}\b(?:\s+(?:morning|afternoon|evening|night))?)",
          _weekday),
    _rule("weekend", r"(?i:\b(?P<which>over\s+the|this|last|next|the\s+past|on\s+the|at\s+the)\s+weekend\b)",
          _weekend),
    _rule("calendar_period", r"(?i:\b(?P<which>last|previous|next|coming|this|(?:earlier|later)\s+this)\s+"
                             r"(?P<unit>week|month|year)\b)", _calendar_period),
    _rule("past_period", rf"(?i:\b(?:the\s+|over\s+the\s+)(?:past|last)\s+(?:{_COUNT}\s+)?{_UNIT}\b)",
          _past_period),
    _rule("ago", rf"(?i:\b{_COUNT}\s+{_UNIT}\s+ago\b)", _ago),
    _rule("recent", r"(?i:\brecent\s+(?P<unit>days|weeks|months)\b)", _recent),
)


@dataclass(frozen=True)
class _Match:
    start: int
    end: int
    rule: _Rule
    match: re.Match[str]


def _matches(text: str) -> list[_Match]:
    """Non-overlapping grammar matches in ``text``: the longest first, then the earliest."""
    found = [_Match(m.start(), m.end(), rule, m) for rule in _RULES for m in rule.pattern.finditer(text)
             if m.end() > m.start()]
    found.sort(key=lambda x: (-(x.end - x.start), x.start))
    chosen: list[_Match] = []
    for candidate in found:
        if all(candidate.end <= c.start or candidate.start >= c.end for c in chosen):
            chosen.append(candidate)
    return sorted(chosen, key=lambda x: x.start)


_SINCE = re.compile(r"\bsince\s+$", re.IGNORECASE)


def _interval(m: _Match, text: str, published: date | None) -> tuple[int, int, Interval] | None:
    """The phrase's bounds in ``text`` and its interval; "since X" runs from X to publication."""
    resolved = m.rule.resolve(m.match, published)
    if resolved is None:
        return None
    start = m.start
    for group in ("d", "d2"):
        if group in m.rule.pattern.groupindex and m.match.start(group) >= 0:
            start = m.match.start(group)
    since = _SINCE.search(text, max(0, start - 8), start)
    if since:
        start = min(start, since.start())
        after_start = published is not None and resolved[0] is not None and published >= resolved[0]
        resolved = (resolved[0], published if after_start else None)
    return start, m.end, resolved


# ------------------------------------------------------------------------------------------- public API


@lru_cache(maxsize=16384)
def resolve_date(text: str, published: date | None) -> DateInterval | None:
    """Resolve a date phrase to an interval; None when it is not a date."""
    phrase = " ".join(text.split())
    if not phrase:
        return None
    # A bare "July" or "2015" is a date when it is the whole phrase: read it as "in July".
    for candidate in (phrase, f"in {phrase}"):
        for m in _matches(candidate):
            found = _interval(m, candidate, published)
            if found is not None:
                return DateInterval(text=text, earliest=found[2][0], latest=found[2][1])
    return _dateparser_interval(phrase, published)


# Only phrases with a month name or a numeric date are worth dateparser's time; a duration like
# "seven-year-long" or "20-year-old" is never a date.
_DATEPARSER_WORTHY = re.compile(
    r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b|\b\d{1,4}[/.]\d{1,2}[/.]\d{1,4}\b",
    re.IGNORECASE,
)
_DURATION = re.compile(r"\b(?:day|week|month|year)s?[- ](?:long|old)\b|\bfor\s+", re.IGNORECASE)


def _dateparser_interval(phrase: str, published: date | None) -> DateInterval | None:
    """Ask dateparser, for a phrase the grammar does not know, and widen its answer to its precision."""
    if not _DATEPARSER_WORTHY.search(phrase) or _DURATION.search(phrase):
        return None
    from dateparser.date import DateDataParser

    settings = {"PREFER_DATES_FROM": "past", "RETURN_AS_TIMEZONE_AWARE": False}
    if published is not None:
        settings["RELATIVE_BASE"] = datetime(published.year, published.month, published.day)
    data = DateDataParser(languages=["en"], settings=settings).get_date_data(phrase)
    if data.date_obj is None:
        return None
    day = data.date_obj.date()
    if data.period == "year":
        return DateInterval(text=phrase, earliest=date(day.year, 1, 1), latest=date(day.year, 12, 31))
    if data.period == "month":
        first, last = _month(day.year, day.month)
        return DateInterval(text=phrase, earliest=first, latest=last)
    if published is None and not re.search(r"\b(?:19|20)\d\d\b", phrase):
        return DateInterval(text=phrase)  # dateparser filled in this year; the text fixes none
    return DateInterval(text=phrase, earliest=day, latest=day)


def find_dates(doc: Doc, published: date | None) -> list[DateMention]:
    """Every date phrase in ``doc`` with its interval."""
    text = doc.text
    mentions: list[DateMention] = []
    taken: list[tuple[int, int]] = []
    for m in _matches(text):
        found = _interval(m, text, published)
        if found is None:
            continue
        start, end, (earliest, latest) = found
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is None:
            continue
        mentions.append(DateMention(span, DateInterval(text=span.text, earliest=earliest, latest=latest)))
        taken.append((span.start_char, span.end_char))
    for ent in entities(doc):
        if ent.label_ not in DATE_LABELS:
            continue
        if any(ent.start_char < end and start < ent.end_char for start, end in taken):
            continue
        interval = resolve_date(ent.text, published)
        if interval is not None and (interval.earliest is not None or interval.latest is not None):
            mentions.append(DateMention(ent, interval))
    mentions.sort(key=lambda x: x.span.start_char)
    return mentions


@Language.component("dronewatch_dates", assigns=["doc._.dw_dates"])
def dates_component(doc: Doc) -> Doc:
    """Set ``doc._.dw_dates`` from the text and the document's publication date."""
    document = doc._.dw_document
    doc._.dw_dates = find_dates(doc, document.published if document is not None else None)
    return doc
