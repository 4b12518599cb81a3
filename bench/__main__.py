"""govkg scale benchmarks (not tests). Results: bench/results/*.json; summary: docs/PERFORMANCE.md.

    python -m bench gen --n 1000 --out /tmp/govkg-bench/c1000      # synthetic corpus + planted facts
    python -m bench recall --sizes 100 --families dept              # any suite on another family mix
    python -m bench ingest --sizes 100,1000,10000                   # floor, ingest 1 vs 2 workers, RSS
    python -m bench recall --sizes 100,1000,10000                   # planted facts found, per size
    python -m bench queries --sizes 1000,10000                      # pyoxigraph vs rdflib, export
    python -m bench all                                             # the three above, in that order
    python -m bench report                                          # markdown tables of the results
    python -m bench hostile [--quick] [--only FAMILY]               # memory/time of hostile inputs

Every step runs in a child process (``python -m bench _<step> …``) that the parent measures: wall, CPU of
the process tree, peak RSS of the tree, CPU used meanwhile by other processes on the machine.
Corpora and stores live under --root (default /tmp/govkg-bench), generated once per (size, seed).
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

FAMILIES_HELP = ("document families of the synthetic corpus and their weights, e.g. dept=40,web=15,project=20,"
                 "table=10,notice=15 (the default), dept (the department-wide reports only, as before), or all")


def _sizes(text: str) -> list[int]:
    return [int(x.replace("_", "").replace(",", "")) for x in text.split(",") if x.strip()] if text else []


def _name(suite: str, tag: str) -> str:
    return f"{suite}-{tag}" if tag else suite


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0].startswith("_"):
        from .steps import main as step_main

        step_main(argv)
        return 0
    if argv and argv[0] == "hostile":  # issue 13.3: memory and time per hostile input (bench/hostile.py)
        from .hostile import main as hostile_main

        return hostile_main(argv[1:])
    from .suite import DEFAULT_ROOT

    ap = argparse.ArgumentParser(prog="python -m bench", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    g = sub.add_parser("gen", help="write a synthetic corpus")
    g.add_argument("--n", type=int, required=True)
    g.add_argument("--out", required=True)
    g.add_argument("--seed", type=int, default=7)
    g.add_argument("--families", default=None, help=FAMILIES_HELP)
    sub.add_parser("report", help="markdown tables from bench/results/*.json")
    for name in ("ingest", "recall", "queries", "all"):
        p = sub.add_parser(name)
        p.add_argument("--root", type=Path, default=DEFAULT_ROOT)
        p.add_argument("--seed", type=int, default=7)
        p.add_argument("--sizes", default="100,1000,10000" if name != "queries" else "1000,10000")
        p.add_argument("--timeout", type=float, default=1800, help="bound of every step, seconds")
        p.add_argument("--tag", default="", help="results go to bench/results/<suite>[-TAG].json")
        if name != "queries":
            p.add_argument("--families", default=None, help=FAMILIES_HELP)
        if name in ("ingest", "all"):
            p.add_argument("--workers", default="1,2", help="worker counts compared at sizes <= 1000")
            p.add_argument("--big-workers", default="2", help="worker counts at sizes > 1000")
            p.add_argument("--repeat", type=int, default=2, help="runs per worker count at sizes <= 1000 (best kept)")
            p.add_argument("--floor-limit", type=int, default=1000,
                           help="above this many reports the floor tokenises an even sample of this many")
        if name in ("queries", "all"):
            p.add_argument("--query-sizes", default="1000,10000")
            p.add_argument("--query-repeat", type=int, default=3)
            p.add_argument("--rdflib-load-s", type=float, default=600, help="bound of rdflib's load")
            p.add_argument("--rdflib-query-s", type=float, default=60, help="bound of each rdflib query")
            p.add_argument("--rdflib-export-s", type=float, default=300, help="bound of each rdflib export")
    a = ap.parse_args(argv)

    from . import suite

    if a.cmd == "report":
        from .report import main as report_main

        report_main()
        return 0
    if a.cmd == "gen":
        from .corpus import generate

        print(generate(a.n, a.out, a.seed, a.families))
        return 0
    sizes = _sizes(a.sizes)
    if a.cmd in ("ingest", "all"):
        suite.ingest_suite(sizes, _sizes(a.workers), _sizes(a.big_workers), a.repeat, a.root, a.seed,
                           a.floor_limit, a.timeout, name=_name("ingest", a.tag), families=a.families)
    if a.cmd in ("recall", "all"):
        suite.recall_suite(sizes, a.root, a.seed, a.timeout, name=_name("recall", a.tag), families=a.families)
    if a.cmd in ("queries", "all"):
        qs = _sizes(a.query_sizes) if a.cmd == "all" else sizes
        suite.query_suite(qs, a.root, a.query_repeat, a.rdflib_load_s, a.rdflib_query_s, a.timeout,
                          name=_name("queries", a.tag), rdflib_export_s=a.rdflib_export_s)
    return 0


if __name__ == "__main__":
    sys.exit(main())
