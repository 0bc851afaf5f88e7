"""What the event-dataset importers share (kg.importers.acled, kg.importers.ged): finding or
making the actors and places an event names, and writing the event with its dates, fatalities
and source (docs/importing.md, "Event datasets").

A format module turns each row into an :class:`EventRow` (kg.importers.eventrows; or records a
problem for the row, column and what was expected); :class:`EventWriter` then resolves names against the
graph and writes the triples. Actors: an identifier the graph carries (a UCDP actor ID) first,
then the shared name resolver's exact and spelling tiers (kg.names), never a prefix or a fuzzy
match; an unknown actor is created (the dataset's name as its English name), never merged into
a near name. Places: a place of that name within the same first-level region (a governorate),
else a new town at the row's coordinates. Every IRI is a function of the dataset row, so a
second run adds nothing.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, SKOS, XSD

from ..names import ACTOR_KINDS, NameIndex, normalise
from ..namespaces import ID, KG
from .common import (
    ImportRejected,
    Problem,
    Report,
    add_provenance,
    free_iri,
    new_graph,
    slug,
)
from .eventrows import Cells, DatasetSource, EventRow, Side, read_rows

__all__ = ["EventReport", "EventWriter", "run", "write"]

SCHEMA_URL = URIRef("https://schema.org/url")
GEO_LAT = URIRef("http://www.w3.org/2003/01/geo/wgs84_pos#lat")
GEO_LONG = URIRef("http://www.w3.org/2003/01/geo/wgs84_pos#long")
_TOWN_KINDS = {"city", "military base", "military airport"}
_PARENS = re.compile(r"\s*\([^()]*\)\s*$")  # ACLED's "Islamic State (Syria)", "(2000-)"


@dataclass
class EventReport(Report):
    """A Report (actors matched, created, skipped) and the events and places of the import."""

    events: list[str] = field(default_factory=list)
    places: list[str] = field(default_factory=list)  # places created
    left_out: int = 0  # rows outside the country asked for


class EventWriter:
    """Resolves the names of checked rows against ``graph`` and builds the triples to add."""

    def __init__(self, graph: Graph, source: DatasetSource, display: str, dataset: str):
        self.graph, self.source, self.display, self.dataset = graph, source, display, dataset
        self.out, self.report = new_graph(), EventReport()
        self.problems: list[Problem] = []
        self.index = NameIndex.from_graph(graph)
        self.by_ucdp = {str(v): s for s, v in graph.subject_objects(KG.ucdpActorId) if isinstance(s, URIRef)}
        self.actors: dict[str, URIRef | None] = {}  # normalised name -> actor (or None: left out), this import
        self.places: dict[tuple[str, str], URIRef] = {}  # (name, region IRI) -> place made by this import
        self.where: dict[URIRef, int] = {}  # new resource -> the row that made it
        self.notes: dict[URIRef, str] = {}  # actor -> how a name matched it, when not exactly

    # --- the source ------------------------------------------------------------------------

    def write_source(self) -> None:
        src = self.source
        if (src.iri, RDF.type, None) in self.graph:
            return
        out = self.out
        out.add((src.iri, RDF.type, KG.Dataset))
        out.add((src.iri, DCTERMS.title, Literal(src.title)))
        out.add((src.iri, DCTERMS.publisher, Literal(src.publisher)))
        out.add((src.iri, SCHEMA_URL, URIRef(src.url)))
        out.add((src.iri, KG.usedAs, Literal(src.used_as)))
        if src.date is not None:
            out.add((src.iri, DCTERMS.date, Literal(src.date.isoformat(), datatype=XSD.date)))

    # --- actors ----------------------------------------------------------------------------

    def actor(self, side: Side, row: EventRow) -> URIRef | None:
        """The actor ``side`` names: by UCDP ID, then by name (exact or spelling tier), else a new
        one (when ``side.kind`` says what to make it), else None (reported)."""
        if side.ident and side.ident in self.by_ucdp:
            return self.by_ucdp[side.ident]
        key = normalise(side.name)
        if key in self.actors:
            return self.actors[key]
        found = self._known(side.name)
        record = f"{self.dataset} row {row.number}: {side.name!r}"
        if isinstance(found, str) and not isinstance(found, URIRef):  # a reason (URIRef is a str too)
            self.report.skipped.append((record, found))
            self.actors[key] = None
            return None
        if found is not None:
            note = self.notes.get(found)
            self.report.matched.append(f"{side.name!r} -> {found.n3()}" + (f" ({note})" if note else ""))
            self.actors[key] = found
            if side.ident:
                self.by_ucdp.setdefault(side.ident, found)
            return found
        if side.kind is None:
            self.report.skipped.append((record, ("not an armed actor the graph knows (not created: the dataset "
                                                "names no armed actor by it)")))
            self.actors[key] = None
            return None
        iri = free_iri(slug(side.name), self.graph, self.out, suffix=f"ucdp-{side.ident}" if side.ident else "")
        out = self.out
        out.add((iri, RDF.type, side.kind))
        out.add((iri, SKOS.prefLabel, Literal(side.name, lang="en")))
        out.add((iri, PROV.wasDerivedFrom, self.source.iri))
        if side.ident:
            out.add((iri, KG.ucdpActorId, Literal(side.ident)))
            add_provenance(out, iri, self.source.iri, [KG.ucdpActorId])
            self.by_ucdp[side.ident] = iri
        self.report.created.append(f"{side.name!r} ({iri.n3()}), first named in row {row.number}")
        self.where.setdefault(iri, row.number)
        for form in self._forms(side.name):  # "X (Syria)" made here is also the X of a later row
            self.actors.setdefault(normalise(form), iri)
        return iri

    @staticmethod
    def _forms(name: str) -> list[str]:
        """``name``, then without ACLED's "(Country)" or "(2000-)" and before a colon ("ABBR: Name")."""
        tries = [name]
        bare = _PARENS.sub("", name).strip()
        if ":" in bare:
            tries += [bare.split(":", 1)[1].strip()]
        return list(dict.fromkeys(t for t in [*tries, bare] if t))

    def _known(self, name: str) -> URIRef | str | None:
        """The one actor the graph calls ``name`` (or one of its :meth:`_forms`); a reason when
        several; None when none."""
        for text in self._forms(name):
            made = self.actors.get(normalise(text))
            if made is not None:  # an actor this import created under that name
                return made
            found = self.index.candidates(text, ACTOR_KINDS)
            if any(e.note and "starts so" in e.note for e in found):  # a prefix match: not a name
                continue
            if len(found) == 1:
                if found[0].note:  # a spelling variant: said in the report, never silent
                    self.notes[found[0].iri] = found[0].note
                return found[0].iri
            if found:
                return ("ambiguous: names " + ", ".join(e.describe() for e in found[:5]) +
                        "; linked to none of them")
        return None

    # --- places ----------------------------------------------------------------------------

    def _one(self, name: str, kinds: set[str]) -> URIRef | None:
        found = [e for e in self.index.candidates(name, kinds) if not (e.note and "starts so" in e.note)]
        return found[0].iri if len(found) == 1 else None

    def country(self, row: EventRow) -> URIRef | None:
        found = self._one(row.country, {"country"})
        if found is None:
            self.problems.append(Problem(row.number, f"column country: {row.country!r} is not a country in the "
                                         "graph (add it first, with its coordinates, or leave its rows out with "
                                         "--country)", self.display))
        return found

    def region(self, row: EventRow, country: URIRef) -> URIRef | None:
        """The graph's first-level region (a governorate) of ``row.admin1`` in ``country``."""
        if not row.admin1:
            return None
        base = re.sub(r"\s+(governorate|province|muhafazah)$", "", row.admin1, flags=re.IGNORECASE)
        for name in dict.fromkeys([row.admin1, f"{base} Governorate", f"{base} Province"]):
            found = self._one(name, {"governorate"})
            if found is not None and self._within(found, country):
                return found
        return None

    def _within(self, place: URIRef, container: URIRef) -> bool:
        seen, todo = set(), [place]
        while todo:
            node = todo.pop()
            if node == container:
                return True
            if node in seen:
                continue
            seen.add(node)
            todo += [p for g in (self.graph, self.out) for p in g.objects(node, KG.locatedIn) if isinstance(p, URIRef)]
        return False

    def place(self, row: EventRow) -> URIRef | None:
        """The event's place: the town of that name in the same region (found or made), or the
        region or country itself when the dataset places the event no finer."""
        country = self.country(row)
        if country is None:
            return None
        region = self.region(row, country)
        if row.at_country:
            return country
        if row.location is None:
            return region
        parent = region or country
        for entry in self.index.candidates(row.location, _TOWN_KINDS):
            if entry.note and "starts so" in entry.note:
                continue
            if self._parent(entry.iri) == parent or region is not None and self._within(entry.iri, region):
                return entry.iri
        made = self.places.get((normalise(row.location), str(parent)))
        if made is not None:
            return made
        iri = free_iri(slug(row.location), self.graph, self.out, suffix=slug(row.admin1 or row.country, 30))
        out = self.out
        out.add((iri, RDF.type, KG.City))
        out.add((iri, SKOS.prefLabel, Literal(row.location, lang="en")))
        out.add((iri, KG.locatedIn, parent))
        out.add((iri, GEO_LAT, Literal(format(row.latitude, "f"), datatype=XSD.decimal)))
        out.add((iri, GEO_LONG, Literal(format(row.longitude, "f"), datatype=XSD.decimal)))
        out.add((iri, PROV.wasDerivedFrom, self.source.iri))
        add_provenance(out, iri, self.source.iri, [GEO_LAT, GEO_LONG])
        if region is None and row.admin1:
            out.add((iri, KG.note, Literal(f"{self.dataset} puts it in the first-level region {row.admin1!r}, "
                                           "which the graph does not hold.", lang="en")))
        self.places[(normalise(row.location), str(parent))] = iri
        self.report.places.append(f"{row.location} ({iri.n3()}) at {row.latitude}, {row.longitude}, "
                                  f"first named in row {row.number}")
        self.where.setdefault(iri, row.number)
        return iri

    def _parent(self, place: URIRef) -> URIRef | None:
        found = self.graph.value(place, KG.locatedIn) or self.out.value(place, KG.locatedIn)
        return found if isinstance(found, URIRef) else None

    # --- the event -------------------------------------------------------------------------

    def event(self, row: EventRow) -> None:
        place = self.place(row)
        iri = ID[row.key]
        out = self.out
        out.add((iri, RDF.type, row.cls))
        out.add((iri, SKOS.prefLabel, Literal(row.label, lang="en")))
        out.add((iri, KG.datasetEventId, Literal(row.ident)))
        out.add((iri, KG.eventType, Literal(row.event_type)))
        out.add((iri, PROV.wasDerivedFrom, self.source.iri))
        start, end = (row.start, row.end)
        out.add((iri, KG.start, Literal(start.isoformat(), datatype=XSD.date)))
        out.add((iri, KG.end, Literal(end.isoformat(), datatype=XSD.date)))
        out.add((iri, KG.startPrecision, row.precision))
        out.add((iri, KG.endPrecision, row.precision))
        if row.bounded:
            out.add((iri, KG.startBound, KG.NotBefore))
            out.add((iri, KG.endBound, KG.NotAfter))
        if place is not None:
            out.add((iri, KG.place, place))
        for side in row.sides:
            actor = self.actor(side, row)
            if actor is not None:
                out.add((iri, side.role, actor))
        for prop, value in ((KG.fatalities, row.fatalities), (KG.fatalitiesLow, row.low),
                            (KG.fatalitiesHigh, row.high)):
            if value is not None:
                out.add((iri, prop, Literal(value, datatype=XSD.integer)))
        for note in row.notes:
            out.add((iri, KG.note, Literal(note, lang="en")))
        self.where.setdefault(iri, row.number)
        self.report.events.append(f"{self.display} row {row.number}: {row.label} ({iri.n3()})")


def run(path: Path, graph: Graph, *, what: str, columns: list[str], dataset: str,
        read: Callable[[Cells], EventRow | None], source: Callable[[list[EventRow], str], DatasetSource],
        country: str | None) -> tuple[Graph, EventReport, dict]:
    """Read, check and resolve a dataset file: (triples to add, report, {node: row location}).
    Every bad row is raised together as ImportRejected; nothing is returned half-made."""
    from ..update import RowLocation

    display, rows, problems = read_rows(path, what, columns)
    kept, left_out = [], 0
    for cells in rows:
        if country and cells.text("country").lower() != country.lower():
            left_out += 1
            continue
        parsed = read(cells)
        if parsed is not None:
            kept.append(parsed)
    if problems:
        raise ImportRejected(sorted(problems, key=lambda p: p.row or 0), display)
    writer = EventWriter(graph, source(kept, display), display, dataset)
    writer.report.left_out = left_out
    if kept:
        writer.write_source()
    for parsed in kept:
        writer.event(parsed)
    if writer.problems:
        raise ImportRejected(sorted(set(writer.problems), key=lambda p: p.row or 0), display)
    where = {node: RowLocation(display, number) for node, number in writer.where.items()}
    return writer.out, writer.report, where



def write(location: str | None, path: Path, kind: str, read: Callable[[Graph], tuple[Graph, EventReport, dict]], *,
          country: str | None, dry_run: bool, progress: Callable[[str], None] | None) -> tuple[EventReport, Any]:
    """Read a dataset file against the store at ``location`` with ``read`` (kg.importers.acled,
    kg.importers.ged) and write what it gives, recorded as an import of ``kind``: (report, change)."""
    from ..store import open_graph
    from ..update import apply

    additions, report, where = read(open_graph(location))
    if progress is not None:
        progress("re-deriving the edges, validating and writing")
    change = apply(location, additions, record={"kind": kind, "file": path.name, "country": country,
                                                "events": len(report.events), **report.counts()},
                   where=where, dry_run=dry_run)
    return report, change
