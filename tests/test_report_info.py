"""The reporting department, its region, year and score."""
from decimal import Decimal

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
