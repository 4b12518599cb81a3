"""Printed amounts, rates and counts -> numbers (yuan, percent), driven by ``patterns/quantities.toml``."""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from .normalize import fold
from .patterns import quantity_patterns


@dataclass(frozen=True)
class Amount:
    """A money amount: ``value`` in the currency's base unit (yuan for CNY), with the printed text."""

    value: Decimal
    currency: str
    printed: str
    start: int = 0
    end: int = 0


def _number(num: str) -> Decimal:
    return Decimal(re.sub(r"[,，\s]", "", num))


def parse_amount(text: str) -> Amount | None:
    """Parse the first printed amount in ``text`` (``"6,308.95 万元"`` -> 63089500 CNY); None if there is none."""
    found = find_amounts(text)
    return found[0] if found else None


def find_amounts(text: str) -> list[Amount]:
    """Every amount in ``text`` with its offsets."""
    pats = quantity_patterns()
    units, currencies = pats.units, pats.currencies
    out = []
    for m in pats.amount.finditer(fold(text)):
        unit = m.group("unit")
        try:
            value = _number(m.group("num")) * Decimal(str(units[unit]))
        except (InvalidOperation, KeyError):
            continue
        currency = next((c for k, c in currencies.items() if unit.endswith(k)), "CNY")
        out.append(Amount(plain(value), currency, text[m.start():m.end()], m.start(), m.end()))
    return out


def find_rates(text: str) -> list[tuple[Decimal, int, int]]:
    """Every percentage in ``text`` as (value, start, end)."""
    return [(plain(_number(m.group("num"))), m.start(), m.end()) for m in quantity_patterns().rate.finditer(fold(text))]


def find_counts(text: str) -> list[tuple[int, str, int, int]]:
    """Every count such as ``53家`` as (n, unit, start, end); a run of thousands of digits is no count."""
    out = []
    for m in quantity_patterns().count.finditer(fold(text)):
        try:
            n = int(m.group("num"))
        except ValueError:  # more digits than int() takes (sys.get_int_max_str_digits)
            continue
        out.append((n, m.group("unit"), m.start(), m.end()))
    return out


def plain(value: Decimal) -> Decimal:
    """Drop exponent notation and trailing zeros: Decimal('6.30895E+7') -> Decimal('63089500')."""
    return Decimal(format(value.normalize(), "f"))


def as_yuan(value: Decimal | None) -> float | None:
    """Decimal -> float for JSON output (None stays None)."""
    return None if value is None else float(value)
