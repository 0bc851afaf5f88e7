"""The Wikidata extract (CSV: qid, primary_name, aliases_json, ...): links actors already in
the graph to their Wikidata item with ``owl:sameAs wd:Q…``, cited in a provenance record.

A row links only on an identifier (an actor already linked to that QID) or on its English
label, which must be exactly (after normalisation) a name of one actor. Wikidata's aliases
are never used to link: they are loose ("Ajnad al-sham" is an alias of Q105342043, Kateeba
al-Kawthar, not of UCDP's Ajnad al-Sham). It creates no actors (the extract is a list of
candidates, not a curated source of groups) and skips, with the reason, a row whose label
names no actor or several, or whose actor is already linked to another item."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from pathlib import Path

from rdflib import URIRef
from rdflib.namespace import OWL, PROV

from ..errors import InputError
from ..names import ACTOR_KINDS
from ..namespaces import ID
from .common import Report, add_provenance, header_of, new_graph, read_text
from .datasets import require_source

__all__ = ["SOURCE", "import_wikidata", "read_wikidata"]

SOURCE = ID["src-wikidata-2026-08-12"]
WD = "http://www.wikidata.org/entity/"


def read_wikidata(path: Path, graph):
    from ..names import NameIndex

    require_source(graph, SOURCE)
    reader = csv.DictReader(io.StringIO(read_text(path, "the Wikidata extract")))
    header = header_of(reader, path)
    missing = [c for c in ("qid", "primary_name", "aliases_json") if c not in header]
    if missing:
        raise InputError(f"{path.name}: missing column(s) {', '.join(missing)}")
    index = NameIndex.from_graph(graph)
    out, report = new_graph(), Report()
    links: dict[URIRef, list[tuple[str, URIRef]]] = {}
    for number, row in enumerate(reader, start=2):
        qid, name = row["qid"].strip(), row["primary_name"].strip()
        record = f"{qid} {name}"
        if not qid.startswith("Q") or not qid[1:].isdigit():
            report.skipped.append((record, f"row {number}: {qid!r} is not a QID"))
            continue
        item = URIRef(WD + qid)
        found = set(graph.subjects(OWL.sameAs, item))  # the identifier, already linked
        how = "its QID"
        if not found:  # else: its English label, exactly (normalised), never an alias
            found = {e.iri for e in index.exact(name, ACTOR_KINDS)}
            how = "its label"
        if not found:
            report.skipped.append((record, "no actor has its QID or its label (aliases are not used to link)"))
            continue
        if len(found) > 1:
            report.skipped.append((record, f"{how} matches several actors: " + ", ".join(sorted(e.n3() for e in found))))
            continue
        entity = found.pop()
        linked = [str(o) for o in graph.objects(entity, OWL.sameAs) if str(o).startswith(WD)]
        if linked and str(item) not in linked:
            report.skipped.append((record, f"{entity.n3()} is already linked to {', '.join(linked)}"))
            continue
        links.setdefault(entity, []).append((record, item))
    for entity, items in links.items():  # type: ignore[assignment]
        if len(items) > 1:
            for record, _ in items:
                report.skipped.append((record, f"several items match {entity.n3()}: "
                                               + ", ".join(r for r, _ in items)))
            continue
        record, item = items[0]
        report.matched.append(f"{record} -> {entity.n3()}")
        if (entity, OWL.sameAs, item) in graph:
            continue  # linked already, with its provenance
        out.add((entity, OWL.sameAs, item))
        out.add((entity, PROV.wasDerivedFrom, SOURCE))
        add_provenance(out, entity, SOURCE, [OWL.sameAs])
    return out, report


def import_wikidata(location: str | None, path: Path, *, dry_run: bool = False,
                    progress: Callable[[str], None] | None = None):
    from ..store import open_graph
    from ..update import apply

    additions, report = read_wikidata(path, open_graph(location))
    if progress is not None:
        progress("re-deriving the edges, validating and writing")
    change = apply(location, additions, record={"kind": "wikidata", "file": path.name, **report.counts()},
                   dry_run=dry_run)
    return report, change
