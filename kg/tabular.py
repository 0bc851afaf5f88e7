"""Results that are rows: ``records()`` as plain dicts, ``to_pandas()`` (pandas is optional:
``pip install 'kg[pandas]'``) and an HTML table for Jupyter.

``to_pandas()`` gives real dtypes, the same way for every result: a column of days (dates, or
``YYYY-MM-DD`` text) is ``datetime64`` with ``NaT`` where a side is open (the RDF's
0001-01-01 and 9999-12-31 included), a column of numbers with a decimal in it (``geo:lat``)
is ``float64``, a ``kind`` or ``certainty`` column is categorical; a nested record (the
derived ``bounds``) becomes its own columns.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from decimal import Decimal
from typing import Any

__all__ = ["Table", "cell_text"]


def cell_text(value: Any) -> str:
    """A value as text in a table cell or a tooltip: lists joined with "; ", dates ISO."""
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return "; ".join(str(v) for v in value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


class Table:
    """Mixed into each result dataclass that is rows."""

    def records(self) -> list[dict[str, Any]]:
        raise NotImplementedError(f"{type(self).__name__} defines no records()")

    def to_pandas(self) -> Any:
        """The rows as a pandas DataFrame (needs pandas: ``pip install 'kg[pandas]'``)."""
        try:
            import pandas as pd
        except ImportError:
            from .errors import NotSupported

            raise NotSupported("to_pandas() needs pandas: pip install 'kg[pandas]'") from None
        return typed_frame(pd, [_flat(row) for row in self.records()])

    def _repr_html_(self) -> str:
        import html

        rows = self.records()
        if not rows:
            return "<p>(no rows)</p>"
        headers = list(rows[0])
        head = "".join(f"<th>{html.escape(str(h))}</th>" for h in headers)
        body = "".join("<tr>" + "".join(f"<td>{html.escape(cell_text(row.get(h)))}</td>" for h in headers) + "</tr>"
                       for row in rows)
        return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


_DAY = re.compile(r"\d{4}-\d{2}-\d{2}\Z")
_OPEN = (dt.date(1, 1, 1), dt.date(9999, 12, 31))  # kg.timespan's unbounded sides
_CATEGORIES = ("kind", "certainty")
# columns that hold days whatever their values (all of them open is still a date column)
_DATE_COLUMNS = {"start", "end", "attested", "date", "first_reported", "last_reported", "certain_from",
                 "certain_until", "possible_from", "possible_until", "certainFrom", "certainUntil", "possibleFrom",
                 "possibleUntil"}


def _flat(row: dict[str, Any]) -> dict[str, Any]:
    """A record with its nested records (``bounds``) as columns of their own."""
    out: dict[str, Any] = {}
    for key, value in row.items():
        if isinstance(value, dict):
            out.update(value)
        else:
            out[key] = value
    return out


def _as_day(value: Any) -> dt.date | None:
    if isinstance(value, str):
        value = dt.date.fromisoformat(value)
    if isinstance(value, dt.datetime):
        value = value.date()
    return None if value in _OPEN else value


def _missing(value: Any) -> bool:
    """None, or the NaN pandas puts in a text column for it."""
    return value is None or (isinstance(value, float) and math.isnan(value))


def typed_frame(pd: Any, rows: list[dict[str, Any]]) -> Any:
    """A DataFrame of ``rows`` with the dtypes the module docstring gives."""
    frame = pd.DataFrame.from_records(rows)
    for column in frame.columns:
        values = [v for v in frame[column] if not _missing(v)]
        dtype = frame[column].dtype
        if not (pd.api.types.is_object_dtype(dtype) or pd.api.types.is_string_dtype(dtype)):
            continue
        days = all(isinstance(v, dt.date) or (isinstance(v, str) and _DAY.match(v)) for v in values)
        if not values and column not in _DATE_COLUMNS:
            continue
        if days and (values or column in _DATE_COLUMNS):
            # second resolution: every day of the calendar fits (nanoseconds end in 2262)
            frame[column] = pd.Series([None if _missing(v) else _as_day(v) for v in frame[column]],
                                      dtype="datetime64[s]", index=frame.index)
        elif all(isinstance(v, (Decimal, float, int)) and not isinstance(v, bool) for v in values):
            frame[column] = frame[column].astype("float64")
        elif (column in _CATEGORIES or str(column).endswith(("_kind", "Kind"))) and \
                all(isinstance(v, str) for v in values):
            frame[column] = frame[column].astype("category")
    return frame
