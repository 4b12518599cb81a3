"""Firms that share a trade-name core across reports (issue 12.5): one node when nothing contradicts it,
kept apart when their places or legal names' industries do, and the rule is recorded on the mentions."""
from __future__ import annotations

import pytest

from govkg.ingest.resolve import name_conflict, region_and_industry
from govkg.kg.graph import KnowledgeGraph
from tests.conftest import assert_valid
from tests.helpers import title


@pytest.mark.parametrize("a, b", [
    ("杭州青岚科技有限公司", "青岚有限公司"),  # a legal name and its short legal form
    ("杭州青岚科技有限公司", "青岚科技"),  # a short name
    ("杭州青岚科技有限公司", "青岚信息科技有限公司"),  # 信息科技 ends with 科技
    ("浙江青岚科技有限公司", "杭州青岚科技有限公司"),  # a province and one of its cities
    ("余杭区青岚科技有限公司", "杭州青岚科技有限公司"),  # a district and its city
    ("青岚（建德）食品有限公司", "杭州青岚食品有限公司"),  # a bracketed county of that city
    ("青岚科技", "青岚农业"),  # short names say too little to contradict
])
def test_names_that_agree_are_one_firm(a, b):
    assert name_conflict(a, b) is None and name_conflict(b, a) is None


@pytest.mark.parametrize("a, b, why", [
    ("宁波青岚科技有限公司", "杭州青岚科技有限公司", "宁波市 / 杭州市"),
    ("银川青岚光电科技有限公司", "哈密青岚果业有限公司", "宁夏回族自治区 / 新疆维吾尔自治区"),
    ("青岚光电科技有限公司", "青岚果业有限公司", "光电科技 / 果业"),
    ("青岚科技有限公司", "青岚信息技术有限公司", "科技 / 信息技术"),
])
def test_names_that_contradict_are_two_firms(a, b, why):
    assert name_conflict(a, b) == why


def test_a_variant_is_qualified_by_region_and_industry():
    assert region_and_industry("哈密青岚果业有限公司") == "哈密市果业"
    assert region_and_industry("青岚有限公司") == ""


YUHANG = title("杭州市余杭区经济和信息化局", 2023) + "兑现杭州青岚科技有限公司技术改造奖励 80 万元。\n"
NINGBO = title("宁波市鄞州区经济和信息化局", 2023) + "兑现宁波青岚新材料有限公司技术改造奖励 60 万元。\n"
BINJIANG = title("杭州市滨江区投资促进局", 2023) + "向青岚科技兑付经营贡献奖 30 万元。\n"
BEILUN = title("宁波市北仑区商务局", 2023) + "兑现宁波青岚新材料有限公司外贸稳增长奖励 20 万元。\n"


def _write(tmp_path, texts: dict[str, str]) -> list[str]:
    paths = []
    for name, text in texts.items():
        p = tmp_path / "in" / name
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text, "utf-8")
        paths.append(str(p))
    return paths


def _firms(store) -> dict[str, list[str]]:
    """enterprise name -> the reports that name it, and every mention's rule."""
    with KnowledgeGraph(store, read_only=True) as kg:
        assert_valid(kg)
        rows = kg.query("SELECT ?e ?r WHERE { ?e a gk:Enterprise ; gk:mentionedIn ?r }")
        reports = {r["report"]: r["report_id"] for r in kg.reports()}
        ids = {v: k for k, v in reports.items()}
        by_node: dict[str, list[str]] = {}
        for row in rows:
            by_node.setdefault(row["e"], []).append(ids[row["r"].rsplit("/", 1)[-1]])
        return {node: sorted(names) for node, names in by_node.items()}


@pytest.mark.parametrize("batches", ["one batch", "a report at a time"])
def test_firms_of_one_trade_name_link_only_where_nothing_contradicts(tmp_path, batches):
    paths = _write(tmp_path, {"yuhang.txt": YUHANG, "ningbo.txt": NINGBO, "binjiang.txt": BINJIANG,
                              "beilun.txt": BEILUN})
    store = tmp_path / "s"
    for group in ([paths] if batches == "one batch" else [[p] for p in paths]):
        with KnowledgeGraph(store) as kg:
            assert not kg.ingest(group, workers=1).errors
    # 杭州青岚科技 and 青岚科技 are one firm; 宁波青岚新材料 is another, named by two reports
    assert sorted(_firms(store).values()) == [["beilun.txt", "ningbo.txt"], ["binjiang.txt", "yuhang.txt"]]
    with KnowledgeGraph(store, read_only=True) as kg:
        linked = {row["name"]: sorted(row["reports"]) if isinstance(row["reports"], list) else row["reports"]
                  for row in kg.links()}
        assert set(linked) == {"杭州青岚科技有限公司", "宁波青岚新材料有限公司"}
        (ningbo,) = [m for m in kg.show("宁波青岚新材料有限公司") if m.get("report") == "ningbo.txt"]
        assert ningbo["rule"].endswith("kept apart from 杭州青岚科技有限公司: 宁波市 / 杭州市")
        # the variant's money is its own: 宁波青岚新材料 received 60 + 20, not 杭州青岚科技's 80 or 30
        paid = sorted(float(s["amount"]) for s in kg.subsidies(enterprise="宁波青岚新材料有限公司"))
        assert paid == [200_000.0, 600_000.0]  # yuan
        assert sorted(float(s["amount"]) for s in kg.subsidies(enterprise="青岚科技")) == [300_000.0, 800_000.0]


def test_ingesting_again_keeps_the_variant_and_changes_nothing(tmp_path):
    paths = _write(tmp_path, {"yuhang.txt": YUHANG, "ningbo.txt": NINGBO})
    store = tmp_path / "s"
    with KnowledgeGraph(store) as kg:
        kg.ingest(paths, workers=1)
    before = _firms(store)
    with KnowledgeGraph(store) as kg:
        result = kg.ingest(paths, workers=1)
    assert [f.status for f in result.files] == ["unchanged", "unchanged"]
    assert _firms(store) == before and len(before) == 2


def test_removing_the_first_firm_leaves_the_variant_whole(tmp_path):
    paths = _write(tmp_path, {"yuhang.txt": YUHANG, "ningbo.txt": NINGBO, "beilun.txt": BEILUN})
    store = tmp_path / "s"
    with KnowledgeGraph(store) as kg:
        kg.ingest(paths, workers=1)
        kg.remove("yuhang.txt")
        names = [e["name"] for e in kg.entities(type="enterprise")]
    assert names == ["宁波青岚新材料有限公司"]
    assert sorted(_firms(store).values()) == [["beilun.txt", "ningbo.txt"]]
