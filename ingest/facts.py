"""The facts of one report: as extraction finds them, and resolved, as the graph builder receives them.

Extraction (``report_info``, ``budget``, ``entities``, ``subsidies``) fills an :class:`Extraction`: the
department, the budget rows, every :class:`Mention` as written and every :class:`Subsidy` naming its
recipients as written. The last ingest stage (:func:`govkg.ingest.resolve.resolve_report`) turns it into
:class:`ReportFacts`, which is immutable: each mention carries its canonical :class:`Entity` and the rule
that merged it, each subsidy its recipients' entities. ``kg.build`` maps ``ReportFacts`` to triples and
needs nothing else from ingest. Every record is small and picklable (worker processes return them).
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal

#: The entity types, in the order listings and legends show them. The ontology class of each is the
#: capitalised name (``gk:Enterprise`` …); ``kg.vocab``, the CLI, the queries and viz derive theirs from here.
ENTITY_TYPES: tuple[str, ...] = ("enterprise", "institution", "project", "event", "policy")
#: The entity types that are organisations: they can receive subsidies.
ORG_TYPES: tuple[str, ...] = ("enterprise", "institution")


class FrozenMap(Mapping[str, str]):
    """A small immutable mapping that keeps its order (hashable and picklable, unlike a dict or proxy)."""

    __slots__ = ("_pairs",)

    def __init__(self, pairs: Mapping[str, str] | Iterable[tuple[str, str]] = ()):
        self._pairs = tuple(dict(pairs).items())

    def __getitem__(self, key: str) -> str:
        for k, v in self._pairs:
            if k == key:
                return v
        raise KeyError(key)

    def __iter__(self) -> Iterator[str]:
        return (k for k, _ in self._pairs)

    def __len__(self) -> int:
        return len(self._pairs)

    def __hash__(self) -> int:
        return hash(self._pairs)

    def __repr__(self) -> str:
        return f"FrozenMap({dict(self._pairs)!r})"


@dataclass(frozen=True)
class Evidence:
    """Where a fact is stated: character offsets into the original file, the sentence and the exact text."""

    start: int
    end: int
    sentence: str
    exact: str
    page: int | None = None  # the page of ``start`` (PDF, DOCX with page breaks)


@dataclass(frozen=True)
class DepartmentInfo:
    """The report's identity: its department (with the sources that name it), region, fiscal year, score,
    and its kind (department-wide, project, special fund, evaluation, self-evaluation table, notice)."""

    name: str | None
    aliases: tuple[str, ...] = ()
    district: str | None = None
    city: str | None = None
    province: str | None = None
    year: int | None = None
    score: Decimal | None = None
    title: str = ""
    evidence: Evidence | None = None
    score_evidence: Evidence | None = None
    self_mentions: tuple[Evidence, ...] = ()  # the first 我局/本单位 … (0 or 1)
    kind: str | None = None  # department | project | special_fund | evaluation | table | notice
    scope: str | None = None  # what is evaluated: department | project | special_fund
    object: str | None = None  # the fund or project the title names (a notice: its program)
    sources: tuple[str, ...] = ()  # where the department's name was found (title, metadata, form …)
    year_source: str | None = None  # title, body 年度, body


@dataclass(frozen=True)
class BudgetRow:
    """A department total (``item`` None) or a named budget line, amounts in yuan, rate in percent.

    ``printed`` maps each field to its figure as printed, in the order the report states them.
    """

    item: str | None
    budget: Decimal | None = None
    executed: Decimal | None = None
    rate: Decimal | None = None
    initial_budget: Decimal | None = None
    adjustment: Decimal | None = None
    printed: FrozenMap = FrozenMap()
    evidence: Evidence | None = None  # the statement: from the line's name to its last figure
    figures: tuple[tuple[str, Evidence], ...] = ()  # (field, evidence) of every figure the row uses


# -- as extracted ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Mention:
    """A named entity as written at one place in a report (before resolution)."""

    surface: str
    type: str  # one of ENTITY_TYPES
    evidence: Evidence
    rule: str = ""  # the extraction rule that found it
    parent: str | None = None  # surface name of the owning enterprise, if stated
    alias_of: str | None = None  # X（Y）: Y is another name of X


@dataclass
class Subsidy:
    """One payment or grant as extracted: recipients are the names the clause uses."""

    recipients: list[str]
    recipients_count: int | None
    amount: Decimal
    currency: str
    qualifier: str  # budgeted | approx | at_least | total | exact
    program: str | None
    printed: str
    evidence: Evidence


@dataclass(frozen=True)
class Grant:
    """Money that looks like a subsidy but goes elsewhere (the gold files' ``other_grants``): to a government
    or region (a transfer), a public unit, individuals, consumers or borrowers. ``target`` is as printed."""

    target: str
    target_kind: str  # government | public_unit | individual | consumer | borrower
    amount: Decimal
    currency: str
    qualifier: str
    program: str | None
    printed: str
    evidence: Evidence


@dataclass
class Extraction:
    """Everything extracted from one report, before resolution (the extractors append to it)."""

    report: str
    path: str
    chars: int
    department: DepartmentInfo
    budget: list[BudgetRow] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    subsidies: list[Subsidy] = field(default_factory=list)
    grants: list[Grant] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


# -- resolved: what the graph builder receives -----------------------------------------------------


@dataclass(frozen=True)
class Entity:
    """A canonical entity: ``type`` and ``key`` identify it across reports, ``name`` is its display name."""

    type: str
    key: str
    name: str


@dataclass(frozen=True)
class ResolvedMention:
    """A mention tied to its entity, with the rule that found it and the rule that merged it."""

    number: int  # the mention's number within its report (its IRI)
    surface: str
    entity: Entity
    evidence: Evidence
    found_by: str
    resolved_by: str
    other_names: tuple[str, ...] = ()  # names this mention gives the entity besides its display name
    owner: Entity | None = None  # the enterprise that owns the entity, if the report says so


@dataclass(frozen=True)
class ResolvedSubsidy:
    """One payment or grant with its recipients resolved to entities (in the order the report names them)."""

    recipients: tuple[Entity, ...]
    recipients_count: int | None
    amount: Decimal
    currency: str
    qualifier: str
    program: str | None
    printed: str
    evidence: Evidence


@dataclass(frozen=True)
class ReportFacts:
    """Everything one report states, resolved: the output of the ingest pipeline."""

    report: str
    path: str
    chars: int
    department: DepartmentInfo
    budget: tuple[BudgetRow, ...] = ()
    mentions: tuple[ResolvedMention, ...] = ()
    subsidies: tuple[ResolvedSubsidy, ...] = ()
    grants: tuple[Grant, ...] = ()
    warnings: tuple[str, ...] = ()
