"""The CLI's own plumbing (build outputs, stats, remove, analyze, path, extract text) with a stub extractor.

No spaCy model here: ``kg.extract.extract`` and ``kg.nlp.load_nlp`` are replaced by stubs, so these
tests check the command layer; test_end_to_end.py checks the real pipeline.
"""
from __future__ import annotations

import json
import sys
import types
from pathlib import Path

import pytest

from kg.model import Article, ArticleGraph, Claim, Entity, Evidence, Mention, Relation

TEXT = "Elon Musk met Ding Xuexiang in Beijing on Wednesday, a source said."


def fake_graph(article: Article) -> ArticleGraph:
    ev = Evidence(article.text, 0, len(article.text))
    ents = [Entity("e1", "Elon Musk", "PERSON", ["Musk"], [Mention("Elon Musk", 0, 9)]),
            Entity("e2", "Ding Xuexiang", "PERSON", [], [Mention("Ding Xuexiang", 14, 27)]),
            Entity("e3", "Beijing", "GPE", [], [Mention("Beijing", 31, 38)])]
    rels = [Relation("e1", "meet", "e2", 0.9, ev, {"time": "2023-05-31", "place": "e3"})]
    return ArticleGraph(article, ents, rels, [Claim("e1", "say", "Elon Musk met Ding Xuexiang", ev, 0.8)])


@pytest.fixture
def stub_pipeline(monkeypatch):
    calls = {}

    def extract(articles, nlp=None, *, n_process=1, batch_size=64, progress=False):
        calls["progress"] = progress
        return (fake_graph(a) for a in articles)

    nlp_mod = types.ModuleType("kg.nlp")
    nlp_mod.load_nlp = lambda model=None, **kw: calls.setdefault("model", model)
    monkeypatch.setitem(sys.modules, "kg.nlp", nlp_mod)
    import kg.extract
    monkeypatch.setattr(kg.extract, "extract", extract, raising=False)
    return calls


@pytest.fixture
def article_file(tmp_path) -> str:
    p = tmp_path / "story.txt"
    p.write_text(TEXT + "\n(Reporting by Jane Roe; Editing by Bo Chan)\n", encoding="utf-8")
    return str(p)


@pytest.mark.parametrize("ext", [".trig", ".ttl", ".nq", ".jsonld"])
def test_build_writes_each_rdf_format(stub_pipeline, kg_run, article_file, tmp_path, ext):
    out = tmp_path / "sub" / f"graph{ext}"
    r = kg_run("build", article_file, "--published", "2023-06-05", "-o", str(out))
    assert r.status == 0, r.err
    assert r.out.strip() == f"1 articles, 3 entities, 1 relations, 1 claims -> {out}"
    assert out.stat().st_size > 0 and [p.name for p in out.parent.iterdir()] == [out.name]  # no temp left
    if ext == ".jsonld":
        json.loads(out.read_text(encoding="utf-8"))


def test_build_store_stats_remove(stub_pipeline, kg_run, article_file, tmp_path):
    store = str(tmp_path / "store")
    assert kg_run("build", article_file, "--store", store, "--model", "my_model").status == 0
    assert stub_pipeline["model"] == "my_model" and stub_pipeline["progress"] is False
    r = kg_run("stats", "--store", store)
    assert r.status == 0, r.err
    counts = dict(line.split() for line in r.out.splitlines())
    assert counts["articles"] == "1" and counts["relations"] == "1" and counts["claims"] == "1"
    assert int(counts["entities"]) >= 3
    r = kg_run("remove", article_file, "--store", store)
    assert r.status == 0 and r.out.startswith(f"removed {article_file}"), r.err
    counts = dict(line.split() for line in kg_run("stats", "--store", store).out.splitlines())
    assert counts["articles"] == "0" and counts["triples"] == "0"


def test_remove_unknown_article_is_one_line(stub_pipeline, kg_run, article_file, tmp_path):
    store = str(tmp_path / "store")
    assert kg_run("build", article_file, "--store", store).status == 0
    r = kg_run("remove", "nothing-like-this", "--store", store)
    assert r.status == 1 and len(r.err.splitlines()) == 1 and r.err.startswith("kg: error:")


def test_build_from_stdin(stub_pipeline, kg_run, tmp_path):
    out = tmp_path / "g.nq"
    r = kg_run("build", "-", "-o", str(out), stdin=TEXT)
    assert r.status == 0, r.err
    assert "Ding" in out.read_text(encoding="utf-8")


def test_failed_build_leaves_no_file(stub_pipeline, kg_run, article_file, tmp_path, monkeypatch):
    import kg.store

    def broken_dump(self, path, fmt=None):
        Path(path).write_text("partial")
        raise OSError("disk full")

    monkeypatch.setattr(kg.store.KgStore, "dump", broken_dump)
    r = kg_run("build", article_file, "-o", str(tmp_path / "g.trig"))
    assert r.status == 1 and "disk full" in r.err
    assert list(tmp_path.glob("*.trig*")) == [] and list(tmp_path.glob(".g.trig*")) == []


def test_extract_json_and_text(stub_pipeline, kg_run, article_file):
    r = kg_run("extract", article_file, "--published", "2023-06-05")
    assert r.status == 0, r.err
    obj = json.loads(r.out)
    assert obj["published"] == "2023-06-05" and obj["metadata"]["editors"] == ["Bo Chan"]
    assert obj["relations"][0]["predicate"] == "meet"
    r = kg_run("extract", article_file, "--format", "text")
    assert "Elon Musk -meet-> Ding Xuexiang" in r.out and "place=Beijing" in r.out


def test_analyze_and_path(stub_pipeline, kg_run, article_file, tmp_path):
    g = tmp_path / "g.trig"
    assert kg_run("build", article_file, "-o", str(g)).status == 0
    r = kg_run("analyze", "--graph", str(g))
    assert r.status == 0, r.err
    assert r.out.splitlines()[0].startswith("entity\t") and "Elon Musk" in r.out
    r = kg_run("path", "Musk", "Ding Xuexiang", "--graph", str(g))
    assert r.status == 0, r.err
    assert "1. Elon Musk -meet-> Ding Xuexiang" in r.out


def test_viz_writes_map(stub_pipeline, kg_run, article_file, tmp_path):
    g, html = tmp_path / "g.trig", tmp_path / "map.html"
    assert kg_run("build", article_file, "-o", str(g)).status == 0
    r = kg_run("viz", "--graph", str(g), "-o", str(html), "--focus", "Elon Musk", "--hops", "2")
    assert r.status == 0, r.err
    assert html.read_text(encoding="utf-8").lstrip().lower().startswith("<!doctype html")


def test_viz_bad_date_is_usage_error(kg_run, tmp_path):
    r = kg_run("viz", "--graph", str(tmp_path / "g.trig"), "-o", "m.html", "--since", "May 2023")
    assert r.status == 2 and "YYYY-MM-DD" in r.err


@pytest.mark.parametrize("fmt, ext", [("graphml", ".graphml"), ("gexf", ".gexf"), ("csv", ".csv"), ("nq", ".nq")])
def test_export(stub_pipeline, kg_run, article_file, tmp_path, fmt, ext):
    g, out = tmp_path / "g.trig", tmp_path / f"export{ext}"
    assert kg_run("build", article_file, "-o", str(g)).status == 0
    r = kg_run("export", "--graph", str(g), "--format", fmt, "-o", str(out))
    assert r.status == 0, r.err
    assert out.exists() and out.stat().st_size > 0


def test_validate_conforming_graph(stub_pipeline, kg_run, article_file, tmp_path):
    g = tmp_path / "g.trig"
    assert kg_run("build", article_file, "--published", "2023-06-05", "-o", str(g)).status == 0
    r = kg_run("validate", "--graph", str(g))
    assert r.status == 0, r.out + r.err


def test_query_formats(stub_pipeline, kg_run, article_file, tmp_path):
    g = tmp_path / "g.trig"
    assert kg_run("build", article_file, "-o", str(g)).status == 0
    q = ("PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> PREFIX rel: <https://w3id.org/kg-news/rel/> "
         "SELECT ?a ?b WHERE { ?x rel:meet ?y . ?x rdfs:label ?a . ?y rdfs:label ?b }")
    for fmt in ("table", "csv", "json"):
        r = kg_run("query", q, "--graph", str(g), "--format", fmt)
        assert r.status == 0, r.err
        assert "Elon Musk" in r.out and "Ding Xuexiang" in r.out
    qf = tmp_path / "q.rq"
    qf.write_text(q, encoding="utf-8")
    assert "Ding Xuexiang" in kg_run("query", "-f", str(qf), "--graph", str(g)).out


def test_validate_reports_violations(kg_run, tmp_path):
    g = tmp_path / "bad.ttl"
    g.write_text("@prefix kg: <https://w3id.org/kg-news/ontology#> .\n"
                 "<https://w3id.org/kg-news/statement/x> a kg:Statement ; kg:confidence \"high\" .\n", encoding="utf-8")
    r = kg_run("validate", "--graph", str(g))
    assert r.status == 1 and "statement/x" in r.out
    assert r.err.splitlines() == ["kg: error: [E504] the graph does not conform to the SHACL shapes (report above)"]


@pytest.mark.slow
def test_openie_writes_carb_lines(kg_run, tmp_path):
    src, out = tmp_path / "s.txt", tmp_path / "out.tsv"
    src.write_text("Elon Musk met Ding Xuexiang in Beijing.\nThe regulator unveiled draft measures.\n", encoding="utf-8")
    r = kg_run("openie", str(src), "-o", str(out))
    assert r.status == 0, r.err
    rows = [line.split("\t") for line in out.read_text(encoding="utf-8").splitlines()]
    assert rows and all(len(row) >= 5 for row in rows)
    assert rows[0][0] == "Elon Musk met Ding Xuexiang in Beijing."


def test_extract_jsonl_from_stdin(stub_pipeline, kg_run):
    lines = "\n".join(json.dumps({"text": TEXT, "url": f"https://x.example/{i}"}) for i in range(3))
    r = kg_run("extract", "-", stdin=lines)
    assert r.status == 0, r.err
    objs = [json.loads(line) for line in r.out.splitlines()]
    assert [o["metadata"]["url"] for o in objs] == [f"https://x.example/{i}" for i in range(3)]


def test_build_folder_of_mixed_inputs(stub_pipeline, kg_run, tmp_path):
    corpus = tmp_path / "corpus"
    (corpus / "web").mkdir(parents=True)
    (corpus / "a.txt").write_text(TEXT, encoding="utf-8")
    (corpus / "feed.jsonl").write_text(json.dumps({"text": "The council met on Monday."}) + "\n", encoding="utf-8")
    (corpus / "web" / "page.html").write_text(
        f"<html><body><article><p>{TEXT}</p><p>The talks lasted two hours, officials said.</p></article>"
        "</body></html>", encoding="utf-8")
    r = kg_run("build", str(corpus), "--store", str(tmp_path / "store"))
    assert r.status == 0, r.err
    assert r.out.startswith("3 articles,")


def test_outputs_are_readable_like_any_new_file(stub_pipeline, kg_run, article_file, tmp_path):
    import os

    mask = os.umask(0o022)
    os.umask(mask)
    g, html, csv = tmp_path / "g.trig", tmp_path / "map.html", tmp_path / "facts.csv"
    assert kg_run("build", article_file, "-o", str(g)).status == 0
    assert kg_run("viz", "--graph", str(g), "-o", str(html)).status == 0
    assert kg_run("export", "--graph", str(g), "--format", "csv", "-o", str(csv)).status == 0
    for p in (g, html, csv, tmp_path / "facts.entities.csv"):
        assert p.stat().st_mode & 0o777 == 0o666 & ~mask, p  # not mkstemp's private 0600


def test_viz_since_until_take_a_year_or_month(stub_pipeline, kg_run, article_file, tmp_path):
    g, html = tmp_path / "g.trig", tmp_path / "map.html"
    assert kg_run("build", article_file, "--published", "2023-06-05", "-o", str(g)).status == 0
    r = kg_run("viz", "--graph", str(g), "-o", str(html), "--since", "2023-05", "--until", "2023")
    assert r.status == 0, r.err
    assert "(2 entities, 1 facts)" in r.out  # Musk met Ding on 2023-05-31: inside May 2023
    r = kg_run("viz", "--graph", str(g), "-o", str(html), "--since", "2023-06")
    assert r.status == 0 and "(0 entities, 0 facts)" in r.out


def test_build_into_a_store_in_use_fails_before_extracting(stub_pipeline, kg_run, article_file, tmp_path,
                                                           monkeypatch):
    from kg.store import open_store
    import kg.extract

    extracted = []
    monkeypatch.setattr(kg.extract, "extract", lambda articles, *a, **k: extracted.append(1) or iter(()))
    path = str(tmp_path / "store")
    with open_store(path, create=True):  # another writer holds the store
        r = kg_run("build", article_file, "--store", path)
    assert r.status == 1 and "in use" in r.err
    assert extracted == []  # the articles were not extracted only to be thrown away


def test_text_summary_of_an_event_without_object():
    from dataclasses import replace

    from kg.cli import _describe
    from kg.model import Evidence, Relation
    from test_rdf import musk_graph
    ag = musk_graph()
    ag = replace(ag, relations=[Relation("e2", "resign", None, 0.7, Evidence("x", 0, 1), {"time": "2023-05"})])
    assert "  Ding Xuexiang -resign-> (no object)  0.70 time=2023-05" in _describe(ag).splitlines()
