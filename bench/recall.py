"""Recall of the planted facts, from the ``kg`` listings (the same rules as ``/work/shared/tools/score.py``,
indexed by report so that it stays linear at tens of thousands of reports).

* departments: the report's department name (or an alias), district and year are right;
* budget rows: a row of the same report with the same item (after dropping 专项/项目, one name containing the
  other; both empty for the total) and the budget and executed figures within 0.5 %;
* enterprises: a planted enterprise is found when an entity of type enterprise carries one of its names;
* subsidies: a row of the same report with the amount within 0.5 % and a common recipient (or the count).

Areas the extractor does not produce yet (an empty listing for the whole store) are reported as ``None``.
"""
from __future__ import annotations

import json
import unicodedata
from collections import defaultdict
from pathlib import Path

TOL = 0.005
QUOTES = "\"'“”‘’「」『』《》"


def norm(s: str | None) -> str:
    if not s:
        return ""
    s = unicodedata.normalize("NFKC", s)
    return "".join(ch for ch in s if not ch.isspace() and ch not in QUOTES)


def close(a, b) -> bool:
    if a is None or b is None:
        return a is None and b is None
    a, b = float(a), float(b)
    return a == b or abs(a - b) <= TOL * max(abs(a), abs(b))


def item_key(s: str | None) -> str:
    n = norm(s)
    for suffix in ("专项", "项目"):
        if n.endswith(suffix) and len(n) > len(suffix) + 1:
            n = n[: -len(suffix)]
    return n


def stem(report: str | None) -> str:
    return Path(str(report or "")).stem


def load_gold(corpus: Path) -> dict[str, dict]:
    gold = {}
    for p in sorted((corpus / "gold").glob("*.json")):
        if p.name != "links.json":
            d = json.loads(p.read_text("utf-8"))
            gold[stem(d["report"])] = d
    return gold


def score(corpus: Path, out: dict[str, list[dict]], only: set[str] | None = None) -> dict:
    """Recall of the planted facts; ``only``: judge these reports only (stems), and skip links."""
    gold = load_gold(corpus)
    if only is not None:
        gold = {k: v for k, v in gold.items() if k in only}
        out = {k: ([r for r in rows if stem(r.get("report")) in only] if k in ("reports", "budget", "subsidies")
                   else rows) for k, rows in out.items()}
    forms: dict[str, str] = {}  # normalised surface -> canonical
    for g in gold.values():
        for e in g["entities"]:
            for x in (e["name"], e["canonical"], *e.get("aliases", [])):
                forms[norm(x)] = e["canonical"]
    dept_ok, dept_n = _departments(gold, out)
    b_tp, b_n = _budget_rows(gold, out)
    planted = {e["canonical"] for g in gold.values() for e in g["entities"] if e["type"] == "enterprise"}
    found = _canonical((e for e in out["entities"] if (e.get("type") or "") == "enterprise"), forms)
    s_tp, s_n = _subsidies(gold, out, forms)
    gold_links = json.loads((corpus / "gold" / "links.json").read_text("utf-8")) if only is None else []
    linked = _canonical(out["links"], forms)
    gl = {x["canonical"] for x in gold_links}

    def ratio(tp: int, n: int, produced: bool = True):
        return round(tp / n, 4) if n and produced else None

    return {
        "reports": len(gold),
        "departments": ratio(dept_ok, dept_n), "departments_checked": dept_n,
        "budget_rows": ratio(b_tp, b_n), "budget_rows_planted": b_n, "budget_rows_listed": len(out["budget"]),
        "enterprises": ratio(len(found & planted), len(planted), bool(out["entities"])),
        "enterprises_planted": len(planted),
        "subsidies": ratio(s_tp, s_n, bool(out["subsidies"])), "subsidies_planted": s_n,
        "subsidies_listed": len(out["subsidies"]),
        "links": ratio(len(linked & gl), len(gl), bool(out["links"]) and only is None), "links_planted": len(gl),
    }


def _canonical(rows, forms: dict[str, str]) -> set[str]:
    """The planted canonical names that the rows' names or aliases stand for."""
    found = set()
    for row in rows:
        for n in (row.get("name"), *(row.get("aliases") or [])):
            c = forms.get(norm(n))
            if c:
                found.add(c)
    return found


def _departments(gold: dict, out: dict) -> tuple[int, int]:
    """(right, checked): department name, district and year of every report."""
    by_report = {}
    for row in out["reports"] + out["budget"]:
        by_report.setdefault(stem(row.get("report")), row)
    ok = n = 0
    for rep, g in gold.items():
        d, row = g["department"], by_report.get(rep)
        names = {norm(d["name"]), *(norm(a) for a in d.get("aliases", []))}
        n += 3
        if row:
            ok += (norm(row.get("department")) in names) + (norm(row.get("district")) == norm(d["district"])) \
                + (str(row.get("year")) == str(d["year"]))
    return ok, n


def _same_item(gi: str | None, pi: str | None) -> bool:
    return (not gi and not pi) or bool(gi and pi and (gi in pi or pi in gi))


def _budget_rows(gold: dict, out: dict) -> tuple[int, int]:
    """(found, planted) budget rows: the same line (or total) with the same budget and executed figures."""
    pred = defaultdict(list)
    for row in out["budget"]:
        pred[stem(row.get("report"))].append(row)
    tp = n = 0
    for rep, g in gold.items():
        used: set[int] = set()
        for gr in g["budget"]:
            n += 1
            gi = item_key(gr.get("item"))
            for i, p in enumerate(pred.get(rep, [])):
                if i in used or not _same_item(gi, item_key(p.get("item"))):
                    continue
                if all(close(gr.get(k), p.get(k)) for k in ("budget", "executed") if gr.get(k) is not None):
                    used.add(i)
                    tp += 1
                    break
    return tp, n


def _subsidy_matches(gs: dict, p: dict, forms: dict[str, str]) -> bool:
    """Does listed subsidy ``p`` state planted subsidy ``gs`` (amount, then recipients or their count)?"""
    if not close(gs["amount"], p.get("amount")):
        return False
    g_rec = {forms.get(norm(x), norm(x)) for x in gs["recipients"]}
    p_rec = {forms.get(norm(x), norm(x)) for x in (p.get("recipients") or [])}
    if g_rec and not (g_rec & p_rec):
        return False
    return bool(g_rec) or not gs.get("recipients_count") or p.get("recipients_count") == gs["recipients_count"]


def _subsidies(gold: dict, out: dict, forms: dict[str, str]) -> tuple[int, int]:
    """(found, planted) subsidies, each listed subsidy matched at most once."""
    pred = defaultdict(list)
    for row in out["subsidies"]:
        pred[stem(row.get("report"))].append(row)
    tp = n = 0
    for rep, g in gold.items():
        used: set[int] = set()
        for gs in g["subsidies"]:
            n += 1
            for i, p in enumerate(pred.get(rep, [])):
                if i not in used and _subsidy_matches(gs, p, forms):
                    used.add(i)
                    tp += 1
                    break
    return tp, n

