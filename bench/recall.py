"""Recall of the planted facts, from the ``kg`` listings (the same rules as ``/work/shared/tools/score.py``,
indexed by report so that it stays linear at tens of thousands of reports).

* departments: the report's department name (or an alias), district and year are right;
* budget rows: a row of the same report with the same item (after dropping 专项/项目, one name containing the
  other; both empty for the total) and the budget and executed figures within 0.5 %;
* enterprises: a planted enterprise is found when an entity of type enterprise carries one of its names
  (per family: when such an entity also lists the report that names it);
* subsidies: a row of the same report with the amount within 0.5 % and a common recipient, or the count of a
  shared subsidy (A等N家企业), or the amount alone where the gold names no recipient and no count.

``by_family`` gives the same figures for each document family of the corpus (the gold's ``family``; ``dept``
where a gold file has none), with the precision of budget rows and subsidies in those reports (listed rows
that match a planted one) and ``negatives_listed_as_subsidies``: listed subsidies that state the amount of a
planted hard negative (``other_grants``: money to governments, individuals, a contractor).

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
    """Recall of the planted facts, overall and per family; ``only``: judge these reports only (stems), and skip
    links."""
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
    per = {rep: {} for rep in gold}  # report -> area -> (found, planted[, listed])
    _departments(gold, out, per)
    _budget_rows(gold, out, per)
    _subsidies(gold, out, forms, per)
    _enterprise_pairs(gold, out, forms, per)
    planted = {e["canonical"] for g in gold.values() for e in g["entities"] if e["type"] == "enterprise"}
    found = _canonical((e for e in out["entities"] if (e.get("type") or "") == "enterprise"), forms)
    gold_links = json.loads((corpus / "gold" / "links.json").read_text("utf-8")) if only is None else []
    linked = _canonical(out["links"], forms)
    gl = {x["canonical"] for x in gold_links}
    total = _sum(per.values())
    result = {
        "reports": len(gold),
        "departments": _ratio(*total["departments"][:2]), "departments_checked": total["departments"][1],
        "budget_rows": _ratio(*total["budget"][:2]), "budget_rows_planted": total["budget"][1],
        "budget_rows_listed": len(out["budget"]),
        "enterprises": _ratio(len(found & planted), len(planted), bool(out["entities"])),
        "enterprises_planted": len(planted),
        "subsidies": _ratio(*total["subsidies"][:2], bool(out["subsidies"])), "subsidies_planted": total["subsidies"][1],
        "subsidies_listed": len(out["subsidies"]),
        "links": _ratio(len(linked & gl), len(gl), bool(out["links"]) and only is None), "links_planted": len(gl),
    }
    families: dict[str, list[dict]] = defaultdict(list)
    for rep, g in gold.items():
        families[g.get("family", "dept")].append(per[rep])
    result["by_family"] = {f: _family_summary(rows, out) for f, rows in sorted(families.items())}
    return result


def _ratio(tp: int, n: int, produced: bool = True):
    return round(tp / n, 4) if n and produced else None


def _sum(rows) -> dict[str, list[int]]:
    total: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    for areas in rows:
        for area, values in areas.items():
            for i, v in enumerate(values):
                total[area][i] += v
    return total


def _family_summary(rows: list[dict], out: dict) -> dict:
    """Recall (and, for budget rows and subsidies, precision) over one family's reports."""
    t = _sum(rows)
    d, b, e, s = t["departments"], t["budget"], t["enterprises"], t["subsidies"]
    return {
        "reports": len(rows),
        "departments": _ratio(d[0], d[1]),
        "budget_rows": _ratio(b[0], b[1]), "budget_rows_planted": b[1], "budget_rows_listed": b[2],
        "budget_precision": _ratio(b[0], b[2]),
        "enterprises": _ratio(e[0], e[1], bool(out["entities"])), "enterprise_pairs_planted": e[1],
        "subsidies": _ratio(s[0], s[1], bool(out["subsidies"])), "subsidies_planted": s[1], "subsidies_listed": s[2],
        "subsidy_precision": _ratio(s[0], s[2]),
        "other_grants_planted": t["negatives"][1],
        "negatives_listed_as_subsidies": t["negatives"][0],
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


def _departments(gold: dict, out: dict, per: dict) -> None:
    """(right, checked): department name, district and year of every report."""
    by_report = {}
    for row in out["reports"] + out["budget"]:
        by_report.setdefault(stem(row.get("report")), row)
    for rep, g in gold.items():
        d, row = g["department"], by_report.get(rep)
        names = {norm(d["name"]), *(norm(a) for a in d.get("aliases", []))}
        ok = 0
        if row:
            ok = (norm(row.get("department")) in names) + (norm(row.get("district")) == norm(d["district"])) \
                + (str(row.get("year")) == str(d["year"]))
        per[rep]["departments"] = (ok, 3)


def _same_item(gi: str | None, pi: str | None) -> bool:
    return (not gi and not pi) or bool(gi and pi and (gi in pi or pi in gi))


def _by_report(rows: list[dict]) -> dict[str, list[dict]]:
    pred = defaultdict(list)
    for row in rows:
        pred[stem(row.get("report"))].append(row)
    return pred


def _budget_rows(gold: dict, out: dict, per: dict) -> None:
    """(found, planted, listed) budget rows: the same line (or total) with the same budget and executed figures."""
    pred = _by_report(out["budget"])
    for rep, g in gold.items():
        used: set[int] = set()
        rows = pred.get(rep, [])
        for gr in g["budget"]:
            gi = item_key(gr.get("item"))
            for i, p in enumerate(rows):
                if i in used or not _same_item(gi, item_key(p.get("item"))):
                    continue
                if all(close(gr.get(k), p.get(k)) for k in ("budget", "executed") if gr.get(k) is not None):
                    used.add(i)
                    break
        per[rep]["budget"] = (len(used), len(g["budget"]), len(rows))


def _subsidy_matches(gs: dict, p: dict, forms: dict[str, str]) -> bool:
    """Does listed subsidy ``p`` state planted subsidy ``gs``? The amount, then a common recipient or, for a
    subsidy shared by a counted group (A等N家企业), the count; a planted subsidy without recipients and count
    needs the amount only. (score.py requires the recipient where one is planted: a listed shared subsidy
    that gives the count but not the name counts here, not there.)"""
    if not close(gs["amount"], p.get("amount")):
        return False
    g_rec = {forms.get(norm(x), norm(x)) for x in gs["recipients"]}
    p_rec = {forms.get(norm(x), norm(x)) for x in (p.get("recipients") or [])}
    if g_rec & p_rec:
        return True
    count = gs.get("recipients_count")
    if count:
        return p.get("recipients_count") == count
    return not g_rec


def _subsidies(gold: dict, out: dict, forms: dict[str, str], per: dict) -> None:
    """(found, planted, listed) subsidies, each listed subsidy matched at most once; and the listed subsidies
    left over that state a planted hard negative's amount (money to governments, individuals, contractors)."""
    pred = _by_report(out["subsidies"])
    for rep, g in gold.items():
        used: set[int] = set()
        rows = pred.get(rep, [])
        for gs in g["subsidies"]:
            for i, p in enumerate(rows):
                if i not in used and _subsidy_matches(gs, p, forms):
                    used.add(i)
                    break
        negatives = g.get("other_grants") or []
        wrong = sum(1 for i, p in enumerate(rows) if i not in used and any(_states(o, p) for o in negatives))
        per[rep]["subsidies"] = (len(used), len(g["subsidies"]), len(rows))
        per[rep]["negatives"] = (wrong, len(negatives))


def _states(negative: dict, p: dict) -> bool:
    """Does listed subsidy ``p`` state planted hard negative ``negative`` (its amount, or its evidence)?"""
    if close(negative["amount"], p.get("amount")):
        return True
    a, b = norm(negative.get("evidence")), norm(p.get("exact") or p.get("evidence"))
    return bool(a and b) and (a in b or b in a)


def _enterprise_pairs(gold: dict, out: dict, forms: dict[str, str], per: dict) -> None:
    """(found, planted) enterprises of each report: an enterprise entity naming the planted one lists the report."""
    found: set[tuple[str, str]] = set()
    for row in out["entities"]:
        if (row.get("type") or "") != "enterprise":
            continue
        cs = {forms.get(norm(n)) for n in (row.get("name"), *(row.get("aliases") or []))} - {None}
        for rep in row.get("reports") or []:
            found.update((stem(rep), c) for c in cs)
    for rep, g in gold.items():
        planted = {e["canonical"] for e in g["entities"] if e["type"] == "enterprise"}
        per[rep]["enterprises"] = (sum((rep, c) in found for c in planted), len(planted))
