"""When two names are the same name: the keys names are matched on, and the word rules that
keep a loose match from turning one armed group into another.

A name is compared word by word, after :func:`normalise` (case, diacritics, hyphens,
apostrophes and the Arabic article do not matter). Every word of a name distinguishes it —
"Free Syrian Army" is not the "Syrian Army", "13th Division" is not "Division 30", "Jaysh
al-Islam" is not "Jaish al-Fath" — except a few words that only say what kind of thing it is
(:data:`DESCRIPTORS`: "military airport", "group", "province", ...). So:

* a spelling variant has the same words, each spelt a little differently (same consonant
  skeleton, same first letter, close letters: Nusra/Nusrah, Jaish/Jaysh, Fath/Fateh,
  Sham/Shem), never a word more or less and never another word;
* a prefix may leave out only descriptor words ("Abu al-Duhur" for "Abu al-Duhur military
  airport", not "Jaish" for "Jaish al-Fath");
* a fuzzy suggestion that lacks a word of the name asked for is a different name: it is ranked
  after every suggestion that has them all (:func:`missing_words`), and one the name asked for
  qualifies ("Free" Syrian Army, "13th" Division: :func:`qualifies`) comes last.

kg.names (the index), kg.namekeys (the keys written to the store) and kg.remotenames (a
SPARQL server's keys) all match names with these functions and no others.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

__all__ = ["DESCRIPTORS", "keys_of", "missing_words", "normalise", "qualifies", "skeleton", "spelling_variant", "variant_words"]

_ARTICLES = {"al", "an", "el", "ad", "ar", "as", "ash", "at", "az", "adh", "the", "ul"}
_ARABIC_FOLD = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه", "ـ": None})
_APOSTROPHES = re.compile(r"[’'`ʿʾ‘´]")
_SEPARATORS = re.compile(r"[\s\-‐‑–—_.,;:/()\"“”]+")

# words that say what kind of thing a name is, not which one: a prefix may leave them out, and a
# suggestion without them still has every word that matters
DESCRIPTORS = frozenset({
    "of", "for", "and", "in", "on", "group", "organisation", "organization", "military", "airport", "airbase",
    "air", "base", "city", "town", "village", "governorate", "province", "district", "subdistrict", "region",
    "area", "countryside", "camp", "crossing", "dam", "prison", "port",
})
_MIN_WORD_SIMILARITY = 70  # rapidfuzz ratio (0-100) of two spellings of one word, at least


def normalise(text: str) -> str:
    """Lower-case, strip diacritics and harakat, fold Arabic letter variants, drop
    apostrophes, turn hyphens into spaces and remove articles (al-, an-, el-, ...; ال).
    Made space-separated part by part (every step works a character or a word at a time, a
    space separates words and no step makes or moves one: the same key as the whole text
    gives, tests/test_names.py), each part's key made once (a million labels have a few
    thousand words)."""
    if " " not in text:
        return _part_keys(text)[0]
    return " ".join(key for key, _ in map(_part_keys, text.split(" ")) if key)


def _normalise(text: str) -> str:
    """:func:`normalise` of the whole text at once (its parts are made so)."""
    if not text.isascii():  # ASCII has no diacritics and no Arabic letters: the same text
        text = unicodedata.normalize("NFKD", text)
        text = "".join(c for c in text if not unicodedata.combining(c))
        text = text.translate(_ARABIC_FOLD)
    text = text.casefold()
    text = _APOSTROPHES.sub("", text)
    words = []
    for word in _SEPARATORS.split(text):
        if not word or word in _ARTICLES:
            continue
        if word.startswith("ال") and len(word) > 3:
            word = word[2:]
        words.append(word)
    return " ".join(words)


@lru_cache(maxsize=1 << 18)
def _part_keys(part: str) -> tuple[str, str]:
    """(normalised, skeleton) of a part of a label without a space."""
    key = _normalise(part)
    return key, " ".join(loose for word in key.split() if (loose := _word_skeleton(word)))


# English words that join a name's words and that names use either way: "Islamic State of Iraq and
# al-Sham" is the "Islamic State in Iraq and al-Sham" (the loose key leaves them out; a spelling
# variant may use either)
CONNECTIVES = frozenset({"of", "in"})


def skeleton(normalised: str) -> str:
    """A loose key for spelling variants of Latin transliterations: drop vowels and h, then
    doubled letters. 'nusrah' and 'nusra' -> 'nsr'; 'fath', 'fatah', 'fateh' -> 'ft'. The
    connectives ("of", "in") are left out."""
    words = []
    for word in normalised.split():
        if word in CONNECTIVES:
            continue
        if word.isascii():
            word = re.sub(r"[aeiouyh]", "", word) or word
        word = re.sub(r"(.)\1+", r"\1", word)
        words.append(word)
    return " ".join(words)


@lru_cache(maxsize=1 << 16)
def _word_skeleton(word: str) -> str:
    return skeleton(word)


def keys_of(label: str) -> tuple[str, str] | None:
    """(normalised name, skeleton) of one label; None for a label that normalises to nothing
    (it matches no name). ``skeleton`` works word by word, so the skeleton is made from the
    skeletons of the words, which recur (a million labels have a few thousand words)."""
    if " " not in label:
        keys = _part_keys(label)
        return keys if keys[0] else None
    parts = [keys for keys in map(_part_keys, label.split(" ")) if keys[0]]
    if not parts:
        return None
    return " ".join(key for key, _ in parts), " ".join(loose for _, loose in parts if loose)


@lru_cache(maxsize=1 << 14)
def variant_words(a: str, b: str) -> bool:
    """Whether the normalised words ``a`` and ``b`` are spellings of one word: equal, or the
    same skeleton, the same first letter and letters close enough ('nusra'/'nusrah',
    'jaish'/'jaysh', 'sham'/'shem'; not 'ansar'/'nusra', not 'nasir'/'nusra')."""
    if a == b:
        return True
    if a[:1] != b[:1] or _word_skeleton(a) != _word_skeleton(b) or any(c.isdigit() for c in a + b):
        return False
    from rapidfuzz import fuzz

    return fuzz.ratio(a, b) >= _MIN_WORD_SIMILARITY


def spelling_variant(a: str, b: str) -> bool:
    """Whether the normalised names ``a`` and ``b`` have the same words, each at most spelt
    differently (:func:`variant_words`): never a word more, less or other."""
    words_a, words_b = a.split(), b.split()
    return len(words_a) == len(words_b) and all(
        variant_words(x, y) or (x in CONNECTIVES and y in CONNECTIVES) for x, y in zip(words_a, words_b, strict=True))


def _typo(a: str, b: str) -> bool:
    """A word mistyped (for suggestions only): a spelling variant, or one letter or two off in a
    long word ('shams' for 'sham', 'idleb' for 'idlib'); never for a number."""
    if variant_words(a, b):
        return True
    if any(c.isdigit() for c in a + b) or min(len(a), len(b)) < 4:
        return False
    from rapidfuzz import fuzz

    return fuzz.ratio(a, b) >= 80


def missing_words(asked: str, name: str) -> list[str]:
    """The words of the normalised name ``asked`` that the normalised ``name`` lacks (not even
    misspelt), descriptors left aside: ``missing_words('free syrian army', 'syrian army')`` is
    ``['free']``. A name that lacks a word of the one asked for names something else."""
    have = name.split()
    return [w for w in asked.split() if w not in DESCRIPTORS and not any(_typo(w, h) for h in have)]


def qualifies(asked: str, name: str) -> bool:
    """Whether the normalised ``asked`` is ``name`` with a qualifier that makes it another
    organisation: every word of ``name`` is in it, and it adds a word before them ("free" in
    'free syrian army' for 'syrian army') or a number ('13th division' for 'division'). Words
    added after a name ('jaish fath brigade') may be a unit of it or a descriptor kg does not
    list: not a qualifier."""
    if missing_words(name, asked) or not missing_words(asked, name):
        return False
    words, first = asked.split(), name.split()[0]
    lead = next((i for i, w in enumerate(words) if _typo(w, first)), 0)
    extra = missing_words(asked, name)
    return any(w not in DESCRIPTORS for w in words[:lead]) or any(c.isdigit() for w in extra for c in w)
