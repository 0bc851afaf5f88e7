"""kg.wholenetwork: kg export --format gexf and --format graphml of an on-disk store, written
straight from the edge table, are byte for byte the documents of the networkx path
(statement_graph, the places' coordinates, export_network through kg.gexf or networkx's
write_graphml), on the bundled graph and on data made to hold the awkward cases."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET

import networkx as nx

import kg
from kg.collector import paused
from kg.maps import network_coordinates
from kg.network import statement_graph
from kg.store import open_graph
from kg.views import export_network
from kg.wholenetwork import gexf, graphml


def _through_networkx(location: str, fmt: str) -> bytes:
    """The document as kg export wrote it before the table path: through a networkx graph."""
    graph = open_graph(location)
    with paused():
        network = statement_graph(graph)
        for place, (lat, lon) in network_coordinates(graph, network).items():
            network.nodes[place].update(latitude=lat, longitude=lon)
        return export_network(network, fmt)


def _same(location: str) -> bytes:
    """Both formats the same as through networkx; the GEXF document."""
    for fmt, write in (("graphml", graphml), ("gexf", gexf)):
        direct = write(open_graph(location))
        assert direct is not None, "an on-disk store has an edge table"
        expected = _through_networkx(location, fmt)
        assert direct == expected, fmt
        assert kg.open(location).export(fmt) == expected  # what kg export writes
    return direct


def test_bundled_graph_is_the_networkx_document(disk_store):
    document = _same(disk_store)
    graph = nx.read_gexf(io.BytesIO(document))
    assert graph.number_of_edges() > 100


def test_memory_store_has_no_table(memory_graph):
    assert gexf(memory_graph) is None and graphml(memory_graph) is None


_ODD = """@prefix kg: <https://w3id.org/armed-groups-kg/ontology#> .
@prefix id: <https://w3id.org/armed-groups-kg/id/> .
@prefix t: <https://example.org/test-only/gexf/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix schema: <https://schema.org/> .

<https://example.org/test-only/gexf/a&b?x='1'> a kg:ArmedGroup, kg:Alliance ;
    skos:prefLabel "TEST A & B <\\"quoted\\">\\n\\tand a tab"@en, "TEST A and B, British"@en-GB .
t:lonely-village a kg:Town ; skos:prefLabel "TEST village without coordinates"@en .
t:speaker a kg:Person ; skos:prefLabel "TEST speaker 'one' & co"@en .
t:src-1 kg:usedAs "TEST source <one> & \\"two\\"" ; schema:url <https://example.org/test-only/gexf/src?a=1&b=2> .
t:src-2 kg:usedAs "TEST source A, no URL" .
t:src-3 kg:usedAs "TEST source <one> & \\"two\\"" ; schema:url <https://example.org/test-only/gexf/other> .

t:st-1 a kg:CooperationStatement, kg:Claim ;
    kg:actor <https://example.org/test-only/gexf/a&b?x='1'> ; kg:object id:jaish-al-fath ;
    kg:start "2015-04-01"^^xsd:date ; kg:startPrecision kg:Month ; kg:startBound kg:NotBefore ;
    kg:end "2016-01-01"^^xsd:date ; kg:endPrecision kg:Year ;
    kg:attested "2015-06-15"^^xsd:date ; kg:claimant t:speaker ; kg:endClaimant t:speaker ;
    prov:wasDerivedFrom t:src-1, t:src-2, t:src-3 .
t:st-2 a kg:CooperationStatement ;
    kg:actor <https://example.org/test-only/gexf/a&b?x='1'> ; kg:object id:jaish-al-fath ;
    kg:attested "2015-07-01"^^xsd:date ; prov:wasDerivedFrom t:src-2 .
t:st-3 a kg:ControlStatement ;
    kg:actor <https://example.org/test-only/gexf/a&b?x='1'> ; kg:object t:lonely-village ;
    kg:start "2015-05-05"^^xsd:date ; kg:startPrecision kg:Day ; prov:wasDerivedFrom t:src-1 .
t:st-4 a kg:CooperationStatement ;
    kg:actor id:jaish-al-fath ; kg:object id:jaish-al-fath ; prov:wasDerivedFrom t:src-2 .
t:st-5 a kg:ControlStatement ;
    kg:actor id:jaish-al-fath, <https://example.org/test-only/gexf/a&b?x='1'> ; kg:object id:idlib-city ;
    kg:end "2015-09-01"^^xsd:date ; kg:endBound kg:NotAfter ; prov:wasDerivedFrom t:src-3 .
"""


def test_odd_data_is_the_networkx_document(article_copy, tmp_path):
    """Text that must be escaped (in labels, IRIs, source names and URLs), a node with two
    classes and two English labels, a place without coordinates, parallel edges, a self loop,
    a statement with two actors, three sources (two of one name, one without a URL), claimants,
    precisions, bounds and an attested day."""
    extra = tmp_path / "odd.ttl"
    extra.write_text(_ODD, encoding="utf-8")
    kg.open(article_copy).load([extra])
    document = _same(article_copy)
    root = ET.fromstring(document)
    ns = {"g": "http://www.gexf.net/1.2draft"}
    ids = [n.get("id") for n in root.iterfind(".//g:node", ns)]
    assert "https://example.org/test-only/gexf/a&b?x='1'" in ids  # escaped, read back whole
    assert "https://example.org/test-only/gexf/lonely-village" in ids
    edges = [(e.get("source"), e.get("target")) for e in root.iterfind(".//g:edge", ns)]
    jaish = "https://w3id.org/armed-groups-kg/id/jaish-al-fath"
    assert (jaish, jaish) in edges  # the self loop
    assert edges.count(("https://example.org/test-only/gexf/a&b?x='1'", jaish)) == 2  # parallel edges
    assert b"TEST source &lt;one&gt; &amp; &quot;two&quot;; TEST source A, no URL" in document
