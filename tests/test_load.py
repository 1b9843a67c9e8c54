"""kg.load / `kg load`: shards written by kg go into a store as they were built, idempotently."""
from __future__ import annotations

import textwrap
from dataclasses import replace
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.errors import InputError, StoreError
from kg.load import split_at_graphs
from kg.store import open_store
from crash import run_and_kill
from test_rdf import musk_graph, other_graph

ROOT = Path(__file__).resolve().parent.parent


def shard(path, graphs, fmt=None):
    """What `kg build -o` writes: the graphs added to a memory store, dumped."""
    with open_store() as memory:
        memory.add(graphs)
        memory.dump(str(path), fmt)
    return str(path)


def many(n, start=0):
    return [musk_graph(text=f"Article number {i} about Elon Musk meeting Ding Xuexiang.") for i in range(start, start + n)]


def test_load_gives_the_store_the_shards_content(tmp_path):
    a = shard(tmp_path / "a.nq", [musk_graph()])
    b = shard(tmp_path / "b.trig", [other_graph()])
    with open_store(str(tmp_path / "s"), create=True) as store:
        reports = store.load([a, b])
        assert [(r.new, r.replaced, r.unchanged) for r in reports] == [(1, 0, 0), (1, 0, 0)]
        loaded = store.stats()
        in_store = set(store.store)
    in_files = {q for f, fmt in ((a, ox.RdfFormat.N_QUADS), (b, ox.RdfFormat.TRIG)) for q in ox.parse(path=f, format=fmt)}
    assert in_store == in_files  # as built: entities are not re-resolved across shards
    assert loaded["articles"] == 2 and loaded["statements"] == 6 and loaded["claims"] == 1


def test_loading_twice_changes_nothing(tmp_path):
    a = shard(tmp_path / "a.nq", [musk_graph(), other_graph()])
    with open_store(str(tmp_path / "s"), create=True) as store:
        store.load([a])
        first = store.stats()
        (again,) = store.load([a])
        assert (again.new, again.replaced, again.unchanged) == (0, 0, 2)
        assert store.stats() == first


def test_changed_article_is_replaced_not_mixed(tmp_path):
    ag = musk_graph()
    old = shard(tmp_path / "old.nq", [ag])
    new = shard(tmp_path / "new.nq", [replace(ag, relations=ag.relations[:1], claims=[])])
    with open_store(str(tmp_path / "s"), create=True) as store:
        store.load([old])
        (r,) = store.load([new])
        assert (r.new, r.replaced, r.unchanged) == (0, 1, 0)
        s = store.stats()
    assert s["articles"] == 1 and s["statements"] == 1 and s["claims"] == 0


def test_big_shard_goes_in_by_parallel_bulk_loads_whole_articles(tmp_path):
    """Above the bulk threshold the file is cut between graphs and the pieces loaded at once."""
    path = shard(tmp_path / "big.nq", many(400))
    assert len(split_at_graphs(open(path, "rb").read(), 3)) == 3
    with open_store(str(tmp_path / "s"), create=True) as store:
        (r,) = store.load([path])
        s = store.stats()
        assert r.new == 400 and s["articles"] == 400 and s["claims"] == 400 and s["statements"] == 4 * 400
        assert s["quads"] == r.quads
    assert not list((tmp_path / "s").glob("bulk-*.sst"))


def test_a_bad_file_changes_nothing(tmp_path):
    good = shard(tmp_path / "a.nq", [musk_graph()])
    bad = tmp_path / "b.nq"
    bad.write_text('<urn:a> <urn:p> "unterminated <urn:g> .\n', encoding="utf-8")
    with open_store(str(tmp_path / "s"), create=True) as store:
        with pytest.raises(StoreError, match=r"E020.*b\.nq"):
            store.load([good, str(bad)])
        assert len(store) == 0
        ttl = tmp_path / "x.ttl"
        ttl.write_text("", encoding="utf-8")
        with pytest.raises(InputError, match="E025"):
            store.load([str(ttl)])
        with pytest.raises(InputError, match="E001"):
            store.load([str(tmp_path / "missing.nq")])


def test_read_only_store_refuses_load(tmp_path):
    a = shard(tmp_path / "a.nq", [musk_graph()])
    with open_store(str(tmp_path / "s"), create=True):
        pass
    with open_store(str(tmp_path / "s"), read_only=True) as store:
        with pytest.raises(StoreError, match="E201"):
            store.load([a])


def test_split_keeps_each_graph_in_one_piece():
    lines = []
    for g in range(7):
        lines += [f'<urn:s{i}> <urn:p> "{g} {i}" <urn:g{g}> .' for i in range(g + 1)]
        lines += ["", "# between graphs"]
    data = ("\n".join(lines) + "\n").encode()
    for parts in (1, 2, 3, 5, 20):
        pieces = split_at_graphs(data, parts)
        assert b"".join(pieces) == data
        assert 1 <= len(pieces) <= min(parts, 7)
        owners = {}
        for k, piece in enumerate(pieces):
            for quad in ox.parse(piece, format=ox.RdfFormat.N_QUADS):
                assert owners.setdefault(quad.graph_name.value, k) == k


def test_cli_load(kg_run, tmp_path):
    a = shard(tmp_path / "a.nq", [musk_graph(), other_graph()])
    r = kg_run("load", a, "--store", str(tmp_path / "s"))
    assert r.status == 0, r.err
    assert "1 file, " in r.out and "2 new, 0 replaced, 0 unchanged articles" in r.out
    r = kg_run("load", a, "--store", str(tmp_path / "s"))
    assert "0 new, 0 replaced, 2 unchanged articles" in r.out


def test_cli_load_bad_file_creates_no_store(kg_run, tmp_path):
    bad = tmp_path / "b.nq"
    bad.write_text("not rdf\n", encoding="utf-8")
    r = kg_run("load", str(bad), "--store", str(tmp_path / "s"))
    assert r.status == 1 and r.err.startswith("kg: error: [E020]") and len(r.err.splitlines()) == 1
    assert not (tmp_path / "s").exists()


_KILLED_LOAD = textwrap.dedent("""
    from kg.store import open_store
    store = open_store({path!r}, create=True)
    print("ready", flush=True)
    while True:
        for shard in {shards!r}:
            store.load([shard])
""")


def test_sigkill_mid_load_leaves_whole_articles(tmp_path):
    shards = [shard(tmp_path / f"part-{k}.nq", many(300, start=300 * k)) for k in range(4)]
    path = tmp_path / "s"
    code = _KILLED_LOAD.format(path=str(path), shards=shards)
    run_and_kill(code, after=1.5)
    with open_store(str(path)) as store:
        s = store.stats()
        assert s["articles"] > 0
        assert s["claims"] == s["articles"] and s["statements"] == 4 * s["articles"]  # no half article
        assert s["quads"] == 97 * s["articles"]
    assert not list(path.glob("bulk-*.sst"))


def test_other_named_graphs_are_replaced_whole(tmp_path):
    """A graph kg does not keep per article (e.g. `kg analyze` scores) is a snapshot: the file's copy wins."""
    old, new = tmp_path / "old.nq", tmp_path / "new.nq"
    old.write_text('<urn:x:e> <urn:x:score> "1" <urn:x:scores> .\n<urn:x:e> <urn:x:rank> "9" <urn:x:scores> .\n',
                   encoding="utf-8")
    new.write_text('<urn:x:e> <urn:x:score> "2" <urn:x:scores> .\n', encoding="utf-8")
    with open_store(str(tmp_path / "s"), create=True) as store:
        store.load([str(old)])
        store.load([str(new)])
        rows = list(store.query("SELECT ?p ?v WHERE { GRAPH <urn:x:scores> { <urn:x:e> ?p ?v } }"))
    assert [(r["p"].value, r["v"].value) for r in rows] == [("urn:x:score", "2")]


def test_empty_file_loads_nothing(tmp_path):
    empty = tmp_path / "empty.nq"
    empty.write_text("# no quads yet\n", encoding="utf-8")
    with open_store(str(tmp_path / "s"), create=True) as store:
        (r,) = store.load([str(empty)])
        assert (r.quads, r.new) == (0, 0) and len(store) == 0
