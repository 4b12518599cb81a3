"""Synthetic report corpus: N realistic documents of several families and the facts planted in them.

Families (``--families``, default :data:`DEFAULT_FAMILIES`):

* ``dept``    — department-wide self-evaluation reports laid out as PDF text (this module's ReportWriter):
                the sentence families of the bundled sample reports (title, department total, quoted and
                unquoted budget lines, subsidy payments, enterprise lists, generic filler) with generated
                departments of Guangdong cities, years, amounts and enterprise names, lines wrapped at ~30
                characters, blank lines and page markers (``- 3 -``). A ``dept`` report is byte-identical
                to the report of the same index in a corpus of earlier versions (same n and seed).
* ``web``, ``project``, ``table``, ``notice`` — web-page reports, project and special-fund reports,
                self-evaluation tables and subsidy notices, in this project's own sentences, with offices of
                other provinces (see :mod:`bench.families`).

Enterprise names are random two-character brands (no real companies). The planted facts are written in the
schema of the hand-made gold files (``/work/shared/gold/README.md``, ``/work/shared/gold2/README.md``), one
JSON file per report (with an extra ``family`` key) plus ``links.json``, so ``/work/shared/tools/score.py
--corpus OUT/reports --gold OUT/gold`` can score a small generated corpus, and :mod:`bench.recall` checks
recall per family at any size::

    python -m bench gen --n 1000 --out /tmp/govkg-bench/c1000 [--seed 7] [--families dept=40,web=15,...]

Same ``n``, ``seed`` and families -> byte-identical corpus.
"""
from __future__ import annotations

import hashlib
import json
import random
import shutil
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

# -- vocabulary ---------------------------------------------------------------------------------

CITIES: dict[str, list[str]] = {
    "广州市": ["白云区", "海珠区", "番禺区", "天河区", "越秀区", "荔湾区", "黄埔区", "花都区", "南沙区", "从化区", "增城区"],
    "深圳市": ["福田区", "罗湖区", "南山区", "宝安区", "龙岗区", "盐田区", "龙华区", "坪山区", "光明区"],
    "佛山市": ["禅城区", "南海区", "顺德区", "高明区", "三水区"],
    "东莞市": [],
    "珠海市": ["香洲区", "斗门区", "金湾区"],
    "惠州市": ["惠城区", "惠阳区", "博罗县", "惠东县", "龙门县"],
    "江门市": ["蓬江区", "江海区", "新会区"],
    "肇庆市": ["端州区", "鼎湖区", "高要区", "广宁县", "怀集县"],
    "中山市": [],
    "汕头市": ["金平区", "龙湖区", "濠江区", "潮阳区", "潮南区", "澄海区", "南澳县"],
}
DEPARTMENTS = [
    "投资促进局", "商务局", "科学技术局", "工业和信息化局", "发展和改革局", "农业农村局", "文化广电旅游体育局",
    "人力资源和社会保障局", "住房和城乡建设局", "交通运输局", "市场监督管理局", "投资促进中心", "统计局",
    "生态环境分局", "水务局", "卫生健康局", "教育局", "民政局", "司法局", "应急管理局", "城市管理和综合执法局",
    "科技工业商务和信息化局", "政务服务数据管理局", "退役军人事务局", "企业服务中心", "产业发展促进中心",
]
YEARS = list(range(2019, 2025))

BRAND_A = "澜启衡瑞拓烨曜珀翎霁枫澈铂璟岚钧沐楠骁锐熠珂琨瀚澍昶晞朗彧潇"
BRAND_B = "曜衡泽邦晟澄峰岳川汇辰弘骏祺锦蔚宸翊珩琮璞濬霆翀湛晏珈琛"
INDUSTRIES = [
    ("新材料科技", "新材料"), ("智能装备", "智能装备"), ("生物医药", "生物医药"), ("数字科技", "数字科技"),
    ("供应链管理", "供应链"), ("新能源汽车", "新能源"), ("电子商务", "电商"), ("建设工程", "建工"),
    ("物流", "物流"), ("食品", "食品"), ("精密制造", "精密"), ("半导体", "半导体"), ("航空服务", "航空"),
    ("信息技术", "信息"), ("医疗器械", "医疗"), ("文化传媒", "文化"), ("环保科技", "环保"), ("检测认证", "检测"),
]
COMPANY_SUFFIXES = ["有限公司", "有限公司", "股份有限公司", "集团有限公司", "（广东）有限公司"]

LINE_NAMES = [
    "招商及宣传", "园区策划推广宣传和专业技术服务", "重点产业项目及园区基础设施建设服务和统筹管理工作", "政府雇员工资",
    "后勤人员", "政府雇员公用", "信息化建设运维", "产业发展扶持", "企业服务体系建设", "营商环境评价", "重大项目前期研究",
    "产业园区运营管理", "科技创新券", "人才引进培育", "安全生产监管", "统计调查", "法律顾问服务", "档案数字化",
    "办公用房物业管理", "展会活动组织", "市场主体培育", "楼宇经济发展", "消费促进活动", "质量技术监督",
    "农业产业化发展", "乡村振兴示范", "文旅融合推广", "就业创业补贴", "招商引资业务工作", "运行",
]
LINE_SUFFIXES = ["经费", "经费", "专项经费", "资金", "扶持资金", "费用"]
AWARDS = ["经营贡献奖", "落户奖励", "增资扩产奖励", "总部经济奖励", "上市挂牌奖励", "研发投入补助"]

# Generic sentences recombined from the sample reports (no names, no figures).
FILLER_DUTIES = [
    "负责贯彻执行国家和省、市、区有关{topic}工作的方针、政策及有关规定，研究制定相应政策措施，并组织实施。",
    "按照牵头策划、参与规划、统筹计划、协调实施的原则，负责重点产业园区策划工作。",
    "负责拟订全区{topic}工作的中长期工作规划和年度计划，统筹、指导、协调全区{topic}工作。",
    "组织策划全区{topic}活动，统筹全区投资环境宣传和政策推介活动，组织考察和洽谈项目。",
    "负责建立和完善全区企业筹建和服务工作机制，协调和督促有关职能部门为筹建企业配套基础设施建设等事项。",
    "承担区重点产业项目推进工作联席会议办公室日常工作。",
    "完成区委、区政府和上级相关部门交办的其他任务。",
    "牵头协调重大项目落户工作，监管重大项目落户工作进展，协调解决在谈项目重大问题。",
]
FILLER_WORK = [
    "坚持以习近平新时代中国特色社会主义思想为指引，深入学习贯彻党的二十大精神，坚决落实区委、区政府关于{topic}的工作部署。",
    "紧紧围绕区委区政府的工作部署，立足于稳增长、调结构，推动重点产业园区高质量发展，打造发展新动能。",
    "贯彻区委、区政府部署要求，紧盯市下达的任务指标，坚持稳中求进工作总基调，确保各项工作有序开展。",
    "丰富企业服务体系内涵，发布惠企服务包与政策包，坚决稳住经济发展的基本盘和关键点。",
    "以服务暖企、政策惠企、环境引企，推动“有温度”服务持续拓展。",
    "聚焦主责主业，强化统筹协调，推动各项重点任务落地见效。",
]
FILLER_MANAGEMENT = [
    "本部门将绩效理念和方法深度融入项目支出的预算编制、执行、监督的全过程，推动本部门整体绩效全闭环管理。",
    "按要求在规定的时间内将本部门财政资金预决算信息上网对外公布，实现了绩效管理信息的全公开。",
    "“预算编制有目标、预算执行有监控、预算完成有评价、评价结果有应用”的预算绩效管理机制基本形成，对提高财政资金使用效益发挥了积极作用。",
    "从评价情况来看，{self}较好完成了年度履行职能职责和各项重点工作任务，整体支出和项目绩效情况较为理想，总体上达到了全过程预算绩效管理的要求。",
    "较好完成了履行职能职责和各项重点工作任务，实现财政资金提质增效，自评良好。",
]
FILLER_PROBLEMS = [
    "因部分专项工作任务多集中在年底，导致部分项目资金无法按时支付，预算执行进度不均衡，资金前期使用效率不高。",
    "虽然财务报销管理上修订完善了不少制度，但是在落实上，要进一步加大力度，确保执行制度不走样。",
    "预算绩效管理培训力度不够，工作人员掌握绩效、善用绩效的管理水平不够高。",
    "由于项目支出的不可预测性和不确定性等因素，部分资金无法科学列支。",
    "对于财政资金绩效评价工作的了解不够深入，绩效目标和指标也只是根据项目实际完成情况制定，对项目执行过程有效约束不够。",
    "在绩效考评指标的设计上，部分指标缺乏数据支持和可行的分析测评，绩效指标体系有待完善。",
    "干部队伍预算绩效管理上的能力素质还不够均衡，人员流动较快，新人多，经验不足。",
]
FILLER_MEASURES = [
    "要及时对预算执行情况进行通报和预警，确保绩效目标顺利实现，切实提高财政资金使用效益。",
    "要围绕部门职责尽快制定本部门的绩效管理办法及实施细则，推动提高部门整体绩效水平。",
    "要加大培训力度，提高预算绩效管理业务素质，切实做到花钱必问效、无效必问责。",
    "加强项目经费的事前、事中、事后管理，做好各项经费科学预算、绩效审核，严格按照区财政局要求做好绩效运行监控。",
    "进一步加强预算管理，规范财务管理行为，合理安排经费，优化支出结构，规范部门预算收支核算。",
    "强化对绩效管理进行培训，提高绩效工作水平，切实提高部门整体收入支出管理水平。",
]
FILLER_OUTCOMES = [
    "完成针对现代产业集群组织有亮点、多形式、有成效的活动，加强产业宣传。",
    "保障了日常工作的正常运行，辅助本单位工作有效运转，提高工作效率。",
    "开展重点项目和园区施工现场巡查，及时掌握和协调解决项目建设进度及存在问题。",
    "梳理靶向企业名录，完成产业链研究报告，推动重点项目签约落户。",
    "保障了公共办公区域的安全、干净、整洁，树立了良好形象。",
]
TOPICS = ["招商引资", "投资促进", "企业服务", "产业发展", "科技创新", "市场监管", "商贸流通", "乡村振兴"]
NUMERALS = "一二三四五六七八九十"


# -- planted facts ------------------------------------------------------------------------------


@dataclass
class Enterprise:
    full: str
    short: str


@dataclass
class Planted:
    report: str
    department: dict
    score: float | None
    budget: list[dict] = field(default_factory=list)
    entities: dict[str, dict] = field(default_factory=dict)  # canonical -> gold entity
    subsidies: list[dict] = field(default_factory=list)
    family: str = "dept"
    other_grants: list[dict] = field(default_factory=list)

    def gold(self) -> dict:
        return {"report": self.report, "family": self.family, "department": self.department, "score": self.score,
                "budget": self.budget, "entities": list(self.entities.values()), "subsidies": self.subsidies,
                "other_grants": self.other_grants}


def _yuan(wan: Decimal) -> float:
    return float(wan * 10000)


def _fmt_wan(wan: Decimal, rng: random.Random) -> str:
    """A 万元 figure as the reports print it: 6,308.95 · 1104.87 · 80 (no decimals when whole)."""
    text = f"{wan:.2f}"
    if wan == wan.to_integral_value() and rng.random() < 0.7:
        text = str(int(wan))
    if wan >= 1000 and rng.random() < 0.7:
        whole, _, frac = text.partition(".")
        text = f"{int(whole):,}" + (f".{frac}" if frac else "")
    return text


def _unit(rng: random.Random) -> str:
    return rng.choice([" 万元", "万元", " 万元"])


def _rate(executed: Decimal, budget: Decimal) -> Decimal:
    return (executed / budget * 100).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _fmt_rate(rate: Decimal) -> str:
    return "100" if rate == 100 else f"{rate:.2f}"


class EnterprisePool:
    """Generated enterprise names, shared across reports so that some are named by several departments."""

    def __init__(self, size: int, rng: random.Random):
        brands = [a + b for a in BRAND_A for b in BRAND_B if a != b]
        rng.shuffle(brands)
        cities = [c[:-1] for c in CITIES]
        self.items: list[Enterprise] = []
        for brand in brands[:size]:
            ind, ind_short = rng.choice(INDUSTRIES)
            full = rng.choice(cities) + brand + ind + rng.choice(COMPANY_SUFFIXES)
            self.items.append(Enterprise(full, brand + ind_short))

    def sample(self, rng: random.Random, k: int) -> list[Enterprise]:
        return rng.sample(self.items, k)


# -- one report ---------------------------------------------------------------------------------


class ReportWriter:
    def __init__(self, index: int, rng: random.Random, pool: EnterprisePool):
        self.rng = rng
        self.pool = pool
        self.city = rng.choice(list(CITIES))
        districts = CITIES[self.city]
        self.district = rng.choice(districts) if districts and rng.random() < 0.9 else None
        self.dept = rng.choice(DEPARTMENTS)
        self.year = rng.choice(YEARS)
        self.name = self.city + (self.district or "") + self.dept
        self.short = (self.district or self.city) + self.dept
        self.self_ref = rng.choice(["我局", "本单位", "我单位", "本部门"] if self.dept.endswith("局")
                                   else ["我中心", "本单位", "我单位", "本部门"])
        self.topic = rng.choice(TOPICS)
        self.index = index
        self.paragraphs: list[str] = []  # one string per paragraph (headings are paragraphs)
        self.aliases: set[str] = set()

    # facts
    def mention(self, p: Planted, e: Enterprise, surface: str) -> None:
        g = p.entities.setdefault(e.full, {"name": surface, "type": "enterprise", "aliases": [], "canonical": e.full})
        if surface != g["name"] and surface not in g["aliases"]:
            g["aliases"].append(surface)

    def surface(self, e: Enterprise) -> str:
        return e.full if self.rng.random() < 0.4 else e.short

    def filler(self, pool: list[str], k: int) -> str:
        chosen = self.rng.sample(pool, min(k, len(pool)))
        return "".join(s.format(topic=self.topic, self=self.self_ref) for s in chosen)

    def build(self, target_chars: int) -> tuple[str, Planted]:
        rng = self.rng
        year = self.year
        stem = f"{self.index:05d}_" + hashlib.sha1(f"{self.index}:{self.name}:{year}".encode()).hexdigest()[:16]
        p = Planted(report=stem + ".txt", department={
            "name": self.name, "aliases": [], "district": self.district, "city": self.city, "year": year}, score=None)
        sp = rng.choice([" ", ""])
        self._opening(year, sp)
        self._goals(p)
        lines = self._finances(p, year, sp)
        plain = self._evaluation(p, lines)
        self._closing(target_chars, plain)
        p.department["aliases"] = sorted(self.aliases)
        return self.layout(self.paragraphs), p

    def _opening(self, year: int, sp: str) -> None:
        """The title and 一、部门基本情况 (duties, the year's work)."""
        rng = self.rng
        P = self.paragraphs
        title_tail = rng.choice(["部门整体支出绩效自评报告", "整体支出绩效自评报告", "部门整体支出绩效自评报告"])
        P.append(f"{year}{sp}年度{self.name}")
        P.append(title_tail)

        # 一、基本情况
        P.append("一、部门基本情况")
        P.append("（一）部门职能")
        for i, s in enumerate(rng.sample(FILLER_DUTIES, rng.randint(2, 5)), 1):
            P.append(f"{i}.{s.format(topic=self.topic, self=self.self_ref)}")
        P.append("（二）年度总体工作和重点工作任务")
        P.append(f"{year}年，{self.short}" + self.filler(FILLER_WORK, 2))
        self.aliases.add(self.short)

    def _goals(self, p: Planted) -> None:
        """（三）绩效目标: enterprise lists and subsidies."""
        rng = self.rng
        P = self.paragraphs
        P.append("（三）部门整体支出绩效目标")
        n_goal = rng.randint(1, 3)
        for i in range(1, n_goal + 1):
            sentences = [self.filler(FILLER_WORK, 1)]
            if rng.random() < 0.8:
                es = self.pool.sample(rng, rng.randint(2, 4))
                names = [self.surface(e) for e in es]
                for e, s in zip(es, names, strict=True):
                    self.mention(p, e, s)
                verb = rng.choice(["推动", "加快推动", "引进"])
                sentences.append(f"{verb}{'、'.join(names)}等项目落地，总投资约{rng.randint(3, 300)}亿元。")
            if rng.random() < 0.6:
                es = self.pool.sample(rng, rng.randint(2, 3))
                names = [self.surface(e) for e in es]
                for e, s in zip(es, names, strict=True):
                    self.mention(p, e, s)
                wan = Decimal(rng.choice([100, 200, 300, 500, 800, 1000, 2000]))
                sentences.append(f"加大惠企政策支持，兑现{'、'.join(names)}等企业优惠政策扶持资金超{wan}万元。")
                p.subsidies.append({"recipients": [e.full for e in es], "recipients_count": None, "amount": _yuan(wan),
                                    "currency": "CNY", "qualifier": "at_least", "program": "优惠政策扶持资金",
                                    "evidence": f"兑现{'、'.join(names)}等企业优惠政策扶持资金超{wan}万元"})
            P.append(f"{i}.{''.join(sentences)}")

    def _finances(self, p: Planted, year: int, sp: str) -> list[tuple[str, Decimal, Decimal, str]]:
        """（四）收支情况: revenue (not a budget row) and the department total; returns the budget lines."""
        rng = self.rng
        P = self.paragraphs
        P.append("（四）部门整体收支情况")
        lines = self.budget_lines(p)
        total_budget = sum((b for _, b, _, _ in lines), Decimal(0)) + Decimal(rng.randint(50, 3000))
        total_budget = total_budget.quantize(Decimal("0.01"))
        total_exec = (total_budget * Decimal(rng.uniform(0.4, 1.0))).quantize(Decimal("0.01"))
        if rng.random() < 0.2:
            total_exec = total_budget
        rate = _rate(total_exec, total_budget)
        P.append(f"{year}{sp}年部门整体财政拨款收入 {_fmt_wan(total_exec, rng)}{_unit(rng)}，其中一般公共预算财政拨款收入 "
                 f"{_fmt_wan(total_exec, rng)}{_unit(rng)}。")
        rate_kw = rng.choice(["完成预算的", "完成预算的", "支出进度"])
        P.append(f"全年预算数 {_fmt_wan(total_budget, rng)}{_unit(rng)}，执行数 {_fmt_wan(total_exec, rng)}{_unit(rng)}，"
                 f"{rate_kw} {_fmt_rate(rate)}%。" + self.filler(FILLER_MANAGEMENT, 1))
        p.budget.insert(0, {"item": None, "budget": _yuan(total_budget), "executed": _yuan(total_exec),
                            "rate": float(rate)})
        P.append("（五）部门整体绩效管理情况")
        P.append(self.filler(FILLER_MANAGEMENT, 2))
        return lines

    def _evaluation(self, p: Planted, lines: list[tuple[str, Decimal, Decimal, str]]) -> bool:
        """二、绩效自评情况: the score and the budget lines' statements; True when plain lines were listed."""
        rng = self.rng
        P = self.paragraphs
        P.append("二、绩效自评情况")
        P.append("（一）自评结论")
        conclusion = self.filler(FILLER_MANAGEMENT, 1)
        if rng.random() < 0.8:
            score = Decimal(rng.randint(7000, 9999)) / 100
            p.score = float(score)
            conclusion += f"本部门整体支出绩效自评结果良好，绩效自评得分为 {score} 分。"
        P.append(conclusion)
        P.append("（二）履职效能分析")
        P.append("各项工作任务绩效目标及项目支出完成情况分析：")
        quoted = [ln for ln in lines if ln[3] == "quoted"]
        for i, (item, b, e, _) in enumerate(quoted, 1):
            r = _rate(e, b)
            text = (f"{i}.“{item}”专项。年度预算数为 {_fmt_wan(b, rng)}{_unit(rng)}，年度预算执行数为 "
                    f"{_fmt_wan(e, rng)}{_unit(rng)}，预算执行率为 {_fmt_rate(r)}%。目标实际完成情况：")
            text += self.payments(p, item, e) + self.filler(FILLER_OUTCOMES, 1)
            P.append(text)
        plain = [ln for ln in lines if ln[3] == "plain"]
        if plain:
            P.append("（三）各重点任务项目支出完成情况分析")
            for item, b, e, _ in plain:
                r = _rate(e, b)
                P.append(f"{item}年初预算 {_fmt_wan(b, rng)}{_unit(rng)}，实际支出 {_fmt_wan(e, rng)}{_unit(rng)}，"
                         f"执行率 {_fmt_rate(r)}%。")
        return bool(plain)

    def _closing(self, target_chars: int, plain: bool) -> None:
        """Body filler up to the target size, then 三、存在的主要问题 and 四、下一步改进措施."""
        rng = self.rng
        P = self.paragraphs
        P.append(("（四）" if plain else "（三）") + "管理效率分析")
        while sum(map(len, P)) < target_chars - 600:
            P.append(self.filler(FILLER_MANAGEMENT + FILLER_WORK + FILLER_OUTCOMES, rng.randint(2, 4)))
        P.append("三、存在的主要问题")
        for i, s in enumerate(rng.sample(FILLER_PROBLEMS, 3)):
            P.append(f"（{NUMERALS[i]}）{s}")
        P.append("四、下一步改进措施")
        for i, s in enumerate(rng.sample(FILLER_MEASURES, rng.randint(2, 3))):
            P.append(f"（{NUMERALS[i]}）{s}")

    def budget_lines(self, p: Planted) -> list[tuple[str, Decimal, Decimal, str]]:
        """2–10 budget lines: (name, budget 万元, executed 万元, family)."""
        rng = self.rng
        out = []
        for base in rng.sample(LINE_NAMES, rng.randint(2, 10)):
            item = base + rng.choice(LINE_SUFFIXES)
            if base == "运行":
                item = self.short + "运行经费"
            budget = Decimal(rng.choice([rng.uniform(3, 80), rng.uniform(80, 1000), rng.uniform(1000, 9000)]))
            budget = budget.quantize(Decimal("0.01") if rng.random() < 0.8 else Decimal("1"))
            executed = budget if rng.random() < 0.25 else (budget * Decimal(rng.uniform(0.6, 1.0))).quantize(Decimal("0.01"))
            family = "quoted" if rng.random() < 0.75 else "plain"
            out.append((item, budget, executed, family))
            row = {"item": item, "budget": _yuan(budget), "executed": _yuan(executed), "rate": float(_rate(executed, budget))}
            if family == "plain":
                row["initial_budget"] = _yuan(budget)
            p.budget.append(row)
        # the gold lists rows in the order the report prints them: quoted lines first, then the plain ones
        p.budget.sort(key=lambda r: "initial_budget" in r)
        return out

    def payments(self, p: Planted, item: str, executed: Decimal) -> str:
        """Itemised payments under a budget line: 兑现X经营贡献奖 … 万元 / 完成支付X项目金额 … 万元."""
        rng = self.rng
        if rng.random() > 0.35 or executed < 20:
            return ""
        parts = []
        left = executed
        for e in self.pool.sample(rng, rng.randint(1, 3)):
            amount = (left * Decimal(rng.uniform(0.1, 0.5))).quantize(Decimal("0.01"))
            if amount <= 0:
                break
            left -= amount
            s = self.surface(e)
            self.mention(p, e, s)
            if rng.random() < 0.5:
                frag = f"兑现{s}{rng.choice(AWARDS)} {_fmt_wan(amount, rng)} 万元"
            else:
                frag = f"完成支付{s}项目金额 {_fmt_wan(amount, rng)} 万元"
            parts.append(frag)
            p.subsidies.append({"recipients": [e.full], "recipients_count": None, "amount": _yuan(amount),
                                "currency": "CNY", "qualifier": "exact", "program": item, "evidence": frag})
        return "；".join(parts) + "。" if parts else ""

    def layout(self, paragraphs: list[str]) -> str:
        """PDF-like text: wrapped lines (often with blank lines between), page markers, a leading space at page tops."""
        rng = self.rng
        style = rng.choice(["plain", "wrapped_blank", "wrapped_blank", "wrapped"])
        width = rng.randint(29, 33)
        per_page = rng.randint(24, 34)
        out: list[str] = []
        page, on_page = 1, 0
        for para in paragraphs:
            chunks = [para] if style == "plain" else _wrap(para, width)
            for chunk in chunks:
                if on_page >= per_page:
                    page += 1
                    on_page = 0
                    out.append(f"- {page} -")
                    chunk = " " + chunk if rng.random() < 0.5 else chunk
                out.append(chunk)
                on_page += 1
                if style != "wrapped":
                    out.append("")
            if style == "wrapped" and rng.random() < 0.3:
                out.append("")
        return "\n".join(out) + "\n"


NO_LINE_START = "，。；：、）》”’%！？"


def _wrap(para: str, width: int) -> list[str]:
    """Fixed-width lines; punctuation that may not start a line stays at the end of the previous one."""
    lines, i = [], 0
    while i < len(para):
        j = min(i + width, len(para))
        while j < len(para) and para[j] in NO_LINE_START:
            j += 1
        lines.append(para[i:j])
        i = j
    return lines


def _target_size(rng: random.Random) -> int:
    """Report sizes like the samples: 2–16 k characters, median ~5.5 k."""
    return int(min(16000, max(2000, rng.lognormvariate(8.6, 0.5))))


GENERATOR = 2  # bump when a family's text or gold changes: ensure() then writes a cached corpus again
DEFAULT_FAMILIES: dict[str, float] = {"dept": 40, "web": 15, "project": 20, "table": 10, "notice": 15}
FAMILY_NAMES = ("dept", "web", "project", "table", "notice")


def parse_families(text: str | dict | None) -> dict[str, float]:
    """``dept=40,web=15`` or ``dept,web`` (equal weights) or ``all`` -> {family: weight}; None -> the default mix."""
    if text is None or text == "" or text == "default":
        return dict(DEFAULT_FAMILIES)
    if isinstance(text, dict):
        spec = {k: float(v) for k, v in text.items()}
    elif text == "all":
        spec = {f: 1.0 for f in FAMILY_NAMES}
    else:
        spec = {}
        for part in text.split(","):
            name, _, weight = part.strip().partition("=")
            spec[name.strip()] = float(weight) if weight else 1.0
    bad = sorted(set(spec) - set(FAMILY_NAMES))
    if bad or not spec or any(w < 0 for w in spec.values()) or not any(spec.values()):
        raise ValueError(f"families: unknown or empty {bad or spec}; known: {', '.join(FAMILY_NAMES)}")
    return {f: spec[f] for f in FAMILY_NAMES if spec.get(f)}


def families_tag(families: dict[str, float]) -> str:
    """'' for the default mix, else a short name for directories: dept1, dept40-web15 …"""
    if families == DEFAULT_FAMILIES:
        return ""
    return "-".join(f"{k}{v:g}" for k, v in families.items())


def _write_report(out: Path, text: str, planted: Planted) -> None:
    (out / "reports" / planted.report).write_text(text, encoding="utf-8")
    (out / "gold" / (planted.report[:-4] + ".json")).write_text(
        json.dumps(planted.gold(), ensure_ascii=False, indent=1), encoding="utf-8")


def generate(n: int, out: str | Path, seed: int = 7, families: str | dict | None = None) -> dict:
    """Write ``OUT/reports/*.txt``, ``OUT/gold/*.json`` (+ ``links.json``) and ``OUT/manifest.json``."""
    from .families import WRITERS
    from .places import FirmPool

    mix = parse_families(families)
    out = Path(out)
    (out / "reports").mkdir(parents=True, exist_ok=True)
    (out / "gold").mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    pool = EnterprisePool(max(60, min(n // 3, 800)), random.Random(seed + 1))
    firms = FirmPool(max(48, min(n // 4, 280)), random.Random(seed + 2))
    pick = random.Random(f"families:{seed}")  # its own stream: a dept report is the same in every mix
    names, weights = list(mix), list(mix.values())
    chars = 0
    counts = dict.fromkeys(names, 0)
    mentioned: dict[str, dict[str, set]] = {}
    for i in range(n):
        r = random.Random(rng.getrandbits(64))
        family = names[0] if len(names) == 1 else pick.choices(names, weights)[0]
        if family == "dept":  # the writer draws its department before the size (as earlier versions did)
            writer = ReportWriter(i, r, pool)
            text, planted = writer.build(_target_size(r))
        else:
            text, planted = WRITERS[family](i, r, firms).build()
        _write_report(out, text, planted)
        counts[family] += 1
        chars += len(text)
        for canonical, e in planted.entities.items():
            if e["type"] != "enterprise":
                continue
            m = mentioned.setdefault(canonical, {"reports": set(), "owners": set()})
            m["reports"].add(planted.report)
            m["owners"].add((planted.department["name"], planted.department["district"]))
    links = [{"canonical": c, "type": "enterprise", "reports": sorted(m["reports"])}
             for c, m in sorted(mentioned.items()) if len(m["owners"]) >= 2]
    (out / "gold" / "links.json").write_text(json.dumps(links, ensure_ascii=False, indent=1), encoding="utf-8")
    manifest = {"n": n, "seed": seed, "generator": GENERATOR, "families": mix, "by_family": counts, "chars": chars,
                "enterprises": len(pool.items) + sum(map(len, firms.by_province.values())), "links": len(links)}
    (out / "manifest.json").write_text(json.dumps(manifest, indent=1, ensure_ascii=False), encoding="utf-8")
    return manifest


def load_gold(out: str | Path) -> dict[str, dict]:
    """report file name -> planted facts."""
    gold = {}
    for p in sorted((Path(out) / "gold").glob("*.json")):
        if p.name != "links.json":
            d = json.loads(p.read_text(encoding="utf-8"))
            gold[d["report"]] = d
    return gold


def corpus_dir(root: str | Path, n: int, seed: int = 7, families: str | dict | None = None) -> Path:
    """``root/c<n>-s<seed>`` for the default mix, ``root/c<n>-s<seed>-<tag>`` for another."""
    tag = families_tag(parse_families(families))
    return Path(root) / (f"c{n}-s{seed}" + (f"-{tag}" if tag else ""))


def ensure(n: int, root: str | Path, seed: int = 7, families: str | dict | None = None) -> Path:
    """The corpus of ``n`` reports of the given mix under :func:`corpus_dir`, generated once (again when the
    manifest there is of another size, seed, mix or generator version, e.g. a corpus of an earlier version)."""
    mix = parse_families(families)
    out = corpus_dir(root, n, seed, mix)
    m = out / "manifest.json"
    if m.exists():
        meta = json.loads(m.read_text())
        if (meta.get("n"), meta.get("seed"), meta.get("families"), meta.get("generator")) == (n, seed, mix, GENERATOR):
            return out
        shutil.rmtree(out / "reports", ignore_errors=True)
        shutil.rmtree(out / "gold", ignore_errors=True)
    generate(n, out, seed, mix)
    return out
