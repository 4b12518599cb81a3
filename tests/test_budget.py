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
    text = ("某某县林业局2024年度部门整体支出自评报告\n一、部门整体支出情况\n"
            "2024年全年预算数1,520.00万元，全年实际支出1,498.60万元，预算执行率98.59%。\n二、项目支出情况\n"
            "（一）林下经济发展资金\n全年安排资金300万元，已支出270万元。\n")
    got = report_rows(text)
    assert got[None].budget == wan("1520.00") and got[None].executed == wan("1498.60")
    assert got["林下经济发展资金"].budget == wan(300) and got["林下经济发展资金"].executed == wan(270)


def test_spending_named_by_zhichu_alone_and_a_line_named_before_a_colon():
    text = ("某某区城市管理局2024年度部门整体支出自评报告\n一、部门整体支出情况\n"
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


def test_a_word_of_trade_or_revenue_inside_a_funds_name_keeps_the_line():
    """消费/进口/贷款 speak of no budget when they head the subject (结余资金, 消费品零售额), but a fund whose
    name they only modify is a line (外贸进口贴息资金, 夜间消费促进资金)."""
    got = rows("夜间消费促进资金年初预算 120 万元，实际支出 96 万元，执行率 80%。外贸进口贴息资金年初预算 300 万元，"
               "实际支出 300 万元。结余资金 24 万元。全市社会消费品零售额 86 亿元。")
    assert [(r.item, r.budget, r.executed) for r in got.values() if r.item] == [
        ("夜间消费促进资金", Decimal("1200000"), Decimal("960000")),
        ("外贸进口贴息资金", Decimal("3000000"), Decimal("3000000"))]


def test_a_line_whose_name_holds_a_payment_word_after_a_short_modifier():
    """政策兑现服务经费 is a line (兑现 modifies it); 兑现某公司奖励资金 pays someone and names no line."""
    got = rows("（三）项目支出情况\n1.资料汇编专项经费：全年预算120万元，支出120万元，执行率100%。\n"
               "2.政策兑现服务经费：全年预算300万元，支出240万元，执行率80%。\n")
    assert ("政策兑现服务经费", Decimal("3000000"), Decimal("2400000")) in \
           [(r.item, r.budget, r.executed) for r in got.values()]


# -- totals built from parts, spending of the same subject, transfers, numbered lines (dev3 families) ---------

def evaluation(subject, kind="自评报告"):
    """The title of a report on one fund or project: subject, then 绩效 and the kind of report."""
    return f"{subject}绩效{kind}\n"


def test_year_start_budget_an_addition_and_the_full_year_figure_are_one_total():
    """年初预算X，年中追加<某某资金>Y，全年预算调整为Z: the fund named in the 追加 phrase is where the money came
    from, not a line."""
    text = (title("漳州市龙文区卫生健康局", 2024) + "一、部门预算情况\n"
            "2024年我局年初预算1,560.00万元，年中追加省级公共卫生专项补助资金220.00万元，全年预算调整为1,780.00万元。\n")
    r = report_rows(text)
    assert list(r) == [None]
    assert (r[None].initial_budget, r[None].adjustment, r[None].budget) == (wan(1560), wan(220), wan(1780))


def test_an_addition_of_named_funds_in_yuan_and_a_cut_with_its_reason():
    text = (title("某某区民政局", 2022) + "一、预算编制\n"
            "2022年我局年初批复预算2,345,600.00元,年度执行中追加人员经费及专项业务费等资金456,000.00元,"
            "全年预算数2,801,600.00元。\n")
    r = report_rows(text)
    assert list(r) == [None] and r[None].budget == Decimal("2801600") and r[None].initial_budget == Decimal("2345600")
    cut = report_rows(title("某某县农业农村局", 2023) + "一、预算\n"
                      "2023年初部门预算安排860万元，年中根据县委县政府统一部署调减预算40万元用于防汛，调整后预算820万元。\n")
    assert list(cut) == [None] and (cut[None].initial_budget, cut[None].adjustment, cut[None].budget) == (
        wan(860), -wan(40), wan(820))


def test_an_allocation_and_a_matching_share_sum_to_the_funds_budget():
    """下达X资金A，配套安排B，专项资金合计C: C is the fund's budget; the matching share is no row."""
    text = (evaluation("宁县2023年度农村供水保障专项资金") + "一、资金安排\n"
            "2023年，上级财政下达我县农村供水保障专项资金3,200万元，县级财政配套安排800万元，专项资金合计4,000万元，"
            "主要用于水厂改造和管网延伸。\n截至2023年底，专项资金实际支出3,860万元，执行率96.5%。\n")
    r = report_rows(text)
    assert set(r) == {None, "农村供水保障专项资金"}
    for row in r.values():
        assert (row.budget, row.executed, row.rate) == (wan(4000), wan(3860), Decimal("96.5"))


def test_funds_available_for_the_year_after_allocations_and_a_keywordless_share():
    text = (evaluation("2022年度某某市水利局防汛抗旱专项资金") + "一、基本情况\n"
            "2022年，省级下达我市防汛抗旱专项资金共计5,000万元，市财政安排配套资金1,000万元，全年可用资金6,000万元。"
            "累计支出5,400万元，支出进度90%。\n")
    r = report_rows(text)
    assert set(r) == {None, "防汛抗旱专项资金"} and r[None].budget == wan(6000) and r[None].executed == wan(5400)
    text = (evaluation("某某县2023年度农村学校运动场改造资金") + "一、资金安排\n"
            "2023年上级下达我县农村学校运动场改造资金2,600万元，县级财政配套400万元，共计3,000万元。\n")
    r = report_rows(text)
    assert r["农村学校运动场改造资金"].budget == wan(3000) and r[None].budget == wan(3000)


def test_named_lines_that_sum_up_stay_lines():
    """Hard negative: 下达A资金X，下达B资金Y，合计Z lists two lines; the sum is the total, not A's budget."""
    text = (evaluation("某某县2023年度农业综合开发资金") + "一、资金安排\n"
            "2023年中央下达高标准农田建设资金1,000万元，省级下达农田水利设施维修资金500万元，合计1,500万元。\n")
    r = report_rows(text)
    assert r["高标准农田建设资金"].budget == wan(1000) and r["农田水利设施维修资金"].budget == wan(500)
    assert r[None].budget == wan(1500)


def test_shares_by_funding_source_after_qizhong_are_no_rows():
    text = (evaluation("2023年度某某旗人力资源和社会保障局就业补助资金") + "一、资金情况\n"
            "2023年度我旗就业补助资金全年预算数为1,900.00万元。其中中央资金1,100.00万元，自治区资金500.00万元，"
            "旗本级300.00万元。\n")
    r = report_rows(text)
    named = [k for k in r if k]
    assert len(named) == 1 and named[0].endswith("就业补助资金") and "我旗" not in named[0]
    assert r[None].budget == wan(1900) and r[named[0]].budget == wan(1900)


def test_spending_after_the_budget_sentence_fills_the_evaluated_fund():
    """A sentence that defines the fund names no line; the execution sentence after the budget sentence is the
    fund's spending."""
    text = (evaluation("某某县2023年度乡村振兴衔接资金") + "一、项目概况\n"
            "乡村振兴衔接资金是巩固拓展脱贫攻坚成果、推进乡村全面振兴的重要资金。2023年安排乡村振兴衔接资金8,000万元。"
            "全年实际支出7,600万元，执行率95%。\n")
    r = report_rows(text)
    assert set(r) == {None, "乡村振兴衔接资金"}
    assert (r["乡村振兴衔接资金"].budget, r["乡村振兴衔接资金"].executed) == (wan(8000), wan(7600))


def test_what_the_project_paid_for_is_no_line():
    text = (evaluation("酉阳县交通运输局2022年度农村公路安保工程项目") + "一、资金情况\n"
            "2022年县财政安排农村公路安保工程项目资金650万元。\n"
            "截至2022年12月31日，项目实际支付工程款和监理费612万元，资金支付率94.15%。\n")
    r = report_rows(text)
    assert not [k for k in r if k and "监理" in k]
    assert r[None].executed == wan(612) and r[None].rate == Decimal("94.15")


def test_spending_of_a_fund_named_shorter_than_in_its_budget_sentence():
    text = (evaluation("鄂托克旗科学技术局2023年度科技成果转化资金") + "一、资金安排\n"
            "2023年度我旗科技成果转化资金年初预算600.00万元，年中追加自治区转化专项资金90.00万元，全年预算数为690.00万元。\n"
            "二、资金使用\n截至2023年底，科技成果转化资金实际支出655.50万元，预算执行率95%。\n")
    r = report_rows(text)
    named = [row for k, row in r.items() if k]
    assert len(named) == 1 and (named[0].budget, named[0].executed) == (wan(690), wan(655.5))
    assert (r[None].budget, r[None].executed, r[None].initial_budget) == (wan(690), wan(655.5), wan(600))


def test_the_evaluated_funds_row_comes_from_the_title_when_the_total_says_zhuan_xiang_zi_jin():
    text = (evaluation("某某省2022年度中小企业发展专项资金", "评价报告") + "一、资金概况\n"
            "2022年省财政年初预算安排专项资金2亿元，年中调增0.3亿元，全年预算2.3亿元。全年实际支出2.2亿元，执行率95.65%。\n")
    r = report_rows(text)
    named = [row for k, row in r.items() if k]
    assert len(named) == 1 and "中小企业发展专项资金" in named[0].item
    assert (named[0].budget, named[0].executed) == (Decimal("230000000"), Decimal("220000000"))


def test_a_source_allocation_as_the_total_gives_no_row_named_after_the_title():
    """Hard negative: 统筹中央财政资金N is the whole allocation, said of its source, not of the titled fund; and a
    report with a line but no total gets no total."""
    text = ("发布机构: 曲靖市麒麟区商务局\n" + evaluation("麒麟区2020年农村寄递物流体系建设资金") + "一、资金情况\n"
            "区财政统筹中央财政资金800万元用于项目建设，其中200万元用于县级寄递物流分拨中心改造项目。\n")
    r = report_rows(text)
    assert set(r) == {None, "县级寄递物流分拨中心改造项目"} and r[None].budget == wan(800)


def test_transfers_by_destination_and_audit_coverage_are_no_lines():
    text = (evaluation("2022年度某某市水利局防汛抗旱专项资金") + "一、资金安排\n"
            "2022年省级下达我市防汛抗旱专项资金5,000万元。\n二、资金使用\n"
            "（一）水毁修复。下达甲县、乙县、丙区等3个县（区）水毁修复补助资金2,100万元，用于水毁工程修复。\n"
            "（二）物资储备。下达某某经济开发区管委会防汛物资储备资金300万元。\n"
            "（三）监督检查。委托第三方机构对资金使用开展抽查，抽查项目15个，覆盖资金2,300万元。\n")
    r = report_rows(text)
    assert set(r) == {None, "防汛抗旱专项资金"} and r[None].budget == wan(5000)


def test_money_the_department_receives_from_above_is_its_budget_not_a_transfer():
    """Hard negative: 下达我县/我市 X 资金 is money the report's own fund receives."""
    text = (evaluation("某某县2023年度农村人居环境整治资金") + "一、资金安排\n"
            "2023年市财政下达我县农村人居环境整治资金1,250万元。\n")
    r = report_rows(text)
    assert r["农村人居环境整治资金"].budget == wan(1250)


def test_received_awards_and_the_sanggong_category_are_no_lines():
    text = (title("某某市生态环境局", 2023) + "一、部门预算\n全年预算数5,200万元，实际支出5,000万元。\n"
            "二、项目情况\n其中，某某钢铁有限公司完成超低排放改造，获奖补资金600万元。\n"
            "全年“三公”经费支出6.3万元，较上年下降5%。\n")
    r = report_rows(text)
    assert list(r) == [None]


def test_numbered_lines_named_by_any_word_with_bare_execution_and_payment():
    """N.<name>。预算X，(实际)支出/执行/实际发放 Y: a line whatever its last word; 执行 and 实际发放 print spending."""
    text = (title("某某区民政局", 2022) + "一、部门预算\n全年预算数2,800万元，全年实际支出2,750万元。\n"
            "二、项目支出情况\n"
            "1.农村义务教育学生营养膳食补助。预算210万元，实际支出205.4万元。\n"
            "2.创业担保贷款贴息。预算80万元，执行76.5万元。\n"
            "3.残疾人两项补贴。全年预算150万元，实际发放148.2万元，惠及残疾人2,100人。\n"
            "4.公交车辆购置。预算600万元，执行580万元。\n")
    r = report_rows(text)
    assert (r["农村义务教育学生营养膳食补助"].budget, r["农村义务教育学生营养膳食补助"].executed) == (wan(210), wan(205.4))
    assert (r["创业担保贷款贴息"].budget, r["创业担保贷款贴息"].executed) == (wan(80), wan(76.5))
    assert (r["残疾人两项补贴"].budget, r["残疾人两项补贴"].executed) == (wan(150), wan(148.2))
    assert (r["公交车辆购置"].budget, r["公交车辆购置"].executed) == (wan(600), wan(580))
    assert (r[None].budget, r[None].executed) == (wan(2800), wan(2750))


def test_an_executed_figure_never_crosses_into_the_next_numbered_line():
    text = (title("某某市教育局", 2022) + "（三）重点项目\n"
            "2.中小学校舍维修改造项目。预算540.00万元，执行512.30万元。\n"
            "3.普惠性幼儿园扶持。经考核，向6所普惠性幼儿园拨付奖补资金48万元。\n"
            "4.教师节慰问。每人发放慰问金500元，共计7.5万元。\n")
    r = report_rows(text)
    assert set(r) == {"中小学校舍维修改造项目"} and r["中小学校舍维修改造项目"].executed == wan(512.3)


def test_a_sub_heading_of_the_lines_own_parts_keeps_the_line():
    """Hard negative: 1.资金安排。 under （一）某某专项 is a part of that line, not the next line; and a bare
    执行 that names a standard prints no spending."""
    text = (title("某某县文化广电和旅游局", 2023) + "二、项目情况\n（一）乡镇综合文化站提档升级专项\n"
            "1.资金安排。全年安排资金300万元，已支出270万元。\n2.资金使用。主要用于乡镇综合文化站设备购置。\n"
            "3.补助标准。执行省级补助标准，每站补助5万元。\n")
    r = report_rows(text)
    assert set(r) == {"乡镇综合文化站提档升级专项"}
    assert (r["乡镇综合文化站提档升级专项"].budget, r["乡镇综合文化站提档升级专项"].executed) == (wan(300), wan(270))


def test_a_heading_of_the_reports_own_parts_names_no_line():
    text = (title("某某区司法局", 2023) + "（一）自评结论概述\n"
            "全年预算数 860.00 万元，执行数 842.10 万元，完成预算的 97.92%。\n")
    r = report_rows(text)
    assert list(r) == [None] and r[None].budget == wan(860)


def test_qizhong_after_a_budget_sentence_gives_budgets_and_after_spending_gives_spending():
    text = (title("平潭县自然资源局", 2024) + "一、预算情况\n"
            "2024年年初预算1,560.00万元，年中调增220.00万元，全年预算调整为1,780.00万元。其中：基本支出920.00万元，"
            "项目支出860.00万元。\n二、预算执行\n全年实际支出1,702.50万元，执行率95.65%。其中基本支出执行918.20万元，"
            "执行率99.8%；项目支出执行784.30万元。\n")
    r = report_rows(text)
    assert (r["基本支出"].budget, r["基本支出"].executed) == (wan(920), wan(918.2))
    assert (r["项目支出"].budget, r["项目支出"].executed) == (wan(860), wan(784.3))
    spent = report_rows(title("某某县统计局", 2023) + "一、支出\n全年预算数640万元。全年支出610万元，"
                        "占全年预算的95.3%。其中基本支出520万元，项目支出90万元。\n")
    assert (spent["基本支出"].budget, spent["基本支出"].executed) == (None, wan(520))


def test_numbered_names_before_a_colon_or_a_comma_open_their_lines():
    text = (title("某某县民政局", 2023) + "二、项目\n全年预算数3,000万元，实际支出2,900万元。\n"
            "1.城乡低保补助：全年预算1,200万元，实际发放1,180万元。\n2.临时救助项目，预算300万元，执行290万元。\n")
    r = report_rows(text)
    assert (r["城乡低保补助"].budget, r["城乡低保补助"].executed) == (wan(1200), wan(1180))
    assert (r["临时救助项目"].budget, r["临时救助项目"].executed) == (wan(300), wan(290))
    assert (r[None].budget, r[None].executed) == (wan(3000), wan(2900))


def test_changes_in_sentences_of_their_own_and_a_net_of_two_changes():
    r = report_rows(title("某某区城市管理局", 2023) + "一、部门预算\n年初预算5,000万元。年中追加1,000万元。全年预算6,000万元。\n")
    assert (r[None].initial_budget, r[None].adjustment, r[None].budget) == (wan(5000), wan(1000), wan(6000))
    r = report_rows(title("某某县司法局", 2023) + "一、预算\n2023年年初预算420万元，追加预算75万元，追减预算15万元，"
                    "年末预算数为480万元。\n")
    assert (r[None].adjustment, r[None].budget) == (wan(60), wan(480))


def test_a_share_kept_at_one_level_is_a_part_of_the_sum():
    text = (evaluation("某市2023年度城市更新专项资金") + "一、资金\n"
            "2023年中央、省下达城市更新专项资金6,000万元，市本级安排2,000万元，资金总规模8,000万元。\n"
            "（二）街区改造。下达给城关镇、河口镇、柳林乡街区改造补助资金300万元。\n")
    r = report_rows(text)
    assert set(r) == {None, "城市更新专项资金"} or len([k for k in r if k]) == 1
    assert all(row.budget == wan(8000) for row in r.values())


def test_spending_after_the_one_funded_line_of_a_project_report_is_that_lines():
    """The title names the project, the budget sentence its fund: the execution sentence after it is the
    fund's spending, and the fund's figures are the project's total."""
    text = ("某某县商务局" + evaluation("2023年度县域商业网点提升项目") + "一、资金情况\n"
            "2023年安排县域商业网点提升补助资金500万元。截至2023年底，实际支出480万元，执行率96%。\n")
    r = report_rows(text)
    assert (r[None].budget, r[None].executed) == (wan(500), wan(480))
    assert (r["县域商业网点提升补助资金"].budget, r["县域商业网点提升补助资金"].executed) == (wan(500), wan(480))


def test_qizhong_inside_a_budget_sentence_and_inside_a_spending_sentence():
    text = (title("某某区教育局", 2023) + "一、预算执行\n全年预算数8,600万元，其中基本支出6,000万元，项目支出2,600万元。"
            "全年支出8,400万元，其中基本支出5,900万元，项目支出2,500万元。\n")
    r = report_rows(text)
    assert (r["基本支出"].budget, r["基本支出"].executed) == (wan(6000), wan(5900))
    assert (r["项目支出"].budget, r["项目支出"].executed) == (wan(2600), wan(2500))


def test_what_a_payment_paid_for_is_a_line_only_where_the_report_names_one():
    head = evaluation("某某市2023年度乡村旅游奖励资金") + "一、基本情况\n"
    r = report_rows(head + "2023年市财政安排乡村旅游奖励资金200万元。截至年底，实际支付奖励和宣传资金180万元，执行率90%。\n")
    assert set(r) == {None, "乡村旅游奖励资金"} and r["乡村旅游奖励资金"].executed == wan(180)
    r = report_rows(head + "2023年市财政安排乡村旅游奖励资金200万元，其中民宿奖励经费120万元，宣传推广经费80万元。"
                    "截至年底，实际支付民宿奖励经费110万元。\n")
    assert (r["民宿奖励经费"].budget, r["民宿奖励经费"].executed) == (wan(120), wan(110))


def test_a_heading_with_a_note_in_brackets_is_still_a_heading_of_the_report():
    text = (title("某某县卫生健康局", 2023) + "（一）公共卫生服务。全年预算1,200万元，实际支出1,180万元。\n"
            "（二）部门整体收支情况（以决算数为口径）\n全年预算数5,000万元，实际支出4,900万元。\n")
    r = report_rows(text)
    assert (r["公共卫生服务"].budget, r["公共卫生服务"].executed) == (wan(1200), wan(1180))
    assert (r[None].budget, r[None].executed) == (wan(5000), wan(4900)) and len(r) == 2


def test_a_semicolon_closes_a_qizhong_list_and_the_change_after_it_is_the_totals():
    text = (title("某某县林业局", 2023) + "一、预算\n"
            "2023年年初预算900万元，其中基本支出600万元，项目支出300万元；年中追加150万元，全年预算1,050万元。\n")
    r = report_rows(text)
    assert (r[None].initial_budget, r[None].adjustment, r[None].budget) == (wan(900), wan(150), wan(1050))
    assert (r["项目支出"].budget, r["项目支出"].adjustment) == (wan(300), None)
    line = report_rows(title("某某县林业局", 2023) + "一、项目\n其中森林防火经费年初预算100万元，年中追加20万元，调整后预算120万元。\n")
    assert (line["森林防火经费"].initial_budget, line["森林防火经费"].budget) == (wan(100), wan(120))


# -- issue: held-out set 4 (long subjects, glued fund nouns, transfers written 向…下达) ------------------------

FUND = "发布机构: 曲靖市沾益区工业商贸和科技信息局\n曲靖市沾益区2023年度{obj}绩效自评报告\n一、资金概况\n"


def test_a_fund_budget_after_its_name_and_a_long_subject():
    text = (FUND.format(obj="中小企业发展专项资金") +
            "曲靖市沾益区人民政府办公室（以下简称“区政府办”）2023年安排中小企业发展专项资金预算2.4亿元，"
            "实际支出约2.31亿元，执行率96.25%。\n")
    r = report_rows(text)
    line = r["中小企业发展专项资金"]
    assert (line.budget, line.executed, line.rate) == (Decimal("240000000"), Decimal("231000000"), Decimal("96.25"))
    assert r[None].budget == Decimal("240000000") and len(r) == 2


def test_a_source_allocating_a_fund_with_its_budget_written_after_the_name():
    text = (FUND.format(obj="电子商务进农村资金") +
            "2023年，区级财政安排电子商务进农村资金预算8,250,000.00元，用于支持企业拓展出口市场和农村物流站点建设。"
            "资金全年实际支出7,936,410.20元，执行率96.2%。\n")
    r = report_rows(text)
    assert r["电子商务进农村资金"].budget == Decimal("8250000") and r[None].budget == Decimal("8250000")
    assert r[None].executed == Decimal("7936410.2")
    generic = report_rows(FUND.format(obj="电子商务进农村资金") + "2023年共安排资金预算300万元，实际支出288万元。\n")
    assert "安排资金" not in generic and generic[None].budget == wan(300)


def test_money_sent_to_listed_towns_or_counted_counties_is_no_line():
    text = (FUND.format(obj="城乡融合发展资金") + "2023年区级财政安排城乡融合发展资金预算3,000万元，实际支出2,900万元。\n"
            "（一）园区建设。向西平街道、金龙街道下达园区道路配套资金860万元。\n"
            "（二）农村改厕。按因素法向白水镇、德泽乡、大坡乡等6个乡镇下达农村改厕奖补资金420万元，由各乡镇统筹使用。\n"
            "（三）基地建设。向龙华区、秀英区等4个县区农业主管部门拨付种植基地建设资金330万元。\n")
    r = report_rows(text)
    assert set(r) == {None, "城乡融合发展资金"}
    assert r[None].budget == wan(3000) and r[None].executed == wan(2900)


def test_spending_under_a_short_name_of_the_fund_in_a_later_sentence():
    text = (FUND.format(obj="财政衔接推动城乡融合补助资金") +
            "2023年，全区共收到各级衔接推动城乡融合补助资金9,460万元，其中中央资金5,200万元、省级资金2,100万元、"
            "曲靖市级资金960万元、区级资金1,200万元。\n二、资金执行情况\n截至2023年12月31日，衔接资金已支出9,102.5万元，"
            "资金支出进度96.22%。\n")
    r = report_rows(text)
    named = [k for k in r if k is not None]
    assert named == ["衔接推动城乡融合补助资金"]
    line = r["衔接推动城乡融合补助资金"]
    assert (line.budget, line.executed, line.rate) == (wan(9460), wan(9102.5), Decimal("96.22"))
    assert (r[None].budget, r[None].executed) == (wan(9460), wan(9102.5))


def test_payment_in_the_year_is_spending_and_its_payment_rate_a_rate():
    text = (FUND.format(obj="数字经济发展专项资金") +
            "2023年，区级财政安排数字经济发展专项资金4,600万元。资金当年支付4,312.8万元，支付率93.76%。\n")
    total = report_rows(text)[None]
    assert (total.budget, total.executed, total.rate) == (wan(4600), wan(4312.8), Decimal("93.76"))


def test_a_signed_adjustment_is_the_change_and_never_the_budget():
    r = rows("2024年部门年初预算2,640.5万元，调整预算-120.30万元，全年预算2,520.2万元，全年执行数2,466.1万元，执行率97.85%。")
    total = r[None]
    assert (total.initial_budget, total.adjustment, total.budget) == (wan(2640.5), wan(-120.3), wan(2520.2))
    alone = rows("2024年部门调整预算-80万元，全年执行数512万元。")
    assert all(x.budget != wan(80) for x in alone.values())


def test_a_qizhong_table_row_that_names_a_line_is_a_line():
    text = ("| 项目 | 年初预算数 | 全年预算数 | 全年执行数 | 执行率 |\n"
            "| 合计 | 5,100.00 | 5,000.00 | 4,800.00 | 96.00% |\n"
            "| 其中:财政拨款 | 5,000.00 | 4,900.00 | 4,700.00 | 95.92% |\n"
            "| 其中:中小河流治理工程 | 1,200.00 | 1,150.00 | 1,101.20 | 95.76% |\n"
            "| 水文监测站运维 | 300.00 | 280.00 | 275.00 | 98.21% |\n")
    r = rows("单位：万元\n" + text, dept="曲靖市沾益区水务局")
    assert r["中小河流治理工程"].budget == wan(1150) and r["中小河流治理工程"].executed == wan(1101.2)
    assert not any(k and "财政拨款" in k for k in r)


def test_money_paid_to_or_received_by_a_named_body_is_no_line():
    text = (FUND.format(obj="科技创新专项资金") + "2023年区级财政安排科技创新专项资金预算5,600万元，实际支出5,410万元。\n"
            "兑付曲靖恒润精密机械有限公司2022年度研发投入结转奖补资金86.5万元。"
            "曲靖市农业科学院承担的3个种业攻关项目获经费240万元。"
            "云南沾源化工有限公司完成清洁生产改造，获得区级奖补资金1,200,000.00元。\n"
            "（二）科技创新券兑付专项经费。年初预算120万元，实际支出118万元。\n")
    r = report_rows(text)
    assert set(r) == {None, "科技创新专项资金", "科技创新券兑付专项经费"}
    assert r["科技创新券兑付专项经费"].executed == wan(118)


def test_a_line_said_to_be_all_spent_has_its_figure_as_budget_and_spending():
    r = rows("全年执行数6,120.4万元，预算执行率为97.2%。其中：基本支出1,402.6万元，全部执行完毕；"
             "项目支出预算4,900万元，执行4,717.8万元，执行率96.28%。")
    assert (r["基本支出"].budget, r["基本支出"].executed) == (wan(1402.6), wan(1402.6))
    assert r["项目支出"].budget == wan(4900) and r["项目支出"].executed == wan(4717.8)
    paid_out = rows("全年预算数880万元，执行数860万元。其中：基本支出300万元，已全部拨付。")
    assert paid_out["基本支出"].budget is None


def test_a_clause_that_opens_with_a_figure_used_for_a_named_project():
    text = ("2023年度文山县农业农村局高标准农田配套项目绩效自评报告\n一、资金安排情况\n"
            "经县人民政府研究同意，2,380.5万元用于高标准农田配套项目。按资金来源分，上级补助1,200万元，本级安排1,180.5万元。\n"
            "二、资金使用情况\n截至2023年12月31日，实际支出2,210.4万元，预算执行率92.85%。\n")
    r = report_rows(text)
    assert r["高标准农田配套项目"].budget == wan(2380.5)
    assert (r[None].budget, r[None].executed, r[None].rate) == (wan(2380.5), wan(2210.4), Decimal("92.85"))


def test_the_one_funded_line_is_the_project_total_where_only_a_rate_is_printed():
    text = ("文山县住房和城乡建设局2023年度项目支出绩效评价报告\n一、资金安排情况\n"
            "州财政局下达我县1,460.2万元2023年文山县城镇燃气管网改造项目资金。\n二、资金使用情况\n"
            "资金支出执行率100%，已于2023年10月全部支付完毕。\n")
    total = report_rows(text)[None]
    assert (total.budget, total.rate) == (wan(1460.2), Decimal("100"))


def test_a_three_column_table_under_a_prose_caption_with_a_department_sum_row():
    text = ("2024年县文旅局年初预算1,020.00万元，调整后全年预算1,180.40万元，全年执行1,150.20万元，"
            "预算执行率97.44%。各类支出见下表(单位:万元):\n"
            "支出类别           全年预算数     全年执行数     执行率\n"
            "部门合计           1,180.40       1,150.20       97.44%\n"
            "基本支出           410.60         409.90         99.83%\n"
            "项目支出           769.80         740.30         96.17%\n"
            "其中:非遗保护传承项目 215.00       201.50         93.72%\n\n"
            "三、绩效目标完成情况\n完成12处非遗展示点改造，非遗保护传承项目支出201.50万元。\n")
    r = rows(text, dept="临川县文化和旅游局")
    assert (r[None].budget, r[None].executed) == (wan(1180.4), wan(1150.2))
    assert (r["基本支出"].budget, r["基本支出"].executed) == (wan(410.6), wan(409.9))
    assert (r["项目支出"].budget, r["项目支出"].executed) == (wan(769.8), wan(740.3))
    assert r["非遗保护传承项目"].budget == wan(215) and r["非遗保护传承项目"].executed == wan(201.5)
    assert "部门合计" not in r


def test_a_pipe_table_with_a_unit_footnote_and_initial_subtotals_in_prose():
    text = ("2023年初部门预算1,600.00万元，其中基本支出900.00万元、项目支出700.00万元。年中追加监测经费，"
            "调整后全年预算1,850.00万元，全年实际支出1,790.00万元，预算执行率96.76%。\n"
            "按支出性质：基本支出预算920.00万元，支出915.00万元，执行率99.46%；项目支出预算930.00万元，支出875.00万元，"
            "执行率94.09%。\n"
            "| 项目名称 | 年初预算数 | 全年预算数 | 全年执行数 | 执行率 |\n"
            "| 水质自动监测站运维项目 | 500.00 | 640.00 | 610.00 | 95.31% |\n"
            "| 合计（项目支出） | 700.00 | 930.00 | 875.00 | 94.09% |\n"
            "注：金额单位为万元。\n")
    r = rows(text, dept="南平市生态环境局")
    assert (r["基本支出"].initial_budget, r["基本支出"].budget, r["基本支出"].executed) == (
        wan(900), wan(920), wan(915))
    assert (r["项目支出"].initial_budget, r["项目支出"].budget, r["项目支出"].executed) == (
        wan(700), wan(930), wan(875))
    line = r["水质自动监测站运维项目"]
    assert (line.initial_budget, line.budget, line.executed) == (wan(500), wan(640), wan(610))
    assert set(r) == {None, "基本支出", "项目支出", "水质自动监测站运维项目"}


def test_a_balance_after_a_subtotal_is_no_spending_and_the_budget_after_an_addition_is_the_full_year():
    text = ("部门（单位）名称      遂宁市船山区档案馆\n"
            "年度预算申请（万元）  年初预算数      全年预算数      全年执行数      执行率\n"
            "年度资金总额          300.00          320.00          310.00          96.88%\n"
            "  项目支出            100.00          120.00          110.00          91.67%\n"
            "说明：部分数字化采购延期，项目支出结余10万元。\n")
    r = rows(text, dept="遂宁市船山区档案馆")
    assert r["项目支出"].executed == wan(110)
    added = rows("2024年年初预算500.00万元，年中追加后全年预算数560.00万元。全年执行数550.00万元，执行率98.21%。")
    assert (added[None].budget, added[None].executed) == (wan(560), wan(550))


def test_a_fund_report_whose_total_is_named_by_its_period_gives_the_funds_row_too():
    text = (FUND.format(obj="商贸流通发展专项资金") + "商贸流通发展专项资金用于支持县域商业体系建设。"
            "2023年年初预算800万元，年中追加120万元，全年预算920万元，实际支出901.6万元，执行率98%。\n")
    r = report_rows(text)
    assert (r[None].budget, r[None].executed) == (wan(920), wan(901.6))
    line = next(v for k, v in r.items() if k and k.endswith("商贸流通发展专项资金"))
    assert (line.budget, line.executed, line.initial_budget) == (wan(920), wan(901.6), wan(800))
    source = report_rows(FUND.format(obj="电子商务进农村示范资金") + "区级统筹中央财政资金600万元用于项目建设。\n")
    assert set(source) == {None}


def test_uses_inside_the_evaluated_fund_paid_to_people_or_bodies_are_no_lines():
    text = (FUND.format(obj="工业振兴专项资金") + "2023年年初预算2,000万元，全年预算2,100万元，实际支出2,050万元，执行率97.62%。\n"
            "二、资金使用情况\n（一）人才引育。青年人才专项兑现资金320万元，惠及青年人才158名。\n"
            "（二）培训。举办企业家研修班3期，培训企业高管260人次，支出会务费18万元。\n"
            "（三）服务平台。向曲靖工业职业学院中试基地补助运营经费12万元。\n"
            "（四）公共服务。政策兑现服务工作经费预算40万元，实际支出38万元。\n")
    r = report_rows(text)
    assert not any(k and ("兑现资金" in k or "会务费" in k or "中试基地" in k) for k in r)
    assert r["政策兑现服务工作经费"].executed == wan(38)
    assert r[None].executed == wan(2050)


def test_money_under_a_heading_whose_sentence_names_the_firms_it_went_to_is_no_line():
    text = (FUND.format(obj="民营经济发展专项资金") + "2023年全年预算900万元，实际支出880万元，执行率97.78%。\n"
            "二、资金使用情况\n（一）智能化改造。安排资金260万元用于支持企业智能化改造，受益企业为曲靖恒瑞机电有限公司、"
            "曲靖润禾包装有限公司等6家企业。\n"
            "（二）品牌推广补助。全年安排资金50万元，实际支出48万元。\n")
    r = report_rows(text)
    assert not any(k and "智能化改造" in k for k in r)
    assert r["品牌推广补助"].budget == wan(50)
