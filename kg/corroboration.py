"""Corroboration: a new statement that restates one already in the graph joins it.

Every import (a CSV file, ``kg add``, a dataset importer, ``kg extract``'s rows) hands its
triples to ``kg.update.apply``, which calls :func:`place` once with the import's new
statements, in row order. For each one it finds the statements of the **same tie** (the same
kind, actor, object and qualifier; either way round for cooperation and hostility), already in
the graph or earlier in the same import, and decides:

- **corroborates**: a tie whose dates are *compatible* (below), with the *same claimants* (both
  in the source's own voice, or both the same person's word) and no date the tie lacks (its
  start and end are absent or the same as the tie's). The new statement is not kept: its
  sources (``prov:wasDerivedFrom``) and notes are added to the tie, and its attested days
  too where they lie outside the tie's certain span (they strengthen it: the tie keeps its
  earliest as ``kg:attested`` and its latest as ``kg:lastAttested``).
- **restates**: a compatible tie, but another claimant (someone else's word, or the source's
  own voice where the tie is a claim) or a start or end the tie does not have. The new
  statement is kept, linked to the tie by ``kg:restates``, so neither voice is lost; a tie's
  end bounds it (``kg:end``, with the tie's end sources and end claimant) unless it has its own.
- **added**: no statement of the same tie, or only ties whose dates contradict it; the import
  says which and why.

Compatible means neither contradicts the other: each one's certain span (kg.timespan.bounds,
the statement's own, before rivals narrow it) lies inside the other's possible span. So a row
"as of 2015-04-25" is compatible with a tie held "as of 2015-03-30 until July 2016", but a row
"as of 2017-01-01" is not (it has the tie holding after its end), nor one that starts after the
day another source saw the tie held.

A statement the import names by its ``id`` (a ``kg export`` row) is that statement: it is never
merged. :func:`bound_restatements` gives an end that a tie gets later to its open restatements.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import partial
from typing import Any

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, SKOS
from rdflib.term import Node

from .namespaces import KG
from .timespan import Bounds, bounds, span_text
from .vocabulary import RELATIONS

__all__ = ["ADDED", "ALREADY", "CORROBORATES", "RESTATES", "Placement", "bound_restatements", "place"]

ADDED, CORROBORATES, ALREADY, RESTATES = "added", "corroborates", "already recorded", "restates"

KINDS = (KG.ControlStatement, KG.AffiliationStatement, KG.MembershipStatement, KG.CooperationStatement,
         KG.HostilityStatement, KG.LineageStatement)
_SYMMETRIC = {KG[r.kind] for r in RELATIONS if not r.directed}
_QUALIFIERS = (KG.role, KG.affiliationType, KG.lineageType)
_DAY = dt.timedelta(days=1)
END_NOTE = "End set to "  # as kg.importers.statements writes every note about an end


@dataclass
class Placement:
    """What became of one new statement: ``action`` is ADDED, CORROBORATES, ALREADY (its
    sources were already the tie's) or RESTATES; ``target`` the tie it joined or restates;
    ``sources`` the target's number of sources afterwards; ``reason`` why an added statement was
    not merged with a statement of the same tie; ``where`` the import row it comes from."""

    statement: URIRef
    action: str
    target: Node | None = None
    sources: int = 0
    reason: str = ""
    where: Any = None

    def text(self) -> str:
        """'corroborates id:st-x (now 2 sources)', 'added id:st-y', ... (without the row)."""
        if self.action == CORROBORATES:
            return f"corroborates {_short(self.target)} (now {_count(self.sources)})"
        if self.action == ALREADY:
            return f"already recorded: {_short(self.target)} ({_count(self.sources)})"
        if self.action == RESTATES:
            return f"added {_short(self.statement)}, restating {_short(self.target)}: {self.reason}"
        return f"added {_short(self.statement)}" + (f" as a new statement: {self.reason}" if self.reason else "")

    def __str__(self) -> str:
        where = str(self.where) if self.where is not None else ""
        return f"{where}: {self.text()}" if where else self.text()


def _short(node: Node | None) -> str:
    return "id:" + str(node).rsplit("/", 1)[-1]


def _count(n: int) -> str:
    return f"{n} source" + ("" if n == 1 else "s")


def _label(graph: Graph, node: Node | None) -> str:
    for value in graph.objects(node, SKOS.prefLabel):
        if getattr(value, "language", None) == "en":
            return str(value)
    return _short(node)


def _date(value: Node | None) -> dt.date | None:
    python = value.toPython() if isinstance(value, Literal) else None
    return python if isinstance(python, dt.date) else None


def _local(node: Node | None) -> str | None:
    return None if node is None else str(node).rsplit("#", 1)[-1]


# --- a statement as the rule reads it ------------------------------------------------------------


def kind_of(graph: Graph, st: Node) -> URIRef | None:
    return next((k for k in KINDS if (st, RDF.type, k) in graph), None)


def tie_of(graph: Graph, st: Node) -> tuple | None:
    """(kind, actor, object, qualifier), the actor and object in a fixed order for the
    undirected kinds (cooperation, hostility); None for what is not a statement."""
    kind = kind_of(graph, st)
    if kind is None:
        return None
    actor, obj = graph.value(st, KG.actor), graph.value(st, KG.object)
    qualifier = next((q for p in _QUALIFIERS for q in graph.objects(st, p)), None)
    if kind in _SYMMETRIC:
        actor, obj = sorted((actor, obj), key=str)
    return kind, actor, obj, qualifier


def _side(graph: Graph, st: Node, which: str) -> tuple | None:
    """The start (or end) as written: (day, precision, bound), or None."""
    value = graph.value(st, KG[which])
    if value is None:
        return None
    return (str(value), _local(graph.value(st, KG[which + "Precision"])) or "Day",
            _local(graph.value(st, KG[which + "Bound"])))


def own_bounds(graph: Graph, st: Node) -> Bounds:
    """The statement's certain and possible span from its own dates and sources (before its
    rivals narrow it), as kg.timespan.bounds gives them. Several kg:attested days read as
    the earliest and the latest (kg.timespan.bounds' ``attested`` and ``last_attested``)."""
    attested = sorted(d for d in map(_date, (*graph.objects(st, KG.attested), *graph.objects(st, KG.lastAttested)))
                      if d is not None)
    vouched = max((d for s in graph.objects(st, PROV.wasDerivedFrom) for d in map(_date, graph.objects(s, DCTERMS.date))
                   if d is not None), default=None)
    common: dict[str, Any] = {
        "start_precision": _local(graph.value(st, KG.startPrecision)),
        "end_precision": _local(graph.value(st, KG.endPrecision)),
        "start_bound": _local(graph.value(st, KG.startBound)), "end_bound": _local(graph.value(st, KG.endBound)),
        "vouched": vouched, "lasting": kind_of(graph, st) == KG.LineageStatement}
    start, end = _date(graph.value(st, KG.start)), _date(graph.value(st, KG.end))
    return bounds(start, end, attested=attested[0] if attested else None,
                  last_attested=attested[-1] if attested else None, coverage=_coverage(graph, st), **common)


def _coverage(graph: Graph, st: Node) -> tuple[dt.date, dt.date] | None:
    """An undated statement's source coverage (kg:coverageFrom, kg:coverageUntil), or None."""
    lo, hi = _date(graph.value(st, KG.coverageFrom)), _date(graph.value(st, KG.coverageUntil))
    return (lo, hi) if lo is not None and hi is not None else None


def _span(graph: Graph, st: Node) -> str:
    days = sorted(str(d) for d in graph.objects(st, KG.attested))
    return span_text(_date(graph.value(st, KG.start)), _date(graph.value(st, KG.end)),
                     start_precision=_local(graph.value(st, KG.startPrecision)),
                     end_precision=_local(graph.value(st, KG.endPrecision)),
                     start_bound=_local(graph.value(st, KG.startBound)),
                     end_bound=_local(graph.value(st, KG.endBound)),
                     attested=dt.date.fromisoformat(days[0]) if days else None, coverage=_coverage(graph, st))


def contradiction(graph: Graph, new: Node, old: Node, bounds_of: Callable[[Node], Bounds] | None = None) -> str | None:
    """Why the dates of ``new`` and ``old`` (statements of the same tie) cannot both be right,
    or None when they are compatible: each one's certain span inside the other's possible span
    (and, for a statement never certain, possible spans that meet). ``bounds_of``: own_bounds,
    remembered (:func:`place`)."""
    bounds_of = bounds_of or partial(own_bounds, graph)
    mine, theirs = bounds_of(new), bounds_of(old)

    def what() -> str:  # (written only for a contradiction: most pairs have none)
        return f"{_short(old)} ({_span(graph, old)})"

    if not mine.never_certain:
        if mine.certain_until > theirs.possible_until:
            return f"it has the tie holding on {mine.certain_until - _DAY}, after the end of {what()}"
        if mine.certain_from < theirs.possible_from:
            return f"it has the tie holding on {mine.certain_from}, before the start of {what()}"
    if not theirs.never_certain:
        if theirs.certain_from < mine.possible_from:
            return f"it starts after {theirs.certain_from}, a day on which {what()} holds"
        if theirs.certain_until > mine.possible_until:
            return f"it ends before {theirs.certain_until - _DAY}, a day on which {what()} holds"
    if mine.possible_until <= theirs.possible_from or theirs.possible_until <= mine.possible_from:
        return f"its span ({_span(graph, new)}) does not meet that of {what()}"
    return None


def _claimants(graph: Graph, st: Node) -> frozenset:
    return frozenset(graph.objects(st, KG.claimant))


def _adds_dates(graph: Graph, new: Node, old: Node) -> list[str]:
    """The date sides (start, end) that ``new`` gives and ``old`` does not give alike."""
    return [w for w in ("start", "end") if _side(graph, new, w) is not None and _side(graph, new, w) != _side(graph, old, w)]


# --- the rule --------------------------------------------------------------------------------------


def same_tie(graph: Graph, st: Node, leave_out: Iterable[Node] = ()) -> list[Node]:
    """The other statements of ``st``'s tie in ``graph``, the ones that restate no other first."""
    tie = tie_of(graph, st)
    if tie is None:
        return []
    skip = set(leave_out) | {st}
    near = {s for node in (tie[1], tie[2]) for p in (KG.actor, KG.object) for s in graph.subjects(p, node)}
    found = [s for s in near if s not in skip and tie_of(graph, s) == tie]
    return sorted(found, key=lambda s: ((s, KG.restates, None) in graph, str(s)))


def _gap(a: Bounds, b: Bounds) -> int:
    """Days between two spans (their certain spans, else their possible spans); 0 if they meet."""
    a_from, a_until = (a.possible_from, a.possible_until) if a.never_certain else (a.certain_from, a.certain_until)
    b_from, b_until = (b.possible_from, b.possible_until) if b.never_certain else (b.certain_from, b.certain_until)
    return max(0, (b_from - a_until).days + 1, (a_from - b_until).days + 1)


def _preference(graph: Graph, st: Node, other: Node, bounds_of: Callable[[Node], Bounds]) -> tuple:
    """Which compatible statement of the tie a new one joins first: one that restates no other,
    then the one whose span is nearest to its own, then one with an end (it bounds the new one)."""
    return ((other, KG.restates, None) in graph, _gap(bounds_of(st), bounds_of(other)),
            graph.value(other, KG.end) is None, str(other))


def place(graph: Graph, new: list[URIRef], *, given: Iterable[Node] = (), where: dict | None = None) -> list[Placement]:
    """Place each statement of ``new`` (in that order) by the rule of the module docstring.
    ``graph`` holds the store's graph and the import's triples; it is changed in place: a
    corroborating statement is removed and its sources, notes and strengthening days are added
    to the tie it joins; a restatement gets its kg:restates link and the tie's end. ``given``:
    statements the import names by id, added as they are. Returns one Placement a statement."""
    where = where or {}
    given = set(given)
    pending = set(new)
    placements = []
    # each statement's own bounds, read once until it changes (a tie told by a thousand rows had
    # them read again for every pair: 27,594 comparisons re-reading every source, 60 s at 2,000 rows)
    remembered: dict[Node, Bounds] = {}

    def bounds_of(node: Node) -> Bounds:
        if node not in remembered:
            remembered[node] = own_bounds(graph, node)
        return remembered[node]

    for st in new:
        pending.discard(st)
        found = Placement(st, ADDED, where=where.get(st))
        if st not in given:
            found = _decide(graph, st, pending, bounds_of) or found
            found.where = where.get(st)
            remembered.pop(st, None)  # merged away, or given the tie's end
            if found.target is not None:
                remembered.pop(found.target, None)  # its sources and days grew
        placements.append(found)
    return placements


def _decide(graph: Graph, st: URIRef, pending: set, bounds_of: Callable[[Node], Bounds]) -> Placement | None:
    others = same_tie(graph, st, leave_out=pending)
    if not others:
        return None
    verdicts = [(other, contradiction(graph, st, other, bounds_of)) for other in others]
    compatible = sorted((other for other, why in verdicts if why is None),
                        key=lambda other: _preference(graph, st, other, bounds_of))
    if not compatible:
        more = f" (and {len(verdicts) - 1} more statement(s) of the same tie)" if len(verdicts) > 1 else ""
        return Placement(st, ADDED, reason=f"not merged with the statement(s) of the same tie: {verdicts[0][1]}{more}")
    for other in compatible:
        if _claimants(graph, st) == _claimants(graph, other) and not _adds_dates(graph, st, other):
            return _merge(graph, st, other)
    return _link(graph, st, compatible[0])


def _merge(graph: Graph, st: URIRef, into: Node) -> Placement:
    sources = set(graph.objects(st, PROV.wasDerivedFrom))
    had = set(graph.objects(into, PROV.wasDerivedFrom))
    certain = own_bounds(graph, into)
    days = [d for d in graph.objects(st, KG.attested) if _date(d) is not None]
    notes = list(graph.objects(st, KG.note))
    for triple in list(graph.triples((st, None, None))):
        graph.remove(triple)
    for s, p, _ in list(graph.triples((None, None, st))):  # e.g. an end row's kg:endedBy
        graph.remove((s, p, st))
        graph.add((s, p, into))
    for source in sources:
        graph.add((into, PROV.wasDerivedFrom, source))
    for note in notes:
        graph.add((into, KG.note, note))
    outside = [d for d in days  # a day outside the certain span strengthens it
               if certain.never_certain or not certain.certain_from <= _date(d) < certain.certain_until]  # type: ignore[operator]
    if outside:  # one kg:attested (the earliest) and one kg:lastAttested (the latest)
        known = [d for d in (*graph.objects(into, KG.attested), *graph.objects(into, KG.lastAttested)) if _date(d) is not None]
        ordered = sorted({_date(d): d for d in (*known, *outside)}.items())
        graph.remove((into, KG.attested, None))
        graph.remove((into, KG.lastAttested, None))
        graph.add((into, KG.attested, ordered[0][1]))
        if len(ordered) > 1:
            graph.add((into, KG.lastAttested, ordered[-1][1]))
    count = len(set(graph.objects(into, PROV.wasDerivedFrom)))
    return Placement(st, ALREADY if sources <= had else CORROBORATES, into, count)


def _link(graph: Graph, st: URIRef, tie: Node) -> Placement:
    graph.add((st, KG.restates, tie))
    mine, theirs = _claimants(graph, st), _claimants(graph, tie)
    if mine != theirs:
        def who(claimants: frozenset) -> str:
            return "claimed by " + ", ".join(sorted(_label(graph, c) for c in claimants)) if claimants else "reported"

        why = f"another voice ({who(mine)}; {_short(tie)} is {who(theirs)})"
    else:
        why = "it gives a " + " and an ".join(_adds_dates(graph, st, tie)) + f" that {_short(tie)} does not"
    ended = _take_end(graph, st, tie)
    return Placement(st, RESTATES, tie, len(set(graph.objects(tie, PROV.wasDerivedFrom))),
                     why + (f"; it ends with it ({ended})" if ended else ""))


def _take_end(graph: Graph, st: Node, tie: Node) -> str | None:
    """Give ``st`` (an open restatement of ``tie``) the tie's end, cited as the tie cites it:
    its kg:endSource (else its own sources) and kg:endClaimant. Returns the end, or None."""
    end = graph.value(tie, KG.end)
    if end is None or graph.value(st, KG.end) is not None or kind_of(graph, st) == KG.LineageStatement:
        return None
    graph.add((st, KG.end, end))
    for prop in (KG.endPrecision, KG.endBound):
        value = graph.value(tie, prop)
        if value is not None:
            graph.add((st, prop, value))
    for source in set(graph.objects(tie, KG.endSource)) or set(graph.objects(tie, PROV.wasDerivedFrom)):
        graph.add((st, KG.endSource, source))
    for claimant in graph.objects(tie, KG.endClaimant):
        graph.add((st, KG.endClaimant, claimant))
    text = span_text(None, _date(end), end_precision=_local(graph.value(tie, KG.endPrecision)),
                     end_bound=_local(graph.value(tie, KG.endBound))).lstrip("? –").strip()
    graph.add((st, KG.note, Literal(f"{END_NOTE}{end} ({text}) from {_short(tie)}, the statement this one restates.",
                                    lang="en")))
    return text


def bound_restatements(graph: Graph) -> list[str]:
    """An end a tie has bounds each of its open restatements (``kg:restates``) whose dates
    fit before it: they get the end as :func:`place` gives it. One line per statement ended."""
    lines = []
    for st, tie in sorted(graph.subject_objects(KG.restates), key=str):
        if graph.value(st, KG.end) is not None or graph.value(tie, KG.end) is None:
            continue
        if contradiction(graph, st, tie) is not None:
            continue  # it has the tie holding after that end: a disagreement, kept as it is
        ended = _take_end(graph, st, tie)
        if ended:
            lines.append(f"{_short(st)}: restates {_short(tie)}, which ends {ended}: ended with it")
    return lines
