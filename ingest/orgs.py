"""Government bodies' names: [region][body][suffix], short forms, and which printed names are the same body.

``patterns/orgs.toml`` holds the suffixes (局, 委员会, 管委会 …), the division words (科, 处 …) and the bodies
that fund or oversee others (财政局, 人民政府 …). A short form keeps the full name's characters in order and
its last one: 发改委 ~ 发展和改革委员会, 科工信局 ~ 科技和工业信息化局, 区农业农村局 ~ 宁波市奉化区农业农村局.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from .patterns import enterprise_patterns, org_patterns
from .places import is_place_stem, split_region

NAME_CHARS = re.compile(r"^[\u4e00-\u9fff（）()]+$")


def is_government_name(name: str) -> bool:
    """A whole string that reads as a government body or public unit (``隆回县科技和工业信息化局``)."""
    s = re.sub(r"\s+", "", name or "")
    if not (3 <= len(s) <= 32) or not NAME_CHARS.match(s):
        return False
    pats = org_patterns()
    if not s.endswith(pats.government_suffixes):
        return False
    body = split_region(s).rest
    suffix = next(x for x in pats.government_suffixes if s.endswith(x))
    core = body[: len(body) - len(suffix)] if body.endswith(suffix) else body
    if body in pats.region_bodies and len(body) < len(s):
        return True  # 洪山区人民政府, 某某经济技术开发区管委会: the place's own government
    if len(core) < 1 or (len(core) < 2 and len(body) == len(s)):
        return False  # 办公室, 局: a bare suffix; 某局 needs a region
    return not (body == s and s.endswith(pats.divisions) and len(s) <= 6)  # 财务科, 办公室 alone


def _government_starts(text: str) -> Iterator[tuple[str, str, str]]:
    """(name, its suffix, what follows) for every start of ``text`` that is a government body's name."""
    for m in org_patterns().suffix_rx.finditer(text):
        if is_government_name(text[: m.end()]):
            yield text[: m.end()], m.group(0), text[m.end():]


def government_prefix(text: str) -> str | None:
    """The longest start of ``text`` that is a government body's name followed by a scope word, a year, or
    nothing (``广州市白云区投资促进局部门整体支出`` -> 广州市白云区投资促进局, not …局部)."""
    scope = org_patterns().scope_starts
    best = None
    for name, _, after in _government_starts(text):
        if not after or after.startswith(scope) or re.match(r"\s*(?:19|20)\d{2}", after) or re.match(r"\s*[（(]", after):
            best = name
    return best


def government_start(text: str) -> str | None:
    """The longest start of ``text`` that is a government body's or public unit's name, whatever follows
    (``某某产业园管理委员会标准厂房运营`` -> 某某产业园管理委员会)."""
    best = None
    for name, suffix, _ in _government_starts(text):
        if len(suffix) >= 2 or split_region(name).prefix:
            best = name  # a one-character suffix needs a region: 某某总部经济 is no body's name
    return best


def is_overseer(name: str) -> bool:
    """财政局, 人民政府, 县委 …: bodies that fund or govern; a report names them but rarely reports for them."""
    body = split_region(name).rest
    return any(body.endswith(o) or body == o for o in org_patterns().overseers)


LONG_SUFFIXES = (("管理委员会", "管委会"), ("委员会", "委"), ("办公室", "办"))


def _short_suffix(name: str) -> str:
    for long, short in LONG_SUFFIXES:
        if name.endswith(long):
            return name[: -len(long)] + short
    return name


def is_short_form(short: str, full: str) -> bool:
    """Is ``short`` an abbreviation of ``full``: its characters in order, the same last character (委员会
    counts as 委, 办公室 as 办)?"""
    short, full = _short_suffix(short), _short_suffix(full)
    if not short or not full or len(short) >= len(full) or short[-1] != full[-1]:
        return False
    it = iter(full)
    return all(ch in it for ch in short)


def same_body(a: str, b: str) -> bool:
    """Do two printed names denote the same government body (one may be short or lack its region)?"""
    if a == b:
        return True
    ra, rb = split_region(a), split_region(b)
    body_a, body_b = ra.rest, rb.rest
    if body_a.startswith(("区", "县", "市", "州", "省")) and not ra.prefix:
        body_a = body_a[1:]
    if body_b.startswith(("区", "县", "市", "州", "省")) and not rb.prefix:
        body_b = body_b[1:]
    if not (_short_suffix(body_a) == _short_suffix(body_b) or is_short_form(body_a, body_b) or
            is_short_form(body_b, body_a)):
        return False
    for x, y in ((ra.district, rb.district), (ra.city, rb.city), (ra.province, rb.province)):
        if x and y and x != y and not is_short_form(x, y) and not is_short_form(y, x):
            return False
    return True


def complete_region(name: str, region_prefix: str) -> str:
    """``区农业农村局`` + ``宁波市奉化区`` -> ``宁波市奉化区农业农村局``: a name printed with a bare level
    character (区, 县, 市) takes the report's region of that level."""
    if not region_prefix or split_region(name).prefix:
        return name
    level = name[:1]
    if level in "区县市州" and region_prefix.endswith(level):
        return region_prefix + name[1:]
    return name


# -- enterprises ----------------------------------------------------------------------------------------

#: characters no name crosses
HARD_BOUNDARY = re.compile(r"[，。；：:、,;！？!?《》“”\"'‘’\n\t|【】\[\]]")
FUNCTION_POS = ("p", "c", "u", "r", "d", "uj", "ul", "ug", "uz", "uv", "ud", "e", "y", "o", "q")
#: tags the segmenter gives rare characters it does not know (垚 y, 芃 yg): inside a name they are no particles
UNSURE_POS = ("y", "e", "o")
MAX_NAME = 48
#: particles that trade names hold (长白山之旅旅行社)
NAME_PARTICLES = ("之",)


@lru_cache(maxsize=4096)
def _tokens(text: str) -> tuple[tuple[str, str], ...]:
    """jieba's words and parts of speech (the segmenter the pipeline already loaded)."""
    import jieba
    import jieba.posseg as pseg

    jieba.setLogLevel(60)
    return tuple((w.word, w.flag) for w in pseg.cut(text))


@lru_cache(maxsize=65536)
def _is_place(word: str) -> bool:
    from .places import _lookup, gazetteer

    if word in ("中国", "中华", "全国") or _lookup(word, None) is not None:
        return True
    return any(p.level != "district" for p in gazetteer().by_stem.get(word, ()))  # 贵州, 吉林: a province's stem


def _strip_places_right(core: str) -> str:
    """``…有限公司浙江省遂昌县`` -> ``…有限公司``: the places between a parent's name and its branch form."""
    changed = True
    while changed and core:
        changed = False
        for word, _ in reversed(_tokens(core)):
            if _is_place(word) and core.endswith(word):
                core, changed = core[: -len(word)], True
            break
    return core


def enterprise_start(text: str, end: int) -> int | None:
    """Where the enterprise name that ends at ``end`` (with its legal or branch form) starts, or None.

    Read right to left on jieba's words: the legal form (a branch form after a parent's full name and its
    places), industry words (科技, 环保, 饮品 …) and places in brackets ((建德)), a trade name (any words but
    function words; a verb of two characters ends it once it has begun), then places (浙江, 杭州市).
    """
    pats = enterprise_patterns()
    window_start = max(0, end - MAX_NAME)
    hard = [m.end() for m in HARD_BOUNDARY.finditer(text, window_start, end)]
    start = hard[-1] if hard else window_start
    w = text[start:end]
    form = next((f for f in pats.branch_forms + pats.legal_forms if w.endswith(f)), None)
    if form is None:
        return None
    core = w[: -len(form)]
    if form in pats.branch_forms:
        parent = _strip_places_right(core)
        inner = enterprise_start(text[: start + len(parent)], start + len(parent))
        return inner
    s = _core_start(core)
    if s is None:
        return None
    if _heads_a_payment(text, start + s, end):
        s += 1  # 向泞蔓光电科技(天水)有限公司兑付…: jieba read 向泞 as a word
    return start + s


def _core_start(core: str) -> int | None:
    """The start of the name inside ``core`` (the text before a legal form), or None when it names none.

    Right to left over jieba's words, in stages: industry words (and bracketed places), the trade name,
    then places; the first word that fits no stage ends the name."""
    toks = list(_tokens(core)) if core else []
    pos, trade, stage = len(core), 0, "industry"
    i = len(toks) - 1
    while i >= 0:
        step = _bracketed(toks, i)
        if step is None:
            step, stage, trade = _step(toks[i], stage, trade)
        if step is None:
            break
        n_tokens, width = step
        pos -= width
        i -= n_tokens
        if trade > 10:
            return None
    if trade == 0 and not (pos < len(core) and _is_place(core[pos:pos + 2])):
        return None
    if stage == "trade" and i >= 0 and core[pos:].startswith(KIND_WORDS) and len(toks[i][0]) <= 2 and \
            re.fullmatch(r"[\u4e00-\u9fff]+", toks[i][0]) and (i == 0 or _bounds_a_name(toks[i - 1])):
        return pos - len(toks[i][0])  # 通过临商银行股份有限公司: 银行 alone names no firm; the word before is its name
    if stage == "trade" and i >= 1:
        pos = _anchored_start(toks, i, pos)
    return pos


def _bounds_a_name(token: tuple[str, str]) -> bool:
    """A word that a name starts after: a preposition, a word that stands outside names, punctuation."""
    word, flag = token
    return flag.startswith("p") or word in enterprise_patterns().outside_words or \
        not re.search(r"[\u4e00-\u9fffA-Za-z0-9]", word)


#: kinds of firm that name none alone (a trade name stands before them)
KIND_WORDS = ("银行", "保险", "证券", "信托", "期货", "基金")


def _anchored_start(toks: list[tuple[str, str]], i: int, pos: int) -> int:
    """A trade name whose first words jieba reads as a verb or a conjunction (安和, 供销, 出口: 宁德市安和养老服务…,
    鞍山供销农资…) starts after the place just before them: the place is the name's left edge, when at most
    two short words stand between, none a preposition, a lone conjunction (宁波市和云帆…) or a word that
    stands outside names (委托, 拨付 …)."""
    pats = enterprise_patterns()
    width, j = 0, i
    while j >= 0 and not (width and _is_place(toks[j][0])):
        word, flag = toks[j]
        if i - j >= 2 or len(word) > (3 if flag.startswith("n") else 2) or not re.fullmatch(r"[\u4e00-\u9fff]+", word) \
                or flag.startswith("p") or \
                word in pats.outside_words or word in pats.period_words or word in pats.area_words:
            return pos
        width += len(word)
        j -= 1
    if j < 0 or (j == i - 1 and toks[i][1].startswith("c")):
        return pos
    start = pos - width
    while j >= 0 and _is_place(toks[j][0]):
        start -= len(toks[j][0])
        j -= 1
    return start


def _bracketed(toks: list[tuple[str, str]], i: int) -> tuple[int, int] | None:
    """A short place in brackets ending at token ``i`` (农夫山泉(建德)新安江…): (tokens, characters)."""
    if toks[i][0] not in (")", "）"):
        return None
    j = i
    while j >= 0 and toks[j][0] not in ("(", "（"):
        j -= 1
    inner = "".join(t for t, _ in toks[j + 1:i]) if j >= 0 else ""
    if not inner or len(inner) > 8:
        return None
    return i - j + 1, sum(len(t) for t, _ in toks[j:i + 1])


def _is_industry(word: str) -> bool:
    """An industry word, or two of them as jieba joins them (网络通信 = 网络 + 通信)."""
    words = enterprise_patterns().industry_words
    return word in words or any(word[:i] in words and word[i:] in words for i in range(1, len(word)))


def _step(token: tuple[str, str], stage: str, trade: int) -> tuple[tuple[int, int] | None, str, int]:
    """Whether one word (right to left) belongs to the name: ((1, width) or None, next stage, trade width)."""
    word, flag = token
    if not re.search(r"[\u4e00-\u9fffA-Za-z0-9]", word):
        return None, stage, trade
    if set(word) == {"某"} and stage in ("industry", "trade"):
        return (1, len(word)), "trade", trade + len(word)  # 某某: a name left out (an anonymised report)
    if stage == "industry" and _is_industry(word):
        return (1, len(word)), stage, trade
    if stage in ("industry", "trade"):
        place = bool(trade) and _is_place(word)  # 遵义 read as a verb is still a place
        verb = trade and flag.startswith("v") and len(word) >= 2 and not _is_industry(word)  # 青创孵化基地运营
        if not place and ((_is_function(word, flag) and word not in NAME_PARTICLES) or verb or
                          word in enterprise_patterns().period_words or word in enterprise_patterns().area_words
                          or word in enterprise_patterns().outside_words or re.fullmatch(r"\d+", word)):
            return None, stage, trade
        if not place:
            return (1, len(word)), "trade", trade + len(word)
        stage = "place"
    if stage == "place" and _is_place(word):
        return (1, len(word)), stage, trade
    return None, stage, trade


def _is_function(word: str, flag: str) -> bool:
    """A function word's part of speech (a morpheme, 芃 yg or 亦 dg, a rare character tagged as a particle, or
    one tagged as a measure word that is none, 泓 q, is part of a trade name)."""
    if flag.startswith(UNSURE_POS) or (flag.endswith("g") and flag != "ug"):  # ug: 过, a particle
        return False
    if flag == "q" and len(word) == 1 and word not in enterprise_patterns().measure_words:
        return False
    return flag.startswith(FUNCTION_POS)


def ends_a_word(text: str, end: int) -> bool:
    """Does a word of the segmenter end at ``end`` (标准厂房: no word ends after 厂)?"""
    import jieba

    start = max(0, end - 6)
    pos = start
    for w in jieba.cut(text[start:end + 4]):
        pos += len(w)
        if pos >= end:
            return pos == end
    return True


def name_shaped(text: str) -> bool:
    """Could ``text`` be a short enterprise name (东吴精密, 瀚湛检测, 太湖智造), not an activity or a clause
    (科技创新, 传承, 依据核定, 均通过)? No verb of two characters, preposition, adverb, conjunction or pronoun
    outside the industry words that may end it, and no size (亿元以上)."""
    if any(w in text for w in enterprise_patterns().size_words):
        return False
    industry = enterprise_patterns().industry_words
    toks = list(_tokens(text))
    while toks and toks[-1][0] in industry:
        toks.pop()
    if not toks:
        return False
    for word, flag in toks:
        if word in industry:
            continue
        if (flag.startswith("v") and len(word) >= 2) or (flag in ("p", "d", "c", "r", "ad") and len(word) >= 2):
            return False
    return True


def enterprise_names(text: str) -> list[tuple[int, int]]:
    """(start, end) of every enterprise's full name in ``text`` (names ending in a legal or branch form)."""
    pats = enterprise_patterns()
    out: list[tuple[int, int]] = []
    for m in pats.form_rx.finditer(text):
        end = m.end()
        nxt = text[end:end + 6]
        if any(nxt.startswith(b) for b in pats.branch_forms) or re.match(r"[\u4e00-\u9fff]{0,8}?(?:分公司|分行|支行)",
                                                                          nxt) and pats.form_rx.search(nxt):
            continue  # the parent's name inside a branch's: the branch is the name
        if len(m.group(0)) == 1 and not ends_a_word(text, end):
            continue  # 标准厂房: 厂 inside a word
        s = enterprise_start(text, end)
        if s is None or end - s < len(m.group(0)) + 2:
            continue
        name = text[s:end]
        if is_government_name(name) or any(u in name for u in pats.public_units):
            continue
        if len(m.group(0)) <= 2 and pats.form_rx.search(name[: -len(m.group(0))]):
            continue  # 某某有限公司智能工厂: a firm's works, not a firm named …工厂
        out = [o for o in out if not (s <= o[0] and o[1] <= end)]
        out.append((s, end))
    return out


def _heads_a_payment(text: str, start: int, end: int) -> bool:
    """Does the name at ``text[start:end]`` open with a preposition of a payment to it (向/对 X 兑付)?"""
    from .patterns import subsidy_patterns

    pats = enterprise_patterns()
    if text[start] not in pats.recipient_prepositions:
        return False
    before = text[max(0, start - 4):start]
    if before and re.match(r"[\u4e00-\u9fffA-Za-z0-9]", before[-1]) and \
            not any(before.endswith(w) for w in (*pats.period_words, *pats.preposition_lead_ins)):
        return False  # the character is inside a longer run, not a clause's preposition
    rest = re.split(r"[，,。；;！？!?]", text[end:end + 80], maxsplit=1)[0]
    return subsidy_patterns().pay_rx.search(rest) is not None  # 对A公司、B公司等3家企业给予奖励


# -- keys for resolution ---------------------------------------------------------------------------------

BRACKETED = re.compile(r"[（(](?P<inner>[^（）()]{1,12})[）)]")


@dataclass(frozen=True)
class EnterpriseCore:
    """An enterprise name read by the grammar: its trade-name core, the industry word taken off it (if
    any), whether a legal form was printed, and the steps that made the core."""

    core: str
    industry: str | None
    legal: bool
    steps: tuple[str, ...]


@lru_cache(maxsize=1)
def industry_words_longest_first() -> tuple[str, ...]:
    """The industry words of ``patterns/orgs.toml``, longest first (the first that ends a name is its own)."""
    return tuple(sorted(enterprise_patterns().industry_words, key=len, reverse=True))


@lru_cache(maxsize=65536)
def enterprise_core(folded: str) -> EnterpriseCore:
    """``杭州云岭光电科技股份有限公司`` -> core 云岭, industry 光电科技 (the industry words, places, bracketed
    places and the legal form come off). A branch (…分公司) keeps its whole name: it is its own enterprise."""
    pats = enterprise_patterns()
    steps: list[str] = []
    key = folded
    if key.endswith(pats.branch_forms):
        return EnterpriseCore(key, None, True, ("a branch: its whole name",))
    legal = next((f for f in pats.legal_forms if key.endswith(f) and len(key) - len(f) >= 2), None)
    if legal:
        key = key[: -len(legal)]
        steps.append(f"legal form {legal}")
    m = BRACKETED.search(key)
    if m and is_place_stem(m.group("inner")) and len(key) - len(m.group(0)) >= 2:
        key = key[: m.start()] + key[m.end():]
        steps.append(f"place {m.group('inner')}")
    elif key.endswith(")") or key.endswith("）"):
        stripped = BRACKETED.sub("", key)
        if len(stripped) >= 2 and stripped != key:
            key, steps = stripped, steps + ["trailing parenthesis"]
    r = split_region(key)
    if r.prefix and len(r.rest) >= 2:
        key = r.rest
        steps.append(f"region {r.prefix}")
    words = industry_words_longest_first()
    core, taken = key, []
    while True:  # every industry word at the end comes off (越峰智能装备 -> 越峰), so short and full forms agree
        w = next((w for w in words if core.endswith(w) and len(core) - len(w) >= 2), None)
        if w is None:
            break
        core, taken = core[: -len(w)], [w, *taken]
    industry = "".join(taken) or None
    if industry:
        steps.append(f"industry {industry}")
    return EnterpriseCore(core, industry, bool(legal), tuple(steps))
