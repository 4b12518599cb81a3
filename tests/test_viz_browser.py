"""kg viz in a real browser: headless Chromium (Debian's /usr/bin/chromium) driven by Playwright.

Each view of the sample reports is opened from a file:// URL with every non-file request blocked and
recorded; the test reads what vis-network drew through JavaScript and compares it with the networkx graph
the view was built from. No timing assertions.
"""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from govkg.viz import build_view, render_view

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]
KNOWN_ENTERPRISE = "华为"  # named and funded in data/samples/000_07bb7f755d006c6f.txt
KNOWN_DEPARTMENT = "广州市白云区投资促进局"

pytestmark = pytest.mark.browser

try:
    from playwright.sync_api import sync_playwright
except ImportError:  # pragma: no cover - depends on the environment
    sync_playwright = None


def _skip_reason() -> str | None:
    if sync_playwright is None:
        return "python playwright is not installed (pip install -e '.[test]')"
    if not os.access(CHROMIUM, os.X_OK):
        return f"{CHROMIUM} not found (apt-get install chromium fonts-wqy-microhei)"
    return None


@pytest.fixture(scope="module")
def browser():
    reason = _skip_reason()
    if reason:
        pytest.skip(reason)
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


@pytest.fixture()
def page(browser):
    """A page that refuses (and records) every request that is not for a file:// or data: URL."""
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    pg = context.new_page()
    pg.external_requests = []
    pg.errors = []

    def guard(route):
        url = route.request.url
        if url.startswith(("file:", "data:", "blob:", "about:")):
            route.continue_()
        else:
            pg.external_requests.append(url)
            route.abort()

    pg.route("**/*", guard)
    pg.on("pageerror", lambda e: pg.errors.append(str(e)))
    yield pg
    context.close()


def _open(pg, path: Path) -> None:
    pg.goto(path.resolve().as_uri())
    pg.wait_for_function("window.govkgReady !== undefined", timeout=60_000)


def _drawn(pg) -> tuple[int, int]:
    return tuple(pg.evaluate("[network.body.data.nodes.length, network.body.data.edges.length]"))


def _labels(pg) -> list[str]:
    return pg.evaluate("network.body.data.nodes.get().map(n => n.label)")


VIEWS = [("overview", None), ("subsidies", None), ("links", None), ("entity", KNOWN_ENTERPRISE)]


@pytest.mark.parametrize("view,name", VIEWS, ids=[v for v, _ in VIEWS])
def test_each_view_draws_exactly_its_graph(page, sample_kg, tmp_path, view, name):
    g = build_view(sample_kg, view=view, name=name, depth=2)
    out = tmp_path / f"{view}.html"
    summary = render_view(sample_kg, view=view, name=name, depth=2, output=str(out))
    assert f"{g.number_of_nodes():,} nodes, {g.number_of_edges():,} edges" in summary
    _open(page, out)
    assert _drawn(page) == (g.number_of_nodes(), g.number_of_edges())
    # vis-network really holds those nodes: same ids, and each drawn node has a position on the canvas
    assert set(page.evaluate("network.body.data.nodes.getIds()")) == set(g.nodes)
    assert page.evaluate("network.body.nodeIndices.length") == g.number_of_nodes()
    labels = _labels(page)
    if view in ("overview", "entity"):
        assert KNOWN_ENTERPRISE in labels
        kind = page.evaluate("(l) => network.body.data.nodes.get({filter: n => n.label === l})[0].gk.type",
                             KNOWN_ENTERPRISE)
        assert kind == "enterprise"
    if view in ("overview", "subsidies"):
        assert KNOWN_DEPARTMENT in labels
    if view == "subsidies":
        assert KNOWN_ENTERPRISE in labels  # 华为云计算产业扶持资金 -> 华为
    page.screenshot(path=str(tmp_path / f"{view}.png"))
    assert (tmp_path / f"{view}.png").stat().st_size > 10_000
    assert page.external_requests == [], page.external_requests
    assert page.errors == []


def test_click_search_and_filter(page, sample_kg, tmp_path):
    g = build_view(sample_kg, "overview")
    out = tmp_path / "overview.html"
    render_view(sample_kg, view="overview", output=str(out))
    _open(page, out)
    node = next(n for n, d in g.nodes(data=True) if d["label"] == KNOWN_ENTERPRISE)
    neighbours = set(g.predecessors(node)) | set(g.successors(node))

    # hover: the tooltip names the entity and cites the report
    title = page.evaluate("(id) => network.body.data.nodes.get(id).title", node)
    assert title.startswith(KNOWN_ENTERPRISE) and "000_07bb7f755d006c6f.txt" in title

    # a real mouse click on the node highlights it and its neighbours and opens the details panel
    page.evaluate("(id) => network.focus(id, {scale: 1.5, animation: false})", node)
    xy = page.evaluate("(id) => network.canvasToDOM(network.getPositions([id])[id])", node)
    box = page.locator("#mynetwork").bounding_box()
    page.mouse.click(box["x"] + xy["x"], box["y"] + xy["y"])
    assert page.evaluate("govkgSelected()") == node
    bright = page.evaluate("network.body.data.nodes.get({filter: n => n.color.background !== '#e8e8e8'})"
                           ".map(n => n.id)")
    assert set(bright) == neighbours | {node}
    details = page.locator("#gk-details")
    assert details.is_visible()
    assert KNOWN_ENTERPRISE in details.inner_text() and "000_07bb7f755d006c6f.txt" in details.inner_text()
    page.screenshot(path=str(tmp_path / "clicked.png"))

    # reset, then the search box finds a node by name
    page.click("#gk-reset")
    assert page.evaluate("govkgSelected()") is None
    dept = next(n for n, d in g.nodes(data=True) if d["label"] == KNOWN_DEPARTMENT)
    page.fill("#gk-search", KNOWN_DEPARTMENT)
    page.press("#gk-search", "Enter")
    assert page.evaluate("govkgSelected()") == dept
    page.fill("#gk-search", "没有这个名字")
    page.press("#gk-search", "Enter")
    assert "no match" in page.inner_text("#gk-search-msg")

    # the type filter hides every enterprise (and vis stops drawing them); ticking it brings them back
    enterprises = sum(1 for _, d in g.nodes(data=True) if d["type"] == "enterprise")
    page.locator('#gk-legend input[data-type="enterprise"]').uncheck()
    assert page.evaluate("network.body.data.nodes.get({filter: n => n.hidden}).length") == enterprises
    assert page.evaluate("network.body.nodeIndices.length") == g.number_of_nodes() - enterprises
    page.locator('#gk-legend input[data-type="enterprise"]').check()
    assert page.evaluate("network.body.nodeIndices.length") == g.number_of_nodes()
    assert page.external_requests == [] and page.errors == []


def test_a_large_view_is_drawn_without_physics(page, tmp_path):
    """1,500+ nodes (synthetic): positions come precomputed, physics stays off, every node is drawn."""
    from govkg.viz.synthetic import build_store, synthetic_facts

    # 1,801 nodes (resolution now merges more of the generated names than the 2,500 entities of before)
    kg = build_store(synthetic_facts(reports=80, entities=3500, per_report=45, subsidies=3, seed=3, skew=0.3))
    try:
        g = build_view(kg, "overview", limit=100_000)
        out = tmp_path / "large.html"
        render_view(kg, view="overview", output=str(out), limit=100_000)
    finally:
        kg.close()
    assert g.number_of_nodes() > 1500
    _open(page, out)
    assert _drawn(page) == (g.number_of_nodes(), g.number_of_edges())
    assert page.evaluate("network.physics.physicsEnabled") is False
    spread = page.evaluate("""() => { const p = Object.values(network.getPositions());
        return new Set(p.map(q => Math.round(q.x) + ',' + Math.round(q.y))).size; }""")
    assert spread == g.number_of_nodes()
    # clicking the biggest hub marks it and its neighbours (large graphs: only those nodes are updated)
    hub = max(g, key=g.degree)
    page.evaluate("(id) => govkgSelect(id, true)", hub)
    assert page.evaluate("govkgSelected()") == hub
    marked = page.evaluate("network.body.data.nodes.get({filter: n => n.borderWidth === 3}).map(n => n.id)")
    assert set(marked) == set(g.predecessors(hub)) | set(g.successors(hub)) | {hub}
    page.click("#gk-reset")
    assert page.evaluate("network.body.data.nodes.get({filter: n => n.borderWidth === 3}).length") == 0
    page.screenshot(path=str(tmp_path / "large.png"))
    assert page.external_requests == [] and page.errors == []


LABEL_BOXES = """() => {
  const el = document.getElementById("mynetwork");
  return network.body.data.nodes.getIds().map(id => {
    const b = network.getBoundingBox(id);
    const a = network.canvasToDOM({x: b.left, y: b.top}), z = network.canvasToDOM({x: b.right, y: b.bottom});
    return {id: id, left: a.x, top: a.y, right: z.x, bottom: z.y, w: el.clientWidth, h: el.clientHeight};
  });
}"""


@pytest.mark.parametrize("view,name", [("links", None), ("entity", KNOWN_ENTERPRISE), ("overview", None)])
def test_labels_do_not_overlap_or_run_off_the_canvas(page, sample_kg, tmp_path, view, name):
    out = tmp_path / f"{view}.html"
    render_view(sample_kg, view=view, name=name, depth=2, output=str(out))
    _open(page, out)
    page.wait_for_timeout(100)
    boxes = page.evaluate(LABEL_BOXES)
    assert len(boxes) > 3
    labels = dict(zip(page.evaluate("network.body.data.nodes.getIds()"), _labels(page), strict=True))
    for b in boxes:  # the node with its label is inside the canvas
        assert b["left"] >= 0 and b["top"] >= 0 and b["right"] <= b["w"] and b["bottom"] <= b["h"], labels[b["id"]]
    clashes = [(labels[a["id"]], labels[b["id"]]) for i, a in enumerate(boxes) for b in boxes[i + 1:]
               if min(a["right"], b["right"]) - max(a["left"], b["left"]) > 1
               and min(a["bottom"], b["bottom"]) - max(a["top"], b["top"]) > 1]
    assert clashes == []
    page.screenshot(path=str(tmp_path / f"{view}-labels.png"))
    assert page.external_requests == [] and page.errors == []
