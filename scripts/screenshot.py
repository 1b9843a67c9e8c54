"""Render a kg map.html to PNG with Playwright and Debian's chromium (for the README), fully offline.

    .venv/bin/python scripts/screenshot.py out/map.html docs/map.png [--width 1400 --height 900]
        [--search "Elon Musk"] [--edge meet]

--search finds and focuses an entity as a reader would; --edge then hovers the first edge with that
relation so the evidence panel shows in the picture.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]
EDGE_MIDDLE = """(pred) => {
  const e = kgMap.edges.get().find(x => x.pred === pred && !x.hidden);
  if (!e) return null;
  const net = kgMap.network, p = net.getPositions([e.from, e.to]), a = p[e.from], b = p[e.to];
  const dom = net.canvasToDOM({x: (a.x + b.x) / 2, y: (a.y + b.y) / 2});
  const box = document.getElementById('kg-network').getBoundingClientRect();
  return [box.left + dom.x, box.top + dom.y]; }"""


def screenshot(html: Path, png: Path, *, width: int = 1400, height: int = 900, search: str | None = None,
               edge: str | None = None) -> list[str]:
    """Write ``png``; returns the URLs the page tried to fetch (blocked; should be empty)."""
    from playwright.sync_api import sync_playwright

    blocked: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        page = browser.new_page(viewport={"width": width, "height": height}, device_scale_factor=2)
        page.route("**/*", lambda r: r.continue_() if r.request.url.startswith(("file:", "data:"))
                   else (blocked.append(r.request.url), r.abort()))
        page.goto(html.resolve().as_uri())
        page.wait_for_selector('body[data-ready="1"]', state="attached", timeout=60_000)
        if search:
            page.fill("#kg-search", search)
            page.press("#kg-search", "Enter")
        if edge:
            point = page.evaluate(EDGE_MIDDLE, edge)
            if point:
                page.mouse.move(*point)
        page.wait_for_timeout(300)  # let the last frame and panel paint
        png.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(png))
        browser.close()
    return blocked


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("html", type=Path)
    ap.add_argument("png", type=Path)
    ap.add_argument("--width", type=int, default=1400)
    ap.add_argument("--height", type=int, default=900)
    ap.add_argument("--search", help="entity name or alias to find and focus")
    ap.add_argument("--edge", help="relation whose first visible edge is hovered (evidence panel)")
    args = ap.parse_args(argv)
    if not args.html.exists():
        print(f"screenshot: no such file: {args.html}", file=sys.stderr)
        return 1
    blocked = screenshot(args.html, args.png, width=args.width, height=args.height, search=args.search,
                         edge=args.edge)
    print(f"{args.png}" + (f" (blocked {len(blocked)} network requests: {blocked[:3]})" if blocked else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
