"""Time: the one rule that says whether a statement is in force on a day, and how a span reads.

A statement's sources give a span: a start and an end (each with a precision, Day, Month or
Year, and perhaps a bound, "not before" or "not after"), or only a day on which it held
(``attested``). From these, :func:`bounds` computes two intervals, both ``[from, until)``:

- the **certain** span: the days on which the sources say it held, whatever the true dates
  inside the bounds and precisions turn out to be;
- the **possible** span: the days on which it may have held, as far as the bounds allow.

On a day D a statement is then ``IN_FORCE`` (D in the certain span), ``POSSIBLY`` (D in the
possible span only) or ``NOT_IN_FORCE`` — :func:`certainty`. The build writes the four dates on
every statement (kg:certainFrom, kg:certainUntil, kg:possibleFrom, kg:possibleUntil; unbounded
sides as 0001-01-01 and 9999-12-31), so every query applies the same rule with two comparisons,
and two more steps cut the possible span by what else the graph knows: :func:`clamp` to the
days its actors and places exist (founding, dissolution, lineage; kg.spans finds them), and
:func:`narrow` to the days no rival holds for certain (a place certainly held by someone else).
On a day, :func:`reason` says why an answer is only "possibly" (no later report, end known
only to the month, contradicted by a rival, ...), and :func:`reported` gives the first and
last day a source reports it held. docs/ontology.md gives the worked examples; each is a test.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

__all__ = [
    "CERTAINTIES",
    "EARLIEST",
    "IN_FORCE",
    "LATEST",
    "NOT_IN_FORCE",
    "POSSIBLY",
    "Bounds",
    "after_period",
    "bounds",
    "bounds_record",
    "certainty",
    "clamp",
    "in_force",
    "narrow",
    "parse_date",
    "reason",
    "reported",
    "span_text",
]

EARLIEST = dt.date(1, 1, 1)
LATEST = dt.date(9999, 12, 31)

IN_FORCE = "in force"
POSSIBLY = "possibly in force"
NOT_IN_FORCE = "not in force"
CERTAINTIES = (IN_FORCE, POSSIBLY, NOT_IN_FORCE)

_DAY = dt.timedelta(days=1)


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


def after_period(day: dt.date, precision: str | None) -> dt.date:
    """The first day after the day, month or year that ``day`` stands for."""
    if precision == "Year":
        return dt.date(day.year + 1, 1, 1) if day.year < LATEST.year else LATEST
    if precision == "Month":
        if day.month == 12:
            return dt.date(day.year + 1, 1, 1) if day.year < LATEST.year else LATEST
        return dt.date(day.year, day.month + 1, 1)
    return day + _DAY if day < LATEST else LATEST


@dataclass(frozen=True)
class Bounds:
    """The certain and the possible span of a statement, each ``[from, until)``. An empty
    certain span (never certainly in force) has ``certain_from == certain_until == LATEST``."""

    certain_from: dt.date
    certain_until: dt.date
    possible_from: dt.date
    possible_until: dt.date

    @property
    def never_certain(self) -> bool:
        return self.certain_from >= self.certain_until

    def certainly_overlaps(self, other: Bounds) -> bool:
        """Whether both are certainly in force on some common day (what "contested" means for
        two holders of one place)."""
        if self.never_certain or other.never_certain:
            return False
        return self.certain_from < other.certain_until and other.certain_from < self.certain_until

    @classmethod
    def read(cls, certain_from: dt.date | None, certain_until: dt.date | None,
             possible_from: dt.date | None, possible_until: dt.date | None) -> Bounds:
        """The four derived dates as a store gives them; a missing one reads as the least
        claim: never certain, possible without bound."""
        if certain_from is None or certain_until is None:
            certain_from = certain_until = LATEST
        return cls(certain_from, certain_until, possible_from or EARLIEST, possible_until or LATEST)


def bounds(
    start: dt.date | None,
    end: dt.date | None,
    *,
    start_precision: str | None = None,
    end_precision: str | None = None,
    start_bound: str | None = None,
    end_bound: str | None = None,
    attested: dt.date | None = None,
    vouched: dt.date | None = None,
    lasting: bool = False,
    last_attested: dt.date | None = None,
    coverage: tuple[dt.date, dt.date] | None = None,
) -> Bounds:
    """The certain and possible spans of one statement (the rule; docs/ontology.md).

    ``start``/``end`` name the first day (or month, or year, by precision) of the change; the
    end is exclusive (the first day it no longer held). ``start_bound``/``end_bound`` are
    "NotBefore"/"NotAfter". ``attested`` is a day a source says it held (the earliest, when sources attest several days;
    ``last_attested`` is then the latest, and it held on each day between, as a start and an
    attested day say it held from the one through the other). ``vouched`` is the
    latest day its sources vouch for an open-ended statement (the newest source's date):
    with a start and no end, it is certainly in force from the start through that day, and
    only possibly after. ``lasting`` statements (lineage: a rename, once made, stays made)
    are certain from their start for ever. ``coverage`` (``[from, until)``) is the coverage of
    the source of an undated statement (no start, end or attested day: kg:coverageFrom,
    kg:coverageUntil): never certain, possible only within it (a lasting one from its start on:
    the change was made some day within, and stays made)."""
    if coverage is not None and start is None and end is None and attested is None:
        return Bounds(LATEST, LATEST, coverage[0], LATEST if lasting else coverage[1])
    # Start side: the first day it surely held (sure_from) and the first day it may have held.
    sure_from: dt.date | None
    if start is None:
        maybe_from, sure_from = EARLIEST, None
    elif start_bound == "NotBefore":  # began on or after start: certain only from evidence
        maybe_from, sure_from = start, None
    elif start_bound == "NotAfter":  # began on or before the end of the start's period
        maybe_from, sure_from = EARLIEST, after_period(start, start_precision) - _DAY
    else:  # began some day in the start's period
        maybe_from, sure_from = start, after_period(start, start_precision) - _DAY
    if attested is not None and (sure_from is None or attested < sure_from):
        sure_from = attested

    # End side (exclusive): the first day it may no longer hold, and the day it surely stopped.
    last_seen = max((d for d in (sure_from, attested, last_attested, vouched if start is not None else None)
                     if d is not None), default=None)
    sure_until: dt.date | None
    if end is None:
        maybe_until = LATEST
        if lasting:
            sure_until = LATEST
        else:
            sure_until = None if last_seen is None else last_seen + _DAY
    else:
        period_end = after_period(end, end_precision) - _DAY  # the latest the end can be
        if end_bound == "NotAfter":  # ended by then: certain only as far as the evidence goes
            maybe_until = period_end
            sure_until = None if last_seen is None else min(last_seen + _DAY, end)
        elif end_bound == "NotBefore":  # ended on or after end
            maybe_until, sure_until = LATEST, end
        else:
            maybe_until, sure_until = period_end, end

    if sure_from is None or sure_until is None or sure_from >= sure_until:
        return Bounds(LATEST, LATEST, maybe_from, maybe_until)
    return Bounds(sure_from, sure_until, min(maybe_from, sure_from), max(maybe_until, sure_until))


def narrow(own: Bounds, others: list[Bounds]) -> Bounds:
    """``own``'s possible span with the days excluded that ``others`` (statements that cannot
    hold at the same time, e.g. another actor's control of the same place) certainly hold,
    cut from the outside towards ``own``'s certain span. A statement that is never certain
    keeps its possible span: where to cut would be a guess."""
    if own.never_certain:
        return own
    lo, hi = own.possible_from, own.possible_until
    for other in others:
        if other.never_certain:
            continue
        if other.certain_until <= own.certain_from and other.certain_until > lo:
            lo = other.certain_until
        if other.certain_from >= own.certain_until and other.certain_from < hi:
            hi = other.certain_from
    return Bounds(own.certain_from, own.certain_until, lo, hi)


def clamp(own: Bounds, exists_from: dt.date, exists_until: dt.date) -> Bounds:
    """``own``'s possible span cut to ``[exists_from, exists_until)``, the days on which its
    actor and its object exist as far as the graph knows (kg.spans). A cut never reaches into
    the certain span (a source that reports the statement held wins over an inferred
    existence), and never leaves a statement with no possible day: where its own dates and the
    existence bounds disagree, its own dates stand, for someone to look at."""
    lo = max(own.possible_from, exists_from)
    hi = min(own.possible_until, exists_until)
    if not own.never_certain:
        lo, hi = min(lo, own.certain_from), max(hi, own.certain_until)
    if lo >= hi:
        return own
    return Bounds(own.certain_from, own.certain_until, lo, hi)


def certainty(span: Bounds, on: dt.date) -> str:
    """``IN_FORCE``, ``POSSIBLY`` or ``NOT_IN_FORCE`` on the day ``on``."""
    if span.certain_from <= on < span.certain_until:
        return IN_FORCE
    if span.possible_from <= on < span.possible_until:
        return POSSIBLY
    return NOT_IN_FORCE


def in_force(span: Bounds, on: dt.date | None) -> str | None:
    """The certainty on ``on``, or None when no day is asked (every statement is listed)."""
    return None if on is None else certainty(span, on)


def reported(span: Bounds) -> tuple[dt.date | None, dt.date | None]:
    """The first and the last day a source reports the statement held (its certain span,
    the end made inclusive); (None, None) when no source reports a day. A side without bound
    (a change that lasts for ever) is None too."""
    if span.never_certain:
        return None, None
    first = None if span.certain_from == EARLIEST else span.certain_from
    last = None if span.certain_until == LATEST else span.certain_until - _DAY
    return first, last


_PERIOD = {"Month": "month", "Year": "year"}


def _in_period(day: dt.date, start: dt.date, precision: str | None) -> bool:
    return precision in _PERIOD and start <= day < after_period(start, precision)


def reason(
    span: Bounds,
    on: dt.date,
    *,
    start: dt.date | None = None,
    end: dt.date | None = None,
    start_precision: str | None = None,
    end_precision: str | None = None,
    start_bound: str | None = None,
    end_bound: str | None = None,
    rivals: list[tuple[str, Bounds]] | None = None,
) -> str | None:
    """Why a statement is only possibly in force on ``on`` (None when it is in force or not
    in force, and no rival is in force or possibly in force that day): what its sources leave
    open on that side of what they report ("no later report", "no earlier report", "start
    unknown", "began not before D", "end known only to the month", "ended by D, the day
    unknown", "no day reported"), then each rival (``(label, bounds)``: a statement that
    cannot hold at the same time) that is in force on ``on`` ("contradicted by X from D"),
    possibly in force ("X possibly, too") or in force from the day this one stops being
    possible ("X from D")."""
    state = certainty(span, on)
    if state == NOT_IN_FORCE:
        return None
    parts: list[str] = []
    if state == POSSIBLY:
        never = span.never_certain
        if never:
            parts.append("no day reported")
        if never or on < span.certain_from:  # what the sources leave open before
            if start is None or start_bound == "NotAfter":
                parts.append("start unknown")
            elif start_bound == "NotBefore":
                parts.append(f"began not before {_fmt(start, start_precision)}")
            elif _in_period(on, start, start_precision):
                parts.append(f"start known only to the {_PERIOD[start_precision or '']}")
            elif not never:
                parts.append("no earlier report")
        if never or on >= span.certain_until:  # ... and after
            if end is None:
                if not never:
                    parts.append("no later report")
            elif end_bound == "NotAfter":
                parts.append(f"ended by {_fmt(end, end_precision)}, the day unknown")
            elif end_bound == "NotBefore" and on >= end:
                parts.append(f"ended not before {_fmt(end, end_precision)}, no later report")
            elif _in_period(on, end, end_precision):
                parts.append(f"end known only to the {_PERIOD[end_precision or '']}")
    for label, other in sorted(rivals or [], key=lambda r: (r[1].certain_from, r[0])):
        rival_state = certainty(other, on)
        if rival_state == IN_FORCE:
            parts.append(f"contradicted by {label} from {other.certain_from.isoformat()}")
        elif rival_state == POSSIBLY:
            parts.append(f"{label} possibly, too")
        elif state == POSSIBLY and not other.never_certain and other.certain_from == span.possible_until:
            parts.append(f"{label} from {other.certain_from.isoformat()}")
    return "; ".join(parts) or None


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
    start_bound: str | None = None,
    end_bound: str | None = None,
    attested: dt.date | None = None,
    coverage: tuple[dt.date, dt.date] | None = None,
) -> str:
    """How a span reads: '2015-03-29 –', 'by 2011 – 2015-03-29', '? – by 2015-03-30',
    'not before 2015-03-24 –', 'as of 2015-03-30'; '(as of D)' is added when a source
    attests the statement on a day D besides its start and end; 'undated (source covers
    1946-01-01 – 2021-12-31)' for an undated statement with its source's ``coverage``."""
    if start is None and end is None:
        if attested:
            return f"as of {attested.isoformat()}"
        if coverage is not None:
            return f"undated (source covers {coverage[0].isoformat()} – {(coverage[1] - _DAY).isoformat()})"
        return "undated"
    left = _fmt(start, start_precision)
    if start is not None and start_bound == "NotAfter":
        left = "by " + left
    elif start is not None and start_bound == "NotBefore":
        left = "not before " + left
    right = ""
    if end is not None:
        prefix = {"NotAfter": "by ", "NotBefore": "not before "}.get(end_bound or "", "")
        right = prefix + _fmt(end, end_precision)
    text = f"{left} – {right}".rstrip()
    if attested is not None and attested != start:
        text += f" (as of {attested.isoformat()})"
    return text


def bounds_record(span: Bounds | None) -> dict[str, str | None] | None:
    """The derived spans as JSON-ready data: unbounded sides and a never-certain span as null."""
    if span is None:
        return None

    def day(value: dt.date) -> str | None:
        return None if value in (EARLIEST, LATEST) else value.isoformat()

    never = span.never_certain
    return {
        "certain_from": None if never else day(span.certain_from),
        "certain_until": None if never else day(span.certain_until),
        "never_certain": never,  # type: ignore[dict-item]
        "possible_from": day(span.possible_from),
        "possible_until": day(span.possible_until),
    }
