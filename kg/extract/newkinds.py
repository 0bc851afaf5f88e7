"""What kind a new name is, from the words around it (kg.extract.newnames finds the names).

A capitalised name kg does not know is typed only when its own words or the words around it
say what it is (the rules are listed in kg.extract.newnames); this module holds those words and
rules, and the gazetteer a place's kind may come from.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..names import NameIndex

__all__ = ["CAPTURE_WORDS", "GROUP_WORDS", "PEOPLES", "PLACE_ADJECTIVES", "PLACE_WORDS", "SINGLE_GROUPS", "TITLES",
           "gazetteer", "kind_of", "sends_forces"]

GROUP_WORDS = {"front", "army", "brigade", "brigades", "battalion", "battalions", "movement", "jaish", "jaysh", "jabhat",
               "jabhet", "liwa", "harakat", "katibat", "kataib", "ansar", "faylaq", "division", "legion", "brotherhood",
               "militia", "forces", "units", "hezbollah", "hizb", "tahrir", "ahrar", "jund", "saraya", "mujahideen",
               "council", "group", "regiment", "corps", "guards", "guard", "force", "falcons", "lions", "tigers"}
ALLIANCE_WORDS = {"alliance", "coalition"}
PLACE_WORDS = {"in", "at", "near", "from", "to", "into", "outside", "around", "towards", "toward", "across", "of",
               "inside", "on", "between", "and", "through", "via", "reached"}
CAPTURE_WORDS = {"captured", "capture", "seized", "seize", "overran", "stormed", "took", "retook", "recaptured",
                 "entered", "besieged", "shelled", "attacked", "liberated", "control", "regained", "reached", "fell",
                 "held", "holds", "hold", "controls", "controlled", "overrun", "retaken", "taken", "freed", "rule", "rules",
                 "ruled", "occupied", "occupies", "into"}
# "it has run X", "the group runs X" (never "the state-run X", "Houthi-run X")
_RUN_BEFORE = re.compile(r"(?:(?<![\w-])(?:has|have|had)\s+run|(?<![\w-])(?:runs|ran))\s+(?:the\s+)?$", re.IGNORECASE)
# adjectives a place may take between a verb and its name ("recaptured the nearby X", "swept into
# besieged X"), never a part of it (kg.extract.clauseparts reads them too)
PLACE_ADJECTIVES = {"nearby", "neighbouring", "neighboring", "strategic", "key", "vital", "besieged", "embattled", "coastal",
                    "rebel-held", "government-held", "army-held", "regime-held", "jihadist-held"}
# ... and, where only the name's kind is read, its side of the country too ("took nearby X", "into northern X")
_BETWEEN = PLACE_ADJECTIVES | {"northern", "southern", "eastern", "western", "central"}
# "seized Hadi's chief of staff": what a person owns, no place's part
_PERSONS_OWN = re.compile(r"^['’]s\s+(?:[a-z]+\s+){0,2}?(?:chief|chiefs|aide|aides|son|sons|brother|wife|family|relatives|"
                          r"bodyguards?|guards|deputy|adviser|advisers|spokesman|envoy|home|house|residence|convoy|car|"
                          r"office|staff|loyalists|supporters|men)\b")
# verbs of driving a party out of a place ("drove the militants out of X")
_DRIVE_WORDS = {"drove", "driven", "drive", "drives", "expelled", "expel", "ousted", "chased", "pushed", "flushed", "routed",
                "evicted", "ejected", "forced"}
# a title before a name makes it a person's, never a place's ("the late president Hafez al-Assad")
TITLES = {"president", "minister", "leader", "commander", "general", "sheikh", "emir", "colonel", "spokesman", "chief",
          "head", "king", "prince", "cleric", "envoy", "mr", "mrs", "ms", "dr",
          # who is captured or held as a person is: "the aid worker X was captured by A" (no place)
          "worker", "journalist", "photographer", "reporter", "hostage", "pilot", "priest", "nun", "activist"}

_ALLIANCE_BEFORE = re.compile(r"(?:under\s+the\s+(?:name|banner|umbrella)(?:\s+of)?|(?:alliance|coalition|operations\s+room)"
                              r"\s+(?:called|named|known\s+as|dubbed))\s+(?:the\s+)?[\"“]?$", re.IGNORECASE)
_CITY_BEFORE = re.compile(r"\b(?:(?:town|city|village|provincial\s+capital|district|suburb|neighbourhood|neighborhood)"
                          r"\s+of|(?<!provincial\s)(?<!regional\s)the\s+capital,?)\s+$", re.IGNORECASE)
# "a handful of villages further south, among them X and Y": each name of the list is a place
_PLACE_LIST_BEFORE = re.compile(r"\b(?:villages|towns|cities|districts|suburbs|neighbou?rhoods|hamlets)\b(?:[^.;:()]{0,60}?,?\s*"
                                r"(?:among\s+them|including|such\s+as|notably|namely|are|were)|\s+of)\s+(?:(?:the\s+)?(?:(?:al|el|ad|ash|as|ar|at|az|an)-)?[A-Z][\w'’-]*"
                                r"(?:\s+(?:al-|el-|ad-|ash-|as-|ar-|at-|az-|an-)?[A-Z][\w'’-]*)*\s*(?:,\s*|\s+and\s+))*(?:the\s+)?$")
_LIST_ITEMS = (r"(?:(?:the\s+)?(?:(?:al|el|ad|ash|as|ar|at|az|an)-)?[A-Z][\w'’-]*"
               r"(?:\s+(?:al-|el-|ad-|ash-|as-|ar-|at-|az-|an-)?[A-Z][\w'’-]*)*\s*(?:,\s*|\s+and\s+))*(?:the\s+)?$")
# "seized Arbin, Zamalka and Ain Tarma", "took control of X and Y": each name after the first of a
# list a capture verb opens is a place, as the first is (by the verb)
_CAPTURED_LIST_BEFORE = re.compile(r"\b(?:captured|seized|overran|stormed|took|retook|recaptured|liberated|regained|"
                                   r"(?:took|taken|seized|gained|wrested|assumed)\s+(?:full\s+|complete\s+|total\s+)?control\s+of)\s+"
                                   r"(?:the\s+)?(?:(?:(?:al|el|ad|ash|as|ar|at|az|an)-)?[A-Z][\w'’-]*"
                                   r"(?:\s+(?:al-|el-|ad-|ash-|as-|ar-|at-|az-|an-)?[A-Z][\w'’-]*)*\s*(?:,\s*|\s+and\s+))+(?:the\s+)?$")
# ... unless the name opens a clause of its own ("seized X and Y said ...")
_CLAUSE_AFTER = re.compile(r"^\s*(?:\([^)]*\)\s*)?(?:said|says|told|has|have|had|is|are|was|were|will|would|could|may|might|"
                           r"denied|claimed|added|warned|[a-z]+ed)\b")
# "several militias, among them X, Y and Z", "its largest factions include X and Y": each name a group
# (not "rights groups such as X")
_GROUP_LIST_BEFORE = re.compile(r"(?<![Rr]ights\s)(?<![Aa]id\s)(?<![Rr]elief\s)(?<![Hh]umanitarian\s)(?<![Aa]dvocacy\s)"
                                r"\b(?:militias|groups|factions|brigades|battalions|paramilitaries|insurgent\s+movements)\b"
                                r"[^.;:()]{0,60}?,?\s*(?:among\s+them|including|such\s+as|notably|namely|include|includes|"
                                r"included|are|were)\s+" + _LIST_ITEMS)
# "Its largest group, the X, ...": a group noun and the name in apposition to it
_GROUP_NOUN_BEFORE = re.compile(r"\b(?:group|faction|militia|component|brigade|force|unit|wing)\s*,\s*(?:the\s+)?$")
# "units of the X", "Fighters of the X": the name of the force they belong to
_MEN_OF_BEFORE = re.compile(r"\b(?:units|fighters|militiamen|militants|commanders|officers|battalions|brigades)\s+of\s+"
                            r"(?:the\s+)?(?:(?-i:[A-Z])[\w-]*['’]s\s+)?$", re.IGNORECASE)
# "X seized ...", "X, which has fought ...", "X (XY) have attacked ...": the name is the subject of a
# capture or a fight: a party
_AGENT_AFTER = re.compile(r"^\s*(?:\([^)]*\)\s*)?(?:,\s*which\s+)?(?:(?:has|have|had)\s+(?:also\s+|now\s+|since\s+)?)?"
                          r"(?:captured|seized|stormed|overran|recaptured|retook|attacked|fought|clashed|shelled|ambushed|"
                          r"besieged|swept|battled|took\s+(?:full\s+|complete\s+)?control)\b")
# "The Xs, who ...", "the Xs seized ...": a plural name standing as a party
_PLURAL_AGENT_AFTER = re.compile(r"^\s*(?:,\s*who\b|(?:have|had|are|were)?\s*(?:captured|seized|stormed|overran|"
                                 r"recaptured|retook|attacked|fought|clashed|shelled|besieged|swept|control|hold|took)\b)")
# capitals that stand for their state's government ("Moscow has backed ..."): never a group
_CAPITALS = {"moscow", "washington", "tehran", "riyadh", "doha", "cairo", "london", "paris", "beijing", "ankara",
             "baghdad", "beirut", "amman", "damascus", "abu dhabi", "kabul", "tripoli", "sanaa", "jerusalem"}
# ... of them, those the gazetteer covers (kg.gazetteer.COUNTRIES: Syria, Iraq, Turkey, Lebanon, Jordan)
# (and Tripoli, also Lebanon's second city: a report on Libya is not looked up at all, kg.extract.mentions)
_COVERED_CAPITALS = {"damascus", "baghdad", "ankara", "beirut", "amman", "tripoli"}
# peoples and faiths named in the plural ("the Kurds", "the Yazidis"): no party
PEOPLES = {"kurds", "arabs", "turkmens", "turkmen", "yazidis", "alawites", "sunnis", "shiites", "shias", "christians",
            "muslims", "druze", "americans", "russians", "iranians", "iraqis", "syrians", "turks", "israelis",
            "palestinians", "saudis", "assyrians", "armenians", "circassians", "europeans", "westerners", "libyans",
            "yemenis", "lebanese", "egyptians", "jordanians", "afghans", "chechens", "uzbeks", "islamists", "jihadists"}
_CITY_AFTER = re.compile(r"^\s*(?:\([^)]*\)\s*)?,\s*(?:an?|the)\s+(?:[\w-]+\s+){0,3}?(?:town|city|village|enclave|"
                         r"capital\s+of\s+(?:the\s+)?(?:[A-Z][\w'’-]*\s+){1,3}(?:province|governorate|region))\b"
                         # "X and Y, two villages held by ...": each of the pair
                         r"|^(?:\s+and\s+(?:[A-Z][\w'’-]*|(?:al|el|ad|ash|as|ar|at|az|an)-[A-Z][\w'’-]*)"
                         r"(?:\s+(?:[A-Z][\w'’-]*|(?:al|el|ad|ash|as|ar|at|az|an)-[A-Z][\w'’-]*)){0,2})?\s*,\s*"
                         r"(?:the\s+)?(?:two|three|both)\s+(?:[\w'’-]+\s+){0,3}?(?:towns|villages|cities)\b", re.IGNORECASE)
# "X, a coalition which ...", "X, which includes Y and Z": an umbrella of groups
_ALLIANCE_AFTER = re.compile(r"^\s*(?:\([^)]*\)\s*)?(?:,|–)\s*(?:(?:an?|the)\s+(?:[\w-]+\s+){0,3}?(?:alliance|coalition|umbrella\s+group|"
                             r"umbrella\s+body|umbrella\s+organi[sz]ation|operations\s+room)\b|which\s+(?:now\s+)?(?:includes|comprises|groups|"
                             r"brings\s+together)\b)", re.IGNORECASE)
# ... said with the members it includes: a name of two words or more is an alliance by it alone
# ("the Kurdistan Communities Union (KCK), the umbrella body that includes the PKK")
_ALLIANCE_WITH_MEMBERS = re.compile(r"^\s*(?:\([^)]*\)\s*)?(?:,|–)\s*(?:an?|the)\s+(?:[\w-]+\s+){0,3}?(?:alliance|coalition|"
                                    r"umbrella(?:\s+(?:group|body|organi[sz]ation))?|operations\s+room)\s+(?:that|which)\s+"
                                    r"(?:now\s+)?(?:includes|comprises|groups|brings\s+together)\b", re.IGNORECASE)
# an acronym listed as a member of an alliance is a group's
_MEMBER_BEFORE = re.compile(r"\b(?:includes|including|include|included|comprises|comprising)\s+(?:the\s+)?$", re.IGNORECASE)
# names that are a group's name alone, one word ("Hezbollah")
SINGLE_GROUPS = {"hezbollah", "hizbollah", "hizballah", "hizbullah"}
_GROUP_AFTER = re.compile(r"^\s+(?:militia|militias|militiamen|fighters|militants|jihadists|rebels|insurgents|group|faction|units|"
                          r"movement)\b")
# "Houthi forces entered ...": a party named by its word before the men it sends (not a people's
# adjective, "Chadian forces", nor a side's word, "Coalition forces")
_FORCES_AFTER = re.compile(r"^\s+(?:forces|gunmen|loyalists|paramilitaries|commanders)\b")
_GENTILIC = re.compile(r"(?:ian|ean|ese|ish|ic)$")
_NOT_PARTIES = {"coalition", "government", "security", "special", "allied", "opposition", "regime", "army", "police",
                "border", "state", "federal", "tribal", "national", "local", "ground", "air", "naval", "elite"}
# "X, a hardline faction ...", "the militant movement X": a group by the noun the text gives it
_GROUP_APPOSED = re.compile(r"^\s*,\s*(?:an?|the)\s+(?:[\w-]+\s+){0,3}?(?:faction|militia|movement|brigade|force|"
                            r"organisation|organization|outfit|armed\s+group|rebel\s+group|jihadist\s+group|insurgent\s+group|"
                            r"branch|affiliate|offshoot|franchise|wing)\b(?!['’])")
# "an enclave held by the YPG", "the town was overrun by X": the agent of a hold or a capture is a party
# (never "led by X", "founded by X": a person's as often)
_AGENT_BEFORE = re.compile(r"\b(?:held|controlled|run|occupied|captured|seized|retaken|recaptured|overrun|besieged|"
                           r"attacked|shelled|stormed)\s+by\s+(?:the\s+)?(?:(?-i:[A-Z])[\w-]*\s+)?$", re.IGNORECASE)
_CALLED_GROUP = re.compile(r"^\s+(?:as\s+)?an?\s+(?:[\w-]+\s+){0,2}?(?:terrorist|terror)\s+(?:organisation|organization|group|movement)\b")
_GROUP_BEFORE = re.compile(r"\b(?:militant|armed|rebel|jihadist|Islamist|insurgent)\s+(?:movement|group|faction|organisation|"
                           r"organization|militia|outfit)\s+$", re.IGNORECASE)
# "X, a spokesman for ...", "X, who heads ...": a person, never a place ("X, an official said": a speaker
# after the clause, no apposition)
_PERSON_APPOSED = re.compile(r"^\s*,\s*(?!whose\b)(?:(?:an?|the|its|their)\s+)?(?:[\w'’-]+\s+){0,2}?(?:spokes(?:man|woman|person)|commander|"
                             r"leader|official|officer|founder|chief|activist|journalist|analyst|researcher|cleric|emir|"
                             r"deputy|envoy|veteran|figure|negotiator|ideologue|preacher)\b"
                             r"(?!\s+(?:said|says|told|tells|added|adds|confirmed|stated|reported|claimed|wrote)\b)"
                             r"|^\s*,\s*who\s+(?:heads|leads|runs|commands|founded)\b")
# a first word that is a place's name by what follows it ("Palmyra fell to ...")
_SUBJECT_OF_PLACE = re.compile(r"^\s+(?:is\s+(?:now\s+)?back\s+in\b|fell|falls|has\s+fallen|had\s+fallen|(?:was|had\s+been|has\s+been)\s+(?:captured|seized|taken|retaken|recaptured|overrun|liberated|freed|stormed)|lies|is\s+(?:now\s+)?under|remains?\s+(?:firmly\s+)?(?:under|in\s+the\s+hands\s+of))\b")
_IN_HANDS_AFTER = re.compile(r"^\s+(?:is|was|remained|has\s+been|had\s+been)\s+(?:(?:now|still|firmly|back|fully)\s+)*"
                             r"(?:in\s+the\s+hands\s+of|under\s+the\s+(?:full\s+)?control\s+of)\b")
# "X, held by A", "X, captured by A last year": a place by the participle after it
_HELD_AFTER = re.compile(r"^\s*,\s*(?:now\s+|still\s+|then\s+)?(?:held|controlled|run|captured|seized|retaken|recaptured|besieged|"
                         r"overrun)\s+by\b")
# "X, which the Peshmerga took over in 2014", "X, which A had held since 2015", "X, which fell to A": a place by
# the relative clause after it
_TAKEN_IN_RELATIVE = re.compile(r"^\s*,\s*(?:which|that)\s+(?:(?:the\s+)?(?:[A-Z][\w'’-]*\s+){1,4}(?:fighters\s+|forces\s+)?"
                                r"(?:had\s+|has\s+|have\s+)?(?:long\s+|still\s+|now\s+)?(?:captured|seized|took|taken|overran|"
                                r"stormed|retook|recaptured|held|controlled|controls|holds|occupied|besieged)\b|"
                                r"(?:had\s+|has\s+)?(?:fell|fallen)\s+(?:to|into)\b)")
_PROVINCE_AFTER = re.compile(r"^\s+(?:province|governorate)\b", re.IGNORECASE)


def gazetteer() -> Any:
    """kg.gazetteer if it is installed (a module with ``lookup`` and ``governorate_name``),
    else None: without it, places are typed from the text only."""
    try:
        from .. import gazetteer as module  # type: ignore[attr-defined, unused-ignore]
    except ImportError:
        return None
    return module if hasattr(module, "lookup") else None



def kind_of(text: str, start: int, end: int, name: str, index: NameIndex | None,
            gazetteer_too: bool = True) -> tuple[str, str, str, dict[str, Any]]:
    """(kind, guess, how, place details) for the new name at ``text[start:end]``; the gazetteer is
    asked only with ``gazetteer_too`` (not for a report on a war outside the countries it covers:
    "Tripoli" in a report on Libya is no town of Lebanon's)."""
    words = [w.lower() for w in re.split(r"[\s\-]+", name)]
    before, after = text[:start], text[end:]
    previous = re.findall(r"[\w’']+", before.lower())
    if (previous and previous[-1] in TITLES) or _PERSON_APPOSED.match(after):  # "X, a spokesman for ...": a person
        return "", "person?", "", {}
    # "regained all of X", "took full control of X": the verb before names a place
    stripped = previous[:-2] if len(previous) >= 3 and previous[-1] == "of" and previous[-2] in {"all", "most", "control"} else []
    stripped = [w for w in stripped if w not in ("full", "complete", "the", "whole")]
    # "swept into nearby X", "stormed the strategic X": an adjective between the verb and the name
    if len(previous) >= 2 and previous[-1] in _BETWEEN and (previous[-2] in CAPTURE_WORDS | PLACE_WORDS):
        previous = previous[:-1]
    place_context = bool(previous) and (previous[-1] in PLACE_WORDS or previous[-1] in CAPTURE_WORDS) and start > 0
    if stripped and stripped[-1] in CAPTURE_WORDS:
        previous = stripped
    captured = bool(_SUBJECT_OF_PLACE.match(after) or _HELD_AFTER.match(after) or _TAKEN_IN_RELATIVE.match(after)
                    or _RUN_BEFORE.search(before)
                    # "Morek is in the hands of A" (a person may be too: "X was in the hands of A" types one word alone)
                    or (len(words) == 1 and bool(_IN_HANDS_AFTER.match(after))))
    place_context = place_context or captured
    if (any(w in ALLIANCE_WORDS for w in words) or "operations room" in name.lower() or _ALLIANCE_BEFORE.search(before)
            or (_ALLIANCE_AFTER.match(after) and (any(w in GROUP_WORDS for w in words) or name.isupper()))
            or (_ALLIANCE_WITH_MEMBERS.match(after) and len(words) > 1)):
        return "alliance", "alliance?", "context" if _ALLIANCE_BEFORE.search(before) else "name", {}
    if (any(w in GROUP_WORDS for w in words) and len(words) > 1) or (len(words) == 1 and words[0] in SINGLE_GROUPS):
        return "armed group", "armed group?", "name", {}
    if name.isupper() and 2 <= len(name) <= 6 and _MEMBER_BEFORE.search(before):  # "which includes the YPG"
        return "armed group", "armed group?", "context", {}
    if _GROUP_APPOSED.match(after) or _GROUP_BEFORE.search(before) or _CALLED_GROUP.match(after):  # "X, a Palestinian faction",
        # "the militant movement X", "considers X a terrorist organisation"
        return "armed group", "armed group?", "context", {}
    if (_GROUP_AFTER.match(after) or sends_forces(name, after)) and not place_context and not re.search(
            r"(?i)(?:pro|anti)-$", before):  # ("pro-Tripoli forces" name no party "Tripoli")
        return "armed group", "armed group?", "context", {}
    if (_AGENT_BEFORE.search(before[-80:]) and (len(words) > 1 or name.isupper() or words[-1].endswith("s"))
            and not re.search(r"\b(?:al|bin|ibn|abu)\b", name.lower()) and not _PERSON_APPOSED.match(after)):
        return "armed group", "armed group?", "context", {}  # "held by the YPG", "overrun by the Houthis"
    if _GROUP_LIST_BEFORE.search(before[-200:]) or _MEN_OF_BEFORE.search(before) or (
            _GROUP_NOUN_BEFORE.search(before) and re.match(r"\s*(?:\([^)]*\)\s*)?,", after)):
        return "armed group", "armed group?", "context", {}
    if _party_word(name, before, after) and not (previous and previous[-1] in PLACE_WORDS - {"and"}):
        return "armed group", "armed group?", "context", {}
    if _PROVINCE_AFTER.match(after):
        return "governorate", "place?", "context", {}
    place = None
    found = gazetteer()
    listed = bool(_PLACE_LIST_BEFORE.search(before[-200:]))
    captured = captured or (bool(_CAPTURED_LIST_BEFORE.search(before[-200:])) and not _CLAUSE_AFTER.match(after))
    place_context = place_context or captured
    elsewhere = name.lower() in _CAPITALS - _COVERED_CAPITALS  # "Riyadh", "Cairo": no namesake village of Syria's
    if found is not None and gazetteer_too and not elsewhere and (place_context or listed or _CITY_BEFORE.search(before)
                                                                  or _CITY_AFTER.match(after)):
        try:
            place = found.lookup(name, countries=found.COUNTRIES)  # Syria and its neighbours: Mosul, Arsal
        except Exception:  # noqa: BLE001 - a broken gazetteer must not stop an extraction
            place = None
    details: dict[str, Any] = {}
    if place is not None:
        details = {"lat": f"{place.latitude:.5f}", "long": f"{place.longitude:.5f}",
                   "geonames": place.geonames_id, "feature": getattr(place, "feature", "")}
        try:
            governorate = found.governorate_name(place)
        except Exception:  # noqa: BLE001
            governorate = None
        if governorate and index is not None:
            entries = index.candidates(governorate, {"governorate"})
            if len(entries) == 1:
                details["parent"] = entries[0].label
    if listed or _CITY_BEFORE.search(before) or _CITY_AFTER.match(after):
        return "city", "place?", "context", details
    if place is not None:
        feature = str(details.get("feature") or "")
        kind = "governorate" if feature.startswith("ADM1") else "city"
        return kind, "place?", "gazetteer", details
    # "drove the militants out of X", "were expelled from X": the verb a few words before names a place
    driven = len(previous) >= 2 and (previous[-2:] == ["out", "of"] or previous[-1] == "from") and bool(
        _DRIVE_WORDS & set(previous[-9:-1]))
    if (captured or (place_context and previous[-1] in CAPTURE_WORDS) or driven) and not _PERSONS_OWN.match(after):
        return "city", "place?", "verb", {}
    if place_context:
        return "", "place?", "", {}
    if any(w in GROUP_WORDS for w in words):
        return "", "armed group?", "", {}
    return "", "name?", "", {}


def sends_forces(name: str, after: str) -> bool:
    """Whether ``name`` is a party by the men it sends, named after it ("Houthi forces", "Peshmerga
    gunmen"): not a people's adjective ("Chadian forces") nor a side's word ("Coalition forces")."""
    return bool(_FORCES_AFTER.match(after)) and not _GENTILIC.search(name) and name.split()[-1].lower() not in _NOT_PARTIES


def _party_word(name: str, before: str, after: str) -> bool:
    """Whether the name stands as a party: the subject of a capture or a fight ("X seized", "X,
    which has fought"), or a plural name after "the" that acts ("The Xs, who ...")."""
    if name.lower() in PEOPLES | _CAPITALS or _a_town(name):  # "Ankara has fought ...": its government
        return False
    if _AGENT_AFTER.match(after):
        return True
    return (" " not in name and name.endswith("s")
            and bool(re.search(r"\bthe\s+$", before, re.IGNORECASE)) and bool(_PLURAL_AGENT_AFTER.match(after)))


def _a_town(name: str) -> bool:
    """Whether the gazetteer knows a place of exactly this name in any country it covers."""
    from ..names import normalise

    found = gazetteer()
    try:
        place = found.lookup(name, countries=found.COUNTRIES) if found is not None else None
    except Exception:  # noqa: BLE001 - a broken gazetteer must not stop an extraction
        return False
    return place is not None and normalise(place.name) == normalise(name)
