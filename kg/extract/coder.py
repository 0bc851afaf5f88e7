"""The dictionary-based coder (in the manner of TABARI/PETRARCH): every known name in a
sentence becomes a slot (⟦A0⟧ an actor, ⟦P0⟧ a place, ⟦N0⟧ another party), and the
dictionary's phrase patterns (kg/extract/patterns.toml) are matched over that masked text,
once with the parenthetical asides and once without them (so "X – an alliance led by Y –
overran Z" gives both "Y leads X" and "X overran Z"). Hedged, denied and questioned
statements match nothing; who speaks (a quotation's attribution, "according to X", "X
announced") is found here too."""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .mentions import Mention
from .text import Sentence

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    # mypy checks as Python 3.10 (pyproject's python_version) but may run on 3.11+, where
    # tomli (a dependency below 3.11 only) is not installed and this branch never runs.
    import tomli as tomllib  # type: ignore[import-not-found, unused-ignore]

__all__ = ["HISTORY", "PLACE_LIST", "Attribution", "Match", "Pattern", "attribution", "load_dictionary", "mask", "match_sentence", "unconfirmed"]

DICTIONARY = Path(__file__).with_name("patterns.toml")
_LETTER = {"actor": "A", "place": "P", "other": "N"}
# a word is taken whole (the lookahead), never split: splitting made the matcher backtrack for seconds
_ANY = r"(?:(?!⟦A)(?:[^\s–—()⟦,]+(?![^\s–—()⟦,])|,)\s*|⟦[PNL]\d+⟧\s*){0,%d}?"
_FOLLOWERS = (r"(?:\s*\(⟦A\d+⟧\))?"  # its acronym in brackets: "the Islamic State of Iraq and the Levant (ISIL)"
              r"(?:\s+(?:fighters|forces|troops|militants|units|jihadists|rebels|soldiers|militia|militiamen))?"
              r"(?:\s+(?:backed|supported|aided|helped)\s+by\s+(?:(?:⟦A\d+⟧|[^\s,⟦]+)\s+){1,3}?(?=\S))?")
_HELPERS = re.compile(r"\b(?:backed|supported|aided|helped|assisted)\s+by\s+(?:(?:⟦A\d+⟧|[^\s,⟦]+)\s*){1,3}", re.IGNORECASE)
# who helps is not who acts: "X fighters backed by Turkish troops took ..." has X for subject
_HELPER = re.compile(r"\b(?:backed|supported|aided|helped|assisted)\s+by\s+(?:the\s+)?$|\bwith\s+help\s+from\s+(?:the\s+)?$", re.IGNORECASE)
# what may stand between a verb and a place: "the northwestern town of", "the ancient city of" (never
# a part of it: "most of the town of")
# a list of places after a plural place noun: "the villages of X and Y" are X and Y (kg.extract.clauseparts too)
PLACE_LIST = r"⟦P\d+⟧(?:\s*,\s*⟦P\d+⟧)*\s*,?\s+and\s+⟦P\d+⟧"
# ("the towns of X and Y" are X and Y; "the villages of X" are a part of X: no place taken)
_PLACE_WORDS = (r"(?:(?:the\s+|an?\s+)?(?:(?!(?:most|part|parts|much|half|some|bulk)\b)[\w-]+\s+){0,3}?(?:town|city|village|provincial\s+capitals?|"
                r"capital|district|border\s+towns?|border\s+crossings?|centre|center)\s+of\s+|"
                r"(?:the\s+|an?\s+)?(?:[\w-]+\s+){0,3}?(?:towns|cities|villages)\s+of\s+(?=" + PLACE_LIST + r")|all\s+of\s+|"
                r"the\s+(?:[\w-]+\s+){0,2}?(?:provincial\s+capital|capital|town|city)\s+(?=⟦P))?")
# one member of a list: "the hardline ⟦A2⟧ movement"
_MEMBER = (r"(?:the\s+)?(?:(?!and\b|but\b|or\b)[a-z][\w-]*\s+){0,2}⟦A\d+⟧(?:\s+(?:movement|group|faction|brigades?|"
           r"militia|front|fighters|organisation|organization|alliance|rebels))?")
# an item's description in a list, never an item itself: "the Nusra Front, al-Qaeda's branch in Syria, and ..."
_DESCRIBED_ITEM = (r"(?:\s*,\s*(?:the\s+)?⟦A\d+⟧['’]s\s+(?:[\w-]+\s+){0,2}?(?:branch|wing|affiliate|arm|offshoot|franchise)"
                   r"(?:\s+in\s+(?:⟦P\d+⟧|[A-Z][\w-]*))?(?=\s*,))?")
_COUNT = (r"(?P<count>(?:at\s+least\s+|more\s+than\s+|over\s+|some\s+|nearly\s+|about\s+|around\s+|almost\s+)?"
          r"(?:\d[\d,]*|dozens|scores|hundreds|thousands|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
          r"(?:twen|thir|for|fif|six|seven|eigh|nine)ty(?:-\w+)?))")
_SLOT = re.compile(r"^\{(\w+)\}$")
_VERB = re.compile(r"^<(\w+)>$")
_CHOICE = re.compile(r"^\((.+)\)(\?)?$")


@dataclass
class Pattern:
    name: str
    regex: re.Pattern[str]
    spec: dict[str, Any]


@dataclass
class Match:
    """A pattern matched in a sentence: its slots (slot name -> the mentions in it), the
    matched text's span in the sentence, and the span of its verb (if it has one)."""

    pattern: Pattern
    slots: dict[str, list[Mention]]
    span: tuple[int, int]
    verb: tuple[int, int] | None
    targets: str = ""
    claimant: Mention | str | None = None  # whose view the match states, when it says so itself ("which Ankara regards as")


@dataclass
class Attribution:
    """Who the sentence says is speaking: a mention, or the words of an unnamed source."""

    who: Mention | None
    text: str
    how: str  # quote, according, announced, said
    scope: int = 0  # where the speaker's words begin ("X took Y, and officials said Z": at "officials")
    # the speaker's name and the reporter's description of it before the verb ("Russia, whose jets
    # back A, said ..."): no part of the speaker's words
    aside: tuple[int, int] | None = None


def load_dictionary(extra: Path | None = None) -> dict[str, Any]:
    """The bundled dictionary, with an analyst's file's entries added (its verbs extend the
    verb classes, its patterns, aliases and anaphors come after the bundled ones)."""
    data = tomllib.loads(DICTIONARY.read_text(encoding="utf-8"))
    if extra is not None:
        from ..errors import InputError

        try:
            more = tomllib.loads(Path(extra).read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
            raise InputError(f"cannot read the patterns file {extra}: {error}") from None
        from .userpatterns import problem_in

        problem = problem_in(more)
        if problem:
            raise InputError(f"{extra}: {problem}")
        for verb_class, words in more.get("verbs", {}).items():
            data["verbs"][verb_class] = list(dict.fromkeys(data["verbs"].get(verb_class, []) + list(words)))
        for table in ("pattern", "alias", "anaphor"):
            data[table] = data.get(table, []) + more.get(table, [])
        for key, value in more.get("hedges", {}).items():
            data["hedges"][key] = data["hedges"].get(key, []) + list(value)
    return data


def _words(phrase: str) -> str:
    return r"\s+".join(re.escape(w) for w in phrase.split())


def _alternative(option: str) -> str:
    body = _words(option)
    return rf"\b{body}\b" if option[:1].isalnum() and option[-1:].isalnum() else body


def compile_pattern(spec: dict[str, Any], verbs: dict[str, list[str]]) -> Pattern:
    """A pattern's phrase as a regular expression over masked text."""
    from ..errors import InputError

    parts, verb_named = [], False
    tokens = spec["text"].split()
    for i, token in enumerate(tokens):
        slot, verb, choice = _SLOT.match(token), _VERB.match(token), _CHOICE.match(token)
        if slot:
            name = slot.group(1)
            if name == "actors":
                one = r"⟦A\d+⟧" + _FOLLOWERS  # "X and Y fighters", "X fighters backed by Z"
                parts.append(rf"(?P<actors>{one}(?:\s*(?:,\s*(?:and\s+)?|and\s+|or\s+){one})*)")
            elif name == "members":  # "Nusra, the hardline Ahrar al-Sham movement and Jund al-Aqsa"
                parts.append(rf"(?P<members>{_MEMBER}{_DESCRIBED_ITEM}(?:\s*(?:,\s*(?:and\s+|as\s+well\s+as\s+)?|and\s+|"
                             rf"as\s+well\s+as\s+){_MEMBER}{_DESCRIBED_ITEM})*)")
            elif name == "places":  # "the provincial capital, Jisr al-Shughour and the Mastoumeh military base"
                one = rf"{_PLACE_WORDS}(?:the\s+)?⟦P\d+⟧(?!\s*['’]s\b)(?:\s+(?:military\s+)?(?:base|airport|air\s+base|airbase))?"
                # "X, the capital of Y": Y is where X lies, no second place taken
                more = rf"(?!(?:the\s+)?(?:[\w-]+\s+){{0,2}}?capital\s+of\b){one}"
                parts.append(rf"(?P<places>{one}(?:\s*(?:,\s*(?:and\s+)?|and\s+){more})+)")
            elif name == "count":
                parts.append(_COUNT)
            elif name.startswith("leader"):  # "the Nusra-led alliance": a name before -led
                parts.append(rf"(?P<{name}>⟦L\d+⟧)")
            else:
                letter = "P" if name.startswith("place") else "A"
                wanted = i + 1 < len(tokens) and tokens[i + 1] == "'s"
                possessive = r"(?!\s*['’]s\b)" if letter == "P" and not wanted else ""
                described = _PLACE_WORDS if letter == "P" else ""
                parts.append(rf"{described}(?P<{name}>⟦{letter}\d+⟧){possessive}" + (_FOLLOWERS if letter == "A" else ""))
        elif verb:
            if verb.group(1) not in verbs:
                raise InputError(f"pattern {spec.get('name')!r}: no verb class <{verb.group(1)}>")
            options = "|".join(_alternative(v) for v in sorted(verbs[verb.group(1)], key=len, reverse=True))
            auxiliary = r"(?:(?:has|had|have|now|still|already|fully|effectively|finally|also|largely)\s+){0,2}"  # "had captured"; never "has been captured" (no agent)
            parts.append(auxiliary + (f"(?P<verb>{options})" if not verb_named else f"(?:{options})"))
            verb_named = True
        elif token == "...":
            parts.append(_ANY % 10)
        elif token == ",...,":  # an apposition between commas, whoever it names
            parts.append(r",[^,;–—()\"“”]{1,160},")
        elif choice:
            options = "|".join(_alternative(o.replace("_", " ")) for o in choice.group(1).split("|"))
            parts.append(f"(?:{options})" + ("?" if choice.group(2) else ""))
        elif token == "'s":
            parts.append(r"['’]s\b")
        elif token in ("–", "-", "—"):
            parts.append("[–—-]")
        else:
            parts.append(_alternative(token))
    return Pattern(spec["name"], re.compile(r"\s*".join(parts), re.IGNORECASE), spec)


def compile_all(data: dict[str, Any]) -> list[Pattern]:
    return [compile_pattern(spec, data["verbs"]) for spec in data.get("pattern", [])]


def _letter(mention: Mention) -> str:
    return "A" if mention.is_actor else "P" if mention.is_place else "N"


def mask(sentence: Sentence, mentions: list[Mention], drop_asides: bool) -> tuple[str, list[int], dict[str, Mention]]:
    """The sentence with every mention replaced by its slot token; ``posmap[i]`` is the
    sentence offset of masked character i; the slot tokens' mentions."""
    out: list[str] = []
    posmap: list[int] = []
    slots: dict[str, Mention] = {}
    removed = sentence.asides if drop_asides else []
    i, text = 0, sentence.text
    by_start = {m.start: m for m in mentions}
    while i < len(text):
        aside = next(((s, e) for s, e in removed if s == i), None)
        if aside is not None:
            out.append(" ")
            posmap.append(i)
            i = aside[1]
            continue
        mention = by_start.get(i)
        if mention is not None:
            letter = "L" if re.match(r"-(?:led|dominated|headed)\b", text[mention.end:]) and mention.is_actor else _letter(mention)
            token = f"⟦{letter}{len(slots)}⟧"
            slots[token] = mention
            out.append(token)
            posmap.extend([i] * len(token))
            i = mention.end
            continue
        out.append(text[i])
        posmap.append(i)
        i += 1
    posmap.append(len(text))
    return "".join(out), posmap, slots


def _lower_words(text: str) -> list[str]:
    """The words of ``text`` in lower case, but a capitalised word inside a clause is a name
    ("May 20" is no "may"): those are left as written, so no hedge word matches them."""
    words = re.findall(r"[A-Za-z’']+", text)
    out = [w.lower() if not w[:1].isupper() or i == 0 else w for i, w in enumerate(words)]
    return out + [w.lower() for w in re.findall(r"\b[a-z]+-[a-z]+\b", text)]  # "one-time" as well as "one", "time"


def unconfirmed(sentence: Sentence, hedges: dict[str, list[str]]) -> bool:
    """Whether the sentence says a report is unconfirmed ("could not be independently
    verified", "claims to show", "reportedly")."""
    return any(re.search(h, sentence.text, re.IGNORECASE) for h in hedges.get("sentence", []))


def _hedged(masked: str, m: re.Match[str], hedges: dict[str, list[str]], allowed: list[str] | tuple[()] = (),
            reporter: bool = False) -> bool:
    """A hedge ("could", "not", ...) in the clause just before the verb or in the verb phrase,
    or a fear ("fears that") before the match; ``allowed``: the hedge words a pattern says
    itself ("formerly known as" is a renaming, not a hedge); a ``reporter`` pattern (an
    apposition) is never hedged by the words before it."""
    inside = set(hedges.get("inside", [])) - set(allowed)
    if "verb" in m.re.groupindex and m.group("verb") is not None:
        clause = re.split(r"[,;:–—\"“”]", masked[m.start():m.start("verb")])[-1]
        window = _lower_words(clause)[-3:] + m.group("verb").lower().split()
    else:
        window = _lower_words(m.group(0))
    if inside & set(window):
        return True
    if "verb" in m.re.groupindex and m.group("verb") is not None:
        before_verb = window[:len(window) - len(m.group("verb").split())]
        if before_verb and before_verb[-1] in hedges.get("history_adverb", []):
            return True  # "first overran X": told as history, right before the verb
    rest = re.split(r"[,;:–—.\"“”]", masked[m.end():])[0]  # "held X until May": history, not a current tie
    if "until" in inside and re.search(r"\buntil\b", rest, re.IGNORECASE):
        return True
    if reporter:  # an apposition is the report's own description: "the next target would be X, held by A"
        return False
    before = masked[:m.start()].lower()
    return any(re.search(rf"\b{re.escape(h)}\b", before) for h in hedges.get("before", []))


# a time the rest of a clause puts a tie in, long past ("in the last decade", "during the US occupation";
# not a year: "joined B in 2014" dates the tie): history, no current tie
HISTORY = re.compile(r"\b(?:in\s+the\s+(?:last|previous|past)\s+decade|(?:a\s+decade|decades|years)\s+ago|in\s+the\s+(?:19|20)\d0s|"
                     r"during\s+the\s+(?:US\s+|U\.S\.\s+|American\s+|Soviet\s+)?(?:occupation|invasion))\b",
                     re.IGNORECASE)
_TIES = {"hostile to", "allied with", "member of", "leads", "branch of"}
# a hold verb in a figure of speech: "held up as", "holds up as"
_FIGURE = re.compile(r"\s+up\s+as\b", re.IGNORECASE)


def match_sentence(sentence: Sentence, mentions: list[Mention], patterns: list[Pattern],
                   hedges: dict[str, list[str]]) -> list[Match]:
    """Every pattern that matches the sentence (with and without its asides), once each."""
    if sentence.is_question:
        return []
    found: list[Match] = []
    seen: set[tuple[str, tuple[tuple[str, tuple[str, ...]], ...]]] = set()
    versions = [True, False] if sentence.asides else [False]
    for drop in versions:
        masked, posmap, slots = mask(sentence, mentions, drop)
        for pattern in patterns:
            for start in {0} | {x.start() for x in re.finditer(r"(?<![\w⟦])(?=[\w⟦])", masked)}:
                m = pattern.regex.match(masked, start)
                if m is None or _hedged(masked, m, hedges, pattern.spec.get("allow", ()), pattern.spec.get("voice") == "reporter") or (
                        _HELPER.search(masked[:m.start()])):
                    continue
                if pattern.spec.get("relation") == "controls" and _FIGURE.match(masked, m.end()):
                    continue  # "the city the group had held up as its model": no hold
                if (pattern.spec.get("relation") == "allied with" and "verb" in m.re.groupindex and m.group("verb")
                        and re.search(r"\bhad\s+(?:\w+\s+)?$", masked[m.start():m.start("verb")])):
                    continue  # "A had fought alongside B": an alliance in the past perfect, history
                if pattern.spec.get("relation") in _TIES and HISTORY.search(re.split(r"[,;:–—.\"“”]", masked[m.end():])[0]):
                    continue  # "turned against A in the last decade": a tie told as history
                named = {k: [slots[t] for t in re.findall(r"⟦[APNL]\d+⟧(?!['’]s\s)" if k == "members" else r"⟦[APNL]\d+⟧",
                                                           _HELPERS.sub(" ", v))]
                         for k, v in m.groupdict().items() if v and k not in ("verb", "count")}
                key = (pattern.name, tuple(sorted((k, tuple(x.iri + str(x.start) for x in v)) for k, v in named.items())))
                if key in seen:
                    continue
                verb = (posmap[m.start("verb")], posmap[m.end("verb")]) if "verb" in m.groupdict() and m.group("verb") else None
                if not drop and verb is not None and any(
                        a <= x.start < b and not a <= verb[0] < b for a, b in sentence.asides for v in named.values() for x in v):
                    continue  # "X, a compound on the edge of Raqqa, was overrun": the aside's Raqqa is no party of the verb
                seen.add(key)
                targets = ""
                if "count" in m.re.groupindex and m.group("count"):
                    targets = sentence.text[posmap[m.start()]:posmap[m.end()]].strip()
                if pattern.spec.get("targets"):
                    rest = masked[m.end():]
                    targets = re.split(r"[,.;–—]|\s+where\s+", rest, maxsplit=1)[0].strip()
                    targets = re.sub(r"^(?:so-called\s+)", "", targets)
                found.append(Match(pattern, named, (posmap[m.start()], posmap[m.end()]), verb, targets))
    return found


# the words that describe a speaker before its name ("a spokesman for the X", "Syria's state news agency
# SANA"): no clause of the reporter's before it
_SPEAKER_WORDS = {"spokesman", "spokeswoman", "spokesperson", "agency", "official", "officials", "source", "sources",
                  "monitor", "commander", "media", "ministry", "office", "channel", "television", "website", "for",
                  "of", "from", "in", "at", "by", "with", "near", "inside", "to", "told"}


def _inside_a_clause(before: str) -> bool:
    """Whether a speaker after ``before`` stands inside a clause of the sentence ("a raid Moscow says
    killed 62", "an assault the Observatory said killed 40", "X, which officials said ...", "X took Y,
    and officials said ..."): the speaker's words begin at the speaker, and what ends before is the
    reporter's. A bare "and" joins two speakers as often as two clauses: not read."""
    if re.search(r",\s*(?:and|but|while|as)\s+$", before):
        return True
    word = re.search(r"(?<![\w'’-])([a-z][a-z'’-]*)\s+(?:(?:the|a|an)\s+)?$", before)
    # ("the alliance and a monitor said": two speakers; "Syria's state news agency SANA", "Kurdish-led": no word)
    return word is not None and word.group(1) not in _SPEAKER_WORDS | {"and", "or"}


def attribution(sentence: Sentence, mentions: list[Mention], claims: dict[str, Any]) -> Attribution | None:
    """Who speaks in the sentence: the speaker after or before a quotation ("…," said X; X
    said that …), the source of "according to X", or X in "X announced"."""
    masked, posmap, slots = mask(sentence, mentions, False)
    unnamed = claims.get("unnamed", "(?!)")
    # "the army's general command", "activists in the city": the speaker with its part or its place
    # ("the Islamic State's Amaq news agency": the group speaks through its medium)
    part = (r"(?:⟦[AN]\d+⟧|(?:[a-z]+\s+){0,2}(?:command|ministry|leadership|spokesman|spokeswoman|media\s+office)|"
            r"(?:[A-Z][\w'’-]*\s+)?(?:news\s+agency|media\s+arm|media\s+wing|propaganda\s+arm|channel|television|radio|website))")
    # "monitors of jihadist media", "activists in the city": an unnamed speaker with what or where it is
    where = r"(?:\s+(?:in|inside|from|near)\s+⟦P\d+⟧|\s+(?:of|in|inside|from|on|close\s+to)\s+(?:[a-z][\w-]*\s+){0,2}[a-z][\w-]*)"
    # (an acronym in brackets after a name: "the Libyan National Army (LNA) announced")
    who = rf"(?P<who>(?:⟦[AN]\d+⟧(?:\s*['’]s\s+{part})?|{unnamed}){where}?)(?:\s*\((?:⟦A\d+⟧|[A-Z][A-Za-z.-]{{1,9}})\))?"
    for how, key in (("quote", "after"), ("according", "according"), ("said", "before")):
        for template in claims.get(key, []):
            m = re.search(template.replace("{who}", who), masked)
            if m is None:
                continue
            # "X took Y, and U.S. officers said Z": the speaker's words are the clause after ", and"
            # ("a raid Moscow says killed 62", "an assault the Observatory said killed 40", "X, which officials
            # said ...": a speaker after a word of a clause speaks from there on; what ends before is the reporter's)
            at = posmap[m.start("who")]
            scope = at if key == "before" and _inside_a_clause(sentence.text[:at]) else 0
            # (from the speaker's name: "X, who heads A, said" describes X)
            aside = (posmap[m.start("who")], posmap[m.end("aside")]) if m.groupdict().get("aside") else None
            tokens = re.findall(r"⟦[AN]\d+⟧", m.group("who"))
            if tokens:
                speaker = slots[tokens[-1]]
                return Attribution(speaker, speaker.label, "announced" if "announc" in m.group(0) else how, scope, aside)
            text = sentence.text[posmap[m.start("who")]:posmap[m.end("who")]]
            return Attribution(None, text.strip(), how, scope, aside)
    return None
