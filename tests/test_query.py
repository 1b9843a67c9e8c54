"""kg.query: results, formats, and the guard that keeps queries inside the store."""
from __future__ import annotations

import csv
import io
import json
import socket
import threading

import pytest

from kg.errors import QueryError, QueryRejected
from kg.query import check_query, format_result, run
from kg.store import open_store
from test_rdf import musk_graph, other_graph


@pytest.fixture(scope="module")
def store():
    s = open_store()
    s.add([musk_graph(), other_graph()])
    return s


def test_select_rows_are_python_values(store):
    r = run(store, "SELECT ?who ?whom ?c WHERE { ?who rel:meet ?whom . ?st rdf:predicate rel:meet ; "
                   "rdf:subject ?who ; kg:confidence ?c ; kg:charStart ?start }")
    assert r.vars == ["who", "whom", "c"]
    assert r.rows == [("https://w3id.org/kg-news/entity/person/elon_musk",
                       "https://w3id.org/kg-news/entity/person/ding_xuexiang", 0.91)]


def test_ask_and_construct(store):
    assert run(store, "ASK { ?s rel:meet ?o }").boolean is True
    r = run(store, "CONSTRUCT { ?s rel:meet ?o } WHERE { ?s rel:meet ?o }")
    assert r.triples and r.triples[0][1] == "https://w3id.org/kg-news/rel/meet"
    assert "rel:meet" in format_result(r, "table")


def test_formats(store):
    r = run(store, "SELECT ?e ?label WHERE { ?e a kg:Person ; rdfs:label ?label } ORDER BY ?label")
    table = format_result(r, "table").splitlines()
    assert table[0].split() == ["e", "label"] and "ent:person/elon_musk" in "\n".join(table)
    assert table[-1] == f"({len(r.rows)} rows)"
    assert len({line.index("label") for line in table[:1]}) == 1
    rows = list(csv.reader(io.StringIO(format_result(r, "csv"))))
    assert rows[0] == ["e", "label"] and rows[1][0].startswith("https://")
    data = json.loads(format_result(r, "json"))
    assert data["head"]["vars"] == ["e", "label"]
    assert data["results"]["bindings"][0]["e"]["type"] == "uri"
    assert json.loads(format_result(run(store, "ASK {}"), "json")) == {"head": {}, "boolean": True}
    with pytest.raises(QueryError, match="E032"):
        format_result(r, "xml")


def test_json_keeps_datatypes(store):
    r = run(store, "SELECT ?c WHERE { ?st kg:confidence ?c } LIMIT 1")
    b = json.loads(format_result(r, "json"))["results"]["bindings"][0]["c"]
    assert b["datatype"].endswith("#double")


def test_malformed_is_one_line_with_position(store):
    with pytest.raises(QueryError, match=r"\[E030\] malformed SPARQL: .*col") as e:
        run(store, "SELECT * WHERE { ?s ?p ")
    assert "\n" not in str(e.value)


@pytest.fixture()
def listener():
    """A TCP listener on 127.0.0.1 that records any connection made to it."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(5)
    sock.settimeout(0.2)
    hits = []
    stop = threading.Event()

    def accept():
        while not stop.is_set():
            try:
                conn, _ = sock.accept()
                hits.append(conn)
                conn.close()
            except OSError:
                pass
    t = threading.Thread(target=accept, daemon=True)
    t.start()
    yield f"http://127.0.0.1:{sock.getsockname()[1]}/", hits
    stop.set()
    t.join()
    sock.close()


ATTACKS = [
    "SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
    "select * where {{ service <{url}> {{ ?s ?p ?o }} }}",
    "SELECT * WHERE {{ \\u0053ERVICE <{url}> {{ ?s ?p ?o }} }}",
    "SELECT * WHERE {{ \\u0073ervice SILENT <{url}> {{ ?s ?p ?o }} }}",
    "SELECT * WHERE {{ ?a ?b ?c OPTIONAL {{ SERVICE <{url}> {{ ?s ?p ?o }} }} }}",
    "SELECT * WHERE {{ {{ SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }} }} }}",
    "SELECT * FROM <{url}> WHERE {{ ?s ?p ?o }}",
    "SELECT * FROM NAMED <{url}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}",
    "ASK FROM <file:///etc/passwd> {{ ?s ?p ?o }}",
    "LOAD <{url}>",
    "load <{url}> into graph <urn:x>",
    "INSERT DATA {{ <urn:a> <urn:b> <urn:c> }}",
    "DROP ALL",
    "INSERT {{ ?s ?p ?o }} USING <{url}> WHERE {{ ?s ?p ?o }}",
]


@pytest.mark.parametrize("attack", ATTACKS)
def test_queries_leaving_the_store_are_refused(store, listener, attack):
    url, hits = listener
    with pytest.raises(QueryRejected, match=r"\[E031\]"):
        run(store, attack.format(url=url))
    assert not hits
    before = len(store)
    assert len(store) == before


def test_check_query_for_the_server(listener):
    url, hits = listener
    assert check_query("INSERT DATA { <urn:a> <urn:b> <urn:c> }", allow_update=True) == "UPDATE"
    for bad in (f"LOAD <{url}>", f"INSERT {{ ?s ?p ?o }} USING <{url}> WHERE {{ ?s ?p ?o }}",
                f"INSERT {{ ?s ?p ?o }} WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}"):
        with pytest.raises(QueryRejected):
            check_query(bad, allow_update=True)
    for ok in ("INSERT { ?s ?p ?o } WHERE { ?s ?p ?o }", "DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
               "WITH <urn:g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }", "DELETE WHERE { ?s ?p ?o }"):
        assert check_query(ok, allow_update=True) == "UPDATE"
    assert check_query("DESCRIBE <https://w3id.org/kg-news/entity/person/elon_musk>") == "DESCRIBE"
    assert not hits
