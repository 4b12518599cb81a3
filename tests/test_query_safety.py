"""Hostile queries lose nothing: syntax errors name line:column (exit 2), ``kg query`` is read-only
without ``--update``, and every CLI filter value is bound as one literal, never pasted into SPARQL."""
from __future__ import annotations

import hashlib
import io
import json
import shutil

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from govkg.kg import queries
from govkg.kg.cli import cli
from govkg.kg.graph import KnowledgeGraph
from govkg.kg.vocab import PREFIXES
from tests.conftest import validate_store

READ_ONLY = "kg: this is a SPARQL UPDATE and 'kg query' is read-only: add --update to change the store"

HOSTILE = [
    '"} ; DROP ALL ; {"',
    '华为") || true || CONTAINS("',  # pasted into FILTER(CONTAINS(?x, "…")) it would match every row
    "华为' || true || '",
    '" . } } DELETE WHERE { ?s ?p ?o } #',
    "\\",
    '\\" ; DROP ALL ; #',
    "}{}{",
    "{ ?s ?p ?o }",
    "a\nDROP ALL\n",
    "\r\n} ; CLEAR DEFAULT ; {\r\n",
    '"""',
    "'''",
    "\\u0022) || true || (\\u0022",
    "<http://evil/> ; LOAD <http://evil/x>",
    "# } DROP ALL",
    "\t\u3000“华为”\u2028",
]


def run(*args) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def fingerprint(store) -> str:
    """A digest of every quad in the store (sorted N-Quads)."""
    kg = KnowledgeGraph(store, read_only=True)
    buf = io.BytesIO()
    try:
        kg.store.dump(buf, "nq")
    finally:
        kg.close()
    return hashlib.sha256(b"\n".join(sorted(buf.getvalue().splitlines()))).hexdigest()


@pytest.fixture()
def store(sample_store, tmp_path):
    """A private copy of the validated sample store."""
    copy = tmp_path / "store"
    shutil.copytree(sample_store, copy)
    return copy


# -- syntax errors -------------------------------------------------------------------------------

@pytest.mark.parametrize("sparql, where", [
    ("SELECT * WHERE { ?s ?p ?o ", "1:27"),
    ("SELECT ?s\nWHERE {\n  ?s ?p ?o\n  OPTIONAL ?x\n}\n", "4:12"),
    ("PREFIX gk: <https://w3id.org/govkg/ontology#>\nSELECT * WHERE { ?r gk:fileName ?f } LIMIT x", "2:44"),
])
def test_malformed_sparql_gives_the_parser_message_with_line_and_column(store, sparql, where):
    code, out, err = run("query", sparql, "--store", store)
    assert code == 2 and out == ""
    (line,) = err.splitlines()
    assert line.startswith(f"kg: SPARQL syntax error at {where}: expected "), line


def test_malformed_sparql_in_a_file(store, tmp_path):
    rq = tmp_path / "broken.rq"
    rq.write_text("SELECT ?r WHERE {\n  ?r a gk:Report\n", "utf-8")
    code, _, err = run("query", rq, "--store", store)
    assert code == 2
    assert err.startswith("kg: SPARQL syntax error at 3:1: expected ")


def test_a_good_query_still_answers(store):
    code, out, _ = run("query", "SELECT (COUNT(*) AS ?n) WHERE { ?r a gk:Report }", "--store", store, "-f", "json")
    assert code == 0 and json.loads(out) == [{"n": 3}]


# -- read-only unless --update --------------------------------------------------------------------

@pytest.mark.parametrize("update", [
    "DROP ALL",
    "drop all",
    "CLEAR DEFAULT",
    "# remove everything\nDELETE WHERE { ?s ?p ?o }",
    "PREFIX gk: <https://w3id.org/govkg/ontology#>\nDELETE { ?r gk:fileName ?f } WHERE { ?r gk:fileName ?f }",
    "INSERT DATA { <urn:a> <urn:b> <urn:c> }",
    "WITH <urn:g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
])
def test_update_without_the_update_flag_is_refused_and_changes_nothing(store, update):
    before = fingerprint(store)
    code, out, err = run("query", update, "--store", store)
    assert (code, out, err.strip()) == (2, "", READ_ONLY)
    assert fingerprint(store) == before


def test_malformed_update_with_the_flag_changes_nothing(store):
    before = fingerprint(store)
    code, _, err = run("query", "DELETE WHERE { ?s ?p ?o } ; INSERT DATA { <urn:a> <urn:b> }", "--update",
                       "--store", store)
    assert code == 2
    assert err.startswith("kg: SPARQL syntax error at 1:"), err
    assert fingerprint(store) == before  # the half before the error did not run either


def test_update_with_the_flag_applies(store):
    code, out, _ = run("query", "INSERT DATA { GRAPH <urn:extra> { <urn:a> <urn:b> \"c\" } }", "--update",
                       "--store", store)
    assert (code, out.strip()) == (0, "update applied")
    code, out, _ = run("query", "ASK { <urn:a> <urn:b> \"c\" }", "--store", store)
    assert out.strip() == "true"


# -- filter values are literals ---------------------------------------------------------------------

@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_filter_values_match_nothing_and_change_nothing(store, value):
    before = fingerprint(store)
    for args in (["subsidies", "--enterprise", value], ["subsidies", "--department", value],
                 ["budget", "--department", value], ["subsidies", "--enterprise", value, "--department", value,
                                                     "--year", 2023]):
        code, out, err = run(*args, "--store", store, "--format", "json")
        assert (code, err) == (0, ""), (args, err)
        assert json.loads(out) == [], args
    code, out, err = run("show", value, "--store", store)
    assert (code, out) == (1, "")
    assert err.splitlines() == [f"kg: no entity named '{value}' (try 'kg entities' for the names)"
                                .replace("\r", "\\r").replace("\n", "\\n").replace("\t", "\\t")
                                .replace("\u2028", "\\u2028")]
    assert fingerprint(store) == before
    validate_store(store)


def test_the_same_filters_find_rows_for_real_names(store):
    """The control: the filters work, so the empty answers above come from binding, not from breakage."""
    code, out, _ = run("subsidies", "--enterprise", "华为", "--store", store, "--format", "json")
    assert code == 0 and [r["recipients"] for r in json.loads(out)] == [["华为"]]
    code, out, _ = run("budget", "--department", "海珠区", "--store", store, "--format", "json")
    assert code == 0 and {r["department"] for r in json.loads(out)} == {"广州市海珠区投资促进局"}


@pytest.mark.parametrize("value", HOSTILE)
def test_rendered_queries_bind_each_value_as_one_literal(value):
    for name, key in (("subsidies", "enterprise"), ("subsidies", "department"), ("budget", "department")):
        text = queries.render(name, {key: value})
        store = ox.Store()
        store.query(text, use_default_graph_as_union=True, prefixes=PREFIXES)  # the value broke no syntax
        values = text[text.index(f"VALUES ?f_{key}"):]
        literal = values[values.index("{") + 1:].split("\n", 1)[0].rsplit("}", 1)[0].strip()
        assert literal == str(ox.Literal(value))
        assert "\n" not in literal and "\r" not in literal
