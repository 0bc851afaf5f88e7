"""UCDP's Georeferenced Event Dataset (GED, e.g. GEDEvent_v23_1.csv), as kg events.

Each row of the chosen country (default Syria) becomes one event: typed from
``type_of_violence`` (state-based, non-state, one-sided), between ``date_start`` and
``date_end`` (one day when they are equal, else somewhere in between: ``kg:NotBefore`` /
``kg:NotAfter``), with ``side_a`` as ``kg:agent`` and ``side_b`` as ``kg:opponent`` (found by
their UCDP actor IDs, ``side_a_new_id``/``side_b_new_id``, first: the IDs the bundled UCDP
actor dataset gives the graph), placed at ``where_coordinates`` within ``adm_1`` when
``where_prec`` is 1 or 2 (else at the region or the country), with ``best``, ``low`` and
``high`` as its fatalities, and citing the GED version's source record.
docs/importing.md, "UCDP GED", has the column table and what is not read.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from pathlib import Path

from rdflib import URIRef

from ..errors import InputError
from ..namespaces import ID, KG
from .common import slug
from .eventrows import Cells, DatasetSource, EventRow, Side
from .events import run, write

__all__ = ["COLUMNS", "PUBLISHED", "import_ged", "read_ged", "version_of"]

# the CSV's columns, in the order UCDP publishes them (UCDP GED Codebook)
PUBLISHED = ["id", "relid", "year", "active_year", "code_status", "type_of_violence", "conflict_dset_id",
             "conflict_new_id", "conflict_name", "dyad_dset_id", "dyad_new_id", "dyad_name", "side_a_dset_id",
             "side_a_new_id", "side_a", "side_b_dset_id", "side_b_new_id", "side_b", "number_of_sources",
             "source_article", "source_office", "source_date", "source_headline", "source_original", "where_prec",
             "where_coordinates", "where_description", "adm_1", "adm_2", "latitude", "longitude", "geom_wkt",
             "priogrid_gid", "country", "country_id", "region", "event_clarity", "date_prec", "date_start",
             "date_end", "deaths_a", "deaths_b", "deaths_civilians", "deaths_unknown", "best", "high", "low",
             "gwnoa", "gwnob"]
COLUMNS = ["id", "year", "type_of_violence", "side_a_new_id", "side_a", "side_b_new_id", "side_b", "where_prec",
           "where_coordinates", "adm_1", "latitude", "longitude", "country", "date_prec", "date_start", "date_end",
           "best", "high", "low"]
URL = "https://ucdp.uu.se/downloads/"
VIOLENCE: dict[int, tuple[URIRef, str]] = {
    1: (KG.StateBasedViolence, "State-based conflict"),
    2: (KG.NonStateViolence, "Non-state conflict"),
    3: (KG.OneSidedViolence, "One-sided violence"),
}
_WHERE_WORDS = re.compile(r"\s+(town|city|village|camp|area|district|governorate|province)$", re.IGNORECASE)
_DATE = re.compile(r"(\d{4}-\d{2}-\d{2})(?:[ T]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?")


def version_of(name: str) -> str | None:
    """The GED version a file name gives: 'GEDEvent_v23_1.csv' -> '23.1', 'ged231.csv' -> '23.1'."""
    match = re.search(r"v(\d{2})_(\d+)", name) or re.search(r"ged(\d{2})(\d)\b", name, re.IGNORECASE)
    return f"{match.group(1)}.{match.group(2)}" if match else None


def _day(cells: Cells, column: str) -> dt.date | None:
    text = cells.text(column)
    match = _DATE.fullmatch(text)
    try:
        if match:
            return dt.date.fromisoformat(match.group(1))
    except ValueError:
        pass
    cells.problem(column, f"bad date {text!r} (expected YYYY-MM-DD, with or without a time such as 00:00:00.000)")
    return None


def _kind(name: str) -> URIRef | None:
    if name.lower() == "civilians":
        return None  # one-sided violence's side_b: not an actor
    return KG.StateForces if name.startswith("Government of ") else KG.ArmedGroup


def _sides(cells: Cells, letter: str, role: URIRef) -> list[Side]:
    name, ids = cells.text(f"side_{letter}"), [i.strip() for i in cells.text(f"side_{letter}_new_id").split(",")]
    ids = [i for i in ids if i]
    if not name:
        return []
    names = [n.strip() for n in name.split(",")] if len(ids) > 1 else [name]
    if len(names) != len(ids):
        return [Side(role, name, None, _kind(name))]  # no one ID for the name: found by its name only
    return [Side(role, n, i, _kind(n)) for n, i in zip(names, ids, strict=True)]


def read_row(cells: Cells, version: str) -> EventRow | None:
    ident = cells.text("id")
    if not re.fullmatch(r"\d+", ident):
        cells.problem("id", f"{ident!r} is not a GED event ID (a whole number)")
    violence = cells.integer("type_of_violence", allowed={1, 2, 3})
    where = cells.integer("where_prec", allowed=set(range(1, 8)))
    cells.integer("date_prec", allowed=set(range(1, 6)))
    start, end = _day(cells, "date_start"), _day(cells, "date_end")
    if start is not None and end is not None and end < start:
        cells.problem("date_end", f"{end.isoformat()} is before date_start {start.isoformat()}")
        end = None
    year = cells.integer("year")
    if year is not None and start is not None and year != start.year:
        cells.problem("year", f"{year}, but date_start {start.isoformat()} is in {start.year}")
        year = None
    best, low, high = cells.integer("best"), cells.integer("low"), cells.integer("high")
    if None not in (best, low, high) and not low <= best <= high:  # type: ignore[operator]
        cells.problem("best", f"low {low}, best {best}, high {high}: expected low <= best <= high")
        best = None
    latitude, longitude = cells.coordinate("latitude", 90), cells.coordinate("longitude", 180)
    country = cells.text("country")
    if not country:
        cells.problem("country", "empty")
    for letter in "ab":
        for value in cells.text(f"side_{letter}_new_id").split(","):
            if value.strip() and not re.fullmatch(r"\d+", value.strip()):
                cells.problem(f"side_{letter}_new_id", f"{value.strip()!r} is not a UCDP actor ID (a whole number)")
                ident = ""
    if not re.fullmatch(r"\d+", ident) or None in (violence, where, start, end, year, best, low, high, latitude,
                                                     longitude) or not country:
        return None
    assert violence is not None and where is not None and start is not None and end is not None
    assert latitude is not None and longitude is not None
    cls, words = VIOLENCE[violence]
    spot = _WHERE_WORDS.sub("", cells.text("where_coordinates")).strip()
    admin1 = cells.text("adm_1")
    notes = []
    if where == 2:
        notes.append(f"UCDP GED where_prec 2: within about 25 km of {spot}.")
    elif where >= 3:
        notes.append(f"UCDP GED where_prec {where}: the source places it no finer than "
                     f"{cells.text('where_coordinates') or 'the country'}.")
    side_a, side_b = cells.text("side_a"), cells.text("side_b")
    when = start.isoformat() if start == end else f"{start.isoformat()} – {end.isoformat()}"
    return EventRow(
        number=cells.number, key=f"event-ucdp-ged-{slug(version, 10)}-{ident}", ident=ident, cls=cls,
        label=f"{words}: {side_a} – {side_b}, {spot if where in (1, 2) and spot else admin1 or country}, {when}",
        event_type=words, start=start, end=end, precision=KG.Day, bounded=start != end,
        sides=_sides(cells, "a", KG.agent) + _sides(cells, "b", KG.opponent), country=country,
        admin1=admin1 if where <= 5 else "", location=spot if where in (1, 2) and spot else None,
        latitude=latitude, longitude=longitude, fatalities=best, low=low, high=high, notes=notes,
        at_country=where == 6,
    )


def read_ged(path: Path, graph, *, country: str | None = "Syria", version: str | None = None):
    """(triples to add, EventReport, {node: row}) from a GED CSV; ImportRejected lists every bad row.
    ``version`` ('23.1') is read from the file name when not given."""
    from ..stdio import STDIN_NAME, is_spooled

    shown = STDIN_NAME if is_spooled(path) else path.name
    version = version or version_of(path.name)
    if not version or not re.fullmatch(r"\d+\.\d+", version):
        raise InputError(f"{shown}: which GED version is it? The file name does not say (as GEDEvent_v23_1.csv "
                         "does): give it with --ged-version, e.g. --ged-version 23.1" if not version else
                         f"{shown}: bad GED version {version!r} (expected e.g. 23.1)")
    source = DatasetSource(ID[f"src-ucdp-ged-{version.replace('.', '-')}"],
                           f"UCDP Georeferenced Event Dataset (GED) Global version {version}",
                           "Uppsala Conflict Data Program (UCDP)", URL, f"UCDP GED {version}")
    return run(path, graph, what="a UCDP GED file", columns=COLUMNS, dataset=f"UCDP GED {version}",
               read=lambda cells: read_row(cells, version), source=lambda rows, display: source, country=country)


def import_ged(location: str | None, path: Path, *, country: str | None = "Syria", version: str | None = None,
               dry_run: bool = False, progress: Callable[[str], None] | None = None):
    return write(location, path, "ucdp-ged", lambda graph: read_ged(path, graph, country=country, version=version),
                 country=country, dry_run=dry_run, progress=progress)
