"""Derived name keys: ``kg:nameKey`` (the :func:`kg.names.normalise` form of a label) and
``kg:nameSkeleton`` (its :func:`kg.names.skeleton`), on every resource with a SKOS label, one
of each for each of its labels.

The build, every import and ``kg load`` write them, as they write the spans (kg.spans), so
that a SPARQL server can resolve a name with one indexed lookup (``?s kg:nameKey "jaish
fath"``: the exact tier of kg.names; ``kg:nameSkeleton``: its spelling-variant tier) instead
of every process reading and normalising every label (kg.remotenames). The keys are made by
kg.names and nowhere else: the one implementation of name matching.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from .names import keys_of

__all__ = ["LABEL_PROPERTIES", "NAME_KEY_PROPERTIES", "derive_name_keys", "derive_name_keys_oxigraph", "keys_of"]

KG = "https://w3id.org/armed-groups-kg/ontology#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
NAME_KEY_PROPERTIES = ("nameKey", "nameSkeleton")
LABEL_PROPERTIES = ("prefLabel", "altLabel", "hiddenLabel")  # the names kg.names matches

_LABELS = f"""
PREFIX skos: <{SKOS}>
SELECT ?s ?label WHERE {{
  ?s skos:prefLabel|skos:altLabel|skos:hiddenLabel ?label .
  FILTER (isIRI(?s) && isLiteral(?label))
}}"""


def _keyed(pairs: Iterable[tuple[Any, str]]) -> Iterator[tuple[Any, str, str]]:
    """(subject, property local name, key) for each (subject, label) pair; two labels of a
    resource with one key give the same triples twice (a graph, or a store, keeps them once)."""
    for subject, label in pairs:
        keys = keys_of(label)
        if keys is not None:
            yield subject, "nameKey", keys[0]
            yield subject, "nameSkeleton", keys[1]


def derive_name_keys(graph: Any) -> Any:
    """The name-key triples of every labelled resource in the rdflib ``graph``, as a new Graph."""
    from rdflib import Graph, Literal, URIRef

    pairs = ((s, str(label)) for name in LABEL_PROPERTIES
             for s, label in graph.subject_objects(URIRef(SKOS + name))
             if isinstance(s, URIRef) and isinstance(label, Literal))
    derived = Graph()
    for subject, prop, key in _keyed(pairs):
        derived.add((subject, URIRef(KG + prop), Literal(key)))
    return derived


def derive_name_keys_oxigraph(store: Any) -> None:
    """Write the name-key triples of every labelled resource into the pyoxigraph ``store``,
    replacing any it had (keys loaded with the data are made again, so that they are kg's).
    Used by ``kg load`` after a bulk load."""
    import pyoxigraph as ox

    default = ox.DefaultGraph()
    for name in NAME_KEY_PROPERTIES:
        store.update(f"DELETE WHERE {{ ?s <{KG}{name}> ?key }}")  # twice as fast as quad by quad
    pairs = ((quad.subject.value, quad.object.value) for name in LABEL_PROPERTIES
             for quad in store.quads_for_pattern(None, ox.NamedNode(SKOS + name), None, default)
             if isinstance(quad.subject, ox.NamedNode) and isinstance(quad.object, ox.Literal))
    lines: list[str] = []  # in batches: memory stays flat at 10M triples
    for subject, prop, key in _keyed(pairs):  # the label iterators read a snapshot of the store
        lines.append(f"<{subject}> <{KG}{prop}> {_nt_string(key)} .\n")
        if len(lines) >= 200_000:
            store.bulk_load("".join(lines).encode("utf-8"), ox.RdfFormat.N_TRIPLES, to_graph=default)
            lines.clear()
    if lines:
        store.bulk_load("".join(lines).encode("utf-8"), ox.RdfFormat.N_TRIPLES, to_graph=default)


def _nt_string(text: str) -> str:
    """An N-Triples string literal."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    return f'"{escaped}"'
