"""How a name is written: the case a known name must be written in to count ("IS" but not
"is", "JaN" but not the month "Jan"), the acronyms a name may be written as ("AQAP"), and whether
a capitalised word is only a part of a longer name ("Free" in "Free Syrian Army")."""

from __future__ import annotations

import re

__all__ = ["ARTICLES", "case_fits", "part_of_a_name", "spellings"]

ARTICLES = {"al", "an", "el", "ad", "ar", "as", "ash", "at", "az", "the", "a"}
_LINKS = {"of", "for", "and", "the", "in", "al", "el", "bin", "ibn", "abu"}  # small words a capitalised name may keep
_SMALL = {"in", "the", "of", "and", "for"}
# a capitalised first word of a sentence is part of the name after it only if it is one of these
_QUALIFIERS = {"free", "new", "islamic", "national", "popular", "revolutionary", "democratic", "united", "liberation",
               "arab", "kurdish", "turkmen", "northern", "southern", "eastern", "western", "central", "first", "second",
               "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth"}
# words never part of a capitalised name next to them: a month, a day, a title, a few others
_NOT_NEW = {"january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
            "november", "december", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
            "president", "minister", "islamist", "islamists", "jihadist", "jihadists", "syrian", "us", "un", "but",
            "the", "this", "after", "before", "using", "on", "in", "at", "armed", "hours", "overnight", "faced", "state"}


def spellings(name: str) -> set[str]:
    """The acronyms a name may be written as: the initials of its words but "in", "the", "of",
    "and", "for", with its articles or without ("al-Qaeda in the Arabian Peninsula": AQAP)."""
    words = [w for w in re.findall(r"[A-Za-z][\w'’]*", name) if w.lower() not in _SMALL]
    return {"".join(w[0] for w in words).upper(), "".join(w[0] for w in words if w.lower() not in ARTICLES).upper()}


def case_fits(surface: str, name: str) -> bool:
    """A name matches only as it is written: an acronym in capitals ("IS", not "is"; from four
    letters also title-case: "Isis", "Isil"), a proper name capitalised ("The Base" is not "the
    base"); lower-case names ("the regime") as they are."""
    if name.replace(" ", "").isupper() and len(name.replace(" ", "")) <= 6:
        written, acronym = surface.replace(" ", ""), name.replace(" ", "")
        return written == acronym or (len(acronym) >= 4 and written == acronym.title())
    if " " not in name and len(name) <= 6 and any(c.isupper() for c in name[1:]):  # "JaN": as written or in capitals,
        return surface == name or surface == name.upper()  # never the month "Jan"
    words = [w for w in re.split(r"[\s\-]+", name) if w.lower() not in ARTICLES]
    said = [w for w in re.split(r"[\s\-]+", surface) if w.lower() not in ARTICLES]
    if words and words[0][:1].isupper():
        if all(w[:1].isupper() for w in words if w[:1].isalpha()) and any(
                w[:1].islower() for w in said if w[:1].isalpha() and w.lower() not in _LINKS):
            return False  # "the Kurds' front" is no "Kurdish Front": a proper name is capitalised throughout
        return bool(said) and (said[0][:1].isupper() or not said[0][:1].isalpha())
    return True


_WORD_BEFORE = re.compile(r"([^\W_]+(?:['’][^\W_]+)*)[ \-]$")
_WORD_AFTER = re.compile(r"[ \-]([^\W_]+)")
_LEADING = re.compile(r"\s*")


def part_of_a_name(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` is only part of a longer name: a capitalised word or a number
    joined to it by a space or a hyphen ("Free" in "Free Syrian Army", "13th" in "13th
    Division", "30" in "Division 30"), other than a month, a day, a title, ... (_NOT_NEW), a
    possessive ("FRANCE 24's Wassim Nasr") or a sentence's first word that is no qualifier
    ("Yesterday Ahrar al-Sham")."""
    # (looked for near the name, not in all the text before it: a long sentence of many names made
    # this quadratic)
    lo = max(0, start - 80)  # (no word is longer)
    before = _WORD_BEFORE.search(text, lo, start)
    after = _WORD_AFTER.match(text, end)
    leading = _LEADING.match(text).end()  # type: ignore[union-attr]  # (always matches)
    for m, first in ((before, before is not None and before.start(1) <= leading), (after, False)):
        if m is None:
            continue
        word = m.group(1)
        if re.search(r"['’]s$", word) or word.lower() in _NOT_NEW or word.lower() in ARTICLES:
            continue
        if any(c.isdigit() for c in word) or (word[:1].isupper() and (not first or word.lower() in _QUALIFIERS)):
            return True
    return False
