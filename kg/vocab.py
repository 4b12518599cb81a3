"""IRIs of the ontology terms and of the data the builder mints."""
from __future__ import annotations

from functools import lru_cache
from urllib.parse import quote, unquote

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


#: Characters of a report's id: the first 128 bits of the SHA-256 of its file's bytes, in hex.
REPORT_ID_CHARS = 32


def report_id(sha256_hex: str) -> str:
    """A report's id from the SHA-256 (hex) of its bytes: the same bytes under any name are one report."""
    return sha256_hex[:REPORT_ID_CHARS]


def report_iri(report_id: str) -> NamedNode:
    """The report's node: ``…/id/report/<id>`` (the id, not the file name: names are kept as gk:fileName)."""
    return iri("report", report_id)


def graph_iri(report_id: str) -> NamedNode:
    """The named graph that holds everything one report states."""
    return iri("graph", report_id)


#: The one home of the descriptions that many reports share: the type, label, other names and owner of
#: every entity, and the departments, districts and cities with their labels (kept by the ingest writer).
CANONICAL_GRAPH = NamedNode(ID + "graph/canonical")
#: The ontology, loaded into the store beside the data.
ONTOLOGY_GRAPH = NamedNode(ID + "graph/ontology")


def report_id_of(node: str) -> str | None:
    """The id in a report node's IRI (None for another IRI)."""
    prefix = ID + "report/"
    return node[len(prefix):] if node.startswith(prefix) and "/" not in node[len(prefix):] else None


def entity_iri(type_: str, key: str) -> NamedNode:
    return iri("entity", type_, key)


def department_iri(name: str) -> NamedNode:
    return iri("org", name)


def place_iri(*names: str) -> NamedNode:
    """A city ``place/<city>`` or a district ``place/<city>/<district>`` (``place/<district>`` without a city)."""
    return iri("place", *names)


def iri_parts(node: str) -> list[str]:
    """The percent-decoded path parts of a data IRI (``…/id/entity/enterprise/华为`` -> entity, enterprise, 华为)."""
    return [unquote(p) for p in node[len(ID):].split("/")] if node.startswith(ID) else []


def sparql_prologue() -> str:
    """PREFIX lines for every prefix above."""
    return "".join(f"PREFIX {k}: <{v}>\n" for k, v in PREFIXES.items())
