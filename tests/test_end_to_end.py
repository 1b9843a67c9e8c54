"""The bundled example, built once (session fixture), checked through SPARQL.

These run the whole pipeline: ingest -> spaCy + kg components -> RDF -> store -> query.
"""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "musk-china-ai.txt"
QUERIES = sorted((EXAMPLE.parent / "queries").glob("*.rq"))
PREFIXES = """
PREFIX rdf:    <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs:   <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos:   <http://www.w3.org/2004/02/skos/core#>
PREFIX xsd:    <http://www.w3.org/2001/XMLSchema#>
PREFIX schema: <https://schema.org/>
PREFIX kg:     <https://w3id.org/kg-news/ontology#>
PREFIX rel:    <https://w3id.org/kg-news/rel/>
"""

pytestmark = pytest.mark.slow


def ask(store, body: str) -> bool:
    from kg.query import run

    result = run(store, PREFIXES + "ASK {" + body + "}")
    return bool(result.boolean)


def select(store, query: str) -> list[tuple]:
    from kg.query import run

    return list(run(store, PREFIXES + query).rows or [])


def named(var: str, name: str) -> str:
    """``var`` is an entity called ``name`` (its label or one of its aliases)."""
    return f'{var} rdfs:label|skos:altLabel "{name}" .'


def test_build_summary(built):
    assert built.trig.stat().st_size > 0
    assert built.out.startswith("1 articles,") and "relations" in built.out


def test_musk_met_ding_xuexiang(graph):
    assert ask(graph, f"""?st a kg:Statement ; rdf:subject ?s ; rdf:predicate rel:meet ; rdf:object ?o .
                         {named("?s", "Elon Musk")} {named("?o", "Ding Xuexiang")}
                         FILTER NOT EXISTS {{ ?st kg:negated true }}""")


def test_meeting_with_ding_was_on_wednesday_may_31(graph):
    # "on Wednesday" in a story published Monday 2023-06-05 is the previous Wednesday.
    assert ask(graph, f"""?st rdf:subject ?s ; rdf:predicate rel:meet ; rdf:object ?o ; kg:time ?t .
                         {named("?s", "Elon Musk")} {named("?o", "Ding Xuexiang")}
                         FILTER(STR(?t) = "2023-05-31")""")


def test_cac_is_one_entity_that_unveiled_draft_measures(graph):
    assert ask(graph, f"""{named("?cac", "CAC")} {named("?cac", "Cyberspace Administration of China")}
                         ?st a kg:Statement ; rdf:subject ?cac ; rdf:predicate rel:unveil ; rdf:object ?m .
                         ?m rdfs:label ?ml . FILTER(CONTAINS(LCASE(?ml), "draft measures"))""")


def test_musk_owner_of_twitter(graph):
    assert ask(graph, f"""{named("?musk", "Elon Musk")} ?musk rel:owner_of ?tw . {named("?tw", "Twitter")}
                         ?st rdf:subject ?musk ; rdf:predicate rel:owner_of ; rdf:object ?tw ; kg:evidenceText ?ev .
                         FILTER(CONTAINS(?ev, "owner of Twitter"))""")


def test_musk_chief_executive_of_tesla(graph):
    assert ask(graph, f"""{named("?musk", "Elon Musk")} ?musk rel:chief_executive_of ?t .
                         ?t rdfs:label ?tl . FILTER(STRSTARTS(?tl, "Tesla"))""")


def test_no_boilerplate_entity(graph):
    assert not ask(graph, """?x ?p ?l . FILTER(isLiteral(?l) && CONTAINS(LCASE(STR(?l)), "minutehack"))""")
    assert not ask(graph, """?e rdfs:label ?l . FILTER(CONTAINS(LCASE(?l), "minutehack"))""")


def test_no_relation_or_claim_from_the_credit_line(graph):
    assert not ask(graph, """?st kg:evidenceText ?t .
                             FILTER(CONTAINS(?t, "Reporting by") || CONTAINS(?t, "Editing by"))""")
    for name in ("Kanishka Singh", "Leslie Adler", "Lisa Shumaker"):
        assert not ask(graph, f"""{named("?p", name)} {{ ?st rdf:subject ?p }} UNION {{ ?st rdf:object ?p }}
                                  UNION {{ ?c kg:speaker ?p }}""")


def test_authors_editors_publisher_in_article_metadata(graph):
    a = "?a a schema:NewsArticle ; schema:datePublished ?d . FILTER(STR(?d) = \"2023-06-05\")"
    assert ask(graph, a + named("?k", "Kanishka Singh") + " ?a schema:author ?k .")
    assert ask(graph, a + named("?e1", "Leslie Adler") + named("?e2", "Lisa Shumaker")
               + " ?a schema:editor ?e1, ?e2 .")
    assert ask(graph, a + named("?r", "Reuters") + " ?a schema:publisher ?r .")
    assert not ask(graph, named("?x", "Leslie Adler") + " ?a schema:author ?x .")


def test_evidence_offsets_point_into_the_article_text(graph):
    from kg.ingest import read_articles

    (article,) = read_articles([str(EXAMPLE)])
    rows = select(graph, """SELECT DISTINCT ?ev ?start ?end WHERE {
                              ?x kg:evidenceText ?ev ; kg:charStart ?start ; kg:charEnd ?end }""")
    assert rows
    for ev, start, end in rows:
        assert article.text[int(start):int(end)] == ev


def test_building_twice_is_idempotent(built, kg_run, tmp_path):
    store = tmp_path / "store"
    shutil.copytree(built.store, store)
    before = kg_run("stats", "--store", str(store))
    assert before.status == 0, before.err
    again = kg_run("build", str(EXAMPLE), "--published", "2023-06-05", "--store", str(store))
    assert again.status == 0, again.err
    after = kg_run("stats", "--store", str(store))
    assert after.out == before.out  # includes the triple count
    assert "triples" in after.out


def test_stats_counts(built, kg_run):
    r = kg_run("stats", "--graph", str(built.trig))
    assert r.status == 0, r.err
    counts = dict(line.split() for line in r.out.splitlines())
    assert counts["articles"] == "1"
    assert int(counts["entities"]) >= 8 and int(counts["relations"]) >= 5 and int(counts["claims"]) >= 1


@pytest.mark.parametrize("rq", QUERIES, ids=[q.stem for q in QUERIES])
@pytest.mark.parametrize("where", ["--graph", "--store"])
def test_example_queries_return_rows(built, kg_run, rq, where):
    target = built.trig if where == "--graph" else built.store
    r = kg_run("query", "-f", str(rq), where, str(target), "--format", "csv")
    assert r.status == 0, r.err
    lines = [ln for ln in r.out.splitlines() if ln.strip()]
    assert len(lines) >= 2, f"{rq.name} returned no rows:\n{r.out}"  # header + at least one row


def test_five_example_queries():
    assert len(QUERIES) == 5 and "who-met-whom" in [q.stem for q in QUERIES]


def test_extract_json_lines(kg_run):
    import json

    r = kg_run("extract", str(EXAMPLE), "--published", "2023-06-05")
    assert r.status == 0, r.err
    (line,) = r.out.splitlines()
    obj = json.loads(line)
    assert obj["published"] == "2023-06-05"
    assert obj["metadata"]["authors"] == ["Kanishka Singh"]
    assert {"doc", "source", "entities", "relations", "claims"} <= set(obj)
