"""The benchmark suites: each step runs in a child process (bench.steps) measured by bench.measure.

Results go to bench/results/<suite>.json, rewritten after every step (a long run can be watched).
"""
from __future__ import annotations

import json
import shutil
import time
from datetime import datetime, timezone
from pathlib import Path

from .corpus import corpus_dir, ensure, families_tag, parse_families
from .measure import machine, run_child, write_result

DEFAULT_ROOT = Path("/tmp/govkg-bench")


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _store(root: Path, n: int, workers: int, tag: str = "", families: str | None = None) -> Path:
    mix = families_tag(parse_families(families))
    return root / (f"store-{n}" + (f"-{mix}" if mix else "") + f"-w{workers}{tag}")


# -- ingest -------------------------------------------------------------------------------------


def ingest_suite(sizes: list[int], workers: list[int], big_workers: list[int], repeat: int, root: Path,
                 seed: int, floor_limit: int, timeout: float, name: str = "ingest", families: str | None = None) -> dict:
    """Floor, ingest (1 vs 2 workers, alternating, best of ``repeat``), peak RSS, at every size."""
    data = {"suite": "ingest", "started": _now(), "machine": machine(), "seed": seed,
            "families": parse_families(families), "sizes": []}
    for n in sizes:
        corpus = ensure(n, root, seed, families)
        manifest = json.loads((corpus / "manifest.json").read_text())
        entry: dict = {"reports": n, "chars": manifest["chars"], "corpus": str(corpus), "floor": {}, "runs": []}
        data["sizes"].append(entry)
        limit = floor_limit if n > floor_limit else None
        for procs in (1, 2):
            args = ["_floor", "--corpus", str(corpus), "--procs", str(procs)] + (["--limit", str(limit)] if limit else [])
            entry["floor"][str(procs)] = run_child(args, timeout=timeout).as_dict()
            write_result(name, data)
        ws = workers if n <= 1000 else big_workers
        reps = repeat if n <= 1000 else 1
        for r in range(reps):
            for w in (ws if r % 2 == 0 else list(reversed(ws))):
                store = _store(root, n, w, families=families)
                shutil.rmtree(store, ignore_errors=True)
                m = run_child(["_ingest", "--corpus", str(corpus), "--store", str(store), "--workers", str(w)],
                              timeout=timeout)
                entry["runs"].append({"workers": w, "repeat": r, **m.as_dict()})
                write_result(name, data)
        # keep one store per size (the most workers) for recall, queries and export
        for w in ws[:-1] if len(ws) > 1 else []:
            if max(ws) != w:
                shutil.rmtree(_store(root, n, w, families=families), ignore_errors=True)
    data["summary"] = summarise_ingest(data)
    return _finish(name, data)


def summarise_ingest(data: dict) -> dict:
    rows = []
    base_ms: dict[int, float] = {}
    for entry in data["sizes"]:
        n, chars = entry["reports"], entry["chars"]
        f1 = entry["floor"].get("1", {}).get("result", {}).get("chars_per_s")
        f2 = entry["floor"].get("2", {}).get("result", {}).get("chars_per_s")
        best: dict[int, dict] = {}
        for run in entry["runs"]:
            if not run["ok"]:
                continue
            w = run["workers"]
            if w not in best or run["wall_s"] < best[w]["wall_s"]:
                best[w] = run
        for w, run in sorted(best.items()):
            cps = chars / run["wall_s"]
            ms = run["wall_s"] / n * 1000
            steady_ms = run["result"].get("steady_ms_per_report")
            steady_cps = run["result"].get("steady_chars_per_s")
            if n == min(e["reports"] for e in data["sizes"]) and steady_ms:
                base_ms.setdefault(w, steady_ms)
            row = {
                "reports": n, "workers": w, "wall_s": run["wall_s"], "chars_per_s": round(cps),
                "ms_per_report": round(ms, 2), "steady_ms_per_report": steady_ms,
                "cpu_ms_per_report": round(run["cpu_s"] / n * 1000, 2),
                "peak_rss_mb": run["peak_rss_mb"], "cpu_s": run["cpu_s"], "foreign_cpu_s": run["foreign_cpu_s"],
                "floor_1proc_chars_per_s": f1, "floor_2proc_chars_per_s": f2,
                "vs_floor_1proc": round(cps / f1, 3) if f1 else None,
                "vs_floor_same_procs": round(cps / (f1 if w == 1 else f2), 3) if (f1 and f2) else None,
                "steady_chars_per_s": steady_cps,
                "steady_vs_floor_same_procs": round(steady_cps / (f1 if w == 1 else f2), 3)
                if (f1 and f2 and steady_cps) else None,
            }
            if 1 in best and w != 1:
                row["speedup_vs_1_worker"] = round(best[1]["wall_s"] / run["wall_s"], 3)
                one = best[1]["result"].get("steady_chars_per_s")
                if one and steady_cps:
                    row["steady_speedup_vs_1_worker"] = round(steady_cps / one, 3)
            if w in base_ms and steady_ms:  # flat time per report: steady state against the smallest corpus
                row["steady_ms_per_report_vs_smallest"] = round(steady_ms / base_ms[w], 3)
            rows.append(row)
    return {"rows": rows}


# -- recall ---------------------------------------------------------------------------------------


def recall_suite(sizes: list[int], root: Path, seed: int, timeout: float, name: str = "recall",
                 families: str | None = None) -> dict:
    data = {"suite": "recall", "started": _now(), "machine": machine(), "families": parse_families(families),
            "sizes": []}
    for n in sizes:
        corpus = corpus_dir(root, n, seed, families)
        store = _latest_store(root, n, families)
        if store is None or not _built_from(store, corpus):
            print(f"recall: no store of the current {corpus.name} (run python -m bench ingest first)", flush=True)
            continue
        m = run_child(["_recall", "--corpus", str(corpus), "--store", str(store)], timeout=timeout)
        data["sizes"].append({"reports": n, "store": str(store), **m.as_dict()})
        write_result(name, data)
    # The same reports alone and inside the biggest store: extraction does not depend on the batch, but
    # entity resolution does (names across reports), so this isolates what scale changes.
    big = max(sizes) if sizes else None
    corpus_big = corpus_dir(root, big, seed, families) if big else None
    store_big = _latest_store(root, big, families) if big else None
    data["same_reports"] = []
    if store_big is not None:
        files = sorted((corpus_big / "reports").glob("*.txt"))
        for n in sorted(x for x in sizes if x < big):
            sub = root / f"{corpus_big.name}-first{n}"
            shutil.rmtree(sub, ignore_errors=True)
            (sub / "reports").mkdir(parents=True)
            (sub / "gold").mkdir()
            for f in files[:n]:
                (sub / "reports" / f.name).symlink_to(f)
                (sub / "gold" / (f.stem + ".json")).symlink_to(corpus_big / "gold" / (f.stem + ".json"))
            (sub / "gold" / "links.json").write_text("[]")
            store = root / f"store-first{n}-of-{corpus_big.name}"
            shutil.rmtree(store, ignore_errors=True)
            ing = run_child(["_ingest", "--corpus", str(sub), "--store", str(store), "--workers", "2"], timeout=timeout)
            alone = run_child(["_recall", "--corpus", str(sub), "--store", str(store), "--only-first", str(n)],
                              timeout=timeout)
            inside = run_child(["_recall", "--corpus", str(corpus_big), "--store", str(store_big), "--only-first", str(n)],
                               timeout=timeout)
            data["same_reports"].append({"reports": n, "of": big, "ingest_ok": ing.ok, "alone": alone.as_dict(),
                                         "inside": inside.as_dict()})
            shutil.rmtree(store, ignore_errors=True)
            write_result(name, data)
    return _finish(name, data)


def _latest_store(root: Path, n: int | None, families: str | None = None) -> Path | None:
    mix = families_tag(parse_families(families))
    found = sorted(root.glob(f"store-{n}" + (f"-{mix}" if mix else "") + "-w[0-9]"), key=lambda p: p.stat().st_mtime)
    return found[-1] if found else None


def _built_from(store: Path, corpus: Path) -> bool:
    """Was the store written after the corpus (not from an earlier corpus of the same size)?"""
    manifest = corpus / "manifest.json"
    return manifest.exists() and store.stat().st_mtime >= manifest.stat().st_mtime


# -- queries: pyoxigraph vs rdflib, and export -------------------------------------------------


def query_suite(sizes: list[int], root: Path, repeat: int, rdflib_load_s: float, rdflib_query_s: float,
                timeout: float, name: str = "queries", rdflib_export_s: float = 300) -> dict:
    from .steps import query_cases

    data = {"suite": "queries", "started": _now(), "machine": machine(), "sizes": []}
    for n in sizes:
        store = _latest_store(root, n)
        if store is None:
            continue
        cases = query_cases(store)
        cases_json = json.dumps(cases, ensure_ascii=False)
        entry: dict = {"reports": n, "store": str(store), "cases": cases}
        data["sizes"].append(entry)
        entry["oxigraph"] = run_child(["_oxigraph", "--store", str(store), "--repeat", str(repeat),
                                       "--cases", cases_json], timeout=timeout).as_dict()
        write_result(name, data)
        nq = root / f"export-{n}.nq"
        entry["export"] = {}
        for fmt, path in (("nq", nq), ("turtle", root / f"export-{n}.ttl")):
            entry["export"][fmt] = run_child(["_export", "--store", str(store), "--format", fmt, "--out", str(path)],
                                             timeout=timeout).as_dict()
            write_result(name, data)
        bound = rdflib_load_s + rdflib_query_s * len(cases) + 2 * rdflib_export_s
        entry["rdflib"] = run_child(["_rdflib", "--nquads", str(nq), "--cases", cases_json,
                                     "--per-query", str(rdflib_query_s), "--export-s", str(rdflib_export_s)],
                                    timeout=bound).as_dict()
        entry["rdflib"]["bound_s"] = {"load_and_all": bound, "per_query": rdflib_query_s, "export": rdflib_export_s}
        (root / f"export-{n}.ttl").unlink(missing_ok=True)
        write_result(name, data)
    data["summary"] = summarise_queries(data)
    return _finish(name, data)


def summarise_queries(data: dict) -> dict:
    rows = []
    for entry in data["sizes"]:
        ox = {c["case"]: c for c in entry["oxigraph"].get("result", {}).get("cases", [])}
        rd_res = entry.get("rdflib", {})
        rd = {c["case"]: c for c in rd_res.get("result", {}).get("cases", [])}
        load_done = bool(rd_res.get("result"))
        bound = rd_res.get("bound_s", {}).get("per_query")
        for label, _, _ in entry["cases"]:
            o = ox.get(label, {})
            r = rd.get(label)
            row = {"reports": entry["reports"], "case": label, "rows": o.get("rows"),
                   "oxigraph_s": o.get("median_s")}
            if r and r.get("seconds") is not None and not r.get("error"):
                row["rdflib_s"] = r["seconds"]
                row["speedup"] = round(r["seconds"] / o["median_s"], 1) if o.get("median_s") else None
                row["rdflib_rows"] = r.get("rows")
            elif r and r.get("timed_out"):
                row["rdflib_s"] = f"> {bound:g}"
                row["speedup"] = f"> {bound / o['median_s']:.0f}" if o.get("median_s") else None
            elif not load_done:
                row["rdflib_s"] = f"not run (rdflib's load did not finish in {rd_res.get('bound_s', {}).get('load_and_all')} s)"
            else:
                row["rdflib_s"] = (r.get("error") or f"not run ({r.get('not_run')})") if r else "not run"
            rows.append(row)
        for fmt, m in entry.get("export", {}).items():
            row = {"reports": entry["reports"], "case": f"export {fmt}", "oxigraph_s": m.get("result", {}).get("seconds"),
                   "wall_s": m["wall_s"], "bytes": m.get("result", {}).get("bytes"), "peak_rss_mb": m["peak_rss_mb"]}
            r = rd.get(f"export {fmt}")
            if r and r.get("seconds") is not None and row["oxigraph_s"]:
                row["rdflib_s"], row["speedup"] = r["seconds"], round(r["seconds"] / row["oxigraph_s"], 1)
            elif r and r.get("timed_out") and row["oxigraph_s"]:
                row["rdflib_s"], row["speedup"] = f"> {r['bound_s']:g}", f"> {r['bound_s'] / row['oxigraph_s']:.0f}"
            rows.append(row)
        if load_done:
            rows.append({"reports": entry["reports"], "case": "rdflib load (N-Quads)",
                         "rdflib_s": rd_res["result"].get("load_s"), "peak_rss_mb": rd_res.get("peak_rss_mb")})
    return {"rows": rows}


def _finish(name: str, data: dict) -> dict:
    """Stamp a suite's results as finished and write them."""
    data["finished"] = _now()
    write_result(name, data)
    return data


def now_s() -> float:
    return time.time()
