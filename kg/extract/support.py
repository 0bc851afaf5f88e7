"""Support one party gives another, and accusations of it: an alliance, in the ways wire copy says it.

- "A receives weapons from B", "A, which gets money and training from B": A and B are allies;
- "C accuses B of arming A", "C blamed B for funding A": B and A are allies, as C's claim;
- "C accuses A of receiving weapons from B": the same;
- "A, whom C accuses of being armed by B": the same.

A denial elsewhere in the sentence ("a charge Tehran denies") leaves the claim its claimant's; a
tie told as possible, denied in the clause or planned ("could receive", "did not arm") proposes
nothing. The parties are the known or typed actors of the sentence (kg.extract.sides.mask_actors).
"""

from __future__ import annotations

import re

from .coder import Match, Pattern
from .mentions import Mention
from .sides import GROUP_TOKEN, hedged_at, mask_actors, pair_matches
from .text import Sentence

__all__ = ["support_matches"]

_PATTERN = Pattern("support given or received", re.compile(""), {
    "relation": "allied with", "subject": "a", "object": "b", "confidence": 0.6, "date": "attested",
    "undated": "attested"})

_G = GROUP_TOKEN
_AID = (r"(?:weapons|arms|money|funds|funding|cash|support|backing|training|ammunition|supplies|missiles|rockets|drones|"
        r"advisers|advisors|air\s+support)")
_AIDS = rf"(?:(?:[\w-]+\s+){{0,2}}?{_AID}(?:\s*,\s*{_AID})*(?:\s*,?\s+and\s+(?:[\w-]+\s+)?{_AID})?)"
_GIVING = r"(?:arming|supplying|funding|financing|backing|supporting|training|equipping|sending\s+weapons\s+to)"
_ARMED = r"(?:armed|backed|funded|financed|supplied|supported|trained|equipped)"
_GETTING = r"(?:receives?|received|receiving|gets|got|getting|takes|took|taking|obtains?|obtained)"
# whose claim: a party, or a capital, a state or a government named in the text ("Riyadh", "Gulf Arab governments")
_CLAIMANT = (rf"(?P<c>{_G}|(?:[A-Z][\w-]*\s+){{0,2}}(?:[A-Z][\w-]*|governments?|officials?))"
             r"(?:\s+and\s+(?:its|their)\s+(?:partners|allies))?")
_ACCUSE = r"(?:accuses?|accused|accusing|blames?|blamed|blaming)"
_THE = r"(?:the\s+)?"

_FORMS = (
    # "A receives weapons from B", "A, which gets money and training from B"
    (re.compile(rf"(?P<a>{_G})\s*,?\s*(?:(?:which|who)\s+)?(?:(?:has|have|had)\s+)?(?:long\s+|also\s+)?{_GETTING}\s+"
                rf"{_AIDS}\s+from\s+{_THE}(?P<b>{_G})"), False),
    # "C accuses B of arming A", "C blamed B for funding A"
    (re.compile(rf"{_CLAIMANT}\s+(?:\w+\s+)?{_ACCUSE}\s+{_THE}(?P<b>{_G})\s+(?:of|for)\s+{_GIVING}\s+{_THE}(?P<a>{_G})"), True),
    # "C accuses A of receiving weapons from B"
    (re.compile(rf"{_CLAIMANT}\s+(?:\w+\s+)?{_ACCUSE}\s+{_THE}(?P<a>{_G})\s+of\s+{_GETTING}\s+{_AIDS}\s+from\s+{_THE}"
                rf"(?P<b>{_G})"), True),
    # "A, whom C accuses of being armed by B"
    (re.compile(rf"(?P<a>{_G})\s*,\s*(?:whom|which|who)\s+{_CLAIMANT}\s+(?:\w+\s+)?{_ACCUSE}\s+of\s+being\s+{_ARMED}\s+"
                rf"(?:and\s+{_ARMED}\s+)?by\s+{_THE}(?P<b>{_G})"), True),
)


def support_matches(sentence: Sentence, mentions: list[Mention]) -> list[Match]:
    """The alliances ``sentence`` states by support given or received (see the module)."""
    masked, slots = mask_actors(sentence.text, mentions)
    if len(slots) < 2:
        return []
    found: list[Match] = []
    for form, accused in _FORMS:
        for m in form.finditer(masked):
            if hedged_at(masked, m.start("a") if not accused else m.start(), m.end()):
                continue
            claimant: Mention | str | None = None
            if accused:
                claimant = slots.get(m.group("c")) or m.group("c")
                if isinstance(claimant, Mention) and claimant.iri in (slots[m.group("a")].iri, slots[m.group("b")].iri):
                    continue  # an accuser is no party of its own accusation
            found += pair_matches(sentence, masked, slots, [(m.group("a"), m.group("b"), m.start(), m.end(), _PATTERN)],
                                  claimant)
    return found
