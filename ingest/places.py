"""Places: China's provinces, prefectures and counties (``patterns/places.csv``), and the region prefix of
an organisation's name (``杭州市余杭区投资促进局`` -> 浙江省 / 杭州市 / 余杭区 / 投资促进局).

The gazetteer says what a name's region *is*: whether 建德市 is a prefecture (a city) or a county-level city
(a district in govkg's terms), and which city a county belongs to when the name does not print it.
Province and prefecture names may be printed short (广西, 宁夏, 红河州); county names always carry their
level (县, 区, 市, 旗), though not always the one of the gazetteer's year (奉化市 became 奉化区).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from .patterns import nations_rx

LEVEL_SUFFIX = re.compile(r"(?:维吾尔自治区|壮族自治区|回族自治区|自治区|特别行政区|省|自治州|地区|盟|市|自治县|自治旗|县|新区|区|旗|林区|特区)$")
COUNTY_LEVELS = "县区市旗"
#: generic region markers, for places the gazetteer does not know (a new district): 2 to 6 characters
#: a development zone's ending: printed after a city's stem, the stem is part of its name
ZONE = re.compile(r"(?:开发区|高新区|新区|园区|试验区|示范区|合作区)$")
_GENERIC = {
    "province": re.compile(r"^[\u4e00-\u9fff]{2,7}?(?:省|自治区)"),
    "city": re.compile(r"^[\u4e00-\u9fff]{2,6}?(?:市|自治州|地区|盟)(?!场|民|区委|委|政府)"),
    "district": re.compile(r"^[\u4e00-\u9fff]{1,6}?(?:新区|区|自治县|县|旗)(?!委|政府|域|间)"),
}


@dataclass(frozen=True)
class Place:
    code: str  # 6 digits: PPCCDD
    name: str
    level: str  # province | city | district

    @property
    def parent_code(self) -> str | None:
        if self.level == "district":
            return self.code[:4] + "00"
        if self.level == "city":
            return self.code[:2] + "0000"
        return None


@dataclass(frozen=True)
class Gazetteer:
    """Every place by name, by stem (name without its level) and by code."""

    by_name: dict[str, tuple[Place, ...]]
    by_stem: dict[str, tuple[Place, ...]]
    by_code: dict[str, Place]
    names_rx: re.Pattern  # every full name and every province/prefecture stem, longest first


def _stem(name: str) -> str:
    """A place name without its level and nationalities: 红河哈尼族彝族自治州 -> 红河, 奉化市 -> 奉化."""
    stem = LEVEL_SUFFIX.sub("", name)
    stem = nations_rx().sub("", stem) if stem != name else stem
    return stem or name


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """``patterns/places.csv`` loaded (municipalities' 市辖区/县 placeholders skipped)."""
    text = resources.files("govkg.ingest.patterns").joinpath("places.csv").read_text("utf-8")
    by_name: dict[str, list[Place]] = {}
    by_stem: dict[str, list[Place]] = {}
    by_code: dict[str, Place] = {}
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        code, name = line.split(",", 1)
        code = code[:6]
        if name in ("市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"):
            continue
        level = "province" if code[2:] == "0000" else "city" if code[4:] == "00" else "district"
        place = Place(code, name, level)
        by_code[code] = place
        by_name.setdefault(name, []).append(place)
        stem = _stem(name)
        if len(stem) >= 2:
            by_stem.setdefault(stem, []).append(place)
    # a municipality (北京市, 重庆市) is a province and its own city
    keys = set(by_name) | set(by_stem)
    rx = re.compile("|".join(map(re.escape, sorted(keys, key=len, reverse=True))))
    return Gazetteer({k: tuple(v) for k, v in by_name.items()}, {k: tuple(v) for k, v in by_stem.items()},
                     by_code, rx)


@dataclass(frozen=True)
class Region:
    """The region prefix of a name: its places (most general first) and the rest of the name."""

    province: str | None
    city: str | None
    district: str | None
    rest: str
    prefix: str  # the region text as printed
    known: bool = False  # the gazetteer knows the most specific place

    @property
    def level(self) -> str | None:
        return "district" if self.district else "city" if self.city else "province" if self.province else None


def _lookup(printed: str, parent: Place | None) -> Place | None:
    """The place a printed name (full or short) stands for, preferring children of ``parent``."""
    g = gazetteer()
    cands = list(g.by_name.get(printed, ()))
    stem = _stem(printed)
    if printed.endswith("州") and not cands and stem not in g.by_stem:
        stem = printed[:-1]  # 红河州: a prefecture printed as its stem and 州
    if not cands:
        short = printed == stem  # 广西, 宁夏: a province or prefecture printed without its level
        for p in g.by_stem.get(stem, ()):
            if short and p.level == "district":
                continue
            if not short and p.level == "district" and printed[-1] not in COUNTY_LEVELS:
                continue
            if printed.endswith("州") and p.level != "city":
                continue
            cands.append(p)
    if parent is not None:
        inside = [p for p in cands if p.code.startswith(parent.code[:4] if parent.level == "city" else parent.code[:2])]
        if inside:
            cands = inside
    if len(cands) == 1:
        return cands[0]
    ranked = sorted(cands, key=lambda p: {"province": 0, "city": 1, "district": 2}[p.level])
    return ranked[0] if ranked and len({p.level for p in cands}) == len(cands) else None


def split_region(name: str) -> Region:
    """``宁波市奉化区农业农村局`` -> Region(浙江省, 宁波市, 奉化区, 农业农村局).

    Printed places are read left to right with the gazetteer (a county needs its level character; a
    province or prefecture may be short: 广西, 红河州); unknown places fall back to the level markers
    (X省, X市, X区 …). Places the name does not print are filled in from the gazetteer (a county's city).
    """
    g = gazetteer()
    rest, prefix = name, ""
    found: list[tuple[str, Place | None]] = []  # (printed, place)
    parent: Place | None = None
    while rest:
        m = g.names_rx.match(rest)
        place = None
        printed = None
        if m:
            # a county printed with another level character than the gazetteer's (奉化区 for 奉化市)
            printed = m.group(0)
            nxt = rest[m.end():m.end() + 1]
            if printed == _stem(printed) and nxt in COUNTY_LEVELS + "州" and (printed + nxt) not in g.by_name:
                printed += nxt
            place = _lookup(printed, parent)
            if place is None and printed not in g.by_name:
                printed = None  # a full name the gazetteer holds twice (铁东区) stays a place of unknown parent
        if printed is None:
            for level in ("province", "city", "district"):
                gm = _GENERIC[level].match(rest)
                if gm and len(rest) > gm.end() + 1 and (not found or level != "province"):
                    inner = g.names_rx.search(gm.group(0), 1)
                    if inner and _lookup(inner.group(0), None) is not None:
                        break  # 承担了九江市: the place starts later, this is no region
                    printed = gm.group(0)
                    break
        if printed is None or len(rest) - len(printed) < 2:
            break
        found.append((printed, place))
        if place is not None:
            parent = place
        prefix += printed
        rest = rest[len(printed):]
        if place is not None and place.level == "district" or (place is None and printed.endswith(("区", "县", "旗"))):
            break
    return _region(found, rest, prefix)


def _region(found: list[tuple[str, Place | None]], rest: str, prefix: str) -> Region:
    g = gazetteer()
    province = city = district = None
    known = bool(found) and found[-1][1] is not None
    for printed, place in found:
        level = place.level if place is not None else _generic_level(printed)
        if level == "province":
            province = place.name if place else printed
            if place is not None and printed.endswith("市"):  # a municipality is its own city
                city = printed
        elif level == "city":
            city = place.name if place else printed
        else:
            district = printed
    if district and len(found) > 1 and ZONE.search(district) and found[-2][1] is not None and \
            found[-2][0] == _stem(found[-2][0]):
        district = found[-2][0] + district  # 汉中经济技术开发区: a zone is named with its city's stem
    last = next((pl for _, pl in reversed(found) if pl is not None), None)
    p = last
    while p is not None:  # the places the name leaves out: a county's city, a city's province
        if p.level == "city" and city is None:
            city = p.name
        if p.level == "province":
            province = province or p.name
            if city is None and p.name.endswith("市") and last is not p:  # a municipality's county
                city = p.name
        parent = g.by_code.get(p.parent_code or "")
        if parent is None and p.level == "district":  # a municipality's district: its city is the province
            parent = g.by_code.get(p.code[:2] + "0000")
        p = parent
    return Region(province, city, district, rest, prefix, known)


def _generic_level(printed: str) -> str:
    if printed.endswith(("省", "自治区")):
        return "province"
    if printed.endswith(("市", "自治州", "地区", "盟")):
        return "city"
    return "district"


def is_place_stem(word: str) -> bool:
    """A place printed without its level (建德 in 农夫山泉（建德）…, 浙江, 东莞), of any level."""
    g = gazetteer()
    return word in g.by_name or word in g.by_stem


def place_level(printed: str) -> str | None:
    """The level of one printed place name (``建德市`` -> district: a county-level city), or None."""
    place = _lookup(printed, None)
    return place.level if place else None
