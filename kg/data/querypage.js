/* kg serve's query page (built by kg/querypage.py): runs a query or a named query and draws a
   SELECT answer as a table, a map, a network or a timeline, chosen from its columns.
   Every value of an answer reaches the screen through textContent or setAttribute only. */
"use strict";
(function () {
  const queries = JSON.parse(document.getElementById("queries").textContent);
  const DATA = JSON.parse(document.getElementById("kg-data").textContent);
  const NS = "http://www.w3.org/2000/svg", XSD = "http://www.w3.org/2001/XMLSchema#";
  const out = document.getElementById("out"), status = document.getElementById("status");
  const views = document.getElementById("kg-views"), legend = document.getElementById("kg-legend");
  const note = document.getElementById("kg-note");
  const VIEWS = ["table", "map", "network", "timeline"];
  const MAX_NODES = 1500, MAX_LANES = 400;
  const kg = window.kgQuery = {answers: 0, offered: [], chosen: null, view: null, plans: null, data: null};

  function el(tag, text) { const e = document.createElement(tag); if (text !== undefined) { e.textContent = text; } return e; }
  function svgEl(name, attrs, parent) {
    const node = document.createElementNS(NS, name);
    Object.keys(attrs).forEach(k => node.setAttribute(k, attrs[k]));
    if (parent) { parent.appendChild(node); }
    return node;
  }
  function titled(node, text) { svgEl("title", {}, node).textContent = text; return node; }

  /* --- kg.palette.actor_colour: fixed colours, else SHA-256 of the IRI picks one of COLOURS --- */
  const K = [0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2];
  function sha256(text) {  /* the digest of text's UTF-8 bytes, as 8 32-bit words */
    const bytes = Array.from(new TextEncoder().encode(text)), length = bytes.length * 8;
    bytes.push(0x80);
    while (bytes.length % 64 !== 56) { bytes.push(0); }
    for (let i = 7; i >= 0; i--) { bytes.push(i >= 4 ? 0 : (length >>> (8 * i)) & 0xff); }
    const h = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19];
    const w = new Array(64), rot = (x, n) => (x >>> n) | (x << (32 - n));
    for (let at = 0; at < bytes.length; at += 64) {
      for (let t = 0; t < 64; t++) {
        if (t < 16) {
          w[t] = (bytes[at + 4 * t] << 24) | (bytes[at + 4 * t + 1] << 16) | (bytes[at + 4 * t + 2] << 8) | bytes[at + 4 * t + 3];
        } else {
          const s0 = rot(w[t - 15], 7) ^ rot(w[t - 15], 18) ^ (w[t - 15] >>> 3);
          const s1 = rot(w[t - 2], 17) ^ rot(w[t - 2], 19) ^ (w[t - 2] >>> 10);
          w[t] = (w[t - 16] + s0 + w[t - 7] + s1) | 0;
        }
      }
      let [a, b, c, d, e, f, g, k] = h;
      for (let t = 0; t < 64; t++) {
        const t1 = (k + (rot(e, 6) ^ rot(e, 11) ^ rot(e, 25)) + ((e & f) ^ (~e & g)) + K[t] + w[t]) | 0;
        const t2 = ((rot(a, 2) ^ rot(a, 13) ^ rot(a, 22)) + ((a & b) ^ (a & c) ^ (b & c))) | 0;
        k = g; g = f; f = e; e = (d + t1) | 0; d = c; c = b; b = a; a = (t1 + t2) | 0;
      }
      [a, b, c, d, e, f, g, k].forEach((x, i) => { h[i] = (h[i] + x) | 0; });
    }
    return h.map(x => x >>> 0);
  }
  const colour = kg.colour = function (iri) {
    const fixed = DATA.palette.fixed[iri];
    if (fixed) { return fixed; }
    return DATA.palette.colours[sha256(iri)[0] % DATA.palette.colours.length];
  };

  /* --- what the columns hold --- */
  function words(name) { return name.replace(/([a-z0-9])([A-Z])/g, "$1 $2").toLowerCase().split(/[^a-z0-9]+/).filter(Boolean); }
  const NUMERIC = ["integer", "decimal", "double", "float", "int", "long", "short", "nonNegativeInteger", "positiveInteger",
    "negativeInteger", "nonPositiveInteger", "unsignedInt", "unsignedLong", "unsignedShort", "byte", "unsignedByte"].map(t => XSD + t);
  function numberOf(b) {
    if (!b || (b.type !== "literal" && b.type !== "typed-literal")) { return null; }
    if (b.datatype ? NUMERIC.indexOf(b.datatype) < 0 : !/^\s*-?\d+(\.\d+)?\s*$/.test(b.value)) { return null; }
    const n = Number(b.value);
    return Number.isFinite(n) ? n : null;
  }
  const DATE_TYPES = ["date", "dateTime", "dateTimeStamp", "gYear", "gYearMonth"].map(t => XSD + t);
  function dateOf(b) {  /* YYYY-MM-DD, "open" for kg's unbounded 0001-01-01 / 9999-12-31, else null */
    if (!b || (b.type !== "literal" && b.type !== "typed-literal")) { return null; }
    const typed = b.datatype && DATE_TYPES.indexOf(b.datatype) >= 0;
    if (!typed && b.datatype && b.datatype !== XSD + "string") { return null; }
    const m = typed ? /^\s*(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?/.exec(b.value)
                    : /^\s*(\d{4})-(\d{2})-(\d{2})(?:T[\d:.]+(?:Z|[+-]\d{2}:\d{2})?)?\s*$/.exec(b.value);
    if (!m) { return null; }
    if (m[1] === "0001" || m[1] === "9999") { return "open"; }
    return m[1] + "-" + (m[2] || "01") + "-" + (m[3] || "01");
  }
  function pointOf(b) {  /* [lon, lat] of a WKT POINT (GeoSPARQL's default axis order) */
    if (!b || (b.type !== "literal" && b.type !== "typed-literal")) { return null; }
    const m = /^\s*(?:<[^>]*>\s*)?POINT\s*Z?\s*\(\s*([-+\d.eE]+)\s+([-+\d.eE]+)/i.exec(b.value);
    if (!m) { return null; }
    const lon = Number(m[1]), lat = Number(m[2]);
    return Math.abs(lon) <= 180 && Math.abs(lat) <= 90 ? [lon, lat] : null;
  }
  function local(iri) { const m = /[^/#:]+[/#]?$/.exec(iri); return m ? m[0].replace(/[/#]$/, "") : iri; }
  function shown(b) { return !b ? "" : b.type === "uri" ? local(b.value) : b.value; }

  const REL = ["kind", "relation", "predicate", "property", "p", "rel", "role", "qualifier", "how", "tie"];
  const NOT_END = ["type", "kind", "class", "precision", "bound", "qualifier", "role", "datatype", "url", "homepage"];
  const WHO = ["controller", "holder", "actor", "member", "organisation", "organization", "alliance", "group", "other", "party"];
  const ASIDE = ["claimant", "source"];

  function columns(vars, rows) {
    return vars.map((name, index) => {
      const c = {name: name, index: index, words: words(name), n: 0, iri: 0, number: 0, date: 0, wkt: 0, values: new Set()};
      rows.forEach(r => {
        const b = r[name];
        if (!b) { return; }
        c.n++; c.values.add(b.type + " " + b.value);
        if (b.type === "uri" || b.type === "bnode") { c.iri++; }
        if (numberOf(b) !== null) { c.number++; }
        if (dateOf(b)) { c.date++; }
        if (pointOf(b)) { c.wkt++; }
      });
      return c;
    });
  }
  function labelColumn(cols, c) {  /* the label column of the IRI column c: cLabel, cName, cTitle */
    return cols.find(x => x !== c && x.iri < x.n && ["label", "name", "title"].some(s => x.name === c.name + s[0].toUpperCase() + s.slice(1) || x.name === c.name + "_" + s)) || null;
  }
  function isLabel(c) { const last = c.words[c.words.length - 1]; return ["label", "name", "title"].indexOf(last) >= 0 && c.iri < c.n; }

  function mapPlan(cols, rows) {
    const wkt = cols.find(c => c.wkt > 0);
    const lat = cols.find(c => c.number > 0 && c.words.some(w => w === "lat" || w === "latitude"));
    const lon = cols.find(c => c.number > 0 && c.words.some(w => ["long", "lon", "lng", "longitude"].indexOf(w) >= 0));
    const plan = {wkt: wkt || null, lat: wkt ? null : lat || null, lon: wkt ? null : lon || null};
    if (!plan.wkt && !(plan.lat && plan.lon)) { return null; }
    const scale = c => c.words.indexOf("e6") >= 0 ? 1e-6 : 1;
    plan.where = function (r) {
      if (plan.wkt) { return pointOf(r[plan.wkt.name]); }
      const y = numberOf(r[plan.lat.name]), x = numberOf(r[plan.lon.name]);
      if (x === null || y === null) { return null; }
      const p = [x * scale(plan.lon), y * scale(plan.lat)];
      return Math.abs(p[0]) <= 180 && Math.abs(p[1]) <= 90 ? p : null;
    };
    if (!rows.some(r => plan.where(r))) { return null; }
    plan.id = cols.find(c => c.iri > 0) || null;
    return plan;
  }
  function networkPlan(cols, rows) {
    /* the relation: a kind/relation/role... column, else (only to label the edges) a type column */
    const named = cols.find(c => REL.indexOf(c.name.toLowerCase()) >= 0) || null;
    const rel = named || cols.find(c => c.name.toLowerCase() === "type") || null;
    const ends = cols.filter(c => c !== rel && c.iri > 0 && c.iri * 2 >= c.n && !c.words.some(w => NOT_END.indexOf(w) >= 0));
    const aside = c => c.words.some(w => ASIDE.indexOf(w) >= 0);
    /* the two ends: labelled columns first, then the others, claimants and sources last; in column order */
    const order = c => (aside(c) ? 2 : 0) + (labelColumn(cols, c) ? 0 : 1);
    const pair = ends.slice().sort((a, b) => order(a) - order(b) || a.index - b.index).slice(0, 2).sort((a, b) => a.index - b.index);
    if (pair.length < 2) { return null; }
    const plan = {from: pair[0], to: pair[1], fromLabel: labelColumn(cols, pair[0]), toLabel: labelColumn(cols, pair[1]),
                  relation: rel, named: named !== null};
    const nodes = new Set();
    let edges = 0;
    rows.forEach(r => {
      const a = r[plan.from.name], b = r[plan.to.name];
      if (a && b && a.type !== "literal" && b.type !== "literal") { nodes.add(a.value); nodes.add(b.value); edges++; }
    });
    return edges && nodes.size <= MAX_NODES ? plan : null;
  }
  function rank(c) {  /* how much a date column looks like the start of a span */
    const w = c.words;
    if (c.name === "start") { return 0; }
    if (w.indexOf("start") >= 0 || w.indexOf("begin") >= 0) { return 1; }
    if (w.indexOf("from") >= 0) { return 2; }
    if (w.indexOf("date") >= 0 || w.indexOf("day") >= 0) { return 3; }
    return w.some(x => ["end", "until", "to"].indexOf(x) >= 0) ? 9 : 4;
  }
  function timelinePlan(cols, rows) {
    /* date columns, and start/end columns no row binds (a span known only by its end) */
    const dates = cols.filter(c => (c.date > 0 && c.date * 2 >= c.n) || (c.n === 0 && rank(c) < 4));
    if (!dates.length) { return null; }
    /* the start: by its name (start, begin, from, date), a column with one value for every row
       (such as a query's day parameter) after one that varies; the end: the start's name with
       start/begin made end, or from made until/to */
    const constant = c => c.values.size === 1 && rows.length > 1 ? 1 : 0;
    const start = dates.slice().sort((a, b) => rank(a) - rank(b) || constant(a) - constant(b) || a.index - b.index)[0];
    const ends = [["Start", "End"], ["start", "end"], ["Begin", "End"], ["begin", "end"], ["From", "Until"], ["From", "To"],
                  ["from", "until"], ["from", "to"]].map(s => start.name.replace(s[0], s[1])).filter(n => n !== start.name);
    const end = dates.find(c => ends.indexOf(c.name) >= 0) || null;
    const plan = {start: start, end: end};
    return rows.some(r => spanOf(plan, r)) ? plan : null;
  }
  function spanOf(plan, r) {  /* [from, until] (either may be null, not both) */
    const a = dateOf(r[plan.start.name]), b = plan.end ? dateOf(r[plan.end.name]) : null;
    const from = a && a !== "open" ? a : null, until = b && b !== "open" ? b : null;
    if (!from && !until) { return null; }
    return from && until && until < from ? [from, from] : [from, until];
  }
  function whoColumn(cols, except) {  /* the column whose IRI colours a mark */
    const iris = cols.filter(c => c.iri > 0 && except.indexOf(c) < 0 && !c.words.some(w => NOT_END.indexOf(w) >= 0));
    return iris.find(c => c.words.some(w => WHO.indexOf(w) >= 0) && c.values.size > 1) ||
           iris.find(c => c.words.some(w => WHO.indexOf(w) >= 0)) || null;
  }
  function laneText(cols, r) {  /* up to two varying label columns, not claimants or sources */
    const names = cols.filter(c => isLabel(c) && c.values.size > 1 && !c.words.some(w => ASIDE.indexOf(w) >= 0));
    const text = names.slice(0, 2).map(c => r[c.name] ? r[c.name].value : "").filter(Boolean).join(" · ");
    if (text) { return text; }
    const any = cols.find(c => c.values.size > 1 && c.date === 0 && r[c.name]);
    return any ? shown(r[any.name]) : "";
  }

  /* which views fit the answer, and the one drawn first */
  const plan = kg.plan = function (data) {
    const vars = data.head.vars || [], rows = data.results.bindings, cols = columns(vars, rows);
    const plans = {table: {}, map: mapPlan(cols, rows), network: networkPlan(cols, rows), timeline: timelinePlan(cols, rows)};
    plans.cols = cols;
    const net = plans.network, strong = net && net.named && net.fromLabel && net.toLabel;
    plans.chosen = plans.map ? "map" : strong ? "network" : plans.timeline ? "timeline" : net ? "network" : "table";
    return plans;
  };

  /* --- drawing --- */
  function key(text, fill) {
    const k = el("span"), s = el("span");
    k.className = "kg-key"; s.className = "kg-swatch";
    s.style.background = fill;
    k.setAttribute("data-colour", fill);
    k.append(s, document.createTextNode(text));
    legend.append(k);
  }
  function keys(entries) {  /* entries: Map label -> colour */
    const list = Array.from(entries).sort((a, b) => a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);
    list.slice(0, 40).forEach(e => key(e[0], e[1]));
    if (list.length > 40) { legend.append(document.createTextNode("and " + (list.length - 40) + " more")); }
  }
  function drawing(cls, width, height) {
    return svgEl("svg", {"class": "kg-drawing " + cls, viewBox: "0 0 " + width + " " + height, role: "img"});
  }
  function drawTable(data) {
    const table = el("table"), head = el("tr"), vars = data.head.vars || [];
    vars.forEach(v => head.append(el("th", v)));
    table.append(head);
    data.results.bindings.forEach(b => {
      const tr = el("tr");
      vars.forEach(v => tr.append(el("td", b[v] ? b[v].value : "")));
      table.append(tr);
    });
    out.append(table);
    return table.querySelectorAll("tr").length - 1;
  }
  function drawMap(data, p) {
    const rows = data.results.bindings, cols = kg.plans.cols, who = whoColumn(cols, p.id ? [p.id] : []);
    const marks = new Map();
    rows.forEach(r => {
      const at = p.where(r);
      if (!at) { return; }
      const id = (p.id && r[p.id.name] ? r[p.id.name].value : "") + " " + at.join(",");
      const mark = marks.get(id) || {at: at, labels: new Set(), who: new Map(), lines: new Set()};
      const label = p.id ? labelColumn(cols, p.id) : null;
      mark.labels.add(label && r[label.name] ? r[label.name].value : laneText(cols, r) || (p.id && r[p.id.name] ? shown(r[p.id.name]) : ""));
      if (who && r[who.name]) {
        const wl = labelColumn(cols, who);
        mark.who.set(r[who.name].value, wl && r[wl.name] ? r[wl.name].value : shown(r[who.name]));
      }
      marks.set(id, mark);
    });
    const list = Array.from(marks.values()), lons = list.map(m => m.at[0]), lats = list.map(m => m.at[1]);
    const mid = (Math.min(...lats) + Math.max(...lats)) / 2, k = Math.max(0.2, Math.cos(mid * Math.PI / 180));
    let x0 = Math.min(...lons) * k, x1 = Math.max(...lons) * k, y0 = -Math.max(...lats), y1 = -Math.min(...lats);
    const pad = Math.max(0.3, (x1 - x0) * 0.1, (y1 - y0) * 0.1);
    x0 -= pad; x1 += pad; y0 -= pad; y1 += pad;
    const width = 960, height = 560, s = Math.min(width / (x1 - x0), height / (y1 - y0));
    const ox = (width - (x1 - x0) * s) / 2 - x0 * s, oy = (height - (y1 - y0) * s) / 2 - y0 * s;
    const svg = drawing("kg-map", width, height);
    const base = svgEl("g", {transform: "translate(" + ox + " " + oy + ") scale(" + (s * k) + " " + s + ")"}, svg);
    DATA.basemap.forEach(c => titled(svgEl("path", {d: c.d, "class": "kg-country", "data-name": c.name}, base), c.name));
    const dots = svgEl("g", {}, svg), names = svgEl("g", {}, svg), colours = new Map();
    list.forEach(m => {
      const x = ox + m.at[0] * k * s, y = oy - m.at[1] * s, holders = Array.from(m.who.keys());
      const fill = holders.length ? colour(holders[0]) : "#1f77b4";
      m.who.forEach((label, iri) => colours.set(label, colour(iri)));
      const dot = svgEl("circle", {cx: x.toFixed(2), cy: y.toFixed(2), r: 6, fill: fill, stroke: holders.length > 1 ? "#000" : "#333",
                                    "stroke-width": holders.length > 1 ? 2.5 : 1, "class": "kg-mark"}, dots);
      const text = Array.from(m.labels).filter(Boolean).join("; ");
      titled(dot, text + " (" + m.at[1] + ", " + m.at[0] + ")" + (m.who.size ? "\n" + Array.from(m.who.values()).join("; ") : ""));
      if (list.length <= 300 && text) { svgEl("text", {x: (x + 8).toFixed(2), y: (y + 4).toFixed(2), "class": "kg-label"}, names).textContent = text; }
    });
    keys(colours);
    out.append(svg);
    note.textContent = list.length + " places from " + rows.length + " rows" + (who ? ", coloured by ?" + who.name : "");
    return list.length;
  }
  function drawNetwork(data, p) {
    const rows = data.results.bindings, nodes = new Map(), edges = new Map();
    function node(b, labelCol, r) {
      const n = nodes.get(b.value) || {id: b.value, label: "", degree: 0, x: 0, y: 0};
      if (!n.label) { n.label = labelCol && r[labelCol.name] ? r[labelCol.name].value : ""; }
      nodes.set(b.value, n);
      return n;
    }
    rows.forEach(r => {
      const a = r[p.from.name], b = r[p.to.name];
      if (!a || !b || a.type === "literal" || b.type === "literal") { return; }
      const from = node(a, p.fromLabel, r), to = node(b, p.toLabel, r), rel = p.relation && r[p.relation.name] ? shown(r[p.relation.name]) : "";
      const id = from.id + "\u0000" + to.id + "\u0000" + rel;
      if (!edges.has(id)) { edges.set(id, {from: from, to: to, relation: rel}); from.degree++; to.degree++; }
    });
    const list = Array.from(nodes.values()).sort((a, b) => a.id < b.id ? -1 : 1), n = list.length, links = Array.from(edges.values());
    list.forEach((v, i) => { v.x = Math.cos(2 * Math.PI * i / n) * 300; v.y = Math.sin(2 * Math.PI * i / n) * 300; });
    /* Fruchterman-Reingold from a circle: deterministic, a bounded number of rounds */
    const area = 900 * 520, kk = Math.sqrt(area / Math.max(1, n)), rounds = Math.max(30, Math.min(300, Math.floor(4e6 / (n * n + 1))));
    for (let round = 0; round < rounds; round++) {
      const t = 60 * (1 - round / rounds) + 1;
      list.forEach(v => { v.dx = 0; v.dy = 0; });
      for (let i = 0; i < n; i++) {
        for (let j = i + 1; j < n; j++) {
          const a = list[i], b = list[j];
          let dx = a.x - b.x, dy = a.y - b.y, d = Math.hypot(dx, dy);
          if (d < 0.01) { dx = 0.01 * (i - j); dy = 0.01; d = Math.hypot(dx, dy); }
          const f = kk * kk / d;
          a.dx += dx / d * f; a.dy += dy / d * f; b.dx -= dx / d * f; b.dy -= dy / d * f;
        }
      }
      links.forEach(e => {
        const dx = e.from.x - e.to.x, dy = e.from.y - e.to.y, d = Math.max(0.01, Math.hypot(dx, dy)), f = d * d / kk;
        e.from.dx -= dx / d * f; e.from.dy -= dy / d * f; e.to.dx += dx / d * f; e.to.dy += dy / d * f;
      });
      list.forEach(v => {
        const d = Math.max(0.01, Math.hypot(v.dx, v.dy)), step = Math.min(d, t);
        v.x += v.dx / d * step - v.x * 0.05; v.y += v.dy / d * step - v.y * 0.05;  /* a pull to the middle keeps components near */
      });
    }
    const xs = list.map(v => v.x), ys = list.map(v => v.y), width = 960, height = 560, m = 60;
    /* fill the frame: each axis scaled on its own, at most twice the other */
    const x0 = Math.min(...xs), y0 = Math.min(...ys);
    let fx = (width - 2 * m - 120) / Math.max(1, Math.max(...xs) - x0), fy = (height - 2 * m) / Math.max(1, Math.max(...ys) - y0);
    fx = Math.min(fx, 2 * fy); fy = Math.min(fy, 2 * fx);
    list.forEach(v => { v.sx = m + (v.x - x0) * fx; v.sy = m + (v.y - y0) * fy; });
    const svg = drawing("kg-network", width, height), defs = svgEl("defs", {}, svg);
    const arrow = svgEl("marker", {id: "kg-arrow", viewBox: "0 0 10 10", refX: 17, refY: 5, markerWidth: 7, markerHeight: 7, orient: "auto-start-reverse"}, defs);
    svgEl("path", {d: "M0,0L10,5L0,10Z", fill: "#888"}, arrow);
    const lines = svgEl("g", {}, svg), dots = svgEl("g", {}, svg), names = svgEl("g", {}, svg), colours = new Map();
    links.forEach(e => {
      const line = svgEl("line", {x1: e.from.sx.toFixed(2), y1: e.from.sy.toFixed(2), x2: e.to.sx.toFixed(2), y2: e.to.sy.toFixed(2),
                                  "class": "kg-edge", "marker-end": "url(#kg-arrow)"}, lines);
      titled(line, (e.from.label || local(e.from.id)) + " → " + (e.relation ? e.relation + " → " : "") + (e.to.label || local(e.to.id)));
    });
    list.forEach(v => {
      const fill = colour(v.id), r = 5 + Math.min(8, Math.sqrt(v.degree) * 2);
      colours.set(v.label || local(v.id), fill);
      titled(svgEl("circle", {cx: v.sx.toFixed(2), cy: v.sy.toFixed(2), r: r.toFixed(1), fill: fill, stroke: "#333", "class": "kg-node"}, dots), (v.label ? v.label + "\n" : "") + v.id);
      if (n <= 300) { svgEl("text", {x: (v.sx + r + 2).toFixed(2), y: (v.sy + 4).toFixed(2), "class": "kg-label"}, names).textContent = v.label || local(v.id); }
    });
    keys(colours);
    out.append(svg);
    /* edge labels where they cross no node, no name and no other edge label (the rest: hover the edge) */
    const taken = Array.from(names.childNodes).map(t => t.getBBox()).concat(list.map(v => ({x: v.sx - 8, y: v.sy - 8, width: 16, height: 16})));
    const crosses = (a, b) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
    links.forEach(e => {
      if (!e.relation || links.length > 200) { return; }
      const t = svgEl("text", {x: ((e.from.sx + e.to.sx) / 2).toFixed(2), y: ((e.from.sy + e.to.sy) / 2 + 3).toFixed(2),
                                "text-anchor": "middle", "class": "kg-edge-label"}, lines);
      t.textContent = e.relation;
      const box = t.getBBox();
      if (taken.some(b => crosses(box, b))) { t.remove(); } else { taken.push(box); }
    });
    note.textContent = n + " nodes and " + links.length + " edges: ?" + p.from.name + " → ?" + p.to.name + (p.relation ? " by ?" + p.relation.name : "");
    return n;
  }
  function dayNumber(day) { return Date.parse(day + "T00:00:00Z") / 86400000; }
  function drawTimeline(data, p) {
    const rows = data.results.bindings, cols = kg.plans.cols, who = whoColumn(cols, []), lanes = new Map();
    const whoLabel = who ? labelColumn(cols, who) : null;
    rows.forEach(r => {
      const span = spanOf(p, r);
      if (!span) { return; }
      const text = laneText(cols, r), id = text + "\u0000" + span.join(" ");
      if (!lanes.has(id)) {
        lanes.set(id, {text: text, span: span, who: who && r[who.name] ? r[who.name].value : null,
                       whoText: who && r[who.name] ? (whoLabel && r[whoLabel.name] ? r[whoLabel.name].value : shown(r[who.name])) : ""});
      }
    });
    const list = Array.from(lanes.values()).sort((a, b) => {
      const x = a.span[0] || a.span[1], y = b.span[0] || b.span[1];
      return x < y ? -1 : x > y ? 1 : 0;
    }).slice(0, MAX_LANES);
    const days = [].concat(...list.map(l => l.span.filter(Boolean)));
    let first = days.reduce((a, b) => a < b ? a : b), last = days.reduce((a, b) => a > b ? a : b);
    let y0 = Number(first.slice(0, 4)), y1 = Number(last.slice(0, 4)) + 1;
    const lo = dayNumber(String(y0).padStart(4, "0") + "-01-01"), hi = dayNumber(String(y1).padStart(4, "0") + "-01-01");
    const width = 960, left = 260, right = 20, lane = 18, top = 30, height = top + lane * list.length + 20;
    const x = day => left + (dayNumber(day) - lo) / (hi - lo) * (width - left - right);
    const svg = drawing("kg-timeline", width, height);
    svg.style.height = height + "px";
    const axis = svgEl("g", {}, svg), step = Math.max(1, Math.ceil((y1 - y0) / 12));
    for (let y = y0; y <= y1; y += step) {
      const day = String(y).padStart(4, "0") + "-01-01", at = x(day).toFixed(2);
      svgEl("line", {x1: at, x2: at, y1: top - 6, y2: height - 10, "class": "kg-axis"}, axis);
      svgEl("text", {x: at, y: top - 10, "text-anchor": "middle", "class": "kg-tick"}, axis).textContent = String(y);
    }
    const colours = new Map();
    list.forEach((l, i) => {
      const y = top + i * lane, fill = l.who ? colour(l.who) : "#1f77b4", g = svgEl("g", {"class": "kg-lane"}, svg);
      if (l.who) { colours.set(l.whoText, fill); }
      svgEl("text", {x: left - 6, y: y + lane - 5, "text-anchor": "end", "class": "kg-label"}, g).textContent =
        l.text.length > 40 ? l.text.slice(0, 39) + "…" : l.text;
      const from = l.span[0], until = l.span[1], when = (from || "?") + " – " + (until || (p.end ? "?" : ""));
      let mark;
      if (from && (until ? until > from : p.end)) {  /* a span; with no end where the answer has an end column: to the axis' end, faded */
        const a = x(from), b = until ? x(until) : width - right;
        mark = svgEl("rect", {x: a.toFixed(2), y: y + 3, width: Math.max(2, b - a).toFixed(2), height: lane - 6, fill: fill,
                              "fill-opacity": until ? 1 : 0.45, "class": "kg-bar"}, g);
      } else {
        mark = svgEl("circle", {cx: x(from || until).toFixed(2), cy: y + lane / 2, r: 5, fill: from ? fill : "#ffffff", stroke: fill,
                                "stroke-width": 2, "class": "kg-point"}, g);
      }
      titled(mark, l.text + "\n" + when + (l.whoText ? "\n" + l.whoText : ""));
    });
    keys(colours);
    out.append(svg);
    note.textContent = list.length + " spans from " + rows.length + " rows: ?" + p.start.name + (p.end ? " to ?" + p.end.name : "") +
      (lanes.size > list.length ? " (the first " + MAX_LANES + ")" : "");
    return list.length;
  }
  const DRAW = {table: drawTable, map: drawMap, network: drawNetwork, timeline: drawTimeline};
  const show = kg.show = function (view) {
    out.replaceChildren(); legend.replaceChildren(); note.textContent = "";
    kg.view = view;
    kg.drawn = DRAW[view](kg.data, kg.plans[view]);
    out.prepend(el("p", kg.data.results.bindings.length + " rows"));
    views.querySelectorAll("button").forEach(b => b.setAttribute("aria-pressed", String(b.value === view)));
  };
  function draw(data) {
    kg.data = data; kg.plans = plan(data);
    kg.offered = VIEWS.filter(v => kg.plans[v]);
    kg.chosen = kg.plans.chosen;
    views.replaceChildren();
    if (kg.offered.length > 1) {
      views.append(document.createTextNode("Draw as: "));
      kg.offered.forEach(v => {
        const b = el("button", v);
        b.type = "button"; b.value = v;
        b.addEventListener("click", () => show(v));
        views.append(b);
      });
    }
    show(kg.chosen);
  }

  /* --- running queries --- */
  function answer(response, text) {
    status.textContent = response.status + " " + response.statusText;
    out.replaceChildren(); legend.replaceChildren(); views.replaceChildren(); note.textContent = "";
    kg.offered = []; kg.chosen = null; kg.view = null;
    const type = response.headers.get("Content-Type") || "";
    if (response.ok && type.startsWith("application/sparql-results+json")) {
      const data = JSON.parse(text);
      if ("boolean" in data) { out.append(el("pre", String(data.boolean))); } else { draw(data); }
    } else { out.append(el("pre", text)); }
  }
  async function call(url, options) {
    status.textContent = "running...";
    try { const r = await fetch(url, options); answer(r, await r.text()); }
    catch (e) { status.textContent = "failed: " + e; }
    kg.answers++;
  }
  document.getElementById("form").addEventListener("submit", e => {
    e.preventDefault();
    call("sparql", {method: "POST", body: document.getElementById("query").value,
      headers: {"Content-Type": "application/sparql-query", "Accept": document.getElementById("accept").value}});
  });
  const list = document.getElementById("named");
  queries.forEach(q => {
    const li = el("li"), form = el("form"), edit = el("button", "edit"), run = el("button", "run"), desc = el("span", q.description);
    edit.type = "button"; desc.className = "desc";
    form.setAttribute("data-query", q.name);
    edit.addEventListener("click", () => { document.getElementById("query").value = q.text; });
    form.append(el("code", q.name), " ", desc, " ");
    q.params.forEach(p => {
      const i = el("input");
      i.name = p.name; i.placeholder = p.name + " (" + p.type + (p.optional ? ", optional" : "") + ")"; i.title = p.description;
      form.append(i, " ");
    });
    form.append(run, " ", edit);
    form.addEventListener("submit", e => {
      e.preventDefault();
      const params = new URLSearchParams();
      form.querySelectorAll("input").forEach(i => { if (i.value) { params.append(i.name, i.value); } });
      call("queries/" + encodeURIComponent(q.name) + "?" + params, {headers: {"Accept": "application/sparql-results+json"}});
    });
    li.append(form);
    list.append(li);
  });
  kg.ready = true;
})();
