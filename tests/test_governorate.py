"""actors-in-governorate on an on-disk store (kg.governorate, its patterns followed through the
store's indexes): the same rows as the SPARQL query, sorted by its ORDER BY, and the same rows
streamed (the ORDER BY dropped)."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest

import kg
from kg import governorate
from kg.queries import get_query, run
from kg.sparqltext import without_order
from kg.store import open_graph

QUERY = get_query("actors-in-governorate")


def _sparql(graph, place) -> list[tuple]:
    """The query as the store's SPARQL engine answers it (its text changed by a blank line,
    so kg.queries.run does not take the fast path)."""
    return [tuple(row) for row in run(graph, replace(QUERY, text=QUERY.text + "\n"), {"governorate": str(place)})]


def _fast(graph, place, ordered: bool = True) -> list[tuple]:
    query = QUERY if ordered else replace(QUERY, text=without_order(QUERY.text))
    return [tuple(row) for row in run(graph, query, {"governorate": str(place)})]


def _key(row: tuple) -> tuple:
    """The query's ORDER BY ?actorLabel ?how ?whereLabel."""
    return (str(row[2]), str(row[3]), str(row[5]))


def _same(graph, place) -> int:
    expected, found = _sparql(graph, place), _fast(graph, place)
    assert sorted(found) == sorted(expected)
    assert len(set(found)) == len(found)  # DISTINCT
    assert [_key(r) for r in found] == [_key(r) for r in expected]  # rows tied by the ORDER BY may differ in order
    streamed = _fast(graph, place, ordered=False)
    assert sorted(streamed) == sorted(expected)
    return len(expected)


def _containers(graph) -> list[str]:
    return sorted({str(row[0]) for row in graph.query(
        "SELECT DISTINCT ?c WHERE { ?p <https://w3id.org/armed-groups-kg/ontology#within> ?c . FILTER isIRI(?c) }")})


def test_variables_are_the_querys():
    select = QUERY.text[QUERY.text.index("SELECT"):QUERY.text.index("WHERE")]
    assert tuple(re.findall(r"\?(\w+)", select)) == governorate.VARIABLES


def test_every_container_of_the_bundled_graph(disk_store):
    graph = open_graph(disk_store)
    containers = _containers(graph)
    assert containers, "the bundled graph has places within others"
    rows = sum(_same(graph, place) for place in containers)
    assert rows > 0, "some container has actors"


def test_fast_path_is_taken_and_terms_are_oxrdflibs(disk_store, monkeypatch):
    graph = open_graph(disk_store)
    place = next(p for p in _containers(graph) if _sparql(graph, p))
    calls = []
    rows_of = governorate.rows_of
    monkeypatch.setattr(governorate, "rows_of", lambda *a, **k: calls.append(a) or rows_of(*a, **k))
    result = run(graph, QUERY, {"governorate": place})
    assert [str(v) for v in result.vars] == list(governorate.VARIABLES)
    found = [tuple(row) for row in result]
    assert len(calls) == 1, "the on-disk store answers through kg.governorate"
    expected = _sparql(graph, place)
    assert len(calls) == 1, "a changed text is the store's SPARQL to answer"
    for mine, theirs in zip(sorted(found), sorted(expected), strict=True):  # the same classes, datatypes, languages
        assert [(type(a), getattr(a, "datatype", None), getattr(a, "language", None)) for a in mine] == \
            [(type(b), getattr(b, "datatype", None), getattr(b, "language", None)) for b in theirs]


_DATA = """
@prefix kg: <https://w3id.org/armed-groups-kg/ontology#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix ex: <https://example.org/test-only/gov/> .

ex:SubGroup rdfs:subClassOf ex:MidGroup . ex:MidGroup rdfs:subClassOf kg:Actor .
ex:NotAnActor rdfs:subClassOf ex:Thing .

ex:gov a kg:Governorate ; skos:prefLabel "Test Governorate"@en .
ex:other a kg:Governorate ; skos:prefLabel "Other Governorate"@en .
ex:town1 kg:within ex:gov ; skos:prefLabel "Town One"@en, "Bourg Un"@fr .
ex:town2 kg:within ex:gov ; skos:prefLabel "Town Two"@EN-gb, "Town Two"@en .
ex:town3 kg:within ex:gov ; skos:prefLabel "Town Three" .
ex:town4 kg:within ex:other ; skos:prefLabel "Elsewhere"@en .

ex:a1 a ex:SubGroup ; skos:prefLabel "Alpha"@en, "Alpha Group"@en-US .
ex:a2 a kg:Actor ; skos:prefLabel "Beta"@en .
ex:a3 a ex:NotAnActor ; skos:prefLabel "Gamma"@en .
ex:a4 a kg:Actor ; skos:prefLabel "Delta"@de .
ex:a5 a kg:Actor, ex:SubGroup ; skos:prefLabel "Alpha"@en .

ex:s1 kg:actor ex:a1 ; kg:object ex:town1 .
ex:s2 kg:actor ex:a2, ex:a5 ; kg:object ex:town2 ; kg:place ex:town2 .
ex:e1 kg:agent ex:a1 ; kg:opponent ex:a2, ex:a3 ; kg:place ex:town1 .
ex:e2 kg:agent ex:a2 ; kg:place ex:town3 .
ex:e3 kg:agent ex:a4 ; kg:place ex:town1 .
ex:e4 kg:agent ex:a1 ; kg:place ex:town4 .
ex:e5 kg:opponent "a literal" ; kg:place ex:town1 .
"""


@pytest.fixture(scope="module")
def crafted(tmp_path_factory) -> str:
    """A small on-disk store with the cases the query's filters decide: labels in en-GB and
    other languages, a subclass chain to kg:Actor, a non-actor, a place without an English
    label, a statement at a place both as object and place, an actor with two English labels."""
    where = tmp_path_factory.mktemp("governorate")
    data = Path(where) / "data.ttl"
    data.write_text(_DATA, encoding="utf-8")
    location = f"oxigraph:{where / 'store'}"
    kg.open(location).load([data], replace=True)
    return location


def test_the_querys_filters(crafted):
    graph = open_graph(crafted)
    gov = "Test Governorate"
    assert _same(graph, gov) > 0
    found = _fast(graph, gov)
    actors = {str(r[2]) for r in found}
    assert actors == {"Alpha", "Alpha Group", "Beta"}  # not Gamma (no actor), Delta (no English label)
    wheres = {str(r[5]) for r in found}
    assert wheres == {"Town One", "Town Two"}  # Town Three has no English label; Elsewhere is not within
    assert {(str(r[3]), str(r[5])) for r in found if str(r[1]).endswith("/a2")} == {
        ("controlled", "Town Two"), ("opposed in an event", "Town One")}
    assert _same(graph, "Other Governorate") == 2
    assert {(str(r[2]), str(r[5])) for r in _fast(graph, "Other Governorate")} == {("Alpha", "Elsewhere"),
                                                                                ("Alpha Group", "Elsewhere")}
