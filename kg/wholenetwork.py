"""The whole network as GEXF or GraphML straight from the edge table (kg.edges), without networkx.

``kg export --format gexf`` (or ``graphml``) of an on-disk store: the document that
kg.network.statement_graph, kg.maps.network_coordinates and kg.views.export_network give
through kg.gexf (or networkx's write_graphml), byte for byte (tests/test_wholenetwork.py
compares them), made from the table's numbered cells instead of a
networkx graph of half a million edges and a dict of attributes for each. The work goes a
column at a time: what a cell means (its text, date, local name) is worked out once for each
distinct cell, each attribute's lines are made for every edge in one pass, and an edge is a
join of its lines. What only the networkx path's functions know (a span's text, a statement's
relation, a node's kind) comes from those functions.

The order is networkx's: the statements sorted by their text, each adding its actor and its
object as nodes when first met; the edges a node at a time (in that order), then by their
object in the order first met, then by statement. A node's label is the last its rows give
and its kind comes from every class its rows give, as statement_graph has them; an edge's
sources are its distinct source names, sorted, each with the URL of its first row.
"""

from __future__ import annotations

import array
import datetime as dt
import io
import itertools
import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from .edgerows import SEP, VARIABLES
from .gexf import EDGE_OWN, NODE_OWN, SPECIAL, declare, escape, head, value_text
from .network import node_kind
from .queries import local_name, term_date
from .tabular import cell_text
from .timespan import EARLIEST, LATEST, span_text
from .vocabulary import relation

if TYPE_CHECKING:
    from rdflib import Graph

__all__ = ["gexf", "graphml"]

_V = {name: i for i, name in enumerate(VARIABLES)}
_OPEN = (EARLIEST, LATEST)  # an unbounded side: left out
_DAY = dt.timedelta(days=1)
# an edge's attributes as export_network gives them, in its order (each where it has a value)
_SLOTS = ("statement", "relation", "from", "until", "span", "attested", "claimant", "end_claimant", "sources",
          "source_urls", "certainFrom", "certainUntil", "possibleFrom", "possibleUntil")
_TAIL = '" />\n'


def gexf(graph: Graph) -> bytes | None:
    """The whole network of ``graph`` as ``kg export --format gexf`` writes it, read from its
    edge table; None where there is none (memory and remote stores)."""
    return _document(graph, _write)


def graphml(graph: Graph) -> bytes | None:
    """The whole network of ``graph`` as ``kg export --format graphml`` writes it (networkx's
    write_graphml of export_network's graph), read from its edge table; None where there is none."""
    return _document(graph, _write_graphml)


def _document(graph: Graph, write: Callable[[_Network, dict[str, tuple[float, float]], Any], None]) -> bytes | None:
    from concurrent.futures import ThreadPoolExecutor

    from .collector import paused
    from .edges import table_of
    from .maps import coordinate_rows, network_coordinates

    table = table_of(graph)
    if table is None:
        return None
    with paused(), ThreadPoolExecutor(1, "kg-coordinates") as pool:  # many strings and tuples, no cycles
        # the store's coordinates are read while the table is: Oxigraph evaluates the query
        # without Python's lock (seconds at 10M triples)
        rows = pool.submit(coordinate_rows, graph)
        network = _Network(table)
        coordinates = network_coordinates(graph, network.nodes, rows.result())
        out = io.BytesIO()
        write(network, coordinates, out)
    return out.getvalue()


def _text(cell: str | None) -> str:
    """``str()`` of the term kg.reader makes of ``cell``: an IRI's or blank node's text, a
    literal's lexical form ("None" for unbound, as str(None))."""
    if cell is None:
        return "None"
    if cell[0] in "<_":
        return cell[1:]
    return cell.split(SEP, 1)[1]


class _Network:
    """The table read as statement_graph reads it: ``columns`` (every row's cell numbers, a
    column a VARIABLES name), ``nodes`` ({node: (last label's number, its classes' numbers)}
    in networkx's order), ``edges`` (each edge's first row, in networkx's order), ``sources``
    ({statement: [(name, url)]}, sorted by name)."""

    def __init__(self, table: Path):
        from .edges import read_numbers

        width = len(VARIABLES)
        columns = [array.array("I") for _ in range(width)]
        cells: list[str | None] = [None]
        for cells, count, numbers in read_numbers(table):
            for i in range(width):
                columns[i].extend(numbers[i * count:(i + 1) * count])
        self.cells, self.columns = cells, dict(zip(VARIABLES, columns))
        self.texts = texts = list(map(_text, cells))
        text = texts.__getitem__
        statements = list(map(text, columns[_V["statement"]]))
        actors, objects = list(map(text, columns[_V["actor"]])), list(map(text, columns[_V["object"]]))
        # a row's actor, then its object: each node's label is the last given, its classes all given
        both = list(itertools.chain.from_iterable(zip(actors, objects)))
        labels = dict(zip(both, itertools.chain.from_iterable(zip(columns[_V["actorLabel"]], columns[_V["objectLabel"]]))))
        classes: dict[str, set[int]] = {}
        for node, kind in set(zip(both, itertools.chain.from_iterable(zip(columns[_V["actorType"]],
                                                                            columns[_V["objectType"]])))):
            classes.setdefault(node, set()).add(kind)
        # each statement's first row; its sources: each name once, with its first row's URL
        count = len(statements)
        first = dict(zip(reversed(statements), range(count - 1, -1, -1)))
        names = list(map(text, columns[_V["sourceName"]]))
        urls = list(map(text, columns[_V["sourceUrl"]]))  # a missing one as "None": str(None), as export_network writes it
        sources: dict[str, list[tuple[str, str]]] = {}
        for (statement, name), url in dict(zip(zip(reversed(statements), reversed(names)), reversed(urls))).items():
            sources.setdefault(statement, []).append((name, url))
        for found in sources.values():
            if len(found) > 1:
                found.sort(key=lambda pair: pair[0])
        # networkx's order: the statements sorted, each adding its actor and object when first met
        nodes: dict[str, tuple[int, set[int]]] = {}
        adjacency: dict[str, dict[str, list[int]]] = {}
        for statement in sorted(first):
            row = first[statement]
            source, target = actors[row], objects[row]
            if source not in nodes:
                nodes[source] = (labels[source], classes[source])
            if target not in nodes:
                nodes[target] = (labels[target], classes[target])
            adjacency.setdefault(source, {}).setdefault(target, []).append(row)
        self.nodes, self.sources = nodes, sources
        self.edges = [row for node in nodes for rows in adjacency.get(node, {}).values() for row in rows]
        self.statements = [statements[row] for row in self.edges]
        self.actors, self.objects = [actors[row] for row in self.edges], [objects[row] for row in self.edges]

    def column(self, name: str) -> list[int]:
        """The edges' cells (numbers) in the column ``name``."""
        return list(map(self.columns[name].__getitem__, self.edges))

    def each(self, name: str, make: Callable[[int], Any]) -> list[Any]:
        """``make`` of each edge's cell in the column ``name``, made once for each distinct cell."""
        numbers = self.column(name)
        made = {number: make(number) for number in set(numbers)}
        return list(map(made.__getitem__, numbers))


def _edge_values(network: _Network) -> tuple[list[list[str]], list[list[Any]]]:
    """The edges' GEXF start and end (two columns of text for the element) and their
    attributes' values as export_network gives them (a column for each of _SLOTS, None where it
    leaves one out)."""
    term = _terms(network.cells)
    names: dict[int, str | None] = {0: None}

    def name(number: int) -> str | None:
        found = names.get(number, "")
        if found == "":
            found = names[number] = local_name(term(number))
        return found

    days: dict[int, Any] = {0: None}  # a day recurs in several columns

    def day(number: int) -> Any:
        found = days.get(number, days)
        if found is days:
            found = days[number] = term_date(term(number))
        return found

    def qualifier(number: int) -> Any:  # `term and name(term)`, as statement_graph passes them
        return term(number) and name(number)

    def plain(number: int) -> Any:  # a day as export_network writes it: bool, int, float, str as they are
        value = day(number)
        return None if value is None else value if isinstance(value, (bool, int, float, str)) else cell_text(value)

    def text(number: int) -> str | None:
        return None if number == 0 else network.texts[number]

    each = network.each
    starts, ends, attested = each("start", day), each("end", day), each("attested", day)
    kinds, qualifiers = network.column("kind"), network.column("qualifier")
    words: dict[tuple[int, int], str] = {}
    for pair in set(zip(kinds, qualifiers)):
        words[pair] = relation(name(pair[0]) or "", name(pair[1])).word
    relations = list(map(words.__getitem__, zip(kinds, qualifiers)))
    spans = list(map(lambda start, end, sp, ep, sb, eb, at: span_text(
        start, end, start_precision=sp, end_precision=ep, start_bound=sb, end_bound=eb, attested=at),
        starts, ends, each("startPrecision", qualifier), each("endPrecision", qualifier),
        each("startBound", qualifier), each("endBound", qualifier), attested))
    froms = [None if start is None else value for start, value in zip(starts, each("start", plain))]
    untils = [None if end is None else value for end, value in zip(ends, each("end", plain))]
    attesteds = [None if at is None else value for at, value in zip(attested, each("attested", plain))]
    sources = list(map(network.sources.__getitem__, network.statements))
    # cell_text of the lists: each joined with "; " (a missing URL as "None", as str(None))
    source_names = [found[0][0] if len(found) == 1 else "; ".join(name for name, _ in found) for found in sources]
    source_urls = [found[0][1] if len(found) == 1 else "; ".join(url for _, url in found) for found in sources]
    isos: dict[dt.date, str] = {}

    def iso(value: dt.date) -> str:
        found = isos.get(value)
        if found is None:
            found = isos[value] = value.isoformat()
        return found

    # kg.timespan.Bounds.read, then export_network's GEXF start and end (the possible span, its
    # end inclusive, each where bounded) and kg.pages.open_bounds (an open side left out, and the
    # certain dates where the certain span is empty)
    def possibly_from(number: int) -> tuple[str, str | None]:
        value = day(number) or EARLIEST
        return ("" if value == EARLIEST else f' start="{iso(value)}"', None if value in _OPEN else iso(value))

    def possibly_until(number: int) -> tuple[str, str | None]:
        value = day(number) or LATEST
        return ("" if value == LATEST else f' end="{iso(value - _DAY)}"', None if value in _OPEN else iso(value))

    if not network.edges:
        return [[], []], [[] for _ in _SLOTS]
    starts_, possible_from = zip(*each("possibleFrom", possibly_from))
    ends_, possible_until = zip(*each("possibleUntil", possibly_until))
    certain = list(zip(each("certainFrom", day), each("certainUntil", day)))
    certain_from = [None if f is None or u is None or f >= u or f in _OPEN else iso(f) for f, u in certain]
    certain_until = [None if f is None or u is None or f >= u or u in _OPEN else iso(u) for f, u in certain]
    columns = [network.statements, relations, froms, untils, spans, attesteds, each("claimantLabel", text),
               each("endClaimantLabel", text), source_names, source_urls, certain_from, certain_until,
               list(possible_from), list(possible_until)]
    return [list(starts_), list(ends_)], cast("list[list[Any]]", columns)


def _terms(cells: list[str | None]) -> Callable[[int], Any]:
    from .reader import reader_terms

    make = reader_terms()
    return lambda number: make(cells[number])


def _lines(heads: dict[str, str], key: str, values: list[Any]) -> list[str]:
    """The attvalue line of ``key`` for each value ("" where None), escaped only when some need it."""
    start = heads.get(key)
    if start is None:  # never declared: no edge has a value
        return [""] * len(values)
    if set(map(type, values)) <= {str, type(None)} and SPECIAL.search("".join(filter(None, values))) is None:
        return [start + v + _TAIL if v is not None else "" for v in values]
    return [start + value_text(v) + _TAIL if v is not None else "" for v in values]


def _node_rows(network: _Network, coordinates: dict[str, tuple[float, float]]) -> list[tuple[str, dict[str, Any]]]:
    """Each node's data as export_network has it: label, kind, latitude, longitude."""
    term = _terms(network.cells)
    kinds: dict[frozenset[int], str] = {}
    rows = []
    for node, (label, classes) in network.nodes.items():
        key = frozenset(classes)
        kind = kinds.get(key)
        if kind is None:
            kind = kinds[key] = node_kind({local_name(term(c)) or "" for c in classes})
        data: dict[str, Any] = {"label": network.texts[label], "kind": kind}
        if node in coordinates:
            data["latitude"], data["longitude"] = coordinates[node]
        rows.append((node, data))
    return rows


def _first_shapes(columns: list[list[Any]]) -> list[int]:
    """The first edge of each shape of the edges' values (which attributes they have, of which
    types), in the edges' order: what a writer declares its attributes from."""
    shapes = list(zip(*[list(map(type, column)) for column in columns]))
    return sorted(dict(zip(reversed(shapes), range(len(shapes) - 1, -1, -1))).values())


def _write(network: _Network, coordinates: dict[str, tuple[float, float]], out: Any) -> None:
    node_rows = _node_rows(network, coordinates)
    node_attributes: dict[str, tuple[str, str]] = dict.fromkeys(NODE_OWN, ("", ""))
    for _, data in node_rows:
        declare(node_attributes, data, NODE_OWN)
    (starts, ends), columns = _edge_values(network)
    count = len(starts)
    # each edge's attributes declared as gexf.write declares them, each shape at its first edge
    edge_attributes: dict[str, tuple[str, str]] = dict.fromkeys(EDGE_OWN, ("", ""))
    for edge in _first_shapes(columns):
        values = [column[edge] for column in columns]
        declare(edge_attributes, {k: v for k, v in zip(_SLOTS, values) if v is not None}, EDGE_OWN)
        declare(edge_attributes, {"networkx_key": values[0]}, EDGE_OWN)
    timeformat = "date" if any(starts) or any(ends) else None
    document, node_attributes, edge_attributes = head(
        {k: v for k, v in node_attributes.items() if k not in NODE_OWN},
        {k: v for k, v in edge_attributes.items() if k not in EDGE_OWN}, timeformat)
    heads = {k: f'          <attvalue for="{i}" value="' for k, (i, _) in {**node_attributes, **edge_attributes}.items()}
    out.write(document.encode("utf-8"))
    batch: list[str] = ["    <nodes>\n"]
    for node, data in node_rows:
        inner = ""
        if "latitude" in data:
            inner = f'        <viz:position x="{data["longitude"]}" y="{data["latitude"]}" z="0.0" />\n'
        lines = "".join(heads[k] + value_text(v) + _TAIL for k, v in data.items() if k != "label")
        batch.append(f'      <node id="{escape(node)}" label="{escape(data["label"])}">\n{inner}'
                     f'        <attvalues>\n{lines}        </attvalues>\n      </node>\n')
    batch.append("    </nodes>\n    <edges>\n")
    out.write("".join(batch).encode("utf-8"))
    # an edge: <edge source="S" target="T" id="N" start=.. end=..>, its attvalues, its key
    sources = {node: f'      <edge source="{escape(node)}" target="' for node in dict.fromkeys(network.actors)}
    targets = {node: f'{escape(node)}" id="' for node in dict.fromkeys(network.objects)}
    parts: list[Any] = [list(map(sources.__getitem__, network.actors)), list(map(targets.__getitem__, network.objects)),
             list(map(str, range(count))), itertools.repeat('"'), starts, ends,
             itertools.repeat(">\n        <attvalues>\n")]
    columns_lines = [_lines(heads, key, column) for key, column in zip(_SLOTS, columns)]
    keys = [line.replace(heads["statement"], heads["networkx_key"], 1) for line in columns_lines[0]] if count else []
    parts += [*columns_lines, keys, itertools.repeat("        </attvalues>\n      </edge>\n")]
    _write_edges(out, parts, count)
    out.write(b"    </edges>\n  </graph>\n</gexf>\n")


def _write_edges(out: Any, parts: list[Any], count: int) -> None:
    """Each edge's element, the join of its pieces: one list of ``count`` texts a piece, or a
    piece repeated for every edge (an ``itertools.repeat``), written 8,192 edges at a time."""
    step = 8192
    for first in range(0, count, step):
        part = [p if isinstance(p, itertools.repeat) else p[first:first + step] for p in parts]  # zip: to the shortest
        out.write("".join(itertools.chain.from_iterable(zip(*part))).encode("utf-8"))


_GRAPHML_SLOTS = ("statement", "relation", "start", "end", *_SLOTS[4:])  # kg's start and end under their names
_CDATA = re.compile("[&<>]")


def _cdata(text: str) -> str:
    """``text`` as an element's text (as ElementTree escapes it)."""
    if _CDATA.search(text) is None:
        return text
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _write_graphml(network: _Network, coordinates: dict[str, tuple[float, float]], out: Any) -> None:
    """The document networkx's write_graphml gives: a key for each (attribute, type, class) as
    first met, nodes first, numbered d0, d1, ... and listed last first; each node's data, each
    edge with its key as its id."""
    from networkx.readwrite.graphml import GraphMLWriter

    xml_type = GraphMLWriter().get_xml_type
    keys: dict[tuple[str, type, str], str] = {}
    elements: list[str] = []

    def key(name: str, kind: type, scope: str) -> str:
        found = keys.get((name, kind, scope))
        if found is None:
            found = keys[name, kind, scope] = f"d{len(keys)}"
            elements.append(f'  <key id="{found}" for="{scope}" attr.name="{escape(name)}" '
                            f'attr.type="{xml_type(kind)}" />\n')
        return found

    node_rows = _node_rows(network, coordinates)
    for _, data in node_rows:
        for name, value in data.items():
            key(name, type(value), "node")
    _, columns = _edge_values(network)
    count = len(network.edges)
    for edge in _first_shapes(columns):
        for name, column in zip(_GRAPHML_SLOTS, columns):
            if column[edge] is not None:
                key(name, type(column[edge]), "edge")
    head = ("<?xml version='1.0' encoding='utf-8'?>\n"
            '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
            'xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns '
            'http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">\n')
    out.write((head + "".join(reversed(elements))).encode("utf-8"))
    if not node_rows:
        out.write(b'  <graph edgedefault="directed" />\n</graphml>\n')
        return
    batch = ['  <graph edgedefault="directed">\n']
    for node, data in node_rows:
        lines = "".join(f'      <data key="{keys[name, type(value), "node"]}">{_cdata(str(value))}</data>\n'
                        for name, value in data.items())
        batch.append(f'    <node id="{escape(node)}">\n{lines}    </node>\n')
    out.write("".join(batch).encode("utf-8"))

    def lines_of(name: str, column: list[Any]) -> list[str]:
        kinds = set(map(type, column)) - {type(None)}
        if not kinds:
            return [""] * count
        if kinds == {str}:
            start = f'      <data key="{keys[name, str, "edge"]}">'
            if _CDATA.search("".join(filter(None, column))) is None:
                return ["" if v is None else start + v + "</data>\n" for v in column]
            return ["" if v is None else start + _cdata(v) + "</data>\n" for v in column]
        return ["" if v is None else f'      <data key="{keys[name, type(v), "edge"]}">{_cdata(str(v))}</data>\n'
                for v in column]

    sources = {node: f'    <edge source="{escape(node)}" target="' for node in dict.fromkeys(network.actors)}
    targets = {node: f'{escape(node)}" id="' for node in dict.fromkeys(network.objects)}
    parts: list[Any] = [list(map(sources.__getitem__, network.actors)), list(map(targets.__getitem__, network.objects)),
                        list(map(escape, network.statements)), itertools.repeat('">\n')]
    parts += [lines_of(name, column) for name, column in zip(_GRAPHML_SLOTS, columns)]
    parts.append(itertools.repeat("    </edge>\n"))
    _write_edges(out, parts, count)
    out.write(b"  </graph>\n</graphml>\n")
