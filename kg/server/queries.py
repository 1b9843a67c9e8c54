"""The explorer's SPARQL. User values never enter this text: they are bound through
pyoxigraph ``substitutions`` (SEP-0007), or are IRIs validated by ``pyoxigraph.NamedNode``."""
from __future__ import annotations

__all__ = ["ENT", "PROLOGUE", "ENTITY_PROPS", "FACTS_OUT", "FACTS_IN", "CLAIMS_BY", "CLAIMS_ABOUT", "SEARCH",
           "SUBGRAPH_EDGES", "NODE_INFO"]

ENT = "https://w3id.org/kg-news/entity/"
PROLOGUE = """PREFIX kg: <https://w3id.org/kg-news/ontology#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX schema: <https://schema.org/>
"""

# ?e (and ?q, ?needle) are substituted, so they must appear in the projection (pyoxigraph rule).
ENTITY_PROPS = PROLOGUE + """SELECT ?e ?p ?v WHERE {
  ?e ?p ?v FILTER(?p IN (rdfs:label, skos:altLabel, rdf:type, kg:entityType))
} LIMIT 500"""

# The article a fact or claim came from, named by headline, else source, with its date.
_ARTICLE = """
             OPTIONAL { ?article schema:headline ?headline }
             OPTIONAL { ?article kg:source ?source }
             OPTIONAL { ?article schema:datePublished ?date } }"""
_ARTICLE_SAMPLES = "(SAMPLE(?headline) AS ?title) (SAMPLE(?source) AS ?articleSource) (SAMPLE(?date) AS ?published)"

_FACT_TAIL = """
  OPTIONAL { ?pred rdfs:label ?plabel }
  OPTIONAL { ?st kg:evidenceText ?evidence }
  OPTIONAL { ?st kg:time ?time }
  OPTIONAL { ?st kg:negated ?negated }
  OPTIONAL { ?st kg:attributedTo ?speaker OPTIONAL { ?speaker rdfs:label ?slabel } }
  OPTIONAL { ?st prov:wasDerivedFrom ?article""" + _ARTICLE + """
} GROUP BY ?e ?st ?pred ?other ORDER BY ?pred LIMIT 1000"""
_FACT_HEAD = """SELECT ?e ?st ?pred ?other (SAMPLE(?plabel) AS ?predLabel) (SAMPLE(?olabel) AS ?otherLabel)
  (SAMPLE(?evidence) AS ?evidenceText) (SAMPLE(?time) AS ?when) (SAMPLE(?negated) AS ?isNegated)
  (SAMPLE(?speaker) AS ?attributedTo) (SAMPLE(?slabel) AS ?speakerLabel) (SAMPLE(?article) AS ?art)
  """ + _ARTICLE_SAMPLES
# An event may have no object ("resigned in 2024"); the label lookup stays inside that OPTIONAL, where
# ?other is bound, or it would pair the fact with every labelled node.
FACTS_OUT = PROLOGUE + _FACT_HEAD + """ WHERE {
  ?st a kg:Statement ; rdf:subject ?e ; rdf:predicate ?pred .
  OPTIONAL { ?st rdf:object ?other OPTIONAL { ?other rdfs:label ?olabel } }""" + _FACT_TAIL
FACTS_IN = PROLOGUE + _FACT_HEAD + """ WHERE {
  ?st a kg:Statement ; rdf:object ?e ; rdf:predicate ?pred ; rdf:subject ?other .
  OPTIONAL { ?other rdfs:label ?olabel }""" + _FACT_TAIL

_CLAIM_BODY = """
  OPTIONAL { ?c kg:cue ?cue }
  OPTIONAL { ?c kg:evidenceText ?evidence }
  OPTIONAL { ?c kg:speaker ?speaker OPTIONAL { ?speaker rdfs:label ?slabel } }
  OPTIONAL { ?c prov:wasDerivedFrom ?article""" + _ARTICLE + """
} GROUP BY ?c ?content"""
_CLAIM_HEAD = """(SAMPLE(?cue) AS ?cueWord) (SAMPLE(?evidence) AS ?evidenceText)
  (SAMPLE(?speaker) AS ?speakerIri) (SAMPLE(?slabel) AS ?speakerLabel) (SAMPLE(?article) AS ?art)
  """ + _ARTICLE_SAMPLES
CLAIMS_BY = PROLOGUE + "SELECT ?e ?c ?content " + _CLAIM_HEAD + """ WHERE {
  ?c a kg:Claim ; kg:speaker ?e ; kg:content ?content .""" + _CLAIM_BODY.replace("GROUP BY ?c", "GROUP BY ?e ?c") \
    + " LIMIT 200"
# Claims are text, so "about" means the claim's words contain the entity's name.
CLAIMS_ABOUT = PROLOGUE + "SELECT ?needle ?c ?content " + _CLAIM_HEAD + """ WHERE {
  ?c a kg:Claim ; kg:content ?content .
  FILTER(CONTAINS(LCASE(STR(?content)), ?needle))""" + _CLAIM_BODY.replace("GROUP BY ?c", "GROUP BY ?needle ?c") \
    + " LIMIT 200"

SEARCH = PROLOGUE + """SELECT ?q ?e (SAMPLE(?label) AS ?name) (SAMPLE(?type) AS ?entityType)
  (SAMPLE(?matched) AS ?match) WHERE {
  ?e rdfs:label|skos:altLabel ?matched .
  FILTER(isIRI(?e) && CONTAINS(LCASE(STR(?matched)), ?q))
  OPTIONAL { ?e rdfs:label ?label }
  OPTIONAL { ?e kg:entityType ?type }
} GROUP BY ?q ?e ORDER BY STRLEN(STR(SAMPLE(?label))) LIMIT 100"""

# {values} is a list of IRIs each checked by pyoxigraph.NamedNode (no <, >, quotes, spaces).
SUBGRAPH_EDGES = PROLOGUE + """SELECT ?s ?p ?o (SAMPLE(?plabel) AS ?predLabel) (SAMPLE(?ev) AS ?evidenceText)
  (SAMPLE(?date) AS ?published) WHERE {
  { VALUES ?s { {values} } ?st rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o . }
  UNION
  { VALUES ?o { {values} } ?st rdf:object ?o ; rdf:predicate ?p ; rdf:subject ?s . }
  ?st a kg:Statement .
  FILTER(isIRI(?o))
  OPTIONAL { ?p rdfs:label ?plabel }
  OPTIONAL { ?st kg:evidenceText ?ev }
  OPTIONAL { ?st prov:wasDerivedFrom/schema:datePublished ?date }
} GROUP BY ?s ?p ?o LIMIT 2000"""
NODE_INFO = PROLOGUE + """SELECT ?n (SAMPLE(?label) AS ?name) (SAMPLE(?type) AS ?entityType) WHERE {
  VALUES ?n { {values} }
  OPTIONAL { ?n rdfs:label ?label }
  OPTIONAL { ?n kg:entityType ?type }
} GROUP BY ?n"""
