"""Entity mentions in sentences written for other cities and departments."""
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
