"""The CLI, in-process with CliRunner: exit codes and exact output."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import cli

README = Path(__file__).resolve().parent.parent / "README.md"


@pytest.fixture
def kg(article_store):
    """The CLI on the seed article's store: the answers below are worked out from the article
    (tests/test_bundled_datasets.py covers the bundled datasets)."""
    runner = CliRunner()

    def invoke(*args: str):
        # an 80-column terminal: CliRunner's stdout is not one, where tables would not wrap at all
        return runner.invoke(cli, ["--store", article_store, *args], catch_exceptions=False, env={"COLUMNS": "80"})

    return invoke


@pytest.mark.parametrize(
    "name", ["Jaish al-Fath", "Army of the Conquest", "Army of Fatah", "جيش الفتح", "jaish al fatah"]
)
def test_ties_gives_the_same_complete_answer_for_every_name(kg, name):
    result = kg("ties", name, "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    reference = json.loads(kg("ties", "Jaish al-Fath", "--format", "json").output)
    assert data == reference
    assert data["subject"]["label"] == "Jaish al-Fath"
    ties = {(t["group"], t["relation"], t["other"], t["span"], t["claimant"]) for t in data["ties"]}
    assert ties == {
        ("members", "led by", "al-Nusra Front", "not before 2015-03-24 – (as of 2015-03-30)", None),
        ("members", "has member", "Ahrar al-Sham", "not before 2015-03-24 – (as of 2015-03-30)", "Wassim Nasr"),
        ("rivals and enemies", "hostile to", "Syrian government forces", "as of 2015-03-29", None),
        ("places controlled", "controls", "Idlib", "2015-03-29 – (as of 2015-03-30)", None),
    }
    assert all(t["sources"] == ["FRANCE 24, 2015-03-30"] for t in data["ties"])
    assert len(data["events"]) == 6


@pytest.mark.parametrize("name", ["al-Nusra Front", "al-Nusra", "Nusra Front", "جبهة النصرة", "Jabhat al-Nusrah"])
def test_ties_of_al_nusra_front_table(kg, name):
    result = kg("ties", name)
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[0] == "al-Nusra Front (armed group)"
    assert "ALLIANCES" in lines and "PARENT ORGANISATIONS" in lines and "LINEAGE" in lines and "EVENTS" in lines
    assert "leads     Jaish al-Fath       not before           reported  FRANCE 24," in lines
    assert "branch of  al-Qaeda  ? – 2016-07 (as of  reported; end       FRANCE 24," in lines
    assert "has splinter  Jund al-Aqsa          2013-09 –  reported  Mapping Militants: Jund" in lines
    assert max(len(line) for line in lines) <= 80


def test_ties_at_filters_by_date(kg):
    before = json.loads(kg("ties", "Syrian government forces", "--at", "2015-03-01", "--format", "json").output)
    after = json.loads(kg("ties", "Syrian government forces", "--at", "2015-04-01", "--format", "json").output)
    assert {(t["other"], t["certainty"], t["status"]) for t in before["ties"]} == {
        ("Idlib", "in force", "claimed by Wassim Nasr"),
        ("Idlib Governorate", "possibly in force", "reported"),
        ("Raqqa", "possibly in force", "reported"),
        # held "by 2015-03-30" on Wassim Nasr's word; Jaish al-Fath, announced on 2015-03-24, is not there yet
        ("Jisr al-Shughur", "possibly in force", "claimed by Wassim Nasr"),
    }
    assert {(t["other"], t["certainty"], t["reason"]) for t in after["ties"]} == {
        ("Jaish al-Fath", "possibly in force", "no later report"),
        ("Jisr al-Shughur", "possibly in force", "no later report")}
    table = kg("ties", "Syrian government forces", "--at", "2015-03-01").output
    assert "possibly;" in table  # the status column says which rows are only possible
    undated = json.loads(kg("ties", "Syrian government forces", "--format", "json").output)
    assert {t["certainty"] for t in undated["ties"]} == {None}


def test_ties_csv_has_the_documented_columns(kg):
    result = kg("ties", "Ahrar al-Sham", "--format", "csv")
    lines = result.output.splitlines()
    assert lines[0] == ("group,relation,other,other_iri,start,end,span,certainty,first_reported,last_reported,"
                        "reason,status,claimant,medium,end_claimant,sources,end_sources,statement")
    assert lines[1].startswith("alliances,member of,Jaish al-Fath,https://w3id.org/armed-groups-kg/id/jaish-al-fath,"
                               "2015-03-24,,not before 2015-03-24 – (as of 2015-03-30),,2015-03-30,2015-03-30,,"
                               "claimed by Wassim Nasr,Wassim Nasr,,,")
    dated = kg("ties", "Ahrar al-Sham", "--at", "2015-03-27", "--format", "csv").output.splitlines()
    assert (",possibly in force,2015-03-30,2015-03-30,began not before 2015-03-24,claimed by Wassim Nasr,"
            in dated[1])


def test_control_before_and_after_the_capture(kg):
    before = kg("control", "Idlib", "--at", "2015-03-28")
    assert before.exit_code == 0
    assert before.output.splitlines()[0] == "Who held Idlib (city) and the places in it on 2015-03-28"
    assert "Idlib  Syrian" in before.output and "claimed by Wassim" in before.output
    assert "FRANCE 24," in before.output and "Jaish al-Fath" not in before.output
    after = json.loads(kg("control", "Idlib", "--at", "2015-03-30", "--format", "json").output)
    assert [(r["place"], r["controller"], r["status"], r["certainty"], r["sources"]) for r in after["control"]] == [
        ("Idlib", "Jaish al-Fath", "reported", "in force", ["FRANCE 24, 2015-03-30"])
    ]


def test_control_timeline_of_the_governorate(kg):
    data = json.loads(kg("control", "Idlib Governorate", "--format", "json").output)
    assert [(r["place"], r["controller"], r["span"]) for r in data["control"]] == [
        ("Idlib Governorate", "Syrian government forces", "? – by 2015-03-30"),
        ("Idlib", "Syrian government forces", "by 2011 – 2015-03-29"),
        ("Idlib", "Jaish al-Fath", "2015-03-29 – (as of 2015-03-30)"),
        ("Jisr al-Shughur", "Syrian government forces", "by 2015-03-30 –"),
    ]
    assert data["via_containers"] == []  # Syria: no holder recorded


def test_path_connects_a_member_of_jaish_al_fath_to_al_qaeda(kg):
    result = kg("path", "Ahrar al-Sham", "al-Qaeda")
    assert result.exit_code == 0
    assert result.output.splitlines() == [
        "path 1: Ahrar al-Sham -> al-Qaeda, 3 hops",
        "  Ahrar al-Sham --member of--> Jaish al-Fath",
        "      not before 2015-03-24 – (as of 2015-03-30); claimed by Wassim Nasr; FRANCE 24, 2015-03-30",
        "  Jaish al-Fath <--leads-- al-Nusra Front",
        "      not before 2015-03-24 – (as of 2015-03-30); reported; FRANCE 24, 2015-03-30",
        "  al-Nusra Front --branch of--> al-Qaeda",
        "      ? – 2016-07 (as of 2015-03-30); reported; end claimed by Abu Mohammed al-Jawlani; FRANCE 24, 2015-03-30",
    ]


def test_path_on_a_day_before_the_sources_marks_each_hop_possibly(kg):
    """The issue's case: on 2015-03-27 the membership is not yet attested and the al-Qaeda tie
    is known only as of 2015-03-30, so the connection is possible, not "no connection"."""
    result = kg("path", "Ahrar al-Sham", "al-Qaeda", "--at", "2015-03-27", "--format", "json")
    assert result.exit_code == 0
    (hops,) = json.loads(result.output)["paths"]
    assert [(h["relation"], h["certainty"]) for h in hops] == [
        ("member of", "possibly in force"), ("leads", "possibly in force"), ("branch of", "possibly in force")]
    gone = kg("path", "Ahrar al-Sham", "al-Qaeda", "--at", "2016-09-01")
    assert gone.exit_code == 1  # the al-Qaeda tie ended in July 2016 (al-Jawlani's word)


def test_path_follows_lineage_only_when_asked(kg):
    assert kg("path", "Jund al-Aqsa", "al-Qaeda").exit_code == 1
    result = kg("path", "Jund al-Aqsa", "al-Qaeda", "--lineage")
    assert result.exit_code == 0
    assert "  Jund al-Aqsa --split from--> al-Nusra Front" in result.output.splitlines()


@pytest.mark.parametrize("hops", ["0", "-5"])
def test_path_refuses_fewer_than_one_hop_as_a_usage_error(kg, hops):
    result = kg("path", "Ahrar al-Sham", "al-Qaeda", "--max-hops", hops)
    assert result.exit_code == 2 and "--max-hops" in result.output  # (it said "within -5 hops", exit 1)


def test_path_without_connection_exits_1(kg):
    result = kg("path", "Islamic State", "al-Qaeda")
    assert result.exit_code == 1
    assert result.output.strip() == "no connection between Islamic State and al-Qaeda within 6 hops"


def test_unknown_name_exits_2_with_suggestions(kg):
    result = kg("ties", "Ahrar al-Shams brigade")
    assert result.exit_code == 2
    assert "did you mean" in result.output and "Ahrar al-Sham" in result.output


def test_search(kg):
    result = kg("search", "nusrah", "--format", "json")
    assert json.loads(result.output)[0]["name"] == "al-Nusra Front"
    none = kg("search", "zzzzqqqq")
    assert none.exit_code == 2


def test_query_list_and_named_query(kg):
    listed = kg("query", "--list")
    assert "control-at: Who controlled a place" in listed.output
    assert "--param date=<date>" in listed.output
    result = kg("query", "control-at", "--param", "place=Idlib", "--param", "date=2015-04-01", "--format", "json")
    data = json.loads(result.output)
    assert data["head"]["vars"][:4] == ["place", "date", "certainty", "where"]
    (binding,) = data["results"]["bindings"]
    assert binding["controllerLabel"] == {"type": "literal", "value": "Jaish al-Fath", "xml:lang": "en"}
    assert binding["date"]["datatype"] == "http://www.w3.org/2001/XMLSchema#date"


def test_query_formats(kg):
    csv_out = kg("query", "alliance-members", "-p", "alliance=JaF", "--format", "csv").output.splitlines()
    assert csv_out[0] == ("alliance,member,memberLabel,role,statement,start,end,attested,certainFrom,certainUntil,"
                          "possibleFrom,possibleUntil,claimantLabel,sourceName")
    assert len(csv_out) == 3
    tsv_out = kg("query", "alliance-members", "-p", "alliance=JaF", "--format", "tsv").output.splitlines()
    assert tsv_out[0].startswith("?alliance\t?member\t")
    assert '"Ahrar al-Sham"@en' in tsv_out[1] + tsv_out[2]
    table = kg("query", "alliance-members", "-p", "alliance=JaF").output
    assert table.rstrip().endswith("(2 rows)")


def test_query_injection_through_param_is_inert(kg):
    result = kg("query", "control-at", "--param", 'place=x" } ; DROP ALL ; #', "--param", "date=2015-04-01")
    assert result.exit_code == 2
    assert "no place is called" in result.output
    stats = json.loads(kg("stats", "--format", "json").output)
    assert stats["triples"] > 1000


def test_ad_hoc_query_and_syntax_error(kg):
    ok = kg("query", "-e", "SELECT (COUNT(*) AS ?n) WHERE { ?s a <https://w3id.org/armed-groups-kg/ontology#Alliance> }", "-f", "csv")
    assert ok.output.splitlines() == ["n", "1"]
    bad = kg("query", "-e", "SELECT ?s WHERE {\n ?s ?p \n}")
    assert bad.exit_code == 2
    assert re.search(r"line \d+, column \d+", bad.output)


def test_check_queries_exit_0_when_clean(kg):
    result = kg("query", "statements-without-source-violation")
    assert result.exit_code == 0
    assert "(0 rows)" in result.output


def test_validate_bundled_and_export(kg, tmp_path):
    result = kg("validate")
    assert result.exit_code == 0 and result.output.strip() == "conforms: no violations"
    out = tmp_path / "kg.nt"
    exported = kg("export", "--format", "nt", "-o", str(out))
    assert exported.exit_code == 0
    assert len(out.read_text(encoding="utf-8").splitlines()) > 1000


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_export_network_for_gephi(kg, tmp_path, fmt):
    import networkx as nx

    out = tmp_path / f"kg.{fmt}"
    assert kg("export", "--format", fmt, "-o", str(out)).exit_code == 0
    network = (nx.read_graphml if fmt == "graphml" else nx.read_gexf)(out)
    labels = {data["label"] for _, data in network.nodes(data=True)}
    assert {"Jaish al-Fath", "al-Nusra Front", "Ahrar al-Sham", "al-Qaeda", "Idlib"} <= labels
    assert network.number_of_edges() == 13  # a statement an edge: 10 from the article, 3 lineage


def test_view_writes_a_self_contained_page(kg, tmp_path):
    out = tmp_path / "jaf.html"
    result = kg("view", "--focus", "Army of Conquest", "--depth", "1", "-o", str(out))
    assert result.exit_code == 0
    assert result.output.strip() == f"wrote {out} (5 nodes, 5 edges)"
    page = out.read_text(encoding="utf-8")
    assert "<title>Alliance network around Jaish al-Fath (depth 1), all dates (5 nodes, 5 edges)</title>" in page
    bad = kg("view", "--relations", "friends", "-o", str(out))
    assert bad.exit_code == 2 and "leads" in bad.output


def test_stats(kg):
    data = json.loads(kg("stats", "--format", "json").output)
    assert data["Alliance"] == 1 and data["ControlStatement"] == 6 and data["MembershipStatement"] == 2
    assert data["Claim"] == 8  # Wassim Nasr's word on Jisr al-Shughur is one


def test_every_command_has_help_with_an_example_and_is_documented():
    readme = README.read_text(encoding="utf-8")
    for name, command in cli.commands.items():
        assert "Example:" in (command.help or ""), name
        assert f"kg {name}" in readme, f"`kg {name}` is not documented in the README"


def test_ties_of_a_place_gives_who_held_it_and_what_happened_there(kg):
    data = json.loads(kg("ties", "Idlib", "--format", "json").output)
    assert data["subject"]["kind"] == "city"
    assert [(t["group"], t["relation"], t["other"], t["span"]) for t in data["ties"]] == [
        ("held by", "held by", "Syrian government forces", "by 2011 – 2015-03-29"),
        ("held by", "held by", "Jaish al-Fath", "2015-03-29 – (as of 2015-03-30)"),
    ]
    assert "Capture of Idlib city" in [e["label"] for e in data["events"]]


@pytest.mark.parametrize("fmt", ["table", "json", "csv"])
def test_a_check_query_with_rows_exits_1(kg, tmp_path, fmt):
    check = tmp_path / "alliances-violation.rq"
    check.write_text("# name: alliances-violation\n# description: every alliance (a check that finds rows)\n"
                     "SELECT ?a WHERE { ?a a <https://w3id.org/armed-groups-kg/ontology#Alliance> }\n", encoding="utf-8")
    result = kg("query", str(check), "--format", fmt)
    assert result.exit_code == 1
    assert "jaish-al-fath" in result.output


@pytest.mark.parametrize("args, header", [
    (["ties", "Abu Mohammed al-Jawlani"], "Abu Mohammed al-Jawlani (person)"),
    (["ties", "Idlib", "--lineage"], "Idlib (city)"),
])
def test_ties_of_a_person_and_of_a_place_with_lineage(kg, args, header):
    """A resolved IRI binds whatever its kind: a person's events, a place's (empty) lineage."""
    result = kg(*args)
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0] == header


# --- names cannot switch sides (issue 26, item 5) ------------------------------------------------


@pytest.fixture
def kg_article(article_store):
    """kg on the seed article alone, where "Free Syrian Army" names no actor (the bundled UCDP
    subset has one)."""
    runner = CliRunner()
    return lambda *args: runner.invoke(cli, ["--store", article_store, *args], catch_exceptions=False)


def test_ties_free_syrian_army_is_an_unknown_name_not_the_government(kg_article):
    result = kg_article("ties", "Free Syrian Army")
    assert result.exit_code == 2 and result.stdout == ""
    suggestions = result.stderr.split("did you mean: ", 1)[1]
    assert "Syrian government forces" not in suggestions
    assert re.match(r"[^,]+ \((armed group|alliance|state forces|organisation|unnamed source|country|city)\)", suggestions)


def test_search_ranks_the_government_after_the_names_it_does_not_lack(kg_article):
    found = json.loads(kg_article("search", "Free Syrian Army", "--format", "json").stdout)
    names = [m["name"] for m in found]
    assert names[0] != "Syrian government forces"
    government = found[names.index("Syrian government forces")]
    assert government["note"] == "lacks 'free'" and government["kind"] == "state forces"
    table = kg_article("search", "Free Syrian Army").stdout
    assert "lacks 'free'" in table and table.index("Syrian government") > table.index(names[0].split()[0])


@pytest.mark.parametrize("name, label, how", [
    ("Abu al-Duhur", "Abu al-Duhur military airport", "the only name that starts so"),
    ("Ahrar al-Shem", "Ahrar al-Sham", "spelling"),
    ("Jaysh al Fateh", "Jaish al-Fath", "spelling"),
])
def test_a_name_matched_by_prefix_or_spelling_says_so_on_stderr_and_in_json(kg, name, label, how):
    table = kg("ties", name)
    assert table.exit_code == 0 and table.stdout.startswith(label)
    assert re.fullmatch(rf"note: matched '[^']+' for {re.escape(repr(name))} \({how}\)\n", table.stderr)
    subject = json.loads(kg("ties", name, "--format", "json").stdout)["subject"]
    assert subject["label"] == label and subject["note"] == table.stderr.removeprefix("note: ").strip()


def test_an_exact_name_has_no_note(kg):
    result = kg("ties", "Ahrar al-Sham", "--format", "json")
    assert result.stderr == "" and "note" not in json.loads(result.stdout)["subject"]


def test_an_ambiguous_prefix_lists_the_candidates_with_their_kinds(kg):
    result = kg("ties", "Abu")
    assert result.exit_code == 2
    assert "Abu al-Duhur military airport (military airport)" in result.stderr
    assert "Abu Mohammed al-Jawlani (person)" in result.stderr


def test_extract_counts_and_writes_the_flagged_rows(kg, tmp_path):
    report = tmp_path / "report.txt"
    report.write_text("Ahrar al-Sham and al-Nusra Front fought near the airport. They seized Ariha on Monday.\n",
                      encoding="utf-8")
    result = kg("extract", str(report), "--source-title", "T", "--source-publisher", "Example News (TEST)",
                "--source-date", "2015-06-02", "--url", "https://example.org/test-only/flagged")
    assert result.exit_code == 0
    assert "# unresolved: They,controls,Ariha" in result.stdout
    assert "2 parties in reach: Ahrar al-Sham; al-Nusra Front" in result.stdout
    assert "1 candidate statement(s)" not in result.stderr and "flagged (unresolved anaphor)" in result.stderr


def test_an_unknown_name_of_ten_thousand_characters_is_quoted_cut(kg):
    result = kg("ties", "x" * 10_000)
    assert result.exit_code == 2 and "… (10,000 characters)" in result.output and len(result.output) < 1_000
