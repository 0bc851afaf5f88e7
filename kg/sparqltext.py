"""SPARQL text, read as tokens: where a query's top-level WHERE group starts, and a VALUES
block put there to bind parameters (used by the Oxigraph and remote backends, kg.backends)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from .errors import QueryError

if TYPE_CHECKING:
    from rdflib.term import Identifier

__all__ = ["IRI", "MAX_PATH_STEPS", "bind_values", "keyword_line", "path_problem", "values_first", "walk", "where_group_start", "with_iris", "without_order"]

# Binding parameters where the query's FILTERs see them.
#
# rdflib's SPARQLStore binds initBindings by appending a VALUES clause after the query, where
# a FILTER inside WHERE sees the variable unbound. RemoteStore puts the VALUES block first in
# the WHERE group instead, which is what initBindings means on the embedded stores. The values
# are RDF terms that serialise themselves (URIRef.n3() refuses an IRI with <>" or spaces,
# Literal.n3() escapes quotes and backslashes); no user text is pasted into the query.

_TOKEN = re.compile(
    r"""(?P<comment>\#[^\n]*)
    |(?P<string>"{3}(?:[^"\\]|\\.|"(?!""))*"{3}|'{3}(?:[^'\\]|\\.|'(?!''))*'{3}
        |"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')
    |(?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
    |(?P<var>[?$]\w+)
    |(?P<word>[A-Za-z_](?:[\w\-.:%]|\\.)*)
    |(?P<open>\{)|(?P<close>\})
    |(?P<other>.)""",
    re.DOTALL | re.VERBOSE,
)


def where_group_start(query: str) -> int:
    """The offset just inside the opening brace of the query's top-level WHERE group."""
    depth, form, previous = 0, None, None
    for match in _TOKEN.finditer(query):
        kind = match.lastgroup
        if kind == "comment" or (kind == "other" and match.group().isspace()):
            continue
        if kind == "open":
            if depth == 0 and (previous == "WHERE" or form in ("SELECT", "ASK")):
                return match.end()
            depth += 1
        elif kind == "close":
            depth -= 1
        elif kind == "word" and depth == 0 and form is None:
            word = match.group().upper()
            form = word if word in ("SELECT", "CONSTRUCT", "ASK", "DESCRIBE") else None
        previous = match.group().upper() if kind == "word" else None
    raise QueryError("cannot bind parameters: the query has no WHERE group")


def keyword_line(query: str, words: set[str]) -> int | None:
    """The line (from 1) of the first of ``words`` (upper case) used as a keyword in ``query``,
    not in a comment, string or IRI; None when none is."""
    for match in _TOKEN.finditer(query):
        if match.lastgroup == "word" and match.group().upper() in words:
            return query.count("\n", 0, match.start()) + 1
    return None


def bind_values(query: str, bindings: Mapping[Any, Identifier]) -> str:
    """``query`` with ``bindings`` (rdflib terms) as a one-row VALUES block first in its WHERE
    group."""
    from rdflib import Literal, URIRef

    terms = {}
    for variable, term in bindings.items():
        if not isinstance(term, (URIRef, Literal)):
            raise QueryError(f"?{variable}: only IRIs and literals can be bound, not {term!r}")
        try:
            terms[str(variable)] = term.n3()
        except Exception as error:  # noqa: BLE001 - rdflib raises a bare Exception for an unserialisable IRI
            raise QueryError(f"?{variable}: {error}") from None
    return values_first(query, terms)


def values_first(query: str, terms: Mapping[str, str]) -> str:
    """``query`` with a one-row VALUES block first in its WHERE group, binding each variable
    named in ``terms`` to its term, already in SPARQL syntax (serialised by an RDF library:
    rdflib's ``n3()``, pyoxigraph's ``str()``; never user text)."""
    return _values(query, list(terms), [list(terms.values())])


# an absolute IRI with nothing that could end it in a query (<, >, ", spaces, ...)
IRI = re.compile(r"[a-zA-Z][a-zA-Z0-9+.-]*:[^\s<>\"{}|\\^`\x00-\x20]*")


def with_iris(query: str, variable: str, iris: list[str]) -> str:
    """``query`` with ``VALUES (?variable) { (<iri>) ... }`` first in its WHERE group: the
    query starts from these resources. Raises QueryError for a string that is not an IRI."""
    bad = [iri for iri in iris if not IRI.fullmatch(iri)]
    if bad:
        raise QueryError(f"?{variable}: {bad[0]!r} is not an IRI")
    return _values(query, [variable], [[f"<{iri}>"] for iri in iris])


def _values(query: str, variables: list[str], rows: list[list[str]]) -> str:
    """``query`` with ``VALUES (?v ...) { (term ...) ... }`` first in its WHERE group."""
    for variable in variables:
        if not re.fullmatch(r"\w+", variable):
            raise QueryError(f"bad variable name {variable!r}")
    at = where_group_start(query)
    block = (f"\n  VALUES ({' '.join('?' + v for v in variables)}) {{ "
             + " ".join(f"({' '.join(row)})" for row in rows) + " }\n")
    return query[:at] + block + query[at:]


def without_order(query: str) -> str:
    """``query`` without its top-level ORDER BY clause, so that a store can hand out rows as it
    finds them (a sorted answer exists only once every row is found). Raises QueryError when
    a LIMIT or OFFSET follows it: without the order they would keep other rows."""
    depth, order_at, tail_words = 0, None, []
    for match in _TOKEN.finditer(query):
        kind = match.lastgroup
        if kind == "open":
            depth += 1
        elif kind == "close":
            depth -= 1
        elif kind == "word" and depth == 0:
            word = match.group().upper()
            if word == "ORDER" and order_at is None:
                order_at = match.start()
            elif order_at is not None:
                tail_words.append(word)
    if order_at is None:
        return query
    if "LIMIT" in tail_words or "OFFSET" in tail_words:
        raise QueryError("the query takes a LIMIT or OFFSET of its sorted rows: it cannot be streamed unsorted")
    return query[:order_at].rstrip() + "\n"


def walk(node: Any) -> Any:
    """Every node of rdflib's parse tree of a query (what kg.queries.guard and the server's
    check_query look through for SERVICE, FROM and updates)."""
    from rdflib.plugins.sparql.parserutils import CompValue

    yield node
    if isinstance(node, CompValue):
        for value in node.values():
            yield from walk(value)
    elif isinstance(node, (list, tuple)) or type(node).__name__ == "ParseResults":
        for value in node:
            yield from walk(value)


MAX_PATH_STEPS = 100  # steps of one property path sequence (a/b/c) or alternative (a|b|c)


def path_problem(tree: Any) -> str:
    """Why a query's property path is refused, or "": a sequence or an alternative of more than
    MAX_PATH_STEPS steps (1,000 took Oxigraph 80 s; 10,000 crashed the process)."""
    from rdflib.plugins.sparql.parserutils import CompValue

    steps = max((len(n.get("part") or []) for n in walk(tree)
                 if isinstance(n, CompValue) and n.name in ("PathSequence", "PathAlternative")), default=0)
    if steps <= MAX_PATH_STEPS:
        return ""
    return (f"a property path of {steps:,} steps; the limit is {MAX_PATH_STEPS} in a sequence or an alternative "
            "(p+ or p* if any number of p will do)")

