"""The explorer in headless Debian chromium: query, search, entity pages, map, and inert stored XSS."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests/: test_server_support

from kg.server import create_app  # noqa: E402
from kg.server.testing import live_server  # noqa: E402
from test_server_support import ENT, XSS_IMG, XSS_SCRIPT, write_sample  # noqa: E402

pytestmark = pytest.mark.browser
QUERIES = Path(__file__).resolve().parents[2] / "examples" / "queries"
HOSTILE_QUERY = """SELECT ?e ?label ?evidence WHERE {
  ?st a kg:Statement ; rdf:subject ?e ; kg:evidenceText ?evidence . ?e rdfs:label ?label }"""


@pytest.fixture(scope="module")
def base(tmp_path_factory):
    sample = write_sample(tmp_path_factory.mktemp("explorer"))
    app = create_app(graph_file=str(sample), workers=2, timeout=5.0,
                     examples_dir=str(QUERIES) if QUERIES.is_dir() else None)
    with live_server(app) as url:
        yield url


def _page(browser, base: str, bypass_csp: bool = False):
    """A page that may reach our loopback server and nothing else."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=bypass_csp,
                                  accept_downloads=True)
    page = context.new_page()
    page.blocked, page.dialogs, page.errors = [], [], []

    def route(r):
        if r.request.url.startswith((base + "/", "data:", "blob:")):
            r.continue_()
        else:
            page.blocked.append(r.request.url)
            r.abort()

    page.route("**/*", route)
    page.on("dialog", lambda d: (page.dialogs.append(d.message), d.dismiss()))
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    return context, page


@pytest.fixture
def page(browser, base):
    context, page = _page(browser, base)
    yield page
    assert page.blocked == [], "the explorer tried to leave the machine"
    context.close()


def _run(page, query: str) -> None:
    page.fill("#query", query)
    page.click("#run")
    # wait_for_function evaluates a string, which our CSP (rightly) forbids: wait on the DOM instead.
    page.wait_for_selector("#status:has-text('rows')", timeout=15_000)


def test_type_a_query_and_see_rows(page, base):
    page.goto(base + "/")
    assert page.locator("#examples option").count() >= 1
    _run(page, "SELECT ?name WHERE { ?e a kg:Person ; rdfs:label ?name } ORDER BY ?name")
    names = page.locator("#results tbody tr td").all_inner_texts()
    assert "Elon Musk" in names and "Wang Wentao" in names
    page.click("#results thead th")  # sort ascending, then descending
    page.click("#results thead th")
    assert page.locator("#results tbody tr td").first.inner_text() == "Wang Wentao"
    with page.expect_download() as download:
        page.click("#download-csv")
    text = Path(download.value.path()).read_text()
    assert text.splitlines()[0] == "name" and "Elon Musk" in text
    assert page.errors == []


def test_example_queries_are_offered(page, base):
    page.goto(base + "/")
    options = page.locator("#examples option")
    if QUERIES.is_dir():
        assert options.count() == len(list(QUERIES.glob("*.rq")))
    page.select_option("#examples", index=options.count() - 1)
    assert page.input_value("#query").strip() != ""


def test_search_opens_an_entity_page(page, base):
    page.goto(base + "/")
    page.fill("#search-box", "wang")
    page.press("#search-box", "Enter")
    page.click("#search-results a")
    assert page.inner_text("#entity-label") == "Wang Wentao"
    assert "Musk met Commerce Minister Wang Wentao" in page.inner_text("main")
    page.click("text=Elon Musk >> nth=0")
    assert page.inner_text("#entity-label") == "Elon Musk"
    assert page.inner_text("#aliases") == "Musk"


def test_map_view_renders(page, base):
    page.goto(base + "/")
    _run(page, "SELECT ?a ?b WHERE { ?a rel:meet ?b }")
    page.click("#show-map")
    page.wait_for_selector("#map[data-drawn='true']", state="attached", timeout=20_000)
    assert page.locator("#map canvas").count() == 1
    assert "entities" in page.inner_text("#map-note")
    assert page.errors == []


@pytest.mark.parametrize("bypass_csp", [False, True], ids=["with-csp", "escaping-alone"])
def test_stored_xss_stays_inert(browser, base, bypass_csp):
    context, page = _page(browser, base, bypass_csp=bypass_csp)
    mallory = base + "/entity/person/mallory"
    for url in (mallory, base + "/entity/person/elon_musk", base + "/entity/person/wang_wentao",
                base + "/search?q=mallory", base + "/search?q=" + XSS_IMG.replace(" ", "+")):
        page.goto(url)
        _assert_inert(page)
    page.goto(mallory)
    assert XSS_IMG in page.inner_text("main")  # shown as text, not run
    page.goto(base + "/")
    _run(page, HOSTILE_QUERY)
    assert XSS_SCRIPT in page.inner_text("#results")
    page.click("#show-map")
    page.wait_for_selector("#map[data-drawn='true']", state="attached", timeout=20_000)
    page.mouse.move(640, 400)
    page.wait_for_timeout(300)
    _assert_inert(page)
    assert page.blocked == []
    context.close()


def _assert_inert(page) -> None:
    assert page.evaluate("window.__pwned") is None
    assert page.dialogs == []
    assert page.locator("img").count() == 0
    assert page.evaluate("document.querySelectorAll('script:not([src])').length") == 0
