"""Counts of what the graph holds."""

from __future__ import annotations

from rdflib import Graph

__all__ = ["stats"]

_QUERY = """
PREFIX kg: <https://w3id.org/armed-groups-kg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?type (COUNT(DISTINCT ?s) AS ?n) WHERE {
  ?s a ?type .
  FILTER (STRSTARTS(STR(?type), STR(kg:)))
  FILTER NOT EXISTS { ?s a rdfs:Class } FILTER NOT EXISTS { ?s a <http://www.w3.org/2002/07/owl#Class> }
} GROUP BY ?type ORDER BY ?type
"""


def stats(graph: Graph) -> dict[str, int]:
    """Triples, then instances per kg class (actors by kind, places, statements, events, ...)."""
    result: dict[str, int] = {"triples": len(graph)}
    from .queries import rows

    for row in rows(graph.query(_QUERY)):
        local = str(row[0]).rsplit("#", 1)[-1]
        if local in ("DatePrecision", "DateBound", "Role", "AffiliationType", "DirectEdge"):
            continue
        result[local] = int(str(row[1]))
    return result
