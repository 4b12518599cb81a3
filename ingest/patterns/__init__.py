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
from itertools import product
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
    """How numbers are printed (``[number]``), the money units, and the rate, count, year and score patterns.

    ``run`` matches a printed number as a whole (digits and whatever stands between them); ``amount_unit``,
    ``rate_unit`` and ``count_unit`` match a unit right after it (white space and invisible characters
    allowed before and inside the unit).
    """

    run: re.Pattern
    group: frozenset[str]  # digit-group separators
    decimal: frozenset[str]  # decimal separators
    invisible: str  # characters removed wherever they stand
    other: frozenset[str]  # characters that make a number unreadable
    max_integer_digits: int
    max_fraction_digits: int
    amount_unit: re.Pattern
    rate_unit: re.Pattern
    rate_max_integer_digits: int
    count_unit: re.Pattern
    year: re.Pattern
    score: re.Pattern
    units: Mapping[str, float]  # printed unit -> factor to the currency's base unit
    currencies: Mapping[str, str]  # unit ending -> ISO currency (CNY otherwise)


def _unit_pattern(units: Iterable[str], invisible: str) -> re.Pattern:
    """White space or invisible characters, then one of ``units`` (longest first) in group ``unit``, its
    characters perhaps split by invisible ones (万, a zero-width space, 元 is 万元)."""
    inv = f"[{re.escape(invisible)}]*"
    alts = (inv.join(map(re.escape, u)) for u in sorted(units, key=len, reverse=True))
    return re.compile(rf"(?:\s|{inv[:-1]})*(?P<unit>{'|'.join(alts)})")


@lru_cache(maxsize=1)
def quantity_patterns() -> QuantityPatterns:
    """``quantities.toml`` compiled."""
    raw = read("quantities")
    num = raw["number"]
    between = re.escape(num["group"] + num["decimal"] + num["invisible"] + num["other"])
    run = re.compile(rf"\d(?:[\s{between}]*\d)*")
    inv = num["invisible"]
    return QuantityPatterns(
        run=run, group=frozenset(num["group"]), decimal=frozenset(num["decimal"]), invisible=inv,
        other=frozenset(num["other"]), max_integer_digits=num["max_integer_digits"],
        max_fraction_digits=num["max_fraction_digits"], amount_unit=_unit_pattern(raw["units"], inv),
        rate_unit=_unit_pattern(raw["rate"]["units"], inv), rate_max_integer_digits=raw["rate"]["max_integer_digits"],
        count_unit=_unit_pattern(raw["count"]["units"], inv), year=re.compile(raw["year"]["pattern"]),
        score=re.compile(raw["score"]["pattern"]), units=_frozen(raw["units"]), currencies=_frozen(raw["currencies"]))


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
    insurance_kinds: tuple[str, ...]
    title_levels: tuple[str, ...]  # 省级, 国家级 …: a name opening with one is an honour, not a firm


@lru_cache(maxsize=1)
def entity_patterns() -> EntityPatterns:
    """``entities.toml`` compiled."""
    raw = read("entities")
    ctx = raw["context"]
    suffixes = [(s, t) for t, ss in raw["suffix_types"].items() for s in ss]
    legal = enterprise_patterns().legal_forms  # one grammar of organisation names: patterns/orgs.toml
    suffixes += [(s, "enterprise") for s in legal]
    suffix_list = tuple(sorted(suffixes, key=lambda x: len(x[0]), reverse=True))
    closers = [(w, t) for t, ws in raw["list_closers"].items() for w in ws]
    closer_rx = re.compile(
        r"\s*(?P<count>(?:\d+|多|数|几)\s*多?\s*(?:家|个|批|宗|所))?\s*(?:为)?(?P<mod>[\u4e00-\u9fff“”]{0,10}?)"
        r"(?P<closer>" + "|".join(re.escape(w) for w, _ in sorted(closers, key=lambda x: -len(x[0]))) + ")"
    )
    item = r"[^、，。；：:;,“”《》\s]{2,20}"
    opener = "|".join(map(re.escape, ctx["partners"]))
    return EntityPatterns(
        legal_suffixes=legal,
        suffix_list=suffix_list,
        suffix_rx=re.compile("(?:" + "|".join(re.escape(s) for s, _ in suffix_list) + ")" +
                             "(?!" + "|".join(map(re.escape, raw["suffix_rules"]["not_followed_by"])) + ")"),
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
        insurance_kinds=tuple(raw["suffix_rules"]["insurance_kinds"]),
        title_levels=tuple(raw["suffix_rules"]["title_levels"]),
    )


# -- resolution.toml ------------------------------------------------------------------------------


@dataclass(frozen=True)
class ResolutionPatterns:
    """What name keys strip before two names are compared (``ingest.resolve``)."""

    series_rx: re.Pattern  # an event series name, longest first
    event_country: tuple[str, ...]
    event_prefix_rx: re.Pattern


@lru_cache(maxsize=1)
def resolution_patterns() -> ResolutionPatterns:
    """``resolution.toml`` compiled."""
    raw = read("resolution")
    return ResolutionPatterns(
        series_rx=alternation(raw["event_series"]),
        event_country=tuple(raw["event_country"]),
        event_prefix_rx=re.compile(raw["event_prefix"]),
    )


# -- subsidies.toml -------------------------------------------------------------------------------


@dataclass(frozen=True)
class SubsidyPatterns:
    """Fund flows (``ingest.subsidies``): verbs that pay or transfer, grant nouns, the words that exclude or
    qualify a payment, target kinds and enterprise classes."""

    pay_rx: re.Pattern
    transfer_rx: re.Pattern
    noun_rx: re.Pattern
    bare_wan_rx: re.Pattern  # a grant noun, then a figure printed 万 without 元
    not_payment: tuple[str, ...]
    rules: tuple[str, ...]
    per_unit: tuple[str, ...]
    policy_rules: tuple[str, ...]
    people_units: tuple[str, ...]
    purchases: tuple[str, ...]
    grant_objects: tuple[str, ...]
    planned: tuple[str, ...]
    negations: tuple[str, ...]
    approx: tuple[str, ...]
    at_least: tuple[str, ...]
    grant_line_words: tuple[str, ...]
    descriptors: tuple[str, ...]
    enterprise_words: tuple[str, ...]
    enterprise_aims: tuple[str, ...]
    targets: tuple[tuple[str, tuple[str, ...]], ...]  # (kind, words), in the order they are tried
    class_rx: re.Pattern
    back_reference: tuple[str, ...]


@lru_cache(maxsize=1)
def subsidy_patterns() -> SubsidyPatterns:
    """``subsidies.toml`` compiled."""
    raw = read("subsidies")
    words = ("not_payment", "rules", "per_unit", "policy_rules", "people_units", "purchases", "grant_objects", "planned", "negations", "approx", "at_least", "grant_line_words", "descriptors",
             "enterprise_words", "enterprise_aims")
    nouns = "|".join(map(re.escape, sorted(raw["bare_wan_nouns"], key=len, reverse=True)))
    return SubsidyPatterns(
        pay_rx=alternation(raw["pay_verbs"]), transfer_rx=alternation(raw["transfer_verbs"]),
        noun_rx=alternation(raw["grant_nouns"]),
        bare_wan_rx=re.compile(rf"(?:{nouns})\s*(?:共|计|为)?\s*(?P<num>\d+(?:\.\d+)?)\s*万(?![元美港欧亿])"),
        **{k: tuple(raw[k]) for k in words},
        targets=tuple((k, tuple(v)) for k, v in raw["targets"].items()),
        class_rx=re.compile(raw["classes"]["pattern"]), back_reference=tuple(raw["classes"]["back_reference"]),
    )


# -- document.toml ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class LayoutPatterns:
    """``patterns/document.toml``: chrome words, breadcrumb words, metadata keys."""

    chrome_words: tuple[str, ...]
    breadcrumbs: tuple[str, ...]
    markup: re.Pattern
    keys: tuple[str, ...]
    department_keys: tuple[str, ...]
    date_keys: tuple[str, ...]
    title_keys: tuple[str, ...]
    chrome_rx: re.Pattern
    key_rx: re.Pattern


@lru_cache(maxsize=1)
def layout_patterns() -> LayoutPatterns:
    """``patterns/document.toml`` loaded and compiled."""
    raw = read("document")
    chrome, meta = raw["chrome"], raw["metadata"]
    words = sorted(chrome["words"], key=len, reverse=True)
    keys = sorted(meta["keys"], key=len, reverse=True)
    spaced = "|".join(r"\s*".join(map(re.escape, k)) for k in keys)
    # a key starts the line, or follows white space, a bullet or a bracket; a separator or space follows it
    key_rx = re.compile(rf"(?:^|(?<=[\s\[【•·\-*]))[\[【]?\s*(?P<key>{spaced})\s*[\]】]?\s*(?:[:：]|\s|$)")
    return LayoutPatterns(
        chrome_words=tuple(words), breadcrumbs=tuple(chrome["breadcrumbs"]), markup=re.compile(chrome["markup"]),
        keys=tuple(keys), department_keys=tuple(meta["department_keys"]), date_keys=tuple(meta["date_keys"]),
        title_keys=tuple(meta["title_keys"]),
        chrome_rx=re.compile("|".join(map(re.escape, words))), key_rx=key_rx,
    )


# -- tables.toml ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TablePatterns:
    """``patterns/tables.toml``: column kinds, form labels, row labels, empty markers."""

    role_of: dict[str, str]
    grant_header: re.Pattern
    form_labels: frozenset[str]
    form_department: tuple[str, ...]
    form_project: tuple[str, ...]
    total_rows: frozenset[str]
    breakdown_rows: tuple[str, ...]
    empty: frozenset[str]
    subtotal_endings: tuple[str, ...] = ()
    figure_header: tuple[tuple[str, re.Pattern], ...] = ()  # (role, pattern) of a row's own figures, in order
    grant_paid: tuple[str, ...] = ()  # words of a grant header that pays now (本次拨付金额)
    grant_approved: tuple[str, ...] = ()  # words of a grant header of money approved or summed (核定补助金额)
    notice_allocates: tuple[str, ...] = ()  # a notice title that passes money on (下达): its rows are budgeted
    notice_pays: tuple[str, ...] = ()  # … unless it pays too (拨付)


def _grant_header(g: dict) -> re.Pattern:
    """拟扶持金额, 本次拨付资金, 核定补助资金: a lead word or none, grant verbs, a money noun."""
    lead, verbs, nouns = (alternation(g[k]).pattern for k in ("lead", "verbs", "nouns"))
    return re.compile(f"(?:{lead})?(?:{verbs})+(?:{nouns})$")


@lru_cache(maxsize=1)
def table_patterns() -> TablePatterns:
    """``patterns/tables.toml`` loaded."""
    raw = read("tables")
    role_of = {label: role for role, labels in raw["columns"].items() for label in labels}
    return TablePatterns(
        role_of=role_of, grant_header=_grant_header(raw["grant_header"]), form_labels=frozenset(raw["form"]["labels"]),
        form_department=tuple(raw["form"]["department"]), form_project=tuple(raw["form"]["project"]),
        total_rows=frozenset(raw["rows"]["total"]), breakdown_rows=tuple(raw["rows"]["breakdown"]),
        empty=frozenset(raw["rows"]["empty"]), subtotal_endings=tuple(raw["rows"]["subtotal_endings"]),
        figure_header=_figure_header(raw["figure_header"], raw["grant_header"]["nouns"]),
        grant_paid=tuple(raw["grant_rank"]["paid"]), grant_approved=tuple(raw["grant_rank"]["approved"]),
        notice_allocates=tuple(raw["notice"]["allocates"]), notice_pays=tuple(raw["notice"]["pays"]),
    )


def _figure_header(g: dict, nouns: list[str]) -> tuple[tuple[str, re.Pattern], ...]:
    """总投资 / 申请金额 / 吸纳人数: a column of a row's own figures (investment, figure, count); a requested
    amount ends in a money noun (申请补助金额, not 申报事项)."""
    requested = f"(?:{alternation(g['requested']).pattern}).*(?:{alternation(nouns + ['额']).pattern})$"
    return (("investment", alternation(g["investment"])),
            ("figure", re.compile(f"{requested}|{alternation(g['statistics']).pattern}")),
            ("count", re.compile("(?:" + alternation(g["count_endings"]).pattern + ")$")))


# -- titles.toml ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TitlePatterns:
    """``patterns/titles.toml`` compiled."""

    ending: re.Pattern
    result_ending: re.Pattern
    evaluation_words: tuple[str, ...]
    notice_endings: tuple[str, ...]
    money_words: tuple[str, ...]
    scopes: tuple[tuple[str, tuple[str, ...]], ...]
    kinds: dict[str, str]
    object_leads: tuple[str, ...]
    object_tails: tuple[str, ...]
    prefixes: re.Pattern
    suffixes: re.Pattern


@lru_cache(maxsize=1)
def title_patterns() -> TitlePatterns:
    """``patterns/titles.toml`` loaded."""
    raw = read("titles")
    return TitlePatterns(
        ending=re.compile("(?P<ending>" + raw["ending"] + r")\s*(?:[（(](?P<paren>[^()（）]*)[)）])?\s*$"),
        result_ending=re.compile("(?P<ending>" + raw["result_ending"] + r")$"),
        evaluation_words=tuple(raw["evaluation_words"]), notice_endings=tuple(raw["notice_endings"]),
        money_words=tuple(raw["money_words"]),
        scopes=tuple((k, tuple(v)) for k, v in raw["scopes"].items()), kinds=dict(raw["kinds"]),
        object_leads=tuple(raw["object_leads"]),
        object_tails=tuple(sorted(raw["object_tails"], key=len, reverse=True)),
        prefixes=re.compile(raw["prefixes"]), suffixes=re.compile(raw["suffixes"]),
    )


# -- orgs.toml --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class OrgPatterns:
    """``patterns/orgs.toml``: government suffixes, divisions, overseers, words that follow a name."""

    government_suffixes: tuple[str, ...]
    divisions: tuple[str, ...]
    region_bodies: tuple[str, ...]
    overseers: tuple[str, ...]
    scope_starts: tuple[str, ...]
    suffix_rx: re.Pattern


@lru_cache(maxsize=1)
def org_patterns() -> OrgPatterns:
    """``patterns/orgs.toml`` loaded."""
    raw = read("orgs")
    suffixes = tuple(sorted(raw["government_suffixes"], key=len, reverse=True))
    return OrgPatterns(suffixes, tuple(raw["divisions"]), tuple(raw["region_bodies"]), tuple(raw["overseers"]), tuple(raw["scope_starts"]),
                       re.compile("(?:" + "|".join(map(re.escape, suffixes)) + ")"))


# -- orgs.toml (enterprises) ------------------------------------------------------------------------


@dataclass(frozen=True)
class EnterprisePatterns:
    """The enterprise part of ``patterns/orgs.toml``: legal and branch forms, industry words, public units."""

    legal_forms: tuple[str, ...]
    branch_forms: tuple[str, ...]
    industry_words: frozenset[str]
    public_units: tuple[str, ...]
    form_rx: re.Pattern  # every legal or branch form
    recipient_prepositions: tuple[str, ...]
    period_words: frozenset[str]  # 本年度, 今年 …: words of a report's time that no trade name holds
    preposition_lead_ins: tuple[str, ...]
    measure_words: frozenset[str]
    size_words: tuple[str, ...]  # 以上, 亿元 …: a size or threshold, never in a short name
    area_words: frozenset[str]  # 辖区, 全市 …: the report's area, never in a trade name
    outside_words: frozenset[str]  # 委托, 拨付 …: words that stand outside names


@lru_cache(maxsize=1)
def enterprise_patterns() -> EnterprisePatterns:
    """The enterprise part of ``orgs.toml`` compiled."""
    raw = read("orgs")
    legal = tuple(sorted(raw["legal_forms"], key=len, reverse=True))
    branch = tuple(sorted(raw["branch_forms"], key=len, reverse=True))
    forms = sorted(legal + branch, key=len, reverse=True)
    return EnterprisePatterns(legal, branch, frozenset(raw["industry_words"]), tuple(raw["public_units"]),
                              re.compile("|".join(map(re.escape, forms))), tuple(raw["recipient_prepositions"]),
                              frozenset(raw["period_words"]), tuple(raw["preposition_lead_ins"]),
                              frozenset(raw["measure_words"]), tuple(raw["size_words"]),
                              frozenset(raw["area_words"]), frozenset(raw["outside_words"]))


# -- slots.toml -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SlotVocabulary:
    """Keyword -> slot, and one alternation of every keyword (longest first)."""

    slot_of: dict[str, str]
    keywords: re.Pattern


@lru_cache(maxsize=1)
def slot_vocabulary() -> SlotVocabulary:
    """``patterns/slots.toml`` composed; a keyword two slots claim without an ``[override]`` is an error."""
    raw = read("slots")
    override = raw.get("override", {})
    slot_of: dict[str, str] = {}
    for spec in raw["slot"]:
        words = list(spec.get("words", []))
        if "cores" in spec:
            words += ["".join(p) for p in product(spec.get("modifiers", [""]), spec["cores"], spec.get("heads", [""]))]
        for w in words:
            if w in override:
                continue
            if w in slot_of and slot_of[w] != spec["name"]:
                raise ValueError(f"slots.toml: '{w}' is both {slot_of[w]} and {spec['name']} (add it to [override])")
            slot_of[w] = spec["name"]
    slot_of.update(override)
    alternation = "|".join(map(re.escape, sorted(slot_of, key=len, reverse=True)))
    return SlotVocabulary(slot_of, re.compile(alternation))


# -- budget.toml ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class BudgetPatterns:
    """``budget.toml`` compiled."""

    gap: re.Pattern
    item_suffixes: tuple[str, ...]
    item_leads: tuple[str, ...]
    total_words: tuple[str, ...]
    whole_words: tuple[str, ...]
    topic_words: tuple[str, ...]
    source_words: tuple[str, ...]
    source_markers: tuple[str, ...]
    not_budget: tuple[str, ...]
    lower_levels: tuple[str, ...]
    payment_verbs: tuple[str, ...]
    purpose_verbs: tuple[str, ...]
    boilerplate_sections: tuple[str, ...]
    name_rx: re.Pattern  # a line's name at the end of a text
    glued_nouns: tuple[str, ...]  # fund nouns that may open a keyword while they end a name (资金|预算)
    actor_verbs: tuple[str, ...]  # verbs between who allocates and the line allocated (X管委会安排Y资金)
    fully_spent: tuple[str, ...]  # after a figure: it was all spent (全部执行完毕)


@lru_cache(maxsize=1)
def budget_patterns() -> BudgetPatterns:
    raw = read("budget")

    def longest(key: str) -> tuple[str, ...]:
        return tuple(sorted(raw[key], key=len, reverse=True))

    suffixes = longest("item_suffixes")
    name_rx = re.compile(r"(?P<name>[\u4e00-\u9fffA-Za-z0-9“”\"（）()·\-—.、]{2,60}?(?:"
                         + "|".join(map(re.escape, suffixes)) + r"))\s*[:：]?\s*$")
    return BudgetPatterns(re.compile(raw["gap"]), suffixes, longest("item_leads"), longest("total_words"),
                           longest("whole_words"), longest("topic_words"), longest("source_words"), longest("source_markers"), longest("not_budget"),
                           longest("lower_levels"), longest("payment_verbs"), longest("purpose_verbs"),
                           tuple(raw["boilerplate_sections"]), name_rx, longest("glued_nouns"), longest("actor_verbs"),
                           longest("fully_spent"))


# -- places.toml ------------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def nations_rx() -> re.Pattern:
    """``places.toml``: the nationalities that autonomous places print before 自治州, 自治县 …."""
    raw = read("places")
    return re.compile("(?:" + "|".join(map(re.escape, sorted(raw["nations"], key=len, reverse=True))) + ")+$")
