"""Whatever the download folder holds: each bad file is one ``path: reason`` line, the good files go in.

The matrix of docs/ERRORS.md, one test per case with the exact message. Files are made by the tests
(GB18030/UTF-16 encodings, PDFs drawn with reportlab's STSong-Light CID font). Every ingest that puts
something in a store is followed by ``kg validate``.
"""
from __future__ import annotations

import ctypes
import json
import os
import random
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

from govkg.ingest.load import STREAM_BYTES, LoadError, load
from govkg.kg.cli import cli
from govkg.kg.graph import KnowledgeGraph
from tests.conftest import ROOT, SAMPLES, assert_no_traceback, kg_command, validate_store

SAMPLE = SAMPLES / "001_3cc4b0b52db76508.txt"  # 2023年度广州市海珠区投资促进局整体支出绩效自评报告
DEPARTMENT = "广州市海珠区投资促进局"
MODEL_NOTICE = "govkg: "  # the one-line "zh_core_web_sm is not installed" notice
MB = 1024 * 1024


# -- helpers ---------------------------------------------------------------------------------------

def run(*args) -> tuple[int, str, str]:
    """``kg`` in-process; an exception escaping the command fails the test (it would be a traceback)."""
    result = CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def ingest(*paths, store: Path, extra=()) -> tuple[int, str, list[str]]:
    """``kg ingest`` in-process; returns (exit code, stdout, stderr lines without the model notice)."""
    code, out, err = run("ingest", *paths, "--store", store, "--workers", 1, *extra)
    lines = [ln for ln in err.splitlines() if ln.strip() and not ln.startswith(MODEL_NOTICE)]
    if store.exists():
        validate_store(store)
    return code, out, lines


def reports(store: Path) -> dict[str, dict]:
    code, out, _ = run("reports", "--store", store, "--format", "json")
    assert code == 0
    return {r["report"]: r for r in json.loads(out)}


def sample_text() -> str:
    return SAMPLE.read_text("utf-8")


def make_pdf(path: Path, pages: list[str | None], encrypt: str | None = None) -> Path:
    """A PDF with a text layer (STSong-Light) on each page given as text; ``None`` pages are a scan."""
    from PIL import Image
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    c = canvas.Canvas(str(path), pagesize=A4, encrypt=encrypt)
    for text in pages:
        if text is None:  # a scanned page: one greyscale image, no text layer
            c.drawInlineImage(Image.effect_noise((120, 170), 50).convert("L"), 40, 80, 510, 720)
        else:
            y = 800
            for para in text.splitlines():
                for line in textwrap.wrap(para, 40) or [""]:
                    if y < 40:
                        c.showPage()
                        y = 800
                    c.setFont("STSong-Light", 11)
                    c.drawString(40, y, line)
                    y -= 16
        c.showPage()
    c.save()
    return path


def drop_dac_capabilities() -> None:
    """preexec_fn: root loses the right to ignore file permissions (CAP_DAC_OVERRIDE, _READ_SEARCH)."""
    libc = ctypes.CDLL(None, use_errno=True)
    for cap in (1, 2):
        if libc.prctl(24, cap, 0, 0, 0) != 0:  # PR_CAPBSET_DROP: gone from the child after exec
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP)")


def can_drop_capabilities() -> bool:
    try:
        r = subprocess.run([sys.executable, "-c", "pass"], preexec_fn=drop_dac_capabilities, timeout=30)
        return r.returncode == 0
    except (OSError, subprocess.SubprocessError):
        return False


# -- empty, binary, encodings ------------------------------------------------------------------------

def test_empty_file(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    code, _, lines = ingest(tmp_path / "empty.txt", store=tmp_path / "s")
    assert code == 1
    assert lines == [f"{tmp_path / 'empty.txt'}: empty file (0 bytes)"]


def test_file_of_white_space(tmp_path):
    (tmp_path / "blank.txt").write_text(" \n\t\n\u3000\r\n", "utf-8")
    code, _, lines = ingest(tmp_path / "blank.txt", store=tmp_path / "s")
    assert code == 1
    assert lines == [f"{tmp_path / 'blank.txt'}: no text (the file holds only white space)"]


def test_binary_file_with_a_txt_name(tmp_path):
    data = random.Random(6).randbytes(8192)
    (tmp_path / "photo.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00" + data)
    code, _, lines = ingest(tmp_path / "photo.txt", store=tmp_path / "s")
    assert code == 1
    assert lines == [f"{tmp_path / 'photo.txt'}: binary file, not text"]


def test_gbk_without_bom_goes_in(tmp_path):
    text = sample_text()
    (tmp_path / "gbk.txt").write_bytes(text.encode("gbk"))
    assert not text.encode("gbk").startswith(b"\xef\xbb\xbf")
    code, _, lines = ingest(tmp_path / "gbk.txt", store=tmp_path / "s")
    assert (code, lines) == (0, [])
    row = reports(tmp_path / "s")["gbk.txt"]
    assert (row["department"], row["year"], row["district"]) == (DEPARTMENT, 2023, "海珠区")
    assert load(tmp_path / "gbk.txt").text == text


def test_short_gbk_file_is_not_mistaken_for_korean(tmp_path):
    text = "2023年度深圳市南山区科技创新局部门整体支出绩效自评报告\n"
    (tmp_path / "short.txt").write_bytes(text.encode("gbk"))
    doc = load(tmp_path / "short.txt")
    assert (doc.text, doc.encoding) == (text, "gb18030")


def test_gb18030_four_byte_characters(tmp_path):
    text = sample_text().replace("投资促进局", "投资促进局㐀𠀀", 1)  # Ext-A and Ext-B: 4-byte GB18030 codes
    data = text.encode("gb18030")
    assert b"\x81\x39\xee\x39" in data  # 㐀
    (tmp_path / "gb18030.txt").write_bytes(data)
    assert load(tmp_path / "gb18030.txt").text == text
    code, _, lines = ingest(tmp_path / "gb18030.txt", store=tmp_path / "s")
    assert (code, lines) == (0, [])


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_with_or_without_bom_goes_in(tmp_path, encoding):
    (tmp_path / "u16.txt").write_bytes(sample_text().encode(encoding))
    code, _, lines = ingest(tmp_path / "u16.txt", store=tmp_path / "s")
    assert (code, lines) == (0, [])
    assert reports(tmp_path / "s")["u16.txt"]["department"] == DEPARTMENT
    assert load(tmp_path / "u16.txt").text == sample_text()


@pytest.mark.parametrize("encoding", ["gb18030", "utf-16-le"])
def test_large_files_stream_in_any_encoding(tmp_path, encoding):
    text = sample_text() * (STREAM_BYTES // len(sample_text().encode(encoding)) + 1)
    (tmp_path / "big.txt").write_bytes(text.encode(encoding))
    doc = load(tmp_path / "big.txt")
    assert (doc.streamed, doc.encoding, doc.chars) == (True, encoding, len(text))
    assert "".join(block for _, block in doc.blocks()) == text


def test_invalid_bytes_late_in_a_large_utf8_file(tmp_path):
    head = sample_text().encode("utf-8")
    data = head * (STREAM_BYTES // len(head) + 2) + b"\xff\xfe broken \xc3"
    (tmp_path / "late.txt").write_bytes(data)
    with pytest.raises(LoadError) as e:
        load(tmp_path / "late.txt")
    assert str(e.value).startswith("cannot decode as utf-8 (invalid start byte near byte ")


# -- PDF and DOCX ----------------------------------------------------------------------------------

def test_pdf_with_a_text_layer_goes_in(tmp_path):
    make_pdf(tmp_path / "report.pdf", [sample_text()])
    code, _, lines = ingest(tmp_path / "report.pdf", store=tmp_path / "s")
    assert (code, lines) == (0, [])
    row = reports(tmp_path / "s")["report.pdf"]
    assert (row["department"], row["year"]) == (DEPARTMENT, 2023)


def test_truncated_pdf(tmp_path):
    data = make_pdf(tmp_path / "full.pdf", [sample_text()]).read_bytes()
    (tmp_path / "truncated.pdf").write_bytes(data[: len(data) // 2])
    code, _, lines = ingest(tmp_path / "truncated.pdf", store=tmp_path / "s")
    assert code == 1
    assert lines == [f"{tmp_path / 'truncated.pdf'}: truncated PDF (no %%EOF end marker) — download it again"]


def test_scanned_pdf_without_text_layer(tmp_path):
    make_pdf(tmp_path / "scan.pdf", [None, None])
    code, _, lines = ingest(tmp_path / "scan.pdf", store=tmp_path / "s")
    assert code == 1
    assert lines == [f"{tmp_path / 'scan.pdf'}: no text layer — OCR it first"]


def test_partly_scanned_pdf_goes_in_with_a_warning(tmp_path):
    make_pdf(tmp_path / "mixed.pdf", [sample_text(), None])
    code, _, lines = ingest(tmp_path / "mixed.pdf", store=tmp_path / "s")
    assert code == 0
    import pdfplumber

    with pdfplumber.open(tmp_path / "mixed.pdf") as pdf:
        pages = len(pdf.pages)
    assert lines == [f"{tmp_path / 'mixed.pdf'}: warning: page(s) {pages} of {pages} have no text layer (scanned?) "
                     "and were skipped — OCR them"]
    assert reports(tmp_path / "s")["mixed.pdf"]["department"] == DEPARTMENT


def test_encrypted_pdf(tmp_path):
    make_pdf(tmp_path / "locked.pdf", [sample_text()], encrypt="secret")
    code, _, lines = ingest(tmp_path / "locked.pdf", store=tmp_path / "s")
    assert code == 1
    assert lines == [f"{tmp_path / 'locked.pdf'}: encrypted PDF — remove the password first"]


def test_web_page_saved_as_pdf(tmp_path):
    (tmp_path / "report.pdf").write_text("<!DOCTYPE html><html><body>404 Not Found</body></html>", "utf-8")
    code, _, lines = ingest(tmp_path / "report.pdf", store=tmp_path / "s")
    assert code == 1
    assert lines == [f"{tmp_path / 'report.pdf'}: not a PDF but a web page (HTML) saved under a .pdf name — "
                     "download it again"]


def test_pdf_with_a_txt_name_is_read_as_pdf(tmp_path):
    make_pdf(tmp_path / "report.txt", [sample_text()])
    code, _, lines = ingest(tmp_path / "report.txt", store=tmp_path / "s")
    assert (code, lines) == (0, [])
    assert reports(tmp_path / "s")["report.txt"]["department"] == DEPARTMENT


def test_docx_that_is_not_a_zip(tmp_path):
    (tmp_path / "old.docx").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600))  # an OLE2 .doc
    code, _, lines = ingest(tmp_path / "old.docx", store=tmp_path / "s")
    assert code == 1
    assert lines == [f"{tmp_path / 'old.docx'}: not a readable .docx file (not a zip archive; an old .doc? "
                     "save it as .docx)"]


# -- paths -----------------------------------------------------------------------------------------

def test_missing_path(tmp_path):
    code, _, lines = ingest(tmp_path / "nope.txt", store=tmp_path / "s")
    assert code == 1
    assert lines == [f"{tmp_path / 'nope.txt'}: no such file or directory"]


def test_fifo_named_txt_is_refused_without_waiting_for_a_writer(tmp_path):
    os.mkfifo(tmp_path / "pipe.txt")
    r = kg_command("ingest", tmp_path / "pipe.txt", "--store", tmp_path / "s", timeout=120)
    assert r.returncode == 1
    assert_no_traceback(r.stderr)
    assert f"{tmp_path / 'pipe.txt'}: not a regular file (a pipe, socket or device)" in r.stderr.splitlines()


def test_directory_named_like_a_report(tmp_path):
    (tmp_path / "x.txt").mkdir()
    code, _, lines = ingest(tmp_path / "x.txt", store=tmp_path / "s")
    assert code == 1
    assert lines == [f"{tmp_path / 'x.txt'}: folder holds no .txt, .pdf or .docx files"]


def test_file_without_read_permission(tmp_path):
    """A real EACCES. Tests run as root, who reads any file: the child gives up CAP_DAC_OVERRIDE and
    CAP_DAC_READ_SEARCH (prctl PR_CAPBSET_DROP) so that mode 000 stops it like any user."""
    secret = tmp_path / "secret.txt"
    secret.write_text(sample_text(), "utf-8")
    secret.chmod(0)
    (tmp_path / "ok.txt").write_text(sample_text(), "utf-8")
    popen = {}
    if os.geteuid() == 0:
        if not can_drop_capabilities():
            pytest.skip("running as root without CAP_SETPCAP: root reads mode-000 files, no EACCES to test")
        popen["preexec_fn"] = drop_dac_capabilities
    r = kg_command("ingest", secret, tmp_path / "ok.txt", "--store", tmp_path / "s", timeout=120, **popen)
    assert_no_traceback(r.stderr)
    assert r.returncode == 1, r.stderr
    assert f"{secret}: permission denied" in r.stderr.splitlines()
    assert list(reports(tmp_path / "s")) == ["ok.txt"]
    validate_store(tmp_path / "s")


def test_two_files_with_the_same_name_are_two_reports(tmp_path):
    """A report is its bytes: two different files that share a name are both ingested (issue 13.2)."""
    for d, text in (("a", sample_text()), ("b", sample_text().replace("2023", "2024"))):
        (tmp_path / d).mkdir()
        (tmp_path / d / "report.txt").write_text(text, "utf-8")
    code, _, lines = ingest(tmp_path / "a", tmp_path / "b", store=tmp_path / "s")
    assert code == 0 and lines == []  # both new in this run: no warning
    code, out, _ = run("reports", "--store", tmp_path / "s", "--format", "json")
    rows = json.loads(out)
    assert [r["report"] for r in rows] == ["report.txt", "report.txt"]
    assert sorted(r["year"] for r in rows) == [2023, 2024]
    assert len({r["report_id"] for r in rows}) == 2


def test_report_without_department_or_year_goes_in_with_warnings(tmp_path):
    (tmp_path / "notes.txt").write_text("会议纪要\n今天讨论了招商引资工作安排。下一步继续做好企业服务。\n", "utf-8")
    code, _, lines = ingest(tmp_path / "notes.txt", store=tmp_path / "s")
    assert code == 0
    assert lines == [f"{tmp_path / 'notes.txt'}: warning: no department name found (title, page metadata, forms, signature or body)",
                     f"{tmp_path / 'notes.txt'}: warning: no fiscal year found (title, kind line or body)"]
    row = reports(tmp_path / "s")["notes.txt"]
    # nothing invented: no year, place or score; the department node is an explicit placeholder
    assert (row["year"], row["district"], row["city"], row["score"]) == (None, None, None, None)
    assert row["department"] == "(unknown department of notes.txt)"
    code, out, _ = run("budget", "--store", tmp_path / "s", "--format", "json")
    assert json.loads(out) == []


# -- a real download folder --------------------------------------------------------------------------

def test_folder_mixing_good_and_bad_files(tmp_path):
    """Real process, real stderr: one line per bad file, the good ones in, exit 1, no traceback."""
    d = tmp_path / "downloads"
    (d / "sub").mkdir(parents=True)
    text = sample_text()
    (d / "good-utf8.txt").write_text(text, "utf-8")
    (d / "good-gbk.txt").write_bytes(text.replace("海珠区", "荔湾区").encode("gb18030"))
    make_pdf(d / "sub" / "good.pdf", [text.replace("海珠区", "天河区")])
    (d / "empty.txt").write_bytes(b"")
    (d / "binary.txt").write_bytes(random.Random(1).randbytes(4096) + b"\x00")
    full = make_pdf(tmp_path / "full.pdf", [text]).read_bytes()
    (d / "sub" / "cut.pdf").write_bytes(full[: len(full) // 3])
    make_pdf(d / "scan.pdf", [None])
    (d / 'bad "name"\nwith a line break.txt').write_bytes(b"")
    (d / "ignored.doc").write_bytes(b"\xd0\xcf\x11\xe0")  # not a report type: not picked up in a folder
    (d / "~$good.docx").write_bytes(b"\x00" * 162)  # Word's lock file: skipped
    (d / ".hidden.txt").write_bytes(b"\x00")  # hidden: skipped
    os.mkfifo(d / "pipe.txt")  # not a regular file: not picked up in a folder
    store = tmp_path / "s"
    r = kg_command("ingest", d, "--store", store, "--workers", 2, timeout=180)
    assert_no_traceback(r.stderr)
    assert r.returncode == 1
    errors = sorted(ln for ln in r.stderr.splitlines() if ln.strip() and not ln.startswith(MODEL_NOTICE))
    assert errors == sorted([
        f"{d / 'empty.txt'}: empty file (0 bytes)",
        f"{d / 'binary.txt'}: binary file, not text",
        f"{d / 'sub' / 'cut.pdf'}: truncated PDF (no %%EOF end marker) — download it again",
        f"{d / 'scan.pdf'}: no text layer — OCR it first",
        f"{d}/bad \"name\"\\nwith a line break.txt: empty file (0 bytes)",
    ])
    assert "3 report(s) ingested" in r.stdout and "5 rejected" in r.stdout
    got = reports(store)
    assert sorted(got) == ["good-gbk.txt", "good-utf8.txt", "good.pdf"]
    assert {r["district"] for r in got.values()} == {"海珠区", "荔湾区", "天河区"}
    validate_store(store)


# -- a 50 MB text file ---------------------------------------------------------------------------------

def write_big_report(path: Path, size: int = 50 * MB, width: int = 8000, line_chars: int = 2_100_000) -> int:
    """A 50 MB text export nobody would call tidy: a real report; an appendix of duty paragraphs run
    together on ONE line of ``line_chars`` characters (longer than spaCy's ``max_length`` of 2,000,000
    once joined: the old whole-text path failed with E088); then layout-style lines (as
    ``pdftotext -layout`` writes) centred in ``width`` columns with page markers. Returns the characters
    of text (not padding) in it."""
    sample = (SAMPLES / "000_07bb7f755d006c6f.txt").read_text("utf-8")
    lines = [ln.strip() for ln in sample.splitlines()[8:30]]
    duties = [ln.split(".", 1)[1] for ln in lines if ln[:1].isdigit()][1:]  # figures and names: none
    chars = n = 0
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(sample + "\n附件：部门职责汇编\n")
        run = "".join(duties)
        for _ in range(line_chars // len(run)):
            fh.write(run)
            chars += len(run)
        fh.write("\n")
        while fh.tell() < size:
            for para in duties:
                for i in range(0, len(para), 38):
                    fh.write(para[i:i + 38].center(width) + "\n")
                    chars += len(para[i:i + 38])
                    n += 1
                    if n % 50 == 0:
                        fh.write("\n" + f"- {n // 50 + 1} -".center(width) + "\n\f")
    return chars


def _facts_key(f):
    return (f.department.name, f.department.year, f.department.score, len(f.department.self_mentions), f.chars,
            [(b.item, b.budget, b.executed, b.rate, b.evidence and (b.evidence.start, b.evidence.end))
             for b in f.budget],
            sorted((m.surface, m.type, m.evidence.start, m.evidence.end) for m in f.mentions),
            [(s.amount, s.recipients, s.evidence.start, s.evidence.end) for s in f.subsidies])


@pytest.mark.parametrize("sample", sorted(SAMPLES.glob("*.txt")), ids=lambda p: p.name[:3])
def test_block_path_finds_the_same_facts_as_the_single_pass(monkeypatch, sample):
    """Long reports go through normalise/parse/extract in blocks: on a normal report cut into small
    blocks, the facts and their evidence offsets are the same as in one pass."""
    from govkg import ingest
    from govkg.ingest import normalize, pipeline  # noqa: F401 - loaded for monkeypatch below
    from govkg.ingest.load import Document
    from govkg.ingest.nlp import build_nlp

    nlp = build_nlp(quiet=True)
    doc = Document(sample.name, str(sample), sample.read_text("utf-8"), "utf-8")
    whole = ingest.pipeline.extract(doc, nlp)
    monkeypatch.setattr(ingest.pipeline, "SINGLE_PASS_CHARS", 0)
    monkeypatch.setattr(ingest.normalize, "BLOCK_CHARS", 1500)
    assert len(list(doc.blocks())) > 1
    assert _facts_key(ingest.pipeline.extract(doc, nlp)) == _facts_key(whole)


PEAK_RSS = """
import resource, sys
from govkg.kg.cli import cli
try:
    cli(sys.argv[1:], prog_name="kg")
except SystemExit as e:
    code = e.code
print("exit", code, "peak-rss-mb", resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024, file=sys.stderr)
"""


@pytest.mark.slow  # one of the four slowest tests: deselect with -m 'not slow'
def test_50_mb_text_file_streams_in_bounded_memory(tmp_path):
    big = tmp_path / "big.txt"
    chars = write_big_report(big)
    assert big.stat().st_size >= 50 * MB and chars > 2_000_000
    doc = load(big)
    assert doc.streamed and doc.chars > 40_000_000  # checked in one pass, not held in memory
    assert max(len(b) for _, b in doc.blocks()) <= 2 * 200_000  # no paragraph near spaCy's max_length
    r = subprocess.run([sys.executable, "-c", PEAK_RSS, "ingest", str(big), "--store", str(tmp_path / "s"),
                        "--workers", "1", "--format", "json"],
                       capture_output=True, text=True, timeout=600, cwd=ROOT)
    assert_no_traceback(r.stderr)
    last = r.stderr.strip().splitlines()[-1].split()
    code, peak_mb = int(last[1]), int(last[3])
    print(f"50 MB file: {chars:,} characters of text, peak RSS {peak_mb} MB")
    assert code == 0, r.stderr
    (row,) = json.loads(r.stdout)
    assert (row["error"], row["department"], row["year"]) == (None, "广州市白云区投资促进局", 2023)
    assert peak_mb < 1536
    validate_store(tmp_path / "s")
    kg = KnowledgeGraph(tmp_path / "s", read_only=True)
    (rep,) = kg.reports()
    kg.close()
    assert rep["report"] == "big.txt"
