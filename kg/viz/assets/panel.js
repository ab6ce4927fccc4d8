// diplograph `kg viz` page: the details panel. A click on a node shows its label, class,
// Wikidata link, posts and facts; a click on a link shows its facts; each fact with its
// evidence sentences and documents. Text only through textContent.
(function () {
  "use strict";
  var kg = window.kgViz, data = kg.data, el = kg.el, ui = data.ui;
  var panel = document.getElementById("details"), body = document.getElementById("details-body");
  var typeByKey = {}, classByKey = {};
  data.types.forEach(function (t) { typeByKey[t.key] = t; });
  data.classes.forEach(function (c) { classByKey[c.key] = c; });
  var MAX_FACTS = 60;  // a hub has hundreds; the first ones, then a count

  // The facts of each node, computed once.
  var factsOf = data.nodes.map(function () { return []; });
  data.facts.forEach(function (f, i) {
    new Set(f.src.concat(f.tgt, f.part)).forEach(function (n) { factsOf[n].push(i); });
  });

  function factItem(i) {
    var f = data.facts[i], t = typeByKey[f.type], item = el("div", "fact");
    var what = el("div", "what");
    var sw = el("span", "swatch line");
    sw.style.background = t.color;
    what.append(sw, t.label + ": " + f.text);
    item.appendChild(what);
    f.evidence.forEach(function (s) { item.appendChild(el("div", "ev", "«" + s + "»")); });
    var meta = [kg.dates(f)];
    if (f.docs.length) meta.push(ui.documents + ": " + f.docs.join(", "));
    item.appendChild(el("div", f.own ? "meta" : "meta hollow", meta.join(" · ")));
    return item;
  }
  function factList(title, ids) {
    var box = el("section");
    box.appendChild(el("h3", null, title + " (" + ids.length + ")"));
    ids.slice(0, MAX_FACTS).forEach(function (i) { box.appendChild(factItem(i)); });
    if (ids.length > MAX_FACTS) box.appendChild(el("div", "meta", kg.tr("more", { n: ids.length - MAX_FACTS })));
    return box;
  }
  function open(parts) {
    body.replaceChildren.apply(body, parts);
    panel.hidden = false;
    body.scrollTop = 0;
  }

  function showNode(i) {
    var n = data.nodes[i], parts = [el("h2", null, n.label)];
    parts.push(el("div", "meta", (classByKey[n.kind] || classByKey.Actor).label));
    if (n.wd) {
      var link = el("a", null, "Wikidata: " + n.wd);
      link.href = "https://www.wikidata.org/wiki/" + encodeURIComponent(n.wd);
      link.target = "_blank";
      link.rel = "noopener noreferrer";
      parts.push(el("div", "meta").appendChild(link).parentNode);
    }
    if (n.alt.length) parts.push(el("div", "meta", ui.also + ": " + n.alt.join(", ")));
    var ego = el("button", null, ui.ego_show);
    ego.type = "button";
    ego.addEventListener("click", function () { kg.setEgo(i); });
    parts.push(ego);
    var posts = factsOf[i].filter(function (f) { return data.facts[f].type === "affiliation"; });
    var other = factsOf[i].filter(function (f) { return data.facts[f].type !== "affiliation"; });
    if (posts.length) parts.push(factList(ui.posts, posts));
    if (other.length) parts.push(factList(ui.facts, other));
    open(parts);
  }
  function showEdge(i) {
    var e = data.edges[i], t = typeByKey[e.type];
    open([el("h2", null, data.nodes[e.from].label + (t.directed ? " → " : " — ") + data.nodes[e.to].label),
          el("div", "meta", t.label), factList(ui.facts, e.facts)]);
  }
  kg.network.on("click", function (p) {
    if (p.nodes.length) showNode(p.nodes[0]);
    else if (p.edges.length) showEdge(p.edges[0]);
    else panel.hidden = true;
  });
  document.getElementById("details-close").addEventListener("click", function () { panel.hidden = true; });
  kg.showNode = showNode;
  kg.showEdge = showEdge;
})();
