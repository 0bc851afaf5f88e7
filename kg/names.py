"""Name resolution: any label, alias, transliteration or Arabic name to the right resource.

Matching tiers, first hit wins:
  1. exact: the normalised name equals a normalised label (case, diacritics, hyphens,
     apostrophes and the Arabic article al-/an-/el-/ash-... do not matter);
  2. variant: the consonant skeleton matches (Nusra/Nusrah, Fath/Fatah/Fateh,
     Shughour/Shughur, Qaeda/Qaida, Idlib/Idleb);
  3. otherwise nothing resolves: NameNotFound with ranked fuzzy suggestions (rapidfuzz).
A tier that matches several resources raises AmbiguousName with the candidates.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from rdflib import Graph, URIRef

from .errors import AmbiguousName, NameNotFound

__all__ = ["KINDS", "Entry", "NameIndex", "normalise", "skeleton"]

# Most specific first: a resource's kind is the first of these it is typed with.
KINDS: dict[str, str] = {
    "Alliance": "alliance",
    "ArmedGroup": "armed group",
    "StateForces": "state forces",
    "TransnationalOrganisation": "transnational organisation",
    "Country": "country",
    "Governorate": "governorate",
    "Airbase": "military airport",
    "MilitaryBase": "military base",
    "City": "city",
    "Person": "person",
    "Organisation": "organisation",
    "UnnamedSource": "unnamed source",
}
ACTOR_KINDS = {"alliance", "armed group", "state forces", "transnational organisation"}
PLACE_KINDS = {"country", "governorate", "military airport", "military base", "city"}

_ARTICLES = {"al", "an", "el", "ad", "ar", "as", "ash", "at", "az", "adh", "the", "ul"}
_ARABIC_FOLD = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه", "ـ": None})
_APOSTROPHES = re.compile(r"[’'`ʿʾ‘´]")
_SEPARATORS = re.compile(r"[\s\-‐‑–—_.,;:/()\"“”]+")

_INDEX_QUERY = """
PREFIX kg: <https://w3id.org/armed-groups-kg/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?s ?label ?type ?pref WHERE {
  ?s a ?type .
  FILTER (STRSTARTS(STR(?type), "https://w3id.org/armed-groups-kg/ontology#"))
  ?s skos:prefLabel ?pref .
  FILTER (LANGMATCHES(LANG(?pref), "en"))
  { ?s skos:prefLabel ?label } UNION { ?s skos:altLabel ?label } UNION { ?s skos:hiddenLabel ?label }
}
"""


def normalise(text: str) -> str:
    """Lower-case, strip diacritics and harakat, fold Arabic letter variants, drop
    apostrophes, turn hyphens into spaces and remove articles (al-, an-, el-, ...; ال)."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.translate(_ARABIC_FOLD).casefold()
    text = _APOSTROPHES.sub("", text)
    words = []
    for word in _SEPARATORS.split(text):
        if not word or word in _ARTICLES:
            continue
        if word.startswith("ال") and len(word) > 3:
            word = word[2:]
        words.append(word)
    return " ".join(words)


def skeleton(normalised: str) -> str:
    """A loose key for spelling variants of Latin transliterations: drop vowels and h, then
    doubled letters. 'nusrah' and 'nusra' -> 'nsr'; 'fath', 'fatah', 'fateh' -> 'ft'."""
    words = []
    for word in normalised.split():
        if word.isascii():
            word = re.sub(r"[aeiouyh]", "", word) or word
        word = re.sub(r"(.)\1+", r"\1", word)
        words.append(word)
    return " ".join(words)


@dataclass(frozen=True)
class Entry:
    iri: URIRef
    label: str  # the English preferred label
    kind: str

    def describe(self) -> str:
        return f"{self.label} ({self.kind})"


class NameIndex:
    """All names of the actors, agents and places in a graph."""

    def __init__(self, rows: list[tuple[URIRef, str, str, str]]):
        self.entries: dict[URIRef, Entry] = {}
        kinds: dict[URIRef, list[str]] = {}
        names: dict[URIRef, set[str]] = {}
        for iri, label, type_local, pref in rows:
            if type_local in KINDS:
                kinds.setdefault(iri, []).append(type_local)
            names.setdefault(iri, set()).add(label)
            names[iri].add(pref)
            self.entries.setdefault(iri, Entry(iri, pref, ""))
        order = list(KINDS)
        self.entries = {
            iri: Entry(iri, e.label, KINDS[min(kinds[iri], key=order.index)])
            for iri, e in self.entries.items()
            if iri in kinds
        }
        self._names = {iri: sorted(names[iri]) for iri in self.entries}
        self._exact: dict[str, set[URIRef]] = {}
        self._loose: dict[str, set[URIRef]] = {}
        self._choices: dict[str, str] = {}  # normalised name -> a display form
        self._owner: dict[str, set[URIRef]] = {}
        for iri in self.entries:
            for name in sorted(names[iri]):  # sorted: the same display form on every run
                key = normalise(name)
                if not key:
                    continue
                self._exact.setdefault(key, set()).add(iri)
                self._loose.setdefault(skeleton(key), set()).add(iri)
                self._choices.setdefault(key, name)
                self._owner.setdefault(key, set()).add(iri)

    @classmethod
    def from_graph(cls, graph: Graph) -> NameIndex:
        from .queries import rows

        found = []
        for row in rows(graph.query(_INDEX_QUERY)):
            s, label, type_, pref = row
            found.append((URIRef(s), str(label), str(type_).rsplit("#", 1)[-1], str(pref)))
        return cls(found)

    def _filter(self, iris: set[URIRef], kinds: set[str] | None) -> list[Entry]:
        found = [self.entries[i] for i in iris if i in self.entries]
        if kinds:
            found = [e for e in found if e.kind in kinds]
        return sorted(found, key=lambda e: e.label)

    def resolve(self, name: str, kinds: set[str] | None = None) -> Entry:
        """The one resource called ``name``; raises NameNotFound or AmbiguousName."""
        key = normalise(name)
        for table, probe in ((self._exact, key), (self._loose, skeleton(key))):
            found = self._filter(table.get(probe, set()), kinds)
            if len(found) == 1:
                return found[0]
            if len(found) > 1:
                raise AmbiguousName(name, [e.describe() for e in found])
        suggestions = [e.label for e, _ in self.search(name, kinds=kinds, limit=5)]
        what = "actor" if kinds == ACTOR_KINDS else "place" if kinds == PLACE_KINDS else "actor or place"
        raise NameNotFound(name, suggestions, what)

    def search(
        self, text: str, kinds: set[str] | None = None, limit: int = 10, cutoff: float = 60
    ) -> list[tuple[Entry, float]]:
        """Ranked candidates for ``text``: (entry, score 0-100), best first, one row a resource."""
        from rapidfuzz import fuzz, process

        key = normalise(text)
        best: dict[URIRef, float] = {}
        for iri in self._exact.get(key, set()):
            best[iri] = 100.0
        for iri in self._loose.get(skeleton(key), set()):
            best.setdefault(iri, 95.0)
        if key:
            for choice, score, _ in process.extract(
                key, list(self._choices), scorer=fuzz.WRatio, limit=50, score_cutoff=cutoff
            ):
                for iri in self._owner[choice]:
                    best[iri] = max(best.get(iri, 0.0), min(float(score), 94.0))
        ranked = [(self.entries[i], s) for i, s in best.items() if i in self.entries]
        if kinds:
            ranked = [(e, s) for e, s in ranked if e.kind in kinds]
        ranked.sort(key=lambda pair: (-pair[1], pair[0].label))
        return ranked[:limit]

    def names_of(self, iri: URIRef) -> list[str]:
        """Every name of the resource, as written in the data, sorted."""
        return self._names.get(iri, [])


@lru_cache(maxsize=8)
def _cached(graph_id: int, graph: Graph) -> NameIndex:
    return NameIndex.from_graph(graph)


def index_for(graph: Graph) -> NameIndex:
    """The name index of ``graph`` (built once per graph object)."""
    return _cached(id(graph), graph)
