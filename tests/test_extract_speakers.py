"""kg extract on who speaks: institutions and people kg does not know as speakers, a speaker's
description as the reporter's words, a list's last name as no speaker, "its fighters" and "in
their hands" as the acting party's, and a place by "is in the hands of". Sentences of our own,
made-up groups and people, real places."""

from __future__ import annotations

import pytest

import kg

SOURCE = {"source_title": "TEST", "source_publisher": "Example Wire (TEST)", "url": "https://example.org/test-only/speakers"}


@pytest.fixture(scope="module")
def db():
    return kg.open("memory")


def statements(db, text, date="2016-06-10"):
    return db.extract(text, source_date=date, **SOURCE).statements


def claims(db, text):
    """(subject, relation, object) -> claimant of each statement."""
    return {(c.subject, c.relation, c.object): c.claimant for c in statements(db, text)}


@pytest.mark.parametrize("speaker", ["the military said", "police said", "a police officer said",
                                     "an army officer told Reuters", "an official said"])
def test_an_institution_or_an_unnamed_officer_after_the_clause_is_its_speaker(db, speaker):
    got = claims(db, f"Jund al-Aqsa fighters seized the town of Ariha, {speaker}.")
    assert got.get(("Jund al-Aqsa", "controls", "Ariha"), "").startswith(speaker.split(" said")[0].split(" told")[0])


@pytest.mark.parametrize("text", [
    "Abu Testan, a commander, said Jund al-Aqsa took Ariha.",
    "Abu Testan, a commander in the Northern Lions Brigade, said Jund al-Aqsa took Ariha.",
    "Jund al-Aqsa took Ariha, Abu Testan, a commander in the Northern Lions Brigade, told Reuters.",
    '"Jund al-Aqsa took Ariha," said Abu Testan, a Northern Lions Brigade commander.',
])
def test_a_person_kg_does_not_know_is_the_speaker_of_what_they_say(db, text):
    assert claims(db, text)[("Jund al-Aqsa", "controls", "Ariha")].startswith("Abu Testan")


def test_the_description_of_a_speaker_is_the_reporter_s(db):
    got = claims(db, "Abu Testan, who heads the Northern Lions Brigade, told a news conference that the war would go on.")
    assert got[("Abu Testan", "leads", "Northern Lions Brigade")] == ""
    got = claims(db, "Russia, whose jets have bombed in support of Bashar al-Assad's forces since September, said its "
                     "strikes would continue.")
    assert got[("Russia", "allied with", "Syrian government forces")] == ""


def test_the_last_name_of_a_list_is_no_speaker(db):
    got = claims(db, "The Testa Shura Council, formed last month by Ahrar al-Sham, the Fakeh Martyrs Brigade and "
                     "Liwa Testwa, said its fighters had seized the camp.")
    assert got[("Ahrar al-Sham", "member of", "Testa Shura Council")] == ""


@pytest.mark.parametrize("text", ["Jund al-Aqsa said Ariha had fallen to its fighters.",
                                  "Jund al-Aqsa said Ariha was in its hands.",
                                  "Jund al-Aqsa said Ariha was now under its control."])
def test_its_fighters_and_its_hands_are_the_acting_party_s(db, text):
    assert claims(db, text)[("Jund al-Aqsa", "controls", "Ariha")] == "Jund al-Aqsa"


def test_a_first_word_in_the_hands_of_a_party_is_a_place_and_a_person_is_not(db):
    got = claims(db, "Testabad is now in the hands of Jund al-Aqsa.")
    assert ("Jund al-Aqsa", "controls", "Testabad") in got
    assert not [k for k in claims(db, "Peter Testman was in the hands of Jund al-Aqsa.") if k[1] == "controls"]
    assert not [k for k in claims(db, "The aid worker Peter Testman was captured by Jund al-Aqsa in 2013.")
                if k[1] == "controls"]


def test_a_person_kg_does_not_know_claims_by_name_and_imports_as_a_person(article_copy, tmp_path):
    import csv
    import io

    db = kg.open(article_copy)
    found = db.extract("Abu Testan, a commander, said Jund al-Aqsa took Ariha on Monday.", source_date="2016-06-10",
                       **SOURCE)
    table = list(csv.DictReader(io.StringIO(found.to_csv())))
    assert [row["kind"] for row in table if row["subject"] == "Abu Testan"] == ["person"]
    (row,) = [r for r in table if r["relation"] == "controls"]
    assert row["claimant"] == "Abu Testan"
    path = tmp_path / "candidates.csv"
    path.write_text(found.to_csv(), encoding="utf-8")
    assert db.import_csv(path).change.written
    # a name the text leaves untyped is quoted as an unnamed source, by its words
    found = db.extract("Jund al-Aqsa took Ariha, Testa Qasr said.", source_date="2016-06-10", **SOURCE)
    (row,) = [r for r in found.statements if r.relation == "controls"]
    assert row.claimant.startswith("Testa Qasr (") and not row.claimant_named


@pytest.mark.parametrize("text, reporter, speaker", [
    ("Jund al-Aqsa seized Ariha on Monday in an assault the Syrian Observatory said killed 40 people.",
     ("Jund al-Aqsa", "controls", "Ariha"), None),
    ("Jund al-Aqsa seized Ariha, which the Syrian Observatory said the army had held since 2012.",
     ("Jund al-Aqsa", "controls", "Ariha"), None),
    ("Jund al-Aqsa seized Ariha on Monday, and activists said the group had also taken Mastouma.",
     ("Jund al-Aqsa", "controls", "Ariha"), ("Jund al-Aqsa", "controls", "Mastouma")),
])
def test_a_speaker_inside_a_clause_speaks_from_there_on(db, text, reporter, speaker):
    got = claims(db, text)
    assert got[reporter] == ""
    if speaker is not None:
        assert got[speaker].startswith("activists")


@pytest.mark.parametrize("text", ["Jund al-Aqsa seized Ariha on Monday, the Syrian Observatory said.",
                                  "On Monday the Syrian Observatory said Jund al-Aqsa seized Ariha.",
                                  "Jund al-Aqsa seized Ariha on Monday, a spokesman for the Syrian Observatory said.",
                                  "Jund al-Aqsa seized Ariha on Monday, the group and the Syrian Observatory said."])
def test_a_speaker_of_the_whole_sentence_still_claims_it(db, text):
    assert claims(db, text)[("Jund al-Aqsa", "controls", "Ariha")] == "Syrian Observatory for Human Rights"
