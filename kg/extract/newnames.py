"""Names a report uses that kg does not know: found, typed from the text, and proposed.

A capitalised name that is not a known name (nor part of one) is a new name. Its kind is
proposed from the words around it, never from the name alone when the text says nothing:

- an armed group: a group word in the name (Front, Brigade, Division, Army, Movement, Liwa,
  Jaish, ...: "13th Division", "Free Syrian Army");
- an armed group by its place in the text: a name in a list after "militias/groups/factions ...,
  among them | including | such as | include" (not "rights groups such as"), in apposition to a
  group noun ("Its largest group, the X,"), after "units/fighters of (the)", before "rebels",
  "militiamen", "fighters" (even as a sentence's first word: "X rebels swept into ..."), the
  subject of a capture or a fight ("X seized", "X, which has fought ..."), or a plural name after
  "the" that acts ("The Xs, who ..."); never a people ("the Kurds"), a side named by its
  adjective ("Opposition fighters", "Yemeni troops"), a capital or a town the gazetteer knows
  ("Ankara has fought ...");
- an alliance: "alliance", "coalition" or "operations room" in the name, or the name after
  "under the name (of)" or "an alliance called";
- a city: after "the town of", "the city of", "the village of", or before ", a town";
- a governorate: before "province" or "governorate"; a military airport or base: before
  "airport", "air base" or "(military) base", and a facility before "gas plant", "oil field",
  "refinery", "dam", "power station" or "(border) crossing": the noun is part of the place's name
  ("Conoco gas plant", "Tal Afar air base": the town of Tal Afar is another place); a city (a
  part of one) before "district", "neighbourhood" or "quarter";
- a state's forces: an army named by its nationality ("the Turkish army", "Russian troops",
  "Iraqi government forces"),
  its arms ("Turkish tanks") or the state where a party stands ("backed by Turkey"): one
  party named after the state ("Turkey", state forces); a state kg does not know named
  elsewhere ("Turkey") is a ``# new?`` row (country?), even as a sentence's first word;
- a place the gazetteer (``kg.gazetteer``, GeoNames data, when it is installed) knows, named
  where a place is named (after in, at, near, from, to, ..., or after a capture verb): its
  kind (a populated place is a city, a first-order division a governorate), coordinates and
  the governorate it lies in;
- a place named where a place is named, after a capture verb ("seized Palmyra"), when no
  gazetteer says more: a city, with a note saying the kind came from the verb.

A typed name takes part in the patterns like a known one (kg.extract.mentions makes it a
mention, ``new:`` IRI); the CSV declares it with a kind row (docs/importing.md) when a
statement uses it. A name that cannot be typed is listed as a ``# new?`` row, never dropped.
A name that kg.names resolves to several entities is not new: it is listed as ``# new?`` with
the entities it could be, never declared (a kind row would conflict on import).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..names import NameIndex
    from .mentions import Mention
    from .text import Sentence

from .newkinds import (
    _GROUP_AFTER,
    _HELD_AFTER,
    _IN_HANDS_AFTER,
    _SUBJECT_OF_PLACE,
    GROUP_WORDS,
    TITLES,
    gazetteer,
    kind_of,
    sends_forces,
)
from .writing import ARTICLES

__all__ = ["STATE_ADJECTIVES", "NewName", "gazetteer", "new_names", "state_named"]

NOT_NEW = {"january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
           "november", "december", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
           "president", "minister", "islamist", "islamists", "jihadist", "jihadists", "syrian", "us", "un", "but",
           "the", "this", "after", "before", "using", "on", "in", "at", "armed", "hours", "overnight", "faced",
           "state", "a", "an", "it", "its", "they", "their", "he", "she", "we", "i", "there", "some", "many", "most",
           "government", "rebel", "rebels", "activists", "kurdish", "turkish", "russian", "iranian", "iraqi",
           "american", "western", "arab", "palestinian", "lebanese", "jordanian", "saudi", "qatari", "afghan", "chechen",
           "uzbek", "turkmen", "druze", "yazidi", "assyrian", "egyptian", "libyan", "tunisian", "sunni", "shia", "shiite", "alawite", "christian", "muslim", "islamic",
           "earlier", "later", "meanwhile", "however", "also", "while", "when", "last", "since", "during", "both",
           "other", "such", "his", "her", "our", "one", "two", "three", "several", "fighters", "troops", "forces",
           "reuters", "afp", "ap", "bbc", "cnn", "twitter", "facebook", "youtube", "telegram", "mr", "mrs", "ms",
           "general", "colonel", "commander", "spokesman", "sheikh", "emir", "leader", "so-called", "who", "what",
           "where", "why", "how", "if", "and", "or", "with", "by", "for", "as", "said", "says", "according", "video",
           "footage", "pictures", "photos", "statement", "no", "not", "that", "these", "those", "here", "today",
           "yesterday", "tomorrow", "until", "then", "now", "still", "at least", "more", "fewer", "about", "around"}
# more peoples, faiths and sides named by their adjective: never a name alone ("Yemeni troops",
# "Opposition fighters"), part of a name after them
_SIDES = {"shi'ite", "shi’ite", "shi'i", "shi’i", "yemeni", "sudanese", "somali", "emirati", "pakistani", "israeli",
          "british", "french", "german", "european", "kuwaiti", "bahraini", "omani", "algerian", "moroccan", "tribal",
          "opposition", "regime", "loyalist", "foreign", "local", "allied", "pro", "anti", "militant", "hardline",
          "moderate", "mainstream", "radical", "extremist", "elite", "rival", "veteran", "suspected", "masked",
          "salafist", "salafi", "takfiri", "zaydi", "wahhabi", "sufi", "ismaili"}
# a preposition or a quantity that opens a sentence is no part of the name after it ("Besides the X")
_OPENERS = {"besides", "beside", "despite", "among", "amid", "unlike", "under", "without", "against", "within",
            "following", "along", "across", "near", "inside", "outside", "like", "from", "into", "over", "dozens",
            "hundreds", "thousands", "scores", "tens", "officers", "members", "commanders", "leaders", "soldiers", "units"}
# parties that wire copy writes in lower case (Reuters: "Kurdish peshmerga forces"): named as the party
# writes itself; the peshmerga are the Kurdistan Region's forces (state forces: "the militants" are never they)
_LOWER_CASE_PARTIES = {"peshmerga": "Peshmerga", "pesh merga": "Peshmerga"}
_LOWER_CASE_PARTY = re.compile(r"\b(?:" + "|".join(re.escape(w) for w in _LOWER_CASE_PARTIES) + r")\b", re.IGNORECASE)
# "control of Sheikh Maskin", "in Sheikh Maqsoud": a place's name that begins with a title
_PLACE_SHEIKH = re.compile(r"Sheikh\s+[A-Z]")
_PLACE_CONTEXT = re.compile(r"\b(?:of|in|at|near|into|to|from|towards?|around|outside|captured|seized|took|retook|"
                            r"recaptured|overran|stormed|entered|besieged|shelled|held|holds|controls?|reached)\s+$")
# a relative clause after a sentence's first word makes it a name ("Kirkuk, which the Peshmerga took over")
_RELATIVE_AFTER = re.compile(r"\s*,\s*(?:which|where|whose)\b")
# a count that opens a sentence ("Six fighters died"): never a name
_COUNTS = {"four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve", "thirteen", "fourteen",
           "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty", "thirty", "forty", "fifty", "sixty",
           "seventy", "eighty", "ninety", "hundred", "thousand", "dozen", "few", "numerous", "countless"}
NOT_NEW |= _SIDES | _OPENERS | _COUNTS
# words that name a kind of people or a place's part of the world: part of a name after them
# ("Islamic Front", "Free Syrian Army", "Kurdish YPG" is not one), never a name alone
ADJECTIVES = {"islamic", "syrian", "kurdish", "turkish", "russian", "iranian", "iraqi", "american", "western", "arab",
              "sunni", "shia", "shiite", "alawite", "christian", "muslim", "government", "rebel", "state", "armed",
              "palestinian", "lebanese", "jordanian", "saudi", "qatari", "afghan", "chechen", "uzbek", "turkmen", "druze",
              "yazidi", "assyrian", "circassian", "egyptian", "libyan", "tunisian"} | _SIDES
# a state's office before a person's name, after its adjective or alone ("Iraqi Prime Minister X")
_OFFICE_BEFORE = re.compile(r"(?:([A-Z][\w.]*)\s+)?(?:(?:Vice|Deputy)\s+)?(?:President|Prime\s+Minister|Premier|Supreme\s+Leader|"
                            r"(?:Defence|Defense|Foreign|Interior)\s+Minister)\s+(?=[A-Z])")
_WORD = r"(?:[A-Z][\w’'-]*|(?:al|el|ez|es|ed|ad|ar|as|ash|at|az|an|adh|ath|ul|un)-[A-Z][\w’'-]*)"  # "Deir ez-Zor", "Ras al-Ain"
# a run of capitalised words ("13th Division", "Division 30": a number joined to a capitalised
# word is part of the name; "of", "the", "al", "for" join words of one name, "and" never does)
_RUN = re.compile(rf"(?:\d+(?:st|nd|rd|th)\s+|\d+\s+(?=(?:Battalion|Brigade|Division|Regiment|Corps|Squadron|Army)\b))?{_WORD}(?:\s+(?:(?:of|the|al|for|el|ibn|bin|bint)\s+)*{_WORD})*"
                  rf"(?:\s+\d+\b(?!\s*[,.]?\s*\d)(?!\s+(?:Battalion|Brigade|Division|Regiment|Corps|Squadron|Army)\b))?")
# a person's name (two to five words) owning a group: "Khalifa Testa's National Army"
_PERSON_OWNS = re.compile(r"(?:[A-Z][\w-]*|(?:al|el|ad|ar|as|ash|at|az)-[A-Z][\w'’-]*)(?:\s+(?:(?:bin|ibn)\s+)?"
                          r"(?:[A-Z][\w-]*|(?:al|el|ad|ar|as|ash|at|az)-[A-Z][\w'’-]*)){1,4}['’]s\s+(?=[A-Z])")
# owners that are no person ("the Kurdish People's Protection Units", "the Women's Brigade")
_COMMON_OWNERS = {"people", "peoples", "women", "workers", "martyrs", "men", "nation", "children", "youth", "mothers"}
# states a report names without kg knowing them: a name even as a sentence's first word
COUNTRIES = {"turkey", "russia", "iran", "iraq", "lebanon", "jordan", "israel", "qatar", "saudi arabia", "egypt",
             "united states", "america", "britain", "france", "germany", "china", "kuwait", "bahrain", "united kingdom"}
# ... and more states, named even as a sentence's first word ("Yemen's exiled government"), typed by the words
# around them as any name is; the states whose possessive comes before a name ("Yemen's Houthi movement": the
# name is Houthi movement)
_MORE_STATES = {"yemen", "libya", "tunisia", "sudan", "oman", "pakistan", "afghanistan", "united arab emirates",
                "algeria", "morocco", "somalia", "mali", "switzerland", "kazakhstan", "sweden", "italy", "belgium",
                "netherlands", "spain", "greece", "cyprus", "azerbaijan", "armenia", "ukraine", "canada", "australia",
                "japan", "india"}
_POSSESSORS = COUNTRIES | _MORE_STATES | {"syria"}
# a state's forces named by its adjective ("the Turkish army", "Russian troops"): one new party a state
_NATIONAL_FORCES = re.compile(r"(?<![\w-])(?-i:(Turkish|Russian|Iranian|Iraqi|Lebanese|Jordanian|Israeli|American|U\.S\.|US))"
                              r"\s+(?:(?:government|security|regular)\s+)?(?:army|military|armed\s+forces|troops|soldiers|forces)\b"
                              r"(?!\s+(?:of|in)\b)")
# a coalition named by the state that leads it ("the U.S.-led coalition", "the Saudi-led alliance")
_LED_COALITION = re.compile(r"(?<![\w.-])(?:U\.S\.|US|American|Saudi|Russian|Turkish|Iranian|Emirati|Western|NATO|Arab|French|"
                            r"British)-led\s+(?:(?:international|military|Arab|Western|anti-jihadist|anti-IS)\s+)?(?:coalition|alliance)\b")
# a state as a party: its air power or arms named by its adjective ("backed by Russian air strikes"),
# or its name where a party stands ("backed by Turkey", "Russian air power, Iran and ..."): the state
_STATES = {"turkish": "Turkey", "russian": "Russia", "iranian": "Iran", "iraqi": "Iraq", "jordanian": "Jordan", "lebanese": "Lebanon",
           "israeli": "Israel", "american": "United States", "u.s.": "United States", "us": "United States"}
# a state backing a party, in a compound ("the Iran-aligned Houthis", "a Saudi-backed group"): the state
_BACKER = re.compile(r"([A-Z][\w.]*)-(?:backed|aligned|supported|sponsored|funded|armed|allied)\b")
_BACKERS = {"saudi": "Saudi Arabia", "emirati": "United Arab Emirates", "uae": "United Arab Emirates", "qatari": "Qatar",
            "egyptian": "Egypt", "kuwaiti": "Kuwait", "british": "Britain", "french": "France", "yemeni": "Yemen",
            "libyan": "Libya", "tunisian": "Tunisia"}
# every state's adjective kg reads (lower case) -> the state (kg.extract.statesmen writes its titles from it)
STATE_ADJECTIVES = {**_STATES, **_BACKERS}


def state_named(word: str) -> str | None:
    """The state a word names by its adjective or its name ("Iranian", "Saudi", "Iran"), if it names one."""
    key = word.lower()
    return _STATES.get(key) or _BACKERS.get(key) or (word if key in COUNTRIES or key in _MORE_STATES else None)


# a state named as the subject of what a party does ("Israel, which has struck ...", "Turkey considers X a
# terrorist organisation"): a party
_STATE_ACTS = re.compile(r"^\s*(?:,\s*which\s+)?(?:(?:has|have|had)\s+)?(?:also\s+|repeatedly\s+|long\s+)?(?:considers|considered|"
                         r"regards|regarded|designates|designated|brands|branded|lists|listed|attacked|attacks|struck|strikes|"
                         r"bombed|bombs|shelled|shells|invaded|fought|fights|backs|backed|supports|supported|arms|armed|"
                         r"captured|seized|sent\s+troops|deployed\s+troops|leads|led|heads|headed)\b")
_STATE_ARMS = re.compile(r"(?<![\w-])(?-i:(Turkish|Russian|Iranian|Iraqi|Jordanian|Israeli|American|U\.S\.|US))\s+"
                         r"(?:air\s*strikes|air\s+raids|air\s+power|air\s+support|air\s+cover|air\s+force|warplanes|"
                         r"jets|aircraft|helicopters|drones|tanks|artillery|special\s+forces|military\s+police|advisers|advisors)\b")
_SUPPORT_BEFORE = re.compile(r"\b(?:(?:backed|supported|covered|aided|assisted|armed|helped)\s+by\s+(?:[^.;:()\"“”]{0,80}?(?:,|\band)\s+)?|"
                             r"(?:weapons|arms|money|funds|funding|support|backing|training|ammunition|supplies)\s+"
                             r"(?:and\s+\w+\s+)?from\s+)(?:the\s+)?$", re.IGNORECASE)
# "accuse Iran of arming X": a state named as a party's backer
_SUPPORT_AFTER = re.compile(r"^\s+(?:of|for)\s+(?:arming|supplying|funding|financing|backing|supporting|training|equipping)\b")
# "the Conoco gas plant", "the Tal Afar air base": a place named for what is there; the noun is part
# of its name (the town of Tal Afar is another place)
_FACILITY_NOUN = (r"(?:(?P<airport>(?:military\s+)?(?:air\s*base|airbase|airport|airfield|air\s+field))|"
                  r"(?P<base>(?:military\s+|army\s+)?base)|"
                  r"(?P<facility>(?:gas|oil)\s+(?:plant|field|fields|refinery|terminal)|oilfield|gasfield|refinery|"
                  r"power\s+(?:station|plant)|dam|border\s+crossing|crossing(?!\s+(?:into|the|over|from|to|through|back|towards?)\b)))")
_FACILITY_AFTER = re.compile(rf"^\s+{_FACILITY_NOUN}\b")
_FACILITY_IN_NAME = re.compile(rf"(?i)\s{_FACILITY_NOUN}$")  # "Tal Afar Air Base"
FACILITY_KIND = "facility"
_DISTRICT_AFTER = re.compile(r"^\s+(?:district|neighbou?rhood|quarter)\b")


@dataclass(frozen=True)
class NewName:
    """A capitalised name kg does not know: where it is, and what the text says it is.

    ``kind`` is a kind of kg import's kind rows ("armed group", "city", ...) when the text
    (or the gazetteer) types it, else "" (a ``# new?`` row only); ``guess`` is what the row
    says ("armed group?", "place?", "name?")."""

    sentence: int
    name: str
    guess: str
    kind: str = ""
    start: int = -1
    end: int = -1
    how: str = ""  # what typed it: "name", "context", "gazetteer", "verb"
    lat: str = ""
    long: str = ""
    parent: str = ""  # the governorate, as kg names it
    note: str = ""
    extra: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    def typed(self, kind: str, note: str = "") -> NewName:
        """The name with the kind the words around it give it ("context"), and a note if it has none."""
        from dataclasses import replace

        return replace(self, kind=kind, guess=f"{kind}?", how="context", note=self.note or note)

    @property
    def iri(self) -> str:
        """A stand-in IRI for the name in this report (one per spelling key)."""
        from ..names import normalise

        return "new:" + normalise(self.name)


def _pieces(text: str, run: re.Match[str], covered: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The parts of a capitalised run that no known name covers ("the Free Syrian Army and
    the Islamic Front": both; "Nusra Front" inside a run: the rest)."""
    spans = [(run.start(), run.end())]
    for s, e in covered:
        next_spans = []
        for a, b in spans:
            if e <= a or b <= s:
                next_spans.append((a, b))
                continue
            if a < s:
                next_spans.append((a, s))
            if e < b:
                next_spans.append((e, b))
        spans = next_spans
    out = []
    for a, b in spans:
        piece = text[a:b]
        owner = re.match(r"['’]s\s+", piece)  # "Syria's Quneitra province" after the known "Syria": Quneitra
        if owner:
            piece, a = piece[owner.end():], a + owner.end()
        modifier = re.match(r"-(?:linked|affiliated|backed|led|allied|aligned|supported|based|run|held|controlled)\s+", piece)
        if modifier:  # "the al-Qaeda-affiliated Jund Testa" after the known "al-Qaeda": Jund Testa
            piece, a = piece[modifier.end():], a + modifier.end()
        lead = len(piece) - len(piece.lstrip(" -’'"))
        piece = piece.strip(" -’'")
        piece = re.sub(r"\s+(?:of|the|al|for|el)$", "", piece)
        if piece and (piece[:1].isupper() or piece[:1].isdigit() or piece.startswith("al-")):
            out.append((a + lead, a + lead + len(piece)))
    return out


def new_names(sentence: Sentence, found: list[Mention], index: NameIndex | None = None,
              seen: frozenset[str] = frozenset(), gazetteer_too: bool = True) -> list[NewName]:
    """The capitalised names of ``sentence`` that no mention covers, typed where the text (or
    the gazetteer, with ``gazetteer_too``) says what they are (see the module)."""
    from ..names import normalise

    text, names = sentence.text, []
    covered = [(m.start, m.end) for m in found]
    for run in _RUN.finditer(text):
        for a, b in _pieces(text, run, covered):
            name = re.sub(r"['’]s$", "", text[a:b]).strip()
            start = a
            while " " in name and name.split(" ", 1)[0].lower() in (NOT_NEW | ARTICLES) - ADJECTIVES and not (
                    _PLACE_SHEIKH.match(name) and (_PLACE_CONTEXT.search(text[:start]) or "new:" + normalise(name) in seen)):
                # ("On Sunday Liwa ...": Liwa ...; "Sheikh Maskin", a place named so before, stays whole)
                first = name.split(" ", 1)[0]
                name, start = name[len(first):].lstrip(), start + len(first) + 1
            office = _OFFICE_BEFORE.match(name)
            if office and (not office.group(1) or office.group(1).lower() in ADJECTIVES):
                name, start = name[office.end():], start + office.end()  # "Iraqi Prime Minister X": the name is X
            while re.match(r"(?:of|the|for)\s", name):  # "Fighters of Hezbollah": the name is Hezbollah
                first = name.split(" ", 1)[0]
                name, start = name[len(first):].lstrip(), start + len(first) + 1
            possessor = re.match(r"([A-Z][\w-]*)['’]s\s+(?=[A-Z])", name)
            if possessor and possessor.group(1).lower() in _POSSESSORS:  # "Lebanon's Hezbollah": the name is Hezbollah
                if not (index is not None and index.candidates(possessor.group(1))):  # and Lebanon a state kg may not know
                    names.append(NewName(sentence.index, possessor.group(1), "country?", "", start, start + len(possessor.group(1))))
                name, start = name[possessor.end():], start + possessor.end()
                office = _OFFICE_BEFORE.match(name)
                if office and not office.group(1):  # "Yemen's President X": the name is X
                    name, start = name[office.end():], start + office.end()
            person = _PERSON_OWNS.match(name)
            owner = re.split(r"[\s-]+", name[:person.end()].rsplit("'", 1)[0].rsplit("’", 1)[0]) if person else []
            if person and not any(w.lower() in ADJECTIVES or w.lower() in _COMMON_OWNERS for w in owner) and any(
                    w.lower() in GROUP_WORDS for w in re.split(r"[\s-]+", name[person.end():])):
                name, start = name[person.end():], start + person.end()  # "Khalifa Testa's X Army": X Army (its leader:
                # kg.extract.people)
            backer = _BACKER.match(name)
            state = state_named(backer.group(1)) if backer else None
            if backer and state and not any(a < start + backer.end(1) and start < b for a, b in covered):
                names.append(NewName(sentence.index, state, "state forces?", "state forces", start, start + backer.end(1),
                                     "context", note="a state named as a party's backer"))
            based = re.match(r"([A-Z][\w'’]*(?:-[A-Z][\w'’]*)*)-based\b", name)
            if based and not (index is not None and index.candidates(based.group(1))):  # "Tripoli-based": a place
                names.append(NewName(sentence.index, based.group(1), "place?", "", start, start + len(based.group(1))))
            if re.search(r"-(?:backed|led|linked|allied|affiliated|supported|aligned|based|run|held|controlled)$", name):
                # "Iranian-backed", "Houthi-run" names no one
                continue
            modifier = re.match(r"[\w.]+-(?:backed|led|linked|allied|affiliated|supported|sponsored|funded|trained|aligned|"
                                r"based|run|held|controlled|dominated|born|raised)\s+(?=[A-Z])", name)
            if modifier:  # "Iranian-backed Popular Mobilization Forces", "the Tripoli-based Government of National
                # Accord": the name is what it modifies
                name, start = name[modifier.end():], start + modifier.end()
            first, _, rest = name.partition(" ")
            if first.lower() in ADJECTIVES and rest.isupper():  # "Kurdish YPG": the name is YPG
                name, start = rest, start + len(first) + 1
            movement = re.match(r" movement\b", text[start + len(name):])
            if movement and " " not in name and name.lower() not in ADJECTIVES | NOT_NEW and not any(
                    a < start + len(name) + movement.end() and start + len(name) < b for a, b in covered):
                name += movement.group(0)  # "Yemen's Houthi movement": the movement's name, not its adjective
            words = [w.lower() for w in re.split(r"[\s\-]+", name)]
            if not name or all(w in NOT_NEW or w in ARTICLES for w in words) or len(name) < 3:
                continue
            if len(words) > 1 and words[-1] in ADJECTIVES - {"government", "state", "armed", "rebel"}:
                continue  # "Mainstream Syrian rebels", "Thousands of Kurdish": a description, no name
            after = text[start + len(name):] if start == 0 else ""
            if start == 0 and len(words) == 1 and not name.isupper() and not any(w in GROUP_WORDS for w in words) and (
                    name.lower() not in COUNTRIES | _MORE_STATES) and (
                    "new:" + normalise(name) not in seen) and not (
                    _SUBJECT_OF_PLACE.match(after) or _IN_HANDS_AFTER.match(after) or _RELATIVE_AFTER.match(after)
                    or _HELD_AFTER.match(after)) and not (
                    (_GROUP_AFTER.match(after) or sends_forces(name, after)) and not re.search(r"(?:ing|ed)$", name)):
                # "Houthi rebels swept ...": a name all the same (not "Retreating fighters")
                continue  # a sentence's first word: a capital by position, not a name
            if index is not None and index.candidates(name):
                entries = index.candidates(name)
                if len(entries) > 1:
                    names.append(NewName(sentence.index, name, "ambiguous?", "", start, start + len(name),
                                         note="could be: " + "; ".join(sorted(e.label for e in entries))))
                continue
            if name.lower() in COUNTRIES and (_SUPPORT_BEFORE.search(text[max(0, start - 120):start])
                                              or _SUPPORT_AFTER.match(text[start + len(name):])
                                              or _STATE_ACTS.match(text[start + len(name):])):
                names.append(NewName(sentence.index, name, "state forces?", "state forces", start, start + len(name),
                                     "context", note="a state named as a party (its forces)"))
                continue
            if name.lower() in COUNTRIES:
                names.append(NewName(sentence.index, name, "country?", "", start, start + len(name)))
                continue
            facility = _FACILITY_AFTER.match(text[start + len(name):]) or _FACILITY_IN_NAME.search(name)
            if facility and not any(w in TITLES for w in words):  # "the Conoco gas plant": a place with the noun
                kind = {"airport": "military airport", "base": "military base"}.get(str(facility.lastgroup), FACILITY_KIND)
                end = start + len(name)
                if facility.re is _FACILITY_AFTER:
                    name, end = f"{name} {' '.join(facility.group(0).split())}", end + facility.end()
                names.append(NewName(sentence.index, name, "place?", kind, start, end, "context"))
                continue
            if _DISTRICT_AFTER.match(text[start + len(name):]):  # "the al-Julan district": a part of a city
                names.append(NewName(sentence.index, name, "place?", "city", start, start + len(name), "context"))
                continue
            kind, guess, how, details = kind_of(text, start, start + len(name), name, index, gazetteer_too)
            note = {"verb": "a place by the verb before it; city assumed, check the kind",
                    "gazetteer": f"GeoNames {details.get('geonames', '')}".strip()}.get(how, "")
            names.append(NewName(sentence.index, name, guess, kind, start, start + len(name), how,
                                 details.get("lat", ""), details.get("long", ""), details.get("parent", ""), note))
    for m in _LOWER_CASE_PARTY.finditer(text):  # "Kurdish peshmerga fighters": a party wire copy writes in lower case
        if not any(a < m.end() and m.start() < b for a, b in covered) and not m.group(0)[:1].isupper():
            names.append(NewName(sentence.index, _LOWER_CASE_PARTIES[m.group(0).lower()], "state forces?", "state forces",
                                 m.start(), m.end(), "name", note="a party the report writes in lower case"))
    for m in _LED_COALITION.finditer(text):  # "the U.S.-led coalition": an alliance named by its leading state
        if not any(a < m.end() and m.start() < b for a, b in covered):
            names.append(NewName(sentence.index, m.group(0), "alliance?", "alliance", m.start(), m.end(), "context",
                                 note="a coalition named by the state that leads it"))
    for m in _NATIONAL_FORCES.finditer(text):
        if not any(a < m.end() and m.start() < b for a, b in covered):
            name = _STATES[m.group(1).lower()]  # the state, as when its arms or its name stand as a party: one party
            names.append(NewName(sentence.index, name, "state forces?", "state forces", m.start(), m.end(), "context",
                                 note="a state's forces named by its adjective"))
    for m in _STATE_ARMS.finditer(text):
        if not any(a < m.end() and m.start() < b for a, b in covered):
            names.append(NewName(sentence.index, _STATES[m.group(1).lower()], "state forces?", "state forces", m.start(),
                                 m.end(), "context", note="a state named by its arms (its forces)"))
    return names
