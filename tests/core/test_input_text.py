"""Typed text and typed whole numbers: control characters, lone surrogates, ASCII digits only."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from marketplace.core.input_text import has_lone_surrogate, parse_ascii_int, single_line, strip_controls
from marketplace.core.money_input import AmountProblem, InvalidAmount, parse_amount
from marketplace.core.text import fold_full_width, normalise_code


@pytest.mark.parametrize("text", ["²", "١٢", "１２", "①", "-1", "+1", " 1", "1 ", "1.0", "1e3", "", None,
                                  "9" * 25, "0", "2147483648", "\x00", "1\x00"])
def test_anything_but_ascii_digits_in_range_is_no_number(text):
    assert parse_ascii_int(text, 1, 2**31 - 1) is None


@pytest.mark.parametrize(("text", "number"), [("1", 1), ("007", 7), ("2147483647", 2**31 - 1),
                                              ("0" * 30 + "5", 5)])
def test_ascii_digits_in_range_are_read(text, number):
    assert parse_ascii_int(text, 1, 2**31 - 1) == number


@given(st.integers(min_value=1, max_value=2**31 - 1))
def test_every_number_in_range_reads_back(number):
    assert parse_ascii_int(str(number), 1, 2**31 - 1) == number


@given(st.text(min_size=1).filter(lambda text: not (text.isascii() and text.isdigit())))
def test_text_that_is_not_ascii_digits_is_never_a_number(text):
    assert parse_ascii_int(text, 0, 10**30) is None


def test_controls_go_tab_cr_lf_stay():
    assert strip_controls("a\x00b\x07c\x1bd\x7fe\tf\r\ng") == "abcde\tf\r\ng"
    assert single_line("a\tb\r\nc") == "a b  c"


@given(st.text())
def test_no_control_character_survives(text):
    cleaned = strip_controls(text)
    assert all(ch in "\t\r\n" or not (ord(ch) < 0x20 or ord(ch) == 0x7F) for ch in cleaned)


def test_lone_surrogates_are_seen():
    assert has_lone_surrogate("a\ud800b")
    assert not has_lone_surrogate("稀土😀")


def test_only_full_width_forms_fold():
    assert fold_full_width("ＺＬ２０２１．７￥\u3000") == "ZL2021.7¥ "
    assert fold_full_width("²①Ⅻ١٢") == "²①Ⅻ١٢"
    assert normalise_code("２０２１ ²") == "2021²"


@pytest.mark.parametrize("text", ["²", "¹⁰⁰", "١٢", "①", "Ⅻ"])
def test_an_amount_of_other_digits_is_refused(text):
    with pytest.raises(InvalidAmount) as refused:
        parse_amount(text)
    assert refused.value.problem is AmountProblem.FORMAT


def test_full_width_amounts_still_read():
    assert str(parse_amount("１２３４．５０").amount) == "1234.50"
