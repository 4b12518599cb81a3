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

    # departments
    by_report = {}
    for row in out["reports"] + out["budget"]:
        by_report.setdefault(stem(row.get("report")), row)
    dept_ok = dept_n = 0
    for rep, g in gold.items():
        d, row = g["department"], by_report.get(rep)
        names = {norm(d["name"]), *(norm(a) for a in d.get("aliases", []))}
        dept_n += 3
        if row:
            dept_ok += (norm(row.get("department")) in names) + (norm(row.get("district")) == norm(d["district"])) \
                + (str(row.get("year")) == str(d["year"]))

    # budget rows
    pred_budget = defaultdict(list)
    for row in out["budget"]:
        pred_budget[stem(row.get("report"))].append(row)
    b_tp = b_n = 0
    for rep, g in gold.items():
        used: set[int] = set()
        for gr in g["budget"]:
            b_n += 1
            gi = item_key(gr.get("item"))
            for i, p in enumerate(pred_budget.get(rep, [])):
                if i in used:
                    continue
                pi = item_key(p.get("item"))
                if not ((not gi and not pi) or (gi and pi and (gi in pi or pi in gi))):
                    continue
                if all(close(gr.get(k), p.get(k)) for k in ("budget", "executed") if gr.get(k) is not None):
                    used.add(i)
                    b_tp += 1
                    break

    # enterprises
    planted = {e["canonical"] for g in gold.values() for e in g["entities"] if e["type"] == "enterprise"}
    found = set()
    for e in out["entities"]:
        if (e.get("type") or "") != "enterprise":
            continue
        for n in (e.get("name"), *(e.get("aliases") or [])):
            c = forms.get(norm(n))
            if c:
                found.add(c)

    # subsidies
    pred_sub = defaultdict(list)
    for row in out["subsidies"]:
        pred_sub[stem(row.get("report"))].append(row)
    s_tp = s_n = 0
    for rep, g in gold.items():
        used = set()
        for gs in g["subsidies"]:
            s_n += 1
            g_rec = {forms.get(norm(x), norm(x)) for x in gs["recipients"]}
            for i, p in enumerate(pred_sub.get(rep, [])):
                if i in used or not close(gs["amount"], p.get("amount")):
                    continue
                p_rec = {forms.get(norm(x), norm(x)) for x in (p.get("recipients") or [])}
                if g_rec and not (g_rec & p_rec):
                    continue
                if not g_rec and gs.get("recipients_count") and p.get("recipients_count") != gs["recipients_count"]:
                    continue
                used.add(i)
                s_tp += 1
                break

    # links
    gold_links = json.loads((corpus / "gold" / "links.json").read_text("utf-8")) if only is None else []
    linked = set()
    for row in out["links"]:
        for n in (row.get("name"), *(row.get("aliases") or [])):
            c = forms.get(norm(n))
            if c:
                linked.add(c)
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
