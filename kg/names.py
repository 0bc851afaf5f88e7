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

import os
import re
import sqlite3
import unicodedata
import weakref
from collections.abc import Callable, Iterable
from contextlib import closing
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import AmbiguousName, NameNotFound
from .vocabulary import ACTOR_KINDS, KINDS, PLACE_KINDS

if TYPE_CHECKING:  # rdflib is imported where a graph is read: a stored index needs none (kg.reader)
    from rdflib import Graph, URIRef

__all__ = ["ACTOR_KINDS", "KINDS", "PLACE_KINDS", "Entry", "NameIndex", "index_file", "index_for", "keys_of", "missing_index", "normalise", "skeleton"]

# KINDS (most specific first: a resource's kind is the first of these it is typed with),
# ACTOR_KINDS and PLACE_KINDS live in kg.vocabulary.

_MIN_SKELETON = 3  # the shortest consonant skeleton a spelling variant may be matched on
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
    if not text.isascii():  # ASCII has no diacritics and no Arabic letters: the same text
        text = unicodedata.normalize("NFKD", text)
        text = "".join(c for c in text if not unicodedata.combining(c))
        text = text.translate(_ARABIC_FOLD)
    text = text.casefold()
    text = _APOSTROPHES.sub("", text)
    words = []
    for word in _SEPARATORS.split(text):
        if not word or word in _ARTICLES:
            continue
        if word.startswith("ال") and len(word) > 3:
            word = word[2:]
        words.append(word)
    return " ".join(words)


@lru_cache(maxsize=1 << 16)
def _word_skeleton(word: str) -> str:
    return skeleton(word)


def keys_of(label: str) -> tuple[str, str] | None:
    """(normalised name, skeleton) of one label; None for a label that normalises to nothing
    (it matches no name). ``skeleton`` works word by word, so the skeleton is made from the
    skeletons of the words, which recur (a million labels have a few thousand words)."""
    key = normalise(label)
    return (key, " ".join(_word_skeleton(word) for word in key.split())) if key else None


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
    """All names of the actors, agents and places in a graph.

    Built from the graph in memory; for an on-disk store it is also written to an SQLite file
    beside the store's generation (whose content never changes), and later processes look
    names up there (:class:`StoredNameIndex`) instead of reading and normalising every label.
    """

    def __init__(self, rows: list[tuple[URIRef, str, str, str]]):
        entries: dict[URIRef, Entry] = {}
        kinds: dict[URIRef, list[str]] = {}
        names: dict[URIRef, set[str]] = {}
        for iri, label, type_local, pref in rows:
            if type_local in KINDS:
                kinds.setdefault(iri, []).append(type_local)
            names.setdefault(iri, set()).add(label)
            names[iri].add(pref)
            entries.setdefault(iri, Entry(iri, pref, ""))
        order = list(KINDS)
        self.entries = {
            iri: Entry(iri, e.label, KINDS[min(kinds[iri], key=order.index)])
            for iri, e in entries.items()
            if iri in kinds
        }
        self._names: dict[str, list[str]] = {str(iri): sorted(names[iri]) for iri in self.entries}
        self._exact: dict[str, list[str]] = {}  # normalised name -> IRIs
        self._loose: dict[str, list[str]] = {}  # skeleton -> IRIs
        self._choices: dict[str, str] = {}  # normalised name -> a display form
        for iri_text, all_names in self._names.items():
            for name in all_names:  # sorted: the same display form on every run
                keys = keys_of(name)
                if keys is None:
                    continue
                _add(self._exact, keys[0], iri_text)
                _add(self._loose, keys[1], iri_text)
                self._choices.setdefault(keys[0], name)

    @classmethod
    def from_graph(cls, graph: Graph, progress: Callable[[int], None] | None = None) -> NameIndex:
        """The index of every name in ``graph``; ``progress`` is called with the number of
        names read, every 10,000 names (a big store takes seconds)."""
        return cls._from_rows(((s, str(label), str(type_), str(pref)) for s, label, type_, pref in graph.query(_INDEX_QUERY)),  # type: ignore[misc]
                              progress)

    @classmethod
    def from_oxigraph(cls, store: Any, progress: Callable[[int], None] | None = None) -> NameIndex:
        """The index of every name in the pyoxigraph ``store`` (``kg load``: pyoxigraph's rows
        read directly, without rdflib turning each into rdflib terms; at 10M triples that took
        most of the load)."""
        return cls._from_rows(((r["s"].value, r["label"].value, r["type"].value, r["pref"].value)
                               for r in store.query(_INDEX_QUERY)), progress)

    @classmethod
    def _from_rows(cls, rows: Iterable[tuple[Any, str, str, str]], progress: Callable[[int], None] | None) -> NameIndex:
        from rdflib import URIRef

        found = []
        for s, label, type_, pref in rows:
            found.append((URIRef(s), label, type_.rsplit("#", 1)[-1], pref))
            if progress is not None and len(found) % 10_000 == 0:
                progress(10_000)
        if progress is not None:
            progress(len(found) % 10_000)
        return cls(found)

    # --- the tables, looked up (StoredNameIndex overrides these) -------------------------------

    def entry(self, iri: str) -> Entry | None:
        from rdflib import URIRef

        return self.entries.get(URIRef(iri))

    def _lookup(self, table: str, key: str) -> list[str]:
        return (self._exact if table == "exact" else self._loose).get(key, [])

    def choices(self) -> dict[str, str]:
        return self._choices

    def names_of(self, iri: URIRef | str) -> list[str]:
        """Every name of the resource, as written in the data, sorted."""
        return self._names.get(str(iri), [])

    # --- resolution ------------------------------------------------------------------------

    def _filter(self, iris: list[str], kinds: set[str] | None) -> list[Entry]:
        found = [e for e in (self.entry(i) for i in iris) if e is not None]
        if kinds:
            found = [e for e in found if e.kind in kinds]
        return sorted(found, key=lambda e: e.label)

    def exact(self, name: str, kinds: set[str] | None = None) -> list[Entry]:
        """Every resource one of whose names normalises to the same as ``name``."""
        return self._filter(self._lookup("exact", normalise(name)), kinds)

    def resolve(self, name: str, kinds: set[str] | None = None) -> Entry:
        """The one resource called ``name``; raises NameNotFound or AmbiguousName."""
        key = normalise(name)
        loose = skeleton(key)
        # a skeleton of one or two consonants says too little ("Ahrar" and "Ariha" are both "r"):
        # such a name gets suggestions, never a silent match on a spelling variant
        probes = (("exact", key), ("loose", loose)) if len(loose) >= _MIN_SKELETON else (("exact", key),)
        for table, probe in probes:
            found = self._filter(self._lookup(table, probe), kinds)
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
        best: dict[str, float] = {}
        for iri in self._lookup("exact", key):
            best[iri] = 100.0
        for iri in self._lookup("loose", skeleton(key)):
            best.setdefault(iri, 95.0)
        if key:
            for choice, score, _ in process.extract(
                key, list(self.choices()), scorer=fuzz.WRatio, limit=50, score_cutoff=cutoff
            ):
                for iri in self._lookup("exact", choice):
                    best[iri] = max(best.get(iri, 0.0), min(float(score), 94.0))
        ranked = [(e, score) for e, score in ((self.entry(i), v) for i, v in best.items()) if e is not None]
        if kinds:
            ranked = [(e, score) for e, score in ranked if e.kind in kinds]
        ranked.sort(key=lambda pair: (-pair[1], pair[0].label))
        return ranked[:limit]

    # --- persistence -----------------------------------------------------------------------

    def save(self, path: Path) -> None:
        """Write the tables to an SQLite file at ``path`` (atomically)."""
        tmp = path.with_name(f"{path.name}.tmp-{os.getpid()}")
        tmp.unlink(missing_ok=True)
        with closing(sqlite3.connect(tmp)) as db:
            db.executescript(_SCHEMA)
            db.execute("INSERT INTO meta VALUES (?)", (_INDEX_VERSION,))
            db.executemany("INSERT INTO entry VALUES (?, ?, ?)",
                           ((str(i), e.label, e.kind) for i, e in self.entries.items()))
            db.executemany("INSERT INTO name VALUES (?, ?)",
                           ((i, n) for i, names in self._names.items() for n in names))
            for table, data in (("exact", self._exact), ("loose", self._loose)):
                db.executemany(f"INSERT INTO {table} VALUES (?, ?)",
                               ((k, i) for k, iris in data.items() for i in iris))
            db.executemany("INSERT INTO choice VALUES (?, ?)", self._choices.items())
            db.commit()
        os.replace(tmp, path)


class StoredNameIndex(NameIndex):
    """A NameIndex read from the SQLite file :meth:`NameIndex.save` wrote: keyed lookups only."""

    def __init__(self, path: Path):  # the tables live in SQLite: no super().__init__
        self._db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
        (version,) = self._db.execute("SELECT version FROM meta").fetchone()
        if version != _INDEX_VERSION:
            raise sqlite3.DatabaseError("name index written by another version of kg")
        self._choices_cache: dict[str, str] | None = None

    @classmethod
    def kept(cls, path: Path | None) -> StoredNameIndex | None:
        """The index kept in the file ``path``; None when there is none, or it is unreadable
        or from another version of kg (the caller builds it again)."""
        if path is None or not path.is_file():
            return None
        try:
            return cls(path)
        except sqlite3.Error:
            return None

    def _iri(self, text: str) -> URIRef:
        """An entry's IRI as the index gives it (kg.reader's index keeps plain text)."""
        from rdflib import URIRef

        return URIRef(text)

    @property
    def entries(self) -> dict[URIRef, Entry]:  # type: ignore[override]
        return {self._iri(i): Entry(self._iri(i), label, kind)
                for i, label, kind in self._db.execute("SELECT iri, label, kind FROM entry")}

    def entry(self, iri: str) -> Entry | None:
        row = self._db.execute("SELECT label, kind FROM entry WHERE iri = ?", (str(iri),)).fetchone()
        return None if row is None else Entry(self._iri(iri), row[0], row[1])

    def _lookup(self, table: str, key: str) -> list[str]:
        sql = "SELECT iri FROM exact WHERE key = ?" if table == "exact" else "SELECT iri FROM loose WHERE key = ?"
        return [row[0] for row in self._db.execute(sql, (key,))]

    def choices(self) -> dict[str, str]:
        if self._choices_cache is None:
            self._choices_cache = dict(self._db.execute("SELECT key, display FROM choice"))
        return self._choices_cache

    def names_of(self, iri: URIRef | str) -> list[str]:
        return [row[0] for row in self._db.execute("SELECT name FROM name WHERE iri = ? ORDER BY name", (str(iri),))]


_SCHEMA = """
CREATE TABLE meta (version INTEGER);
CREATE TABLE entry (iri TEXT PRIMARY KEY, label TEXT, kind TEXT);
CREATE TABLE name (iri TEXT, name TEXT);
CREATE TABLE exact (key TEXT, iri TEXT);
CREATE TABLE loose (key TEXT, iri TEXT);
CREATE TABLE choice (key TEXT PRIMARY KEY, display TEXT);
CREATE INDEX name_iri ON name (iri);
CREATE INDEX exact_key ON exact (key);
CREATE INDEX loose_key ON loose (key);
"""


def _add(table: dict[str, list[str]], key: str, iri: str) -> None:
    owners = table.setdefault(key, [])
    if iri not in owners:
        owners.append(iri)


_INDEX_VERSION = 1
_indexes: dict[int, tuple[Graph, NameIndex]] = {}


def index_file(store_path: Path, generation: str) -> Path:
    """Where the name index of a generation of an on-disk store is kept."""
    return store_path / f"{generation}.names.sqlite"


# id(graph) -> (the graph, the file its name index is kept in): the store layer says where the
# graph of an on-disk store keeps its index (keep_index_in), when it opens it. Keyed by
# identity: every on-disk graph has the same identifier (the default graph), so graphs compare
# equal.
_index_files: dict[int, tuple[weakref.ref[Graph], Path]] = {}


def keep_index_in(graph: Graph, path: Path) -> None:
    """Keep ``graph``'s name index in the file ``path`` (kg.store calls this for an on-disk
    store's generation, whose content never changes)."""
    _index_files[id(graph)] = (weakref.ref(graph), path)


def use_index(graph: Graph, index: NameIndex) -> None:
    """Answer ``graph``'s name lookups with ``index``: kg.store gives the graph of a remote
    store a kg.remotenames.RemoteNameIndex, which asks the server."""
    _indexes[id(graph)] = (graph, index)


def name_index_file(graph: Graph) -> Path | None:
    """The file ``graph``'s name index is kept in, if its store keeps one."""
    found = _index_files.get(id(graph))
    return found[1] if found is not None and found[0]() is graph else None


def missing_index(graph: Graph) -> bool:
    """Whether ``graph`` is an on-disk store whose name index has not been built yet (the
    first name lookup would build it: seconds at a million triples)."""
    path = name_index_file(graph)
    return path is not None and not path.is_file() and id(graph) not in _indexes


def index_for(graph: Graph, progress: Callable[[int], None] | None = None) -> NameIndex:
    """The name index of ``graph``, built once per graph object. For an on-disk store (the
    store layer says where: kg.store.name_index_file, beside the store's generation) it is kept
    in that file, so the next process looks names up there without building it again."""
    cached = _indexes.get(id(graph))
    if cached is not None and cached[0] is graph:
        return cached[1]
    path = name_index_file(graph)
    index: NameIndex | None = StoredNameIndex.kept(path)
    if index is None:
        index = NameIndex.from_graph(graph, progress)
        if path is not None:
            try:
                index.save(path)
            except (OSError, sqlite3.Error):
                pass  # a read-only store directory: build it again next time
    _indexes[id(graph)] = (graph, index)
    return index
