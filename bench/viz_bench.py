"""Benchmark (not a test): how long a large ``kg viz`` view takes to become interactive in headless
Chromium, as a ratio against a small view measured in the same run on the same machine.

    .venv/bin/python bench/viz_bench.py                  # 5,000 vs 100 nodes, 3 runs each
    .venv/bin/python bench/viz_bench.py --nodes 5000 --baseline 100 --repeat 5

Both views are ``overview`` views of synthetic stores (``viz.synthetic``: departments in districts that
name and fund enterprises, institutions, projects, events and policies), cut to exactly N nodes with
``limit``. For each size it records (medians over ``--repeat`` runs):

* python: SPARQL -> networkx (``build_s``), layout (``layout_s``), HTML (``html_s``), file size;
* browser: ``interactive_s`` — wall time from ``page.goto`` of the file:// URL until vis-network has
  drawn the network once (``window.govkgReady``, set on the first ``afterDrawing``): parse the page,
  build the DataSets, draw; ``click_ms`` — selecting the biggest hub (neighbour highlight + details
  panel) until the next frame is drawn; ``redraw_ms`` — one full ``network.redraw()``.

Writes bench/results/viz.json. Needs /usr/bin/chromium and python playwright (no downloads).
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from govkg.viz import build_view, render_view  # noqa: E402
from govkg.viz.html import render_html  # noqa: E402
from govkg.viz.layout import layout  # noqa: E402
from govkg.viz.synthetic import build_store, synthetic_facts  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]


def store_with_at_least(nodes: int):
    """A synthetic store whose overview has at least ``nodes`` nodes (grown until it does)."""
    reports = max(2, nodes // 30)
    while True:
        kg = build_store(synthetic_facts(reports=reports, entities=nodes * 2, per_report=45, subsidies=4,
                                         seed=11, skew=0.3))
        total = build_view(kg, "overview", limit=None).number_of_nodes()
        if total >= nodes:
            return kg, total
        kg.close()
        reports = int(reports * 1.3) + 1


def python_side(kg, nodes: int, out: Path, repeat: int) -> dict:
    runs = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        g = build_view(kg, "overview", limit=nodes, notice=lambda m: None)
        t1 = time.perf_counter()
        pos = layout(g)
        t2 = time.perf_counter()
        html = render_html(g, pos, f"{g.number_of_nodes():,} nodes, {g.number_of_edges():,} edges (overview)")
        out.write_text(html, encoding="utf-8")
        t3 = time.perf_counter()
        runs.append((t1 - t0, t2 - t1, t3 - t2))
    # the CLI path writes the same page (and checks it has no external URL)
    render_view(kg, view="overview", output=str(out), limit=nodes, notice=lambda m: None)
    return {"nodes": g.number_of_nodes(), "edges": g.number_of_edges(),
            "build_s": statistics.median(r[0] for r in runs), "layout_s": statistics.median(r[1] for r in runs),
            "html_s": statistics.median(r[2] for r in runs), "html_bytes": out.stat().st_size}


def browser_side(browser, path: Path, nodes: int, edges: int, repeat: int) -> dict:
    runs = []
    for _ in range(repeat):
        context = browser.new_context(viewport={"width": 1400, "height": 900})
        page = context.new_page()
        external: list[str] = []
        page.route("**/*", lambda r, external=external: r.continue_() if r.request.url.startswith(("file:", "data:"))
                   else (external.append(r.request.url), r.abort()))
        t0 = time.perf_counter()
        page.goto(path.as_uri(), timeout=300_000)
        page.wait_for_function("window.govkgReady !== undefined", timeout=300_000, polling=10)
        interactive = time.perf_counter() - t0
        drawn = page.evaluate("[network.body.data.nodes.length, network.body.data.edges.length]")
        assert drawn == [nodes, edges], (drawn, nodes, edges)
        assert not external, external
        click_ms = page.evaluate("""() => new Promise(done => {
            const ids = network.body.data.nodes.getIds();
            let hub = ids[0], best = -1;
            for (const id of ids) { const d = network.getConnectedEdges(id).length; if (d > best) { best = d; hub = id; } }
            const t = performance.now();
            network.once("afterDrawing", () => done(performance.now() - t));
            govkgSelect(hub, false);
            network.redraw();
        })""")
        redraw_ms = page.evaluate("""() => new Promise(done => {
            const t = performance.now();
            network.once("afterDrawing", () => done(performance.now() - t));
            network.redraw();
        })""")
        runs.append((interactive, click_ms, redraw_ms))
        context.close()
    return {"interactive_s": statistics.median(r[0] for r in runs),
            "interactive_runs_s": [round(r[0], 3) for r in runs],
            "click_ms": statistics.median(r[1] for r in runs), "redraw_ms": statistics.median(r[2] for r in runs)}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--nodes", type=int, default=5000, help="nodes in the large view")
    ap.add_argument("--baseline", type=int, default=100, help="nodes in the baseline view")
    ap.add_argument("--repeat", type=int, default=3, help="runs per size (medians are reported)")
    ap.add_argument("--out", default=str(ROOT / "bench" / "results" / "viz.json"))
    args = ap.parse_args(argv)
    if not os.access(CHROMIUM, os.X_OK):
        print(f"viz_bench: {CHROMIUM} not found", file=sys.stderr)
        return 2
    from playwright.sync_api import sync_playwright

    results: dict = {}
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for label, nodes in (("baseline", args.baseline), ("large", args.nodes)):
            t = time.perf_counter()
            kg, total = store_with_at_least(nodes)
            setup = time.perf_counter() - t
            path = Path(tmp) / f"{label}.html"
            py = python_side(kg, nodes, path, args.repeat)
            kg.close()
            br = browser_side(browser, path, py["nodes"], py["edges"], args.repeat)
            results[label] = {**py, **br, "store_overview_nodes": total, "store_setup_s": round(setup, 2)}
            print(f"{label:8s} {py['nodes']:>6,} nodes {py['edges']:>6,} edges  python "
                  f"{py['build_s'] + py['layout_s'] + py['html_s']:.2f} s  interactive {br['interactive_s']:.2f} s  "
                  f"click {br['click_ms']:.0f} ms  redraw {br['redraw_ms']:.0f} ms", flush=True)
        version = browser.version
        browser.close()
    base, large = results["baseline"], results["large"]
    ratio = {k: round(large[k] / base[k], 2) for k in ("interactive_s", "click_ms", "redraw_ms", "build_s",
                                                         "layout_s", "html_s") if base[k] > 0}
    for section in (base, large):
        for k, v in list(section.items()):
            if isinstance(v, float):
                section[k] = round(v, 4 if k.endswith("_s") else 1)
    report = {
        "benchmark": "kg viz overview: time until a view is interactive in headless Chromium",
        "command": f".venv/bin/python bench/viz_bench.py --nodes {args.nodes} --baseline {args.baseline} "
                   f"--repeat {args.repeat}",
        "date": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "machine": {"cpus": os.cpu_count(), "platform": platform.platform(), "python": platform.python_version(),
                    "chromium": version},
        "baseline": base, "large": large, "ratio_large_to_baseline": ratio,
    }
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"ratio (large / baseline): interactive {ratio['interactive_s']}x, click {ratio.get('click_ms')}x; "
          f"wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
