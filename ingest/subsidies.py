"""Subsidies: payments and grants of money to enterprises, one n-ary record each.

A clause (between ，；。) is a payment when it holds a money amount and a grant noun (奖励, 补贴, 扶持资金,
经营贡献奖, 项目金额 …) and is neither a budget statement nor money for consumers. Its recipients are
the enterprise mentions in the clause before the amount, or the name in the slot between the payment verb
and the grant noun (兑现X经营贡献奖, 支付X项目金额); a count (53家企业) is kept. The program is the budget
line whose paragraph the clause is in, else the grant phrase. A grant budget line with nothing executed
and no itemised payments is a ``budgeted`` subsidy. Words are in ``patterns/subsidies.toml``.
"""
from __future__ import annotations

import re

from .amounts import find_amounts, find_counts
from .budget import heading_item
from .entities import valid_name
from .facts import ORG_TYPES, BudgetRow, Mention, Subsidy
from .parsed import Parsed, Sentence
from .patterns import subsidy_patterns

CLAUSE = re.compile(r"(?:[^，,；;。！？!?：:]|(?<=\d)[,，](?=\d{3}))+")  # 6,308.95 stays in one clause
TO_RECIPIENT = re.compile(r"[向对为给]([\u4e00-\u9fffA-Za-z]{2,12})$")
BENEFIT = re.compile(r"^\s*(?:惠及|受益|涉及|覆盖|面向|共|支持|扶持|奖励)")


def _qualifier(clause: str, amount_start: int, amount_end: int, recipients: list[str], count: int | None) -> str:
    pats = subsidy_patterns()
    before, after = clause[max(0, amount_start - 3):amount_start], clause[amount_end:amount_end + 3]
    if any(w in clause for w in pats.planned):
        return "budgeted"
    if any(w in before for w in pats.approx) or after.startswith("左右"):
        return "approx"
    if any(w in before for w in pats.at_least) or after.startswith(("以上", "余", "多")):
        return "at_least"
    if len(recipients) != 1 or count:
        return "total"
    return "exact"


def _program_phrase(clause: str, amount_start: int) -> str | None:
    """The grant phrase before the amount: …等企业优惠政策扶持资金超1000万元 -> 优惠政策扶持资金."""
    head = clause[:amount_start]
    noun = None
    for m in subsidy_patterns().noun_rx.finditer(head):
        noun = m
    if noun is None:
        return None
    start = noun.start()
    while start > 0 and re.match(r"[\u4e00-\u9fff]", head[start - 1]) and noun.end() - start < 14:
        if head[start - 1] in "等的为了":
            break
        start -= 1
    phrase = head[start:noun.end()]
    verbs = list(subsidy_patterns().verb_rx.finditer(phrase[:-len(noun.group(0))] if len(phrase) > len(noun.group(0)) else ""))
    if verbs:
        phrase = phrase[verbs[-1].end():]
    phrase = re.sub(r"^(?:企业|公司|家企业)+", "", phrase)
    return phrase if len(phrase) >= 4 else None


def _slot_recipient(clause: str, amount_start: int) -> tuple[str, int] | None:
    """兑现X经营贡献奖 / 支付X项目金额: the name between the last payment verb and the grant noun."""
    pats = subsidy_patterns()
    head = clause[:amount_start]
    verbs = list(pats.verb_rx.finditer(head))
    if not verbs:
        return None
    v = verbs[-1]
    noun = pats.noun_rx.search(head, v.end())
    to = TO_RECIPIENT.search(head[: verbs[0].start()])
    if to and valid_name(to.group(1), "enterprise") and not any(d in to.group(1) for d in pats.descriptors):
        return to.group(1), to.start(1)  # 向X拨付… / 为X兑现…
    if not noun:
        return None
    slot = head[v.end():noun.start()].strip()
    if not slot or any(d in slot for d in pats.descriptors) or not valid_name(slot, "enterprise"):
        return None
    return slot, v.end() + (len(head[v.end():noun.start()]) - len(head[v.end():noun.start()].lstrip()))


def extract_subsidies(doc: Parsed, budget: list[BudgetRow], mentions: list[Mention]) -> tuple[list[Subsidy], list[Mention]]:
    """Subsidies of one report and the recipient mentions that only the payment clauses name."""
    pats = subsidy_patterns()
    out: list[Subsidy] = _budgeted_lines(doc, budget)
    new_mentions: list[Mention] = []
    programs = _paragraph_programs(doc)
    orgs = [m for m in mentions if m.type in ORG_TYPES]
    for sent in doc.sentences:
        clauses = list(CLAUSE.finditer(sent.fold))
        for ci, cm in enumerate(clauses):
            clause = cm.group(0)
            following = clauses[ci + 1].group(0) if ci + 1 < len(clauses) else ""
            if not pats.noun_rx.search(clause) or not pats.verb_rx.search(clause):
                continue
            beneficiaries = following if BENEFIT.match(following) else ""  # …，惠及市民 3000 余人
            if any(w in clause for w in pats.not_payment) or \
                    any(w in clause + beneficiaries for w in pats.not_enterprise):
                continue
            for amount in find_amounts(clause):
                a0, a1 = cm.start() + amount.start, cm.start() + amount.end
                recipients = [m.surface for m in orgs if _inside(doc, sent, m, cm.start(), a0)]
                if not recipients:
                    slot = _slot_recipient(clause, amount.start)
                    if slot:
                        name, at = slot
                        ev = doc.evidence(sent.start + cm.start() + at, sent.start + cm.start() + at + len(name), sent)
                        new_mentions.append(Mention(name, "enterprise", ev, "subsidy"))
                        recipients = [name]
                counts = [n for n, unit, s, _ in find_counts(clause[:amount.start]) if unit == "家"]
                if not counts and BENEFIT.match(following):
                    counts = [n for n, unit, s, _ in find_counts(following) if unit == "家"]
                count = counts[-1] if counts else None
                program = programs.get(sent.para) or _program_phrase(clause, amount.start)
                qualifier = _qualifier(clause, amount.start, amount.end, recipients, count)
                ev = doc.evidence(sent.start + cm.start(), sent.start + a1, sent)
                out.append(Subsidy(list(dict.fromkeys(recipients)), count, amount.value, amount.currency, qualifier,
                                   program, amount.printed, ev))
    return _dedupe(out), new_mentions


def _inside(doc: Parsed, sent: Sentence, m: Mention, start: int, end: int) -> bool:
    """Is mention ``m`` within sentence-relative [start, end) of ``sent``?"""
    s, e = doc.norm.span(sent.start + start, sent.start + end)
    return s <= m.evidence.start and m.evidence.end <= e


def _paragraph_programs(doc: Parsed) -> dict[int, str]:
    """Paragraph index -> the budget line its first sentences name (“招商引资企业政策扶持专项”。…)."""
    out: dict[int, str] = {}
    seen: set[int] = set()
    for sent in doc.sentences:
        if sent.para in seen:
            continue
        seen.add(sent.para)
        named = heading_item(sent)
        if named:
            out[sent.para] = named[0]
            if doc.is_heading_paragraph(sent.para):
                out.setdefault(sent.para + 1, named[0])
    return out


def _budgeted_lines(doc: Parsed, budget: list[BudgetRow]) -> list[Subsidy]:
    """A grant line (扶持/奖励/补贴…) with a budget but nothing executed: planned money, ``budgeted``."""
    words = subsidy_patterns().grant_line_words
    out = []
    for row in budget:
        if row.item and row.budget and not row.executed and any(w in row.item for w in words) and row.evidence:
            out.append(Subsidy([], None, row.budget, "CNY", "budgeted", row.item, row.printed.get("budget", ""),
                               row.evidence))
    return out


def _dedupe(subsidies: list[Subsidy]) -> list[Subsidy]:
    """The same amount stated twice without named recipients is one subsidy (the first statement wins)."""
    seen: set[tuple] = set()
    out = []
    for s in subsidies:
        key = (s.amount, s.currency, tuple(sorted(s.recipients)))
        if key in seen:
            continue
        seen.add(key)
        out.append(s)
    return out
