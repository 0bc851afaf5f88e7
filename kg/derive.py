"""Derivation: the triples the build adds to the statements (direct edges, spans, name keys,
labels), computed from the graph alone, and refreshed after every change (kg.update)."""

from __future__ import annotations

from rdflib import Graph
from rdflib.namespace import RDFS, SKOS

from . import resources
from .namespaces import KG

__all__ = ["derive", "rederive"]


def derive(graph: Graph) -> Graph:
    """The direct edges the statements imply (queries/derive/*.rq), each statement's certain
    and possible span (kg.spans), the name keys of every labelled resource (kg.namekeys), plus
    rdfs:label."""
    from .namekeys import derive_name_keys
    from .oxcopy import construct, copy_of
    from .spans import derive_spans

    try:
        store = copy_of(graph)  # rdflib's engine took seconds for these queries (kg.oxcopy)
    except ValueError:  # a term Oxigraph refuses (say, a language tag rdflib let through): rdflib's engine
        store = None
    derived = Graph()
    for rule in sorted((resources.queries_dir() / "derive").glob("*.rq")):
        text = rule.read_text(encoding="utf-8")
        for triple in graph.query(text) if store is None else construct(store, text):
            derived.add(triple)  # type: ignore[arg-type]
    derived += derive_spans(graph, store)
    derived += derive_name_keys(graph)
    for subject, label in graph.subject_objects(SKOS.prefLabel):
        derived.add((subject, RDFS.label, label))
    return derived


def rederive(graph: Graph) -> int:
    """Refresh ``graph``'s derived triples in place after a change: the spans (an end added to
    a statement changes them) and the name keys are computed anew; edges and labels are only
    added. Returns the number of triples the graph grew by."""
    from .namekeys import NAME_KEY_PROPERTIES
    from .spans import SPAN_PROPERTIES

    before = len(graph)
    for name in SPAN_PROPERTIES + NAME_KEY_PROPERTIES:
        graph.remove((None, KG[name], None))
    graph += derive(graph)
    return len(graph) - before
