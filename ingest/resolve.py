"""Names -> one canonical entity within and across reports (deterministic, explainable).

Across reports, two mentions are the same thing when their *name keys* are equal; the key is the
name after NFKC folding with spaces and quotes removed and, by type (``patterns/resolution.toml``):

* enterprise / institution: region prefix (广州市, 广东 …), a trailing parenthesis and legal suffixes
  (有限公司, 集团 …) dropped: 杭州云帆公司 ~ 云帆有限公司;
* event: edition (2023年, 第九届) and session (…滨江区分会场, …余杭区投资推介专场活动) dropped, so every session
  of 中国数字贸易博览会 is that event;
* project / policy: the folded name itself — a project is never merged with its owner.

A user alias table (``--aliases FILE``, TSV: alias, canonical, type) is applied first. Within a report,
short forms are tied to full names (云帆 -> 云帆科技有限公司, X（Y）: Y -> X, 专场活动 tails). Every
mention records which rule resolved it (``gk:resolvedBy``) so each merge can be explained.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .facts import ENTITY_TYPES, ORG_TYPES, Entity, Extraction, Mention, ReportFacts, ResolvedMention, ResolvedSubsidy
from .orgs import BRACKETED, enterprise_core
from .patterns import entity_patterns, resolution_patterns
from .places import split_region

QUOTES = "“”\"'‘’「」『』《》"


def fold_name(name: str) -> str:
    """NFKC, no white space, no quotation marks."""
    return "".join(ch for ch in unicodedata.normalize("NFKC", name) if not ch.isspace() and ch not in QUOTES)


@dataclass(frozen=True)
class Resolved:
    """A mention's canonical identity: ``key`` makes the IRI, ``canonical`` is the display name."""

    key: str
    canonical: str
    rule: str


def event_series(name: str) -> str | None:
    """``第三届中国数字贸易博览会滨江分会场`` -> ``中国数字贸易博览会`` (None when no session follows a series)."""
    pats = resolution_patterns()
    folded = re.sub(r"“[^”]*”", "", unicodedata.normalize("NFKC", name).replace(" ", ""))
    base = pats.event_prefix_rx.sub("", folded)
    matches = list(pats.series_rx.finditer(base))
    if not matches:
        return None
    m = matches[0]
    if m.end() == len(base) and base == folded:
        return None  # a plain event name, nothing to strip
    series = base[: m.end()]
    return series if len(series) > len(m.group(0)) else None


def name_key(name: str, type_: str) -> tuple[str, list[str]]:
    """The comparison key of a name and the steps that produced it."""
    pats = resolution_patterns()
    key, steps = fold_name(name), []
    if type_ == "enterprise":
        core = enterprise_core(key)  # the organisation-name grammar: trade name without places, industry, form
        key, steps = core.core, list(core.steps)
    elif type_ == "institution":
        stripped = re.sub(r"[（(][^（）()]{1,12}[）)]$", "", key)
        if stripped != key and len(stripped) >= 2:
            key, steps = stripped, steps + ["trailing parenthesis"]
        r = split_region(key)
        if r.prefix and len(r.rest) >= 2:
            key, steps = r.rest, steps + [f"region {r.prefix}"]
    elif type_ == "event":
        series = event_series(name)
        if series:
            key, steps = fold_name(series), [f"session of {series}"]
        else:
            key = fold_name(pats.event_prefix_rx.sub("", unicodedata.normalize("NFKC", name).replace(" ", ""))) or key
        country = next((c for c in pats.event_country if key.startswith(c) and len(key) - len(c) >= 4), None)
        if country:
            key, steps = key[len(country):], steps + [f"country {country}"]
    return key, steps


@lru_cache(maxsize=65536)
def _marks(folded: str) -> tuple[str | None, str | None, str | None, bool]:
    """(province, city, industry word, legal form printed) of a folded enterprise name."""
    r = split_region(folded)
    if not r.prefix:  # a place in brackets: 农夫山泉（建德）有限公司
        m = BRACKETED.search(folded)
        r = split_region(m.group("inner") + "某某") if m else r
    core = enterprise_core(folded)
    return r.province, r.city, core.industry, core.legal


def region_and_industry(folded: str) -> str:
    """What tells a firm from others of its trade name: its city (or province) and industry word
    (``哈密伊州区丝路果业有限公司`` -> 哈密市果业); empty when the name prints neither."""
    province, city, industry, _ = _marks(folded)
    return (city or province or "") + (industry or "")


def name_conflict(a: str, b: str) -> str | None:
    """Why two enterprise names with one name key are two firms, or None when nothing contradicts one firm.

    They contradict when both print places in different provinces or cities (宁波云帆… / 杭州云帆…), or when
    both are full legal names whose industry words differ and neither ends the other (…光电科技有限公司 /
    …果业有限公司; 信息科技 and 科技 agree). A short name, a name without a place and a name without an
    industry word contradict nothing.
    """
    ma, mb = _marks(fold_name(a)), _marks(fold_name(b))
    for pa, pb in zip(ma[:2], mb[:2], strict=True):
        if pa and pb and pa != pb:
            return f"{pa} / {pb}"
    (ia, la), (ib, lb) = ma[2:], mb[2:]
    if la and lb and ia and ib and not (ia.endswith(ib) or ib.endswith(ia)):
        return f"{ia} / {ib}"
    return None


class Resolver:
    """Maps a surface name and type to a canonical key and name, saying which rule did it."""

    def __init__(self, aliases: dict[str, tuple[str, str | None]] | None = None):
        self.aliases = aliases or {}

    @classmethod
    def from_file(cls, path: str | Path) -> "Resolver":
        """Read a TSV alias table (alias, canonical, optional type); ValueError names a bad line.

        An alias names one entity: a second line giving the same alias (after folding) another canonical
        name or type is refused, and so is a cycle (A -> B, B -> A, or longer). A chain (A -> B, B -> C)
        resolves to its end (A -> C).
        """
        try:
            lines = Path(path).read_text("utf-8-sig").splitlines()
        except (OSError, UnicodeDecodeError) as e:
            raise ValueError(f"{path}: cannot read alias table ({getattr(e, 'strerror', None) or e})") from None
        table: dict[str, tuple[str, str | None]] = {}
        at: dict[str, tuple[int, str]] = {}  # folded alias -> (line number, alias as written)
        for n, alias, canonical, type_ in _alias_lines(path, lines):
            key = fold_name(alias)
            if key == fold_name(canonical):
                continue  # a name that is its own canonical name maps nothing
            if key in table:
                if (fold_name(table[key][0]), table[key][1]) == (fold_name(canonical), type_):
                    continue  # the same entry again
                old, old_type = table[key]
                raise ValueError(f"{path}:{n}: '{alias}' is already an alias of '{old}'"
                                 f"{f' ({old_type})' if old_type else ''} on line {at[key][0]}; "
                                 "an alias names one entity")
            table[key] = (canonical, type_)
            at[key] = (n, alias)
        _refuse_cycles(path, table, at)
        return cls({key: _chain_end(key, table) for key in table})

    def resolve(self, surface: str, type_: str) -> Resolved:
        """Canonical key and name of one surface form."""
        hit = self.aliases.get(fold_name(surface))
        if hit and (hit[1] is None or hit[1] == type_):
            key, _ = name_key(hit[0], type_)
            return Resolved(key, hit[0], f"alias table: {surface} -> {hit[0]}")
        key, steps = name_key(surface, type_)
        if type_ == "event" and steps:
            series = event_series(surface) or surface
            return Resolved(key, series, f"event session: {surface} -> {series}")
        rule = "name key " + key + (f" ({', '.join(steps)})" if steps else "")
        return Resolved(key, surface, rule)


def _alias_lines(path: str | Path, lines: list[str]) -> Iterator[tuple[int, str, str, str | None]]:
    """(line number, alias, canonical, type) of every entry of an alias table; ValueError names a bad line."""
    for n, line in enumerate(lines, 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        parts = [p.strip() for p in line.split("\t")]
        if len(parts) < 2 or not parts[0] or not parts[1]:
            raise ValueError(f"{path}:{n}: expected 'alias<TAB>canonical[<TAB>type]'")
        type_ = parts[2] if len(parts) > 2 and parts[2] else None
        if type_ is not None and type_ not in ENTITY_TYPES:
            raise ValueError(f"{path}:{n}: unknown type '{type_}' (use {', '.join(sorted(ENTITY_TYPES))})")
        yield n, parts[0], parts[1], type_


def _refuse_cycles(path: str | Path, table: dict[str, tuple[str, str | None]], at: dict[str, tuple[int, str]]) -> None:
    """ValueError naming the line that closes the first cycle (A -> B -> A) of an alias table."""
    acyclic: set[str] = set()
    for start in sorted(table, key=lambda k: at[k][0]):
        walk: list[str] = []
        key = start
        while key in table and key not in acyclic:
            if key in walk:
                cycle = walk[walk.index(key):] + [key]
                steps = " -> ".join(f"'{at[k][1]}' (line {at[k][0]})" for k in cycle[:-1])
                last = max(at[k][0] for k in cycle[:-1])
                raise ValueError(f"{path}:{last}: alias cycle {steps} -> '{at[key][1]}': "
                                 "a name cannot be an alias of its own alias")
            walk.append(key)
            key = fold_name(table[key][0])
        acyclic.update(walk)


def _chain_end(key: str, table: dict[str, tuple[str, str | None]]) -> tuple[str, str | None]:
    """The canonical name at the end of an alias chain (A -> B, B -> C: C), followed through entries that apply
    to the first entry's type (A keeps its own type)."""
    canonical, type_ = table[key]
    nxt = table.get(fold_name(canonical))
    while nxt is not None and nxt[1] in (None, type_):
        canonical = nxt[0]
        nxt = table.get(fold_name(canonical))
    return canonical, type_


def link_within_report(mentions: Sequence[Mention], resolve: Callable[[str, str], Resolved]) -> dict[int, tuple[str, str]]:
    """Short forms tied to the fuller names the same report uses: mention index -> (that name, rule)."""
    by_type: dict[str, list[int]] = {}
    for i, m in enumerate(mentions):
        by_type.setdefault(m.type, []).append(i)
    links: dict[int, tuple[str, str]] = {}
    for type_, indices in by_type.items():
        ms = [mentions[i] for i in indices]
        keys = {m.surface: resolve(m.surface, type_).key for m in ms}
        aliases = {fold_name(m.alias_of): m.surface for m in ms if m.alias_of}
        full = sorted({m.surface for m in ms}, key=len, reverse=True)
        fuller = _FullerNames(type_, keys, full)
        for i, m in zip(indices, ms, strict=True):
            named = aliases.get(fold_name(m.surface))
            if named is not None and named != m.surface:
                links[i] = named, "parenthesised alias in the same report"
                continue
            other = fuller.find(m.surface)
            if other is not None:
                links[i] = other
    return links


class _FullerNames:
    """The first longer name of the report (in ``full``: longest first) that a surface shortens, with the
    rule that says so — looked up in an index of key prefixes (enterprises) and name suffixes (events), so
    that a report naming thousands of entities links them in linear time (a scan of every name for each
    name took 92 s for 10,000 companies)."""

    def __init__(self, type_: str, keys: dict[str, str], full: list[str]):
        self.type = type_
        self.keys = keys
        self.index: dict[str, str] = {}
        if type_ == "enterprise":
            suffixes = entity_patterns().legal_suffixes
            for other in full:  # every proper prefix (2 characters or more) of a full name's key
                key = keys[other]
                if other.endswith(suffixes):
                    for n in range(2, len(key)):
                        self.index.setdefault(key[:n], other)
        elif type_ == "event":
            for other in full:  # every proper suffix (6 characters or more) of a name without quotes
                if "“" not in other:
                    folded = fold_name(other)
                    for n in range(1, len(folded) - 5):
                        self.index.setdefault(folded[n:], other)
        self._memo: dict[str, tuple[str, str] | None] = {}

    def find(self, surface: str) -> tuple[str, str] | None:
        if surface not in self._memo:
            self._memo[surface] = self._find(surface)
        return self._memo[surface]

    def _find(self, surface: str) -> tuple[str, str] | None:
        if self.type == "enterprise":
            if surface.endswith(entity_patterns().legal_suffixes):
                return None  # a full legal name stands for itself (宁夏贺兰山机械制造有限公司 beside 宁夏贺兰山数据…有限公司)
            k = self.keys[surface]
            other = self.index.get(k) if len(k) >= 2 else None
            return (other, f"short form of {other} in the same report") if other else None
        if self.type == "event":
            tail = fold_name(re.sub(r"“[^”]*”", "", surface))
            other = self.index.get(tail) if len(tail) >= 6 else None
            return (other, f"same session as {other} in the same report") if other else None
        return None


def _siblings(mentions: Sequence[Mention]) -> dict[str, tuple[str, str]]:
    """Enterprise names whose trade-name core another enterprise of the report shares, and which keep
    their industry word in the key: two full names that differ by industry (某某饮品有限公司 and
    某某饮用水有限公司), or a short form with an industry word beside the bare trade name (广药物流 beside
    广药). Surface -> (industry, the other name)."""
    by_core: dict[str, list[tuple[str, object]]] = {}
    for m in mentions:
        if m.type == "enterprise":
            c = enterprise_core(fold_name(m.surface))
            by_core.setdefault(c.core, []).append((m.surface, c))
    out: dict[str, tuple[str, str]] = {}
    for names in by_core.values():
        legal = {c.industry for _, c in names if c.legal and c.industry}
        bare = [s for s, c in names if c.industry is None and not c.legal]
        for surface, c in names:
            if c.industry is None:
                continue
            other = next((s for s, o in names if o.industry not in (None, c.industry) and o.legal), None)
            if c.legal and len(legal) > 1 and other:
                out[surface] = c.industry, other
            elif not c.legal and bare:
                out[surface] = c.industry, bare[0]
    return out


#: The rule of a mention made for a subsidy recipient that no extracted mention names.
RECIPIENT_RULE = "subsidy recipient"


def resolve_report(found: Extraction, resolver: Resolver) -> ReportFacts:
    """The last ingest stage: every mention tied to its canonical entity (saying which rule merged it),
    every subsidy recipient an entity; the result is immutable."""
    memo: dict[tuple[str, str], Resolved] = {}
    siblings = _siblings(found.mentions)

    def resolve(surface: str, type_: str) -> Resolved:
        hit = memo.get((surface, type_))
        if hit is None:
            hit = resolver.resolve(surface, type_)
            if type_ == "enterprise" and surface in siblings and not hit.rule.startswith("alias table"):
                industry, other = siblings[surface]
                hit = Resolved(hit.key + industry, hit.canonical,
                               f"{hit.rule}; industry {industry} kept: {other} is another enterprise here")
            memo[surface, type_] = hit
        return hit

    links = link_within_report(found.mentions, resolve)
    mentions = [_resolved(i, m, links.get(i), resolve) for i, m in enumerate(found.mentions)]
    orgs: dict[str, Entity] = {}
    for m in mentions:
        if m.entity.type in ORG_TYPES:
            orgs.setdefault(m.surface, m.entity)
    subsidies = []
    for s in found.subsidies:
        recipients = []
        for name in s.recipients:
            if name not in orgs:  # named only by the payment: the recipient becomes a mention of its own
                made = _resolved(len(mentions), Mention(name, "enterprise", s.evidence, RECIPIENT_RULE), None, resolve)
                mentions.append(made)
                orgs[name] = made.entity
            recipients.append(orgs[name])
        subsidies.append(ResolvedSubsidy(tuple(recipients), s.recipients_count, s.amount, s.currency, s.qualifier,
                                         s.program, s.printed, s.evidence))
    return ReportFacts(found.report, found.path, found.chars, found.department, tuple(found.budget),
                       tuple(mentions), tuple(subsidies), tuple(found.grants), tuple(found.warnings))


def _resolved(number: int, m: Mention, link: tuple[str, str] | None,
              resolve: Callable[[str, str], Resolved]) -> ResolvedMention:
    same_as, same_rule = link if link else (None, "")
    r = resolve(same_as or m.surface, m.type)
    owner = None
    if m.parent:
        o = resolve(m.parent, "enterprise")
        owner = Entity("enterprise", o.key, o.canonical)
    names = tuple(a for a in (m.surface, same_as, m.alias_of) if a and a != r.canonical)
    return ResolvedMention(number, m.surface, Entity(m.type, r.key, r.canonical), m.evidence, m.rule,
                           f"{same_rule}; {r.rule}" if same_as else r.rule, names, owner)
