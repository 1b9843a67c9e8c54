"""The SPARQL endpoint over a live uvicorn server on 127.0.0.1 (SPARQLWrapper, rdflib, plain HTTP)."""
from __future__ import annotations

import csv
import io
import json
import socket
import threading
import time
from urllib.parse import quote

import httpx
import pytest
from rdflib import Graph, URIRef
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import CSV, JSON, TSV, TURTLE, XML, SPARQLWrapper

from kg.errors import InputError
from kg.server import create_app
from kg.server.app import _banner
from kg.server.testing import live_server
from test_server_support import ENT, XSS_IMG, write_sample

RDFS = "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
LABELS = RDFS + "SELECT ?e ?label WHERE { ?e rdfs:label ?label } ORDER BY ?label"
MUSK = RDFS + f'SELECT ?label WHERE {{ <{ENT}person/elon_musk> rdfs:label ?label }}'
# Four-way cross product of ~400 triples: about 10^10 rows, far beyond any time limit.
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
TIMEOUT = 2.0
MAX_ROWS = 50


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    return write_sample(tmp_path_factory.mktemp("server"), extra_people=80)


@pytest.fixture(scope="module")
def url(sample):
    app = create_app(graph_file=str(sample), workers=3, timeout=TIMEOUT, max_rows=MAX_ROWS,
                     max_request_bytes=20_000)
    with live_server(app) as base:
        yield base + "/sparql"


@pytest.fixture(scope="module")
def update_url(sample):
    app = create_app(graph_file=str(sample), workers=1, allow_update=True, token="s3cret", timeout=TIMEOUT)
    with live_server(app) as base:
        yield base + "/sparql"


@pytest.fixture()
def listener():
    """A TCP listener on loopback that records every connection it receives."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(16)
    sock.settimeout(0.2)
    hits: list[tuple] = []
    stop = threading.Event()

    def accept() -> None:
        while not stop.is_set():
            try:
                conn, addr = sock.accept()
            except OSError:
                continue
            hits.append(addr)
            conn.close()

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield sock.getsockname()[1], hits
    stop.set()
    thread.join(2)
    sock.close()


def wrapper(url: str, query: str, fmt: str) -> SPARQLWrapper:
    sparql = SPARQLWrapper(url)
    sparql.setQuery(query)
    sparql.setReturnFormat(fmt)
    return sparql


# --- SPARQLWrapper -----------------------------------------------------------------------------

def test_sparqlwrapper_select_json(url):
    result = wrapper(url, MUSK, JSON).query().convert()
    assert result["results"]["bindings"] == [{"label": {"type": "literal", "value": "Elon Musk"}}]


def test_sparqlwrapper_select_xml_csv_tsv(url):
    xml = wrapper(url, MUSK, XML).query().convert()
    assert xml.getElementsByTagName("literal")[0].firstChild.data == "Elon Musk"
    assert wrapper(url, MUSK, CSV).query().convert().decode().splitlines() == ["label", "Elon Musk"]
    assert wrapper(url, MUSK, TSV).query().convert().decode().splitlines() == ["?label", '"Elon Musk"']


def test_sparqlwrapper_ask_and_construct(url):
    assert wrapper(url, MUSK.replace("SELECT ?label WHERE", "ASK"), JSON).query().convert()["boolean"] is True
    turtle = wrapper(url, RDFS + f"CONSTRUCT WHERE {{ <{ENT}person/elon_musk> rdfs:label ?l }}", TURTLE)
    graph = Graph().parse(data=turtle.query().convert(), format="turtle")
    assert len(graph) == 1


def test_sparqlwrapper_post(url):
    sparql = wrapper(url, MUSK, JSON)
    sparql.setMethod("POST")
    assert len(sparql.query().convert()["results"]["bindings"]) == 1


# --- rdflib SPARQLStore (without identifier: FIELD-NOTES) ---------------------------------------

def test_rdflib_sparqlstore(url):
    graph = Graph(store=SPARQLStore(url))
    rows = list(graph.query(MUSK))
    assert [str(r[0]) for r in rows] == ["Elon Musk"]
    labels = set(graph.objects(URIRef(f"{ENT}person/elon_musk"), URIRef("http://www.w3.org/2000/01/rdf-schema#label")))
    assert {str(x) for x in labels} == {"Elon Musk"}


# --- plain HTTP ----------------------------------------------------------------------------------

@pytest.mark.parametrize("accept, media", [
    ("application/sparql-results+json", "application/sparql-results+json"),
    ("application/json", "application/sparql-results+json"),
    ("application/sparql-results+xml", "application/sparql-results+xml"),
    ("text/csv", "text/csv"),
    ("text/tab-separated-values", "text/tab-separated-values"),
    ("*/*", "application/sparql-results+json"),
    ("text/html;q=0.9, text/csv;q=0.5", "text/csv"),
])
def test_select_content_types(url, accept, media):
    response = httpx.get(url, params={"query": MUSK}, headers={"Accept": accept})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith(media)
    assert "Elon Musk" in response.text


@pytest.mark.parametrize("accept, media, parse_as", [
    ("text/turtle", "text/turtle", "turtle"),
    ("application/n-triples", "application/n-triples", "nt"),
    ("application/ld+json", "application/ld+json", "json-ld"),
    ("application/rdf+xml", "application/rdf+xml", "xml"),
])
def test_construct_content_types(url, accept, media, parse_as):
    query = RDFS + f"CONSTRUCT WHERE {{ <{ENT}person/elon_musk> ?p ?o }}"
    response = httpx.post(url, content=query, headers={"Content-Type": "application/sparql-query", "Accept": accept})
    assert response.status_code == 200 and response.headers["content-type"].startswith(media)
    assert len(Graph().parse(data=response.text, format=parse_as)) == 6


def test_post_form_and_graph_parameters(url, sample):
    graph_iri = "https://w3id.org/kg-news/graph/" + "a" * 64
    data = {"query": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", "default-graph-uri": graph_iri}
    in_graph = httpx.post(url, data=data).json()["results"]["bindings"][0]["n"]["value"]
    everything = httpx.post(url, data={"query": data["query"]}).json()["results"]["bindings"][0]["n"]["value"]
    assert 0 < int(in_graph) < int(everything)  # the filler people live in the default graph
    named = httpx.get(url, params={"query": "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }",
                                   "named-graph-uri": "http://example.org/none"}).json()
    assert named["results"]["bindings"] == []


def test_service_description(url):
    response = httpx.get(url)
    assert response.headers["content-type"].startswith("text/turtle")
    graph = Graph().parse(data=response.text, format="turtle")
    sd = "http://www.w3.org/ns/sparql-service-description#"
    assert (None, URIRef(sd + "supportedLanguage"), URIRef(sd + "SPARQL11Query")) in graph
    assert (None, URIRef(sd + "supportedLanguage"), URIRef(sd + "SPARQL11Update")) not in graph


def test_errors_are_400_with_the_parser_message(url):
    response = httpx.get(url, params={"query": "SELECT * WHERE { ?s ?p "})
    assert response.status_code == 400 and "malformed SPARQL" in response.text
    bad_graph = httpx.get(url, params={"query": MUSK, "default-graph-uri": "not an iri"})
    assert bad_graph.status_code == 400 and "default-graph-uri" in bad_graph.text


def test_unacceptable_and_unsupported(url):
    assert httpx.get(url, params={"query": MUSK}, headers={"Accept": "image/png"}).status_code == 406
    response = httpx.post(url, content=MUSK, headers={"Content-Type": "text/plain"})
    assert response.status_code == 415


# --- safety --------------------------------------------------------------------------------------

@pytest.mark.parametrize("send", ["get", "form", "body"])
def test_updates_refused_by_default(url, send):
    update = f'INSERT DATA {{ <{ENT}x> <{ENT}p> "y" }}'
    if send == "get":
        response = httpx.get(url, params={"query": update})
    elif send == "form":
        response = httpx.post(url, data={"update": update})
    else:
        response = httpx.post(url, content=update, headers={"Content-Type": "application/sparql-update"})
    assert response.status_code == 403 and "--allow-update" in response.text
    assert httpx.get(url, params={"query": f"ASK {{ <{ENT}x> ?p ?o }}"}).json()["boolean"] is False


def test_update_needs_the_bearer_token(update_url):
    update = f'INSERT DATA {{ <{ENT}person/new> <http://www.w3.org/2000/01/rdf-schema#label> "New" }}'
    headers = {"Content-Type": "application/sparql-update"}
    assert httpx.post(update_url, content=update, headers=headers).status_code == 401
    wrong = httpx.post(update_url, content=update, headers={**headers, "Authorization": "Bearer nope"})
    assert wrong.status_code == 401
    ok = httpx.post(update_url, content=update, headers={**headers, "Authorization": "Bearer s3cret"}, timeout=60)
    assert ok.status_code == 204, ok.text
    ask = httpx.get(update_url, params={"query": f"ASK {{ <{ENT}person/new> ?p ?o }}"}, timeout=30)
    assert ask.json()["boolean"] is True


def test_update_with_a_where_clause(update_url):
    update = f'INSERT {{ GRAPH <{ENT}g> {{ ?e <{ENT}seen> true }} }} WHERE {{ ?e a kg:Person }}'
    response = httpx.post(update_url, data={"update": update}, headers={"Authorization": "Bearer s3cret"}, timeout=60)
    assert response.status_code == 204, response.text


def test_kg_prefixes_are_predeclared(url):
    response = httpx.get(url, params={"query": "SELECT ?o WHERE { ?s rel:meet ?o }"})
    assert response.json()["results"]["bindings"][0]["o"]["value"] == f"{ENT}person/wang_wentao"


def test_allow_update_without_token_is_refused(sample):
    with pytest.raises(InputError, match="KG_SERVER_TOKEN"):
        create_app(graph_file=str(sample), allow_update=True)


def _outbound_variants(port: int) -> list[str]:
    target = f"http://127.0.0.1:{port}/sparql"
    return [
        f"SELECT * WHERE {{ SERVICE <{target}> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ \\u0053ERVICE <{target}> {{ ?s ?p ?o }} }}",
        f"select * where {{ service silent <{target}> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ # SERVICE in a comment\n ?s ?p ?o OPTIONAL {{ SERVICE <{target}> {{ ?s ?p ?x }} }} }}",
        f"SELECT * WHERE {{ {{ SELECT * WHERE {{ SERVICE <{target}> {{ ?a ?b ?c }} }} }} }}",
        f"SELECT * WHERE {{ ?s ?p ?o FILTER EXISTS {{ SERVICE <{target}> {{ ?s ?p ?o }} }} }}",
        f"SELECT * WHERE {{ BIND(<{target}> AS ?u) SERVICE ?u {{ ?s ?p ?o }} }}",
        f"SELECT * FROM <{target}> WHERE {{ ?s ?p ?o }}",
        f"SELECT * FROM NAMED <{target}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}",
        f"LOAD <{target}>",
        f"load silent <{target}> into graph <{ENT}g>",
    ]


def test_service_load_from_never_connect(url, update_url, listener):
    port, hits = listener
    for query in _outbound_variants(port):
        for response in (httpx.get(url, params={"query": query}),
                         httpx.post(url, content=query, headers={"Content-Type": "application/sparql-query"}),
                         httpx.post(update_url, data={"update": query}, headers={"Authorization": "Bearer s3cret"})):
            assert response.status_code in (400, 403), (query, response.text)
    time.sleep(0.5)
    assert hits == []


def test_listener_fixture_does_see_connections(listener):
    port, hits = listener  # guard against a listener that would never record anything
    socket.create_connection(("127.0.0.1", port)).close()
    time.sleep(0.5)
    assert len(hits) == 1


def test_timeout_stops_the_query_and_others_still_answer(url):
    slow: dict[str, object] = {}

    def run_slow() -> None:
        started = time.monotonic()
        slow["response"] = httpx.get(url, params={"query": SLOW}, timeout=60)
        slow["seconds"] = time.monotonic() - started

    thread = threading.Thread(target=run_slow)
    thread.start()
    time.sleep(0.3)
    started = time.monotonic()
    fast = httpx.get(url, params={"query": MUSK}, timeout=30)
    fast_seconds = time.monotonic() - started
    thread.join(30)
    assert fast.status_code == 200 and fast_seconds < 1.0
    assert slow["response"].status_code == 504
    assert "limit and was stopped" in slow["response"].text
    assert slow["seconds"] < TIMEOUT + 1.5
    # the killed worker is replaced: the pool answers again
    assert httpx.get(url, params={"query": MUSK}, timeout=30).status_code == 200


def test_row_cap_sets_the_truncated_flag(url):
    capped = httpx.get(url, params={"query": LABELS}, headers={"Accept": "text/csv"})
    assert capped.headers["X-KG-Truncated"] == "true" and capped.headers["X-KG-Row-Limit"] == str(MAX_ROWS)
    assert len(list(csv.reader(io.StringIO(capped.text)))) == MAX_ROWS + 1
    small = httpx.get(url, params={"query": MUSK})
    assert small.headers["X-KG-Truncated"] == "false"


def test_graph_results_are_capped_too(url):
    response = httpx.get(url, params={"query": "CONSTRUCT WHERE { ?s ?p ?o }"}, headers={"Accept": "application/n-triples"})
    assert response.headers["X-KG-Truncated"] == "true"
    assert len(response.text.strip().splitlines()) == MAX_ROWS


def test_request_size_limit_is_413(url):
    big = MUSK + "#" + "x" * 30_000
    assert httpx.post(url, content=big, headers={"Content-Type": "application/sparql-query"}).status_code == 413
    assert httpx.post(url, data={"query": big}).status_code == 413

    def chunks():  # no Content-Length: the limit must hold while streaming
        for _ in range(40):
            yield b"#" + b"x" * 999

    chunked = httpx.post(url, content=chunks(), headers={"Content-Type": "application/sparql-query"})
    assert chunked.status_code == 413


# --- explorer over HTTP --------------------------------------------------------------------------

def test_pages_send_a_strict_csp(url):
    base = url.rsplit("/", 1)[0]
    for path in ("/", "/search?q=musk", "/entity/person/elon_musk", "/static/explorer.js"):
        response = httpx.get(base + path)
        assert response.status_code == 200, path
        csp = response.headers["content-security-policy"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert "cdn" not in httpx.get(base + "/").text.lower()


def test_vendor_vis_network_is_local(url):
    base = url.rsplit("/", 1)[0]
    js = httpx.get(base + "/static/vendor/vis-network.min.js")
    assert js.status_code == 200 and "vis-network" in js.text[:500]
    assert httpx.get(base + "/static/vendor/../../kg/errors.py").status_code == 404


def test_entity_page_escapes_and_links(url):
    base = url.rsplit("/", 1)[0]
    page = httpx.get(base + "/entity/person/elon_musk").text
    assert "Musk met Commerce Minister Wang Wentao" in page
    assert 'href="/entity/person/wang_wentao"' in page
    assert XSS_IMG not in page and "&lt;img src=x" in page
    assert httpx.get(base + "/entity/person/nobody").status_code == 404
    assert httpx.get(base + "/entity/person/a%3Eb").status_code == 404


@pytest.mark.parametrize("q", ['musk', '") } ; DROP ALL ; #', "\\u0053ERVICE", "<script>"])
def test_search_binds_values_safely(url, q):
    base = url.rsplit("/", 1)[0]
    response = httpx.get(base + "/search", params={"q": q})
    assert response.status_code == 200
    assert ("/entity/person/elon_musk" in response.text) == (q == "musk")


def test_subgraph_api(url):
    base = url.rsplit("/", 1)[0]
    data = httpx.post(base + "/api/subgraph", json={"iris": [f"{ENT}person/elon_musk"]}).json()
    assert {n["label"] for n in data["nodes"]} >= {"Elon Musk", "Tesla", "Wang Wentao"}
    assert any(e["label"] == "meet" for e in data["edges"])
    bad = httpx.post(base + "/api/subgraph", json={"iris": [f"{ENT}x> }} SERVICE <http://127.0.0.1:9/> {{"]})
    assert bad.status_code == 400


def test_foreign_host_header_is_refused(url):
    # DNS rebinding: evil.example resolving to 127.0.0.1 must not read the store.
    response = httpx.get(url, params={"query": MUSK}, headers={"Host": "evil.example"})
    assert response.status_code == 400
    assert httpx.get(url.replace("127.0.0.1", "localhost"), params={"query": MUSK}).status_code == 200


def test_banner_says_where_it_listens():
    assert "127.0.0.1 only" in _banner("127.0.0.1", 7878, False)
    assert "WARNING" in _banner("0.0.0.0", 7878, False)
    assert "lost when the server stops" in _banner("127.0.0.1", 7878, True, graph_file="g.trig")
    assert "lost" not in _banner("127.0.0.1", 7878, True)


def test_entity_page_lists_an_event_without_object(tmp_path):
    from test_server_support import SAMPLE_TRIG, _full_iris
    event = """
  rel:resign a rdf:Property ; rdfs:label "resign" .
  stmt:s9 a kg:Statement ; rdf:subject ent:person/wang_wentao ; rdf:predicate rel:resign ;
      kg:confidence 0.6 ; kg:evidenceText "Wang Wentao resigned in 2024." ; kg:charStart 300 ; kg:charEnd 329 ;
      prov:wasDerivedFrom art:DOC ; kg:time "2024"^^xsd:gYear .
}
"""
    trig = _full_iris(SAMPLE_TRIG.rstrip().removesuffix("}") + event).replace("DOC", "b" * 64)
    path = tmp_path / "event.trig"
    path.write_text(trig.replace("XSS_IMG", "x").replace("XSS_SCRIPT", "y"), encoding="utf-8")
    with live_server(create_app(graph_file=str(path), workers=1)) as base:
        page = httpx.get(base + "/entity/person/wang_wentao").text
    assert "Wang Wentao resigned in 2024." in page and "<td>resign" in page
    assert page.count("Wang Wentao resigned in 2024.") == 1  # one row, not one per labelled node
