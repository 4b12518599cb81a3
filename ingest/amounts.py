"""Printed amounts, rates and counts -> numbers (yuan, percent), driven by ``patterns/quantities.toml``.

A number is read as a whole *run*: its digits and everything that stands between two of them (white
space of any kind, digit-group separators, decimal separators, invisible characters). The run is then
either read exactly or refused — never in part, so ``1 000 万元`` is 10,000,000 yuan and ``1 0 00 万元``
is nothing, not 0 yuan. The rules (:func:`read_number`):

* invisible characters (zero-width space/joiner, word joiner, BOM, soft hyphen, direction marks) are
  removed: ``6,308\\u200b.95`` is 6,308.95;
* digits are grouped by one kind of separator only: a comma-like one (``,`` ``，`` ``٬`` ``'``), white space
  around it allowed (``6 ,308.95``), or white space (space, thin space, no-break space …: ``1 000``);
  the first group has 1–3 digits and every later group exactly 3;
* one decimal separator (``.`` ``．`` or the Arabic ``٫``), with no white space around it, followed by
  the fraction's digits and nothing else;
* a line break inside a run, any other character between digits (``1·5``), more than
  ``max_integer_digits`` digits: refused.

:func:`find_amounts` returns only the amounts it read; pass ``refused=[]`` to collect the runs before a money
unit that it refused (:func:`refused_quantities` gives them for a whole text, for the report's warnings).
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from .patterns import quantity_patterns

LINE_BREAKS = frozenset("\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")


@dataclass(frozen=True)
class Amount:
    """A money amount: ``value`` in the currency's base unit (yuan for CNY), with the printed text."""

    value: Decimal
    currency: str
    printed: str
    start: int = 0
    end: int = 0


@dataclass(frozen=True)
class Refused:
    """A printed quantity that is not used: its text, offsets into the text searched, and why."""

    printed: str
    start: int
    end: int
    reason: str
    kind: str = "amount"  # amount | rate | count


@dataclass(frozen=True)
class Number:
    """One run of a printed number: ``value`` when it reads exactly, else ``reason`` says why not."""

    start: int
    end: int
    value: Decimal | None
    reason: str | None = None
    integer_digits: int = 0
    fraction: bool = False


class _AsciiDigits(dict):
    """str.translate table: any Unicode decimal digit -> its ASCII digit."""

    def __missing__(self, code: int) -> str:
        d = unicodedata.decimal(chr(code), None)
        self[code] = str(d) if d is not None else chr(code)
        return self[code]


_ASCII = _AsciiDigits()


@lru_cache(maxsize=1)
def _invisible_table() -> dict[int, None]:
    return dict.fromkeys(map(ord, quantity_patterns().invisible))


def strip_invisible(text: str) -> str:
    """``text`` without the invisible characters of ``quantities.toml``."""
    return text.translate(_invisible_table())


def number_runs(text: str) -> tuple[Number, ...]:
    """Every printed number in ``text``: one :class:`Number` per run, read or refused."""
    return _runs(text)


@lru_cache(maxsize=2048)  # the extractors read the same clause for amounts, rates and counts
def _runs(text: str) -> tuple[Number, ...]:
    pats = quantity_patterns()
    return tuple(_number(text, m.start(), m.end(), pats) for m in pats.run.finditer(text))


#: The common printed forms, read without splitting (``80``, ``1,234.56``, ``0.5``).
_PLAIN = re.compile(r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?", re.ASCII)


def _number(text: str, start: int, end: int, pats) -> Number:
    run = text[start:end]
    plain_form = _PLAIN.fullmatch(run) if len(run) <= pats.max_integer_digits else None
    if plain_form and len(plain_form.group(1) or "") <= pats.max_fraction_digits:
        whole, _, frac = run.partition(".")
        value, reason, digits, fraction = Decimal(run.replace(",", "")), None, len(whole.replace(",", "")), bool(frac)
    else:
        value, reason, digits, fraction = read_number(run)
    if value is not None and start and _before(text, start, pats.invisible) in pats.decimal:
        value, reason = None, "a decimal separator stands before its first digit"
    return Number(start, end, value, reason, digits, fraction)


def _before(text: str, start: int, invisible: str) -> str:
    """The first visible character before ``start`` (invisible characters skipped)."""
    i = start - 1
    while i >= 0 and text[i] in invisible:
        i -= 1
    return text[i] if i >= 0 else ""


def read_number(run: str) -> tuple[Decimal | None, str | None, int, bool]:
    """(value, None, integer digits, has fraction) for a run that reads exactly, else (None, reason, 0, False)."""
    pats = quantity_patterns()
    groups, seps = _split(strip_invisible(run))
    kinds = []
    for sep in seps:
        kind = _separator(sep)
        if kind.startswith("!"):
            return None, kind[1:], 0, False
        kinds.append(kind)
    fraction = ""
    if "decimal" in kinds:
        if kinds.count("decimal") > 1:
            return None, "more than one decimal separator", 0, False
        if kinds[-1] != "decimal":
            return None, "digit groups after the decimal separator", 0, False
        fraction = groups.pop()
        kinds.pop()
    if kinds:
        reason = _grouping(groups, kinds)
        if reason:
            return None, reason, 0, False
    integer = "".join(groups)
    if len(integer) > pats.max_integer_digits or len(fraction) > pats.max_fraction_digits:
        return None, f"more than {pats.max_integer_digits} digits", 0, False
    text = (integer + ("." + fraction if fraction else "")).translate(_ASCII)
    try:
        return Decimal(text), None, len(integer), bool(fraction)
    except InvalidOperation:  # pragma: no cover - the run holds digits only
        return None, "not a number", 0, False


def _split(run: str) -> tuple[list[str], list[str]]:
    """Digit groups and the separators between them (``"1 000.5"`` -> ``["1", "000", "5"], [" ", "."]``)."""
    groups: list[str] = []
    seps: list[str] = []
    cur: list[str] = []
    sep: list[str] = []
    for ch in run:
        if ch.isdecimal():
            if sep:
                seps.append("".join(sep))
                groups.append("".join(cur))
                cur, sep = [], []
            cur.append(ch)
        else:
            sep.append(ch)
    groups.append("".join(cur))
    return groups, seps


def _separator(sep: str) -> str:
    """``space``, ``group:<char>`` or ``decimal`` for what stands between two digit groups; ``!reason`` if
    it makes the number unreadable."""
    pats = quantity_patterns()
    if any(ch in LINE_BREAKS for ch in sep):
        return "!a line break inside the number"
    visible = "".join(ch for ch in sep if not ch.isspace())
    if not visible:
        return "space"
    if len(visible) == 1 and visible in pats.group:
        return "group:" + visible.translate({0xFF0C: ",", 0x2019: "'"})
    if len(visible) == 1 and visible in pats.decimal:
        return "decimal" if visible == sep else "!white space around the decimal separator"
    return f"!{visible!r} between digits"


def _grouping(groups: list[str], kinds: list[str]) -> str | None:
    """Why these integer digit groups are not one grouped number (None if they are)."""
    if len(set(kinds)) > 1:
        return "digit groups separated in more than one way"
    if not 1 <= len(groups[0]) <= 3 or any(len(g) != 3 for g in groups[1:]):
        return f"digit groups {' '.join(groups)} are not groups of three"
    return None


def find_amounts(text: str, *, refused: list[Refused] | None = None) -> list[Amount]:
    """Every money amount in ``text`` that reads exactly, with its offsets into ``text``.

    A run before a money unit that does not read exactly is left out; with ``refused`` (a list), it is
    appended there. Further options (other unit sets) are keyword-only arguments too.
    """
    pats = quantity_patterns()
    out = []
    for num in number_runs(text):
        m = pats.amount_unit.match(text, num.end)
        if not m:
            continue
        if num.value is None:
            if refused is not None:
                refused.append(Refused(text[num.start:m.end()], num.start, m.end(), num.reason or ""))
            continue
        unit = strip_invisible(m.group("unit"))
        value = num.value * Decimal(str(pats.units[unit]))
        currency = next((c for k, c in pats.currencies.items() if unit.endswith(k)), "CNY")
        out.append(Amount(plain(value), currency, text[num.start:m.end()], num.start, m.end()))
    return out


def parse_amount(text: str) -> Amount | None:
    """Parse the first printed amount in ``text`` (``"6,308.95 万元"`` -> 63089500 CNY); None if there is none."""
    found = find_amounts(text)
    return found[0] if found else None


def find_rates(text: str, *, refused: list[Refused] | None = None) -> list[tuple[Decimal, int, int]]:
    """Every percentage in ``text`` as (value, start, end); at most ``[rate] max_integer_digits`` digits."""
    pats = quantity_patterns()
    out = []
    for num in number_runs(text):
        m = pats.rate_unit.match(text, num.end)
        if not m:
            continue
        if num.value is None:
            if refused is not None:
                refused.append(Refused(text[num.start:m.end()], num.start, m.end(), num.reason or "", "rate"))
            continue
        if num.integer_digits <= pats.rate_max_integer_digits:
            out.append((plain(num.value), num.start, m.end()))
    return out


def find_counts(text: str) -> list[tuple[int, str, int, int]]:
    """Every count such as ``53家`` as (n, unit, start, end): whole numbers that read exactly."""
    pats = quantity_patterns()
    out = []
    for num in number_runs(text):
        if num.value is None or num.fraction:
            continue
        m = pats.count_unit.match(text, num.end)
        if m:
            out.append((int(num.value), strip_invisible(m.group("unit")), num.start, m.end()))
    return out


def refused_quantities(text: str) -> list[Refused]:
    """The printed amounts and rates in ``text`` that are not used, each with its reason (for warnings)."""
    if all(n.value is not None for n in number_runs(text)):
        return []
    refused: list[Refused] = []
    find_amounts(text, refused=refused)
    find_rates(text, refused=refused)
    return sorted(refused, key=lambda r: r.start)


def plain(value: Decimal) -> Decimal:
    """Drop exponent notation and trailing zeros: Decimal('6.30895E+7') -> Decimal('63089500')."""
    return Decimal(format(value.normalize(), "f"))


def as_yuan(value: Decimal | None) -> float | None:
    """Decimal -> float for JSON output (None stays None)."""
    return None if value is None else float(value)
