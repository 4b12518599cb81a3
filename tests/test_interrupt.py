"""Nothing half-written: ``kg ingest`` killed (SIGKILL) or interrupted (Ctrl-C) in the middle of a batch.

Every report's graph is written in one transaction with its part of the canonical graph, so after the
kill each report is either complete (the same triples as a clean ingest of that file) or absent, the
canonical graph describes exactly the entities the present reports name, the store opens, and re-running
the same command completes the batch (canonical graph included).
"""
from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import time
from pathlib import Path

import pytest

from govkg.kg.graph import KnowledgeGraph
from tests.conftest import assert_no_traceback, graph_sizes, kg_command, kg_popen, synthetic_reports, validate_store

N = 300
CANONICAL = "https://w3id.org/govkg/id/graph/canonical"
INTERRUPTED = "kg: interrupted; reports written so far are complete, re-run to finish"
#: when to strike, as fractions of a clean run's duration; the first that lands mid-batch is used
DELAYS = (0.6, 0.45, 0.75, 0.35, 0.9)


def graph_contents(store: Path | KnowledgeGraph) -> dict[str, frozenset]:
    """Each report graph's triples as text (blank nodes masked: their labels are per store)."""
    kg = store if isinstance(store, KnowledgeGraph) else KnowledgeGraph(store, read_only=True)
    try:
        rows = kg.store.query("SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }")
        out: dict[str, set] = {}
        for r in rows:
            terms = tuple("_:" if t.__class__.__name__ == "BlankNode" else str(t) for t in (r["s"], r["p"], r["o"]))
            out.setdefault(r["g"].value, set()).add(terms)
    finally:
        if kg is not store:
            kg.close()
    return {g: frozenset(t) for g, t in out.items() if not g.endswith("/graph/ontology")}


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    """300 synthetic reports and a clean ingest of them: the expected graph of every report."""
    root = tmp_path_factory.mktemp("batch")
    reports = root / "reports"
    synthetic_reports(reports, N)
    clean = root / "clean"
    started = time.monotonic()
    r = kg_command("ingest", reports, "--store", clean, "--workers", 2, "--quiet")
    took = time.monotonic() - started
    assert r.returncode == 0, r.stderr
    validate_store(clean)
    contents = graph_contents(clean)
    distinct = len({(reports / name).read_bytes() for name in os.listdir(reports)})  # reports are their bytes
    assert len(contents) == distinct + 1  # and the canonical graph
    return reports, contents, took


@pytest.mark.slow  # one of the four slowest tests: deselect with -m 'not slow'
def test_a_clean_batch_gives_each_report_the_graph_of_a_single_ingest(batch):
    reports, contents, _ = batch
    for name in sorted(os.listdir(reports))[::97]:  # a few files, each ingested on its own
        with KnowledgeGraph(None) as kg:
            assert not kg.ingest([reports / name], workers=1).errors
            single = graph_contents(kg)
        assert len(single) == 2
        (graph, triples), = ((g, t) for g, t in single.items() if g != CANONICAL)
        assert contents[graph] == triples


def _without_other_names(triples: frozenset) -> frozenset:
    return frozenset(t for t in triples if t[1] != "<https://w3id.org/govkg/ontology#otherFileName>")


def contents_of(reports: Path) -> set[bytes]:
    """The distinct contents of the report files, and one for the canonical graph."""
    return {(reports / name).read_bytes() for name in os.listdir(reports)} | {b""}


def _strike(reports: Path, store: Path, sig: int, took: float) -> tuple[tuple[int, str, str, float], dict[str, int]]:
    """Start a batch ingest and send ``sig`` to its process group (as a terminal's Ctrl-C does) mid-batch;
    retry the timing if the batch was not under way. Returns (exit code, stdout, stderr, seconds the
    process took to exit after the signal) and the triples per report graph in the store."""
    for fraction in DELAYS:
        shutil.rmtree(store, ignore_errors=True)
        proc = kg_popen("ingest", reports, "--store", store, "--workers", 2, "--quiet")
        time.sleep(took * fraction)
        os.killpg(proc.pid, sig)
        struck = time.monotonic()
        try:
            out, err = proc.communicate(timeout=120)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.communicate()
            pytest.fail(f"kg ingest did not exit within 120 s of signal {sig}")
        stopped = time.monotonic() - struck
        sizes = graph_sizes(store) if store.exists() else {}
        if 0 < len(sizes) < len(contents_of(reports)) - 1:
            return (proc.returncode, out, err, stopped), sizes
    pytest.fail(f"could not strike mid-batch (a clean run took {took:.1f} s)")


def _check_partial(store: Path, contents: dict[str, frozenset], sizes: dict[str, int]) -> None:
    """Every report present is complete: same triple count and same triples as the clean ingest; the
    canonical graph describes exactly the entities they name."""
    assert 0 < len(sizes) < len(contents) - 1
    # a report's other file names arrive with the files that carry them (the same bytes, later in the batch)
    expected = {g: len(_without_other_names(t)) for g, t in contents.items()}
    got = {g: _without_other_names(t) for g, t in graph_contents(store).items() if g != CANONICAL}
    assert all(len(got[g]) == expected[g] for g in got), {g: (len(got[g]), expected[g]) for g in got
                                                          if len(got[g]) != expected[g]}
    assert all(got[g] == _without_other_names(contents[g]) for g in got)
    kg = KnowledgeGraph(store)  # opens for writing too: no stale lock, no damage
    try:
        named = {r["e"] for r in kg.query("SELECT DISTINCT ?e WHERE { GRAPH ?g { ?m gk:mentionOf|gk:owner ?e } }")}
        described = {r["e"] for r in kg.query(f"SELECT DISTINCT ?e WHERE {{ GRAPH <{CANONICAL}> {{ ?e a ?t }} "
                                              "FILTER(STRSTARTS(STR(?e), 'https://w3id.org/govkg/id/entity/')) }")}
        assert named == described
    finally:
        kg.close()


def _rerun_completes(reports: Path, store: Path, contents: dict[str, frozenset]) -> None:
    r = kg_command("ingest", reports, "--store", store, "--workers", 2, "--quiet")
    assert r.returncode == 0, r.stderr
    assert_no_traceback(r.stderr)
    assert graph_contents(store) == contents
    validate_store(store)


@pytest.mark.slow  # one of the four slowest tests: deselect with -m 'not slow'
def test_sigkill_mid_batch_leaves_whole_reports_and_a_rerun_completes(batch, tmp_path):
    reports, contents, took = batch
    store = tmp_path / "killed"
    (code, _, _, _), sizes = _strike(reports, store, signal.SIGKILL, took)
    assert code == -signal.SIGKILL
    _check_partial(store, contents, sizes)
    _rerun_completes(reports, store, contents)


@pytest.mark.slow  # one of the four slowest tests: deselect with -m 'not slow'
def test_ctrl_c_exits_130_with_one_line_and_whole_reports(batch, tmp_path):
    reports, contents, took = batch
    store = tmp_path / "interrupted"
    (code, out, err, stopped), sizes = _strike(reports, store, signal.SIGINT, took)
    assert code == 130, err
    assert stopped < 15  # stops at once (running files get 3 s), not after extracting the rest
    assert_no_traceback(err)
    lines = [ln for ln in err.splitlines() if ln.strip() and not ln.startswith("govkg: ")]  # model notice
    assert lines == [INTERRUPTED], err
    assert not re.search(r"\d+ report\(s\) ingested", out)
    _check_partial(store, contents, sizes)
    _rerun_completes(reports, store, contents)
