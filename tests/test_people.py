"""People who lead or belong to armed groups: a membership (leads, member of) may have a person
as its actor; every other statement needs an armed actor. Import, ties both ways, the network
view and kg extract. The names and texts here are invented for the tests."""

from __future__ import annotations

import datetime as dt

from click.testing import CliRunner
from rdflib import Literal
from rdflib.namespace import PROV, RDF, XSD

from kg.cli import cli
from kg.namespaces import ID, KG

from .conftest import store_state

HEADER = "subject,relation,object,start,end,precision,source_title,source_publisher,source_date,source_url,claimant,note,kind\n"
SOURCE = "TEST ONLY: made-up profile,Example News (TEST),2016-01-02,https://example.org/test-only/people"
PERSON = "Abu Testname (TEST)"
DECLARE = f"{PERSON},,,,,,{SOURCE},,,person\n"


def run(location: str, *args: str):
    return CliRunner().invoke(cli, ["--store", location, *args])


def _import(store: str, tmp_path, rows: str):
    path = tmp_path / "people.csv"
    path.write_text(HEADER + rows, encoding="utf-8")
    return run(store, "import", str(path))


def test_a_person_leads_a_group_with_a_source_and_dates(article_copy, tmp_path):
    from kg.store import open_graph

    result = _import(article_copy, tmp_path, DECLARE
                     + f"{PERSON},leads,Nusra Front,2012-01,2016-07,month,{SOURCE},,,\n"
                     + f"{PERSON},member of,Jaish al-Fath,2015-03-24,,,{SOURCE},,,\n")
    assert result.exit_code == 0, result.output
    graph = open_graph(article_copy)
    person = ID["abu-testname-test"]
    assert (person, RDF.type, KG.Person) in graph
    led = [s for s in graph.subjects(KG.actor, person) if (s, KG.role, KG.Leader) in graph]
    assert len(led) == 1
    (statement,) = led
    assert graph.value(statement, KG.object) == ID["al-nusra-front"]
    assert graph.value(statement, KG.start) == Literal("2012-01-01", datatype=XSD.date)
    assert graph.value(statement, KG.startPrecision) == KG.Month
    assert graph.value(statement, KG.end) == Literal("2016-07-01", datatype=XSD.date)
    assert graph.value(graph.value(statement, PROV.wasDerivedFrom), KG.usedAs) is not None
    assert (person, KG.leads, ID["al-nusra-front"]) in graph  # derived by the build
    assert (person, KG.memberOf, ID["jaish-al-fath"]) in graph


def test_a_person_already_in_the_graph_leads_without_a_kind_row(article_copy, tmp_path):
    assert _import(article_copy, tmp_path, DECLARE).exit_code == 0
    result = _import(article_copy, tmp_path, f"{PERSON},leads,Ahrar al-Sham,2014,,year,{SOURCE},,,\n")
    assert result.exit_code == 0, result.output
    assert "leads" in run(article_copy, "ties", PERSON).output


def test_a_person_is_refused_as_a_controller_or_an_ally_with_the_row(article_copy, tmp_path):
    before = store_state(article_copy)
    result = _import(article_copy, tmp_path, DECLARE
                     + f"{PERSON},controls,Idlib,2015-03-28,,,{SOURCE},,,\n"
                     + f"Ahrar al-Sham,allied with,{PERSON},2015-03-28,,,{SOURCE},,,\n"
                     + f"{PERSON},hostile to,Ahrar al-Sham,2015-03-28,,,{SOURCE},,,\n")
    assert result.exit_code == 2
    assert "row 3: subject: 'Abu Testname (TEST)' is a person" in result.output
    assert "row 4: object: 'Abu Testname (TEST)' is a person" in result.output
    assert "row 5: subject: 'Abu Testname (TEST)' is a person" in result.output
    assert "only ever the subject of 'leads' or 'member of'" in result.output
    assert store_state(article_copy) == before


def test_kg_add_refuses_a_known_person_as_a_controller(article_copy, tmp_path):
    assert _import(article_copy, tmp_path, DECLARE).exit_code == 0
    before = store_state(article_copy)
    result = run(article_copy, "add", PERSON, "controls", "Idlib", "--start", "2015-03-28",
                 "--source-title", "TEST ONLY", "--source-publisher", "Example News (TEST)",
                 "--source-url", "https://example.org/test-only/people2")
    assert result.exit_code == 2, result.output
    assert "is a person" in result.output
    assert store_state(article_copy) == before


def test_the_shapes_accept_a_person_leader_and_refuse_a_person_controller(article_memory_graph):
    """The shapes themselves (not only the importer): tests/fixtures/bad/23 is the refusal with
    its message; here a person's leadership of an armed group (not an alliance) is valid."""
    from rdflib import Graph, URIRef

    from kg.validate import validate

    graph = Graph()
    for triple in article_memory_graph:
        graph.add(triple)
    person, statement = ID["invented-person"], ID["st-invented-person-leads-nusra"]
    source = next(graph.subjects(RDF.type, KG.NewsArticle))
    graph.add((person, RDF.type, KG.Person))
    graph.add((person, URIRef("http://www.w3.org/2004/02/skos/core#prefLabel"), Literal("Invented Person", lang="en")))
    graph.add((person, PROV.wasDerivedFrom, source))
    for p, o in ((RDF.type, KG.MembershipStatement), (KG.actor, person), (KG.object, ID["al-nusra-front"]),
                 (KG.role, KG.Leader), (KG.attested, Literal("2015-03-30", datatype=XSD.date)),
                 (PROV.wasDerivedFrom, source)):
        graph.add((statement, p, o))
    assert [v for v in validate(graph).violations if v.focus == statement] == []
    graph.set((statement, RDF.type, KG.HostilityStatement))
    graph.remove((statement, KG.role, None))
    messages = [v.message for v in validate(graph).violations]
    assert any("a person may only lead or be a member of one" in m for m in messages), messages


def test_ties_both_ways(article_copy, tmp_path):
    assert _import(article_copy, tmp_path, DECLARE + f"{PERSON},leads,Nusra Front,2012-01,,month,{SOURCE},,,\n"
                   ).exit_code == 0
    group = run(article_copy, "ties", "Nusra Front").output
    people = group.split("LEADERS AND MEMBERS (PEOPLE)")[1].split("\n\n")[0]
    assert "led by" in people and PERSON in people
    mine = run(article_copy, "ties", PERSON).output
    assert mine.splitlines()[0] == f"{PERSON} (person)"
    led = mine.split("ARMED GROUPS LED OR JOINED")[1]
    assert "leads" in led and "al-Nusra Front" in led and "2012-01" in led


def test_the_network_view_draws_a_person_as_its_own_kind(article_copy, tmp_path):
    from kg.store import open_graph
    from kg.views import view
    from kg.vocabulary import KIND_STYLES

    assert _import(article_copy, tmp_path, DECLARE + f"{PERSON},leads,Nusra Front,2012-01,,month,{SOURCE},,,\n"
                   ).exit_code == 0
    page, network = view(open_graph(article_copy), focus=PERSON, depth=1)
    kinds = {d["label"]: d["kind"] for _, d in network.nodes(data=True)}
    assert kinds[PERSON] == "person" and kinds["al-Nusra Front"] == "armed group"
    colour, shape, glyph, _ = KIND_STYLES["person"]
    assert shape not in {s for k, (_, s, _, _) in KIND_STYLES.items() if k != "person"}  # drawn apart
    assert f'"shape": "{shape}"' in page
    assert f'value="person" checked><span class="kg-glyph" style="color:{colour}">{glyph}</span>person' in page


def test_extract_proposes_a_person_with_a_kind_row(article_memory_graph):
    from kg.extract import Source, extract

    text = ("Omar Fakename, the leader of the Nusra Front, spoke to supporters on Monday. "
            "Jaish al-Fath, which is headed by Salim Inventedname, said it would fight on. "
            "Ahrar al-Sham commander Karim Notreal was seen in the town. "
            "Yusuf Madeupson heads Ahrar al-Sham. "
            "Nabil Inventee, commander of Jund al-Aqsa, and Tarek Nobody, a commander in Jund al-Aqsa, met. "
            "Hadi Testperson, who commands the Nusra-backed Jaish al-Fath, spoke. "
            "The late leader of Jund al-Aqsa, Fadi Gonename, was buried.")
    found = extract(article_memory_graph, text, Source("TEST ONLY", "Example News (TEST)", dt.date(2016, 2, 1),
                                                      "https://example.org/test-only/x"))
    rows = {(c.subject, c.relation, c.object) for c in found.statements}
    assert ("Omar Fakename", "leads", "al-Nusra Front") in rows
    assert ("Salim Inventedname", "leads", "Jaish al-Fath") in rows
    assert ("Karim Notreal", "member of", "Ahrar al-Sham") in rows
    assert ("Yusuf Madeupson", "leads", "Ahrar al-Sham") in rows
    assert ("Nabil Inventee", "leads", "Jund al-Aqsa") in rows
    assert ("Tarek Nobody", "member of", "Jund al-Aqsa") in rows
    assert not any(c.subject == "Hadi Testperson" and c.object == "al-Nusra Front" for c in found.statements)
    assert not any(c.subject == "Fadi Gonename" for c in found.statements)  # history, not a current tie
    kinds = {n.name: n.kind for n in found.proposed}
    assert {kinds.get(n) for n in ("Omar Fakename", "Salim Inventedname", "Karim Notreal")} == {"person"}
    assert "Jaish al-Fath" not in kinds  # a person leading it makes no new alliance of anything
    csv_text = found.to_csv()
    assert "Omar Fakename,,,,,,,,TEST ONLY" in csv_text and ",person," in csv_text
