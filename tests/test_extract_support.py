"""kg extract's rule for support given or received (kg/extract/support.py), on sentences of our
own: each form, the accuser as the claimant, and support told as possible or denied."""

from __future__ import annotations

import pytest

import kg

SOURCE = {"source_title": "TEST", "source_publisher": "Example Wire (TEST)", "url": "https://example.org/test-only/support"}


@pytest.fixture(scope="module")
def db():
    return kg.open("memory")


def allied(db, text):
    found = db.extract(text, source_date="2016-04-12", **SOURCE)
    return {(frozenset((c.subject, c.object)), c.claimant.split(" (")[0]) for c in found.statements
            if c.relation == "allied with"}


def test_support_received_is_an_alliance(db):
    assert (frozenset(("Jund al-Aqsa", "Ahrar al-Sham")), "") in allied(
        db, "Jund al-Aqsa, which receives weapons and training from Ahrar al-Sham, shelled the road.")
    assert (frozenset(("Jund al-Aqsa", "Ahrar al-Sham")), "") in allied(
        db, "Jund al-Aqsa gets money from Ahrar al-Sham, the monitor found.")


@pytest.mark.parametrize("text", [
    "Jaysh al-Islam accuses Ahrar al-Sham of arming Jund al-Aqsa.",
    "Jaysh al-Islam blamed Ahrar al-Sham for funding Jund al-Aqsa.",
    "Jaysh al-Islam accuses Jund al-Aqsa of receiving weapons and money from Ahrar al-Sham.",
    "Rebels fought Jund al-Aqsa, whom Jaysh al-Islam accuses of being armed by Ahrar al-Sham, a charge it denies.",
])
def test_an_accusation_is_the_accusers_claim(db, text):
    assert (frozenset(("Jund al-Aqsa", "Ahrar al-Sham")), "Jaysh al-Islam") in allied(db, text)


def test_a_state_or_a_capital_accusing_is_named_as_the_claimant(db):
    got = allied(db, "Testland's government accuses Ahrar al-Sham of arming Jund al-Aqsa.")
    assert any(pair == frozenset(("Jund al-Aqsa", "Ahrar al-Sham")) and claimant for pair, claimant in got)


@pytest.mark.parametrize("text", [
    "Jund al-Aqsa could receive weapons from Ahrar al-Sham next month.",
    "Jund al-Aqsa has never received weapons from Ahrar al-Sham.",
    "Jund al-Aqsa had received weapons from Ahrar al-Sham until last year.",
])
def test_possible_denied_or_past_support_states_nothing(db, text):
    assert not allied(db, text)
