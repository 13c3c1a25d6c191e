"""The genre of an article (news, opinion, analysis, statement) from the cues a reader uses.

In order of strength: a label the outlet gives (a section such as "Opinion", a URL path such as
``/commentary/``, a category); a disclaimer that the views are the author's own; the voice of an institution
speaking for itself (press-release form, "the Ministry condemns"); and the writer's own argument outside
quotations (first person, prescriptions, rhetorical questions, judgements of motive). Plain third-person
reporting is news.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from dronewatch.record import Genre

__all__ = ["LABELS", "classify_genre", "genre_of_label"]

# How much of the writer's own argument makes a piece opinion: one prescription or question can be a
# reporter's turn of phrase; three, in the outlet's own voice, is an argument.
OPINION_MIN_CUES = 3
# Below this many words there is too little text to tell reporting from anything else.
GENRE_MIN_WORDS = 40

LABELS: dict[str, Genre] = {
    "opinion": "opinion", "opinions": "opinion", "commentary": "opinion", "comment": "opinion",
    "op-ed": "opinion", "oped": "opinion", "editorial": "opinion", "editorials": "opinion", "column": "opinion",
    "columns": "opinion", "columnists": "opinion", "viewpoint": "opinion", "perspective": "opinion",
    "letters": "opinion", "blog": "opinion",
    "analysis": "analysis", "news analysis": "analysis", "explainer": "analysis", "in depth": "analysis",
    "in-depth": "analysis", "insight": "analysis", "assessment": "analysis",
    "press release": "statement", "press releases": "statement", "press-release": "statement",
    "statement": "statement", "statements": "statement", "press statement": "statement",
    "communique": "statement", "communiqué": "statement", "briefing": "statement", "official statement": "statement",
    "news": "news", "breaking news": "news", "world news": "news",
}
_TITLE_LABEL = re.compile(r"^\s*(?P<label>[A-Za-z][A-Za-z -]{1,20}?)\s*[:|]\s+\S")
_DISCLAIMER = re.compile(
    r"\b(?:views|opinions) expressed\b|\b(?:views|opinions) (?:are|is) (?:the author|the writer|their|his|her)"
    r"|\bauthor[’']?s? own\b|\bdo(?:es)? not necessarily (?:reflect|represent)\b",
    re.IGNORECASE,
)
_RELEASE_FORM = re.compile(
    r"^(?:for immediate release|press release|news release|statement by|statement of|joint statement)\b"
    r"|^(?:-\s*ends\s*-|###|—\s*ends\s*—)$|^(?:media|press) (?:contact|enquiries|inquiries)\b",
    re.IGNORECASE | re.MULTILINE,
)
# An institution speaking for itself, in the present tense: news reports it in the past ("the Ministry said").
_INSTITUTION_VOICE = re.compile(
    r"\b(?:The|the|Our|our) (?:[A-Z][\w'’-]* )*(?:Ministry|Embassy|Mission|Government|Office|Department|Council|"
    r"Secretariat|Delegation|Command|Headquarters|Service)\b"
    r"(?:\s+(?:of|for)\s+(?:the\s+)?[A-Z][\w'’-]*(?:\s+(?:and\s+)?[A-Z][\w'’-]*)*)*,?\s+"
    r"(?:strongly |firmly |resolutely |once again |hereby |also )?"
    r"(?:states|condemns|informs|notes|reiterates|calls on|urges|expresses|welcomes|rejects|reaffirms|"
    r"stresses|declares|demands|announces|reports|recalls|emphasizes|emphasises|categorically)\b"
    r"|\bwe (?:strongly |firmly |resolutely )?(?:condemn|call on|urge|reiterate|reaffirm|demand|reject)\b",
)
_QUOTED = re.compile(r"“[^”]*”|\"[^\"\n]*\"|«[^»]*»")
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"“‘'(])")
# A sentence that reports someone else's words is theirs, not the writer's argument.
_REPORTED = re.compile(
    r"\b(?:said|says|say|stated|states|told|tells|added|according to|claimed|claims|argued|argues|wrote|"
    r"writes|urged|urges|warned|warns|insisted|insists|asked|asks|noted|notes|declared|announced)\b",
    re.IGNORECASE,
)
_ARGUMENT_CUES = (
    # the writer in the first person, arguing
    re.compile(r"\bI (?:believe|think|argue|would argue|contend|suspect|fear|doubt|am convinced)\b"
               r"|\bin my (?:view|opinion|judgement|judgment)\b|\bto my mind\b"),
    re.compile(r"\b(?:we|us) (?:must|should|need to|have to|ought to|cannot|can't|can no longer)\b|\blet us\b",
               re.IGNORECASE),
    # prescriptions in the outlet's own voice
    re.compile(r"\b(?:must|should|ought to)\b(?! (?:be noted|not be forgotten))|\bcannot afford\b"
               r"|\bit is (?:high )?time (?:to|for|that)\b"
               r"|\bit is (?:imperative|essential|crucial|vital|urgent) (?:to|that)\b", re.IGNORECASE),
)
# Judgements of motive or character that a reporter leaves to the reader; outside quotation marks they are
# the writer's even in a sentence that reports speech ("X hypocritically stated").
_JUDGEMENT = re.compile(
    r"\b(?:hypocritically|cynically|shamelessly|brazenly|recklessly|provocatively|duplicitously|"
    r"predictably|absurdly|outrageously|disgracefully|cravenly|callously|arrogantly|foolishly|"
    r"naively|deceitfully|dishonestly|mendaciously|slavishly|criminally|grotesquely|laughably|"
    r"pathetically|shamefully|conveniently|stupidly|insanely|ludicrously|hysterically)\b",
    re.IGNORECASE,
)


def genre_of_label(label: str) -> Genre | None:
    """The genre an outlet's section or category label names ("Opinion", "News analysis"), else None."""
    return LABELS.get(" ".join(label.lower().replace("_", " ").split()).strip(" :|-"))


def _url_genre(url: str | None) -> Genre | None:
    if not url:
        return None
    path = re.sub(r"^[a-z]+://[^/]+", "", url.lower())
    for segment in re.split(r"[/?#&=]+", path):
        genre = genre_of_label(segment.replace("-", " ")) or genre_of_label(segment)
        if genre is not None and genre != "news":
            return genre
    return None


def _opinion_cues(text: str) -> int:
    own = _QUOTED.sub(" ", text)
    count = len(_JUDGEMENT.findall(own))
    for sentence in _SENTENCE.split(own):
        if sentence.rstrip().endswith("?"):
            count += 1  # a question the writer puts to the reader
        elif not _REPORTED.search(sentence):
            count += sum(len(p.findall(sentence)) for p in _ARGUMENT_CUES)
    return count


def classify_genre(
    text: str,
    title: str | None = None,
    labels: Iterable[str] = (),
    notices: Iterable[str] = (),
    url: str | None = None,
) -> Genre:
    """The genre of an article from its text, title, the outlet's labels, its page notices and its URL."""
    for label in labels:
        genre = genre_of_label(label)
        if genre is not None and genre != "news":
            return genre
    if title:
        match = _TITLE_LABEL.match(title)
        genre = genre_of_label(match.group("label")) if match else None
        if genre is not None and genre != "news":
            return genre
    genre = _url_genre(url)
    if genre is not None:
        return genre
    if any(_DISCLAIMER.search(n) for n in notices) or _DISCLAIMER.search(text):
        return "opinion"
    if len(text.split()) < GENRE_MIN_WORDS:
        return "unknown"
    if any(_RELEASE_FORM.search(n) for n in notices) or _RELEASE_FORM.search(text):
        return "statement"
    if _INSTITUTION_VOICE.search(_QUOTED.sub(" ", text)):
        return "statement"
    if _opinion_cues(text) >= OPINION_MIN_CUES:
        return "opinion"
    return "news"
