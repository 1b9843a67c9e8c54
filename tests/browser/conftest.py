"""Playwright fixtures: one headless Debian chromium per session, pages that may not reach the network.

``offline_page`` opens pages whose every non-file request is aborted and recorded in ``page.blocked``;
dialogs are recorded in ``page.dialogs`` and dismissed. Playwright never downloads a browser here.
"""
from __future__ import annotations

import os
import shutil

import pytest

CHROMIUM = os.environ.get("KG_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="session")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api")
    if not (os.path.exists(CHROMIUM) or shutil.which(CHROMIUM)):
        pytest.skip(f"no chromium at {CHROMIUM} (make chromium installs Debian's)")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        yield b
        b.close()


def _guard(page) -> None:
    page.blocked, page.dialogs, page.errors = [], [], []

    def route(r):
        url = r.request.url
        if url.startswith(("file:", "data:", "about:")):
            r.continue_()
        else:  # anything else would leave the machine: refuse it and remember it
            page.blocked.append(url)
            r.abort()

    page.route("**/*", route)
    page.on("dialog", lambda d: (page.dialogs.append(d.message), d.dismiss()))
    page.on("pageerror", lambda e: page.errors.append(str(e)))


@pytest.fixture
def offline_page(browser):
    """A fresh page (own context) that can load file: URLs only."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    _guard(page)
    yield page
    context.close()


@pytest.fixture
def offline_page_no_csp(browser):
    """Like ``offline_page`` but ignoring the page's Content-Security-Policy (tests the escaping alone)."""
    context = browser.new_context(viewport={"width": 1280, "height": 800}, bypass_csp=True)
    page = context.new_page()
    _guard(page)
    yield page
    context.close()
