"""Lineage: renamings, splits, mergers and successions, and which name an actor used on a day.

A renaming links the actor under its old name to the actor under its new one (two nodes, as
Wikidata and the sanctions lists often keep them); the chain of renamings is the actor's
names over time. ``lineage()`` gathers every lineage statement reachable from an actor (its
whole family: predecessors, successors, splinters), in date order, and with ``at`` says which
name of the renaming chain was in use on that day, as certain as the dates allow.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

from .names import ACTOR_KINDS, Entry
from .queries import collect, local_name, term_date
from .reader import Reader, name_index, select
from .tabular import Table
from .timespan import IN_FORCE, NOT_IN_FORCE, POSSIBLY, Bounds, certainty, in_force, span_text
from .vocabulary import relation

if TYPE_CHECKING:  # the records read a graph, or an on-disk store without rdflib (kg.reader)
    from rdflib import Graph

__all__ = ["Lineage", "LineageStep", "NameInUse", "NamePeriod", "lineage", "rename_chain"]


@dataclass
class LineageStep:
    """One lineage statement, read from its actor: '<actor> <relation> <other> on <when>'."""

    actor: str
    actor_iri: str
    relation: str
    other: str
    other_iri: str
    when: str
    start: dt.date | None
    claimant: str | None
    sources: list[str]
    statement: str
    note: str | None = None
    certainty: str | None = None  # on the day asked: has the change happened?
    bounds: Bounds | None = None

    @property
    def status(self) -> str:
        return f"claimed by {self.claimant}" if self.claimant else "reported"


@dataclass
class NamePeriod:
    """One name of the renaming chain: the node that carries it and when it was in use."""

    name: str
    iri: str
    since: str  # the renaming into it ('?' for the first name)
    until: str | None  # the renaming out of it (None: the last name)


@dataclass
class NameInUse:
    name: str
    iri: str
    certainty: str  # "in force" or "possibly in force"


@dataclass
class Lineage(Table):
    subject: Entry
    at: dt.date | None
    steps: list[LineageStep]
    names: list[NamePeriod]
    in_use: list[NameInUse] = field(default_factory=list)  # with ``at``: the name(s) in use that day
    ended: LineageStep | None = None  # the succession or merger that ended its last name, if dated

    def as_dict(self) -> dict[str, Any]:
        def plain(value: Any) -> Any:
            return value.isoformat() if isinstance(value, dt.date) else value

        steps = []
        for step in self.steps:
            data = {k: plain(v) for k, v in asdict(step).items() if k != "bounds"}
            data["status"] = step.status
            steps.append(data)
        return {
            "subject": {"iri": str(self.subject.iri), "label": self.subject.label, "kind": self.subject.kind}
            | ({"note": self.subject.note} if self.subject.note else {}),
            "at": plain(self.at),
            "steps": steps,
            "names": [asdict(n) for n in self.names],
            "in_use": [asdict(n) for n in self.in_use],
            "ended": None if self.ended is None else self.ended.statement,
        }

    def records(self) -> list[dict[str, Any]]:
        return self.as_dict()["steps"]


def _steps_of(graph: Graph | Reader, iri: str) -> list[LineageStep]:
    steps = []
    for key, (row, sources, _) in collect(select(graph, "lineage", {"actor": iri}), "statement").items():
        words = relation("LineageStatement", local_name(row.type))
        outgoing = str(row.direction) == "out"
        actor_iri, other_iri = (iri, str(row.other)) if outgoing else (str(row.other), iri)
        start = term_date(row.start)
        steps.append(LineageStep(
            actor=actor_iri, actor_iri=actor_iri, relation=words.word, other=other_iri, other_iri=other_iri,
            when=span_text(start, None, start_precision=local_name(row.startPrecision),
                           start_bound=local_name(row.startBound)).rstrip(" –"),
            start=start, claimant=None if row.claimantLabel is None else str(row.claimantLabel),
            sources=sources, statement=key, note=None if row.note is None else str(row.note),
            bounds=Bounds.read(term_date(row.certainFrom), term_date(row.certainUntil), term_date(row.possibleFrom),
                               term_date(row.possibleUntil)),
        ))
    return steps


def _family(graph: Graph | Reader, start: str) -> list[LineageStep]:
    """Every lineage statement reachable from ``start`` through lineage statements."""
    seen_nodes, queue, steps = {start}, [start], {}
    while queue:
        node = queue.pop()
        for step in _steps_of(graph, node):
            steps[step.statement] = step
            for other in (step.actor_iri, step.other_iri):
                if other not in seen_nodes:
                    seen_nodes.add(other)
                    queue.append(other)
    return list(steps.values())


def rename_chain(steps: list[LineageStep], iri: str) -> list[tuple[str, LineageStep | None]]:
    """The renaming chain through ``iri``, oldest name first: (node, the renaming into it)."""
    renamed_to = {s.actor_iri: s for s in steps if s.relation == "renamed to"}
    renamed_from = {s.other_iri: s for s in steps if s.relation == "renamed to"}
    first = iri
    seen = {first}
    while first in renamed_from and renamed_from[first].actor_iri not in seen:
        first = renamed_from[first].actor_iri
        seen.add(first)
    chain: list[tuple[str, LineageStep | None]] = [(first, None)]
    while chain[-1][0] in renamed_to and renamed_to[chain[-1][0]].other_iri not in {n for n, _ in chain}:
        step = renamed_to[chain[-1][0]]
        chain.append((step.other_iri, step))
    return chain


# the changes after which an actor's last name is in use no more: it was succeeded, or merged into another
_ENDING = ("succeeded by", "merged into")


def _ended(steps: list[LineageStep], node: str) -> LineageStep | None:
    """The dated succession or merger that ended the actor ``node`` (the earliest), or None: an
    undated one says nothing of when ("Jabhat Fateh al-Sham succeeded by Hay'at Tahrir al-Sham,
    2017-01": its name is not in use in June 2017)."""
    ends = [s for s in steps if s.actor_iri == node and s.relation in _ENDING and s.start is not None]
    return min(ends, key=lambda s: s.start or dt.date.min) if ends else None


def _in_use(chain: list[tuple[str, LineageStep | None]], at: dt.date,
            last_end: LineageStep | None = None) -> list[tuple[str, str]]:
    """The names of the chain that may be in use on ``at``: (node, certainty); ``last_end``
    the change that ended the last name, if any."""
    result = []
    for position, (node, into) in enumerate(chain):
        came = IN_FORCE if into is None or into.bounds is None else certainty(into.bounds, at)
        after = chain[position + 1][1] if position + 1 < len(chain) else last_end
        left = NOT_IN_FORCE if after is None or after.bounds is None else certainty(after.bounds, at)
        if came == NOT_IN_FORCE or left == IN_FORCE:
            continue
        result.append((node, IN_FORCE if came == IN_FORCE and left == NOT_IN_FORCE else POSSIBLY))
    return result


def lineage(graph: Graph | Reader, name: str, at: dt.date | None = None) -> Lineage:
    """The lineage of the actor called ``name``: every renaming, split, merger and
    succession of its family in date order, its names over time, and with ``at`` the name in
    use on that day (and whether each change had certainly happened by then)."""
    index = name_index(graph)
    entry = index.resolve(name, ACTOR_KINDS)
    steps = _family(graph, str(entry.iri))
    labels = {str(entry.iri): entry.label}
    for step in steps:
        for node in (step.actor_iri, step.other_iri):
            if node not in labels:
                entry_of = index.entry(node)
                labels[node] = entry_of.label if entry_of is not None else node
    for step in steps:
        step.actor, step.other = labels[step.actor_iri], labels[step.other_iri]
        step.certainty = in_force(step.bounds, at) if step.bounds is not None else None
    steps.sort(key=lambda s: (s.start or dt.date.min, s.actor, s.relation, s.other))
    chain = rename_chain(steps, str(entry.iri))
    last_end = _ended(steps, chain[-1][0])
    names = []
    for position, (node, into) in enumerate(chain):
        after = chain[position + 1][1] if position + 1 < len(chain) else last_end
        names.append(NamePeriod(labels.get(node, node), node, "?" if into is None else into.when,
                                None if after is None else after.when))
    in_use = [] if at is None else [NameInUse(labels.get(n, n), n, c) for n, c in _in_use(chain, at, last_end)]
    return Lineage(entry, at, steps, names, in_use, last_end)
