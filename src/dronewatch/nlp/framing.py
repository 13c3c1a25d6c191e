"""Framing: how the outlet tells it — side-signalling spellings, loaded terms, opinion markers, stance.

Only the outlet's own words count for loaded terms and stance: text inside quotation marks is the quoted
speaker's, not the outlet's.
"""

import re
from collections.abc import Callable
from functools import cache

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from dronewatch.nlp.claims import quoted_ranges
from dronewatch.nlp.events import VIOLENCE
from dronewatch.nlp.lexicon import load_lexicon
from dronewatch.record import Event, Evidence, Framing, LoadedTerm

__all__ = ["count_naming", "extract_framing"]

if not Doc.has_extension("dw_framing"):
    Doc.set_extension("dw_framing", default=None)
# Each stance cue where it stands: (character offset, side, +1 or -1), for scoring stance sentence by sentence.
if not Doc.has_extension("dw_stance_cues"):
    Doc.set_extension("dw_stance_cues", default=None)

# Stance saturates: this many net loaded terms about a side reads as fully hostile (or friendly).
STANCE_SATURATION = 4.0


@cache
def _naming_patterns() -> list[tuple[str, re.Pattern[str]]]:
    words = sorted({w for pair in load_lexicon("framing")["naming_pairs"] for w in pair})
    return [(w, re.compile(rf"(?<![\w-]){re.escape(w)}(?![\w])")) for w in words]


def count_naming(text: str) -> dict[str, int]:
    """Counts of each side-signalling spelling in ``text``, for every pair of which either spelling occurs."""
    counts = {w: len(p.findall(text)) for w, p in _naming_patterns()}
    out: dict[str, int] = {}
    for a, b in load_lexicon("framing")["naming_pairs"]:
        if counts[a] or counts[b]:
            out[a], out[b] = counts[a], counts[b]
    return out


def _expand(span: Span) -> Span:
    """An evaluative adjective with the noun it qualifies ("imperialist backers", "crumbling defenses")."""
    root = span.root
    if len(span) == 1 and root.dep_ in ("amod", "compound") and root.head.i == span.end and root.head.pos_ in ("NOUN", "PROPN"):
        return span.doc[span.start : root.head.i + 1]
    return span


def extract_framing(doc: Doc, matcher: PhraseMatcher, categories: dict[int, str], opinion: PhraseMatcher) -> Framing:
    """Naming counts, loaded terms with categories, opinion markers and stance, from the outlet's own words."""
    quoted = quoted_ranges(doc.text)
    # What speakers are reported to have said, quoted or not ("X said the vote was historic"), is theirs.
    reported = frozenset(i for m in doc._.dw_claim_mentions for i in m.tokens)

    def own(span: Span) -> bool:
        return not any(s <= span.start_char < e for s, e in quoted) and span.start not in reported

    spans = [doc[s:e] for _, s, e in matcher(doc)]
    label = {(doc[s:e].start, doc[s:e].end): categories[m] for m, s, e in matcher(doc)}
    loaded: list[LoadedTerm] = []
    for span in filter_spans(spans):
        if not own(span) or _opens_name(span):
            continue
        shown = _expand(span)
        loaded.append(LoadedTerm(text=shown.text, category=label[(span.start, span.end)],
                                 evidence=Evidence.from_span(shown)))
    markers = sum(1 for _, s, e in opinion(doc) if own(doc[s:e]))
    markers += sum(1 for sent in doc.sents if sent.text.rstrip().endswith("?") and own(sent))
    return Framing(naming=count_naming(doc.text), loaded=loaded, opinion_markers=markers,
                   stance=_stance(doc, loaded, own))


def _opens_name(span: Span) -> bool:
    """A capitalised term that opens a longer proper name mid-sentence is part of that name, not loaded
    language ("the Criminal Code", "the Fatherland Party")."""
    if span.end >= len(span.doc) or not span[0].is_title or span[0].is_sent_start:
        return False
    after = span.doc[span.end]
    return bool(after.is_title and not after.is_sent_start)


@cache
def _side_patterns() -> dict[str, re.Pattern[str]]:
    """One pattern per side for the words that name it."""
    sides: dict[str, list[str]] = load_lexicon("framing")["sides"]
    return {code: re.compile(r"\b(?:" + "|".join(re.escape(w) for w in words) + ")") for code, words in sides.items()}


@cache
def _not_side_before() -> tuple[re.Pattern[str], re.Pattern[str], frozenset[str]]:
    """What, just before a side's name, makes it another party's label or a place rather than the side: a
    prefix, a place preposition (with the word before it), and the governing nouns whose seat it names."""
    lex = load_lexicon("framing")
    prefixes = "|".join(re.escape(w) for w in lex["side_prefixes"]["words"])
    places = lex["place_prepositions"]
    preps = "|".join(re.escape(w) for w in places["words"])
    fillers = "|".join(re.escape(w) for w in places["fillers"])
    return (re.compile(rf"(?i)(?<![\w-])(?:{prefixes})$"),
            re.compile(rf"(?i)(?:(\w+)\s+)?(?<![\w-])(?:{preps})\s+(?:(?:{fillers})\s+){{0,2}}$"),
            frozenset(w.lower() for w in places["governing"]))


def _is_label(text: str, start: int) -> bool:
    """Whether the side's name at ``start`` is part of another party's label ("pro-Russian rebels")."""
    return bool(_not_side_before()[0].search(text[max(0, start - 8) : start]))


def _is_place(text: str, start: int) -> bool:
    """Whether the side's name at ``start`` is where something happens ("in eastern Ukraine"), not the seat
    of a government ("the regime in Kiev") nor an owner ("in Russia's war")."""
    _, place, governing = _not_side_before()
    m = place.search(text[max(0, start - 80) : start])
    return m is not None and (m.group(1) or "").lower() not in governing


def _sides_named(text: str) -> list[str]:
    """The sides ``text`` names as parties: not inside another party's label, not as a place."""
    named = []
    for code, pattern in _side_patterns().items():
        for m in pattern.finditer(text):
            possessive = text[m.end() : m.end() + 2] in ("'s", "\u2019s")
            if _is_label(text, m.start()) or (not possessive and _is_place(text, m.start())):
                continue
            named.append(code)
            break
    return named


def _stance(doc: Doc, loaded: list[LoadedTerm], own: Callable[[Span], bool]) -> dict[str, float]:
    """Stance toward each side named: hostile terms (−) and praise or flag-waving (+).

    In a sentence naming one side, every cue counts toward it. In a sentence naming both, a cue counts only
    toward the side named right before it ("Russia's barbaric shelling of Ukrainian cities": Russia).
    """
    lex = load_lexicon("framing")
    positive = {w.lower() for w in lex["positive"]}
    signs: dict[str, int] = {k: v for k, v in lex["stance_signs"].items() if not k.startswith("_")}
    score: dict[str, float] = {}
    told: list[tuple[int, str, int]] = []
    antecedent: tuple[Token, str] | None = None
    for sent in doc.sents:
        resolved, antecedent = _resolve_pronouns(sent, antecedent, own)
        named = _sides_named(sent.text)
        if not named:
            for (doer, sign), at in _acts(sent, own, skip=set(), resolved=resolved).items():
                told.append((at, doer, sign))
            continue
        for code in named:
            score.setdefault(code, 0.0)
        terms = [t for t in loaded if sent.start_char <= t.evidence.start < sent.end_char and t.category in signs]
        # Each cue once: where it starts, +1 or -1 (a flag-waving term that is also a word of praise counts once).
        cues = {t.evidence.start: signs[t.category] for t in terms}
        # A name called ("militants", "junta") is aimed at whom it names: at a side only when the side
        # qualifies it ("pro-Russian militants"), never at the one side the sentence happens to name.
        named_by = {t.evidence.start for t in terms if t.category == "name_calling"}
        # A word of praise is common about anything ("a historic agreement", "successful talks"): it counts
        # only toward the side it is said of, never toward the one side the sentence happens to name.
        praise = {tok.idx: tok for tok in sent if tok.lower_ in positive and own(doc[tok.i : tok.i + 1])}
        for idx in praise:
            if idx not in cues:
                cues[idx] = 1
                named_by.add(idx)
        perpetrators = _perpetrators(doc._.dw_events, sent, own)
        for start, sign in cues.items():
            cue = doc.char_span(start, start + 1, alignment_mode="expand")
            alone = len(named) == 1 and start not in named_by
            if alone:
                side: str | None = named[0]
            elif start in praise:
                side = _side_before(doc, cue) or _side_praised(praise[start])
            else:
                side = _side_before(doc, cue) or _seat_after(cue)
            if side:
                told.append((start, side, sign))
        for side in perpetrators:  # told in the outlet's own voice as the one who did the violence
            told.append((perpetrators[side], side, -1))
        acted_on = {cue.start for start in cues if (cue := doc.char_span(start, start + 1, alignment_mode="expand"))}
        for (side, sign), at in _acts(sent, own, skip=acted_on, resolved=resolved).items():
            if sign < 0 and side in perpetrators:  # the violence already told them as its doer
                continue
            told.append((at, side, sign))
    doc._.dw_stance_cues = sorted(told)
    for _, side, sign in told:
        score[side] = score.get(side, 0.0) + sign
    return {k: max(-1.0, min(1.0, v / STANCE_SATURATION)) for k, v in score.items()}


_FIGHTING = VIOLENCE | {"armed_clash"}


def _perpetrators(events: list[Event], sent: Span, own: Callable[[Span], bool]) -> dict[str, int]:
    """The sides the outlet itself (not a quoted or attributed speaker) tells as doing violence in ``sent``, each
    with where the first such event is told."""
    mutual = set(load_lexicon("framing")["mutual_fighting"]["words"])
    sides: dict[str, int] = {}
    for e in events:
        if e.status != "reported" or e.type not in _FIGHTING or not sent.start_char <= e.evidence.start < sent.end_char:
            continue
        if e.trigger.lower().partition(" ")[0] in mutual:  # fighting between parties names no one side as its doer
            continue
        if not _told_own(sent, e.trigger, own):
            continue
        for actor in e.actors:
            if _told_own(sent, actor.text, own):  # "accused Russia of attacking …": the accuser's telling
                for side in _sides_named(actor.text):
                    sides.setdefault(side, e.evidence.start)
    return sides


@cache
def _act_words() -> dict[str, frozenset[str]]:
    """The act lexicon's word lists, lower-cased (the warning's pronouns and modals under their own keys)."""
    acts = load_lexicon("framing")["acts"]
    words = {k: frozenset(w.lower() for w in v) for k, v in acts.items() if isinstance(v, list)}
    words.update({k: frozenset(w.lower() for w in v) for k, v in acts["warning_self"].items() if not k.startswith("_")})
    return words


@cache
def _pronoun_numbers() -> dict[str, str]:
    """Each pronoun that may stand for a side, with what it refers to: "plural", "person" or "singular"."""
    numbers: dict[str, list[str]] = load_lexicon("framing")["acts"]["pronoun_number"]
    return {w: n for n, ws in numbers.items() if not n.startswith("_") for w in ws}


def _acts(sent: Span, own: Callable[[Span], bool], skip: set[int],
          resolved: dict[int, str] | None = None) -> dict[tuple[str, int], int]:
    """The sides ``sent`` tells, in the outlet's own voice, as the agent of a hostile act (-1: "Moscow threatened
    Kyiv", "Russia's interference", "Kyiv rejected the truce") or of a conciliatory one (+1: "Russia called for
    dialogue", "Ukraine helped evacuate the town"); each side and direction once. A denied act ("did not
    threaten") is not told, an act both sides do together ("Moscow and Kyiv ended the talks") tells neither
    apart, and ``skip`` holds tokens already counted as loaded terms. A pronoun doer counts for the side
    ``resolved`` gives it ("They should release the prisoners" after "The Kyiv authorities …"). A demand, an act
    the outlet says a side must or should do ("Moscow must withdraw its troops", "they should start a
    dialogue"), tells that the side is not doing it: hostile. Each act maps to where it is first told."""
    words = _act_words()
    doc = sent.doc
    acts: dict[tuple[str, int], int] = {}
    if not doc.has_annotation("DEP"):  # who does what is read from the parse
        return acts
    for tok in sent:
        if tok.pos_ not in ("VERB", "NOUN", "PROPN") or tok.i in skip or not own(doc[tok.i : tok.i + 1]):
            continue
        if any(c.dep_ == "neg" for c in tok.children) or _conditional(tok, words):
            continue
        sign, doers = 0, []
        if tok.pos_ == "VERB":
            sign = _verb_sign(tok, words)
            if _demanded(tok, words):
                # Told to make peace or undo a wrong: it has not. Told to help, or to do harm: no portrayal.
                lemma = tok.lemma_.lower()
                sign = -1 if lemma in words["redress_verbs"] or (sign > 0 and lemma not in words["conciliatory_verbs"]) else 0
            doers = _doers(tok, resolved) if sign or tok.lemma_.lower() in words["warning_verbs"] else []
            if not sign and doers and _warns_of_own_act(tok, doers, words):
                sign = -1
        elif tok.pos_ in ("NOUN", "PROPN") and _noun_phrase(tok) & words["hostile_nouns"]:
            sign, doers = -1, _owners(tok)
            if not doers and tok.dep_ == "dobj" and tok.head.lemma_.lower() in words["doing_verbs"]:
                doers = _doers(tok.head, resolved)
        if sign and len(doers) == 1:
            acts.setdefault((doers[0], sign), tok.idx)
    return acts


def _verb_sign(verb: Token, words: dict[str, frozenset[str]]) -> int:
    """-1 for a hostile verb or one refusing or breaking peace ("rejected the truce"), +1 for a conciliatory
    verb or one seeking or keeping peace, or seeking to do something with it ("called for dialogue", "promote
    a peaceful agenda", "hopes to sign the agreement"), else 0."""
    lemma = verb.lemma_.lower()
    if lemma in words["hostile_verbs"]:
        return -1
    direct = [c for c in verb.children if c.dep_ in ("dobj", "attr")]
    through = [g for c in verb.children if c.dep_ in ("prep", "dative") for g in c.children if g.dep_ == "pobj"]
    particle = next((c.lower_ for c in verb.children if c.dep_ == "prt"), "")
    if lemma in words["refusing_verbs"] or f"{lemma} {particle}" in words["refusing_verbs"]:
        return -1 if any(_is_peace(o, words) for o in direct) else 0
    # What it seeks to do: "hopes to sign the agreement", "wants to reach a ceasefire" (not "to end the truce").
    aimed = [o for x in verb.children if x.dep_ == "xcomp" and x.lemma_.lower() not in words["refusing_verbs"]
             for o in x.children if o.dep_ == "dobj"]
    if lemma in words["seeking_verbs"] and any(_is_peace(o, words) for o in direct + through + aimed):
        return 1
    return 1 if lemma in words["conciliatory_verbs"] else 0


def _is_peace(noun: Token, words: dict[str, frozenset[str]]) -> bool:
    """Whether ``noun`` is a word of peace or is qualified by one ("a ceasefire", "a peaceful agenda")."""
    return bool({noun.lower_, noun.lemma_.lower()} & words["peace_words"]) or any(
        m.dep_ in ("amod", "compound") and m.lower_ in words["peace_words"] for m in noun.children)


def _conditional(tok: Token, words: dict[str, frozenset[str]]) -> bool:
    """Whether ``tok`` stands in a condition ("if Kyiv rejects the truce", "should Kyiv reject it"): told as
    what may happen, not as done."""
    sent = tok.sent
    for _ in range(len(sent)):
        if any(c.dep_ == "mark" and c.lower_ in words["conditional_marks"] for c in tok.children):
            return True
        subject = next((c.i for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subject is not None and any(c.dep_ in ("aux", "auxpass") and c.lower_ in words["conditional_inversions"]
                                       and c.i < subject for c in tok.children):
            return True
        if tok.head.i == tok.i:
            return False
        tok = tok.head
    return False


def _warns_of_own_act(verb: Token, doers: list[str], words: dict[str, frozenset[str]]) -> bool:
    """Whether a warning says what the warner may do itself ("Moscow warned it could cut supplies", "the
    Kremlin warned that Russia would respond"): a threat, not an alert about what others may do."""
    for clause in (c for c in verb.children if c.dep_ == "ccomp"):
        if not any(c.dep_ == "aux" and c.lower_ in words["modals"] for c in clause.children):
            continue
        for subject in (c for c in clause.children if c.dep_ == "nsubj"):
            if subject.lower_ in words["pronouns"] or set(_named_in([subject])) & set(doers):
                return True
    return False


def _demanded(verb: Token, words: dict[str, frozenset[str]]) -> bool:
    """Whether ``verb`` is told as what its doer must or should do ("Kyiv should release them", "Moscow must
    stop", "Russia has to withdraw"), itself or as the verb it continues ("should sit down and start talks")."""
    for _ in range(DOER_HOPS):
        if any(c.dep_ == "aux" and c.lower_ in words["obligation_modals"] for c in verb.children):
            return True
        head = verb.head
        if verb.dep_ == "xcomp" and head.lemma_.lower() in words["obligation_verbs"] and any(
                c.dep_ == "aux" and c.lower_ == "to" for c in verb.children):
            return True
        if verb.dep_ != "conj" or head.i == verb.i:
            return False
        verb = head
    return False


# How many sentences on a pronoun may still refer back to the side last named (or referred to) as a subject.
ANTECEDENT_SENTENCES = 2


def _resolve_pronouns(sent: Span, antecedent: tuple[Token, str] | None, own: Callable[[Span], bool]
                      ) -> tuple[dict[int, str], tuple[Token, str] | None]:
    """The side each pronoun subject in ``sent`` refers to ("The Kiev authorities travelled east. They …": UA),
    and the antecedent carried on to the next sentence.

    A subject refers back to the nearest subject before it, in this sentence or the ``ANTECEDENT_SENTENCES``
    before it, that names one side and agrees with it: "they" a plural noun ("authorities", "troops"), "he" or
    "she" a person ("President Putin", "Ukraine's foreign minister"), "it" anything else ("Russia", "the
    Kremlin"). A main clause's subject naming no side ("People in the east …") ends the reference: "they" is
    then someone else."""
    words, numbers = _act_words(), _pronoun_numbers()
    resolved: dict[int, str] = {}
    if antecedent is not None and _sentences_between(antecedent[0], sent) >= ANTECEDENT_SENTENCES:
        antecedent = None
    for tok in sent:
        if tok.dep_ not in ("nsubj", "nsubjpass"):
            continue
        if tok.pos_ == "PRON" or tok.tag_ in ("PRP", "WP", "WDT", "EX") or tok.lower_ in numbers:
            # "it is in their interest to …", "it seems": a placeholder, not a reference.
            placeholder = tok.lower_ == "it" and tok.head.lemma_.lower() in words["placeholder_verbs"]
            if antecedent is not None and not placeholder and numbers.get(tok.lower_) == _number(antecedent[0], words):
                resolved[tok.i] = antecedent[1]
                antecedent = (tok, antecedent[1]) if _main_clause(tok.head) else antecedent
            continue
        if not own(sent.doc[tok.i : tok.i + 1]) or not _main_clause(tok.head):
            continue
        named = _named_in([tok])
        antecedent = (tok, named[0]) if len(named) == 1 else None
    return resolved, antecedent


def _sentences_between(tok: Token, sent: Span) -> int:
    """How many sentences end between ``tok`` and ``sent``."""
    return sum(1 for t in sent.doc[tok.i + 1 : sent.start] if t.is_sent_start)


def _main_clause(verb: Token) -> bool:
    """Whether ``verb`` heads the sentence or a clause coordinated with it, not a clause inside a part of it
    ("those whom people trust")."""
    while verb.dep_ == "conj" and verb.head.i != verb.i:
        verb = verb.head
    return verb.dep_ == "ROOT"


def _number(noun: Token, words: dict[str, frozenset[str]]) -> str:
    """How a pronoun refers to ``noun``: "plural" (they), "person" (he, she) or "singular" (it); a pronoun
    that stood for a side already, as itself."""
    if noun.lower_ in _pronoun_numbers():
        return _pronoun_numbers()[noun.lower_]
    if noun.tag_ in ("NNS", "NNPS") or any(c.dep_ == "conj" for c in noun.children):
        return "plural"
    if noun.ent_type_ == "PERSON" or noun.lemma_.lower() in words["titles"] or any(
            c.dep_ == "compound" and c.lemma_.lower() in words["titles"] for c in noun.children):
        return "person"
    return "singular"


# How many verbs up a chain of clauses ("Moscow tried to annex …", "invaded and occupied") a doer is sought.
DOER_HOPS = 3


def _doers(verb: Token, resolved: dict[int, str] | None = None) -> list[str]:
    """The sides named as the one doing ``verb``: its subject, the passive agent ("annexed by Russia"), or the
    subject of the verb it continues ("Moscow tried to annex …", "Russia invaded and occupied …"); a pronoun
    subject, the side ``resolved`` gives it."""
    for _ in range(DOER_HOPS):
        subjects = [c for c in verb.children if c.dep_ == "nsubj"]
        subjects += [g for c in verb.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
        if subjects:
            if resolved and len(subjects) == 1 and subjects[0].i in resolved:
                return [resolved[subjects[0].i]]
            return _named_in(subjects)
        if any(c.dep_ == "nsubjpass" for c in verb.children):
            return []
        if verb.dep_ not in ("conj", "xcomp") or verb.head.i == verb.i:
            return []
        verb = verb.head
    return []


def _owners(noun: Token) -> list[str]:
    """The sides owning or qualifying a noun of hostility ("Russia's invasion", "Russian propaganda", "the
    invasion by Russia"), not its target ("the invasion of Ukraine")."""
    owners = [c for c in noun.children if c.dep_ in ("poss", "amod", "compound", "nmod")]
    owners += [g for c in noun.children if c.dep_ == "prep" and c.lower_ == "by" for g in c.children if g.dep_ == "pobj"]
    return _named_in(owners)


def _named_in(heads: list[Token]) -> list[str]:
    """The sides the phrases ``heads`` lead name as parties: the head itself ("Moscow", "President Putin") or a
    side qualifying it directly ("Russian troops", "Ukraine's air force"), for each head and what it is
    coordinated with ("Russia and Belarus"). Not a side qualifying a qualifier ("Russian-backed separatists",
    "pro-Russian rebels"): those are another party."""
    titles = _act_words()["titles"]
    sides: list[str] = []
    for head in heads:
        for tok in (head, *(c for c in head.children if c.dep_ == "conj")):
            words = [tok, *(c for c in tok.children if c.dep_ in _QUALIFIERS)]
            # A person by the office the side gives them: "Ukrainian President Petro Poroshenko", "the prime
            # minister of Ukraine".
            offices = [w for w in words if w.lemma_.lower() in titles]
            words += [c for w in offices for c in w.children if c.dep_ in _QUALIFIERS and c.lemma_.lower() not in titles]
            words += [g for w in offices for c in w.children if c.dep_ == "prep" and c.lower_ == "of"
                      for g in c.children if g.dep_ == "pobj"]
            for word in words:
                side = _side_word(word)
                if side and side not in sides:
                    sides.append(side)
    return sides


# How a side's name qualifies the noun of a party: "Russia's", "Russian", "the Kremlin('s) spokesman".
_QUALIFIERS = ("poss", "amod", "compound", "nmod")


def _side_word(tok: Token) -> str | None:
    """The side a single word names, unless it is inside another party's label ("pro-Russian")."""
    if _is_label(tok.doc.text, tok.idx) or (tok.i + 1 < len(tok.doc) and tok.doc[tok.i + 1].text in ("-", "‑")):
        return None
    return next((code for code, pattern in _side_patterns().items() if pattern.fullmatch(tok.text)), None)


def _noun_phrase(noun: Token) -> set[str]:
    """The noun's lemma, its word, and the two-word term it ends with its compound ("land grab")."""
    out = {noun.lemma_.lower(), noun.lower_}
    out.update(f"{c.lower_} {noun.lower_}" for c in noun.children if c.dep_ == "compound" and c.i == noun.i - 1)
    return out


def _told_own(sent: Span, words: str, own: Callable[[Span], bool]) -> bool:
    """Whether ``words`` occur in ``sent`` in the outlet's own voice (words not found count as its own)."""
    at = sent.text.find(words)
    if at < 0:
        return True
    span = sent.doc.char_span(sent.start_char + at, sent.start_char + at + len(words), alignment_mode="expand")
    return span is None or own(span)


def _side_praised(tok: Token) -> str | None:
    """The side a word of praise is said of, by the parse: the noun it qualifies ("Ukraine's defence was
    skillful", "the successful Ukrainian counteroffensive"), or the subject of the verb it qualifies
    ("Ukrainian crews successfully repelled …")."""
    noun: Token | None
    if tok.dep_ in ("amod", "compound"):
        noun = tok.head
    elif tok.dep_ in ("acomp", "attr", "advmod"):
        noun = next((c for c in tok.head.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    else:
        return None
    if noun is None or not tok.sent.start <= noun.left_edge.i:
        return None
    named = _sides_named(tok.doc[noun.left_edge.i : noun.i + 1].text)
    return named[0] if len(named) == 1 else None


# Words that may stand between a side's name and the cue it qualifies ("Russia's barbaric", "the Ukrainian").
_BETWEEN = {"'s", "\u2019s", "'", "own"}


def _side_before(doc: Doc, cue: Span | None) -> str | None:
    """The side named right before ``cue``, as its possessor or adjective, if any."""
    if cue is None:
        return None
    i = cue.start - 1
    while i >= 0 and doc[i].lower_ in _BETWEEN:
        i -= 1
    if i < 0:
        return None
    word = doc[i].text
    if _is_label(doc.text, doc[i].idx):
        return None
    return next((code for code, pattern in _side_patterns().items() if pattern.fullmatch(word)), None)


# How far after a cue's first word its seat may be named ("the puppet government in Kyiv").
SEAT_WINDOW = 3


def _seat_after(cue: Span | None) -> str | None:
    """The side named as the seat of the government a cue names ("the regime in Kiev", "the junta in Kyiv";
    not "the militants in Ukraine", who are only there)."""
    if cue is None:
        return None
    doc, end = cue.doc, cue.sent.end
    at = next((j for j in range(cue.end, min(cue.end + SEAT_WINDOW, end)) if doc[j].lower_ == "in"), None)
    if at is None or not any(t.lower_ in _not_side_before()[2] for t in doc[cue.start : at]):
        return None
    j = at + 1 + (at + 1 < end and doc[at + 1].lower_ == "the")
    if j >= end:
        return None
    return next((code for code, pattern in _side_patterns().items() if pattern.fullmatch(doc[j].text)), None)


class _FramingComponent:
    """Builds the loaded-language and opinion matchers once."""

    def __init__(self, nlp: Language) -> None:
        lex = load_lexicon("framing")
        self.matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.categories: dict[int, str] = {}
        for category, terms in lex["loaded"].items():
            self.matcher.add(category, [nlp.make_doc(t) for t in terms])
            self.categories[nlp.vocab.strings[category]] = category
        self.opinion = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.opinion.add("OPINION", [nlp.make_doc(t) for t in lex["opinion_markers"]])

    def __call__(self, doc: Doc) -> Doc:
        doc._.dw_framing = extract_framing(doc, self.matcher, self.categories, self.opinion)
        return doc


@Language.factory("dronewatch_framing", requires=["doc._.dw_claim_mentions", "doc._.dw_events"],
                  assigns=["doc._.dw_framing"])
def make_framing(nlp: Language, name: str) -> _FramingComponent:
    return _FramingComponent(nlp)
