"""An on-disk store's generation read straight through pyoxigraph, without rdflib.

Importing rdflib and its SPARQL parser (which oxrdflib loads) takes about 250 ms, most of a
cold ``kg ties`` on the bundled graph; importing pyoxigraph takes about 10. A :class:`Reader` runs
the named queries on the generation with pyoxigraph (parameters bound the way kg binds them
everywhere: a VALUES block first in the WHERE group, kg.sparqltext) and returns rows that read
like rdflib's: ``row.name`` and ``row["name"]``, None where unbound, each term's ``str()`` the
IRI or the literal's lexical form, and ``toPython()`` for dates. Names resolve in the
generation's stored name index (kg.names), whose entries carry their IRI as plain text (a
``str``, where the rdflib path has a URIRef: ``str()`` of either is the same).

The record code (kg.ties, kg.lineage) reads through :func:`select` and :func:`name_index`,
which take a Reader or an rdflib graph, so it is the same on both paths. kg.store.open_reader
opens a Reader, and kg.api.KG uses it for ties, control and lineage on an on-disk store that
has its name index. rdflib stays for building, validation, export and everything else.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox

from . import queries
from .edgerows import SEP
from .errors import QueryError
from .names import NameIndex, StoredNameIndex, index_for
from .prefixes import PREFIXES
from .queries import XSD_DATE, NamedQuery, Term, bindings, failure, get_query
from .sparqltext import values_first, with_iris

if TYPE_CHECKING:
    from rdflib import Graph, URIRef

__all__ = ["LiteralText", "Reader", "Row", "name_index", "named_rows", "rows_of_text", "select", "solutions"]

_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


class LiteralText(str):
    """A literal of a result row: its lexical form (what ``str()`` of an rdflib Literal gives),
    with ``datatype`` and ``language``, and ``toPython()``."""

    datatype: str | None
    language: str | None

    def toPython(self) -> Any:  # rdflib's name: kg.queries.term_date calls it on both paths
        """The value: a ``datetime.date`` for an xsd:date, else what rdflib's Literal gives
        (rdflib is imported for that only: kg's records read nothing but dates)."""
        if self.datatype == XSD_DATE and _DAY.fullmatch(self):
            try:
                return dt.date.fromisoformat(self)
            except ValueError:
                pass  # not a day (2015-02-30): rdflib's answer, whatever it is
        from rdflib import Literal, URIRef

        datatype = None if self.datatype is None or self.language else URIRef(self.datatype)
        return Literal(str(self), lang=self.language, datatype=datatype).toPython()


def _text(term: Any) -> str | None:
    """A result term as kg's record code reads it: an IRI or blank node as its text, a
    literal as a :class:`LiteralText`, unbound as None."""
    if term is None:
        return None
    if isinstance(term, ox.Literal):
        text = LiteralText(term.value)
        text.language = term.language
        text.datatype = term.datatype.value
        return text
    if isinstance(term, (ox.NamedNode, ox.BlankNode)):
        return str(term.value)
    return str(term)  # a quoted triple, in N-Triples


class Row(tuple):  # type: ignore[type-arg]
    """One solution, read as rdflib's ResultRow is: by position, by variable name
    (``row["name"]``) and as an attribute (``row.name``); None where unbound."""

    labels: Mapping[str, int]  # variable name -> position, shared by the rows of a result

    def __getitem__(self, key: Any) -> Any:
        if isinstance(key, str):
            return tuple.__getitem__(self, self.labels[key])
        return tuple.__getitem__(self, key)

    def __getattr__(self, name: str) -> Any:
        labels = self.__dict__.get("labels", {})
        if name not in labels:
            raise AttributeError(name)
        return tuple.__getitem__(self, labels[name])


class PlainNameIndex(StoredNameIndex):
    """The stored name index of a generation, its entries' IRIs as plain text (no rdflib):
    ``str()`` of one is the same as of the rdflib path's URIRef."""

    def _iri(self, text: str) -> URIRef:
        return text  # type: ignore[return-value]  # plain text on this path, by design


class Reader:
    """One generation of an on-disk store (a directory) and its name index (an SQLite file),
    read-only. Raises OSError or sqlite3.Error when either cannot be opened."""

    def __init__(self, generation: Path, index: Path):
        self.names = PlainNameIndex(index)
        self._store = ox.Store.read_only(str(generation))
        self.generation = generation

    def __repr__(self) -> str:
        return f"Reader({str(self.generation)!r})"

    def select(self, query: NamedQuery, bindings: Mapping[str, Term]) -> list[Row]:
        """The rows of the SELECT ``query`` with ``bindings`` (kg.queries.bindings) as a
        VALUES block first in its WHERE group."""
        try:
            text = values_first(query.text, {name: _sparql(name, term) for name, term in bindings.items()}) \
                if bindings else query.text
            result = self._store.query(text, prefixes=PREFIXES)
        except (SyntaxError, ValueError, OSError, QueryError) as error:
            raise failure(query, error) from None
        if not isinstance(result, ox.QuerySolutions):
            raise QueryError(f"{query.path or query.name}: not a SELECT query")
        return list(solutions(result))


def solutions(result: ox.QuerySolutions) -> Iterator[Row]:
    """pyoxigraph's solutions as rows that read like rdflib's, one at a time."""
    labels = {variable.value: i for i, variable in enumerate(result.variables)}
    for solution in result:
        yield _row([_text(term) for term in solution], labels)


def _row(values: Sequence[str | None], labels: Mapping[str, int]) -> Row:
    row = Row(values)
    row.labels = labels
    return row


def _sparql(name: str, term: Term) -> str:
    """``term`` in SPARQL syntax, serialised by pyoxigraph (which refuses an IRI that is not
    one and escapes a literal's quotes)."""
    try:
        if term.datatype is None:
            return str(ox.NamedNode(term.value))
        return str(ox.Literal(term.value, datatype=ox.NamedNode(term.datatype)))
    except ValueError as error:
        raise QueryError(f"?{name}: {error}") from None


def select(source: Graph | Reader, name: str, values: dict[str, str] | None = None) -> list[Any]:
    """The rows of the named SELECT query ``name`` (parameters as for kg.queries.run) on a
    Reader, or on an rdflib graph (kg.queries.select): rows that read the same either way."""
    if not isinstance(source, Reader):
        return list(queries.select(source, name, values))
    query = get_query(name)
    return source.select(query, bindings(lambda: source.names, query, values))


def select_many(source: Graph | Reader, name: str, variable: str, iris: Sequence[str]) -> list[Any]:
    """The rows of the named SELECT query ``name`` with its parameter ``variable`` bound to each
    of ``iris`` (resources, by IRI) in one query: a remote store answers each query in a round
    trip of its own, so one for many is what a caller with many resources asks."""
    from dataclasses import replace

    if not iris:
        return []
    query = get_query(name)
    text = with_iris(query.text, variable, list(dict.fromkeys(iris)))
    if isinstance(source, Reader):
        return source.select(replace(query, text=text), {})
    from .namespaces import query_prefixes

    try:
        return list(source.query(text, initNs=query_prefixes(source)))
    except (SyntaxError, ValueError, QueryError) as error:
        raise failure(query, error) from None


def rows_of_text(graph: Graph, text: str) -> Iterator[Any]:
    """The rows of the SELECT ``text`` on the rdflib ``graph``: on an on-disk store straight
    from pyoxigraph, as this module's rows (which read like rdflib's; turning hundreds of
    thousands of rows into rdflib terms can take as long as the query), elsewhere through
    rdflib with the project's prefixes."""
    from .backends import GenerationStore

    if isinstance(graph.store, GenerationStore):
        result = graph.store.oxigraph.query(text, prefixes=PREFIXES)
        if not isinstance(result, ox.QuerySolutions):
            raise QueryError("not a SELECT query")
        return solutions(result)
    from .namespaces import query_prefixes

    return iter(graph.query(text, initNs=query_prefixes(graph)))


def named_rows(graph: Graph, name: str) -> Iterator[Any]:
    """The rows of the project's named SELECT query ``name`` (no parameters) on ``graph``, as
    :func:`rows_of_text` gives them."""
    return rows_of_text(graph, get_query(name).text)


def name_index(source: Graph | Reader) -> NameIndex:
    """The name index of a Reader's generation, or of an rdflib graph (kg.names.index_for)."""
    return source.names if isinstance(source, Reader) else index_for(source)


# --- edge-table cells as terms (kg.edges) ------------------------------------------------------------------------


def reader_terms() -> Callable[[str | None], Any]:
    """A function from a cell to the term kg.reader's rows hold (an IRI or blank node as its
    text, a literal as a kg.reader.LiteralText), remembering the cells it has seen."""
    seen: dict[str, Any] = {}

    def term(cell: str | None) -> Any:
        if cell is None:
            return None
        found = seen.get(cell)
        if found is None:
            first, rest = cell[0], cell[1:]
            if first in "<_":
                found = rest
            else:
                tag, value = rest.split(SEP, 1)
                found = LiteralText(value)
                found.language = tag if first == "@" else None
                found.datatype = ("http://www.w3.org/1999/02/22-rdf-syntax-ns#langString" if first == "@" else tag)
            if first != "<" or len(seen) < 2_000_000:
                seen[cell] = found
        return found

    return term
