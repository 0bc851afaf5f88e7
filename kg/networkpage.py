"""The network view page's own style and scripts (the page is built by :func:`kg.views.render`).

``PREPARE`` makes the plain-text tooltips; ``SCRIPT`` runs the page: the time slider and
filters, the find box, the push-apart of overlapping nodes after the layout, and the edge
labels, each shown only where it crosses no node (shape or name) and no other label, the
others shown while their edge is hovered.
"""

from __future__ import annotations

__all__ = ["PREPARE", "SCRIPT", "STYLE"]

STYLE = """
<style>
  body { font-family: system-ui, "DejaVu Sans", sans-serif; margin: 0 12px; color: #111; }
  #kg-header h1 { font-size: 22px; margin: 10px 0 2px; }
  #kg-header p { margin: 0 0 6px; color: #444; font-size: 14px; }
  .kg-controls { display: flex; flex-wrap: wrap; gap: 8px; align-items: center; font-size: 14px; margin: 4px 0; }
  #kg-find-input { width: 22em; font-size: 14px; padding: 2px 4px; }
  #kg-find-status { color: #444; }
  #kg-day { width: 22em; }
  #kg-legend { font-size: 14px; margin-bottom: 6px; }
  #kg-legend > div { margin: 2px 0; }
  .kg-item { margin-right: 12px; white-space: nowrap; display: inline-flex;
             align-items: center; gap: 3px; }
  .kg-glyph { font-size: 18px; }
  .kg-note { color: #666; font-style: italic; }
  .vis-tooltip { white-space: pre-line; max-width: 36em; font-size: 13px; }
  .kg-tip div { margin: 1px 0; }
  .kg-tip .kg-tip-head { font-weight: bold; }
  #kg-info { font-size: 13px; min-height: 1.2em; }
  #mynetwork { float: none !important; box-sizing: border-box; }
</style>
"""

SCRIPT = """
<script>
(function () {
  var view = window.kgView = {network: network, nodes: nodes, edges: edges, ready: false,
                              readyAt: null, nodeCount: nodes.length, edgeCount: edges.length,
                              day: KG_TIME.start};
  var status = document.getElementById("kg-find-status"), slider = document.getElementById("kg-day");
  var all = document.getElementById("kg-all"), byId = {};
  /* Read the records from KG_NODES/KG_EDGES, not the DataSets: a DataSet's get() copies each
     item deeply, tooltip elements included (minutes at 2,000 nodes). */
  KG_NODES.concat(KG_EDGES).forEach(function (item) { byId[item.id] = item; });
  var shownNode = {}, shownEdge = {};
  function checked(cls) {
    var on = {};
    document.querySelectorAll("input." + cls).forEach(function (box) {
      on[box.value] = box.checked;
    });
    return on;
  }
  view.certainty = function (id, day) {
    var e = byId[id];
    return e.bounds ? kgCertainty(e.bounds, day || view.day) : KG_IN_FORCE;
  };
  function applyFilters() {
    var kinds = checked("kg-kind"), relations = checked("kg-relation"), hidden = {};
    var day = all.checked ? null : view.day;
    nodes.update(KG_NODES.map(function (n) {
      hidden[n.id] = kinds[n.kind] === false;
      shownNode[n.id] = !hidden[n.id];
      return {id: n.id, hidden: hidden[n.id]};
    }));
    edges.update(KG_EDGES.map(function (e) {
      var c = day && e.bounds ? kgCertainty(e.bounds, day) : null, possibly = c === KG_POSSIBLY;
      return {id: e.id, certainty: c,
              hidden: relations[e.relation] === false || hidden[e.from] || hidden[e.to] || c === KG_NOT_IN_FORCE,
              label: e.relation + (possibly ? " (possibly)" : "") + (day ? "" : "\\n" + e.span),
              dashes: possibly ? KG_POSSIBLY_DASHES : e.baseDashes,
              color: {color: e.colour, highlight: "#000000", hover: e.colour, opacity: possibly ? KG_POSSIBLY_OPACITY : 1}};
    }).map(function (u) { fullLabel[u.id] = u.label; edgeShown[u.id] = !u.hidden; return u; }));
    if (view.laidOut) { placeEdgeLabels(); }
  }
  /* An edge's label is shown only where it crosses no node (shape or name) and no label shown
     before it (in the edges' stable order); the others are a blank (vis-network keeps the old
     text for an empty label) and appear while the edge is hovered.
     Sizes are in canvas units, so what does not cross at one zoom crosses at none. */
  var fullLabel = {}, edgeShown = {}, labelHidden = {};
  function placeEdgeLabels() {
    var ctx = network.canvas.frame.canvas.getContext("2d"), taken = [], pad = 3, hide = [];
    nodes.getIds().forEach(function (id) {
      if (!shownNode[id]) { return; }
      var b = network.getBoundingBox(id);
      taken.push({l: b.left, r: b.right, t: b.top, b: b.bottom});
    });
    function free(a) {
      return !taken.some(function (b) { return a.l < b.r + pad && b.l < a.r + pad && a.t < b.b + pad && b.t < a.b + pad; });
    }
    KG_EDGES.forEach(function (e) {
      var edge = network.body.edges[e.id];
      if (!edge || !edgeShown[e.id]) { return; }
      var size = edge.labelModule.getTextSize(ctx, false, false), p = edge.edgeType.getPoint(0.5);
      var box = {l: p.x - size.width / 2, r: p.x + size.width / 2, t: p.y - size.height / 2, b: p.y + size.height / 2};
      if (free(box)) { taken.push(box); labelHidden[e.id] = false; } else { hide.push({id: e.id, label: " "}); labelHidden[e.id] = true; }
    });
    edges.update(hide);
    view.hiddenLabels = hide.length;
  }
  network.on("hoverEdge", function (params) {
    if (labelHidden[params.edge]) { edges.update({id: params.edge, label: fullLabel[params.edge]}); }
  });
  network.on("blurEdge", function (params) {
    if (labelHidden[params.edge]) { edges.update({id: params.edge, label: " "}); }
  });
  view.setDay = function (day) {
    if (day === null) { all.checked = true; } else {
      all.checked = false; view.day = day;
      slider.value = kgDayNumber(day) - kgDayNumber(KG_TIME.first);
    }
    document.getElementById("kg-day-text").textContent = all.checked ? "all dates" : view.day;
    applyFilters();
  };
  slider.min = 0;
  slider.max = kgDayNumber(KG_TIME.last) - kgDayNumber(KG_TIME.first);
  slider.value = kgDayNumber(view.day) - kgDayNumber(KG_TIME.first);
  slider.addEventListener("input", function () { view.setDay(kgAddDays(KG_TIME.first, Number(slider.value))); });
  all.addEventListener("change", function () { view.setDay(all.checked ? null : view.day); });
  function jump(step) {
    var list = KG_TIME.changes.filter(function (d) { return step > 0 ? d > view.day : d < view.day; });
    if (list.length) { view.setDay(step > 0 ? list[0] : list[list.length - 1]); }
  }
  document.getElementById("kg-prev").addEventListener("click", function () { jump(-1); });
  document.getElementById("kg-next").addEventListener("click", function () { jump(1); });
  document.querySelectorAll("input.kg-kind, input.kg-relation").forEach(function (box) {
    box.addEventListener("change", applyFilters);
  });
  var list = document.getElementById("kg-names");
  KG_NODES.map(function (n) { return n.label; }).sort().forEach(function (label) {
    var option = document.createElement("option");
    option.value = label;
    list.appendChild(option);
  });
  function find(event) {
    event.preventDefault();
    var text = document.getElementById("kg-find-input").value;
    var shown = KG_NODES.filter(function (n) { return shownNode[n.id]; }).sort(function (a, b) {
      return (b.actor - a.actor) || (a.label < b.label ? -1 : a.label > b.label ? 1 : 0);
    });
    var hit = kgFind(shown, text);
    if (!hit) { status.textContent = "no shown node matches"; return; }
    network.selectNodes([hit.id]);
    network.focus(hit.id, {scale: 1.4, animation: false});
    status.textContent = "found: " + hit.label;
    view.found = hit.id;
  }
  document.getElementById("kg-find").addEventListener("submit", find);
  network.on("click", function (params) {
    var id = params.nodes[0] || params.edges[0];
    kgInfo(id === undefined ? null : kgTip.apply(null, KG_TIPS[id]));
  });
  /* Push apart nodes whose boxes (shape and label) overlap, along the smaller overlap, until
     none do (at most 200 rounds; 20 above 200 nodes; not at all above 1,000, where labels are
     too small to read before zooming anyway): the same positions in, the same positions out. */
  function separate() {
    var ids = nodes.getIds(), rounds = ids.length <= 200 ? 200 : ids.length <= 1000 ? 20 : 0;
    if (!rounds) { return; }
    var pos = network.getPositions(ids), box = {}, pad = 6, shifted = {};
    ids.forEach(function (id) {
      var b = network.getBoundingBox(id);
      box[id] = {l: b.left, r: b.right, t: b.top, b: b.bottom};
    });
    function shift(id, dx, dy) {
      pos[id].x += dx; pos[id].y += dy; shifted[id] = true;
      box[id].l += dx; box[id].r += dx; box[id].t += dy; box[id].b += dy;
    }
    for (var round = 0; round < rounds; round++) {
      var moved = false, order = ids.slice().sort(function (a, b) { return box[a].l - box[b].l; });
      for (var i = 0; i < order.length; i++) {
        var a = box[order[i]];
        for (var j = i + 1; j < order.length && box[order[j]].l < a.r + pad; j++) {
          var b = box[order[j]];
          var dx = Math.min(a.r, b.r) - Math.max(a.l, b.l) + pad, dy = Math.min(a.b, b.b) - Math.max(a.t, b.t) + pad;
          if (dx <= 0 || dy <= 0) { continue; }
          if (dy <= dx) {
            var down = (b.t + b.b) >= (a.t + a.b) ? 1 : -1;
            shift(order[i], 0, -down * dy / 2); shift(order[j], 0, down * dy / 2);
          } else {
            var right = (b.l + b.r) >= (a.l + a.r) ? 1 : -1;
            shift(order[i], -right * dx / 2, 0); shift(order[j], right * dx / 2, 0);
          }
          moved = true;
        }
      }
      if (!moved) { break; }
    }
    Object.keys(shifted).forEach(function (id) { network.moveNode(id, pos[id].x, pos[id].y); });
  }
  view.setDay(KG_TIME.all ? null : KG_TIME.start);
  network.once("stabilizationIterationsDone", function () {
    network.setOptions({physics: {enabled: false}});
    separate();
    network.fit();
    network.once("afterDrawing", function () {  /* the nodes' boxes are those drawn: place the edges' labels */
      setTimeout(function () {
        view.laidOut = true;
        placeEdgeLabels();
        network.once("afterDrawing", function () {
          view.ready = true;
          view.readyAt = performance.now();
        });
        network.redraw();
      }, 0);
    });
    network.redraw();
  });
})();
</script>
"""

PREPARE = """
<script>
var KG_POSSIBLY_DASHES = %s, KG_POSSIBLY_OPACITY = %s;
/* Hover tooltips are plain text (vis-network shows them with innerText; a DOM element there
   would be deep-copied node by node); a click shows the same in #kg-info as DOM nodes, where
   each source with an http(s) URL is a link. */
var KG_TIPS = {};
function kgText(head, lines, sources) {
  return [head].concat(lines.filter(function (l) { return l; }),
    sources.length ? ["sources: " + sources.map(function (s) { return s.name; }).join("; ")] : []).join(String.fromCharCode(10));
}
KG_NODES.forEach(function (n) { KG_TIPS[n.id] = [n.label, n.tip, []]; n.title = kgText(n.label, n.tip, []); });
KG_EDGES.forEach(function (e) {
  KG_TIPS[e.id] = [e.tip[0], e.tip.slice(1), e.sources]; e.title = kgText(e.tip[0], e.tip.slice(1), e.sources);
});
</script>
"""
