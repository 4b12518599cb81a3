"""``--store http://…``: the same listings from an Oxigraph server as from the embedded store.

Starts ``oxigraph serve --location TMP --bind 127.0.0.1:PORT`` (the binary of the ``oxigraph`` PyPI package,
next to this Python) at a free port, ingests the sample reports into it through ``kg ingest --store URL``
and compares the JSON of every listing command, with and without filters, with the embedded store's.
Skipped when the binary is absent. Traffic only to 127.0.0.1; every wait is bounded; the server is always
stopped.
"""
from __future__ import annotations

import json
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from click.testing import CliRunner

from govkg.kg.cli import cli
from tests.conftest import SAMPLES

pytestmark = pytest.mark.server


def _binary() -> str | None:
    here = Path(sys.executable).parent / "oxigraph"
    return str(here) if here.is_file() else shutil.which("oxigraph")


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(10)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """Base URL of a fresh Oxigraph server (stopped at the end of the module, whatever happens)."""
    binary = _binary()
    if binary is None:
        pytest.skip("the oxigraph server binary is not installed (pip install oxigraph)")
    root = tmp_path_factory.mktemp("oxigraph-server")
    for _attempt in range(3):  # the free port may be taken between the probe and the bind
        port = _free_port()
        log = open(root / f"server-{port}.log", "wb")
        proc = subprocess.Popen([binary, "serve", "--location", str(root / "data"), "--bind", f"127.0.0.1:{port}"],
                                stdout=log, stderr=subprocess.STDOUT)
        url = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline and proc.poll() is None:
                try:
                    req = urllib.request.Request(f"{url}/query", data=b"ASK {}", method="POST",
                                                 headers={"Content-Type": "application/sparql-query"})
                    with urllib.request.urlopen(req, timeout=2) as resp:
                        if resp.status == 200:
                            break
                except OSError:
                    time.sleep(0.2)
            else:
                _stop(proc)
                log.close()
                continue
            yield url + "/"
            return
        finally:
            _stop(proc)
            log.close()
    pytest.fail("could not start the oxigraph server: " + (root / f"server-{port}.log").read_text(errors="replace")[-500:])


def kg(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)
    return result.exit_code, result.output


@pytest.fixture(scope="module")
def stores(server, tmp_path_factory):
    """(server URL, embedded store folder), both holding the sample reports."""
    local = tmp_path_factory.mktemp("embedded") / "store"
    samples = sorted(str(p) for p in SAMPLES.glob("*.txt"))
    for store in (server, local):
        code, out = kg("ingest", *samples, "--store", store, "--workers", "1", "--quiet")
        assert code == 0, out
    return server, local


def listing(command: list[str], store) -> list[dict]:
    code, out = kg(*command, "--store", store, "--format", "json")
    assert code == 0, out
    return json.loads(out[out.index("["):])


FILTERED = [
    ["reports"], ["budget"], ["entities"], ["subsidies"], ["links"], ["stats"],
    ["entities", "--type", "enterprise"], ["entities", "--type", "event"], ["links", "--type", "event"],
    ["budget", "--department", "投资促进"], ["budget", "--year", "2023"], ["budget", "--department", "白云", "--year", "2023"],
    ["subsidies", "--enterprise", "华为"], ["subsidies", "--department", "白云区投资促进局"], ["subsidies", "--year", "2023"],
    ["subsidies", "--year", "1999"],
]


@pytest.mark.parametrize("command", FILTERED, ids=[" ".join(c) for c in FILTERED])
def test_listing_is_the_same_on_the_server(stores, command):
    remote, local = stores
    a, b = listing(command, remote), listing(command, local)
    if command == ["stats"]:
        for row in a + b:
            row.pop("store")
    assert a == b
    if command in (["reports"], ["budget"]):
        assert a, "the samples give rows"


def test_reingest_replaces_each_report_graph(stores):
    remote, _ = stores
    before = listing(["budget"], remote)
    code, out = kg("ingest", str(sorted(SAMPLES.glob("*.txt"))[0]), "--store", remote, "--quiet")
    assert code == 0, out
    assert listing(["budget"], remote) == before  # replaced, not added twice
    assert listing(["stats"], remote)[0]["graphs"] == 3


def test_export_of_the_server_holds_the_same_quads(stores, tmp_path):
    import pyoxigraph as ox

    remote, local = stores
    quads = []
    for store in (remote, local):
        out = tmp_path / f"{len(quads)}.nq"
        code, text = kg("export", "--store", store, "-f", "nq", "-o", str(out))
        assert code == 0, text
        quads.append({str(q) for q in ox.parse(path=str(out), format=ox.RdfFormat.N_QUADS)})
    assert quads[0] == quads[1]


def test_parallel_ingest_into_the_server_sends_batches(server, tmp_path):
    """Two workers and the batched writer (one update request per batch) give the embedded store's graphs."""
    from bench.corpus import generate

    generate(5, tmp_path / "gen", seed=3, families="dept")  # the department-wide family, as before the mix
    folder = str(tmp_path / "gen" / "reports")
    local = tmp_path / "local"
    for store in (server, local):
        code, out = kg("ingest", folder, "--store", store, "--workers", "2", "--quiet")
        assert code == 0, out
    for command in (["budget"], ["subsidies"], ["entities", "--type", "enterprise"]):
        remote_rows = [r for r in listing(command, server) if r.get("report", "").startswith("0000")
                       or command[0] == "entities"]
        local_rows = listing(command, local)
        if command[0] == "entities":  # the server also holds the samples: compare the generated names only
            names = {r["name"] for r in local_rows}
            remote_rows = [r for r in remote_rows if r["name"] in names]
            for r in remote_rows + local_rows:
                r["reports"] = [x for x in r["reports"] if x.startswith("0000")]
                r.pop("aliases")
        assert remote_rows == local_rows, command


def test_an_unreachable_server_is_one_line(tmp_path):
    code, out = kg("reports", "--store", f"http://127.0.0.1:{_free_port()}/")
    assert code == 1
    assert "cannot reach" in out and "Traceback" not in out
