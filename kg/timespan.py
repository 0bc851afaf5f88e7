"""Time spans: 'in force on D' and how a span reads in a table."""

from __future__ import annotations

import datetime as dt

__all__ = ["in_force", "parse_date", "span_text"]


def parse_date(value: str | dt.date | None, what: str = "date") -> dt.date | None:
    """A date from strict YYYY-MM-DD text (or a date, or None): the one parser every date input
    goes through (CLI options, query parameters, server parameters). Anything else -- 20150401,
    2015-4-1, 2015-04, 2015-02-30, a date-time -- raises InputError naming ``what``, rather than
    reaching a query as a malformed xsd:date that silently matches nothing."""
    if value is None or isinstance(value, dt.date):
        return value
    from .errors import InputError

    text = str(value).strip()
    digits = text[:4] + text[5:7] + text[8:]
    try:
        if not (len(text) == 10 and text[4] == text[7] == "-" and digits.isascii() and digits.isdigit()):
            raise ValueError
        return dt.date.fromisoformat(text)
    except ValueError:
        raise InputError(f"{what}: {str(value)!r} is not a date (expected YYYY-MM-DD, e.g. 2015-04-01)") from None


def in_force(
    start: dt.date | None, end: dt.date | None, on: dt.date | None, attested: dt.date | None = None
) -> bool:
    """Whether a statement holds on ``on``: from its start (or, with no start, from the day a
    source attests it; with neither, from any time) until the day before its end (with no
    end: still in force as far as the sources go). Always true when ``on`` is None."""
    if on is None:
        return True
    since = start if start is not None else attested
    return (since is None or since <= on) and (end is None or on < end)


def _fmt(day: dt.date | None, precision: str | None) -> str:
    if day is None:
        return "?"
    if precision == "Year":
        return f"{day.year}"
    if precision == "Month":
        return f"{day.year}-{day.month:02d}"
    return day.isoformat()


def span_text(
    start: dt.date | None,
    end: dt.date | None,
    *,
    start_precision: str | None = None,
    end_precision: str | None = None,
    end_bound: str | None = None,
    attested: dt.date | None = None,
) -> str:
    """'2015-03-29 –', '2011 – 2015-03-29', '? – by 2015-03-30', 'as of 2015-03-30'."""
    if start is None and end is None:
        return f"as of {attested.isoformat()}" if attested else "undated"
    left = _fmt(start, start_precision)
    right = "" if end is None else ("by " if end_bound == "NotAfter" else "") + _fmt(end, end_precision)
    return f"{left} – {right}".rstrip()
