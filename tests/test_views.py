"""The alliance network view: the networkx graph it draws, the page it writes, and (marked
``browser``) the page opened for real in a headless Chromium with every non-file request
blocked."""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import networkx as nx
import pytest

from kg.errors import InputError
from kg.views import CHROMIUM_ARGS, MAX_NODES, export_network, render, view

XSS = "<img src=x onerror=window.__xss=1>"
BREAKOUT = "</script><script>window.__xss=3</script>"


@pytest.fixture(scope="module")
def graph(article_memory_graph):
    """The seed article's graph: the expected nodes and edges are worked out from the article
    (kg build also imports the datasets' Syrian subsets)."""
    return article_memory_graph


@pytest.fixture(scope="module")
def bundled(graph) -> tuple[str, nx.MultiDiGraph]:
    return view(graph)


def iri_of(network: nx.MultiDiGraph, label: str) -> str:
    (iri,) = [n for n, d in network.nodes(data=True) if d["label"] == label]
    return iri


def hostile_copy(network: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """The network with markup in labels, a claimant and a source (the last with "href")."""
    hostile = network.copy()
    hostile.nodes[iri_of(hostile, "al-Nusra Front")]["label"] = XSS
    hostile.nodes[iri_of(hostile, "Ahrar al-Sham")]["label"] = BREAKOUT
    for _, _, data in hostile.edges(data=True):
        data["claimant"] = XSS
        data["sources"] = ['<a href="javascript:window.__xss=2">FRANCE 24</a>', "Other"]
        data["source_urls"] = ["https://www.france24.com/en/x", "javascript:window.__xss=4"]
    return hostile


# --- the networkx graph ------------------------------------------------------------------


def test_bundled_network_has_the_alliance_and_its_places(bundled):
    _, network = bundled
    labels = {d["label"] for _, d in network.nodes(data=True)}
    assert {"Jaish al-Fath", "al-Nusra Front", "Ahrar al-Sham", "al-Qaeda", "Idlib"} <= labels
    relations = {
        (network.nodes[u]["label"], d["relation"], network.nodes[v]["label"])
        for u, v, d in network.edges(data=True)
    }
    assert ("al-Nusra Front", "leads", "Jaish al-Fath") in relations
    assert ("Ahrar al-Sham", "member of", "Jaish al-Fath") in relations
    assert ("al-Nusra Front", "branch of", "al-Qaeda") in relations


@pytest.mark.parametrize(
    ("day", "controller"),
    [("2015-01-01", "Syrian government forces"), ("2015-04-01", "Jaish al-Fath")],
)
def test_control_of_idlib_depends_on_the_date(graph, day, controller):
    _, network = view(graph, at=dt.date.fromisoformat(day))
    idlib = iri_of(network, "Idlib")
    controllers = [
        network.nodes[u]["label"]
        for u, _, d in network.in_edges(idlib, data=True)
        if d["relation"] == "controls"
    ]
    assert controllers == [controller]


def test_focus_keeps_the_ego_network_and_says_so(graph):
    page, network = view(graph, focus="Jabhat al-Nusra", depth=1)
    assert sorted(d["label"] for _, d in network.nodes(data=True)) == [
        "Jabhat Fateh al-Sham",
        "Jaish al-Fath",
        "Jund al-Aqsa",
        "al-Nusra Front",
        "al-Qaeda",
    ]
    assert (
        "<title>Alliance network around al-Nusra Front (depth 1), all dates"
        " (5 nodes, 4 edges)</title>" in page
    )
    assert "<h1>Alliance network around al-Nusra Front (depth 1), all dates</h1>" in page


def test_relations_filter_and_unknown_relation(graph):
    _, network = view(graph, relations={"controls"})
    assert {d["relation"] for _, _, d in network.edges(data=True)} == {"controls"}
    with pytest.raises(
        InputError, match="unknown relation.*: friends with; valid relations: member of, leads"
    ):
        view(graph, relations={"controls", "friends with"})


def test_places_can_be_left_out(graph):
    _, network = view(graph, places=False)
    assert "Idlib" not in {d["label"] for _, d in network.nodes(data=True)}
    assert "Jaish al-Fath" in {d["label"] for _, d in network.nodes(data=True)}


# --- the page ------------------------------------------------------------------------------


class _Refs(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.refs: list[tuple[str, str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.refs += [(tag, k, v) for k, v in attrs if k in ("src", "href") and v]


def test_page_refers_to_no_external_host(bundled):
    parser = _Refs()
    parser.feed(bundled[0])
    external = [ref for ref in parser.refs if re.match(r"\s*(https?:)?//", ref[2], re.IGNORECASE)]
    assert external == []
    assert "vis.Network" in bundled[0]  # vis-network itself is inlined


def test_markup_in_the_data_is_never_markup_in_the_page(bundled):
    hostile = hostile_copy(bundled[1])
    page = render(hostile, title=f"around {XSS}", subtitle=XSS)
    assert XSS not in page and BREAKOUT not in page
    assert '<a href="javascript' not in page
    assert f"<h1>around {XSS.replace('<', '&lt;').replace('>', '&gt;')}</h1>" in page
    assert "\\u003cimg src=x onerror=window.__xss=1\\u003e" in page  # the label, JSON-escaped
    assert "popup.innerHTML" not in page  # pyvis's "href" tooltip mode stayed off


def test_same_data_same_page(bundled, graph):
    assert view(graph)[0] == bundled[0]


def test_over_the_limit_asks_for_a_focus():
    big = nx.MultiDiGraph()
    big.add_nodes_from(
        (f"n{i}", {"label": f"n{i}", "kind": "armed group"}) for i in range(MAX_NODES + 1)
    )
    with pytest.raises(InputError, match=r"has 2,001 nodes; a view draws at most 2,000.*--focus NAME --depth N"):
        render(big, title="too big")


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_export_reads_back(bundled, tmp_path, fmt):
    network = bundled[1]
    path = tmp_path / f"network.{fmt}"
    path.write_bytes(export_network(network, fmt))
    back = (nx.read_graphml if fmt == "graphml" else nx.read_gexf)(path)
    assert back.number_of_nodes() == network.number_of_nodes()
    assert back.number_of_edges() == network.number_of_edges()
    labels = {d["label"] for _, d in back.nodes(data=True)}
    assert "Jaish al-Fath" in labels


def test_export_rejects_unknown_format(bundled):
    with pytest.raises(InputError, match="graphml, gexf"):
        export_network(bundled[1], "dot")


# --- in a real browser ---------------------------------------------------------------------


def _unavailable(reason: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"{reason}; CI is set, so the browser tests must run, not skip")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("playwright is not installed (pip install playwright)")
    executable = shutil.which("chromium") or "/usr/bin/chromium"
    if not os.path.exists(executable):
        _unavailable("no Chromium found (apt-get install chromium)")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@dataclass
class Loaded:
    page: Any
    requests: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def open_offline(browser: Any, path: Path, html: str, ready: str, pages: list[Any]) -> Loaded:
    """Write ``html`` to ``path`` and open it in a new page, blocking (and recording) every
    non-file request, until the JS expression ``ready`` is true."""
    path.write_text(html, encoding="utf-8")
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    pages.append(page)
    loaded = Loaded(page)

    def block(route: Any) -> None:
        if route.request.url.startswith("file://"):
            route.continue_()
        else:
            loaded.requests.append(route.request.url)
            route.abort()

    page.route("**/*", block)
    page.on("console", lambda m: m.type == "error" and loaded.errors.append(m.text))
    page.on("pageerror", lambda e: loaded.errors.append(str(e)))
    page.goto(path.as_uri())
    page.wait_for_function(ready, timeout=60_000)
    return loaded


@pytest.fixture
def load(browser, tmp_path) -> Iterator[Callable[[str], Loaded]]:
    """Open an HTML page from a file, blocking (and recording) every non-file request, and
    wait until the layout is drawn."""
    pages: list[Any] = []

    def _load(html: str, name: str = "view.html") -> Loaded:
        return open_offline(browser, Path(tmp_path / name), html, "window.kgView && window.kgView.ready", pages)

    yield _load
    for page in pages:
        page.close()


def _hover_tooltip(page: Any, js_position: str) -> str:
    """Move the mouse to a canvas position (a JS expression) and return the tooltip's text."""
    x, y = page.evaluate(
        f"""() => {{ const p = kgView.network.canvasToDOM({js_position});
        const r = document.getElementById('mynetwork').getBoundingClientRect();
        return [r.left + p.x, r.top + p.y]; }}"""
    )
    page.mouse.move(x - 30, y - 30)
    page.mouse.move(x, y, steps=5)
    tooltip = page.locator("div.vis-tooltip")
    tooltip.wait_for(state="visible", timeout=5_000)
    return str(tooltip.inner_text())


@pytest.mark.browser
def test_browser_draws_every_node_and_edge_offline(load, bundled):
    html, network = bundled
    loaded = load(html)
    counts = loaded.page.evaluate(
        "[kgView.network.body.data.nodes.length, kgView.network.body.data.edges.length,"
        " Object.keys(kgView.network.getPositions()).length]"
    )
    assert counts == [
        network.number_of_nodes(),
        network.number_of_edges(),
        network.number_of_nodes(),
    ]
    assert loaded.errors == []
    assert loaded.requests == []


@pytest.mark.browser
def test_browser_layout_is_the_same_each_time(load, bundled):
    positions = [
        load(bundled[0], f"view{i}.html").page.evaluate("kgView.network.getPositions()")
        for i in (1, 2)
    ]
    assert positions[0] == positions[1]


@pytest.mark.browser
def test_browser_shows_markup_as_text(load, bundled):
    hostile = hostile_copy(bundled[1])
    loaded = load(render(hostile, title=f"around {XSS}", subtitle=XSS))
    page = loaded.page
    assert XSS in page.title()
    assert XSS in page.locator("h1").inner_text()
    assert page.locator("img").count() == 0
    assert page.evaluate("kgView.nodes.get().map(n => n.label)").count(BREAKOUT) == 1
    nusra = iri_of(hostile, XSS)
    node_tip = _hover_tooltip(page, f"kgView.network.getPositions([{nusra!r}])[{nusra!r}]")
    assert XSS in node_tip
    edge_tip = _hover_tooltip(
        page,
        """(() => { const e = kgView.edges.get({filter: x => x.relation === 'branch of'})[0];
        return kgView.network.body.edges[e.id].edgeType.getPoint(0.5); })()""",
    )
    assert f"claimed by: {XSS}" in edge_tip
    assert '<a href="javascript:window.__xss=2">FRANCE 24</a>' in edge_tip
    assert page.locator("div.vis-tooltip img, div.vis-tooltip a").count() == 0
    page.evaluate("""(() => { const e = kgView.edges.get({filter: x => x.relation === 'branch of'})[0];
        kgView.network.body.emitter.emit('click', {nodes: [], edges: [e.id]}); })()""")
    links = page.evaluate("[...document.querySelectorAll('#kg-info a')].map(a => [a.href, a.textContent])")
    assert links == [["https://www.france24.com/en/x", '<a href="javascript:window.__xss=2">FRANCE 24</a>']]
    assert page.evaluate("typeof window.__xss") == "undefined"
    assert loaded.errors == [] and loaded.requests == []


@pytest.mark.browser
def test_browser_filters_and_find(load, bundled):
    html, network = bundled
    page = load(html).page
    shown = "kgView.edges.get({filter: e => !e.hidden}).length"
    controls = sum(1 for *_, d in network.edges(data=True) if d["relation"] == "controls")
    page.locator("input.kg-relation[value='controls']").uncheck()
    assert page.evaluate(shown) == network.number_of_edges() - controls
    page.locator("input.kg-relation[value='controls']").check()
    assert page.evaluate(shown) == network.number_of_edges()

    cities = [n for n, d in network.nodes(data=True) if d["kind"] == "city"]
    page.locator("input.kg-kind[value='city']").uncheck()
    assert sorted(
        page.evaluate("kgView.nodes.get({filter: n => n.hidden}).map(n => n.id)")
    ) == sorted(cities)
    assert page.evaluate(shown) == network.number_of_edges() - len(network.in_edges(cities))

    page.locator("#kg-find-input").fill("nusra")
    page.locator("#kg-find button").click()
    assert page.evaluate("kgView.network.getSelectedNodes()") == [iri_of(network, "al-Nusra Front")]
    assert page.locator("#kg-find-status").inner_text() == "found: al-Nusra Front"
