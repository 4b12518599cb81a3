"""The views of ``kg viz``: one SPARQL query each (``viz/queries/*.rq``) -> a networkx ``DiGraph``.

Nodes are keyed by IRI (programs without a budget line and unnamed recipients get a synthetic key) and
carry ``label``, ``type``, ``aliases``, ``reports``, ``evidence`` (sentence, report, offsets) and ``money``
(yuan); edges carry ``relations``, ``amount`` (yuan), ``reports`` (how many reports state the link),
``qualifiers`` and ``evidence``. The graph attribute ``size_by`` says whether the picture sizes nodes by
money or by degree. What the picture shows is what these queries return, nothing else.
"""
from __future__ import annotations

import math
import re
import sys
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

import networkx as nx
import pyoxigraph as ox

from govkg.kg import queries
from govkg.kg.vocab import ENTITY_CLASSES, ENTITY_TYPES, GK, ONT

VIEWS = ("overview", "subsidies", "links", "entity")

#: how each entity type is drawn: (Chinese label, English label, colour, vis shape)
ENTITY_STYLES: dict[str, tuple[str, str, str, str]] = {
    "enterprise": ("企业", "enterprise", "#d62728", "dot"),
    "institution": ("机构", "institution", "#17becf", "diamond"),
    "project": ("项目/园区", "project / park", "#2ca02c", "star"),
    "event": ("活动", "event", "#ff7f0e", "hexagon"),
    "policy": ("政策", "policy", "#bcbd22", "triangle"),
}
#: type key -> (Chinese label, English label, colour, vis shape); the order is the legend's order
TYPES: dict[str, tuple[str, str, str, str]] = {
    "department": ("部门", "department", "#1f77b4", "square"),
    "district": ("区", "district", "#8c564b", "triangle"),
    "city": ("市", "city", "#7f7f7f", "triangleDown"),
    "program": ("专项/预算项目", "program / budget line", "#9467bd", "diamond"),
    **{t: ENTITY_STYLES[t] for t in ENTITY_TYPES},
    "unnamed": ("未具名受助方", "unnamed recipients", "#e377c2", "dot"),
    "other": ("其他", "other", "#aaaaaa", "dot"),
}
_CLASS_TYPES = [  # a node with several classes takes the first that matches
    ("Department", "department"), ("District", "district"), ("City", "city"), ("BudgetLine", "program"),
    *((ENTITY_CLASSES[t], t) for t in ENTITY_TYPES),
]
#: relation key -> (Chinese, English)
RELATIONS = {
    "located_in": ("位于", "located in"),
    "mentions": ("报告提及", "named in its report"),
    "funds": ("资助", "pays"),
    "owned_by": ("隶属于", "owned by"),
    "budget": ("预算项目", "budget line"),
    "program": ("专项资金", "program"),
    "pays": ("拨付", "pays"),
}
QUALIFIERS = {"approx": "约", "at_least": "超", "total": "合计", "budgeted": "计划", "exact": ""}
CHUNK = 400  # IRIs per VALUES block
MAX_EVIDENCE = 20  # evidence sentences kept per node or edge


# -- queries --------------------------------------------------------------------------------------

#: the classes whose nodes a view can be centred on (``--view entity NAME``)
NODE_CLASSES = [GK[ENTITY_CLASSES[t]] for t in ENTITY_TYPES] + [GK.Department, GK.District, GK.City]


def render_query(name: str, var: str | None = None, values: Iterable[Any] = ()) -> str:
    """The text ``viz/<name>.rq`` runs, with ``values`` bound to its ``#IF var ?var`` blocks (for reading;
    :func:`select` runs it). IRIs are given as ``pyoxigraph.NamedNode``, user text as plain strings."""
    return queries.render(f"viz/{name}", _bindings(var, values))


def select(kg, name: str, var: str | None = None, values: Iterable[Any] = ()) -> list[dict[str, Any]]:
    """Rows of ``viz/<name>.rq`` through the KnowledgeGraph facade."""
    return kg.named(f"viz/{name}", **_bindings(var, values))


def _bindings(var: str | None, values: Iterable[Any]) -> dict[str, Any]:
    out: dict[str, Any] = {"node_class": NODE_CLASSES}
    if var is not None:
        out[var] = list(values)
    return out


def select_nodes(kg, name: str, iris: Iterable[str]) -> list[dict[str, Any]]:
    """Run a per-node query over ``iris`` in chunks (bound to ``?node`` as IRIs)."""
    iris = sorted(i for i in set(iris) if _is_iri(i))
    rows: list[dict[str, Any]] = []
    for k in range(0, len(iris), CHUNK):
        rows.extend(select(kg, name, "node", [ox.NamedNode(i) for i in iris[k:k + CHUNK]]))
    return rows


def _is_iri(key: str) -> bool:
    return key.startswith(("http://", "https://", "urn:"))


# -- amounts --------------------------------------------------------------------------------------

def fmt_amount(yuan: float | None, qualifier: str | None = None) -> str:
    """Yuan as a Chinese report would print it: 1,234.5万元, 3.2亿元."""
    if yuan is None:
        return ""
    prefix = QUALIFIERS.get(qualifier or "", "")
    if abs(yuan) >= 1e8:
        text = f"{yuan / 1e8:,.2f}".rstrip("0").rstrip(".") + "亿元"
    elif abs(yuan) >= 1e4:
        text = f"{yuan / 1e4:,.2f}".rstrip("0").rstrip(".") + "万元"
    else:
        text = f"{yuan:,.2f}".rstrip("0").rstrip(".") + "元"
    return prefix + text


def _norm(text: str | None) -> str:
    return re.sub(r"[\s“”\"'‘’《》「」（）()]", "", text or "")


# -- graph helpers --------------------------------------------------------------------------------

def _edge(g: nx.DiGraph, s: str, t: str, relation: str) -> dict[str, Any]:
    """The (s, t) edge's attribute dict, created empty; several relations between a pair share one edge."""
    if not g.has_edge(s, t):
        g.add_edge(s, t, relations=[], amount=None, reports=0, subsidies=0, qualifiers=[], evidence=[],
                   label="")
    data = g.edges[s, t]
    if relation not in data["relations"]:
        data["relations"].append(relation)
    return data


def _add_amount(data: dict[str, Any], amount: float | None) -> None:
    if amount is not None:
        data["amount"] = (data["amount"] or 0.0) + float(amount)


def _add_evidence(items: list[dict[str, Any]], row: dict[str, Any]) -> None:
    if row.get("sentence") and len(items) < MAX_EVIDENCE:
        ev = {"report": row.get("report"), "sentence": row["sentence"], "start": row.get("start"),
              "end": row.get("end")}
        if ev not in items:
            items.append(ev)


def _new_graph(view: str, size_by: str) -> nx.DiGraph:
    return nx.DiGraph(view=view, size_by=size_by, focus=[], dropped=0)


# -- views ----------------------------------------------------------------------------------------

def overview_graph(kg) -> nx.DiGraph:
    """Departments, districts, cities, entities; located-in, mentions, funds and owned-by links."""
    g = _new_graph("overview", "degree")
    for row in select(kg, "overview"):
        s, t = row["source"], row["target"]
        g.add_node(s)
        if t is None:
            continue
        data = _edge(g, s, t, row["relation"])
        data["reports"] = max(data["reports"], int(row.get("reports") or 0))
        data["subsidies"] += int(row.get("subsidies") or 0)
        if row["relation"] == "funds":
            _add_amount(data, row.get("amount"))
    funded = [(s, t) for s, t, d in g.edges(data=True) if "funds" in d["relations"]]
    if funded:  # the sentences that state each payment, for citing
        for row in select(kg, "subsidies"):
            if row.get("recipient") is not None and g.has_edge(row["funder"], row["recipient"]):
                data = g.edges[row["funder"], row["recipient"]]
                _add_evidence(data["evidence"], row)
                if row.get("qualifier") and row["qualifier"] not in data["qualifiers"]:
                    data["qualifiers"].append(row["qualifier"])
    for _, _, d in g.edges(data=True):
        if d["amount"] is not None:
            d["label"] = fmt_amount(d["amount"], _one_qualifier(d))
    return g


def subsidies_graph(kg) -> nx.DiGraph:
    """Department -> program / budget line -> recipient, money on every edge: the money flows the reports
    state (a budget line only when a payment goes through it)."""
    g = _new_graph("subsidies", "money")
    lines = select(kg, "budget_lines")
    rows = select(kg, "subsidies")
    years = {r.get("year") for r in lines + rows if r.get("year") is not None}
    g.graph["multi_year"] = len(years) > 1
    by_report: dict[tuple[str, str], dict[str, Any]] = {}
    for line in lines:
        by_report.setdefault((line["report"], _norm(line["item"])), line)
    # money flows only: a budget line is drawn when a payment goes through it (its program names it);
    # plain lines (工资, 基本支出, 项目支出 …) are in kg budget, not in this picture
    paid_through = {by_report[key]["line"] for key in
                    ((r["report"], _norm(r["program"])) for r in rows if r.get("program")) if key in by_report}
    # budget lines: department -> line, sized by the line's budget
    for line in lines:
        node = line["line"]
        if node not in paid_through:
            continue
        g.add_node(node, budget=line.get("budget"), executed=line.get("executed"), rate=line.get("rate"),
                   year=line.get("year"))
        data = _edge(g, line["department"], node, "budget")
        data["reports"] = 1
        data["budget"] = line.get("budget")
        data["executed"] = line.get("executed")
        _add_evidence(data["evidence"], line)
    seen: set[str] = set()
    for row in rows:
        first = row["subsidy"] not in seen  # a subsidy's amount counts once however many recipients share it
        seen.add(row["subsidy"])
        _add_payment(g, row, by_report, first)
    for _, _, d in g.edges(data=True):
        _label_money(d)
    return g


def _program_node(g: nx.DiGraph, by_report: dict, funder: str, program: str, report: str, year: Any) -> str:
    """The budget line a payment's program names in its report, else a program node of the funder's."""
    line = by_report.get((report, _norm(program)))
    if line is not None:
        return line["line"]
    key = f"program:{funder}\t{_norm(program)}\t{year or ''}"
    if key not in g:
        label = program + (f"（{year}）" if g.graph["multi_year"] and year else "")
        g.add_node(key, label=label, type="program", synthetic=True, aliases=[], reports=[], evidence=[])
    if report not in g.nodes[key]["reports"]:
        g.nodes[key]["reports"].append(report)
    return key


def _recipient_node(g: nx.DiGraph, row: dict[str, Any]) -> str:
    """The recipient's node, or a node for the unnamed recipients (a count, or nothing) of one subsidy."""
    if row.get("recipient") is not None:
        return row["recipient"]
    target = f"unnamed:{row['subsidy']}"
    count = row.get("count")
    g.add_node(target, label=f"{count}家企业（未具名）" if count else "未具名受助方", type="unnamed",
               synthetic=True, aliases=[], reports=[row["report"]], evidence=[], count=count)
    _add_evidence(g.nodes[target]["evidence"], row)
    return target


def _add_payment(g: nx.DiGraph, row: dict[str, Any], by_report: dict, first: bool) -> None:
    """One (subsidy, recipient) row: funder -> program -> recipient, or funder -> recipient."""
    funder, amount = row["funder"], row.get("amount")
    target = _recipient_node(g, row)
    if row.get("program"):
        prog = _program_node(g, by_report, funder, row["program"], row["report"], row.get("year"))
        if g.nodes[prog].get("synthetic"):
            _add_evidence(g.nodes[prog]["evidence"], row)
        up = _edge(g, funder, prog, "program")
        if first:
            _add_amount(up, amount)
            up["subsidies"] += 1
            up["paid"] = (up.get("paid") or 0.0) + float(amount or 0)
        _add_evidence(up["evidence"], row)
        down = _edge(g, prog, target, "pays")
    else:
        down = _edge(g, funder, target, "funds")
    _add_amount(down, amount)
    down["subsidies"] += 1
    down["reports"] = max(down["reports"], 1)
    if row.get("qualifier") and row["qualifier"] not in down["qualifiers"]:
        down["qualifiers"].append(row["qualifier"])
    if row.get("count"):
        down["count"] = row["count"]
    _add_evidence(down["evidence"], row)


def _label_money(d: dict[str, Any]) -> None:
    """An edge's label and drawn amount: budget (or executed) and paid for a budget line, else the sum paid."""
    if "budget" in d["relations"]:
        parts = []  # the executed amount is in the tooltip and the details panel
        if d.get("budget") is not None:
            parts.append("预算" + fmt_amount(d["budget"]))
        elif d.get("executed") is not None:
            parts.append("执行" + fmt_amount(d["executed"]))
        if d.get("paid"):
            parts.append("拨付" + fmt_amount(d["paid"]))
        d["label"] = "，".join(parts)
        d["amount"] = max(x for x in (d.get("budget"), d.get("executed"), d.get("paid"), d["amount"], 0.0)
                          if x is not None)
    elif d["amount"] is not None:
        n = d["subsidies"]
        d["label"] = fmt_amount(d["amount"], _one_qualifier(d)) + (f"（{n}笔）" if n > 1 else "")


def links_graph(kg) -> nx.DiGraph:
    """Entities named by two or more departments or districts, with those departments and districts."""
    g = _new_graph("links", "degree")
    pair_reports: dict[tuple[str, str], set[str]] = defaultdict(set)
    for row in select(kg, "links"):
        dept, entity = row["department"], row["entity"]
        pair_reports[(dept, entity)].add(row["report"])
        if row.get("district"):
            _edge(g, dept, row["district"], "located_in")
    for (dept, entity), reports in pair_reports.items():
        data = _edge(g, dept, entity, "mentions")
        data["reports"] = len(reports)
    return g


def find_nodes(kg, name: str) -> list[dict[str, Any]]:
    """Nodes labelled (or aliased) exactly ``name``; the name is bound as a literal, never pasted."""
    return select(kg, "find", "name", [name])


def entity_graph(kg, name: str, depth: int = 2) -> nx.DiGraph:
    """The ``depth``-hop neighbourhood of the nodes called ``name`` in the overview graph."""
    if not name or not name.strip():
        raise ValueError("--view entity needs a NAME")
    name = name.strip()
    found = find_nodes(kg, name)
    if not found:
        hints = [r["label"] for r in select(kg, "search", "name", [name])]
        hint = f"; did you mean: {', '.join(dict.fromkeys(hints))}?" if hints else " (see 'kg entities')"
        raise ValueError(f"no entity, department or place named {name!r} in the graph{hint}")
    full = overview_graph(kg)
    focus = sorted({r["node"] for r in found if r["node"] in full})
    if not focus:
        raise ValueError(f"{name!r} is in the graph but has no links to draw")
    undirected = full.to_undirected(as_view=True)
    keep: set[str] = set()
    for node in focus:
        keep.update(nx.single_source_shortest_path_length(undirected, node, cutoff=depth))
    g = full.subgraph(keep).copy()
    g.graph.update(view="entity", size_by="degree", focus=focus, name=name, depth=depth)
    return g


# -- limit and decoration -------------------------------------------------------------------------

def node_money(g: nx.DiGraph, node: str) -> float:
    """Money through a node: the larger of what it pays out and what it receives (yuan)."""
    out = sum(d["amount"] or 0.0 for _, _, d in g.out_edges(node, data=True))
    inc = sum(d["amount"] or 0.0 for _, _, d in g.in_edges(node, data=True))
    return max(out, inc)


def apply_limit(g: nx.DiGraph, limit: int | None) -> nx.DiGraph:
    """Keep the ``limit`` nodes with the most money, then the highest degree (focus nodes always)."""
    total = g.number_of_nodes()
    if not limit or total <= limit:
        return g
    focus = set(g.graph.get("focus") or [])
    money = {n: node_money(g, n) for n in g}
    ranked = sorted(g, key=lambda n: (n not in focus, -money[n], -g.degree(n), n))
    kept = g.subgraph(ranked[:limit]).copy()
    kept.graph["dropped"] = total - limit
    kept.graph["total_nodes"] = total
    return kept


def _type_of(classes: str | None) -> str:
    names = {c.rsplit("#", 1)[-1] for c in (classes or "").split("\t") if c.startswith(ONT)}
    for local, key in _CLASS_TYPES:
        if local in names:
            return key
    return "other"


def decorate(kg, g: nx.DiGraph) -> nx.DiGraph:
    """Fill in label, type, aliases, reports, evidence, money and degree of every node."""
    iris = [n for n in g if not g.nodes[n].get("synthetic")]
    for row in select_nodes(kg, "nodes", iris):
        attrs = g.nodes[row["node"]]
        attrs["label"] = row["label"]
        attrs["type"] = _type_of(row.get("classes"))
        attrs["aliases"] = sorted({a for a in (row.get("aliases") or "").split("\t") if a and a != row["label"]})
    reports: dict[str, list[str]] = defaultdict(list)
    for row in select_nodes(kg, "reports", iris):
        reports[row["node"]].append(row["report"])
    evidence: dict[str, list[dict[str, Any]]] = defaultdict(list)
    ev_total: dict[str, int] = defaultdict(int)
    for row in select_nodes(kg, "evidence", iris):
        ev_total[row["node"]] += 1
        _add_evidence(evidence[row["node"]], row)
    focus = set(g.graph.get("focus") or [])
    for n, attrs in g.nodes(data=True):
        attrs.setdefault("label", n.rsplit("/", 1)[-1])
        attrs.setdefault("type", "other")
        attrs.setdefault("aliases", [])
        if not attrs.get("synthetic"):
            attrs["reports"] = sorted(set(reports.get(n, [])))
            attrs["evidence"] = evidence.get(n, [])
            attrs["evidence_total"] = ev_total.get(n, 0)
        if g.graph.get("multi_year") and attrs["type"] == "program" and attrs.get("year") \
                and not attrs.get("synthetic"):
            attrs["label"] = f"{attrs['label']}（{attrs['year']}）"
        attrs["money"] = node_money(g, n) or None
        attrs["degree"] = g.degree(n)
        attrs["focus"] = n in focus
    return g


def build_view(kg, view: str = "overview", name: str | None = None, depth: int = 2,
               limit: int | None = 2000, notice=None) -> nx.DiGraph:
    """The networkx graph a view draws (after ``limit``), every node decorated.

    ``notice`` is called with a one-line message when nodes are dropped (default: print to stderr).
    """
    if view not in VIEWS:
        raise ValueError(f"unknown view {view!r} (choose from {', '.join(VIEWS)})")
    if depth is None or depth < 1:
        raise ValueError("--depth must be 1 or more")
    if view == "overview":
        g = overview_graph(kg)
    elif view == "subsidies":
        g = subsidies_graph(kg)
    elif view == "links":
        g = links_graph(kg)
    else:
        g = entity_graph(kg, name or "", depth)
    total_nodes, total_edges = g.number_of_nodes(), g.number_of_edges()
    g = apply_limit(g, limit)
    g.graph["total_nodes"], g.graph["total_edges"] = total_nodes, total_edges
    if g.graph.get("dropped"):
        basis = "money, then degree" if any(d["amount"] for *_, d in g.edges(data=True)) else "degree"
        message = (f"kg viz: the {view} view has {total_nodes:,} nodes, more than --limit {limit:,}; "
                   f"drawing the top {limit:,} by {basis}")
        g.graph["notice"] = message
        (notice or (lambda m: print(m, file=sys.stderr)))(message)
    return decorate(kg, g)


def node_sizes(g: nx.DiGraph) -> dict[str, float]:
    """Drawn radius (px) of every node: by money in money views, else by degree (square root scale)."""
    if g.graph.get("size_by") == "money":
        top = max((d.get("money") or 0.0 for _, d in g.nodes(data=True)), default=0.0) or 1.0
        return {n: 8 + 27 * math.sqrt((d.get("money") or 0.0) / top) for n, d in g.nodes(data=True)}
    top = max((d for _, d in g.degree()), default=1) or 1
    return {n: 8 + 22 * math.sqrt(d / top) for n, d in g.degree()}


def _one_qualifier(d: dict[str, Any]) -> str | None:
    quals = d.get("qualifiers") or []
    return quals[0] if len(quals) == 1 and d.get("subsidies", 0) <= 1 else None


#: longest label line drawn (px); longer names wrap onto more lines (vis-network widthConstraint)
LABEL_MAX_WIDTH = 170


def font_size(size: float) -> int:
    """The label font size (px) of a node drawn ``size`` px wide."""
    return int(13 + size / 6)


def label_box(label: str, size: float) -> tuple[float, float]:
    """About how wide and tall (px) a node's label is drawn: CJK characters one em wide, others about half,
    wrapped at ``LABEL_MAX_WIDTH``."""
    em = font_size(size)
    width = sum(em if unicodedata.east_asian_width(ch) in "WF" else em * 0.56 for ch in label or "")
    lines = max(1, math.ceil(width / LABEL_MAX_WIDTH))
    return min(width, LABEL_MAX_WIDTH) + 6, lines * em * 1.25 + 4
