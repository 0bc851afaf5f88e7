"""kg.gexf, the GEXF writer of kg export: the document networkx's own writer gives, read back by
networkx.read_gexf as the same graph, and valid XML."""

from __future__ import annotations

import io
import math
import xml.etree.ElementTree as ET

import networkx as nx
import pytest

from kg import gexf


def _networkx_written(nodes, edges) -> bytes:
    graph = nx.MultiDiGraph()
    graph.add_nodes_from(nodes)
    graph.add_edges_from(edges)
    buffer = io.BytesIO()
    nx.write_gexf(graph, buffer)
    return buffer.getvalue()


def _ours(nodes, edges) -> bytes:
    buffer = io.BytesIO()
    gexf.write(nodes, edges, buffer)
    return buffer.getvalue()


def _shape(document: bytes):
    graph = nx.read_gexf(io.BytesIO(document))  # a DiGraph when no two edges join the same nodes
    edges = graph.edges(keys=True, data=True) if graph.is_multigraph() else graph.edges(data=True)
    return type(graph), dict(graph.graph), sorted(graph.nodes(data=True), key=repr), sorted(edges, key=repr)


def _declared(document: bytes) -> list:
    root = ET.fromstring(document)
    return [(a.get("class"), a.get("mode"), [(x.get("id"), x.get("title"), x.get("type")) for x in a])
            for a in root.iter("{http://www.gexf.net/1.2draft}attributes")]


def test_the_bundled_network_reads_back_as_networkx_writes_it(disk_store, monkeypatch):
    """kg export --format gexf of the bundled graph as written from a networkx graph (a memory or
    remote store; an on-disk store's is the same document, tests/test_wholenetwork.py) against
    the same export through networkx."""
    from kg.maps import network_coordinates
    from kg.network import statement_graph
    from kg.store import open_graph
    from kg.views import export_network

    graph = open_graph(disk_store)
    network = statement_graph(graph)
    for place, (lat, lon) in network_coordinates(graph, network).items():
        network.nodes[place].update(latitude=lat, longitude=lon)
    written = {}

    def keep(nodes, edges, out):
        written["args"] = (list(nodes), list(edges))
        return gexf_write(nodes, edges, out)

    gexf_write = gexf.write
    monkeypatch.setattr(gexf, "write", keep)
    ours = export_network(network, "gexf")
    nodes, edges = written["args"]
    assert len(edges) > 100 and any("viz" in data for _, data in nodes)
    theirs = _networkx_written(nodes, edges)
    assert _shape(ours) == _shape(theirs)
    assert _declared(ours) == _declared(theirs)
    root = ET.fromstring(ours)
    assert root.find("{http://www.gexf.net/1.2draft}graph").attrib == ET.fromstring(theirs).find(
        "{http://www.gexf.net/1.2draft}graph").attrib


@pytest.mark.parametrize("case", ["odd values", "static", "no attributes", "no parallel edges"])
def test_odd_values_read_back_as_networkx_writes_them(case):
    """Text XML must escape, booleans, integers, infinite and missing floats, a node without
    attributes, an edge without dates (a static graph), parallel edges."""
    nodes = [("a&b <\"c\">", {"label": "A & B\n\ttab", "kind": "armed group", "flag": True, "count": 3,
                               "weight": 1.5, "viz": {"position": {"x": 36.5, "y": 35.25, "z": 0.0}}}),
             ("plain", {"label": "Plain", "flag": False, "weight": math.inf}),
             ("bare", {})]
    edges = [("a&b <\"c\">", "plain", "k1", {"relation": "ally of", "start": "2015-01-01", "end": "2015-12-31",
                                            "sources": "X, 'Y'", "score": -math.inf}),
             ("a&b <\"c\">", "plain", "k2", {"relation": "rival of", "start": "2016-01-01"}),
             ("plain", "bare", "k3", {"relation": "controls", "certain": True, "weight": 2.5, "label": "holds"})]
    if case == "static":
        edges = [(u, v, k, {key: value for key, value in d.items() if key not in ("start", "end")}) for u, v, k, d in edges]
    if case == "no parallel edges":
        edges = edges[1:]
    if case == "no attributes":
        nodes = [(n, {}) for n, _ in nodes]
        edges = [(u, v, k, {}) for u, v, k, _ in edges]
    ours, theirs = _ours(nodes, edges), _networkx_written(nodes, edges)
    assert _shape(ours) == _shape(theirs)
    assert _declared(ours) == _declared(theirs)


def test_a_value_of_an_unknown_type_is_refused():
    with pytest.raises(TypeError, match="not allowed"):
        _ours([("a", {"when": object()})], [])


def test_network_coordinates_are_the_places_query(disk_store, memory_graph):
    """The export's coordinates, read without the places query, are what it gives each node of
    the network, on the default store and in memory."""
    from kg.maps import network_coordinates, places
    from kg.network import statement_graph
    from kg.store import open_graph

    for graph in (open_graph(disk_store), memory_graph):
        network = statement_graph(graph)
        expected = {p.iri: (p.lat, p.lon) for p in places(graph) if p.iri in network}
        assert len(expected) >= 5
        assert network_coordinates(graph, network) == expected


def test_a_place_with_two_latitudes_is_the_places_querys():
    """A place given two latitudes (or a latitude that is no number): the places query decides."""
    from rdflib import Graph

    from kg.maps import network_coordinates, places

    data = """@prefix kg: <https://w3id.org/armed-groups-kg/ontology#> .
@prefix geo: <http://www.w3.org/2003/01/geo/wgs84_pos#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix t: <https://example.org/test-only/gexf/> .
t:one a kg:Town ; skos:prefLabel "TEST town one"@en ; geo:lat 35.5 ; geo:long 36.25 .
t:two a kg:Town ; skos:prefLabel "TEST town two"@en ; geo:lat 35.1, 35.2 ; geo:long 36.0 .
"""
    graph = Graph().parse(data=data, format="turtle")
    nodes = {"https://example.org/test-only/gexf/one", "https://example.org/test-only/gexf/two"}
    expected = {p.iri: (p.lat, p.lon) for p in places(graph)}
    assert set(expected) == nodes
    assert network_coordinates(graph, nodes) == expected
    assert network_coordinates(graph, {"https://example.org/test-only/gexf/one"}) == {
        "https://example.org/test-only/gexf/one": (35.5, 36.25)}
    bad = Graph().parse(data=data.replace("geo:lat 35.5", 'geo:lat "north"'), format="turtle")
    with pytest.raises(TypeError):  # as places itself fails
        places(bad)
    with pytest.raises(TypeError):
        network_coordinates(bad, nodes)
