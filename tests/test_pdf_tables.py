"""A PDF table read by pdfplumber's table finder gives the rows its text version gives, with page numbers.

The PDF is drawn here with reportlab (a ruled Table in the STSong-Light CID font), on its second page.
"""
import json
from decimal import Decimal

import pytest
from click.testing import CliRunner

from govkg.kg.cli import cli
from tests.helpers import facts_of

TITLE = "南溪市商务局2023年度商贸流通专项资金绩效评价报告"
ROWS = [["序号", "支出方向", "预算额度", "实际安排额度"],
        ["1", "A101.县域商业体系建设", "120.00", "118.50"],
        ["2", "A102.冷链物流补短板", "300.50", "280.50"],
        ["合计", "", "420.50", "399.00"]]
TEXT_VERSION = (f"{TITLE}\n一、基本情况\n全市安排资金如下表。\n表1 资金安排情况 单位:万元\n"
                + "\n".join(" | ".join(r) + " |" for r in ROWS) + "\n二、绩效目标完成情况\n")


def make_pdf(path):
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Table, TableStyle

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    style = ParagraphStyle("zh", fontName="STSong-Light", fontSize=11, leading=16)
    table = Table(ROWS)
    table.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), "STSong-Light"),
                               ("GRID", (0, 0), (-1, -1), 0.5, colors.black)]))
    story = [Paragraph(TITLE, style), Paragraph("一、基本情况", style), Paragraph("全市安排资金如下表。", style),
             PageBreak(), Paragraph("表1 资金安排情况 单位:万元", style), table, Paragraph("二、绩效目标完成情况", style)]
    SimpleDocTemplate(str(path), pagesize=A4).build(story)


def rows_of(facts):
    return [(b.item, b.budget, b.executed) for b in facts.budget]


@pytest.fixture()
def pdf(tmp_path):
    path = tmp_path / "商贸流通资金评价.pdf"
    make_pdf(path)
    return path


def test_pdf_table_gives_the_rows_of_its_text_version(pdf):
    from govkg.ingest.load import load
    from govkg.ingest.pipeline import extract

    from_pdf = extract(load(pdf))
    from_text = facts_of(TEXT_VERSION)
    assert rows_of(from_pdf) == rows_of(from_text)
    assert (None, Decimal("4205000"), Decimal("3990000")) in rows_of(from_pdf)
    line = next(b for b in from_pdf.budget if b.item == "A102.冷链物流补短板")
    assert line.evidence.page == 2 and dict(line.figures)["executed"].page == 2
    assert from_pdf.department.name == "南溪市商务局" and from_pdf.department.evidence.page == 1


def test_page_numbers_reach_json_rdf_and_shacl(pdf, tmp_path):
    store = tmp_path / "store"
    runner = CliRunner()
    assert runner.invoke(cli, ["ingest", str(pdf), "--store", str(store), "-q"]).exit_code == 0
    out = runner.invoke(cli, ["budget", "--store", str(store), "-f", "json"])
    rows = json.loads(out.output)
    assert {r["page"] for r in rows} == {2}
    q = runner.invoke(cli, ["query", "SELECT (COUNT(*) AS ?n) WHERE { ?e gk:page 2 }", "--store", str(store),
                            "-f", "json"])
    assert json.loads(q.output)[0]["n"] > 0
    assert runner.invoke(cli, ["validate", "--store", str(store), "--quiet"]).exit_code == 0
