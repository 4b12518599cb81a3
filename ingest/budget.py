"""Budget rows: the department total and every named budget line, from keyword -> figure slots.

A sentence is scanned for budget keywords (``patterns/budget.toml``) each followed by a figure. Every
keyword's *subject* (the text since the previous figure) decides which row it fills: a quoted or
suffixed line name starts a line, generic words (部门, 全年 …) mean the department total, and nothing at
all continues the current row, or the line named by a heading sentence just before (“…”专项。).
"""
from __future__ import annotations

import re
import tomllib
import unicodedata
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from importlib import resources

from .amounts import find_amounts, find_rates, quantity_patterns
from .facts import BudgetRow
from .parsed import Parsed, Sentence

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


@lru_cache(maxsize=1)
def budget_patterns() -> dict:
    """``patterns/budget.toml`` compiled: one keyword alternation (longest first) and figure matchers."""
    raw = tomllib.loads(resources.files("govkg.ingest.patterns").joinpath("budget.toml").read_text("utf-8"))
    slot_of = {kw: slot for slot, kws in raw["slots"].items() for kw in kws}
    raw["slot_of"] = slot_of
    raw["keywords"] = re.compile("|".join(sorted(map(re.escape, slot_of), key=len, reverse=True)))
    q = quantity_patterns()
    raw["amount_after"] = re.compile(raw["gap"] + "(?:" + q["amount"].pattern + ")")
    raw["rate_after"] = re.compile(raw["gap"] + "(?:" + q["rate"].pattern + ")")
    line_words = "|".join(map(re.escape, raw["item_suffixes"] + raw["slots"]["subtotal"]))
    raw["item_hint"] = re.compile(line_words)  # every text that can name a line holds one (a cheap first test)
    raw["suffix_rx"] = re.compile(r"([\u4e00-\u9fffA-Za-z0-9（）()+·]{2,40}?(?:" + line_words + r"))\s*$")
    return raw


def _hits(sent: Sentence) -> list[Hit]:
    pats = budget_patterns()
    hits = []
    for m in pats["keywords"].finditer(sent.fold):
        slot = pats["slot_of"][m.group(0)]
        rx = pats["rate_after"] if slot == "rate" else pats["amount_after"]
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
        for p in pats["item_prefixes"]:
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
        if inner.endswith(tuple(pats["item_suffixes"])) or after.startswith(tuple(pats["item_suffixes"])):
            return "item", inner, clause_at + m.start()
    m = SUBTOTAL_SUBJECT.search(subject)
    if m:
        return "item", m.group(1), clause_at + m.start(1)
    m = pats["suffix_rx"].search(subject)
    if m:
        name = clean_item(m.group(1))
        if len(name) >= 3 and not any(w in name for w in pats["not_a_line"]) and name not in pats["total_words"]:
            return "item", name, clause_at + m.start(1)
    rest = PUNCT.sub("", YEARS_AND_NUMBERING.sub("", subject))
    if not rest:
        return "empty", None, -1
    if any(w in subject for w in pats["not_a_line"]):
        return "other", None, -1
    for w in sorted(pats["total_words"], key=len, reverse=True):
        rest = rest.replace(w, "")
    return ("total", None, -1) if not rest else ("other", None, -1)


def heading_item(sent: Sentence) -> tuple[str, int] | None:
    """A short sentence or heading that only names a budget line (``4.“招商引资企业政策扶持专项”。``)."""
    text = sent.text.strip().rstrip("。:：")
    if len(text) > 60 or not budget_patterns()["item_hint"].search(text) or find_amounts(text):
        return None
    kind, name, offset = subject_kind(text)
    if kind != "item":
        return None
    leftover = PUNCT.sub("", YEARS_AND_NUMBERING.sub("", text.replace(name, "", 1)))
    for suffix in budget_patterns()["item_suffixes"]:
        leftover = leftover.replace(suffix, "", 1)
    return (name, sent.start + max(offset, 0)) if len(leftover) <= 2 else None


def extract_budget(doc: Parsed) -> list[BudgetRow]:
    """Every budget row of the report, merged by line name, the department total first."""
    rows: dict[str | None, BudgetRow] = {}
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
    ordered = sorted(rows.values(), key=lambda r: r.item is not None)
    for r in ordered:
        if r.budget is None and r.initial_budget is not None:
            r.budget = r.initial_budget + (r.adjustment or 0)
    return ordered


def _rows(sent: Sentence, hits: list[Hit], carry) -> list[list]:
    """Group a sentence's hits into rows: [[row, start, end], ...] in normalised offsets."""
    out: list[list] = []
    current: BudgetRow | None = None
    boundary = 0
    for h in hits:
        subject, subject_at = sent.fold[boundary:h.kw_start], boundary
        boundary = h.fig_end
        if h.slot == "subtotal":
            before = sent.fold[: h.kw_start]
            slot = "budget" if "预算" in before[-12:] and "支出总额" not in before else "executed"
            row = BudgetRow(item=h.keyword)
            _fill(row, slot, h)
            out.append([row, sent.start + h.kw_start, sent.start + h.fig_end])
            current = None
            continue
        kind, name, offset = subject_kind(subject)
        if kind == "other":
            current = None
            continue
        if kind == "item":
            current = BudgetRow(item=name)
            out.append([current, sent.start + subject_at + offset, None])
        elif kind == "total" and (current is None or current.item is not None):
            current = BudgetRow(item=None)
            out.append([current, sent.start + h.kw_start, None])
        elif current is None:
            if not carry and h.slot not in ROW_STARTERS:
                continue  # an executed figure or a rate alone does not make a department total
            current = BudgetRow(item=carry[0] if carry else None)
            out.append([current, carry[1] if carry else sent.start + h.kw_start, None])
        elif _field(h.slot) in _filled(current):
            continue
        _fill(current, h.slot, h)
        out[-1][2] = sent.start + h.fig_end
    return [r for r in out if r[2] is not None]


FIELDS = ("budget", "executed", "rate", "initial_budget", "adjustment")


def _field(slot: str) -> str:
    """The BudgetRow field a slot fills (both adjustment directions fill ``adjustment``)."""
    return "adjustment" if slot.startswith("adjust_") else slot


def _filled(row: BudgetRow) -> set[str]:
    return {k for k in FIELDS if getattr(row, k) is not None}


def _fill(row: BudgetRow, slot: str, h: Hit) -> None:
    value = -h.value if slot == "adjust_down" else h.value
    key = _field(slot)
    if getattr(row, key) is None:
        setattr(row, key, value)
        row.printed[key] = h.printed


def item_key(item: str | None) -> str | None:
    """Name key for merging rows: NFKC, no spaces or quotes."""
    if item is None:
        return None
    return re.sub(r"[\s“”\"'‘’]", "", unicodedata.normalize("NFKC", item))


def _merge(rows: dict[str | None, BudgetRow], row: BudgetRow) -> None:
    if not _filled(row):
        return
    key = item_key(row.item)
    old = rows.get(key)
    if old is None:
        rows[key] = row
        return
    for k in FIELDS:
        if getattr(old, k) is None and getattr(row, k) is not None:
            setattr(old, k, getattr(row, k))
            old.printed[k] = row.printed.get(k, "")
