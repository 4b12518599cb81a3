"""Queries that cannot hurt (issue 13.5): SERVICE is refused unless asked for, a runaway query stops at its
timeout or at Ctrl-C, and a store URL that is malformed or says https:// to a plain-HTTP port gets one
clear line, fast. Every server here is a local one on 127.0.0.1, stopped by the test."""
from __future__ import annotations

import contextlib
import http.server
import os
import signal
import subprocess
import sys
import threading
import time

import pytest
from click.testing import CliRunner

from govkg.kg.cli import cli
from govkg.kg.store import QUERY_TIMEOUT, uses_service
from tests.conftest import ROOT

SERVICE_REFUSED = ("kg: this query uses SERVICE, which makes the store fetch data from another server: "
                   "add --allow-service to run it")
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"  # cartesian: minutes on the samples


def run(*args):
    result = CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


@contextlib.contextmanager
def local_endpoint():
    """A SPARQL endpoint on 127.0.0.1 that answers every request with one binding and counts them."""
    hits: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            self._answer()

        def do_POST(self):
            self._answer()

        def _answer(self):
            hits.append(self.path)
            self.rfile.read(int(self.headers.get("Content-Length") or 0))
            body = b'{"head":{"vars":["s"]},"results":{"bindings":[{"s":{"type":"uri","value":"urn:remote"}}]}}'
            self.send_response(200)
            self.send_header("Content-Type", "application/sparql-results+json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", hits
    finally:
        server.shutdown()
        server.server_close()


# -- SERVICE --------------------------------------------------------------------------------------

def test_service_is_refused_and_nothing_is_fetched(sample_store):
    with local_endpoint() as (url, hits):
        query = f"SELECT ?s WHERE {{ SERVICE <{url}/sparql> {{ ?s ?p ?o }} }}"
        code, out, err = run("query", query, "--store", sample_store)
        assert (code, out, err.strip()) == (2, "", SERVICE_REFUSED)
        code, out, err = run("query", query.replace("SERVICE", "service silent"), "--store", sample_store)
        assert (code, err.strip()) == (2, SERVICE_REFUSED)
        assert hits == []
        code, out, _ = run("query", query, "--store", sample_store, "--allow-service", "-f", "json")
        assert code == 0 and '"urn:remote"' in out and hits == ["/sparql"]


@pytest.mark.parametrize("text, found", [
    ("SELECT * WHERE { SERVICE <http://x/> { ?s ?p ?o } }", True),
    ("select * where { service silent ?endpoint { ?s ?p ?o } }", True),
    ("SELECT * WHERE { SERVICE<http://x/>{?s ?p ?o} }", True),
    ("SELECT * WHERE { SERVICE ex:endpoint { ?s ?p ?o } }", True),
    ("SELECT * WHERE { ?s ?p \"SERVICE <http://x/>\" }", False),
    ("SELECT * WHERE { ?s ?p '''\nSERVICE\n''' }", False),
    ("SELECT * WHERE { ?s <http://x/SERVICE> ?o }", False),
    ("# SERVICE <http://x/>\nSELECT * WHERE { ?s ?p ?o }", False),
    ("SELECT ?service WHERE { ?service ex:SERVICE service:x }", False),
    ("SELECT * WHERE { ?s ?p ?o FILTER(?o < 3) } # a comment\n", False),
])
def test_service_is_found_only_where_it_is_a_keyword(text, found):
    assert uses_service(text) is found


# -- timeout and Ctrl-C ---------------------------------------------------------------------------

def test_the_default_timeout_is_a_minute():
    assert QUERY_TIMEOUT == 60.0
    _, out, _ = run("query", "--help")
    assert "--timeout FLOAT RANGE" in out and "[default: 60.0" in out


def test_a_runaway_query_stops_at_its_timeout(sample_store):
    started = time.monotonic()
    proc = subprocess.run([sys.executable, "-m", "govkg.kg.cli", "query", RUNAWAY, "--store", str(sample_store),
                           "--timeout", "1.5"], capture_output=True, text=True, timeout=120, cwd=ROOT)
    took = time.monotonic() - started
    assert (proc.returncode, proc.stdout) == (1, "")
    assert proc.stderr.strip() == "kg: the query ran longer than 1.5 s and was stopped (--timeout SECONDS to allow more)"
    assert took < 15, took


def test_ctrl_c_stops_a_runaway_query_at_once(sample_store):
    proc = subprocess.Popen([sys.executable, "-m", "govkg.kg.cli", "query", RUNAWAY, "--store", str(sample_store)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT,
                            start_new_session=True)
    try:
        time.sleep(3)  # well into the query
        assert proc.poll() is None
        sent = time.monotonic()
        os.killpg(proc.pid, signal.SIGINT)
        out, err = proc.communicate(timeout=30)
        assert time.monotonic() - sent < 5
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(10)
    assert (proc.returncode, out, err.strip()) == (130, "", "kg: query interrupted")


# -- store URLs -----------------------------------------------------------------------------------

FORM = "expected http(s)://HOST[:PORT][/PATH]"


@pytest.mark.parametrize("url, message", [
    ("http://", f"kg: http://: not a valid store URL (no host); {FORM}"),
    ("http:///data", f"kg: http:///data: not a valid store URL (no host); {FORM}"),
    ("http://[::1", f"kg: http://[::1: not a valid store URL (Invalid IPv6 URL); {FORM}"),
    ("http://localhost:notaport/",
     f"kg: http://localhost:notaport/: not a valid store URL (Port could not be cast to integer value as "
     f"'notaport'); {FORM}"),
    ("https://127.0.0.1:99999/", f"kg: https://127.0.0.1:99999/: not a valid store URL (Port out of range 0-65535); "
                                 f"{FORM}"),
    ("http://my host:7878/", f"kg: 'http://my host:7878/': not a valid store URL (it holds ' '); {FORM}"),
])
def test_a_malformed_store_url_is_one_clear_line(url, message):
    code, out, err = run("stats", "--store", url)
    assert (code, out, err.strip()) == (1, "", message)


def test_https_to_a_plain_http_port_fails_fast():
    """A plain-HTTP server never answers a TLS handshake; before, the request hung for 300 s."""
    class Silent(http.server.BaseHTTPRequestHandler):  # a plain HTTP server, as oxigraph serve is
        def do_HEAD(self):
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Silent)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    port = server.server_address[1]
    try:
        started = time.monotonic()
        code, out, err = run("stats", "--store", f"https://127.0.0.1:{port}/")
        took = time.monotonic() - started
    finally:
        server.shutdown()
        server.server_close()
    assert (code, out) == (1, "")
    assert err.strip() == (f"kg: https://127.0.0.1:{port}/: 127.0.0.1:{port} answers plain HTTP, not TLS (https://): "
                           f"use http://127.0.0.1:{port}/")
    assert took < 12, took
