"""Money: exact fen, ROUND_HALF_UP once, splitting without losing a fen; reading typed amounts and rates."""

from decimal import Decimal

import pytest

from marketplace.core.money import (
    CurrencyMismatch,
    Money,
    allocate,
    allocate_by_weights,
    format_cny,
    sum_money,
)
from marketplace.core.money_input import (
    AmountProblem,
    InvalidAmount,
    InvalidRate,
    RateProblem,
    parse_amount,
    parse_percent,
    percent_text,
)

# --- construction -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "amount"),
    [
        (Decimal("1234.5"), Decimal("1234.50")),
        (Decimal("1234.500"), Decimal("1234.50")),
        (7, Decimal("7.00")),
        ("0.01", Decimal("0.01")),
        (" 12.30 ", Decimal("12.30")),
        ("-5", Decimal("-5.00")),
        (Decimal("1E+3"), Decimal("1000.00")),
    ],
)
def test_construct(value, amount):
    money = Money(value)
    assert money.amount == amount
    assert money.amount.as_tuple().exponent == -2
    assert money.currency == "CNY"


def test_float_refused():
    with pytest.raises(TypeError):
        Money(1.5)
    with pytest.raises(TypeError):
        Money(True)


@pytest.mark.parametrize("value", [Decimal("2.675"), "0.001", "1.005", "abc", "NaN", "Infinity", ""])
def test_inexact_or_not_a_number_refused(value):
    with pytest.raises(ValueError):
        Money(value)


def test_out_of_range_refused():
    with pytest.raises(ValueError):
        Money.from_fen(2**63)
    with pytest.raises(ValueError):
        Money(Decimal("1E+50"))


def test_currency_code_checked():
    assert Money(1, "USD").currency == "USD"
    with pytest.raises(ValueError):
        Money(1, "yuan")


def test_negative_zero_is_zero():
    assert Money(Decimal("-0")) == Money.zero()
    assert format_cny(Money(Decimal("-0.00"))) == "¥0.00"


def test_fen_round_trip():
    assert Money.from_fen(123450) == Money("1234.50")
    assert Money("1234.50").fen == 123450
    assert Money("-0.07").fen == -7
    assert Money.zero().fen == 0
    with pytest.raises(TypeError):
        Money.from_fen(1.0)


# --- arithmetic and comparison ----------------------------------------------------------------------


def test_add_subtract_negate():
    assert Money("0.10") + Money("0.20") == Money("0.30")
    assert Money("1.00") - Money("2.50") == Money("-1.50")
    assert -Money("3.00") == Money("-3.00")


def test_sum():
    assert sum([Money("1.10"), Money("2.20"), Money("3.30")]) == Money("6.60")
    assert sum_money([]) == Money.zero()
    assert sum_money([Money("1.00"), Money("2.00")]) == Money("3.00")


def test_adding_a_non_money_raises_type_error():
    with pytest.raises(TypeError):
        Money(1) + 1
    with pytest.raises(TypeError):
        1 + Money(1)
    with pytest.raises(TypeError):
        Money(1) + Decimal(1)
    with pytest.raises(TypeError):
        Money(1) - 1


def test_currencies_never_mix():
    with pytest.raises(CurrencyMismatch):
        Money(1) + Money(1, "USD")
    with pytest.raises(CurrencyMismatch):
        Money(1) - Money(1, "USD")
    with pytest.raises(CurrencyMismatch):
        assert Money(1) < Money(2, "USD")
    with pytest.raises(CurrencyMismatch):
        sum([Money(1), Money(1, "USD")])
    assert issubclass(CurrencyMismatch, ValueError)
    assert Money(1) != Money(1, "USD")


def test_comparisons():
    assert Money("1.00") < Money("1.01")
    assert Money("1.01") > Money("1.00")
    assert Money("1.00") <= Money("1")
    assert Money("1.00") >= Money("1")
    assert max(Money(3), Money(7), Money(5)) == Money(7)
    with pytest.raises(TypeError):
        assert Money(1) < 2


def test_hashable_and_frozen():
    assert len({Money("1.0"), Money("1.00"), Money(1)}) == 1
    with pytest.raises(AttributeError):
        Money(1).amount = Decimal(2)  # type: ignore[misc]


# --- rounding ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "rounded"),
    [
        ("2.675", "2.68"),
        ("14.985", "14.99"),
        ("2.674999", "2.67"),
        ("0.005", "0.01"),
        ("0.0049", "0.00"),
        ("-2.675", "-2.68"),
        ("12345678901234567.125", "12345678901234567.13"),
    ],
)
def test_round_half_up(value, rounded):
    assert Money.round_half_up(Decimal(value)) == Money(rounded)


def test_round_half_up_refuses_float():
    with pytest.raises(TypeError):
        Money.round_half_up(2.675)


@pytest.mark.parametrize(
    ("amount", "rate", "result"),
    [
        ("123456.78", "0.035", "4320.99"),  # 4,320.9873
        ("100.00", "0.03", "3.00"),
        ("0.50", "0.01", "0.01"),  # 0.005 rounds up
        ("0.49", "0.01", "0.00"),
        ("1000000.00", "0.2", "200000.00"),
        ("33.33", "0.0333333333333333333333333333", "1.11"),
    ],
)
def test_times_rounds_once(amount, rate, result):
    assert Money(amount).times(Decimal(rate)) == Money(result)


def test_times_refuses_float_and_text():
    with pytest.raises(TypeError):
        Money(100).times(0.035)
    with pytest.raises(TypeError):
        Money(100).times("0.035")
    assert Money(100).times(2) == Money(200)


def test_portion_rounds_once():
    assert Money("100.00").portion(1, 3) == Money("33.33")
    assert Money("100.00").portion(2, 3) == Money("66.67")
    assert Money("0.01").portion(1, 2) == Money("0.01")
    assert Money("-0.01").portion(1, 2) == Money("-0.01")
    with pytest.raises(ValueError):
        Money(1).portion(1, 0)


# --- splitting --------------------------------------------------------------------------------------


def test_allocate_100000_in_3():
    assert allocate(Money("100000.00"), 3) == [Money("33333.34"), Money("33333.33"), Money("33333.33")]


@pytest.mark.parametrize(
    ("total", "parts", "shares"),
    [
        ("0.05", 3, ["0.02", "0.02", "0.01"]),
        ("0.01", 3, ["0.01", "0.00", "0.00"]),
        ("10.00", 1, ["10.00"]),
        ("0.00", 2, ["0.00", "0.00"]),
        ("-0.05", 3, ["-0.02", "-0.02", "-0.01"]),
    ],
)
def test_allocate(total, parts, shares):
    assert allocate(Money(total), parts) == [Money(share) for share in shares]


def test_allocate_needs_a_part():
    with pytest.raises(ValueError):
        allocate(Money(1), 0)


def test_allocate_by_weights():
    assert allocate_by_weights(Money("100.00"), [1, 1, 1]) == allocate(Money("100.00"), 3)
    assert allocate_by_weights(Money("100.00"), [30, 30, 40]) == [Money(30), Money(30), Money(40)]
    assert allocate_by_weights(Money("0.05"), [0, 1, 1]) == [Money(0), Money("0.03"), Money("0.02")]
    with pytest.raises(ValueError):
        allocate_by_weights(Money(1), [0, 0])
    with pytest.raises(ValueError):
        allocate_by_weights(Money(1), [])
    with pytest.raises(ValueError):
        allocate_by_weights(Money(1), [1, -1])


# --- formatting -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("amount", "text"),
    [
        ("1234.5", "¥1,234.50"),
        ("0", "¥0.00"),
        ("20000000", "¥20,000,000.00"),
        ("-0.01", "-¥0.01"),
        ("999.99", "¥999.99"),
    ],
)
def test_format_cny(amount, text):
    assert format_cny(Money(amount)) == text


def test_format_cny_only_cny():
    with pytest.raises(ValueError):
        format_cny(Money(1, "USD"))


# --- reading typed amounts --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "amount"),
    [
        ("1234.50", "1234.50"),
        ("¥1,234.5", "1234.50"),
        ("￥ 1 234.5", "1234.50"),
        ("１２３４．５", "1234.50"),
        ("1234.5元", "1234.50"),
        ("RMB 20,000,000", "20000000.00"),
        ("人民币100", "100.00"),
        ("1.5万", "15000.00"),
        ("12.3456万元", "123456.00"),
        ("0", "0.00"),
        ("007", "7.00"),
        ("1.230", "1.23"),
    ],
)
def test_parse_amount(typed, amount):
    assert parse_amount(typed) == Money(amount)


@pytest.mark.parametrize(
    ("typed", "problem"),
    [
        ("", AmountProblem.EMPTY),
        ("   ", AmountProblem.EMPTY),
        ("abc", AmountProblem.FORMAT),
        ("1,5", AmountProblem.FORMAT),
        ("1,2345", AmountProblem.FORMAT),
        ("1e5", AmountProblem.FORMAT),
        ("1.2.3", AmountProblem.FORMAT),
        (".5", AmountProblem.FORMAT),
        ("¥", AmountProblem.FORMAT),
        ("1.005", AmountProblem.DECIMALS),
        ("0.0100000000000000000000000000001", AmountProblem.DECIMALS),
        ("1.0000001万", AmountProblem.DECIMALS),
        ("-5", AmountProblem.NEGATIVE),
        ("¥-5", AmountProblem.NEGATIVE),
        ("−5", AmountProblem.NEGATIVE),
        ("1000000000000", AmountProblem.TOO_LARGE),
        ("1" * 400, AmountProblem.TOO_LARGE),
        ("100000000万", AmountProblem.TOO_LARGE),
    ],
)
def test_parse_amount_refused(typed, problem):
    with pytest.raises(InvalidAmount) as refused:
        parse_amount(typed)
    assert refused.value.problem is problem


@pytest.mark.parametrize(
    ("typed", "rate"),
    [
        ("3.5", "0.035"),
        ("3.5%", "0.035"),
        ("３．５％", "0.035"),
        (" 20 % ", "0.20"),
        ("0.0001", "0.000001"),
        ("100", "1"),
        ("0", "0"),
    ],
)
def test_parse_percent(typed, rate):
    assert parse_percent(typed) == Decimal(rate)


@pytest.mark.parametrize(
    ("typed", "problem"),
    [
        ("", RateProblem.EMPTY),
        ("%", RateProblem.FORMAT),
        ("three", RateProblem.FORMAT),
        ("3,5", RateProblem.FORMAT),
        ("3.12345", RateProblem.DECIMALS),
        ("-1", RateProblem.NEGATIVE),
        ("100.01", RateProblem.TOO_LARGE),
        ("9" * 300, RateProblem.TOO_LARGE),
    ],
)
def test_parse_percent_refused(typed, problem):
    with pytest.raises(InvalidRate) as refused:
        parse_percent(typed)
    assert refused.value.problem is problem


@pytest.mark.parametrize(
    ("rate", "text"),
    [("0.035", "3.5"), ("0.20", "20"), ("0.2", "20"), ("0.000001", "0.0001"), ("0", "0"), ("1", "100")],
)
def test_percent_text_round_trips(rate, text):
    assert percent_text(Decimal(rate)) == text
    assert parse_percent(text) == Decimal(rate)
