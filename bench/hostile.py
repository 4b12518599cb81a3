"""Hostile inputs (issue 13.3): memory and time of ``kg ingest`` on one file each, in a child process.

    python -m bench hostile                      # every input at its issue size, and the size series
    python -m bench hostile --only companies     # one family
    python -m bench hostile --quick              # small sizes only (a few seconds each)

The inputs, written under --root (default /tmp/govkg-bench/hostile), same arguments -> the same bytes:

* ``companies``  one sentence listing N companies (A有限公司、B有限公司、…等企业), N = 5,000 (and a series);
* ``suffixes``   有限公司 repeated N times without punctuation, N = 20,000 (240 KB);
* ``docx-bomb``  a small .docx whose word/document.xml inflates to 1.3 GB;
* ``pdf-line``   a PDF whose one page holds one line of N characters, N = 2,000,000;
* ``no-punct``   N characters of report words without any punctuation, N = 120,000 (and a series: the time
  must grow linearly, not with the square of the length as it did in the segmenter).

Each ingest runs as ``python -m govkg.kg.cli ingest FILE --store DIR --workers 1`` measured by
``bench.measure.run_child``: wall time, peak RSS of the process tree (sampled every 0.05 s), exit code
and the message on stderr. Results go to ``bench/results/hostile.json``; docs/PERFORMANCE.md quotes them.
"""
from __future__ import annotations

import random
import shutil
import sys
import zipfile
from pathlib import Path

from .measure import machine, run_child, write_result

DEFAULT_ROOT = Path("/tmp/govkg-bench/hostile")
TITLE = "2023年度杭州市滨江区投资促进局部门整体支出自评报告\n一、基本情况\n"
WORDS = ("招商引资", "企业服务", "项目落地", "投资促进", "产业发展", "营商环境", "重点项目", "服务保障", "统筹推进",
         "经济运行", "数字经济", "先进制造", "科技创新", "人才引进", "政策兑现", "园区建设", "资金管理", "绩效目标")
BRANDS = "云帆星河瀚海天丰金陵鼎盛华创恒通中科智联博远嘉禾锦程泰和明德弘毅新元正信宏图"

#: family -> (sizes of the series, the size the issue names)
SERIES = {
    "companies": ((1_250, 2_500, 5_000, 10_000), 5_000),
    "suffixes": ((5_000, 10_000, 20_000, 40_000), 20_000),
    "no-punct": ((30_000, 60_000, 120_000, 240_000), 120_000),
    "pdf-line": ((250_000, 500_000, 1_000_000, 2_000_000), 2_000_000),
    "docx-bomb": ((1_300_000_000,), 1_300_000_000),
}
QUICK = {"companies": (500, 1_000), "suffixes": (2_000, 4_000), "no-punct": (10_000, 20_000),
         "pdf-line": (20_000, 40_000), "docx-bomb": (100_000_000,)}


def company_names(n: int, seed: int = 3) -> list[str]:
    rnd = random.Random(seed)
    names, seen = [], set()
    while len(names) < n:
        brand = "".join(rnd.sample(BRANDS, 3))
        if brand not in seen:
            seen.add(brand)
            names.append(f"{brand}科技有限公司")
    return names


def companies_text(n: int) -> str:
    """One sentence naming ``n`` companies, then the payment to them."""
    return TITLE + "兑现" + "、".join(company_names(n)) + "等企业落户奖励资金 1,200 万元。\n"


def suffixes_text(n: int) -> str:
    return TITLE + "有限公司" * n + "\n"


def no_punct_text(n: int, seed: int = 5) -> str:
    """``n`` characters of report words on one line, without a single punctuation mark."""
    rnd = random.Random(seed)
    out, size = [], 0
    while size < n:
        w = rnd.choice(WORDS)
        out.append(w)
        size += len(w)
    return TITLE + "".join(out)[:n] + "\n"


def write_pdf_line(path: Path, n: int) -> Path:
    """A one-page PDF whose page draws one line of ``n`` characters (most of it beyond the page's edge)."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    line = no_punct_text(n).splitlines()[-1]
    c = canvas.Canvas(str(path))
    c.setFont("STSong-Light", 10)
    c.drawString(10, 800, "2023年度杭州市滨江区投资促进局部门整体支出自评报告")
    c.drawString(10, 780, line)
    c.showPage()
    c.save()
    return path


def write_docx_bomb(path: Path, inflated: int) -> Path:
    """A .docx whose word/document.xml inflates to about ``inflated`` bytes of tiny paragraphs."""
    ns = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    head = f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document {ns}><w:body>'
    tail = "</w:body></w:document>"
    types = ('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
             'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
             'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName='
             '"/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.'
             'document.main+xml"/></Types>')
    rels = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/'
            'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
            'officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>')
    para = "<w:p><w:r><w:t>招商引资</w:t></w:r></w:p>".encode()
    block = para * ((1 << 22) // len(para))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr("[Content_Types].xml", types)
        z.writestr("_rels/.rels", rels)
        with z.open("word/document.xml", "w", force_zip64=True) as fh:
            fh.write(head.encode())
            for _ in range(max(1, (inflated - len(head) - len(tail)) // len(block))):
                fh.write(block)
            fh.write(tail.encode())
    return path


def make(family: str, size: int, folder: Path) -> Path:
    """The input file of one family and size (written once)."""
    folder.mkdir(parents=True, exist_ok=True)
    suffix = {"pdf-line": ".pdf", "docx-bomb": ".docx"}.get(family, ".txt")
    path = folder / f"{family}-{size}{suffix}"
    if path.exists():
        return path
    if family == "pdf-line":
        return write_pdf_line(path, size)
    if family == "docx-bomb":
        return write_docx_bomb(path, size)
    text = {"companies": companies_text, "suffixes": suffixes_text, "no-punct": no_punct_text}[family](size)
    path.write_text(text, "utf-8")
    return path


def measure(path: Path, store: Path, timeout: float) -> dict:
    shutil.rmtree(store, ignore_errors=True)
    cmd = [sys.executable, "-m", "govkg.kg.cli", "ingest", str(path), "--store", str(store), "--workers", "1",
           "--quiet"]
    m = run_child([], timeout, sample_s=0.05, command=cmd)
    store_mb = sum(f.stat().st_size for f in store.rglob("*") if f.is_file()) / 2**20 if store.exists() else 0.0
    lines = [ln for ln in m.stderr_tail.splitlines() if not ln.startswith("govkg: ")]
    return {"file": path.name, "bytes": path.stat().st_size, "wall_s": m.wall_s, "peak_rss_mb": m.peak_rss_mb,
            "returncode": m.returncode, "timed_out": m.timed_out, "store_mb": round(store_mb, 1),
            "foreign_cpu_s": m.foreign_cpu_s, "stderr": lines}


def main(argv: list[str]) -> int:
    import argparse

    ap = argparse.ArgumentParser(prog="python -m bench hostile")
    ap.add_argument("--root", type=Path, default=DEFAULT_ROOT)
    ap.add_argument("--only", choices=sorted(SERIES), action="append")
    ap.add_argument("--quick", action="store_true", help="small sizes only")
    ap.add_argument("--timeout", type=float, default=900)
    ap.add_argument("--tag", default="")
    a = ap.parse_args(argv)
    results: dict = {"suite": "hostile", "machine": machine(), "families": {}}
    for family in a.only or sorted(SERIES):
        sizes, named = SERIES[family]
        rows = []
        for size in (QUICK[family] if a.quick else sizes):
            row = {"size": size, "named_in_issue": size == named,
                   **measure(make(family, size, a.root / "inputs"), a.root / "store", a.timeout)}
            rows.append(row)
            print(f"{family:10s} {size:>13,} {row['wall_s']:8.1f} s {row['peak_rss_mb']:8.0f} MB "
                  f"exit {row['returncode']} {' | '.join(row['stderr'])[:150]}", flush=True)
        results["families"][family] = rows
    write_result(f"hostile{'-' + a.tag if a.tag else ''}", results)
    return 0
