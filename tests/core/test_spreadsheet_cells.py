"""The formula-injection rule: text that a spreadsheet may run is quoted, numbers stay numbers."""

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from marketplace.core.spreadsheet_cells import (
    FORMULA_TRIGGERS,
    cell_text,
    cell_value,
    looks_like_formula,
    neutralise_text,
)

HOSTILE = ['=HYPERLINK("http://x")', "@SUM(A1)", "+1", "-2+3", "\t=1", "\r=1", "=1+1", "-", "@"]


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_is_quoted(text):
    assert looks_like_formula(text)
    assert neutralise_text(text) == "'" + text
    assert cell_text(text) == "'" + text


@pytest.mark.parametrize("text", ["", "内蒙古大学", "2026990000123", "a=b", " =1", "'=1", "ZL201110047567.0"])
def test_harmless_text_is_kept(text):
    assert not looks_like_formula(text)
    assert cell_text(text) == text


@pytest.mark.parametrize(("value", "written"), [
    (Decimal("-1234.56"), "-1234.56"), (Decimal("60000.00"), "60000.00"), (Decimal("1E+2"), "100"),
    (-5, "-5"), (0, "0"), (None, ""), (date(2027, 1, 1), "2027-01-01"),
])
def test_numbers_dates_and_empty_cells(value, written):
    assert cell_text(value) == written


def test_numbers_stay_numbers_for_workbooks():
    assert cell_value(Decimal("-1234.56")) == Decimal("-1234.56")
    assert cell_value(-3) == -3


def test_text_that_looks_like_a_number_is_still_text():
    # An enterprise named "+1" or "-2" is text: the type decides, not the look.
    assert cell_value("+1") == "'+1"
    assert cell_value("-2") == "'-2"


def test_floats_are_refused():
    with pytest.raises(TypeError):
        cell_value(1.5)


def test_other_objects_are_written_as_their_text():
    class Label:
        def __str__(self) -> str:
            return "=cmd"

    assert cell_value(Label()) == "'=cmd"
    assert cell_value(True) == "True"


@given(st.text())
def test_no_written_text_begins_with_a_trigger(text):
    written = cell_text(text)
    assert not written.startswith(FORMULA_TRIGGERS)
    assert written.removeprefix("'") == text or written == text
