"""kg.analysis on small hand-written TriG graphs with known answers."""
from __future__ import annotations

import re

import pyoxigraph as ox
import pytest

from kg.analysis import (ANALYSIS_GRAPH, PathStep, analyze, betweenness, communities, degree, entity_graph,
                         find_entity, pagerank, paths)
from kg.errors import InputError

B = "https://w3id.org/kg-news/"
PREFIXES = f"""@prefix kg: <{B}ontology#> . @prefix rel: <{B}rel/> . @prefix art: <{B}article/> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> . @prefix prov: <http://www.w3.org/ns/prov#> .
@prefix schema: <https://schema.org/> . @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
"""
CLASSES = {"PERSON": "Person", "ORG": "Organization", "GPE": "Place", "NORP": "NationalityOrGroup"}


def lit(text) -> str:
    """A TriG literal (pyoxigraph escapes quotes, newlines and backslashes the N-Triples way)."""
    if isinstance(text, float):
        return str(ox.Literal(repr(text), datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#double")))
    return str(ox.Literal(str(text)))


def ent(key: str) -> str:
    return f"<{B}entity/{key}>"


def article_trig(doc: str, entities: list, facts: list, *, headline="A story", published="2023-06-05",
                 url=None, claims=(), authors=()) -> str:
    """One article's named graph, written by hand after contracts.md's RDF model.

    entities: (key, spaCy label, name, [aliases]); facts: dicts with s, p, o and optional text, conf,
    time, attributed_to, negated, start, end. A fact with ``attributed_to`` or ``negated`` gets no direct edge.
    """
    lines = [f"<{B}graph/{doc}> {{"]
    for key, label, name, aliases in entities:
        lines.append(f"{ent(key)} a kg:{CLASSES.get(label, 'Other')} ; rdfs:label {lit(name)} ; "
                     f"kg:entityType {lit(label)} .")
        lines += [f"{ent(key)} skos:altLabel {lit(a)} ." for a in aliases]
    for i, f in enumerate(facts):
        p = re.sub(r"\W+", "_", f["p"]).strip("_")  # the IRI is a slug; the label keeps the text
        lines.append(f"rel:{p} a rdf:Property ; rdfs:label {lit(f['p'])} .")
        st = f"<{B}statement/{doc}-{i}>"
        lines.append(f"{st} a kg:Statement ; rdf:subject {ent(f['s'])} ; rdf:predicate rel:{p} ; "
                     f"rdf:object {ent(f['o']) if 'o' in f else lit(f['literal'])} ; prov:wasDerivedFrom art:{doc} ; "
                     f"kg:charStart {f.get('start', 0)} ; kg:charEnd {f.get('end', 10)} .")
        if "text" in f:
            lines.append(f"{st} kg:evidenceText {lit(f['text'])} .")
        if "conf" in f:
            lines.append(f"{st} kg:confidence {lit(float(f['conf']))} .")
        if "time" in f:
            lines.append(f"{st} kg:time \"{f['time']}\"^^xsd:date .")
        if f.get("attributed_to"):
            lines.append(f"{st} kg:attributedTo {ent(f['attributed_to'])} .")
        if f.get("negated"):
            lines.append(f"{st} kg:negated true .")
        if "o" in f and not f.get("attributed_to") and not f.get("negated"):
            lines.append(f"{ent(f['s'])} rel:{p} {ent(f['o'])} .")
    for i, (speaker, content) in enumerate(claims):
        lines.append(f"<{B}claim/{doc}-{i}> a kg:Claim ; kg:speaker {ent(speaker)} ; kg:cue \"say\" ; "
                     f"kg:content {lit(content)} ; prov:wasDerivedFrom art:{doc} .")
    lines.append(f"art:{doc} a schema:NewsArticle ; schema:headline {lit(headline)} ; "
                 f"schema:datePublished \"{published}\"^^xsd:date ; kg:docId {lit(doc)} .")
    lines += [f"art:{doc} schema:author {ent(a)} ." for a in authors]
    if url:
        lines.append(f"art:{doc} schema:url {lit(url)} .")
    lines.append("}")
    return "\n".join(lines)


def make_store(*articles: str) -> ox.Store:
    store = ox.Store()
    store.load(input=PREFIXES + "\n".join(articles), format=ox.RdfFormat.TRIG)
    return store


MUSK = ("person/elon_musk", "PERSON", "Elon Musk", ["Musk"])
DING = ("person/ding_xuexiang", "PERSON", "Ding Xuexiang", ["Ding"])
TESLA = ("org/tesla", "ORG", "Tesla", [])
CHINA = ("gpe/china", "GPE", "China", [])
REPORTER = ("person/kanishka_singh", "PERSON", "Kanishka Singh", [])


@pytest.fixture
def store():
    a1 = article_trig("d1", [MUSK, DING, TESLA, CHINA, REPORTER], [
        {"s": "person/elon_musk", "p": "meet", "o": "person/ding_xuexiang", "text": "Musk met Ding.", "conf": 0.9,
         "time": "2023-05-31"},
        {"s": "person/elon_musk", "p": "chief executive of", "o": "org/tesla", "text": "Tesla CEO Elon Musk", "conf": 0.8},
        {"s": "gpe/china", "p": "regulate", "o": "org/tesla", "text": "Musk said China will regulate Tesla.",
         "attributed_to": "person/elon_musk"},
        {"s": "person/elon_musk", "p": "visit", "o": "gpe/china", "negated": True, "text": "Musk did not visit China."},
        {"s": "person/elon_musk", "p": "say", "literal": "AI needs rules"},
    ], claims=[("person/ding_xuexiang", "China welcomes investment")], authors=["person/kanishka_singh"])
    a2 = article_trig("d2", [MUSK, DING], [
        {"s": "person/elon_musk", "p": "meet", "o": "person/ding_xuexiang", "text": "Ding met Musk in Beijing.",
         "conf": 0.7, "time": "2023-05-30"}], headline="Second story", published="2023-06-06")
    return make_store(a1, a2)


def by_label(G):
    return {d["label"]: n for n, d in G.nodes(data=True)}


def test_projection_nodes(store):
    G = entity_graph(store)
    n = by_label(G)
    assert set(n) == {"Elon Musk", "Ding Xuexiang", "Tesla", "China"}  # the byline-only reporter is left out
    lonely = article_trig("d", [MUSK, ("org/openai", "ORG", "OpenAI", [])], [])
    H = entity_graph(make_store(lonely))
    assert sorted(d["label"] for _, d in H.nodes(data=True)) == ["Elon Musk", "OpenAI"]  # isolated, still there
    musk = G.nodes[n["Elon Musk"]]
    assert musk["type"] == "Person" and musk["aliases"] == ["Musk"]
    assert musk["facts"] == 4  # meet x2, chief executive of, visit (negated); the speaker of "regulate" is no party
    assert G.nodes[n["China"]]["type"] == "Place"
    assert G.nodes[n["Ding Xuexiang"]]["claims"] == 1


def test_projection_edges(store):
    G = entity_graph(store)
    n = by_label(G)
    meet = G.get_edge_data(n["Elon Musk"], n["Ding Xuexiang"])["meet"]
    assert meet["weight"] == 2 and len(meet["evidence"]) == 2  # two articles, one edge
    assert meet["confidence"] == pytest.approx(0.9) and meet["date"] == "2023-05-30" and not meet["attributed"]
    assert {e["headline"] for e in meet["evidence"]} == {"A story", "Second story"}
    reg = G.get_edge_data(n["China"], n["Tesla"])
    (key, d), = reg.items()
    assert d["attributed"] and d["predicate"] == "regulate" and not d["negated"]
    assert d["evidence"][0]["attributed_to"] == n["Elon Musk"]
    visit = next(iter(G.get_edge_data(n["Elon Musk"], n["China"]).values()))
    assert visit["negated"] and visit["attributed"]
    assert G.number_of_edges() == 4  # the literal-object fact is not an edge


def test_projection_direct_edge_without_statement():
    trig = article_trig("d", [MUSK, TESLA], []).replace(
        "}", f"{ent('person/elon_musk')} rel:own {ent('org/tesla')} .\n}}")
    G = entity_graph(make_store(trig))
    (u, v, d), = G.edges(data=True)
    assert d["predicate"] == "own" and d["evidence"] == [] and d["weight"] == 1


def test_pagerank_known_order():
    import networkx as nx
    G = nx.MultiDiGraph([("a", "hub"), ("b", "hub"), ("c", "hub"), ("hub", "a")])
    pr = pagerank(G)
    assert max(pr, key=pr.get) == "hub" and sum(pr.values()) == pytest.approx(1.0)
    assert pr["a"] > pr["b"] == pytest.approx(pr["c"])
    directed = pagerank(nx.MultiDiGraph([("s", "o1"), ("s", "o2"), ("s", "o3")]), directed=True)
    assert max(directed, key=directed.get) != "s"  # why the default is undirected


def test_pagerank_weights_count_parallel_edges():
    import networkx as nx
    G = nx.MultiDiGraph()
    G.add_edge("s", "x", weight=1)
    G.add_edge("s", "y", weight=1)
    G.add_edge("s", "y", weight=1)
    pr = pagerank(G)
    assert pr["y"] > pr["x"]


def test_betweenness_and_degree():
    import networkx as nx
    G = nx.MultiDiGraph([("a", "b"), ("b", "c"), ("b", "c"), ("c", "d")])
    bc = betweenness(G)
    assert bc["a"] == 0 and bc["b"] == pytest.approx(2 / 3) and bc["b"] == pytest.approx(bc["c"])
    assert degree(G) == {"a": 1, "b": 2, "c": 2, "d": 1}


def test_communities_two_cliques_seeded():
    import networkx as nx
    left = [(a, b) for a in "abcd" for b in "abcd" if a < b]
    right = [(a, b) for a in "wxyz" for b in "wxyz" if a < b]
    G = nx.MultiDiGraph(left + right + [("d", "w")])
    c = communities(G)
    assert len(set(c.values())) == 2
    assert len({c[x] for x in "abcd"}) == 1 and len({c[x] for x in "wxyz"}) == 1 and c["a"] != c["w"]
    assert communities(G) == c  # seeded: same numbering every time
    assert communities(nx.MultiDiGraph()) == {}


def test_analyze_rows_and_write_back(store):
    rows = analyze(store)
    assert rows[0]["label"] == "Elon Musk"  # the most connected, though mostly a subject
    assert {r["label"] for r in rows} == {"Elon Musk", "Ding Xuexiang", "Tesla", "China"}
    assert set(rows[0]) >= {"entity", "label", "type", "pagerank", "betweenness", "degree", "community", "facts"}
    g = ox.NamedNode(ANALYSIS_GRAPH)
    q = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{ANALYSIS_GRAPH}> {{ ?e ?p ?v }} }}"
    assert int(next(iter(store.query(q)))["n"].value) == 4 * 4
    analyze(store)  # replaced, not appended
    assert int(next(iter(store.query(q)))["n"].value) == 4 * 4
    musk = ox.NamedNode(B + "entity/person/elon_musk")
    deg = list(store.quads_for_pattern(musk, ox.NamedNode(B + "ontology#degree"), None, g))
    assert [int(x.object.value) for x in deg] == [3]
    assert entity_graph(store).number_of_nodes() == 4  # the scores do not leak into the projection


def test_analyze_without_write_back_leaves_store(store):
    before = len(store)
    analyze(store, write_back=False)
    assert len(store) == before


def test_analyze_uses_store_wrapper():
    """A KgStore-like wrapper: ``.query`` sees the union, ``.store`` is the pyoxigraph store."""
    inner = make_store(article_trig("d", [MUSK, TESLA], [{"s": "person/elon_musk", "p": "own", "o": "org/tesla"}]))

    class Wrapper:
        store = inner

        def query(self, sparql):
            return inner.query(sparql, use_default_graph_as_union=True)

    rows = analyze(Wrapper())
    assert len(rows) == 2 and inner.contains_named_graph(ox.NamedNode(ANALYSIS_GRAPH))


def test_paths_by_alias_case_insensitive(store):
    found = paths(store, "DING", "tesla")
    assert found[0] == [PathStep("Elon Musk", "meet", "Ding Xuexiang", "Musk met Ding."),
                        PathStep("Elon Musk", "chief executive of", "Tesla", "Tesla CEO Elon Musk")]
    assert len(found) <= 3
    assert all(len(p) >= 2 for p in found)


def test_paths_k_and_none():
    chain = article_trig("d", [("x/a", "ORG", "A", []), ("x/b", "ORG", "B", []), ("x/c", "ORG", "C", []),
                               ("x/z", "ORG", "Z", [])],
                         [{"s": "x/a", "p": "own", "o": "x/b", "text": "A owns B."},
                          {"s": "x/b", "p": "own", "o": "x/c"}, {"s": "x/a", "p": "fund", "o": "x/c"}])
    store = make_store(chain)
    found = paths(store, "a", "c", k=1)
    assert found == [[PathStep("A", "fund", "C", "")]]
    assert len(paths(store, "a", "c", k=5)) == 2
    assert paths(store, "a", "z") == []  # Z is in the graph, unconnected
    assert paths(store, "a", "c", max_hops=1, k=5) == [[PathStep("A", "fund", "C", "")]]


def test_unknown_name_raises(store):
    with pytest.raises(InputError, match=r"\[E300\].*'Nobody'"):
        paths(store, "Nobody", "Tesla")
    with pytest.raises(InputError, match="E302"):
        paths(store, "Musk", "Tesla", k=0)


def test_find_entity_prefers_most_facts():
    import networkx as nx
    G = nx.Graph()
    G.add_node("p", label="Jordan", aliases=[], facts=1)
    G.add_node("q", label="Michael Jordan", aliases=["Jordan"], facts=9)
    assert find_entity(G, "  jordan ") == "q"


def test_with_kg_store(tmp_path):
    """The real store: KgStore.query sees the union; analyze writes through KgStore.replace_graph."""
    open_store = pytest.importorskip("kg.store").open_store
    trig = tmp_path / "g.trig"
    trig.write_text(PREFIXES + article_trig("d", [MUSK, DING, TESLA], [
        {"s": "person/elon_musk", "p": "meet", "o": "person/ding_xuexiang", "text": "Musk met Ding."},
        {"s": "person/elon_musk", "p": "own", "o": "org/tesla"}]), encoding="utf-8")
    store = open_store(graph_file=str(trig))
    try:
        rows = analyze(store)
        assert rows[0]["label"] == "Elon Musk" and len(rows) == 3
        q = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{ANALYSIS_GRAPH}> {{ ?e ?p ?v }} }}"
        assert int(next(iter(store.query(q)))["n"].value) == 12
        assert paths(store, "ding", "tesla")[0][0] == PathStep("Elon Musk", "meet", "Ding Xuexiang", "Musk met Ding.")
    finally:
        store.close()
