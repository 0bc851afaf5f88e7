"""The map page's style, markup and script (the data comes from :func:`kg.maps.render_map`).

The SVG is zoomed and panned by changing its viewBox (wheel, drag, the + and − buttons): no
tiles, nothing fetched. Dots, rings and labels keep their size on screen at any zoom; after
each zoom the labels are placed again, each beside its mark where it crosses no other label
and no mark, else hidden until the map is zoomed in far enough. A scale bar gives kilometres
(one unit of the projection is a degree of latitude, ``KM_PER_UNIT`` km). An area (a
country, a governorate) is drawn as its outline when the basemap has it, else as a dashed
ring with its name in italics, never as a town's dot.
"""

from __future__ import annotations

__all__ = ["BODY", "KM_PER_UNIT", "SCRIPT", "STYLE"]

KM_PER_UNIT = 6371.0088 * 3.141592653589793 / 180  # a degree of a great circle on the mean sphere

STYLE = """
  #kg-frame { position: relative; }
  #kg-map { width: 100%; height: calc(100vh - 220px); min-height: 360px; border: 1px solid #bbb;
            background: #dfeaf3; display: block; cursor: grab; touch-action: none; }
  #kg-map.kg-dragging { cursor: grabbing; }
  .kg-country { fill: #f4f1ea; stroke: #9a9a9a; vector-effect: non-scaling-stroke; stroke-width: 1; }
  .kg-country[data-name="Syria"] { fill: #fbf8ef; stroke: #555; }
  .kg-place { cursor: pointer; vector-effect: non-scaling-stroke; stroke-width: 2; }
  .kg-ring { stroke-width: 2.5; }
  .kg-outline { stroke-width: 3; }
  .kg-label { paint-order: stroke; stroke: #fff; stroke-width: 3px; fill: #222;
              vector-effect: non-scaling-stroke; pointer-events: none; }
  .kg-area-label { font-style: italic; letter-spacing: 0.04em; fill: #444; }
  #kg-day { width: 28em; }
  #kg-legend { font-size: 13px; margin: 3px 0; }
  #kg-legend > div { margin: 2px 0; }
  .kg-key { display: inline-flex; align-items: center; gap: 3px; margin-right: 12px; }
  #kg-zoom { position: absolute; top: 8px; right: 8px; display: flex; flex-direction: column; gap: 2px; }
  #kg-zoom button { width: 30px; height: 30px; font-size: 18px; padding: 0; }
  #kg-scale { position: absolute; left: 10px; bottom: 10px; font-size: 12px; background: rgba(255,255,255,.8);
              padding: 2px 5px; pointer-events: none; }
  #kg-scale-bar { height: 5px; border: 1.5px solid #222; border-top: none; }
"""

BODY = """
<div class="kg-controls">
  <label for="kg-day">Day</label>
  <input type="range" id="kg-day" step="1">
  <output id="kg-day-text" for="kg-day"></output>
  <button type="button" id="kg-prev">&#9664; change</button>
  <button type="button" id="kg-next">change &#9654;</button>
  <button type="button" id="kg-play">play</button>
</div>
<div id="kg-legend"><div id="kg-holders"><b>Held by</b> </div><div id="kg-marks"><b>Marks</b> </div></div>
<div id="kg-frame">
<svg id="kg-map" xmlns="http://www.w3.org/2000/svg" role="img" aria-label="map of places">
  <defs id="kg-defs"></defs><g id="kg-base"></g><g id="kg-areas"></g><g id="kg-places"></g><g id="kg-labels"></g>
</svg>
<div id="kg-zoom"><button type="button" id="kg-zoom-in" title="zoom in">+</button>
<button type="button" id="kg-zoom-out" title="zoom out">&#8722;</button>
<button type="button" id="kg-zoom-reset" title="whole map">&#8962;</button></div>
<div id="kg-scale"><div id="kg-scale-bar"></div><span id="kg-scale-text"></span></div>
</div>
<div id="kg-info" role="status"></div>
"""

SCRIPT = r"""
(function () {
  var M = KG_MAP, NS = "http://www.w3.org/2000/svg", v = M.view, KM = KG_KM_PER_UNIT;
  var DOT = 6, RING = 15, FONT = 13, HATCH = 5, MAX_ZOOM = 64;
  var svg = document.getElementById("kg-map"), slider = document.getElementById("kg-day");
  var map = window.kgMap = {ready: false, readyAt: null, day: null, places: {}, zoom: 1};
  var box = v.box.slice();
  function el(name, attrs, parent) {
    var node = document.createElementNS(NS, name);
    Object.keys(attrs).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (parent) { parent.appendChild(node); }
    return node;
  }
  function html(name, text, parent, css) {
    var node = document.createElement(name);
    if (text) { node.textContent = text; }
    if (css) { node.style.cssText = css; }
    parent.appendChild(node);
    return node;
  }
  svg.setAttribute("viewBox", box.join(" "));
  var outlines = {};
  M.basemap.forEach(function (c) {
    outlines[c.name] = el("path", {d: c.d, "class": "kg-country", "data-name": c.name}, document.getElementById("kg-base"));
  });
  var defs = document.getElementById("kg-defs"), holders = document.getElementById("kg-holders"), n = 0;
  var hatch = {}, patterns = [];
  Object.keys(M.colours).sort(function (a, b) {
    var x = M.colours[a].label, y = M.colours[b].label; return x < y ? -1 : x > y ? 1 : 0;
  }).forEach(function (iri) {
    var colour = M.colours[iri].colour, id = "kg-hatch-" + (n++);
    var p = el("pattern", {id: id, patternUnits: "userSpaceOnUse", width: 1, height: 1, patternTransform: "rotate(45)"}, defs);
    var white = el("rect", {width: 1, height: 1, fill: "#ffffff"}, p), stripe = el("rect", {width: 0.5, height: 1, fill: colour}, p);
    patterns.push([p, white, stripe]);
    hatch[iri] = "url(#" + id + ")";
    var key = html("span", "", holders);
    key.className = "kg-key"; key.setAttribute("data-iri", iri); key.setAttribute("data-colour", colour);
    html("span", "", key, "display:inline-block;width:12px;height:12px;border-radius:6px;background:" + colour);
    key.appendChild(document.createTextNode(M.colours[iri].label));
  });
  if (!n) { holders.appendChild(document.createTextNode("no holder is recorded")); }
  var marks = document.getElementById("kg-marks");
  [["border-radius:6px;background:#888", "town or site: filled held, hatched possibly held, hollow no statement"],
   ["border-radius:8px;border:2px dashed #555;width:12px;height:12px", "area (country, governorate) without an outline: dashed ring, name in italics"],
   ["border:3px solid #555;width:14px;height:10px", "area with its outline: drawn as the area"]].forEach(function (m) {
    var key = html("span", "", marks);
    key.className = "kg-key";
    html("span", "", key, "display:inline-block;width:12px;height:12px;box-sizing:border-box;" + m[0]);
    key.appendChild(document.createTextNode(m[1]));
  });
  var areas = document.getElementById("kg-areas"), layer = document.getElementById("kg-places");
  var labels = document.getElementById("kg-labels"), order = [];
  M.places.forEach(function (p) {
    var g = el("g", {"data-id": p.id, "data-shape": p.shape}, p.shape === "point" ? layer : areas), dot, anchor;
    if (p.shape === "outline") {
      dot = el("path", {d: outlines[p.outline].getAttribute("d"), "class": "kg-place kg-outline"}, g);
      anchor = el("circle", {cx: p.x, cy: p.y, r: 0, "class": "kg-anchor"}, g);
    } else {
      dot = anchor = el("circle", {cx: p.x, cy: p.y, r: 1, "class": "kg-place" + (p.shape === "ring" ? " kg-ring" : "")}, g);
      if (p.shape === "ring") { dot.setAttribute("stroke-dasharray", "6 4"); }
    }
    var label = null;
    if (v.labels) {
      label = el("text", {x: p.x, y: p.y, "class": "kg-label" + (p.shape === "point" ? "" : " kg-area-label"),
                          "data-id": p.id}, labels);
      label.textContent = p.label;
    }
    map.places[p.id] = {data: p, dot: dot, anchor: anchor, label: label};
    order.push(p.id);
    dot.addEventListener("mousemove", function (e) { kgFloat(tip(p), e); });
    dot.addEventListener("mouseleave", function (e) { kgFloat(null, e); });
    dot.addEventListener("click", function () { if (!dragged) { kgInfo(tip(p)); } });
  });
  var RANK = {country: 0, point: 1};
  order.sort(function (a, b) {  /* who labels first: countries, then towns and sites, then other areas */
    var p = map.places[a].data, q = map.places[b].data;
    var ra = p.kind in RANK ? RANK[p.kind] : p.shape === "point" ? 1 : 2, rb = q.kind in RANK ? RANK[q.kind] : q.shape === "point" ? 1 : 2;
    return (ra - rb) || (q.holds.length - p.holds.length) || (p.label < q.label ? -1 : p.label > q.label ? 1 : 0);
  });
  function on(p, day) {
    return p.holds.map(function (h) { return {hold: h, certainty: kgCertainty(h.bounds, day)}; })
                  .filter(function (s) { return s.certainty !== KG_NOT_IN_FORCE; });
  }
  function tip(p) {
    var lines = [p.kind + " · " + p.lat + ", " + p.lon], sources = [], held = on(p, map.day);
    if (!held.length) { lines.push(map.day + ": no statement says who held it"); }
    held.forEach(function (s) {
      lines.push(map.day + ": held by " + s.hold.holder + " (" + s.certainty + ")");
      lines.push("when: " + s.hold.span);
      if (s.hold.claimant) { lines.push("claimed by: " + s.hold.claimant); }
      if (s.hold.endClaimant) { lines.push("end claimed by: " + s.hold.endClaimant); }
      sources = sources.concat(s.hold.sources);
    });
    p.containers.forEach(function (c) {  /* who held it by holding a place that contains it: never its own holder */
      on({holds: c.holds}, map.day).forEach(function (s) {
        lines.push(map.day + ": via " + c.via + ": " + s.hold.holder + " (" + s.certainty + ")");
      });
    });
    p.holds.forEach(function (h) { lines.push("history: " + h.holder + ", " + h.span); });
    return kgTip(p.label, lines, sources);
  }
  map.state = function (id, day) {
    return on(map.places[id].data, day || map.day).map(function (s) {
      return {holder: s.hold.holder, certainty: s.certainty, statement: s.hold.statement};
    });
  };
  map.via = function (id, day) {  /* the holders of the places that contain it, on the day */
    var found = [];
    map.places[id].data.containers.forEach(function (c) {
      on({holds: c.holds}, day || map.day).forEach(function (s) {
        found.push({via: c.via, holder: s.hold.holder, certainty: s.certainty, statement: s.hold.statement});
      });
    });
    return found;
  };
  map.tip = function (id) { return tip(map.places[id].data); };
  map.setDay = function (day) {
    map.day = day;
    slider.value = kgDayNumber(day) - kgDayNumber(v.first);
    document.getElementById("kg-day-text").textContent = day;
    Object.keys(map.places).forEach(function (id) {
      var shown = map.places[id], held = on(shown.data, day), area = shown.data.shape !== "point";
      var sure = held.filter(function (s) { return s.certainty === KG_IN_FORCE; });
      var top = sure[0] || held[0], dot = shown.dot, dash = shown.data.shape === "ring" ? "6 4" : "none";
      dot.setAttribute("fill-opacity", area ? 0.3 : 1);
      if (!top) {
        dot.setAttribute("fill", area ? "none" : "#ffffff"); dot.setAttribute("stroke", "#888888");
        dot.setAttribute("stroke-dasharray", dash);
      } else if (top.certainty === KG_IN_FORCE) {
        var colour = M.colours[top.hold.holderIri].colour;
        dot.setAttribute("fill", colour);
        dot.setAttribute("stroke", area ? colour : sure.length > 1 ? "#000000" : "#333333");
        dot.setAttribute("stroke-dasharray", dash);
      } else {
        dot.setAttribute("fill", hatch[top.hold.holderIri]);
        dot.setAttribute("stroke", M.colours[top.hold.holderIri].colour);
        dot.setAttribute("stroke-dasharray", area ? dash : "3 2");
      }
      dot.setAttribute("data-holder", top ? top.hold.holder : "");
      dot.setAttribute("data-holder-iri", top ? top.hold.holderIri : "");
      dot.setAttribute("data-certainty", top ? top.certainty : KG_NOT_IN_FORCE);
    });
  };
  slider.min = 0;
  slider.max = kgDayNumber(v.last) - kgDayNumber(v.first);
  slider.addEventListener("input", function () { map.setDay(kgAddDays(v.first, Number(slider.value))); });
  function jump(step) {
    var list = M.changes.filter(function (d) { return step > 0 ? d > map.day : d < map.day; });
    if (list.length) { map.setDay(step > 0 ? list[0] : list[list.length - 1]); }
  }
  document.getElementById("kg-prev").addEventListener("click", function () { jump(-1); });
  document.getElementById("kg-next").addEventListener("click", function () { jump(1); });
  var timer = null;
  document.getElementById("kg-play").addEventListener("click", function () {
    if (timer) { clearInterval(timer); timer = null; return; }
    if (M.changes.length) { map.setDay(kgAddDays(M.changes[0], -1)); }
    timer = setInterval(function () {
      var before = map.day; jump(1);
      if (map.day === before) { clearInterval(timer); timer = null; }
    }, 800);
  });
  /* screen pixels per unit of the projection, as the browser draws the viewBox */
  function pixels() { var m = svg.getScreenCTM(); return m ? m.a : 1; }
  function placeLabels(unit) {
    /* Greedy, in rank order: each label at the first of eight spots around its mark where it
       crosses no mark and no label placed before it; hidden where none is free. */
    var marks = [], taken = [], pad = 2 * unit;
    Object.keys(map.places).forEach(function (id) {
      var s = map.places[id], p = s.data, r = p.shape === "point" ? DOT * unit : 3 * unit;
      if (p.shape !== "outline") { marks.push({x: p.x - r, y: p.y - r, width: 2 * r, height: 2 * r, id: id}); }
    });
    function hits(a, id) {
      return marks.some(function (b) { return b.id !== id && overlap(a, b); }) ||
             taken.some(function (b) { return overlap(a, b); });
    }
    function overlap(a, b) {
      return a.x < b.x + b.width + pad && b.x < a.x + a.width + pad && a.y < b.y + b.height + pad && b.y < a.y + a.height + pad;
    }
    order.forEach(function (id) {
      var shown = map.places[id], p = shown.data, label = shown.label;
      if (!label) { return; }
      label.setAttribute("font-size", FONT * unit);
      label.removeAttribute("display");
      label.setAttribute("x", 0); label.setAttribute("y", 0);
      var b = label.getBBox(), w = b.width, h = b.height, r = (p.shape === "ring" ? RING : p.shape === "point" ? DOT : 3) * unit + 3 * unit;
      var cx = p.x - w / 2, cy = p.y - h / 2;  /* the top left corner that centres the label on the mark */
      var spots = [[p.x + r, cy], [p.x - r - w, cy], [cx, p.y - r - h], [cx, p.y + r],
                   [p.x + r * 0.7, p.y - r * 0.7 - h], [p.x - r * 0.7 - w, p.y - r * 0.7 - h],
                   [p.x + r * 0.7, p.y + r * 0.7], [p.x - r * 0.7 - w, p.y + r * 0.7]];
      if (p.shape !== "point") { spots.unshift([cx, cy]); }
      var spot = spots.filter(function (s) { return !hits({x: s[0], y: s[1], width: w, height: h}, id); })[0];
      if (!spot) { label.setAttribute("display", "none"); return; }
      label.setAttribute("x", spot[0] - b.x); label.setAttribute("y", spot[1] - b.y);
      taken.push({x: spot[0], y: spot[1], width: w, height: h});
    });
  }
  function scaleBar(px) {
    var perKm = px / KM, want = 120 / perKm, step = Math.pow(10, Math.floor(Math.log10(want))), km = step;
    [2, 5, 10].forEach(function (f) { if (step * f <= want) { km = step * f; } });
    document.getElementById("kg-scale-bar").style.width = (km * perKm) + "px";
    document.getElementById("kg-scale-text").textContent = km + " km";
    map.scale = {km: km, px: km * perKm};
  }
  var drawnAt = null;
  function redraw() {
    svg.setAttribute("viewBox", box.join(" "));
    var px = pixels(), unit = 1 / px;
    scaleBar(px);
    if (drawnAt === px) { return; }
    drawnAt = px;
    Object.keys(map.places).forEach(function (id) {
      var s = map.places[id];
      if (s.data.shape !== "outline") { s.dot.setAttribute("r", (s.data.shape === "ring" ? RING : DOT) * unit); }
    });
    patterns.forEach(function (p) {
      p[0].setAttribute("width", HATCH * unit); p[0].setAttribute("height", HATCH * unit);
      p[1].setAttribute("width", HATCH * unit); p[1].setAttribute("height", HATCH * unit);
      p[2].setAttribute("width", HATCH * unit / 2); p[2].setAttribute("height", HATCH * unit);
    });
    placeLabels(unit);
  }
  function toMap(clientX, clientY) {
    var pt = svg.createSVGPoint(); pt.x = clientX; pt.y = clientY;
    return pt.matrixTransform(svg.getScreenCTM().inverse());
  }
  /* zoom by `factor` keeping the map point (x, y) where it is on screen (default: the middle) */
  map.zoomBy = function (factor, x, y) {
    var zoom = Math.min(MAX_ZOOM, Math.max(1, map.zoom * factor));
    factor = zoom / map.zoom;
    if (x === undefined) { x = box[0] + box[2] / 2; y = box[1] + box[3] / 2; }
    box = [x - (x - box[0]) / factor, y - (y - box[1]) / factor, box[2] / factor, box[3] / factor];
    map.zoom = zoom;
    clamp(); redraw();
  };
  map.reset = function () { box = v.box.slice(); map.zoom = 1; redraw(); };
  function clamp() {  /* keep the middle of the view over the map */
    var mx = box[0] + box[2] / 2, my = box[1] + box[3] / 2;
    var x = Math.min(Math.max(mx, v.box[0]), v.box[0] + v.box[2]), y = Math.min(Math.max(my, v.box[1]), v.box[1] + v.box[3]);
    box[0] += x - mx; box[1] += y - my;
  }
  svg.addEventListener("wheel", function (e) {
    e.preventDefault();
    var p = toMap(e.clientX, e.clientY);
    map.zoomBy(e.deltaY < 0 ? 1.25 : 0.8, p.x, p.y);
  }, {passive: false});
  var drag = null, dragged = false;
  svg.addEventListener("pointerdown", function (e) {
    drag = {x: e.clientX, y: e.clientY, box: box.slice(), px: pixels()}; dragged = false;
  });
  svg.addEventListener("pointermove", function (e) {
    if (!drag) { return; }
    var dx = e.clientX - drag.x, dy = e.clientY - drag.y;
    if (!dragged && Math.abs(dx) + Math.abs(dy) < 4) { return; }
    if (!dragged) { svg.setPointerCapture(e.pointerId); svg.classList.add("kg-dragging"); }
    dragged = true;
    box = [drag.box[0] - dx / drag.px, drag.box[1] - dy / drag.px, box[2], box[3]];
    clamp(); redraw();
  });
  function release() { drag = null; svg.classList.remove("kg-dragging"); }
  svg.addEventListener("pointerup", release);
  svg.addEventListener("pointercancel", release);
  document.getElementById("kg-zoom-in").addEventListener("click", function () { map.zoomBy(1.5); });
  document.getElementById("kg-zoom-out").addEventListener("click", function () { map.zoomBy(1 / 1.5); });
  document.getElementById("kg-zoom-reset").addEventListener("click", map.reset);
  window.addEventListener("resize", function () { drawnAt = null; redraw(); });
  redraw();
  map.setDay(v.start);
  requestAnimationFrame(function () {
    requestAnimationFrame(function () { map.ready = true; map.readyAt = performance.now(); });
  });
})();
"""
