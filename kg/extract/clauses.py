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
from dataclasses import replace
from pathlib import Path
from typing import Any

from .clauseparts import (
    ACTOR_LEAD,
    PLACE_HEAD,
    PRONOUN,
    Clause,
    actors_after,
    antecedent,
    backed,
    free_actors,
    hedged,
    owner_of_places,
    pattern_for,
    places_after,
    split,
    subject_of,
)
from .coder import Attribution, Match, Pattern, mask
from .lexicon import LEXICON, _all_verbs, _compiled, _load
from .mentions import Mention
from .nominal import nominal_matches
from .roles import role_matches
from .text import Sentence

__all__ = ["clause_matches"]


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
    clauses = split(masked, verbs)
    # the main clause's subject, for a clause that resumes it after an aside ("A, which ..., took X")
    first = next((masked[c.start:c.end] for c in clauses if free_actors(masked[c.start:c.end], 0, "A")
                  or free_actors(masked[c.start:c.end], 0, "P")), "")
    main = (subject_of(first), [t for t, _, _ in free_actors(first, 0, "P")][:1])
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
            if result is None and voice == "active" and lexicon[name].get("loser"):
                result = _lost(name, voice, m, text, lexicon, partial)
            if result is None:
                continue
            region = text[:m.start()]
            if hedged(region, clause, hedge) or (name == "ally" and re.search(r"\bhad\s+(?:\w+\s+)?$", region)):
                # (an alliance in the past perfect, "A had fought alongside B", is history)
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
        if clause.opener == "sub" and not subjects_here and not free_actors(text, 0):
            continue  # "before dawn on Wednesday": no clause of its own; "and took X" still has the subject
        inherited = previous_subjects if clause.opener in ("and", "ing") else main[0] if clause.opener == "resume" else []
        previous_subjects = subjects_here or inherited
        if not subjects_here and clause.opener not in ("and", "ing", "resume"):
            free = free_actors(text, 0)
            previous_subjects = [t for t, _, _ in free][:1] or previous_subjects
    return _ending(found, masked, posmap, slots) + role_matches(masked, posmap, slots, lexicon) + nominal_matches(
        masked, posmap, slots, lexicon, partial)


_DESCRIBED = re.compile(r"^\s*(?:(?:an?|the|some|several)\s+)?(?:[\w.'’-]+\s+){0,6}?(?P<head>fighters|forces|troops|alliance|"
                        r"coalition|militias?|rebels|insurgents|units|militants|soldiers|factions|groups)\b"
                        r"(?:\s+(?:of|backed\s+by|supported\s+by|led\s+by)\s+[^⟦;]{0,80}?)?\s*"
                        r"(?:(?:has|have|had|now|also|finally|on\s+\w+)\s+){0,3}$", re.IGNORECASE)


# a people's or a state's adjective in a description, and the state it names (None: a people, no state)
_NATIONS = {"kurdish": None, "arab": None, "turkmen": None, "druze": None, "yazidi": None, "assyrian": None,
            "syrian": "Syria", "iraqi": "Iraq", "turkish": "Turkey", "iranian": "Iran", "russian": "Russia",
            "lebanese": "Lebanon", "jordanian": "Jordan", "american": "United States", "israeli": "Israel"}


def _may_describe(words: str, party: Mention) -> bool:
    """Whether a description ("Kurdish fighters", "Iraqi troops") may be of ``party``: a state's
    forces only when the description names no other people or state ("Kurdish fighters" are no
    Iraqi forces, "Iraqi troops" no Syrian ones)."""
    if party.kind != "state forces":
        return True
    named = [_NATIONS[w] for w in re.findall(r"[a-z]+", words.lower()) if w in _NATIONS]
    return all(state is not None and (state in party.label or state.lower() in party.label.lower()) for state in named)


# capitalised words that describe a party rather than name it ("Kurdish fighters", "US-backed forces")
_DESCRIPTIVE = re.compile(r"(?:[\w.]+-(?:backed|led|allied|aligned|supported|trained|funded|held)|\w+(?:ish|ian|ean|ese|i|ic)|"
                          r"Arab|Sunni|Shia|Shiite|Druze|Yazidi|Christian|Alawite|Turkmen|U\.?S\.?|Western|Islamist|Jihadist|"
                          r"Rebel|Opposition|Government|Regime|Tribal|Allied|Coalition|Pro-[\w-]+|Anti-[\w-]+|The|An?|Some|"
                          r"Several|Hundreds|Thousands|Dozens|Elite|Special|State|Local|Foreign|Security|Border|Ground|Naval|Military)$")


def named_force(words: str) -> str:
    """The name in "<Name> forces" ("Peshmerga forces"): the capitalised words before the force
    word that describe nothing (not "Kurdish", "US-backed", "Arab"), else ""."""
    head = re.match(r"\s*(?P<name>(?:[A-Z][\w'’-]*\s+){1,3})(?:forces|fighters|militia|militiamen|troops|units)\b", words)
    if head is None:
        return ""
    names = head.group("name").split()
    return head.group("name").strip() if not any(_DESCRIPTIVE.fullmatch(w) for w in names) else ""


def _described(name: str, voice: str, m: re.Match[str], text: str, clause: Clause, lexicon: dict[str, Any],
               partial: set[str], slots: dict[str, Mention], main: tuple[list[str], list[str]],
               parties: list[Mention]) -> tuple[dict[str, Any], Pattern] | None:
    """A capture whose subject only describes its party ("US-backed fighters have taken X",
    "An alliance of Kurdish and Arab fighters captured X"): the one party of a fitting kind the
    headline and first sentences name, besides those in the clause; none when two fit."""
    region = text[:m.start()]
    described = _DESCRIBED.match(region)
    if voice != "active" or described is None or "⟦" in region or named_force(described.group(0)):
        return None
    head = described.group("head").lower()
    here = {slots[t].iri for t in re.findall(r"⟦A\d+⟧", text)}
    kinds = {"alliance"} if head in ("alliance", "coalition") else {"state forces"} if head in ("troops", "soldiers") else None
    others = [p for p in parties if p.iri not in here
              and not (head in ("rebels", "insurgents", "militants", "factions") and p.kind == "state forces")
              and _may_describe(described.group(0), p)]
    fitting = [p for p in others if kinds is None or p.kind in kinds]
    if not fitting and head in ("alliance", "coalition"):  # an alliance kg does not know as one yet
        fitting = [p for p in others if p.kind != "state forces"]
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


# the place a relative clause is about: right before it, or before its apposition ("X, the capital of
# Y province, which fell to A")
_PLACE_BEFORE = re.compile(r"(⟦P\d+⟧)(?:\s*,\s*(?:an?|the)\s+(?:[^,;⟦]|⟦P\d+⟧){1,60}?)?\s*,?\s*$")


# whom a capture took the places from ("..., ending a year of rule by A" is a clause of its own: _ending)
_LOSER = r"(?:[^⟦;]|⟦P\d+⟧){0,90}?\bfrom\s+" + ACTOR_LEAD + r"(⟦A\d+⟧)"


def _joined_subject(region: str) -> list[str]:
    """The subject after the last ", and" (or ";") of ``region`` when a clause stands before it ("A
    drove B out of X, and last month C took Y": C), else none ("A, B, and C took Y": no clause)."""
    joined = list(re.finditer(r"(?:,\s*and|;)\s+", region))
    if joined and re.search(r"\b(?!(?:the|a|an|its|their|and|or)\b)[a-z][\w'’-]*", region[:joined[-1].start()]):
        return subject_of(region[joined[-1].end():])
    return []


_ENDING = re.compile(r",\s*ending\s+(?:[\w-]+\s+){0,5}?(?:rule|control|occupation|hold)\s+(?:by|of)\s+" + ACTOR_LEAD +
                     r"(⟦A\d+⟧)")


def _ending(found: list[Match], masked: str, posmap: list[int], slots: dict[str, Mention]) -> list[Match]:
    """The captures of a sentence that goes on "..., ending a year of rule by A": A is their loser."""
    ending = _ENDING.search(masked)
    if ending is None:
        return found
    loser, at = slots[ending.group(1)], posmap[ending.start()]
    out = []
    for match in found:
        spec = match.pattern.spec
        if (match.pattern.name.startswith("clause: capture") and match.slots.get("subject") and "loser" not in match.slots
                and match.span[1] <= at and all(m.iri != loser.iri for m in match.slots["subject"])):
            match = replace(match, slots={**match.slots, "loser": [loser]},
                            pattern=replace(match.pattern, spec={**spec, "end": ["loser", "object"]}))
        out.append(match)
    return out


def _lost(name: str, voice: str, m: re.Match[str], text: str, lexicon: dict[str, Any],
          partial: set[str]) -> tuple[dict[str, Any], Pattern] | None:
    """"Fighters took X from A", with no party named as the taker: whoever took X, A's hold ends."""
    rest = text[m.end():].lstrip()
    after = len(text) - len(rest)  # where ``rest`` starts in the clause
    places = places_after(rest, partial)
    loser = re.match(_LOSER, rest[places[-1][1]:]) if places else None
    if loser is None or free_actors(text[:m.start()], 0, "A"):  # a party before the verb is its subject (or none)
        return None
    return ({"subject": [], "object": [t for t, _ in places], "loser": [loser.group(1)],
             "_end": [after + places[-1][1] + loser.end()]}, pattern_for(name, lexicon, voice, end=["loser", "object"]))


def _we(masked: str, slots: dict[str, Mention], speaker: Mention | None) -> str | None:
    """Who "we" is in a quotation: the speaking group, or the group its spokesman speaks for."""
    if speaker is not None:
        return next((t for t, x in slots.items() if x is speaker), None)
    m = re.search(r"(?:spokes\w+|officer|official|commander|member|fighter|source|leader)s?\s+(?:for|of|from|with|in)\s+"
                  r"(?:the\s+)?(⟦A\d+⟧)|(⟦A\d+⟧)\s+(?:media\s+|military\s+|press\s+)?(?:spokes\w+|officer|official|commander)", masked)
    return (m.group(1) or m.group(2)) if m else None


def _read(name: str, voice: str, m: re.Match[str], text: str, clause: Clause, lexicon: dict[str, Any],
          partial: set[str], previous: list[str], speaker: Mention | None, slots: dict[str, Mention],
          main: tuple[list[str], list[str]], we: str | None = None) -> tuple[dict[str, Any], Pattern] | None:
    """The roles of one verb in its clause, by its class and voice (None: it states nothing)."""
    spec = lexicon[name]
    region, rest = text[:m.start()], text[m.end():]
    pad = len(rest) - len(rest.lstrip())
    rest, after = rest.lstrip(), m.end() + pad  # ``after``: where ``rest`` starts in the clause
    wants_place = spec.get("object") == "place"

    def subjects() -> list[str]:
        tail = _joined_subject(region)
        if tail:
            return tail
        free = subject_of(region)
        if free:
            return free
        if we is not None and re.search(r"\b(?:[Ww]e|[Oo]ur\s+(?:fighters|forces|units|men|troops))\s+(?:\w+\s+){0,2}$", region):
            return [we]
        if clause.opener == "resume":  # "..., and C, backed by D, took Y": C, the subject the aside interrupted
            return _joined_subject(re.sub(r",[^,]*$", "", clause.before.rstrip(", "))) or main[0]
        if clause.opener == "rel":
            return antecedent(clause)
        if clause.opener in ("and", "ing") and not previous and we is not None and re.search(r"\b[Ww]e\b[^,;]*$", clause.before):
            return [we]  # "We have won and liberated X," said a spokesman for A
        if clause.opener in ("and", "ing"):
            return previous
        if speaker is not None and clause.opener == "that" and PRONOUN.search(region):
            return [t for t, x in slots.items() if x is speaker][:1]
        return []

    if voice == "active" and name == "drive_out":
        hit = re.match(ACTOR_LEAD + r"(⟦A\d+⟧)(?:\s+\w+)?\s+(?:out\s+of|from)\s+" + PLACE_HEAD + r"(⟦P\d+⟧)(?!\s*['’])",
                       rest, re.IGNORECASE)
        if hit is None:
            return None
        return ({"subject": subjects(), "object": [hit.group(2)], "loser": [hit.group(1)], "_end": [after + hit.end()]},
                pattern_for(name, lexicon, voice, end=["loser", "object"]))
    if voice == "passive" and name == "backed":
        return backed(m, region, rest, after, clause, lexicon)
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
        listed = actors_after(rest[skip:]) if agent else []
        agents = [a for a, _ in listed]
        end = (after + skip + listed[-1][1]) if listed else m.end()
        if name == "drive_out":
            place = re.match(r"(?:[\w'’-]+\s+){0,2}?(?:out\s+of|from)\s+" + PLACE_HEAD + r"(⟦P\d+⟧)(?!\s*['’])", rest,
                             re.IGNORECASE)
            losers = [t for t, _, _ in free_actors(head, 0)] or (antecedent(clause) if clause.opener == "rel" else [])
            if place is None or not losers:
                return None
            return ({"subject": agents, "object": [place.group(1)], "loser": losers,
                     "_end": [max(end, after + place.end())]}, pattern_for(name, lexicon, voice, end=["loser", "object"]))
        objects = ([t for t, _, _ in free_actors(head, 0, "P")][:1] if wants_place else
                   [t for t, _, _ in free_actors(head, 0)] or (antecedent(clause) if clause.opener == "rel" else []))
        if clause.opener == "resume" and not objects:
            objects = main[1] if wants_place else main[0][:1]
        if wants_place and clause.opener == "rel" and not objects:
            before = re.search(_PLACE_BEFORE, clause.before)
            objects = [before.group(1)] if before else []
        if not objects:
            return None
        loser = re.match(r"(?:[\w'’-]+\s+){0,3}?from\s+" + ACTOR_LEAD + r"(⟦A\d+⟧)", rest) if name == "capture" else None
        if not agents and loser is None:
            return None
        if not agents and speaker is not None and clause.opener == "that" and speaker.kind != "unresolved":
            agents = [t for t, x in slots.items() if x is speaker][:1]
        roles: dict[str, Any] = {"subject": agents, "object": objects, "_end": [end]}
        more: dict[str, Any] = {}
        if loser is not None:
            roles["loser"], more["end"] = [loser.group(1)], ["loser", "object"]
            roles["_end"] = [max(end, after + loser.end())]
        return roles, pattern_for(name, lexicon, voice, **more)
    if voice == "inverse":
        if not wants_place:  # "B groups A, C and D", "B absorbed A", "B, formerly known as A": B first
            body = [t for t, _, _ in free_actors(region, 0)] or (antecedent(clause) if clause.opener == "rel" else [])
            members = actors_after(rest, loose=name == "member")
            if not body or not members:
                return None
            return ({"subject": [t for t, _ in members], "object": body[:1], "_end": [after + members[-1][1]]},
                    pattern_for(name, lexicon, voice))
        objects = [t for t, _, _ in free_actors(region, 0, "P")][:1] if wants_place else []
        if not objects and clause.opener == "rel":
            before = re.search(_PLACE_BEFORE, clause.before)
            objects = [before.group(1)] if before else []
        holders = actors_after(rest)
        unnamed = re.match(r"(?:[\w'’-]+\s+){1,3}?(?:and|as\s+well\s+as)\s+(?:to\s+)?", rest) if not holders else None
        if unnamed is not None:  # "fell to Islamist fighters and to the First Army": the party named
            holders = [(token, unnamed.end() + end) for token, end in actors_after(rest[unnamed.end():])]
        if not holders and we is not None and re.search(r"\bour\b", m.group(0), re.IGNORECASE):
            holders = [(we, len(rest))]  # "X is in our hands," said a spokesman for A
        if not objects or not holders:
            return None
        return ({"subject": [t for t, _ in holders], "object": objects, "_end": [after + holders[-1][1]]},
                pattern_for(name, lexicon, voice))
    if re.match(r"by\b", rest):  # "X, spearheaded by Y": the passive, never the active
        return None
    who = subjects()
    if not who:
        return None
    if wants_place:
        places = places_after(rest, partial)
        antecedent_place = _PLACE_BEFORE.search(clause.before) if clause.opener == "rel" else None
        if not places and antecedent_place and re.fullmatch(r"[\s,.]*(?:(?:now|still|firmly|since\s+[\w\s]{1,20})[\s,.]*)*",
                                                             rest):
            places = [(antecedent_place.group(1), 0)]  # "the town of X, which A still holds": X
        if not places or (not spec.get("end") and re.search(r"\buntil\b", rest)):  # "held X until May": history
            return None
        roles = {"subject": who, "object": [t for t, _ in places], "_end": [after + places[-1][1]]}
        more = {}
        if spec.get("loser"):
            loser = re.match(_LOSER, rest[places[-1][1]:])
            owner = owner_of_places(rest)
            if loser is not None:
                roles["loser"], more["end"] = [loser.group(1)], ["loser", "object"]
            elif owner is not None and owner not in who:  # "A overran B's X base": B's control of X ends
                roles["loser"], more["end"] = [owner], ["loser", "object"]
        return roles, pattern_for(name, lexicon, voice, **more)
    if not spec.get("end") and re.search(r"\buntil\b", rest):  # "fought alongside B until last year": history
        return None
    targets = actors_after(rest)
    if not targets and clause.opener == "rel" and subject_of(region) and (
            not rest.strip(" ,.") or re.match(r"\s*(?:in|on|at|since|for|along|near|around|across|over|during|"
                                               r"until|throughout)\b", rest)):  # "B, which A has fought in the north"
        targets = [(t, 0) for t in antecedent(clause)]  # "B, which A leads, ...": the antecedent is the object
    if not targets:
        return None
    return ({"subject": who, "object": [t for t, _ in targets], "_end": [after + targets[-1][1]]},
            pattern_for(name, lexicon, voice))

