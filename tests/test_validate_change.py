"""A write validates only what its change may break (kg.validate.affected): the part of the graph
the shapes of those nodes read. On a graph that conformed, that must find exactly the violations a
validation of the whole graph finds, for changes that break a node far from the changed triple."""

from __future__ import annotations

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, SKOS

from kg.namespaces import KG
from kg.validate import affected, run_checks, validate

ID = "https://w3id.org/armed-groups-kg/id/"
ARTICLE = URIRef(ID + "src-france24-2015-03-30")


def _new_statement(g: Graph, *kinds: URIRef, source: bool = True) -> URIRef:
    st = URIRef(ID + "st-test-only-change")
    for kind in kinds:
        g.add((st, RDF.type, kind))
    g.add((st, KG.actor, URIRef(ID + "jaish-al-fath")))
    g.add((st, KG.object, URIRef(ID + "ariha")))
    g.add((st, KG.start, Literal("2015-05-28", datatype=URIRef("http://www.w3.org/2001/XMLSchema#date"))))
    if source:
        g.add((st, PROV.wasDerivedFrom, ARTICLE))
    return st


def _no_source(g: Graph) -> None:
    _new_statement(g, KG.ControlStatement, source=False)


def _two_kinds(g: Graph) -> None:
    _new_statement(g, KG.ControlStatement, KG.HostilityStatement)


def _restates_another_tie(g: Graph) -> None:
    st = _new_statement(g, KG.ControlStatement)
    g.add((st, KG.restates, URIRef(ID + "st-nusra-branch-of-al-qaeda")))


def _second_english_name(g: Graph) -> None:
    g.add((URIRef(ID + "idlib-city"), SKOS.prefLabel, Literal("Idlib Town", lang="en")))


def _arabic_name_without_provenance(g: Graph) -> None:
    g.add((URIRef(ID + "moderate-syrian-rebel-groups"), SKOS.altLabel, Literal("فصائل اختبار", lang="ar")))


def _governorate_cut_from_its_country(g: Graph) -> None:
    # the governorate, and the towns in it two steps from the changed triple, lose their chain
    g.remove((URIRef(ID + "idlib-governorate"), KG.locatedIn, URIRef(ID + "syria")))


def _country_no_longer_a_country(g: Graph) -> None:
    g.remove((URIRef(ID + "syria"), RDF.type, KG.Country))


def _source_no_longer_a_source(g: Graph) -> None:
    # every statement and place the article vouches for now points at something that is no source
    g.remove((ARTICLE, RDF.type, KG.NewsArticle))


RECORD = URIRef(ID + "prov-test-only")


def _a_record_no_one_points_at(g: Graph) -> None:  # in the graph before: no shape targets it yet
    g.add((RECORD, PROV.wasDerivedFrom, ARTICLE))


def _provenance_record_without_its_property(g: Graph) -> None:
    # only the incoming triple is new: the record, its object, becomes a target (of
    # sh:targetObjectsOf kg:provenance) and lacks kg:forProperty
    g.add((URIRef(ID + "al-qaeda"), KG.provenance, RECORD))


BEFORE = {_provenance_record_without_its_property: _a_record_no_one_points_at}  # a change's graph before it


def _a_harmless_note(g: Graph) -> None:
    g.add((URIRef(ID + "al-qaeda"), KG.note, Literal("A test-only note.", lang="en")))


def _a_harmless_statement(g: Graph) -> None:
    _new_statement(g, KG.ControlStatement)  # its source and actor already have many statements


HARMLESS = (_a_harmless_note, _a_harmless_statement)
CHANGES = [_no_source, _two_kinds, _restates_another_tie, _second_english_name, _arabic_name_without_provenance,
           _governorate_cut_from_its_country, _country_no_longer_a_country, _source_no_longer_a_source,
           _provenance_record_without_its_property, *HARMLESS]


def _found(report) -> set[tuple[str, str, str, str]]:
    return {(str(v.focus), v.rule, v.message, str(v.value)) for v in report.violations}


@pytest.fixture(scope="module")
def conforming(article_memory_graph) -> Graph:
    assert validate(article_memory_graph).conforms and run_checks(article_memory_graph).conforms
    return article_memory_graph


@pytest.mark.parametrize("change", CHANGES, ids=[c.__name__.strip("_") for c in CHANGES])
def test_a_changes_violations_are_the_whole_graphs(conforming, change):
    before = Graph()
    before += conforming
    if change in BEFORE:
        BEFORE[change](before)
        assert validate(before).conforms
    after = Graph()
    after += before
    change(after)
    whole = validate(after)
    focused = validate(after, focus=affected(before, after))
    assert _found(focused) == _found(whole)
    assert focused.conforms == whole.conforms
    assert whole.conforms == (change in HARMLESS)  # each other change breaks a shape
    if change in (_governorate_cut_from_its_country, _country_no_longer_a_country, _source_no_longer_a_source):
        assert len(whole.violations) > 2  # nodes away from the changed triple break too


def test_no_change_validates_nothing_and_conforms(conforming):
    assert affected(conforming, conforming) == set()
    assert validate(conforming, focus=set()).conforms


def _end_before_start(g: Graph) -> None:
    st = _new_statement(g, KG.ControlStatement)
    g.add((st, KG.end, Literal("2015-05-01", datatype=URIRef("http://www.w3.org/2001/XMLSchema#date"))))


@pytest.mark.parametrize("change", [_end_before_start, _source_no_longer_a_source, _governorate_cut_from_its_country],
                         ids=["end before start", "source no longer a source", "governorate cut from its country"])
def test_the_data_checks_find_on_oxigraphs_copy_what_rdflibs_engine_finds(conforming, change, monkeypatch):
    """run_checks asks an Oxigraph copy of the graph (kg.oxcopy); rdflib's own engine, which it
    falls back on, must find the same rows."""
    import kg.oxcopy

    after = Graph()
    after += conforming
    change(after)
    copied = run_checks(after)

    def refuse(graph):
        raise ValueError("test: a term Oxigraph refuses")

    monkeypatch.setattr(kg.oxcopy, "copy_of", refuse)
    assert _found(run_checks(after)) == _found(copied) and copied.violations


def test_the_shapes_read_forwards_within_reach():
    """What kg.validate.affected assumes of ontology/shapes.ttl: every sh:path is one property
    (no inverse, no sequence), no nested shape reads on from a value node, no SPARQL constraint
    reads a triple into $this, and the one target by an incoming triple is sh:targetObjectsOf
    kg:provenance. A shape that breaks this needs
    _REACH, or affected(), changed with it."""
    import re

    from rdflib.namespace import SH

    from kg import resources

    shapes = Graph().parse(resources.shapes_file(), format="turtle")
    assert not any(shapes.triples((None, SH.inversePath, None)))
    for path in shapes.objects(None, SH.path):
        assert isinstance(path, URIRef), f"sh:path {path} is not a single property"
    assert set(shapes.objects(None, SH.targetObjectsOf)) == {KG.provenance}
    assert not any(shapes.triples((None, SH.node, None)))  # a nested shape reads on from its value node
    for nested in shapes.objects(None, SH.qualifiedValueShape):  # these check the value alone
        assert not {SH.path, SH.property, SH.sparql} & set(shapes.predicates(nested))
    selects = [str(text) for text in shapes.objects(None, SH.select)]
    assert selects
    for text in selects:
        assert not re.search(r"[?$]\w+\s+(a|[\w-]*:[\w|/^*+?-]*|<[^>]+>)\s+\$this\b", text), text  # ?x p $this
        assert not re.search(r";\s*(a|[\w-]*:[\w|/^*+?-]*|<[^>]+>)\s+\$this\b", text), text  # ... ; p $this
