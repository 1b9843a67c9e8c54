"""kg.rdf and kg.vocab: ArticleGraph -> quads, the IRI scheme, and the ontology's terms."""
from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import OWL, RDF, RDFS, XSD, Graph, Literal, URIRef
from rdflib.namespace import PROV, SDO, SKOS

from kg.model import Article, ArticleGraph, Claim, Entity, Evidence, Mention, Relation
from kg.rdf import article_nquads, article_quads, to_dataset
from kg.vocab import KG, REL, entity_iri, graph_iri, article_iri

ONTOLOGY = Path(__file__).resolve().parent.parent / "ontology"
MUSK = entity_iri("PERSON", "Elon Musk")
DING = entity_iri("PERSON", "Ding Xuexiang")


def musk_graph(text: str = "Elon Musk met Ding Xuexiang in Beijing on Wednesday. Musk said China will regulate AI.",
               **meta) -> ArticleGraph:
    """A hand-made article graph shaped like the extractor's output."""
    art = Article(text=text, source="musk.txt", title="Musk in China", published="2023-06-05",
                  metadata={"authors": ["Kanishka Singh"], "editors": ["Leslie Adler"], "publisher": "Reuters",
                            "url": "https://example.com/musk", **meta})
    ents = [Entity("e1", "Elon Musk", "PERSON", ["Musk"], [Mention("Elon Musk", 0, 9), Mention("Musk", 52, 56)]),
            Entity("e2", "Ding Xuexiang", "PERSON", [], [Mention("Ding Xuexiang", 14, 27)]),
            Entity("e3", "Beijing", "GPE", [], [Mention("Beijing", 31, 38)]),
            Entity("e4", "China", "GPE", [], [Mention("China", 62, 67)]),
            Entity("e5", "AI", "CONCEPT", [], [])]
    ev = Evidence(text[:51], 0, 51)
    ev2 = Evidence(text[52:], 52, len(text))
    rels = [Relation("e1", "meet", "e2", 0.91, ev, {"time": "2023-05-31", "time_surface": "on Wednesday",
                                                     "place": "e3"}),
            Relation("e4", "regulate", "e5", 0.6, ev2, {"modality": "will"}, attributed_to="e1"),
            Relation("e1", "owner of", "Twitter", 0.5, ev),
            Relation("e2", "meet", "e3", 0.3, ev, negated=True)]
    claims = [Claim("e1", "say", "China will regulate AI", ev2, 0.8, {"time": "2023-06"})]
    return ArticleGraph(art, ents, rels, claims)


def other_graph(text: str = "Musk visited Tesla's factory in Shanghai.") -> ArticleGraph:
    art = Article(text=text, source="other.txt", published="2023-06")
    ents = [Entity("e1", "Musk", "PERSON"), Entity("e2", "Tesla", "ORG"), Entity("e3", "Shanghai", "GPE")]
    rels = [Relation("e1", "visit", "e3", 0.7, Evidence(text, 0, len(text))),
            Relation("e2", "based in", "e3", 0.4, Evidence(text, 0, len(text)))]
    return ArticleGraph(art, ents, rels, [])


def _graph(ag: ArticleGraph) -> Graph:
    g = Graph()
    for q in article_quads(ag):
        g.add((q.s, q.p, q.o))
    return g


def test_named_graph_per_article_and_no_blank_nodes():
    ds = to_dataset([musk_graph(), other_graph()])
    names = {str(g.identifier) for g in ds.graphs() if len(g)}
    assert names == {str(graph_iri(musk_graph().article.doc)), str(graph_iri(other_graph().article.doc))}
    assert all(not t.startswith("_:") for q in ds.quads() for t in (q[0].n3(), q[2].n3()))


def test_deterministic_nquads():
    assert article_nquads(musk_graph()) == article_nquads(musk_graph())
    assert "_:" not in article_nquads(musk_graph())


def test_asserted_fact_has_edge_and_statement():
    g = _graph(musk_graph())
    assert (MUSK, REL.meet, DING) in g
    st = g.value(predicate=RDF.predicate, object=REL.meet)
    assert g.value(st, RDF.type) == KG.Statement
    assert g.value(st, RDF.subject) == MUSK and g.value(st, RDF.object) == DING
    assert g.value(st, KG.confidence) == Literal(0.91, datatype=XSD.double)
    assert g.value(st, KG.time) == Literal("2023-05-31", datatype=XSD.date)
    assert g.value(st, KG.timeText) == Literal("on Wednesday")
    assert g.value(st, KG.place) == entity_iri("GPE", "Beijing")
    assert g.value(st, KG.charStart).toPython() == 0 and g.value(st, KG.charEnd).datatype == XSD.integer
    assert g.value(st, PROV.wasDerivedFrom) == article_iri(musk_graph().article.doc)
    assert str(g.value(st, KG.evidenceText)).startswith("Elon Musk met")


def test_attributed_negated_and_literal_objects_have_no_edge():
    g = _graph(musk_graph())
    assert not list(g.triples((None, REL.regulate, None)))
    st = g.value(predicate=RDF.predicate, object=REL.regulate)
    assert g.value(st, KG.attributedTo) == MUSK and g.value(st, KG.modality) == Literal("will")
    assert (DING, REL.meet, entity_iri("GPE", "Beijing")) not in g
    neg = [s for s in g.subjects(KG.negated, Literal(True))]
    assert len(neg) == 1
    assert not list(g.triples((None, REL.owner_of, None)))
    st = g.value(predicate=RDF.predicate, object=REL.owner_of)
    assert g.value(st, RDF.object) == Literal("Twitter")


def test_entities_claims_article_and_predicates():
    g = _graph(musk_graph())
    assert g.value(MUSK, RDF.type) == KG.Person and g.value(MUSK, RDFS.label) == Literal("Elon Musk")
    assert g.value(MUSK, SKOS.altLabel) == Literal("Musk") and g.value(MUSK, KG.entityType) == Literal("PERSON")
    assert g.value(entity_iri("GPE", "China"), RDF.type) == KG.Place
    c = g.value(predicate=RDF.type, object=KG.Claim)
    assert g.value(c, KG.speaker) == MUSK and g.value(c, KG.cue) == Literal("say")
    assert g.value(c, KG.time) == Literal("2023-06", datatype=XSD.gYearMonth)
    a = article_iri(musk_graph().article.doc)
    assert g.value(a, RDF.type) == SDO.NewsArticle and g.value(a, SDO.headline) == Literal("Musk in China")
    assert g.value(a, SDO.datePublished) == Literal("2023-06-05", datatype=XSD.date)
    author = g.value(a, SDO.author)
    assert author == entity_iri("PERSON", "Kanishka Singh") and g.value(author, RDF.type) == KG.Person
    assert g.value(a, SDO.editor) == entity_iri("PERSON", "Leslie Adler")
    assert g.value(g.value(a, SDO.publisher), RDFS.label) == Literal("Reuters")
    assert g.value(a, SDO.url) == URIRef("https://example.com/musk")
    assert (REL.meet, RDF.type, RDF.Property) in g and g.value(REL.meet, RDFS.label) == Literal("meet")
    assert g.value(REL.meet, RDFS.subPropertyOf) == KG.meetingRelation
    assert g.value(REL.owner_of, RDFS.subPropertyOf) == KG.ownershipRelation


def test_unsafe_url_and_names_never_become_raw_iris():
    g = _graph(musk_graph(url="javascript:alert(1)"))
    assert not list(g.triples((None, SDO.url, None)))
    iri = entity_iri("ORG", 'Evil> <x> "y"')
    assert all(c not in str(iri) for c in '<> "')


def test_resolved_entity_keeps_statement_iris():
    ag = musk_graph()
    plain = {q.s for q in article_quads(ag) if (q.p, q.o) == (RDF.type, KG.Statement)}
    other = URIRef("https://w3id.org/kg-news/entity/person/e_musk")
    mapped = article_quads(ag, {"e1": other})
    assert plain == {q.s for q in mapped if (q.p, q.o) == (RDF.type, KG.Statement)}
    g = Graph()
    for q in mapped:
        g.add(q[:3])
    assert (other, REL.meet, DING) in g and g.value(other, RDFS.label) is None
    assert Literal("Elon Musk") in set(g.objects(other, SKOS.altLabel))


def _ontology_terms() -> set[str]:
    onto = Graph().parse(ONTOLOGY / "kg.ttl")
    ns = str(KG._NS)
    return {str(s)[len(ns):] for s in onto.subjects(RDF.type, None) if str(s).startswith(ns) and str(s) != ns}


def test_vocab_and_ontology_list_the_same_terms():
    declared = set(KG.__annotations__) | set(KG._extras)
    assert declared == _ontology_terms()


def test_ontology_declares_every_term_used():
    onto = Graph().parse(ONTOLOGY / "kg.ttl")
    used = set()
    for q in article_quads(musk_graph()):
        used |= {q.p} | ({q.o} if q.p == RDF.type else set())
    known = set(onto.subjects()) | {RDF.Property, RDF.type, RDF.subject, RDF.predicate, RDF.object, RDFS.label,
                                    RDFS.subPropertyOf, SKOS.altLabel, PROV.wasDerivedFrom}
    missing = {str(t) for t in used if not str(t).startswith(str(REL)) and t not in known}
    assert not missing
    assert (KG.Person, RDFS.subClassOf, SDO.Person) in onto or (KG.Person, OWL.equivalentClass, SDO.Person) in onto


@pytest.mark.parametrize("etype,name,expected", [
    ("PERSON", "Elon Musk", "person/elon_musk"), ("ORG", "Tesla Inc.", "org/tesla_inc"),
    ("GPE", "São Paulo", "gpe/sao_paulo"), ("PERSON", "李强", "person/%E6%9D%8E%E5%BC%BA")])
def test_entity_iri(etype, name, expected):
    assert str(entity_iri(etype, name)).endswith("/entity/" + expected)


def test_awkward_text_round_trips_through_nquads_and_store():
    import pyoxigraph as ox

    from kg.store import open_store
    text = 'He said "no"\\ then\nleft <b>now</b> — 習近平 \t ok.'
    ag = musk_graph(text=text + " " * 120)
    ag.relations[0].evidence = Evidence(text, 0, len(text))
    ag.entities[1].name = 'Ding "DX" <Xuexiang>\n'
    nq = article_nquads(ag)
    quads = list(ox.parse(nq, format=ox.RdfFormat.N_QUADS))
    assert len(quads) == len(nq.splitlines())
    store = open_store()
    store.add([ag])
    assert len(store) == len(quads) + 1  # + kg:contentHash
    ag.relations[1].confidence = 0.5  # a changed extraction is replaced through a SPARQL update:
    store.add([ag])  # escaping must hold there too
    assert len(store) == len(list(ox.parse(article_nquads(ag), format=ox.RdfFormat.N_QUADS))) + 1
    assert [r["c"].value for r in store.query("SELECT ?c WHERE { ?s kg:confidence ?c }")].count("0.5") == 2
    rows = list(store.query('SELECT ?t WHERE { ?s kg:evidenceText ?t }'))
    assert text in {r["t"].value for r in rows}
