"""Apply a batch of new triples to a store, atomically and time-aware.

``apply()`` opens the current graph, copies it into memory, adds the batch, closes the
open statements the batch supersedes (``close_superseded``), re-derives the direct edges, validates the whole
graph (SHACL shapes and data checks) and only then writes a new generation with
``kg.store.write``. A batch that breaks a rule raises ``ValidationFailed`` (each violation
located at the import row it comes from) and leaves the store as it was; a batch that adds
nothing new writes nothing, so importing the same file twice changes nothing.

The manifest of an on-disk store records that it now holds user data (``bundled: false``)
and lists the imports, so the automatic rebuild from changed bundled data never wipes them.
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass, field
from typing import Any

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, XSD
from rdflib.term import Node

from .errors import ValidationFailed
from .namespaces import KG

__all__ = ["Change", "RowLocation", "apply", "close_superseded"]


@dataclass(frozen=True)
class RowLocation:
    """Where a resource of an import comes from: the file and its spreadsheet row."""

    path: str
    line: int

    def __str__(self) -> str:
        return f"{self.path} row {self.line}" if self.line else self.path


@dataclass
class Change:
    location: str
    added: int = 0  # triples added, derived edges included
    triples: int = 0  # triples in the graph after the change
    closed: list[str] = field(default_factory=list)  # one line per statement ended (superseded or by an end row)
    contested: list[str] = field(default_factory=list)  # one line per competing claim flagged
    written: bool = False
    generation: str | None = None


def _date(graph: Graph, node: Node, prop: URIRef) -> dt.date | None:
    value = graph.value(node, prop)
    return value.toPython() if isinstance(value, Literal) and isinstance(value.toPython(), dt.date) else None


def _label(graph: Graph, node: Node | None) -> str:
    from rdflib.namespace import SKOS

    for label in graph.objects(node, SKOS.prefLabel):
        if getattr(label, "language", None) == "en":
            return str(label)
    return str(node).rsplit("/", 1)[-1]


def _short(node: Node) -> str:
    return "id:" + str(node).rsplit("/", 1)[-1]


# statement kind -> the property that must differ for a newer statement to supersede an older
# one; the pair (actor, object) or the place is matched by ``_rivals``.
_KINDS = (KG.ControlStatement, KG.AffiliationStatement, KG.MembershipStatement,
          KG.CooperationStatement, KG.HostilityStatement)
_OPPOSITE = {KG.CooperationStatement: KG.HostilityStatement, KG.HostilityStatement: KG.CooperationStatement}


def _kind(graph: Graph, node: Node) -> URIRef | None:
    return next((k for k in _KINDS if (node, RDF.type, k) in graph), None)


def _rivals(graph: Graph, new: URIRef, kind: URIRef) -> list[Node]:
    """The statements a new statement of ``kind`` supersedes when they are older and open:
    control: the same place held by another actor; affiliation: the same actor and affiliation
    type with another organisation; membership: the same actor and alliance with another role;
    cooperation or hostility: the same pair of actors (either direction), the opposite kind."""
    actor, obj = graph.value(new, KG.actor), graph.value(new, KG.object)
    if kind == KG.ControlStatement:
        return [s for s in graph.subjects(KG.object, obj)
                if (s, RDF.type, kind) in graph and graph.value(s, KG.actor) != actor]
    if kind == KG.AffiliationStatement:
        kind_of = graph.value(new, KG.affiliationType)
        return [s for s in graph.subjects(KG.actor, actor)
                if (s, RDF.type, kind) in graph and graph.value(s, KG.affiliationType) == kind_of
                and graph.value(s, KG.object) != obj]
    if kind == KG.MembershipStatement:
        role = graph.value(new, KG.role)
        return [s for s in graph.subjects(KG.actor, actor)
                if (s, RDF.type, kind) in graph and graph.value(s, KG.object) == obj and graph.value(s, KG.role) != role]
    opposite = _OPPOSITE[kind]
    pairs = [s for s in graph.subjects(KG.actor, actor) if graph.value(s, KG.object) == obj]
    pairs += [s for s in graph.subjects(KG.actor, obj) if graph.value(s, KG.object) == actor]
    return [s for s in pairs if (s, RDF.type, opposite) in graph]


_WORDS = {KG.ControlStatement: "controls", KG.CooperationStatement: "allied with",
          KG.HostilityStatement: "hostile to", KG.Member: "member of", KG.Leader: "leader of",
          KG.Branch: "branch of", KG.Allegiance: "pledged allegiance to"}


def _what(graph: Graph, st: Node, *, ended: bool = False) -> str:
    """'al-Nusra Front branch of al-Qaeda' (a control that ended: 'X held P'), for notes and reports."""
    kind = _kind(graph, st)
    qualifier = graph.value(st, KG.role) or graph.value(st, KG.affiliationType)
    word = "held" if ended and kind == KG.ControlStatement else _WORDS.get(qualifier or kind, "tied to")  # type: ignore[arg-type]
    return f"{_label(graph, graph.value(st, KG.actor))} {word} {_label(graph, graph.value(st, KG.object))}"


def close_superseded(graph: Graph, new_statements: list[URIRef], label: str) -> tuple[list[str], list[str], dict]:
    """For each new statement with a start (oldest first), end the open statements it
    supersedes (see ``_rivals``) that started before it, at its start: kg:end, kg:endPrecision,
    kg:endedBy (the new statement), kg:endSource (its sources; the old statement keeps its own
    prov:wasDerivedFrom), kg:endClaimant when the new statement is a claim, and a kg:note
    naming the import. Nothing is deleted. Control spans that still overlap another actor's on
    the same place are competing claims: kept and returned as 'contested' lines.
    Returns (closed lines, contested lines, {old statement: new statement that closed it})."""
    closed, contested, closed_by = [], [], {}
    news = [s for s in new_statements if _kind(graph, s) is not None]
    news.sort(key=lambda s: (_date(graph, s, KG.start) or dt.date.max, str(s)))
    for new in news:
        start, kind = _date(graph, new, KG.start), _kind(graph, new)
        if start is None or kind is None:
            continue
        for old in sorted(_rivals(graph, new, kind), key=str):
            if old == new or graph.value(old, KG.end) is not None:
                continue
            since = _date(graph, old, KG.start) or _date(graph, old, KG.attested)
            if since is None or not since < start:
                continue
            graph.add((old, KG.end, Literal(start.isoformat(), datatype=XSD.date)))
            graph.add((old, KG.endPrecision, graph.value(new, KG.startPrecision) or KG.Day))
            graph.add((old, KG.endedBy, new))
            for source in graph.objects(new, PROV.wasDerivedFrom):
                graph.add((old, KG.endSource, source))
            for claimant in graph.objects(new, KG.claimant):
                graph.add((old, KG.endClaimant, claimant))
            graph.add((old, KG.note, Literal(
                f"End set to {start.isoformat()} by the import of {label}: superseded by "
                f"{_what(graph, new)} from that day ({_short(new)}).", lang="en")))
            closed_by[old] = new
            closed.append(f"{_short(old)}: {_what(graph, old, ended=True)} until {start.isoformat()} ({_short(new)})")
    for new in news:
        if _kind(graph, new) != KG.ControlStatement:
            continue
        place, actor = graph.value(new, KG.object), graph.value(new, KG.actor)
        lo, hi = _date(graph, new, KG.start) or dt.date.min, _date(graph, new, KG.end) or dt.date.max
        for other in graph.subjects(KG.object, place):
            if other == new or (other, RDF.type, KG.ControlStatement) not in graph:
                continue
            if graph.value(other, KG.actor) == actor:
                continue
            o_lo, o_hi = _date(graph, other, KG.start) or dt.date.min, _date(graph, other, KG.end) or dt.date.max
            if lo < o_hi and o_lo < hi:
                contested.append(f"{_short(new)} ({_label(graph, actor)}) overlaps {_short(other)} "
                                 f"({_label(graph, graph.value(other, KG.actor))}) on {_label(graph, place)}: "
                                 "both kept as competing claims")
    return closed, contested, closed_by


def _copy(graph: Graph) -> Graph:
    from .export import canonical

    return canonical(graph)


def apply(
    location: str | None,
    additions: Graph,
    *,
    record: dict[str, Any],
    where: dict[Node, Any] | None = None,
    dry_run: bool = False,
) -> Change:
    """Add ``additions`` to the graph at ``location``; see the module docstring.

    ``record`` describes the import for the manifest (e.g. ``{"kind": "csv", "file": ...}``);
    ``where`` maps new resources to the row they come from, to locate violations.
    """
    from . import store
    from .build import derive
    from .validate import Report, run_checks, validate

    where = dict(where or {})
    current = store.open_graph(location)
    before = _copy(current)
    combined = _copy(before)
    additions = _copy(additions)
    new_statements = [
        s for s in set(additions.subjects(RDF.type, None))
        if isinstance(s, URIRef) and _kind(additions, s) is not None and (s, None, None) not in before
    ]
    combined += additions
    label = str(record.get("file") or record.get("kind") or "an import")
    closed, contested, closed_by = close_superseded(combined, new_statements, label)
    for old, new in closed_by.items():
        if new in where:
            where.setdefault(old, where[new])
    combined += derive(combined)

    result = Change(str(store.parse_location(location)), added=len(combined) - len(before),
                    triples=len(combined), closed=closed, contested=contested)

    shapes = validate(combined)
    checks = run_checks(combined)
    violations = shapes.violations + checks.violations
    if violations:
        for v in violations:
            v.location = _locate(v.focus, combined, where)  # type: ignore[assignment]
        violations.sort(key=lambda v: (v.location is None, getattr(v.location, "line", 0), v.label, v.message))
        raise ValidationFailed(Report(False, violations),
                               f"the import would break {len(violations)} rule(s); nothing was written")
    if dry_run or result.added == 0:
        return result

    info: dict[str, Any] = {}
    parsed = store.parse_location(location)
    if parsed.kind == "oxigraph" and parsed.path is not None:
        info = {k: v for k, v in (store.manifest(parsed.path) or {}).items()
                if k not in ("generation", "triples", "built_at")}
    info["bundled"] = False  # the store holds user data: never rebuild it from the bundled seeds
    entry = dict(record, added=result.added, at=time.strftime("%Y-%m-%dT%H:%M:%S%z"))
    info["imports"] = list(info.get("imports", [])) + [entry]
    store.write(location, combined, info)
    result.written = True
    if parsed.kind == "oxigraph" and parsed.path is not None:
        result.generation = (store.manifest(parsed.path) or {}).get("generation")
    return result


def _locate(node: Node, graph: Graph, where: dict[Node, Any]) -> Any:
    if node in where:
        return where[node]
    for parent in graph.subjects(None, node):
        if parent in where:
            return where[parent]
    return None
