"""Fund flows: every money clause read as source -> target, amount, program; subsidies are the flows to
enterprises.

A clause is a flow when a payment verb (兑现, 支付, 发放 …) or a grant noun (奖励, 补助, 扶持资金 …) stands
before its amount, or when the clause before it in the sentence named the recipients without the amount
(对A等9家企业实施奖励，共计266万元). The target is typed:

* **enterprises**: named (mentions of the report, or the name between verb and grant noun: 兑现X经营贡献奖),
  counted (等203家企业), or a class (新增规上企业; 获评企业 counts the 家 named earlier): a **subsidy**;
* a government, region, public unit, individuals, consumers or borrowers: a **grant** of that kind;
* budget statements, policy rules (每增加…奖励…), contracts, purchases, wages, and money moved between
  governments (下达, 收到拨付) are no flows.

Tables of recipients (企业名称/单位名称 + 金额) give one flow per row; a subsidy notice's flows take its
program from the title and are ``budgeted`` when announced (公示, 拟). A grant budget line with nothing
spent and a purpose that names enterprises is a ``budgeted`` subsidy. Words: ``patterns/subsidies.toml``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from decimal import Decimal
from functools import lru_cache

from .amounts import find_amounts, find_counts, plain
from .budget import heading_item, item_key
from .entities import suffix_type, valid_name
from .facts import ORG_TYPES, BudgetRow, DepartmentInfo, Evidence, Grant, Mention, Subsidy
from .normalize import fold
from .orgs import (
    enterprise_core,
    enterprise_start,
    government_start,
    industry_words_longest_first,
    is_government_name,
    name_shaped,
)
from .parsed import Parsed, Sentence
from .patterns import enterprise_patterns, entity_patterns, subsidy_patterns, table_patterns
from .tables import Cell, Column, Record, Table, grant_rank, is_total_label, number

CLAUSE = re.compile(r"(?:[^，,；;。！？!?：:]|(?<=\d)[,，](?=\d{3}))+")  # 6,308.95 stays in one clause
TOTAL_LEAD = re.compile(r"\s*(?:共计|合计|总计|累计|共|计)")
LEADING_TARGET = re.compile(r"^(?:\d+\s*家)?(?:企业|公司)*")
PHRASE_CHAR = re.compile(r"[\u4e00-\u9fff“”\d]")
#: a clause that receives money: [其中] X 获得/荣获/获 …
RECEIVES = re.compile(r"^\s*(?:其中)?\s*(?P<who>[^，,；;。]{0,40}?)(?P<verb>获得|荣获|获(?![取评批悉得准]))")
#: a clause of support that names its recipients before the money (支持A公司等5家企业建设…，安排资金…)
SUPPORTS = re.compile(r"^\s*(?:重点|积极|大力)?(?:支持|帮助)")
SUPPORT_ANYWHERE = re.compile(r"(?:^|[，,；;:：])\s*(?:其中)?\s*(?:重点|积极|大力)?(?:支持|帮助)")
#: the short name a clause of support opens with (支持某某硅材实施…扩建)
SUPPORT_SLOT = re.compile(r"^\s*(?:重点|积极|大力)?(?:支持|帮助)(?P<who>[\u4e00-\u9fff]{2,12}?)"
                          r"(?:实施|建设|开展|加快|推进|完成|新建|扩建|引进|研发|开发|进行|打造|申报|落户|入驻|扩产|上市|新上)")
#: support of enterprises in general (支持企业实施转化项目37个，补助资金…): a class, no names
SUPPORT_FIRMS = re.compile(r"^\s*(?:重点|积极|大力)?(?:支持|帮助|扶持)(?P<cls>(?:[\u4e00-\u9fff]{0,6}?)(?:企业|市场主体))"
                           r"(?=实施|建设|开展|加快|推进|完成|新建|扩建|引进|研发|开发|进行|打造|申报|开拓|参加|参与)")
#: the firms an earlier clause says the money reaches (惠及企业超过60家)
BENEFIT_COUNT = re.compile(r"(?:惠及|涉及|覆盖|受益)(?:企业|市场主体)?(?:超过|逾|近|共)?\s*(?P<n>\d+)\s*家")
#: a verb that hands money on to recipients named after it (…资金N元拨付给A公司)
#: a clause that names whom the money before it reached (…N万元，受益企业为A、B等9家企业)
BENEFICIARIES = re.compile(r"^\s*(?:受益|受惠|获得支持|获支持|获得补助|获补助|支持)的?(?:企业|单位|对象)(?:为|包括|有|是)")
BENEFICIARIES_AFTER = re.compile(r"[，,；;]\s*" + BENEFICIARIES.pattern.removeprefix("^\\s*"))
HANDS_ON = re.compile(r"^\s*(?:全部|已)?(?:拨付给|发放给|下达给|拨给|给予|奖励给|兑现给|拨付至|发放至)")
BENEFIT = re.compile(r"^\s*(?:惠及|受益|涉及|覆盖|面向|共|支持|扶持|奖励)")
COUNTED_AFTER = re.compile(r"(?:企业|公司|商户)\s*(?P<n>\d+)\s*家")
COUNTED = re.compile(r"(?P<n>\d+)\s*家(?:[^，。；、]{0,14}?)(?:企业|公司|商户|单位)")
UNIT_VALUE = {"元": Decimal(1), "千元": Decimal(1000), "万元": Decimal(10000), "亿元": Decimal(100000000)}
#: a budget line named with its grant word, at the end of the text before an amount (平台运营补助专项经费)
LINE_NAME = re.compile(r"(?P<name>[\u4e00-\u9fff“”]{2,24}?(?P<word>补助|奖励|补贴|奖补|扶持|资助)(?:专项)?(?:经费|资金)"
                       r"(?:专项经费|专项资金)?)(?:共计|合计|共|为)?\s*$")
#: a table column whose figure is the money a row's recipient gets, best first
FLOW_ROLES = ("grant", "allocation", "disbursed", "executed", "budget")


@dataclass(frozen=True)
class Money:
    """An amount in a clause (clause offsets)."""

    start: int
    end: int
    value: Decimal
    currency: str
    printed: str


@dataclass
class Target:
    """Whom a flow pays: enterprises named, counted or a class; or a non-enterprise target of a kind."""

    names: list[str] = field(default_factory=list)
    count: int | None = None
    cls: str | None = None
    kind: str | None = None  # government | public_unit | individual | consumer | borrower
    printed: str | None = None  # the non-enterprise target as printed

    @property
    def enterprises(self) -> bool:
        return bool(self.names or self.count or self.cls)


@dataclass
class Flows:
    """What the flows of one report come to, and what reading them needs to remember."""

    subsidies: list[Subsidy] = field(default_factory=list)
    grants: list[Grant] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    last_count: int | None = None  # the last 'N家…企业' seen (获评企业 points back at it)
    named: tuple[str, ...] = ()  # the enterprises the report names in full (a short name may stand for one)

    def mention(self, m: Mention) -> None:
        """Keep a recipient mention once, however often its clause is read."""
        key = (m.surface, m.evidence.start, m.evidence.end)
        if not any((x.surface, x.evidence.start, x.evidence.end) == key for x in self.mentions):
            self.mentions.append(m)


@dataclass(frozen=True)
class Notice:
    """A subsidy notice's program (from its title) and whether its money is announced, not yet paid."""

    program: str | None
    budgeted: bool


def extract_subsidies(doc: Parsed, dept: DepartmentInfo, budget: list[BudgetRow],
                      mentions: list[Mention]) -> tuple[list[Subsidy], list[Grant], list[Mention]]:
    """The subsidies and other grants of one report, and the recipient mentions only the flows name."""
    notice = _notice(doc, dept)
    flows = Flows()
    programs = _paragraph_programs(doc, budget)
    orgs = [m for m in mentions if m.type in ORG_TYPES]
    flows.named = tuple(dict.fromkeys(m.surface for m in orgs if m.type == "enterprise" and
                                      enterprise_start(m.surface, len(m.surface)) == 0))
    prose = doc.prose()
    for sent in prose:
        if not _aligned(sent.text):
            _sentence_flows(doc, sent, orgs, programs.get(sent.para), notice, flows)
    for table in (doc.layout.tables if doc.layout is not None else ()):
        _table_flows(doc, table, dept, notice, flows)
    for sent in _cell_sentences(doc, prose):  # 支持X公司建设…，补助80万元 in an indicator's cell
        _sentence_flows(doc, sent, orgs, programs.get(sent.para), notice, flows)
    flows.subsidies[:0] = _budgeted_lines(doc, budget, flows.subsidies, flows.grants)
    return _dedupe(flows.subsidies), flows.grants, flows.mentions


CELL_SENTENCE = re.compile(r"[\u4e00-\u9fff]{6}")
CELL_GAP = re.compile(r"\s{2,}|[|｜\t]")
WIDE_GAP = re.compile(r"[ \u3000]{4,}")


def _aligned(text: str) -> bool:
    """A "sentence" that is lines of a table aligned with spaces (its cells are read one by one)."""
    return len(WIDE_GAP.findall(text)) >= 2


def _cell_sentences(doc: Parsed, prose: list[Sentence]) -> list[Sentence]:
    """The cells of table lines (the sentences not in ``prose``, and prose that is space-aligned table lines)
    that are sentences of their own: a payment with its amount and unit written out (a target's or an
    outcome's cell of a 自评表), not the bare figures of a money column."""
    pats = subsidy_patterns()
    in_prose = {id(s) for s in prose}
    out = []
    for sent in doc.sentences:
        if id(sent) in in_prose and not _aligned(sent.text):
            continue
        at = 0
        for piece in CELL_GAP.split(sent.text):
            at = sent.text.find(piece, at)
            text = piece.strip()
            if text and CELL_SENTENCE.search(text) and find_amounts(text) and \
                    (pats.pay_rx.search(text) or pats.noun_rx.search(text)):
                s = sent.start + at + (len(piece) - len(piece.lstrip()))
                out.append(Sentence(s, s + len(text), text, doc.norm.fold[s:s + len(text)], sent.para))
            at += len(piece)
    return out


def _program_of(notice: Notice | None, program: str | None) -> str | None:
    """A flow's program: the notice's (from its title) when it has one, else the one read from the text."""
    return (notice.program if notice and notice.program else None) or program


def _notice(doc: Parsed, dept: DepartmentInfo) -> Notice | None:
    if dept.kind != "notice":
        return None
    announced = "公示" in (dept.title or "") or bool(re.search(r"公示期|公示时间|拟(?:奖励|补助|下达|拨付|安排|给予)",
                                                               doc.norm.text))
    return Notice(dept.object, announced)


# -- prose ------------------------------------------------------------------------------------------------

#: a numbered line of a notice's list: 1. 某某科技有限公司 智能工厂 80万元
LIST_ROW = re.compile(r"^\s*(?:\d{1,3}|[一二三四五六七八九十]{1,3})\s*[.、．)）]\s*")


def _list_row(doc: Parsed, sent: Sentence, orgs: list[Mention], notice: Notice, flows: Flows) -> bool:
    """A notice's numbered line that names a recipient first and its amount last, with no verb (1. 某某科技有限公司
    智能工厂 80万元): one payment to it (a public unit's line is a grant to one). False for any other line."""
    m = LIST_ROW.match(sent.fold)
    money = _amounts(sent.fold) if m else []
    if len(money) != 1 or sent.fold[money[0].end:].strip(" 。;；") or \
            any(w in sent.fold for w in subsidy_patterns().not_payment):
        return False
    lo, hi = doc.norm.span(sent.start + m.end(), sent.end)
    first = next((o for o in orgs if o.evidence.start == lo and o.evidence.end <= hi), None)
    if first is None:
        return False
    amount = money[0]
    ev = doc.evidence(sent.start + m.end(), sent.start + amount.end, sent)
    qualifier = "budgeted" if notice.budgeted else "exact"
    if first.type == "enterprise":
        flows.subsidies.append(Subsidy([first.surface], None, amount.value, amount.currency, qualifier,
                                       notice.program, amount.printed, ev))
    else:
        flows.grants.append(Grant(first.surface, "public_unit", amount.value, amount.currency, qualifier,
                                  notice.program, amount.printed, ev))
    return True


def _sentence_flows(doc: Parsed, sent: Sentence, orgs: list[Mention], program: str | None, notice: Notice | None,
                    flows: Flows) -> None:
    pats = subsidy_patterns()
    if not (pats.pay_rx.search(sent.fold) or pats.noun_rx.search(sent.fold) or SUPPORT_ANYWHERE.search(sent.fold)
            or BENEFICIARIES_AFTER.search(sent.fold)):
        if notice is None or not _list_row(doc, sent, orgs, notice, flows):
            _remember_count(sent.fold, flows)
        return
    lo, hi = doc.norm.span(sent.start, sent.end)
    orgs = [m for m in orgs if lo <= m.evidence.start and m.evidence.end <= hi]  # the sentence's own names
    clauses = list(CLAUSE.finditer(sent.fold))
    rules_of_policy = any(w in sent.fold for w in pats.policy_rules)  # a sentence that states a policy's rates
    carry: Target | None = None  # recipients a clause without money names for the money that follows
    subject: Target | None = None  # the enterprises an earlier clause is about (X公司完成…，获奖补资金…)
    skip_to = -1  # clauses read already with an earlier clause's money (_spent_on)
    amounts = [_amounts(cm.group(0)) for cm in clauses]  # each clause's amounts, read once
    items, itemised = _itemised(clauses, amounts, orgs, flows)
    for ci, cm in enumerate(clauses):
        clause = cm.group(0)
        money = amounts[ci]
        if ci <= skip_to:
            continue
        if any((ci, m.start) in items or (ci, m.start) in itemised for m in money):
            following = clauses[ci + 1].group(0) if ci + 1 < len(clauses) else ""
            _item_flows(doc, sent, ci, cm, money, following, items, itemised, carry, orgs, program, notice, flows)
            carry = None
            continue
        if len(money) == 1 and (spent := _spent_on(doc, sent, clauses, ci, money[0], orgs, flows)):
            target, skip_to = spent
            _spending_flow(doc, sent, clauses, ci, skip_to, money[0], target, program, notice, flows)
            carry = None
            continue
        if not money:
            carry, subject = _recipients_ahead(doc, sent, cm.start(), clause, orgs, flows, carry, subject)
            _remember_count(clause, flows)
            continue
        following = clauses[ci + 1].group(0) if ci + 1 < len(clauses) else ""
        per_unit = _per_unit_before_total(clause, money[0], following)
        if per_unit is not None:  # 对22家企业每家奖励20万元，共计440万元: the total is the flow
            carry = _per_unit(doc, sent, clauses, ci, per_unit, money[0], orgs, flows, subject, program, notice)
            continue
        if carry is None:
            carry = _recipients_elsewhere(doc, sent, clauses, ci, money, orgs, flows, subject)
        if _pairs(clause, money, doc, sent, cm.start(), orgs, flows, carry, program, notice, following):
            carry = None
            continue
        if not _money_flows(doc, sent, cm, money, following, carry, orgs, program, notice, flows, rules_of_policy):
            carry = None  # a rate that paid nothing (…，每家不超过5万元) leaves the recipients to the next figure


ITEM_START = re.compile(r"[、，,（(：:；;]")


def _itemised(clauses: list[re.Match], amounts: list[list[Money]], orgs: list[Mention], flows: Flows
              ) -> tuple[dict[tuple[int, int], tuple[str, str | None]], set[tuple[int, int]]]:
    """Payments itemised by recipient: an enterprise's name right before its amount (其中：A公司60万元，
    B公司40万元; 奖励资金50万元（A公司30万元、B公司20万元）). (clause, amount start) -> (recipient, the
    program of the sum they share), and the sums that the items following them add up to exactly (not paid
    a second time)."""
    names = {m.surface for m in orgs if m.type == "enterprise"}
    items: dict[tuple[int, int], tuple[str, str | None]] = {}
    sums: list[tuple[tuple[int, int], Money, str]] = []  # every amount before the items, in order
    groups: list[tuple[int, list[Money]]] = []  # (index in sums of the sum before them, the items)
    for ci, cm in enumerate(clauses):
        clause = cm.group(0)
        for m in amounts[ci]:
            cut = max((x.end() for x in ITEM_START.finditer(clause, 0, m.start)), default=0)
            text = clause[cut:m.start].strip()
            name = text if text in names else _full_name(text, flows.named) if 2 <= len(text) <= 16 else None
            if name and (enterprise_start(text, len(text)) == 0 or text in names or name != text):
                program = _program_phrase(sums[-1][2]) if sums else None
                items[(ci, m.start)] = (name, program)
                if groups and groups[-1][0] == len(sums) - 1:
                    groups[-1][1].append(m)
                else:
                    groups.append((len(sums) - 1, [m]))
            else:
                sums.append(((ci, m.start), m, clause[: m.start]))
    itemised = {sums[at][0] for at, parts in groups if at >= 0 and len(parts) >= 2
                and sum(p.value for p in parts) == sums[at][1].value}
    return items, itemised


def _item_flows(doc: Parsed, sent: Sentence, ci: int, cm: re.Match, money: list[Money], following: str,
                items: dict, itemised: set, carry: Target | None, orgs: list[Mention], program: str | None,
                notice: Notice | None, flows: Flows) -> None:
    """The amounts of a clause that holds items of :func:`_itemised`: one payment per item, the sum they add
    up to left out, any other amount read as usual."""
    clause = cm.group(0)
    for m in money:
        if (ci, m.start) in items:  # 其中：A公司60万元 / （A公司30万元、B公司20万元）: one payment each
            name, item_program = items[(ci, m.start)]
            _one_flow(doc, sent, cm.start(), clause, m, following, Target(names=[name]), [],
                      program or item_program, notice, flows, own=False)
        elif (ci, m.start) not in itemised:
            _one_flow(doc, sent, cm.start(), clause, m, following, carry, orgs, program, notice, flows)


SPENT = re.compile(r"(?:实际|全年|年度|累计|共)?(?:支出|使用|执行|兑现|兑付|拨付)(?:资金|金额)?(?:为|达)?\s*$")
RATE_ONLY = re.compile(r"^\s*(?:预算)?执行率(?:为|达)?\s*[\d.]+\s*[%％]\s*$")


def _spent_on(doc: Parsed, sent: Sentence, clauses: list[re.Match], ci: int, m: Money, orgs: list[Mention],
              flows: Flows) -> tuple[Target, int] | None:
    """实际支出N万元，对A、B等6家企业予以贴息 / …，对196家企业每家奖励12万元: the money spent is paid to the
    enterprises the next clauses name, when they pay without a figure of their own (or with a rate per firm
    that, times their count, is the sum spent). (target, index of the last clause read) or None."""
    clause = clauses[ci].group(0)
    if not SPENT.search(clause[: m.start]) or clause[m.end:].strip():
        return None
    pats = subsidy_patterns()
    for cj in range(ci + 1, len(clauses)):
        text = clauses[cj].group(0)
        if RATE_ONLY.match(text):
            continue  # 执行率99.08%
        own = _amounts(text)
        if not (pats.pay_rx.search(text) or pats.noun_rx.search(text)) or _led_by_transfer(text):
            return None
        end = own[0].start if own else len(text)
        if own:
            rate = next((w for w in pats.per_unit if w in text[: own[0].start]), None)
            if rate is None or len(own) != 1:
                return None
            end = text.find(rate)
        t = _target(doc, sent, clauses[cj].start(), text, end, orgs, flows)
        if not t.enterprises or (own and (not t.count or own[0].value * t.count != m.value)):
            return None
        return t, cj
    return None


def _spending_flow(doc: Parsed, sent: Sentence, clauses: list[re.Match], ci: int, last: int, m: Money,
                   target: Target, program: str | None, notice: Notice | None, flows: Flows) -> None:
    """The subsidy :func:`_spent_on` found: the sum spent, to the enterprises named after it."""
    at = clauses[ci].start()
    ev = doc.evidence(sent.start + at, sent.start + clauses[last].end(), sent)
    qualifier = _qualifier(clauses[ci].group(0), m, target, notice)
    flows.subsidies.append(Subsidy(list(dict.fromkeys(target.names)), target.count, m.value, m.currency, qualifier,
                                   _program_of(notice, program), m.printed, ev))


def _recipients_elsewhere(doc: Parsed, sent: Sentence, clauses: list[re.Match], ci: int, money: list[Money],
                          orgs: list[Mention], flows: Flows, subject: Target | None) -> Target | None:
    """The recipients of a money clause that names none before its figure: the one that receives it (其中X获得…
    奖励N万元; X公司完成…，获奖补资金N万元; X公司荣获…奖，奖励N万元), else those named after the figure."""
    cm = clauses[ci]
    clause = cm.group(0)
    found = None
    if RECEIVES.match(clause):
        found = _receiver(doc, sent, cm.start(), clause, money[0].start, orgs, flows) or subject
    elif _pays_the_subject(clauses, ci, money, subject) and \
            (own := _target(doc, sent, cm.start(), clause, money[0].start, orgs, flows)).kind is None and not own.names:
        found = subject  # X公司获评…，奖励N万元 / X公司符合条件，拟给予补助资金N万元
    if found is None and not _paid_later(clauses, ci):  # 资金N元拨付给A等9家企业 / 补贴N万元，向A等37家企业发放
        following = clauses[ci + 1] if ci + 1 < len(clauses) else None
        nxt = following if following is not None and not _amounts(following.group(0)) else None
        found = _recipients_after(doc, sent, cm, money[-1], nxt, orgs, flows)
    if found is None and re.match(r"\s*(?:分别|各)", clause):
        found = _named_before(Target(), clause, subject)  # A、B获评…，分别奖励N万元、M万元 (empty: nobody)
    return found if found is None or found.enterprises or found.kind else None


#: a money clause that pays whom the clause before it is about (…，拟给予补助资金N万元; …，一次性奖励N万元)
SUBJECT_PAID = re.compile(r"^\s*(?:拟|将|并|再|另|经研究)?(?:一次性)?(?:给予|予以|奖励|补助|补贴|资助|兑现|奖补)")


def _money_flows(doc: Parsed, sent: Sentence, cm: re.Match, money: list[Money], following: str,
                 carry: Target | None, orgs: list[Mention], program: str | None, notice: Notice | None,
                 flows: Flows, rules_of_policy: bool) -> bool:
    """Each amount of a money clause as a flow; True when the clause only stated a rate (每家不超过5万元) and
    paid nothing, so its recipients are left to the next figure."""
    clause = cm.group(0)
    before = len(flows.subsidies) + len(flows.grants)
    for m in money:
        if rules_of_policy and not (carry and (carry.names or carry.count)) and \
                not _target(doc, sent, cm.start(), clause, m.start, orgs, flows).names:
            continue  # 奖励标准为…一次性奖励30万元: a rate of the policy, nobody paid
        _one_flow(doc, sent, cm.start(), clause, m, following, carry, orgs, program, notice, flows)
    _remember_count(clause, flows)
    pats = subsidy_patterns()
    return len(flows.subsidies) + len(flows.grants) == before and any(w in clause for w in pats.rules + pats.per_unit)


def _paid_later(clauses: list[re.Match], ci: int) -> bool:
    """Is clause ``ci`` a sum arranged (安排N万元，对…给予补贴) that a later clause pays with a figure of its own
    (…，实际兑现补贴资金约N万元)? The recipients after it are then the later payment's."""
    clause = clauses[ci].group(0)
    money = _amounts(clause)
    if not money or not _led_by_transfer(clause[: money[0].start]):
        return False
    pats = subsidy_patterns()
    return any(_amounts(c.group(0)) and pats.pay_rx.search(c.group(0)) and not any(
        w in c.group(0) for w in pats.rules + pats.per_unit) for c in clauses[ci + 1:])


def _per_unit(doc: Parsed, sent: Sentence, clauses: list[re.Match], ci: int, at: int, rate: Money,
              orgs: list[Mention], flows: Flows, subject: Target | None, program: str | None,
              notice: Notice | None) -> Target:
    """The recipients of a rate per firm whose total the next clause gives: named in the clause, pointed
    back at, or counted in the clause before (对新增规上企业23家，每家奖励10万元，共计…). Each firm named is
    paid the rate (A、B等4家企业，各补助20万元，共计80万元: 20万元 to A and to B); the total is the caller's."""
    cm = clauses[ci]
    clause = cm.group(0)
    target = _target(doc, sent, cm.start(), clause, at, orgs, flows)
    if not target.enterprises and ci and not _amounts(clauses[ci - 1].group(0)):
        prev = clauses[ci - 1]
        target = _target(doc, sent, prev.start(), prev.group(0), len(prev.group(0)), orgs, flows)
    target = _named_before(target, clause, subject)
    if target.names and rate.start >= at:
        ev = doc.evidence(sent.start + cm.start(), sent.start + cm.start() + rate.end, sent)
        qualifier = "budgeted" if notice and notice.budgeted else "exact"
        for name in dict.fromkeys(target.names):
            flows.subsidies.append(Subsidy([name], None, rate.value, rate.currency, qualifier,
                                           _program_of(notice, program),
                                           rate.printed, ev))
    return target


def _pays_the_subject(clauses: list[re.Match], ci: int, money: list[Money], subject: Target | None) -> bool:
    """Does money clause ``ci`` pay the enterprises the money-less clause before it is about (it receives or
    is honoured there: X公司获评…，奖励N; or it opens that clause: X公司符合条件，拟给予…), not by a transfer?"""
    if subject is None or not ci or _amounts(clauses[ci - 1].group(0)):
        return False
    before, clause = clauses[ci - 1].group(0), clauses[ci].group(0)
    return bool(RECEIVES.search(before) or (SUBJECT_PAID.match(clause) and _opens_with(before, subject))) and \
        not _led_by_transfer(clause[: money[0].start])


def _named_before(target: Target, clause: str, subject: Target | None) -> Target:
    """``target`` given the names an earlier clause of the sentence is about when the clause points back at
    them (上述4家企业各补助…; …，分别奖励…) and their number fits the count it gives."""
    pats = subsidy_patterns()
    if target.names or subject is None or not subject.names or \
            not (any(w in clause for w in pats.back_reference) or re.match(r"\s*(?:分别|各)", clause)):
        return target
    if target.count not in (None, len(subject.names)):
        return target
    return Target(names=list(subject.names), count=target.count)


def _opens_with(clause: str, subject: Target) -> bool:
    """Does ``clause`` start with the one enterprise ``subject`` names (its subject)?"""
    text = re.sub(r"^\s*(?:其中|经审核|经评审|经认定)?\s*", "", clause)
    return len(subject.names) == 1 and text.startswith(subject.names[0])


def _recipients_ahead(doc: Parsed, sent: Sentence, at: int, clause: str, orgs: list[Mention], flows: Flows,
                      carry: Target | None, subject: Target | None) -> tuple[Target | None, Target | None]:
    """What a clause without money says of the money to come: recipients of a payment or support named
    first (对A等9家企业实施奖励，共计…; 支持A公司实施…，安排资金…), a count of the firms it reaches
    (惠及企业超过60家，拨付…), or the enterprises it is about."""
    pats = subsidy_patterns()
    here = _target(doc, sent, at, clause, len(clause), orgs, flows)
    slot = SUPPORT_SLOT.match(clause) if not here.enterprises else None
    if slot and here.kind is not None and not ((here.printed or "").startswith(slot.group("who")) and
                                               len(here.printed) > len(slot.group("who"))):
        slot = None  # 支持某某研究院建设…: the unit; but 支持X模具建设…研究院: the firm builds one
    if slot and (_short_name(slot.group("who")) or _full_name(slot.group("who"), flows.named)):
        here = Target(names=[_full_name(slot.group("who"), flows.named) or slot.group("who")])
    elif not here.enterprises and here.kind is None and (firms := SUPPORT_FIRMS.match(clause)) and \
            re.search(r"\d+\s*[个家项批]", clause):
        here = Target(cls=firms.group("cls"))  # support done and counted, not an aim (支持重点企业加快发展)
    if pats.pay_rx.search(clause) or SUPPORTS.match(clause):
        carry = here if here.enterprises or (here.kind and SUPPORTS.match(clause)) else carry
    elif carry is None and (c := BENEFIT_COUNT.search(clause)):
        carry = Target(count=int(c.group("n")))
    if here.names:
        subject = Target(names=list(here.names))
    return carry, subject


def _receiver(doc: Parsed, sent: Sentence, at: int, clause: str, end: int, orgs: list[Mention],
              flows: Flows) -> Target | None:
    """The enterprise before 获得/荣获 in a clause that receives money (其中锐峰新材获得设备投资奖励…)."""
    m = RECEIVES.match(clause)
    t = _target(doc, sent, at, clause, m.start("verb"), orgs, flows)
    if t.names:
        return t
    slot = re.sub(r"(?:各|分别|均)$", "", clause[m.start("who"):m.start("verb")].strip())
    if "、" in slot:
        return None  # a list is read as one (ingest.entities), not as a slot: 张三、李四各获得…
    full = _full_name(slot, flows.named)
    if slot and (full or _short_name(slot)):
        return Target(names=[full or slot])
    return None


def _recipients_after(doc: Parsed, sent: Sentence, cm: re.Match, last: Money, nxt: re.Match | None,
                      orgs: list[Mention], flows: Flows) -> Target | None:
    """Recipients named after the money: in the same clause after a verb that hands it on (…共计N元拨付给A等
    9家企业), or in the next clause, which pays without a figure of its own (…N万元，向A等37家企业发放)."""
    clause = cm.group(0)
    tail = clause[last.end:]
    hand = HANDS_ON.search(tail)
    if hand:
        t = _target(doc, sent, cm.start() + last.end, tail, len(tail), orgs, flows)
        if t.enterprises or t.kind is not None:  # …发放至4,090名扶助对象: individuals
            return t
    if nxt is not None and (subsidy_patterns().pay_rx.search(nxt.group(0)) or BENEFICIARIES.match(nxt.group(0))):
        t = _target(doc, sent, nxt.start(), nxt.group(0), len(nxt.group(0)), orgs, flows)
        if t.enterprises or t.kind is not None:
            return t
    return None


def _pairs(clause: str, money: list[Money], doc: Parsed, sent: Sentence, at: int, orgs: list[Mention],
           flows: Flows, carry: Target | None, program: str | None, notice: Notice | None, following: str) -> bool:
    """Amounts given to each of the named recipients: 分别补助150万元、80万元 (in order) or A、B各奖励50万元
    (the same to each). One subsidy per recipient; False when the clause is no such distribution."""
    head = clause[: money[0].start]
    if not re.search(r"分别|各(?:奖励|补助|补贴|奖补|资助|给予|扶持|兑现|拨付|发放|获得|获)", head):
        return False
    target = _target(doc, sent, at, clause, money[0].start, orgs, flows)
    if not target.names and carry is not None:
        target = carry
    names = list(dict.fromkeys(target.names))
    if "分别" in head:
        if len(names) < 2 or len(names) != len(money):
            return False
        pairs = list(zip(names, money, strict=True))
    else:
        if len(money) != 1 or not names or target.count not in (None, len(names)) or TOTAL_LEAD.match(following):
            return False  # A、B2家企业各奖励N: one each; A等5家企业各奖励N: a rate, not the payments
        pairs = [(n, money[0]) for n in names]
    for name, m in pairs:
        _one_flow(doc, sent, at, clause, m, following, Target(names=[name]), [], program, notice, flows, own=False)
    return True


def _count_after(tail: str, following: str) -> int | None:
    """The firms an amount reaches, said right after it: （涉及企业52家） or the next clause (惠及企业48家)."""
    inner = re.match(r"\s*[（(]([^（）()]{2,20})[）)]", tail)
    for text in ((inner.group(1),) if inner else ()) + (following,):
        if BENEFIT.match(text):
            counts = [n for n, unit, _, _ in find_counts(text) if unit == "家"]
            if counts:
                return counts[-1]
    return None


def _per_unit_before_total(clause: str, first: Money, following: str) -> int | None:
    """Where a per-unit rate (每家奖励20万元, 各奖励2万元) starts, when the next clause gives the total it
    comes to."""
    pats = subsidy_patterns()
    each = [e.start() for e in re.finditer("各", clause[: first.start]) if pats.pay_rx.match(clause, e.end())]
    at = min([i for w in pats.per_unit if (i := clause.find(w, 0, first.start)) >= 0] + each, default=None)
    if at is None or not TOTAL_LEAD.match(following) or not find_amounts(following):
        return None
    return at


def _remember_count(clause: str, flows: Flows) -> None:
    """Keep the last count of firms a clause names (N家…企业, …企业N家): 获评企业 may point back at it."""
    found = sorted([*COUNTED.finditer(clause), *COUNTED_AFTER.finditer(clause)], key=lambda m: m.start())
    if found:
        flows.last_count = int(found[-1].group("n"))


def _amounts(clause: str) -> list[Money]:
    """CNY and other currencies' amounts; a figure printed 万 without 元 right after a grant noun counts too."""
    out = [Money(a.start, a.end, a.value, a.currency, a.printed) for a in find_amounts(clause)]
    for m in subsidy_patterns().bare_wan_rx.finditer(clause):
        s, e = m.start("num"), m.end()
        if not any(x.start <= s < x.end for x in out):
            out.append(Money(s, e, plain(Decimal(m.group("num")) * 10000), "CNY", clause[s:e]))
    return sorted(out, key=lambda x: x.start)


def _one_flow(doc: Parsed, sent: Sentence, at: int, clause: str, m: Money, following: str, carry: Target | None,
              orgs: list[Mention], program: str | None, notice: Notice | None, flows: Flows, own: bool = True) -> None:
    """One amount of a clause as a subsidy, a grant of another kind, or nothing (``own``: read the clause's
    own recipients; else ``carry`` says whom it pays)."""
    pats = subsidy_patterns()
    head = clause[: m.start]
    pays = bool(pats.pay_rx.search(head)) or carry is not None
    noun = bool(pats.noun_rx.search(head)) or bool(pats.bare_wan_rx.search(clause[: m.end]))
    if not (pays or noun) or _no_flow(head, following, carry is not None and carry.enterprises):
        return
    target = _target(doc, sent, at, clause, m.start, orgs, flows) if own else Target()
    if not target.enterprises and target.kind is None and carry is not None:
        target = carry
    if not target.enterprises:  # …奖励资金2,600万元，惠及企业48家 / …补贴208万元（涉及企业52家）
        target.count = _count_after(clause[m.end:], following)
    if _led_by_transfer(head) and not target.enterprises:
        return  # 下达/收到拨付…资金: money between governments or received by the department
    if not target.enterprises and target.kind is None and not _for_enterprises(
            sent.fold if notice else head, program, (pays or notice is not None) and noun):
        return  # a notice's sentence is about its recipients (拟对以下8个项目给予扶持，扶持资金合计…)
    phrase = _program_phrase(head)
    for name in (n for n in target.names if phrase and phrase.startswith(n) and len(phrase) > len(n) + 1):
        phrase = phrase[len(name):]  # 兑现X公司总部经济奖励: the program is 总部经济奖励
    program = _program_of(notice, program or phrase)
    ev = doc.evidence(sent.start + at, sent.start + at + m.end, sent)
    qualifier = _qualifier(clause, m, target, notice)
    if not target.enterprises and target.kind is not None:
        flows.grants.append(Grant(target.printed or "", target.kind, m.value, m.currency, qualifier, program,
                                  m.printed, ev))
        return
    flows.subsidies.append(Subsidy(list(dict.fromkeys(target.names)), target.count, m.value, m.currency, qualifier,
                                   program, m.printed, ev))


def _no_flow(head: str, following: str, paid_to_firms: bool = False) -> bool:
    """A budget statement, a budget line's amount (其中平台运营补助经费318万元, unless ``paid_to_firms``
    names whom it is paid to), a funding source (上级补助), a policy's rule, a contract or purchase, or
    money for consumers."""
    pats = subsidy_patterns()
    masked = re.sub(r"《[^《》]*》", "", head)
    if any(w in masked for w in pats.not_payment + pats.rules):
        return True
    if any(w in masked and not (w in pats.grant_objects and pats.noun_rx.match(masked, masked.find(w) + len(w)))
           for w in pats.purchases):
        return True  # a purchase, not a grant for one (租金补贴, 社保补贴 pay towards rent and social insurance)
    if _names_a_line_only(masked) and not paid_to_firms:
        return True
    source = re.search(r"(?:上级|中央|省级|市级|县级|区级|本级)(?:财政)?(?:补助|补贴)(?:资金)?(?:收入|共计|合计|为)?\s*$", masked)
    if source and not (paid_to_firms and re.fullmatch(r"\s*(?:省级|市级|县级|区级)(?:财政)?(?:补助|补贴)\s*", masked)):
        return True  # 上级补助资金N万元: a funding source; but 支持A公司建设…，市级补助N万元 pays A
    return any(w in following for w in ("惠及市民", "消费者", "市民"))


def _names_a_line_only(head: str) -> bool:
    """Does the text before an amount only name a budget line whose name holds the grant word, with no payment
    verb before it (其中展会补助资金39万元, 2019年安排某某补助资金…)?"""
    m = LINE_NAME.search(head)
    if m is None or _enterprise_class(head):
        return False  # 获评企业奖补资金17万元: the name says which enterprises get it
    return all(v.start() >= m.start("word") for v in subsidy_patterns().pay_rx.finditer(head))


def _led_by_transfer(head: str) -> bool:
    pats = subsidy_patterns()
    t = pats.transfer_rx.search(head)
    p = pats.pay_rx.search(head)
    return t is not None and (p is None or t.start() <= p.start() or "收到" in head[: p.start()])


def _for_enterprises(head: str, program: str | None, paid_grant: bool) -> bool:
    """A payment with no recipient named: a subsidy when a payment verb and a grant noun stand in the clause
    and the clause or its program speaks of enterprises (完成支付招商引资落户奖励…)."""
    pats = subsidy_patterns()
    return paid_grant and any(w in head + (program or "") for w in pats.enterprise_words + pats.enterprise_aims)


def _target(doc: Parsed, sent: Sentence, at: int, clause: str, end: int, orgs: list[Mention],
            flows: Flows) -> Target:
    """The target named in ``clause[:end]``: enterprises (mentions, the slot between verb and grant noun, a
    count, a class) or a target of another kind."""
    head = clause[:end]
    inside = [m for m in orgs if _inside(doc, sent, m, at, at + end)]
    t = Target(names=[m.surface for m in inside if m.type == "enterprise"])
    if not t.names and inside:  # 支持某某研究院…: an institution is a public unit, no enterprise
        t.kind, t.printed = "public_unit", inside[-1].surface
        return t
    if not t.names:
        slot = _slot_recipient(head, flows.named)
        if slot is not None:
            printed, s = slot
            name = _full_name(printed, flows.named) or printed
            kind = _kind_of(name)
            if kind is None:
                ev = doc.evidence(sent.start + at + s, sent.start + at + s + len(printed), sent)
                flows.mention(Mention(printed, "enterprise", ev, "subsidy"))
                t.names.append(name)
            else:
                t.kind, t.printed = kind, name
    counts = [n for n, unit, _, _ in find_counts(head) if unit == "家"]
    t.count = counts[-1] if counts else None
    if t.count and not t.names and (unit := COUNTED_UNITS.search(head)):
        t.count, t.kind, t.printed = None, "public_unit", unit.group("unit")  # 1家行业组织: not a firm
        return t
    cls = _enterprise_class(head)
    if cls and not t.names:
        t.cls = cls
        if t.count is None and any(w in cls for w in subsidy_patterns().back_reference):
            t.count = flows.last_count
    if not t.enterprises and t.kind is None:
        t.kind, t.printed = _other_target(head)
    if not t.enterprises and t.kind is None:  # 对12名技术能手每人奖励2万元: people counted are individuals
        people = [(n, u, s) for n, u, s, _ in find_counts(head) if u in subsidy_patterns().people_units]
        if people:
            n, unit, s = people[-1]
            t.kind, t.printed = "individual", re.split(r"[每给发奖补]", head[s:], maxsplit=1)[0].strip()
    return t


#: a count of public units (1家行业组织, 3家协会): 家 counts organisations that are no firms
COUNTED_UNITS = re.compile(r"\d+\s*家(?P<unit>[\u4e00-\u9fff]{0,6}?(?:" +
                           "|".join(map(re.escape, dict(subsidy_patterns().targets)["public_unit"])) + "))")


def _enterprise_class(head: str) -> str | None:
    """新增规模企业奖116万 / 向新增规上企业发放…: a class of enterprises right before a grant noun or after a verb."""
    pats = subsidy_patterns()
    best = None
    for m in pats.class_rx.finditer(head):
        after = head[m.end():m.end() + 6]
        if pats.noun_rx.match(after) or re.match(r"\s*(?:的)?(?:奖|补|资金|扶持|奖补)", after) or not after.strip():
            best = m.group("class")
    if best is None:
        return None
    best = re.sub(r"^.*?(?:兑现|支付|发放|给予|奖励|对|向|为)", "", best) or best
    return best if len(best) >= 3 else None


def _other_target(head: str) -> tuple[str | None, str | None]:
    for kind, words in subsidy_patterns().targets:
        for w in words:
            if w in head:
                return kind, w
    return None, None


def _kind_of(name: str) -> str | None:
    """A recipient that is no enterprise: a government body, a public unit, individuals …"""
    if is_government_name(name):
        return "government"
    kind, _ = _other_target(name)
    return kind


def _full_name(short: str, named: tuple[str, ...]) -> str | None:
    """The enterprise a short name stands for when the report names it in full: 湄穗生物 for
    湄穗生物科技集团有限公司 (the same first two characters, every character in order), if only one fits."""
    if len(short) < 2 or enterprise_start(short, len(short)) is not None:
        return None  # a full name stands for itself
    fits = []
    for full in named:
        body = _body(full)
        it = iter(body)
        if body[:2] == short[:2] and all(ch in it for ch in short) and full != short:
            fits.append(full)
    return fits[0] if len(fits) == 1 else None


@lru_cache(maxsize=16384)
def _body(full: str) -> str:
    """A full name's trade name and industry word (湄穗生物 of 湄穗生物科技集团有限公司)."""
    core = enterprise_core(fold(full))
    return core.core + (core.industry or "")


def _slot_recipient(head: str, named: tuple[str, ...] = ()) -> tuple[str, int] | None:
    """兑现X经营贡献奖 / 支付X项目金额 / 向X拨付: the name between a payment verb and the grant noun (a
    short name of an enterprise the report names in full counts)."""
    pats = subsidy_patterns()
    head = re.sub(r"《[^《》]*》", lambda t: "，" * len(t.group(0)), head)  # a document's title pays nobody
    to = re.search(r"[向对为给]([\u4e00-\u9fffA-Za-z（）()]{2,30}?)(?:" + pats.pay_rx.pattern + ")", head)
    if to and "的" in to.group(1):  # 对某某产业园内的X木业给予…: the name after what describes it
        after = to.group(1).rsplit("的", 1)[1]
        core = enterprise_core(after)
        if (core.industry and len(core.core) >= 2 and _short_name(after)) or _full_name(after, named):
            return after, to.end(1) - len(after)  # a trade name and an industry word (华鼎木业), not 车主
    if to and not any(d in to.group(1) for d in pats.descriptors) and \
            (_short_name(to.group(1)) or _kind_of(to.group(1)) is not None or _full_name(to.group(1), named)):
        return to.group(1), to.start(1)
    # the last verb with a grant noun after it and something between (兑现X落户奖励: 奖励 is the noun)
    found = next(((v, n) for v in reversed(list(pats.pay_rx.finditer(head)))
                  if (n := pats.noun_rx.search(head, v.end())) and n.start() > v.end()
                  and not head[:v.start()].endswith(pats.negations)), None)
    if found is None:
        return _after_grant_verb(head, named)
    v, noun = found
    raw = head[v.end():noun.start()]
    at = v.end() + (len(raw) - len(raw.lstrip()))
    slot = raw.strip().removesuffix("各")  # A各奖励: 各 distributes, it names no one
    if "、" in slot:
        return None  # a list of names is read as one (ingest.entities), not as a slot
    if slot and _kind_of(slot):
        return slot, at  # 支付区电商公共服务中心运营补助: a public unit
    body = government_start(slot)
    if body:
        return body, at  # 拨付某某产业园管理委员会标准厂房运营补助: a government body, then what it is for
    if slot and not any(d in slot for d in pats.descriptors):
        return (slot, at) if _short_name(slot) or _full_name(slot, named) else None
    short = _before_descriptors(slot, named)  # 兑现X食品上市挂牌奖励: X食品, then the kind of award
    return (short, at) if short else None


def _short_name(slot: str) -> bool:
    """A slot that names an enterprise by itself: a valid name shaped like one (not 科技创新, 传承)."""
    if slot.endswith(entity_patterns().insurance_kinds):
        return False  # 社会保险补贴: a kind of insurance paid for
    return valid_name(slot, "enterprise") and (enterprise_start(slot, len(slot)) is not None or name_shaped(slot))


GRANT_VERB = re.compile(r"(?:补助|奖励|补贴|资助|扶持|奖补)(?=[\u4e00-\u9fff])")


def _after_grant_verb(head: str, named: tuple[str, ...]) -> tuple[str, int] | None:
    """补助X茶业出口班列运费N万元: a grant verb, then a short name (a trade name and an industry word) and what
    the money is for, with no grant noun after it."""
    pats = subsidy_patterns()
    verbs = list(GRANT_VERB.finditer(head))
    if not verbs or head[: verbs[-1].start()].endswith(pats.negations) or _led_by_transfer(head):
        return None  # 下达中央补助地方…资金: a transfer
    v = verbs[-1]
    rest = head[v.end():]
    industry = industry_words_longest_first()
    for end in range(3, min(len(rest), 10) + 1):
        cand = rest[:end]
        if any(w in cand for w in pats.rules + pats.descriptors):
            return None  # 补助标准为…: a rate, no name
        if _full_name(cand, named) or (any(cand.endswith(w) and len(cand) - len(w) >= 2 for w in industry) and
                                       _short_name(cand) and not is_government_name(cand)):
            return cand, v.end()
    return None


def _before_descriptors(slot: str, named: tuple[str, ...]) -> str | None:
    """The short name that opens a slot before the words that describe the award (瀚湛检测 in
    瀚湛检测增资扩产): a trade name and an industry word, or a short name of a firm the report names in full."""
    at = min((i for d in subsidy_patterns().descriptors if (i := slot.find(d)) >= 0), default=len(slot))
    short = slot[:at].strip()
    if len(short) < 3 or short[0] in entity_patterns().leading or not re.fullmatch(r"[\u4e00-\u9fff]+", short):
        return None
    if _full_name(short, named):
        return short
    industry = enterprise_patterns().industry_words
    trades = [short[: -len(w)] for w in industry if short.endswith(w) and len(short) - len(w) >= 2]
    return short if any(valid_name(t, "enterprise") for t in trades) and not is_government_name(short) else None


def _qualifier(clause: str, m: Money, target: Target, notice: Notice | None) -> str:
    pats = subsidy_patterns()
    before, after = clause[max(0, m.start - 3):m.start], clause[m.end:m.end + 3]
    if (notice and notice.budgeted) or any(w in clause for w in pats.planned):
        return "budgeted"
    if any(w in before for w in pats.approx) or after.startswith("左右"):
        return "approx"
    if any(w in before for w in pats.at_least) or after.startswith(("以上", "余", "多")):
        return "at_least"
    if len(target.names) != 1 or target.count or target.cls:
        return "total"
    return "exact"


def _program_phrase(head: str) -> str | None:
    """The grant phrase before the amount: …等企业优惠政策扶持资金超1000万元 -> 优惠政策扶持资金."""
    pats = subsidy_patterns()
    noun = None
    for m in pats.noun_rx.finditer(head):
        noun = m
    if noun is None:
        return None
    start = noun.start()
    while start > 0 and PHRASE_CHAR.match(head[start - 1]) and noun.end() - start < 40:
        if head[start - 1] in "等的为了将":
            break
        start -= 1
    end = noun.end() + (2 if head.startswith("项目", noun.end()) else 0)  # …进口贴息项目
    phrase = head[start:end]
    verbs = list(pats.pay_rx.finditer(phrase[: noun.start() - start]))
    if verbs:
        phrase = phrase[verbs[-1].end():]
    phrase = LEADING_TARGET.sub("", phrase)
    return phrase if len(phrase) >= 4 else None


def _inside(doc: Parsed, sent: Sentence, m: Mention, start: int, end: int) -> bool:
    """Is mention ``m`` within sentence-relative [start, end) of ``sent``?"""
    s, e = doc.norm.span(sent.start + start, sent.start + end)
    return s <= m.evidence.start and m.evidence.end <= e


def _paragraph_programs(doc: Parsed, budget: list[BudgetRow]) -> dict[int, str]:
    """Paragraph index -> the budget line it speaks of: the line a heading or first sentence names, else
    the last line stated before in the same paragraph."""
    out: dict[int, str] = {}
    seen: set[int] = set()
    for sent in doc.prose():
        if sent.para in seen:
            continue
        seen.add(sent.para)
        named = heading_item(sent)
        if named:
            out[sent.para] = named[0]
            if doc.is_heading_paragraph(sent.para):
                out.setdefault(sent.para + 1, named[0])
    starts = [(doc.norm.from_orig(r.evidence.start) or 0, r.item) for r in budget if r.item and r.evidence]
    for para, (s, e) in enumerate(doc.paragraphs):
        if para not in out:
            inside = [item for at, item in starts if s <= at < e]
            if inside:
                out[para] = inside[0]
    return out


# -- tables -------------------------------------------------------------------------------------------------


def _table_flows(doc: Parsed, table: Table, dept: DepartmentInfo, notice: Notice | None, flows: Flows) -> None:
    """One flow per row of a table of recipients (企业名称/单位名称 + 金额): enterprises get subsidies, other
    units grants; the department's own rows are its budget lines (ingest/budget.py).

    The recipient column is the one its header names (企业名称, 单位名称, 申报单位 …) or, without one, the
    column whose cells are names of organisations; the money is the row's grant column (奖励/补贴/拟奖励金额),
    else its allocation, disbursed, executed or budget column. The columns between them (项目名称, 设备投资额,
    吸纳人数 …) are read past. Sums (合计, 企业小计) are no recipients; a 其中 sub-row whose name is a firm is its
    subsidy (its money is already in the row above it, which stays a transfer)."""
    by = _recipient_column(table)
    if by is None or not any(c.role in FLOW_ROLES for c in table.columns):
        return
    place = table.columns[by].role == "place"  # 县区 | 金额: money shared out to places
    notice = _allocation_notice(notice, dept)
    for rec in table.records:
        org = rec.cells[by]
        money = _row_money(table, rec)
        if org is None or money is None or org.empty or any(x is not None and is_total_label(x.text)
                                                             for x in rec.cells):
            continue
        row = _row_recipient(org.text)
        if row is None or (dept.name and row.names[0] == dept.name):
            continue
        col, cell = money
        n, unit = number(cell.text), table.unit_of(col)
        if n is None or unit is None:
            continue
        kind = "government" if place else _row_kind(row.names[0])
        if row.part and kind is not None:
            continue  # 其中:某某县局: a part of the row above, already paid with it
        _row_flow(doc, table, rec, org, money, row, kind, plain(n * UNIT_VALUE[unit]), notice, flows)


def _allocation_notice(notice: Notice | None, dept: DepartmentInfo) -> Notice | None:
    """A notice whose title passes money on (关于下达…资金的通知) announces its tables' money: the lower governments
    pay the firms later, so every row is ``budgeted``; a title that pays (拨付) pays now."""
    pats = table_patterns()
    title = dept.title or ""
    if notice is None or notice.budgeted or not any(w in title for w in pats.notice_allocates) or \
            any(w in title for w in pats.notice_pays):
        return notice
    return replace(notice, budgeted=True)


@dataclass(frozen=True)
class RowRecipient:
    """Whom a table row pays: the names in its recipient cell (their offsets in the cell), a count (某某有限公司等6家
    企业), and whether the row is a 其中 part of the row above."""

    names: tuple[str, ...]
    offsets: tuple[int, ...]
    count: int | None = None
    part: bool = False


ROW_PART = re.compile(r"^\s*(?:其中|含)\s*[:：]?\s*")
ROW_COUNT = re.compile(r"\s*等\s*(?:(?P<n>\d+)\s*[家个户名])?(?:企业|公司|单位|机构)?\s*$")


def _row_recipient(text: str) -> RowRecipient | None:
    """The recipient cell read: 其中:X公司 (a part), X公司等6家企业 (X and a count), X公司、Y公司 (two firms)."""
    pats = table_patterns()
    part = ROW_PART.match(text)
    at = part.end() if part else 0
    body = text[at:]
    if part and (not body or body.startswith(pats.breakdown_rows)):
        return None  # 其中:财政拨款: the row above by funding source
    tail = ROW_COUNT.search(body) if "等" in body else None
    count = int(tail.group("n")) if tail and tail.group("n") else None
    if tail is not None and tail.start() >= 2:
        body = body[: tail.start()]
    pieces = [(m.group(0), m.start()) for m in re.finditer(r"[^、，,；;]+", body)]
    if len(pieces) > 1 and all(suffix_type(p) == "enterprise" for p, _ in pieces):
        return RowRecipient(tuple(p for p, _ in pieces), tuple(at + o for _, o in pieces), count, bool(part))
    body = body.strip()
    if not body or (part and suffix_type(body) != "enterprise"):
        return None  # a sub-row that is no firm is the row above broken down
    return RowRecipient((body,), (at + text[at:].find(body),), count, bool(part))


def _row_kind(name: str) -> str | None:
    """A table row's recipient that is no enterprise: a name with a legal form is one; otherwise a government
    body, a public unit, individuals (``_kind_of``), or an institution by its ending (大学, 研究院, 协会)."""
    ending = suffix_type(name)
    if ending == "enterprise":
        return None
    kind = _kind_of(name)
    return kind or ("public_unit" if ending == "institution" else None)


def _row_flow(doc: Parsed, table: Table, rec: Record, org: Cell, money: tuple[Column, Cell], row: RowRecipient,
              kind: str | None, amount: Decimal, notice: Notice | None, flows: Flows) -> None:
    """The subsidy (or grant of ``kind``) of one row, and the mentions of the firms it names; money of a plan
    (计划金额, …资金计划表) or of an announced notice is ``budgeted``."""
    cols = table.columns
    col, cell = money
    planned = (notice is not None and notice.budgeted) or any(w in col.label + table.caption
                                                              for w in subsidy_patterns().planned)
    item = next((x.text for c, x in rec.by_role(cols, "item")), None)
    program = _program_of(notice, item or _caption_program(table))
    ev = _row_evidence(doc, table, rec, cell, doc.norm.norm_span(cell.start, cell.end))
    qualifier = "budgeted" if planned else ("total" if row.count or len(row.names) > 1 else "exact")
    if kind is not None:
        flows.grants.append(Grant(row.names[0], kind, amount, "CNY", qualifier, program, cell.text, ev))
        return
    for name, offset in zip(row.names, row.offsets, strict=True):
        start = org.start + offset
        name_span = doc.norm.norm_span(start, start + len(name))
        if name_span is not None:
            flows.mention(Mention(name, "enterprise", _row_evidence(doc, table, rec, org, name_span), "table"))
    flows.subsidies.append(Subsidy(list(row.names), row.count, amount, "CNY", qualifier, program, cell.text, ev))


def _row_money(table: Table, rec: Record) -> tuple[Column, Cell] | None:
    """The row's money: its filled cell of the best flow role (a grant column before an allocation, disbursed,
    executed or budget column; investment and counts are never the money granted); of two grant columns, the
    one its header says is paid now (本次拨付金额 over 核定补助金额, ``grant_rank``)."""
    filled = rec.by_role(table.columns, *FLOW_ROLES)
    return min(filled, key=lambda cx: (FLOW_ROLES.index(cx[0].role), grant_rank(cx[0].label)), default=None)


def _recipient_column(table: Table) -> int | None:
    """The column of the recipients: the org column (企业名称, 单位名称, 申报单位 …) whose cells look most like
    names, else (beside a grant column) a text column whose cells are mostly names of organisations, else a place
    column (县区)."""
    cols = table.columns
    orgs = [i for i, c in enumerate(cols) if c.role == "org"]
    if orgs:
        return max(orgs, key=lambda i: (_named_cells(table, i), -i))
    purchases = subsidy_patterns().purchases
    texts = [i for i, c in enumerate(cols) if c.role in ("text", "item", "category", "label", "note") and
             not any(w in c.label for w in purchases)]  # 中标单位 | 合同金额: a purchase, not a grant
    if not any(c.role == "grant" for c in cols):
        texts = []  # only a column of money granted makes a column of names its recipients
    best = max(texts, key=lambda i: (_named_cells(table, i), -i), default=None)
    if best is not None and _named_cells(table, best) * 2 > len(table.records) and _named_cells(table, best) >= 2:
        return best
    return next((i for i, c in enumerate(cols) if c.role == "place"), None)


def _named_cells(table: Table, i: int) -> int:
    """How many of column ``i``'s cells are names of organisations (a legal form, an institution, a government)."""
    n = 0
    for rec in table.records:
        cell = rec.cells[i] if i < len(rec.cells) else None
        row = _row_recipient(cell.text) if cell is not None and not cell.empty else None
        if row is not None and (suffix_type(row.names[0]) in ("enterprise", "institution") or
                                is_government_name(row.names[0])):
            n += 1
    return n


def _row_evidence(doc: Parsed, table: Table, rec, cell, span) -> Evidence:
    if span is None:
        return doc.original_evidence(cell.start, cell.end, table.row_text(rec))
    ev = doc.evidence(*span)
    return Evidence(ev.start, ev.end, table.row_text(rec), ev.exact, ev.page)


def _caption_program(table: Table) -> str | None:
    m = re.search(r"[\u4e00-\u9fff“”]{4,40}?(?:资金|奖励|补助|补贴)", table.caption or "")
    return m.group(0) if m else None


# -- budget lines ------------------------------------------------------------------------------------------


def _budgeted_lines(doc: Parsed, budget: list[BudgetRow], paid: list[Subsidy], grants: list[Grant]) -> list[Subsidy]:
    """A grant line (扶持/奖励/补贴…) with a budget, nothing spent and no payment itemised under it (nor paid
    to people, places or public units in its own statement), whose statement speaks of enterprises: money
    planned for enterprises, ``budgeted``."""
    pats = subsidy_patterns()
    itemised = {item_key(s.program) for s in paid if s.program}
    elsewhere = [(g.amount, g.evidence.sentence) for g in grants]
    out = []
    for row in budget:
        if not (row.item and row.budget and not row.executed and row.evidence) or item_key(row.item) in itemised:
            continue
        if any(a == row.budget and (t in row.evidence.sentence or row.evidence.sentence in t) for a, t in elsewhere):
            continue  # …全年预算N元，已发放至640名扶助对象: the line's money went to people
        if not any(w in row.item for w in pats.grant_line_words):
            continue
        if not any(w in row.evidence.sentence + row.item for w in pats.enterprise_words + pats.planned):
            continue  # a grant line is for enterprises when its statement says so, or says it is deferred
        if any(s.amount == row.budget and s.evidence.sentence == row.evidence.sentence for s in paid) or \
                _transferred(row):
            continue  # …，获得市级奖补资金N元 (paid already) / 向各县区下达…资金N元 (a transfer)
        out.append(Subsidy([], None, row.budget, "CNY", "budgeted", row.item, row.printed.get("budget", ""),
                           row.evidence))
    return out


def _transferred(row: BudgetRow) -> bool:
    """Is the clause that states a line's budget a transfer to other governments (向各县区下达…N元)?"""
    printed = row.printed.get("budget", "")
    clause = next((c.group(0) for c in CLAUSE.finditer(row.evidence.sentence) if printed and printed in c.group(0)), "")
    return bool(clause) and _led_by_transfer(clause[: clause.find(printed)])


def _dedupe(subsidies: list[Subsidy]) -> list[Subsidy]:
    """The same amount stated twice without named recipients is one subsidy (the first statement wins)."""
    seen: set[tuple] = set()
    out = []
    for s in subsidies:
        key = (s.amount, s.currency, tuple(sorted(s.recipients)), s.recipients_count)
        if key in seen:
            continue
        seen.add(key)
        out.append(s)
    return out

