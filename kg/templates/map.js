/* kg map: search, filters, focus mode and evidence panel over a vis-network graph. No network access. */
(function () {
  "use strict";
  var D = window.KG_DATA;
  var nodes = new vis.DataSet(D.nodes);
  var edges = new vis.DataSet(D.edges);
  var network = new vis.Network(document.getElementById("kg-network"), { nodes: nodes, edges: edges }, D.options);
  var $ = function (id) { return document.getElementById(id); };
  var state = { focus: D.focus, selected: D.focus, pinned: null };

  // Ready = first frame drawn after layout; physics is switched off once stable so nothing keeps moving.
  function ready() {
    if (window.kgReady) return;
    window.kgReady = true;
    window.kgReadyAt = performance.now();
    document.body.setAttribute("data-ready", "1");
  }
  if (D.physics && D.nodes.length) {
    network.once("stabilizationIterationsDone", function () {
      network.setOptions({ physics: { enabled: false } });
      network.once("afterDrawing", ready);
      network.redraw();
    });
  } else {
    network.once("afterDrawing", ready);
  }

  // Tooltips arrive as HTML built from escaped pieces; re-build them from an inert <template> keeping only
  // formatting tags and no attributes, so even a missed escape cannot run code or load anything.
  var ALLOWED = { B: 1, I: 1, EM: 1, STRONG: 1, MARK: 1, BR: 1, DIV: 1, SPAN: 1, SMALL: 1 };
  var CLASSES = { ev: 1, src: 1, more: 1, tag: 1 };
  function clean(from) {
    var out = document.createDocumentFragment();
    Array.prototype.forEach.call(from.childNodes, function (n) {
      if (n.nodeType === 3) { out.appendChild(document.createTextNode(n.data)); return; }
      if (n.nodeType !== 1) return;
      if (!ALLOWED[n.tagName]) { out.appendChild(document.createTextNode(n.textContent)); return; }
      var el = document.createElement(n.tagName);
      var cls = n.getAttribute("class");
      if (cls && CLASSES[cls]) el.className = cls;
      el.appendChild(clean(n));
      out.appendChild(el);
    });
    return out;
  }
  function safeHtml(text) {
    var t = document.createElement("template");
    t.innerHTML = String(text || "");
    return clean(t.content);
  }
  function show(item) {
    var info = $("kg-info");
    if (!item) { info.hidden = true; info.textContent = ""; return; }
    info.textContent = "";
    info.appendChild(safeHtml(item.tip));
    info.hidden = false;
  }
  function pinnedItem() {
    if (!state.pinned) return null;
    return (state.pinned.kind === "node" ? nodes : edges).get(state.pinned.id);
  }
  network.on("hoverNode", function (p) { show(nodes.get(p.node)); });
  network.on("hoverEdge", function (p) { show(edges.get(p.edge)); });
  network.on("blurNode", function () { show(pinnedItem()); });
  network.on("blurEdge", function () { show(pinnedItem()); });
  network.on("click", function (p) {
    if (p.nodes.length) { state.pinned = { kind: "node", id: p.nodes[0] }; state.selected = p.nodes[0]; }
    else if (p.edges.length) state.pinned = { kind: "edge", id: p.edges[0] };
    else state.pinned = null;
    show(pinnedItem());
  });

  // Search: exact name or alias first, then prefix, then substring; ties go to the higher PageRank.
  function norm(s) { return String(s || "").trim().replace(/\s+/g, " ").toLowerCase(); }
  function find(query) {
    var q = norm(query), best = null, bestScore = 0;
    if (!q) return null;
    nodes.forEach(function (n) {
      var score = 0;
      (n.names || []).forEach(function (name) {
        var m = norm(name);
        score = Math.max(score, m === q ? 3 : m.indexOf(q) === 0 ? 2 : m.indexOf(q) >= 0 ? 1 : 0);
      });
      if (score > bestScore || (score && score === bestScore && n.rank > best.rank)) { best = n; bestScore = score; }
    });
    return best;
  }
  function select(id) {
    if (nodes.get(id).hidden) { resetFilters(); }
    state.selected = id;
    state.pinned = { kind: "node", id: id };
    network.selectNodes([id]);
    network.focus(id, { scale: Math.max(network.getScale(), 1.0), animation: false });
    show(nodes.get(id));
  }
  function search(query) {
    var hit = find(query);
    $("kg-status").textContent = hit ? "Found " + hit.names[0] : "No entity matches \u201c" + query + "\u201d";
    if (hit) select(hit.id);
    return hit ? hit.id : null;
  }
  var names = $("kg-names");
  nodes.forEach(function (n) {
    (n.names || []).forEach(function (name) { var o = document.createElement("option"); o.value = name; names.appendChild(o); });
  });

  // Filters: entity types (legend), relation, date range, focus (n hops). Hidden items keep their positions.
  function span(d) {
    if (d.length === 4) return [d + "-01-01", d + "-12-31"];
    if (d.length === 7) return [d + "-01", d + "-31"];
    return [d, d];
  }
  function dateOk(dates, lo, hi) {
    if (!lo && !hi) return true;
    return (dates || []).some(function (d) { var s = span(d); return (!lo || s[1] >= lo) && (!hi || s[0] <= hi); });
  }
  function filters() {
    var hidden = {};
    Array.prototype.forEach.call(document.querySelectorAll(".kg-type"), function (c) { if (!c.checked) hidden[c.value] = 1; });
    return { hiddenTypes: hidden, pred: $("kg-predicate").value, lo: $("kg-since").value, hi: $("kg-until").value,
             hops: Math.max(1, parseInt($("kg-hops").value, 10) || 1) };
  }
  function neighbourhood(start, okEdges, hops) {
    var adj = {}, seen = {}, frontier = [start];
    edges.forEach(function (e) {
      if (!okEdges[e.id]) return;
      (adj[e.from] = adj[e.from] || []).push(e.to);
      (adj[e.to] = adj[e.to] || []).push(e.from);
    });
    seen[start] = 1;
    for (var h = 0; h < hops && frontier.length; h++) {
      var next = [];
      frontier.forEach(function (id) {
        (adj[id] || []).forEach(function (other) { if (!seen[other]) { seen[other] = 1; next.push(other); } });
      });
      frontier = next;
    }
    return seen;
  }
  function applyFilters() {
    var f = filters(), nodeOk = {}, edgeOk = {}, touched = {};
    nodes.forEach(function (n) { nodeOk[n.id] = !f.hiddenTypes[n.kgType]; });
    var edgeFilter = f.pred || f.lo || f.hi;
    edges.forEach(function (e) {
      edgeOk[e.id] = nodeOk[e.from] && nodeOk[e.to] && (!f.pred || e.pred === f.pred) && dateOk(e.dates, f.lo, f.hi);
      if (edgeOk[e.id]) { touched[e.from] = 1; touched[e.to] = 1; }
    });
    if (edgeFilter) nodes.forEach(function (n) { if (!touched[n.id] && n.id !== state.focus) nodeOk[n.id] = false; });
    if (state.focus && nodes.get(state.focus)) {
      var near = neighbourhood(state.focus, edgeOk, f.hops);
      nodes.forEach(function (n) { nodeOk[n.id] = !!near[n.id]; });
    }
    var nodeChanges = [], edgeChanges = [];
    nodes.forEach(function (n) { if (!!n.hidden !== !nodeOk[n.id]) nodeChanges.push({ id: n.id, hidden: !nodeOk[n.id] }); });
    edges.forEach(function (e) {
      var ok = edgeOk[e.id] && nodeOk[e.from] && nodeOk[e.to];
      if (!!e.hidden !== !ok) edgeChanges.push({ id: e.id, hidden: !ok });
    });
    nodes.update(nodeChanges);
    edges.update(edgeChanges);
    var shown = visibleNodeIds().length;
    $("kg-status").textContent = shown + " of " + nodes.length + " entities shown";
    return shown;
  }
  function resetFilters() {
    Array.prototype.forEach.call(document.querySelectorAll(".kg-type"), function (c) { c.checked = true; });
    $("kg-predicate").value = ""; $("kg-since").value = ""; $("kg-until").value = "";
    state.focus = null;
    applyFilters();
  }
  function focusOn(id, hops) {
    if (hops) $("kg-hops").value = hops;
    state.focus = id || state.selected;
    if (!state.focus) { $("kg-status").textContent = "Select or search an entity first"; return 0; }
    var n = applyFilters();
    network.fit({ nodes: visibleNodeIds(), animation: false });
    return n;
  }
  function visibleNodeIds() { return nodes.getIds({ filter: function (n) { return !n.hidden; } }); }
  function visibleEdgeIds() { return edges.getIds({ filter: function (e) { return !e.hidden; } }); }

  $("kg-search-form").addEventListener("submit", function (ev) { ev.preventDefault(); search($("kg-search").value); });
  Array.prototype.forEach.call(document.querySelectorAll(".kg-type"), function (c) { c.addEventListener("change", applyFilters); });
  ["kg-predicate", "kg-since", "kg-until", "kg-hops"].forEach(function (id) { $(id).addEventListener("change", applyFilters); });
  $("kg-focus").addEventListener("click", function () { focusOn(state.selected); });
  $("kg-reset").addEventListener("click", function () {
    resetFilters(); state.pinned = null; network.unselectAll(); show(null); network.fit({ animation: false });
  });
  if (D.focus) { applyFilters(); select(D.focus); }

  // Exposed for tests, benchmarks and the curious: read-only use is safe.
  window.kgMap = { network: network, nodes: nodes, edges: edges, search: search, focusOn: focusOn,
                   applyFilters: applyFilters, resetFilters: resetFilters, visibleNodeIds: visibleNodeIds,
                   visibleEdgeIds: visibleEdgeIds, state: state };
})();
