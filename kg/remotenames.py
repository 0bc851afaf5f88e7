"""Names of a remote store (a SPARQL server), resolved on the server.

To resolve a name, a process asks the server one small query: the resources whose
``kg:nameKey`` is the name's normalised form or whose ``kg:nameSkeleton`` is its skeleton
(kg.namekeys: kg build, every import and kg load write them with the data), with their kind,
English label and names. That answers the exact and spelling-variant tiers of kg.names with
the answers an on-disk store gives, without reading every name.

Only what needs every name uses the whole index (kg.names.NameIndex): ranked suggestions for a
name nothing matches, ``kg search``, the views. It is read from the server once for each
version of its data (``kg:dataVersion``, which kg changes with every write: kg.store.update)
and kept in ``$XDG_CACHE_HOME/kg/remote/<endpoint>/`` (kg build and imports into a server
keep the index of the graph they wrote right away). Data without a version (written by another
tool) gets the whole index read by each process that needs it: a kept copy could not be known
to be current.

Data without name keys (loaded into the server by another tool): a name is looked up as
written (an exact label); when that finds nothing, the whole index is read. Both are said on
stderr.
"""

from __future__ import annotations

import hashlib
import os
import re
import sqlite3
import sys
from pathlib import Path
from typing import Any

from .errors import AmbiguousName
from .names import KINDS, Entry, NameIndex, StoredNameIndex, normalise, skeleton
from .sparqltext import IRI

__all__ = ["DATA_VERSION", "DATA_VERSION_SUBJECT", "RemoteNameIndex", "cache_dir", "keep_index"]

KG = "https://w3id.org/armed-groups-kg/ontology#"
# kg.store.update gives the data a new version, this triple, with every write to a server
DATA_VERSION_SUBJECT = "https://w3id.org/armed-groups-kg/id/store"
DATA_VERSION = KG + "dataVersion"
_KIND_ORDER = list(KINDS)
_MANY = 64  # single-resource lookups after which reading the whole index is cheaper (a view asks for every node)
_LANGUAGES = ("", "en", "ar", "ru", "fr", "de", "es", "tr", "ku", "fa", "he")  # for names looked up as written

# the rows of every query that fetches entries: a resource, its kind(s), English label(s), names
# (a FILTER on the kinds, not VALUES: Oxigraph 0.5 starts from a VALUES block, 400 ms at 1M triples)
_ENTRY = f"""
  ?s a ?type .
  FILTER (?type IN ({", ".join(f"kg:{k}" for k in KINDS)}))
  ?s skos:prefLabel ?pref .
  FILTER (LANGMATCHES(LANG(?pref), "en"))
  ?s skos:prefLabel|skos:altLabel|skos:hiddenLabel ?name ."""

_PREFIXES = f"""PREFIX kg: <{KG}>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
"""

# one request: the exact and the variant tier, the data's version, and whether it has keys at all
_BY_KEY = _PREFIXES + """SELECT ?tier ?s ?type ?pref ?name ?version ?keyed WHERE {
  {
    { ?s kg:nameKey %(key)s . BIND ("exact" AS ?tier) }
    UNION
    { ?s kg:nameSkeleton %(loose)s . BIND ("loose" AS ?tier) }""" + _ENTRY + """
  }
  UNION { <%(subject)s> kg:dataVersion ?version }
  UNION { SELECT ?keyed WHERE { ?keyed kg:nameKey ?anyKey } LIMIT 1 }
}"""

_BY_IRI = _PREFIXES + "SELECT ?s ?type ?pref ?name WHERE {\n  VALUES ?s { %(iri)s }" + _ENTRY + "\n}"

_AS_WRITTEN = _PREFIXES + """SELECT ?s ?type ?pref ?name WHERE {
  VALUES ?label { %(labels)s }
  ?s skos:prefLabel|skos:altLabel|skos:hiddenLabel ?label .""" + _ENTRY + "\n}"

_STATE = _PREFIXES + """SELECT ?version ?keyed WHERE {
  { <%(subject)s> kg:dataVersion ?version }
  UNION { SELECT ?keyed WHERE { ?keyed kg:nameKey ?anyKey } LIMIT 1 }
}"""


def _literal(text: str, language: str = "") -> str:
    """A SPARQL literal for ``text``, serialised by rdflib (quotes and backslashes escaped):
    never user text pasted into a query."""
    from rdflib import Literal

    return Literal(text, lang=language or None).n3()


def cache_dir(endpoint: str) -> Path:
    """Where what kg keeps about the server at ``endpoint`` lives."""
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    readable = re.sub(r"[^A-Za-z0-9.-]+", "_", endpoint.split("://", 1)[-1]).strip("_")[:60]
    return base / "kg" / "remote" / f"{readable}-{hashlib.sha256(endpoint.encode()).hexdigest()[:12]}"


def _kept(endpoint: str, version: str) -> Path:
    """The file the name index of ``version`` of the data at ``endpoint`` is kept in."""
    return cache_dir(endpoint) / f"{hashlib.sha256(version.encode()).hexdigest()[:24]}.names.sqlite"


def _keep(index: NameIndex, path: Path) -> None:
    """Keep ``index`` in ``path``, instead of the index of any other version."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        for old in path.parent.glob("*.names.sqlite"):  # other versions of the data
            old.unlink(missing_ok=True)
        index.save(path)
    except (OSError, sqlite3.Error):
        pass  # a read-only cache: the index is read from the server when needed


def keep_index(endpoint: str, version: str, graph: Any) -> None:
    """Keep the name index of ``graph``, which kg has just written to the server at
    ``endpoint`` as ``version`` of its data (kg build and imports: the whole graph is at hand)."""
    _keep(NameIndex.from_graph(graph), _kept(endpoint, version))


def _say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


class RemoteNameIndex(NameIndex):
    """The names of the graph of a remote store, looked up on its server (see the module).

    Resolution asks the server every time (one request), so the answer is the data's as it is
    now. Lookups of one resource by IRI are remembered while the data's version stays the
    same, and so is the whole index once something needed it."""

    def __init__(self, graph: Any, endpoint: str):  # nothing is read until a name is asked for
        self._graph, self._endpoint = graph, endpoint
        self._found: dict[tuple[str, str], list[str]] = {}  # (tier, key) -> IRIs, as the server answered
        self._entries: dict[str, Entry | None] = {}
        self._labels: dict[str, list[str]] = {}  # IRI -> its names
        self._whole: NameIndex | None = None
        self._whole_version: str | None = None
        self._version: str | None = None  # the data's version, as last seen
        self._keyed = True  # whether the data has name keys, as last seen
        self._asked = 0  # small requests for one name or one resource so far
        self._told = False
        self._answered: str | None = None  # the name resolve has just asked the server for

    # --- on the server ------------------------------------------------------------------

    def _select(self, query: str) -> list[Any]:
        return list(self._graph.query(query))

    def _remember(self, rows: list[Any]) -> list[str]:
        """Entries and names from rows of ?s ?type ?pref ?name; their IRIs."""
        from rdflib import URIRef

        types: dict[str, set[str]] = {}
        prefs: dict[str, set[str]] = {}
        names: dict[str, set[str]] = {}
        for row in rows:
            iri = str(row.s)
            types.setdefault(iri, set()).add(str(row.type).rsplit("#", 1)[-1])
            prefs.setdefault(iri, set()).add(str(row.pref))
            names.setdefault(iri, set()).update((str(row.name), str(row.pref)))
        for iri, kinds in types.items():  # as kg.names.NameIndex makes them
            self._entries[iri] = Entry(URIRef(iri), min(prefs[iri]), KINDS[min(kinds, key=_KIND_ORDER.index)])
            self._labels[iri] = sorted(names[iri])
        return list(types)

    def _seen(self, rows: list[Any]) -> None:
        """The data's version and whether it has keys, from the rows of ?version ?keyed; what the
        process holds of another version goes."""
        versions = sorted({str(r.version) for r in rows if r.version is not None})
        version = " | ".join(versions) or None
        if version != self._version:
            self._found.clear()
            self._entries.clear()
            self._labels.clear()
        if self._whole is not None and version != self._whole_version:
            self._whole = None
        self._version, self._keyed = version, any(r.keyed is not None for r in rows)

    def _ask(self, name: str) -> bool:
        """Look ``name`` up by its keys (one request); False when the data has no name keys."""
        key = normalise(name)
        loose = skeleton(key)
        rows = self._select(_BY_KEY % {"key": _literal(key), "loose": _literal(loose),
                                       "subject": DATA_VERSION_SUBJECT})
        self._seen(rows)
        tiers: dict[str, list[Any]] = {"exact": [], "loose": []}
        for row in rows:
            if row.tier is not None:
                tiers[str(row.tier)].append(row)
        self._found[("exact", key)] = self._remember(tiers["exact"])
        self._found[("loose", loose)] = self._remember(tiers["loose"])
        return self._keyed

    def _one(self, iri: str) -> None:
        """Look the resource ``iri`` up (its entry and names), or read the whole index after many."""
        if iri in self._entries or self._whole is not None:
            return
        if not IRI.fullmatch(iri):
            self._entries[iri] = None
        elif self._asked >= _MANY:
            self.whole()
        else:
            from rdflib import URIRef

            self._asked += 1
            if iri not in self._remember(self._select(_BY_IRI % {"iri": URIRef(iri).n3()})):
                self._entries[iri] = None

    # --- the whole index, for what needs every name ---------------------------------------

    def whole(self) -> NameIndex:
        """The index of every name: kept on disk for the data's version, else read from the
        server (seconds to minutes on a big store: said on stderr, with progress)."""
        if self._whole is not None:
            return self._whole
        self._seen(self._select(_STATE % {"subject": DATA_VERSION_SUBJECT}))
        version = self._version
        path = None if version is None else _kept(self._endpoint, version)
        index: NameIndex | None = StoredNameIndex.kept(path)
        if index is None:
            index = self._read_whole(path)
        self._whole, self._whole_version = index, version
        return index

    def _read_whole(self, path: Path | None) -> NameIndex:
        from .progress import task

        if path is not None:
            _say(f"reading every name on {self._endpoint} for the name index (kept for this version of its data)")
        else:
            _say(f"reading every name on {self._endpoint} for the name index (not kept: the data has no "
                 "kg:dataVersion, which kg writes with every build, import and load)")
        with task("indexing names", unit="names") as progress:
            index = NameIndex.from_graph(self._graph, progress.advance)
        if path is not None:
            _keep(index, path)
        return index

    # --- NameIndex's lookups ----------------------------------------------------------------

    @property
    def entries(self) -> dict:  # type: ignore[override]
        return self.whole().entries

    def entry(self, iri: str) -> Entry | None:
        iri = str(iri)
        self._one(iri)
        if iri in self._entries:
            return self._entries[iri]
        return self.whole().entry(iri)

    def names_of(self, iri: Any) -> list[str]:
        iri = str(iri)
        self._one(iri)
        if iri in self._entries:
            return self._labels.get(iri, [])
        return self.whole().names_of(iri)

    def _lookup(self, table: str, key: str) -> list[str]:
        if (table, key) in self._found:
            return self._found[(table, key)]
        return self.whole()._lookup(table, key)

    def choices(self) -> dict[str, str]:
        return self.whole().choices()

    def _prefixed(self, key: str) -> list[tuple[str, str]]:
        return self.whole()._prefixed(key)  # only for a name no key matches: suggestions read it too

    def _prepare(self, name: str) -> None:
        """Ask the server for ``name``'s keys, or read the whole index after many names."""
        if self._whole is None and name != self._answered:
            if self._asked >= _MANY:
                self.whole()  # many names (text extraction): one read of them all
            else:
                self._asked += 1
                if not self._ask(name):
                    self.whole()  # data without name keys

    def exact(self, name: str, kinds: set[str] | None = None) -> list[Entry]:
        self._prepare(name)
        return super().exact(name, kinds)

    def candidates(self, name: str, kinds: set[str] | None = None) -> list[Entry]:
        self._prepare(name)
        return super().candidates(name, kinds)

    def resolve(self, name: str, kinds: set[str] | None = None, *, where: str = "") -> Entry:
        if self._ask(name):
            self._answered = name  # the candidates of NameIndex.resolve need not ask again
            try:
                return super().resolve(name, kinds, where=where)
            finally:
                self._answered = None
        return self._as_written(name, kinds)

    def search(self, text: str, kinds: set[str] | None = None, limit: int = 10,
               cutoff: float = 60) -> list[tuple[Entry, float]]:
        if self._whole is not None:  # held from before: still the data's version?
            self._seen(self._select(_STATE % {"subject": DATA_VERSION_SUBJECT}))
        return super().search(text, kinds, limit, cutoff)

    # --- data without name keys ---------------------------------------------------------------

    def _as_written(self, name: str, kinds: set[str] | None) -> Entry:
        """Resolve ``name`` on data that has no name keys: by a label written exactly so (one
        request), else with the whole index."""
        values = " ".join(_literal(name, language) for language in _LANGUAGES)
        found = self._remember(self._select(_AS_WRITTEN % {"labels": values}))
        entries = sorted((e for e in (self._entries.get(i) for i in found)
                          if e is not None and (not kinds or e.kind in kinds)), key=lambda e: e.label)
        if not entries:
            return self.whole().resolve(name, kinds)
        if not self._told:
            _say(f"{self._endpoint} has no name keys (kg:nameKey; its data was not written by kg): "
                 f"{name!r} is matched as written, without its spelling variants. kg build, import "
                 "and load write the keys.")
            self._told = True
        if len(entries) > 1:
            raise AmbiguousName(name, [e.describe() for e in entries])
        return entries[0]
