"""The store and the CLI: idempotent ingest, formats, the JSON contract, export, SHACL."""
import json
import re

import pyoxigraph as ox
import pytest
import rdflib
from click.testing import CliRunner

from govkg.kg.cli import cli
from govkg.kg.graph import KnowledgeGraph, validate_graph
from tests.conftest import SAMPLES, ingest_and_validate
from tests.helpers import title

REPORT = ("2023 年度南京市鼓楼区投资促进局部门整体支出绩效自评报告\n一、部门基本情况\n"
          "全年预算数 1,520.36 万元，执行数 1,498.2 万元，完成预算的 98.54%。\n"
          "兑现金陵智造经营贡献奖 320 万元。\n")

CONTRACT = {
    "reports": {"report", "title", "department", "district", "city", "year", "score"},
    "budget": {"department", "district", "city", "year", "item", "budget", "executed", "rate", "report", "evidence"},
    "entities": {"name", "type", "aliases", "reports"},
    "subsidies": {"recipients", "recipients_count", "amount", "currency", "qualifier", "program", "department",
                  "district", "year", "report", "evidence"},
    "links": {"name", "type", "aliases", "districts", "departments", "reports"},
}


def run(*args):
    result = CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def test_reingest_replaces_the_report_graph(tmp_path):
    store = tmp_path / "store"
    kg, _ = ingest_and_validate(sorted(SAMPLES.glob("*.txt")), store, workers=1)
    first = sum(1 for _ in kg.store.triples())
    stats = kg.stats()
    kg.ingest([SAMPLES], workers=1)
    assert sum(1 for _ in kg.store.triples()) == first
    assert kg.stats() == stats
    kg.close()


def test_pdf_gb18030_and_docx_reports_go_in(tmp_path):
    import docx
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    pdf = tmp_path / "report.pdf"
    c = canvas.Canvas(str(pdf), pagesize=A4)
    c.setFont("STSong-Light", 11)
    for i, line in enumerate(REPORT.replace("1,520.36 万元，", "1,520.36\n万元，").splitlines()):
        c.drawString(40, 800 - 18 * i, line)
    c.save()
    (tmp_path / "report-gbk.txt").write_bytes(REPORT.replace("鼓楼区", "玄武区").encode("gb18030"))
    d = docx.Document()
    for line in REPORT.replace("鼓楼区", "秦淮区").splitlines():
        d.add_paragraph(line)
    d.save(tmp_path / "report.docx")

    kg, result = ingest_and_validate([tmp_path], tmp_path / "store", workers=1)
    assert not result.errors
    by_dept = {r["department"]: r for r in kg.budget() if r["item"] is None}
    assert set(by_dept) == {"南京市鼓楼区投资促进局", "南京市玄武区投资促进局", "南京市秦淮区投资促进局"}
    assert all(r["budget"] == 15203600 and r["rate"] == 98.54 for r in by_dept.values())
    assert len(kg.subsidies(enterprise="金陵智造")) == 3
    kg.close()


def test_a_rejected_file_does_not_stop_the_others(tmp_path):
    (tmp_path / "good.txt").write_text(REPORT, "utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    code, out, err = run("ingest", tmp_path / "good.txt", tmp_path / "empty.txt", tmp_path / "missing.txt",
                         "--store", tmp_path / "store", "--workers", "1")
    assert code == 1
    assert f"{tmp_path / 'empty.txt'}: empty file" in err
    assert f"{tmp_path / 'missing.txt'}: no such file or directory" in err
    assert "Traceback" not in err
    assert "1 report(s) ingested" in out
    code, out, _ = run("reports", "--store", tmp_path / "store", "--format", "json")
    assert code == 0 and [r["report"] for r in json.loads(out)] == ["good.txt"]


@pytest.mark.parametrize("command", sorted(CONTRACT))
def test_listing_json_contract(sample_store, command):
    code, out, _ = run(command, "--store", sample_store, "--format", "json")
    rows = json.loads(out)
    assert code == 0 and rows
    for row in rows:
        assert CONTRACT[command] <= set(row), command


def test_filters_are_bound_not_pasted(sample_store):
    for hostile in ['"} ; DROP ALL ; {"', "a'b\\c\"d", "}\n{"]:
        code, out, _ = run("subsidies", "--store", sample_store, "--enterprise", hostile, "--format", "json")
        assert code == 0 and json.loads(out) == []
    code, out, _ = run("budget", "--store", sample_store, "--department", "海珠", "--format", "json")
    assert {r["department"] for r in json.loads(out)} == {"广州市海珠区投资促进局"}


def test_query_select_ask_and_csv(sample_store):
    code, out, _ = run("query", "SELECT (COUNT(*) AS ?n) WHERE { ?s a gk:Report }", "--store", sample_store,
                       "--format", "json")
    assert code == 0 and json.loads(out) == [{"n": 3}]
    code, out, _ = run("query", "ASK { ?s a gk:Subsidy }", "--store", sample_store)
    assert out.strip() == "true"
    code, out, _ = run("budget", "--store", sample_store, "--format", "csv")
    assert out.splitlines()[0].startswith('\ufeff"department","district","city","year","item","budget","executed"')


@pytest.mark.parametrize("fmt,parser", [("turtle", "turtle"), ("nt", "nt"), ("jsonld", "json-ld")])
def test_export_triples_formats_parse_back(sample_store, tmp_path, fmt, parser):
    out = tmp_path / f"g.{fmt}"
    code, _, _ = run("export", "--store", sample_store, "-f", fmt, "-o", out)
    assert code == 0
    g = rdflib.Graph().parse(out, format=parser)
    kg = KnowledgeGraph(sample_store, read_only=True)
    assert len(g) == sum(1 for _ in kg.store.triples())
    kg.close()


@pytest.mark.parametrize("fmt", ["nq", "trig"])
def test_export_quads_keep_one_graph_per_report(sample_store, tmp_path, fmt):
    out = tmp_path / f"g.{fmt}"
    assert run("export", "--store", sample_store, "-f", fmt, "-o", out)[0] == 0
    quads = list(ox.parse(path=str(out), format=ox.RdfFormat.N_QUADS if fmt == "nq" else ox.RdfFormat.TRIG))
    graphs = {q.graph_name.value for q in quads}
    reports = {g for g in graphs if re.fullmatch(r"https://w3id.org/govkg/id/graph/[0-9a-f]{32}", g)}
    assert len(reports) == 3  # one graph per report, named by its id
    assert graphs - reports == {"https://w3id.org/govkg/id/graph/canonical", "https://w3id.org/govkg/id/graph/ontology"}


def test_validate_passes_on_samples_and_catches_a_broken_graph(sample_store):
    code, out, _ = run("validate", "--store", sample_store)
    assert code == 0 and "SHACL: conforms" in out
    kg = KnowledgeGraph(sample_store, read_only=True)
    g = kg.to_rdflib()
    kg.close()
    GK = rdflib.Namespace("https://w3id.org/govkg/ontology#")
    SCHEMA = rdflib.Namespace("https://schema.org/")
    subsidy = next(g.subjects(rdflib.RDF.type, GK.Subsidy))
    g.remove((subsidy, SCHEMA.funder, None))
    line = next(g.subjects(rdflib.RDF.type, GK.BudgetLine))
    g.set((line, GK.budget, rdflib.Literal("lots")))
    conforms, text = validate_graph(g)
    assert not conforms
    assert "funder" in text and "budget" in text


def test_missing_store_is_a_one_line_error(tmp_path):
    code, _, err = run("budget", "--store", tmp_path / "nowhere")
    assert code == 1 and err.strip().count("\n") == 0 and "no store here" in err


def test_show_lists_the_money_paid_to_the_entity_itself_not_to_a_longer_name(tmp_path):
    """``kg show 云帆`` lists what 云帆 received, not the subsidies of 云帆星海科技有限公司 (whose name contains it; another trade name)."""
    (tmp_path / "a.txt").write_text(title("杭州市余杭区投资促进局", 2023) + "兑现云帆经营贡献奖 100 万元。\n", "utf-8")
    (tmp_path / "b.txt").write_text(title("杭州市滨江区投资促进局", 2023) + "兑现云帆星海科技有限公司经营贡献奖 200 万元。\n",
                                    "utf-8")
    kg, result = ingest_and_validate([tmp_path / "a.txt", tmp_path / "b.txt"], tmp_path / "store", workers=1)
    assert not result.errors
    assert {r["amount"] for r in kg.subsidies(enterprise="云帆")} == {1000000.0, 2000000.0}  # part of a name
    kg.close()
    code, out, _ = run("show", "云帆", "--store", tmp_path / "store", "--format", "json")
    assert code == 0
    (shown,) = json.loads(out)
    assert {m["name"] for m in shown["mentions"]} == {"云帆"}
    assert [(s["recipients"], s["amount"]) for s in shown["subsidies"]] == [(["云帆"], 1000000.0)]
    code, out, _ = run("show", "云帆星海科技有限公司", "--store", tmp_path / "store", "--format", "json")
    assert [(s["recipients"], s["amount"]) for s in json.loads(out)[0]["subsidies"]] == \
           [(["云帆星海科技有限公司"], 2000000.0)]
