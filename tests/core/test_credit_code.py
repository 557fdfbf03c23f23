"""Unified social credit codes: canonical form, check character, every kind of refusal."""

import pytest

from marketplace.core.credit_code import (
    CreditCodeProblem,
    InvalidCreditCode,
    check_character,
    parse_credit_code,
)

VALID = [
    "91350100M000100Y43",  # the example printed in GB 32100-2015 guidance
    "91110000100000000R",
    "911101080000000007",
]


@pytest.mark.parametrize("code", VALID)
def test_valid_codes_are_accepted(code):
    assert parse_credit_code(code) == code


def test_input_is_normalised():
    assert parse_credit_code(" 9135 0100 m000 100y43 ") == "91350100M000100Y43"
    assert parse_credit_code("９１３５０１００Ｍ０００１００Ｙ４３") == "91350100M000100Y43"


@pytest.mark.parametrize("code", VALID)
def test_changing_any_single_character_is_caught(code):
    alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"
    for position in range(18):
        for replacement in alphabet:
            if replacement == code[position]:
                continue
            changed = code[:position] + replacement + code[position + 1:]
            with pytest.raises(InvalidCreditCode) as caught:
                parse_credit_code(changed)
            assert caught.value.problem == CreditCodeProblem.CHECK


@pytest.mark.parametrize(
    ("code", "problem"),
    [
        ("", CreditCodeProblem.LENGTH),
        ("91350100M000100Y4", CreditCodeProblem.LENGTH),
        ("91350100M000100Y433", CreditCodeProblem.LENGTH),
        ("91350100M000100I43", CreditCodeProblem.CHARACTERS),
        ("91350100M000100O43", CreditCodeProblem.CHARACTERS),
        ("9135010-M000100Y43", CreditCodeProblem.CHARACTERS),
        ("91350100M000100Y44", CreditCodeProblem.CHECK),
    ],
)
def test_refusals_say_why(code, problem):
    with pytest.raises(InvalidCreditCode) as caught:
        parse_credit_code(code)
    assert caught.value.problem == problem


def test_check_character_of_known_code():
    assert check_character("91350100M000100Y4") == "3"
