"""SPARQL over an rdflib graph in memory, answered by an in-memory Oxigraph copy of it.

A write (kg.update) and a build (kg.build) hold the graph they make in rdflib's memory store and
ask it a few whole-graph queries: the derivation rules, the spans' rows, the data checks. rdflib's
own SPARQL engine took seconds for each on the bundled graph (most of a ``kg add``); copying the
graph into Oxigraph takes a fiftieth of a second per thousand triples and its answers come back in
milliseconds. The answers are rdflib terms again, blank nodes keeping their labels.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # rdflib is imported where its terms are made: select_values (kg load) needs none
    from rdflib import Graph
    from rdflib.term import Node

__all__ = ["construct", "copy_of", "select", "select_values"]


def _ox(term: Node) -> Any:
    import pyoxigraph as ox
    from rdflib import BNode, Literal, URIRef

    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"not an RDF term: {term!r}")


def _rdflib(term: Any) -> Node | None:
    import pyoxigraph as ox
    from rdflib import BNode, Literal, URIRef

    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if term.language:
        return Literal(term.value, lang=term.language)
    datatype = term.datatype.value
    return Literal(term.value, datatype=None if datatype == "http://www.w3.org/2001/XMLSchema#string" else URIRef(datatype))


def copy_of(graph: Graph) -> Any:
    """An in-memory pyoxigraph Store holding ``graph``'s triples in its default graph."""
    import pyoxigraph as ox

    store = ox.Store()
    store.bulk_extend(ox.Quad(_ox(s), _ox(p), _ox(o)) for s, p, o in graph)
    return store


def select(store: Any, text: str) -> list[tuple[Node | None, ...]]:
    """The rows of the SELECT query ``text`` on ``store`` (see :func:`copy_of`), as rdflib terms
    in the query's column order (None: unbound)."""
    solutions = store.query(text)
    names = [variable.value for variable in solutions.variables]
    return [tuple(_rdflib(solution[name]) for name in names) for solution in solutions]


def select_values(store: Any, text: str) -> list[dict[str, str | None]]:
    """The rows of the SELECT query ``text`` on ``store`` as {column: the term's text}."""
    solutions = store.query(text)
    names = [variable.value for variable in solutions.variables]
    return [{name: None if solution[name] is None else solution[name].value for name in names}
            for solution in solutions]


def construct(store: Any, text: str) -> Iterator[tuple[Node, Node, Node]]:
    """The triples the CONSTRUCT query ``text`` makes on ``store``, as rdflib terms."""
    for triple in store.query(text):
        yield _rdflib(triple.subject), _rdflib(triple.predicate), _rdflib(triple.object)  # type: ignore[misc]
