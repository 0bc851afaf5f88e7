"""The rows of an event dataset (kg.importers.acled, kg.importers.ged): reading the CSV, checking
its cells (each problem with the file, row and column and what was expected), the checked row
(:class:`EventRow`) a format module makes of each, and knowing a dataset by its header.
kg.importers.events resolves the rows' names and writes the events."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from rdflib import URIRef

from .common import ImportRejected, Problem, csv_reason, read_text

__all__ = ["Cells", "DatasetSource", "EventRow", "Side", "detect", "read_rows"]


@dataclass(frozen=True)
class DatasetSource:
    """The source record every event of one import cites: the dataset and its version."""

    iri: URIRef
    title: str
    publisher: str
    url: str
    used_as: str
    date: dt.date | None = None


class Cells:
    """One CSV row: its cells by column, its row number (the header is row 1) and its problems."""

    def __init__(self, cells: dict[str, str], number: int, display: str, problems: list[Problem]):
        self.cells, self.number, self.display, self.problems = cells, number, display, problems

    def text(self, column: str) -> str:
        return " ".join((self.cells.get(column) or "").split())

    def problem(self, column: str, reason: str) -> None:
        self.problems.append(Problem(self.number, f"column {column}: {reason}", self.display))

    def integer(self, column: str, *, allowed: set[int] | None = None, empty: bool = False) -> int | None:
        """A whole number 0 or more (one of ``allowed``); None with a problem recorded."""
        text = self.text(column)
        if not text and empty:
            return None
        if not re.fullmatch(r"\d+", text) or allowed is not None and int(text) not in allowed:
            what = f"one of {', '.join(map(str, sorted(allowed)))}" if allowed else "a whole number, 0 or more"
            self.problem(column, f"{text!r} is not {what}")
            return None
        return int(text)

    def coordinate(self, column: str, limit: int) -> Decimal | None:
        text = self.text(column)
        try:
            number = Decimal(text)
            if not number.is_finite():
                raise InvalidOperation
        except InvalidOperation:
            self.problem(column, f"bad coordinate {text!r} (expected decimal degrees, e.g. 35.9306)")
            return None
        if not -limit <= number <= limit:
            self.problem(column, f"coordinate {text} is out of range (-{limit} to {limit} decimal degrees)")
            return None
        return number


def read_rows(path: Path, what: str, columns: list[str]) -> tuple[str, list[Cells], list[Problem]]:
    """The rows of a dataset CSV (UTF-8, a BOM allowed), each with its row number; a missing
    column or a broken quote is an ImportRejected naming the file and row."""
    from ..stdio import STDIN_NAME, is_spooled

    display = STDIN_NAME if is_spooled(path) else path.name
    text = read_text(path, what)
    reader = csv.reader(io.StringIO(text), strict=True)
    problems: list[Problem] = []
    rows: list[Cells] = []
    start = 1  # the row a CSV error is in (the header's, until it is read)
    try:
        header = [h.strip() for h in next(reader, [])]
        missing = [c for c in columns if c not in header]
        if missing:
            raise ImportRejected([Problem(1, f"missing column(s) {', '.join(missing)}: is this {what}? "
                                             f"(the header needs: {', '.join(columns)})", display)], display)
        start = reader.line_num + 1
        for values in reader:
            first, start = start, reader.line_num + 1
            if not any(v.strip() for v in values):
                continue
            if len(values) != len(header):
                problems.append(Problem(first, f"{len(values)} cells but the header has {len(header)} columns",
                                        display))
                continue
            rows.append(Cells(dict(zip(header, values, strict=True)), first, display, problems))
    except csv.Error as error:
        problems.append(Problem(start, csv_reason(error), display))
    return display, rows, problems


@dataclass(frozen=True)
class Side:
    """An actor an event names: ``role`` kg:agent or kg:opponent; ``ident`` its UCDP actor ID,
    if the dataset gives one; ``kind`` the class to create it as (None: never create it, only
    link it when the graph knows it)."""

    role: URIRef
    name: str
    ident: str | None = None
    kind: URIRef | None = None


@dataclass
class EventRow:
    """One dataset row, checked: everything the event needs, before names are resolved."""

    number: int
    key: str  # the local name of the event's IRI
    ident: str  # the dataset's event ID
    cls: URIRef
    label: str
    event_type: str
    start: dt.date
    end: dt.date
    precision: URIRef  # kg:Day or kg:Month
    bounded: bool  # the true day lies somewhere in [start, end] (NotBefore / NotAfter)
    sides: list[Side]
    country: str
    admin1: str
    location: str | None  # the place the coordinates name; None: the event is placed at admin1/country
    latitude: Decimal
    longitude: Decimal
    fatalities: int | None
    low: int | None = None
    high: int | None = None
    notes: list[str] = field(default_factory=list)
    at_country: bool = False  # placed at the country itself (no finer place)


def detect(path: Path) -> str | None:
    """'acled' or 'ged' when the file's header is that dataset's layout, else None (the
    analyst's CSV format)."""
    try:
        with path.open("rb") as file:
            first = file.readline(100_000).decode("utf-8-sig", errors="replace")
    except OSError:
        return None
    try:
        header = {h.strip().strip('"').lower() for h in next(csv.reader([first]), [])}
    except csv.Error:  # (a bare carriage return in the header): the analyst's reader says where
        return None
    if {"event_id_cnty", "event_date", "actor1", "fatalities"} <= header:
        return "acled"
    if {"relid", "side_a_new_id", "date_start", "best"} <= header:
        return "ged"
    return None
