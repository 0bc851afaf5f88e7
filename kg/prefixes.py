"""The project's prefixes, as plain text (no rdflib: the rdflib-free read path, kg.reader,
declares them to pyoxigraph). kg.namespaces builds its namespaces from them."""

from __future__ import annotations

__all__ = ["PREFIXES"]

PREFIXES: dict[str, str] = {
    "kg": "https://w3id.org/armed-groups-kg/ontology#",
    "id": "https://w3id.org/armed-groups-kg/id/",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "prov": "http://www.w3.org/ns/prov#",
    "dcterms": "http://purl.org/dc/terms/",
    "geo": "http://www.w3.org/2003/01/geo/wgs84_pos#",
    "schema": "https://schema.org/",
    "wd": "http://www.wikidata.org/entity/",
}
