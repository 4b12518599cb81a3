"""Bounded memory and time per input (issue 13.3): what is too large is cut or refused with a reason, and a
worker that dies costs only its file. The full-size inputs are measured by ``python -m bench hostile``."""
from __future__ import annotations

import os
import signal
import time

import pytest

from bench.hostile import companies_text, no_punct_text, write_docx_bomb, write_pdf_line
from govkg.ingest.load import LoadError, load
from govkg.ingest.normalize import PIECE_CHARS, normalize
from govkg.kg import batch
from govkg.kg.graph import KnowledgeGraph
from tests.helpers import facts_of, title

GOOD = title("杭州市滨江区投资促进局", 2023) + "兑现云帆科技有限公司经营贡献奖 100 万元。\n"


def _files(tmp_path, n: int = 6, bad: int = 2) -> list:
    paths = []
    for i in range(n):
        name = "bomb.txt" if i == bad else f"r{i}.txt"
        p = tmp_path / name
        p.write_text(GOOD.replace("100", str(100 + i)), "utf-8")
        paths.append(p)
    return paths


def _fake_run_file(action):
    """A pipeline that does ``action`` on bomb.txt and runs normally on the other files."""
    real = batch.run_file

    def run_file(path, nlp=None, resolver=None):
        if str(path).endswith("bomb.txt"):
            action()
        return real(path, nlp, resolver)

    return run_file


def _ingest(tmp_path, paths, workers=2):
    with KnowledgeGraph(tmp_path / "store") as kg:
        result = kg.ingest(paths, workers=workers)
        return result, kg.reports()


def test_a_worker_killed_by_the_os_costs_only_its_file_and_the_batch_goes_on(tmp_path, monkeypatch):
    monkeypatch.setattr(batch, "run_file", _fake_run_file(lambda: os.kill(os.getpid(), signal.SIGKILL)))
    paths = _files(tmp_path)
    result, rows = _ingest(tmp_path, paths)
    assert [(f.path, f.error) for f in result.errors] == [
        (str(tmp_path / "bomb.txt"), "the worker process reading this file stopped (killed by signal 9, SIGKILL; "
                                     "out of memory?): not read")]
    assert [f.path for f in result.files] == [str(p) for p in paths]  # input order kept
    assert sorted(r["report"] for r in rows) == ["r0.txt", "r1.txt", "r3.txt", "r4.txt", "r5.txt"]


def test_a_file_over_the_memory_limit_is_rejected_with_the_limit(tmp_path, monkeypatch):
    def allocate():
        raise MemoryError  # what the address-space cap makes an allocation raise

    monkeypatch.setattr(batch, "run_file", _fake_run_file(allocate))
    result, rows = _ingest(tmp_path, _files(tmp_path))
    assert [f.error for f in result.errors] == [
        f"needs more memory than the per-file limit of {batch.WORKER_MEMORY_MB} MB (GOVKG_WORKER_MEMORY_MB sets it): "
        "not read"]
    assert len(rows) == 5


def test_a_file_over_the_time_limit_is_rejected_and_the_worker_goes_on(tmp_path, monkeypatch):
    monkeypatch.setattr(batch, "FILE_SECONDS", 1)
    monkeypatch.setattr(batch, "run_file", _fake_run_file(lambda: time.sleep(30)))
    started = time.monotonic()
    result, rows = _ingest(tmp_path, _files(tmp_path))
    assert time.monotonic() - started < 25
    assert [f.error for f in result.errors] == [
        "took longer than the per-file limit of 1 s (GOVKG_FILE_SECONDS sets it): not read"]
    assert len(rows) == 5


def test_the_memory_cap_makes_a_huge_allocation_a_memory_error(tmp_path, monkeypatch):
    """The real cap (RLIMIT_AS) in a real worker: an allocation beyond it raises, the file is rejected."""
    monkeypatch.setattr(batch, "WORKER_MEMORY_MB", 512)
    monkeypatch.setattr(batch, "run_file", _fake_run_file(lambda: bytearray(2 * 2**30)))
    result, rows = _ingest(tmp_path, _files(tmp_path))
    assert [f.error for f in result.errors] == [
        "needs more memory than the per-file limit of 512 MB (GOVKG_WORKER_MEMORY_MB sets it): not read"]
    assert len(rows) == 5


# -- inputs that are cut or refused ---------------------------------------------------------------

def test_a_paragraph_without_sentence_ends_is_read_in_pieces_and_named(tmp_path):
    text = no_punct_text(3 * PIECE_CHARS)
    norm = normalize(text)
    pieces = norm.paragraphs()
    assert max(e - s for s, e in pieces) <= PIECE_CHARS and pieces[-1][1] == len(norm.text)
    start = text.index("\n", text.index("\n") + 1) + 1  # the long line, after the title and the heading
    assert norm.cut_sentences == [(start, len(text) - 1)]
    facts = facts_of(text)
    assert (f"a sentence of {3 * PIECE_CHARS:,} characters (characters {start}–{len(text) - 1}) was read in pieces of "
            f"at most {PIECE_CHARS:,} characters: a fact that spans a cut is not found") in facts.warnings


def test_a_cut_never_splits_a_number():
    text = "甲" * (PIECE_CHARS - 3) + "1234567万元" + "乙" * PIECE_CHARS
    norm = normalize(text)
    first = norm.paragraphs()[0]
    assert norm.text[first[1] - 1] == "甲"  # cut before the number, not inside it


def test_a_sentence_listing_thousands_of_companies_loses_no_name_to_the_cuts(monkeypatch):
    from govkg.ingest import normalize as normalize_module

    text = companies_text(2_000)
    facts = facts_of(text)
    names = {m.surface for m in facts.mentions if m.type == "enterprise"}
    assert len(names) > 1_900
    assert len({m.evidence.sentence for m in facts.mentions}) < 100  # pieces of one sentence, shared
    monkeypatch.setattr(normalize_module, "PIECE_CHARS", 10**7)  # the whole sentence at once
    assert {m.surface for m in facts_of(text).mentions if m.type == "enterprise"} == names


def test_the_evidence_sentence_is_stored_once_however_many_spans_point_at_it(tmp_path):
    (tmp_path / "c.txt").write_text(companies_text(300), "utf-8")
    with KnowledgeGraph(tmp_path / "s") as kg:
        assert not kg.ingest([tmp_path / "c.txt"], workers=1).errors
        (row,) = kg.query("SELECT (COUNT(DISTINCT ?s) AS ?sentences) (COUNT(DISTINCT ?ev) AS ?spans) WHERE { "
                          "?ev gk:sentence ?s }")
    assert row["spans"] > 300 and row["sentences"] < 10


def test_a_docx_that_inflates_beyond_the_limit_is_refused_before_parsing(tmp_path):
    import zipfile

    bomb = write_docx_bomb(tmp_path / "bomb.docx", 40 * 2**20)
    packed = zipfile.ZipFile(bomb).getinfo("word/document.xml").compress_size
    with pytest.raises(LoadError) as e:
        load(bomb)
    assert str(e.value) == (f"word/document.xml inflates to 40 MB (from {packed / 1024:.0f} KB; a .docx part may "
                            "have 32 MB): too large to read")


def test_a_pdf_page_too_large_for_layout_is_read_as_plain_text(tmp_path):
    pdf = write_pdf_line(tmp_path / "line.pdf", 80_000)
    doc = load(pdf)
    assert doc.warnings == ("page(s) 1 hold more than 256 KB of drawing instructions: read as plain text, "
                            "without layout or tables",)
    lines = doc.text.splitlines()
    assert lines[0] == "2023年度杭州市滨江区投资促进局部门整体支出自评报告" and len(lines[1]) == 80_000


# -- a report too large for one transaction: written in pieces, its names last ----------------------------

def _all_quads(store) -> set[str]:
    with KnowledgeGraph(store, read_only=True) as kg:
        return {f"{r['g']} {r['s']} {r['p']} {r['o']}" for r in kg.query("SELECT * WHERE { GRAPH ?g { ?s ?p ?o } }")}


def test_a_large_report_written_in_pieces_is_the_report_written_at_once(tmp_path, monkeypatch):
    from govkg.kg import catalog
    from govkg.kg.store import OxigraphStore

    (tmp_path / "c.txt").write_text(companies_text(60), "utf-8")
    with KnowledgeGraph(tmp_path / "once") as kg:
        assert not kg.ingest([tmp_path / "c.txt"], workers=1).errors
    transactions = []
    real_apply = OxigraphStore.apply

    def counting(self, change):
        transactions.append(change)
        real_apply(self, change)

    monkeypatch.setattr(catalog, "STAGE_BYTES", 20_000)
    monkeypatch.setattr(catalog, "PIECE_BYTES", 20_000)
    monkeypatch.setattr(OxigraphStore, "apply", counting)
    with KnowledgeGraph(tmp_path / "staged") as kg:
        assert not kg.ingest([tmp_path / "c.txt"], workers=1).errors
    assert len(transactions) > 5  # the pieces, then the names and the canonical graph
    assert _all_quads(tmp_path / "staged") == _all_quads(tmp_path / "once")


def test_pieces_left_without_names_by_a_crash_are_invisible_and_dropped_by_the_next_ingest(tmp_path, monkeypatch):
    from govkg.kg import catalog
    from govkg.kg.store import OxigraphStore
    from govkg.kg.vocab import CANONICAL_GRAPH

    big, small = tmp_path / "big.txt", tmp_path / "small.txt"
    big.write_text(companies_text(60), "utf-8")
    small.write_text(GOOD, "utf-8")
    monkeypatch.setattr(catalog, "STAGE_BYTES", 20_000)
    monkeypatch.setattr(catalog, "PIECE_BYTES", 20_000)
    real_apply = OxigraphStore.apply

    def crash_at_the_names(self, change):
        if any(g == CANONICAL_GRAPH for g, _ in change.insert):
            raise OSError("power cut")  # after the pieces, before the names and the canonical graph
        real_apply(self, change)

    monkeypatch.setattr(OxigraphStore, "apply", crash_at_the_names)
    with KnowledgeGraph(tmp_path / "s") as kg, pytest.raises(OSError, match="power cut"):
        kg.ingest([big], workers=1)
    monkeypatch.setattr(OxigraphStore, "apply", real_apply)
    with KnowledgeGraph(tmp_path / "s", read_only=True) as kg:
        assert len(kg.store.graphs()) == 2  # the ontology and the pieces
        assert kg.reports() == [] and kg.subsidies() == [] and kg.entities() == []
    with KnowledgeGraph(tmp_path / "s") as kg:
        assert not kg.ingest([small], workers=1).errors
        assert [r["report"] for r in kg.reports()] == ["small.txt"]
        assert len(kg.store.graphs()) == 3  # the ontology, the canonical graph and small.txt's: no pieces
        assert not kg.ingest([big], workers=1).errors
        assert sorted(r["report"] for r in kg.reports()) == ["big.txt", "small.txt"]
