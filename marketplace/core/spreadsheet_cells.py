"""Spreadsheet formula injection (CSV injection): the one rule for text that a spreadsheet may run.

Excel, LibreOffice and WPS treat a cell whose text begins with ``=``, ``+``, ``-`` or ``@`` as a
formula, and a leading tab or carriage return can hide such a character (OWASP, "CSV Injection").
An enterprise name ``=HYPERLINK("http://x")`` or a 备案 number ``@SUM(A1)`` would run in the
university's spreadsheet when it opens an export.

The rule, used by every export and by the import check:

* Text (a ``str``) that begins with one of those characters is written with a single quote in
  front (``'=HYPERLINK(...)``), so the program shows it as text. This holds for text that looks
  like a number too (an enterprise called ``+1``): whether a value is a number is decided by its
  type, never guessed from its text.
* Numbers (``int`` and ``Decimal``, e.g. a money amount ``-1234.56``) are written as numbers
  (plain numeric text in CSV, numeric cells in XLSX) and are never prefixed: a number cannot hold
  a formula. Floats are refused (money is never a float here).
* Dates are written as ``YYYY-MM-DD``; ``None`` as an empty cell.
* The import refuses a cell whose text begins with one of those characters (see
  ``looks_like_formula``) instead of storing it.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
ESCAPE = "'"

Number = int | Decimal


def looks_like_formula(text: str) -> bool:
    """Whether a spreadsheet program may read this text as a formula (it begins with a trigger)."""
    return text.startswith(FORMULA_TRIGGERS)


def neutralise_text(text: str) -> str:
    """The text as it is safe to write into a cell: a single quote in front of a formula trigger."""
    return ESCAPE + text if looks_like_formula(text) else text


def is_number(value: object) -> bool:
    """Whether a cell value is written as a number (int or Decimal, not bool)."""
    return isinstance(value, int | Decimal) and not isinstance(value, bool)


def number_text(value: Number) -> str:
    """A number as plain decimal text, never in exponent form (``Decimal('1E+2')`` gives ``100``)."""
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)


def cell_value(value: object) -> str | Number:
    """The safe value of one cell: a number stays a number, everything else becomes neutralised text.

    ``None`` is an empty cell, a date its ISO form, any other object (a translated label, an enum)
    its ``str()``. A float raises TypeError.
    """
    if value is None:
        return ""
    if isinstance(value, float):
        raise TypeError("spreadsheet cells take int or Decimal numbers, never float")
    if is_number(value):
        return value  # type: ignore[return-value]  # narrowed by is_number
    if isinstance(value, date):
        return value.isoformat()
    return neutralise_text(str(value))


def cell_text(value: object) -> str:
    """The safe text of one CSV cell (numbers as plain decimal text)."""
    safe = cell_value(value)
    return safe if isinstance(safe, str) else number_text(safe)
