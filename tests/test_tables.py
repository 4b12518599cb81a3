"""Tables as web pages and exports print them: pipe rows, one cell per line, aligned columns, forms.

The tables are written for these tests; each family is one that real pages use.
"""
from decimal import Decimal

from govkg.ingest.document import read_layout
from govkg.ingest.tables import Cell, Column, align
from tests.helpers import ALIGNED_ALLOCATION, CELLS_INVESTMENT


def only_table(text):
    tables = [t for t in read_layout(text).tables if t.columns]
    assert len(tables) == 1, tables
    return tables[0]


def cells(table, record):
    return [None if c is None else c.text for c in record.cells]


def roles(table):
    return [c.role for c in table.columns]


PIPE_ROWS = """表3 2023年度市级商贸流通资金安排情况表 单位:万元
序号 | 资金类别 | 支出方向 | 预算额度 | 调整额度 | 实际安排额度 | 备注 |
1 | A1.流通体系 | A101.县域商业体系建设 | 120.00 | 120.00 | ||
2 | A1.流通体系 | A102.冷链物流补短板 | 300.50 | -20.00 | 280.50 | 见说明 |
合计 | 420.50 | -20.00 | 400.50 |
说明:调减资金用于其他支出方向。
"""


def test_pipe_rows_whose_empty_cells_were_dropped_align_by_type():
    t = only_table(PIPE_ROWS)
    assert roles(t) == ["index", "category", "text", "budget", "adjustment", "executed", "note"] or \
        roles(t)[3:6] == ["budget", "adjustment", "executed"]
    assert t.unit == "万元"
    first, second, total = t.records
    assert cells(t, first)[3:6] == ["120.00", None, "120.00"]  # the empty 调整额度 is the one left out
    assert cells(t, second)[3:6] == ["300.50", "-20.00", "280.50"]
    assert cells(t, total)[3:6] == ["420.50", "-20.00", "400.50"]
    assert "合计" in cells(t, total)


PIPE_STREAM = """附件
2024年市级会展补助资金核定表 |
|||
单位:万元 |
|||
序号 |
单位名称 |
申报事项 |
金额 |
1 |
南溪市会展办 |
城市推介会场地租赁经费 |
6.5 |
推介画册印制经费 |
1.2 |
||
2 |
东岭县商务局 |
展会参展补助资金 |
3 |
"""


def test_one_cell_per_line_with_a_merged_cell_shares_its_leading_cells():
    t = only_table(PIPE_STREAM)
    assert [c.role for c in t.columns] == ["index", "org", "text", "grant"] or roles(t)[1] == "org"
    rows = [cells(t, r) for r in t.records]
    assert rows[0] == ["1", "南溪市会展办", "城市推介会场地租赁经费", "6.5"]
    assert rows[1] == ["1", "南溪市会展办", "推介画册印制经费", "1.2"]  # 序号 and 单位名称 span two rows
    assert rows[2] == ["2", "东岭县商务局", "展会参展补助资金", "3"]
    assert t.unit == "万元"


CELLS_BLANK_SEPARATED = """附件
2024年度外贸稳增长奖励企业名单

序号

所属镇街

企业名称

奖励金额(万元)

1

城东街道

星河精密模具（南溪）有限公司

18

2

港口镇

南溪汇丰食品股份有限公司

7.5
"""


def test_cell_per_line_list_without_pipes():
    t = only_table(CELLS_BLANK_SEPARATED)
    assert roles(t) == ["index", "place", "org", "grant"]
    assert t.columns[-1].unit == "万元"
    assert [cells(t, r) for r in t.records] == [
        ["1", "城东街道", "星河精密模具（南溪）有限公司", "18"],
        ["2", "港口镇", "南溪汇丰食品股份有限公司", "7.5"],
    ]


ALIGNED = """表1：部门整体支出绩效目标自评表
资金情况(万元)
年初预算数(万元) 全年执行数(万元) 偏差原因
合计 560.40 548.32 部分采购结余
其中:财政拨款 560.40 548.32

年度总体目标完成情况良好。
"""


def test_whitespace_aligned_columns_with_row_labels():
    t = only_table(ALIGNED)
    assert roles(t) == ["label", "initial_budget", "executed", "note"]
    assert [cells(t, r) for r in t.records][:2] == [["合计", "560.40", "548.32", "部分采购结余"],
                                                    ["其中:财政拨款", "560.40", "548.32", None]]


FORM = """项目支出绩效自评表
(2022年度)
项目名称
城乡冷链配送中心运营补助
主管部门
南溪市商务局
实施单位
南溪市商务局
项目资金
(万元)
年初预算数
全年预算数
全年执行数
分值
执行率
得分
年度资金总额
45
45
10
100%
10
"""


def test_a_self_evaluation_form_reads_its_fields_and_a_row_with_a_dropped_cell():
    t = only_table(FORM)
    assert t.form_value("项目名称").text == "城乡冷链配送中心运营补助"
    assert t.form_value("实施单位").text == "南溪市商务局"
    assert roles(t) == ["label", "initial_budget", "budget", "executed", "weight", "rate", "score"]
    assert all(c.unit == "万元" for c in t.columns if c.role in ("initial_budget", "budget", "executed"))
    (row,) = t.records
    # five figures for six columns: the empty one is 全年执行数, not 分值
    assert cells(t, row) == ["年度资金总额", "45", "45", None, "10", "100%", "10"]


def test_offsets_point_at_the_cells_in_the_original_text():
    t = only_table(CELLS_BLANK_SEPARATED)
    cell = t.records[1].cells[2]
    assert CELLS_BLANK_SEPARATED[cell.start:cell.end] == "南溪汇丰食品股份有限公司"


def test_alignment_keeps_positions_when_the_row_is_whole():
    cols = tuple(Column(x, r, None) for x, r in [("", "label"), ("年初", "initial_budget"), ("执行", "executed"),
                                                  ("权重", "weight"), ("得分", "score")])
    row = [Cell(t, 0, 0) for t in ["总额", "12", "11", "", "8"]]
    assert [None if c is None else c.text for c in align(row, cols)] == ["总额", "12", "11", None, "8"]


def test_prose_with_numbers_is_no_table():
    text = "一、基本情况\n全年预算数 300 万元，执行数 280 万元，完成预算的 93.33%。\n二、绩效目标\n"
    assert read_layout(text).tables == []


def test_grant_columns_are_read_by_their_grammar():
    from ingest.tables import column_role
    assert [column_role(h) for h in ("拟扶持金额（万元）", "本次拨付资金", "核定补助资金(元)", "奖励额度", "申请金额",
                                     "补助标准")] == ["grant", "grant", "grant", "grant", "figure", None]
    # a requested amount, an investment and a count hold figures, never the money granted
    assert [column_role(h) for h in ("申报补助资金（万元）", "项目总投资", "设备投资额(万元)", "带动就业人数", "申报事项")] == [
        "figure", "investment", "investment", "count", None]


# -- recipient tables with more columns than a name and an amount --------------------------------------------

PIPE_COUNTS = """2024年第二批社保补贴拟发放名单
| 序号 | 单位名称 | 新招用人数 | 社保补贴月数 | 补贴金额(元) |
| 1 | 青禾数控设备有限公司 | 5 | 48 | 41,280.00 |
| 2 | 东渠冷链物流股份有限公司 | 3 | 30 | 25,800.00 |
| 小计 | | 8 | 78 | 67,080.00 |
"""


def test_pipe_rows_with_count_columns_between_name_and_amount():
    t = only_table(PIPE_COUNTS)
    assert roles(t) == ["index", "org", "count", "count", "grant"]
    assert t.columns[-1].unit == "元" and t.columns[2].unit is None
    rows = [cells(t, r) for r in t.records]
    assert rows[0] == ["1", "青禾数控设备有限公司", "5", "48", "41,280.00"]
    assert rows[1] == ["2", "东渠冷链物流股份有限公司", "3", "30", "25,800.00"]
    assert rows[2][-1] == "67,080.00" and "小计" in rows[2]


def test_cell_per_line_header_with_an_unknown_label_and_an_investment_column():
    t = only_table(CELLS_INVESTMENT)
    assert roles(t) == ["index", "org", "text", "investment", "grant"]
    assert [c.unit for c in t.columns][3:] == ["万元", "万元"]
    # the 合计 after the last row is a sum, not a second row of 南坪新材料
    assert [cells(t, r) for r in t.records] == [
        ["1", "砚山精工机床有限公司", "数控机床智能产线改造", "3,420", "60"],
        ["2", "南坪新材料科技股份有限公司", "光伏背板涂布线升级", "1,150", "22.5"],
    ]


CELLS_CAPTION_UNIT = """公示期为2024年6月3日至6月9日。
附件:2024年度初加工奖补明细(单位:万元)
企业名称
建设内容
项目总投资
奖补金额
北沟果蔬冷链有限公司
预冷库及分拣车间建设
380
30
云岭菌业股份有限公司
菌菇烘干线改造
205
16.4
合计
585
46.4
"""


def test_cell_per_line_rows_of_two_text_cells_and_the_unit_of_the_caption():
    t = only_table(CELLS_CAPTION_UNIT)
    assert roles(t) == ["org", "text", "investment", "grant"]
    assert t.unit == "万元" and "明细" in t.caption and "公示期" not in t.caption
    rows = [cells(t, r) for r in t.records]
    assert rows[:2] == [["北沟果蔬冷链有限公司", "预冷库及分拣车间建设", "380", "30"],
                        ["云岭菌业股份有限公司", "菌菇烘干线改造", "205", "16.4"]]
    assert t.unit_of(t.columns[3]) == "万元"


CELLS_PLAN = """2024年度工业提质奖励计划表
单位:万元
序号
单位名称
奖励类别
计划金额
1
临川齿轮传动有限公司
首次入规奖励
30
2
松阳云计算科技有限公司
数字化改造奖励
48
企业小计
78
3
望江经济开发区管委会
园区配套补助
150
合计
228
"""


def test_a_plan_table_with_a_subtotal_row_in_the_middle():
    t = only_table(CELLS_PLAN)
    assert roles(t) == ["index", "org", "item", "allocation"]
    assert t.unit == "万元"
    rows = [cells(t, r) for r in t.records]
    assert rows == [["1", "临川齿轮传动有限公司", "首次入规奖励", "30"],
                    ["2", "松阳云计算科技有限公司", "数字化改造奖励", "48"],
                    ["3", "望江经济开发区管委会", "园区配套补助", "150"]]  # 企业小计 78 is no row of 松阳




def test_whitespace_aligned_allocation_table_with_a_sub_row():
    t = only_table(ALIGNED_ALLOCATION)
    assert roles(t) == ["org", "text", "grant"]
    assert t.unit == "万元"
    rows = [cells(t, r) for r in t.records]
    assert rows[0] == ["东川市科学技术局", None, "900"]
    assert rows[1] == ["其中:东川恒远激光器件有限公司", "省级企业技术中心", "120"]
    assert rows[-1] == ["合计", None, "1,490"]


def test_an_unknown_header_with_a_unit_heads_a_figure_column_and_a_group_header_does_not():
    from ingest.tables import _header_columns
    own = _header_columns([Cell(x, 0, 0) for x in ("企业名称", "设备购置额(万元)", "拟补助金额(万元)")], None)
    assert [c.role for c in own] == ["org", "figure", "grant"]
    group = _header_columns([Cell(x, 0, 0) for x in ("项目名称", "项目资金(万元)", "年初预算数", "全年执行数")], None)
    assert [c.role for c in group][2:] == ["initial_budget", "executed"] and group[2].unit == "万元"


def test_a_pipe_form_whose_department_holds_a_header_word_and_figure_columns_before_score_columns():
    """| 实施单位 | 某区商务和投资促进局 | is a form field (投资 in a bureau's name heads no column); a figure column
    with its unit before 分值 | 执行率 is a column of its own, not a group header."""
    from tests.helpers import facts_of

    text = ("项目支出绩效自评表\n（2022年度）\n| 项目名称 | 夜经济促进活动经费 |\n| 主管部门 | 七里河区商务和投资促进局 |\n"
            "| 实施单位 | 七里河区商务和投资促进局 |\n"
            "| 项目资金 | 年初预算数（万元） | 全年预算数（万元） | 全年执行数（万元） | 分值 | 执行率 | 得分 |\n"
            "| 年度资金总额 | 240.00 | 240.00 | 216.00 | 10 | 90% | 9 |\n")
    f = facts_of(text)
    assert f.department.name == "七里河区商务和投资促进局"
    rows = {(r.item, r.budget, r.executed) for r in f.budget}
    assert ("夜经济促进活动经费", Decimal("2400000"), Decimal("2160000")) in rows


# -- grant columns: what a refund is, which of two amounts is paid now --------------------------------------

def test_a_refund_column_is_a_grant_column_and_the_paid_now_column_ranks_first():
    from ingest.tables import column_role, grant_rank
    assert [column_role(h) for h in ("返还金额（元）", "稳岗返还金额", "实发金额", "参保人数")] == [
        "grant", "grant", "grant", "count"]
    ranks = [grant_rank(h) for h in ("本期拨付金额(元)", "拨付金额", "补助金额", "审定补助金额(元)", "累计拨付金额")]
    assert ranks == [0, 1, 1, 2, 2]


REFUND_ALIGNED = """二、失业保险稳岗返还（单位：元）
序号   单位名称                             参保人数     返还金额
1      青禾数控设备有限公司                 212          31,800.00
2      东渠冷链物流股份有限公司             97           14,550.00
       小计                                 309          46,350.00
"""


def test_a_whitespace_refund_table_is_a_recipient_table():
    t = only_table(REFUND_ALIGNED)
    assert roles(t) == ["index", "org", "count", "grant"]
    assert t.unit == "元"
    assert [cells(t, r)[1:] for r in t.records][:2] == [["青禾数控设备有限公司", "212", "31,800.00"],
                                                      ["东渠冷链物流股份有限公司", "97", "14,550.00"]]


# -- a whitespace self-evaluation form: its 项目名称 line belongs to the figure table ---------------------------

ALIGNED_FORM = """项目支出绩效自评表
（2023年度）
项目名称        北湖区中小企业数字化转型扶持资金
主管部门        北湖区经济和信息化局            实施单位      北湖区经济和信息化局
项目资金           年初预算数(万元)  全年预算数(万元)  全年执行数(万元)  分值     执行率     得分
年度资金总额       860.00         920.00         874.00         10       95.00%     9.5
  其中：财政拨款   860.00         920.00         874.00         —        95.00%     —
年度总体目标
"""


def test_the_form_lines_above_a_whitespace_header_are_the_tables_form():
    (t,) = [t for t in read_layout(ALIGNED_FORM).tables if t.columns]
    assert t.form_value("项目名称").text == "北湖区中小企业数字化转型扶持资金"
    assert t.form_value("实施单位").text == "北湖区经济和信息化局"
    assert cells(t, t.records[0])[:4] == ["年度资金总额", "860.00", "920.00", "874.00"]
    # the caption is the title above the form, not the form itself
    assert "项目名称" not in t.caption


def test_a_form_glued_to_its_label_or_in_another_layout_still_names_the_table():
    glued = ALIGNED_FORM.replace("项目名称        北湖区", "项目名称：北湖区")
    (t,) = [t for t in read_layout(glued).tables if t.columns]
    assert t.form_value("项目名称").text == "北湖区中小企业数字化转型扶持资金"
    # a pipe form over whitespace figures
    pipe_form = ALIGNED_FORM.replace("项目名称        北湖区中小企业数字化转型扶持资金",
                                     "| 项目名称 | 北湖区中小企业数字化转型扶持资金 |").replace(
        "主管部门        北湖区经济和信息化局            实施单位      北湖区经济和信息化局",
        "| 主管部门 | 北湖区经济和信息化局 | 实施单位 | 北湖区经济和信息化局 |")
    (t,) = [t for t in read_layout(pipe_form).tables if t.columns]
    assert t.form_value("项目名称").text == "北湖区中小企业数字化转型扶持资金"
    # whitespace form lines over pipe figures
    pipe_figures = ALIGNED_FORM.replace(
        "项目资金           年初预算数(万元)  全年预算数(万元)  全年执行数(万元)  分值     执行率     得分",
        "| 项目资金 | 年初预算数(万元) | 全年预算数(万元) | 全年执行数(万元) | 分值 | 执行率 | 得分 |").replace(
        "年度资金总额       860.00         920.00         874.00         10       95.00%     9.5",
        "| 年度资金总额 | 860.00 | 920.00 | 874.00 | 10 | 95.00% | 9.5 |")
    tables = [t for t in read_layout(pipe_figures).tables if t.columns]
    assert tables[0].form_value("项目名称").text == "北湖区中小企业数字化转型扶持资金"


def test_a_whitespace_self_evaluation_form_gives_the_named_project_row_and_the_total():
    from tests.helpers import facts_of
    f = facts_of(ALIGNED_FORM)
    rows = {b.item: b for b in f.budget}
    assert set(rows) == {None, "北湖区中小企业数字化转型扶持资金"}
    named = rows["北湖区中小企业数字化转型扶持资金"]
    assert (named.initial_budget, named.budget, named.executed, named.rate) == (
        Decimal("8600000"), Decimal("9200000"), Decimal("8740000"), Decimal("95.00"))


INDICATORS_ALIGNED = """一级指标    二级指标        三级指标                                   年度指标值    实际完成值    分值    得分
产出指标    数量指标        支持中小企业数字化改造项目数量             ≥120个        131个         20      20
            质量指标        支持青禾数控设备有限公司建设柔性生产线，补助60万元     通过验收   已通过验收   15   15
            时效指标        资金拨付及时率                             ≥95%          97%           10      10
总分                                                                                                   100     96.5
"""


def test_a_whitespace_indicator_table_is_a_table_of_text_columns():
    t = only_table(INDICATORS_ALIGNED)
    assert roles(t) == ["indicator"] * 5 + ["weight", "score"]
    texts = [c for r in t.records for c in cells(t, r) if c]
    assert "支持青禾数控设备有限公司建设柔性生产线，补助60万元" in texts
    assert "97%" in texts  # a percentage result sits in its indicator column, the row is not dropped
    assert cells(t, t.records[-1])[-2:] == ["100", "96.5"]
