"""A new alliance and its members, as reports announce them, across sentences.

Reports of a new alliance name it in one sentence and its members in that sentence or the
next ones, in forms no verb pattern of one clause reads:

- the founders as the subject of a founding verb: "A and B formed a new alliance called X",
  "Seven groups, among them A and B, said on Tuesday that they had formed X", "A, B and C
  joined forces in a new X";
- the members listed after the founding, in a later sentence: "The founding statement named
  the members as A, B and C", "The declaration was signed by A; B; C and D, among others",
  "The statement was issued in the names of A, B and C";
- the members listed after an alliance, whichever sentence named it: "X, made up of A and B",
  "X brings together A, B and C".

Each member is proposed as ``member of`` X, the report's own account (not the speaker's claim:
an alliance announcing its founding is the founding). A member the graph does not know is
typed from the list it is in (an armed group), as X is (an alliance). Nothing is proposed for
a name after "but not", "neither ... nor", "except", nor for a founding the text only plans,
expects or denies ("plan to form", "could form", "denied forming"), nor for a place, a
person or a state in the list. The rows are built as every other match's (kg.extract.candidates).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from .coder import Match, Pattern
from .mentions import Mention, NewName
from .model import Candidate
from .text import Sentence

__all__ = ["Founding", "founding_matches", "settle"]

# a founding verb, in the voice where the founders are its subject
_FOUND = re.compile(r"\b(?:formed|form|forming|set\s+up|setting\s+up|created|create|creating|established|establish|"
                    r"establishing|founded|launched|launch|launching|unveiled|announced\s+the\s+"
                    r"(?:formation|creation|establishment|launch)\s+of|joined\s+forces|join\s+forces|joining\s+forces|"
                    r"combined\s+(?:their\s+)?forces|combine\s+(?:their\s+)?forces|united|unite|uniting|came\s+together|"
                    r"come\s+together|coming\s+together|banded\s+together|band\s+together)\b", re.IGNORECASE)
# founding verbs that found something only when the text names what ("launched a new front called X")
_NEEDS_BODY = re.compile(r"launched|launch|launching|unveiled|united|unite|uniting")
# what the founding makes: the noun before the name ("a new alliance called X", "a single command, X")
_BODY_WORD = re.compile(r"\b(?:alliance|coalition|front|operations\s+room|command|umbrella|grouping|bloc|council|"
                        r"formation|force|army|body|group|organi[sz]ation|movement|called|named|known\s+as|dubbed|"
                        r"styled|under\s+the\s+name)\b")
# words before a founding verb that make it no fact: a plan, a forecast, a denial, a failure
_NOT_YET = re.compile(r"\b(?:to|will|would|could|may|might|can|plan|plans|planned|planning|aim|aims|aimed|seek|seeks|"
                      r"sought|hope|hopes|hoped|expected|expect|expects|talks|considering|consider|proposed|propose|"
                      r"deny|denies|denied|not|never|failed|refused|tried|attempt|attempts|attempted|rumou?red|"
                      r"reportedly|allegedly)\b\W*(?:\w+\W+){0,4}$", re.IGNORECASE)
# words that open a list of members after the founding or after the alliance
_LIST_AFTER_FOUNDING = re.compile(
    r"\b(?:(?:named|listed|gave|identified|lists|names)\s+(?:the\s+|its\s+)?(?:other\s+|founding\s+|\w+\s+)?"
    r"(?:members|member\s+groups|groups|factions|founders|signatories|components|constituents)\s+as"
    r"|(?:was|were|is|are|had\s+been|has\s+been)\s+(?:jointly\s+)?(?:signed|issued|endorsed|read\s+out)\s+(?:on\s+\w+\s+)?by"
    r"|signed\s+by|issued\s+by|in\s+the\s+names?\s+of|on\s+behalf\s+of"
    r"|(?:its|the|their)\s+(?:founding\s+|other\s+)?(?:members|member\s+groups|components|constituent\s+groups|"
    r"constituents|founders|signatories|factions)\s+(?:are|were|include|included|comprise|were\s+named\s+as)"
    r"|signatories\s+(?:were|are|include|included))\b", re.IGNORECASE)
_LIST_AFTER_ALLIANCE = re.compile(
    r"^\s*(?:\([^)]*\)\s*)?,?\s*(?:(?:which|that)\s+)?(?:(?:is|was|are|were)\s+)?(?:now\s+|initially\s+)?"
    r"(?:made\s+up\s+of|composed\s+of|comprising|comprises|comprised|consisting\s+of|consists\s+of|grouping|groups|"
    r"bringing\s+together|brings\s+together|brought\s+together|uniting|unites|including|includes|included)\s",
    re.IGNORECASE)
# where a list stops: an exception, a negation, a new clause
_LIST_END = re.compile(r"\b(?:but\s+not|but|not|nor|neither|except|excluding|without|while|whereas|although|though|"
                       r"which|who|whose|after|before|when|because|to\s+(?:fight|take|topple|bring|oust|defend|seize|"
                       r"capture|retake|drive|push|build|coordinate|unify))\b|[.;:]\s*$|\s[–—]\s", re.IGNORECASE)
_SUBJECT_GOVERNED = {"by", "of", "from", "to", "against", "with", "on", "in", "at", "for", "into", "towards", "toward",
                     "over", "under", "than", "like", "between", "alongside", "beside"}
_HOW_FAR = 3  # how many sentences after a founding may list its members
_SPEC = {"relation": "member of", "subject": "subject", "object": "object", "date": "start", "undated": "attested",
         "confidence": 0.7, "voice": "reporter"}
_PATTERNS = {how: Pattern(f"founding: {how}", re.compile("(?!)"), _SPEC)
             for how in ("founders", "members listed", "alliance's members")}


@dataclass
class Founding:
    """What the founding rules read in a report: the matches of each sentence (by its index)
    and the new names the lists type (members as armed groups, the founded as an alliance)."""

    matches: dict[int, list[Match]]
    typed: list[NewName]


def founding_matches(parts: list[Sentence], founds: list[list[Mention]], unknown: list[NewName]) -> Founding:
    """The memberships a report's foundings and member lists give (see the module)."""
    out: dict[int, list[Match]] = {}
    typed: dict[str, NewName] = {}
    current: tuple[int, Mention] | None = None  # the last founding: its sentence, the alliance
    for sentence, found in zip(parts, founds):
        names = _names(sentence, found, unknown)
        founded = _founding(sentence, names)
        matches: list[Match] = []
        if founded is not None:
            verb, alliance = founded
            current = (sentence.index, alliance)
            founders = _founders(sentence, names, verb.start(), alliance)
            if founders:
                matches.extend(_match("founders", founders, alliance, (0, len(sentence.text))))
        for trigger in _LIST_AFTER_FOUNDING.finditer(sentence.text):
            if current is None or sentence.index - current[0] > _HOW_FAR:
                break
            members = _listed(sentence.text, names, trigger.end(), current[1])
            if members:
                matches.extend(_match("members listed", members, current[1], (0, len(sentence.text))))
        for name in names:
            if name.kind in ("alliance", "armed group") or (current is not None and name.iri == current[1].iri):
                after = _LIST_AFTER_ALLIANCE.match(sentence.text[name.end:])
                if after is not None and not sentence.text[:name.start].rstrip().endswith(("of", "from", "by")):
                    members = _listed(sentence.text, names, name.end + after.end(), name)
                    if members:
                        matches.extend(_match("alliance's members", members, name, (name.start, len(sentence.text))))
        if matches:
            out[sentence.index] = matches
            for match in matches:
                _type(match.slots["subject"][0], "armed group", unknown, typed)
                _type(match.slots["object"][0], "alliance", unknown, typed)
    return Founding(out, list(typed.values()))


def _match(how: str, members: list[Mention], alliance: Mention, span: tuple[int, int]) -> list[Match]:
    """A membership match a member; a name the finder left untyped takes the kind its place in
    the list gives."""
    alliance = alliance if alliance.kind else replace(alliance, kind="alliance")
    return [Match(_PATTERNS[how], {"subject": [m if m.kind else replace(m, kind="armed group")], "object": [alliance]},
                  span, None) for m in members]


def _names(sentence: Sentence, found: list[Mention], unknown: list[NewName]) -> list[Mention]:
    """The parties a list may name: the actors found, and the names kg does not know that the
    finder left untyped ("YPJ", "Euphrates Volcano"), as mentions of new parties."""
    names = [m for m in found if m.is_actor and not m.unresolved]
    taken = [(m.start, m.end) for m in found]
    for new in unknown:
        if new.sentence != sentence.index or new.start < 0 or new.kind:
            continue
        if any(s < new.end and new.start < e for s, e in taken) or new.guess not in ("name?", "armed group?"):
            continue
        names.append(Mention(sentence.index, new.start, new.end, new.name, new.iri, new.name, "", "new"))
    return sorted(names, key=lambda m: m.start)


def _founding(sentence: Sentence, names: list[Mention]) -> tuple[re.Match[str], Mention] | None:
    """The founding verb and the alliance it makes, if the sentence reports one as done."""
    text = sentence.text
    for verb in _FOUND.finditer(text):
        if _NOT_YET.search(text[:verb.start()]) or sentence.in_quotes(verb.start(), verb.end()):
            continue
        rest = text[verb.end():]
        stop = re.search(r"[;.]|\s[–—]\s|\b(?:against|to\s+(?:fight|take|topple|oust|defend))\b", rest)
        limit = verb.end() + (stop.start() if stop else len(rest))
        first = next((n for n in names if verb.end() <= n.start < limit), None)
        if first is None or not (first.kind in ("alliance", "armed group") or first.iri.startswith("new:")):
            continue
        between = text[verb.end():first.start]
        words = re.findall(r"[\w'’-]+", between)
        if len(words) > 8 or any(w[:1].isupper() for w in words) or re.search(r"[;:()]", between):
            continue  # another name, or a clause, comes first
        said = " ".join(w.lower() for w in words)
        if _NEEDS_BODY.fullmatch(verb.group(0).lower()) and not _BODY_WORD.search(said):
            continue  # "launched Operation X", "united the factions": no new alliance unless the text says one
        if re.search(r"\b(?:with|of|by|from|to|against|on|near|at|for|alongside|between)(?:\s+(?:the|a|an|new))*$", said):
            continue  # "formed an alliance with X", "formed the core of X": X is no new alliance
        if not (_BODY_WORD.search(said) or re.fullmatch(r"(?:(?:in|into|under|as)\s+)?(?:(?:a|an|the)\s+)?(?:new\s+)?",
                                                        said + " " if said else "")):
            continue  # "formed in 2012 by X", "set up checkpoints near X": no founding of X here
        return verb, first
    return None


def _founders(sentence: Sentence, names: list[Mention], at: int, alliance: Mention) -> list[Mention]:
    """The founders a founding sentence names before its verb: its subject and those coordinated
    with it or listed after "among them"/"including" (never a possessive, a name a preposition
    governs: "backed by Turkey", "fighting in Aleppo", nor one in an aside that lists no
    founders: "A, which fought B, formed X")."""
    text = sentence.text
    out = []
    clause_start = max(text.rfind(";", 0, at), text.rfind(":", 0, at)) + 1
    for name in names:
        if not clause_start <= name.start < at or name.iri == alliance.iri or not name.kind or not _party(name):
            continue
        aside = next(((s, e) for s, e in sentence.asides if s <= name.start < e), None)
        if aside is not None and not re.match(r"\W*(?:among\s+them|including|such\s+as|notably)\b", text[aside[0]:],
                                              re.IGNORECASE):
            continue
        if re.match(r"['’]s?\b", text[name.end:]) or re.match(r"\s*[-–](?:led|backed|based|linked)\b", text[name.end:]):
            continue
        before = re.findall(r"[\w’']+", text[clause_start:name.start].lower())
        listing = re.search(r"\b(?:among\s+them|including|such\s+as|notably)\b[^;]*$", text[clause_start:name.start],
                            re.IGNORECASE)
        if before and before[-1] in _SUBJECT_GOVERNED and listing is None:
            continue
        if before and before[-1] in ("the",) and len(before) > 1 and before[-2] in _SUBJECT_GOVERNED and listing is None:
            continue
        out.append(name)
    return out


def _listed(text: str, names: list[Mention], start: int, alliance: Mention) -> list[Mention]:
    """The parties listed from ``start`` until the list stops ("but not", a new clause, the end)."""
    stop = _LIST_END.search(text, start)
    end = stop.start() if stop else len(text)
    region = [n for n in names if start <= n.start < end and n.iri != alliance.iri and _party(n)]
    out = []
    for name in region:
        if re.match(r"['’]s?\b", text[name.end:]):
            continue  # "al-Qaeda's Syrian branch the Nusra Front": the possessor is no member
        before = [w for w in re.findall(r"[\w’']+", text[start:name.start].lower()) if w not in ("the", "a", "an")]
        if before and before[-1] in _SUBJECT_GOVERNED - {"of"}:
            continue  # "the Islamic Front in Aleppo": Aleppo is where, not who; "support from the X": a helper
        out.append(name)
    return out


def _party(name: Mention) -> bool:
    """Whether a name may be a member: an armed group, an alliance or a name kg does not know
    (never a state's forces, a person or a place)."""
    if name.kind in ("armed group", "alliance"):
        return True
    return name.iri.startswith("new:") and not name.kind and bool(re.match(r"(?:al-|el-)?[A-Z]", name.label)) and not (
        re.search(r"\d", name.label))


def _type(mention: Mention, kind: str, unknown: list[NewName], typed: dict[str, NewName]) -> None:
    """Type a name the finder left untyped by the list it is in (members: armed groups; the
    founded: an alliance). A name the finder typed keeps its kind (a new armed group that
    others join becomes an alliance in kg.extract)."""
    if not mention.iri.startswith("new:") or mention.iri in typed:
        return
    first = next((n for n in unknown if n.iri == mention.iri), None)
    if first is not None and not first.kind:
        typed[mention.iri] = first.typed(kind)


def settle(candidates: list[Candidate]) -> list[Candidate]:
    """The rows without a claim of a membership a founding row of the same sentence gives as
    the report's own (an alliance's announcement of its founding is the founding)."""
    founded = {(c.sentence, c.iris[:2]) for c in candidates if c.pattern.startswith("founding:") and not c.claimant}
    return [c for c in candidates if not (c.claimant and c.relation == "member of" and (c.sentence, c.iris[:2]) in founded)]
