"""The relations the UCDP Actor Dataset holds, as undated sourced statements.

For each actor the UCDP importer took (kg.importers.ucdp), its structured columns become
statements citing the UCDP source, each with a ``kg:note`` naming its dataset row by the row's
key, the actor ID (one row an actor; a file's row number would differ between the published file
and the Syrian subset kg bundles, and a re-import of the one onto the other would add notes):

- ``Splinter``/``NamePrev``/``ActorIdPrev``: "split from" each previous actor;
- ``NameChange``/``NameOrig``/``NewName``: "renamed to", from each name to the next, where the
  graph keeps the two names apart as two actors (as the seeds do for al-Nusra Front and
  Jabhat Fateh al-Sham); where it keeps one actor, the names stay its aliases;
- ``Alliance``/``NameAlliance``/``ActorIdAlliance``: "member of" each alliance (typed
  ``kg:Alliance``, cited to UCDP);
- ``JoinGroup``/``GroupName``/``ActorIdGroup``: "merged into" the group it joined; a row that
  names several groups (UCDP lists the groups an alliance was formed from this way) says
  nothing of direction, and is reported and left out;
- ``NSCoalitionID``: "member of" the coalition, a ``kg:Alliance`` that carries the ID
  (``kg:ucdpCoalitionId``), named "UCDP coalition N" and nothing else: UCDP gives it no name.
  An alliance an analyst gave that ID (with its source) is the coalition.

An actor these name that the import did not take (outside the country, say) is matched as the
importer matches actors (by ``kg:ucdpActorId``, then by its name) or created, never dropped.
UCDP dates none of these: each is undated (``kg:coverageFrom``/``kg:coverageUntil``, the
dataset's coverage), so never certainly in force on a day, and possibly only within the
coverage and the days its actors exist (docs/importing.md, "UCDP links without dates").
"""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass

from rdflib import Literal, URIRef
from rdflib.namespace import PROV, RDF, SKOS, XSD

from ..names import ACTOR_KINDS, normalise
from ..namespaces import ID, KG
from .common import add_provenance, digest
from .datasets import Matcher

__all__ = ["COVERAGE", "Relations", "Row"]

# UCDP's data start in 1946; version 22.1 runs to the end of 2021 ([from, until)).
COVERAGE = (dt.date(1946, 1, 1), dt.date(2022, 1, 1))


def values(cell: str | None) -> list[str]:
    return [v.strip() for v in (cell or "").split(", ") if v.strip() and v.strip().lower() != "n/a"]


@dataclass
class Row:
    """One actor the importer took: its entity, its CSV row (the header is row 1) and cells."""

    entity: URIRef
    number: int
    cells: dict[str, str]

    @property
    def ident(self) -> str:
        return self.cells["ActorId"].strip()


class Relations:
    """Builds the statements of the rows taken, into ``matcher.out``."""

    def __init__(self, matcher: Matcher, source: URIRef, everything: dict[str, dict[str, str]]):
        self.matcher, self.source, self.everything = matcher, source, everything
        self.graph, self.out, self.report = matcher.graph, matcher.out, matcher.report
        self.coalitions: dict[str, URIRef] = {}
        self.lines: list[str] = []  # one line per relation recorded

    # --- the other side of a relation ---------------------------------------------------------

    def related(self, row: Row, ident: str, name: str) -> URIRef | None:
        """The actor UCDP ``ident`` (called ``name`` in ``row``): matched or created."""
        if ident in self.matcher.by_id:
            return self.matcher.by_id[ident]
        other = self.everything.get(ident)
        label = (other["NameData"].strip() if other else "") or name
        record = f"UCDP {ident} {label}"
        entity, reason = self.matcher.match(ident, label)
        if reason:
            self.report.skipped.append((record, f"named by UCDP {row.ident} (row {row.number}): {reason}"))
            return None
        if entity is None:
            entity = self.matcher.create(record, label, KG.ArmedGroup, ident)
            if entity is None:
                return None
            self.report.created.append(f"{record} (named by UCDP {row.ident})")
        names = [label, name] + (values(other["NameOrig"]) + [other["NameOrigFullEng"].strip()] if other else [])
        self.matcher.enrich(record, entity, self.source, ident, [n for n in names if n and n.lower() != "n/a"])
        return entity

    def coalition(self, ident: str) -> URIRef:
        """The alliance that carries UCDP coalition ``ident``: the importer's own, else one an
        analyst gave the ID, else a new one named "UCDP coalition N"."""
        if ident in self.coalitions:
            return self.coalitions[ident]
        own = ID[f"ucdp-coalition-{ident}"]
        holders = sorted(s for s in self.graph.subjects(KG.ucdpCoalitionId, Literal(ident)) if isinstance(s, URIRef))
        if own in holders or not holders:
            entity = own
        else:
            entity = holders[0]
        if (entity, KG.ucdpCoalitionId, Literal(ident)) not in self.graph:
            self.out.add((entity, RDF.type, KG.Alliance))
            self.out.add((entity, SKOS.prefLabel, Literal(f"UCDP coalition {ident}", lang="en")))
            self.out.add((entity, KG.ucdpCoalitionId, Literal(ident)))
            self.out.add((entity, PROV.wasDerivedFrom, self.source))
            add_provenance(self.out, entity, self.source, [KG.ucdpCoalitionId])
        self.coalitions[ident] = entity
        return entity

    def make_alliance(self, entity: URIRef) -> None:
        """UCDP names ``entity`` as an alliance: type it so, cited to UCDP."""
        if (entity, RDF.type, KG.Alliance) in self.graph:
            return
        self.out.add((entity, RDF.type, KG.Alliance))
        add_provenance(self.out, entity, self.source, [RDF.type])

    # --- statements -----------------------------------------------------------------------------

    def state(self, row: Row, kind: URIRef, qualifier: tuple[URIRef, URIRef], obj: URIRef, words: str) -> None:
        if obj == row.entity:
            return
        st = ID[f"st-ucdp-{row.ident}-{digest(row.entity, kind, qualifier[1], obj)}"]
        out = self.out
        out.add((st, RDF.type, kind))
        out.add((st, KG.actor, row.entity))
        out.add((st, KG.object, obj))
        out.add((st, qualifier[0], qualifier[1]))
        out.add((st, KG.coverageFrom, Literal(COVERAGE[0].isoformat(), datatype=XSD.date)))
        out.add((st, KG.coverageUntil, Literal(COVERAGE[1].isoformat(), datatype=XSD.date)))
        out.add((st, PROV.wasDerivedFrom, self.source))
        out.add((st, KG.note, Literal(f"UCDP Actor Dataset 22.1, the row of actor {row.ident}: {words}. "
                                      "UCDP gives no date: undated.", lang="en")))
        self.lines.append(f"UCDP {row.ident} (row {row.number}): {words}")

    def add(self, row: Row) -> None:
        """The statements of one row."""
        cells = row.cells
        if cells.get("Splinter") == "1":
            for ident, name in zip(values(cells["ActorIdPrev"]), values(cells["NamePrev"]), strict=False):
                other = self.related(row, ident, name)
                if other is not None:
                    self.state(row, KG.LineageStatement, (KG.lineageType, KG.SplitFrom), other,
                               f"Splinter of {name} (ActorIdPrev {ident})")
        if cells.get("Alliance") == "1":
            for ident, name in zip(values(cells["ActorIdAlliance"]), values(cells["NameAlliance"]), strict=False):
                other = self.related(row, ident, name)
                if other is not None:
                    self.make_alliance(other)
                    self.state(row, KG.MembershipStatement, (KG.role, KG.Member), other,
                               f"Alliance {name} (ActorIdAlliance {ident})")
        if cells.get("JoinGroup") == "1":
            groups = list(zip(values(cells["ActorIdGroup"]), values(cells["GroupName"]), strict=False))
            if len(groups) == 1:
                ident, name = groups[0]
                other = self.related(row, ident, name)
                if other is not None:
                    self.state(row, KG.LineageStatement, (KG.lineageType, KG.MergedInto), other,
                               f"JoinGroup {name} (ActorIdGroup {ident})")
            elif groups:
                self.report.skipped.append((f"UCDP {row.ident} {cells['NameData'].strip()}", (
                    f"row {row.number}: JoinGroup names {len(groups)} groups ({cells['GroupName'].strip()}): "
                    "not recorded as 'merged into' (a group joins one other; UCDP does not say which way)")))
        if cells.get("NSCoalition") == "1" or values(cells.get("NSCoalitionID")):
            for ident in values(cells.get("NSCoalitionID")):
                self.state(row, KG.MembershipStatement, (KG.role, KG.Member), self.coalition(ident),
                           f"NSCoalitionID {ident}")
        if cells.get("NameChange") == "1":
            self.renamings(row)

    def renamings(self, row: Row) -> None:
        """'renamed to' from each of the row's names to the next, where two actors hold them."""
        cells = row.cells
        chain = [n for n in dict.fromkeys(values(cells["NameOrig"])[:1] + values(cells["NewName"])) if n]
        for old, new in itertools.pairwise(chain):
            if normalise(old) == normalise(new):
                continue
            a, b = self.holder(old), self.holder(new)
            if a is None or b is None or a == b or row.entity not in (a, b):
                continue
            self.state(Row(a, row.number, cells), KG.LineageStatement, (KG.lineageType, KG.RenamedTo), b,
                       f"NameChange: {old} -> {new}")

    def holder(self, name: str) -> URIRef | None:
        """The one actor that has ``name`` (in the graph or given by this import), or None."""
        found = {e.iri for e in self.matcher.index.exact(name, ACTOR_KINDS)}
        key = normalise(name)
        if key in self.matcher.added:
            found.add(self.matcher.added[key])
        return found.pop() if len(found) == 1 else None
