"""Markdown tables from bench/results/*.json (``python -m bench report``), pasted into docs/PERFORMANCE.md."""
from __future__ import annotations

import json
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results"


def _load(name: str) -> dict | None:
    p = RESULTS / f"{name}.json"
    return json.loads(p.read_text("utf-8")) if p.exists() else None


def _f(x, digits: int = 2) -> str:
    if x is None:
        return "–"
    if isinstance(x, float):
        return f"{x:,.{digits}f}"
    if isinstance(x, int):
        return f"{x:,}"
    return str(x)


def ingest_table(data: dict) -> str:
    out = ["| reports | workers | wall s | chars/s (wall) | × floor (wall) | steady chars/s | × floor (steady) | "
           "steady ms/report | × smallest | speed-up vs 1 worker (steady / wall) | peak RSS MB | other CPU s |",
           "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for r in data["summary"]["rows"]:
        speedup = (f"{_f(r.get('steady_speedup_vs_1_worker'))} / {_f(r.get('speedup_vs_1_worker'))}"
                   if r.get("speedup_vs_1_worker") else "")
        out.append(f"| {_f(r['reports'])} | {r['workers']} | {_f(r['wall_s'], 1)} | {_f(r['chars_per_s'])} | "
                   f"{_f(r['vs_floor_same_procs'])} | {_f(r.get('steady_chars_per_s'))} | "
                   f"{_f(r.get('steady_vs_floor_same_procs'))} | {_f(r.get('steady_ms_per_report'), 1)} | "
                   f"{_f(r.get('steady_ms_per_report_vs_smallest'))} | {speedup} | {_f(r['peak_rss_mb'], 0)} | "
                   f"{_f(r['foreign_cpu_s'], 0)} |")
    floors = ["| reports | floor chars/s, 1 process | floor chars/s, 2 processes | text measured |", "|---:|---:|---:|---|"]
    for e in data["sizes"]:
        f1, f2 = e["floor"].get("1", {}).get("result", {}), e["floor"].get("2", {}).get("result", {})
        floors.append(f"| {_f(e['reports'])} | {_f(f1.get('chars_per_s'))} | {_f(f2.get('chars_per_s'))} | "
                      f"{_f(f1.get('files'))} reports, {_f(f1.get('chars'))} chars |")
    return "\n".join(out) + "\n\n" + "\n".join(floors)


def recall_table(data: dict) -> str:
    out = ["| reports | departments | budget rows | enterprises | subsidies | links | listings s (reports/budget/entities/subsidies/links) |",
           "|---:|---:|---:|---:|---:|---:|---|"]
    for e in data["sizes"]:
        r = e.get("result", {})
        ls = r.get("listing_s", {})
        out.append(f"| {_f(e['reports'])} | {_f(r.get('departments'), 4)} | {_f(r.get('budget_rows'), 4)} "
                   f"({_f(r.get('budget_rows_planted'))}) | {_f(r.get('enterprises'), 4)} ({_f(r.get('enterprises_planted'))}) | "
                   f"{_f(r.get('subsidies'), 4)} ({_f(r.get('subsidies_planted'))}) | {_f(r.get('links'), 4)} "
                   f"({_f(r.get('links_planted'))}) | {' / '.join(_f(ls.get(k), 1) for k in ('reports', 'budget', 'entities', 'subsidies', 'links'))} |")
    families = family_table(data)
    if families:
        out += ["", families]
    same = data.get("same_reports") or []
    if same:
        out += ["", "The same reports judged alone (ingested on their own) and inside the biggest store:", "",
                "| reports | of | departments alone / inside | budget rows alone / inside | enterprises alone / inside | subsidies alone / inside |",
                "|---:|---:|---|---|---|---|"]
        for e in same:
            a, i = e["alone"].get("result", {}), e["inside"].get("result", {})
            out.append(f"| {_f(e['reports'])} | {_f(e['of'])} | " + " | ".join(
                f"{_f(a.get(k), 4)} / {_f(i.get(k), 4)}" for k in ("departments", "budget_rows", "enterprises", "subsidies")) + " |")
    return "\n".join(out)


def family_table(data: dict) -> str:
    """Recall per document family (bench.corpus); precision of budget rows and subsidies in brackets."""
    rows = ["| reports | family | reports of it | departments | budget rows (precision) | enterprises | "
            "subsidies (precision) | hard negatives listed as subsidies |", "|---:|---|---:|---:|---:|---:|---:|---:|"]
    for e in data["sizes"]:
        for fam, r in (e.get("result", {}).get("by_family") or {}).items():
            rows.append(f"| {_f(e['reports'])} | {fam} | {_f(r['reports'])} | {_f(r.get('departments'), 4)} | "
                        f"{_f(r.get('budget_rows'), 4)} of {_f(r.get('budget_rows_planted'))} "
                        f"({_f(r.get('budget_precision'), 2)}) | {_f(r.get('enterprises'), 4)} | "
                        f"{_f(r.get('subsidies'), 4)} of {_f(r.get('subsidies_planted'))} "
                        f"({_f(r.get('subsidy_precision'), 2)}) | {_f(r.get('negatives_listed_as_subsidies'))} of "
                        f"{_f(r.get('other_grants_planted'))} |")
    return "\n".join(rows) if len(rows) > 2 else ""


def query_table(data: dict) -> str:
    out = ["| reports | query | rows | pyoxigraph s (median of 3) | rdflib s | rdflib ÷ pyoxigraph |",
           "|---:|---|---:|---:|---:|---:|"]
    for r in data["summary"]["rows"]:
        if r["case"].startswith(("export", "rdflib load")):
            continue
        out.append(f"| {_f(r['reports'])} | `{r['case']}` | {_f(r.get('rows'))} | {_f(r.get('oxigraph_s'), 3)} | "
                   f"{_f(r.get('rdflib_s'), 2)} | {_f(r.get('speedup'), 1)} |")
    ex = ["| reports | step | pyoxigraph s | rdflib s | rdflib ÷ pyoxigraph | bytes | peak RSS MB |",
          "|---:|---|---:|---:|---:|---:|---:|"]
    for r in data["summary"]["rows"]:
        if r["case"].startswith(("export", "rdflib load")):
            ex.append(f"| {_f(r['reports'])} | {r['case']} | {_f(r.get('oxigraph_s'), 1)} | {_f(r.get('rdflib_s'), 1)} | "
                      f"{_f(r.get('speedup'), 1)} | {_f(r.get('bytes'))} | {_f(r.get('peak_rss_mb'), 0)} |")
    return "\n".join(out) + "\n\n" + "\n".join(ex)


def main() -> None:
    suites = (("ingest", ingest_table), ("recall", recall_table), ("queries", query_table),
              ("ingest-families", ingest_table), ("recall-families", recall_table))
    for name, fn in suites:
        data = _load(name)
        if data and (not name.startswith(("ingest", "queries")) or "summary" in data):
            print(f"### {name} ({data.get('started')}, {data.get('machine', {}).get('commit')})\n")
            print(fn(data))
            print()
