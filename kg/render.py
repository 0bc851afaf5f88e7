"""Text and CSV renderings of ties, control timelines and paths, for the CLI."""

from __future__ import annotations

from collections.abc import Sequence

from .names import PLACE_KINDS
from .network import Hop
from .output import rows_csv, table, terminal_width
from .ties import GROUP_ORDER, Control, Ties

__all__ = ["TIES_CSV_COLUMNS", "control_csv", "control_table", "paths_text", "ties_csv", "ties_table"]

TIES_CSV_COLUMNS = [
    "group", "relation", "other", "other_iri", "start", "end", "span", "status", "claimant", "sources", "statement",
]
CONTROL_CSV_COLUMNS = ["place", "controller", "start", "end", "span", "status", "claimant", "sources", "statement"]


def _sources(names: Sequence[str]) -> str:
    return "; ".join(names)


def ties_table(result: Ties) -> str:
    subject = result.subject
    when = f" on {result.at.isoformat()}" if result.at else ""
    out = [f"{subject.label} ({subject.kind}){when}"]
    others = [n for n in result.names if n != subject.label]
    if others:
        import textwrap

        out.append(textwrap.fill("also: " + ", ".join(others), terminal_width(), subsequent_indent="      ",
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
        body = []
        for tie in rows:
            body.append([tie.relation, tie.other, tie.span, tie.status, _sources(tie.sources)])
            if tie.also:
                body.append(["", "  with: " + ", ".join(tie.also), "", "", ""])
        out += ["", group.upper(), table(["relation", "with", "when", "status", "source"], body)]
    if result.events:
        body = [[e.span, e.label, f"claimed by {e.claimant}" if e.claimant else "reported", _sources(e.sources)] for e in result.events]
        out += ["", "EVENTS", table(["when", "event", "status", "source"], body)]
    return "\n".join(out)


def ties_csv(result: Ties) -> str:
    rows = [
        [t.group, t.relation, t.other, t.other_iri, t.start and t.start.isoformat(), t.end and t.end.isoformat(),
         t.span, t.status, t.claimant, _sources(t.sources), t.statement]
        for t in result.ties
    ]
    return rows_csv(TIES_CSV_COLUMNS, rows)


def control_table(result: Control) -> str:
    place = result.place
    if result.at:
        head = f"Who held {place.label} ({place.kind}) and the places in it on {result.at.isoformat()}"
    else:
        head = f"Control of {place.label} ({place.kind}) and the places in it, over time"
    if not result.rows:
        return head + "\n\nno control is recorded" + (" on that day" if result.at else "")
    body = [[r.place, r.controller, r.span, r.status, _sources(r.sources)] for r in result.rows]
    return head + "\n\n" + table(["place", "held by", "when", "status", "source"], body)


def control_csv(result: Control) -> str:
    rows = [
        [r.place, r.controller, r.start and r.start.isoformat(), r.end and r.end.isoformat(), r.span, r.status,
         r.claimant, _sources(r.sources), r.statement]
        for r in result.rows
    ]
    return rows_csv(CONTROL_CSV_COLUMNS, rows)


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
            status = f"claimed by {hop.claimant}" if hop.claimant else "reported"
            out.append(f"  {line}")
            out.append(f"      {hop.span}; {status}; {_sources(hop.sources)}")
    return "\n".join(out)
