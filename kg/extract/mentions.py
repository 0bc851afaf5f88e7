"""Who and where a report names: known names found with the graph's name index (every label,
alias, transliteration and Arabic name), the dictionary's extra surface forms, anaphors
resolved to what they point back to, a person's surname after their full name, and the
capitalised names kg does not know that look like armed groups or places ("new?"). A new name
that is a short form is the party it shortens: a known group's name without its generic first
word ("Fateh al-Sham", two words or more), a new group's without its generic last word ("Badr"
after "Badr Organization"), or its plural or singular ("the Houthis" after "Houthi rebels": one
party, written in the plural).

Names are resolved by kg.names, the resolver of every other command (the same tiers: exact,
spelling variant, unique prefix, each non-exact match with its note). Running text adds two
things only: a name must be written as a name (capitalised; an acronym in capitals, or
title-case from four letters: "Isis"), and a known name that is only part of a longer name
is no mention of it ("Syrian Army" in "Free Syrian Army": the word before it, capitalised,
is part of the name; the whole is a "new?" name).

An actor anaphor ("they", "the group", "the militants") resolves only when exactly one
party is in reach: the actors of a fitting kind named earlier in its sentence and in the
sentence before (the one before that when that sentence names no fitting party), with the unknown
group names ("13th Division") and unnamed parties ("state media", "officials") there, each a
party too; a subject pronoun ("they") only looks at parties that can be a subject (not after
"by", "of", "which", ...). Otherwise it stays unresolved: a mention of kind "unresolved",
whose candidate rows are flagged for the analyst (kg.extract.candidates)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from ..names import ACTOR_KINDS, NameIndex, normalise
from .newnames import NewName, new_names
from .shortforms import short_form
from .text import Sentence
from .theatre import names_syria, theatre
from .writing import case_fits, part_of_a_name, spellings

_AREA_BEFORE = re.compile(r"\b(?:southern|northern|eastern|western|central|rural|greater|north-?western|north-?eastern|"
                          r"south-?western|south-?eastern)\s+$", re.IGNORECASE)

__all__ = ["UNRESOLVED", "Finder", "Mention", "NewName"]

UNRESOLVED = "unresolved"
# the kinds an actor anaphor's dictionary entry (refers_to) may point back to
_FITTING = {"subject": {"armed group", "alliance", "state forces", "transnational organisation"},
            "group": {"armed group", "alliance", "transnational organisation"},
            "alliance": {"alliance"}}
# parties a text names without a name, each a possible antecedent of "they"
_UNNAMED = re.compile(r"\b(?:[Ss]tate (?:media|television|TV)|(?:[Gg]overnment |[Mm]ilitary |[Ss]ecurity )?officials"
                      r"|[Aa]ctivists|[Rr]esidents|[Ww]itnesses|[Mm]onitors|[Mm]edics|[Jj]ournalists"
                      r"|(?:[Gg]overnment|[Rr]egime|[Rr]ebel|[Oo]pposition|[Kk]urdish|[Tt]urkish|[Rr]ussian|[Ii]ranian|[Ff]oreign)"
                      r"\s+(?:forces|troops|fighters|soldiers|militias?)|[Rr]ebels|[Ii]nsurgents|[Mm]ilitiamen)\b")

_TOKEN = re.compile(r"[^\W_]+(?:['’][^\W_]+)*", re.UNICODE)
_BREAK = re.compile(r"[,;:–—()\"“”.!?]")
_MAX_WORDS = 10
_SUBORDINATE = {"by", "from", "of", "to", "against", "with", "which", "that", "on", "in", "at", "for", "and", "or"}
_NOT_A_SUBJECT = _SUBORDINATE - {"and", "or"}  # "X and Y fought": Y is a subject too


@dataclass(frozen=True)
class Mention:
    """A name (or an anaphor) in a sentence, and what it stands for."""

    sentence: int
    start: int
    end: int
    surface: str
    iri: str
    label: str
    kind: str  # "unresolved": an anaphor with no single party in reach (its label is the anaphor)
    how: str  # name, alias, anaphor, surname
    note: str = ""  # how the name matched (spelling, prefix), or why an anaphor is unresolved

    @property
    def is_actor(self) -> bool:
        return self.kind in ACTOR_KINDS or self.kind == UNRESOLVED

    @property
    def unresolved(self) -> bool:
        return self.kind == UNRESOLVED

    @property
    def is_place(self) -> bool:
        from ..names import PLACE_KINDS

        return self.kind in PLACE_KINDS


def _spelled_out(text: str, found: list[Mention], name: NewName, report: str = "") -> NewName:
    """The new name with the known name before it when the two with "in (the)" between them are
    spelled out by an acronym, the one after or one the report uses anywhere ("Al-Qaeda in the
    Arabian Peninsula (AQAP)", "al-Qaeda in the Islamic Maghreb ... AQIM"): one group the graph does
    not know, not the known one and a place (the known mention is taken out of ``found``)."""
    acronym = re.match(r"\s*\(([A-Z]{3,6})\)", text[name.end:])
    joint = re.search(r"\s+in\s+(?:the\s+)?$", text[:name.start])
    if joint is None:
        return name
    known = next((m for m in found if m.end == joint.start() and m.how == "name"), None)
    if known is None:
        return name
    full = text[known.start:name.end]
    written = spellings(full)
    if acronym is not None and acronym.group(1) not in written:
        return name
    if acronym is None and not any(len(a) >= 3 and re.search(rf"\b{a}\b", report) for a in written):
        return name
    found.remove(known)
    return replace(name, name=full, start=known.start, kind="armed group", guess="armed group?", how="name",
                   note="spelled out by its acronym")


class Finder:
    """Finds the mentions of one report, sentence by sentence (it keeps what anaphors need)."""

    def __init__(self, index: NameIndex, parent: Callable[[str], str | None], data: dict[str, Any]):
        self.index = index
        self.parent = parent  # a place's IRI -> the IRI of the place it is located in
        self.aliases = [(re.compile(a["pattern"], re.IGNORECASE), a["name"], a.get("theatre") == "Syria")
                        for a in data.get("alias", [])]
        self.anaphors = [(re.compile(a["pattern"]), a["refers_to"]) for a in data.get("anaphor", [])]
        self.recent: list[Mention] = []  # every mention so far, in order
        self.sentences: list[tuple[Sentence, list[Mention]]] = []  # each sentence so far, with its mentions
        self.texts: dict[int, str] = {}  # each sentence's text, by its index
        self.surnames: dict[str, Mention] = {}
        self.new: dict[str, NewName] = {}  # new: IRI -> the typed new name (its first sighting)
        self.unknown: list[NewName] = []  # every new name, typed or not, in order
        self.acronyms: dict[str, tuple[str, str, str]] = {}  # "sdf" -> (IRI, label, kind) from "... (SDF)"
        self.spelled_by: dict[str, NewName] = {}  # "pkk" -> the untyped new name "(PKK)" followed
        self.report = ""  # the whole report (kg.extract.mentions.Finder.read_theatre)
        self.elsewhere = False  # the report's war is another state's: "government forces" are not Syria's
        self.gazetteer_too = True  # the report's places may be looked up in the gazetteer (kg.extract.newkinds)
        self.labels: dict[str, str] = {}  # new: IRI -> the name to write for it ("Houthis" after "Houthi rebels")
        self.written: dict[str, list[str]] = {}  # new: IRI -> its acronyms the report uses ("LNA"), its aliases

    def read_theatre(self, text: str) -> None:
        """Keep the whole report and the war it is about (kg.extract.theatre): in another state's
        war the dictionary's aliases marked ``theatre = "Syria"`` ("government forces", "the
        army") name no one, and its places are looked up in the gazetteer only where it covers them."""
        self.report = text
        self.elsewhere, self.gazetteer_too = theatre(text)

    def _known(self, surface: str) -> tuple[str, str, str, str] | None:
        """(IRI, label, kind, note) of the one resource kg.names resolves ``surface`` to, if it
        is written as that resource's name is."""
        entries = self.index.candidates(surface)
        if len(entries) != 1:  # nothing, or a name two resources share: not a mention
            return None
        entry = entries[0]
        key = normalise(surface)
        names = self.index.names_of(entry.iri)
        written = [n for n in names if normalise(n) == key] if not entry.note else names
        if not any(case_fits(surface, n) for n in written):
            return None
        return str(entry.iri), entry.label, entry.kind, entry.note

    def _add(self, found: list[Mention], sentence: Sentence, start: int, end: int,
             what: tuple[str, ...], how: str) -> None:
        if any(start < m.end and m.start < end for m in found):
            return
        found.append(Mention(sentence.index, start, end, sentence.text[start:end], what[0], what[1], what[2], how,
                             what[3] if len(what) > 3 else ""))

    def _entry(self, label: str) -> tuple[str, str, str] | None:
        entries = self.index.exact(label)
        return (str(entries[0].iri), entries[0].label, entries[0].kind) if len(entries) == 1 else None

    def find(self, sentence: Sentence) -> list[Mention]:
        text = sentence.text
        self.texts[sentence.index] = text
        found: list[Mention] = []
        for pattern, label, syrian in self.aliases:
            target = self._entry(label)
            for m in pattern.finditer(text):
                if self.elsewhere and syrian and not names_syria(m.group(0)):
                    continue  # "government troops" in a report on Iraq's war
                if target is not None:
                    self._add(found, sentence, m.start(), m.end(), target, "alias")
        tokens = [(m.start(), m.end() - (2 if re.search(r"['’]s$", m.group(0)) else 0)) for m in _TOKEN.finditer(text)]
        i = 0
        while i < len(tokens):
            for length in range(min(_MAX_WORDS, len(tokens) - i), 0, -1):
                start, end = tokens[i][0], tokens[i + length - 1][1]
                surface = text[start:end]
                if _BREAK.search(surface) or not normalise(surface) or part_of_a_name(text, start, end):
                    continue
                if re.match(r"(?:as|at|an|a)\s", surface):  # "known as the Nusra Front": "as" is English here
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
        self._new_names(sentence, found)
        found.sort(key=lambda m: m.start)
        anaphors = sorted(((m, refers_to) for pattern, refers_to in self.anaphors for m in pattern.finditer(text)),
                          key=lambda pair: pair[0].start())
        for m, refers_to in anaphors:
            if re.match(r"\s+of\s+(?:[a-z]{1,3}-)?[A-Z]", text[m.end():]):  # "the city of Idlib": the name says it
                continue
            if any(x.start == m.end() + 1 and x.is_place for x in found):  # "the provincial capital Idlib"
                continue
            # "the provincial capital, Idlib, in March": the place in apposition (not "the provincial capital, X and Y")
            apposed = re.match(r"\s*,\s*", text[m.end():])
            named = next((x for x in found if apposed and x.start == m.end() + apposed.end() and x.is_place
                          and re.match(r"\s*(?:[,.;:)]|$)", text[x.end:])), None)
            if named is not None:
                self._add(found, sentence, m.start(), m.end(), (named.iri, named.label, named.kind), "anaphor")
                continue
            here = sorted((x for x in found if x.start < m.start()), key=lambda x: x.start)
            # "The group, known as X until ..., has held Y": the name in apposition is the party
            known_as = re.match(r"\s*,\s*(?:(?:formerly|previously|once|also|then)\s+)?(?:known|called)\s+as\s+",
                                text[m.end():])
            named = next((x for x in found if known_as and x.is_actor and x.start >= m.end() + known_as.end() and re.fullmatch(
                r"(?:the\s+)?", text[m.end() + known_as.end():x.start])), None)
            if refers_to in _FITTING and named is not None:
                self._add(found, sentence, m.start(), m.end(), (named.iri, named.label, named.kind), "anaphor")
                continue
            if refers_to in _FITTING:
                what: tuple[str, ...] = self._party(refers_to, sentence, m.start(), m.group(0), here)
                self._add(found, sentence, m.start(), m.end(), what, "anaphor")
                continue
            antecedent = self._antecedent(refers_to, here, m.group(0))
            if antecedent is not None:
                self._add(found, sentence, m.start(), m.end(), (antecedent.iri, antecedent.label, antecedent.kind),
                          "anaphor")
        found.sort(key=lambda m: m.start)
        for mention in found:  # a person named in full, known or new, is named by the surname after
            if mention.kind == "person" and (mention.how == "name" or (mention.how == "new" and " " in mention.label)):
                self.surnames.setdefault(mention.label.split()[-1], mention)
        self.recent.extend(found)
        self.sentences.append((sentence, found))
        return found

    def _new_names(self, sentence: Sentence, found: list[Mention]) -> None:
        """The names kg does not know: a typed one (kg.extract.newnames) becomes a mention
        with a ``new:`` IRI, as does a later sighting of it or of its acronym ("Syrian
        Democratic Forces (SDF) ... the SDF"); each is kept for the CSV's kind and new? rows."""
        text = sentence.text
        for known in found:  # "Hay'at Tahrir al-Sham (HTS)": HTS names it from here on
            acronym = re.match(r"\s*\(([A-Z][A-Za-z]{1,7})\)", text[known.end:])
            if acronym and known.how == "name" and known.kind != UNRESOLVED:
                self.acronyms.setdefault(normalise(acronym.group(1)), (known.iri, known.label, known.kind))
        aliased = [m for m in found if m.how == "alias"]
        for name in new_names(sentence, [m for m in found if m.how != "alias"], self.index,
                                gazetteer_too=self.gazetteer_too):  # "Bashar al-Assad"
            if not name.kind and any(m.start <= name.start and name.end <= m.end for m in aliased):  # in "forces loyal to
                self.unknown.append(name)  # Bashar al-Assad": a person the graph does not know, named all the same
        for name in new_names(sentence, found, self.index, frozenset(self.new), self.gazetteer_too):
            name = _spelled_out(text, found, name, self.report)  # "Al-Qaeda in the Arabian Peninsula (AQAP)": one new group
            if name.guess == "person?" and not name.kind and " " in name.name:  # "the commander Khalifa Testar": a
                self.surnames.setdefault(name.name.split()[-1], Mention(  # person, whom "Testar" names after
                    sentence.index, name.start, name.end, name.name, name.iri, name.name, "person", "new"))
            key = normalise(name.name)
            entity = self.new.get(name.iri)
            what: tuple[str, ...] | None = None
            if entity is None and key not in self.acronyms and (spelled := self._initials(name.name)) is not None:
                self.acronyms[key] = spelled  # "SDF" after "Syrian Democratic Forces": the same party
                self._written(spelled[0], name.name)
            if entity is not None and entity.kind == "armed group" and name.kind == "alliance":
                # "the Islamic Front, a coalition which includes ...": the text says more here
                self.new[name.iri] = name
                self.unknown = [name if n is entity else n for n in self.unknown]
                entity = name
            if entity is None and name.iri not in self.new and (short := short_form(name, self.index, self.new, {
                    m.iri: (m.label, m.kind) for m in self.recent + found if m.how == "name" and m.is_actor and not m.unresolved})):
                what, plural = short
                if plural:  # the party's name in the plural ("the Houthis")
                    self.labels[what[0]] = plural
            elif entity is not None:
                what = (entity.iri, entity.name, entity.kind)
            elif key in self.acronyms:
                what = self.acronyms[key]
                if name.kind == "alliance" and what[0] in self.new and what[2] == "armed group":
                    old, self.new[what[0]] = self.new[what[0]], _retyped(self.new[what[0]], "alliance")
                    self.unknown = [self.new[what[0]] if n is old else n for n in self.unknown]
                    what = (what[0], what[1], "alliance")
                    self.acronyms[key] = what
            elif name.kind and key in self.spelled_by and self.spelled_by[key].iri not in self.new:
                # "the Kurdistan Workers' Party (PKK) ... PKK fighters": the full name, typed by its acronym's use
                full = self.spelled_by[key]
                typed_full = replace(full, kind=name.kind, how="context", note="typed by the use of its acronym")
                self.new[full.iri] = typed_full
                self.unknown = [typed_full if n is full else n for n in self.unknown]
                what = self.acronyms[key] = (full.iri, full.name, name.kind)
                self._written(full.iri, name.name)
            elif name.kind:
                self.new[name.iri] = entity = name
                what = (name.iri, name.name, name.kind)
            if what is None or name.guess == "ambiguous?":
                self.unknown.append(name)
                bracketed = re.match(r"\s*\(([A-Z][A-Za-z]{1,7})\)", text[name.end:])
                if bracketed and " " in name.name and name.guess in ("name?", "armed group?", "alliance?"):
                    self.spelled_by.setdefault(normalise(bracketed.group(1)), name)  # its acronym may be typed later
                continue
            if entity is not None and entity is name:
                self.unknown.append(name)
            self._add(found, sentence, name.start, name.end, what, "new")
            acronym = re.match(r"\s*\(([A-Z][A-Za-z]{1,7})\)", text[name.end:])
            if acronym:
                self.acronyms.setdefault(normalise(acronym.group(1)), (what[0], what[1], what[2]))
                if self.acronyms[normalise(acronym.group(1))][0] == what[0]:
                    self._written(what[0], acronym.group(1))

    def _written(self, iri: str, name: str) -> None:
        """Keep ``name`` (an acronym the report spells out) as an alias of the new party ``iri``,
        unless kg has it as a name already (the kind row would conflict on import)."""
        if iri.startswith("new:") and not self.index.candidates(name) and name not in self.written.setdefault(iri, []):
            self.written[iri].append(name)

    def _initials(self, name: str) -> tuple[str, str, str] | None:
        """The party an acronym spells, by the initials of a group named earlier in the report
        ("SDF": Syrian Democratic Forces), if exactly one fits."""
        if not (name.isupper() and 2 <= len(name) <= 6):
            return None
        named = {(m.iri, m.label, m.kind) for m in self.recent if m.is_actor and not m.unresolved and m.how in ("name", "new")}
        fits = [x for x in named if name in spellings(x[1])]
        return fits[0] if len(fits) == 1 else None

    def _parties(self, sentence: Sentence, mentions: list[Mention], before: int, kinds: set[str],
                 subjects_only: bool, armed: bool = False) -> list[tuple[str, str, str]]:
        """The parties named in ``sentence`` before offset ``before`` that an anaphor may point
        back to: (key, label, kind) of each actor of ``kinds`` (an unresolved anaphor is one too)
        and of each unknown group name and unnamed party."""
        text, parties = sentence.text, []
        covered = [(x.start, x.end) for x in mentions]
        # a party named only by its possessive ("the X, al-Qaeda's affiliate in Iraq") is no
        # antecedent when another party is named: it describes the other
        owners = {x.iri for x in mentions if x.start < before and x.kind in kinds and re.match(r"['’]s?\b", text[x.end:])}
        others = {x.iri for x in mentions if x.start < before and x.kind in kinds and not re.match(r"['’]s?\b", text[x.end:])}
        governed_until = -1  # "dominated by A and the B": B is governed as A is
        for x in sorted(mentions, key=lambda m: m.start):
            if subjects_only and (self._governed(sentence, x.start) or (
                    governed_until >= 0 and re.fullmatch(r"\s*(?:,\s*)?(?:and|or|as\s+well\s+as)\s+(?:the\s+)?",
                                                         text[governed_until:x.start]))):
                governed_until = x.end
                continue
            governed_until = -1
            if x.start >= before:
                continue
            if x.kind in kinds:
                if x.iri in owners - others and others:
                    continue
                parties.append((x.iri, x.label, x.kind))
            elif x.unresolved and (kinds != _FITTING["alliance"] or re.search(r"(?i)alliance|coalition", x.surface)):
                parties.append((x.iri, f"{x.surface!r} (unresolved)", x.kind))  # "the jihadists" is no alliance
        unnamed = [(m.start(), m.group(0)) for m in _UNNAMED.finditer(text)]
        unnamed += [(text.find(n.name), n.name) for n in new_names(sentence, mentions) if n.guess == "armed group?"]
        if armed:  # only parties that fight: "rebels", "government forces", "13th Division"
            unnamed = [(start, name) for start, name in unnamed if re.search(
                r"(?i)\b(?:forces|troops|fighters|soldiers|militias?|rebels|insurgents|militiamen)$", name)
                or not _UNNAMED.fullmatch(name)]
        for start, name in unnamed:
            if 0 <= start < before and not any(s <= start < e for s, e in covered) and not (
                    subjects_only and self._governed(sentence, start)):
                parties.append((name.lower(), f"{name} (not in the graph)", ""))
        named = [p for p in parties if not p[0].startswith("unresolved:")]
        # ("Five days after they burst in, the B are still camped": the unresolved "they" is B, named in the sentence)
        return named if named and len(named) < len(parties) and len({p[0] for p in named}) == 1 else parties

    def _governed(self, sentence: Sentence, start: int) -> bool:
        """Whether a preposition or a relative pronoun governs what starts at ``start`` ("by
        al-Nusra", "which al-Nusra"): it is not the subject of its clause."""
        words = re.findall(r"[\w’']+", sentence.text[:start].lower())
        return bool(words) and words[-1] in _NOT_A_SUBJECT

    def _party(self, refers_to: str, sentence: Sentence, start: int, surface: str,
               here: list[Mention]) -> tuple[str, ...]:
        """What the actor anaphor at ``start`` points back to (see the module): (IRI, label,
        kind) of the one party in reach, else an unresolved mention's (key, surface, kind, why)."""
        kinds, subjects_only = _FITTING[refers_to], refers_to == "subject"
        armed = refers_to != "subject"  # "the jihadists" are no residents nor state television
        parties = self._parties(sentence, here, start, kinds, subjects_only, armed)
        if refers_to in ("alliance", "subject") and len({key for key, _, _ in parties}) == 1 and parties[0][2] in kinds:
            return parties[0]  # "A belongs to the B, the alliance whose ...": the one alliance named before it here;
            # "The alliance ... has ringed them since it captured X": the one subject named before it here
        earlier = [(s, m) for s, m in self.sentences if s.index < sentence.index][-2:]
        for previous, mentions in reversed(earlier):
            named = self._parties(previous, mentions, len(previous.text), kinds, subjects_only, armed)
            parties += named
            if named:
                break
        distinct = {key: (key, label, kind) for key, label, kind in parties}
        if len(distinct) == 1 and next(iter(distinct.values()))[2] in kinds:
            return next(iter(distinct.values()))
        if refers_to == "alliance" and not distinct:  # "the alliance" and one group kg does not know: that group,
            # which the text makes an alliance (kg.extract proposes it as one)
            near = {(x.iri, x.label, x.kind) for previous, mentions in earlier + [(sentence, here)] for x in mentions
                    if x.iri.startswith("new:") and x.kind == "armed group" and x.start < (start if previous is sentence else 10**6)}
            if len(near) == 1:
                return next(iter(near))
        labels = sorted(label for _, label, _ in distinct.values())
        why = (f"{len(labels)} parties in reach: " + "; ".join(labels)) if labels else "no party of a fitting kind in reach"
        if len(labels) == 1:
            why = f"the one party in reach is {labels[0]}"
        return f"unresolved:{sentence.index}:{start}", surface, UNRESOLVED, why

    def _called(self, m: Mention) -> str:
        """What the text called a place where it named it: "village" ("the village of X", "X, a
        small village"), "town" or "city", else ""."""
        text = self.texts.get(m.sentence, "")
        before = re.search(r"\b(village|town|city)s?\s+of\s+$", text[:m.start])
        after = re.match(r"\s*,\s*(?:an?|the)\s+(?:[\w-]+\s+){0,3}?(village|town|city)\b", text[m.end:])
        found = before or after
        return found.group(1) if found else ""

    def _antecedent(self, refers_to: str, here: list[Mention], surface: str = "") -> Mention | None:
        """A place anaphor ("the city", "the province"): the nearest place of its kind named
        before it (a city's governorate for "the province"; for "the provincial capital" named
        after a governorate, the city it is named for: Idlib for Idlib Governorate)."""
        candidates = list(reversed(self.recent + here))
        if refers_to == "capital":  # "the provincial capital": the city the governorate named last (after
            # the last city) is named for
            governorate = next((m for m in candidates if m.kind in ("governorate", "city")), None)
            if governorate is not None and governorate.kind == "governorate":
                city = self._entry(re.sub(r"\s+(?:Governorate|Province)$", "", governorate.label))
                if city is not None and city[2] == "city":
                    return Mention(governorate.sentence, governorate.start, governorate.end, governorate.surface,
                                   city[0], city[1], city[2], "anaphor")
            refers_to = "city"
        if refers_to == "city":  # "southern Idlib", "rural Hama": an area around the city, no antecedent of "the town"
            # ("the town" is never a place the text called a village, nor "the village" one it called a town)
            noun = next((w for w in ("village", "town", "city") if re.search(rf"\b{w}\b", surface.lower())), "")
            unlike = {"village": {"town", "city"}, "town": {"village"}, "city": {"village"}}.get(noun, set())
            return next((m for m in candidates if m.kind == "city" and not _AREA_BEFORE.search(
                self.texts.get(m.sentence, "")[:m.start]) and self._called(m) not in unlike), None)
        if refers_to == "base":  # "the air base": the last military base or airport named
            return next((m for m in candidates if m.kind in ("military airport", "military base")), None)
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
        """The alliance the text is about: the last named in this or the three sentences before, but
        never one the text sets apart ("an alliance which includes A and B, but not C": not C)."""
        return next((m for m in reversed(self.recent) if m.kind == "alliance" and sentence - 3 <= m.sentence <= sentence
                     and not _SET_APART.search(self.texts.get(m.sentence, "")[max(0, m.start - 30):m.start])), None)


# words that set a name apart from a list ("but not C", "except C", "other than C")
_SET_APART = re.compile(r"\b(?:but\s+not|not|except|excluding|other\s+than|nor|without|unlike)\s+(?:the\s+|for\s+(?:the\s+)?)?$",
                        re.IGNORECASE)


def _retyped(name: NewName, kind: str) -> NewName:
    """The new name with the kind a later sentence gives it ("The SDF, which includes ...")."""
    return replace(name, kind=kind)

