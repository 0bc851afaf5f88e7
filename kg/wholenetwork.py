"""The whole network as GEXF straight from the edge table (kg.edges), without networkx.

``kg export --format gexf`` of an on-disk store: the document that kg.network.statement_graph,
kg.maps.network_coordinates and kg.views.export_network give through kg.gexf, byte for byte
(tests/test_wholenetwork.py compares them), made from the table's numbered cells instead of a
networkx graph of half a million edges and a dict of attributes for each. What the cells mean
is worked out once for each distinct cell (a date, a kind's local name) or combination of
cells (a statement's kind and qualifier, its dates and their precisions, its derived dates),
with the functions the networkx path calls, and each combination's attributes are written as
text once: an edge is a join of a few texts.

The order is networkx's: the statements sorted by their text, each adding its actor and its
object as nodes when first met; the edges a node at a time (in that order), then by their
object in the order first met, then by statement. A node's label is the last its rows give
and its kind comes from every class its rows give, as statement_graph has them.
"""

from __future__ import annotations

import datetime as dt
import io
import operator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .edges import SEP, VARIABLES
from .gexf import EDGE_OWN, NODE_OWN, declare, escape, head, value_text
from .network import _kind as node_kind
from .queries import local_name, term_date
from .tabular import cell_text
from .timespan import EARLIEST, LATEST, span_text
from .vocabulary import relation

if TYPE_CHECKING:
    from rdflib import Graph

__all__ = ["gexf"]

_V = {name: i for i, name in enumerate(VARIABLES)}
_span_of = operator.itemgetter(*(_V[v] for v in ("start", "startPrecision", "startBound", "end", "endPrecision",
                                                  "endBound", "attested")))
_bounds_of = operator.itemgetter(*(_V[v] for v in ("certainFrom", "certainUntil", "possibleFrom", "possibleUntil")))
_KIND, _QUALIFIER, _CLAIMANT, _END_CLAIMANT = (_V[v] for v in ("kind", "qualifier", "claimantLabel", "endClaimantLabel"))
_OPEN = (EARLIEST, LATEST)  # an unbounded side: left out
_DAY = dt.timedelta(days=1)
_first = operator.itemgetter(0)


def gexf(graph: Graph) -> bytes | None:
    """The whole network of ``graph`` as ``kg export --format gexf`` writes it, read from its
    edge table; None where there is none (memory and remote stores)."""
    from .collector import paused
    from .edges import table_of
    from .maps import network_coordinates

    table = table_of(graph)
    if table is None:
        return None
    with paused():  # many strings and tuples, no cycles (kg.collector)
        nodes, adjacency, cells = _network(table)
        coordinates = network_coordinates(graph, nodes)
        out = io.BytesIO()
        _write(nodes, adjacency, cells, coordinates, out)
    return out.getvalue()


def _text(cell: str | None) -> str:
    """``str()`` of the term kg.reader makes of ``cell``: an IRI's or blank node's text, a
    literal's lexical form ("None" for unbound, as str(None))."""
    if cell is None:
        return "None"
    if cell[0] in "<_":
        return cell[1:]
    return cell.split(SEP, 1)[1]


class _Edge:
    """A statement's edge: its first row (numbers), its sources, and (once known) its parts."""

    __slots__ = ("row", "names", "urls", "statement", "target")

    def __init__(self, row: tuple[int, ...], statement: str, target: str):
        self.row, self.statement, self.target = row, statement, target
        self.names: list[str] = []
        self.urls: list[str | None] = []


def _network(table: Path) -> tuple[dict[str, list[Any]], dict[str, dict[str, list[_Edge]]], list[str | None]]:
    """The nodes ({node: [its last label, its classes]}, as cell numbers) in networkx's order,
    the edges by actor and object ({actor: {object: [edges]}}, each in networkx's order) and
    the table's cells."""
    from .edges import read_numbers

    edges: dict[str, _Edge] = {}
    nodes: dict[str, list[Any]] = {}  # node -> [its last label's number, its classes' numbers]
    statement_at, actor_at, object_at = _V["statement"], _V["actor"], _V["object"]
    source_at, url_at = _V["sourceName"], _V["sourceUrl"]
    texts: list[str] = []
    cells: list[str | None] = [None]
    width = len(VARIABLES)
    for cells, count, numbers in read_numbers(table):
        if len(texts) < len(cells):
            texts.extend(map(_text, cells[len(texts):]))
        columns = [numbers[i * count:(i + 1) * count] for i in range(width)]
        for row in zip(*columns):
            for node, label, kind in ((row[2], row[3], row[4]), (row[5], row[6], row[7])):
                entry = nodes.get(texts[node])
                if entry is None:
                    nodes[texts[node]] = [label, {kind}]
                else:
                    entry[0] = label
                    entry[1].add(kind)
            statement = texts[row[statement_at]]
            edge = edges.get(statement)
            if edge is None:
                edge = edges[statement] = _Edge(row, statement, texts[row[object_at]])
            name = texts[row[source_at]]
            if name not in edge.names:
                edge.names.append(name)
                url = row[url_at]
                edge.urls.append(None if url == 0 else texts[url])
    # networkx's order: the statements sorted, each adding its actor and object when first met
    ordered: dict[str, list[Any]] = {}
    adjacency: dict[str, dict[str, list[_Edge]]] = {}
    for statement in sorted(edges):
        edge = edges[statement]
        source = texts[edge.row[actor_at]]
        for node in (source, edge.target):
            if node not in ordered:
                ordered[node] = nodes[node]
        adjacency.setdefault(source, {}).setdefault(edge.target, []).append(edge)
    return ordered, adjacency, cells


class _Cells:
    """What the networkx path makes of each cell, worked out once for each (by its number):
    its term (kg.reader's), local name, date, and the date as export_network writes it."""

    def __init__(self, cells: list[str | None]):
        from .reader import reader_terms

        self.cells, self._term = cells, reader_terms()
        self.names: dict[int, str | None] = {0: None}
        self.days: dict[int, Any] = {0: None}
        self.qualifiers: dict[int, Any] = {0: None}
        self.plain: dict[int, Any] = {0: None}
        self.texts: dict[int, str] = {}
        self.relations: dict[tuple[int, int], str] = {}
        self.kinds: dict[frozenset[int], str] = {}

    def name(self, number: int) -> str | None:
        found = self.names.get(number, "")
        if found == "":
            found = self.names[number] = local_name(self._term(self.cells[number]))
        return found

    def day(self, number: int) -> Any:
        try:
            return self.days[number]
        except KeyError:
            found = self.days[number] = term_date(self._term(self.cells[number]))
            return found

    def qualifier(self, number: int) -> Any:
        """``term and name(term)``, as statement_graph passes a precision or bound."""
        try:
            return self.qualifiers[number]
        except KeyError:
            found = self.qualifiers[number] = self._term(self.cells[number]) and self.name(number)
            return found

    def plain_day(self, number: int) -> Any:
        """The day as export_network writes it (bool, int, float and str as they are, else as text)."""
        try:
            return self.plain[number]
        except KeyError:
            value = self.day(number)
            found = self.plain[number] = value if isinstance(value, (bool, int, float, str)) else cell_text(value)
            return found

    def text(self, number: int) -> str:
        found = self.texts.get(number)
        if found is None:
            found = self.texts[number] = _text(self.cells[number])
        return found

    def relation(self, kind: int, qualifier: int) -> str:
        found = self.relations.get((kind, qualifier))
        if found is None:
            found = self.relations[kind, qualifier] = relation(self.name(kind) or "", self.name(qualifier)).word
        return found

    def kind(self, classes: set[int]) -> str:
        key = frozenset(classes)
        found = self.kinds.get(key)
        if found is None:
            found = self.kinds[key] = node_kind({self.name(c) or "" for c in classes})
        return found


def _iso(day: dt.date, known: dict[dt.date, str]) -> str:
    found = known.get(day)
    if found is None:
        found = known[day] = day.isoformat()
    return found


def _edge_data(edge: _Edge, cells: _Cells, isos: dict[dt.date, str]) -> tuple[str, list[tuple[str, Any]]]:
    """An edge's GEXF start and end (on the element) and its attributes as export_network
    gives them, in its order: statement, relation, from, until, span, attested, claimant,
    end_claimant, sources, source_urls, the four derived dates where bounded."""
    row = edge.row
    start_at, sp, sb, end_at, ep, eb, attested_at = _span_of(row)
    day, qualifier = cells.day, cells.qualifier
    start, end, attested = day(start_at), day(end_at), day(attested_at)
    pairs: list[tuple[str, Any]] = [("statement", edge.statement),
                                    ("relation", cells.relation(row[_KIND], row[_QUALIFIER]))]
    if start is not None:
        pairs.append(("from", cells.plain_day(start_at)))
    if end is not None:
        pairs.append(("until", cells.plain_day(end_at)))
    pairs.append(("span", span_text(start, end, start_precision=qualifier(sp), end_precision=qualifier(ep),
                                    start_bound=qualifier(sb), end_bound=qualifier(eb), attested=attested)))
    if attested is not None:
        pairs.append(("attested", cells.plain_day(attested_at)))
    if row[_CLAIMANT]:
        pairs.append(("claimant", cells.text(row[_CLAIMANT])))
    if row[_END_CLAIMANT]:
        pairs.append(("end_claimant", cells.text(row[_END_CLAIMANT])))
    ordered = sorted(zip(edge.names, edge.urls), key=_first)
    pairs.append(("sources", "; ".join(name for name, _ in ordered)))
    pairs.append(("source_urls", "; ".join(str(url) for _, url in ordered)))
    # kg.timespan.Bounds.read, then export_network's start/end and kg.pages.open_bounds
    certain_from, certain_until, possible_from, possible_until = map(day, _bounds_of(row))
    if certain_from is None or certain_until is None:
        certain_from = certain_until = LATEST
    possible_from, possible_until = possible_from or EARLIEST, possible_until or LATEST
    times = ""
    if possible_from != EARLIEST:
        times = f' start="{_iso(possible_from, isos)}"'
    if possible_until != LATEST:
        times += f' end="{_iso(possible_until - _DAY, isos)}"'
    if certain_from < certain_until:  # else never certain: no certain dates
        if certain_from not in _OPEN:
            pairs.append(("certainFrom", _iso(certain_from, isos)))
        if certain_until not in _OPEN:
            pairs.append(("certainUntil", _iso(certain_until, isos)))
    if possible_from not in _OPEN:
        pairs.append(("possibleFrom", _iso(possible_from, isos)))
    if possible_until not in _OPEN:
        pairs.append(("possibleUntil", _iso(possible_until, isos)))
    return times, pairs


def _write(nodes: dict[str, list[Any]], adjacency: dict[str, dict[str, list[_Edge]]], table_cells: list[str | None],
           coordinates: dict[str, tuple[float, float]], out: Any) -> None:
    cells = _Cells(table_cells)
    # the nodes' data as export_network has it: label, kind, latitude, longitude
    node_attributes: dict[str, tuple[str, str]] = dict.fromkeys(NODE_OWN, ("", ""))
    node_rows = []
    for node, (label, classes) in nodes.items():
        data: dict[str, Any] = {"label": cells.text(label), "kind": cells.kind(classes)}
        if node in coordinates:
            data["latitude"], data["longitude"] = coordinates[node]
        declare(node_attributes, data, NODE_OWN)
        node_rows.append((node, data))
    # the edges' data, in networkx's order (a node's edges by object as first met, by statement),
    # each edge's attributes declared as gexf.write declares them (a shape of attributes once)
    edge_attributes: dict[str, tuple[str, str]] = dict.fromkeys(EDGE_OWN, ("", ""))
    timeformat = None
    shapes: set[tuple[Any, ...]] = set()
    edge_rows = []
    isos: dict[dt.date, str] = {}
    for source in nodes:
        for target, edges in adjacency.get(source, {}).items():
            for edge in edges:
                times, pairs = _edge_data(edge, cells, isos)
                shape = tuple((k, type(v)) for k, v in pairs)
                if shape not in shapes:
                    shapes.add(shape)
                    declare(edge_attributes, dict(pairs), EDGE_OWN)
                    declare(edge_attributes, {"networkx_key": edge.statement}, EDGE_OWN)
                timeformat = timeformat or ("date" if times else None)
                edge_rows.append((source, target, times, pairs))
    document, node_attributes, edge_attributes = head(
        {k: v for k, v in node_attributes.items() if k not in NODE_OWN},
        {k: v for k, v in edge_attributes.items() if k not in EDGE_OWN}, timeformat)
    heads = {k: f'          <attvalue for="{i}" value="' for k, (i, _) in {**node_attributes, **edge_attributes}.items()}
    tail = '" />\n'
    out.write(document.encode("utf-8"))
    batch: list[str] = ["    <nodes>\n"]
    for node, data in node_rows:
        inner = ""
        if "latitude" in data:
            inner = f'        <viz:position x="{data["longitude"]}" y="{data["latitude"]}" z="0.0" />\n'
        values = "".join(heads[k] + value_text(v) + tail for k, v in data.items() if k != "label")
        batch.append(f'      <node id="{escape(node)}" label="{escape(data["label"])}">\n{inner}'
                     f'        <attvalues>\n{values}        </attvalues>\n      </node>\n')
        if len(batch) >= 4096:
            out.write("".join(batch).encode("utf-8"))
            batch.clear()
    batch.append("    </nodes>\n    <edges>\n")
    escaped: dict[str, str] = {}  # nodes' ids, dates: text that recurs

    def text(value: Any) -> str:
        if type(value) is not str:
            return value_text(value)
        found = escaped.get(value)
        if found is None:
            found = escaped[value] = escape(value)
        return found

    key_head = heads["networkx_key"]
    for number, (source, target, times, pairs) in enumerate(edge_rows):
        statement = escape(pairs[0][1])
        values = "".join([heads[k] + (statement if k == "statement" else text(v)) + tail for k, v in pairs])
        batch.append(f'      <edge source="{text(source)}" target="{text(target)}" id="{number}"{times}>\n'
                     f"        <attvalues>\n{values}{key_head}{statement}{tail}        </attvalues>\n      </edge>\n")
        if len(batch) >= 4096:
            out.write("".join(batch).encode("utf-8"))
            batch.clear()
    batch.append("    </edges>\n  </graph>\n</gexf>\n")
    out.write("".join(batch).encode("utf-8"))
