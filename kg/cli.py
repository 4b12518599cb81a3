"""The ``kg`` command: every subcommand is a thin shell over :class:`kg.graph.KnowledgeGraph`."""
from __future__ import annotations

import os
import re
import sys
from pathlib import Path

import click

from .graph import KnowledgeGraph
from .output import render
from .store import QueryError, StoreError, is_url
from .vocab import ENTITY_TYPES

FORMAT = click.option("--format", "-f", "fmt", type=click.Choice(["table", "json", "csv"]), default="table",
                      show_default=True, help="Output format.")
STORE = click.option("--store", "-s", default=lambda: os.environ.get("KG_STORE", "kg-store"),
                     show_default="./kg-store or $KG_STORE", help="Store folder (pyoxigraph on disk).")

ENTITY_TYPE = click.option("--type", "-t", "type_", default=None, type=click.Choice(ENTITY_TYPES))

BUDGET_COLUMNS = ["department", "year", "item", "budget", "executed", "rate", "report", "evidence"]
SUBSIDY_COLUMNS = ["recipients", "recipients_count", "amount", "currency", "qualifier", "program", "department",
                   "year", "report", "exact"]
ENTITY_COLUMNS = ["name", "type", "aliases", "parent", "reports"]
LINK_COLUMNS = ["name", "type", "aliases", "districts", "departments", "reports"]
REPORT_COLUMNS = ["report", "id", "kind", "department", "district", "city", "year", "score", "title"]


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


def _listing(store: str, fmt: str, columns: list[str], call):
    kg = _open(store)
    try:
        rows = call(kg)
    except QueryError as e:
        _fail(f"query failed: {e}", 2)
    finally:
        kg.close()
    click.echo(render(rows, fmt, columns if fmt != "json" else None))


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="govkg")
def cli():
    """govkg: government performance self-evaluation reports as a knowledge graph with evidence."""


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@STORE
@click.option("--workers", "-w", type=click.IntRange(1, 64), default=None, help="Worker processes (default: cores).")
@click.option("--aliases", type=click.Path(dir_okay=False), default=None,
              help="Alias table (TSV: alias, canonical, type) merged into entity resolution.")
@click.option("--format", "-f", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
@click.option("--replace", is_flag=True,
              help="A file whose name the store holds with other content replaces that report (default: keep both).")
def ingest(paths, store, workers, aliases, fmt, quiet, replace):
    """Read report files or folders (.txt .pdf .docx) into the store; one graph per report.

    A report is identified by its bytes: the same file under another name is the same report (both names
    kept), another file under a stored name is another report, kept beside it unless ``--replace`` is given.
    Each rejected file is named on stderr as ``path: reason`` and the others go in (exit 1 if any was
    rejected). Every report is written in one transaction: after a crash or Ctrl-C (exit 130) each report
    is either complete or absent, and re-running the command completes the batch.
    """
    kg = None
    try:
        _check_aliases(aliases)  # a usage error: exit 2 before any store folder is made
        kg = _open(store, read_only=False)
        errors: list[str] = []
        show_bar = not quiet and fmt == "table" and sys.stderr.isatty()

        def on_file(fr):
            if fr.error:
                errors.append(f"{fr.path}: {fr.error}")
                click.echo(_one_line(f"{fr.path}: {fr.error}"), err=True)
            for w in fr.warnings:
                click.echo(_one_line(f"{fr.path}: warning: {w}"), err=True)
            if show_bar:
                click.echo(_one_line(f"  {'ok ' if not fr.error else 'ERR'} {Path(fr.path).name}"), err=True)

        result = kg.ingest(paths, workers=workers, aliases=aliases, on_file=on_file, replace=replace)
        kg.close()
        rows = [dict(f.summary, file=f.path, id=(f.report_id or "")[:12]) for f in result.ok]
        if fmt == "json":
            click.echo(render([{"file": f.path, "error": f.error, **f.summary} for f in result.files], "json"))
        else:
            if rows:
                click.echo(render(rows, "table", ["report", "id", "status", "department", "year", "budget_rows",
                                                  "entities", "subsidies", "triples"]))
            click.echo(f"{len(result.ok)} report(s) ingested into {store}, {len(result.errors)} rejected")
    except KeyboardInterrupt:
        _close_quietly(kg)
        _fail("interrupted; reports written so far are complete, re-run to finish", 130)
    except (StoreError, ValueError) as e:
        _close_quietly(kg)
        _fail(str(e))
    except Exception as e:  # noqa: BLE001 - the user gets one line, KG_DEBUG=1 the traceback
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
@STORE
@FORMAT
def reports(store, fmt):
    """One row per ingested report (two files with the same name and other content are two rows, told
    apart by their id): department, district, city, year, score."""
    def rows(kg):  # the table shows 12 characters of the id (enough to tell reports apart, and to remove one)
        return [r if fmt == "json" else dict(r, id=r["report_id"][:12] if fmt == "table" else r["report_id"])
                for r in kg.reports()]

    _listing(store, fmt, REPORT_COLUMNS, rows)


@cli.command()
@STORE
@FORMAT
@click.option("--department", "-d", default=None, help="Department name or alias contains this text.")
@click.option("--year", "-y", type=int, default=None, help="Fiscal year.")
def budget(store, fmt, department, year):
    """Department totals (item empty) and budget lines: budget, executed, rate, evidence."""
    _listing(store, fmt, BUDGET_COLUMNS, lambda kg: kg.budget(department=department, year=year))


@cli.command()
@STORE
@FORMAT
@ENTITY_TYPE
def entities(store, fmt, type_):
    """Canonical enterprises, institutions, projects, events and policies with aliases and reports."""
    _listing(store, fmt, ENTITY_COLUMNS, lambda kg: kg.entities(type=type_))


@cli.command()
@STORE
@FORMAT
@click.option("--enterprise", "-e", default=None, help="A recipient's name or alias contains this text.")
@click.option("--department", "-d", default=None, help="The funder's name or alias contains this text.")
@click.option("--year", "-y", type=int, default=None, help="Fiscal year.")
def subsidies(store, fmt, enterprise, department, year):
    """Payments and grants to enterprises: recipients, amount, qualifier, program, evidence."""
    _listing(store, fmt, SUBSIDY_COLUMNS,
             lambda kg: kg.subsidies(enterprise=enterprise, department=department, year=year))


@cli.command()
@STORE
@FORMAT
@ENTITY_TYPE
def links(store, fmt, type_):
    """Entities named by reports of two or more districts or departments."""
    _listing(store, fmt, LINK_COLUMNS, lambda kg: kg.links(type=type_))


@cli.command()
@click.argument("name")
@STORE
@FORMAT
def show(name, store, fmt):
    """Everything the graph knows about one entity: mentions with evidence, merges, subsidies received."""
    kg = _open(store)
    try:
        mentions = kg.show(name)
        entities = sorted({m["entity"] for m in mentions})
        received = kg.subsidies(recipient=entities) if entities else []  # paid to these entities, by IRI
    finally:
        kg.close()
    if not mentions:
        _fail(f"no entity named '{name}' (try 'kg entities' for the names)", 1)
    if fmt == "json":
        click.echo(render([{"mentions": mentions, "subsidies": received}], "json"))
        return
    click.echo(render(mentions, fmt, ["name", "type", "parent", "report", "surface", "rule", "start", "end",
                                      "evidence"]))
    if received:
        click.echo("\nsubsidies received:")
        click.echo(render(received, fmt, SUBSIDY_COLUMNS))


@cli.command()
@click.argument("sparql")
@STORE
@FORMAT
@click.option("--update", is_flag=True, help="Allow a SPARQL UPDATE (otherwise the store is read-only).")
def query(sparql, store, fmt, update):
    """Run SPARQL (text or a .rq file): SELECT as table/json/csv, ASK as true/false, CONSTRUCT as N-Triples.

    The store is opened read-only: an UPDATE needs ``--update``. A syntax error names its line:column (exit 2).
    """
    text = sparql
    if sparql.endswith((".rq", ".sparql", ".ru")) and Path(sparql).is_file():
        try:
            text = Path(sparql).read_text("utf-8")
        except (OSError, UnicodeDecodeError) as e:
            _fail(f"{sparql}: cannot read the query ({getattr(e, 'strerror', None) or e})", 2)
    if not update and _is_update(text):  # refused before the store is even opened (any backend)
        _fail("this is a SPARQL UPDATE and 'kg query' is read-only: add --update to change the store", 2)
    kg = _open(store, read_only=not update)
    try:
        if update:
            kg.update(text)
            click.echo("update applied")
            return
        result = kg.query(text)
    except QueryError as e:
        _fail(_syntax_message(str(e)), 2)
    except (OSError, RuntimeError, ValueError) as e:
        _fail(f"query failed: {e}", 1)
    except Exception as e:  # noqa: BLE001 - the user gets one line, KG_DEBUG=1 the traceback
        _unexpected("query", e)
    finally:
        kg.close()
    if isinstance(result, bool):
        click.echo("true" if result else "false")
    elif result and not isinstance(result[0], dict):
        import pyoxigraph as ox

        click.echo(ox.serialize(result, format=ox.RdfFormat.N_TRIPLES).decode("utf-8"), nl=False)
    else:
        click.echo(render(result, fmt))


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
              show_default=True)
@click.option("--output", "-o", type=click.Path(dir_okay=False), required=True, help="File to write.")
def export(store, fmt, output):
    """Write the store as RDF (nq/trig keep one graph per report)."""
    kg = _open(store)
    try:
        kg.export(output, fmt)
    except OSError as e:
        _fail(f"{output}: {e.strerror or e}")
    finally:
        kg.close()
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
    _listing(store, fmt, None, lambda kg: [kg.stats()])


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


def main() -> None:
    """Console-script entry point."""
    try:
        cli(prog_name="kg")
    finally:
        import signal

        signal.signal(signal.SIGINT, signal.SIG_IGN)  # a Ctrl-C during interpreter exit changes nothing


if __name__ == "__main__":
    main()
