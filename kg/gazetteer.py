"""Real places by name: a gazetteer of Syria and its neighbours, from GeoNames.

The table ships in ``kg/data/`` (``geonames_syria_region.tsv`` and its ``_admin1.tsv``, made by
tools/make_gazetteer.py; where they come from, their licence and the attribution GeoNames asks
for are in ``geonames_syria_region.tsv.source.txt``): GeoNames' populated places of more than
500 people and seats of administrative divisions in Syria (308), Iraq, Turkey, Lebanon and
Jordan, each with its alternate names (Latin and Arabic script), coordinates, population and
governorate or province. Nothing is downloaded; the table is read once per process, on the
first lookup. Small villages are not in it: a name it does not know is None, never a guess.

A name is matched as kg matches names (kg.namerules): on its normalised key (case, diacritics,
hyphens, apostrophes and the Arabic article do not matter: "Jisr al-Shughour" and "Jisr ash
Shughur" are "jisr shughour" and "jisr shughur"), then on spelling variants of the same words
(same skeleton, close letters), against every name of a place. The words "town", "city" and
"village" are left out when the name has no match with them. Two places with one name:
:func:`lookup` takes the most populous, :func:`candidates` lists them all.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache

from .errors import InputError
from .namerules import keys_of, normalise, spelling_variant
from .resources import gazetteer_files

__all__ = ["ATTRIBUTION", "COUNTRIES", "GazetteerPlace", "candidates", "governorate_name", "lookup"]

PLACES_FILE, ADMIN1_FILE, SOURCE_NOTE = gazetteer_files()
COUNTRIES = ("SY", "IQ", "TR", "LB", "JO")  # the countries the table covers, ISO 3166-1 alpha-2
ATTRIBUTION = "GeoNames (geonames.org), CC BY 4.0"
_SETTLEMENT = frozenset({"city", "town", "village"})
_VARIANT_CLOSENESS = 80  # rapidfuzz ratio (0-100) each word of a spelling variant has, at least
_FUZZY_CUTOFF = 80  # rapidfuzz ratio of a suggestion's name that is neither equal nor a variant


@dataclass(frozen=True)
class GazetteerPlace:
    name: str            # GeoNames' name
    geonames_id: int
    latitude: float
    longitude: float
    country: str         # ISO code, "SY"
    admin1: str          # its governorate/province (GeoNames' admin1) by its English name ("Idlib", "Homs"), "" if unknown
    population: int
    feature: str         # GeoNames feature code ("PPLA", "PPL", ...) or "" if the data lacks it


@dataclass
class _Index:
    """One country's places and the keys of their names."""

    places: list[GazetteerPlace]
    by_key: dict[str, list[int]]                   # a normalised name -> its places (indexes into ``places``)
    by_skeleton: dict[str, list[tuple[int, str]]]  # a skeleton -> (place, its normalised name)


@lru_cache(maxsize=1)
def _rows() -> dict[str, list[list[str]]]:
    """The table's rows by country, read once per process."""
    by_country: dict[str, list[list[str]]] = defaultdict(list)
    with PLACES_FILE.open(encoding="utf-8", newline="") as handle:
        rows = csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        next(rows)  # the header
        for row in rows:
            by_country[row[4]].append(row)
    return dict(by_country)


@lru_cache(maxsize=len(COUNTRIES))
def _index(country: str) -> _Index:
    """The index of one country's names, made on its first lookup in that country (a lookup
    in Syria never indexes Turkey's 3,968 places)."""
    index = _Index([], defaultdict(list), defaultdict(list))
    divisions = _divisions()
    for geonames_id, name, lat, lon, _country, admin1code, population, alternates in _rows().get(country, []):
        number = len(index.places)
        division = divisions.get((country, admin1code), ("", ""))[0]
        index.places.append(GazetteerPlace(name, int(geonames_id), float(lat), float(lon), country, division, int(population), ""))
        seen: set[str] = set()
        for label in [name, *alternates.split("|")]:
            pair = keys_of(label) if label else None
            if pair is not None and pair[0] not in seen:
                seen.add(pair[0])
                index.by_key[pair[0]].append(number)
                index.by_skeleton[pair[1]].append((number, pair[0]))
    return index


@lru_cache(maxsize=1)
def _divisions() -> dict[tuple[str, str], tuple[str, str]]:
    """(country, GeoNames admin1 code) -> (the division's name, its name as a governorate or
    province: "Homs", "Homs Governorate")."""
    with ADMIN1_FILE.open(encoding="utf-8", newline="") as handle:
        rows = csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        next(rows)
        return {(country, code): (name, governorate) for country, code, name, governorate in rows}


@lru_cache(maxsize=1)
def _governorates() -> dict[tuple[str, str], str]:
    """(country, division name) -> its name as a governorate or province."""
    return {(country, name): governorate for (country, _code), (name, governorate) in _divisions().items()}


def _checked(countries: tuple[str, ...]) -> tuple[str, ...]:
    if isinstance(countries, str):
        countries = (countries,)
    unknown = [c for c in countries if c not in COUNTRIES]
    if unknown or not countries:
        raise InputError(f"the gazetteer covers the countries {', '.join(COUNTRIES)} (ISO codes), not {', '.join(unknown) or 'none'}")
    return tuple(countries)


def _queries(name: str) -> list[str]:
    """The normalised forms of ``name`` to match: itself, then without the words that say it
    is a settlement ("town of Palmyra", "Raqqa city"). Other descriptors stay: "Idlib
    province" is not the city of Idlib, "Abu al-Duhur airport" not the town."""
    key = normalise(name)
    words = [w for w in key.split() if w not in _SETTLEMENT]
    while words and words[0] == "of":
        words.pop(0)
    return [k for k in dict.fromkeys((key, " ".join(words))) if k]


def _closeness(a: str, b: str) -> float:
    """How alike two spellings of a name are: the least rapidfuzz ratio of their words."""
    from rapidfuzz import fuzz

    return min(fuzz.ratio(x, y) for x, y in zip(a.split(), b.split(), strict=True))


def _matches(key: str, countries: tuple[str, ...]) -> list[GazetteerPlace]:
    """The places one of whose names is ``key`` (most populous first), then those with a
    spelling variant of it (kg's rule, each word at least :data:`_VARIANT_CLOSENESS` alike:
    a wrong place is worse than none), closest first."""
    pair = keys_of(key)
    if pair is None:
        return []
    exact: list[GazetteerPlace] = []
    variants: dict[GazetteerPlace, float] = {}
    for country in countries:
        index = _index(country)
        named = set(index.by_key.get(key, ()))
        exact += (index.places[i] for i in named)
        for i, other in index.by_skeleton.get(pair[1], ()):
            if i not in named and spelling_variant(key, other):
                score = _closeness(key, other)
                if score >= _VARIANT_CLOSENESS and score > variants.get(index.places[i], -1):
                    variants[index.places[i]] = score
    exact.sort(key=lambda p: (-p.population, p.geonames_id))
    return exact + sorted(variants, key=lambda p: (-variants[p], -p.population, p.geonames_id))


def lookup(name: str, *, countries: tuple[str, ...] = ("SY",)) -> GazetteerPlace | None:
    """The place called ``name`` in one of ``countries`` (ISO codes; Syria unless told), or
    None if the gazetteer knows no place of that name or a spelling of it. Of two places with
    the name, the most populous (:func:`candidates` lists them all)."""
    countries = _checked(countries)
    for key in _queries(name):
        found = _matches(key, countries)
        if found:
            return found[0]
    return None


def candidates(name: str, *, countries: tuple[str, ...] = ("SY",), limit: int = 5) -> list[GazetteerPlace]:
    """Up to ``limit`` places ``name`` may mean, best first: those it names or spells a
    little differently (:func:`lookup`'s answer first), then those whose name is close to it
    (suggestions for a name the gazetteer does not know; several places for an ambiguous one)."""
    countries = _checked(countries)
    found: dict[GazetteerPlace, None] = {}
    queries = _queries(name)
    for key in queries:
        found.update(dict.fromkeys(_matches(key, countries)))
    if queries and len(found) < limit:
        from rapidfuzz import fuzz, process

        pool = [key for country in countries for key in _index(country).by_key]
        for key, _score, _position in process.extract(queries[-1], pool, scorer=fuzz.ratio,
                                                      score_cutoff=_FUZZY_CUTOFF, limit=limit * 4):
            found.update(dict.fromkeys(_matches(key, countries)))
    return list(found)[:limit]


def governorate_name(place: GazetteerPlace) -> str:
    """The common English name of ``place``'s first-level division, as kg's graph names
    governorates ("Idlib Governorate", "Raqqa Governorate", "Deir ez-Zor Governorate";
    Turkey's provinces "Hatay Province"); "" if the gazetteer does not know it."""
    return _governorates().get((place.country, place.admin1), "")
