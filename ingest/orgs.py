"""Government bodies' names: [region][body][suffix], short forms, and which printed names are the same body.

``patterns/orgs.toml`` holds the suffixes (局, 委员会, 管委会 …), the division words (科, 处 …) and the bodies
that fund or oversee others (财政局, 人民政府 …). A short form keeps the full name's characters in order and
its last one: 发改委 ~ 发展和改革委员会, 科工信局 ~ 科技和工业信息化局, 区农业农村局 ~ 宁波市奉化区农业农村局.
"""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from .places import split_region

NAME_CHARS = re.compile(r"^[\u4e00-\u9fff（）()]+$")


@dataclass(frozen=True)
class OrgPatterns:
    """``patterns/orgs.toml``: government suffixes, divisions, overseers, words that follow a name."""

    government_suffixes: tuple[str, ...]
    divisions: tuple[str, ...]
    overseers: tuple[str, ...]
    scope_starts: tuple[str, ...]
    suffix_rx: re.Pattern


@lru_cache(maxsize=1)
def org_patterns() -> OrgPatterns:
    """``patterns/orgs.toml`` loaded."""
    raw = tomllib.loads(resources.files("ingest.patterns").joinpath("orgs.toml").read_text("utf-8"))
    suffixes = tuple(sorted(raw["government_suffixes"], key=len, reverse=True))
    return OrgPatterns(suffixes, tuple(raw["divisions"]), tuple(raw["overseers"]), tuple(raw["scope_starts"]),
                       re.compile("(?:" + "|".join(map(re.escape, suffixes)) + ")"))


def is_government_name(name: str) -> bool:
    """A whole string that reads as a government body or public unit (``隆回县科技和工业信息化局``)."""
    s = re.sub(r"\s+", "", name or "")
    if not (3 <= len(s) <= 32) or not NAME_CHARS.match(s):
        return False
    pats = org_patterns()
    if not s.endswith(pats.government_suffixes):
        return False
    body = split_region(s).rest
    suffix = next(x for x in pats.government_suffixes if s.endswith(x))
    core = body[: len(body) - len(suffix)] if body.endswith(suffix) else body
    if len(core) < 1 or (len(core) < 2 and len(body) == len(s)):
        return False  # 办公室, 局: a bare suffix; 某局 needs a region
    return not (body == s and s.endswith(pats.divisions) and len(s) <= 6)  # 财务科, 办公室 alone


def government_prefix(text: str) -> str | None:
    """The longest start of ``text`` that is a government body's name followed by a scope word, a year, or
    nothing (``广州市白云区投资促进局部门整体支出`` -> 广州市白云区投资促进局, not …局部)."""
    pats = org_patterns()
    best = None
    for m in pats.suffix_rx.finditer(text):
        name, after = text[: m.end()], text[m.end():]
        if not is_government_name(name):
            continue
        if not after or after.startswith(pats.scope_starts) or re.match(r"\s*(?:19|20)\d{2}", after) or \
                re.match(r"\s*[（(]", after):
            best = name
    return best


def is_overseer(name: str) -> bool:
    """财政局, 人民政府, 县委 …: bodies that fund or govern; a report names them but rarely reports for them."""
    body = split_region(name).rest
    return any(body.endswith(o) or body == o for o in org_patterns().overseers)


def is_short_form(short: str, full: str) -> bool:
    """Is ``short`` an abbreviation of ``full``: its characters in order, the same last character?"""
    if not short or not full or len(short) >= len(full) or short[-1] != full[-1]:
        return False
    it = iter(full)
    return all(ch in it for ch in short)


def same_body(a: str, b: str) -> bool:
    """Do two printed names denote the same government body (one may be short or lack its region)?"""
    if a == b:
        return True
    ra, rb = split_region(a), split_region(b)
    body_a, body_b = ra.rest, rb.rest
    if body_a.startswith(("区", "县", "市", "州", "省")) and not ra.prefix:
        body_a = body_a[1:]
    if body_b.startswith(("区", "县", "市", "州", "省")) and not rb.prefix:
        body_b = body_b[1:]
    if not (body_a == body_b or is_short_form(body_a, body_b) or is_short_form(body_b, body_a)):
        return False
    for x, y in ((ra.district, rb.district), (ra.city, rb.city), (ra.province, rb.province)):
        if x and y and x != y and not is_short_form(x, y) and not is_short_form(y, x):
            return False
    return True


def complete_region(name: str, region_prefix: str) -> str:
    """``区农业农村局`` + ``宁波市奉化区`` -> ``宁波市奉化区农业农村局``: a name printed with a bare level
    character (区, 县, 市) takes the report's region of that level."""
    if not region_prefix or split_region(name).prefix:
        return name
    level = name[:1]
    if level in "区县市州" and region_prefix.endswith(level):
        return region_prefix + name[1:]
    return name
