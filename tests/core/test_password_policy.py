"""The password policy."""

import pytest

from marketplace.core.password_policy import PasswordProblem, password_problems


def test_a_good_password_has_no_problems():
    assert password_problems("Grassland2026", "zhang@example.com") == []


@pytest.mark.parametrize(
    ("password", "problem"),
    [
        ("abc123", PasswordProblem.TOO_SHORT),
        ("x1" * 65, PasswordProblem.TOO_LONG),
        ("onlyletterslong", PasswordProblem.NEEDS_LETTER_AND_DIGIT),
        ("12345678901234", PasswordProblem.NEEDS_LETTER_AND_DIGIT),
        ("password123", PasswordProblem.TOO_COMMON),
        ("zhangwei2026x", PasswordProblem.CONTAINS_EMAIL),
    ],
)
def test_weak_passwords_are_refused(password, problem):
    assert problem in password_problems(password, "zhangwei@example.com")
