"""kg.export: RDF formats, JSON-LD with the context, GraphML/GEXF entity graphs, CSV."""
from __future__ import annotations

import csv
import json

import networkx as nx
import pytest

from kg.errors import InputError
from kg.export import entity_graph, export
from kg.store import open_store
from test_rdf import musk_graph, other_graph

MUSK = "https://w3id.org/kg-news/entity/person/elon_musk"
DING = "https://w3id.org/kg-news/entity/person/ding_xuexiang"


@pytest.fixture(scope="module")
def store():
    s = open_store()
    s.add([musk_graph(), other_graph()])
    return s


@pytest.mark.parametrize("fmt", ["ttl", "trig", "nq", "jsonld"])
def test_rdf_exports_load_back(store, tmp_path, fmt):
    out = tmp_path / f"g.{fmt}"
    assert export(store, fmt, str(out)) == [str(out)]
    back = open_store(graph_file=str(out))
    assert back.stats()["triples"] == store.stats()["triples"]
    if fmt in ("trig", "nq", "jsonld"):
        assert back.stats() == store.stats()


def test_jsonld_uses_the_context_inline(store, tmp_path):
    out = tmp_path / "g.jsonld"
    export(store, "jsonld", str(out))
    doc = json.loads(out.read_text())
    assert isinstance(doc["@context"], dict) and doc["@context"]["kg"].endswith("ontology#")
    assert "evidenceText" in out.read_text()


@pytest.mark.parametrize("fmt,reader", [("graphml", nx.read_graphml), ("gexf", nx.read_gexf)])
def test_graph_tool_exports(store, tmp_path, fmt, reader):
    out = tmp_path / f"g.{fmt}"
    export(store, fmt, str(out))
    g = reader(str(out))
    assert g.nodes[MUSK]["label"] == "Elon Musk"
    edges = [d for u, v, d in g.edges(data=True) if (u, v) == (MUSK, DING)]
    assert edges and edges[0]["predicate"] == "meet" and int(edges[0]["evidence"]) == 1


def test_entity_graph_has_only_asserted_edges(store):
    g = entity_graph(store)
    assert g.number_of_nodes() >= 7
    preds = {k for _, _, k in g.edges(keys=True)}
    assert "meet" in preds and "regulate" not in preds  # attributed facts are not edges
    assert not g.has_edge(DING, "https://w3id.org/kg-news/entity/gpe/beijing")  # negated


def test_csv_layout(store, tmp_path):
    out = tmp_path / "g.csv"
    written = export(store, "csv", str(out))
    assert written == [str(out), str(tmp_path / "g.entities.csv")]
    rows = list(csv.DictReader(out.open()))
    assert len(rows) == store.stats()["statements"]
    meet = next(r for r in rows if r["predicate"] == "meet" and r["asserted"] == "true")
    assert meet["subject_label"] == "Elon Musk" and meet["object_label"] == "Ding Xuexiang"
    assert meet["time"] == "2023-05-31" and meet["evidence"].startswith("Elon Musk met")
    owner = next(r for r in rows if r["predicate"] == "owner of")
    assert owner["object_label"] == "Twitter" and owner["asserted"] == "false"
    ents = list(csv.DictReader((tmp_path / "g.entities.csv").open()))
    assert any(e["label"] == "Elon Musk" and e["articles"] == "2" for e in ents)


def test_unknown_format(store, tmp_path):
    with pytest.raises(InputError, match="E006"):
        export(store, "xlsx", str(tmp_path / "x"))


def test_csv_event_without_object_is_a_row_not_an_assertion(tmp_path):
    from dataclasses import replace

    from kg.model import Evidence, Relation
    ag = musk_graph()
    text = ag.article.text
    ag = replace(ag, relations=[Relation("e2", "resign", None, 0.7, Evidence(text[:51], 0, 51), {"time": "2023-05"})])
    s = open_store()
    s.add([ag])
    export(s, "csv", str(tmp_path / "g.csv"))
    (row,) = list(csv.DictReader((tmp_path / "g.csv").open()))
    assert (row["predicate"], row["object"], row["asserted"], row["time"]) == ("resign", "", "false", "2023-05")
