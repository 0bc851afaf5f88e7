"""The name index a CSV import grows: the store's names and those of the actors and places the
file declares, which its later rows may name (kg.importers.statements).

The store's names are read once, into one kg.names.NameIndex; after each declared entity the
index is updated with that entity's names alone (NameIndex.update), each name normalised once.
An import of a few hundred new actors used to read and normalise the whole index again after
each: most of its time on the bundled graph, and quadratic in the new actors.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from ..names import INDEX_QUERY, NameIndex, keys_of

if TYPE_CHECKING:
    from rdflib import Graph, URIRef

__all__ = ["GrowingNames"]


class GrowingNames:
    """The name index of ``base`` and of the entities written into ``written`` on top of it."""

    def __init__(self, base: Graph, written: Graph):
        self.base, self.written = base, written
        self._index: NameIndex | None = None
        self._stale: set[Any] | None = set()  # subjects named since the index was made (None: any)
        self._keys: dict[str, tuple[str, str] | None] = {}

    def grew(self, *subjects: Any) -> None:
        """Names or kinds of ``subjects`` were written (none given: of any written subject)."""
        if not subjects or self._stale is None:
            self._stale = None
        else:
            self._stale.update(subjects)

    def _keyed(self, rows: list[tuple[Any, str, str, str]]) -> list[tuple[Any, str, str, str]]:
        for _, label, _, pref in rows:
            for name in (label, pref):
                if name not in self._keys:
                    self._keys[name] = keys_of(name)
        return rows

    @property
    def index(self) -> NameIndex:
        if self._index is None:
            from ..oxcopy import copy_of, select

            try:
                found: Iterable[Any] = select(copy_of(self.base), INDEX_QUERY)  # seconds faster than rdflib's engine
            except ValueError:  # a term Oxigraph refuses
                found = self.base.query(INDEX_QUERY)
            by_subject: dict[Any, list[tuple[Any, str, str, str]]] = {}
            for s, label, type_, pref in found:
                by_subject.setdefault(s, []).append((s, str(label), str(type_).rsplit("#", 1)[-1], str(pref)))
            for s in set(self.written.subjects()):  # what was written before the first lookup
                by_subject[s] = _subject_rows(s, (self.base, self.written))
            self._index = NameIndex(self._keyed([row for s in by_subject for row in by_subject[s]]), self._keys)
            self._stale = set()
        elif self._stale != set():
            for s in sorted(set(self.written.subjects()) if self._stale is None else self._stale, key=str):
                self._index.update(s, self._keyed(_subject_rows(s, (self.base, self.written))), self._keys)
            self._stale = set()
        return self._index


def _subject_rows(s: Any, graphs: tuple[Graph, ...]) -> list[tuple[URIRef, str, str, str]]:
    """The index query's rows for the subject ``s`` of the union of ``graphs``."""
    from rdflib import Literal
    from rdflib.namespace import RDF, SKOS

    from ..prefixes import PREFIXES

    types = {str(t).rsplit("#", 1)[-1] for g in graphs for t in g.objects(s, RDF.type) if str(t).startswith(PREFIXES["kg"])}
    prefs = {str(p) for g in graphs for p in g.objects(s, SKOS.prefLabel)
             if isinstance(p, Literal) and (p.language or "").lower().split("-")[0] == "en"}
    labels = {str(n) for g in graphs for prop in (SKOS.prefLabel, SKOS.altLabel, SKOS.hiddenLabel)
              for n in g.objects(s, prop)}
    return [(s, label, type_, pref) for type_ in sorted(types) for pref in sorted(prefs) for label in sorted(labels)]
