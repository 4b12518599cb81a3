"""Rows -> table (CJK-width aware), JSON or CSV text."""
from __future__ import annotations

import csv
import io
import json
import unicodedata
from decimal import Decimal
from typing import Any

MAX_CELL = 48


def _cell(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, list):
        return "、".join(map(str, v))
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v).replace("\n", " ")


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


def table(rows: list[dict[str, Any]], columns: list[str] | None = None) -> str:
    """An aligned plain-text table; long cells are clipped (use --format json for full values)."""
    if not rows:
        return "(no rows)"
    columns = columns or list(rows[0])
    cells = [[_clip(_cell(r.get(c)), MAX_CELL) for c in columns] for r in rows]
    widths = [max(_width(c), *(_width(row[i]) for row in cells)) for i, c in enumerate(columns)]

    def line(values: list[str]) -> str:
        return "  ".join(v + " " * (w - _width(v)) for v, w in zip(values, widths, strict=True)).rstrip()

    return "\n".join([line(columns), line(["-" * w for w in widths]), *(line(r) for r in cells)])


def _json_default(v: Any):
    if isinstance(v, Decimal):
        return float(v)
    return str(v)


def to_json(rows: Any) -> str:
    """UTF-8 JSON (Chinese kept readable)."""
    return json.dumps(rows, ensure_ascii=False, indent=2, default=_json_default)


def to_csv(rows: list[dict[str, Any]], columns: list[str] | None = None) -> str:
    """CSV with a header; lists joined with 、."""
    buf = io.StringIO()
    if not rows:
        return ""
    columns = columns or list(rows[0])
    w = csv.writer(buf)
    w.writerow(columns)
    for r in rows:
        w.writerow([_cell(r.get(c)) for c in columns])
    return buf.getvalue()


def render(rows: list[dict[str, Any]], fmt: str, columns: list[str] | None = None) -> str:
    """Rows in the chosen format; ``columns`` picks and orders the table/CSV columns."""
    if fmt == "json":
        return to_json(rows)
    if fmt == "csv":
        return to_csv(rows, columns)
    return table(rows, columns)
