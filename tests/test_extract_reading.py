"""kg extract reading past one phrase: a capture's list of places, a place described by an anaphor
and a relative clause, "it" as the acting party, the war a report is about, and an acronym used
anywhere in the report. Sentences of our own, made-up groups and real places."""

from __future__ import annotations

import pytest

import kg

SOURCE = {"source_title": "TEST", "source_publisher": "Example Wire (TEST)", "url": "https://example.org/test-only/reading"}


@pytest.fixture(scope="module")
def db():
    return kg.open("memory")


def extract(db, text, date="2016-06-10"):
    return db.extract(text, source_date=date, **SOURCE)


def rows(db, text, date="2016-06-10"):
    return {(c.subject, c.relation, c.object, bool(c.end)) for c in extract(db, text, date).statements}


def test_every_place_a_capture_lists_is_captured(db):
    got = rows(db, "The Northern Lions Brigade captured Kafr Testa, Tel Madeup and Ain Fakeh on Friday.")
    for place in ("Kafr Testa", "Tel Madeup", "Ain Fakeh"):
        assert ("Northern Lions Brigade", "controls", place, False) in got


def test_a_name_that_opens_a_clause_of_its_own_is_no_item_of_the_list(db):
    got = rows(db, "Jund al-Aqsa captured Ariha and Mohammed Testani said the town was calm.")
    assert ("Jund al-Aqsa", "controls", "Ariha", False) in got
    assert not [r for r in got if r[2] == "Mohammed Testani"]


@pytest.mark.parametrize("verb", ["wrested back", "seized"])
def test_a_place_an_anaphor_describes_and_a_relative_clause_says_who_took_it(db, verb):
    got = rows(db, f"Convoys reached Ariha, the town that Jund al-Aqsa fighters {verb} from the Islamic State last month.")
    assert ("Jund al-Aqsa", "controls", "Ariha", False) in got
    assert ("Islamic State", "controls", "Ariha", True) in got  # the loser's control ends


def test_places_both_held_by_a_party(db):
    got = rows(db, "Troops pushed toward Ariha and Jisr al-Shughour, both still held by Jund al-Aqsa.")
    assert {("Jund al-Aqsa", "controls", p, False) for p in ("Ariha", "Jisr al-Shughur")} <= got


def test_it_as_the_subject_of_a_hold_is_the_last_sentence_s_party(db):
    got = rows(db, "Jund al-Aqsa has used the war to expand. Since April it has run Ariha, the district's main town.")
    assert ("Jund al-Aqsa", "controls", "Ariha", False) in got
    # "it" of a place is nothing
    assert not [r for r in rows(db, "Ariha is a market town. It held out for a month.") if r[1] == "controls"]


def test_a_report_on_another_war_written_in_capitals_has_no_syrian_government_forces(db):
    text = ("Flash update\n\nYEMEN - TESTA GOVERNORATE - FLASH UPDATE NO. 1\n\n"
            "Government forces, which had held the town of Testa since 2015, withdrew toward the coast on Sunday.")
    found = extract(db, text, "2020-03-03")
    assert not [c for c in found.statements if c.subject == "Syrian government forces"]


def test_a_known_name_in_a_region_spelled_out_by_an_acronym_elsewhere_is_one_new_group(db):
    text = ("Report\n\nFighters of al-Qaeda in the Testan Peninsula clashed with tribesmen on Monday.\n\n"
            "AQTP has since captured Ariha.")
    found = extract(db, text)
    names = {(n.name, n.kind) for n in found.new_names}
    assert ("al-Qaeda in the Testan Peninsula", "armed group") in names
    got = {(c.subject, c.relation, c.object) for c in found.statements}
    assert ("al-Qaeda in the Testan Peninsula", "controls", "Ariha") in got  # "AQTP" names it
    assert not [r for r in got if r[0] == "al-Qaeda" and r[1] == "controls"]
    # without the acronym anywhere, "al-Qaeda in the X" is al-Qaeda in a place
    found = extract(db, "Report\n\nFighters of al-Qaeda in the Testan Peninsula clashed with tribesmen on Monday.")
    assert ("al-Qaeda in the Testan Peninsula", "armed group") not in {(n.name, n.kind) for n in found.new_names}


def test_a_place_after_an_adjective_after_the_verb_is_a_place(db):
    found = extract(db, "Report\n\nThe Northern Lions Brigade swept into nearby Tel Madeup on Friday.")
    assert ("Tel Madeup", "city") in {(n.name, n.kind) for n in found.new_names}


@pytest.mark.parametrize("text, party, other", [
    # a party named only by its possessive is no antecedent of "the group"
    (("Report\n\nThe Testan Brigade, al-Qaeda's affiliate in the south, claimed the raid on Tuesday.\n\n"
     "In a statement, the group said its fighters had captured Ariha."), "Testan Brigade", "al-Qaeda"),
    # the brigades pushed out by a party took the place, not the party
    (("Report\n\nFive days after they burst in, the Testa Defence Brigades are still camped at the terminals.\n\n"
     "The brigades, a mix of Islamists pushed out of Aleppo by Hadi Testani's Jund al-Aqsa, overran Ariha on Friday."),
     "Testa Defence Brigades", "Jund al-Aqsa"),
])
def test_the_party_that_took_a_place_not_one_that_describes_it(db, text, party, other):
    got = rows(db, text)
    assert (party, "controls", "Ariha", False) in got
    assert not [r for r in got if r[0] == other and r[1] == "controls"]


def test_a_party_named_by_the_forces_it_sends(db):
    got = rows(db, "Residents said Testawi forces captured Ariha on Sunday.")
    assert ("Testawi", "controls", "Ariha", False) in got
    for side in ("Security", "Coalition", "Chadian"):  # a side's word or a people's adjective names no party
        assert not [r for r in rows(db, f"{side} forces captured Ariha on Sunday.") if r[1] == "controls"]


def test_a_place_based_modifier_is_no_part_of_the_name_and_its_place_is_flagged(db):
    found = extract(db, "Report\n\nForces of the Testville-based Government of Made Accord captured Ariha on Monday.")
    got = {(c.subject, c.relation, c.object) for c in found.statements}
    assert ("Government of Made Accord", "controls", "Ariha") in got
    assert "Testville" in {n.name for n in found.new_names}


def test_it_in_a_subordinate_clause_is_the_one_subject_named_before_it(db):
    text = ("Report\n\nJaish al-Fath shelled Testa, held by the National Defence Forces. The alliance, led by "
            "Ahrar al-Sham and the Nusra Front, has besieged the village since it captured Ariha in March.")
    got = rows(db, text)
    assert ("Jaish al-Fath", "controls", "Ariha", False) in got
    # the parties after "led by A and" govern nothing: neither took the town
    assert not [r for r in got if r[1] == "controls" and r[2] == "Ariha" and r[0] != "Jaish al-Fath"]


def test_the_villages_of_a_list_are_the_places_the_villages_of_a_province_a_part_of_it(db):
    got = rows(db, "Monitors reported the capture by Jund al-Aqsa of the villages of Tel Madeup and Kafr Testa.")
    assert {("Jund al-Aqsa", "controls", p, False) for p in ("Tel Madeup", "Kafr Testa")} <= got
    assert not [r for r in rows(db, "Jund al-Aqsa captured the villages of Idlib province.") if r[1] == "controls"]


def test_the_backbone_of_an_alliance_is_a_member_of_it(db):
    got = rows(db, "Ahrar al-Sham, the backbone of Jaish al-Fath, said the town had fallen.")
    assert ("Ahrar al-Sham", "member of", "Jaish al-Fath", False) in got


@pytest.mark.parametrize("text, claimed", [
    ("Jund al-Aqsa consolidated its control over Ariha on Monday.", False),
    ("Jund al-Aqsa has tightened its grip on Ariha.", False),
    ("Jund al-Aqsa fighters raised their flag over Ariha on Monday.", False),
    ("Jund al-Aqsa said it was in full control of Ariha.", True),
    ("Jund al-Aqsa claimed control of Ariha on Monday.", True),
    ("Jund al-Aqsa announced the capture of Ariha on Monday.", True),
])
def test_more_wordings_of_a_capture_or_a_hold(db, text, claimed):
    found = extract(db, text)
    assert ("Jund al-Aqsa", "controls", "Ariha", claimed) in {
        (c.subject, c.relation, c.object, bool(c.claimant)) for c in found.statements}


def test_joining_starts_a_membership_and_quitting_ends_it(db):
    found = extract(db, "Report\n\nJund al-Aqsa, which joined Jaish al-Fath in March, said so.")
    (joined,) = [c for c in found.statements if c.relation == "member of"]
    assert (joined.subject, joined.object, joined.start, joined.end) == ("Jund al-Aqsa", "Jaish al-Fath", "2016-03", "")
    found = extract(db, "Report\n\nJund al-Aqsa withdrew from Jaish al-Fath on Monday.")
    (quit_,) = [c for c in found.statements if c.relation == "member of"]
    assert (quit_.subject, quit_.object, quit_.end) == ("Jund al-Aqsa", "Jaish al-Fath", "2016-06-06")
    # a place after the same verb is a withdrawal from the place, no membership
    assert not [c for c in extract(db, "Report\n\nJund al-Aqsa withdrew from Ariha on Monday.").statements
                if c.relation == "member of"]


@pytest.mark.parametrize("text, claimant", [
    ("The army recaptured Ariha, Syria's state news agency SANA said.", "state news agency SANA"),
    ("Pro-government media reported that the army had recaptured Ariha.", "Pro-government media"),
    ("The army has recaptured Ariha, residents say.", "residents"),
])
def test_media_and_plural_speakers_make_a_claim(db, text, claimant):
    found = extract(db, text)
    (row,) = [c for c in found.statements if c.relation == "controls"]
    assert (row.subject, row.object) == ("Syrian government forces", "Ariha")
    assert row.claimant.startswith(claimant)


def test_a_group_speaking_through_its_news_agency_claims_its_fighters_capture(db):
    found = extract(db, "The Islamic State's Testaq news agency said its fighters had captured Ariha.")
    got = {(c.subject, c.relation, c.object, c.claimant) for c in found.statements}
    assert ("Islamic State", "controls", "Ariha", "Islamic State") in got
    assert not [r for r in got if r[0] == "Testaq"]  # a medium takes nothing


def test_an_affiliated_group_is_a_branch_a_linked_one_in_apposition_is_not(db):
    got = rows(db, "Jund Testa, an Islamic State-affiliated group, said so. The al-Qaeda-affiliated Liwa Madeup agreed.")
    assert {("Jund Testa", "branch of", "Islamic State", False), ("Liwa Madeup", "branch of", "al-Qaeda", False)} <= got
    assert not [r for r in rows(db, "Jund Testa, an al-Qaeda-linked group, said so.") if r[1] == "branch of"]


def test_a_party_s_base_taken_ends_its_control_and_a_town_s_base_is_no_town(db):
    got = rows(db, "Jund al-Aqsa overran the Syrian army's Testa air base on Sunday.")
    assert ("Jund al-Aqsa", "controls", "Testa air base", False) in got
    assert ("Syrian government forces", "controls", "Testa air base", True) in got
    assert not [r for r in rows(db, "Jund al-Aqsa seized the army's Ariha base on Sunday.") if r[2] == "Ariha"]


def test_a_party_named_by_its_commanders_opening_a_sentence(db):
    found = extract(db, "Report\n\nTestmerga commanders said their units had secured the silo.")
    assert ("Testmerga", "armed group") in {(n.name, n.kind) for n in found.new_names}
    found = extract(db, "Report\n\nGovernment commanders said their units had secured the silo.")
    assert not [n for n in found.new_names if n.name == "Government"]  # a side's word names no party


def test_a_party_wire_copy_writes_in_lower_case(db):
    found = extract(db, "Report\n\nKurdish peshmerga fighters took full control of Kirkuk on Thursday.")
    assert ("Peshmerga", "controls", "Kirkuk") in {(c.subject, c.relation, c.object) for c in found.statements}
    # the Kurdistan Region's forces: "the militants" are never they
    found = extract(db, "Report\n\nA spokesman for the peshmerga said the militants had fled Kirkuk.")
    assert not [m for m in found.mentions if m.surface == "the militants" and m.label == "Peshmerga"]


@pytest.mark.parametrize("text, claimant", [
    (("Iraq's military spokesman, Lieutenant General Testa Madeup, went further on state television on Monday, "
      "saying Jund al-Aqsa fighters had taken Ariha entirely."), "Iraq's military spokesman"),
    ("Jund al-Aqsa issued a statement on Monday, saying its fighters had taken Ariha.", "Jund al-Aqsa"),
])
def test_the_speaker_of_a_participle_makes_a_claim(db, text, claimant):
    (row,) = [c for c in extract(db, text).statements if c.relation == "controls"]
    assert row.object == "Ariha" and row.claimant.startswith(claimant)


@pytest.mark.parametrize("text", [
    "State television said troops had regrouped near the town. It did not say the army still held Ariha.",
    "A spokesman declined to say whether Jund al-Aqsa held Ariha.",
    "Officials would not confirm that Jund al-Aqsa had captured Ariha.",
])
def test_what_a_speaker_did_not_say_states_nothing(db, text):
    assert not [c for c in extract(db, text).statements if c.relation == "controls" and c.object == "Ariha"]


def test_an_editor_s_note_in_square_brackets_is_read(db):
    text = ("Report\n\nTestabad radio named a new council on Saturday.\n\n"
            "[Jund al-Aqsa has held Ariha since September 2014. The council's first task is a budget.]")
    assert ("Jund al-Aqsa", "controls", "Ariha", False) in rows(db, text)


def test_a_place_in_an_apposition_is_no_party_of_the_main_verb(db):
    text = "The Syrian army's Testa base, a sprawling compound on the northern edge of Ariha, was overrun by Jund al-Aqsa."
    got = rows(db, text)
    assert ("Jund al-Aqsa", "controls", "Testa base", False) in got
    assert ("Syrian government forces", "controls", "Testa base", True) in got  # the owner's control ends
    assert not [r for r in got if r[2] == "Ariha"]


def test_the_group_known_as_a_name_is_that_party(db):
    text = ("Report\n\nJund al-Aqsa shelled Ariha on Friday. Residents fled.\n\n"
            "The group, known as the Islamic State of Iraq and the Levant until June, has controlled Raqqa since January.")
    assert ("Islamic State", "controls", "Raqqa", False) in rows(db, text)


def test_it_said_goes_on_with_the_last_speaker(db):
    text = ("Report\n\nThe Syrian Observatory for Human Rights said Jund al-Aqsa had pulled out of Ariha. "
            "It said government troops were helped by Ahrar al-Sham.")
    got = {(c.subject, c.relation, c.object, c.claimant) for c in extract(db, text).statements}
    assert ("Ahrar al-Sham", "allied with", "Syrian government forces", "Syrian Observatory for Human Rights") in got


def test_the_town_is_never_a_place_the_text_called_a_village(db):
    text = ("Report\n\nJund al-Aqsa took Testabad, a mostly Armenian town, in March. Ahrar al-Sham held positions "
            "around the nearby village of Kafr Madeup. Jund al-Aqsa still held the town in June.")
    got = rows(db, text)
    assert not [r for r in got if r[2] == "Kafr Madeup" and r[0] == "Jund al-Aqsa"]


def test_fighting_alongside_members_of_a_party_is_no_membership(db):
    got = rows(db, "Army units, fighting alongside members of the Nusra Front, retook Ariha.")
    assert not [r for r in got if r[1] == "member of"]
    assert ("Syrian government forces", "controls", "Ariha", False) in got  # "army units" are the army's


def test_a_dateline_in_mixed_case_and_a_month_that_is_no_acronym(db):
    text = "Report\n\nBeirut, Jan 26 (kg) - Jund al-Aqsa seized Ariha on Jan. 24, activists said."
    found = extract(db, text, "2016-01-26")
    assert "Beirut" in {n.name for n in found.new_names}
    assert not [m for m in found.mentions if m.surface.startswith("Jan")]  # "Jan" is no "JaN" (Jabhat al-Nusra)


def test_a_place_named_sheikh_something(db):
    text = ("Report\n\nJund al-Aqsa took control of Sheikh Testin, a town in Daraa province, on Monday. "
            "Sheikh Testin lies on the main road.")
    found = extract(db, text)
    assert ("Sheikh Testin", "city") in {(n.name, n.kind) for n in found.new_names}
    assert not [n for n in found.new_names if n.name == "Testin"]


@pytest.mark.parametrize("text, row", [
    ("Troops, supported by fighters of Jund al-Aqsa, took Ariha overnight.", None),
    ("The Syrian army opened the assault on Monday and the next day recaptured the nearby Testa air base.",
     ("Syrian government forces", "controls", "Testa air base", False)),
    ("The Testa air base fell in January to Islamist fighters and to the Western-backed Jund al-Aqsa.",
     ("Jund al-Aqsa", "controls", "Testa air base", False)),
])
def test_who_took_a_place_past_the_words_around_it(db, text, row):
    got = rows(db, text)
    if row is None:  # the fighters' group only supported the troops: it took nothing
        assert not [r for r in got if r[0] == "Jund al-Aqsa" and r[1] == "controls"]
    else:
        assert row in got


def test_a_speaker_after_and_speaks_for_the_clause_after_only(db):
    text = "Jund al-Aqsa has retaken Ariha, and U.S. military officers said on Friday that most defenders ran."
    (row,) = [c for c in extract(db, text).statements if c.relation == "controls"]
    assert (row.subject, row.object, row.claimant) == ("Jund al-Aqsa", "Ariha", "")
    (row,) = [c for c in extract(db, "Officials said Jund al-Aqsa retook Ariha, and residents said it was calm.").statements
              if c.relation == "controls"]
    assert row.claimant.startswith("Officials")


def test_more_names_read_whole(db):
    text = ("Report\n\nHadi Testani, a spokesman for the 177 Battalion, said so. The 177 Battalion belongs to "
            "Jaish al-Fath. Pro-Testville forces will try to retake it. The Northern Lions Brigade, whose leader is "
            "Omar Madeup, agreed. Yemen's President Testa Madeup said so.")
    found = extract(db, text)
    got = {(c.subject, c.relation, c.object) for c in found.statements}
    assert {("Hadi Testani", "member of", "177 Battalion"), ("177 Battalion", "member of", "Jaish al-Fath"),
            ("Omar Madeup", "leads", "Northern Lions Brigade")} <= got
    names = {n.name for n in found.new_names}
    assert "Testville" not in {n.name for n in found.new_names if n.kind == "armed group"}  # "pro-X forces"
    assert "President Testa Madeup" not in names and "Battalion" not in names


def test_what_a_person_owns_is_no_place(db):
    found = extract(db, "Report\n\nJund al-Aqsa seized Testani's chief of staff in Ariha on Saturday.")
    assert ("Testani", "city") not in {(n.name, n.kind) for n in found.new_names}


def test_a_new_name_spelled_by_an_acronym_in_brackets_is_typed_when_the_acronym_is(db):
    text = ("Report\n\nFighters loyal to the Government of Made Accord (GMA) massed on Monday. "
            "GMA forces captured Ariha on Tuesday.")
    found = extract(db, text)
    assert ("Government of Made Accord", "controls", "Ariha") in {(c.subject, c.relation, c.object) for c in found.statements}
    (kind,) = [n for n in found.new_names if n.name == "Government of Made Accord"]
    assert kind.kind == "armed group" and "GMA" in kind.extra.get("aliases", [])


def test_an_umbrella_body_that_includes_a_group(db):
    text = "Report\n\nTesta Madeup heads the Kurdish Testa Union (KTU), the umbrella body that includes Jund al-Aqsa."
    assert ("Jund al-Aqsa", "member of", "Kurdish Testa Union", False) in rows(db, text)


def test_a_place_described_in_apposition_is_the_reporter_s_description(db):
    text = "Jund al-Aqsa took Zumar. In Ariha, the group said, its men captured fighters from Saraqeb, a town held by the Islamic State."
    got = {(c.subject, c.relation, c.object, c.claimant) for c in extract(db, text).statements}
    assert ("Islamic State", "controls", "Saraqeb", "") in got


@pytest.mark.parametrize("text, claimant", [
    ("The army took Ariha on Monday, the state-run Testan News Agency said.", "the state-run Testan News Agency"),
    ("Jund al-Aqsa retook Ariha on Thursday, the Joint Testa Command said in a statement.", "the Joint Testa Command"),
])
def test_an_institution_named_in_capitals_speaks_and_is_no_place_or_party(db, text, claimant):
    found = extract(db, text)
    (row,) = [c for c in found.statements if c.relation == "controls"]
    assert row.object == "Ariha" and row.claimant.startswith(claimant)
    assert not [n for n in found.new_names if n.kind and claimant.endswith(n.name)]  # "state-run X" is no place


def test_a_speaker_is_no_party_of_the_capture_it_reports(db):
    got = rows(db, "Iraq's Joint Testa Command said the army had retaken Ariha.")
    assert not [r for r in got if r[0] == "Joint Testa Command"]
