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
from dataclasses import dataclass, field
from decimal import Decimal

from .amounts import find_amounts, find_counts, plain
from .budget import heading_item, item_key
from .entities import valid_name
from .facts import ORG_TYPES, BudgetRow, DepartmentInfo, Evidence, Grant, Mention, Subsidy
from .normalize import fold
from .orgs import enterprise_core, enterprise_start, is_government_name
from .parsed import Parsed, Sentence
from .patterns import subsidy_patterns, table_patterns
from .tables import Table, number

CLAUSE = re.compile(r"(?:[^，,；;。！？!?：:]|(?<=\d)[,，](?=\d{3}))+")  # 6,308.95 stays in one clause
LEADING_TARGET = re.compile(r"^(?:\d+\s*家)?(?:企业|公司)*")
PHRASE_CHAR = re.compile(r"[\u4e00-\u9fff“”\d]")
BENEFIT = re.compile(r"^\s*(?:惠及|受益|涉及|覆盖|面向|共|支持|扶持|奖励)")
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
    for sent in doc.prose():
        _sentence_flows(doc, sent, orgs, programs.get(sent.para), notice, flows)
    for table in (doc.layout.tables if doc.layout is not None else ()):
        _table_flows(doc, table, dept, notice, flows)
    flows.subsidies[:0] = _budgeted_lines(doc, budget, flows.subsidies)
    return _dedupe(flows.subsidies), flows.grants, flows.mentions


def _notice(doc: Parsed, dept: DepartmentInfo) -> Notice | None:
    if dept.kind != "notice":
        return None
    announced = "公示" in (dept.title or "") or bool(re.search(r"公示期|公示时间|拟(?:奖励|补助|下达|拨付|安排|给予)",
                                                               doc.norm.text))
    return Notice(dept.object, announced)


# -- prose ------------------------------------------------------------------------------------------------


def _sentence_flows(doc: Parsed, sent: Sentence, orgs: list[Mention], program: str | None, notice: Notice | None,
                    flows: Flows) -> None:
    pats = subsidy_patterns()
    if not (pats.pay_rx.search(sent.fold) or pats.noun_rx.search(sent.fold)):
        _remember_count(sent.fold, flows)
        return
    lo, hi = doc.norm.span(sent.start, sent.end)
    orgs = [m for m in orgs if lo <= m.evidence.start and m.evidence.end <= hi]  # the sentence's own names
    clauses = list(CLAUSE.finditer(sent.fold))
    carry: Target | None = None
    for ci, cm in enumerate(clauses):
        clause = cm.group(0)
        money = _amounts(clause)
        if not money:
            if pats.pay_rx.search(clause):
                here = _target(doc, sent, cm.start(), clause, len(clause), orgs, flows)
                carry = here if here.enterprises else carry  # 对A等9家企业实施奖励，共计266万元: recipients first
            _remember_count(clause, flows)
            continue
        following = clauses[ci + 1].group(0) if ci + 1 < len(clauses) else ""
        for m in money:
            _one_flow(doc, sent, cm.start(), clause, m, following, carry, orgs, program, notice, flows)
        _remember_count(clause, flows)
        carry = None


def _remember_count(clause: str, flows: Flows) -> None:
    found = list(COUNTED.finditer(clause))
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
              orgs: list[Mention], program: str | None, notice: Notice | None, flows: Flows) -> None:
    pats = subsidy_patterns()
    head = clause[: m.start]
    pays = bool(pats.pay_rx.search(head)) or carry is not None
    noun = bool(pats.noun_rx.search(head)) or bool(pats.bare_wan_rx.search(clause[: m.end]))
    if not (pays or noun) or _no_flow(head, following):
        return
    target = _target(doc, sent, at, clause, m.start, orgs, flows)
    if not target.enterprises and carry is not None:
        target = carry
    if not target.enterprises and BENEFIT.match(following):  # …奖励资金2,600万元，惠及企业48家
        counts = [n for n, unit, _, _ in find_counts(following) if unit == "家"]
        target.count = counts[-1] if counts else None
    if _led_by_transfer(head) and not target.enterprises:
        return  # 下达/收到拨付…资金: money between governments or received by the department
    if not target.enterprises and target.kind is None and not _for_enterprises(
            sent.fold if notice else head, program, (pays or notice is not None) and noun):
        return  # a notice's sentence is about its recipients (拟对以下8个项目给予扶持，扶持资金合计…)
    phrase = _program_phrase(head)
    program = (notice.program if notice and notice.program else None) or program or phrase
    ev = doc.evidence(sent.start + at, sent.start + at + m.end, sent)
    qualifier = _qualifier(clause, m, target, notice)
    if not target.enterprises and target.kind is not None:
        flows.grants.append(Grant(target.printed or "", target.kind, m.value, m.currency, qualifier, program,
                                  m.printed, ev))
        return
    flows.subsidies.append(Subsidy(list(dict.fromkeys(target.names)), target.count, m.value, m.currency, qualifier,
                                   program, m.printed, ev))


def _no_flow(head: str, following: str) -> bool:
    """A budget statement, a budget line's amount (其中平台运营补助经费318万元), a funding source (上级补助),
    a policy's rule, a contract or purchase, or money for consumers."""
    pats = subsidy_patterns()
    masked = re.sub(r"《[^《》]*》", "", head)
    if any(w in masked for w in pats.not_payment + pats.rules + pats.purchases):
        return True
    if _names_a_line_only(masked) or re.search(r"(?:上级|中央|省级|市级|县级|区级|本级)(?:财政)?(?:补助|补贴)(?:资金)?"
                                               r"(?:收入|共计|合计|为)?\s*$", masked):
        return True
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
    t = Target(names=[m.surface for m in orgs if _inside(doc, sent, m, at, at + end)])
    if not t.names:
        slot = _slot_recipient(head, flows.named)
        if slot is not None:
            printed, s = slot
            name = _full_name(printed, flows.named) or printed
            kind = _kind_of(name)
            if kind is None:
                ev = doc.evidence(sent.start + at + s, sent.start + at + s + len(printed), sent)
                flows.mentions.append(Mention(printed, "enterprise", ev, "subsidy"))
                t.names.append(name)
            else:
                t.kind, t.printed = kind, name
    counts = [n for n, unit, _, _ in find_counts(head) if unit == "家"]
    t.count = counts[-1] if counts else None
    cls = _enterprise_class(head)
    if cls and not t.names:
        t.cls = cls
        if t.count is None and any(w in cls for w in subsidy_patterns().back_reference):
            t.count = flows.last_count
    if not t.enterprises and t.kind is None:
        t.kind, t.printed = _other_target(head)
    return t


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
        core = enterprise_core(fold(full))
        body = core.core + (core.industry or "")
        it = iter(body)
        if body[:2] == short[:2] and all(ch in it for ch in short) and full != short:
            fits.append(full)
    return fits[0] if len(fits) == 1 else None


def _slot_recipient(head: str, named: tuple[str, ...] = ()) -> tuple[str, int] | None:
    """兑现X经营贡献奖 / 支付X项目金额 / 向X拨付: the name between a payment verb and the grant noun (a
    short name of an enterprise the report names in full counts)."""
    pats = subsidy_patterns()
    to = re.search(r"[向对为给]([\u4e00-\u9fffA-Za-z（）()]{2,30}?)(?:" + pats.pay_rx.pattern + ")", head)
    if to and not any(d in to.group(1) for d in pats.descriptors) and \
            (valid_name(to.group(1), "enterprise") or _kind_of(to.group(1)) is not None or
             _full_name(to.group(1), named)):
        return to.group(1), to.start(1)
    # the last verb with a grant noun after it and something between (兑现X落户奖励: 奖励 is the noun)
    found = next(((v, n) for v in reversed(list(pats.pay_rx.finditer(head)))
                  if (n := pats.noun_rx.search(head, v.end())) and n.start() > v.end()
                  and not head[:v.start()].endswith(pats.negations)), None)
    if found is None:
        return None
    v, noun = found
    raw = head[v.end():noun.start()]
    slot = raw.strip()
    if not slot or any(d in slot for d in pats.descriptors) or not (valid_name(slot, "enterprise") or
                                                                    is_government_name(slot) or _kind_of(slot)):
        return None
    return slot, v.end() + (len(raw) - len(raw.lstrip()))


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
        if head[start - 1] in "等的为了":
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
    units grants; the department's own rows are its budget lines (ingest/budget.py)."""
    cols = table.columns
    if not any(c.role in FLOW_ROLES for c in cols):
        return
    by = "org" if any(c.role == "org" for c in cols) else "place"  # 县区 | 金额: money shared out to places
    if not any(c.role == by for c in cols):
        return
    for rec in table.records:
        org = next((x for c, x in rec.by_role(cols, by)), None)
        if org is not None and (org.empty or org.text in table_patterns().total_rows):
            continue
        money = next(((c, x) for c, x in rec.by_role(cols, *FLOW_ROLES)), None)
        if org is None or money is None or (dept.name and org.text == dept.name):
            continue
        col, cell = money
        n, unit = number(cell.text), table.unit_of(col)
        if n is None or unit is None:
            continue
        item = next((x.text for c, x in rec.by_role(cols, "item")), None)
        program = (notice.program if notice and notice.program else None) or item or _caption_program(table)
        span = doc.norm.norm_span(cell.start, cell.end)
        ev = _row_evidence(doc, table, rec, cell, span)
        qualifier = "budgeted" if notice and notice.budgeted else "exact"
        amount = plain(n * UNIT_VALUE[unit])
        kind = "government" if by == "place" else _kind_of(org.text)
        if kind is not None:
            flows.grants.append(Grant(org.text, kind, amount, "CNY", qualifier, program, cell.text, ev))
            continue
        name_span = doc.norm.norm_span(org.start, org.end)
        if name_span is not None:
            flows.mentions.append(Mention(org.text, "enterprise", _row_evidence(doc, table, rec, org, name_span),
                                          "table"))
        flows.subsidies.append(Subsidy([org.text], None, amount, "CNY", qualifier, program, cell.text, ev))


def _row_evidence(doc: Parsed, table: Table, rec, cell, span) -> Evidence:
    if span is None:
        return doc.original_evidence(cell.start, cell.end, table.row_text(rec))
    ev = doc.evidence(*span)
    return Evidence(ev.start, ev.end, table.row_text(rec), ev.exact, ev.page)


def _caption_program(table: Table) -> str | None:
    m = re.search(r"[\u4e00-\u9fff“”]{4,40}?(?:资金|奖励|补助|补贴)", table.caption or "")
    return m.group(0) if m else None


# -- budget lines ------------------------------------------------------------------------------------------


def _budgeted_lines(doc: Parsed, budget: list[BudgetRow], paid: list[Subsidy]) -> list[Subsidy]:
    """A grant line (扶持/奖励/补贴…) with a budget, nothing spent and no payment itemised under it, whose
    statement speaks of enterprises: money planned for enterprises, ``budgeted``."""
    pats = subsidy_patterns()
    itemised = {item_key(s.program) for s in paid if s.program}
    out = []
    for row in budget:
        if not (row.item and row.budget and not row.executed and row.evidence) or item_key(row.item) in itemised:
            continue
        if not any(w in row.item for w in pats.grant_line_words):
            continue
        if not any(w in row.evidence.sentence + row.item for w in pats.enterprise_words + pats.planned):
            continue  # a grant line is for enterprises when its statement says so, or says it is deferred
        out.append(Subsidy([], None, row.budget, "CNY", "budgeted", row.item, row.printed.get("budget", ""),
                           row.evidence))
    return out


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

