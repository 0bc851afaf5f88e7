"""ACLED's CSV export (the Data Export Tool's or the API's columns), as kg events.

Each row of the chosen country (default Syria) becomes one event: typed from ``event_type``
(and ``sub_event_type``: a territory taken is a ``kg:Capture``, an air or drone strike
``kg:AirStrikes``), dated from ``event_date`` with ``time_precision`` (1: that day; 2: a
week, ACLED's date its middle; 3: that month), with ``actor1`` and its associated actors as
``kg:agent``, ``actor2`` and its associated actors as ``kg:opponent``, placed at ``location``
within ``admin1`` (``geo_precision`` 3: at the region only), with ``fatalities``, and citing
one source record for the export (kg.importers.events does the names and the writing).
docs/importing.md, "ACLED", has the column table and what is not read.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from pathlib import Path

from rdflib import URIRef

from ..namespaces import ID, KG
from .common import slug
from .eventrows import Cells, DatasetSource, EventRow, Side
from .events import run, write

__all__ = ["COLUMNS", "PUBLISHED", "import_acled", "read_acled"]

# the export's columns, in the order ACLED publishes them (ACLED Codebook, "ACLED Data Columns at a Glance")
PUBLISHED = ["event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
             "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2",
             "interaction", "civilian_targeting", "iso", "region", "country", "admin1", "admin2", "admin3",
             "location", "latitude", "longitude", "geo_precision", "source", "source_scale", "notes",
             "fatalities", "tags", "timestamp"]
# the columns the import reads (older exports lack disorder_type, civilian_targeting and tags)
COLUMNS = ["event_id_cnty", "event_date", "year", "time_precision", "event_type", "sub_event_type", "actor1",
           "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "country", "admin1", "location",
           "latitude", "longitude", "geo_precision", "fatalities", "timestamp"]
URL = "https://acleddata.com/data-export-tool/"
EVENT_TYPES: dict[str, URIRef] = {
    "battles": KG.Battle, "explosions/remote violence": KG.RemoteViolence,
    "violence against civilians": KG.ViolenceAgainstCivilians, "protests": KG.Protest, "riots": KG.Riot,
    "strategic developments": KG.StrategicDevelopment,
}
SUB_EVENT_TYPES: dict[str, URIRef] = {
    "non-state actor overtakes territory": KG.Capture, "government regains territory": KG.Capture,
    "air/drone strike": KG.AirStrikes,
}
# inter1/inter2: ACLED's actor types, as the numeric codes of older exports or the words of newer
# ones -> what an unknown actor of that type is created as (None: not an armed actor, never created)
_INTER: dict[str, URIRef | None] = {
    "1": KG.StateForces, "state forces": KG.StateForces, "2": KG.ArmedGroup, "rebel group": KG.ArmedGroup,
    "3": KG.ArmedGroup, "political militia": KG.ArmedGroup, "4": KG.ArmedGroup, "identity militia": KG.ArmedGroup,
    "5": None, "rioters": None, "6": None, "protesters": None, "7": None, "civilians": None,
    "8": None, "external/other forces": None,
}
_STATE = re.compile(r"^(Military|Police) Forces of ")
_MONTHS = {m: i for i, m in enumerate(["january", "february", "march", "april", "may", "june", "july", "august",
                                       "september", "october", "november", "december"], start=1)}


def parse_date(text: str) -> dt.date:
    """ACLED's event_date: '2015-03-28' (the API, newer exports) or '28 March 2015' (older exports)."""
    text = text.strip()
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            return dt.date.fromisoformat(text)
        match = re.fullmatch(r"(\d{1,2})[ -]([A-Za-z]+)[ -](\d{4})", text)
        if match and match.group(2).lower() in _MONTHS:
            return dt.date(int(match.group(3)), _MONTHS[match.group(2).lower()], int(match.group(1)))
    except ValueError:
        pass
    raise ValueError(f"bad date {text!r} (expected YYYY-MM-DD, or D Month YYYY as in 28 March 2015)")


def _kind(cells: Cells, column: str, name: str) -> tuple[bool, URIRef | None]:
    """(the cell is valid, the class to create an unknown actor of this type as)."""
    text = cells.text(column).lower()
    if not text and not name:
        return True, None
    if text not in _INTER:
        cells.problem(column, f"{cells.text(column)!r} is not an ACLED actor type (1-8, or a word such as "
                              "'State forces', 'Rebel group', 'Political militia', 'Civilians')")
        return False, None
    kind = _INTER[text]
    if text in ("8", "external/other forces") and _STATE.match(name):
        kind = KG.StateForces  # a foreign state's forces ("Military Forces of Russia (2000-)")
    if name.startswith("Unidentified"):
        kind = None  # "Unidentified Armed Group (Syria)" names no one group: never one actor
    return True, kind


def _sides(cells: Cells, number: str, role: URIRef) -> list[Side] | None:
    name = cells.text(f"actor{number}")
    ok, kind = _kind(cells, f"inter{number}", name)
    if not ok:
        return None
    sides = [Side(role, name, None, kind)] if name else []
    for other in (cells.text(f"assoc_actor_{number}") or "").split(";"):
        if other.strip():
            sides.append(Side(role, " ".join(other.split()), None, None))  # linked when known, never created
    return sides


def read_row(cells: Cells) -> EventRow | None:
    """One export row, checked; None (with the problems recorded) when a cell is bad."""
    ident = cells.text("event_id_cnty")
    bad = False
    if not ident:
        cells.problem("event_id_cnty", "empty (every ACLED row has its event ID, e.g. SYR1234)")
        bad = True
    try:
        day = parse_date(cells.text("event_date"))
    except ValueError as error:
        cells.problem("event_date", str(error))
        day, bad = dt.date(1, 1, 1), True
    year = cells.integer("year")
    if year is not None and not bad and year != day.year:
        cells.problem("year", f"{year}, but event_date {day.isoformat()} is in {day.year}")
        bad = True
    precision = cells.integer("time_precision", allowed={1, 2, 3})
    geo = cells.integer("geo_precision", allowed={1, 2, 3})
    fatalities = cells.integer("fatalities")
    stamp = cells.integer("timestamp")
    latitude, longitude = cells.coordinate("latitude", 90), cells.coordinate("longitude", 180)
    kind = EVENT_TYPES.get(cells.text("event_type").lower())
    if kind is None:
        cells.problem("event_type", f"{cells.text('event_type')!r} is not an ACLED event type (one of: Battles, "
                                    "Explosions/Remote violence, Violence against civilians, Protests, Riots, "
                                    "Strategic developments)")
    sub = cells.text("sub_event_type")
    agents, opponents = _sides(cells, "1", KG.agent), _sides(cells, "2", KG.opponent)
    location, admin1, country = cells.text("location"), cells.text("admin1"), cells.text("country")
    if not location:
        cells.problem("location", "empty (ACLED names the location of every event)")
    if not country:
        cells.problem("country", "empty")
    if bad or None in (year, precision, geo, fatalities, stamp, latitude, longitude, kind, agents, opponents) \
            or not location or not country:
        return None
    assert precision is not None and geo is not None and latitude is not None and longitude is not None
    assert kind is not None and agents is not None and opponents is not None
    start = end = day
    unit, bounded, when = KG.Day, False, day.isoformat()
    if precision == 2:  # "sometime during the week": ACLED records the middle of the period
        start, end, bounded = day - dt.timedelta(days=3), day + dt.timedelta(days=3), True
        when = f"the week around {day.isoformat()}"
    elif precision == 3:  # "sometime during a month": ACLED records its middle (or first or last day)
        start = end = day.replace(day=1)
        unit, when = KG.Month, f"{day:%Y-%m}"
    notes = []
    if geo == 2:
        notes.append(f"ACLED geo_precision 2: in or near {location}, or a part of the area around it.")
    elif geo == 3:
        notes.append(f"ACLED geo_precision 3: somewhere in a larger region, which ACLED represents by {location}.")
    actor2 = cells.text("actor2")
    who = cells.text("actor1") + (f" and {actor2}" if actor2 else "")
    return EventRow(
        number=cells.number, key=f"event-acled-{slug(ident, 40)}-{stamp}", ident=ident,
        cls=SUB_EVENT_TYPES.get(sub.lower(), kind), label=f"{sub or cells.text('event_type')}: {who}, {location}, {when}",
        event_type=f"{cells.text('event_type')}: {sub}" if sub else cells.text("event_type"),
        start=start, end=end, precision=unit, bounded=bounded, sides=agents + opponents, country=country,
        admin1=admin1, location=location if geo in (1, 2) else None, latitude=latitude, longitude=longitude,
        fatalities=fatalities, notes=notes,
    )


def _source(rows: list[EventRow], display: str, stamps: dict[int, int]) -> DatasetSource:
    """The export's source record, named by the day of its newest row (its ``timestamp``, when
    ACLED uploaded it): an ACLED export has no version number."""
    newest = max(stamps.values(), default=0)
    day = dt.datetime.fromtimestamp(newest, dt.timezone.utc).date()
    return DatasetSource(ID[f"src-acled-export-{day.isoformat()}"],
                         f"ACLED data export (rows uploaded up to {day.isoformat()})",
                         "Armed Conflict Location & Event Data (ACLED)", URL, f"ACLED export of {day.isoformat()}",
                         day)


def read_acled(path: Path, graph, *, country: str | None = "Syria"):
    """(triples to add, EventReport, {node: row}) from an ACLED export; ImportRejected lists every bad row."""
    stamps: dict[int, int] = {}

    def read(cells: Cells) -> EventRow | None:
        row = read_row(cells)
        if row is not None:
            stamps[row.number] = int(row.key.rsplit("-", 1)[1])
        return row

    out, report, where = run(path, graph, what="an ACLED export", columns=COLUMNS, dataset="ACLED", read=read,
                             source=lambda rows, display: _source(rows, display, stamps), country=country)
    return out, report, where


def import_acled(location: str | None, path: Path, *, country: str | None = "Syria", dry_run: bool = False,
                 progress: Callable[[str], None] | None = None):
    return write(location, path, "acled", lambda graph: read_acled(path, graph, country=country),
                 country=country, dry_run=dry_run, progress=progress)
