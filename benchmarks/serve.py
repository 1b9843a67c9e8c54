"""Load test for `kg serve`: a synthetic 1M-triple store, 20 clients, mixed queries, one slow query.

    python benchmarks/serve.py                      # build the store in a temp folder, 20 clients x 30 s
    python benchmarks/serve.py --store /tmp/kg1m    # keep (and reuse) the synthetic store
    python benchmarks/serve.py --clients 5 --seconds 10 --triples 100000

Everything stays on 127.0.0.1; the run is bounded by --seconds (at most 300).
"""
from __future__ import annotations

import argparse
import http.client
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from pathlib import Path
from urllib.parse import urlencode

import pyoxigraph as ox

ENT = "https://w3id.org/kg-news/entity/"
REL = "https://w3id.org/kg-news/rel/"
KG = "https://w3id.org/kg-news/ontology#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
PROV = "http://www.w3.org/ns/prov#"
TYPES = ["Person", "Organization", "Place", "Event", "Product"]
PREDICATES = [f"p{i}" for i in range(40)]
# Cross product of four patterns: never finishes on a 1M-triple store.
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


def synthetic_lines(triples: int, seed: int = 7):
    """N-Quads for a kg-shaped store: entities (3 triples), direct edges, statement nodes (7 triples)."""
    rng = random.Random(seed)
    n_ent = max(100, triples // 10)
    n_edges = triples * 5 // 10
    n_stmt = triples // 5 // 7
    graph = lambda i: f"<https://w3id.org/kg-news/graph/{i % 1000}>"  # noqa: E731
    for i in range(n_ent):
        e, t = f"<{ENT}e{i}>", TYPES[i % len(TYPES)]
        yield f'{e} <{RDF}type> <{KG}{t}> {graph(i)} .\n{e} <{RDFS}label> "Entity {i}" {graph(i)} .\n'
        yield f'{e} <{KG}entityType> "{t.upper()}" {graph(i)} .\n'
    for i in range(n_edges):
        s, o, p = rng.randrange(n_ent), rng.randrange(n_ent), rng.choice(PREDICATES)
        yield f"<{ENT}e{s}> <{REL}{p}> <{ENT}e{o}> {graph(i)} .\n"
    for i in range(n_stmt):
        st, s, o, p = f"<{KG}st{i}>", rng.randrange(n_ent), rng.randrange(n_ent), rng.choice(PREDICATES)
        yield (f"{st} <{RDF}type> <{KG}Statement> {graph(i)} .\n{st} <{RDF}subject> <{ENT}e{s}> {graph(i)} .\n"
               f"{st} <{RDF}predicate> <{REL}{p}> {graph(i)} .\n{st} <{RDF}object> <{ENT}e{o}> {graph(i)} .\n"
               f'{st} <{KG}evidenceText> "Entity {s} met Entity {o} on day {i}." {graph(i)} .\n'
               f'{st} <{KG}confidence> "0.8"^^<http://www.w3.org/2001/XMLSchema#double> {graph(i)} .\n'
               f"{st} <{PROV}wasDerivedFrom> <https://w3id.org/kg-news/article/{i % 1000}> {graph(i)} .\n")


def build_store(folder: Path, triples: int) -> tuple[int, int]:
    """Bulk-load the synthetic data into an Oxigraph folder (reused when already there)."""
    if (folder / "CURRENT").exists():
        store = ox.Store.read_only(str(folder))
        return len(store), store.query("SELECT (COUNT(*) AS ?n) { ?s a ?t }", use_default_graph_as_union=True)
    started = time.perf_counter()
    folder.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile("w", suffix=".nq", delete=False) as out:
        out.writelines(synthetic_lines(triples))
    store = ox.Store(str(folder))
    store.bulk_load(path=out.name, format=ox.RdfFormat.N_QUADS)
    store.flush()
    Path(out.name).unlink()
    print(f"built {len(store):,} quads in {time.perf_counter() - started:.1f} s at {folder}")
    return len(store), 0


def start_server(folder: Path, timeout: float, workers: int) -> tuple[subprocess.Popen, int]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    code = (f"from kg.server import serve; serve({str(folder)!r}, host='127.0.0.1', port={port}, "
            f"timeout={timeout}, workers={workers}, max_rows=10000)")
    proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            status, _ = request(port, "ASK { }")
            if status == 200:
                return proc, port
        except OSError:
            time.sleep(0.2)
    proc.kill()
    raise SystemExit("server did not start")


def request(port: int, query: str, conn: http.client.HTTPConnection | None = None) -> tuple[int, bytes]:
    own = conn is None
    conn = conn or http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    conn.request("GET", "/sparql?" + urlencode({"query": query}),
                 headers={"Accept": "application/sparql-results+json"})
    response = conn.getresponse()
    body = response.read()
    if own:
        conn.close()
    return response.status, body


def mixed_query(rng: random.Random, n_ent: int) -> tuple[str, str]:
    e = f"<{ENT}e{rng.randrange(n_ent)}>"
    roll = rng.random()
    if roll < 0.4:
        return "label", f'SELECT ?e WHERE {{ ?e <{RDFS}label> "Entity {rng.randrange(n_ent)}" }}'
    if roll < 0.75:
        return "1-hop", f"SELECT ?p ?o ?l WHERE {{ {e} ?p ?o . OPTIONAL {{ ?o <{RDFS}label> ?l }} }} LIMIT 100"
    if roll < 0.97:
        return "2-hop", f"SELECT DISTINCT ?z WHERE {{ {e} ?p ?y . ?y ?q ?z . FILTER(isIRI(?z)) }} LIMIT 200"
    return "group-by", f"SELECT ?p (COUNT(*) AS ?n) WHERE {{ ?s ?p ?o }} GROUP BY ?p ORDER BY DESC(?n)"


def client(port: int, stop: float, n_ent: int, seed: int, out: dict) -> None:
    rng, conn = random.Random(seed), http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    while time.monotonic() < stop:
        kind, query = mixed_query(rng, n_ent)
        started = time.perf_counter()
        try:
            status, _ = request(port, query, conn)
        except (OSError, http.client.HTTPException):
            status, conn = -1, http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        out["latency"][kind].append(time.perf_counter() - started)
        if status != 200:
            out["errors"][f"{kind}:{status}"] += 1


def slow_client(port: int, stop: float, out: dict) -> None:
    while time.monotonic() < stop - 1:
        started = time.perf_counter()
        status, body = request(port, SLOW)
        out["slow"].append((status, time.perf_counter() - started, body[:80].decode(errors="replace")))
        time.sleep(1)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else float("nan")


def report(out: dict, seconds: float) -> None:
    total = sum(len(v) for v in out["latency"].values())
    every = [x for v in out["latency"].values() for x in v]
    print(f"\n{total:,} queries in {seconds:.0f} s: {total / seconds:.1f} queries/s, "
          f"errors {sum(out['errors'].values())} {dict(out['errors']) or ''}")
    print(f"{'kind':<9} {'n':>7} {'p50 ms':>8} {'p99 ms':>8} {'mean ms':>8}")
    for kind, values in sorted(out["latency"].items()) + [("all", every)]:
        print(f"{kind:<9} {len(values):>7} {percentile(values, .5) * 1e3:>8.1f} {percentile(values, .99) * 1e3:>8.1f}"
              f" {statistics.fmean(values) * 1e3:>8.1f}")
    for status, took, body in out["slow"]:
        print(f"slow query: HTTP {status} after {took:.2f} s ({body.strip()[:60]}...)")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", type=Path, help="synthetic store folder (built if missing, kept)")
    parser.add_argument("--triples", type=int, default=1_000_000)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--timeout", type=float, default=5.0, help="the server's per-query limit")
    parser.add_argument("--workers", type=int, default=3, help="query worker processes")
    parser.add_argument("--no-slow", action="store_true", help="leave out the slow-query client")
    args = parser.parse_args(argv)
    seconds = min(args.seconds, 300.0)
    folder = args.store or Path(tempfile.mkdtemp(prefix="kg-bench-")) / "store"
    build_store(folder, args.triples)
    n_ent = max(100, args.triples // 10)
    proc, port = start_server(folder, args.timeout, args.workers)
    out = {"latency": defaultdict(list), "errors": defaultdict(int), "slow": []}
    try:
        stop = time.monotonic() + seconds
        threads = [threading.Thread(target=client, args=(port, stop, n_ent, i, out)) for i in range(args.clients)]
        if not args.no_slow:
            threads.append(threading.Thread(target=slow_client, args=(port, stop, out)))
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        proc.terminate()
        proc.wait(15)
    print(f"server: 127.0.0.1:{port}, {args.workers} workers, timeout {args.timeout:g} s; "
          f"{args.clients} clients + 1 slow-query client for {seconds:g} s")
    report(out, seconds)


if __name__ == "__main__":
    main()
