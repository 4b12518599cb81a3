"""Interactive pictures of the graph: SPARQL (``viz/queries/*.rq``) -> networkx -> pyvis -> offline HTML.

    from govkg.viz import render_view
    render_view(kg, view="subsidies", output="out/subsidies.html")

Views: ``overview``, ``subsidies``, ``links``, ``entity`` (with ``name`` and ``depth``). GraphML and GEXF
(for Gephi, Cytoscape) hold the same graph with the same positions.
"""
from __future__ import annotations

from pathlib import Path

from .export import FORMATS, format_for, write_graph
from .html import external_urls, render_html, write_html
from .layout import layout as compute_positions
from .views import TYPES, VIEWS, build_view

__all__ = ["render_view", "build_view", "compute_positions", "render_html", "write_html", "write_graph",
           "external_urls", "TYPES", "VIEWS", "FORMATS"]


def render_view(kg, view: str = "overview", name: str | None = None, depth: int = 2,
                output: str | Path = "graph.html", fmt: str | None = None, limit: int | None = 2000,
                notice=None) -> str:
    """Draw one view of ``kg`` into ``output``; returns a one-line summary.

    ``fmt`` is html, graphml or gexf (default: from the file name). Raises ``ValueError`` with a one-line
    message for user errors (unknown view or format, unknown entity name).
    """
    fmt = format_for(output, fmt)
    g = build_view(kg, view=view, name=name, depth=depth, limit=limit, notice=notice)
    positions = compute_positions(g)
    summary = f"{g.number_of_nodes():,} nodes, {g.number_of_edges():,} edges ({view}"
    if view == "entity":
        summary += f" {name!r}, depth {depth}"
    summary += ")"
    if g.graph.get("dropped"):
        summary += f"; top {g.number_of_nodes():,} of {g.graph['total_nodes']:,} nodes kept (--limit)"
    out = Path(output)
    if out.parent and not out.parent.exists():
        out.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "html":
        write_html(g, positions, out, summary)
    else:
        write_graph(g, positions, out, fmt)
    return f"wrote {out}: {summary}"

