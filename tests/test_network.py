"""Focused networks read only the statements near the focus (kg.network.around): the views and
`kg path` must give exactly what the whole-graph network gave, on the bundled graph's actors
(all of them under KG_FULL_TESTS=1, else the most connected and a fixed sample), at every depth,
date and relation filter used here."""

import datetime as dt
import itertools
import random

import pytest

from kg.errors import InputError
from kg.names import ACTOR_KINDS, index_for
from kg.network import (
    LINEAGE,
    RELATIONS,
    NetworkTooLarge,
    around,
    connect,
    ego_graph,
    paths,
    statement_graph,
)
from kg.views import view as network_view

from .conftest import FULL, sample


@pytest.fixture(params=["oxigraph", "memory"] if FULL else ["oxigraph"])
def store_graph(request):
    """The bundled graph on disk; also in memory under KG_FULL_TESTS=1. The property tests below
    read the network many times; that the two stores give the same network is checked once
    (test_the_network_is_the_same_read_through_pyoxigraph_or_rdflib)."""
    return request.getfixturevalue("disk_graph" if request.param == "oxigraph" else "memory_graph")


def _actors(graph) -> list[str]:
    """Every actor under KG_FULL_TESTS=1; else the 12 with the most ties (where the article and
    the datasets meet) and a fixed sample of 8 others, so that the properties below stay quick
    on the bundled graph's ~200 actors."""
    index = index_for(graph)
    actors = sorted(str(e.iri) for e in index.entries.values() if e.kind in ACTOR_KINDS)
    if FULL:
        return actors
    whole = statement_graph(graph)
    by_ties = sorted(actors, key=lambda a: (-(whole.degree(a) if a in whole else 0), a))
    rest = by_ties[12:]
    return sorted(by_ties[:12] + [rest[i] for i in sorted(random.Random(0).sample(range(len(rest)), min(8, len(rest))))])


def _same(a, b) -> None:
    assert set(a.nodes) == set(b.nodes)
    assert dict(a.nodes(data=True)) == dict(b.nodes(data=True))
    assert sorted(a.edges(keys=True)) == sorted(b.edges(keys=True))
    for u, v, key, data in a.edges(keys=True, data=True):
        assert b.edges[u, v, key] == data


@pytest.mark.parametrize("depth", [0, 1, 2, 3])
def test_around_covers_every_ego_graph(store_graph, depth):
    graph = store_graph
    whole = statement_graph(graph)
    for actor in _actors(graph):
        near = around(graph, [actor], depth)
        assert actor in near
        ego = ego_graph(whole, actor, depth)
        assert set(ego.nodes) <= near
        if depth == 0:
            assert near == {actor}


@pytest.mark.parametrize("at, relations, places", [
    (None, None, True),
    (dt.date(2015, 4, 1), None, True),
    (dt.date(2016, 1, 1), {"member of", "leads"}, False),
])
@pytest.mark.parametrize("depth", [1, 2])
def test_focused_network_is_the_ego_graph_of_the_whole_network(store_graph, depth, at, relations, places):
    graph = store_graph
    whole = statement_graph(graph, at=at, relations=relations, places=places)
    for actor in _actors(graph):
        near = around(graph, [actor], depth)
        focused = ego_graph(statement_graph(graph, at=at, relations=relations, places=places, nodes=near), actor, depth)
        _same(focused, ego_graph(whole, actor, depth))


def test_view_around_a_focus_reads_only_what_is_near(graph, monkeypatch):
    """The focused view draws what the whole network's ego graph holds, and no longer asks
    the store for every statement."""
    from kg import network

    asked: list[int] = []
    original = network._edge_rows

    def counting(g, nodes):
        asked.append(-1 if nodes is None else len(nodes))
        return original(g, nodes)

    monkeypatch.setattr(network, "_edge_rows", counting)
    _, focused = network_view(graph, focus="Jaish al-Fath", depth=1)
    assert asked and -1 not in asked  # never the whole graph
    whole = statement_graph(graph)
    iri = str(index_for(graph).resolve("Jaish al-Fath").iri)
    expected = ego_graph(whole, iri, 1)
    assert set(focused.nodes) == set(expected.nodes)
    assert sorted(focused.edges(keys=True)) == sorted(expected.edges(keys=True))


@pytest.mark.parametrize("lineage", [False, True])
def test_connections_are_those_of_the_whole_network(store_graph, lineage):
    graph = store_graph
    whole = statement_graph(graph, relations=None if lineage else set(RELATIONS) - LINEAGE)
    index = index_for(graph)
    actors = _actors(graph)
    checked = 0
    pairs = sample(list(itertools.combinations(actors, 2)), 0.25)  # a fixed quarter (every pair when FULL)
    for a, b in pairs:
        for max_hops in ((2, 6) if FULL else (2, 3)):  # six hops on the bundled graph: thousands of paths a pair
            expected = paths(whole, a, b, max_hops)
            found = connect(graph, index.entry(a).label, index.entry(b).label, max_hops=max_hops, lineage=lineage)
            assert [[h.statement for h in p] for p in found.paths] == [[h.statement for h in p] for p in expected], \
                (index.entry(a), index.entry(b), max_hops)
            checked += bool(expected)
    assert checked > 10  # the bundled graph connects many pairs


def test_the_network_is_the_same_read_through_pyoxigraph_or_rdflib(memory_graph, disk_graph):
    """On an on-disk store the network's rows come straight from pyoxigraph, unsorted
    (kg.network._select); in memory through rdflib. Same nodes, edges and data, in the same
    order: the edges and their sources in the order of network-edges' ORDER BY."""
    from kg.queries import select

    on_disk, in_memory = statement_graph(disk_graph), statement_graph(memory_graph)
    _same(on_disk, in_memory)
    assert list(on_disk.nodes) == list(in_memory.nodes)
    assert list(on_disk.edges(keys=True)) == list(in_memory.edges(keys=True))
    sorted_rows = select(memory_graph, "network-edges")
    statements = list(dict.fromkeys(str(row.statement) for row in sorted_rows))
    assert sorted(key for _, _, key in on_disk.edges(keys=True)) == sorted(statements)
    ends = {str(r.statement): (str(r.actor), str(r.object)) for r in sorted_rows}
    assert list(on_disk.nodes) == list(dict.fromkeys(node for s in statements for node in ends[s]))  # added edge by edge
    for statement in statements:
        names = list(dict.fromkeys(str(r.sourceName) for r in sorted_rows if str(r.statement) == statement))
        (edge,) = [d for _, _, k, d in on_disk.edges(keys=True, data=True) if k == statement]
        assert edge["sources"] == names
        assert len(edge["source_urls"]) == len(names)


@pytest.mark.parametrize("at, relations, places", [
    (None, None, True),
    (dt.date(2015, 4, 1), None, True),
    (None, {"controls"}, True),
    (dt.date(2016, 1, 1), {"member of", "leads"}, False),
])
def test_max_nodes_refuses_exactly_the_networks_over_it(store_graph, at, relations, places):
    """statement_graph(max_nodes=N) gives the same network when it has N nodes or fewer and
    raises when it has more, with the date, relation and place filters applied."""
    graph = store_graph
    whole = statement_graph(graph, at=at, relations=relations, places=places)
    count = whole.number_of_nodes()
    assert 0 < count < statement_graph(graph).number_of_nodes() or (at, relations) == (None, None)
    _same(statement_graph(graph, at=at, relations=relations, places=places, max_nodes=count), whole)
    with pytest.raises(NetworkTooLarge, match=f"more than {count - 1:,} nodes"):
        statement_graph(graph, at=at, relations=relations, places=places, max_nodes=count - 1)


def test_max_nodes_stops_reading_once_the_network_is_known_to_be_too_large(graph, monkeypatch):
    """The whole-graph view of a large graph is refused after the rows that show it is too
    large, not after every row of the graph (minutes at 10M triples)."""
    from kg import network

    total = sum(1 for _ in network._edge_rows(graph, None))
    read: list[int] = [0]
    original = network._edge_rows

    def counting(g, nodes):
        for row in original(g, nodes):
            read[0] += 1
            yield row

    monkeypatch.setattr(network, "_edge_rows", counting)
    with pytest.raises(NetworkTooLarge):
        statement_graph(graph, max_nodes=3)
    assert 0 < read[0] < total / 2


def test_the_whole_network_view_refuses_a_graph_over_its_limit(store_graph, monkeypatch):
    from kg import views

    graph = store_graph

    count = statement_graph(graph).number_of_nodes()
    monkeypatch.setattr(views, "MAX_NODES", count - 1)
    with pytest.raises(InputError, match=f"more than {count - 1:,} nodes; a view draws at most {count - 1:,}"):
        network_view(graph)
    assert network_view(graph, focus="Jaish al-Fath", depth=1)[1].number_of_nodes() <= count - 1
