"""The parts of a clause the clause rules read (kg.extract.clauses): where a sentence is cut
into clauses, the actors no preposition governs, a clause's subject, the places and actors
right after a verb, a relative clause's antecedent, and the helpers after "backed by" (allies
of the party they back). Everything here works on a masked sentence: every name a slot
token (kg.extract.coder.mask)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

from .coder import PLACE_LIST, Pattern
from .newkinds import PLACE_ADJECTIVES

__all__ = ["ACTOR_LEAD", "PLACE_HEAD", "PRONOUN", "Clause", "actors_after", "antecedent", "backed", "free_actors", "hedged",
           "owner_of_places",
           "pattern_for", "places_after", "split", "subject_of"]

_TOKEN = r"⟦[APNL]\d+⟧"
_HARD = re.compile(r"\s*(?:;|\s[–—]\s|[–—]|\(|\)|[\"“”])\s*")
# where a clause opens: the word says which kind ("rel": its subject is the name before)
_OPENERS = re.compile(r",?\s+(?P<word>which|who|that|when|where|while|after|before|but|whereas|although|because|"
                      r"ending|leaving|making|driving|forcing|pushing|expelling|bringing|giving|"
                      # "since" with a subject of its own ("since it captured X"), not "since March"
                      r"since(?=\s+(?:the\s+)?⟦A\d+⟧))\s+")
_GOVERNING = {"by", "from", "against", "with", "to", "for", "in", "at", "on", "near", "between", "alongside", "of",
              "into", "over", "among", "besides", "without", "than", "like", "including"}
_FIGHTERS = {"fighters", "members", "units", "troops", "militants", "forces", "soldiers", "militiamen", "remnants",
             "commanders", "men", "jihadists", "rebels"}
_TIMES = {"nightfall", "dawn", "noon", "midday", "morning", "evening", "night", "daybreak", "sunset", "sunrise", "then",
          "now", "midnight", "weekend", "today", "tonight", "monday", "tuesday", "wednesday", "thursday", "friday",
          "saturday", "sunday", "january", "february", "march", "april", "may", "june", "july", "august", "september",
          "october", "november", "december", "early", "late", "mid", "day", "week", "month", "year", "days", "weeks",
          "months", "hours", "time"}
_AUX = r"(?:(?:is|are|was|were|be|been|being|has|have|had|now|still|already|also|then|later|finally|fully|completely|" \
       r"effectively|largely|formally|officially|since)\s+){0,4}"
PRONOUN = re.compile(r"\b(?:it|they|its\s+(?:fighters|forces|troops|units|men)|their\s+(?:fighters|forces|troops|units|men))\s*"
                      r"(?:(?:has|have|had|now|also|already|finally|fully|been)\s+){0,3}$", re.IGNORECASE)
PLACE_HEAD = (r"(?:(?:the\s+)?(?:whole|entire)\s+of\s+|all\s+of\s+|full\s+control\s+of\s+|"
               r"(?:full\s+|complete\s+)?control\s+(?:of|over)\s+)?(?:(?:the|an?)\s+)?(?:(?:[\w'’-]+\s+){0,3}?"
               r"(?:towns?|city|cities|villages?|provincial\s+capitals?|capitals?|districts?|strongholds?|enclaves?|"
               r"bastions?|bases?|airbases?|airports?|crossings?|dams?|regions?|provinces?|governorates?)\s+(?:of\s+|at\s+)?)?")
PLACE_HEAD = PLACE_HEAD.replace(r"(?:(?:the|an?)\s+)?", r"(?:(?:the|an?)\s+)?(?:⟦A\d+⟧[-–](?:held|controlled|occupied|run)\s+)?"
                                r"(?:(?:" + "|".join(sorted(map(re.escape, PLACE_ADJECTIVES))) + r")\s+)?", 1)
_LIST_SEP = r"(?:\s*,\s*(?:and\s+|as\s+well\s+as\s+)?|\s+and\s+|\s+as\s+well\s+as\s+)"
# (a preposition is never a word of an actor's name: "fought under the X banner" fought no X)
ACTOR_LEAD = (r"(?:(?:the|a|an|its|their|his|fellow)\s+)?(?:(?!(?:and|or|but|by|from|of|to|with|against|in|on|at|into|for|"
              r"under|behind|near|over|across|through|within|among|inside|beside|alongside|around|toward|towards|after|"
              r"before|during|since|until)\b)[A-Za-z][\w'’-]*\s+){0,2}?")


@dataclass
class Clause:
    start: int
    end: int
    opener: str  # "", "rel", "that", "and", "sub", "ing"
    before: str  # the masked text before the clause (for antecedents and speakers)


def split(masked: str, verbs: re.Pattern[str]) -> list[Clause]:
    """The clauses of a masked sentence, each with the kind of its opening."""
    cuts: list[tuple[int, int, str]] = [(m.start(), m.end(), "") for m in _HARD.finditer(masked)]
    for m in _OPENERS.finditer(masked):
        word = m.group("word").lower()
        before = masked[:m.start()].rstrip()
        if word in ("which", "who") or (word == "that" and re.search(
                rf"{_TOKEN}(?:\s+(?:fighters|forces|group|alliance|coalition|militia|faction|movement)|\s*,\s*(?:an?|the)\s+"
                rf"(?:[\w'’-]+\s+){{0,4}}?(?:group|alliance|coalition|militia|faction|movement|force|organi[sz]ation))?$", before)):
            kind = "rel"
        elif word == "that":
            kind = "that"
        elif word.endswith("ing"):
            kind = "ing"
        else:
            kind = "sub"
        cuts.append((m.start(), m.end(), kind))
    for m in re.finditer(r",?\s+and\s+(?=(?:(?:the\s+(?:next|following)\s+(?:day|week|morning)|(?:a|one|two|three)\s+(?:days?|weeks?)\s+"
                         r"later|(?:days|hours|weeks)\s+later|on\s+[A-Z]\w+)\s*,?\s+)?"
                         r"(?:(?:has|have|had|then|later|also|now|completely|fully|finally|successfully)\s+)?(?:"
                         + verbs.pattern + "))", masked):
        cuts.append((m.start(), m.end(), "and"))
    # a comma before a verb phrase closes an aside: the main clause resumes ("A, an alliance of B, has taken X")
    for m in re.finditer(r",\s+(?=(?:(?:has|have|had|is|are|was|were|then|later|also|now|on\s+\w+)\s+){0,2}(?:" + verbs.pattern + "))", masked):
        cuts.append((m.start(), m.end(), "resume"))
    # "... on Sunday as the last security forces pulled out": "as" with a party of its own opens a clause
    for m in re.finditer(r"(?<!such)(?<!known)(?<!well)(?<!same)(?<!\bso)(?<!named)(?<!described)\s+as\s+(?=(?:the\s+)?(?:(?!of\b|part\b|well\b)[\w-]+\s+){0,3}?"
                         r"(?:(?:forces|troops|fighters|militants|soldiers|units|rebels|militiamen|gunmen|jihadists)\b(?!\s+of\b)|"
                         r"⟦A\d+⟧\s+(?:\w+\s+){0,2}?(?:pulled|withdrew|retreated|fled|left|advanced|moved|entered|fought)\b))", masked):
        cuts.append((m.start(), m.end(), "sub"))
    # a that-clause without its "that": "one resident claimed some A members had pledged ..."
    for m in re.finditer(r"\b(?:said|says|say|claimed|claims|reported|reports|insisted|confirmed|confirm|added|told\s+[\w⟦⟧]+)\s+"
                         r"(?=(?:(?:some|the|its|their|most|many|several|all)\s+)?(?:[\w-]+\s+){0,2}?⟦A\d+⟧|"
                         r"(?:its|their)\s+(?:fighters|forces|men|troops|units|militants|soldiers)\b)", masked):
        cuts.append((m.start(), m.end(), "that"))
    cuts.sort()
    clauses, position, opener, cut = [], 0, "", 0
    for start, end, kind in cuts:
        if start < position:
            continue
        if start > position:
            clauses.append(Clause(position, start, opener, masked[:cut]))
        position, opener, cut = end, kind, start
    if position < len(masked):
        clauses.append(Clause(position, len(masked), opener, masked[:cut]))
    return clauses

# an actor's men after its possessive ("the group's fighters took X"): the actor
_ITS_MEN = re.compile(r"\s*['’]s?\s+(?:(?:own|elite|remaining|best|local|\w+ian)\s+)?(?:fighters|forces|troops|militants|units|"
                      r"militiamen|men|jihadists|rebels|gunmen|soldiers)\b")

_TOWNS = {"town", "city", "village", "capital", "district", "suburb", "port", "enclave", "region", "province", "governorate"}


def free_actors(region: str, offset: int, letter: str = "A") -> list[tuple[str, int, int]]:
    """The actor (or place) tokens of ``region`` that no preposition governs and no "'s" follows."""
    out = []
    for m in re.finditer(rf"⟦{letter}\d+⟧", region):
        if re.match(r"\s*['’]s?\b|\s*['’]", region[m.end():]) and not _ITS_MEN.match(region, m.end()):
            continue  # "X's airport" is no actor; "X's fighters" are X's
        # (a possessive before the name is part of its phrase: "by Khalifa Haftar's A" is governed by "by")
        words = re.findall(r"[\w'’-]+|,", re.sub(r"⟦[A-Z]\d+⟧['’]s\s+$", "", region[:m.start()]).lower())[-4:]
        governed = False
        for i in range(len(words) - 1, -1, -1):
            w = words[i]
            if w in _GOVERNING:  # "fighters of X" is X; "by nightfall X" is X too; "fighters led by X" is X
                governed = not ((w == "of" and i > 0 and words[i - 1] in _FIGHTERS  # "supported by fighters of X": governed
                                 and not (i > 1 and words[i - 2] in ("by", "with", "alongside", "against", "from")))
                                or (w == "of" and letter == "P" and i > 0 and words[i - 1] in _TOWNS)  # "the city of X"
                                or (w == "by" and i > 1 and words[i - 1] in ("led", "headed", "commanded")
                                    and words[i - 2] in _FIGHTERS | {"alliance", "coalition", "groups", "factions"})
                                or any(x in _TIMES for x in words[i + 1:]))  # "on the same day X", "within hours X"
                break
            if w == "," or w in ("and", "or") or not re.fullmatch(r"[a-z][\w'’-]*", w) or w.endswith("ed"):
                break
        if not governed:
            out.append((m.group(0), offset + m.start(), offset + m.end()))
    return out


def subject_of(region: str) -> list[str]:
    """The subject of a clause: its first free actor and the ones coordinated with it ("A, B and
    C"), never an apposition ("A, the B group,")."""
    free = free_actors(region, 0)
    if not free:
        return []
    chain, joins = [free[0][0]], []
    for (_, _, end), (token, start, _) in pairwise(free):
        between = re.sub(r"\b(?:the|a|an|its|their|allied|fellow)\b", " ", region[end:start].lower())
        between = re.sub(r"\b(?:fighters|forces|troops|militants|units|militiamen|rebels)\b", " ", between)
        if not re.fullmatch(r"\s*,?\s*(?:(?:and|or|as well as)\s*)?", between):
            break
        chain.append(token)
        joins.append(bool(re.search(r"\b(?:and|or|as well as)\b", between)))
    last = max((i for i, joined in enumerate(joins) if joined), default=-1)
    return chain[:last + 2]


# "overran the Syrian army's Tabqa air base": the place with the party that held it before it
_OWNER = re.compile(r"(?:the\s+)?(?P<owner>⟦A\d+⟧)['’]s?\s+(?=(?:[\w-]+\s+){0,2}?⟦P\d+⟧)")


def owner_of_places(rest: str) -> str | None:
    """The party whose place the words right after a verb name ("the army's X base"), if any."""
    owner = _OWNER.match(rest)
    return owner.group("owner") if owner else None


def places_after(rest: str, partial: set[str]) -> list[tuple[str, int]]:
    """The places right after a verb ("the town of X and Y", "the army's X base"), none when the
    words between name a part of the place ("the eastern districts of X") or a place's
    possession ("X's airport")."""
    owner = _OWNER.match(rest)
    if owner is not None:
        return [(token, owner.end() + end) for token, end in places_after(rest[owner.end():], partial)]
    head = re.match(PLACE_HEAD + r"(?P<p>⟦P\d+⟧)", rest, re.IGNORECASE)
    if head is None or len(rest[:head.start("p")].split()) > 7:
        return []
    parts = set(re.findall(r"[a-z]+", rest[:head.start("p")].lower())) & partial
    # "the villages of X and Y" are X and Y (a list names the villages); "the villages of X" are X's part
    if parts and not (parts == {"villages"} and re.match(PLACE_LIST, rest[head.start("p"):])):
        return []
    found, joins, position = [], [], head.start("p")
    while True:
        token = re.match(r"⟦P\d+⟧", rest[position:])
        if token is None:
            break
        end = position + token.end()
        if re.match(r"\s*['’]s?\b|\s+(?:military\s+|air\s+|army\s+)?(?:base|airbase|barracks|headquarters|compound|"
                    r"checkpoints?|positions|outposts?)\b", rest[end:]):
            break  # "X's airport", "the army's X base": no capture of X
        found.append((token.group(0), end))
        more = re.match(_LIST_SEP + r"(?:the\s+(?:towns?|city|cities|villages?)\s+of\s+)?(?=⟦P)", rest[end:])
        if more is None:
            break
        joins.append(bool(re.search(r"\b(?:and|as well as)\b", more.group(0))))
        position = end + more.end()
    last = max((i for i, joined in enumerate(joins) if joined), default=-1)  # "X, Y and Z"; never "X, the province"
    return found[:last + 2]


def actors_after(rest: str, loose: bool = False) -> list[tuple[str, int]]:
    """The actors right after a verb ("the X movement, Y and Z"); ``loose``: every actor of the
    rest of the clause ("was formed in March by groups including X and Y")."""
    if loose:  # "formed by groups including X and Y": the list after "including", never "defectors from Z"
        listed = re.search(r"\b(?:including|such\s+as|among\s+them|namely)\s+", rest)
        return [(t, listed.end() + end) for t, end in actors_after(rest[listed.end():])] if listed else actors_after(rest)
    found, joins, position = [], [], 0
    while True:
        m = re.match(ACTOR_LEAD + r"(⟦A\d+⟧)(?!\s*['’])(?:\s+(?:movement|group|faction|brigades?|militia|front|fighters|"
                     r"forces|alliance|coalition|rebels|troops))?", rest[position:])
        if m is None:
            break
        found.append((m.group(1), position + m.end()))
        more = re.match(_LIST_SEP, rest[position + m.end():])
        if more is None:
            break
        joins.append(bool(re.search(r"\b(?:and|as well as)\b", more.group(0))))
        position += m.end() + more.end()
    last = max((i for i, joined in enumerate(joins) if joined), default=-1)  # "A, B and C"; "A, the B alliance" is one
    return found[:last + 2]


def hedged(region: str, clause: Clause, hedge: dict[str, list[str]]) -> bool:
    """Whether the clause states nothing as current fact: a hedge word in the four words before its
    verb, a history adverb right before it ("first overran X", "originally seized"), or a
    that-clause of a forecast."""
    words = [w.lower() for w in re.findall(r"[A-Za-z'’]+", region)][-4:]
    if set(words) & set(hedge.get("window", [])):
        return True
    if words and words[-1] in hedge.get("history_adverb", []):
        return True
    if clause.opener == "that":
        last = re.findall(r"[A-Za-z]+", clause.before)[-4:]
        return bool({w.lower() for w in last} & set(hedge.get("opener", [])))
    return False


def pattern_for(name: str, lexicon: dict[str, Any], voice: str, **more: Any) -> Pattern:
    spec = lexicon[name]
    data = {"relation": spec["relation"], "subject": "subject", "object": "object", "date": spec.get("date", "attested"),
            "undated": spec.get("undated", "attested"), "confidence": spec.get("confidence", 0.6), **more}
    return Pattern(f"clause: {name}, {voice}", re.compile("(?!)"), data)


def antecedent(clause: Clause) -> list[str]:
    """The name a relative clause is about: the one right before it, or before its apposition
    ("A, a coalition of armed groups, which ...")."""
    m = re.search(r"(⟦A\d+⟧)(?:\s+(?:fighters|forces|militia|group|alliance|coalition))?\s*,?\s*"
                  r"(?:(?:an?|the)\s+(?:(?!⟦)[\w'’-]+\s*){1,6},?\s*)?$", clause.before)
    return [m.group(1)] if m else []


_HELPERS = re.compile(r"\b(?:fighters|troops|units|members|militiamen|advisers|jets|warplanes)\s+(?:of|from)\s+"
                      r"(?:[A-Z][\w-]*['’]s\s+)?")


def _one_list(text: str, listed: list[tuple[str, int]]) -> list[tuple[str, int]]:
    """The first of ``listed`` (actor tokens of ``text``, each with its end) and those joined to it
    as one list ("B, C and Lebanese D"): a list ends where a verb or a clause comes between
    ("Backed by B, his fighters battled C": C is no helper)."""
    out = listed[:1]
    for token, end in listed[1:]:
        gap = text[out[-1][1]:text.index(token, out[-1][1])]
        if not re.fullmatch(r"\s*(?:,\s*)?(?:(?:and|or|as\s+well\s+as|along\s+with)\s+)?(?:the\s+)?(?:[\w'’-]+\s+){0,2}", gap) or \
                re.search(r"\b(?![\w'’]+-)[a-z]+ed\b", gap):
            break
        out.append((token, end))
    return out


_BACKING = r"(?:armed|funded|trained|financed|backed|supported|equipped|paid|sponsored)"
# "A, a hardline movement backed by B": an apposition that describes A, then its backer
_DESCRIBED_AS = (r",\s*(?:an?|the)\s+(?:[\w'’-]+\s+){0,3}?(?:movement|group|militia|faction|force|forces|coalition|"
                 r"alliance|organi[sz]ation|army|party|umbrella|brigade)\s+")


def backed(m: re.Match[str], region: str, rest: str, after: int, clause: Clause,
            lexicon: dict[str, Any]) -> tuple[dict[str, Any], Pattern] | None:
    """"A, backed by B and C", "A was backed by B", "A, which is backed by B", "Backed by B, A ...":
    B and C are A's allies."""
    agent = re.match(r"by\s+", rest)
    if agent is None:
        return None
    helpers = _HELPERS.sub(lambda h: " " * len(h.group(0)), rest[agent.end():])  # "fighters of Lebanon's B": B
    helpers = helpers.lstrip()
    listed = _one_list(helpers, actors_after(helpers) if helpers.strip() else [])
    if not listed:
        return None
    region = re.sub(rf"\b{_BACKING}\s+(?:and|,)\s+$", "", region)  # "armed and trained by B": one backing
    aux = re.search(r"(?:\b(?:is|are|was|were|be|been|being)\s+(?:\w+ly\s+|now\s+|still\s+|also\s+)*|,\s*|⟦A\d+⟧\s+|"
                    rf"{_DESCRIBED_AS})$", region)
    if aux is not None and aux.group(0).startswith("⟦"):
        objects = [aux.group(0).split("⟧")[0] + "⟧"]
    elif aux is not None:
        objects = [t for t, _, _ in free_actors(region[:aux.start()], 0)][-1:] or (
            antecedent(clause) if clause.opener == "rel" else [])
    elif not region.strip():  # fronted: "Backed by B, A took X"
        tail = helpers[listed[-1][1]:]  # after the helpers: ", A took X"
        lead = re.match(r"(?:\s+(?:and\s+)?[\w'’-]+(?:\s+[\w'’-]+){0,3})?\s*,\s*(?:the\s+)?(?:[\w'’-]+\s+){0,2}?(⟦A\d+⟧)", tail)
        objects = [lead.group(1)] if lead else []
        if not objects and len(listed) > 1 and not re.search(r"\band\b", helpers[listed[-2][1]:listed[-1][1]]):
            listed, objects = listed[:-1], [listed[-1][0]]  # "Backed by B, A took X": no "and" before A
    else:
        objects = []
    objects = [o for o in objects if o not in {a for a, _ in listed}]
    if not objects:
        return None
    return ({"subject": [a for a, _ in listed], "object": objects, "_end": [len(region) + len(m.group(0)) + len(rest)]},
            pattern_for("backed", lexicon, "passive"))
