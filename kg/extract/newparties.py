"""Parties the graph does not know, taking part in a capture or a hold (and states in a fight).

Most captures in real reports are by parties kg has never heard of ("Peshmerga forces", "the
Sultan Murad Division", "Liwa Testwa"). The finder (kg.extract.mentions) types a new name only
when its own words or the words around it say what it is; a name it leaves untyped is no party
to the clause rules, so "Liwa Testwa seized X" proposed nothing. Here each untyped new name is put
to the clause rules and the patterns ("X, which the Kaniyat took in 2014") as a provisional armed
group, and a row that uses it is kept only when it is the **subject of a control row** (a
capture, a hold, a withdrawal's end) whose object is a place: in that role a capitalised name is
a party. Anywhere else (a list, an ally) it proposes nothing, and the name stays a ``# new?``
row; as the speaker of a sentence that names no other (:func:`speakers`), it is the claimant. A name kept is proposed as an armed group (a kind row, "the verb says so") for
the analyst to check. A state kg does not know ("Turkey") standing as the party of a fight, an
alliance or a capture ("Turkey has shelled ...", "fought alongside Russia") is its forces, in
the same way, for rows of those relations only.

The wide reading (``anywhere``, kg.extract's ``_more``): a sentence is read again with one untyped
name at a time as a provisional party (two words or more, an acronym or a plural name, never
after "in"), and a tie (:data:`TIES`) that uses it is kept when its other party is one the
report names otherwise ("X, secretary-general of the Future Syria Party": the party he leads).
"""

from __future__ import annotations

import re

from ..names import normalise
from .clauses import named_force
from .coder import Match
from .mentions import Mention, NewName
from .newkinds import PEOPLES
from .text import Sentence

__all__ = ["PROVISIONAL", "TIES", "kept", "provisional", "speakers"]

PROVISIONAL = "provisional"
# "Peshmerga forces": up to three capitalised words and the force word after them
_FORCE = re.compile(r"(?:^|(?<=[,;:]\s)|(?<=\bthe\s))(?P<words>(?:[A-Z][\w'’-]*\s+){1,3})(?:forces|fighters|militia|militiamen|"
                    r"troops|units)\b")
# a provisional party must stand where a capture's or a hold's party stands: before such a verb,
# or after "fell to", "by", "in the hands of" (elsewhere its slot would only get in other rules' way)
# (not past a speaker's verb: "the Joint Operations Command said the army had retaken X")
_VERB_AFTER = re.compile(r"^(?:(?!\b(?:said|says|say|told|reported|announced|added|claimed|stated)\b)[^.;:⟦]){0,60}?\b(?:captured|capture|seized|seize|took|take|taken|overran|overrun|stormed|"
                         r"recaptured|retook|retaken|regained|won\s+back|liberated|secured|entered|controls?|controlled|"
                         r"holds?|held|withdrew|withdrawn|pulled\s+out|retreated|drove|driven|expelled|ousted)\b")
_VERB_BEFORE = re.compile(r"\b(?:fell\s+to|by|in\s+the\s+hands\s+of|under\s+the\s+control\s+of|to)\s+(?:the\s+)?$")
# where a state stands as a party of a fight or an alliance ("Turkey has fought the PKK", "backed by Russia")
_STATE_VERB_AFTER = re.compile(r"^[^.;:⟦]{0,40}?\b(?:fought|fights|fighting|battled|battling|clashed|attacked|shelled|"
                               r"bombed|struck|backs|backed|supports|supported|sided|allied|intervened|ally|partner|backer)\b")
_STATE_VERB_BEFORE = re.compile(r"\b(?:(?:backed|supported|aided|armed|trained|funded|financed)\s+by|against|alongside|with|allied\s+(?:with|to)|"
                                r"ally\s+of|fought|fighting|clashed\s+with|war\s+with)\s+(?:the\s+)?$")
_IN_BEFORE = re.compile(r"\bin\s+(?:the\s+)?$")
_GENERIC = {"army", "units", "unit", "forces", "fighters", "troops", "militants", "rebels", "government", "police",
            "soldiers", "militia", "militias", "jihadists", "insurgents", "officials", "residents", "activists"}
# names that are never a party, whatever verb follows ("pro-government", "northern", a number)
_NOT_A_PARTY = re.compile(r"(?i)^(?:the\s+)?(?:pro|anti)-|^(?:the\s+)?(?:north|south|east|west)(?:ern)?\b|\d")


# a name at the end of a list or after a preposition is no speaker ("formed by A, B and C, said": the alliance speaks)
_LISTED = re.compile(r"\b(?:and|or|by|of|from|with|including)\s+(?:the\s+)?$")
_MEDIUM = re.compile(r"\s+(?:news\s+agency|channel|television|TV|radio|website|newspaper|media)\b")


def provisional(sentence: Sentence, found: list[Mention], unknown: list[NewName], anywhere: bool = False) -> list[Mention]:
    """The sentence's untyped new names, as provisional armed groups (``how`` = provisional);
    with ``anywhere`` wherever they stand (for the rules :func:`kept` lets them take part in
    besides a control row's subject)."""
    taken = [(m.start, m.end) for m in found]
    out = []
    for new in unknown:
        if new.sentence != sentence.index or new.kind or new.start < 0:
            continue
        if new.guess == "country?" and not any(s < new.end and new.start < e for s, e in taken) and not re.match(
                r"['’]s?\b", sentence.text[new.end:]) and (anywhere or
                _STATE_VERB_AFTER.match(sentence.text[new.end:]) or _VERB_AFTER.match(sentence.text[new.end:])
                or _STATE_VERB_BEFORE.search(sentence.text[max(0, new.start - 40):new.start])):
            out.append(Mention(sentence.index, new.start, new.end, new.name, new.iri, new.name, "state forces", PROVISIONAL))
            continue
        if new.guess not in ("name?", "armed group?"):
            continue
        if any(s < new.end and new.start < e for s, e in taken) or _NOT_A_PARTY.search(new.name) or _MEDIUM.match(
                sentence.text, new.end):
            continue  # ("Amaq news agency said its fighters took X": a medium speaks, it takes nothing)
        if not new.name[:1].isupper() and not re.match(r"(?:al|el|ad|an|ar|as|ash|at|az)-[A-Z]", new.name):
            continue
        if not (anywhere and _may_stand(new.name) and not _IN_BEFORE.search(sentence.text, 0, new.start)) and not _stands(
                sentence.text, new.start, new.end, new.name):
            continue  # (a name after "in" is a place's: "al-Qaeda in the Arabian Peninsula", "fighting in the Nafusa Mountains")
        out.append(Mention(sentence.index, new.start, new.end, new.name, new.iri, new.name, "armed group", PROVISIONAL))
    for force in _FORCE.finditer(sentence.text):  # "Peshmerga forces captured X": the Peshmerga
        name = named_force(force.group(0))
        start = force.start("words")
        if name and _stands(sentence.text, start, start + len(name), name) and not any(s < start + len(name) and start < e for s, e in taken) and not any(
                m.start == start for m in out):
            iri = "new:" + normalise(name)
            out.append(Mention(sentence.index, start, start + len(name), name, iri, name, "armed group", PROVISIONAL))
            if not any(n.iri == iri for n in unknown):
                unknown.append(NewName(sentence.index, name, "armed group?", "", start, start + len(name),
                                       note="named by the force it fields"))
    return sorted(out, key=lambda m: m.start)


def speakers(sentence: Sentence, found: list[Mention], unknown: list[NewName]) -> list[Mention]:
    """The sentence's new names that may be its speaker ("Abu Ahmed, a commander, said ...",
    "..., said Abdel Karim al-Ani"), as provisional parties for kg.extract.coder.attribution
    alone: every new name there but a place's (a speaker is who speaks, named or not; a name
    kg does not know is still a claimant, never the reporter)."""
    from ..names import PLACE_KINDS

    taken = [(m.start, m.end) for m in found]
    return [Mention(sentence.index, new.start, new.end, new.name, new.iri, new.name, "armed group", PROVISIONAL)
            for new in unknown
            if new.sentence == sentence.index and new.start >= 0 and new.kind not in PLACE_KINDS
            and new.guess != "place?" and not any(s < new.end and new.start < e for s, e in taken)
            and not _LISTED.search(sentence.text, 0, new.start)]


def kept(matches: list[Match], unknown: list[NewName], typed: dict[str, NewName], wide: bool = False) -> list[Match]:
    """The matches that use a provisional party only as the subject of a control row (see the
    module), or with ``wide`` also in a tie with a party the report names otherwise (:func:`_wide`);
    each name so used is typed an armed group in ``typed``."""
    out = []
    for match in matches:
        roles = {role: [m for m in mentions if m.how == PROVISIONAL] for role, mentions in match.slots.items()}
        used = [m for ms in roles.values() for m in ms]
        if not used:
            out.append(match)
            continue
        if not _allowed(match, {r for r, ms in roles.items() if ms}, used) and not (wide and _wide(match, roles)):
            continue
        for mention in used:
            first = next((n for n in unknown if n.iri == mention.iri), None)
            if first is not None and mention.iri not in typed:
                kind = mention.kind
                typed[mention.iri] = first.typed(kind, "a state named as a party (its forces)" if kind == "state forces"
                                                 else "the party of a capture or a hold in the report")
        out.append(match)
    return out


def _may_stand(name: str) -> bool:
    """Whether an untyped new name may be a party of a tie wherever it stands: a name of two
    words or more, an acronym or a plural name ("the Houthis"; one word alone is as often a place,
    a people or a word: "Ghouta", "Salafist", "the Kurds"), not a description ("Britain-based
    Observatory") nor a generic word."""
    words = name.split()
    acronym = name.isupper() and 2 <= len(name) <= 6 and name.isalpha()  # "YPG": a name, never a word
    plural = len(words) == 1 and name[0].isupper() and name.endswith("s") and name.lower() not in PEOPLES  # "Houthis"
    return (len(words) > 1 or acronym or plural) and not re.search(r"-(?:based|backed|led|run)\b", name) and (
        name.lower() not in _GENERIC)


def _stands(text: str, start: int, end: int, name: str) -> bool:
    """Whether a name stands where a capture's or a hold's party does (see _VERB_AFTER), and is
    no generic word ("Army units", "Units of the armed forces")."""
    if name.lower() in _GENERIC or all(w.lower() in _GENERIC for w in name.split()):
        return False
    return bool(_VERB_AFTER.match(text[end:]) or _VERB_BEFORE.search(text[max(0, start - 40):start]))


def _allowed(match: Match, roles: set[str], used: list[Mention]) -> bool:
    """Whether a match may use its provisional parties (in ``roles``): as the subject or the loser
    of a control row whose object is a place; a state also in a fight or an alliance, either side."""
    spec = match.pattern.spec
    if spec.get("event") and spec.get("relation") != "controls":  # a capture's own row: its control row
        return False
    if all(m.kind == "state forces" for m in used) and spec.get("relation") in ("hostile to", "allied with"):
        return True
    # (a clause's slots are "subject" and "object"; a pattern's are named by its spec: "actor", "place")
    objects = match.slots.get(spec.get("object", "object"), [])
    return spec.get("relation") == "controls" and not roles - {spec.get("subject", "subject"), "subject", "loser"} and bool(
        objects) and all(m.is_place for m in objects)


TIES = ("member of", "branch of", "leads", "allied with", "hostile to", "pledged allegiance to", "merged into",
         "split from")


def _wide(match: Match, roles: dict[str, list[Mention]]) -> bool:
    """Whether a match of a tie between parties may use its provisional parties: when the
    other party is one the report names otherwise (known, or typed by its words)."""
    spec = match.pattern.spec
    if spec.get("event") or spec.get("relation") not in TIES:
        return False
    if any(m.kind == "state forces" for ms in roles.values() for m in ms) and spec["relation"] not in (
            "allied with", "hostile to"):
        return False  # a state is a side in a fight or an alliance, never a member or a leader
    sides = (spec.get("subject", "subject"), spec.get("object", "object"))
    parties = [m for role in sides for m in match.slots.get(role, [])]
    return bool(parties) and any(m.how != PROVISIONAL for m in parties) and all(
        m.how != PROVISIONAL or role in sides for role, ms in roles.items() for m in ms)
