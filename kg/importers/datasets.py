"""Shared steps of the dataset importers: match a record to an entity already in the graph
(by external ID, then by any of its names), or mint a new actor; add names and IDs with
provenance records citing the dataset."""

from __future__ import annotations

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, SKOS

from ..errors import InputError
from ..names import ACTOR_KINDS, NameIndex, normalise
from ..namespaces import ID
from .common import add_provenance, free_iri, name_literal, slug

__all__ = ["Matcher", "require_source"]


def require_source(graph: Graph, source: URIRef) -> None:
    if (source, RDF.type, None) not in graph:
        raise InputError(f"the graph has no source record {source.n3()}: build the bundled seeds first")


class Matcher:
    """Finds the actor a dataset record is about; remembers what this import created."""

    def __init__(self, graph: Graph, out: Graph, id_property: URIRef):
        self.graph, self.out, self.id_property = graph, out, id_property
        self.by_id = {str(v): s for s, v in graph.subject_objects(id_property)}
        self.index = NameIndex.from_graph(graph)

    def match(self, ident: str, names: list[str]) -> tuple[URIRef | None, str | None]:
        """(entity, None) when found; (None, reason) when ambiguous; (None, None) when new."""
        if ident in self.by_id:
            return self.by_id[ident], None
        found: set[URIRef] = set()
        for name in names:
            found |= {e.iri for e in self.index.exact(name, ACTOR_KINDS)}
        if len(found) == 1:
            entity = found.pop()
            other = self.graph.value(entity, self.id_property)
            if other is not None and str(other) != ident:
                return None, f"its name matches {entity.n3()}, which has another {self.id_property.n3()} ({other})"
            return entity, None
        if len(found) > 1:
            return None, "its names match several actors: " + ", ".join(sorted(e.n3() for e in found))
        return None, None

    def create(self, name: str, cls: URIRef, ident: str) -> URIRef:
        iri = free_iri(slug(name), self.graph, self.out, suffix=f"{slug(self.id_property.rsplit('#', 1)[-1], 8)}-{ident}")
        self.out.add((iri, RDF.type, cls))
        self.out.add((iri, SKOS.prefLabel, Literal(" ".join(name.split()), lang="en")))
        self.by_id[ident] = iri
        return iri

    def enrich(self, entity: URIRef, source: URIRef, ident: str, names: list[str],
               extra: list[tuple[URIRef, Literal]] = ()) -> None:  # type: ignore[assignment]
        """Add the record's names (as aliases), ID and other values, cited to ``source``."""
        out, graph = self.out, self.graph
        known = {normalise(str(v)) for p in (SKOS.prefLabel, SKOS.altLabel, SKOS.hiddenLabel)
                 for v in list(graph.objects(entity, p)) + list(out.objects(entity, p))}
        vouched = {self.id_property}
        for name in names:
            literal = name_literal(name)
            if not str(literal) or normalise(str(literal)) in known:
                continue
            known.add(normalise(str(literal)))
            out.add((entity, SKOS.altLabel, literal))
            vouched.add(SKOS.altLabel)
        if graph.value(entity, self.id_property) is None:
            out.add((entity, self.id_property, Literal(ident)))
        for prop, value in extra:
            if graph.value(entity, prop) is None:
                out.add((entity, prop, value))
                vouched.add(prop)
        out.add((entity, PROV.wasDerivedFrom, source))
        add_provenance(out, entity, source, sorted(vouched))


ID_NS = ID
