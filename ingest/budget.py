"""Budget rows: the total a report evaluates and every named budget line, from prose and from tables.

Prose is read **from the amounts**: for every figure of a clause, the slot comes from the nearest
keyword before it (``patterns/slots.toml``: 年初批复预算, 调整后预算数, 实际支出, 下达 …) and the subject from
the local frame: the words between keyword and figure (安排X专项资金400万元), before the keyword
(X经费年初安排55万元), after the figure (87万元X资金, 250万元用于Y项目), a ``其中`` list that continues the
clause before, or, when the subject is empty or generic (该项目, 项目资金, 部门), the line under discussion
or the total. Funding-source breakdowns (其中中央财政资金…), transfers to lower governments (各市县, and
下达 a list of places, N个县(区) or a 管委会), investments, contracts, balances and audit coverage give no
row (``patterns/budget.toml``).

A sentence may build its total from parts: 年初预算X，年中追加<某某资金>Y，全年预算数Z (one row: initial,
adjustment, budget; the fund named in the 追加 phrase is a source), or 下达X资金A，配套安排B，合计/全年可用C
(C is X's budget; the shares are parts and fill no row). A 其中 breakdown of 基本支出/项目支出 gives budgets
after a budget figure and spending after a spending one, in its sentence or the sentence before.

Numbered headings (1. / （一） …) end the line discussed under the heading before them at their level; one
that names a line of any last word (3.乡村教师生活补助。) is discussed when the next sentence opens with its
budget (预算X，支出/执行/实际发放Y).

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
from .patterns import BudgetPatterns, budget_patterns, read, slot_vocabulary
from .slots import AMOUNT_SLOTS, FIELD_OF
from .tables import Table, number, percent, table_patterns

UNIT_VALUE = {"元": Decimal(1), "千元": Decimal(1000), "万元": Decimal(10000), "亿元": Decimal(100000000)}
CLAUSE = re.compile(r"(?:[^，,；;。！？!?]|(?<=\d)[,，](?=\d{3}))+")
NUMBERING = re.compile(r"^\s*(?:[（(]?\s*[一二三四五六七八九十\d]{1,3}\s*[)）、.．]|[①-⑳]|项目\s*\d+\s*[:：]|第[一二三四五六七八九十\d]+[项条])\s*")
YEAR_PREFIX = re.compile(r"^(?:(?:19|20)\d{2}\s*(?:-|—|~|至)\s*)?(?:19|20)\d{2}\s*年(?:度)?(?:\s*\d{1,2}\s*月)?")
YEAR_ANYWHERE = re.compile(r"(?:19|20)\d{2}\s*(?:-|—|~|至)?\s*(?:(?:19|20)\d{2}\s*)?年(?:度)?(?:\s*\d{1,2}\s*月)?")
PLACE_LEVEL = re.compile(r"^[\u4e00-\u9fff]{2,8}?(?=(?:省|市|县|区|州)级)")  # 周口市级资金: a place before a level
MINUS = re.compile(r"[^\d.][-−－]")  # a minus sign before a figure (not a range: 100-200万元)
COUNT = re.compile(r"\d+\s*(?:个|项|家|批)")
QUOTED = re.compile(r"[“\"「『]([^”\"」』]{2,60})[”\"」』]")
TRAILING_GAP = re.compile(r"(?:共计|合计|总计|达到|总额为?|金额为?|人民币|(?<=[金费项目程数])(?:共|计|为|是|达|约)|[:：\s])+$")
PUNCT_DIGITS = re.compile(r"[\s，,。；;：:、()（）“”\"'‘’《》【】\[\]·.\-—\d]+")
TITLE_QUOTE = re.compile(r"《[^《》]*》")
#: a sentence with a figure in it: an amount in 元 or 万, or a percentage (a cheap test before reading it)
#: a fund's name going on after a word (促进活动 资金): the modifier, then a fund noun
NAME_AFTER = re.compile(r"(?P<mod>[\u4e00-\u9fff]{0,16}?)(?:专项资金|专项经费|资金|经费|费用|专项)")
FIGURE_HINT = re.compile(r"\d\s*(?:万|亿|千|百)?\s*元|\d\s*%|\d\s*万")
LINE_HINT = re.compile(r"项目|资金|经费|专项|费|工程|支出")
SUBTOTAL = re.compile(r"(基本支出|项目支出)\s*$")
SUBTOTAL_WORD = re.compile(r"基本支出|项目支出")
SUMMED = re.compile(r"合计|共计|总计|(?<![中公])共")
FIELDS = ("budget", "executed", "rate", "initial_budget", "adjustment")


@dataclass(frozen=True)
class ProseWords:
    """The words of ``budget.toml`` and ``slots.toml`` that read sentences built from parts, transfers by
    destination and numbered headings."""

    tight: frozenset[str]  # keywords that name only the figure right after them (执行812万元)
    transfer_verbs: tuple[str, ...]
    destination: re.Pattern  # a destination right after a transfer verb
    fund_refs: tuple[str, ...]
    paying: tuple[str, ...]  # spending keywords whose object is what was paid for (实际支付X资金N)
    heading_words: tuple[str, ...]  # a numbered heading made of these only names no line (预算安排)
    heading_suffixes: tuple[str, ...]  # a numbered heading ending with one of these names a funded thing
    period_openers: tuple[str, ...]  # 全年预算数: an opener of a total
    reporters: tuple[str, ...]  # 我区, 本级: the reporter's own area
    definition: re.Pattern  # X是…的…资金
    to_recipient: re.Pattern  # 向某某工作站补助…: a clause that grants money to a named body
    paid_out: frozenset[str]  # a payment word right before one of these names the money paid out (兑现资金)
    recipients_named: tuple[str, ...]  # 受益企业为: the sentence names who got the money


@lru_cache(maxsize=1)
def prose_words() -> ProseWords:
    raw, slots = read("budget"), read("slots")

    def alt(words: list[str]) -> str:
        return "|".join(map(re.escape, sorted(words, key=len, reverse=True)))

    place = rf"[\u4e00-\u9fff]{{1,10}}?(?:{alt(raw['place_suffixes'])})"
    destination = re.compile(
        rf"^(?:至|到|给|向)?(?:{place}(?:、|和|及){place}"  # 巴宜区、米林市…
        rf"|[^，,。；;]{{0,30}}?等?\d+个(?:{alt(raw['destination_units'])})"  # …等12个县(市、区)
        rf"|[^，,。；;]{{0,20}}?(?:{alt(raw['destination_bodies'])}))")  # 某开发区管委会
    definition = re.compile(rf"^[^，,。；;]{{2,}}?(?:{alt(raw['copulas'])})[^，,。；;]*的")
    to_recipient = re.compile(rf"^(?:{alt(raw['recipient_openers'])})[^，,。；;]{{2,40}}?(?:{alt(raw['grant_verbs'])})")
    return ProseWords(frozenset(slots.get("tight", {}).get("words", [])), tuple(raw["transfer_verbs"]), destination,
                      tuple(raw["fund_refs"]), tuple(raw["paying"]), tuple(raw["heading_words"]),
                      tuple(raw["heading_suffixes"]) + tuple(raw["item_suffixes"]), tuple(raw["period_openers"]),
                      tuple(raw["reporters"]), definition, to_recipient, frozenset(raw["paid_out_nouns"]),
                      tuple(raw["recipients_named"]))


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
    fund: bool = False  # the total said of the fund or project itself (专项资金3.2亿元)
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
    year = YEAR_PREFIX.match(name)
    if year and name[year.end():].startswith(prose_words().reporters):  # 2024年度我县创业扶持资金
        rest = name[year.end():]
        name = name[: year.end()] + rest[len(next(w for w in prose_words().reporters if rest.startswith(w))):]
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
    """Words that decide a subject at once: no budget (investment), money sent on or kept at one level
    (各市县, 市本级: lower), the line under discussion (该项目), a funding source (其中一般公共预算财政拨款…,
    中央财政资金)."""
    if _not_budget_in(bare, voc):
        return Subject("skip")
    if any(w in bare for w in voc.lower_levels):
        return Subject("lower")
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
    if _only(name, voc.source_words + voc.total_words) or _only(PLACE_LEVEL.sub("", name), voc.source_words):
        return Subject("source")  # 省级资金, 周口市级资金: a share by funding level
    if len(YEAR_PREFIX.sub("", name)) >= 3 and not _pays_someone(name, voc):
        return Subject("item", name, at + text.find(name) if name in text else at)
    return None


@lru_cache(maxsize=1)
def _paying_rx() -> re.Pattern:
    words = sorted(read("budget")["paying_in_name"], key=len, reverse=True)
    return re.compile("|".join(map(re.escape, words)) + r"|\d+\s*家")


def _pays_someone(name: str, voc: BudgetPatterns) -> bool:
    """Does a subject name a payment (兑现某公司奖励, 发放3家企业补贴) rather than a line whose name holds
    a payment word after a short modifier (政策兑现服务工作经费)?"""
    m = _paying_rx().search(name)
    if m is None:
        return False
    short_modifier = 2 <= m.start() <= 6 and not re.search(r"公司|企业|集团|院|学校|的|\d", name[: m.start()])
    paid_out = name[m.end():] in prose_words().paid_out  # 人才专项兑现资金: the money paid out, no line's name
    return not (short_modifier and name.endswith(voc.item_suffixes) and not paid_out)


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


def _not_budget_in(text: str, voc: BudgetPatterns) -> bool:
    """Does ``text`` speak of investment, revenue, contracts or balances? Not where such a word only modifies
    a fund's name (消费促进活动资金, 进口贴息资金); it does where it heads it (结余资金, 退回资金)."""
    for w in (w for w in voc.not_budget if w in text):
        for m in re.finditer(re.escape(w), text):
            name = NAME_AFTER.match(text, m.end())
            if not (name and len(name.group("mod")) >= 2):
                return True
    return False


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
            negative = MINUS.match(clause, max(a.start - 2, 0)) is not None or (a.start == 1 and clause[0] in "-−－")
            figs.append((a.start - 1 if negative else a.start, a.end, -a.value if negative else a.value,
                         ("-" if negative else "") + a.printed, False))
    for value, s, e in find_rates(clause):
        figs.append((s, e, value, clause[s:e], True))
    figs.sort()
    out = []
    prev = 0
    for s, e, value, printed, is_rate in figs:
        kws = [m for m in voc.keywords.finditer(masked, prev, s)]
        kws = [m for m in kws if (voc.slot_of[m.group(0)] == "rate") == is_rate and _reaches(m, masked, s)]
        if value < 0 and not is_rate:  # 调整预算-436.20万元: a signed change; any other signed figure is not read
            if kws and voc.slot_of[kws[-1].group(0)] in ("budget", "adjustment") and "调整" in kws[-1].group(0):
                k = kws[-1]
                out.append(Figure("adjustment", value, printed, s, e, k.start(), k.end(), is_rate))
            prev = e
            continue
        if kws:
            k = kws[-1]
            out.append(Figure(voc.slot_of[k.group(0)], value, printed, s, e, _keyword_start(masked, k), k.end(), is_rate))
        else:
            out.append(Figure(None, value, printed, s, e, s, s, is_rate))
        prev = e
    return out


def _keyword_start(text: str, kw: re.Match) -> int:
    """Where a keyword starts; one that opens with a fund noun glued to a name (外贸发展资金预算) starts after
    the noun, which ends the name (not after a verb: 安排资金预算 is the keyword)."""
    word = kw.group(0)
    noun = next((n for n in budget_patterns().glued_nouns if word.startswith(n) and len(word) > len(n)), None)
    if noun is None or kw.start() == 0 or not re.match(r"[\u4e00-\u9fff]", text[kw.start() - 1]):
        return kw.start()
    before = text[max(0, kw.start() - 8):kw.start()]
    if any(before.endswith(w) for w in budget_patterns().actor_verbs) or slot_vocabulary().keywords.search(before[-2:]):
        return kw.start()
    return kw.start() + len(noun)


def _reaches(kw: re.Match, text: str, figure_at: int) -> bool:
    """A tight keyword (执行) names only a figure right after it (执行812万元, 执行为812万元)."""
    if kw.group(0) not in prose_words().tight:
        return True
    return not budget_patterns().gap.sub("", text[kw.end():figure_at]).strip()


@dataclass
class Context:
    """What the extractor knows of the report while it reads: its scope and the line under discussion."""

    scope: str | None  # department | project | special_fund | None
    object: str | None = None  # the fund or project the title names
    notice: bool = False
    topic: tuple[str, int] | None = None  # (line, where it is named) set by a heading or a short sentence
    last_field: str | None = None  # budget | executed: what the sentence before stated (its last amount)


@dataclass(frozen=True)
class Stated:
    """One figure of a sentence and what it belongs to: ``kind`` item (``item`` named), total, topic (the
    line under discussion), row (the row before in the sentence), or part (a share of a sum the sentence
    states: it fills no row)."""

    kind: str
    item: str | None
    slot: str
    figure: Figure
    clause: int  # the clause's start in the sentence
    name_at: int = 0  # sentence offset where the line is named (its evidence starts there)
    summed: bool = False  # stated as a sum (合计, 共安排 …)
    period: bool = False  # the total named by its period only (Subject.period)
    fund: bool = False  # a total said of the fund or project itself (专项资金, 项目资金)
    listed: bool = False  # stated inside a 其中 list (or a 基本支出/项目支出 subtotal)


@dataclass
class _Frame:
    """The state of one sentence while its clauses are read."""

    skip: bool = False  # after a contract price or a payment, the 其中 list that follows is skipped too
    last_slot: str | None = None
    paid: bool = False  # a payment verb opened a clause: what follows names payments, not lines
    breakdown: bool = False  # the sentence opens with 其中: it breaks down what the sentence before stated
    listing: bool = False  # the clause read is inside a 其中 list


def read_sentence(text: str, ctx: Context) -> list[Stated]:
    """The budget figures of one sentence, each with its slot and subject."""
    out: list[Stated] = []
    frame = _Frame(breakdown=bool(CONTINUES.match(text)))
    clauses = list(CLAUSE.finditer(text))
    for ci, cm in enumerate(clauses):
        clause = cm.group(0)
        frame.paid = frame.paid or _opens_with_payment(clause)
        nxt = clauses[ci + 1].group(0) if ci + 1 < len(clauses) else ""
        continues = bool(CONTINUES.match(clause)) or frame.skip
        frame.listing = _in_list(clause, text[cm.start() - 1:cm.start()], frame.listing)
        prev_end = 0
        for f in clause_figures(clause):
            left = clause[prev_end:f.start]
            prev_end = f.end
            stated = _read_figure(clause, f, left, nxt, text[cm.end():], continues, frame, ctx)
            if stated is not None:
                out.append(replace(stated, clause=cm.start(), name_at=cm.start() + stated.name_at,
                                   listed=frame.listing or stated.listed))
    return _compose(out)


def _in_list(clause: str, before: str, listing: bool) -> bool:
    """Is a clause inside a 其中 list? One opens it; a semicolon before a clause closes it
    (年初预算900万元，其中基本支出600万元，项目支出300万元；年中追加150万元: the addition is the total's)."""
    return CONTINUES.match(clause) is not None or (listing and before not in ("；", ";"))


def _compose(stated: list[Stated]) -> list[Stated]:
    """A sum built from parts (下达X资金1.26亿元，市级配套安排0.18亿元，专项资金合计1.44亿元): the sum is the
    budget of what the first part names, and the parts give no figure of their own."""
    amounts = [i for i, s in enumerate(stated) if not s.figure.rate]
    parts = [i for i in amounts if stated[i].kind == "part"]
    if not parts:
        return stated
    before = [i for i in amounts if i < parts[0]]
    after = [i for i in amounts if i > parts[0] and stated[i].kind != "part"]
    if not before or not after:
        return stated
    first, final = stated[before[-1]], stated[after[0]]
    if first.kind not in ("item", "total") or first.slot not in ("allocation", "initial_budget"):
        return stated
    if not (final.slot == "budget" or final.summed) or final.kind == "topic":
        return stated
    if final.kind != "item":
        final = replace(final, kind=first.kind, item=first.item, name_at=first.name_at, fund=first.fund or final.fund)
    out = list(stated)
    out[after[0]] = replace(final, slot="budget")
    return [s for i, s in enumerate(out) if i != before[-1]]


CONTINUES = re.compile(r"^\s*(?:其中|含|包括|分别为|分别是)")
RATE_AFTER = re.compile(r"执行率|支付率|支出率")


def _opens_with_payment(clause: str) -> bool:
    lead = re.sub(r"^\s*(?:[（(]?\d+[)）.、]|已|共|累计|全部|并|再|另)*", "", clause)
    return lead.startswith(budget_patterns().payment_verbs) or prose_words().to_recipient.match(lead) is not None


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
        if _not_budget_in(clause[f.kw_end:f.start], voc):
            return None  # 项目支出结余N: a balance, not the subtotal's spending
        glued = _glued_line(clause[: f.kw_start], clause[f.kw_start:f.kw_end])
        if glued is not None:  # 某某救助项目支出N: that project's spending, not the 项目支出 subtotal
            return Stated("item", glued.name, "executed", f, 0, glued.start)
        return Stated("item", clause[f.kw_start:f.kw_end], _subtotal_field(clause[: f.kw_start], frame, ctx), f, 0,
                      f.kw_start, listed=True)
    if _not_budget_in(_masked(left), voc) and not QUOTED.search(left):
        frame.skip = True
        return None
    if slot is None:
        return None if f.rate else _keywordless(clause, f, left, nxt, continues, frame, ctx)
    return _with_keyword(clause, f, slot, left, nxt, continues, frame, ctx)


def _glued_line(before: str, keyword: str) -> Subject | None:
    """A line named right before a subtotal keyword that opens with a line suffix (某某项目|支出): the line."""
    head = keyword[:-2]
    if head not in budget_patterns().item_suffixes or not re.search(r"[\u4e00-\u9fff]$", before):
        return None
    s = classify(before + head)
    return s if s.kind == "item" and s.name and len(s.name) > len(head) + 1 else None


def _subtotal_field(before: str, frame: _Frame, ctx: Context) -> str:
    """基本支出/项目支出 N: a budget after 预算 (其中基本支出预算N), after a budget figure of its sentence
    (全年预算数8,600万元，其中基本支出N), or in a 其中 sentence that breaks down the budget the sentence before
    stated (全年预算数4,107万元。其中:基本支出N); else spending."""
    if "预算" in before[-12:] and "支出总额" not in before:
        return "budget"
    if "支出" in SUBTOTAL_WORD.sub("", before):  # not 基本支出N、项目支出M: the list of subtotals
        return "executed"
    if frame.last_slot == "initial_budget":
        return "initial_budget"  # 年初预算N，其中基本支出A、项目支出B: the parts of the initial budget
    if frame.last_slot is not None:
        return "budget" if frame.last_slot in BUDGET_PARTS else "executed"
    return "budget" if frame.breakdown and ctx.last_field == "budget" else "executed"


def _keywordless(clause: str, f: Figure, left: str, nxt: str, continues: bool, frame: _Frame,
                 ctx: Context) -> Stated | None:
    """A figure without a keyword: 250万元用于X项目 in a 其中 list, a clause that is a line's name and its
    figure (1、某某专项资金200万元), a figure of a project's 资金 (X项目14500万元资金), or 项目资金共N万元."""
    voc = budget_patterns()
    right = clause[f.end:]
    slot = frame.last_slot if continues and frame.last_slot in ("budget", "initial_budget", "allocation") else "budget"
    if (continues or not left.strip()) and not frame.skip:  # (其中)250万元用于X项目; a clause that opens with it
        after = _purpose(right, nxt if continues else "", f, voc)
        if after is not None and after.kind == "item":
            return Stated("item", after.name, slot, f, 0, after.start)
    subject = classify(left)
    if subject.kind in ("source", "lower") and not continues and frame.last_slot in BUDGET_PARTS:
        return Stated("part", None, "allocation", f, 0, f.start)  # 下达X资金N，县级财政配套M: a share of the sum
    fund_after = bool(re.match(r"^\s*(?:的)?(?:资金|经费|专项资金)", right))
    if subject.kind == "item":
        whole = _whole_name(left, subject.name) and (continues or not right.strip(" 。.、"))
        if frame.skip or (frame.paid and not continues) or not (whole or fund_after):
            return None  # 明确一次性启动资金1.5亿元按…延迟: a name and a figure inside a longer clause
        frame.last_slot = slot
        return Stated("item", subject.name, slot, f, 0, max(subject.start, 0))
    if not SUMMED.search(left) or frame.skip:
        return None
    if subject.kind == "total" and ctx.scope != "department":
        frame.last_slot = slot
        return Stated("total", None, slot, f, 0, f.start, True)
    if subject.kind == "empty" and frame.last_slot in BUDGET_PARTS:  # 下达X，配套Y，共计Z / 年初A，追加B，合计C
        frame.last_slot = slot
        return Stated("row" if ctx.scope == "department" else "total", None, "budget", f, 0, f.start, True)
    return None


def _with_keyword(clause: str, f: Figure, slot: str, left: str, nxt: str, continues: bool, frame: _Frame,
                  ctx: Context) -> Stated | None:
    voc = budget_patterns()
    mid = clause[f.kw_end:f.start]
    if _transfer(clause[f.kw_start:f.kw_end], mid) or _sent_to(clause[: f.kw_start], clause[f.kw_start:f.kw_end]):
        frame.skip = True  # 下达某区、某县等5个县(区)…资金: money sent on, by destination
        return None
    before_kw = clause[len(clause[: f.start]) - len(left):f.kw_start]
    subject = _subject(mid, before_kw, clause[f.end:], nxt, f, slot, voc)
    part = _part(subject, slot, continues, frame, f) if subject.kind != "skip" else None
    if part is not None:
        frame.last_slot, frame.skip = slot, False
        return part
    if subject.kind in ("skip", "lower"):
        frame.skip = True
        return None
    if subject.kind in ("other", "source"):
        return None
    frame.last_slot, frame.skip = slot, False
    summed = bool(SUMMED.search(clause[: f.start]))
    if subject.kind == "item":
        paid_for = subject.start >= f.kw_end and any(w in clause[f.kw_start:f.kw_end] for w in prose_words().paying)
        return Stated("paid" if paid_for else "item", subject.name, slot, f, 0, subject.start, summed)
    if subject.kind == "total":
        ref = _refers_to_fund(voc.gap.sub("", mid) + re.split(r"[：:]", before_kw)[-1])
        return Stated("total", None, slot, f, 0, f.kw_start, summed, subject.period, ref)
    if subject.kind == "topic":
        return Stated("topic", None, slot, f, 0, f.kw_start)
    return Stated("row", None, slot, f, 0, f.kw_start)


BUDGET_PARTS = ("initial_budget", "budget", "allocation", "adjust_up", "adjust_down")


def _part(subject: Subject, slot: str, continues: bool, frame: _Frame, f: Figure) -> Stated | None:
    """A figure that is a part of the sum its sentence states: the change after a budget (年初预算X，年中追加
    某某资金Y: the fund named in the 追加 phrase is where the money came from, not a line) or a share from
    another source (下达X，市级财政配套安排Y，合计Z). The first allocation of a source is the whole."""
    if continues or frame.last_slot not in BUDGET_PARTS:
        if subject.kind == "source" and slot == "allocation" and not continues:
            return Stated("total", None, slot, f, 0, f.kw_start)  # 统筹中央财政资金1000万元用于项目建设
        return None
    if slot in ("adjust_up", "adjust_down"):
        return Stated("row", None, slot, f, 0, f.kw_start)
    if slot in ("allocation", "budget") and subject.kind in ("source", "lower"):
        return Stated("part", None, slot, f, 0, f.kw_start)  # 市级财政配套安排Y, 市本级安排Y
    return None


def _transfer(keyword: str, mid: str) -> bool:
    """下达/拨付 followed by a destination: places listed (某区、某县), counted (等5个县(区)) or a body
    (某开发区管委会): money sent on to other governments, by destination."""
    words = prose_words()
    return keyword.startswith(words.transfer_verbs) and bool(words.destination.match(mid.lstrip()))


def _sent_to(before: str, keyword: str) -> bool:
    """向 a destination, then a transfer verb (向某镇、某镇等9个镇下达X资金N, 按因素法向某区、某县下达…): money sent
    on to other governments or their bodies."""
    words = prose_words()
    if not keyword.startswith(words.transfer_verbs):
        return False
    m = re.search(r"(?:向|给)(?P<dest>[^向给]{2,80})$", before)
    return m is not None and bool(words.destination.match(m.group("dest")))


def _refers_to_fund(subject: str) -> bool:
    """Does a total's subject refer to the fund or project itself (专项资金, 项目资金, 项目)?"""
    return any(w in subject for w in prose_words().fund_refs)


def _whole_name(left: str, name: str | None) -> bool:
    """Is the text before a keyword-less figure only the line's name (after numbering, 其中, 共计 …)?"""
    if not name:
        return False
    rest = clean_name(re.sub(r"(?:共计|合计|总计|共|计|为|是|:|：)\s*$", "", left.strip()))
    return item_key(rest) == item_key(name) or (item_key(rest) or "").endswith(item_key(name) or "")


def _subject(mid: str, before_kw: str, right: str, nxt: str, f: Figure, slot: str, voc: BudgetPatterns) -> Subject:
    """The subject of a keyword's figure: a purpose after it (下达X资金100万元，全部列入Y项目: Y's money),
    the words between keyword and figure, a name right after the figure, or the words before the keyword.
    Spending said of the fund or project (项目实际支付工程款和监理费N) is its spending: what it paid for is
    the object of the verb, not a line."""
    purpose = _purpose(right, nxt, f, voc)
    if purpose is not None:
        return purpose
    if slot == "executed":
        p = classify(re.split(r"[：:，,]", before_kw)[-1])
        if p.kind == "topic" or (p.kind == "total" and _refers_to_fund(before_kw)):
            return p
    s = classify(voc.gap.sub("", mid), f.kw_end)
    if s.kind in ("item", "skip", "topic", "source", "lower"):
        return s
    after = _after_figure(right, f, voc)
    if after is not None:
        return after
    before_kw = re.split(r"[：:]", before_kw)[-1]  # only the clause part that holds the keyword speaks of it
    p = classify(_after_actor(before_kw))
    if p.kind == "item":
        return Subject("item", p.name, before_kw.find(p.name) if p.name in before_kw else 0)
    if s.kind == "total":
        return s  # 统筹资金500万元: the words between keyword and figure say it is the whole
    if p.kind != "empty":
        return p
    return Subject("empty") if not mid.strip(" ：:为是") or s.kind == "empty" else s


def _after_actor(text: str) -> str:
    """The words after the last verb of allocation (某管委会2022年安排X专项资金 → X专项资金; 市级财政安排X资金 →
    X资金): the actor before it is who allocates, not the line."""
    voc = budget_patterns()
    cuts = [m.end() for m in re.finditer("|".join(map(re.escape, voc.actor_verbs)), text)]
    if not cuts or len(text) - cuts[-1] < 3 or not text[cuts[-1]:].rstrip().endswith(voc.item_suffixes):
        return text
    return text[cuts[-1]:]


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
                if s.kind == "lower" or (s.kind == "skip" and _not_budget_in(text[len(verb):][:PURPOSE_HEAD], voc)):
                    return Subject("skip")  # 用于偿还贷款, 用于各市县: no line (用于支持企业开拓出口市场: a use)
                return None
    return None


#: how far into a purpose (用于…) a word of no budget (贷款, 投资) heads it
PURPOSE_HEAD = 6


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

    def same_line(self, item: str | None, key: str) -> Row | None:
        """The one budgeted line that ``item`` names shorter, where ``item`` is no line of its own yet and the
        line lacks the field (创业扶持资金 of 2024年度我县创业扶持资金, 某某资金 of 某某资金项目)."""
        if item is None or item_key(item) in self.rows:
            return None
        hits = [r for r in self.rows.values() if r.item is not None and key not in r.values and
                "budget" in r.values and _names_one_line(r.item, item)]
        return hits[0] if len(hits) == 1 else None

    def add(self, row: Row, slot: str, value: Decimal, printed: str, span: tuple[int, int]) -> None:
        key = FIELD_OF.get(slot, slot)
        if slot == "adjust_down":
            value = -value
        row.fill(key, value, printed, span)
        if slot == "allocation":
            row.from_allocation = True


def prose_rows(doc: Parsed, ctx: Context, rows: Rows) -> None:
    """Read every prose sentence of ``doc`` into ``rows`` (sections on functions and institutions muted)."""
    heads = _Headings()
    for sent in doc.prose():
        section = doc.section_of(sent)
        if ctx.topic and section[: len(heads.section)] != heads.section:
            ctx.topic = None  # a line named under a heading is discussed until that section ends
        if _boilerplate(section):
            continue
        figures = read_sentence(sent.text, ctx) if FIGURE_HINT.search(sent.fold) else []
        if not figures:
            ctx.last_field = None
            heads.read(sent, section, ctx)
            continue
        if heads.pending and _opens_with_budget(sent.text, figures, heads.pending[2]):
            ctx.topic, heads.section, heads.level = heads.pending[0], section, heads.pending[1]
        heads.pending = None
        _read_lead(sent, figures, ctx, rows)
        ctx.last_field = _last_field(figures)


def _read_lead(sent, figures: list[Stated], ctx: Context, rows: Rows) -> None:
    """A sentence that opens with a line's name: 1.某某工作经费：全年预算…, or a numbered name of any last word
    before its budget (2.临时救助：预算…，执行…; 3.某某补助，全年预算…)."""
    lead = LEAD_NAME.match(sent.text)
    named = heading_line(lead.group("head"), sent.start + lead.start("head")) if lead else None
    lead = lead or NUMBERED_LEAD.match(sent.text)
    if named is None and lead and _level(sent.text) is not None:
        name = clean_name(lead.group("head"))
        funded = name.endswith(prose_words().heading_suffixes)
        if _names_a_line(name) and _opens_with_budget(sent.text, figures, funded, lead.end()):
            named = (name, sent.start + max(sent.text.find(name), 0))
    if named is None:
        _add_sentence(sent, figures, ctx, rows)
        return
    topic, ctx.topic = ctx.topic, named  # 1.某某工作经费：全年预算…，支出…: the sentence speaks of the line
    _add_sentence(sent, figures, ctx, rows)
    ctx.topic = topic


#: numbering styles, outermost first: 一、 / （一） / 1. / （1） / ①
LEVELS = (re.compile(r"^\s*[一二三四五六七八九十]{1,3}\s*[、.．]"), re.compile(r"^\s*[（(]\s*[一二三四五六七八九十]{1,3}\s*[)）]"),
          re.compile(r"^\s*\d{1,3}\s*[、.．](?!\d)"), re.compile(r"^\s*[（(]\s*\d{1,3}\s*[)）]"), re.compile(r"^\s*[①-⑳]"))


def _level(text: str) -> int | None:
    return next((i for i, rx in enumerate(LEVELS) if rx.match(text)), None)


@dataclass
class _Headings:
    """The headings read so far: the section and numbering level of the line under discussion, and a
    numbered heading that names a line only if the next sentence opens with its budget."""

    section: tuple[str, ...] = ()
    level: int | None = None
    pending: tuple[tuple[str, int], int | None, bool] | None = None  # (line, level, ends with a funded thing)

    def read(self, sent, section: tuple[str, ...], ctx: Context) -> None:
        """A sentence without figures: a line's heading (the line is discussed until its section ends or the
        next heading of its level), or another numbered heading (the line before is no longer discussed)."""
        level = _level(sent.text)
        named = heading_line(sent.text, sent.start)
        if named:
            ctx.topic, self.section, self.level, self.pending = named, section, level, None
            return
        if level is None:
            return
        if ctx.topic and (self.level is None or level <= self.level):
            ctx.topic = None  # 3.某某补助。: the next item of the list, whatever its name
        name = clean_name(sent.text.strip().rstrip("。.:："))
        self.pending = None
        if _names_a_line(name):
            funded = name.endswith(prose_words().heading_suffixes)
            self.pending = ((name, sent.start + max(sent.text.find(name), 0)), level, funded)


def _names_a_line(heading: str) -> bool:
    """Can a numbered heading without a line suffix name a line (公交车辆购置, 乡村教师生活补助)? Not a heading
    of the report's own parts (预算安排, 资金使用情况), a clause or a definition."""
    words = prose_words()
    if not 2 < len(heading) <= 30 or re.search(r"[，,；;：:]", heading) or words.definition.match(heading):
        return False
    bare = re.sub(r"[（(][^（）()]*[)）]", "", heading)  # 收支情况（以决算数为口径）: the note qualifies the heading
    return not _only(bare, words.heading_words + budget_patterns().total_words)


def _opens_with_budget(text: str, figures: list[Stated], funded: bool, at: int = 0) -> bool:
    """Does a sentence (from ``at``) open with a budget figure of the line under discussion (预算X万元，
    支出Y万元; under a heading that names a funded thing, also 全年预算X万元)?"""
    first = figures[0]
    if first.figure.rate or first.slot not in ("budget", "initial_budget", "allocation"):
        return False
    start = first.clause + first.figure.kw_start
    if not at <= start <= at + 4 or first.kind not in ("row", "topic", "total") or (first.kind == "total" and not first.period):
        return False
    return funded or not text[start:].startswith(prose_words().period_openers) and first.kind != "total"


def _last_field(figures: list[Stated]) -> str | None:
    amounts = [st for st in figures if not st.figure.rate and st.kind != "part"]
    if not amounts:
        return None
    field_ = FIELD_OF.get(amounts[-1].slot, amounts[-1].slot)
    return "executed" if field_ == "executed" else "budget"


#: a sentence that opens with a line's name and a colon (1.档案整理经费：全年预算…)
LEAD_NAME = re.compile(r"^\s*(?P<head>[^，。；,;:：]{2,40})[:：]")
#: a numbered name before a comma (2.临时救助项目，预算…)
NUMBERED_LEAD = re.compile(r"^\s*(?P<head>[^，。；,;:：]{2,40})[，,]")


def _boilerplate(section: tuple[str, ...]) -> bool:
    words = budget_patterns().boilerplate_sections
    return any(w in h for h in section for w in words)


def _add_sentence(sent, figures: list[Stated], ctx: Context, rows: Rows) -> None:
    current: Row | None = None
    main: Row | None = None  # the row of the last figure outside a 其中 list
    adjusted: set[int] = set()  # rows whose adjustment this sentence printed (调增A、调减B: the net)
    for st in figures:
        if st.kind == "part":
            continue
        f = st.figure
        span = (sent.start + st.clause + f.start, sent.start + st.clause + f.end)
        row = _row_for(st, sent, span, main if st.kind == "row" and not st.listed and main else current, ctx, rows)
        if row is None:
            continue
        current = row
        main = row if not st.listed else main
        row.fund = row.fund or st.fund
        row.period = row.period or (st.kind == "total" and st.period)
        if st.slot in ("adjust_up", "adjust_down") and id(row) in adjusted:
            row.values["adjustment"] += f.value if st.slot == "adjust_up" else -f.value
        elif FIELD_OF.get(st.slot, st.slot) not in row.values:
            rows.add(row, st.slot, f.value, f.printed, span)
            adjusted |= {id(row)} if st.slot in ("adjust_up", "adjust_down") else set()
            _fully_spent(row, st, sent.text[st.clause + f.end:], span)


def _fully_spent(row: Row, st: Stated, after: str, span: tuple[int, int]) -> None:
    """基本支出1,986.40万元，全部执行完毕: the figure is both the line's budget and its spending."""
    key = FIELD_OF.get(st.slot, st.slot)
    other = {"budget": "executed", "executed": "budget"}.get(key)
    if other is None or other in row.values or st.figure.rate:
        return
    if re.match(r"^\s*[，,]?\s*(?:" + "|".join(map(re.escape, budget_patterns().fully_spent)) + r")", after):
        row.fill(other, st.figure.value, st.figure.printed, span)


def _row_for(st: Stated, sent, span: tuple[int, int], current: Row | None, ctx: Context, rows: Rows) -> Row | None:
    """The row a stated figure fills: its named line, the total, the line under discussion, or the row
    before it in the sentence (the total, where nothing was named, in a report that evaluates one thing).
    What a payment paid for (实际支付奖励和宣传资金N) is a line only where the report names it as one."""
    if st.kind == "paid":
        known = rows.rows.get(item_key(st.item)) or rows.same_line(st.item, FIELD_OF.get(st.slot, st.slot))
        if known is not None:
            return known
        st = replace(st, kind="row", item=None)
    if st.kind == "item":
        return _item_row(st, sent, span, ctx, rows)
    if ctx.topic and _topics(st, current) and _names_recipients(sent.text):
        return None  # （一）某某改造。安排资金N用于…，受益企业为…: money granted to the firms named, no line
    if st.kind == "total" and st.period and ctx.topic:
        return rows.get(ctx.topic[0], ctx.topic[1])  # （二）某某资金 / 全年安排资金850万元
    if st.kind == "total":
        if ctx.scope == "department" and st.slot in ("executed", "rate") and None not in rows.rows and \
                not _says_total(sent.text):
            return None  # 本年度实际支出480万元: an executed figure alone does not make a department total
        return rows.get(None, sent.start + st.name_at)
    if st.kind == "topic" or current is None:
        return _unnamed_row(st, sent, ctx, rows)
    return current


def _topics(st: Stated, current: Row | None) -> bool:
    """Does a figure go to the line under discussion (it names nothing, or only the period)?"""
    return st.kind == "topic" or (st.kind == "total" and st.period) or (st.kind == "row" and current is None)


def _names_recipients(text: str) -> bool:
    return any(w in text for w in prose_words().recipients_named)


def _item_row(st: Stated, sent, span: tuple[int, int], ctx: Context, rows: Rows) -> Row:
    item = st.item
    if st.summed and st.slot == "allocation" and _first_sum(rows, ctx):
        item = None  # 共安排X专项资金400万元，其中…: the sum stated first is what the report evaluates
    same = rows.same_line(item, FIELD_OF.get(st.slot, st.slot)) if st.slot in ("executed", "rate") else None
    if same is not None:
        return same  # 创业扶持资金实际支出N after 2024年度我县创业扶持资金年初预算M: one line
    row = rows.get(item, sent.start + st.name_at if item else span[0])
    row.summed = row.summed or st.summed
    return row


def _unnamed_row(st: Stated, sent, ctx: Context, rows: Rows) -> Row | None:
    """A figure that names nothing: the line under discussion, else the total (in a department report, only
    for a budget or a spending said of the whole)."""
    if ctx.topic:
        return rows.get(ctx.topic[0], ctx.topic[1])
    total = rows.rows.get(None)
    if st.slot in ("adjust_up", "adjust_down") and total is not None and "initial_budget" in total.values:
        return total  # 年初预算X万元。年中追加Y万元。: the change of the total
    if ctx.scope == "department" and (st.slot not in ("budget", "initial_budget", "allocation", "executed") or
                                      (st.slot == "executed" and not _says_total(sent.text))):
        return None  # an executed figure or a rate alone does not make a department total
    return rows.get(None, sent.start + st.name_at)


def _names_one_line(a: str, b: str) -> bool:
    """Two names of one line: the same after their years, one ending the other (我县创业扶持资金 / 创业扶持资金)
    or starting it before a line suffix (某某资金 / 某某资金项目); years, where both print one, agree."""
    ya, yb = _year(a), _year(b)
    if ya and yb and ya != yb:
        return False
    ka, kb = item_key(YEAR_PREFIX.sub("", a)) or "", item_key(YEAR_PREFIX.sub("", b)) or ""
    short, long_ = sorted((ka, kb), key=len)
    if len(short) < 4 or short in ("基本支出", "项目支出"):
        return False
    return long_.endswith(short) or (long_.startswith(short) and long_[len(short):] in budget_patterns().item_suffixes) \
        or _abbreviates(short, long_)


def _abbreviates(short: str, long_: str) -> bool:
    """衔接资金 of 衔接推动城乡融合补助资金: the same fund noun after the first words of the full name."""
    noun = next((n for n in ("专项资金", "资金", "经费") if short.endswith(n) and long_.endswith(n)), None)
    if noun is None:
        return False
    core = short[: -len(noun)]
    return len(core) >= 2 and long_.startswith(core) and len(long_) > len(short) and not _only(core, budget_patterns().total_words)


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
    if len(t) > 60 or not LINE_HINT.search(t) or find_amounts(t) or prose_words().definition.match(t):
        return None  # (X是…的…资金 defines a fund: it names no line)
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
        named, item = _table_item(label, label_cell, project, pats)
        if not named:
            continue  # 其中:财政拨款 …: the total by funding source
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


def _table_item(label: str, label_cell, project, pats) -> tuple[bool, str | None]:
    """Is a table row a line, and its name (None: the total)? A 其中 row names a line where what follows 其中
    is no funding source or kind (其中:某某整治工程; not 其中:财政拨款)."""
    if label.startswith(pats.breakdown_rows):
        rest = QIZHONG.sub("", label)
        if rest == label or not rest or rest.startswith(pats.breakdown_rows) or classify(rest).kind != "item":
            return False, None
        return True, QIZHONG.sub("", label_cell.text.strip())
    summed = SUM_OF.match(label)
    if summed and classify(summed.group("name")).kind == "item":
        return True, summed.group("name")  # 合计（项目支出）: the sum of the line named
    if label in pats.total_rows or not label or _total_label(label, pats):
        return True, project.text if project is not None else None
    return True, label_cell.text


QIZHONG = re.compile(r"^\s*其中\s*[:：]?\s*")
SUM_OF = re.compile(r"^(?:合计|小计|总计)[（(](?P<name>[^()（）]{2,30})[)）]$")


def _total_label(label: str, pats) -> bool:
    """A sum row named by whose sum it is (部门合计, 单位总计): the total, like 合计."""
    return label.endswith(pats.subtotal_endings) and classify(label).kind == "total"


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
    if total is not None and "budget" not in total.values and ("executed" in total.values or "rate" in total.values):
        budgeted = [r for r in named if "budget" in r.values]
        if len(budgeted) == 1 and not {"executed", "rate"} & set(budgeted[0].values):
            return budgeted[0], "spent"  # 安排X资金500万元。实际支出480万元 (执行率100%): the one funded line is what was spent
    return None, None


def _copy(row: Row, item: str | None) -> Row:
    return Row(item, dict(row.values), dict(row.printed), dict(row.spans), row.start, row.end, row.source,
               sentence=row.sentence)


def _one_object(rows: Rows, target: str | None, renamable: bool) -> None:
    total = rows.rows.get(None)
    named = [r for r in rows.rows.values() if r.item is not None and r.values]
    obj_row, how = _object_row(named, target, total)
    if obj_row is None and renamable and target and total is not None and (total.fund or total.period) and \
            "budget" in total.values:
        obj_row = rows.get(target, total.start)  # 专项资金3.2亿元 in the report on 某某专项资金: that fund's row
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
            if _same_budget(a, b) and is_short_form(core(a.item), core(b.item)) or _spent_part(a, b):
                for k, v in a.values.items():
                    if k not in b.values:
                        b.fill(k, v, a.printed.get(k, ""), a.spans[k])
                del rows.rows[item_key(a.item)]


def _same_budget(a: Row, b: Row) -> bool:
    return a.values.get("budget") is not None and a.values.get("budget") == b.values.get("budget")


def _spent_part(a: Row, b: Row) -> bool:
    """康复救助项目支出N beside a table's 残疾人康复救助项目 (budget, N): one line, its spending said once more."""
    spent = a.values.get("executed")
    return "budget" not in a.values and spent is not None and spent == b.values.get("executed") and \
        "budget" in b.values and len(item_key(a.item) or "") < len(item_key(b.item) or "") and \
        _names_one_line(a.item, b.item)


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
