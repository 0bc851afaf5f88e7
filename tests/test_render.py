"""The text tables of kg.render: an alliance's other members ("with: ...") under their row."""

from __future__ import annotations

from kg.render import ties_table
from kg.ties import ties

MEMBERS = ["Alpha Brigade", "Bravo Front", "Charlie Movement", "Delta Battalion", "Echo Army", "Foxtrot Division",
           "Golf Legion", "Hotel Corps", "India Regiment", "Juliet Gathering", "Kilo Union", "Lima Shield"]


def _nusra(graph):
    found = ties(graph, "al-Nusra")
    leads = next(t for t in found.ties if t.relation == "leads")
    leads.also = MEMBERS  # a long list: it must not widen the columns of the rows above and below
    return found


def test_piped_a_member_list_is_a_line_under_its_row_and_widens_no_column(article_memory_graph, monkeypatch):
    monkeypatch.delenv("COLUMNS", raising=False)  # pytest's stdout is no terminal: one line a row
    lines = ties_table(_nusra(article_memory_graph)).splitlines()
    note = next(i for i, line in enumerate(lines) if line.lstrip().startswith("with: Alpha Brigade"))
    assert lines[note - 1].startswith("leads ")
    assert lines[note].strip() == "with: " + ", ".join(MEMBERS)
    header = next(i for i in range(note, -1, -1) if lines[i].startswith("relation "))
    rule = lines[header + 1]
    assert len(lines[note]) > len(rule)  # the note runs past the table, which stays as wide as its columns
    assert lines[note].index("with:") == rule.index(" -") + 3  # in the second column, indented as on a terminal


def test_on_a_terminal_the_member_list_wraps_inside_the_table(article_memory_graph, monkeypatch):
    monkeypatch.setenv("COLUMNS", "100")
    lines = ties_table(_nusra(article_memory_graph)).splitlines()
    assert all(len(line) <= 100 for line in lines)
    text = " ".join(line.strip() for line in lines)
    assert "Alpha Brigade" in text and "Lima Shield" in text
