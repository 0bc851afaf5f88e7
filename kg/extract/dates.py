"""Dates in a report, resolved against the report's own date, strictly.

Only what the text says: a weekday ("on Sunday") is the most recent such day on or before the
report date (never after it); a month and day without a year ("on March 27") is in the
report's year (the year before when that day would fall after the report); "four years ago
this month" is a month, as are "last month", "earlier this month", "last March" (the
latest March before the report's month), "May last year" and "in July" or "since mid-June" (the
latest such month up to the report's own); "last year" a year; "in 2011",
"since 2011" a year; "since Wednesday" a day. Anything else ("overnight", "several days ago",
"hours earlier") resolves to nothing: the cell stays empty, never guessed.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

__all__ = ["DateMention", "find_dates"]

MONTHS = {m: i for i, m in enumerate(
    ["january", "february", "march", "april", "may", "june", "july", "august", "september",
     "october", "november", "december"], start=1)}
MONTHS.update({m[:3]: i for m, i in list(MONTHS.items())})
MONTHS["sept"] = 9
WEEKDAYS = {d: i for i, d in enumerate(["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"])}
NUMBERS = {w: i for i, w in enumerate(
    ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"])}

_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_NUMBER = r"(?P<n>\d{1,2}|" + "|".join(NUMBERS) + r")"
_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("iso", re.compile(r"\b(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})\b")),
    ("month-day", re.compile(rf"\b(?:on\s+)?{_MONTH}\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+(?P<year>\d{{4}})\b)?", re.IGNORECASE)),
    ("day-month", re.compile(rf"\b(?:on\s+)?(?:the\s+)?(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH}\b(?:,?\s+(?P<year>\d{{4}})\b)?", re.IGNORECASE)),
    ("ago-this-month", re.compile(rf"\b{_NUMBER}\s+years?\s+ago\s+this\s+month\b", re.IGNORECASE)),
    ("years-ago", re.compile(rf"\b{_NUMBER}\s+years?\s+ago\b", re.IGNORECASE)),
    ("month-year", re.compile(rf"\b(?:in\s+|since\s+)?{_MONTH}\s+(?P<year>\d{{4}})\b", re.IGNORECASE)),
    ("year", re.compile(r"\b(?P<word>in|since|by|during)\s+(?:(?:early|late|mid-?)\s*)?(?P<year>(?:19|20)\d{2})\b", re.IGNORECASE)),
    ("month-last-year", re.compile(rf"\b(?:in\s+|since\s+)?(?:(?:early|late|mid-?)\s*)?{_MONTH}\s+(?:of\s+)?last\s+year\b", re.IGNORECASE)),
    ("last-month-name", re.compile(rf"\b(?:in\s+|since\s+)?(?:(?:early|late|mid-?)\s*)?(?P<which>last|this)\s+{_MONTH}\b(?!\s+\d)", re.IGNORECASE)),
    ("month-alone", re.compile(rf"\b(?P<word>in|since|by|during|until|from)\s+(?:(?:early|late|mid-?)\s*)?{_MONTH}\b(?!\s*\d|\s+(?:of\s+)?(?:last|next|this)\b)", re.IGNORECASE)),
    ("relative-period", re.compile(r"\b(?:(?P<since>since|in|during|earlier|late|early)\s+)?(?P<which>last|this|past)\s+(?P<unit>month|year)\b", re.IGNORECASE)),
    ("weekday", re.compile(r"\b(?:on\s+|last\s+|since\s+|late\s+on\s+|early\s+on\s+|by\s+)?(?P<weekday>monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b", re.IGNORECASE)),
    ("relative-day", re.compile(r"\b(?P<rel>yesterday|today)\b", re.IGNORECASE)),
]


@dataclass(frozen=True)
class DateMention:
    """A date expression: where it is (character offsets in its sentence), the day it stands
    for (the first day of its month or year) and its precision: day, month or year."""

    text: str
    start: int
    end: int
    day: dt.date
    precision: str
    since: bool = False  # "since 2011": the first day of what follows, as far as the text says

    def cell(self) -> str:
        """The date as the import CSV writes it: YYYY-MM-DD, YYYY-MM or YYYY."""
        if self.precision == "year":
            return f"{self.day.year:04d}"
        if self.precision == "month":
            return f"{self.day.year:04d}-{self.day.month:02d}"
        return self.day.isoformat()


def _number(text: str) -> int:
    return int(text) if text.isdigit() else NUMBERS[text.lower()]


def _resolve(kind: str, m: re.Match[str], report: dt.date) -> tuple[dt.date, str] | None:
    try:
        if kind == "iso":
            return dt.date(int(m["y"]), int(m["m"]), int(m["d"])), "day"
        if kind in ("month-day", "day-month"):
            month, day = MONTHS[m["month"].lower()], int(m["day"])
            if m["year"]:
                return dt.date(int(m["year"]), month, day), "day"
            found = dt.date(report.year, month, day)
            return (found if found <= report else dt.date(report.year - 1, month, day)), "day"
        if kind == "ago-this-month":
            return dt.date(report.year - _number(m["n"]), report.month, 1), "month"
        if kind == "years-ago":
            return dt.date(report.year - _number(m["n"]), 1, 1), "year"
        if kind == "month-year":
            return dt.date(int(m["year"]), MONTHS[m["month"].lower()], 1), "month"
        if kind == "year":
            return dt.date(int(m["year"]), 1, 1), "year"
        if kind == "month-last-year":  # "May last year": that month of the year before
            return dt.date(report.year - 1, MONTHS[m["month"].lower()], 1), "month"
        if kind == "last-month-name":  # "last March": the latest March before the report's month
            month = MONTHS[m["month"].lower()]
            if m["which"].lower() == "this":
                return dt.date(report.year, month, 1), "month"
            year = report.year if month < report.month else report.year - 1
            return dt.date(year, month, 1), "month"
        if kind == "month-alone":  # "in July", "since mid-June": the latest such month up to the report's
            month = MONTHS[m["month"].lower()]
            if m["month"] == "may":
                return None  # "they said in may": the verb, not the month
            return dt.date(report.year if month <= report.month else report.year - 1, month, 1), "month"
        if kind == "relative-period":  # "last month", "earlier this month", "last year"
            back = 0 if m["which"].lower() == "this" else 1
            if m["unit"].lower() == "year":
                return dt.date(report.year - back, 1, 1), "year"
            month = report.month - back
            return (dt.date(report.year, month, 1) if month else dt.date(report.year - 1, 12, 1)), "month"
        if kind == "weekday":
            back = (report.weekday() - WEEKDAYS[m["weekday"].lower()]) % 7
            if m.group(0).lower().startswith("last") and back == 0:
                back = 7
            return report - dt.timedelta(days=back), "day"
        if kind == "relative-day":
            return report - dt.timedelta(days=1 if m["rel"].lower() == "yesterday" else 0), "day"
    except ValueError:  # "February 30": not a day
        return None
    return None


def find_dates(sentence: str, report: dt.date) -> list[DateMention]:
    """The date expressions of ``sentence`` resolved against ``report``, in text order; where
    two overlap, the longer (earlier-listed) reading wins."""
    found: list[DateMention] = []
    taken: list[tuple[int, int]] = []
    for kind, pattern in _PATTERNS:
        for m in pattern.finditer(sentence):
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            resolved = _resolve(kind, m, report)
            if resolved is None:
                continue
            day, precision = resolved
            if day > report:  # a report cannot tell what has not happened yet
                continue
            since = m.group(0).lower().startswith("since")
            found.append(DateMention(m.group(0), m.start(), m.end(), day, precision, since))
            taken.append((m.start(), m.end()))
    return sorted(found, key=lambda d: d.start)
