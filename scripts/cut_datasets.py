"""Cut the Syrian subsets of the real datasets that kg bundles (kg/data/datasets/) from the
full files in ../shared/data (or $KG_SHARED_DATA). Run it from the repository root after a
dataset or an importer's Syria filter changes:

    .venv/bin/python scripts/cut_datasets.py

Rows are selected, never edited: each kept record is copied byte for byte (header, BOM,
line ends and all), so the importers read the subset exactly as they read the full file.

- UCDP Actor Dataset: the header, every row whose Location names Syria (what ``kg import
  --ucdp`` takes with its default ``--country Syria``), and the rows those rows name by id
  (ActorIdPrev, ActorIdSplitTemp, ActorIdAlliance, ActorIdGroup), so that a name or id
  looked up across the file is found.
- UN consolidated list: the XML prolog and root element, no INDIVIDUAL (the importer reads
  entities only), and every ENTITY that ``kg import --un`` takes on the bundled seeds plus
  the UCDP subset (matched, created, skipped with a reason or in conflict), plus every
  entity with an address in Syria.
- Wikidata extract: already a Syria subset (24 rows); copied as it is.

The product never reads ../shared: the bundled copies and their .source.txt are what ship.
"""

from __future__ import annotations

import csv
import io
import os
import re
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("KG_SHARED_DATA") or REPO.parent / "shared" / "data")
OUT = REPO / "kg" / "data" / "datasets"

UCDP_FULL, UN_FULL = "ucdp_actor_v22_1.csv", "un_sc_consolidated_list_2018-10-29.xml"
WIKIDATA = "wikidata_terrorism_candidates_syria_subset.csv"
REFERENCE_COLUMNS = ("ActorIdPrev", "ActorIdSplitTemp", "ActorIdAlliance", "ActorIdGroup")


def _values(cell: str | None) -> list[str]:
    return [v.strip() for v in (cell or "").split(", ") if v.strip() and v.strip().lower() != "n/a"]


def csv_records(text: str) -> list[tuple[list[str], str]]:
    """Each CSV record of ``text`` with its raw text (a quoted cell may span lines)."""
    lines = io.StringIO(text, newline="")  # lines end only at \n, \r or \r\n, kept as they are
    raw: list[str] = []

    def feed():
        for line in lines:
            raw.append(line)
            yield line

    records = []
    for row in csv.reader(feed()):
        records.append((row, "".join(raw)))
        raw.clear()
    return records


def cut_ucdp(text: str, country: str = "Syria") -> str:
    records = csv_records(text)
    header = [c.lstrip("\ufeff") for c in records[0][0]]
    rows = [(dict(zip(header, row)), raw) for row, raw in records[1:]]
    located = [r for r, _ in rows if country in _values(r["Location"])]
    wanted = {r["ActorId"] for r in located}
    wanted |= {v for r in located for column in REFERENCE_COLUMNS for v in _values(r[column])}
    return records[0][1] + "".join(raw for r, raw in rows if r["ActorId"] in wanted)


def un_refs_taken(full: Path, ucdp_subset: Path, country: str = "Syria") -> set[str]:
    """The reference numbers of the entities ``kg import --un`` takes after the seeds and the
    UCDP subset (the build's order), by running the importers in memory."""
    sys.path.insert(0, str(REPO))
    from kg.build import assemble
    from kg.importers.ucdp import read_ucdp
    from kg.importers.unsc import read_un
    from kg.update import combine

    graph = assemble().graph
    graph = combine(graph, read_ucdp(ucdp_subset, graph, country=country)[0], label=ucdp_subset.name).graph
    report = read_un(full, graph, country=country)[1]
    lines = report.matched + report.created + [r for r, _ in report.skipped] + [r for r, _, _ in report.conflicts]
    return {line.split(" ")[1] for line in lines}


def cut_un(text: str, refs: set[str], country: str = "Syria") -> str:
    head = text[: text.index("<INDIVIDUALS>")]
    start = text.index("<ENTITIES>")
    tail = text[text.index("</ENTITIES>"):]
    kept = []
    for match in re.finditer(r"<ENTITY>.*?</ENTITY>", text[start:], flags=re.DOTALL):
        entity = match.group(0)
        ref = re.search(r"<REFERENCE_NUMBER>\s*(.*?)\s*</REFERENCE_NUMBER>", entity)
        countries = re.findall(r"<COUNTRY>(.*?)</COUNTRY>", entity, flags=re.DOTALL)
        if (ref and ref.group(1) in refs) or any(country.lower() in c.lower() for c in countries):
            kept.append("        " + entity + "\n")
    return head + "<INDIVIDUALS>\n    </INDIVIDUALS>\n    <ENTITIES>\n" + "".join(kept) + "    " + tail


def main() -> None:
    if not (SHARED / UCDP_FULL).is_file():
        sys.exit(f"the full datasets are not in {SHARED} (set KG_SHARED_DATA)")
    OUT.mkdir(parents=True, exist_ok=True)
    ucdp = OUT / "ucdp_actor_v22_1_syria.csv"
    ucdp.write_bytes(cut_ucdp((SHARED / UCDP_FULL).read_bytes().decode("utf-8")).encode("utf-8"))
    refs = un_refs_taken(SHARED / UN_FULL, ucdp)
    un = OUT / "un_sc_consolidated_list_2018-10-29_syria.xml"
    un.write_bytes(cut_un((SHARED / UN_FULL).read_bytes().decode("utf-8"), refs).encode("utf-8"))
    (OUT / WIKIDATA).write_bytes((SHARED / WIKIDATA).read_bytes())
    for path in (ucdp, un, OUT / WIKIDATA):
        print(f"{path.relative_to(REPO)}: {path.stat().st_size} bytes")


if __name__ == "__main__":
    main()
