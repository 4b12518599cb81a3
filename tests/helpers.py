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

#: a whitespace-aligned allocation table: bureaus, a 其中 sub-row naming a firm, a university, a sum (tables, subsidies)
ALIGNED_ALLOCATION = """2024年省级研发平台奖励资金分配表
                                          金额单位:万元
单位名称                              平台类别                 金额
东川市科学技术局                       —                       900
  其中:东川恒远激光器件有限公司       省级企业技术中心        120
西岭市科学技术局                       —                       430
北江理工大学                           省级重点实验室           160
合计                                                           1,490
"""
