"""Places, offices and enterprise names of the synthetic corpus's new families (bench.families).

The department-wide family (bench.corpus.ReportWriter) keeps its Guangdong cities so that its reports stay
byte-identical to earlier benchmark runs; the other families draw from provinces that the second dev set
does not cover. Enterprise names are generated from rare two-character brands (no real company).
"""
from __future__ import annotations

import random
from dataclasses import dataclass, field

# province -> city -> county-level units (districts, counties, county-level cities)
GEO: dict[str, dict[str, list[str]]] = {
    "江苏省": {"南京市": ["玄武区", "秦淮区", "江宁区", "浦口区", "六合区", "溧水区", "高淳区"],
             "无锡市": ["梁溪区", "滨湖区", "惠山区", "江阴市", "宜兴市"],
             "徐州市": ["云龙区", "铜山区", "丰县", "沛县", "睢宁县", "新沂市", "邳州市"],
             "盐城市": ["亭湖区", "盐都区", "大丰区", "响水县", "射阳县", "建湖县", "东台市"]},
    "湖北省": {"襄阳市": ["襄城区", "樊城区", "襄州区", "南漳县", "谷城县", "保康县", "老河口市", "枣阳市", "宜城市"],
             "宜昌市": ["西陵区", "伍家岗区", "夷陵区", "远安县", "兴山县", "秭归县", "当阳市", "枝江市"],
             "黄冈市": ["黄州区", "团风县", "红安县", "罗田县", "英山县", "浠水县", "蕲春县", "麻城市", "武穴市"]},
    "山西省": {"太原市": ["小店区", "迎泽区", "晋源区", "清徐县", "阳曲县", "古交市"],
             "晋中市": ["榆次区", "太谷区", "祁县", "平遥县", "介休市"],
             "长治市": ["潞州区", "上党区", "屯留区", "襄垣县", "沁县"]},
    "陕西省": {"宝鸡市": ["渭滨区", "金台区", "陈仓区", "凤翔区", "岐山县", "扶风县", "眉县"],
             "汉中市": ["汉台区", "南郑区", "城固县", "洋县", "勉县"]},
    "甘肃省": {"天水市": ["秦州区", "麦积区", "清水县", "秦安县", "甘谷县"],
             "兰州市": ["城关区", "七里河区", "安宁区", "榆中县", "皋兰县", "永登县"]},
    "贵州省": {"遵义市": ["红花岗区", "汇川区", "播州区", "桐梓县", "湄潭县", "仁怀市", "赤水市"],
             "六盘水市": ["钟山区", "水城区", "盘州市"]},
    "吉林省": {"长春市": ["南关区", "绿园区", "双阳区", "九台区", "农安县", "榆树市", "德惠市"],
             "吉林市": ["船营区", "丰满区", "永吉县", "蛟河市", "桦甸市"]},
    "黑龙江省": {"齐齐哈尔市": ["龙沙区", "建华区", "讷河市", "龙江县"],
              "牡丹江市": ["东安区", "爱民区", "海林市", "宁安市", "穆棱市"]},
    "辽宁省": {"鞍山市": ["铁东区", "立山区", "台安县", "海城市"],
             "锦州市": ["古塔区", "凌河区", "黑山县", "义县", "凌海市"]},
    "海南省": {"海口市": ["秀英区", "琼山区", "美兰区"]},
    "内蒙古自治区": {"包头市": ["昆都仑区", "青山区", "九原区", "固阳县"],
                "赤峰市": ["红山区", "松山区", "宁城县", "林西县"]},
}

# county- and city-level departments (printed after the place name)
LOCAL_DEPTS = [
    "商务局", "经济和信息化局", "科学技术局", "发展和改革局", "农业农村局", "文化和旅游局", "交通运输局",
    "市场监督管理局", "住房和城乡建设局", "工业和信息化局", "商务和投资促进局", "科技和工业信息化局",
    "投资促进局", "乡村振兴局", "人力资源和社会保障局", "数据资源管理局", "发展和改革委员会",
]
PROVINCIAL_DEPTS = ["商务厅", "科学技术厅", "工业和信息化厅", "文化和旅游厅", "农业农村厅", "交通运输厅"]

# rare characters only: the department-wide family's brands (bench.corpus) use other sets
_BRANDS = [("沅澧渼溱漪淇沣潆泓淼滢汐泞澴湄", "禾穗稷苒芃蓁茗荟莳萱蘅芷菁蔓"),
           ("垚峤岑崧嵘岱峪崑", "铎钤锘镕铖锴钰铄"),
           ("沅澧渼溱漪淇沣潆", "铎钤锘镕铖锴"), ("垚峤岑崧嵘岱", "禾穗稷苒芃蓁茗")]
INDUSTRIES = [
    ("光电科技", "光电"), ("农业开发", "农业"), ("食品科技", "食品"), ("机械制造", "机械"), ("纺织", "纺织"),
    ("化工", "化工"), ("电子科技", "电子"), ("商贸", "商贸"), ("汽车零部件", "汽配"), ("新能源科技", "新能源"),
    ("包装材料", "包装"), ("生物科技", "生物"), ("冷链物流", "冷链"), ("酒业", "酒业"), ("茶业", "茶业"),
    ("家居", "家居"), ("软件", "软件"), ("钢结构", "钢构"), ("智能科技", "智能"), ("电器", "电器"),
]
CONTRACTOR_TRADES = ["建设工程有限公司", "市政工程有限公司", "建筑安装工程有限公司"]
EVALUATOR_TRADES = ["工程咨询有限公司", "项目管理咨询有限公司", "财务咨询有限公司"]


def _short_place(name: str) -> str:
    for suffix in ("自治区", "省", "市", "县", "区"):
        if name.endswith(suffix) and len(name) > len(suffix) + 1:
            return name[: -len(suffix)]
    return name


@dataclass
class Office:
    """A department: the printed full name, short forms the text uses, and its place."""

    name: str
    level: str  # county | city | province | park
    province: str
    city: str | None
    district: str | None
    dept: str  # the department word (商务局)
    aliases: list[str] = field(default_factory=list)

    @property
    def place(self) -> str:
        """The government the office belongs to, as the text names it (X区, X市, X省)."""
        return self.district or self.city or self.province

    @property
    def we(self) -> str:
        """我区 / 我县 / 我市 / 我省."""
        return "我" + self.place[-1] if self.level != "park" else "我区"

    def short(self) -> str:
        """县商务局 / 区商务局 / 市商务局: the short form reports use for their own department."""
        if self.level == "province":
            return "省" + self.dept
        return self.place[-1] + self.dept


def make_office(rng: random.Random, levels: tuple[str, ...] = ("county", "county", "county", "city", "city",
                                                               "province", "park")) -> Office:
    province = rng.choice(sorted(GEO))
    city = rng.choice(sorted(GEO[province]))
    level = rng.choice(levels)
    if level == "province":
        dept = rng.choice(PROVINCIAL_DEPTS)
        return Office(province + dept, level, province, None, None, dept)
    if level == "park":
        kind = rng.choice(["经济技术开发区", "高新技术产业开发区", "现代农业产业园区"])
        dept = rng.choice(["管理委员会", "管委会"])
        return Office(_short_place(city) + kind + dept, level, province, city, None, dept)
    dept = rng.choice(LOCAL_DEPTS)
    if level == "city":
        return Office(city + dept, level, province, city, None, dept)
    county = rng.choice(GEO[province][city])
    name = (city + county + dept) if rng.random() < 0.35 else county + dept
    office = Office(name, level, province, city, county, dept)
    if name.startswith(city):
        office.aliases.append(county + dept)
    return office


@dataclass
class Firm:
    full: str
    short: str
    province: str


class FirmPool:
    """Generated enterprise names by province, so that reports of one province name some of the same firms."""

    def __init__(self, size: int, rng: random.Random):
        brands = sorted({a + b for sa, sb in _BRANDS for a in sa for b in sb if a != b})
        rng.shuffle(brands)
        self.brands_left = brands[size:]  # contractors and evaluators get brands of their own
        self.by_province: dict[str, list[Firm]] = {p: [] for p in sorted(GEO)}
        provinces = sorted(GEO)
        for i, brand in enumerate(brands[:size]):
            province = provinces[i % len(provinces)]
            self.by_province[province].append(self._firm(brand, province, rng))

    @staticmethod
    def _firm(brand: str, province: str, rng: random.Random) -> Firm:
        ind, ind_short = rng.choice(INDUSTRIES)
        city = _short_place(rng.choice(sorted(GEO[province])))
        form = rng.randrange(6)
        if form == 0:
            full = f"{brand}{ind}（{city}）有限公司"
        elif form == 1:
            full = f"{_short_place(province)}{brand}{ind}股份有限公司"
        elif form == 2:
            full = f"{brand}{ind}集团有限公司"
        else:
            full = f"{city}{brand}{ind}有限公司"
        return Firm(full, brand + ind_short, province)

    def sample(self, rng: random.Random, province: str, k: int) -> list[Firm]:
        own = self.by_province[province]
        if len(own) >= k:
            return rng.sample(own, k)
        others = [f for p in sorted(self.by_province) if p != province for f in self.by_province[p]]
        return own + rng.sample(others, k - len(own))

    def service_firm(self, rng: random.Random, office: Office, trades: list[str]) -> Firm:
        """A contractor or evaluator: an enterprise that is paid for work, never a subsidy recipient."""
        brand = rng.choice(self.brands_left)
        place = _short_place(office.city or office.province)
        full = place + brand + rng.choice(trades)
        return Firm(full, full, office.province)
