// diplograph `kg viz` page: draws the embedded graph with vis-network, no network access.
// Positions come precomputed from Python; physics stays off, so nothing moves by itself.
// Text from the graph reaches the page only through textContent (never innerHTML).
// The view is fitted to the window on load and after every filter; panel.js adds the
// details panel shown on click.
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("kg-data").textContent);
  function tr(key, values) {
    return String(data.ui[key]).replace(/\{(\w+)\}/g, function (_, k) { return values[k]; });
  }
  document.querySelectorAll("[data-t]").forEach(function (e) { e.textContent = data.ui[e.getAttribute("data-t")]; });
  document.getElementById("search").placeholder = data.ui.search;
  var typeByKey = {}, classByKey = {};
  data.types.forEach(function (t) { typeByKey[t.key] = t; });
  data.classes.forEach(function (c) { classByKey[c.key] = c; });

  var state = {
    types: new Set(data.types.map(function (t) { return t.key; })),
    classes: new Set(data.classes.map(function (c) { return c.key; })),
    lo: 0, hi: 0, undated: true, ego: null, factless: false
  };

  // Dates on the slider: every distinct day a fact starts on.
  var days = Array.from(new Set(data.facts.map(function (f) { return f.day; })
    .filter(function (d) { return d; }))).sort();
  state.hi = Math.max(days.length - 1, 0);

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }
  function norm(s) { return String(s).toLowerCase().replace(/ё/g, "е").replace(/[«»"']/g, ""); }

  // -- visibility ----------------------------------------------------------------------
  function factVisible(i) {
    var f = data.facts[i];
    if (!state.types.has(f.type)) return false;
    if (!f.day) return state.undated;
    if (!days.length) return true;
    return f.day >= days[state.lo] && f.day <= days[state.hi];
  }
  var edgeOn = new Uint8Array(data.edges.length);
  var nodeOn = new Uint8Array(data.nodes.length);
  var egoSet = null;

  function neighbours(center) {
    var set = new Set([center]);
    data.edges.forEach(function (e, i) {
      if (!baseEdgeOn(i)) return;
      if (e.from === center) set.add(e.to);
      if (e.to === center) set.add(e.from);
    });
    return set;
  }
  function baseEdgeOn(i) {
    var e = data.edges[i];
    if (!state.classes.has(data.nodes[e.from].kind) || !state.classes.has(data.nodes[e.to].kind)) return false;
    return e.facts.some(factVisible);
  }
  function recompute() {
    var deg = new Uint32Array(data.nodes.length);
    egoSet = state.ego === null ? null : neighbours(state.ego);
    data.edges.forEach(function (e, i) {
      var on = baseEdgeOn(i) && (!egoSet || (egoSet.has(e.from) && egoSet.has(e.to)));
      edgeOn[i] = on ? 1 : 0;
      if (on) { deg[e.from]++; deg[e.to]++; }
    });
    data.nodes.forEach(function (n, i) {
      var on = state.classes.has(n.kind) && (n.deg === 0 || deg[i] > 0) && (state.factless || !n.factless);
      if (egoSet) on = egoSet.has(i) && (i === state.ego || deg[i] > 0);
      nodeOn[i] = on ? 1 : 0;
    });
  }

  // -- the network ---------------------------------------------------------------------
  var LABELLED = 80, SMALL = 12, BIG = 18;  // labels at first sight: how many, px on screen
  var maxDeg = data.nodes.reduce(function (m, n) { return Math.max(m, n.deg); }, 1);
  var nodes = new vis.DataSet(data.nodes.map(function (n, i) {
    var c = classByKey[n.kind] || classByKey.Actor;
    return {
      id: i, label: n.label, x: n.x, y: n.y, value: n.deg + 1,
      color: { background: c.color, border: "#555", highlight: { background: c.color, border: "#000" } }
    };
  }));
  var pairCount = {};
  var edges = new vis.DataSet(data.edges.map(function (e, i) {
    var t = typeByKey[e.type];
    var pair = Math.min(e.from, e.to) + ":" + Math.max(e.from, e.to);
    var k = pairCount[pair] = (pairCount[pair] || 0) + 1;
    var item = {
      id: i, from: e.from, to: e.to,
      arrows: t.directed ? "to" : "",
      color: { color: t.color, highlight: t.color, hover: t.color, opacity: 0.85 },
      width: 1 + Math.log2(e.facts.length) * 1.5,
      dashes: e.type === "scheduledTalks"
    };
    if (!data.large) item.smooth = { enabled: true, type: k % 2 ? "curvedCW" : "curvedCCW", roundness: 0.08 * k };
    return item;
  }));
  recompute();
  var nodeView = new vis.DataView(nodes, { filter: function (n) { return nodeOn[n.id] === 1; } });
  var edgeView = new vis.DataView(edges, { filter: function (e) { return edgeOn[e.id] === 1; } });

  var container = document.getElementById("graph");
  var network = new vis.Network(container, { nodes: nodeView, edges: edgeView }, {
    autoResize: true,
    physics: { enabled: false },
    layout: { improvedLayout: false, randomSeed: 1 },
    nodes: {
      shape: "dot",
      // Labels under 11 px on screen are not drawn at all: what shows is readable; zoom for
      // more. Their sizes are set by sizeLabels after each fit.
      scaling: { min: 6, max: 34, label: { enabled: false, drawThreshold: SMALL - 1, maxVisible: 28 } },
      font: { face: "DejaVu Sans, Arial, sans-serif", color: "#111", strokeWidth: 3, strokeColor: "#fff" }
    },
    edges: { smooth: data.large ? false : { enabled: true, type: "curvedCW", roundness: 0.1 },
             arrows: { to: { scaleFactor: 0.6 } }, selectionWidth: 2, hoverWidth: 1.5 },
    interaction: { hover: true, tooltipDelay: 80, hideEdgesOnDrag: data.large,
                   hideEdgesOnZoom: data.large, multiselect: false }
  });
  network.once("afterDrawing", function () {
    document.body.setAttribute("data-ready", "1");
  });

  function visibleIds() {
    var ids = [];
    nodeOn.forEach(function (v, j) { if (v) ids.push(j); });
    return ids;
  }
  // Label sizes (in canvas units) for the scale the fit gave. Best connected first, a
  // visible node gets a label of SMALL to BIG px on screen if that label's box (under the
  // dot, as vis-network draws it) overlaps no label already given; the others get a size
  // under the draw threshold, hidden until one zooms in.
  var measure = document.createElement("canvas").getContext("2d");
  function sizeLabels(ids) {
    var s = network.getScale(), boxes = [], placed = 0;
    var byDeg = ids.slice().sort(function (a, b) { return data.nodes[b].deg - data.nodes[a].deg || a - b; });
    var hi = data.nodes[byDeg[0]].deg, lo = data.nodes[byDeg[Math.min(LABELLED, byDeg.length) - 1]].deg;
    var pos = network.getPositions(byDeg);
    nodes.update(byDeg.map(function (i) {
      var n = data.nodes[i], px = SMALL * 0.7;
      if (placed < LABELLED) {
        var want = hi > lo ? SMALL + (BIG - SMALL) * Math.max(0, n.deg - lo) / (hi - lo) : SMALL;
        measure.font = want + "px DejaVu Sans, Arial, sans-serif";
        var w = measure.measureText(n.label).width, p = network.canvasToDOM(pos[i]);
        var r = network.body.nodes[i] ? network.body.nodes[i].options.size * s : 6;
        var box = [p.x - w / 2 - 4, p.y + r, p.x + w / 2 + 4, p.y + r + want * 1.4];
        var free = boxes.every(function (b) { return box[0] >= b[2] || b[0] >= box[2] || box[1] >= b[3] || b[1] >= box[3]; });
        if (free) { boxes.push(box); placed++; px = want; }
      }
      return { id: i, font: { size: px / s } };
    }));
  }
  function fit() {
    var ids = visibleIds();
    if (!ids.length) return;
    // The fit counts the labels' boxes, and the labels' sizes follow the fit's scale: a few
    // rounds settle both (the boxes keep a margin for what the last fit still changes).
    for (var round = 0; round < 3; round++) {
      network.fit({ nodes: ids, animation: false });
      if (round < 2) sizeLabels(ids);
    }
  }
  function refresh() {
    recompute();
    nodeView.refresh();
    edgeView.refresh();
    var n = 0, m = 0;
    nodeOn.forEach(function (v) { n += v; });
    edgeOn.forEach(function (v) { m += v; });
    document.getElementById("status").textContent =
      tr("status", { n: n, N: data.nodes.length, m: m, M: data.edges.length });
    fit();
  }

  // -- tooltips ------------------------------------------------------------------------
  var tip = document.getElementById("tooltip");
  function showTip(content, pointer) {
    tip.replaceChildren(content);
    var box = container.getBoundingClientRect();
    tip.hidden = false;
    var x = box.left + pointer.x + 14, y = box.top + pointer.y + 14;
    if (x + tip.offsetWidth > window.innerWidth) x = Math.max(0, window.innerWidth - tip.offsetWidth - 4);
    if (y + tip.offsetHeight > window.innerHeight) y = Math.max(0, window.innerHeight - tip.offsetHeight - 4);
    tip.style.left = x + "px";
    tip.style.top = y + "px";
  }
  function dates(f) {
    if (!f.own) return f.day ? f.day + " (" + data.ui.doc_date + ")" : data.ui.no_date;
    return f.end && f.end !== f.start ? f.start + " — " + f.end : f.start;
  }
  function edgeTip(i) {
    var e = data.edges[i], t = typeByKey[e.type];
    var box = el("div");
    box.appendChild(el("div", "head", data.nodes[e.from].label + (t.directed ? " → " : " — ") +
      data.nodes[e.to].label + ": " + t.label));
    var shown = e.facts.filter(factVisible);
    shown.slice(0, 6).forEach(function (fi) {
      var f = data.facts[fi], item = el("div", "fact");
      f.evidence.forEach(function (s) { item.appendChild(el("div", "ev", "«" + s + "»")); });
      var meta = [dates(f)];
      if (f.location) meta.push(data.ui.place + ": " + f.location);
      if (f.role) meta.push(data.ui.role + ": " + f.role);
      if (f.docs.length) meta.push(data.ui.documents + ": " + f.docs.join(", "));
      item.appendChild(el("div", "meta", meta.join(" · ")));
      box.appendChild(item);
    });
    if (shown.length > 6) box.appendChild(el("div", "meta", tr("more", { n: shown.length - 6 })));
    return box;
  }
  function nodeTip(i) {
    var n = data.nodes[i], box = el("div");
    box.appendChild(el("div", "head", n.label));
    box.appendChild(el("div", "meta", (classByKey[n.kind] || classByKey.Actor).label + " · " + data.ui.links + ": " + n.deg));
    if (n.alt.length) box.appendChild(el("div", "meta", data.ui.also + ": " + n.alt.slice(0, 8).join(", ")));
    box.appendChild(el("div", "meta", data.ui.click));
    return box;
  }
  network.on("hoverEdge", function (p) { showTip(edgeTip(p.edge), p.pointer.DOM); });
  network.on("hoverNode", function (p) { showTip(nodeTip(p.node), p.pointer.DOM); });
  network.on("blurEdge", function () { tip.hidden = true; });
  network.on("blurNode", function () { tip.hidden = true; });
  network.on("dragStart", function () { tip.hidden = true; });

  // -- ego network (a button in the details panel, or a double click) -----------------
  function setEgo(i) {
    state.ego = i;
    var box = document.getElementById("ego");
    box.hidden = i === null;
    document.getElementById("ego-name").textContent = i === null ? "" : data.nodes[i].label;
    refresh();
  }
  network.on("doubleClick", function (p) { if (p.nodes.length) setEgo(p.nodes[0]); });
  document.getElementById("ego-reset").addEventListener("click", function () { setEgo(null); });

  // -- the panel: legend with filters, dates, search ------------------------------------
  document.getElementById("title").textContent = data.title;
  function countBy(list, key) {
    var c = {};
    list.forEach(function (x) { c[x[key]] = (c[x[key]] || 0) + 1; });
    return c;
  }
  function legend(boxId, items, set, counts, line) {
    var box = document.getElementById(boxId);
    items.forEach(function (it) {
      if (!counts[it.key]) return;
      var label = el("label", "check"), cb = el("input");
      cb.type = "checkbox"; cb.checked = true; cb.value = it.key;
      cb.addEventListener("change", function () {
        if (cb.checked) set.add(it.key); else set.delete(it.key);
        refresh();
      });
      var sw = el("span", line ? "swatch line" : "swatch");
      sw.style.background = it.color;
      label.append(cb, sw, it.label + " ", el("span", "count", "(" + counts[it.key] + ")"));
      box.appendChild(label);
    });
  }
  legend("types", data.types, state.types, countBy(data.facts, "type"), true);
  legend("classes", data.classes, state.classes, countBy(data.nodes, "kind"), false);
  var factless = data.nodes.filter(function (n) { return n.factless; }).length;
  document.getElementById("factless-count").textContent = "(" + factless + ")";
  document.getElementById("factless").parentNode.hidden = !factless;
  document.getElementById("factless").addEventListener("change", function (ev) {
    state.factless = ev.target.checked;
    refresh();
  });

  var from = document.getElementById("date-from"), to = document.getElementById("date-to");
  if (!days.length) document.getElementById("dates").hidden = true;
  from.max = to.max = String(Math.max(days.length - 1, 0));
  to.value = String(state.hi);
  function dateLabels() {
    document.getElementById("date-from-label").textContent = days[state.lo] || "";
    document.getElementById("date-to-label").textContent = days[state.hi] || "";
  }
  function onRange(which) {
    var a = +from.value, b = +to.value;
    if (a > b) { if (which === "from") to.value = String(b = a); else from.value = String(a = b); }
    state.lo = a; state.hi = b;
    dateLabels();
    refresh();
  }
  from.addEventListener("input", function () { onRange("from"); });
  to.addEventListener("input", function () { onRange("to"); });
  document.getElementById("undated").addEventListener("change", function (ev) {
    state.undated = ev.target.checked;
    refresh();
  });
  dateLabels();

  var search = document.getElementById("search"), info = document.getElementById("search-info");
  var names = data.nodes.map(function (n) { return [n.label].concat(n.alt).map(norm).join("\u0001"); });
  function find(q) {
    var hits = [];
    if (!q) return hits;
    names.forEach(function (s, i) { if (nodeOn[i] && s.indexOf(q) >= 0) hits.push(i); });
    return hits;
  }
  search.addEventListener("input", function () {
    var q = norm(search.value.trim()), hits = find(q);
    network.selectNodes(hits.slice(0, 200));
    info.textContent = q ? tr("found", { n: hits.length }) + (hits.length ? data.ui.enter : "") : "";
  });
  search.addEventListener("keydown", function (ev) {
    if (ev.key !== "Enter") return;
    var hits = find(norm(search.value.trim()));
    if (hits.length === 1) setEgo(hits[0]);
    else if (hits.length) network.fit({ nodes: hits, animation: false });
  });

  refresh();
  window.kgViz = { network: network, data: data, state: state, refresh: refresh, setEgo: setEgo,
                   factVisible: factVisible, dates: dates, el: el, tr: tr, fit: fit };
})();
