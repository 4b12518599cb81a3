"""Printed amounts -> yuan; rates -> percent. Every printed form is read exactly or refused (issue 13.1)."""
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from govkg.ingest.amounts import Refused, find_amounts, find_counts, find_rates, parse_amount, refused_quantities
from tests.helpers import facts_of, title

CASES = [
    ("6,308.95 万元", Decimal("63089500"), "CNY"),
    ("1.5 亿元", Decimal("150000000"), "CNY"),
    ("80万元", Decimal("800000"), "CNY"),
    ("８０万元", Decimal("800000"), "CNY"),
    ("１，２３４．５６万元", Decimal("12345600"), "CNY"),
    ("11,894.35\n万元", Decimal("118943500"), "CNY"),
    ("1104.87 万元", Decimal("11048700"), "CNY"),
    ("5000 元", Decimal("5000"), "CNY"),
    ("3.2千元", Decimal("3200"), "CNY"),
    ("500万美元", Decimal("5000000"), "USD"),
    ("2.5 亿美元", Decimal("250000000"), "USD"),
    ("300万港元", Decimal("3000000"), "HKD"),
    ("0.5万元", Decimal("5000"), "CNY"),
    # digit grouping of every kind (issue 13.1)
    ("1 000 万元", Decimal("10000000"), "CNY"),  # space
    ("1\u2009000 万元", Decimal("10000000"), "CNY"),  # thin space
    ("1\u00a0000 万元", Decimal("10000000"), "CNY"),  # no-break space
    ("1\u202f000 万元", Decimal("10000000"), "CNY"),  # narrow no-break space
    ("1\u2060000 万元", Decimal("10000000"), "CNY"),  # word joiner
    ("6 ,308.95 万元", Decimal("63089500"), "CNY"),  # space before the comma
    ("6, 308.95 万元", Decimal("63089500"), "CNY"),
    ("1 000.5 万元", Decimal("10005000"), "CNY"),
    ("12 345 678 元", Decimal("12345678"), "CNY"),
    ("1'000 元", Decimal("1000"), "CNY"),
    ("1٫5 万元", Decimal("15000"), "CNY"),  # Arabic decimal separator
    ("١٬٢٣٤٫٥ 万元", Decimal("12345000"), "CNY"),  # Arabic-Indic digits, thousands and decimal separators
    ("6,308\u200b.95 万元", Decimal("63089500"), "CNY"),  # zero-width space inside
    ("6\u200d,308.95万元", Decimal("63089500"), "CNY"),  # zero-width joiner inside
    ("80万\u200b元", Decimal("800000"), "CNY"),  # inside the unit
]


@pytest.mark.parametrize("printed,value,currency", CASES)
def test_printed_amounts_to_base_units(printed, value, currency):
    a = parse_amount(printed)
    assert a is not None and a.value == value and a.currency == currency
    assert a.printed == printed and (a.start, a.end) == (0, len(printed))


REFUSED = [
    ("1 0 00 万元", "digit groups 1 0 00 are not groups of three"),
    ("1,5 万元", "digit groups 1 5 are not groups of three"),
    ("1,0000 万元", "digit groups 1 0000 are not groups of three"),
    ("1 000,000 万元", "digit groups separated in more than one way"),
    ("1.000.000 万元", "more than one decimal separator"),
    ("1.000,5 万元", "digit groups after the decimal separator"),
    ("3. 50 万元", "white space around the decimal separator"),
    ("1·5 万元", "'·' between digits"),
    ("10\n00 万元", "a line break inside the number"),
    ("2023 100 万元", "digit groups 2023 100 are not groups of three"),
    ("1234567890123456 元", "more than 15 digits"),
    (".5 万元", "a decimal separator stands before its first digit"),
]


@pytest.mark.parametrize("printed,reason", REFUSED)
def test_ambiguous_amounts_are_refused_never_read_in_part(printed, reason):
    refused: list[Refused] = []
    assert find_amounts(printed, refused=refused) == []
    assert [r.reason for r in refused] == [reason]
    assert refused[0].printed == printed.lstrip(".")


def test_amount_is_found_inside_a_sentence_with_its_offsets():
    s = "兑现某某企业优惠政策扶持资金超1000万元；另有约 2.3 亿元"
    found = find_amounts(s)
    assert [a.value for a in found] == [Decimal("10000000"), Decimal("230000000")]
    assert s[found[0].start:found[0].end] == "1000万元"


def test_counts_and_percentages_are_not_money():
    assert find_amounts("新增商事主体 1.8万家，占比 15.1%") == []
    assert [r for r, *_ in find_rates("完成预算的 97.79%，增长 100 ％")] == [Decimal("97.79"), Decimal("100")]


def test_rates_and_counts_are_read_whole():
    assert [r for r, *_ in find_rates("执行率 9 8.5%，增长 1234%，完成 99.5 %")] == [Decimal("99.5")]
    assert refused_quantities("执行率 9 8.5%") == [Refused("9 8.5%", 4, 10, "digit groups 9 8 are not groups of three",
                                                            "rate")]
    assert [(n, u) for n, u, *_ in find_counts("5,000家 1.5个 53家 1 000 家 1 00家")] == [(5000, "家"), (53, "家"),
                                                                                        (1000, "家")]


# -- the property: any amount, any printed form, white space or invisible characters inserted anywhere ----

GROUPINGS = ["", ",", "，", " ", "\u2009", "\u00a0", "\u202f", "\u2060", " ,", ", ", "'", "٬"]
DECIMALS = [".", "．", "٫"]
DIGITS = {"ascii": "0123456789", "full": "０１２３４５６７８９", "arabic": "٠١٢٣٤٥٦٧٨٩"}
UNITS = {"元": 1, "万元": 10**4, "亿元": 10**8, "千元": 10**3, "千万元": 10**7, "万亿元": 10**12, "万美元": 10**4,
         "美元": 1, "港元": 1}
INSERTED = st.text(alphabet=st.sampled_from(list(" \t\n\u00a0\u2009\u202f\u3000\u2007\u200b\u200c\u200d\u2060"
                                                 "\ufeff\u00ad\u200e")), min_size=1, max_size=3)


def printed_form(value: Decimal, places: int, grouping: str, decimal: str, digits: str) -> str:
    whole, _, frac = f"{value:.{places}f}".partition(".")
    groups = []
    while len(whole) > 3 and grouping:
        whole, tail = whole[:-3], whole[-3:]
        groups.insert(0, tail)
    s = grouping.join([whole, *groups]) + (decimal + frac if frac else "")
    return s.translate({ord(a): b for a, b in zip("0123456789", DIGITS[digits], strict=True)})


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(value=st.decimals(min_value=0, max_value=10**12, places=4, allow_nan=False, allow_infinity=False),
       places=st.integers(0, 4), grouping=st.sampled_from(GROUPINGS), decimal=st.sampled_from(DECIMALS),
       digits=st.sampled_from(sorted(DIGITS)), unit=st.sampled_from(sorted(UNITS)),
       inserts=st.lists(st.tuples(st.integers(0, 40), INSERTED), max_size=4),
       before=st.sampled_from(["", "全年预算数", "约", "兑现某某科技有限公司奖励", "（"]),
       after=st.sampled_from(["", "。", "，执行率", "用于"]))
def test_any_printed_amount_reads_as_itself_or_not_at_all(value, places, grouping, decimal, digits, unit, inserts,
                                                          before, after):
    value = value.quantize(Decimal(1).scaleb(-places))
    form = printed_form(value, places, grouping, decimal, digits) + " " * (len(inserts) % 2) + unit
    for at, chars in sorted(inserts, reverse=True):
        at = min(at, len(form))
        form = form[:at] + chars + form[at:]
    text = before + form + after
    found = find_amounts(text)
    assert len(found) <= 1, (text, found)
    if found:
        (a,) = found
        assert a.value == value * UNITS[unit], text
        assert a.currency == {"美元": "USD", "港元": "HKD"}.get(unit[-2:], "CNY"), text
        assert text[a.start:a.end] == a.printed


@settings(max_examples=200, deadline=None)
@given(value=st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False, allow_infinity=False),
       grouping=st.sampled_from(GROUPINGS), unit=st.sampled_from(["万元", "元", "亿元"]))
def test_well_grouped_amounts_are_always_read(value, grouping, unit):
    text = printed_form(value, 2, grouping, ".", "ascii") + unit
    a = parse_amount(text)
    assert a is not None and a.value == value * UNITS[unit], text


# -- through the pipeline: stored values and the report's warnings ------------------------------

def test_the_pipeline_stores_every_grouping_exactly_and_names_what_it_refuses():
    text = title() + ("兑现华为\u200d技术有限公司经营贡献奖 1\u2009000 万元；兑现云帆科技有限公司落户奖励 6 ,308.95 万元；"
                      "兑现星河科技有限公司奖励1 000.5 万元；兑现甲乙科技有限公司奖励 1٫5 万元；"
                      "兑现丙丁科技有限公司奖励 2,3\u200b00 万元；兑现戊己科技有限公司奖励 1 0 00 万元。\n")
    facts = facts_of(text)
    paid = {tuple(s.recipients): s.amount for s in facts.subsidies}
    assert paid == {("华为技术有限公司",): Decimal("10000000"), ("云帆科技有限公司",): Decimal("63089500"),
                    ("星河科技有限公司",): Decimal("10005000"), ("甲乙科技有限公司",): Decimal("15000"),
                    ("丙丁科技有限公司",): Decimal("23000000")}
    start = text.index("1 0 00 万元")
    assert f'amount not used: "1 0 00 万元" (characters {start}–{start + 9}): digit groups 1 0 00 are not groups of ' \
           "three" in facts.warnings
    # the zero-width joiner does not cut the name, and the evidence still points into the original text
    huawei = next(m for m in facts.mentions if m.surface == "华为技术有限公司")
    assert text[huawei.evidence.start:huawei.evidence.end] == "华为\u200d技术有限公司"
    money = next(s for s in facts.subsidies if s.recipients == ["华为技术有限公司"])
    assert text[money.evidence.end - len("1\u2009000 万元"):money.evidence.end] == "1\u2009000 万元"


def test_the_store_holds_the_exact_yuan_and_the_report_names_the_amount_it_refused(tmp_path):
    """Issue 13.1 end to end: the figures a user lists are the printed ones, to the yuan; a number that does
    not read exactly is in no listing, and ``kg reports`` carries the warning that names it."""
    from govkg.kg.graph import KnowledgeGraph

    text = title("杭州市余杭区投资促进局", 2023) + (
        "兑现云帆科技有限公司经营贡献奖 1\u00a0000 万元；兑现星河科技有限公司落户奖励 6 ,308.95 万元；"
        "兑现瀚海科技有限公司奖励 1\u2060000.5 万元；兑现鼎盛科技有限公司奖励 1 0 00 万元。\n")
    path = tmp_path / "a.txt"
    path.write_text(text, "utf-8")
    with KnowledgeGraph(tmp_path / "s") as kg:
        assert not kg.ingest([path], workers=1).errors
        paid = {tuple(r["recipients"]): r["amount"] for r in kg.subsidies()}
        (report,) = kg.reports()
    assert paid == {("云帆科技有限公司",): 10_000_000.0, ("星河科技有限公司",): 63_089_500.0,
                    ("瀚海科技有限公司",): 10_005_000.0}
    start = text.index("1 0 00 万元")
    assert report["warnings"] == [f'amount not used: "1 0 00 万元" (characters {start}–{start + 9}): digit groups '
                                  "1 0 00 are not groups of three"]
