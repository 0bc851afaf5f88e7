"""kg extract's succession of holders within one report (kg/extract/succession.py), on reports of
our own: a hold told in the past perfect, or begun before a capture of the same place by another
party, ends at that capture; a hold told in the present, or begun after it, is left open."""

from __future__ import annotations

import pytest

import kg

SOURCE = {"source_title": "TEST", "source_publisher": "Example Wire (TEST)", "url": "https://example.org/test-only/succession"}


@pytest.fixture(scope="module")
def db():
    return kg.open("memory")


def holds(db, text):
    found = db.extract(text, source_date="2016-04-12", **SOURCE)
    return {c.subject: (c.start, c.end, c.end_bound) for c in found.statements
            if c.relation == "controls" and c.object == "Ariha"}


def test_a_hold_told_in_the_past_perfect_ends_at_a_later_capture(db):
    got = holds(db, "Jund al-Aqsa seized Ariha on 10 April 2016. The town had been held by Ahrar al-Sham, "
                    "a monitor said.")
    assert got["Jund al-Aqsa"][0] == "2016-04-10"
    assert got["Ahrar al-Sham"][1:] == ("2016-04-10", "")


def test_a_hold_begun_before_the_capture_ends_at_it(db):
    got = holds(db, "Ahrar al-Sham took Ariha in March 2015. Jund al-Aqsa seized Ariha on 10 April 2016.")
    assert got["Ahrar al-Sham"][1] == "2016-04-10"


@pytest.mark.parametrize("text", [
    "Jund al-Aqsa seized Ariha on 10 April 2015. Ahrar al-Sham holds Ariha now, a monitor said.",
    "Jund al-Aqsa seized Ariha in March 2015. Ahrar al-Sham took Ariha on 10 April 2016.",
])
def test_a_hold_in_the_present_or_begun_after_the_capture_stays_open(db, text):
    got = holds(db, text)
    assert got["Ahrar al-Sham"][1:] == ("", "")


def test_a_hold_ends_at_the_first_capture_after_it(db):
    got = holds(db, "Ahrar al-Sham took Ariha in March 2015. Jaysh al-Islam seized Ariha on 1 April 2016. "
                    "Jund al-Aqsa seized Ariha on 10 March 2016.")
    assert got["Ahrar al-Sham"][1] == "2016-03-10"
    assert got["Jund al-Aqsa"][1] == "2016-04-01"
    assert got["Jaysh al-Islam"][1:] == ("", "")


def test_a_place_named_with_its_holder_in_the_captures_sentence_was_theirs_until_then(db):
    got = holds(db, "Jund al-Aqsa overran Ariha, Ahrar al-Sham's stronghold, on 10 April 2016.")
    assert got["Ahrar al-Sham"][1] == "2016-04-10"


def test_a_hold_ends_where_the_report_frees_the_place_from_the_same_party(db):
    found = db.extract("Ahrar al-Sham swept into Ariha in March 2015. The town of Ariha was liberated from "
                       "Ahrar al-Sham on 10 April 2016, a monitor said.", source_date="2016-04-12", **SOURCE)
    got = {(c.start, c.end) for c in found.statements if c.relation == "controls" and c.subject == "Ahrar al-Sham"}
    assert ("2015-03", "2016-04-10") in got
    assert all(end for _, end in got)  # no hold of it left open


def test_a_hold_told_in_the_past_perfect_and_never_ended_is_over_by_the_reports_day(db):
    found = db.extract("The armed groups inside, chiefly Ahrar al-Sham, had held Ariha since late 2012. The last buses "
                       "left on Saturday.", source_date="2016-04-12", **SOURCE)
    got = {(c.start, c.end, c.end_bound) for c in found.statements if c.relation == "controls" and c.subject == "Ahrar al-Sham"}
    assert got == {("2012", "2016-04-12", "not after")}


def test_a_present_hold_beside_a_past_perfect_one_stays_open(db):
    got = holds(db, "Ahrar al-Sham holds Ariha, which Jund al-Aqsa had held since 2013.")
    assert got["Ahrar al-Sham"][1] == ""
