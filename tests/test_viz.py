"""kg viz: views built by SPARQL -> networkx, offline HTML, GraphML/GEXF, limits and user errors.

The browser side (what Chromium actually draws) is in test_viz_browser.py.
"""
from __future__ import annotations

import re

import networkx as nx
import pytest
from click.testing import CliRunner

from govkg.kg.cli import cli
from govkg.kg.graph import KnowledgeGraph
from govkg.viz import build_view, external_urls, render_view
from govkg.viz.html import render_html
from govkg.viz.layout import layout
from govkg.viz.synthetic import build_store, synthetic_facts
from govkg.viz.views import fmt_amount, render_query

KNOWN_ENTERPRISE = "华为"  # named (and funded) in data/samples/000_07bb7f755d006c6f.txt
SUMMARY = re.compile(r"^wrote (.+): ([\d,]+) nodes, ([\d,]+) edges \((\w+)")


@pytest.fixture(scope="module")
def synth():
    kg = build_store(synthetic_facts(reports=8, entities=50, per_report=12, subsidies=3))
    yield kg
    kg.close()


def _labels(g: nx.DiGraph, type_: str | None = None) -> set[str]:
    return {d["label"] for _, d in g.nodes(data=True) if type_ is None or d["type"] == type_}


def _counts(summary: str) -> tuple[int, int, str]:
    m = SUMMARY.match(summary)
    assert m, summary
    return int(m.group(2).replace(",", "")), int(m.group(3).replace(",", "")), m.group(4)


# -- views on a synthetic graph -------------------------------------------------------------------

def test_overview_has_every_department_district_and_entity(synth):
    g = build_view(synth, "overview")
    assert _labels(g, "department") == {r["department"] for r in synth.reports()}
    assert _labels(g, "district") == {r["district"] for r in synth.reports()}
    assert _labels(g, "city") == {"广州市"}
    entities = {e["name"] for e in synth.entities()}
    assert entities <= _labels(g)
    for _, d in g.nodes(data=True):
        assert d["type"] != "other" and d["label"]
    # every entity has the sentence(s) that name it, with the report file
    ent = next(n for n, d in g.nodes(data=True) if d["type"] == "enterprise")
    ev = g.nodes[ent]["evidence"][0]
    assert ev["report"].startswith("synthetic_") and g.nodes[ent]["label"] in ev["sentence"]


def test_overview_funding_edges_carry_the_money(synth):
    g = build_view(synth, "overview")
    paid = sum(d["amount"] for *_, d in g.edges(data=True) if "funds" in d["relations"])
    # named recipients only (the overview has no node for "N家企业"); shared amounts count per recipient
    expected = sum(r["amount"] * len(r["recipients"]) for r in synth.subsidies() if r["recipients"])
    assert paid == pytest.approx(expected)
    funded = [d for *_, d in g.edges(data=True) if "funds" in d["relations"]]
    assert funded and all(d["evidence"] and d["label"] for d in funded)


def test_subsidies_view_department_program_recipient(synth):
    g = build_view(synth, "subsidies")
    rows = synth.subsidies()
    for s, t, _ in g.edges(data=True):
        ts, tt = g.nodes[s]["type"], g.nodes[t]["type"]
        assert (ts, tt) in {("department", "program"), ("program", "enterprise"), ("program", "unnamed"),
                            ("department", "enterprise"), ("department", "unnamed")}, (ts, tt)
    # money reaching recipients = the subsidies (a subsidy shared by n named recipients is on n edges)
    into = sum(d["amount"] for s, t, d in g.edges(data=True) if g.nodes[s]["type"] == "program")
    expected = sum(r["amount"] * max(1, len(r["recipients"])) for r in rows)
    assert into == pytest.approx(expected)
    assert {n for r in rows for n in r["recipients"]} == _labels(g, "enterprise")
    unnamed = [d for _, d in g.nodes(data=True) if d["type"] == "unnamed"]
    assert len(unnamed) == sum(1 for r in rows if not r["recipients"])
    assert all(re.fullmatch(r"\d+家企业（未具名）", d["label"]) for d in unnamed)
    labelled = [d["label"] for *_, d in g.edges(data=True)]
    assert all(labelled) and any("万元" in x for x in labelled)
    assert g.graph["size_by"] == "money"
    # programs with a budget line show the line's budget
    lines = [d for _, d in g.nodes(data=True) if d["type"] == "program" and d.get("budget")]
    assert lines


def test_links_view_matches_kg_links(synth):
    g = build_view(synth, "links")
    links = synth.links()
    assert links
    names = {r["name"] for r in links}
    entities = {d["label"] for _, d in g.nodes(data=True) if d["type"] not in ("department", "district")}
    assert entities == names
    for r in links:
        node = next(n for n, d in g.nodes(data=True) if d["label"] == r["name"])
        depts = {g.nodes[p]["label"] for p in g.predecessors(node)}
        assert depts == set(r["departments"])


def test_entity_view_depth(synth):
    name = synth.links()[0]["name"]
    g1 = build_view(synth, "entity", name=name, depth=1)
    focus = g1.graph["focus"]
    assert len(focus) == 1 and g1.nodes[focus[0]]["focus"]
    u = g1.to_undirected()
    assert all(nx.shortest_path_length(u, focus[0], n) <= 1 for n in g1)
    assert {g1.nodes[n]["label"] for n in g1 if n != focus[0]} == \
        {d["label"] for _, d in g1.nodes(data=True) if d["type"] == "department"}
    g2 = build_view(synth, "entity", name=name, depth=2)
    assert g2.number_of_nodes() > g1.number_of_nodes()
    # a department by name works too
    dept = synth.reports()[0]["department"]
    assert dept in _labels(build_view(synth, "entity", name=dept, depth=1), "department")


def test_unknown_entity_is_a_one_line_value_error(synth):
    with pytest.raises(ValueError, match="no entity, department or place named '不存在的公司'") as e:
        build_view(synth, "entity", name="不存在的公司")
    assert "\n" not in str(e.value)
    with pytest.raises(ValueError, match="did you mean"):
        build_view(synth, "entity", name="投资促进")
    with pytest.raises(ValueError, match="needs a NAME"):
        build_view(synth, "entity", name="  ")
    with pytest.raises(ValueError, match="unknown view"):
        build_view(synth, "pie")


def test_user_text_is_bound_as_a_literal_never_pasted(synth):
    evil = '华为" } } ; DROP ALL ; SELECT * WHERE { ?s ?p "'
    text = render_query("find", "name", [evil])
    assert 'VALUES ?name { "华为\\" } } ; DROP ALL ; SELECT * WHERE { ?s ?p \\"" }' in text
    before = synth.stats()["entities"]
    with pytest.raises(ValueError, match="no entity"):
        build_view(synth, "entity", name=evil)
    assert synth.stats()["entities"] == before


def test_limit_keeps_the_top_nodes_by_money_and_says_so(synth):
    full = build_view(synth, "overview", limit=None)
    notices: list[str] = []
    g = build_view(synth, "overview", limit=10, notice=notices.append)
    assert g.number_of_nodes() == 10
    assert len(notices) == 1 and "--limit 10" in notices[0] and f"{full.number_of_nodes():,} nodes" in notices[0]
    richest = max(full, key=lambda n: full.nodes[n]["money"] or 0)
    assert richest in g
    assert g.graph["total_nodes"] == full.number_of_nodes()
    # the entity view always keeps its focus
    name = synth.entities(type="policy")[0]["name"]
    ge = build_view(synth, "entity", name=name, depth=3, limit=10, notice=notices.append)
    assert ge.graph["focus"][0] in ge


def test_amounts_read_like_the_reports():
    assert fmt_amount(63089500) == "6,308.95万元"
    assert fmt_amount(150000000, "budgeted") == "计划1.5亿元"
    assert fmt_amount(10000000, "at_least") == "超1,000万元"
    assert fmt_amount(530) == "530元"


# -- files ----------------------------------------------------------------------------------------

def test_html_is_self_contained(synth, tmp_path):
    out = tmp_path / "o.html"
    summary = render_view(synth, view="overview", output=str(out))
    n, m, view = _counts(summary)
    g = build_view(synth, "overview")
    assert (n, m, view) == (g.number_of_nodes(), g.number_of_edges(), "overview")
    html = out.read_text("utf-8")
    assert external_urls(html) == []
    assert "cdn.jsdelivr" not in html and "cdnjs" not in html and "bootstrap" not in html.lower()
    assert "sourceMappingURL" not in html
    assert "vis.Network" in html and "new vis.DataSet" in html
    assert g.nodes[next(iter(g))]["label"] in html  # Chinese kept as text, not \u escapes


def test_the_checker_catches_what_pyvis_links():
    from pyvis.network import Network

    net = Network(cdn_resources="in_line")
    net.add_node(1)
    assert any("bootstrap" in u for u in external_urls(net.generate_html()))
    assert external_urls('<img src="//evil.example/x.png"><style>@import url("https://a.b/c.css")</style>')
    assert external_urls("<a href='http://x.y/'>") and external_urls("background: url(https://x.y/i.png)")
    assert not external_urls('<img src="data:image/png;base64,AAAA"> url(data:image/png;base64,AA)')


def test_text_from_reports_cannot_break_out_of_the_page(synth):
    g = build_view(synth, "overview")
    node = next(iter(g))
    g.nodes[node]["label"] = "</script><script>alert(1)</script>"
    g.nodes[node]["evidence"] = [{"report": "<b>x</b>", "sentence": "</script>", "start": 0, "end": 1}]
    html = render_html(g, layout(g))
    assert "</script><script>alert(1)" not in html
    assert html.count("</script") == 2  # vis-network's own script element and ours, nothing injected


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_graphml_and_gexf_parse_with_networkx(synth, tmp_path, fmt):
    out = tmp_path / f"subsidies.{fmt}"
    summary = render_view(synth, view="subsidies", output=str(out))
    n, m, _ = _counts(summary)
    read = nx.read_graphml if fmt == "graphml" else nx.read_gexf
    h = read(str(out))
    assert (h.number_of_nodes(), h.number_of_edges()) == (n, m)
    g = build_view(synth, "subsidies")
    assert set(h.nodes) == set(g.nodes)
    some = next(n for n, d in g.nodes(data=True) if d["type"] == "enterprise")
    assert h.nodes[some]["label"] == g.nodes[some]["label"] and h.nodes[some]["type"] == "enterprise"
    assert "x" in h.nodes[some] and "y" in h.nodes[some]
    assert any(float(d.get("amount", 0)) > 0 for *_, d in h.edges(data=True))


def test_format_option_beats_the_extension_and_bad_names_fail(synth, tmp_path):
    out = tmp_path / "graph.xml"
    render_view(synth, view="links", output=str(out), fmt="graphml")
    assert nx.read_graphml(str(out)).number_of_nodes() > 0
    with pytest.raises(ValueError, match="cannot tell the format"):
        render_view(synth, view="links", output=str(tmp_path / "graph.txt"))
    with pytest.raises(ValueError, match="unknown format"):
        render_view(synth, view="links", output=str(tmp_path / "g.html"), fmt="png")


def test_an_empty_store_draws_an_empty_page(tmp_path):
    kg = KnowledgeGraph(None)
    try:
        for view in ("overview", "subsidies", "links"):
            summary = render_view(kg, view=view, output=str(tmp_path / f"{view}.html"))
            assert _counts(summary) == (0, 0, view)
            assert "nothing to draw" in (tmp_path / f"{view}.html").read_text("utf-8")
        render_view(kg, output=str(tmp_path / "e.graphml"))
        assert nx.read_graphml(str(tmp_path / "e.graphml")).number_of_nodes() == 0
        with pytest.raises(ValueError, match="no entity"):
            build_view(kg, "entity", name="华为")
    finally:
        kg.close()


def test_layout_of_a_large_graph_spreads_the_nodes():
    g = nx.DiGraph()
    for h in range(30):
        for i in range(60):
            g.add_edge(f"h{h}", f"h{h}-{i}")
        g.add_edge(f"h{h}", f"h{(h + 1) % 30}")
    g.add_node("alone")
    pos = layout(g)
    assert set(pos) == set(g)
    points = {tuple(round(c) for c in p) for p in pos.values()}
    assert len(points) == g.number_of_nodes()  # no two nodes on the same spot


# -- the sample reports ---------------------------------------------------------------------------

@pytest.mark.parametrize("view", ["overview", "subsidies", "links"])
def test_every_view_of_the_sample_graph(sample_kg, tmp_path, view):
    g = build_view(sample_kg, view)
    assert g.number_of_nodes() > 0 and g.number_of_edges() > 0
    summary = render_view(sample_kg, view=view, output=str(tmp_path / f"{view}.html"))
    assert _counts(summary) == (g.number_of_nodes(), g.number_of_edges(), view)
    assert external_urls((tmp_path / f"{view}.html").read_text("utf-8")) == []
    if view == "overview":
        assert {r["department"] for r in sample_kg.reports()} <= _labels(g, "department")
        enterprises = {e["name"] for e in sample_kg.entities(type="enterprise")}
        assert KNOWN_ENTERPRISE in enterprises and enterprises <= _labels(g, "enterprise")
    if view == "subsidies":
        assert {n for r in sample_kg.subsidies() for n in r["recipients"]} <= _labels(g, "enterprise")


def test_entity_view_of_the_sample_graph(sample_kg, tmp_path):
    g = build_view(sample_kg, "entity", name=KNOWN_ENTERPRISE, depth=1)
    labels = _labels(g)
    assert KNOWN_ENTERPRISE in labels
    assert "广州市白云区投资促进局" in labels  # the department whose report names it


def test_cli_viz(sample_store, tmp_path):
    runner = CliRunner()
    out = tmp_path / "cli" / "subsidies.html"
    r = runner.invoke(cli, ["viz", "--store", str(sample_store), "--view", "subsidies", "-o", str(out)])
    assert r.exit_code == 0, r.output
    assert r.output.startswith(f"wrote {out}: ") and out.exists()
    r = runner.invoke(cli, ["viz", "--store", str(sample_store), "--view", "entity", "没有这家公司",
                            "-o", str(tmp_path / "e.html")])
    assert r.exit_code == 2 and "no entity, department or place named" in r.output
    r = runner.invoke(cli, ["viz", "--store", str(sample_store), "--limit", "10", "-o", str(tmp_path / "o.gexf")])
    assert r.exit_code == 0, r.output
    assert "--limit 10" in r.output and nx.read_gexf(str(tmp_path / "o.gexf")).number_of_nodes() == 10
