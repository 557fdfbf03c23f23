"""Annual fees in the core: the official schedule, due dates, the late period's surcharge steps, the
reduction while declared; Hypothesis checks the steps, the exact amounts and that due dates never drift."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from marketplace.core.annual_fees import (
    SCHEDULE,
    FeeStatus,
    LatePeriodOver,
    annual_fee,
    counts_as_paid,
    due_date,
    fee_status,
    fee_years,
    late_period_end,
    months_late,
    patent_year_on,
    payment_on,
    surcharge_percent,
)
from marketplace.core.application_number import PatentType
from marketplace.core.calendar import add_months, days_in_month
from marketplace.core.money import Money
from marketplace.core.patent_term import term_years

INVENTION, UTILITY, DESIGN = PatentType.INVENTION, PatentType.UTILITY_MODEL, PatentType.DESIGN


@pytest.mark.parametrize(("kind", "years", "yuan"), [
    (INVENTION, (1, 3), 900), (INVENTION, (4, 6), 1200), (INVENTION, (7, 9), 2000),
    (INVENTION, (10, 12), 4000), (INVENTION, (13, 15), 6000), (INVENTION, (16, 20), 8000),
    (UTILITY, (1, 3), 600), (UTILITY, (4, 5), 900), (UTILITY, (6, 8), 1200), (UTILITY, (9, 10), 2000),
    (DESIGN, (1, 3), 600), (DESIGN, (4, 5), 900), (DESIGN, (6, 8), 1200), (DESIGN, (9, 10), 2000),
    (DESIGN, (11, 15), 3000),
])
def test_the_schedule_is_the_official_one(kind, years, yuan):
    for year in range(years[0], years[1] + 1):
        assert SCHEDULE.amount(kind, year) == Money(yuan)


def test_the_schedule_names_its_sources_and_ends_with_the_term():
    assert "发改价格〔2017〕270号" in SCHEDULE.sources["schedule"]
    with pytest.raises(ValueError):
        SCHEDULE.amount(INVENTION, 21)
    with pytest.raises(ValueError):
        SCHEDULE.amount(UTILITY, 11)
    with pytest.raises(ValueError):
        SCHEDULE.amount(DESIGN, 16)


def test_due_dates_from_the_filing_date_and_29_february():
    assert due_date(date(2021, 3, 15), 7) == date(2027, 3, 15)
    assert due_date(date(2020, 2, 29), 2) == date(2021, 2, 28)
    assert due_date(date(2020, 2, 29), 5) == date(2024, 2, 29)  # back to the 29th in a leap year
    with pytest.raises(ValueError):
        due_date(date(2020, 1, 1), 0)


def test_years_after_the_grant_year_to_the_end_of_the_term():
    # filed 2021-03-15, granted 2023-06-20 (patent year 3, paid at grant): years 4 … 20
    assert fee_years(INVENTION, date(2021, 3, 15), date(2023, 6, 20)) == range(4, 21)
    assert fee_years(UTILITY, date(2021, 3, 15), date(2022, 3, 15)) == range(3, 11)
    assert fee_years(DESIGN, date(2020, 5, 1), date(2021, 1, 1)) == range(2, 11)  # before 2021-06-01: 10
    assert fee_years(DESIGN, date(2021, 6, 1), date(2022, 1, 1)) == range(2, 16)
    assert fee_years(INVENTION, date(2021, 3, 15), None) == range(0)


def test_surcharge_steps_of_the_late_period():
    due = date(2027, 3, 15)
    assert surcharge_percent(due, due) == 0
    assert surcharge_percent(due, date(2027, 4, 15)) == 0  # one month late
    assert surcharge_percent(due, date(2027, 4, 16)) == 5
    assert surcharge_percent(due, date(2027, 5, 18)) == 10  # two months and three days late
    assert surcharge_percent(due, date(2027, 9, 15)) == 25  # the last day of the late period
    with pytest.raises(LatePeriodOver):
        surcharge_percent(due, date(2027, 9, 16))
    assert late_period_end(due) == date(2027, 9, 15)
    assert late_period_end(date(2027, 8, 31)) == date(2028, 2, 29)


def test_a_late_payment_while_declared_the_surcharge_on_the_full_fee():
    fee = annual_fee(INVENTION, 7, date(2021, 3, 15), declared=[(date(2026, 12, 1), None)])
    assert fee.reduced and fee.full == Money(2000) and fee.amount == Money(1700)
    paid = payment_on(fee, date(2027, 5, 18))
    assert (paid.fee, paid.surcharge, paid.total, paid.percent) == (Money(1700), Money(200), Money(1900), 10)


def test_the_reduction_follows_the_due_date_not_the_payment_day():
    periods = [(date(2025, 1, 1), date(2027, 3, 14))]  # withdrawn on 2027-03-15: last day the 14th
    assert not annual_fee(INVENTION, 7, date(2021, 3, 15), periods).reduced
    assert annual_fee(INVENTION, 6, date(2021, 3, 15), periods).reduced


def test_status_of_a_fee():
    fee = annual_fee(UTILITY, 4, date(2021, 3, 15))
    assert fee_status(fee, False, date(2024, 3, 15)) == FeeStatus.DUE
    assert fee_status(fee, False, date(2024, 3, 16)) == FeeStatus.LATE
    assert fee_status(fee, False, date(2024, 9, 15)) == FeeStatus.LATE
    assert fee_status(fee, False, date(2024, 9, 16)) == FeeStatus.LAPSED
    assert fee_status(fee, True, date(2030, 1, 1)) == FeeStatus.PAID
    assert counts_as_paid(fee, date(2024, 3, 16)) and not counts_as_paid(fee, date(2024, 3, 15))


days = st.dates(min_value=date(1990, 1, 1), max_value=date(2060, 12, 31))


@given(due=days, late=st.integers(min_value=1, max_value=200))
def test_the_surcharge_is_five_percent_per_whole_month_beyond_the_first(due, late):
    paid_on = due + timedelta(days=late)
    months = months_late(due, paid_on)
    assert add_months(due, months - 1) < paid_on <= add_months(due, months)
    if paid_on > late_period_end(due):
        with pytest.raises(LatePeriodOver):
            surcharge_percent(due, paid_on)
    else:
        assert surcharge_percent(due, paid_on) == 5 * (months - 1)
        assert surcharge_percent(due, paid_on) >= surcharge_percent(due, paid_on - timedelta(days=1))


@given(filing=days, kind=st.sampled_from(list(PatentType)), declared=st.booleans(), data=st.data())
def test_amounts_are_exact_and_due_dates_never_drift(filing, kind, declared, data):
    year = data.draw(st.integers(min_value=1, max_value=term_years(kind, filing)))
    fee = annual_fee(kind, year, filing, declared=[(date(1980, 1, 1), None)] if declared else [])
    assert fee.due.month == filing.month
    assert fee.due.day == min(filing.day, days_in_month(fee.due.year, filing.month))
    assert patent_year_on(filing, fee.due) == year
    assert fee.amount.fen * 100 == (85 if declared else 100) * fee.full.fen
    paid_on = data.draw(st.dates(min_value=fee.due - timedelta(days=400), max_value=fee.late_end))
    payment = payment_on(fee, paid_on)
    assert payment.surcharge.fen * 100 == payment.percent * fee.full.fen
    assert payment.total == payment.fee + payment.surcharge
