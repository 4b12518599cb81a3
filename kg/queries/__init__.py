"""Named SPARQL queries kept as ``.rq`` files.

A query may hold optional filter blocks::

    #IF department
    FILTER(CONTAINS(?department, ?f_department))
    #END

A block is kept only when its filter is given, and starts with ``VALUES ?f_<name> { term }``: the value
is bound as one RDF term serialised by pyoxigraph (quotes, braces and backslashes escaped), never spliced
into the query's own syntax. The same text runs on the embedded store and on any SPARQL endpoint.

The union default graph repeats a triple that several report graphs hold (a city's label), so
listings use DISTINCT or aggregate with DISTINCT.
"""
from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

import pyoxigraph as ox
from functools import lru_cache
from importlib import resources

_BLOCK = re.compile(r"^[ \t]*#IF (\w+)[ \t]*\n(.*?)^[ \t]*#END[ \t]*\n", re.S | re.M)


@lru_cache(maxsize=None)
def raw(name: str) -> str:
    """The text of ``<name>.rq``."""
    return resources.files(__name__).joinpath(f"{name}.rq").read_text("utf-8")


def names() -> list[str]:
    """Names of every bundled query."""
    return sorted(p.name[:-3] for p in resources.files(__name__).iterdir() if p.name.endswith(".rq"))


def render(name: str, bindings: dict[str, Any] | None = None) -> str:
    """The query with the ``#IF`` blocks of the given filters kept, each value bound by a VALUES block."""
    bindings = {k: v for k, v in (bindings or {}).items() if v is not None}

    def block(m: re.Match) -> str:
        key = m.group(1)
        if key not in bindings:
            return ""
        return f"VALUES ?f_{key} {{ {term(bindings[key])} }}\n{m.group(2)}"

    return _BLOCK.sub(block, raw(name))


def term(value: Any) -> str:
    """A Python value as one SPARQL/N-Triples term, escaped by pyoxigraph."""
    xsd = "http://www.w3.org/2001/XMLSchema#"
    if isinstance(value, bool):
        lit = ox.Literal("true" if value else "false", datatype=ox.NamedNode(xsd + "boolean"))
    elif isinstance(value, int):
        lit = ox.Literal(str(value), datatype=ox.NamedNode(xsd + "integer"))
    elif isinstance(value, (float, Decimal)):
        lit = ox.Literal(str(value), datatype=ox.NamedNode(xsd + "decimal"))
    elif isinstance(value, (ox.Literal, ox.NamedNode)):
        lit = value
    else:
        lit = ox.Literal(str(value))
    return str(lit)
