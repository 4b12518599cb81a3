"""``kg serve`` as a user meets it: the real command on a free loopback port over the sample store, driven
by headless Chromium (Debian's /usr/bin/chromium through Playwright) and by an HTTP client.

Search for an enterprise, open its page, follow a subsidy to the report page and find the evidence span
highlighted there; download CSV and .xlsx and read them back; query /sparql and read the standard JSON
results. Every request the browser makes must go to the server itself. The server is always stopped."""
from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

import openpyxl
import pytest

from govkg.kg.serve import Span, marked_text
from tests.conftest import ROOT, SAMPLES

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]
ENTERPRISE = "南方航空物流"   # paid 6,308.95 万元 in data/samples/000_07bb7f755d006c6f.txt
EVIDENCE = "兑现南方航空物流经营贡献奖 6,308.95 万元"

try:
    from playwright.sync_api import sync_playwright
except ImportError:  # pragma: no cover - depends on the environment
    sync_playwright = None


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(url: str, accept: str | None = None, data: bytes | None = None, ctype: str | None = None):
    headers = {k: v for k, v in (("Accept", accept), ("Content-Type", ctype)) if v}
    req = urllib.request.Request(url, data=data, headers=headers)
    try:
        with urllib.request.urlopen(req, timeout=60) as resp:
            return resp.status, resp.headers, resp.read()
    except urllib.error.HTTPError as e:
        return e.code, e.headers, e.read()


@pytest.fixture(scope="module")
def server(tmp_path_factory, sample_store):
    """Base URL of ``kg serve`` over the sample store, the original files found with ``--files`` (stopped
    at the end, whatever happens)."""
    root = tmp_path_factory.mktemp("serve")
    store = root / "store"
    shutil.copytree(sample_store, store)
    for _attempt in range(3):  # the free port may be taken between the probe and the bind
        port = _free_port()
        log = open(root / f"serve-{port}.log", "wb")
        proc = subprocess.Popen([sys.executable, "-m", "govkg.kg.cli", "serve", "--store", str(store), "--port",
                                 str(port), "--timeout", "2", "--files", str(SAMPLES)], stdout=log,
                                stderr=subprocess.STDOUT, cwd=ROOT)
        url = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline and proc.poll() is None:
                try:
                    if get(url + "/")[0] == 200:
                        break
                except OSError:
                    time.sleep(0.2)
            else:
                continue
            yield url
            return
        finally:
            if proc.poll() is None:
                proc.terminate()
                try:
                    proc.wait(15)
                except subprocess.TimeoutExpired:
                    proc.kill()
                    proc.wait(10)
            log.close()
    pytest.fail("kg serve did not start: " + (root / f"serve-{port}.log").read_text(errors="replace")[-800:])


@pytest.fixture(scope="module")
def browser():
    if sync_playwright is None:
        pytest.skip("python playwright is not installed (pip install -e '.[test]')")
    if not os.access(CHROMIUM, os.X_OK):
        pytest.skip(f"{CHROMIUM} not found (apt-get install chromium fonts-wqy-microhei)")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


@pytest.fixture()
def page(browser, server, tmp_path):
    """A page that lets through requests to the server only (and records any other)."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    pg = context.new_page()
    pg.external, pg.errors = [], []

    def guard(route):
        url = route.request.url
        if url.startswith((server + "/", "data:", "blob:", "about:")):
            route.continue_()
        else:
            pg.external.append(url)
            route.abort()

    pg.route("**/*", guard)
    pg.on("pageerror", lambda e: pg.errors.append(str(e)))
    pg.on("console", lambda m: pg.errors.append(m.text) if m.type == "error" else None)
    yield pg
    context.close()


# -- the browser walk -----------------------------------------------------------------------------

@pytest.mark.browser
def test_search_entity_subsidy_report_with_the_span_highlighted(page, server, tmp_path):
    page.goto(server + "/")
    page.fill("#q", ENTERPRISE)
    page.press("#q", "Enter")
    page.wait_for_selector("ul.hits a.hit")
    assert page.locator('section.facet[data-facet="type"]').inner_text().count("企业 enterprise") == 1
    page.locator("ul.hits[data-kind=enterprise] a.hit", has_text=ENTERPRISE).first.click()

    page.wait_for_selector("#entity-name")
    assert page.inner_text("#entity-name") == ENTERPRISE
    received = page.locator("#received")
    assert "6,308.95" in received.inner_text() and "招商引资企业政策扶持专项" in received.inner_text()
    assert "name key" in page.inner_text("#mentions")  # the merge rule of each mention
    page.screenshot(path=str(tmp_path / "entity.png"), full_page=True)

    received.locator("a.evidence-link").first.click()
    page.wait_for_selector("mark.ev.current")
    current = page.evaluate("Array.from(document.querySelectorAll('mark.ev.current')).map(m => m.textContent)"
                            ".join('')")
    assert current == EVIDENCE
    assert page.evaluate("window.govkgCurrent") == "ev-4388-4413" and page.url.endswith("#ev-4388-4413")
    assert page.locator("mark.ev.current").first.is_visible()
    assert page.locator("#facts li.current").inner_text().startswith("补贴 subsidy")
    assert page.locator("mark.ev").count() > 50  # every fact is marked, the current one stands out
    assert not page.locator("#mismatch").count()  # the file found is the one ingested

    with page.expect_download() as dl:
        page.click("#download")
    original = tmp_path / "original.txt"
    dl.value.save_as(original)
    assert original.read_bytes() == (SAMPLES / "000_07bb7f755d006c6f.txt").read_bytes()
    assert page.external == [] and page.errors == []


@pytest.mark.browser
def test_tables_download_csv_and_xlsx_that_read_back(page, server, tmp_path):
    page.goto(server + "/subsidies?enterprise=" + urllib.parse.quote(ENTERPRISE))
    assert page.locator("#table tr").count() == 2
    assert "6,308.95" in page.inner_text("table.totals[data-by=recipient]")
    with page.expect_download() as dl:
        page.click("#download-csv")
    path = tmp_path / "s.csv"
    dl.value.save_as(path)
    rows = list(csv.DictReader(io.StringIO(path.read_text("utf-8-sig"))))
    assert [(r["recipients"], float(r["amount"]), r["exact"]) for r in rows] == [(ENTERPRISE, 63089500.0, EVIDENCE)]
    with page.expect_download() as dl:
        page.click("#download-xlsx")
    path = tmp_path / "s.xlsx"
    dl.value.save_as(path)
    ws = openpyxl.load_workbook(path).active
    header = [c.value for c in ws[1]]
    cells = dict(zip(header, (c.value for c in ws[2]), strict=True))
    assert ws.max_row == 2 and cells["amount"] == 63089500 and cells["exact"] == EVIDENCE
    # sorting by a column header, the budget table and the links table
    page.goto(server + "/subsidies")
    page.click("#table th >> text=amount")
    amounts = page.evaluate("Array.from(document.querySelectorAll('#table tr td:nth-child(2)')).map(t => t.textContent)")
    values = [float(a.replace(",", "")) for a in amounts]
    assert values == sorted(values)
    page.goto(server + "/budget?department=" + urllib.parse.quote("海珠"))
    assert page.locator("#table tr").count() == 3
    page.goto(server + "/links")
    assert "广州国际投资年会" in page.inner_text("#table")
    assert page.external == [] and page.errors == []


@pytest.mark.browser
def test_graph_views_are_embedded_and_link_to_entity_pages(page, server):
    for view in ("overview", "subsidies", "links"):
        page.goto(server + f"/graphs?view={view}")
        frame = page.frame_locator("iframe.graph")
        frame.locator("#mynetwork canvas").wait_for()
    page.goto(server + "/viz/overview")
    page.wait_for_selector("#mynetwork canvas")
    page.wait_for_timeout(300)
    node = page.evaluate("(l) => network.body.data.nodes.get({filter: n => n.label === l})[0].id", ENTERPRISE)
    page.evaluate("(id) => govkgSelect(id, false)", node)
    href = page.get_attribute("#gk-open", "href")
    assert href == "/entity?iri=" + urllib.parse.quote(node, safe="")
    page.click("#gk-open")
    page.wait_for_selector("#entity-name")
    assert page.inner_text("#entity-name") == ENTERPRISE
    assert page.external == [] and page.errors == []


# -- HTTP -----------------------------------------------------------------------------------------

def test_sparql_endpoint_answers_standard_json_and_csv(server):
    query = "SELECT ?file WHERE { ?r a gk:Report ; gk:fileName ?file } ORDER BY ?file"
    status, headers, body = get(server + "/sparql?" + urllib.parse.urlencode({"query": query}),
                                accept="application/sparql-results+json")
    assert status == 200 and headers["Content-Type"] == "application/sparql-results+json"
    doc = json.loads(body)
    assert doc["head"] == {"vars": ["file"]}
    assert [b["file"] for b in doc["results"]["bindings"]] == [
        {"type": "literal", "value": f"00{i}_{h}.txt"} for i, h in
        enumerate(["07bb7f755d006c6f", "3cc4b0b52db76508", "6a89cfe04fa6e341"])]
    status, headers, body = get(server + "/sparql", accept="text/csv", data=query.encode(),
                                ctype="application/sparql-query")
    assert status == 200 and headers["Content-Type"].startswith("text/csv")
    assert body.decode().splitlines() == ["file", "000_07bb7f755d006c6f.txt", "001_3cc4b0b52db76508.txt",
                                          "002_6a89cfe04fa6e341.txt"]
    form = urllib.parse.urlencode({"query": "ASK { ?s a gk:Subsidy }"}).encode()
    status, _, body = get(server + "/sparql", data=form, ctype="application/x-www-form-urlencoded")
    assert (status, json.loads(body)) == (200, {"head": {}, "boolean": True})
    status, headers, body = get(server + "/sparql?" + urllib.parse.urlencode(
        {"query": "CONSTRUCT { ?r a gk:Report } WHERE { ?r a gk:Report }"}), accept="application/n-triples")
    assert status == 200 and body.decode().count("\n") == 3


@pytest.mark.parametrize("params, status, message", [
    ({"query": "DROP ALL"}, 403, "this endpoint is read-only: SPARQL UPDATE is not accepted"),
    ({"update": "DROP ALL"}, 403, "this endpoint is read-only: SPARQL UPDATE is not accepted"),
    ({"query": "SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }"}, 403,
     "SERVICE (a federated query) is not accepted by this endpoint"),
    ({"query": "SELECT * WHERE { ?s ?p "}, 400, "SPARQL syntax error at 1:24: expected one of"),
    ({"query": "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"}, 503,
     "the query ran longer than 2 s and was stopped"),
])
def test_sparql_endpoint_refuses_what_could_hurt(server, params, status, message):
    got, _, body = get(server + "/sparql?" + urllib.parse.urlencode(params))
    assert got == status and body.decode().startswith(message)
    assert get(server + "/sparql?" + urllib.parse.urlencode({"query": "ASK {}"}))[0] == 200  # still answering


def test_only_loopback_names_are_answered_and_pages_say_where_they_load_from(server):
    req = urllib.request.Request(server + "/", headers={"Host": "evil.example"})
    with pytest.raises(urllib.error.HTTPError) as e:
        urllib.request.urlopen(req, timeout=30)
    assert e.value.code == 400
    status, headers, _ = get(server + "/")
    assert status == 200 and "default-src 'self'" in headers["Content-Security-Policy"]


def test_search_facets_and_counts(server):
    status, _, body = get(server + "/?" + urllib.parse.urlencode({"q": "投资", "type": "report"}))
    page = body.decode()
    assert status == 200 and 'data-kind="report"' in page and 'data-kind="enterprise"' not in page
    status, _, body = get(server + "/?" + urllib.parse.urlencode({"q": "广州", "district": "番禺区"}))
    page = body.decode()
    assert status == 200 and "番禺区" in page and 'class="on"' in page


def test_marked_text_nests_overlapping_spans():
    text = "兑现南方航空物流经营贡献奖 6,308.95 万元；"
    html = marked_text(text, [Span("ev-0-24", 0, 24), Span("ev-2-8", 2, 8)], pages=(0, 14))
    assert html.count('<span class="anchor"') == 2
    assert '<mark class="ev" data-ev="ev-0-24 ev-2-8">南方航空物流</mark>' in html
    assert '<div class="page" id="page-2">' in html


def test_a_taken_port_is_one_line(tmp_path):
    store = tmp_path / "store"
    store.mkdir()
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        port = s.getsockname()[1]
        proc = subprocess.run([sys.executable, "-m", "govkg.kg.cli", "serve", "--store", str(store), "--port", str(port)],
                              capture_output=True, text=True, timeout=60, cwd=ROOT)
    assert (proc.returncode, proc.stderr) == (1, f"kg: cannot listen on 127.0.0.1:{port} (Address already in use)\n")


def test_kg_ingest_records_where_each_report_came_from(tmp_path):
    from click.testing import CliRunner

    from govkg.kg.cli import cli
    from govkg.kg.serve import FILES_INDEX, read_sources

    one = sorted(SAMPLES.glob("*.txt"))[0]
    result = CliRunner().invoke(cli, ["ingest", str(one), "--store", str(tmp_path / "s"), "-q", "--workers", "1"])
    assert result.exit_code == 0
    rid = hashlib.sha256(one.read_bytes()).hexdigest()[:32]  # by report id: two reports may share a name
    assert read_sources(tmp_path / "s") == {rid: str(one.resolve())}
    assert (tmp_path / "s" / FILES_INDEX).read_text("utf-8") == f"{rid}\t{one.resolve()}\n"


def test_two_reports_that_share_a_file_name_have_their_own_pages_and_files(tmp_path):
    """Issue 13.2 in the explorer: every index is by report id, so each report page shows its own text."""
    from click.testing import CliRunner
    from starlette.testclient import TestClient

    from govkg.kg.cli import cli
    from govkg.kg.serve import create_app
    from tests.helpers import title

    name = "2023年度部门整体支出自评报告.txt"
    texts = {"余杭": title("杭州市余杭区投资促进局", 2023) + "兑现云帆科技有限公司经营贡献奖 100 万元。\n",
             "滨江": title("杭州市滨江区投资促进局", 2023) + "兑现星河科技有限公司落户奖励 50 万元。\n"}
    paths = []
    for folder, text in texts.items():
        (tmp_path / folder).mkdir()
        paths.append(tmp_path / folder / name)
        paths[-1].write_text(text, "utf-8")
    store = tmp_path / "s"
    result = CliRunner().invoke(cli, ["ingest", *map(str, paths), "--store", str(store), "-q", "--workers", "1"])
    assert result.exit_code == 0, result.output
    ids = {folder: hashlib.sha256(text.encode("utf-8")).hexdigest()[:32] for folder, text in texts.items()}
    with TestClient(create_app(str(store))) as client:
        search = client.get("/", params={"q": "投资促进局"}).text
        for folder, rid in ids.items():
            iri = f"https://w3id.org/govkg/id/report/{rid}"
            assert urllib.parse.urlencode({"iri": iri}) in search  # both reports are found, each with its page
            page = client.get("/report", params={"iri": iri})
            assert page.status_code == 200
            assert f"杭州市{folder}区投资促进局" in page.text
            other = next(f for f in texts if f != folder)
            assert f"杭州市{other}区投资促进局" not in page.text  # its own file, not the other one of that name
            download = client.get("/report/file", params={"iri": iri})
            assert download.content.decode("utf-8") == texts[folder]
