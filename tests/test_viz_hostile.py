"""Every picture survives what the text holds (issue 13.4): web-page markup in a sentence is data, not a
link (the page still builds and fetches nothing); form feeds, vertical tabs and other XML-illegal characters
are dropped from GraphML and GEXF, which then parse. And the subsidies view draws money flows only."""
from __future__ import annotations

import networkx as nx
import pytest

from govkg.kg.graph import KnowledgeGraph
from govkg.viz import build_view, external_urls, render_view
from tests.conftest import ingest_and_validate

MARKUP = ("2023年度深圳市南山区科技创新局部门整体支出自评报告\n一、基本情况\n"
          "全年预算数 1,520.36 万元，执行数 1,498.2 万元，完成预算的 98.54%。\n"
          "我局引进<a href=http://evil.example/x.js>深圳天丰科技有限公司</a>，详见 src=\"http://evil.example/y.png\" "
          "与 url(http://evil.example/z.css) 及 <script src=\"//evil.example/w.js\"></script>。\n"
          "兑现深圳天丰科技有限公司经营贡献奖 120 万元，\f兑现深圳云帆数据有限公司\v经营贡献奖 30 万元\x01。\n")


@pytest.fixture(scope="module")
def hostile_store(tmp_path_factory):
    folder = tmp_path_factory.mktemp("hostile")
    (folder / "markup.txt").write_text(MARKUP, "utf-8")
    kg, result = ingest_and_validate([folder / "markup.txt"], folder / "store", workers=1)
    assert not result.errors
    kg.close()
    return folder / "store"


@pytest.mark.parametrize("view", ["overview", "subsidies", "links", "entity"])
def test_markup_in_the_text_does_not_break_a_view(hostile_store, tmp_path, view):
    kg = KnowledgeGraph(hostile_store, read_only=True)
    try:
        out = tmp_path / f"{view}.html"
        summary = render_view(kg, view=view, name="深圳天丰科技有限公司" if view == "entity" else None, output=out)
    finally:
        kg.close()
    assert summary.startswith(f"wrote {out}")
    html = out.read_text("utf-8")
    if view != "links":  # the links view of one report is empty
        assert "evil.example" in html  # the sentence is on the page, as data …
        assert "\\u003ca href=http://evil.example/x.js\\u003e" in html  # … escaped for the script element
    assert "<a href=http://evil.example" not in html and '<script src="//evil.example' not in html


def test_the_guard_still_catches_markup_of_the_page_itself():
    assert external_urls('<script src="https://cdn.example/vis.js"></script>') == ["https://cdn.example/vis.js"]
    assert external_urls("<style>@import url(//cdn.example/a.css)</style>") == ["//cdn.example/a.css"]


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_graphml_and_gexf_drop_xml_illegal_characters(hostile_store, tmp_path, fmt):
    kg = KnowledgeGraph(hostile_store, read_only=True)
    try:
        g = build_view(kg, "overview")
        out = tmp_path / f"overview.{fmt}"
        render_view(kg, view="overview", output=out)
    finally:
        kg.close()
    data = out.read_bytes()
    assert b"\x0c" not in data and b"\x0b" not in data and b"\x01" not in data
    back = nx.read_graphml(out) if fmt == "graphml" else nx.read_gexf(out)
    assert back.number_of_nodes() == g.number_of_nodes() and back.number_of_edges() == g.number_of_edges()
    texts = " ".join(str(v) for _, _, d in back.edges(data=True) for v in d.values())
    assert "兑现深圳天丰科技有限公司经营贡献奖 120 万元， 兑现深圳云帆数据有限公司 经营贡献奖 30 万元。" in texts


def test_the_subsidies_view_shows_money_flows_only(sample_kg):
    g = build_view(sample_kg, "subsidies")
    programs = {d["label"].split("（")[0] for _, d in g.nodes(data=True) if d.get("type") == "program"}
    paid = {r["program"] for r in sample_kg.subsidies() if r.get("program")}
    assert programs and programs <= paid
    lines = {r["item"] for r in sample_kg.budget() if r["item"]}
    assert {"基本支出", "项目支出", "政府雇员工资费用"} <= lines  # in kg budget …
    assert not programs & {"基本支出", "项目支出", "政府雇员工资费用", "区投资促进局运行经费"}  # … not in the picture
    for node, d in g.nodes(data=True):
        if d.get("type") == "program":  # every budget line drawn passes money on to a recipient
            assert any("pays" in e["relations"] for _, _, e in g.out_edges(node, data=True)), d["label"]
