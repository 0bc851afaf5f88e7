"""The CSV tables analysts exchange: ``kg export --format events-csv`` (the events and control
changes, shaped like ACLED's export) and ``--format statements-csv`` (one row per statement).

Both are plain CSV for pandas, R and spreadsheets: one header row, ISO ``YYYY-MM-DD`` days, an
empty cell for a side that is open or unknown (never 0001-01-01 or 9999-12-31), several values
in one cell joined with ``"; "`` (URLs with a space), in the same order in every column. The
columns, one by one, are in docs/views.md ("CSV for analysts"); ``EVENT_COLUMNS`` and
``STATEMENT_COLUMNS`` give their order, ``*_DATE_COLUMNS`` the ones pandas should parse as
dates (``pandas.read_csv(f, parse_dates=EVENT_DATE_COLUMNS, dtype={"fatalities": "Int64"})``).

events-csv: one row for each event (every ``kg:Event`` but a ``kg:Conflict``, the war that
frames them), and one for each control statement with a start that no event results in
(``kg:resultsIn``): a control change, dated its start, the new holder as ``actor1`` and the
holder it replaced (the statement it ended, ``kg:endedBy``, else one of the same place that
ended that day) as ``actor2``. ACLED's column names are used where a column means what ACLED's
does; kg's own columns follow them.
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rdflib import Graph

__all__ = ["EVENT_COLUMNS", "EVENT_DATE_COLUMNS", "EVENT_DTYPES", "SEPARATOR", "STATEMENT_COLUMNS",
           "STATEMENT_DATE_COLUMNS", "STATEMENT_DTYPES", "event_rows", "events_csv", "statement_rows",
           "statements_csv"]

EVENT_COLUMNS = [
    # ACLED's columns (the same meaning; docs/views.md says where kg's values are narrower)
    "event_id_cnty", "event_date", "year", "time_precision", "event_type", "sub_event_type", "actor1",
    "assoc_actor_1", "actor2", "assoc_actor_2", "country", "admin1", "location", "latitude", "longitude",
    "geo_precision", "source", "notes", "fatalities",
    # kg's own
    "end_date", "date_precision", "date_bound", "kg_event_type", "actor1_iri", "actor2_iri", "location_iri",
    "claimant", "claimant_iri", "source_urls", "kg_iri",
]
EVENT_DATE_COLUMNS = ["event_date", "end_date"]
STATEMENT_COLUMNS = [
    "statement", "relation", "subject", "subject_iri", "object", "object_iri",
    "start", "start_precision", "start_bound", "end", "end_precision", "end_bound", "attested",
    "certain_from", "certain_until", "possible_from", "possible_until", "never_certain",
    "claimant", "claimant_iri", "end_claimant", "sources", "source_titles", "source_urls", "note", "ended_by",
]
STATEMENT_DATE_COLUMNS = ["start", "end", "attested", "certain_from", "certain_until", "possible_from",
                          "possible_until"]
_TEXT = "string"  # pandas' text dtype: an empty cell is <NA>, never a float NaN
EVENT_DTYPES: dict[str, str] = {c: _TEXT for c in EVENT_COLUMNS if c not in EVENT_DATE_COLUMNS} | {
    "year": "Int64", "time_precision": "Int64", "geo_precision": "Int64", "fatalities": "Int64",
    "latitude": "float64", "longitude": "float64"}
STATEMENT_DTYPES: dict[str, str] = {c: _TEXT for c in STATEMENT_COLUMNS if c not in STATEMENT_DATE_COLUMNS} | {
    "never_certain": "boolean"}
SEPARATOR = "; "  # between several values in one cell; URLs are joined with a space

_STATEMENT_CLASSES = ("MembershipStatement", "AffiliationStatement", "ControlStatement", "CooperationStatement",
                      "HostilityStatement", "LineageStatement")
_KG = "https://w3id.org/armed-groups-kg/ontology#"
_OPEN = {"0001-01-01", "9999-12-31"}  # kg.timespan's unbounded sides, as the RDF writes them
_BOUNDS = {"NotBefore": "not before", "NotAfter": "not after"}
# kg's event classes -> ACLED's event type and sub-event type, where one means what the other
# does (ACLED codebook); a capture's sub-event type depends on who captures
_ACLED_TYPES: dict[str, tuple[str, str]] = {
    "Capture": ("Battles", "Non-state actor overtakes territory"),
    "Offensive": ("Battles", "Armed clash"),
    "AirStrikes": ("Explosions/Remote violence", "Air/drone strike"),
    "Withdrawal": ("Strategic developments", "Non-violent transfer of territory"),
    "WeaponsSeizure": ("Strategic developments", "Disrupted weapons use"),
    "Redeployment": ("Strategic developments", "Other"),
    "Relocation": ("Strategic developments", "Other"),
    "Announcement": ("Strategic developments", "Other"),
}
# what a kg:countOf must say for kg:count to be the event's fatalities
FATALITY_WORDS = {"fatalities", "deaths", "dead", "killed", "people killed", "fighters killed", "civilians killed"}

_PREFIXES = """PREFIX kg: <https://w3id.org/armed-groups-kg/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX schema: <https://schema.org/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
"""

_STATEMENT_KINDS = " ".join("kg:" + k for k in _STATEMENT_CLASSES)
_LABEL = 'OPTIONAL {{ ?{0} skos:prefLabel ?{0}Label . FILTER (LANGMATCHES(LANG(?{0}Label), "en")) }}'

_STATEMENTS = _PREFIXES + f"""SELECT ?node ?kind ?qualifier ?subject ?subjectLabel ?object ?objectLabel ?start ?startPrecision
       ?startBound ?end ?endPrecision ?endBound ?attested ?certainFrom ?certainUntil ?possibleFrom ?possibleUntil
       ?claimant ?claimantLabel ?endClaimant ?endClaimantLabel ?note ?endedBy
WHERE {{
  VALUES ?kind {{ {_STATEMENT_KINDS} }}
  ?node a ?kind ; kg:actor ?subject ; kg:object ?object .
  {_LABEL.format("subject")}
  {_LABEL.format("object")}
  OPTIONAL {{ ?node kg:role|kg:affiliationType|kg:lineageType ?qualifier }}
  OPTIONAL {{ ?node kg:start ?start }} OPTIONAL {{ ?node kg:startPrecision ?startPrecision }}
  OPTIONAL {{ ?node kg:startBound ?startBound }}
  OPTIONAL {{ ?node kg:end ?end }} OPTIONAL {{ ?node kg:endPrecision ?endPrecision }}
  OPTIONAL {{ ?node kg:endBound ?endBound }} OPTIONAL {{ ?node kg:attested ?attested }}
  OPTIONAL {{ ?node kg:certainFrom ?certainFrom ; kg:certainUntil ?certainUntil ;
                    kg:possibleFrom ?possibleFrom ; kg:possibleUntil ?possibleUntil }}
  OPTIONAL {{ ?node kg:claimant ?claimant {_LABEL.format("claimant")} }}
  OPTIONAL {{ ?node kg:endClaimant ?endClaimant {_LABEL.format("endClaimant")} }}
  OPTIONAL {{ ?node kg:note ?note }}
  OPTIONAL {{ ?node kg:endedBy ?endedBy }}
}}"""

_EVENTS = _PREFIXES + f"""SELECT ?node ?type ?nodeLabel ?start ?startPrecision ?startBound ?end ?endPrecision ?endBound
       ?place ?destination ?agent ?agentLabel ?opponent ?opponentLabel ?claimant ?claimantLabel ?summary ?note
       ?count ?countOf ?resultsIn ?founds ?dissolves
WHERE {{
  ?node a ?type . ?type rdfs:subClassOf kg:Event . FILTER (?type != kg:Conflict)
  {_LABEL.format("node")}
  OPTIONAL {{ ?node kg:start ?start }} OPTIONAL {{ ?node kg:startPrecision ?startPrecision }}
  OPTIONAL {{ ?node kg:startBound ?startBound }}
  OPTIONAL {{ ?node kg:end ?end }} OPTIONAL {{ ?node kg:endPrecision ?endPrecision }}
  OPTIONAL {{ ?node kg:endBound ?endBound }}
  OPTIONAL {{ ?node kg:place ?place }} OPTIONAL {{ ?node kg:destination ?destination }}
  OPTIONAL {{ ?node kg:agent ?agent {_LABEL.format("agent")} }}
  OPTIONAL {{ ?node kg:opponent ?opponent {_LABEL.format("opponent")} }}
  OPTIONAL {{ ?node kg:claimant ?claimant {_LABEL.format("claimant")} }}
  OPTIONAL {{ ?node kg:summary ?summary }} OPTIONAL {{ ?node kg:note ?note }}
  OPTIONAL {{ ?node kg:count ?count ; kg:countOf ?countOf }}
  OPTIONAL {{ ?node kg:resultsIn ?resultsIn }}
  OPTIONAL {{ ?node kg:founds ?founds }} OPTIONAL {{ ?node kg:dissolves ?dissolves }}
}}"""

_SOURCES = _PREFIXES + """SELECT ?node ?source ?sourceName ?title ?url
WHERE {
  ?node prov:wasDerivedFrom ?source .
  { ?node a ?kind . ?kind rdfs:subClassOf kg:Event } UNION { ?node a ?kind . VALUES ?kind { KINDS } }
  OPTIONAL { ?source kg:usedAs ?sourceName } OPTIONAL { ?source dcterms:title ?title }
  OPTIONAL { ?source schema:url ?url }
}""".replace("KINDS", _STATEMENT_KINDS)

_STATES = _PREFIXES + """SELECT ?state WHERE { ?state a kg:StateForces }"""


@dataclass
class _Source:
    name: str
    title: str
    url: str


class _Node:
    """The values a node's rows gave (a SPARQL answer repeats a node once for each combination
    of its several-valued properties): each variable's values, and each IRI's label."""

    def __init__(self) -> None:
        self.values: dict[str, set[str]] = defaultdict(set)
        self.labels: dict[str, dict[str, str]] = defaultdict(dict)  # variable -> IRI -> its label
        self.counts: set[tuple[str, str]] = set()  # (kg:count, kg:countOf)

    def add(self, row: dict[str, Any]) -> None:
        for key, value in row.items():
            if value is not None:
                self.values[key].add(value)
                if row.get(key + "Label") is not None:
                    self.labels[key].setdefault(value, min(row[key + "Label"], self.labels[key].get(value, "\uffff")))
        if row.get("count") is not None and row.get("countOf") is not None:
            self.counts.add((row["count"], row["countOf"]))

    def one(self, key: str) -> str:
        """The variable's value (the smallest, when a node has several), '' if none."""
        return min(self.values.get(key, ()), default="")

    def all(self, key: str) -> list[str]:
        return sorted(self.values.get(key, ()))

    def named(self, key: str) -> list[tuple[str, str]]:
        """The variable's IRIs as (label, IRI), by label; an IRI without a label by its local name."""
        return sorted((self.labels[key].get(iri) or _local(iri), iri) for iri in self.all(key))


def _select(graph: Graph, text: str) -> Iterable[dict[str, Any]]:
    from .queries import NamedQuery, rows, run

    result = run(graph, NamedQuery.from_text(text))
    variables = [str(v) for v in result.vars or []]
    for row in rows(result):
        yield {v: (None if term is None else str(term)) for v, term in zip(variables, row)}


def _nodes(graph: Graph, text: str) -> dict[str, _Node]:
    nodes: dict[str, _Node] = defaultdict(_Node)
    for row in _select(graph, text):
        nodes[row["node"]].add(row)
    return nodes


def _sources(graph: Graph) -> dict[str, list[_Source]]:
    found: dict[str, dict[str, _Source]] = defaultdict(dict)
    for row in _select(graph, _SOURCES):
        found[row["node"]].setdefault(row["source"], _Source(row["sourceName"] or row["title"] or row["source"],
                                                             row["title"] or "", row["url"] or ""))
    return {node: sorted(by_iri.values(), key=lambda s: (s.name, s.url)) for node, by_iri in found.items()}


def _local(iri: str) -> str:
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1] if iri else ""


def _day(text: str) -> str:
    """An ISO day, '' for an unbounded side."""
    return "" if not text or text in _OPEN else text[:10]


def _precision(iri: str, day: str) -> str:
    """``day``, ``month`` or ``year`` ('' without a day); a day is the default precision."""
    return (_local(iri).lower() or "day") if day else ""


def _joined(values: Iterable[str], separator: str = SEPARATOR) -> str:
    return separator.join(v for v in values if v)


def _label(node: _Node, key: str) -> str:
    named = node.named(key)
    return named[0][0] if named else ""


def _write(columns: list[str], rows: Iterable[dict[str, Any]], raw_cells: bool) -> str:
    from .spreadsheet import neutralise

    cell: Callable[[str], str] = (lambda text: text) if raw_cells else neutralise
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([cell("" if row.get(c) is None else str(row[c])) for c in columns])
    return out.getvalue()


# --- statements -----------------------------------------------------------------------------


def statement_rows(graph: Graph) -> list[dict[str, Any]]:
    """One record per statement (``STATEMENT_COLUMNS``), sorted by subject, relation, object, start."""
    from .vocabulary import relation

    sources = _sources(graph)
    rows = []
    for iri, node in _nodes(graph, _STATEMENTS).items():
        start, end = _day(node.one("start")), _day(node.one("end"))
        certain_from, certain_until = node.one("certainFrom"), node.one("certainUntil")
        own = sources.get(iri, [])
        rows.append({
            "statement": iri,
            "relation": relation(_local(node.one("kind")), _local(node.one("qualifier")) or None).word,
            "subject": _label(node, "subject"), "subject_iri": node.one("subject"),
            "object": _label(node, "object"), "object_iri": node.one("object"),
            "start": start, "start_precision": _precision(node.one("startPrecision"), start),
            "start_bound": _BOUNDS.get(_local(node.one("startBound")), ""),
            "end": end, "end_precision": _precision(node.one("endPrecision"), end),
            "end_bound": _BOUNDS.get(_local(node.one("endBound")), ""),
            "attested": _day(node.one("attested")),
            "certain_from": _day(certain_from), "certain_until": _day(certain_until),
            "possible_from": _day(node.one("possibleFrom")), "possible_until": _day(node.one("possibleUntil")),
            "never_certain": "" if not certain_from else str(certain_from == certain_until),
            "claimant": _joined(n for n, _ in node.named("claimant")),
            "claimant_iri": _joined(i for _, i in node.named("claimant")),
            "end_claimant": _joined(n for n, _ in node.named("endClaimant")),
            "sources": _joined(s.name for s in own), "source_titles": _joined(s.title for s in own),
            "source_urls": _joined((s.url for s in own), " "),
            "note": " ".join(node.all("note")), "ended_by": node.one("endedBy"),
        })
    rows.sort(key=lambda r: (r["subject"], r["relation"], r["object"], r["start"], r["statement"]))
    return rows


def statements_csv(graph: Graph, *, raw_cells: bool = False) -> str:
    """``kg export --format statements-csv`` (see the module docstring)."""
    return _write(STATEMENT_COLUMNS, statement_rows(graph), raw_cells)


# --- events ---------------------------------------------------------------------------------


def _time_precision(precision: str, bound: str) -> int | None:
    """ACLED's time_precision: 1 the day is known, 3 only the month (or less) is known; kg has
    no 'within a week' (ACLED's 2). None without a date."""
    if not precision:
        return None
    return 1 if precision == "day" and not bound else 3


@dataclass
class _Where:
    location: str = ""
    iri: str = ""
    latitude: float | None = None
    longitude: float | None = None
    admin1: str = ""
    country: str = ""
    geo_precision: int | None = None


_PLACES = _PREFIXES + """PREFIX geo: <http://www.w3.org/2003/01/geo/wgs84_pos#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
SELECT ?node ?nodeLabel ?type ?latE6 ?longE6 WHERE {
  VALUES ?type { kg:Country kg:Governorate kg:City kg:MilitaryBase kg:Airbase kg:Facility }
  ?node a ?type .
  OPTIONAL { ?node skos:prefLabel ?nodeLabel . FILTER (LANGMATCHES(LANG(?nodeLabel), "en")) }
  OPTIONAL { ?node geo:lat ?lat ; geo:long ?long
             BIND (xsd:integer(ROUND(?lat * 1000000)) AS ?latE6) BIND (xsd:integer(ROUND(?long * 1000000)) AS ?longE6) }
}"""
_AREAS = _PREFIXES + """SELECT ?node ?area ?areaLabel ?areaType WHERE {
  VALUES ?areaType { kg:Country kg:Governorate }
  ?node kg:within ?area . ?area a ?areaType .
  OPTIONAL { ?area skos:prefLabel ?areaLabel . FILTER (LANGMATCHES(LANG(?areaLabel), "en")) }
}"""


def _places(graph: Graph) -> dict[str, _Where]:
    """Where each place is, as events-csv writes it: its coordinates, its governorate (admin1)
    and country (kg:within: itself or up its kg:locatedIn chain); geo_precision 1 for a town or
    a base, 3 for a governorate or a country (ACLED's codes: the point stands for a larger area)."""
    areas: dict[str, dict[str, str]] = defaultdict(dict)
    for row in _select(graph, _AREAS):
        kind = _local(row["areaType"] or "")
        areas[row["node"]].setdefault(kind, min(row["areaLabel"] or _local(row["area"]),
                                                areas[row["node"]].get(kind, "\uffff")))
    found = {}
    for iri, node in _nodes(graph, _PLACES).items():
        lat, lon = node.one("latE6"), node.one("longE6")
        area = node.one("type") in {_KG + "Country", _KG + "Governorate"}
        found[iri] = _Where(_label(node, "node"), iri, int(lat) / 1e6 if lat else None, int(lon) / 1e6 if lon else None,
                            areas[iri].get("Governorate", ""), areas[iri].get("Country", ""), 3 if area else 1)
    return found


def event_rows(graph: Graph) -> list[dict[str, Any]]:
    """One record per event and control change (``EVENT_COLUMNS``), by date (undated last)."""
    places = _places(graph)
    sources = _sources(graph)
    states = {row["state"] for row in _select(graph, _STATES)}
    statements = {r["statement"]: r for r in statement_rows(graph)}
    rows: list[dict[str, Any]] = []
    resulting = set()
    for iri, node in _nodes(graph, _EVENTS).items():
        resulting.update(node.all("resultsIn"))
        kind = _local(node.one("type"))
        rows.append(_event_row(iri, node, kind, places, sources.get(iri, []), states))
    for st in statements.values():
        if st["relation"] == "controls" and st["start"] and st["statement"] not in resulting:
            rows.append(_change_row(st, statements, places))
    rows.sort(key=lambda r: (r["event_date"] or "9999-12-31", r["end_date"], r["location"], r["kg_iri"]))
    return rows


def _event_row(iri: str, node: _Node, kind: str, places: dict[str, _Where], sources: list[_Source],
               states: set[str]) -> dict[str, Any]:
    day = _day(node.one("start")) or _day(node.one("end"))
    side = "start" if _day(node.one("start")) else "end"
    end = _day(node.one("end"))
    precision = _precision(node.one(side + "Precision"), day)
    bound = _BOUNDS.get(_local(node.one(side + "Bound")), "")
    if side == "end" and day:  # no start recorded: the event began on its last day at the latest
        bound = "not after"
    agents, opponents = node.named("agent"), node.named("opponent")
    event_type, sub_type = _ACLED_TYPES.get(kind, ("", ""))
    if kind == "Capture" and agents and agents[0][1] in states:
        sub_type = "Government regains territory"
    if kind == "Announcement" and (node.all("founds") or node.all("dissolves")):
        sub_type = "Change to group/activity"
    located = [places[p] for p in node.all("place") + node.all("destination") if p in places]
    where = min(located, key=lambda w: (w.location, w.iri)) if located else _Where()
    notes = [_label(node, "node"), *node.all("summary"), *node.all("note")]
    also = sorted({w.location for w in located} - {where.location})
    if also:
        notes.append("Also at: " + ", ".join(also) + ".")
    fatalities = sorted(int(float(c)) for c, of in node.counts if of.strip().lower() in FATALITY_WORDS)
    return {
        "event_id_cnty": _local(iri), "event_date": day, "year": day[:4],
        "time_precision": _time_precision(precision, bound), "event_type": event_type, "sub_event_type": sub_type,
        "actor1": agents[0][0] if agents else "", "assoc_actor_1": _joined(a for a, _ in agents[1:]),
        "actor2": opponents[0][0] if opponents else "", "assoc_actor_2": _joined(a for a, _ in opponents[1:]),
        "country": where.country, "admin1": where.admin1, "location": where.location,
        "latitude": where.latitude, "longitude": where.longitude, "geo_precision": where.geo_precision,
        "source": _joined(s.name for s in sources), "notes": _sentences(notes),
        "fatalities": fatalities[0] if fatalities else None,  # the lowest, as ACLED codes
        "end_date": end if end and end != day else "", "date_precision": precision, "date_bound": bound,
        "kg_event_type": _words(kind), "actor1_iri": agents[0][1] if agents else "",
        "actor2_iri": opponents[0][1] if opponents else "", "location_iri": where.iri,
        "claimant": _joined(n for n, _ in node.named("claimant")),
        "claimant_iri": _joined(i for _, i in node.named("claimant")), "source_urls": _joined((s.url for s in sources), " "), "kg_iri": iri,
    }


def _change_row(st: dict[str, Any], statements: dict[str, dict[str, Any]],
                places: dict[str, _Where]) -> dict[str, Any]:
    """A control statement's start as a control change: who took the place from whom."""
    before = [o for o in statements.values() if o["ended_by"] == st["statement"]]
    if not before:  # no kg:endedBy: a holder of the same place whose span ended that day
        before = [o for o in statements.values() if o["relation"] == "controls" and o["object_iri"] == st["object_iri"]
                  and o["end"] == st["start"] and o["subject_iri"] != st["subject_iri"]]
    before.sort(key=lambda o: (o["subject"], o["statement"]))
    where = places.get(st["object_iri"], _Where(st["object"], st["object_iri"]))
    notes = f"Control of {st['object']} passes to {st['subject']}" + (f" from {before[0]['subject']}" if before else "")
    return {
        "event_id_cnty": _local(st["statement"]), "event_date": st["start"], "year": st["start"][:4],
        "time_precision": _time_precision(st["start_precision"], st["start_bound"]),
        "event_type": "", "sub_event_type": "", "actor1": st["subject"], "assoc_actor_1": "",
        "actor2": before[0]["subject"] if before else "", "assoc_actor_2": _joined(o["subject"] for o in before[1:]),
        "country": where.country, "admin1": where.admin1, "location": where.location,
        "latitude": where.latitude, "longitude": where.longitude, "geo_precision": where.geo_precision,
        "source": st["sources"], "notes": _sentences([notes, st["note"]]),
        "fatalities": "", "end_date": "", "date_precision": st["start_precision"], "date_bound": st["start_bound"],
        "kg_event_type": "control change", "actor1_iri": st["subject_iri"],
        "actor2_iri": before[0]["subject_iri"] if before else "", "location_iri": st["object_iri"],
        "claimant": st["claimant"], "claimant_iri": st["claimant_iri"], "source_urls": st["source_urls"],
        "kg_iri": st["statement"],
    }


def _sentences(texts: Iterable[str]) -> str:
    """Texts as sentences, one after the other."""
    return " ".join(t if t.endswith((".", "!", "?")) else t + "." for t in (t.strip() for t in texts) if t)


def _words(local: str) -> str:
    """``AirStrikes`` -> ``air strikes``."""
    out = ""
    for ch in local:
        out += (" " + ch.lower()) if ch.isupper() and out else ch.lower()
    return out


def events_csv(graph: Graph, *, raw_cells: bool = False) -> str:
    """``kg export --format events-csv`` (see the module docstring)."""
    return _write(EVENT_COLUMNS, event_rows(graph), raw_cells)
