"""A group's ties and a place's control timeline, as plain records (used by the CLI, the
views and the server)."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

from .names import PLACE_KINDS, Entry
from .queries import collect, local_name, term_date
from .reader import Reader, name_index, select, select_many
from .spans import StatementSpan, coverage_of
from .spans import rivals as rivals_of
from .tabular import Table
from .timespan import (
    NOT_IN_FORCE,
    Bounds,
    after_period,
    bounds_record,
    in_force,
    reason,
    reported,
    span_text,
)
from .vocabulary import GROUP_ORDER, PERSON_KIND, relation

if TYPE_CHECKING:  # the records read a graph, or an on-disk store without rdflib (kg.reader)
    from rdflib import Graph

__all__ = ["GROUP_ORDER", "Control", "ControlRow", "Event", "Tie", "Ties", "control", "row_bounds", "ties"]


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date) else value


def _record(record: Any) -> dict[str, Any]:
    """A tie or control row as JSON-ready data (dates as YYYY-MM-DD), with its status, the
    first and last day a source reports it held, and its derived spans
    (kg.timespan.bounds_record)."""
    data = {key: _plain(value) for key, value in asdict(record).items() if key not in ("bounds", "rival_spans")}
    data["status"] = record.status
    first, last = reported(record.bounds) if record.bounds is not None else (None, None)
    data["first_reported"], data["last_reported"] = _plain(first), _plain(last)
    data["bounds"] = bounds_record(record.bounds)
    return data


def _why(record: Any, row: Any, at: dt.date | None, rivals: list[tuple[str, Bounds]]) -> str | None:
    """Why the record is only possibly in force on ``at``, or whom it contradicts
    (kg.timespan.reason); None without a day."""
    if at is None or record.bounds is None:
        return None
    return reason(record.bounds, at, start=term_date(row.start), end=term_date(row.end),
                  start_precision=local_name(row.startPrecision), end_precision=local_name(row.endPrecision),
                  start_bound=local_name(row.startBound), end_bound=local_name(row.endBound), rivals=rivals)


def _entry(entry: Entry) -> dict[str, str]:
    """An entry as JSON; with the note of a name matched by spelling or prefix (kg.names)."""
    return {"iri": str(entry.iri), "label": entry.label, "kind": entry.kind} | ({"note": entry.note} if entry.note else {})


def _start(row: Any) -> dt.date | None:
    """A statement's start as its record gives it: as recorded (a month or year as its first
    day), but for a start the source gives only as a latest one ("by 2011", kg:NotAfter) the
    last day of its period, the day from which it certainly held (docs/ontology.md): never
    2011-01-01 for "by 2011", which would read as a beginning the source does not give."""
    start = term_date(row.start)
    if start is not None and local_name(row.startBound) == "NotAfter":
        return after_period(start, local_name(row.startPrecision)) - dt.timedelta(days=1)
    return start


def _row_span(row: Any) -> str:
    """The span of a ties/control-history row as it reads in a table."""
    return span_text(term_date(row.start), term_date(row.end), start_precision=local_name(row.startPrecision),
                     end_precision=local_name(row.endPrecision), start_bound=local_name(row.startBound),
                     end_bound=local_name(row.endBound), attested=term_date(row.attested),
                     coverage=coverage_of(getattr(row, "coverageFrom", None), getattr(row, "coverageUntil", None)))


def row_bounds(row: Any) -> Bounds:
    """The derived certain and possible span of a query row (kg.spans wrote them)."""
    return Bounds.read(term_date(row.certainFrom), term_date(row.certainUntil), term_date(row.possibleFrom), term_date(row.possibleUntil))


def _status(claimant: str | None, end_claimant: str | None, medium: str | None = None) -> str:
    status = f"claimed by {claimant}" if claimant else "reported"
    status += f" ({medium})" if medium else ""
    return status + (f"; end claimed by {end_claimant}" if end_claimant else "")


# a membership tie's group (kg.vocabulary's) -> (its group on a person's side, its group when
# the other end is a person)
PEOPLE_GROUPS = {"alliances": ("armed groups led or joined", "alliances"),
                 "members": ("members", "leaders and members (people)")}


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
    certainty: str | None = None  # on the day asked: "in force" or "possibly in force"
    bounds: Bounds | None = None  # the derived certain and possible span
    end_claimant: str | None = None  # who claims the tie ended, when that is someone's word
    end_sources: list[str] = field(default_factory=list)  # where the end comes from, if not sources
    via: str | None = None  # with lineage: the other name under which the tie was recorded
    medium: str | None = None  # how the claim was made ("official Twitter account"), if the source says
    reason: str | None = None  # on the day asked: why only possibly, or what contradicts it (kg.timespan.reason)

    @property
    def status(self) -> str:
        """'reported' or 'claimed by X' (and how: its medium), and who claims the end, if anyone."""
        return _status(self.claimant, self.end_claimant, self.medium)


@dataclass
class Event:
    label: str
    iri: str
    kind: str
    span: str
    place: str | None
    claimant: str | None
    sources: list[str]
    medium: str | None = None  # how it was announced or claimed ("official Twitter account")


@dataclass
class Ties(Table):
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

    def records(self) -> list[dict[str, Any]]:
        """One row a tie (events are in ``events``)."""
        return [dict(_record(t), subject=self.subject.label) for t in self.ties]


def _events(graph: Graph | Reader, entry: Entry) -> list[Event]:
    if entry.kind in PLACE_KINDS:
        rows = select(graph, "place-events", {"place": str(entry.iri)})
    else:
        rows = select(graph, "actor-events", {"actor": str(entry.iri)})
    events = []
    for ident, (row, sources, _) in collect(rows, "event").items():
        start, end = term_date(row.start), term_date(row.end)
        span = span_text(start, end if end != start else None, end_bound=local_name(row.endBound))
        if start is not None and end == start:
            span = start.isoformat()
        events.append(
            Event(str(row.eventLabel), ident, local_name(row.type) or "", span,
                  None if row.placeLabel is None else str(row.placeLabel),
                  None if row.claimantLabel is None else str(row.claimantLabel), sources,
                  None if row.medium is None else str(row.medium))
        )
    return events


def _spans_of(iri: str, grouped: dict[str, tuple[Any, list[str], list[str]]]) -> dict[str, StatementSpan]:
    """The ties rows of the resource ``iri`` as kg.spans sees statements (to find rivals)."""
    found = {}
    for ident, (row, _, _) in grouped.items():
        out = str(row.direction) == "out"
        found[ident] = StatementSpan(ident, local_name(row.kind) or "", iri if out else str(row.other),
                                     str(row.other) if out else iri, local_name(row.qualifier), None, None)
    return found


def _place_holders(graph: Graph | Reader, place: str) -> list[tuple[StatementSpan, str, Bounds]]:
    """The control statements of ``place`` itself: (as kg.spans sees it, holder, bounds)."""
    found = []
    for ident, (row, _, _) in collect(select(graph, "control-history", {"place": place}), "statement").items():
        if str(row.where) == place:
            found.append((StatementSpan(ident, "ControlStatement", str(row.controller), place, None, None, None),
                          str(row.controllerLabel), row_bounds(row)))
    return found


def _ties_of(graph: Graph | Reader, iri: str, at: dt.date | None) -> list[Tie]:
    """The ties of the resource ``iri`` in force or possibly in force on ``at`` (all without),
    each with why it is only possibly in force, or what contradicts it, on that day."""
    found: list[Tie] = []
    grouped = collect(select(graph, "ties", {"actor": iri}), "statement", "endSourceName")
    as_spans = _spans_of(iri, grouped)
    labels = {}
    for ident, (row, _, _) in grouped.items():
        words = relation(local_name(row.kind) or "", local_name(row.qualifier))
        out = str(row.direction) == "out"
        labels[ident] = (f"{words.word} {row.otherLabel}" if out else f"{row.otherLabel} ({words.inverse})",
                         row_bounds(row))
    holders: dict[str, list[tuple[StatementSpan, str, Bounds]]] = {}
    for ident, (row, sources, end_sources) in grouped.items():
        kind, direction = local_name(row.kind) or "", str(row.direction)
        bounds = row_bounds(row)
        certainty = in_force(bounds, at)
        if certainty == NOT_IN_FORCE:
            continue
        words = relation(kind, local_name(row.qualifier))
        tie = Tie(
            group=words.group if direction == "out" else words.inverse_group,
            relation=words.word if direction == "out" else words.inverse,
            other=str(row.otherLabel),
            other_iri=str(row.other),
            start=_start(row),
            end=term_date(row.end),
            span=_row_span(row),
            claimant=None if row.claimantLabel is None else str(row.claimantLabel),
            sources=sources,
            statement=ident,
            note=None if row.note is None else str(row.note),
            certainty=certainty,
            bounds=bounds,
            end_claimant=None if row.endClaimantLabel is None else str(row.endClaimantLabel),
            end_sources=end_sources,
            medium=None if row.medium is None else str(row.medium),
        )
        if at is not None:
            me = as_spans[ident]
            rivals = [labels[o] for o, other in as_spans.items() if rivals_of(me, other)]
            if kind == "ControlStatement" and direction == "out":  # the place's other holders
                place = str(row.other)
                if place not in holders:
                    holders[place] = _place_holders(graph, place)
                rivals += [(f"{holder} (controls {row.otherLabel})", span)
                           for other, holder, span in holders[place] if rivals_of(me, other)]
            tie.reason = _why(tie, row, at, rivals)
        found.append(tie)
    return found


def ties(graph: Graph | Reader, name: str, at: dt.date | None = None, *, lineage: bool = False) -> Ties:
    """Every tie of the actor (or place) called ``name``, grouped. With ``at``, the ties in
    force or possibly in force on that day, each with its ``certainty``. With ``lineage``,
    also the ties the same organisation had under its other names (its renaming chain),
    each marked ``via`` the name it had."""
    index = name_index(graph)
    entry = index.resolve(name)
    found = _ties_of(graph, str(entry.iri), at)
    if lineage:
        from .lineage import _family, rename_chain

        seen = {t.statement for t in found}
        for node, _ in rename_chain(_family(graph, str(entry.iri)), str(entry.iri)):
            if node == str(entry.iri):
                continue
            node_entry = index.entry(node)
            label = node_entry.label if node_entry is not None else node
            for tie in _ties_of(graph, node, at):
                if tie.statement not in seen:
                    seen.add(tie.statement)
                    tie.via = label
                    found.append(tie)
    seen = {t.statement for t in found}
    for other, (label, why) in _same_coalition(graph, str(entry.iri)).items():
        for tie in _ties_of(graph, other, at):
            if tie.statement not in seen and tie.other_iri != str(entry.iri):
                seen.add(tie.statement)
                tie.via = f"{label} ({why})"
                found.append(tie)
    for tie in found:  # a person's ties read as what they lead or belong to; a group's people apart
        if entry.kind == PERSON_KIND and tie.group in PEOPLE_GROUPS:
            tie.group = PEOPLE_GROUPS[tie.group][0]
        else:
            other_entry = index.entry(tie.other_iri)
            if other_entry is not None and other_entry.kind == PERSON_KIND and tie.group in PEOPLE_GROUPS:
                tie.group = PEOPLE_GROUPS[tie.group][1]
    alliances = [t for t in found if t.group in ("alliances", PEOPLE_GROUPS["alliances"][0])]
    rows: dict[str, list[Any]] = {}  # every alliance's members in one query (one round trip to a server)
    for row in select_many(graph, "alliance-members", "alliance", [t.other_iri for t in alliances]):
        rows.setdefault(str(row.alliance), []).append(row)
    for tie in alliances:
        tie.also = _members(rows.get(tie.other_iri, []), at, leave_out=tie.via or entry.label)
    found.sort(key=lambda t: (GROUP_ORDER.index(t.group), t.bounds.possible_from if t.bounds else dt.date.min,
                              t.start or dt.date.min, t.other))
    return Ties(entry, at, found, _events(graph, entry), index.names_of(entry.iri))


def _same_coalition(graph: Graph | Reader, iri: str) -> dict[str, tuple[str, str]]:
    """The other resources that carry a UCDP coalition ID of ``iri`` (an analyst's link of an
    alliance to a coalition): their ties are its ties, shown ``via`` them with the ID and the
    sources of the link."""
    found: dict[str, tuple[str, set[str], set[str]]] = {}
    for row in select(graph, "same-coalition", {"actor": iri}):
        _, ids, sources = found.setdefault(str(row.other), (str(row.otherLabel), set(), set()))
        ids.add(str(row.coalition))
        if row.sourceName is not None:
            sources.add(str(row.sourceName))
    return {other: (label, "same UCDP coalition ID " + ", ".join(sorted(ids))
                    + (f"; per {'; '.join(sorted(sources))}" if sources else ""))
            for other, (label, ids, sources) in found.items()}


def ties_members(graph: Graph | Reader, alliance_iri: str, at: dt.date | None, leave_out: str | None = None) -> list[str]:
    """Labels of an alliance's members in force or possibly in force on ``at`` (the possible
    ones marked '(possibly)'), but for ``leave_out``."""
    return _members(select(graph, "alliance-members", {"alliance": alliance_iri}), at, leave_out)


def _members(rows: list[Any], at: dt.date | None, leave_out: str | None) -> list[str]:
    """:func:`ties_members` of an alliance's ``alliance-members`` rows."""
    members: dict[str, str | None] = {}
    for row in rows:
        certainty = in_force(row_bounds(row), at)
        if certainty == NOT_IN_FORCE:
            continue
        label = str(row.memberLabel)
        if label == leave_out:
            continue
        if members.get(label) != "in force":
            members[label] = certainty
    return sorted(label + (" (possibly)" if c == "possibly in force" else "") for label, c in members.items())


@dataclass
class ControlRow:
    place: str
    controller: str
    start: dt.date | None
    end: dt.date | None
    span: str
    attested: dt.date | None
    status: str  # "reported", "claimed by X", "contested"; "; end claimed by Y"
    claimant: str | None
    sources: list[str]
    statement: str
    note: str | None = None
    certainty: str | None = None  # on the day asked: "in force" or "possibly in force"
    bounds: Bounds | None = None
    end_claimant: str | None = None
    end_sources: list[str] = field(default_factory=list)
    medium: str | None = None  # how the claim was made, if the source says
    reason: str | None = None  # on the day asked: why only possibly, or what contradicts it (kg.timespan.reason)
    via: str | None = None  # a row of a place that contains the one asked about: that place's name
    place_iri: str | None = None  # the IRIs of place and controller (the columns' shared vocabulary: docs/views.md)
    controller_iri: str | None = None


@dataclass
class Control(Table):
    """Who held a place and the places in it (``rows``), and who held the places that contain
    it (``containers``, each row ``via`` its place: they held it by holding them, and are
    never its own holders)."""

    place: Entry
    at: dt.date | None
    rows: list[ControlRow]
    containers: list[ControlRow] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "place": _entry(self.place),
            "at": _plain(self.at),
            "control": [_record(r) for r in self.rows],
            "via_containers": [_record(r) for r in self.containers],
        }

    def records(self) -> list[dict[str, Any]]:
        return [_record(r) for r in self.rows + self.containers]


def _overlap(a: ControlRow, b: ControlRow) -> bool:
    """Whether two rows are certainly in force on some common day (both sources say so)."""
    return a.bounds is not None and b.bounds is not None and a.bounds.certainly_overlaps(b.bounds)


def _control_rows(rows_in: list[Any], at: dt.date | None, via: bool = False) -> list[ControlRow]:
    """The control rows of a control-history (or control-containers) answer: 'contested' where
    two holders of one place are both certainly in force on some day; with ``at``, only those
    in force or possibly in force that day, each with its reason."""
    rows: list[ControlRow] = []
    firsts = {}
    for ident, (row, sources, end_sources) in collect(rows_in, "statement", "endSourceName").items():
        claimant = None if row.claimantLabel is None else str(row.claimantLabel)
        end_claimant = None if row.endClaimantLabel is None else str(row.endClaimantLabel)
        medium = None if row.medium is None else str(row.medium)
        bounds = row_bounds(row)
        firsts[ident] = row
        rows.append(
            ControlRow(
                place=str(row.whereLabel),
                controller=str(row.controllerLabel),
                start=_start(row),
                end=term_date(row.end),
                span=_row_span(row),
                attested=term_date(row.attested),
                status=_status(claimant, end_claimant, medium),
                claimant=claimant,
                sources=sources,
                statement=ident,
                note=None if row.note is None else str(row.note),
                certainty=in_force(bounds, at),
                bounds=bounds,
                end_claimant=end_claimant,
                end_sources=end_sources,
                medium=medium,
                via=str(row.whereLabel) if via else None,
                place_iri=str(row.where),
                controller_iri=str(row.controller),
            )
        )
    for row in rows:
        rivals = [o for o in rows if o is not row and o.place == row.place and o.controller != row.controller]
        if any(_overlap(row, o) for o in rivals):
            row.status = "contested" + row.status[row.status.index(";"):] if ";" in row.status else "contested"
        if at is not None:
            row.reason = _why(row, firsts[row.statement], at,
                              [(o.controller, o.bounds) for o in rivals if o.bounds is not None])
    if at is not None:
        rows = [r for r in rows if r.certainty != NOT_IN_FORCE]
    return rows


def _order(rows: list[ControlRow], first: str) -> list[ControlRow]:
    return sorted(rows, key=lambda r: (r.place != first, r.place,
                                       r.bounds.possible_from if r.bounds else dt.date.min,
                                       r.bounds.certain_from if r.bounds else dt.date.min, r.controller))


def control(graph: Graph | Reader, name: str, at: dt.date | None = None) -> Control:
    """The control timeline of a place and the places inside it; ``at`` keeps who held them,
    or possibly held them, on that day (``certainty`` says which, ``reason`` why only
    possibly). Two controllers of the same place that are both certainly in force on some
    day are 'contested'. The holders of the places that contain it come apart, in
    ``containers``, each ``via`` the place they held."""
    entry = name_index(graph).resolve(name, PLACE_KINDS)
    rows = _control_rows(select(graph, "control-history", {"place": str(entry.iri)}), at)
    containers = _control_rows(select(graph, "control-containers", {"place": str(entry.iri)}), at, via=True)
    return Control(entry, at, _order(rows, entry.label), _order(containers, ""))
