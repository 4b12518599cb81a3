"""KnowledgeGraph: the one object behind the CLI — ingest, named listings, SPARQL, export, SHACL.

    kg = KnowledgeGraph("kg-store")
    kg.ingest(["reports/"])
    kg.subsidies(enterprise="云帆")
"""
from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from . import queries
from .store import GraphStore, QueryError, StoreError, open_store
from .vocab import ID, graph_iri

ONTOLOGY_GRAPH = ox.NamedNode(ID + "graph/ontology")
SEP = "\t"


@dataclass
class FileResult:
    """What happened to one input file."""

    path: str
    report: str | None = None
    error: str | None = None
    triples: int = 0
    summary: dict[str, Any] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


@dataclass
class IngestResult:
    files: list[FileResult] = field(default_factory=list)

    @property
    def ok(self) -> list[FileResult]:
        return [f for f in self.files if f.error is None]

    @property
    def errors(self) -> list[FileResult]:
        return [f for f in self.files if f.error is not None]


# -- extraction in worker processes -------------------------------------------------------------

_WORKER: dict[str, Any] = {}


def _init_worker(aliases: str | None, quiet: bool) -> None:
    from govkg.ingest.nlp import build_nlp
    from govkg.ingest.resolve import Resolver

    _WORKER["nlp"] = build_nlp(quiet=quiet)
    _WORKER["resolver"] = Resolver.from_file(aliases) if aliases else Resolver()


def _init_pool_worker(aliases: str | None) -> None:
    """A pool worker: Ctrl-C is the main process's business (it stops the workers without tracebacks)."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _init_worker(aliases, True)


def _stop_pool(pool: ProcessPoolExecutor, grace: float = 3.0) -> None:
    """Stop a pool soon: queued files are dropped; files being extracted get ``grace`` seconds to finish,
    then their workers are killed (nothing of theirs is written: the store only hears from this process)."""
    import threading
    from concurrent.futures import InvalidStateError

    manager = getattr(pool, "_executor_manager_thread", None)
    procs = list((getattr(pool, "_processes", None) or {}).values())
    results = getattr(pool, "_result_queue", None)
    pool.shutdown(wait=False, cancel_futures=True)
    if manager is None:
        return
    manager.join(grace)
    if not manager.is_alive():
        return
    previous = threading.excepthook

    def hook(args):  # CPython 3.11: breaking a pool whose futures map() has cancelled raises there
        if args.thread is not manager or not issubclass(args.exc_type, InvalidStateError):
            previous(args)

    threading.excepthook = hook
    try:
        for proc in procs:
            if proc.is_alive():
                proc.terminate()
        for proc in procs:
            proc.join(10)
        # A worker killed while sending its result leaves half a message in the result pipe, and the
        # manager thread would wait for the rest forever (this process holds the pipe's write end too).
        # With our copy closed it reads end-of-file instead, marks the pool broken and exits.
        writer = getattr(results, "_writer", None)
        if writer is not None:
            try:
                writer.close()
            except OSError:
                pass
        manager.join(30)
    finally:
        threading.excepthook = previous


def _process_chunk(paths: list[str]) -> list[tuple]:
    return [_process(p) for p in paths]


def _ordered_results(pool: ProcessPoolExecutor, paths: list[str], chunk: int, ahead: int):
    """``_process`` over ``paths`` in input order, at most ``ahead`` chunks submitted and not yet consumed.

    ``Executor.map`` submits every file at once, and whenever the single writer is slower than the workers
    their finished results (N-Triples, ~120 KB a report) pile up in memory; here the workers wait instead.
    """
    from collections import deque

    starts = iter(range(0, len(paths), chunk))
    pending: deque = deque()

    def submit() -> None:
        start = next(starts, None)
        if start is not None:
            pending.append(pool.submit(_process_chunk, paths[start:start + chunk]))

    for _ in range(ahead):
        submit()
    while pending:
        results = pending.popleft().result()
        submit()
        yield from results


def _process(path: str) -> tuple[str, str | None, bytes | None, dict, list[str]]:
    """Load, extract and build one report; returns (path, error, N-Triples, summary, warnings)."""
    from govkg.ingest.load import LoadError, load
    from govkg.ingest.pipeline import extract

    from .build import build_triples

    try:
        document = load(path)
        facts = extract(document, _WORKER["nlp"])
        triples = build_triples(facts, _WORKER["resolver"])
    except LoadError as e:
        return path, str(e), None, {}, []
    except RecursionError:
        return path, "extraction failed (input too deeply nested)", None, {}, []
    except Exception as e:  # a bug must not stop the other files; say what failed
        return path, f"extraction failed ({type(e).__name__}: {str(e)[:120]})", None, {}, []
    d = facts.department
    summary = {
        "report": facts.report, "department": d.name, "year": d.year, "budget_rows": len(facts.budget),
        "entities": len({m.surface for m in facts.mentions}), "subsidies": len(facts.subsidies),
        "triples": len(triples),
    }
    return path, None, ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES), summary, facts.warnings


class _Writer:
    """The single store writer: replaces report graphs in input order, on a thread when ``threaded``.

    The queue is bounded (back-pressure on extraction when the store is slower). ``done`` runs on the
    caller's thread once a file's batch is written. ``put`` re-raises a write error from the thread;
    ``close`` drains and re-raises; ``abort`` (always called) stops the thread without writing what is
    still queued, e.g. after Ctrl-C: every graph already written is complete.
    """

    BATCH = 16  # graphs handed to ``replace_graphs`` at once (one request for a SPARQL server)

    def __init__(self, store: GraphStore, done: Callable[[FileResult], None], threaded: bool):
        import collections

        self.store = store
        self.done = done
        self.threaded = threaded
        self.error: BaseException | None = None
        self._pending: list[tuple[FileResult, ox.NamedNode | None, bytes | None]] = []
        self._written: collections.deque = collections.deque()
        if threaded:
            import queue
            import threading

            self._queue: Any = queue.Queue(maxsize=4)
            self._stop = threading.Event()
            self._thread = threading.Thread(target=self._run, name="govkg-writer", daemon=True)
            self._thread.start()

    def put(self, fr: FileResult, graph: ox.NamedNode, data: bytes) -> None:
        self._add((fr, graph, data))

    def skip(self, fr: FileResult) -> None:
        """A rejected file: reported in order with the written ones."""
        self._add((fr, None, None))

    def _add(self, item) -> None:
        self._check()
        self._pending.append(item)
        if len(self._pending) >= self.BATCH:
            self._hand_over()

    def _hand_over(self) -> None:
        batch, self._pending = self._pending, []
        if not batch:
            return
        if not self.threaded:
            self._write(batch)
            self._check()
            return
        import queue

        while True:  # bounded waits, so that a dead writer thread cannot hang the caller
            self._check()
            try:
                self._queue.put(batch, timeout=0.5)
                return
            except queue.Full:
                if not self._thread.is_alive():
                    self._check()
                    raise StoreError("the store writer stopped") from None

    def _write(self, batch) -> None:
        graphs = [(g, d) for _, g, d in batch if g is not None]
        if graphs:
            self.store.replace_graphs(graphs)
        self._written.extend(fr for fr, _, _ in batch)

    def _run(self) -> None:
        import queue

        while not self._stop.is_set():
            try:
                batch = self._queue.get(timeout=0.2)
            except queue.Empty:
                continue
            if batch is None:
                return
            try:
                self._write(batch)
            except BaseException as e:  # handed to the caller by put/close
                self.error = e
                return

    def _check(self) -> None:
        """Report written files on this thread; re-raise the writer thread's error."""
        while self._written:
            self.done(self._written.popleft())
        if self.error is not None:
            err, self.error = self.error, None
            raise err

    def close(self) -> None:
        """Write everything still pending and wait for the thread; re-raise a write error."""
        self._hand_over()
        if self.threaded:
            import queue

            while self._thread.is_alive():
                try:
                    self._queue.put(None, timeout=0.5)
                    break
                except queue.Full:  # still writing
                    self._check()
            self._thread.join()
            self.threaded = False
        self._check()

    def abort(self) -> None:
        """Stop the thread after the batch it is writing (no-op after ``close``)."""
        if self.threaded:
            self._stop.set()
            self._thread.join()
            self.threaded = False


class KnowledgeGraph:
    """A govkg store and the verbs that read and write it."""

    def __init__(self, store: str | Path | None = "kg-store", read_only: bool = False,
                 backend: GraphStore | None = None):
        self.location = str(store) if store is not None else ":memory:"
        self.store = backend or open_store(store, read_only=read_only)

    def close(self) -> None:
        self.store.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    # -- writing --------------------------------------------------------------------------------

    def ingest(self, paths: Iterable[str | Path], workers: int | None = None, aliases: str | None = None,
               on_file: Callable[[FileResult], None] | None = None) -> IngestResult:
        """Ingest report files and folders; each report replaces its own named graph in one transaction.

        Worker processes extract; this process is the single writer. Writes run on a background thread
        (the stores release the GIL while writing), so results keep flowing from the workers meanwhile.
        ``on_file`` is called once a file's graph is in the store (or the file was rejected).
        """
        from govkg.ingest.load import discover

        files, bad = discover([str(p) for p in paths])
        result = IngestResult([FileResult(path=p, error=reason) for p, reason in bad])
        for f in result.files:
            if on_file:
                on_file(f)
        if aliases:
            from govkg.ingest.resolve import Resolver

            Resolver.from_file(aliases)  # fail early, in the main process, on a bad alias table
        self._load_ontology()
        workers = max(1, min(workers or os.cpu_count() or 1, len(files) or 1))

        def written(fr: FileResult) -> None:
            result.files.append(fr)
            if on_file:
                on_file(fr)

        writer = _Writer(self.store, done=written, threaded=len(files) > 1)
        extracted = self._extract_all([str(f) for f in files], workers, aliases)
        try:
            for path, error, data, summary, warnings in extracted:
                fr = FileResult(path=path, error=error, summary=summary, warnings=warnings)
                if data is None:
                    writer.skip(fr)
                    continue
                fr.report = summary["report"]
                fr.triples = summary["triples"]
                writer.put(fr, graph_iri(fr.report), data)
            writer.close()
        finally:
            extracted.close()  # an error or Ctrl-C here (not in the generator) must stop the workers too
            writer.abort()
        if hasattr(self.store, "flush"):
            self.store.flush()
        return result

    def _extract_all(self, paths: list[str], workers: int, aliases: str | None):
        if workers == 1 or len(paths) < 2:
            _init_worker(aliases, quiet=False)
            yield from map(_process, paths)
            return
        from govkg.ingest.nlp import FALLBACK_NOTICE, build_nlp, has_statistical_ner

        # Built here once: forked workers inherit the pipeline and jieba's loaded dictionary.
        if not has_statistical_ner(build_nlp(quiet=True)):
            import sys

            print(FALLBACK_NOTICE, file=sys.stderr)
        pool = ProcessPoolExecutor(workers, initializer=_init_pool_worker, initargs=(aliases,))
        try:
            # small chunks: a chunk's results travel together, and the last chunks decide the tail
            chunk = max(1, min(8, len(paths) // (workers * 8) or 1))
            yield from _ordered_results(pool, paths, chunk, ahead=workers * 3)
            pool.shutdown()
        except BaseException:  # Ctrl-C, a store error, the caller gone: stop now, not after every file
            _stop_pool(pool)
            raise

    def _load_ontology(self) -> None:
        data = b"".join(resources.files("govkg.ontology").joinpath(n).read_bytes() for n in ("govkg.ttl",))
        triples = [q.triple for q in ox.parse(data, format=ox.RdfFormat.TURTLE)]
        self.store.replace_graph(ONTOLOGY_GRAPH, triples)

    def remove(self, report: str) -> None:
        """Drop one report's graph."""
        self.store.replace_graph(graph_iri(report), [])

    # -- reading --------------------------------------------------------------------------------

    def named(self, query: str, /, **filters: Any) -> list[dict[str, Any]]:
        """Run a bundled ``.rq`` query; filter values are bound to ``?f_<name>``, never pasted."""
        return self.store.select(queries.render(query, filters))

    def reports(self) -> list[dict[str, Any]]:
        """One row per report: report, title, department, district, city, year, score."""
        rows = self.named("reports")
        for r in rows:
            r["warnings"] = _split(r.get("warnings"))
        return rows

    def budget(self, department: str | None = None, year: int | None = None) -> list[dict[str, Any]]:
        """Department totals (item None) and budget lines."""
        return self.named("budget", department=department, year=year)

    def entities(self, type: str | None = None) -> list[dict[str, Any]]:
        """Canonical entities: name, type, aliases, reports, parent."""
        rows = self.named("entities", type=type)
        for r in rows:
            _name_from_labels(r)
            r["reports"] = _split(r.get("reports"))
        return sorted(rows, key=lambda r: (r["type"], r["name"]))

    def subsidies(self, enterprise: str | None = None, department: str | None = None,
                  year: int | None = None) -> list[dict[str, Any]]:
        """Payments and grants to enterprises with their evidence."""
        rows = self.named("subsidies", enterprise=enterprise, department=department, year=year)
        for r in rows:
            names: dict[str, list[str]] = {}
            for pair in _split(r.get("recipients")):
                entity, _, label = pair.partition(" ")
                names.setdefault(entity, []).append(label)
            r["recipients"] = sorted(_display_name(labels) for labels in names.values())
        return rows

    def links(self, type: str | None = None) -> list[dict[str, Any]]:
        """Entities named by reports of two or more districts or departments."""
        rows = self.named("links", type=type)
        for r in rows:
            _name_from_labels(r)
            for k in ("districts", "departments", "reports"):
                r[k] = _split(r.get(k))
        return rows

    def show(self, name: str) -> list[dict[str, Any]]:
        """Every entity called ``name`` (label or alias) with its mentions and evidence."""
        return self.named("show", name=name)

    def stats(self) -> dict[str, Any]:
        """Counts of reports, budget rows, entities, subsidies, evidence nodes, graphs."""
        row = self.named("stats")[0]
        row["graphs"] = len([g for g in self.store.graphs() if g != ONTOLOGY_GRAPH.value])
        row["store"] = self.location
        return row

    def query(self, sparql: str) -> Any:
        """Any SELECT/ASK/CONSTRUCT/DESCRIBE; SELECT -> list of dicts, ASK -> bool, graphs -> triples."""
        result = self.store.query(sparql)
        if isinstance(result, ox.QuerySolutions):
            from .store import to_python

            names = [v.value for v in result.variables]
            return [{n: to_python(row[n]) for n in names} for row in result]
        if isinstance(result, ox.QueryBoolean):
            return bool(result)
        return list(result)

    def update(self, sparql: str) -> None:
        """A SPARQL update (the CLI asks for ``--update``)."""
        self.store.update(sparql)

    # -- export and validation ------------------------------------------------------------------

    def export(self, out: str | Path, fmt: str = "turtle") -> None:
        """Write the store: quads (nq, trig) keep one graph per report; other formats hold the union."""
        with open(out, "wb") as fh:
            self.store.dump(fh, fmt)

    def to_rdflib(self):
        """The union graph as an rdflib.Graph (for pySHACL, networkx, rdflib users)."""
        import rdflib

        data = ox.serialize(self.store.triples(), format=ox.RdfFormat.N_TRIPLES)
        g = rdflib.Graph()
        g.parse(data=data.decode("utf-8"), format="nt")
        return g

    def validate(self) -> tuple[bool, str]:
        """pySHACL against ``ontology/shapes.ttl``: (conforms, report text)."""
        return validate_graph(self.to_rdflib())


def validate_graph(data_graph) -> tuple[bool, str]:
    """Validate an rdflib graph against the bundled SHACL shapes."""
    import rdflib
    from pyshacl import validate

    shapes = rdflib.Graph().parse(data=resources.files("govkg.ontology").joinpath("shapes.ttl").read_text("utf-8"),
                                  format="turtle")
    ont = rdflib.Graph().parse(data=resources.files("govkg.ontology").joinpath("govkg.ttl").read_text("utf-8"),
                               format="turtle")
    conforms, _, text = validate(data_graph, shacl_graph=shapes, ont_graph=ont, inference="none",
                                 allow_warnings=True)
    return bool(conforms), text


def _display_name(labels: list[str]) -> str:
    """The fullest of an entity's labels (reports may name it more or less completely)."""
    return max(sorted(labels), key=len)


def _name_from_labels(row: dict[str, Any]) -> None:
    """Set ``name`` from ``labels``; the other labels join the aliases."""
    labels = _split(row.pop("labels", None))
    row["name"] = _display_name(labels) if labels else None
    row["aliases"] = sorted((set(_split(row.get("aliases"))) | set(labels)) - {row["name"]})


def _split(value: Any) -> list[str]:
    return sorted(v for v in str(value).split(SEP) if v) if value else []


__all__ = ["KnowledgeGraph", "IngestResult", "FileResult", "QueryError", "StoreError", "validate_graph"]
