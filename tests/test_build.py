"""Build, store and export: the graph is built, validated, stored atomically, exported."""

from __future__ import annotations

import subprocess

import pytest
from rdflib import Graph
from rdflib.compare import graph_diff, isomorphic
from rdflib.namespace import PROV

from kg import (
    open_graph,  # builds the bundled data into an empty store, as users get it
    resources,
)
from kg.build import assemble, build
from kg.errors import ParseError, ValidationFailed
from kg.namespaces import ID, KG
from kg.queries import NamedQuery
from kg.store import manifest, parse_location
from kg.validate import run_checks, validate

from .conftest import FULL, need_tool, seeds_with


def test_bundled_graph_conforms_to_the_shapes_and_checks():
    assembled = assemble()
    report = validate(assembled.graph, assembled.sources)
    assert report.conforms, report.text
    checks = run_checks(assembled.graph, assembled.sources)
    assert checks.conforms, checks.text


def test_statements_without_source_check_returns_no_rows(graph):
    query = NamedQuery.load(resources.queries_dir() / "checks" / "statements-without-source-violation.rq")
    assert list(graph.query(query.text)) == []


def test_statements_without_source_check_finds_an_unsourced_statement(memory_graph):
    copy = Graph()
    copy += memory_graph
    copy.remove((ID["st-jaish-al-fath-controls-idlib-city"], PROV.wasDerivedFrom, None))
    query = NamedQuery.load(resources.queries_dir() / "checks" / "statements-without-source-violation.rq")
    rows = [str(r[0]) for r in copy.query(query.text)]
    assert rows == [str(ID["st-jaish-al-fath-controls-idlib-city"])]


def test_every_statement_has_a_source_and_a_time_anchor(memory_graph, article_memory_graph):
    """The article's 13 statements each have a date; the datasets' undated ones their coverage."""
    query = f"SELECT ?s WHERE {{ ?s a ?k . ?k <http://www.w3.org/2000/01/rdf-schema#subClassOf> <{KG.Statement}> }}"
    article = set(article_memory_graph.query(query))
    assert len(article) == 13  # 2 memberships, 1 affiliation, 6 control, 1 hostility, 3 lineage
    statements = set(memory_graph.query(query))
    assert article < statements
    for (statement,) in statements:
        assert list(memory_graph.objects(statement, PROV.wasDerivedFrom)), statement
        anchors = [p for p in (KG.start, KG.end, KG.attested, KG.coverageFrom)
                   if memory_graph.value(statement, p) is not None]
        assert anchors, statement


def test_build_derives_direct_edges_from_statements(memory_graph):
    id_ = ID.__getitem__
    assert (id_("al-nusra-front"), KG.memberOf, id_("jaish-al-fath")) in memory_graph
    assert (id_("al-nusra-front"), KG.leads, id_("jaish-al-fath")) in memory_graph
    assert (id_("ahrar-al-sham"), KG.leads, id_("jaish-al-fath")) not in memory_graph
    assert (id_("al-nusra-front"), KG.branchOf, id_("al-qaeda")) in memory_graph
    assert (id_("jaish-al-fath"), KG.controls, id_("idlib-city")) in memory_graph
    assert (id_("syrian-government-forces"), KG.hostileTo, id_("jaish-al-fath")) in memory_graph


def test_store_reopens_the_built_generation(disk_store):
    path = parse_location(disk_store).path
    info = manifest(path)
    assert info["bundled"] is True
    graph = open_graph(disk_store)
    assert len(graph) == info["triples"]


def test_build_is_atomic_a_parse_error_leaves_the_store_as_it_was(store, tmp_path):
    location = store  # a copy of the session's bundled build
    before = manifest(parse_location(store).path)
    text = (resources.data_dir("seeds") / "statements.ttl").read_text(encoding="utf-8")
    line = 1 + text[: text.index("\nid:st-jaish-al-fath-controls-idlib-city") + 1].count("\n")
    seeds = seeds_with(tmp_path, "statements.ttl", lambda t: t.replace(
        "id:st-jaish-al-fath-controls-idlib-city a kg:ControlStatement ;",
        "id:st-jaish-al-fath-controls-idlib-city a kg:ControlStatement"))
    with pytest.raises(ParseError) as caught:
        build(location, seeds)
    assert caught.value.path.endswith("statements.ttl")
    assert caught.value.line in (line, line + 1)
    after = manifest(parse_location(store).path)
    assert after == before
    assert len(open_graph(location)) == before["triples"]


def test_build_refuses_a_graph_that_breaks_the_shapes(store, tmp_path):
    location = store  # a copy of the session's bundled build
    before = manifest(parse_location(store).path)
    seeds = seeds_with(tmp_path, "statements.ttl", lambda t: t.replace(
        'kg:attested "2015-03-30"^^xsd:date ;\n    prov:wasDerivedFrom id:src-france24-2015-03-30 ;\n    kg:note "Held on the day',
        'kg:attested "2015-03-30"^^xsd:date ;\n    kg:note "Held on the day'))
    statements = next(p for p in seeds if p.name == "statements.ttl")
    line = 1 + statements.read_text(encoding="utf-8").split("\nid:st-jaish-al-fath-controls-idlib-city")[0].count("\n") + 1
    with pytest.raises(ValidationFailed) as caught:
        build(location, seeds)
    found = [(v.focus, v.rule, v.location.line, v.location.path.endswith("statements.ttl"))
             for v in caught.value.report.violations]
    assert (ID["st-jaish-al-fath-controls-idlib-city"], "kgs:hasSource MinCount", line, True) in found
    assert {f[0] for f in found} == {ID["st-jaish-al-fath-controls-idlib-city"]}
    assert manifest(parse_location(store).path) == before

def test_default_store_is_built_on_first_use_and_rebuilt_when_bundled_data_changes(disk_store, tmp_path, monkeypatch):
    import shutil

    from kg import store

    assert store.needs_build(f"oxigraph:{tmp_path / 'empty'}")  # an empty location gets the bundled data
    # the session's store was built by its first use: kg.open_graph on an empty location (conftest)
    built = parse_location(disk_store).path
    first = manifest(built)
    assert first["bundled"] and first["fingerprint"] == resources.build_fingerprint()
    shutil.copytree(built, tmp_path / "auto")
    location = f"oxigraph:{tmp_path / 'auto'}"
    graph = open_graph(location)
    assert len(graph) == first["triples"]
    assert manifest(tmp_path / "auto")["generation"] == first["generation"]  # opened again: not rebuilt
    monkeypatch.setattr(store, "_bundled_fingerprint", lambda: "changed")
    open_graph(location)
    assert manifest(tmp_path / "auto")["generation"] != first["generation"]


# serialize() writes an in-memory canonical copy of whichever store it reads: every format is
# checked on the on-disk store, the memory store's triples through Turtle (every format on both
# under KG_FULL_TESTS=1)
EXPORTS = [("oxigraph", "turtle", "turtle"), ("oxigraph", "nt", "nt"), ("oxigraph", "jsonld", "json-ld"),
           ("memory", "turtle", "turtle"), *([("memory", "nt", "nt"), ("memory", "jsonld", "json-ld")] if FULL else [])]


@pytest.mark.parametrize("store,fmt,parse_as", EXPORTS)
def test_export_reparses_to_an_isomorphic_graph(request, store, fmt, parse_as):
    from kg.export import canonical, serialize

    graph = request.getfixturevalue("disk_graph" if store == "oxigraph" else "memory_graph")
    again = Graph().parse(data=serialize(graph, fmt), format=parse_as)
    original = canonical(graph)
    assert len(original) == len(graph) > 1000
    if not isomorphic(original, again):
        _, only_original, only_again = graph_diff(original, again)
        pytest.fail(f"not isomorphic: {len(only_original)} only in original, {len(only_again)} only in re-parse")


def test_exported_turtle_is_accepted_by_rapper(tmp_path, disk_graph):
    rapper = need_tool("rapper")
    path = tmp_path / "kg.ttl"
    from kg.export import serialize

    path.write_bytes(serialize(disk_graph, "turtle"))
    done = subprocess.run([rapper, "-i", "turtle", "-c", str(path)], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert f"returned {len(disk_graph)} triples" in done.stderr
