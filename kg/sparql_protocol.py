"""The SPARQL 1.1 Protocol side of ``kg serve`` that needs no server: content negotiation and
the guard that parses a query and refuses updates, ``SERVICE`` and ``FROM`` a graph outside
the store before anything runs."""

from __future__ import annotations

import re
from typing import Any

from .errors import NotAcceptable, QueryError, Refused, SPARQLSyntaxError
from .sparqltext import path_problem, walk

__all__ = ["FORMAT_NAMES", "MAX_NESTING", "check_query", "format_accept", "negotiate", "nesting_depth"]


# --- content negotiation --------------------------------------------------------------------

# media type -> (writer, content type answered); the first entry of each family is its default
RESULT_TYPES = {
    "application/sparql-results+json": "json", "application/json": "json",
    "application/sparql-results+xml": "xml", "application/xml": "xml", "text/xml": "xml",
    "text/csv": "csv", "text/tab-separated-values": "tsv",
}
GRAPH_TYPES = {
    "text/turtle": "turtle", "application/x-turtle": "turtle", "application/turtle": "turtle",
    "text/n3": "turtle", "application/n-triples": "nt", "text/plain": "nt",
    "application/ld+json": "json-ld", "application/json": "json-ld",
    "application/rdf+xml": "xml", "application/xml": "xml",
    "text/csv": "csv", "text/tab-separated-values": "tsv",  # the triples as subject,predicate,object
}
# the convenience routes (/ties/NAME, /control/PLACE): kg's JSON, or its CSV/TSV (kg ties -f csv)
TABLE_TYPES = {"application/json": "json", "text/csv": "csv", "text/tab-separated-values": "tsv"}
_ANSWER_TYPE = {
    ("results", "json"): "application/sparql-results+json", ("results", "xml"): "application/sparql-results+xml",
    ("results", "csv"): "text/csv; charset=utf-8", ("results", "tsv"): "text/tab-separated-values; charset=utf-8",
    ("graph", "turtle"): "text/turtle; charset=utf-8", ("graph", "nt"): "application/n-triples",
    ("graph", "json-ld"): "application/ld+json", ("graph", "xml"): "application/rdf+xml",
    ("graph", "csv"): "text/csv; charset=utf-8", ("graph", "tsv"): "text/tab-separated-values; charset=utf-8",
    ("table", "json"): "application/json", ("table", "csv"): "text/csv; charset=utf-8",
    ("table", "tsv"): "text/tab-separated-values; charset=utf-8",
}

# format= / output= values (what pandas.read_csv(url) and many SPARQL clients send) -> the media
# type they stand for; application/json and application/xml mean SPARQL results for SELECT/ASK
# and JSON-LD / RDF/XML for CONSTRUCT/DESCRIBE
FORMAT_NAMES = {
    "json": "application/json", "xml": "application/xml", "csv": "text/csv", "tsv": "text/tab-separated-values",
    "turtle": "text/turtle", "ttl": "text/turtle", "nt": "application/n-triples", "ntriples": "application/n-triples",
    "n-triples": "application/n-triples", "jsonld": "application/ld+json", "json-ld": "application/ld+json",
    "rdfxml": "application/rdf+xml", "rdf+xml": "application/rdf+xml",
}


def format_accept(params: dict[str, list[str]], accept: str | None) -> str | None:
    """The Accept header to answer by: ``format=`` and ``output=`` parameters (names from
    FORMAT_NAMES or media types, comma-separated lists allowed, as SPARQL clients send them)
    win over the request's Accept header, in the order given. A value none of whose items
    kg can answer in is refused (400) with the choices."""
    from .errors import InputError

    given = params.get("format", []) + params.get("output", [])
    if not given:
        return accept
    wanted = []
    for value in given:
        for item in value.split(","):
            item = item.split(";")[0].strip().lower()
            media = FORMAT_NAMES.get(item) or (item if item in RESULT_TYPES or item in GRAPH_TYPES else None)
            if media and media not in wanted:
                wanted.append(media)
    if not wanted:
        raise InputError(f"unknown format {', '.join(given)!r} (format= or output= takes: "
                         f"{', '.join(sorted(FORMAT_NAMES))}, or a media type such as text/csv)")
    return ", ".join(wanted)


def _parse_accept(header: str | None) -> list[tuple[str, float]]:
    entries = []
    for index, part in enumerate((header or "*/*").split(",")):
        fields = [f.strip() for f in part.split(";")]
        if not fields[0]:
            continue
        q = 1.0
        for field in fields[1:]:
            if field.startswith("q="):
                try:
                    q = float(field[2:])
                except ValueError:
                    q = 0.0
        entries.append((fields[0].lower(), q, index))
    entries.sort(key=lambda e: (-e[1], e[2]))
    return [(kind, q) for kind, q, _ in entries if q > 0]


def negotiate(accept: str | None, family: str) -> tuple[str, str]:
    """``(writer, content type)`` for the Accept header; ``family`` is results, graph or
    table (the JSON, CSV or TSV of /ties and /control)."""
    table = {"results": RESULT_TYPES, "graph": GRAPH_TYPES, "table": TABLE_TYPES}[family]
    for kind, _ in _parse_accept(accept):
        if kind in table:
            writer = table[kind]
        elif kind == "*/*" or (kind.endswith("/*") and any(t.startswith(kind[:-1]) for t in table)):
            writer = next(w for t, w in table.items() if kind == "*/*" or t.startswith(kind[:-1]))
        else:
            continue
        return writer, _ANSWER_TYPE[(family, writer)]
    wanted = ", ".join(sorted(table))
    what = {"results": "a SELECT/ASK query", "graph": "a CONSTRUCT/DESCRIBE query", "table": "this route"}[family]
    raise NotAcceptable(f"cannot answer {accept!r} for {what}; available: {wanted}")


# --- the guard: parse, refuse updates, SERVICE and FROM outside the store -------------------


# The deepest nesting of { } ( ) [ ] a query may have. rdflib's parser recurses some 30-40
# Python frames a level: at the default recursion limit it fails near 20 levels of nested
# function calls; the worker runs with a deeper stack (worker_process.py), so 32 leaves a wide margin.
MAX_NESTING = 32

_SKIP = re.compile(r"""'{3}.*?'{3}|"{3}.*?"{3}|'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"|<[^<>"{}|^`\\\x00-\x20]*>|#[^\n]*""",
                   re.DOTALL)


def nesting_depth(text: str) -> int:
    """How deep ``{ ( [`` nest in a query's text (strings, IRIs and comments skipped)."""
    depth = deepest = 0
    for piece in _SKIP.split(text):
        for char in piece:
            if char in "{([":
                depth += 1
                deepest = max(deepest, depth)
            elif char in "})]":
                depth = max(depth - 1, 0)
    return deepest


def check_query(text: str, prefixes: dict[str, str], graphs: Any) -> str:
    """Parse ``text`` and refuse what the endpoint will not run; returns the query form.

    ``graphs`` is a callable giving the IRIs of the store's named graphs (asked only when
    the query has a dataset clause). A query nested deeper than MAX_NESTING, or one so long
    that the parser runs out of stack, is refused (400) before or instead of running."""
    if not text.strip():
        raise QueryError("empty query")
    depth = nesting_depth(text)
    if depth > MAX_NESTING:
        raise QueryError(f"the query nests {{ }}, ( ) or [ ] {depth} levels deep; the limit is {MAX_NESTING}")
    try:
        return _check(text, prefixes, graphs)
    except RecursionError:
        raise QueryError("the query is too deeply nested or has too many parts in a row for the parser; "
                         "split or simplify it") from None


def _check(text: str, prefixes: dict[str, str], graphs: Any) -> str:
    from pyparsing import ParseException
    from rdflib.plugins.sparql.algebra import translateQuery
    from rdflib.plugins.sparql.parser import parseQuery, parseUpdate
    from rdflib.plugins.sparql.parserutils import CompValue

    try:
        tree = parseQuery(text)
    except ParseException as error:
        try:
            parseUpdate(text)
        except ParseException:
            raise SPARQLSyntaxError(error.msg, error.lineno, error.col) from None
        raise Refused("this endpoint is read-only: SPARQL updates are refused") from None
    for node in walk(tree):
        if isinstance(node, CompValue) and node.name == "ServiceGraphPattern":
            raise Refused("SERVICE is refused: this endpoint does not query other endpoints")
    if problem := path_problem(tree):
        raise QueryError(problem)
    try:
        query = translateQuery(tree, initNs=prefixes)
    except Exception as error:  # noqa: BLE001 - rdflib raises a bare Exception for an unknown prefix
        raise QueryError(f"bad query: {error}") from None
    clauses = query.algebra.get("datasetClause") or []
    if clauses:
        known = graphs()
        for clause in clauses:
            keyword, iri = ("FROM", clause["default"]) if "default" in clause else ("FROM NAMED", clause["named"])
            if str(iri) not in known:
                raise Refused(f"{keyword} <{iri}> is refused: the store has no such graph and this endpoint fetches nothing")
    return str(query.algebra.name).replace("Query", "").upper()
