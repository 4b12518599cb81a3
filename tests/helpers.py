"""Small helpers for tests: run the extractor on text written in the test."""
from __future__ import annotations

from govkg.ingest.facts import Extraction
from govkg.ingest.load import Document
from govkg.ingest.nlp import build_nlp
from govkg.ingest.pipeline import extract


def facts_of(text: str, name: str = "t.txt") -> Extraction:
    """Extract facts (as extracted, before resolution) from report text given inline."""
    return extract(Document(source=name, path=name, text=text, encoding="utf-8"), build_nlp(quiet=True))


def title(dept: str = "深圳市南山区科技创新局", year: int = 2024) -> str:
    return f"{year}年度{dept}部门整体支出绩效自评报告\n一、基本情况\n"


#: a one-cell-per-line award list with an investment column between name and award (tables, subsidies)
CELLS_INVESTMENT = """附件
2024年度技术改造项目拟奖励名单
序号
企业名称
改造项目名称
设备投资额(万元)
拟奖励金额(万元)
1
砚山精工机床有限公司
数控机床智能产线改造
3,420
60
2
南坪新材料科技股份有限公司
光伏背板涂布线升级
1,150
22.5
合计
4,570
82.5
"""
