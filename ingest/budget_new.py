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
import tomllib
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal
from difflib import SequenceMatcher
from functools import lru_cache
from importlib import resources

from .amounts import find_amounts, find_rates
from .slots import AMOUNT_SLOTS, FIELD_OF, slot_vocabulary
from .tables import Table, number, percent, table_patterns

UNIT_VALUE = {"元": Decimal(1), "千元": Decimal(1000), "万元": Decimal(10000), "亿元": Decimal(100000000)}
CLAUSE = re.compile(r"(?:[^，,；;。！？!?]|(?<=\d)[,，](?=\d{3}))+")
NUMBERING = re.compile(r"^\s*(?:[（(]?\s*[一二三四五六七八九十\d]{1,3}\s*[)）、.．]|[①-⑳]|项目\s*\d+\s*[:：]|第[一二三四五六七八九十\d]+[项条])\s*")
YEAR_PREFIX = re.compile(r"^(?:(?:19|20)\d{2}\s*(?:-|—|~|至)\s*)?(?:19|20)\d{2}\s*年(?:度)?(?:\s*\d{1,2}\s*月)?")
COUNT = re.compile(r"\d+\s*(?:个|项|家|批)")
QUOTED = re.compile(r"[“\"「『]([^”\"」』]{2,60})[”\"」』]")
TRAILING_GAP = re.compile(r"(?:共计|合计|总计|达到|总额为?|金额为?|人民币|(?<=[金费项目程数])(?:共|计|为|是|达|约)|[:：\s])+$")
SUMMED = re.compile(r"合计|共计|总计|(?<![中公])共")
FIELDS = ("budget", "executed", "rate", "initial_budget", "adjustment")


@dataclass(frozen=True)
class ProseVocabulary:
    """``patterns/budget_new.toml`` compiled."""

    gap: re.Pattern
    item_suffixes: tuple[str, ...]
    item_leads: tuple[str, ...]
    total_words: tuple[str, ...]
    topic_words: tuple[str, ...]
    source_words: tuple[str, ...]
    source_markers: tuple[str, ...]
    not_budget: tuple[str, ...]
    lower_levels: tuple[str, ...]
    payment_verbs: tuple[str, ...]
    purpose_verbs: tuple[str, ...]
    boilerplate_sections: tuple[str, ...]
    name_rx: re.Pattern  # a line's name at the end of a text


@lru_cache(maxsize=1)
def prose_vocabulary() -> ProseVocabulary:
    raw = tomllib.loads(resources.files("govkg.ingest.patterns").joinpath("budget_new.toml").read_text("utf-8"))

    def longest(key: str) -> tuple[str, ...]:
        return tuple(sorted(raw[key], key=len, reverse=True))

    suffixes = longest("item_suffixes")
    name_rx = re.compile(r"(?P<name>[\u4e00-\u9fffA-Za-z0-9“”\"（）()·\-—.、]{2,60}?(?:"
                         + "|".join(map(re.escape, suffixes)) + r"))\s*[:：]?\s*$")
    return ProseVocabulary(re.compile(raw["gap"]), suffixes, longest("item_leads"), longest("total_words"),
                           longest("topic_words"), longest("source_words"), longest("source_markers"), longest("not_budget"),
                           longest("lower_levels"), longest("payment_verbs"), longest("purpose_verbs"),
                           tuple(raw["boilerplate_sections"]), name_rx)


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
    return re.sub(r"[\s“”\"'‘’「」『』]", "", unicodedata.normalize("NFKC", item))


def clean_name(text: str) -> str:
    """A line's name without numbering, leading verbs and references to the reporter."""
    voc = prose_vocabulary()
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
    rest = YEAR_PREFIX.sub("", NUMBERING.sub("", text))
    rest = COUNT.sub("", rest)
    rest = re.sub(r"[\s，,。；;：:、()（）“”\"'‘’《》【】\[\]·.\-—\d]+", "", rest)
    for w in words:
        rest = rest.replace(w, "")
    return not rest


@dataclass(frozen=True)
class Subject:
    kind: str  # item | total | topic | skip | empty
    name: str | None = None
    start: int = 0  # clause-relative offset of the name


def classify(text: str, at: int = 0) -> Subject:
    """What a figure's subject text speaks of: a named line, the total, the line under discussion, nothing."""
    voc = prose_vocabulary()
    bare = TRAILING_GAP.sub("", text.strip(" ，,：:、"))
    if not bare or not re.search(r"[\u4e00-\u9fffA-Za-z]", bare):
        return Subject("empty")
    if any(w in bare for w in voc.not_budget) or any(w in bare for w in voc.lower_levels):
        return Subject("skip")
    if any(w in bare for w in voc.topic_words):
        return Subject("topic")
    if any(w in bare for w in voc.source_markers):
        return Subject("source")  # 其中一般公共预算财政拨款…, 中央财政资金: a funding source
    quoted = [m for m in QUOTED.finditer(bare)]
    for m in reversed(quoted):
        inner, after = m.group(1).strip(), bare[m.end():m.end() + 4]
        if inner.endswith(voc.item_suffixes) or after.startswith(voc.item_suffixes):
            return Subject("item", inner, at + text.find(m.group(0)))
    m = voc.name_rx.search(bare)
    if m:
        name = clean_name(m.group("name"))
        if _only(name, voc.total_words):
            return Subject("total")
        if _only(name, voc.source_words + voc.total_words):
            return Subject("source")
        if len(YEAR_PREFIX.sub("", name)) >= 3:
            return Subject("item", name, at + text.find(name) if name in text else at)
    if _only(bare, voc.total_words):
        return Subject("total")
    return Subject("other")


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
    return re.sub(r"《[^《》]*》", lambda m: "□" * len(m.group(0)), text)


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
    topic: tuple[str, int] | None = None  # a line named by a heading or an earlier sentence


def read_sentence(sent_text: str, sent_start: int, ctx: Context) -> list[tuple[Row | None, Figure, str, int]]:
    """The budget figures of one sentence: (subject row template, figure, how it was resolved, clause start).

    The row template is ``Row(item)`` for a named line, ``Row(None)`` for the total, None to continue the
    row before in the sentence.
    """
    voc = prose_vocabulary()
    out: list[tuple[Row | None, Figure, str, int]] = []
    clauses = list(CLAUSE.finditer(sent_text))
    frame: str | None = None  # "skip" after a contract price or a payment: its 其中 list is skipped too
    last_slot: str | None = None
    paid = False
    for ci, cm in enumerate(clauses):
        clause = cm.group(0)
        lead = re.sub(r"^\s*(?:[（(]?\d+[)）.、]|已|共|累计|全部|并|再|另)*", "", clause)
        if lead.startswith(voc.payment_verbs):
            paid = True  # 支付某某中心场地补助经费…: a payment, and the list that follows it
        figures = clause_figures(clause)
        if not figures:
            continue
        continues = bool(re.match(r"^\s*(?:其中|含|包括|分别为|分别是)", clause)) or frame is not None
        prev_end = 0
        for f in figures:
            slot = f.slot
            left = clause[prev_end:f.start]
            before_kw = clause[prev_end:f.kw_start]
            mid = clause[f.kw_end:f.start] if slot else ""
            right = clause[f.end:]
            nxt = clauses[ci + 1].group(0) if ci + 1 < len(clauses) else ""
            prev_end = f.end
            if slot in ("received",) or slot in ("weight", "score"):
                continue
            if slot == "disbursed":
                slot = "executed" if re.search(r"执行率|支付率|支出率", sent_text[cm.end() - cm.start():] + right + nxt) \
                    else None
                if slot is None:
                    continue
            if slot == "subtotal":
                kw = clause[f.kw_start:f.kw_end]
                before = clause[:f.kw_start]
                key = "budget" if "预算" in before[-12:] and "支出总额" not in before else "executed"
                out.append((Row(kw, start=cm.start() + f.kw_start), Figure(key, f.value, f.printed, f.start, f.end,
                                                                         f.kw_start, f.kw_end, False), "subtotal",
                            cm.start()))
                continue
            if any(w in _masked(left) for w in voc.not_budget) and not QUOTED.search(left):
                frame = "skip"
                continue
            if f.slot is None:
                if f.rate:
                    continue
                # no keyword: a clause that is only a line's name and its figure, a 其中 list item, or
                # a figure followed by 资金 (X项目14500万元资金)
                after = _after_figure(right, nxt, f, voc) if continues else None
                if after is not None and after.kind == "item" and frame is None:
                    slot = last_slot if last_slot in ("budget", "initial_budget", "allocation") else "budget"
                    out.append((Row(after.name, start=cm.start() + after.start), _with_slot(f, slot),
                                "figure and purpose", cm.start()))
                    continue
                subject = classify(left)
                fund_after = bool(re.match(r"^\s*(?:的)?(?:资金|经费|专项资金)", right))
                if frame == "skip" or (paid and not continues) or subject.kind not in ("item", "total"):
                    if not (fund_after and subject.kind == "item"):
                        if subject.kind == "item" and continues and frame is None and last_slot:
                            pass
                        else:
                            continue
                if subject.kind == "total" and (ctx.scope == "department" or not re.search(r"共|合计|总", left)):
                    continue
                if subject.kind == "item" and not fund_after and not (
                        _whole_name(left, subject.name) and (continues or not right.strip(" 。.、"))):
                    continue  # 明确一次性启动资金1.5亿元按…延迟: a name and a figure inside a longer clause
                slot = last_slot if continues and last_slot in ("budget", "initial_budget", "allocation") else "budget"
                out.append((Row(subject.name, start=cm.start() + max(subject.start, 0)) if subject.kind == "item"
                            else Row(None, start=cm.start() + f.start),
                            _with_slot(f, slot), "name and figure", cm.start()))
                last_slot = slot
                continue
            # a keyword names the figure: the subject is between them, before the keyword, or after the figure
            subject = _subject(mid, before_kw, right, nxt, f, voc)
            if subject.kind == "skip":
                frame = "skip"
                continue
            if subject.kind in ("other", "source"):
                if subject.kind == "source" and slot == "allocation" and not continues:
                    subject = Subject("total")
                else:
                    continue
            last_slot = slot
            frame = None if subject.kind != "skip" else frame
            if subject.kind == "item":
                row = Row(subject.name, start=cm.start() + subject.start,
                          summed=bool(SUMMED.search(clause[:f.start])))
            elif subject.kind == "total":
                row = Row(None, start=cm.start() + f.kw_start)
            elif subject.kind == "topic":
                row = Row(ctx.topic[0], start=ctx.topic[1]) if ctx.topic else Row(None, start=cm.start() + f.kw_start)
            else:  # empty: the row before in this sentence, else the topic, else the total
                row = None
            out.append((row, _with_slot(f, slot), subject.kind, cm.start()))
    return out


def _whole_name(left: str, name: str | None) -> bool:
    """Is the text before a keyword-less figure only the line's name (after numbering, 其中, 共计 …)?"""
    if not name:
        return False
    rest = prose_vocabulary().gap.sub("", left[::-1])[::-1] if False else left
    rest = re.sub(r"(?:共计|合计|总计|共|计|为|是|:|：)\s*$", "", rest.strip())
    rest = clean_name(rest)
    return item_key(rest) == item_key(name) or item_key(rest).endswith(item_key(name) or "")


def _with_slot(f: Figure, slot: str | None) -> Figure:
    return Figure(slot, f.value, f.printed, f.start, f.end, f.kw_start, f.kw_end, f.rate)


def _subject(mid: str, before_kw: str, right: str, nxt: str, f: Figure, voc: ProseVocabulary) -> Subject:
    """The subject of a keyword's figure: the words between them, else before the keyword, else after the
    figure (a name right after it, or 用于/列入 a name, in this clause or the next)."""
    purpose = _purpose(right, nxt, f, voc)
    if purpose is not None:
        return purpose  # 下达X资金100万元，全部列入Y项目: the money is Y's
    mid = voc.gap.sub("", mid)
    s = classify(mid, f.kw_end)
    if s.kind in ("item", "skip", "topic", "source"):
        return s
    after = _after_figure(right, nxt, f, voc)
    if after is not None:
        return after
    p = classify(_last_clause_part(before_kw))
    if p.kind != "empty":
        return p if p.kind != "item" else Subject("item", p.name, before_kw.find(p.name) if p.name in before_kw else 0)
    return s if s.kind != "other" else Subject("empty") if not mid.strip(" ：:为是") else s


def _last_clause_part(text: str) -> str:
    return re.split(r"[：:]", text)[-1] if re.search(r"[：:]\s*$", text) is None else text


def _after_figure(right: str, nxt: str, f: Figure, voc: ProseVocabulary) -> Subject | None:
    r = right.lstrip()
    m = re.match(r"^(?:的)?(?P<name>(?:(?:19|20)\d{2}\s*年度?)?[\u4e00-\u9fffA-Za-z0-9“”\"（）()·]{2,50}?(?:"
                 + "|".join(map(re.escape, voc.item_suffixes)) + r"))(?:$|[^\u4e00-\u9fff])", r)
    if m and not r.startswith(voc.purpose_verbs):
        s = classify(m.group("name"))
        if s.kind == "item":
            return Subject("item", s.name, f.end + right.find(m.group("name")))
    return _purpose(right, nxt, f, voc)


def _purpose(right: str, nxt: str, f: Figure, voc: ProseVocabulary) -> Subject | None:
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
            row = self.rows[key] = Row(item, start=start, source=source)
        return row

    def add(self, row: Row, slot: str, value: Decimal, printed: str, span: tuple[int, int]) -> None:
        key = FIELD_OF.get(slot, slot)
        if slot == "adjust_down":
            value = -value
        row.fill(key, value, printed, span)
        if slot == "allocation":
            row.from_allocation = True


def prose_rows(sentences, ctx: Context, rows: Rows, heading_topics: dict[int, tuple[str, int]] | None = None) -> None:
    """Read every prose sentence ``(start, text, paragraph, is_heading, boilerplate)`` into ``rows``."""
    heading_topics = heading_topics or {}
    para = None
    for start, text, p, is_heading, boilerplate in sentences:
        if p != para:
            para = p
            if p in heading_topics:
                ctx.topic = heading_topics[p]
        if boilerplate:
            continue
        named = heading_line(text, start)
        figures = read_sentence(text, start, ctx)
        if not figures:
            if named:
                ctx.topic = named
            continue
        current: Row | None = None
        for tmpl, f, how, cstart in figures:
            span = (start + cstart + f.start, start + cstart + f.end)
            if tmpl is None:
                if current is None:
                    if ctx.topic:
                        current = rows.get(ctx.topic[0], ctx.topic[1])
                    elif f.slot in ("budget", "initial_budget", "allocation", "executed") or ctx.scope != "department":
                        if ctx.scope == "department" and f.slot == "executed" and not _says_total(text):
                            continue
                        current = rows.get(None, span[0])
                    else:
                        continue
                row = current
            else:
                item = tmpl.item
                if item is not None and tmpl.summed and f.slot == "allocation" and _first_sum(rows, ctx):
                    item = None  # 共安排X专项资金400万元，其中…: the sum stated first is what the report evaluates
                row = rows.get(item, start + tmpl.start if item else span[0])
                current = row
            if FIELD_OF.get(f.slot or "", f.slot) in row.values:
                continue
            rows.add(row, f.slot or "budget", f.value, f.printed, span)
            row.end = max(row.end, span[1])


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
    if len(t) > 60 or find_amounts(t):
        return None
    s = classify(t)
    if s.kind != "item" or not s.name:
        return None
    leftover = re.sub(r"[\s，,。；;：:、()（）“”\"'‘’《》【】\[\]·.\-—\d]+", "", t.replace(s.name, "", 1))
    leftover = NUMBERING.sub("", leftover)
    leftover = re.sub(r"^项目\d*", "", leftover)
    for suffix in prose_vocabulary().item_suffixes:
        leftover = leftover.replace(suffix, "", 1)
    return (s.name, start + max(t.find(s.name), 0)) if len(leftover) <= 3 else None


# -- tables ---------------------------------------------------------------------------------------------------

def table_rows(table: Table, rows: Rows, department: str | None, objects: list[str], warnings: list[str],
               notice: bool) -> None:
    """Budget rows of one table: 合计/总额 rows are the total (or the project of a project table), 其中 rows
    are skipped, other rows are lines. A notice's table gives lines only where the department itself is
    the row's unit (its own 经费 lines); money to others is a grant, not a budget line."""
    pats = table_patterns()
    value_cols = [i for i, c in enumerate(table.columns) if c.role in AMOUNT_SLOTS | {"rate", "grant"}]
    if not value_cols:
        return
    project = table.form_value(*pats.form_project)
    for rec in table.records:
        label_cell = _label(table, rec)
        label = label_cell.text if label_cell is not None else ""
        org = next((x for c, x in rec.by_role(table.columns, "org")), None)
        if notice or any(c.role == "grant" for c in table.columns):
            if not (org is not None and department and org.text == department):
                continue
        squeezed = re.sub(r"\s+", "", label)
        if any(squeezed.startswith(b) for b in pats.breakdown_rows):
            continue
        is_total = squeezed in pats.total_rows or not squeezed
        item = None if is_total else label
        if is_total and project is not None:
            item = project.text
        values = []
        for col, cell in rec.by_role(table.columns, *AMOUNT_SLOTS, "rate", "grant"):
            if col.role == "rate":
                v = percent(cell.text) if percent(cell.text) is not None else number(cell.text)
                if v is not None:
                    values.append(("rate", v, cell))
                continue
            unit = table.unit_of(col)
            n = number(cell.text)
            if n is None:
                continue
            if unit is None:
                warnings.append(f"table '{table.caption[:30] or table.columns[0].label}': no unit printed for "
                                f"'{col.label}'; its amounts were not used")
                continue
            values.append(("budget" if col.role == "grant" else col.role, n * UNIT_VALUE[unit], cell))
        if not values:
            continue
        row = rows.get(item, label_cell.start if label_cell is not None else rec.start, "table")
        for slot, v, cell in values:
            if FIELD_OF.get(slot, slot) not in row.values:
                rows.add(row, slot, v, cell.text, (cell.start, cell.end))
        if is_total and project is not None:
            objects.append(project.text)


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
    return Row(item, dict(row.values), dict(row.printed), dict(row.spans), row.start, row.end, row.source)


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
    from .orgs import is_short_form

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
                    b.values.setdefault(k, v)
                del rows.rows[item_key(a.item)]
