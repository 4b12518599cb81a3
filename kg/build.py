"""Resolved facts of one report -> RDF triples for that report's named graph (pyoxigraph terms).

A pure mapping: the facts arrive resolved (``govkg.ingest.facts.ReportFacts``), so nothing here decides
what a name means. Canonical nodes (departments, places, entities) get the same IRI from every report that
names them, so the union of the report graphs links reports; everything else is minted under the report's
IRI.
"""
from __future__ import annotations

from decimal import Decimal

from pyoxigraph import Literal, NamedNode, Triple

from govkg.ingest.facts import BudgetRow, Entity, Evidence, Grant, ReportFacts, ResolvedMention, ResolvedSubsidy

from . import __version__
from .vocab import DCT, ENTITY_CLASSES, GK, OA, PROV, RDF, RDFS, SCHEMA, SKOS, XSD, iri, report_iri

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
    def __init__(self, facts: ReportFacts):
        self.f = facts
        self.t: list[Triple] = []
        self.report = report_iri(facts.report)
        self._evidence_seen: set[str] = set()

    def add(self, s: NamedNode, p: NamedNode, o) -> None:
        if o is not None:
            self.t.append(Triple(s, p, o))

    def evidence(self, ev: Evidence | None) -> NamedNode | None:
        if ev is None:
            return None
        node = iri("report", self.f.report, "evidence", f"{ev.start}-{ev.end}")
        if node.value not in self._evidence_seen:
            self._evidence_seen.add(node.value)
            self.add(node, RDF.type, GK.Evidence)  # an oa:TextPositionSelector by the ontology's subclass axiom
            self.add(node, PROV.wasDerivedFrom, self.report)
            self.add(node, OA.start, _int(ev.start))
            self.add(node, OA.end, _int(ev.end))
            self.add(node, OA.exact, _str(ev.exact))
            self.add(node, PROV.value, _str(ev.sentence))
            if ev.page is not None:
                self.add(node, GK.page, _int(ev.page))
        return node

    def place(self, city: str | None, district: str | None) -> tuple[NamedNode | None, NamedNode | None]:
        city_node = district_node = None
        if city:
            city_node = iri("place", city)
            self.add(city_node, RDF.type, GK.City)
            self.add(city_node, RDFS.label, _str(city))
        if district:
            district_node = iri("place", *(p for p in (city, district) if p))
            self.add(district_node, RDF.type, GK.District)
            self.add(district_node, RDFS.label, _str(district))
            if city_node is not None:
                self.add(district_node, SCHEMA.containedInPlace, city_node)
        return city_node, district_node

    def department(self) -> NamedNode:
        d = self.f.department
        name = d.name or f"(unknown department of {self.f.report})"
        dept = iri("org", name)
        self.add(dept, RDF.type, GK.Department)
        self.add(dept, RDFS.label, _str(name))
        for a in d.aliases:
            self.add(dept, SKOS.altLabel, _str(a))
        city, district = self.place(d.city, d.district)
        self.add(dept, GK.city, city)
        self.add(dept, GK.district, district)
        for ev in d.self_mentions:
            self.add(dept, GK.selfReference, self.evidence(ev))
        return dept

    def report_node(self, dept: NamedNode) -> None:
        f, d, r = self.f, self.f.department, self.report
        self.add(r, RDF.type, GK.Report)
        self.add(r, GK.fileName, _str(f.report))
        self.add(r, DCT.title, _str(d.title or f.report))
        self.add(r, GK.department, dept)
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
        node = iri("report", self.f.report, "budget", str(i))
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

    def entity(self, e: Entity) -> NamedNode:
        """The entity's node with its class and display name."""
        node = iri("entity", e.type, e.key)
        self.add(node, RDF.type, GK[ENTITY_CLASSES[e.type]])
        self.add(node, RDFS.label, _str(e.name))
        return node

    def mention(self, m: ResolvedMention) -> None:
        entity = self.entity(m.entity)
        for name in m.other_names:
            self.add(entity, SKOS.altLabel, _str(name))
        self.add(entity, GK.mentionedIn, self.report)
        node = iri("report", self.f.report, "mention", str(m.number))
        self.add(node, RDF.type, GK.Mention)
        self.add(node, GK.mentionOf, entity)
        self.add(node, GK.surface, _str(m.surface))
        self.add(node, GK.report, self.report)
        self.add(node, GK.resolvedBy, _str(m.resolved_by))
        if m.found_by:
            self.add(node, GK.foundBy, _str(m.found_by))
        self.add(node, GK.evidence, self.evidence(m.evidence))
        if m.owner:
            self.add(entity, GK.ownedBy, self.entity(m.owner))

    def subsidy(self, i: int, s: ResolvedSubsidy, dept: NamedNode) -> None:
        node = iri("report", self.f.report, "subsidy", str(i))
        amount = iri("report", self.f.report, "subsidy", str(i), "amount")
        self.add(node, RDF.type, GK.Subsidy)
        self.add(node, SCHEMA.funder, dept)
        self.add(node, GK.report, self.report)
        for e in s.recipients:
            self.add(node, GK.recipient, iri("entity", e.type, e.key))
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
        node = iri("report", self.f.report, "grant", str(i))
        amount = iri("report", self.f.report, "grant", str(i), "amount")
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


def build_triples(facts: ReportFacts) -> list[Triple]:
    """All triples of one report's graph."""
    b = _Builder(facts)
    dept = b.department()
    b.report_node(dept)
    for i, row in enumerate(facts.budget):
        b.budget_row(i, row, dept)
    for m in facts.mentions:
        b.mention(m)
    for i, s in enumerate(facts.subsidies):
        b.subsidy(i, s, dept)
    for i, g in enumerate(facts.grants):
        b.grant(i, g, dept)
    return b.t
