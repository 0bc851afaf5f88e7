"""A group's ties and a place's control timeline, as plain records (used by the CLI, the
views and the server)."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from typing import Any

from rdflib import Graph

from .names import PLACE_KINDS, Entry, index_for
from .queries import select
from .timespan import in_force, span_text

__all__ = ["GROUP_ORDER", "Control", "ControlRow", "Event", "Tie", "Ties", "control", "ties"]

GROUP_ORDER = [
    "alliances",
    "members",
    "parent organisations",
    "branches and affiliates",
    "allies",
    "rivals and enemies",
    "places controlled",
    "held by",
    "events",
]

# (statement kind, direction) -> (group, relation read from the subject's side)
_GROUPS = {
    ("MembershipStatement", "out"): "alliances",
    ("MembershipStatement", "in"): "members",
    ("AffiliationStatement", "out"): "parent organisations",
    ("AffiliationStatement", "in"): "branches and affiliates",
    ("CooperationStatement", "out"): "allies",
    ("CooperationStatement", "in"): "allies",
    ("HostilityStatement", "out"): "rivals and enemies",
    ("HostilityStatement", "in"): "rivals and enemies",
    ("ControlStatement", "out"): "places controlled",
    ("ControlStatement", "in"): "held by",
}


def _local(term: Any) -> str | None:
    return None if term is None else str(term).rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def _date(term: Any) -> dt.date | None:
    return None if term is None else term.toPython()


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date) else value


def _record(record: Any) -> dict[str, Any]:
    """A dataclass as JSON-ready data (dates as YYYY-MM-DD)."""
    return {key: _plain(value) for key, value in asdict(record).items()}


def _entry(entry: Entry) -> dict[str, str]:
    return {"iri": str(entry.iri), "label": entry.label, "kind": entry.kind}


def _row_span(row: Any) -> str:
    """The span of a ties/control-history row as it reads in a table."""
    return span_text(_date(row.start), _date(row.end), start_precision=_local(row.startPrecision),
                     end_precision=_local(row.endPrecision), end_bound=_local(row.endBound),
                     attested=_date(row.attested))


def _relation(kind: str, direction: str, role: str | None, affiliation: str | None) -> str:
    if kind == "MembershipStatement":
        if direction == "out":
            return "leads" if role == "Leader" else "member of"
        return "led by" if role == "Leader" else "has member"
    if kind == "AffiliationStatement":
        verb = "pledged allegiance to" if affiliation == "Allegiance" else "branch of"
        return verb if direction == "out" else ("has allegiance of" if affiliation == "Allegiance" else "has branch")
    if kind == "ControlStatement":
        return "controls" if direction == "out" else "held by"
    return "allied with" if kind == "CooperationStatement" else "hostile to"


@dataclass
class Tie:
    group: str
    relation: str
    other: str
    other_iri: str
    start: dt.date | None
    end: dt.date | None
    span: str
    claimant: str | None
    sources: list[str]
    statement: str
    note: str | None = None
    also: list[str] = field(default_factory=list)  # an alliance's other members

    @property
    def status(self) -> str:
        return f"claimed by {self.claimant}" if self.claimant else "reported"


@dataclass
class Event:
    label: str
    iri: str
    kind: str
    span: str
    place: str | None
    claimant: str | None
    sources: list[str]


@dataclass
class Ties:
    subject: Entry
    at: dt.date | None
    ties: list[Tie]
    events: list[Event]
    names: list[str]

    def as_dict(self) -> dict[str, Any]:
        return {
            "subject": _entry(self.subject),
            "at": _plain(self.at),
            "names": self.names,
            "ties": [_record(t) for t in self.ties],
            "events": [asdict(e) for e in self.events],
        }


def _collect(rows: Any, key: str) -> dict[str, Any]:
    """Group one-row-per-source results by ``key``, gathering the source names."""
    grouped: dict[str, Any] = {}
    for row in rows:
        ident = str(row[key])
        if ident in grouped:
            if str(row.sourceName) not in grouped[ident][1]:
                grouped[ident][1].append(str(row.sourceName))
        else:
            grouped[ident] = (row, [str(row.sourceName)])
    return grouped


def _events(graph: Graph, entry: Entry) -> list[Event]:
    if entry.kind in PLACE_KINDS:
        rows = select(graph, "place-events", {"place": str(entry.iri)})
    else:
        rows = select(graph, "actor-events", {"actor": str(entry.iri)})
    events = []
    for ident, (row, sources) in _collect(rows, "event").items():
        start, end = _date(row.start), _date(row.end)
        span = span_text(start, end if end != start else None, end_bound=_local(row.endBound))
        if start is not None and end == start:
            span = start.isoformat()
        events.append(
            Event(str(row.eventLabel), ident, _local(row.type) or "", span,
                  None if row.placeLabel is None else str(row.placeLabel),
                  None if row.claimantLabel is None else str(row.claimantLabel), sources)
        )
    return events


def ties(graph: Graph, name: str, at: dt.date | None = None) -> Ties:
    """Every tie of the actor (or place) called ``name``, grouped; ``at`` keeps those in force."""
    index = index_for(graph)
    entry = index.resolve(name)
    rows = select(graph, "ties", {"actor": str(entry.iri)})
    found: list[Tie] = []
    for ident, (row, sources) in _collect(rows, "statement").items():
        kind, direction = _local(row.kind) or "", str(row.direction)
        start, end = _date(row.start), _date(row.end)
        if not in_force(start, end, at, _date(row.attested)):
            continue
        found.append(
            Tie(
                group=_GROUPS[(kind, direction)],
                relation=_relation(kind, direction, _local(row.role), _local(row.affiliation)),
                other=str(row.otherLabel),
                other_iri=str(row.other),
                start=start,
                end=end,
                span=_row_span(row),
                claimant=None if row.claimantLabel is None else str(row.claimantLabel),
                sources=sources,
                statement=ident,
                note=None if row.note is None else str(row.note),
            )
        )
    for tie in found:
        if tie.group == "alliances":
            members = ties_members(graph, tie.other_iri, at)
            tie.also = [m for m in members if m != entry.label]
    found.sort(key=lambda t: (GROUP_ORDER.index(t.group), t.start or dt.date.min, t.other))
    return Ties(entry, at, found, _events(graph, entry), index.names_of(entry.iri))


def ties_members(graph: Graph, alliance_iri: str, at: dt.date | None) -> list[str]:
    """Labels of an alliance's members in force on ``at``."""
    rows = select(graph, "alliance-members", {"alliance": alliance_iri})
    members = set()
    for row in rows:
        if in_force(_date(row.start), _date(row.end), at, _date(row.attested)):
            members.add(str(row.memberLabel))
    return sorted(members)


@dataclass
class ControlRow:
    place: str
    controller: str
    start: dt.date | None
    end: dt.date | None
    span: str
    attested: dt.date | None
    status: str  # "reported", "claimed by X", "contested"
    claimant: str | None
    sources: list[str]
    statement: str
    note: str | None = None


@dataclass
class Control:
    place: Entry
    at: dt.date | None
    rows: list[ControlRow]

    def as_dict(self) -> dict[str, Any]:
        return {
            "place": _entry(self.place),
            "at": _plain(self.at),
            "control": [_record(r) for r in self.rows],
        }


def _overlap(a: ControlRow, b: ControlRow) -> bool:
    lo_a, hi_a = a.start or dt.date.min, a.end or dt.date.max
    lo_b, hi_b = b.start or dt.date.min, b.end or dt.date.max
    return lo_a < hi_b and lo_b < hi_a


def control(graph: Graph, name: str, at: dt.date | None = None) -> Control:
    """The control timeline of a place and the places inside it; ``at`` keeps who held them
    on that day. Two controllers whose spans overlap on the same place are 'contested'."""
    entry = index_for(graph).resolve(name, PLACE_KINDS)
    rows_in = select(graph, "control-history", {"place": str(entry.iri)})
    rows: list[ControlRow] = []
    for ident, (row, sources) in _collect(rows_in, "statement").items():
        start, end = _date(row.start), _date(row.end)
        claimant = None if row.claimantLabel is None else str(row.claimantLabel)
        rows.append(
            ControlRow(
                place=str(row.whereLabel),
                controller=str(row.controllerLabel),
                start=start,
                end=end,
                span=_row_span(row),
                attested=_date(row.attested),
                status=f"claimed by {claimant}" if claimant else "reported",
                claimant=claimant,
                sources=sources,
                statement=ident,
                note=None if row.note is None else str(row.note),
            )
        )
    for row in rows:
        rivals = [o for o in rows if o is not row and o.place == row.place and o.controller != row.controller]
        if any(_overlap(row, o) for o in rivals):
            row.status = "contested"
    if at is not None:
        rows = [r for r in rows if in_force(r.start, r.end, at, r.attested)]
    rows.sort(key=lambda r: (r.place != entry.label, r.place, r.start or dt.date.min, r.controller))
    return Control(entry, at, rows)
