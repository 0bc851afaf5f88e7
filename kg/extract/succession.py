"""Control passing from one holder to the next within one report.

A report that tells a capture of a place ("A took X on Monday") and, elsewhere, who held the place
before ("X had been held by B since 2016") says that B's hold ended when A took it. The clause
rules read each sentence alone, so B's hold comes out as current. Here a control row of another
party for the same place, still open (no end), is given its end at the capture when that party's
hold began before the capture's day or when its sentence tells the hold in the past perfect ("had
held", "had been held by"): the end is the capture's day, or not after it; when the capture is someone's claim,
the row's note says whose (the hold itself stays the report's, or its own claimant's). A hold told in the present ("B holds X")
or begun after the capture is left as it is: the text may say B took the place back. A hold the
report ends elsewhere (a loser's row: "X was freed from B") ends there. A place
named with its holder in the capture's own sentence ("A overran X, B's stronghold") was B's until then.
A hold told in the past perfect that no capture in the report ends ("A had held X since 2012") is
over by the report's day: its end is "not after" that day, never current.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace

from .model import Candidate

__all__ = ["succeed"]

_PAST_HOLD = re.compile(r"\bhad\s+(?:long\s+|previously\s+|until\s+then\s+)?(?:been\s+)?(?:held|controlled|ruled|run|occupied)\b",
                        re.IGNORECASE)

_APPOSED = "role: controls, place first"  # kg.extract.roles: "X, B's stronghold"


def succeed(candidates: list[Candidate], day: dt.date | None = None) -> list[Candidate]:
    """The candidates with the holds a later capture of the same place ended given their end (see the
    module); ``day`` is the report's, the bound of a hold told in the past perfect."""
    # (a capture whose taker is an unresolved anaphor ends the hold all the same: the place changed hands)
    captures = [c for c in candidates if _open_control(c, flagged=True) and c.start and "capture" in c.pattern]
    out = []
    for c in candidates:
        taker = _taker(c, captures) if _open_control(c) else None
        if taker is not None:
            whose = f", as {taker.claimant} says" if taker.claimant else ""
            note = f"{c.note} Ended by the capture of {taker.object} by {taker.subject} (sentence {taker.sentence + 1}{whose})."
            # the capture's day (or month, or year), or only a bound where the capture has only a bound
            c = replace(c, end=taker.start, end_bound="not after" if taker.start_bound else "", note=note.strip())
        loss = _loss(c, candidates) if _open_control(c) and c.start else None
        if loss is not None:  # "A swept into X in March" ... "X has been freed from A": A's hold ended then
            whose = f", as {loss.claimant} says" if loss.claimant else ""
            note = f"{c.note} Ended as sentence {loss.sentence + 1} tells{whose}."
            c = replace(c, end=loss.end, end_bound=loss.end_bound, note=note.strip())
        if day is not None and _open_control(c) and "capture" not in c.pattern and _told_as_past(c):
            # "A had held X since 2012", and no capture in the report says when it ended: over by the report's day
            c = replace(c, end=day.isoformat(), end_bound="not after",
                        note=f"{c.note} Told in the past perfect: over by the report's day.".strip())
        out.append(c)
    return out


_PRESENT_HOLD = re.compile(r"\b(?:holds|controls|still\s+(?:holds|controls|runs)|remains?\s+(?:in|under))\b", re.IGNORECASE)


def _told_as_past(hold: Candidate) -> bool:
    """Whether the hold's own sentence tells it in the past perfect, near its holder's name, and
    tells no hold in the present ("had held X since 2012"; not "A holds X, which B had held")."""
    text = hold.evidence
    at = text.lower().find(hold.subject.lower())
    if at < 0 or _PRESENT_HOLD.search(text):
        return False
    return bool(_PAST_HOLD.search(text[max(0, at - 80):at + len(hold.subject) + 120]))


def _open_control(c: Candidate, flagged: bool = False) -> bool:
    return c.relation == "controls" and not c.is_event and (flagged or not c.flag) and not c.end and not c.end_bound


def _loss(hold: Candidate, candidates: list[Candidate]) -> Candidate | None:
    """The end the report gives the same party's hold of the same place elsewhere (a row with an
    end and no start: "X was freed from A"), after the hold began, if it gives one."""
    for c in candidates:
        if (c is not hold and c.relation == "controls" and not c.is_event and c.iris[:2] == hold.iris[:2] and c.end
                and not c.start and not c.flag and hold.start[:len(c.end)] < c.end[:len(hold.start)]):
            return c
    return None


def _taker(hold: Candidate, captures: list[Candidate]) -> Candidate | None:
    """The first capture of the hold's place by another party that the hold came before, if one does."""
    for capture in sorted(captures, key=lambda c: c.start):
        if capture is hold or capture.iris[1] != hold.iris[1] or capture.iris[0] == hold.iris[0]:
            continue
        began_before = bool(hold.start) and hold.start[:len(capture.start)] < capture.start[:len(hold.start)]
        # "A overran X, B's stronghold": the place's holder, named in the capture's own sentence
        apposed = hold.pattern == _APPOSED and hold.sentence == capture.sentence
        if began_before or apposed or (not hold.start and _PAST_HOLD.search(hold.evidence)):
            return capture
    return None
