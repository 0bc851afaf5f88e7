"""The text tables: drawn without rich's console (its import cost a third of a cold `kg ties`),
exactly as rich draws them, wrapped cells and all."""

import random

import pytest

from kg.output import _plain_table, _rich_table, _widths, table

WORDS = ["Jaish", "al-Fath", "جيش الفتح", "Idlib", "2015-03-28", "possibly in force", "Ḥayʾat", "x", "",
         "claimed by Abu Mohammed al-Jawlani", "ﾃｽﾄ", "全角", "e\u0301", "Hay'at Tahrir al-Sham"]


def _cells(rnd: random.Random) -> list[list[str]]:
    columns = rnd.randint(1, 6)
    rows = rnd.randint(0, 8)
    return [[" ".join(rnd.choice(WORDS) for _ in range(rnd.randint(0, 3))) for _ in range(columns)]
            for _ in range(rows + 1)]


@pytest.mark.parametrize("seed", range(1000))
def test_the_plain_table_is_the_rich_table(seed):
    rnd = random.Random(seed)
    cells = _cells(rnd)
    width = rnd.choice([8, 12, 20, 40, 80, 200, 400])
    widths = _widths(cells, max(len(cells[0]), width - 2 * (len(cells[0]) - 1)))
    assert _plain_table(cells, widths) == _rich_table(cells, widths)


def test_rich_draws_what_it_alone_knows():
    wide = [["header", "other"], ["a " * 60, "b"]]
    assert _plain_table(wide, _widths(wide, 40)) == _rich_table(wide, _widths(wide, 40))
    assert table(["header", "other"], [["a " * 60, "b"]], width=40).count("\n") > 3  # wrapped
    narrow = [["a", "b"], ["c", "d"]]
    assert _plain_table(narrow, _widths(narrow, 40)) == "a  b\n-- -\nc  d"
    assert _plain_table([["a"], ["tab\there"]], [20]) is None  # tabs and line breaks: rich's business
    assert table(["a"], [["two\nlines"]], width=80) == "a\n-----\ntwo\nlines"


def test_a_table_to_a_pipe_keeps_each_row_on_one_line(monkeypatch):
    monkeypatch.delenv("COLUMNS", raising=False)  # pytest's stdout is not a terminal
    long = "claimed by Abu Mohammed al-Jawlani " * 8
    drawn = table(["who", "note"], [["Jaish al-Fath", long], ["al-Nusra Front", "two\nlines\tand a tab"]])
    lines = drawn.splitlines()
    assert len(lines) == 4  # header, rule, two rows
    assert lines[2].startswith("Jaish al-Fath") and lines[2].rstrip().endswith(long.rstrip())
    assert lines[3].split() == ["al-Nusra", "Front", "two", "lines", "and", "a", "tab"]
    assert table(["who", "note"], [["x", long]], width=60).count("\n") > 3  # a width still wraps
    monkeypatch.setenv("COLUMNS", "60")  # so does $COLUMNS, asked for
    assert table(["who", "note"], [["x", long]]).count("\n") > 3


def test_piped_kg_tables_are_the_unbounded_ones(disk_store):
    """`kg ties` and `kg control` into a real pipe: the same lines as at a width nothing wraps
    at, where a narrow terminal wraps them."""
    import os
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if k != "COLUMNS"}
    for args in (["ties", "al-Nusra Front"], ["control", "Idlib Governorate"], ["query", "control-at", "-p",
                                                                              "place=Idlib", "-p", "date=2015-04-01"]):
        def run(args: list[str] = args, **extra: str) -> list[str]:
            done = subprocess.run([sys.executable, "-m", "kg", "--store", disk_store, *args], capture_output=True,
                                  text=True, env=dict(env, **extra), timeout=300, check=True)
            return done.stdout.splitlines()

        piped, unbounded, narrow = run(), run(COLUMNS="5000"), run(COLUMNS="60")
        assert piped == unbounded, args
        assert len(narrow) > len(piped), args
