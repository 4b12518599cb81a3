"""The layout of a report's text: every line's kind, the metadata fields, the tables.

Read from the *original* text before normalisation, so every offset here is an offset into the loaded
file's text and evidence can point at it. A line is one of

* ``chrome``  web-page furniture (menus, 无障碍浏览, breadcrumbs, converter markup): dropped from the text;
* ``meta``    key–value lines of the page (发布机构: X, [ 索引号 ] Y, 来源:X …), read into :class:`Field`;
* ``table``   a line of a table (pipe rows, one cell per line, whitespace-aligned columns; ingest/tables.py);
* ``text``    everything else: prose, titles and headings, joined into paragraphs by ingest/normalize.py.

Normalisation keeps every non-``text`` line a paragraph of its own, so no sentence runs across a table
or a metadata line, and the extractors know which paragraphs are tables (read through their cells) and
which are prose.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import cached_property

from .patterns import layout_patterns

SENTENCE_PUNCT = re.compile(r"[。；;！？!?]")


@dataclass(frozen=True)
class Line:
    """One line of the original text: offsets of its stripped content (``end`` excludes the line break)."""

    start: int
    end: int
    text: str
    kind: str = "text"  # text | blank | chrome | meta | table | title


@dataclass(frozen=True)
class Field:
    """A metadata field printed by the page: ``key`` canonical (no inner spaces), value span in the original."""

    key: str
    value: str
    start: int
    end: int


# -- lines ------------------------------------------------------------------------------------------

_BULLET = re.compile(r"^[\s•·\-*]*")
#: a line that may be a title: short, with a title's ending somewhere (a cheap test before the grammar)
_TITLE_HINT = re.compile(r"报告|自评表|评价表|目标表|公开|公示|公告|通知|通报|名单|绩效(?:自评|评价)")
_LINE = re.compile(r"([^\r\n]*)(?:\r\n|\r|\n|$)")
_FILLER = re.compile(r"[\s|｜>»›/\\·•\-—_:：,，、.。\[\]【】()（）<>\d]+")


def split_lines(text: str, offset: int = 0) -> list[Line]:
    """Every line of ``text`` with its stripped content's offsets (``offset`` added: a block of a report)."""
    out = []
    for m in _LINE.finditer(text):
        if m.start() == len(text) and m.start() > 0:
            break  # the empty match after a final line break
        raw = m.group(1)
        lead = len(raw) - len(raw.lstrip())
        body = raw.strip()
        start = offset + m.start() + lead
        out.append(Line(start, start + len(body), body, "text" if body else "blank"))
    return out


def is_chrome(line: str) -> bool:
    """Web-page furniture: menus and toolbars, breadcrumbs, converter markup, a title bar of the site."""
    pats = layout_patterns()
    s = line.strip()
    if not s or len(s) > 200:
        return False  # a line of report text (chrome is short)
    if pats.markup.match(s):
        return True
    if any(b in s for b in pats.breadcrumbs) and (">" in s or "》" in s or "首页" in s):
        return True
    crumbs = re.split(r"\s*[>»›]\s*", s)
    if len(crumbs) >= 3 and crumbs[0].endswith("首页") and all(0 < len(c) <= 24 for c in crumbs):
        return True  # 首页 > 政务公开 > 财政资金
    if SENTENCE_PUNCT.search(s) or len(s) > 80 or "|" in s and not pats.chrome_rx.search(s):
        return False
    words = pats.chrome_rx.findall(s)
    if not words or sum(map(len, words)) < 2:
        return False
    rest = _FILLER.sub("", pats.chrome_rx.sub("", s))
    return len(rest) <= len(s) // 8


def metadata_fields(line: Line) -> list[Field]:
    """The key–value fields of one metadata line (none when the line is not one)."""
    pats = layout_patterns()
    text = line.text
    if len(text) > 160:
        return []
    lead = _BULLET.match(text).end()
    if not pats.key_rx.match(text, lead):  # the line must start with a key (after a bullet)
        return []
    hits = list(pats.key_rx.finditer(text, lead))
    out = []
    for i, m in enumerate(hits):
        end = hits[i + 1].start() if i + 1 < len(hits) else len(text)
        raw = text[m.end():end]
        value = raw.strip().strip("[]【】").strip()
        key = re.sub(r"\s+", "", m.group("key"))
        at = m.end() + raw.find(value) if value else m.end()
        out.append(Field(key, value, line.start + at, line.start + at + len(value)))
    if not any(f.value for f in out):
        return [] if len(out) < 2 else out
    return out


# -- the layout ------------------------------------------------------------------------------------

@dataclass
class Layout:
    """The lines of a text with their kinds, its metadata fields and its tables."""

    lines: list[Line]
    fields: list[Field] = field(default_factory=list)
    tables: list = field(default_factory=list)  # ingest.tables.Table
    joined: set[int] = field(default_factory=set)  # starts of lines that continue the line above (a title)

    @cached_property
    def _starts(self) -> list[int]:
        return [ln.start for ln in self.lines]

    def line_at(self, offset: int) -> Line | None:
        """The line that holds original offset ``offset``."""
        i = bisect_right(self._starts, offset) - 1
        return self.lines[i] if i >= 0 else None

    def kind_at(self, offset: int) -> str:
        """The kind of the line holding original offset ``offset`` (``text`` when unknown)."""
        ln = self.line_at(offset)
        return ln.kind if ln is not None else "text"

    def field(self, *keys: str) -> Field | None:
        """The first non-empty field with one of ``keys`` (in the order of ``keys``)."""
        for k in keys:
            for f in self.fields:
                if f.key == k and f.value:
                    return f
        return None

    def dropped(self) -> set[int]:
        """Start offsets of the lines that normalisation drops (chrome)."""
        return {ln.start for ln in self.lines if ln.kind == "chrome"}

    def isolated(self) -> set[int]:
        """Start offsets of the lines normalisation keeps as paragraphs of their own (metadata, tables)."""
        return {ln.start for ln in self.lines if ln.kind in ("meta", "table", "title")}


HEAD_LINES = 40  # metadata is looked for among the first lines, and around a title


def read_layout(text: str, offset: int = 0) -> Layout:
    """Classify every line of ``text`` and read its metadata fields and tables."""
    from .kinds import parse_title
    from .orgs import is_government_name
    from .tables import find_tables

    lines = split_lines(text, offset)
    fields: list[Field] = []
    joined: set[int] = set()
    for i, ln in enumerate(lines):
        if ln.kind == "blank":
            continue
        found = metadata_fields(ln) if "|" not in ln.text else []
        if found and (i < HEAD_LINES or len(found) > 1 or any(f.key in _STRONG_KEYS for f in found)):
            lines[i] = Line(ln.start, ln.end, ln.text, "meta")
            fields.extend(found)
        elif is_chrome(ln.text):
            lines[i] = Line(ln.start, ln.end, ln.text, "chrome")
        elif len(ln.text) <= 160 and _TITLE_HINT.search(ln.text):
            t = parse_title(ln.text)
            if t is not None and (t.org or t.year or t.region or t.object):
                lines[i] = Line(ln.start, ln.end, ln.text, "title")
                above = _previous_text(lines, i)
                if above is None:
                    continue
                if is_government_name(lines[above].text):  # the department on a line of its own
                    lines[above] = Line(lines[above].start, lines[above].end, lines[above].text, "title")
                elif i < HEAD_LINES and _title_starts_above(lines[above].text, ln.text, t):
                    lines[above] = Line(lines[above].start, lines[above].end, lines[above].text, "title")
                    joined.add(ln.start)  # a title broken over two lines: one paragraph
    tables = find_tables(lines)
    table_lines = {i for t in tables for i in t.lines}
    for i in table_lines:
        ln = lines[i]
        if ln.kind in ("text", "meta", "title"):
            lines[i] = Line(ln.start, ln.end, ln.text, "table")
    return Layout(lines, fields, tables, joined)


def _title_starts_above(head: str, line: str, title) -> bool:
    """Is the text line above a title its first half (某某局关于2020年中央商贸 / 流通专项资金自评报告)?"""
    from .kinds import parse_title

    head = head.strip()
    if len(head) > 60 or re.search(r"[。；;！!？?，,:：]", head) or parse_title(head) is not None:
        return False
    whole = parse_title(head + line.strip())
    gained = whole is not None and ((whole.org and not title.org) or (whole.year and not title.year))
    return bool(gained)


def _previous_text(lines: list[Line], i: int) -> int | None:
    for k in range(i - 1, max(-1, i - 4), -1):
        if lines[k].kind == "text":
            return k
        if lines[k].kind != "blank":
            return None
    return None


_STRONG_KEYS = {"发布机构", "索引号", "公开责任部门", "信息索取号", "发布单位", "发文机关"}


# -- headings --------------------------------------------------------------------------------------------

#: numbering styles of Chinese reports, outermost first: 第一部分 > 一、 > （一） > 1. > （1） > ①
HEADING_STYLES = (
    ("part", re.compile(r"^\s*第[一二三四五六七八九十百\d]+\s*(?:部分|章|篇|节)")),
    ("chinese", re.compile(r"^\s*[一二三四五六七八九十]{1,3}\s*[、.．]")),
    ("paren_chinese", re.compile(r"^\s*[（(]\s*[一二三四五六七八九十]{1,3}\s*[)）]")),
    ("arabic", re.compile(r"^\s*\d{1,2}\s*[.、．](?![\d.])")),
    ("paren_arabic", re.compile(r"^\s*[（(]\s*\d{1,2}\s*[)）]")),
    ("circled", re.compile(r"^\s*[①-⑳]")),
)
HEADING_MAX_CHARS = 40


def heading_rank(text: str) -> int | None:
    """The nesting rank of a heading paragraph (0 = 第X部分 … 5 = ①), None for a paragraph that is no heading.

    A heading is short and holds no sentence inside it (a numbered paragraph of prose is not one)."""
    s = text.strip()
    if len(s) > HEADING_MAX_CHARS or re.search(r"[。；;！？!?]\s*\S", s) or re.search(r"[，,]", s):
        return None
    for rank, (_, rx) in enumerate(HEADING_STYLES):
        if rx.match(s):
            return rank
    return None


def section_paths(paragraphs: list[str]) -> list[tuple[str, ...]]:
    """For every paragraph, the headings it stands under (outermost first; a heading is under its parents)."""
    stack: list[tuple[int, str]] = []
    out = []
    for text in paragraphs:
        rank = heading_rank(text)
        if rank is not None:
            while stack and stack[-1][0] >= rank:
                stack.pop()
            stack.append((rank, text.strip().rstrip("。:：")))
        out.append(tuple(t for _, t in stack))
    return out
