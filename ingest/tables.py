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
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING

from .patterns import table_patterns
from .slots import label_slot, label_unit

if TYPE_CHECKING:
    from .document import Line

VALUE_ROLES = frozenset({"budget", "initial_budget", "adjustment", "adjust_up", "adjust_down", "executed", "rate",
                         "allocation", "disbursed", "grant", "weight", "score"})
AMOUNT_ROLES = VALUE_ROLES - {"rate", "weight", "score"}
TEXT_ROLES = frozenset({"org", "place", "item", "category", "note", "label", "text"})
#: what leaving a column without a cell costs when a row is aligned (tables leave the cheap ones empty)
SKIP_COST = {"adjustment": 1, "adjust_up": 1, "adjust_down": 1, "note": 1, "text": 1, "category": 1,
             "executed": 2, "disbursed": 2, "score": 2, "place": 2, "weight": 3, "rate": 3, "budget": 3,
             "allocation": 3, "initial_budget": 3, "index": 3, "item": 4, "grant": 4, "org": 5, "label": 6}
NUMBER = re.compile(r"^[-+]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$")
PERCENT = re.compile(r"^(?P<num>\d{1,3}(?:\.\d+)?)\s*%$")
SPACES = re.compile(r"\s+")
FORM_KEY = re.compile(r"[（(]\s*盖章\s*[)）]|\s+")
CELL_MAX = 60
#: every header that names a figure column holds one of these (a cheap test before the vocabulary)
VALUE_HINT = re.compile(r"预算|执行|支出|金额|安排|分值|得分|权重|资金|额度|投入|率|数")  # a cell-per-line table's cells are short lines
SENTENCE_END = re.compile(r"[。；;！？!?]$|[。；;！？!?]\s")


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
    return role or label_slot(text) or ("grant" if pats.grant_header.match(bare) else None)


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
    if role == "index":
        return t.isdigit() and 0 < int(t) < 100000
    if role == "rate":
        return percent(t) is not None or (number(t) is not None and number(t) <= 300)
    if role in ("weight", "score"):
        n = number(t)
        return n is not None and 0 <= n <= 100
    if role in AMOUNT_ROLES:
        return number(t) is not None
    return number(t) is None and percent(t) is None  # names and labels are not figures


def align(cells: list[Cell], columns: tuple[Column, ...]) -> tuple[Cell | None, ...] | None:
    """Assign the non-empty ``cells`` in order to ``columns`` by type; None when they do not fit.

    When a row has as many cells as there are columns and its last cell is filled, the positions are
    trusted; otherwise the empty cells are ignored (their positions are unreliable: pages drop empty
    cells and pad the row at its end) and the filled ones are placed so that the columns left empty cost
    least (``SKIP_COST``).
    """
    if len(cells) == len(columns) and not cells[-1].empty:
        placed = tuple(None if c.empty else c for c in cells)
        if all(c is None or _fits(c, col.role) for c, col in zip(placed, columns, strict=True)):
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
    return sorted(tables, key=lambda t: t.start)


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
            texts.insert(0, lines[i].text)
        elif lines[i].kind not in ("blank",):
            break
        i -= 1
    caption = " ".join(t for t in texts if len(t) <= 80)
    return caption, label_unit(caption)


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
        start = i
        k = i - 1  # a form above the header belongs to the table (项目名称 / X / 实施单位 / Y)
        while k >= 0 and k not in used and (lines[k].kind == "blank" or _cellish(lines[k])) and start - k <= 16:
            if lines[k].kind != "blank":
                start = k
            k -= 1
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


def _starts_header_run(lines: list[Line], i: int, used: set[int]) -> bool:
    """Do the non-blank lines from ``i`` begin with two or more column labels, one of them a figure column?"""
    if len(lines[i].text) > 24:
        return False
    roles = []
    j = i
    while j < len(lines) and len(roles) < 8 and j not in used:
        ln = lines[j]
        if ln.kind == "blank":
            j += 1
            continue
        role = column_role(ln.text) if _cellish(ln) else None
        if role is None:
            break
        roles.append(role)
        j += 1
    return len(roles) >= 2 and any(r in VALUE_ROLES for r in roles)


def _aligned_tables(lines: list[Line], used: set[int]) -> list[Table]:
    """Whitespace-aligned tables: a header line of column labels, rows of a label and figures below."""
    out = []
    i = 0
    while i < len(lines):
        ln = lines[i]
        hint = ln.kind == "text" and len(ln.text) <= 120 and VALUE_HINT.search(ln.text) and " " in ln.text
        tokens = _tokens(ln) if hint and i not in used and not re.search(r"[，,。；;]", ln.text) else []
        roles = [column_role(t.text) for t in tokens]
        known = [r for r in roles if r]
        if len(tokens) < 2 or len(known) < 2 or len(known) * 5 < len(tokens) * 3 or \
                not any(r in VALUE_ROLES for r in known):
            i += 1
            continue
        rows = [(i, tokens)]
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
        caption, unit = _caption(lines, i)
        out += _read_rows(rows, caption, unit, "columns")
        used.update(k for k, _ in rows)
        i = j
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
        if u and role in VALUE_ROLES and len(following) == 2 and all(r in VALUE_ROLES for r in following) and \
                not any(label_unit(x.text) for x in cells[n + 1:n + 3]):
            pending_unit = u  # a group header above the figure columns
            continue
        if u and role not in VALUE_ROLES:
            pending_unit = u  # 项目资金（万元） over the figure columns: their unit
        cols.append(Column(c.text, role or "text", u or (pending_unit if role in AMOUNT_ROLES else None), c))
    return cols


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
            if role is None and not _unit_only(cells[j].text) and not (
                    _unknown_label(cells[j].text) and j + 1 < len(cells) and column_role(cells[j + 1].text)):
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
    return 2 <= len(t) <= 10 and number(t) is None and percent(t) is None and t not in pats.total_rows and \
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
    starts = [n for n, c in enumerate(cells) if _starts_labelled_row(cells, n)]
    for s_i, s in enumerate(starts):
        limit = starts[s_i + 1] if s_i + 1 < len(starts) else len(cells)
        chunk = cells[s:min(limit, s + len(columns))]
        placed = align(chunk, columns)
        if placed is not None:
            out.append(Record(placed, chunk[0].start, chunk[-1].end))
    return out


def _starts_labelled_row(cells: list[Cell], n: int) -> bool:
    """A row label: a text cell followed, within two cells, by a figure."""
    c = cells[n]
    if c.empty or number(c.text) is not None or percent(c.text) is not None or len(c.text) > 40:
        return False
    if column_role(c.text) is not None:
        return False
    return any(number(x.text) is not None or percent(x.text) is not None for x in cells[n + 1:n + 3])


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
    last_value = max((i for i, c in enumerate(columns) if c.role in VALUE_ROLES), default=len(columns) - 1)
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
        current.append(c)
        if number(c.text) is not None or percent(c.text) is not None:
            groups.append(current)
            current = []
    return groups
