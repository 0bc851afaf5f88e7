"""Importing the analyst CSV format: the README walkthrough, bad files, round trip, kg add."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Literal, URIRef
from rdflib.namespace import PROV, RDF, SKOS, XSD

from kg.cli import cli
from kg.namespaces import ID, KG

from .conftest import store_state

REPO = Path(__file__).resolve().parent.parent
EXAMPLE = REPO / "examples" / "idlib-control-changes.csv"
HEADER = ("subject,relation,object,start,end,precision,source_title,source_publisher,source_date,"
          "source_url,claimant,note\n")
TEST_SOURCE = "TEST ONLY: made-up report,Example News (TEST),2015-04-26,https://example.org/test-only/t1"


def run(location: str, *args: str):
    return CliRunner().invoke(cli, ["--store", location, *args])


@pytest.fixture
def store(article_copy) -> str:
    """In this module, a fresh copy of the seed article's store (no datasets): the import's
    logic on the article's statements, each write a third of its cost on the bundled store. The
    README walkthrough, the example's round trips and the rebuild check run on the bundled store
    with the example imported once for the module (``example_store``)."""
    return article_copy


@pytest.fixture(scope="module")
def _example_imported(disk_store, article_store, tmp_path_factory):
    """``imported(base)``: the session's bundled (``disk_store``) or article store with
    examples/idlib-control-changes.csv imported by `kg import`, once for the module each, and
    what the command printed."""
    from kg.store import parse_location

    made: dict[str, tuple[Path, str]] = {}

    def imported(base: str) -> tuple[Path, str]:
        if base not in made:
            path = tmp_path_factory.mktemp("example") / "s"
            shutil.copytree(parse_location(base).path, path)
            result = run(f"oxigraph:{path}", "import", str(EXAMPLE))
            assert result.exit_code == 0, result.output
            made[base] = path, result.output
        return made[base]

    return imported


@pytest.fixture
def example_store(_example_imported, disk_store, tmp_path) -> str:
    """A fresh copy of the bundled store after `kg import examples/idlib-control-changes.csv`."""
    shutil.copytree(_example_imported(disk_store)[0], tmp_path / "example")
    return f"oxigraph:{tmp_path / 'example'}"


@pytest.fixture
def article_example_store(_example_imported, article_store, tmp_path) -> str:
    """The same on the seed article's store (the example's rows concern the article's places)."""
    shutil.copytree(_example_imported(article_store)[0], tmp_path / "example")
    return f"oxigraph:{tmp_path / 'example'}"


# --- the README walkthrough ------------------------------------------------------------------


def test_walkthrough_two_control_changes_with_their_sources(_example_imported, example_store, disk_store):
    from kg.store import manifest, open_graph, parse_location
    from kg.ties import control
    from kg.views import view

    # what the README shows: `kg import` of the example on the default store, datasets and all (the
    # module's import on a copy of the session's bundled store, and what it printed)
    store, output = example_store, _example_imported(disk_store)[1]
    assert output.splitlines()[0] == (
        "checked 4 row(s): 4 statement(s), 0 new actor(s)/place(s), 2 new source(s)")
    assert "closed: id:st-syrian-government-forces-controls-jisr-al-shughur-" in output
    assert "Syrian government forces held Ariha until 2015-05-28" in output

    graph = open_graph(store)
    rows = [(r.place, r.controller, r.span, r.status, r.sources)
            for r in control(graph, "Idlib Governorate").rows if r.place in ("Ariha", "Jisr al-Shughur")]
    # Each government hold is closed by the capture in the same report: "by" the capture's day (the
    # report dates the change, not the government's last day, so kg:endBound kg:NotAfter). In Ariha
    # the capture is SOHR's claim, so the end is SOHR's word (kg:endClaimant) while the hold itself
    # stays reported in the bulletin's own voice; in Jisr al-Shughur the capture is reported.
    assert rows == [
        ("Ariha", "Syrian government forces", "2011 – by 2015-05-28",
         "reported; end claimed by Syrian Observatory for Human Rights", ["Example Monitor (TEST), 2015-05-29"]),
        ("Ariha", "Jaish al-Fath", "2015-05-28 –", "claimed by Syrian Observatory for Human Rights",
         ["Example Monitor (TEST), 2015-05-29"]),
        # the seed's claim (Wassim Nasr: held by 2015-03-30) is closed by the same capture
        ("Jisr al-Shughur", "Syrian government forces", "by 2015-03-30 – by 2015-04-25", "claimed by Wassim Nasr",
         ["FRANCE 24, 2015-03-30"]),
        ("Jisr al-Shughur", "Syrian government forces", "2011 – by 2015-04-25", "reported",
         ["Example News (TEST), 2015-04-26"]),
        ("Jisr al-Shughur", "Jaish al-Fath", "2015-04-25 –", "reported", ["Example News (TEST), 2015-04-26"]),
    ]
    on_day = control(graph, "Idlib Governorate", at=dt.date(2015, 6, 1)).rows
    assert {(r.place, r.controller) for r in on_day} == {
        ("Ariha", "Jaish al-Fath"), ("Jisr al-Shughur", "Jaish al-Fath"), ("Idlib", "Jaish al-Fath")}

    shown = run(store, "control", "Idlib Governorate", "--format", "csv")
    assert shown.exit_code == 0
    assert "Example News (TEST), 2015-04-26" in shown.output and "Example Monitor (TEST), 2015-05-29" in shown.output

    _, network = view(graph, at=dt.date(2015, 6, 1))
    edges = {(network.nodes[u]["label"], d["relation"], network.nodes[v]["label"])
             for u, v, d in network.edges(data=True)}
    assert ("Jaish al-Fath", "controls", "Jisr al-Shughur") in edges
    assert ("Jaish al-Fath", "controls", "Ariha") in edges
    assert ("Syrian government forces", "controls", "Ariha") not in edges

    info = manifest(parse_location(store).path)  # type: ignore[arg-type]
    assert info is not None and info["bundled"] is False
    assert [(i["kind"], i["file"], i["statements"]) for i in info["imports"]] == [
        ("csv", "idlib-control-changes.csv", 4)]


def test_importing_the_same_file_twice_changes_nothing(article_example_store):
    store = article_example_store  # the example file imported (once for the module)
    before = store_state(store)
    again = run(store, "import", str(EXAMPLE))
    assert again.exit_code == 0
    assert again.output.splitlines()[-1] == "nothing new: the store is unchanged"
    assert store_state(store) == before


def test_user_data_survives_the_bundled_rebuild_check(example_store, monkeypatch):
    from kg import store as kg_store

    store = example_store  # the example file imported (once for the module)
    monkeypatch.setattr(kg_store, "_bundled_fingerprint", lambda: "changed")
    path = kg_store.parse_location(store).path
    assert path is not None and kg_store._needs_bundled_build(path) is False


def test_a_new_control_change_closes_the_open_span_and_disagreement_is_kept(article_example_store):
    from kg.store import open_graph
    from kg.ties import control

    store = article_example_store  # the example file imported (once for the module)
    later = run(store, "add", "Syrian government forces", "controls", "Jisr al-Shughur", "--start", "2020-03-01",
                "--source-url", "https://example.org/test-only/t2", "--source-title", "TEST ONLY: later report",
                "--source-publisher", "Example News (TEST)", "--source-date", "2020-03-02")
    assert later.exit_code == 0, later.output
    assert "Jaish al-Fath held Jisr al-Shughur until 2020-03-01" in later.output
    other = run(store, "add", "Jaish al-Fath", "controls", "Jisr ash-Shughur", "--start", "2015-04-23",
                "--source-url", "https://example.org/test-only/t3", "--source-title", "TEST ONLY: other report",
                "--source-publisher", "Other News (TEST)", "--source-date", "2015-04-24")
    assert other.exit_code == 0, other.output
    assert "both kept as competing claims" in other.output
    # it began before the government's 2020 hold, which is already in the graph: that ends it
    # too, whatever the order in which the reports arrived
    assert "Jaish al-Fath held Jisr al-Shughur until 2020-03-01" in other.output
    rows = [(r.controller, r.span, r.status, r.sources) for r in control(open_graph(store), "Jisr al-Shughur").rows]
    # Certain spans (kg.timespan.bounds): the government's hold, 2011 (Year) "by" 2015-04-25, is
    # certain from 2011-12-31 until 2015-04-25 (its source, of 2015-04-26, vouches that far, and the
    # end caps it); the other report's hold from 2015-04-23 is certain through its own date,
    # 2015-04-24. Both certain on 2015-04-23 and 2015-04-24: contested.
    assert rows == [
        # the seed's claim (held by 2015-03-30, certain on that day only): closed by the capture, not contested
        ("Syrian government forces", "by 2015-03-30 – by 2015-04-25", "claimed by Wassim Nasr", ["FRANCE 24, 2015-03-30"]),
        ("Syrian government forces", "2011 – by 2015-04-25", "contested", ["Example News (TEST), 2015-04-26"]),
        ("Jaish al-Fath", "2015-04-23 – by 2020-03-01", "contested", ["Other News (TEST), 2015-04-24"]),
        # closed by the 2020 report "by" its date: Jaish al-Fath held it then at the latest, not
        # necessarily until then; its own source stays its only source (the end's is kg:endSource)
        ("Jaish al-Fath", "2015-04-25 – by 2020-03-01", "reported", ["Example News (TEST), 2015-04-26"]),
        # the other report vouches for Jaish al-Fath's hold only up to its date (2015-04-24): no
        # day on which both are certain, so the 2020 change is not contested
        ("Syrian government forces", "2020-03-01 –", "reported", ["Example News (TEST), 2020-03-02"]),
    ]
    # the end is cited apart (kg:endSource), the closed statement keeps its own sources
    graph = open_graph(store)
    ended = set(graph.subjects(KG.end, Literal("2020-03-01", datatype=XSD.date)))
    assert len(ended) == 2  # both of Jaish al-Fath's holds, each by the 2020 report
    for old in ended:
        new = graph.value(old, KG.endedBy)
        assert (new, KG.actor, ID["syrian-government-forces"]) in graph
        assert set(graph.objects(old, KG.endSource)) == set(graph.objects(new, PROV.wasDerivedFrom))
        assert set(graph.objects(old, KG.endSource)).isdisjoint(graph.objects(old, PROV.wasDerivedFrom))


TEST_SOURCE_ARGS = ("--source-url", "https://example.org/test-only/t9", "--source-title", "TEST ONLY: later report",
                    "--source-publisher", "Example News (TEST)", "--source-date", "2017-01-02")
# An open affiliation to supersede: the seeds' only one, al-Nusra Front a branch of al-Qaeda, already
# ends (July 2016, on al-Jawlani's word), so the affiliation case writes its own open tie first, cited
# to a TEST source (a made-up claim is never cited to a real source).
OPEN_ALLEGIANCE_SOURCE = "TEST ONLY: made-up older report,Example News (TEST),2014-01-02,https://example.org/test-only/t8"
OPEN_ALLEGIANCE = (f"id:st-test-nusra-allegiance-to-al-qaeda,al-Nusra Front,pledged allegiance to,al-Qaeda,2013-04,,month,"
                   f"{OPEN_ALLEGIANCE_SOURCE},,TEST ONLY: an open tie to supersede or end.\n")
SUPERSEDE = {  # a newer statement of the same kind -> the open statement it ends (and that one's own source)
    "affiliation": (("al-Nusra Front", "pledged allegiance to", "Islamic State"),
                    "st-test-nusra-allegiance-to-al-qaeda", "al-Nusra Front pledged allegiance to al-Qaeda"),
    "membership role": (("Ahrar al-Sham", "leads", "Jaish al-Fath"),
                        "st-ahrar-member-of-jaish-al-fath", "Ahrar al-Sham member of Jaish al-Fath"),
    "hostility -> cooperation (reversed pair)": (("Syrian government forces", "allied with", "Jaish al-Fath"),
                                                 "st-jaish-al-fath-hostile-to-government",
                                                 "Jaish al-Fath hostile to Syrian government forces"),
}


def write_open_allegiance(store, tmp_path) -> None:
    path = tmp_path / "open.csv"
    path.write_text("id," + HEADER + OPEN_ALLEGIANCE, encoding="utf-8")
    result = run(store, "import", str(path))
    assert result.exit_code == 0, result.output
    assert "closed:" not in result.output  # nothing to supersede: the seeds' branch tie has ended


@pytest.mark.parametrize("case", sorted(SUPERSEDE))
def test_a_newer_statement_ends_the_one_it_supersedes_for_every_kind(store, tmp_path, case):
    from kg.store import open_graph

    (subject, relation, obj), old_local, words = SUPERSEDE[case]
    own_source = ID["src-france24-2015-03-30"]  # the seed statements' one source
    if old_local == "st-test-nusra-allegiance-to-al-qaeda":
        write_open_allegiance(store, tmp_path)
        own_source = open_graph(store).value(ID[old_local], PROV.wasDerivedFrom)
        assert str(open_graph(store).value(own_source, URIRef("https://schema.org/url"))) == (
            "https://example.org/test-only/t8")
    result = run(store, "add", subject, relation, obj, "--start", "2017-01-01", "--claimant", "Wassim Nasr",
                 *TEST_SOURCE_ARGS)
    assert result.exit_code == 0, result.output
    new = result.output.splitlines()[0].removeprefix("statement ")
    assert f"closed: id:{old_local}: {words} until 2017-01-01 ({new})" in result.output.splitlines()
    graph = open_graph(store)
    old, new_iri = ID[old_local], ID[new.removeprefix("id:")]
    assert graph.value(old, KG.end) == Literal("2017-01-01", datatype=XSD.date)
    assert graph.value(old, KG.endedBy) == new_iri
    assert set(graph.objects(old, KG.endSource)) == set(graph.objects(new_iri, PROV.wasDerivedFrom))
    assert list(graph.objects(old, KG.endClaimant)) == [ID["wassim-nasr"]]
    assert list(graph.objects(old, KG.endBound)) == [KG.NotAfter]  # ended by the new start at the latest
    assert list(graph.objects(old, PROV.wasDerivedFrom)) == [own_source]


def test_a_statement_of_another_kind_or_pair_supersedes_nothing(store):
    from kg.store import open_graph

    before = len(list(open_graph(store).subjects(KG.end, None)))
    for subject, relation, obj in [("Ahrar al-Sham", "branch of", "al-Qaeda"),  # another actor's affiliation
                                   ("al-Nusra Front", "pledged allegiance to", "Islamic State"),  # another type
                                   ("Ahrar al-Sham", "member of", "Jaish al-Fath"),  # the same role
                                   ("Ahrar al-Sham", "hostile to", "Syrian government forces")]:  # another pair
        result = run(store, "add", subject, relation, obj, "--start", "2017-01-01", *TEST_SOURCE_ARGS)
        assert result.exit_code == 0, result.output
        assert "closed:" not in result.output
    assert len(list(open_graph(store).subjects(KG.end, None))) == before


def test_declared_entities_resolve_in_the_same_file(store, tmp_path):
    from kg.store import open_graph
    from kg.ties import control

    csv_file = tmp_path / "new.csv"
    csv_file.write_text(
        HEADER.rstrip("\n") + ",kind,labels,aliases,lat,long,parent\n"
        f"Exampletown (TEST),,,,,,{TEST_SOURCE},,TEST ONLY,city,بلدة المثال,Example Town,35.5,36.5,Idlib Governorate\n"
        f"Jaish al-Fath,controls,Example Town,2015-04-01,,,{TEST_SOURCE},,TEST ONLY,,,,,,\n",
        encoding="utf-8")
    result = run(store, "import", str(csv_file))
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0] == "checked 2 row(s): 1 statement(s), 1 new actor(s)/place(s), 1 new source(s)"
    graph = open_graph(store)
    assert (ID["exampletown-test"], KG.locatedIn, ID["idlib-governorate"]) in graph
    assert [(r.place, r.controller) for r in control(graph, "بلدة المثال").rows] == [("Exampletown (TEST)", "Jaish al-Fath")]


def test_memory_store(monkeypatch, article_memory_graph):
    from kg import store as kg_store
    from kg.importers.statements import import_statements
    from kg.ties import control

    memory_graph = article_memory_graph  # the seed article's graph in memory: the example's rows are about its places
    size = len(memory_graph)
    monkeypatch.setattr(kg_store, "_memory_graph", memory_graph)  # the session's: an import writes a new graph
    batch, change = import_statements("memory", EXAMPLE)
    assert change.written and len(batch.statements) == 4
    assert kg_store._memory_graph is not memory_graph and len(memory_graph) == size
    rows = control(kg_store.open_graph("memory"), "Ariha").rows
    assert [(r.controller, r.span) for r in rows] == [
        ("Syrian government forces", "2011 – by 2015-05-28"), ("Jaish al-Fath", "2015-05-28 –")]


# --- bad files: every problem reported with row and reason, the store unchanged --------------

BAD = {
    "unknown-name": (
        (f"Jaish al-Fathh Brigade,controls,Ariha,2015-05-28,,,{TEST_SOURCE},,\n"
        f"Jaish al-Fath,controls,Arihaa Town,2015-05-28,,,{TEST_SOURCE},,\n"),
        2, ["bad.csv row 2: subject: no actor is called 'Jaish al-Fathh Brigade'; did you mean: Jaish al-Fath",
            "bad.csv row 3: object: no place is called 'Arihaa Town'; did you mean: Ariha"]),
    "bad-date": (
        (f"Jaish al-Fath,controls,Ariha,2015-02-30,,,{TEST_SOURCE},,\n"
        f"Jaish al-Fath,controls,Ariha,28/05/2015,,,{TEST_SOURCE},,\n"),
        2, ["bad.csv row 2: bad date '2015-02-30' in column start (expected YYYY-MM-DD, YYYY-MM or YYYY)",
            "bad.csv row 3: bad date '28/05/2015' in column start (expected YYYY-MM-DD, YYYY-MM or YYYY)"]),
    "unknown-relation": (
        f"Jaish al-Fath,control,Ariha,2015-05-28,,,{TEST_SOURCE},,\n",
        2, ["bad.csv row 2: unknown relation 'control'; did you mean: controls"]),
    "missing-source": (
        ("Jaish al-Fath,controls,Ariha,2015-05-28,,,,,,,,\n"
        "Jaish al-Fath,controls,Ariha,2015-05-28,,,,,,https://example.org/test-only/none,,\n"),
        2, ["bad.csv row 2: missing source: source_url is empty (every statement needs a source)",
            ("bad.csv row 3: missing source: source_title, source_publisher empty for a source not yet in "
            "the graph (https://example.org/test-only/none)")]),
    "breaks-shapes": (
        (f"Jaish al-Fath,controls,Ariha,2015-05-28,2015-05-01,,{TEST_SOURCE},,\n"
        f"Ahrar al-Sham,member of,al-Nusra Front,2015-05-28,,,{TEST_SOURCE},,\n"),
        1, ["bad.csv row 2: id:st-jaish-al-fath-controls-ariha-f9fcd854: the span ends before it starts",
            ("bad.csv row 3: id:st-ahrar-al-sham-member-of-al-nusra-front-9f480494: the kg:object of a "
            "membership must be a kg:Alliance")]),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_bad_rows_are_all_reported_and_nothing_is_written(store, tmp_path, case):
    body, code, expected = BAD[case]
    bad = tmp_path / "bad.csv"
    bad.write_text(HEADER + body, encoding="utf-8")
    before = store_state(store)
    result = run(store, "import", str(bad))
    assert result.exit_code == code, result.output
    for line in expected:
        assert any(out.strip().startswith(line) for out in result.output.splitlines()), (line, result.output)
    assert store_state(store) == before


def test_wrong_encoding(store, tmp_path):
    bad = tmp_path / "latin1.csv"
    bad.write_bytes((HEADER + f"Jaish al-Fath,controls,Ariha,2015-05-28,,,{TEST_SOURCE},,Prise d'Ariha é\n").encode("latin-1"))
    before = store_state(store)
    result = run(store, "import", str(bad))
    assert result.exit_code == 2
    assert "the CSV file is not UTF-8 text (byte 0xe9 at line 2)" in result.output
    assert store_state(store) == before


def test_missing_and_unknown_columns(store, tmp_path):
    bad = tmp_path / "cols.csv"
    bad.write_text("subject,relation,object,strat,source_url\nJaish al-Fath,controls,Ariha,2015,https://x.org\n",
                   encoding="utf-8")
    before = store_state(store)
    result = run(store, "import", str(bad))
    assert result.exit_code == 2
    assert "cols.csv row 1: missing column(s): start, end, source_title, source_publisher" in result.output
    assert "cols.csv row 1: unknown column 'strat'; did you mean 'start'?" in result.output
    assert store_state(store) == before


def test_dry_run_writes_nothing(store):
    before = store_state(store)
    result = run(store, "import", "--dry-run", str(EXAMPLE))
    assert result.exit_code == 0
    # 4 statements: 7 triples each (type, actor, object, start, startPrecision, source, note), 2 more
    # for the one claim (kg:Claim, claimant) = 30; 2 new sources, 6 each (type, title, publisher, date,
    # url, usedAs) = 12; 2 government holds closed, 6 each (end, endPrecision, endBound, endedBy,
    # endSource, note) and 1 endClaimant (the Ariha capture is SOHR's claim) = 13; 4 derived
    # kg:controls edges; the 4 statements' derived spans, 4 each = 16. 30 + 12 + 13 + 4 + 16 = 75; 5
    # for the seed's own claim on Jisr al-Shughur, which the same capture closes too; and 1, the
    # government's reported hold there restating that claim (kg:restates: another voice): 81.
    assert result.output.splitlines()[-1] == "dry run: 81 new triple(s) would be added; nothing was written"
    assert store_state(store) == before


# --- export --format csv: the round trip -----------------------------------------------------


GEO = "http://www.w3.org/2003/01/geo/wgs84_pos#"


def round_trip_parts(graph) -> tuple[set, set]:
    """What ``kg export --format csv`` carries: (1) every triple of every statement (all kinds),
    derived bounds left out; (2) of every actor, agent and place: its kind, names, notes,
    coordinates, parent, UN reference, UCDP id, Wikidata link and sources. Not compared: the
    kg:provenance records (an import cites each name, coordinate and identifier to the kind row's
    source), the source records' kg:usedAs and kg:retrieved, events and skos:hiddenLabel."""
    from rdflib import URIRef
    from rdflib.namespace import OWL, RDF, RDFS, SKOS

    from kg.export import canonical
    from kg.importers.statements import KINDS

    g = canonical(graph)
    kinds = set(g.transitive_subjects(RDFS.subClassOf, KG.Statement)) - {KG.Statement}
    derived = set(g.subjects(RDF.type, KG.DirectEdge)) | set(g.subjects(RDF.type, KG.DerivedProperty))
    statements = {t for k in kinds for s in g.subjects(RDF.type, k) for t in g.triples((s, None, None))
                  if t[1] not in derived}
    props = {RDF.type, SKOS.prefLabel, SKOS.altLabel, KG.note, URIRef(GEO + "lat"), URIRef(GEO + "long"),
             KG.locatedIn, KG.unReference, KG.ucdpActorId, OWL.sameAs, PROV.wasDerivedFrom}
    entities = {s for k in set(KINDS.values()) for s in g.subjects(RDF.type, k) if str(s).startswith(str(ID))}
    return statements, {t for s in entities for t in g.triples((s, None, None)) if t[1] in props}


def test_export_csv_round_trips_into_an_empty_store(example_store, tmp_path):
    from kg.store import open_graph

    store = example_store  # the example file imported (closed spans: end rows with their own source)
    # a second report of an "as of" tie on a later day: the tie gets a kg:lastAttested
    later = run(store, "add", "Islamic State", "controls", "Raqqa Governorate", "--attested", "2015-06-01",
                "--source-url", "https://example.org/test-only/later", "--source-title", "TEST ONLY: made-up report",
                "--source-publisher", "Example News (TEST)", "--source-date", "2015-06-01")
    assert later.exit_code == 0 and "corroborates" in later.output, later.output
    graph = open_graph(store)
    assert any(graph.triples((None, KG.lastAttested, None))) and any(graph.triples((None, KG.restates, None)))
    exported = tmp_path / "all.csv"
    assert run(store, "export", "--format", "csv", "-o", str(exported)).exit_code == 0
    lines = exported.read_text(encoding="utf-8").splitlines()
    assert lines[0] == ("id,subject,relation,object,start,end,precision,source_title,source_publisher,source_date,"
                        "source_url,claimant,note,end_precision,start_bound,end_bound,attested,last_attested,"
                        "coverage_from,coverage_until,source_id,source_kind,ended_by,restates,kind,labels,aliases,"
                        "lat,long,parent,un_reference,ucdp_id,wikidata,ucdp_coalition")
    import csv

    nusra = next(r for r in csv.DictReader(lines) if r["id"] == "id:al-nusra-front")
    assert (nusra["kind"], nusra["labels"], nusra["un_reference"], nusra["ucdp_id"], nusra["wikidata"]) == (
        "armed group", "جبهة النصرة", "QDe.137", "1170", "Q32748")
    empty = f"oxigraph:{tmp_path / 'empty'}"
    built = run(empty, "build", "--empty")
    assert built.exit_code == 0, built.output
    assert round_trip_parts(open_graph(empty)) == (set(), set())
    again = run(empty, "import", str(exported))
    assert again.exit_code == 0, again.output
    original, copy = round_trip_parts(open_graph(store)), round_trip_parts(open_graph(empty))
    assert len(original[0]) > 100 and len(original[1]) > 150
    assert copy[0] == original[0]
    assert copy[1] == original[1]
    twice = run(empty, "import", str(exported))
    assert twice.output.splitlines()[-1] == "nothing new: the store is unchanged"


def test_a_note_stays_on_its_own_row(memory_graph):
    import csv
    import io

    from kg.importers.csv_export import export_csv

    rows = list(csv.DictReader(io.StringIO(export_csv(memory_graph))))
    ahrar = [r for r in rows if r["id"] == "id:st-ahrar-member-of-jaish-al-fath"]
    notes = [str(n) for n in memory_graph.objects(ID["st-ahrar-member-of-jaish-al-fath"], KG.note)]
    assert sorted(r["note"] for r in ahrar if r["note"]) == sorted(notes)
    assert len(ahrar) == max(len(notes), len(set(memory_graph.objects(ID["st-ahrar-member-of-jaish-al-fath"],
                                                                     PROV.wasDerivedFrom))))


def statement_triples(graph) -> set:
    from rdflib.namespace import RDF

    from kg.export import canonical

    g = canonical(graph)
    statements = {s for s in g.subjects(RDF.type, KG.Statement)} | {
        s for k in (KG.MembershipStatement, KG.AffiliationStatement, KG.ControlStatement,
                    KG.CooperationStatement, KG.HostilityStatement) for s in g.subjects(RDF.type, k)}
    return {t for s in statements for t in g.triples((s, None, None))}


def test_export_csv_round_trip(example_store, disk_store, tmp_path):
    from kg.store import open_graph, parse_location

    store = example_store  # the example file imported (once for the module)
    exported = tmp_path / "statements.csv"
    result = run(store, "export", "--format", "csv", "-o", str(exported))
    assert result.exit_code == 0
    text = exported.read_text(encoding="utf-8")
    assert text.splitlines()[0].startswith("id,subject,relation,object,start,end,precision,source_title,")
    fresh = tmp_path / "fresh"
    shutil.copytree(parse_location(disk_store).path, fresh)
    again = run(f"oxigraph:{fresh}", "import", str(exported))
    assert again.exit_code == 0, again.output
    assert statement_triples(open_graph(f"oxigraph:{fresh}")) == statement_triples(open_graph(store))


# --- ending a tie, lineage, kind rows that would merge names -------------------------------------

SOURCE_COLS = "TEST ONLY: made-up report,Example News (TEST),2016-07-29,https://example.org/test-only/jfs"
# Ends an open seed tie (al-Nusra Front leads Jaish al-Fath; the seeds' branch tie to al-Qaeda has
# already ended, so it cannot show an end row ending an open statement).
END_LEAD = (f"al-Nusra Front,leads,Jaish al-Fath,,2016-07-28,,{SOURCE_COLS},al-Nusra Front,"
            "TEST ONLY: the group says it left the alliance.\n")
# Ends the open allegiance that write_open_allegiance() adds.
END_ALLEGIANCE = (f"al-Nusra Front,pledged allegiance to,al-Qaeda,,2016-07-28,,{SOURCE_COLS},al-Nusra Front,"
                  "TEST ONLY: the group says it cut its ties.\n")


def test_an_end_row_ends_the_one_open_statement_with_its_own_source_and_claimant(store, tmp_path):
    from kg.store import open_graph

    path = tmp_path / "end.csv"
    path.write_text(HEADER + END_LEAD, encoding="utf-8")
    result = run(store, "import", str(path))
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[:2] == [
        "checked 1 row(s): 0 statement(s), 0 new actor(s)/place(s), 1 new source(s)",
        "closed: id:st-nusra-leads-jaish-al-fath: al-Nusra Front -> Jaish al-Fath until 2016-07-28 (ended by end.csv row 2)"]
    graph = open_graph(store)
    st = ID["st-nusra-leads-jaish-al-fath"]
    source = graph.value(st, KG.endSource)
    assert str(graph.value(source, URIRef("https://schema.org/url"))) == "https://example.org/test-only/jfs"
    assert (graph.value(st, KG.end), graph.value(st, KG.endPrecision)) == (
        Literal("2016-07-28", datatype=XSD.date), KG.Day)
    assert list(graph.objects(st, KG.endClaimant)) == [ID["al-nusra-front"]]
    assert list(graph.objects(st, PROV.wasDerivedFrom)) == [ID["src-france24-2015-03-30"]]  # its own source only
    assert (Literal("End set to 2016-07-28 (Example News (TEST), 2016-07-29, claimed by al-Nusra Front). "
                    "TEST ONLY: the group says it left the alliance.", lang="en") in set(graph.objects(st, KG.note)))
    assert (st, RDF.type, KG.Claim) not in graph  # the end is a claim, the statement is not
    # the spans are derived again with the end: certain from the article's day (the start, 2015-03-24,
    # is only "not before") until the end (day precision, no bound: exclusive, certain and possible alike)
    assert [str(graph.value(st, KG[p])) for p in ("certainFrom", "certainUntil", "possibleFrom", "possibleUntil")] == [
        "2015-03-30", "2016-07-28", "2015-03-24", "2016-07-28"]
    before = store_state(store)
    again = run(store, "import", str(path))
    assert again.output.splitlines()[-1] == "nothing new: the store is unchanged"
    assert store_state(store) == before


def test_kg_add_ends_a_tie(store):
    # the seed hostility, written the other way round (hostility has no direction); a month end
    result = run(store, "add", "Syrian government forces", "hostile to", "Jaish al-Fath", "--end", "2016-07",
                 "--source-url", "https://example.org/test-only/jfs", "--source-title", "TEST ONLY: made-up report",
                 "--source-publisher", "Example News (TEST)", "--source-date", "2016-07-29")
    assert result.exit_code == 0, result.output
    assert ("closed: id:st-jaish-al-fath-hostile-to-government: Jaish al-Fath -> Syrian government forces "
            "until 2016-07-01 (ended by kg add row 1)") in result.output.splitlines()


def test_kg_add_says_when_there_is_nothing_open_to_end(store):
    result = run(store, "add", "Ahrar al-Sham", "hostile to", "Islamic State", "--end", "2017",
                 "--source-url", "https://example.org/test-only/none", "--source-title", "TEST ONLY: made-up report",
                 "--source-publisher", "Example News (TEST)", "--source-date", "2017-02-01")
    assert result.exit_code == 0, result.output
    assert "note: no open statement of that subject, relation and object to end" in result.output
    assert not any(line.startswith("closed:") for line in result.output.splitlines())


def test_an_end_row_that_matches_several_open_statements_is_refused_with_the_candidates(store, tmp_path):
    two = tmp_path / "two.csv"
    two.write_text(HEADER + f"Ahrar al-Sham,hostile to,Islamic State,2014,,,{TEST_SOURCE},,\n"
                   f"Islamic State,fights,Ahrar al-Sham,2015,,,{TEST_SOURCE},,\n", encoding="utf-8")
    assert run(store, "import", str(two)).exit_code == 0
    end = tmp_path / "end.csv"
    end.write_text(HEADER + f"Ahrar al-Sham,hostile to,Islamic State,,2017,,{TEST_SOURCE},,\n", encoding="utf-8")
    before = store_state(store)
    result = run(store, "import", str(end))
    assert result.exit_code == 2
    line = next(x.strip() for x in result.output.splitlines() if "ambiguous end" in x)
    assert line.startswith("end.csv row 2: ambiguous end: 2 open statements match (id:st-ahrar-al-sham-hostile-to-")
    assert line.count("id:st-") == 2 and "id:st-islamic-state-hostile-to-ahrar-al-sham-" in line
    assert store_state(store) == before


def test_a_lineage_row_becomes_a_lineage_statement_and_needs_a_start(memory_graph):
    from kg.importers.common import ImportRejected
    from kg.importers.statements import read_rows

    cells = dict(zip(HEADER.strip().split(","), ["al-Nusra Front", "split from", "al-Qaeda", "2013-04", "", "",
                                                 *SOURCE_COLS.split(","), "", ""]), _row="2")
    batch = read_rows([cells], memory_graph, "lineage.csv")
    [st] = batch.statements
    assert (st, RDF.type, KG.LineageStatement) in batch.graph
    assert (st, KG.lineageType, KG.SplitFrom) in batch.graph
    assert (batch.graph.value(st, KG.start), batch.graph.value(st, KG.startPrecision)) == (
        Literal("2013-04-01", datatype=XSD.date), KG.Month)
    with pytest.raises(ImportRejected) as error:
        read_rows([dict(cells, start="")], memory_graph, "lineage.csv")
    assert [str(p) for p in error.value.problems] == [
        ("lineage.csv row 2: a lineage row needs a start: the day of the change (YYYY-MM-DD; YYYY-MM or YYYY "
        "when the source gives only the month or year)")]


def test_renaming_and_the_end_of_an_affiliation_in_one_file(store, tmp_path):
    from kg.store import open_graph

    write_open_allegiance(store, tmp_path)  # the seeds' own affiliation of al-Nusra has ended already
    path = tmp_path / "jfs.csv"
    path.write_text(
        HEADER.rstrip("\n") + ",kind,aliases\n"
        f"Jabhat Fateh al-Sham (TEST),,,,,,{SOURCE_COLS},,TEST ONLY: the renamed group.,armed group,JFS (TEST)\n"
        f"al-Nusra Front,renamed to,Jabhat Fateh al-Sham (TEST),2016-07-28,,,{SOURCE_COLS},,,,\n"
        + END_ALLEGIANCE.rstrip("\n") + ",,\n", encoding="utf-8")
    result = run(store, "import", str(path))
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[:2] == [
        "checked 3 row(s): 1 statement(s), 1 new actor(s)/place(s), 1 new source(s)",
        ("closed: id:st-test-nusra-allegiance-to-al-qaeda: al-Nusra Front -> al-Qaeda until 2016-07-28 "
        "(ended by jfs.csv row 4)")]
    graph = open_graph(store)
    [renamed] = [s for s in graph.subjects(KG.lineageType, KG.RenamedTo)
                 if s != ID["st-nusra-renamed-to-jabhat-fateh-al-sham"]]  # the seeds' own renaming
    assert (renamed, RDF.type, KG.LineageStatement) in graph
    assert (graph.value(renamed, KG.actor), graph.value(renamed, KG.object)) == (
        ID["al-nusra-front"], ID["jabhat-fateh-al-sham-test"])
    assert graph.value(renamed, KG.end) is None
    # a renaming, once made, stays made: certain from its day for ever (9999-12-31: unbounded)
    assert [str(graph.value(renamed, KG[p])) for p in ("certainFrom", "certainUntil", "possibleFrom", "possibleUntil")] \
        == ["2016-07-28", "9999-12-31", "2016-07-28", "9999-12-31"]
    ended = ID["st-test-nusra-allegiance-to-al-qaeda"]
    assert graph.value(ended, KG.end) == Literal("2016-07-28", datatype=XSD.date)
    assert list(graph.objects(ended, KG.endClaimant)) == [ID["al-nusra-front"]]


def test_a_kind_row_never_merges_names_into_an_existing_actor(store, tmp_path):
    from kg.store import open_graph

    path = tmp_path / "kind.csv"
    path.write_text(HEADER.rstrip("\n") + ",kind,aliases\n"
                    f"Jabhat al-Nusra,,,,,,{TEST_SOURCE},,TEST ONLY,armed group,\n"
                    f"New Brigade (TEST),,,,,,{TEST_SOURCE},,TEST ONLY,armed group,Nusra Front;NB (TEST)\n",
                    encoding="utf-8")
    before = store_state(store)
    result = run(store, "import", str(path))
    assert result.exit_code == 2
    problems = [x.strip() for x in result.output.splitlines() if x.strip().startswith("kind.csv")]
    assert problems == [
        ("kind.csv row 2: conflict: 'Jabhat al-Nusra' already names id:al-nusra-front (al-Nusra Front (armed group)); "
        "nothing merged: to add names to it, give its id (id:al-nusra-front) in the id column, or choose another "
        "name for a different entity"),
        ("kind.csv row 3: conflict: the name 'Nusra Front' already names id:al-nusra-front (al-Nusra Front "
        "(armed group)); not added (a name belongs to one entity)")]
    assert store_state(store) == before
    explicit = tmp_path / "explicit.csv"
    explicit.write_text("id," + HEADER.rstrip("\n") + ",kind,aliases\n"
                        f"id:al-nusra-front,al-Nusra Front,,,,,,{TEST_SOURCE},,TEST ONLY: a note on the group.,"
                        "armed group,Nusra (TEST)\n", encoding="utf-8")
    result = run(store, "import", str(explicit))
    assert result.exit_code == 0, result.output
    graph = open_graph(store)
    assert Literal("Nusra (TEST)", lang="en") in set(graph.objects(ID["al-nusra-front"], SKOS.altLabel))
    assert Literal("TEST ONLY: a note on the group.", lang="en") in set(graph.objects(ID["al-nusra-front"], KG.note))


# --- hostile files (issue 25): the row, the column and why; nothing written -----------------------

ROW = "Jaish al-Fath,controls,Ariha,2015-05-28,,,{source},,{note}"
HOSTILE = {
    "unclosed quote (D15)": (HEADER + ROW.format(source=TEST_SOURCE, note="ok") + "\n"
                             + ROW.format(source=TEST_SOURCE, note='"TEST ONLY: opened') + "\nand never closed\n",
                             "row 3: unclosed quote"),
    "duplicate column (D14)": ("subject,subject," + HEADER.split(",", 1)[1] + "Ariha," + ROW.format(source=TEST_SOURCE, note="") + "\n",
                               "row 1: duplicate column 'subject' (columns 1, 2)"),
    "huge cell (D6)": (HEADER + ROW.format(source=TEST_SOURCE, note="x" * 10_000_000) + "\n",
                       "row 2: column note: the cell holds 10,000,000 characters; a cell holds at most 100,000"),
    "NUL byte (D17)": (HEADER + ROW.format(source=TEST_SOURCE, note="TEST\x00ONLY") + "\n",
                       "row 2: column note: control character U+0000"),
    "bad source_url (D7)": (HEADER + ROW.format(source=TEST_SOURCE.rsplit(",", 1)[0] + ",https://example.org/x?a=<b>",
                                                note="") + "\n", "row 2: source_url 'https://example.org/x?a=<b>' is not"),
}
IDS = {"id:../../x": "D16", "http://evil.example/x": "D16", "id:a b": "D7", "id:x<y>": "D7"}


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_a_hostile_file_is_refused_with_its_row(store, tmp_path, case):
    body, expected = HOSTILE[case]
    path = tmp_path / "hostile.csv"
    path.write_text(body, encoding="utf-8")
    before = store_state(store)
    result = run(store, "import", str(path))
    assert result.exit_code == 2, result.output
    assert f"hostile.csv {expected}" in result.output
    assert "Traceback" not in result.output and len(result.output) < 2000
    assert store_state(store) == before


@pytest.mark.parametrize("ident", sorted(IDS))
def test_an_id_outside_the_id_namespace_is_refused(memory_graph, tmp_path, ident):
    from kg.importers.common import ImportRejected
    from kg.importers.statements import read_statements

    path = tmp_path / "ids.csv"
    path.write_text(HEADER.rstrip("\n") + ",id\n" + ROW.format(source=TEST_SOURCE, note="") + f",{ident}\n",
                    encoding="utf-8")
    with pytest.raises(ImportRejected) as refused:
        read_statements(path, memory_graph)
    assert [str(p) for p in refused.value.problems] == [
        (f"ids.csv row 2: id {ident!r} is not a kg id: write id:NAME, NAME made of letters, digits and . _ ~ - "
         f"(e.g. id:jaish-al-fath), or the full IRI {ID}NAME")]


def test_coordinates_only_on_places_and_in_range(memory_graph, tmp_path):
    from kg.importers.common import ImportRejected
    from kg.importers.statements import read_statements

    path = tmp_path / "coords.csv"
    row = "{name},,,,,,{source},,,{kind},{lat},{long},{parent}\n"
    path.write_text(HEADER.rstrip("\n") + ",kind,lat,long,parent\n"
                    + row.format(name="TEST ONLY Group", source=TEST_SOURCE, kind="armed group", lat="999", long="-999", parent="")
                    + row.format(name="TEST ONLY Town", source=TEST_SOURCE, kind="city", lat="999", long="-999", parent="Idlib Governorate")
                    + row.format(name="TEST ONLY Village", source=TEST_SOURCE, kind="town", lat="35.9", long="36.6", parent="Idlib Governorate"),
                    encoding="utf-8")
    with pytest.raises(ImportRejected) as refused:
        read_statements(path, memory_graph)
    reasons = [p.reason for p in refused.value.problems]
    assert [p.row for p in refused.value.problems] == [2, 2, 3, 3]
    assert reasons[0].startswith("column lat: a row of kind armed group takes no coordinates")
    assert reasons[2:] == ["coordinate 999 in column lat is out of range (-90 to 90 decimal degrees)",
                           "coordinate -999 in column long is out of range (-180 to 180 decimal degrees)"]


def test_a_bad_last_row_of_a_long_file_is_reported_alone(memory_graph, tmp_path):
    from kg.importers.common import ImportRejected
    from kg.importers.statements import read_statements

    rows = [f"Jaish al-Fath,controls,Ariha,{2000 + i % 20}-{1 + i % 12:02d}-{1 + i % 28:02d},,day,TEST ONLY: report {i},"
            f"Example News (TEST),2020-01-01,https://example.org/test-only/long/{i // 10},," for i in range(5000)]
    path = tmp_path / "long.csv"
    path.write_text(HEADER + "\n".join(rows) + f"\nJaish al-Fath,controlz,Ariha,2015-05-28,,,{TEST_SOURCE},,\n",
                    encoding="utf-8")
    with pytest.raises(ImportRejected) as refused:
        read_statements(path, memory_graph)
    assert {p.row for p in refused.value.problems} == {5002}
    assert str(refused.value.problems[0]) == "long.csv row 5002: unknown relation 'controlz'; did you mean: controls?"


def test_kg_import_of_a_long_file_with_a_bad_last_row_reports_that_row_and_writes_nothing(store, tmp_path):
    rows = [f"{('Ahrar al-Sham', 'Jund al-Aqsa', 'al-Nusra Front')[i % 3]},{('allied with', 'hostile to')[i % 2]},"
            f"Jaish al-Fath,,,,TEST ONLY: made-up report {i // 10},Example News (TEST),"
            f"{2013 + i % 5}-{1 + i % 12:02d}-{1 + i % 28:02d},https://example.org/test-only/many/{i // 10},,"
            for i in range(3000)]
    path = tmp_path / "many.csv"
    path.write_text(HEADER + "\n".join(rows) + f"\nJaish al-Fath,hostile to,Jund al-Aqsa,2017-01-33,,,{TEST_SOURCE},,\n",
                    encoding="utf-8")
    before = store_state(store)
    result = run(store, "import", str(path))
    assert result.exit_code == 2, result.output
    located = [line.strip() for line in result.output.splitlines() if "many.csv row" in line]
    assert located == ["many.csv row 3002: bad date '2017-01-33' in column start (expected YYYY-MM-DD, YYYY-MM or YYYY)"]
    assert store_state(store) == before


FORMULAS = ['=HYPERLINK("http://evil.example","x")', "@SUM(A1)", "+cmd|' /C calc'!A0", "-2+3+cmd", "\t=1+1 inside",
            "'=1+1", "''", "'Ayn Issa", "-5", "+1.5e3", "=", "'-3", "plain"]


def test_export_csv_neutralises_formulas_and_the_import_gives_them_back(memory_graph, tmp_path):
    import csv
    import io

    from rdflib import Graph

    from kg.importers.csv_export import export_csv
    from kg.importers.statements import read_statements

    graph = Graph()
    for triple in memory_graph:
        graph.add(triple)
    statement = ID["st-ahrar-member-of-jaish-al-fath"]
    for text in FORMULAS:
        graph.add((statement, KG.note, Literal(f"TEST ONLY {text}" if text[0] == "\t" else text, lang="en")))
    notes = {str(n) for n in graph.objects(statement, KG.note)}
    safe, raw = export_csv(graph), export_csv(graph, raw_cells=True)
    cells = {r["note"] for r in csv.DictReader(io.StringIO(safe)) if r["id"] == "id:st-ahrar-member-of-jaish-al-fath"}
    for text in FORMULAS:
        shown = f"TEST ONLY {text}" if text[0] == "\t" else text
        dangerous = text[0] in "=+-@" and text not in ("-5", "+1.5e3") or text[:2] in ("'=", "''", "'-")
        assert (("'" + shown) if dangerous else shown) in cells, text
    assert all(c[0] not in "=+-@\t\r" or c in ("-5", "+1.5e3") for c in cells if c)
    raw_cells = {r["note"] for r in csv.DictReader(io.StringIO(raw)) if r["id"] == "id:st-ahrar-member-of-jaish-al-fath"}
    assert raw_cells == notes
    path = tmp_path / "exported.csv"
    path.write_text(safe, encoding="utf-8")
    batch = read_statements(path, memory_graph)  # the notes are new to the bundled graph
    assert {str(n) for n in batch.graph.objects(statement, KG.note)} | {
        str(n) for n in memory_graph.objects(statement, KG.note)} == notes


@pytest.mark.parametrize("text", FORMULAS + ["'", "'a", "'''=", "\r=1", "-", "1e5", ".5", "-.5e-3"])
def test_the_spreadsheet_escape_is_reversible(text):
    from kg.spreadsheet import TRIGGERS, neutralise, restore

    assert restore(neutralise(text)) == text
    safe = neutralise(text)
    assert safe[0] not in TRIGGERS or safe.lstrip("+-")[:1] in "0123456789."


def test_a_file_with_no_rows_imports_nothing_and_says_so(store, tmp_path):
    """A header and no rows (or only comment rows: a kg extract whose every row is flagged) is
    not an error: nothing is written and the import says so. A file without a header is."""
    before = store_state(store)
    path = tmp_path / "nothing.csv"
    path.write_text("subject,relation,object,start,end,source_title,source_publisher,source_date,source_url\n"
                    "# unresolved: They,controls,Idlib\n", encoding="utf-8")
    result = run(store, "import", str(path))
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-1] == "nothing new: the store is unchanged"
    assert store_state(store) == before
    empty = tmp_path / "empty.csv"
    empty.write_text("", encoding="utf-8")
    refused = run(store, "import", str(empty))
    assert refused.exit_code == 2 and "empty.csv" in refused.output
    assert store_state(store) == before


def test_a_kind_row_gives_an_actor_a_second_actor_kind_never_a_place_kind(article_copy, tmp_path):
    """An armed group that is also an alliance (as UCDP codes the SDF) keeps both kinds through
    an export and an import; a place's kind on an actor is refused and nothing is written."""
    from rdflib import RDF

    from kg.store import open_graph

    header = "id,subject,relation,object,start,end,kind,source_title,source_publisher,source_date,source_url\n"
    ahrar = ID["ahrar-al-sham"]
    assert (ahrar, RDF.type, KG.ArmedGroup) in open_graph(article_copy)
    wrong = tmp_path / "wrong.csv"
    wrong.write_text(header + f"id:ahrar-al-sham,Ahrar al-Sham,,,,,city,{TEST_SOURCE}\n", encoding="utf-8")
    before = len(open_graph(article_copy))
    refused = run(article_copy, "import", str(wrong))
    assert refused.exit_code == 2 and "row 2" in refused.output and "cannot also be" in refused.output, refused.output
    assert len(open_graph(article_copy)) == before
    second = tmp_path / "second.csv"
    second.write_text(header + f"id:ahrar-al-sham,Ahrar al-Sham,,,,,alliance,{TEST_SOURCE}\n", encoding="utf-8")
    assert run(article_copy, "import", str(second)).exit_code == 0
    graph = open_graph(article_copy)
    assert {(ahrar, RDF.type, KG.ArmedGroup), (ahrar, RDF.type, KG.Alliance)} <= set(graph.triples((ahrar, RDF.type, None)))
    exported = tmp_path / "all.csv"
    assert run(article_copy, "export", "--format", "csv", "-o", str(exported)).exit_code == 0
    empty = f"oxigraph:{tmp_path / 'empty'}"
    assert run(empty, "build", "--empty").exit_code == 0
    assert run(empty, "import", str(exported)).exit_code == 0
    assert set(open_graph(empty).objects(ahrar, RDF.type)) == set(graph.objects(ahrar, RDF.type))


@pytest.mark.parametrize("subject, relation, obj", [("Jaish al-Fath", "member of", "Army of Conquest"),
                                                    ("al-Nusra Front", "renamed to", "al-Nusra Front")])
def test_kg_add_refuses_a_statement_that_ties_an_actor_to_itself(store, subject, relation, obj):
    before = store_state(store)
    result = run(store, "add", subject, relation, obj, "--start", "2016-01", "--source-url",
                 "https://example.org/test-only/self", "--source-title", "TEST ONLY", "--source-publisher", "TEST")
    assert result.exit_code == 2 and "subject and object name one actor" in result.output, result.output
    assert store_state(store) == before


@pytest.mark.parametrize("option, value", [("--start", "2099-05-28"), ("--end", "2099-01"), ("--source-date", "2099")])
def test_kg_add_refuses_a_date_in_the_future(store, option, value):
    import datetime as dt

    assert int(value[:4]) > dt.date.today().year
    before = store_state(store)
    result = run(store, "add", "Jaish al-Fath", "controls", "Idlib", option, value, "--source-url",
                 "https://example.org/test-only/future", "--source-title", "TEST ONLY", "--source-publisher", "TEST")
    assert result.exit_code == 2 and "is in the future" in result.output, result.output
    assert store_state(store) == before


@pytest.mark.parametrize("date", ["--start", "--end"])
def test_an_id_of_another_tie_is_refused_by_what_it_names(store, date):
    before = store_state(store)
    result = run(store, "add", "Ahrar al-Sham", "hostile to", "Islamic State", date, "2016-01-01", "--id",
                 "id:st-jaish-al-fath-controls-idlib-city", "--source-url", "https://example.org/test-only/id",
                 "--source-title", "TEST ONLY", "--source-publisher", "TEST")
    # (the shapes had refused the mixture: exit 1, "typed as more than one kind of statement")
    assert result.exit_code == 2 and "names another statement already (Jaish al-Fath ... Idlib)" in result.output
    assert store_state(store) == before


def test_an_end_on_a_day_a_source_says_the_tie_held_is_refused(store):
    """FRANCE 24 attests Jaish al-Fath holding Idlib on 2015-03-30: an end on that day (kg:end is
    the first day a tie no longer held) left it holding on no day a source says it did."""
    before = store_state(store)
    common = ["--source-url", "https://example.org/test-only/end", "--source-title", "TEST ONLY",
              "--source-publisher", "TEST"]
    result = run(store, "add", "Jaish al-Fath", "controls", "Idlib", "--end", "2015-03-30", *common)
    assert result.exit_code == 2 and "falls on or before 2015-03-30, a day a source says" in result.output
    same_day = run(store, "add", "Ahrar al-Sham", "hostile to", "Islamic State", "--start", "2016-01-05", "--end",
                   "2016-01-05", *common)
    assert same_day.exit_code == 2 and "start and end are both 2016-01-05" in same_day.output
    assert store_state(store) == before
    assert run(store, "add", "Jaish al-Fath", "controls", "Idlib", "--end", "2015-03-31", *common).exit_code == 0
