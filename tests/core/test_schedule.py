"""Schedules: plans laid out on the calendar, the examples of domain.md, and estimated royalties."""

from datetime import date, timedelta
from decimal import Decimal
from itertools import pairwise

import pytest

from marketplace.core.calendar import Anchor, add_months
from marketplace.core.money import Money, allocate
from marketplace.core.plan_validation import PlanProblem, validate_plan
from marketplace.core.pricing import (
    Duration,
    Phase,
    PhaseKind,
    Plan,
    PlanKind,
    RoyaltyPeriod,
    TrialEnd,
    flat_plan,
    free_plan,
    instalment_plan,
    royalty_plan,
    staged_plan,
    staged_royalty_plan,
    try_first_plan,
)
from marketplace.core.schedule import (
    Charge,
    ChargeKind,
    InvalidPlan,
    PhaseWindow,
    RoyaltyPeriodWindow,
    all_charges,
    build_schedule,
    estimate_royalties,
)

FAR = date(2045, 12, 31)  # a patent expiry far beyond every term here
YEAR, YEARS_3 = Duration.years(1), Duration.years(3)
FEE = Money("200000.00")
QUARTER = RoyaltyPeriod.QUARTER


def dues(schedule):
    return [(charge.due, charge.amount) for charge in schedule.charges]


# --- the examples of domain.md, as a table ----------------------------------------------------------


def _first_charge_after_a_90_day_trial():
    plan = try_first_plan(Duration.days(90), Money(0), TrialEnd.CONVERT, flat_plan(FEE, YEAR))
    return build_schedule(plan, date(2027, 1, 1), FAR).charges[0].due


def _stage_dates_from_aug_31():
    stages = [(Duration.months(6), FEE)] * 3 + [(None, FEE)]
    schedule = build_schedule(staged_plan(stages, Duration.years(2)), date(2027, 8, 31), FAR)
    return [charge.due for charge in schedule.charges[1:]]


@pytest.mark.parametrize(
    ("example", "compute", "expected"),
    [
        (
            "100,000.00 in 3 instalments",
            lambda: allocate(Money("100000.00"), 3),
            [Money("33333.34"), Money("33333.33"), Money("33333.33")],
        ),
        ("2.675 rounds half up", lambda: Money.round_half_up(Decimal("2.675")), Money("2.68")),
        ("14.985 rounds half up", lambda: Money.round_half_up(Decimal("14.985")), Money("14.99")),
        ("90-day trial from 2027-01-01", _first_charge_after_a_90_day_trial, date(2027, 4, 1)),
        ("Jan 31 + 1 month, 2027", lambda: add_months(date(2027, 1, 31), 1), date(2027, 2, 28)),
        ("Jan 31 + 1 month, 2028", lambda: add_months(date(2028, 1, 31), 1), date(2028, 2, 29)),
        ("3.5% of 123,456.78", lambda: Money("123456.78").times(Decimal("0.035")), Money("4320.99")),
        (
            "Aug 31 start, 6-month stages",
            _stage_dates_from_aug_31,
            [date(2028, 2, 29), date(2028, 8, 31), date(2029, 2, 28)],
        ),
    ],
)
def test_domain_examples(example, compute, expected):
    assert compute() == expected


# --- plain shapes -----------------------------------------------------------------------------------


def test_flat():
    schedule = build_schedule(flat_plan(FEE, YEARS_3), date(2027, 1, 1), FAR)
    assert schedule.end == date(2029, 12, 31)
    assert schedule.term_end == date(2029, 12, 31)
    assert not schedule.capped_at_expiry
    assert schedule.phases == (
        PhaseWindow(0, PhaseKind.FIXED, date(2027, 1, 1), date(2029, 12, 31), Anchor(date(2027, 1, 1))),
    )
    assert schedule.charges == (Charge(date(2027, 1, 1), FEE, 0, ChargeKind.FIXED),)
    assert schedule.trial is None and schedule.first_paid_due is None
    assert schedule.royalty_periods == ()
    assert schedule.total_fixed() == FEE


def test_three_instalments():
    plan = instalment_plan(Money("100000.00"), 3, YEAR, YEARS_3)
    schedule = build_schedule(plan, date(2027, 1, 1), FAR)
    assert dues(schedule) == [
        (date(2027, 1, 1), Money("33333.34")),
        (date(2028, 1, 1), Money("33333.33")),
        (date(2029, 1, 1), Money("33333.33")),
    ]
    assert schedule.total_fixed() == Money("100000.00")
    assert [(w.start, w.end) for w in schedule.phases] == [
        (date(2027, 1, 1), date(2027, 12, 31)),
        (date(2028, 1, 1), date(2028, 12, 31)),
        (date(2029, 1, 1), date(2029, 12, 31)),
    ]


def test_aug_31_stages_keep_the_31st():
    stages = [(Duration.months(6), FEE)] * 3 + [(None, FEE)]
    schedule = build_schedule(staged_plan(stages, Duration.years(2)), date(2027, 8, 31), FAR)
    assert [(w.start, w.end) for w in schedule.phases] == [
        (date(2027, 8, 31), date(2028, 2, 28)),
        (date(2028, 2, 29), date(2028, 8, 30)),
        (date(2028, 8, 31), date(2029, 2, 27)),
        (date(2029, 2, 28), date(2029, 8, 30)),
    ]


def test_ninety_day_trial():
    plan = try_first_plan(Duration.days(90), Money(0), TrialEnd.CONVERT, flat_plan(FEE, YEAR))
    schedule = build_schedule(plan, date(2027, 1, 1), FAR)
    assert schedule.trial == (date(2027, 1, 1), date(2027, 3, 31))
    assert schedule.first_paid_due == date(2027, 4, 1)
    assert dues(schedule) == [(date(2027, 4, 1), FEE)]
    assert schedule.end == date(2027, 12, 31)  # the trial counts inside the term


def test_trial_fee_is_due_at_the_trial_start():
    plan = try_first_plan(Duration.days(30), Money(500), TrialEnd.EXPIRE, flat_plan(FEE, YEAR))
    schedule = build_schedule(plan, date(2027, 1, 1), FAR)
    assert schedule.charges == (
        Charge(date(2027, 1, 1), Money(500), 0, ChargeKind.TRIAL_FEE),
        Charge(date(2027, 1, 31), FEE, 1, ChargeKind.FIXED),
    )


def test_free_plan_has_no_charges():
    schedule = build_schedule(free_plan(Duration.years(5)), date(2027, 1, 1), FAR)
    assert schedule.charges == ()
    assert schedule.end == date(2031, 12, 31)
    assert schedule.total_fixed() == Money.zero()


def test_one_day_licence_on_the_last_day_in_force():
    schedule = build_schedule(flat_plan(FEE, YEARS_3), date(2027, 5, 5), date(2027, 5, 5))
    assert schedule.end == date(2027, 5, 5)
    assert schedule.capped_at_expiry
    assert dues(schedule) == [(date(2027, 5, 5), FEE)]


# --- the real-world shapes of domain.md -------------------------------------------------------------


def test_one_year_free_then_pay():
    """Tianjin / Shaanxi: nothing for a year, then a lump sum (a try-first plan, 12-month trial)."""
    plan = try_first_plan(Duration.months(12), Money(0), TrialEnd.CONVERT, flat_plan(FEE, Duration.years(5)))
    assert validate_plan(plan).ok
    schedule = build_schedule(plan, date(2027, 1, 1), FAR)
    assert schedule.trial == (date(2027, 1, 1), date(2027, 12, 31))
    assert schedule.first_paid_due == date(2028, 1, 1)
    assert dues(schedule) == [(date(2028, 1, 1), FEE)]
    assert schedule.end == date(2031, 12, 31)


def test_one_year_free_then_pay_per_use():
    """Tianjin: a year free, then a royalty on sales (try-first converting to royalty)."""
    conversion = royalty_plan(Decimal("0.03"), QUARTER, Duration.years(3))
    plan = try_first_plan(Duration.months(12), Money(0), TrialEnd.CONVERT, conversion)
    schedule = build_schedule(plan, date(2027, 1, 31), FAR)
    assert schedule.first_paid_due == date(2028, 1, 31)
    assert schedule.charges == ()
    assert schedule.royalty_periods[0].start == date(2028, 1, 31)
    assert schedule.royalty_periods[0].end == date(2028, 4, 29)
    assert schedule.royalty_periods[1].start == date(2028, 4, 30)
    assert len(schedule.royalty_periods) == 8
    assert schedule.royalty_periods[-1].end == date(2030, 1, 30)


def test_zero_entry_fee_then_staged_payments_plus_royalty():
    """Shanxi: no entry fee, staged payments, and a 3% revenue share running alongside them.

    Modelled as a ROYALTY plan of several ROYALTY phases (not a new kind): the rate runs through every
    phase and each phase's fee is due at its start, the first one (the entry fee) being zero.
    """
    stages = [(YEAR, Money(0)), (YEAR, Money("100000.00")), (None, Money("150000.00"))]
    plan = staged_royalty_plan(Decimal("0.03"), QUARTER, stages, YEARS_3)
    assert validate_plan(plan).ok
    schedule = build_schedule(plan, date(2027, 3, 1), FAR)
    assert schedule.charges == (
        Charge(date(2028, 3, 1), Money("100000.00"), 1, ChargeKind.ENTRY_FEE),
        Charge(date(2029, 3, 1), Money("150000.00"), 2, ChargeKind.ENTRY_FEE),
    )
    periods = schedule.royalty_periods
    assert len(periods) == 12
    assert [p.start for p in periods[:5]] == [
        date(2027, 3, 1),
        date(2027, 6, 1),
        date(2027, 9, 1),
        date(2027, 12, 1),
        date(2028, 3, 1),
    ]
    assert all(later.start == earlier.end + timedelta(days=1) for earlier, later in pairwise(periods))
    assert periods[-1].end == date(2030, 2, 28)
    assert [p.year_end for p in periods].count(True) == 3
    royalties = estimate_royalties(schedule, plan, Money("1000000.00"))
    assert len(royalties) == 12
    assert {charge.amount for charge in royalties} == {Money("7500.00")}


def test_a_staged_plan_cannot_end_in_a_royalty_phase():
    """The other way to model it (FIXED stages, then a trailing ROYALTY phase) is not a STAGED plan."""
    plan = Plan(
        PlanKind.STAGED,
        YEARS_3,
        (
            Phase(PhaseKind.FIXED, YEAR, FEE),
            Phase(PhaseKind.ROYALTY, None, Money(0), Decimal("0.03"), QUARTER),
        ),
    )
    assert validate_plan(plan).problems == (PlanProblem.KIND_MISMATCH,)


# --- the patent's expiry ----------------------------------------------------------------------------


def test_licence_taken_one_year_before_expiry_ends_at_expiry():
    plan = instalment_plan(Money("300000.00"), 3, YEAR, YEARS_3)
    schedule = build_schedule(plan, date(2027, 1, 1), date(2027, 12, 31))
    assert schedule.end == date(2027, 12, 31)
    assert schedule.term_end == date(2029, 12, 31)
    assert schedule.capped_at_expiry
    assert dues(schedule) == [(date(2027, 1, 1), Money("100000.00"))]
    assert schedule.phases == (
        PhaseWindow(0, PhaseKind.FIXED, date(2027, 1, 1), date(2027, 12, 31), Anchor(date(2027, 1, 1))),
    )
    assert schedule.total_fixed() == Money("100000.00")


def test_expiry_cuts_a_phase_in_the_middle():
    plan = instalment_plan(Money("300000.00"), 3, YEAR, YEARS_3)
    schedule = build_schedule(plan, date(2027, 1, 1), date(2028, 6, 30))
    assert [(w.start, w.end) for w in schedule.phases] == [
        (date(2027, 1, 1), date(2027, 12, 31)),
        (date(2028, 1, 1), date(2028, 6, 30)),
    ]
    assert len(schedule.charges) == 2


def test_expiry_on_the_terms_last_day_is_not_a_cap():
    schedule = build_schedule(flat_plan(FEE, YEARS_3), date(2027, 1, 1), date(2029, 12, 31))
    assert not schedule.capped_at_expiry


def test_expiry_during_the_trial():
    plan = try_first_plan(Duration.days(90), Money(0), TrialEnd.CONVERT, flat_plan(FEE, YEAR))
    schedule = build_schedule(plan, date(2027, 1, 1), date(2027, 2, 15))
    assert schedule.trial == (date(2027, 1, 1), date(2027, 2, 15))
    assert schedule.first_paid_due is None
    assert schedule.charges == ()


def test_start_after_expiry_refused():
    with pytest.raises(ValueError):
        build_schedule(flat_plan(FEE, YEAR), date(2027, 1, 2), date(2027, 1, 1))


def test_invalid_plan_refused():
    with pytest.raises(InvalidPlan) as refused:
        build_schedule(flat_plan(Money(0), YEAR), date(2027, 1, 1), FAR)
    assert refused.value.check.problems == (PlanProblem.FEE_MISSING,)
    assert isinstance(refused.value, ValueError)


# --- royalty periods --------------------------------------------------------------------------------


def test_quarterly_periods_and_report_dates():
    plan = royalty_plan(Decimal("0.03"), QUARTER, YEAR, entry_fee=Money("10000"))
    schedule = build_schedule(plan, date(2027, 1, 1), FAR)
    assert schedule.charges == (Charge(date(2027, 1, 1), Money("10000"), 0, ChargeKind.ENTRY_FEE),)
    assert [(p.start, p.end, p.report_due, p.year_end) for p in schedule.royalty_periods] == [
        (date(2027, 1, 1), date(2027, 3, 31), date(2027, 4, 30), False),
        (date(2027, 4, 1), date(2027, 6, 30), date(2027, 7, 30), False),
        (date(2027, 7, 1), date(2027, 9, 30), date(2027, 10, 30), False),
        (date(2027, 10, 1), date(2027, 12, 31), date(2028, 1, 30), True),
    ]


def test_quarters_from_a_month_end_start_never_drift():
    plan = royalty_plan(Decimal("0.03"), QUARTER, YEAR)
    schedule = build_schedule(plan, date(2027, 11, 30), FAR)
    assert [p.start for p in schedule.royalty_periods] == [
        date(2027, 11, 30),
        date(2028, 2, 29),
        date(2028, 5, 30),
        date(2028, 8, 30),
    ]


def test_yearly_periods():
    plan = royalty_plan(Decimal("0.05"), RoyaltyPeriod.YEAR, Duration.years(2))
    schedule = build_schedule(plan, date(2027, 7, 1), FAR)
    assert schedule.royalty_periods == (
        RoyaltyPeriodWindow(
            date(2027, 7, 1), date(2028, 6, 30), date(2028, 7, 30), 0, date(2028, 6, 30), 0, 0, True
        ),
        RoyaltyPeriodWindow(
            date(2028, 7, 1), date(2029, 6, 30), date(2029, 7, 30), 0, date(2029, 6, 30), 1, 0, True
        ),
    )


def test_last_period_cut_at_expiry():
    plan = royalty_plan(Decimal("0.03"), QUARTER, YEAR)
    schedule = build_schedule(plan, date(2027, 1, 1), date(2027, 8, 15))
    last = schedule.royalty_periods[-1]
    assert (last.start, last.end, last.nominal_end) == (
        date(2027, 7, 1),
        date(2027, 8, 15),
        date(2027, 9, 30),
    )
    assert last.cut and last.year_end
    assert last.report_due == date(2027, 9, 14)


# --- estimated royalties ----------------------------------------------------------------------------


def test_estimate_royalties_with_a_minimum_true_up():
    plan = royalty_plan(Decimal("0.03"), QUARTER, YEAR, annual_minimum=Money("40000.00"))
    schedule = build_schedule(plan, date(2027, 1, 1), FAR)
    charges = estimate_royalties(schedule, plan, Money("1000000.01"))
    assert charges == (
        Charge(date(2027, 4, 30), Money("7500.00"), 0, ChargeKind.ROYALTY),  # 250,000.01 × 3% = 7,500.0003
        Charge(date(2027, 7, 30), Money("7500.00"), 0, ChargeKind.ROYALTY),
        Charge(date(2027, 10, 30), Money("7500.00"), 0, ChargeKind.ROYALTY),
        Charge(date(2028, 1, 30), Money("7500.00"), 0, ChargeKind.ROYALTY),
        Charge(date(2028, 1, 30), Money("10000.00"), 0, ChargeKind.MINIMUM_TRUE_UP),
    )


def test_estimate_royalties_above_the_minimum_need_no_true_up():
    plan = royalty_plan(Decimal("0.035"), RoyaltyPeriod.YEAR, Duration.years(2), annual_minimum=Money(1000))
    schedule = build_schedule(plan, date(2027, 1, 1), FAR)
    charges = estimate_royalties(schedule, plan, Money("123456.78"))
    assert charges == (
        Charge(date(2028, 1, 30), Money("4320.99"), 0, ChargeKind.ROYALTY),
        Charge(date(2029, 1, 30), Money("4320.99"), 0, ChargeKind.ROYALTY),
    )


def test_estimate_royalties_pro_rates_a_cut_period_and_year():
    plan = royalty_plan(Decimal("0.03"), QUARTER, YEAR, annual_minimum=Money("40000.00"))
    schedule = build_schedule(plan, date(2027, 1, 1), date(2027, 8, 15))
    charges = estimate_royalties(schedule, plan, Money("1000000.00"))
    # Q3 is cut to 46 of its 92 days: 125,000.00 of sales, 3,750.00 of royalty. The year is cut to 227
    # of 365 days: the minimum becomes 40,000 × 227 / 365 = 24,876.71; royalties 18,750.00.
    assert charges == (
        Charge(date(2027, 4, 30), Money("7500.00"), 0, ChargeKind.ROYALTY),
        Charge(date(2027, 7, 30), Money("7500.00"), 0, ChargeKind.ROYALTY),
        Charge(date(2027, 9, 14), Money("3750.00"), 0, ChargeKind.ROYALTY),
        Charge(date(2027, 9, 14), Money("6126.71"), 0, ChargeKind.MINIMUM_TRUE_UP),
    )


def test_estimate_with_no_sales_is_the_minimum():
    plan = royalty_plan(Decimal("0.03"), RoyaltyPeriod.YEAR, YEAR, annual_minimum=Money("5000"))
    schedule = build_schedule(plan, date(2027, 1, 1), FAR)
    assert estimate_royalties(schedule, plan, Money(0)) == (
        Charge(date(2028, 1, 30), Money("5000"), 0, ChargeKind.MINIMUM_TRUE_UP),
    )


def test_estimate_refuses_negative_sales_and_plans_without_royalties():
    plan = royalty_plan(Decimal("0.03"), QUARTER, YEAR)
    schedule = build_schedule(plan, date(2027, 1, 1), FAR)
    with pytest.raises(ValueError):
        estimate_royalties(schedule, plan, Money(-1))
    flat = flat_plan(FEE, YEAR)
    with pytest.raises(ValueError):
        estimate_royalties(schedule, flat, Money(1))
    assert estimate_royalties(build_schedule(flat, date(2027, 1, 1), FAR), flat, Money(1000)) == ()


def test_all_charges_merges_in_date_order():
    plan = royalty_plan(Decimal("0.03"), QUARTER, YEAR, entry_fee=Money("10000"))
    schedule = build_schedule(plan, date(2027, 1, 1), FAR)
    merged = all_charges(schedule.charges, estimate_royalties(schedule, plan, Money("400000")))
    assert [charge.due for charge in merged] == [
        date(2027, 1, 1),
        date(2027, 4, 30),
        date(2027, 7, 30),
        date(2027, 10, 30),
        date(2028, 1, 30),
    ]
    assert merged[0].kind == "entry_fee"
