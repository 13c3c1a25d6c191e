"""Places: find place names and geocode them offline against the gazetteer (``nlp/gazetteer.py``).

Names come from the model's GPE/LOC/FAC entities, from the project's own seas, landmarks and regions
(a phrase matcher, so "the Zaporizhzhia nuclear plant" is one place), from "<Name> Oblast/region", and from
capitalised words after "in/near/at/over/outside/of …" that the gazetteer knows, which recovers what a small
model mislabels (it sometimes tags "Kiev" PERSON). Each name is then resolved with the article as context:
the countries of its other places, the regions it names ("near X, Donetsk Oblast") and their regions.
"""

# No `from __future__ import annotations`: spaCy validates the factory's annotations at run time.
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from spacy.lang.en import English
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans
from spacy.vocab import Vocab

from dronewatch.nlp.entities import demonym_country, is_force_noun, person_info
from dronewatch.nlp.gazetteer import (
    CONFLICT_COUNTRIES,
    REGION_SUFFIXES,
    Candidate,
    Context,
    Gazetteer,
    extra_names,
    get_gazetteer,
    normalize_name,
)
from dronewatch.nlp.lexicon import load_lexicon
from dronewatch.nlp.spans import entities, entity_at
from dronewatch.record import Actor, Place

__all__ = ["PlaceMention", "country_actor", "find_places", "lookup_place"]

if not Doc.has_extension("dw_places"):
    Doc.set_extension("dw_places", default=[])

PLACE_LABELS = ("GPE", "LOC", "FAC")
# A FAC entity the gazetteer lacks is dropped: the small model gives FAC to weapons and units as often
# as to buildings. A GPE/LOC it lacks is kept, named, without coordinates.
KEEP_UNKNOWN_LABELS = ("GPE", "LOC")
# Words after which a capitalised name is looked up even when the model saw no entity there.
PLACE_PREPOSITIONS = frozenset(
    {"in", "near", "at", "over", "outside", "of", "around", "from", "toward", "towards", "into", "across"}
)
# Nouns that make "the village of X" a place even when the gazetteer lacks X.
SETTLEMENT_NOUNS = frozenset({"village", "villages", "town", "city", "settlement", "hamlet", "outskirts"})
# A name found only by the preposition rule must be this populous (or in a conflict country, or a
# country/region/sea/landmark), so that "in March" or "at Independence" is not a town somewhere.
FALLBACK_MIN_POPULATION = 15_000
# The longest run of capitalised words tried as one name ("Bila Tserkva", "Velyka Novosilka").
MAX_NAME_TOKENS = 4
# Labels whose spans the preposition rule may still read as a place (the model's PERSON "Kiev").
_RECOVERABLE_LABELS = ("PERSON", "ORG", "NORP", "")
# A PERSON/ORG entity that is a city this large in a conflict country is the city ("drones hit Kiev").
RECOVER_MIN_POPULATION = 100_000
# A one-word PERSON/ORG is a surname only when a full name in the article ends with it; otherwise a town of
# this size is the town ("shelled Kherson"; GeoNames' populations are old: it counts 66,000 for Kherson).
RECOVER_MIN_POPULATION_ONE_WORD = 20_000
# Words that continue a list of names after a preposition: "near Bakhmut, Soledar and Siversk".
_LIST_WORDS = frozenset({",", "and", "or"})
# A name in a region the text names ("X, Donetsk Oblast", "(Paletwa township, Chin state)") is a place
# whatever the model labelled it; these words may stand between the name and its region.
_HIERARCHY_WORDS = frozenset({",", "(", "in", "the", "of", "township", "district", "raion", "hromada", "county",
                              "municipality", "village", "town", "city", "area", "community"})
# Region words after a name that make it a first-level region in the hierarchy ("Chin state").
_HIERARCHY_SUFFIXES = (*REGION_SUFFIXES, "state")
# An all-capital or inner-capital short word ("MoD", "SBU", "ZNPP") geocodes only to a country or our own
# table's entries: as a town's name it is an abbreviation far more often than the town.
MAX_ACRONYM_LENGTH = 5
# A town outside the countries an article names needs to be this large to stand (Washington, Paris);
# a smaller one is a namesake (Maud, Oklahoma for "MoD"; Metro, Indonesia).
FOREIGN_MIN_POPULATION = 100_000
# Features that say where an article is; countries and landmarks ("Russia", "the Kremlin") are named as
# actors so often that they say little about which of two towns is meant.
_CONTEXT_FEATURES = ("city", "region", "sea")
_EXTRA_FEATURES = ("sea", "landmark", "region")


@lru_cache(maxsize=8)
def _lexicon_words(key: str) -> frozenset[str]:
    return frozenset(load_lexicon("places")[key]["words"])


def fallback_stoplist() -> frozenset[str]:
    """Capitalised words that name small towns somewhere but, after a preposition, mean something else."""
    return _lexicon_words("fallback_stoplist")


def broad_names() -> frozenset[str]:
    """Names too broad to geocode that GeoNames gives to some village ("Africa", "Baltic")."""
    return _lexicon_words("broad_names")


def never_places() -> frozenset[str]:
    """Common nouns and institutions that are never geocoded ("metro", "the base", "MoD")."""
    return _lexicon_words("never_places")


@dataclass(frozen=True)
class PlaceMention:
    """A place name in the text and the place it resolves to (coordinates null when unknown)."""

    span: Span
    place: Place


@dataclass(frozen=True)
class _Found:
    span: Span
    candidates: tuple[Candidate, ...]
    # True when the name stands even if the gazetteer lacks it (an entity, "the village of X").
    keep_unknown: bool


def lookup_place(name: str, context_countries: Sequence[str] = ()) -> Place | None:
    """Geocode a place name (a nationality gives its country); None when the gazetteer lacks it."""
    gazetteer = get_gazetteer()
    found = gazetteer.lookup(name, Context(countries=frozenset(context_countries)))
    if found is None:
        iso = demonym_country(name)
        found = gazetteer.country(iso) if iso else None
    return found.to_place(name) if found else None


def country_actor(span: Span) -> Actor | None:
    """A state the lexicons do not list, named by the gazetteer: "Myanmar", "Sudan's army", "the Syrian
    government" is not covered (no demonym table), "Myanmar's military" is."""
    root = span.root
    owner = root
    if is_force_noun(root):
        owner = next((c for c in root.children if c.dep_ in ("poss", "compound") and c.ent_type_ == "GPE"), root)
    ent = entity_at(owner, ("GPE",))
    if ent is None and is_force_noun(root):
        # "the foreign ministry in Warsaw": the state of the city the body sits in.
        seat = next((g for c in root.children if c.dep_ == "prep" and c.lower_ == "in" for g in c.children
                     if g.dep_ == "pobj" and g.ent_type_ == "GPE"), None)
        place = lookup_place(seat.text) if seat is not None else None
        state = get_gazetteer().country(place.country) if place is not None and place.country else None
        return Actor(text=span.text, name=state.name, country=state.country) if state is not None else None
    if ent is None:
        return None
    place = lookup_place(_strip_determiner(ent).text)
    if place is None or place.feature != "country":
        return None
    return Actor(text=span.text, name=place.name, country=place.country)


def find_places(doc: Doc, matcher: PhraseMatcher | None = None) -> list[PlaceMention]:
    """Every place name in ``doc``, geocoded and disambiguated by the article's other places."""
    gazetteer = get_gazetteer()
    found = _find_names(doc, matcher or _extra_matcher(doc.vocab), gazetteer)
    return _resolve(found, gazetteer)


def _find_names(doc: Doc, matcher: PhraseMatcher, gazetteer: Gazetteer) -> list[_Found]:
    """Candidate place names, longest first where they overlap, with their gazetteer entries."""
    spans: list[Span] = [Span(doc, start + (doc[start].lower_ == "the" and end - start > 1), end, label="EXTRA")
                         for _, start, end in matcher(doc)]
    spans.extend(_region_spans(doc))
    spans.extend(_strip_determiner(ent) for ent in entities(doc) if ent.label_ in PLACE_LABELS)
    spans.extend(_recovered_entities(doc, gazetteer))
    spans.extend(_preposition_spans(doc, gazetteer))
    spans.extend(_untagged_towns(doc, gazetteer))
    spans.extend(_struck_names(doc, gazetteer))
    spans.extend(_hierarchy_spans(doc, gazetteer))
    found: list[_Found] = []
    for span in sorted(filter_spans(spans), key=lambda s: s.start):
        if demonym_country(span.text) is not None:
            continue  # "Ukrainian" names a nationality, not a place
        key = normalize_name(span.text)
        if key in never_places():
            continue
        candidates = () if key in broad_names() else gazetteer.candidates(span.text)
        if _is_acronym(span):
            candidates = tuple(c for c in candidates if c.curated)
        settlement = _named_as_settlement(span)
        if span.label_ == "FALLBACK" and not settlement and not any(_fallback_acceptable(c, span) for c in candidates):
            continue
        keep = span.label_ in KEEP_UNKNOWN_LABELS or settlement
        if candidates or keep:
            found.append(_Found(span, candidates, keep))
    return found


def _is_acronym(span: Span) -> bool:
    """ "MoD", "SBU": one short word in capitals, or with a capital inside."""
    text = span.text
    return len(span) == 1 and len(text) <= MAX_ACRONYM_LENGTH and (
        text.isupper() or any(ch.isupper() for ch in text[1:]))


def _hierarchy_spans(doc: Doc, gazetteer: Gazetteer) -> Iterable[Span]:
    """Names placed in a region by the text itself: "Hirske, Luhansk Oblast", "Paletwa (Chin state)",
    "in Mykolaivka, in the Donetsk region": the name is a place whatever the model labelled it, when the
    gazetteer has it in that region."""
    for region in _region_spans(doc):
        regions = {c.admin1_key for c in gazetteer.candidates(region.text) if c.feature == "region" and c.admin1_key}
        if not regions:
            continue
        end = region.start
        while end > 0 and doc[end - 1].lower_ in _HIERARCHY_WORDS and region.start - end < 4:
            end -= 1
        if end == region.start or not any(t.text in (",", "(") for t in doc[end:region.start]):
            continue
        start = end
        while start > 0 and end - start < MAX_NAME_TOKENS and _is_name_token(doc[start - 1]):
            start -= 1
        if start == end or doc[start].lower_ in fallback_stoplist():
            continue
        span = Span(doc, start, end, label="HIERARCHY")
        if any(c.admin1_key in regions for c in gazetteer.candidates(span.text)):
            yield span


def _strip_determiner(span: Span) -> Span:
    """The entity without a leading "the", and with a following "region"/"oblast" taken in."""
    start, end = span.start, span.end
    if span[0].lower_ == "the" and len(span) > 1:
        start += 1
    doc = span.doc
    if end < len(doc) and doc[end].lower_ in REGION_SUFFIXES:
        end += 1
    return Span(doc, start, end, label=span.label_)


def _region_spans(doc: Doc) -> Iterable[Span]:
    """ "Donetsk Oblast", "the Kharkiv region": capitalised words followed by a region word."""
    for token in doc:
        if token.lower_ not in _HIERARCHY_SUFFIXES or token.i == 0:
            continue
        start = token.i
        while start > 0 and token.i - start < MAX_NAME_TOKENS - 1 and _is_name_token(doc[start - 1]):
            start -= 1
        if start < token.i:
            yield Span(doc, start, token.i + 1, label="REGION")


def _is_name_token(token: Token) -> bool:
    if token.text == "-":
        return not token.whitespace_
    return token.is_title and token.is_alpha and token.lower_ != "the"


def _surnames(doc: Doc) -> frozenset[str]:
    """The last words of the full personal names in ``doc``: alone, they name that person again."""
    return frozenset(e[-1].lower_ for e in entities(doc) if e.label_ == "PERSON" and len(e) > 1)


def _recovered_entities(doc: Doc, gazetteer: Gazetteer) -> Iterable[Span]:
    """PERSON/ORG/NORP entities that are regions or large cities of the conflict countries, not people."""
    surnames = _surnames(doc)
    for ent in entities(doc):
        if ent.label_ not in ("PERSON", "ORG", "NORP") or person_info(ent.text) is not None:
            continue
        if len(ent) == 1 and ent[0].lower_ in surnames:
            continue  # "Sergei Korolev … Korolev said": the person again, not the town of Korolyov
        one_word = len(ent) == 1
        least = RECOVER_MIN_POPULATION_ONE_WORD if one_word else RECOVER_MIN_POPULATION
        if any(c.country in CONFLICT_COUNTRIES
               and (c.feature == "region" or c.feature == "city" and c.population >= least)
               for c in gazetteer.candidates(ent.text)):
            yield Span(doc, ent.start, ent.end, label="RECOVERED")


# Verbs whose object is where the blow fell ("shelled El Fasher"); killing verbs take people, not places.
_STRUCK_TYPES = frozenset({"strike", "shelling", "air_strike", "attack"})
_NOT_STRUCK = frozenset({"kill", "murder", "execute", "assassinate", "abduct", "torture", "launch"})


def _struck_names(doc: Doc, gazetteer: Gazetteer) -> Iterable[Span]:
    """Names the model mislabels (ORG "El Fasher", PRODUCT "Kursk") that a strike verb takes as its object,
    or that name its object ("the Kursk nuclear plant"), and that the gazetteer knows as a town or region."""
    verbs = load_lexicon("events")["verbs"]
    surnames = _surnames(doc)
    for ent in entities(doc):
        if ent.label_ not in ("ORG", "PERSON", "PRODUCT", "NORP", "FAC", "WORK_OF_ART") or (
                ent.label_ == "PERSON" and len(ent) > 1) or person_info(ent.text) is not None or (
                len(ent) == 1 and ent[0].lower_ in surnames):
            continue
        head = ent.root
        if head.dep_ in ("compound", "nmod") and head.head.pos_ == "NOUN":
            head = head.head
        verb = head.head if head.dep_ in ("dobj", "nsubjpass") else (
            head.head.head if head.dep_ == "pobj" and head.head.lower_ in ("on", "at", "against") else None)
        lemma = verb.lemma_.lower() if verb is not None else ""
        if verbs.get(lemma) not in _STRUCK_TYPES or lemma in _NOT_STRUCK:
            continue
        span = _strip_determiner(ent)
        if any(c.feature == "region" or c.feature == "city" and c.population >= RECOVER_MIN_POPULATION_ONE_WORD
               for c in gazetteer.candidates(span.text)):
            yield Span(doc, span.start, span.end, label="RECOVERED")


def _untagged_towns(doc: Doc, gazetteer: Gazetteer) -> Iterable[Span]:
    """Proper names the model left untagged ("a drone attack hit Odesa") that are regions or sizeable
    towns of the conflict countries."""
    surnames = _surnames(doc)
    i = 0
    while i < len(doc):
        if not (doc[i].pos_ == "PROPN" and doc[i].ent_type_ == "" and _is_name_token(doc[i])):
            i += 1
            continue
        end = i
        while end < len(doc) and end - i < MAX_NAME_TOKENS and doc[end].pos_ == "PROPN" and doc[end].ent_type_ == "" \
                and _is_name_token(doc[end]):
            end += 1
        span = Span(doc, i, end, label="RECOVERED")
        if span.text.lower() not in fallback_stoplist() and person_info(span.text) is None and not (
                end - i == 1 and doc[i].lower_ in surnames) and any(
                c.country in CONFLICT_COUNTRIES
                and (c.feature == "region" or c.feature == "city" and c.population >= RECOVER_MIN_POPULATION_ONE_WORD)
                for c in gazetteer.candidates(span.text)):
            yield span
        i = end


def _preposition_spans(doc: Doc, gazetteer: Gazetteer) -> Iterable[Span]:
    """Capitalised names after a place preposition that the gazetteer knows, longest first."""
    for token in doc:
        if token.lower_ not in PLACE_PREPOSITIONS or token.i + 1 >= len(doc):
            continue
        start = token.i + 1
        while start < len(doc):
            if doc[start].lower_ == "the":
                start += 1
            end = start
            while end < len(doc) and end - start < MAX_NAME_TOKENS and _is_name_token(doc[end]):
                end += 1
            while end > start and doc[end - 1].text == "-":
                end -= 1
            if end == start:
                break
            yield from _longest_known(doc, start, end, gazetteer)
            # "near Bakhmut, Soledar and Siversk": go on through the list.
            start = end
            while start < len(doc) and doc[start].lower_ in _LIST_WORDS:
                start += 1
            if start == end:
                break


def _longest_known(doc: Doc, start: int, end: int, gazetteer: Gazetteer) -> Iterable[Span]:
    """The longest name starting at ``start`` that the gazetteer knows (or the text calls a settlement)."""
    for stop in range(end, start, -1):
        span = Span(doc, start, stop, label="FALLBACK")
        if span.text.lower() in fallback_stoplist() or span[0].ent_type_ not in _RECOVERABLE_LABELS:
            continue
        if gazetteer.candidates(span.text) or _named_as_settlement(span):
            yield span
            return


def _fallback_acceptable(candidate: Candidate, span: Span) -> bool:
    """Whether a preposition-rule match is a real place rather than a common word that names a village."""
    if candidate.feature != "city":
        return True
    if candidate.population >= FALLBACK_MIN_POPULATION:
        return True
    # A small place in the conflict countries: the small model often calls such names a person or a group
    # ("near Soledar"), so only a person we know by name is refused.
    return candidate.country in CONFLICT_COUNTRIES and person_info(span.text) is None


def _named_as_settlement(span: Span) -> bool:
    """ "the village of X", "the town of X", or "X, Donetsk Oblast": a place even when unknown."""
    doc = span.doc
    before = doc[span.start - 2] if span.start >= 2 else None
    if before is not None and before.lower_ in SETTLEMENT_NOUNS and doc[span.start - 1].lower_ == "of":
        return True
    after = span.end
    return (
        after + 2 < len(doc)
        and doc[after].text == ","
        and any(doc[i].lower_ in REGION_SUFFIXES for i in range(after + 2, min(after + 2 + MAX_NAME_TOKENS, len(doc))))
    )


def _resolve(found: list[_Found], gazetteer: Gazetteer) -> list[PlaceMention]:
    """Each name's best entry, with the article's other places as context; a small town outside the
    countries the article names is not placed (a namesake far away is not the place meant)."""
    first = [gazetteer.best(f.candidates) for f in found]
    counted = [p if p is not None and p.feature in _CONTEXT_FEATURES else None for p in first]
    countries: Counter[str] = Counter(p.country for p in counted if p and p.country)
    regions: Counter[str] = Counter(p.admin1_key for p in counted if p and p.admin1_key and p.feature == "region")
    nearby: Counter[str] = Counter(p.admin1_key for p in counted if p and p.admin1_key and p.feature != "region")
    named = _named_countries(found, first)
    mentions: list[PlaceMention] = []
    for index, (f, own) in enumerate(zip(found, counted, strict=True)):
        own_region = own.admin1_key if own and own.feature == "region" else None
        own_nearby = own.admin1_key if own and own.feature != "region" else None
        context = Context(
            countries=_others(countries, own.country if own else None),
            regions=_others(regions, own_region) | _adjacent_region(found, index, first),
            nearby_regions=_others(nearby, own_nearby),
            focus=_focus(first, index),
        )
        candidates = [c for c in f.candidates if _stands(c, named[index])]
        best = gazetteer.best(candidates, context)
        text = f.span.text
        if best is None and not f.keep_unknown:
            continue
        place = best.to_place(text) if best else Place(text=text, name=text)
        mentions.append(PlaceMention(f.span, place))
    return mentions


def _named_countries(found: list[_Found], first: list[Candidate | None]) -> list[frozenset[str]]:
    """For each name, the countries the rest of the article names: countries, regions and large towns, and
    the nationalities it uses (a name is no evidence for its own country)."""
    doc = found[0].span.doc if found else None
    nationalities = {iso for ent in entities(doc) if ent.label_ == "NORP" and (iso := demonym_country(ent.text))} \
        if doc is not None else set()
    strong = [c.country if c is not None and c.country and (
        c.feature != "city" or c.curated or c.population >= FOREIGN_MIN_POPULATION) else None for c in first]
    named: list[frozenset[str]] = []
    for index in range(len(found)):
        countries = nationalities | {iso for i, iso in enumerate(strong) if iso and i != index}
        if countries & set(CONFLICT_COUNTRIES):
            countries |= set(CONFLICT_COUNTRIES)  # an article on the war that names one side is about both
        named.append(frozenset(countries))
    return named


def _stands(candidate: Candidate, named: frozenset[str]) -> bool:
    """Whether a candidate may be the place meant, given the countries the rest of the article names: a
    town or region elsewhere must be a large town (Washington, Paris), a country, or our own entry."""
    return (not named or candidate.country in named or candidate.country is None or candidate.curated
            or candidate.feature == "city" and candidate.population >= FOREIGN_MIN_POPULATION)


def _focus(first: list[Candidate | None], index: int) -> tuple[float, float] | None:
    """The mean point of the article's other towns (not this name's own first guess)."""
    points = [(c.lat, c.lon) for i, c in enumerate(first) if i != index and c is not None and c.feature == "city"
              and c.lat is not None and c.lon is not None]
    if not points:
        return None
    return sum(p[0] for p in points) / len(points), sum(p[1] for p in points) / len(points)


def _others(counts: Counter[str], own: str | None) -> frozenset[str]:
    """The keys counted for the article's other names (a name is no context for itself)."""
    return frozenset(k for k, n in counts.items() if n - (k == own) > 0)


def _adjacent_region(found: list[_Found], index: int, first: list[Candidate | None]) -> frozenset[str]:
    """The region named right after this place ("Hranitne, Donetsk Oblast")."""
    if index + 1 >= len(found):
        return frozenset()
    span, following = found[index].span, first[index + 1]
    next_span = found[index + 1].span
    if following is None or following.feature != "region" or following.admin1_key is None:
        return frozenset()
    between = span.doc[span.end:next_span.start]
    if len(between) > 4 or any(t.lower_ not in _HIERARCHY_WORDS for t in between):
        return frozenset()
    return frozenset({following.admin1_key})


@lru_cache(maxsize=8)
def _extra_matcher(vocab: Vocab) -> PhraseMatcher:
    """A phrase matcher (case-insensitive) for the project's own seas, landmarks and regions."""
    tokenizer = English(vocab=vocab)
    matcher = PhraseMatcher(vocab, attr="LOWER")
    matcher.add("EXTRA", [tokenizer.make_doc(name) for name in extra_names(_EXTRA_FEATURES)])
    return matcher


class _PlacesComponent:
    """The ``dronewatch_places`` component: the phrase matcher is built once, here."""

    def __init__(self, nlp: Language) -> None:
        self.matcher = _extra_matcher(nlp.vocab)
        get_gazetteer().open()  # here, at load time, not inside the first document's time budget

    def __call__(self, doc: Doc) -> Doc:
        doc._.dw_places = find_places(doc, self.matcher)
        return doc


@Language.factory("dronewatch_places", assigns=["doc._.dw_places"], requires=["doc.ents"])
def make_places(nlp: Language, name: str) -> _PlacesComponent:
    """Create the places component for ``nlp``."""
    return _PlacesComponent(nlp)
