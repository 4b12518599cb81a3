"""Typed records that flow from extraction to the graph builder (small and picklable)."""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal


@dataclass(frozen=True)
class Evidence:
    """Where a fact is stated: character offsets into the original file, the sentence and the exact text."""

    start: int
    end: int
    sentence: str
    exact: str


@dataclass
class DepartmentInfo:
    """The reporting department, from the report's title."""

    name: str | None
    aliases: list[str] = field(default_factory=list)
    district: str | None = None
    city: str | None = None
    province: str | None = None
    year: int | None = None
    score: Decimal | None = None
    title: str = ""
    evidence: Evidence | None = None
    score_evidence: Evidence | None = None
    self_mentions: list[Evidence] = field(default_factory=list)  # the first 我局/本单位 … (0 or 1)


@dataclass
class BudgetRow:
    """A department total (``item`` None) or a named budget line, amounts in yuan, rate in percent."""

    item: str | None
    budget: Decimal | None = None
    executed: Decimal | None = None
    rate: Decimal | None = None
    initial_budget: Decimal | None = None
    adjustment: Decimal | None = None
    printed: dict[str, str] = field(default_factory=dict)
    evidence: Evidence | None = None


@dataclass
class Mention:
    """A named entity as written at one place in a report."""

    surface: str
    type: str  # enterprise | institution | project | event | policy
    evidence: Evidence
    rule: str = ""
    parent: str | None = None  # surface name of the owning enterprise, if stated
    alias_of: str | None = None  # X（Y）: Y is another name of X
    same_as: str | None = None  # surface of another mention in the report that names the same thing
    same_as_rule: str = ""


@dataclass
class Subsidy:
    """One payment or grant: n-ary, with its amount qualifier and the program it came from."""

    recipients: list[str]
    recipients_count: int | None
    amount: Decimal
    currency: str
    qualifier: str  # budgeted | approx | at_least | total | exact
    program: str | None
    printed: str
    evidence: Evidence


@dataclass
class ReportFacts:
    """Everything extracted from one report."""

    report: str
    path: str
    chars: int
    department: DepartmentInfo
    budget: list[BudgetRow] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    subsidies: list[Subsidy] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
