"""The document model: line kinds, metadata fields, titles and kinds, headings, places, department names.

Every text here is written for this test, in the shapes government web pages and PDF exports print.
"""
import pytest

from govkg.ingest.document import is_chrome, read_layout, section_paths
from govkg.ingest.kinds import parse_title
from govkg.ingest.normalize import normalize
from govkg.ingest.orgs import complete_region, government_prefix, is_government_name, is_short_form, same_body
from govkg.ingest.places import place_level, split_region
from tests.helpers import facts_of

WEB_PAGE = """江苏省人民政府门户网站 登录 注册 无障碍浏览 长者模式
您当前的位置：首页 > 信息公开 > 财政预决算 > 绩效评价
  • 索引号: 014000123/2024-00315
  • 发布机构: 江阴市商务局
  • 发布日期: 2024-04-18
江阴市商务局2023年度部门整体支出绩效自评报告
一、部门基本情况
我局主要负责全市商贸流通和对外贸易工作。
"""


def test_chrome_lines_are_dropped_and_metadata_kept_apart():
    layout = read_layout(WEB_PAGE)
    kinds = [ln.kind for ln in layout.lines if ln.text]
    assert kinds[:2] == ["chrome", "chrome"]
    assert kinds[2:5] == ["meta", "meta", "meta"]
    assert layout.field("发布机构").value == "江阴市商务局"
    text = normalize(WEB_PAGE, 0, layout).text
    assert "无障碍" not in text and "首页" not in text
    paragraphs = text.split("\n")
    assert "江阴市商务局2023年度部门整体支出绩效自评报告" in paragraphs  # the title is not glued to a field


@pytest.mark.parametrize("line, key, value", [
    ("[ 发布机构 ] 襄阳市襄州区科学技术局 [ 发布日期 ] 2023-06-30", "发布机构", "襄阳市襄州区科学技术局"),
    ("索 引 号 11420607MB1234567X/2023-00011 发布机构 襄州区科技局", "发布机构", "襄州区科技局"),
    ("发布时间:2022-09-01 09:30 来源:遵义市播州区发展和改革局 浏览:", "来源", "遵义市播州区发展和改革局"),
    ("- 公开责任部门: 绵阳市涪城区农业农村局", "公开责任部门", "绵阳市涪城区农业农村局"),
])
def test_metadata_fields_in_every_page_layout(line, key, value):
    layout = read_layout(line + "\n正文第一段。\n")
    assert layout.field(key).value == value
    assert layout.lines[0].kind == "meta"


def test_prose_that_mentions_a_key_word_is_not_metadata():
    layout = read_layout("一、项目概况\n本项目资金来源为市级财政，时间安排在下半年。\n")
    assert all(ln.kind != "meta" for ln in layout.lines)


@pytest.mark.parametrize("line", ["首页 > 政务公开 > 财政资金", "【字体：大 中 小】 打印 关闭", "<image>data:x</image>",
                                  "进入关怀版 | 无障碍 | 登录"])
def test_chrome(line):
    assert is_chrome(line)


@pytest.mark.parametrize("line", ["2023年度部门整体支出绩效自评报告", "年初预算数", "1,250.00", "表3：资金安排情况"])
def test_report_text_is_not_chrome(line):
    assert not is_chrome(line)


@pytest.mark.parametrize("title, kind, org, year, obj", [
    ("江阴市商务局2023年度部门整体支出绩效自评报告", "department", "江阴市商务局", 2023, None),
    ("2022年度襄阳市襄州区科学技术局部门整体支出绩效自评报告", "department", "襄阳市襄州区科学技术局", 2022, None),
    ("播州区2021年乡村旅游发展资金绩效自评报告", "special_fund", None, 2021, "2021年乡村旅游发展资金"),
    ("涪城区2022年智慧农贸市场改造项目绩效评价自评报告", "project", None, 2022, "2022年智慧农贸市场改造项目"),
    ("省级外贸发展专项资金2023年度绩效自评报告", "special_fund", None, 2023, "省级外贸发展专项资金"),
    ("项目支出绩效自评表（2022年度）", "table", None, 2022, None),
    ("2023年某某产业园建设项目支出绩效评价报告", "evaluation", None, 2023, "2023年某某产业园建设项目"),
    ("关于2024年第一批外贸稳增长奖励资金的公示", "notice", None, 2024, "2024年第一批外贸稳增长奖励资金"),
    ("关于下达2023年工业技术改造补助资金的通知", "notice", None, 2023, "2023年工业技术改造补助资金"),
    ("2020年度项目绩效自评报告(农村物流体系建设资金)", "project", None, 2020, "农村物流体系建设资金"),
])
def test_title_grammar_reads_every_shape(title, kind, org, year, obj):
    t = parse_title(title)
    assert (t.kind, t.org, t.year, t.object) == (kind, org, year, obj)


@pytest.mark.parametrize("line", ["二、绩效自评工作开展情况", "我局开展了绩效自评工作。", "关于印发某某办法的通知",
                                  "（三）年度资金使用情况"])
def test_headings_and_sentences_are_not_titles(line):
    assert parse_title(line) is None


def test_title_with_a_web_line_above_keeps_its_organisation_apart():
    text = "某某新区产业园区管委会\n2022年园区基础设施建设项目支出绩效评价等次为良\n自2023年起，管委会开展评价。\n"
    layout = read_layout(text)
    assert [ln.kind for ln in layout.lines[:2]] == ["title", "title"]


def test_section_path_of_every_paragraph():
    paras = ["一、部门基本情况", "（一）主要职能", "负责全市物流工作。", "二、部门整体支出绩效", "（一）资金投入", "1.预算执行",
             "全年预算数 200 万元。"]
    paths = section_paths(paras)
    assert paths[2] == ("一、部门基本情况", "（一）主要职能")
    assert paths[-1] == ("二、部门整体支出绩效", "（一）资金投入", "1.预算执行")


@pytest.mark.parametrize("name, province, city, district, rest", [
    ("江阴市商务局", "江苏省", "无锡市", "江阴市", "商务局"),  # a county-level city is a district
    ("无锡市商务局", "江苏省", "无锡市", None, "商务局"),
    ("遵义市播州区发展和改革局", "贵州省", "遵义市", "播州区", "发展和改革局"),
    ("黔南州商务局", "贵州省", "黔南布依族苗族自治州", None, "商务局"),
    ("天津市滨海新区工业和信息化局", "天津市", "天津市", "滨海新区", "工业和信息化局"),
    ("四川省经济和信息化厅", "四川省", None, None, "经济和信息化厅"),
])
def test_region_of_a_department_name(name, province, city, district, rest):
    r = split_region(name)
    assert (r.province, r.city, r.district, r.rest) == (province, city, district, rest)


def test_place_level_tells_county_level_cities_from_prefectures():
    assert place_level("义乌市") == "district" and place_level("金华市") == "city"


def test_government_names_and_their_short_forms():
    assert is_government_name("绵阳市涪城区农业农村局") and not is_government_name("办公室")
    assert government_prefix("襄阳市襄州区科学技术局部门整体支出") == "襄阳市襄州区科学技术局"
    assert is_short_form("发改委", "发展和改革委员会") and is_short_form("工信局", "工业和信息化局")
    assert same_body("襄州区科技局", "襄阳市襄州区科学技术局")
    assert not same_body("江阴市商务局", "江阴市财政局")
    assert complete_region("区农业农村局", "绵阳市涪城区") == "绵阳市涪城区农业农村局"


def test_a_places_own_government_is_a_government_name():
    assert is_government_name("江岸区人民政府") and is_government_name("苏州工业园区管理委员会")
    assert is_government_name("遂宁经济技术开发区管委会")
    assert not is_government_name("人民政府") and not is_government_name("管委会")


def test_places_the_gazetteer_holds_twice_zones_and_municipality_districts():
    r = split_region("铁西区工业和信息化局")  # 铁西区: in 沈阳, 鞍山 and 四平
    assert (r.district, r.city, r.rest) == ("铁西区", None, "工业和信息化局")
    r = split_region("四平市铁西区工业和信息化局")
    assert (r.district, r.city) == ("铁西区", "四平市")
    assert split_region("遂宁经济技术开发区管委会").district == "遂宁经济技术开发区"
    r = split_region("静安区商务委员会")
    assert (r.province, r.city, r.district) == ("上海市", "上海市", "静安区")


def test_a_department_named_after_you_or_inside_a_place_it_prints():
    d = facts_of("一、基本情况\n城东污水管网改造项目由西宁市住房和城乡建设局负责组织实施。\n").department
    assert d.name == "西宁市住房和城乡建设局"
    d = facts_of("铁西区商务局（以下简称“区商务局”）是区政府工作部门。\n一、基本情况\n").department
    assert (d.name, d.district) == ("铁西区商务局", "铁西区")
