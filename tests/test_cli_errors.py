"""Bad input gives one ``kg: error: …`` line, a non-zero exit, no traceback and no output file."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from kg.errors import InputError

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "musk-china-ai.txt"
TINY_TTL = """@prefix schema: <https://schema.org/> .
<https://w3id.org/kg-news/article/abc> a schema:NewsArticle .
"""


def assert_one_error(r, *words: str) -> None:
    lines = r.err.splitlines()
    assert r.status == 1, r.err
    assert len(lines) == 1, r.err
    assert lines[0].startswith("kg: error: ")
    assert "Traceback" not in r.err and "Traceback" not in r.out
    for w in words:
        assert w.lower() in lines[0].lower(), lines[0]


def article(tmp_path: Path, content: str | bytes, name: str = "a.txt") -> str:
    p = tmp_path / name
    p.write_bytes(content) if isinstance(content, bytes) else p.write_text(content, encoding="utf-8")
    return str(p)


@pytest.mark.parametrize("content, words", [
    (None, ("no such file",)),
    ("", ("empty",)),
    (b"\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00" * 50, ("not text", "binary")),
    ("Le caf\xe9 de la gare a ferm\xe9 ses portes.".encode("latin-1"), ("not UTF-8", "byte 6")),
])
def test_bad_article(kg_run, tmp_path, content, words):
    path = str(tmp_path / "missing.txt") if content is None else article(tmp_path, content)
    out = tmp_path / "out.trig"
    r = kg_run("build", path, "-o", str(out))
    assert_one_error(r, path, *words)
    assert not out.exists() and list(tmp_path.glob(".out.trig*")) == []


def test_unknown_output_extension(kg_run, tmp_path):
    out = tmp_path / "graph.xyz"
    r = kg_run("build", str(EXAMPLE), "-o", str(out))
    assert_one_error(r, "unknown output format", "graph.xyz", ".trig")
    assert not out.exists()


def test_build_needs_an_output(kg_run):
    assert_one_error(kg_run("build", str(EXAMPLE)), "-o FILE", "--store")


def test_bad_published_date(kg_run, tmp_path):
    r = kg_run("build", str(EXAMPLE), "--published", "2023-02-30", "-o", str(tmp_path / "g.trig"))
    assert_one_error(r, "2023-02-30", "YYYY-MM-DD")


def test_malformed_sparql(kg_run, tmp_path):
    g = article(tmp_path, TINY_TTL, "tiny.ttl")
    r = kg_run("query", "SELEC ?s WHERE { ?s ?p ?o }", "--graph", g)
    assert_one_error(r, "sparql")


def test_query_refused(kg_run, tmp_path):
    g = article(tmp_path, TINY_TTL, "tiny.ttl")
    r = kg_run("query", "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }", "--graph", g)
    assert_one_error(r, "refused")


def test_graph_file_that_is_not_rdf(kg_run, tmp_path):
    g = article(tmp_path, "this is not turtle at all {{{", "notes.ttl")
    assert_one_error(kg_run("stats", "--graph", g), "notes.ttl")


def test_graph_file_missing(kg_run, tmp_path):
    g = str(tmp_path / "nope.trig")
    assert_one_error(kg_run("query", "ASK {}", "--graph", g), "nope.trig", "no such file")


def test_query_file_missing(kg_run, tmp_path):
    g = article(tmp_path, TINY_TTL, "tiny.ttl")
    assert_one_error(kg_run("query", "-f", str(tmp_path / "q.rq"), "--graph", g), "q.rq")


def test_usage_error_exits_2(kg_run):
    r = kg_run("query", "ASK {}")  # neither --store nor --graph
    assert r.status == 2 and "--store" in r.err and "Traceback" not in r.err
    assert kg_run("no-such-command").status == 2


def test_help_and_version(kg_run):
    assert kg_run("--help").status == 0
    r = kg_run("--version")
    assert r.status == 0 and r.out.startswith("kg ")


def test_traceback_flag_reraises(kg_run, tmp_path):
    with pytest.raises(InputError):
        kg_run("--traceback", "build", str(tmp_path / "missing.txt"), "-o", str(tmp_path / "g.trig"))
    with pytest.raises(InputError):  # also accepted after the subcommand
        kg_run("build", str(tmp_path / "missing.txt"), "-o", str(tmp_path / "g.trig"), "--traceback")


def test_unexpected_error_is_one_line(kg_run, monkeypatch, tmp_path):
    import kg.ingest

    def boom(*a, **k):
        raise RuntimeError("disk on fire\nsecond line")

    monkeypatch.setattr(kg.ingest, "read_articles", boom)
    r = kg_run("build", str(EXAMPLE), "-o", str(tmp_path / "g.trig"))
    assert_one_error(r, "RuntimeError", "disk on fire", "--traceback")


def test_missing_module_is_one_line(kg_run, monkeypatch, tmp_path):
    monkeypatch.setitem(sys.modules, "kg.viz", None)  # import of kg.viz now fails
    g = article(tmp_path, TINY_TTL, "tiny.ttl")
    assert_one_error(kg_run("viz", "--graph", g, "-o", str(tmp_path / "m.html")), "kg viz", "kg.viz")
    assert not (tmp_path / "m.html").exists()


def test_real_process_exit_status_and_stderr(tmp_path):
    missing = str(tmp_path / "missing.txt")
    p = subprocess.run([sys.executable, "-m", "kg", "build", missing, "-o", str(tmp_path / "g.trig")],
                       capture_output=True, text=True, timeout=120)
    assert p.returncode == 1
    assert p.stderr.splitlines() == [f"kg: error: [E001] no such file or folder: {missing}"]


def test_serve_missing_graph(kg_run, tmp_path):
    g = str(tmp_path / "none.trig")
    assert_one_error(kg_run("serve", "--graph", g, "--port", "0"), "none.trig", "no such file")


def test_openie_missing_file(kg_run, tmp_path):
    out = tmp_path / "o.tsv"
    assert_one_error(kg_run("openie", str(tmp_path / "s.txt"), "-o", str(out)), "s.txt", "no such file")
    assert not out.exists()


def test_usage_error_is_one_line(kg_run):
    r = kg_run("query", "ASK {}")  # neither --store nor --graph
    assert r.status == 2
    assert r.err.splitlines() == ["kg: error: one of the arguments --store --graph is required "
                                  "(see `kg query --help`)"]


def test_export_onto_a_folder(kg_run, tmp_path):
    g = article(tmp_path, TINY_TTL, "tiny.ttl")
    folder = tmp_path / "out"
    folder.mkdir()
    for fmt in ("ttl", "jsonld", "graphml", "csv"):
        assert_one_error(kg_run("export", "--graph", g, "--format", fmt, "-o", str(folder)), "cannot write", "out")
    assert list(folder.iterdir()) == [] and sorted(p.name for p in tmp_path.iterdir()) == ["out", "tiny.ttl"]


def test_graph_file_of_unknown_kind_is_an_input_error(kg_run, tmp_path):
    g = article(tmp_path, '{"text": "Musk met Ding."}\n', "articles.jsonl")
    r = kg_run("stats", "--graph", g)
    assert_one_error(r, "articles.jsonl", "RDF format", ".trig")
    assert "output" not in r.err


def test_html_page_without_article_text(kg_run, tmp_path):
    page = article(tmp_path, "<html><head><title>Only a title</title></head><body><nav><a href='/'>Home</a> | "
                             "<a href='/w'>World</a></nav><footer>Copyright 2024 Example News. All rights reserved."
                             "</footer></body></html>", "page.html")
    out = tmp_path / "g.trig"
    assert_one_error(kg_run("build", page, "-o", str(out)), "page.html", "no article text")
    assert not out.exists()
