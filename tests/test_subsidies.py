"""Subsidy sentence families: recipients, counts, qualifiers, programs, currencies, exclusions."""
from decimal import Decimal

import pytest

from tests.helpers import ALIGNED_ALLOCATION, CELLS_INVESTMENT, facts_of, title


def subsidies(text):
    return facts_of(title("苏州市吴中区商务局") + text).subsidies


def one(text):
    found = subsidies(text)
    assert len(found) == 1, found
    return found[0]


def test_named_recipient_between_verb_and_award():
    s = one("兑现东吴精密经营贡献奖 1,250.5 万元。")
    assert (s.recipients, s.amount, s.qualifier, s.currency) == (["东吴精密"], Decimal("12505000"), "exact", "CNY")


def test_payment_for_a_company_project():
    s = one("完成支付太湖智造项目金额 300 万元。")
    assert s.recipients == ["太湖智造"] and s.amount == Decimal("3000000")


def test_list_of_recipients_with_at_least_qualifier():
    s = one("二是加大惠企政策支持，兑现长风电气、青禾农业、远景储能等企业优惠政策扶持资金超2000万元。")
    assert set(s.recipients) == {"长风电气", "远景储能", "青禾农业"}
    assert (s.amount, s.qualifier, s.program) == (Decimal("20000000"), "at_least", "优惠政策扶持资金")


def test_count_of_recipients_and_total():
    s = one("向 36 家企业发放稳增长奖励资金 860 万元。")
    assert (s.recipients, s.recipients_count, s.qualifier) == ([], 36, "total")


def test_approx_and_trailing_yishang():
    assert one("兑现企业研发补贴约 45 万元。").qualifier == "approx"
    assert one("发放技改补助资金 500 万元以上。").qualifier == "at_least"


def test_unnamed_award_kind_is_a_total_not_a_recipient():
    s = one("完成支付招商引资落户奖励 980 万元。")
    assert s.recipients == [] and s.qualifier == "total"


def test_program_is_the_budget_line_of_the_paragraph():
    text = ("2.“外资企业奖励专项”。年度预算数为 2,000 万元，年度预算执行数为 1,900 万元，预算执行率为 95%。"
            "目标实际完成情况：兑现和风科技经营贡献奖 1,200 万元；兑现支付锦程外贸经营贡献奖 700 万元。")
    found = subsidies(text)
    assert {(tuple(s.recipients), s.program) for s in found} == {
        (("和风科技",), "外资企业奖励专项"), (("锦程外贸",), "外资企业奖励专项")}


def test_usd_stays_usd():
    s = one("兑现远洋航运经营贡献奖 120 万美元。")
    assert s.currency == "USD" and s.amount == Decimal("1200000")


def test_deferred_grant_line_is_budgeted():
    text = ("全年预算数 9,000 万元，执行数 4,000 万元，完成预算的 44.44%。其中“智能制造中心扶持资金”专项预算金额为 5000 万元，"
            "明确该笔启动资金 5000 万元延迟至下一年度拨付。")
    s = one(text)
    assert (s.amount, s.qualifier, s.program, s.recipients) == (Decimal("50000000"), "budgeted", "智能制造中心扶持资金", [])


def test_consumer_money_fees_budgets_and_support_without_amount_are_not_subsidies():
    assert subsidies("发放汽车消费券 2,000 万元，发放购车补贴 500 万元。") == []
    assert subsidies("完成支付人才卡机场便捷通关服务费用 15 万元。") == []
    assert subsidies("为重点企业减免租金，兑现相关政策支持 20 家企业。") == []
    assert subsidies("签约项目 30 个，总投资 500 亿元，预计产值 100 亿元、税收 5000 万元。") == []


def test_recipient_after_xiang_and_count_in_the_following_clause():
    s = one("向格力电器拨付产业扶持资金约 1,500 万元。")
    assert (s.recipients, s.qualifier, s.program) == (["格力电器"], "approx", "产业扶持资金")
    s = one("兑现《东莞市促进外资发展若干措施》奖励资金 2,600 万元，惠及企业 48 家。")
    assert (s.recipients, s.recipients_count, s.qualifier) == ([], 48, "total")


def test_consumer_beneficiaries_in_the_following_clause_reject_the_grant():
    assert subsidies("发放新能源汽车购置补贴 1,200 万元，惠及市民 3000 余人。") == []


# -- typed fund flows, notices and tables (issue 12) ------------------------------------------------------


def flows(text, dept="嘉兴市南湖区经济和信息化局"):
    f = facts_of(title(dept) + text)
    return f.subsidies, f.grants


def test_recipients_named_before_the_amount_clause():
    subs, _ = flows("经审核，决定对星瀚精工（嘉兴）有限公司等12家企业实施奖励，共计318万元。")
    (s,) = subs
    assert (s.recipients, s.recipients_count, s.amount, s.qualifier) == (
        ["星瀚精工（嘉兴）有限公司"], 12, Decimal("3180000"), "total")


def test_a_class_of_enterprises_with_a_figure_printed_without_yuan():
    subs, grants = flows("其中新入库规上企业奖励资金85万，优秀企业家个人奖3万元。")
    assert [(s.recipients, s.amount) for s in subs] == [([], Decimal("850000"))]
    assert [(g.target_kind, g.amount) for g in grants] == [("individual", Decimal("30000"))]


def test_a_class_that_points_back_at_a_count_named_earlier():
    text = ("经专家评审，共评出23家“南湖精品”企业。拟下达各县（市、区）获评企业奖补资金46万元。")
    (s,) = flows(text)[0]
    assert (s.recipients_count, s.amount, s.qualifier) == (23, Decimal("460000"), "budgeted")


def test_transfers_to_governments_are_no_subsidies():
    subs, grants = flows("市财政下达各县区商贸发展资金500万元。向东城街道拨付环境整治补助资金20万元。")
    assert subs == []
    assert [(g.target_kind, g.amount) for g in grants] == [("government", Decimal("200000"))]


def test_contracts_purchases_wages_and_rules_are_no_flows():
    subs, grants = flows("展馆改造工程中标价为1,286,400元；支付展品购置经费12万元；发放临聘人员工资补助8万元。"
                         "政策规定企业产值每增加1000万元奖励2万元，单个企业最高不超过50万元。")
    assert subs == [] and [g.target_kind for g in grants] == []


def test_money_for_a_public_unit_or_consumers_is_a_grant_of_its_kind():
    subs, grants = flows("支付区电商公共服务中心运营补助资金30万元。发放家电消费券300万元，惠及市民1.2万人。")
    assert subs == []
    assert [(g.target_kind, g.amount) for g in grants] == [("public_unit", Decimal("300000"))]


def test_support_without_an_amount_and_a_department_receiving_money_are_not_subsidies():
    subs, _ = flows("为企业提供免费法律咨询服务120次。收到省级拨付的外贸发展奖补资金90万元，资金在审核中。")
    assert subs == []


NOTICE = """发布单位: 金华市婺城区商务局
关于2024年第一批外贸稳增长奖励资金的公示
根据有关政策，经企业申报、部门审核，拟对以下企业给予奖励，共计56.5万元。
公示期：2024年5月6日至5月10日。
附件
序号

所属镇街

企业名称

奖励金额(万元)

1

城北街道

金山精密模具有限公司

32

2

汤溪镇

婺城恒达食品股份有限公司

24.5
"""


def test_a_notice_table_gives_one_budgeted_subsidy_per_recipient_with_the_titles_program():
    f = facts_of(NOTICE)
    rows = [(s.recipients, s.amount, s.qualifier, s.program) for s in f.subsidies if s.recipients]
    assert rows == [(["金山精密模具有限公司"], Decimal("320000"), "budgeted", "2024年第一批外贸稳增长奖励资金"),
                    (["婺城恒达食品股份有限公司"], Decimal("245000"), "budgeted", "2024年第一批外贸稳增长奖励资金")]
    assert f.department.name == "金华市婺城区商务局" and f.department.kind == "notice"
    assert f.budget == []  # a notice has no budget total
    types = {m.surface: m.type for m in f.mentions}
    assert types["金山精密模具有限公司"] == "enterprise"
    # the firm of a row is one mention, whether found as a name or as the row's recipient
    assert sum(m.surface == "金山精密模具有限公司" for m in f.mentions) == 1


def test_a_payment_notice_shares_one_amount_among_a_named_firm_and_a_count():
    text = ("各有关企业：根据相关文件，现拨付华越科技（衢州）有限公司等58家企业2023年进口贴息资金共4,260,318元。\n"
            "特此通知\n衢州市衢江区商务局\n2023年11月2日\n")
    f = facts_of(text)
    (s,) = f.subsidies
    assert (s.recipients, s.recipients_count, s.amount, s.qualifier) == (
        ["华越科技（衢州）有限公司"], 58, Decimal("4260318"), "total")
    assert s.program == "2023年进口贴息资金"


def test_a_notice_table_of_county_bureaus_is_transfers():
    text = ("附件 |\n单位:万元 |\n序号 |\n单位名称 |\n申报项目 |\n金额 |\n1 |\n某某县商务局 |\n老字号企业奖补资金 |\n4 |\n"
            "2 |\n某某区商务局 |\n老字号企业奖补资金 |\n3 |\n如有异议请在公示期内反映。\n")
    f = facts_of(text)
    assert f.subsidies == []
    assert [(g.target, g.target_kind, g.amount) for g in f.grants] == [
        ("某某县商务局", "government", Decimal("40000")), ("某某区商务局", "government", Decimal("30000"))]


def test_a_notice_table_headed_by_a_proposed_grant_column_and_its_total():
    text = ("发布时间：2025-03-10 来源：绍兴市柯桥区经济和信息化局\n"
            "关于2025年柯桥区智能制造专项资金拟资助项目的公示\n"
            "经企业申报、部门审核，拟对以下3个项目给予资助，资助资金合计96.4万元，现予公示。\n"
            "序号 | 企业名称 | 项目名称 | 拟资助金额（万元） |\n"
            "1 | 柯桥瑞丰纺机有限公司 | 智能验布系统 | 40 |\n"
            "2 | 绍兴市越织印染有限公司 | 数码印花产线 | 56.4 |\n"
            "公示期：2025年3月10日至3月16日。\n绍兴市柯桥区经济和信息化局\n2025年3月10日\n")
    f = facts_of(text)
    got = sorted((tuple(s.recipients), s.amount, s.qualifier) for s in f.subsidies)
    assert got == [((), Decimal("964000"), "budgeted"), (("柯桥瑞丰纺机有限公司",), Decimal("400000"), "budgeted"),
                   (("绍兴市越织印染有限公司",), Decimal("564000"), "budgeted")]
    assert {s.program for s in f.subsidies} == {"2025年智能制造专项资金"}  # the fund, not 拟资助项目


def test_money_shared_out_to_counties_by_a_table_is_grants_to_governments():
    text = ("关于下达2024年省级家政服务提质资金的通知\n各县（市、区）商务局：\n现下达2024年省级家政服务提质资金800万元，"
            "分配情况见附件。\n县区 | 金额（万元） |\n甲县 | 300 |\n乙区 | 500 |\n合计 | 800 |\n某某市商务局\n2024年5月6日\n")
    f = facts_of(text)
    assert f.subsidies == []
    assert [(g.target, g.target_kind, g.amount) for g in f.grants] == [
        ("甲县", "government", Decimal("3000000")), ("乙区", "government", Decimal("5000000"))]


def test_a_budget_line_named_for_a_grant_and_money_from_above_are_no_subsidies():
    text = ("2024年安排产业扶持资金900万元，其中展会补助资金120万元，上级补助300万元。"
            "对获评企业奖补资金60万元已全部兑付。拨付企业技改补助资金200万元。")
    got = [(s.recipients, s.amount) for s in subsidies(text)]
    assert ([], Decimal("1200000")) not in got and ([], Decimal("3000000")) not in got
    assert ([], Decimal("2000000")) in got and ([], Decimal("600000")) in got


def test_a_recipient_after_a_preposition_keeps_its_own_name():
    """向X有限公司兑付…: the preposition is no part of the name, even where the segmenter glues them."""
    s = one("本年度向泓川光电科技(临安)有限公司兑付设备补助资金 85 万元。")
    assert s.recipients == ["泓川光电科技(临安)有限公司"] and s.amount == Decimal("850000")
    f = facts_of(title("苏州市吴中区商务局") + "本年度向泓川光电科技(临安)有限公司兑付设备补助资金 85 万元。")
    assert "向泓川光电科技(临安)有限公司" not in {m.surface for m in f.mentions}


def test_a_short_name_stands_for_the_full_name_the_report_gives():
    text = ("引进项目中，澜沧芯材半导体科技有限公司完成投产。"
            "兑现澜沧芯材落户奖励 260 万元。")
    s = one(text)
    assert s.recipients == ["澜沧芯材半导体科技有限公司"] and s.amount == Decimal("2600000")
    # two full names that could both fit a short name: neither is chosen
    text = "澜沧芯材半导体有限公司与澜沧芯谷材料有限公司签约。兑现澜沧落户奖励 100 万元。"
    assert all(r not in {"澜沧芯材半导体有限公司", "澜沧芯谷材料有限公司"} for s in subsidies(text) for r in s.recipients)


def test_the_recipient_slot_is_read_after_the_verb_that_pays_it():
    """兑现X落户奖励: the slot after 兑现 (not after 奖励, which is the grant noun); a verb that did not happen
    (未拨付) and a government scope (市直) name no recipient."""
    s = one("按协议兑现丰禾食品落户奖励 40 万元。")
    assert s.recipients == ["丰禾食品"]
    f = facts_of(title("苏州市吴中区商务局") + "因结余资金未使用，当年未拨付市直专项资助资金 120 万元。")
    assert f.subsidies == [] and not [m for m in f.mentions if m.type == "enterprise"]


def test_a_rate_per_firm_and_the_total_it_comes_to_give_one_total():
    """每家奖励X万元，共计Y万元: the total is the flow (with the count); the rate alone pays nobody."""
    s = one("对新认定的16家高新技术企业每家奖励15万元，共计240万元。")
    assert (s.recipients, s.recipients_count, s.amount, s.qualifier) == ([], 16, Decimal("2400000"), "total")
    assert subsidies("对新认定的高新技术企业每家奖励15万元，最高不超过50万元。") == []


def test_money_for_counted_people_is_a_grant_to_individuals():
    f = facts_of(title("鹤岗市人力资源和社会保障局") + "对评选出的9名乡村工匠每人奖励1.5万元，共计13.5万元。")
    assert f.subsidies == []
    assert [(g.target, g.target_kind, g.amount, g.qualifier) for g in f.grants] == [
        ("9名乡村工匠", "individual", Decimal("135000"), "total")]


def test_a_short_name_before_the_words_that_describe_the_award():
    """兑现X食品上市挂牌奖励: the recipient is X食品 (trade name and industry), the rest says what for."""
    s = one("兑现岚溪食品上市挂牌奖励 12.6 万元。")
    assert (s.recipients, s.amount, s.qualifier) == (["岚溪食品"], Decimal("126000"), "exact")
    text = "本年度与鹭汀新材料科技有限公司签订投资协议。兑现鹭汀新材料增资扩产奖励 80 万元。"
    assert one(text).recipients == ["鹭汀新材料科技有限公司"]  # the report's full name for the short one
    s = one("兑现鹭汀新材料科技有限公司总部经济奖励 40 万元。")  # 总部经济 is a policy, not a 总部 project
    assert s.recipients == ["鹭汀新材料科技有限公司"] and s.program == "总部经济奖励"
    # a public unit's name holds a descriptor too: it stays a public unit, no firm is cut out of it
    f = facts_of(title("苏州市吴中区商务局") + "支付区跨境电商公共服务中心运营补助资金45万元。")
    assert f.subsidies == [] and [g.target_kind for g in f.grants] == ["public_unit"]


def test_a_document_title_in_the_clause_names_no_recipient():
    f = facts_of(title("南宁市文化广电和旅游局") + "先后印发《关于提前下达中央补助地方乡村文化服务体系资金的通知》、"
                 "《关于下达中央支持地方乡村文化服务体系补助资金的通知》等文件，下达各县区补助资金1200万元。")
    assert f.subsidies == [] and not [m for m in f.mentions if m.type == "enterprise"]


def test_the_noun_that_names_an_award_is_no_recipient():
    """发放传承补助, 兑现科技创新奖励, 生活补贴: the slot names what the money is for, not who gets it."""
    for text in ("向代表性传承人发放传承补助 20 万元。", "兑现科技创新奖励 300 万元，涉及企业 40 家。",
                 "发放安家补贴和生活补贴 60 万元。"):
        f = facts_of(title("赣州市章贡区科学技术局") + text)
        assert not [m for m in f.mentions if m.type == "enterprise"], (text, f.mentions)
        assert all(not s.recipients for s in f.subsidies), text
    assert one("兑现松原重工技改奖励 75 万元。").recipients == ["松原重工"]


def gx(text):
    return subsidies_of(title("吉安市青原区工业和信息化局") + text)


def subsidies_of(text):
    return [(s.recipients, s.recipients_count, s.amount, s.qualifier) for s in facts_of(text).subsidies]


def test_the_recipient_as_the_subject_of_a_clause_that_receives_money():
    """X公司完成…，获奖补资金N万元 / 其中某某新材获得…奖励N万元: the subject receives the money."""
    assert gx("其中，吉州恒盛特钢有限公司完成超低排放改造，获奖补资金760万元。") == [
        (["吉州恒盛特钢有限公司"], None, Decimal("7600000"), "exact")]
    assert gx("其中恒盛新材获得设备投资奖励1,320万元。") == [(["恒盛新材"], None, Decimal("13200000"), "exact")]
    assert gx("全区获评省级专精特新企业12家，获评企业奖补资金共计120万元。") == [
        ([], 12, Decimal("1200000"), "total")]  # 获评企业 is a class, not a verb of receiving


def test_each_and_respectively_give_one_subsidy_per_recipient():
    assert gx("吉州恒盛特钢有限公司、井冈山农旅开发有限公司各奖励30万元。") == [
        (["吉州恒盛特钢有限公司"], None, Decimal("300000"), "exact"),
        (["井冈山农旅开发有限公司"], None, Decimal("300000"), "exact")]
    # the named firm's own 3万 (each of the 8 got it), and the total of the 8
    assert gx("对吉州恒盛特钢有限公司等8家企业各奖励3万元，共计24万元。") == [
        (["吉州恒盛特钢有限公司"], None, Decimal("30000"), "exact"),
        (["吉州恒盛特钢有限公司"], 8, Decimal("240000"), "total")]
    assert gx("对吉州恒盛特钢有限公司、井冈山农旅开发有限公司分别补助90万元、45万元。") == [
        (["吉州恒盛特钢有限公司"], None, Decimal("900000"), "exact"),
        (["井冈山农旅开发有限公司"], None, Decimal("450000"), "exact")]


def test_recipients_named_after_the_money():
    """补贴N万元，向A等N家企业发放 / 资金共计N元拨付给A等N家企业: the recipients follow the figure."""
    assert gx("一次性吸纳就业补贴52.8万元，向吉州恒盛特钢有限公司等24家企业发放。") == [
        (["吉州恒盛特钢有限公司"], 24, Decimal("528000"), "total")]
    assert gx("现将稳产增效奖励资金共计1,650,000元拨付给吉州恒盛特钢有限公司等6家企业。") == [
        (["吉州恒盛特钢有限公司"], 6, Decimal("1650000"), "total")]


def test_counts_before_or_beside_the_money_and_support_named_first():
    assert gx("惠及企业超过40家，拨付补助资金逾900万元。") == [([], 40, Decimal("9000000"), "at_least")]
    assert gx("其中企业吸纳就业人员社保补贴96万元（涉及企业31家）。") == [([], 31, Decimal("960000"), "total")]
    assert gx("向35家入驻孵化园区的中小企业发放租金补贴约410万元。") == [([], 35, Decimal("4100000"), "approx")]
    assert gx("支持吉州恒盛特钢有限公司等3家企业建设智能产线，安排资金约1,800万元。") == [
        (["吉州恒盛特钢有限公司"], 3, Decimal("18000000"), "approx")]
    assert gx("支持重点企业加快发展，安排专项资金2000万元。") == []  # support without recipients: a budget


def test_the_rates_of_a_policy_pay_nobody():
    assert gx("本次奖励标准为：对产值增长10%以上的规上企业按增量的0.5%给予奖励，单个企业最高不超过80万元；"
              "对首次纳入规上统计的企业一次性奖励20万元。") == []
    # a sentence of rates that also counts whom it paid is a payment
    assert gx("按每家不超过10万元的标准，对15家企业给予奖励，共计120万元。") == [([], 15, Decimal("1200000"), "total")]


def test_an_award_won_by_a_named_firm_and_money_for_people_or_institutions():
    assert gx("吉州恒盛特钢有限公司荣获第二届区长质量奖，奖励20万元。") == [
        (["吉州恒盛特钢有限公司"], None, Decimal("200000"), "exact")]
    f = facts_of(title("吉安市青原区卫生健康委员会") + "（三）计划生育家庭奖励扶助资金。全年预算512,000.00元，"
                 "已通过社保卡发放至符合条件的640名扶助对象。")
    assert f.subsidies == [] and [g.target_kind for g in f.grants] == ["individual"]
    f = facts_of(title("吉安市青原区科学技术局") + "支持井冈山大学青原创新研究院开展中试熟化，拨付建设经费600万元。")
    assert f.subsidies == [] and [(g.target_kind, g.amount) for g in f.grants] == [("public_unit", Decimal("6000000"))]


def test_a_budget_arranged_for_an_award_is_no_payment():
    assert gx("市级财政2023年安排“游客引流”奖励资金200万元，对组织游客的旅行社给予奖励。") == []


# -- recipient tables with more columns than a name and an amount --------------------------------------------

def test_a_pipe_table_with_count_columns_gives_a_subsidy_per_firm_and_a_grant_to_a_public_unit():
    text = ("发布机构:溪口县人社局\n关于2024年第二批社保补贴拟发放单位名单的公示\n"
            "经单位申报、审核，名单公示如下。\n"
            "| 序号 | 单位名称 | 新招用人数 | 社保补贴月数 | 补贴金额(元) |\n"
            "| 1 | 青禾数控设备有限公司 | 5 | 48 | 41,280.00 |\n"
            "| 2 | 溪口县颐年护理服务中心 | 2 | 24 | 20,640.00 |\n"
            "| 3 | 东渠冷链物流股份有限公司 | 3 | 30 | 25,800.00 |\n"
            "| 小计 | | 10 | 102 | 87,720.00 |\n"
            "溪口县人社局\n2024年7月2日\n")
    f = facts_of(text)
    got = sorted((tuple(s.recipients), s.amount, s.qualifier) for s in f.subsidies)
    assert got == [(("东渠冷链物流股份有限公司",), Decimal("25800.00"), "budgeted"),
                   (("青禾数控设备有限公司",), Decimal("41280.00"), "budgeted")]
    # the care centre is a public unit: a grant of its kind; the 小计 row pays nobody; counts are no money
    assert [(g.target, g.amount) for g in f.grants] == [("溪口县颐年护理服务中心", Decimal("20640.00"))]
    assert all(s.amount not in (Decimal("48"), Decimal("87720.00")) for s in f.subsidies)


INVESTMENT_NOTICE = ("发布机构:砚山县工业和信息化局\n关于2024年度技改奖励拟支持企业的公示\n"
                     "经企业申报、部门审核，现予公示。\n" + CELLS_INVESTMENT)


def test_the_grant_column_is_read_past_a_project_and_an_investment_column():
    f = facts_of(INVESTMENT_NOTICE)
    got = sorted((tuple(s.recipients), s.amount, s.qualifier) for s in f.subsidies)
    assert got == [(("南坪新材料科技股份有限公司",), Decimal("225000"), "budgeted"),
                   (("砚山精工机床有限公司",), Decimal("600000"), "budgeted")]
    assert {s.program for s in f.subsidies} == {"2024年度技改奖励"}


def test_an_investment_column_alone_is_no_grant():
    text = ("发布机构:砚山县工业和信息化局\n关于2024年度重点技改项目名单的公示\n现将重点技改项目名单予以公示。\n"
            "序号 | 企业名称 | 项目总投资(万元) | 设备投资额(万元) |\n"
            "1 | 砚山精工机床有限公司 | 5,200 | 3,420 |\n2 | 南坪新材料科技股份有限公司 | 1,900 | 1,150 |\n")
    assert facts_of(text).subsidies == []


def test_cell_per_line_rows_of_two_text_cells_with_the_unit_in_the_caption():
    text = ("发布机构:北沟县农业农村局\n关于2024年度农产品初加工奖补的公示\n"
            "经审核，现予公示。公示期为2024年6月3日至6月9日。\n"
            "附件:2024年度初加工奖补明细(单位:万元)\n"
            "企业名称\n建设内容\n项目总投资\n奖补金额\n"
            "北沟果蔬冷链有限公司\n预冷库及分拣车间建设\n380\n30\n"
            "云岭菌业股份有限公司\n菌菇烘干线改造\n205\n16.4\n合计\n585\n46.4\n")
    f = facts_of(text)
    got = sorted((tuple(s.recipients), s.amount) for s in f.subsidies)
    assert got == [(("云岭菌业股份有限公司",), Decimal("164000")), (("北沟果蔬冷链有限公司",), Decimal("300000"))]
    assert not any("建设" in r or "改造" in r for s in f.subsidies for r in s.recipients)


def test_a_plan_table_skips_its_subtotal_and_a_zone_administration_is_a_transfer():
    text = ("发布机构:望江区工业和信息化局\n关于下达2024年度望江区工业提质奖励计划的通知\n"
            "望江经济开发区管委会，各有关企业：现将奖励资金计划下达给你们，具体见附件。\n"
            "附件\n2024年度工业提质奖励计划表\n单位:万元\n序号\n单位名称\n奖励类别\n计划金额\n"
            "1\n临川齿轮传动有限公司\n首次入规奖励\n30\n2\n松阳云计算科技有限公司\n数字化改造奖励\n48\n企业小计\n78\n"
            "3\n望江经济开发区管委会\n园区配套补助\n150\n合计\n228\n")
    f = facts_of(text)
    got = sorted((tuple(s.recipients), s.amount, s.qualifier) for s in f.subsidies if s.recipients)
    assert got == [(("临川齿轮传动有限公司",), Decimal("300000"), "budgeted"),
                   (("松阳云计算科技有限公司",), Decimal("480000"), "budgeted")]  # planned money (计划金额)
    assert not any(r.endswith("小计") for s in f.subsidies for r in s.recipients)
    assert Decimal("780000") not in {s.amount for s in f.subsidies}
    assert [(g.target, g.target_kind, g.amount) for g in f.grants] == [
        ("望江经济开发区管委会", "government", Decimal("1500000"))]


ALLOCATION_NOTICE = """东江省科技厅关于下达2024年省级研发平台奖励资金的通知
各市科学技术局，省直有关单位：
现下达2024年省级研发平台奖励资金1,490万元，分配情况见附件。
附件
""" + ALIGNED_ALLOCATION


def test_an_allocation_table_to_bureaus_with_a_firm_sub_row():
    f = facts_of(ALLOCATION_NOTICE)
    assert [(s.recipients, s.amount) for s in f.subsidies] == [(["东川恒远激光器件有限公司"], Decimal("1200000"))]
    grants = [(g.target, g.target_kind, g.amount) for g in f.grants]
    assert ("东川市科学技术局", "government", Decimal("9000000")) in grants  # the bureau's row keeps its whole sum
    assert ("西岭市科学技术局", "government", Decimal("4300000")) in grants
    assert ("北江理工大学", "public_unit", Decimal("1600000")) in grants
    assert not any(g.target.startswith("其中") or g.target == "合计" for g in f.grants)


def test_a_sub_row_that_is_no_firm_breaks_the_row_above_down():
    text = ("发布机构:东川市商务局\n关于下达2024年家政服务提质资金的通知\n各县商务局：现下达资金，分配见附件。\n"
            "单位名称 | 金额(万元) |\n东川县商务局 | 200 |\n其中:东川县家政服务中心 | 50 |\n其中:财政拨款 | 200 |\n")
    f = facts_of(text)
    assert f.subsidies == []
    assert [(g.target, g.amount) for g in f.grants] == [("东川县商务局", Decimal("2000000"))]


def test_a_row_naming_a_firm_and_a_count_gives_the_firm_and_the_count():
    text = ("关于拨付2024年度质量提升奖励资金的通知\n各有关企业：现拨付奖励资金，明细如下。\n"
            "2024年度质量提升奖励资金拨付明细表(单位:元)\n"
            "序号 | 奖励项目 | 受奖单位 | 金额 |\n"
            "1 | 计量体系认证 | 望湖光电仪器有限公司等4家企业 | 80,000 |\n"
            "2 | 品牌培育 | 东篱茶业有限公司、西畴竹艺制品有限公司 | 200,000 |\n"
            "3 | 优秀质量官 | 3名个人 | 15,000 |\n")
    f = facts_of(text)
    got = [(s.recipients, s.recipients_count, s.amount, s.qualifier) for s in f.subsidies]
    assert got == [(["望湖光电仪器有限公司"], 4, Decimal("80000"), "total"),
                   (["东篱茶业有限公司", "西畴竹艺制品有限公司"], None, Decimal("200000"), "total")]
    names = {m.surface for m in f.mentions if m.type == "enterprise"}
    assert "望湖光电仪器有限公司" in names and not any("等4家" in n for n in names)
    assert [(g.target_kind, g.amount) for g in f.grants] == [("individual", Decimal("15000"))]


def test_the_recipient_column_is_found_by_its_cells_when_its_header_is_unknown():
    text = ("发布机构:南坪区科技局\n关于2024年度研发补助资金拟安排名单的公示\n现将名单予以公示。\n"
            "序号 | 获补主体 | 补助资金(万元) |\n1 | 南坪芯测半导体有限公司 | 35 |\n2 | 青禾数控设备有限公司 | 12.5 |\n"
            "合计 | | 47.5 |\n")
    f = facts_of(text)
    got = sorted((tuple(s.recipients), s.amount) for s in f.subsidies)
    assert got == [(("南坪芯测半导体有限公司",), Decimal("350000")), (("青禾数控设备有限公司",), Decimal("125000"))]


PDF_TITLE = "关于2024年度稳岗扩岗补助资金拟发放名单的公示"
PDF_ROWS = [["序号", "单位名称", "带动就业人数", "补助金额(元)"],
            ["1", "溪口青禾数控设备有限公司", "14", "42,000"],
            ["2", "东渠冷链物流股份有限公司", "9", "27,000"],
            ["合计", "", "23", "69,000"]]


def test_a_pdf_recipient_table_with_a_count_column_gives_the_rows_of_its_text_version(tmp_path):
    pytest.importorskip("reportlab")
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

    from govkg.ingest.load import load
    from govkg.ingest.pipeline import extract

    lead = ["发布机构:溪口县人社局", PDF_TITLE, "经审核，现将拟发放名单予以公示。"]
    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    style = ParagraphStyle("zh", fontName="STSong-Light", fontSize=11, leading=16)
    table = Table(PDF_ROWS)
    table.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), "STSong-Light"),
                               ("GRID", (0, 0), (-1, -1), 0.5, colors.black)]))
    path = tmp_path / "稳岗扩岗补助公示.pdf"
    SimpleDocTemplate(str(path), pagesize=A4).build([Paragraph(x, style) for x in lead] + [table])
    text = "\n".join(lead) + "\n" + "\n".join(" | ".join(r) + " |" for r in PDF_ROWS) + "\n"

    def rows(f):
        return sorted((tuple(s.recipients), s.amount) for s in f.subsidies)

    want = [(("东渠冷链物流股份有限公司",), Decimal("27000")), (("溪口青禾数控设备有限公司",), Decimal("42000"))]
    assert rows(facts_of(text)) == want
    assert rows(extract(load(path))) == want


def test_a_column_of_contractors_beside_payments_is_no_recipient_column():
    text = (title("砚山县交通运输局") + "项目支出情况如下表。\n序号 | 采购内容 | 中标单位 | 支付金额(万元) |\n"
            "1 | 道路养护 | 砚山通衢路桥工程有限公司 | 120 |\n2 | 标线施划 | 南坪安道交通设施有限公司 | 35 |\n")
    f = facts_of(text)
    assert f.subsidies == [] and f.grants == []


def test_support_for_a_short_name_and_the_award_its_declared_short_name_receives():
    assert gx("其中，支持柴湖硅材实施多晶硅扩建，安排资金1,200万元。") == [(["柴湖硅材"], None, Decimal("12000000"), "exact")]
    got = gx("对梅河口平安旅行社有限责任公司(简称“平安国旅”)、集安鸭绿江旅行社有限公司等6家旅行社兑现奖励约90万元，"
             "其中平安国旅全年组织游客1.2万人次，获奖励26.5万元。")
    assert (["平安国旅"], None, Decimal("265000"), "exact") in got
    assert (["梅河口平安旅行社有限责任公司", "集安鸭绿江旅行社有限公司"], 6, Decimal("900000"), "approx") in got


# -- money spent, then the enterprises it went to (实际支出N，对A等N家企业予以贴息) ----------------------

def test_sum_spent_goes_to_the_enterprises_the_next_clause_names():
    s = one("3.技改贷款贴息。预算120万元，实际支出118.5万元，执行率98.75%，对澄江精密机械有限公司、"
            "曙光新型建材有限公司等5家企业的技改贷款予以贴息。")
    assert set(s.recipients) == {"澄江精密机械有限公司", "曙光新型建材有限公司"}
    assert (s.recipients_count, s.amount, s.qualifier) == (5, Decimal("1185000"), "total")
    assert s.evidence.exact.startswith("实际支出118.5万元") and s.evidence.exact.endswith("予以贴息")


def test_sum_spent_is_the_total_of_a_rate_per_firm_times_their_count():
    s = one("（二）高企培育奖励。预算1,000万元，实际支出960万元，对新认定的80家高新技术企业每家奖励12万元。")
    assert (s.recipients, s.recipients_count, s.amount, s.qualifier) == ([], 80, Decimal("9600000"), "total")


@pytest.mark.parametrize("text", [
    "实际支出500万元，对80家企业每家奖励5万元。",  # 80 × 5 is not 500: which sum is paid is not said
    "实际支出300万元，下达至各县区统筹使用。",  # a transfer between governments
    "实际支出86万元，执行率95%，主要用于购置办公设备。",  # a purchase
])
def test_sum_spent_without_enterprises_it_went_to_is_no_subsidy(text):
    assert [s.amount for s in subsidies(text) if s.amount in (Decimal("5000000"), Decimal("3000000"),
                                                              Decimal("860000"))] == []


def test_a_grant_to_a_government_body_named_before_what_it_is_for():
    found = facts_of(title("成都市某某区经济和信息化局") + "拨付龙泉智能制造产业园管理委员会标准厂房运营补助150万元。")
    assert found.subsidies == []
    assert [(g.target_kind, g.amount) for g in found.grants] == [("government", Decimal("1500000"))]
    assert [m.surface for m in found.mentions if m.type == "enterprise"] == []


def test_a_size_is_no_enterprise_name():
    found = facts_of(title("赣州市某某区商务局") + "全年新引进亿元以上项目25个，新增规模以上工业企业18家。")
    assert [m.surface for m in found.mentions if m.type == "enterprise"] == []


def test_support_of_enterprises_in_general_then_the_grant():
    s = one("支持企业实施智能化改造项目12个，补助资金360万元。")
    assert (s.recipients, s.amount, s.qualifier) == ([], Decimal("3600000"), "total")
    assert subsidies("支持企业开拓国际市场，组织参加境外展会6场。") == []  # support, no money


def test_each_of_two_named_firms_receives_the_amount():
    found = subsidies("澄江精密机械有限公司、曙光新型建材有限公司各获得奖励5万元。")
    assert sorted((s.recipients[0], s.amount, s.qualifier) for s in found) == [
        ("曙光新型建材有限公司", Decimal("50000"), "exact"), ("澄江精密机械有限公司", Decimal("50000"), "exact")]


@pytest.mark.parametrize("text", [
    "拨付外贸发展资金100万元，其中：澄江精密机械有限公司60万元，曙光新型建材有限公司40万元。",
    "兑现首台套奖励资金100万元（澄江精密机械有限公司60万元、曙光新型建材有限公司40万元）。",
])
def test_a_sum_itemised_by_recipient_is_one_payment_each(text):
    found = subsidies(text)
    assert sorted((s.recipients, s.amount) for s in found) == [
        (["曙光新型建材有限公司"], Decimal("400000")), (["澄江精密机械有限公司"], Decimal("600000"))]


def test_a_sum_larger_than_its_items_stays_a_total_beside_them():
    found = subsidies("兑现企业奖励资金120万元，其中：澄江精密机械有限公司60万元，曙光新型建材有限公司40万元。")
    assert sorted((len(s.recipients), s.amount) for s in found) == [
        (0, Decimal("1200000")), (1, Decimal("400000")), (1, Decimal("600000"))]


@pytest.mark.parametrize("text, qualifier", [
    ("澄江精密机械有限公司获评省级智能工厂，奖励100万元。", "exact"),
    ("经审核，澄江精密机械有限公司符合条件，拟给予补助资金100万元。", "budgeted"),
])
def test_the_firm_a_clause_is_about_receives_the_money_of_the_next(text, qualifier):
    s = one(text)
    assert (s.recipients, s.amount, s.qualifier) == (["澄江精密机械有限公司"], Decimal("1000000"), qualifier)


def test_an_honour_is_no_firm_and_the_area_is_no_part_of_a_name():
    found = facts_of(title("昆明市某某区工业和信息化局") + "对辖区内澄江精密机械有限公司给予一次性奖励20万元，"
                     "该公司获评省级智能制造示范工厂。")
    assert [m.surface for m in found.mentions if m.type == "enterprise"] == ["澄江精密机械有限公司"]
    assert [s.recipients for s in found.subsidies] == [["澄江精密机械有限公司"]]


def test_firms_an_earlier_clause_names_receive_each_their_amount():
    found = subsidies("泰山精铸有限公司、沂蒙新材料有限公司获评省级数字化车间，分别奖励50万元、30万元。")
    assert sorted((s.recipients[0], s.amount) for s in found) == [
        ("沂蒙新材料有限公司", Decimal("300000")), ("泰山精铸有限公司", Decimal("500000"))]


def test_the_firms_named_before_are_those_a_count_points_back_at():
    found = subsidies("岳麓精工机械有限公司、望城数字传媒有限公司均招用高校毕业生3人，上述2家企业各补助4,500元，共计9,000元。")
    assert sorted((sorted(s.recipients), s.recipients_count, s.amount) for s in found) == [
        (["岳麓精工机械有限公司"], None, Decimal("4500")),
        (["岳麓精工机械有限公司", "望城数字传媒有限公司"], 2, Decimal("9000")),
        (["望城数字传媒有限公司"], None, Decimal("4500"))]


def test_a_level_of_grant_after_support_named_first_pays_the_firm():
    s = one("支持盛泽丝绸科技有限公司建设智能车间，市级补助150万元。")
    assert (s.recipients, s.amount) == (["盛泽丝绸科技有限公司"], Decimal("1500000"))
    assert subsidies("收到上级补助资金300万元。") == []


def test_a_firm_building_a_unit_is_the_recipient_not_the_unit():
    s = one("支持北仑港湾模具建设省级企业研究院，补助80万元。")
    assert s.recipients == ["北仑港湾模具"]
    found = facts_of(title("宁波市北仑区科学技术局") + "支持宁波材料研究院建设中试平台，补助80万元。")
    assert found.subsidies == [] and [g.target_kind for g in found.grants] == ["public_unit"]


def test_a_transfer_after_a_firm_s_grant_is_not_the_firm_s():
    found = facts_of(title("宜昌市某某区应急管理局") + "三峡磷化矿业有限责任公司完成尾矿库闭库治理，获得市级奖补资金150万元；"
                     "向甲县、乙县等3个县市区下达危化品企业搬迁改造补助资金280万元。")
    assert [(s.recipients, s.amount) for s in found.subsidies] == [(["三峡磷化矿业有限责任公司"], Decimal("1500000"))]


def test_each_of_a_counted_pair_of_named_firms_is_paid_the_amount():
    found = subsidies("对通过评审的峡江精细化工有限公司、西陵船舶修造有限公司2家企业各奖励100,000.00元。")
    assert sorted((s.recipients[0], s.amount, s.qualifier) for s in found) == [
        ("峡江精细化工有限公司", Decimal("100000"), "exact"), ("西陵船舶修造有限公司", Decimal("100000"), "exact")]


def test_a_short_name_after_what_describes_it():
    assert one("对沂南木业产业园内的华栋木业给予保费补贴38.6万元。").recipients == ["华栋木业"]
    assert subsidies("对提前淘汰老旧柴油货车的车主给予补贴。") == []  # people, and no figure


def test_a_grant_towards_a_purchase_is_a_grant():
    s = one("向沂水精密铸造有限公司等3家企业拨付设备购置奖补资金共计615.5万元。")
    assert (s.recipients, s.recipients_count, s.amount) == (["沂水精密铸造有限公司"], 3, Decimal("6155000"))


def test_the_sum_paid_beats_the_sum_arranged_and_a_rate_keeps_the_recipients():
    s = one("安排2,300万元，对上云的412家中小企业按服务费用的30%给予补贴，每家不超过5万元，实际兑现补贴资金约980万元。")
    assert (s.recipients_count, s.amount, s.qualifier) == (412, Decimal("9800000"), "approx")


PIPE_SCORE_TABLE = """2023年度文旅消费提振项目支出绩效自评表
| 一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 |
| 产出指标 | 数量指标 | 举办夜间消费活动场次 | ≥12场 | 14场 | 10 | 10 |
| | 质量指标 | 支持锦城夜游文化传媒有限公司举办“夜市音乐季”，补助25万元 | 按期完成 | 已完成 | 10 | 10 |
"""
SPACED_SCORE_TABLE = """项目支出绩效自评表
一级指标    二级指标        三级指标                                    年度指标值    实际完成值    分值    得分
产出指标    数量指标        完成智能化改造企业数                        ≥20家         23家          10      10
            质量指标        支持吴江丝路纺机科技有限公司建设智能车间，市级补助150万元   通过验收   已通过验收   15   15
"""


@pytest.mark.parametrize("table, name, amount", [
    (PIPE_SCORE_TABLE, "锦城夜游文化传媒有限公司", Decimal("250000")),
    (SPACED_SCORE_TABLE, "吴江丝路纺机科技有限公司", Decimal("1500000")),
])
def test_a_payment_written_out_in_a_table_cell(table, name, amount):
    found = facts_of(table).subsidies
    assert [(s.recipients, s.amount) for s in found] == [([name], amount)]
    assert found[0].evidence.exact.endswith("万元")
# -- grant columns by their headers ------------------------------------------------------------------------------

def test_a_refund_table_gives_a_subsidy_per_firm_and_a_grant_to_a_school():
    text = ("关于2024年第二批企业稳岗返还结果的公告\n东川市人力资源和社会保障局\n"
            "经审核，现将第二批稳岗返还资金拨付至单位基本账户。\n"
            "一、失业保险稳岗返还（单位：元）\n"
            "序号   单位名称                             参保人数     返还金额\n"
            "1      青禾数控设备有限公司                 212          31,800.00\n"
            "2      东渠冷链物流股份有限公司             97           14,550.00\n"
            "3      东川市滨江职业技能培训学校           18           2,700.00\n"
            "       小计                                 327          49,050.00\n")
    f = facts_of(text)
    rows = sorted((tuple(s.recipients), s.amount) for s in f.subsidies if s.recipients)
    assert rows == [(("东渠冷链物流股份有限公司",), Decimal("14550.00")), (("青禾数控设备有限公司",), Decimal("31800.00"))]
    assert [(g.target, g.target_kind, g.amount) for g in f.grants] == [
        ("东川市滨江职业技能培训学校", "public_unit", Decimal("2700.00"))]
    assert Decimal("49050.00") not in {s.amount for s in f.subsidies}


PAID_NOW = ("关于拨付2023年度工业企业智能化改造补助资金(第二批)的通知\n各有关企业:\n现拨付第二批补助资金，具体见附件。\n"
            "附件\n2023年度工业企业智能化改造补助资金(第二批)拨付明细表\n"
            "| 序号 | 企业名称 | 所属园区 | {a} | {b} | 备注 |\n"
            "| 1 | 南溪精工轴承有限公司 | 东区工业园 | {a1} | {b1} | 首期拨付50% |\n"
            "| 2 | 临川云帆包装科技有限公司 | 西区工业园 | {a2} | {b2} | — |\n"
            "南溪市经济和信息化局\n2023年10月8日\n")


@pytest.mark.parametrize("paid_first", [False, True])
def test_of_an_approved_and_a_paid_now_column_the_paid_now_one_is_the_subsidy(paid_first):
    approved, paid = ("审定补助金额(元)", ["640,000", "215,000"]), ("本期拨付金额(元)", ["320,000", "215,000"])
    (a, (a1, a2)), (b, (b1, b2)) = (paid, approved) if paid_first else (approved, paid)
    f = facts_of(PAID_NOW.format(a=a, b=b, a1=a1, a2=a2, b1=b1, b2=b2))
    rows = sorted((tuple(s.recipients), s.amount, s.qualifier) for s in f.subsidies if s.recipients)
    assert rows == [(("临川云帆包装科技有限公司",), Decimal("215000"), "exact"),
                    (("南溪精工轴承有限公司",), Decimal("320000"), "exact")]


def test_an_allocation_notice_announces_its_rows_and_shares_out_to_counties():
    text = ("东川市科学技术局\n关于下达2024年东川市科技型企业研发后补助资金的通知\n"
            "各县(市、区)科技局、财政局:\n现将2024年东川市科技型企业研发后补助资金下达给你们，"
            "请于30日内拨付至项目承担企业。\n"
            "附件1:分配表\n单位:万元\n序号   县市区     金额\n1      临川县     150\n2      望江区     90\n合计              240\n\n"
            "附件2:支持项目表\n单位:万元\n"
            "序号  县市区   承担企业                         项目名称                     金额\n"
            "1     临川县   临川齿轮传动有限公司             精密齿轮热处理工艺开发       150\n"
            "2     望江区   望江云图信息技术有限公司         工业视觉检测平台             90\n")
    f = facts_of(text)
    rows = sorted((tuple(s.recipients), s.amount, s.qualifier) for s in f.subsidies if s.recipients)
    assert rows == [(("临川齿轮传动有限公司",), Decimal("1500000"), "budgeted"),
                    (("望江云图信息技术有限公司",), Decimal("900000"), "budgeted")]
    assert sorted((g.target, g.target_kind, g.amount, g.qualifier) for g in f.grants) == [
        ("临川县", "government", Decimal("1500000"), "budgeted"), ("望江区", "government", Decimal("900000"), "budgeted")]


# -- sentences in table cells ------------------------------------------------------------------------------------

INDICATOR_TABLE = ("项目支出绩效自评表\n（2023年度）\n| 项目名称 | 北湖区中小企业数字化转型扶持资金 |\n"
                   "| 一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 |\n"
                   "| 产出指标 | 数量指标 | 支持中小企业数字化改造项目数量 | ≥120个 | 131个 | 20 | 20 |\n"
                   "| | 质量指标 | {cell} | 按期完成 | 已完成 | 15 | 15 |\n"
                   "| 效益指标 | 经济效益指标 | 带动企业数字化投入 | ≥1亿元 | 1.3亿元 | 20 | 19 |\n")


def test_a_money_sentence_in_an_indicator_cell_is_read_as_prose():
    f = facts_of(INDICATOR_TABLE.format(cell="对东渠冷链物流股份有限公司补助30万元"))
    assert [(s.recipients, s.amount) for s in f.subsidies] == [(["东渠冷链物流股份有限公司"], Decimal("300000"))]
    f = facts_of(INDICATOR_TABLE.format(cell="支持临川云帆包装科技有限公司建设智能仓储系统，补助45万元"))
    assert [(s.recipients, s.amount) for s in f.subsidies] == [(["临川云帆包装科技有限公司"], Decimal("450000"))]


def test_an_indicator_cell_without_a_payment_gives_no_subsidy():
    f = facts_of(INDICATOR_TABLE.format(cell="带动企业新增投资2.6亿元"))
    assert f.subsidies == []
    f = facts_of(INDICATOR_TABLE.format(cell="向市民发放数字消费券500万元"))
    assert f.subsidies == [] and [g.target_kind for g in f.grants] in ([], ["consumer"], ["individual"])


NUMBERED_NOTICE = """关于2024年度工业企业数字化转型奖补项目的公示
经企业申报、专家评审，拟对以下企业的数字化转型项目给予奖补，现公示如下：
1. 泉城明德电子科技有限公司 智能工厂 80万元
2. 历下精工机械有限公司 数字化车间 36.5万元
3. 泉城软件行业协会 公共服务平台 15万元
合计：131.5万元
某某市工业和信息化局
2024年9月12日
"""


def test_a_notice_s_numbered_lines_each_pay_their_recipient():
    found = facts_of(NUMBERED_NOTICE)
    assert sorted((s.recipients, s.amount, s.qualifier) for s in found.subsidies) == [
        (["历下精工机械有限公司"], Decimal("365000"), "budgeted"),
        (["泉城明德电子科技有限公司"], Decimal("800000"), "budgeted")]
    assert [(g.target, g.target_kind, g.amount) for g in found.grants] == [
        ("泉城软件行业协会", "public_unit", Decimal("150000"))]


def test_a_count_in_the_clause_before_a_rate_and_its_total():
    s = one("对2022年新增规上工业企业23家，每家奖励10万元，共计230万元。")
    assert (s.recipients_count, s.amount, s.qualifier) == (23, Decimal("2300000"), "total")


def test_each_named_firm_of_a_counted_group_is_paid_the_rate_beside_the_total():
    found = subsidies("对新认定院士工作站的晋江鞋材新材料有限公司、南安石材机械有限公司等4家企业，各补助20万元，共计80万元。")
    assert sorted((tuple(s.recipients), s.recipients_count, s.amount) for s in found) == [
        (("南安石材机械有限公司",), None, Decimal("200000")), (("晋江鞋材新材料有限公司",), None, Decimal("200000")),
        (("晋江鞋材新材料有限公司", "南安石材机械有限公司"), 4, Decimal("800000"))]


def test_an_industry_body_and_an_alliance_are_public_units():
    found = facts_of(title("南京市某某区工业和信息化局") + "拟对1家行业组织的公共服务项目给予补助15万元。"
                     "拨付某某区智能制造产业联盟公共服务平台补助30万元。")
    assert found.subsidies == [] and sorted(g.target_kind for g in found.grants) == ["public_unit", "public_unit"]


def test_what_the_money_drives_is_no_grant_and_a_share_of_disabled_staff_is_no_rate():
    assert subsidies("带动园区企业新增设备投资约12.6亿元。") == []
    s = one("对超比例安排残疾人就业的17家企业发放超比例奖励资金共计42.8万元。")
    assert (s.recipients_count, s.amount) == (17, Decimal("428000"))


def test_a_grant_verb_then_a_short_name_and_what_it_pays_for():
    assert one("补助宜宾翠湖茶业出口集装箱班列运费38.6万元。").recipients == ["宜宾翠湖茶业"]
    assert subsidies("补助标准为设备投资额的10%。") == []  # a rate
    assert subsidies("本年共下达我县中央补助地方文化设施建设资金5,310万元。") == []  # a transfer


def test_support_of_a_firm_settling_then_its_award():
    s = one("支持方岭智能落户本区，建设智能装备零部件生产线，兑现招商落地奖励300万元。")
    assert (s.recipients, s.amount) == (["方岭智能"], Decimal("3000000"))


def test_a_short_name_listed_beside_a_full_name_each_receiving():
    found = subsidies("天岳合金、株洲栗园新材料有限公司各获得技术改造补助150万元。")
    assert sorted(s.recipients[0] for s in found) == ["天岳合金", "株洲栗园新材料有限公司"]
    assert subsidies("张三、李四各获得奖励1万元。") == []  # people named in a list are no firms


def test_the_firms_the_money_reached_named_after_it():
    s = one("安排资金412万元用于支持中小企业数字化改造，受益企业为黔中屯堡食品有限公司、西秀精密铸造有限公司等9家企业。")
    assert (sorted(s.recipients), s.recipients_count, s.amount) == (
        ["西秀精密铸造有限公司", "黔中屯堡食品有限公司"], 9, Decimal("4120000"))
    assert subsidies("安排资金500万元，支持的企业包括以下几类。") == []
