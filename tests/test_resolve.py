"""Entity resolution: name keys, alias table, event sessions, and links across reports."""
import pytest

from govkg.ingest.resolve import Resolver, event_series, name_key
from tests.conftest import ingest_and_validate


@pytest.mark.parametrize("a,b", [
    ("广州天丰公司", "天丰有限公司"),
    ("中建四局建筑装饰（广东）有限公司", "中建四局建筑装饰"),
    ("深圳市云帆科技股份有限公司", "云帆科技"),
    ("欢聚集团", "欢聚"),
])
def test_enterprise_keys_ignore_region_parentheses_and_legal_form(a, b):
    assert name_key(a, "enterprise")[0] == name_key(b, "enterprise")[0]


def test_projects_keep_their_names_and_differ_from_owners():
    assert name_key("华为广州研发中心", "project")[0] != name_key("华为", "enterprise")[0]


@pytest.mark.parametrize("session,series", [
    ("第九届广州国际投资年会白云区分会场", "广州国际投资年会"),
    ("广州国际投资年会番禺区投资推介专场活动", "广州国际投资年会"),
    ("2024年第三届中国数字贸易博览会滨江分会场", "中国数字贸易博览会"),
])
def test_event_sessions_resolve_to_the_series(session, series):
    assert event_series(session) == series
    r = Resolver().resolve(session, "event")
    assert r.canonical == series and "session" in r.rule


def test_alias_table(tmp_path):
    table = tmp_path / "aliases.tsv"
    table.write_text("# alias\tcanonical\ttype\n芯讯通\t扬韬公司\tenterprise\n", "utf-8")
    r = Resolver.from_file(table).resolve("芯讯通", "enterprise")
    assert r.canonical == "扬韬公司" and r.key == name_key("扬韬公司", "enterprise")[0]
    assert r.rule.startswith("alias table")
    bad = tmp_path / "bad.tsv"
    bad.write_text("only-one-column\n", "utf-8")
    with pytest.raises(ValueError, match=r"bad.tsv:1: expected"):
        Resolver.from_file(bad)


REPORT_A = """2024年度佛山市南海区投资促进局部门整体支出绩效自评报告
一、基本情况
促成佛山瀚海新能源有限公司、南海星链科技有限公司 2 家企业注册落户。举办“第五届粤港澳投资博览会南海区分会场”。
"""
REPORT_B = """2024年度佛山市顺德区经济促进局部门整体支出绩效自评报告
一、基本情况
兑现瀚海新能源、美顺家电等企业扶持资金超500万元。成功举办粤港澳投资博览会顺德区投资推介专场活动。
"""


def test_same_company_and_event_link_two_districts(tmp_path):
    (tmp_path / "a.txt").write_text(REPORT_A, "utf-8")
    (tmp_path / "b.txt").write_text(REPORT_B, "utf-8")
    kg, result = ingest_and_validate([tmp_path / "a.txt", tmp_path / "b.txt"], tmp_path / "store", workers=1)
    assert not result.errors
    links = {row["name"]: row for row in kg.links()}
    assert set(links) == {"佛山瀚海新能源有限公司", "粤港澳投资博览会"}
    company = links["佛山瀚海新能源有限公司"]
    assert company["type"] == "enterprise" and "瀚海新能源" in company["aliases"]
    assert company["districts"] == ["南海区", "顺德区"] and company["reports"] == ["a.txt", "b.txt"]
    event = links["粤港澳投资博览会"]
    assert "第五届粤港澳投资博览会南海区分会场" in event["aliases"]
    # the subsidy in B names the canonical company; the merge is explained in the graph
    sub = kg.subsidies(enterprise="瀚海")[0]
    assert "佛山瀚海新能源有限公司" in sub["recipients"] and sub["qualifier"] == "at_least"
    rules = {r["rule"] for r in kg.show("瀚海新能源")}
    # the key is the trade-name core (issue 12): places, the industry word and the legal form come off
    assert any("name key 瀚海 " in r and "industry 新能源" in r for r in rules)
    kg.close()


def test_a_city_level_department_does_not_hide_the_other_districts(tmp_path):
    """One report of a city-level department (no district) named the company too: the link still lists
    the districts of the others (an aggregate over an unbound district used to blank them all)."""
    (tmp_path / "a.txt").write_text(REPORT_A, "utf-8")
    (tmp_path / "b.txt").write_text(REPORT_B, "utf-8")
    (tmp_path / "c.txt").write_text("2024年度佛山市商务局部门整体支出绩效自评报告\n一、基本情况\n"
                                    "推动佛山瀚海新能源有限公司等企业项目落地。\n", "utf-8")
    kg, _ = ingest_and_validate([tmp_path / n for n in ("a.txt", "b.txt", "c.txt")], tmp_path / "store", workers=1)
    company = {row["name"]: row for row in kg.links()}["佛山瀚海新能源有限公司"]
    assert company["districts"] == ["南海区", "顺德区"]
    assert company["departments"] == ["佛山市南海区投资促进局", "佛山市商务局", "佛山市顺德区经济促进局"]
    kg.close()


def test_aliases_option_merges_names_the_rules_cannot(tmp_path):
    (tmp_path / "a.txt").write_text(REPORT_A, "utf-8")
    (tmp_path / "c.txt").write_text(REPORT_A.replace("南海区", "三水区").replace("南海星链科技有限公司", "星链公司"), "utf-8")
    table = tmp_path / "aliases.tsv"
    table.write_text("星链公司\t南海星链科技有限公司\tenterprise\n", "utf-8")
    kg, _ = ingest_and_validate([tmp_path / "a.txt", tmp_path / "c.txt"], tmp_path / "store", workers=1,
                                aliases=str(table))
    names = {row["name"] for row in kg.links(type="enterprise")}
    assert "南海星链科技有限公司" in names
    kg.close()


# -- alias table: conflicts and cycles are refused (issue 13.6) --------------------------------------

def _table(tmp_path, text: str):
    path = tmp_path / "aliases.tsv"
    path.write_text(text, "utf-8")
    return path


def test_an_alias_cycle_is_refused_with_its_line(tmp_path):
    path = _table(tmp_path, "# alias\tcanonical\n云帆科技\t星河科技有限公司\tenterprise\n星河科技有限公司\t云帆科技\tenterprise\n")
    with pytest.raises(ValueError) as e:
        Resolver.from_file(path)
    assert str(e.value) == (f"{path}:3: alias cycle '云帆科技' (line 2) -> '星河科技有限公司' (line 3) -> '云帆科技': "
                            "a name cannot be an alias of its own alias")


def test_a_longer_cycle_is_refused_and_a_chain_resolves_to_its_end(tmp_path):
    path = _table(tmp_path, "甲\t乙\n乙\t丙\n丙\t甲\n")
    with pytest.raises(ValueError, match=r"aliases.tsv:3: alias cycle '甲' \(line 1\) -> '乙' \(line 2\) -> "
                                         r"'丙' \(line 3\) -> '甲'"):
        Resolver.from_file(path)
    chain = Resolver.from_file(_table(tmp_path, "芯讯通\t扬韬\tenterprise\n扬韬\t扬韬科技有限公司\tenterprise\n"))
    assert chain.resolve("芯讯通", "enterprise").canonical == "扬韬科技有限公司"


def test_conflicting_entries_are_refused_and_repeats_are_not(tmp_path):
    path = _table(tmp_path, "云帆\t云帆科技有限公司\tenterprise\n云帆\t云帆科技有限公司\tenterprise\n"
                            "云帆\t云帆文化传媒有限公司\n")
    with pytest.raises(ValueError) as e:
        Resolver.from_file(path)
    assert str(e.value) == (f"{path}:3: '云帆' is already an alias of '云帆科技有限公司' (enterprise) on line 1; "
                            "an alias names one entity")


@pytest.mark.parametrize("table,message", [
    ("A公司\tB公司\nB公司\tA公司\n", "aliases.tsv:2: alias cycle 'A公司' (line 1) -> 'B公司' (line 2) -> 'A公司': "
                                   "a name cannot be an alias of its own alias"),
    ("A公司\tB公司\nA公司\tC公司\n", "aliases.tsv:2: 'A公司' is already an alias of 'B公司' on line 1; "
                                   "an alias names one entity"),
])
def test_kg_ingest_refuses_a_bad_alias_table_with_exit_2_and_makes_no_store(tmp_path, table, message):
    from click.testing import CliRunner

    from govkg.kg.cli import cli

    path = _table(tmp_path, table)
    (tmp_path / "a.txt").write_text(REPORT_A, "utf-8")
    store = tmp_path / "store"
    res = CliRunner().invoke(cli, ["ingest", str(tmp_path / "a.txt"), "--store", str(store), "--aliases", str(path)])
    assert res.exit_code == 2
    assert res.stderr == f"kg: {tmp_path}/{message}\n"
    assert not store.exists()


# -- resolution on the organisation-name grammar (issue 12) ----------------------------------------------


def test_keys_are_the_trade_name_core():
    from govkg.ingest.resolve import name_key

    assert name_key("绍兴越峰智能装备有限公司", "enterprise")[0] == name_key("越峰智能", "enterprise")[0] == "越峰"
    assert name_key("越峰公司", "enterprise")[0] == "越峰"
    assert name_key("越峰（浙江）精密制造有限公司", "enterprise")[0] == "越峰"
    # a branch is an enterprise of its own
    assert name_key("某某银行股份有限公司绍兴分行", "enterprise")[0] != name_key("某某银行", "enterprise")[0]
    # events: edition and country come off
    assert name_key("第七届中国数字医疗大会", "event")[0] == name_key("数字医疗大会", "event")[0]


def test_siblings_that_differ_by_industry_stay_apart_and_say_why():
    from govkg.ingest.resolve import Resolver, resolve_report
    from tests.helpers import facts_of, title

    text = title() + "兑现越峰（绍兴）食品有限公司奖励30万元，兑现越峰（绍兴）饮料有限公司奖励20万元。"
    facts = resolve_report(facts_of(text), Resolver())
    keys = {m.surface: (m.entity.key, m.resolved_by) for m in facts.mentions}
    a, b = keys["越峰（绍兴）食品有限公司"], keys["越峰（绍兴）饮料有限公司"]
    assert a[0] != b[0] and "industry 食品 kept" in a[1]


def test_a_full_legal_name_is_never_the_short_form_of_a_longer_one():
    """宁夏某山机械制造有限公司 beside 宁夏某山数据信息技术有限公司: two firms, two entities, each its own money."""
    from govkg.ingest.resolve import Resolver, resolve_report
    from tests.helpers import facts_of, title

    text = title("银川市科学技术局") + ("兑现宁夏六盘山数据信息技术有限公司研发补助20万元；"
                                      "兑现宁夏六盘山机械制造有限公司技改补助10万元。")
    facts = resolve_report(facts_of(text), Resolver())
    paid = {s.recipients[0].name: s.amount for s in facts.subsidies}
    assert paid == {"宁夏六盘山数据信息技术有限公司": 200000, "宁夏六盘山机械制造有限公司": 100000}
