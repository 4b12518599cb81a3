"""The synthetic corpus's document families beyond the department-wide PDF report (bench.corpus).

* ``web``     — a report as its web page's text comes: site chrome, a metadata block in one of the layouts
                pages use, then a department-wide or a fund report; the title may name no department (it is
                then only in the metadata), put the year after the department, or name the fund.
* ``project`` — a project or special-fund report: the evaluated project or fund is the object, its budget
                in one of the allocation / figure-first / 年初预算…实际支出 / 已拨付…执行率 / 调增调减 / 元 phrasings,
                with funding-source breakdowns, transfers to lower governments, investments and contract
                prices that are not rows, and payments to enterprises, groups and individuals.
* ``table``   — 项目支出绩效自评表: form cells and the 年度资金总额 row, one cell per line (with or without
                ``|``), as pipe rows, or whitespace-separated; sometimes the page lost an empty cell.
* ``notice``  — subsidy notices: a 公示 of award recipients with its table, a 拨付 notice, or an allocation
                table whose county rows are transfers to 商务局s (not subsidies).

Every writer plants its facts in the gold schema (``/work/shared/gold/README.md`` and the conventions of
``/work/shared/gold2/README.md``). The sentences are this project's own.
"""
from __future__ import annotations

import hashlib
import random
import unicodedata
from decimal import Decimal

from .corpus import NUMERALS, YEARS, Planted, _fmt_rate, _fmt_wan, _rate, _wrap, _yuan
from .places import CONTRACTOR_TRADES, EVALUATOR_TRADES, Firm, FirmPool, Office, make_office

CENT = Decimal("0.01")

TOPICS = ["商贸流通", "外经贸", "中小企业发展", "工业转型升级", "电子商务进农村", "县域商业体系建设", "旅游发展",
          "文化产业发展", "农业产业化", "知识产权", "数字经济发展", "现代服务业发展", "科技创新", "消费促进",
          "会展业发展", "冷链物流发展", "招商引资", "制造业高质量发展"]
FUND_LEVELS = ["省级", "中央", "市级", "本级", ""]
PROJECTS = ["农村公路提档升级", "农贸市场改造提升", "冷链物流设施建设", "电商公共服务中心运营", "乡村旅游基础设施提升",
            "工业园区污水管网建设", "智慧农业示范基地建设", "老旧小区配套设施改造", "标准化厂房建设", "商业街区改造提升",
            "农产品质量安全检测能力建设", "物流配送中心建设", "特色产业园道路配套", "农村寄递物流体系建设"]
SUBLINES = ["企业技改补助", "展会补助", "项目评审", "平台运营补助", "宣传推介", "人才培训", "品牌培育奖励", "检验检测",
            "专利资助", "科技创新券兑付", "物流补贴", "市场开拓补助"]
SUBLINE_TAILS = ["经费", "资金", "专项经费"]
TABLE_PROJECTS = ["商品质量抽检经费", "电子商务发展专项经费", "招商引资专项工作经费", "消费券发放活动经费",
                  "市场主体培育专项经费", "农村公路养护补助资金", "信息系统运行维护费", "工资性支出", "公用经费",
                  "安全生产检查专项经费", "统计调查专项经费", "产业链招商活动经费", "外贸稳增长专项经费"]
DEPT_LINES = ["产业发展扶持", "项目策划包装", "重点企业走访服务", "展会组织", "信息平台运维", "法律顾问服务",
              "档案整理", "业务培训", "对外宣传", "园区综合管理", "专项审计", "政策兑现服务"]
AWARD_PROGRAMS = ["工业企业技术改造", "外贸企业开拓市场", "规上工业企业培育", "科技型中小企业研发投入",
                  "服务业企业升规", "电商企业发展", "专精特新企业培育", "商贸企业稳增长", "企业上市挂牌"]
AWARD_WORDS = ["奖励资金", "奖补资金", "补助资金"]
ENTERPRISE_CLASSES = ["高新技术企业", "规上工业企业", "限上商贸企业", "科技型中小企业", "专精特新企业"]
PEOPLE = ["优秀电商带头人", "技能大师", "优秀企业家", "非遗传承人", "先进个人"]
TOWN_COLUMN = ["乡镇", "乡镇（街道）", "所属镇街", "属地"]
TOWNS = ["城关镇", "东城街道", "西城街道", "南湖街道", "北关镇", "新集镇", "河口镇", "经开区", "高新区", "临港园区", "马坊镇"]

PURPOSE = [
    "项目旨在补齐{topic}领域的设施短板，提升公共服务的供给能力。",
    "通过项目实施，进一步改善{topic}的发展环境，带动相关产业提质增效。",
    "资金重点支持{topic}相关的平台建设、主体培育和宣传推介等工作。",
    "项目围绕年初确定的目标任务分阶段推进，年内完成了全部建设内容。",
    "该项工作列入年度重点民生实事，由分管领导牵头调度，按季度通报进展。",
]
PROCESS = [
    "项目单位严格执行资金管理办法，实行专账核算、专款专用。",
    "资金拨付前均经过项目验收和财务审核，报账手续完备，票据齐全。",
    "建立了项目进度月报制度，对进度滞后的事项及时督办。",
    "实施方案经党组会议审定后印发执行，责任分工明确到人。",
    "资金使用接受审计和纪检部门监督，未发现截留、挪用等问题。",
]
OUTPUTS = [
    "完成{n}个点位的建设任务，验收合格率100%。",
    "带动新增就业岗位{n}个，服务对象满意度达到{m}%。",
    "组织开展各类培训{n}场次，累计参训{m}人次。",
    "新增入库培育对象{n}家，较上年增长{m}%。",
    "建成线上服务平台{n}个，全年受理各类诉求{m}件。",
]
PROBLEMS = [
    "部分项目前期论证不够充分，绩效目标设置偏笼统，可衡量的量化指标偏少。",
    "受工程进度影响，资金支付集中在下半年，支出均衡性有待提高。",
    "项目单位对绩效自评的重视程度不一，佐证材料收集不够完整。",
    "对资金使用效益的跟踪问效还不够深入，后续管护机制尚不健全。",
    "基层财务人员变动较多，业务衔接存在一定断档。",
]
MEASURES = [
    "细化量化绩效指标，使目标设置与资金规模和工作任务相匹配。",
    "加快项目实施进度，按月调度资金支付情况，提高预算执行的均衡性。",
    "把自评结果作为下一年度安排预算的重要依据，强化结果运用。",
    "加强业务培训，提升项目单位的预算绩效管理能力。",
    "健全项目建成后的运营管护制度，确保长期发挥效益。",
]
DUTIES = [
    "主要负责拟订并组织实施{topic}方面的发展规划和政策措施。",
    "承担{topic}领域的统筹协调、监督管理和公共服务工作。",
    "负责推动{topic}工作，组织开展相关统计监测和运行分析。",
    "协调解决{topic}发展中的重大问题，指导下级部门开展业务工作。",
]
NAV = ["首页", "政务公开", "政务服务", "互动交流", "数据开放", "专题专栏", "办事服务", "新闻中心", "政策文件"]
ACCESS = ["无障碍浏览", "长者模式", "关怀版", "English", "繁體", "登录", "注册", "智能问答", "网站支持IPv6"]
CRUMBS = [["政务公开", "财政信息", "绩效评价"], ["信息公开", "预决算公开", "部门预决算"],
          ["政府信息公开", "法定主动公开内容", "财政资金"], ["政务公开", "重点领域信息公开", "财政专项资金"]]


def _wan(rng: random.Random, lo: float, hi: float) -> Decimal:
    v = Decimal(rng.uniform(lo, hi))
    return v.quantize(Decimal("1") if rng.random() < 0.3 else CENT)


def _part(rng: random.Random, total: Decimal, lo: float = 0.3, hi: float = 0.99) -> Decimal:
    return (total * Decimal(rng.uniform(lo, hi))).quantize(CENT)


def _split(rng: random.Random, total: Decimal, k: int) -> list[Decimal]:
    """``total`` in ``k`` positive parts (cents) that add up exactly."""
    cuts = sorted(rng.uniform(0.15, 0.85) for _ in range(k - 1))
    parts, last = [], Decimal(0)
    for c in cuts:
        v = (total * Decimal(c)).quantize(CENT)
        parts.append(v - last)
        last = v
    parts.append(total - last)
    return parts


def _fmt_yuan(yuan: Decimal, rng: random.Random) -> str:
    text = f"{yuan:,.2f}" if rng.random() < 0.5 else f"{yuan:.2f}"
    if yuan == yuan.to_integral_value() and rng.random() < 0.6:
        text = text[:-3]
    return text


def _date(rng: random.Random, year: int, sep: str = "-") -> str:
    m, d = rng.randint(1, 12), rng.randint(1, 28)
    if sep == "年":
        return f"{year}年{m}月{d}日"
    return f"{year}{sep}{m:02d}{sep}{d:02d}"


def _pick(rng: random.Random, pool: list[str], k: int, **kw) -> str:
    return "".join(s.format(**kw) for s in rng.sample(pool, min(k, len(pool))))


class FamilyWriter:
    """Shared state of one generated document: office, year, paragraphs and planted facts."""

    family = ""
    levels: tuple[str, ...] = ("county", "county", "county", "city", "city", "province", "park")

    def __init__(self, index: int, rng: random.Random, firms: FirmPool):
        self.rng, self.firms, self.index = rng, firms, index
        self.office: Office = make_office(rng, self.levels)
        self.year = rng.choice(YEARS)
        self.topic = rng.choice(TOPICS)
        self.P: list[str] = []
        self.aliases: set[str] = set(self.office.aliases)
        digest = hashlib.sha1(f"{index}:{self.office.name}:{self.year}:{self.family}".encode()).hexdigest()[:16]
        o = self.office
        self.p = Planted(report=f"{index:05d}_{digest}.txt", department={
            "name": o.name, "aliases": [], "district": o.district, "city": o.city, "year": self.year}, score=None,
            family=self.family)

    # -- names and money ---------------------------------------------------------------------------------

    def self_ref(self) -> str:
        o = self.office
        if o.level == "park":
            return self.rng.choice(["我委", "本单位", "管委会"])
        return self.rng.choice([f"我{o.dept[-1]}", "本单位", "本部门", "我单位"])

    def short(self) -> str:
        """The office's short form (县商务局), recorded as an alias."""
        s = self.office.short() if self.office.level != "park" else self.office.name
        if s != self.office.name:
            self.aliases.add(s)
        return s

    def upper(self) -> str:
        """The finance body one level up that allocates the money."""
        o = self.office
        if o.level == "province":
            return "财政部"
        if o.level in ("city", "park"):
            return self.rng.choice([o.province + "财政厅", "省财政厅"])
        return self.rng.choice([o.city + "财政局", "市财政局"])

    def money(self, wan: Decimal) -> str:
        return _fmt_wan(wan, self.rng) + self.rng.choice(["万元", "万元", " 万元"])

    def mention(self, firm: Firm, surface: str | None = None) -> str:
        surface = surface or (firm.full if self.rng.random() < 0.6 else firm.short)
        g = self.p.entities.setdefault(firm.full, {"name": surface, "type": "enterprise", "aliases": [],
                                                   "canonical": firm.full})
        if surface != g["name"] and surface not in g["aliases"]:
            g["aliases"].append(surface)
        return surface

    def row(self, item: str | None, budget: Decimal | None, executed: Decimal | None, rate: Decimal | None,
            initial: Decimal | None = None, adjustment: Decimal | None = None, yuan: bool = False) -> dict:
        def conv(x: Decimal | None) -> float | None:
            return None if x is None else (float(x) if yuan else _yuan(x))

        r = {"item": item, "budget": conv(budget), "executed": conv(executed),
             "rate": None if rate is None else float(rate)}
        if initial is not None:
            r["initial_budget"] = conv(initial)
        if adjustment is not None:
            r["adjustment"] = conv(adjustment)
        self.p.budget.append(r)
        return r

    def subsidy(self, recipients: list[Firm], count: int | None, amount_yuan: float, qualifier: str,
                program: str | None, evidence: str) -> None:
        self.p.subsidies.append({"recipients": [f.full for f in recipients], "recipients_count": count,
                                 "amount": amount_yuan, "currency": "CNY", "qualifier": qualifier,
                                 "program": program, "evidence": evidence})

    def other(self, recipient: str, amount_yuan: float, program: str | None, evidence: str, reason: str) -> None:
        self.p.other_grants.append({"recipient": recipient, "amount": amount_yuan, "currency": "CNY",
                                    "qualifier": "exact", "program": program, "evidence": evidence,
                                    "reason": reason})

    def finish(self) -> Planted:
        self.p.department["aliases"] = sorted(self.aliases - {self.office.name})
        return self.p

    def signature(self, year: int) -> list[str]:
        self.signed = (year, self.rng.randint(1, 12), self.rng.randint(1, 28))
        return [self.office.name, "{}年{}月{}日".format(*self.signed)]

    def signed_iso(self, days_later: int = 0) -> str:
        """The signature's date (the page's 发布日期 a few days later), as metadata prints it."""
        y, m, d = self.signed
        return f"{y}-{m:02d}-{min(28, d + days_later):02d}"

    # -- layouts -----------------------------------------------------------------------------------------

    def web_text(self, head: list[str], body: list[str], foot: list[str]) -> str:
        """A web page's text: chrome and metadata as given, the body one paragraph a line."""
        rng = self.rng
        indent = rng.choice(["", "", "  ", "　　"])
        gap = rng.random() < 0.5
        out = list(head)
        for para in body:
            out.append(indent + para)
            if gap:
                out.append("")
        out += foot
        text = "\n".join(out) + "\n"
        return unicodedata.normalize("NFKC", text) if rng.random() < 0.4 else text

    def pdf_text(self, paragraphs: list[str]) -> str:
        return pdf_layout(paragraphs, self.rng)

    def fold_evidence(self, text: str) -> None:
        """Evidence is verbatim: when the page was NFKC-folded, fold the planted evidence too."""
        if text != unicodedata.normalize("NFKC", text):
            return
        for s in self.p.subsidies + self.p.other_grants:
            s["evidence"] = unicodedata.normalize("NFKC", s["evidence"])


def pdf_layout(paragraphs: list[str], rng: random.Random) -> str:
    """PDF-like text: wrapped lines (often with blank lines between), page markers, a leading space at page tops."""
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


# -- web chrome and metadata ----------------------------------------------------------------------------


def chrome(rng: random.Random, office: Office) -> list[str]:
    """Menus, accessibility links and a breadcrumb, the way a government site's text starts."""
    host = office.city or office.province
    lines = [rng.choice([f"{office.province}人民政府门户网站 | {host}人民政府", f"{host}人民政府 政府信息公开平台",
                         f"{host}人民政府网 {office.place}门户"])]
    lines.append(" | ".join(rng.sample(ACCESS, rng.randint(2, 4))))
    if rng.random() < 0.7:
        lines.append(" ".join(rng.sample(NAV, rng.randint(4, 7))))
    crumbs = ["首页", *rng.choice(CRUMBS)]
    sep = rng.choice([" > ", ">", " » "])
    lead = rng.choice(["当前位置：", "您当前的位置：", "您所在的位置：", ""])
    lines.append(lead + sep.join(crumbs))
    return lines


def metadata(rng: random.Random, publisher: str, pub_date: str) -> list[str]:
    """A metadata block in one of four page layouts; ``publisher`` is the 发布机构."""
    index_no = f"{rng.randint(10**8, 10**9 - 1)}/{pub_date[:4]}-{rng.randint(1, 99999):05d}"
    style = rng.randrange(4)
    if style == 0:
        colon = rng.choice([": ", "："])
        return [f"  • 索引号{colon}{index_no}", f"  • 发布机构{colon}{publisher}", f"  • 文号{colon}",
                f"  • 发布日期{colon}{pub_date}", f"  • 时效性{colon}有效"]
    if style == 1:
        lines = [f"[ 索引号 ] {index_no} [ 发文字号 ]", "[ 主题分类 ] 财政 [ 体裁分类 ] 报告",
                 f"[ 发布机构 ] {publisher} [ 发布日期 ] {pub_date}"]
        if rng.random() < 0.5:  # some pages print the block twice, the second time one field a line
            lines += [f"[ 索引号 ] {index_no}", f"[ 发布机构 ] {publisher}", f"[ 发布日期 ] {pub_date}"]
        return lines
    if style == 2:
        return [f"索 引 号 {index_no}  主题分类 财政预决算", f"发布机构 {publisher}  发文日期 {pub_date}",
                "公开形式 主动 有效性 有效"]
    return [f"发布时间：{pub_date} {rng.randint(8, 18):02d}:{rng.randint(0, 59):02d} 来源：{publisher} 浏览："]


def footer(rng: random.Random) -> list[str]:
    return rng.sample(["【打印本页】 【关闭窗口】", "字体：【大】【中】【小】", "分享到：", "扫一扫在手机上打开当前页"],
                      rng.randint(1, 3))


# -- project and special-fund reports -------------------------------------------------------------------


class ProjectWriter(FamilyWriter):
    """A project or special-fund report; the evaluated project or fund is the object."""

    family = "project"
    name_in_body = True

    def build(self) -> tuple[str, Planted]:
        title = self.project_title()
        self.P.extend(title)
        self.project_body()
        if self.rng.random() < 0.5:
            self.P.extend(self.signature(self.year + 1))
        text = self.pdf_text(self.P) if self.rng.random() < 0.5 else self.web_text([], self.P, [])
        self.fold_evidence(text)
        return text, self.finish()

    def choose_object(self) -> None:
        rng = self.rng
        self.is_fund = rng.random() < 0.55
        if self.is_fund:
            level = rng.choice(FUND_LEVELS)
            tail = rng.choice(["资金", "专项资金", "补助资金"] if self.topic.endswith("发展") else
                              ["专项资金", "补助资金", "发展资金"])
            self.obj = level + self.topic + tail
        else:
            place = self.office.place if rng.random() < 0.5 else ""
            self.obj = place + rng.choice(PROJECTS) + "项目"
        self.named = True  # the title names the object: it gets its own row beside the total

    def project_title(self) -> list[str]:
        rng = self.rng
        self.choose_object()
        o, y = self.office, self.year
        kind = "绩效自评报告" if rng.random() < 0.8 else "绩效评价报告"
        self.dept_in_title = True
        forms = [f"{o.name}{y}年度{self.obj}{kind}", f"{y}年度{o.name}{self.obj}{kind}",
                 f"{o.name}关于{y}年{self.obj}绩效自评情况的报告"]
        if rng.random() < 0.3:
            self.dept_in_title = False
            forms = [f"{y}年{self.obj}{kind}", f"{o.place}{y}年{self.obj}{kind}"]
        if rng.random() < 0.12:  # a generic title: no object named, so only the total is a row
            self.named = False
            return [f"{o.name}{y}年度{'专项资金' if self.is_fund else '项目支出'}{kind}"]
        title = rng.choice(forms)
        if len(title) > 26 and rng.random() < 0.5:  # long titles break over two lines
            cut = rng.randint(10, len(title) - 8)
            return [title[:cut], title[cut:]]
        return [title]

    def project_body(self) -> None:
        rng, P, o = self.rng, self.P, self.office
        P.append(rng.choice(["一、项目基本情况", "一、项目概况", "一、基本情况"]))
        if not self.name_in_body:  # the department is only in the page's metadata
            intro = f"{self.obj}由{self.self_ref()}负责组织实施"
        elif self.dept_in_title or rng.random() < 0.6:
            intro = f"{self.obj}由{o.name}负责组织实施"
        else:
            intro = f"{o.name}（以下简称“{self.short()}”）是{self.obj}的主管部门"
        P.append(intro + "。" + _pick(rng, PURPOSE, 2, topic=self.topic))
        P.append(rng.choice(["二、项目资金安排及使用情况", "二、资金投入和使用情况", "二、项目资金情况"]))
        P.append("（一）资金安排情况")
        plan = rng.choice([self.plan_alloc, self.plan_arranged, self.plan_figure_first, self.plan_initial_actual,
                           self.plan_paid_rate, self.plan_adjusted, self.plan_yuan])
        alloc, use = plan()
        P.append(alloc)
        P.append("（二）资金使用情况")
        P.append(use + _pick(rng, PROCESS, 1))
        payments = self.payments() if self.is_fund else self.evaluator()
        if payments:
            P.append(payments)
        P.append(rng.choice(["三、绩效目标完成情况", "三、项目绩效情况"]))
        P.append("".join(s.format(n=rng.randint(3, 60), m=rng.randint(85, 99)) for s in rng.sample(OUTPUTS, 2)))
        P.append("四、自评结论")
        score = Decimal(rng.randint(8000, 9900)) / 100
        P.append(f"经综合评价，该{'专项' if self.is_fund else '项目'}自评得分{score}分，评价等级为“优”。")  # not the dept score
        self.problems("五")

    def problems(self, first: str) -> None:
        rng, P = self.rng, self.P
        nxt = NUMERALS[NUMERALS.index(first) + 1]
        P.append(f"{first}、存在的问题")
        for i, s in enumerate(rng.sample(PROBLEMS, 2)):
            P.append(f"{i + 1}.{s}")
        P.append(f"{nxt}、下一步改进措施")
        for i, s in enumerate(rng.sample(MEASURES, rng.randint(2, 3))):
            P.append(f"（{NUMERALS[i]}）{s}")

    # each plan returns (the allocation paragraph, the spending sentence) and plants the rows

    def total_rows(self, budget: Decimal | None, executed: Decimal | None, rate: Decimal | None,
                   initial: Decimal | None = None, adjustment: Decimal | None = None, yuan: bool = False) -> None:
        self.row(None, budget, executed, rate, initial, adjustment, yuan)
        if self.named:
            self.row(self.obj, budget, executed, rate, initial, adjustment, yuan)

    def decoys(self, total: Decimal) -> str:
        """Figures next to the total that are not rows: funding sources, transfers, investment, a contract."""
        rng = self.rng
        out = []
        if rng.random() < 0.5:
            a, b, c = _split(rng, total, 3)
            lvl = "县" if self.office.level == "county" else "市"
            out.append(rng.choice([f"其中：中央财政资金{self.money(a)}，省级财政资金{self.money(b)}，{lvl}级配套资金"
                                   f"{self.money(c)}。",
                                   f"按资金来源分，上级补助{self.money(a + b)}，本级安排{self.money(c)}。"]))
        if rng.random() < 0.35:
            out.append(self.transfers(total))
        if rng.random() < 0.35:
            out.append(self.contract(total))
        return "".join(out)

    def transfers(self, total: Decimal) -> str:
        rng, o = self.rng, self.office
        share = _part(rng, total, 0.2, 0.6)
        if o.level == "county":
            frag = f"拨付各乡镇（街道）{self.money(share)}"
            self.other("各乡镇（街道）", _yuan(share), self.obj, frag, "transfer to lower-level governments")
            return f"其中通过转移支付{frag}，用于基层配套建设。"
        from .places import GEO
        units = GEO[o.province][o.city] if o.city else sorted(GEO[o.province])
        names = rng.sample(units, min(2, len(units)))
        parts = _split(rng, share, len(names))
        frags = [f"{n}{self.money(v)}" for n, v in zip(names, parts, strict=True)]
        for n, v, f in zip(names, parts, frags, strict=True):
            self.other(n, _yuan(v), self.obj, f, "transfer to lower-level governments")
        return f"资金按因素法分配，下达{'、'.join(frags)}，其余由本级统筹使用。"

    def contract(self, total: Decimal) -> str:
        rng = self.rng
        if rng.random() < 0.5:
            return f"项目总投资{self.money(total * Decimal(rng.randint(2, 6)))}，财政资金为引导性投入。"
        firm = self.firms.service_firm(rng, self.office, CONTRACTOR_TRADES)
        name = self.mention(firm, firm.full)
        price = _part(rng, total, 0.5, 0.95)
        frag = f"中标价{self.money(price)}"
        self.other(firm.full, _yuan(price), self.obj, frag, "construction contract (中标价): not a subsidy")
        return f"经公开招标，由{name}承建，{frag}。"

    def spend(self, budget: Decimal) -> tuple[str, Decimal | None, Decimal | None]:
        """A spending sentence: (text, executed, rate)."""
        rng = self.rng
        executed = budget if rng.random() < 0.3 else _part(rng, budget, 0.6, 0.99)
        rate = _rate(executed, budget)
        k = rng.randrange(4)
        if k == 0:
            return f"截至{self.year}年12月31日，实际支出{self.money(executed)}，预算执行率{_fmt_rate(rate)}%。", \
                executed, rate
        if k == 1:
            return f"资金支出执行率100%，已于{self.year}年{rng.randint(9, 12)}月全部支付完毕。", None, Decimal(100)
        if k == 2:
            rest = budget - executed
            tail = f"，结余{self.money(rest)}" if rest else ""
            return f"目前已使用{self.money(executed)}{tail}。", executed, None
        return f"全年累计支出{self.money(executed)}，占预算的{_fmt_rate(rate)}%。", executed, rate

    def plan_alloc(self) -> tuple[str, str]:
        rng, o = self.rng, self.office
        total = _wan(rng, 20, 3000)
        up = self.upper()
        doc = f"（{o.place[0]}财{rng.choice(['企', '建', '农', '教'])}〔{self.year}〕{rng.randint(3, 199)}号）"
        obj = self.obj + ("" if self.is_fund else "资金")
        alloc = rng.choice([f"根据{up}《关于下达{self.year}年{obj}的通知》{doc}，{up}下达{o.we}{self.money(total)}"
                            f"{self.year}年{obj}。",
                            f"{up}{doc}提前下达{o.we}{self.year}年{obj}{self.money(total)}。"])
        text, executed, rate = self.spend(total)
        self.total_rows(total, executed, rate)
        return alloc + self.decoys(total), text

    def plan_arranged(self) -> tuple[str, str]:
        rng = self.rng
        k = rng.choice([2, 2, 3])
        items = [s + rng.choice(SUBLINE_TAILS) for s in rng.sample(SUBLINES, k)]
        total = _wan(rng, 50, 2000).quantize(Decimal("1"))
        parts = [p.quantize(Decimal("1")) for p in _split(rng, total, k)]
        parts[-1] = total - sum(parts[:-1])
        funder = rng.choice(["本级财政", f"{self.office.place}财政", "财政部门"])
        listed = "，".join(f"{it}{self.money(v)}" for it, v in zip(items, parts, strict=True))
        alloc = f"{self.year}年，{funder}共安排{self.obj}{self.money(total)}，其中{listed}。"
        spent = [_part(rng, v, 0.7, 1.0) if rng.random() < 0.7 else v for v in parts]
        executed = sum(spent, Decimal(0))
        rate = _rate(executed, total)
        use = f"全年共支出{self.money(executed)}，执行率{_fmt_rate(rate)}%。其中" + "，".join(
            f"{it}支出{self.money(v)}" for it, v in zip(items, spent, strict=True)) + "。"
        self.total_rows(total, executed, rate)
        for it, v, e in zip(items, parts, spent, strict=True):
            self.row(it, v, e, _rate(e, v))
        return alloc, use

    def plan_figure_first(self) -> tuple[str, str]:
        rng = self.rng
        total = _wan(rng, 30, 5000)
        alloc = rng.choice([f"经{self.office.place}人民政府研究同意，{self.money(total)}用于{self.obj}。",
                            f"{self.year}年度{self.money(total)}用于{self.obj}，资金已纳入年度预算。"])
        text, executed, rate = self.spend(total)
        self.total_rows(total, executed, rate)
        return alloc + self.decoys(total), text

    def plan_initial_actual(self) -> tuple[str, str]:
        rng = self.rng
        total = _wan(rng, 10, 1500)
        executed = total if rng.random() < 0.3 else _part(rng, total, 0.6, 0.99)
        rate = _rate(executed, total)
        subject = rng.choice(["该项目", "本项目"] if not self.is_fund else ["该专项", "该资金"])
        alloc = f"{self.obj}纳入{self.year}年部门预算管理。" + self.decoys(total)
        use = f"{subject}年初预算{self.money(total)}，实际支出{self.money(executed)}，预算执行率{_fmt_rate(rate)}%。"
        self.total_rows(total, executed, rate, initial=total)
        return alloc, use

    def plan_paid_rate(self) -> tuple[str, str]:
        rng = self.rng
        total = _wan(rng, 50, 6000)
        executed = _part(rng, total, 0.7, 0.99)
        rate = (executed / total * 100).quantize(Decimal("1"), rounding="ROUND_HALF_UP")
        alloc = f"{self.year}年安排{self.obj}{self.money(total)}。" + self.decoys(total)
        use = (f"项目资金共{self.money(total)}，截至{self.year}年12月{rng.randint(1, 31)}日，已拨付{self.money(executed)}，"
               f"执行率{rate}%。")
        self.total_rows(total, executed, rate)
        return alloc, use

    def plan_adjusted(self) -> tuple[str, str]:
        rng = self.rng
        initial = _wan(rng, 30, 2000)
        delta = _part(rng, initial, 0.05, 0.4)
        up = rng.random() < 0.6
        budget = initial + delta if up else initial - delta
        executed = budget if rng.random() < 0.3 else _part(rng, budget, 0.7, 0.99)
        rate = _rate(executed, budget)
        verb = rng.choice(["调增", "追加"]) if up else "调减"
        why = rng.choice(["根据工作需要", "因任务调整", "经财政部门批准", ""])
        alloc = (f"{self.obj}年初预算{self.money(initial)}，年中{why}{verb}{self.money(delta)}，调整后预算为"
                 f"{self.money(budget)}。")
        use = f"全年实际支出{self.money(executed)}，执行率{_fmt_rate(rate)}%。"
        self.total_rows(budget, executed, rate, initial=initial, adjustment=delta if up else -delta)
        return alloc, use

    def plan_yuan(self) -> tuple[str, str]:
        rng = self.rng
        total = _wan(rng, 20, 800).quantize(Decimal("1"))
        paid = (total * 10000 * Decimal(rng.uniform(0.8, 0.99))).quantize(CENT)
        rest = total * 10000 - paid
        alloc = f"{self.year}年财政预算安排{self.obj}{self.money(total)}，到位率100%。" + self.decoys(total)
        use = f"实际支付{_fmt_yuan(paid, rng)}元，结余{_fmt_yuan(rest, rng)}元。"
        self.row(None, total * 10000, paid, None, yuan=True)
        if self.named:
            self.row(self.obj, total * 10000, paid, None, yuan=True)
        return alloc, use

    def payments(self) -> str:
        """Money from the fund to enterprises (subsidies), to a class of them, or to individuals (not)."""
        rng = self.rng
        out = []
        program = self.obj if self.named else None
        if rng.random() < 0.45:
            firms = self.firms.sample(rng, self.office.province, rng.randint(2, 3))
            names = [self.mention(f) for f in firms]
            count = len(firms) + rng.randint(0, 12)
            amount = _wan(rng, 20, 400)
            award = rng.choice(["补助", "奖励资金", "奖补资金"])
            frag = (f"对{'、'.join(names)}等{count}家企业给予{award}共计{self.money(amount)}" if count > len(firms)
                    else f"对{'、'.join(names)}{len(firms)}家企业给予{award}共计{self.money(amount)}")
            self.subsidy(firms, count, _yuan(amount), "total", program, frag)
            out.append(frag + "。")
        if rng.random() < 0.35:
            firm = self.firms.sample(rng, self.office.province, 1)[0]
            amount = _wan(rng, 5, 200)
            frag = f"向{self.mention(firm)}兑付{rng.choice(['技改补助', '研发奖励', '扩产奖励'])}{self.money(amount)}"
            self.subsidy([firm], None, _yuan(amount), "exact", program, frag)
            out.append(frag + "。")
        if rng.random() < 0.3:
            n, each = rng.randint(3, 25), Decimal(rng.choice([5, 10, 20, 30]))
            frag = f"对新认定的{n}家{rng.choice(ENTERPRISE_CLASSES)}每家奖励{each}万元，共计{self.money(each * n)}"
            self.subsidy([], n, _yuan(each * n), "total", program, frag)
            out.append(frag + "。")
        if rng.random() < 0.3:
            n, amount = rng.randint(3, 12), Decimal(rng.randint(2, 30))
            frag = f"评选{n}名{rng.choice(PEOPLE)}，发放奖励金{self.money(amount)}"
            self.other(f"{n}名个人", _yuan(amount), program, frag, "award to individuals: not an enterprise subsidy")
            out.append(frag + "。")
        return "".join(out) + self.evaluator()

    def evaluator(self) -> str:
        """A third-party evaluator: an enterprise, paid for a service, not a recipient."""
        if self.rng.random() >= 0.3:
            return ""
        firm = self.firms.service_firm(self.rng, self.office, EVALUATOR_TRADES)
        return f"{self.short()}委托{self.mention(firm, firm.full)}对资金使用情况开展了第三方绩效评价。"


# -- web-page reports -----------------------------------------------------------------------------------


class WebWriter(ProjectWriter):
    """A report as its web page's text: chrome, metadata, then a department-wide or a fund report."""

    family = "web"

    def build(self) -> tuple[str, Planted]:
        rng, o = self.rng, self.office
        pub = _date(rng, self.year + 1)
        publisher = o.name
        head = chrome(rng, o)
        meta = metadata(rng, publisher, pub)
        if rng.random() < 0.5:
            title = self.dept_title()
            self.dept_body()
        else:
            self.choose_object()
            self.dept_in_title = rng.random() < 0.4
            title = (f"{o.name}{self.year}年度{self.obj}绩效自评报告" if self.dept_in_title
                     else f"{o.place}{self.year}年{self.obj}绩效自评报告")
            self.name_in_body = self.dept_in_title or rng.random() < 0.5
            self.project_body()
        if meta[0].startswith("发布时间"):  # this layout prints the title above the date line
            head += ["", title, *meta, ""]
        else:
            head += ["", *meta, "", title]
            if rng.random() < 0.4:
                head.append(title)  # pages often print the title twice
        text = self.web_text(head, self.P, footer(rng))
        self.fold_evidence(text)
        return text, self.finish()

    def dept_title(self) -> str:
        rng, o, y = self.rng, self.office, self.year
        self.dept_in_title = rng.random() < 0.6
        # the title grammar: [scope][绩效][自评|评价][报告]
        kind = rng.choice(["部门整体支出", "部门整体支出", "整体支出"]) + "绩效" + rng.choice(["自评", "自评", "评价"]) + "报告"
        if self.dept_in_title:
            return rng.choice([f"{o.name}{y}年度{kind}", f"{y}年度{o.name}{kind}", f"{o.name}{y}年{kind}"])
        return rng.choice([f"{y}年度{kind}", f"{kind}（{y}年度）"])

    def dept_body(self) -> None:
        rng, P = self.rng, self.P
        me = self.self_ref() if not self.dept_in_title or rng.random() < 0.5 else self.short()
        P.append("一、部门基本情况")
        P.append("（一）部门职责")
        P.append(f"{me}" + _pick(rng, DUTIES, 2, topic=self.topic) +
                 f"内设职能科室{rng.randint(3, 9)}个，年末实有人员{rng.randint(12, 80)}人。")
        P.append("（二）部门预算收支情况")
        total, executed = self.dept_total(me)
        P.append("（三）项目支出情况")
        self.dept_lines(total - _part(rng, total, 0.1, 0.4))
        P.append("二、绩效自评结论")
        score = Decimal(rng.randint(8000, 9950)) / 100
        self.p.score = float(score)
        P.append(rng.choice([f"经综合评价，{self.year}年度本部门整体绩效的自评得分为{score}分，等级“优”。",
                             f"对照评价指标逐项打分，{me}部门整体支出自评总分{score}分。"]))
        self.problems("三")

    def dept_total(self, me: str) -> tuple[Decimal, Decimal]:
        rng, P = self.rng, self.P
        total = _wan(rng, 300, 20000)
        executed = total if rng.random() < 0.2 else _part(rng, total, 0.6, 0.99)
        rate = _rate(executed, total)
        revenue = _part(rng, total, 0.8, 1.0)
        P.append(f"{self.year}年度{me}收入合计{self.money(revenue)}，其中一般公共预算财政拨款收入"
                 f"{self.money(_part(rng, revenue, 0.7, 0.95))}。")  # revenue: not a row
        k = rng.randrange(3)
        initial = None
        if k == 0:
            P.append(f"全年预算数{self.money(total)}，全年执行数{self.money(executed)}，预算执行率{_fmt_rate(rate)}%。")
        elif k == 1:
            initial = _part(rng, total, 0.7, 0.95)
            P.append(f"调整后预算为{self.money(total)}（年初预算{self.money(initial)}），全年支出{self.money(executed)}，"
                     f"执行率为{_fmt_rate(rate)}%。")
        else:
            P.append(f"部门预算总额{self.money(total)}，实际执行{self.money(executed)}，执行率{_fmt_rate(rate)}%。")
        self.row(None, total, executed, rate, initial)
        if rng.random() < 0.4:
            basic = _part(rng, executed, 0.4, 0.8)
            P.append(f"从支出结构看，基本支出{self.money(basic)}，项目支出{self.money(executed - basic)}。")
            self.row("基本支出", None, basic, None)
            self.row("项目支出", None, executed - basic, None)
        return total, executed

    def dept_lines(self, room: Decimal) -> None:
        rng = self.rng
        k = rng.randint(2, 6)
        items = [b + rng.choice(["经费", "专项经费", "工作经费"]) for b in rng.sample(DEPT_LINES, k)]
        budgets = _split(rng, room, k)
        table = rng.random() < 0.35
        if table:
            self.P.append("序号 | 项目名称 | 全年预算数（万元） | 执行数（万元） | 执行率 |")
        for i, (item, b) in enumerate(zip(items, budgets, strict=True), 1):
            e = b if rng.random() < 0.3 else _part(rng, b, 0.6, 0.99)
            r = _rate(e, b)
            self.row(item, b, e, r)
            if table:
                self.P.append(f"{i} | {item} | {b:.2f} | {e:.2f} | {_fmt_rate(r)}% |")
            elif rng.random() < 0.5:
                self.P.append(f"{i}.{item}：全年预算{self.money(b)}，支出{self.money(e)}，执行率{_fmt_rate(r)}%。")
            else:
                self.P.append(f"{i}.{item}，预算安排{self.money(b)}，已支出{self.money(e)}，执行率{_fmt_rate(r)}%。"
                              + _pick(rng, OUTPUTS, 1, n=rng.randint(2, 40), m=rng.randint(80, 99)))


# -- self-evaluation tables -----------------------------------------------------------------------------

HEADERS = [["年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"],
           ["年初预算", "调整后预算数", "预算执行数", "预算执行率", "权重", "得分"]]


class TableWriter(FamilyWriter):
    """项目支出绩效自评表: one table per project, as the page printed its cells."""

    family = "table"
    levels = ("county", "county", "county", "city", "city")

    def build(self) -> tuple[str, Planted]:
        rng = self.rng
        style = rng.choice(["cells", "cells_bar", "cells_bar", "pipe", "spaces"])
        n = 1 if rng.random() < 0.7 else rng.randint(2, 3)
        lines: list[str] = []
        if rng.random() < 0.3:
            lines += [f"报表编号：{rng.randint(100000, 999999)}_{rng.randint(1, 99):04d}zp", ""]
        for name in rng.sample(TABLE_PROJECTS, n):
            if rng.random() < 0.25:
                name = f"{rng.randint(10**9, 10**10 - 1)}Y{rng.randint(10**6, 10**7 - 1)}-{name}"
            rows, caption = self.table(name, single=n == 1)
            lines += ["项目支出绩效自评表", f"（{self.year}年度）"] + ([caption] if caption else [])
            lines += render(rows, style, rng)
            lines.append("")
        text = "\n".join(lines) + "\n"
        return text, self.finish()

    def table(self, name: str, single: bool) -> tuple[list[list[str]], str]:
        rng, o = self.rng, self.office
        initial = _wan(rng, 3, 600)
        budget = initial if rng.random() < 0.5 else initial + _part(rng, initial, 0.05, 0.5)
        executed = budget if rng.random() < 0.4 else _part(rng, budget, 0.7, 0.99)
        rate = _rate(executed, budget)
        lost = rng.random() < 0.15  # the 执行数 cell is empty (and lost on some pages)
        yuan = rng.random() < 0.15
        unit_style = rng.randrange(4)  # 0 label（万元） · 1 header cells · 2 caption · 3 a （万元） cell
        caption = "金额单位：元" if yuan else ("金额单位：万元" if unit_style == 2 else "")

        def fig(x: Decimal) -> str:
            return f"{x * 10000:.2f}" if yuan else f"{x:.2f}"

        head = HEADERS[rng.randrange(2)]
        money_cell = "项目资金（万元）" if unit_style == 0 and not yuan else "项目资金"
        if unit_style == 1 and not yuan:
            head = [h + "（万元）" if i < 3 else h for i, h in enumerate(head)]
        owner = o.name + ("本级" if rng.random() < 0.2 else "")
        if owner != o.name:
            self.aliases.add(owner)
        doer = rng.choice([o.name, "", owner])
        score = rng.randint(8, 10)
        total = [fig(initial), fig(budget), "" if lost else fig(executed), "10", f"{_fmt_rate(rate)}%", str(score)]
        part = [*total[:3], "—", f"{_fmt_rate(rate)}%", "—"]
        if head[3] == "预算执行率":  # this layout puts the rate before the weight
            total = total[:3] + [total[4], total[3], total[5]]
            part = part[:3] + [part[4], part[3], part[5]]
        money = [money_cell, "（万元）", *head] if unit_style == 3 and not yuan else [money_cell, *head]
        rows = [["项目名称", name], ["主管部门", owner], ["实施单位", doer], money, ["年度资金总额", *total],
                ["其中：当年财政拨款", *part],
                ["上年结转资金", "", "", "", "—", "", "—"], ["其他资金", "", "", "", "—", "", "—"]]
        rows += self.goals()
        factor = 10000 if yuan else 1
        if single:
            self.row(None, budget * factor, None if lost else executed * factor, rate, initial * factor, yuan=yuan)
        self.row(name, budget * factor, None if lost else executed * factor, rate, initial * factor, yuan=yuan)
        return rows, caption

    def goals(self) -> list[list[str]]:
        rng = self.rng
        got = rng.randint(80, 99)
        return [["年度总体目标", "预期目标", "实际完成情况"],
                ["按计划完成年度工作任务，保障业务正常开展。", f"年度任务全部完成，服务对象满意度{got}%。"],
                ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分"],
                ["产出指标", "数量指标", "完成任务数量", f"≥{rng.randint(5, 50)}项", f"{rng.randint(50, 80)}项", "20", "20"],
                ["效益指标", "社会效益指标", "服务覆盖率", "≥90%", f"{got}%", "30", "28"],
                ["满意度指标", "服务对象满意度指标", "服务对象满意度", "≥90%", f"{got}%", "10", "10"],
                ["总分", "100", str(rng.randint(88, 99))]]


def render(rows: list[list[str]], style: str, rng: random.Random) -> list[str]:
    """Table rows as a page's text: one cell a line (empty cells dropped, or kept as ``|``), or one row a line."""
    out = []
    for row in rows:
        if style == "cells":
            out += [c for c in row if c]  # the page lost the empty cells
        elif style == "cells_bar":
            out += [f"{c} |" if c else "|" for c in row]
        elif style == "pipe":
            out.append("| " + " | ".join(row) + " |")
        else:
            out.append(" ".join(c for c in row if c))
    return out


# -- subsidy notices ------------------------------------------------------------------------------------


class NoticeWriter(FamilyWriter):
    """A 公示 of award recipients, a 拨付 notice, or an allocation table with county transfers."""

    family = "notice"
    levels = ("county", "county", "city", "city", "park")

    def build(self) -> tuple[str, Planted]:
        rng = self.rng
        self.program = f"{self.year}年度{rng.choice(AWARD_PROGRAMS)}{rng.choice(AWARD_WORDS)}"
        kind = rng.choice(["publicity", "publicity", "payment", "allocation"])
        body, pub = {"publicity": self.publicity, "payment": self.payment, "allocation": self.allocation}[kind]()
        if rng.random() < 0.6:
            head = chrome(rng, self.office) + [""] + metadata(rng, self.office.name, pub) + [""]
            text = self.web_text(head, body, footer(rng))
        else:
            text = "\n".join(body) + "\n"
        self.fold_evidence(text)
        return text, self.finish()

    def policy(self) -> str:
        topic = self.topic.removesuffix("发展")
        name = self.rng.choice([f"{self.office.place}关于促进{topic}高质量发展的若干措施",
                                f"{self.office.place}{topic}扶持资金管理办法"])
        self.p.entities.setdefault(name, {"name": name, "type": "policy", "aliases": [], "canonical": name})
        return name

    def publicity(self) -> tuple[list[str], str]:
        rng, o = self.rng, self.office
        n = rng.randint(3, 12)
        firms = self.firms.sample(rng, o.province, n)
        amounts = [Decimal(rng.choice([2, 3, 5, 8, 10, 12, 15, 20, 26, 30, 50])) for _ in firms]
        total = sum(amounts, Decimal(0))
        first = self.mention(firms[0], firms[0].full)
        title = rng.choice([f"关于{self.program}的公示", f"关于拟兑现{self.program}的公示",
                            f"{self.program}拟奖励企业名单公示"])
        verb = rng.choice(["实施奖励", "给予奖励", "兑现奖补"])
        frag = f"对{first}等{n}家企业{verb}，共计{self.money(total)}"
        signature = self.signature(self.year + 1)
        body = [title, f"根据《{self.policy()}》有关规定，经企业自主申报、{self.short()}会同财政部门审核，拟{frag}。"
                       f"现将名单予以公示，公示期为{signature[1]}起5个工作日。公示期间如有异议，"
                       f"请以书面形式向{o.name}反映。"]
        self.subsidy([firms[0]], n, _yuan(total), "budgeted", self.program, frag)
        if rng.random() < 0.3:
            k, each = rng.randint(2, 6), Decimal(rng.choice([1, 2, 3]))
            ind = f"对{k}名{rng.choice(PEOPLE)}每人奖励{each}万元"
            body.append(f"另{ind}，一并公示。")
            self.other(f"{k}名个人", _yuan(each * k), self.program, ind, "award to individuals: not an enterprise subsidy")
        body += signature
        body += ["附件", f"{self.program}拟奖励企业名单"]
        rows = [["序号", rng.choice(TOWN_COLUMN), rng.choice(["企业名称", "单位详细名称", "申报单位"]),
                 rng.choice(["奖励金额（万元）", "拟奖励金额（万元）"])]]
        for i, (f, a) in enumerate(zip(firms, amounts, strict=True), 1):
            cells = [str(i), rng.choice(TOWNS), self.mention(f, f.full), f"{a}"]
            rows.append(cells)
            self.subsidy([f], None, _yuan(a), "budgeted", self.program, " ".join(cells))
        body += render(rows, rng.choice(["cells", "cells", "cells_bar", "pipe"]), rng)
        return body, self.signed_iso()

    def payment(self) -> tuple[list[str], str]:
        rng, o = self.rng, self.office
        named = rng.random() < 0.3
        firms = self.firms.sample(rng, o.province, rng.randint(2, 3) if named else 1)
        names = [self.mention(f, f.full) for f in firms]
        count = len(firms) if named else rng.randint(5, 260)
        yuan = Decimal(rng.randint(50_000, 40_000_000))
        who = f"{'、'.join(names)}共{count}家企业" if named else f"{names[0]}等{count}家企业"
        frag = f"现拨付{who}{self.program}共{_fmt_yuan(yuan, rng)}元"
        self.subsidy(firms, count, float(yuan), "total", self.program, frag)
        upper = self.upper()
        body = [f"关于拨付{self.program}的通知"] if rng.random() < 0.6 else []
        body += [f"各有关企业：根据{upper}《关于下达{self.program}的通知》精神，{frag}（详见附件）。款项到账后，"
                 f"请各企业依规入账、专款专用，并于{_date(rng, self.year + 1, '年')}前报送资金使用绩效情况。特此通知。",
                 f"附件：{self.program}拨付明细表.xls", *self.signature(self.year + rng.choice([0, 0, 1])),
                 f"（联系人：{rng.choice('王李张刘陈杨赵黄周吴')}{rng.choice(['先生', '女士'])}，电话："
                 f"{rng.randint(1000, 9999)}{rng.randint(1000, 9999)}）"]
        return body, self.signed_iso(rng.randint(0, 3))

    def allocation(self) -> tuple[list[str], str]:
        """An allocation table: the office's own 经费 lines (rows), county rows (transfers), a group award."""
        rng, o = self.rng, self.office
        own = [b + "经费" for b in rng.sample(DEPT_LINES, rng.randint(1, 3))]
        own_amounts = [Decimal(rng.randint(5, 300)) / 10 for _ in own]
        units = self.lower_units()
        unit_amounts = [Decimal(rng.randint(1, 8)) for _ in units]
        award_total = sum(unit_amounts, Decimal(0))
        n = int(award_total) + rng.randint(0, 4)
        all_total = sum(own_amounts, Decimal(0)) + award_total
        awarded = f"各{'县（市、区）' if o.level != 'county' else '乡镇'}获评企业{self.program}{self.money(award_total)}"
        listed = "、".join(own)
        body = [f"关于{self.program}安排情况的公示",
                f"按照《{self.policy()}》要求，经评审共有{n}家企业获评。拟安排{listed}等合计"
                f"{self.money(sum(own_amounts, Decimal(0)))}；以及{awarded}，共计{self.money(all_total)}（明细见附表）。",
                f"公示期为5个工作日。如有异议，请在公示期内向{o.name}反映。", *self.signature(self.year + 1),
                "附表", "单位：万元"]
        self.subsidy([], n, _yuan(award_total), "budgeted", self.program, awarded)
        rows = [["序号", "单位名称", "申报项目", "金额"]]
        for j, (item, a) in enumerate(zip(own, own_amounts, strict=True)):
            rows.append(["1" if j == 0 else "", o.name if j == 0 else "", item, f"{a}"])
            self.row(item, a, None, None)
        for i, (u, a) in enumerate(zip(units, unit_amounts, strict=True), 2):
            cells = [str(i), u, self.program, f"{a}"]
            rows.append(cells)
            self.other(u, _yuan(a), self.program, " ".join(cells), "transfer to a lower-level government department")
        body += render(rows, rng.choice(["cells", "cells_bar", "pipe"]), rng)
        return body, self.signed_iso(rng.randint(0, 3))

    def lower_units(self) -> list[str]:
        from .places import GEO
        o = self.office
        dept = o.dept if o.level != "park" else "商务局"
        places = GEO[o.province][o.city] if o.city else []
        if o.level == "county":
            return [t + "人民政府" for t in self.rng.sample(TOWNS[:6], self.rng.randint(2, 4))]
        return [p + dept for p in self.rng.sample(places, min(len(places), self.rng.randint(2, 5)))]


WRITERS = {"web": WebWriter, "project": ProjectWriter, "table": TableWriter, "notice": NoticeWriter}
