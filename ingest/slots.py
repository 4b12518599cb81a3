"""Budget slots: which figure a keyword names, in prose (全年预算数 X 万元) or as a table header (调整后预算数).

One vocabulary for both (``patterns/slots.toml``): every keyword is composed of a modifier, a core and a
head noun, so 年初批复预算资金, 调整后全年预算数 and 实际支出金额 need no entry of their own.
"""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from itertools import product

#: slots that fill a budget row's fields, and the field each fills
FIELD_OF = {"budget": "budget", "initial_budget": "initial_budget", "adjust_up": "adjustment",
            "adjust_down": "adjustment", "adjustment": "adjustment", "executed": "executed", "rate": "rate",
            "allocation": "budget", "disbursed": "executed"}
AMOUNT_SLOTS = frozenset(FIELD_OF) - {"rate"}
UNIT_IN_LABEL = re.compile(r"[（(]\s*(?:单位\s*[:：]?\s*)?(?P<unit>万元|亿元|千元|元)\s*[)）]")


@dataclass(frozen=True)
class SlotVocabulary:
    """Keyword -> slot, and one alternation of every keyword (longest first)."""

    slot_of: dict[str, str]
    keywords: re.Pattern


@lru_cache(maxsize=1)
def slot_vocabulary() -> SlotVocabulary:
    """``patterns/slots.toml`` composed; a keyword two slots claim without an ``[override]`` is an error."""
    raw = tomllib.loads(resources.files("govkg.ingest.patterns").joinpath("slots.toml").read_text("utf-8"))
    override = raw.get("override", {})
    slot_of: dict[str, str] = {}
    for spec in raw["slot"]:
        words = list(spec.get("words", []))
        if "cores" in spec:
            words += ["".join(p) for p in product(spec.get("modifiers", [""]), spec["cores"], spec.get("heads", [""]))]
        for w in words:
            if w in override:
                continue
            if w in slot_of and slot_of[w] != spec["name"]:
                raise ValueError(f"slots.toml: '{w}' is both {slot_of[w]} and {spec['name']} (add it to [override])")
            slot_of[w] = spec["name"]
    slot_of.update(override)
    alternation = "|".join(map(re.escape, sorted(slot_of, key=len, reverse=True)))
    return SlotVocabulary(slot_of, re.compile(alternation))


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
    m = UNIT_IN_LABEL.search(label) or re.search(r"单位\s*[:：]\s*(?P<unit>万元|亿元|千元|元)", label)
    return m.group("unit") if m else None
