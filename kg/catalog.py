"""The store's catalog, kept by the single writer: which reports it holds, under which file names, and the
canonical graph of the nodes they share.

**Identity.** A report is its bytes: its id is the start of their SHA-256 (``kg.vocab.report_id``), its node
``…/id/report/<id>`` and its graph ``…/id/graph/<id>``. The same bytes under another name are the same
report (the name is added: ``gk:fileName`` is the first name, ``gk:otherFileName`` the others); other bytes
under a name already in the store are another report, kept beside it and listed with its own id, unless
the user asks for a replacement (``replace=True``: ``kg ingest --replace``) or removes one (:meth:`Catalog.remove`,
``kg remove``). Re-ingesting unchanged files changes nothing (``gk:graphDigest`` tells an unchanged graph);
a report extracted again with another result (a new govkg, another alias table) gets its graph replaced.

**Canonical graph.** Each report graph holds only what its report states; the descriptions of shared nodes
(entities, departments, districts, cities: type, one ``rdfs:label``, other names, owner, region) live once in
``kg.vocab.CANONICAL_GRAPH``. Adding reports merges their statements into it; removing or replacing reports
rebuilds the descriptions of the nodes they named from the reports that remain. Every store write —
report graphs, names, canonical descriptions — is one :class:`~govkg.kg.store.Change`, one transaction.

**Large reports.** A store transaction holds what it writes in memory (about 1.7 KB per triple in
Oxigraph): a new report whose graph is larger than ``STAGE_BYTES`` of N-Triples (a PDF of one line of
2,000,000 characters: 66 MB, 340,000 triples) is written in pieces of ``PIECE_BYTES``, each its own
transaction, and then given its names and its part of the canonical graph in the batch's transaction. Until
then no listing shows it (they all start from a report's ``gk:fileName``); a graph left without names by a
crash in between is dropped by the next ingest (:meth:`Catalog.clear_orphans`).
"""
from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

import pyoxigraph as ox

from .build import STATED, Description, build_triples, descriptions_of, shared_of
from .store import Change, GraphStore
from .variants import conflict, is_enterprise, renamed, variant_of, variant_prefix
from .vocab import CANONICAL_GRAPH, GK, ID, graph_iri, report_id, report_id_of, report_iri

#: A report reference that is (the start of) an id rather than a file name.
ID_PREFIX = re.compile(r"[0-9a-f]{6,64}")
#: The graph of a report.
REPORT_GRAPH = re.compile(re.escape(ID) + r"graph/[0-9a-f]{32}")
#: A new report graph larger than this (N-Triples bytes) is written in pieces of PIECE_BYTES before its names.
STAGE_BYTES = 16 << 20
PIECE_BYTES = 4 << 20


@dataclass
class Built:
    """One report as a worker built it: everything the writer needs to store it."""

    report_id: str
    sha256: str
    name: str  # the file name it was read under
    ntriples: bytes  # its graph (without its names, which the writer adds)
    digest: str  # SHA-256 of ``ntriples``: an unchanged graph is not written again
    shared: dict[str, Description]  # what it says about shared nodes
    triples: int = 0


def built(facts, sha256: str, name: str) -> Built:
    """Build one report's graph (``facts``: ``govkg.ingest.facts.ReportFacts``) for the writer."""
    rid = report_id(sha256)
    parts: list[bytes] = []
    stated: list[tuple[str, str, str]] = []
    count = 0

    def sink(triples) -> None:  # serialised a chunk at a time: no report is held as Triple objects whole
        nonlocal count
        count += len(triples)
        parts.append(ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES))
        stated.extend((t.subject.value, t.predicate.value, t.object.value) for t in triples
                      if t.predicate.value in STATED)

    build_triples(facts, rid, sink)
    data = b"".join(parts)
    return Built(rid, sha256, name, data, hashlib.sha256(data).hexdigest(), shared_of(stated), count)


def file_sha256(path: str) -> str:
    """SHA-256 (hex) of a file's bytes, read in pieces."""
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        while chunk := fh.read(1 << 20):
            h.update(chunk)
    return h.hexdigest()


@dataclass
class Outcome:
    """What the writer did with one report."""

    report_id: str
    status: str  # added | unchanged | name added | updated
    warnings: list[str] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)  # ids of reports removed in its favour (--replace)


@dataclass
class _Report:
    """A stored report's names (the first is its ``gk:fileName``) and graph digest."""

    names: list[str]
    digest: str | None = None
    sha256: str | None = None


class CatalogError(ValueError):
    """A report reference that names no report, or more than one (``str()`` is the one-line reason)."""


class Catalog:
    """Writes reports into a store and keeps report identity and the canonical graph right."""

    def __init__(self, store: GraphStore):
        self.store = store
        self.written: set[str] = set()  # ids written (or found unchanged) in this run
        self._orphans_cleared = False

    # -- ingest ---------------------------------------------------------------------------------

    def ingest(self, items: list[Built], replace: bool = False) -> list[Outcome]:
        """Store a batch of built reports in one transaction; one :class:`Outcome` per item, in order."""
        self.clear_orphans()
        plan = _Plan(self, replace)
        names = {it.name for it in items}
        plan.load_state({it.report_id for it in items}, names)
        plan.load_known(items)
        outcomes = [plan.add(it) for it in items]
        change = plan.change()
        for graph, data in plan.staged:  # large new graphs first, a piece per transaction (no names yet)
            for piece in _line_pieces(data, PIECE_BYTES):
                self.store.apply(Change(insert=[(graph, piece)]))
                self.store.flush()  # the write buffers too: memory stays at one piece's
        self.store.apply(change)
        self.written.update(it.report_id for it in items)
        return outcomes

    def clear_orphans(self) -> None:
        """Drop the report graphs without a file name: pieces of a large report whose names a crash kept
        from being written (once per catalog)."""
        if self._orphans_cleared:
            return
        self._orphans_cleared = True
        named = {r["g"].value for r in self._rows("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?r gk:fileName ?n } }")}
        orphans = [g for g in self.store.graphs() if REPORT_GRAPH.fullmatch(g) and g not in named]
        if orphans:
            self.store.apply(Change(drop=[ox.NamedNode(g) for g in orphans]))

    # -- remove ---------------------------------------------------------------------------------

    def find(self, ref: str) -> list[tuple[str, list[str]]]:
        """The reports ``ref`` names — an id (or at least 6 of its first characters) or a file name — as
        (id, names); the id matches first."""
        if ID_PREFIX.fullmatch(ref):
            rows = self._rows("SELECT ?r WHERE { GRAPH ?g { ?r a gk:Report } FILTER(STRSTARTS(STR(?r), "
                              f"{ox.Literal(ID + 'report/' + ref)})) }}")
            ids = sorted({report_id_of(r["r"].value) for r in rows} - {None})
            if ids:
                state = self._report_state(ids)
                return [(i, state[i].names) for i in ids if i in state]
        state = self._report_state(self._named([ref]).get(ref, set()))
        return sorted((i, s.names) for i, s in state.items())

    def remove(self, ref: str) -> str:
        """Remove the report ``ref`` names (by id: the report; by file name: that name, and the report when
        it was its last name); a sentence saying what was done. CatalogError when ``ref`` names no report
        or several."""
        found = self.find(ref)
        if not found:
            raise CatalogError(f"no report '{ref}' in the store (see 'kg reports' for names and ids)")
        if len(found) > 1:
            listed = ", ".join(f"{i[:12]} ({', '.join(n)})" for i, n in found)
            raise CatalogError(f"{len(found)} reports match '{ref}': {listed}; give more of the id")
        (rid, names), = found
        plan = _Plan(self, replace=False)
        plan.load_state({rid}, set())
        by_name = ref in names and not (ID_PREFIX.fullmatch(ref) and rid.startswith(ref))
        if by_name and len(names) > 1:
            plan.rename(rid, [n for n in names if n != ref])
            self.store.apply(plan.change())
            rest = [n for n in names if n != ref]
            return f"removed the name {ref} from report {rid[:12]} (still named {', '.join(rest)})"
        plan.drop(rid)
        self.store.apply(plan.change())
        return f"removed report {rid[:12]} ({', '.join(names)})"

    # -- store reads ----------------------------------------------------------------------------

    def _rows(self, sparql: str) -> list[dict[str, ox.Term]]:
        result = self.store.query(sparql)
        names = [v.value for v in result.variables]
        return [{n: row[n] for n in names if row[n] is not None} for row in result]

    def _report_state(self, ids: Iterable[str]) -> dict[str, _Report]:
        ids = sorted(set(ids))
        if not ids:
            return {}
        values = " ".join(str(report_iri(i)) for i in ids)
        rows = self._rows(f"SELECT ?r ?p ?o WHERE {{ VALUES ?r {{ {values} }} "
                          "VALUES ?p { gk:fileName gk:otherFileName gk:graphDigest gk:sha256 } GRAPH ?g { ?r ?p ?o } }")
        primary: dict[str, str] = {}
        out: dict[str, _Report] = {}
        for row in rows:
            rid, p, o = report_id_of(row["r"].value), row["p"].value, row["o"].value
            rep = out.setdefault(rid, _Report([]))
            if p == GK.fileName.value:
                primary[rid] = o
            elif p == GK.otherFileName.value:
                rep.names.append(o)
            elif p == GK.graphDigest.value:
                rep.digest = o
            else:
                rep.sha256 = o
        for rid, rep in out.items():
            rep.names = ([primary[rid]] if rid in primary else []) + sorted(set(rep.names) - {primary.get(rid)})
        return out

    def _named(self, names: Iterable[str]) -> dict[str, set[str]]:
        """file name -> ids of the stored reports that carry it."""
        names = sorted(set(names))
        if not names:
            return {}
        values = " ".join(str(ox.Literal(n)) for n in names)
        rows = self._rows(f"SELECT ?r ?name WHERE {{ VALUES ?name {{ {values} }} "
                          "VALUES ?p { gk:fileName gk:otherFileName } GRAPH ?g { ?r ?p ?name } }")
        out: dict[str, set[str]] = {}
        for row in rows:
            rid = report_id_of(row["r"].value)
            if rid:
                out.setdefault(row["name"].value, set()).add(rid)
        return out

    def _canonical(self, nodes: Iterable[str]) -> dict[str, Description]:
        """The canonical graph's descriptions of ``nodes``."""
        out: dict[str, Description] = {}
        for chunk in _chunks(sorted(nodes)):
            values = " ".join(f"<{n}>" for n in chunk)
            rows = self._rows(f"SELECT ?s ?p ?o WHERE {{ VALUES ?s {{ {values} }} "
                              f"GRAPH <{CANONICAL_GRAPH.value}> {{ ?s ?p ?o }} }}")
            out.update(descriptions_of((r["s"].value, r["p"].value, r["o"].value, isinstance(r["o"], ox.Literal))
                                       for r in rows))
        return out

    def _stated(self, nodes: Iterable[str], leave_out: set[str]) -> dict[str, Description]:
        """What the stored reports, except the graphs ``leave_out``, say about ``nodes``."""
        stated = ", ".join(f"<{p}>" for p in sorted(STATED))
        skip = f"FILTER(?g NOT IN ({', '.join(f'<{g}>' for g in sorted(leave_out))}))" if leave_out else ""
        out: dict[str, Description] = {}
        wanted = set(nodes)
        for chunk in _chunks(sorted(wanted)):
            values = " ".join(f"<{n}>" for n in chunk)
            rows = self._rows(
                f"SELECT ?g ?s ?p ?o WHERE {{ VALUES ?node {{ {values} }} GRAPH ?g {{ "
                "{ ?s gk:mentionOf ?node } UNION { ?s gk:owner ?node } UNION { ?s gk:department ?node } "
                "UNION { ?s gk:departmentCity ?node } UNION { ?s gk:departmentDistrict ?node } "
                f"?s ?p ?o . FILTER(?p IN ({stated})) }} {skip} }}")
            graphs: dict[str, set[tuple[str, str, str]]] = {}
            for r in rows:
                graphs.setdefault(r["g"].value, set()).add((r["s"].value, r["p"].value, r["o"].value))
            for spo in graphs.values():
                for node, desc in shared_of(spo).items():
                    if node in wanted:
                        out.setdefault(node, Description()).update(desc)
        return out

    def _nodes_of(self, ids: Iterable[str]) -> set[str]:
        """The shared nodes the stored reports ``ids`` make statements about."""
        ids = sorted(set(ids))
        if not ids:
            return set()
        values = " ".join(str(graph_iri(i)) for i in ids)
        rows = self._rows(f"SELECT DISTINCT ?node WHERE {{ VALUES ?g {{ {values} }} VALUES ?p {{ gk:mentionOf gk:owner "
                          "gk:department gk:departmentCity gk:departmentDistrict } GRAPH ?g { ?s ?p ?node } }")
        return {r["node"].value for r in rows}


def _chunks(items: list[str], size: int = 400) -> Iterable[list[str]]:
    for i in range(0, len(items), size):
        yield items[i:i + size]


class _Plan:
    """One batch's change, built from the store's state before it."""

    def __init__(self, catalog: Catalog, replace: bool):
        self.c = catalog
        self.replace = replace
        self.state: dict[str, _Report] = {}  # stored reports the batch touches
        self.named: dict[str, set[str]] = {}  # file name -> stored ids carrying it
        self.graphs: dict[str, Built] = {}  # report graphs written by this change
        self.renamed: dict[str, list[str]] = {}  # stored reports whose names change
        self.gone: set[str] = set()  # ids whose stored graph is dropped (removed or written again)
        self.contributions: dict[str, Description] = {}
        self.recompute: set[str] = set()  # shared nodes rebuilt from the reports that remain
        self.staged: list[tuple[ox.NamedNode, bytes]] = []  # large new graphs, written before the change
        self.known: dict[str, Description] = {}  # the canonical descriptions of the batch's enterprises

    def load_state(self, ids: set[str], names: set[str]) -> None:
        self.named = self.c._named(names)
        others = set().union(*self.named.values()) if self.named else set()
        self.state = self.c._report_state(ids | others)

    def load_known(self, items: list[Built]) -> None:
        """Read what the store says of the enterprises the batch names (to keep apart firms sharing a key)."""
        nodes = {n for it in items for n in it.shared if is_enterprise(n)}
        self.known = self.c._canonical(nodes) if nodes else {}

    def names(self, rid: str) -> list[str]:
        if rid in self.renamed:
            return self.renamed[rid]
        if rid in self.graphs and rid not in self.state:
            return [self.graphs[rid].name]
        return list(self.state[rid].names) if rid in self.state else []

    def add(self, it: Built) -> Outcome:
        rid = it.report_id
        if rid in self.graphs or rid in self.state:
            return self._again(it)
        it = self._keep_apart(it)
        self.graphs[rid] = it
        self._contribute(it)
        out = Outcome(rid, "added")
        others = sorted(self.named.get(it.name, set()) - {rid} - self.c.written - set(self.graphs))
        if others and self.replace:
            for other in others:
                self._give_up_name(other, it.name)
            out.replaced = others
            out.status = "added, replacing " + ", ".join(o[:12] for o in others)
        elif others:
            listed = ", ".join(o[:12] for o in others)
            out.warnings.append(f"another report named {it.name} is in the store (id {listed}) with other content: "
                                "both are kept and listed by id; 'kg ingest --replace' replaces it, 'kg remove ID' "
                                "removes one")
        return out

    def _again(self, it: Built) -> Outcome:
        """A report whose bytes are stored already (or were added earlier in this batch)."""
        rid = it.report_id
        names = self.names(rid)
        out = Outcome(rid, "unchanged")
        if it.name not in names:
            self.renamed[rid] = names + [it.name]
            out.status = f"name added (same content as {names[0]})" if names else "name added"
        stored = self.state.get(rid)
        if rid in self.graphs or stored is None or stored.digest == it.digest:
            return out
        # the same bytes give another graph now (another govkg, another alias table): write it again
        self.gone.add(rid)
        self.recompute |= self.c._nodes_of([rid]) | set(it.shared)
        it = self._keep_apart(it)
        self.recompute |= set(it.shared)
        self.graphs[rid] = it
        self._contribute(it)
        out.status = "updated (extracted again)"
        return out

    def _keep_apart(self, it: Built) -> Built:
        """``it`` with each enterprise whose names contradict the names the store or the batch gives its
        node moved to a variant node (``kg.variants``)."""
        moves: dict[str, tuple[str, str, str]] = {}
        for node, desc in it.shared.items():
            if not is_enterprise(node) or not desc.labels:
                continue
            hit = conflict(desc.labels, self._labels(node, self.known) - desc.labels)
            if hit:
                moves[node] = (variant_of(node, desc.labels, self._variants(node)), *hit)
        return renamed(it, moves) if moves else it

    def _labels(self, node: str, stored: dict[str, Description]) -> set[str]:
        """The names the store (``stored``) and the batch so far give ``node``."""
        return {*(stored[node].labels if node in stored else ()),
                *(self.contributions[node].labels if node in self.contributions else ())}

    def _variants(self, node: str) -> dict[str, set[str]]:
        """The variants of ``node`` in the store and the batch, with their names."""
        prefix = variant_prefix(node)
        rows = self.c._rows(f"SELECT DISTINCT ?s WHERE {{ GRAPH <{CANONICAL_GRAPH.value}> {{ ?s a gk:Enterprise }} "
                            f"FILTER(STRSTARTS(STR(?s), {ox.Literal(prefix)})) }}")
        nodes = {r["s"].value for r in rows} | {n for n in self.contributions if n.startswith(prefix)}
        stored = self.c._canonical(nodes) if nodes else {}
        return {n: self._labels(n, stored) for n in nodes}

    def _contribute(self, it: Built) -> None:
        for node, desc in it.shared.items():
            self.contributions.setdefault(node, Description()).update(desc)

    def _give_up_name(self, rid: str, name: str) -> None:
        rest = [n for n in self.names(rid) if n != name]
        if rest:
            self.renamed[rid] = rest
        else:
            self.drop(rid)

    def rename(self, rid: str, names: list[str]) -> None:
        self.renamed[rid] = names

    def drop(self, rid: str) -> None:
        """Remove a stored report: its graph goes, the nodes it named are described again."""
        self.gone.add(rid)
        self.renamed.pop(rid, None)
        self.recompute |= self.c._nodes_of([rid])

    # -- the change -----------------------------------------------------------------------------

    def change(self) -> Change:
        ch = Change(drop=[graph_iri(r) for r in sorted(self.gone) if r not in self.graphs])
        for rid, it in self.graphs.items():
            if rid in self.state and rid not in self.gone:
                continue  # only names change (handled below)
            g = graph_iri(rid)
            if rid in self.state:
                ch.drop.append(g)
            if rid not in self.state and len(it.ntriples) > STAGE_BYTES:
                self.staged.append((g, it.ntriples))
            else:
                ch.insert.append((g, it.ntriples))
            ch.insert.append((g, _names_nt(rid, self.names(rid), it.sha256, it.digest)))
        for rid, names in self.renamed.items():
            if rid in self.gone or (rid in self.graphs and rid not in self.state):
                continue
            old = self.state[rid]
            ch.delete.append((graph_iri(rid), _names_nt(rid, old.names)))
            ch.insert.append((graph_iri(rid), _names_nt(rid, names)))
        delete, insert = self._canonical_delta()
        if delete:
            ch.delete.append((CANONICAL_GRAPH, delete))
        if insert:
            ch.insert.append((CANONICAL_GRAPH, insert))
        return ch

    def _canonical_delta(self) -> tuple[bytes, bytes]:
        """N-Triples to delete from and insert into the canonical graph."""
        nodes = set(self.contributions) | self.recompute
        if not nodes:
            return b"", b""
        current = self.c._canonical(nodes)
        leave_out = {graph_iri(r).value for r in self.gone}
        rebuilt = self.c._stated(self.recompute, leave_out) if self.recompute else {}
        delete: set[tuple[str, str, str, bool]] = set()
        insert: set[tuple[str, str, str, bool]] = set()
        for node in nodes:
            want = Description()
            want.update(rebuilt.get(node, Description()) if node in self.recompute else current.get(node, Description()))
            want.update(self.contributions.get(node, Description()))
            have = current[node].triples(node) if node in current else set()
            now = want.triples(node)
            delete |= have - now
            insert |= now - have
        return _nt(delete), _nt(insert)


def _line_pieces(data: bytes, size: int) -> Iterable[bytes]:
    """N-Triples ``data`` in pieces of about ``size`` bytes, each ending with a line."""
    start = 0
    while start < len(data):
        end = data.find(b"\n", min(len(data), start + size) - 1)
        end = len(data) if end < 0 else end + 1
        yield data[start:end]
        start = end


def _names_nt(rid: str, names: list[str], sha256: str | None = None, digest: str | None = None) -> bytes:
    r = report_iri(rid)
    triples = [ox.Triple(r, GK.fileName, ox.Literal(names[0]))] if names else []
    triples += [ox.Triple(r, GK.otherFileName, ox.Literal(n)) for n in names[1:]]
    if sha256:
        triples.append(ox.Triple(r, GK.sha256, ox.Literal(sha256)))
    if digest:
        triples.append(ox.Triple(r, GK.graphDigest, ox.Literal(digest)))
    return ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)


def _nt(triples: set[tuple[str, str, str, bool]]) -> bytes:
    out = [ox.Triple(ox.NamedNode(s), ox.NamedNode(p), ox.Literal(o) if lit else ox.NamedNode(o))
           for s, p, o, lit in sorted(triples)]
    return ox.serialize(out, format=ox.RdfFormat.N_TRIPLES) if out else b""
