"""Printed amounts -> yuan; rates -> percent."""
from decimal import Decimal

import pytest

from govkg.ingest.amounts import find_amounts, find_rates, parse_amount

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
]


@pytest.mark.parametrize("printed,value,currency", CASES)
def test_printed_amounts_to_base_units(printed, value, currency):
    a = parse_amount(printed)
    assert a is not None and a.value == value and a.currency == currency


def test_amount_is_found_inside_a_sentence_with_its_offsets():
    s = "兑现某某企业优惠政策扶持资金超1000万元；另有约 2.3 亿元"
    found = find_amounts(s)
    assert [a.value for a in found] == [Decimal("10000000"), Decimal("230000000")]
    assert s[found[0].start:found[0].end] == "1000万元"


def test_counts_and_percentages_are_not_money():
    assert find_amounts("新增商事主体 1.8万家，占比 15.1%") == []
    assert [r for r, *_ in find_rates("完成预算的 97.79%，增长 100 ％")] == [Decimal("97.79"), Decimal("100")]
