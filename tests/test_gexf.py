"""kg.gexf, the GEXF writer of kg export: the document networkx's own writer gives, read back by
networkx.read_gexf as the same graph, and valid XML."""

from __future__ import annotations

import io
import math
import xml.etree.ElementTree as ET

import networkx as nx
import pytest

import kg
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
    """kg export --format gexf of the bundled graph against the same export through networkx."""
    api = kg.open(disk_store)
    written = {}

    def keep(nodes, edges, out):
        written["args"] = (list(nodes), list(edges))
        return gexf_write(nodes, edges, out)

    gexf_write = gexf.write
    monkeypatch.setattr(gexf, "write", keep)
    ours = api.export("gexf")
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
