"""The review of an import (kg.review): what each row of a file would change, shown by
``kg import --dry-run`` before anything is written, and returned with every change."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

import kg
from kg.cli import cli

from .conftest import store_hash, store_state

HEADER = ("subject,relation,object,start,end,precision,source_title,source_publisher,source_date,source_url,"
          "claimant,note,kind,lat,long,parent\n")
# Real facts in the project's own words, cited to test-only sources. Row numbers are the file's lines.
ROWS = [
    # 2, 3: places the graph lacks (Saraqib lies in Idlib Governorate; Palmyra, in the Syrian desert)
    ("Saraqib,,,,,,TEST: gazetteer entry,Example Gazetteer (TEST),2015-05-22,https://example.org/test-only/rv/saraqib,"
     ",,city,35.86,36.80,Idlib Governorate"),
    ("Palmyra,,,,,,TEST: gazetteer entry,Example Gazetteer (TEST),2015-05-22,https://example.org/test-only/rv/palmyra,"
     ",,city,34.56,38.28,Syria"),
    # 4: an actor the graph lacks (a Free Syrian Army faction of Idlib)
    ("13th Division,,,,,,TEST: factions of Idlib,Example News (TEST),2015-04-26,https://example.org/test-only/rv/13th,"
     ",,armed group,,,"),
    # 5: new: the Islamic State took Palmyra on 21 May 2015
    ("Islamic State,controls,Palmyra,2015-05-21,,day,TEST: Palmyra falls,Example News (TEST),2015-05-21,"
     "https://example.org/test-only/rv/palmyra-falls,,,,,,"),
    # 6: the seeds' tie (al-Nusra leads Jaish al-Fath, FRANCE 24), reported again a month later: a second source
    ("al-Nusra Front,leads,Jaish al-Fath,,,,TEST: the alliance in Idlib,Example News (TEST),2015-04-25,"
     "https://example.org/test-only/rv/jaf,,,,,,"),
    # 7: the same tie in another voice (a monitor's word): kept, linked by kg:restates
    ("al-Nusra Front,leads,Jaish al-Fath,,,,TEST: monitor bulletin,Example Monitor (TEST),2015-04-26,"
     "https://example.org/test-only/rv/jaf-monitor,Syrian Observatory for Human Rights,,,,,"),
    # 8: an end row: the government lost Jisr al-Shughur on 25 April 2015
    ("Syrian government forces,controls,Jisr al-Shughur,,2015-04-25,day,TEST: Jisr al-Shughur falls,"
     "Example News (TEST),2015-04-26,https://example.org/test-only/rv/jisr,,,,,,"),
    # 9: a made-up contrary claim (the government holding Idlib into April 2015, after it fell)
    ("Syrian government forces,controls,Idlib,2015-03-01,2015-04-15,day,TEST ONLY: a made-up contrary claim,"
     "Example News (TEST),2015-04-16,https://example.org/test-only/rv/idlib-claim,Syrian government forces,,,,,"),
]
NUSRA_LEADS = "id:st-nusra-leads-jaish-al-fath"  # the seeds' statements the rows concern
GOV_JISR = "id:st-government-controls-jisr-al-shughur"
JAF_IDLIB = "id:st-jaish-al-fath-controls-idlib-city"


@pytest.fixture
def built(article_store) -> str:
    """The session's store of the seed article (kg build --seeds-only), which the rows concern:
    the dry runs leave it as it was (a review there costs a third of one on the bundled store)."""
    return article_store


@pytest.fixture
def store(article_copy) -> str:
    """In this module, a fresh copy of the seed article's store, to write to."""
    return article_copy


@pytest.fixture
def mixed(tmp_path):
    path = tmp_path / "mixed.csv"
    path.write_text(HEADER + "\n".join(ROWS) + "\n", encoding="utf-8")
    return path


def run(location: str, *args: str):
    return CliRunner().invoke(cli, ["--store", location, *args], env={"COLUMNS": "160"})


def by_line(review) -> dict[int, dict[str, object]]:
    found: dict[int, dict[str, object]] = {}
    for f in review.findings:
        found.setdefault(f.line, {})[f.verdict] = f
    return found


def test_a_dry_run_reviews_every_row_and_writes_nothing(built, mixed):
    before = store_hash(built)
    review = kg.open(built).import_csv(mixed, dry_run=True).change.review
    assert store_hash(built) == before
    rows = by_line(review)
    assert {line: sorted(v) for line, v in rows.items()} == {
        2: ["NEW PLACE"], 3: ["NEW PLACE"], 4: ["NEW ACTOR"], 5: ["NEW"], 6: ["CORROBORATES"], 7: ["RESTATES"],
        8: ["ENDS"], 9: ["CONFLICTS", "NEW"]}
    assert all(f.file == "mixed.csv" for f in review.findings)
    assert review.counts() == {"NEW": 2, "CORROBORATES": 1, "ALREADY": 0, "RESTATES": 1, "ENDS": 1, "CONFLICTS": 1,
                               "NEW ACTOR": 1, "NEW PLACE": 2}

    saraqib, palmyra, division = rows[2]["NEW PLACE"], rows[3]["NEW PLACE"], rows[4]["NEW ACTOR"]
    assert saraqib.change == "Saraqib (city)" and "in Idlib Governorate" in saraqib.detail
    assert "at 34.56, 38.28" in palmyra.detail and "in Syria" in palmyra.detail
    assert division.change == "13th Division (armed group)"
    assert rows[5]["NEW"].change == "Islamic State controls Palmyra (2015-05-21 –)" and rows[5]["NEW"].known is None

    second = rows[6]["CORROBORATES"]  # a second source of the seeds' statement, not a statement of its own
    assert second.known == NUSRA_LEADS and second.statement == NUSRA_LEADS
    assert "it had: FRANCE 24, 2015-03-30" in second.detail and "now 2 sources" in second.detail
    restated = rows[7]["RESTATES"]  # another voice: its own statement, linked
    assert restated.known == NUSRA_LEADS and restated.statement != NUSRA_LEADS
    assert "kg:restates" in restated.detail and "Syrian Observatory for Human Rights" in restated.detail

    ended = rows[8]["ENDS"]
    assert ended.known == GOV_JISR and "on 2015-04-25" in ended.detail
    conflict = rows[9]["CONFLICTS"]
    assert conflict.known == JAF_IDLIB and conflict.statement == rows[9]["NEW"].statement
    assert "Jaish al-Fath controls Idlib" in conflict.detail


def test_a_capture_ends_the_known_holder(built, tmp_path):
    path = tmp_path / "capture.csv"
    path.write_text(HEADER + "Jaish al-Fath,controls,Jisr al-Shughur,2015-04-25,,day,TEST: Jisr al-Shughur falls,"
                    "Example News (TEST),2015-04-26,https://example.org/test-only/rv/jisr,,,,,,\n", encoding="utf-8")
    review = kg.open(built).import_csv(path, dry_run=True).change.review
    rows = by_line(review)
    assert sorted(rows) == [2] and sorted(rows[2]) == ["ENDS", "NEW"]
    ends = rows[2]["ENDS"]
    assert ends.statement == rows[2]["NEW"].statement and ends.known == GOV_JISR  # the row's capture ends it
    assert "on 2015-04-25: superseded by this row" in ends.detail
    assert not any(f.verdict == "CONFLICTS" for f in review.findings)  # ended where the capture begins


def test_the_cli_dry_run_names_each_line(built, mixed):
    before = store_state(built)
    result = run(built, "import", str(mixed), "--dry-run")
    assert result.exit_code == 0, result.output
    assert result.stdout == ""  # messages and the review on stderr
    lines = result.stderr.splitlines()
    table = lines[lines.index(next(x for x in lines if x.startswith("row "))):]
    for line, verdict in [(2, "NEW PLACE"), (3, "NEW PLACE"), (4, "NEW ACTOR"), (5, "NEW"), (6, "CORROBORATES"),
                          (7, "RESTATES"), (8, "ENDS"), (9, "NEW"), (9, "CONFLICTS")]:
        assert any(x.startswith(f"{line} ") and f" {verdict} " in x for x in table), (line, verdict)
    assert lines[-2] == ("review: 2 new statement(s), 1 corroboration(s), 1 restatement(s), 1 end(s) of known "
                         "statements, 1 conflict(s), 1 new actor(s), 2 new place(s)")
    assert lines[-1].startswith("dry run: ") and lines[-1].endswith("nothing was written")
    assert store_state(built) == before


def test_the_review_as_json_on_stdout(built, mixed):
    result = run(built, "import", str(mixed), "--dry-run", "--review", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["counts"]["CORROBORATES"] == 1 and data["counts"]["NEW PLACE"] == 2
    ends = [f for f in data["findings"] if f["verdict"] == "ENDS"]
    assert [(f["line"], f["known"]) for f in ends] == [(8, GOV_JISR)]
    assert not any(x.startswith("row ") and "verdict" in x for x in result.stderr.splitlines())  # no table too


def test_a_write_prints_the_counts_and_a_second_run_is_already_recorded(store, tmp_path):
    path = tmp_path / "statements.csv"  # the statement rows (kind rows would name entities the first run made)
    path.write_text(HEADER + "\n".join(ROWS[4:]) + "\n", encoding="utf-8")
    done = run(store, "import", str(path))
    assert done.exit_code == 0, done.output
    assert ("review: 1 new statement(s), 1 corroboration(s), 1 restatement(s), 1 end(s) of known statements"
            in done.stderr)
    assert not any(x.startswith("row ") and "verdict" in x for x in done.stderr.splitlines())  # no table
    again = kg.open(store).import_csv(path, dry_run=True).change.review
    assert [(f.line, f.verdict) for f in again.findings] == [(2, "ALREADY"), (3, "ALREADY"), (4, "ALREADY"),
                                                             (5, "ALREADY")]  # the end row (4) too
    assert again.summary() == "4 already recorded"


def test_kg_add_returns_its_review(built):
    before = store_hash(built)
    done = kg.open(built).add("Jaish al-Fath", "controls", "Jisr al-Shughur", start="2015-04-25", dry_run=True,
                              source_url="https://example.org/test-only/rv/add", source_title="TEST: Jisr falls",
                              source_publisher="Example News (TEST)")
    assert done.change.review is not None
    assert [(f.verdict, f.known) for f in done.change.review.findings] == [("NEW", None), ("ENDS", GOV_JISR)]
    assert store_hash(built) == before
