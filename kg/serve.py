"""``kg serve``: a local, read-only web explorer of a govkg store (Starlette + Jinja templates, uvicorn).

    kg serve --store kg-store            # http://127.0.0.1:8765/

Pages: search with facets (``/``), an entity (``/entity?iri=``), a report with every fact highlighted in its
text (``/report?iri=``, the original file at ``/report/file?iri=``), the subsidies, budget and links tables
(``/subsidies``, ``/budget``, ``/links``; ``.csv`` and ``.xlsx`` next to each), the four pictures of
``kg viz`` (``/graphs``, ``/viz/VIEW``) and a SPARQL 1.1 Protocol endpoint (``/sparql``).

* **Read-only.** The store is opened read-only; nothing here writes. ``/sparql`` refuses updates and
  SERVICE, and runs each query in a worker process that is stopped when the query passes the time limit
  (``kg query``'s, 60 s by default), so a runaway query cannot keep the server busy.
* **Offline.** Every page uses only this server's own CSS and JavaScript (``kg/static``) and the graph
  pages embed vis-network from the copy pyvis ships; the Content-Security-Policy header lets the browser
  load nothing from another host.
* **Loopback.** The server listens on 127.0.0.1 unless ``--host`` says otherwise, and answers only
  requests addressed to the host it listens on (a guard against DNS rebinding).
* **A snapshot.** The listings are read once at start (a few seconds for thousands of reports); restart
  ``kg serve`` to see reports ingested since.

The report page shows the text of the original file when it can find it: ``kg ingest`` records where each
report came from (``govkg-files.tsv`` in the store folder); ``--files FOLDER`` adds folders to look in
(by file name). The text is checked against the graph (its length and every evidence span) before its
spans are highlighted.
"""
from __future__ import annotations

import html
import multiprocessing
import re
import threading
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, quote, urlencode

import pyoxigraph as ox

from .graph import KnowledgeGraph
from .output import LISTING_COLUMNS, MONEY, sort_rows, to_csv, to_xlsx, wan
from .store import QUERY_TIMEOUT, QueryError, StoreError, sparql_code, uses_service
from .vocab import ENTITY_TYPES, ONT, PREFIXES, report_id_of

FILES_INDEX = "govkg-files.tsv"
DEFAULT_PORT = 8765
RESULTS_PER_KIND = 200
REPORT_SUFFIXES = (".txt", ".text", ".md", ".pdf", ".docx")
TYPE_NAMES = {"enterprise": "企业 enterprise", "institution": "机构 institution", "project": "项目/园区 project",
              "event": "活动 event", "policy": "政策 policy", "report": "报告 report", "budget": "预算项目 budget line"}
KIND_NAMES = {"department": "部门整体 department", "project": "项目 project", "special_fund": "专项资金 special fund",
              "evaluation": "评价 evaluation", "table": "自评表 table", "notice": "公示/通知 notice"}
FACT_NAMES = {"BudgetLine": "预算 budget", "Subsidy": "补贴 subsidy", "Mention": "提及 mention",
              "Department": "部门 department", "Report": "报告 report"}
PROP_NAMES = {"evidence": "", "budgetEvidence": "budget", "executedEvidence": "executed", "rateEvidence": "rate",
              "initialBudgetEvidence": "initial budget", "adjustmentEvidence": "adjustment",
              "selfReference": "self-reference", "scoreEvidence": "score"}


# -- record of where reports came from (written by kg ingest) -------------------------------------

def record_sources(store: str | Path, pairs: list[tuple[str, str]]) -> None:
    """Remember the file each report was read from (``report id<TAB>absolute path``; by id, since two
    reports may share a file name), newest last."""
    if not pairs or not Path(store).is_dir():
        return
    index = Path(store) / FILES_INDEX
    known = read_sources(store)
    known.update({report: str(Path(path).resolve()) for report, path in pairs})
    try:
        index.write_text("".join(f"{r}\t{p}\n" for r, p in sorted(known.items())), "utf-8")
    except OSError:
        pass  # a read-only store folder: the explorer then needs --files


def read_sources(store: str | Path) -> dict[str, str]:
    index = Path(store) / FILES_INDEX
    try:
        lines = index.read_text("utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return {}
    return dict(line.split("\t", 1) for line in lines if "\t" in line)


# -- the data the pages show (read once) ----------------------------------------------------------

def _fold(text: Any) -> str:
    return unicodedata.normalize("NFKC", str(text or "")).casefold()


@dataclass
class Catalog:
    """The listings of the store, read at start, and the indexes the pages use."""

    reports: list[dict[str, Any]]
    entities: list[dict[str, Any]]
    budget: list[dict[str, Any]]
    subsidies: list[dict[str, Any]]
    links: list[dict[str, Any]]
    report_iri: dict[str, str] = field(default_factory=dict)
    chars: dict[str, int] = field(default_factory=dict)
    by_report: dict[str, dict[str, Any]] = field(default_factory=dict)
    by_iri: dict[str, dict[str, Any]] = field(default_factory=dict)
    entity: dict[str, dict[str, Any]] = field(default_factory=dict)

    @classmethod
    def load(cls, kg: KnowledgeGraph) -> Catalog:
        cat = cls(kg.reports(), kg.entities(), kg.budget(), kg.subsidies(), kg.links())
        for r in kg.named("explorer_reports"):  # every index is by report id: two reports may share a name
            rid = report_id_of(r["r"])
            cat.report_iri[rid] = r["r"]
            if r.get("chars") is not None:
                cat.chars[rid] = int(r["chars"])
        cat.by_report = {r["report_id"]: r for r in cat.reports}
        cat.by_iri = {cat.report_iri.get(r["report_id"]): r for r in cat.reports}
        cat.entity = {e["entity"]: e for e in cat.entities}
        return cat

    def facets_of(self, reports: list[str]) -> dict[str, set[str]]:
        """district, department, year and kind of the reports (by id)."""
        out: dict[str, set[str]] = {"district": set(), "department": set(), "year": set(), "kind": set()}
        for rid in reports:
            r = self.by_report.get(rid)
            if r is None:
                continue
            for key in out:
                if r.get(key) not in (None, ""):
                    out[key].add(str(r[key]))
        return out


@dataclass
class Hit:
    kind: str  # an entity type, "report" or "budget"
    title: str
    url: str
    detail: str
    facets: dict[str, set[str]]


def search(cat: Catalog, q: str, chosen: dict[str, str]) -> tuple[dict[str, list[Hit]], dict[str, Counter]]:
    """Entities (names and aliases), reports (title, department, file) and budget lines (item, department)
    containing ``q``, narrowed by the facet values ``chosen``; and the facet counts of what is left."""
    needle = _fold(q.strip())
    hits: list[Hit] = []
    for e in cat.entities:
        if needle in _fold(" ".join([e["name"] or "", *e.get("aliases", [])])):
            facets = {"type": {e["type"]}, **cat.facets_of(e.get("report_ids") or [])}
            detail = "、".join(e.get("aliases", [])[:4]) + (f" · {len(e.get('reports') or [])} report(s)")
            hits.append(Hit(e["type"], e["name"], entity_url(e["entity"]), detail, facets))
    for r in cat.reports:
        if needle in _fold(" ".join(str(r.get(k) or "") for k in ("title", "department", "report"))):
            facets = {"type": {"report"}, **cat.facets_of([r["report_id"]])}
            hits.append(Hit("report", r.get("title") or r["report"], report_url(cat.report_iri.get(r["report_id"])),
                            f"{r.get('department') or ''} · {r.get('year') or ''} · {r['report']}", facets))
    for b in cat.budget:
        if b.get("item") and needle in _fold(f"{b['item']} {b.get('department') or ''}"):
            facets = {"type": {"budget"}, **cat.facets_of([b["report_id"]])}
            url = report_url(cat.report_iri.get(b["report_id"]), b.get("start"), b.get("end"))
            hits.append(Hit("budget", b["item"], url, f"{b.get('department')} · {b.get('year') or ''} · "
                                                     f"预算 {wan(b.get('budget'))} 万元", facets))
    kept = [h for h in hits if all(v in h.facets.get(k, set()) for k, v in chosen.items() if v)]
    counts: dict[str, Counter] = {k: Counter() for k in ("type", "district", "department", "year", "kind")}
    for h in kept:
        for key, values in h.facets.items():
            counts[key].update(values)
    grouped: dict[str, list[Hit]] = defaultdict(list)
    for h in kept:
        grouped[h.kind].append(h)
    return dict(grouped), counts


def entity_url(iri: str | None) -> str:
    return "/entity?" + urlencode({"iri": iri or ""})


def report_url(iri: str | None, start: Any = None, end: Any = None) -> str:
    url = "/report?" + urlencode({"iri": iri or ""})
    return url + (f"#ev-{start}-{end}" if start is not None and end is not None else "")


# -- the report page ------------------------------------------------------------------------------

class ReportFiles:
    """Finds a report's original file: the path kg ingest recorded (by report id), else by name in
    ``--files`` folders (of several files of that name, the one whose bytes are the report)."""

    def __init__(self, recorded: dict[str, str], folders: list[str]):
        self.recorded = recorded
        self.folders = [Path(f) for f in folders]
        self._index: dict[str, list[Path]] | None = None

    def _scan(self) -> dict[str, list[Path]]:
        if self._index is None:
            self._index = defaultdict(list)
            for folder in self.folders:
                for p in sorted(folder.rglob("*")):
                    if p.suffix.lower() in REPORT_SUFFIXES and p.is_file():
                        self._index[p.name].append(p)
        return self._index

    def find(self, report_id: str, name: str) -> Path | None:
        path = self.recorded.get(report_id)
        if path and Path(path).is_file():
            return Path(path)
        found = self._scan().get(name) or []
        if len(found) > 1:
            from .catalog import file_sha256

            for p in found:
                try:
                    if file_sha256(p).startswith(report_id):
                        return p
                except OSError:
                    continue
        return found[0] if found else None


@dataclass
class Span:
    sid: str
    start: int
    end: int


def marked_text(text: str, spans: list[Span], pages: tuple[int, ...] = ()) -> str:
    """``text`` as HTML with every span highlighted in place: the text is cut at every span start and end
    (spans overlap: a name inside a payment clause), each piece covered by spans is one ``<mark>`` naming
    them all in ``data-ev``, and an empty anchor ``id="SPAN"`` stands where each span starts. A page
    divider stands at each page start."""
    cuts = {0, len(text)} | {s.start for s in spans} | {s.end for s in spans} | {p for p in pages if 0 < p < len(text)}
    bounds = sorted(c for c in cuts if 0 <= c <= len(text))
    starts: dict[int, list[str]] = defaultdict(list)
    for s in spans:
        starts[s.start].append(s.sid)
    page_at = {p: i + 1 for i, p in enumerate(pages)}
    out = []
    if 0 in page_at and len(pages) > 1:
        out.append('<div class="page" id="page-1">— 第 1 页 page 1 —</div>')
    for a, b in zip(bounds, bounds[1:], strict=False):
        if a in page_at and a > 0:
            out.append(f'<div class="page" id="page-{page_at[a]}">— 第 {page_at[a]} 页 page {page_at[a]} —</div>')
        out.extend(f'<span class="anchor" id="{sid}"></span>' for sid in starts.get(a, []))
        piece = html.escape(text[a:b])
        covering = [s.sid for s in spans if s.start <= a and b <= s.end]
        out.append(f'<mark class="ev" data-ev="{" ".join(covering)}">{piece}</mark>' if covering else piece)
    return "".join(out)


def page_of(pages: tuple[int, ...], offset: int) -> int | None:
    """The page (1-based) of a character offset, from the page start offsets."""
    if not pages:
        return None
    n = 0
    for i, p in enumerate(pages):
        if p <= offset:
            n = i + 1
    return n or 1


def fact_rows(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The report's facts, one per (fact, span), described for the list beside the text."""
    out = []
    for r in rows:
        cls = (r.get("class") or "").rsplit("#", 1)[-1] if (r.get("class") or "").startswith(ONT) else ""
        prop = (r.get("prop") or "").rsplit("#", 1)[-1]
        if cls not in FACT_NAMES:
            continue
        what = r.get("entity_label") or r.get("label") or r.get("program") or ""
        if cls == "Subsidy":
            what = f"{r.get('program') or ''} {wan(r.get('amount'))} 万元 ({r.get('qualifier') or ''})".strip()
        elif cls == "Report":
            what = "title" if prop == "evidence" else PROP_NAMES.get(prop, prop)
        elif cls == "BudgetLine":
            what = (r.get("label") or "total 合计") + (f" · {PROP_NAMES.get(prop, prop)}" if PROP_NAMES.get(prop) else "")
        out.append({"sid": f"ev-{r['start']}-{r['end']}", "kind": FACT_NAMES[cls], "what": what,
                    "exact": r.get("exact") or "", "sentence": r.get("sentence") or "", "start": r["start"],
                    "end": r["end"], "page": r.get("page"), "entity": r.get("entity")})
    return out


def _bare(text: str) -> str:
    return re.sub(r"\s+", "", text)


def check_text(text: str, chars: int | None, facts: list[dict[str, Any]]) -> list[str]:
    """Why the file found may not be the one ingested (empty when length and every span match)."""
    problems = []
    if chars is not None and len(text) != chars:
        problems.append(f"the file has {len(text):,} characters, the ingested report {chars:,}")
    # a span's exact text is as normalised (a name the PDF broke across lines is whole): compare without
    # white space
    wrong = sum(1 for f in facts if f["exact"] and _bare(text[f["start"]:f["end"]]) != _bare(f["exact"]))
    if wrong:
        problems.append(f"{wrong} of {len(facts)} evidence spans do not match the file's text")
    return problems


# -- /sparql: one query at a time in a worker process that can be stopped -------------------------

SPARQL_TYPES = {
    "json": ("application/sparql-results+json", ox.QueryResultsFormat.JSON),
    "xml": ("application/sparql-results+xml", ox.QueryResultsFormat.XML),
    "csv": ("text/csv; charset=utf-8", ox.QueryResultsFormat.CSV),
    "tsv": ("text/tab-separated-values; charset=utf-8", ox.QueryResultsFormat.TSV),
}
GRAPH_TYPES = {"turtle": ("text/turtle; charset=utf-8", ox.RdfFormat.TURTLE),
               "nt": ("application/n-triples", ox.RdfFormat.N_TRIPLES),
               "jsonld": ("application/ld+json", ox.RdfFormat.JSON_LD)}
_ACCEPT = [("application/sparql-results+json", "json"), ("application/json", "json"), ("text/csv", "csv"),
           ("application/sparql-results+xml", "xml"), ("application/xml", "xml"),
           ("text/tab-separated-values", "tsv"), ("text/turtle", "turtle"), ("application/n-triples", "nt"),
           ("application/ld+json", "jsonld")]


class QueryRefused(Exception):
    """A request ``/sparql`` does not run: (HTTP status, one-line reason)."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status


def check_query(text: str) -> None:
    """Refuse updates and SERVICE before anything runs."""
    code = sparql_code(text)
    if re.search(r"(?<![\w:?$])(INSERT|DELETE|LOAD|CLEAR|CREATE|DROP|COPY|MOVE|ADD)\s+(DATA|WHERE|SILENT|GRAPH|"
                 r"ALL|DEFAULT|NAMED|<|\{)", code, re.I) and not re.search(r"\b(SELECT|ASK|CONSTRUCT|DESCRIBE)\b",
                                                                      code, re.I):
        raise QueryRefused(403, READ_ONLY)
    if uses_service(text):
        raise QueryRefused(403, "SERVICE (a federated query) is not accepted by this endpoint")


def _worker(store: str, conn) -> None:
    """The query process: opens the store read-only, answers (query, format) with (status, type, body)."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    from .graph import open_store

    backend = open_store(store, read_only=True)
    while True:
        try:
            text, fmt = conn.recv()
        except (EOFError, OSError):
            return
        conn.send(_answer(backend, text, fmt))


def _answer(backend, text: str, fmt: str | None) -> tuple[int, str, bytes]:
    try:
        result = backend.query(text)
    except QueryError as e:
        msg = " ".join(str(e).split())
        msg = f"SPARQL syntax error {msg[6:]}" if msg.startswith("error at ") else f"SPARQL syntax error: {msg}"
        return 400, "text/plain; charset=utf-8", (msg + "\n").encode()
    except (OSError, RuntimeError, ValueError, StoreError) as e:
        return 500, "text/plain; charset=utf-8", f"query failed: {e}".encode()
    if isinstance(result, (ox.QuerySolutions, ox.QueryBoolean)):
        mime, rf = SPARQL_TYPES.get(fmt or "json", SPARQL_TYPES["json"])
        return 200, mime, result.serialize(format=rf)
    mime, gf = GRAPH_TYPES.get(fmt or "turtle", GRAPH_TYPES["turtle"])
    return 200, mime, ox.serialize(list(result), format=gf, prefixes={k: v for k, v in PREFIXES.items()})


class QueryRunner:
    """Runs ``/sparql`` queries one at a time in a worker process, stopped and replaced on timeout."""

    def __init__(self, store: str, timeout: float):
        self.store, self.timeout = store, timeout
        self._lock = threading.Lock()
        self._proc = self._conn = None
        self._ctx = multiprocessing.get_context("spawn")

    def _start(self) -> None:
        parent, child = self._ctx.Pipe()
        self._proc = self._ctx.Process(target=_worker, args=(self.store, child), daemon=True,
                                       name="govkg-sparql")
        self._proc.start()
        child.close()
        self._conn = parent

    def run(self, text: str, fmt: str | None) -> tuple[int, str, bytes]:
        with self._lock:
            if self._proc is None or not self._proc.is_alive():
                self._start()
            try:
                self._conn.send((text, fmt))
                if self._conn.poll(self.timeout):
                    return self._conn.recv()
            except (EOFError, OSError):
                self.stop()
                return 500, "text/plain; charset=utf-8", b"query failed: the query process ended\n"
            self.stop()
        raise QueryRefused(503, f"the query ran longer than {self.timeout:g} s and was stopped")

    def stop(self) -> None:
        if self._proc is not None:
            self._proc.kill()
            self._proc.join(10)
            self._conn.close()
        self._proc = self._conn = None


def negotiate(accept: str, fmt: str | None) -> str | None:
    """The results format asked for: ``format=`` (json, csv, xml, tsv, turtle, nt, jsonld), else Accept."""
    if fmt:
        return fmt.lower() if fmt.lower() in {**SPARQL_TYPES, **GRAPH_TYPES} else None
    accept = (accept or "").lower()
    best = min(((accept.find(mime), key) for mime, key in _ACCEPT if mime in accept), default=None)
    return best[1] if best else None


# -- the web application --------------------------------------------------------------------------

def _templates():
    import jinja2
    from starlette.templating import Jinja2Templates

    env = jinja2.Environment(loader=jinja2.PackageLoader("govkg.kg", "templates"), autoescape=True,
                             trim_blocks=True, lstrip_blocks=True)
    env.filters["wan"] = wan
    env.filters["q"] = lambda params: urlencode({k: v for k, v in params.items() if v not in (None, "")})
    env.globals.update(TYPE_NAMES=TYPE_NAMES, KIND_NAMES=KIND_NAMES, MONEY=MONEY, entity_url=entity_url,
                       report_url=report_url)
    return Jinja2Templates(env=env)


CSP = ("default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
       "img-src 'self' data:; connect-src 'self'; font-src 'self'; frame-src 'self'; frame-ancestors 'self'; "
       "form-action 'self'; base-uri 'none'; object-src 'none'")


class Explorer:
    """The pages of ``kg serve`` over one read-only store."""

    def __init__(self, store: str, files: list[str] = (), timeout: float = QUERY_TIMEOUT):
        self.store = store
        self.kg = KnowledgeGraph(store, read_only=True)
        self.cat = Catalog.load(self.kg)
        recorded = read_sources(store) if Path(store).is_dir() else {}
        self.files = ReportFiles(recorded, list(files))
        self.runner = QueryRunner(store, timeout)
        self.timeout = timeout
        self.templates = _templates()
        self._viz: dict[tuple, str] = {}
        self._viz_lock = threading.Lock()

    def close(self) -> None:
        self.runner.stop()
        self.kg.close()

    def render(self, request, template: str, status: int = 200, **context):
        return self.templates.TemplateResponse(request, template, {"nav": template, **context}, status_code=status)

    # -- pages ----------------------------------------------------------------------------------

    def home(self, request):
        q = request.query_params.get("q", "")
        chosen = {k: request.query_params.get(k, "") for k in ("type", "district", "department", "year", "kind")}
        grouped, counts = search(self.cat, q, chosen) if q.strip() or any(chosen.values()) else ({}, {})
        stats = {"reports": len(self.cat.reports), "entities": len(self.cat.entities),
                 "budget": len(self.cat.budget), "subsidies": len(self.cat.subsidies), "links": len(self.cat.links)}
        order = [*ENTITY_TYPES, "report", "budget"]
        return self.render(request, "search.html", q=q, chosen=chosen, counts=counts, stats=stats,
                           groups=[(k, grouped[k]) for k in order if k in grouped], limit=RESULTS_PER_KIND,
                           total=sum(len(v) for v in grouped.values()))

    def entity(self, request):
        iri = request.query_params.get("iri", "")
        e = self.cat.entity.get(iri)
        if e is None:
            return self.not_found(request, f"no entity {iri!r} in the store")
        mentions = self.kg.named("explorer_mentions", entity=[ox.NamedNode(iri)])
        for m in mentions:
            m["url"] = report_url(m["r"], m.get("start"), m.get("end"))
            m["sentence_html"] = highlight(m.get("sentence") or "", m.get("exact") or m["surface"])
        received = self.kg.subsidies(recipient=[iri])
        for s in received:
            s["url"] = report_url(self.cat.report_iri.get(s["report_id"]), s.get("start"), s.get("end"))
        per_year, per_dept = _sums(received, "year"), _sums(received, "department")
        reports = [self.cat.by_report[r] | {"url": report_url(self.cat.report_iri.get(r))}
                   for r in e.get("report_ids") or [] if r in self.cat.by_report]
        graph = "/viz/entity?" + urlencode({"name": e["name"], "depth": 1})
        return self.render(request, "entity.html", e=e, mentions=mentions, received=received, per_year=per_year,
                           per_dept=per_dept, reports=reports, graph=graph)

    def report(self, request):
        iri = request.query_params.get("iri", "")
        meta = self.cat.by_iri.get(iri)
        if meta is None:
            return self.not_found(request, f"no report {iri!r} in the store")
        facts = fact_rows(self.kg.named("explorer_facts", report=ox.NamedNode(iri)))
        path = self.files.find(meta["report_id"], meta["report"])
        text_html, problems, pages = None, [], ()
        if path is not None:
            try:
                text, pages = _load_text(path)
            except Exception as e:  # noqa: BLE001 - the page says why and still lists the facts
                problems = [f"the original file could not be read ({type(e).__name__}: {e})"]
            else:
                problems = check_text(text, self.cat.chars.get(meta["report_id"]), facts)
                spans = [Span(f["sid"], f["start"], f["end"]) for f in facts if 0 <= f["start"] <= f["end"] <= len(text)]
                spans = list({s.sid: s for s in spans}.values())
                text_html = marked_text(text, spans, pages)
        for f in facts:
            if f["page"] is None and pages:
                f["page"] = page_of(pages, f["start"])
            if f.get("entity"):
                f["entity_url"] = entity_url(f["entity"])
            f["sentence_html"] = highlight(f["sentence"], f["exact"])
        return self.render(request, "report.html", r=meta, iri=iri, facts=facts, text_html=text_html,
                           problems=problems, has_file=path is not None, pages=len(pages),
                           download="/report/file?" + urlencode({"iri": iri}))

    def report_file(self, request):
        from starlette.responses import FileResponse

        meta = self.cat.by_iri.get(request.query_params.get("iri", ""))
        path = self.files.find(meta["report_id"], meta["report"]) if meta else None
        if path is None:
            return self.not_found(request, "the original file is not available (start kg serve with --files FOLDER)")
        return FileResponse(path, filename=meta["report"], content_disposition_type="attachment")

    def table(self, request):
        name = request.url.path.strip("/").split(".")[0]
        suffix = request.url.path.rsplit(".", 1)[-1] if "." in request.url.path else "html"
        params = dict(request.query_params)
        rows = filter_rows(name, self._rows(name), params)
        sort = params.get("sort") or ""
        if sort and sort.lstrip("-") in LISTING_COLUMNS[name]:
            rows = sort_rows(rows, sort)
        if suffix in ("csv", "xlsx"):
            return _download(name, rows, suffix)
        totals = subsidy_totals(rows) if name == "subsidies" else {}
        return self.render(request, "table.html", name=name, rows=rows, columns=TABLE_COLUMNS[name], params=params,
                           sort=sort, totals=totals, filters=FILTERS[name])

    def _rows(self, name: str) -> list[dict[str, Any]]:
        rows = [dict(r) for r in getattr(self.cat, name)]
        for r in rows:
            if r.get("report_id") and "start" in r:
                r["_url"] = report_url(self.cat.report_iri.get(r["report_id"]), r.get("start"), r.get("end"))
            if r.get("entity"):
                r["_entity_url"] = entity_url(r["entity"])
        return rows

    def graphs(self, request):
        view = request.query_params.get("view", "overview")
        name = request.query_params.get("name", "")
        src = "/viz/" + view + ("?" + urlencode({"name": name}) if view == "entity" and name else "")
        return self.render(request, "graphs.html", view=view, name=name, src=src)

    def viz(self, request):
        from starlette.responses import HTMLResponse

        view = request.path_params["view"]
        name = request.query_params.get("name") or None
        try:
            depth = max(1, min(3, int(request.query_params.get("depth", 2))))
        except ValueError:
            depth = 2
        try:
            page = self._viz_page(view, name, depth)
        except ValueError as e:
            return HTMLResponse(f"<!DOCTYPE html><meta charset='utf-8'><p>{html.escape(str(e))}</p>", 404)
        return HTMLResponse(page)

    def _viz_page(self, view: str, name: str | None, depth: int) -> str:
        from govkg.viz import build_view, compute_positions, render_html

        key = (view, name, depth)
        with self._viz_lock:
            if key not in self._viz:
                if view == "entity" and not name:
                    raise ValueError("the entity view needs a name")
                g = build_view(self.kg, view=view, name=name, depth=depth, limit=2000, notice=lambda m: None)
                summary = f"{g.number_of_nodes():,} nodes, {g.number_of_edges():,} edges ({view})"
                self._viz[key] = render_html(g, compute_positions(g), summary, entity_url="/entity?iri=")
            return self._viz[key]

    async def sparql(self, request):
        from starlette.concurrency import run_in_threadpool
        from starlette.responses import Response

        try:
            text, fmt = await _sparql_request(request)
            if text is None:
                return self.render(request, "sparql.html", prefixes=PREFIXES, timeout=self.timeout)
            check_query(text)
            want = negotiate(request.headers.get("accept", ""), fmt)
            status, mime, body = await run_in_threadpool(self.runner.run, text, want)
        except QueryRefused as e:
            return Response(str(e) + "\n", status_code=e.status, media_type="text/plain; charset=utf-8")
        return Response(body, status_code=status, media_type=mime)

    def not_found(self, request, message: str):
        return self.render(request, "error.html", status=404, message=message)


def highlight(sentence: str, exact: str) -> str:
    """The sentence as HTML with the first occurrence of ``exact`` marked."""
    at = sentence.find(exact) if exact else -1
    if at < 0:
        return html.escape(sentence)
    return (html.escape(sentence[:at]) + '<mark class="ev">' + html.escape(exact) + "</mark>"
            + html.escape(sentence[at + len(exact):]))


def _load_text(path: Path) -> tuple[str, tuple[int, ...]]:
    from govkg.ingest.load import load

    doc = load(path)
    return doc.text, tuple(doc.pages)


def _sums(rows: list[dict[str, Any]], key: str) -> list[tuple[Any, float, int]]:
    sums: dict[Any, list] = {}
    for r in rows:
        s = sums.setdefault(r.get(key), [0.0, 0])
        s[0] += float(r.get("amount") or 0)
        s[1] += 1
    return sorted(((k, v[0], v[1]) for k, v in sums.items()), key=lambda t: (-t[1], str(t[0])))


def subsidy_totals(rows: list[dict[str, Any]]) -> dict[str, list[tuple[Any, float, int]]]:
    """Sums of the amounts per recipient (a payment to several recipients counts for each of them),
    per department and per year."""
    per_recipient: dict[str, list] = {}
    for r in rows:
        for name in r.get("recipients") or ["(unnamed 未具名)"]:
            s = per_recipient.setdefault(name, [0.0, 0])
            s[0] += float(r.get("amount") or 0)
            s[1] += 1
    return {"recipient": sorted(((k, v[0], v[1]) for k, v in per_recipient.items()), key=lambda t: (-t[1], t[0])),
            "department": _sums(rows, "department"), "year": _sums(rows, "year")}


TABLE_COLUMNS = {
    "subsidies": ["recipients", "amount", "qualifier", "program", "department", "district", "year", "report", "exact"],
    "budget": ["department", "district", "year", "item", "budget", "executed", "rate", "report", "evidence"],
    "links": ["name", "type", "aliases", "districts", "departments", "reports"],
}
FILTERS = {
    "subsidies": ["q", "enterprise", "department", "district", "year"],
    "budget": ["q", "department", "district", "year"],
    "links": ["q", "type", "district", "department"],
}
_FILTER_KEYS = {"enterprise": "recipients", "department": "department", "district": "district",
                "type": "type"}


def filter_rows(name: str, rows: list[dict[str, Any]], params: dict[str, str]) -> list[dict[str, Any]]:
    """The rows whose cells contain each given filter value (``q``: any cell; ``year``: equal)."""
    keys = {**_FILTER_KEYS, **({"district": "districts", "department": "departments"} if name == "links" else {})}
    out = rows
    for key in FILTERS[name]:
        value = (params.get(key) or "").strip()
        if not value:
            continue
        if key == "q":
            out = [r for r in out if _fold(value) in _fold(" ".join(map(_text, r.values())))]
        elif key == "year":
            out = [r for r in out if str(r.get("year")) == value]
        else:
            out = [r for r in out if _fold(value) in _fold(_text(r.get(keys[key])))]
    return out


def _text(v: Any) -> str:
    return "、".join(map(str, v)) if isinstance(v, list) else ("" if v is None else str(v))


def _download(name: str, rows: list[dict[str, Any]], suffix: str):
    from starlette.responses import Response

    clean = [{k: v for k, v in r.items() if not k.startswith("_")} for r in rows]
    headers = {"Content-Disposition": f"attachment; filename=\"govkg-{name}.{suffix}\""}
    if suffix == "csv":
        return Response(to_csv(clean, LISTING_COLUMNS[name]).encode("utf-8"), media_type="text/csv; charset=utf-8",
                        headers=headers)
    data = to_xlsx({name: (clean, LISTING_COLUMNS[name])})
    return Response(data, headers=headers,
                    media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


async def _sparql_request(request) -> tuple[str | None, str | None]:
    """(query text, format=) of a SPARQL Protocol request: GET ?query=, POST form or POST sparql-query.
    An update request is refused (:class:`QueryRefused`)."""
    params = dict(request.query_params)
    if request.method == "POST":
        body = (await request.body()).decode("utf-8", "replace")
        ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if ctype == "application/sparql-update":
            raise QueryRefused(403, READ_ONLY)
        if ctype == "application/sparql-query":
            return body, params.get("format")
        params.update(dict(parse_qsl(body, keep_blank_values=True)))
    if "update" in params:
        raise QueryRefused(403, READ_ONLY)
    return params.get("query"), params.get("format")


READ_ONLY = "this endpoint is read-only: SPARQL UPDATE is not accepted"


def create_app(store: str, files: list[str] = (), timeout: float = QUERY_TIMEOUT, allowed_hosts=None):
    """The Starlette application of ``kg serve`` (``allowed_hosts``: the Host headers answered)."""
    from contextlib import asynccontextmanager

    from starlette.applications import Starlette
    from starlette.middleware import Middleware
    from starlette.middleware.base import BaseHTTPMiddleware
    from starlette.middleware.trustedhost import TrustedHostMiddleware
    from starlette.routing import Mount, Route
    from starlette.staticfiles import StaticFiles

    ex = Explorer(store, files, timeout)

    @asynccontextmanager
    async def lifespan(app):
        yield
        ex.close()

    async def headers(request, call_next):
        response = await call_next(request)
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "no-referrer")
        return response

    routes = [
        Route("/", ex.home), Route("/entity", ex.entity), Route("/report", ex.report),
        Route("/report/file", ex.report_file),
        *(Route(f"/{name}{ext}", ex.table) for name in TABLE_COLUMNS for ext in ("", ".csv", ".xlsx")),
        Route("/graphs", ex.graphs), Route("/viz/{view:str}", ex.viz),
        Route("/sparql", ex.sparql, methods=["GET", "POST"]),
        Mount("/static", StaticFiles(packages=[("govkg.kg", "static")]), name="static"),
    ]
    middleware = [Middleware(TrustedHostMiddleware, allowed_hosts=allowed_hosts or ["*"]),
                  Middleware(BaseHTTPMiddleware, dispatch=headers)]
    app = Starlette(routes=routes, middleware=middleware, lifespan=lifespan)
    app.state.explorer = ex
    return app


def loopback(host: str) -> bool:
    return host in ("127.0.0.1", "localhost", "::1") or host.startswith("127.")


def hosts_for(host: str, port: int) -> list[str]:
    """The Host header values answered: the loopback names, or any when listening on every interface."""
    if host in ("0.0.0.0", "::", ""):
        return ["*"]
    return sorted({host, "127.0.0.1", "localhost", "[::1]", "::1"}) if loopback(host) else [host]


def serve(store: str, host: str = "127.0.0.1", port: int = DEFAULT_PORT, files: list[str] = (),
          timeout: float = QUERY_TIMEOUT, say=print) -> None:
    """Build the app and run it with uvicorn until Ctrl-C."""
    import socket

    import uvicorn

    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:  # a taken port: one line before any work
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        probe.bind((host, port))
    app = create_app(store, files, timeout, allowed_hosts=hosts_for(host, port))
    shown = f"[{host}]" if ":" in host else host
    say(f"kg serve: http://{shown}:{port}/ (read-only; {len(app.state.explorer.cat.reports):,} reports; "
        "Ctrl-C to stop)")
    if not loopback(host):
        say(f"kg serve: listening on {host}: anyone who can reach this machine can read the store")
    uvicorn.run(app, host=host, port=port, log_level="warning", access_log=False, server_header=False)


def sparql_link(query: str) -> str:
    return "/sparql?" + urlencode({"query": query}, quote_via=quote)
