"""Actors and weapons: find their mentions and give each a normalised name and country.

"Kyiv" as an actor is Ukraine's government; "Russian forces" is Russia; "Zelenskiy" is Volodymyr Zelensky;
"Geran-2" is the Shahed-136. The aliases are data (``lexicons/actors.json``, ``lexicons/weapons.json``).
"""

from dataclasses import dataclass
from functools import cache

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from dronewatch.nlp.lexicon import load_lexicon
from dronewatch.nlp.spans import entities, entities_in
from dronewatch.record import Actor, Weapon

__all__ = [
    "ActorMention", "WeaponMention", "actor_for_span", "demonym_country", "find_actors", "find_weapons", "is_force_noun",
    "noun_phrase", "person_info", "state_name", "weapon_user",
]

for _ext in ("dw_actors", "dw_weapons"):
    if not Doc.has_extension(_ext):
        Doc.set_extension(_ext, default=[])


@dataclass(frozen=True)
class ActorMention:
    """A mention of an actor: a state, a group, or a person."""

    span: Span
    actor: Actor
    kind: str  # "state" | "group" | "person"
    role: str | None = None


@dataclass(frozen=True)
class WeaponMention:
    span: Span
    weapon: Weapon


@dataclass(frozen=True)
class _Entry:
    name: str
    country: str | None
    kind: str
    role: str | None = None


@cache
def _actor_table() -> dict[str, _Entry]:
    """Lower-cased alias → entry, for states, groups and people."""
    lex = load_lexicon("actors")
    table: dict[str, _Entry] = {}
    for code, s in lex["states"].items():
        for alias in s["aliases"]:
            table[alias.lower()] = _Entry(s["name"], code, "state")
    for name, g in lex["groups"].items():
        for alias in [name, *g["aliases"]]:
            table[alias.lower()] = _Entry(name, g["country"], "group")
    for name, p in lex["people"].items():
        for alias in [name, *p["aliases"]]:
            table[alias.lower()] = _Entry(name, p["country"], "person", p["role"])
    return table


@cache
def _demonyms() -> dict[str, str]:
    """Lower-cased demonym → country code ("russian" → "RU")."""
    lex = load_lexicon("actors")
    return {d.lower(): code for code, s in lex["states"].items() for d in s["demonyms"]}


@cache
def _state_names() -> dict[str, str]:
    lex = load_lexicon("actors")
    return {code: s["name"] for code, s in lex["states"].items()}


@cache
def _force_nouns() -> frozenset[str]:
    return frozenset(load_lexicon("actors")["force_nouns"])


def is_force_noun(token: Token) -> bool:
    """Whether ``token`` names a state's body or armed force ("military", "army", "ministry", "troops")."""
    return token.lower_ in _force_nouns() or token.lemma_.lower() in _force_nouns()


@cache
def _weapon_table() -> dict[str, Weapon]:
    """Lower-cased alias → normalised weapon (``text`` left empty, filled per mention)."""
    lex = load_lexicon("weapons")
    table: dict[str, Weapon] = {}
    for cls, aliases in lex["generic"].items():
        for alias in aliases:
            name = alias.lower().rstrip("s") if alias.lower().endswith("s") and cls != "air_defense" else alias.lower()
            table[alias.lower()] = Weapon.model_validate({"text": "", "name": name, "class": cls})
    for name, w in lex["named"].items():
        for alias in [name, *w["aliases"]]:
            table[alias.lower()] = Weapon.model_validate({"text": "", "name": name, "class": w["class"]})
    return table


@cache
def _weapon_users() -> dict[str, str]:
    """Normalised weapon name → the one side that fires it, where the lexicon says so."""
    named: dict[str, dict[str, str]] = load_lexicon("weapons")["named"]
    return {name: w["user"] for name, w in named.items() if "user" in w}


def weapon_user(name: str) -> str | None:
    """The country code of the one side that fires a named weapon ("Shahed-136" → "RU"), or None."""
    return _weapon_users().get(name)


def person_info(name: str) -> tuple[str, str | None, str | None] | None:
    """Canonical name, country and role of a known person, or None."""
    entry = _actor_table().get(name.lower())
    if entry is None or entry.kind != "person":
        return None
    return entry.name, entry.country, entry.role


def state_name(code: str) -> str:
    """The name of a state by its ISO code, as the actors lexicon gives it ("UA" → "Ukraine")."""
    return _state_names().get(code, code)


def demonym_country(word: str) -> str | None:
    """The country code of a demonym ("Russian" → "RU"), or None."""
    return _demonyms().get(word.lower())


def actor_for_span(span: Span) -> ActorMention | None:
    """Normalise a noun phrase to an actor, if it names one ("the Russian military" → Russia)."""
    text = span.text.strip()
    low = text.lower()
    root = span.root.lower_ if span.root.pos_ == "PROPN" or span.root.is_upper else low  # "Ukraine's SBU": the SBU
    for candidate in (low, low.removeprefix("the "), low.removesuffix("'s").removesuffix("’s"), root):
        entry = _actor_table().get(candidate)
        if entry is not None:
            return ActorMention(span, Actor(text=text, name=entry.name, country=entry.country), entry.kind, entry.role)
    # A person by surname or full name inside the phrase ("Russian Foreign Minister Sergey Lavrov").
    # The name that ends the phrase is the person: "State Councillor and Foreign Minister Qin Gang".
    for ent in sorted(entities_in(span), key=lambda e: (e.end != span.end, -e.start)):
        if ent.label_ == "PERSON" and ent.text.lower() not in _actor_table():  # the model's PERSON "Kyiv"
            info = person_info(ent.text)
            if info is not None:
                return ActorMention(span, Actor(text=text, name=info[0], country=info[1]), "person", info[2])
            return ActorMention(span, Actor(text=text, name=ent.text), "person")
    # "<demonym> <force noun>": "Russian troops", "Ukrainian Armed Forces", "the Russian military";
    # and "<state>'s <force noun>" or "<state> <force noun>": "Russia's defence ministry", "the US military".
    head = span.root
    owner = next((t for t in span if t.dep_ == "poss" and t.head == head), None)
    entry = _actor_table().get(owner.lower_) if owner is not None else None
    if entry is not None and entry.kind == "state":  # "Kyiv's drones", "Moscow's missiles"
        return ActorMention(span, Actor(text=text, name=entry.name, country=entry.country), "state")
    if head.lower_ in _force_nouns() or head.lemma_.lower() in _force_nouns():
        for tok in span:
            entry = _actor_table().get(tok.lower_)
            if entry is not None and entry.kind == "state" and tok.dep_ in ("poss", "compound") and tok.i < head.i:
                return ActorMention(span, Actor(text=text, name=entry.name, country=entry.country), "state")
            code = _demonyms().get(tok.lower_)
            if code is not None and tok.i < head.i:
                name = _state_names()[code]
                return ActorMention(span, Actor(text=text, name=name, country=code), "state")
    return None


def _alias_matcher(nlp: Language, aliases: list[str]) -> tuple[PhraseMatcher, PhraseMatcher]:
    """An exact-case matcher for acronyms ("US" must not match "us") and a lower-case one for the rest."""
    exact = PhraseMatcher(nlp.vocab, attr="ORTH")
    lower = PhraseMatcher(nlp.vocab, attr="LOWER")
    exact.add("ALIAS", [nlp.make_doc(a) for a in aliases if a.isupper() or len(a) <= 3])
    lower.add("ALIAS", [nlp.make_doc(a) for a in aliases if not (a.isupper() or len(a) <= 3)])
    return exact, lower


def _matches(doc: Doc, matchers: tuple[PhraseMatcher, PhraseMatcher]) -> list[Span]:
    return [doc[s:e] for m in matchers for _, s, e in m(doc)]


def find_actors(doc: Doc, matcher: tuple[PhraseMatcher, PhraseMatcher]) -> list[ActorMention]:
    """Every actor mention: lexicon aliases, demonym + force noun, and named persons."""
    spans: list[Span] = _matches(doc, matcher)
    for tok in doc:
        if tok.lower_ in _demonyms() and tok.dep_ in ("amod", "compound", "nmod"):
            head = tok.head
            if head.lower_ in _force_nouns() or head.lemma_.lower() in _force_nouns():
                start = min(tok.i, head.i)
                spans.append(doc[start : head.i + 1])
    spans.extend(ent for ent in entities(doc) if ent.label_ == "PERSON")
    mentions: list[ActorMention] = []
    for span in filter_spans(spans):
        m = actor_for_span(span)
        if m is not None:
            mentions.append(m)
    return mentions


def find_weapons(doc: Doc, matcher: tuple[PhraseMatcher, PhraseMatcher]) -> list[WeaponMention]:
    """Every weapon mention, normalised (TB2 → Bayraktar TB2, Geran-2 → Shahed-136)."""
    table = _weapon_table()
    generic = _generic_names()
    out: list[WeaponMention] = []
    for span in filter_spans(_matches(doc, matcher)):
        w = table.get(span.text.lower())
        if w is None or not _names_weapon(span):
            continue
        prev = out[-1] if out else None
        # "Lancet drones", "Kalibr cruise missiles": the class noun after a model names the same weapon.
        if (prev is not None and prev.span.end == span.start and w.name in generic and prev.weapon.name not in generic
                and prev.weapon.class_ == w.class_):
            whole = doc[prev.span.start : span.end]
            out[-1] = WeaponMention(whole, prev.weapon.model_copy(update={"text": whole.text}))
            continue
        out.append(WeaponMention(span, w.model_copy(update={"text": span.text})))
    return out


def _names_weapon(span: Span) -> bool:
    """Whether a word that is a weapon only sometimes is one here: a noun, not "a friend of mine" or "jade mines"."""
    rule = load_lexicon("weapons")["noun_only"].get(span.text.lower())
    if rule is None:
        return True
    root = span.root
    # "mine attack": the tagger reads a possessive, the compound on a word of violence says a weapon.
    modifies_violence = root.dep_ in ("compound", "amod") and root.head.lemma_.lower() in load_lexicon(
        "weapons")["violence_heads"]
    if root.pos_ not in ("NOUN", "PROPN") and not modifies_violence:
        return False
    return not any(c.lower_ in rule for c in root.lefts if c.dep_ in ("compound", "amod", "nmod"))


@cache
def _generic_names() -> frozenset[str]:
    """The normalised names of generic weapons ("drone", "missile"), as opposed to models ("Lancet")."""
    table = _weapon_table()
    lex = load_lexicon("weapons")
    return frozenset(table[a.lower()].name for aliases in lex["generic"].values() for a in aliases)


def noun_phrase(token: Token) -> Span:
    """The noun phrase headed by ``token``: its left modifiers and compounds, not clauses."""
    left = token.i
    for child in token.lefts:
        if child.dep_ in ("det", "amod", "compound", "nummod", "poss", "nmod", "quantmod", "case", "punct", "advmod"):
            left = min(left, child.left_edge.i)
    right = token.i
    for child in token.rights:
        if child.dep_ in ("compound", "flat", "appos") and child.i == right + 1:
            right = child.i
    return token.doc[left : right + 1]


class _EntitiesComponent:
    """Builds the phrase matchers once; finds actors and weapons per doc."""

    def __init__(self, nlp: Language) -> None:
        lex_a, lex_w = load_lexicon("actors"), load_lexicon("weapons")
        actor_aliases = [a for s in lex_a["states"].values() for a in s["aliases"]]
        actor_aliases += [a for n, g in lex_a["groups"].items() for a in [n, *g["aliases"]]]
        actor_aliases += [a for n, p in lex_a["people"].items() for a in [n, *p["aliases"]]]
        weapon_aliases = [a for n, w in lex_w["named"].items() for a in [n, *w["aliases"]]]
        weapon_aliases += [a for aliases in lex_w["generic"].values() for a in aliases]
        self.actor_matcher = _alias_matcher(nlp, actor_aliases)
        self.weapon_matcher = _alias_matcher(nlp, weapon_aliases)

    def __call__(self, doc: Doc) -> Doc:
        doc._.dw_actors = find_actors(doc, self.actor_matcher)
        doc._.dw_weapons = find_weapons(doc, self.weapon_matcher)
        return doc


@Language.factory("dronewatch_entities", assigns=["doc._.dw_actors", "doc._.dw_weapons"])
def make_entities(nlp: Language, name: str) -> _EntitiesComponent:
    return _EntitiesComponent(nlp)
