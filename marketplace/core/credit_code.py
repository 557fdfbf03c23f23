"""Unified social credit codes (统一社会信用代码), GB 32100-2015.

Eighteen characters from a 31-character alphabet (digits and capitals without I, O, Z, S, V).
The last one is a check character: the first seventeen, weighted 3^i mod 31, summed; the check
value is 31 minus the sum mod 31 (31 becomes 0).
"""

from __future__ import annotations

from enum import StrEnum

from marketplace.core.text import normalise_code

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
LENGTH = 18


class CreditCodeProblem(StrEnum):
    """Why a credit code was refused."""

    LENGTH = "length"
    CHARACTERS = "characters"
    CHECK = "check"


class InvalidCreditCode(ValueError):
    """A credit code that is not valid; `problem` says why."""

    def __init__(self, problem: CreditCodeProblem) -> None:
        super().__init__(problem.value)
        self.problem = problem


def check_character(first17: str) -> str:
    """The check character for the first seventeen characters of a code."""
    total = sum(ALPHABET.index(ch) * w for ch, w in zip(first17, WEIGHTS, strict=True))
    return ALPHABET[(31 - total % 31) % 31]


def parse_credit_code(raw: str) -> str:
    """Return the canonical code (upper case, no spaces, half-width) or raise InvalidCreditCode."""
    code = normalise_code(raw)
    if len(code) != LENGTH:
        raise InvalidCreditCode(CreditCodeProblem.LENGTH)
    if any(ch not in ALPHABET for ch in code):
        raise InvalidCreditCode(CreditCodeProblem.CHARACTERS)
    if check_character(code[:17]) != code[17]:
        raise InvalidCreditCode(CreditCodeProblem.CHECK)
    return code
