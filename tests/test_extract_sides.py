"""kg extract (issue 27): parties that fight on one side are allies, in the ways wire copy says
it ("A, fighting alongside B, took X", "A, B and C have fought side by side", "Fighting alongside
A were B and C"). The sentences are our own, with made-up groups; a tie told as history, denied
or planned proposes nothing."""

from __future__ import annotations

import pytest

import kg

SOURCE = {"source_title": "TEST", "source_publisher": "Example Wire (TEST)", "url": "https://example.org/test-only/sides"}


@pytest.fixture(scope="module")
def db(article_store):
    return kg.open(article_store)


def allies(db, text: str, date: str = "2016-05-10") -> set[frozenset[str]]:
    found = db.extract(text, source_date=date, **SOURCE)
    return {frozenset((c.subject, c.object)) for c in found.statements if c.relation == "allied with" and not c.claimant}


@pytest.mark.parametrize("text, pairs", [
    # a participle in apposition to the subject; a country's possessive before the ally
    ("The Crescent Brigade, fighting alongside Jordan's Desert Lions Front, seized the village of Tal Hamra on Sunday.",
     {("Crescent Brigade", "Desert Lions Front")}),
    # words between the verb and "alongside"
    ("Jaish al-Fath fought its way into the town of Kafr Testa alongside the Crescent Brigade on Monday.",
     {("Jaish al-Fath", "Crescent Brigade")}),
    ("Ahrar al-Sham fighters battled through the olive groves alongside the Crescent Brigade.",
     {("Ahrar al-Sham", "Crescent Brigade")}),
    # "side by side": every pair of the parties named before it
    ("Ahrar al-Sham, the Crescent Brigade and the Desert Lions Front have fought side by side in the valley since the spring.",
     {("Ahrar al-Sham", "Crescent Brigade"), ("Ahrar al-Sham", "Desert Lions Front"),
      ("Crescent Brigade", "Desert Lions Front")}),
    ("The Crescent Brigade is fighting side by side with Ahrar al-Sham near the coast.",
     {("Crescent Brigade", "Ahrar al-Sham")}),
    # inverted: the ally first, the parties after "were"
    (("Fighting alongside Ahrar al-Sham were the Crescent Brigade and volunteers of several militias, among them the "
      "Desert Lions Front."), {("Ahrar al-Sham", "Crescent Brigade"), ("Ahrar al-Sham", "Desert Lions Front")}),
])
def test_parties_fighting_on_one_side_are_allies(db, text, pairs):
    assert {frozenset(p) for p in pairs} <= allies(db, text)


@pytest.mark.parametrize("text", [
    "The Crescent Brigade had fought alongside Ahrar al-Sham until last year, when the two fell out.",
    "The Crescent Brigade never fought alongside Ahrar al-Sham, its commander said.",
    "The Crescent Brigade once fought side by side with Ahrar al-Sham.",
    "The Crescent Brigade could soon be fighting alongside Ahrar al-Sham, analysts said.",
    "Ahrar al-Sham and the Crescent Brigade, which fought side by side in 2013, are now rivals.",
])
def test_a_past_denied_or_possible_alliance_proposes_nothing(db, text):
    assert frozenset(("Crescent Brigade", "Ahrar al-Sham")) not in allies(db, text)


def test_a_party_fighting_against_the_pair_is_no_ally(db):
    text = "The Crescent Brigade, fighting alongside Ahrar al-Sham, attacked the Desert Lions Front on Sunday."
    got = allies(db, text)
    assert frozenset(("Crescent Brigade", "Ahrar al-Sham")) in got
    assert not any("Desert Lions Front" in pair for pair in got)


def test_a_participle_in_apposition_is_the_reporters_description(db):
    text = ("The Crescent Brigade, fighting alongside the Desert Lions Front, took the village of "
            "Tal Hamra on Sunday, state media said.")
    found = db.extract(text, source_date="2016-05-10", **SOURCE)
    (row,) = [c for c in found.statements if c.relation == "allied with"]
    assert {row.subject, row.object} == {"Crescent Brigade", "Desert Lions Front"} and row.claimant == ""


def test_a_party_in_a_relative_clause_before_the_verb_is_no_subject(db):
    got = allies(db, "Ahrar al-Sham, whose backbone is the Crescent Brigade, fought alongside the Desert Lions Front.")
    assert frozenset(("Ahrar al-Sham", "Desert Lions Front")) in got
    assert not any("Crescent Brigade" in pair for pair in got)


@pytest.mark.parametrize("text", [
    "The Crescent Brigade, Ahrar al-Sham's main ally in the north, sent more fighters on Monday.",
    "The Crescent Brigade, Ahrar al-Sham's closest partner, sent more fighters on Monday.",
    "Ahrar al-Sham's main ally, the Crescent Brigade, sent more fighters on Monday.",
])
def test_a_possessive_ally_in_apposition(db, text):
    assert frozenset(("Crescent Brigade", "Ahrar al-Sham")) in allies(db, text)


@pytest.mark.parametrize("text", [
    "The Crescent Brigade, Ahrar al-Sham's former ally, sent more fighters on Monday.",
    "The Crescent Brigade, once Ahrar al-Sham's main ally, sent more fighters on Monday.",
])
def test_a_former_possessive_ally_proposes_nothing(db, text):
    assert frozenset(("Crescent Brigade", "Ahrar al-Sham")) not in allies(db, text)


def test_a_state_named_as_a_partys_ally_is_its_forces(db):
    got = allies(db, "Jordan, the Crescent Brigade's main backer, closed the border on Monday.")
    assert frozenset(("Jordan", "Crescent Brigade")) in got


@pytest.mark.parametrize("text, pair", [
    ("The Crescent Brigade, a hardline movement backed by Ahrar al-Sham, took the village of Tal Hamra.",
     ("Crescent Brigade", "Ahrar al-Sham")),
    ("The Crescent Brigade, a small faction supported and backed by Jordan, took the village of Tal Hamra.",
     ("Crescent Brigade", "Jordan")),
])
def test_a_backer_named_after_a_description(db, text, pair):
    assert frozenset(pair) in allies(db, text)


def test_a_backer_of_the_past_proposes_nothing(db):
    text = "The Crescent Brigade, a faction once backed by Ahrar al-Sham, took the village of Tal Hamra."
    assert frozenset(("Crescent Brigade", "Ahrar al-Sham")) not in allies(db, text)


def test_a_backing_one_party_accuses_another_of_is_no_fact(db):
    text = "Ahrar al-Sham called for a truce with the Crescent Brigade, which it accuses of being backed by Jordan."
    assert frozenset(("Crescent Brigade", "Jordan")) not in allies(db, text)


def test_an_ally_named_right_after_its_party(db):
    got = allies(db, "Rebels fled the towns where Jaish al-Fath and its Turkish ally Ahrar al-Sham advanced.")
    assert frozenset(("Jaish al-Fath", "Ahrar al-Sham")) in got
    # a former ally is no ally
    got = allies(db, "Rebels fled the towns where Jaish al-Fath and its former ally Ahrar al-Sham advanced.")
    assert frozenset(("Jaish al-Fath", "Ahrar al-Sham")) not in got
