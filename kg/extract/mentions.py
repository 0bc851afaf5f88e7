"""Who and where a report names: known names found with the graph's name index (every label,
alias, transliteration and Arabic name), the dictionary's extra surface forms, anaphors
resolved to what they point back to, a person's surname after their full name, and the
capitalised names kg does not know that look like armed groups or places ("new?")."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ..names import ACTOR_KINDS, NameIndex, normalise
from .text import Sentence

__all__ = ["Finder", "Mention", "NewName"]

_TOKEN = re.compile(r"[^\W_]+(?:['’][^\W_]+)*", re.UNICODE)
_BREAK = re.compile(r"[,;:–—()\"“”.!?]")
_ARTICLES = {"al", "an", "el", "ad", "ar", "as", "ash", "at", "az", "the", "a"}
_MAX_WORDS = 10
_SUBORDINATE = {"by", "from", "of", "to", "against", "with", "which", "that", "on", "in", "at", "for", "and", "or"}
_GROUP_WORDS = {"front", "army", "brigade", "brigades", "battalion", "battalions", "movement", "jaish", "jabhat",
                "jabhet", "liwa", "harakat", "katibat", "kataib", "ansar", "faylaq", "division", "legion",
                "brotherhood", "militia", "forces", "units", "hezbollah", "hizb", "tahrir", "ahrar", "jund",
                "saraya", "islamic", "mujahideen", "state", "council", "alliance", "coalition", "group"}
_PLACE_WORDS = {"in", "at", "near", "from", "to", "into", "outside", "around", "towards", "toward"}
_NOT_NEW = {"january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
            "november", "december", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
            "president", "minister", "islamist", "islamists", "jihadist", "jihadists", "syrian", "us", "un", "but",
            "the", "this", "after", "before", "using", "on", "in", "at", "armed", "hours", "overnight", "faced", "state"}


@dataclass(frozen=True)
class Mention:
    """A name (or an anaphor) in a sentence, and what it stands for."""

    sentence: int
    start: int
    end: int
    surface: str
    iri: str
    label: str
    kind: str
    how: str  # name, alias, anaphor, surname

    @property
    def is_actor(self) -> bool:
        return self.kind in ACTOR_KINDS

    @property
    def is_place(self) -> bool:
        from ..names import PLACE_KINDS

        return self.kind in PLACE_KINDS


@dataclass(frozen=True)
class NewName:
    """A capitalised name kg does not know that looks like an armed group or a place."""

    sentence: int
    name: str
    guess: str  # "armed group?" or "place?"


def _case_fits(surface: str, name: str) -> bool:
    """A name matches only as it is written: an acronym in capitals ("IS", not "is"), a proper
    name capitalised ("The Base" is not "the base"); lower-case names ("the regime") as they are."""
    if name.replace(" ", "").isupper() and len(name.replace(" ", "")) <= 6:
        return surface.replace(" ", "") == name.replace(" ", "")
    words = [w for w in re.split(r"[\s\-]+", name) if w.lower() not in _ARTICLES]
    said = [w for w in re.split(r"[\s\-]+", surface) if w.lower() not in _ARTICLES]
    if words and words[0][:1].isupper():
        return bool(said) and (said[0][:1].isupper() or not said[0][:1].isalpha())
    return True


class Finder:
    """Finds the mentions of one report, sentence by sentence (it keeps what anaphors need)."""

    def __init__(self, index: NameIndex, parent: Callable[[str], str | None], data: dict[str, Any]):
        self.index = index
        self.parent = parent  # a place's IRI -> the IRI of the place it is located in
        self.aliases = [(re.compile(a["pattern"], re.IGNORECASE), a["name"]) for a in data.get("alias", [])]
        self.anaphors = [(re.compile(a["pattern"]), a["refers_to"]) for a in data.get("anaphor", [])]
        self.recent: list[Mention] = []  # every mention so far, in order
        self.subjects: list[Mention] = []  # the subject actor of each sentence that had one
        self.surnames: dict[str, Mention] = {}

    def _known(self, surface: str) -> tuple[str, str, str] | None:
        entries = self.index.exact(surface)
        if len(entries) != 1:  # nothing, or a name two resources share: not a mention
            return None
        entry = entries[0]
        key = normalise(surface)
        if not any(_case_fits(surface, n) for n in self.index.names_of(entry.iri) if normalise(n) == key):
            return None
        return str(entry.iri), entry.label, entry.kind

    def _add(self, found: list[Mention], sentence: Sentence, start: int, end: int,
             what: tuple[str, str, str], how: str) -> None:
        if any(start < m.end and m.start < end for m in found):
            return
        found.append(Mention(sentence.index, start, end, sentence.text[start:end], *what, how))

    def _entry(self, label: str) -> tuple[str, str, str] | None:
        entries = self.index.exact(label)
        return (str(entries[0].iri), entries[0].label, entries[0].kind) if len(entries) == 1 else None

    def find(self, sentence: Sentence) -> list[Mention]:
        text = sentence.text
        found: list[Mention] = []
        for pattern, label in self.aliases:
            target = self._entry(label)
            for m in pattern.finditer(text):
                if target is not None:
                    self._add(found, sentence, m.start(), m.end(), target, "alias")
        tokens = [(m.start(), m.end() - (2 if re.search(r"['’]s$", m.group(0)) else 0)) for m in _TOKEN.finditer(text)]
        i = 0
        while i < len(tokens):
            for length in range(min(_MAX_WORDS, len(tokens) - i), 0, -1):
                start, end = tokens[i][0], tokens[i + length - 1][1]
                surface = text[start:end]
                if _BREAK.search(surface) or not normalise(surface):
                    continue
                known = self._known(surface)
                if known is not None:
                    self._add(found, sentence, start, end, known, "name")
                    i += length - 1
                    break
                if length == 1 and surface in self.surnames:
                    person = self.surnames[surface]
                    self._add(found, sentence, start, end, (person.iri, person.label, person.kind), "surname")
            i += 1
        found.sort(key=lambda m: m.start)
        for pattern, refers_to in self.anaphors:
            for m in pattern.finditer(text):
                if re.match(r"\s+of\s+[A-Z]", text[m.end():]):  # "the city of Idlib": the name says it
                    continue
                antecedent = self._antecedent(refers_to, [x for x in found if x.start < m.start()])
                if antecedent is not None:
                    what = (antecedent.iri, antecedent.label, antecedent.kind)
                    self._add(found, sentence, m.start(), m.end(), what, "anaphor")
        found.sort(key=lambda m: m.start)
        for mention in found:
            if mention.kind == "person" and mention.how == "name":
                self.surnames[mention.label.split()[-1]] = mention
        self.recent.extend(found)
        subject = self._subject(sentence, found)
        if subject is not None:
            self.subjects.append(subject)
        return found

    def _subject(self, sentence: Sentence, found: list[Mention]) -> Mention | None:
        """The sentence's subject: its first actor not governed by a preposition or a relative
        pronoun ("orchestrated by al-Nusra, they ..." -> they), outside quotes and asides."""
        for m in found:
            if not m.is_actor or sentence.in_quotes(m.start, m.end):
                continue
            if any(s <= m.start < e for s, e in sentence.asides):
                continue
            before = re.findall(r"[\w’']+", sentence.text[:m.start].lower())
            if before and before[-1] in _SUBORDINATE:
                continue
            return m
        return None

    def _antecedent(self, refers_to: str, here: list[Mention]) -> Mention | None:
        candidates = list(reversed(self.recent + here))
        if refers_to == "subject":
            return self.subjects[-1] if self.subjects else None
        if refers_to == "group":
            return next((m for m in candidates if m.kind in ("armed group", "alliance")), None)
        if refers_to == "alliance":
            return next((m for m in candidates if m.kind == "alliance"), None)
        if refers_to == "city":
            return next((m for m in candidates if m.kind == "city"), None)
        if refers_to == "governorate":
            for m in candidates:
                if m.kind == "governorate":
                    return m
                if m.kind == "city":
                    parent = self.parent(m.iri)
                    entry = self.index.entry(parent) if parent else None
                    if entry is not None and entry.kind == "governorate":
                        return Mention(m.sentence, m.start, m.end, m.surface, str(entry.iri), entry.label,
                                       entry.kind, "anaphor")
            return None
        return None

    def focus_alliance(self, sentence: int) -> Mention | None:
        """The alliance the text is about: the last named in this or the three sentences before."""
        return next((m for m in reversed(self.recent) if m.kind == "alliance" and sentence - 3 <= m.sentence <= sentence),
                    None)


def new_names(sentence: Sentence, found: list[Mention]) -> list[NewName]:
    """Capitalised names not in the graph that look like an armed group (a group word in the
    name: Front, Brigade, Jaish, Liwa, ...) or a place (after in, at, near, from, to, ...)."""
    text, names = sentence.text, []
    covered = [(m.start, m.end) for m in found]
    run = re.compile(r"(?:[A-Z][\w’'-]*|al-[A-Z][\w’'-]*)(?:\s+(?:(?:of|the|al|for|and)\s+)*(?:[A-Z][\w’'-]*|al-[A-Z][\w’'-]*))*")
    for m in run.finditer(text):
        if any(m.start() < e and s < m.end() for s, e in covered):
            continue
        name = re.sub(r"['’]s$", "", m.group(0)).strip()
        start = m.start()
        while name.split(" ", 1)[0].lower() in _NOT_NEW and " " in name:  # "On Sunday Liwa ..." -> "Liwa ..."
            first = name.split(" ", 1)[0]
            name, start = name[len(first):].lstrip(), start + len(first) + 1
        words = [w.lower() for w in re.split(r"[\s\-]+", name)]
        if not name or all(w in _NOT_NEW or w in _ARTICLES for w in words):
            continue
        before = re.findall(r"[\w’']+", text[:start])
        if any(w in _GROUP_WORDS for w in words) and len(words) > 1 and words[0] not in _NOT_NEW:
            names.append(NewName(sentence.index, name, "armed group?"))
        elif before and before[-1].lower() in _PLACE_WORDS and words[0] not in _NOT_NEW and start > 0:
            names.append(NewName(sentence.index, name, "place?"))
    return names
