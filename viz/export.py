"""The view graph as GraphML or GEXF (Gephi, Cytoscape): scalar attributes only, positions included."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import networkx as nx

from govkg.kg.output import xml_safe

from .views import TYPES

FORMATS = ("html", "graphml", "gexf")
_EXTENSIONS = {".html": "html", ".htm": "html", ".graphml": "graphml", ".gexf": "gexf"}


def format_for(output: str | Path, fmt: str | None) -> str:
    """The output format: ``fmt`` if given, else from the file extension."""
    if fmt:
        if fmt not in FORMATS:
            raise ValueError(f"unknown format {fmt!r} (choose from {', '.join(FORMATS)})")
        return fmt
    ext = Path(output).suffix.lower()
    if ext not in _EXTENSIONS:
        raise ValueError(f"{output}: cannot tell the format from the file name; use .html, .graphml or .gexf "
                         f"or give --format")
    return _EXTENSIONS[ext]


def _scalar(value: Any) -> Any:
    """A value GraphML/GEXF can hold: numbers as they are, text without XML-illegal characters (a form
    feed or vertical tab in a sentence would otherwise cut the GraphML file short and break the GEXF)."""
    if isinstance(value, str):
        return xml_safe(value)
    if isinstance(value, bool) or isinstance(value, (int, float)):
        return value
    if isinstance(value, (list, tuple)):
        parts = []
        for v in value:
            if isinstance(v, dict) and "sentence" in v:
                parts.append(f"{v['sentence']} — {v.get('report')} [{v.get('start')}–{v.get('end')}]")
            else:
                parts.append(str(v))
        return xml_safe(" | ".join(parts))
    return xml_safe(str(value))


def flat_graph(g: nx.DiGraph, positions: dict[str, tuple[float, float]], fmt: str) -> nx.DiGraph:
    """A copy of ``g`` whose attributes GraphML/GEXF writers accept (no None, lists joined)."""
    out = nx.DiGraph()
    out.graph.update({k: _scalar(v) for k, v in g.graph.items() if v is not None and v != []})
    for n, d in g.nodes(data=True):
        attrs = {k: _scalar(v) for k, v in d.items() if v is not None and k not in ("synthetic",)}
        x, y = positions.get(n, (0.0, 0.0))
        attrs["x"], attrs["y"] = float(x), float(y)
        if fmt == "gexf":
            colour = TYPES.get(d.get("type"), TYPES["other"])[2]
            attrs["viz"] = {"position": {"x": float(x), "y": float(-y), "z": 0.0},
                            "color": {"r": int(colour[1:3], 16), "g": int(colour[3:5], 16),
                                      "b": int(colour[5:7], 16), "a": 1.0},
                            "size": float(10 + 2 * d.get("degree", 0) ** 0.5)}
        out.add_node(xml_safe(n), **attrs)
    for s, t, d in g.edges(data=True):
        attrs = {k: _scalar(v) for k, v in d.items() if v is not None and v != []}
        if "amount" in d and d["amount"] is not None:
            attrs["weight"] = float(d["amount"])
        out.add_edge(xml_safe(s), xml_safe(t), **attrs)
    return out


def write_graph(g: nx.DiGraph, positions: dict[str, tuple[float, float]], path: str | Path, fmt: str) -> None:
    flat = flat_graph(g, positions, fmt)
    if fmt == "graphml":
        nx.write_graphml(flat, str(path), encoding="utf-8")
    elif fmt == "gexf":
        nx.write_gexf(flat, str(path), encoding="utf-8")
    else:
        raise ValueError(f"unknown format {fmt!r}")
