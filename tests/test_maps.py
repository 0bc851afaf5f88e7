"""The map, the timeline, the network view's slider and find box, and the exports for GIS
tools and Gephi: the data they carry, and (marked ``browser``) the pages in a headless
Chromium with every non-file request blocked."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import networkx as nx
import pytest

import kg
from kg.names import index_for, normalise, skeleton
from kg.timespan import Bounds, certainty
from tests.test_views import BREAKOUT, XSS, Loaded, browser, open_offline  # noqa: F401 - the browser fixture

ID = "https://w3id.org/armed-groups-kg/id/"
IDLIB = ID + "idlib-city"
DAYS = ["2015-03-28", "2015-03-29", "2015-03-30", "2015-06-01", "2010-06-01", "2011-12-31"]


@pytest.fixture(scope="module")
def db(article_store) -> kg.KG:
    """The seed article's graph: the maps and networks below are checked against what it says."""
    return kg.open(article_store)


# --- data ----------------------------------------------------------------------------------


CONTROL_SPANS = """
SELECT ?statement ?place ?holder ?cf ?cu ?pf ?pu WHERE {
  ?statement a kg:ControlStatement ; kg:object ?place ; kg:actor ?holder ;
             kg:certainFrom ?cf ; kg:certainUntil ?cu ; kg:possibleFrom ?pf ; kg:possibleUntil ?pu .
  ?place geo:lat ?lat
}"""


def _open(day: dt.date) -> str | None:
    return None if day in (dt.date(1, 1, 1), dt.date(9999, 12, 31)) else day.isoformat()


def test_geojson_is_flat_one_feature_for_each_part_of_each_control_span(db):
    data = json.loads(db.export("geojson"))
    assert data["type"] == "FeatureCollection"
    features = data["features"]
    for feature in features:  # nothing nested: QGIS and GeoPandas read every property as a column
        assert all(v is None or isinstance(v, (str, int, float)) for v in feature["properties"].values()), feature
    idlib = [f for f in features if f["properties"]["place_iri"] == IDLIB]
    assert {tuple(f["geometry"]["coordinates"]) for f in idlib} == {(36.633, 35.933)}
    spans = db.sparql(CONTROL_SPANS).rows
    assert spans
    for span in spans:
        parts = [f["properties"] for f in features if f["properties"]["statement"] == span["statement"]]
        assert {(p["place_iri"], p["controller_iri"]) for p in parts} == {(span["place"], span["holder"])}
        # the parts tile the possible span, in order, each the next's start ...
        assert [parts[0]["start"]] + [p["end"] for p in parts] == [_open(span["pf"])] + \
            [p["start"] for p in parts[1:]] + [_open(span["pu"])]
        # ... and the one part in force is the certain span
        certain = [(p["start"], p["end"]) for p in parts if p["certainty"] == "in force"]
        never = span["cf"] >= span["cu"]
        assert certain == ([] if never else [(_open(span["cf"]), _open(span["cu"]))])
        assert all(p["certainty"] in ("in force", "possibly in force") for p in parts)
        assert all(p["sources"] and p["source_urls"].startswith("https://") for p in parts)
    held = {s["place"] for s in spans}
    unheld = [f["properties"] for f in features if f["properties"]["place_iri"] not in held]
    assert unheld and all(p["controller"] is None and p["start"] is None and p["end"] is None for p in unheld)
    from kg.maps import places as all_places

    places = {p.iri for p in all_places(db.graph)}
    assert {f["properties"]["place_iri"] for f in features} == places
    assert len(unheld) == len(places - held)  # one feature each


def test_geojson_reads_into_pandas_as_flat_columns(db):
    pandas = pytest.importorskip("pandas")
    frame = pandas.json_normalize(json.loads(db.export("geojson"))["features"])
    assert {"properties.start", "properties.end", "properties.controller", "properties.certainty"} <= set(frame.columns)
    starts = pandas.to_datetime(frame["properties.start"], format="ISO8601")  # every date parses; open ones are NaT
    assert starts.notna().any() and starts.isna().any()


@pytest.mark.parametrize("fmt", ["geojson", "graphml", "gexf"])
def test_no_sentinel_dates_in_the_gis_and_network_exports(db, fmt):
    assert any(_open(s[k]) is None for s in db.sparql(CONTROL_SPANS).rows for k in ("pf", "pu"))  # open ends exist
    text = db.export(fmt).decode("utf-8")
    assert "0001-01-01" not in text and "9999-12-31" not in text


def test_graphml_leaves_an_open_side_out_and_keeps_the_bounded_ones(db):
    network = nx.read_graphml(io.BytesIO(db.export("graphml")))
    edges = {d["statement"]: d for _, _, d in network.edges(data=True) if "statement" in d}
    for span in db.sparql(CONTROL_SPANS).rows:
        edge = edges[span["statement"]]
        for key, value in (("possibleFrom", span["pf"]), ("possibleUntil", span["pu"])):
            assert edge.get(key) == _open(value), (span["statement"], key)


def test_graphml_and_gexf_carry_latitude_and_longitude(db):
    graphml = nx.read_graphml(io.BytesIO(db.export("graphml")))
    assert (graphml.nodes[IDLIB]["latitude"], graphml.nodes[IDLIB]["longitude"]) == (35.933, 36.633)
    gexf = nx.read_gexf(io.BytesIO(db.export("gexf")))
    assert gexf.nodes[IDLIB]["latitude"] == 35.933 and gexf.nodes[IDLIB]["viz"]["position"]["x"] == 36.633


_GEXF = "{http://www.gexf.net/1.2draft}"


def test_gexf_is_valid_for_a_strict_reader(db):
    """What the GEXF 1.2 schema asks of the attributes kg writes: start/end of the graph's
    timeformat (never empty), every attvalue for a declared attribute and of its type, unique
    node and edge ids, edges between declared nodes. networkx reads it back whole."""
    root = ET.fromstring(db.export("gexf"))
    graph = root.find(f"{_GEXF}graph")
    assert graph is not None and graph.get("timeformat") == "date" and graph.get("mode") == "dynamic"
    declared = {(cls.get("class"), a.get("id")): a.get("type")
                for cls in graph.findall(f"{_GEXF}attributes") for a in cls.findall(f"{_GEXF}attribute")}
    nodes = [n.get("id") for n in graph.iter(f"{_GEXF}node")]
    assert len(nodes) == len(set(nodes))
    edges = list(graph.iter(f"{_GEXF}edge"))
    assert len({e.get("id") for e in edges}) == len(edges)
    for element, what in [(n, "node") for n in graph.iter(f"{_GEXF}node")] + [(e, "edge") for e in edges]:
        for name in ("start", "end"):
            if name in element.attrib:
                dt.date.fromisoformat(element.attrib[name])  # an xs:date, not ""
        for value in element.iter(f"{_GEXF}attvalue"):
            kind = declared[(what, value.get("for"))]
            if kind in ("double", "float"):
                float(value.get("value"))
    assert {e.get("source") for e in edges} | {e.get("target") for e in edges} <= set(nodes)
    idlib_edges = [e for e in edges if e.get("target") == IDLIB]
    assert sorted(((e.get("start"), e.get("end")) for e in idlib_edges), key=str) == \
        [("2015-03-29", None), (None, "2015-03-28")]
    assert nx.read_gexf(io.BytesIO(db.export("gexf"))).number_of_edges() == 13


def test_map_and_timeline_through_the_cli(tmp_path, disk_store):
    from click.testing import CliRunner

    from kg.cli import cli

    runner = CliRunner()
    out = tmp_path / "m.html"
    result = runner.invoke(cli, ["--store", disk_store, "map", "--at", "2015-03-28", "-o", str(out)])
    assert result.exit_code == 0 and "wrote" in result.output and '"start": "2015-03-28"' in out.read_text()
    result = runner.invoke(cli, ["--store", disk_store, "timeline", "Idlib", "-o", str(tmp_path / "t.html")])
    assert result.exit_code == 0 and "(2 statements)" in result.output
    assert runner.invoke(cli, ["--store", disk_store, "timeline", "Nowhere-at-all"]).exit_code == 2
    assert runner.invoke(cli, ["--store", disk_store, "map", "--at", "2015-3-1"]).exit_code == 2


def test_pages_refuse_nothing_fetched_and_escape_the_data(db):
    for drawn in (db.map(), db.timeline(["Idlib", "Jaish al-Fath"])):
        assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", drawn.html, re.IGNORECASE)
        assert "</script><script>" not in drawn.html


# --- in a real browser ---------------------------------------------------------------------


@pytest.fixture
def open_page(browser, tmp_path) -> Iterator[Callable[[str, str], Loaded]]:  # noqa: F811
    pages: list[Any] = []

    def _open(html: str, ready: str) -> Loaded:
        return open_offline(browser, tmp_path / f"page{len(pages)}.html", html, ready, pages)

    yield _open
    for page in pages:
        page.close()


def _python_certainty(db: kg.KG, statement: str, day: str) -> str:
    row = db.sparql(f"SELECT ?a ?b ?c ?d WHERE {{ <{statement}> kg:certainFrom ?a ; kg:certainUntil ?b ; "
                    "kg:possibleFrom ?c ; kg:possibleUntil ?d }").rows[0]
    return certainty(Bounds(row["a"], row["b"], row["c"], row["d"]), dt.date.fromisoformat(day))


@pytest.mark.browser
def test_browser_map_places_sit_where_their_coordinates_say(open_page, db):
    loaded = open_page(db.map().html, "window.kgMap && kgMap.ready")
    page = loaded.page
    # each place's anchor (a town's dot, an area's ring, the middle of an outlined area) at its coordinates
    centres = page.evaluate("""Object.fromEntries(Object.keys(kgMap.places).map(id => {
        const r = kgMap.places[id].anchor.getBoundingClientRect(); return [id, [r.x + r.width / 2, r.y + r.height / 2]]; }))""")
    coords = {f["properties"]["place_iri"]: f["geometry"]["coordinates"]
              for f in json.loads(db.export("geojson"))["features"]}
    assert set(centres) == set(coords)
    # screen x grows with longitude, y with latitude going south, in one scale each
    (a, b) = (ID + "idlib-city", ID + "raqqa-city")
    per_lon = (centres[b][0] - centres[a][0]) / (coords[b][0] - coords[a][0])
    for place, (lon, lat) in coords.items():
        assert centres[place][0] == pytest.approx(centres[a][0] + (lon - coords[a][0]) * per_lon, abs=1.0)
    c = ID + "syria"
    per_lat = (centres[c][1] - centres[a][1]) / (coords[c][1] - coords[a][1])
    assert per_lat < 0 and abs(per_lat) > per_lon  # north is up; a degree of longitude is shorter here
    inside = page.evaluate("""Object.keys(kgMap.places).map(id => {
        const syria = document.querySelector('path[data-name="Syria"]'), p = kgMap.places[id].data;
        const pt = document.getElementById('kg-map').createSVGPoint(); pt.x = p.x; pt.y = p.y;
        return syria.isPointInFill(pt); })""")
    assert all(inside)  # every bundled place lies inside Syria's outline on the basemap
    assert loaded.errors == [] and loaded.requests == []


@pytest.mark.browser
def test_browser_map_tooltip_names_the_holders_of_the_containing_places_apart(open_page, db):
    page = open_page(db.map(at="2015-03-30").html, "window.kgMap && kgMap.ready").page
    raqqa = json.dumps(ID + "raqqa-city")
    assert page.evaluate(f"kgMap.state({raqqa})") == []  # never drawn as the city's own holder
    assert page.evaluate(f"kgMap.via({raqqa})") == [
        {"via": "Raqqa Governorate", "holder": "Islamic State", "certainty": "in force",
         "statement": ID + "st-islamic-state-controls-raqqa-governorate"}]
    assert page.evaluate(f"kgMap.places[{raqqa}].dot.getAttribute('data-holder')") == ""
    page.evaluate("kgMap.setDay('2015-03-30')")
    page.locator(f"g[data-id='{ID}raqqa-city'] circle").click()
    text = page.locator("#kg-info").inner_text()
    assert "no statement says who held it" in text and "via Raqqa Governorate: Islamic State (in force)" in text


@pytest.mark.browser
def test_browser_map_slider_changes_the_holder_of_idlib(open_page, db):
    page = open_page(db.map(at="2015-03-28").html, "window.kgMap && kgMap.ready").page
    dot = "kgMap.places[" + json.dumps(IDLIB) + "].dot"
    assert page.evaluate(f"[{dot}.getAttribute('data-holder'), {dot}.getAttribute('data-certainty')]") == \
        ["Syrian government forces", "in force"]
    page.locator("#kg-day").fill(str(page.evaluate("kgDayNumber('2015-03-30') - kgDayNumber(KG_MAP.view.first)")))
    assert page.locator("#kg-day-text").inner_text() == "2015-03-30"
    assert page.evaluate(f"[{dot}.getAttribute('data-holder'), {dot}.getAttribute('data-certainty')]") == \
        ["Jaish al-Fath", "in force"]
    page.evaluate("kgMap.setDay('2015-06-01')")
    assert page.evaluate(f"{dot}.getAttribute('fill')").startswith("url(#kg-hatch")  # possibly: hatched
    for day in DAYS:  # the page's answer is kg.timespan.certainty's, for every statement on Idlib
        answers = page.evaluate(f"kgMap.state({json.dumps(IDLIB)}, {json.dumps(day)})")
        expected = {s: _python_certainty(db, s, day) for s in (ID + "st-government-controls-idlib-city",
                                                               ID + "st-jaish-al-fath-controls-idlib-city")}
        assert {a["statement"]: a["certainty"] for a in answers} == {s: c for s, c in expected.items()
                                                                     if c != "not in force"}, day


@pytest.mark.browser
def test_browser_map_tooltip_has_holder_span_claimant_and_a_source_link_and_runs_no_data(open_page, db):
    drawn = db.map(at="2015-03-28")
    network = drawn.network.copy()
    for _, _, data in network.edges(data=True):
        data["claimant"] = XSS
        data["sources"] = [BREAKOUT, "x"]
        data["source_urls"] = ["https://www.france24.com/en/y", "javascript:window.__xss=5"]
    network.nodes[IDLIB]["label"] = XSS
    from kg.maps import render_map

    loaded = open_page(render_map(network, title=XSS, at=dt.date(2015, 3, 28)), "window.kgMap && kgMap.ready")
    page = loaded.page
    page.locator(f"g[data-id='{IDLIB}'] circle").click()
    info = page.locator("#kg-info")
    text = info.inner_text()
    assert XSS in text and "held by Syrian government forces (in force)" in text and f"claimed by: {XSS}" in text
    assert "when: by 2011 – 2015-03-29" in text
    assert page.evaluate("[...document.querySelectorAll('#kg-info a')].map(a => [a.href, a.textContent])") == \
        [["https://www.france24.com/en/y", BREAKOUT]]
    assert page.locator("img").count() == 0 and page.evaluate("typeof window.__xss") == "undefined"
    assert XSS in page.title() and loaded.errors == [] and loaded.requests == []


@pytest.mark.browser
def test_browser_timeline_of_idlib_ends_the_government_where_jaish_al_fath_starts(open_page, db):
    loaded = open_page(db.timeline(["Idlib"]).html, "window.kgTimeline && kgTimeline.ready")
    page = loaded.page
    page.evaluate("kgTimeline.setRange('2015-03-15', '2015-04-15')")
    bars = page.evaluate("""[...document.querySelectorAll('rect.kg-bar')].map(r => ({statement: r.dataset.statement,
        part: r.dataset.part, from: r.dataset.from, until: r.dataset.until,
        left: r.getBoundingClientRect().left, right: r.getBoundingClientRect().right}))""")
    government = [b for b in bars if b["statement"].endswith("government-controls-idlib-city")]
    jaf = [b for b in bars if b["statement"].endswith("jaish-al-fath-controls-idlib-city")]
    assert [(b["part"], b["until"]) for b in government] == [("certain", "2015-03-29")]
    assert [(b["part"], b["from"], b["until"]) for b in jaf] == [("certain", "2015-03-29", "2015-03-31"),
                                                                   ("possible", "2015-03-31", "9999-12-31")]
    assert government[0]["right"] == pytest.approx(jaf[0]["left"], abs=0.5)
    assert jaf[1]["left"] == pytest.approx(jaf[0]["right"], abs=0.5)
    assert page.evaluate("document.querySelectorAll('circle.kg-event').length") >= 3
    assert loaded.errors == [] and loaded.requests == []


@pytest.mark.browser
def test_browser_network_slider_applies_the_same_rule(open_page, db):
    page = open_page(db.view().html, "window.kgView && kgView.ready").page
    shown = "kgView.edges.get({filter: e => !e.hidden}).map(e => e.id)"
    assert len(page.evaluate(shown)) == 13  # all dates
    idlib = page.evaluate(f"kgView.edges.get({{filter: e => e.to === {json.dumps(IDLIB)}}}).map(e => e.id)")
    for day in DAYS:
        page.evaluate(f"kgView.setDay({json.dumps(day)})")
        network = db.view(at=day).network
        assert len(page.evaluate(shown)) == network.number_of_edges(), day
        for edge in idlib:
            statement = page.evaluate(f"kgView.edges.get({json.dumps(edge)}).tip.slice(-1)[0]").split(": ", 1)[1]
            assert page.evaluate(f"kgView.certainty({json.dumps(edge)})") == _python_certainty(db, statement, day)


@pytest.mark.browser
def test_browser_find_box_answers_to_every_name(open_page, db):
    page = open_page(db.view().html, "window.kgView && kgView.ready").page
    for text, label in [("Army of Conquest", "Jaish al-Fath"), ("JaF", "Jaish al-Fath"), ("جيش الفتح", "Jaish al-Fath"),
                        ("nusrah", "al-Nusra Front"), ("Idleb", "Idlib"), ("داعش", "Islamic State")]:
        page.locator("#kg-find-input").fill(text)
        page.locator("#kg-find button").click()
        assert page.locator("#kg-find-status").inner_text() == f"found: {label}", text
    index = index_for(db.graph)  # the page's port of normalise/skeleton agrees with Python's
    names = sorted({n for iri in index.entries for n in index.names_of(iri)}) + ["Ḥayʾat  Taḥrīr", "nusrah", "جيش الفتح"]
    got = page.evaluate("names => names.map(n => [kgNormalise(n), kgSkeleton(kgNormalise(n))])", names)
    assert got == [[normalise(n), skeleton(normalise(n))] for n in names]


@pytest.mark.browser
def test_browser_network_labels_do_not_overlap(open_page, db):
    page = open_page(db.view().html, "window.kgView && kgView.ready").page
    boxes = page.evaluate("kgView.nodes.getIds().map(id => kgView.network.body.nodes[id].labelModule.size)")
    assert len(boxes) == 14  # Jisr al-Shughur is held too
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            apart = (a["left"] + a["width"] <= b["left"] or b["left"] + b["width"] <= a["left"]
                     or a["top"] + a["height"] <= b["top"] or b["top"] + b["height"] <= a["top"])
            assert apart, (a, b)


def test_screenshots_are_in_the_readme():
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    for name in ("map.png", "timeline.png"):
        assert f"(docs/{name})" in readme and (Path(__file__).resolve().parent.parent / "docs" / name).is_file()
