// kg explorer: runs the query through /sparql, draws a sortable table, a CSV download and a map.
// Every value from the store is written with textContent or as canvas text, never as HTML.
"use strict";
(function () {
  const ENT = "https://w3id.org/kg-news/entity/";
  const PREFIXES = [["https://w3id.org/kg-news/rel/", "rel:"], [ENT, "ent:"],
    ["https://w3id.org/kg-news/ontology#", "kg:"], ["https://w3id.org/kg-news/article/", "art:"]];
  const $ = (id) => document.getElementById(id);
  let current = { vars: [], rows: [] };
  let sortState = { col: -1, dir: 1 };

  function shortIri(iri) {
    for (const [base, prefix] of PREFIXES) if (iri.startsWith(base)) return prefix + iri.slice(base.length);
    return iri;
  }

  function setStatus(text, isError) {
    $("status").textContent = text;
    $("status").className = isError ? "error" : "";
  }

  async function runQuery() {
    const started = performance.now();
    setStatus("running…");
    $("graph-output").hidden = true;
    let response;
    try {
      response = await fetch("/sparql", {
        method: "POST",
        headers: { "Content-Type": "application/sparql-query",
                   "Accept": "application/sparql-results+json, text/turtle;q=0.5" },
        body: $("query").value,
      });
    } catch (err) { setStatus("request failed: " + err, true); return; }
    const body = await response.text();
    if (!response.ok) { setStatus(response.status + ": " + body, true); return; }
    const seconds = ((performance.now() - started) / 1000).toFixed(2);
    const truncated = response.headers.get("X-KG-Truncated") === "true";
    if ((response.headers.get("Content-Type") || "").startsWith("text/turtle")) {
      showGraph(body); setStatus("graph in " + seconds + " s" + (truncated ? " (truncated)" : ""));
      return;
    }
    showJson(JSON.parse(body));
    setStatus(current.rows.length + " rows in " + seconds + " s" +
      (truncated ? " — truncated at the row limit" : ""), false);
  }

  function showGraph(text) {
    current = { vars: [], rows: [] };
    renderTable();
    $("graph-output").textContent = text;
    $("graph-output").hidden = false;
  }

  function showJson(data) {
    if ("boolean" in data) {
      current = { vars: ["boolean"], rows: [[{ type: "literal", value: String(data.boolean) }]] };
    } else {
      const vars = data.head.vars || [];
      current = { vars: vars, rows: data.results.bindings.map((b) => vars.map((v) => b[v] || null)) };
    }
    sortState = { col: -1, dir: 1 };
    renderTable();
  }

  function renderTable() {
    const head = $("results").tHead, body = $("results").tBodies[0];
    head.replaceChildren(); body.replaceChildren();
    const tr = head.insertRow();
    current.vars.forEach((name, i) => {
      const th = document.createElement("th");
      th.textContent = name;
      if (i === sortState.col) th.className = sortState.dir > 0 ? "asc" : "desc";
      th.addEventListener("click", () => sortBy(i));
      tr.appendChild(th);
    });
    for (const row of current.rows) {
      const r = body.insertRow();
      for (const cell of row) r.appendChild(renderCell(cell));
    }
    $("download-csv").disabled = current.vars.length === 0;
    $("show-map").disabled = entityIris().length === 0;
  }

  function renderCell(cell) {
    const td = document.createElement("td");
    if (!cell) return td;
    if (cell.type === "uri" && cell.value.startsWith(ENT)) {
      const a = document.createElement("a");
      a.href = "/entity/" + cell.value.slice(ENT.length);
      a.textContent = shortIri(cell.value);
      td.appendChild(a);
    } else {
      td.textContent = cell.type === "uri" ? shortIri(cell.value) : cell.value;
    }
    return td;
  }

  function sortKey(cell) { return cell ? cell.value : ""; }

  function sortBy(col) {
    sortState = { col: col, dir: sortState.col === col ? -sortState.dir : 1 };
    const numeric = current.rows.every((r) => !r[col] || r[col].value === "" || !isNaN(Number(r[col].value)));
    current.rows.sort((a, b) => {
      const x = sortKey(a[col]), y = sortKey(b[col]);
      const order = numeric ? Number(x) - Number(y) : x.localeCompare(y);
      return order * sortState.dir;
    });
    renderTable();
  }

  function csvField(text) {
    return /[",\r\n]/.test(text) ? '"' + text.replace(/"/g, '""') + '"' : text;
  }

  function downloadCsv() {
    const lines = [current.vars.map(csvField).join(",")];
    for (const row of current.rows) lines.push(row.map((c) => csvField(c ? c.value : "")).join(","));
    const blob = new Blob([lines.join("\r\n") + "\r\n"], { type: "text/csv" });
    const a = document.createElement("a");
    a.href = URL.createObjectURL(blob);
    a.download = "kg-results.csv";
    document.body.appendChild(a); a.click(); a.remove();
    setTimeout(() => URL.revokeObjectURL(a.href), 1000);
  }

  function entityIris() {
    const seen = new Set();
    for (const row of current.rows) for (const c of row) {
      if (c && c.type === "uri" && c.value.startsWith(ENT)) seen.add(c.value);
    }
    return Array.from(seen);
  }

  async function showMap() {
    $("map-section").hidden = false;
    $("map-note").textContent = "loading…";
    const response = await fetch("/api/subgraph", {
      method: "POST", headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ iris: entityIris() }),
    });
    const data = await response.json();
    if (!response.ok) { $("map-note").textContent = data.error || response.status; return; }
    drawMap(data);
  }

  function textTitle(text) {  // a DOM node, so vis-network shows it as text, never HTML
    const div = document.createElement("div");
    div.textContent = text;
    return div;
  }

  function drawMap(data) {
    const nodes = data.nodes.map((n) => ({ id: n.id, label: n.label, group: n.group,
      title: textTitle(n.label + " (" + n.group + ")"), href: n.href }));
    const edges = data.edges.map((e, i) => ({ id: i, from: e.from, to: e.to, label: e.label, arrows: "to",
      title: textTitle(e.label + ": " + e.evidence + (e.date ? " (" + e.date + ")" : "")) }));
    const options = { layout: { improvedLayout: false }, physics: { stabilization: { iterations: 150 } },
      edges: { font: { size: 10, align: "middle" }, smooth: false }, nodes: { shape: "dot", size: 12 } };
    const network = new vis.Network($("map"), { nodes: new vis.DataSet(nodes), edges: new vis.DataSet(edges) }, options);
    $("map").dataset.drawn = "false";
    network.once("afterDrawing", () => { $("map").dataset.drawn = "true"; });
    network.on("doubleClick", (params) => {
      const node = nodes.find((n) => n.id === params.nodes[0]);
      if (node && node.href) window.location.href = node.href;
    });
    $("map-note").textContent = nodes.length + " entities, " + edges.length + " facts" +
      (data.capped ? " (capped: only the first entities of the result are drawn)" : "") +
      ". Double-click an entity to open its page.";
  }

  document.addEventListener("DOMContentLoaded", () => {
    $("examples").addEventListener("change", (e) => { $("query").value = e.target.value; });
    $("run").addEventListener("click", runQuery);
    $("query").addEventListener("keydown", (e) => { if (e.key === "Enter" && e.ctrlKey) runQuery(); });
    $("download-csv").addEventListener("click", downloadCsv);
    $("show-map").addEventListener("click", showMap);
  });
})();
