"""Reading what a person types as an amount of money or as a percentage rate.

Amounts: full-width characters are folded (``fold_full_width``: ``２`` is a digit, ``²`` is not),
spaces dropped, a currency marker (¥ ￥ CNY RMB 人民币 before, 元 CNY RMB after) and thousands
separators accepted: ``¥1,234.50``, ``1234.5元``, ``１２３４．５``. A trailing 万 or 万元 multiplies by
10,000 (``1.5万`` is 15,000.00). At most two decimals (after 万: the result must still be exact to the
fen); never negative.

Rates are typed as a percentage, with or without ``%``: ``3.5`` and ``3.5%`` both mean 0.035. At
most four decimals of a percent, never negative, never above 100%; the 20% ceiling is a pricing
rule (`pricing.validate_plan`), not a reading one.

Refusals carry a problem code (StrEnum) the UI words and translates.
"""

from __future__ import annotations

import re
from decimal import Decimal
from enum import StrEnum

from marketplace.core.money import CNY, Money
from marketplace.core.text import fold_full_width

MAX_AMOUNT = Decimal("999999999999.99")  # under a trillion yuan
MAX_PERCENT = Decimal(100)
PERCENT_DECIMALS = 4
_TEN_THOUSAND = Decimal(10000)

_NUMBER = re.compile(r"(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]+)?")
_PLAIN_NUMBER = re.compile(r"[0-9]+(?:\.[0-9]+)?")
_PREFIXES = ("人民币", "CNY", "RMB", "¥")
_SUFFIXES = ("万元", "万", "元", "CNY", "RMB")
_MINUS_SIGNS = ("-", "\u2212")  # hyphen-minus and the minus sign (folding keeps U+2212)


class AmountProblem(StrEnum):
    """Why typed text is not an amount."""

    EMPTY = "empty"
    FORMAT = "format"
    DECIMALS = "decimals"
    NEGATIVE = "negative"
    TOO_LARGE = "too_large"


class InvalidAmount(ValueError):
    """Text that is not an amount; `problem` says why."""

    def __init__(self, problem: AmountProblem) -> None:
        super().__init__(problem.value)
        self.problem = problem


class RateProblem(StrEnum):
    """Why typed text is not a percentage rate."""

    EMPTY = "empty"
    FORMAT = "format"
    DECIMALS = "decimals"
    NEGATIVE = "negative"
    TOO_LARGE = "too_large"


class InvalidRate(ValueError):
    """Text that is not a percentage rate; `problem` says why."""

    def __init__(self, problem: RateProblem) -> None:
        super().__init__(problem.value)
        self.problem = problem


def _compact(raw: str) -> str:
    folded = fold_full_width(raw)
    return "".join(ch for ch in folded if not ch.isspace()).upper()


def parse_amount(raw: str, currency: str = CNY) -> Money:
    """The amount typed, or InvalidAmount: ``¥1,234.50`` → 1,234.50; ``1.5万`` → 15,000.00."""
    text = _compact(raw)
    if not text:
        raise InvalidAmount(AmountProblem.EMPTY)
    if text.startswith(_MINUS_SIGNS):
        raise InvalidAmount(AmountProblem.NEGATIVE)
    for prefix in _PREFIXES:
        if text.startswith(prefix):
            text = text[len(prefix) :]
            break
    if text.startswith(_MINUS_SIGNS):
        raise InvalidAmount(AmountProblem.NEGATIVE)
    scale = Decimal(1)
    for suffix in _SUFFIXES:
        if text.endswith(suffix):
            text = text[: -len(suffix)]
            scale = _TEN_THOUSAND if suffix.startswith("万") else scale
            break
    if _NUMBER.fullmatch(text) is None:
        raise InvalidAmount(AmountProblem.FORMAT)
    integer_part, _, decimals = text.replace(",", "").partition(".")
    if len(integer_part.lstrip("0")) > len(str(int(MAX_AMOUNT))):
        raise InvalidAmount(AmountProblem.TOO_LARGE)
    # Counted on the text, so no arithmetic ever rounds: 2 decimals, 6 before 万.
    if len(decimals.rstrip("0")) > (6 if scale == _TEN_THOUSAND else 2):
        raise InvalidAmount(AmountProblem.DECIMALS)
    value = Decimal(integer_part + "." + (decimals.rstrip("0") or "0")) * scale
    if value > MAX_AMOUNT:
        raise InvalidAmount(AmountProblem.TOO_LARGE)
    return Money(value, currency)


def parse_percent(raw: str) -> Decimal:
    """The rate typed as a percentage, as a fraction: ``3.5`` or ``3.5%`` → Decimal("0.035")."""
    text = _compact(raw)
    if not text:
        raise InvalidRate(RateProblem.EMPTY)
    if text.startswith(_MINUS_SIGNS):
        raise InvalidRate(RateProblem.NEGATIVE)
    text = text.removesuffix("%")
    if _PLAIN_NUMBER.fullmatch(text) is None:
        raise InvalidRate(RateProblem.FORMAT)
    integer_part, _, decimals = text.partition(".")
    if len(integer_part.lstrip("0")) > len(str(MAX_PERCENT)):
        raise InvalidRate(RateProblem.TOO_LARGE)
    percent = Decimal(text)
    if percent > MAX_PERCENT:
        raise InvalidRate(RateProblem.TOO_LARGE)
    if len(decimals.rstrip("0")) > PERCENT_DECIMALS:
        raise InvalidRate(RateProblem.DECIMALS)
    return percent.scaleb(-2)


def percent_text(rate: Decimal) -> str:
    """A rate as the percentage a person would type back into a form: Decimal("0.035") → ``3.5``."""
    percent = rate.scaleb(2)
    text = f"{percent:f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text
