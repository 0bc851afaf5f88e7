"""The edge table: the rows of the named query ``network-edges`` (queries/network-edges.rq),
worked out once when a generation of an on-disk store is written and kept beside it in an
SQLite file (``gen-X.edges-2.sqlite``, format 2, next to the name index ``gen-X.names.sqlite``;
a generation written without one, by an older kg, gets it when it is first read).

Reading the report from the store costs what Oxigraph takes to turn half a million rows of
ids back into text (minutes at 10M triples); the table reads back in seconds. Every writer of
an on-disk generation writes it: ``kg build``, the imports and ``kg add`` (kg.store.write) and
``kg load`` (kg.load), from the generation just written, so it is never stale: a generation's
content never changes. The rows are the report's own, in its order (its ``ORDER BY``, SPARQL's
order of terms: unbound, blank nodes, IRIs, literals, each by its text); rows the ``ORDER BY``
leaves tied (a resource with two English labels) come in the order of their other columns.

Each cell holds one RDF term as text: ``<`` and the IRI, ``_`` and a blank node's id, or for
a literal ``"`` (datatype) or ``@`` (language), that IRI or tag, a unit separator (0x1F, in
neither), then the lexical form. Memory and remote stores have no table: kg reads the SPARQL
report there (docs/scaling.md).
"""

from __future__ import annotations

import array
import functools
import itertools
import operator
import os
import re
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from contextlib import closing
from pathlib import Path
from types import MappingProxyType
from typing import Any

from .collector import paused

__all__ = ["VARIABLES", "BlankNodes", "Terms", "cell_of", "edges_file", "english_tag", "read", "read_columns", "read_numbers",
           "rows_of", "text_of", "write", "write_rows"]

KG = "https://w3id.org/armed-groups-kg/ontology#"
_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_SUBCLASS = "http://www.w3.org/2000/01/rdf-schema#subClassOf"
_PREF = "http://www.w3.org/2004/02/skos/core#prefLabel"
_PROV = "http://www.w3.org/ns/prov#wasDerivedFrom"
_URL = "https://schema.org/url"
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_XSD_DATE = "http://www.w3.org/2001/XMLSchema#date"
_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")

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
_VERSION = 2  # of the file (its name says it too: kg.edges.edges_file)
SEP = "\x1f"


def edges_file(store_path: Path, generation: str) -> Path:
    """Where the edge table of a generation of an on-disk store is kept."""
    return store_path / f"{generation}.edges-{_VERSION}.sqlite"


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


# --- the file ------------------------------------------------------------------------------
#
# Format 2: each distinct cell once, numbered from 1 in the order the rows first use it (0 is
# unbound), in the table ``term``; the rows in blocks of BLOCK, each block's cells as those
# numbers, a column after another (an array of unsigned 32-bit integers, this machine's byte
# order: the file never leaves the store's directory), with the highest number the block uses
# (its terms are read up to there as the blocks stream by); and for each actor the numbers of
# its rows (the rows of a few actors, for the network around a node). Reading makes each
# distinct cell a term once and each row's terms come by their numbers, with no text hashed.

BLOCK = 4096  # rows in a block


def _ids(numbers: bytes) -> array.array[int]:
    found = array.array("I")
    found.frombytes(numbers)
    return found


def write(store: Any, path: Path, collected: Collected | None = None) -> int:
    """Write the edge table of the pyoxigraph ``store`` to the SQLite file ``path``
    (atomically); returns the number of rows. ``collected``: the store's triples as they were
    loaded (kg.loaded), read instead of the store unless blank nodes join them."""
    try:
        rows = rows_of(collected if collected is not None else store)
    except BlankNodes:
        rows = rows_of(store)
    return write_rows(path, rows)


def write_rows(path: Path, rows: list[tuple[str | None, ...]]) -> int:
    """Write ``rows`` (:func:`rows_of`'s) as the edge table at ``path`` (atomically: a new
    file, renamed into place); returns their number."""
    tmp = path.with_name(f"{path.name}.tmp-{os.getpid()}")
    tmp.unlink(missing_ok=True)
    numbers: dict[str | None, int] = {None: 0}
    number = numbers.setdefault
    blocks = []
    by_actor: dict[str | None, array.array[int]] = {}
    actor_column = VARIABLES.index("actor")
    for first in range(0, len(rows), BLOCK):
        block = rows[first:first + BLOCK]
        ids = array.array("I")
        for column in zip(*block):
            ids.extend([number(cell, len(numbers)) for cell in column])
        blocks.append((first, len(block), len(numbers) - 1, ids.tobytes()))
        for n, row in enumerate(block, first):
            by_actor.setdefault(row[actor_column], array.array("I")).append(n)
    with closing(sqlite3.connect(tmp)) as db:
        db.execute("PRAGMA journal_mode = OFF")
        db.execute("PRAGMA synchronous = OFF")
        db.execute("CREATE TABLE meta (version INTEGER, rows INTEGER)")
        db.execute("INSERT INTO meta VALUES (?, ?)", (_VERSION, len(rows)))
        db.execute("CREATE TABLE term (id INTEGER PRIMARY KEY, cell TEXT)")
        cells = iter(numbers)
        next(cells)  # unbound: 0
        db.executemany("INSERT INTO term VALUES (?, ?)", enumerate(cells, 1))
        db.execute("CREATE TABLE block (n INTEGER PRIMARY KEY, rows INTEGER, top INTEGER, cells BLOB)")
        db.executemany("INSERT INTO block VALUES (?, ?, ?, ?)", blocks)
        db.execute("CREATE TABLE actor (actor TEXT PRIMARY KEY, rows BLOB) WITHOUT ROWID")
        db.executemany("INSERT INTO actor VALUES (?, ?)", ((a, n.tobytes()) for a, n in by_actor.items()
                                                           if a is not None))
        db.commit()
    os.replace(tmp, path)
    return len(rows)


def available(path: Path | None) -> bool:
    """Whether ``path`` is an edge table this version of kg reads."""
    if path is None or not path.is_file():
        return False
    try:
        with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as db:
            (version,) = db.execute("SELECT version FROM meta").fetchone()
    except sqlite3.Error:
        return False
    return bool(version == _VERSION) and array.array("I").itemsize == 4


def table_of(graph: Any) -> Path | None:
    """The edge table of the on-disk generation the rdflib ``graph`` reads (its store,
    kg.backends.GenerationStore, knows its directory); a generation written without one this
    kg reads (by an older kg) gets it now, from the store, as the name index does. None for
    memory and remote stores, and where the table cannot be written: there the SPARQL report
    is read."""
    generation = getattr(graph.store, "generation", None)
    if not isinstance(generation, Path):
        return None
    found = edges_file(generation.parent, generation.name)
    if available(found):
        return found
    try:
        write(graph.store.oxigraph, found)
    except (OSError, sqlite3.Error):
        return None
    return found if available(found) else None


def result_of(path: Path) -> Any:
    """The edge table at ``path`` as an rdflib SELECT result (the rows come as they are read:
    a stream's first row at once)."""
    from rdflib.query import Result, ResultRow
    from rdflib.term import Variable

    variables = [Variable(v) for v in VARIABLES]

    class TableRow(ResultRow):  # type: ignore[misc]
        """rdflib's ResultRow, its labels the class's: one dict for every row (rdflib makes
        one a row), so that a row is made by tuple.__new__ alone."""

        labels = MappingProxyType({v: i for i, v in enumerate(VARIABLES)})

    class TableResult(Result):  # type: ignore[misc]
        """rdflib's Result, its rows made straight from the blocks, a column at a time (no
        Python code runs a row or a cell), each distinct cell made a term once."""

        def __init__(self) -> None:
            super().__init__("SELECT")
            self.vars = list(variables)
            self._made: list[Any] = []  # the rows read so far, for a second reading
            self._reading: Iterator[list[Any]] | None = self._batches()

        def _batches(self) -> Iterator[list[Any]]:
            row = functools.partial(tuple.__new__, TableRow)
            for columns in read_columns(path, rdflib_terms()):
                with paused():  # a batch makes thousands of tuples and terms, no cycles (kg.collector)
                    rows = list(map(row, zip(*columns)))
                yield rows

        def __iter__(self) -> Iterator[Any]:
            yield from self._made
            while self._reading is not None:
                batch = next(self._reading, None)
                if batch is None:
                    self._reading = None
                    return
                self._made.extend(batch)
                yield from batch

        @property  # type: ignore[misc]
        def bindings(self) -> Any:
            return [dict(zip(variables, row)) for row in self]  # unbound as None, as oxrdflib gives them

    return TableResult()


class Terms(dict):  # type: ignore[type-arg]
    """Cells to terms: a dict (a cell seen before costs a lookup, not a call), each new cell
    made a term by ``make``."""

    def __init__(self, make: Callable[[str | None], Any]):
        super().__init__({None: None})
        self._make = make

    def __missing__(self, cell: str) -> Any:
        found = self[cell] = self._make(cell)
        return found


def _open(path: Path) -> sqlite3.Connection:
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
    (version,) = db.execute("SELECT version FROM meta").fetchone()
    if version != _VERSION:
        db.close()
        raise sqlite3.DatabaseError(f"{path}: an edge table of another version of kg")
    return db


def read_columns(path: Path, make: Callable[[str], Any]) -> Iterator[list[list[Any]]]:
    """The rows of the edge table at ``path``, in the report's order, a block at a time as its
    columns (in VARIABLES' order), each cell made a term by ``make`` (once for each distinct
    cell; unbound as None)."""
    with closing(_open(path)) as db:
        terms: list[Any] = [None]
        cells = db.execute("SELECT cell FROM term ORDER BY id")
        width = len(VARIABLES)
        for count, top, numbers in db.execute("SELECT rows, top, cells FROM block ORDER BY n"):
            if top >= len(terms):
                terms.extend([make(cell) for (cell,) in cells.fetchmany(top + 1 - len(terms))])
            ids, term = _ids(numbers), terms.__getitem__
            yield [list(map(term, ids[i * count:(i + 1) * count])) for i in range(width)]


def read_numbers(path: Path) -> Iterator[tuple[list[str | None], int, array.array[int]]]:
    """The rows of the edge table at ``path``, in the report's order, a block at a time as
    numbers: the cells numbered so far (a list: 0 is None, unbound; it grows as the blocks
    stream by), the block's number of rows ``n`` and its cells as those numbers, a column after
    another in VARIABLES' order (column ``i`` is ``numbers[i * n:(i + 1) * n]``)."""
    with closing(_open(path)) as db:
        cells: list[str | None] = [None]
        more = db.execute("SELECT cell FROM term ORDER BY id")
        for count, top, numbers in db.execute("SELECT rows, top, cells FROM block ORDER BY n"):
            if top >= len(cells):
                cells.extend([cell for (cell,) in more.fetchmany(top + 1 - len(cells))])
            yield cells, count, _ids(numbers)


def read(path: Path, actors: Iterable[str] | None = None) -> Iterator[tuple[str | None, ...]]:
    """The rows of the edge table at ``path``, as cells, in the report's order; with ``actors``
    (IRIs) only the rows of statements whose actor is one of them (in the report's order too)."""
    if actors is None:
        for columns in read_columns(path, str):
            yield from zip(*columns)
        return
    with closing(_open(path)) as db:
        chosen = ["<" + a for a in actors]
        wanted: list[int] = []
        for start in range(0, len(chosen), 500):
            chunk = chosen[start:start + 500]
            for (numbers,) in db.execute(f'SELECT rows FROM actor WHERE actor IN ({", ".join("?" * len(chunk))})',
                                         chunk):
                wanted.extend(_ids(numbers))
        width = len(VARIABLES)
        found: list[list[int]] = []  # each row's cells, as numbers
        for block, rows in itertools.groupby(sorted(wanted), key=lambda n: n // BLOCK):
            first, count, numbers = db.execute("SELECT n, rows, cells FROM block WHERE n = ?",
                                               (block * BLOCK,)).fetchone()
            ids = _ids(numbers)
            found.extend([ids[i * count + n - first] for i in range(width)] for n in rows)
        needed = sorted({i for row in found for i in row} - {0})
        text: dict[int, str | None] = {0: None}
        for start in range(0, len(needed), 500):
            ids_part = needed[start:start + 500]
            text.update(db.execute(f'SELECT id, cell FROM term WHERE id IN ({", ".join("?" * len(ids_part))})', ids_part))
    for row in found:
        yield tuple(text[i] for i in row)


def rdflib_terms() -> Callable[[str | None], Any]:
    """A function from a cell to the rdflib term oxrdflib gives for it (kg's default store).
    An IRI is made as rdflib makes it, less the check of its text: the store checked it. A
    literal in a language, an xsd:string and a well-formed xsd:date (YYYY-MM-DD, a real day)
    are made as rdflib's Literal makes them, less its parsing (their text is their value; the
    date's value is the day): the same text, language, datatype, value and ill-typedness
    (tests/test_edges.py compares them with rdflib's own); any other literal by rdflib."""
    import datetime as dt

    from rdflib import BNode, Literal, URIRef

    datatypes: dict[str, Any] = {}
    languages: dict[str, str | None] = {}  # a tag as rdflib keeps it (it checks it once)
    iri, new = str.__new__, str.__new__
    day = dt.date.fromisoformat

    def literal(value: str, language: str | None, datatype: Any, typed: Any, ill_typed: bool | None) -> Any:
        made = new(Literal, value)
        made._language, made._datatype, made._value, made._ill_typed = language, datatype, typed, ill_typed
        return made

    def term(cell: str | None) -> Any:
        if cell is None:
            return None
        first, rest = cell[0], cell[1:]
        if first == "<":
            return iri(URIRef, rest)
        if first == "_":
            return BNode(rest)
        tag, value = rest.split(SEP, 1)
        if first == "@":
            language = languages.get(tag, "")
            if language == "":
                language = languages[tag] = Literal("", lang=tag).language
            return literal(value, language, None, value, None)
        datatype = datatypes.get(tag)
        if datatype is None:
            datatype = datatypes[tag] = URIRef(tag)
        if tag == _XSD_STRING:
            return literal(value, None, datatype, value, False)
        if tag == _XSD_DATE and _DAY.fullmatch(value):
            try:
                return literal(value, None, datatype, day(value), False)
            except ValueError:
                pass  # no such day (2015-02-30): rdflib's own answer
        return Literal(value, datatype=datatype)

    return term
