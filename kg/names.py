"""Name resolution: any label, alias, transliteration or Arabic name to the right resource.

The one resolver of kg: the CLI, the API, the server, the importers and ``kg extract`` all
resolve names here. Matching tiers, first hit wins (the word rules are kg.namerules'):
  1. exact: the normalised name equals a normalised label (case, diacritics, hyphens,
     apostrophes and the Arabic article al-/an-/el-/ash-... do not matter);
  2. spelling: the same words, spelt a little differently (Nusra/Nusrah, Fath/Fateh,
     Sham/Shem, Jaish/Jaysh, Qaeda/Qaida, Idlib/Idleb; "of" for "in": "Islamic State of Iraq
     and al-Sham"): never a word more, less or other;
  3. prefix: the name is the start of exactly one resource's names, and what it leaves out
     only says what kind of thing it is ("Abu al-Duhur" -> "Abu al-Duhur military airport");
  4. otherwise nothing resolves: NameNotFound with ranked suggestions, each with its kind, a
     suggestion that lacks a word of the name ranked after those that have them all, and a
     name the asked one qualifies never suggested ("Syrian Army" is no answer to "Free Syrian
     Army"; ``kg search`` lists it last, with a note).
A tier that matches several resources raises AmbiguousName with the candidates. A match of
tier 2 or 3 carries a note (``Entry.note``: "matched 'Ahrar al-Sham' for 'Ahrar al-Shem'
(spelling)"), which the CLI prints on stderr and the JSON answers carry: never silent.
"""

from __future__ import annotations

import bisect
import os
import sqlite3
import weakref
from collections.abc import Callable, Iterable, Iterator
from contextlib import closing, contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import AmbiguousName, NameNotFound
from .namerules import (
    DESCRIPTORS,
    keys_of,
    missing_words,
    normalise,
    qualifies,
    skeleton,
    spelling_variant,
)
from .vocabulary import ACTOR_KINDS, KINDS, MEMBER_KINDS, PLACE_KINDS

if TYPE_CHECKING:  # rdflib is imported where a graph is read: a stored index needs none (kg.reader)
    from rdflib import Graph, URIRef

__all__ = [
    "ACTOR_KINDS",
    "INDEX_QUERY",
    "KINDS",
    "MEMBER_KINDS",
    "PLACE_KINDS",
    "Entry",
    "NameIndex",
    "index_file",
    "index_for",
    "keys_of",
    "missing_index",
    "names_starting",
    "normalise",
    "noting",
    "skeleton",
]

# KINDS (most specific first: a resource's kind is the first of these it is typed with),
# ACTOR_KINDS, MEMBER_KINDS (armed actors and persons) and PLACE_KINDS live in kg.vocabulary.

_MIN_SKELETON = 3  # the shortest consonant skeleton a spelling variant may be matched on
_MIN_PREFIX = 3  # the shortest normalised name a prefix match is tried for
_MAX_LISTED = 10  # the candidates an ambiguous name lists
_PENALTY = 0.15  # a fuzzy suggestion's score loses this share for each word of the name it lacks
_QUALIFIED = 3  # the rank group of a name the text qualifies: last, and never a suggestion

INDEX_QUERY = """
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

# the notes of the names resolved in a block (noting): the CLI prints them on stderr
_notes: ContextVar[list[str] | None] = ContextVar("kg_name_notes", default=None)


@contextmanager
def noting() -> Iterator[list[str]]:
    """Collect the note of every name resolved in the block by a spelling variant or a prefix
    (each once, in order), for the caller to show: ``with noting() as notes: ...``."""
    notes: list[str] = []
    token = _notes.set(notes)
    try:
        yield notes
    finally:
        _notes.reset(token)


def _tell(note: str) -> None:
    notes = _notes.get()
    if note and notes is not None and note not in notes:
        notes.append(note)


@dataclass(frozen=True)
class Entry:
    iri: URIRef
    label: str  # the English preferred label
    kind: str
    note: str = field(default="", compare=False)  # how a name matched it, when not exactly

    def describe(self) -> str:
        return f"{self.label} ({self.kind})"


class NameIndex:
    """All names of the actors, agents and places in a graph.

    Built from the graph in memory; for an on-disk store it is also written to an SQLite file
    beside the store's generation (whose content never changes), and later processes look
    names up there (:class:`StoredNameIndex`) instead of reading and normalising every label.
    """

    def __init__(self, rows: list[tuple[URIRef, str, str, str]],
                 keys: dict[str, tuple[str, str] | None] | None = None):
        prefs: dict[URIRef, str] = {}  # the first row's preferred label
        kinds: dict[URIRef, list[str]] = {}
        names: dict[URIRef, set[str]] = {}
        for iri, label, type_local, pref in rows:
            if type_local in KINDS:
                kinds.setdefault(iri, []).append(type_local)
            its = names.get(iri)
            if its is None:
                its = names[iri] = set()
                prefs[iri] = pref
            its.add(label)
            its.add(pref)
        rank = {kind: i for i, kind in enumerate(KINDS)}
        self.entries = {
            iri: Entry(iri, pref, KINDS[min(kinds[iri], key=rank.__getitem__)])
            for iri, pref in prefs.items()
            if iri in kinds
        }
        self._names: dict[str, list[str]] = {str(iri): sorted(names[iri]) for iri in self.entries}
        self._tables(keys)

    @classmethod
    def of_names(cls, entries: dict[str, tuple[str, str]], names: dict[str, list[str]],
                 keys: dict[str, tuple[str, str] | None]) -> NameIndex:
        """The index of ``entries`` (IRI -> its English preferred label and its kind) and
        their ``names`` (IRI -> every name, sorted), the IRIs held as plain text: to :meth:`save`
        only (kg.loadnames makes both from the labels a load read, without a row for every
        label of every kind and preferred label); the same tables as the index query's rows give."""
        index = cls.__new__(cls)
        index.entries = {iri: Entry(iri, label, kind)  # type: ignore[arg-type,misc]
                         for iri, (label, kind) in entries.items()}
        index._names = names
        index._tables(keys)
        return index

    def _tables(self, keys: dict[str, tuple[str, str] | None] | None) -> None:
        """The lookup tables of the names (:attr:`_names`)."""
        self._exact: dict[str, list[str]] = {}  # normalised name -> IRIs
        self._loose: dict[str, list[str]] = {}  # skeleton -> IRIs
        self._choices: dict[str, str] = {}  # normalised name -> a display form
        self._sorted_keys: list[str] | None = None  # the exact table's keys, sorted (prefixes)
        exact, loose, choices = self._exact, self._loose, self._choices
        known = keys if keys is not None else {}
        for iri_text in sorted(self._names):  # sorted: the same display form however the store answered
            for name in self._names[iri_text]:
                keyed = known[name] if name in known else keys_of(name)
                if keyed is None:
                    continue
                # the IRIs come in order, each with all its names: an IRI already listed for a
                # key is the last one listed
                for table, key in ((exact, keyed[0]), (loose, keyed[1])):
                    owners = table.get(key)
                    if owners is None:
                        table[key] = [iri_text]
                    elif owners[-1] != iri_text:
                        owners.append(iri_text)
                if keyed[0] not in choices:
                    choices[keyed[0]] = name
        # sorted by key: fuzzy suggestions that tie on their score come in this order, so a remote
        # store's index (read in the server's order) suggests what the on-disk one does
        self._choices = dict(sorted(self._choices.items()))
        self._choices_sorted = True

    def update(self, iri: URIRef, rows: list[tuple[URIRef, str, str, str]],
               keys: dict[str, tuple[str, str] | None] | None = None) -> None:
        """Hold ``rows`` (the index query's rows of ``iri``, none: it names nothing) in place of
        what the index held of ``iri``: the tables come out as a new index of all the rows would
        make them (tests/test_names.py), at the cost of ``iri``'s names alone."""
        def keyed(name: str) -> tuple[str, str] | None:
            return keys[name] if keys is not None and name in keys else keys_of(name)

        iri_text, touched = str(iri), set()
        for name in self._names.pop(iri_text, []):
            found = keyed(name)
            if found is None:
                continue
            for table, key in ((self._exact, found[0]), (self._loose, found[1])):
                owners = table.get(key, [])
                if iri_text in owners:
                    owners.remove(iri_text)
                    if not owners:
                        del table[key]
            touched.add(found[0])
        self.entries.pop(iri, None)
        kinds = [type_local for _, _, type_local, _ in rows if type_local in KINDS]
        if kinds:
            order = list(KINDS)
            self.entries[iri] = Entry(iri, rows[0][3], KINDS[min(kinds, key=order.index)])
            self._names[iri_text] = sorted({n for _, label, _, pref in rows for n in (label, pref)})
            for name in self._names[iri_text]:
                found = keyed(name)
                if found is None:
                    continue
                for table, key in ((self._exact, found[0]), (self._loose, found[1])):
                    owners = table.setdefault(key, [])
                    if iri_text not in owners:
                        bisect.insort(owners, iri_text)  # in IRI order, as a new index lists them
                touched.add(found[0])
        for key in touched:  # the display form: the first name with the key, in IRI then name order
            self._choices.pop(key, None)
            for owner in self._exact.get(key, []):
                shown = next((n for n in self._names[owner] if (keyed(n) or ("",))[0] == key), None)
                if shown is not None:
                    self._choices[key] = shown
                    break
        self._choices_sorted = False
        self._sorted_keys = None

    @classmethod
    def from_graph(cls, graph: Graph, progress: Callable[[int], None] | None = None) -> NameIndex:
        """The index of every name in ``graph``; ``progress`` is called with the number of
        names read, every 10,000 names (a big store takes seconds)."""
        return cls._from_rows(((s, str(label), str(type_), str(pref)) for s, label, type_, pref in graph.query(INDEX_QUERY)),  # type: ignore[misc]
                              progress)

    @classmethod
    def from_oxigraph(cls, store: Any, progress: Callable[[int], None] | None = None) -> NameIndex:
        """The index of every name in the pyoxigraph ``store`` (``kg load``: pyoxigraph's rows
        read directly, without rdflib turning each into rdflib terms; at 10M triples that took
        most of the load)."""
        return cls._from_rows(((r["s"].value, r["label"].value, r["type"].value, r["pref"].value)
                               for r in store.query(INDEX_QUERY)), progress)

    @classmethod
    def _from_rows(cls, rows: Iterable[tuple[Any, str, str, str]], progress: Callable[[int], None] | None,
                   keys: dict[str, tuple[str, str] | None] | None = None) -> NameIndex:
        """The index of ``rows`` (the index query's: IRI, label, type IRI, English preferred
        label); ``keys``: labels' keys already made (kg.loaded), not made again."""
        from rdflib import URIRef

        found = []
        iris: dict[Any, URIRef] = {}  # a resource's rows (a label each) share its IRI
        for s, label, type_, pref in rows:
            iri = iris.get(s)
            if iri is None:
                iri = iris[s] = URIRef(s)
            found.append((iri, label, type_.rsplit("#", 1)[-1], pref))
            if progress is not None and len(found) % 10_000 == 0:
                progress(10_000)
        if progress is not None:
            progress(len(found) % 10_000)
        return cls(found, keys)

    # --- the tables, looked up (StoredNameIndex overrides these) -------------------------------

    def entry(self, iri: str) -> Entry | None:
        from rdflib import URIRef

        return self.entries.get(URIRef(iri))

    def _lookup(self, table: str, key: str) -> list[str]:
        return (self._exact if table == "exact" else self._loose).get(key, [])

    def choices(self) -> dict[str, str]:
        if not self._choices_sorted:  # after update(): in key order again
            self._choices = dict(sorted(self._choices.items()))
            self._choices_sorted = True
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

    def _prefixed(self, key: str) -> list[tuple[str, str]]:
        """(name key, IRI) of every name whose words start with the words of ``key``
        (StoredNameIndex and RemoteNameIndex override this)."""
        if self._sorted_keys is None:
            self._sorted_keys = sorted(self._exact)
        keys = self._sorted_keys
        start = key + " "
        found: list[tuple[str, str]] = []
        for k in keys[bisect.bisect_left(keys, start):]:
            if not k.startswith(start):
                break
            found.extend((k, iri) for iri in self._exact[k])
        return found

    def exact(self, name: str, kinds: set[str] | None = None) -> list[Entry]:
        """Every resource one of whose names normalises to the same as ``name``."""
        return self._filter(self._lookup("exact", normalise(name)), kinds)

    def _spelling(self, name: str, key: str, kinds: set[str] | None) -> list[Entry]:
        """Tier 2: the resources with a name of the same words as ``key``, spelt differently."""
        loose = skeleton(key)
        if len(loose) < _MIN_SKELETON:  # one or two consonants say too little ("Ahrar", "Ariha": "r")
            return []
        found = []
        for entry in self._filter(self._lookup("loose", loose), kinds):
            same = [n for n in self.names_of(entry.iri) if (k := keys_of(n)) and k[1] == loose and spelling_variant(key, k[0])]
            if same:
                found.append(replace(entry, note=f"matched {same[0]!r} for {name!r} (spelling)"))
        return found

    def _prefix(self, name: str, key: str, kinds: set[str] | None) -> list[Entry]:
        """Tier 3: the resources with a name that starts with the words of ``key``. One
        resource resolves only when the words left out are descriptors ("military airport");
        several are all returned (the name is ambiguous)."""
        if len(key) < _MIN_PREFIX:
            return []
        starts: dict[str, list[str]] = {}
        for k, iri in self._prefixed(key):
            starts.setdefault(iri, []).append(k)
        found = self._filter(list(starts), kinds)
        if len(found) != 1:
            return found
        entry = found[0]
        size = len(key.split())
        fitting = {k for k in starts[str(entry.iri)] if set(k.split()[size:]) <= DESCRIPTORS}
        if not fitting:
            return []  # "Jaish" is not "Jaish al-Fath": the words left out name it (a suggestion)
        shown = entry.label if normalise(entry.label) in fitting else next(
            n for n in self.names_of(entry.iri) if normalise(n) == min(fitting))
        return [replace(entry, note=f"matched {shown!r} for {name!r} (the only name that starts so)")]

    def candidates(self, name: str, kinds: set[str] | None = None) -> list[Entry]:
        """The resources ``name`` may name, from the first tier that has any (see the module):
        one is an answer (with a note for a spelling variant or a prefix), several an ambiguous
        name, none an unknown one."""
        key = normalise(name)
        if not key:
            return []
        found = self._filter(self._lookup("exact", key), kinds)
        if not found:
            found = self._spelling(name, key, kinds)
        if not found:
            found = self._prefix(name, key, kinds)
        return found

    def resolve(self, name: str, kinds: set[str] | None = None, *, where: str = "") -> Entry:
        """The one resource called ``name``; raises NameNotFound or AmbiguousName. A match by
        spelling or prefix carries its note, which is also told to :func:`noting` (after
        ``where``, e.g. a file's row, when given)."""
        found = self.candidates(name, kinds)
        if len(found) == 1:
            if found[0].note:
                _tell(f"{where}: {found[0].note}" if where else found[0].note)
            return found[0]
        if found:
            listed = [e.describe() for e in found[:_MAX_LISTED]]
            if len(found) > _MAX_LISTED:
                listed.append(f"and {len(found) - _MAX_LISTED} more")
            raise AmbiguousName(name, listed)
        # a name that qualifies another ("Free" Syrian Army) names something else: no suggestion
        suggestions = [e for e, group, _ in self._ranked(name, kinds, 50, 60) if group < _QUALIFIED][:5]
        what = {frozenset(ACTOR_KINDS): "actor", frozenset(MEMBER_KINDS): "actor or person",
                frozenset(PLACE_KINDS): "place"}.get(frozenset(kinds or ()), "actor or place")
        raise NameNotFound(name, [e.label for e in suggestions], what, [e.kind for e in suggestions])

    def search(
        self, text: str, kinds: set[str] | None = None, limit: int = 10, cutoff: float = 60
    ) -> list[tuple[Entry, float]]:
        """Ranked candidates for ``text``: (entry, score 0-100), best first, one row a resource,
        each entry with a note saying how it matched when not exactly. The tiers of
        :meth:`candidates` come first (exact 100, spelling 95), then fuzzy matches (at most 94);
        a fuzzy match that lacks a word of ``text`` loses score and comes after every match that
        has them all, and one that ``text`` qualifies (kg.namerules.qualifies: "Free Syrian
        Army" for "Syrian Army", "13th Division" for "Division") comes last: it names another
        organisation, often of the other side."""
        return [(e, score) for e, _, score in self._ranked(text, kinds, limit, cutoff)]

    def _ranked(self, text: str, kinds: set[str] | None, limit: int, cutoff: float) -> list[tuple[Entry, int, float]]:
        """:meth:`search`'s answers, each with its rank group (0 exact or spelling, 1 fuzzy,
        2 fuzzy lacking a word, 3 (_QUALIFIED) a name ``text`` qualifies)."""
        from rapidfuzz import fuzz, process

        key = normalise(text)
        best: dict[str, tuple[int, float, str]] = {}  # IRI -> (rank group, score, note)
        inside: dict[str, str] = {}  # IRIs with a name the text qualifies ("Free" Syrian Army)

        def offer(iri: str, group: int, score: float, note: str) -> None:
            if iri not in best or (group, -score) < (best[iri][0], -best[iri][1]):
                best[iri] = (group, score, note)

        for iri in self._lookup("exact", key):
            offer(iri, 0, 100.0, "")
        for entry in self._spelling(text, key, kinds) if key else []:
            offer(str(entry.iri), 0, 95.0, "spelling")
        if key:
            for choice, score, _ in process.extract(
                key, list(self.choices()), scorer=fuzz.WRatio, limit=50, score_cutoff=cutoff
            ):
                lacks = missing_words(key, choice)
                note = "lacks " + ", ".join(repr(w) for w in lacks) if lacks else ""
                score = max(0.0, min(float(score), 94.0) * (1 - _PENALTY * len(lacks)))
                for iri in self._lookup("exact", choice):
                    offer(iri, 1 if not lacks else 2, score, note)
                    if qualifies(key, choice):
                        inside[iri] = note  # the text is this name of it with a qualifier
        for iri, note in inside.items():  # whatever its other names: the text names something else
            if best[iri][0] != 0:
                best[iri] = (_QUALIFIED, best[iri][1], note)
        ranked = [(e, group, score, note) for e, (group, score, note) in
                  ((self.entry(i), v) for i, v in best.items()) if e is not None]
        if kinds:
            ranked = [r for r in ranked if r[0].kind in kinds]
        ranked.sort(key=lambda r: (r[1], -r[2], r[0].label))
        return [(replace(e, note=note), group, round(score, 1)) for e, group, score, note in ranked[:limit]]

    # --- persistence -----------------------------------------------------------------------

    def save(self, path: Path) -> None:
        """Write the tables to an SQLite file at ``path`` (atomically)."""
        tmp = path.with_name(f"{path.name}.tmp-{os.getpid()}")
        tmp.unlink(missing_ok=True)
        with closing(sqlite3.connect(tmp)) as db:
            # a new file, published by the rename below: no journal, no waiting for the disk
            db.execute("PRAGMA journal_mode = OFF")
            db.execute("PRAGMA synchronous = OFF")
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
            db.executescript(_INDEXES)  # after the rows: one sort each, not a B-tree insert a row
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

    def _prefixed(self, key: str) -> list[tuple[str, str]]:
        # the key's words and a space, up to the next character after the space ("!"): a range
        # of the exact table's index
        return list(self._db.execute("SELECT key, iri FROM exact WHERE key >= ? AND key < ?", (key + " ", key + "!")))

    def choices(self) -> dict[str, str]:
        if self._choices_cache is None:
            self._choices_cache = dict(self._db.execute("SELECT key, display FROM choice ORDER BY key"))
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
"""
_INDEXES = """
CREATE INDEX name_iri ON name (iri);
CREATE INDEX exact_key ON exact (key);
CREATE INDEX loose_key ON loose (key);
"""


_INDEX_VERSION = 2  # 2: the loose keys leave out "of" and "in" (kg.namerules.CONNECTIVES)
_indexes: dict[int, tuple[Graph, NameIndex]] = {}


def names_starting(path: Path, prefix: str, kinds: set[str] | None = None, limit: int = 200) -> list[str]:
    """The names (labels and aliases) in the stored name index at ``path`` that start with
    ``prefix`` (case aside, for ASCII letters), of resources of ``kinds``: for shell completion,
    one indexed query, nothing normalised or built."""
    escaped = prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    chosen = sorted(kinds or KINDS.values())
    sql = (f"SELECT DISTINCT name.name FROM name JOIN entry ON entry.iri = name.iri WHERE name.name LIKE ? "
           f"ESCAPE '\\' AND entry.kind IN ({', '.join('?' * len(chosen))}) ORDER BY name.name LIMIT ?")
    with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as db:
        return [row[0] for row in db.execute(sql, (escaped + "%", *chosen, limit))]


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

