"""A party that attacks another, its men or its sites is hostile to it, as wire copy says it.

The clause rules read "A fought B" and "clashes between A and B". Reports of infighting more
often name what was hit:

- "A attacked the headquarters of B", "A stormed offices of B", "A raided the bases and
  checkpoints of B" (the sites or the men of a party: headquarters, bases, positions, offices,
  posts, convoys, fighters, commanders, ...);
- "A warplanes struck B positions", "A shelled B's lines" (the party before its sites);
- "the coalition fighting B", "A, the network of defectors fighting B" (a participle after the party);
- "A attacked / ambushed / routed / crushed B"; "B was ambushed by A".

A denied, possible, planned or threatened attack ("could attack", "preparing to attack", "never
attacked") proposes nothing; an attack on a place ("attacked the valley") is no hostility to
anyone. The attackers are the parties before the verb, never a helper after "backed by".
"""

from __future__ import annotations

import re

from .coder import Match, Pattern
from .mentions import Mention
from .sides import GROUP_TOKEN, hedged_at, mask_actors, pair_matches, subjects_before
from .text import Sentence

__all__ = ["ATTACK_PATTERN", "attack_matches"]

ATTACK_PATTERN = "an attack on a party"
_PATTERN = Pattern(ATTACK_PATTERN, re.compile(""), {
    "relation": "hostile to", "subject": "a", "object": "b", "confidence": 0.6,
    "date": "attested", "undated": "attested", "voice": "clause"})

_G = GROUP_TOKEN
_AUX = r"(?:(?:has|have|had|is|are|was|were)\s+(?:been\s+|now\s+|also\s+|repeatedly\s+)?)?"
_HIT = r"(?:attacked|attacks|attacking|stormed|storming|raided|raiding|struck|striking|shelled|shelling|bombed|bombing|hit|targeted|targeting)"
_SITE = (r"(?:headquarters|bases?|positions?|offices|posts?|checkpoints?|convoys?|fighters|vehicles|targets|lines|"
         r"strongholds?|camps?|depots?|barracks|homes|commanders|men|members|units|outposts?)")
_SITES = rf"(?:the\s+)?(?:[a-z-]+\s+){{0,2}}?{_SITE}(?:\s*(?:,|and|,\s*and)\s*(?:the\s+)?(?:[a-z-]+\s+){{0,2}}?{_SITE})*"
_OF = rf"\s+(?:of|belonging\s+to|held\s+by)\s+(?:the\s+)?(?:[A-Z][\w-]*['’]s\s+)?(?P<target>{_G})"
_FRAMES = [
    # "A attacked the headquarters of B", "A raided the bases and checkpoints of B"
    re.compile(rf"(?P<verb>{_AUX}{_HIT})\s+{_SITES}{_OF}"),
    # "A jets struck B positions", "A shelled B's lines"
    re.compile(rf"(?P<verb>{_AUX}{_HIT})\s+(?:the\s+)?(?P<target>{_G})(?:['’]s)?\s+(?:[a-z-]+\s+)?{_SITE}\b"),
    # "A attacked B", "A routed B" (a party, never a place: places are not tokens here)
    re.compile(rf"(?P<verb>{_AUX}(?:attacked|ambushed|routed|crushed|raided))\s+(?:the\s+|its\s+rival\s+)?(?P<target>{_G})"
               rf"(?!\s*['’]s)(?!\s+(?:[a-z-]+\s+)?{_SITE}\b)"),
]
# "the coalition fighting B", "A, the network of defectors fighting B": a participle after the party (no
# finite verb between: "A, which turned on C, were battling B" is no C's fight)
_FIGHTING = re.compile(rf"(?P<a>{_G})(?:\s*,\s*(?:the|an?)\s+(?:(?!(?:is|are|was|were|has|have|had|been|be|did|does|do|"
                       rf"or|but|which|that|who|after|before|when)\b)[\w'’-]+\s+){{1,8}}?|\s+(?:fighters|forces|troops|"
                       rf"militias?|rebels|units)\s+|\s+)(?P<verb>fighting|battling)\s+(?:the\s+)?(?P<target>{_G})")
# "B was ambushed by A", "units of B were attacked by A"
_PASSIVE = re.compile(rf"(?P<target>{_G})(?:\s+(?:fighters|forces|troops|units|positions|bases|convoys?))?\s+"
                      rf"(?P<verb>(?:was|were|had\s+been|has\s+been|have\s+been)\s+(?:\w+ly\s+)?"
                      rf"(?:attacked|ambushed|routed|crushed|raided|targeted|shelled|bombed))\s+by\s+(?:the\s+)?"
                      rf"(?:[a-z-]+\s+){{0,2}}?(?P<by>{_G})")
_HEDGE = re.compile(r"\b(?:not|never|no\s+longer|could|would|might|may|will|should|if|whether|expected|likely|planned|"
                    r"plans|planning|ready|preparing|prepared|threatened|threatens|threatening|vowed|vows|to|denied|"
                    r"denies|deny|denying|accused|accuses|alleged|allegedly|reportedly)\b|n['’]t\b", re.IGNORECASE)


def attack_matches(sentence: Sentence, mentions: list[Mention]) -> list[Match]:
    """The hostilities ``sentence`` states by one party attacking another (see the module)."""
    masked, slots = mask_actors(sentence.text, mentions)
    if len(slots) < 2:
        return []
    pairs: list[tuple[str, str, int, int]] = []
    for frame in _FRAMES:
        for found in frame.finditer(masked):
            if hedged_at(masked, found.start(), found.end(), _HEDGE):
                continue
            target = found.group("target")
            pairs += [(a, target, found.start(), found.end()) for a in subjects_before(masked, found.start()) if a != target]
    for found in _FIGHTING.finditer(masked):
        if found.group("a") != found.group("target") and not hedged_at(masked, found.start("verb"), found.end(), _HEDGE):
            pairs.append((found.group("a"), found.group("target"), found.start(), found.end()))
    for found in _PASSIVE.finditer(masked):
        if not hedged_at(masked, found.start("verb"), found.end(), _HEDGE):
            pairs.append((found.group("by"), found.group("target"), found.start(), found.end()))
    return pair_matches(sentence, masked, slots, [(a, b, start, end, _PATTERN) for a, b, start, end in pairs])
