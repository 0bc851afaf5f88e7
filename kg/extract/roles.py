"""Role nouns: what one party is to another, said in an apposition or a possessive rather
than by a verb (kg/extract/lexicon.toml, ``[role]``):

- "A, one of B's component forces", "A, B's Syrian affiliate": A is B's role;
- "B's largest component is A", "B's armed wing, A": the role first, then A;
- "A, the armed wing of B", "A, part of the B", "A is a member of B": the role with "of"
  ("A, the biggest faction in B", "one of the factions within B": with "in");
- "A, a B faction", "A, an B ally": B before the noun.

Each gives one row from A to B (``member of``, ``branch of``, ``allied with``). A history word
before the noun ("the former affiliate", "until now al-Qaeda's branch") gives none: it is no
current fact."""

from __future__ import annotations

import re
from itertools import chain
from typing import TYPE_CHECKING, Any

from .coder import Match, Pattern, mask

if TYPE_CHECKING:
    from .mentions import Mention
    from .text import Sentence

__all__ = ["BACKING", "backer_matches", "role_matches"]

# a state backing a party, in a compound: "the Iran-aligned B" (kg.extract.newnames names the state)
_BACKED = r"[-–](?:backed|aligned|supported|sponsored|funded|armed|allied)\s"
BACKING = re.compile(_BACKED)

# (never a verb's words: "A, fighting alongside members of B" is no member of B)
_ADJ = (r"(?:(?!(?:and|or|but|by|from|to|with|against|in|on|at|is|was|are|were|fighting|battling|alongside|backed|"
        r"supported|helped|helping|joined|joining|aided|assisted)\b)[\w'’-]+\s+){0,3}?")


def _nouns(words: list[str]) -> str:
    return "|".join(r"\s+".join(re.escape(w) for w in n.split()) for n in sorted(set(words), key=len, reverse=True))


def role_matches(masked: str, posmap: list[int], slots: dict[str, Any], lexicon: dict[str, Any]) -> list[Match]:
    """The rows the role nouns of one masked sentence give (see the module)."""
    roles = lexicon.get("role", {})
    history = set(roles.get("history", []))
    found: list[Match] = []
    for relation, nouns in roles.items():
        if relation == "history":
            continue
        noun = rf"(?:{_nouns(nouns)})s?\b"
        forms = (  # (regex, which group is A, which is B)
            (rf"(?P<a>⟦A\d+⟧)\s*,\s*(?P<words>(?:one\s+of\s+)?(?:the\s+|a\s+|an\s+)?{_ADJ})(?P<b>⟦A\d+⟧)['’]s?\s+"
             rf"(?P<words2>{_ADJ}){noun}"),
            rf"(?P<b>⟦A\d+⟧)['’]s?\s+(?P<words>{_ADJ}){noun}\s*(?:,|is|are|remains)\s+(?:the\s+)?{_ADJ}(?P<a>⟦A\d+⟧)",
            (rf"(?P<a>⟦A\d+⟧)\s*(?:,|\bis|\bremains)\s+(?P<words>(?:one\s+of\s+)?(?:the\s+|a\s+|an\s+)?{_ADJ}){noun}\s+"
             rf"(?:of|in|within|inside)\s+(?:the\s+)?(?:(?:newly|recently)\s+(?:formed|created|founded|established)\s+)?"
             rf"(?:[A-Z][\w'’-]*\s+)?(?P<b>⟦A\d+⟧)"),
            # "A, a B faction": B named before the noun, as a modifier
            (rf"(?P<a>⟦A\d+⟧)\s*,\s*(?P<words>(?:one\s+of\s+)?(?:the\s+|a\s+|an\s+){_ADJ})(?P<b>⟦A\d+⟧)\s+"
             rf"(?P<words2>{_ADJ}){noun}(?!\s+(?:of|in|within|to|with)\b)"),
        )
        for form in forms:
            for m in re.finditer(form, masked):
                said = " ".join(m.group(g) or "" for g in ("words", "words2") if g in m.re.groupindex).lower()
                before = re.findall(r"[\w'’-]+", masked[max(0, m.start() - 30):m.start("words")].lower())[-2:]
                if set(re.findall(r"[\w'’-]+", said)) & history or set(before) & {"until", "formerly", "once"}:
                    continue
                a, b = slots[m.group("a")], slots[m.group("b")]
                if a.iri == b.iri:
                    continue
                spec = {"relation": relation, "subject": "subject", "object": "object", "date": "attested",
                        "undated": "attested", "confidence": 0.7, "voice": "reporter"}
                found.append(Match(Pattern(f"role: {relation}", re.compile("(?!)"), spec), {"subject": [a], "object": [b]},
                                   (posmap[m.start()], posmap[m.end()]), None))
    found += _regarded(masked, posmap, slots, roles)
    # "A and B are the two main members of the C alliance": each of them a member
    for m in re.finditer(r"(?P<list>⟦A\d+⟧(?:\s*,\s*⟦A\d+⟧)*,?\s+and\s+⟦A\d+⟧)\s+(?:are|remain)\s+(?:the\s+|among\s+the\s+)?"
                         rf"(?P<words>{_ADJ})(?:members|components|factions|pillars|constituents|founders)\s+of\s+(?:the\s+)?"
                         r"(?P<b>⟦A\d+⟧)", masked):
        if set(re.findall(r"[\w'’-]+", m.group("words").lower())) & set(roles.get("history", [])):
            continue
        b = slots[m.group("b")]
        spec = {"relation": "member of", "subject": "subject", "object": "object", "date": "attested",
                "undated": "attested", "confidence": 0.7, "voice": "reporter"}
        for token in re.findall(r"⟦A\d+⟧", m.group("list")):
            if slots[token].iri != b.iri:
                found.append(Match(Pattern("role: members of, listed", re.compile("(?!)"), spec),
                                   {"subject": [slots[token]], "object": [b]}, (posmap[m.start()], posmap[m.end()]), None))
    captures = {w for name in ("capture", "drive_out") for w in lexicon.get(name, {}).get("active", []) if " " not in w}
    captures |= {"entered", "besieged", "encircled", "attacked", "stormed"}
    # control said by a compound or a possessive: "Islamic State-held Raqqa", "its stronghold of X" (A's)
    for m in re.finditer(r"(?P<a>⟦A\d+⟧)(?:[-–](?:held|controlled|occupied|run)\s+|(?:['’]s\s+(?:[\w-]+\s+){0,2}?|\s+)"
                         r"(?:stronghold|bastion|de\s+facto\s+capital|self-declared\s+capital)\s+(?:of\s+)?)"
                         r"(?:the\s+)?(?:(?:[\w-]+\s+){0,2}?(?:(?:town|city|village)\s+of|capital|port\s+city|port\s+of)\s+)?"
                         r"(?P<p>⟦P\d+⟧)(?!\s*['’])", masked):
        before = re.findall(r"[\w'’-]+", masked[max(0, m.start() - 30):m.start()].lower())[-2:]
        if (set(before) | set(re.findall(r"[\w'’-]+", m.group(0).lower()))) & history:
            continue
        span = (posmap[m.start()], posmap[m.end()])
        if set(before) & captures:  # "seized the Islamic State-held town of X": the holder's control ends
            spec = {"relation": "controls", "subject": "subject", "object": "object", "date": "end",
                    "undated": "not after", "end": ["loser", "object"], "confidence": 0.65}
            found.append(Match(Pattern("role: controls, captured", re.compile("(?!)"), spec),
                               {"loser": [slots[m.group("a")]], "object": [slots[m.group("p")]]}, span, None))
            continue
        spec = {"relation": "controls", "subject": "subject", "object": "object", "date": "attested",
                "undated": "attested", "confidence": 0.65, "voice": "reporter"}
        found.append(Match(Pattern("role: controls", re.compile("(?!)"), spec), {"subject": [slots[m.group("a")]],
                           "object": [slots[m.group("p")]]}, span, None))
    # "A, a faction aligned with B", "A, a group allied to B": an alliance said by an apposition
    for m in re.finditer(rf"(?P<a>⟦A\d+⟧)\s*,\s*(?:an?|the)\s+(?P<words>{_ADJ})(?:faction|group|militia|movement|brigade|"
                         rf"outfit|force)s?\s+(?:closely\s+)?(?:aligned|allied)\s+(?:with|to)\s+(?:the\s+)?{_ADJ}(?P<b>⟦A\d+⟧)", masked):
        a, b = slots[m.group("a")], slots[m.group("b")]
        if a.iri == b.iri or set(re.findall(r"[\w'’-]+", m.group("words").lower())) & history:
            continue
        spec = {"relation": "allied with", "subject": "subject", "object": "object", "date": "attested",
                "undated": "attested", "confidence": 0.6, "voice": "reporter"}
        found.append(Match(Pattern("role: allied with, apposition", re.compile("(?!)"), spec), {"subject": [a], "object": [b]},
                           (posmap[m.start()], posmap[m.end()]), None))
    # "A, a faction that fights alongside B in the C alliance": A and B are members of C
    for m in re.finditer(r"(?P<a>⟦A\d+⟧)[^.;⟦]{0,60}?\b(?:fights?|fighting|fought)\s+(?:alongside|beside|with)\s+(?:the\s+)?"
                         r"(?P<b>⟦A\d+⟧)\s+(?:in|within|as\s+part\s+of)\s+(?:the\s+)?(?P<c>⟦A\d+⟧)", masked):
        c = slots[m.group("c")]
        spec = {"relation": "member of", "subject": "subject", "object": "object", "date": "attested",
                "undated": "attested", "confidence": 0.6, "voice": "reporter"}
        for part in (slots[m.group("a")], slots[m.group("b")]):
            if part.iri != c.iri:
                found.append(Match(Pattern("role: member of, fights alongside in", re.compile("(?!)"), spec),
                                   {"subject": [part], "object": [c]}, (posmap[m.start()], posmap[m.end()]), None))
    # the place first: "X, the group's de facto capital", "X has been an Islamic State foothold" (never "was", "former")
    for m in re.finditer(r"(?P<p>⟦P\d+⟧)(?:\s*,\s*|\s+(?:is|has\s+been|remains|is\s+still|has\s+long\s+been)\s+)(?:the\s+|an?\s+)?"
                         r"(?P<a>⟦A\d+⟧)(?:['’]s?)?\s+(?P<words>(?:[\w-]+\s+){0,2}?)(?:stronghold|bastion|foothold|"
                         r"capital|heartland)\b", masked):
        mention = slots[m.group("a")]
        if set(re.findall(r"[\w'’-]+", m.group("words").lower())) & history or (
                mention.how == "anaphor" and not re.match(r"(?i)the\s+group", mention.surface)):
            continue  # "the jihadists'" may point anywhere; "the group's" is the group in reach
        spec = {"relation": "controls", "subject": "subject", "object": "object", "date": "attested",
                "undated": "attested", "confidence": 0.6}
        found.append(Match(Pattern("role: controls, place first", re.compile("(?!)"), spec),
                           {"subject": [mention], "object": [slots[m.group("p")]]}, (posmap[m.start()], posmap[m.end()]), None))
    return found


def backer_matches(sentence: Sentence, mentions: list[Mention]) -> list[Match]:
    """A state backing a party in a compound: "the Iran-aligned B", "Turkish-backed fighters of B",
    "B, a Saudi-backed group". The state of such a compound is a party of this rule alone
    (kg.extract leaves it out of the others': "US-backed fighters took X" is no capture by the US)."""
    masked, posmap, slots = mask(sentence, mentions, False)
    found: list[Match] = []
    backed = _BACKED + r"\s*"
    for m in chain(re.finditer(rf"(?P<a>⟦A\d+⟧){backed}(?:(?!(?:and|or|within|in|inside|among|by|from|against|with)\b)"
                               rf"[\w'’-]+\s+){{0,3}}?(?P<b>⟦A\d+⟧)", masked),
                   re.finditer(rf"(?P<b>⟦A\d+⟧)\s*,\s*(?:one\s+of\s+)?(?:the|an?)\s+(?P<words>{_ADJ})(?P<a>⟦A\d+⟧){backed}"
                               rf"(?:[\w'’-]+\s+){{0,2}}?(?:group|faction|militia|force|movement|alliance|coalition|brigade|"
                               rf"rebels|fighters|outfit|umbrella)s?\b", masked)):
        a, b = slots[m.group("a")], slots[m.group("b")]
        if a.iri == b.iri or a.kind != "state forces" or not b.is_actor or re.search(r"\bby\b", m.group(0)):
            continue  # "a Saudi-backed group led by X": X leads it, the state backs the group
        spec = {"relation": "allied with", "subject": "subject", "object": "object", "date": "attested",
                "undated": "attested", "confidence": 0.6, "voice": "reporter"}
        found.append(Match(Pattern("role: allied with, backer", re.compile("(?!)"), spec), {"subject": [a], "object": [b]},
                           (posmap[m.start()], posmap[m.end()]), None))
    return found


_VIEW = r"(?:sees|saw|regards|regarded|considers|considered|views|viewed|describes|described|calls|called|brands|branded|labels)"
# whose view it is: a party, or a capital or a state named in the text ("Ankara", "Turkey")
_HOLDER = r"(?P<c>⟦A\d+⟧|[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?)"


def _regarded(masked: str, posmap: list[int], slots: dict[str, Any], roles: dict[str, Any]) -> list[Match]:
    """A tie one party says another has, in its own view: "C regards A as a wing of B", "A, which
    C considers an offshoot of B": A's role (branch of, member of) to B, as C's claim."""
    found: list[Match] = []
    for relation in ("branch of", "member of"):
        noun = rf"(?:{_nouns(roles.get(relation, []) + (['extension'] if relation == 'branch of' else []))})s?\b"
        tail = rf"\s+(?:as\s+|to\s+be\s+)?(?:an?\s+|the\s+)?(?P<words>{_ADJ}){noun}\s+of\s+(?:the\s+)?{_ADJ}(?P<b>⟦A\d+⟧)"
        forms = (rf"(?<![\w⟧]){_HOLDER}(?:\s*,\s*which)?\s+(?:\w+\s+)?{_VIEW}\s+(?:the\s+)?(?P<a>⟦A\d+⟧){tail}",
                 rf"(?P<a>⟦A\d+⟧)(?:\s*\([^)]*\))?\s*,?\s*(?:\w+\s+){{0,8}}?(?<!\band\s)(?:which|whom|that)\s+{_HOLDER}\s+(?:\w+\s+)?{_VIEW}{tail}",
                 # "A, the militia that leads C and which Ankara regards as a wing of B": the first relative's antecedent
                 (rf"(?P<a>⟦A\d+⟧)(?:\s*\([^)]*\))?\s*,\s*(?:the|an?)\s+(?:\w+\s+){{0,4}}?(?:that|which|who)\s+"
                  rf"(?:[^.;,⟦]|⟦A\d+⟧){{0,60}}?\band\s+(?:which|whom|that)\s+{_HOLDER}\s+(?:\w+\s+)?{_VIEW}{tail}"))
        for form in forms:
            for m in re.finditer(form, masked):
                a, b = slots[m.group("a")], slots[m.group("b")]
                holder = m.group("c")
                claimant = slots.get(holder, holder)
                if a.iri == b.iri or set(re.findall(r"[\w'’-]+", m.group("words").lower())) & set(roles.get("history", [])):
                    continue
                spec = {"relation": relation, "subject": "subject", "object": "object", "date": "attested",
                        "undated": "attested", "confidence": 0.6}
                found.append(Match(Pattern(f"role: {relation}, in a party's view", re.compile("(?!)"), spec),
                                   {"subject": [a], "object": [b]}, (posmap[m.start()], posmap[m.end()]), None,
                                   claimant=claimant))
    return found
