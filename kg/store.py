"""Graph stores behind one small interface (:class:`GraphStore`): pyoxigraph on disk (default) or in memory
here, a SPARQL 1.1 server in ``kg.remote``; ``KnowledgeGraph`` opens the one a ``--store`` names.

Every report lives in its own named graph; queries see the union of all graphs as the default graph.
Replacing a report's graph is one SPARQL update (DROP + INSERT DATA), which oxigraph applies as a single
transaction: a crash leaves the old graph or the new one, never half of either.
"""
from __future__ import annotations

import io
import re
from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from .vocab import PREFIXES

FORMATS = {
    "turtle": ox.RdfFormat.TURTLE,
    "ttl": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "nq": ox.RdfFormat.N_QUADS,
    "nquads": ox.RdfFormat.N_QUADS,
    "trig": ox.RdfFormat.TRIG,
    "jsonld": ox.RdfFormat.JSON_LD,
    "json-ld": ox.RdfFormat.JSON_LD,
}
XSD = PREFIXES["xsd"]
_INTS = {XSD + t for t in ("integer", "int", "long", "nonNegativeInteger", "positiveInteger", "short")}
_FLOATS = {XSD + t for t in ("decimal", "double", "float")}


class StoreError(Exception):
    """A store that cannot be opened or written; ``str(err)`` is a one-line reason."""


class QueryError(Exception):
    """A SPARQL text the parser rejects; the message carries the parser's line/column."""


def is_url(spec: Any) -> bool:
    """True for ``http://`` and ``https://`` store specifications (a SPARQL server, not a folder)."""
    return isinstance(spec, str) and spec.lower().startswith(("http://", "https://"))


def to_python(term: Any) -> Any:
    """pyoxigraph term -> JSON-friendly Python value (numbers for numeric literals, IRIs as strings)."""
    if term is None:
        return None
    if isinstance(term, ox.Literal):
        dt = term.datatype.value if term.datatype is not None else ""
        try:
            if dt in _INTS:
                return int(term.value)
            if dt in _FLOATS:
                return float(term.value)
            if dt == XSD + "boolean":
                return term.value in ("true", "1")
        except ValueError:
            return term.value
        return term.value
    return term.value


@dataclass
class Change:
    """One atomic change of the store: drop graphs, then delete triples, then insert triples.

    ``delete`` and ``insert`` hold (graph, N-Triples bytes) pairs. A store applies a change in one
    transaction: after a crash it is either fully applied or not at all.
    """

    drop: list[ox.NamedNode] = field(default_factory=list)
    delete: list[tuple[ox.NamedNode, bytes]] = field(default_factory=list)
    insert: list[tuple[ox.NamedNode, bytes]] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.drop or any(d for _, d in self.delete) or any(d for _, d in self.insert))

    def sparql(self) -> str:
        """The change as one SPARQL update request."""
        ops = [f"DROP SILENT GRAPH <{g.value}>" for g in self.drop]
        for word, pairs in (("DELETE", self.delete), ("INSERT", self.insert)):
            body = "".join(f"GRAPH <{g.value}> {{\n{d.decode('utf-8')}}}\n" for g, d in pairs if d.strip())
            if body:
                ops.append(f"{word} DATA {{\n{body}}}")
        return " ;\n".join(ops)

    def nquads(self) -> bytes:
        """The inserted triples as N-Quads (for a change that only inserts)."""
        return b"".join(self.nquad_pieces())

    def nquad_pieces(self, size: int = 1 << 20) -> Iterator[bytes]:
        """The inserted triples as N-Quads, about ``size`` bytes at a time (a large report is never copied
        whole): every N-Triples line ends with " .\\n" (line breaks inside literals are escaped)."""
        for g, data in self.insert:
            tail = f" <{g.value}> .\n".encode()
            start = 0
            while start < len(data):
                end = data.find(b"\n", min(len(data), start + size) - 1)
                end = len(data) if end < 0 else end + 1
                yield data[start:end].replace(b" .\n", tail)
                start = end


class _Pieces(io.RawIOBase):
    """A read-only binary stream over an iterator of byte strings (pyoxigraph's load reads it in one
    transaction without the whole input being joined first)."""

    def __init__(self, pieces: Iterator[bytes]):
        self._pieces = iter(pieces)
        self._buf = memoryview(b"")
        self._at = 0

    def readable(self) -> bool:
        return True

    def readinto(self, b) -> int:
        while self._at >= len(self._buf):  # the next non-empty piece (an offset into it: never copied again)
            piece = next(self._pieces, None)
            if piece is None:
                return 0
            self._buf, self._at = memoryview(piece), 0
        n = min(len(b), len(self._buf) - self._at)
        b[:n] = self._buf[self._at:self._at + n]
        self._at += n
        return n


class GraphStore(ABC):
    """What govkg needs from a quad store."""

    def apply(self, change: Change) -> None:
        """Apply one :class:`Change` in one transaction (one SPARQL update request)."""
        if change:
            self.update(change.sparql())

    def replace_graph(self, graph: ox.NamedNode, triples: Iterable[ox.Triple]) -> None:
        """Atomically replace one named graph's content."""
        self.replace_graph_ntriples(graph, ox.serialize(list(triples), format=ox.RdfFormat.N_TRIPLES))

    @abstractmethod
    def replace_graph_ntriples(self, graph: ox.NamedNode, ntriples: bytes) -> None:
        """Atomically replace one named graph's content with these N-Triples."""

    def replace_graphs(self, batch: list[tuple[ox.NamedNode, bytes]]) -> None:
        """Replace several named graphs (each one atomically); stores may send them in one request."""
        for graph, ntriples in batch:
            self.replace_graph_ntriples(graph, ntriples)

    @abstractmethod
    def query(self, sparql: str) -> Any:
        """Run a query over the union of all graphs: QuerySolutions, QueryBoolean or triples."""

    @abstractmethod
    def update(self, sparql: str) -> None:
        """Run a SPARQL update."""

    @abstractmethod
    def graphs(self) -> list[str]:
        """IRIs of the named graphs."""

    @abstractmethod
    def triples(self) -> Iterator[ox.Triple]:
        """The union graph's distinct triples."""

    @abstractmethod
    def dump(self, out: io.BufferedIOBase, fmt: str) -> None:
        """Write the whole store: quads for nq/trig, the union's triples otherwise."""

    @abstractmethod
    def flush(self) -> None:
        """Make every write so far durable (called at the end of an ingest)."""

    @abstractmethod
    def close(self) -> None:
        """Release the store."""

    def select(self, sparql: str) -> list[dict[str, Any]]:
        """SELECT -> list of {variable: Python value}."""
        result = self.query(sparql)
        if not isinstance(result, ox.QuerySolutions):
            raise QueryError("not a SELECT query")
        names = [v.value for v in result.variables]
        return [{n: to_python(row[n]) for n in names} for row in result]

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


class OxigraphStore(GraphStore):
    """pyoxigraph Store: on disk at ``path`` (RocksDB) or in memory when ``path`` is None."""

    def __init__(self, path: str | Path | None = None, read_only: bool = False):
        self.path = str(path) if path is not None else None
        self.read_only = read_only
        self._written = 0  # graphs written since the last flush
        try:
            if self.path is None:
                self._store = ox.Store()
            elif read_only:
                if not Path(self.path).exists():
                    raise StoreError(f"{self.path}: no store here (run 'kg ingest' first)")
                self._store = ox.Store.read_only(self.path)
            else:
                self._store = ox.Store(self.path)
        except OSError as e:
            msg = str(e).splitlines()[0] if str(e) else type(e).__name__
            if "lock" in msg.lower():
                raise StoreError(f"{self.path}: the store is in use by another kg process") from None
            raise StoreError(f"{self.path}: cannot open the store ({msg})") from None

    #: Flush RocksDB's write buffers to disk after this many graph writes. Without it they are only flushed
    #: when the store closes and the writer grows with the data written (2.1 GB after 5,000 reports). Too
    #: often costs CPU in compactions as the store grows: writing report 5,000 took 24 ms with a flush every
    #: 200 graphs (0.2 GB), 16 ms every 500 (0.44 GB), 15 ms every 1,000 (0.77 GB), all on this machine.
    FLUSH_EVERY = 1000

    def replace_graph_ntriples(self, graph: ox.NamedNode, ntriples: bytes) -> None:
        self._write_graph(graph, ntriples)
        self._count_write()

    def apply(self, change: Change) -> None:
        """One transaction: a change that only inserts is one native N-Quads load (faster than parsing an
        update), any other one SPARQL update."""
        if not change:
            return
        if change.drop or any(d for _, d in change.delete):
            self.update(change.sparql())
        else:
            self._store.load(io.BufferedReader(_Pieces(change.nquad_pieces())), ox.RdfFormat.N_QUADS, lenient=True)
        self._count_write(len({g.value for g, _ in change.insert}))

    def _count_write(self, graphs: int = 1) -> None:
        self._written += max(1, graphs)
        if self._written >= self.FLUSH_EVERY:
            self.flush()

    def _write_graph(self, graph: ox.NamedNode, ntriples: bytes) -> None:
        if not self._store.contains_named_graph(graph):
            # A new graph: one transactional load (N-Triples parsed natively: 10.5 ms for a 700-triple
            # report against 13.8 ms for the update below). The caller is the only writer, so the graph
            # cannot appear in between.
            if ntriples:
                self._store.load(ntriples, ox.RdfFormat.N_TRIPLES, to_graph=graph, lenient=True)
            return
        body = ntriples.decode("utf-8")
        self._store.update(f"DROP SILENT GRAPH <{graph.value}> ;\nINSERT DATA {{ GRAPH <{graph.value}> {{\n{body}}} }}")

    def query(self, sparql: str) -> Any:
        try:
            return self._store.query(sparql, use_default_graph_as_union=True, prefixes=PREFIXES)
        except SyntaxError as e:
            raise QueryError(str(e)) from None

    def update(self, sparql: str) -> None:
        try:
            self._store.update(sparql, prefixes=PREFIXES)
        except SyntaxError as e:
            raise QueryError(str(e)) from None

    def graphs(self) -> list[str]:
        return sorted(g.value for g in self._store.named_graphs())

    def triples(self) -> Iterator[ox.Triple]:
        """The union graph's distinct triples."""
        return iter(self._store.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", use_default_graph_as_union=True))

    def dump(self, out, fmt: str) -> None:
        rdf_format = FORMATS[fmt]
        if rdf_format == ox.RdfFormat.JSON_LD:
            from . import jsonld

            jsonld.write(self.triples(), out, export_prefixes())
        elif rdf_format in (ox.RdfFormat.N_QUADS, ox.RdfFormat.TRIG):
            self._store.dump(out, rdf_format, prefixes=export_prefixes())
        else:
            ox.serialize(self.triples(), out, rdf_format, prefixes=export_prefixes())

    def flush(self) -> None:
        self._written = 0
        if self.path is not None and not self.read_only:
            self._store.flush()

    def close(self) -> None:
        if self._store is not None:
            try:
                self.flush()
            except (OSError, RuntimeError):
                pass
        self._store = None  # type: ignore[assignment]


def export_prefixes() -> dict[str, str]:
    """The prefixes written into exported Turtle/TriG (the data uses neither sh: nor owl:)."""
    return {k: v for k, v in PREFIXES.items() if k not in ("sh", "owl")}


# -- query safety ---------------------------------------------------------------------------------

#: default limit of one ``kg query`` / ``/sparql`` query, seconds (the full listings of a 10,000-report
#: store take under 20 s, docs/PERFORMANCE.md)
QUERY_TIMEOUT = 60.0

_SKIP = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""' r"|'''(?:[^'\\]|\\.|'(?!''))*'''"
    r'|"(?:[^"\\\n]|\\.)*"' r"|'(?:[^'\\\n]|\\.)*'"
    r"|<[^<>\"{}|^`\\\s]*>"
    r"|#[^\n]*",
    re.S)
_SERVICE = re.compile(r"(?<![\w:?$\-.])SERVICE(?![\w:\-])", re.I)


class QueryTimeout(Exception):
    """A query that ran longer than its limit; ``str(err)`` is the one-line message."""


def sparql_code(text: str) -> str:
    """``text`` with its string literals, IRIs and comments blanked out: what is left is keywords, names
    and variables (a keyword inside a string or an IRI is not a keyword)."""
    return _SKIP.sub(lambda m: " " * len(m.group(0)), text)


def uses_service(text: str) -> bool:
    """Does this SPARQL text use ``SERVICE`` (a federated query that makes the store fetch another URL)?"""
    return bool(_SERVICE.search(sparql_code(text)))


SERVICE_REFUSED = ("this query uses SERVICE, which makes the store fetch data from another server: "
                   "add --allow-service to run it")


def run_bounded(call, timeout: float | None):
    """``call()`` on a worker thread, waited for at most ``timeout`` seconds (None: no limit).

    The stores release the GIL while they evaluate, so this thread stays responsive: Ctrl-C raises
    KeyboardInterrupt here at once and a query past its limit raises :class:`QueryTimeout`. Neither stops
    the worker thread (a Rust call cannot be interrupted); the caller ends the process (``kg query``) or
    runs queries in a process it can stop (``kg serve``).
    """
    import threading
    import time

    box: dict[str, Any] = {}

    def work() -> None:
        try:
            box["result"] = call()
        except BaseException as e:  # noqa: BLE001 - handed to the waiting thread
            box["error"] = e

    worker = threading.Thread(target=work, name="govkg-query", daemon=True)
    deadline = None if timeout is None else time.monotonic() + timeout
    worker.start()
    while worker.is_alive():
        left = None if deadline is None else deadline - time.monotonic()
        if left is not None and left <= 0:
            raise QueryTimeout(f"the query ran longer than {timeout:g} s and was stopped "
                               "(--timeout SECONDS to allow more)")
        worker.join(0.1 if left is None else min(0.1, left))
    if "error" in box:
        raise box["error"]
    return box.get("result")
