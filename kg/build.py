"""Resolved facts of one report -> RDF triples for that report's named graph (pyoxigraph terms).

A pure mapping: the facts arrive resolved (``govkg.ingest.facts.ReportFacts``), so nothing here decides
what a name means. The report's graph holds only what the report states: its budget lines, subsidies and
mentions, their evidence, and every sentence once (evidence points at it with ``gk:sentence``). The nodes
that many reports share — entities, departments, districts, cities — are described once, in the canonical
graph (``kg.vocab.CANONICAL_GRAPH``): :func:`shared_of` reads from a report graph's triples what the report
says about them (the names a mention gives an entity, its owner, the department's other names and region),
and ``kg.catalog`` merges that into the canonical graph. Shared nodes get the same IRI from every report
that names them, so the report graphs link through them.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from pyoxigraph import Literal, NamedNode, Triple

from govkg.ingest.facts import BudgetRow, Entity, Evidence, Grant, ReportFacts, ResolvedMention, ResolvedSubsidy

from . import __version__
from .vocab import (
    DCT,
    ENTITY_CLASSES,
    GK,
    OA,
    PROV,
    RDF,
    RDFS,
    SCHEMA,
    SKOS,
    XSD,
    department_iri,
    entity_iri,
    iri,
    iri_parts,
    place_iri,
    report_iri,
)

#: budget row field -> the property that links the row to the evidence of that figure
FIGURE_EVIDENCE = {"budget": GK.budgetEvidence, "executed": GK.executedEvidence, "rate": GK.rateEvidence,
                   "initial_budget": GK.initialBudgetEvidence, "adjustment": GK.adjustmentEvidence}


def _dec(v: Decimal) -> Literal:
    return Literal(format(v, "f"), datatype=XSD.decimal)


def _int(v: int) -> Literal:
    return Literal(str(int(v)), datatype=XSD.integer)


def _str(v: str) -> Literal:
    return Literal(v)


class _Builder:
    #: with a ``sink``, triples are handed over this many at a time (a report of 300,000 triples is never
    #: held as Triple objects at once)
    CHUNK = 20_000

    def __init__(self, facts: ReportFacts, report_id: str, sink=None):
        self.f = facts
        self.sink = sink
        self.id = report_id
        self.t: list[Triple] = []
        self.report = report_iri(report_id)
        self._evidence_seen: set[str] = set()
        self._sentences: dict[str, NamedNode] = {}
        self._named: set[str] = set()

    def add(self, s: NamedNode, p: NamedNode, o) -> None:
        if o is not None:
            self.t.append(Triple(s, p, o))
            if self.sink is not None and len(self.t) >= self.CHUNK:
                self.flush()

    def flush(self) -> None:
        if self.sink is not None and self.t:
            self.sink(self.t)
            self.t = []

    def evidence(self, ev: Evidence | None) -> NamedNode | None:
        if ev is None:
            return None
        node = iri("report", self.id, "evidence", f"{ev.start}-{ev.end}")
        if node.value not in self._evidence_seen:
            self._evidence_seen.add(node.value)
            self.add(node, RDF.type, GK.Evidence)  # an oa:TextPositionSelector by the ontology's subclass axiom
            self.add(node, PROV.wasDerivedFrom, self.report)
            self.add(node, OA.start, _int(ev.start))
            self.add(node, OA.end, _int(ev.end))
            self.add(node, OA.exact, _str(ev.exact))
            self.add(node, GK.sentence, self.sentence(ev.sentence))
            if ev.page is not None:
                self.add(node, GK.page, _int(ev.page))
        return node

    def sentence(self, text: str) -> NamedNode:
        """The node of one sentence of the report, its text stored once however many spans point at it."""
        node = self._sentences.get(text)
        if node is None:
            node = self._sentences[text] = iri("report", self.id, "sentence", str(len(self._sentences)))
            self.add(node, PROV.value, _str(text))  # a gk:Sentence by the range of gk:sentence
        return node

    def department(self) -> NamedNode:
        """The department node; what the report says about it goes on the report node."""
        d, r = self.f.department, self.report
        name = d.name or f"(unknown department of {self.f.report})"
        dept = department_iri(name)
        self.add(r, GK.department, dept)
        for a in d.aliases:
            self.add(r, GK.departmentAlias, _str(a))
        if d.city:
            self.add(r, GK.departmentCity, place_iri(d.city))
        if d.district:
            self.add(r, GK.departmentDistrict, place_iri(*(p for p in (d.city, d.district) if p)))
        for ev in d.self_mentions:
            self.add(dept, GK.selfReference, self.evidence(ev))
        return dept

    def report_node(self) -> None:
        f, d, r = self.f, self.f.department, self.report
        self.add(r, RDF.type, GK.Report)
        self.add(r, DCT.title, _str(d.title or f.report))
        self.add(r, GK.characters, _int(f.chars))
        self.add(r, GK.extractedBy, _str(f"govkg {__version__}"))
        if d.year is not None:
            self.add(r, GK.fiscalYear, _int(d.year))
        if d.kind is not None:
            self.add(r, GK.reportKind, _str(d.kind))
        if d.scope is not None:
            self.add(r, GK.scope, _str(d.scope))
        if d.object:
            self.add(r, GK.evaluates, _str(d.object))
        for source in d.sources:
            self.add(r, GK.departmentSource, _str(source))
        if d.score is not None:
            self.add(r, GK.selfScore, _dec(d.score))
            self.add(r, GK.scoreEvidence, self.evidence(d.score_evidence))
        self.add(r, GK.evidence, self.evidence(d.evidence))
        for w in f.warnings:
            self.add(r, GK.warning, _str(w))

    def budget_row(self, i: int, row: BudgetRow, dept: NamedNode) -> None:
        node = iri("report", self.id, "budget", str(i))
        self.add(node, RDF.type, GK.BudgetLine)
        self.add(node, GK.report, self.report)
        self.add(node, GK.department, dept)
        self.add(node, GK.position, _int(i))
        self.add(node, GK.isTotal, Literal("true" if row.item is None else "false", datatype=XSD.boolean))
        if row.item is not None:
            self.add(node, RDFS.label, _str(row.item))
        if self.f.department.year is not None:
            self.add(node, GK.fiscalYear, _int(self.f.department.year))
        for key, prop in (("budget", GK.budget), ("executed", GK.executed), ("rate", GK.executionRate),
                          ("initial_budget", GK.initialBudget), ("adjustment", GK.adjustment)):
            value = getattr(row, key)
            if value is not None:
                self.add(node, prop, _dec(value))
        if row.printed:
            self.add(node, GK.printed, _str("; ".join(f"{k}: {v}" for k, v in row.printed.items())))
        self.add(node, GK.evidence, self.evidence(row.evidence))
        for key, ev in row.figures:
            self.add(node, FIGURE_EVIDENCE[key], self.evidence(ev))

    def mention(self, m: ResolvedMention) -> None:
        entity = entity_iri(m.entity.type, m.entity.key)
        if entity.value not in self._named:
            self._named.add(entity.value)
            self.add(entity, GK.mentionedIn, self.report)
        node = iri("report", self.id, "mention", str(m.number))
        self.add(node, RDF.type, GK.Mention)
        self.add(node, GK.mentionOf, entity)
        self.add(node, GK.surface, _str(m.surface))
        if m.entity.name != m.surface:  # the name resolution gives the entity, when it is not the surface
            self.add(node, GK.canonicalName, _str(m.entity.name))
        for name in m.other_names:
            self.add(node, GK.otherName, _str(name))
        self.add(node, GK.report, self.report)
        self.add(node, GK.resolvedBy, _str(m.resolved_by))
        if m.found_by:
            self.add(node, GK.foundBy, _str(m.found_by))
        self.add(node, GK.evidence, self.evidence(m.evidence))
        if m.owner:
            self.add(node, GK.owner, entity_iri(m.owner.type, m.owner.key))
            self.add(node, GK.ownerName, _str(m.owner.name))

    def subsidy(self, i: int, s: ResolvedSubsidy, dept: NamedNode) -> None:
        node = iri("report", self.id, "subsidy", str(i))
        amount = iri("report", self.id, "subsidy", str(i), "amount")
        self.add(node, RDF.type, GK.Subsidy)
        self.add(node, SCHEMA.funder, dept)
        self.add(node, GK.report, self.report)
        for e in s.recipients:
            self.add(node, GK.recipient, _entity(e))
        if s.recipients_count is not None:
            self.add(node, GK.recipientCount, _int(s.recipients_count))
        self.add(node, SCHEMA.amount, amount)
        self.add(amount, RDF.type, SCHEMA.MonetaryAmount)
        self.add(amount, SCHEMA.value, _dec(s.amount))
        self.add(amount, SCHEMA.currency, _str(s.currency))
        self.add(amount, GK.printed, _str(s.printed))
        self.add(node, GK.qualifier, _str(s.qualifier))
        if s.program:
            self.add(node, GK.program, _str(s.program))
        if self.f.department.year is not None:
            self.add(node, GK.fiscalYear, _int(self.f.department.year))
        self.add(node, GK.evidence, self.evidence(s.evidence))

    def grant(self, i: int, g: Grant, dept: NamedNode) -> None:
        """Money to a government, public unit, individuals, consumers or borrowers: a grant, not a subsidy."""
        node = iri("report", self.id, "grant", str(i))
        amount = iri("report", self.id, "grant", str(i), "amount")
        self.add(node, RDF.type, GK.Grant)
        self.add(node, SCHEMA.funder, dept)
        self.add(node, GK.report, self.report)
        self.add(node, GK.recipientKind, _str(g.target_kind))
        if g.target:
            self.add(node, GK.recipientName, _str(g.target))
        self.add(node, SCHEMA.amount, amount)
        self.add(amount, RDF.type, SCHEMA.MonetaryAmount)
        self.add(amount, SCHEMA.value, _dec(g.amount))
        self.add(amount, SCHEMA.currency, _str(g.currency))
        self.add(amount, GK.printed, _str(g.printed))
        self.add(node, GK.qualifier, _str(g.qualifier))
        if g.program:
            self.add(node, GK.program, _str(g.program))
        if self.f.department.year is not None:
            self.add(node, GK.fiscalYear, _int(self.f.department.year))
        self.add(node, GK.evidence, self.evidence(g.evidence))


def _entity(e: Entity) -> NamedNode:
    return entity_iri(e.type, e.key)


def build_triples(facts: ReportFacts, report_id: str, sink=None) -> list[Triple]:
    """All triples of one report's graph (its file names are added by the writer, ``kg.catalog``); with
    ``sink``, they are passed to it in chunks instead (and the list returned is empty)."""
    b = _Builder(facts, report_id, sink)
    b.report_node()
    dept = b.department()
    for i, row in enumerate(facts.budget):
        b.budget_row(i, row, dept)
    for m in facts.mentions:
        b.mention(m)
    for i, s in enumerate(facts.subsidies):
        b.subsidy(i, s, dept)
    for i, g in enumerate(facts.grants):
        b.grant(i, g, dept)
    b.flush()
    return b.t


# -- what a report says about the shared nodes -------------------------------------------------------

@dataclass
class Description:
    """A shared node as the canonical graph describes it: classes, names (the fullest becomes its one
    ``rdfs:label``, the others ``skos:altLabel``) and links to other shared nodes (predicate, IRI)."""

    types: set[str] = field(default_factory=set)
    labels: set[str] = field(default_factory=set)
    alt: set[str] = field(default_factory=set)
    links: set[tuple[str, str]] = field(default_factory=set)

    def update(self, other: Description) -> None:
        self.types |= other.types
        self.labels |= other.labels
        self.alt |= other.alt
        self.links |= other.links

    def label(self) -> str | None:
        """The fullest name (the longest; the first in code-point order among the longest)."""
        return max(sorted(self.labels), key=len) if self.labels else None

    def triples(self, node: str) -> set[tuple[str, str, str, bool]]:
        """(s, p, o, o is a literal) of this description in the canonical graph."""
        out = {(node, RDF.type.value, t, False) for t in self.types}
        label = self.label()
        if label is not None:
            out.add((node, RDFS.label.value, label, True))
        out |= {(node, SKOS.altLabel.value, a, True) for a in (self.alt | self.labels) - {label}}
        out |= {(node, p, o, False) for p, o in self.links}
        return out


#: The predicates of a report graph that :func:`shared_of` reads (what the report says of shared nodes).
STATED = frozenset(p.value for p in (GK.mentionOf, GK.surface, GK.canonicalName, GK.otherName, GK.owner, GK.ownerName,
                                     GK.department, GK.departmentAlias, GK.departmentCity, GK.departmentDistrict))
#: The predicates of the canonical graph whose objects are IRIs of other shared nodes.
LINKS = frozenset(p.value for p in (GK.ownedBy, GK.district, GK.city, SCHEMA.containedInPlace))


def shared_of(triples: Iterable[tuple[str, str, str]]) -> dict[str, Description]:
    """What report-graph triples (s, p, o as strings) say about shared nodes: IRI -> :class:`Description`.

    The entity's class comes from its IRI, a department's, district's or city's label too (they are minted
    from the name), so a report's statements and the canonical graph can be compared and rebuilt.
    """
    props: dict[str, dict[str, list[str]]] = {}
    for s, p, o in triples:
        if p in STATED:
            props.setdefault(s, {}).setdefault(p, []).append(o)
    out: dict[str, Description] = {}

    def desc(node: str) -> Description:
        return out.setdefault(node, Description())

    for subject in props.values():
        for e in subject.get(GK.mentionOf.value, ()):
            _entity_statements(desc, e, subject)
        for d in subject.get(GK.department.value, ()):
            _department_statements(desc, d, subject)
    return out


def _entity_statements(desc, e: str, mention: dict[str, list[str]]) -> None:
    parts = iri_parts(e)
    d = desc(e)
    if len(parts) >= 3 and parts[1] in ENTITY_CLASSES:
        d.types.add(GK[ENTITY_CLASSES[parts[1]]].value)
    d.labels.update(mention.get(GK.canonicalName.value) or mention.get(GK.surface.value, ()))
    d.alt.update(mention.get(GK.otherName.value, ()))
    for owner in mention.get(GK.owner.value, ()):
        d.links.add((GK.ownedBy.value, owner))
        o = desc(owner)
        o.types.add(GK.Enterprise.value)
        o.labels.update(mention.get(GK.ownerName.value, ()))


def _department_statements(desc, dept: str, report: dict[str, list[str]]) -> None:
    d = desc(dept)
    d.types.add(GK.Department.value)
    d.labels.add(iri_parts(dept)[-1])
    d.alt.update(report.get(GK.departmentAlias.value, ()))
    for city in report.get(GK.departmentCity.value, ()):
        d.links.add((GK.city.value, city))
        c = desc(city)
        c.types.add(GK.City.value)
        c.labels.add(iri_parts(city)[-1])
    for district in report.get(GK.departmentDistrict.value, ()):
        d.links.add((GK.district.value, district))
        x = desc(district)
        x.types.add(GK.District.value)
        parts = iri_parts(district)
        x.labels.add(parts[-1])
        if len(parts) == 3:  # place/<city>/<district>
            x.links.add((SCHEMA.containedInPlace.value, place_iri(parts[1]).value))


def descriptions_of(triples: Iterable[tuple[str, str, str, bool]]) -> dict[str, Description]:
    """Canonical-graph triples (s, p, o, is literal) -> IRI -> :class:`Description` (the inverse of
    :meth:`Description.triples`)."""
    out: dict[str, Description] = {}
    for s, p, o, _ in triples:
        d = out.setdefault(s, Description())
        if p == RDF.type.value:
            d.types.add(o)
        elif p == RDFS.label.value:
            d.labels.add(o)
        elif p == SKOS.altLabel.value:
            d.alt.add(o)
        else:
            d.links.add((p, o))
    return out
