"""The review of an import: what each row changes, before (or after) anything is written.

``kg.update.apply`` computes it for every import (a CSV file, ``kg add``, the dataset
importers), dry run or not, from the graph before the import, the graph after it and the
decisions it made on the way (``kg.corroboration.place``, ``close_superseded``,
``contested_controls``). One :class:`Finding` per effect, each with the row it comes from:

- **NEW**: a statement the graph does not have (with the reason when a statement of the same
  tie exists but its dates contradict the row's).
- **CORROBORATES**: the same tie, same voice, no date it lacks: the row's source becomes
  another source of the known statement (the row is not kept as a statement of its own).
- **ALREADY**: the known statement already has this source (or the row is already recorded).
- **RESTATES**: the same tie in another voice, or with a start or end of its own: kept as its
  own statement, linked to the known one by ``kg:restates``.
- **ENDS**: a known open statement gets an end: an end row, a capture (a newer rival) that
  supersedes it, or the end of the tie it restates.
- **CONFLICTS**: a control that is certainly in force on a day when another actor's control of
  the same place is too (what ``kg control`` marks "contested"): both are kept.
- **NEW ACTOR** / **NEW PLACE**: a kind row (or a dataset record) declaring an entity the
  graph lacks, with its kind, coordinates and the place it lies in when given.

A row may have several findings (a capture is NEW and ENDS the holder before it).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, SKOS
from rdflib.term import Node

from .corroboration import ADDED, ALREADY, CORROBORATES, RESTATES, Placement, kind_of
from .namespaces import KG
from .tabular import Table
from .timespan import span_text
from .vocabulary import KINDS, PLACE_KINDS, relation

__all__ = ["VERDICTS", "Finding", "Review", "review"]

NEW, ENDS, CONFLICTS, NEW_ACTOR, NEW_PLACE = "NEW", "ENDS", "CONFLICTS", "NEW ACTOR", "NEW PLACE"
VERDICTS = (NEW, "CORROBORATES", "ALREADY", "RESTATES", ENDS, CONFLICTS, NEW_ACTOR, NEW_PLACE)
_VERDICT = {ADDED: NEW, CORROBORATES: "CORROBORATES", ALREADY: "ALREADY", RESTATES: "RESTATES"}
_WORDS = {NEW: "new statement(s)", "CORROBORATES": "corroboration(s)", "ALREADY": "already recorded",
          "RESTATES": "restatement(s)", ENDS: "end(s) of known statements", CONFLICTS: "conflict(s)",
          NEW_ACTOR: "new actor(s)", NEW_PLACE: "new place(s)"}
GEO_LAT = URIRef("http://www.w3.org/2003/01/geo/wgs84_pos#lat")
GEO_LONG = URIRef("http://www.w3.org/2003/01/geo/wgs84_pos#long")
_PLACE_CLASSES = {KG[local]: word for local, word in KINDS.items() if word in PLACE_KINDS}
# who may act or speak: armed actors first, then the claimants a kind row may declare
_ACTOR_CLASSES = {KG[local]: word for local, word in KINDS.items() if word not in PLACE_KINDS}


@dataclass(frozen=True)
class Finding:
    """One effect of one row: ``verdict`` (one of VERDICTS), the row (``file``, ``line``; None
    for a dataset record without a row), the row's ``statement`` or entity (``id:...``), what it
    says (``change``), the ``known`` statement concerned (``id:...``) and the ``detail``."""

    verdict: str
    line: int | None
    statement: str | None
    change: str
    known: str | None = None
    detail: str = ""
    file: str | None = None

    def record(self) -> dict[str, Any]:
        return {"file": self.file, "line": self.line, "verdict": self.verdict, "statement": self.statement,
                "change": self.change, "known": self.known, "detail": self.detail}

    def __str__(self) -> str:
        where = f"{self.file or 'row'} row {self.line}: " if self.line else ""
        known = f" [{self.known}]" if self.known else ""
        return f"{where}{self.verdict}: {self.change}{known}" + (f": {self.detail}" if self.detail else "")


@dataclass
class Review(Table):
    """The findings of an import, in row order (see the module docstring)."""

    findings: list[Finding] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        """Findings per verdict, every verdict present (0 when none)."""
        return {v: sum(1 for f in self.findings if f.verdict == v) for v in VERDICTS}

    def summary(self) -> str:
        """'2 new statement(s), 1 corroboration(s), ...' (the verdicts found), or 'nothing new'."""
        parts = [f"{n} {_WORDS[v]}" for v, n in self.counts().items() if n]
        return ", ".join(parts) if parts else "nothing new"

    def records(self) -> list[dict[str, Any]]:
        return [f.record() for f in self.findings]

    def as_dict(self) -> dict[str, Any]:
        return {"counts": self.counts(), "findings": self.records()}


# --- how a statement reads -------------------------------------------------------------------------


def _short(node: Node | None) -> str | None:
    return None if node is None else "id:" + str(node).rsplit("/", 1)[-1]


def _label(graph: Graph, node: Node | None) -> str:
    for value in graph.objects(node, SKOS.prefLabel):
        if getattr(value, "language", None) == "en":
            return str(value)
    return _short(node) or "?"


def _local(node: Node | None) -> str | None:
    return None if node is None else str(node).rsplit("#", 1)[-1]


def _date(value: Node | None) -> dt.date | None:
    python = value.toPython() if isinstance(value, Literal) else None
    return python if isinstance(python, dt.date) else None


def _span(graph: Graph, st: Node) -> str:
    days = sorted(d for d in map(_date, graph.objects(st, KG.attested)) if d is not None)
    return span_text(_date(graph.value(st, KG.start)), _date(graph.value(st, KG.end)),
                     start_precision=_local(graph.value(st, KG.startPrecision)),
                     end_precision=_local(graph.value(st, KG.endPrecision)),
                     start_bound=_local(graph.value(st, KG.startBound)),
                     end_bound=_local(graph.value(st, KG.endBound)), attested=days[0] if days else None)


def describe(graph: Graph, st: Node) -> str:
    """'Jaish al-Fath controls Idlib (2015-03-29 –), claimed by X'."""
    kind = kind_of(graph, st)
    qualifier = next((q for p in (KG.role, KG.affiliationType, KG.lineageType) for q in graph.objects(st, p)), None)
    word = relation(_local(kind) or "", _local(qualifier)).word if kind is not None else "?"
    text = f"{_label(graph, graph.value(st, KG.actor))} {word} {_label(graph, graph.value(st, KG.object))} " \
           f"({_span(graph, st)})"
    claimants = sorted(_label(graph, c) for c in graph.objects(st, KG.claimant))
    return text + (f", claimed by {', '.join(claimants)}" if claimants else "")


def sources(graph: Graph, st: Node) -> str:
    """The statement's sources by their short names ('FRANCE 24, 2015-03-30; ...')."""
    names = sorted(str(graph.value(s, KG.usedAs) or graph.value(s, DCTERMS.title) or _short(s))
                   for s in set(graph.objects(st, PROV.wasDerivedFrom)))
    return "; ".join(names) if names else "no source"


# --- the review ---------------------------------------------------------------------------------------


class _Rows:
    """Where each resource of the import comes from (kg.update's ``where``: RowLocations)."""

    def __init__(self, where: dict[Node, Any]):
        self.where = where

    def line(self, node: Node | None) -> int | None:
        return (getattr(self.where.get(node), "line", None) or None) if node is not None else None

    def file(self, node: Node | None) -> str | None:
        return getattr(self.where.get(node), "path", None) if node is not None else None

    def finding(self, node: Node | None, verdict: str, statement: Node | None, change: str,
                known: Node | None = None, detail: str = "") -> Finding:
        return Finding(verdict, self.line(node), _short(statement), change, _short(known), detail, self.file(node))


def review(before: Graph, after: Graph, placed: Iterable[Placement], closed_by: dict[Node, Node],
           contested: Iterable[tuple[Node, Node]], where: dict[Node, Any] | None = None) -> Review:
    """The findings of an import (module docstring): ``before`` and ``after`` the graph without
    and with it; ``placed`` what kg.corroboration.place made of each new statement; ``closed_by``
    {known statement: the new one that superseded it}; ``contested`` (new control, rival control)
    pairs; ``where`` the row each resource comes from."""
    rows = _Rows(where or {})
    found: list[Finding] = []
    handled: set[Node] = set()
    for p in placed:
        found.append(_placement(before, after, p, rows))
        handled |= {n for n in (p.statement, p.target) if n is not None}
        if p.action in (ADDED, RESTATES) and p.statement in closed_by and (p.statement, None, None) not in before:
            rival = closed_by[p.statement]  # a new open statement that began before a known rival
            found[-1] = Finding(found[-1].verdict, found[-1].line, found[-1].statement, found[-1].change,
                                found[-1].known, "; ".join(x for x in (found[-1].detail, (
                                    f"it ends on {after.value(p.statement, KG.end)}, where {_short(rival)} begins "
                                    f"({describe(after, rival)})")) if x), found[-1].file)
    for st in _newly_ended(before, after):
        handled.add(st)
        found.append(_ending(before, after, st, closed_by, rows))
    for new, other in contested:
        other_row = rows.line(other) if (other, None, None) not in before else None
        known = f"row {other_row}: " if other_row else ""
        found.append(rows.finding(new, CONFLICTS, new, describe(after, new), other,
                                  f"against {known}{describe(after, other)} ({sources(after, other)}), certainly "
                                  "in force on some of the same days: both kept as competing claims (kg control "
                                  "marks them contested)"))
    found += _entities(before, after, rows)
    for node in rows.where:  # a row that names a known statement and changes nothing (an end row again)
        if node not in handled and (node, None, None) in before and kind_of(before, node) is not None:
            found.append(rows.finding(node, "ALREADY", node, describe(before, node), node,
                                      f"already recorded as the row gives it ({sources(before, node)})"))
    order = {v: i for i, v in enumerate(VERDICTS)}
    found.sort(key=lambda f: (f.file or "", f.line or 0, order[f.verdict], f.statement or ""))
    return Review(found)


def _placement(before: Graph, after: Graph, p: Placement, rows: _Rows) -> Finding:
    st, target = p.statement, p.target
    verdict = _VERDICT[p.action]
    if p.action == ADDED:
        return rows.finding(st, verdict, st, describe(after, st), None, p.reason)
    assert target is not None
    known_before = (target, None, None) in before
    whose = "" if known_before else f" (row {rows.line(target)}'s)"
    had = sources(before if known_before else after, target)
    if p.action == CORROBORATES:
        detail = (f"its source becomes another source of the statement{whose} (it had: {had}); "
                  f"now {p.sources} source{'s' if p.sources != 1 else ''}; no new statement")
        return rows.finding(st, verdict, target, describe(after, target), target, detail)
    if p.action == ALREADY:
        return rows.finding(st, verdict, target, describe(after, target), target,
                            f"the statement{whose} already has this source ({had}); nothing changes")
    return rows.finding(st, verdict, st, describe(after, st), target,
                        f"kept as its own statement, linked by kg:restates to the statement{whose} "
                        f"(it had: {had}): {p.reason}")


def _newly_ended(before: Graph, after: Graph) -> list[Node]:
    """Statements the graph had open (no kg:end) that the import ends."""
    return sorted((s for s in set(after.subjects(KG.end, None))
                   if (s, None, None) in before and (s, KG.end, None) not in before and kind_of(before, s) is not None),
                  key=str)


def _ending(before: Graph, after: Graph, st: Node, closed_by: dict[Node, Node], rows: _Rows) -> Finding:
    end = after.value(st, KG.end)
    was = f"{describe(before, st)} ({sources(before, st)})"
    closer = closed_by.get(st)
    if closer is not None:  # a newer rival (a capture, a new tie) supersedes it
        return rows.finding(closer, ENDS, closer, describe(after, closer), st,
                            f"ends {was} on {end}: superseded by this row")
    tie = after.value(st, KG.restates)
    if tie is not None and (st, None, None) not in rows.where:  # it ends with the tie it restates
        cause = closed_by.get(tie, tie)
        return rows.finding(cause, ENDS, st, describe(before, st), st,
                            f"ends it ({sources(before, st)}) on {end}, with {_short(tie)}, the statement it "
                            "restates")
    return rows.finding(st, ENDS, st, describe(before, st), st,
                        f"end row: ends it ({sources(before, st)}) on {end}")


def _entities(before: Graph, after: Graph, rows: _Rows) -> list[Finding]:
    found = []
    for classes, verdict in ((_ACTOR_CLASSES, NEW_ACTOR), (_PLACE_CLASSES, NEW_PLACE)):
        for cls, word in classes.items():
            for node in sorted(set(after.subjects(RDF.type, cls)), key=str):
                if (node, RDF.type, None) in before or not isinstance(node, URIRef):
                    continue
                found.append(rows.finding(node, verdict, node, f"{_label(after, node)} ({word})", None,
                                          _entity_detail(after, node)))
    return found


def _entity_detail(graph: Graph, node: Node) -> str:
    parts = []
    names = sorted({str(n) for p in (SKOS.prefLabel, SKOS.altLabel) for n in graph.objects(node, p)}
                   - {_label(graph, node)})
    if names:
        parts.append("also " + "; ".join(names))
    lat, long = graph.value(node, GEO_LAT), graph.value(node, GEO_LONG)
    if lat is not None and long is not None:
        parts.append(f"at {lat}, {long}")
    parent = graph.value(node, KG.locatedIn)
    if parent is not None:
        parts.append(f"in {_label(graph, parent)}")
    parts += [f"same as {o}" for o in graph.objects(node, URIRef("http://www.w3.org/2002/07/owl#sameAs"))]
    parts.append(f"source: {sources(graph, node)}")
    return "; ".join(parts)
