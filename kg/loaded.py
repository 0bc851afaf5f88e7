"""What ``kg load`` keeps of the triples it streams into a store, and derives from them in
one pass: reading the store back costs what Oxigraph takes to turn ids into text (about
ten microseconds a triple), so the loader keeps what it needs as the files go by
(kg.load passes every triple through :meth:`Seen.add`).

- the name keys (kg.namekeys) and the name index (kg.names), from one reading of the labels:
  each label normalised once, for both;
- whether the data carries what kg derives already: every statement its spans (kg.spans),
  every place its ``kg:within`` (queries/derive/within.rq); kg.load skips a derivation the
  data carries;
- the edge table (kg.edges), from the kept triples.

Only a load into an empty store (or ``--replace``) derives from what it kept alone; a load
onto data already in the store reads the store, as before (kg.load).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from itertools import chain
from typing import Any

from .edgerows import PREDICATES, SEP, Collected, cell_of, english_tag, text_of
from .namekeys import KG, LABEL_PROPERTIES, NAME_KEY_PROPERTIES, SKOS
from .namerules import keys_of

__all__ = ["KeyTriples", "Seen", "write_key_triples"]

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

    def name_keys(self) -> dict[str, tuple[str, str] | None]:
        """Every label's keys (kg.namerules.keys_of), each label normalised once."""
        keys: dict[str, tuple[str, str] | None] = {}
        for _, _, label in self.labels:
            if label not in keys:
                keys[label] = keys_of(label)
        return keys

    def name_key_triples(self, keys: dict[str, tuple[str, str] | None]) -> KeyTriples | None:
        """The name keys of the labels seen as N-Triples (:class:`KeyTriples`); None when the
        data carries exactly these keys already (kg export writes them). Made while the bulk
        loader still writes (kg.load), written by :func:`write_key_triples` after it."""
        from .namekeys import _nt_string

        if self.keys:
            made = {(s[1:], prop, key) for s, _, label in self.labels if (k := keys[label]) is not None
                    for prop, key in (("nameKey", k[0]), ("nameSkeleton", k[1]))}
            if made == self.keys:
                return None
        # each label's two triples less the subject, made once
        tails: dict[str, tuple[str, str] | None] = {
            label: None if k is None else (f"> <{KG}nameKey> {_nt_string(k[0])} .\n",
                                           f"> <{KG}nameSkeleton> {_nt_string(k[1])} .\n")
            for label, k in keys.items()}
        named: set[tuple[str, str]] = set()  # (IRI, key): a resource's labels may share a key
        batches: list[bytes] = []
        lines: list[str] = []
        for subject, _, label in self.labels:
            tail = tails[label]
            if tail is None:
                continue
            iri, key = subject[1:], tail[0]
            if (iri, key) in named:
                continue
            named.add((iri, key))
            lines.append(f"<{iri}{tail[0]}<{iri}{tail[1]}")
            if len(lines) >= 100_000:  # in batches: memory stays flat
                batches.append("".join(lines).encode("utf-8"))
                lines.clear()
        if lines:
            batches.append("".join(lines).encode("utf-8"))
        return KeyTriples(bool(self.keys), batches)

    def name_index(self, keys: dict[str, tuple[str, str] | None], progress: Callable[[int], None] | None = None) -> Any:
        """The name index (kg.names.NameIndex) of the loaded data: the rows of its index query
        (every resource with a kg: type and an English preferred label, each of its labels)."""
        from .names import NameIndex

        types = self.collected.by_subject(_RDF_TYPE)
        names: dict[Any, list[str]] = {}
        prefs: dict[Any, list[str]] = {}
        for subject, prop, label in self.labels:
            names.setdefault(subject, []).append(label)
        for subject, label in _english(self.collected.by_subject(SKOS + "prefLabel")):
            prefs.setdefault(subject, []).append(label)
        rows: list[tuple[str, str, str, str]] = []
        for subject, its_prefs in prefs.items():
            kinds = [v[len(KG):] for v in map(text_of, types.get(subject, ())) if v.startswith(KG)]
            for kind in kinds:
                for pref in its_prefs:
                    rows.extend((subject[1:], label, KG + kind, pref) for label in dict.fromkeys(names[subject]))
        return NameIndex._from_rows(rows, progress, keys)


@dataclass
class KeyTriples:
    """The name-key triples of a load's labels (:meth:`Seen.name_key_triples`)."""

    replace: bool  # the keys the data carries are deleted first
    batches: list[bytes]  # N-Triples


def write_key_triples(store: Any, triples: KeyTriples | None) -> None:
    """Write :meth:`Seen.name_key_triples` into the pyoxigraph ``store``."""
    import pyoxigraph as ox

    if triples is None:
        return
    if triples.replace:
        for name in NAME_KEY_PROPERTIES:
            store.update(f"DELETE WHERE {{ ?s <{KG}{name}> ?key }}")
    if triples.batches:  # one bulk load (each is a RocksDB ingest of its own), read a batch at a time
        store.bulk_load(_Joined(triples.batches), ox.RdfFormat.N_TRIPLES, to_graph=ox.DefaultGraph())


class _Joined:
    """Batches of bytes read as one binary file."""

    def __init__(self, batches: list[bytes]):
        self._batches, self._at, self._offset = batches, 0, 0

    def read(self, size: int = -1) -> bytes:
        if self._at >= len(self._batches):
            return b""
        batch = self._batches[self._at]
        if size < 0 or self._offset + size >= len(batch):
            self._at, start, self._offset = self._at + 1, self._offset, 0
            return batch[start:] if start else batch
        start, self._offset = self._offset, self._offset + size
        return batch[start:self._offset]


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
