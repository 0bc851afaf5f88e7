"""Text and CSV renderings of ties, control timelines and paths, for the CLI."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from .names import PLACE_KINDS
from .output import rows_csv, table, terminal_width
from .timespan import Bounds, reported
from .vocabulary import GROUP_ORDER

if TYPE_CHECKING:  # only named in annotations: `kg ties` need not import lineage or network
    from .lineage import Lineage
    from .network import Hop
    from .ties import Control, Ties

__all__ = ["TIES_CSV_COLUMNS", "control_csv", "control_table", "lineage_csv", "lineage_table", "paths_text", "ties_csv", "ties_table"]

TIES_CSV_COLUMNS = [
    "group", "relation", "other", "other_iri", "start", "end", "span", "certainty", "first_reported",
    "last_reported", "reason", "status", "claimant", "medium", "end_claimant", "sources", "end_sources", "statement",
]
CONTROL_CSV_COLUMNS = ["place", "via", "controller", "start", "end", "span", "certainty", "first_reported",
                       "last_reported", "reason", "status", "claimant", "medium", "end_claimant", "sources",
                       "end_sources", "statement"]


def _sources(names: Sequence[str], end_names: Sequence[str] = ()) -> str:
    text = "; ".join(names)
    return text + (f"; end: {'; '.join(end_names)}" if end_names else "")


def _status(status: str, certainty: str | None, bounds: Bounds | None = None, at: dt.date | None = None,
            why: str | None = None) -> str:
    """The status column of a table. On a day only possible: 'possibly', the last (or first)
    day a source reports it held, and why ('possibly; held, last reported 2015-03-30; no
    later report; reported'); on any day, what contradicts it."""
    parts = []
    if certainty == "possibly in force":
        parts.append("possibly")
        first, last = reported(bounds) if bounds is not None else (None, None)
        if at is not None and last is not None and at > last:
            parts.append(f"held, last reported {last.isoformat()}")
        elif at is not None and first is not None and at < first:
            parts.append(f"held, first reported {first.isoformat()}")
    if why:
        parts.append(why)
    return "; ".join(parts + [status])


def _day(day: dt.date | None) -> str | None:
    return None if day is None else day.isoformat()


def ties_table(result: Ties) -> str:
    subject = result.subject
    when = f" on {result.at.isoformat()}" if result.at else ""
    out = [f"{subject.label} ({subject.kind}){when}"]
    others = [n for n in result.names if n != subject.label]
    if others:
        import textwrap

        width = terminal_width()  # None: stdout is not a terminal, one line
        also = "also: " + ", ".join(others)
        out.append(also if width is None else textwrap.fill(also, width, subsequent_indent="      ",
                                                            break_on_hyphens=False))
    if subject.kind in PLACE_KINDS:
        out.append(f"a place: `kg control \"{subject.label}\"` gives the timeline with the places inside it")
    if not result.ties and not result.events:
        out.append("")
        out.append("no ties recorded" + (f" in force on {result.at.isoformat()}" if result.at else ""))
    for group in GROUP_ORDER:
        rows = [t for t in result.ties if t.group == group]
        if not rows:
            continue
        body, notes = [], {}
        for tie in rows:
            other = tie.other + (f" (as {tie.via})" if tie.via else "")
            body.append([tie.relation, other, tie.span, _status(tie.status, tie.certainty, tie.bounds, result.at, tie.reason),
                         _sources(tie.sources, tie.end_sources)])
            if tie.also:
                notes[len(body) - 1] = "  with: " + ", ".join(tie.also)
        out += ["", group.upper(), _with_notes(["relation", "with", "when", "status", "source"], body, notes)]
    if result.events:
        body = [[e.span, e.label, (f"claimed by {e.claimant}" if e.claimant else "reported") + (f" ({e.medium})" if e.medium else ""),
                 _sources(e.sources)] for e in result.events]
        out += ["", "EVENTS", table(["when", "event", "status", "source"], body)]
    return "\n".join(out)


def _with_notes(headers: list[str], body: list[list[Any]], notes: dict[int, str]) -> str:
    """A table whose rows may each have a note under them (an alliance's other members): a line of
    its own after its row's, in the second column, never widening the columns, where the table fits
    without wrapping (always when piped); in a terminal too narrow for it, a row of its own,
    wrapped in the second column."""
    import textwrap

    width = terminal_width()
    lines = table(headers, body).split("\n")  # a header line, a rule, then one line a row if nothing wrapped
    if width is not None and (len(lines) != len(body) + 2 or any(len(line) > width for line in lines)):
        rows: list[list[Any]] = []
        for number, row in enumerate(body):
            rows.append(row)
            if number in notes:
                rows.append(["", notes[number]] + [""] * (len(headers) - 2))
        return table(headers, rows)
    indent = " " * (lines[1].index(" ") + 1)  # where the second column starts
    out = lines[:2]
    for number, line in enumerate(lines[2:]):
        out.append(line)
        if number in notes:
            note = indent + notes[number]
            out += [note] if width is None else textwrap.wrap(note, width, subsequent_indent=indent + "        ",
                                                              break_on_hyphens=False, drop_whitespace=False) or [note]
    return "\n".join(out)


def ties_csv(result: Ties, delimiter: str = ",", raw_cells: bool = False) -> str:
    """The ties as CSV; a cell a spreadsheet would run as a formula (=, +, -, @) gets a leading '
    unless ``raw_cells`` (as kg export's CSVs: names and notes come from sources kg does not control)."""
    rows = []
    for t in result.ties:
        first, last = reported(t.bounds) if t.bounds is not None else (None, None)
        rows.append([t.group, t.relation, t.other, t.other_iri, _day(t.start), _day(t.end), t.span, t.certainty,
                     _day(first), _day(last), t.reason, t.status, t.claimant, t.medium, t.end_claimant,
                     _sources(t.sources), _sources(t.end_sources), t.statement])
    return rows_csv(TIES_CSV_COLUMNS, rows, delimiter, spreadsheet_safe=not raw_cells)


def control_table(result: Control) -> str:
    place = result.place
    if result.at:
        head = f"Who held {place.label} ({place.kind}) and the places in it on {result.at.isoformat()}"
    else:
        head = f"Control of {place.label} ({place.kind}) and the places in it, over time"
    def body(rows: list) -> list[list]:
        return [[r.via or r.place, r.controller, r.span, _status(r.status, r.certainty, r.bounds, result.at, r.reason),
                 _sources(r.sources, r.end_sources)] for r in rows]

    out = head + "\n\n"
    if result.rows:
        out += table(["place", "held by", "when", "status", "source"], body(result.rows))
    else:
        out += "no control is recorded" + (" on that day" if result.at else "")
    if result.containers:
        out += (f"\n\nVIA THE PLACES THAT CONTAIN IT (their holders, not {place.label}'s own)\n"
                + table(["via", "held by", "when", "status", "source"], body(result.containers)))
    return out


def control_csv(result: Control, delimiter: str = ",", raw_cells: bool = False) -> str:
    """Control as CSV, formula-like cells neutralised unless ``raw_cells`` (see :func:`ties_csv`)."""
    rows = []
    for r in result.rows + result.containers:
        first, last = reported(r.bounds) if r.bounds is not None else (None, None)
        rows.append([r.place, r.via, r.controller, _day(r.start), _day(r.end), r.span, r.certainty, _day(first),
                     _day(last), r.reason, r.status, r.claimant, r.medium, r.end_claimant, _sources(r.sources),
                     _sources(r.end_sources), r.statement])
    return rows_csv(CONTROL_CSV_COLUMNS, rows, delimiter, spreadsheet_safe=not raw_cells)


def paths_text(a: str, b: str, found: list[list[Hop]], max_hops: int) -> str:
    if not found:
        return f"no connection between {a} and {b} within {max_hops} hops"
    out = []
    for number, hops in enumerate(found, start=1):
        out.append(f"path {number}: {a} -> {b}, {len(hops)} hop{'s' if len(hops) != 1 else ''}")
        for hop in hops:
            if hop.forward:
                line = f"{hop.source} --{hop.relation}--> {hop.target}"
            else:
                line = f"{hop.source} <--{hop.relation}-- {hop.target}"
            status = _status(f"claimed by {hop.claimant}" if hop.claimant else "reported", hop.certainty,
                             None, None, hop.reason)
            if hop.certainty == "possibly in force" and hop.first_reported is not None and hop.last_reported is not None:
                held = (f"{hop.first_reported}" if hop.first_reported == hop.last_reported
                        else f"{hop.first_reported} – {hop.last_reported}")
                status = status.replace("possibly; ", f"possibly; held, reported {held}; ", 1)
            if hop.end_claimant:
                status += f"; end claimed by {hop.end_claimant}"
            out.append(f"  {line}")
            out.append(f"      {hop.span}; {status}; {_sources(hop.sources)}")
    return "\n".join(out)


_HAPPENED = {"in force": "happened", "possibly in force": "possibly happened", "not in force": "not yet"}


def lineage_table(result: Lineage) -> str:
    subject = result.subject
    out = [f"Lineage of {subject.label} ({subject.kind})"]
    if not result.steps:
        out.append("")
        out.append("no renaming, split, merger or succession is recorded")
        return "\n".join(out)
    if result.at is not None:
        if result.in_use:
            names = ", ".join(n.name + ("" if n.certainty == "in force" else " (possibly)") for n in result.in_use)
            out.append(f"name in use on {result.at.isoformat()}: {names}")
        elif result.ended is not None and result.ended.start is not None and result.ended.start <= result.at:
            end = result.ended
            out.append(f"no name of its renaming chain was in use on {result.at.isoformat()}: {end.actor} "
                       f"{end.relation} {end.other} ({end.when})")
        else:
            out.append(f"no name of its renaming chain was in use on {result.at.isoformat()}")
    if len(result.names) > 1:
        out += ["", "NAMES OVER TIME",
                table(["name", "from", "until"], [[n.name, n.since, n.until or ""] for n in result.names])]
    headers = ["when", "actor", "relation", "other", "status", "source"]
    if result.at is not None:
        headers.insert(1, f"by {result.at.isoformat()}")
    body = []
    for step in result.steps:
        row = [step.when, step.actor, step.relation, step.other, step.status, _sources(step.sources)]
        if result.at is not None:
            row.insert(1, _HAPPENED.get(step.certainty or "", ""))
        body.append(row)
    out += ["", "LINEAGE", table(headers, body)]
    return "\n".join(out)


def lineage_csv(result: Lineage, raw_cells: bool = False) -> str:
    """The lineage as CSV, formula-like cells neutralised unless ``raw_cells`` (see :func:`ties_csv`)."""
    rows = [[s.when, s.actor, s.actor_iri, s.relation, s.other, s.other_iri, s.certainty, s.status,
             _sources(s.sources), s.statement] for s in result.steps]
    return rows_csv(["when", "actor", "actor_iri", "relation", "other", "other_iri", "certainty", "status",
                     "sources", "statement"], rows, spreadsheet_safe=not raw_cells)
