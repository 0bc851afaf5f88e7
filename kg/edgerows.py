"""The rows of the edge table (kg.edges), worked out in Python: the named query
``network-edges``'s rows (queries/network-edges.rq) from a pyoxigraph store, or from the triples
a load has just read (kg.loaded), sorted as the report's ``ORDER BY`` sorts them.

Each cell holds one RDF term as text: ``<`` and the IRI, ``_`` and a blank node's id, or for
a literal ``"`` (datatype) or ``@`` (language), that IRI or tag, a unit separator (0x1F, in
neither), then the lexical form (:func:`cell_of`, :func:`text_of`).
"""

from __future__ import annotations

import itertools
import operator
import re
from collections.abc import Callable, Iterable, Iterator
from typing import Any

__all__ = ["DAY", "PREDICATES", "SEP", "VARIABLES", "XSD_DATE", "XSD_STRING", "BlankNodes", "Collected", "StoreTriples", "cell_of", "english_tag", "rows_of",
           "text_of"]

KG = "https://w3id.org/armed-groups-kg/ontology#"
_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_SUBCLASS = "http://www.w3.org/2000/01/rdf-schema#subClassOf"
_PREF = "http://www.w3.org/2004/02/skos/core#prefLabel"
_PROV = "http://www.w3.org/ns/prov#wasDerivedFrom"
_URL = "https://schema.org/url"
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
XSD_DATE = "http://www.w3.org/2001/XMLSchema#date"
DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")

# network-edges' SELECT, in order (tests/test_edges.py checks it against the query's text)
VARIABLES = ("statement", "kind", "actor", "actorLabel", "actorType", "object", "objectLabel", "objectType",
             "qualifier", "start", "startPrecision", "startBound", "end", "endPrecision", "endBound", "attested",
             "certainFrom", "certainUntil", "possibleFrom", "possibleUntil", "claimantLabel", "endClaimantLabel",
             "sourceName", "sourceUrl")
# its ORDER BY, as positions in VARIABLES
_ORDER = tuple(VARIABLES.index(v) for v in ("statement", "sourceName", "kind", "actorType", "objectType", "qualifier",
                                            "claimantLabel", "endClaimantLabel", "sourceUrl"))
_OPTIONAL = ("start", "startPrecision", "startBound", "end", "endPrecision", "endBound", "attested")
_SPANS = ("certainFrom", "certainUntil", "possibleFrom", "possibleUntil")
SEP = "\x1f"

# --- terms as text ---------------------------------------------------------------------------


def cell_of(term: Any) -> str | None:
    """A pyoxigraph term as a cell (see the module docstring)."""
    import pyoxigraph as ox

    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return "<" + term.value
    if isinstance(term, ox.BlankNode):
        return "_" + term.value
    if isinstance(term, ox.Literal):
        if term.language:
            return f"@{term.language}{SEP}{term.value}"
        return f'"{term.datatype.value}{SEP}{term.value}'
    return "<" + str(term)  # a quoted triple: never a statement's part in kg's data


def _rank(cell: str | None) -> tuple[int, str]:
    """SPARQL's order of a cell's term: unbound, blank nodes, IRIs, literals, each by its text."""
    if cell is None:
        return (0, "")
    first = cell[0]
    if first == "_":
        return (1, cell[1:])
    if first == "<":
        return (2, cell[1:])
    return (3, cell.split(SEP, 1)[1])


# --- the rows, from a pyoxigraph store ------------------------------------------------------------


class StoreTriples:
    """A pyoxigraph store's default graph, read for :func:`rows_of` (its terms as cells)."""

    def __init__(self, store: Any):
        import pyoxigraph as ox

        self._store, self._graph, self._node = store, ox.DefaultGraph(), ox.NamedNode
        self._blank = ox.BlankNode

    def _term(self, cell: str) -> Any:
        return self._blank(cell[1:]) if cell[0] == "_" else self._node(cell[1:])

    def objects(self, subject: str, predicate: str) -> list[str | None]:
        return [cell_of(q.object) for q in self._store.quads_for_pattern(self._term(subject), self._node(predicate), None,
                                                                        self._graph)]

    def subjects(self, predicate: str, obj: str) -> list[str | None]:
        return [cell_of(q.subject) for q in self._store.quads_for_pattern(None, self._node(predicate), self._term(obj),
                                                                         self._graph)]

    def by_subject(self, predicate: str) -> dict[Any, list[Any]]:
        found: dict[Any, list[Any]] = {}
        for quad in self._store.quads_for_pattern(None, self._node(predicate), None, self._graph):
            found.setdefault(cell_of(quad.subject), []).append(cell_of(quad.object))
        return found


# the predicates :func:`rows_of` reads (a Collected source keeps these)
PREDICATES = frozenset([_RDF_TYPE, _SUBCLASS, _PREF, _PROV, _URL] + [KG + name for name in (
    "actor", "object", "usedAs", "role", "affiliationType", "lineageType", "claimant", "endClaimant",
    *_SPANS, *_OPTIONAL)])


class Collected:
    """Triples kept as they stream by (``kg load`` keeps those of :data:`PREDICATES` while
    the files are read), read for :func:`rows_of` as a store is: the subject and the object
    of each as cells (:func:`cell_of`), the predicate as its IRI."""

    def __init__(self) -> None:
        self.table: dict[str, dict[Any, list[Any]]] = {}
        self._reverse: dict[str, dict[Any, list[Any]]] = {}

    def add(self, subject: Any, predicate: str, obj: Any) -> None:
        values = self.table.setdefault(predicate, {}).setdefault(subject, [])
        if obj not in values:  # a store keeps a triple once, however often it is given
            values.append(obj)

    def objects(self, subject: Any, predicate: str) -> list[Any]:
        return self.table.get(predicate, {}).get(subject, [])

    def subjects(self, predicate: str, obj: Any) -> list[Any]:
        reverse = self._reverse.get(predicate)
        if reverse is None:
            reverse = self._reverse[predicate] = {}
            for subject, objects in self.table.get(predicate, {}).items():
                for value in dict.fromkeys(objects):
                    reverse.setdefault(value, []).append(subject)
        return reverse.get(obj, [])

    def by_subject(self, predicate: str) -> dict[Any, list[Any]]:
        return self.table.get(predicate, {})


class BlankNodes(Exception):
    """A :class:`Collected` source's statements join through blank nodes: the rows are the
    store's to give (its blank nodes are not the parser's)."""


def rows_of(store: Any) -> list[tuple[str | None, ...]]:
    """network-edges' rows of a pyoxigraph store's default graph (or a :class:`Collected`
    source), as cells, in the report's order: the query's patterns followed one predicate at
    a time (every statement's values of a predicate read in one scan), every term a cell. A
    Collected source whose statements, their kinds, parts, sources or claimants are blank
    nodes raises :class:`BlankNodes`."""
    triples = store if isinstance(store, Collected | StoreTriples) else StoreTriples(store)
    objects, by_subject = triples.objects, triples.by_subject
    kinds = list(dict.fromkeys(triples.subjects(_SUBCLASS, "<" + KG + "Statement")))
    statements: dict[Any, list[Any]] = {}  # statement -> its kinds
    for kind in kinds:
        for subject in dict.fromkeys(triples.subjects(_RDF_TYPE, kind)):
            statements.setdefault(subject, []).append(kind)
    if not statements:
        return []
    actor, obj, derived = by_subject(KG + "actor"), by_subject(KG + "object"), by_subject(_PROV)
    spans = [by_subject(KG + name) for name in _SPANS]
    optional = [by_subject(KG + name) for name in _OPTIONAL]
    qualifiers = [by_subject(KG + name) for name in ("role", "affiliationType", "lineageType")]
    claimants, end_claimants = by_subject(KG + "claimant"), by_subject(KG + "endClaimant")

    nodes: dict[Any, tuple[list[str | None], list[str | None]]] = {}

    def node(term: str) -> tuple[list[str | None], list[str | None]]:
        """A node's kg: types and English preferred labels."""
        known = nodes.get(term)
        if known is None:
            types = [t for t in objects(term, _RDF_TYPE) if t is not None and t[0] != "_" and text_of(t).startswith(KG)] \
                if not _literal(term) else []
            known = nodes[term] = (types, _english(term, objects))
        return known

    labels: dict[Any, list[str | None]] = {}

    def english(term: str) -> list[str | None]:
        """OPTIONAL { ?claimant skos:prefLabel ?label FILTER (LANGMATCHES(LANG(?label), "en")) }"""
        known = labels.get(term)
        if known is None:
            known = labels[term] = _english(term, objects) or [None]
        return known

    sources: dict[Any, tuple[list[str | None], list[str | None]]] = {}

    def source(term: str) -> tuple[list[str | None], list[str | None]]:
        known = sources.get(term)
        if known is None:
            if _literal(term):
                known = ([], [])
            else:
                known = (list(objects(term, KG + "usedAs")), list(objects(term, _URL)) or [None])
            sources[term] = known
        return known

    def blank(terms: Iterable[str]) -> bool:
        return any(t[0] == "_" for t in terms)

    out: list[tuple[str | None, ...]] = []
    for statement, its_kinds in statements.items():
        actors, objects_ = actor.get(statement), obj.get(statement)
        if isinstance(triples, Collected) and blank([statement, *its_kinds, *(actors or ()), *(objects_ or ()),
                                                     *derived.get(statement, ()), *claimants.get(statement, ()),
                                                     *end_claimants.get(statement, ())]):
            # a blank node as parsed is not the store's (a bulk load gives each file's its own)
            raise BlankNodes
        if not actors or not objects_ or statement not in derived:
            continue
        span_values: list[list[Any]] = [table.get(statement) or [] for table in spans]
        if not all(span_values):
            continue
        qualifier = [v for table in qualifiers for v in table.get(statement, ())] or [None]
        optionals = [table.get(statement) or [None] for table in optional]
        claimant = [label for c in claimants.get(statement, ()) for label in english(c)] or [None]
        end_claimant = [label for c in end_claimants.get(statement, ()) for label in english(c)] or [None]
        pairs = [(name, url) for s in derived[statement] for name, url in _source_pairs(source(s))]
        if not pairs:
            continue
        for a, o in itertools.product(actors, objects_):
            a_types, a_labels = node(a)
            o_types, o_labels = node(o)
            if not (a_types and a_labels and o_types and o_labels):
                continue
            for k, at, al, ot, ol, q, values, cf, cu, pf, pu, cl, ecl, (name, url) in itertools.product(
                    its_kinds, a_types, a_labels, o_types, o_labels, qualifier, itertools.product(*optionals),
                    *span_values, claimant, end_claimant, pairs):
                out.append((statement, k, a, al, at, o, ol, ot, q, *values, cf, cu, pf, pu, cl, ecl, name, url))
    return _sorted(out)


def _sorted(rows: list[tuple[str | None, ...]]) -> list[tuple[str | None, ...]]:
    """``rows`` in the report's order: by the ORDER BY's columns, then (rows it leaves tied)
    by every column; each cell ranked once (they recur), the rows of a tie alone ranked by
    every column."""
    ranks: dict[str | None, tuple[int, str]] = {}

    def rank(cell: str | None) -> tuple[int, str]:
        found = ranks.get(cell)
        if found is None:
            found = ranks[cell] = _rank(cell)
        return found

    ordered = operator.itemgetter(*_ORDER)
    keyed = sorted(((tuple(map(rank, ordered(row))), row) for row in rows), key=operator.itemgetter(0))
    out: list[tuple[str | None, ...]] = []
    for _, tied in itertools.groupby(keyed, key=operator.itemgetter(0)):
        group = [row for _, row in tied]
        if len(group) > 1:
            group.sort(key=lambda row: tuple(map(rank, row)))
        out.extend(group)
    return out


def _english(term: str, objects: Callable[[str, str], list[Any]]) -> list[str | None]:
    """``term``'s skos:prefLabel values whose language matches "en" (LANGMATCHES: en, en-GB, ...)."""
    if _literal(term):
        return []
    return [label for label in objects(term, _PREF) if label[0] == "@" and english_tag(label[1:label.index(SEP)])]


def english_tag(tag: str) -> bool:
    """Whether a language tag matches "en" as SPARQL's LANGMATCHES does (en, en-GB, ...)."""
    tag = tag.lower()
    return tag == "en" or tag.startswith("en-")


def _literal(cell: str) -> bool:
    return cell[0] in "\"@"


def text_of(cell: str) -> str:
    """The text of a cell's term (pyoxigraph's ``value``: an IRI, a blank node's id, a
    literal's lexical form)."""
    return cell[1:] if cell[0] in "<_" else cell.split(SEP, 1)[1]


def _source_pairs(source: tuple[list[str | None], list[str | None]]) -> Iterator[tuple[str | None, str | None]]:
    names, urls = source
    return itertools.product(names, urls)
