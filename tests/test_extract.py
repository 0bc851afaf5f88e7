"""kg extract: from a news report to candidate statements for review (issue 15). The seed
article is the fixture (tests/fixtures/reports/README.md gives its source); the behaviour
that matters is asserted here, the recall and precision are in docs/extraction.md."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import pytest
from click.testing import CliRunner

import kg
from kg.cli import cli
from kg.errors import AmbiguousName, NameNotFound
from kg.extract.dates import find_dates

REPORTS = Path(__file__).resolve().parent / "fixtures" / "reports"
ARTICLE = REPORTS / "france24-2015-03-30-idlib.txt"
SOURCE = {"source_title": "New Islamist alliance seizes Idlib from Syrian troops", "source_publisher": "FRANCE 24",
          "source_date": "2015-03-30", "url": "https://www.france24.com/en/20150330-islamists-syria-seize-idlib-nusra-jaish-fath"}
TEST_SOURCE = {"source_title": "TEST", "source_publisher": "Example News (TEST)", "source_date": "2015-05-29",
               "url": "https://example.org/test-only/extract"}
PROVINCE_PLACES = {"Jisr al-Shughur", "Ariha", "Abu al-Duhur military airport"}


@pytest.fixture(scope="module")
def db():
    return kg.open("memory")


@pytest.fixture(scope="module")
def article(db):
    return db.extract(ARTICLE, **SOURCE)


def rows(found, relation=None):
    return [(c.subject, c.relation, c.object) for c in found.statements if relation in (None, c.relation)]


# --- dates, strictly from the report's date -----------------------------------------------------


@pytest.mark.parametrize("text, report, expected", [
    ("overran Idlib on Sunday", "2015-03-30", ("2015-03-29", "day")),     # a Monday's report
    ("on Monday", "2015-03-30", ("2015-03-30", "day")),                   # the report's own day
    ("on Tuesday", "2015-03-30", ("2015-03-24", "day")),                  # never after the report
    ("On March 27 they took", "2015-03-30", ("2015-03-27", "day")),
    ("on December 30", "2015-01-02", ("2014-12-30", "day")),              # the year before, not after
    ("erupted four years ago this month", "2015-03-30", ("2011-03", "month")),
    ("had held it since 2011", "2015-03-30", ("2011", "year")),
])
def test_relative_dates_resolve_against_the_report_date(text, report, expected):
    (found,) = find_dates(text, dt.date.fromisoformat(report))
    assert (found.cell(), found.precision) == expected


@pytest.mark.parametrize("text", ["Overnight they seized it", "several days ago", "hours earlier", "in the past four days",
                                  "on February 30"])
def test_dates_the_text_does_not_give_stay_empty(text):
    assert find_dates(text, dt.date(2015, 3, 30)) == []


# --- the seed article ----------------------------------------------------------------------------


def test_the_capture_on_sunday_starts_on_2015_03_29_and_ends_the_governments_hold(article):
    (capture,) = [c for c in article.statements if c.relation == "controls" and c.subject == "Jaish al-Fath"]
    assert (capture.object, capture.start, capture.start_bound) == ("Idlib", "2015-03-29", "")
    ends = [c for c in article.statements if c.is_end_row and c.object == "Idlib"]
    assert [(c.subject, c.end, c.end_bound) for c in ends] == [("Syrian government forces", "2015-03-29", "")]


def test_losing_the_province_is_not_a_capture_of_the_towns_in_it(article):
    assert not [c for c in article.candidates if c.object in PROVINCE_PLACES and (c.relation == "controls" or
                                                                                  c.event == "Capture")]
    (lost,) = [c for c in article.statements if c.object == "Idlib Governorate"]
    # the article says when the province was lost no more precisely than "by the report"
    assert (lost.subject, lost.start, lost.end, lost.end_bound) == ("Syrian government forces", "", "2015-03-30",
                                                                    "not after")


def test_no_candidate_asserts_a_capture_the_article_does_not_report(article):
    starts = {(c.subject, c.object, c.start) for c in article.statements if c.relation == "controls" and c.start}
    assert starts == {("Jaish al-Fath", "Idlib", "2015-03-29"), ("Syrian government forces", "Idlib", "2011")}
    held_since = [c for c in article.statements if c.start == "2011"]
    assert [(c.start_bound, c.claimant) for c in held_since] == [("not after", "Wassim Nasr")]
    captures = [(c.subject, c.object, c.start, c.detail) for c in article.events if c.event == "Capture"]
    assert captures == [
        ("Jaish al-Fath", "Idlib", "2015-03-29", "opponent: Syrian government forces"),
        ("Jaish al-Fath", "Idlib", "2015-03-27", "targets: Faculty of Arts and its Faculty of Agriculture"),
        ("Jaish al-Fath", "Idlib", "", "targets: security quarter"),  # "overnight": no date guessed
    ]


def test_claims_carry_their_claimant(article):
    claims = {(c.event or c.relation, c.subject, c.object, c.claimant) for c in article.candidates if c.claimant}
    assert ("member of", "Ahrar al-Sham", "Jaish al-Fath", "Wassim Nasr") in claims             # "...," said Nasr
    assert ("AirStrikes", "Syrian government forces", "", "Syrian Observatory for Human Rights") in claims  # according to
    assert ("Announcement", "al-Nusra Front", "Idlib", "al-Nusra Front") in claims             # X announced
    assert ("Relocation", "Syrian government forces", "Jisr al-Shughur", "Wassim Nasr") in claims
    assert ("Redeployment", "Syrian government forces", "Idlib",
            "a Syrian security source (FRANCE 24, 2015-03-30)") in claims                          # ..., a source told AFP
    reported = [c for c in article.statements if c.relation in ("leads", "branch of")]
    assert [(c.subject, c.relation, c.object, c.claimant) for c in reported] == [
        ("al-Nusra Front", "leads", "Jaish al-Fath", ""), ("al-Nusra Front", "branch of", "al-Qaeda", "")]


def test_a_leader_is_not_also_proposed_as_a_member(article):
    assert ("al-Nusra Front", "member of", "Jaish al-Fath") not in rows(article)
    assert any("also leads it" in d for d in article.dropped)


def test_predictions_questions_and_fears_propose_nothing(article):
    hedged = [c for c in article.candidates if "retake" in c.evidence or "bombed" in c.evidence
              or "fears" in c.evidence or "anticipate" in c.evidence]
    assert hedged == []


def test_every_row_has_its_sentence_and_a_confidence(article):
    for c in article.candidates:
        assert c.evidence and c.evidence in ARTICLE.read_text(encoding="utf-8").replace("\n", " ") or c.evidence
        assert 0 < c.confidence <= 1
    assert {"sentence", "subject", "relation", "evidence", "confidence"} <= set(article.records()[0])


# --- the CSV: what kg import reads --------------------------------------------------------------


def test_the_extracted_csv_passes_kg_import_dry_run(tmp_path, article_store):
    out = tmp_path / "candidates.csv"
    runner = CliRunner()
    args = ["--source-title", SOURCE["source_title"], "--source-publisher", SOURCE["source_publisher"],
            "--source-date", SOURCE["source_date"], "--url", SOURCE["url"]]
    done = runner.invoke(cli, ["--store", "memory", "extract", str(ARTICLE), *args, "-o", str(out)])
    assert done.exit_code == 0, done.output
    table = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    statements = [r for r in table if not r["subject"].startswith("#")]
    assert len(statements) == 10 and all(r["evidence"] and r["confidence"] for r in statements)
    assert {r["subject"] for r in table if r["subject"].startswith("#")} >= {"# event: Capture", "# new?"}
    # checked against the session's store of the article (a dry run writes nothing): on rdflib's
    # memory store the shapes' SPARQL alone takes seconds (tests/test_import.py imports into it)
    checked = runner.invoke(cli, ["--store", article_store, "import", str(out), "--dry-run"])
    assert checked.exit_code == 0, checked.output
    assert "checked 10 row(s): 9 statement(s)" in checked.output
    # every candidate restates a statement made from the article by hand: the government's hold of
    # Idlib "since 2011" ends at the alliance's capture (kg.extract.succession), as the seed has it
    assert "review: 9 already recorded" in checked.output and " NEW " not in checked.output


def test_stdout_is_the_csv_and_messages_go_to_stderr():
    runner = CliRunner()
    done = runner.invoke(cli, ["--store", "memory", "extract", str(ARTICLE), "--source-title", "T",
                               "--source-publisher", "P", "--source-date", "2015-03-30"])
    assert done.exit_code == 0
    assert done.stdout.startswith("subject,relation,object,")
    assert "10 candidate statement(s)" in done.stderr and "no --url" in done.stderr
    bad = runner.invoke(cli, ["--store", "memory", "extract", str(ARTICLE), "--source-title", "T",
                              "--source-publisher", "P", "--source-date", "30/03/2015"])
    assert bad.exit_code == 2 and "YYYY-MM-DD" in bad.stderr


def test_an_unnamed_speaker_is_declared_so_the_claim_imports(db, tmp_path, article_store):
    found = db.extract("On Thursday Jaish al-Fath fighters seized Ariha from Syrian troops, a rebel commander said.",
                       **TEST_SOURCE)
    assert rows(found) == [("Jaish al-Fath", "controls", "Ariha"), ("Syrian government forces", "controls", "Ariha")]
    assert {c.claimant for c in found.statements} == {"a rebel commander (Example News (TEST), 2015-05-29)"}
    assert found.statements[0].start == "2015-05-28"  # the Thursday before the Friday's report
    path = tmp_path / "c.csv"
    path.write_text(found.to_csv(), encoding="utf-8")
    assert ",unnamed source," in path.read_text(encoding="utf-8")
    done = CliRunner().invoke(cli, ["--store", article_store, "import", str(path), "--dry-run"])
    assert done.exit_code == 0, done.output
    assert "2 statement(s), 1 new actor(s)/place(s)" in done.output


def test_unknown_names_are_typed_from_the_text_and_declared_by_a_kind_row(db):
    """Issue 27 changed issue 15's rule: a new name the text types (a group word: Liwa) takes
    part in statements, declared by a kind row; one it cannot type stays a # new? row."""
    found = db.extract("On Sunday Liwa Suqour al-Sham fought in Kafr Nabl against Jaish al-Fath.", **TEST_SOURCE)
    assert {(n.name, n.guess) for n in found.new_names} == {("Liwa Suqour al-Sham", "armed group?"),
                                                           ("Kafr Nabl", "place?")}
    assert rows(found) == [("Liwa Suqour al-Sham", "hostile to", "Jaish al-Fath")]
    assert [(n.name, n.kind) for n in found.proposed] == [("Liwa Suqour al-Sham", "armed group")]


def test_names_match_as_written_not_as_common_words(db):
    found = db.extract("The base is where it is. The Base fought al-Nusra Front on Sunday.", **TEST_SOURCE)
    assert [(m.surface, m.label) for m in found.mentions] == [("The Base", "al-Qaeda"), ("al-Nusra Front", "al-Nusra Front")]
    assert rows(found) == [("al-Qaeda", "hostile to", "al-Nusra Front")]


def test_the_analyst_extends_the_dictionary(db, tmp_path):
    text = "On Sunday Jaish al-Fath wrenched Ariha."
    assert db.extract(text, **TEST_SOURCE).statements == []
    mine = tmp_path / "mine.toml"
    mine.write_text('[verbs]\ncapture = ["wrenched"]\n', encoding="utf-8")
    assert rows(db.extract(text, patterns=mine, **TEST_SOURCE)) == [("Jaish al-Fath", "controls", "Ariha")]
    bad = tmp_path / "bad.toml"
    bad.write_text("[verbs\n", encoding="utf-8")
    with pytest.raises(kg.errors.InputError, match="patterns file"):
        db.extract(text, patterns=bad, **TEST_SOURCE)


@pytest.mark.parametrize("toml, why", [
    ("[verbs]\ncapture = 5\n", "[verbs] must be a table of lists of words"),
    ('verbs = "x"\n', "[verbs] must be a table of lists of words"),
    ('[[pattern]]\nname = "mine"\n', "[[pattern]] number 1 ('mine'): give text"),
    ('[[pattern]]\nname = "mine"\ntext = "{actor} <capture> {place}"\nrelation = "controlz"\n', "unknown relation 'controlz'"),
    ('[[pattern]]\nname = "mine"\ntext = "{actor} <capture> {place}"\nrelation = "controls"\nobject = "town"\n',
     "object 'town' is no slot of its text"),
    ('[[pattern]]\nname = "mine"\ntext = "{actor} <capture> {place}"\nconfidence = 7\n', "confidence must be a number"),
    ('[[pattern]]\nname = "mine"\ntext = "{actor} ... ... ... <capture> {place}"\n', "never two in a row"),
    ('[[alias]]\npattern = "(unclosed"\nname = "X"\n', "no regular expression"),
])
def test_a_wrong_patterns_file_is_refused_with_where_it_is_wrong(db, tmp_path, toml, why):
    """(a wrong type was a traceback, and gaps in a row took minutes on one sentence)"""
    mine = tmp_path / "mine.toml"
    mine.write_text(toml, encoding="utf-8")
    with pytest.raises(kg.errors.InputError) as raised:
        db.extract("On Sunday Jaish al-Fath took Ariha.", patterns=mine, **TEST_SOURCE)
    assert str(raised.value).startswith(str(mine)) and why in str(raised.value)


def test_the_bundled_patterns_pass_the_check_an_analyst_s_file_gets():
    import tomllib

    from kg.extract.coder import DICTIONARY
    from kg.extract.userpatterns import problem_in

    assert problem_in(tomllib.loads(DICTIONARY.read_text(encoding="utf-8"))) == ""


def test_the_graph_is_never_written(tmp_path, disk_store):
    import shutil

    copy = tmp_path / "s"
    shutil.copytree(Path(disk_store.split(":", 1)[1]), copy)
    before = sorted(p.name for p in copy.iterdir())
    db = kg.open(f"oxigraph:{copy}")
    triples = len(db.graph)
    db.extract(ARTICLE, **SOURCE)
    assert len(db.graph) == triples and sorted(p.name for p in copy.iterdir()) == before


# --- names cannot switch sides (issue 26, item 5) -----------------------------------------------
# The reports below are made up for these tests, in our own words.


def _found(found):
    return [(m.surface, m.label) for m in found.mentions]


def test_the_free_syrian_army_is_not_read_as_the_syrian_army(db):
    text = ("Fighters loyal to the Free Syrian Army entered the village on Sunday, while the Syrian army shelled "
            "its outskirts. Free Syrian Army commanders said the Syrian Army had withdrawn from Ariha.")
    found = db.extract(text, **TEST_SOURCE)
    government = db.search("Syrian government forces").matches[0].name
    assert [(s, label) for s, label in _found(found) if label == government] == [
        ("the Syrian army", government), ("the Syrian Army", government)]  # the army itself, twice; never "Free ..."
    # "Free Syrian Army" is the graph's FSA where the graph knows it (the bundled UCDP subset does), else a new name
    try:
        fsa = str(db.ties("Free Syrian Army").subject.iri)
    except NameNotFound:
        fsa = None
    free = [m for m in found.mentions if "Free" in m.surface]
    if fsa is None:
        assert not free and {n.name for n in found.new_names} >= {"Free Syrian Army"}
    else:
        assert [m.iri for m in free] == [fsa, fsa]


@pytest.mark.parametrize("text", ["The 13th Division seized Ariha on Sunday.", "Division 30 seized Ariha on Sunday.",
                                  "The Coastal Shield Brigade seized Ariha on Sunday."])
def test_a_unit_kg_does_not_know_is_a_new_name_not_a_known_one(db, text):
    with pytest.raises(NameNotFound):  # made-up or not in the bundled graph
        db.ties(text.split(" seized")[0].removeprefix("The "))
    found = db.extract(text, **TEST_SOURCE)
    # issue 27: the new unit takes part (declared by a kind row), never as a known actor
    assert {c.iris[0][:4] for c in found.candidates if c.subject} == {"new:"}
    assert [n.guess for n in found.new_names] == ["armed group?"]


@pytest.mark.parametrize("name", ["Isis", "Jaysh al Fateh", "Ahrar al-Shem", "Abu al-Duhur", "Free Syrian Army",
                                  "Jaish", "13th Division"])
def test_the_extractor_and_kg_ties_resolve_a_name_alike(db, name):
    """The issue's "Isis" and "Jaysh al Fateh" resolved in one and not the other: both use
    kg.names now, so a name in a sentence is the entity kg ties gives, with the same note."""
    found = db.extract(f"On Sunday {name} overran Idlib.", **TEST_SOURCE)
    named = [m for m in found.mentions if m.surface == name]
    try:
        entry = db.ties(name).subject
    except (NameNotFound, AmbiguousName):  # an ambiguous name is never read as one of its entities either
        assert all(m.iri.startswith("new:") for m in named)  # a new name of its own, never a known entity
        return
    assert [(m.iri, m.note) for m in named] == [(str(entry.iri), entry.note)]
    rows = [c for c in found.statements if c.subject == entry.label]
    assert all(entry.note in c.note for c in rows)


def test_they_with_two_parties_in_reach_stays_unresolved_and_is_flagged(db, tmp_path, article_store):
    text = ("Syrian state media said the 13th Division had left Ariha. They captured Idlib on Sunday.\n\n"
            "Ahrar al-Sham and al-Nusra Front fought near the airport. They seized Ariha on Monday.")
    found = db.extract(text, **TEST_SOURCE)
    assert [m.surface for m in found.unresolved] == ["They", "They"]
    assert "13th Division" in found.unresolved[0].note
    assert found.unresolved[1].note == "2 parties in reach: Ahrar al-Sham; al-Nusra Front"
    assert [c for c in found.statements + found.events if c.sentence in (1, 3)] == []  # nothing proposed about "they"
    assert {c.relation or c.event for c in found.flagged} >= {"controls"}
    csv_text = found.to_csv()
    assert "# unresolved: They,controls,Idlib" in csv_text and "# unresolved: They,controls,Ariha" in csv_text
    path = tmp_path / "flagged.csv"
    path.write_text(csv_text, encoding="utf-8")
    imported = kg.open(article_store).import_csv(path, dry_run=True).batch.statements  # flagged rows are comments: skipped
    assert [str(s) for s in imported if "13th-division" not in str(s)] == []  # only the 13th Division's withdrawal


def test_they_with_one_party_in_reach_resolves(db):
    found = db.extract("Jaish al-Fath fighters reached Ariha on Sunday. They captured Ariha on Monday.", **TEST_SOURCE)
    (they,) = [m for m in found.mentions if m.how == "anaphor"]
    assert (they.surface, they.label) == ("They", "Jaish al-Fath")
    assert ("Jaish al-Fath", "controls", "Ariha") in rows(found)


def test_an_anaphor_never_reaches_past_the_sentence_before(db):
    """In reach: the sentence before, and the one before that only when the sentence before
    names no one. Here the residents (a party without a name) are the one party in reach, and
    al-Nusra Front, three sentences back, is out of it: "they" stays unresolved."""
    text = ("Al-Nusra Front fighters reached Ariha on Sunday. Residents fled the town. "
            "The roads were closed. They captured Ariha on Monday.")
    found = db.extract(text, **TEST_SOURCE)
    assert [m.surface for m in found.unresolved] == ["They"]
    assert not any(c.subject == "al-Nusra Front" and c.relation == "controls" for c in found.statements)
