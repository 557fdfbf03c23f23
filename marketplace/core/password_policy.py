"""What makes a password acceptable. Returns problems as codes; the UI words them."""

from __future__ import annotations

from enum import StrEnum

from marketplace.core.text import normalise_email

MIN_LENGTH = 10
MAX_LENGTH = 128

# The most guessed passwords of Chinese and international leaks, lower-cased.
COMMON = frozenset(
    {
        "1234567890", "12345678910", "0123456789", "1234567890a", "a123456789", "qwertyuiop",
        "1qaz2wsx3edc", "password123", "password1234", "iloveyou123", "woaini1314", "woaini520",
        "aa12345678", "abc1234567", "abcd123456", "qwerty12345", "1q2w3e4r5t", "asdfghjkl1",
        "zxcvbnm123", "admin12345", "administrator", "passw0rd123", "p@ssw0rd123", "1234qwer!@#$",
    }
)


class PasswordProblem(StrEnum):
    """Why a password was refused."""

    TOO_SHORT = "too_short"
    TOO_LONG = "too_long"
    NEEDS_LETTER_AND_DIGIT = "needs_letter_and_digit"
    TOO_COMMON = "too_common"
    CONTAINS_EMAIL = "contains_email"


def password_problems(password: str, email: str = "") -> list[PasswordProblem]:
    """Every reason the password is not acceptable (empty when it is)."""
    problems: list[PasswordProblem] = []
    if len(password) < MIN_LENGTH:
        problems.append(PasswordProblem.TOO_SHORT)
    if len(password) > MAX_LENGTH:
        problems.append(PasswordProblem.TOO_LONG)
    if not (any(c.isalpha() for c in password) and any(c.isdigit() for c in password)):
        problems.append(PasswordProblem.NEEDS_LETTER_AND_DIGIT)
    if password.lower() in COMMON:
        problems.append(PasswordProblem.TOO_COMMON)
    local = normalise_email(email).split("@", 1)[0]
    if len(local) >= 4 and local in password.lower():
        problems.append(PasswordProblem.CONTAINS_EMAIL)
    return problems
