"""kg extract's frames for a person who leads or belongs to an armed actor (kg/extract/people.py),
on sentences of our own with made-up people: each frame, and the ties that have ended (a leader
killed, ousted or replaced) that must propose nothing."""

from __future__ import annotations

import pytest

import kg

SOURCE = {"source_title": "TEST", "source_publisher": "Example Wire (TEST)", "url": "https://example.org/test-only/people"}
PERSON = "Abu Testname al-Madeup"


@pytest.fixture(scope="module")
def db():
    return kg.open("memory")


def rows(db, text, date="2016-04-12"):
    found = db.extract(text, source_date=date, **SOURCE)
    return {(c.subject, c.relation, c.object) for c in found.statements}


@pytest.mark.parametrize("text", [
    f"Jaysh al-Islam, under the command of {PERSON}, shelled the road on Monday.",
    f"Jaysh al-Islam and its leader {PERSON} rejected the truce.",
    f"Jaysh al-Islam said on Monday that its new chief, {PERSON}, would attend the talks.",
    f"Jaysh al-Islam on Monday named {PERSON} as its new leader.",
    f"Jaysh al-Islam on Monday appointed a young cleric, {PERSON}, as its emir.",
    f"{PERSON} was named the new leader of Jaysh al-Islam after a vote of its council.",
    f"{PERSON} has been appointed Jaysh al-Islam's chief.",
    f"The leader of Jaysh al-Islam, {PERSON}, told the delegates to wait.",
    f"Jaysh al-Islam, the hardline faction led by {PERSON}, shelled the road on Monday.",
    f"Jaysh al-Islam, the elite force commanded by Brigadier General {PERSON}, shelled the road.",
    f"Jaysh al-Islam, whose commander {PERSON} spoke on Monday, shelled the road.",
    f"{PERSON}, the commander of the self-styled Jaysh al-Islam, rejected the truce.",
    f"Jaysh al-Islam on Monday named {PERSON}, known by the nom de guerre Abu Example, as its new leader.",
    f"Jaysh al-Islam has chosen {PERSON}, a cleric from the town of Douma, to succeed its founder.",
    # the passive in a clause of its own: "Y is headed by X", also after a relative clause
    f"Jaysh al-Islam is headed by {PERSON}, a former commander of a smaller brigade.",
    f"Jaysh al-Islam is now led by {PERSON}, better known as Abu Example.",
    f"The fighters of Jaysh al-Islam, who come from the eastern suburbs and are led by {PERSON}, held the road.",
    # the office after the person, the group's possessive: "X, Y's leader, ..."
    f"{PERSON}, Jaysh al-Islam's leader, rejected the truce.",
    f"{PERSON}, the Jaysh al-Islam's commander, rejected the truce.",
    # troops named by their group, then their commander; an apposition with a longer noun phrase
    f"Jaysh al-Islam fighters, commanded by {PERSON}, fell back towards the hills.",
    f"Jaysh al-Islam, a force of former policemen and tribesmen led by {PERSON}, held the road.",
])
def test_a_leader_in_each_frame(db, text):
    assert (PERSON, "leads", "Jaysh al-Islam") in rows(db, text)


@pytest.mark.parametrize("text", [
    f"{PERSON}, a spokesman for Jaysh al-Islam, denied the report.",
    f"Jaysh al-Islam spokesman {PERSON} denied the report.",
])
def test_a_spokesman_is_a_member(db, text):
    got = rows(db, text)
    assert (PERSON, "member of", "Jaysh al-Islam") in got
    assert (PERSON, "leads", "Jaysh al-Islam") not in got


@pytest.mark.parametrize("text", [
    f"Jaysh al-Islam confirmed that its leader, {PERSON}, had been killed in an air strike.",
    f"Jaysh al-Islam said its chief {PERSON} was ousted last week.",
    f"The former leader of Jaysh al-Islam, {PERSON}, told the delegates to wait.",
    f"Jaysh al-Islam mourned {PERSON}, its late leader, on Friday.",
    f"{PERSON}, the leader of Jaysh al-Islam, was killed on Friday.",
    f"Jaysh al-Islam was led by {PERSON} until 2015.",
    f"Jaysh al-Islam is no longer led by {PERSON}.",
])
def test_a_tie_that_has_ended_proposes_no_current_leader(db, text):
    found = db.extract(text, source_date="2016-04-12", **SOURCE)
    assert not [c for c in found.statements if c.subject == PERSON and c.relation == "leads" and not (c.end or c.end_bound)]


@pytest.mark.parametrize("text", [
    f"Jaysh al-Islam confirmed that its leader, {PERSON}, had been killed in an air strike.",
    f"Jaysh al-Islam said its chief {PERSON} was ousted last week.",
    f"{PERSON}, the leader of Jaysh al-Islam, was killed on Friday.",
    f"An air strike on Friday killed {PERSON}, the commander of Jaysh al-Islam.",
])
def test_a_death_or_an_ouster_ends_the_tie(db, text):
    # the tie is proposed with its end (the day said, or not after the report), never as current
    found = db.extract(text, source_date="2016-04-12", **SOURCE)
    ended = [c for c in found.statements if c.subject == PERSON and c.relation == "leads"]
    assert ended and all(c.end or c.end_bound for c in ended)


def test_an_arrest_says_nothing_of_the_tie(db):
    assert not rows(db, f"{PERSON}, the leader of Jaysh al-Islam, was arrested on Friday.")


def test_its_is_the_nearest_group_before_it(db):
    got = rows(db, f"Jaysh al-Islam accused Ahrar al-Sham and its commander-in-chief {PERSON} of the attack.")
    assert (PERSON, "leads", "Ahrar al-Sham") in got
    assert (PERSON, "leads", "Jaysh al-Islam") not in got


def test_a_long_sentence_naming_a_successor_after_a_death(db):
    other = "Abu Otherman al-Fictive"
    text = (f"Jaysh al-Islam on Thursday confirmed that its leader, {other}, had died of his wounds and named a "
            f"little-known judge, {PERSON}, as its new chief.")
    found = db.extract(text, source_date="2016-04-12", **SOURCE)
    assert [c for c in found.statements if (c.subject, c.relation, c.object) == (PERSON, "leads", "Jaysh al-Islam")
            and not c.end]
    assert not [c for c in found.statements if c.subject == other and not (c.end or c.end_bound)]


def test_a_leader_who_captured_a_place_is_still_its_leader(db):
    got = rows(db, f"{PERSON}, the leader of Jaysh al-Islam, captured Douma on Monday.")
    assert (PERSON, "leads", "Jaysh al-Islam") in got


def test_a_successor_is_chosen_by_the_subject_not_by_a_place_named_in_its_description(db):
    got = rows(db, f"Jaysh al-Islam, the main faction in the suburbs of Damascus, has chosen {PERSON} to succeed its founder.")
    assert (PERSON, "leads", "Jaysh al-Islam") in got
    assert not any(r[0] == PERSON and r[2] != "Jaysh al-Islam" for r in got)


def test_a_leader_named_as_the_speaker_is_the_reporters_word_in_an_unconfirmed_sentence(db):
    text = (f"Jaysh al-Islam leader {PERSON} said his men had taken the village of Kafr Testa, in an audio recording "
            "whose authenticity could not be confirmed.")
    found = db.extract(text, source_date="2016-04-12", **SOURCE)
    assert (PERSON, "leads", "Jaysh al-Islam", "") in {(c.subject, c.relation, c.object, c.claimant) for c in found.statements}
    assert not any(c.relation == "controls" and not c.claimant for c in found.statements)  # what he said stays unconfirmed


def test_its_leader_opening_a_sentence_is_the_leader_of_the_sentence_befores_subject(db):
    text = (f"Jaysh al-Islam remains the strongest faction in the valley, ahead of Ahrar al-Sham. "
            f"Its leader, {PERSON}, rejected the truce on Monday.")
    got = rows(db, text)
    assert (PERSON, "leads", "Jaysh al-Islam") in got
    assert (PERSON, "leads", "Ahrar al-Sham") not in got


@pytest.mark.parametrize("text", [
    f"The valley was taken by Jaysh al-Islam last year. Its leader, {PERSON}, rejected the truce on Monday.",
    f"Jaysh al-Islam remains the strongest faction in the valley. Its former leader, {PERSON}, rejected the truce.",
])
def test_its_leader_after_a_sentence_whose_subject_is_no_party_or_of_the_past_proposes_nothing(db, text):
    assert not any(r[0] == PERSON and r[1] == "leads" for r in rows(db, text))


def test_a_persons_possessive_before_a_group_names_its_leader_and_the_group_apart(db):
    found = db.extract(f"{PERSON}'s Crescent Brigade attacked the town of Kafr Testa on Monday.", source_date="2016-04-12",
                       **SOURCE)
    assert (PERSON, "leads", "Crescent Brigade") in {(c.subject, c.relation, c.object) for c in found.statements}
    names = {n.name: n.kind for n in found.new_names}
    assert names.get("Crescent Brigade") == "armed group" and not any("'s" in name for name in names)


def test_a_late_persons_possessive_names_no_leader(db):
    got = rows(db, f"The late {PERSON}'s Crescent Brigade attacked the town of Kafr Testa on Monday.")
    assert not any(r[0] == PERSON and r[1] == "leads" for r in got)


def test_a_peoples_possessive_inside_a_groups_name_is_no_person(db):
    found = db.extract("The Free Testland People's Defence Units attacked the town of Kafr Testa on Monday.",
                       source_date="2016-04-12", **SOURCE)
    assert not any(n.kind == "person" for n in found.new_names)
    assert not any(c.relation == "leads" for c in found.statements)


@pytest.mark.parametrize("text, group", [
    # a group the graph does not know, named by no group word, in a leader's frame: it is the group led
    (f"{PERSON}, secretary-general of the Testland Renewal Party, spoke on Monday.", "Testland Renewal Party"),
    (f"The Madeup Negotiations Committee is chaired by {PERSON}.", "Madeup Negotiations Committee"),
    (f"The council appointed its deputy, {PERSON}, to lead the Madeup Negotiations Committee.",
     "Madeup Negotiations Committee"),
    (f"The opposition chose {PERSON}, a lawyer who left in 2012, to head the new Madeup Negotiations Committee.",
     "Madeup Negotiations Committee"),
    # a state's possessive before the group ("the commander of Iran's Qudsy Force")
    (f"{PERSON}, the commander of Iran's Qudsy Force, was seen near the town.", "Qudsy Force"),
    (f"{PERSON}, president of the Testia Regional Government, asked for arms.", "Testia Regional Government"),
])
def test_a_leader_of_a_group_the_graph_does_not_know(db, text, group):
    assert (PERSON, "leads", group) in rows(db, text)


def test_untyped_names_alone_lead_nothing(db):
    # a one-word name may be a place or a word; two unknown names have no known party to stand by
    assert not {r for r in rows(db, f"{PERSON}, head of Testville, spoke on Monday.") if r[1] == "leads"}
    found = db.extract("Testa Madeupova, secretary-general of the Testland Renewal Party, met Omar Examplov of the "
                       "Madeup Bloc.", source_date="2016-04-12", **SOURCE)
    assert not [c for c in found.statements if c.relation == "member of" and c.subject == "Testland Renewal Party"]


def test_a_new_person_named_in_full_is_named_by_the_surname_after(db):
    text = ("Forces loyal to the retired commander Testa Madeupov entered the town on Sunday. "
            "Madeupov's self-styled Jaysh al-Islam said its units met no resistance.")
    found = db.extract(text, source_date="2016-04-12", **SOURCE)
    assert ("Testa Madeupov", "leads", "Jaysh al-Islam") in {(c.subject, c.relation, c.object) for c in found.statements}
    assert [n for n in found.proposed if n.name == "Testa Madeupov" and n.kind == "person"]  # declared by a kind row
    # a surname alone, never named in full, is no one
    assert not rows(db, "Madeupov's self-styled Jaysh al-Islam said its units met no resistance.")


def test_the_group_first_and_its_leader_in_a_relative_clause(db):
    assert (PERSON, "leads", "Jaysh al-Islam") in rows(db, f"The road was held by Jaysh al-Islam, which {PERSON} commands.")


def test_the_groups_commander_named_after_the_office_leads_it(db):
    assert (PERSON, "leads", "Jaysh al-Islam") in rows(db, f"Jaysh al-Islam's commander, {PERSON}, said the road was cut.")
    # "a Y commander, X" is one of its commanders
    got = rows(db, f"A Jaysh al-Islam commander, {PERSON}, said the road was cut.")
    assert (PERSON, "member of", "Jaysh al-Islam") in got and (PERSON, "leads", "Jaysh al-Islam") not in got


def test_a_description_before_who_leads(db):
    assert (PERSON, "leads", "Jaysh al-Islam") in rows(db, f"The army detained {PERSON}, a Syrian who commands Jaysh al-Islam.")


def test_the_death_of_its_leader_ends_the_tie(db):
    found = db.extract(f"Jaysh al-Islam on Sunday confirmed the death of its leader, {PERSON}.", source_date="2016-04-12",
                       **SOURCE)
    led = [c for c in found.statements if c.subject == PERSON and c.relation == "leads"]
    assert led and all(c.end or c.end_bound for c in led)


def test_a_name_after_in_is_no_group_led(db):
    # "Al-Qaeda in the Testland Peninsula ... its leader, X": the leader of no "Testland Peninsula"
    found = db.extract(f"Al-Qaeda in the Testland Peninsula said its leader, {PERSON}, was in good health.",
                       source_date="2016-04-12", **SOURCE)
    assert not [c for c in found.statements if c.object == "Testland Peninsula"]


@pytest.mark.parametrize("text", [
    f"After the death of its founder, Jaysh al-Islam named {PERSON} as its new leader.",
    f"Jaysh al-Islam, mourning the death of its founder, named {PERSON} as its new leader.",
])
def test_a_successor_named_after_a_death_leads(db, text):
    found = db.extract(text, source_date="2016-04-12", **SOURCE)
    assert [c for c in found.statements if (c.subject, c.relation, c.object) == (PERSON, "leads", "Jaysh al-Islam")
            and not (c.end or c.end_bound)]


@pytest.mark.parametrize("text", [
    f"{PERSON}, Jaysh al-Islam's commander in the eastern suburbs, rejected the truce.",  # a local command
    f"{PERSON}, Jaysh al-Islam's former leader, rejected the truce.",
])
def test_a_possessive_office_with_more_after_it_or_in_the_past_leads_nothing(db, text):
    assert (PERSON, "leads", "Jaysh al-Islam") not in rows(db, text)


def test_one_of_the_groups_commanders_is_a_member(db):
    got = rows(db, f"{PERSON}, a Jaysh al-Islam commander, rejected the truce.")
    assert (PERSON, "member of", "Jaysh al-Islam") in got
    assert (PERSON, "leads", "Jaysh al-Islam") not in got


def test_the_groups_office_opening_a_sentence_is_the_sentence_befores_subjects(db):
    text = f"Jaysh al-Islam shelled the road on Monday. The group's secretary-general, {PERSON}, said more would follow."
    assert (PERSON, "leads", "Jaysh al-Islam") in rows(db, text)


def test_a_person_named_with_the_movements_office_is_no_group(db):
    found = db.extract(f"{PERSON}, the movement's leader, spoke on Monday.", source_date="2016-04-12", **SOURCE)
    kinds = {n.name: n.kind for n in found.new_names}
    assert kinds.get(PERSON) != "armed group"


@pytest.mark.parametrize("text, relation, ended", [
    (f"Jaysh al-Islam said that {PERSON}, its military commander, would lead the talks.", "member of", False),
    (f"Jaysh al-Islam said that {PERSON}, its leader, would lead the talks.", "leads", False),
    (f"Jaysh al-Islam said on Saturday that {PERSON}, its military commander in Douma, had been killed.", "member of", True),
    (f"Rebels mourned {PERSON}, a Jaysh al-Islam commander known as Abu Example.", "member of", False),
    (f"Also killed was {PERSON}, a Jaysh al-Islam commander who ran its operations in the north.", "member of", True),
    (f"Among those seen were {PERSON}, deputy head of Jaysh al-Islam, and others.", "member of", False),
    (f"{PERSON}, the region's president and leader of Jaysh al-Islam, says the vote is a mandate.", "leads", False),
    (f"Jaysh al-Islam, led since November by {PERSON}, known as Abu Example, sent fighters.", "leads", False),
])
def test_an_office_after_the_person(db, text, relation, ended):
    """"Its" is the last group before the person; a deputy is a member and leads nothing."""
    found = db.extract(text, source_date="2016-04-12", **SOURCE)
    got = {(c.subject, c.relation, bool(c.end)) for c in found.statements if c.object == "Jaysh al-Islam"}
    assert (PERSON, relation, ended) in got
    assert relation == "leads" or (PERSON, "leads", False) not in got


def test_a_leader_in_a_clause_told_as_long_past_leads_nothing(db):
    assert (PERSON, "leads", "Jaysh al-Islam") not in rows(
        db, f"Jund al-Aqsa broke away from {PERSON}'s Jaysh al-Islam during the US occupation.")


@pytest.mark.parametrize("text", [
    (f"Jaysh al-Islam said that its leader had been killed and that {PERSON}, its military commander, had been chosen "
     "to replace him."),
    f"Jaysh al-Islam confirmed the death of its leader and named {PERSON}, a veteran of the group, as his successor.",
    f"{PERSON}, Jaysh al-Islam's overall leader, rejected the truce.",
])
def test_a_successor_or_an_office_named_differently_leads(db, text):
    """A successor leads from now on (the predecessor's death is no end of the successor's tie)."""
    found = db.extract(text, source_date="2016-04-12", **SOURCE)
    got = {(c.subject, c.relation, bool(c.end)) for c in found.statements if c.object == "Jaysh al-Islam"}
    assert (PERSON, "leads", False) in got


@pytest.mark.parametrize("text", [
    f"Its weight lies with older groups: Jaysh al-Islam of {PERSON}, and Ahrar al-Sham.",
    f"The fighters of Jaysh al-Islam under {PERSON} held the road.",
])
def test_a_group_of_or_under_a_person_is_led_by_them(db, text):
    assert (PERSON, "leads", "Jaysh al-Islam") in rows(db, text)


def test_a_group_of_a_place_is_led_by_no_one(db):
    assert not any(r[1] == "leads" for r in rows(db, "Jaysh al-Islam of Eastern Ghouta sent fighters."))


@pytest.mark.parametrize("text", [
    f"The Jaysh al-Islam negotiator, {PERSON}, shook hands with the envoy.",
    f"The rebel team was headed by {PERSON}, a political official of Jaysh al-Islam.",
])
def test_a_negotiator_or_a_political_official_is_a_member(db, text):
    assert (PERSON, "member of", "Jaysh al-Islam") in rows(db, text)


@pytest.mark.parametrize("text", [
    "Hadi Testa, who heads the Western-backed Northern Lions Brigade, welcomed the raids.",
    "Hadi Testa, who founded and leads the Northern Lions Brigade, said so.",
    "Hadi Testa took over as leader of the Northern Lions Brigade in May.",
    "Hadi Testa succeeded Omar Madeup as head of the Northern Lions Brigade.",
    "Hadi Testa was named the Northern Lions Brigade's new leader.",
])
def test_more_wordings_of_a_new_leader(db, text):
    found = db.extract(text, source_date="2016-06-10", source_title="TEST", source_publisher="Example Wire (TEST)")
    assert ("Hadi Testa", "leads", "Northern Lions Brigade") in {(c.subject, c.relation, c.object) for c in found.statements}
