"""Plain-text cleaning: page furniture out, broken lines joined, paragraphs separated by one blank line.

Text dumps of web pages keep the page around the article: navigation, captions and photo credits, share
buttons, comment forms, ads, subscribe boxes, related-post lists, contact and copyright footers. Each is
recognised by what a reader recognises it by: the form of the line (``Photo: …``, ``Share this:``), or its
position (a comment form, a disclaimer or a tag list ends the article, so everything after it is page too).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

__all__ = ["CleanText", "clean_lines", "is_prose", "join_paragraphs", "normalize_text"]

# A line a reader takes for running text: long enough to be a sentence, or ending like one.
PROSE_MIN_WORDS = 6  # with sentence-final punctuation
PROSE_LONG_WORDS = 15  # without: a sentence this long is prose even if a dump lost its full stop
# Page widgets (ads, course promotions) are short; longer lines that mention a course are prose.
WIDGET_MAX_WORDS = 14

_SENTENCE_END = re.compile(r"[.!?…:;][\"'”’)\]]*$|[\"”’]$")
_WORD = re.compile(r"\w+")

# Unicode spaces become plain spaces; invisible characters (zero-width, soft hyphen, BOM) go.
_SPACES = re.compile(r"[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000\t]")
_INVISIBLE = re.compile(r"[\u00ad\u200b-\u200d\u2060\ufeff]")

# Markdown that a text dump keeps: images (a caption in disguise), links, emphasis, headings, quotes, rules.
_MD_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
_MD_LINK = re.compile(r"\[([^\]]+)\]\((?:[^()\s]+)(?:\s+\"[^\"]*\")?\)")
_MD_STRONG = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
_MD_EMPHASIS = re.compile(r"(?<![\w*])\*(?=\S)([^*\n]+?)(?<=\S)\*(?![\w*])|(?<![\w_])_(?=\S)([^_\n]+?)(?<=\S)_(?![\w_])")
_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+|\s+#+\s*$")
_MD_QUOTE = re.compile(r"^\s*>\s?")
_MD_RULE = re.compile(r"^\s*([-*_=])(?:\s*\1){2,}\s*$")


def _rx(*alternatives: str) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{a})" for a in alternatives), re.IGNORECASE)


# Furniture anywhere on the page: the line goes, the article goes on.
_NAVIGATION = _rx(
    r"^(?:back to |go to )?(?:top|bottom) of (?:the )?page$",
    r"^skip to (?:main )?(?:content|navigation)$", r"^back to top$", r"^toggle navigation$",
    r"^(?:main )?menu$", r"^(?:home|search|print|email|e-mail|tweet|share|close|more|loading\.*)$",
    r"^(?:next|previous|prev)(?: post| article| story)?\s*[:»«›‹>-]",
)
_CAPTION = _rx(
    # "Photo: …", "Image credit: …", "Pictured: …", "Video | …"
    r"^(?:photo|photograph|image|picture|pictured|video|illustration|graphic|caption|credit|"
    r"file photo|main image|top image|featured image|header image)s?(?: credit)?\s*[:|]",
    r"^(?:photos?|images?) (?:by|courtesy of|via)\b",
    # a credit in parentheses: "(AP Photo/…)", "(Getty Images)", "(Photo by …/AFP)"
    r"\([^()]{0,80}\b(?:photo|photograph|images|pool)\b[^()]{0,80}\)\s*\.?$",
)
# A wire story's closing credits: "(Reporting by …; editing by …)".
_CREDITS = _rx(r"^\((?:additional )?(?:reporting|writing|editing|compiled|translated|produced) by\b[^()]*\)$")
_WIDGET_ALT = re.compile(r"^[\w.-]+(?: [\w.-]+)? (?:logo|photo|picture|icon|avatar|image)$", re.IGNORECASE)
_SUBSCRIBE = _rx(
    r"^(?:subscribe|sign up|join|get)\b.{0,60}\b(?:newsletter|updates|inbox|mailing list|channel|alerts)\b",
    r"^enter your e-?mail", r"^subscribe(?: now| today| here)?[.!]?$",
    r"^(?:support|donate to) (?:our|independent|us)\b.{0,50}$", r"^follow us\b",
)
_AD = _rx(r"^(?:advertisement|advertising|sponsored(?: content| post)?|promoted|partner content|ad)$")
_PROMOTION = _rx(
    r"\b(?:courses?|diplomas?|certificates?|certification|enrol+(?:ment)?|masterclass|bootcamp)\b",
    r"\b\d{1,2} ?% off\b", r"\bfree trial\b", r"\bbuy now\b",
)

# Furniture that comes after the article: from the first such line on, the page is no longer the article.
_COMMENT_FORM = _rx(
    r"^leave a (?:reply|comment)\b", r"^comments? (?:are|is) (?:closed|disabled)\b", r"^(?:post|submit) (?:a )?comment$", r"^cancel reply$",
    r"your e-?mail address will not be published", r"required fields are marked",
    r"^fill in your details below", r"^you are commenting using your\b", r"^log (?:in|out)\b",
    r"^connecting to\b", r"^notify me of\b", r"^save my name\b", r"\bto reduce spam\b",
    r"\bhow your comment data is processed\b", r"\bbloggers like this\b", r"^like this:?$",
    r"^\d+ (?:comments?|responses?|replies)$", r"^(?:comments?|responses?|discussion)$",
)
_SHARE = _rx(
    r"^share (?:this|on|via|the)\b.{0,40}$", r"^click to (?:share|email|print|tweet)\b",
    r"^(?:(?:share|tweet|pin|email|print|whatsapp|telegram|facebook|twitter|x|linkedin|reddit|vk)"
    r"(?:\s*[|/·•,]\s*|\s+)){2,}$",
)
_RELATED = _rx(
    r"^(?:related|read (?:more|also|next)|see also|more (?:from|on|stories|news)|recommended|"
    r"you (?:may|might) also like|most (?:read|popular)|trending)\b.{0,60}$",
)
_CONTACT = _rx(r"^to contact\b", r"^contact us\b", r"\b[\w-]+(?:\.[\w-]+)+/contact\b", r"^(?:e-?mail|tel|phone)\s*:")
_COPYRIGHT = _rx(r"^(?:©|\(c\)|copyright\b)", r"\ball rights reserved\b")
_TAXONOMY = _rx(r"^(?:categories|category|tags|tagged|tagged with|filed under|posted in|topics)\s*:")
_DISCLAIMER = _rx(
    r"^disclaimer\b", r"\b(?:views|opinions) expressed\b", r"\bdo(?:es)? not necessarily (?:reflect|represent)\b",
    r"\b(?:views|opinions) (?:are|is) (?:the author|the writer|their|his|her)", r"\bauthor[’']?s? own\b",
)
_END_MARKERS = (_COMMENT_FORM, _SHARE, _RELATED, _CONTACT, _COPYRIGHT, _TAXONOMY, _DISCLAIMER)


@dataclass
class CleanText:
    """The article's lines after furniture removal, and the furniture (metadata and genre read it)."""

    lines: list[str]  # "" separates paragraphs
    removed: list[str] = field(default_factory=list)


def normalize_text(raw: str) -> list[str]:
    """Split ``raw`` into lines with uniform spaces and without Markdown markup."""
    text = _INVISIBLE.sub("", _SPACES.sub(" ", raw.replace("\r\n", "\n").replace("\r", "\n")))
    lines = []
    for line in text.split("\n"):
        if _MD_RULE.match(line):
            lines.append("")
            continue
        line = _MD_QUOTE.sub("", _MD_HEADING.sub("", line))
        line = _MD_LINK.sub(r"\1", _MD_IMAGE.sub("", line))
        line = _MD_STRONG.sub(r"\2", line)
        line = _MD_EMPHASIS.sub(lambda m: m.group(1) or m.group(2), line)
        lines.append(" ".join(line.split()))
    return lines


def is_prose(line: str) -> bool:
    """Whether ``line`` reads as running text rather than a label, heading or button."""
    words = len(_WORD.findall(line))
    return words >= PROSE_LONG_WORDS or (words >= PROSE_MIN_WORDS and bool(_SENTENCE_END.search(line)))


def _is_end_marker(line: str) -> bool:
    return any(p.search(line) for p in _END_MARKERS)


def _is_furniture(line: str) -> bool:
    if _is_end_marker(line) or _NAVIGATION.search(line) or _CAPTION.search(line) or _SUBSCRIBE.search(line):
        return True
    return bool(_WIDGET_ALT.match(line) or _CREDITS.search(line))


def _is_ad(line: str) -> bool:
    short = len(_WORD.findall(line)) <= WIDGET_MAX_WORDS and not _SENTENCE_END.search(line)
    return bool(_AD.search(line)) or (short and bool(_PROMOTION.search(line)))


def clean_lines(lines: list[str]) -> CleanText:
    """Remove page furniture from normalized lines: furniture lines anywhere, everything after the article ends."""
    kept: list[str] = []
    removed: list[str] = []
    seen_prose = in_ad = False
    for i, line in enumerate(lines):
        if not line:
            kept.append("")
            in_ad = False
            continue
        # An ad says nothing about the article or its outlet: dropped, not kept as furniture. The block
        # under an "Advertisement" label is the ad, whatever it says.
        if in_ad or _is_ad(line):
            in_ad = in_ad or bool(_AD.search(line))
            continue
        # A marker only ends the article once the article has begun: share rows also sit above titles.
        if seen_prose and _is_end_marker(line):
            removed.extend(x for x in lines[i:] if x)
            break
        if _is_furniture(line):
            removed.append(line)
            continue
        seen_prose = seen_prose or is_prose(line)
        kept.append(line)
    # Trailing blocks that do not read as sentences (a lone ad, a site name, a button) are the page's.
    _strip_blank_tail(kept)
    while kept and _is_widget(kept[-1]) and any(is_prose(x) for x in kept[:-1]):
        removed.append(kept.pop())
        _strip_blank_tail(kept)
    return CleanText(lines=kept, removed=removed)


def _is_widget(line: str) -> bool:
    return not _SENTENCE_END.search(line) and len(_WORD.findall(line)) < PROSE_LONG_WORDS


def _strip_blank_tail(lines: list[str]) -> None:
    while lines and not lines[-1]:
        lines.pop()


def join_paragraphs(lines: list[str]) -> list[str]:
    """Paragraphs from lines: a paragraph's lines joined, and a sentence broken across a blank line rejoined.

    A line that does not end a sentence, followed by one that starts in lower case, is one sentence (a dump
    broke it), even across a blank line. Within a block, lines join unless the first ends a sentence.
    """
    paragraphs: list[str] = []
    current: list[str] = []
    gap = False
    for line in lines:
        if not line:
            gap = True
            continue
        continues = bool(current) and not _SENTENCE_END.search(current[-1]) and line[:1].islower()
        if current and (continues or (not gap and not _SENTENCE_END.search(current[-1]))):
            current.append(line)
        else:
            if current:
                paragraphs.append(" ".join(current))
            current = [line]
        gap = False
    if current:
        paragraphs.append(" ".join(current))
    return paragraphs
