"""Firms that share a name key but are not one firm: the writer keeps them apart.

Across reports an enterprise is its trade-name core (``govkg.ingest.resolve.name_key``): 杭州云帆科技有限公司,
云帆科技 and 云帆有限公司 are one node, because nothing contradicts it. When a report's full name for a node
contradicts a name the store (or an earlier report of the batch) already gives it — other provinces or
cities, other industry words of two legal names (``govkg.ingest.resolve.name_conflict``) — the report's
node becomes a *variant* ``<key>~<qualifier>`` (宁夏丝路光电科技有限公司 stays 丝路, 哈密伊州区丝路果业有限公司
becomes 丝路~哈密市果业), or joins the variant whose names it agrees with. Its mentions record why
(``gk:resolvedBy``: "… kept apart from X: A / B"). Names without a place or an industry word (云帆) stay on
the first node: they contradict nothing.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

import pyoxigraph as ox

from govkg.ingest.resolve import fold_name, name_conflict, region_and_industry

from .build import STATED, shared_of
from .vocab import GK, entity_iri, iri_parts

#: What separates a key from its qualifier in a variant's IRI.
SEPARATOR = "~"


def is_enterprise(node: str) -> bool:
    parts = iri_parts(node)
    return len(parts) == 3 and parts[:2] == ["entity", "enterprise"]


def conflict(new: Iterable[str], old: Iterable[str]) -> tuple[str, str] | None:
    """(the old name, why) of the first pair of names that cannot be one firm, or None."""
    old = sorted(set(old))
    for a in sorted(set(new)):
        for b in old:
            why = name_conflict(a, b)
            if why:
                return b, why
    return None


def variant_of(node: str, labels: set[str], siblings: dict[str, set[str]]) -> str:
    """The variant of ``node`` that a report naming it ``labels`` belongs to: the first sibling (variant
    IRI -> its names) whose names agree with them, else a new one qualified by the names' region and industry."""
    for sib in sorted(siblings):
        if not conflict(labels, siblings[sib]):
            return sib
    fullest = fold_name(max(sorted(labels), key=len))
    base = iri_parts(node)[2] + SEPARATOR + (region_and_industry(fullest) or fullest)
    out, n = entity_iri("enterprise", base).value, 2
    while out in siblings:
        out, n = entity_iri("enterprise", f"{base}{n}").value, n + 1
    return out


def variant_prefix(node: str) -> str:
    """The start of the IRIs of ``node``'s variants."""
    return entity_iri("enterprise", iri_parts(node)[2] + SEPARATOR).value


def renamed(it, moves: dict[str, tuple[str, str, str]]):
    """``it`` (a ``kg.catalog.Built``) with the nodes ``moves`` names (old IRI -> new IRI, the name kept apart
    from, why) replaced in its graph and its shared descriptions; each mention of a moved node says why.
    Its digest stays the worker's, so the same report ingested again is found unchanged."""
    triples = list(ox.parse(it.ntriples, format=ox.RdfFormat.N_TRIPLES))
    moved_mentions = {t.subject.value: moves[t.object.value] for t in triples
                      if t.predicate == GK.mentionOf and t.object.value in moves}
    out: list[ox.Triple] = []
    for t in triples:
        s, o = t.subject, t.object
        if isinstance(s, ox.NamedNode) and s.value in moves:
            s = ox.NamedNode(moves[s.value][0])
        if isinstance(o, ox.NamedNode) and o.value in moves:
            o = ox.NamedNode(moves[o.value][0])
        elif t.predicate == GK.resolvedBy and t.subject.value in moved_mentions:
            _, name, why = moved_mentions[t.subject.value]
            o = ox.Literal(f"{o.value}; kept apart from {name}: {why}")
        out.append(ox.Triple(s, t.predicate, o))
    data = ox.serialize(out, format=ox.RdfFormat.N_TRIPLES)
    stated = ((t.subject.value, t.predicate.value, t.object.value) for t in out if t.predicate.value in STATED)
    return replace(it, ntriples=data, shared=shared_of(stated))
