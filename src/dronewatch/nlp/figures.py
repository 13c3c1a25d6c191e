"""Figures: every number the text gives about the conflict, with kind, qualifier, scope and source.

Written numbers count ("two", "a dozen", "tens of thousands"). The kind comes from what the number counts
("8,000 troops") or from the verb that governs it ("killing four people"); years, durations and ordinals
are not figures.

Drone and missile counts are also read as parts of a salvo (``role``): "Russia launched 90 Shahed drones
overnight; 74 were shot down" gives 90 launched and 74 intercepted, both Shahed-136s fired by Russia, on the
night that ended on the publication date. A count of "them" or a bare "74 were shot down" counts what the
salvo figure before it counted; "all of them" is the salvo's whole, "none" is zero.
"""

from __future__ import annotations

import itertools
import re
from datetime import date
from functools import cache
from typing import cast

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from dronewatch.nlp.claims import ClaimMention
from dronewatch.nlp.dates import DateMention
from dronewatch.nlp.entities import WeaponMention, actor_for_span, demonym_country, noun_phrase, weapon_user
from dronewatch.nlp.lexicon import load_lexicon
from dronewatch.record import (
    FIGURE_KINDS,
    BarrageRole,
    Evidence,
    Figure,
    FigureKind,
    Qualifier,
    Source,
    Weapon,
)

__all__ = ["FigureMention", "extract_figures", "parse_number"]

if not Doc.has_extension("dw_figures"):
    Doc.set_extension("dw_figures", default=[])
if not Doc.has_extension("dw_figure_mentions"):
    Doc.set_extension("dw_figure_mentions", default=[])

_DIGITS = re.compile(r"^\d{1,3}(,\d{3})+(\.\d+)?$|^\d+(\.\d+)?$")
# Four-digit numbers in this range are years unless they count something ("2015 Minsk accords" is a name).
_YEAR_RANGE = range(1900, 2100)


class FigureMention:
    """A figure and the tokens it was read from (events take casualties from these)."""

    def __init__(self, figure: Figure, number: Span, counted: Token | None) -> None:
        self.figure = figure
        self.number = number
        self.counted = counted


@cache
def _lex() -> dict[str, object]:
    return load_lexicon("figures")


def _dict(key: str) -> dict[str, object]:
    return _lex()[key]  # type: ignore[return-value]


def parse_number(words: list[str]) -> float | None:
    """The value of a number written in digits or words ("7,175", "1.5 million", "forty-two"), or None."""
    total = 0.0
    current = 0.0
    seen = False
    for raw in words:
        w = raw.lower().replace("-", " ")
        for part in w.split():
            if _DIGITS.match(part):
                current += float(part.replace(",", ""))
                seen = True
            elif part in _dict("words"):
                current += float(_dict("words")[part])  # type: ignore[arg-type]
                seen = True
            elif part in _dict("multipliers") and seen:
                mult = float(_dict("multipliers")[part])  # type: ignore[arg-type]
                if mult >= 1000:
                    total += (current or 1) * mult
                    current = 0
                else:
                    current = (current or 1) * mult
            elif part in ("and", "a"):
                continue
            else:
                return None
    if not seen:
        return None
    return total + current


@cache
def _vague_first_words() -> frozenset[str]:
    return frozenset(phrase.split()[0] for phrase in _dict("vague"))


def _number_spans(sentence: Span) -> list[tuple[Span, float, Qualifier | None]]:
    """Number phrases in a sentence with their values; vague plurals carry their own qualifier."""
    doc = sentence.doc
    out: list[tuple[Span, float, Qualifier | None]] = []
    vague = cast(dict[str, tuple[float, Qualifier | None]], _dict("vague"))
    firsts = _vague_first_words()
    lowers = [t.lower_ for t in sentence]
    i = sentence.start
    while i < sentence.end:
        tok = doc[i]
        k = i - sentence.start
        # Vague quantities: "tens of thousands", "hundreds", "a dozen".
        for n in (3, 2, 1) if lowers[k] in firsts else ():
            phrase = " ".join(lowers[k : k + n])
            if phrase in vague and i + n <= sentence.end:
                value, qual = vague[phrase]
                out.append((doc[i : i + n], float(value), qual))
                i += n
                break
        else:
            if tok.like_num and not tok.ent_type_ in ("DATE", "TIME", "ORDINAL"):
                j = i
                while j + 1 < sentence.end and (doc[j + 1].like_num or doc[j + 1].lower_ in _dict("multipliers")):
                    j += 1  # "1.5 million", "two dozen"
                span = doc[i : j + 1]
                number = parse_number([t.text for t in span])
                if number is not None:
                    out.append((span, number, None))
                i = j + 1
                continue
            i += 1
    return out


def _qualifier(span: Span) -> Qualifier | None:
    doc = span.doc
    quals = _dict("qualifiers")
    for n in (3, 2, 1):
        start = span.start - n
        if start < 0:
            continue
        words = " ".join(t.lower_ for t in doc[start : span.start])
        if words in quals:
            return quals[words]  # type: ignore[return-value]
    return None


def _counted(span: Span) -> Token | None:
    """The noun a number counts: its head ("600 troops"), or what follows "of" ("50 of the drones")."""
    doc = span.doc
    root = span.root
    nxt = doc[span.end] if span.end < len(doc) else None
    if nxt is not None and nxt.lower_ == "of":
        obj = next((c for c in nxt.children if c.dep_ == "pobj"), None)
        if obj is not None:
            return obj
        after = doc[span.end + 1] if span.end + 1 < len(doc) else None
        if after is not None and after.like_num and after.head.pos_ in ("NOUN", "PROPN"):
            return after.head  # "45 of 60 drones": the parser hangs the first number on the second
    if nxt is not None and nxt.text in ("%",):
        return nxt
    if root.dep_ in ("nummod", "quantmod", "amod", "compound") and root.head.pos_ in ("NOUN", "PROPN", "ADJ", "SYM"):
        return root.head
    if root.dep_ == "pobj" and root.head.dep_ == "prep" and root.head.head.pos_ == "NOUN":
        return root.head.head  # "the lives of over 14,000"
    if nxt is not None and nxt.pos_ in ("NOUN", "PROPN"):
        return nxt
    return None


def _governing_verb(tok: Token) -> Token | None:
    for _ in range(4):
        if tok.pos_ in ("VERB", "AUX") or tok.lemma_.lower() in _dict("verb_kinds"):
            return tok
        if tok.head.i == tok.i:
            return None
        tok = tok.head
    return None


# How far after a number a casualty word still counts it ("3.7 million people remain internally displaced").
WINDOW_TOKENS = 5
# What a counted named weapon is, by its class.
_WEAPON_KINDS = {"drone": "drones", "missile": "missiles"}


def _kind(span: Span, counted: Token | None) -> FigureKind | None:
    nouns = _dict("noun_kinds")
    verbs = _dict("verb_kinds")
    person = set(_lex()["person_nouns"])  # type: ignore[call-overload]
    anchor = counted if counted is not None else span.root
    verb = _governing_verb(anchor.head if anchor.dep_ != "ROOT" else anchor)
    verb_kind = verbs.get(verb.lemma_.lower()) if verb is not None else None
    noun_kind = None
    if counted is not None:
        noun_kind = nouns.get(counted.lemma_.lower()) or nouns.get(counted.lower_)
    # Casualty words right after the number: "17,617 injured", "four dead".
    doc = span.doc
    window = []
    for t in doc[span.end : min(span.end + WINDOW_TOKENS, span.sent.end)]:
        if t.is_punct:
            break
        window.append(t.lower_)
    window_kind = next((_dict("window_kinds")[w] for w in window if w in _dict("window_kinds")), None)
    doc_weapons = doc._.dw_weapons if doc.has_extension("dw_weapons") else []
    weapon = next((w.weapon for w in doc_weapons if counted is not None and w.span.start <= counted.i < w.span.end), None)
    if noun_kind is None and weapon is not None:  # "three F-16s", "40 Shaheds": a named weapon counted
        noun_kind = _WEAPON_KINDS.get(weapon.class_ or "", "weapons")
    prev = doc[span.start - 1] if span.start > 0 else None
    if counted is None and prev is not None and prev.tag_ == "$":
        return "money" if nouns.get(prev.text) == "money" else None  # "$2 billion", "€300 million"
    if counted is not None and (counted.lemma_.lower() in person or counted.lower_ in person):
        kind = verb_kind or window_kind or (noun_kind if noun_kind == "troops" else None)
    elif counted is not None:
        kind = noun_kind
    else:
        # A bare number: a casualty word attached to it ("millions displaced"), its verb, or the words after.
        child_kind = next((verbs.get(c.lemma_.lower()) for c in span.root.children
                           if c.dep_ in ("amod", "acl") and c.lemma_.lower() in verbs), None)
        kind = child_kind or verb_kind or window_kind
    if kind is None or kind not in FIGURE_KINDS:
        return None
    return kind  # type: ignore[return-value]


def _skip(span: Span, value: float) -> bool:
    doc = span.doc
    nxt = doc[span.end].lower_ if span.end < len(doc) else ""
    if nxt in _lex()["skip_after"] or nxt.startswith("-year"):  # type: ignore[operator]
        return True
    if span.start > 0 and doc[span.start - 1].text in ("-", "–") and span.start > 1 and doc[span.start - 2].is_alpha:
        return True  # "S-300", "Su-34": designations, not counts
    text = span.text
    return len(span) == 1 and text.isdigit() and len(text) == 4 and int(text) in _YEAR_RANGE


def _source(token: Token, claims: list[ClaimMention]) -> Source | None:
    for m in claims:
        if m.covers(token):
            return Source(text=m.claim.speaker.text, name=m.claim.speaker.name)
    return None


def _scope(counted: Token | None, span: Span) -> str | None:
    if counted is None:
        return None
    doc = span.doc
    verb = _governing_verb(counted.head) if counted.dep_ != "ROOT" else None
    end = max(counted.right_edge.i, verb.right_edge.i if verb is not None else counted.i) + 1
    words = [t for t in doc[counted.i : end] if not (span.start <= t.i < span.end)]
    return doc[words[0].i : words[-1].i + 1].text if words else None


def extract_figures(doc: Doc) -> list[FigureMention]:
    """Every conflict figure in ``doc``, with its source when the sentence attributes it."""
    claims: list[ClaimMention] = doc._.dw_claim_mentions
    out: list[FigureMention] = []
    salvo = _Salvo(doc)
    for sentence in doc.sents:
        numbers = [n for n in _number_spans(sentence) if not _skip(n[0], n[1])]
        parts = _partitives([n[0] for n in numbers])
        wholes = {b.start for b in parts.values()}
        first = len(out)
        for span, value, vague_qual in numbers:
            counted = _counted(span)
            if counted is None and span.start in parts:
                counted = _counted(parts[span.start])  # "Twelve out of 16 drones": drones
            if counted is None and span.text.lower() == "one":
                continue  # "a losing one": a pronoun, not a count
            if counted is not None and counted.lower_ in _antecedents():
                counted = None  # "31 of them": what the salvo before counted
            kind = _kind(span, counted)
            if counted is None and kind is not None and salvo.follows(sentence) and _role(
                    span, None, False, False)[0] is not None:
                kind = None  # "11 more were lost" after a salvo: lost drones, not people
            if vague_qual is not None or (kind is not None and kind not in _barrage_kinds()):
                # Casualties, money, troops; and "hundreds of drones", a size rather than one salvo's count.
                if kind is not None:
                    number: int | float = int(value) if value.is_integer() else value
                    out.append(FigureMention(Figure(
                        kind=kind, value=number, qualifier=_qualifier(span) or vague_qual, scope=_scope(counted, span),
                        source=_source(span.root, claims), evidence=Evidence.from_span(sentence),
                    ), span, counted))
                continue
            for figure in salvo.read(span, value, counted, kind, sentence, whole=span.start in wholes,
                                     part=span.start in parts):
                out.append(FigureMention(figure.model_copy(update={
                    "qualifier": _qualifier(span) or vague_qual, "scope": _scope(counted, span),
                    "source": _source(span.root, claims)}), span, counted))
        for tok, word in _pronoun_counts(sentence):
            whole_of = _counted(tok.doc[tok.i : tok.i + 1])  # "none of the missiles": missiles
            of_kind = _dict("noun_kinds").get(whole_of.lemma_.lower()) if whole_of is not None else None
            told = cast(FigureKind, of_kind) if of_kind in _barrage_kinds() else None
            for figure in salvo.read(tok.doc[tok.i : tok.i + 1], word, None, told, sentence):
                out.append(FigureMention(figure.model_copy(update={"source": _source(tok, claims)}),
                                         tok.doc[tok.i : tok.i + 1], None))
        _share_side(out[first:])
    return out


def _share_side(mentions: list[FigureMention]) -> None:
    """Salvo figures of one sentence whose side is unknown take the one side the others name."""
    sides = {m.figure.side for m in mentions if m.figure.role is not None and m.figure.side is not None}
    if len(sides) != 1:
        return
    side = sides.pop()
    for m in mentions:
        if m.figure.role is not None and m.figure.side is None:
            m.figure = m.figure.model_copy(update={"side": side})


# --- salvos ----------------------------------------------------------------------------------------------------


@cache
def _barrage_kinds() -> frozenset[str]:
    return frozenset(cast(list[str], _lex()["barrage_kinds"]))


@cache
def _antecedents() -> frozenset[str]:
    return frozenset(cast(list[str], _lex()["antecedents"]))


# How many sentences back a bare count ("74 were shot down") still counts the salvo figure before it.
ANTECEDENT_SENTENCES = 3
# How many sentences back a date phrase still dates a salvo ("On the night of 12-13 May, ... Of these, ...").
NIGHT_SENTENCES = 3
# A date phrase dates a night when it covers at most this many days ("overnight" is the evening and morning).
NIGHT_DAYS = 2
# How far up the parse a count's governing verb is looked for.
ROLE_HOPS = 5
# At most this many words between a part and its whole: "12 Shahed attack drones out of 16".
PARTITIVE_GAP = 6


def _verb_role(verb: Token) -> BarrageRole | None:
    """A verb's salvo role by its lemma, or lemma and particle ("shoot down")."""
    roles = cast(dict[str, BarrageRole], _dict("barrage_verbs"))
    lemma = verb.lemma_.lower()
    particle = next((c.lower_ for c in verb.children if c.dep_ == "prt"), None)
    if particle is not None and f"{lemma} {particle}" in roles:
        return roles[f"{lemma} {particle}"]
    return roles.get(lemma) or roles.get(verb.lower_)


def _participle(tok: Token) -> Token | None:
    """A verb that describes ``tok`` itself: "drones launched by Russia", "the drones Russia fired", "20 launched"."""
    for c in tok.children:
        if c.dep_ in ("acl", "relcl", "amod") and c.pos_ == "VERB" and _verb_role(c) is not None:
            return c
    doc = tok.doc
    nxt = doc[tok.i + 1] if tok.i + 1 < tok.sent.end else None
    if nxt is not None and tok.like_num and nxt.tag_ == "VBN" and _verb_role(nxt) is not None:
        return nxt  # "out of 20 launched by Russian forces", however the parser hangs "launched"
    return None


def _governing(tok: Token) -> tuple[Token | None, bool]:
    """The nearest verb above ``tok`` that gives a salvo role, and whether the way up passed "with"
    ("attacked Kyiv with 20 drones": a launch, whatever the verb)."""
    via_with = False
    sent = tok.sent
    for _ in range(ROLE_HOPS):
        head = tok.head
        if head.i == tok.i or not sent.start <= head.i < sent.end:
            return None, via_with
        if head.lower_ == "with" and head.dep_ == "prep":
            via_with = True
        if _verb_like(head) and _verb_role(head) is not None and not _noun_modifier(head):
            return head, via_with
        if head.lemma_ == "be":  # "61 were neutralised", the participle tagged an adjective
            done = next((c for c in head.children if c.dep_ == "acomp" and _verb_role(c) is not None), None)
            if done is not None:
                return done, via_with
        tok = head
    return None, via_with


def _verb_like(tok: Token) -> bool:
    """A verb, or a rare verb the parser tags as something else but gives a clause ("did not down any")."""
    return tok.pos_ in ("VERB", "AUX") or tok.dep_ in ("ROOT", "conj") and any(
        c.dep_ in ("nsubj", "nsubjpass", "aux", "neg") for c in tok.children)


def _noun_modifier(tok: Token) -> bool:
    """ "attack drones", "strike drones": a noun the parser took for a verb, before the weapon it describes."""
    nxt = tok.doc[tok.i + 1] if tok.i + 1 < len(tok.doc) else None
    return (tok.lower_ in _dict_list("weapon_modifiers") and nxt is not None
            and nxt.lemma_.lower() in _dict_list("weapon_nouns"))


def _negated(verb: Token) -> bool:
    """Whether a verb, or the verb it completes, is negated ("did not manage to shoot it down")."""
    for tok in (verb, verb.head if verb.dep_ == "xcomp" else verb):
        if any(c.dep_ == "neg" for c in tok.children):
            return True
    return False


def _partitives(spans: list[Span]) -> dict[int, Span]:
    """Parts and wholes told as "20 of the 30 drones", "12 drones out of 16": part start → whole, by the words
    between them (the parser hangs these many ways)."""
    out: dict[int, Span] = {}
    for a, b in itertools.pairwise(spans):
        between = list(a.doc[a.end : b.start])
        if not between or len(between) > PARTITIVE_GAP or any(t.is_punct or t.pos_ in ("VERB", "AUX") for t in between):
            continue
        words = [t.lower_ for t in between if t.pos_ != "DET"]
        if words and words[-1] == "of" and (len(words) == 1 or words[-2] in _dict_list("partitives")
                                             or all(t.pos_ in ("NOUN", "PROPN", "ADJ", "ADP") for t in between)):
            out[a.start] = b
    return out


def _dict_list(key: str) -> list[str]:
    return cast(list[str], _lex()[key])


def _role(span: Span, counted: Token | None, whole: bool, part: bool) -> tuple[BarrageRole | None, Token | None]:
    """A count's part in a salvo, and the verb that says so; the whole of a partitive is the salvo launched."""
    own = _participle(span.root)
    if own is None and counted is not None and span.root.head.i == counted.i and not part:
        own = _participle(counted)
    if whole:
        return "launched", own if own is not None and _verb_role(own) == "launched" else None
    if own is not None:
        return _verb_role(own), own
    anchor = counted if counted is not None and span.root.head.i == counted.i else span.root
    verb, via_with = _governing(anchor)
    if verb is None:
        return None, None
    if via_with:
        return "launched", verb  # "struck Kyiv with 40 missiles"
    return _verb_role(verb), verb


def _definite(noun: Token) -> bool:
    """ "the drones", "these missiles": a noun that points back at something already counted."""
    return any(c.dep_ == "det" and c.lower_ in ("the", "these", "those") for c in noun.children)


def _pronoun_counts(sentence: Span) -> list[tuple[Token, str]]:
    """ "All of them were destroyed", "none was intercepted", "did not down any of them": counts without a number."""
    pronouns = cast(dict[str, str], _dict("barrage_pronouns"))
    out = []
    for tok in sentence:
        word = pronouns.get(tok.lower_)
        if word is None or tok.dep_ not in ("nsubj", "nsubjpass", "dobj"):
            continue
        negated = _negated(tok.head)
        if tok.lower_ == "any" and not negated:
            continue
        out.append((tok, "none" if negated else word))  # "air defence did not shoot it down"
    return out


class _Salvo:
    """Reads drone and missile counts as parts of salvos, remembering the last one for the counts that follow."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.last: Figure | None = None
        self.last_sentence = -1
        self.by_kind: dict[str, tuple[Figure, int]] = {}  # the last salvo figure of each kind, and its sentence
        self.recent: tuple[Figure, int] | None = None  # the last salvo figure of any role: what a bare count counts
        self.weapons: list[WeaponMention] = doc._.dw_weapons if doc.has_extension("dw_weapons") else []
        document = doc._.dw_document if doc.has_extension("dw_document") else None
        self.published: date | None = document.published if document is not None else None
        self.dates: list[DateMention] = doc._.dw_dates if doc.has_extension("dw_dates") else []
        self.sentences = {s.start: n for n, s in enumerate(doc.sents)}

    def read(self, span: Span, value: float | str, counted: Token | None, kind: FigureKind | None,
             sentence: Span, whole: bool = False, part: bool = False) -> list[Figure]:
        """The figures of one count: none, one, or two ("shot down all 12 drones": 12 launched, 12 intercepted)."""
        role, verb = _role(span, counted, whole, part)
        here = self.sentences[sentence.start]
        antecedent = self.last if self.last is not None and here - self.last_sentence <= ANTECEDENT_SENTENCES else None
        if kind is None:
            if counted is not None or role is None or antecedent is None:
                return []
            if self.recent is not None and here - self.recent[1] <= ANTECEDENT_SENTENCES:
                antecedent = self.recent[0]
            kind = antecedent.kind  # "74 were shot down": the salvo's drones; "11 more": the ones just told
        if kind in self.by_kind:  # "58 of the drones" after "74 drones and three missiles"
            same, at = self.by_kind[kind]
            antecedent = same if here - at <= ANTECEDENT_SENTENCES else antecedent
        if isinstance(value, str):  # "all", "none"
            if antecedent is None or role is None or role == "launched":
                return []
            if value == "one" and antecedent.value != 1:
                return []  # "it" is the salvo only when the salvo was one weapon
            value = 0.0 if value == "none" else float(antecedent.value)
        number: int | float = int(value) if value.is_integer() else value
        weapon = self._weapon(span, counted)
        if antecedent is not None and antecedent.kind == kind and (weapon is None or (
                weapon.name in _generic_weapon_names() and counted is not None and _definite(counted))):
            weapon = antecedent.weapon  # "74 were shot down", "58 of the drones": the salvo's Shaheds
        side = self._side(counted, verb if role == "launched" else None, weapon)
        if side is None and antecedent is not None and antecedent.kind == kind and role is not None:
            side = antecedent.side
        night = self._night(sentence) if role is not None else None
        figure = Figure(kind=kind, value=number, role=role, weapon=weapon, side=side, night=night,
                        evidence=Evidence.from_span(sentence))
        figures = [figure]
        left = span.doc[span.start - 1] if span.start > sentence.start else None
        if left is not None and left.lower_ == "all" and role is not None:
            # "shot down all 12 drones (that Russia launched)": the whole salvo, launched and met this end.
            outer, _ = _governing(counted) if counted is not None and role == "launched" else (None, False)
            end = _verb_role(outer) if outer is not None else role
            if end not in (None, "launched"):
                figures = [figure.model_copy(update={"role": "launched"}), figure.model_copy(update={"role": end})]
        if figures[0].role == "launched" or (role is not None and antecedent is None):
            self.last, self.last_sentence = figures[0], here
            self.by_kind[kind] = (figures[0], here)
        if role is not None:
            self.recent = (figures[-1], here)
        return figures

    def follows(self, sentence: Span) -> bool:
        """Whether a salvo figure came shortly before (or in) ``sentence``."""
        return self.last is not None and self.sentences[sentence.start] - self.last_sentence <= ANTECEDENT_SENTENCES

    def _weapon(self, span: Span, counted: Token | None) -> Weapon | None:
        """The weapon counted: a model named between the number and its noun, else the noun's class."""
        if counted is None:
            return None
        lo, hi = min(span.start, counted.i), max(span.end - 1, counted.i)
        found = [w for w in self.weapons if lo <= w.span.start <= hi or lo <= w.span.end - 1 <= hi]
        named = next((w for w in found if w.weapon.name not in _generic_weapon_names()), None)
        chosen = named or next(iter(found), None)
        if chosen is None:
            return None
        phrase = self.doc[min(chosen.span.start, counted.i) : max(chosen.span.end, counted.i + 1)]
        return chosen.weapon.model_copy(update={"text": phrase.text})

    def _side(self, counted: Token | None, launcher: Token | None, weapon: Weapon | None) -> str | None:
        """Whose weapons: "Ukrainian drones", "Russia launched …", "… launched by Russian forces", or the model's user."""
        if counted is not None:
            for c in counted.children:
                if c.dep_ in ("amod", "compound", "nmod") and (code := demonym_country(c.text)) is not None:
                    return code
                if c.dep_ == "poss" and (m := actor_for_span(noun_phrase(c))) is not None and m.actor.country:
                    return m.actor.country
        if launcher is not None:
            for c in launcher.children:
                who = c
                if c.dep_ == "agent":
                    who = next((g for g in c.children if g.dep_ == "pobj"), c)
                elif c.dep_ != "nsubj":
                    continue
                m = actor_for_span(noun_phrase(who))
                if m is not None and m.actor.country:
                    return m.actor.country
                if (code := demonym_country(who.text)) is not None:
                    return code
                for g in who.children:
                    if g.dep_ in ("amod", "compound") and (code := demonym_country(g.text)) is not None:
                        return code  # "Russian forces"
        return weapon_user(weapon.name) if weapon is not None else None

    def _night(self, sentence: Span) -> date | None:
        """The night a salvo figure belongs to: the morning it ended, from a date phrase in or just before its
        sentence ("overnight", "the night of 12-13 May"), else the publication date."""
        here = self.sentences[sentence.start]
        best: DateMention | None = None
        for m in self.dates:
            if m.span.start >= sentence.end:
                break
            back = here - self.sentences.get(m.span.sent.start, here)
            iv = m.interval
            if back > NIGHT_SENTENCES or iv.earliest is None or iv.latest is None:
                continue
            if (iv.latest - iv.earliest).days < NIGHT_DAYS:
                best = m
        if best is not None and best.interval.latest is not None:
            return best.interval.latest
        return self.published


@cache
def _generic_weapon_names() -> frozenset[str]:
    lex = load_lexicon("weapons")
    return frozenset(a.lower().rstrip("s") for aliases in lex["generic"].values() for a in aliases) | frozenset(
        a.lower() for aliases in lex["generic"].values() for a in aliases)


@Language.component("dronewatch_figures", requires=["doc._.dw_claim_mentions", "doc._.dw_weapons", "doc._.dw_dates"],
                    assigns=["doc._.dw_figures"])
def figures_component(doc: Doc) -> Doc:
    mentions = extract_figures(doc)
    doc._.dw_figure_mentions = mentions
    doc._.dw_figures = [m.figure for m in mentions]
    return doc
