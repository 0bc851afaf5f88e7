"""kg extract (issue 27): a party that attacks another, its men or its sites is hostile to it, in
the ways wire copy says it ("A attacked the headquarters of B", "A jets struck B positions",
"B was routed by A"). The sentences are our own, with made-up groups; a denied, possible or
planned attack proposes nothing, and an attack on a place is no hostility to anyone."""

from __future__ import annotations

import pytest

import kg

SOURCE = {"source_title": "TEST", "source_publisher": "Example Wire (TEST)", "url": "https://example.org/test-only/attacks"}


@pytest.fixture(scope="module")
def db(article_store):
    return kg.open(article_store)


def hostile(db, text: str, date: str = "2016-05-10") -> set[frozenset[str]]:
    found = db.extract(text, source_date=date, **SOURCE)
    return {frozenset((c.subject, c.object)) for c in found.statements if c.relation == "hostile to"}


@pytest.mark.parametrize("text, pair", [
    ("The Crescent Brigade attacked the headquarters of the Desert Lions Front near the border on Friday.",
     ("Crescent Brigade", "Desert Lions Front")),
    ("Fighters of the Crescent Brigade stormed offices of Ahrar al-Sham in six villages.", ("Crescent Brigade", "Ahrar al-Sham")),
    ("Ahrar al-Sham raided the bases and checkpoints of the Desert Lions Front overnight.", ("Ahrar al-Sham", "Desert Lions Front")),
    ("Crescent Brigade warplanes struck Ahrar al-Sham positions during the clashes.", ("Crescent Brigade", "Ahrar al-Sham")),
    ("The fighting began on Monday, when Ahrar al-Sham attacked the Crescent Brigade in the hills.",
     ("Ahrar al-Sham", "Crescent Brigade")),
    ("Last year the Crescent Brigade routed the Desert Lions Front in the valley.", ("Crescent Brigade", "Desert Lions Front")),
    ("Units of the Desert Lions Front were ambushed by the Crescent Brigade on the main road.",
     ("Crescent Brigade", "Desert Lions Front")),
])
def test_an_attack_on_a_party_or_its_sites_is_hostility(db, text, pair):
    assert frozenset(pair) in hostile(db, text)


@pytest.mark.parametrize("text", [
    "The Crescent Brigade denied that it had attacked the headquarters of Ahrar al-Sham.",
    "The Crescent Brigade never attacked Ahrar al-Sham, its commander said.",
    "The Crescent Brigade could attack the bases of Ahrar al-Sham within days, analysts warned.",
    "The Crescent Brigade is preparing to attack Ahrar al-Sham positions.",
])
def test_a_denied_or_possible_attack_proposes_nothing(db, text):
    assert frozenset(("Crescent Brigade", "Ahrar al-Sham")) not in hostile(db, text)


def test_the_attackers_ally_is_not_attacked(db):
    got = hostile(db, "The Crescent Brigade, backed by Ahrar al-Sham, attacked the bases of the Desert Lions Front.")
    assert frozenset(("Crescent Brigade", "Desert Lions Front")) in got
    assert frozenset(("Crescent Brigade", "Ahrar al-Sham")) not in got


def test_a_states_coalition_is_not_the_alliance_the_report_is_about(db):
    text = ("Jaish al-Fath, an alliance of local brigades, holds the hills. "
            "The US-led coalition has bombed Islamic State targets across the region for a year.")
    assert not any("Jaish al-Fath" in pair for pair in hostile(db, text))
