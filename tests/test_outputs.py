"""What the listings write for spreadsheets and other tools (issue 14): CSV with a BOM, every JSON column and
a header when empty; .xlsx for every listing; amounts in 万元 in tables; --limit, --sort, --district;
kg show prints each mention once; compact JSON-LD; SPARQL JSON results; kg export -o -; kg query --prefixes;
the ingest progress bar and its quiet forms. And every output survives what the text holds (issue 13.4):
formula-like names neutralised in CSV and .xlsx."""
from __future__ import annotations

import csv
import fcntl
import hashlib
import io
import json
import os
import pty
import re
import struct
import subprocess
import sys
import termios
from decimal import Decimal

import openpyxl
import pyoxigraph as ox
import pytest
import rdflib
from click.testing import CliRunner
from rdflib.compare import isomorphic

from govkg.ingest.facts import DepartmentInfo, Evidence, Extraction, Mention, Subsidy
from govkg.ingest.resolve import Resolver, resolve_report
from govkg.kg.cli import FULL_COLUMNS, cli
from govkg.kg.graph import KnowledgeGraph
from govkg.kg.output import neutralise, sort_rows, to_csv, wan, xml_safe
from govkg.kg.vocab import PREFIXES
from tests.conftest import ROOT, SAMPLES, assert_no_traceback, synthetic_reports

LISTINGS = ["reports", "budget", "entities", "subsidies", "links"]  # (kg grants: no rows in the samples)
BOM = "\ufeff"


def run(*args):
    result = CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def read_csv(text: str) -> list[dict[str, str]]:
    assert text.startswith(BOM)
    return list(csv.DictReader(io.StringIO(text[1:])))


# -- CSV ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("command", LISTINGS)
def test_csv_has_a_bom_and_every_json_column(sample_store, command):
    _, out, _ = run(command, "--store", sample_store, "-f", "json")
    rows = json.loads(out)
    code, text, _ = run(command, "--store", sample_store, "-f", "csv")
    assert code == 0
    table = read_csv(text)
    assert len(table) == len(rows)
    assert set(table[0]) == set(rows[0])  # the evidence columns too
    assert list(table[0])[: len(FULL_COLUMNS[command])] == FULL_COLUMNS[command]


def test_csv_evidence_columns_hold_the_json_values(sample_store):
    _, out, _ = run("subsidies", "--store", sample_store, "-f", "json", "--enterprise", "南方航空")
    (row,) = json.loads(out)
    (cells,) = read_csv(run("subsidies", "--store", sample_store, "-f", "csv", "--enterprise", "南方航空")[1])
    assert cells["evidence"] == row["evidence"] and cells["exact"] == row["exact"]
    assert (int(cells["start"]), int(cells["end"])) == (row["start"], row["end"])
    assert float(cells["amount"]) == row["amount"] == 63089500.0  # CSV keeps yuan, as JSON does


@pytest.mark.parametrize("command", LISTINGS)
def test_an_empty_result_still_prints_the_header(sample_store, command):
    args = {"budget": ["--year", "1999"], "subsidies": ["--year", "1999"], "reports": ["--district", "没有这个区"],
            "entities": ["--district", "没有这个区"], "links": ["--district", "没有这个区"]}[command]
    code, text, _ = run(command, "--store", sample_store, "-f", "csv", *args)
    assert code == 0
    assert text.rstrip("\r\n") == BOM + ",".join(f'"{c}"' for c in FULL_COLUMNS[command])


def test_no_bom_for_other_tools(sample_store):
    _, text, _ = run("reports", "--store", sample_store, "-f", "csv", "--no-bom")
    assert text.startswith('"report","report_id","names","kind"')


# -- .xlsx ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("command", LISTINGS)
def test_xlsx_for_every_listing_reads_back(sample_store, tmp_path, command):
    _, out, _ = run(command, "--store", sample_store, "-f", "json")
    rows = json.loads(out)
    path = tmp_path / f"{command}.xlsx"
    code, _, err = run(command, "--store", sample_store, "-f", "xlsx", "-o", path)
    assert code == 0 and err.startswith(f"wrote {path}")
    ws = openpyxl.load_workbook(path).active
    header = [c.value for c in ws[1]]
    assert set(header) == set(rows[0])
    body = [dict(zip(header, (c.value for c in r), strict=True)) for r in ws.iter_rows(min_row=2)]
    assert len(body) == len(rows)
    for cells, row in zip(body, rows, strict=True):
        for key in ("amount", "budget", "year", "start"):
            if key in row:
                assert cells[key] == row[key]  # numbers stay numbers (yuan)


def test_xlsx_of_kg_show_has_a_sheet_for_mentions_and_one_for_subsidies(sample_store, tmp_path):
    path = tmp_path / "show.xlsx"
    assert run("show", "南方航空物流", "--store", sample_store, "-f", "xlsx", "-o", path)[0] == 0
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["mentions", "subsidies received"]
    assert wb["subsidies received"].cell(2, 3).value == 63089500


def test_xlsx_to_a_terminal_is_refused():
    shown = _pty_run(["reports", "-f", "xlsx", "--store", "no-such-store"], stdout_too=True)
    assert shown.strip() == "kg: --format xlsx writes a binary file: give --output FILE.xlsx (or redirect stdout)"


# -- tables ---------------------------------------------------------------------------------------

def test_tables_show_amounts_in_wan_yuan_with_separators(sample_store):
    _, out, _ = run("budget", "--store", sample_store, "--department", "海珠")
    head, _, first, second = out.splitlines()[:4]
    assert "budget(万元)" in head and "executed(万元)" in head
    assert "36,628.61" in first and "80.00" in second and "76.27" in second
    _, js, _ = run("budget", "--store", sample_store, "--department", "海珠", "-f", "json")
    assert json.loads(js)[0]["budget"] == 366286100  # JSON keeps yuan
    assert wan(63089500) == "6,308.95" and wan(None) == ""


def test_limit_sort_and_district(sample_store):
    _, out, _ = run("subsidies", "--store", sample_store, "-f", "json", "--sort=-amount", "--limit", "2")
    rows = json.loads(out)
    _, every, _ = run("subsidies", "--store", sample_store, "-f", "json")
    top = sorted((r["amount"] for r in json.loads(every)), reverse=True)[:2]
    assert [r["amount"] for r in rows] == top
    _, out, _ = run("subsidies", "--store", sample_store, "-f", "json", "--sort", "amount", "-n", "1")
    assert json.loads(out)[0]["amount"] == min(r["amount"] for r in json.loads(every))
    for command in LISTINGS:
        _, out, _ = run(command, "--store", sample_store, "-f", "json", "--district", "番禺")
        rows = json.loads(out)
        if command == "budget":
            assert rows and {r["district"] for r in rows} == {"番禺区"}
        if command == "reports":
            assert [r["report"] for r in rows] == ["002_6a89cfe04fa6e341.txt"]
        if command == "entities":
            assert rows and all("002_6a89cfe04fa6e341.txt" in r["reports"] for r in rows)
        if command == "links":
            assert rows and all("番禺区" in r["districts"] for r in rows)
    _, out, _ = run("subsidies", "--store", sample_store, "-f", "json", "--district", "白云")
    assert len(json.loads(out)) == 7
    code, _, err = run("subsidies", "--store", sample_store, "--sort", "nope")
    assert code == 2 and err.startswith("kg: --sort: no column 'nope' (columns: recipients, ")


def test_sort_puts_empty_values_last_both_ways():
    rows = [{"a": 2}, {"a": None}, {"a": 10}, {"a": 1}]
    assert [r["a"] for r in sort_rows(rows, "a")] == [1, 2, 10, None]
    assert [r["a"] for r in sort_rows(rows, "-a")] == [10, 2, 1, None]


def test_show_prints_each_mention_once(sample_store):
    _, out, _ = run("show", "广州国际投资年会", "--store", sample_store, "-f", "json")
    (entry,) = json.loads(out)
    spans = [(m["report"], m["start"], m["end"]) for m in entry["mentions"]]
    assert len(spans) == len(set(spans)) == 3
    assert len(entry["mentions"][0]["aliases"]) >= 3  # the aliases in one cell, not one row each
    _, table, _ = run("show", "广州国际投资年会", "--store", sample_store)
    assert len(table.splitlines()) == 2 + 3


# -- RDF and SPARQL outputs -----------------------------------------------------------------------

def test_jsonld_is_compact_with_a_context_and_holds_the_same_triples(sample_store, tmp_path):
    out = tmp_path / "g.jsonld"
    assert run("export", "--store", sample_store, "-f", "jsonld", "-o", out)[0] == 0
    doc = json.loads(out.read_text("utf-8"))
    assert doc["@context"]["gk"] == PREFIXES["gk"] and "@graph" in doc
    # the report's id: the first 32 hex digits of the SHA-256 of its bytes
    rid = hashlib.sha256((SAMPLES / "000_07bb7f755d006c6f.txt").read_bytes()).hexdigest()[:32]
    report = next(n for n in doc["@graph"] if n["@id"] == f"gkid:report/{rid}")
    assert report["gk:fileName"] == "000_07bb7f755d006c6f.txt"
    assert report["@type"] == "gk:Report" and report["gk:fiscalYear"] == 2023
    assert report["gk:selfScore"] == {"@value": "91.29", "@type": "xsd:decimal"}
    kg = KnowledgeGraph(sample_store, read_only=True)
    try:
        assert isomorphic(rdflib.Graph().parse(out, format="json-ld"), kg.to_rdflib())
    finally:
        kg.close()


def test_export_to_stdout(sample_store):
    code, out, err = run("export", "--store", sample_store, "-f", "nt", "-o", "-")
    assert code == 0 and err == ""
    triples = list(ox.parse(out.encode("utf-8"), format=ox.RdfFormat.N_TRIPLES))
    kg = KnowledgeGraph(sample_store, read_only=True)
    try:
        assert len(triples) == sum(1 for _ in kg.store.triples())
    finally:
        kg.close()


def test_query_writes_standard_sparql_json_results(sample_store):
    code, out, _ = run("query", "SELECT ?f WHERE { ?r a gk:Report ; gk:fileName ?f } ORDER BY ?f", "--store",
                       sample_store, "-f", "sparql-json")
    doc = json.loads(out)
    assert code == 0 and doc["head"]["vars"] == ["f"]
    assert [b["f"] for b in doc["results"]["bindings"]][0] == {"type": "literal", "value": "000_07bb7f755d006c6f.txt"}
    _, out, _ = run("query", "ASK { ?r a gk:Report }", "--store", sample_store, "-f", "sparql-json")
    assert json.loads(out) == {"head": {}, "boolean": True}
    _, out, _ = run("query", "SELECT ?n WHERE { VALUES ?n { 1 } }", "--store", sample_store, "-f", "sparql-csv")
    assert out.splitlines() == ["n", "1"]


def test_query_prefixes_lists_every_predefined_prefix():
    code, out, _ = run("query", "--prefixes")
    assert code == 0
    assert out.splitlines() == [f"PREFIX {k}: <{v}>" for k, v in PREFIXES.items()]


# -- formulas and XML-illegal characters (issue 13.4) ---------------------------------------------

FORMULAS = ['=HYPERLINK("http://evil.example/","点击")科技有限公司', "+86广州有限公司", "-2+3数据有限公司",
            "@SUM(1+1)有限公司"]


def test_neutralise_follows_the_owasp_advice():
    assert [neutralise(s) for s in ["=1+1", "+1", "-1", "@a", "\tx", "\rx", "＝1", "华为", "'=x", ""]] == \
        ["'=1+1", "'+1", "'-1", "'@a", "'\tx", "'\rx", "'＝1", "华为", "'=x", ""]
    assert to_csv([{"a": -5, "b": "-5"}], bom=False).splitlines() == ['"a","b"', "-5,\"'-5\""]


def _formula_store(tmp_path):
    """A store whose entities' names and a sentence start like spreadsheet formulas."""
    text = "".join(f"我局服务{n}。" for n in FORMULAS)
    dept = DepartmentInfo(name="深圳市南山区科技创新局", district="南山区", city="深圳市", year=2024,
                          title="2024年度深圳市南山区科技创新局部门整体支出自评报告")
    found = Extraction(report="formula.txt", path="formula.txt", chars=len(text), department=dept)
    at = 0
    for n in FORMULAS:
        sentence = f"我局服务{n}。"
        found.mentions.append(Mention(n, "enterprise", Evidence(at + 4, at + 4 + len(n), sentence, n)))
        at += len(sentence)
    ev = Evidence(0, 8, "=SUM(A1)兑现奖励 12 万元", "=SUM(A1)")
    found.subsidies.append(Subsidy([FORMULAS[0]], None, Decimal(120000), "CNY", "exact", "=cmd|' /C calc'!A0",
                                   "12 万元", ev))
    kg = KnowledgeGraph(tmp_path / "store")
    kg.add_report(resolve_report(found, Resolver()))
    kg.close()
    return tmp_path / "store"


def test_formula_names_are_text_in_csv_and_xlsx(tmp_path):
    store = _formula_store(tmp_path)
    table = read_csv(run("entities", "--store", store, "-f", "csv")[1])
    names = {r["name"] for r in table}
    assert names and all(n.startswith("'") for n in names), names
    (sub,) = read_csv(run("subsidies", "--store", store, "-f", "csv")[1])
    assert sub["program"] == "'=cmd|' /C calc'!A0" and sub["evidence"].startswith("'=SUM(A1)")
    assert sub["recipients"].startswith("'=HYPERLINK(")
    path = tmp_path / "s.xlsx"
    assert run("subsidies", "--store", store, "-f", "xlsx", "-o", path)[0] == 0
    ws = openpyxl.load_workbook(path).active
    cells = [c for row in ws.iter_rows() for c in row]
    assert not any(c.data_type == "f" for c in cells)  # no formula cell at all
    program = next(c for c in ws[2] if isinstance(c.value, str) and "calc" in c.value)
    assert program.value == "'=cmd|' /C calc'!A0"


def test_xml_illegal_characters_are_dropped_from_xlsx_cells(tmp_path):
    from govkg.kg.output import to_xlsx

    data = to_xlsx({"t": ([{"a": "一\f二\v三\x01四\ufffe"}], None)})
    ws = openpyxl.load_workbook(io.BytesIO(data)).active
    assert ws.cell(2, 1).value == "一 二 三四" == xml_safe("一\f二\v三\x01四\ufffe")


# -- progress and quiet ---------------------------------------------------------------------------

FALLBACK = "govkg: zh_core_web_sm is not installed; using spacy.blank('zh') with the jieba segmenter"


def _pty_run(args: list[str], timeout: float = 240, stdout_too: bool = False) -> str:
    """Run kg with stderr (and stdout) on a pseudo-terminal, as in a shell; returns what the terminal showed."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 120, 0, 0))  # 30 rows, 120 columns
    proc = subprocess.Popen([sys.executable, "-m", "govkg.kg.cli", *args],
                            stdout=slave if stdout_too else subprocess.DEVNULL, stderr=slave, cwd=ROOT,
                            env={**os.environ, "COLUMNS": "120"})
    os.close(slave)
    chunks = []
    try:
        while True:
            try:
                data = os.read(master, 4096)
            except OSError:
                break
            if not data:
                break
            chunks.append(data)
    finally:
        proc.wait(timeout)
        os.close(master)
    return b"".join(chunks).decode("utf-8", "replace")


TINY = "{year}年度深圳市{district}科技创新局部门整体支出自评报告\n一、基本情况\n全年预算数 1,520.36 万元，执行数 1,498.2 万元。\n"


def _tiny_reports(folder, n: int = 3):
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        (folder / f"t{i}.txt").write_text(TINY.format(year=2020 + i, district="南山区福田区罗湖区"[i % 3 * 3:][:3]),
                                          "utf-8")
    return folder


def test_a_progress_bar_on_a_terminal_with_count_rate_and_time_left(tmp_path):
    folder = _tiny_reports(tmp_path / "in")
    shown = _pty_run(["ingest", str(folder), "--store", str(tmp_path / "store"), "--workers", "1"])
    # count, elapsed<time left, rate (reports per second, or seconds per report while slow)
    assert re.search(r"\rkg ingest +\d+%\|.*\| [0-3]/3 \[\d\d:\d\d<\d\d:\d\d, +[\d.]+(report/s|s/report)\]", shown), shown
    assert shown.startswith(FALLBACK)  # on its own line, before the bar
    quiet = _pty_run(["ingest", str(folder), "--store", str(tmp_path / "store"), "--workers", "1", "-q"])
    assert "report/s" not in quiet and FALLBACK not in quiet and "zh_core_web_sm" not in quiet


def test_quiet_silences_the_fallback_notice_with_workers(tmp_path):
    for workers in ("1", "2"):
        code, out, err = run("ingest", SAMPLES, "--store", tmp_path / "s", "--workers", workers, "-q")
        assert code == 0 and err == "" and out.strip() == f"3 report(s) ingested into {tmp_path / 's'}, 0 rejected"


@pytest.mark.slow
def test_off_a_terminal_one_line_per_100_reports_and_the_table_only_with_verbose(tmp_path):
    paths = synthetic_reports(tmp_path / "in", n=101, max_chars=120)
    proc = subprocess.run([sys.executable, "-m", "govkg.kg.cli", "ingest", str(tmp_path / "in"), "--store",
                           str(tmp_path / "store"), "--workers", "2"], capture_output=True, text=True, timeout=600,
                          cwd=ROOT)
    assert_no_traceback(proc.stderr)
    lines = [ln for ln in proc.stderr.splitlines() if ln.startswith("kg ingest: ")]
    assert [ln.split(" reports")[0] for ln in lines] == ["kg ingest: 100/101"]
    assert all("reports/s, about " in ln and ln.endswith(" left") for ln in lines)
    assert proc.stdout.strip() == f"{len(paths)} report(s) ingested into {tmp_path / 'store'}, 0 rejected " \
                                  "(--verbose for one row per report)"
    code, out, _ = run("ingest", tmp_path / "in", "--store", tmp_path / "store", "--workers", "2", "--verbose", "-q")
    assert code == 0 and len(out.splitlines()) == 2 + len(paths) + 1


def test_a_small_batch_prints_one_row_per_report(tmp_path):
    code, out, _ = run("ingest", SAMPLES, "--store", tmp_path / "s", "--workers", "1")
    assert code == 0 and out.splitlines()[0].split() == ["report", "id", "status", "department", "year", "budget_rows",
                                                         "entities", "subsidies", "triples"]
    assert len(out.splitlines()) == 2 + 3 + 1


def test_grants_take_the_listing_options_too(sample_store, tmp_path):
    code, text, _ = run("grants", "--store", sample_store, "-f", "csv")
    assert code == 0 and text.rstrip("\r\n") == BOM + ",".join(f'"{c}"' for c in FULL_COLUMNS["grants"])
    assert run("grants", "--store", sample_store, "-f", "xlsx", "-o", tmp_path / "g.xlsx", "--limit", "5")[0] == 0
    assert openpyxl.load_workbook(tmp_path / "g.xlsx").active.cell(1, 1).value == "recipient_kind"
