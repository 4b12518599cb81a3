"""Where one worker's ingest time goes, stage by stage, on the same reports, in one process.

    python -m bench.stages --corpus /tmp/govkg-bench/c1000-s7 --n 300

Prints seconds and milliseconds per report for: the floor (blank zh + jieba ``nlp.pipe`` over the raw
texts, as in ``python -m bench ingest``), loading, normalising, parsing (govkg's pipeline paragraph by
paragraph, with sentences), extraction, building the triples, and writing them into a new on-disk store
(one transaction per report, as ``kg ingest`` does; on a thread there, so it overlaps extraction).
"""
from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path


def main() -> None:
    ap = argparse.ArgumentParser(prog="python -m bench.stages", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, required=True, help="a folder with reports/ (python -m bench gen)")
    ap.add_argument("--n", type=int, default=300, help="how many reports (the first N by name)")
    a = ap.parse_args()

    from govkg.ingest.budget import extract_budget
    from govkg.ingest.document import read_layout
    from govkg.ingest.entities import extract_mentions
    from govkg.ingest.load import load
    from govkg.ingest.nlp import build_nlp
    from govkg.ingest.normalize import normalize
    from govkg.ingest.parsed import parse
    from govkg.ingest.pipeline import extract_parsed
    from govkg.ingest.report_info import extract_department
    from govkg.ingest.resolve import Resolver, resolve_report
    from govkg.ingest.subsidies import extract_subsidies
    from govkg.kg.catalog import Catalog, built, file_sha256
    from govkg.kg.store import OxigraphStore

    from .steps import _bare_nlp

    files = sorted((a.corpus / "reports").glob("*.txt"))[: a.n]
    texts = [f.read_text("utf-8") for f in files]
    chars = sum(map(len, texts))
    bare = _bare_nlp()
    nlp = build_nlp(quiet=True)
    nlp("预热")
    out: dict = {}

    def stage(name: str, fn):
        t = time.perf_counter()
        result = fn()
        out[name] = time.perf_counter() - t
        return result

    stage("floor (blank zh + jieba, nlp.pipe)", lambda: [len(d) for d in bare.pipe(texts, batch_size=64)])
    docs = stage("load", lambda: [load(f) for f in files])
    layouts = stage("layout (lines, metadata, tables)", lambda: [read_layout(d.text) for d in docs])
    norms = stage("normalize", lambda: [normalize(d.text, 0, lay) for d, lay in zip(docs, layouts, strict=True)])
    parsed = stage("parse (tokens, sentences)", lambda: [parse(nlp, n, layout=lay)
                                                         for n, lay in zip(norms, layouts, strict=True)])
    depts = stage("  department, kind, year", lambda: [extract_department(p, d.source)
                                                       for p, d in zip(parsed, docs, strict=True)])
    budgets = stage("  budget", lambda: [extract_budget(p, dp)[0] for p, dp in zip(parsed, depts, strict=True)])
    ments = stage("  mentions", lambda: [extract_mentions(p, dp) for p, dp in zip(parsed, depts, strict=True)])
    stage("  subsidies", lambda: [extract_subsidies(p, dp, b, m)
                                  for p, dp, b, m in zip(parsed, depts, budgets, ments, strict=True)])
    resolver = Resolver()
    facts = stage("extract + resolve (all of the above)", lambda: [resolve_report(extract_parsed(p, d, nlp), resolver)
                                                for p, d in zip(parsed, docs, strict=True)])
    data = stage("build + serialise", lambda: [built(f, file_sha256(p), f.report)
                                               for f, p in zip(facts, files, strict=True)])
    with tempfile.TemporaryDirectory() as tmp:
        store = OxigraphStore(Path(tmp) / "store")
        catalog = Catalog(store)
        stage("store write (16 reports per transaction)",
              lambda: [catalog.ingest(data[i:i + 16]) for i in range(0, len(data), 16)])
        store.close()
    floor = out["floor (blank zh + jieba, nlp.pipe)"]
    print(f"{len(files)} reports, {chars:,} characters ({chars // len(files):,} per report)")
    print(f"{'stage':40s} {'s':>7s} {'ms/report':>10s} {'× floor':>8s}")
    for name, s in out.items():
        print(f"{name:40s} {s:7.2f} {s / len(files) * 1000:10.1f} {s / floor:8.2f}")
    work = sum(s for name, s in out.items() if not name.startswith(("floor", "  ")))
    print(f"{'all but the floor':40s} {work:7.2f} {work / len(files) * 1000:10.1f} {work / floor:8.2f}")


if __name__ == "__main__":
    main()
