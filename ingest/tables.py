"""Tables in a report's text: found in the lines, cut into cells, read through their header.

Three families are found (``find_tables``), all in original-text offsets:

* **pipe tables**: ``a | b | c`` rows, or one cell per line (``a |``) where the row boundaries were lost and
  runs of pipes (``||``) stand for empty cells;
* **cell-per-line tables** without pipes: a header run of known column labels, one cell on each line;
* **aligned columns**: a header line of known labels separated by white space, rows below it.

(PDF and DOCX tables reach this module as pipe rows: ingest/load.py renders them so.)

A *header* is a run of cells whose labels name columns: budget slots (年初预算数, 调整后预算数, 执行率 …,
``patterns/slots.toml``) and the kinds of ``patterns/tables.toml`` (序号, 企业名称, 金额, 备注 …). Each row
after it is aligned to the columns by the cells' types, so a page that dropped its empty cells still
reads right: numbers go to figure columns, percentages to rates, names to name columns, and the columns
left without a cell are the ones a table most often leaves empty (调整额度 before 执行数, 执行数 before
分值). A *form* is read too: the cell after 项目名称 / 实施单位 / 单位名称 is its value.

A recipient table often prints more than a name and an amount: the row's own figures (设备投资额, 项目总投资 ->
``investment``; 申请金额, 产值 -> ``figure``; 吸纳人数, 补贴人月数 -> ``count``; an unknown header with its own unit)
hold numbers that are never the grant, and a header the vocabulary does not know (技改项目名称) may stand
between known ones. A whole row is read by position, so those cells are read past. Sums (合计, 企业小计) are
row labels (``is_total_label``), never a row that shares the cells of the row above.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING

from .patterns import table_patterns
from .slots import label_slot, label_unit

if TYPE_CHECKING:
    from .document import Line

VALUE_ROLES = frozenset({"budget", "initial_budget", "adjustment", "adjust_up", "adjust_down", "executed", "rate",
                         "allocation", "disbursed", "grant", "weight", "score"})
AMOUNT_ROLES = VALUE_ROLES - {"rate", "weight", "score"}
#: columns of a row's own figures (what a firm invested or asked for, people counted): numbers, never a grant
FIGURE_ROLES = frozenset({"investment", "figure", "count"})
NUMERIC_ROLES = VALUE_ROLES | FIGURE_ROLES
LENIENT_ROLES = FIGURE_ROLES | {"text", "indicator"}
TEXT_ROLES = frozenset({"org", "place", "item", "category", "note", "label", "text", "indicator"})
#: what leaving a column without a cell costs when a row is aligned (tables leave the cheap ones empty)
SKIP_COST = {"adjustment": 1, "adjust_up": 1, "adjust_down": 1, "note": 1, "text": 1, "category": 1, "indicator": 1,
             "executed": 2, "disbursed": 2, "score": 2, "place": 2, "weight": 3, "rate": 3, "budget": 3,
             "allocation": 3, "initial_budget": 3, "index": 3, "item": 4, "grant": 4, "org": 5, "label": 6,
             "investment": 2, "figure": 2, "count": 2}
NUMBER = re.compile(r"^[-+]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$")
PERCENT = re.compile(r"^(?P<num>\d{1,3}(?:\.\d+)?)\s*%$")
SPACES = re.compile(r"\s+")
FORM_KEY = re.compile(r"[（(]\s*盖章\s*[)）]|\s+")
CELL_MAX = 60
#: every header that names a figure column holds one of these (a cheap test before the vocabulary)
VALUE_HINT = re.compile(r"预算|执行|支出|金额|安排|分值|得分|权重|资金|额度|投入|率|数")  # a cell-per-line table's cells are short lines
SENTENCE_END = re.compile(r"[。；;！？!?]$|[。；;！？!?]\s")
LAST_SENTENCE = re.compile(r"(?<=[。；;！？!?])[^。；;！？!?]+$")
CAPTION_MAX = 80
FOOTNOTE_MAX = 30


@dataclass(frozen=True)
class Cell:
    """One table cell: its text and original offsets (an empty cell has ``start == end``)."""

    text: str
    start: int
    end: int

    @property
    def empty(self) -> bool:
        return not self.text or self.text in table_patterns().empty


@dataclass(frozen=True)
class Column:
    """A header cell and what it holds: a budget slot, grant, index, org, place, item, category, note."""

    label: str
    role: str
    unit: str | None
    cell: Cell | None = None


@dataclass(frozen=True)
class Record:
    """One row aligned to the columns: ``cells[i]`` is column ``i``'s cell or None."""

    cells: tuple[Cell | None, ...]
    start: int
    end: int

    def by_role(self, columns: tuple[Column, ...], *roles: str) -> list[tuple[Column, Cell]]:
        """(column, cell) of the filled columns with one of ``roles``, left to right."""
        return [(c, x) for c, x in zip(columns, self.cells, strict=False) if x is not None and c.role in roles]


@dataclass(frozen=True)
class Table:
    """A header and its rows, the table's unit (from a caption or header), and any form fields."""

    columns: tuple[Column, ...]
    records: tuple[Record, ...]
    lines: tuple[int, ...]  # indexes of the layout lines the table covers
    start: int
    end: int
    unit: str | None = None
    caption: str = ""
    form: tuple[tuple[str, Cell], ...] = ()
    source: str = "pipe"

    def form_value(self, *labels: str) -> Cell | None:
        """The value cell of the first of ``labels`` the form has."""
        for want in labels:
            for label, cell in self.form:
                if label == want:
                    return cell
        return None

    def unit_of(self, column: Column) -> str | None:
        return column.unit or self.unit

    def row_text(self, record: Record) -> str:
        """The record's cells joined by spaces (the evidence sentence of a table fact)."""
        return " ".join(c.text for c in record.cells if c is not None)


# -- cells ------------------------------------------------------------------------------------------

def _squeeze(text: str) -> str:
    return SPACES.sub("", text) if " " in text or "\t" in text or "\u3000" in text else text


def column_role(label: str) -> str | None:
    """What a header cell names: a slot (``budget`` …), or a kind of tables.toml, or None."""
    text = _squeeze(label)
    if not text or len(text) > 24 or re.search(r"[，,。；;]|\d+(?:\.\d+)?\s*(?:万元|元|%)", text):
        return None
    bare = re.sub(r"[（(][^()（）]*[)）]$", "", text)
    pats = table_patterns()
    role = pats.role_of.get(text) or pats.role_of.get(bare)
    return role or label_slot(text) or ("grant" if pats.grant_header.match(bare) else None) or _figure_role(bare)


def grant_rank(label: str) -> int:
    """Which of a row's grant columns is the money it gets now (lowest first): 本次拨付金额 0, 补助金额 1, 核定补助金额
    or 累计拨付金额 2 (the header decides, not its position)."""
    text = _squeeze(label)
    pats = table_patterns()
    if any(w in text for w in pats.grant_paid):
        return 0
    return 2 if any(w in text for w in pats.grant_approved) else 1


def _figure_role(bare: str) -> str | None:
    """总投资 / 设备投资额 -> investment, 申请金额 / 产值 -> figure, 吸纳人数 / 补贴人月数 -> count (an
    organisation's name is no header: 某区商务和投资促进局)."""
    from .orgs import enterprise_start, is_government_name

    if len(bare) > 4 and (is_government_name(bare) or enterprise_start(bare, len(bare)) is not None):
        return None
    return next((role for role, rx in table_patterns().figure_header if rx.search(bare)), None)


def is_total_label(text: str) -> bool:
    """A row label that sums rows (合计, 总计, 企业小计, 本页合计): the row names no recipient or line."""
    t = _squeeze(text)
    pats = table_patterns()
    return t in pats.total_rows or (len(t) <= 10 and t.endswith(pats.subtotal_endings))


def is_number(text: str) -> bool:
    return bool(NUMBER.match(text.replace(" ", "")))


def number(text: str) -> Decimal | None:
    """A cell's number (``3,730.00`` -> 3730.00); None when the cell is not exactly a number."""
    t = text.replace(" ", "")
    if not NUMBER.match(t):
        return None
    try:
        return Decimal(t.replace(",", ""))
    except InvalidOperation:
        return None


def percent(text: str) -> Decimal | None:
    m = PERCENT.match(text.replace(" ", ""))
    return Decimal(m.group("num")) if m else None


def _fits(cell: Cell, role: str) -> bool:
    t = cell.text.replace(" ", "")
    if role == "indicator":
        return True  # an indicator's name, target or result: text, a count, a percentage
    if role == "index":
        return t.isdigit() and 0 < int(t) < 100000
    if role == "rate":
        return percent(t) is not None or (number(t) is not None and number(t) <= 300)
    if role in ("weight", "score"):
        n = number(t)
        return n is not None and 0 <= n <= 100
    if role in AMOUNT_ROLES or role in FIGURE_ROLES:
        return number(t) is not None
    return number(t) is None and percent(t) is None  # names and labels are not figures


def align(cells: list[Cell], columns: tuple[Column, ...]) -> tuple[Cell | None, ...] | None:
    """Assign the non-empty ``cells`` in order to ``columns`` by type; None when they do not fit.

    When a row has as many cells as there are columns and its last cell is filled, the positions are
    trusted (a column of unknown or of the row's own figures takes whatever stands there); otherwise the
    empty cells are ignored (their positions are unreliable: pages drop empty cells and pad the row at its
    end) and the filled ones are placed so that the columns left empty cost least (``SKIP_COST``).
    """
    if len(cells) == len(columns) and not cells[-1].empty:
        placed = tuple(None if c.empty else c for c in cells)
        # a column whose header the vocabulary does not know, or of a row's own figures (吸纳人数 may print 6人),
        # takes the cell its position gives it
        if all(c is None or col.role in LENIENT_ROLES or _fits(c, col.role)
               for c, col in zip(placed, columns, strict=True)):
            return placed
    full = [c for c in cells if not c.empty]
    n, k = len(full), len(columns)
    if n == 0 or n > k:
        return None
    inf = float("inf")
    # best[i][j]: least cost placing full[:i] into columns[:j]
    best = [[inf] * (k + 1) for _ in range(n + 1)]
    choice: dict[tuple[int, int], bool] = {}
    best[0][0] = 0
    for j in range(1, k + 1):
        best[0][j] = best[0][j - 1] + SKIP_COST.get(columns[j - 1].role, 2)
        choice[(0, j)] = False
    for i in range(1, n + 1):
        for j in range(i, k + 1):
            skip = best[i][j - 1] + SKIP_COST.get(columns[j - 1].role, 2)
            take = best[i - 1][j - 1] if _fits(full[i - 1], columns[j - 1].role) else inf
            if take <= skip:
                best[i][j], choice[(i, j)] = take, True
            else:
                best[i][j], choice[(i, j)] = skip, False
    if best[n][k] == inf:
        return None
    out: list[Cell | None] = [None] * k
    i, j = n, k
    while j > 0:
        if i > 0 and choice.get((i, j)):
            out[j - 1] = full[i - 1]
            i -= 1
        j -= 1
    return tuple(out)


# -- finding tables in lines -------------------------------------------------------------------------

def _pipe_cells(line: Line) -> list[Cell]:
    """The cells of a pipe line: the text before each pipe (``a |`` one cell, ``||`` two empty cells)."""
    text = line.text.replace("｜", "|")
    if re.fullmatch(r"\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?", text):
        return []  # a markdown separator row
    pieces, pos = [], 0
    for m in re.finditer(r"\|", text):
        pieces.append((pos, m.start()))
        pos = m.end()
    if pos < len(text):
        pieces.append((pos, len(text)))
    if text.startswith("|") and pieces and pieces[0] == (0, 0) and len(pieces) > 1:
        pieces = pieces[1:]
    out = []
    for a, b in pieces:
        raw = text[a:b]
        lead = len(raw) - len(raw.lstrip())
        body = raw.strip()
        s = line.start + a + lead
        out.append(Cell(body, s, s + len(body)))
    return out


def _line_cell(line: Line) -> Cell:
    return Cell(line.text, line.start, line.end)


def _is_row_line(cells: list[Cell]) -> bool:
    return sum(1 for c in cells if not c.empty) >= 2


def find_tables(lines: list[Line]) -> list[Table]:
    """Every table in ``lines`` (pipe tables, cell-per-line tables, aligned columns)."""
    tables: list[Table] = []
    used: set[int] = set()
    tables += _pipe_tables(lines, used)
    tables += _cell_line_tables(lines, used)
    tables += _aligned_tables(lines, used)
    tables += _form_tables(lines, used)
    return _forms_above(sorted(tables, key=lambda t: t.start), lines, used)


def _forms_above(tables: list[Table], lines: list[Line], used: set[int]) -> list[Table]:
    """A figure table printed without its form gets the form right above it, in whatever layout that is (a pipe
    form over whitespace figures, whitespace form lines over a pipe table): 项目名称 names the table's total."""
    out: list[Table] = []
    for t in tables:
        if not t.columns or t.form or not t.lines:
            out.append(t)
            continue
        prev = out[-1] if out else None
        if prev is not None and not prev.columns and prev.form and prev.lines and \
                all(lines[k].kind == "blank" for k in range(prev.lines[-1] + 1, t.lines[0])):
            out[-1] = replace(t, form=prev.form, lines=tuple(sorted({*prev.lines, *t.lines})),
                              start=min(prev.start, t.start))
            continue
        rows = _aligned_form_rows(lines, t.lines[0], used)
        form = _form_fields([c for _, cs in rows for c in cs])
        if form:
            used.update(k for k, _ in rows)
            t = replace(t, form=tuple(form), lines=tuple(sorted({*(k for k, _ in rows), *t.lines})),
                        start=min(t.start, form[0][1].start))
        out.append(t)
    return out


def _form_tables(lines: list[Line], used: set[int]) -> list[Table]:
    """A form printed one cell per line with no figure columns (项目名称 / X / 实施单位 / Y): two or more
    labels, each followed by its value, within a few lines."""
    out = []
    labels = table_patterns().form_labels
    i = 0
    while i < len(lines):
        if i in used or len(lines[i].text) > 12 or FORM_KEY.sub("", lines[i].text).rstrip(":：") not in labels:
            i += 1
            continue
        cells = [(k, _line_cell(lines[k])) for k in range(i, min(len(lines), i + 16))
                 if k not in used and _cellish(lines[k])]
        fields = _form_positions([c for _, c in cells])
        if len(fields) < 2 or fields[0][0] != 0:
            i += 1
            continue
        last = fields[-1][0] + 1  # the value of the last label
        covered = [k for k, _ in cells[: last + 1]]
        out.append(_table((), [], covered, None, "", [f for _, f in fields], "cells"))
        used.update(covered)
        i = covered[-1] + 1
    return out


def _caption(lines: list[Line], first: int) -> tuple[str, str | None]:
    """The caption above a table (up to two non-blank lines) and the unit it prints (单位:万元)."""
    texts = []
    i = first - 1
    while i >= 0 and len(texts) < 2:
        if lines[i].kind == "text" and lines[i].text:
            if SENTENCE_END.search(lines[i].text):
                break  # prose above the caption
            texts.insert(0, lines[i].text)
        elif lines[i].kind not in ("blank",):
            break
        i -= 1
    caption = " ".join(_caption_part(t) for t in texts)
    return caption.strip(), label_unit(caption)


def _caption_part(text: str) -> str:
    """A caption line, or of a long one (prose that ends 具体见下表(单位:万元):) its last sentence when short."""
    if len(text) <= CAPTION_MAX:
        return text
    tail = LAST_SENTENCE.search(text)
    return tail.group(0) if tail and len(tail.group(0)) <= CAPTION_MAX else ""


def _footnote_unit(lines: list[Line], after: int) -> str | None:
    """The unit a note right below a table prints (注：金额单位为万元。)."""
    k = after
    while k < len(lines) and lines[k].kind == "blank":
        k += 1
    if k < len(lines) and lines[k].kind == "text" and len(lines[k].text) <= FOOTNOTE_MAX:
        return label_unit(lines[k].text)
    return None


def _pipe_tables(lines: list[Line], used: set[int]) -> list[Table]:
    out = []
    i = 0
    while i < len(lines):
        if "|" not in lines[i].text and "｜" not in lines[i].text:
            i += 1
            continue
        j, region = i, []
        while j < len(lines) and (("|" in lines[j].text or "｜" in lines[j].text) or
                                  (lines[j].kind == "blank" and _next_has_pipe(lines, j))):
            if lines[j].kind != "blank":
                region.append(j)
            j += 1
        cell_lines = [(k, _pipe_cells(lines[k])) for k in region]
        rows_mode = sum(1 for _, cs in cell_lines if _is_row_line(cs)) * 2 >= len(cell_lines)
        caption, unit = _caption(lines, i)
        unit = unit or _footnote_unit(lines, j)
        if rows_mode:
            out += _read_rows([(k, cs) for k, cs in cell_lines if cs], caption, unit, "pipe")
        else:
            stream = [(k, c) for k, cs in cell_lines for c in cs]
            out += _read_stream(stream, caption, unit, "pipe")
        used.update(region)
        i = j
    return out


def _next_has_pipe(lines: list[Line], j: int) -> bool:
    k = j + 1
    while k < len(lines) and lines[k].kind == "blank":
        k += 1
    return k < len(lines) and ("|" in lines[k].text or "｜" in lines[k].text)


def _cellish(line: Line) -> bool:
    return line.kind in ("text", "meta") and len(line.text) <= CELL_MAX and not SENTENCE_END.search(line.text)


def _cell_line_tables(lines: list[Line], used: set[int]) -> list[Table]:
    """Tables printed one cell per line: found by a run of header labels, read as one stream of cells."""
    out = []
    i = 0
    while i < len(lines):
        if i in used or not _starts_header_run(lines, i, used):
            i += 1
            continue
        start = _form_above(lines, i, used)
        end = i
        prose = 0
        j = i
        while j < len(lines) and j not in used and prose < 2:
            ln = lines[j]
            if ln.kind == "blank" or _cellish(ln):
                prose = 0
                if ln.kind != "blank":
                    end = j
            elif ln.kind == "text":
                prose += 1
            else:
                break
            j += 1
        region = list(range(start, end + 1))
        filled = [k for k in region if lines[k].kind != "blank"]
        gaps = [b - a > 1 for a, b in zip(filled, filled[1:], strict=False)]
        # blank lines between (nearly) every two cells are separators; otherwise a blank line is an empty cell
        separators = bool(gaps) and sum(gaps) >= 0.7 * len(gaps)
        stream = [(k, _line_cell(lines[k]) if lines[k].kind != "blank" else Cell("", lines[k].start, lines[k].start))
                  for k in region if not (separators and lines[k].kind == "blank")]
        caption, unit = _caption(lines, start)
        out += _read_stream(stream, caption, unit, "cells")
        used.update(region)
        i = end + 1
    return out


def _form_above(lines: list[Line], i: int, used: set[int]) -> int:
    """Where the table whose header starts at line ``i`` starts: at the first label of a form printed one cell
    per line above the header (项目名称 / X / 实施单位 / Y), else at the header (a caption, a signature or a
    date above it is no cell)."""
    labels = table_patterns().form_labels
    start = i
    k = i - 1
    while k >= 0 and k not in used and (lines[k].kind == "blank" or _cellish(lines[k])) and i - k <= 16:
        if lines[k].kind != "blank" and FORM_KEY.sub("", lines[k].text).rstrip(":：") in labels:
            start = k
        k -= 1
    return start


def _starts_header_run(lines: list[Line], i: int, used: set[int]) -> bool:
    """Do the non-blank lines from ``i`` begin with two or more column labels, one of them a figure column?
    A short label the vocabulary does not know may stand between known ones (技改项目名称, 项目内容)."""
    if len(lines[i].text) > 24 or column_role(lines[i].text) is None:
        return False
    texts = []
    j = i
    while j < len(lines) and len(texts) < 12 and j not in used:
        ln = lines[j]
        if ln.kind != "blank":
            if not _cellish(ln):
                break
            texts.append(ln.text)
        j += 1
    roles = []
    for n, t in enumerate(texts):
        role = column_role(t)
        if role is None and not _joins_run(texts, n):
            break
        roles.append(role)
    known = [r for r in roles if r]
    return len(known) >= 2 and any(r in VALUE_ROLES for r in known)


def _joins_run(texts: list[str], n: int) -> bool:
    """Is the unknown ``texts[n]`` a header label between known ones (one or two unknown labels, then a known
    one)?"""
    if not _unknown_label(texts[n]):
        return False
    for k in (n + 1, n + 2):
        if k >= len(texts):
            return False
        if column_role(texts[k]) is not None:
            return True
        if not _unknown_label(texts[k]):
            return False
    return False


def _aligned_tables(lines: list[Line], used: set[int]) -> list[Table]:
    """Whitespace-aligned tables: a header line of column labels, rows of a label and figures below."""
    out = []
    i = 0
    while i < len(lines):
        ln = lines[i]
        hint = ln.kind in ("text", "meta") and len(ln.text) <= 120 and VALUE_HINT.search(ln.text) and " " in ln.text
        tokens = _tokens(ln) if hint and i not in used and not re.search(r"[，,。；;]", ln.text) else []
        roles = [column_role(t.text) for t in tokens]
        known = [r for r in roles if r]
        if len(tokens) < 2 or len(known) < 2 or len(known) * 5 < len(tokens) * 3 or \
                not any(r in VALUE_ROLES for r in known):
            i += 1
            continue
        rows = _aligned_form_rows(lines, i, used) + [(i, tokens)]
        j = i + 1
        while j < len(lines) and j not in used:
            nxt = lines[j]
            if nxt.kind == "blank":
                j += 1
                continue
            toks = _tokens(nxt)
            if nxt.kind != "text" or SENTENCE_END.search(nxt.text) or not toks or len(nxt.text) > 120:
                break
            if not any(is_number(t.text) or percent(t.text) is not None for t in toks) and len(toks) > 1:
                break
            if sum(1 for t in toks if column_role(t.text)) >= 2:
                break  # the next table's header
            rows.append((j, toks))
            j += 1
        caption, unit = _caption(lines, rows[0][0])
        out += _read_rows(rows, caption, unit or _footnote_unit(lines, j), "columns")
        used.update(k for k, _ in rows)
        i = j
    return out


def _aligned_form_rows(lines: list[Line], i: int, used: set[int]) -> list[tuple[int, list[Cell]]]:
    """The form lines right above an aligned header (项目名称      X / 主管部门   Y   实施单位   Z): each starts with
    a form label and gives its fields, so the form belongs to the table as it does in a pipe table."""
    labels = table_patterns().form_labels
    out: list[tuple[int, list[Cell]]] = []
    k = i - 1
    while k >= 0 and len(out) < 4 and k not in used:
        ln = lines[k]
        if ln.kind == "blank":
            k -= 1
            continue
        cells = _form_tokens(ln) if ln.kind in ("text", "meta") and not SENTENCE_END.search(ln.text) else []
        if not cells or FORM_KEY.sub("", cells[0].text) not in labels or not _form_fields(cells):
            break
        out.insert(0, (k, cells))
        k -= 1
    return out


def _form_tokens(line: Line) -> list[Cell]:
    """The white-space cells of a form line; a label glued to its value by a colon (项目名称：X) is two cells."""
    out = []
    for t in _tokens(line):
        m = re.match(r"([\u4e00-\u9fff]{2,8})[:：]\s*(?=\S)", t.text)
        if m and FORM_KEY.sub("", m.group(1)) in table_patterns().form_labels:
            out.append(Cell(m.group(1), t.start, t.start + len(m.group(1))))
            out.append(Cell(t.text[m.end():], t.start + m.end(), t.end))
        else:
            out.append(t)
    return out


def _tokens(line: Line) -> list[Cell]:
    out = []
    for m in re.finditer(r"\S+", line.text):
        out.append(Cell(m.group(0), line.start + m.start(), line.start + m.end()))
    return out


# -- reading cells through a header --------------------------------------------------------------------

def _header_columns(cells: list[Cell], unit: str | None) -> list[Column]:
    """Columns from a run of header cells; a unit-only cell or a group header (年度预算数(万元) over
    年初预算, 调整后预算数 …) gives a unit, not a column."""
    cols: list[Column] = []
    pending_unit = unit
    for n, c in enumerate(cells):
        u = label_unit(c.text)
        if u and not re.sub(r"[（()）\s]|单位|[:：]|万元|亿元|千元|元", "", c.text):
            pending_unit = u  # "(万元)" on its own
            continue
        role = column_role(c.text)
        following = [column_role(x.text) for x in cells[n + 1:n + 3]]
        if u and role is None and _own_figures(cells[n + 1:n + 3], following):
            role = "figure"  # 设备购置额(万元) before 拟奖励金额(万元): a figure column the vocabulary does not know
        if u and role in VALUE_ROLES and len(following) == 2 and all(r in AMOUNT_ROLES for r in following) and \
                not any(label_unit(x.text) for x in cells[n + 1:n + 3]):
            pending_unit = u  # a group header above the figure columns
            continue
        if u and role not in NUMERIC_ROLES:
            pending_unit = u  # 项目资金（万元） over the figure columns: their unit
        cols.append(Column(c.text, role or "text", u or (pending_unit if role in AMOUNT_ROLES else None), c))
    return cols


def _own_figures(following: list[Cell], roles: list[str | None]) -> bool:
    """Does an unknown header that prints a unit head a column of its own, not a group of the figure columns
    after it (项目资金(万元) over 年初预算 | 执行数)? It does when no figure column follows it without a unit."""
    return not any(r in VALUE_ROLES and not label_unit(x.text) for x, r in zip(following, roles, strict=True))


def _with_label(cols: list[Column]) -> tuple[Column, ...]:
    """A header whose first column holds figures has row labels in front of it (合计 | 1304.23 …)."""
    if cols and cols[0].role in VALUE_ROLES:
        return (Column("", "label", None), *cols)
    return tuple(cols)


def _form_fields(cells: list[Cell]) -> list[tuple[str, Cell]]:
    return [f for _, f in _form_positions(cells)]


def _form_positions(cells: list[Cell]) -> list[tuple[int, tuple[str, Cell]]]:
    """(position, (label, value cell)) of every form field among ``cells``."""
    labels = table_patterns().form_labels
    out = []
    for n, c in enumerate(cells):
        key = FORM_KEY.sub("", c.text).rstrip(":：")
        if key in labels:
            nxt = next((x for x in cells[n + 1:n + 3] if not x.empty), None)
            if nxt is not None and re.sub(r"\s+", "", nxt.text) not in labels and column_role(nxt.text) is None:
                out.append((n, (key, nxt)))
    return out


def _read_rows(rows: list[tuple[int, list[Cell]]], caption: str, unit: str | None, source: str) -> list[Table]:
    """Tables of one row per line: each header row starts a table; the rows under it are its records."""
    out: list[Table] = []
    form = _form_fields([c for _, cs in rows for c in cs])
    header: tuple[Column, ...] | None = None
    records: list[Record] = []
    covered: list[int] = []
    for k, cells in rows:
        roles = [column_role(c.text) for c in cells if not c.empty]
        unit = label_unit(" ".join(c.text for c in cells)) if len(cells) <= 2 and unit is None else unit
        if len([r for r in roles if r]) >= 2 and any(r in VALUE_ROLES for r in roles if r):
            if header is not None:
                out.append(_table(header, records, covered, unit, caption, form, source))
            header, records, covered = _with_label(_header_columns(cells, unit)), [], [k]
            continue
        covered.append(k)
        if header is None:
            continue
        placed = align(cells, header)
        if placed is not None and any(c is not None for c in placed):
            records.append(Record(placed, cells[0].start, cells[-1].end))
    if header is not None:
        out.append(_table(header, records, covered, unit, caption, form, source))
    elif form:
        out.append(_table((), [], covered, unit, caption, form, source))
    return out


def _table(header, records, covered, unit, caption, form, source) -> Table:
    starts = [r.start for r in records] + [c.cell.start for c in header if c.cell is not None] + [f.start for _, f in form]
    ends = [r.end for r in records] + [c.cell.end for c in header if c.cell is not None] + [f.end for _, f in form]
    return Table(tuple(header), tuple(records), tuple(covered), min(starts, default=0), max(ends, default=0), unit,
                 caption, tuple(form), source)


def _read_stream(stream: list[tuple[int, Cell]], caption: str, unit: str | None, source: str) -> list[Table]:
    """Tables of one cell per line: header runs split the stream; the cells after each are its records."""
    cells = [c for _, c in stream]
    line_of = [k for k, _ in stream]
    form = _form_fields(cells)
    for c in cells[:6]:
        unit = unit or (label_unit(c.text) if len(c.text) <= 12 else None)
    runs = _header_runs(cells)
    fields = _form_positions(cells)
    out = []
    for n, (a, b) in enumerate(runs):
        stop = runs[n + 1][0] if n + 1 < len(runs) else len(cells)
        before = [label_unit(c.text) for c in cells[max(0, a - 3):a] if label_unit(c.text)]
        header = _with_label(_header_columns(cells[a:b], before[-1] if before else unit))
        records = _stream_records(cells[b:stop], header)
        covered = sorted(set(line_of[(runs[n - 1][1] if n else 0):stop]))
        # a form's fields belong to the header that follows them (one form above each table of a stream)
        mine = [f for p, f in fields if (runs[n - 1][1] if n else -1) < p < b or (n == len(runs) - 1 and p >= b)]
        out.append(_table(header, records, covered, unit, caption, mine, source))
    if not runs and form:
        out.append(_table((), [], sorted(set(line_of)), unit, caption, form, source))
    return out


def _header_runs(cells: list[Cell]) -> list[tuple[int, int]]:
    """(start, end) of every run of header cells with two known labels and a figure column among them; an
    unknown short label between two known ones belongs to the run (申报事项 between 单位名称 and 金额)."""
    runs = []
    i = 0
    while i < len(cells):
        j, roles, last_known = i, [], i
        if column_role(cells[i].text) is None and not _unit_only(cells[i].text):
            i += 1
            continue
        while j < len(cells) and not cells[j].empty:
            role = column_role(cells[j].text)
            if role is None and not _unit_only(cells[j].text) and not _joins_run([c.text for c in cells[j:j + 3]], 0):
                break
            roles.append(role)
            if role is not None or _unit_only(cells[j].text):
                last_known = j + 1
            j += 1
        known = [r for r in roles[: last_known - i] if r]
        if len(known) >= 2 and any(r in VALUE_ROLES for r in known):
            runs.append((i, last_known))
            i = last_known
        else:
            i = max(last_known, i + 1)
    return runs


def _unknown_label(text: str) -> bool:
    """A short text that may be a header the vocabulary does not know (not a figure, not a row label)."""
    t = _squeeze(text)
    pats = table_patterns()
    return 2 <= len(t) <= 10 and number(t) is None and percent(t) is None and not is_total_label(t) and \
        not t.startswith(pats.breakdown_rows) and not re.search(r"[，,。；;:：]", t)


def _unit_only(text: str) -> bool:
    return bool(label_unit(text)) and len(text) <= 8


def _stream_records(cells: list[Cell], columns: tuple[Column, ...]) -> list[Record]:
    """Cut a stream of cells into records and align each to the columns."""
    if not columns:
        return []
    if columns[0].role == "index":
        return _indexed_records(cells, columns)
    out = []
    lead = _leading_text_columns(columns)
    starts: list[int] = []
    for n in range(len(cells)):
        # a row of two text cells before its figures (企业名称 | 建设内容 | 总投资 | 奖补金额) starts at the first
        if _starts_labelled_row(cells, n, lead) and not any(n - lead < s for s in starts[-1:]):
            starts.append(n)
    for s_i, s in enumerate(starts):
        limit = starts[s_i + 1] if s_i + 1 < len(starts) else len(cells)
        chunk = cells[s:min(limit, s + len(columns))]
        placed = align(chunk, columns)
        if placed is not None:
            out.append(Record(placed, chunk[0].start, chunk[-1].end))
    return out


def _leading_text_columns(columns: tuple[Column, ...]) -> int:
    """How many text columns (names, items, notes) stand before a header's first figure column (at least one)."""
    n = 0
    for c in columns:
        if c.role in NUMERIC_ROLES:
            break
        n += c.role != "index"
    return max(1, n)


def _starts_labelled_row(cells: list[Cell], n: int, lead: int = 1) -> bool:
    """A row label: a text cell followed, within ``lead`` + 1 cells, by a figure (``lead``: the text columns of
    a row before its figures)."""
    c = cells[n]
    if c.empty or number(c.text) is not None or percent(c.text) is not None or len(c.text) > 40:
        return False
    if column_role(c.text) is not None:
        return False
    return any(number(x.text) is not None or percent(x.text) is not None for x in cells[n + 1:n + lead + 2])


def _indexed_records(cells: list[Cell], columns: tuple[Column, ...]) -> list[Record]:
    """Records of a numbered list (序号 1, 2, 3 …): a row starts at the next number; cells after a row's
    last column, before the next number, are rows that share its leading cells (merged cells)."""
    starts, expected = [], None
    for n, c in enumerate(cells):
        t = c.text.strip()
        if t.isdigit() and (expected is None or int(t) == expected) and n + 1 < len(cells) and \
                number(cells[n + 1].text) is None:
            starts.append(n)
            expected = int(t) + 1
    out: list[Record] = []
    for s_i, s in enumerate(starts):
        end = starts[s_i + 1] if s_i + 1 < len(starts) else len(cells)
        chunk = [c for c in cells[s:end]]
        first, rest = _split_first_row(chunk, columns)
        placed = align(first, columns)
        if placed is None:
            continue
        out.append(Record(placed, first[0].start, first[-1].end))
        for group in _continuations(rest):
            tail = columns[len(columns) - len(group):] if len(group) <= len(columns) else columns
            offset = len(columns) - len(tail)
            aligned = align(group, tuple(tail))
            if aligned is None:
                continue
            merged = tuple(placed[:offset]) + aligned
            out.append(Record(merged, group[0].start, group[-1].end))
    return out


def _split_first_row(chunk: list[Cell], columns: tuple[Column, ...]) -> tuple[list[Cell], list[Cell]]:
    """The cells of a numbered row up to its last figure column, and the cells after it."""
    last_value = max((i for i, c in enumerate(columns) if c.role in NUMERIC_ROLES), default=len(columns) - 1)
    filled = 0
    for n, c in enumerate(chunk):
        if not c.empty:
            filled += 1
        if filled > last_value and (number(c.text) is not None or percent(c.text) is not None):
            return chunk[:n + 1], chunk[n + 1:]
    return chunk[:len(columns)], chunk[len(columns):]


def _continuations(cells: list[Cell]) -> list[list[Cell]]:
    """Groups of (names…, figure) among the cells after a row: each is a row sharing merged cells."""
    groups, current = [], []
    for c in cells:
        if c.empty:
            continue
        if is_total_label(c.text):
            break  # 合计 / 企业小计 after the last row: a sum, not a row sharing its cells
        current.append(c)
        if number(c.text) is not None or percent(c.text) is not None:
            groups.append(current)
            current = []
    return groups
