"""KnowledgeGraph: the one object behind the CLI — ingest, named listings, SPARQL, export, SHACL.

    kg = KnowledgeGraph("kg-store")
    kg.ingest(["reports/"])
    kg.subsidies(enterprise="云帆")
"""
from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

import pyoxigraph as ox

from . import queries
from .store import GraphStore, OxigraphStore, QueryError, StoreError, is_url, to_python
from .vocab import CANONICAL_GRAPH, ONTOLOGY_GRAPH, report_id_of

if TYPE_CHECKING:  # imported where used: a listing command loads neither ingest nor the worker pool
    from govkg.ingest.facts import ReportFacts

    from .batch import FileResult

SEP = "\t"


@dataclass
class IngestResult:
    files: list[FileResult] = field(default_factory=list)

    @property
    def ok(self) -> list[FileResult]:
        return [f for f in self.files if f.error is None]

    @property
    def errors(self) -> list[FileResult]:
        return [f for f in self.files if f.error is not None]


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
               on_file: Callable[[FileResult], None] | None = None, replace: bool = False,
               on_start: Callable[[int], None] | None = None, quiet: bool = False) -> IngestResult:
        """Ingest report files and folders; each report is written in one transaction.

        A report is identified by its bytes (``kg.catalog``): the same bytes under another name are the same
        report (the name is added); other bytes under a name the store holds are another report, kept beside
        it unless ``replace`` is given. Worker processes extract; this process is the single writer
        (``kg.batch``). ``on_start`` is called once with the number of files found (rejected paths
        included), ``on_file`` once a file's report is in the store (or the file was rejected). ``quiet``
        silences the model fallback notice.
        """
        from govkg.ingest.load import discover
        from govkg.ingest.resolve import Resolver

        from . import batch

        files, bad = discover([str(p) for p in paths])
        result = IngestResult([batch.FileResult(path=p, error=reason) for p, reason in bad])
        if on_start:
            on_start(len(files) + len(bad))
        for f in result.files:
            if on_file:
                on_file(f)
        if aliases:
            Resolver.from_file(aliases)  # fail early, in the main process, on a bad alias table
        self._load_ontology()
        workers = max(1, min(workers or os.cpu_count() or 1, len(files) or 1))

        def written(fr: FileResult) -> None:
            result.files.append(fr)
            if on_file:
                on_file(fr)

        batch.run([str(f) for f in files], self.store, written, workers=workers, aliases=aliases, replace=replace,
                  quiet=quiet)
        self.store.flush()
        return result

    def _load_ontology(self) -> None:
        data = b"".join(resources.files("govkg.ontology").joinpath(n).read_bytes() for n in ("govkg.ttl",))
        triples = [q.triple for q in ox.parse(data, format=ox.RdfFormat.TURTLE)]
        self.store.replace_graph(ONTOLOGY_GRAPH, triples)

    def add_report(self, facts: ReportFacts, sha256: str | None = None) -> str:
        """Store the resolved facts of one report (``govkg.ingest.pipeline.run``); its id is returned.

        ``sha256`` is the hex SHA-256 of the report's bytes; without it, of the file at ``facts.path``, or,
        for facts that come from no file, of the file name and text length.
        """
        import hashlib

        from .catalog import Catalog, built, file_sha256

        if sha256 is None:
            try:
                sha256 = file_sha256(facts.path)
            except OSError:
                sha256 = hashlib.sha256(f"{facts.report}\0{facts.chars}".encode()).hexdigest()
        if getattr(self, "_catalog", None) is None:  # one per graph: orphans are looked for once
            self._catalog = Catalog(self.store)
        (outcome,) = self._catalog.ingest([built(facts, sha256, facts.report)])
        return outcome.report_id

    def remove(self, report: str) -> str:
        """Remove a report by id (or its first characters, at least 6) or file name; a sentence saying what
        was removed. ``kg.catalog.CatalogError`` when it names no report or several."""
        from .catalog import Catalog

        return Catalog(self.store).remove(report)

    # -- reading --------------------------------------------------------------------------------

    def named(self, query: str, /, **filters: Any) -> list[dict[str, Any]]:
        """Run a bundled query (``kg.queries``: ``budget``, ``viz/overview`` …); every filter value is bound
        as RDF terms by its ``#IF`` block, never pasted into the query text."""
        return self.store.select(queries.render(query, filters))

    def reports(self) -> list[dict[str, Any]]:
        """One row per report: report (its first file name), report_id, names (every file name it was
        ingested under), title, department, district, city, year, score."""
        rows = self.named("reports")
        for r in rows:
            r["warnings"] = _split(r.get("warnings"))
            r["names"] = [r["report"], *_split(r.get("names"))]
            _with_id(r)
        return rows

    def budget(self, department: str | None = None, year: int | None = None,
               district: str | None = None) -> list[dict[str, Any]]:
        """Department totals (item None) and budget lines (``district``: part of the district's name)."""
        return [_with_id(r) for r in self.named("budget", department=department, year=year, district=district)]

    def entities(self, type: str | None = None) -> list[dict[str, Any]]:
        """Canonical entities: name, type, aliases, reports, parent."""
        rows = self.named("entities", type=type)
        for r in rows:
            _name_from_labels(r)
            r["reports"] = _split(r.get("reports"))
            r["report_ids"] = _ids(r.pop("report_nodes", None))
        return sorted(rows, key=lambda r: (r["type"], r["name"]))

    def subsidies(self, enterprise: str | None = None, department: str | None = None, year: int | None = None,
                  recipient: str | Iterable[str] | None = None, district: str | None = None) -> list[dict[str, Any]]:
        """Payments and grants to enterprises with their evidence.

        ``enterprise`` and ``department`` match part of a name or alias, ``district`` part of the funder's
        district; ``recipient`` is the IRI of an entity (or several), matched exactly: the money paid to
        that entity itself.
        """
        if recipient is not None:
            recipient = [ox.NamedNode(i) for i in ([recipient] if isinstance(recipient, str) else recipient)]
        rows = self.named("subsidies", enterprise=enterprise, department=department, year=year,
                          recipient=recipient, district=district)
        for r in rows:
            names: dict[str, list[str]] = {}
            for pair in _split(r.get("recipients")):
                entity, _, label = pair.partition(" ")
                names.setdefault(entity, []).append(label)
            r["recipients"] = sorted(_display_name(labels) for labels in names.values())
            _with_id(r)
        return rows

    def grants(self, department: str | None = None) -> list[dict[str, Any]]:
        """Money that does not go to enterprises: transfers to governments, grants to public units,
        individuals, consumers or borrowers (``recipient_kind``), with their evidence."""
        return [_with_id(r) for r in self.named("grants", department=department)]

    def links(self, type: str | None = None) -> list[dict[str, Any]]:
        """Entities named by reports of two or more districts or departments."""
        rows = self.named("links", type=type)
        for r in rows:
            _name_from_labels(r)
            for k in ("districts", "departments", "reports"):
                r[k] = _split(r.get(k))
            r["report_ids"] = _ids(r.pop("report_nodes", None))
        return rows

    def show(self, name: str) -> list[dict[str, Any]]:
        """Every entity called ``name`` (label or alias) with its mentions and evidence: one row per mention."""
        rows = self.named("show", name=name)
        for r in rows:
            r["aliases"] = _split(r.get("aliases"))
            _with_id(r)
        return rows

    def stats(self) -> dict[str, Any]:
        """Counts of reports, budget rows, entities, subsidies, evidence nodes, graphs."""
        row = self.named("stats")[0]
        row["graphs"] = len([g for g in self.store.graphs() if g not in (ONTOLOGY_GRAPH.value, CANONICAL_GRAPH.value)])
        row["store"] = self.location
        return row

    def query(self, sparql: str) -> Any:
        """Any SELECT/ASK/CONSTRUCT/DESCRIBE; SELECT -> list of dicts, ASK -> bool, graphs -> triples."""
        result = self.store.query(sparql)
        if isinstance(result, ox.QuerySolutions):
            names = [v.value for v in result.variables]
            return [{n: to_python(row[n]) for n in names} for row in result]
        if isinstance(result, ox.QueryBoolean):
            return bool(result)
        return list(result)

    def update(self, sparql: str) -> None:
        """A SPARQL update (the CLI asks for ``--update``)."""
        self.store.update(sparql)

    # -- export and validation ------------------------------------------------------------------

    def export(self, out: str | Path | BinaryIO, fmt: str = "turtle") -> None:
        """Write the store to a file name or a binary stream: quads (nq, trig) keep one graph per report;
        other formats hold the union."""
        if hasattr(out, "write"):
            self.store.dump(out, fmt)
            return
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


def open_store(spec: str | Path | None, read_only: bool = False) -> GraphStore:
    """``None``/``:memory:`` -> in memory; ``http(s)://…`` -> a SPARQL server (kg.remote); a path -> on disk."""
    if spec is None or str(spec) == ":memory:":
        return OxigraphStore(None)
    if is_url(spec):
        from .remote import SparqlHttpStore  # urllib: only for a server

        return SparqlHttpStore(str(spec), read_only=read_only)
    return OxigraphStore(spec, read_only=read_only)


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


def _with_id(row: dict[str, Any]) -> dict[str, Any]:
    """``report_id`` from the report node ``r`` of a row (``report`` stays the file name)."""
    node = row.pop("r", None)
    row["report_id"] = report_id_of(node) if node else None
    return row


def _ids(nodes: Any) -> list[str]:
    return sorted(i for i in map(report_id_of, _split(nodes)) if i)


def _split(value: Any) -> list[str]:
    return sorted(v for v in str(value).split(SEP) if v) if value else []


__all__ = ["KnowledgeGraph", "IngestResult", "QueryError", "StoreError", "open_store", "validate_graph"]
