"""The map page's zoom, pan, labels, scale bar and areas, in a headless Chromium (marked
``browser``) with every non-file request blocked."""

from __future__ import annotations

import json
import math
import random
from collections.abc import Callable, Iterator
from typing import Any

import networkx as nx
import pytest

import kg
from kg.maps import render_map
from tests.test_views import Loaded, browser, open_offline  # noqa: F401 - the browser fixture

ID = "https://w3id.org/armed-groups-kg/id/"
READY = "window.kgMap && kgMap.ready"


@pytest.fixture(scope="module")
def db() -> kg.KG:
    return kg.open("memory")


@pytest.fixture
def open_page(browser, tmp_path) -> Iterator[Callable[[str], Loaded]]:  # noqa: F811
    pages: list[Any] = []

    def _open(html: str) -> Loaded:
        return open_offline(browser, tmp_path / f"map{len(pages)}.html", html, READY, pages)

    yield _open
    for page in pages:
        page.close()


def _centre(page: Any, iri: str) -> tuple[float, float]:
    x, y = page.evaluate("""id => { const r = kgMap.places[id].anchor.getBoundingClientRect();
        return [r.x + r.width / 2, r.y + r.height / 2]; }""", iri)
    return x, y


def _apart(a: dict[str, float], b: dict[str, float]) -> bool:
    return (a["right"] <= b["left"] or b["right"] <= a["left"] or a["bottom"] <= b["top"] or b["bottom"] <= a["top"])


_BOXES = """() => {
  const box = e => { const r = e.getBoundingClientRect(); return {left: r.left, right: r.right, top: r.top, bottom: r.bottom}; };
  const labels = [...document.querySelectorAll('text.kg-label')].filter(t => t.getAttribute('display') !== 'none')
    .map(t => Object.assign(box(t), {id: t.dataset.id, text: t.textContent}));
  const dots = Object.keys(kgMap.places).filter(id => kgMap.places[id].data.shape === 'point')
    .map(id => Object.assign(box(kgMap.places[id].dot), {id: id}));
  return {labels: labels, dots: dots, all: document.querySelectorAll('text.kg-label').length};
}"""


def _no_collision(page: Any) -> dict[str, Any]:
    found = page.evaluate(_BOXES)
    labels = found["labels"]
    for i, a in enumerate(labels):
        for b in labels[i + 1:]:
            assert _apart(a, b), (a["text"], b["text"])
        for dot in found["dots"]:
            if dot["id"] != a["id"]:
                assert _apart(a, dot), (a["text"], dot["id"])
    return found


@pytest.mark.browser
def test_browser_map_zooms_around_the_cursor_pans_by_drag_and_resets(open_page, db):
    loaded = open_page(db.map(at="2015-03-28").html)
    page = loaded.page
    idlib, raqqa = ID + "idlib-city", ID + "raqqa-city"
    x0, y0 = _centre(page, idlib)
    span0 = _centre(page, raqqa)[0] - x0
    page.mouse.move(x0, y0)
    page.mouse.wheel(0, -100)
    page.wait_for_function("kgMap.zoom > 1")
    x1, y1 = _centre(page, idlib)
    assert (x1, y1) == pytest.approx((x0, y0), abs=1.5)  # the point under the cursor stays there
    assert _centre(page, raqqa)[0] - x1 == pytest.approx(span0 * 1.25, rel=0.01)
    page.locator("#kg-zoom-in").click()
    assert _centre(page, raqqa)[0] - _centre(page, idlib)[0] == pytest.approx(span0 * 1.25 * 1.5, rel=0.01)
    before = _centre(page, idlib)
    page.mouse.move(600, 500)
    page.mouse.down()
    page.mouse.move(560, 470, steps=4)
    page.mouse.up()
    after = _centre(page, idlib)
    assert (after[0] - before[0], after[1] - before[1]) == pytest.approx((-40, -30), abs=1.5)
    dot = page.evaluate("id => kgMap.places[id].dot.getBoundingClientRect().width", idlib)
    assert dot == pytest.approx(2 * 6 + 2, abs=2.5)  # a dot keeps its size on screen at any zoom
    page.locator("#kg-zoom-reset").click()
    assert _centre(page, idlib) == pytest.approx((x0, y0), abs=0.5)
    assert loaded.errors == [] and loaded.requests == []


@pytest.mark.browser
def test_browser_map_labels_never_collide_and_show_up_when_zoomed_in(open_page, db):
    page = open_page(db.map(at="2015-03-28").html).page
    whole = _no_collision(page)
    assert len(whole["labels"]) >= whole["all"] // 2
    idlib = page.evaluate(f"kgMap.places[{json.dumps(ID + 'idlib-city')}].data")
    page.evaluate("p => kgMap.zoomBy(8, p.x, p.y)", idlib)
    near = _no_collision(page)
    cluster = {p["id"] for p in page.evaluate("KG_MAP.places")
               if abs(p["lat"] - 35.8) < 0.25 and abs(p["lon"] - 36.6) < 0.5}
    assert len(cluster) >= 4 and cluster <= {label["id"] for label in near["labels"]}  # all the Idlib cluster named
    font = page.evaluate("getComputedStyle(document.querySelector('text.kg-label')).fontSize")
    box = near["labels"][0]
    assert font and 10 <= box["bottom"] - box["top"] <= 24  # a label keeps its size on screen


@pytest.mark.browser
def test_browser_map_labels_of_a_crowded_generated_map_never_collide(open_page):
    rng = random.Random(7)
    network = nx.MultiDiGraph()
    holder = "https://example.org/id/holder"
    network.add_node(holder, label="A holder", kind="armed group")
    for n in range(120):
        iri = f"https://example.org/id/place-{n}"
        network.add_node(iri, label=f"Place number {n}", kind="city",
                         latitude=35 + rng.random() * 0.8, longitude=36 + rng.random() * 1.2)
    page = open_page(render_map(network, title="crowded")).page
    for zoom in (1, 6, 30):
        page.evaluate("z => kgMap.zoomBy(z / kgMap.zoom, KG_MAP.places[0].x, KG_MAP.places[0].y)", zoom)
        found = _no_collision(page)
        assert found["labels"], zoom
    assert len(found["labels"]) > 5


def _km(a: tuple[float, float], b: tuple[float, float]) -> float:
    (lon1, lat1), (lon2, lat2) = [(math.radians(x), math.radians(y)) for x, y in (a, b)]
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371.0088 * math.asin(math.sqrt(h))


@pytest.mark.browser
def test_browser_map_scale_bar_measures_what_the_map_shows(open_page, db):
    page = open_page(db.map().html).page
    idlib, raqqa = ID + "idlib-city", ID + "raqqa-city"
    coords = {f["properties"]["place_iri"]: f["geometry"]["coordinates"] for f in json.loads(db.export("geojson"))["features"]}
    for zoom in (1, 3):
        page.evaluate("z => kgMap.zoomBy(z / kgMap.zoom)", zoom)
        (xa, ya), (xb, yb) = _centre(page, idlib), _centre(page, raqqa)
        per_km = math.hypot(xb - xa, yb - ya) / _km(coords[idlib], coords[raqqa])
        bar = page.evaluate("[document.getElementById('kg-scale-bar').getBoundingClientRect().width, "
                            "document.getElementById('kg-scale-text').textContent]")
        km = float(bar[1].removesuffix(" km"))
        assert str(km).rstrip("0").rstrip(".")[0] in "125"  # a round length
        assert bar[0] - 1.5 == pytest.approx(km * per_km, rel=0.03)  # the bar's inner width (its border is 1.5px)
        assert 40 <= bar[0] <= 200


@pytest.mark.browser
def test_browser_map_draws_areas_as_areas_not_towns(open_page, db):
    page = open_page(db.map(at="2015-03-30").html).page
    shapes = page.evaluate("""Object.keys(kgMap.places).map(id => { const s = kgMap.places[id];
        return [id, s.data.kind, s.dot.tagName, s.dot.getBoundingClientRect().width,
                s.dot.getAttribute('stroke-dasharray'), s.label && getComputedStyle(s.label).fontStyle]; })""")
    by_id = {s[0]: s for s in shapes}
    syria = by_id[ID + "syria"]
    assert syria[2] == "path" and syria[3] > 300  # the country is its outline
    assert page.evaluate("id => kgMap.places[id].dot.getAttribute('d') === "
                         "document.querySelector('path.kg-country[data-name=\"Syria\"]').getAttribute('d')", ID + "syria")
    towns = [s for s in shapes if s[1] == "city"]
    for governorate in (ID + "idlib-governorate", ID + "raqqa-governorate"):
        ring = by_id[governorate]
        assert ring[2] == "circle" and ring[4] not in (None, "none") and ring[5] == "italic"
        assert all(ring[3] > 1.8 * town[3] and town[4] in ("none", "3 2") and town[5] == "normal" for town in towns)
    raqqa = by_id[ID + "raqqa-governorate"]
    assert page.evaluate("id => kgMap.places[id].dot.getAttribute('fill-opacity')", raqqa[0]) == "0.3"
    legend = page.locator("#kg-marks").inner_text()
    assert "dashed ring" in legend and "outline" in legend
