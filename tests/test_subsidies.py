"""Subsidy sentence families: recipients, counts, qualifiers, programs, currencies, exclusions."""
from decimal import Decimal

from tests.helpers import facts_of, title


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
