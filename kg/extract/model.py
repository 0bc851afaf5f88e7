"""The candidates' records: the report's source and one proposed row."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

__all__ = ["Candidate", "Source"]


@dataclass(frozen=True)
class Source:
    title: str
    publisher: str
    date: dt.date
    url: str = ""


@dataclass
class Candidate:
    """A proposed statement (``relation`` one of kg import's) or event (``event`` its class)."""

    subject: str
    relation: str
    object: str
    sentence: int
    evidence: str
    confidence: float
    pattern: str
    start: str = ""
    end: str = ""
    start_bound: str = ""
    end_bound: str = ""
    attested: str = ""
    claimant: str = ""
    claimant_named: bool = True  # False: an unnamed source, declared by a kind row of its own
    event: str = ""
    detail: str = ""  # events: opponent, targets
    note: str = ""
    iris: tuple[str, str, str] = ("", "", "")  # subject, object, claimant
    flag: str = ""  # why the analyst must decide: a party is an unresolved anaphor (never imported)

    @property
    def is_event(self) -> bool:
        return bool(self.event)

    @property
    def is_end_row(self) -> bool:
        return bool(self.end) and not (self.start or self.attested)

    def record(self) -> dict[str, Any]:
        return {"sentence": self.sentence + 1, "kind": "event" if self.event else "statement",
                "subject": self.subject, "relation": self.event or self.relation, "object": self.object,
                "start": self.start, "end": self.end, "start_bound": self.start_bound, "end_bound": self.end_bound,
                "attested": self.attested, "claimant": self.claimant, "detail": self.detail,
                "confidence": self.confidence, "pattern": self.pattern, "evidence": self.evidence, "flag": self.flag}
