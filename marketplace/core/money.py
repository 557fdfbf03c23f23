"""Money: exact amounts to the fen (分), rounded half up once per line item, split without losing a fen.

Amounts are `Decimal` values built from strings or integers, never floats, quantised to 0.01 and
kept within what the database stores (a signed 64-bit count of fen). Arithmetic is exact; the only
rounding happens in `Money.round_half_up` (and through it `Money.times` and `Money.portion`), always
ROUND_HALF_UP (四舍五入: a half rounds away from zero, so -2.675 becomes -2.68). Splitting a total
into shares floors each share to the fen and gives the leftover fen, one at a time, to the earliest
shares, so the shares always add up to the total exactly.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Context, Decimal, InvalidOperation

CNY = "CNY"
FEN = Decimal("0.01")
MAX_FEN = 2**63 - 1  # the largest count of fen a BigInteger column holds

_CURRENCY_CODE = re.compile(r"[A-Z]{3}")
_MAX_MAGNITUDE = 40  # powers of ten: amounts and rates beyond 1e40 or below 1e-40 are nonsense


class CurrencyMismatch(ValueError):
    """Two amounts in different currencies were added, subtracted or compared."""

    def __init__(self, left: str, right: str) -> None:
        super().__init__(f"{left} != {right}")
        self.left = left
        self.right = right


def _check_currency(currency: str) -> str:
    if not isinstance(currency, str) or _CURRENCY_CODE.fullmatch(currency) is None:
        raise ValueError(f"not an ISO 4217 currency code: {currency!r}")
    return currency


def _check_fen(fen: int) -> int:
    if abs(fen) > MAX_FEN:
        raise ValueError("amount out of range")
    return fen


def _as_decimal(value: object, what: str) -> Decimal:
    """A finite Decimal from a Decimal, an int or a numeric string; floats and bools are refused."""
    if isinstance(value, bool) or isinstance(value, float):
        raise TypeError(f"{what} must be a Decimal, an int or a string, not {type(value).__name__}")
    if isinstance(value, Decimal):
        number = value
    elif isinstance(value, int):
        number = Decimal(value)
    elif isinstance(value, str):
        try:
            number = Decimal(value.strip())
        except InvalidOperation:
            raise ValueError(f"{what} is not a number: {value!r}") from None
    else:
        raise TypeError(f"{what} must be a Decimal, an int or a string, not {type(value).__name__}")
    if not number.is_finite():
        raise ValueError(f"{what} must be finite")
    if number and abs(number.adjusted()) > _MAX_MAGNITUDE:
        raise ValueError(f"{what} out of range")
    return number


def _exact_context(*numbers: Decimal) -> Context:
    """A context with enough precision that multiplying or quantising these numbers never rounds."""
    digits = 0
    for number in numbers:
        exponent = number.as_tuple().exponent
        assert isinstance(exponent, int)  # finite numbers only
        digits += len(number.as_tuple().digits) + abs(exponent)
    return Context(prec=max(28, digits + 4), rounding=ROUND_HALF_UP)


def _fen_half_up(value: Decimal) -> int:
    """The exact value rounded half up (away from zero) to a whole number of fen."""
    context = _exact_context(value)
    return int(value.quantize(FEN, context=context).scaleb(2, context=context))


def _fen_exact(value: Decimal) -> int:
    """The value as a whole number of fen; ValueError when it has a non-zero third decimal."""
    context = _exact_context(value)
    scaled = value.scaleb(2, context=context)
    if scaled != scaled.to_integral_value(context=context):
        raise ValueError(f"more than two decimals: {value}")
    return int(scaled)


@dataclass(frozen=True, init=False)
class Money:
    """An exact amount of money, to the fen, in one currency (CNY unless told otherwise).

    Build it from a `Decimal`, an `int` or a numeric string: ``Money("1234.50")``. A float raises
    TypeError; an amount with a non-zero third decimal raises ValueError (round it on purpose with
    `Money.round_half_up`). Amounts in different currencies never mix: CurrencyMismatch.
    """

    amount: Decimal
    currency: str

    def __init__(self, amount: Decimal | int | str, currency: str = CNY) -> None:
        fen = _check_fen(_fen_exact(_as_decimal(amount, "amount")))
        object.__setattr__(self, "amount", Decimal(fen).scaleb(-2))
        object.__setattr__(self, "currency", _check_currency(currency))

    @classmethod
    def from_fen(cls, fen: int, currency: str = CNY) -> Money:
        """The amount of this many fen: ``Money.from_fen(123450)`` is 1,234.50."""
        if isinstance(fen, bool) or not isinstance(fen, int):
            raise TypeError(f"fen must be an int, not {type(fen).__name__}")
        return cls(Decimal(_check_fen(fen)).scaleb(-2), currency)

    @classmethod
    def zero(cls, currency: str = CNY) -> Money:
        """Nothing, in this currency."""
        return cls(0, currency)

    @classmethod
    def round_half_up(cls, value: Decimal | int, currency: str = CNY) -> Money:
        """The exact value rounded once to the fen, a half rounding up (away from zero): 2.675 → 2.68."""
        return cls.from_fen(_fen_half_up(_as_decimal(value, "value")), currency)

    @property
    def fen(self) -> int:
        """The amount as a whole number of fen (what the database stores)."""
        return int(self.amount.scaleb(2))

    def _same_currency(self, other: Money) -> None:
        if other.currency != self.currency:
            raise CurrencyMismatch(self.currency, other.currency)

    def __add__(self, other: object) -> Money:
        if not isinstance(other, Money):
            return NotImplemented
        self._same_currency(other)
        return Money.from_fen(self.fen + other.fen, self.currency)

    def __radd__(self, other: object) -> Money:
        # Only the 0 that sum() starts from; anything else is a mistake.
        if type(other) is int and other == 0:
            return self
        return NotImplemented

    def __sub__(self, other: object) -> Money:
        if not isinstance(other, Money):
            return NotImplemented
        self._same_currency(other)
        return Money.from_fen(self.fen - other.fen, self.currency)

    def __neg__(self) -> Money:
        return Money.from_fen(-self.fen, self.currency)

    def _compare(self, other: object) -> int | None:
        if not isinstance(other, Money):
            return None
        self._same_currency(other)
        return (self.fen > other.fen) - (self.fen < other.fen)

    def __lt__(self, other: object) -> bool:
        result = self._compare(other)
        return NotImplemented if result is None else result < 0

    def __le__(self, other: object) -> bool:
        result = self._compare(other)
        return NotImplemented if result is None else result <= 0

    def __gt__(self, other: object) -> bool:
        result = self._compare(other)
        return NotImplemented if result is None else result > 0

    def __ge__(self, other: object) -> bool:
        result = self._compare(other)
        return NotImplemented if result is None else result >= 0

    def times(self, rate: Decimal | int) -> Money:
        """This amount times a rate, rounded once, half up: 123,456.78 × 0.035 = 4,320.99.

        The product is computed exactly first; a float rate raises TypeError.
        """
        if isinstance(rate, str):
            raise TypeError("rate must be a Decimal or an int, not str")
        factor = _as_decimal(rate, "rate")
        product = _exact_context(self.amount, factor).multiply(self.amount, factor)
        return Money.round_half_up(product, self.currency)

    def portion(self, numerator: int, denominator: int) -> Money:
        """This amount × numerator / denominator, computed exactly and rounded once, half up.

        Used to pro-rate an amount by days: ``annual.portion(45, 91)``.
        """
        for value in (numerator, denominator):
            if isinstance(value, bool) or not isinstance(value, int):
                raise TypeError("numerator and denominator must be ints")
        if denominator <= 0:
            raise ValueError("denominator must be positive")
        product = self.fen * numerator
        quotient, remainder = divmod(abs(product), denominator)
        if 2 * remainder >= denominator:
            quotient += 1
        return Money.from_fen(quotient if product >= 0 else -quotient, self.currency)


def sum_money(amounts: Iterable[Money], currency: str = CNY) -> Money:
    """The sum of the amounts; zero in `currency` when there are none (plain sum() gives 0 then)."""
    total = Money.zero(currency)
    for amount in amounts:
        total = total + amount
    return total


def _sign_and_magnitude(total: Money) -> tuple[int, int]:
    return (-1 if total.fen < 0 else 1), abs(total.fen)


def allocate(total: Money, parts: int) -> list[Money]:
    """Split a total into `parts` shares that add up to it exactly.

    Each share is the total divided by `parts`, floored to the fen; the fen left over go one at a
    time to the earliest shares: 100,000.00 in 3 → 33,333.34 + 33,333.33 + 33,333.33. A negative total
    is split by its magnitude (the earliest shares are the most negative). `parts` must be at least 1.
    """
    if isinstance(parts, bool) or not isinstance(parts, int):
        raise TypeError("parts must be an int")
    if parts < 1:
        raise ValueError("parts must be at least 1")
    sign, magnitude = _sign_and_magnitude(total)
    share, leftover = divmod(magnitude, parts)
    return [
        Money.from_fen(sign * (share + (1 if index < leftover else 0)), total.currency)
        for index in range(parts)
    ]


def allocate_by_weights(total: Money, weights: list[int]) -> list[Money]:
    """Split a total in proportion to whole-number weights, adding up to it exactly.

    Each share is total × weight / sum of weights, floored to the fen; the fen left over go one at a
    time to the earliest shares with a non-zero weight (a zero weight always gets nothing). Weights
    must be non-negative ints with a positive sum.
    """
    if not weights:
        raise ValueError("at least one weight is needed")
    for weight in weights:
        if isinstance(weight, bool) or not isinstance(weight, int):
            raise TypeError("weights must be ints")
        if weight < 0:
            raise ValueError("weights must not be negative")
    weight_sum = sum(weights)
    if weight_sum == 0:
        raise ValueError("the weights must not all be zero")
    sign, magnitude = _sign_and_magnitude(total)
    shares = [magnitude * weight // weight_sum for weight in weights]
    leftover = magnitude - sum(shares)
    for index, weight in enumerate(weights):
        if leftover == 0:
            break
        if weight > 0:
            shares[index] += 1
            leftover -= 1
    return [Money.from_fen(sign * share, total.currency) for share in shares]


def format_cny(money: Money) -> str:
    """Plain text for logs and tests: ``¥1,234.50``, ``-¥0.01``. The UI formats with Babel instead."""
    if money.currency != CNY:
        raise ValueError(f"not CNY: {money.currency}")
    sign = "-" if money.fen < 0 else ""
    return f"{sign}¥{abs(money.amount):,.2f}"
