"""Shared steps of the dataset importers: match a record to an entity already in the graph
(by external ID, then by its preferred name), or mint a new actor; add names and IDs with
provenance records citing the dataset."""

from __future__ import annotations

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, SKOS

from ..errors import InputError
from ..names import ACTOR_KINDS, NameIndex, normalise
from ..namespaces import ID
from .common import Report, add_provenance, free_iri, name_literal, slug

__all__ = ["Matcher", "require_source"]


def require_source(graph: Graph, source: URIRef) -> None:
    if (source, RDF.type, None) not in graph:
        raise InputError(f"the graph has no source record {source.n3()}: build the bundled seeds first")


class Matcher:
    """Finds the actor a dataset record is about; remembers what this import created.

    A record matches an actor only on an exact identifier (``id_property``) or when its own
    preferred name, normalised, is the English preferred label of exactly one actor. Names are
    never merged silently: a name that already belongs to another actor (in the graph or given
    to another actor by this import) is not added, and is reported as a conflict.
    """

    def __init__(self, graph: Graph, out: Graph, id_property: URIRef, report: Report):
        self.graph, self.out, self.id_property, self.report = graph, out, id_property, report
        self.by_id = {str(v): s for s, v in graph.subject_objects(id_property) if isinstance(s, URIRef)}
        self.index = NameIndex.from_graph(graph)
        self.by_label: dict[str, set[URIRef]] = {}
        for entry in self.index.entries.values():
            if entry.kind in ACTOR_KINDS:
                self.by_label.setdefault(normalise(entry.label), set()).add(entry.iri)
        self.added: dict[str, URIRef] = {}  # normalised names this import gave to an actor

    def match(self, ident: str, name: str) -> tuple[URIRef | None, str | None]:
        """(entity, None) when found; (None, reason) when ambiguous; (None, None) when new."""
        if ident in self.by_id:
            return self.by_id[ident], None
        found = self.by_label.get(normalise(name), set())
        if len(found) == 1:
            entity = next(iter(found))
            other = self.graph.value(entity, self.id_property)
            if other is not None and str(other) != ident:
                return None, f"its name matches {entity.n3()}, which has another {self.id_property.n3()} ({other})"
            return entity, None
        if len(found) > 1:
            return None, "its name is the label of several actors: " + ", ".join(sorted(e.n3() for e in found))
        return None, None

    def owner(self, name: str, entity: URIRef | None) -> URIRef | None:
        """The other actor ``name`` already belongs to, if any."""
        key = normalise(name)
        owners = {e.iri for e in self.index.exact(name, ACTOR_KINDS)} | ({self.added[key]} if key in self.added else set())
        owners.discard(entity)  # type: ignore[arg-type]
        return min(owners, key=str) if owners else None

    def create(self, record: str, name: str, cls: URIRef, ident: str) -> URIRef | None:
        """A new actor named ``name``, or None (a conflict) when the name already names another."""
        other = self.owner(name, None)
        if other is not None:
            self.report.conflicts.append((record, name, other.n3()))
            self.report.skipped.append((record, (f"conflict: its name {name!r} already names {other.n3()}; "
                                                "not created, not merged")))
            return None
        iri = free_iri(slug(name), self.graph, self.out, suffix=f"{slug(self.id_property.rsplit('#', 1)[-1], 8)}-{ident}")
        self.out.add((iri, RDF.type, cls))
        self.out.add((iri, SKOS.prefLabel, Literal(" ".join(name.split()), lang="en")))
        self.added[normalise(name)] = iri
        self.by_id[ident] = iri
        return iri

    def enrich(self, record: str, entity: URIRef, source: URIRef, ident: str, names: list[str],
               extra: list[tuple[URIRef, Literal]] = ()) -> None:  # type: ignore[assignment]
        """Add the record's names (as aliases), ID and other values, cited to ``source``; a name
        that already names another actor is reported as a conflict and left out."""
        out, graph = self.out, self.graph
        known = {normalise(str(v)) for p in (SKOS.prefLabel, SKOS.altLabel, SKOS.hiddenLabel)
                 for v in list(graph.objects(entity, p)) + list(out.objects(entity, p))}
        vouched = {self.id_property}
        for name in names:
            literal = name_literal(name)
            key = normalise(str(literal))
            if not str(literal) or not key or key in known:
                continue
            other = self.owner(str(literal), entity)
            if other is not None:
                self.report.conflicts.append((record, str(literal), other.n3()))
                continue
            known.add(key)
            self.added[key] = entity
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
