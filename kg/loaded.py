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

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from .edges import PREDICATES, Collected
from .namekeys import KG, LABEL_PROPERTIES, NAME_KEY_PROPERTIES, SKOS
from .namerules import keys_of

__all__ = ["KeyTriples", "Seen", "write_key_triples"]

_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_SUBCLASS = "http://www.w3.org/2000/01/rdf-schema#subClassOf"
_LABELS = {SKOS + name: name for name in LABEL_PROPERTIES}
_KEYS = {KG + name: name for name in NAME_KEY_PROPERTIES}
_WITHIN, _LOCATED_IN, _CERTAIN_FROM = KG + "within", KG + "locatedIn", KG + "certainFrom"
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_PLACES = (KG + "within", KG + "locatedIn")
# the statements whose spans kg derives (kg.load._MISSING_SPANS)
_SPANNED = frozenset(KG + k for k in ("MembershipStatement", "AffiliationStatement", "ControlStatement",
                                      "CooperationStatement", "HostilityStatement", "LineageStatement"))


class Seen:
    """The triples of a load that kg derives from, kept as they stream by."""

    def __init__(self) -> None:
        self.collected = Collected()  # what the edge table reads (types, labels, statements)
        self.labels: list[tuple[Any, str, str]] = []  # (subject, label property, label) of IRIs
        self.keys: set[tuple[str, str, str]] = set()  # (subject IRI, key property, key) given
        self.places: dict[str, dict[Any, set[Any]]] = {p: {} for p in _PLACES}

    def feed(self, quads: Iterable[Any]) -> int:
        """Keep what kg derives from of every triple of ``quads`` (their graph names ignored);
        returns how many there were. The loop of a load: each triple's parts are read once,
        and a triple of a predicate nothing reads is passed over after one lookup."""
        import pyoxigraph as ox

        literal, iri = ox.Literal, ox.NamedNode
        wanted = {p: 8 for p in PREDICATES}  # 8: the edge table reads it; | 1: a label; 2: a key; 4: a place
        for p in _LABELS:
            wanted[p] = wanted.get(p, 0) | 1
        for p in _KEYS:
            wanted[p] = wanted.get(p, 0) | 2
        for p in _PLACES:
            wanted[p] = wanted.get(p, 0) | 4
        table, labels, keys, places = self.collected.table, self.labels, self.keys, self.places
        # each predicate's flags, and the edge table's values of it by subject (8), found at once
        targets = {p: (how, table.setdefault(p, {}) if how & 8 else None) for p, how in wanted.items()}
        count = 0
        for subject, predicate, obj, _ in quads:
            count += 1
            found = targets.get(predicate.value)
            if found is None:
                continue
            how, target = found
            if target is not None:
                values = target.get(subject)
                if values is None:
                    target[subject] = [obj]
                elif obj not in values:  # a store keeps a triple once, however often it is given
                    values.append(obj)
                if how == 8:
                    continue
            name = predicate.value
            if how & 1:
                if type(subject) is iri and type(obj) is literal:
                    labels.append((subject, _LABELS[name], obj.value))
            elif how & 2:
                plain = type(obj) is literal and not obj.language and obj.datatype.value == _XSD_STRING
                keys.add((subject.value if type(subject) is iri else str(subject), _KEYS[name],
                          obj.value if plain else str(obj)))
            elif how & 4:
                places[name].setdefault(subject, set()).add(obj)
        return count

    def add(self, quad: Any) -> None:
        import pyoxigraph as ox

        predicate = quad.predicate.value
        if predicate in PREDICATES:
            self.collected.add(quad.subject, predicate, quad.object)
        label = _LABELS.get(predicate)
        if label is not None:
            if isinstance(quad.subject, ox.NamedNode) and isinstance(quad.object, ox.Literal):
                self.labels.append((quad.subject, label, quad.object.value))
            return
        key = _KEYS.get(predicate)
        if key is not None:
            plain = isinstance(quad.object, ox.Literal) and not quad.object.language \
                and quad.object.datatype.value == _XSD_STRING
            self.keys.add((quad.subject.value if isinstance(quad.subject, ox.NamedNode) else str(quad.subject), key,
                           quad.object.value if plain else str(quad.object)))
        elif predicate in self.places:
            self.places[predicate].setdefault(quad.subject, set()).add(quad.object)

    # --- derived already? --------------------------------------------------------------------

    def spans_carried(self) -> bool:
        """Whether every statement of the loaded data typed with a kind kg derives spans for
        has its spans (kg:certainFrom) in the same data (a blank node's, as parsed, may not be
        the store's: not taken as carried)."""
        import pyoxigraph as ox

        spans = self.collected.by_subject(_CERTAIN_FROM)
        return all(isinstance(s, ox.NamedNode) and s in spans for s, kinds in self.collected.by_subject(_RDF_TYPE).items() if not _SPANNED.isdisjoint(
            k.value for k in kinds if hasattr(k, "value")))

    def within_carried(self) -> bool:
        """Whether every place of the loaded data (typed with a subclass of kg:Place) is
        kg:within itself, the places it is kg:locatedIn and every place those are within: then
        queries/derive/within.rq would add nothing (by induction over kg:locatedIn)."""
        import pyoxigraph as ox

        place_kinds = {ox.NamedNode(KG + "Place")}
        subclasses = self.collected.by_subject(_SUBCLASS)
        grew = True
        while grew:
            more = {s for s, supers in subclasses.items() if place_kinds.intersection(supers)} - place_kinds
            place_kinds |= more
            grew = bool(more)
        within, located = self.places[_WITHIN], self.places[_LOCATED_IN]
        places = {s for s, kinds in self.collected.by_subject(_RDF_TYPE).items() if place_kinds.intersection(kinds)}
        for place in places:
            if not isinstance(place, ox.NamedNode):  # a blank node as parsed may not be the store's
                return False
            mine = within.get(place, set())
            if place not in mine:
                return False
            for outer in located.get(place, ()):
                if outer not in places or not within.get(outer, {outer}) <= mine or outer not in mine:
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
            made = {(s.value, prop, key) for s, _, label in self.labels if (k := keys[label]) is not None
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
            iri, key = subject.value, tail[0]
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
            kinds = [t.value[len(KG):] for t in types.get(subject, ()) if hasattr(t, "value") and t.value.startswith(KG)]
            for kind in kinds:
                for pref in its_prefs:
                    rows.extend((subject.value, label, KG + kind, pref) for label in dict.fromkeys(names[subject]))
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
    for batch in triples.batches:
        store.bulk_load(batch, ox.RdfFormat.N_TRIPLES, to_graph=ox.DefaultGraph())


def _english(labels: dict[Any, list[Any]]) -> list[tuple[Any, str]]:
    import pyoxigraph as ox

    return [(s, label.value) for s, values in labels.items() if isinstance(s, ox.NamedNode) for label in values
            if isinstance(label, ox.Literal) and label.language
            and (label.language.lower() == "en" or label.language.lower().startswith("en-"))]

