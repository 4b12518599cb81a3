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


# -- budget from prose centred on amounts, and from tables (issue 11) ----------------------------------------

def report_rows(text):
    return {r.item: r for r in facts_of(text).budget}


def wan(x):
    return Decimal(str(x)) * 10000


PROJECT = "发布机构: 汉中市南郑区商务局\n汉中市南郑区2023年度{obj}绩效自评报告\n一、项目基本情况\n"


def test_figure_first_allocation_names_the_line_after_the_figure():
    r = report_rows(PROJECT.format(obj="县域物流配送体系建设资金") +
                    "按照文件要求，市财政局下达我区320万元2023年县域物流配送体系建设资金。\n资金支付率100%。\n")
    line = r["2023年县域物流配送体系建设资金"]
    assert line.budget == wan(320) and line.rate == Decimal("100")
    assert (r[None].budget, r[None].rate) == (wan(320), Decimal("100"))  # the fund the report evaluates is its total


def test_allocation_verb_then_line_then_figure_and_a_qizhong_breakdown_of_lines():
    text = ("发布机构: 平江县工业和信息化局\n工信局专项资金绩效自评报告\n一、资金安排\n"
            "2022年县财政为我局共安排工业发展专项资金300万元，其中技术改造经费180万元，企业培训经费120万元。\n"
            "（1）技术改造经费年初安排180万元，已使用176.5万元。\n")
    r = report_rows(text)
    assert r[None].budget == wan(300) and "工业发展专项资金" not in r
    assert r["技术改造经费"].budget == wan(180) and r["技术改造经费"].executed == wan(176.5)
    assert r["企业培训经费"].budget == wan(120)


def test_funding_sources_transfers_investment_and_contracts_are_no_rows():
    text = (PROJECT.format(obj="电商公共服务中心建设项目") +
            "项目预计总投资900万元，其中中央财政资金600万元，县级配套资金300万元。"
            "市级统筹资金500万元用于项目建设，其中120万元用于电商公共服务中心改造项目。"
            "改造工程于2023年3月招标，中标价为1186500.00元，其中：主体工程费980000.00元。\n")
    r = report_rows(text)
    assert set(r) == {None, "电商公共服务中心改造项目"}
    assert r[None].budget == wan(500) and r["电商公共服务中心改造项目"].budget == wan(120)


def test_money_sent_on_to_lower_governments_is_no_row():
    text = ("基层文化设施补助资金2023年度绩效自评报告\n一、资金下达情况\n"
            "2023年合计下达我省基层文化设施补助资金8200万元。其中下达各市县资金6100万元，安排省本级有关部门预算资金2100万元。"
            "\n1.乡镇文化站提升资金共计3500万元。\n")
    r = report_rows(text)
    assert r[None].budget == wan(8200) and r["基层文化设施补助资金"].budget == wan(8200)
    assert r["乡镇文化站提升资金"].budget == wan(3500)
    assert len(r) == 3


def test_disbursed_money_is_spending_only_where_an_execution_rate_labels_it():
    text = ("现将2023年蓝田县交通运输局乡村道路养护资金项目绩效自评报告如下：\n一、资金情况\n"
            "我县2023年乡村道路养护项目计划投资860万元。项目资金共860万元，截至2023年12月已拨付825.6万元，执行率96%。\n")
    r = report_rows(text)
    line = r["2023年乡村道路养护项目"]
    assert (line.budget, line.executed, line.rate) == (wan(860), wan(825.6), Decimal("96"))
    assert (r[None].budget, r[None].executed) == (wan(860), wan(825.6))
    received = report_rows(PROJECT.format(obj="冷链物流资金") + "收到上级拨付冷链物流资金150万元，资金已全部拨付到位。\n")
    assert received["冷链物流资金"].executed is None


def test_the_fund_that_pays_for_the_whole_project_is_its_source_not_a_second_line():
    text = ("发布机构: 西宁市城北区住房和城乡建设局\n西宁市城北区老旧小区雨污分流改造项目绩效自评报告\n一、资金情况\n"
            "区财政下达2023年城镇更新补助资金260万元，全部列入城北区老旧小区雨污分流改造项目。资金预算260万元，支付率100%。\n")
    r = report_rows(text)
    assert set(r) == {None, "城北区老旧小区雨污分流改造项目"} or set(r) == {None, "老旧小区雨污分流改造项目"}
    assert r[None].budget == wan(260) and r[None].rate == Decimal("100")


def test_the_line_under_discussion_is_what_gai_xiang_mu_means():
    text = (PROJECT.format(obj="农村寄递物流项目") + "（一）农村寄递物流站点建设经费\n该项目年初预算40万元，实际支出38.2万元。\n")
    line = report_rows(text)["农村寄递物流站点建设经费"]
    assert (line.budget, line.executed) == (wan(40), wan(38.2))


def test_adjustment_changes_the_line_it_names():
    r = rows("“展会参展经费”项目年初预算 60 万元，年中调减 15 万元，实际支出 44 万元。")
    line = r["展会参展经费"]
    assert (line.initial_budget, line.adjustment, line.budget, line.executed) == (
        wan(60), -wan(15), wan(45), wan(44))


def test_sections_on_functions_and_institutions_give_no_facts():
    r = rows("（一）主要职能\n负责管理全区招商引资专项资金，每年安排资金约 3000 万元。\n"
             "（二）机构设置\n内设科室 5 个，年度预算数 20 万元的培训经费由办公室管理。\n"
             "（三）部门整体支出\n全年预算数 1,000 万元，执行数 950 万元，完成预算的 95%。")
    assert list(r) == [None] and r[None].budget == wan(1000)


PIPE_TABLE = """发布机构: 芜湖市湾沚区商务局
芜湖市湾沚区商务局2023年度省级商务发展专项资金绩效评价报告
一、资金安排情况
表1 资金安排情况表 单位:万元
序号 | 支出方向 | 预算额度 | 调整额度 | 实际安排额度 |
1 | A101.县域商业网点建设 | 150.00 | | 150.00 |
2 | A102.外贸企业开拓市场 | 80.50 | 9.50 | 90.00 |
合计 | 230.50 | 9.50 | 240.00 |
"""


def test_a_pipe_table_gives_lines_with_their_codes_and_the_total():
    r = report_rows(PIPE_TABLE)
    assert (r["A101.县域商业网点建设"].budget, r["A101.县域商业网点建设"].executed) == (wan(150), wan(150))
    line = r["A102.外贸企业开拓市场"]
    assert (line.budget, line.adjustment, line.executed) == (wan(80.5), wan(9.5), wan(90))
    assert (r[None].budget, r[None].executed) == (wan(230.5), wan(240))
    ev = dict(line.figures)["executed"]
    assert PIPE_TABLE[ev.start:ev.end] == "90.00" and "A102" in ev.sentence


def test_a_self_evaluation_form_gives_the_project_and_the_total():
    text = ("项目支出绩效自评表\n（2023年度）\n项目名称\n社区便民服务网点补助\n主管部门\n丹棱县商务局\n实施单位\n"
            "丹棱县商务局\n项目资金\n（万元）\n年初预算数\n全年预算数\n全年执行数\n分值\n执行率\n得分\n年度资金总额\n"
            "25\n28\n27.3\n10\n97.5%\n9.8\n其中：当年财政拨款\n25\n28\n27.3\n/\n97.5%\n/\n")
    r = report_rows(text)
    assert set(r) == {None, "社区便民服务网点补助"}
    line = r["社区便民服务网点补助"]
    assert (line.initial_budget, line.budget, line.executed, line.rate) == (wan(25), wan(28), wan(27.3), Decimal("97.5"))


def test_a_table_without_a_unit_is_not_used_and_says_so():
    text = PIPE_TABLE.replace(" 单位:万元", "")
    f = facts_of(text)
    assert not [b for b in f.budget if b.item and b.item.startswith("A1")]
    assert any("prints no unit" in w for w in f.warnings)


def test_a_notice_has_no_total_and_its_own_service_lines_are_budget_lines():
    text = ("附件\n2024年会展补助资金核定表 |\n单位:万元 |\n序号 |\n单位名称 |\n申报项目 |\n金额 |\n1 |\n黄山市徽州区商务局 |\n"
            "展会布展服务经费 |\n4.5 |\n2 |\n某某县商务局 |\n企业参展补助资金 |\n3 |\n"
            "公示期内如有异议，请向黄山市徽州区商务局反映。\n")
    r = report_rows(text)
    assert set(r) == {"展会布展服务经费"} and r["展会布展服务经费"].budget == wan(4.5)


def test_a_pipe_row_self_evaluation_table_with_its_unit_in_the_first_header_cell():
    text = ("发布机构: 咸宁市咸安区商务局\n项目支出绩效自评表（2023年度）\n项目名称 | 城乡商贸流通体系建设 |\n"
            "主管部门 | 咸宁市咸安区商务局 | 实施单位 | 咸宁市咸安区商务局 |\n"
            "项目资金（万元） | | 年初预算数 | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分 |\n"
            "| 年度资金总额 | 80 | 80 | 76 | 10 | 95% | 9.5 |\n| 其中：当年财政拨款 | 80 | 80 | 76 | - | 95% | - |\n")
    r = report_rows(text)
    line = r["城乡商贸流通体系建设"]
    assert (line.initial_budget, line.budget, line.executed, line.rate) == (wan(80), wan(80), wan(76), Decimal("95"))
    assert set(r) == {None, "城乡商贸流通体系建设"}


def test_department_budget_and_final_accounts_in_one_sentence():
    r = rows("2024年度收入预算1,200万元，支出预算1,180万元；本年度部门决算支出1,150万元。")
    assert (r[None].budget, r[None].executed) == (wan(1180), wan(1150)) and list(r) == [None]


def test_a_figure_of_the_year_under_a_lines_heading_is_that_lines():
    text = ("某某县林业局2024年度部门整体支出绩效自评报告\n一、部门整体支出情况\n"
            "2024年全年预算数1,520.00万元，全年实际支出1,498.60万元，预算执行率98.59%。\n二、项目支出情况\n"
            "（一）林下经济发展资金\n全年安排资金300万元，已支出270万元。\n")
    got = report_rows(text)
    assert got[None].budget == wan("1520.00") and got[None].executed == wan("1498.60")
    assert got["林下经济发展资金"].budget == wan(300) and got["林下经济发展资金"].executed == wan(270)


def test_spending_named_by_zhichu_alone_and_a_line_named_before_a_colon():
    text = ("某某区城市管理局2024年度部门整体支出绩效自评报告\n一、部门整体支出情况\n"
            "全年预算2,400万元，全年共支出2,160万元，执行率90%。\n二、项目支出情况\n"
            "1.环卫保洁作业经费：全年预算800万元，支出760万元，执行率95%。\n"
            "2.市政设施维护经费：全年预算300万元，支出240万元。\n")
    got = report_rows(text)
    assert (got[None].budget, got[None].executed) == (wan(2400), wan(2160))
    assert (got["环卫保洁作业经费"].budget, got["环卫保洁作业经费"].executed) == (wan(800), wan(760))
    assert (got["市政设施维护经费"].budget, got["市政设施维护经费"].executed) == (wan(300), wan(240))


def test_a_funds_lines_and_their_spending_after_qizhong():
    text = ("某某县商务局关于2023年度县域商业体系建设资金绩效自评情况的报告\n一、资金安排\n"
            "2023年共安排县域商业体系建设资金600万元，其中物流配送补助经费250万元，人员培训经费350万元。\n"
            "二、资金使用\n全年共支出540万元，执行率90%。其中物流配送补助经费支出240万元，人员培训经费支出300万元。\n")
    got = report_rows(text)
    assert (got[None].budget, got[None].executed) == (wan(600), wan(540))
    assert (got["物流配送补助经费"].budget, got["物流配送补助经费"].executed) == (wan(250), wan(240))
    assert got["人员培训经费"].executed == wan(300)
    assert facts_of(text).subsidies == []  # a budget line named 补助经费 pays no enterprise
