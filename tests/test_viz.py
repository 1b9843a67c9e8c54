"""kg.viz: the map file is self-contained, escaped, capped and filtered as asked (no browser here)."""
from __future__ import annotations

import base64
import hashlib
import json
import re
from html.parser import HTMLParser

import networkx as nx
import pytest

from kg.errors import InputError
from kg.viz import PHYSICS_MAX_NODES, highlight, render_map
from test_analysis import CHINA, DING, MUSK, TESLA, article_trig, make_store

IMG = "<img src=x onerror=window.__pwned=1>"
BREAK = "</script><script>window.__pwned=1</script>"


class _Tags(HTMLParser):
    """Collects start tags with their attributes, and the text of each <script>."""

    def __init__(self):
        super().__init__()
        self.tags, self.scripts, self._in_script = [], [], False

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._in_script = tag == "script"
        if self._in_script:
            self.scripts.append("")

    def handle_endtag(self, tag):
        self._in_script = False

    def handle_data(self, data):
        if self._in_script:
            self.scripts[-1] += data


def parse(path) -> _Tags:
    p = _Tags()
    p.feed(path.read_text(encoding="utf-8"))
    return p


def page_data(path) -> dict:
    script = next(s for s in parse(path).scripts if s.startswith("window.KG_DATA = "))
    return json.loads(script[len("window.KG_DATA = "):].rstrip(";"))


@pytest.fixture
def hostile_store():
    evil = ("person/evil", "PERSON", f"Evil {IMG}", [BREAK])
    a1 = article_trig("d1", [MUSK, DING, TESLA, CHINA, evil], [
        {"s": "person/elon_musk", "p": "meet", "o": "person/ding_xuexiang", "conf": 0.9, "time": "2023-05-31",
         "text": "Musk met with Chinese Vice Premier Ding Xuexiang."},
        {"s": "person/elon_musk", "p": "chief executive of", "o": "org/tesla", "text": "Tesla CEO Elon Musk"},
        {"s": "gpe/china", "p": "regulate", "o": "org/tesla", "attributed_to": "person/elon_musk",
         "text": f"Musk said China will regulate {IMG} Tesla {BREAK}", "time": "2022-01-10"},
        {"s": "person/evil", "p": f"p {IMG}", "o": "person/elon_musk", "text": f"{BREAK} Evil {IMG} met Musk"},
    ], headline=f"Musk in China {BREAK}{IMG}", url="https://www.example.com/story")
    return make_store(a1)


def test_offline_no_urls(hostile_store, tmp_path):
    out = tmp_path / "map.html"
    stats = render_map(hostile_store, out)
    text = out.read_text(encoding="utf-8")
    assert stats["nodes"] == 5 and stats["edges"] == 4 and stats["bytes"] == len(text.encode())
    assert re.search(r"(?i)https?:\/\/", text) is None  # not even the article URL or the SVG namespace
    assert re.search(r"(?i)(https?:|//)[^\s\"'<>]*\.(js|css)\b", text) is None
    for tag, attrs in parse(out).tags:
        assert "src" not in attrs and "href" not in attrs, (tag, attrs)


def test_hostile_text_is_escaped(hostile_store, tmp_path):
    out = tmp_path / "map.html"
    render_map(hostile_store, out, title=f"Map {IMG}")
    text = out.read_text(encoding="utf-8")
    assert IMG not in text and BREAK not in text and "<img" not in text
    doc = parse(out)
    assert [t for t, _ in doc.tags].count("script") == 3  # vis-network, the data, our code: nothing injected
    assert not any(t in ("img", "iframe", "object", "embed") for t, _ in doc.tags)
    assert "<title>Map &lt;img src=x onerror=window.__pwned=1&gt;</title>" in text
    data = page_data(out)
    tips = [n["tip"] for n in data["nodes"]] + [e["tip"] for e in data["edges"]]
    assert any("Evil &lt;img src=x onerror=window.__pwned=1&gt;" in t for t in tips)
    assert any("&lt;/script&gt;&lt;script&gt;window.__pwned=1&lt;/script&gt;" in t for t in tips)
    assert all("<img" not in t and "<script" not in t for t in tips)
    evil = next(n for n in data["nodes"] if n["names"][0].startswith("Evil"))
    assert evil["names"] == [f"Evil {IMG}", BREAK]  # raw in the JSON data (searched, never parsed as HTML)


def test_csp_allows_only_our_scripts(hostile_store, tmp_path):
    out = tmp_path / "map.html"
    render_map(hostile_store, out)
    doc = parse(out)
    csp = next(a["content"] for t, a in doc.tags if t == "meta" and a.get("http-equiv") == "Content-Security-Policy")
    assert "default-src 'none'" in csp and "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]
    for script in doc.scripts:
        digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in csp


def test_nodes_and_edges(hostile_store, tmp_path):
    out = tmp_path / "map.html"
    stats = render_map(hostile_store, out)
    data = page_data(out)
    assert stats["layout"] == "physics" and data["physics"] is True
    by_name = {n["names"][0]: n for n in data["nodes"]}
    assert by_name["Elon Musk"]["kgType"] == "Person" and by_name["Elon Musk"]["names"] == ["Elon Musk", "Musk"]
    assert by_name["Tesla"]["color"] != by_name["Elon Musk"]["color"]  # coloured by type
    assert by_name["Elon Musk"]["size"] > by_name["China"]["size"] or by_name["Tesla"]["size"] > by_name["China"]["size"]
    edges = {e["pred"]: e for e in data["edges"]}
    assert edges["regulate"]["dashes"] is True and edges["meet"]["dashes"] is False
    assert edges["meet"]["label"] == "meet" and edges["meet"]["dates"] == ["2023-05-31"]
    tip = edges["meet"]["tip"]
    assert "<mark>Musk</mark> met with Chinese Vice Premier <mark>Ding Xuexiang</mark>" in tip
    assert "confidence 0.90" in tip and "2023-05-31" in tip and "Musk in China" in tip
    assert "reported, not asserted" in edges["regulate"]["tip"] and "according to Elon Musk" in edges["regulate"]["tip"]
    assert "Also: Musk" in by_name["Elon Musk"]["tip"] and "Type: Person" in by_name["Elon Musk"]["tip"]


def test_focus_and_hops(hostile_store, tmp_path):
    out = tmp_path / "map.html"
    stats = render_map(hostile_store, out, focus="ding", hops=1)
    names = {n["names"][0] for n in page_data(out)["nodes"]}
    assert names == {"Ding Xuexiang", "Elon Musk"} and stats["nodes"] == 2
    assert page_data(out)["focus"] is not None
    render_map(hostile_store, out, focus="DING XUEXIANG", hops=2)
    assert len(page_data(out)["nodes"]) == 4
    with pytest.raises(InputError, match="E300"):
        render_map(hostile_store, out, focus="nobody")


def test_dates(hostile_store, tmp_path):
    out = tmp_path / "map.html"
    stats = render_map(hostile_store, out, since="2023", until="2023-05")
    assert stats["edges"] == 1 and {e["pred"] for e in page_data(out)["edges"]} == {"meet"}
    render_map(hostile_store, out, since="2023-06-05", until="2023-06-05")  # undated facts take the article's date
    assert {e["pred"] for e in page_data(out)["edges"]} == {"chief executive of", "p <img src=x onerror=window.__pwned=1>"}
    render_map(hostile_store, out, until="2022-12-31")
    assert {e["pred"] for e in page_data(out)["edges"]} == {"regulate"}
    for bad in ("2023-13", "May 2023", "2023-02-30"):
        with pytest.raises(InputError, match="E301"):
            render_map(hostile_store, out, since=bad)


def test_min_degree_and_numbers(hostile_store, tmp_path):
    out = tmp_path / "map.html"
    render_map(hostile_store, out, min_degree=2)
    assert {n["names"][0] for n in page_data(out)["nodes"]} == {"Elon Musk", "Tesla"}
    with pytest.raises(InputError, match="E302"):
        render_map(hostile_store, out, max_nodes=0)
    with pytest.raises(InputError, match="E302"):
        render_map(hostile_store, out, hops=-1)


def test_cap_keeps_most_important_with_note(hostile_store, tmp_path):
    out = tmp_path / "map.html"
    stats = render_map(hostile_store, out, max_nodes=2)
    assert stats["nodes"] == 2 and stats["left_out"] == 3 and stats["total_nodes"] == 5
    text = out.read_text(encoding="utf-8")
    assert 'id="kg-note"' in text and "3 more were left out" in text
    assert "--focus" in text and "--max-nodes 5" in text
    render_map(hostile_store, out)
    assert 'id="kg-note"' not in out.read_text(encoding="utf-8")


def test_large_graph_precomputed_layout(tmp_path):
    G = nx.MultiDiGraph()
    n = PHYSICS_MAX_NODES + 20
    for i in range(n):
        G.add_node(f"e{i}", label=f"Entity {i}", type="Person", aliases=[], facts=1, claims=0)
    for i in range(1, n):
        G.add_edge(f"e{i}", f"e{i // 3}", "link", predicate="link", attributed=False, negated=False, weight=1,
                   evidence=[], confidence=None, article=None, date=None)
    out = tmp_path / "big.html"
    stats = render_map(None, out, G=G)
    data = page_data(out)
    assert stats["layout"] == "precomputed" and data["options"]["physics"]["enabled"] is False
    assert all(isinstance(node["x"], float) and isinstance(node["y"], float) for node in data["nodes"])
    render_map(None, tmp_path / "again.html", G=G)
    assert page_data(tmp_path / "again.html")["nodes"][5]["x"] == data["nodes"][5]["x"]  # seeded layout


def test_atomic_write(hostile_store, tmp_path):
    out = tmp_path / "new" / "dir" / "map.html"
    render_map(hostile_store, out)
    assert out.exists() and [p.name for p in out.parent.iterdir()] == ["map.html"]


def test_write_error_is_a_kg_error(hostile_store, tmp_path):
    (tmp_path / "file").write_text("x")
    with pytest.raises(InputError, match="E010"):
        render_map(hostile_store, tmp_path / "file" / "map.html")


def test_highlight_escapes_every_piece():
    assert highlight(f"{IMG} Musk", ["Musk"]) == "&lt;img src=x onerror=window.__pwned=1&gt; <mark>Musk</mark>"
    assert highlight("Elon Musk met musk", ["Elon Musk", "Musk"]) == "<mark>Elon Musk</mark> met <mark>musk</mark>"
    assert highlight("a < b", []) == "a &lt; b"


def test_empty_graph_says_so(tmp_path):
    import pyoxigraph as ox
    out = tmp_path / "map.html"
    stats = render_map(ox.Store(), out)
    assert stats["nodes"] == 0 and "Nothing to draw" in out.read_text(encoding="utf-8")
