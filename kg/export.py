"""Export the graph as Turtle, N-Triples or JSON-LD.

Stores disagree on the surface form of some literals that RDF 1.1 treats as the same value:
Oxigraph returns simple literals as ``xsd:string`` and writes decimals canonically ("36"),
rdflib keeps them as written. ``canonical()`` picks one form (simple literals, decimals with
a decimal point) so that an export re-parses to an isomorphic graph, whatever the store.
"""

from __future__ import annotations

from decimal import Decimal

from rdflib import Graph, Literal
from rdflib.namespace import XSD

from .namespaces import PREFIXES, bind_prefixes

__all__ = ["FORMATS", "canonical", "serialize"]

FORMATS = {"turtle": "turtle", "nt": "nt", "jsonld": "json-ld"}


def _canonical_literal(term: Literal) -> Literal:
    if term.datatype == XSD.string:
        return Literal(str(term))
    if term.datatype == XSD.decimal:
        value = Decimal(str(term))
        text = format(value, "f")
        if "." not in text:
            text += ".0"
        return Literal(text, datatype=XSD.decimal)
    return term


def canonical(graph: Graph) -> Graph:
    """An in-memory copy of ``graph`` with literals in one canonical surface form."""
    out = bind_prefixes(Graph())  # the project's geo: (WGS84), not rdflib's (GeoSPARQL)
    for s, p, o in graph:
        out.add((s, p, _canonical_literal(o) if isinstance(o, Literal) else o))
    return out


def serialize(graph: Graph, fmt: str) -> bytes:
    """The graph as ``fmt`` (turtle, nt or jsonld), UTF-8."""
    copy = canonical(graph)
    if fmt == "jsonld":
        return copy.serialize(format="json-ld", context=PREFIXES, indent=2).encode("utf-8")
    return copy.serialize(format=FORMATS[fmt]).encode("utf-8")
