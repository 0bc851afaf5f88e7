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
report there (docs/scaling.md). The rows themselves, and the cells' text, are kg.edgerows'.
"""

from __future__ import annotations

import array
import functools
import itertools
import os
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from contextlib import closing
from pathlib import Path
from types import MappingProxyType
from typing import Any

from .collector import paused
from .edgerows import DAY, SEP, VARIABLES, XSD_DATE, XSD_STRING, BlankNodes, Collected, rows_of

__all__ = ["Terms", "edges_file", "read", "read_columns", "read_numbers", "write", "write_rows"]

_VERSION = 2  # of the file (its name says it too: kg.edges.edges_file)


def edges_file(store_path: Path, generation: str) -> Path:
    """Where the edge table of a generation of an on-disk store is kept."""
    return store_path / f"{generation}.edges-{_VERSION}.sqlite"

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
        if tag == XSD_STRING:
            return literal(value, None, datatype, value, False)
        if tag == XSD_DATE and DAY.fullmatch(value):
            try:
                return literal(value, None, datatype, day(value), False)
            except ValueError:
                pass  # no such day (2015-02-30): rdflib's own answer
        return Literal(value, datatype=datatype)

    return term
