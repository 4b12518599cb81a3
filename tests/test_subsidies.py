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
