"""Batch ingest: worker processes turn files into report graphs, one writer stores them in input order.

    batch.run(paths, store, on_file, workers=2)

Each worker runs the whole pipeline for a file (``govkg.ingest.pipeline.run_file``, then ``kg.build``) and
sends back the report's N-Triples; this process is the only writer. The workers are plain
``multiprocessing`` processes that this module starts, feeds chunk by chunk over a pipe each and stops
itself, so a stop never depends on an executor's internals: after Ctrl-C or an error the workers are
terminated at once (nothing they would still produce is written; every graph written so far is whole).
Writes run on a thread (the stores release the GIL while writing), bounded so that finished results wait
in the workers, not in memory.
"""
from __future__ import annotations

import collections
import multiprocessing
import os
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

from .catalog import STAGE_BYTES, Built, Catalog, built, file_sha256
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
        aliases: str | None = None, replace: bool = False, quiet: bool = False) -> None:
    """Extract ``paths`` with ``workers`` processes and store each report in ``sink``, in input order.

    Reports are identified by their bytes (``kg.catalog``): a report already stored is left as it is
    (its new file name added), another report under a stored name is kept beside it — or, with
    ``replace``, replaces it. ``on_file`` is called on this thread once a file's report is written, or
    when the file is rejected. A write error, Ctrl-C or any other exception stops the workers and
    propagates; every report written before it is complete. ``quiet`` leaves out the notice that the
    jieba fallback is used.
    """
    parallel = workers > 1 and len(paths) > 1
    if parallel:
        # Built here once: forked workers inherit the pipeline and jieba's loaded dictionary.
        if not has_statistical_ner(build_nlp(quiet=True)) and not quiet:
            print(FALLBACK_NOTICE, file=sys.stderr)
    else:
        _init_worker(aliases, quiet=quiet)
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


#: Per-file limits in the worker processes (``kg ingest`` with 2 or more workers). A file over a limit is
#: rejected with a reason and the batch goes on; 0 turns a limit off. The environment variables set them.
FILE_SECONDS = int(os.environ.get("GOVKG_FILE_SECONDS", "600"))
WORKER_MEMORY_MB = int(os.environ.get("GOVKG_WORKER_MEMORY_MB", "4096"))


class _FileTimeout(BaseException):
    """Raised in a worker when a file takes longer than FILE_SECONDS (a BaseException: no ``except
    Exception`` of the pipeline swallows it)."""


def _process(path: str) -> Result:
    """Load, extract, resolve and build one report; a file that fails is a result with its reason."""
    try:
        facts = run_file(path, _WORKER["nlp"], _WORKER["resolver"])
        report = built(facts, file_sha256(path), facts.report)
    except LoadError as e:
        return path, str(e), None, {}, []
    except RecursionError:
        return path, "extraction failed (input too deeply nested)", None, {}, []
    except MemoryError:
        return path, (f"needs more memory than the per-file limit of {WORKER_MEMORY_MB} MB (GOVKG_WORKER_MEMORY_MB "
                      "sets it): not read"), None, {}, []
    except Exception as e:  # a bug must not stop the other files; say what failed
        return path, f"extraction failed ({type(e).__name__}: {str(e)[:120]})", None, {}, []
    d = facts.department
    summary = {
        "report": facts.report, "report_id": report.report_id, "department": d.name, "year": d.year,
        "budget_rows": len(facts.budget), "entities": len({m.surface for m in facts.mentions}),
        "subsidies": len(facts.subsidies), "triples": report.triples,
    }
    return path, None, report, summary, list(facts.warnings)


def _process_limited(path: str) -> Result:
    """:func:`_process` under the per-file time limit (in a worker process)."""
    if not FILE_SECONDS:
        return _process(path)

    def expired(*_):
        raise _FileTimeout

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, FILE_SECONDS)
    try:
        return _process(path)
    except _FileTimeout:
        return path, (f"took longer than the per-file limit of {FILE_SECONDS} s (GOVKG_FILE_SECONDS sets it): "
                      "not read"), None, {}, []
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _limit_memory() -> None:
    """Cap this worker's address space at what it uses now plus WORKER_MEMORY_MB (Linux; a file that needs
    more raises MemoryError, and is rejected, instead of making the OS kill a process)."""
    if not WORKER_MEMORY_MB:
        return
    try:
        import resource

        with open("/proc/self/statm") as fh:
            used = int(fh.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
        cap = used + WORKER_MEMORY_MB * 2**20
        resource.setrlimit(resource.RLIMIT_AS, (cap, resource.getrlimit(resource.RLIMIT_AS)[1]))
    except (OSError, ValueError, ImportError):  # not Linux, or a hard limit below: run without the cap
        pass


def _worker_main(conn: Connection, aliases: str | None, others: list[Connection]) -> None:
    """A worker process: chunks of paths in, one result per file out, until the pipe says stop or closes.

    ``others`` are the main process's ends of the other workers' pipes, which a forked worker inherits:
    closed here, so that when the main process closes one, its worker sees the pipe closed at once.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the main process's business
    for other in others:
        other.close()
    _init_worker(aliases, quiet=True)
    _limit_memory()
    try:
        while (paths := conn.recv()) is not None:
            for p in paths:
                conn.send(_process_limited(p))
    except (EOFError, OSError):  # the main process has gone or stopped listening
        pass


# -- the worker processes -----------------------------------------------------------------------


@dataclass
class _Chunk:
    """Files sent to a worker together: ``index`` orders the output, ``done`` holds the results so far."""

    index: int
    paths: list[str]
    done: list = field(default_factory=list)


class _Pool:
    """``size`` worker processes, each fed over its own pipe; a context manager that always stops them.

    A worker that dies (killed by the OS for its memory, kill -9) costs only the file it was reading: that
    file is rejected with the reason, the worker is replaced, and its other files go to the workers again.
    """

    IN_FLIGHT = 2  # chunks sent to a worker and not yet answered: it never waits for its next chunk

    def __init__(self, size: int, aliases: str | None):
        methods = multiprocessing.get_all_start_methods()
        self._ctx = multiprocessing.get_context("fork" if "fork" in methods else None)
        self._aliases = aliases
        self.size = size
        self._workers: list[tuple[Any, Connection]] = []
        for _ in range(size):
            self._start(self._ctx)

    def _start(self, ctx) -> Connection:
        """Start one worker (born ignoring Ctrl-C: no traceback from one caught before it has set that up)."""
        main = threading.current_thread() is threading.main_thread()
        previous = signal.signal(signal.SIGINT, signal.SIG_IGN) if main else None
        try:
            mine, theirs = ctx.Pipe()
            # a forked worker inherits the other workers' pipe ends (a spawned one inherits nothing)
            others = [c for _, c in self._workers] if ctx.get_start_method() == "fork" else []
            proc = ctx.Process(target=_worker_main, args=(theirs, self._aliases, others), name="govkg-worker",
                               daemon=True)
            proc.start()
            theirs.close()
            self._workers.append((proc, mine))
            return mine
        finally:
            if previous is not None:
                signal.signal(signal.SIGINT, previous)

    def __enter__(self) -> _Pool:
        return self

    def __exit__(self, exc_type, *_) -> None:
        self.stop(at_once=exc_type is not None)

    def results(self, paths: list[str]) -> Iterator[Result]:
        """The result of every path, in input order; at most ``3 * size`` chunks are out at a time."""
        # small chunks: results come file by file, and the last chunks decide the tail
        size = max(1, min(8, len(paths) // (self.size * 8) or 1))
        pending = collections.deque(_Chunk(i, paths[j:j + size]) for i, j in enumerate(range(0, len(paths), size)))
        total = len(pending)
        ahead = self.size * 3
        sent: dict[Connection, collections.deque] = {conn: collections.deque() for _, conn in self._workers}
        done: dict[int, list[Result]] = {}
        next_out = 0
        while next_out < total:
            self._supply(pending, sent, next_out, ahead)
            if next_out in done:
                yield from done.pop(next_out)
                next_out += 1
                continue
            for conn in wait([c for c, q in sent.items() if q]):
                try:
                    result = conn.recv()
                except (EOFError, OSError):  # the worker died (out of memory, kill -9)
                    self._replace(conn, sent, pending, done)
                    continue
                chunk = sent[conn][0]
                chunk.done.append(result)
                if len(chunk.done) == len(chunk.paths):
                    sent[conn].popleft()
                    done[chunk.index] = chunk.done

    def _supply(self, pending: collections.deque, sent: dict, next_out: int, ahead: int) -> None:
        """Keep every worker supplied, within the window; the last chunks go to idle workers only."""
        depth = self.IN_FLIGHT if len(pending) > self.size else 1
        for conn, queued in sorted(sent.items(), key=lambda item: len(item[1])):
            while len(queued) < depth and pending and pending[0].index - next_out < ahead:
                chunk = pending.popleft()
                conn.send(chunk.paths[len(chunk.done):])
                queued.append(chunk)

    def _replace(self, conn: Connection, sent: dict, pending: collections.deque, done: dict) -> None:
        """A dead worker: reject the file it was reading, give its other files back, start a new worker."""
        reason = self._exit_of(conn)
        chunks = sent.pop(conn)
        first = chunks[0]
        path = first.paths[len(first.done)]
        first.done.append((path, f"the worker process reading this file stopped ({reason}; out of memory?): "
                                 "not read", None, {}, []))
        for chunk in reversed(chunks):
            if len(chunk.done) == len(chunk.paths):
                done[chunk.index] = chunk.done
            else:
                pending.appendleft(chunk)
        self._workers = [(p, c) for p, c in self._workers if c is not conn]
        conn.close()
        methods = multiprocessing.get_all_start_methods()
        # a new worker is spawned, not forked: this process now runs the writer thread
        sent[self._start(multiprocessing.get_context("spawn" if "spawn" in methods else None))] = collections.deque()

    def _exit_of(self, conn: Connection) -> str:
        for proc, c in self._workers:
            if c is conn:
                proc.join(5)
                code = proc.exitcode
                if code is not None and code < 0:
                    try:
                        return f"killed by signal {-code}, {signal.Signals(-code).name}"
                    except ValueError:
                        return f"killed by signal {-code}"
                return f"exit code {code}"
        return "unknown worker"

    def stop(self, at_once: bool = False) -> None:
        """Tell every worker to stop; ``at_once`` (after Ctrl-C or an error) terminates them instead,
        since nothing they would still produce is written. A worker that outlives either is killed."""
        for _, conn in self._workers:
            try:
                conn.send(None)
                conn.close()
            except OSError:
                pass
        if not at_once:
            deadline = time.monotonic() + 10.0
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
        size = sum(len(r.ntriples) for _, r in self._pending if r is not None)
        if len(self._pending) >= self.BATCH or size > STAGE_BYTES:  # large reports are not kept waiting
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
