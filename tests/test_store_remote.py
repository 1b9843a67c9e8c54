"""kg.store against a real `oxigraph serve` on 127.0.0.1 (Graph Store Protocol PUT per article graph)."""
from __future__ import annotations

import contextlib
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from kg.errors import InputError
from kg.query import run
from kg.store import open_store
from test_rdf import musk_graph, other_graph

OXIGRAPH = shutil.which("oxigraph") or str(Path(sys.executable).parent / "oxigraph")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    if not Path(OXIGRAPH).exists():
        pytest.skip("the oxigraph server CLI is not installed (pip install oxigraph)")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    loc = tmp_path_factory.mktemp("oxigraph")
    proc = subprocess.Popen([OXIGRAPH, "serve", "--location", str(loc), "--bind", f"127.0.0.1:{port}",
                             "--union-default-graph"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            urllib.request.urlopen(url + "/query?query=ASK%7B%7D", timeout=1).read()
            break
        except OSError:
            time.sleep(0.1)
    else:
        proc.kill()
        pytest.fail("oxigraph serve did not start")
    yield url + "/query"
    proc.terminate()
    proc.wait(timeout=10)


def test_remote_add_query_remove(server):
    store = open_store(server)
    assert store.add([musk_graph(), other_graph()]) == 2
    first = store.stats()
    assert first["articles"] == 2 and first["statements"] == 6
    store.add([musk_graph()])  # PUT replaces the graph: nothing doubles
    assert store.stats() == first
    r = run(store, "SELECT ?o WHERE { ent:person\\/elon_musk rel:meet ?o }")
    assert r.rows == [("https://w3id.org/kg-news/entity/person/ding_xuexiang",)]
    assert run(store, "CONSTRUCT { ?s rel:meet ?o } WHERE { ?s rel:meet ?o }").triples
    store.remove("other.txt")
    assert store.stats()["articles"] == 1


def test_remote_dump(server, tmp_path):
    store = open_store(server)
    store.add([musk_graph()])
    out = tmp_path / "g.trig"
    store.dump(str(out), "trig")
    assert open_store(graph_file=str(out)).stats()["articles"] >= 1


def test_remote_load_shards(server, tmp_path):
    """`kg load` into a server: new graphs by GSP POST of N-Quads, unchanged ones skipped."""
    with open_store() as memory:
        memory.add([musk_graph(), other_graph()])
        memory.dump(str(tmp_path / "shard.nq"))
    store = open_store(server)
    for doc in ("other.txt", musk_graph().article.doc):  # what earlier tests left on the server
        with contextlib.suppress(InputError):
            store.remove(doc)
    (r,) = store.load([str(tmp_path / "shard.nq")])
    assert r.new == 2
    first = store.stats()
    assert first["articles"] == 2 and first["statements"] == 6
    (r,) = store.load([str(tmp_path / "shard.nq")])
    assert (r.new, r.unchanged) == (0, 2) and store.stats() == first
