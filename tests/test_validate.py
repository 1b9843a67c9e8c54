"""kg.validate: SHACL shapes over the store's union graph."""
from __future__ import annotations

import json

from rdflib import Graph

from kg.model import Claim, Evidence
from kg.store import open_store
from kg.validate import ONTOLOGY_DIR, validate
from test_rdf import musk_graph, other_graph


def test_extracted_graph_conforms():
    store = open_store()
    store.add([musk_graph(), other_graph()])
    conforms, text = validate(store)
    assert conforms, text
    assert text.startswith("conforms")


def test_violations_are_readable():
    ag = musk_graph()
    ag.relations[0].confidence = 1.7
    ag.relations[1].evidence = Evidence("x", 10, 5)
    ag.claims.append(Claim(None, "say", "nobody said this", Evidence("y", 0, 1)))
    store = open_store()
    store.add([ag])
    conforms, text = validate(store)
    assert not conforms
    lines = text.splitlines()
    assert lines[0].startswith("does not conform: 2 violations (1 warning)")
    assert any("stmt:" in line and "kg:confidence" in line and "[0, 1]" in line and "1.7" in line for line in lines)
    assert any("kg:charStart" in line for line in lines)
    assert any(line.startswith("warning: claim:") and "kg:speaker" in line for line in lines)


def test_claim_without_speaker_is_only_a_warning():
    ag = musk_graph()
    ag.claims = [Claim(None, "say", "nobody said this", Evidence("y", 0, 1))]
    store = open_store()
    store.add([ag])
    conforms, text = validate(store)
    assert conforms and text.startswith("conforms (1 warning)")


def test_shapes_and_context_parse():
    assert len(Graph().parse(ONTOLOGY_DIR / "shapes.ttl")) > 20
    ctx = json.loads((ONTOLOGY_DIR / "context.jsonld").read_text())["@context"]
    assert ctx["kg"] == "https://w3id.org/kg-news/ontology#" and ctx["confidence"]["@type"] == "xsd:double"
