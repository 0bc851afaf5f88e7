"""kg extract on wire copy (issue 27): the forms of real reports, unknown names that take part,
hedged and historical statements. The reports are short, in our own words, about real events."""

from __future__ import annotations

import pytest

import kg

SOURCE = {"source_title": "TEST", "source_publisher": "Example Wire (TEST)", "url": "https://example.org/test-only/wire"}


@pytest.fixture(scope="module")
def db():
    return kg.open("memory")


def rows(found):
    return {(c.subject, c.relation, c.object, c.claimant) for c in found.statements}


def test_jisr_al_shughour_wire_report(db):
    text = ("Rebels take Syrian town\n\n"
            "BEIRUT, April 25 (Example Wire) - Nusra Front, al Qaeda's wing in Syria, is leading the so-called "
            "Jaysh al Fateh (Army of Conquest), which captured Idlib city last month.\n\n"
            "Nusra, the former al Qaeda affiliate, fought under the name Battle for Victory. "
            "The Free Syrian Army and the Islamic Front were not involved, an Ahrar al-Sham media officer told Example Wire.")
    found = db.extract(text, source_date="2015-04-26", **SOURCE)
    got = rows(found)
    assert ("al-Nusra Front", "branch of", "al-Qaeda", "") in got          # the apposition, the reporter's voice
    assert ("al-Nusra Front", "leads", "Jaish al-Fath", "") in got          # "is leading", "Jaysh al Fateh" resolved
    (capture,) = [c for c in found.statements if c.relation == "controls"]
    assert (capture.subject, capture.object, capture.start) == ("Jaish al-Fath", "Idlib", "2015-03")  # last month
    assert len([r for r in got if r[1] == "branch of"]) == 1              # "the former ... affiliate" gives nothing
    names = {(n.name, n.kind) for n in found.new_names}
    assert {("Free Syrian Army", "armed group"), ("Islamic Front", "armed group"),
            ("Battle for Victory", "alliance")} <= names
    assert not any("Syrian government forces" in (c.subject, c.object) for c in found.statements)


def test_an_alliance_which_includes_names_its_members_but_not_the_one_left_out(db):
    text = ("Jaish al-Fath, an alliance which includes Nusra, the hardline Ahrar al-Sham movement and Jund al-Aqsa, "
            "but not Islamic State, took Jisr al-Shughour on Saturday.")
    found = db.extract(text, source_date="2015-04-25", **SOURCE)
    members = {c.subject for c in found.statements if c.relation == "member of"}
    assert members == {"al-Nusra Front", "Ahrar al-Sham", "Jund al-Aqsa"}


@pytest.mark.parametrize("text, expected", [
    ("Palmyra was captured by Islamic State fighters on Wednesday.", ("Islamic State", "2015-05-20")),
    ("Palmyra fell to Islamic State on Wednesday.", ("Islamic State", "2015-05-20")),
    ("Islamic State militants took full control of the ancient city of Palmyra on Wednesday.",
     ("Islamic State", "2015-05-20")),
])
def test_captures_of_a_place_kg_does_not_know_propose_it_with_a_kind_row(db, text, expected):
    found = db.extract(text, source_date="2015-05-21", **SOURCE)
    (row,) = [c for c in found.statements if c.relation == "controls"]
    assert (row.subject, row.object, row.start) == (expected[0], "Palmyra", expected[1])
    (new,) = found.proposed
    assert (new.name, new.kind) == ("Palmyra", "city")
    lines = found.to_csv().splitlines()
    assert any(line.startswith("Palmyra,,,") and ",city," in line for line in lines)


def test_an_unknown_place_gets_the_gazetteers_coordinates_when_it_is_installed(db):
    pytest.importorskip("kg.gazetteer")
    found = db.extract("Islamic State fighters seized Palmyra on Wednesday.", source_date="2015-05-21", **SOURCE)
    (new,) = found.proposed
    assert new.how == "gazetteer" and abs(float(new.lat) - 34.56) < 0.1 and abs(float(new.long) - 38.28) < 0.1


def test_a_dateline_gives_the_day_relative_dates_count_from(db):
    text = "BEIRUT, May 21 (Example Wire) - Islamic State fighters seized Palmyra on Wednesday."
    found = db.extract(text, source_date="2015-05-22", **SOURCE)
    (row,) = [c for c in found.statements if c.relation == "controls"]
    assert row.start == "2015-05-20"
    assert not any(n.name.upper() == "BEIRUT" for n in found.new_names)


def test_hedged_statements_are_claims_or_nothing(db):
    text = ("Islamic State reportedly seized Palmyra on Wednesday. "
            "Syrian state television said the army had withdrawn from Ariha. The claim could not be independently confirmed.")
    found = db.extract(text, source_date="2015-05-21", **SOURCE)
    assert all(c.claimant for c in found.statements)
    assert ("Syrian government forces", "controls", "Ariha", "Syrian state television (Example Wire (TEST), 2015-05-21)") in rows(found)


def test_an_unconfirmed_sentence_without_a_speaker_proposes_nothing(db):
    text = "Islamic State fighters captured Ariha on Sunday. This could not be independently verified."
    found = db.extract(text, source_date="2015-05-21", **SOURCE)
    assert found.statements == []


def test_casualties_are_events_with_their_claimant(db):
    found = db.extract("At least 60 soldiers were killed in the fighting, according to the Syrian Observatory.",
                       source_date="2015-04-25", **SOURCE)
    (event,) = [c for c in found.events if c.event == "Casualties"]
    assert event.claimant == "Syrian Observatory for Human Rights" and "60 soldiers" in event.detail


def test_an_acronym_in_brackets_names_the_new_group_again(db):
    text = ("The Syrian Democratic Forces (SDF) took full control of Manbij on Friday. "
            "The SDF had besieged the town for two months.")
    found = db.extract(text, source_date="2016-08-13", **SOURCE)
    sdf = [m for m in found.mentions if m.surface == "SDF"]
    assert sdf and all(m.label == "Syrian Democratic Forces" for m in sdf)
