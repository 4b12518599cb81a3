"""Report identity by content (issue 13.2) and one home for shared descriptions (issue 14.4).

A report is its bytes: the same bytes under two names are one report with both names; other bytes under a
stored name are another report, kept beside it unless ``--replace`` or ``kg remove`` says otherwise. The
entities, departments and places the reports share are described once, in the canonical graph, so a plain
``COUNT`` over the union of the graphs counts each entity once.
"""
from __future__ import annotations

import hashlib
import json

from click.testing import CliRunner

from govkg.kg.cli import cli
from govkg.kg.graph import KnowledgeGraph
from tests.conftest import assert_valid
from tests.helpers import title

CANONICAL = "https://w3id.org/govkg/id/graph/canonical"
A = title("杭州市余杭区投资促进局", 2023) + "兑现云帆科技有限公司经营贡献奖 100 万元。兑现星河科技有限公司落户奖励 50 万元。\n"
B = title("杭州市滨江区投资促进局", 2023) + "兑现云帆科技有限公司经营贡献奖 200 万元。促成华为技术有限公司落户。\n"


def kg_cli(*args) -> tuple[int, str, str]:
    r = CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)
    return r.exit_code, r.stdout, r.stderr


def write(path, text: str):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, "utf-8")
    return path


def rid(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def ingest(store, *paths, **kw):
    with KnowledgeGraph(store) as kg:
        result = kg.ingest([str(p) for p in paths], workers=1, **kw)
        assert not result.errors, [f.error for f in result.errors]
        return result


def reports(store) -> list[dict]:
    with KnowledgeGraph(store, read_only=True) as kg:
        return kg.reports()


def quads(store) -> set[str]:
    with KnowledgeGraph(store, read_only=True) as kg:
        return {f"{r['g']} {r['s']} {r['p']} {r['o']}" for r in kg.query("SELECT * WHERE { GRAPH ?g { ?s ?p ?o } }")}


def test_the_same_bytes_under_two_names_are_one_report_with_both_names(tmp_path):
    a, copy = write(tmp_path / "in" / "a.txt", A), write(tmp_path / "in" / "copy-of-a.txt", A)
    result = ingest(tmp_path / "s", a, copy)
    assert [(f.report, f.report_id, f.status) for f in result.files] == [
        ("a.txt", rid(A), "added"), ("copy-of-a.txt", rid(A), "name added (same content as a.txt)")]
    (row,) = reports(tmp_path / "s")
    assert (row["report"], row["report_id"], row["names"]) == ("a.txt", rid(A), ["a.txt", "copy-of-a.txt"])
    with KnowledgeGraph(tmp_path / "s", read_only=True) as kg:
        assert sorted(r["amount"] for r in kg.subsidies()) == [500000.0, 1000000.0]  # counted once


def test_reingesting_unchanged_files_writes_nothing(tmp_path):
    a, b = write(tmp_path / "in" / "a.txt", A), write(tmp_path / "in" / "b.txt", B)
    ingest(tmp_path / "s", a, b)
    before = quads(tmp_path / "s")
    again = ingest(tmp_path / "s", a, b)
    assert [f.status for f in again.files] == ["unchanged", "unchanged"]
    assert quads(tmp_path / "s") == before


def test_other_bytes_under_a_stored_name_are_kept_beside_it_with_a_warning(tmp_path):
    ingest(tmp_path / "s", write(tmp_path / "x" / "report.txt", A))
    code, out, err = kg_cli("ingest", write(tmp_path / "y" / "report.txt", B), "--store", tmp_path / "s", "-w", 1)
    assert code == 0
    assert f"{tmp_path / 'y' / 'report.txt'}: warning: another report named report.txt is in the store " \
           f"(id {rid(A)[:12]}) with other content: both are kept and listed by id; 'kg ingest --replace' " \
           "replaces it, 'kg remove ID' removes one" in err.splitlines()
    rows = reports(tmp_path / "s")
    assert sorted((r["report"], r["report_id"], r["department"]) for r in rows) == sorted([
        ("report.txt", rid(A), "杭州市余杭区投资促进局"), ("report.txt", rid(B), "杭州市滨江区投资促进局")])
    code, out, _ = kg_cli("reports", "--store", tmp_path / "s")
    assert rid(A)[:12] in out and rid(B)[:12] in out  # the table tells them apart


def test_replace_removes_the_report_stored_under_the_name_and_what_only_it_named(tmp_path):
    store = tmp_path / "s"
    ingest(store, write(tmp_path / "x" / "report.txt", A))
    result = ingest(store, write(tmp_path / "y" / "report.txt", B), replace=True)
    assert result.files[0].status == f"added, replacing {rid(A)[:12]}"
    assert [(r["report"], r["report_id"]) for r in reports(store)] == [("report.txt", rid(B))]
    with KnowledgeGraph(store, read_only=True) as kg:
        names = {e["name"] for e in kg.entities()}
        assert "星河科技有限公司" not in names and {"云帆科技有限公司", "华为技术有限公司"} <= names
        assert [d["department"] for d in kg.budget()] == [] or all(d["department"] == "杭州市滨江区投资促进局"
                                                                   for d in kg.budget())
        assert_valid(kg)
    # the canonical graph is exactly what a store of B alone holds
    ingest(tmp_path / "only-b", tmp_path / "y" / "report.txt")
    assert _canonical(store) == _canonical(tmp_path / "only-b")


def _canonical(store) -> set[str]:
    return {q for q in quads(store) if q.startswith(CANONICAL + " ")}


def test_kg_remove_by_id_or_name(tmp_path):
    store = tmp_path / "s"
    a, copy, b = (write(tmp_path / "in" / n, t) for n, t in (("a.txt", A), ("copy.txt", A), ("b.txt", B)))
    ingest(store, a, copy, b)
    assert kg_cli("remove", "copy.txt", "--store", store)[:2] == (
        0, f"removed the name copy.txt from report {rid(A)[:12]} (still named a.txt)\n")
    assert kg_cli("remove", rid(A)[:8], "--store", store)[:2] == (0, f"removed report {rid(A)[:12]} (a.txt)\n")
    assert [r["report"] for r in reports(store)] == ["b.txt"]
    assert _canonical(store) == _canonical_of(tmp_path, b)
    code, out, err = kg_cli("remove", "nothing.txt", "--store", store)
    assert (code, err) == (1, "kg: no report 'nothing.txt' in the store (see 'kg reports' for names and ids)\n")
    assert kg_cli("remove", "b.txt", "--store", store)[:2] == (0, f"removed report {rid(B)[:12]} (b.txt)\n")
    with KnowledgeGraph(store, read_only=True) as kg:
        assert kg.reports() == [] and kg.entities() == []
        assert _canonical(store) == set()


def _canonical_of(tmp_path, *paths) -> set[str]:
    store = tmp_path / "fresh"
    ingest(store, *paths)
    return _canonical(store)


def test_a_name_two_reports_carry_must_be_given_as_an_id(tmp_path):
    store = tmp_path / "s"
    ingest(store, write(tmp_path / "x" / "report.txt", A), write(tmp_path / "y" / "report.txt", B))
    code, out, err = kg_cli("remove", "report.txt", "--store", store)
    first, second = sorted([rid(A), rid(B)])
    assert (code, out) == (2, "")
    assert err == (f"kg: 2 reports match 'report.txt': {first[:12]} (report.txt), {second[:12]} (report.txt); "
                   "give more of the id\n")
    assert len(reports(store)) == 2


def test_kg_ingest_json_and_table_show_the_id_and_what_happened(tmp_path):
    a = write(tmp_path / "in" / "a.txt", A)
    code, out, _ = kg_cli("ingest", a, "--store", tmp_path / "s", "-w", 1, "--format", "json")
    (row,) = json.loads(out)
    assert (row["report"], row["report_id"], row["status"]) == ("a.txt", rid(A), "added")
    code, out, _ = kg_cli("ingest", a, "--store", tmp_path / "s", "-w", 1)
    assert f"a.txt   {rid(A)[:12]}  unchanged" in out


# -- issue 14.4: your own SPARQL counts right ---------------------------------------------------------

def test_a_plain_count_over_enterprises_equals_kg_entities(tmp_path):
    """云帆科技有限公司 is named by both reports: one entity, one type triple, one label in the union."""
    store = tmp_path / "s"
    ingest(store, write(tmp_path / "in" / "a.txt", A), write(tmp_path / "in" / "b.txt", B))
    code, out, _ = kg_cli("entities", "--type", "enterprise", "--store", store, "--format", "json")
    listed = json.loads(out)
    assert sorted(e["name"] for e in listed) == ["云帆科技有限公司", "华为技术有限公司", "星河科技有限公司"]
    with KnowledgeGraph(store, read_only=True) as kg:
        (n,) = kg.query("SELECT (COUNT(?e) AS ?n) WHERE { ?e a gk:Enterprise }")
        (labels,) = kg.query("SELECT (COUNT(?name) AS ?n) WHERE { ?e a gk:Enterprise ; rdfs:label ?name }")
        (cities,) = kg.query("SELECT (COUNT(?c) AS ?n) WHERE { ?c a gk:City }")
        (yunfan,) = kg.query("SELECT (COUNT(?r) AS ?n) WHERE { ?e rdfs:label '云帆科技有限公司' ; gk:mentionedIn ?r }")
    assert n["n"] == labels["n"] == len(listed) == 3
    assert cities["n"] == 1  # 杭州市, named by both reports
    assert yunfan["n"] == 2  # one gk:mentionedIn per report that names it


def test_readme_graph_layout_queries_run_as_printed(sample_kg):
    """The example queries of the README's "Graph layout" section."""
    from pathlib import Path

    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text("utf-8")
    section = readme[readme.index("### Graph layout"):]
    section = section[:section.index("\n## ")]
    blocks = [b.split("\n", 1)[1] for b in section.split("```sparql")[1:]]
    assert len(blocks) >= 3
    for block in blocks:
        text = block[:block.index("```")]
        rows = sample_kg.query(text)
        assert rows, text


def test_no_report_graph_repeats_a_shared_description(sample_kg):
    """No rdf:type or rdfs:label of an entity, department or place outside the canonical graph."""
    rows = sample_kg.query(f"""SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ ?s a ?t }}
        FILTER(?g != <{CANONICAL}> && ?t IN (gk:Enterprise, gk:Institution, gk:Project, gk:Event, gk:Policy,
                                               gk:Department, gk:District, gk:City)) }}""")
    assert rows[0]["n"] == 0
    labels = sample_kg.query(f"""SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ ?s rdfs:label ?l }}
        FILTER(?g != <{CANONICAL}> && ?g != <https://w3id.org/govkg/id/graph/ontology>
               && !STRSTARTS(STR(?s), "https://w3id.org/govkg/id/report/")) }}""")
    assert labels[0]["n"] == 0  # only budget lines (report nodes) carry a label in a report graph


def test_kg_grants_reads_the_funder_from_the_canonical_graph(tmp_path):
    """A grant (issue 11's gk:Grant) in the content-identified layout: its department's name lives in the
    canonical graph, its sentence in a sentence node; both reach the listing."""
    text = title("杭州市余杭区商务局", 2023) + "向东城街道拨付环境整治补助资金20万元。\n"
    store = tmp_path / "s"
    ingest(store, write(tmp_path / "in" / "g.txt", text))
    code, out, _ = kg_cli("grants", "--store", store, "--format", "json")
    rows = json.loads(out)
    assert code == 0 and [(r["recipient_kind"], r["amount"], r["department"], r["report"], r["report_id"])
                          for r in rows] == [("government", 200000.0, "杭州市余杭区商务局", "g.txt", rid(text))]
    assert rows[0]["evidence"] == "向东城街道拨付环境整治补助资金20万元。"
    code, out, _ = kg_cli("grants", "--store", store, "--department", "余杭", "--format", "json")
    assert len(json.loads(out)) == 1
    code, out, _ = kg_cli("grants", "--store", store, "--department", "滨江", "--format", "json")
    assert json.loads(out) == []
