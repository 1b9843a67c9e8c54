"""Map benchmark: a synthetic news graph -> map.html; time to interactive in headless chromium and file size.

    .venv/bin/python benchmarks/map.py [--nodes 2000] [--edges-per-node 2] [--runs 3] [--max-nodes N] [--out DIR]

"Interactive" = the page's first frame drawn after layout (``window.kgReadyAt``, ms since navigation start),
with every non-file request blocked. Target: <= 5 s at 2,000 nodes.
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import networkx as nx  # noqa: E402
import pyoxigraph as ox  # noqa: E402

from kg.analysis import entity_graph  # noqa: E402
from kg.viz import render_map  # noqa: E402

B = "https://w3id.org/kg-news/"
RDF, RDFS = "http://www.w3.org/1999/02/22-rdf-syntax-ns#", "http://www.w3.org/2000/01/rdf-schema#"
XSD = "http://www.w3.org/2001/XMLSchema#"
TYPES = ["Person", "Organization", "Place", "NationalityOrGroup", "Event", "Product", "Concept"]
PREDICATES = ["meet", "visit", "owner of", "chief executive of", "say", "sue", "invest in", "regulate", "launch"]
INTERACTIONS: list = []  # [search ms, type filter ms] per run
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]


def synthetic_store(n: int, m: int = 2, articles: int = 200, seed: int = 1) -> ox.Store:
    """A scale-free entity graph (Barabasi-Albert) written as kg's RDF model: statements, evidence, dates."""
    nn, lit = ox.NamedNode, ox.Literal
    G = nx.barabasi_albert_graph(n, m, seed=seed)
    quads = []
    ents = [nn(f"{B}entity/{TYPES[i % len(TYPES)].lower()}/e{i}") for i in range(n)]
    for i, e in enumerate(ents):
        g = nn(f"{B}graph/a{i % articles}")
        quads += [ox.Quad(e, nn(RDF + "type"), nn(f"{B}ontology#{TYPES[i % len(TYPES)]}"), g),
                  ox.Quad(e, nn(RDFS + "label"), lit(f"Entity {i}"), g)]
    for k, (u, v) in enumerate(G.edges()):
        a = k % articles
        g, st, p = nn(f"{B}graph/a{a}"), nn(f"{B}statement/s{k}"), PREDICATES[k % len(PREDICATES)]
        pi = nn(f"{B}rel/{p.replace(' ', '_')}")
        text = f"Entity {u} said on Monday that it would {p} Entity {v} after talks in the capital last week."
        quads += [ox.Quad(ents[u], pi, ents[v], g), ox.Quad(st, nn(RDF + "type"), nn(B + "ontology#Statement"), g),
                  ox.Quad(st, nn(RDF + "subject"), ents[u], g), ox.Quad(st, nn(RDF + "predicate"), pi, g),
                  ox.Quad(st, nn(RDF + "object"), ents[v], g),
                  ox.Quad(st, nn(B + "ontology#evidenceText"), lit(text), g),
                  ox.Quad(st, nn(B + "ontology#confidence"), lit(f"{0.5 + (k % 50) / 100}", datatype=nn(XSD + "double")), g),
                  ox.Quad(st, nn(B + "ontology#time"), lit(f"2023-{1 + k % 12:02d}-{1 + k % 28:02d}",
                                                           datatype=nn(XSD + "date")), g),
                  ox.Quad(st, nn("http://www.w3.org/ns/prov#wasDerivedFrom"), nn(f"{B}article/a{a}"), g)]
    for a in range(articles):
        art, g = nn(f"{B}article/a{a}"), nn(f"{B}graph/a{a}")
        quads += [ox.Quad(art, nn(RDF + "type"), nn("https://schema.org/NewsArticle"), g),
                  ox.Quad(art, nn("https://schema.org/headline"), lit(f"Story number {a}"), g)]
    store = ox.Store()
    store.extend(quads)
    return store


def time_to_interactive(path: Path, runs: int) -> list[float]:
    """Milliseconds from navigation start to the first drawn frame, one fresh page per run."""
    from playwright.sync_api import sync_playwright

    out = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", headless=True, args=CHROMIUM_ARGS)
        for _ in range(runs):
            page = browser.new_page(viewport={"width": 1280, "height": 800})
            blocked = []
            page.route("**/*", lambda r: r.continue_() if r.request.url.startswith(("file:", "data:"))
                       else (blocked.append(r.request.url), r.abort()))
            page.goto(path.as_uri())
            page.wait_for_selector('body[data-ready="1"]', state="attached", timeout=120_000)
            out.append(page.evaluate("window.kgReadyAt"))
            INTERACTIONS.append(page.evaluate("""() => {
                const t0 = performance.now(); kgMap.search('Entity 1234');
                const t1 = performance.now(); document.querySelector('.kg-type').checked = false; kgMap.applyFilters();
                const t2 = performance.now(); kgMap.resetFilters(); return [t1 - t0, t2 - t1]; }"""))
            if blocked:
                raise SystemExit(f"the map tried to reach the network: {blocked[:3]}")
            page.close()
        browser.close()
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--nodes", type=int, default=2000)
    ap.add_argument("--edges-per-node", type=int, default=2)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--max-nodes", type=int, default=None, help="cap (default: draw every node)")
    ap.add_argument("--out", default=None, help="folder for map.html (default: a temporary folder)")
    args = ap.parse_args(argv)
    out_dir = Path(args.out or tempfile.mkdtemp(prefix="kg-map-bench-"))
    t0 = time.perf_counter()
    store = synthetic_store(args.nodes, args.edges_per_node)
    t1 = time.perf_counter()
    G = entity_graph(store)
    t2 = time.perf_counter()
    stats = render_map(None, out_dir / "map.html", G=G, max_nodes=args.max_nodes or args.nodes)
    t3 = time.perf_counter()
    tti = time_to_interactive(out_dir / "map.html", args.runs)
    print(f"graph: {G.number_of_nodes()} entities, {G.number_of_edges()} edges ({len(store)} quads, built in "
          f"{t1 - t0:.2f} s)")
    print(f"projection (SPARQL -> networkx): {t2 - t1:.2f} s")
    print(f"render_map: {t3 - t2:.2f} s  drawn {stats['nodes']} nodes / {stats['edges']} edges, layout "
          f"{stats['layout']}, left out {stats['left_out']}")
    print(f"HTML size: {stats['bytes'] / 1e6:.2f} MB  ({out_dir / 'map.html'})")
    print(f"time to interactive in headless chromium: median {statistics.median(tti) / 1000:.2f} s "
          f"(runs: {', '.join(f'{x / 1000:.2f}' for x in tti)}; target <= 5 s)")
    print(f"search: {statistics.median(x[0] for x in INTERACTIONS):.0f} ms, type filter: "
          f"{statistics.median(x[1] for x in INTERACTIONS):.0f} ms (median)")
    return 0 if statistics.median(tti) <= 5000 else 1


if __name__ == "__main__":
    sys.exit(main())
