"""Every date field of every form says which rule its date obeys, and every event or licence-start date
is exercised through its route with impossible days (tests/licensing/test_event_dates.py).

The forms are found by importing every module of the application and walking FlaskForm's subclasses,
so a new form with a bare DateField, or a new event-date field without a route test, fails here.
"""

from __future__ import annotations

import importlib
import pkgutil

from flask_wtf import FlaskForm
from wtforms import DateField
from wtforms.fields.core import UnboundField

import marketplace
from marketplace.date_fields import EventDateField, LicenceStartField, RecordDateField

SAME_WORDS = "test_the_preview_the_submit_and_the_calculator_refuse_a_start_in_the_same_words"
# (form, field) of every event-date and licence-start field, each refused on impossible days by a
# test through its route in tests/licensing/test_event_dates.py.
ROUTE_TESTED = {
    ("PaymentForm", "received_on"): "test_a_payment_on_an_impossible_day_is_refused_and_the_ledger_untouched",
    ("TransferNoticeForm", "paid_on"): "test_a_transfer_notice_on_an_impossible_day_is_refused",
    ("FilingForm", "filed_on"): "test_a_filing_on_an_impossible_day_is_refused",
    ("FilingCorrectionForm", "filed_on"): "test_a_correction_to_an_impossible_day_is_refused",
    ("TakeLicenceForm", "start"): SAME_WORDS,
    ("CalculatorForm", "licence_start"): SAME_WORDS,
    ("MilestoneReportForm", "happened_on"): "test_a_milestone_on_an_impossible_day_is_refused",
}


def _all_forms() -> list[type[FlaskForm]]:
    for module in pkgutil.walk_packages(marketplace.__path__, "marketplace."):
        importlib.import_module(module.name)
    found, todo = [], [FlaskForm]
    while todo:
        for sub in todo.pop().__subclasses__():
            if sub.__module__.startswith("marketplace."):
                found.append(sub)
            todo.append(sub)
    return found


def _date_fields() -> dict[tuple[str, str], UnboundField]:
    fields = {}
    for form in _all_forms():
        for name in dir(form):
            value = getattr(form, name, None)
            if isinstance(value, UnboundField) and issubclass(value.field_class, DateField):
                fields[(form.__name__, name)] = value
    return fields


def test_the_walk_finds_the_forms_that_take_dates():
    assert {("PaymentForm", "received_on"), ("PatentForm", "filing_date"), ("PlanForm", "sample_start"),
            ("OutsideLicenceForm", "starts_on")} <= set(_date_fields())


def test_every_date_field_names_its_rule():
    for key, field in _date_fields().items():
        assert field.field_class in (EventDateField, LicenceStartField, RecordDateField), (
            f"{key} is a bare {field.field_class.__name__}: use EventDateField, LicenceStartField or "
            "RecordDateField (marketplace/date_fields.py)")
        if field.field_class is RecordDateField:
            assert field.kwargs.get("rule"), f"{key}: say which check governs this date"


def test_every_event_and_start_date_is_refused_through_its_route(app):
    from tests.licensing import test_event_dates

    ruled = {key for key, field in _date_fields().items()
             if field.field_class in (EventDateField, LicenceStartField)}
    assert ruled == set(ROUTE_TESTED), "add a route test with impossible days for each new field"
    for test_name in ROUTE_TESTED.values():
        assert callable(getattr(test_event_dates, test_name))
