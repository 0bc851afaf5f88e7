"""The network view's edge labels: never rotated, never across a node's shape or name nor
across another edge label, on the bundled graph (all dates, one day, a focus) and on a
200-node generated graph; a hidden label shows while its edge is hovered. In a headless
Chromium (marked ``browser``) with every non-file request blocked."""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from typing import Any

import networkx as nx
import pytest

import kg
from kg.views import KIND_STYLES, RELATION_STYLES, render
from tests.test_views import Loaded, browser, open_offline  # noqa: F401 - the browser fixture

READY = "window.kgView && kgView.ready"


@pytest.fixture(scope="module")
def db(article_store) -> kg.KG:
    """The seed article's graph: its 13 edges, drawn and checked label by label."""
    return kg.open(article_store)


@pytest.fixture
def open_page(browser, tmp_path) -> Iterator[Callable[[str], Loaded]]:  # noqa: F811
    pages: list[Any] = []

    def _open(html: str) -> Loaded:
        return open_offline(browser, tmp_path / f"net{len(pages)}.html", html, READY, pages)

    yield _open
    for page in pages:
        page.close()


# Every label drawn, however small (vis-network skips labels below 5 screen pixels and then
# never measures them), then the boxes vis-network drew, in canvas units.
_DRAWN = """() => new Promise(done => {
  const net = kgView.network;
  net.setOptions({nodes: {scaling: {label: {drawThreshold: 0}}}, edges: {scaling: {label: {drawThreshold: 0}}}});
  net.once("afterDrawing", () => {
    const nodes = kgView.nodes.get({filter: n => !n.hidden}).map(n => {
      const b = net.getBoundingBox(n.id); return {id: n.id, left: b.left, right: b.right, top: b.top, bottom: b.bottom}; });
    const edges = kgView.edges.get({filter: e => !e.hidden}).map(e => {
      const m = net.body.edges[e.id].labelModule, s = m.size;
      return {id: e.id, text: e.label, align: m.fontOptions.align,
              left: s.left, right: s.left + s.width, top: s.top, bottom: s.top + s.height, width: s.width}; });
    done({nodes: nodes, edges: edges});
  });
  net.redraw();
})"""


def _apart(a: dict[str, float], b: dict[str, float]) -> bool:
    return a["right"] <= b["left"] or b["right"] <= a["left"] or a["bottom"] <= b["top"] or b["bottom"] <= a["top"]


def _check(page: Any) -> tuple[int, int]:
    drawn = page.evaluate(_DRAWN)
    shown = [e for e in drawn["edges"] if e["text"].strip()]
    assert all(e["align"] == "horizontal" for e in drawn["edges"])  # never rotated along the edge
    for i, label in enumerate(shown):
        assert label["width"] > 0, label  # measured as drawn
        for node in drawn["nodes"]:
            assert _apart(label, node), (label["text"], node["id"])
        for other in shown[i + 1:]:
            assert _apart(label, other), (label["text"], other["text"])
    return len(shown), len(drawn["edges"])


@pytest.mark.browser
def test_browser_bundled_edge_labels_cross_no_node_and_no_label(open_page, db):
    loaded = open_page(db.view().html)
    page = loaded.page
    shown, edges = _check(page)
    assert edges == 13 and shown >= 4
    page.evaluate("kgView.setDay('2015-03-30')")  # other label texts: placed again
    assert _check(page)[0] >= 3
    assert loaded.errors == [] and loaded.requests == []


@pytest.mark.browser
def test_browser_focused_view_edge_labels_cross_no_node_label(open_page, db):
    page = open_page(db.view(focus="Ahrar al-Sham").html).page
    shown, edges = _check(page)
    assert edges >= 4 and shown >= 1


@pytest.mark.browser
def test_browser_hidden_edge_label_shows_while_hovered(open_page, db):
    page = open_page(db.view().html).page
    hidden = page.evaluate("kgView.edges.get({filter: e => !e.hidden && !e.label.trim()}).map(e => e.id)")
    assert hidden
    edge = hidden[0]
    page.evaluate(f"() => {{ kgView.network.body.emitter.emit('hoverEdge', {{edge: {edge!r}}}); }}")
    label = page.evaluate(f"kgView.edges.get({edge!r}).label")
    relation = page.evaluate(f"kgView.edges.get({edge!r}).relation")
    assert label.startswith(relation)
    page.evaluate(f"() => {{ kgView.network.body.emitter.emit('blurEdge', {{edge: {edge!r}}}); }}")
    assert not page.evaluate(f"kgView.edges.get({edge!r}).label").strip()


def _generated(nodes: int, edges: int, seed: int) -> nx.MultiDiGraph:
    rng = random.Random(seed)
    network = nx.MultiDiGraph()
    kinds, relations = sorted(KIND_STYLES), sorted(RELATION_STYLES)
    iris = [f"https://example.org/id/n{n}" for n in range(nodes)]
    for n, iri in enumerate(iris):
        network.add_node(iri, label=f"Group {n} {'al-' * (n % 3)}Name", kind=rng.choice(kinds))
    for n in range(edges):
        a, b = rng.sample(iris, 2)
        network.add_edge(a, b, key=f"s{n}", relation=rng.choice(relations), span=f"{2011 + n % 6}-0{1 + n % 9} –",
                         statement=f"https://example.org/id/s{n}", sources=["A source"], source_urls=[None])
    return network


@pytest.mark.browser
def test_browser_generated_200_node_graph_edge_labels_cross_nothing(open_page):
    loaded = open_page(render(_generated(200, 300, 3), title="generated"))
    shown, edges = _check(loaded.page)
    assert edges == 300 and shown >= 30
    assert loaded.errors == [] and loaded.requests == []
