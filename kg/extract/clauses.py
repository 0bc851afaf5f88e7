"""Clause rules: whole families of wording, not phrases (kg/extract/lexicon.toml).

A sentence (every known or new name a slot, as in kg.extract.coder) is cut into clauses at
";", dashes, quotation marks, ", which", ", who", "that", "when", "after", "while", "but" and
at an "and" that starts a new verb phrase ("A stormed X and took Y"). In each clause a verb of
the lexicon gives the relation, and its voice gives the roles:

- active ("A and B captured X and Y"): the subjects are the actors before the verb that no
  preposition governs ("backed by C", "against D" are not subjects; "fighters of E" is); the
  objects are what follows the verb (places, or actors), each coordinated name a row;
- passive ("X was overrun on Sunday by A", "X, which is spearheaded by A"): the object comes
  first, the agent after "by";
- inverse ("X fell to A", "A groups B, C and D", "X is in the hands of A").

A clause without a subject of its own takes the one its form points to: a relative clause its
antecedent ("A, which had seized X"), a coordinated verb phrase the previous clause's subject,
a that-clause of a speaker ("A said it had taken X", "A declared that X had been freed") the
speaker. A hedge in the clause before its verb ("could", "expected to", "tried to", "former"),
or a that-clause of a forecast ("predicted that"), states nothing; the parts of a place ("the
eastern districts of X") are not the place. The rows are built as the patterns' are
(kg.extract.candidates): dates, claims and merging are theirs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from .coder import Attribution, Match, Pattern, mask
from .lexicon import LEXICON, _all_verbs, _compiled, _load
from .mentions import Mention
from .roles import role_matches
from .text import Sentence

__all__ = ["clause_matches"]

_TOKEN = r"⟦[APNL]\d+⟧"
_HARD = re.compile(r"\s*(?:;|\s[–—]\s|[–—]|\(|\)|[\"“”])\s*")
# where a clause opens: the word says which kind ("rel": its subject is the name before)
_OPENERS = re.compile(r",?\s+(?P<word>which|who|that|when|where|while|after|before|but|whereas|although|because|"
                      r"ending|leaving|making|driving|forcing|pushing|expelling|bringing|giving)\s+")
_GOVERNING = {"by", "from", "against", "with", "to", "for", "in", "at", "on", "near", "between", "alongside", "of",
              "into", "over", "among", "besides", "without", "than", "like", "including"}
_FIGHTERS = {"fighters", "members", "units", "troops", "militants", "forces", "soldiers", "militiamen", "remnants",
             "commanders", "men", "jihadists", "rebels"}
_TIMES = {"nightfall", "dawn", "noon", "midday", "morning", "evening", "night", "daybreak", "sunset", "sunrise", "then",
          "now", "midnight", "weekend", "today", "tonight", "monday", "tuesday", "wednesday", "thursday", "friday",
          "saturday", "sunday", "january", "february", "march", "april", "may", "june", "july", "august", "september",
          "october", "november", "december", "early", "late", "mid"}
_AUX = r"(?:(?:is|are|was|were|be|been|being|has|have|had|now|still|already|also|then|later|finally|fully|completely|" \
       r"effectively|largely|formally|officially|since)\s+){0,4}"
_PRONOUN = re.compile(r"\b(?:it|they|its\s+(?:fighters|forces|troops|units|men)|their\s+(?:fighters|forces|troops|units|men))\s*"
                      r"(?:(?:has|have|had|now|also|already|finally|fully|been)\s+){0,3}$", re.IGNORECASE)
_PLACE_HEAD = (r"(?:(?:the\s+)?(?:whole|entire|rest|bulk)\s+of\s+|all\s+of\s+|most\s+of\s+|full\s+control\s+of\s+|"
               r"(?:full\s+|complete\s+)?control\s+(?:of|over)\s+)?(?:(?:the|an?)\s+)?(?:(?:[\w'’-]+\s+){0,3}?"
               r"(?:town|city|village|provincial\s+capital|capital|district|stronghold|enclave|bastion|base|airbase|"
               r"airport|crossing|dam|region|province|governorate)\s+(?:of\s+|at\s+)?)?")
_PLACE_HEAD = _PLACE_HEAD.replace(r"(?:(?:the|an?)\s+)?", r"(?:(?:the|an?)\s+)?(?:⟦A\d+⟧[-–](?:held|controlled|occupied|run)\s+)?", 1)
_LIST_SEP = r"(?:\s*,\s*(?:and\s+|as\s+well\s+as\s+)?|\s+and\s+|\s+as\s+well\s+as\s+)"
_ACTOR_LEAD = r"(?:(?:the|a|an|its|their|his|fellow)\s+)?(?:(?!(?:and|or|but|by|from|of|to|with|against|in|on|at|into|for)\b)[A-Za-z][\w'’-]*\s+){0,2}?"


@dataclass
class _Clause:
    start: int
    end: int
    opener: str  # "", "rel", "that", "and", "sub", "ing"
    before: str  # the masked text before the clause (for antecedents and speakers)


def _split(masked: str, verbs: re.Pattern[str]) -> list[_Clause]:
    """The clauses of a masked sentence, each with the kind of its opening."""
    cuts: list[tuple[int, int, str]] = [(m.start(), m.end(), "") for m in _HARD.finditer(masked)]
    for m in _OPENERS.finditer(masked):
        word = m.group("word").lower()
        before = masked[:m.start()].rstrip()
        if word in ("which", "who") or (word == "that" and re.search(
                rf"{_TOKEN}(?:\s+(?:fighters|forces|group|alliance|coalition|militia|faction|movement))?$", before)):
            kind = "rel"
        elif word == "that":
            kind = "that"
        elif word.endswith("ing"):
            kind = "ing"
        else:
            kind = "sub"
        cuts.append((m.start(), m.end(), kind))
    for m in re.finditer(r",?\s+and\s+(?=(?:(?:has|have|had|then|later|also|now|completely|fully|finally|successfully)\s+)?(?:"
                         + verbs.pattern + "))", masked):
        cuts.append((m.start(), m.end(), "and"))
    # a comma before a verb phrase closes an aside: the main clause resumes ("A, an alliance of B, has taken X")
    for m in re.finditer(r",\s+(?=(?:(?:has|have|had|is|are|was|were|then|later|also|now|on\s+\w+)\s+){0,2}(?:" + verbs.pattern + "))", masked):
        cuts.append((m.start(), m.end(), "resume"))
    # a that-clause without its "that": "one resident claimed some A members had pledged ..."
    for m in re.finditer(r"\b(?:said|says|claimed|claims|reported|reports|insisted|confirmed|added|told\s+[\w⟦⟧]+)\s+"
                         r"(?=(?:(?:some|the|its|their|most|many|several|all)\s+)?(?:[\w-]+\s+){0,2}?⟦A\d+⟧)", masked):
        cuts.append((m.start(), m.end(), "that"))
    cuts.sort()
    clauses, position, opener, cut = [], 0, "", 0
    for start, end, kind in cuts:
        if start < position:
            continue
        if start > position:
            clauses.append(_Clause(position, start, opener, masked[:cut]))
        position, opener, cut = end, kind, start
    if position < len(masked):
        clauses.append(_Clause(position, len(masked), opener, masked[:cut]))
    return clauses


def _free_actors(region: str, offset: int, letter: str = "A") -> list[tuple[str, int, int]]:
    """The actor (or place) tokens of ``region`` that no preposition governs and no "'s" follows."""
    out = []
    for m in re.finditer(rf"⟦{letter}\d+⟧", region):
        if re.match(r"\s*['’]s?\b|\s*['’]", region[m.end():]):
            continue
        words = re.findall(r"[\w'’-]+|,", region[:m.start()].lower())[-4:]
        governed = False
        for i in range(len(words) - 1, -1, -1):
            w = words[i]
            if w in _GOVERNING:  # "fighters of X" is X; "by nightfall X" is X too; "fighters led by X" is X
                governed = not ((w == "of" and i > 0 and words[i - 1] in _FIGHTERS)
                                or (w == "by" and i > 1 and words[i - 1] in ("led", "headed", "commanded")
                                    and words[i - 2] in _FIGHTERS | {"alliance", "coalition", "groups", "factions"})
                                or (i + 1 < len(words) and words[i + 1] in _TIMES))
                break
            if w == "," or w in ("and", "or") or not re.fullmatch(r"[a-z][\w'’-]*", w) or w.endswith("ed"):
                break
        if not governed:
            out.append((m.group(0), offset + m.start(), offset + m.end()))
    return out


def _subjects(region: str) -> list[str]:
    """The subject of a clause: its first free actor and the ones coordinated with it ("A, B and
    C"), never an apposition ("A, the B group,")."""
    free = _free_actors(region, 0)
    if not free:
        return []
    chain, joins = [free[0][0]], []
    for (_, _, end), (token, start, _) in zip(free, free[1:]):
        between = re.sub(r"\b(?:the|a|an|its|their|allied|fellow)\b", " ", region[end:start].lower())
        between = re.sub(r"\b(?:fighters|forces|troops|militants|units|militiamen|rebels)\b", " ", between)
        if not re.fullmatch(r"\s*,?\s*(?:(?:and|or|as well as)\s*)?", between):
            break
        chain.append(token)
        joins.append(bool(re.search(r"\b(?:and|or|as well as)\b", between)))
    last = max((i for i, joined in enumerate(joins) if joined), default=-1)
    return chain[:last + 2]


def _places_after(rest: str, partial: set[str]) -> list[tuple[str, int]]:
    """The places right after a verb ("the town of X and Y"), none when the words between name a
    part of the place ("the eastern districts of X") or a place's possession ("X's airport")."""
    head = re.match(_PLACE_HEAD + r"(?P<p>⟦P\d+⟧)", rest, re.IGNORECASE)
    if head is None or len(rest[:head.start("p")].split()) > 7:
        return []
    if set(re.findall(r"[a-z]+", rest[:head.start("p")].lower())) & partial:
        return []
    found, joins, position = [], [], head.start("p")
    while True:
        token = re.match(r"⟦P\d+⟧", rest[position:])
        if token is None:
            break
        end = position + token.end()
        if re.match(r"\s*['’]s?\b", rest[end:]):
            break
        found.append((token.group(0), end))
        more = re.match(_LIST_SEP + r"(?:the\s+(?:town|city|village)\s+of\s+)?(?=⟦P)", rest[end:])
        if more is None:
            break
        joins.append(bool(re.search(r"\b(?:and|as well as)\b", more.group(0))))
        position = end + more.end()
    last = max((i for i, joined in enumerate(joins) if joined), default=-1)  # "X, Y and Z"; never "X, the province"
    return found[:last + 2]


def _actors_after(rest: str, loose: bool = False) -> list[tuple[str, int]]:
    """The actors right after a verb ("the X movement, Y and Z"); ``loose``: every actor of the
    rest of the clause ("was formed in March by groups including X and Y")."""
    if loose:  # "formed by groups including X and Y": the list after "including", never "defectors from Z"
        listed = re.search(r"\b(?:including|such\s+as|among\s+them|namely)\s+", rest)
        return [(t, listed.end() + end) for t, end in _actors_after(rest[listed.end():])] if listed else _actors_after(rest)
    found, joins, position = [], [], 0
    while True:
        m = re.match(_ACTOR_LEAD + r"(⟦A\d+⟧)(?!\s*['’])(?:\s+(?:movement|group|faction|brigades?|militia|front|fighters|"
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


def _hedged(region: str, clause: _Clause, hedge: dict[str, list[str]]) -> bool:
    words = [w.lower() for w in re.findall(r"[A-Za-z'’]+", region)][-4:]
    if set(words) & set(hedge.get("window", [])):
        return True
    if clause.opener == "that":
        last = re.findall(r"[A-Za-z]+", clause.before)[-4:]
        return bool({w.lower() for w in last} & set(hedge.get("opener", [])))
    return False


def _spec(name: str, lexicon: dict[str, Any], voice: str, **more: Any) -> Pattern:
    spec = lexicon[name]
    data = {"relation": spec["relation"], "subject": "subject", "object": "object", "date": spec.get("date", "attested"),
            "undated": spec.get("undated", "attested"), "confidence": spec.get("confidence", 0.6), **more}
    return Pattern(f"clause: {name}, {voice}", re.compile("(?!)"), data)


def clause_matches(sentence: Sentence, mentions: list[Mention], speaker: Attribution | None = None,
                   path: Path | None = None, parties: list[Mention] | None = None) -> list[Match]:
    """The statements the clause rules read in ``sentence`` (see the module's docstring)."""
    if sentence.is_question:
        return []
    key = str(path or LEXICON)
    lexicon, compiled, verbs = _load(key), _compiled(key), _all_verbs(key)
    hedge = lexicon.get("hedge", {})
    partial = set(hedge.get("partial", []))
    masked, posmap, slots = mask(sentence, mentions, False)
    who = speaker.who if speaker is not None and speaker.who is not None and speaker.who.is_actor else None
    we = _we(masked, slots, who) if sentence.quoted else None
    found: list[Match] = []
    previous_subjects: list[str] = []
    clauses = _split(masked, verbs)
    # the main clause's subject, for a clause that resumes it after an aside ("A, which ..., took X")
    first = next((masked[c.start:c.end] for c in clauses if _free_actors(masked[c.start:c.end], 0, "A")
                  or _free_actors(masked[c.start:c.end], 0, "P")), "")
    main = (_subjects(first), [t for t, _, _ in _free_actors(first, 0, "P")][:1])
    for clause in clauses:
        text = masked[clause.start:clause.end]
        subjects_here: list[str] = []
        hits = sorted(((m.start(), -len(m.group(0)), name, voice, m) for name, voices in compiled.items()
                       for voice, rx in voices.items() for m in rx.finditer(text)), key=lambda h: (h[0], h[1]))
        taken_until = -1
        for _, _, name, voice, m in hits:
            if m.start() < taken_until:
                continue
            result = _read(name, voice, m, text, clause, lexicon, partial, previous_subjects, who, slots, main, we)
            if result is None and clause.opener == "" and parties and name in ("capture", "drive_out"):
                result = _described(name, voice, m, text, clause, lexicon, partial, slots, main, parties)
            if result is None:
                continue
            region = text[:m.start()]
            if _hedged(region, clause, hedge):
                taken_until = m.end()
                continue
            roles, pattern = result
            taken_until = m.end()
            subjects_here = subjects_here or roles.get("subject", [])
            last = max(roles.pop("_end", [m.end()]))
            named = {k: [slots[t] for t in dict.fromkeys(v)] for k, v in roles.items() if v}
            start = clause.start + m.start() if not roles.get("subject") else clause.start
            span = (posmap[start], posmap[min(clause.end, clause.start + last)])
            found.append(Match(pattern, named, span, (posmap[clause.start + m.start()], posmap[clause.start + m.end()])))
        if clause.opener == "sub" and not subjects_here and not _free_actors(text, 0):
            continue  # "before dawn on Wednesday": no clause of its own; "and took X" still has the subject
        inherited = previous_subjects if clause.opener in ("and", "ing") else main[0] if clause.opener == "resume" else []
        previous_subjects = subjects_here or inherited
        if not subjects_here and clause.opener not in ("and", "ing", "resume"):
            free = _free_actors(text, 0)
            previous_subjects = [t for t, _, _ in free][:1] or previous_subjects
    return found + role_matches(masked, posmap, slots, lexicon)


_DESCRIBED = re.compile(r"^\s*(?:(?:an?|the|some|several)\s+)?(?:[\w.'’-]+\s+){0,6}?(?P<head>fighters|forces|troops|alliance|"
                        r"coalition|militias?|rebels|insurgents|units|militants|soldiers|factions|groups)\b"
                        r"(?:\s+(?:of|backed\s+by|supported\s+by|led\s+by)\s+[^⟦;]{0,80}?)?\s*"
                        r"(?:(?:has|have|had|now|also|finally|on\s+\w+)\s+){0,3}$", re.IGNORECASE)


def _described(name: str, voice: str, m: re.Match[str], text: str, clause: _Clause, lexicon: dict[str, Any],
               partial: set[str], slots: dict[str, Mention], main: tuple[list[str], list[str]],
               parties: list[Mention]) -> tuple[dict[str, Any], Pattern] | None:
    """A capture whose subject only describes its party ("US-backed fighters have taken X",
    "An alliance of Kurdish and Arab fighters captured X"): the one party of a fitting kind the
    headline and first sentences name, besides those in the clause; none when two fit."""
    region = text[:m.start()]
    described = _DESCRIBED.match(region)
    if voice != "active" or described is None or "⟦" in region:
        return None
    head = described.group("head").lower()
    here = {slots[t].iri for t in re.findall(r"⟦A\d+⟧", text)}
    kinds = {"alliance"} if head in ("alliance", "coalition") else {"state forces"} if head in ("troops", "soldiers") else None
    fitting = [p for p in parties if p.iri not in here and (kinds is None or p.kind in kinds)
               and not (head in ("rebels", "insurgents", "militants", "factions") and p.kind == "state forces")]
    if len(fitting) != 1:
        return None
    token = f"⟦A{len(slots) + 900}⟧"
    slots[token] = replace(fitting[0], how="anaphor", note=f"'{described.group(0).strip()}' read as {fitting[0].label}, "
                                                          "the one party of its kind the headline and first sentences name")
    shifted = token + " " + text[m.start():]
    again = m.re.match(shifted, len(token) + 1)
    result = _read(name, voice, again, shifted, clause, lexicon, partial, [], None, slots, main) if again else None
    if result is None:
        return None
    roles, pattern = result
    roles["_end"] = [e - len(token) - 1 + m.start() for e in roles.get("_end", [])]
    return roles, pattern


def _we(masked: str, slots: dict[str, Mention], speaker: Mention | None) -> str | None:
    """Who "we" is in a quotation: the speaking group, or the group its spokesman speaks for."""
    if speaker is not None:
        return next((t for t, x in slots.items() if x is speaker), None)
    m = re.search(r"(?:spokes\w+|officer|official|commander|member|fighter|source|leader)s?\s+(?:for|of|from|with|in)\s+"
                  r"(?:the\s+)?(⟦A\d+⟧)|(⟦A\d+⟧)\s+(?:media\s+|military\s+|press\s+)?(?:spokes\w+|officer|official|commander)", masked)
    return (m.group(1) or m.group(2)) if m else None


def _antecedent(clause: _Clause) -> list[str]:
    """The name a relative clause is about: the one right before it, or before its apposition
    ("A, a coalition of armed groups, which ...")."""
    m = re.search(rf"(⟦A\d+⟧)(?:\s+(?:fighters|forces|militia|group|alliance|coalition))?\s*,?\s*"
                  rf"(?:(?:an?|the)\s+(?:(?!⟦)[\w'’-]+\s*){{1,6}},?\s*)?$", clause.before)
    return [m.group(1)] if m else []


_HELPERS = re.compile(r"\b(?:fighters|troops|units|members|militiamen|advisers|jets|warplanes)\s+(?:of|from)\s+"
                      r"(?:[A-Z][\w-]*['’]s\s+)?")


def _backed(m: re.Match[str], region: str, rest: str, after: int, clause: _Clause,
            lexicon: dict[str, Any]) -> tuple[dict[str, Any], Pattern] | None:
    """"A, backed by B and C", "A was backed by B", "A, which is backed by B", "Backed by B, A ...":
    B and C are A's allies."""
    agent = re.match(r"by\s+", rest)
    if agent is None:
        return None
    helpers = _HELPERS.sub(lambda h: " " * len(h.group(0)), rest[agent.end():])  # "fighters of Lebanon's B": B
    helpers = helpers.lstrip()
    listed = _actors_after(helpers) if helpers.strip() else []
    if not listed:
        return None
    aux = re.search(r"(?:\b(?:is|are|was|were|be|been|being)\s+(?:\w+ly\s+|now\s+|still\s+|also\s+)*|,\s*|⟦A\d+⟧\s+)$", region)
    if aux is not None and aux.group(0).startswith("⟦"):
        objects = [aux.group(0).split("⟧")[0] + "⟧"]
    elif aux is not None:
        objects = [t for t, _, _ in _free_actors(region[:aux.start()], 0)][-1:] or (
            _antecedent(clause) if clause.opener == "rel" else [])
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
            _spec("backed", lexicon, "passive"))


def _read(name: str, voice: str, m: re.Match[str], text: str, clause: _Clause, lexicon: dict[str, Any],
          partial: set[str], previous: list[str], speaker: Mention | None, slots: dict[str, Mention],
          main: tuple[list[str], list[str]], we: str | None = None) -> tuple[dict[str, Any], Pattern] | None:
    """The roles of one verb in its clause, by its class and voice (None: it states nothing)."""
    spec = lexicon[name]
    region, rest = text[:m.start()], text[m.end():]
    pad = len(rest) - len(rest.lstrip())
    rest, after = rest.lstrip(), m.end() + pad  # ``after``: where ``rest`` starts in the clause
    wants_place = spec.get("object") == "place"

    def subjects() -> list[str]:
        free = _subjects(region)
        if free:
            return free
        if we is not None and re.search(r"\b(?:[Ww]e|[Oo]ur\s+(?:fighters|forces|units|men|troops))\s+(?:\w+\s+){0,2}$", region):
            return [we]
        if clause.opener == "resume":
            return main[0]
        if clause.opener == "rel":
            return _antecedent(clause)
        if clause.opener in ("and", "ing") and not previous and we is not None and re.search(r"\b[Ww]e\b[^,;]*$", clause.before):
            return [we]  # "We have won and liberated X," said a spokesman for A
        if clause.opener in ("and", "ing"):
            return previous
        if speaker is not None and clause.opener == "that" and _PRONOUN.search(region):
            return [t for t, x in slots.items() if x is speaker][:1]
        return []

    if voice == "active" and name == "drive_out":
        hit = re.match(_ACTOR_LEAD + r"(⟦A\d+⟧)(?:\s+\w+)?\s+(?:out\s+of|from)\s+" + _PLACE_HEAD + r"(⟦P\d+⟧)(?!\s*['’])",
                       rest, re.IGNORECASE)
        if hit is None:
            return None
        return ({"subject": subjects(), "object": [hit.group(2)], "loser": [hit.group(1)], "_end": [after + hit.end()]},
                _spec(name, lexicon, voice, end=["loser", "object"]))
    if voice == "passive" and name == "backed":
        return _backed(m, region, rest, after, clause, lexicon)
    if voice == "passive":
        aux = re.search(r"(?:\b(?:is|are|was|were|be|been|being)\s+(?:\w+ly\s+|now\s+|still\s+|also\s+)*|,\s*|⟦[AP]\d+⟧\s+)$", region)
        if aux is None:
            return None
        head = region[:aux.start()] if aux.group(0).startswith("⟦") is False else region[:aux.start() + aux.group(0).find("⟧") + 1]
        agent = re.match(r"(?:[\w'’-]+\s+){0,5}?by\s+", rest)
        skip = agent.end() if agent else 0  # "by fighters led by A": A is the agent
        led = re.match(r"(?:[\w'’-]+\s+){0,3}?(?:fighters|forces|troops|units|rebels|militants|insurgents|alliance|coalition|"
                       r"groups|factions)\s+(?:led|headed|commanded|spearheaded|dominated)\s+by\s+", rest[skip:]) if agent else None
        skip += led.end() if led else 0
        listed = _actors_after(rest[skip:]) if agent else []
        agents = [a for a, _ in listed]
        end = (after + skip + listed[-1][1]) if listed else m.end()
        if name == "drive_out":
            place = re.match(r"(?:[\w'’-]+\s+){0,2}?(?:out\s+of|from)\s+" + _PLACE_HEAD + r"(⟦P\d+⟧)(?!\s*['’])", rest,
                             re.IGNORECASE)
            losers = [t for t, _, _ in _free_actors(head, 0)] or (_antecedent(clause) if clause.opener == "rel" else [])
            if place is None or not losers:
                return None
            return ({"subject": agents, "object": [place.group(1)], "loser": losers,
                     "_end": [max(end, after + place.end())]}, _spec(name, lexicon, voice, end=["loser", "object"]))
        objects = ([t for t, _, _ in _free_actors(head, 0, "P")][:1] if wants_place else
                   [t for t, _, _ in _free_actors(head, 0)] or (_antecedent(clause) if clause.opener == "rel" else []))
        if clause.opener == "resume" and not objects:
            objects = main[1] if wants_place else main[0][:1]
        if wants_place and clause.opener == "rel" and not objects:
            before = re.search(r"(⟦P\d+⟧)\s*,?\s*$", clause.before)
            objects = [before.group(1)] if before else []
        if not objects:
            return None
        loser = re.match(r"(?:[\w'’-]+\s+){0,3}?from\s+" + _ACTOR_LEAD + r"(⟦A\d+⟧)", rest) if name == "capture" else None
        if not agents and loser is None:
            return None
        if not agents and speaker is not None and clause.opener == "that" and speaker.kind != "unresolved":
            agents = [t for t, x in slots.items() if x is speaker][:1]
        roles: dict[str, Any] = {"subject": agents, "object": objects, "_end": [end]}
        more: dict[str, Any] = {}
        if loser is not None:
            roles["loser"], more["end"] = [loser.group(1)], ["loser", "object"]
            roles["_end"] = [max(end, after + loser.end())]
        return roles, _spec(name, lexicon, voice, **more)
    if voice == "inverse":
        if not wants_place:  # "B groups A, C and D", "B absorbed A", "B, formerly known as A": B first
            body = [t for t, _, _ in _free_actors(region, 0)] or (_antecedent(clause) if clause.opener == "rel" else [])
            members = _actors_after(rest, loose=name == "member")
            if not body or not members:
                return None
            return ({"subject": [t for t, _ in members], "object": body[:1], "_end": [after + members[-1][1]]},
                    _spec(name, lexicon, voice))
        objects = [t for t, _, _ in _free_actors(region, 0, "P")][:1] if wants_place else []
        if not objects and clause.opener == "rel":
            before = re.search(r"(⟦P\d+⟧)\s*,?\s*$", clause.before)
            objects = [before.group(1)] if before else []
        agents = _actors_after(rest)
        if not agents and we is not None and re.search(r"\bour\b", m.group(0), re.IGNORECASE):
            agents = [(we, len(rest))]  # "X is in our hands," said a spokesman for A
        if not objects or not agents:
            return None
        return {"subject": [t for t, _ in agents], "object": objects, "_end": [after + agents[-1][1]]}, _spec(name, lexicon, voice)
    if re.match(r"by\b", rest):  # "X, spearheaded by Y": the passive, never the active
        return None
    who = subjects()
    if not who:
        return None
    if wants_place:
        places = _places_after(rest, partial)
        if not places or (not spec.get("end") and re.search(r"\buntil\b", rest)):  # "held X until May": history
            return None
        roles = {"subject": who, "object": [t for t, _ in places], "_end": [after + places[-1][1]]}
        more = {}
        if spec.get("loser"):
            loser = re.match(r"(?:[^⟦;]|⟦P\d+⟧){0,90}?\bfrom\s+" + _ACTOR_LEAD + r"(⟦A\d+⟧)", rest[places[-1][1]:])
            if loser is not None:
                roles["loser"], more["end"] = [loser.group(1)], ["loser", "object"]
        return roles, _spec(name, lexicon, voice, **more)
    objects = _actors_after(rest)
    if not objects and clause.opener == "rel" and _subjects(region) and not rest.strip(" ,."):
        objects = [(t, 0) for t in _antecedent(clause)]  # "B, which A leads, ...": the antecedent is the object
    if not objects:
        return None
    return {"subject": who, "object": [t for t, _ in objects], "_end": [after + objects[-1][1]]}, _spec(name, lexicon, voice)

