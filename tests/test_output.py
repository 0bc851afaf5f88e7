"""The text tables: drawn without rich when nothing wraps (rich's import costs a third of a cold
`kg ties`), exactly as rich draws them."""

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


@pytest.mark.parametrize("seed", range(300))
def test_the_plain_table_is_the_rich_table(seed):
    rnd = random.Random(seed)
    cells = _cells(rnd)
    width = rnd.choice([20, 40, 80, 200, 400])
    widths = _widths(cells, max(len(cells[0]), width - 2 * (len(cells[0]) - 1)))
    plain = _plain_table(cells, widths)
    if plain is not None:
        assert plain == _rich_table(cells, widths)


def test_both_renderers_are_used():
    wide = [["header", "other"], ["a " * 60, "b"]]
    assert _plain_table(wide, _widths(wide, 40)) is None  # it wraps: rich draws it
    assert table(["header", "other"], [["a " * 60, "b"]], width=40).count("\n") > 3
    narrow = [["a", "b"], ["c", "d"]]
    assert _plain_table(narrow, _widths(narrow, 40)) == "a  b\n-- -\nc  d"
    assert _plain_table([["a"], ["tab\there"]], [20]) is None  # rich's business
