"""``kg export --format csv``: the graph's actors, places and statements as rows of the
import format (docs/importing.md), so that importing the file into an empty store rebuilds them.

Rows, in this order: one kind row per entity and source (places parent first, then actors,
then the other agents), with its names, identifiers and notes; then, per statement, one row per
source (and per note) and one end row per source of its end (``kg:endSource``), which carries
the notes about the end. Every row names its own note: a note is written once, on one row.
An end row carries ``source_id``, so the import restores the end as it stands: it adds the row's
note (if any) and no "End set to ..." note of its own (see ``_Reader.end`` in statements.py).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable

from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, SKOS
from rdflib.term import Node

from ..namespaces import ID, KG
from .statements import (
    END_NOTE,
    GEO_LAT,
    GEO_LONG,
    IDENTIFIERS,
    KINDS,
    RELATIONS,
    SCHEMA_URL,
    SOURCE_KINDS,
    STATEMENT_COLUMNS,
    WD,
    relation_name,
)

__all__ = ["EXPORT_COLUMNS", "export_csv"]

EXPORT_COLUMNS = (["id"] + STATEMENT_COLUMNS + ["end_precision", "start_bound", "end_bound", "attested",
                                                 "last_attested", "coverage_from", "coverage_until", "source_id", "source_kind", "ended_by",
                                                 "restates", "kind", "labels",
                                                 "aliases", "lat", "long", "parent"] + list(IDENTIFIERS))
_STATEMENT_CLASSES = (KG.MembershipStatement, KG.AffiliationStatement, KG.ControlStatement,
                      KG.CooperationStatement, KG.HostilityStatement, KG.LineageStatement)
_KIND_NAMES: dict[URIRef, str] = {}
for _name, _cls in KINDS.items():
    _KIND_NAMES.setdefault(_cls, _name)  # the first spelling of each kind
_SOURCE_KIND_NAMES = {cls: name for name, cls in SOURCE_KINDS.items()}
_BOUND_NAMES = {KG.NotBefore: "not before", KG.NotAfter: "not after"}


def _bound_name(node: Node | None) -> str:
    """The CSV word for a kg:startBound/kg:endBound value ('' for none)."""
    return _BOUND_NAMES.get(node, "") if isinstance(node, URIRef) else ""


def _local(node: Node | None) -> str:
    return "" if node is None else "id:" + str(node).rsplit("/", 1)[-1]


def _text(node: Node | None) -> str:
    return "" if node is None else str(node)


class _Writer:
    def __init__(self, graph: Graph, raw_cells: bool = False):
        from ..export import canonical
        from ..spreadsheet import neutralise

        self.g = canonical(graph)
        self.cell: Callable[[str], str] = (lambda text: text) if raw_cells else neutralise
        self.out = io.StringIO()
        self.csv = csv.writer(self.out, lineterminator="\n")
        self.csv.writerow(EXPORT_COLUMNS)

    def label(self, node: Node | None) -> str:
        for value in self.g.objects(node, SKOS.prefLabel):
            if getattr(value, "language", None) == "en":
                return str(value)
        return _local(node)

    def row(self, **cells: str) -> None:
        self.csv.writerow([self.cell(cells.get(c, "")) for c in EXPORT_COLUMNS])

    def source_cells(self, source: Node | None) -> dict[str, str]:
        if source is None:
            return {}
        g = self.g
        kind = next((name for cls, name in _SOURCE_KIND_NAMES.items() if (source, RDF.type, cls) in g), "")
        return {"source_title": _text(g.value(source, DCTERMS.title)),
                "source_publisher": _text(g.value(source, DCTERMS.publisher)),
                "source_date": _text(g.value(source, DCTERMS.date)), "source_url": _text(g.value(source, SCHEMA_URL)),
                "source_id": _local(source), "source_kind": kind}

    # --- entities ---------------------------------------------------------------------------

    def depth(self, node: Node) -> int:
        seen, n = set(), 0
        while (node := self.g.value(node, KG.locatedIn)) is not None and node not in seen:  # type: ignore[assignment]
            seen.add(node)
            n += 1
        return n

    def entities(self) -> None:
        g, order = self.g, list(_KIND_NAMES)
        found: dict[Node, URIRef] = {}
        for cls in order:
            for node in g.subjects(RDF.type, cls):
                if str(node).startswith(str(ID)) and node not in found:
                    found[node] = cls
        places = {KG.Country, KG.Governorate, KG.City, KG.MilitaryBase, KG.Airbase, KG.Facility}
        key = lambda n: (found[n] not in places, self.depth(n), order.index(found[n]), str(n))
        for node in sorted(found, key=key):
            self.entity(node, found[node])

    def entity(self, node: Node, cls: URIRef) -> None:
        g = self.g
        labels = sorted(str(v) for v in g.objects(node, SKOS.prefLabel) if getattr(v, "language", None) != "en")
        aliases = sorted(str(v) for v in g.objects(node, SKOS.altLabel))
        ids = {}
        for column, prop in IDENTIFIERS.items():
            values = sorted(str(v) for v in g.objects(node, prop))
            if prop == OWL.sameAs:
                values = [v.removeprefix(WD) for v in values if v.startswith(WD)]
            ids[column] = ";".join(values)
        sources: list[Node | None] = [*sorted(g.objects(node, PROV.wasDerivedFrom), key=str)] or [None]
        notes = sorted(str(n) for n in g.objects(node, KG.note))
        for i in range(max(len(sources), len(notes))):
            first = i == 0
            source = sources[i] if i < len(sources) else sources[0]
            cells = dict(self.source_cells(source), id=_local(node), subject=self.label(node),
                         kind=_KIND_NAMES[cls], note=notes[i] if i < len(notes) else "")
            if first:
                cells.update(labels=";".join(labels), aliases=";".join(aliases),
                             lat=_text(g.value(node, GEO_LAT)), long=_text(g.value(node, GEO_LONG)),
                             parent=_local(g.value(node, KG.locatedIn)) if g.value(node, KG.locatedIn) else "",
                             **ids)
            self.row(**cells)
        for other in sorted(set(g.objects(node, RDF.type)) - {cls}, key=str):  # a second kind, on its own row
            if isinstance(other, URIRef) and other in _KIND_NAMES:
                self.row(**self.source_cells(sources[0]), id=_local(node), subject=self.label(node),
                         kind=_KIND_NAMES[other])

    # --- statements -------------------------------------------------------------------------

    def statements(self) -> None:
        g = self.g
        for st in sorted({s for k in _STATEMENT_CLASSES for s in g.subjects(RDF.type, k)}, key=str):
            cls = next(k for k in _STATEMENT_CLASSES if (st, RDF.type, k) in g)
            qualifier = g.value(st, KG.role) or g.value(st, KG.affiliationType) or g.value(st, KG.lineageType)
            kind = next((v for v in RELATIONS.values() if v[0] == cls and (v[2] is None or v[2] == qualifier)), None)
            if kind is None:
                continue
            self.statement(st, kind)

    def statement(self, st: Node, kind: tuple) -> None:
        g = self.g
        own = {"id": _local(st), "subject": self.label(g.value(st, KG.actor)), "relation": relation_name(kind),
               "object": self.label(g.value(st, KG.object))}
        end_sources = sorted(g.objects(st, KG.endSource), key=str)
        notes = sorted(str(n) for n in g.objects(st, KG.note))
        end_notes = [n for n in notes if n.startswith(END_NOTE)] if end_sources else []
        notes = [n for n in notes if n not in end_notes]
        sources = sorted(g.objects(st, PROV.wasDerivedFrom), key=str)
        start, end = g.value(st, KG.start), g.value(st, KG.end)
        for i in range(max(1, len(sources), len(notes))):
            source = sources[i] if i < len(sources) else (sources[0] if sources else None)
            self.row(**own, **self.source_cells(source), start=_text(start),
                     end="" if end_sources else _text(end),
                     precision=_text(g.value(st, KG.startPrecision)).rsplit("#", 1)[-1].lower() if start else "",
                     end_precision="" if end_sources or end is None
                     else _text(g.value(st, KG.endPrecision)).rsplit("#", 1)[-1].lower(),
                     start_bound=_bound_name(g.value(st, KG.startBound)),
                     end_bound="" if end_sources else _bound_name(g.value(st, KG.endBound)),
                     attested=_text(g.value(st, KG.attested)),
                     last_attested=_text(g.value(st, KG.lastAttested)),
                     coverage_from=_text(g.value(st, KG.coverageFrom)),
                     coverage_until=_text(g.value(st, KG.coverageUntil)),
                     restates=_local(g.value(st, KG.restates)),
                     claimant=self.label(g.value(st, KG.claimant)) if g.value(st, KG.claimant) is not None else "",
                     note=notes[i] if i < len(notes) else "")
        claimants = sorted(g.objects(st, KG.endClaimant), key=str)
        ended_by = g.value(st, KG.endedBy)
        for i in range(max(len(end_sources), len(end_notes))):
            source = end_sources[i] if i < len(end_sources) else end_sources[0]
            self.row(**own, **self.source_cells(source), end=_text(end),
                     end_precision=_text(g.value(st, KG.endPrecision)).rsplit("#", 1)[-1].lower(),
                     end_bound=_bound_name(g.value(st, KG.endBound)),
                     claimant=self.label(claimants[0]) if claimants else "",
                     ended_by=_local(ended_by) if ended_by is not None else "",
                     note=end_notes[i] if i < len(end_notes) else "")


def export_csv(graph: Graph, *, raw_cells: bool = False) -> str:
    """Actors, places and statements as rows of the import format (see the module docstring),
    each text cell neutralised for spreadsheets (kg.spreadsheet; the import restores it)
    unless ``raw_cells``."""
    writer = _Writer(graph, raw_cells)
    writer.entities()
    writer.statements()
    return writer.out.getvalue()
