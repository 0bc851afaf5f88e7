"""The graph as a network: statements projected into networkx (for views and paths).

Nodes are actors and places (IRI strings) with ``label`` and ``kind``; each statement is one
edge from its actor to its object with ``relation``, ``start``, ``end``, ``claimant``,
``sources`` and ``statement``. ``at`` keeps the statements in force on that day.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from rdflib import Graph

from .names import KINDS, PLACE_KINDS
from .timespan import in_force, span_text

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["DIRECTED", "RELATIONS", "Hop", "ego_graph", "paths", "statement_graph"]

# relation name -> is it directed
RELATIONS: dict[str, bool] = {
    "leads": True,
    "member of": True,
    "branch of": True,
    "pledged allegiance to": True,
    "controls": True,
    "allied with": False,
    "hostile to": False,
}
DIRECTED = {name for name, directed in RELATIONS.items() if directed}


def _local(iri: Any) -> str:
    return str(iri).rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def _relation(kind: str, role: str | None, affiliation: str | None) -> str:
    if kind == "MembershipStatement":
        return "leads" if role == "Leader" else "member of"
    if kind == "AffiliationStatement":
        return "pledged allegiance to" if affiliation == "Allegiance" else "branch of"
    if kind == "ControlStatement":
        return "controls"
    if kind == "CooperationStatement":
        return "allied with"
    return "hostile to"


def _kind(types: set[str]) -> str:
    for local, name in KINDS.items():
        if local in types:
            return name
    return "other"


def _date(value: Any) -> dt.date | None:
    return None if value is None else value.toPython()


def statement_graph(
    graph: Graph,
    at: dt.date | None = None,
    relations: set[str] | None = None,
    places: bool = True,
) -> nx.MultiDiGraph:
    """Every statement (in force on ``at``, of the given ``relations``) as an edge."""
    import networkx as nx

    from .queries import select

    edges: dict[str, dict[str, Any]] = {}
    types: dict[str, set[str]] = {}
    labels: dict[str, str] = {}
    for row in select(graph, "network-edges"):
        statement = str(row.statement)
        for node, label, type_ in ((row.actor, row.actorLabel, row.actorType), (row.object, row.objectLabel, row.objectType)):
            types.setdefault(str(node), set()).add(_local(type_))
            labels[str(node)] = str(label)
        edge = edges.get(statement)
        if edge is None:
            start, end = _date(row.start), _date(row.end)
            edge = edges[statement] = {
                "statement": statement,
                "source_node": str(row.actor),
                "target_node": str(row.object),
                "relation": _relation(_local(row.kind), row.role and _local(row.role), row.affiliation and _local(row.affiliation)),
                "start": start,
                "end": end,
                "span": span_text(start, end, end_bound=row.endBound and _local(row.endBound), attested=_date(row.attested)),
                "attested": _date(row.attested),
                "claimant": None if row.claimantLabel is None else str(row.claimantLabel),
                "sources": [],
            }
        if str(row.sourceName) not in edge["sources"]:
            edge["sources"].append(str(row.sourceName))

    network = nx.MultiDiGraph()
    for data in edges.values():
        if relations and data["relation"] not in relations:
            continue
        if not in_force(data["start"], data["end"], at, data["attested"]):
            continue
        source, target = data["source_node"], data["target_node"]
        if not places and (_kind(types[target]) in PLACE_KINDS or _kind(types[source]) in PLACE_KINDS):
            continue
        for node in (source, target):
            if node not in network:
                network.add_node(node, label=labels[node], kind=_kind(types[node]))
        network.add_edge(source, target, key=data["statement"], **{k: v for k, v in data.items() if k not in ("source_node", "target_node")})
    return network


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


def paths(network: nx.MultiDiGraph, a: str, b: str, max_hops: int = 6) -> list[list[Hop]]:
    """All shortest connections between ``a`` and ``b`` (IRIs), at most ``max_hops`` long,
    each as hops with the statement behind them (one path per statement choice)."""
    import itertools

    import networkx as nx

    undirected = nx.Graph(network.to_undirected(as_view=True))
    if a not in undirected or b not in undirected:
        return []
    try:
        node_paths = list(itertools.islice(nx.all_shortest_paths(undirected, a, b), 20))
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
                        )
                    )
            choices.append(hops)
        for combo in itertools.product(*choices):
            result.append(list(combo))
    return result
