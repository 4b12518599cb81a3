"""networkx view -> pyvis network -> one self-contained HTML file (no network access when opened).

pyvis holds the nodes, edges and options and renders them through our own Jinja template
(``viz/template.html``): vis-network's JS and CSS are inlined from the copies pyvis ships, and pyvis's
Bootstrap and tom-select links are gone, so the page works offline. Positions come from
:mod:`viz.layout` and physics is off.
"""
from __future__ import annotations

import math
import re
from importlib import resources
from pathlib import Path
from typing import Any

import networkx as nx
import pyvis
from pyvis.network import Network

from .views import LABEL_MAX_WIDTH, RELATIONS, TYPES, fmt_amount, font_size, node_sizes

VIS_DIR = Path(pyvis.__file__).parent / "templates" / "lib" / "vis-9.1.2"
TEMPLATE = "template.html"
BIG = 800          # above this many nodes: straight edges, edges hidden while dragging/zooming
TOOLTIP_EVIDENCE = 3
VIEW_TITLES = {
    "overview": ("总览", "overview"),
    "subsidies": ("资金流向", "subsidies"),
    "links": ("跨区/跨部门关联", "links"),
    "entity": ("关系网", "neighbourhood"),
}
FONT = '"WenQuanYi Micro Hei", "Noto Sans CJK SC", "Microsoft YaHei", "PingFang SC", sans-serif'

_EXTERNAL = re.compile(
    r"""(?:\b(?:src|href|srcset|action|poster|data|xlink:href)\s*=\s*["']?\s*"""
    r"""|@import\s+(?:url\(\s*)?["']?\s*|\burl\(\s*["']?\s*)((?:https?:)?//[^"')\s>]+)""",
    re.I,
)
_SOURCE_MAP = re.compile(r"^\s*//# sourceMappingURL=.*$", re.M)


def external_urls(html: str) -> list[str]:
    """URLs the page would fetch from elsewhere (in src/href/@import/url()); empty when self-contained."""
    return _EXTERNAL.findall(html)


def _vis_assets() -> tuple[str, str]:
    js = _SOURCE_MAP.sub("", (VIS_DIR / "vis-network.min.js").read_text("utf-8"))
    css = _SOURCE_MAP.sub("", (VIS_DIR / "vis-network.css").read_text("utf-8"))
    return js, css


def _shade(hex_colour: str, factor: float) -> str:
    r, g, b = (int(hex_colour[i:i + 2], 16) for i in (1, 3, 5))
    return "#%02x%02x%02x" % tuple(max(0, min(255, int(c * factor))) for c in (r, g, b))


def _cite(ev: dict[str, Any]) -> str:
    where = ev.get("report") or "?"
    if ev.get("start") is not None:
        where += f" [{ev['start']}–{ev['end']}]"
    return f"「{ev['sentence']}」 — {where}"


def node_tooltip(attrs: dict[str, Any]) -> str:
    """Plain text (vis-network shows titles as text, never as HTML): name, type, aliases, evidence."""
    zh, en, *_ = TYPES.get(attrs.get("type"), TYPES["other"])
    lines = [attrs.get("label", ""), f"类型 type: {zh} {en}"]
    if attrs.get("aliases"):
        lines.append("别名 aliases: " + "、".join(attrs["aliases"]))
    if attrs.get("budget") is not None:
        lines.append("预算 budget: " + fmt_amount(attrs["budget"])
                     + (f" · 执行 executed: {fmt_amount(attrs['executed'])}" if attrs.get("executed") else ""))
    if attrs.get("money"):
        lines.append("资金 money: " + fmt_amount(attrs["money"]))
    reports = attrs.get("reports") or []
    if reports:
        lines.append(f"报告 reports ({len(reports)}): " + ", ".join(reports[:5]) + (" …" if len(reports) > 5 else ""))
    evidence = attrs.get("evidence") or []
    if evidence:
        lines.append("证据 evidence:")
        lines.extend("  " + _cite(ev) for ev in evidence[:TOOLTIP_EVIDENCE])
        more = max(attrs.get("evidence_total", 0), len(evidence)) - TOOLTIP_EVIDENCE
        if more > 0:
            lines.append(f"  … {more} more — click the node")
    return "\n".join(lines)


def edge_tooltip(g: nx.DiGraph, s: str, t: str, d: dict[str, Any]) -> str:
    rel = " · ".join(f"{RELATIONS[r][0]} {RELATIONS[r][1]}" for r in d.get("relations", []) if r in RELATIONS)
    lines = [f"{g.nodes[s].get('label', s)} → {g.nodes[t].get('label', t)}", f"关系 relation: {rel}"]
    if d.get("label"):
        lines.append(f"金额 amount: {d['label']}")
    if d.get("reports", 0) > 1:
        lines.append(f"报告 reports: {d['reports']}")
    for ev in (d.get("evidence") or [])[:TOOLTIP_EVIDENCE]:
        lines.append(_cite(ev))
    return "\n".join(lines)


def _edge_widths(g: nx.DiGraph) -> dict[tuple[str, str], float]:
    top = max((d["amount"] or 0.0 for *_, d in g.edges(data=True)), default=0.0) or 1.0
    out = {}
    for s, t, d in g.edges(data=True):
        if d.get("amount"):
            out[s, t] = 1 + 11 * math.sqrt(d["amount"] / top)
        else:
            out[s, t] = 1 + 0.7 * min(4, max(0, d.get("reports", 1) - 1))
    return out


def to_pyvis(g: nx.DiGraph, positions: dict[str, tuple[float, float]]) -> Network:
    """A pyvis Network holding every node and edge of ``g`` (positions fixed, physics off)."""
    net = Network(height="100%", width="100%", directed=True, cdn_resources="in_line")
    sizes, widths = node_sizes(g), _edge_widths(g)
    big = g.number_of_nodes() > BIG
    show_edge_labels = g.graph.get("view") == "subsidies" or g.number_of_edges() <= 150
    nodes, edges = [], []
    for n, d in g.nodes(data=True):
        zh, en, colour, shape = TYPES.get(d.get("type"), TYPES["other"])
        x, y = positions.get(n, (0.0, 0.0))
        size = round(sizes[n], 1)
        node = {
            "id": n, "label": d.get("label", n), "title": node_tooltip(d), "shape": shape, "size": size,
            "x": round(x, 1), "y": round(y, 1),
            "color": {"background": colour, "border": _shade(colour, 0.7),
                      "highlight": {"background": colour, "border": "#000000"},
                      "hover": {"background": colour, "border": "#000000"}},
            "font": {"size": font_size(size)}, "widthConstraint": {"maximum": LABEL_MAX_WIDTH},
            "borderWidth": 3 if d.get("focus") else 1,
            "gk": {
                "type": d.get("type", "other"), "iri": n if not d.get("synthetic") else None,
                "aliases": d.get("aliases", []), "reports": d.get("reports", []),
                "evidence": d.get("evidence", []), "evidence_total": d.get("evidence_total", 0),
                "money": d.get("money"), "money_text": fmt_amount(d.get("money")) if d.get("money") else "",
                "budget_text": fmt_amount(d.get("budget")) if d.get("budget") is not None else "",
                "executed_text": fmt_amount(d.get("executed")) if d.get("executed") is not None else "",
                "degree": d.get("degree", g.degree(n)), "focus": bool(d.get("focus")),
            },
        }
        nodes.append(node)
    for i, (s, t, d) in enumerate(g.edges(data=True)):
        edge = {"id": f"e{i}", "from": s, "to": t, "title": edge_tooltip(g, s, t, d), "width": round(widths[s, t], 2),
                "gk": {"relations": d.get("relations", []), "amount": d.get("amount"), "label": d.get("label", ""),
                       "evidence": d.get("evidence", [])}}
        if show_edge_labels and d.get("label"):
            edge["label"] = d["label"]
        edges.append(edge)
    # pyvis's add_node/add_edge check for duplicates with list scans (quadratic: ~9 s for 5,000 nodes);
    # the graph is already a set of unique nodes and edges, so fill pyvis's lists directly.
    net.nodes, net.edges = nodes, edges
    net.node_ids = [n["id"] for n in nodes]
    net.node_map = {n["id"]: n for n in nodes}
    net.options = {
        "physics": {"enabled": False},
        "layout": {"improvedLayout": False},
        "interaction": {"hover": True, "tooltipDelay": 150, "hideEdgesOnDrag": big, "hideEdgesOnZoom": big,
                        "multiselect": False, "navigationButtons": False, "keyboard": False},
        "nodes": {"font": {"face": FONT, "strokeWidth": 3, "strokeColor": "#ffffff", "color": "#222222"},
                  "scaling": {"label": {"drawThreshold": 6}}},
        "edges": {"smooth": False if big else {"type": "continuous", "roundness": 0.3},
                  "arrows": {"to": {"enabled": True, "scaleFactor": 0.5}},
                  "color": {"color": "#9aa5b1", "highlight": "#333333", "hover": "#333333", "inherit": False},
                  "font": {"face": FONT, "size": 11, "align": "top", "strokeWidth": 3, "strokeColor": "#ffffff"},
                  "selectionWidth": 2},
    }
    return net


def page_info(g: nx.DiGraph, summary: str) -> dict[str, Any]:
    """What the template shows around the network: title, notice, legend entries."""
    view = g.graph.get("view", "overview")
    zh, en = VIEW_TITLES.get(view, (view, view))
    if view == "entity":
        title = f"{g.graph.get('name', '')} · {zh} {en} (depth {g.graph.get('depth', '')})"
    else:
        title = f"{zh} {en}"
    counts: dict[str, int] = {}
    for _, d in g.nodes(data=True):
        counts[d.get("type", "other")] = counts.get(d.get("type", "other"), 0) + 1
    legend = [{"key": k, "zh": v[0], "en": v[1], "color": v[2], "shape": v[3], "count": counts[k]}
              for k, v in TYPES.items() if counts.get(k)]
    return {"title": title, "summary": summary, "notice": g.graph.get("notice") or "", "view": view,
            "legend": legend, "focus": g.graph.get("focus") or [],
            "size_by": "资金 money" if g.graph.get("size_by") == "money" else "连接数 degree",
            "nodes": g.number_of_nodes(), "edges": g.number_of_edges()}


def render_html(g: nx.DiGraph, positions: dict[str, tuple[float, float]], summary: str = "",
                entity_url: str | None = None) -> str:
    """The complete, self-contained HTML page for ``g``.

    ``entity_url`` (``kg serve``): the details panel links each node to ``entity_url + IRI``.

    The page must fetch nothing from elsewhere. That is checked on the page's own markup: the template
    rendered with every text from the graph left out (:func:`external_urls` on that skeleton). The text
    itself is data: names and sentences enter the page only as JSON made safe for a script element
    (Jinja's ``tojson``: ``<``, ``>``, ``&`` and ``'`` escaped) or as escaped HTML text, so a sentence holding
    ``href=http://…`` or ``<script src=…>`` cannot become markup, and does not trip the check.
    """
    net = to_pyvis(g, positions)
    net.set_template_dir(str(resources.files("govkg.viz")), TEMPLATE)
    env = net.templateEnv
    env.policies["json.dumps_kwargs"] = {"ensure_ascii": False, "sort_keys": False}
    js, css = _vis_assets()
    page = page_info(g, summary)
    page["entity_url"] = entity_url or ""
    env.globals.update(vis_js=js, vis_css=css,
                       type_info={k: {"zh": v[0], "en": v[1], "color": v[2]} for k, v in TYPES.items()},
                       relation_info=RELATIONS)
    found = external_urls(_skeleton(net, env, page))
    if found:  # never ship a page that phones home
        raise RuntimeError(f"the page template links external resources: {found[:3]}")
    env.globals["page"] = page
    return net.generate_html()


def _skeleton(net: Network, env, page: dict[str, Any]) -> str:
    """The page without the graph's text: no nodes or edges, and the title, summary and notice blank."""
    nodes, edges = net.nodes, net.edges
    net.nodes, net.edges = [], []
    env.globals["page"] = {**page, "title": "", "summary": "", "notice": "-", "focus": [], "nodes": 0}
    try:
        return net.generate_html()
    finally:
        net.nodes, net.edges = nodes, edges


def write_html(g: nx.DiGraph, positions: dict[str, tuple[float, float]], path: str | Path, summary: str = "",
               entity_url: str | None = None) -> None:
    Path(path).write_text(render_html(g, positions, summary, entity_url), encoding="utf-8")
