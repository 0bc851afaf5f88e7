"""The analyst's spreadsheet format: one sourced statement (or one new actor or place) a row.

See docs/importing.md for the columns. ``read_statements()`` checks every row against the
current graph and returns the triples to add, or raises ``ImportRejected`` listing every bad
row (row number and reason); ``import_statements()`` then hands them to ``kg.update.apply``.
``kg.importers.csv_export.export_csv()`` writes the graph back in the same format (round trip).
"""

from __future__ import annotations

import csv
import datetime as dt
import difflib
import functools
import io
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, SKOS, XSD
from rdflib.term import Node

from ..errors import KGError
from ..names import ACTOR_KINDS, MEMBER_KINDS, PLACE_KINDS, NameIndex
from ..namespaces import ID, KG
from ..sparqltext import IRI
from ..vocabulary import KIND_WORDS, PERSON_KIND, QUALIFIER_PROPERTY, SYNONYMS, Relation, by_word
from ..vocabulary import RELATIONS as VOCABULARY
from .common import (
    ImportRejected,
    Problem,
    add_provenance,
    csv_reason,
    digest,
    free_iri,
    name_literal,
    new_graph,
    read_text,
    slug,
)
from .nameindex import GrowingNames

__all__ = ["COLUMNS", "RELATIONS", "Batch", "add_statement", "import_statements", "read_statements"]

SCHEMA_URL = URIRef("https://schema.org/url")
GEO_LAT = URIRef("http://www.w3.org/2003/01/geo/wgs84_pos#lat")
GEO_LONG = URIRef("http://www.w3.org/2003/01/geo/wgs84_pos#long")

STATEMENT_COLUMNS = ["subject", "relation", "object", "start", "end", "precision", "source_title",
                     "source_publisher", "source_date", "source_url", "claimant", "note"]
EXTRA_COLUMNS = ["id", "end_precision", "start_bound", "end_bound", "attested", "last_attested", "coverage_from",
                 "coverage_until", "source_id", "source_kind", "ended_by", "restates"]
ENTITY_COLUMNS = ["kind", "labels", "aliases", "lat", "long", "parent", "un_reference", "ucdp_id", "wikidata",
                  "ucdp_coalition"]
# written by `kg extract` for the analyst's review, accepted and ignored on import: the evidence is
# the report's sentence (its words do not go into the graph), the confidence the extractor's score
REVIEW_COLUMNS = ["evidence", "confidence"]
COLUMNS = STATEMENT_COLUMNS + EXTRA_COLUMNS + ENTITY_COLUMNS + REVIEW_COLUMNS
REQUIRED = ["subject", "relation", "object", "start", "end", "source_title", "source_publisher", "source_url"]


_MAX_SHOWN = 20  # problems of one kind listed in a header before "and N more"


def _shown(name: str, limit: int = 60) -> str:
    """A header cell as an error shows it: quoted, cut after ``limit`` characters."""
    return repr(name) if len(name) <= limit else repr(name[:limit]) + f"… ({len(name):,} characters)"


def _terms(relation: Relation) -> tuple[URIRef, URIRef | None, URIRef | None]:
    prop = QUALIFIER_PROPERTY.get(relation.kind)
    return (KG[relation.kind], KG[prop] if prop and relation.qualifier else None,
            KG[relation.qualifier] if prop and relation.qualifier else None)


# relation as written (kg.vocabulary's words and their synonyms) -> (statement class, qualifier
# property, qualifier value)
RELATIONS: dict[str, tuple[URIRef, URIRef | None, URIRef | None]] = {
    word: _terms(by_word(word)) for word in [r.word for r in VOCABULARY] + list(SYNONYMS)
}
_RELATION_NAMES: dict[tuple[URIRef, URIRef | None, URIRef | None], str] = {}
for _word, _kind in RELATIONS.items():
    _RELATION_NAMES.setdefault(_kind, _word)  # the first word of each kind is its canonical one
_SYMMETRIC = {KG[r.kind] for r in VOCABULARY if not r.directed}  # either way round
SOURCE_KINDS: dict[str, URIRef] = {"news article": KG.NewsArticle, "dataset": KG.Dataset,
                                   "reference work": KG.ReferenceWork}
# identifier columns of kind rows -> (property, how the value is written in the graph)
IDENTIFIERS: dict[str, URIRef] = {"un_reference": KG.unReference, "ucdp_id": KG.ucdpActorId, "wikidata": OWL.sameAs,
                                  "ucdp_coalition": KG.ucdpCoalitionId}
WD = "http://www.wikidata.org/entity/"
END_NOTE = "End set to "  # every note about an end starts so (export puts them on the end rows)
KINDS: dict[str, URIRef] = {word: KG[local] for word, local in KIND_WORDS.items()}
_PLACE_CLASSES = {KG.Country, KG.Governorate, KG.City, KG.MilitaryBase, KG.Airbase, KG.Facility}
_PRECISIONS = {"day": KG.Day, "month": KG.Month, "year": KG.Year}
_BOUNDS = {"not before": KG.NotBefore, "not after": KG.NotAfter}
_LOCAL = re.compile(r"[A-Za-z0-9][A-Za-z0-9._~-]*")  # the local name of an id: IRI (no "/", no "..")
_DATE = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$")


@dataclass
class Batch:
    """The checked content of an import file: triples to add and where each resource comes from."""

    graph: Graph
    where: dict[Node, Any] = field(default_factory=dict)
    statements: list[URIRef] = field(default_factory=list)
    entities: list[URIRef] = field(default_factory=list)
    sources: list[URIRef] = field(default_factory=list)
    closed: list[str] = field(default_factory=list)  # statements this file ends (end rows)
    given: set[URIRef] = field(default_factory=set)  # statements named by their id: never merged
    rows: int = 0
    # the graph the rows were checked against (a canonical copy) and the store generation it is
    # of: kg.update.apply reuses it when that generation is still the store's (else it reads again)
    base: Graph | None = None
    generation: Any = None

    @property
    def read_from(self) -> tuple[Any, Graph] | None:
        """(generation, graph) for kg.update.apply's ``base``; None when not known."""
        return (self.generation, self.base) if self.base is not None and self.generation is not None else None


@dataclass
class _Row:
    """A statement row that passed the first pass: its cells and the terms read from them."""

    cells: dict[str, str]
    row: int
    kind: tuple[URIRef, URIRef | None, URIRef | None]
    subject: URIRef
    obj: URIRef
    claimant: URIRef | None
    span: dict[URIRef, Node]


# what the first pass takes for a source the file itself introduces (never in a graph)
_NEW_SOURCE = URIRef("urn:kg:import:new-source")
# the terms the first pass uses on every row (an attribute of the KG namespace is looked up each time)
_START, _END, _ATTESTED, _START_PRECISION, _END_PRECISION = KG.start, KG.end, KG.attested, KG.startPrecision, KG.endPrecision
_START_BOUND, _END_BOUND, _DAY = KG.startBound, KG.endBound, KG.Day
_CONTROL_STATEMENT, _LINEAGE_STATEMENT = KG.ControlStatement, KG.LineageStatement
_MEMBERSHIP_STATEMENT = KG.MembershipStatement  # the one kind a person may be the actor of


def _key(text: str) -> str:
    return " ".join(text.strip().lower().replace("_", " ").replace("-", " ").split())


def _parse_date(text: str, column: str) -> tuple[dt.date, URIRef]:
    match = _DATE.match(text.strip())
    try:
        if not match:
            raise ValueError
        year, month, day = match.group(1), match.group(2), match.group(3)
        value = dt.date(int(year), int(month or 1), int(day or 1))
    except ValueError:
        raise ValueError(f"bad date {text!r} in column {column} (expected YYYY-MM-DD, YYYY-MM or YYYY)") from None
    if value > dt.date.today():  # (2099-05-28 was taken as it was)
        raise ValueError(f"{column} {text!r} is in the future: a statement records what a source reports has "
                         "happened (give the day it did, or leave the date out)")
    precision = KG.Day if match.group(3) else KG.Month if match.group(2) else KG.Year
    return value, precision


@functools.lru_cache(maxsize=4096)
def _date_literal(value: dt.date) -> Literal:
    return Literal(value.isoformat(), datatype=XSD.date)


def _split(cell: str) -> list[str]:
    return [part.strip() for part in cell.split(";") if part.strip()]


class _Reader:
    """State shared by the rows of one file: the name index grows with declared entities."""

    def __init__(self, graph: Graph, display: str):
        from ..export import canonical

        self.base = canonical(graph)
        self.display = display
        self.out = new_graph()
        self.batch = Batch(self.out, base=self.base, generation=getattr(getattr(graph, "store", None), "generation", None))
        self.problems: list[Problem] = []
        self.seen_statements: set[URIRef] = set()
        self.sources_by_url: dict[str, URIRef] = {
            str(url): s for s, url in self.base.subject_objects(SCHEMA_URL)
            if isinstance(s, URIRef) and (s, RDF.type, None) in self.base
        }
        self.checking = False  # the first pass: check sources, build nothing (see check())
        self._checked_urls: set[str] = set()  # new sources that passed the first pass
        self._source_dates: dict[URIRef, Node | None] = {}
        self._names = GrowingNames(self.base, self.out)
        self._resolved: dict[tuple[str, frozenset[str] | None], URIRef | KGError] = {}  # per name index

    @property
    def index(self) -> NameIndex:
        return self._names.index

    def problem(self, row: int, reason: str) -> None:
        self.problems.append(Problem(row, reason, self.display))

    def note_where(self, node: URIRef, row: int) -> None:
        from ..update import RowLocation

        self.batch.where.setdefault(node, RowLocation(self.display, row))

    # --- sources ------------------------------------------------------------------------

    def source(self, cells: dict[str, str], row: int) -> URIRef | None:
        url = cells.get("source_url", "").strip()
        if not url:
            self.problem(row, "missing source: source_url is empty (every statement needs a source)")
            return None
        if not re.match(r"^https?://", url) or not IRI.fullmatch(url):
            self.problem(row, f"source_url {url!r} is not an http(s) URL (a URL has no spaces and none of "
                              "< > \" { } | \\ ^ `: write them %-encoded, e.g. %3C for <)")
            return None
        if url in self.sources_by_url:
            return self.sources_by_url[url]
        if self.checking and url in self._checked_urls:
            return _NEW_SOURCE
        title, publisher = cells.get("source_title", "").strip(), cells.get("source_publisher", "").strip()
        missing = [c for c, v in (("source_title", title), ("source_publisher", publisher)) if not v]
        if missing:
            self.problem(row, f"missing source: {', '.join(missing)} empty for a source not yet in the graph ({url})")
            return None
        day = cells.get("source_date", "").strip()
        date = None
        if day:
            try:
                date, _ = _parse_date(day, "source_date")
            except ValueError as error:
                self.problem(row, str(error))
                return None
        kind = _key(cells.get("source_kind", "")) or "news article"
        if kind not in SOURCE_KINDS:
            self.problem(row, f"unknown source_kind {kind!r} (one of: {', '.join(SOURCE_KINDS)})")
            return None
        if self.checking:
            self._checked_urls.add(url)
            return _NEW_SOURCE
        iri = ID[f"src-{slug(publisher, 30)}-{date.isoformat() if date else 'undated'}-{digest(url, length=6)}"]
        given = cells.get("source_id", "").strip()
        if given:
            iri = _own(given)  # type: ignore[assignment]  # checked by ids_ok
        g = self.out
        g.add((iri, RDF.type, SOURCE_KINDS[kind]))
        g.add((iri, DCTERMS.title, Literal(title)))
        g.add((iri, DCTERMS.publisher, Literal(publisher)))
        if date:
            g.add((iri, DCTERMS.date, _date_literal(date)))
        g.add((iri, SCHEMA_URL, URIRef(url)))
        g.add((iri, KG.usedAs, Literal(f"{publisher}, {date.isoformat()}" if date else publisher)))
        self.sources_by_url[url] = iri
        self.batch.sources.append(iri)
        self.note_where(iri, row)
        return iri

    # --- names ----------------------------------------------------------------------------

    def resolve(self, name: str, kinds: set[str] | None, column: str, row: int) -> URIRef | None:
        name = name.strip()
        if not name:
            self.problem(row, f"{column} is empty")
            return None
        if name.startswith("id:") and _LOCAL.fullmatch(name[3:]) and self._typed(ID[name[3:]]):
            return ID[name[3:]]
        key = (name, frozenset(kinds) if kinds else None)
        found = self._resolved.get(key)
        if found is None:  # a long file names the same few actors on every row: resolve each once
            try:  # (a spelling or prefix match's note names the first row it is used on)
                found = self.index.resolve(name, kinds, where=f"{self.display} row {row}, {column}").iri
            except KGError as error:
                found = error
            self._resolved[key] = found
        if isinstance(found, KGError):
            self.problem(row, f"{column}: {found}")
            return None
        return found

    def resolve_actor(self, name: str, column: str, row: int, relation: str) -> URIRef | None:
        """An armed actor called ``name``; a name that is a person's (and no armed actor's) gets
        its own problem: a person is only ever the subject of ``leads`` or ``member of``."""
        name = name.strip()
        person = bool(name and not name.startswith("id:") and not self.index.candidates(name, ACTOR_KINDS)
                      and self.index.candidates(name, {PERSON_KIND}))
        if name.startswith("id:") and self.index.entries.get(ID[name[3:]]) is not None:
            person = self.index.entries[ID[name[3:]]].kind == PERSON_KIND
        if person:
            where = f"the subject of {relation!r}" if column == "subject" else "an object"
            self.problem(row, f"{column}: {name!r} is a person, and a person cannot be {where}: a person is only "
                              "ever the subject of 'leads' or 'member of' (an armed actor's leader or member)")
            return None
        return self.resolve(name, ACTOR_KINDS, column, row)

    # --- entity rows ----------------------------------------------------------------------

    def entity(self, cells: dict[str, str], row: int) -> None:
        """A kind row: declare a new actor or place, or (with its ``id``, never by name alone)
        add names, identifiers and a note to one already in the graph. A name or identifier that
        already belongs to another entity is a conflict: the row is refused, nothing is merged."""
        kind = _key(cells.get("kind", ""))
        if kind not in KINDS:
            close = difflib.get_close_matches(kind, list(KINDS), n=3)
            hint = f"; did you mean: {', '.join(close)}?" if close else f" (one of: {', '.join(KINDS)})"
            self.problem(row, f"unknown kind {cells.get('kind')!r}{hint}")
            return
        cls, name = KINDS[kind], " ".join(cells.get("subject", "").split())
        ident = cells.get("id", "").strip() or (name if name.startswith("id:") else "")
        if not name or name.startswith("id:") and not self._typed(ID[name[3:]]):
            self.problem(row, "subject (the new entity's English name) is empty" if not name else
                         f"{name} is not in the graph: give the English name in subject (and the id in the id column)")
            return
        source = self.source(cells, row)
        if source is None:
            return
        group = PLACE_KINDS if cls in _PLACE_CLASSES else ACTOR_KINDS if cls in {
            KG.ArmedGroup, KG.Alliance, KG.StateForces, KG.TransnationalOrganisation} else None
        if not self.ids_ok(cells, row, ("id", "source_id")):
            return
        iri = _own(ident) if ident else None
        existing = iri if iri is not None and self._typed(iri) else None
        if iri is None:
            taken = sorted({e.iri for e in self.index.exact(name, group)}, key=str)
            if taken:
                self.problem(row, f"conflict: {name!r} already names {self._describe(taken)}; nothing merged: to add "
                                  f"names to it, give its id ({_short(taken[0])}) in the id column, or choose "
                                  "another name for a different entity")
                return
            iri = free_iri(slug(name), self.base, self.out)
        g = self.out
        self.note_where(iri, row)
        labels = [name_literal(v) for v in _split(cells.get("labels", ""))]
        aliases = [name_literal(v) for v in _split(cells.get("aliases", ""))]
        if existing is None:
            g.add((iri, RDF.type, cls))
            g.add((iri, SKOS.prefLabel, Literal(name, lang="en")))
            names = list(labels)
            for label in labels:
                g.add((iri, SKOS.prefLabel, label))
        else:
            kinds = set(self.base.objects(iri, RDF.type)) | set(self.out.objects(iri, RDF.type))
            if cls not in kinds:  # a second kind of the same group: an armed group that is also an alliance
                actors = {KG.ArmedGroup, KG.Alliance, KG.StateForces, KG.TransnationalOrganisation}
                if not kinds & (set(_PLACE_CLASSES) if cls in _PLACE_CLASSES else actors if cls in actors else set()):
                    self.problem(row, f"conflict: {_short(iri)} is {self._describe([iri])}, which a {kind} cannot "
                                      "also be (an actor may be of two actor kinds, a place of two place kinds)")
                    return
                g.add((iri, RDF.type, cls))
            names = [Literal(name, lang="en")] + labels + aliases
            aliases = [n for n in names if all((iri, SKOS.prefLabel, n) not in h for h in (self.base, self.out))]
        names += aliases
        clashes = [(n, sorted({e.iri for e in self.index.exact(str(n), group)} - {iri}, key=str)) for n in names]
        clashes = [(n, others) for n, others in clashes if others]
        for n, others in clashes:
            self.problem(row, f"conflict: the name {str(n)!r} already names {self._describe(others)}; "
                              "not added (a name belongs to one entity)")
        if clashes:
            return
        for alias in aliases:
            g.add((iri, SKOS.altLabel, alias))
        g.add((iri, PROV.wasDerivedFrom, source))
        vouched = {SKOS.prefLabel for v in labels if v.language != "en" and existing is None}
        vouched |= {SKOS.altLabel for v in aliases if v.language != "en"}
        for column, prop in IDENTIFIERS.items():
            text = cells.get(column, "").strip()
            if not text:
                continue
            if prop == OWL.sameAs and not re.fullmatch(r"Q[1-9]\d*", text.rsplit("/", 1)[-1]):
                self.problem(row, f"column {column}: {text!r} is not a Wikidata item (Q and digits, e.g. Q1234)")
                continue
            value: Node = URIRef(WD + text.rsplit("/", 1)[-1]) if prop == OWL.sameAs else Literal(text)
            holders = {x for graph in (self.base, self.out) for x in graph.subjects(prop, value)} - {iri}
            if prop == KG.ucdpCoalitionId:  # the link: an alliance is the coalition the UCDP import made
                holders -= {ID[f"ucdp-coalition-{text}"]}
                if cls != KG.Alliance and not any((iri, RDF.type, KG.Alliance) in g for g in (self.base, self.out)):
                    self.problem(row, f"column {column}: only an alliance carries a UCDP coalition ID")
                    continue
            if holders:
                self.problem(row, f"conflict: {column} {text} already belongs to {self._describe(sorted(holders, key=str))}")
                continue
            g.add((iri, prop, value))
            vouched.add(prop)
        for column, prop, limit in (("lat", GEO_LAT, 90), ("long", GEO_LONG, 180)):
            text = cells.get(column, "").strip()
            if not text:
                continue
            if cls not in _PLACE_CLASSES:
                self.problem(row, f"column {column}: a row of kind {kind} takes no coordinates (lat and long are for "
                                  f"places: {', '.join(w for w, c in KINDS.items() if c in _PLACE_CLASSES)})")
                continue
            try:
                number = Decimal(text)
                if not number.is_finite():
                    raise InvalidOperation
            except InvalidOperation:
                self.problem(row, f"bad coordinate {text!r} in column {column} (decimal degrees, e.g. 35.93)")
                continue
            if not -limit <= number <= limit:
                self.problem(row, f"coordinate {text} in column {column} is out of range (-{limit} to {limit} "
                                  "decimal degrees)")
                continue
            if existing is None or self.base.value(iri, prop) is None:
                g.add((iri, prop, Literal(format(number, "f"), datatype=XSD.decimal)))
                vouched.add(prop)
        parent = cells.get("parent", "").strip()
        if parent:
            place = self.resolve(parent, PLACE_KINDS, "parent", row)
            if place is not None and (existing is None or self.base.value(iri, KG.locatedIn) is None):
                g.add((iri, KG.locatedIn, place))
        note = cells.get("note", "").strip()
        if note:
            g.add((iri, KG.note, Literal(note, lang="en")))
        if vouched:
            add_provenance(g, iri, source, sorted(vouched))
        if existing is None:
            self.batch.entities.append(iri)
        self._names.grew(iri)  # later rows may use the new name
        self._resolved = {}

    # --- end rows: an end for a statement already in the graph ------------------------------

    def end_target(self, kind: tuple, subject: URIRef, obj: URIRef, end: Node, ident: str, row: int) -> Any:
        """The statement an end-only row ends: the one its ``id`` names, else the one open statement
        (or the one already ending on that day) with the same subject, relation and object.
        None: no such statement (the row is a new statement with only an end); False: an error."""
        graphs = (self.base, self.out)
        if ident:
            iri = _own(ident)
            assert iri is not None  # checked by ids_ok
            clash = self.clash(iri, kind, subject, obj)
            if clash:
                self.problem(row, clash)
                return False
            if any((iri, RDF.type, kind[0]) in g for g in graphs):
                ends = {o for g in graphs for o in g.objects(iri, KG.end)} - {end}
                if ends:
                    self.problem(row, f"{_short(iri)} already ends on {', '.join(sorted(map(str, ends)))}; "
                                      "a statement has one end (add a second statement for a disagreeing source)")
                    return False
                return iri
            return None
        pairs = [(subject, obj), (obj, subject)] if kind[0] in _SYMMETRIC else [(subject, obj)]
        found = set()
        for g in graphs:
            for actor, other in pairs:
                for st in g.subjects(KG.actor, actor):
                    if (st, RDF.type, kind[0]) not in g or g.value(st, KG.object) != other:
                        continue
                    if kind[1] is not None and (st, kind[1], kind[2]) not in g:
                        continue
                    ends = {o for h in graphs for o in h.objects(st, KG.end)}
                    if not ends or ends == {end}:
                        found.add(st)
        if len(found) > 1:
            self.problem(row, f"ambiguous end: {len(found)} open statements match "
                              f"({', '.join(_short(s) for s in sorted(found, key=str))}); give the one to end in the id column")
            return False
        return found.pop() if found else None

    def clash(self, iri: URIRef, kind: tuple, subject: URIRef, obj: URIRef) -> str | None:
        """Why the id ``iri`` cannot name this row's statement: it names a statement of another
        subject, relation or object already (the shapes had refused the mixture, exit 1), or None."""
        for g in (self.base, self.out):
            if (iri, KG.actor, None) not in g:
                continue
            pair = (g.value(iri, KG.actor), g.value(iri, KG.object))
            same = (iri, RDF.type, kind[0]) in g and (kind[1] is None or (iri, kind[1], kind[2]) in g) and (
                pair == (subject, obj) or (kind[0] in _SYMMETRIC and pair == (obj, subject)))
            if not same:
                return (f"id {_short(iri)} names another statement already ({_label(g, pair[0])} ... "
                        f"{_label(g, pair[1])}): give the id of a statement of this subject, relation and object, "
                        "or none")
        return None

    def own_row(self, target: URIRef, source: URIRef) -> bool:
        """True when an end-only row is the row of a statement that has only an end (its own
        source, no start): importing it again restates the statement, it does not end it."""
        graphs = (self.base, self.out)
        if any((target, p, None) in g for g in graphs for p in (KG.start, KG.attested, KG.startBound)):
            return False
        return any((target, PROV.wasDerivedFrom, source) in g for g in graphs)

    def end(self, target: URIRef, span: dict, source: URIRef, claimant: URIRef | None, note: str,
            ended_by: str, row: int, *, restored: bool = False) -> None:
        """Add the row's end to ``target``: kg:end (precision, bound), kg:endSource, kg:endClaimant
        and a kg:note that starts with END_NOTE; the statement's own sources are left as they are.
        ``restored``: the row is one ``kg export`` wrote (it has a ``source_id``) for an end already
        recorded; its note cell holds the statement's notes about the end word for word (none when
        the statement explains its end in its own note), so no END_NOTE note is made up for it."""
        g, graphs = self.out, (self.base, self.out)
        end = span[KG.end]
        held = None if restored else _held_after(graphs, target, end, span.get(KG.endPrecision))
        if held is not None:  # (it was taken: the tie then held on no day a source says it did)
            self.problem(row, f"the end {end} falls on or before {held}, a day a source says {_short(target)} held "
                              "(kg:end is the first day it no longer held): a source that disagrees is a statement "
                              "of its own (give it a start, or an attested day)")
            return
        is_new = not any((target, KG.end, end) in h for h in graphs)
        for prop in (KG.end, KG.endPrecision, KG.endBound):
            if prop in span:
                g.add((target, prop, span[prop]))
        g.add((target, KG.endSource, source))
        if claimant is not None:
            g.add((target, KG.endClaimant, claimant))
        ender = _own(ended_by) if ended_by else None
        if ender is not None:  # (checked by ids_ok)
            g.add((target, KG.endedBy, ender))
        noted = any(str(n).startswith(f"{END_NOTE}{end}") for h in graphs for n in h.objects(target, KG.note))
        if restored:
            if note:
                g.add((target, KG.note, Literal(note, lang="en")))
        elif note.startswith(END_NOTE) or not noted:
            used = self.base.value(source, KG.usedAs) or self.out.value(source, KG.usedAs) or _short(source)
            who = f", claimed by {_label(self.base + self.out, claimant)}" if claimant is not None else ""
            text = note if note.startswith(END_NOTE) else f"{END_NOTE}{end} ({used}{who})." + (f" {note}" if note else "")
            g.add((target, KG.note, Literal(text, lang="en")))
        self.note_where(target, row)
        if is_new:
            merged = self.base + self.out
            words = f"{_label(merged, merged.value(target, KG.actor))} -> {_label(merged, merged.value(target, KG.object))}"
            self.batch.closed.append(f"{_short(target)}: {words} until {end} (ended by {self.display} row {row})")


    def ids_ok(self, cells: dict[str, str], row: int, columns: tuple[str, ...]) -> bool:
        """True when each of ``columns`` is empty or a kg id (see :func:`_own`); else a problem."""
        ok = True
        for column in columns:
            text = cells.get(column, "").strip()
            if text and _own(text) is None:
                self.problem(row, f"{column} {text!r} is not a kg id: write id:NAME, NAME made of letters, digits "
                                  f"and . _ ~ - (e.g. id:jaish-al-fath), or the full IRI {ID}NAME")
                ok = False
        return ok

    def _typed(self, node: URIRef) -> bool:
        return (node, RDF.type, None) in self.base or (node, RDF.type, None) in self.out

    def _describe(self, nodes: list) -> str:
        entries = self.index.entries
        return ", ".join(f"{_short(n)} ({entries[n].describe()})" if n in entries else _short(n) for n in nodes)

    # --- statement rows -------------------------------------------------------------------

    def check(self, cells: dict[str, str], row: int) -> _Row | None:
        """The first pass over a statement row: every check of its cells (relation, names,
        dates, precision, bounds, ids, source) without building a triple; the row's terms, or
        None with the problems recorded. A file with a bad row is refused after this pass, so
        a bad last row of a long file is reported without building the rows before it."""
        relation = _key(cells.get("relation", ""))
        kind = RELATIONS.get(relation)
        if kind is None:
            close = difflib.get_close_matches(relation, list(RELATIONS), n=3, cutoff=0.5)
            hint = f"; did you mean: {', '.join(close)}?" if close else f" (one of: {', '.join(RELATIONS)})"
            self.problem(row, f"unknown relation {cells.get('relation', '')!r}{hint}")
        cls = kind[0] if kind else None
        if cls == _MEMBERSHIP_STATEMENT:  # a person may lead or be a member of an armed actor
            subject = self.resolve(cells.get("subject", ""), MEMBER_KINDS, "subject", row)
        else:
            subject = self.resolve_actor(cells.get("subject", ""), "subject", row, relation)
        if cls == _CONTROL_STATEMENT:
            obj = self.resolve(cells.get("object", ""), PLACE_KINDS, "object", row)
        else:
            obj = self.resolve_actor(cells.get("object", ""), "object", row, relation)
        if subject is not None and subject == obj:  # ("X member of X", "X renamed to X": no tie)
            names = {cells.get("subject", "").strip(), cells.get("object", "").strip()}
            self.problem(row, f"subject and object name one actor ({' and '.join(repr(n) for n in sorted(names))}): "
                              f"{cells.get('relation', '').strip()!r} ties two")
            subject = None
        claimant = None
        if cells.get("claimant", "").strip():
            claimant = self.resolve(cells["claimant"], None, "claimant", row)
        span: dict[URIRef, Node] = {}
        bad = False
        precision_text = _key(cells.get("precision", ""))
        end_precision_text = _key(cells.get("end_precision", "")) or precision_text
        for column, prop, prec_prop, prec_text in (
            ("start", _START, _START_PRECISION, precision_text),
            ("end", _END, _END_PRECISION, end_precision_text),
        ):
            text = cells.get(column, "").strip()
            if not text:
                continue
            try:
                value, inferred = _parse_date(text, column)
            except ValueError as error:
                self.problem(row, str(error))
                bad = True
                continue
            precision = inferred
            if prec_text:
                if prec_text not in _PRECISIONS:
                    self.problem(row, f"bad precision {prec_text!r} (day, month or year)")
                    bad = True
                    continue
                precision = _PRECISIONS[prec_text]
                if inferred != _DAY and inferred != precision:
                    self.problem(row, f"{column} {text!r} does not fit precision {prec_text!r}")
                    bad = True
            span[prop], span[prec_prop] = _date_literal(value), precision
        if (_START in span and _END in span and span[_START] == span[_END]
                and span[_START_PRECISION] == span[_END_PRECISION] == _DAY):  # (a span of no day was taken)
            self.problem(row, f"start and end are both {span[_START]}: the end is the first day the tie no longer "
                              "held (a tie of one day ends the day after)")
            bad = True
        for column, prop in (("start_bound", _START_BOUND), ("end_bound", _END_BOUND)):
            text = _key(cells.get(column, ""))
            if text:
                if text not in _BOUNDS:
                    self.problem(row, f"bad {column} {text!r} (not before or not after)")
                    bad = True
                else:
                    span[prop] = _BOUNDS[text]
        for column, prop in (("attested", KG.attested), ("last_attested", KG.lastAttested)):
            day_text = cells.get(column, "").strip()
            if day_text:
                try:
                    span[prop] = _date_literal(_parse_date(day_text, column)[0])
                except ValueError as error:
                    self.problem(row, str(error))
                    bad = True
        for column, prop in (("coverage_from", KG.coverageFrom), ("coverage_until", KG.coverageUntil)):
            day_text = cells.get(column, "").strip()
            if day_text:
                try:
                    span[prop] = _date_literal(_parse_date(day_text, column)[0])
                except ValueError as error:
                    self.problem(row, str(error))
                    bad = True
        covered = KG.coverageFrom in span and KG.coverageUntil in span
        if (KG.coverageFrom in span or KG.coverageUntil in span) and not bad:
            if not covered or not str(span[KG.coverageFrom]) < str(span[KG.coverageUntil]):
                self.problem(row, "an undated row needs both coverage_from and coverage_until, the first before "
                                  "the second (the days its source covers)")
                bad = True
            elif {_START, _END, _ATTESTED} & set(span):
                self.problem(row, "coverage_from and coverage_until are for an undated row: leave them empty "
                                  "when the row has a start, end or attested day")
                bad = True
        first, last = span.get(KG.attested), span.get(KG.lastAttested)
        if last is not None and not (first is not None and str(first) < str(last)):  # YYYY-MM-DD: text order
            self.problem(row, "last_attested needs an attested day before it (the first and the last day a "
                              "source says the statement held)")
            bad = True
        if not self.ids_ok(cells, row, ("id", "source_id", "ended_by", "restates")):
            bad = True
        source = self.source(cells, row)
        if not (_START in span or _END in span or _ATTESTED in span or covered) and not bad:
            day = cells.get("source_date", "").strip()
            known = self._source_date(source) if source is not None and not day else None
            if known is not None:
                span[_ATTESTED] = known
            elif day and _DATE.match(day):
                if source is not None:  # (else the source's problem is recorded: a source_date in the future)
                    span[_ATTESTED] = _date_literal(_parse_date(day, "source_date")[0])
            else:
                self.problem(row, "no date: give start, end or attested (or a source_date, used as the day "
                                  "the source attests the statement)")
                bad = True
        if cls == _LINEAGE_STATEMENT and _START not in span and not covered and not bad:
            self.problem(row, "a lineage row needs a start: the day of the change (YYYY-MM-DD; YYYY-MM or YYYY "
                              "when the source gives only the month or year)")
            bad = True
        if bad or None in (kind, subject, obj, source) or (cells.get("claimant", "").strip() and claimant is None):
            return None
        assert kind is not None and subject is not None and obj is not None
        return _Row(cells, row, kind, subject, obj, claimant, span)

    def _source_date(self, source: URIRef) -> Node | None:
        """The dcterms:date of a source already in the graph (looked up once a source)."""
        if source not in self._source_dates:
            self._source_dates[source] = self.base.value(source, DCTERMS.date)
        return self._source_dates[source]

    def statement(self, parsed: _Row) -> None:
        """The second pass: the triples of a row that passed :meth:`check` (an end row ends the
        statement it names or matches; an error found only now, such as an ambiguous end, is
        recorded as a problem)."""
        cells, row, kind, subject, obj, claimant, span = (parsed.cells, parsed.row, parsed.kind, parsed.subject,
                                                          parsed.obj, parsed.claimant, parsed.span)
        source = self.source(cells, row)
        if source is None:
            return
        note = cells.get("note", "").strip()
        ident = cells.get("id", "").strip()
        if KG.end in span and not ({KG.start, KG.attested, KG.startBound} & set(span)):
            target = self.end_target(kind, subject, obj, span[KG.end], ident, row)
            if target is False:
                return
            if target is not None and not self.own_row(target, source):
                self.end(target, span, source, claimant, note, cells.get("ended_by", "").strip(), row,
                         restored=bool(cells.get("source_id", "").strip()))
                return
        if ident:
            own = _own(ident)
            assert own is not None  # checked by ids_ok
            clash = self.clash(own, kind, subject, obj)
            if clash:
                self.problem(row, clash)
                return
            iri = own
            self.batch.given.add(iri)
        else:
            local = lambda n: str(n).rsplit("/", 1)[-1]
            key = digest(subject, relation_name(kind), obj, *sorted(f"{p}={v}" for p, v in span.items()),
                         source, claimant or "")
            iri = ID[f"st-{local(subject)}-{slug(relation_name(kind), 20)}-{local(obj)}-{key}"]
        g = self.out
        g.add((iri, RDF.type, kind[0]))
        g.add((iri, KG.actor, subject))
        g.add((iri, KG.object, obj))
        if kind[1] is not None:
            g.add((iri, kind[1], kind[2]))  # type: ignore[arg-type]
        for prop, term in span.items():
            g.add((iri, prop, term))
        g.add((iri, PROV.wasDerivedFrom, source))
        if claimant is not None:
            g.add((iri, RDF.type, KG.Claim))
            g.add((iri, KG.claimant, claimant))
        if note:
            g.add((iri, KG.note, Literal(note, lang="en")))
        restated = _own(cells.get("restates", "").strip()) if cells.get("restates", "").strip() else None
        if restated is not None:  # (checked by ids_ok; the shapes check it names the same tie)
            g.add((iri, KG.restates, restated))
        if iri not in self.seen_statements:  # a set: a list's `in` made a long file quadratic
            self.seen_statements.add(iri)
            self.batch.statements.append(iri)
        self.note_where(iri, row)


def _held_after(graphs: tuple[Graph, ...], target: URIRef, end: Node, precision: Node | None) -> str | None:
    """The latest day a source says ``target`` held (kg:attested, kg:lastAttested, a kg:start of
    day precision) that an end of ``end`` (at the latest day its precision allows) does not come
    after, or None."""
    import calendar

    last = dt.date.fromisoformat(str(end))
    if precision == KG.Month:
        last = last.replace(day=calendar.monthrange(last.year, last.month)[1])
    elif precision == KG.Year:
        last = last.replace(month=12, day=31)
    days = [str(d) for h in graphs for p in (KG.attested, KG.lastAttested) for d in h.objects(target, p)]
    days += [str(d) for h in graphs for d in h.objects(target, KG.start)
             if all(h.value(target, KG.startPrecision) in (None, KG.Day) for h in graphs)]
    held = [d for d in days if _DATE.match(d) and len(d) == 10 and dt.date.fromisoformat(d) >= last]
    return max(held) if held else None


def _own(text: str) -> URIRef | None:
    """The IRI an id cell names: ``id:NAME``, ``NAME`` or the full IRI in kg's id namespace;
    None for anything else (a path such as ``id:../x``, another site's IRI, spaces, ``<``)."""
    local = text[len(str(ID)):] if text.startswith(str(ID)) else text.removeprefix("id:")
    return ID[local] if _LOCAL.fullmatch(local) else None


def _label(graph: Graph, node: Node | None) -> str:
    for value in graph.objects(node, SKOS.prefLabel):
        if getattr(value, "language", None) == "en":
            return str(value)
    return "" if node is None else _short(node)


def _short(node: Node) -> str:
    return "id:" + str(node).rsplit("/", 1)[-1]


def relation_name(kind: tuple[URIRef, URIRef | None, URIRef | None]) -> str:
    """The canonical relation word for a statement kind (the one ``export_csv`` writes)."""
    return _RELATION_NAMES[kind]


def read_rows(rows: list[dict[str, str]], graph: Graph, display: str) -> Batch:
    """Check ``rows`` (spreadsheet row number under key ``_row``) against ``graph``."""
    reader = _Reader(graph, display)
    entity_rows = [r for r in rows if r.get("kind", "").strip()]
    statement_rows = [r for r in rows if not r.get("kind", "").strip()]
    for cells in entity_rows:  # declared entities first, so statements anywhere can use them
        reader.entity(cells, int(cells["_row"]))
    reader.checking = True  # first every row's cells, so that a bad row is reported before anything is built
    checked = [reader.check(cells, int(cells["_row"])) for cells in statement_rows]
    reader.checking = False
    if not reader.problems:
        for parsed in checked:
            assert parsed is not None  # (a row that failed its checks recorded a problem)
            reader.statement(parsed)
    if reader.problems:
        reader.problems.sort(key=lambda p: p.row or 0)
        raise ImportRejected(reader.problems, display)
    reader.batch.rows = len(rows)
    return reader.batch


CELL_LIMIT = 100_000  # characters in one cell (a long note is a few thousand); docs/importing.md
# control characters a cell may not hold: every C0 and C1 control but TAB, LF and CR
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def _records(text: str, display: str) -> tuple[list[str], list[dict[str, str]]]:
    """The header and the rows of a CSV text (each row's line number under ``_row``), with
    every problem of the file's form (columns, quotes, cell size, control characters) raised
    as ImportRejected. Cells are restored from the spreadsheet-safe form ``kg export`` writes
    (kg.spreadsheet)."""
    from ..spreadsheet import restore

    try:
        dialect = csv.Sniffer().sniff(text.split("\n", 1)[0], delimiters=",;\t")
        dialect.doublequote = True  # a header has no quotes to sniff: "" in a cell is a quote (RFC 4180)
    except csv.Error:
        dialect = csv.excel  # type: ignore[assignment]
    dialect.strict = True  # an unclosed quote is an error, not a cell holding the rest of the file
    limit = csv.field_size_limit()
    csv.field_size_limit(max(limit, len(text) + 1))  # cells are measured below, with their row and column
    try:
        return _read_records(csv.reader(io.StringIO(text), dialect), display, restore)
    finally:
        csv.field_size_limit(limit)


def _read_records(reader: Any, display: str, restore: Callable[[str], str]) -> tuple[list[str], list[dict[str, str]]]:
    problems: list[Problem] = []
    rows: list[dict[str, str]] = []
    header: list[str] = []
    start = 1  # the line the record being read starts on
    try:
        header = [h.strip().lower() for h in next(reader, [])]
        if not any(header):
            raise ImportRejected([Problem(1, "the file is empty: the first row must be the header (columns: "
                                                f"{', '.join(REQUIRED)}, ...)", display)], display)
        missing = [c for c in REQUIRED if c not in header]
        if missing:
            delimiter = reader.dialect.delimiter
            hint = ("; the header has one column: is the file separated by something other than a comma, "
                    "semicolon or tab?" if len(header) == 1 else "")
            problems.append(Problem(1, f"missing column(s): {', '.join(missing)} (the header row must name "
                                       f"at least: {', '.join(REQUIRED)}; read with delimiter {delimiter!r}){hint}",
                                    display))
        unknown = [h for h in header if h and h not in COLUMNS]
        for name in unknown[:_MAX_SHOWN]:
            close = difflib.get_close_matches(name, COLUMNS, n=1) if len(name) <= 100 else []  # (no column is long)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            problems.append(Problem(1, f"unknown column {_shown(name)}{hint}", display))
        if len(unknown) > _MAX_SHOWN:
            problems.append(Problem(1, f"and {len(unknown) - _MAX_SHOWN:,} more unknown columns", display))
        counts = Counter(header)  # (header.count for each column was quadratic: 100,000 columns took 97 s)
        for name in sorted(h for h, n in counts.items() if h and n > 1)[:_MAX_SHOWN]:
            places = [str(i + 1) for i, h in enumerate(header) if h == name]
            problems.append(Problem(1, f"duplicate column {name!r} (columns {', '.join(places)}): each column "
                                       "may appear once", display))
        if problems:
            raise ImportRejected(problems, display)
        start = reader.line_num + 1
        for cells in reader:
            row, first = reader.line_num, start
            start = row + 1
            if not any(c.strip() for c in cells) or cells[0].lstrip().startswith("#"):
                continue
            if len(cells) > len(header):
                problems.append(Problem(first, f"{len(cells)} cells but the header has {len(header)} columns", display))
                continue
            bad = False
            for column, cell in zip(header, cells):
                if len(cell) > CELL_LIMIT:
                    problems.append(Problem(first, f"column {column}: the cell holds {len(cell):,} characters; "
                                                   f"a cell holds at most {CELL_LIMIT:,}", display))
                    bad = True
                elif (control := _CONTROL.search(cell)) is not None:
                    problems.append(Problem(first, f"column {column}: control character U+{ord(control.group()):04X} "
                                                   f"at character {control.start() + 1}; a cell holds text, tabs and "
                                                   "line breaks only", display))
                    bad = True
            if bad:
                continue
            record = {column: restore(text) if (text := cell.strip())[:1] == "'" else text
                      for column, cell in zip(header, cells)}
            record["_row"] = str(first)
            rows.append(record)
    except csv.Error as error:
        problems.append(Problem(start, csv_reason(error), display))
    if problems:
        raise ImportRejected(problems, display)
    return header, rows


def read_statements(path: Path, graph: Graph) -> Batch:
    """Parse and check the CSV file at ``path``; raises ImportRejected with every bad row."""
    text = read_text(path, "the CSV file")
    _, rows = _records(text, path.name)  # no rows (a header only, or only comment rows: an
    return read_rows(rows, graph, path.name)  # extraction whose every row is flagged) is nothing new


def import_statements(location: str | None, path: Path, *, dry_run: bool = False,
                      progress: Callable[[str], None] | None = None):
    """Check ``path`` and add its statements to the store at ``location`` (see kg.update)."""
    from ..store import open_graph
    from ..update import apply
    from .common import digest as hash_

    batch = read_statements(path, open_graph(location))
    if progress is not None:
        progress("re-deriving the edges, validating and writing")
    record = {"kind": "csv", "file": path.name, "sha": hash_(path.read_bytes(), length=16),
              "statements": len(batch.statements)}
    change = apply(location, batch.graph, record=record, where=batch.where, given=batch.given, dry_run=dry_run,
                   base=batch.read_from)
    change.closed[:0] = batch.closed
    return batch, change


def add_statement(location: str | None, cells: dict[str, str], *, dry_run: bool = False):
    """One statement from the command line: the same checks as one CSV row."""
    from ..store import open_graph
    from ..update import apply

    cells = {k: (v or "") for k, v in cells.items()}
    cells["_row"] = "1"
    batch = read_rows([cells], open_graph(location), "kg add")
    change = apply(location, batch.graph, record={"kind": "add", "file": "kg add"}, where=batch.where,
                   given=batch.given, dry_run=dry_run, base=batch.read_from)
    change.closed[:0] = batch.closed
    return batch, change

