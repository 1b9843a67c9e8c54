"""Store speed on a synthetic graph shaped like kg's output (not a timed test).

Builds ~1M quads of ArticleGraphs (entities, statement nodes with evidence, direct edges,
claims; one named graph per article) and measures, after printing the machine's load average:

* writing them as an N-Quads shard the way ``kg build -o`` does (memory store, then dump),
* ``kg load`` (``KgStore.load``) of that shard into a new on-disk store: the corpus path, with the
  file checked first and new articles bulk-loaded in parallel pieces (target >= 150k triples/s;
  median of 3), and loading it again (every article unchanged, skipped by kg:contentHash),
* for reference, raw pyoxigraph ``bulk_load`` of the same file: one call, and two halves from
  two threads, and in memory,
* ``KgStore.add`` end to end (ArticleGraph -> quads -> store, atomic per batch), the path
  ``kg build --store`` takes: all articles, re-adding a tenth unchanged (skipped by kg:contentHash)
  and changed (every article replaced), and with entity resolution on 200 articles,
* 1-hop neighbour query p50/p95 (target p50 <= 1 ms) and GROUP BY count per predicate
  (target <= 0.5 s, median of 3), on the loaded store and on the one KgStore.add built.

Run: ``.venv/bin/python benchmarks/store.py [--triples 1000000] [--dir /tmp/kg-bench] [--repeat 3]``
"""
from __future__ import annotations

import argparse
from dataclasses import replace
import random
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import pyoxigraph as ox  # noqa: E402

from kg.model import Article, ArticleGraph, Claim, Entity, Evidence, Relation  # noqa: E402
from kg.rdf import article_quads  # noqa: E402
from kg.store import open_store  # noqa: E402

TYPES = ["PERSON"] * 5 + ["ORG"] * 3 + ["GPE", "PRODUCT", "CONCEPT"]
PREDICATES = ["meet", "visit", "chief executive of", "owner of", "say", "based in", "launch", "sue", "regulate",
              "acquire", "minister of", "invest in", "found", "travel to", "ban"] + [f"verb {i}" for i in range(35)]
SENTENCE = "Officials from {a} held talks with {b} on Tuesday about export rules, a spokesperson said."


def synthetic(n_articles: int, n_entities: int, facts: int, seed: int = 7) -> list[ArticleGraph]:
    """Articles whose entities are drawn from one pool (popular ones recur, as in news)."""
    rng = random.Random(seed)
    pool = [(TYPES[i % len(TYPES)], f"Entity {i} {rng.choice(['Smith', 'Chen', 'Corp', 'Lab'])}")
            for i in range(n_entities)]
    out = []
    for a in range(n_articles):
        picks = {min(int(rng.paretovariate(0.6)) - 1, n_entities - 1) if rng.random() < 0.3
                 else rng.randrange(n_entities) for _ in range(facts)}
        ents = [Entity(f"e{i}", pool[k][1], pool[k][0], [pool[k][1].split()[-1]]) for i, k in enumerate(picks)]
        rels = []
        for j in range(facts):
            s, o = rng.sample(ents, 2) if len(ents) > 1 else (ents[0], ents[0])
            text = SENTENCE.format(a=s.name, b=o.name)
            start = j * 120
            rels.append(Relation(s.id, rng.choice(PREDICATES), o.id, round(rng.random(), 3),
                                 Evidence(text, start, start + len(text)),
                                 {"time": f"2023-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}"} if j % 2 else {},
                                 attributed_to=ents[0].id if j % 10 == 0 else None))
        claims = [Claim(ents[0].id, "say", "export rules will tighten", Evidence("They said so.", 0, 13), 0.8)]
        art = Article(text=f"synthetic article {a}", source=f"synthetic/{a}.txt", title=f"Story {a}",
                      published="2023-06-05", metadata={"authors": [f"Reporter {a % 50}"], "publisher": "Wire"})
        out.append(ArticleGraph(art, ents, rels, claims))
    return out


def timed(fn, repeat: int = 1) -> tuple[float, object]:
    """Median wall time of ``repeat`` runs, and the last result."""
    times, result = [], None
    for _ in range(repeat):
        t = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times), result


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--triples", type=int, default=1_000_000)
    p.add_argument("--dir", default=None, help="work folder (default: a temporary one, removed after)")
    p.add_argument("--repeat", type=int, default=3, help="runs per cheap measurement (median reported)")
    args = p.parse_args(argv)
    print(f"uptime: {_uptime()}  (cpus: {os.cpu_count()}, pyoxigraph {ox.__version__})")
    work = Path(args.dir or tempfile.mkdtemp(prefix="kg-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    n_articles = max(1, args.triples // 660)  # ~660 quads per synthetic article
    t, graphs = timed(lambda: synthetic(n_articles, max(100, args.triples // 10), 40))
    print(f"generated {len(graphs)} articles in {t:.1f} s")
    nq = work / "shard.nq"
    t, n = timed(lambda: _write_shard(graphs, nq))
    print(f"shard written as `kg build -o` does (memory store, dump): {n:,} quads in {t:.2f} s = {n / t:,.0f} quads/s")
    _load(work, nq, args.repeat)
    _bulk(work, nq, args.repeat)
    _add(work, graphs)
    print(f"uptime: {_uptime()}")
    if not args.dir:
        shutil.rmtree(work, ignore_errors=True)


def _uptime() -> str:
    try:
        return subprocess.run(["uptime"], capture_output=True, text=True, check=False).stdout.strip()
    except OSError:
        return "load average: %.2f, %.2f, %.2f" % os.getloadavg()


def _write_shard(graphs: list[ArticleGraph], path: Path) -> int:
    with open_store() as memory:
        memory.add(graphs, resolve=False)
        memory.dump(str(path))
        return len(memory)


def _load(work: Path, nq: Path, repeat: int) -> None:
    folder = work / "store-load"
    times, n = [], 0
    for _ in range(repeat):
        shutil.rmtree(folder, ignore_errors=True)
        with open_store(str(folder), create=True) as kg:
            t = time.perf_counter()
            (report,) = kg.load([str(nq)])
            times.append(time.perf_counter() - t)
            n, width = len(kg), kg.load_width
    t = statistics.median(times)
    print(f"kg load (KgStore.load, on disk, file checked then {width} bulk loads at once): {n:,} quads, "
          f"{report.new} new articles in {t:.2f} s = {n / t:,.0f} triples/s "
          f"(median of {repeat}: {', '.join(f'{x:.2f}' for x in times)}; target >= 150,000)")
    with open_store(str(folder)) as kg:
        t = time.perf_counter()
        (report,) = kg.load([str(nq)])
        t = time.perf_counter() - t
        assert len(kg) == n, "loading again changed the quad count"
        print(f"kg load again: {report.unchanged} articles unchanged (kg:contentHash), nothing written, in {t:.2f} s; "
              "quad count unchanged")
    with open_store(str(folder), read_only=True) as kg:
        _queries(kg, "kg load-built store", repeat)


def _fresh(folder: Path) -> ox.Store:
    shutil.rmtree(folder, ignore_errors=True)
    return ox.Store(str(folder))


def _bulk(work: Path, nq: Path, repeat: int) -> None:
    folder = work / "store"
    times, n = [], 0
    for _ in range(repeat):
        store = _fresh(folder)
        t = time.perf_counter()
        store.bulk_load(path=str(nq), format=ox.RdfFormat.N_QUADS)
        times.append(time.perf_counter() - t)
        n = len(store)
        del store
    t = statistics.median(times)
    print(f"raw pyoxigraph bulk_load (on disk, one call): {n:,} quads in {t:.2f} s = {n / t:,.0f} triples/s "
          f"(median of {repeat}: {', '.join(f'{x:.2f}' for x in times)})")
    data = nq.read_bytes()
    cut = data.index(b"\n", len(data) // 2) + 1
    parts = [data[:cut], data[cut:]]
    times = []
    for _ in range(repeat):
        store = _fresh(folder)
        threads = [threading.Thread(target=store.bulk_load, args=(part,), kwargs={"format": ox.RdfFormat.N_QUADS})
                   for part in parts]
        t = time.perf_counter()
        for th in threads:
            th.start()
        for th in threads:
            th.join()
        times.append(time.perf_counter() - t)
        n = len(store)
        del store
    t = statistics.median(times)
    print(f"raw bulk_load (on disk, 2 halves from 2 threads): {n:,} quads in {t:.2f} s = {n / t:,.0f} triples/s "
          f"(median of {repeat}: {', '.join(f'{x:.2f}' for x in times)})")
    del data, parts
    memory = ox.Store()
    t, _ = timed(lambda: memory.bulk_load(path=str(nq), format=ox.RdfFormat.N_QUADS))
    print(f"raw bulk_load (in memory): {len(memory):,} quads in {t:.2f} s = {len(memory) / t:,.0f} triples/s")
    del memory


def _queries(kg, label: str, repeat: int = 3) -> None:
    rng = random.Random(1)
    ents = [r["e"].value for r in kg.query("SELECT DISTINCT ?e WHERE { ?e kg:entityType ?t } LIMIT 20000")]
    samples = []
    for iri in rng.sample(ents, min(1000, len(ents))):
        q = f"SELECT ?p ?n WHERE {{ {{ <{iri}> ?p ?n }} UNION {{ ?n ?p <{iri}> }} }}"
        t = time.perf_counter()
        list(kg.query(q))
        samples.append(time.perf_counter() - t)
    p50 = statistics.median(samples) * 1000
    p95 = sorted(samples)[int(len(samples) * 0.95)] * 1000
    print(f"  1-hop neighbours ({label}): p50 {p50:.3f} ms, p95 {p95:.3f} ms over {len(samples)} entities "
          "(target p50 <= 1 ms)")
    t, rows = timed(lambda: list(kg.query("SELECT ?p (COUNT(*) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?p")), repeat)
    print(f"  GROUP BY predicate ({label}): {t:.3f} s for {len(rows)} predicates (median of {repeat}; "
          "target <= 0.5 s)")


def _add(work: Path, graphs: list[ArticleGraph]) -> None:
    folder = work / "store-add"
    shutil.rmtree(folder, ignore_errors=True)
    with open_store(str(folder), create=True) as kg:
        t, _ = timed(lambda: kg.add(graphs, resolve=False))
        n = len(kg)
        print(f"KgStore.add (on disk, no resolution, batches of 200, 2 bulk loads at once): {len(graphs)} articles, {n:,} quads in "
              f"{t:.2f} s = {n / t:,.0f} triples/s")
        tenth = graphs[: max(1, len(graphs) // 10)]
        m = sum(1 for g in tenth for _ in article_quads(g))
        t, _ = timed(lambda: kg.add(tenth, resolve=False))
        assert len(kg) == n, "re-adding changed the quad count"
        print(f"KgStore.add again, unchanged (kg:contentHash equal, nothing written): {len(tenth)} articles, "
              f"{m:,} quads in {t:.2f} s = {m / t:,.0f} triples/s; quad count unchanged")
        changed = [ArticleGraph(g.article, g.entities, [replace(g.relations[0], confidence=0.123456)]
                                + g.relations[1:], g.claims) for g in tenth]
        t, _ = timed(lambda: kg.add(changed, resolve=False))
        print(f"KgStore.add again, changed (every article replaced, one transaction per batch): {len(tenth)} "
              f"articles, {m:,} quads in {t:.2f} s = {m / t:,.0f} triples/s")
    with open_store(str(folder), read_only=True) as kg:
        _queries(kg, "KgStore.add-built store")
    with open_store(str(work / "store-add-r"), create=True) as kg:
        some = graphs[:200]
        t, _ = timed(lambda: kg.add(some))
        print(f"KgStore.add with entity resolution: {len(some)} articles, {len(kg):,} quads in {t:.2f} s "
              f"= {len(kg) / t:,.0f} triples/s")


if __name__ == "__main__":
    main()
