"""Budget rows: the department total and every named budget line, from keyword -> figure slots.

A sentence is scanned for budget keywords (``patterns/budget.toml``) each followed by a figure. Every
keyword's *subject* (the text since the previous figure) decides which row it fills: a quoted or
suffixed line name starts a line, generic words (部门, 全年 …) mean the department total, and nothing at
all continues the current row, or the line named by a heading sentence just before (“…”专项。).
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal

from .amounts import find_amounts, find_rates
from .facts import BudgetRow, Evidence, FrozenMap
from .parsed import Parsed, Sentence
from .patterns import budget_patterns

QUOTED = re.compile(r"[“\"「『]([^”\"」』]{2,60})[”\"」』]")
YEARS_AND_NUMBERING = re.compile(r"(?:19|20)\d{2}\s*年度?|\d+\s*[.、．)]|[（(]\s*[一二三四五六七八九十\d]+\s*[)）]|[一二三四五六七八九十]+、")
ROW_STARTERS = {"budget", "initial_budget"}
SUBTOTAL_SUBJECT = re.compile(r"(基本支出|项目支出)\s*$")
PUNCT = re.compile(r"[\s，,。；;：:、()（）“”\"'‘’《》【】\[\]·.\-—]+")


@dataclass(frozen=True)
class Hit:
    slot: str
    keyword: str
    kw_start: int
    fig_start: int
    fig_end: int
    value: Decimal
    printed: str


def _hits(sent: Sentence) -> list[Hit]:
    pats = budget_patterns()
    hits = []
    for m in pats.keywords.finditer(sent.fold):
        slot = pats.slot_of[m.group(0)]
        rx = pats.rate_after if slot == "rate" else pats.amount_after
        f = rx.match(sent.fold, m.end())
        if not f:
            continue
        fig_start = f.start("num")
        if slot == "rate":
            value = find_rates(sent.fold[fig_start:f.end()])[0][0]
        else:
            amount = find_amounts(sent.fold[fig_start:f.end()])
            if not amount or amount[0].currency != "CNY":
                continue
            value = amount[0].value
        hits.append(Hit(slot, m.group(0), m.start(), fig_start, f.end(), value, sent.text[fig_start:f.end()]))
    return hits


def clean_item(name: str) -> str:
    """Strip numbering, years and generic leading words from a line name."""
    pats = budget_patterns()
    name = YEARS_AND_NUMBERING.sub("", name).strip(" ，,：:")
    changed = True
    while changed:
        changed = False
        for p in pats.item_prefixes:
            if name.startswith(p) and len(name) > len(p) + 2:
                name, changed = name[len(p):].strip(), True
    return name


def subject_kind(subject: str) -> tuple[str, str | None, int]:
    """Classify the text before a keyword: ("item", name, offset) | ("total"|"empty"|"other", None, -1)."""
    pats = budget_patterns()
    clause_at = max(subject.rfind(c) for c in "：:，,；;") + 1
    subject = subject[clause_at:]  # only the clause that holds the keyword speaks of it
    quoted = [m for m in QUOTED.finditer(subject)]
    for m in reversed(quoted):
        inner, after = m.group(1).strip(), subject[m.end():m.end() + 4]
        if inner.endswith(pats.item_suffixes) or after.startswith(pats.item_suffixes):
            return "item", inner, clause_at + m.start()
    m = SUBTOTAL_SUBJECT.search(subject)
    if m:
        return "item", m.group(1), clause_at + m.start(1)
    m = pats.suffix_rx.search(subject)
    if m:
        name = clean_item(m.group(1))
        if len(name) >= 3 and not any(w in name for w in pats.not_a_line) and name not in pats.total_words:
            return "item", name, clause_at + m.start(1)
    rest = PUNCT.sub("", YEARS_AND_NUMBERING.sub("", subject))
    if not rest:
        return "empty", None, -1
    if any(w in subject for w in pats.not_a_line):
        return "other", None, -1
    for w in pats.total_words:  # longest first
        rest = rest.replace(w, "")
    return ("total", None, -1) if not rest else ("other", None, -1)


def heading_item(sent: Sentence) -> tuple[str, int] | None:
    """A short sentence or heading that only names a budget line (``4.“招商引资企业政策扶持专项”。``)."""
    text = sent.text.strip().rstrip("。:：")
    if len(text) > 60 or not budget_patterns().item_hint.search(text) or find_amounts(text):
        return None
    kind, name, offset = subject_kind(text)
    if kind != "item":
        return None
    leftover = PUNCT.sub("", YEARS_AND_NUMBERING.sub("", text.replace(name, "", 1)))
    for suffix in budget_patterns().item_suffixes:
        leftover = leftover.replace(suffix, "", 1)
    return (name, sent.start + max(offset, 0)) if len(leftover) <= 2 else None


class _Row:
    """A budget row while its sentences are read; :meth:`freeze` makes the :class:`BudgetRow`."""

    __slots__ = ("item", "values", "printed", "evidence")

    def __init__(self, item: str | None):
        self.item = item
        self.values: dict[str, Decimal] = {}  # field -> value, in the order they are filled
        self.printed: dict[str, str] = {}
        self.evidence: Evidence | None = None

    def freeze(self) -> BudgetRow:
        v = self.values
        budget = v.get("budget")
        if budget is None and v.get("initial_budget") is not None:
            budget = v["initial_budget"] + (v.get("adjustment") or 0)
        return BudgetRow(self.item, budget, v.get("executed"), v.get("rate"), v.get("initial_budget"),
                         v.get("adjustment"), FrozenMap(self.printed), self.evidence)


def extract_budget(doc: Parsed) -> list[BudgetRow]:
    """Every budget row of the report, merged by line name, the department total first."""
    rows: dict[str | None, _Row] = {}
    carry: tuple[str, int] | None = None  # (line name, where it is named)
    heading_carry: tuple[str, int] | None = None
    para = -1
    for sent in doc.sentences:
        if sent.para != para:
            para = sent.para
            # a heading paragraph that names a line carries it into the next paragraph only
            carry, heading_carry = heading_carry, None
        hits = _hits(sent)
        if not hits:
            named = heading_item(sent)
            if named:
                carry = named
                if doc.is_heading_paragraph(para) or doc.paragraph_text(para).strip() == sent.text.strip():
                    heading_carry = named
            continue
        for row, start, end in _rows(sent, hits, carry):
            row.evidence = doc.evidence(start, end)
            _merge(rows, row)
    return [r.freeze() for r in sorted(rows.values(), key=lambda r: r.item is not None)]


def _rows(sent: Sentence, hits: list[Hit], carry) -> list[list]:
    """Group a sentence's hits into rows: [[row, start, end], ...] in normalised offsets."""
    out: list[list] = []
    current: _Row | None = None
    boundary = 0
    for h in hits:
        subject, subject_at = sent.fold[boundary:h.kw_start], boundary
        boundary = h.fig_end
        if h.slot == "subtotal":
            before = sent.fold[: h.kw_start]
            slot = "budget" if "预算" in before[-12:] and "支出总额" not in before else "executed"
            row = _Row(h.keyword)
            _fill(row, slot, h)
            out.append([row, sent.start + h.kw_start, sent.start + h.fig_end])
            current = None
            continue
        kind, name, offset = subject_kind(subject)
        if kind == "other":
            current = None
            continue
        if kind == "item":
            current = _Row(name)
            out.append([current, sent.start + subject_at + offset, None])
        elif kind == "total" and (current is None or current.item is not None):
            current = _Row(None)
            out.append([current, sent.start + h.kw_start, None])
        elif current is None:
            if not carry and h.slot not in ROW_STARTERS:
                continue  # an executed figure or a rate alone does not make a department total
            current = _Row(carry[0] if carry else None)
            out.append([current, carry[1] if carry else sent.start + h.kw_start, None])
        elif _field(h.slot) in current.values:
            continue
        _fill(current, h.slot, h)
        out[-1][2] = sent.start + h.fig_end
    return [r for r in out if r[2] is not None]


FIELDS = ("budget", "executed", "rate", "initial_budget", "adjustment")


def _field(slot: str) -> str:
    """The BudgetRow field a slot fills (both adjustment directions fill ``adjustment``)."""
    return "adjustment" if slot.startswith("adjust_") else slot


def _fill(row: _Row, slot: str, h: Hit) -> None:
    key = _field(slot)
    if key not in row.values:
        row.values[key] = -h.value if slot == "adjust_down" else h.value
        row.printed[key] = h.printed


def item_key(item: str | None) -> str | None:
    """Name key for merging rows: NFKC, no spaces or quotes."""
    if item is None:
        return None
    return re.sub(r"[\s“”\"'‘’]", "", unicodedata.normalize("NFKC", item))


def _merge(rows: dict[str | None, _Row], row: _Row) -> None:
    if not row.values:
        return
    key = item_key(row.item)
    old = rows.get(key)
    if old is None:
        rows[key] = row
        return
    for k in FIELDS:
        if k not in old.values and k in row.values:
            old.values[k] = row.values[k]
            old.printed[k] = row.printed.get(k, "")
