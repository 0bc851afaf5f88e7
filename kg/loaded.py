"""What ``kg load`` keeps of the triples it streams into a store, and derives from them in
one pass: reading the store back costs what Oxigraph takes to turn ids into text (about
ten microseconds a triple), so the loader keeps what it needs as the files go by
(kg.load passes every triple through :meth:`Seen.add` or :meth:`Seen.feed`; an N-Triples file
through :meth:`Seen.feed_ntriples`, whose plain lines kg._ntscan reads in C, the same cells).

- the labels, for the name keys (kg.namekeys) and the name index (kg.names), which
  kg.loadnames makes from one reading of them;
- whether the data carries what kg derives already: every statement its spans (kg.spans),
  every place its ``kg:within`` (queries/derive/within.rq); kg.load skips a derivation the
  data carries;
- the edge table (kg.edges), from the kept triples.

Only a load into an empty store (or ``--replace``) derives from what it kept alone; a load
onto data already in the store reads the store, as before (kg.load).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from itertools import chain
from typing import IO, TYPE_CHECKING, Any, cast

from .edgerows import PREDICATES, SEP, Collected, cell_of, english_tag, text_of
from .namekeys import KG, LABEL_PROPERTIES, NAME_KEY_PROPERTIES, SKOS

if TYPE_CHECKING:
    from .loadnames import Labels

__all__ = ["Seen"]

_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_SUBCLASS = "http://www.w3.org/2000/01/rdf-schema#subClassOf"
_LABELS = {SKOS + name: name for name in LABEL_PROPERTIES}
_KEYS = {KG + name: name for name in NAME_KEY_PROPERTIES}
_WITHIN, _LOCATED_IN, _CERTAIN_FROM = KG + "within", KG + "locatedIn", KG + "certainFrom"
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_PLAIN = '"' + _XSD_STRING + SEP  # an xsd:string's cell, less its text
_LITERAL = '"@'  # the first character of a literal's cell
_DATE = '"http://www.w3.org/2001/XMLSchema#date' + SEP  # an xsd:date's cell, less its text
_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_PLACES = (KG + "within", KG + "locatedIn")
# the statements whose spans kg derives (kg.load._MISSING_SPANS)
_SPANNED = frozenset(KG + k for k in ("MembershipStatement", "AffiliationStatement", "ControlStatement",
                                      "CooperationStatement", "HostilityStatement", "LineageStatement"))


class Seen:
    """The triples of a load that kg derives from, kept as they stream by: subjects and
    objects as cells (kg.edges: ``<`` and an IRI, ``_`` and a blank node's id, a literal's
    datatype or language and its text), the text pyoxigraph's parser gives them."""

    def __init__(self, dated: Iterable[str] = ()) -> None:
        """``dated``: the properties whose values must be valid dates (kg.load checks them)."""
        self.collected = Collected()  # what the edge table reads (types, labels, statements)
        self.dated = tuple(dated)
        self.dates: list[str] = []  # the values of those the edge table does not read
        self.labels: list[tuple[str, str, str]] = []  # (subject cell, label property, label) of IRIs
        self.keys: set[tuple[Any, str, Any]] = set()  # (subject, key property, key) given
        self.places: dict[str, dict[str, set[str]]] = {p: {} for p in _PLACES}
        self._targets = _targets(self)
        for p in self.dated:
            if p not in self._targets:
                self._targets[p] = (16, None)

    def feed(self, quads: Iterable[Any]) -> int:
        """Keep what kg derives from of every triple of ``quads`` (pyoxigraph's, their graph
        names ignored); returns how many there were. The loop of a load: a triple of a
        predicate nothing reads is passed over after one lookup; the others' subject and
        object made cells (kg.edgerows.cell_of, here without a call for an IRI or a literal)."""
        import pyoxigraph as ox

        iri, literal, cell, keep = ox.NamedNode, ox.Literal, cell_of, _keep
        targets = self._targets
        count = 0
        for subject, predicate, obj, _ in quads:
            count += 1
            name = predicate.value
            found = targets.get(name)
            if found is None:
                continue
            s = "<" + subject.value if type(subject) is iri else cell(subject)
            kind = type(obj)
            if kind is iri:
                o = "<" + obj.value
            elif kind is literal:
                language = obj.language
                o = f"@{language}{SEP}{obj.value}" if language else f'"{obj.datatype.value}{SEP}{obj.value}'
            else:
                o = cell(obj)
            how, target = found
            if how == 8 and target is not None and s is not None:  # the edge table's alone
                values = target.get(s)
                if values is None:
                    target[s] = [o]
                elif o not in values:  # a store keeps a triple once, however often it is given
                    values.append(o)
            elif s is not None and o is not None:
                keep(self, found, name, s, o)
        return count

    def feed_ntriples(self, source: IO[bytes], base: str | None = None, fast: bool = True) -> int:
        """:meth:`feed` the triples of the N-Triples file ``source``; returns how many there
        were. Its plain lines are read by kg._ntscan (C) where it was built and ``fast`` is
        true; every other line, and every line without it, by pyoxigraph's parser, which gives
        a line's error its line and column in the file."""
        import pyoxigraph as ox

        try:
            from ._ntscan import scan
        except ImportError:  # not built (no C compiler where kg was installed)
            fast = False
        if not fast:
            return self.feed(ox.parse(source, ox.RdfFormat.N_TRIPLES, base_iri=base, lenient=True))
        names = tuple(self._targets)
        predicates = tuple(name.encode("utf-8") for name in names)
        hows = tuple(how for how, _ in self._targets.values())
        tables = tuple(target if how == 8 else None for how, target in self._targets.values())
        memo: dict[str, str] = {}  # each cell kept once, however many triples hold it
        rest: list[tuple[int, str, str]] = []
        count, lines, tail = 0, 0, b""
        while True:
            chunk = source.read(_CHUNK)
            data = tail + chunk if tail else chunk
            if not data:
                return count
            # whole lines only, but for the file's last; a line longer than a chunk goes on
            # growing until pyoxigraph's parser takes the rest (its own limit on a term holds)
            cut = len(data) if not chunk else data.rfind(b"\n") + 1
            if cut == 0:
                if len(data) > _CHUNK:
                    return count + self._parse(cast(IO[bytes], _Then(data, source)), base, lines)
                tail = data
                continue
            at = 0
            while at < cut:
                at, triples, passed = scan(memoryview(data)[:cut], at, predicates, hows, tables, memo, rest)
                count, lines = count + triples, lines + passed
                if rest:
                    self._keep_rest(names, rest)
                if at < cut:  # a line kg._ntscan does not take: pyoxigraph's parser reads it
                    end = data.find(b"\n", at, cut) + 1 or cut
                    line = data[at:end]
                    count += self._parse(line, base, lines)
                    # pyoxigraph counts a carriage return without a line feed as a line break too
                    lines, at = lines + 1 + line.count(b"\r") - line.count(b"\r\n"), end
            tail = data[cut:]

    def _keep_rest(self, names: tuple[str, ...], rest: list[tuple[int, str, str]]) -> None:
        """The triples kg._ntscan gave back (those it keeps not in an edge table alone)."""
        targets, keep = self._targets, _keep
        for k, subject, obj in rest:
            name = names[k]
            keep(self, targets[name], name, subject, obj)
        rest.clear()

    def _parse(self, text: bytes | IO[bytes], base: str | None, before: int) -> int:
        """:meth:`feed` the triples of ``text`` (bytes or a binary file), N-Triples after
        ``before`` lines of the file (a syntax error's line is the file's)."""
        import pyoxigraph as ox

        try:
            return self.feed(ox.parse(text, ox.RdfFormat.N_TRIPLES, base_iri=base, lenient=True))
        except SyntaxError as error:
            if error.lineno is not None:
                error.lineno += before
                if error.end_lineno is not None:
                    error.end_lineno += before
            raise

    def add(self, quad: Any) -> None:
        found = self._targets.get(quad.predicate.value)
        subject, obj = cell_of(quad.subject), cell_of(quad.object)
        if found is not None and subject is not None and obj is not None:
            _keep(self, found, quad.predicate.value, subject, obj)

    # --- derived already? --------------------------------------------------------------------

    def spans_carried(self) -> bool:
        """Whether every statement of the loaded data typed with a kind kg derives spans for
        has its spans (kg:certainFrom) in the same data (a blank node's, as parsed, may not be
        the store's: not taken as carried)."""
        spans = self.collected.by_subject(_CERTAIN_FROM)
        return all(s[0] == "<" and s in spans for s, kinds in self.collected.by_subject(_RDF_TYPE).items()
                   if not _SPANNED.isdisjoint(text_of(k) for k in kinds))

    def within_carried(self) -> bool:
        """Whether every place of the loaded data (typed with a subclass of kg:Place) is
        kg:within itself, the places it is kg:locatedIn and every place those are within: then
        queries/derive/within.rq would add nothing (by induction over kg:locatedIn)."""
        place_kinds = {"<" + KG + "Place"}
        subclasses = self.collected.by_subject(_SUBCLASS)
        grew = True
        while grew:
            more = {s for s, supers in subclasses.items() if place_kinds.intersection(supers)} - place_kinds
            place_kinds |= more
            grew = bool(more)
        within, located = self.places[_WITHIN], self.places[_LOCATED_IN]
        places = {s for s, kinds in self.collected.by_subject(_RDF_TYPE).items() if place_kinds.intersection(kinds)}
        for place in places:
            if place[0] != "<":  # a blank node as parsed may not be the store's
                return False
            mine = within.get(place, set())
            if place not in mine:
                return False
            for outer in located.get(place, ()):
                if outer not in places or not within.get(outer, {outer}) <= mine or outer not in mine:
                    return False
        return True

    def dates_plain(self) -> bool:
        """Whether every value of the dated properties is an xsd:date written YYYY-MM-DD, a
        real day (years 1 to 9999): valid for Oxigraph too, so kg.load's check of the dates
        (a query over the store) would find nothing. False says nothing: the query decides."""
        import datetime as dt

        table = self.collected.table
        values = set(chain(self.dates, *(chain.from_iterable(table.get(p, {}).values()) for p in self.dated)))
        day = dt.date.fromisoformat
        for value in values:
            if not value.startswith(_DATE) or not _DAY.fullmatch(value, len(_DATE)):
                return False
            try:
                day(value[len(_DATE):])
            except ValueError:
                return False
        return True

    # --- names ---------------------------------------------------------------------------------

    def labelled(self) -> Labels:
        """What the name keys and the name index are made from (kg.loadnames)."""
        from .loadnames import Labels

        types = self.collected.by_subject(_RDF_TYPE)
        prefs: dict[str, list[str]] = {}
        for subject, label in _english(self.collected.by_subject(SKOS + "prefLabel")):
            prefs.setdefault(subject, []).append(label)
        kinds = {subject: [v[len(KG):] for v in map(text_of, types.get(subject, ())) if v.startswith(KG)]
                 for subject in prefs}
        return Labels(self.labels, self.keys, kinds, prefs)


_CHUNK = 4 * 1024 * 1024  # bytes of N-Triples given to kg._ntscan at a time


class _Then:
    """Bytes already read, then the rest of a binary file, read as one file."""

    def __init__(self, data: bytes, rest: IO[bytes]):
        self._data, self._at, self._rest = data, 0, rest

    def read(self, size: int = -1) -> bytes:
        left = len(self._data) - self._at
        if left <= 0:
            return self._rest.read(size)
        size = left if size < 0 or size > left else size  # the bytes read first, then the file
        self._at += size
        return self._data[self._at - size:self._at]


def _english(labels: dict[str, list[str]]) -> list[tuple[str, str]]:
    return [(s, label.split(SEP, 1)[1]) for s, values in labels.items() if s[0] == "<" for label in values
            if label[0] == "@" and english_tag(label[1:label.index(SEP)])]


def _targets(seen: Seen) -> dict[str, tuple[int, dict[str, list[str]] | None]]:
    """Each predicate kg derives from: what it is read for (8: the edge table, | 1: a label,
    2: a name key, 4: a place) and the edge table's values of it by subject."""
    wanted = {p: 8 for p in PREDICATES}
    for p in _LABELS:
        wanted[p] = wanted.get(p, 0) | 1
    for p in _KEYS:
        wanted[p] = wanted.get(p, 0) | 2
    for p in _PLACES:
        wanted[p] = wanted.get(p, 0) | 4
    table = seen.collected.table
    return {p: (how, table.setdefault(p, {}) if how & 8 else None) for p, how in wanted.items()}


def _keep(seen: Seen, found: tuple[int, dict[str, list[str]] | None], predicate: str, subject: str, obj: str) -> None:
    """Keep one triple of a predicate kg derives from (found: its :func:`_targets`)."""
    how, target = found
    if target is not None:
        values = target.get(subject)
        if values is None:
            target[subject] = [obj]
        elif obj not in values:  # a store keeps a triple once, however often it is given
            values.append(obj)
        if how == 8:
            return
    if how & 1:
        if subject[0] == "<" and obj[0] in _LITERAL:
            seen.labels.append((subject, _LABELS[predicate], obj.split(SEP, 1)[1]))
    elif how & 2:
        plain = obj.startswith(_PLAIN)
        seen.keys.add((subject[1:] if subject[0] == "<" else ("blank", subject), _KEYS[predicate],
                       obj[len(_PLAIN):] if plain else ("term", obj)))
    elif how & 4:
        seen.places[predicate].setdefault(subject, set()).add(obj)
    elif how & 16:
        seen.dates.append(obj)
