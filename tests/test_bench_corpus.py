"""The synthetic benchmark corpus (bench.corpus, bench.families) and its recall check (bench.recall).

No extraction here: these tests check that the generator is deterministic, that every family is produced,
that each planted fact can be read from its document (so a low recall is the extractor's, not the gold's),
and that the recall arithmetic gives 1.0 for the gold itself and 0 for nothing.
"""
from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from pathlib import Path

import pytest

from bench.corpus import DEFAULT_FAMILIES, FAMILY_NAMES, corpus_dir, ensure, generate, parse_families
from bench.recall import score


def _flat(s: str) -> str:
    """Joined lines as the gold reads them: NFKC, no white space, no page markers (``- 3 -``)."""
    s = re.sub(r"(?m)^\s*- \d+ -\s*$", "", s)
    return "".join(unicodedata.normalize("NFKC", s).split())


def _digest(out: Path) -> str:
    h = hashlib.sha1()
    for p in sorted(out.rglob("*")):
        if p.is_file():
            h.update(p.relative_to(out).as_posix().encode())
            h.update(p.read_bytes())
    return h.hexdigest()


@pytest.fixture(scope="module")
def mixed(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("mixed")
    generate(120, out, seed=3, families="all")
    return out


def _gold(out: Path) -> list[tuple[dict, str]]:
    pairs = []
    for p in sorted((out / "gold").glob("*.json")):
        if p.name != "links.json":
            g = json.loads(p.read_text("utf-8"))
            pairs.append((g, (out / "reports" / g["report"]).read_text("utf-8")))
    return pairs


def test_same_n_and_seed_give_the_same_bytes(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    generate(30, a, seed=11)
    generate(30, b, seed=11)
    assert _digest(a) == _digest(b)
    generate(30, tmp_path / "c", seed=12)
    assert _digest(a) != _digest(tmp_path / "c")


def test_a_dept_report_is_the_same_in_every_mix(tmp_path):
    generate(40, tmp_path / "dept", seed=5, families="dept")
    generate(40, tmp_path / "mix", seed=5)
    mixed = {g["report"]: text for g, text in _gold(tmp_path / "mix") if g["family"] == "dept"}
    alone = {g["report"]: text for g, text in _gold(tmp_path / "dept")}
    assert mixed and all(alone[name] == text for name, text in mixed.items())


def test_every_family_is_generated(mixed):
    manifest = json.loads((mixed / "manifest.json").read_text())
    assert set(manifest["by_family"]) == set(FAMILY_NAMES)
    assert all(n > 0 for n in manifest["by_family"].values())


def test_families_spec():
    assert parse_families(None) == DEFAULT_FAMILIES
    assert parse_families("dept,notice") == {"dept": 1.0, "notice": 1.0}
    assert parse_families("web=2,table=1") == {"web": 2.0, "table": 1.0}
    with pytest.raises(ValueError):
        parse_families("dept,memo")
    assert corpus_dir("/r", 100) == Path("/r/c100-s7")
    assert corpus_dir("/r", 100, 7, "dept") == Path("/r/c100-s7-dept1")


def test_ensure_regenerates_a_corpus_of_another_mix(tmp_path):
    out = ensure(20, tmp_path, seed=2)
    assert json.loads((out / "manifest.json").read_text())["families"] == DEFAULT_FAMILIES
    (out / "manifest.json").write_text(json.dumps({"n": 20, "seed": 2}))  # as an earlier version wrote it
    ensure(20, tmp_path, seed=2)
    assert json.loads((out / "manifest.json").read_text())["families"] == DEFAULT_FAMILIES
    assert len(list((out / "reports").glob("*.txt"))) == 20


def test_the_department_and_year_are_printed(mixed):
    for g, text in _gold(mixed):
        flat, d = _flat(text), g["department"]
        assert _flat(d["name"]) in flat, g["report"]
        assert str(d["year"]) in flat, g["report"]
        for alias in d["aliases"]:
            assert _flat(alias) in flat, (g["report"], alias)


def test_subsidy_and_negative_evidence_is_verbatim(mixed):
    for g, text in _gold(mixed):
        flat = _flat(text.replace("|", " "))
        for s in g["subsidies"] + g["other_grants"]:
            assert _flat(s["evidence"]) in flat, (g["report"], s["evidence"])
        for s in g["subsidies"]:
            assert not s["recipients"] or all(r in {e["canonical"] for e in g["entities"]} for r in s["recipients"])


def test_planted_enterprises_are_printed(mixed):
    for g, text in _gold(mixed):
        flat = _flat(text)
        for e in g["entities"]:
            assert _flat(e["name"]) in flat, (g["report"], e["name"])


def test_budget_figures_are_printed(mixed):
    """Every planted budget or executed figure is printed in the report, in 万元 or in 元."""
    for g, text in _gold(mixed):
        flat = _flat(text).replace(",", "")
        for row in g["budget"]:
            for key in ("budget", "executed"):
                v = row.get(key)
                if v is None:
                    continue
                wan, yuan = v / 10000, v
                forms = {f"{wan:.2f}", f"{yuan:.2f}", f"{wan:g}",
                         f"{int(yuan)}" if yuan == int(yuan) else f"{yuan:.2f}"}
                assert any(f in flat for f in forms), (g["report"], row, key)


def test_notice_and_table_conventions(mixed):
    for g, _ in _gold(mixed):
        if g["family"] == "notice":
            assert all(r["item"] for r in g["budget"])  # a notice has no department total
            assert {s["qualifier"] for s in g["subsidies"]} <= {"budgeted", "total"}
        if g["family"] == "table":
            named = [r for r in g["budget"] if r["item"]]
            totals = [r for r in g["budget"] if not r["item"]]
            assert named and len(totals) <= 1
            assert not totals or {k: v for k, v in totals[0].items() if k != "item"} == \
                {k: v for k, v in named[0].items() if k != "item"}
        assert g["score"] is None or g["family"] in ("dept", "web")


def _listings_from_gold(out: Path) -> dict[str, list[dict]]:
    """What a perfect extractor would list."""
    listings: dict[str, list[dict]] = {"reports": [], "budget": [], "entities": [], "subsidies": [], "links": []}
    for g, _ in _gold(out):
        d = g["department"]
        listings["reports"].append({"report": g["report"], "department": d["name"], "district": d["district"],
                                    "year": d["year"]})
        listings["budget"] += [{**r, "report": g["report"]} for r in g["budget"]]
        listings["subsidies"] += [{**s, "report": g["report"]} for s in g["subsidies"]]
        listings["entities"] += [{"name": e["canonical"], "type": e["type"], "aliases": e["aliases"],
                                  "reports": [g["report"]]} for e in g["entities"]]
    links = json.loads((out / "gold" / "links.json").read_text("utf-8"))
    listings["links"] = [{"name": x["canonical"], "reports": x["reports"]} for x in links]
    return listings


def test_recall_of_the_gold_itself_is_one_in_every_family(mixed):
    result = score(mixed, _listings_from_gold(mixed))
    for key in ("departments", "budget_rows", "enterprises", "subsidies", "links"):
        assert result[key] == 1.0, key
    assert set(result["by_family"]) == set(FAMILY_NAMES)
    for fam, r in result["by_family"].items():
        assert r["departments"] == 1.0 and r["budget_precision"] in (1.0, None), fam
        assert r["negatives_listed_as_subsidies"] == 0, fam
        for key in ("budget_rows", "enterprises", "subsidies"):
            assert r[key] in (1.0, None), (fam, key)


def test_recall_of_nothing_is_zero_and_hard_negatives_are_counted(mixed):
    empty = {k: [] for k in ("reports", "budget", "entities", "subsidies", "links")}
    result = score(mixed, empty)
    assert result["departments"] == 0 and result["budget_rows"] == 0 and result["subsidies"] is None
    listings = _listings_from_gold(mixed)
    negatives = [{**o, "recipients": [], "report": g["report"]} for g, _ in _gold(mixed) for o in g["other_grants"]]
    assert negatives
    listings["subsidies"] += negatives
    by_family = score(mixed, listings)["by_family"]
    assert sum(r["negatives_listed_as_subsidies"] for r in by_family.values()) == len(negatives)


def test_a_shared_subsidy_matches_by_its_count(mixed):
    """A listed subsidy with the shared amount and the printed count matches A等N家企业 without the name."""
    listings = _listings_from_gold(mixed)
    shared = [s for s in listings["subsidies"] if s["recipients"] and s["recipients_count"]]
    assert shared
    for s in shared:
        s["recipients"] = []
    assert score(mixed, listings)["subsidies"] == 1.0
