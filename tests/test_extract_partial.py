"""kg extract (issue 27): a hold that is brief, partial or only a figure of speech is no current
control. The sentences are our own, with made-up places."""

from __future__ import annotations

import pytest

import kg

SOURCE = {"source_title": "TEST", "source_publisher": "Example Wire (TEST)", "url": "https://example.org/test-only/partial"}


@pytest.fixture(scope="module")
def db(article_store):
    return kg.open(article_store)


def current(db, text: str, date: str = "2016-05-10") -> set[tuple[str, str]]:
    """The control rows the report states as current fact (no end, no claimant)."""
    found = db.extract(text, source_date=date, **SOURCE)
    return {(c.subject, c.object) for c in found.statements if c.relation == "controls" and not c.end
            and not c.claimant}


@pytest.mark.parametrize("text", [
    # a capture told as brief: history, whatever its date
    "Ahrar al-Sham fighters briefly seized the town of Kafr Testa in 2013.",
    "The smugglers' road has been quiet since 2014, when al-Nusra Front briefly overran Kafr Testa.",
    "Ahrar al-Sham temporarily took Kafr Testa on Sunday before pulling back.",
    # "held up as": a figure of speech, not a hold
    "Kafr Testa, the town Ahrar al-Sham had held up as a model of local rule, was quiet on Sunday.",
])
def test_a_brief_hold_or_a_figure_of_speech_is_no_current_control(db, text):
    assert ("Ahrar al-Sham", "Kafr Testa") not in current(db, text)
    assert ("al-Nusra Front", "Kafr Testa") not in current(db, text)


def test_the_same_verbs_without_those_words_still_propose_control(db):
    assert ("Ahrar al-Sham", "Kafr Testa") in current(db, "Ahrar al-Sham fighters seized the town of Kafr Testa on Sunday.")
    assert ("Ahrar al-Sham", "Kafr Testa") in current(db, "Kafr Testa, the town Ahrar al-Sham has held since 2013, was quiet.")


@pytest.mark.parametrize("text", [
    "Ahrar al-Sham seized most of Kafr Testa on Sunday.",
    "Ahrar al-Sham fighters captured most of the town of Kafr Testa overnight.",
    "Ahrar al-Sham fighters seized parts of the town of Kafr Testa overnight.",
])
def test_most_of_a_place_is_a_part_of_it(db, text):
    found = db.extract(text, source_date="2016-05-10", **SOURCE)
    assert not any(c.relation == "controls" and c.object == "Kafr Testa" for c in found.statements)


def test_driven_out_of_most_of_a_place_ends_no_control(db):
    found = db.extract("Ahrar al-Sham drove the Islamic State out of most of Idlib on Sunday.", source_date="2016-05-10",
                       **SOURCE)
    assert not any(c.relation == "controls" and c.object == "Idlib" for c in found.statements)
