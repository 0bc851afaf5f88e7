"""Apply a batch of new triples to a store, atomically and time-aware.

``apply()`` opens the current graph, copies it into memory, adds the batch, closes the
open statements the batch supersedes (``close_superseded``), re-derives the direct edges, validates the whole
graph (SHACL shapes and data checks) and only then writes a new generation with
``kg.store.write``. Before anything else, each new statement that restates one already in the
graph (or one earlier in the batch) joins it or is linked to it, by the one rule of
``kg.corroboration.place``: every importer goes through here, so every importer follows it. A batch that breaks a rule raises ``ValidationFailed`` (each violation
located at the import row it comes from) and leaves the store as it was; a batch that adds
nothing new writes nothing, so importing the same file twice changes nothing.

The manifest of an on-disk store records that it now holds user data (``bundled: false``)
and lists the imports, so the automatic rebuild from changed bundled data never wipes them.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from typing import Any

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, XSD
from rdflib.term import Node

from .corroboration import (
    ADDED,
    ALREADY,
    CORROBORATES,
    RESTATES,
    Placement,
    bound_restatements,
    kind_of,
    place,
)
from .derive import rederive
from .errors import ValidationFailed
from .namespaces import KG
from .review import Review, review
from .spans import SPAN_PROPERTIES, StatementSpan, rivals
from .timespan import Bounds

__all__ = ["Change", "Combined", "RowLocation", "apply", "close_superseded", "combine", "contested_controls",
           "contested_pairs"]


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
    # one per statement the import wrote, in row order: added, corroborates a tie (now N
    # sources), restates one, or already recorded (kg.corroboration)
    placed: list[Placement] = field(default_factory=list)
    written: bool = False
    generation: str | None = None
    review: Review | None = None  # what each row changes (kg.review), dry run or not


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


_KINDS = (KG.ControlStatement, KG.AffiliationStatement, KG.MembershipStatement,
          KG.CooperationStatement, KG.HostilityStatement)


def _kind(graph: Graph, node: Node) -> URIRef | None:
    return next((k for k in _KINDS if (node, RDF.type, k) in graph), None)


def _span_of(graph: Graph, node: Node) -> StatementSpan:
    """A statement as kg.spans.rivals sees it (kind, actor, object, qualifier)."""
    kind = _kind(graph, node)
    qualifier = graph.value(node, KG.role) or graph.value(node, KG.affiliationType)
    return StatementSpan(str(node), str(kind).rsplit("#", 1)[-1] if kind else "", str(graph.value(node, KG.actor)),
                         str(graph.value(node, KG.object)), None if qualifier is None else str(qualifier).rsplit("#", 1)[-1],
                         None, None)


def _rivals(graph: Graph, new: URIRef) -> list[Node]:
    """The statements a new statement supersedes when they are older and open: its rivals in
    kg.spans (the one definition: the same place held by another actor; the same actor and
    affiliation type with another organisation; the same actor and alliance with another
    role; the same pair of actors, the opposite of cooperation or hostility)."""
    mine = _span_of(graph, new)
    near = {s for node in (graph.value(new, KG.actor), graph.value(new, KG.object)) if node is not None
            for prop in (KG.actor, KG.object) for s in graph.subjects(prop, node)}
    return [s for s in near if _kind(graph, s) is not None and rivals(mine, _span_of(graph, s))]


def _what(graph: Graph, st: Node, *, ended: bool = False) -> str:
    """'al-Nusra Front branch of al-Qaeda' (a control that ended: 'X held P'), for notes and reports."""
    from .vocabulary import relation

    span = _span_of(graph, st)
    word = "held" if ended and span.kind == "ControlStatement" else relation(span.kind, span.qualifier).word
    return f"{_label(graph, graph.value(st, KG.actor))} {word} {_label(graph, graph.value(st, KG.object))}"


def _close(graph: Graph, old: Node, new: Node, start: dt.date, label: str) -> str:
    """End ``old`` by ``start``, the day ``new`` begins: kg:end with ``new``'s start precision,
    kg:endBound kg:NotAfter (the newer source dates the change, not the old tie's last day),
    kg:endedBy ``new``, kg:endSource its sources (``old`` keeps its own prov:wasDerivedFrom),
    kg:endClaimant when ``new`` is a claim, and a kg:note naming the import."""
    graph.add((old, KG.end, Literal(start.isoformat(), datatype=XSD.date)))
    graph.add((old, KG.endPrecision, graph.value(new, KG.startPrecision) or KG.Day))
    graph.add((old, KG.endBound, KG.NotAfter))
    graph.add((old, KG.endedBy, new))
    for source in graph.objects(new, PROV.wasDerivedFrom):
        graph.add((old, KG.endSource, source))
    for claimant in graph.objects(new, KG.claimant):
        graph.add((old, KG.endClaimant, claimant))
    graph.add((old, KG.note, Literal(
        f"End set to {start.isoformat()} by the import of {label}: superseded by "
        f"{_what(graph, new)} from that day ({_short(new)}).", lang="en")))
    return f"{_short(old)}: {_what(graph, old, ended=True)} until {start.isoformat()} ({_short(new)})"


def _since(graph: Graph, node: Node) -> dt.date | None:
    return _date(graph, node, KG.start) or _date(graph, node, KG.attested)


def close_superseded(graph: Graph, new_statements: list[URIRef], label: str) -> tuple[list[str], dict]:
    """Each new statement with a start (oldest first) ends the open statements it supersedes
    (its rivals, see ``_rivals``) that began before it, at its start; and a new open statement
    that began before a rival already in the graph is itself ended where that rival begins (the
    earliest such one), whatever order the sources arrive in. Each end is written by ``_close``.
    Nothing is deleted. Returns (closed lines, {old statement: newer statement that closed it})."""
    closed: list[str] = []
    closed_by: dict = {}
    news = [s for s in new_statements if _kind(graph, s) is not None]
    news.sort(key=lambda s: (_date(graph, s, KG.start) or dt.date.max, str(s)))
    for new in news:
        start = _date(graph, new, KG.start)
        if start is None:
            continue
        later = []
        for other in sorted(_rivals(graph, new), key=str):
            if other == new:
                continue
            since = _since(graph, other)
            if since is not None and since < start and graph.value(other, KG.end) is None:
                closed.append(_close(graph, other, new, start, label))
                closed_by[other] = new
            elif since is not None and start < since and _date(graph, other, KG.start) is not None:
                later.append((since, str(other), other))
        if later and graph.value(new, KG.end) is None:
            since, _, first = min(later)
            closed.append(_close(graph, new, first, since, label))
            closed_by[new] = first
    return closed, closed_by


def _bounds(graph: Graph, node: Node) -> Bounds:
    """A statement's derived spans, as kg.spans wrote them."""
    return Bounds.read(*(_date(graph, node, KG[name]) for name in SPAN_PROPERTIES))


def contested_pairs(graph: Graph, new_statements: list[URIRef]) -> list[tuple[Node, Node]]:
    """(new control, other control) for each new control statement that is certainly in force
    on a day when another actor's control of the same place is too (their derived spans
    overlap): both are kept, as competing claims, and ``kg control`` marks them 'contested'."""
    pairs: list[tuple[Node, Node]] = []
    for new in sorted(new_statements, key=str):
        if (new, RDF.type, KG.ControlStatement) not in graph:
            continue
        place, actor = graph.value(new, KG.object), graph.value(new, KG.actor)
        mine = _bounds(graph, new)
        for other in sorted(graph.subjects(KG.object, place), key=str):
            if other == new or (other, RDF.type, KG.ControlStatement) not in graph or graph.value(other, KG.actor) == actor:
                continue
            if mine.certainly_overlaps(_bounds(graph, other)):
                pairs.append((new, other))
    return pairs


def contested_controls(graph: Graph, new_statements: list[URIRef]) -> list[str]:
    """One line for each pair of :func:`contested_pairs`."""
    return [_contested(graph, new, other) for new, other in contested_pairs(graph, new_statements)]


def _contested(graph: Graph, new: Node, other: Node) -> str:
    return (f"{_short(new)} ({_label(graph, graph.value(new, KG.actor))}) overlaps {_short(other)} "
            f"({_label(graph, graph.value(other, KG.actor))}) on {_label(graph, graph.value(new, KG.object))}: "
            "both kept as competing claims")


def _copy(graph: Graph) -> Graph:
    from .export import canonical

    return canonical(graph)


def apply(
    location: str | None,
    additions: Graph,
    *,
    record: dict[str, Any],
    where: dict[Node, Any] | None = None,
    given: AbstractSet[Node] = frozenset(),
    dry_run: bool = False,
    base: tuple[Any, Graph] | None = None,
) -> Change:
    """Add ``additions`` to the graph at ``location``; see the module docstring.

    ``record`` describes the import for the manifest (e.g. ``{"kind": "csv", "file": ...}``);
    ``where`` maps new resources to the row they come from, to locate violations (and to
    put the statements in row order); ``given``: statements the import names by their id,
    which are never merged into another (kg.corroboration). A write holds the store's write
    lock from reading the graph to the new generation (a dry run only reads). ``base``: (the
    on-disk generation, a canonical copy of its graph) that the import read before the lock;
    used, instead of reading the graph again, only when that generation is still the store's
    under the lock (another writer in between: the graph is read again, nothing is lost).
    """
    from contextlib import nullcontext

    from . import store

    with nullcontext() if dry_run else store.writing(location):
        return _apply(location, additions, record, where, given, dry_run, base)


@dataclass
class Combined:
    """What :func:`combine` made: the graph, the placements in row order, the lines on the
    statements closed, {known statement: the new one that superseded it}, and the (new control,
    rival control) pairs certainly in force on a same day."""

    graph: Graph
    placed: list[Placement]
    closed: list[str]
    closed_by: dict[Node, Node]
    pairs: list[tuple[Node, Node]]


def combine(before: Graph, additions: Graph, *, label: str, where: dict[Node, Any] | None = None,
            given: AbstractSet[Node] = frozenset()) -> Combined:
    """``before`` plus ``additions``, as every import adds them: each new statement placed by
    kg.corroboration (joins the tie it restates, or is linked to it), the statements it
    supersedes closed, the derived triples refreshed. ``before`` is left as it is; ``where``
    (new resource -> its row) gains the statements placed or closed by a row's statement.
    ``label`` names the import in the notes of the statements it ends."""
    where = where if where is not None else {}
    combined = _copy(before)
    additions = _copy(additions)
    written = sorted((s for s in set(additions.subjects(RDF.type, None))
                      if isinstance(s, URIRef) and kind_of(additions, s) is not None),
                     key=lambda s: (getattr(where.get(s), "line", 0), str(s)))
    new_statements = [s for s in written if (s, None, None) not in before]
    combined += additions
    placed = place(combined, new_statements, given=given, where=where)
    for p in placed:
        if p.action in (CORROBORATES, ALREADY) and p.statement in where and p.target is not None:
            where.setdefault(p.target, where[p.statement])
    known = [Placement(s, ALREADY, s, len(set(combined.objects(s, PROV.wasDerivedFrom))), where=where.get(s))
             for s in written if (s, None, None) in before]
    placed = sorted(placed + known, key=lambda p: (getattr(p.where, "line", 0), str(p.statement)))
    new_statements = [p.statement for p in placed if p.action in (ADDED, RESTATES) and p.statement in new_statements]
    closed, closed_by = close_superseded(combined, new_statements, label)
    closed += bound_restatements(combined)
    for old, new in closed_by.items():
        if new in where:
            where.setdefault(old, where[new])
    rederive(combined)
    return Combined(combined, placed, closed, closed_by, contested_pairs(combined, new_statements))


def _apply(location: str | None, additions: Graph, record: dict[str, Any], where: dict[Node, Any] | None,
           given: AbstractSet[Node], dry_run: bool, base: tuple[Any, Graph] | None = None) -> Change:
    from . import store
    from .validate import Report, affected, run_checks, validate

    where = dict(where or {})
    current = store.open_graph(location)
    generation = getattr(current.store, "generation", None)
    before = base[1] if base is not None and generation is not None and base[0] == generation else _copy(current)
    label = str(record.get("file") or record.get("kind") or "an import")
    made = combine(before, additions, label=label, where=where, given=given)
    combined, placed, closed, pairs = made.graph, made.placed, made.closed, made.pairs
    contested = [_contested(combined, new, other) for new, other in pairs]

    result = Change(store.describe(location), added=len(combined) - len(before),
                    triples=len(combined), closed=closed, contested=contested, placed=placed,
                    review=review(before, combined, placed, made.closed_by, pairs, where))

    shapes = validate(combined, focus=affected(before, combined))  # before conformed: only what changed
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

    entry = dict(record, added=result.added, at=time.strftime("%Y-%m-%dT%H:%M:%S%z"))
    result.generation = store.write_user_data(location, combined, entry)
    result.written = True
    return result


def _locate(node: Node, graph: Graph, where: dict[Node, Any]) -> Any:
    if node in where:
        return where[node]
    for parent in graph.subjects(None, node):
        if parent in where:
            return where[parent]
    return None
