"""kg extract's heads of state and government (kg/extract/statesmen.py), on sentences of our own
with made-up people: the state their title names is the party they lead; a former, late, deputy
or vice office, a minister and Syria's president lead nothing."""

from __future__ import annotations

import pytest

import kg

SOURCE = {"source_title": "TEST", "source_publisher": "Example Wire (TEST)", "url": "https://example.org/test-only/statesmen"}
PERSON = "Samir Testwell al-Madeup"


@pytest.fixture(scope="module")
def db():
    return kg.open("memory")


def extract(db, text):
    return db.extract(text, source_date="2016-04-12", **SOURCE)


def leads(db, text):
    return {(c.subject, c.object) for c in extract(db, text).statements if c.relation == "leads"}


@pytest.mark.parametrize(("text", "state"), [
    (f"Iraqi Prime Minister {PERSON} visited the front on Monday.", "Iraq"),
    (f"Iraq's caretaker prime minister, {PERSON}, condemned the strikes.", "Iraq"),
    (f"{PERSON}, Turkey's president, said the operation would go on.", "Turkey"),
    (f"{PERSON}, the Egyptian president, met the envoy.", "Egypt"),
    (f"President {PERSON} of Yemen flew to Riyadh.", "Yemen"),
    (f"Russian President {PERSON} ordered the strikes.", "Russia"),
])
def test_a_head_of_state_or_government_leads_the_state(db, text, state):
    assert (PERSON, state) in leads(db, text)


def test_the_state_and_the_person_are_new_names_of_their_kinds(db):
    found = extract(db, f"Iraqi Prime Minister {PERSON} visited the front on Monday.")
    kinds = {n.name: n.kind for n in found.new_names}
    assert kinds.get("Iraq") == "state forces"
    assert kinds.get(PERSON) == "person"
    assert not any("Prime Minister" in name for name in kinds)  # the title is no part of a name


@pytest.mark.parametrize("text", [
    f"The late Iraqi president, {PERSON}, was buried in his home town.",
    f"Iraq's former prime minister, {PERSON}, criticised the deal.",
    f"Iraqi Vice President {PERSON} criticised the deal.",
    f"Iraqi Defence Minister {PERSON} visited the front.",
    f"{PERSON}, Iraq's deputy prime minister, criticised the deal.",
    f"Syrian President {PERSON} met the envoy.",  # kg holds Syria as a country, its forces apart
    f"Iraq's caretaker prime minister, {PERSON}, who resigned in November, urged calm.",
])
def test_an_office_held_once_or_another_office_leads_nothing(db, text):
    assert not leads(db, text)
