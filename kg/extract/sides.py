"""Parties that fight on one side are allies, in the ways wire copy says it.

The clause rules read "A fought alongside B" when the verb and "alongside" stand together. Wire
copy more often puts words between them or turns the sentence round:

- "A, fighting alongside Lebanon's B, took X" (a participle in apposition; a state's possessive
  before the ally), "A fought its way into X alongside B", "A battled through the groves beside B";
- "A, B and C have fought side by side" (every pair of them), "A is fighting side by side with B";
- "Fighting alongside A were B and volunteers of several militias, among them C" (each of B and
  C is A's ally);
- "A and its Lebanese ally B" (an ally named as A's right after A).

A tie told as history ("had fought alongside", "once", "until", "in 2013"), denied ("never",
"not") or possible ("could", "would", "expected") proposes nothing. The parties are the known or
typed actors of the sentence; a party after "of", "by", "against", ... is no subject, except
"fighters of A".
"""

from __future__ import annotations

import re

from .coder import Match, Pattern
from .mentions import Mention
from .text import Sentence

__all__ = ["GROUP_TOKEN", "SIDE_PATTERN", "hedged_at", "mask_actors", "pair_matches", "side_matches", "span_at", "subjects_before"]

SIDE_PATTERN = "fighting on one side"
# a participle in apposition ("A, fighting alongside B, took X, state media said") is the
# reporter's description of A, never the speaker's claim; the other frames are clauses
_PATTERNS = {voice: Pattern(SIDE_PATTERN, re.compile(""), {
    "relation": "allied with", "subject": "a", "object": "b", "confidence": 0.65,
    "date": "attested", "undated": "attested", "voice": voice}) for voice in ("reporter", "clause")}

GROUP_TOKEN = _G = r"⟦G\d+⟧"  # a party in the text mask_actors gives
_FORCE = r"(?:\s+(?:fighters|forces|troops|units|militiamen|soldiers|militias?))?"
# the ally after "alongside": "the", a state's or a place's possessive ("Lebanon's B", "⟦G1⟧'s B")
_ALLY = rf"(?:the\s+)?(?:(?:[A-Z][\w-]*|{_G})['’]s\s+)?(?P<ally>{_G})"
_VERB = r"(?:fighting|fought|fights|fight|battled|battling|battles|advanced|advancing|pushed|pushing|attacked|attacking)"
_AUX = r"(?:(?:has|have|is|are|was|were)\s+(?:been\s+|now\s+|also\s+)?)?"
# "A, fighting alongside B", "A fought its way into X alongside B" (no comma, no name between)
_ALONGSIDE = re.compile(rf"(?P<verb>{_AUX}{_VERB})\b(?P<mid>[^⟦.;:,]{{0,60}}?)\s*\b(?:alongside|beside)\s+{_ALLY}")
# "A, B and C have fought side by side (with D)"
_SIDE_BY_SIDE = re.compile(rf"(?P<verb>{_AUX}{_VERB})\s+side\s+by\s+side(?:\s+with\s+{_ALLY})?")
# "Fighting alongside A were B and C"
_INVERTED = re.compile(rf"\b[Ff]ighting\s+(?:alongside|beside)\s+{_ALLY}{_FORCE}[^⟦.;:]{{0,30}}?\s+(?:were|was|are|is)\s+"
                       rf"(?P<rest>[^.;:]*)")
# "A and its (Lebanese) ally B", "A and its main backer, B": A's ally named right after it
_ITS_ALLY = re.compile(rf"(?P<a>{_G}){_FORCE}\s+(?:and|,)\s+(?:its|their)\s+(?:[\w-]+\s+){{0,2}}?(?:ally|allies|backer|"
                       rf"partner|patron)\s*,?\s+(?:the\s+)?(?P<ally>{_G})")
# a stretch before the verb starts after the last of these (a speaker, a relative clause, ...)
_CUT = re.compile(r".*(?:\b(?:said|says|told|that|which|who|whom|when|after|while|as|but|because|since)\b|[;:(–—]|\"|“)",
                  re.DOTALL)
_GOVERNED = re.compile(r"\b(?:of|by|from|in|at|with|against|to|near|for|on|into|over|under|between)\s+(?:the\s+)?$")
_MEMBERS_OF = re.compile(r"\b(?:fighters|units|troops|members|forces|militiamen|soldiers|volunteers)\s+of\s+(?:the\s+)?$", re.IGNORECASE)
_HEDGE = re.compile(r"\b(?:not|never|no\s+longer|once|formerly|former|until|could|would|might|may|will|should|if|whether|"
                    r"expected|likely|planned|plans|planning|ready|had|used\s+to|earlier\s+in\s+the\s+war|"
                    r"in\s+(?:19|20)\d\d)\b|n['’]t\b", re.IGNORECASE)


def side_matches(sentence: Sentence, mentions: list[Mention]) -> list[Match]:
    """The alliances ``sentence`` states by parties fighting on one side (see the module)."""
    masked, slots = mask_actors(sentence.text, mentions)
    if len(slots) < 2:
        return []
    pairs: list[tuple[str, str, int, int, str]] = []
    for found in _ALONGSIDE.finditer(masked):
        if hedged_at(masked, found.start(), found.end()):
            continue
        voice = "reporter" if re.search(r",\s*$", masked[:found.start()]) and re.match(r"\s*,", masked[found.end():]) else "clause"
        pairs += [(a, found.group("ally"), found.start(), found.end(), voice) for a in subjects_before(masked, found.start())]
    for found in _SIDE_BY_SIDE.finditer(masked):
        if hedged_at(masked, found.start(), found.end()):
            continue
        parties = subjects_before(masked, found.start())
        if found.group("ally"):
            pairs += [(a, found.group("ally"), found.start(), found.end(), "clause") for a in parties]
        else:
            pairs += [(a, b, found.start(), found.end(), "clause") for i, a in enumerate(parties) for b in parties[i + 1:]]
    for found in _INVERTED.finditer(masked):
        if hedged_at(masked, found.start(), found.end()):
            continue
        ally = found.group("ally")
        rest = found.group("rest")
        for token in re.finditer(_G, rest):
            before = rest[:token.start()]
            if _GOVERNED.search(before) and not _MEMBERS_OF.search(before) and not re.search(
                    r"\b(?:among\s+them|including|such\s+as)\s+(?:the\s+)?$", before):
                continue
            pairs.append((ally, token.group(0), found.start(), found.end(), "clause"))
    for found in _ITS_ALLY.finditer(masked):  # "the Syrian army and its Lebanese ally Hezbollah"
        if not hedged_at(masked, found.start(), found.end()):
            pairs.append((found.group("a"), found.group("ally"), found.start(), found.end(), "reporter"))
    return pair_matches(sentence, masked, slots, [(a, b, start, end, _PATTERNS[voice])
                                                  for a, b, start, end, voice in pairs])


def pair_matches(sentence: Sentence, masked: str, slots: dict[str, Mention],
                 pairs: list[tuple[str, str, int, int, Pattern]], claimant: Mention | str | None = None) -> list[Match]:
    """A match for each pair of distinct parties (slots of ``masked``), either way round once
    (the relations read here are symmetric), with the first pair's words as its evidence (and
    ``claimant``, when the words say whose claim it is: kg.extract.support)."""
    out: list[Match] = []
    seen: set[frozenset[str]] = set()
    for a, b, start, end, pattern in pairs:
        left, right = slots[a], slots[b]
        key = frozenset((left.iri, right.iri))
        if left.iri == right.iri or key in seen:
            continue
        seen.add(key)
        out.append(Match(pattern, {"a": [left], "b": [right]}, (span_at(sentence.text, masked, slots, start),
                                                                span_at(sentence.text, masked, slots, end)), None,
                         claimant=claimant))
    return out


def mask_actors(text: str, mentions: list[Mention]) -> tuple[str, dict[str, Mention]]:
    """The sentence with each resolved actor replaced by a token ⟦Gn⟧."""
    slots: dict[str, Mention] = {}
    pieces, last = [], 0
    for m in sorted(mentions, key=lambda x: x.start):
        if m.start < last or not m.is_actor or m.unresolved:
            continue
        token = f"⟦G{len(slots)}⟧"
        slots[token] = m
        pieces += [text[last:m.start], token]
        last = m.end
    pieces.append(text[last:])
    return "".join(pieces), slots


def span_at(text: str, masked: str, slots: dict[str, Mention], at: int) -> int:
    """A masked offset as an offset of the sentence (near enough for a match's span)."""
    shift = 0
    for token in re.finditer(_G, masked[:at]):
        m = slots[token.group(0)]
        shift += (m.end - m.start) - len(token.group(0))
    return max(0, min(len(text), at + shift))


def subjects_before(masked: str, verb: int) -> list[str]:
    """The parties of the stretch before the verb: back to a speaker, a relative word or a
    sentence break, without those a preposition governs (but "fighters of A" is A)."""
    relative = re.search(rf"({_G})\s*,\s*(?:which|who)\b[^,;⟦]{{0,40}}$", masked[:verb])
    if relative:  # "A, which has struck ...": the relative's antecedent
        return [relative.group(1)]
    stretch = re.sub(r",\s*(?:whose|which|who|whom)\b[^,]*,", ",", masked[:verb])  # "A, whose backbone is B, fought": A
    # "A, the former B, attacked": B is A's old name, no second attacker
    stretch = re.sub(rf",\s*(?:the\s+)?(?:former|erstwhile|onetime|one-time|old)\s+(?:[\w-]+\s+)?{_G}\s*,", ",", stretch)
    cut = _CUT.match(stretch)
    begin = cut.end() if cut else 0
    out = []
    for token in re.finditer(_G, stretch[begin:]):
        before = stretch[:begin + token.start()]
        after = stretch[begin + token.end():]
        if re.match(r"['’]s\b", after):
            continue  # "Lebanon's B": a possessor
        if _GOVERNED.search(before) and not _MEMBERS_OF.search(before):
            continue
        out.append(token.group(0))
    return out


def hedged_at(masked: str, start: int, end: int, hedge: re.Pattern[str] = _HEDGE) -> bool:
    """A hedge or a history word in the words before the verb (up to 40 characters, within the
    clause), in the matched words, or later in the clause ("until last year", "in 2013")."""
    before = masked[max(0, start - 40):start]
    before = re.split(r"[,;:.]\s", before)[-1]
    after = re.split(r"[,;:.](?:\s|$)", masked[end:], maxsplit=1)[0]
    return bool(hedge.search(before) or hedge.search(masked[start:end]) or re.search(
        r"\b(?:until|in\s+(?:19|20)\d\d)\b", after))
