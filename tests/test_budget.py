"""Budget statement families, written as other departments and cities print them."""
from decimal import Decimal

from tests.helpers import facts_of, title


def rows(text, dept="深圳市南山区科技创新局"):
    return {r.item: r for r in facts_of(title(dept) + text).budget}


def test_department_total_family():
    r = rows("（三）部门整体收支情况\n全年预算数 2,480.16 万元，执行数 2,311.02 万元，完成预算的 93.18%。")
    total = r[None]
    assert (total.budget, total.executed, total.rate) == (Decimal("24801600"), Decimal("23110200"), Decimal("93.18"))


def test_quoted_line_named_by_a_heading_sentence():
    text = ("（二）履职效能分析\n3.“科技企业孵化载体建设补助”专项。年度预算数为 1,250 万元，年度预算执行数为 1,187.5 万元，"
            "预算执行率为 95%。目标实际完成情况：认定孵化器 6 家。\n"
            "4.“机关运行保障经费”专项。年度预算数为 88.6 万元，年度预算执行数为 88.6 万元，预算执行率为 100%。")
    r = rows(text)
    line = r["科技企业孵化载体建设补助"]
    assert (line.budget, line.executed, line.rate) == (Decimal("12500000"), Decimal("11875000"), Decimal("95"))
    assert r["机关运行保障经费"].executed == Decimal("886000")
    assert "“科技企业孵化载体建设补助”专项" in line.evidence.exact


def test_unquoted_line_with_year_start_budget_and_actual_spending():
    r = rows("（三）各重点任务项目支出完成情况分析\n产业发展专项资金年初预算 300万元，实际支出 276.4\n万元，执行率 92.13%。")
    line = r["产业发展专项资金"]
    assert (line.initial_budget, line.budget, line.executed, line.rate) == (
        Decimal("3000000"), Decimal("3000000"), Decimal("2764000"), Decimal("92.13"))


def test_in_year_adjustment_family():
    r = rows("“招商推介活动经费”项目年初预算 120 万元，年中调减 20 万元，全年预算数为 100 万元，执行数 99.5 万元，执行率 99.5%。")
    line = r["招商推介活动经费"]
    assert line.initial_budget == Decimal("1200000") and line.adjustment == Decimal("-200000")
    assert line.budget == Decimal("1000000") and line.executed == Decimal("995000")


def test_adjustment_without_a_full_year_figure_is_added_up():
    r = rows("信息化运维经费年初预算 50 万元，年中追加 10 万元，实际支出 58 万元。")
    assert r["信息化运维经费"].budget == Decimal("600000")


def test_basic_and_project_spending_subtotals():
    r = rows("支出总额 980.5 万元，分别为基本支出 700.25 万元，项目支出 280.25 万元。")
    assert r["基本支出"].executed == Decimal("7002500") and r["基本支出"].budget is None
    assert r["项目支出"].executed == Decimal("2802500")


def test_funding_source_breakdowns_and_revenue_are_not_rows():
    r = rows("2024 年部门整体财政拨款收入 500 万元，其中一般公共预算财政拨款收入 400 万元。"
             "全年预算数 520 万元，执行数 500 万元，完成预算的 96.15%。")
    assert list(r) == [None]


def test_total_restated_later_is_one_row_and_line_inside_it_is_kept():
    text = ("全年预算数 9,000 万元，执行数 4,000 万元，完成预算的 44.44%。执行率偏低的主要原因：2024 年部门预算金额为 9,000 万元，"
            "其中“重大产业项目落地奖励资金”专项预算金额为 5000 万元，此专项延迟至下一年度拨付。")
    r = rows(text)
    assert set(r) == {None, "重大产业项目落地奖励资金"}
    assert r[None].executed == Decimal("40000000")
    assert r["重大产业项目落地奖励资金"].budget == Decimal("50000000")


def test_total_with_year_start_and_full_year_budget_in_one_sentence():
    r = rows("（一）部门预算执行情况：本部门2023年年初预算数为1,000万元，全年预算数为1,200万元，全年执行数为1,150万元，"
             "执行率为95.83%。")
    total = r[None]
    assert (total.initial_budget, total.budget, total.executed) == (Decimal("10000000"), Decimal("12000000"),
                                                                    Decimal("11500000"))


def test_subtotals_with_their_own_budget_and_execution():
    r = rows("其中基本支出预算数 300 万元，执行数 290 万元；项目支出预算 500 万元，实际支出 480 万元。")
    assert (r["基本支出"].budget, r["基本支出"].executed) == (Decimal("3000000"), Decimal("2900000"))
    assert (r["项目支出"].budget, r["项目支出"].executed) == (Decimal("5000000"), Decimal("4800000"))
    assert None not in r


def test_an_executed_figure_alone_is_not_a_department_total():
    assert rows("本年度实际支出 480 万元，执行率 96%。") == {}
