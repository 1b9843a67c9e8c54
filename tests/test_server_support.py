"""Hand-written TriG following docs/contracts.md's RDF model, with hostile text in it."""
from __future__ import annotations

import re
from pathlib import Path

XSS_IMG = "<img src=x onerror=window.__pwned=1>"
XSS_SCRIPT = "</script><script>window.__pwned=1</script>"
ENT = "https://w3id.org/kg-news/entity/"
DOC = "a" * 64

SAMPLE_TRIG = r"""
@prefix kg: <https://w3id.org/kg-news/ontology#> .
@prefix rel: <https://w3id.org/kg-news/rel/> .
@prefix ent: <https://w3id.org/kg-news/entity/> .
@prefix art: <https://w3id.org/kg-news/article/> .
@prefix stmt: <https://w3id.org/kg-news/statement/> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix schema: <https://schema.org/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .

<https://w3id.org/kg-news/graph/DOC> {
  art:DOC a schema:NewsArticle ; schema:headline "Musk meets Chinese officials XSS_IMG" ;
      schema:datePublished "2023-06-05"^^xsd:date ; kg:docId "DOC" ; kg:source "examples/musk.txt" .
  ent:person/elon_musk a kg:Person ; rdfs:label "Elon Musk" ; skos:altLabel "Musk" ; kg:entityType "PERSON" .
  ent:organization/tesla a kg:Organization ; rdfs:label "Tesla" ; kg:entityType "ORG" .
  ent:person/wang_wentao a kg:Person ; rdfs:label "Wang Wentao" ; kg:entityType "PERSON" .
  ent:place/china a kg:Place ; rdfs:label "China" ; kg:entityType "GPE" .
  ent:person/mallory a kg:Person ; rdfs:label "Mallory XSS_IMG" ; skos:altLabel "XSS_SCRIPT" ; kg:entityType "PERSON" .
  rel:meet a rdf:Property ; rdfs:label "meet" .
  rel:ceo_of a rdf:Property ; rdfs:label "ceo of" .
  rel:praise a rdf:Property ; rdfs:label "praise XSS_IMG" .

  ent:person/elon_musk rel:meet ent:person/wang_wentao .
  stmt:s1 a kg:Statement ; rdf:subject ent:person/elon_musk ; rdf:predicate rel:meet ; rdf:object ent:person/wang_wentao ;
      kg:confidence 0.91 ; kg:evidenceText "Musk met Commerce Minister Wang Wentao on Wednesday." ;
      kg:charStart 0 ; kg:charEnd 52 ; prov:wasDerivedFrom art:DOC ; kg:time "2023-05-31"^^xsd:date ;
      kg:timeText "Wednesday" ; kg:place ent:place/china .
  ent:person/elon_musk rel:ceo_of ent:organization/tesla .
  stmt:s2 a kg:Statement ; rdf:subject ent:person/elon_musk ; rdf:predicate rel:ceo_of ; rdf:object ent:organization/tesla ;
      kg:confidence 0.8 ; kg:evidenceText "Tesla chief executive Elon Musk" ; kg:charStart 60 ; kg:charEnd 91 ;
      prov:wasDerivedFrom art:DOC .
  ent:person/mallory rel:praise ent:person/elon_musk .
  stmt:s3 a kg:Statement ; rdf:subject ent:person/mallory ; rdf:predicate rel:praise ; rdf:object ent:person/elon_musk ;
      kg:confidence 0.7 ; kg:evidenceText "Mallory said XSS_IMG and XSS_SCRIPT about Musk." ;
      kg:charStart 100 ; kg:charEnd 150 ; prov:wasDerivedFrom art:DOC .
  <https://w3id.org/kg-news/claim/c1> a kg:Claim ; kg:speaker ent:person/wang_wentao ; kg:cue "say" ;
      kg:content "China welcomes Elon Musk and Tesla XSS_SCRIPT" ; kg:confidence 0.8 ;
      kg:evidenceText "Wang said China welcomes Tesla." ; kg:charStart 200 ; kg:charEnd 240 ;
      prov:wasDerivedFrom art:DOC .
}
"""


def esc(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"')


def _full_iris(text: str) -> str:
    # Turtle forbids "/" in a prefixed name's local part, so entity IRIs are written in full.
    return re.sub(r"\bent:(\w+)/(\w+)", lambda m: f"<{ENT}{m[1]}/{m[2]}>", text)


def write_sample(folder: Path, extra_people: int = 0) -> Path:
    """Write the sample TriG (plus ``extra_people`` filler entities for row-cap tests)."""
    text = _full_iris(SAMPLE_TRIG).replace("DOC", DOC).replace("XSS_IMG", esc(XSS_IMG)).replace("XSS_SCRIPT", esc(XSS_SCRIPT))
    filler = "".join(f'<{ENT}person/p{i}> <http://www.w3.org/2000/01/rdf-schema#label> "Person {i}" .\n'
                     for i in range(extra_people))
    path = folder / "sample.trig"
    path.write_text(text + filler, encoding="utf-8")
    return path
