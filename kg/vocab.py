"""IRIs of the ontology terms and of the data the builder mints."""
from __future__ import annotations

from functools import lru_cache
from urllib.parse import quote

from pyoxigraph import NamedNode

from govkg.ingest.facts import ENTITY_TYPES

ONT = "https://w3id.org/govkg/ontology#"
ID = "https://w3id.org/govkg/id/"
PREFIXES = {
    "gk": ONT,
    "gkid": ID,
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "org": "http://www.w3.org/ns/org#",
    "prov": "http://www.w3.org/ns/prov#",
    "schema": "https://schema.org/",
    "oa": "http://www.w3.org/ns/oa#",
    "dcterms": "http://purl.org/dc/terms/",
    "owl": "http://www.w3.org/2002/07/owl#",
    "sh": "http://www.w3.org/ns/shacl#",
}


class _NS:
    def __init__(self, base: str):
        self._base = base

    def __getattr__(self, name: str) -> NamedNode:  # called once per term: the node is kept as an attribute
        if name.startswith("__"):
            raise AttributeError(name)
        node = NamedNode(self._base + name)
        setattr(self, name, node)
        return node

    def __getitem__(self, name: str) -> NamedNode:
        return getattr(self, name)


GK = _NS(ONT)
RDF = _NS(PREFIXES["rdf"])
RDFS = _NS(PREFIXES["rdfs"])
XSD = _NS(PREFIXES["xsd"])
SKOS = _NS(PREFIXES["skos"])
ORG = _NS(PREFIXES["org"])
PROV = _NS(PREFIXES["prov"])
SCHEMA = _NS(PREFIXES["schema"])
OA = _NS(PREFIXES["oa"])
DCT = _NS(PREFIXES["dcterms"])

#: entity type name (CLI/JSON) -> ontology class local name: gk:Enterprise, gk:Institution …
ENTITY_CLASSES = {t: t.capitalize() for t in ENTITY_TYPES}


def iri(*parts: str) -> NamedNode:
    """A data IRI under ``ID`` from path parts, each percent-encoded."""
    return NamedNode(ID + "/".join(map(_quoted, parts)))


@lru_cache(maxsize=4096)
def _quoted(part: str) -> str:
    return quote(str(part), safe="")


def report_iri(report: str) -> NamedNode:
    return iri("report", report)


def graph_iri(report: str) -> NamedNode:
    """The named graph that holds everything extracted from one report."""
    return iri("graph", report)


def sparql_prologue() -> str:
    """PREFIX lines for every prefix above."""
    return "".join(f"PREFIX {k}: <{v}>\n" for k, v in PREFIXES.items())
