"""Claims: who said, accused, denied, warned or demanded what — read off the dependency parse.

A claim is a reporting verb (or noun) with a speaker. Speakers are resolved across mentions on the parse:
"Rodion Miroshnik" … "the ambassador" … "He" are one speaker. The outlet's own opinions are not claims.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cache
from typing import cast

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from dronewatch.nlp.dates import DateMention
from dronewatch.nlp.entities import ActorMention, actor_for_span, demonym_country
from dronewatch.nlp.lexicon import load_lexicon
from dronewatch.nlp.places import country_actor
from dronewatch.record import ACT_TYPES, Act, Claim, Evidence, Speaker

__all__ = ["ClaimMention", "extract_claims", "quoted_ranges"]

if not Doc.has_extension("dw_claims"):
    Doc.set_extension("dw_claims", default=[])
if not Doc.has_extension("dw_claim_mentions"):
    Doc.set_extension("dw_claim_mentions", default=[])

_QUOTES = "\"“”‘’«»'"
_SUBJECTS = ("nsubj", "nsubjpass")
_PERSONAL = {"he": "person", "she": "person", "him": "person", "her": "person", "his": "person", "they": "any",
             "their": "any", "it": "state", "its": "state", "we": "any", "i": "person"}
# Clauses that share their head's subject ("X criticised Y, noting that …", "X regards … and declared …").
_SUBJECT_SHARING = ("advcl", "xcomp", "conj", "acl")


@dataclass(frozen=True)
class ClaimMention:
    """A claim with the tokens it covers: later components read attribution from it."""

    claim: Claim
    cue: Token
    content: Span
    sentence: Span
    tokens: frozenset[int]  # token indices the attribution covers

    def covers(self, token: Token) -> bool:
        """Whether ``token`` lies inside what the speaker is reported to have said."""
        return token.i in self.tokens


@dataclass
class _Resolved:
    speaker: Speaker
    kind: str  # person | state | group | media | unnamed


@cache
def _lex() -> dict[str, object]:
    return load_lexicon("claims")


def _cues() -> dict[str, str]:
    return _lex()["cues"]  # type: ignore[return-value]


def _set(key: str) -> frozenset[str]:
    return frozenset(w.lower() for w in _lex()[key])  # type: ignore[attr-defined]


def _cue_act(tok: Token) -> str | None:
    """The speech act of a reporting verb, or None if ``tok`` is not one here."""
    lemma = tok.lemma_.lower()
    if tok.pos_ not in ("VERB",) or lemma not in _cues():
        return None
    particles = _lex()["cue_particles"].get(lemma)  # type: ignore[attr-defined]
    if particles is not None:
        has = {c.lower_ for c in tok.children if c.dep_ in ("prt", "prep")}
        if not has & set(particles):
            return None
        if lemma == "rule":
            return "reject"
    act = _cues()[lemma]
    if any(c.dep_ == "neg" for c in tok.children):
        return None  # "did not say how many": nothing was said
    if lemma in _set("cue_needs_complement") and not _has_complement(tok):
        return None
    # Only a neutral verb takes its act from its object ("declared its opposition"); "rejected the offer" rejects.
    for child in tok.children if act in ("claim", "announce") else ():
        if child.dep_ == "dobj":
            obj_act = _lex()["object_acts"].get(child.lower_)  # type: ignore[attr-defined]
            if obj_act is not None and obj_act != "claim":
                return str(obj_act)
    return act


def _has_complement(tok: Token) -> bool:
    """Whether a verb reports speech here: a clause or quote follows, "X as Y" ("described it as …"), or
    responsibility is claimed ("claimed responsibility for the strike")."""
    if any(c.dep_ == "dobj" and c.lemma_.lower() in ("responsibility", "credit") for c in tok.children):
        return True
    if any(c.dep_ in ("ccomp", "xcomp") for c in tok.children) or tok.dep_ == "relcl":
        return any(c.dep_ in ("ccomp", "xcomp") for c in tok.children) or tok.lemma_.lower() != "claim"
    if any(c.dep_ == "prep" and c.lower_ in ("as", "to", "of", "for", "on") for c in tok.children):
        return tok.lemma_.lower() not in ("claim", "maintain", "offer")
    doc = tok.doc
    after = doc[tok.i + 1 : tok.sent.end]
    return any(t.text in ":\"“" for t in after)  # "stated via a video address: “…”"


def _subject(tok: Token) -> Token | None:
    """The grammatical subject of a verb, inherited from the governing verb for shared-subject clauses."""
    seen = 0
    while seen < 4:
        for child in tok.children:
            if child.dep_ in _SUBJECTS:
                return child
        if tok.dep_ in _SUBJECT_SHARING and tok.head.i != tok.i:
            tok = tok.head
            seen += 1
            continue
        return None
    return None


def _agent(tok: Token) -> Token | None:
    for child in tok.children:
        if child.dep_ == "agent":
            for grand in child.children:
                if grand.dep_ == "pobj":
                    return grand
    return None


def _phrase(head: Token) -> Span:
    """The speaker phrase: the subject with its left modifiers and titles, without relative clauses."""
    doc = head.doc
    right = head.i
    while right + 1 < len(doc) and doc[right + 1].dep_ in ("compound", "flat") and doc[right + 1].head.i == head.i:
        right += 1
    return doc[head.left_edge.i : right + 1]


def _role_and_affiliation(span: Span, person_role: str | None, country: str | None) -> tuple[str | None, str | None]:
    """Title words before a name ("Russian Foreign Minister") and the country they name."""
    person = next((e for e in span.ents if e.label_ == "PERSON"), None)
    role = None
    if person is not None and person.start > span.start:
        words = [t for t in span.doc[span.start : person.start] if t.dep_ != "det" and not t.is_punct]
        if words:
            role = span.doc[words[0].i : person.start].text.strip(" ,")
    role = role or person_role
    affiliation = country
    if affiliation is None and role:
        affiliation = next((c for w in role.split() if (c := demonym_country(w)) is not None), None)
    return role, affiliation


def _classify(span: Span) -> _Resolved | None:
    """A speaker for a subject phrase, or None when the phrase cannot speak ("a war that has claimed …")."""
    mention = actor_for_span(span)
    head = span.root
    if mention is not None:
        role, affiliation = _role_and_affiliation(span, mention.role, mention.actor.country)
        return _Resolved(Speaker(text=span.text, name=mention.actor.name, role=role, affiliation=affiliation),
                         mention.kind)
    state = country_actor(span)
    if state is not None:  # "Lebanon's health ministry", "Myanmar's military"
        role, affiliation = _role_and_affiliation(span, None, state.country)
        return _Resolved(Speaker(text=span.text, name=state.name, role=role, affiliation=affiliation), "state")
    low = head.lower_
    text = span.text
    if low in _set("media") or any(e.label_ == "ORG" and e.root == head for e in span.ents) and low in _set("media"):
        return _Resolved(Speaker(text=text, name=_strip_det(span)), "media")
    if any(e.label_ in ("ORG", "WORK_OF_ART") and e.root == head for e in span.ents) or (
        head.pos_ == "PROPN" and any(t.lower_ in _set("media") for t in span)
    ):
        return _Resolved(Speaker(text=text, name=_strip_det(span)), "media")
    if low in _set("institution_heads"):  # "the military said": a state's body whose state the phrase does not name
        affiliation = next((c for t in span if (c := demonym_country(t.text)) is not None), None)
        return _Resolved(Speaker(text=text, name=None, affiliation=affiliation), "state")
    if low in _set("unnamed_heads") or head.lemma_.lower() in _set("unnamed_heads") or low in _set("role_nouns"):
        affiliation = next((c for t in span if (c := demonym_country(t.text)) is not None), None)
        return _Resolved(Speaker(text=text, name=None, affiliation=affiliation), "unnamed")
    return None


def _strip_det(span: Span) -> str:
    words = [t for t in span if t.dep_ != "det"]
    return span.doc[words[0].i : span.end].text if words else span.text


class _History:
    """Speakers seen so far in the article, for pronouns and role nouns ("the ambassador")."""

    def __init__(self) -> None:
        self.speakers: list[_Resolved] = []

    def add(self, r: _Resolved) -> None:
        self.speakers.append(r)

    def pronoun(self, word: str) -> _Resolved | None:
        want = _PERSONAL.get(word.lower())
        for r in reversed(self.speakers[-6:]):
            if want == "any" or r.kind == want or (want == "state" and r.kind in ("state", "group", "media")):
                return r
        return None

    def institution(self, noun: str) -> _Resolved | None:
        """The last state body named with ``noun`` ("Russia's defence ministry" for "the ministry")."""
        for r in reversed(self.speakers):
            if r.kind in ("state", "group") and r.speaker.name and noun in r.speaker.text.lower().split():
                return r
        return None

    def role(self, noun: str) -> _Resolved | None:
        for r in reversed(self.speakers):
            if r.kind == "person" and r.speaker.role and noun.lower() in r.speaker.role.lower():
                return r
        return None


def _resolve(subject: Token, history: _History) -> _Resolved | None:
    """Resolve a subject token to a speaker, following pronouns and role nouns back through the article."""
    if subject.pos_ == "PRON" or subject.lower_ in _PERSONAL:
        found = history.pronoun(subject.lower_)
        if found is None:
            return None
        return _Resolved(found.speaker.model_copy(update={"text": subject.text}), found.kind)
    span = _phrase(subject)
    # A long title confuses the parser ("Ambassador for crimes of … Rodion Miroshnik revealed"): when the
    # subject's whole subtree ends in a person's name, that person is the speaker and the rest is the title.
    full = subject.doc[subject.left_edge.i : subject.right_edge.i + 1]
    if full.end > span.end and any(e.label_ == "PERSON" and e.end == full.end for e in full.ents):
        span = full
    det = next((t for t in span if t.dep_ == "det"), None)
    if det is not None and det.lower_ in ("the", "this", "that") and subject.lower_ in _set("role_nouns"):
        found = history.role(subject.lower_)
        if found is not None:
            return _Resolved(found.speaker.model_copy(update={"text": span.text}), found.kind)
    if det is not None and det.lower_ == "the" and subject.lower_ in _set("institution_heads"):
        found = history.institution(subject.lower_)
        if found is not None:
            return _Resolved(found.speaker.model_copy(update={"text": span.text}), found.kind)
    return _classify(span)


def _content(cue: Token, sentence: Span) -> Span:
    """What was said: the complement clause, else what follows the cue; a relative clause's antecedent."""
    doc = cue.doc
    if cue.dep_ == "relcl":
        start = sentence.start
        end = cue.left_edge.i
        while end > start and (doc[end - 1].is_punct or doc[end - 1].lower_ in ("which", "that", "who")):
            end -= 1
        return doc[start:end]
    for child in cue.children:
        if child.dep_ in ("ccomp", "xcomp") and child.i > cue.i:
            return doc[child.left_edge.i : child.right_edge.i + 1]
    quoted = [c for c in cue.children if c.dep_ == "ccomp" and c.i < cue.i]
    if quoted:
        return doc[quoted[0].left_edge.i : quoted[0].right_edge.i + 1]
    end = cue.right_edge.i + 1
    start = cue.i + 1
    while start < end and doc[start].dep_ in ("advmod", "punct", "mark", "prt"):
        start += 1
    return doc[start:end] if start < end else doc[cue.i : cue.i + 1]


def quoted_ranges(text: str) -> list[tuple[int, int]]:
    """Character ranges inside quotation marks (double, curly, guillemets, or single curly ‘…’, whose closing
    mark is the apostrophe's glyph and so counts only before a non-letter); an unclosed quote ends with its
    paragraph."""
    ranges = []
    start: int | None = None
    single = False
    for i, ch in enumerate(text):
        if start is None and ch in "“\"«‘":
            start, single = i, ch == "‘"
        elif start is not None and ((not single and ch in "”\"»")
                                    or (single and ch == "’" and not text[i + 1 : i + 2].isalpha())):
            ranges.append((start, i))
            start = None
        elif ch == "\n" and start is not None and text[i - 1 : i + 1] == "\n\n":
            start = None
    return ranges


def _main_clause(span: Span) -> frozenset[int]:
    """Tokens of ``span`` outside its relative clauses and appositions: what "according to X" vouches for."""
    skip: set[int] = set()
    for tok in span:
        if tok.dep_ in ("relcl", "appos", "acl") :
            skip.update(range(tok.left_edge.i, tok.right_edge.i + 1))
    return frozenset(i for i in range(span.start, span.end) if i not in skip)


def _is_direct(content: Span, sentence: Span) -> bool:
    text = content.text.strip()
    if any(q in text[:2] for q in _QUOTES) or any(q in text[-2:] for q in _QUOTES):
        return True
    # A quotation introduced by the cue ("stated: “…”").
    before = "".join(t.text_with_ws for t in sentence.doc[max(content.start - 2, sentence.start) : content.start])
    return any(q in before[-3:] for q in "“\"‘")


def _claim_date(cue: Token, sentence: Span, dates: list[DateMention]) -> DateMention | None:
    """The date of the statement: a date phrase attached to the cue (or its clause), not inside the content."""
    for m in dates:
        if not (sentence.start <= m.span.start < sentence.end):
            continue
        tok = m.span.root
        for _ in range(4):
            if tok.head.i == tok.i:
                break
            tok = tok.head
            if tok == cue or (tok.dep_ in ("advcl",) and tok.head == cue):
                return m
    return None


def _about(content: Span, actors: list[ActorMention]) -> list[str]:
    """Names of the actors the content is about, in order of mention."""
    names: list[str] = []
    for m in actors:
        if content.start <= m.span.start < content.end and m.actor.name not in names:
            names.append(m.actor.name)
    return names


def extract_claims(doc: Doc) -> list[ClaimMention]:
    """Every attributed statement in ``doc``, one per speaker and sentence (the strongest act wins)."""
    history = _History()
    quoted = quoted_ranges(doc.text)
    dates: list[DateMention] = doc._.dw_dates
    priority = {a: i for i, a in enumerate(cast(list[str], _lex()["priority"]))}
    out: list[ClaimMention] = []
    for sentence in doc.sents:
        found: dict[str | None, ClaimMention] = {}
        for tok in sentence:
            if any(s < tok.idx < e for s, e in quoted):
                continue  # speech reported inside a quotation belongs to the quote's own speaker
            act = _cue_act(tok)
            resolved: _Resolved | None = None
            if act is not None:
                subj = _agent(tok) or _subject(tok)
                if subj is None or (subj.dep_ == "nsubjpass" and _agent(tok) is None):
                    continue
                resolved = _resolve(subj, history)
                cue = tok
            elif tok.lower_ == "according" and tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ == "to":
                obj = next((c for c in doc[tok.i + 1].children if c.dep_ == "pobj"), None)
                if obj is None:
                    continue
                resolved = _resolve(obj, history)
                act, cue = "claim", tok
            elif tok.pos_ == "NOUN" and tok.lemma_.lower() in _lex()["nouns"]:  # type: ignore[operator]
                poss = next((c for c in tok.children if c.dep_ == "poss"), None)
                if poss is None:
                    continue
                # "Russia escalated its accusations": a possessive pronoun points at the clause's subject.
                owner = _subject(tok.head) if poss.pos_ == "PRON" and tok.dep_ == "dobj" else None
                resolved = _resolve(owner if owner is not None and owner.pos_ != "PRON" else poss, history)
                act, cue = _lex()["nouns"][tok.lemma_.lower()], tok  # type: ignore[index]
            if resolved is None or act is None:
                continue
            history.add(resolved)
            if cue.lower_ == "according":
                if cue.i > sentence.start + 2 or obj is None:
                    content = doc[sentence.start : cue.i]
                else:  # "According to X, …": what follows X
                    content = doc[min(obj.right_edge.i + 1, sentence.end - 1) : sentence.end]
                tokens = _main_clause(content)
            else:
                content = _content(cue, sentence)
                tokens = frozenset(range(content.start, content.end))
            date_m = _claim_date(cue, sentence, dates)
            claim = Claim(
                speaker=resolved.speaker,
                cue=cue.text if cue.lower_ != "according" else "according to",
                act=_as_act(act),
                content=content.text.strip(" ,.:;“”\"‘’") or content.text,
                direct=_is_direct(content, sentence),
                about=_about(content, doc._.dw_actors),
                date=date_m.interval if date_m is not None else None,
                evidence=Evidence.from_span(sentence),
            )
            key = resolved.speaker.name if resolved.speaker.name is not None else f"unnamed:{resolved.speaker.text}"
            prev = found.get(key)
            if prev is None or priority[claim.act] < priority[prev.claim.act]:
                found[key] = ClaimMention(claim, cue, content, sentence, tokens | (prev.tokens if prev else frozenset()))
            else:  # "…, the air force said, adding that …": one claim, covering both things said
                found[key] = replace(prev, tokens=prev.tokens | tokens)
        out.extend(sorted(found.values(), key=lambda m: m.cue.i))
        # People named without speaking ("Minister Jane Roe visited …") can be "the minister" who speaks next.
        speakers = {m.claim.speaker.name for m in found.values()}
        for mention in doc._.dw_actors:
            if mention.kind == "person" and _in(sentence, mention.span) and mention.actor.name not in speakers:
                person = _classify(_phrase(mention.span.root))
                if person is not None and person.kind == "person" and person.speaker.role:
                    history.add(person)
    return out


def _in(sentence: Span, span: Span) -> bool:
    return sentence.start <= span.start < sentence.end


def _as_act(act: str) -> Act:
    if act not in ACT_TYPES:
        raise ValueError(f"claims lexicon maps a cue to {act!r}, which is not an act of the contract")
    return act  # type: ignore[return-value]


@Language.component(
    "dronewatch_claims",
    requires=["doc._.dw_actors", "doc._.dw_dates"],
    assigns=["doc._.dw_claims", "doc._.dw_claim_mentions"],
)
def claims_component(doc: Doc) -> Doc:
    mentions = extract_claims(doc)
    doc._.dw_claim_mentions = mentions
    doc._.dw_claims = [m.claim for m in mentions]
    return doc
