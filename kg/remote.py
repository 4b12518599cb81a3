"""A govkg store on a SPARQL 1.1 server (Oxigraph server, Fuseki, GraphDB, Virtuoso …), over plain HTTP.

    kg ingest reports/ --store http://127.0.0.1:7878/
    kg subsidies --store http://127.0.0.1:7878/ --format json

Protocols: SPARQL 1.1 Query (POST ``application/sparql-query``; results as SPARQL JSON, graphs as
N-Triples), SPARQL 1.1 Update (POST ``application/sparql-update``) and, to dump the whole dataset, the Graph
Store protocol (GET with ``Accept: application/n-quads``; a SPARQL ``SELECT`` over ``GRAPH ?g`` is the
fallback when the server does not serve it).

Endpoints. ``--store`` is the server's base URL; by default the Oxigraph server layout is used:
``<base>/query``, ``<base>/update``, ``<base>/store``. Other servers name their endpoints in the URL's
query string, for example::

    http://host:3030/ds?query=/ds/query&update=/ds/update&store=/ds/data            (Fuseki)
    http://host:7200/?query=/repositories/gk&update=/repositories/gk/statements      (GraphDB)
    http://host:8890/?query=/sparql&update=/sparql&store=/sparql-graph-crud          (Virtuoso)

Union default graph. Every report is one named graph and the bundled queries read the union of all
graphs as the default graph. With Oxigraph server each query is sent with its ``union-default-graph``
request parameter (so the server needs no special start-up option); the other servers named above use
the union of their graphs as the default graph by default, or need it configured (Fuseki:
``tdb2:unionDefaultGraph true``). ``?union=0`` in the store URL turns the parameter off. The bundled
queries match per-report facts inside ``GRAPH ?g``, which does not depend on this setting.

Writes. A report's graph is replaced by one update request ``DROP SILENT GRAPH <g> ; INSERT DATA { GRAPH
<g> { … } }``; ``replace_graphs`` sends a batch of reports in one request (Oxigraph server and Fuseki apply
one request in one transaction). Only ``urllib`` from the standard library is used; every request has a
timeout (``?timeout=SECONDS`` in the store URL, default 300).
"""
from __future__ import annotations

import io
import socket
import ssl
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from typing import Any

import pyoxigraph as ox

from .store import FORMATS, GraphStore, QueryError, StoreError, export_prefixes, is_url
from .vocab import sparql_prologue

RESULTS_JSON = "application/sparql-results+json"
GRAPH_TYPES = "application/n-triples"


class SparqlHttpStore(GraphStore):
    """A :class:`GraphStore` backed by SPARQL 1.1 Query/Update and the Graph Store protocol."""

    def __init__(self, url: str, read_only: bool = False, timeout: float | None = None):
        parts = parse_store_url(url)
        options = dict(urllib.parse.parse_qsl(parts.query))
        base = urllib.parse.urlunsplit((parts.scheme, parts.netloc, parts.path.rstrip("/"), "", ""))
        origin = f"{parts.scheme}://{parts.netloc}"

        def endpoint(key: str, default: str) -> str:
            value = options.get(key)
            if not value:
                return f"{base}/{default}"
            return value if is_url(value) else origin + "/" + value.lstrip("/")

        self.url = url
        self.query_url = endpoint("query", "query")
        self.update_url = endpoint("update", "update")
        self.store_url = endpoint("store", "store")
        self.union = options.get("union", "1") not in ("0", "false", "no")
        self.timeout = float(options.get("timeout", timeout or 300))
        self.read_only = read_only
        self._check_reachable()

    # -- HTTP -----------------------------------------------------------------------------------

    def _request(self, url: str, data: bytes | None, content_type: str | None, accept: str | None,
                 method: str | None = None) -> tuple[str, bytes]:
        headers = {"User-Agent": "govkg"}
        if content_type:
            headers["Content-Type"] = content_type
        if accept:
            headers["Accept"] = accept
        req = urllib.request.Request(url, data=data, headers=headers, method=method)
        try:
            with urllib.request.urlopen(req, timeout=self.timeout) as resp:
                return resp.headers.get("Content-Type", ""), resp.read()
        except urllib.error.HTTPError as e:
            body = e.read().decode("utf-8", "replace").strip()
            first = body.splitlines()[0][:300] if body else e.reason
            if e.code == 400:
                raise QueryError(first) from None
            raise StoreError(f"{url}: HTTP {e.code} ({first})") from None
        except (urllib.error.URLError, socket.timeout, TimeoutError, ConnectionError) as e:
            reason = getattr(e, "reason", e)
            raise StoreError(f"{url}: cannot reach the SPARQL server ({reason})") from None

    def _check_reachable(self) -> None:
        if self.query_url.lower().startswith("https://"):
            tls_probe(self.url, self.query_url)
        self._select_raw("ASK { }")

    def _query_target(self) -> str:
        if not self.union:
            return self.query_url
        sep = "&" if "?" in self.query_url else "?"
        return f"{self.query_url}{sep}union-default-graph"

    def _select_raw(self, sparql: str) -> Any:
        ctype, body = self._request(self._query_target(), (sparql_prologue() + sparql).encode("utf-8"),
                                    "application/sparql-query; charset=utf-8",
                                    f"{RESULTS_JSON}, {GRAPH_TYPES};q=0.9, text/turtle;q=0.5")
        return self._parse_results(ctype, body)

    @staticmethod
    def _parse_results(ctype: str, body: bytes) -> Any:
        mime = ctype.split(";")[0].strip().lower()
        if mime in (RESULTS_JSON, "application/json"):
            return ox.parse_query_results(body, ox.QueryResultsFormat.JSON)  # QuerySolutions or QueryBoolean
        if mime in ("application/sparql-results+xml", "application/xml"):
            return ox.parse_query_results(body, ox.QueryResultsFormat.XML)
        fmt = ox.RdfFormat.from_media_type(mime) if mime else None
        if fmt is None:
            raise StoreError(f"unexpected response type {ctype!r} from the SPARQL server")
        return [q.triple for q in ox.parse(body, fmt)]

    # -- GraphStore -----------------------------------------------------------------------------

    def query(self, sparql: str) -> Any:
        return self._select_raw(sparql)

    def update(self, sparql: str) -> None:
        if self.read_only:
            raise StoreError(f"{self.url}: opened read-only")
        self._request(self.update_url, (sparql_prologue() + sparql).encode("utf-8"),
                      "application/sparql-update; charset=utf-8", None)

    def replace_graph_ntriples(self, graph: ox.NamedNode, ntriples: bytes) -> None:
        self.replace_graphs([(graph, ntriples)])

    def replace_graphs(self, batch: list[tuple[ox.NamedNode, bytes]]) -> None:
        """One update request for the batch: ``DROP SILENT GRAPH <g> ; INSERT DATA { GRAPH <g> { … } }`` each."""
        if self.read_only:
            raise StoreError(f"{self.url}: opened read-only")
        ops = []
        for graph, ntriples in batch:
            g = graph.value
            op = f"DROP SILENT GRAPH <{g}>"
            if ntriples.strip():
                op += f" ;\nINSERT DATA {{ GRAPH <{g}> {{\n{ntriples.decode('utf-8')}}} }}"
            ops.append(op)
        if ops:
            self._request(self.update_url, " ;\n".join(ops).encode("utf-8"),
                          "application/sparql-update; charset=utf-8", None)

    def graphs(self) -> list[str]:
        rows = self.select("SELECT DISTINCT ?g WHERE { GRAPH ?g { } }")
        return sorted(r["g"] for r in rows)

    def triples(self) -> Iterator[ox.Triple]:
        """The union graph's distinct triples (read with ``GRAPH ?g``: no union-default setting needed)."""
        result = self._select_raw("CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }")
        return iter(dict.fromkeys(result))

    def quads(self) -> list[ox.Quad]:
        """Every quad of the named graphs: Graph Store protocol GET, else a SELECT over ``GRAPH ?g``."""
        try:
            ctype, body = self._request(self.store_url, None, None, "application/n-quads")
            mime = ctype.split(";")[0].strip().lower()
            if mime == "application/n-quads":
                return [q for q in ox.parse(body, ox.RdfFormat.N_QUADS) if not isinstance(q.graph_name, ox.DefaultGraph)]
        except (StoreError, QueryError):
            pass
        rows = self._select_raw("SELECT ?s ?p ?o ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
        return [ox.Quad(r["s"], r["p"], r["o"], r["g"]) for r in rows]

    def dump(self, out: io.BufferedIOBase, fmt: str) -> None:
        rdf_format = FORMATS[fmt]
        if rdf_format == ox.RdfFormat.JSON_LD:
            from . import jsonld

            jsonld.write(self.triples(), out, export_prefixes())
        elif rdf_format.supports_datasets:
            ox.serialize(self.quads(), out, rdf_format, prefixes=export_prefixes())
        else:
            ox.serialize(self.triples(), out, rdf_format, prefixes=export_prefixes())

    def flush(self) -> None:
        """Nothing to do: the server commits every update request."""

    def close(self) -> None:
        """Nothing to release (one HTTP request per call)."""


# -- store URLs -----------------------------------------------------------------------------------

#: seconds a TLS handshake may take before govkg looks at what the port speaks
HANDSHAKE_TIMEOUT = 5.0
URL_FORM = "expected http(s)://HOST[:PORT][/PATH]"


def parse_store_url(url: str) -> urllib.parse.SplitResult:
    """The parts of a store URL, or :class:`StoreError` with one line saying what is wrong with it."""
    bad = next((ch for ch in url if ch.isspace() or ord(ch) < 32 or ord(ch) == 127), None)
    if bad is not None:
        raise StoreError(f"{url!r}: not a valid store URL (it holds {bad!r}); {URL_FORM}")
    try:
        parts = urllib.parse.urlsplit(url)
        port = parts.port  # a port that is not a number, or out of range, raises here
    except ValueError as e:
        raise StoreError(f"{url}: not a valid store URL ({e}); {URL_FORM}") from None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise StoreError(f"{url}: not a valid store URL (no host); {URL_FORM}")
    if port == 0:
        raise StoreError(f"{url}: not a valid store URL (port 0); {URL_FORM}")
    return parts


def tls_probe(url: str, endpoint: str) -> None:
    """Fail fast when an https:// URL points at a port that does not speak TLS.

    A plain-HTTP server waits for a request line and never answers the TLS handshake, so without this an
    ``https://`` URL to it hangs until the request timeout (300 s). The handshake gets
    ``HANDSHAKE_TIMEOUT`` seconds; if it fails, the port is asked in plain HTTP, and a server that answers
    is named. Other errors (refused, certificate) are left to the request, which reports them.
    """
    parts = urllib.parse.urlsplit(endpoint)
    host, port = parts.hostname, parts.port or 443
    try:
        with socket.create_connection((host, port), timeout=HANDSHAKE_TIMEOUT) as sock:
            with ssl.create_default_context().wrap_socket(sock, server_hostname=host):
                return
    except ssl.SSLCertVerificationError:
        return
    except (ssl.SSLError, TimeoutError, ConnectionResetError) as e:
        where = f"{host}:{port}"
        if _speaks_plain_http(host, port):
            plain = urllib.parse.urlunsplit(("http", parts.netloc, "/", "", ""))
            raise StoreError(f"{url}: {where} answers plain HTTP, not TLS (https://): use {plain}") from None
        reason = "no answer" if isinstance(e, TimeoutError) else (getattr(e, "reason", None) or type(e).__name__)
        raise StoreError(f"{url}: TLS handshake with {where} failed ({reason})") from None
    except OSError:
        return


def _speaks_plain_http(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=HANDSHAKE_TIMEOUT) as sock:
            sock.sendall(f"HEAD / HTTP/1.0\r\nHost: {host}\r\n\r\n".encode("ascii", "replace"))
            return sock.recv(5) == b"HTTP/"
    except OSError:
        return False
