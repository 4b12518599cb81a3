"""The reporting department, its region, fiscal year and self-evaluation score."""
from __future__ import annotations

import re
from decimal import Decimal

from .facts import DepartmentInfo, Evidence
from .parsed import Parsed
from .patterns import department_patterns

TITLE_WINDOW = 600  # characters from the top of the report where the title is looked for


def split_region(org: str) -> tuple[str | None, str | None, str | None, str]:
    """``杭州市余杭区投资促进局`` -> (province, city, district, rest)."""
    pats = department_patterns()
    found: dict[str, str | None] = {}
    rest = org
    for key in ("province", "city", "district"):
        m = getattr(pats, key).match(rest)
        if m and len(rest) > m.end() + 1:
            found[key] = m.group(key)
            rest = rest[m.end():]
        else:
            found[key] = None
    return found["province"], found["city"], found["district"], rest


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
        bare = rest
        forms.append(city[-1] + bare)
    return [f for f in dict.fromkeys(forms) if f and f != name and len(f) >= 3]


def extract_department(doc: Parsed, report: str) -> DepartmentInfo:
    """Department, region, year from the title; aliases used in the text; the department-level score."""
    pats = department_patterns()
    text, fold = doc.norm.text, doc.norm.fold
    head = fold[:TITLE_WINDOW]
    name, title, year, evidence = _title(doc, head)
    if year is None:
        ym = re.search(r"((?:19|20)\d{2})\s*年度", head)
        if ym:
            year = int(ym.group(1))
    province = city = district = None
    aliases: tuple[str, ...] = ()
    if name:
        province, city, district, _ = split_region(name)
        aliases = tuple(a for a in short_forms(name, city, district, province) if a in text)
    score, score_at = department_score(doc)
    # the first place the report speaks of its department as 我局/本单位 … (every one made 40 % of the store)
    first_self = pats.self_rx.search(fold)
    return DepartmentInfo(
        name=name, aliases=aliases, district=district, city=city, province=province, year=year, score=score,
        title=title, evidence=evidence, score_evidence=doc.evidence(*score_at) if score_at is not None else None,
        self_mentions=(doc.evidence(first_self.start(), first_self.end()),) if first_self else ())


def _title(doc: Parsed, head: str) -> tuple[str | None, str, int | None, Evidence | None]:
    """(department, title, year, evidence) from the first title form that names an organisation."""
    text = doc.norm.text
    for rx in department_patterns().titles:
        m = rx.search(head)
        if not m:
            continue
        org = text[m.start("org"):m.end("org")].strip()
        org = re.sub(r"^(?:关于|中共)?", "", org)
        if len(org) < 3 or org.startswith(("部门", "单位", "本部门", "本单位")):
            continue  # "2023年度部门整体支出…": the organisation is named elsewhere
        year = int(m.group("year")) if "year" in m.groupdict() and m.group("year") else None
        return org, text[m.start():m.end()], year, doc.evidence(m.start(), m.end())
    return None, "", None, None


def department_score(doc: Parsed) -> tuple[Decimal | None, tuple[int, int] | None]:
    """The overall self-evaluation score; a sentence about one project's score is skipped."""
    pats = department_patterns()
    for sent in doc.sentences:
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
