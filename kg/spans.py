"""Derive every statement's certain and possible span (kg:certainFrom, kg:certainUntil,
kg:possibleFrom, kg:possibleUntil) with the one rule in kg.timespan.

The build, every import and ``kg load`` call this, so each statement in a store carries the
four dates and every query applies the rule by comparing a day with them (``IN_FORCE_SPARQL``).
Two things the graph knows cut a statement's possible span further:

- existence (:func:`lifetimes`): no statement holds before its actor or its object exists
  or after it ceases to, under that name. An event that ``kg:founds`` a resource (an
  alliance's announcement) is the earliest it exists; one that ``kg:dissolves`` it, the
  latest. Lineage: a renaming starts the new name and ends the old one (the old name's ties
  are not in force after the renaming is certain, unless a source reports them so); a merger
  and a succession end the one merged or succeeded; a split bounds neither side (the splinter
  may have been a faction before);
- rivals: statements that cannot hold at the same time as each other (two actors holding one
  place, an actor allied with and hostile to another, ...) narrow each other's possible spans.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from .queries import local_name
from .timespan import EARLIEST, LATEST, Bounds, after_period, bounds, clamp, narrow

__all__ = [
    "EXISTENCE_QUERY",
    "IN_FORCE_SPARQL",
    "SPAN_PROPERTIES",
    "SPAN_QUERY",
    "Existence",
    "StatementSpan",
    "derive_spans",
    "derive_spans_oxigraph",
    "lifetimes",
    "rivals",
    "spans",
]

KG = "https://w3id.org/armed-groups-kg/ontology#"
XSD_DATE = "http://www.w3.org/2001/XMLSchema#date"
SPAN_PROPERTIES = ("certainFrom", "certainUntil", "possibleFrom", "possibleUntil")

# The rule as every date query applies it: ?date is the day asked, the statement's four derived
# dates are bound to the variables of the same names. tests/test_time.py checks that every
# named query with a date parameter contains these lines verbatim.
IN_FORCE_SPARQL = """\
  ?statement kg:certainFrom ?certainFrom ; kg:certainUntil ?certainUntil ;
             kg:possibleFrom ?possibleFrom ; kg:possibleUntil ?possibleUntil .
  FILTER (STR(?possibleFrom) <= STR(?date) && STR(?date) < STR(?possibleUntil))
  BIND (IF(?certainFrom <= ?date && ?date < ?certainUntil, "in force", "possibly in force") AS ?certainty)"""

SPAN_QUERY = """\
PREFIX kg: <https://w3id.org/armed-groups-kg/ontology#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX dcterms: <http://purl.org/dc/terms/>
SELECT ?statement ?kind ?actor ?object ?qualifier ?start ?startPrecision ?startBound
       ?end ?endPrecision ?endBound ?coverageFrom ?coverageUntil
       (MIN(?attestedDay) AS ?attested) (MAX(?attestedDay) AS ?lastAttested)
       (MAX(?sourceDate) AS ?vouched)
WHERE {
  VALUES ?kind { kg:MembershipStatement kg:AffiliationStatement kg:ControlStatement
                 kg:CooperationStatement kg:HostilityStatement kg:LineageStatement }
  ?statement a ?kind ; kg:actor ?actor ; kg:object ?object .
  OPTIONAL { ?statement kg:role|kg:affiliationType|kg:lineageType ?qualifier }
  OPTIONAL { ?statement kg:start ?start }
  OPTIONAL { ?statement kg:startPrecision ?startPrecision }
  OPTIONAL { ?statement kg:startBound ?startBound }
  OPTIONAL { ?statement kg:end ?end }
  OPTIONAL { ?statement kg:endPrecision ?endPrecision }
  OPTIONAL { ?statement kg:endBound ?endBound }
  OPTIONAL { ?statement kg:coverageFrom ?coverageFrom ; kg:coverageUntil ?coverageUntil }
  OPTIONAL { ?statement kg:attested|kg:lastAttested ?attestedDay }
  OPTIONAL { ?statement prov:wasDerivedFrom ?source . ?source dcterms:date ?sourceDate }
}
GROUP BY ?statement ?kind ?actor ?object ?qualifier ?start ?startPrecision ?startBound
         ?end ?endPrecision ?endBound ?coverageFrom ?coverageUntil
"""


# The events that found or dissolve an actor or a place, with their dates (kg:founds, kg:dissolves).
EXISTENCE_QUERY = """\
PREFIX kg: <https://w3id.org/armed-groups-kg/ontology#>
SELECT ?event ?effect ?thing ?start ?startPrecision ?startBound ?end ?endPrecision ?endBound
WHERE {
  { ?event kg:founds ?thing . BIND ("founds" AS ?effect) }
  UNION
  { ?event kg:dissolves ?thing . BIND ("dissolves" AS ?effect) }
  OPTIONAL { ?event kg:start ?start }
  OPTIONAL { ?event kg:startPrecision ?startPrecision }
  OPTIONAL { ?event kg:startBound ?startBound }
  OPTIONAL { ?event kg:end ?end }
  OPTIONAL { ?event kg:endPrecision ?endPrecision }
  OPTIONAL { ?event kg:endBound ?endBound }
}
"""


@dataclass(frozen=True)
class Existence:
    """An event that founds (``effect`` "founds") or dissolves ("dissolves") ``thing``, with
    the event's dates (its end inclusive, as events have it)."""

    thing: str
    effect: str
    start: dt.date | None = None
    end: dt.date | None = None
    start_precision: str | None = None
    start_bound: str | None = None
    end_precision: str | None = None
    end_bound: str | None = None

    def earliest(self) -> dt.date:
        """The first day the event may have taken place."""
        if self.start is None or self.start_bound == "NotAfter":
            return EARLIEST
        return self.start

    def after(self) -> dt.date:
        """The first day after the last day the event may have taken place."""
        last, precision, bound = ((self.end, self.end_precision, self.end_bound) if self.end is not None
                                  else (self.start, self.start_precision, self.start_bound))
        if last is None or bound == "NotBefore":
            return LATEST
        return after_period(last, precision)


@dataclass(frozen=True)
class StatementSpan:
    """One statement as the rule sees it (IRIs as strings, kinds and qualifiers by local name)."""

    statement: str
    kind: str
    actor: str
    object: str
    qualifier: str | None
    start: dt.date | None
    end: dt.date | None
    start_precision: str | None = None
    start_bound: str | None = None
    end_precision: str | None = None
    end_bound: str | None = None
    attested: dt.date | None = None  # the earliest day a source attests (kg:attested)
    vouched: dt.date | None = None
    last_attested: dt.date | None = None  # the latest, when sources attest several days
    coverage: tuple[dt.date, dt.date] | None = None  # an undated statement's source coverage

    def bounds(self) -> Bounds:
        return bounds(self.start, self.end, start_precision=self.start_precision,
                      end_precision=self.end_precision, start_bound=self.start_bound,
                      end_bound=self.end_bound, attested=self.attested, vouched=self.vouched,
                      last_attested=self.last_attested,
                      lasting=self.kind == "LineageStatement", coverage=self.coverage)


_OPPOSITE = {"CooperationStatement": "HostilityStatement", "HostilityStatement": "CooperationStatement"}


def rivals(a: StatementSpan, b: StatementSpan) -> bool:
    """Whether ``a`` and ``b`` cannot both hold on one day, so that a day on which one
    certainly holds is excluded from the other's possible span. The same pairs are the ones
    a newer statement supersedes (kg.update)."""
    if a.statement == b.statement:
        return False
    if a.kind == b.kind == "ControlStatement":  # one holder of a place at a time
        return a.object == b.object and a.actor != b.actor
    if a.kind == b.kind == "AffiliationStatement":  # one parent of each affiliation type
        return a.actor == b.actor and a.qualifier == b.qualifier and a.object != b.object
    if a.kind == b.kind == "MembershipStatement":  # one role in an alliance
        return a.actor == b.actor and a.object == b.object and a.qualifier != b.qualifier
    if _OPPOSITE.get(a.kind) == b.kind:  # allies and enemies at once: no
        return {a.actor, a.object} == {b.actor, b.object}
    return False


_ENDS_THE_ACTOR = {"RenamedTo", "MergedInto", "SucceededBy"}  # lineage types after which the actor is gone


def lifetimes(statements: Iterable[StatementSpan], events: Iterable[Existence] = (),
              own: dict[str, Bounds] | None = None) -> dict[str, tuple[dt.date, dt.date]]:
    """The days ``[from, until)`` on which each resource that the graph bounds may exist:
    from its founding events and lineage statements (the module docstring gives the rule).
    Where several bound one side, the widest wins: what one source allows is not cut by
    another. ``own``: the statements' bounds, if already computed."""
    starts: dict[str, list[dt.date]] = defaultdict(list)
    ends: dict[str, list[dt.date]] = defaultdict(list)
    for event in events:
        if event.effect == "founds":
            starts[event.thing].append(event.earliest())
        elif event.effect == "dissolves":
            ends[event.thing].append(event.after())
    for s in statements:
        if s.kind != "LineageStatement":
            continue
        span = own[s.statement] if own is not None else s.bounds()
        if s.qualifier == "RenamedTo":  # the new name is not in use before the renaming
            starts[s.object].append(span.possible_from)
        if s.qualifier in _ENDS_THE_ACTOR and not span.never_certain:
            ends[s.actor].append(span.certain_from)
    return {thing: (min(starts[thing], default=EARLIEST), max(ends[thing], default=LATEST))
            for thing in set(starts) | set(ends)}


def spans(statements: Iterable[StatementSpan], events: Iterable[Existence] = ()) -> dict[str, Bounds]:
    """Each statement's bounds, its possible span cut to the days its actor and object exist
    (:func:`lifetimes`; lineage statements, which make those days, excepted) and narrowed by
    its rivals' certain spans."""
    items = list(statements)
    own = {s.statement: s.bounds() for s in items}
    alive = lifetimes(items, events, own)
    for s in items:
        if s.kind == "LineageStatement" or not (s.actor in alive or s.object in alive):
            continue
        actor_from, actor_until = alive.get(s.actor, (EARLIEST, LATEST))
        object_from, object_until = alive.get(s.object, (EARLIEST, LATEST))
        own[s.statement] = clamp(own[s.statement], max(actor_from, object_from), min(actor_until, object_until))
    groups: dict[tuple[str, ...], list[StatementSpan]] = defaultdict(list)
    for s in items:  # candidates share an actor or (for control) a place
        groups[("actor", s.actor)].append(s)
        groups[("object", s.object)].append(s)
    result = {}
    for s in items:
        others = {o.statement: o for key in (("actor", s.actor), ("object", s.object))
                  for o in groups[key] if rivals(s, o)}
        result[s.statement] = narrow(own[s.statement], [own[o] for o in others])
    return result


def _day(value: Any) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def coverage_of(first: Any, until: Any) -> tuple[dt.date, dt.date] | None:
    """An undated statement's coverage (kg:coverageFrom, kg:coverageUntil), or None."""
    lo, hi = _day(first), _day(until)
    return (lo, hi) if lo is not None and hi is not None else None


def _from_row(row: dict[str, Any]) -> StatementSpan:
    return StatementSpan(
        statement=str(row["statement"]), kind=local_name(row["kind"]) or "", actor=str(row["actor"]),
        object=str(row["object"]), qualifier=local_name(row.get("qualifier")),
        start=_day(row.get("start")), end=_day(row.get("end")),
        start_precision=local_name(row.get("startPrecision")), start_bound=local_name(row.get("startBound")),
        end_precision=local_name(row.get("endPrecision")), end_bound=local_name(row.get("endBound")),
        attested=_day(row.get("attested")), vouched=_day(row.get("vouched")),
        last_attested=_day(row.get("lastAttested")),
        coverage=coverage_of(row.get("coverageFrom"), row.get("coverageUntil")),
    )


def _values(span: Bounds) -> Iterator[tuple[str, dt.date]]:
    yield from zip(SPAN_PROPERTIES, (span.certain_from, span.certain_until,
                                     span.possible_from, span.possible_until), strict=True)


def _existence_from_row(row: dict[str, Any]) -> Existence:
    return Existence(
        thing=str(row["thing"]), effect=str(row["effect"]), start=_day(row.get("start")), end=_day(row.get("end")),
        start_precision=local_name(row.get("startPrecision")), start_bound=local_name(row.get("startBound")),
        end_precision=local_name(row.get("endPrecision")), end_bound=local_name(row.get("endBound")),
    )


def derive_spans(graph: Any, store: Any = None) -> Any:
    """The span triples of every statement in the rdflib ``graph``, as a new Graph; ``store``:
    an Oxigraph copy of it to ask (kg.oxcopy), or None to ask the graph."""
    from rdflib import Graph, Literal, URIRef
    from rdflib.namespace import XSD

    if store is not None:
        from .oxcopy import select_values

        rows: list[dict[str, Any]] = select_values(store, SPAN_QUERY)
        events = [_existence_from_row(row) for row in select_values(store, EXISTENCE_QUERY)]
    else:
        rows = [row.asdict() for row in graph.query(SPAN_QUERY)]  # type: ignore[union-attr]
        events = [_existence_from_row(row.asdict()) for row in graph.query(EXISTENCE_QUERY)]  # type: ignore[union-attr]
    derived = Graph()
    for statement, span in spans((_from_row(r) for r in rows), events).items():
        for name, day in _values(span):
            derived.add((URIRef(statement), URIRef(KG + name), Literal(day.isoformat(), datatype=XSD.date)))
    return derived


def derive_spans_oxigraph(store: Any) -> int:
    """Write the span triples of every statement into the pyoxigraph ``store`` (replacing any
    it had); returns the number of statements. Used by ``kg load`` after a bulk load."""
    import pyoxigraph as ox

    from .oxcopy import select_values

    result = spans((_from_row(r) for r in select_values(store, SPAN_QUERY)),
                   [_existence_from_row(r) for r in select_values(store, EXISTENCE_QUERY)])
    for name in SPAN_PROPERTIES:
        for quad in list(store.quads_for_pattern(None, ox.NamedNode(KG + name), None, ox.DefaultGraph())):
            store.remove(quad)
    date = ox.NamedNode(XSD_DATE)
    store.bulk_extend(
        ox.Quad(ox.NamedNode(statement), ox.NamedNode(KG + name), ox.Literal(day.isoformat(), datatype=date),
                ox.DefaultGraph())
        for statement, span in result.items() for name, day in _values(span)
    )
    return len(result)
