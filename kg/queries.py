"""The named SPARQL queries: load them, bind parameters as RDF terms, run, format.

Each ``queries/*.rq`` opens with a header of comment lines::

    # name: control-at
    # description: Who controlled a place on a date, with sources.
    # param: place (place) the place, by any of its names
    # param: date (date, optional) the day to look at; default: every span

Parameters are bound with ``initBindings`` (rdflib, oxrdflib and the SPARQL store honour
it); values are never pasted into query text. Types: actor, place, name (actor or place),
date, string, iri, integer. An optional parameter left out stays unbound, and the query
tests ``BOUND(?x)``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from . import resources
from .errors import InputError, QueryError
from .names import ACTOR_KINDS, PLACE_KINDS, index_for

if TYPE_CHECKING:  # rdflib is imported when a query runs on an rdflib graph (not on kg.reader's)
    from rdflib import Graph
    from rdflib.query import Result, ResultRow
    from rdflib.term import Identifier

    from .names import NameIndex

__all__ = ["NamedQuery", "Param", "QueryList", "Term", "bind_value", "bindings", "collect", "failure", "get_query", "guard", "list_queries",
           "local_name",
           "parameter_term", "parse_check", "rows", "run", "select", "term_date"]

_HEADER = re.compile(r"^#\s*(name|description|param)\s*:\s*(.*)$")
_PARAM = re.compile(r"^(\w+)\s*\(([\w ,]+)\)\s*(.*)$")
PARAM_TYPES = {"actor", "place", "name", "date", "string", "iri", "integer"}
XSD_DATE = "http://www.w3.org/2001/XMLSchema#date"
XSD_INTEGER = "http://www.w3.org/2001/XMLSchema#integer"
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


@dataclass
class Param:
    name: str
    type: str
    optional: bool
    description: str


@dataclass
class NamedQuery:
    name: str
    description: str
    text: str = field(repr=False)
    path: Path | None = None
    params: list[Param] = field(default_factory=list)

    @property
    def sparql(self) -> str:
        """The query's full text."""
        return self.text

    def signature(self) -> str:
        """The parameters as ``place, date`` (optional ones in brackets)."""
        return ", ".join(f"[{p.name}]" if p.optional else p.name for p in self.params)


    @classmethod
    def load(cls, path: Path) -> NamedQuery:
        data = path.read_bytes()
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            line = data[: error.start].count(b"\n") + 1
            raise InputError(f"{path}, line {line}: the query file is not UTF-8 text (byte "
                             f"0x{data[error.start]:02x}); save it as UTF-8") from None
        return cls.from_text(text, path)

    @classmethod
    def from_text(cls, text: str, path: Path | None = None) -> NamedQuery:
        name, description, params = (path.stem if path else "query"), "", []
        for number, line in enumerate(text.splitlines(), 1):
            if not line.startswith("#"):
                if line.strip():
                    break
                continue
            match = _HEADER.match(line)
            if not match:
                continue
            key, value = match.group(1), match.group(2).strip()
            if key == "name":
                name = value
            elif key == "description":
                description = (description + " " + value).strip()
            else:
                param = _PARAM.match(value)
                if not param:
                    raise QueryError(f"{path or name}, line {number}: bad param header {value!r}: expected 'NAME (TYPE[, optional]) description'")
                flags = [f.strip() for f in param.group(2).split(",")]
                if flags[0] not in PARAM_TYPES:
                    raise QueryError(f"{path or name}, line {number}: param {param.group(1)!r} has unknown type {flags[0]!r}; known: {', '.join(sorted(PARAM_TYPES))}")
                params.append(Param(param.group(1), flags[0], "optional" in flags, param.group(3)))
        return cls(name, description, text, path, params)


class QueryList(list[NamedQuery]):
    """The named queries, shown as a short table (name, parameters, the description's first
    sentence); ``queries["control-at"]`` is one by name, ``.sparql`` its full text."""

    def __getitem__(self, key: Any) -> Any:
        if isinstance(key, str):
            for query in self:
                if query.name == key:
                    return query
            from rapidfuzz import process

            close = [c for c, _, _ in process.extract(key, [q.name for q in self], limit=3, score_cutoff=50)]
            raise KeyError(f"no named query {key!r}" + (f"; did you mean: {', '.join(close)}?" if close else ""))
        return super().__getitem__(key)

    def records(self) -> list[dict[str, str]]:
        return [{"name": q.name, "parameters": q.signature(), "description": _first_sentence(q.description)}
                for q in self]

    def __repr__(self) -> str:
        rows = [("name", "parameters", "description")] + [tuple(r.values()) for r in self.records()]
        widths = [max(len(r[i]) for r in rows) for i in range(2)]
        return "\n".join(f"{r[0]:<{widths[0]}}  {r[1]:<{widths[1]}}  {r[2]}".rstrip() for r in rows)

    __str__ = __repr__

    def _repr_html_(self) -> str:
        import html

        head = "<tr><th>name</th><th>parameters</th><th>description</th></tr>"
        body = "".join("<tr>" + "".join(f"<td>{html.escape(v)}</td>" for v in r.values()) + "</tr>"
                       for r in self.records())
        return f"<table><thead>{head}</thead><tbody>{body}</tbody></table>"


def _first_sentence(text: str, limit: int = 90) -> str:
    """The description's first sentence, cut at ``limit`` characters (with an ellipsis)."""
    match = re.match(r"(.+?[.:;])(\s|$)", text)
    first = match.group(1).rstrip(".:;") if match else text
    return first if len(first) <= limit else first[: limit - 1].rsplit(" ", 1)[0] + "…"


def parse_check(text: str, where: str = "query") -> None:
    """Raise QueryError with line and column if ``text`` is not valid SPARQL 1.1."""
    from pyparsing import ParseException
    from rdflib.plugins.sparql.parser import parseQuery

    try:
        parseQuery(text)
    except ParseException as error:
        raise QueryError(
            f"{where}: SPARQL syntax error at line {error.lineno}, column {error.col}: {error.msg}"
        ) from None


UPDATES_HINT = ("kg query only reads: SPARQL updates (INSERT, DELETE, LOAD, CLEAR, DROP, ...) are not "
                "supported here; to write, use kg import FILE.csv, kg add, or kg load FILE.ttl")


MAX_QUERY = 1_000_000  # characters of an ad-hoc query (kg serve's body limit is as many bytes)
_UPDATE_WORDS = {"INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH"}


def guard(query: NamedQuery, graph: Graph, *, allow_service: bool = False) -> None:
    """Refuse, before it runs, what a query given by the user must not do on the command line
    or through the API, as ``kg serve`` refuses it: an update (QueryError, with how to write
    instead), ``SERVICE`` (Refused: it sends a request to another endpoint, unless
    ``allow_service``), and ``FROM``/``FROM NAMED`` a graph the store does not hold (Refused:
    the store's SPARQL engine would fetch it, or silently answer from the default graph).
    The bundled named queries are the project's own: not parsed again."""
    from pyparsing import ParseException
    from rdflib.plugins.sparql.algebra import translateQuery
    from rdflib.plugins.sparql.parser import parseQuery, parseUpdate
    from rdflib.plugins.sparql.parserutils import CompValue

    from .errors import Refused
    from .namespaces import query_prefixes
    from .sparqltext import keyword_line, path_problem, walk

    if query.path is not None and Path(resources.queries_dir()).resolve() in query.path.resolve().parents:
        return
    where = str(query.path or "the query")

    def at(words: set[str]) -> str:
        line = keyword_line(query.text, words)
        return f"{where}, line {line}" if line else where

    if len(query.text) > MAX_QUERY:  # (a 20 MB query took 2.4 GB to parse)
        raise QueryError(f"{where}: a query of {len(query.text):,} characters; kg reads queries of at most "
                         f"{MAX_QUERY:,} (as kg serve does): put long lists of values in the store, not the query")
    if not re.sub(r"(?m)^\s*#.*$", "", query.text).strip():
        raise QueryError(f"{where}: empty query (nothing but comments and blank lines)")
    try:
        try:
            tree = parseQuery(query.text)
        except ParseException as error:
            try:
                parseUpdate(query.text)
            except ParseException:
                raise QueryError(f"{where}: SPARQL syntax error at line {error.lineno}, column {error.col}: "
                                 f"{error.msg}") from None
            raise QueryError(f"{at(_UPDATE_WORDS)}: {UPDATES_HINT}") from None
        if not allow_service and any(isinstance(n, CompValue) and n.name == "ServiceGraphPattern" for n in walk(tree)):
            raise Refused(f"{at({'SERVICE'})}: SERVICE is refused: it would send part of the query to another endpoint; "
                          "kg query answers from the store only (give --allow-service, or allow_service=True in "
                          "Python, to let a query you trust do so)")
        if problem := path_problem(tree):
            raise QueryError(f"{where}: {problem}")
        algebra = translateQuery(tree, initNs=query_prefixes(graph)).algebra
    except RecursionError:
        raise QueryError(f"{where}: the query nests groups, OPTIONALs or parentheses too deeply to be read") from None
    except (QueryError, Refused):
        raise
    except Exception as error:  # noqa: BLE001 - rdflib raises a bare Exception for an unknown prefix
        prefix = re.search(r"prefix : (\S+)", str(error))
        found = re.search(rf"(?<![\w:]){re.escape(prefix.group(1))}:", query.text) if prefix else None
        place = f"{where}, line {query.text.count(chr(10), 0, found.start()) + 1}" if found else where
        raise QueryError(f"{place}: bad query: {error}") from None
    clauses = algebra.get("datasetClause") or []
    if clauses:
        known = _named_graphs(graph)
        for clause in clauses:
            keyword, iri = ("FROM", clause["default"]) if "default" in clause else ("FROM NAMED", clause["named"])
            if str(iri) not in known:
                raise Refused(f"{at({'FROM'})}: {keyword} <{iri}> is refused: the store has no such graph and kg query "
                              "fetches nothing (leave FROM out to query the store's graph)")


def _named_graphs(graph: Graph) -> set[str]:
    """The IRIs of the named graphs of the store behind ``graph``."""
    from rdflib import URIRef
    from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

    found = set()
    for context in graph.store.contexts():
        ident = getattr(context, "identifier", context)
        if isinstance(ident, URIRef) and ident != DATASET_DEFAULT_GRAPH_ID:
            found.add(str(ident))
    return found


def list_queries() -> QueryList:
    """The named queries in queries/ (not the checks or derivation rules)."""
    return QueryList(NamedQuery.load(p) for p in sorted(resources.queries_dir().glob("*.rq")))


def get_query(name_or_path: str) -> NamedQuery:
    """A named query by name, or a query file by path."""
    path = Path(name_or_path)
    if name_or_path.endswith(".rq") or path.is_file():
        if not path.is_file():
            raise InputError(f"no such query file: {name_or_path}")
        return NamedQuery.load(path)
    queries = {q.name: q for q in list_queries()}
    queries.update({q.name: q for q in (NamedQuery.load(p) for p in sorted((resources.queries_dir() / "checks").glob("*.rq")))})
    if name_or_path in queries:
        return queries[name_or_path]
    from rapidfuzz import process

    close = [c for c, _, _ in process.extract(name_or_path, list(queries), limit=3, score_cutoff=50)]
    hint = f"; did you mean: {', '.join(close)}?" if close else ""
    raise InputError(f"no named query {name_or_path!r}{hint} (`kg query --list` shows them)")


@dataclass(frozen=True)
class Term:
    """A parameter's value as an RDF term, before a store's RDF library makes it one (rdflib
    here, pyoxigraph in kg.reader; each serialises it, so no user text reaches a query)."""

    value: str  # the IRI, or the literal's lexical form
    datatype: str | None = None  # None for an IRI

    def rdflib(self) -> Identifier:
        from rdflib import Literal, URIRef

        if self.datatype is None:
            return URIRef(self.value)
        if self.datatype == XSD_INTEGER:
            return Literal(int(self.value))
        if self.datatype == XSD_STRING:
            return Literal(self.value)
        return Literal(self.value, datatype=URIRef(self.datatype))


def parameter_term(names: Callable[[], NameIndex], param: Param, value: str) -> Term:
    """Turn a command-line value into the RDF term the parameter's type asks for; ``names``
    gives the store's name index (asked only for a name)."""
    if param.type in ("actor", "place", "name"):
        kinds = {"actor": ACTOR_KINDS, "place": PLACE_KINDS, "name": None}[param.type]
        index = names()
        known = index.entry(value) if value.startswith(("http://", "https://")) else None
        if known is not None:  # the resource's own IRI: exact, whatever its kind (the kinds narrow names)
            return Term(str(known.iri))
        return Term(str(index.resolve(value, kinds).iri))
    if param.type == "date":
        from .timespan import parse_date

        day = parse_date(value, f"parameter {param.name!r}")
        assert day is not None
        return Term(day.isoformat(), XSD_DATE)
    if param.type == "integer":
        try:
            return Term(str(int(value)), XSD_INTEGER)
        except ValueError:
            raise InputError(f"parameter {param.name!r}: {value!r} is not an integer") from None
    if param.type == "iri":
        from .namespaces import PREFIXES
        from .sparqltext import IRI

        prefix, _, local = value.partition(":")
        if prefix in PREFIXES and local and not local.startswith("//"):  # "id:st-...", as kg writes them
            value = PREFIXES[prefix] + local
        if not IRI.fullmatch(value):
            raise InputError(f"parameter {param.name!r}: {value!r} is not an IRI")
        return Term(value)
    return Term(value, XSD_STRING)


def bind_value(graph: Graph, param: Param, value: str) -> Identifier:
    """Turn a command-line value into the rdflib term the parameter's type asks for."""
    return parameter_term(lambda: index_for(graph), param, value).rdflib()


def bindings(names: Callable[[], NameIndex], query: NamedQuery, values: dict[str, str] | None) -> dict[str, Term]:
    """``values`` as the terms of ``query``'s declared parameters (``names``: as for
    :func:`parameter_term`); InputError for a parameter it does not declare or a required one
    left out."""
    values = dict(values or {})
    declared = {p.name: p for p in query.params}
    unknown = sorted(set(values) - set(declared))
    if unknown:
        known = ", ".join(declared) or "none"
        raise InputError(f"query {query.name!r} has no parameter {', '.join(unknown)} (its parameters: {known})")
    bound: dict[str, Term] = {}
    for param in query.params:
        if param.name in values:
            bound[param.name] = parameter_term(names, param, values[param.name])
        elif not param.optional:
            raise InputError(f"query {query.name!r} needs the parameter {param.name} ({param.type}: {param.description}): "
                             f"--param {param.name}=... on the command line, ?{param.name}=... over HTTP")
    return bound


def run(graph: Graph, query: NamedQuery, values: dict[str, str] | None = None) -> Result:
    """Run ``query`` on ``graph`` with ``values`` bound to its declared parameters."""
    from rdflib.term import Variable

    from .namespaces import query_prefixes

    bound = bindings(lambda: index_for(graph), query, values)
    if query.name == "network-edges" and not bound and _bundled(query):
        from .edges import result_of, table_of

        table = table_of(graph)  # an on-disk generation's edge table: the same rows, read in seconds
        if table is not None:
            return cast("Result", result_of(table))
    if query.name == "actors-in-governorate" and "governorate" in bound and _bundled(query):
        found = _governorate_fast(graph, query, bound["governorate"])
        if found is not None:
            return found
    try:
        return graph.query(query.text, initNs=query_prefixes(graph),  # the project's geo: wins
                           initBindings={Variable(k): v.rdflib() for k, v in bound.items()})
    except (SyntaxError, ValueError, _parse_error(), QueryError) as error:  # evaluated only on error
        raise failure(query, error) from None
    except RecursionError:
        raise QueryError(f"{query.path or query.name}: the query nests too deeply to be evaluated") from None


def _governorate_fast(graph: Graph, query: NamedQuery, governorate: Term) -> Result | None:
    """actors-in-governorate on an on-disk generation (kg.governorate: its patterns followed
    through the store's indexes, a stream's first row at once), for the query's own text or
    that text without its ORDER BY (kg query --stream); None elsewhere (SPARQL answers)."""
    from .sparqltext import without_order

    store = getattr(graph.store, "oxigraph", None)  # kg.backends.GenerationStore
    if store is None:
        return None
    bundled = get_query(query.name).text
    if query.text not in (bundled, without_order(bundled)):
        return None
    from .governorate import result_of

    return cast("Result", result_of(store, governorate.rdflib(), ordered=query.text == bundled))


def _bundled(query: NamedQuery) -> bool:
    """Whether ``query`` is one of the project's named queries (its file in queries/)."""
    return query.path is not None and Path(resources.queries_dir()).resolve() in query.path.resolve().parents


def failure(query: NamedQuery, error: Exception) -> QueryError:
    """The QueryError to raise when ``query`` failed with ``error`` on a store: a syntax error
    with its line and column (the store's own message varies; rdflib's parser names line and
    column), else the store's message."""
    where = str(query.path or query.name)
    parse_check(query.text, where)
    if isinstance(error, QueryError):
        return error
    return QueryError(f"{where}: {error}")


def _parse_error() -> type[Exception]:
    """rdflib's SPARQL parse error class (pyparsing is imported only when a query fails)."""
    from pyparsing import ParseBaseException

    return ParseBaseException


def rows(result: Result) -> list[ResultRow]:
    """The rows of a SELECT result, typed."""
    return cast("list[ResultRow]", list(result))


def local_name(term: Any) -> str | None:
    """The local name of an IRI in a result row (``kg:Day`` -> ``Day``); None for unbound."""
    return None if term is None else str(term).rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def term_date(term: Any) -> dt.date | None:
    """An xsd:date of a result row as a ``datetime.date``; None for unbound."""
    return None if term is None else term.toPython()


def collect(rows: Any, key: str, extra: str | None = None) -> dict[str, tuple[Any, list[str], list[str]]]:
    """Group one-row-per-source results by ``key`` (a statement, an event): {key: (its first
    row, the source names, the names in column ``extra``)}, each list without repeats."""
    grouped: dict[str, tuple[Any, list[str], list[str]]] = {}
    for row in rows:
        ident = str(row[key])
        if ident not in grouped:
            grouped[ident] = (row, [], [])
        _, sources, extras = grouped[ident]
        if str(row.sourceName) not in sources:
            sources.append(str(row.sourceName))
        value = row[extra] if extra else None
        if value is not None and str(value) not in extras:
            extras.append(str(value))
    return grouped


def select(graph: Graph, name: str, values: dict[str, str] | None = None) -> list[ResultRow]:
    """The rows of the named SELECT query ``name`` (parameters as for :func:`run`)."""
    return rows(run(graph, get_query(name), values))
