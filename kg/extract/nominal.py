"""A capture told by its noun rather than its verb, as wire copy often does in a second sentence
or a headline:

- "the capture (on Monday) of X (and Y) by A", "the seizure of X by forces of A";
- "the capture by A (and its allies) of X and Y";
- "X's capture by A", "A's capture of X", "the fall of X to A".

Each gives A's control of each place, from the day the sentence gives (or not after the report),
as the verb would (kg/extract/lexicon.toml, ``[capture]``). A capture told as planned, feared,
attempted, possible, denied or failed ("the planned capture of X", "a bid for the capture of X",
"could lead to the capture of X by A") gives nothing, nor does a capture in a question.
"""

from __future__ import annotations

import re
from typing import Any

from .clauseparts import actors_after, pattern_for, places_after
from .coder import Match

__all__ = ["nominal_matches"]

_NOUN = r"(?:capture|seizure|recapture|takeover|take-over|liberation|conquest)"
_WHEN = r"(?:\s+(?:on|in|late\s+on|early\s+on|last|this)\s+\w+(?:\s+\w+)?)?"
_FORCES = r"(?:(?:the\s+)?(?:forces|fighters|troops|units|militants|members|gunmen)\s+(?:of|loyal\s+to)\s+)?"
_NOT = re.compile(r"\b(?:planned|feared|fears?|attempted|attempts?|bid|efforts?|aims?|aimed|seek|seeks|sought|failed|expected|"
                  r"possible|imminent|threatened|threatens?|risks?|alleged|denied|denies|deny|thwarted|would-be|any|no|never|"
                  r"may|might|could|would|will|prevent|preventing|stop|stopping|block|blocking|after\s+the\s+failure)\b"
                  r"\W*(?:\w+\W+){0,4}$", re.IGNORECASE)
_OF_BY = re.compile(rf"\b{_NOUN}{_WHEN}\s+of\s+")
_BY_OF = re.compile(rf"\b{_NOUN}{_WHEN}\s+by\s+")
_OWN = re.compile(rf"(?P<p>⟦P\d+⟧)['’]s?\s+(?:\w+\s+)?{_NOUN}{_WHEN}\s+by\s+")
_FALL = re.compile(rf"\bfall{_WHEN}\s+of\s+")
# "A's capture of X", "A's takeover of X in 2015": the taker's possessive
_TAKERS = re.compile(rf"(?P<a>⟦A\d+⟧)['’]s?\s+(?:\w+\s+)?(?P<noun>{_NOUN}){_WHEN}\s+of\s+")


def nominal_matches(masked: str, posmap: list[int], slots: dict[str, Any], lexicon: dict[str, Any],
                    partial: set[str]) -> list[Match]:
    """The captures a masked sentence tells by a noun (see the module)."""
    found: list[Match] = []

    def add(places: list[str], actors: list[str], start: int, end: int) -> None:
        if places and actors and not _NOT.search(masked[max(0, start - 40):start]):
            found.append(Match(pattern_for("capture", lexicon, "nominal"),
                               {"subject": [slots[t] for t in actors], "object": [slots[t] for t in places]},
                               (posmap[start], posmap[min(end, len(posmap) - 1)]), None))

    for m in _OF_BY.finditer(masked):  # "the capture of X and Y by (forces of) A"
        places = places_after(masked[m.end():], partial)
        if not places:
            continue
        at = m.end() + places[-1][1]
        by = re.match(rf"{_WHEN}\s*,?\s+by\s+{_FORCES}", masked[at:])
        if by is None:
            continue
        actors = actors_after(masked[at + by.end():])
        add([t for t, _ in places], [t for t, _ in actors], m.start(), at + by.end() + (actors[-1][1] if actors else 0))
    for m in _BY_OF.finditer(masked):  # "the capture by A (and its allies) of X and Y"
        actors = actors_after(masked[m.end():])
        if not actors:
            continue
        at = m.end() + actors[-1][1]
        of = re.match(r"(?:\s+and\s+(?:its|their)\s+allies|\s+allies)?\s+of\s+", masked[at:])  # ("its" may be a token)
        if of is None:
            continue
        places = places_after(masked[at + of.end():], partial)
        add([t for t, _ in places], [t for t, _ in actors], m.start(), at + of.end() + (places[-1][1] if places else 0))
    for m in _OWN.finditer(masked):  # "X's capture by A"
        actors = actors_after(masked[m.end():])
        add([m.group("p")], [t for t, _ in actors], m.start(), m.end() + (actors[-1][1] if actors else 0))
    for m in _TAKERS.finditer(masked):  # "A's capture of X (and Y)"; not "A's planned capture of X"
        if _NOT.search(masked[max(0, m.start() - 40):m.start("noun")]):
            continue
        places = places_after(masked[m.end():], partial)
        add([t for t, _ in places], [m.group("a")], m.start(), m.end() + (places[-1][1] if places else 0))
    for m in _FALL.finditer(masked):  # "the fall of X to A"
        places = places_after(masked[m.end():], partial)
        if not places:
            continue
        at = m.end() + places[-1][1]
        to = re.match(r"\s+to\s+", masked[at:])
        actors = actors_after(masked[at + to.end():]) if to else []
        add([t for t, _ in places], [t for t, _ in actors], m.start(), at + (to.end() if to else 0) + (actors[-1][1] if actors else 0))
    return found
