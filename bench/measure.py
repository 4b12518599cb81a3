"""Run a step in a child process and measure it: wall time, CPU (the step's process tree), peak RSS of the
tree (sampled), and how much CPU *other* processes on the machine used meanwhile ("foreign" CPU).

The machine is shared (2 cores): a run during which other processes used a lot of CPU is flagged, and
comparisons are made as ratios within one run, alternating the variants and keeping the best of repeats.
"""
from __future__ import annotations

import json
import os
import platform
import subprocess
import sys
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent


@dataclass
class Measured:
    ok: bool
    wall_s: float
    cpu_s: float = 0.0  # user + system of the child and all its descendants
    peak_rss_mb: float = 0.0  # the largest sum of RSS over the child's process tree
    foreign_cpu_s: float = 0.0  # CPU used by other processes on the machine during the step
    timed_out: bool = False
    returncode: int | None = None
    result: dict = field(default_factory=dict)  # what the child printed as JSON on its last stdout line
    stderr_tail: str = ""

    def as_dict(self) -> dict:
        return asdict(self)


def _busy() -> float:
    t = psutil.cpu_times()
    return t.user + t.system + t.nice + getattr(t, "irq", 0.0) + getattr(t, "softirq", 0.0)


def run_child(args: list[str], timeout: float, sample_s: float = 0.1, env: dict | None = None,
              command: list[str] | None = None) -> Measured:
    """Run ``python -m bench <args>`` (a child that prints one JSON line last), or ``command``, and measure it."""
    cmd = command or [sys.executable, "-m", "bench", *args]
    busy0 = _busy()
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, **(env or {})}, start_new_session=True)
    ps = psutil.Process(proc.pid)
    peak = 0
    cpu_seen: dict[int, float] = {}
    stop = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not stop.is_set():
            try:
                procs = [ps, *ps.children(recursive=True)]
            except psutil.Error:
                procs = []
            rss = 0
            for p in procs:
                try:
                    rss += p.memory_info().rss
                    t = p.cpu_times()
                    cpu_seen[p.pid] = t.user + t.system + t.children_user + t.children_system
                except psutil.Error:
                    pass
            peak = max(peak, rss)
            stop.wait(sample_s)

    th = threading.Thread(target=sample, daemon=True)
    th.start()
    timed_out = False
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        timed_out = True
        _kill_tree(proc)
        out, err = proc.communicate(timeout=30)
    wall = time.perf_counter() - start
    stop.set()
    th.join()
    busy1 = _busy()
    # CPU of the whole tree: the child's own rusage includes its reaped children (workers)
    result: dict = {}
    for line in reversed((out or "").strip().splitlines()):
        try:
            result = json.loads(line)
            break
        except json.JSONDecodeError:
            continue
    cpu = float(result.get("_cpu_s", 0.0)) or sum(cpu_seen.values())
    return Measured(ok=proc.returncode == 0 and not timed_out, wall_s=round(wall, 3), cpu_s=round(cpu, 2),
                    peak_rss_mb=round(peak / 2**20, 1), foreign_cpu_s=round(max(0.0, busy1 - busy0 - cpu), 1),
                    timed_out=timed_out, returncode=proc.returncode,
                    result={k: v for k, v in result.items() if k != "_cpu_s"},
                    stderr_tail="\n".join((err or "").strip().splitlines()[-5:]))


def _kill_tree(proc: subprocess.Popen) -> None:
    try:
        ps = psutil.Process(proc.pid)
        for p in [*ps.children(recursive=True), ps]:
            try:
                p.kill()
            except psutil.Error:
                pass
    except psutil.Error:
        pass


def own_cpu_s() -> float:
    """CPU of this process and its reaped children (for the child to report as ``_cpu_s``)."""
    import resource

    s, c = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return s.ru_utime + s.ru_stime + c.ru_utime + c.ru_stime


def machine() -> dict:
    """Where and on what code a result was measured."""
    info = {"python": platform.python_version(), "cpus": os.cpu_count(), "platform": platform.platform(),
            "memory_gb": round(psutil.virtual_memory().total / 2**30, 1)}
    try:
        import pyoxigraph
        import rdflib
        import spacy

        info.update(pyoxigraph=pyoxigraph.__version__, rdflib=rdflib.__version__, spacy=spacy.__version__)
    except Exception:  # noqa: BLE001
        pass
    try:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True,
                                text=True, timeout=10).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=ROOT,
                               capture_output=True, text=True, timeout=10).stdout.strip()
        info["commit"] = commit + ("+dirty" if dirty else "")
    except (OSError, subprocess.TimeoutExpired):
        pass
    return info


def write_result(name: str, data: dict) -> Path:
    out = ROOT / "bench" / "results" / f"{name}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    tmp.replace(out)
    return out
