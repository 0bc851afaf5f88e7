"""The war a report is about: Syria's, or another state's (Iraq, Libya, Yemen, Egypt, Lebanon),
by the names it uses for each, and whether its places lie in the countries the gazetteer covers
(kg.gazetteer: Syria, Iraq, Turkey, Lebanon, Jordan). A dateline in capitals counts ("YEMEN -
AL-JAWF GOVERNORATE")."""

from __future__ import annotations

import re

__all__ = ["names_syria", "theatre"]

_SYRIA = re.compile(r"\b(?:Syria|Syrian|Syrians|Damascus|Assad|regime)\b", re.IGNORECASE)
_UNCOVERED = re.compile(r"\b(?:Libya|Libyan|Libyans|Benghazi|Misrata|Tripoli|Tobruk|Sirte|Haftar|Yemen|Yemeni|Yemenis|"
                        r"Sanaa|Aden|Houthis?|Egypt|Egyptian|Sinai|Cairo)\b", re.IGNORECASE)
_COVERED = re.compile(r"\b(?:Iraq|Iraqi|Iraqis|Baghdad|Lebanon|Lebanese|Beirut|Turkey|Turkish|Ankara|Jordan|Jordanian)\b",
                      re.IGNORECASE)
_OTHER_STATES = re.compile(r"\b(?:Iraq|Iraqi|Iraqis|Baghdad|Libya|Libyan|Libyans|Tripoli|Benghazi|Yemen|Yemeni|Yemenis|"
                           r"Sanaa|Aden|Houthis?|Lebanon|Lebanese|Egypt|Egyptian|Sinai)\b", re.IGNORECASE)


def names_syria(text: str) -> bool:
    """Whether ``text`` names Syria, its capital or its president ("Assad's forces")."""
    return bool(_SYRIA.search(text))


def theatre(text: str) -> tuple[bool, bool]:
    """(whether the report is about another state's war: it names Iraq, Libya, Yemen, Egypt or
    Lebanon at least twice as often as Syria, or once and Syria never; whether its places may be
    looked up in the gazetteer: not in a war outside the countries it covers, "Tripoli" in a
    report on Libya being no town of Lebanon's)."""
    syria = len(_SYRIA.findall(text))
    other = len(_OTHER_STATES.findall(text))
    elsewhere = (other >= 2 and other >= 2 * syria) or (other >= 1 and syria == 0)
    uncovered = len(_UNCOVERED.findall(text))
    return elsewhere, not (uncovered >= 2 and uncovered >= 2 * (syria + len(_COVERED.findall(text))))
