"""Entity mentions in sentences written for other cities and departments."""
import pytest

from govkg.ingest.entities import is_government
from tests.helpers import facts_of, title


def mentions(text, dept="杭州市余杭区投资促进局"):
    return {(m.surface, m.type) for m in facts_of(title(dept) + text).mentions}


def names(text, type_="enterprise"):
    return {s for s, t in mentions(text) if t == type_}


def test_full_legal_names_after_a_verb():
    found = names("促成浙江某某智能装备有限公司、杭州云帆数据股份有限公司 2 家企业注册落户，"
                  "邀请宁波甬江建工（浙江）有限公司参加推介。")
    assert found == {"浙江某某智能装备有限公司", "杭州云帆数据股份有限公司", "宁波甬江建工（浙江）有限公司"}


def test_list_closed_by_deng_qiye_types_short_names():
    found = names("二是加大惠企政策支持，兑现长风电气、青禾农业、远景储能等企业扶持资金。")
    assert found == {"长风电气", "青禾农业", "远景储能"}


def test_list_with_count_of_companies():
    assert names("推进星河物流、云杉药业、蓝鲸网络等 12 家招商企业升规纳统。") == {"星河物流", "云杉药业", "蓝鲸网络"}
    assert names("推动拼好货等3家入驻保税区。") == {"拼好货"}


def test_project_list_keeps_buildings_as_projects_and_companies_as_enterprises():
    got = mentions("推进了滨江科技大厦、海川重工、青桐生物等项目竣工。")
    assert ("滨江科技大厦", "project") in got
    assert {("海川重工", "enterprise"), ("青桐生物", "enterprise")} <= got


def test_zone_prefix_splits_from_the_item():
    got = mentions("推进了未来科技城数据研究院、北辰航运等项目封顶。")
    assert ("未来科技城", "project") in got and ("数据研究院", "institution") in got
    assert ("北辰航运", "enterprise") in got


def test_partner_list_and_leading_companies():
    assert names("会同吉利汽车、零跑科技组成招商专班开展产业链招商。") == {"吉利汽车", "零跑科技"}
    assert names("以网易公司、有赞为龙头，带动上下游企业发展。") == {"网易公司", "有赞"}


def test_cohost_and_landed_project():
    assert names("与界面新闻联合举办“2024 数字经济峰会”。") == {"界面新闻"}
    got = mentions("落地青岚供应链项目，落地滨湖乡村振兴农业观光园项目。")
    assert ("青岚供应链", "enterprise") in got
    assert ("滨湖乡村振兴农业观光园项目", "project") in got


def test_parenthesised_alias_is_kept():
    facts = facts_of(title() + "为明远公司（星辰芯片）、华测检测等企业解决用地问题。")
    m = next(m for m in facts.mentions if m.surface == "明远公司")
    assert m.alias_of == "星辰芯片" and m.type == "enterprise"


def test_institutions_media_events_and_policies():
    got = mentions("委托法律顾问金石律师事务所审查协议，潮新闻、钱江晚报等多家主流新闻媒体报道，"
                   "印发《余杭区招商引资项目准入办法（试行）》，举办“第三届杭州国际人才交流大会余杭分会场”。")
    assert {("金石律师事务所", "institution"), ("潮新闻", "institution"), ("钱江晚报", "institution")} <= got
    assert ("余杭区招商引资项目准入办法（试行）", "policy") in got
    assert ("第三届杭州国际人才交流大会余杭分会场", "event") in got


def test_government_bodies_and_own_department_are_not_entities():
    got = mentions("与区财政局、区税务局联合印发指引，区投资促进局协调中建五局等企业。")
    assert {s for s, _ in got} == {"中建五局"}
    assert is_government("区城管局") and is_government("市空港委") and not is_government("中铁十六局")


def test_ways_and_places_in_lists_are_not_names():
    assert names("通过视频会议、电话沟通、实地调研等方式洽谈项目 30 个，赴北京、上海等城市招商。") == set()


# -- the organisation-name grammar and the context that types names (issue 12) ---------------------------


def enterprise_names(text):
    return {m.surface for m in facts_of(title() + text).mentions if m.type == "enterprise"}


def test_boundaries_come_from_the_grammar_not_from_a_verb_list():
    found = enterprise_names("经复核，确认对星岳精密（湖州）有限公司补发奖励；会议邀请了湖州长兴瑞达电池股份有限公司、"
                             "中国联合网络通信有限公司湖州市分公司参加。")
    assert found == {"星岳精密（湖州）有限公司", "湖州长兴瑞达电池股份有限公司", "中国联合网络通信有限公司湖州市分公司"}


def test_items_of_one_list_share_a_type():
    found = enterprise_names("协调湖州南太湖电子有限公司、振华模具、恒力纺织等解决用工问题。")
    assert {"湖州南太湖电子有限公司", "振华模具"} <= found


def test_governments_public_units_committees_and_groups_are_never_enterprises():
    found = enterprise_names("会同区财政局、区市场监管局、区电商公共服务中心和区招商工作领导小组办公室等部门，"
                             "指导湖州某某农业发展有限公司开展申报。")
    assert found == {"湖州某某农业发展有限公司"}


def test_a_table_column_of_units_types_its_cells_as_enterprises():
    text = ("附件\n序号\n企业名称\n奖励金额(万元)\n1\n吴兴宏图织造厂\n6\n2\n德清远鸿新材料有限公司\n8\n")
    f = facts_of(text)
    assert {m.surface: m.type for m in f.mentions}["吴兴宏图织造厂"] == "enterprise"
    assert {tuple(s.recipients) for s in f.subsidies} == {("吴兴宏图织造厂",), ("德清远鸿新材料有限公司",)}


def test_contractors_and_evaluators_are_enterprises_but_not_recipients():
    f = facts_of(title() + "经公开招标，湖州华睿工程咨询有限公司中标，承担项目监理；委托浙江正衡会计师事务所开展绩效评价。")
    types = {m.surface: m.type for m in f.mentions}
    assert types["湖州华睿工程咨询有限公司"] == "enterprise" and types["浙江正衡会计师事务所"] == "institution"
    assert f.subsidies == []


def test_trade_names_of_rare_characters_and_places_read_as_verbs_are_whole():
    """The segmenter tags rare characters as morphemes (yg) and some cities as verbs: the name goes on."""
    from govkg.ingest.orgs import enterprise_names

    text = "经公开招标，由遵义琰芃建设工程有限公司承建；委托兰州垚槿工程咨询有限公司开展评价。"
    assert [text[a:b] for a, b in enterprise_names(text)] == ["遵义琰芃建设工程有限公司", "兰州垚槿工程咨询有限公司"]


def test_a_name_after_a_planned_preposition_and_one_opening_with_a_character_tagged_as_a_measure_word():
    from govkg.ingest.orgs import enterprise_names

    text = "经审核，拟对呼伦贝尔泓岑冷链物流股份有限公司等5家企业给予奖励。"
    assert [text[a:b] for a, b in enterprise_names(text)] == ["呼伦贝尔泓岑冷链物流股份有限公司"]
    text = "泓珈智能科技集团有限公司\n"
    assert [text[a:b] for a, b in enterprise_names(text)] == ["泓珈智能科技集团有限公司"]


def test_words_that_end_like_a_firm_name_no_firm():
    """厂房, 证券交易所, 银行贷款, 社会保险补贴 and 通过银行拨付 name no enterprise; 建设银行 and 农业银行 do."""
    got = names("2.标准厂房租金补贴：向入驻标准厂房的企业发放租金补贴。推动1家企业在北京证券交易所上市。"
                "撬动银行贷款3亿元，补贴均通过银行直接拨付到企业账户。发放社会保险补贴120万元。", type_="enterprise")
    assert not got, got
    got = names("邀请建设银行、农业银行的客户经理开展融资对接。")
    assert got == {"建设银行", "农业银行"}


def test_full_names_keep_their_industry_words():
    """Industry words of many trades (水利勘测设计, 包装制品, 新型建材, 重工) stay inside the name."""
    got = names("委托大庆市龙澜水利勘测设计有限公司承担方案编制；采购牡丹江市恒岳包装制品有限公司、"
                "绥芬河鸿垣新型建材有限公司的产品；推进了松原重工、青桐生物等项目竣工。")
    assert {"大庆市龙澜水利勘测设计有限公司", "牡丹江市恒岳包装制品有限公司", "绥芬河鸿垣新型建材有限公司",
            "松原重工", "青桐生物"} <= got


def test_lists_of_trades_and_of_works_are_no_firms():
    got = mentions("支持汽车喷涂、印刷包装、家具制造等行业企业开展治理；实施村道硬化、人居环境整治等项目12个。")
    assert not {s for s, t in got if t == "enterprise"}, got
    assert ("人居环境整治", "project") in got


def test_names_with_a_particle_or_a_verb_among_their_industry_words_and_after_a_list_marker():
    assert {"吉林省松花湖之旅旅行社有限公司吉林分公司", "包头市青创孵化基地运营有限公司", "内蒙古草原乳业有限公司"} <= \
        names("委托吉林省松花湖之旅旅行社有限公司吉林分公司组团；拨付至包头市青创孵化基地运营有限公司等9家企业。"
              "一、对内蒙古草原乳业有限公司等5家企业给予奖励。")


def test_a_list_closed_by_a_count_without_deng_and_a_declared_short_name_used_later():
    got = mentions("对柴湖硅材、青海湟源新能源科技有限公司2家企业给予补助。", dept="西宁市城北区工业和信息化局")
    assert {("柴湖硅材", "enterprise"), ("青海湟源新能源科技有限公司", "enterprise")} <= got
    f = facts_of(title("通化市文化广播电视和旅游局") + "对梅河口平安旅行社有限责任公司(简称“平安国旅”)等8家旅行社兑现奖励。"
                 "平安国旅全年组织游客1.2万人次。")
    full = [m for m in f.mentions if m.surface == "梅河口平安旅行社有限责任公司"]
    assert full and full[0].alias_of == "平安国旅"  # the short name without its wrapper (简称“…”)
    later = [m for m in f.mentions if m.surface == "平安国旅"]
    assert len(later) == 1 and later[0].rule == "declared short name"  # the later use, not the declaration


@pytest.mark.parametrize("text, name", [
    ("向龙岩市安和康养服务有限公司拨付运营补助20万元。", "龙岩市安和康养服务有限公司"),  # 安和: a verb and a conjunction
    ("向锦州供销农资有限公司拨付补助12万元。", "锦州供销农资有限公司"),  # 供销: a verbal noun
    ("向中国出口信用保险公司福建分公司支付保费。", "中国出口信用保险公司福建分公司"),
    ("委托华辰智联数字科技股份有限公司开展评价。", "华辰智联数字科技股份有限公司"),  # 委托 stands outside
    ("对引进星河科技有限公司给予奖励。", "星河科技有限公司"),  # a verb before the name, no place
])
def test_a_name_reaches_left_to_the_place_over_words_read_as_verbs(text, name):
    assert name in enterprise_names(text)


def test_places_listed_are_no_firms_and_kinds_of_works_are_no_firms():
    assert names("向甲乙区、秭归县、当阳市等7个县市区下达资金。") == set()
    assert names("统筹安排产业发展、基础设施、就业帮扶等项目。") == set()
    assert names("会同财政、审计部门开展检查。") == set()


def test_a_supply_and_marketing_cooperative_is_a_public_body():
    assert names("锦州市供销合作社联合社会同有关部门推进基层社改造。") == set()
    assert is_government("锦州市供销合作社联合社")


def test_a_province_s_stem_anchors_a_name_and_a_firm_s_works_are_no_firm():
    assert "贵州黄果树蜡染工艺品有限公司" in enterprise_names("向贵州黄果树蜡染工艺品有限公司拨付补助10万元。")
    assert enterprise_names("贵州筑城精密制造有限公司智能工厂项目获得补助300万元。") == {"贵州筑城精密制造有限公司"}
    assert enterprise_names("向遵义市红星机械厂拨付补助5万元。") == {"遵义市红星机械厂"}
