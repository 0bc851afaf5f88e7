"""The graph as a network: statements projected into networkx (for views and paths).

Nodes are actors and places (IRI strings) with ``label`` and ``kind``; each statement is one
edge from its actor to its object with ``relation``, ``start``, ``end``, ``span``, ``bounds``
(its derived certain and possible span), ``claimant``, ``sources``, ``source_urls`` and
``statement``. ``at`` keeps the statements in force or possibly in force on that day, each
edge with its ``certainty``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .errors import InputError
from .names import KINDS, PLACE_KINDS
from .queries import local_name, term_date
from .tabular import Table
from .timespan import NOT_IN_FORCE, Bounds, in_force, reason, reported, span_text
from .vocabulary import RELATIONS as _VOCABULARY
from .vocabulary import relation as _relation_of

if TYPE_CHECKING:
    import networkx as nx
    from rdflib import Graph

__all__ = ["DIRECTED", "LINEAGE", "RELATIONS", "Connection", "Hop", "NetworkTooLarge", "around", "connect", "ego_graph", "node_kind", "paths",
           "statement_graph"]

# relation name -> is it directed (kg.vocabulary has the words)
RELATIONS: dict[str, bool] = {r.word: r.directed for r in _VOCABULARY}
DIRECTED = {name for name, directed in RELATIONS.items() if directed}
LINEAGE = {r.word for r in _VOCABULARY if r.kind == "LineageStatement"}


def node_kind(types: set[str]) -> str:
    """The kind word of a node with these kg: class local names (kg.vocabulary.KINDS' order), or "other"."""
    for local, name in KINDS.items():
        if local in types:
            return name
    return "other"


_NEIGHBOURS = """
PREFIX kg: <https://w3id.org/armed-groups-kg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT DISTINCT ?node WHERE {
  { ?statement kg:actor ?from ; kg:object ?node } UNION { ?statement kg:object ?from ; kg:actor ?node }
  ?statement a ?kind . ?kind rdfs:subClassOf kg:Statement .
}"""
_CHUNK = 500  # resources in one VALUES block


def _chunks(items: set[str]) -> list[list[str]]:
    ordered = sorted(items)
    return [ordered[i:i + _CHUNK] for i in range(0, len(ordered), _CHUNK)]


def around(graph: Graph, starts: list[str], depth: int) -> set[str]:
    """Every actor and place within ``depth`` hops of ``starts`` (IRIs) over the statements,
    followed either way, whatever their dates and relations: a superset of the nodes of any
    ego graph of that depth, found with one indexed query a hop instead of reading every
    statement of the graph."""
    from .sparqltext import with_iris

    seen, frontier = set(starts), set(starts)
    for _ in range(depth):
        found: set[str] = set()
        for chunk in _chunks(frontier):
            found.update(str(row[0]) for row in _select(graph, with_iris(_NEIGHBOURS, "from", chunk)))
        frontier = found - seen
        seen |= found
        if not frontier:
            break
    return seen


def _select(graph: Graph, text: str) -> Any:
    """The rows of the SELECT ``text`` (kg.reader.rows_of_text: on an on-disk store straight
    from pyoxigraph)."""
    from .reader import rows_of_text

    return rows_of_text(graph, text)


def _table_rows(table: Any, nodes: set[str] | None) -> Any:
    """The rows of the edge table ``table`` as tuples of kg.reader's terms (in network-edges'
    SELECT order); with ``nodes``, those of the statements between two of them."""
    from .edges import Terms, read, read_columns
    from .reader import reader_terms

    if nodes is None:  # the whole table: a block and a column at a time (kg.edges.result_of)
        for columns in read_columns(table, reader_terms()):
            yield from zip(*columns)
        return
    term = Terms(reader_terms()).__getitem__
    for cells in read(table, sorted(nodes)):
        row = tuple(map(term, cells))
        if row[5] in nodes:  # the object: an IRI as its text
            yield row


def _edge_rows(graph: Graph, nodes: set[str] | None) -> Any:
    """The rows of network-edges, in no particular order (:func:`statement_graph` orders
    the edges): all of them, or (``nodes``) those of the statements between two of these
    nodes, queried from their actors."""
    from .edges import table_of
    from .queries import get_query
    from .sparqltext import with_iris, without_order

    table = table_of(graph)
    if table is not None:  # an on-disk generation's edge table (kg.edges): the same rows, read in seconds
        yield from _table_rows(table, nodes)
        return
    text = get_query("network-edges").text
    if nodes is None:  # sorted by statement_graph: the store's sort took over half the time
        yield from _select(graph, without_order(text))
        return
    for chunk in _chunks(nodes):
        for row in _select(graph, with_iris(text, "actor", chunk)):
            if str(row.object) in nodes:  # type: ignore[union-attr]
                yield row


def statement_graph(
    graph: Graph,
    at: dt.date | None = None,
    relations: set[str] | None = None,
    places: bool = True,
    nodes: set[str] | None = None,
    max_nodes: int | None = None,
) -> nx.MultiDiGraph:
    """Every statement (in force on ``at``, of the given ``relations``) as an edge; with
    ``nodes`` (IRIs, e.g. from :func:`around`), only the statements between two of them.
    With ``max_nodes``, raises :class:`NetworkTooLarge` as soon as the statements read so far
    give the network more nodes than that, instead of reading the rest (minutes at 10M
    triples); with ``places`` False, once the whole network is read."""
    from .collector import paused

    with paused():  # half a million rows and edges kept, no cycles among them (kg.collector)
        return _statement_graph(graph, at, relations, places, nodes, max_nodes)


def _statement_graph(graph: Graph, at: dt.date | None, relations: set[str] | None, places: bool,
                     nodes: set[str] | None, max_nodes: int | None) -> nx.MultiDiGraph:
    import networkx as nx

    edges: dict[str, dict[str, Any]] = {}
    types: dict[str, set[str]] = {}
    labels: dict[str, str] = {}
    kept: set[str] = set()  # the nodes of the edges kept so far, for max_nodes
    names: dict[Any, str | None] = {None: None}  # local_name of each IRI seen (few: kinds, types, precisions)
    days: dict[Any, dt.date | None] = {None: None}  # term_date of each literal seen (dates repeat)

    def name(term: Any) -> str | None:
        found = names.get(term, "")
        if found == "":
            found = names[term] = local_name(term)
        return found

    def day(term: Any) -> dt.date | None:
        key = term if term is None else (type(term), term, getattr(term, "datatype", None))  # "2015" a date, a year
        if key not in days:
            days[key] = term_date(term)
        return days[key]

    for row in _edge_rows(graph, nodes):
        # network-edges' columns, in the order of its SELECT (kg.edges.VARIABLES), on every path
        (statement_term, kind, actor, actor_label, actor_type, obj, object_label, object_type, qualifier, start_term,
         start_precision, start_bound, end_term, end_precision, end_bound, attested_term, certain_from, certain_until,
         possible_from, possible_until, claimant, end_claimant, source_name, source_url) = row
        statement = str(statement_term)
        for node, label, type_ in ((actor, actor_label, actor_type), (obj, object_label, object_type)):
            types.setdefault(str(node), set()).add(name(type_) or "")
            labels[str(node)] = str(label)
        edge = edges.get(statement)
        if edge is None:
            start, end, attested = day(start_term), day(end_term), day(attested_term)
            edge = edges[statement] = {
                "statement": statement,
                "source_node": str(actor),
                "target_node": str(obj),
                "relation": _relation_of(name(kind) or "", name(qualifier)).word,
                "start": start,
                "end": end,
                "span": span_text(start, end, start_precision=start_precision and name(start_precision),
                                  end_precision=end_precision and name(end_precision),
                                  start_bound=start_bound and name(start_bound),
                                  end_bound=end_bound and name(end_bound), attested=attested),
                "attested": attested,
                "start_precision": name(start_precision), "start_bound": name(start_bound),
                "end_precision": name(end_precision), "end_bound": name(end_bound),
                "bounds": Bounds.read(day(certain_from), day(certain_until), day(possible_from), day(possible_until)),
                "claimant": None if claimant is None else str(claimant),
                "end_claimant": None if end_claimant is None else str(end_claimant),
                "sources": [],
                "source_urls": [],
            }
            # an edge's relation and dates come from its first row, so whether it is kept is
            # known now (except when places are left out: a node's kind needs all its rows)
            if max_nodes is not None and places and _keeps(edge, relations, at):
                kept.update((edge["source_node"], edge["target_node"]))
                if len(kept) > max_nodes:
                    raise NetworkTooLarge(max_nodes)
        if str(source_name) not in edge["sources"]:
            edge["sources"].append(str(source_name))
            edge["source_urls"].append(None if source_url is None else str(source_url))

    network = nx.MultiDiGraph()
    for statement in sorted(edges):  # network-edges' ORDER BY ?statement ?sourceName, made here
        data = edges[statement]
        if not _keeps(data, relations, at):
            continue
        ordered = sorted(zip(data["sources"], data["source_urls"]), key=lambda source: source[0])
        data["sources"], data["source_urls"] = [name for name, _ in ordered], [url for _, url in ordered]
        data["certainty"] = in_force(data["bounds"], at)
        if at is not None:  # why only possibly, from the statement's own dates (its rivals: kg ties)
            data["reason"] = reason(data["bounds"], at, start=data["start"], end=data["end"],
                                    start_precision=data["start_precision"], end_precision=data["end_precision"],
                                    start_bound=data["start_bound"], end_bound=data["end_bound"])
        source, target = data["source_node"], data["target_node"]
        if not places and (node_kind(types[target]) in PLACE_KINDS or node_kind(types[source]) in PLACE_KINDS):
            continue
        for node in (source, target):
            if node not in network:
                network.add_node(node, label=labels[node], kind=node_kind(types[node]))
        network.add_edge(source, target, key=data["statement"], **{k: v for k, v in data.items() if k not in ("source_node", "target_node")})
    if max_nodes is not None and network.number_of_nodes() > max_nodes:
        raise NetworkTooLarge(max_nodes)
    return network


def _keeps(edge: dict[str, Any], relations: set[str] | None, at: dt.date | None) -> bool:
    """Whether the network keeps ``edge``: of the ``relations`` asked for (all if none), and
    in force or possibly in force on ``at`` (any day if none)."""
    return not (relations and edge["relation"] not in relations) and in_force(edge["bounds"], at) != NOT_IN_FORCE


class NetworkTooLarge(InputError):
    """The network has more nodes than :func:`statement_graph`'s ``max_nodes``."""

    def __init__(self, limit: int):
        super().__init__(f"the network has more than {limit:,} nodes")
        self.limit = limit


def ego_graph(network: nx.MultiDiGraph, focus: str, depth: int) -> nx.MultiDiGraph:
    """The part of ``network`` within ``depth`` hops of ``focus``, edges followed either way."""
    import networkx as nx

    if focus not in network:
        return nx.MultiDiGraph()
    near = nx.single_source_shortest_path_length(network.to_undirected(as_view=True), focus, cutoff=depth)
    return network.subgraph(near).copy()


@dataclass
class Hop:
    source: str  # label of the node the hop leaves
    relation: str  # read from the statement's actor to its object
    target: str
    forward: bool  # True when the hop follows the statement's direction
    span: str
    claimant: str | None
    sources: list[str]
    statement: str
    certainty: str | None = None  # on the day asked: "in force" or "possibly in force"
    end_claimant: str | None = None
    first_reported: dt.date | None = None  # the first and last day a source reports it held
    last_reported: dt.date | None = None
    reason: str | None = None  # on the day asked: why only possibly (kg.timespan.reason)


@dataclass
class Connection(Table):
    """The shortest connections between two actors (``paths`` is empty when there is none)."""

    source: str
    target: str
    at: dt.date | None
    max_hops: int
    lineage: bool
    paths: list[list[Hop]]
    notes: list[str] = field(default_factory=list)  # how a name matched, when by spelling or prefix

    def as_dict(self) -> dict[str, Any]:
        return {"from": self.source, "to": self.target, "at": self.at and self.at.isoformat(),
                "lineage": self.lineage, "paths": [[_hop_record(h) for h in p] for p in self.paths]} | (
                    {"notes": self.notes} if self.notes else {})

    def records(self) -> list[dict[str, Any]]:
        """One row a hop, numbered by path and hop."""
        return [dict(_hop_record(hop), path=number, hop=step) for number, hops in enumerate(self.paths, start=1)
                for step, hop in enumerate(hops, start=1)]


def _hop_record(hop: Hop) -> dict[str, Any]:
    from dataclasses import asdict

    return {k: v.isoformat() if isinstance(v, dt.date) else v for k, v in asdict(hop).items()}


def connect(graph: Graph, a: str, b: str, *, at: dt.date | None = None, max_hops: int = 6,
            lineage: bool = False) -> Connection:
    """How the actors called ``a`` and ``b`` are connected: every shortest chain of ties (in
    force or possibly in force on ``at``), each hop with its statement. Renamings, splits,
    mergers and successions are followed only with ``lineage``: that X split from Y is no tie
    between them on later days."""
    from .names import index_for

    index = index_for(graph)
    first, second = index.resolve(a), index.resolve(b)
    relations = None if lineage else set(RELATIONS) - LINEAGE
    # every node of a shortest connection of at most max_hops lies within half of that of one end
    reach = (max_hops + 1) // 2
    near = around(graph, [str(first.iri)], reach) | around(graph, [str(second.iri)], reach)
    network = statement_graph(graph, at=at, relations=relations, nodes=near)
    return Connection(first.label, second.label, at, max_hops, lineage,
                      paths(network, str(first.iri), str(second.iri), max_hops),
                      [e.note for e in (first, second) if e.note])


def paths(network: nx.MultiDiGraph, a: str, b: str, max_hops: int = 6) -> list[list[Hop]]:
    """All shortest connections between ``a`` and ``b`` (IRIs), at most ``max_hops`` long,
    each as hops with the statement behind them (one path per statement choice)."""
    import itertools

    import networkx as nx

    undirected = nx.Graph(network.to_undirected(as_view=True))
    if a not in undirected or b not in undirected:
        return []
    try:
        node_paths = sorted(itertools.islice(nx.all_shortest_paths(undirected, a, b), 20))
    except nx.NetworkXNoPath:
        return []
    result = []
    for nodes in node_paths:
        if len(nodes) - 1 > max_hops:
            continue
        choices = []
        for left, right in itertools.pairwise(nodes):
            hops = []
            for u, v, forward in ((left, right, True), (right, left, False)):
                for data in (network.get_edge_data(u, v) or {}).values():
                    hops.append(
                        Hop(
                            network.nodes[left]["label"],
                            data["relation"],
                            network.nodes[right]["label"],
                            forward,
                            data["span"],
                            data["claimant"],
                            data["sources"],
                            data["statement"],
                            data.get("certainty"),
                            data.get("end_claimant"),
                            *reported(data["bounds"]),
                            data.get("reason"),
                        )
                    )
            choices.append(sorted(hops, key=lambda h: h.statement))  # parallel statements in one order, however read
        for combo in itertools.product(*choices):
            result.append(list(combo))
    return result
