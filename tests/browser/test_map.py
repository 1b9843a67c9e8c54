"""The map in a real (headless) chromium: it draws offline, searches, filters, shows evidence and stays inert."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # the TriG fixture builder in tests/test_analysis.py
from test_analysis import CHINA, DING, MUSK, TESLA, article_trig, make_store  # noqa: E402

from kg.viz import render_map  # noqa: E402

pytestmark = pytest.mark.browser
IMG = "<img src=x onerror=window.__pwned=1>"
BREAK = "</script><script>window.__pwned=1</script>"
READY = 'body[data-ready="1"]'


@pytest.fixture(scope="module")
def map_file(tmp_path_factory) -> Path:
    evil = ("person/evil", "PERSON", f"Evil {IMG}", [BREAK, "Mallory"])
    store = make_store(article_trig("d1", [MUSK, DING, TESLA, CHINA, evil], [
        {"s": "person/elon_musk", "p": "meet", "o": "person/ding_xuexiang", "conf": 0.91, "time": "2023-05-31",
         "text": "Musk met with Chinese Vice Premier Ding Xuexiang."},
        {"s": "person/elon_musk", "p": "chief executive of", "o": "org/tesla", "text": "Tesla CEO Elon Musk"},
        {"s": "gpe/china", "p": "regulate", "o": "org/tesla", "attributed_to": "person/elon_musk",
         "text": f"Musk said China will regulate {IMG} Tesla {BREAK}", "time": "2022-01-10"},
        {"s": "person/evil", "p": "praise", "o": "person/elon_musk", "text": f"{BREAK} Evil {IMG} praised Musk"},
    ], headline=f"Musk in China {BREAK}{IMG}", url="https://www.example.com/story"))
    out = tmp_path_factory.mktemp("map") / "map.html"
    render_map(store, out, title=f"Map {IMG}")
    return out


def open_map(page, path: Path):
    page.goto(path.as_uri())
    page.wait_for_selector(READY, state="attached", timeout=15000)
    return page


def node_id(page, name: str) -> str:
    return page.evaluate("(n) => kgMap.nodes.get().find(x => x.names[0] === n).id", name)


def edge_point(page, pred: str) -> tuple[float, float]:
    """Page coordinates of the middle of the (straight) edge labelled ``pred``."""
    return tuple(page.evaluate("""(pred) => {
        const e = kgMap.edges.get().find(x => x.pred === pred), net = kgMap.network;
        const p = net.getPositions([e.from, e.to]), a = p[e.from], b = p[e.to];
        const dom = net.canvasToDOM({x: (a.x + b.x) / 2, y: (a.y + b.y) / 2});
        const box = document.getElementById('kg-network').getBoundingClientRect();
        return [box.left + dom.x, box.top + dom.y]; }""", pred))


def test_draws_offline(offline_page, map_file):
    page = open_map(offline_page, map_file)
    assert page.evaluate("kgMap.nodes.length") == 5
    assert page.evaluate("kgMap.network.body.data.nodes.length") == 5
    assert page.evaluate("Object.keys(kgMap.network.body.nodes).length") == 5
    assert page.evaluate("kgMap.edges.length") == 4
    assert page.evaluate("kgMap.network.physics.physicsEnabled") is False  # stopped once stable
    assert page.blocked == [] and page.errors == [] and page.dialogs == []


def test_search_focuses_node(offline_page, map_file):
    page = open_map(offline_page, map_file)
    page.fill("#kg-search", "ding")  # an alias, lower case
    page.press("#kg-search", "Enter")
    assert page.evaluate("kgMap.network.getSelectedNodes()") == [node_id(page, "Ding Xuexiang")]
    assert "Ding Xuexiang" in page.inner_text("#kg-info")
    assert "Found" in page.inner_text("#kg-status")
    page.fill("#kg-search", "nobody at all")
    page.press("#kg-search", "Enter")
    assert "No entity matches" in page.inner_text("#kg-status")


def test_type_filter_hides_nodes(offline_page, map_file):
    page = open_map(offline_page, map_file)
    tesla = node_id(page, "Tesla")
    page.uncheck("#kg-legend input[value='Organization']")
    assert page.evaluate("(id) => kgMap.network.body.nodes[id].options.hidden", tesla) is True
    assert tesla not in page.evaluate("kgMap.visibleNodeIds()")
    assert len(page.evaluate("kgMap.visibleNodeIds()")) == 4
    assert all(page.evaluate("(id) => kgMap.edges.get(id).to", e) != tesla
               for e in page.evaluate("kgMap.visibleEdgeIds()"))
    page.check("#kg-legend input[value='Organization']")
    assert len(page.evaluate("kgMap.visibleNodeIds()")) == 5


def test_relation_filter_and_focus(offline_page, map_file):
    page = open_map(offline_page, map_file)
    page.select_option("#kg-predicate", "meet")
    assert sorted(page.evaluate("kgMap.visibleNodeIds().map(id => kgMap.nodes.get(id).names[0])")) == \
        ["Ding Xuexiang", "Elon Musk"]
    page.click("#kg-reset")
    assert len(page.evaluate("kgMap.visibleNodeIds()")) == 5
    page.fill("#kg-search", "Tesla")
    page.press("#kg-search", "Enter")
    page.fill("#kg-hops", "1")
    page.click("#kg-focus")
    assert sorted(page.evaluate("kgMap.visibleNodeIds().map(id => kgMap.nodes.get(id).names[0])")) == \
        ["China", "Elon Musk", "Tesla"]
    page.fill("#kg-since", "2023-01-01")
    page.dispatch_event("#kg-since", "change")
    assert sorted(page.evaluate("kgMap.visibleNodeIds().map(id => kgMap.nodes.get(id).names[0])")) == \
        ["Elon Musk", "Tesla"]  # the 2022 regulate fact drops out, and China with it


def test_hover_and_click_edge_shows_evidence(offline_page, map_file):
    page = open_map(offline_page, map_file)
    x, y = edge_point(page, "meet")
    page.mouse.move(x, y)
    page.wait_for_selector("#kg-info:not([hidden])", timeout=3000)
    info = page.inner_text("#kg-info")
    assert "Musk met with Chinese Vice Premier Ding Xuexiang." in info
    assert "confidence 0.91" in info and "2023-05-31" in info and "Musk in China" in info
    assert page.eval_on_selector_all("#kg-info mark", "ms => ms.map(m => m.textContent)") == ["Musk", "Ding Xuexiang"]
    page.mouse.click(x, y)
    page.mouse.move(5, 5)  # away: the clicked edge stays pinned
    assert "Vice Premier" in page.inner_text("#kg-info")


def _poke_everything(page) -> None:
    """Show every tooltip, search the hostile names, hover the hostile edge for real."""
    page.evaluate("""() => {
        const em = kgMap.network.body.emitter;
        kgMap.edges.getIds().forEach(id => em.emit('hoverEdge', {edge: id}));
        kgMap.nodes.getIds().forEach(id => em.emit('hoverNode', {node: id}));
        kgMap.nodes.getIds().forEach(id => em.emit('click', {nodes: [id], edges: []})); }""")
    for query in ("Evil", "</script>", "Mallory"):
        page.fill("#kg-search", query)
        page.press("#kg-search", "Enter")
    x, y = edge_point(page, "regulate")
    page.mouse.move(x, y)
    page.mouse.click(x, y)
    page.wait_for_timeout(100)


@pytest.mark.parametrize("fixture", ["offline_page", "offline_page_no_csp"])
def test_hostile_text_stays_inert(request, fixture, map_file):
    page = open_map(request.getfixturevalue(fixture), map_file)
    _poke_everything(page)
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert page.dialogs == [] and page.blocked == [] and page.errors == []
    assert page.evaluate("document.querySelectorAll('img, iframe, object, embed').length") == 0
    assert page.evaluate("document.scripts.length") == 3
    assert page.title() == f"Map {IMG}"  # shown as text
    assert "<img src=x onerror=window.__pwned=1>" in page.inner_text("#kg-info")  # the evidence, as text
    page.evaluate("(id) => kgMap.network.body.emitter.emit('hoverNode', {node: id})", node_id(page, f"Evil {IMG}"))
    assert f"Evil {IMG}" in page.inner_text("#kg-info") and BREAK in page.inner_text("#kg-info")


def test_large_map_precomputed_and_capped(offline_page, tmp_path):
    import networkx as nx
    G = nx.MultiDiGraph()
    for i in range(500):
        G.add_node(f"e{i}", label=f"Entity {i}", type="Organization" if i % 2 else "Person", aliases=[], facts=1,
                   claims=0)
    for i in range(1, 500):
        G.add_edge(f"e{i}", f"e{i // 4}", "own", predicate="own", attributed=False, negated=False, weight=1,
                   evidence=[], confidence=None, article=None, date=None)
    out = tmp_path / "big.html"
    stats = render_map(None, out, G=G, max_nodes=400)
    assert stats["layout"] == "precomputed" and stats["left_out"] == 100
    page = open_map(offline_page, out)
    assert page.evaluate("kgMap.nodes.length") == 400
    assert page.evaluate("kgMap.network.physics.physicsEnabled") is False
    assert page.is_visible("#kg-note") and "100 more were left out" in page.inner_text("#kg-note")
    assert page.evaluate("kgMap.search('Entity 0')") == page.evaluate("kgMap.network.getSelectedNodes()[0]")
    assert page.blocked == [] and page.errors == []
