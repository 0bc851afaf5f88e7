"""A person who leads or is a member of an armed actor, as a report says it ("X, the leader of
Y", "Y's leader X", "Y, led by X", "X heads Y", "X, a commander in Y"): the one kind of
statement a person may be the actor of (ontology/shapes.ttl). A person the graph knows is a
mention of kind ``person``; a name it does not know, in one of these frames, is proposed as a
new person (a ``person`` kind row), as a new group is.

A former or late leader is history, not a current tie: nothing is proposed. A death, an ouster or
a resignation the sentence reports ("a strike killed X, the commander of Y", "its leader, X, had been
killed") ends the tie: it is proposed with its end (the day the sentence gives, or not after the
report), never as current. An arrest says nothing of the tie.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..vocabulary import PERSON_KIND
from .coder import HISTORY, Match, Pattern
from .mentions import Mention, NewName
from .text import Sentence

__all__ = ["NOT_FIRST", "PERSON_NAME", "PERSON_PATTERNS", "PersonMatches", "new_person", "people_matches", "subject_of"]

# a person's name the graph does not know: two to five capitalised words ("Abu Testname
# al-Madeup", "Jane Q Invented"); Arabic articles and bin/ibn may join them
_WORD = r"(?:[A-Z][\w'’]+(?:-[\w'’]+)*|(?:al|el|ad|ar|as|ash|at|az|ad-din)-[A-Z][\w'’-]*)"
_NAME = rf"{_WORD}(?:\s+(?:(?:bin|ibn|bint|abu|Abu|Abou)\s+)?{_WORD}){{1,4}}"
# a rank or office before a name is not part of it ("Lieutenant General X", "the cleric X")
_TITLE = (r"(?:(?:the\s+)?(?:cleric|preacher|(?:Lieutenant\s+|Major\s+|Brigadier\s+)?General|Colonel|Brigadier|Major|"
          r"Captain|Sheikh|Commander|Emir)\s+)?")
PERSON_NAME = _NAME  # a new person's name, for kg.extract.statesmen
# a name that reads as a place's ("Eastern Ghouta", "Idlib Province", "Jabal al-Zawiya"): no person's
_PLACE_LIKE = re.compile(r"^(?:Eastern|Western|Northern|Southern|Central|Upper|Lower|Greater|Rural|Old|New|North|South|East|"
                         r"West|Jabal|Jebel|Wadi|Tal|Tell|Ras|Deir|Kafr|Ain|Bab|Mount)\b|\b(?:Province|Governorate|Valley|"
                         r"Mountains?|Plain|Desert|District|Countryside|Region|City|Town|Camp)$")
_PERSON = rf"{_TITLE}(?:⟦P\d+⟧|(?P<new>{_NAME}))"
_GROUP = r"⟦G\d+⟧(?![-‐])"  # not "the Damascus-based X", "a Nusra-led alliance": a modifier
_WHOSE = r"(?:[A-Z][\w-]*['’]s\s+)?"  # a state's possessive before a group: "the commander of Iran's Quds Force"
# words that open a sentence or a title, never a person's first name
NOT_FIRST = {"The", "A", "An", "In", "On", "At", "Its", "Their", "His", "Her", "But", "And", "Meanwhile", "After",
             "Before", "When", "While", "Rebel", "Jihadist", "Islamist", "Militant", "Group", "Syrian", "Kurdish",
             "Turkish", "Iraqi", "Sheikh", "Commander", "Leader", "General", "Colonel", "Emir", "Chief", "Top",
             "Senior", "Veteran", "Former", "Late", "President", "Minister", "Mr", "Ms", "Dr", "According", "Lieutenant",
             "Major", "Brigadier", "Captain", "Prime", "Major-General", "Lieutenant-General"}
_PAST = r"(?:former|late|ex-|ousted|slain|killed|deceased|previous|onetime|one-time|then|founding|first)"
# people whom a history word describes, not the tie ("a force of former police and tribesmen led by X")
_THEIR_PAST = (r"\s+(?:[\w-]+\s+)?(?:police|policemen|soldiers|officers|fighters|rebels|members|militants|tribesmen|"
               r"officials|prisoners|detainees|students|residents|army\s+officers|regime\s+officials)\b")
_LEADER = (r"(?:leader|head|chief|emir|commander-in-chief|supreme\s+commander|overall\s+commander|top\s+commander|"
           r"chairman|chairwoman|president|[Ss]ecretary[-\s][Gg]eneral)")
_MEMBER = (r"(?:commander|member|fighter|official|officer|militant|figure|veteran|negotiator|envoy|representative|delegate|"
           r"spokes(?:man|woman|person))")
_ADJ = (r"(?:(?:senior|top|military|field|local|prominent|key|powerful|veteran|self-styled|de\s+facto|current|new|overall|"
        r"political|religious|spiritual|media|chief|jailed|imprisoned|exiled|detained|reclusive|elusive)\s+){0,2}")
_DET = r"(?:(?:the|a|an|its|their)\s+)?"
# a word or two describing a group before its name ("the Western-backed X", "the powerful X")
_DESCRIBED = r"(?:(?:[\w.]+-(?:backed|led|based|allied|aligned|supported)|powerful|hardline|main|largest|biggest|"r"new|newly\s+formed|rebel|jihadist|Islamist|opposition|Kurdish|Islamist-led)\s+){0,2}"
# a group named inside a description, after a preposition ("the suburbs of Damascus"): not the subject
_OF_GROUP = r"(?:(?<=\bof\s)|(?<=\bin\s)|(?<=\bnear\s)|(?<=\bfrom\s)|(?<=\bby\s))⟦G\d+⟧"
# what an apposition calls a group ("the jihadist alliance led by X")
_UNIT = r"(?:alliance|coalition|group|force|forces|faction|militia|movement|organi[sz]ation|front|army|umbrella|outfit|unit)"
# "Y named X as its new leader": the frame that reaches back up to 120 characters for its group,
# which is then the choosing subject, never a group named after a preposition ("the suburbs of
# Damascus, has chosen X": people_matches checks the words before it)
_NAMED = re.compile(rf"(?P<group>{_GROUP})(?:[^⟦.;:]|⟦P\d+⟧|{_OF_GROUP}){{0,120}}?\b(?:named|appointed|chose|chosen|elected|picked|installed|proclaimed|selected)\s+"
            rf"(?:(?:an?|the)\s+(?:[\w-]+\s+){{0,3}}[\w-]+\s*,\s*)?(?P<person>{_PERSON})\s*,?\s+"
            rf"(?:(?:known|better\s+known|also\s+known)\s+(?:by\s+(?:the\s+)?(?:nom\s+de\s+guerre|name)\s+|as\s+)[^,;.⟦]{{1,40}},\s*"
            rf"|an?\s+(?:[^,;.⟦]|⟦G\d+⟧){{1,80}},\s*)?"
            rf"(?:(?:as\s+)?(?:its|their|the\s+group['’]s)\s+(?:new\s+)?{_LEADER}\b|to\s+(?:succeed|replace)\b|"
            rf"as\s+(?:his|her|its)\s+successor\b)")
# "Its leader, X, ..." opening a sentence: the group is the sentence before's subject (people_matches)
_ITS = re.compile(rf"^\s*(?P<group>Its)\s+(?!{_PAST}){_ADJ}(?:{_LEADER}|commander)\s*,\s*(?P<person>{_PERSON})\s*,")
# (regex, relation, which group captures the person first); each reads the masked sentence
_FRAMES: list[tuple[re.Pattern[str], str]] = [
    (_ITS, "leads"),
    # "X, the leader of Y" / "X, the group's leader, ..." is not here: Y must be named
    (re.compile(rf"(?P<person>{_PERSON})\s*,\s*(?:[^,⟦;.]{{1,40}}?\s+and\s+)?{_DET}(?!{_PAST}){_ADJ}{_LEADER}\s+of\s+"
                rf"(?:the\s+|its\s+|their\s+)?{_WHOSE}(?P<group>{_GROUP})"), "leads"),
    # "X, deputy head of Y", "X, the vice-chairman of Y": second in command, a member
    (re.compile(rf"(?P<person>{_PERSON})\s*,\s*(?:the\s+|its\s+)?(?:deputy|vice|assistant)[-\s](?:[\w-]+\s+)?(?:{_LEADER}|commander|"
                rf"chairman|head)\s+of\s+(?:the\s+)?(?P<group>{_GROUP})"), "member of"),
    # "Y said that X, its military commander, had been chosen to replace him": chosen to lead it
    (_CHOSEN := re.compile(rf"(?P<group>{_GROUP})(?:[^⟦.;:]|⟦P\d+⟧){{0,160}}?(?<![\w⟧])(?P<person>{_PERSON})(?:\s*,[^,⟦]{{1,60}},)?\s+"
                rf"(?:had\s+been|has\s+been|was|is|were)\s+(?:named|chosen|appointed|picked|selected|elected)\s+(?:as\s+)?"
                rf"(?:to\s+(?:replace|succeed)\b|(?:its|their|the\s+group['’]s)\s+(?:new\s+)?{_LEADER}\b|"
                rf"(?:its|his|her)\s+successor\b)"), "leads"),
    # "X, commander of Y", "X, the commander of Y": its commander ("X, a commander in Y" is a member)
    (re.compile(rf"(?P<person>{_PERSON})\s*,\s*(?:(?:the|its)\s+)?{_ADJ}commander\s+of\s+(?:the\s+)?{_WHOSE}{_ADJ}(?P<group>{_GROUP})"),
     "leads"),
    # "Y appointed X to lead Z", "chose X, a former minister, to head Z": chosen to lead it
    (re.compile(rf"\b(?:named|appointed|chose|chosen|picked|elected|tapped|designated)\s+(?:(?:[^⟦;.,]|⟦P\d+⟧){{0,40}}?,\s*)?"
                rf"(?P<person>{_PERSON})(?:\s*,(?:[^⟦;.,]|⟦P\d+⟧){{1,120}})?\s*,?\s*to\s+(?:lead|head|command|chair)\s+"
                rf"(?:the\s+)?(?:new\s+)?(?P<group>{_GROUP})"), "leads"),
    (re.compile(rf"(?P<person>{_PERSON})\s*,\s*{_DET}(?!{_PAST}){_ADJ}{_MEMBER}s?\s+(?:in|of|with|for|from)\s+"
                rf"(?:the\s+)?(?P<group>{_GROUP})"), "member of"),
    # "X, Y's leader, ...", "X, the Y's commander.": the office after the person, Y's own (not "Y's commander in Z")
    (re.compile(rf"(?P<person>{_PERSON})\s*,\s*(?:the\s+)?(?P<group>{_GROUP})['’]s?\s+(?!{_PAST}){_ADJ}(?:{_LEADER}|commander)"
                rf"(?=\s*[,;.]|\s+(?:and|who|since)\b)"), "leads"),
    # "X, an SDF commander, ...": one of its commanders, a member
    (re.compile(rf"(?P<person>{_PERSON})\s*,\s*(?:an?|one)\s+{_ADJ}(?P<group>{_GROUP})\s+{_ADJ}{_MEMBER}(?=\s*[,;.]|\s+(?:and|who|known|nicknamed|better\s+known)\b)"),
     "member of"),
    # "Y said that X, its leader, ...", "X, its top commander in Syria, ...": "its" is the last group before X
    (re.compile(rf"(?P<group>{_GROUP})(?:[^⟦.;:]|⟦P\d+⟧){{0,120}}?(?<![\w⟧])(?P<person>{_PERSON})\s*,\s*its\s+(?!{_PAST}){_ADJ}"
                rf"{_LEADER}(?:\s+(?:in|for)\s+(?:⟦P\d+⟧|[A-Z][\w'’-]+))?(?=\s*,)"), "leads"),
    (re.compile(rf"(?P<group>{_GROUP})(?:[^⟦.;:]|⟦P\d+⟧){{0,120}}?(?<![\w⟧])(?P<person>{_PERSON})\s*,\s*its\s+(?!{_PAST}){_ADJ}"
                rf"{_MEMBER}(?:\s+(?:in|for)\s+(?:⟦P\d+⟧|[A-Z][\w'’-]+))?(?=\s*,)"), "member of"),
    # "Y's leader X", "Y leader X", "Y chief X"
    (re.compile(rf"(?P<group>{_GROUP})(?:['’]s?)?\s+(?!{_PAST}){_ADJ}{_LEADER}\s*,?\s+(?P<person>{_PERSON})"),
     "leads"),
    # "The Y's commander, X": the commander of Y, named after the office (its leader; "a Y commander X" is a member)
    (re.compile(rf"(?<![Aa]\s)(?<![Aa]n\s)(?P<group>{_GROUP})['’]s\s+(?!{_PAST}){_ADJ}commander\s*,\s+(?P<person>{_PERSON})"), "leads"),
    # "Y commander X"
    (re.compile(rf"(?P<group>{_GROUP})(?:['’]s?)?\s+{_ADJ}(?:commander|official|fighter|member|negotiator|envoy|"
                rf"spokes(?:man|woman|person))\s*,?\s+"
                rf"(?P<person>{_PERSON})"),
     "member of"),
    # "the Badr Organisation of Hadi al-Amiri", "Asaib Ahl al-Haq under Qais al-Khazali": the group's own man
    (_OWNED := re.compile(rf"(?P<group>{_GROUP})\s+(?:of|under)\s+(?P<person>{_PERSON})(?=\s*(?:[,;.]|and\b|$)|\s+[a-z])"), "leads"),
    # "X's Y": a person's possessive before a group ("Khalifa Testa's National Army")
    (re.compile(rf"(?P<person>{_PERSON})['’]s\s+(?:own\s+|self-styled\s+)?(?P<group>{_GROUP})"), "leads"),
    # "Y, led by X", "Y, which is headed by X"
    (re.compile(rf"(?P<group>{_GROUP})(?:\s+(?:troops|fighters|forces|units|militiamen|militants|rebels))?\s*,\s*"
                rf"(?:(?:which|that|who)\s+(?:is|are)\s+)?(?:now\s+)?(?:led|headed|commanded|chaired)\s+"
                rf"(?:since\s+(?:[\w-]+\s+){{1,3}}?)?by\s+"
                rf"(?P<person>{_PERSON})"), "leads"),
    # "Y, the jihadist alliance led by X", "Y, the elite force commanded by X": an apposition, then its leader
    (re.compile(rf"(?P<group>{_GROUP})\s*,\s*(?:(?:an?|the)\s+(?:[\w'’-]+\s+){{0,3}}?{_UNIT}(?:\s+(?:of|from)(?:\s+[\w'’-]+){{1,5}}?)?|⟦G\d+⟧)\s+(?:(?:which|that)\s+(?:is|was)\s+)?"
                rf"(?:now\s+)?(?:led|headed|commanded|chaired)\s+by\s+(?P<person>{_PERSON})"), "leads"),
    # "Y, which X commands": the group first, its leader the relative clause's subject
    (re.compile(rf"(?P<group>{_GROUP})\s*,\s*(?:which|that)\s+(?P<person>{_PERSON})\s+(?:now\s+|still\s+|currently\s+)?"
                rf"(?:leads|heads|commands|runs|chairs)\b"), "leads"),
    # "Y, whose leader X ...", "Y, whose commander, X, ..."
    (re.compile(rf"(?P<group>{_GROUP})\s*,\s*whose\s+(?!{_PAST}){_ADJ}(?:{_LEADER}|commander)\s*,?\s+(?:is\s+)?(?P<person>{_PERSON})"),
     "leads"),
    # "the leader of Y, X, said": the person named right after the office
    (re.compile(rf"\b(?:[Tt]he|[Ii]ts)\s+(?!{_PAST}){_ADJ}{_LEADER}\s+of\s+(?:the\s+)?(?P<group>{_GROUP})\s*,\s*"
                rf"(?P<person>{_PERSON})\s*[,;.]"), "leads"),
    # "Y, under the command of X", "a force called Y, under the leadership of X"
    (re.compile(rf"(?P<group>{_GROUP})\s*,?\s+(?:now\s+)?under\s+the\s+(?:overall\s+|sole\s+)?(?:command|leadership)\s+of\s+"
                rf"(?P<person>{_PERSON})"), "leads"),
    # "Y and its leader X", "Y said its new chief, X, ...": "its" is the nearest group before it
    (re.compile(rf"(?P<group>{_GROUP})[^⟦.;:]{{0,60}}?\bits\s+(?!{_PAST}){_ADJ}{_LEADER}\s*,?\s+(?P<person>{_PERSON})"),
     "leads"),
    # "Y named X as its new leader", "Y appointed a little-known figure, X, as its chief"
    (_NAMED, "leads"),
    # "X was named the new leader of Y", "X has been appointed Y's chief"
    (re.compile(rf"(?P<person>{_PERSON})\s+(?:was|has\s+been|had\s+been|is)\s+(?:named|appointed|chosen|elected|picked)\s+"
                rf"(?:as\s+)?(?:(?:the|its)\s+(?:new\s+)?{_LEADER}\s+of\s+(?:the\s+)?(?P<group>{_GROUP})|"
                rf"(?:the\s+)?(?P<group2>{_GROUP})['’]s?\s+(?:new\s+)?{_LEADER}\b)"), "leads"),
    # "X took over as leader of Y", "X succeeded Z as head of Y"
    (re.compile(rf"(?P<person>{_PERSON})\s+(?:has\s+|had\s+)?(?:took\s+over\s+|taken\s+over\s+|succeeded\s+(?:[A-Z][\w'’-]*\s+){{1,4}}?|"
                rf"replaced\s+(?:[A-Z][\w'’-]*\s+){{1,4}}?)as\s+(?:the\s+)?(?:new\s+)?{_LEADER}\s+of\s+(?:the\s+)?(?P<group>{_GROUP})"),
     "leads"),
    # "Y is headed by X", "Y, who ... and are led by X": the passive in a clause of its own (not "was led")
    (re.compile(rf"(?P<group>{_GROUP})(?:\s+(?:fighters|forces|troops|militants|rebels))?\s*"
                rf"(?:,\s*(?:who|which|that)\b[^⟦.;:,]{{0,60}}?\band\s+)?(?:is|are|has\s+been|have\s+been)\s+"
                rf"(?:now\s+|currently\s+|still\s+)?(?:led|headed|commanded|chaired)\s+by\s+(?P<person>{_PERSON})"), "leads"),
    # "X heads Y", "X, who leads Y", "X, a Syrian who commands Y", "X is the leader of Y"
    (re.compile(rf"(?P<person>{_PERSON})\s*(?:,\s*(?:an?\s+(?:[\w-]+\s+){{0,3}}?)?who\s+(?:(?:co-)?founded\s+and\s+)?)?"
                rf"(?:now\s+|currently\s+)?"
                rf"(?:heads|leads|commands|runs|chairs)\s+"
                rf"(?:the\s+)?{_DESCRIBED}(?P<group>{_GROUP})"), "leads"),
    (re.compile(rf"(?P<person>{_PERSON})\s+(?:is|remains|became)\s+(?:now\s+)?{_DET}(?!{_PAST}){_ADJ}{_LEADER}\s+of\s+"
                rf"(?:the\s+)?(?P<group>{_GROUP})"), "leads"),
]
# what follows a leader's or member's name when the tie has ended ("X, ..., had been killed")
# (a passive needs its auxiliary: "X, the leader of Y, captured Z" is a leader who captured)
_GONE = re.compile(r"\s*,?\s*(?:who\s+)?(?:(?:(?:had|has|have)\s+been|was|were|is)\s+(?:reportedly\s+)?"
                   r"(?:killed|slain|assassinated|executed|dead|ousted|deposed|removed|sacked|replaced|captured|arrested|"
                   r"detained|jailed)|(?:had\s+|has\s+)?(?:reportedly\s+)?(?:died|resigned|stepped\s+down|defected))\b",
                   re.IGNORECASE)
# ... and of those, what ends it for certain: a death, an ouster, a resignation (an arrest may not)
_ENDED = re.compile(r"\s*,?\s*(?:who\s+)?(?:(?:(?:had|has|have)\s+been|was|were|is)\s+(?:reportedly\s+)?"
                    r"(?:killed|slain|assassinated|executed|dead|ousted|deposed|removed|sacked|replaced)|(?:had\s+|has\s+)?"
                    r"(?:died|resigned|stepped\s+down|defected))\b", re.IGNORECASE)
# a killing right before the person's frame: "a strike killed X, the commander of Y" (his tie ends then)
_KILLED = re.compile(r"\b(?:killed|assassinated|executed)\s+(?:the\s+|was\s+|were\s+)?$", re.IGNORECASE)
# "confirmed the death of its leader, X": the tie ended
# (right before the person: "after the death of its founder, Y named X" is no death of X)
_NOT_OFFICE = r"(?!(?:and|or|named|appointed|chose|picked|elected)\b)"  # "death of its leader and named X": X lives
_DEATH_OF = re.compile(rf"\b(?:death|killing|assassination|funeral)\s+of\s+(?:its|their|the|his|her)\s+(?:{_NOT_OFFICE}[\w'’-]+\s+){{0,2}}?"
                       rf"{_NOT_OFFICE}[\w'’-]+\s*,?\s*$", re.IGNORECASE)
_GOVERNED = re.compile(r"\b(?:of|in|near|from|outside|around|by|against)\s+(?:the\s+)?$", re.IGNORECASE)
_CLAUSES = 3  # the last frames are clauses ("X heads Y"): a speaker's claim when said; the others describe
_PATTERNS = {(relation, voice): Pattern(f"person {relation}", re.compile(""), {
    "relation": relation, "subject": "person", "object": "group", "confidence": 0.7,
    "date": "attested", "undated": "attested", "voice": voice}) for relation in ("leads", "member of")
    for voice in ("reporter", "clause")}
# a tie the sentence ends ("a strike killed X, the leader of Y"): its end, on the day said or not after the report
_PATTERNS.update({(relation, f"{voice}, ended"): Pattern(f"person {relation}, ended", re.compile(""), {
    "relation": relation, "subject": "person", "object": "group", "confidence": 0.65,
    "date": "end", "undated": "not after", "voice": voice}) for relation in ("leads", "member of")
    for voice in ("reporter", "clause")})

PERSON_PATTERNS = {p.name for p in _PATTERNS.values()}


def new_person(sentence: Sentence, name: str, start: int, note: str, new: dict[str, NewName]) -> Mention:
    """A person kg does not know, named at ``start``: its mention, and its ``person`` kind row
    kept in ``new`` (new: IRI -> the name) the first time."""
    entity = NewName(sentence.index, name, "person?", PERSON_KIND, start, start + len(name), how="context", note=note)
    new.setdefault(entity.iri, entity)
    return Mention(sentence.index, start, start + len(name), name, entity.iri, name, PERSON_KIND, "name")


@dataclass
class PersonMatches:
    """The matches of one sentence, and the persons the graph does not know that they name."""

    matches: list[Match]
    new: list[NewName]


def subject_of(sentence: Sentence, mentions: list[Mention]) -> Mention | None:
    """The sentence's subject when it opens with a party ("The X remains ..."): its first actor,
    unless a preposition governs it ("was taken by X") or another word stands before it."""
    first = min((m for m in mentions if m.is_actor and not m.unresolved), key=lambda m: m.start, default=None)
    if first is None or not re.fullmatch(r"\s*(?:[Tt]he\s+)?", sentence.text[:first.start]):
        return None
    return first


def people_matches(sentence: Sentence, mentions: list[Mention], before: Mention | None = None) -> PersonMatches:
    """A person leading or belonging to an armed actor, in ``sentence`` (its ``mentions``);
    ``before`` is the subject of the sentence before, for "Its leader, X, ..." opening this one."""
    text = sentence.text
    slots: dict[str, Mention] = {}
    pieces: list[str] = []  # the masked text
    offsets: list[tuple[int, int]] = []  # each piece's (masked start, text start)
    last = 0
    for m in sorted(mentions, key=lambda x: x.start):
        if m.start < last or not (m.kind == PERSON_KIND or (m.is_actor and not m.unresolved)):
            continue
        token = f"⟦{'P' if m.kind == PERSON_KIND else 'G'}{len(slots)}⟧"
        slots[token] = m
        offsets.append((sum(len(p) for p in pieces), last))
        pieces.append(text[last:m.start])
        pieces.append(token)
        last = m.end
    if before is not None and before.is_actor and not before.unresolved and _ITS.match(text):
        slots["Its"] = before  # "Its leader, X, ..." opening the sentence: the sentence before's subject
    if not any(t.startswith("⟦G") or t == "Its" for t in slots):
        return PersonMatches([], [])
    offsets.append((sum(len(p) for p in pieces), last))
    pieces.append(text[last:])
    masked = "".join(pieces)

    def original(at: int) -> int:  # a masked offset -> the sentence's offset (a token: where its mention starts)
        start, orig = max((o for o in offsets if o[0] <= at), key=lambda o: o[0])
        return orig + at - start

    ends = {sum(len(p) for p in pieces[:i + 1]): slots[t].end for i, t in enumerate(pieces) if t in slots}

    def original_end(at: int) -> int:  # a match ends with a token (its mention's end) or in the text
        return ends[at] if at in ends else original(at)

    matches: list[Match] = []
    new: dict[str, NewName] = {}
    seen: set[tuple[str, str, str]] = set()
    for number, (regex, relation) in enumerate(_FRAMES):
        voice = "clause" if number >= len(_FRAMES) - _CLAUSES else "reporter"  # "X, the leader of Y, said": the reporter's
        if regex is _ITS and "Its" not in slots:
            continue
        for found in regex.finditer(masked):
            near = found.start() - 20 if found.end() - found.start() <= 80 else found.start("person") - 30  # a long one: its end
            if regex is _CHOSEN:  # the office after the person: "its leader had been killed and that X ... was chosen"
                near = found.start("person")
            killed = regex is not _ITS and _KILLED.search(masked, 0, found.start())
            if re.search(rf"\b{_PAST}(?!{_THEIR_PAST})", masked[found.start() if killed else max(0, near):found.end()], re.IGNORECASE):
                continue  # "the former leader of Y", "Y's late leader X": history (not "a force of former police")
            if HISTORY.search(re.split(r"[,;:–—.\"“”]", masked[found.end():])[0]):
                continue  # "broke away from X's Y during the US occupation": history
            ended = bool(killed or _ENDED.match(masked, found.end())  # "its leader, X, had been killed": the tie's end
                         or _DEATH_OF.search(masked[max(0, found.start("person") - 60):found.start("person")]))
            if not ended and _GONE.match(masked, found.end()):
                continue  # "its leader, X, had been arrested": what became of the tie, the text does not say
            if regex is _NAMED and _GOVERNED.search(masked, 0, found.start()):
                continue  # "the suburbs of Damascus, has chosen X": a group after "of" is no subject
            group = slots[found.group("group") or found.group("group2")] if "group2" in regex.groupindex else slots[
                found.group("group")]
            person = slots.get(found.group("person"))
            if person is None and regex is _OWNED and (any(  # "the Front of Idlib Province": a place, no person
                    m.start < original(found.end("new")) and original(found.start("new")) < m.end for m in mentions)
                    or _PLACE_LIKE.search(found.group("new"))):
                continue
            if person is None:
                name = found.group("new")
                words = name.split()
                while words and words[0] in NOT_FIRST:
                    words = words[1:]
                if len(words) < 2 or not words[0][:1].isupper():
                    continue
                name = " ".join(words)
                start = original(found.end("new") - len(name))
                surface = text[start:start + len(name)]
                if surface != name:
                    continue
                person = new_person(sentence, name, start, "a person the report names as a leader or member", new)
            key = (person.iri, relation, group.iri)
            if key in seen:
                continue
            seen.add(key)
            matches.append(Match(_PATTERNS[relation, f"{voice}, ended" if ended else voice], {"person": [person], "group": [group]},
                                 (original(found.start()), original_end(found.end())), None))
    return PersonMatches(matches, list(new.values()))
