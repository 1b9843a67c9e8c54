"""kg.store: folder / memory / file stores, idempotent add, remove, dump, locking and crash safety."""
from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from kg.errors import InputError, StoreError
from kg.store import open_store
from crash import run_and_kill
from test_rdf import musk_graph, other_graph

ROOT = Path(__file__).resolve().parent.parent


def test_memory_add_is_idempotent():
    store = open_store()
    assert store.add([musk_graph(), other_graph()]) == 2
    first = store.stats()
    store.add([musk_graph()])
    assert store.stats() == first
    assert first["articles"] == 2 and first["statements"] == 6 and first["claims"] == 1


def test_changed_article_replaces_its_graph():
    store = open_store()
    ag = musk_graph()
    store.add([ag])
    ag.relations = ag.relations[:1]
    ag.claims = []
    store.add([ag])
    s = store.stats()
    assert s["statements"] == 1 and s["claims"] == 0


def _spy_writes(store):
    """Record every write the store's backend is asked for."""
    calls = []
    backend = store._backend
    for name in ("write", "update", "write_ox"):
        real = getattr(backend, name)
        setattr(backend, name, lambda *a, _real=real, _name=name: (calls.append(_name), _real(*a))[1])
    return calls


def test_unchanged_article_is_not_written_again(tmp_path):
    from kg.rdf import article_quads, content_hash
    with open_store(str(tmp_path / "s"), create=True) as store:
        store.add([musk_graph(), other_graph()])
        quads, dumped = len(store), store.stats()
        hashes = {r["doc"].value: r["h"].value for r in store.query(
            "SELECT ?doc ?h WHERE { ?a kg:docId ?doc ; kg:contentHash ?h }")}
        ag = musk_graph()
        assert hashes[ag.article.doc] == content_hash(article_quads(ag))  # no merges: the graph's own quads
        assert len(hashes) == 2
        calls = _spy_writes(store)
        assert store.add([musk_graph(), other_graph()]) == 2
        assert calls == [] and len(store) == quads and store.stats() == dumped
        # a different extraction of the same text (same doc id) is written, replacing the old graph
        ag.relations = ag.relations[:1]
        store.add([ag, other_graph()])
        assert calls == ["write"] and len(store) < quads
        assert store.stats()["statements"] == dumped["statements"] - len(musk_graph().relations) + 1
        new_hash = next(iter(store.query(
            f'SELECT ?h WHERE {{ ?a kg:docId "{ag.article.doc}" ; kg:contentHash ?h }}')))["h"].value
        assert new_hash == content_hash(article_quads(ag)) != hashes[ag.article.doc]


def test_store_without_hashes_is_rewritten_once(tmp_path):
    store = open_store()
    store.add([musk_graph()])
    quads = len(store)
    store.update("DELETE WHERE { GRAPH ?g { ?a kg:contentHash ?h } }")  # as a store built before the hash
    calls = _spy_writes(store)
    store.add([musk_graph()])
    assert calls == ["write"] and len(store) == quads
    store.add([musk_graph()])
    assert calls == ["write"]


def test_unchanged_article_with_merges_is_skipped_and_keeps_them():
    store = open_store()
    store.add([musk_graph(), other_graph()])
    merges = sorted(str(r["m"].value) for r in store.query("SELECT ?m WHERE { ?m a kg:Merge }"))
    quads = len(store)
    calls = _spy_writes(store)
    store.add([other_graph(), musk_graph()])  # resolution runs again and chooses the same IRIs
    assert len(store) == quads
    assert sorted(str(r["m"].value) for r in store.query("SELECT ?m WHERE { ?m a kg:Merge }")) == merges
    assert calls == []


def test_folder_store_persists_and_reopens(tmp_path):
    path = tmp_path / "kg-store"
    with open_store(str(path), create=True) as store:
        store.add([musk_graph()])
        before = store.stats()
    with open_store(str(path)) as store:
        assert store.stats() == before
    with open_store(str(path), read_only=True) as ro:
        assert ro.stats() == before
        with pytest.raises(StoreError, match="E201"):
            ro.add([other_graph()])


def test_create_makes_parent_folders(tmp_path):
    with open_store(str(tmp_path / "a" / "b" / "store"), create=True) as store:
        assert store.add([other_graph()]) == 1


def test_open_errors(tmp_path):
    with pytest.raises(StoreError, match=r"\[E021\].*no such folder"):
        open_store(str(tmp_path / "missing"))
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "a.txt").write_text("hi")
    with pytest.raises(StoreError, match=r"\[E023\]"):
        open_store(str(tmp_path / "notes"), create=True)
    bad = tmp_path / "bad.ttl"
    bad.write_text("this is <not turtle")
    with pytest.raises(StoreError, match=r"\[E020\]") as e:
        open_store(graph_file=str(bad))
    assert "\n" not in str(e.value)


def test_second_process_gets_in_use(tmp_path):
    path = tmp_path / "s"
    store = open_store(str(path), create=True)
    code = f"from kg.store import open_store\ntry:\n    open_store({str(path)!r})\nexcept Exception as e:\n    print(e)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT).stdout
    store.close()
    assert "[E022]" in out and "in use" in out
    open_store(str(path)).close()  # the lock is gone after close()


@pytest.mark.parametrize("fmt", ["trig", "nq", "ttl", "nt"])
def test_dump_and_load_back(tmp_path, fmt):
    store = open_store()
    store.add([musk_graph(), other_graph()])
    out = tmp_path / f"g.{fmt}"
    store.dump(str(out), fmt)
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no temporary file left
    back = open_store(graph_file=str(out))
    assert back.stats()["triples"] == store.stats()["triples"]
    if fmt in ("trig", "nq"):
        assert back.stats() == store.stats()


def test_remove_by_source_and_doc():
    store = open_store()
    store.add([musk_graph(), other_graph()])
    total = len(store)
    n = store.remove("other.txt")
    assert n > 0 and len(store) < total
    store.remove(musk_graph().article.doc)
    assert store.stats()["articles"] == 0
    with pytest.raises(InputError, match="E200"):
        store.remove("nope.txt")


def test_replace_graph_for_analysis():
    import pyoxigraph as ox
    store = open_store()
    g = "https://w3id.org/kg-news/graph/analysis"
    q = ox.Quad(ox.NamedNode("http://a"), ox.NamedNode("http://b"), ox.Literal("1"), ox.NamedNode(g))
    store.replace_graph(g, [q])
    store.replace_graph(g, [q])
    assert len(store) == 1


_KILLED_BUILD = textwrap.dedent("""
    import sys
    sys.path.insert(0, {tests!r})
    from kg.store import open_store
    from test_rdf import musk_graph
    store = open_store({path!r}, create=True)
    print("ready", flush=True)
    i = 0
    while True:
        i += 1
        store.add([musk_graph(text=f"Article number {{i}} about Elon Musk meeting Ding Xuexiang.")], batch_size=1)
""")


def test_sigkill_mid_build_keeps_earlier_content(tmp_path):
    path = tmp_path / "s"
    with open_store(str(path), create=True) as store:
        store.add([other_graph()])
        before = store.stats()["articles"]
    code = _KILLED_BUILD.format(tests=str(ROOT / "tests"), path=str(path))
    run_and_kill(code, after=1.5)
    with open_store(str(path)) as store:
        s = store.stats()
        assert s["articles"] >= before + 1
        # every article that made it is whole: one claim and four statements each (plus other_graph's two)
        assert s["claims"] == s["articles"] - 1
        assert s["statements"] == 4 * (s["articles"] - 1) + 2


_KILLED_BULK_BUILD = textwrap.dedent("""
    import sys
    sys.path.insert(0, {tests!r})
    from kg.store import open_store
    from test_rdf import musk_graph
    store = open_store({path!r}, create=True)
    print("ready", flush=True)
    i = 0
    while True:  # 600 articles x 97 quads (96 + kg:contentHash) per batch: above BULK_MIN_QUADS, so bulk-ingested
        batch = []
        for _ in range(600):
            i += 1
            batch.append(musk_graph(text=f"Article number {{i}} about Elon Musk meeting Ding Xuexiang."))
        store.add(batch, batch_size=600, resolve=False)
""")


@pytest.mark.parametrize("delay", [1.2, 2.5])
def test_sigkill_mid_bulk_batch_is_all_or_nothing(tmp_path, delay):
    from kg.store import BULK_MIN_QUADS
    assert 600 * 97 >= BULK_MIN_QUADS
    path = tmp_path / "s"
    code = _KILLED_BULK_BUILD.format(tests=str(ROOT / "tests"), path=str(path))
    run_and_kill(code, after=delay)
    with open_store(str(path)) as store:
        s = store.stats()
        assert s["articles"] % 600 == 0  # whole batches only
        assert s["claims"] == s["articles"] and s["statements"] == 4 * s["articles"]
        assert s["quads"] == 97 * s["articles"]
    assert not list(path.glob("bulk-*.sst"))  # leftovers of the killed ingestion are cleared on open


def test_bulk_batch_then_readd_is_idempotent(tmp_path):
    """A big batch goes in by bulk ingestion; adding it again (and a doc twice in one call) replaces."""
    graphs = [musk_graph(text=f"Article {i} about Elon Musk.") for i in range(300)]
    with open_store(str(tmp_path / "s"), create=True) as store:
        assert store.add(graphs + [other_graph()], batch_size=250) == 301
        first = store.stats()
        store.add(graphs[:5] + graphs[:260], batch_size=250)
        assert store.stats() == first
        assert first["articles"] == 301 and first["claims"] == 300 and first["statements"] == 4 * 300 + 2
