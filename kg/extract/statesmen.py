"""A head of state or government and the state the text says they lead: "Iraqi Prime Minister
X", "Iraq's caretaker prime minister, X", "X, Turkey's president", "President X of Egypt". The
state is a party kg does not know (a ``state forces`` kind row, as when its forces are named);
the person a new person unless kg knows them.

Only the state's own office: a former, late, deputy or vice office, or one the sentence says was
given up ("X, who resigned in November"), says nothing of who leads it now; a minister leads a
ministry; and a state named only by a person's title elsewhere in the report ("Presidents X and
Y") is not read. Syria is left out: kg holds it as a country (a place), and its government's
forces as an actor of their own, which a title does not name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..vocabulary import PERSON_KIND
from .coder import Match, Pattern
from .mentions import Mention, NewName
from .newnames import STATE_ADJECTIVES, state_named
from .people import NOT_FIRST, PERSON_NAME, new_person
from .text import Sentence

__all__ = ["StateLeaders", "statesman_matches"]

STATE_FORCES = "state forces"
# a state by its adjective or its name (Syria left out: see the module), as kg.extract.newnames reads them
_ADJECTIVE = "(?-i:" + "|".join(re.escape(a.upper() if len(a) <= 4 else a.capitalize())  # "U.S.", "UAE", "Turkish"
                                for a in sorted(STATE_ADJECTIVES, key=len, reverse=True)) + ")"
_NAMED = "(?-i:" + "|".join(("(?:the\\s+)?" if state.startswith("United") else "") + state.replace(" ", "\\s+")
                            for state in sorted(set(STATE_ADJECTIVES.values()), key=len, reverse=True)) + ")"
_STATE = rf"(?P<state>{_ADJECTIVE}|{_NAMED}['’]s)"
# the office itself, now (a caretaker or an interim one leads all the same; not a former, deputy or vice one)
_NOW = r"(?:(?:caretaker|interim|acting|new|newly[-\s]elected|current|incumbent)\s+)?"
_OFFICE = r"(?P<office>(?i:president|prime\s+minister|premier|supreme\s+leader|king|emir|head\s+of\s+state))"
_PERSON = rf"(?P<person>{PERSON_NAME})"
_FORMS = (
    # "Iraqi Prime Minister X", "Iraq's caretaker prime minister, X"
    re.compile(rf"(?<![\w.-]){_STATE}\s+{_NOW}{_OFFICE}\s*,?\s+{_PERSON}"),
    # "X, Iraq's prime minister", "X, the Iraqi president"
    re.compile(rf"{_PERSON}\s*,\s*(?:the\s+)?{_STATE}\s+{_NOW}{_OFFICE}\b(?!\s+(?:of|for)\b)"),
    # "President X of Egypt", "X, the president of Egypt"
    re.compile(rf"\b(?-i:President|Prime\s+Minister|King|Emir)\s+{_PERSON}\s+of\s+(?P<state>{_NAMED})\b"),
    re.compile(rf"{_PERSON}\s*,\s*(?:the\s+)?{_NOW}{_OFFICE}\s+of\s+(?P<state>{_NAMED})\b"),
)
# an office held once, not now ("the late Iraqi president, X", "Egypt's ousted president X")
_PAST = re.compile(r"\b(?:late|former|ex|then|onetime|one-time|deposed|ousted|toppled|slain|previous|future|would-be)\W*$",
                   re.IGNORECASE)
# the office given up or lost, told right after the person ("X, who resigned in November")
_GONE = re.compile(r"\s*,?\s*who\s+(?:has\s+|had\s+)?(?:since\s+)?(?:resigned|stepped\s+down|"
                   r"was\s+(?:ousted|toppled|deposed|killed)|died)\b")
_PATTERN = Pattern("state leader", re.compile("(?!)"), {
    "relation": "leads", "subject": "person", "object": "group", "confidence": 0.7, "date": "attested",
    "undated": "attested", "voice": "reporter"})


@dataclass
class StateLeaders:
    """The matches of one sentence and the new names they use (the states, the persons kg does not know)."""

    matches: list[Match]
    new: list[NewName]


def statesman_matches(sentence: Sentence, mentions: list[Mention]) -> StateLeaders:
    """Each head of state or government ``sentence`` names with the state they lead (see the module)."""
    text = sentence.text
    matches: list[Match] = []
    new: dict[str, NewName] = {}
    seen: set[tuple[str, str]] = set()
    for form in _FORMS:
        for found in form.finditer(text):
            state_word = re.sub(r"['’]s$", "", found.group("state"))
            state = state_named(re.sub(r"^the\s+", "", " ".join(state_word.split())))
            if state is None or _PAST.search(text, 0, found.start()):
                continue  # "the late Iraqi president, X": history
            if _GONE.match(text, found.end()):
                continue  # "X, who resigned in November": the text says the office is no longer X's
            person = _person(sentence, found, mentions, new)
            if person is None:
                continue
            start, end = found.span("state")
            party = NewName(sentence.index, state, "state forces?", STATE_FORCES, start, end, "context",
                            note="a state named by its head of state or government's title")
            new.setdefault(party.iri, party)
            leader = Mention(sentence.index, start, end, text[start:end], party.iri, state, STATE_FORCES, "name")
            if (person.iri, leader.iri) in seen:
                continue
            seen.add((person.iri, leader.iri))
            matches.append(Match(_PATTERN, {"person": [person], "group": [leader]}, found.span(), None))
    return StateLeaders(matches, list(new.values()))


def _person(sentence: Sentence, found: re.Match[str], mentions: list[Mention], new: dict[str, NewName]) -> Mention | None:
    """The person of a match: one kg knows, else a new person (two words at least)."""
    start, end = found.span("person")
    words = re.sub(r"['’]s$", "", sentence.text[start:end]).split()
    while words and words[0] in NOT_FIRST:
        start += len(words[0]) + 1
        words = words[1:]
    if len(words) < 2:
        return None
    name = " ".join(words)
    end = start + len(name)
    for m in mentions:
        if m.start < end and start < m.end:
            return m if m.kind == PERSON_KIND else None  # a group's or a place's name is no person
    return new_person(sentence, name, start, "a person the report names as a head of state or government", new)
