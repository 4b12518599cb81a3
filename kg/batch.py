"""Batch ingest: worker processes turn files into report graphs, one writer stores them in input order.

    batch.run(paths, store, on_file, workers=2)

Each worker runs the whole pipeline for a file (``govkg.ingest.pipeline.run_file``, then ``kg.build``) and
sends back the report's N-Triples; this process is the only writer. The workers are plain
``multiprocessing`` processes that this module starts, feeds chunk by chunk over a pipe each and stops
itself, so a stop never depends on an executor's internals: after Ctrl-C or an error, queued files are
dropped and files being extracted get a few seconds before their workers are killed (nothing of theirs
is written). Writes run on a thread (the stores release the GIL while writing), bounded so that finished
results wait in the workers, not in memory.
"""
from __future__ import annotations

import collections
import multiprocessing
import queue
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from typing import Any

from govkg.ingest.load import LoadError
from govkg.ingest.nlp import FALLBACK_NOTICE, build_nlp, has_statistical_ner
from govkg.ingest.pipeline import run_file
from govkg.ingest.resolve import Resolver

from .catalog import Built, Catalog, built, file_sha256
from .store import GraphStore, StoreError


@dataclass
class FileResult:
    """What happened to one input file."""

    path: str
    report: str | None = None
    report_id: str | None = None
    status: str | None = None  # added | unchanged | name added … (kg.catalog.Outcome)
    error: str | None = None
    triples: int = 0
    summary: dict[str, Any] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


#: (path, error, built report, summary, warnings): what a worker returns for one file
Result = tuple[str, "str | None", "Built | None", dict, list]


def run(paths: list[str], sink: GraphStore, on_file: Callable[[FileResult], None], workers: int = 1,
        aliases: str | None = None, replace: bool = False) -> None:
    """Extract ``paths`` with ``workers`` processes and store each report in ``sink``, in input order.

    Reports are identified by their bytes (``kg.catalog``): a report already stored is left as it is
    (its new file name added), another report under a stored name is kept beside it — or, with
    ``replace``, replaces it. ``on_file`` is called on this thread once a file's report is written, or
    when the file is rejected. A write error, Ctrl-C or any other exception stops the workers and
    propagates; every report written before it is complete.
    """
    parallel = workers > 1 and len(paths) > 1
    if parallel:
        # Built here once: forked workers inherit the pipeline and jieba's loaded dictionary.
        if not has_statistical_ner(build_nlp(quiet=True)):
            print(FALLBACK_NOTICE, file=sys.stderr)
    else:
        _init_worker(aliases, quiet=False)
    with _Pool(workers if parallel else 0, aliases) as pool:  # started before the writer thread
        writer = _Writer(sink, done=on_file, threaded=len(paths) > 1, replace=replace)
        try:
            results = pool.results(paths) if parallel else map(_process, paths)
            for path, error, data, summary, warnings in results:
                fr = FileResult(path=path, error=error, summary=summary, warnings=warnings)
                if data is None:
                    writer.skip(fr)
                    continue
                fr.report, fr.report_id = summary["report"], data.report_id
                fr.triples = summary["triples"]
                writer.put(fr, data)
            writer.close()
        finally:
            writer.abort()


# -- one file, in a worker ----------------------------------------------------------------------

_WORKER: dict[str, Any] = {}


def _init_worker(aliases: str | None, quiet: bool) -> None:
    _WORKER["nlp"] = build_nlp(quiet=quiet)
    _WORKER["resolver"] = Resolver.from_file(aliases) if aliases else Resolver()


def _process(path: str) -> Result:
    """Load, extract, resolve and build one report; a file that fails is a result with its reason."""
    try:
        facts = run_file(path, _WORKER["nlp"], _WORKER["resolver"])
        report = built(facts, file_sha256(path), facts.report)
    except LoadError as e:
        return path, str(e), None, {}, []
    except RecursionError:
        return path, "extraction failed (input too deeply nested)", None, {}, []
    except Exception as e:  # a bug must not stop the other files; say what failed
        return path, f"extraction failed ({type(e).__name__}: {str(e)[:120]})", None, {}, []
    d = facts.department
    summary = {
        "report": facts.report, "report_id": report.report_id, "department": d.name, "year": d.year,
        "budget_rows": len(facts.budget), "entities": len({m.surface for m in facts.mentions}),
        "subsidies": len(facts.subsidies), "triples": report.triples,
    }
    return path, None, report, summary, list(facts.warnings)


def _worker_main(conn: Connection, aliases: str | None) -> None:
    """A worker process: chunks of paths in, their results out, until the pipe says stop or closes."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the main process's business
    _init_worker(aliases, quiet=True)
    try:
        while (paths := conn.recv()) is not None:
            conn.send([_process(p) for p in paths])
    except (EOFError, OSError):  # the main process has gone or stopped listening
        pass


# -- the worker processes -----------------------------------------------------------------------


class _Pool:
    """``size`` worker processes, each fed over its own pipe; a context manager that always stops them."""

    IN_FLIGHT = 2  # chunks sent to a worker and not yet answered: it never waits for its next chunk
    GRACE = 3.0  # seconds a stopped worker gets to finish its file before it is killed

    def __init__(self, size: int, aliases: str | None):
        methods = multiprocessing.get_all_start_methods()
        ctx = multiprocessing.get_context("fork" if "fork" in methods else None)
        self.size = size
        self._workers: list[tuple[Any, Connection]] = []
        main = threading.current_thread() is threading.main_thread()
        previous = signal.signal(signal.SIGINT, signal.SIG_IGN) if main and size else None
        try:  # a worker is born ignoring Ctrl-C (no traceback from one caught before it has set that up)
            for _ in range(size):
                mine, theirs = ctx.Pipe()
                proc = ctx.Process(target=_worker_main, args=(theirs, aliases), name="govkg-worker", daemon=True)
                proc.start()
                theirs.close()
                self._workers.append((proc, mine))
        finally:
            if previous is not None:
                signal.signal(signal.SIGINT, previous)

    def __enter__(self) -> _Pool:
        return self

    def __exit__(self, exc_type, *_) -> None:
        self.stop(grace=self.GRACE if exc_type else 10.0)

    def results(self, paths: list[str]) -> Iterator[Result]:
        """The result of every path, in input order; at most ``3 * size`` chunks are out at a time."""
        # small chunks: a chunk's results travel together, and the last chunks decide the tail
        size = max(1, min(8, len(paths) // (self.size * 8) or 1))
        chunks = [paths[i:i + size] for i in range(0, len(paths), size)]
        ahead = self.size * 3
        sent: dict[Connection, collections.deque] = {conn: collections.deque() for _, conn in self._workers}
        done: dict[int, list[Result]] = {}
        next_chunk = next_out = 0
        while next_out < len(chunks):
            # keep every worker supplied, within the window; the last chunks go to idle workers only
            depth = self.IN_FLIGHT if len(chunks) - next_chunk > self.size else 1
            for conn, queued in sorted(sent.items(), key=lambda item: len(item[1])):
                while len(queued) < depth and next_chunk < len(chunks) and next_chunk - next_out < ahead:
                    conn.send(chunks[next_chunk])
                    queued.append(next_chunk)
                    next_chunk += 1
            if next_out in done:
                yield from done.pop(next_out)
                next_out += 1
                continue
            for conn in wait([c for c, q in sent.items() if q]):
                try:
                    done[sent[conn].popleft()] = conn.recv()
                except (EOFError, OSError):  # killed (out of memory, kill -9): its files cannot be reported
                    raise RuntimeError(f"a worker process stopped unexpectedly ({self._exit_of(conn)})") from None

    def _exit_of(self, conn: Connection) -> str:
        for proc, c in self._workers:
            if c is conn:
                proc.join(1)
                return f"exit code {proc.exitcode}"
        return "unknown worker"

    def stop(self, grace: float) -> None:
        """Tell every worker to stop; one still busy after ``grace`` seconds is killed."""
        for _, conn in self._workers:
            try:
                conn.send(None)
                conn.close()
            except OSError:
                pass
        deadline = time.monotonic() + grace
        for proc, _ in self._workers:
            proc.join(max(0.0, deadline - time.monotonic()))
        for proc, _ in self._workers:
            if proc.is_alive():
                proc.terminate()
        for proc, _ in self._workers:
            proc.join(10)
            if proc.is_alive():
                proc.kill()
                proc.join()
        self._workers = []


# -- the single writer --------------------------------------------------------------------------


class _Writer:
    """The single store writer: replaces report graphs in input order, on a thread when ``threaded``.

    The queue is bounded (back-pressure on extraction when the store is slower). ``done`` runs on the
    caller's thread once a file's batch is written. ``put`` re-raises a write error from the thread;
    ``close`` drains and re-raises; ``abort`` (always called) stops the thread without writing what is
    still queued, e.g. after Ctrl-C: every graph already written is complete.
    """

    BATCH = 16  # graphs handed to ``replace_graphs`` at once (one request for a SPARQL server)

    def __init__(self, store: GraphStore, done: Callable[[FileResult], None], threaded: bool, replace: bool = False):
        self.store = store
        self.catalog = Catalog(store)
        self.replace = replace
        self.done = done
        self.threaded = threaded
        self.error: BaseException | None = None
        self._pending: list[tuple[FileResult, Built | None]] = []
        self._written: collections.deque = collections.deque()
        if threaded:
            self._queue: queue.Queue = queue.Queue(maxsize=4)
            self._stop = threading.Event()
            self._thread = threading.Thread(target=self._run, name="govkg-writer", daemon=True)
            self._thread.start()

    def put(self, fr: FileResult, report: Built) -> None:
        self._add((fr, report))

    def skip(self, fr: FileResult) -> None:
        """A rejected file: reported in order with the written ones."""
        self._add((fr, None))

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
        stored = [(fr, report) for fr, report in batch if report is not None]
        if stored:
            outcomes = self.catalog.ingest([report for _, report in stored], replace=self.replace)
            for (fr, _), out in zip(stored, outcomes, strict=True):
                fr.status = fr.summary["status"] = out.status
                fr.warnings.extend(out.warnings)
        self._written.extend(fr for fr, _ in batch)

    def _run(self) -> None:
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
