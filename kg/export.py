"""Export a store: RDF (Turtle, TriG, N-Quads, JSON-LD with kg's context), GraphML/GEXF for Gephi and
Cytoscape, and CSV for pandas.

CSV layout: ``OUT.csv`` has one row per statement (fact) with the subject's and
object's labels and types, the predicate, qualifiers and evidence, so
``pandas.read_csv("OUT.csv")`` needs no join; ``OUT.entities.csv`` beside it lists
each entity once (IRI, label, type, aliases, number of articles).
"""
from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import networkx as nx
import pyoxigraph as ox

from .atomic import atomic_output, write_atomic
from .errors import Errors, InputError
from .query import term_value
from .validate import ONTOLOGY_DIR
from .vocab import REL

__all__ = ["export", "entity_graph", "EXPORT_FORMATS", "CONTEXT"]

EXPORT_FORMATS = ("ttl", "trig", "nq", "jsonld", "graphml", "gexf", "csv")
CONTEXT = ONTOLOGY_DIR / "context.jsonld"

_NODES = """SELECT ?e (SAMPLE(?l) AS ?label) (SAMPLE(?t) AS ?type) (SAMPLE(?c) AS ?class)
  (GROUP_CONCAT(DISTINCT ?alt; SEPARATOR="|") AS ?aliases) (COUNT(DISTINCT ?g) AS ?articles)
WHERE { GRAPH ?g { ?e kg:entityType ?t ; a ?c } OPTIONAL { ?e rdfs:label ?l } OPTIONAL { ?e skos:altLabel ?alt } }
GROUP BY ?e ORDER BY ?e"""
_EDGES = f"""SELECT ?s ?p (SAMPLE(?pl) AS ?predicate) ?o (COUNT(DISTINCT ?st) AS ?evidence) (MAX(?c) AS ?confidence)
  (SAMPLE(?ev) AS ?example)
WHERE {{ ?s ?p ?o . FILTER(STRSTARTS(STR(?p), "{REL}")) ?o kg:entityType ?ot .
  OPTIONAL {{ ?p rdfs:label ?pl }}
  OPTIONAL {{ ?st rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ; kg:confidence ?c ; kg:evidenceText ?ev
             FILTER NOT EXISTS {{ ?st kg:attributedTo ?x }} FILTER NOT EXISTS {{ ?st kg:negated true }} }} }}
GROUP BY ?s ?p ?o ORDER BY ?s ?p ?o"""
_STATEMENTS = """SELECT DISTINCT ?statement ?subject ?subject_label ?subject_type ?predicate ?object ?object_label ?object_type
  ?asserted ?attributed_to ?negated ?confidence ?time ?time_text ?place ?modality ?evidence ?char_start ?char_end
  ?article ?source ?published
WHERE { ?statement a kg:Statement ; rdf:subject ?subject ; rdf:predicate ?p ; kg:confidence ?confidence ;
    kg:evidenceText ?evidence ; kg:charStart ?char_start ; kg:charEnd ?char_end ; prov:wasDerivedFrom ?article .
  OPTIONAL { ?p rdfs:label ?pl } BIND(COALESCE(?pl, STR(?p)) AS ?predicate)
  OPTIONAL { ?statement rdf:object ?object OPTIONAL { ?object rdfs:label ?ol } OPTIONAL { ?object kg:entityType ?ot } }
  OPTIONAL { ?subject rdfs:label ?sl } OPTIONAL { ?subject kg:entityType ?subject_type }
  BIND(COALESCE(?sl, "") AS ?subject_label) BIND(IF(isLiteral(?object), STR(?object), COALESCE(?ol, "")) AS ?object_label)
  BIND(COALESCE(?ot, "") AS ?object_type)
  OPTIONAL { ?statement kg:attributedTo ?attributed_to } OPTIONAL { ?statement kg:negated ?neg }
  BIND(COALESCE(?neg, false) AS ?negated) BIND(!BOUND(?attributed_to) && !?negated && COALESCE(isIRI(?object), false) AS ?asserted)
  OPTIONAL { ?statement kg:time ?time } OPTIONAL { ?statement kg:timeText ?time_text }
  OPTIONAL { ?statement kg:place ?place } OPTIONAL { ?statement kg:modality ?modality }
  OPTIONAL { ?article kg:source ?source } OPTIONAL { ?article schema:datePublished ?published } }
ORDER BY ?article ?char_start ?statement"""


def export(store: Any, fmt: str, out_path: str) -> list[str]:
    """Write the store in ``fmt`` to ``out_path`` (atomically); returns the files written.

    ``fmt`` is one of ttl, trig, nq, jsonld, graphml, gexf, csv (see the module docstring for
    the CSV layout: ``out_path`` plus ``<stem>.entities.csv``).
    """
    if fmt not in EXPORT_FORMATS:
        raise InputError(Errors.E006.format(path=out_path, choices=", ".join(EXPORT_FORMATS)))
    if fmt in ("ttl", "trig", "nq"):
        store.dump(out_path, fmt)
        return [out_path]
    if fmt == "jsonld":
        write_atomic(out_path, _jsonld(store))
        return [out_path]
    if fmt == "csv":
        return _csv(store, out_path)
    graph = entity_graph(store)
    writer = nx.write_graphml if fmt == "graphml" else nx.write_gexf
    with atomic_output(out_path) as tmp:
        writer(graph, tmp)
    return [out_path]


def entity_graph(store: Any) -> nx.MultiDiGraph:
    """One node per entity (label, type, class, aliases, articles); one edge per asserted direct fact
    (key and ``predicate`` = the predicate's label, ``evidence`` = number of statements, best
    ``confidence`` and an ``example`` sentence)."""
    g = nx.MultiDiGraph()
    for r in store.query(_NODES):
        g.add_node(r["e"].value, label=_text(r["label"]) or r["e"].value.rsplit("/", 1)[-1],
                   type=_text(r["type"]), cls=_text(r["class"]).rsplit("#", 1)[-1],
                   aliases=_text(r["aliases"]), articles=int(r["articles"].value))
    for r in store.query(_EDGES):
        s, o = r["s"].value, r["o"].value
        pred = _text(r["predicate"]) or r["p"].value.rsplit("/", 1)[-1]
        conf = term_value(r["confidence"])
        g.add_edge(s, o, key=pred, predicate=pred, iri=r["p"].value, evidence=int(r["evidence"].value),
                   confidence=float(conf) if conf is not None else 0.0, example=_text(r["example"]))
    return g


def _text(term: Any) -> str:
    return "" if term is None else str(term.value)


def _jsonld(store: Any) -> str:
    """N-Quads out of Oxigraph, compacted by rdflib's JSON-LD serialiser with kg's context inlined
    (inline, not a URL: nothing is fetched when the file is read back)."""
    from rdflib import Dataset

    local = getattr(store, "store", None)
    if local is not None:  # a local Oxigraph store: every graph, the default one included
        nquads = local.dump(format=ox.RdfFormat.N_QUADS)
    else:
        nquads = ox.serialize(_all_quads(store), format=ox.RdfFormat.N_QUADS)
    ds = Dataset()
    ds.parse(data=nquads.decode("utf-8"), format="nquads")
    context = json.loads(CONTEXT.read_text(encoding="utf-8"))["@context"]
    return ds.serialize(format="json-ld", context=context, indent=1)


def _all_quads(store: Any) -> list[ox.Quad]:
    rows = store.query("SELECT ?s ?p ?o ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
    return [ox.Quad(r["s"], r["p"], r["o"], r["g"]) for r in rows]


def _csv(store: Any, out_path: str) -> list[str]:
    out = Path(out_path)
    entities = out.with_name(out.stem + ".entities.csv")
    rows = store.query(_STATEMENTS)
    names = [v.value for v in rows.variables]
    with atomic_output(str(out)) as tmp, open(tmp, "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(names)
        for r in rows:
            writer.writerow([_cell(r[n]) for n in names])
    with atomic_output(str(entities)) as tmp, open(tmp, "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(["entity", "label", "type", "aliases", "articles"])
        for r in store.query(_NODES):
            writer.writerow([r["e"].value, _text(r["label"]), _text(r["type"]), _text(r["aliases"]),
                             r["articles"].value])
    return [str(out), str(entities)]


def _cell(term: Any) -> Any:
    value = term_value(term)
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else value
