"""Compact JSON-LD for ``kg export -f jsonld``: one ``@context`` with the govkg prefixes, one object per
subject in ``@graph``, prefixed names for IRIs, ``@type`` for ``rdf:type``.

Literals keep their datatype: strings are plain JSON strings, ``xsd:integer`` a JSON number and
``xsd:boolean`` true/false (both read back as the same datatype); every other datatype (``xsd:decimal``
amounts among them, which a JSON number would turn into doubles) is ``{"@value": "…", "@type": "xsd:…"}``.
Read back by any JSON-LD 1.1 processor, the document gives exactly the union graph's triples.
"""
from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any, BinaryIO

import pyoxigraph as ox

from .vocab import PREFIXES

RDF_TYPE = PREFIXES["rdf"] + "type"
XSD = PREFIXES["xsd"]


class _Compactor:
    def __init__(self, prefixes: dict[str, str]):
        # longest namespace first, so that gkid: wins over a shorter namespace it extends
        self.prefixes = sorted(prefixes.items(), key=lambda kv: -len(kv[1]))

    def iri(self, value: str) -> str:
        for name, ns in self.prefixes:
            if value.startswith(ns) and len(value) > len(ns) and not value[len(ns):].startswith("//"):
                return f"{name}:{value[len(ns):]}"
        return value

    def node(self, term: Any) -> str:
        return f"_:{term.value}" if isinstance(term, ox.BlankNode) else self.iri(term.value)

    def value(self, term: Any) -> Any:
        if not isinstance(term, ox.Literal):
            return {"@id": self.node(term)}
        if term.language:
            return {"@value": term.value, "@language": term.language}
        dt = term.datatype.value
        if dt == XSD + "string":
            return term.value
        if dt == XSD + "integer" and _canonical_int(term.value):
            return int(term.value)
        if dt == XSD + "boolean" and term.value in ("true", "false"):
            return term.value == "true"
        return {"@value": term.value, "@type": self.iri(dt)}


def _canonical_int(text: str) -> bool:
    """Does ``text`` read back from a JSON number as the same xsd:integer lexical form?"""
    try:
        return str(int(text)) == text
    except ValueError:
        return False


def compact(triples: Iterable[ox.Triple], prefixes: dict[str, str] | None = None) -> dict[str, Any]:
    """The triples as one compact JSON-LD document (a dict)."""
    prefixes = dict(prefixes or PREFIXES)
    c = _Compactor(prefixes)
    nodes: dict[str, dict[str, list[Any]]] = {}
    for t in triples:
        props = nodes.setdefault(c.node(t.subject), {})
        if t.predicate.value == RDF_TYPE and not isinstance(t.object, ox.Literal):
            props.setdefault("@type", []).append(c.node(t.object))
        else:
            props.setdefault(c.iri(t.predicate.value), []).append(c.value(t.object))
    graph = []
    for subject in sorted(nodes):
        obj: dict[str, Any] = {"@id": subject}
        for key in sorted(nodes[subject], key=lambda k: (k != "@type", k)):
            values = sorted(nodes[subject][key], key=_sort_key)
            obj[key] = values[0] if len(values) == 1 else values
        graph.append(obj)
    return {"@context": prefixes, "@graph": graph}


def _sort_key(v: Any) -> str:
    return json.dumps(v, ensure_ascii=False, sort_keys=True)


def write(triples: Iterable[ox.Triple], out: BinaryIO, prefixes: dict[str, str] | None = None) -> None:
    """Write :func:`compact` of the triples as UTF-8 JSON."""
    out.write(json.dumps(compact(triples, prefixes), ensure_ascii=False, indent=1).encode("utf-8"))
    out.write(b"\n")
