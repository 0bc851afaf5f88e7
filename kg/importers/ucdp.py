"""UCDP Actor Dataset (CSV, UTF-8 with BOM; multi-valued cells joined by ", ").

Each non-state organisation (``Org`` = 1) whose ``Location`` names the chosen country
(default Syria) is matched to an actor in the graph (by ``kg:ucdpActorId``, then by its name
as an actor's preferred label) or created as a ``kg:ArmedGroup``; a name that already names
another actor is left out and reported as a conflict. Its names (original, full, English, later
names) become aliases and its ID ``kg:ucdpActorId``, all cited to the UCDP source. Its
splinter, renaming, alliance, group-join and coalition columns become undated sourced
statements, each naming its dataset row (kg.importers.ucdp_relations).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from pathlib import Path

from ..errors import InputError
from ..namespaces import ID, KG
from .common import Report, header_of, new_graph, read_text
from .datasets import Matcher, require_source
from .ucdp_relations import Relations, Row, values

__all__ = ["COLUMNS", "SOURCE", "import_ucdp", "read_ucdp"]

SOURCE = ID["src-ucdp-actor-22-1"]
COLUMNS = ["ActorId", "NameData", "NameOrig", "NameOrigFull", "NameOrigFullEng", "NameChange", "NewName",
           "NewNameFullMotherTongue", "NewNameFullEng", "Org", "Splinter", "NamePrev", "ActorIdPrev",
           "Alliance", "NameAlliance", "ActorIdAlliance", "JoinGroup", "GroupName", "ActorIdGroup", "Location"]


def _values(cell: str) -> list[str]:
    return values(cell)


def read_ucdp(path: Path, graph, *, country: str | None = "Syria"):
    """The triples to add from the UCDP file, and a Report. ``country=None`` takes every actor."""
    require_source(graph, SOURCE)
    text = read_text(path, "the UCDP actor file")
    reader = csv.DictReader(io.StringIO(text))
    header = header_of(reader, path)
    missing = [c for c in COLUMNS if c not in header]
    if missing:
        raise InputError(f"{path.name}: missing column(s) {', '.join(missing)}: is this the UCDP Actor Dataset?")
    out, report = new_graph(), Report()
    matcher = Matcher(graph, out, KG.ucdpActorId, report)
    rows = list(enumerate(reader, start=2))
    everything = {row["ActorId"].strip(): row for _, row in rows}
    taken: list[Row] = []
    for number, row in rows:
        ident, name = row["ActorId"].strip(), row["NameData"].strip()
        record = f"UCDP {ident} {name}"
        if country and country not in _values(row["Location"]):
            continue
        if row["Org"] != "1":
            report.skipped.append((record, "not a non-state organisation (UCDP Org != 1)"))
            continue
        names = [name] + _values(row["NameOrig"]) + [row["NameOrigFull"].strip(), row["NameOrigFullEng"].strip()]
        names += _values(row["NewName"]) + _values(row["NewNameFullMotherTongue"]) + _values(row["NewNameFullEng"])
        names = [n for n in dict.fromkeys(names) if n and n.lower() != "n/a"]
        entity, reason = matcher.match(ident, name)
        if reason:
            report.skipped.append((record, reason))
            continue
        if entity is None:
            entity = matcher.create(record, name, KG.ArmedGroup, ident)
            if entity is None:
                continue
            report.created.append(record)
        else:
            report.matched.append(f"{record} -> {entity.n3()}")
        matcher.enrich(record, entity, SOURCE, ident, names)
        taken.append(Row(entity, number, row))
    relations = Relations(matcher, SOURCE, everything)
    for taken_row in taken:
        relations.add(taken_row)
    report.relations = relations.lines
    return out, report


def import_ucdp(location: str | None, path: Path, *, country: str | None = "Syria", dry_run: bool = False,
                progress: Callable[[str], None] | None = None):
    from ..store import open_graph
    from ..update import apply

    additions, report = read_ucdp(path, open_graph(location), country=country)
    if progress is not None:
        progress("re-deriving the edges, validating and writing")
    change = apply(location, additions, record={"kind": "ucdp", "file": path.name, "country": country,
                                                **report.counts(), "relations": len(report.relations)},
                   dry_run=dry_run)
    return report, change
