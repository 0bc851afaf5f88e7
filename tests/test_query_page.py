"""The query page of a real `kg serve` in a headless Chromium (marked ``browser``): each named
query's answer is drawn in a view that fits its columns (table, map, network, timeline), each
view offered draws something, the colours are kg.palette's, and markup in the data runs
nothing. Every request that is not to the server is blocked and recorded."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from kg.palette import FIXED, actor_colour
from kg.queries import list_queries
from tests.conftest import EMPTY_ON_BUNDLED, sample_params
from tests.test_server import LABELS, Server
from tests.test_views import browser  # noqa: F401 - the browser fixture

XSD = "http://www.w3.org/2001/XMLSchema#"
DATES = {XSD + t for t in ("date", "dateTime", "gYear", "gYearMonth")}
WKT = re.compile(r"\s*(<[^>]*>\s*)?POINT\s*\(", re.IGNORECASE)


@pytest.fixture(scope="module")
def server(disk_store) -> Iterator[Server]:
    running = Server(disk_store, "--workers", "1", "--reserve", "0")
    yield running
    running.stop()


class QueryPage:
    def __init__(self, page: Any, url: str):
        self.page, self.url = page, url
        self.elsewhere: list[str] = []
        self.errors: list[str] = []
        self.dialogs: list[str] = []

    def _wait(self, before: int) -> dict[str, Any]:
        self.page.wait_for_function(f"kgQuery.answers > {before}", timeout=60_000)
        return self.page.evaluate("({chosen: kgQuery.chosen, offered: kgQuery.offered, view: kgQuery.view})")

    def named(self, name: str, params: dict[str, str]) -> dict[str, Any]:
        """Run a named query from its form on the page."""
        before = self.page.evaluate("kgQuery.answers")
        form = self.page.locator(f'form[data-query="{name}"]')
        for key, value in params.items():
            form.locator(f'input[name="{key}"]').fill(value)
        form.locator("button", has_text="run").click()
        return self._wait(before)

    def sparql(self, query: str) -> dict[str, Any]:
        """Run a query typed into the editor."""
        before = self.page.evaluate("kgQuery.answers")
        self.page.fill("#query", query)
        self.page.click("#form button[type=submit]")
        return self._wait(before)

    def show(self, view: str) -> dict[str, int]:
        """Press the view's button; what it drew (the count the script gives, and the marks)."""
        self.page.click(f'#kg-views button[value="{view}"]')
        assert self.page.evaluate("kgQuery.view") == view
        return self.page.evaluate("""({drawn: kgQuery.drawn,
            rows: document.querySelectorAll('#out table tr').length,
            marks: document.querySelectorAll('#out svg circle, #out svg rect, #out svg line').length,
            countries: document.querySelectorAll('#out svg path.kg-country').length})""")


@pytest.fixture
def query_page(browser, server) -> Iterator[QueryPage]:  # noqa: F811
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    shown = QueryPage(page, server.url)

    def route(request: Any) -> None:
        url = request.request.url
        if url == server.url + "/favicon.ico":  # the browser's own request; the server has none
            request.fulfill(status=204, body="")
        elif url.startswith(server.url + "/"):
            request.continue_()
        else:
            shown.elsewhere.append(url)
            request.abort()

    page.route("**/*", route)
    page.on("console", lambda m: m.type == "error" and shown.errors.append(m.text))
    page.on("pageerror", lambda e: shown.errors.append(str(e)))
    page.on("dialog", lambda d: (shown.dialogs.append(d.message), d.dismiss()))
    page.goto(server.url + "/")
    page.wait_for_function("window.kgQuery && kgQuery.ready", timeout=60_000)
    yield shown
    assert shown.elsewhere == [] and shown.errors == [] and shown.dialogs == []
    page.close()


# --- what fits, judged in Python from the answer the server gives --------------------------


def _fits(data: dict[str, Any]) -> set[str]:
    """The views an answer can be drawn as, by looser rules than the page's: coordinates (a
    lat and a long column with numbers, or WKT points) for a map, two IRIs in one row for a
    network, a date literal for a timeline."""
    rows, names = data["results"]["bindings"], data["head"]["vars"]
    fits = {"table"}

    def numeric(name: str) -> bool:
        return any(re.fullmatch(r"-?\d+(\.\d+)?", r[name]["value"]) for r in rows if name in r)

    lat = [n for n in names if "lat" in n.lower() and numeric(n)]
    lon = [n for n in names if re.search("lon|lng", n.lower()) and numeric(n)]
    if (lat and lon) or any(WKT.match(b["value"]) for r in rows for b in r.values() if b["type"] == "literal"):
        fits.add("map")
    if any(sum(b["type"] in ("uri", "bnode") for b in r.values()) >= 2 for r in rows):
        fits.add("network")
    if any(b.get("datatype") in DATES for r in rows for b in r.values()):
        fits.add("timeline")
    return fits


def _answer(server: Server, name: str, params: dict[str, str]) -> dict[str, Any]:
    response = httpx.get(f"{server.url}/queries/{name}", params=params,
                         headers={"Accept": "application/sparql-results+json"}, timeout=60)
    assert response.status_code == 200
    return response.json()


@pytest.mark.browser
def test_browser_every_named_query_is_drawn_in_a_view_that_fits_and_each_view_offered_draws(query_page, server):
    seen: dict[str, dict[str, Any]] = {}
    for query in list_queries():
        params = sample_params(query)
        data = _answer(server, query.name, params)
        rows = len(data["results"]["bindings"])
        if query.name in EMPTY_ON_BUNDLED:
            continue
        assert rows, query.name  # the samples give every query rows
        fits = _fits(data)
        got = query_page.named(query.name, params)
        seen[query.name] = got
        assert got["chosen"] == got["view"] and got["chosen"] in got["offered"], query.name
        assert got["offered"][0] == "table" and set(got["offered"]) <= fits, (query.name, got, fits)
        for view in got["offered"]:
            drawn = query_page.show(view)
            assert drawn["drawn"] > 0, (query.name, view)
            if view == "table":
                assert drawn["rows"] == rows + 1  # the heading and one row each
            else:
                assert drawn["marks"] >= drawn["drawn"], (query.name, view, drawn)
            if view == "map":
                assert drawn["countries"] > 0  # the bundled basemap
    assert seen["places"]["chosen"] == "map"
    assert seen["network-edges"]["chosen"] == "network"
    assert {"map", "timeline"} & set(seen["control-history"]["offered"])
    # spans with no relation column between their two ends: a place's control timeline is a timeline
    assert seen["control-history"]["chosen"] == seen["place-events"]["chosen"] == "timeline"
    assert seen["events-timeline"]["chosen"] == "timeline"
    assert {got["chosen"] for got in seen.values()} == {"map", "network", "timeline"}


@pytest.mark.browser
def test_browser_a_plain_list_is_a_table_only(query_page):
    got = query_page.sparql(LABELS)
    assert got == {"chosen": "table", "offered": ["table"], "view": "table"}
    assert query_page.page.evaluate("document.querySelectorAll('#kg-views button').length") == 0
    cells = query_page.page.evaluate("[...document.querySelectorAll('#out td')].map(td => td.textContent)")
    assert "Jaish al-Fath" in cells and "جيش الفتح" in cells
    got = query_page.sparql("SELECT ?n ?when WHERE { VALUES (?n ?when) { (1 \"soon\") (2 \"2015\") } }")
    assert got["offered"] == ["table"]  # numbers and a year as plain text are neither a map nor a timeline
    got = query_page.sparql('SELECT ?name ?lat WHERE { VALUES (?name ?lat) { ("Hama" 35.13) ("Homs" 34.73) } }')
    assert got["offered"] == ["table"]  # a latitude alone is no place on a map


@pytest.mark.browser
def test_browser_points_as_wkt_and_a_network_without_labels(query_page):
    got = query_page.sparql("""SELECT ?where ?point ?from ?to WHERE { VALUES (?where ?point ?from ?to) {
        ("Hama" "POINT(36.75 35.13)"^^<http://www.opengis.net/ont/geosparql#wktLiteral> <urn:a> <urn:b>)
        ("Homs" "POINT(36.72 34.73)" <urn:b> <urn:c>) } }""")
    assert got["chosen"] == "map" and got["offered"] == ["table", "map", "network"]
    assert query_page.show("map")["drawn"] == 2
    labels = query_page.page.evaluate("[...document.querySelectorAll('#out text.kg-label')].map(t => t.textContent)")
    assert sorted(labels) == ["Hama", "Homs"]
    assert query_page.show("network")["drawn"] == 3


HOSTILE = ['<img src=x onerror="window.kgPwned=1">', "<script>window.kgPwned=2</script>",
           "</svg><svg onload=\"window.kgPwned=3\">", '"><iframe srcdoc="<script>parent.kgPwned=4</script>">',
           "javascript:window.kgPwned=5"]


@pytest.mark.browser
def test_browser_markup_in_the_answer_runs_nothing_in_any_view(query_page):
    rows = " ".join(
        f'(<urn:x:{i}> "{_lit(text)}" <urn:y:{i % 2}> "{_lit(HOSTILE[(i + 1) % len(HOSTILE)])}" "{_lit(text)}" '
        f'{35 + i / 10} {36 + i / 10} "2015-0{i + 1}-01"^^xsd:date "2016-01-01"^^xsd:date)'
        for i, text in enumerate(HOSTILE))
    query = ("PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>\nSELECT ?actor ?actorLabel ?object ?objectLabel ?kind "
             "?lat ?long ?start ?end WHERE { VALUES (?actor ?actorLabel ?object ?objectLabel ?kind ?lat ?long ?start ?end) "
             f"{{ {rows} }} }}")
    got = query_page.sparql(query)
    assert got["offered"] == ["table", "map", "network", "timeline"]
    page = query_page.page
    for view in got["offered"]:
        assert query_page.show(view)["drawn"] > 0
        page.wait_for_timeout(300)  # time for an image error or a frame to load, were one made
        assert page.evaluate("window.kgPwned") is None, view
        made = page.evaluate("""[...document.querySelectorAll('#out *, #kg-legend *, #kg-note *')]
            .filter(e => ['IMG', 'SCRIPT', 'IFRAME', 'svg'].includes(e.tagName) && !e.classList.contains('kg-drawing'))
            .map(e => e.outerHTML)""")
        assert made == [], view
        text = page.evaluate("document.getElementById('out').textContent + document.getElementById('kg-legend').textContent")
        assert HOSTILE[0] in text or HOSTILE[1] in text, view  # shown, as text
    assert page.evaluate("document.querySelectorAll('svg.kg-drawing').length") == 1


def _lit(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"')


@pytest.mark.browser
def test_browser_the_page_colours_as_kg_palette_does(query_page):
    iris = [*FIXED, "https://example.org/id/new-group", "https://w3id.org/armed-groups-kg/id/فصيل", "urn:x:1", ""]
    got = query_page.page.evaluate("iris => iris.map(kgQuery.colour)", iris)
    assert got == [actor_colour(iri) for iri in iris]
    query_page.named("network-edges", {})
    query_page.show("network")
    nodes = query_page.page.evaluate("""[...document.querySelectorAll('#out circle.kg-node')]
        .map(c => [c.querySelector('title').textContent.split('\\n').pop(), c.getAttribute('fill')])""")
    assert len(nodes) > 5 and all(fill == actor_colour(iri) for iri, fill in nodes)


def test_the_query_page_script_never_writes_markup():
    from importlib.resources import files

    script = files("kg").joinpath("data").joinpath("querypage.js").read_text(encoding="utf-8")
    assert not re.search(r"innerHTML|outerHTML|insertAdjacentHTML|document\.write|eval\(|new Function", script)
