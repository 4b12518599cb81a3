"""Who reports: the department of any report, from every place that names it, cross-checked.

Sources, strongest first: the title; the page's metadata (发布机构, 公开责任部门, 发布单位, 来源); the cells of
a self-evaluation form (实施单位, 单位名称); ``X（以下简称“Y”）``; a title quoted in the body (现将…报告如下,
附件 1.…报告); the line above a title; the signature (a name over a date); the body's role phrases (X作为项目
管理单位, 向X反映); and, when nothing else names it, the government body the body names most. Candidates
that name the same body (short forms, names without their region) vote together; the winning group gives
the fullest printed name, and the sources that agree are recorded with the winner's evidence.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from .kinds import Title, parse_title
from .orgs import complete_region, is_government_name, is_overseer, same_body
from .places import gazetteer, split_region

#: how much each source counts when candidates vote
WEIGHT = {"title": 10, "alias": 8, "form": 8, "metadata": 7, "quoted title": 7, "title above": 6,
          "signature": 6, "role": 5, "contact": 5, "metadata 来源": 3, "body": 2}
ALIAS_INTRO = re.compile(r"[（(]\s*以下(?:简称|称)\s*[:：]?\s*[“\"「『]?(?P<short>[^”\"」』)）]{2,15})[”\"」』]?\s*[)）]")
ROLE = re.compile(r"(?:作为|是)(?:本)?(?:项目|资金|专项)?(?:的)?(?:管理|实施|主管|责任|承担|使用|执行)(?:单位|部门|主体)|"
                  r"(?:牵头|负责)(?:实施|组织|管理)")
CONTACT = re.compile(r"向(?P<name>[\u4e00-\u9fff（）()]{3,30}?)(?:反映|提出|反馈|咨询)")
DATE = re.compile(r"(?:19|20)\d{2}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日")
QUOTED_TITLE = re.compile(r"现将(?P<title>[^，。；,;]{6,80}?)(?:报告|情况)如下")
BARE_NAME = re.compile(r"[县区市州省][\u4e00-\u9fff]{2,14}?(?:局|委员会|委|厅|中心|管委会|办)")
NAME_CHAR = re.compile(r"[\u4e00-\u9fff（）()]")
#: characters no government name holds: a name before one of them starts after it
NAME_BREAKS = ("由", "向", "被", "将", "把", "的", "经由", "系")


@dataclass(frozen=True)
class NameCandidate:
    """One place that names the department: the name, where (normalised offsets), and the source."""

    name: str
    source: str
    start: int
    end: int
    alias: str | None = None


@dataclass(frozen=True)
class DepartmentChoice:
    """The winner: the fullest name of the winning group, its aliases, the agreeing sources, the evidence."""

    name: str | None
    aliases: tuple[str, ...]
    sources: tuple[str, ...]
    start: int
    end: int
    region: str | None = None  # the region a title prints when it names no department
    conflicts: tuple[str, ...] = ()


def name_before(text: str, end: int, limit: int = 30) -> str | None:
    """The government body's name that ends at ``end``: a start at a known place or a bare level (县经济
    商务局) is preferred, else the longest name that follows a non-name character."""
    i = end
    while i > 0 and end - i < limit and NAME_CHAR.match(text[i - 1]):
        i -= 1
    run = text[i:end]
    for w in NAME_BREAKS:  # 某某项目由南京市商务局: the name starts after 由
        if w in run:
            run = run[run.rfind(w) + len(w):]
    best = None
    covered = 0  # a start inside the place an earlier start prints (铁东区… is not 东区…)
    for k in range(len(run) - 2):
        s = run[k:]
        if not is_government_name(s):
            continue
        r = split_region(s)
        if k >= covered and (r.known or s[0] in "县区市州" and k > 0):
            return s
        covered = max(covered, k + len(r.prefix))
        if best is None and k == 0:
            best = s
    return best


def name_after(text: str, start: int, limit: int = 30) -> str | None:
    """The government body's name that starts at ``start`` (longest that reads as one)."""
    j = start
    while j < len(text) and j - start < limit and NAME_CHAR.match(text[j]):
        j += 1
    for k in range(j, start + 2, -1):
        if is_government_name(text[start:k]):
            return text[start:k]
    return None


def candidates(fields, forms, paragraphs: list[tuple[int, int, str]], text: str,
               titles: list[Title]) -> list[NameCandidate]:
    """Every place that names the department, in normalised offsets of ``text``.

    ``fields`` and ``forms`` are (key, value, start, end) with offsets already in ``text``'s terms;
    ``paragraphs`` are (start, end, kind) of ``text``; ``titles`` are the titles of the report's head.
    """
    return [*_from_titles(titles, paragraphs, text), *_from_fields(fields, forms), *_from_body(text),
            *_signatures(paragraphs, text)]


def _from_titles(titles: list[Title], paragraphs: list[tuple[int, int, str]], text: str) -> list[NameCandidate]:
    """The title's department, or the organisation on the line above a title that names none."""
    out = []
    starts = [p[0] for p in paragraphs]
    for t in titles:
        if t.org:
            at = text.find(t.org, t.start, t.end)
            at = at if at >= 0 else t.start
            out.append(NameCandidate(t.org, "title", at, at + len(t.org)))
        elif t.start in starts and starts.index(t.start) > 0:
            s, e, _ = paragraphs[starts.index(t.start) - 1]
            issuer = _first_issuer(text[s:e])
            if issuer:
                at = text.find(issuer, s, e)
                out.append(NameCandidate(issuer, "title above", at, at + len(issuer)))
    return out


def _first_issuer(line: str) -> str | None:
    """The body that issues a document from the line above its title: the line, or of joint issuers printed
    side by side (某市科学技术局 某市财政局) the first that is not an overseer."""
    parts = [p for p in re.split(r"[\s\u3000、]+", line.strip()) if p]
    names = [p for p in parts if is_government_name(p)] if len(parts) > 1 else []
    if names and len(names) == len(parts):
        return next((n for n in names if not is_overseer(n)), names[0])
    return line.strip() if is_government_name(line.strip()) else None


def _from_fields(fields, forms) -> list[NameCandidate]:
    """The page's metadata (发布机构, 来源 …) and a form's cells (实施单位, 单位名称)."""
    out = []
    for key, value, start, end in fields:
        name = value.strip()
        if is_government_name(name):
            source = "metadata 来源" if key in ("来源", "文章来源", "信息来源") else "metadata"
            out.append(NameCandidate(name, source, start, end))
    for _, value, start, end in forms:
        name = re.sub(r"[（(]\s*盖章\s*[)）]", "", value).strip()
        if is_government_name(name):
            out.append(NameCandidate(name, "form", start, end))
    return out


def _from_body(text: str) -> list[NameCandidate]:
    """X（以下简称“Y”）, X作为项目管理单位, 向X反映."""
    out = []
    for m in ALIAS_INTRO.finditer(text):
        full = name_before(text, m.start())
        if full:
            out.append(NameCandidate(full, "alias", m.start() - len(full), m.start(), m.group("short")))
    for m in ROLE.finditer(text):
        name = name_before(text, m.start())
        if name and not is_overseer(name):
            out.append(NameCandidate(name, "role", m.start() - len(name), m.start()))
    for m in CONTACT.finditer(text):
        name = name_after(text, m.start("name"))
        if name and not is_overseer(name):
            out.append(NameCandidate(name, "contact", m.start("name"), m.start("name") + len(name)))
    return out



def _signatures(paragraphs: list[tuple[int, int, str]], text: str) -> list[NameCandidate]:
    """A name standing alone on its line above (or before) a date: the signature of a notice or letter."""
    out = []
    for n, (s, e, _) in enumerate(paragraphs):
        line = text[s:e].strip()
        m = DATE.search(line)
        if m and m.start() > 0:
            name = name_before(line, len(line[: m.start()].rstrip()))
            if name and not is_overseer(name):
                at = s + line.find(name)
                out.append(NameCandidate(name, "signature", at, at + len(name)))
                continue
        if is_government_name(line) and len(line) <= 30 and n + 1 < len(paragraphs):
            ns, ne, _ = paragraphs[n + 1]
            if DATE.match(text[ns:ne].strip()):
                out.append(NameCandidate(line, "signature", s, e))
    return out


def body_votes(text: str) -> list[NameCandidate]:
    """Government bodies the body names (a place or a bare level, then a body, then a suffix), overseers
    left out: the last resort when no other source names the department."""
    out = []
    for m in gazetteer().names_rx.finditer(text):
        name = name_after(text, m.start())
        if name and split_region(name).known and not is_overseer(name):
            out.append(NameCandidate(name, "body", m.start(), m.start() + len(name)))
    for m in BARE_NAME.finditer(text):
        if is_government_name(m.group(0)) and not is_overseer(m.group(0)):
            out.append(NameCandidate(m.group(0), "body", m.start(), m.end()))
    return out


def choose(cands: list[NameCandidate], region: str | None, text: str) -> DepartmentChoice:
    """Group the candidates that name one body, pick the group with most weight, and its fullest name."""
    if not cands:
        return DepartmentChoice(None, (), (), 0, 0, region)
    named = [NameCandidate(complete_region(c.name, region or ""), c.source, c.start, c.end, c.alias) for c in cands]
    groups: list[list[NameCandidate]] = []
    for c in named:
        for g in groups:
            if any(same_body(c.name, o.name) for o in g):
                g.append(c)
                break
        else:
            groups.append([c])

    def weight(g: list[NameCandidate]) -> int:
        sources = {c.source for c in g}
        return sum(WEIGHT.get(s, 1) for s in sources) + min(len(g), 5)

    def a_bureau(g: list[NameCandidate]) -> bool:  # on a tie a bureau wins over a whole government (a portal's host)
        return not all(c.name.endswith(("人民政府", "政府")) for c in g)

    groups.sort(key=lambda g: (weight(g), a_bureau(g)), reverse=True)
    best = groups[0]
    if all(c.source == "body" for c in best) and len(best) < 2:
        return DepartmentChoice(None, (), (), 0, 0, region)
    name = max(best, key=lambda c: (bool(split_region(c.name).prefix), len(c.name), WEIGHT.get(c.source, 1))).name
    ranked = sorted(best, key=lambda c: (c.name != name, -WEIGHT.get(c.source, 1)))
    first = ranked[0]  # the evidence: the strongest source that prints the chosen name
    aliases = {c.name for c in best if c.name != name} | {c.alias for c in best if c.alias}
    aliases |= {c_.name for c_ in cands if c_.name != name and any(same_body(c_.name, b.name) for b in best)}
    aliases = {a for a in aliases if a and a != name and a in text}
    conflicts = tuple(sorted({g[0].name for g in groups[1:] if any(c.source in ("title", "metadata", "form")
                                                                   for c in g)} - {name}))
    sources = tuple(sorted({c.source for c in best}, key=lambda s: -WEIGHT.get(s, 1)))
    return DepartmentChoice(name, tuple(sorted(aliases)), sources, first.start, first.end, region, conflicts)


# -- the report's identity: title, kind, department, year ----------------------------------------------

YEAR_MENTION = re.compile(r"(?<![\d〔﹝\[［(（])(?P<year>(?:19|20)\d{2})\s*年(?P<du>度)?(?!\s*\d{1,2}\s*月)")
YEAR_ANY = re.compile(r"(?<!\d)(?P<year>(?:19|20)\d{2})\s*年")
DOC_NUMBER = re.compile(r"[〔﹝\[［(（]\s*(?:19|20)\d{2}\s*[〕﹞\]］)）]")
HEAD_PARAGRAPHS = 25
#: a line that is only a year in brackets (（2022年度）), under a title that prints none
YEAR_LINE = re.compile(r"^[ \t\u3000]*[（(][ \t\u3000]*(?P<year>(?:19|20)\d{2})[ \t\u3000]*年度?[ \t\u3000]*[)）][ \t\u3000]*$",
                       re.M)
HEAD_CHARS = 400
TITLE_IN_LINE = re.compile(r"^.{4,90}?(?:报告书|报告|自评表|评价表|公示|通知)")


@dataclass(frozen=True)
class Identity:
    """Title (the main one), every title of the head, the department choice, the year and where it came from."""

    title: Title | None
    titles: tuple[Title, ...]
    department: DepartmentChoice
    year: int | None
    year_source: str | None
    year_span: tuple[int, int] | None


def head_titles(paragraphs: list[tuple[int, int, str]], text: str) -> list[Title]:
    """Titles among the first paragraphs: whole paragraphs, the start of a long one (a PDF reposted with
    its line breaks lost), and table cells that title a self-evaluation table."""
    out = []
    seen = 0
    for s, e, kind in paragraphs:
        if kind in ("chrome", "meta"):
            continue
        seen += 1
        if seen > HEAD_PARAGRAPHS:
            break
        para = text[s:e]
        if kind == "table":
            para = para.replace("|", " ").strip()
        t = parse_title(para, s)
        if t is None and len(para) > 90:
            m = TITLE_IN_LINE.match(para)
            t = parse_title(m.group(0), s) if m else None
        if t is not None:
            out.append(t)
    return out


def main_title(titles: list[Title]) -> Title | None:
    """The title that says most: a department, a year, a region or an object."""
    def rank(t: Title) -> tuple:
        return (bool(t.org), t.year is not None, bool(t.object or t.region))
    return max(titles, key=rank) if titles else None


def report_year(titles: list[Title], text: str) -> tuple[int | None, str | None, tuple[int, int] | None]:
    """The fiscal year: the title's; else a kind line's (2023年度) or the latest 年度 of the body; else the
    year the body names most (dates and document numbers left out, ties to the later year)."""
    for t in sorted(titles, key=lambda t: not t.org):
        if t.year is not None:
            return t.year, "title", (t.start, t.end)
    kind_line = YEAR_LINE.search(text[:HEAD_CHARS])
    if kind_line:  # 项目支出绩效自评表 / （2022年度）: the year on its own line under the title
        return int(kind_line.group("year")), "kind line", (kind_line.start(), kind_line.end())
    clean = DOC_NUMBER.sub(lambda m: " " * len(m.group(0)), text)
    mentions = list(YEAR_MENTION.finditer(clean))
    du = [m for m in mentions if m.group("du")]
    mentions = list(YEAR_ANY.finditer(clean))
    if du:
        m = max(du, key=lambda m: int(m.group("year")))
        return int(m.group("year")), "body 年度", (m.start(), m.end())
    if mentions:
        counts = Counter(int(m.group("year")) for m in mentions)
        year = max(counts, key=lambda y: (counts[y], y))
        m = next(m for m in mentions if int(m.group("year")) == year)
        return year, "body", (m.start(), m.end())
    return None, None, None


def identify(fields, forms, paragraphs: list[tuple[int, int, str]], text: str) -> Identity:
    """Title, department and year of one report (all offsets normalised, into ``text``)."""
    titles = head_titles(paragraphs, text) + _quoted_titles(text)
    title = main_title(titles)
    cands = candidates(fields, forms, paragraphs, text, titles)
    region = next((t.region for t in titles if t.region), None) or \
        next((split_region(t.org).prefix for t in titles if t.org and split_region(t.org).prefix), None)
    if not cands:
        cands = body_votes(text)
    choice = choose(cands, region, text)
    body = "".join(text[s:e] if kind != "meta" else " " * (e - s) for s, e, kind in _with_gaps(paragraphs, len(text)))
    year, source, span = report_year(titles, body)
    return Identity(title, tuple(titles), choice, year, source, span)


def _with_gaps(paragraphs: list[tuple[int, int, str]], n: int) -> list[tuple[int, int, str]]:
    """The paragraphs and the separators between them, covering ``[0, n)``."""
    out, pos = [], 0
    for s, e, kind in paragraphs:
        if s > pos:
            out.append((pos, s, "text"))
        out.append((s, e, kind))
        pos = e
    if pos < n:
        out.append((pos, n, "text"))
    return out


def _quoted_titles(text: str) -> list[Title]:
    out = []
    for m in QUOTED_TITLE.finditer(text):
        t = parse_title(m.group("title") + "报告", m.start("title"))
        if t is not None:
            out.append(t)
    return out
