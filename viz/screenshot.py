"""Screenshot a ``kg viz`` HTML file in headless Chromium (for the README pictures).

    python -m govkg.viz.screenshot out/overview.html docs/img/overview.png [--width 1400 --height 900 --scale 2]

Uses Debian's /usr/bin/chromium through Playwright; downloads nothing and blocks every non-file request.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]


def screenshot(html: str | Path, png: str | Path, width: int = 1400, height: int = 900, scale: float = 1.0,
               select: str | None = None) -> None:
    """Open ``html``, wait until the network is drawn, optionally click the node labelled ``select``."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(viewport={"width": width, "height": height}, device_scale_factor=scale)
        page.route("**/*", lambda r: r.continue_() if r.request.url.startswith(("file:", "data:")) else r.abort())
        page.goto(Path(html).resolve().as_uri())
        page.wait_for_function("window.govkgReady !== undefined", timeout=120_000)
        if select:
            node = page.evaluate("(q) => govkgFind(q)", select)
            if node is None:
                raise SystemExit(f"no node labelled {select!r}")
            page.evaluate("(id) => govkgSelect(id, false)", node)
        page.wait_for_timeout(200)
        page.screenshot(path=str(png))
        browser.close()


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("html")
    ap.add_argument("png")
    ap.add_argument("--width", type=int, default=1400)
    ap.add_argument("--height", type=int, default=900)
    ap.add_argument("--scale", type=float, default=1.0, help="device pixel ratio (2 = sharp text)")
    ap.add_argument("--select", help="click the node with this name first")
    args = ap.parse_args(argv)
    screenshot(args.html, args.png, args.width, args.height, args.scale, args.select)
    print(f"wrote {args.png}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
