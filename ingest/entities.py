"""Named entity mentions: enterprises, institutions, projects, events and 《》 policies.

Rules (each mention records the rule that found it), all driven by ``patterns/entities.toml``:

* ``legal-name``   …有限公司 / …股份有限公司 / …（广东）有限公司
* ``suffix``       names ending in 集团, 银行, 研究院, 协会, 产业园, 大厦, 年会 … with a clear left boundary
* ``list``         A、B、C等企业 / 等53家企业 / 等项目 / 等媒体: the closing word types the items
* ``partners``     会同A、B组成… / 以A、B为龙头
* ``cohost``       与X联合举办
* ``landed``       落地X项目: X is the investor unless X has a project designation
* ``quoted``       “…年会…分会场”, split at · into events
* ``policy``       《…》
* ``ner``          ORG entities of zh_core_web_sm, when it is installed

Government bodies and the reporting department are never entities.
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, replace

from .facts import ORG_TYPES, DepartmentInfo, Mention
from .orgs import ends_a_word, enterprise_names, enterprise_start, name_shaped
from .parsed import Parsed, Sentence
from .patterns import department_patterns, enterprise_patterns, entity_patterns
from .places import place_level

NAME_CHAR = re.compile(r"[\u4e00-\u9fffA-Za-z0-9·&+＋（）()\-]")
QUOTE_OPEN, QUOTE_CLOSE = "“\"「", "”\"」"
#: the words around a short name declared in brackets: (简称“平安国旅”), (以下简称:某某)
ALIAS_WRAPPER = re.compile(r"^\s*(?:以下)?(?:简称|称)\s*[:：]?\s*[“\"「『]?|[”\"」』]\s*$")
ALIAS_PARENS = re.compile(r"^(?P<name>.+?)[（(](?P<alias>[^（）()]{2,12})[）)]$")
POLICY = re.compile(r"《(?P<name>[^《》\n]{2,60})》")
EVENT_SPLIT = "·"
GOVERNMENT_CLOSER = re.compile(r"(?:等\s*)?(?:相关|有关)?(?:部门|单位|部委|委办局|机关)")
COUNT_HOUSEHOLDS = re.compile(r"\s*(?:\d+|多|数|几)\s*多?\s*家")
PRIORITY = {"list-mate": 4, "legal-name": 9, "list": 8, "partners": 7, "quoted": 7, "cohost": 6, "landed": 6, "subsidy": 6,
            "policy": 9, "suffix": 5, "ner": 3, "zone": 5}


@dataclass
class Candidate:
    start: int  # sentence-relative offsets in the folded text
    end: int
    type: str
    rule: str
    alias: str | None = None

    @property
    def priority(self) -> int:
        return PRIORITY.get(self.rule, 1)


# -- helpers on names ----------------------------------------------------------------------------


def is_government(name: str) -> bool:
    """Government bodies (区财政局, 区委, 空港委 …) are departments, never entities."""
    d = department_patterns()
    if re.search(r"[一二三四五六七八九十\d]+局$", name) and not re.search(r"[区市县省]", name[:-2]):
        return False  # 中建八局, 中铁二十局: enterprises
    if any(w in name for w in d.government_words):
        return True
    if d.government_levels.match(name) and name.endswith(d.government_suffixes):
        return True
    return bool(d.government_ending.search(name))


def trim_left(span: str) -> tuple[str, int]:
    """Cut a name's left context: after the last trigger verb, then leading link characters and years."""
    pats = entity_patterns()
    cut = 0
    for t in pats.multi_triggers:
        i = span.rfind(t)
        if i >= 0 and i + len(t) > cut and i + len(t) < len(span) - 1:
            cut = i + len(t)
    for t in pats.single_triggers:
        i = span.rfind(t)
        # a one-character trigger only counts near the start (在/为 inside a name are rare but real)
        if 0 <= i <= 2 and i + 1 > cut and i + 1 < len(span) - 1:
            cut = i + 1
    out = span[cut:]
    changed = True
    while changed:
        changed = False
        m = re.match(r"^\s*(?:(?:19|20)\d{2}\s*年度?|\d+\s*[.、]|[一二三四五六七八九十]是)\s*", out)
        if m and m.end() < len(out):
            out, cut, changed = out[m.end():], cut + m.end(), True
        if out and out[0] in pats.leading and len(out) > 3:
            out, cut, changed = out[1:], cut + 1, True
    lead = len(out) - len(out.lstrip())
    return out.strip(), cut + lead


def left_span(text: str, end: int, limit: int) -> int:
    """Start of the run of name characters that ends at ``end`` (a quoted part directly before is kept)."""
    i = end
    while i > 0 and end - i < limit:
        ch = text[i - 1]
        if NAME_CHAR.match(ch):
            i -= 1
        elif ch == " " and i >= 2 and (text[i - 2].isascii() and text[i - 2].isalnum() or
                                       (i < len(text) and text[i].isascii() and text[i].isalnum())):
            i -= 1
        elif ch in QUOTE_CLOSE and i >= 2:
            j = max(text.rfind(q, 0, i - 1) for q in QUOTE_OPEN)
            if j < 0 or i - j > 30:
                break
            i = j
        else:
            break
    return i


def project_like(name: str) -> bool:
    """A name with a project designation (园, 大厦, 中心, 改造 …): a project, not its investor."""
    return any(w in name for w in entity_patterns().project_words)


def suffix_type(name: str) -> str | None:
    """The type a name's ending gives it, if any (…有限公司 -> enterprise, …产业园 -> project)."""
    for s, t in entity_patterns().suffix_list:
        if name.endswith(s) and len(name) > len(s):
            return t
    return None


def valid_name(name: str, type_: str) -> bool:
    """Reject generic phrases, places, numbers and clauses."""
    pats = entity_patterns()
    compact = name.replace(" ", "")
    if not _well_formed(name, compact) or is_government(name):
        return False
    suffix = suffix_type(name)
    if suffix is not None:
        return _suffixed_core_is_a_name(name)
    if type_ in ORG_TYPES:
        return not (any(g in name for g in pats.generic) or len(compact) > 16)
    if type_ == "project":
        core = name.removesuffix("项目")
        for w in pats.project_words:
            core = core.replace(w, "")
        return not (len(core) < 2 or all(g in pats.generic for g in re.findall(r"..", core)))  # 产业用地项目
    return True


def _well_formed(name: str, compact: str) -> bool:
    """A name's length, balanced brackets and quotes; not a number, a place, a generic word or a clause."""
    pats = entity_patterns()
    if not (pats.min_name <= len(compact) <= pats.max_name + 6):
        return False
    if compact.count("（") + compact.count("(") != compact.count("）") + compact.count(")"):
        return False
    if compact.count("“") != compact.count("”"):
        return False
    if re.fullmatch(r"[\d\s.,%]+", name) or name in pats.places or name in pats.generic:
        return False
    if compact.startswith(pats.title_levels):
        return False  # 省级智能工厂: an honour
    return not (re.search(r"[，。；：:;,!?！？]", name) or
                re.search(r"\d+\s*(?:个|家|项|宗|万|亿|%)|(?<!\d)\d{1,3}\s*年", name))


def _suffixed_core_is_a_name(name: str) -> bool:
    """What comes before a name's suffix must name something: 白云区园区 and 重点企业 do not."""
    pats = entity_patterns()
    core = name
    for s_, _ in pats.suffix_list:
        if core.endswith(s_):
            core = core[: -len(s_)]
            break
    core = re.sub(r"^[\u4e00-\u9fff]{0,4}?[省市区县]$", "", core)  # 白云区园区: a district's parks
    return not (len(core.strip()) < 2 or core in pats.generic or all(g in pats.generic for g in re.findall(r"..", core)))


# -- rules ---------------------------------------------------------------------------------------


def _legal_candidates(fold: str) -> list[Candidate]:
    """Full enterprise names, read by the organisation-name grammar (ingest.orgs): legal form, industry,
    trade name and places, bounded by jieba's words."""
    return [Candidate(s, e, "enterprise", "legal-name") for s, e in enterprise_names(fold)]


def _suffix_candidates(fold: str) -> list[Candidate]:
    pats = entity_patterns()
    out = []
    for m in pats.suffix_rx.finditer(fold):
        if m.group(0) in pats.legal_suffixes:
            continue  # legal forms are read by the grammar (_legal_candidates)
        s = left_span(fold, m.end(), pats.max_name + len(m.group(0)))
        name, cut = trim_left(fold[s:m.end()])
        start = s + cut
        joined = max((name.rfind(j) for j in pats.joiners), default=-1)
        if joined >= 2:
            start, name = start + joined + 1, name[joined + 1:]
        t = pats.suffix_type[m.group(0)]
        if t == "enterprise" and not _financial_name(name, m.group(0), fold, m.end()):
            continue  # 社会保险补贴, 撬动银行贷款, 通过银行拨付: no bank or insurer named
        if len(name) > len(m.group(0)) and not name.startswith(("该", "本", "子", "分", "各", "其", "总", "此")):
            rule = "suffix"
            out.extend(_split_zone(Candidate(start, m.end(), t, rule), name))
    return out


def _financial_name(name: str, suffix: str, fold: str, end: int) -> bool:
    """A bank, broker or insurer named by its suffix (招商银行, 平安保险): a word ends there, the name is no
    kind of insurance, and what comes before the suffix could be a trade name."""
    pats = entity_patterns()
    core = name[: -len(suffix)]
    if not ends_a_word(fold, end) or name.endswith(pats.insurance_kinds) or len(core) < 2:
        return False
    industry = enterprise_patterns().industry_words
    if core in industry or ends_a_word(name, len(name)) and not ends_a_word(name, len(core)):
        return True  # 建设银行, 招商银行: one word of the segmenter's dictionary, or an industry word as trade name
    return name_shaped(core)


def _split_zone(c: Candidate, name: str) -> list[Candidate]:
    """未来科技城云帆总部大厦 -> 未来科技城 (project) + 云帆总部大厦."""
    zone = entity_patterns().zone_rx.match(name)
    if not zone or len(zone.group("rest")) < 3:
        return [c]
    z = len(zone.group("zone"))
    return [Candidate(c.start, c.start + z, "project", "zone"), Candidate(c.start + z, c.end, c.type, c.rule, c.alias)]


def _items(fold: str, start: int, end: int) -> list[tuple[int, int]]:
    """Split fold[start:end] at 、 into stripped (start, end) items."""
    out, pos = [], start
    for part in fold[start:end].split("、"):
        a = pos + (len(part) - len(part.lstrip()))
        b = pos + len(part.rstrip())
        if b > a:
            out.append((a, b))
        pos += len(part) + 1
    return out


def _list_start(fold: str, end: int) -> int:
    i = end
    while i > 0 and fold[i - 1] not in "，。；：:;,！？!?\n" and end - i < 120:
        i -= 1
    return i


def _typed_item(fold: str, a: int, b: int, cls: str, rule: str) -> list[Candidate]:
    name = fold[a:b].strip("“”\" ")
    if not name:
        return []
    alias = None
    m = ALIAS_PARENS.match(name)
    if m and m.group("alias") not in entity_patterns().not_alias and not m.group("alias").endswith(("省", "市", "区")):
        name, alias = m.group("name"), ALIAS_WRAPPER.sub("", m.group("alias")) or None
    zone = entity_patterns().zone_rx.match(name)
    out = []
    if zone and len(zone.group("rest")) >= 3:
        z = zone.group("zone")
        out.append(Candidate(a, a + len(z), "project", "zone"))
        a += len(z)
        name = zone.group("rest")
    t = suffix_type(name)
    if cls == "project":
        if t is None and not project_like(name):
            t = "enterprise" if name_shaped(name) else "project"  # 某某智造项目 vs 人居环境整治等项目
        t = "project" if (t == "project" or project_like(name)) else t
    elif cls in ("enterprise", "institution"):
        t = t or cls
    else:
        t = cls
    out.append(Candidate(a, a + len(name), t, rule, alias))
    return out


COUNTED_CLOSE = re.compile(r"(?<=[\u4e00-\u9fff）)”])(?<![共计])(?=\s*\d+\s*家(?:企业|公司))")
#: a 、-list of firms that each receive (A、B各获得…; A、B分别奖励…): its end, no 等
EACH_CLOSE = re.compile(r"(?<=[\u4e00-\u9fff）)”])(?=\s*(?:各|分别)(?:获得|获|奖励|补助|补贴|得到|兑现|拨付))")


def _list_ends(fold: str) -> list[re.Match]:
    """Where 、-lists end: at 等, or right before a count of firms (A、B 2家企业…, no 等)."""
    ends = list(re.finditer("等", fold))
    each = [m for m in EACH_CLOSE.finditer(fold) if not re.search(r"\d\s*家[\u4e00-\u9fff]{0,4}$", fold[:m.start()])]
    for m in [*COUNTED_CLOSE.finditer(fold), *each]:
        start = _list_start(fold, m.start())
        if "、" in fold[start:m.start()] and not any(e.end() == m.start() for e in ends):
            ends.append(m)
    return sorted(ends, key=lambda e: e.start())


def _list_candidates(fold: str) -> list[Candidate]:
    pats = entity_patterns()
    out = []
    for m in _list_ends(fold):
        c = pats.closer_rx.match(fold, m.end())
        if c and any(w in c.group("mod") for w in pats.closer_stop):
            c = None
        each = False  # a list closed by 各获得/分别…
        if c:
            closer = c.group("closer")
            if closer == "家" and not c.group("count"):
                continue
            cls = pats.closer_type[closer]
            if c.group("count") and "家" in c.group("count") and cls == "project":
                cls = "enterprise"
        elif COUNT_HOUSEHOLDS.match(fold, m.end()):
            cls = "enterprise"  # 某某等3家入驻…: 家 counts companies
        elif EACH_CLOSE.match(fold, m.start()):
            each, cls = True, "enterprise"  # A、B各获得…: firms when one of them is named in full (below)
        else:
            continue
        start = _list_start(fold, m.start())
        items = _items(fold, start, m.start())
        if not items or (each and not any(enterprise_start(fold, b) is not None for _, b in items)):
            continue
        a0, b0 = items[0]
        legal = enterprise_start(fold, b0)  # a full name's own grammar says where it starts
        items[0] = (legal, b0) if legal is not None and legal >= a0 else (a0 + trim_left(fold[a0:b0])[1], b0)
        for i, (a, b) in enumerate(items[1:], 1):  # 一、对A有限公司等…: a list marker, then a name after 对
            legal = enterprise_start(fold, b)
            if legal is not None and a < legal < b:
                items[i] = (legal, b)
        typed = [c for a, b in items for c in _typed_item(fold, a, b, cls, "list")
                 if place_level(fold[c.start:c.end]) is None]  # 向甲县、乙市等7个县市区: places
        if cls == "project" and any(c.type == "project" and c.rule == "list" and not name_shaped(fold[c.start:c.end])
                                    for c in typed):  # 产业发展、基础设施、就业帮扶等项目: kinds of works
            typed = [replace(c, type="project") if c.type == "enterprise" and enterprise_start(
                fold[c.start:c.end], c.end - c.start) is None else c for c in typed]  # one list, one type
        out.extend(typed)
    return out


def _partner_candidates(fold: str) -> list[Candidate]:
    pats = entity_patterns()
    out = []
    for m in pats.partners_rx.finditer(fold):
        if GOVERNMENT_CLOSER.search(fold[m.start("items"):m.end("items") + 12]):
            continue  # 会同文旅、广电、体育等部门: government bodies
        items = _items(fold, m.start("items"), m.end("items"))
        a, b = items[-1]
        last = fold[a:b]
        cut = min((last.find(t) for t in pats.trailing if last.find(t) >= 2), default=len(last))
        items[-1] = (a, a + cut)
        for a, b in items:
            out.extend(_typed_item(fold, a, b, "enterprise", "partners"))
    for m in pats.leaders_rx.finditer(fold):
        for a, b in _items(fold, m.start("items"), m.end("items")):
            out.extend(_typed_item(fold, a, b, "enterprise", "partners"))
    return out


def _context_candidates(fold: str) -> list[Candidate]:
    pats = entity_patterns()
    out = []
    for m in pats.cohost_rx.finditer(fold):
        name = m.group("name")
        if not re.search(r"\d", name):
            out.append(Candidate(m.start("name"), m.end("name"), suffix_type(name) or "enterprise", "cohost"))
    for m in pats.landed_rx.finditer(fold):
        a = m.start("name")
        name, cut = trim_left(m.group("name"))
        if name:
            for c in _typed_item(fold, a + cut, a + cut + len(name), "project", "landed"):
                if c.type == "project" and c.end == m.end("name"):
                    c.end += len("项目")  # a project keeps its designation: …观光园项目
                out.append(c)
    return out


def _quoted_candidates(fold: str) -> list[Candidate]:
    out = []
    for m in re.finditer(r"“([^“”]{4,80})”", fold):
        inner, base = m.group(1), m.start(1)
        parts = inner.split(EVENT_SPLIT) if inner.count(EVENT_SPLIT) else [inner]
        types = [suffix_type(p.strip()) for p in parts]
        if len(parts) > 1 and not all(t == "event" for t in types):
            parts, types = [inner], [suffix_type(inner)]
        pos = base
        for p, t in zip(parts, types, strict=True):
            if t == "event":
                a = pos + (len(p) - len(p.lstrip()))
                out.append(Candidate(a, a + len(p.strip()), "event", "quoted"))
            pos += len(p) + len(EVENT_SPLIT)
    return out


def _policy_candidates(fold: str) -> list[Candidate]:
    out = []
    for m in POLICY.finditer(fold):
        after = fold[m.end():m.end() + 4]
        if re.match(r"(?:招商)?(?:宣传片|视频|画册|杂志|报|栏目|节目)", after):
            continue
        out.append(Candidate(m.start("name"), m.end("name"), "policy", "policy"))
    return out


RULES = (_policy_candidates, _legal_candidates, _suffix_candidates, _list_candidates, _partner_candidates, _context_candidates,
         _quoted_candidates)


LIST_ITEM = re.compile(r"[\u4e00-\u9fffA-Za-z0-9（）()·&]{2,14}")


def _list_mates(fold: str, cands: list[Candidate]) -> list[Candidate]:
    """Items of one 、-list share a type: the short names listed beside a full enterprise name are
    enterprises too (星河模具有限公司、华创电子、瑞丰科技等 …), when each is a whole item between 、 and 、/等/，."""
    legal = sorted((c for c in cands if c.rule == "legal-name"), key=lambda c: c.start)
    taken = {(c.start, c.end) for c in cands}
    overlaps = _overlap_test(cands)
    walked: set[tuple[int, int]] = set()  # the items of the lists walked so far
    out = []
    for c in legal:
        if (c.start, c.end) in walked:
            continue  # an item of a list walked from another of its names: the same items (linear in the list)
        items = _neighbours(fold, c.start, c.end)
        walked.update(items)
        for a, b in items:
            if overlaps(a, b) or (a, b) in taken:
                continue  # another rule read this item already (以A、B为龙头 …)
            if not is_government(fold[a:b]) and not project_like(fold[a:b]):
                out.append(Candidate(a, b, "enterprise", "list-mate"))
                taken.add((a, b))
    return out


def _overlap_test(cands: list[Candidate]):
    """A test whether [a, b) overlaps any of ``cands``, in logarithmic time (starts sorted, running maximum
    of the ends)."""
    spans = sorted((c.start, c.end) for c in cands)
    starts = [a for a, _ in spans]
    reach, top = [], -1
    for _, e in spans:
        top = max(top, e)
        reach.append(top)

    def overlaps(a: int, b: int) -> bool:
        i = bisect_left(starts, b)  # the candidates that start before b
        return i > 0 and reach[i - 1] > a

    return overlaps


def _neighbours(fold: str, start: int, end: int) -> list[tuple[int, int]]:
    """The whole 、-separated items right before and after a name."""
    out = []
    pos = end
    while pos < len(fold) and fold[pos] == "、":
        m = LIST_ITEM.match(fold, pos + 1)
        if not m or (m.end() < len(fold) and fold[m.end()] not in "、等，,。；;"):
            break
        out.append((m.start(), m.end()))
        pos = m.end()
    pos = start
    while pos > 0 and fold[pos - 1] == "、":
        i = pos - 1
        j = i
        while j > 0 and LIST_ITEM.match(fold[j - 1]) and i - j < 14:
            j -= 1
        if i - j < 2 or (j > 0 and fold[j - 1] not in "、，,。；;：:"):
            break
        out.append((j, i))
        pos = j
    return out


def _choose(cands: list[Candidate]) -> list[Candidate]:
    """Keep maximal names; where two overlap, the longer (then higher-priority) one wins."""
    cands = sorted(cands, key=lambda c: (-(c.end - c.start), c.alias is None, -c.priority, c.start))
    kept: list[Candidate] = []
    for c in cands:
        clash = [k for k in kept if c.start < k.end and k.start < c.end]
        if not clash:
            kept.append(c)
        elif all(k.start <= c.start and c.end <= k.end for k in clash):
            continue  # inside a longer name
        elif c.priority > max(k.priority for k in clash):
            kept = [k for k in kept if k not in clash] + [c]
    return sorted(kept, key=lambda c: c.start)


def extract_mentions(doc: Parsed, dept: DepartmentInfo, nlp_ner: bool = False) -> list[Mention]:
    """Every entity mention of the report, with evidence and the rule that found it."""
    own = {dept.name, *dept.aliases} - {None}
    mentions: list[Mention] = []
    breaks = doc.norm.breaks
    for sent in doc.sentences:
        cands: list[Candidate] = []
        for rule in RULES:
            cands.extend(rule(sent.fold))
        cands.extend(_list_mates(sent.fold, cands))
        if nlp_ner:
            cands.extend(_ner_candidates(doc, sent))
        inner = [b - sent.start for b in breaks[bisect_right(breaks, sent.start):bisect_left(breaks, sent.end)]]
        for c in cands:  # removed markup (**滨江新区**云帆…) is a boundary no name crosses
            cut = max((b for b in inner if c.start < b < c.end - 1), default=None)
            if cut is not None:
                c.start = cut
        for c in _choose(cands):
            name = sent.text[c.start:c.end].strip()
            if name[:1] in QUOTE_OPEN and name[-1:] in QUOTE_CLOSE:
                name = name[1:-1]
            if c.type != "policy" and (name in own or not valid_name(name, c.type)):
                continue
            ev = doc.evidence(sent.start + c.start, sent.start + c.end, sent)
            mentions.append(Mention(name, c.type, ev, c.rule, alias_of=c.alias))
    mentions.extend(_declared_short_names(doc, mentions))
    return _assign_parents(mentions)


def _declared_short_names(doc: Parsed, mentions: list[Mention]) -> list[Mention]:
    """Every later use of a short name the report declares (X有限公司(简称“某某”) … 其中某某获得…): a
    mention of the same type, which resolution ties to the full name."""
    declared = {m.alias_of: m.type for m in mentions if m.alias_of and len(m.alias_of) >= 2}
    if not declared:
        return []
    taken = [(m.evidence.start, m.evidence.end) for m in mentions]
    out = []
    for sent in doc.sentences:
        for short, type_ in declared.items():
            for hit in re.finditer(re.escape(short), sent.fold):
                if re.search(r"(?:简称|称)\s*[:：]?\s*[“\"「『]?$", sent.fold[max(0, hit.start() - 8):hit.start()]):
                    continue  # the declaration itself
                ev = doc.evidence(sent.start + hit.start(), sent.start + hit.end(), sent)
                if not any(a < ev.end and ev.start < b for a, b in taken):
                    out.append(Mention(short, type_, ev, "declared short name"))
                    taken.append((ev.start, ev.end))
    return out


def _ner_candidates(doc: Parsed, sent: Sentence) -> list[Candidate]:
    """ORG spans from a trained pipeline (zh_core_web_sm) as enterprise candidates."""
    out = []
    pdoc = doc.docs[sent.para]
    if pdoc is None:  # a table cell or metadata line: not run through the model
        return []
    pstart = doc.paragraphs[sent.para][0]
    for ent in pdoc.ents:
        if ent.label_ == "ORG":
            a, b = pstart + ent.start_char - sent.start, pstart + ent.end_char - sent.start
            if 0 <= a < b <= len(sent.fold):
                out.append(Candidate(a, b, suffix_type(ent.text) or "enterprise", "ner"))
    return out


def _assign_parents(mentions: list[Mention]) -> list[Mention]:
    """云帆杭州研发中心 -> owned by 云帆, when 云帆 is named as an enterprise in the same report."""
    enterprises = sorted({m.surface for m in mentions if m.type == "enterprise"}, key=len, reverse=True)
    out = []
    for m in mentions:
        if m.type == "project":
            owner = next((e for e in enterprises if m.surface.startswith(e) and len(m.surface) > len(e) + 1), None)
            if owner:
                m = replace(m, parent=owner)
        out.append(m)
    return out
