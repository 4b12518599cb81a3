"""The named SPARQL queries: every ``.rq`` file of ``kg/queries`` and ``viz/queries``, one way to fill them.

A query is named by its file (``budget``) or, for the pictures, ``viz/<file>`` (``viz/overview``). Its
text may hold blocks that take values from Python::

    #IF department
    FILTER(CONTAINS(?f_dept_name, ?f_department))
    #END

A block is kept only when its value is given (not None), and then starts with a ``VALUES`` block that
binds it: to ``?f_<name>`` by default, or to the variables the ``#IF`` line names (``#IF node ?node``).
A value is one term, a list of terms (one row each) or a list of tuples (one row each, one term per
variable). Every term is serialised by pyoxigraph (quotes, braces and backslashes escaped), so a value
never becomes query syntax. Blocks nest. The same text runs on the embedded store and on any SPARQL
endpoint.

The vocabulary is bound the same way, in every query: ``entity_class`` (the entity classes),
``entity_type`` (class, type name) and ``org_class`` (the classes that receive subsidies), from
``govkg.ingest.facts.ENTITY_TYPES`` through ``kg.vocab``; no query lists them itself.

The union default graph repeats a triple that several report graphs hold (a city's label), so
listings use DISTINCT or aggregate with DISTINCT.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import Decimal
from functools import lru_cache
from importlib import resources
from typing import Any

import pyoxigraph as ox

from govkg.ingest.facts import ENTITY_TYPES, ORG_TYPES

from ..vocab import ENTITY_CLASSES, GK, XSD

#: query name prefix -> package that holds its ``.rq`` files
PACKAGES = {"": __name__, "viz/": "govkg.viz.queries"}

_OPEN = re.compile(r"^[ \t]*#IF[ \t]+(\w+)((?:[ \t]+\?\w+)*)[ \t]*$")
_CLOSE = re.compile(r"^[ \t]*#END[ \t]*$")


@lru_cache(maxsize=None)
def raw(name: str) -> str:
    """The text of the ``.rq`` file of query ``name``."""
    prefix = "viz/" if name.startswith("viz/") else ""
    return resources.files(PACKAGES[prefix]).joinpath(f"{name[len(prefix):]}.rq").read_text("utf-8")


def names() -> list[str]:
    """Names of every bundled query."""
    return sorted(prefix + p.name[:-3] for prefix, package in PACKAGES.items()
                  for p in resources.files(package).iterdir() if p.name.endswith(".rq"))


@lru_cache(maxsize=1)
def vocabulary() -> dict[str, list]:
    """The values every query may use: entity classes, (class, type name) pairs, organisation classes."""
    return {
        "entity_class": [GK[ENTITY_CLASSES[t]] for t in ENTITY_TYPES],
        "entity_type": [(GK[ENTITY_CLASSES[t]], t) for t in ENTITY_TYPES],
        "org_class": [GK[ENTITY_CLASSES[t]] for t in ORG_TYPES],
    }


def render(name: str, bindings: dict[str, Any] | None = None) -> str:
    """Query ``name`` with the blocks of the given values kept, each value bound by a VALUES block."""
    given = {**vocabulary(), **{k: v for k, v in (bindings or {}).items() if v is not None}}
    out: list[str] = []
    keep: list[bool] = []  # one flag per open block
    for line in raw(name).splitlines(keepends=True):
        opening = _OPEN.match(line)
        if opening:
            key = opening.group(1)
            kept = all(keep) and key in given
            keep.append(kept)
            if kept:
                indent = line[:len(line) - len(line.lstrip())]
                out.append(indent + values(opening.group(2).split() or [f"?f_{key}"], given[key]))
        elif _CLOSE.match(line):
            if not keep:
                raise ValueError(f"{name}.rq: #END without #IF")
            keep.pop()
        elif all(keep):
            out.append(line)
    if keep:
        raise ValueError(f"{name}.rq: #IF without #END")
    return "".join(out)


def values(variables: list[str], value: Any) -> str:
    """``VALUES ?v { … }`` (or ``VALUES (?a ?b) { (…) … }``) binding ``value``, one line."""
    rows = list(value) if isinstance(value, (list, tuple, set, frozenset)) else [value]
    if len(variables) == 1:
        return f"VALUES {variables[0]} {{ {' '.join(term(v) for v in rows)} }}\n"
    cells = " ".join("(" + " ".join(term(v) for v in _row(r, len(variables))) + ")" for r in rows)
    return f"VALUES ({' '.join(variables)}) {{ {cells} }}\n"


def _row(row: Any, width: int) -> Iterable[Any]:
    if not isinstance(row, tuple) or len(row) != width:
        raise ValueError(f"expected a tuple of {width} values, got {row!r}")
    return row


def term(value: Any) -> str:
    """A Python value as one SPARQL/N-Triples term, escaped by pyoxigraph."""
    if isinstance(value, bool):
        lit = ox.Literal("true" if value else "false", datatype=XSD.boolean)
    elif isinstance(value, int):
        lit = ox.Literal(str(value), datatype=XSD.integer)
    elif isinstance(value, (float, Decimal)):
        lit = ox.Literal(str(value), datatype=XSD.decimal)
    elif isinstance(value, (ox.Literal, ox.NamedNode)):
        lit = value
    else:
        lit = ox.Literal(str(value))
    return str(lit)
