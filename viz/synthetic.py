"""Synthetic report facts for the viz tests and benchmark: departments in districts that name and fund
enterprises, institutions, projects, events and policies (a few shared across districts).

Built from the same typed records extraction produces (``ingest.facts``) and resolved by the real last
ingest stage (``ingest.resolve.resolve_report``), so the graph goes through the real builder into a real
store.
"""
from __future__ import annotations

import random
from decimal import Decimal

from govkg.ingest.facts import BudgetRow, DepartmentInfo, Evidence, Extraction, Mention, ReportFacts, Subsidy
from govkg.ingest.resolve import Resolver, resolve_report

DISTRICTS = ["白云区", "海珠区", "番禺区", "天河区", "黄埔区", "南沙区", "越秀区", "荔湾区", "花都区", "增城区", "从化区"]
DEPARTMENTS = ["投资促进局", "工业和信息化局", "科技局", "商务局", "发展和改革局", "人力资源和社会保障局"]
_HEADS = list("华粤穗珠广南明越海云腾盛恒瑞嘉鸿信达安泰康新宏源天龙凯博睿远航")
_MIDDLES = ["智能", "生物", "医药", "电子", "材料", "物流", "汽车", "数据", "能源", "食品", "航空", "软件", "精密", "光电"]
_SUFFIXES = ["科技有限公司", "有限公司", "股份有限公司", "集团有限公司", "（广州）有限公司"]
PROGRAMS = ["招商引资专项", "产业发展扶持资金", "企业稳增长奖励", "科技创新补助", "人才引进补贴"]
KINDS = {
    "institution": ["研究院", "促进会", "协会", "检测中心"],
    "project": ["产业园", "创新中心", "总部基地", "智造基地"],
    "event": ["招商推介会", "投资对接会", "产业峰会"],
    "policy": ["扶持办法", "实施细则", "若干措施"],
}


def _name(rng: random.Random, kind: str, i: int) -> str:
    head = "".join(rng.sample(_HEADS, 2))
    middle = _MIDDLES[i % len(_MIDDLES)]
    if kind == "enterprise":
        return f"广州{head}{middle}{_SUFFIXES[i % len(_SUFFIXES)]}"
    word = KINDS[kind][i % len(KINDS[kind])]
    if kind == "policy":
        return f"《{head}{middle}{word}》"
    return f"{head}{middle}{word}"


def _evidence(sentence: str, exact: str, at: int) -> Evidence:
    start = at + max(0, sentence.find(exact))
    return Evidence(start=start, end=start + len(exact), sentence=sentence, exact=exact)


def synthetic_facts(reports: int = 6, entities: int = 40, per_report: int = 12, subsidies: int = 3,
                    seed: int = 7, year: int = 2023, skew: float = 0.8) -> list[ReportFacts]:
    """``reports`` reports of distinct departments naming ``per_report`` of ``entities`` entities each.

    Entity popularity follows 1/rank**skew (a few named by many departments), so the links view is never
    empty; a small ``skew`` spreads the mentions over more distinct entities.
    """
    rng = random.Random(seed)
    resolver = Resolver()
    kinds = ["enterprise"] * 6 + ["institution", "project", "event", "policy"]
    pool: list[tuple[str, str]] = []
    seen: set[str] = set()
    i = 0
    while len(pool) < entities:
        kind = kinds[i % len(kinds)]
        name = _name(rng, kind, i)
        i += 1
        if name not in seen:
            seen.add(name)
            pool.append((name, kind))
    weights = [1.0 / (k + 1) ** skew for k in range(len(pool))]
    out: list[ReportFacts] = []
    for r in range(reports):
        district = DISTRICTS[r % len(DISTRICTS)]
        dept_name = f"广州市{district}{DEPARTMENTS[(r // len(DISTRICTS)) % len(DEPARTMENTS)]}"
        if r >= len(DISTRICTS) * len(DEPARTMENTS):
            dept_name += f"第{r // (len(DISTRICTS) * len(DEPARTMENTS)) + 1}分局"
        title = f"{year}年度{dept_name}部门整体支出绩效自评报告"
        file = f"synthetic_{r:04d}.txt"
        dept = DepartmentInfo(name=dept_name, district=district, city="广州市", province="广东省", year=year,
                              title=title, evidence=_evidence(title, dept_name, 0))
        at = len(title) + 2
        facts = Extraction(report=file, path=file, chars=0, department=dept)
        chosen: list[tuple[str, str]] = []
        names: set[str] = set()
        while len(chosen) < min(per_report, len(pool)):
            name, kind = rng.choices(pool, weights)[0]
            if name not in names:
                names.add(name)
                chosen.append((name, kind))
        for name, kind in chosen:
            sentence = f"{year}年，{dept_name}积极服务{name}，推动项目落地。"
            facts.mentions.append(Mention(name, kind, _evidence(sentence, name, at), rule="synthetic"))
            at += len(sentence)
        for p in PROGRAMS[:2]:
            budget = Decimal(rng.randrange(50, 5000)) * 10000
            sentence = f"“{p}”年度预算数为{budget / 10000}万元。"
            facts.budget.append(BudgetRow(item=p, budget=budget, executed=budget * Decimal("0.9"),
                                          rate=Decimal("90.00"), evidence=_evidence(sentence, p, at)))
            at += len(sentence)
        companies = [n for n, k in chosen if k == "enterprise"]
        for s in range(subsidies):
            program = PROGRAMS[s % len(PROGRAMS)]
            wan = Decimal(rng.randrange(5, 2000))
            if s % 3 == 2 or not companies:
                count = rng.randrange(3, 40)
                sentence = f"通过{program}向{count}家企业兑现奖励资金{wan}万元。"
                facts.subsidies.append(Subsidy([], count, wan * 10000, "CNY", "total", program, f"{wan}万元",
                                               _evidence(sentence, f"{wan}万元", at)))
            else:
                who = rng.sample(companies, min(len(companies), 1 + s % 2))
                sentence = f"通过{program}向{'、'.join(who)}拨付扶持资金{wan}万元。"
                facts.subsidies.append(Subsidy(who, None, wan * 10000, "CNY", "exact" if len(who) == 1 else "total",
                                               program, f"{wan}万元", _evidence(sentence, f"{wan}万元", at)))
            at += len(sentence)
        facts.chars = at
        out.append(resolve_report(facts, resolver))
    return out


def build_store(facts: list[ReportFacts], store=None):
    """A KnowledgeGraph (in memory unless ``store`` is a path) holding the given reports."""
    from govkg.kg.graph import KnowledgeGraph

    kg = KnowledgeGraph(store)
    for f in facts:
        kg.add_report(f)
    return kg
