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
from dronewatch.nlp.places import country_actor, lookup_place
from dronewatch.nlp.spans import entities_in
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
# A sentence-final attribution ("…, the regional governor says") names its speaker in at most this many
# tokens, and may add this many after the cue ("…, officials told reporters", "…, he said on Telegram").
MAX_TAIL_SPEAKER = 10
MAX_TAIL_AFTER_CUE = 4
# A sentence-initial speaker ("Ukraine's Ministry of Internal Affairs reports …") is at most this long.
MAX_LEAD_SPEAKER = 10
# A name signing a headline after a dash may be read as a verb by the tagger ("- Metinvest") when this short.
MAX_NAME_WORDS = 3
# A speaker giving a headline's words after a colon ("Surname: …") is named in at most this many tokens.
MAX_COLON_SPEAKER = 5


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
    if lemma == "call" and any(c.dep_ == "oprd" for c in tok.children):
        return "claim"  # "called the incident an air strike": naming it is saying what it was
    if particles is not None:  # "ruled out", "called for": the verb speaks only with its particle
        has = {c.lower_ for c in tok.children if c.dep_ in ("prt", "prep")}
        if not has & set(particles):
            return None
        if lemma == "rule":
            return "reject"
    act = _cues()[lemma]
    relative = tok.dep_ == "relcl" or tok.dep_ == "conj" and any(c.tag_ == "WDT" for c in tok.children)
    if relative and lemma in _set("view_cues") and any(c.lower_ == "as" for c in tok.children):
        return None  # "the territory that Kyiv regards as its own": a description of the territory
    if any(c.dep_ == "neg" for c in tok.children):
        return None  # "did not say how many": nothing was said
    if lemma in _set("cue_needs_complement") and not _has_complement(tok) and _pointer_subject(tok) is None:
        return None
    # Only a neutral verb takes its act from its object ("declared its opposition"); "rejected the offer" rejects.
    for child in tok.children if act in ("claim", "announce") else ():
        if child.dep_ == "dobj":
            obj_act = _lex()["object_acts"].get(child.lower_)  # type: ignore[attr-defined]
            if obj_act is not None and obj_act != "claim":
                return str(obj_act)
    return act


def _pointer_subject(tok: Token) -> Token | None:
    """The subject of a passive cue that points back at the sentence before ("This was reported by the
    governor."), if any."""
    if _agent(tok) is None:
        return None
    return next((c for c in tok.children if c.dep_ == "nsubjpass" and c.lower_ in _set("anaphoric_content")), None)


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


def _misparsed_subject(tok: Token, sentence: Span) -> Token | None:
    """A capitalised word opening the sentence that the parser hung on the verb as a modifier: an unfamiliar
    surname read as an adverb ("Surname criticized …")."""
    first = sentence[0]
    if tok.dep_ == "ROOT" and first.i < tok.i and first.head.i == tok.i and first.dep_ in ("advmod", "npadvmod", "dep") \
            and first.is_title and first.pos_ != "PRON" and all(t.is_punct for t in sentence.doc[first.i + 1 : tok.i]):
        return first
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
    person = next((e for e in entities_in(span) if e.label_ == "PERSON"), None)
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
    titled = _titled_name(span)
    if titled is not None:
        return titled
    low = head.lower_
    text = span.text
    if low in _set("media"):
        return _Resolved(Speaker(text=text, name=_strip_det(span)), "media")
    if any(e.label_ in ("ORG", "WORK_OF_ART") and e.root == head for e in entities_in(span)) or (
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


def _titled_name(span: Span) -> _Resolved | None:
    """A person the entity recogniser missed, named after a title ("Ministry Spokesperson Mao Ning")."""
    i = span.end
    roles = _set("role_nouns")
    while i > span.start and span.doc[i - 1].pos_ == "PROPN" and span.doc[i - 1].is_title \
            and span.doc[i - 1].lower_ not in roles:
        i -= 1
    if i == span.end or i == span.start or span.doc[i - 1].lower_ not in roles:
        return None
    role_start = next((t.i for t in span if t.dep_ != "det"), span.start)
    role = span.doc[role_start:i].text
    affiliation = next((c for t in span.doc[span.start : i] if (c := demonym_country(t.text)) is not None), None)
    return _Resolved(Speaker(text=span.text, name=span.doc[i : span.end].text, role=role, affiliation=affiliation),
                     "person")


def _anyone(subject: Token, cue: Token | None) -> _Resolved | None:
    """An unnamed source for a noun no lexicon knows, where the construction makes it one: the subject of a
    verb of speech alone ("a Kherson resident says"), or what an account is "according to" (``cue`` None)."""
    if subject.pos_ not in ("NOUN", "PROPN"):
        return None
    if cue is not None and cue.lemma_.lower() not in _lex()["any_subject_cues"]["lemmas"]:  # type: ignore[index]
        return None
    return _Resolved(Speaker(text=_phrase(subject).text, name=None), "unnamed")


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

    def surname(self, word: str) -> _Resolved | None:
        """A person named in full before, by the last word of the name ("Roe" for "Jane Roe")."""
        for r in reversed(self.speakers):
            if r.kind == "person" and r.speaker.name and r.speaker.name.split()[-1] == word:
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
    if full.end > span.end and any(e.label_ == "PERSON" and e.end == full.end for e in entities_in(full)):
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
    resolved = _classify(span)
    bare = resolved is None or resolved.kind == "person" and resolved.speaker.name == span.text
    if bare and len(span) == 1 and subject.is_title:
        found = history.surname(subject.text)
        if found is not None:
            return _Resolved(found.speaker.model_copy(update={"text": span.text}), found.kind)
    return resolved


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
    paragraph. A paragraph whose first mark closes a quote (``…world.”``, right after a word, never an
    opening glyph) continues a quote opened before it, so it is quoted from its start."""
    ranges = []
    start: int | None = None
    single = False
    paragraph, marked = 0, False
    for i, ch in enumerate(text):
        if start is None and not marked and ch in "”»" and i > paragraph and not text[i - 1].isspace():
            ranges.append((paragraph, i))
        if ch in "“\"«‘”»":
            marked = True
        if start is None and ch in "“\"«‘":
            start, single = i, ch == "‘"
        elif start is not None and ((not single and ch in "”\"»")
                                    or (single and ch == "’" and not text[i + 1 : i + 2].isalpha())):
            ranges.append((start, i))
            start = None
        elif ch == "\n" and text[i - 1 : i + 1] == "\n\n":
            if start is not None:
                ranges.append((start, i - 1))
            start, paragraph, marked = None, i + 1, False
    if start is not None:
        ranges.append((start, len(text)))
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
    prev_sentence: Span | None = None
    for sentence in doc.sents:
        found: dict[str | None, ClaimMention] = {}
        # A closing attribution's shape beats the parse of it; an opening one stands in where the parse finds none.
        tail, lead = _edge_claims(sentence, prev_sentence, history, dates)
        if tail is not None:
            found[_speaker_key(tail.claim.speaker)] = tail
        taken = {tail.cue.i} if tail is not None else set()
        for tok in sentence:
            if tok.i in taken or any(s < tok.idx < e for s, e in quoted):
                continue  # speech reported inside a quotation belongs to the quote's own speaker
            act = _cue_act(tok)
            resolved: _Resolved | None = None
            if act is not None:
                subj = _agent(tok) or _subject(tok) or _misparsed_subject(tok, sentence)
                if subj is None or (subj.dep_ == "nsubjpass" and _agent(tok) is None):
                    continue
                if subj.i > tok.i and subj.dep_ == "nsubj" and tok.lemma_.lower() not in _set("inverted_cues"):
                    continue  # "…, accuses Putin of duplicity": only verbs of saying put their speaker after them
                resolved = _resolve(subj, history) or _anyone(subj, tok)
                cue = tok
            elif tok.lower_ == "according" and tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ == "to":
                obj = next((c for c in doc[tok.i + 1].children if c.dep_ == "pobj"), None)
                if obj is None:
                    continue
                # "according to video posted online": whatever the account comes from is its source.
                resolved = _resolve(obj, history) or _anyone(obj, None)
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
                if any(not (t.is_punct or t.dep_ in ("cc", "advmod")) for t in doc[sentence.start : cue.i]) or obj is None:
                    content = doc[sentence.start : cue.i]
                else:  # "According to X, …": what follows X
                    content = doc[min(obj.right_edge.i + 1, sentence.end - 1) : sentence.end]
                tokens = _main_clause(content)
            else:
                pointer = _pointer_subject(cue)
                content = _content(cue, sentence) if pointer is None else doc[pointer.left_edge.i : pointer.i + 1]
                tokens = frozenset(range(content.start, content.end))
            told = _told_elsewhere(content, cue, sentence, prev_sentence)
            if told is not None:  # "That's according to the governor.", "The ministry said:" + a paragraph
                content, tokens = told, frozenset(range(told.start, told.end))
            said = sentence
            rest = _quote_goes_on(cue, sentence, quoted)
            if rest is not None:  # 'X said: “… . The rest of the quote.”': the speaker's words run on
                tokens |= frozenset(range(rest.start, rest.end))
                said = doc[sentence.start : rest.end]
            date_m = _claim_date(cue, sentence, dates)
            claim = Claim(
                speaker=resolved.speaker,
                cue=cue.text if cue.lower_ != "according" else "according to",
                act=_as_act(act),
                content=content.text.strip(" ,.:;“”\"‘’") or content.text,
                direct=_is_direct(content, sentence),
                about=_about(content, doc._.dw_actors),
                date=date_m.interval if date_m is not None else None,
                evidence=Evidence.from_span(said),
            )
            key = _speaker_key(resolved.speaker)
            prev = found.get(key)
            if prev is not None and claim.speaker.text.lower() in _PERSONAL:
                # "Moscow says it welcomes …": the speaker keeps the name it was given, not the pronoun's.
                claim = claim.model_copy(update={"speaker": prev.claim.speaker})
            if prev is None or priority[claim.act] < priority[prev.claim.act]:
                found[key] = ClaimMention(claim, cue, content, sentence, tokens | (prev.tokens if prev else frozenset()))
            else:  # "…, the air force said, adding that …": one claim, covering both things said
                found[key] = replace(prev, tokens=prev.tokens | tokens)
        if lead is not None:
            # "Kyiv says “…” fighting, slams …": the parse of a headline often stops short where its shape does not.
            same = next((k for k, m in found.items() if m.cue.i == lead.cue.i), None)
            parsed = found[same].tokens if same is not None else frozenset()
            others = [m for k, m in found.items() if k != same]
            lead = replace(lead, tokens=_lead_tokens(lead, parsed, others))
            if same is None:
                found.setdefault(_speaker_key(lead.claim.speaker), lead)
            else:
                found[same] = replace(found[same], tokens=found[same].tokens | lead.tokens)
        for spoken, mention in list(found.items()):
            before = _quote_began_before(mention.cue, sentence, quoted)
            if before is not None:  # "“… . The rest of the quote,” a resident says.": all the quote is theirs
                found[spoken] = replace(mention, tokens=mention.tokens | frozenset(range(before.start, before.end)))
        out.extend(sorted(found.values(), key=lambda m: m.cue.i))
        prev_sentence = sentence
        # People named without speaking ("Minister Jane Roe visited …") can be "the minister" who speaks next.
        speakers = {m.claim.speaker.name for m in found.values()}
        for mention in doc._.dw_actors:
            if mention.kind == "person" and _in(sentence, mention.span) and mention.actor.name not in speakers:
                person = _classify(_phrase(mention.span.root))
                if person is not None and person.kind == "person" and person.speaker.role:
                    history.add(person)
    return out


def _quote_goes_on(cue: Token, sentence: Span, quoted: list[tuple[int, int]]) -> Span | None:
    """The sentences a quotation opened after ``cue`` runs on into, up to the one that closes it; None when
    the quotation closes in the cue's sentence."""
    doc = sentence.doc
    for start, end in quoted:
        if cue.idx < start < sentence.end_char < end:
            last = doc.char_span(end, end + 1, alignment_mode="expand")
            if last is None:
                return None
            return doc[sentence.end : last.sent.end]
    return None


def _lead_tokens(lead: ClaimMention, parsed: frozenset[int], others: list[ClaimMention]) -> frozenset[int]:
    """What an opening speaker says by the headline's shape: all that follows the cue, up to another speaker who
    answers outside what the parse gives the first ("X says A, but Y says B"); a speaker the parse puts inside the
    first one's words is quoted by it ("X says it welcomes reports that Y believes B")."""
    doc = lead.sentence.doc
    stops = []
    for m in others:
        if m.cue.i > lead.cue.i and m.cue.i not in parsed:
            start = m.cue.i
            while start - 1 > lead.cue.i and not (doc[start - 1].is_punct or doc[start - 1].dep_ == "cc"):
                start -= 1  # back over the answering speaker's name
            if start - 1 > lead.cue.i and (doc[start - 1].text in ",;" or doc[start - 1].dep_ == "cc"):
                stops.append(start)  # an answer comes after a comma or a "but", not inside the first one's words
    cut = min(stops, default=None)
    return lead.tokens if cut is None else frozenset(i for i in lead.tokens if i < cut)


def _quote_began_before(cue: Token, sentence: Span, quoted: list[tuple[int, int]]) -> Span | None:
    """The sentences before ``sentence`` that a quotation closed before ``cue`` opened in; None when the
    quotation opens in the cue's sentence."""
    doc = sentence.doc
    for start, end in quoted:
        if start < sentence.start_char < end <= cue.idx:
            first = doc.char_span(start, start + 1, alignment_mode="expand")
            return None if first is None else doc[first.start : sentence.start]
    return None


def _told_elsewhere(content: Span, cue: Token, sentence: Span, prev: Span | None) -> Span | None:
    """What a cue that says nothing in its own sentence attributes: the sentence before, when the content only
    points back at it ("That's according to the regional governor."), or the paragraph that follows a cue
    ending in a colon ("The air force said in a statement:")."""
    doc = sentence.doc
    colon = next((t for t in doc[cue.i + 1 : sentence.end] if t.text == ":"), None)
    if colon is not None and doc.text[colon.idx + 1 : colon.idx + 4].lstrip(" ").startswith("\n"):
        start = colon.idx + 1
        stop = doc.text.find("\n\n", doc.text.find("\n", start) + 1)
        while start < len(doc.text) and doc.text[start].isspace():
            start += 1
        span = doc.char_span(start, len(doc.text) if stop < 0 else stop, alignment_mode="expand")
        return span if span is not None and len(span) else None
    words = [t for t in content if not t.is_punct and t.i != cue.i]
    if any(t.lower_ not in _set("anaphoric_content") for t in words):
        return None
    if words and prev is not None:  # a bare "X said." is no pointer: only words that point back count
        return prev
    return None


def _speaker_key(speaker: Speaker) -> str:
    return speaker.name if speaker.name is not None else f"unnamed:{speaker.text}"


def _edge_lemma(tok: Token) -> str | None:
    """The reporting verb a headline word form is ("says", "claimed"), whatever the tagger made of it."""
    if tok.ent_type_ in ("GPE", "ORG", "LOC", "FAC", "NORP", "LAW", "EVENT", "WORK_OF_ART"):
        return None  # "the United States", "the Islamic State": a name, not a verb
    lemma = _lex()["edge_cues"].get(tok.lower_)  # type: ignore[attr-defined]
    return None if lemma is None or lemma.startswith("_") else str(lemma)


def _edge_claims(sentence: Span, prev: Span | None, history: _History,
                 dates: list[DateMention]) -> tuple[ClaimMention | None, ClaimMention | None]:
    """Attribution by position, as headlines and wire copy write it: a speaker and cue that close the sentence
    after a comma ("…, city council says", "…, says the mayor", "…, according to officials") or open it
    ("Ukraine claims …"). The parse of such lines is often wrong; their shape is not.

    Returns:
        The closing attribution and the opening one, each None when the sentence has none.
    """
    out: list[ClaimMention | None] = []
    tail, lead = _tail(sentence, prev), _lead(sentence)
    if tail is not None and lead is not None:  # "X claims …, Y says": X's words stop where Y's attribution begins
        lead = (lead[0], lead[1], sentence.doc[lead[2].start : max(lead[2].start, tail[2].end)], lead[3])
    for opening, found in ((False, tail), (True, lead)):
        out.append(None)
        if found is None:
            continue
        speaker_span, cue, content, lemma = found
        resolved = _classify(speaker_span) if len(speaker_span) else None
        if resolved is None:
            # A closing phrase is a speaker by its place, and may be unnamed ("…, a local resident says"). An
            # opening one followed by a past form may be the subject of a passive ("dozens reported killed").
            past = cue.lower_.endswith("ed") or cue.tag_ in ("VBD", "VBN")
            signed = cue.text in _SIGNS  # checked by its shape already: a name, or a known head
            if not (signed or _nominal(speaker_span)) or (cue.i < content.start and past):
                continue
            affiliation = next((c for t in speaker_span if (c := demonym_country(t.text)) is not None), None)
            resolved = _Resolved(Speaker(text=speaker_span.text, name=None, affiliation=affiliation), "unnamed")
        history.add(resolved)
        act = "claim" if lemma in ("according", "cite") else _cues()[lemma]
        claim = Claim(
            speaker=resolved.speaker,
            cue="according to" if lemma == "according" else cue.text,
            act=_as_act(act),
            content=content.text.strip(" ,.:;“”\"‘’") or content.text,
            direct=_is_direct(content, sentence),
            about=_about(content, sentence.doc._.dw_actors),
            date=date_m.interval if (date_m := _claim_date(cue, sentence, dates)) is not None else None,
            evidence=Evidence.from_span(sentence),
        )
        tokens = frozenset(range(content.start, content.end))
        doc = sentence.doc
        end = _unquoted_end(sentence)
        goes_on = next((t.i for t in doc[max(cue.i, speaker_span.end) : end] if t.text == ","), None)
        if not opening and cue.text not in _SIGNS and goes_on is not None:
            tokens |= frozenset(range(goes_on + 1, end))  # "…, officials say, but the fire spread": theirs too
        rubric = sentence.doc[sentence.start : speaker_span.start - 1]
        if opening and speaker_span.start > sentence.start and sentence.doc[speaker_span.start - 1].text == ":" \
                and not any(_clause_verb(t) for t in rubric[1:]):
            # "Latest on the fighting: Ukraine reports …" (the tagger may read a rubric's first word as a verb)
            tokens |= frozenset(range(rubric.start, rubric.end))
        out[-1] = ClaimMention(claim, cue, content, sentence, tokens)
    return out[0], out[1]


def _nominal(span: Span) -> bool:
    """Whether a phrase can name a speaker: it has a noun or a name, and no clause of its own."""
    heads = _set("unnamed_heads") | _set("institution_heads")
    return any(t.pos_ in ("NOUN", "PROPN") or t.lower_ in heads for t in span) and not any(
        t.lower_ in ("that", "which", "who", "where", "when", "if") or _clause_verb(t) for t in span)


def _clause_verb(tok: Token) -> bool:
    """Whether ``tok`` is a verb heading a clause, not a participle modifying a noun ("exiled", "Moscow-backed")."""
    hyphenated = tok.i > 0 and tok.doc[tok.i - 1].text == "-"
    return tok.pos_ in ("VERB", "AUX") and not hyphenated and tok.dep_ not in ("amod", "compound")


def _unquoted_end(sentence: Span) -> int:
    """Where the sentence's words end, before its final stop and closing quote marks."""
    end = sentence.end
    while end > sentence.start and (sentence.doc[end - 1].is_space or sentence.doc[end - 1].is_punct
                                    and sentence.doc[end - 1].text in ".!…" + _QUOTES):
        end -= 1
    return end


def _tail(sentence: Span, prev: Span | None) -> tuple[Span, Token, Span, str] | None:
    """A closing attribution: "…, X says", "…, says X", "…, X told Y", "…, according to X", "…, citing X".

    The parser sometimes cuts the attribution off as a sentence of its own (", officials say."): what it
    closes is then the sentence before.
    """
    doc = sentence.doc
    end = _unquoted_end(sentence)
    signed = _signed(sentence, end, prev)
    if signed is not None:
        return signed
    first = sentence.start + 1 if prev is None else sentence.start
    commas = [i for i in range(end - 1, first - 1, -1) if doc[i].text == ","][:2]
    for k, comma in enumerate(commas):
        # "…, the regional head says, but deliveries go on": an attribution between the last two commas, before
        # a clause that goes on in lower case
        stop = end if k == 0 else commas[0]
        if k == 1 and not (stop + 1 < end and doc[stop + 1].is_lower):
            break
        found = _tail_at(sentence, prev, comma, stop)
        if found is not None:
            return found
    return None


def _tail_at(sentence: Span, prev: Span | None, comma: int, end: int) -> tuple[Span, Token, Span, str] | None:
    """The closing attribution between ``comma`` and ``end``, if it has the shape of one."""
    doc = sentence.doc
    if prev is None and comma <= sentence.start + 1:
        return None
    start = comma + 1
    while start < end and doc[start].text in _QUOTES:
        start += 1
    tail = doc[start:end]
    if len(tail) < 2 or len(tail) > MAX_TAIL_SPEAKER + MAX_TAIL_AFTER_CUE + 1:
        return None
    opening = sentence.start if comma > sentence.start or prev is None else prev.start
    content = doc[opening:comma]
    head = tail[0]
    if head.lower_ == "according" and tail[1].lower_ == "to":
        speaker = doc[start + 2 : end]
        return (speaker, head, content, "according") if 0 < len(speaker) <= MAX_TAIL_SPEAKER else None
    lemma = _edge_lemma(head)
    if lemma is not None and (lemma == "cite" or lemma in _set("inverted_cues")):  # "…, says the governor"
        speaker = doc[start + 1 : end]
        return (speaker, head, content, lemma) if 0 < len(speaker) <= MAX_TAIL_SPEAKER else None
    cue = next((t for t in tail if _edge_lemma(t) is not None), None)
    if cue is None or cue.i == start:
        return None
    speaker, after = doc[start : cue.i], doc[cue.i + 1 : end]
    lemma = _edge_lemma(cue)
    if (lemma is None or lemma == "cite" or len(speaker) > MAX_TAIL_SPEAKER or len(after) > MAX_TAIL_AFTER_CUE
            or any(t.pos_ in ("VERB", "AUX") for t in after)):
        return None
    return speaker, cue, content, lemma


_SIGNS = ("-", "–", "—", ":")


def _signed(sentence: Span, end: int, prev: Span | None) -> tuple[Span, Token, Span, str] | None:
    """A wire headline signed by its source after a dash or a colon ("Shelling kills two - DPR command",
    "Five soldiers killed in the east: military", "… -Kiev officials"): the source is a name (every word
    capitalised) or a body or an unnamed source the lexicons know, never an ordinary phrase ("… - a mother and
    her son"). The parser often cuts the signature off as a sentence of its own ("…: | Kiev"); a short sentence
    on the same line as the one before then signs that one."""
    doc = sentence.doc
    first = sentence.start
    if prev is not None and end - sentence.start <= MAX_TAIL_SPEAKER and "\n" not in doc.text[prev.end_char : sentence.start_char]:
        first = prev.start
    sign = next((i for i in range(end - 2, first + 2, -1) if _is_sign(doc[i])), None)
    if sign is None or end - sign - 1 > MAX_TAIL_SPEAKER:
        return None
    speaker = doc[sign + 1 : end]
    if any(t.text in _SIGNS or t.text in ",;" for t in speaker):
        return None
    words = [t for t in speaker if t.is_alpha and t.lower_ not in ("of", "the", "for", "and", "'s", "to")]
    # A name signs a line shorter than itself; in a Title Case headline a clause after a colon is no name
    # ("Ukraine Update: Kyiv Shelled", "Day 273: Military Claims To Have …").
    named = bool(words) and all(t.is_title or t.is_upper for t in words) and sign - first > len(speaker) + 1 \
        and not any(_edge_lemma(t) is not None for t in speaker) \
        and (len(words) <= MAX_NAME_WORDS or not any(_clause_verb(t) for t in speaker))
    # The tagger reads a name after a dash as anything ("- Kyiv" an adjective, "- Metinvest" a verb).
    if not (named or _nominal(speaker)) or speaker[-1].lower_ in _set("headline_furniture"):
        return None  # "… - Live Updates", "… - BBC News": the page's furniture, not a source (a "news agency" is)
    heads = _set("unnamed_heads") | _set("institution_heads")
    known = speaker[-1].lower_ in heads or speaker.root.lower_ in heads or _classify(speaker) is not None
    if not (named or known):
        return None
    return speaker, doc[sign], doc[first:sign], "say"


def _is_sign(tok: Token) -> bool:
    """Whether ``tok`` is the dash or colon that signs a line: spaced ("… - militia", "…: officials"), or a dash
    spaced before and glued to the source ("… -official"), never a hyphen inside a word ("Moscow-backed")."""
    doc = tok.doc
    if tok.text not in _SIGNS or tok.i == 0 or tok.i + 1 >= len(doc):
        return False
    if tok.text == ":":
        return bool(tok.whitespace_) and "\n" not in tok.whitespace_
    return bool(doc[tok.i - 1].whitespace_) and (bool(tok.whitespace_) or doc[tok.i + 1].is_alpha)


def _lead(sentence: Span) -> tuple[Span, Token, Span, str] | None:
    """An opening attribution: a speaker, then a reporting verb, then what was said ("Kyiv claims …",
    "Latest: Ukraine reports …")."""
    doc = sentence.doc
    start = sentence.start
    colon = next((t.i for t in doc[start : min(start + MAX_LEAD_SPEAKER, sentence.end)] if t.text == ":"), None)
    if colon is not None:
        said = _colon_speech(sentence, colon)
        if said is not None:
            return said
        start = colon + 1
    for tok in doc[start : min(start + MAX_LEAD_SPEAKER + 1, sentence.end)]:
        lemma = _edge_lemma(tok)
        if lemma is not None and tok.i > start:
            prev = doc[tok.i - 1]
            nxt = doc[tok.i + 1] if tok.i + 1 < sentence.end else None
            if prev.lower_ in ("'s", "’s", "a", "the", "his", "her", "its", "their") or lemma == "cite":
                return None  # "Russia's claims …": a noun
            if nxt is None or nxt.lower_ in ("by", "of", "as") or nxt.is_punct and not nxt.is_quote and nxt.text != ":":
                return None  # "an attack claimed by …", "reports of …"
            end = _unquoted_end(sentence)
            first = tok.i + 1
            if first < end and doc[first].lower_ == "that":
                first += 1
            return doc[start : tok.i], tok, doc[first:end], lemma
        if _clause_verb(tok) or tok.text in ",;(" or tok.is_quote:
            return None
    return None


def _colon_speech(sentence: Span, colon: int) -> tuple[Span, Token, Span, str] | None:
    """A headline that gives a speaker's words after its name and a colon ("Surname: 40 soldiers killed",
    "Ukraine's defense ministry: …", "Local official: …"), the words on the same line. Only one who can speak:
    "Update:" opening a line says what, and a place alone ("KYIV:", "Ukraine: …") says where."""
    doc = sentence.doc
    speaker = doc[sentence.start : colon]
    if not 0 < len(speaker) <= MAX_COLON_SPEAKER or colon + 1 >= len(doc) or "\n" in doc[colon].whitespace_ \
            or doc[colon + 1].is_space:
        return None
    resolved = _classify(speaker)
    if resolved is None or (speaker.text.isupper() if resolved.kind == "person" else _names_a_place(speaker)):
        return None
    said = doc[colon + 1].sent if colon + 1 >= sentence.end else sentence
    return speaker, doc[colon], doc[colon + 1 : _unquoted_end(said)], "say"


def _names_a_place(span: Span) -> bool:
    """Whether ``span`` is only a place's name ("Ukraine", "KYIV"): a rubric or a dateline, not a speaker (the
    seat of a body speaks for it: "Kremlin", "Pentagon")."""
    words = [t for t in span if not t.is_punct and t.dep_ != "det"]
    if not words or span.root.lower_ in _set("institution_heads"):
        return False
    if span.text.isupper():  # the recogniser knows no shouted dateline
        return lookup_place(span.text.title()) is not None
    covered = {t.i for p in span.doc._.dw_places for t in p.span}
    return all(t.i in covered for t in words)


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
