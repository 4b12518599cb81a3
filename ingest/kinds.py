"""Report titles and kinds: one grammar for every shape of title.

    [region][department][year][object][scope][绩效][自评|评价][报告|表|公开|公示|通知]

with the year before or after the department, the object (a fund, a project) before or after the year,
and any part but the ending missing: ``2023年度X局部门整体支出绩效自评报告``, ``X县2020年Y工程绩效评价
自评报告``, ``Z补助资金2022年度绩效自评报告``, ``关于2023年三季度Y奖励资金的公示``. The words are in
``patterns/titles.toml``; government names are read by ingest/orgs.py, places by ingest/places.py.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .orgs import government_prefix, is_government_name
from .patterns import title_patterns
from .places import split_region

GENERIC_OBJECT = re.compile(r"预算|项目|部门|单位|资金|专项|财政|支出|整体|省级|市级|县级|区级|本级|年度")
PROPOSED_TAIL = re.compile(r"(?<=[资经]金|奖励|补助|补贴|经费)拟[\u4e00-\u9fff]{1,6}?(?:项目|企业|单位|名单|对象|情况)$")
YEAR = re.compile(r"[（(]?\s*(?P<year>(?:19|20)\d{2})\s*年(?:度)?\s*[)）]?")


@dataclass(frozen=True)
class Title:
    """What a title says; ``start``/``end`` are offsets into the text it was read from."""

    text: str
    kind: str  # department | project | special_fund | evaluation | table | notice
    scope: str | None  # department | project | special_fund
    org: str | None = None  # the department, when the title names one
    region: str | None = None  # the region printed before the object when no department is named
    year: int | None = None
    object: str | None = None  # the fund or project evaluated, or the notice's program
    start: int = 0
    end: int = 0

    @property
    def label(self) -> str:
        """The kind in words (``project report``)."""
        return title_patterns().kinds.get(self.kind, self.kind)


def parse_title(text: str, start: int = 0) -> Title | None:
    """Read one line (or clause) as a title; None when it is not one."""
    pats = title_patterns()
    raw = text
    s = re.sub(r"\s+", "", text) if len(text) < 160 else text.strip()
    s = pats.suffixes.sub("", s)
    numbered = bool(re.match(r"^(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[)）]|\d{1,2}\s*[、.．])", s))
    lead = pats.prefixes.match(s)
    s = s[lead.end():] if lead else s
    if not (4 <= len(s) <= 90) or re.search(r"[。；;！？!?，,:：《》]|根据", s):
        return None
    m = pats.ending.search(s) or pats.result_ending.search(s)
    if not m:
        return None
    ending = m.group("ending")
    head = s[: m.start()]
    notice = ending.endswith(pats.notice_endings)
    if notice and not any(w in s for w in pats.money_words):
        return None
    if not notice and not any(w in s for w in pats.evaluation_words):
        return None
    year = None
    ym = YEAR.search(s)
    if ym:
        year = int(ym.group("year"))
    org, region, rest = _issuer(head, ym)
    if numbered and not org:
        return None  # a numbered heading (2、某某资金项目绩效目标设定情况), not a title
    scope = _scope(rest + ending)
    obj = _object(rest, notice)
    paren = m.groupdict().get("paren")
    if obj is None and paren and not YEAR.fullmatch(paren):
        obj = _object(paren, notice)  # 2019年度项目绩效自评报告(某某项目资金)
    kind = "notice" if notice else "table" if ending.endswith("表") else \
        "evaluation" if "评价" in ending and "自评" not in ending and "自我评价" not in ending else (scope or "department")
    return Title(raw.strip(), kind, scope, org, region, year, obj, start, start + len(raw.rstrip()))


#: a portal's name and menu glued before a title (a page's lines joined): everything up to its last menu word
CHROME_LEAD = re.compile(r"^.*(?:门户网站|网站首页|首页|政务公开|信息公开|预决算公开|通知公告|当前位置)[>＞»\s]*")


def _issuer(head: str, ym: re.Match | None) -> tuple[str | None, str | None, str]:
    """(department, region, the rest of the head): 某某局关于2020年… (the issuer before 关于), a department before
    or after the year, else the region printed before the object."""
    head = CHROME_LEAD.sub("", head)  # 某某市人民政府门户网站…预决算公开某某局…自评表: a portal's menu glued on
    issuer = re.match(r"(?P<org>.{3,40}?)关于", head)
    if issuer and is_government_name(issuer.group("org")):
        return issuer.group("org"), None, head[issuer.end():]
    for piece in _pieces(head):
        org = government_prefix(piece)
        if org:
            return org, None, head.replace(org, "", 1)
    r = split_region(head if not ym or ym.start() else head[ym.end():])
    if r.prefix and r.rest:
        return None, r.prefix, head.replace(r.prefix, "", 1)
    return None, None, head


def _pieces(head: str) -> list[str]:
    """The text before and after the year (the department may stand on either side)."""
    m = YEAR.search(head)
    return [p for p in ((head[: m.start()], head[m.end():]) if m else (head,)) if p]


def _scope(words: str) -> str | None:
    for name, markers in title_patterns().scopes:
        if any(m in words for m in markers):
            return name
    return None


def _object(rest: str, notice: bool) -> str | None:
    """The fund or project a title evaluates (a notice: its program), without the scope words (部门整体支出,
    使用情况); a year printed right before the object stays with it (2021年省级旅游发展资金)."""
    pats = title_patterns()
    rest = re.sub(r"[（(]?\s*(?:19|20)\d{2}\s*年度?\s*[)）]?$", "", rest)
    ym = YEAR.match(rest)
    year, rest = (rest[: ym.end()], rest[ym.end():]) if ym else ("", rest)
    obj = re.sub(r"^(?:部门|单位)?(?:整体支出|部门整体|整体)|^(?:部门|单位|本级)", "", rest)
    for lead in pats.object_leads:
        if obj.startswith(lead):
            obj = obj[len(lead):]
        m = YEAR.match(obj)
        if m and obj[m.end():].startswith(lead):
            obj = obj[: m.end()] + obj[m.end() + len(lead):]
    changed = True
    while changed and obj:
        changed = False
        for t in pats.object_tails:
            if obj.endswith(t) and len(obj) > len(t):
                obj, changed = obj[: -len(t)], True
    obj = re.sub(r"^的|的$", "", obj).strip("“”\"")
    obj = PROPOSED_TAIL.sub("", obj)  # 专项资金拟扶持项目: the fund, not the list of proposals
    core = YEAR.sub("", obj)
    if len(core) < 3 or not GENERIC_OBJECT.sub("", core):
        return None  # only generic words: 预算项目, 省级财政专项资金
    return year + obj if year else obj
