"""Chinese patent application numbers (申请号) and the patent numbers (专利号) derived from them.

Since 1 October 2003 an application number is twelve digits: a four-digit year, one type digit and
a seven-digit serial, then a dot and a check character (``202110123456.7``). Before that it was
eight digits: a two-digit year, the type digit and a five-digit serial (``99113861.9``).

The check character: multiply the digits by the weights 2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5 (as many
as there are digits), sum, take the remainder mod 11; a remainder of 10 is written ``X``. Because
11 is prime and no weight is a multiple of it, changing any one digit always changes the check.

Type digits: 1 invention, 2 utility model, 3 design; 8 and 9 are PCT applications for an invention
or a utility model that entered the Chinese national phase. The granted patent's number is the
application number with a ``ZL`` prefix.

Patent search sites print the number with a ``CN`` prefix and a kind code after it, often without
the dot: ``CN201010596747XA``, ``CN 201010596747.X A``, ``CN201010596747.XB``. The kind code is
dropped when it fits the patent type: A, B or C for an invention, U or Y for a utility model, S or
D for a design (an optional digit may follow, as in ``B1``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from marketplace.core.text import normalise_code

WEIGHTS = (2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5)
FIRST_TWELVE_DIGIT_YEAR = 2003
LAST_TWELVE_DIGIT_YEAR = 2099

_PREFIXES = ("ZL", "CN")
_SHAPE = re.compile(r"([0-9]{12}|[0-9]{8})\.?([0-9X])(?:([A-Z])[0-9]?)?")
_DIGITS = re.compile(r"[0-9]{8}|[0-9]{12}")


class PatentType(StrEnum):
    """The three kinds of Chinese patent."""

    INVENTION = "invention"
    UTILITY_MODEL = "utility_model"
    DESIGN = "design"


_KIND_CODES: dict[PatentType, str] = {
    PatentType.INVENTION: "ABC",
    PatentType.UTILITY_MODEL: "UY",
    PatentType.DESIGN: "SD",
}

_TYPE_DIGITS: dict[str, tuple[PatentType, bool]] = {
    "1": (PatentType.INVENTION, False),
    "2": (PatentType.UTILITY_MODEL, False),
    "3": (PatentType.DESIGN, False),
    "8": (PatentType.INVENTION, True),
    "9": (PatentType.UTILITY_MODEL, True),
}


class ApplicationNumberProblem(StrEnum):
    """Why an application number was refused."""

    EMPTY = "empty"
    FORMAT = "format"
    TYPE_DIGIT = "type_digit"
    CHECK_DIGIT = "check_digit"
    KIND_CODE = "kind_code"  # a kind code (A, B, U, S ...) that does not fit the patent type


class InvalidApplicationNumber(ValueError):
    """An application number that is not valid; `problem` says why."""

    def __init__(self, problem: ApplicationNumberProblem) -> None:
        super().__init__(problem.value)
        self.problem = problem


@dataclass(frozen=True)
class ApplicationNumber:
    """A valid application number.

    `number` is the canonical form: the digits, a dot and the check character (upper-case X),
    without any prefix. `year` is the four-digit filing year the number encodes; `pct` is true for
    PCT applications that entered the national phase (type digits 8 and 9).
    """

    number: str
    year: int
    patent_type: PatentType
    pct: bool

    @property
    def patent_number(self) -> str:
        """The number of the granted patent (专利号): ``ZL`` followed by the application number."""
        return "ZL" + self.number

    def __str__(self) -> str:
        return self.number


def check_digit(digits: str) -> str:
    """The check character ("0"–"9" or "X") for the eight or twelve digits of an application number."""
    if not _DIGITS.fullmatch(digits):
        raise InvalidApplicationNumber(ApplicationNumberProblem.FORMAT)
    remainder = sum(int(d) * w for d, w in zip(digits, WEIGHTS, strict=False)) % 11
    return "X" if remainder == 10 else str(remainder)


def _year(digits: str) -> int | None:
    """The four-digit year an application number encodes, or None when no such number can exist."""
    if len(digits) == 12:
        year = int(digits[:4])
        return year if FIRST_TWELVE_DIGIT_YEAR <= year <= LAST_TWELVE_DIGIT_YEAR else None
    short = int(digits[:2])
    if short >= 85:
        return 1900 + short
    if short <= 3:
        return 2000 + short
    return None


def parse_application_number(raw: str) -> ApplicationNumber:
    """Parse what someone typed or pasted into an ApplicationNumber, or raise InvalidApplicationNumber.

    Accepts a ``ZL`` or ``CN`` prefix in any case, spaces, full-width characters, a missing or
    full-width dot, a lower-case ``x`` and a kind code that fits the patent type (``CN201010596747XA``).
    """
    code = normalise_code(raw)
    if not code:
        raise InvalidApplicationNumber(ApplicationNumberProblem.EMPTY)
    for prefix in _PREFIXES:
        if code.startswith(prefix):
            code = code[len(prefix):]
            break
    shape = _SHAPE.fullmatch(code)
    if shape is None:
        raise InvalidApplicationNumber(ApplicationNumberProblem.FORMAT)
    digits, check, kind = shape.group(1), shape.group(2), shape.group(3)
    if kind is not None and _year(digits) is None:
        # Not an application number printed with a kind code but a publication number (CN102822194B).
        raise InvalidApplicationNumber(ApplicationNumberProblem.FORMAT)
    type_digit = digits[4] if len(digits) == 12 else digits[2]
    if type_digit not in _TYPE_DIGITS:
        raise InvalidApplicationNumber(ApplicationNumberProblem.TYPE_DIGIT)
    if check_digit(digits) != check:
        raise InvalidApplicationNumber(ApplicationNumberProblem.CHECK_DIGIT)
    year = _year(digits)
    if year is None:
        raise InvalidApplicationNumber(ApplicationNumberProblem.FORMAT)
    patent_type, pct = _TYPE_DIGITS[type_digit]
    if kind is not None and kind not in _KIND_CODES[patent_type]:
        raise InvalidApplicationNumber(ApplicationNumberProblem.KIND_CODE)
    return ApplicationNumber(number=f"{digits}.{check}", year=year, patent_type=patent_type, pct=pct)
