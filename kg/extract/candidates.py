"""Matches to candidate rows: slots to subject and object, dates to start/end/attested (or
the report's date as a bound, never a guessed day), claims to their claimant, then duplicates
merged (the best-dated row kept) and rows that would contradict another left out."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, TypedDict

from ..vocabulary import PERSON_KIND
from .coder import Attribution, Match
from .dates import DateMention
from .mentions import Mention
from .model import Candidate, Source
from .text import Sentence

if TYPE_CHECKING:
    Coded = tuple[Sentence, list[Match], Attribution | None, list[DateMention], Mention | None]

__all__ = ["build"]

_ALLIANCE_RELATIONS = {"member of", "leads"}
_BOUNDARY = re.compile(r"[,;:–—]|\b(?:since|after|before|when|while|that|which|as|until)\b", re.IGNORECASE)
# "before dawn on Sunday", "after nightfall on Friday": the time of day, no clause of its own
_TIME_OF_DAY = re.compile(r"\b(?:before|after|at|by|around|shortly\s+(?:before|after))\s+(?:dawn|daybreak|dusk|nightfall|"
                          r"midnight|noon|midday|first\s+light|sunrise|sunset)\b", re.IGNORECASE)
# "captured X, the capital of Y province, in May": the object's apposition stands between verb and date
# (or "X, Muammar Gaddafi's home town 450 km east of Tripoli, in 2015"): a few words and no verb
_APPOSITION = re.compile(r"^\s*,\s*(?:(?!(?:which|that|who|whom|when|where|after|before|since|said|says|is|was|were|are|has|had|"
                         r"have|will|would|and|but)\b)(?![\w'’-]+ed\b)[\w'’.-]+\s+){0,10}?"
                         r"(?!(?:which|that|who|said|says)\b)(?![\w'’-]+ed\b)[\w'’.-]+\s*,")
_ANAPHOR_PENALTY = 0.85
_UNATTRIBUTED_QUOTE_PENALTY = 0.7


class _Common(TypedDict):
    """The cells every row of one match shares (keyword arguments of ``Candidate``)."""

    sentence: int
    evidence: str
    confidence: float
    pattern: str
    claimant: str
    claimant_named: bool


class _Span(TypedDict, total=False):
    """The date cells of a row (keyword arguments of ``Candidate``)."""

    start: str
    start_bound: str
    end: str
    end_bound: str
    attested: str


def _date_for(match: Match, dates: list[DateMention], text: str, follows: bool) -> DateMention | None:
    """The date a match speaks of: one inside it; one right after it (``follows``: a few words
    on, in the same clause: "overran Idlib on Sunday"); or one that opens the sentence ("On
    March 27 they took ..."); or the day a "when" clause that holds the match is of ("began on
    Aug. 24, when they took ...")."""
    start, end = match.span
    inside = [d for d in dates if start <= d.start and d.end <= end]
    if inside:
        return inside[0]
    after = [d for d in dates if d.start >= end]
    if follows and after:
        between = _TIME_OF_DAY.sub(" ", _APPOSITION.sub(" ", text[end:after[0].start]))
        words = between.split()
        if (len(words) <= 4 or len(words) <= 8 and not any(re.search(r"(?:ed|ing)$", w) for w in words)) \
                and not _BOUNDARY.search(between):
            return after[0]
    opening = [d for d in dates if not text[:d.start].strip() and d.end <= start]
    if opening:
        return opening[0]
    # "The campaign began on Aug. 24, when tanks crossed and pushed B out of X": the day the clause is of
    when = [d for d in dates if d.end <= start and re.match(r"\s*,?\s*when\b", text[d.end:])]
    return when[-1] if when else None


def _claim(sentence: Sentence, speaker: Attribution | None, neighbours: list[Attribution | None],
           match: Match, source: Source) -> tuple[str, str, bool, float]:
    """(claimant label, claimant IRI, named?, confidence factor) for a match in the sentence."""
    quoted = sentence.in_quotes(*match.span) or any(sentence.in_quotes(m.start, m.end)
                                                   for ms in match.slots.values() for m in ms)
    if isinstance(match.claimant, str):  # "which Ankara regards as a wing of B": Ankara's view
        return f"{match.claimant} ({source.publisher}, {source.date.isoformat()})", "", False, 1.0
    if match.claimant is not None:
        return match.claimant.label, match.claimant.iri, True, 1.0
    if match.pattern.spec.get("voice") == "reporter" and not quoted:
        return "", "", True, 1.0  # an apposition is the reporter's description, not the speaker's claim
    if speaker is None:
        inherited = next((n for n in neighbours if n is not None and n.how == "quote"), None)
        if not quoted:
            return "", "", True, 1.0
        if inherited is None:
            return "", "", True, _UNATTRIBUTED_QUOTE_PENALTY
        speaker = inherited
    if speaker.scope and match.span[1] <= speaker.scope and not quoted:
        return "", "", True, 1.0  # "X took Y, and officials said ...": the first clause is the reporter's
    if speaker.aside and speaker.aside[0] <= match.span[0] and match.span[1] <= speaker.aside[1] and not quoted:
        return "", "", True, 1.0  # "Russia, whose jets back A, said ...": the reporter's description
    if speaker.who is not None:
        return speaker.who.label, speaker.who.iri, True, 1.0
    return f"{speaker.text} ({source.publisher}, {source.date.isoformat()})", "", False, 1.0


def _first(mentions: list[Mention] | None) -> Mention | None:
    """The first of the mentions, if there are any."""
    return mentions[0] if mentions else None


def _one(slots: dict[str, list[Mention]], name: str, focus: Mention | None) -> list[Mention]:
    if name == "focus":
        return [focus] if focus is not None else []
    return slots.get(name, [])


def _rows(sentence: Sentence, match: Match, dates: list[DateMention], focus: Mention | None,
          claim: tuple[str, str, bool, float], source: Source) -> list[Candidate]:
    spec: dict[str, Any] = match.pattern.spec
    report = source.date.isoformat()
    used = [m for ms in match.slots.values() for m in ms] + ([focus] if spec.get("object") == "focus" and focus else [])
    confidence = float(spec.get("confidence", 0.5)) * claim[3]
    if any(m.how == "anaphor" for m in used) or spec.get("object") == "focus":
        confidence *= _ANAPHOR_PENALTY
    base: _Common = {"sentence": sentence.index, "evidence": sentence.text, "confidence": round(confidence, 2),
                     "pattern": match.pattern.name, "claimant": claim[0], "claimant_named": claim[2]}
    date = _date_for(match, dates, sentence.text, follows=spec.get("date") in ("start", "end") or "event" in spec)
    when = f"; date from {date.text!r}" if date is not None else ""
    named = "".join(f"; {m.note}" for m in dict.fromkeys(used) if m.note and not m.unresolved)
    note = f"Proposed by kg extract (pattern {match.pattern.name!r}){when}{named}."
    rows: list[Candidate] = []
    if spec.get("event"):
        agent = _first(_one(match.slots, spec["subject"], focus)) if spec.get("subject") else None
        place = _first(match.slots.get(spec["place"])) if spec.get("place") else None
        opponent = _first(match.slots.get(spec["opponent"])) if spec.get("opponent") else None
        if opponent is None and spec.get("end"):
            opponent = _first(match.slots.get(spec["end"][0]))
        detail = "; ".join(x for x in (f"opponent: {opponent.label}" if opponent else "",
                                       f"targets: {match.targets}" if match.targets else "") if x)
        rows.append(Candidate(agent.label if agent else "", "", place.label if place else "",
                              event=spec["event"], detail=detail, note=note,
                              start=date.cell() if date else "", end=date.cell() if date else "",
                              iris=(agent.iri if agent else "", place.iri if place else "", claim[1]), **base))
    if not spec.get("relation"):
        return rows
    relation = spec["relation"]
    objects = _one(match.slots, spec["object"], focus)
    for subject in _one(match.slots, spec["subject"], focus):
        for obj in objects:
            person = subject.kind == PERSON_KIND and relation in _ALLIANCE_RELATIONS  # leads or belongs to any group
            if subject.iri == obj.iri or not (subject.is_actor or person) or (person and not obj.is_actor):
                continue
            if relation in _ALLIANCE_RELATIONS and not person and obj.kind != "alliance" and not _may_be_alliance(obj):
                continue
            cells = _span(spec.get("date", "attested"), spec.get("undated", "attested"), date, report)
            rows.append(Candidate(subject.label, relation, obj.label, note=note, iris=(subject.iri, obj.iri, claim[1]),
                                  **cells, **base))
    if spec.get("end") and objects:
        loser = _first(match.slots.get(spec["end"][0]))
        # "took X and Y from A": A's hold of each ends
        for place in {m.iri: m for m in match.slots.get(spec["end"][1]) or []}.values():
            if loser is not None and loser.is_actor and loser.iri != place.iri:
                cells = _span("end", spec.get("undated", "not after"), date, report)
                rows.append(Candidate(loser.label, relation, place.label, note=note, iris=(loser.iri, place.iri, claim[1]),
                                      **cells, **base))
    if spec.get("hostile"):
        a, b = (_first(match.slots.get(n)) for n in spec["hostile"])
        if a is not None and b is not None and a.iri != b.iri and a.is_actor and b.is_actor:
            rows.append(Candidate(a.label, "hostile to", b.label, note=note, iris=(a.iri, b.iri, claim[1]),
                                  attested=date.cell() if date and date.precision == "day" else report, **base))
    return rows


def _may_be_alliance(mention: Mention) -> bool:
    """A group kg does not know that the text makes an alliance ("X is part of the Y Front"):
    kg.extract proposes it as one (its kind row says so)."""
    return mention.iri.startswith("new:") and mention.kind == "armed group"


def _span(kind: str, undated: str, date: DateMention | None, report: str) -> _Span:
    """The span cells: the date where the text gives one, else the report date as a bound."""
    if date is not None:
        if kind == "start":
            return {"start": date.cell(), "start_bound": "not after" if date.since else ""}
        if kind == "end":
            return {"end": date.cell()}
        if date.precision == "day":
            return {"attested": date.cell()}
    if undated == "not after" and kind == "start":
        return {"start": report, "start_bound": "not after"}
    if undated == "not after" and kind == "end":
        return {"end": report, "end_bound": "not after"}
    return {"attested": report} if undated != "empty" else {}


def _flagged(rows: list[Candidate], used: list[Mention]) -> list[Candidate]:
    """The rows with the reason an analyst must decide them, when a party of theirs is an
    anaphor with no single party in reach ("They": 2 parties in reach: ...)."""
    unresolved = {m.iri: f"{m.surface!r} is unresolved: {m.note}" for m in used if m.unresolved}
    for row in rows:
        row.flag = "; ".join(why for iri, why in unresolved.items() if iri in row.iris)
    return rows


def _rank(c: Candidate) -> tuple[int, float]:
    """Better rows first: an exact day over a bound, then the confidence."""
    bounded = bool(c.start_bound or c.end_bound)
    return (0 if not bounded else 1, -c.confidence)


def _merge(rows: list[Candidate]) -> tuple[list[Candidate], list[str]]:
    dropped: list[str] = []
    best: dict[tuple[Any, ...], Candidate] = {}
    for c in rows:
        pair = tuple(sorted(c.iris[:2])) if c.relation == "hostile to" else c.iris[:2]
        key = (c.event, c.relation, pair, c.iris[2], c.is_end_row, c.start if c.event else "")
        if key in best:
            kept, other = sorted([best[key], c], key=_rank)
            kept.detail = kept.detail or other.detail  # "opponent: ..." from the other reading
            best[key] = kept
            dropped.append(f"sentence {other.sentence + 1}: {_describe(other)}: the same as sentence "
                           f"{kept.sentence + 1}'s, which is kept")
        else:
            best[key] = c
    kept_rows = list(best.values())
    leaders = {c.iris[:2] for c in kept_rows if c.relation == "leads"}
    final = []
    for c in kept_rows:
        if c.relation == "member of" and c.iris[:2] in leaders:
            dropped.append(f"sentence {c.sentence + 1}: {_describe(c)}: it also leads it (a membership with another "
                           "role would supersede the leadership on import)")
            continue
        final.append(c)
    final.sort(key=lambda c: (c.sentence, bool(c.event), -c.confidence))
    return final, dropped


def _describe(c: Candidate) -> str:
    what = c.event or c.relation
    who = f" (claimed by {c.claimant})" if c.claimant else ""
    return f"{c.subject} {what} {c.object}{who}".replace("  ", " ")


def _unconfirmed(coded: list[Coded], hedged: set[int]) -> set[int]:
    """The sentences whose statements are unconfirmed: those that say so, and the sentence
    before one that says so and states nothing of its own ("The claim could not be verified")."""
    out = set()
    for i, (sentence, matches, *_rest) in enumerate(coded):
        if sentence.index in hedged:
            out.add(sentence.index)
            own = re.search(r"\b(?:though|although|but|while|whereas)\s+(?:this|that|it|which)\b", sentence.text, re.IGNORECASE)
            if not matches and i > 0 and own is None:  # "X is said to ..., though this could not be confirmed": X's own
                out.add(coded[i - 1][0].index)
    return out


def _described(sentence: Sentence, match: Match) -> bool:
    """Whether a match is the reporter's description of a party or a speaker ("Y leader X said
    ..., in a recording that could not be verified"): what is unconfirmed is what was said,
    not who said it; a hedge inside the description still counts."""
    if match.pattern.spec.get("voice") != "reporter":
        return False
    words = sentence.text[match.span[0]:match.span[1]]
    return not re.search(r"\b(?:reportedly|allegedly|purportedly|said\s+to|believed|unconfirmed|unverified)\b", words, re.IGNORECASE)


def build(coded: list[Coded], source: Source, hedged: set[int] | None = None) -> tuple[list[Candidate], list[str]]:
    """Every candidate row of the report, merged, with what was left out and why. In a
    sentence reported as unconfirmed (``hedged``) only a speaker's claims are kept."""
    rows: list[Candidate] = []
    unconfirmed = _unconfirmed(coded, hedged or set())
    dropped: list[str] = []
    for i, (sentence, matches, speaker, dates, focus) in enumerate(coded):
        neighbours = [coded[j][2] for j in (i - 1, i + 1)
                      if 0 <= j < len(coded) and coded[j][0].paragraph == sentence.paragraph]
        for match in matches:
            claim = _claim(sentence, speaker, neighbours, match, source)
            used = [m for ms in match.slots.values() for m in ms]
            for row in _flagged(_rows(sentence, match, dates, focus, claim, source), used):
                if sentence.index in unconfirmed and not row.claimant and not _described(sentence, match):
                    dropped.append(f"sentence {sentence.index + 1}: {_describe(row)}: reported as unconfirmed, "
                                   "and no one claims it")
                    continue
                if any(iri.startswith("new:") for iri in row.iris) and not row.is_event:
                    row.note = row.note.rstrip(".") + "; a name not in the graph, declared by a kind row."
                rows.append(row)
    final, merged = _merge(rows)
    return final, dropped + merged
