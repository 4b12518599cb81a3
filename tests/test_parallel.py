"""Parallel ingest gives the same store as one worker: the same triples in every report graph.

The sample reports plus a few generated ones (bench.corpus: other departments, districts, years, PDF-like
line wrapping and page markers) are ingested with 1 and with 2 worker processes; every named graph must
hold exactly the same triples, the files must be reported in the same order with the same summaries,
and ingesting again (which replaces existing graphs through the other write path) changes nothing.
No timing is asserted here (see ``python -m bench``).
"""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bench.corpus import generate
from govkg.kg.graph import KnowledgeGraph
from tests.conftest import SAMPLES, assert_valid


def graph_contents(kg: KnowledgeGraph) -> dict[str, frozenset[str]]:
    """Named graph IRI -> its triples as N-Triples lines (blank nodes, if any, masked)."""
    out: dict[str, set[str]] = {}
    for row in kg.store.query("SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }"):
        terms = tuple("_:b" if t.__class__.__name__ == "BlankNode" else str(t) for t in (row["s"], row["p"], row["o"]))
        out.setdefault(row["g"].value, set()).add(" ".join(terms))
    return {g: frozenset(t) for g, t in out.items()}


@pytest.fixture(scope="module")
def reports(tmp_path_factory) -> list[Path]:
    root = tmp_path_factory.mktemp("parallel")
    generate(6, root / "gen", seed=11, families="dept")  # the department-wide family, as before the mix
    folder = root / "in"
    folder.mkdir()
    for p in [*sorted(SAMPLES.glob("*.txt")), *sorted((root / "gen" / "reports").glob("*.txt"))]:
        shutil.copy(p, folder / p.name)
    (folder / "broken.txt").write_bytes(b"\xff\xfe\x00\x00" * 8)  # rejected the same way by both paths
    return sorted(folder.iterdir())


@pytest.fixture(scope="module")
def ingested(reports, tmp_path_factory):
    """workers -> (store folder, IngestResult, graph contents)."""
    out = {}
    for workers in (1, 2):
        store = tmp_path_factory.mktemp(f"w{workers}") / "store"
        kg = KnowledgeGraph(store)
        result = kg.ingest(reports, workers=workers)
        out[workers] = (store, result, graph_contents(kg))
        kg.close()
    return out


def test_two_workers_give_the_same_graphs_as_one(ingested, reports):
    _, r1, g1 = ingested[1]
    _, r2, g2 = ingested[2]
    good = len(reports) - 1
    assert len(r1.ok) == len(r2.ok) == good
    assert len(g1) == good + 2  # every report's graph, the canonical graph and the ontology graph
    assert g1.keys() == g2.keys()
    for graph in g1:
        assert g1[graph] == g2[graph], graph


def test_files_are_reported_in_the_same_order_with_the_same_summaries(ingested):
    _, r1, _ = ingested[1]
    _, r2, _ = ingested[2]
    assert [(f.path, f.error, f.report, f.triples, f.summary) for f in r1.files] == \
           [(f.path, f.error, f.report, f.triples, f.summary) for f in r2.files]
    assert [f.path for f in r1.errors] == [f.path for f in r2.errors]
    assert r1.errors and r1.errors[0].path.endswith("broken.txt")


def test_reingest_of_unchanged_files_changes_nothing(ingested, reports):
    """A second ingest finds every report stored already (same bytes, same graph): nothing is written."""
    store, _, before = ingested[2]
    kg = KnowledgeGraph(store)
    try:
        again = kg.ingest(reports, workers=2)
        assert {f.status for f in again.ok} == {"unchanged"}
        assert graph_contents(kg) == before
        assert_valid(kg)
    finally:
        kg.close()


def test_on_file_is_called_once_per_file_on_the_callers_thread(reports, tmp_path):
    import threading

    seen: list[tuple[str, str]] = []
    kg = KnowledgeGraph(tmp_path / "store")
    try:
        result = kg.ingest(reports, workers=2,
                           on_file=lambda fr: seen.append((fr.path, threading.current_thread().name)))
    finally:
        kg.close()
    assert [p for p, _ in seen] == [f.path for f in result.files]
    assert {t for _, t in seen} == {threading.current_thread().name}


def test_a_write_error_stops_the_ingest_and_is_raised(reports, tmp_path):
    """A store that fails on write: the error reaches the caller (it is not lost on the writer thread)."""
    from govkg.kg.store import OxigraphStore, StoreError

    class Failing(OxigraphStore):
        def apply(self, change):
            raise StoreError("disk full (simulated)")

    kg = KnowledgeGraph(None, backend=Failing(None))
    with pytest.raises(StoreError, match="disk full"):
        kg.ingest(reports, workers=2)
