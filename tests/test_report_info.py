"""The reporting department, its region, year and score."""
from decimal import Decimal

import pytest

from govkg.ingest.places import split_region
from govkg.ingest.report_info import short_forms
from tests.helpers import facts_of


def test_title_with_district_department_and_year():
    f = facts_of("2024年度深圳市南山区科技创新局部门整体支出绩效自评报告\n本单位较好完成了各项任务。")
    d = f.department
    assert (d.name, d.city, d.district, d.year) == ("深圳市南山区科技创新局", "深圳市", "南山区", 2024)
    assert d.self_mentions and f.warnings == []


def test_only_the_first_self_reference_is_kept():
    text = "2024年度深圳市南山区科技创新局部门整体支出绩效自评报告\n本单位完成任务。我局加强管理。本局按时报送。"
    refs = facts_of(text).department.self_mentions
    assert [r.exact for r in refs] == ["本单位"]


def test_city_level_department_and_title_across_two_lines():
    f = facts_of(" 2022 年度杭州市商务局\n整体支出绩效自评报告\n一、基本情况")
    d = f.department
    assert (d.name, d.city, d.district, d.year) == ("杭州市商务局", "杭州市", None, 2022)


def test_org_before_year_and_province_prefix():
    d = facts_of("广东省佛山市顺德区发展和改革局2023年度部门整体支出绩效自评报告\n正文。").department
    assert (d.name, d.year, d.district, d.city) == ("广东省佛山市顺德区发展和改革局", 2023, "顺德区", "佛山市")


def test_department_score_is_not_a_project_score():
    text = ("2023年度成都市武侯区商务局部门整体支出绩效自评报告\n"
            "本单位重点“会展经费”项目按计划实施，自评得分 98 分。\n"
            "本部门整体支出绩效自评结果为优，绩效自评得分为 94.5 分。")
    assert facts_of(text).department.score == Decimal("94.5")
    assert facts_of(text.rsplit("\n", 1)[0]).department.score is None


def test_report_without_department_or_year_warns_and_invents_nothing():
    f = facts_of("关于招商工作的情况说明\n全年预算数 100 万元，执行数 90 万元。")
    assert f.department.name is None and f.department.year is None
    assert len(f.warnings) == 2


def test_region_split_and_short_forms():
    r = split_region("广州市白云区投资促进局")
    assert (r.province, r.city, r.district, r.rest) == ("广东省", "广州市", "白云区", "投资促进局")
    r = split_region("广州市城市更新局")
    assert (r.province, r.city, r.district, r.rest) == ("广东省", "广州市", None, "城市更新局")
    assert short_forms("武汉市江汉区财政局", "武汉市", "江汉区", None) == ["江汉区财政局", "区财政局", "财政局"]


# -- department and year from any report (issue 11) -------------------------------------------------------


def dept(text):
    return facts_of(text).department


def test_metadata_names_the_department_when_the_title_does_not():
    d = dept("索引号: 11350400MB0000000X/2023-00021\n发布机构: 南平市延平区商务局\n发布日期: 2024-02-20\n"
             "2023年度项目绩效自评报告(县域商业体系建设资金)\n一、项目基本情况\n我局认真组织实施。\n")
    assert (d.name, d.district, d.year, d.kind) == ("南平市延平区商务局", "延平区", 2023, "project")
    assert d.object == "县域商业体系建设资金" and "metadata" in d.sources


def test_a_short_title_name_is_completed_by_the_page_and_the_region_filled_in():
    d = dept("公开责任部门: 宜章县科技和工业信息化局\n科工信局专项资金绩效自评报告\n一、项目概况\n"
             "2023年县财政为我局安排专项资金200万元。\n")
    assert d.name == "宜章县科技和工业信息化局" and d.district == "宜章县" and d.city == "郴州市"
    assert "科工信局" in d.aliases and d.year == 2023  # the year from the body's only year


def test_a_bare_level_name_takes_the_titles_region():
    d = dept("发布机构 区商务局\n湖州市吴兴区2022年度电商直播基地建设专项资金绩效自评报告\n一、概况\n资金已拨付。\n")
    assert (d.name, d.district, d.year) == ("湖州市吴兴区商务局", "吴兴区", 2022)


def test_signature_names_the_department_of_a_notice_without_title():
    d = dept("各相关企业：\n根据有关文件精神，现拨付星海光学（衢州）有限公司等12家企业2023年度外贸发展奖励资金"
             "共计86.5万元。\n特此通知\n衢州市柯城区商务局\n2023年12月20日\n")
    assert (d.name, d.district, d.kind, d.year) == ("衢州市柯城区商务局", "柯城区", "notice", 2023)
    assert "signature" in d.sources


def test_the_full_name_of_yi_xia_jian_cheng_wins_over_a_short_title():
    d = dept("2023年安顺市西秀区工信局部门整体支出报告\n受委托，我们对安顺市西秀区工业和信息化局（以下简称“区工信局”）"
             "2023年度部门整体支出开展了绩效评价。\n")
    assert d.name == "安顺市西秀区工业和信息化局" and "区工信局" in d.aliases and d.year == 2023


def test_a_form_cell_names_the_department_and_its_year_line_the_year():
    d = dept("项目支出绩效自评表\n（2022年度）\n项目名称\n农贸市场提升改造补助\n主管部门\n松阳县商务局\n"
             "实施单位\n松阳县商务局\n")
    assert (d.name, d.district, d.year, d.kind) == ("松阳县商务局", "松阳县", 2022, "table")


def test_a_park_committee_above_its_title():
    d = dept("某某经济技术开发区管理委员会\n2022年园区道路提升项目支出绩效评价评定等次为良\n经评价，项目资金使用规范。\n")
    assert d.name == "某某经济技术开发区管理委员会" and d.kind == "evaluation" and d.year == 2022


def test_provincial_department_from_an_attachment_title():
    d = dept("根据要求，2022年度我厅开展了部门整体支出绩效自评。\n附件：1.湖北省商务厅2022年度部门整体支出绩效自评报告\n")
    assert (d.name, d.province, d.city, d.district, d.year) == ("湖北省商务厅", "湖北省", None, None, 2022)


def test_nothing_invented_when_no_source_names_the_department():
    f = facts_of("中央补助地方文化设施建设资金2022年度绩效自评报告\n一、绩效目标\n下达资金5000万元。\n")
    assert f.department.name is None and f.department.year == 2022
    assert any("no department name found" in w for w in f.warnings)


def test_the_year_comes_from_the_body_when_no_title_prints_it():
    d = dept("发布机构：临海市经济和信息化局\n关于工业企业技术改造项目补助资金的公示\n经审核，2023年度第二批技改项目"
             "拟补助企业5家。公示期：2024年3月1日至3月7日。\n")
    assert d.year == 2023 and d.kind == "notice"


def test_a_title_broken_in_the_middle_of_its_object_and_an_issuer_before_guanyu():
    text = ("临沂经济技术开发区管委会关于2022年度外贸转型升级\n\n基地建设专项资金绩效自评情况的报告\n\n"
            "一、基本情况\n\n该专项资金由管委会经济发展局负责实施。\n")
    f = facts_of(text)
    d = f.department
    assert d.name == "临沂经济技术开发区管委会" and d.year == 2022
    assert d.object == "2022年度外贸转型升级基地建设专项资金" and d.kind == "special_fund"
    assert d.title.endswith("绩效自评情况的报告") and d.title.startswith("临沂")


def test_a_notices_signature_outweighs_the_portal_above_its_title():
    """A web notice: the site's host (某某市人民政府) heads the page above a breadcrumb; the bureau that signs
    after 特此公示 is the department."""
    from tests.helpers import facts_of

    text = ("张掖市人民政府\n首页 > 政务公开 > 通知公告\n关于2024年度数字化转型奖补资金拟支持名单的公示\n"
            "发布时间:2024-10-08 09:00\n\n根据有关规定，拟对张掖祁连数智科技有限公司等6家企业给予奖补，共计90万元。\n\n"
            "特此公示。\n\n张掖市工业和信息化局\n2024年10月8日\n")
    assert facts_of(text).department.name == "张掖市工业和信息化局"


def test_the_department_score_from_the_total_row_of_a_department_wide_self_evaluation_table():
    from tests.helpers import facts_of

    text = ("巫溪县某某镇人民政府2022年度部门整体支出自评表\n"
            "一级指标     二级指标       三级指标             指标值     完成值     分值     得分\n"
            "产出指标     数量指标       村道硬化里程         ≥5公里     5.4公里    50       48\n"
            "满意度指标   受益群众满意度 村民满意度           ≥90%       93%        50       45.5\n"
            "总分                                                                    100      93.5\n")
    assert facts_of(text).department.score == Decimal("93.5")


def test_of_joint_issuers_above_a_notice_the_first_that_is_no_overseer_issues_it():
    text = ("济宁市工业和信息化局 济宁市财政局\n关于下达2024年度制造业数字化转型奖补资金的通知\n"
            "各县（市、区）工业和信息化局、财政局：\n现将奖补资金下达给你们，请及时拨付至企业。\n")
    assert facts_of(text).department.name == "济宁市工业和信息化局"


def test_a_portal_menu_glued_before_a_table_title_and_the_year_on_its_own_line():
    text = ("某某市人民政府门户网站\n首页\n政务公开\n预决算公开\n泸州市口岸与物流办公室\n项目支出绩效自评表\n（2022年度）\n"
            "发布时间：2023-06-02\n项目名称\n口岸物流补助资金\n")
    d = dept(text)
    assert (d.name, d.year) == ("泸州市口岸与物流办公室", 2022)


@pytest.mark.parametrize("name", ["绵阳市残疾人联合会", "漳州市科学技术协会", "遵义市妇女联合会", "柳州市总工会"])
def test_people_s_organisations_report_as_departments(name):
    text = f"{name}2023年度部门整体支出自评报告\n一、部门概况\n本单位是全市的群团组织。\n"
    assert dept(text).name == name
