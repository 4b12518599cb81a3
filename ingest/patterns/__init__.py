"""The pattern files beside this module, each read once into a frozen dataclass.

The ``*.toml`` files are the source of every word list, suffix, place name and regular expression the
extractors use; the loaders below only compile them (alternations longest first) and derive lookups.
"""
from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from types import MappingProxyType


def read(name: str) -> dict:
    """The parsed ``<name>.toml`` of this package."""
    return tomllib.loads(resources.files(__name__).joinpath(f"{name}.toml").read_text("utf-8"))


def alternation(words: Iterable[str]) -> re.Pattern:
    """One regex matching any of ``words``, the longest first (so 年度预算执行数 wins over 年度预算)."""
    return re.compile("|".join(map(re.escape, sorted(words, key=len, reverse=True))))


def _frozen(mapping: Mapping) -> Mapping:
    return MappingProxyType(dict(mapping))


# -- quantities.toml ------------------------------------------------------------------------------


@dataclass(frozen=True)
class QuantityPatterns:
    """Amounts, rates, years, scores and counts (regexes over folded text) and the money units."""

    amount: re.Pattern
    rate: re.Pattern
    year: re.Pattern
    score: re.Pattern
    count: re.Pattern
    units: Mapping[str, float]  # printed unit -> factor to the currency's base unit
    currencies: Mapping[str, str]  # unit ending -> ISO currency (CNY otherwise)


@lru_cache(maxsize=1)
def quantity_patterns() -> QuantityPatterns:
    """``quantities.toml`` compiled."""
    raw = read("quantities")
    rx = {k: re.compile(raw[k]["pattern"]) for k in ("amount", "rate", "year", "score", "count")}
    return QuantityPatterns(**rx, units=_frozen(raw["units"]), currencies=_frozen(raw["currencies"]))


# -- budget.toml ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class BudgetPatterns:
    """Budget keywords by slot and the words that name, or do not name, a budget line."""

    not_a_line: tuple[str, ...]
    total_words: tuple[str, ...]  # longest first
    item_suffixes: tuple[str, ...]
    item_prefixes: tuple[str, ...]
    slot_of: Mapping[str, str]  # keyword -> slot
    keywords: re.Pattern  # every keyword, longest first
    amount_after: re.Pattern  # a money figure right after a keyword
    rate_after: re.Pattern  # a percentage right after a keyword
    item_hint: re.Pattern  # every text that can name a line holds one of these words (a cheap first test)
    suffix_rx: re.Pattern  # a line name ending the text


@lru_cache(maxsize=1)
def budget_patterns() -> BudgetPatterns:
    """``budget.toml`` compiled."""
    raw = read("budget")
    slot_of = {kw: slot for slot, kws in raw["slots"].items() for kw in kws}
    q = quantity_patterns()
    line_words = "|".join(map(re.escape, raw["item_suffixes"] + raw["slots"]["subtotal"]))
    return BudgetPatterns(
        not_a_line=tuple(raw["not_a_line"]),
        total_words=tuple(sorted(raw["total_words"], key=len, reverse=True)),
        item_suffixes=tuple(raw["item_suffixes"]),
        item_prefixes=tuple(raw["item_prefixes"]),
        slot_of=_frozen(slot_of),
        keywords=alternation(slot_of),
        amount_after=re.compile(raw["gap"] + "(?:" + q.amount.pattern + ")"),
        rate_after=re.compile(raw["gap"] + "(?:" + q.rate.pattern + ")"),
        item_hint=re.compile(line_words),
        suffix_rx=re.compile(r"([\u4e00-\u9fffA-Za-z0-9（）()+·]{2,40}?(?:" + line_words + r"))\s*$"),
    )


# -- departments.toml -----------------------------------------------------------------------------


@dataclass(frozen=True)
class DepartmentPatterns:
    """How a report names its department, its region, itself, and government bodies in general."""

    titles: tuple[re.Pattern, ...]
    province: re.Pattern
    city: re.Pattern
    district: re.Pattern
    government_suffixes: tuple[str, ...]
    government_words: tuple[str, ...]
    government_levels: re.Pattern  # a name starting at one of these levels (区, 市 …)
    government_ending: re.Pattern  # a name ending like a government body (局, 委员会 …)
    self_rx: re.Pattern  # 我局, 本单位 …
    score_keywords: re.Pattern
    score_project_words: tuple[str, ...]
    score_department_words: tuple[str, ...]


@lru_cache(maxsize=1)
def department_patterns() -> DepartmentPatterns:
    """``departments.toml`` compiled."""
    raw = read("departments")
    return DepartmentPatterns(
        titles=tuple(re.compile(t) for t in raw["titles"]),
        province=re.compile(raw["province"]),
        city=re.compile(raw["city"]),
        district=re.compile(raw["district"]),
        government_suffixes=tuple(raw["government_suffixes"]),
        government_words=tuple(raw["government_words"]),
        government_levels=re.compile("^(?:" + "|".join(map(re.escape, raw["government_levels"])) + ")"),
        government_ending=re.compile("(?:" + "|".join(map(re.escape, raw["government_endings"])) + ")$"),
        self_rx=alternation(raw["self_references"]),
        score_keywords=re.compile(raw["score_keywords"]),
        score_project_words=tuple(raw["score_project_words"]),
        score_department_words=tuple(raw["score_department_words"]),
    )


# -- entities.toml --------------------------------------------------------------------------------


@dataclass(frozen=True)
class EntityPatterns:
    """Name suffixes, list closers and context words of the mention rules (``ingest.entities``)."""

    legal_suffixes: tuple[str, ...]
    suffix_list: tuple[tuple[str, str], ...]  # (suffix, type), longest first
    suffix_rx: re.Pattern
    suffix_type: Mapping[str, str]
    closer_rx: re.Pattern
    closer_type: Mapping[str, str]
    max_name: int
    min_name: int
    multi_triggers: tuple[str, ...]  # longest first
    single_triggers: frozenset[str]
    leading: tuple[str, ...]
    trailing: tuple[str, ...]
    partners_rx: re.Pattern
    leaders_rx: re.Pattern
    cohost_rx: re.Pattern
    landed_rx: re.Pattern
    project_words: tuple[str, ...]
    generic: tuple[str, ...]
    places: tuple[str, ...]
    not_alias: frozenset[str]
    zone_rx: re.Pattern
    closer_stop: tuple[str, ...]
    joiners: tuple[str, ...]


@lru_cache(maxsize=1)
def entity_patterns() -> EntityPatterns:
    """``entities.toml`` compiled."""
    raw = read("entities")
    ctx = raw["context"]
    suffixes = [(s, t) for t, ss in raw["suffix_types"].items() for s in ss]
    suffixes += [(s, "enterprise") for s in raw["legal_suffixes"]]
    suffix_list = tuple(sorted(suffixes, key=lambda x: len(x[0]), reverse=True))
    closers = [(w, t) for t, ws in raw["list_closers"].items() for w in ws]
    closer_rx = re.compile(
        r"\s*(?P<count>(?:\d+|多|数|几)\s*多?\s*(?:家|个|批|宗|所))?\s*(?:为)?(?P<mod>[\u4e00-\u9fff“”]{0,10}?)"
        r"(?P<closer>" + "|".join(re.escape(w) for w, _ in sorted(closers, key=lambda x: -len(x[0]))) + ")"
    )
    item = r"[^、，。；：:;,“”《》\s]{2,20}"
    opener = "|".join(map(re.escape, ctx["partners"]))
    return EntityPatterns(
        legal_suffixes=tuple(raw["legal_suffixes"]),
        suffix_list=suffix_list,
        suffix_rx=re.compile("|".join(re.escape(s) for s, _ in suffix_list)),
        suffix_type=_frozen(suffix_list),
        closer_rx=closer_rx,
        closer_type=_frozen(closers),
        max_name=raw["tuning"]["max_name"],
        min_name=raw["tuning"]["min_name"],
        multi_triggers=tuple(sorted((t for t in ctx["triggers"] if len(t) > 1), key=len, reverse=True)),
        single_triggers=frozenset(t for t in ctx["triggers"] if len(t) == 1),
        leading=tuple(ctx["leading"]),
        trailing=tuple(ctx["trailing"]),
        partners_rx=re.compile(rf"(?:{opener})(?P<items>{item}(?:、{item})+)"),
        leaders_rx=re.compile(rf"以(?P<items>{item}(?:、{item})*)\s*为龙头"),
        cohost_rx=re.compile(ctx["cohost"]),
        landed_rx=re.compile(ctx["landed"]),
        project_words=tuple(ctx["project_words"]),
        generic=tuple(ctx["generic"]),
        places=tuple(ctx["places"]),
        not_alias=frozenset(ctx["not_alias"]),
        zone_rx=re.compile(ctx["zone_prefix"]),
        closer_stop=tuple(ctx["closer_stop"]),
        joiners=tuple(ctx["joiners"]),
    )


# -- resolution.toml ------------------------------------------------------------------------------


@dataclass(frozen=True)
class ResolutionPatterns:
    """What name keys strip before two names are compared (``ingest.resolve``)."""

    legal_suffixes: tuple[str, ...]
    region_rx: re.Pattern
    bare_regions: tuple[str, ...]
    series_rx: re.Pattern  # an event series name, longest first
    event_prefix_rx: re.Pattern


@lru_cache(maxsize=1)
def resolution_patterns() -> ResolutionPatterns:
    """``resolution.toml`` compiled."""
    raw = read("resolution")
    return ResolutionPatterns(
        legal_suffixes=tuple(raw["legal_suffixes"]),
        region_rx=re.compile(raw["region_prefix"]),
        bare_regions=tuple(raw["bare_regions"]),
        series_rx=alternation(raw["event_series"]),
        event_prefix_rx=re.compile(raw["event_prefix"]),
    )


# -- subsidies.toml -------------------------------------------------------------------------------


@dataclass(frozen=True)
class SubsidyPatterns:
    """Payment verbs, grant nouns and the words that exclude or qualify a payment (``ingest.subsidies``)."""

    verb_rx: re.Pattern
    noun_rx: re.Pattern
    not_enterprise: tuple[str, ...]
    not_payment: tuple[str, ...]
    planned: tuple[str, ...]
    approx: tuple[str, ...]
    at_least: tuple[str, ...]
    grant_line_words: tuple[str, ...]
    descriptors: tuple[str, ...]


@lru_cache(maxsize=1)
def subsidy_patterns() -> SubsidyPatterns:
    """``subsidies.toml`` compiled."""
    raw = read("subsidies")
    words = ("not_enterprise", "not_payment", "planned", "approx", "at_least", "grant_line_words", "descriptors")
    return SubsidyPatterns(verb_rx=alternation(raw["verbs"]), noun_rx=alternation(raw["grant_nouns"]),
                           **{k: tuple(raw[k]) for k in words})
