"""kg.resolve: cross-article entity resolution, its provenance graph, and undo on removal."""
from __future__ import annotations

import pytest

from kg.model import Article, ArticleGraph, Entity, Evidence, Relation
from kg.query import run
from kg.store import open_store
from kg.vocab import RESOLUTION_GRAPH, entity_iri

MUSK = str(entity_iri("PERSON", "Elon Musk"))


def article(text: str, *entities: Entity, source: str | None = None) -> ArticleGraph:
    ev = Evidence(text, 0, len(text))
    rels = [Relation(entities[0].id, "meet", e.id, 0.8, ev) for e in entities[1:]]
    return ArticleGraph(Article(text, source=source or text[:10]), list(entities), rels)


def iris_of(store, label: str) -> set[str]:
    r = run(store, f'SELECT DISTINCT ?e WHERE {{ ?e rdfs:label|skos:altLabel "{label}" }}')
    return {row[0] for row in r.rows}


def merges(store) -> list[tuple]:
    return run(store, f"SELECT ?from ?into ?reason ?score WHERE {{ GRAPH <{RESOLUTION_GRAPH}> "
                      "{ ?m a kg:Merge ; kg:mergedFrom ?from ; kg:mergedInto ?into ; kg:reason ?reason ; "
                      "kg:score ?score } } ORDER BY ?from").rows


@pytest.fixture()
def store():
    s = open_store()
    s.add([article("Elon Musk met Li Qiang.", Entity("e1", "Elon Musk", "PERSON"), Entity("e2", "Li Qiang", "PERSON")),
           article("The Cyberspace Administration of China issued rules.",
                   Entity("e1", "Cyberspace Administration of China", "ORG")),
           article("Tesla Inc. sold cars.", Entity("e1", "Tesla Inc.", "ORG"))])
    return s


@pytest.mark.parametrize("name,etype,target,reason", [
    ("Musk", "PERSON", MUSK, "surname"),
    ("CAC", "ORG", str(entity_iri("ORG", "Cyberspace Administration of China")), "acronym"),
    ("Tesla", "ORG", str(entity_iri("ORG", "Tesla Inc.")), "name"),
    ("Cyberspace Administation of China", "ORG", str(entity_iri("ORG", "Cyberspace Administration of China")),
     "fuzzy"),
])
def test_same_thing_gets_one_iri(store, name, etype, target, reason):
    store.add([article(f"{name} spoke.", Entity("e1", name, etype))])
    assert iris_of(store, name) == {target}
    rows = merges(store)
    assert [(r[1], r[2]) for r in rows] == [(target, reason)] and 0 < rows[0][3] <= 1


def test_disagreeing_types_stay_apart(store):
    store.add([article("Musk Inc. spoke.", Entity("e1", "Musk", "ORG"))])
    assert iris_of(store, "Musk") == {str(entity_iri("ORG", "Musk"))}
    assert merges(store) == []


@pytest.mark.parametrize("known,new,etype", [
    ("George W. Bush", "George H. W. Bush", "PERSON"), ("Robert F. Kennedy", "Robert F. Kennedy Jr.", "PERSON"),
    ("Kim Jong Un", "Kim Jong Il", "PERSON"), ("Apollo 11", "Apollo 12", "PRODUCT"),
    ("Ministry of Commerce", "Ministry of Finance", "ORG")])
def test_near_names_that_differ_stay_apart(known, new, etype):
    s = open_store()
    s.add([article(f"{known}.", Entity("e1", known, etype))])
    s.add([article(f"{new}.", Entity("e1", new, etype))])
    assert merges(s) == []


def test_ambiguous_surname_stays_apart(store):
    store.add([article("Kimbal Musk spoke.", Entity("e1", "Kimbal Musk", "PERSON"))])
    store.add([article("Musk spoke.", Entity("e1", "Musk", "PERSON"))])
    assert iris_of(store, "Musk") == {str(entity_iri("PERSON", "Musk"))}


def test_alias_match(store):
    store.add([article("The Tesla carmaker.", Entity("e1", "Tesla Motors", "ORG", aliases=["Tesla Inc."]))])
    assert iris_of(store, "Tesla Motors") == {str(entity_iri("ORG", "Tesla Inc."))}


def test_resolved_add_is_idempotent(store):
    later = article("Musk met Ding Xuexiang.", Entity("e1", "Musk", "PERSON"), Entity("e2", "Ding Xuexiang", "PERSON"))
    store.add([later])
    before = (store.stats(), merges(store))
    store.add([later])
    assert (store.stats(), merges(store)) == before


def test_removing_the_target_article_undoes_the_merge(store):
    later = article("Musk met Ding Xuexiang.", Entity("e1", "Musk", "PERSON"), Entity("e2", "Ding Xuexiang", "PERSON"))
    store.add([later])
    assert run(store, f"ASK {{ <{MUSK}> rel:meet ?x }}").boolean
    store.remove("Elon Musk met Li Qiang."[:10])
    own = str(entity_iri("PERSON", "Musk"))
    assert merges(store) == []
    assert iris_of(store, "Musk") == {own}
    assert run(store, f'ASK {{ <{own}> rel:meet ?x ; rdfs:label "Musk" }}').boolean
    assert not run(store, f"ASK {{ <{MUSK}> ?p ?o }}").boolean
    # statements keep their IRIs, so rebuilding the article gives the same store
    fresh = open_store()
    fresh.add([article("Tesla Inc. sold cars.", Entity("e1", "Tesla Inc.", "ORG")),
               article("The Cyberspace Administration of China issued rules.",
                       Entity("e1", "Cyberspace Administration of China", "ORG")), later])
    assert fresh.stats() == store.stats()


def test_removing_the_merged_article_drops_its_record(store):
    store.add([article("Musk spoke.", Entity("e1", "Musk", "PERSON"))])
    store.remove("Musk spoke")
    assert merges(store) == []
    assert iris_of(store, "Musk") == set()
