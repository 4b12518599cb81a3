"""Rows -> table (CJK-width aware), JSON, CSV or .xlsx; the cell rules every output shares.

* **Tables** (the terminal) show amounts in 万元 with thousands separators (``budget(万元)  36,628.61``);
  JSON, CSV and .xlsx keep yuan, as the graph does.
* **CSV** starts with a UTF-8 byte order mark (Excel reads Chinese text right only then; ``bom=False``
  leaves it out), always has its header (also for an empty result), quotes every text cell and keeps
  numbers bare.
* **Spreadsheet formulas.** A text cell that begins with ``=``, ``+``, ``-``, ``@``, a tab, a carriage
  return or a NUL (or their full-width forms) is prefixed with ``'``, as the OWASP advice on CSV injection
  says: a company name such as ``=HYPERLINK(…)`` stays text in Excel and LibreOffice. Numbers are written
  as numbers, so a negative adjustment is not touched. In .xlsx every text cell is written as a string
  cell (never a formula) and gets the same prefix, so that a copy-paste into CSV stays safe.
* **XML-illegal characters** (form feed, vertical tab and the other C0 controls but tab and line breaks,
  U+FFFE/U+FFFF, lone surrogates) are dropped from .xlsx cells (:func:`xml_safe`, also used by the GraphML
  and GEXF writers); white space among them becomes a space.
"""
from __future__ import annotations

import csv
import io
import json
import re
import unicodedata
from decimal import Decimal
from typing import Any

MAX_CELL = 48
#: columns that hold yuan; tables show them in 万元
MONEY = ("budget", "executed", "amount", "initial_budget", "adjustment")
FORMULA_START = tuple("=+-@\t\r\0") + ("\uff1d", "\uff0b", "\uff0d", "\uff20")  # ＝ ＋ － ＠
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_XML_SPACE = re.compile("[\x0b\x0c]")
FORMATS = ("table", "json", "csv", "xlsx")
#: every key of each listing's JSON rows, in CSV/.xlsx column order (a key a row has beyond these follows)
LISTING_COLUMNS = {
    "reports": ["report", "report_id", "names", "kind", "title", "department", "district", "city", "year", "score",
                "evaluates", "warnings"],
    "budget": ["department", "district", "city", "year", "item", "budget", "executed", "rate", "initial_budget",
               "adjustment", "printed", "report", "report_id", "page", "evidence", "start", "end"],
    "entities": ["name", "type", "aliases", "parent", "reports", "report_ids", "entity"],
    "subsidies": ["recipients", "recipients_count", "amount", "currency", "qualifier", "program", "department",
                  "district", "year", "report", "report_id", "evidence", "start", "end", "exact", "subsidy"],
    "links": ["name", "type", "aliases", "districts", "departments", "reports", "report_ids", "entity"],
    "grants": ["recipient_kind", "recipient", "amount", "currency", "qualifier", "program", "department", "year",
               "report", "report_id", "evidence", "start", "end", "exact", "grant"],
    "mentions": ["name", "type", "aliases", "parent", "report", "report_id", "surface", "rule", "found_by", "page",
                 "evidence", "start", "end", "entity"],
}


# -- cells ----------------------------------------------------------------------------------------

def xml_safe(text: str) -> str:
    """``text`` without the characters XML 1.0 cannot hold (vertical tab and form feed become spaces)."""
    return _XML_ILLEGAL.sub("", _XML_SPACE.sub(" ", text))


def neutralise(text: str) -> str:
    """A text cell that a spreadsheet would read as a formula, prefixed with ``'`` (OWASP CSV injection)."""
    return "'" + text if text.startswith(FORMULA_START) else text


def _cell(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, list):
        return "、".join(map(str, v))
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v).replace("\n", " ")


def wan(yuan: Any) -> str:
    """Yuan as 万元 with separators and two decimals: 366286100 -> ``36,628.61``."""
    if yuan is None or yuan == "":
        return ""
    try:
        value = Decimal(str(yuan)) / 10000
    except ArithmeticError:
        return str(yuan)
    return f"{value:,.2f}"


def _width(s: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in s)


def _clip(s: str, limit: int) -> str:
    if _width(s) <= limit:
        return s
    out, w = [], 0
    for ch in s:
        cw = 2 if unicodedata.east_asian_width(ch) in "WF" else 1
        if w + cw > limit - 1:
            break
        out.append(ch)
        w += cw
    return "".join(out) + "…"


def _one_line(s: str) -> str:
    return re.sub(r"[\x00-\x1f\x7f\x85\u2028\u2029]", " ", s)


# -- formats --------------------------------------------------------------------------------------

def columns_of(rows: list[dict[str, Any]], columns: list[str] | None) -> list[str]:
    """``columns`` followed by any other key the rows hold (in first-seen order)."""
    out = list(columns or [])
    for r in rows:
        out.extend(k for k in r if k not in out)
    return out


def table(rows: list[dict[str, Any]], columns: list[str] | None = None) -> str:
    """An aligned plain-text table; long cells are clipped (use --format json for full values)."""
    if not rows:
        return "(no rows)"
    columns = columns or list(rows[0])
    heads = [f"{c}(万元)" if c in MONEY else c for c in columns]
    cells = [[_clip(_one_line(wan(r.get(c)) if c in MONEY else _cell(r.get(c))), MAX_CELL) for c in columns]
             for r in rows]
    widths = [max(_width(h), *(_width(row[i]) for row in cells)) for i, h in enumerate(heads)]
    numeric = [c in MONEY for c in columns]

    def line(values: list[str]) -> str:
        return "  ".join(" " * (w - _width(v)) + v if num else v + " " * (w - _width(v))
                         for v, w, num in zip(values, widths, numeric, strict=True)).rstrip()

    return "\n".join([line(heads), line(["-" * w for w in widths]), *(line(r) for r in cells)])


def _json_default(v: Any):
    if isinstance(v, Decimal):
        return float(v)
    return str(v)


def to_json(rows: Any) -> str:
    """UTF-8 JSON (Chinese kept readable)."""
    return json.dumps(rows, ensure_ascii=False, indent=2, default=_json_default)


def _csv_value(v: Any) -> Any:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float, Decimal)):
        return int(v) if isinstance(v, float) and v.is_integer() else v
    return neutralise(_cell(v))


def to_csv(rows: list[dict[str, Any]], columns: list[str] | None = None, bom: bool = True) -> str:
    """CSV with a header (also when ``rows`` is empty); lists joined with 、; text cells quoted and
    neutralised; a UTF-8 BOM first unless ``bom`` is False."""
    buf = io.StringIO()
    if bom:
        buf.write("\ufeff")
    columns = columns_of(rows, columns)
    w = csv.writer(buf, quoting=csv.QUOTE_NONNUMERIC, lineterminator="\r\n")
    w.writerow(columns)
    for r in rows:
        w.writerow([_csv_value(r.get(c)) for c in columns])
    return buf.getvalue()


def _xlsx_value(v: Any) -> tuple[Any, bool]:
    """(value, is_text) for one .xlsx cell."""
    if v is None:
        return None, False
    if isinstance(v, bool):
        return v, False
    if isinstance(v, (int, float)):
        return v, False
    if isinstance(v, Decimal):
        return float(v), False
    return neutralise(xml_safe(_cell(v))), True


def to_xlsx(sheets: dict[str, tuple[list[dict[str, Any]], list[str] | None]]) -> bytes:
    """An .xlsx workbook (openpyxl), one sheet per ``{title: (rows, columns)}``; header row bold and frozen,
    amounts in yuan with separators, every text cell a string cell."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    wb = Workbook(write_only=True)
    bold = Font(bold=True)
    for title, (rows, columns) in sheets.items():
        ws = wb.create_sheet(title=_sheet_title(title))
        cols = columns_of(rows, columns)
        ws.freeze_panes = "A2"
        header = []
        for c in cols:
            cell = WriteOnlyCell(ws, value=c)
            cell.font = bold
            header.append(cell)
        ws.append(header)
        for r in rows:
            out = []
            for c in cols:
                value, text = _xlsx_value(r.get(c))
                cell = WriteOnlyCell(ws, value=value)
                if text:
                    cell.data_type = "s"  # never a formula, whatever the text starts with
                elif c in MONEY and value is not None:
                    cell.number_format = "#,##0.00"
                out.append(cell)
            ws.append(out)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _sheet_title(title: str) -> str:
    return re.sub(r"[\\/*?:\[\]]", "_", title)[:31] or "sheet"


def render(rows: list[dict[str, Any]], fmt: str, columns: list[str] | None = None, bom: bool = True) -> str:
    """Rows in a text format; ``columns`` picks and orders the table columns and leads the CSV columns."""
    if fmt == "json":
        return to_json(rows)
    if fmt == "csv":
        return to_csv(rows, columns, bom=bom)
    return table(rows, columns)


# -- listing options ------------------------------------------------------------------------------

def sort_rows(rows: list[dict[str, Any]], key: str) -> list[dict[str, Any]]:
    """Rows sorted by column ``key`` (``-key``: descending); empty values last either way."""
    desc = key.startswith("-")
    name = key.lstrip("-+")

    def value(r: dict[str, Any]):
        v = r.get(name)
        if isinstance(v, list):
            v = "、".join(map(str, v))
        return (0, v) if isinstance(v, (int, float, Decimal)) and not isinstance(v, bool) else (1, str(v))

    present = [r for r in rows if r.get(name) not in (None, "", [])]
    missing = [r for r in rows if r.get(name) in (None, "", [])]
    return sorted(present, key=value, reverse=desc) + missing
