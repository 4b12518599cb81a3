"""Budget rows: the total a report evaluates and every named budget line, from prose and from tables.

Prose is read **from the amounts**: for every figure of a clause, the slot comes from the nearest
keyword before it (``patterns/slots.toml``: 年初批复预算, 调整后预算数, 实际支出, 下达 …) and the subject from
the local frame: the words between keyword and figure (安排X专项资金400万元), before the keyword
(X经费年初安排55万元), after the figure (87万元X资金, 250万元用于Y项目), a ``其中`` list that continues the
clause before, or, when the subject is empty or generic (该项目, 项目资金, 部门), the line under discussion
or the total. Funding-source breakdowns (其中中央财政资金…), transfers to lower governments, investments,
contracts and balances give no row (``patterns/budget_new.toml``).

Tables are read through their headers (ingest/tables.py): a 合计/总额 row is the total, 其中 rows are
breakdowns, other rows are lines (codes kept: M102.…), and the unit comes from the header or caption.

A project or special-fund report evaluates one thing: its total and the row named after it are the same
figures, and a fund whose whole amount goes into that project is its source, not a second line.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field, replace
from decimal import Decimal
from difflib import SequenceMatcher
from functools import lru_cache

from .amounts import find_amounts, find_rates, plain
from .facts import BudgetRow, DepartmentInfo, FrozenMap
from .orgs import is_short_form
from .parsed import Parsed
from .patterns import BudgetPatterns, budget_patterns, slot_vocabulary
from .slots import AMOUNT_SLOTS, FIELD_OF
from .tables import Table, number, percent, table_patterns

UNIT_VALUE = {"元": Decimal(1), "千元": Decimal(1000), "万元": Decimal(10000), "亿元": Decimal(100000000)}
CLAUSE = re.compile(r"(?:[^，,；;。！？!?]|(?<=\d)[,，](?=\d{3}))+")
NUMBERING = re.compile(r"^\s*(?:[（(]?\s*[一二三四五六七八九十\d]{1,3}\s*[)）、.．]|[①-⑳]|项目\s*\d+\s*[:：]|第[一二三四五六七八九十\d]+[项条])\s*")
YEAR_PREFIX = re.compile(r"^(?:(?:19|20)\d{2}\s*(?:-|—|~|至)\s*)?(?:19|20)\d{2}\s*年(?:度)?(?:\s*\d{1,2}\s*月)?")
YEAR_ANYWHERE = re.compile(r"(?:19|20)\d{2}\s*(?:-|—|~|至)?\s*(?:(?:19|20)\d{2}\s*)?年(?:度)?(?:\s*\d{1,2}\s*月)?")
COUNT = re.compile(r"\d+\s*(?:个|项|家|批)")
QUOTED = re.compile(r"[“\"「『]([^”\"」』]{2,60})[”\"」』]")
TRAILING_GAP = re.compile(r"(?:共计|合计|总计|达到|总额为?|金额为?|人民币|(?<=[金费项目程数])(?:共|计|为|是|达|约)|[:：\s])+$")
PUNCT_DIGITS = re.compile(r"[\s，,。；;：:、()（）“”\"'‘’《》【】\[\]·.\-—\d]+")
TITLE_QUOTE = re.compile(r"《[^《》]*》")
#: a sentence with a figure in it: an amount in 元 or 万, or a percentage (a cheap test before reading it)
FIGURE_HINT = re.compile(r"\d\s*(?:万|亿|千|百)?\s*元|\d\s*%|\d\s*万")
LINE_HINT = re.compile(r"项目|资金|经费|专项|费|工程|支出")
SUBTOTAL = re.compile(r"(基本支出|项目支出)\s*$")
PAYING = re.compile(r"发放|兑现|支付|拨付给|给予|\d+\s*家")
SUMMED = re.compile(r"合计|共计|总计|(?<![中公])共")
FIELDS = ("budget", "executed", "rate", "initial_budget", "adjustment")


@dataclass
class Row:
    """A budget row being assembled: fields in yuan / percent, the printed figures, their evidence spans."""

    item: str | None
    values: dict[str, Decimal] = field(default_factory=dict)
    printed: dict[str, str] = field(default_factory=dict)
    spans: dict[str, tuple[int, int]] = field(default_factory=dict)  # normalised offsets of each figure
    start: int = 0  # where the row is first stated (its name, or its first figure)
    end: int = 0
    source: str = "prose"  # prose | table
    from_allocation: bool = False
    summed: bool = False  # stated as a sum (合计, 共安排 …)
    period: bool = False  # the total named by its period only (Subject.period)
    sentence: str = ""  # a table row's cells (prose rows take their sentence from the text)

    def fill(self, key: str, value: Decimal, printed: str, span: tuple[int, int]) -> None:
        if key not in self.values:
            self.values[key] = value
            self.printed[key] = printed
            self.spans[key] = span
            self.end = max(self.end, span[1])


def item_key(item: str | None) -> str | None:
    """Key for merging rows: NFKC, no spaces or quotes (years kept: 2015年度X资金 and 2016年度X资金 differ)."""
    if item is None:
        return None
    key = re.sub(r"[\s“”\"'‘’「」『』]", "", unicodedata.normalize("NFKC", item))
    return re.sub(r"((?:19|20)\d{2})年度", r"\1年", key)


def clean_name(text: str) -> str:
    """A line's name without numbering, leading verbs and references to the reporter."""
    voc = budget_patterns()
    name = text.strip(" ，,：:、")
    changed = True
    while changed and name:
        changed = False
        m = NUMBERING.match(name)
        if m and m.end() < len(name):
            name, changed = name[m.end():], True
        for lead in voc.item_leads:
            if name.startswith(lead) and len(name) > len(lead) + 2:
                name, changed = name[len(lead):].lstrip(" ：:"), True
                break
        m = re.match(r"^(?:至|到)[\u4e00-\u9fff]{2,8}?的", name)  # 下达至某市的X资金
        if m and m.end() < len(name) - 2:
            name, changed = name[m.end():], True
    return name.strip(" ，,：:、“”\"") if name.count("“") != name.count("”") else name.strip(" ，,：:、")


def _only(text: str, words: tuple[str, ...]) -> bool:
    """Is ``text`` made only of ``words`` (after years, numbering, counts and punctuation are removed)?"""
    rest = YEAR_ANYWHERE.sub("", NUMBERING.sub("", text))
    rest = COUNT.sub("", rest)
    rest = PUNCT_DIGITS.sub("", rest)
    return not rest or _words_rx(words).fullmatch(rest) is not None


@lru_cache(maxsize=8)
def _words_rx(words: tuple[str, ...]) -> re.Pattern:
    """A text made of these words only, read left to right (本年度部门 = 本年 + 度 + 部门)."""
    return re.compile("(?:" + "|".join(map(re.escape, sorted(set(words), key=len, reverse=True))) + ")+")


@dataclass(frozen=True)
class Subject:
    kind: str  # item | total | topic | skip | empty
    name: str | None = None
    start: int = 0  # clause-relative offset of the name
    period: bool = False  # a total named by its period only (全年, 本年度): under a line's heading, the line


def classify(text: str, at: int = 0) -> Subject:
    """What a figure's subject text speaks of: a named line, the total, the line under discussion, nothing."""
    voc = budget_patterns()
    bare = TRAILING_GAP.sub("", text.strip(" ，,：:、"))
    if not bare or not re.search(r"[\u4e00-\u9fffA-Za-z]", bare):
        return Subject("empty")
    marked = _marked(bare, voc)
    if marked is not None:
        return marked
    sub = SUBTOTAL.search(bare)
    if sub:
        return Subject("item", sub.group(1), at + text.rfind(sub.group(1)))  # 其中基本支出 …: a subtotal line
    named = _named(bare, text, at, voc)
    if named is not None:
        return named
    if not _only(bare, voc.total_words):
        return Subject("other")
    return Subject("total", period=not any(w in bare for w in voc.whole_words))


def _marked(bare: str, voc: BudgetPatterns) -> Subject | None:
    """Words that decide a subject at once: no budget (investment, transfers on), the line under
    discussion (该项目), a funding source (其中一般公共预算财政拨款…, 中央财政资金)."""
    if any(w in bare for w in voc.not_budget) or any(w in bare for w in voc.lower_levels):
        return Subject("skip")
    if any(w in bare for w in voc.topic_words):
        return Subject("topic")
    if any(w in bare for w in voc.source_markers):
        return Subject("source")
    return None


def _named(bare: str, text: str, at: int, voc: BudgetPatterns) -> Subject | None:
    """A line's name: quoted (“某某”专项), else the name that ends the subject with a line suffix."""
    for m in reversed(list(QUOTED.finditer(bare))):
        inner, after = m.group(1).strip(), bare[m.end():m.end() + 4]
        ends_here = not after or after.startswith(voc.item_suffixes) or not re.match(r"[\u4e00-\u9fff]", after)
        if ends_here and (inner.endswith(voc.item_suffixes) or after.startswith(voc.item_suffixes)):
            return Subject("item", inner, at + text.find(m.group(0)))  # “某某经费”专项 (not “四百工程”工作经费)
    m = voc.name_rx.search(bare)
    if not m:
        return None
    name = clean_name(m.group("name"))
    if _only(name, voc.total_words):
        return Subject("total")
    if _only(name, voc.source_words + voc.total_words):
        return Subject("source")
    if len(YEAR_PREFIX.sub("", name)) >= 3 and not PAYING.search(name):
        return Subject("item", name, at + text.find(name) if name in text else at)
    return None


# -- figures in prose ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Figure:
    """A figure of a clause with the slot that names it (None: no keyword before it)."""

    slot: str | None
    value: Decimal
    printed: str
    start: int  # clause-relative offsets of the figure
    end: int
    kw_start: int  # where its keyword starts (or the figure, without one)
    kw_end: int
    rate: bool


def _masked(text: str) -> str:
    """Titles in 《》 hide their words (《关于下达…资金的通知》 names no figure)."""
    return TITLE_QUOTE.sub(lambda m: "□" * len(m.group(0)), text) if "《" in text else text


def clause_figures(clause: str) -> list[Figure]:
    """Amounts (CNY) and rates of one clause, each with the nearest keyword before it."""
    voc = slot_vocabulary()
    masked = _masked(clause)
    figs: list[tuple[int, int, Decimal, str, bool]] = []
    for a in find_amounts(clause):
        if a.currency == "CNY":
            figs.append((a.start, a.end, a.value, a.printed, False))
    for value, s, e in find_rates(clause):
        figs.append((s, e, value, clause[s:e], True))
    figs.sort()
    out = []
    prev = 0
    for s, e, value, printed, is_rate in figs:
        kws = [m for m in voc.keywords.finditer(masked, prev, s)]
        kws = [m for m in kws if (voc.slot_of[m.group(0)] == "rate") == is_rate]
        if kws:
            k = kws[-1]
            out.append(Figure(voc.slot_of[k.group(0)], value, printed, s, e, k.start(), k.end(), is_rate))
        else:
            out.append(Figure(None, value, printed, s, e, s, s, is_rate))
        prev = e
    return out


@dataclass
class Context:
    """What the extractor knows of the report while it reads: its scope and the line under discussion."""

    scope: str | None  # department | project | special_fund | None
    object: str | None = None  # the fund or project the title names
    notice: bool = False
    topic: tuple[str, int] | None = None  # (line, where it is named) set by a heading or a short sentence


@dataclass(frozen=True)
class Stated:
    """One figure of a sentence and what it belongs to: ``kind`` item (``item`` named), total, topic (the
    line under discussion), or row (the row before in the sentence)."""

    kind: str
    item: str | None
    slot: str
    figure: Figure
    clause: int  # the clause's start in the sentence
    name_at: int = 0  # sentence offset where the line is named (its evidence starts there)
    summed: bool = False  # stated as a sum (合计, 共安排 …)
    period: bool = False  # the total named by its period only (Subject.period)


@dataclass
class _Frame:
    """The state of one sentence while its clauses are read."""

    skip: bool = False  # after a contract price or a payment, the 其中 list that follows is skipped too
    last_slot: str | None = None
    paid: bool = False  # a payment verb opened a clause: what follows names payments, not lines


def read_sentence(text: str, ctx: Context) -> list[Stated]:
    """The budget figures of one sentence, each with its slot and subject."""
    out: list[Stated] = []
    frame = _Frame()
    clauses = list(CLAUSE.finditer(text))
    for ci, cm in enumerate(clauses):
        clause = cm.group(0)
        frame.paid = frame.paid or _opens_with_payment(clause)
        nxt = clauses[ci + 1].group(0) if ci + 1 < len(clauses) else ""
        continues = bool(CONTINUES.match(clause)) or frame.skip
        prev_end = 0
        for f in clause_figures(clause):
            left = clause[prev_end:f.start]
            prev_end = f.end
            stated = _read_figure(clause, f, left, nxt, text[cm.end():], continues, frame, ctx)
            if stated is not None:
                out.append(replace(stated, clause=cm.start(), name_at=cm.start() + stated.name_at))
    return out


CONTINUES = re.compile(r"^\s*(?:其中|含|包括|分别为|分别是)")
RATE_AFTER = re.compile(r"执行率|支付率|支出率")


def _opens_with_payment(clause: str) -> bool:
    lead = re.sub(r"^\s*(?:[（(]?\d+[)）.、]|已|共|累计|全部|并|再|另)*", "", clause)
    return lead.startswith(budget_patterns().payment_verbs)


def _read_figure(clause: str, f: Figure, left: str, nxt: str, rest: str, continues: bool, frame: _Frame,
                 ctx: Context) -> Stated | None:
    voc = budget_patterns()
    slot = f.slot
    if slot in ("received", "weight", "score"):
        return None
    if slot == "disbursed":  # 已拨付X万元: spending only where an execution rate labels it
        if "收到" in clause[: f.kw_start]:
            slot = "allocation"  # 收到上级拨付X资金: money received, the line's budget
        elif not RATE_AFTER.search(clause[f.end:] + rest):
            return None
        else:
            slot = "executed"
    if slot == "subtotal":
        kw = clause[f.kw_start:f.kw_end]
        key = "budget" if "预算" in clause[: f.kw_start][-12:] and "支出总额" not in clause[: f.kw_start] else "executed"
        return Stated("item", kw, key, f, 0, f.kw_start)
    if any(w in _masked(left) for w in voc.not_budget) and not QUOTED.search(left):
        frame.skip = True
        return None
    if slot is None:
        return None if f.rate else _keywordless(clause, f, left, nxt, continues, frame, ctx)
    return _with_keyword(clause, f, slot, left, nxt, continues, frame, ctx)


def _keywordless(clause: str, f: Figure, left: str, nxt: str, continues: bool, frame: _Frame,
                 ctx: Context) -> Stated | None:
    """A figure without a keyword: 250万元用于X项目 in a 其中 list, a clause that is a line's name and its
    figure (1、某某专项资金200万元), a figure of a project's 资金 (X项目14500万元资金), or 项目资金共N万元."""
    voc = budget_patterns()
    right = clause[f.end:]
    slot = frame.last_slot if continues and frame.last_slot in ("budget", "initial_budget", "allocation") else "budget"
    if continues and not frame.skip:
        after = _purpose(right, nxt, f, voc)
        if after is not None and after.kind == "item":
            return Stated("item", after.name, slot, f, 0, after.start)
    subject = classify(left)
    fund_after = bool(re.match(r"^\s*(?:的)?(?:资金|经费|专项资金)", right))
    if subject.kind == "item":
        whole = _whole_name(left, subject.name) and (continues or not right.strip(" 。.、"))
        if frame.skip or (frame.paid and not continues) or not (whole or fund_after):
            return None  # 明确一次性启动资金1.5亿元按…延迟: a name and a figure inside a longer clause
        frame.last_slot = slot
        return Stated("item", subject.name, slot, f, 0, max(subject.start, 0))
    if subject.kind == "total" and ctx.scope != "department" and SUMMED.search(left) and not frame.skip:
        frame.last_slot = slot
        return Stated("total", None, slot, f, 0, f.start)
    return None


def _with_keyword(clause: str, f: Figure, slot: str, left: str, nxt: str, continues: bool, frame: _Frame,
                  ctx: Context) -> Stated | None:
    voc = budget_patterns()
    before_kw = clause[len(clause[: f.start]) - len(left):f.kw_start]
    subject = _subject(clause[f.kw_end:f.start], before_kw, clause[f.end:], nxt, f, voc)
    if subject.kind == "skip":
        frame.skip = True
        return None
    if subject.kind == "source" and slot == "allocation" and not continues:
        subject = Subject("total")  # 统筹中央财政资金1000万元用于项目建设: the whole allocation
    if subject.kind in ("other", "source"):
        return None
    frame.last_slot, frame.skip = slot, False
    summed = bool(SUMMED.search(clause[: f.start]))
    if subject.kind == "item":
        return Stated("item", subject.name, slot, f, 0, subject.start, summed)
    if subject.kind == "total":
        return Stated("total", None, slot, f, 0, f.kw_start, summed, subject.period)
    if subject.kind == "topic":
        return Stated("topic", None, slot, f, 0, f.kw_start)
    return Stated("row", None, slot, f, 0, f.kw_start)


def _whole_name(left: str, name: str | None) -> bool:
    """Is the text before a keyword-less figure only the line's name (after numbering, 其中, 共计 …)?"""
    if not name:
        return False
    rest = clean_name(re.sub(r"(?:共计|合计|总计|共|计|为|是|:|：)\s*$", "", left.strip()))
    return item_key(rest) == item_key(name) or (item_key(rest) or "").endswith(item_key(name) or "")


def _subject(mid: str, before_kw: str, right: str, nxt: str, f: Figure, voc: BudgetPatterns) -> Subject:
    """The subject of a keyword's figure: a purpose after it (下达X资金100万元，全部列入Y项目: Y's money),
    the words between keyword and figure, a name right after the figure, or the words before the keyword."""
    purpose = _purpose(right, nxt, f, voc)
    if purpose is not None:
        return purpose
    s = classify(voc.gap.sub("", mid), f.kw_end)
    if s.kind in ("item", "skip", "topic", "source"):
        return s
    after = _after_figure(right, f, voc)
    if after is not None:
        return after
    before_kw = re.split(r"[：:]", before_kw)[-1]  # only the clause part that holds the keyword speaks of it
    p = classify(before_kw)
    if p.kind == "item":
        return Subject("item", p.name, before_kw.find(p.name) if p.name in before_kw else 0)
    if s.kind == "total":
        return s  # 统筹资金500万元: the words between keyword and figure say it is the whole
    if p.kind != "empty":
        return p
    return Subject("empty") if not mid.strip(" ：:为是") or s.kind == "empty" else s


def _after_figure(right: str, f: Figure, voc: BudgetPatterns) -> Subject | None:
    """87万元2021年某某资金: a line's name right after the figure."""
    r = right.lstrip()
    if r.startswith(voc.purpose_verbs):
        return None
    m = re.match(r"^(?:的)?(?P<name>(?:(?:19|20)\d{2}\s*年度?)?[\u4e00-\u9fffA-Za-z0-9“”\"（）()·]{2,50}?(?:"
                 + "|".join(map(re.escape, voc.item_suffixes)) + r"))(?:$|[^\u4e00-\u9fff])", r)
    if m:
        s = classify(m.group("name"))
        if s.kind == "item":
            return Subject("item", s.name, f.end + right.find(m.group("name")))
    return None


def _purpose(right: str, nxt: str, f: Figure, voc: BudgetPatterns) -> Subject | None:
    """用于/列入 a named line, right after the figure or at the start of the next clause."""
    for text, base in ((right.lstrip(), f.end), (nxt.lstrip(), None)):
        for verb in voc.purpose_verbs:
            if text.startswith(verb):
                s = classify(text[len(verb):])
                if s.kind == "item":
                    return Subject("item", s.name, (base or f.end) + len(verb))
                return Subject("skip") if s.kind == "skip" else None
    return None


# -- assembling rows ------------------------------------------------------------------------------------------

@dataclass
class Rows:
    """Rows by item key (None: the total), in the order they are first stated."""

    rows: dict[str | None, Row] = field(default_factory=dict)

    def get(self, item: str | None, start: int, source: str = "prose") -> Row:
        key = item_key(item)
        row = self.rows.get(key)
        if row is None:
            row = self.rows[key] = Row(item, start=start, end=start, source=source)
        return row

    def add(self, row: Row, slot: str, value: Decimal, printed: str, span: tuple[int, int]) -> None:
        key = FIELD_OF.get(slot, slot)
        if slot == "adjust_down":
            value = -value
        row.fill(key, value, printed, span)
        if slot == "allocation":
            row.from_allocation = True


def prose_rows(doc: Parsed, ctx: Context, rows: Rows) -> None:
    """Read every prose sentence of ``doc`` into ``rows`` (sections on functions and institutions muted)."""
    topic_section: tuple[str, ...] = ()
    for sent in doc.prose():
        section = doc.section_of(sent)
        if ctx.topic and section[: len(topic_section)] != topic_section:
            ctx.topic = None  # a line named under a heading is discussed until that section ends
        if _boilerplate(section):
            continue
        figures = read_sentence(sent.text, ctx) if FIGURE_HINT.search(sent.fold) else []
        if not figures:
            named = heading_line(sent.text, sent.start)
            if named:
                ctx.topic, topic_section = named, section
            continue
        lead = LEAD_NAME.match(sent.text)
        named = heading_line(lead.group("head"), sent.start + lead.start("head")) if lead else None
        if named is None:
            _add_sentence(sent, figures, ctx, rows)
            continue
        topic, ctx.topic = ctx.topic, named  # 1.某某工作经费：全年预算…，支出…: the sentence speaks of the line
        _add_sentence(sent, figures, ctx, rows)
        ctx.topic = topic


#: a sentence that opens with a line's name and a colon (1.档案整理经费：全年预算…)
LEAD_NAME = re.compile(r"^\s*(?P<head>[^，。；,;:：]{2,40})[:：]")


def _boilerplate(section: tuple[str, ...]) -> bool:
    words = budget_patterns().boilerplate_sections
    return any(w in h for h in section for w in words)


def _add_sentence(sent, figures: list[Stated], ctx: Context, rows: Rows) -> None:
    current: Row | None = None
    for st in figures:
        f = st.figure
        span = (sent.start + st.clause + f.start, sent.start + st.clause + f.end)
        row = _row_for(st, sent, span, current, ctx, rows)
        if row is None:
            continue
        current = row
        if FIELD_OF.get(st.slot, st.slot) not in row.values:
            rows.add(row, st.slot, f.value, f.printed, span)


def _row_for(st: Stated, sent, span: tuple[int, int], current: Row | None, ctx: Context, rows: Rows) -> Row | None:
    """The row a stated figure fills: its named line, the total, the line under discussion, or the row
    before it in the sentence (the total, where nothing was named, in a report that evaluates one thing)."""
    if st.kind == "item":
        item = st.item
        if st.summed and st.slot == "allocation" and _first_sum(rows, ctx):
            item = None  # 共安排X专项资金400万元，其中…: the sum stated first is what the report evaluates
        row = rows.get(item, sent.start + st.name_at if item else span[0])
        row.summed = row.summed or st.summed
        return row
    if st.kind == "total" and st.period and ctx.topic:
        return rows.get(ctx.topic[0], ctx.topic[1])  # （二）某某资金 / 全年安排资金850万元
    if st.kind == "total":
        if ctx.scope == "department" and st.slot in ("executed", "rate") and None not in rows.rows and \
                not _says_total(sent.text):
            return None  # 本年度实际支出480万元: an executed figure alone does not make a department total
        return rows.get(None, sent.start + st.name_at)
    if st.kind == "topic" or current is None:
        if ctx.topic:
            return rows.get(ctx.topic[0], ctx.topic[1])
        if ctx.scope == "department" and (st.slot not in ("budget", "initial_budget", "allocation", "executed") or
                                          (st.slot == "executed" and not _says_total(sent.text))):
            return None  # an executed figure or a rate alone does not make a department total
        return rows.get(None, sent.start + st.name_at)
    return current


def _first_sum(rows: Rows, ctx: Context) -> bool:
    """No line and no total budget stated yet, in a project or special-fund report whose title names none."""
    total = rows.rows.get(None)
    return ctx.scope in ("project", "special_fund") and ctx.object is None and \
        not any(r.item is not None for r in rows.rows.values()) and (total is None or "budget" not in total.values)


def _says_total(text: str) -> bool:
    return bool(re.search(r"部门|整体|全年|总", text))


def heading_line(text: str, start: int) -> tuple[str, int] | None:
    """A short sentence or heading that only names a line (``（1）“某某展厅运维经费”。``, ``项目1:某某专项经费``)."""
    t = text.strip().rstrip("。:：")
    if len(t) > 60 or not LINE_HINT.search(t) or find_amounts(t):
        return None
    s = classify(t)
    if s.kind != "item" or not s.name:
        return None
    leftover = re.sub(r"[\s，,。；;：:、()（）“”\"'‘’《》【】\[\]·.\-—\d]+", "", t.replace(s.name, "", 1))
    leftover = NUMBERING.sub("", leftover)
    leftover = re.sub(r"^项目\d*", "", leftover)
    for suffix in budget_patterns().item_suffixes:
        leftover = leftover.replace(suffix, "", 1)
    at = max(t.find(s.name), 0)
    if at > 0 and t[at - 1] in "“\"「『":
        at -= 1  # the line's name with its quotation marks: “某某经费”专项
    return (s.name, start + at) if len(leftover) <= 3 else None


# -- tables ---------------------------------------------------------------------------------------------------

def table_rows(doc: Parsed, table: Table, rows: Rows, department: str | None, notice: bool,
               warnings: list[str]) -> None:
    """Budget rows of one table: 合计/总额 rows are the total (or the project of a project table), 其中 rows
    are skipped, other rows are lines. In a table of money given to others (a notice's table, or a column
    of 金额 per 单位), only the rows whose unit is the department itself are its budget lines (its own 经费);
    the others are grants, read by ingest/subsidies.py."""
    pats = table_patterns()
    if not any(c.role in AMOUNT_SLOTS | {"rate", "grant"} for c in table.columns):
        return
    project = table.form_value(*pats.form_project)
    to_others = notice or any(c.role == "grant" for c in table.columns)
    for rec in table.records:
        label_cell = _label(table, rec)
        label = re.sub(r"\s+", "", label_cell.text) if label_cell is not None else ""
        org = next((x for _, x in rec.by_role(table.columns, "org")), None)
        if to_others and not (org is not None and department and org.text == department):
            continue
        if label.startswith(pats.breakdown_rows):
            continue  # 其中:财政拨款 …: the total by funding source
        is_total = label in pats.total_rows or not label
        item = (project.text if project is not None else None) if is_total else label_cell.text
        values = _record_values(table, rec, warnings)
        if not values:
            continue
        at = doc.norm.norm_span(label_cell.start, label_cell.end) if label_cell is not None else None
        row = rows.get(item, at[0] if at else 0, "table")
        row.sentence = row.sentence or table.row_text(rec)
        for slot, value, cell in values:
            span = doc.norm.norm_span(cell.start, cell.end)
            if span and FIELD_OF.get(slot, slot) not in row.values:
                rows.add(row, slot, value, cell.text, span)


def _record_values(table: Table, rec, warnings: list[str]) -> list[tuple[str, Decimal, object]]:
    """(slot, value, cell) of a record's figures, amounts in yuan; a column without a unit is not used."""
    out = []
    for col, cell in rec.by_role(table.columns, *AMOUNT_SLOTS, "rate", "grant"):
        if col.role == "rate":
            v = percent(cell.text) if percent(cell.text) is not None else number(cell.text)
            if v is not None:
                out.append(("rate", v, cell))
            continue
        n, unit = number(cell.text), table.unit_of(col)
        if n is None:
            continue
        if unit is None:
            message = f"table column '{col.label}' prints no unit (万元? 元?): its amounts were not used"
            if message not in warnings:
                warnings.append(message)
            continue
        out.append(("budget" if col.role == "grant" else col.role, n * UNIT_VALUE[unit], cell))
    return out


def _label(table: Table, rec):
    """The row's name: its label column, else the item column, else the last text column before the figures."""
    for roles in (("label",), ("item",), ("category", "text")):
        hits = rec.by_role(table.columns, *roles)
        if hits:
            return hits[-1][1]
    return None


# -- one report -----------------------------------------------------------------------------------------------

def similar(a: str, b: str) -> bool:
    """Two names of one fund or project (keys equal, one inside the other, or nearly the same characters)."""
    ka, kb = item_key(YEAR_PREFIX.sub("", a)), item_key(YEAR_PREFIX.sub("", b))
    if not ka or not kb:
        return False
    if ka == kb or ka in kb or kb in ka:
        return True
    return SequenceMatcher(None, ka, kb).ratio() >= 0.8


def reconcile(rows: Rows, scope: str | None, obj: str | None, table_project: str | None) -> list[Row]:
    """The report's rows in order; in a report that evaluates one fund or project, its row and the total
    made one (each fills what the other lacks), and the fund that pays for the whole project dropped."""
    if scope in ("project", "special_fund") or table_project is not None:
        _one_object(rows, table_project or obj, renamable=table_project is None)
    _merge_short_forms(rows)
    out = [r for r in rows.rows.values() if r.values]
    for r in out:
        if "budget" not in r.values and "initial_budget" in r.values:
            r.values["budget"] = r.values["initial_budget"] + r.values.get("adjustment", Decimal(0))
            r.printed.setdefault("budget", r.printed["initial_budget"])
            r.spans.setdefault("budget", r.spans["initial_budget"])
    return sorted(out, key=lambda r: r.item is not None)


def _year(name: str) -> str | None:
    m = YEAR_PREFIX.match(name)
    return re.sub(r"\D", "", m.group(0))[:4] if m else None


def _object_row(named: list[Row], target: str | None, total: Row | None) -> tuple[Row | None, str | None]:
    """The row of the evaluated fund or project: named like the title or form says (an exact name first,
    then a similar one of the same year); without a name, the one project whose budget is the total's."""
    if target:
        def score(r: Row) -> int:
            if item_key(r.item) == item_key(target):
                return 3
            if not similar(r.item, target):
                return 0
            ya, yb = _year(r.item), _year(target)
            return 2 if ya == yb else 1 if ya is None or yb is None else 0
        best = max(named, key=score, default=None)
        if best is not None and score(best):
            return best, "name"
    if total is not None and total.values.get("budget") is not None:
        same = [r for r in named if r.values.get("budget") == total.values["budget"] and not r.item.endswith(("资金", "经费"))]
        if len(same) == 1:
            return same[0], "budget"
    return None, None


def _copy(row: Row, item: str | None) -> Row:
    return Row(item, dict(row.values), dict(row.printed), dict(row.spans), row.start, row.end, row.source,
               sentence=row.sentence)


def _one_object(rows: Rows, target: str | None, renamable: bool) -> None:
    total = rows.rows.get(None)
    named = [r for r in rows.rows.values() if r.item is not None and r.values]
    obj_row, how = _object_row(named, target, total)
    if obj_row is None:
        return
    if renamable and how == "name" and target and item_key(obj_row.item) != item_key(target) and _year(obj_row.item) == _year(target):
        del rows.rows[item_key(obj_row.item)]  # the title's name of it, where the body prints a variant
        obj_row.item = target
        rows.rows[item_key(target)] = obj_row
    if total is None:
        rows.rows[None] = total = _copy(obj_row, None)
    for k in FIELDS:
        if k in total.values and k not in obj_row.values:
            obj_row.fill(k, total.values[k], total.printed.get(k, ""), total.spans[k])
        if k in obj_row.values and k not in total.values:
            total.fill(k, obj_row.values[k], obj_row.printed.get(k, ""), obj_row.spans[k])
    if obj_row.item.endswith(("资金", "经费")) or total.values.get("budget") is None:
        return
    for r in list(rows.rows.values()):  # a fund whose whole amount goes into the project is its source
        if r is not obj_row and r.item is not None and r.item.endswith(("资金", "经费")) and \
                r.values.get("budget") == total.values["budget"] and set(r.values) <= {"budget", "rate"}:
            del rows.rows[item_key(r.item)]


def _merge_short_forms(rows: Rows) -> None:
    """工业专项 200万元 and 工业发展专项资金 200万元: one line printed twice, once short."""
    def core(name: str) -> str:
        k = item_key(name) or ""
        for s in ("资金", "经费"):
            if k.endswith(s) and len(k) > len(s) + 2:
                return k[: -len(s)]
        return k

    items = [r for r in rows.rows.values() if r.item is not None]
    for a in items:
        for b in items:
            if a is b or item_key(a.item) not in rows.rows or item_key(b.item) not in rows.rows:
                continue
            if a.values.get("budget") is not None and a.values.get("budget") == b.values.get("budget") and \
                    is_short_form(core(a.item), core(b.item)):
                for k, v in a.values.items():
                    if k not in b.values:
                        b.fill(k, v, a.printed.get(k, ""), a.spans[k])
                del rows.rows[item_key(a.item)]


# -- the report --------------------------------------------------------------------------------------------------

def extract_budget(doc: Parsed, dept: DepartmentInfo) -> tuple[list[BudgetRow], list[str]]:
    """Every budget row of the report, the total first, and the warnings reading them gave."""
    notice = dept.kind == "notice"
    ctx = Context(scope=dept.scope, object=dept.object, notice=notice)
    rows, warnings = Rows(), []
    tables = [t for t in (doc.layout.tables if doc.layout is not None else ()) if t.columns]
    if not notice:  # a notice's money is announced or paid to others: no budget statements in its prose
        prose_rows(doc, ctx, rows)
    for table in tables:
        table_rows(doc, table, rows, dept.name, notice, warnings)
    projects = [t.form_value(*table_patterns().form_project) for t in tables]
    projects = [p.text for p in projects if p is not None]
    assembled = reconcile(rows, dept.scope, dept.object, projects[0] if len(set(projects)) == 1 else None)
    return [_budget_row(doc, r) for r in assembled], warnings


def _budget_row(doc: Parsed, r: Row) -> BudgetRow:
    order = sorted(r.spans.items(), key=lambda kv: kv[1])
    figures = tuple((k, doc.evidence(*span)) for k, span in order)
    start = min([r.start] + [sp[0] for sp in r.spans.values()])
    end = max(sp[1] for sp in r.spans.values())
    evidence = doc.evidence(start, end)
    if r.sentence:
        evidence = replace(evidence, sentence=r.sentence)
        figures = tuple((k, replace(ev, sentence=r.sentence)) for k, ev in figures)
    return BudgetRow(item=r.item, budget=_plain(r.values.get("budget")), executed=_plain(r.values.get("executed")),
                     rate=_plain(r.values.get("rate")), initial_budget=_plain(r.values.get("initial_budget")),
                     adjustment=_plain(r.values.get("adjustment")),
                     printed=FrozenMap((k, r.printed[k]) for k, _ in order), evidence=evidence, figures=figures)


def _plain(v: Decimal | None) -> Decimal | None:
    return None if v is None else plain(v)


def heading_item(sent) -> tuple[str, int] | None:
    """A sentence that only names a budget line (the program of the payments that follow it)."""
    return heading_line(sent.text, sent.start)
