"""One colour per actor across the views (kg.palette), the legends, the timeline's axis on
year or month boundaries and its lineage steps drawn as dated points; the pages opened in a
headless Chromium (marked ``browser``) with every non-file request blocked."""

from __future__ import annotations

import datetime as dt
import itertools
import json
from collections.abc import Callable, Iterator
from typing import Any

import pytest

import kg
from kg.network import statement_graph
from kg.palette import COLOURS, FIXED, actor_colour
from kg.timeline import axis_range
from kg.vocabulary import ACTOR_KINDS, RELATIONS
from tests.test_views import Loaded, browser, open_offline  # noqa: F401 - the browser fixture

LINEAGE = {r.word for r in RELATIONS if r.kind == "LineageStatement"}


@pytest.fixture(scope="module")
def db(article_store) -> kg.KG:
    """The seed article's graph: few enough actors for each to have a colour of its own (the
    bundled datasets' ~150 share the palette's 25)."""
    return kg.open(article_store)


def _actors(db: kg.KG) -> dict[str, str]:
    network = statement_graph(db.graph)
    return {n: d["label"] for n, d in network.nodes(data=True) if d.get("kind") in ACTOR_KINDS}


def test_every_actor_of_the_bundled_graph_has_its_own_stable_colour(db):
    actors = _actors(db)
    assert len(actors) >= 8
    colours = {iri: actor_colour(iri) for iri in actors}
    assert len(set(colours.values())) == len(colours)  # no two bundled actors alike
    assert not set(FIXED.values()) & set(COLOURS)  # an unknown actor never takes a well-known one's colour
    other = "https://example.org/id/some-new-group"
    assert actor_colour(other) == actor_colour(other) in COLOURS


@pytest.mark.parametrize(("first", "last"), [("2011-10-18", "2015-03-30"), ("2015-03-24", "2015-03-31"),
                                              ("2014-12-31", "2015-01-01"), ("2013-09-01", "2017-01-31"),
                                              ("2016-02-29", "2016-02-29"), ("2010-01-01", "2012-12-31")])
def test_the_axis_runs_from_a_year_or_month_boundary_to_another(first, last):
    a, b = dt.date.fromisoformat(first), dt.date.fromisoformat(last)
    low, high = axis_range(a, b)
    assert low < a and high > b and low.day == high.day == 1  # a margin on both sides, on a first of the month
    if high.year - low.year >= 3:
        assert low.month == high.month == 1
    else:
        assert (high - low).days < 4 * 366 and (high - low).days > (b - a).days


# --- in a real browser ---------------------------------------------------------------------


@pytest.fixture
def open_page(browser, tmp_path) -> Iterator[Callable[[str, str], Loaded]]:  # noqa: F811
    pages: list[Any] = []

    def _open(html: str, ready: str) -> Loaded:
        return open_offline(browser, tmp_path / f"page{len(pages)}.html", html, ready, pages)

    yield _open
    for page in pages:
        page.close()


_LEGEND = """sel => [...document.querySelectorAll(sel)].map(k => [k.dataset.iri, k.dataset.colour,
    getComputedStyle(k.firstElementChild).backgroundColor])"""


def _rgb(colour: str) -> str:
    return "rgb({}, {}, {})".format(*(int(colour[i:i + 2], 16) for i in (1, 3, 5)))


def _check_legend(keys: list[list[str]]) -> dict[str, str]:
    for iri, colour, drawn in keys:
        assert colour == actor_colour(iri) and drawn == _rgb(colour), iri
    return {iri: colour for iri, colour, _ in keys}


@pytest.mark.browser
def test_browser_map_and_timeline_give_each_actor_the_same_colour(open_page, db):
    actors = _actors(db)
    seen: dict[str, set[str]] = {}
    for day in ("2015-03-28", "2015-03-30", "2015-06-01"):
        loaded = open_page(db.map(at=day).html, "window.kgMap && kgMap.ready")
        legend = _check_legend(loaded.page.evaluate(_LEGEND, "#kg-holders .kg-key"))
        marks = loaded.page.evaluate("""[...document.querySelectorAll('.kg-place')].map(d => [d.dataset.holderIri,
            d.dataset.certainty, d.getAttribute('fill'), d.getAttribute('stroke')])""")
        assert any(iri for iri, *_ in marks)
        for iri, certainty, fill, stroke in marks:
            if iri:
                colour = fill if certainty == "in force" else stroke
                seen.setdefault(iri, set()).add(colour)
                assert iri in legend
        assert loaded.errors == [] and loaded.requests == []
    loaded = open_page(db.timeline().html, "window.kgTimeline && kgTimeline.ready")
    legend = _check_legend(loaded.page.evaluate(_LEGEND, "#kg-legend-actors .kg-key"))
    assert set(legend) == set(actors)  # every actor of the bundled graph is in the timeline's legend
    drawn = loaded.page.evaluate("""[...document.querySelectorAll('rect.kg-bar, path.kg-step')].map(b =>
        [b.dataset.actor, b.dataset.part === 'possible' ? b.getAttribute('stroke') : b.getAttribute('fill') === '#ffffff'
         ? b.getAttribute('stroke') : b.getAttribute('fill')])""")
    for iri, colour in drawn:
        seen.setdefault(iri, set()).add(colour)
    assert set(actors) <= set(seen)
    for iri, colours in seen.items():
        assert colours == {actor_colour(iri)}, (actors.get(iri, iri), colours)
    assert loaded.errors == [] and loaded.requests == []


@pytest.mark.browser
def test_browser_timeline_axis_is_on_boundaries_and_lineage_steps_are_points(open_page, db):
    loaded = open_page(db.timeline(["al-Nusra Front", "Jabhat Fateh al-Sham"]).html,
                       "window.kgTimeline && kgTimeline.ready")
    page = loaded.page
    grid = page.evaluate("[...document.querySelectorAll('line.kg-grid')].map(l => [l.dataset.day, Number(l.getAttribute('x1'))])")
    low = page.evaluate("KG_TIMELINE.range[0]")
    assert grid[0][0] == low and low.endswith("-01")  # the axis starts on a tick, a first of a month or year
    assert all(day.endswith("-01-01") for day, _ in grid) or all(day.endswith("-01") for day, _ in grid)
    steps = page.evaluate("""[...document.querySelectorAll('path.kg-step')].map(s => {
        const b = s.getBBox(); return [s.dataset.statement, s.dataset.day, b.x + b.width / 2]; })""")
    rows = [r for g in page.evaluate("KG_TIMELINE.groups") for r in g["rows"]]
    lineage = {r["statement"]: r for r in rows if r["relation"] in LINEAGE}
    assert len(lineage) >= 3 and {s for s, _, _ in steps} == set(lineage)
    bars = page.evaluate("[...document.querySelectorAll('rect.kg-bar')].map(r => r.dataset.statement)")
    assert not set(bars) & set(lineage)  # no open bar for a step
    ticks = [(dt.date.fromisoformat(d), x) for d, x in grid]
    for statement, day, centre in steps:
        bounds = lineage[statement]["bounds"]
        assert day == (bounds["certainFrom"] if bounds["certainFrom"] != "0001-01-01" else bounds["possibleFrom"])
        when = dt.date.fromisoformat(day)
        (a, xa), (b, xb) = next((t, u) for t, u in itertools.pairwise(ticks) if t[0] <= when < u[0])
        assert centre == pytest.approx(xa + (xb - xa) * (when - a).days / (b - a).days, abs=1.0)
    assert json.loads(json.dumps(loaded.errors)) == [] and loaded.requests == []
