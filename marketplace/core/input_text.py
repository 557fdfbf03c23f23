"""What the marketplace accepts as typed text and as a typed whole number.

Text: C0 control characters (NUL and the rest below U+0020, and DEL) are removed, except tab, carriage
return and line feed, which multi-line text keeps; a lone surrogate (U+D800–U+DFFF) is not text at all
and is refused. No database then ever sees a NUL byte.

Whole numbers: ASCII digits only, bounded. ``str.isdigit()`` and ``int()`` also take ``²``, ``١٢`` or
``１２``; a number typed into a URL or a form here is ``0``–``9`` and nothing else.
"""

from __future__ import annotations

import re

KEPT_CONTROLS = "\t\r\n"
_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SURROGATE = re.compile("[\ud800-\udfff]")
_ASCII_DIGITS = re.compile("[0-9]+")


def has_lone_surrogate(text: str) -> bool:
    """Whether `text` holds a surrogate code point, which no well-formed text does."""
    return _SURROGATE.search(text) is not None


def strip_controls(text: str) -> str:
    """`text` without C0 control characters and DEL; tab, CR and LF are kept."""
    return _CONTROLS.sub("", text)


def single_line(text: str) -> str:
    """`text` on one line: tab, CR and LF become spaces (for fields that are not multi-line)."""
    return text.translate({ord(ch): " " for ch in KEPT_CONTROLS})


def parse_ascii_int(text: str | None, minimum: int, maximum: int) -> int | None:
    """The number `text` spells in ASCII digits if it lies in minimum … maximum, else None.

    No sign, no spaces, no other digits: ``"12"`` → 12; ``"²"``, ``"١٢"``, ``"-1"``, ``" 1"`` → None.
    Text longer than the maximum's digits (after leading zeros) is None without being converted.
    """
    if not text or _ASCII_DIGITS.fullmatch(text) is None:
        return None
    if len(text.lstrip("0")) > len(str(maximum)):
        return None
    value = int(text)
    return value if minimum <= value <= maximum else None
