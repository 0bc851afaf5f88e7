"""Corroboration (kg.corroboration): a second report of a tie already in the graph joins it as
another source, or is kept linked to it (another voice, or dates it lacks), never as a new
open-ended statement; the same rule for every way statements come in."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, XSD

from kg.cli import cli
from kg.namespaces import ID, KG

from .conftest import store_state

BRANCH = ID["st-nusra-branch-of-al-qaeda"]  # the seeds' tie: as of 2015-03-30, ended July 2016
# kg extract's columns (kg.extract.CSV_COLUMNS)
EXTRACT_HEADER = ("subject,relation,object,start,end,start_bound,end_bound,attested,source_title,source_publisher,"
                  "source_date,source_url,claimant,note,kind,evidence,confidence\n")
# the row of the issue, word for word
ISSUE_ROW = ("al-Nusra Front,branch of,al-Qaeda,,,,,2015-04-25,Jabhat al-Nusra seizes control,The Independent,"
             "2015-04-25,https://example.org/ind,,\n")


@pytest.fixture
def store(article_copy) -> str:
    """In this module, a fresh copy of the seed article's store (no datasets): the rule on the
    article's ties, each write a third of its cost on the bundled store. The issue's own row
    runs on the bundled store (``bundled_store``)."""
    return article_copy


def run(location: str, *args: str):
    return CliRunner().invoke(cli, ["--store", location, *args], env={"COLUMNS": "100"})


def graph_of(location: str) -> Graph:
    from kg.store import open_graph

    return open_graph(location)


def al_qaeda_ties(location: str, day: str) -> list[dict]:
    shown = run(location, "ties", "al-Nusra Front", "--at", day, "--format", "json")
    assert shown.exit_code == 0, shown.output
    return [t for t in json.loads(shown.stdout)["ties"] if t["other"] == "al-Qaeda"]


def test_the_issue_row_corroborates_the_ended_tie_and_a_rerun_changes_nothing(bundled_store, tmp_path):
    store = bundled_store  # the issue's case: the default store, datasets and all
    path = tmp_path / "independent.csv"
    path.write_text(EXTRACT_HEADER + ISSUE_ROW, encoding="utf-8")
    dry = run(store, "import", str(path), "--dry-run")
    assert dry.exit_code == 0, dry.output
    assert "independent.csv row 2: corroborates id:st-nusra-branch-of-al-qaeda (now 2 sources)" in dry.output
    assert len(set(graph_of(store).objects(BRANCH, PROV.wasDerivedFrom))) == 1  # the dry run wrote nothing

    done = run(store, "import", str(path))
    assert done.exit_code == 0, done.output
    assert "independent.csv row 2: corroborates id:st-nusra-branch-of-al-qaeda (now 2 sources)" in done.output
    graph = graph_of(store)
    same_tie = {s for s in graph.subjects(KG.object, ID["al-qaeda"]) if (s, KG.actor, ID["al-nusra-front"]) in graph
                and (s, KG.affiliationType, KG.Branch) in graph}
    assert same_tie == {BRANCH}  # no second statement
    assert al_qaeda_ties(store, "2020-01-01") == []  # the tie's end (July 2016) still holds
    [tie] = al_qaeda_ties(store, "2015-04-25")
    assert tie["statement"] == str(BRANCH) and tie["certainty"] == "in force"
    assert sorted(tie["sources"]) == ["FRANCE 24, 2015-03-30", "The Independent, 2015-04-25"]
    table = run(store, "ties", "al-Nusra Front", "--at", "2015-04-25")
    assert "The Independent" in table.output and "FRANCE 24" in table.output
    assert "PARENT ORGANISATIONS" not in run(store, "ties", "al-Nusra Front", "--at", "2020-01-01").output

    before = store_state(store)
    again = run(store, "import", str(path))
    assert again.exit_code == 0, again.output
    assert "independent.csv row 2: already recorded: id:st-nusra-branch-of-al-qaeda (2 sources)" in again.output
    assert again.output.splitlines()[-1] == "nothing new: the store is unchanged"
    assert store_state(store) == before
    assert len(list(graph_of(store).objects(BRANCH, PROV.wasDerivedFrom))) == 2


TEST_LATER = "TEST ONLY: made-up later report,Example News (TEST),2017-01-05,https://example.org/test-only/later"
TEST_RADIO = "TEST ONLY: made-up interview,Example Radio (TEST),2015-05-02,https://example.org/test-only/radio"


def test_a_row_after_the_ties_end_is_a_new_statement_and_the_import_says_why(store, tmp_path):
    path = tmp_path / "later.csv"
    path.write_text(EXTRACT_HEADER + f"al-Nusra Front,branch of,al-Qaeda,,,,,2017-01-05,{TEST_LATER},,\n",
                    encoding="utf-8")
    result = run(store, "import", str(path))
    assert result.exit_code == 0, result.output
    [line] = [x for x in result.output.splitlines() if x.startswith("later.csv row 2:")]
    assert line.startswith("later.csv row 2: added id:st-al-nusra-front-branch-of-al-qaeda-")
    assert line.endswith("as a new statement: not merged with the statement(s) of the same tie: it has the tie "
                         "holding on 2017-01-05, after the end of id:st-nusra-branch-of-al-qaeda "
                         "(? – 2016-07 (as of 2015-03-30))")
    graph = graph_of(store)
    assert list(graph.objects(BRANCH, PROV.wasDerivedFrom)) == [ID["src-france24-2015-03-30"]]
    new = ID[line.split(" added id:")[1].split(" ")[0]]
    assert (new, KG.restates, None) not in graph and graph.value(new, KG.end) is None  # a disagreement, kept


def test_another_claimant_keeps_both_voices_and_is_bounded_by_the_ties_end(store, tmp_path):
    path = tmp_path / "radio.csv"
    path.write_text(EXTRACT_HEADER + f"al-Nusra Front,branch of,al-Qaeda,,,,,2015-05-02,{TEST_RADIO},Wassim Nasr,\n",
                    encoding="utf-8")
    result = run(store, "import", str(path))
    assert result.exit_code == 0, result.output
    [line] = [x for x in result.output.splitlines() if x.startswith("radio.csv row 2:")]
    assert line.endswith(", restating id:st-nusra-branch-of-al-qaeda: another voice (claimed by Wassim Nasr; "
                         "id:st-nusra-branch-of-al-qaeda is reported); it ends with it (2016-07)")
    graph = graph_of(store)
    [new] = graph.subjects(KG.restates, BRANCH)
    assert list(graph.objects(new, KG.claimant)) == [ID["wassim-nasr"]]
    assert list(graph.objects(BRANCH, KG.claimant)) == []  # the tie stays in the source's own voice
    # the tie's end, cited as the tie cites it
    assert (graph.value(new, KG.end), graph.value(new, KG.endPrecision)) == (
        Literal("2016-07-01", datatype=XSD.date), KG.Month)
    assert set(graph.objects(new, KG.endSource)) == set(graph.objects(BRANCH, KG.endSource))
    assert set(graph.objects(new, KG.endClaimant)) == {ID["abu-mohammed-al-jawlani"]}
    on_day = {t["status"]: t["sources"] for t in al_qaeda_ties(store, "2015-05-02")}
    assert on_day == {"reported; end claimed by Abu Mohammed al-Jawlani": ["FRANCE 24, 2015-03-30"],
                      "claimed by Wassim Nasr; end claimed by Abu Mohammed al-Jawlani": ["Example Radio (TEST), 2015-05-02"]}
    assert al_qaeda_ties(store, "2020-01-01") == []
    before = store_state(store)
    again = run(store, "import", str(path))
    assert again.output.splitlines()[-1] == "nothing new: the store is unchanged"
    assert store_state(store) == before


def test_an_end_given_later_bounds_the_open_restatements(store, tmp_path):
    # the seeds' open tie: al-Nusra Front leads Jaish al-Fath (not before 2015-03-24, as of 2015-03-30)
    lead = ID["st-nusra-leads-jaish-al-fath"]
    claim = run(store, "add", "al-Nusra Front", "leads", "Jaish al-Fath", "--attested", "2015-05-02",
                "--claimant", "Wassim Nasr", "--source-url", "https://example.org/test-only/radio",
                "--source-title", "TEST ONLY: made-up interview", "--source-publisher", "Example Radio (TEST)",
                "--source-date", "2015-05-02")
    assert claim.exit_code == 0, claim.output
    assert "restating id:st-nusra-leads-jaish-al-fath: another voice" in claim.output
    [restated] = graph_of(store).subjects(KG.restates, lead)
    assert graph_of(store).value(restated, KG.end) is None  # the tie has no end yet
    end = run(store, "add", "al-Nusra Front", "leads", "Jaish al-Fath", "--id", "id:st-nusra-leads-jaish-al-fath",
              "--end", "2016-07-28", "--source-url", "https://example.org/test-only/left",
              "--source-title", "TEST ONLY: made-up report", "--source-publisher", "Example News (TEST)",
              "--source-date", "2016-07-29")
    assert end.exit_code == 0, end.output
    short = "id:" + str(restated).rsplit("/", 1)[-1]
    assert f"closed: {short}: restates id:st-nusra-leads-jaish-al-fath, which ends 2016-07-28: ended with it" \
        in end.output.splitlines()
    graph = graph_of(store)
    assert graph.value(restated, KG.end) == Literal("2016-07-28", datatype=XSD.date)
    assert [str(o) for o in graph.objects(restated, KG.possibleUntil)] == ["2016-07-28"]


def test_two_extracted_rows_restating_one_tie_give_one_statement_with_two_sources(store, tmp_path):
    """Two made-up reports, each run through kg extract, then imported together and again."""
    rows = []
    for n, (day, text) in enumerate([("2015-06-03", "Ahrar al-Sham fighters clashed with the Islamic State on Monday."),
                                     ("2015-06-10", "The Islamic State attacked Ahrar al-Sham north of Aleppo.")]):
        report = tmp_path / f"report{n}.txt"
        report.write_text(f"TEST ONLY: made-up report {n}\n\n{text}\n", encoding="utf-8")
        out = tmp_path / f"rows{n}.csv"
        extracted = run(store, "extract", str(report), "--source-title", f"TEST ONLY: made-up report {n}",
                        "--source-publisher", "Example News (TEST)", "--source-date", day,
                        "--url", f"https://example.org/test-only/report{n}", "-o", str(out))
        assert extracted.exit_code == 0, extracted.output
        header, *lines = out.read_text(encoding="utf-8").splitlines()
        found = [line for line in lines if not line.startswith("#")]
        assert len(found) == 1 and ",hostile to," in found[0], found
        rows += found
    both = tmp_path / "both.csv"
    both.write_text(header + "\n" + "\n".join(rows) + "\n", encoding="utf-8")  # kg extract's own header
    result = run(store, "import", str(both))
    assert result.exit_code == 0, result.output
    lines = [x for x in result.output.splitlines() if x.startswith("both.csv row")]
    assert lines[0].startswith("both.csv row 2: added id:st-")
    first = lines[0].split(" added ")[1]
    assert lines[1] == f"both.csv row 3: corroborates {first} (now 2 sources)"
    graph = graph_of(store)
    pair = {ID["ahrar-al-sham"], ID["islamic-state"]}
    hostile = [s for s in graph.subjects(RDF.type, KG.HostilityStatement)
               if {graph.value(s, KG.actor), graph.value(s, KG.object)} == pair]
    assert len(hostile) == 1
    st = hostile[0]
    assert {str(graph.value(s, URIRef("https://schema.org/url"))) for s in graph.objects(st, PROV.wasDerivedFrom)} == {
        "https://example.org/test-only/report0", "https://example.org/test-only/report1"}
    # the second report's day lies after the first's (the one day it was certain): it is kept,
    # as the tie's last attested day
    assert [str(d) for d in graph.objects(st, KG.attested)] == ["2015-06-03"]
    assert [str(d) for d in graph.objects(st, KG.lastAttested)] == ["2015-06-10"]
    before = store_state(store)
    again = run(store, "import", str(both))
    assert again.output.splitlines()[-1] == "nothing new: the store is unchanged"
    assert store_state(store) == before


def test_kg_add_corroborates_either_way_round_and_a_new_start_is_linked_not_merged(store):
    source = ["--source-url", "https://example.org/test-only/add", "--source-title", "TEST ONLY: made-up report",
              "--source-publisher", "Example News (TEST)", "--source-date", "2015-04-02"]
    # the seeds' hostility, written the other way round (hostility has no direction)
    hostile = ID["st-jaish-al-fath-hostile-to-government"]
    result = run(store, "add", "Syrian government forces", "hostile to", "Jaish al-Fath", *source)
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[:2] == ["statement id:st-jaish-al-fath-hostile-to-government",
                                              "corroborates id:st-jaish-al-fath-hostile-to-government (now 2 sources)"]
    assert len(set(graph_of(store).objects(hostile, PROV.wasDerivedFrom))) == 2
    # a start the tie does not have: kept apart (its sources' dates are its own), linked to it
    result = run(store, "add", "Islamic State", "controls", "Raqqa Governorate", "--start", "2014-01", *source)
    assert result.exit_code == 0, result.output
    assert ("restating id:st-islamic-state-controls-raqqa-governorate: it gives a start that "
            "id:st-islamic-state-controls-raqqa-governorate does not") in result.output


def test_every_importer_goes_through_the_one_rule(store):
    """A dataset importer hands kg.update.apply a graph of triples, as this test does: a statement
    in it that restates a tie in the graph joins it, as a CSV row's would."""
    from kg.importers.common import new_graph
    from kg.update import apply

    additions = new_graph()
    st, source = ID["st-test-dataset-branch"], ID["src-test-dataset"]
    additions.add((source, RDF.type, KG.Dataset))
    additions.add((source, DCTERMS.title, Literal("TEST ONLY: made-up dataset")))
    additions.add((source, DCTERMS.publisher, Literal("Example Data (TEST)")))
    additions.add((source, DCTERMS.date, Literal("2015-06-01", datatype=XSD.date)))
    additions.add((source, URIRef("https://schema.org/url"), URIRef("https://example.org/test-only/dataset")))
    additions.add((source, KG.usedAs, Literal("Example Data (TEST), 2015-06-01")))
    for p, o in ((RDF.type, KG.AffiliationStatement), (KG.actor, ID["al-nusra-front"]), (KG.object, ID["al-qaeda"]),
                 (KG.affiliationType, KG.Branch), (KG.attested, Literal("2015-06-01", datatype=XSD.date)),
                 (PROV.wasDerivedFrom, source)):
        additions.add((st, p, o))
    change = apply(store, additions, record={"kind": "test"})
    assert [(p.action, p.target, p.sources) for p in change.placed] == [("corroborates", BRANCH, 2)]
    graph = graph_of(store)
    assert (st, None, None) not in graph
    assert (BRANCH, PROV.wasDerivedFrom, source) in graph
    # its day lies inside the tie's certain span (2015-03-30 to July 2016): nothing to strengthen
    assert [str(d) for d in graph.objects(BRANCH, KG.attested)] == ["2015-03-30"]
    again = apply(store, additions, record={"kind": "test"})
    assert again.added == 0 and [p.action for p in again.placed] == ["already recorded"]


def test_a_row_named_by_its_id_is_never_merged(memory_graph):
    from kg.corroboration import place

    graph = Graph()
    graph += memory_graph
    st = ID["st-test-given"]
    for p, o in ((RDF.type, KG.AffiliationStatement), (KG.actor, ID["al-nusra-front"]), (KG.object, ID["al-qaeda"]),
                 (KG.affiliationType, KG.Branch), (KG.attested, Literal("2015-04-25", datatype=XSD.date)),
                 (PROV.wasDerivedFrom, ID["src-france24-2015-03-30"])):
        graph.add((st, p, o))
    [kept] = place(graph, [st], given={st})
    assert (kept.action, kept.target) == ("added", None) and (st, KG.actor, ID["al-nusra-front"]) in graph
    [merged] = place(graph, [st])
    assert (merged.action, merged.target) == ("already recorded", BRANCH) and (st, None, None) not in graph


def test_the_worked_examples_in_the_ontology_guide(store):
    """docs/ontology.md, Corroboration: its three examples, run one after the other on one
    store (tests/test_docs.py runs each alone and checks the lines shown)."""
    import shlex

    from .conftest import REPO
    from .test_docs import examples

    page = (REPO / "docs" / "ontology.md")
    text = page.read_text(encoding="utf-8")
    section = text.split("### Corroboration", 1)[1].split("\n## ", 1)[0]
    shown = [(c, o) for line, c, o in examples(page) if f"$ {c[:40]}" in section.replace("\\\n    ", " ")]
    assert len(shown) == 3
    outputs = []
    for command, output in shown:
        result = run(store, *shlex.split(command)[1:])
        assert result.exit_code == 0, result.output
        # each line the guide shows (the third, after the other two: with a note on the restatement)
        assert [line for line in output.splitlines()
                if not any(x.startswith(line) for x in result.output.splitlines())] == []
        outputs.append(result.output)
        if len(outputs) == 1:
            assert al_qaeda_ties(store, "2020-01-01") == []
            [tie] = al_qaeda_ties(store, "2015-04-25")
            assert tie["sources"] == ["Example News (TEST), 2015-04-25", "FRANCE 24, 2015-03-30"]
    graph = graph_of(store)
    [restated] = graph.subjects(KG.restates, BRANCH)
    assert graph.value(restated, KG.end) == graph.value(BRANCH, KG.end)
    apart = ID[outputs[2].split("added id:")[1].split(" ")[0]]
    assert (apart, KG.restates, None) not in graph and graph.value(apart, KG.end) is None


def test_reports_on_several_days_give_one_span_from_the_first_to_the_last(store):
    """A tie 'as of' one day, reported again on later days: it keeps one kg:attested (the
    earliest) and one kg:lastAttested (the latest), and is in force from the one through the
    other whatever order the reports come in (two kg:attested values once made the span
    depend on which row a query returned last)."""
    tie = ID["st-islamic-state-controls-raqqa-governorate"]  # the seeds': as of 2015-03-30 only

    def add(day: str):
        result = run(store, "add", "Islamic State", "controls", "Raqqa Governorate", "--attested", day,
                     "--source-url", f"https://example.org/test-only/{day}", "--source-title",
                     f"TEST ONLY: made-up report of {day}", "--source-publisher", "Example News (TEST)",
                     "--source-date", day)
        assert result.exit_code == 0, result.output
        assert f"corroborates {'id:' + str(tie).rsplit('/', 1)[-1]}" in result.output

    def certainty(day: str) -> str | None:
        shown = run(store, "control", "Raqqa Governorate", "--at", day, "--format", "json")
        assert shown.exit_code == 0, shown.output
        rows = [r for r in json.loads(shown.stdout)["control"] if r["statement"] == str(tie)]
        return rows[0]["certainty"] if rows else None

    add("2015-06-01")
    add("2015-05-01")  # inside the span by now: adds a source, not a day
    add("2015-07-01")
    graph = graph_of(store)
    assert [str(d) for d in graph.objects(tie, KG.attested)] == ["2015-03-30"]
    assert [str(d) for d in graph.objects(tie, KG.lastAttested)] == ["2015-07-01"]
    assert len(set(graph.objects(tie, PROV.wasDerivedFrom))) == 4
    for day in ("2015-03-30", "2015-05-15", "2015-07-01"):
        assert certainty(day) == "in force", day
    assert certainty("2015-07-02") == "possibly in force"
    assert certainty("2015-03-29") == "possibly in force"
