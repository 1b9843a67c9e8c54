"""create_app over each kind of store: folder, KgStore, pyoxigraph.Store in memory, RDF file."""
from __future__ import annotations

import pyoxigraph as ox
import pytest
import httpx

from kg.server import create_app
from kg.server.testing import live_server
from kg.store import open_store
from test_server_support import ENT, write_sample

ASK = f"ASK {{ <{ENT}person/elon_musk> ?p ?o }}"


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    return write_sample(tmp_path_factory.mktemp("stores"))


def _asks(app) -> bool:
    with live_server(app) as url:
        response = httpx.get(url + "/sparql", params={"query": ASK})
        assert response.status_code == 200, response.text
        return response.json()["boolean"]


def test_folder_store_is_opened_read_only_by_workers(sample, tmp_path):
    folder = tmp_path / "store"
    store = ox.Store(str(folder))
    store.bulk_load(path=str(sample), format=ox.RdfFormat.TRIG)
    store.flush()
    del store
    assert _asks(create_app(str(folder), workers=1))


def test_kgstore_and_memory_store(sample):
    kg_store = open_store(graph_file=str(sample))
    assert _asks(create_app(kg_store, workers=1))
    memory = ox.Store()
    memory.bulk_load(path=str(sample), format=ox.RdfFormat.TRIG)
    assert _asks(create_app(memory, workers=1))


def test_folder_update_is_written_to_disk(sample, tmp_path):
    folder = tmp_path / "store"
    store = ox.Store(str(folder))
    store.bulk_load(path=str(sample), format=ox.RdfFormat.TRIG)
    del store
    app = create_app(str(folder), workers=1, allow_update=True, token="t")
    # Updates see the store's own default graph, not the union: name the graphs.
    update = f"DELETE WHERE {{ GRAPH ?g {{ <{ENT}person/elon_musk> ?p ?o }} }}"
    with live_server(app) as url:
        response = httpx.post(url + "/sparql", data={"update": update}, headers={"Authorization": "Bearer t"})
        assert response.status_code == 204, response.text
        assert httpx.get(url + "/sparql", params={"query": ASK}).json()["boolean"] is False
    assert not ox.Store.read_only(str(folder)).query(ASK)
