"""Budget slots: which figure a keyword names, in prose (全年预算数 X 万元) or as a table header (调整后预算数).

One vocabulary for both (``patterns/slots.toml``): every keyword is composed of a modifier, a core and a
head noun, so 年初批复预算资金, 调整后全年预算数 and 实际支出金额 need no entry of their own.
"""
from __future__ import annotations

import re

#: slots that fill a budget row's fields, and the field each fills
FIELD_OF = {"budget": "budget", "initial_budget": "initial_budget", "adjust_up": "adjustment",
            "adjust_down": "adjustment", "adjustment": "adjustment", "executed": "executed", "rate": "rate",
            "allocation": "budget", "disbursed": "executed"}
AMOUNT_SLOTS = frozenset(FIELD_OF) - {"rate"}
from .patterns import slot_vocabulary

UNIT_IN_LABEL = re.compile(r"[（(]\s*(?:单位\s*[:：]?\s*)?(?P<unit>万元|亿元|千元|元)\s*[)）]")
UNIT_SAID = re.compile(r"单位\s*(?:[:：]|为|是)\s*(?P<unit>万元|亿元|千元|元)")  # 单位:万元, 金额单位为万元


def label_slot(label: str) -> str | None:
    """The slot a table header names (``调整后预算数(万元)`` -> budget), or None.

    The header must be the keyword itself, after its unit and spaces are removed, or end with it
    (``项目年初预算数``); a header that only contains a keyword (``预算执行情况``) names no slot.
    """
    text = re.sub(r"\s+", "", UNIT_IN_LABEL.sub("", label))
    text = re.sub(r"[（(][^()（）]*[)）]$", "", text)
    voc = slot_vocabulary()
    if text in voc.slot_of:
        return voc.slot_of[text]
    for m in voc.keywords.finditer(text):
        if m.end() == len(text) and m.end() - m.start() >= 2:
            return voc.slot_of[m.group(0)]
    return None


def label_unit(label: str) -> str | None:
    """The unit printed in a header or caption: ``年初预算数(万元)`` / ``单位:万元`` -> 万元."""
    m = UNIT_IN_LABEL.search(label) or UNIT_SAID.search(label)
    return m.group("unit") if m else None
