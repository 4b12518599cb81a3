"""The measured steps, each run in its own child process by :mod:`bench.suite` (``python -m bench _<step>``).

Each prints one JSON line last: what it did, its own timings, and ``_cpu_s`` (its CPU and its children's).
"""
from __future__ import annotations

import json
import os
import statistics
import sys
import time
from pathlib import Path

from .measure import own_cpu_s


def _emit(data: dict) -> None:
    data["_cpu_s"] = round(own_cpu_s(), 2)
    print(json.dumps(data, ensure_ascii=False), flush=True)


def _report_files(corpus: Path, limit: int | None = None) -> list[Path]:
    files = sorted((corpus / "reports").glob("*.txt"))
    if limit and len(files) > limit:
        step = len(files) / limit  # an even sample across the corpus
        files = [files[int(i * step)] for i in range(limit)]
    return files


# -- the floor: bare spaCy blank zh + jieba over the same text ----------------------------------


def _tokenise(texts: list[str]) -> tuple[float, int]:
    nlp = _bare_nlp()
    t = time.perf_counter()
    n = 0
    for doc in nlp.pipe(texts, batch_size=64):
        n += len(doc)
    return time.perf_counter() - t, n


def _bare_nlp():
    import jieba
    import spacy

    jieba.setLogLevel(60)
    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "jieba"}}})
    nlp.max_length = 2_000_000
    jieba.initialize()
    nlp("预热")
    return nlp


def floor(corpus: Path, procs: int, limit: int | None) -> None:
    """chars/s of ``nlp.pipe`` (blank zh + jieba) over the reports' text, in ``procs`` processes."""
    texts = [p.read_text("utf-8") for p in _report_files(corpus, limit)]
    chars = sum(map(len, texts))
    _bare_nlp()  # build and initialise jieba before forking: the children inherit it
    if procs == 1:
        seconds, tokens = _tokenise(texts)
        per_proc = [seconds]
    else:
        from concurrent.futures import ProcessPoolExecutor

        shares = [texts[i::procs] for i in range(procs)]
        with ProcessPoolExecutor(procs) as pool:
            out = list(pool.map(_tokenise, shares))
        per_proc = [s for s, _ in out]
        seconds, tokens = max(per_proc), sum(n for _, n in out)
    _emit({"step": "floor", "procs": procs, "files": len(texts), "chars": chars, "tokens": tokens,
           "seconds": round(seconds, 3), "chars_per_s": round(chars / seconds), "per_proc_s": per_proc})


# -- ingest -------------------------------------------------------------------------------------


def ingest(corpus: Path, store: Path, workers: int) -> None:
    """``KnowledgeGraph.ingest`` of every report of the corpus into a new store."""
    from govkg.kg.graph import KnowledgeGraph

    files = _report_files(corpus)
    sizes = {str(p): len(p.read_text("utf-8")) for p in files}
    chars = sum(sizes.values())
    stamps: list[tuple[float, str]] = []  # (when written, path)
    start = time.perf_counter()
    kg = KnowledgeGraph(store)
    result = kg.ingest([str(corpus / "reports")], workers=workers,
                       on_file=lambda fr: stamps.append((time.perf_counter(), str(fr.path))))
    kg.close()
    seconds = time.perf_counter() - start
    n = len(result.ok)
    # Steady state: the reports written after the first batch, over the time from that batch to the last
    # report (no start-up: imports, spaCy, jieba, the pool; no final flush). The floor has no start-up either.
    first = stamps[0][0] if stamps else 0.0
    later = [(t, p) for t, p in stamps if t > first]
    span = later[-1][0] - first if later else 0.0
    steady_chars = sum(sizes.get(p, 0) for _, p in later)
    _emit({"step": "ingest", "workers": workers, "files": len(files), "ok": n,
           "errors": len(result.errors), "chars": chars, "seconds": round(seconds, 3),
           "chars_per_s": round(chars / seconds), "ms_per_report": round(seconds / max(n, 1) * 1000, 2),
           "steady_ms_per_report": round(span / len(later) * 1000, 2) if later else None,
           "steady_chars_per_s": round(steady_chars / span) if span else None,
           "first_written_s": round(first - start, 3) if stamps else None,
           "triples": sum(f.triples for f in result.ok)})


# -- recall of the planted facts ------------------------------------------------------------------


def recall(corpus: Path, store: Path, only_first: int | None = None) -> None:
    from govkg.kg.graph import KnowledgeGraph

    from .recall import score

    kg = KnowledgeGraph(store, read_only=True)
    t = time.perf_counter()
    out = {}
    timings = {}
    for name in ("reports", "budget", "entities", "subsidies", "links"):
        t0 = time.perf_counter()
        out[name] = getattr(kg, name)()
        timings[name] = round(time.perf_counter() - t0, 3)
    kg.close()
    only = {p.stem for p in _report_files(corpus)[:only_first]} if only_first else None
    result = score(corpus, out, only)
    result["judged_reports"] = len(only) if only else None
    result["listing_s"] = timings
    result["seconds"] = round(time.perf_counter() - t, 3)
    _emit({"step": "recall", **result})


# -- named queries: pyoxigraph and rdflib -------------------------------------------------------


def query_cases(store: Path) -> list[tuple[str, str, dict]]:
    """(label, query name, filters): every listing, and the filtered forms with values from the store."""
    import pyoxigraph as ox

    from govkg.kg.store import OxigraphStore

    st = OxigraphStore(store, read_only=True)

    def first(q: str, default):
        rows = st.select(q)
        return rows[0]["v"] if rows else default

    # an enterprise named in several subsidies, a department and a year that are in the store
    # the enterprise that receives the most subsidies (its name as the label reads; not a bare suffix)
    ent = first("SELECT ?v WHERE { { SELECT ?e (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s gk:recipient ?e } } GROUP BY ?e } "
                "GRAPH ?g2 { ?e rdfs:label ?v } FILTER(STRLEN(?v) >= 4 && !STRSTARTS(?v, \"（\") && !STRSTARTS(?v, \"(\")) } "
                "ORDER BY DESC(?n) ?v LIMIT 1", "华为")
    dept = first("SELECT ?v WHERE { GRAPH ?g { ?r a gk:Report ; gk:department/rdfs:label ?v } } ORDER BY ?v LIMIT 1",
                 "投资促进局")
    year = first("SELECT ?v WHERE { GRAPH ?g { ?r a gk:Report ; gk:fiscalYear ?v } } ORDER BY ?v LIMIT 1", 2023)
    st.close()
    del ox
    return [
        ("reports", "reports", {}), ("budget", "budget", {}), ("entities", "entities", {}),
        ("subsidies", "subsidies", {}), ("links", "links", {}),
        ("subsidies --enterprise", "subsidies", {"enterprise": ent}),
        ("budget --department", "budget", {"department": dept}),
        ("subsidies --department", "subsidies", {"department": dept}),
        ("budget --year", "budget", {"year": int(year)}),
        ("subsidies --year", "subsidies", {"year": int(year)}),
    ]


def oxigraph_queries(store: Path, repeat: int, cases_json: str) -> None:
    """Each named query through ``KnowledgeGraph`` (the CLI's code path): median of ``repeat`` runs."""
    from govkg.kg.graph import KnowledgeGraph

    kg = KnowledgeGraph(store, read_only=True)
    out = []
    for label, name, filters in json.loads(cases_json):
        times = []
        rows = 0
        for _ in range(repeat):
            t = time.perf_counter()
            rows = len(getattr(kg, name)(**filters))
            times.append(time.perf_counter() - t)
        out.append({"case": label, "query": name, "filters": filters, "rows": rows,
                    "median_s": round(statistics.median(times), 4), "min_s": round(min(times), 4)})
        print(json.dumps(out[-1], ensure_ascii=False), file=sys.stderr, flush=True)
    kg.close()
    _emit({"step": "oxigraph_queries", "cases": out})


def rdflib_queries(nquads: Path, cases_json: str, per_query_s: float, export_s: float = 300) -> None:
    """Load the store's N-Quads into rdflib's Dataset (union default graph), run the same SPARQL, and
    write the data back out as N-Quads and as the union graph in Turtle (what ``kg export`` writes).

    When memory allows (> 4 GB available), each query runs in a forked child that shares the loaded dataset
    and is killed at ``per_query_s`` (or when the machine has < 3 GB left: copy-on-write pages grow as the
    child reads). Otherwise the queries run one after the other on a thread, and the first that passes
    its bound ends the step (rdflib cannot be interrupted): it is reported as timed out, the rest not run.
    """
    import psutil
    import rdflib

    from govkg.kg import queries
    from govkg.kg.vocab import PREFIXES

    t = time.perf_counter()
    ds = rdflib.Dataset(default_union=True)
    ds.parse(str(nquads), format="nquads")
    load_s = time.perf_counter() - t
    quads = len(ds)
    rss = psutil.Process().memory_info().rss
    fork = psutil.virtual_memory().available > 4 * 2**30  # a forked query copies pages as it reads them
    print(json.dumps({"load_s": round(load_s, 1), "quads": quads, "rss_mb": rss >> 20, "fork": fork}),
          file=sys.stderr, flush=True)
    ns = {k: rdflib.Namespace(v) for k, v in PREFIXES.items()}

    def query(text: str):
        return lambda: len(list(ds.query(text, initNs=ns)))

    out_cases = []
    stopped = None
    jobs = [(label, query(queries.render(name, filters)), per_query_s) for label, name, filters in json.loads(cases_json)]
    jobs += [(f"export {fmt}", _rdflib_export(ds, nquads, fmt), export_s) for fmt in ("nq", "turtle")]
    for label, job, bound_s in jobs:
        if stopped:
            out_cases.append({"case": label, "not_run": f"after {stopped} timed out"})
            continue
        if fork:
            res = _run_forked(job, bound_s)
        else:
            res = _run_on_thread(job, bound_s)
            if res.get("timed_out"):
                stopped = label
        out_cases.append({"case": label, **res})
        print(json.dumps(out_cases[-1], ensure_ascii=False), file=sys.stderr, flush=True)
    _emit({"step": "rdflib_queries", "load_s": round(load_s, 1), "quads": quads, "rss_mb": rss >> 20,
           "forked_per_query": fork, "cases": out_cases})
    if stopped:
        sys.stdout.flush()
        os._exit(0)  # the timed-out query's thread cannot be stopped


def _rdflib_export(ds, nquads: Path, fmt: str):
    """A job that writes ``ds`` back out, as ``kg export`` does (nq: quads; turtle: the union's triples)."""
    import rdflib

    def write() -> int:  # returns the bytes written
        target = nquads.with_suffix(f".rdflib.{fmt}")
        if fmt == "nq":
            ds.serialize(str(target), format="nquads")
        else:  # the union graph's triples
            union = rdflib.Graph()
            for triple in ds.triples((None, None, None)):
                union.add(triple)
            union.serialize(str(target), format="turtle")
        size = target.stat().st_size
        target.unlink()
        return size
    return write


def _run_job(job, out) -> None:
    """Run one job, putting its seconds and result (or its error) into ``out``."""
    t0 = time.perf_counter()
    try:
        rows = job()
        out.put({"seconds": round(time.perf_counter() - t0, 3), "rows": rows})
    except Exception as e:  # noqa: BLE001
        out.put({"error": f"{type(e).__name__}: {str(e)[:200]}"})


def _run_forked(job, bound_s: float) -> dict:
    """The job in a forked child (sharing the loaded data), killed after ``bound_s`` or when memory runs low."""
    import multiprocessing as mp

    import psutil

    ctx = mp.get_context("fork")
    box = ctx.Queue()
    proc = ctx.Process(target=_run_job, args=(job, box))
    proc.start()
    deadline = time.monotonic() + bound_s
    res = None
    while res is None:
        try:
            res = box.get(timeout=0.2)
        except Exception:  # noqa: BLE001  (queue.Empty)
            if time.monotonic() > deadline:
                res = {"timed_out": True, "bound_s": bound_s}
            elif psutil.virtual_memory().available < 3 * 2**30:  # guard the shared machine
                res = {"error": "stopped: the machine had < 3 GB of memory left"}
    proc.kill()
    proc.join()
    return res


def _run_on_thread(job, bound_s: float) -> dict:
    """The job on a thread; after ``bound_s`` it is reported as timed out (and left running)."""
    import queue
    import threading

    box: queue.Queue = queue.Queue()
    th = threading.Thread(target=_run_job, args=(job, box), daemon=True)
    th.start()
    th.join(bound_s)
    if th.is_alive():
        return {"timed_out": True, "bound_s": bound_s}
    return box.get()


# -- export -------------------------------------------------------------------------------------


def export(store: Path, fmt: str, out: Path) -> None:
    from govkg.kg.graph import KnowledgeGraph

    kg = KnowledgeGraph(store, read_only=True)
    t = time.perf_counter()
    kg.export(out, fmt)
    seconds = time.perf_counter() - t
    kg.close()
    _emit({"step": "export", "format": fmt, "seconds": round(seconds, 3), "bytes": out.stat().st_size})


def main(argv: list[str]) -> None:
    step, *rest = argv
    a = dict(zip(rest[::2], rest[1::2], strict=False))
    if step == "_floor":
        floor(Path(a["--corpus"]), int(a["--procs"]), int(a["--limit"]) if "--limit" in a else None)
    elif step == "_ingest":
        ingest(Path(a["--corpus"]), Path(a["--store"]), int(a["--workers"]))
    elif step == "_recall":
        recall(Path(a["--corpus"]), Path(a["--store"]), int(a["--only-first"]) if "--only-first" in a else None)
    elif step == "_oxigraph":
        oxigraph_queries(Path(a["--store"]), int(a.get("--repeat", "3")), a["--cases"])
    elif step == "_rdflib":
        rdflib_queries(Path(a["--nquads"]), a["--cases"], float(a["--per-query"]), float(a.get("--export-s", 300)))
    elif step == "_export":
        export(Path(a["--store"]), a["--format"], Path(a["--out"]))
    else:
        raise SystemExit(f"unknown step {step}")
