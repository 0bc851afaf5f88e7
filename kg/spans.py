"""Derive every statement's certain and possible span (kg:certainFrom, kg:certainUntil,
kg:possibleFrom, kg:possibleUntil) with the one rule in kg.timespan.

The build, every import and ``kg load`` call this, so each statement in a store carries the
four dates and every query applies the rule by comparing a day with them (``IN_FORCE_SPARQL``).
Statements that cannot hold at the same time as each other ("rivals": two actors holding one
place, an actor allied with and hostile to another, ...) narrow each other's possible spans.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from .queries import local_name
from .timespan import Bounds, bounds, narrow

__all__ = [
    "IN_FORCE_SPARQL",
    "SPAN_PROPERTIES",
    "SPAN_QUERY",
    "StatementSpan",
    "derive_spans",
    "derive_spans_oxigraph",
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
       ?end ?endPrecision ?endBound ?attested (MAX(?sourceDate) AS ?vouched)
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
  OPTIONAL { ?statement kg:attested ?attested }
  OPTIONAL { ?statement prov:wasDerivedFrom ?source . ?source dcterms:date ?sourceDate }
}
GROUP BY ?statement ?kind ?actor ?object ?qualifier ?start ?startPrecision ?startBound
         ?end ?endPrecision ?endBound ?attested
"""


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
    attested: dt.date | None = None
    vouched: dt.date | None = None

    def bounds(self) -> Bounds:
        return bounds(self.start, self.end, start_precision=self.start_precision,
                      end_precision=self.end_precision, start_bound=self.start_bound,
                      end_bound=self.end_bound, attested=self.attested, vouched=self.vouched,
                      lasting=self.kind == "LineageStatement")


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


def spans(statements: Iterable[StatementSpan]) -> dict[str, Bounds]:
    """Each statement's bounds, its possible span narrowed by its rivals' certain spans."""
    items = list(statements)
    own = {s.statement: s.bounds() for s in items}
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


def _from_row(row: dict[str, Any]) -> StatementSpan:
    return StatementSpan(
        statement=str(row["statement"]), kind=local_name(row["kind"]) or "", actor=str(row["actor"]),
        object=str(row["object"]), qualifier=local_name(row.get("qualifier")),
        start=_day(row.get("start")), end=_day(row.get("end")),
        start_precision=local_name(row.get("startPrecision")), start_bound=local_name(row.get("startBound")),
        end_precision=local_name(row.get("endPrecision")), end_bound=local_name(row.get("endBound")),
        attested=_day(row.get("attested")), vouched=_day(row.get("vouched")),
    )


def _values(span: Bounds) -> Iterator[tuple[str, dt.date]]:
    yield from zip(SPAN_PROPERTIES, (span.certain_from, span.certain_until,
                                     span.possible_from, span.possible_until), strict=True)


def derive_spans(graph: Any) -> Any:
    """The span triples of every statement in the rdflib ``graph``, as a new Graph."""
    from rdflib import Graph, Literal, URIRef
    from rdflib.namespace import XSD

    rows = [row.asdict() for row in graph.query(SPAN_QUERY)]  # type: ignore[union-attr]
    derived = Graph()
    for statement, span in spans(_from_row(r) for r in rows).items():
        for name, day in _values(span):
            derived.add((URIRef(statement), URIRef(KG + name), Literal(day.isoformat(), datatype=XSD.date)))
    return derived


def derive_spans_oxigraph(store: Any) -> int:
    """Write the span triples of every statement into the pyoxigraph ``store`` (replacing any
    it had); returns the number of statements. Used by ``kg load`` after a bulk load."""
    import pyoxigraph as ox

    solutions = store.query(SPAN_QUERY)
    names = [variable.value for variable in solutions.variables]
    rows = [{name: None if solution[name] is None else solution[name].value for name in names}
            for solution in solutions]
    result = spans(_from_row(r) for r in rows)
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
