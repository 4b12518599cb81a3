"""The report's identity: department, region, fiscal year, self-evaluation score, kind and evaluated object.

The department is chosen by ingest/department.py from every source that names it (title, metadata,
forms, 以下简称, signature …); the kind and the object come from the title grammar (ingest/kinds.py), else
from the body (a 公示's 公示期, a self-evaluation form's 项目名称). Places come from ingest/places.py.
"""
from __future__ import annotations

import re
from decimal import Decimal

from .department import Identity, identify
from .facts import DepartmentInfo
from .parsed import Parsed
from .patterns import department_patterns
from .places import split_region
from .tables import table_patterns

#: body words of a notice that has lost its title (a 公示 or a 拨付/下达 letter)
NOTICE_MARKERS = re.compile(r"公示期|公示时间|特此公示|特此通知|现(?:将|予)?(?:拨付|下达)|拨付表|核定明细表|各有关企业")
SUBTITLE = re.compile(r"^\s*[—－-]{1,2}\s*(?P<object>[^\n]{3,40}?(?:资金|项目|经费|工程))\s*$")


def short_forms(name: str, city: str | None, district: str | None, province: str | None) -> list[str]:
    """Short names a report may use for its department: without the city, with 区/县 only, bare."""
    forms = []
    rest = name
    for prefix in (province, city):
        if prefix and rest.startswith(prefix):
            rest = rest[len(prefix):]
            forms.append(rest)
    if district and rest.startswith(district):
        bare = rest[len(district):]
        forms.append(district[-1] + bare)
        forms.append(bare)
    elif city and name.startswith((province or "") + city):
        forms.append(city[-1] + rest)
    return [f for f in dict.fromkeys(forms) if f and f != name and len(f) >= 3]


def read_identity(doc: Parsed) -> Identity:
    """Title, department candidates and year of a parsed report (layout fields and forms included)."""
    from .document import layout_patterns

    norm = doc.norm
    fields, forms = [], []
    if doc.layout is not None:
        keys = set(layout_patterns().department_keys)
        for f in doc.layout.fields:
            span = norm.norm_span(f.start, f.end) if f.value and f.key in keys else None
            if span:
                fields.append((f.key, f.value, *span))
        wanted = set(table_patterns().form_department)
        for t in doc.layout.tables:
            for label, cell in t.form:
                span = norm.norm_span(cell.start, cell.end) if label in wanted else None
                if span:
                    forms.append((label, cell.text, *span))
    kinds = doc.kinds or ["text"] * len(doc.paragraphs)
    paragraphs = [(s, e, k) for (s, e), k in zip(doc.paragraphs, kinds, strict=True)]
    return identify(fields, forms, paragraphs, norm.text)


def extract_department(doc: Parsed, report: str) -> DepartmentInfo:
    """The report's identity: department, region and year with their evidence, the department-level
    score, the kind and the evaluated object."""
    pats = department_patterns()
    text, fold = doc.norm.text, doc.norm.fold
    idt = read_identity(doc)
    choice = idt.department
    name = choice.name
    province = city = district = None
    aliases: tuple[str, ...] = ()
    if name:
        r = split_region(name)
        province, city, district = r.province, r.city, r.district
        aliases = tuple(dict.fromkeys(a for a in (*choice.aliases, *short_forms(name, city, district, province))
                                      if a in text and a != name))
    score, score_at = department_score(doc)
    first_self = pats.self_rx.search(fold)
    title = idt.title
    kind, scope, obj = _kind(doc, idt)
    if score is None and scope == "department":  # a 部门整体 self-evaluation table: its 总分 row's 得分
        score, score_at = table_score(doc)
    evidence = doc.evidence(choice.start, choice.end) if name else \
        (doc.evidence(title.start, title.end) if title else None)
    return DepartmentInfo(
        name=name, aliases=aliases, district=district, city=city, province=province, year=idt.year, score=score,
        title=title.text if title else "", evidence=evidence,
        score_evidence=doc.evidence(*score_at) if score_at is not None else None,
        self_mentions=(doc.evidence(first_self.start(), first_self.end()),) if first_self else (),
        kind=kind, scope=scope, object=obj, sources=choice.sources, year_source=idt.year_source)


def later_block_facts(doc: Parsed) -> tuple[tuple, Decimal | None, object]:
    """What a later block of a long report can add: the first self-reference (我局), a score."""
    first_self = department_patterns().self_rx.search(doc.norm.fold)
    score, at = department_score(doc)
    return ((doc.evidence(first_self.start(), first_self.end()),) if first_self else (), score,
            doc.evidence(*at) if at is not None else None)


def _kind(doc: Parsed, idt: Identity) -> tuple[str | None, str | None, str | None]:
    """(kind, scope, object): from the title; a notice without one from its body; a self-evaluation form
    from its 项目名称; a 副标题 (—某某资金) names the object."""
    title = idt.title
    kind = title.kind if title else None
    scope = title.scope if title else None
    obj = title.object if title else None
    projects = [cell.text for t in (doc.layout.tables if doc.layout else ()) for label, cell in t.form
                if label in table_patterns().form_project]
    if kind is None and NOTICE_MARKERS.search(doc.norm.text):
        kind = "notice"
    elif kind is None and projects:
        kind, scope = "table", "project"
    head = doc.norm.text[: 2000].split("\n")
    for line in head[:12]:
        m = SUBTITLE.match(line)
        if m:
            obj = m.group("object")
            break
    if scope is None and kind == "table" and projects:
        scope = "project"
    return kind, scope, obj


#: a table's 总分 row printed as a line: the label, figures, the score last (总分   100   93.4)
TOTAL_SCORE_LINE = re.compile(r"^\s*[|｜]?\s*(?:总分|总得分)\s*[|｜\s]+(?:[\d.]+\s*[|｜\s]+)*?(?P<num>\d{1,3}(?:\.\d+)?)\s*[|｜]?\s*$")


def table_score(doc: Parsed) -> tuple[Decimal | None, tuple[int, int] | None]:
    """The score of a self-evaluation table's 总分 row (its 得分 cell, else its last figure of at most 100)."""
    from .tables import is_number, number

    for table in (doc.layout.tables if doc.layout is not None else ()):
        for rec in table.records:
            label = next((c for c in rec.cells if c is not None and not c.empty), None)
            if label is None or re.sub(r"\s+", "", label.text) not in ("总分", "总得分", "综合得分"):
                continue
            cells = [x for _, x in rec.by_role(table.columns, "score")] or \
                [c for c in rec.cells if c is not None and is_number(c.text)][-1:]
            value = number(cells[-1].text) if cells else None
            span = doc.norm.norm_span(cells[-1].start, cells[-1].end) if cells else None
            if value is not None and value <= 100 and span is not None:
                return value, span
    for ln in (doc.layout.lines if doc.layout is not None else ()):  # a 总分 line of a table not read as one
        m = TOTAL_SCORE_LINE.match(ln.text)
        span = doc.norm.norm_span(ln.start + m.start("num"), ln.start + m.end("num")) if m else None
        if m and Decimal(m.group("num")) <= 100 and span is not None:
            return Decimal(m.group("num")), span
    return None, None


def department_score(doc: Parsed) -> tuple[Decimal | None, tuple[int, int] | None]:
    """The overall self-evaluation score; a sentence about one project's score is skipped."""
    pats = department_patterns()
    for sent in doc.prose():
        for m in pats.score_keywords.finditer(sent.fold):
            before = sent.fold[: m.start()]
            about_project = any(w in before for w in pats.score_project_words)
            about_department = any(w in before for w in pats.score_department_words)
            if about_project and not about_department:
                continue
            value = Decimal(m.group("num"))
            if value <= 100:
                return value, (sent.start + m.start("num"), sent.start + m.end())
    return None, None



