"""From a news report to candidate statements for an analyst's review (``kg extract``).

The report's sentences are searched for the names the graph knows (kg.names), relative dates
are resolved against the report's date (``kg.extract.dates``), and the dictionary's phrase
patterns (``patterns.toml``, which the analyst can extend) propose statements of the kinds kg
stores, each with the sentence it came from and a confidence. A statement the report
attributes to someone (a quotation with "said X", "according to X", "X announced") is X's
claim. Nothing is written to the graph: :meth:`Extraction.to_csv` gives rows in the format
``kg import`` reads (events, which it cannot import, the rows with an unresolved anaphor for a
party, and the unknown names as comment rows).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..tabular import Table
from .coder import Match
from .mentions import Mention, NewName
from .model import Candidate, Source

if TYPE_CHECKING:
    from rdflib import Graph

    from .text import Sentence

__all__ = ["CSV_COLUMNS", "Candidate", "Extraction", "Source", "extract"]

CSV_COLUMNS = ["subject", "relation", "object", "start", "end", "start_bound", "end_bound", "attested",
               "source_title", "source_publisher", "source_date", "source_url", "claimant", "note",
               "kind", "aliases", "lat", "long", "parent", "evidence", "confidence"]


@dataclass
class Extraction(Table):
    """What ``kg extract`` found in one report: candidate statements and events (best first
    within each sentence, in text order), the mentions of known names, and the names kg does
    not know that look like armed groups or places ("new?"). Rows with an unresolved anaphor for
    a party are flagged (``flag``, ``# unresolved`` rows in the CSV). Nothing here is in the graph."""

    source: Source
    candidates: list[Candidate]
    all_mentions: list[Mention]  # with the unresolved anaphors
    new_names: list[NewName]
    sentences: int = 0
    dropped: list[str] = field(default_factory=list)  # candidates left out, and why

    @property
    def mentions(self) -> list[Mention]:
        """The mentions of known names (and the anaphors resolved to them)."""
        return [m for m in self.all_mentions if not m.unresolved]

    @property
    def statements(self) -> list[Candidate]:
        return [c for c in self.candidates if not c.is_event and not c.flag]

    @property
    def events(self) -> list[Candidate]:
        return [c for c in self.candidates if c.is_event and not c.flag]

    @property
    def flagged(self) -> list[Candidate]:
        """Rows with an unresolved anaphor for a party: for the analyst, never imported."""
        return [c for c in self.candidates if c.flag]

    @property
    def unresolved(self) -> list[Mention]:
        """The anaphors that point back to no single party in reach (kg.extract.mentions)."""
        return [m for m in self.all_mentions if m.unresolved]

    @property
    def proposed(self) -> list[NewName]:
        """The new names a candidate statement uses (as a party or a claimant): each is
        declared by a kind row before the statements (docs/importing.md)."""
        used = {iri for c in self.statements for iri in c.iris if iri.startswith("new:")}
        return [n for n in self.new_names if n.iri in used and n.kind]

    def records(self) -> list[dict[str, Any]]:
        return [c.record() for c in self.candidates]

    def to_csv(self) -> str:
        """The candidates as a CSV file ``kg import`` reads: one row a statement (with the
        ``evidence`` sentence and the ``confidence``, which the import ignores), a kind row per
        unnamed source a claim needs, and comment rows (``# event``, ``# new?``) it skips."""
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(CSV_COLUMNS)
        src = self.source
        source_cells = {"source_title": src.title, "source_publisher": src.publisher,
                        "source_date": src.date.isoformat(), "source_url": src.url}
        declared = set()
        for c in self.statements:
            if c.claimant and not c.claimant_named and c.claimant not in declared:
                declared.add(c.claimant)
                writer.writerow([{"subject": c.claimant, "kind": "unnamed source",
                                  "note": "Quoted unnamed in the report; declared by kg extract.",
                                  **source_cells}.get(col, "") for col in CSV_COLUMNS])
        proposed = self.proposed
        for new in proposed:
            writer.writerow([{"subject": new.name, "kind": new.kind, "aliases": _aliases(new), "lat": new.lat, "long": new.long,
                              "parent": new.parent, "note": _kind_note(new), "evidence": f"sentence {new.sentence + 1}",
                              **source_cells}.get(col, "") for col in CSV_COLUMNS])
        for c in self.candidates:
            cells = {"subject": c.subject, "relation": c.relation, "object": c.object, "start": c.start,
                     "end": c.end, "start_bound": c.start_bound, "end_bound": c.end_bound, "attested": c.attested,
                     "claimant": c.claimant, "note": c.note, "evidence": c.evidence,
                     "confidence": f"{c.confidence:.2f}", **source_cells}
            if c.is_event:
                cells.update({"subject": f"# event: {c.event}", "relation": c.subject, "object": c.object,
                              "note": "; ".join(x for x in (c.detail, c.note) if x)})
            if c.flag:  # a comment row kg import skips: the analyst decides who the party is
                cells.update({"subject": f"# unresolved event: {c.event}" if c.is_event else f"# unresolved: {c.subject}",
                              "note": c.flag})
            writer.writerow([cells.get(col, "") for col in CSV_COLUMNS])
        declared_new = {n.iri for n in proposed}
        for new in self.new_names:
            if new.iri in declared_new:
                continue
            guess = f"{new.kind}?" if new.kind else new.guess
            writer.writerow([{"subject": "# new?", "relation": guess, "object": new.name, "aliases": _aliases(new), "note": new.note,
                              "lat": new.lat, "long": new.long, "parent": new.parent,
                              "evidence": f"sentence {new.sentence + 1}"}.get(col, "") for col in CSV_COLUMNS])
        return out.getvalue()


# a sentence whose speaker is a pronoun for the last sentence's ("It said ...", "He added that ...")
_SAME_SPEAKER = re.compile(r"^\s*(?:It|He|She|They)\s+(?:also\s+)?(?:said|says|added|adds|reported|reports|claimed|claims|"
                           r"told\s+\S+)\b")


def _aliases(new: NewName) -> str:
    """A new name's aliases as kg import's ``aliases`` cell reads them (separated by "; ")."""
    return "; ".join(new.extra.get("aliases", []))


def _kind_note(new: NewName) -> str:
    why = {"name": "the name says so", "context": "the words around it say so", "gazetteer": "the gazetteer knows it",
           "verb": "a place by the verb before it; city assumed"}.get(new.how, "")
    gazetteer = f" ({new.note})" if new.how == "gazetteer" and new.note else ""
    return f"Not in the graph; kind proposed by kg extract: {why}{gazetteer}. Check before importing."


def extract(graph: Graph, text: str, source: Source, patterns: Path | None = None) -> Extraction:
    """Candidate statements from the report ``text`` (see the module's docstring)."""
    from rdflib import URIRef

    from ..names import index_for
    from ..namespaces import KG
    from ..vocabulary import PERSON_KIND
    from .attacks import attack_matches
    from .candidates import build
    from .clauses import clause_matches
    from .coder import attribution, compile_all, load_dictionary, match_sentence, unconfirmed
    from .dates import find_dates
    from .founding import founding_matches, settle
    from .mentions import Finder
    from .newparties import kept, provisional, speakers
    from .people import PERSON_PATTERNS, people_matches, subject_of
    from .roles import backer_matches
    from .sides import side_matches
    from .statesmen import statesman_matches
    from .succession import succeed
    from .support import support_matches
    from .text import Sentence, dateline, sentences

    data = load_dictionary(patterns)
    compiled = compile_all(data)
    index = index_for(graph)

    def parent(iri: str) -> str | None:
        found = graph.value(URIRef(iri), KG.locatedIn)
        return None if found is None else str(found)

    finder = Finder(index, parent, data)
    finder.read_theatre(f"{source.title}\n{text}")
    text, place, written, country = dateline(text)
    reference = source.date
    stated = find_dates(written, source.date) if written else []
    if stated and stated[0].precision == "day" and (source.date - stated[0].day).days <= 7:
        reference = stated[0].day  # relative dates count from the dateline's day
    parts = sentences(text)
    mentions, coded = [], []
    hedged: set[int] = set()
    persons: dict[str, NewName] = {}  # new: IRI -> a person the report names as a leader or member
    states: dict[str, NewName] = {}  # new: IRI -> a state a head of state's title names
    founds = [finder.find(sentence) for sentence in parts]
    title = Sentence(0, 0, source.title)
    parties = _parties([m for m in Finder(index, parent, data).find(title) if not _backs(title, m)] if source.title else [],
                       [m for sentence, found in zip(parts[:2], founds) for m in found
                        if not any(a <= m.start < b for a, b in sentence.asides)  # "A, whose backbone is B,": A
                        and not _backs(sentence, m)],  # "US-backed fighters": the US is no party of their capture
                       {m.iri for found in founds for m in found})
    founding = founding_matches(parts, founds, finder.unknown)  # a new alliance and its members, across sentences
    typed = {n.iri: n for n in founding.typed}
    previous: tuple[Sentence, list[Mention]] | None = None
    last_speaker = None
    for sentence, found in zip(parts, founds):
        mentions.extend(found)
        # a state in a compound ("the Iran-aligned X") is a party of the backer rule alone
        backers = [m for m in found if _backs(sentence, m)]
        found = [m for m in found if m not in backers]
        matches = match_sentence(sentence, found, compiled, data.get("hedges", {}))
        if unconfirmed(sentence, data.get("hedges", {})):
            hedged.add(sentence.index)
        speaker = attribution(sentence, found, data.get("claims", {}))
        if speaker is None:  # a speaker kg does not know ("Abu Ahmed, a commander, said"): named all the same
            named = speakers(sentence, found, finder.unknown)
            speaker = attribution(sentence, sorted(found + named, key=lambda m: m.start), data.get("claims", {})) if named else None
            if speaker is not None and speaker.who in named:
                speaker = _new_speaker(speaker, finder.unknown, persons)
        if speaker is None and last_speaker is not None and _SAME_SPEAKER.match(sentence.text):
            speaker = last_speaker  # "The Observatory said ... . It said government troops were helped by B"
        last_speaker = speaker
        unknown_parties = provisional(sentence, found, finder.unknown)  # untyped new names, as parties of a capture
        clause_found = sorted(found + unknown_parties, key=lambda m: m.start)
        matches += kept(clause_matches(sentence, clause_found, speaker, parties=parties), finder.unknown, typed)
        if unknown_parties:  # the patterns too ("X, which the Peshmerga took in 2014"), where they use one
            matches += kept([m for m in match_sentence(sentence, clause_found, compiled, data.get("hedges", {}))
                             if any(x in unknown_parties for xs in m.slots.values() for x in xs)], finder.unknown, typed)
        # the sentence read again with every untyped new name a provisional party: what the ties
        # between parties say of one with a party the report names otherwise (kg.extract.newparties)
        others = provisional(sentence, found, finder.unknown, anywhere=True)
        matches += _more(others, found, partial(_clauses, clause_matches, sentence, speaker, parties), finder.unknown, typed)
        before = subject_of(*previous) if previous else None  # "Its leader, X" opening a sentence: its subject
        people = people_matches(sentence, found, before)  # a person who leads or belongs to a group
        matches += people.matches
        persons.update((n.iri, n) for n in people.new)

        def read(wide: list[Mention], s: Sentence = sentence, first: Mention | None = before) -> list[Match]:
            more = people_matches(s, wide, first)
            persons.update((n.iri, n) for n in more.new if n.iri not in persons)
            return more.matches

        matches += _more(others, found, read, finder.unknown, typed)
        leaders = statesman_matches(sentence, found)  # "Iraqi Prime Minister X": X leads Iraq
        matches += leaders.matches
        for n in leaders.new:
            (persons if n.kind == PERSON_KIND else states).setdefault(n.iri, n)
        previous = (sentence, found)
        matches += backer_matches(sentence, sorted(found + backers, key=lambda m: m.start))  # "the Iran-aligned X"
        matches += side_matches(sentence, found)  # parties fighting on one side
        matches += support_matches(sentence, found) + _more(others, found, partial(support_matches, sentence),
                                                            finder.unknown, typed)  # "A receives arms from B"
        matches += attack_matches(sentence, found)  # a party attacking another, its men or its sites
        matches += founding.matches.get(sentence.index, [])
        focus = finder.focus_alliance(sentence.index)
        coded.append((sentence, matches, speaker, find_dates(sentence.text, reference), focus))
    for m in mentions:  # a new person named by the surname: a person (kind row) when a statement uses them
        if m.how == "surname" and m.iri.startswith("new:") and m.iri not in persons:
            first = next((n for n in finder.unknown if n.iri == m.iri), None)
            if first is not None:
                persons[m.iri] = first.typed("person", "a person the report names in full, then by the surname")
    candidates, dropped = build(coded, source, hedged)
    candidates = succeed(settle(candidates), reference)  # a hold a later capture in the report ended
    seen: set[str] = set()
    unique_new: list[NewName] = []
    # the dateline's places ("ANKARA/KILIS") and its country, each flagged where kg does not know it:
    # a town the reporter went to, or the city the report was filed from (a bureau's)
    if country and not index.candidates(country):
        finder.unknown.insert(0, NewName(0, country, "country?", "", how="dateline", note="the dateline's country"))
    for name in reversed([p.strip().title() for p in re.split(r"[/,]", place) if p.strip()]):
        if len(name) > 2 and not index.candidates(name):
            note = "the dateline's place" if _small_place(name) or name.lower() in text.lower() else \
                "the dateline's place: the city the report was filed from"
            finder.unknown.insert(0, NewName(0, name, "place?", "", how="dateline", note=note))
    typed_first = {n.iri: n for n in reversed(finder.unknown) if n.kind}  # a name's first typed sighting
    for n in finder.unknown + list(persons.values()) + list(states.values()):
        # a person, a state a title names, a group a list types, or the kind the text gives it anywhere
        # ("Turkish troops ... Turkey": state forces)
        n = persons.get(n.iri, states.get(n.iri, typed.get(n.iri, typed_first.get(n.iri, n))))
        if n.iri not in seen:
            seen.add(n.iri)
            unique_new.append(n)
    # a new group that others are members of, or led by another, is an alliance
    umbrellas = {c.iris[1] for c in candidates if c.relation in ("member of", "leads") and c.iris[1].startswith("new:")
                 and c.iris[0] not in persons and c.pattern not in PERSON_PATTERNS}
    unique_new = [n.typed("alliance") if n.iri in umbrellas and n.kind == "armed group" else n for n in unique_new]
    unique_new = [replace(n, extra={**n.extra, "aliases": finder.written[n.iri]}) if finder.written.get(n.iri) else n
                  for n in unique_new]  # "Libyan National Army (LNA)": LNA an alias of the new party
    candidates, unique_new = _relabelled(candidates, unique_new, finder.labels)
    return Extraction(source, candidates, mentions, unique_new, len(parts), dropped)


def _relabelled(candidates: list[Candidate], names: list[NewName],
                labels: dict[str, str]) -> tuple[list[Candidate], list[NewName]]:
    """The candidates and new names with the name the report gives a new party in the end
    (``labels``: "Houthis" for the party first named in "Houthi rebels")."""

    from ..names import normalise

    if not labels:
        return candidates, names
    iris = {iri: "new:" + normalise(label) for iri, label in labels.items()}  # a new name's IRI is its key's
    out = []
    for c in candidates:
        subject, obj, claimant = (labels.get(iri) for iri in c.iris)
        out.append(replace(c, subject=subject or c.subject, object=obj or c.object, claimant=claimant or c.claimant,
                           iris=tuple(iris.get(iri, iri) for iri in c.iris)))  # type: ignore[arg-type]
    return out, [replace(n, name=labels[n.iri], extra={**n.extra, "aliases": [n.name, *n.extra.get("aliases", [])]})
                 if n.iri in labels else n for n in names]  # the name first read ("Houthi movement") an alias


def _new_speaker(speaker: Any, unknown: list[NewName], persons: dict[str, NewName]) -> Any:
    """A speaker kg does not know: a person the text types as one ("Abu X, a commander, said") is
    the claimant by name, proposed as a person (``persons``); a name the text leaves untyped is
    quoted as an unnamed source is, by its words."""
    from ..vocabulary import PERSON_KIND

    who = speaker.who
    first = next((n for n in unknown if n.iri == who.iri), None)
    if first is not None and (first.kind == PERSON_KIND or first.guess == "person?"):
        persons.setdefault(first.iri, first.typed(PERSON_KIND, "a person the report quotes"))
        return replace(speaker, who=replace(who, label=first.name, kind=PERSON_KIND))
    return replace(speaker, who=None, text=who.surface)


def _backs(sentence: Sentence, mention: Mention) -> bool:
    """Whether ``mention`` is a state backing a party in a compound ("the Iran-aligned X")."""
    from .roles import BACKING

    return mention.kind == "state forces" and bool(BACKING.match(sentence.text, mention.end))


def _clauses(rules: Callable[..., list[Match]], sentence: Sentence, speaker: Any, parties: list[Mention],
             mentions: list[Mention]) -> list[Match]:
    """The clause rules (kg.extract.clauses.clause_matches) on ``sentence`` read with ``mentions``."""
    return rules(sentence, mentions, speaker, parties=parties)


def _more(others: list[Mention], found: list[Mention], rules: Callable[[list[Mention]], list[Match]],
          unknown: list[NewName], typed: dict[str, NewName]) -> list[Match]:
    """What ``rules`` read in a sentence with one of its untyped new names (``others``) at a
    time as a provisional party besides the sentence's mentions (``found``): the matches that
    use it where kg.extract.newparties.kept lets them (``wide``). One at a time, so that a
    person's name is never read as a party while another name is."""
    from .newparties import TIES, kept

    out: list[Match] = []
    for other in others:  # (a tie only: a capture's party is kept by kg.extract.newparties.provisional's rule)
        matches = rules(sorted([*found, other], key=lambda m: m.start))
        out += kept([m for m in matches if m.pattern.spec.get("relation") in TIES
                     and any(x is other for ms in m.slots.values() for x in ms)], unknown, typed, wide=True)
    return out


def _small_place(name: str) -> bool:
    """Whether a dateline's place is a town the reporter went to rather than a bureau's city: one
    the gazetteer does not know, or knows with fewer than 250,000 people (a capital is a bureau's)."""
    from .newnames import gazetteer

    found = gazetteer()
    try:
        place = found.lookup(name, countries=found.COUNTRIES) if found is not None else None
    except Exception:  # noqa: BLE001 - a broken gazetteer must not stop an extraction
        place = None
    return place is None or place.population < 250_000


def _parties(title: list[Mention], first: list[Mention], named: set[str]) -> list[Mention]:
    """The parties a report is about: the actors its headline and first sentences name (a
    headline's new name only when the report names it too), each once."""
    out: dict[str, Mention] = {}
    for m in title + first:
        if m.is_actor and not m.unresolved and (m in first or not m.iri.startswith("new:") or m.iri in named):
            out.setdefault(m.iri, m)
    return list(out.values())
