"""The ``kg`` command: every subcommand is a thin shell over :class:`kg.graph.KnowledgeGraph`."""
from __future__ import annotations

import os
import re
import shutil
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click
import pyoxigraph as ox

from .graph import KnowledgeGraph
from .output import FORMATS, LISTING_COLUMNS, columns_of, sort_rows, table, to_csv, to_json, to_xlsx
from .store import (
    QUERY_TIMEOUT,
    SERVICE_REFUSED,
    QueryError,
    QueryTimeout,
    StoreError,
    is_url,
    run_bounded,
    uses_service,
)
from .vocab import ENTITY_TYPES, sparql_prologue

FORMAT = click.option("--format", "-f", "fmt", type=click.Choice(FORMATS), default="table", show_default=True,
                      help="Output format: an aligned table (amounts in 万元), JSON, CSV (UTF-8 with BOM) or .xlsx.")
STORE = click.option("--store", "-s", default=lambda: os.environ.get("KG_STORE", "kg-store"),
                     show_default="./kg-store or $KG_STORE", help="Store folder (pyoxigraph on disk).")
OUTPUT = click.option("--output", "-o", type=click.Path(dir_okay=False, allow_dash=True), default=None,
                      help="Write to this file instead of stdout (.xlsx needs one unless stdout is redirected).")
NO_BOM = click.option("--no-bom", is_flag=True, help="CSV without the UTF-8 byte order mark (for other tools).")
LIMIT = click.option("--limit", "-n", type=click.IntRange(1, None), default=None, help="At most N rows.")
SORT = click.option("--sort", default=None, metavar="COLUMN",
                    help="Sort by COLUMN; -COLUMN sorts descending (--sort=-amount).")
DISTRICT = click.option("--district", default=None, help="District name contains this text.")

ENTITY_TYPE = click.option("--type", "-t", "type_", default=None, type=click.Choice(ENTITY_TYPES))

BUDGET_COLUMNS = ["department", "year", "item", "budget", "executed", "rate", "report", "evidence"]
SUBSIDY_COLUMNS = ["recipients", "recipients_count", "amount", "currency", "qualifier", "program", "department",
                   "year", "report", "exact"]
ENTITY_COLUMNS = ["name", "type", "aliases", "parent", "reports"]
GRANT_COLUMNS = ["recipient_kind", "recipient", "amount", "qualifier", "program", "department", "year", "report",
                 "exact"]
LINK_COLUMNS = ["name", "type", "aliases", "districts", "departments", "reports"]
REPORT_COLUMNS = ["report", "id", "kind", "department", "district", "city", "year", "score", "title"]
MENTION_COLUMNS = ["name", "type", "parent", "report", "surface", "rule", "start", "end", "evidence"]

FULL_COLUMNS = LISTING_COLUMNS  # every key of each listing's JSON rows, in CSV/.xlsx column order


def _fail(message: str, code: int = 1):
    """One line on stderr (``kg: message``) and exit with ``code``; never a traceback."""
    click.echo(f"kg: {_one_line(message)}", err=True)
    sys.exit(code)


def _one_line(text: str) -> str:
    """``text`` on one line: line breaks and other control characters (in file names too) escaped."""
    return "".join(repr(ch)[1:-1] if ch < " " or ch in "\x7f\x85\u2028\u2029" else ch for ch in str(text))


def _unexpected(action: str, e: BaseException) -> None:
    """A bug or an environment failure: one line, or the traceback when KG_DEBUG is set."""
    if os.environ.get("KG_DEBUG"):
        raise e
    first = str(e).strip().splitlines()[0] if str(e).strip() else ""
    _fail(f"{action} failed ({type(e).__name__}{': ' + first if first else ''}); set KG_DEBUG=1 for details")


def _open(store: str, read_only: bool = True) -> KnowledgeGraph:
    if read_only and not is_url(store) and not Path(store).exists():
        _fail(f"{store}: no store here (run 'kg ingest REPORTS --store {store}' first)")
    try:
        return KnowledgeGraph(store, read_only=read_only)
    except StoreError as e:
        _fail(str(e))


def listing(district: bool = False):
    """The options every listing command takes: --store, --format, --output, --no-bom, --limit, --sort
    (and --district where the listing knows one)."""
    def wrap(f):
        for option in reversed([STORE, FORMAT, OUTPUT, NO_BOM, LIMIT, SORT] + ([DISTRICT] if district else [])):
            f = option(f)
        return f
    return wrap


@dataclass
class Sheet:
    """One table of output: its rows, the columns a terminal table shows and the full (CSV/.xlsx) columns."""

    name: str
    rows: list[dict[str, Any]]
    columns: list[str] | None = None
    full: list[str] | None = None


def _arrange(rows: list[dict[str, Any]], sort: str | None, limit: int | None, full: list[str] | None):
    if sort:
        known = columns_of(rows, full)
        if sort.lstrip("-+") not in known:
            _fail(f"--sort: no column '{sort.lstrip('-+')}' (columns: {', '.join(known)})", 2)
        rows = sort_rows(rows, sort)
    return rows[:limit] if limit else rows


def _emit(sheets: list[Sheet], fmt: str, output: str | None, bom: bool = True, json_value: Any = None) -> None:
    """Write the sheets in ``fmt`` to ``output`` (a file, or stdout when None or ``-``)."""
    to_stdout = output in (None, "-")
    if fmt == "xlsx":
        _check_output(fmt, output)
        data = to_xlsx({s.name: (s.rows, s.full or s.columns) for s in sheets})
        _write(data, output)
        return
    if fmt == "json":
        text = to_json(json_value if json_value is not None else sheets[0].rows)
    elif fmt == "csv":
        text = to_csv(sheets[0].rows, sheets[0].full or sheets[0].columns, bom=bom).rstrip("\r\n")
    else:
        parts = [table(sheets[0].rows, sheets[0].columns)]
        parts += [f"\n{s.name}:\n{table(s.rows, s.columns)}" for s in sheets[1:] if s.rows]
        text = "\n".join(parts)
    if to_stdout:
        click.echo(text)
    else:
        _write((text + "\n").encode("utf-8"), output)


def _stdout_bytes():
    """The binary stream under stdout."""
    return getattr(sys.stdout, "buffer", sys.stdout)


def _write(data: bytes, output: str | None) -> None:
    if output in (None, "-"):
        stream = _stdout_bytes()
        stream.write(data)
        stream.flush()
        return
    try:
        Path(output).write_bytes(data)
    except OSError as e:
        _fail(f"{output}: {e.strerror or e}")
    click.echo(f"wrote {output} ({len(data):,} bytes)", err=True)


def _rows(store: str, call) -> list[dict[str, Any]]:
    kg = _open(store)
    try:
        return call(kg)
    except QueryError as e:
        _fail(f"query failed: {e}", 2)
    finally:
        kg.close()


def _check_output(fmt: str, output: str | None) -> None:
    """Refuse, before any work, to write a binary .xlsx to a terminal."""
    if fmt == "xlsx" and output in (None, "-") and sys.stdout.isatty():
        _fail("--format xlsx writes a binary file: give --output FILE.xlsx (or redirect stdout)", 2)


def _listing(store: str, name: str, columns: list[str] | None, call, fmt: str, output: str | None, no_bom: bool,
             limit: int | None, sort: str | None) -> None:
    _check_output(fmt, output)
    rows = _arrange(_rows(store, call), sort, limit, FULL_COLUMNS.get(name))
    _emit([Sheet(name, rows, columns, FULL_COLUMNS.get(name))], fmt, output, bom=not no_bom)


def _in_district(text: str | None):
    """A test on a row's district(s): part of the name, as the SPARQL filters match."""
    def test(value: Any) -> bool:
        values = value if isinstance(value, list) else [value]
        return text is None or any(text in (v or "") for v in values)
    return test


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="govkg")
def cli():
    """govkg: government performance self-evaluation reports as a knowledge graph with evidence."""


#: up to this many reports, kg ingest prints one row per report (more: with --verbose)
SMALL_BATCH = 20
#: without a terminal, kg ingest prints one progress line per this many reports
PROGRESS_EVERY = 100


class IngestProgress:
    """What ``kg ingest`` shows while it works, on stderr: a progress bar (tqdm: count, rate, time left) on
    a terminal, one summary line per ``PROGRESS_EVERY`` reports otherwise, nothing with ``--quiet``;
    rejected files and warnings always, one line each."""

    def __init__(self, quiet: bool, enabled: bool = True):
        self.quiet, self.enabled = quiet, enabled
        self.total = self.done = self.rejected = 0
        self.bar = None
        self.started = time.monotonic()

    def start(self, total: int) -> None:
        self.total = total
        if self.quiet or not self.enabled or self.total < 2:
            return
        if sys.stderr.isatty():
            from tqdm import tqdm

            size = shutil.get_terminal_size((100, 20))  # a new pty may report 0 × 0: tqdm would draw nothing
            self.bar = tqdm(total=self.total, unit="report", file=sys.stderr, leave=False,
                            ncols=min(size.columns or 100, 120), nrows=max(size.lines, 20),
                            smoothing=0.1, desc="kg ingest",
                            bar_format="{desc} {percentage:3.0f}%|{bar}| {n_fmt}/{total_fmt} "
                                       "[{elapsed}<{remaining}, {rate_fmt}]")

    def say(self, line: str) -> None:
        if self.bar is not None:
            self.bar.write(line, file=sys.stderr)
        else:
            click.echo(line, err=True)

    def file(self, fr) -> None:
        self.done += 1
        if fr.error:
            self.rejected += 1
            self.say(_one_line(f"{fr.path}: {fr.error}"))
        for w in fr.warnings:
            self.say(_one_line(f"{fr.path}: warning: {w}"))
        if self.bar is not None:
            self.bar.update(1)
        elif not self.quiet and self.enabled and self.done % PROGRESS_EVERY == 0 and self.done < self.total:
            self.say(self.summary_line())

    def summary_line(self) -> str:
        elapsed = max(time.monotonic() - self.started, 1e-9)
        rate = self.done / elapsed
        left = (self.total - self.done) / rate if rate > 0 else 0
        return (f"kg ingest: {self.done:,}/{self.total:,} reports ({self.rejected:,} rejected), "
                f"{rate:.1f} reports/s, about {_duration(left)} left")

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
            self.bar = None


def _duration(seconds: float) -> str:
    seconds = int(round(seconds))
    if seconds >= 3600:
        return f"{seconds // 3600}h{seconds % 3600 // 60:02d}m"
    if seconds >= 60:
        return f"{seconds // 60}m{seconds % 60:02d}s"
    return f"{seconds}s"


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@STORE
@click.option("--workers", "-w", type=click.IntRange(1, 64), default=None, help="Worker processes (default: cores).")
@click.option("--aliases", type=click.Path(dir_okay=False), default=None,
              help="Alias table (TSV: alias, canonical, type) merged into entity resolution.")
@click.option("--format", "-f", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.option("--quiet", "-q", is_flag=True, help="No progress, no model notice: rejected files, warnings and the "
                                                  "final line only.")
@click.option("--verbose", "-v", is_flag=True, help=f"One row per report also for more than {SMALL_BATCH} reports.")
@click.option("--replace", is_flag=True,
              help="A file whose name the store holds with other content replaces that report (default: keep both).")
def ingest(paths, store, workers, aliases, fmt, quiet, verbose, replace):
    """Read report files or folders (.txt .pdf .docx) into the store; one graph per report.

    A report is identified by its bytes: the same file under another name is the same report (both names
    kept), another file under a stored name is another report, kept beside it unless ``--replace`` is given.
    Each rejected file is named on stderr as ``path: reason`` and the others go in (exit 1 if any was
    rejected). Every report is written in one transaction: after a crash or Ctrl-C (exit 130) each report
    is either complete or absent, and re-running the command completes the batch. On a terminal a
    progress bar shows the count, the rate and the time left; otherwise one line per 100 reports.
    """
    kg = None
    progress = IngestProgress(quiet, enabled=fmt == "table")
    try:
        _check_aliases(aliases)  # a usage error: exit 2 before any store folder is made
        kg = _open(store, read_only=False)
        if not quiet:
            _model_notice()
        result = kg.ingest(paths, workers=workers, aliases=aliases, on_file=progress.file, on_start=progress.start,
                           quiet=True, replace=replace)
        progress.close()
        kg.close()
        _record_sources(store, result)
        _ingest_report(result, store, fmt, verbose or (not quiet and len(result.ok) <= SMALL_BATCH), quiet)
    except KeyboardInterrupt:
        progress.close()
        _close_quietly(kg)
        _fail("interrupted; reports written so far are complete, re-run to finish", 130)
    except (StoreError, ValueError) as e:
        progress.close()
        _close_quietly(kg)
        _fail(str(e))
    except Exception as e:  # noqa: BLE001 - the user gets one line, KG_DEBUG=1 the traceback
        progress.close()
        _close_quietly(kg)
        _unexpected("ingest", e)
    sys.exit(1 if result.errors else 0)


def _check_aliases(aliases: str | None) -> None:
    """Exit 2 with one line when the alias table is missing, unreadable, conflicting or cyclic."""
    if not aliases:
        return
    if not Path(aliases).is_file():
        _fail(f"{aliases}: alias table not found", 2)
    from govkg.ingest.resolve import Resolver

    try:
        Resolver.from_file(aliases)
    except ValueError as e:
        _fail(str(e), 2)


def _record_sources(store: str, result) -> None:
    """Remember where each report came from, for the report pages of kg serve (local stores only)."""
    if is_url(store):
        return
    from .serve import record_sources

    record_sources(store, [(f.report_id, f.path) for f in result.ok if f.report_id])


def _model_notice() -> None:
    """The one line that says the jieba fallback is used, printed before the progress bar starts."""
    from govkg.ingest.nlp import FALLBACK_NOTICE, build_nlp, has_statistical_ner

    if not has_statistical_ner(build_nlp(quiet=True)):  # built once per process: the ingest reuses it
        click.echo(FALLBACK_NOTICE, err=True)


def _ingest_report(result, store: str, fmt: str, per_report: bool, quiet: bool = False) -> None:
    if fmt == "json":
        click.echo(to_json([{"file": f.path, "error": f.error, **f.summary} for f in result.files]))
        return
    rows = [dict(f.summary, file=f.path, id=(f.report_id or "")[:12]) for f in result.ok]
    if rows and per_report:
        click.echo(table(rows, ["report", "id", "status", "department", "year", "budget_rows", "entities", "subsidies",
                                "triples"]))
    line = f"{len(result.ok)} report(s) ingested into {store}, {len(result.errors)} rejected"
    if rows and not per_report and not quiet:
        line += " (--verbose for one row per report)"
    click.echo(line)


def _close_quietly(kg: KnowledgeGraph | None) -> None:
    if kg is None:
        return
    try:
        kg.close()
    except (Exception, KeyboardInterrupt):  # noqa: BLE001 - already on the way out with a message
        pass


@cli.command()
@click.argument("reports", nargs=-1, required=True)
@STORE
def remove(reports, store):
    """Remove reports by id (at least its first 6 characters) or file name.

    By id the report goes with all its names; by file name that name goes, and the report with it when it
    was its last name. A name that several reports carry must be given as an id (exit 2).
    """
    from .catalog import CatalogError

    kg = _open(store, read_only=False)
    code = 0
    try:
        for ref in reports:
            try:
                click.echo(kg.remove(ref))
            except CatalogError as e:
                click.echo(f"kg: {_one_line(e)}", err=True)
                code = max(code, 2 if "match" in str(e) else 1)
    finally:
        kg.close()
    sys.exit(code)


@cli.command()
@listing(district=True)
def reports(store, fmt, output, no_bom, limit, sort, district):
    """One row per ingested report (two files with the same name and other content are two rows, told
    apart by their id): kind, department, district, city, year, score."""
    keep = _in_district(district)

    def rows(kg):  # the table shows 12 characters of the id (enough to tell reports apart, and to remove one)
        return [r if fmt != "table" else dict(r, id=r["report_id"][:12])
                for r in kg.reports() if keep(r.get("district"))]

    _listing(store, "reports", REPORT_COLUMNS, rows, fmt, output, no_bom, limit, sort)


@cli.command()
@listing(district=True)
@click.option("--department", "-d", default=None, help="Department name or alias contains this text.")
@click.option("--year", "-y", type=int, default=None, help="Fiscal year.")
def budget(store, fmt, output, no_bom, limit, sort, district, department, year):
    """Department totals (item empty) and budget lines: budget, executed, rate, evidence."""
    _listing(store, "budget", BUDGET_COLUMNS, lambda kg: kg.budget(department=department, year=year, district=district),
             fmt, output, no_bom, limit, sort)


@cli.command()
@listing(district=True)
@ENTITY_TYPE
def entities(store, fmt, output, no_bom, limit, sort, district, type_):
    """Canonical enterprises, institutions, projects, events and policies with aliases and reports
    (--district: named in a report of that district)."""
    def call(kg):
        rows = kg.entities(type=type_)
        if district is None:
            return rows
        keep = _in_district(district)
        where = {r["report_id"]: r.get("district") for r in kg.reports()}  # by id: two reports may share a name
        return [r for r in rows if any(keep(where.get(i)) for i in r.get("report_ids") or [])]

    _listing(store, "entities", ENTITY_COLUMNS, call, fmt, output, no_bom, limit, sort)


@cli.command()
@listing(district=True)
@click.option("--enterprise", "-e", default=None, help="A recipient's name or alias contains this text.")
@click.option("--department", "-d", default=None, help="The funder's name or alias contains this text.")
@click.option("--year", "-y", type=int, default=None, help="Fiscal year.")
def subsidies(store, fmt, output, no_bom, limit, sort, district, enterprise, department, year):
    """Payments and grants to enterprises: recipients, amount, qualifier, program, evidence."""
    _listing(store, "subsidies", SUBSIDY_COLUMNS,
             lambda kg: kg.subsidies(enterprise=enterprise, department=department, year=year, district=district),
             fmt, output, no_bom, limit, sort)


@cli.command()
@listing()
@click.option("--department", "-d", default=None, help="The funder's name or alias contains this text.")
def grants(store, fmt, output, no_bom, limit, sort, department):
    """Money that is no enterprise subsidy: transfers to governments, public units, individuals, borrowers."""
    _listing(store, "grants", GRANT_COLUMNS, lambda kg: kg.grants(department=department), fmt, output, no_bom,
             limit, sort)


@cli.command()
@listing(district=True)
@ENTITY_TYPE
def links(store, fmt, output, no_bom, limit, sort, district, type_):
    """Entities named by reports of two or more districts or departments (--district: one of them)."""
    keep = _in_district(district)
    _listing(store, "links", LINK_COLUMNS, lambda kg: [r for r in kg.links(type=type_) if keep(r.get("districts"))],
             fmt, output, no_bom, limit, sort)


@cli.command()
@click.argument("name")
@listing()
def show(name, store, fmt, output, no_bom, limit, sort):
    """Everything the graph knows about one entity: its mentions (each once) with evidence and the rule that
    merged it, and the subsidies it received. CSV holds the mentions; .xlsx has a sheet for each."""
    _check_output(fmt, output)
    kg = _open(store)
    try:
        mentions = kg.show(name)
        entities = sorted({m["entity"] for m in mentions})
        received = kg.subsidies(recipient=entities) if entities else []  # paid to these entities, by IRI
    finally:
        kg.close()
    if not mentions:
        _fail(f"no entity named '{name}' (try 'kg entities' for the names)", 1)
    mentions = _arrange(mentions, sort, limit, FULL_COLUMNS["mentions"])
    _emit([Sheet("mentions", mentions, MENTION_COLUMNS, FULL_COLUMNS["mentions"]),
           Sheet("subsidies received", received, SUBSIDY_COLUMNS, FULL_COLUMNS["subsidies"])],
          fmt, output, bom=not no_bom, json_value=[{"mentions": mentions, "subsidies": received}])


SPARQL_RESULTS = {"sparql-json": ox.QueryResultsFormat.JSON, "sparql-xml": ox.QueryResultsFormat.XML,
                  "sparql-csv": ox.QueryResultsFormat.CSV, "sparql-tsv": ox.QueryResultsFormat.TSV}


@cli.command()
@click.argument("sparql", required=False)
@STORE
@click.option("--format", "-f", "fmt", type=click.Choice([*FORMATS, *SPARQL_RESULTS]), default="table",
              show_default=True, help="SELECT rows as a table, JSON, CSV or .xlsx, or the standard SPARQL results "
                                      "formats (sparql-json, sparql-xml, sparql-csv, sparql-tsv).")
@OUTPUT
@NO_BOM
@click.option("--update", is_flag=True, help="Allow a SPARQL UPDATE (otherwise the store is read-only).")
@click.option("--allow-service", is_flag=True, help="Allow SERVICE (a federated query fetches from other servers).")
@click.option("--timeout", type=click.FloatRange(0, min_open=True), default=QUERY_TIMEOUT, show_default=True,
              help="Stop the query after this many seconds.")
@click.option("--prefixes", is_flag=True, help="Print the prefixes every query may use (predefined), then exit.")
def query(sparql, store, fmt, output, no_bom, update, allow_service, timeout, prefixes):
    """Run SPARQL (text or a .rq file): SELECT as table/json/csv/xlsx or SPARQL results, ASK as true/false,
    CONSTRUCT as N-Triples.

    The store is opened read-only: an UPDATE needs ``--update``, SERVICE needs ``--allow-service``. A syntax
    error names its line:column (exit 2). A query is stopped after ``--timeout`` seconds or by Ctrl-C.
    """
    if prefixes:
        click.echo(sparql_prologue(), nl=False)
        return
    if not sparql:
        _fail("give a SPARQL query (text or a .rq file), or --prefixes", 2)
    text = _query_text(sparql)
    if not update and _is_update(text):  # refused before the store is even opened (any backend)
        _fail("this is a SPARQL UPDATE and 'kg query' is read-only: add --update to change the store", 2)
    if not allow_service and uses_service(text):
        _fail(SERVICE_REFUSED, 2)
    kg = _open(store, read_only=not update)
    if update:
        _run_query(kg, lambda: kg.update(text), None)
        kg.close()
        click.echo("update applied")
        return
    sparql_format = SPARQL_RESULTS.get(fmt)
    result = _run_query(kg, (lambda: _raw_results(kg, text, sparql_format)) if sparql_format
                        else (lambda: kg.query(text)), timeout)
    kg.close()
    _print_result(result, fmt, output, no_bom)


def _query_text(sparql: str) -> str:
    if sparql.endswith((".rq", ".sparql", ".ru")) and Path(sparql).is_file():
        try:
            return Path(sparql).read_text("utf-8")
        except (OSError, UnicodeDecodeError) as e:
            _fail(f"{sparql}: cannot read the query ({getattr(e, 'strerror', None) or e})", 2)
    return sparql


def _raw_results(kg: KnowledgeGraph, text: str, fmt) -> bytes:
    """The store's own serialisation: SPARQL results for SELECT/ASK, N-Triples for a graph."""
    result = kg.store.query(text)
    if isinstance(result, (ox.QuerySolutions, ox.QueryBoolean)):
        return result.serialize(format=fmt)
    return ox.serialize(result, format=ox.RdfFormat.N_TRIPLES)


def _run_query(kg: KnowledgeGraph, call, timeout: float | None):
    """``call()`` with a time limit and Ctrl-C that stops it: one line and exit, never a traceback."""
    try:
        return run_bounded(call, timeout)
    except QueryError as e:
        kg.close()
        _fail(_syntax_message(str(e)), 2)
    except QueryTimeout as e:
        _abandon(str(e), 1)
    except KeyboardInterrupt:
        _abandon("query interrupted", 130)
    except StoreError as e:
        _fail(str(e))
    except (OSError, RuntimeError, ValueError) as e:
        _fail(f"query failed: {e}", 1)
    except Exception as e:  # noqa: BLE001 - the user gets one line, KG_DEBUG=1 the traceback
        _unexpected("query", e)


def _abandon(message: str, code: int) -> None:
    """Leave while a query still runs on its thread: the process ends, and with it the query."""
    click.echo(f"kg: {message}", err=True)
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


def _print_result(result: Any, fmt: str, output: str | None, no_bom: bool) -> None:
    if isinstance(result, bytes):
        _write(result if result.endswith(b"\n") else result + b"\n", output) if output not in (None, "-") \
            else click.echo(result.decode("utf-8"), nl=not result.endswith(b"\n"))
    elif isinstance(result, bool):
        click.echo("true" if result else "false")
    elif result and not isinstance(result[0], dict):
        click.echo(ox.serialize(result, format=ox.RdfFormat.N_TRIPLES).decode("utf-8"), nl=False)
    else:
        _emit([Sheet("query", result)], fmt, output, bom=not no_bom)


_UPDATE_START = re.compile(
    r"^\s*(?:(?:PREFIX\s+[^\s:]*:\s*<[^>]*>|BASE\s*<[^>]*>)\s*)*"
    r"(?:INSERT|DELETE|LOAD|CLEAR|CREATE|DROP|COPY|MOVE|ADD|WITH)\b", re.I)


def _is_update(text: str) -> bool:
    """Does this SPARQL text start like an UPDATE (after comments, PREFIX and BASE)?"""
    return bool(_UPDATE_START.match(re.sub(r"(?m)(?:^|(?<=\s))#.*$", "", text)))


def _syntax_message(parser: str) -> str:
    """oxigraph's ``error at 3:17: expected …`` as ``SPARQL syntax error at 3:17: expected …`` (one line)."""
    msg = " ".join(parser.split())
    return f"SPARQL syntax error {msg[6:]}" if msg.startswith("error at ") else f"SPARQL syntax error: {msg}"


@cli.command()
@STORE
@click.option("--format", "-f", "fmt", type=click.Choice(["turtle", "nt", "nq", "trig", "jsonld"]), default="turtle",
              show_default=True, help="jsonld: compact JSON-LD with an @context of the govkg prefixes.")
@click.option("--output", "-o", type=click.Path(dir_okay=False, allow_dash=True), required=True,
              help="File to write; - writes to stdout.")
def export(store, fmt, output):
    """Write the store as RDF (nq/trig keep one graph per report)."""
    kg = _open(store)
    try:
        kg.export(_stdout_bytes() if output == "-" else output, fmt)
    except BrokenPipeError:
        raise  # the reader (| head) has gone: main() leaves quietly
    except OSError as e:
        _fail(f"{output}: {e.strerror or e}")
    finally:
        kg.close()
    if output != "-":
        click.echo(f"wrote {output} ({fmt}, {Path(output).stat().st_size:,} bytes)")


@cli.command()
@STORE
@click.option("--quiet", "-q", is_flag=True, help="Only the verdict.")
def validate(store, quiet):
    """Check the graph against the SHACL shapes (exit 1 on violations)."""
    kg = _open(store)
    try:
        conforms, text = kg.validate()
    finally:
        kg.close()
    if not quiet or not conforms:
        click.echo(text.strip())
    click.echo("SHACL: conforms" if conforms else "SHACL: violations found")
    sys.exit(0 if conforms else 1)


@cli.command()
@STORE
@FORMAT
def stats(store, fmt):
    """How many reports, budget rows, entities, subsidies and evidence nodes the store holds."""
    _listing(store, "stats", None, lambda kg: [kg.stats()], fmt, None, False, None, None)


@cli.command()
@STORE
@click.option("--view", type=click.Choice(["overview", "subsidies", "links", "entity"]), default="overview",
              show_default=True)
@click.argument("name", required=False)
@click.option("--depth", type=click.IntRange(1, 5), default=2, show_default=True, help="Hops around NAME (entity view).")
@click.option("--output", "-o", type=click.Path(dir_okay=False), required=True,
              help="File to write (.html, .graphml or .gexf).")
@click.option("--format", "-f", "fmt", type=click.Choice(["html", "graphml", "gexf"]), default=None,
              help="Default: from the file name.")
@click.option("--limit", type=click.IntRange(10, 100000), default=2000, show_default=True,
              help="Most nodes drawn; above it the top nodes by money or degree are kept.")
def viz(store, view, name, depth, output, fmt, limit):
    """Draw the graph as interactive offline HTML (or GraphML/GEXF for Gephi and Cytoscape)."""
    if view == "entity" and not name:
        _fail("--view entity needs a NAME", 2)
    from govkg.viz import render_view  # networkx and pyvis: only for this command

    kg = _open(store)
    try:
        info = render_view(kg, view=view, name=name, depth=depth, output=output, fmt=fmt, limit=limit)
    except ValueError as e:
        _fail(str(e), 2)
    finally:
        kg.close()
    click.echo(info)


@cli.command()
@STORE
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on (anything but loopback lets other machines read the store).")
@click.option("--port", "-p", type=click.IntRange(1, 65535), default=8765, show_default=True)
@click.option("--files", "-F", "folders", multiple=True, type=click.Path(file_okay=False, exists=True),
              help="Folder holding original report files (searched by file name; repeatable). kg ingest records "
                   "where each report came from, so this is needed only for files that moved.")
@click.option("--timeout", type=click.FloatRange(0, min_open=True), default=QUERY_TIMEOUT, show_default=True,
              help="Stop a /sparql query after this many seconds.")
def serve(store, host, port, folders, timeout):
    """A local, read-only web explorer of the store: search with facets, entity and report pages (each fact
    highlighted in the report's text), subsidies/budget/links tables with CSV and .xlsx downloads, the kg viz
    pictures, and a SPARQL 1.1 endpoint at /sparql. Listens on 127.0.0.1 unless --host is given."""
    if not is_url(store) and not Path(store).exists():
        _fail(f"{store}: no store here (run 'kg ingest REPORTS --store {store}' first)")
    try:
        from .serve import serve as run_server

        run_server(store, host=host, port=port, files=list(folders), timeout=timeout,
                   say=lambda m: click.echo(m, err=True))
    except StoreError as e:
        _fail(str(e))
    except OSError as e:
        _fail(f"cannot listen on {host}:{port} ({e.strerror or e})")
    except KeyboardInterrupt:
        pass


def main() -> None:
    """Console-script entry point."""
    try:
        cli(prog_name="kg")
    except BrokenPipeError:  # stdout closed by its reader (kg export -o - | head): no message, like cat
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(141)
    finally:
        import signal

        signal.signal(signal.SIGINT, signal.SIG_IGN)  # a Ctrl-C during interpreter exit changes nothing


if __name__ == "__main__":
    main()
