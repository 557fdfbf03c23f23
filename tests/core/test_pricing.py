"""Pricing plans: the builders compose phases; validate_plan refuses what cannot be published."""

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from marketplace.core.money import CurrencyMismatch, Money
from marketplace.core.plan_validation import PlanIssue, PlanProblem, PlanWarning, validate_plan
from marketplace.core.pricing import (
    ConversionKind,
    Duration,
    DurationUnit,
    Phase,
    PhaseKind,
    Plan,
    PlanKind,
    RoyaltyPeriod,
    TrialEnd,
    flat_plan,
    free_plan,
    instalment_plan,
    phase_boundaries,
    royalty_plan,
    staged_plan,
    staged_royalty_plan,
    try_first_plan,
)

YEAR, YEARS_3, MONTHS_6 = Duration.years(1), Duration.years(3), Duration.months(6)
FEE = Money("50000.00")
RATE = Decimal("0.035")
QUARTER = RoyaltyPeriod.QUARTER
NO_FEE = Money(0)


def problems(plan):
    return validate_plan(plan).problems


# --- durations --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("duration", "start", "after"),
    [
        (Duration.days(90), date(2027, 1, 1), date(2027, 4, 1)),
        (Duration.days(1), date(2027, 12, 31), date(2028, 1, 1)),
        (Duration.months(1), date(2027, 1, 31), date(2027, 2, 28)),
        (Duration.months(1), date(2028, 1, 31), date(2028, 2, 29)),
        (Duration.years(1), date(2028, 2, 29), date(2029, 2, 28)),
        (Duration.years(3), date(2027, 1, 1), date(2030, 1, 1)),
    ],
)
def test_duration_end_after(duration, start, after):
    assert duration.end_after(start) == after


def test_duration_fields():
    assert Duration(3, "month") == Duration.months(3)
    assert Duration.years(2).in_months == 24
    assert Duration.days(5).in_months is None
    with pytest.raises(TypeError):
        Duration(1.5, DurationUnit.DAY)  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        Duration(1, "week")  # type: ignore[arg-type]


def test_phase_and_plan_refuse_wrong_types():
    with pytest.raises(TypeError):
        Phase(PhaseKind.ROYALTY, None, royalty_rate=0.035)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        Phase(PhaseKind.FIXED, None, fee=100)  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        Phase(PhaseKind.ROYALTY, None, royalty_rate=Decimal("NaN"))
    with pytest.raises(TypeError):
        Plan(PlanKind.FLAT, YEAR, ("not a phase",))  # type: ignore[arg-type]


def test_plan_phases_become_a_tuple():
    plan = Plan(PlanKind.FLAT, YEAR, [Phase(PhaseKind.FIXED, None, FEE)])  # type: ignore[arg-type]
    assert isinstance(plan.phases, tuple)
    assert hash(plan) == hash(flat_plan(FEE, YEAR))


# --- builders ---------------------------------------------------------------------------------------


def test_flat_plan():
    plan = flat_plan(FEE, YEARS_3)
    assert plan == Plan(PlanKind.FLAT, YEARS_3, (Phase(PhaseKind.FIXED, None, FEE),))
    assert validate_plan(plan).ok


def test_staged_plan():
    plan = staged_plan([(YEAR, Money(100)), (YEAR, Money(200)), (None, Money(300))], YEARS_3)
    assert plan.kind is PlanKind.STAGED
    assert [phase.fee for phase in plan.phases] == [Money(100), Money(200), Money(300)]
    assert [phase.duration for phase in plan.phases] == [YEAR, YEAR, None]
    assert validate_plan(plan).ok


def test_staged_plan_whose_stages_fill_the_term():
    plan = staged_plan([(YEAR, Money(100)), (YEAR, Money(200)), (YEAR, Money(300))], YEARS_3)
    assert validate_plan(plan).ok


def test_three_instalments():
    plan = instalment_plan(Money("100000.00"), 3, YEAR, YEARS_3)
    assert plan.kind is PlanKind.STAGED
    assert [phase.fee for phase in plan.phases] == [Money("33333.34"), Money("33333.33"), Money("33333.33")]
    assert [phase.duration for phase in plan.phases] == [YEAR, YEAR, None]
    assert validate_plan(plan).ok
    with pytest.raises(ValueError):
        instalment_plan(Money(100), 0, YEAR, YEARS_3)


def test_royalty_plan():
    plan = royalty_plan(RATE, QUARTER, YEARS_3, entry_fee=FEE, annual_minimum=Money(10000))
    assert plan.phases == (Phase(PhaseKind.ROYALTY, None, FEE, RATE, QUARTER, Money(10000)),)
    assert validate_plan(plan).ok
    assert validate_plan(royalty_plan(RATE, RoyaltyPeriod.YEAR, YEARS_3)).ok


def test_staged_royalty_plan():
    plan = staged_royalty_plan(
        Decimal("0.03"), QUARTER, [(YEAR, Money(0)), (YEAR, FEE), (None, FEE)], YEARS_3
    )
    assert plan.kind is PlanKind.ROYALTY
    assert all(phase.kind is PhaseKind.ROYALTY for phase in plan.phases)
    assert all(phase.royalty_rate == Decimal("0.03") for phase in plan.phases)
    assert validate_plan(plan).ok


def test_try_first_plan():
    conversion = flat_plan(FEE, YEARS_3)
    plan = try_first_plan(Duration.days(90), Money(0), TrialEnd.CONVERT, conversion)
    assert plan.kind is PlanKind.TRY_FIRST
    assert plan.conversion is ConversionKind.FLAT
    assert plan.trial_end is TrialEnd.CONVERT
    assert plan.term == YEARS_3
    assert plan.phases == (Phase(PhaseKind.TRIAL, Duration.days(90)), Phase(PhaseKind.FIXED, None, FEE))
    assert validate_plan(plan).ok


def test_try_first_drops_the_conversion_plans_last_duration():
    staged = staged_plan([(YEAR, Money(100)), (YEAR, Money(200)), (YEAR, Money(300))], YEARS_3)
    plan = try_first_plan(Duration.days(30), Money(0), TrialEnd.EXPIRE, staged)
    assert [phase.duration for phase in plan.phases] == [Duration.days(30), YEAR, YEAR, None]
    assert plan.conversion is ConversionKind.STAGED
    assert validate_plan(plan).ok


def test_try_first_converting_to_royalty():
    plan = try_first_plan(
        Duration.months(12), Money(0), TrialEnd.CONVERT, royalty_plan(RATE, QUARTER, YEARS_3)
    )
    assert plan.conversion is ConversionKind.ROYALTY
    assert validate_plan(plan).ok


def test_free_plan():
    plan = free_plan(Duration.years(5))
    assert plan.phases == (Phase(PhaseKind.FREE, None),)
    assert validate_plan(plan).ok


# --- phase boundaries -------------------------------------------------------------------------------


def test_boundaries_count_months_from_the_start():
    plan = staged_plan(
        [(MONTHS_6, Money(1)), (MONTHS_6, Money(1)), (MONTHS_6, Money(1)), (None, Money(1))], YEARS_3
    )
    assert phase_boundaries(plan.phases, date(2027, 8, 31)) == (
        date(2027, 8, 31),
        date(2028, 2, 29),
        date(2028, 8, 31),
        date(2029, 2, 28),
    )


def test_boundaries_after_a_trial_in_days_count_from_the_conversion_day():
    phases = (
        Phase(PhaseKind.TRIAL, Duration.days(30)),
        Phase(PhaseKind.FIXED, MONTHS_6, Money(1)),
        Phase(PhaseKind.FIXED, MONTHS_6, Money(1)),
        Phase(PhaseKind.FIXED, MONTHS_6, Money(1)),
    )
    # 2027-08-01 + 30 days = 2027-08-31, then + 6, 12, 18 months from that day.
    assert phase_boundaries(phases, date(2027, 8, 1)) == (
        date(2027, 8, 1),
        date(2027, 8, 31),
        date(2028, 2, 29),
        date(2028, 8, 31),
        date(2029, 2, 28),
    )


def test_boundaries_beyond_the_calendar_saturate():
    phases = (Phase(PhaseKind.FIXED, Duration.years(5000), Money(1)), Phase(PhaseKind.FIXED, YEAR, Money(1)))
    assert phase_boundaries(phases, date(7000, 1, 1)) == (date(7000, 1, 1), date.max, date.max)


# --- validation: one plan for every problem ---------------------------------------------------------


def _trial(days=30, fee=NO_FEE):
    return Phase(PhaseKind.TRIAL, Duration.days(days), fee)


def _fixed(duration=None, fee=FEE):
    return Phase(PhaseKind.FIXED, duration, fee)


def _royalty(duration=None, rate=RATE, period=QUARTER, minimum=None, fee=NO_FEE):
    return Phase(PhaseKind.ROYALTY, duration, fee, rate, period, minimum)


def _try_first(*phases, trial_end=TrialEnd.CONVERT, conversion=ConversionKind.FLAT):
    return Plan(PlanKind.TRY_FIRST, YEARS_3, phases, trial_end, conversion)


PROBLEM_CASES = [
    (PlanProblem.NO_PHASES, Plan(PlanKind.FLAT, YEAR, ())),
    (PlanProblem.TRIAL_LAST, _try_first(_trial())),
    (PlanProblem.TRIAL_NOT_FIRST, _try_first(_trial(), _fixed(YEAR), _trial(), _fixed())),
    (
        PlanProblem.DURATION_NOT_POSITIVE,
        try_first_plan(Duration.days(0), Money(0), TrialEnd.CONVERT, flat_plan(FEE, YEAR)),
    ),
    (PlanProblem.DURATION_NOT_POSITIVE, staged_plan([(Duration.months(-1), FEE), (None, FEE)], YEAR)),
    (PlanProblem.OPEN_PHASE_NOT_LAST, staged_plan([(None, FEE), (None, FEE)], YEAR)),
    (PlanProblem.FEE_NEGATIVE, flat_plan(Money(-1), YEAR)),
    (PlanProblem.FEE_NEGATIVE, royalty_plan(RATE, QUARTER, YEAR, entry_fee=Money("-0.01"))),
    (PlanProblem.FEE_MISSING, flat_plan(Money(0), YEAR)),
    (PlanProblem.FEE_MISSING, staged_plan([(MONTHS_6, FEE), (None, Money(0))], YEAR)),
    (PlanProblem.FEE_MISSING, staged_plan([(MONTHS_6, Money(0)), (None, Money(0))], YEAR)),
    (PlanProblem.ROYALTY_RATE_MISSING, Plan(PlanKind.ROYALTY, YEAR, (_royalty(rate=None),))),
    (PlanProblem.ROYALTY_RATE_NOT_POSITIVE, royalty_plan(Decimal(0), QUARTER, YEAR)),
    (PlanProblem.ROYALTY_RATE_NOT_POSITIVE, royalty_plan(Decimal("-0.01"), QUARTER, YEAR)),
    (PlanProblem.ROYALTY_RATE_TOO_HIGH, royalty_plan(Decimal("0.25"), QUARTER, YEAR)),
    (PlanProblem.ROYALTY_RATE_TOO_HIGH, royalty_plan(Decimal("0.2000001"), QUARTER, YEAR)),
    (PlanProblem.ROYALTY_PERIOD_MISSING, Plan(PlanKind.ROYALTY, YEAR, (_royalty(period=None),))),
    (PlanProblem.MINIMUM_NEGATIVE, royalty_plan(RATE, QUARTER, YEAR, annual_minimum=Money(-100))),
    (PlanProblem.TERM_NOT_POSITIVE, flat_plan(FEE, Duration.years(0))),
    (PlanProblem.TERM_NOT_POSITIVE, Plan(PlanKind.FLAT, Duration.days(-1), ())),
    (
        PlanProblem.PHASES_LONGER_THAN_TERM,
        staged_plan([(Duration.years(2), FEE), (None, FEE)], Duration.years(2)),
    ),
    (
        PlanProblem.PHASES_LONGER_THAN_TERM,
        staged_plan([(YEAR, FEE), (Duration.years(2), FEE)], Duration.years(2)),
    ),
    (
        PlanProblem.PHASES_LONGER_THAN_TERM,
        staged_plan([(Duration.days(366), FEE), (None, FEE)], Duration.days(366)),
    ),
    # 90 days is longer than 3 months for a start on Feb 1 of a common year (Feb + Mar + Apr = 89 days).
    (PlanProblem.PHASES_LONGER_THAN_TERM, _try_first(_trial(90), _fixed(Duration.months(33)), _fixed())),
    (PlanProblem.TRIAL_END_MISSING, _try_first(_trial(), _fixed(), trial_end=None)),
    (
        PlanProblem.CONVERSION_INVALID,
        try_first_plan(Duration.days(30), Money(0), TrialEnd.CONVERT, free_plan(YEAR)),
    ),
    (PlanProblem.CONVERSION_INVALID, _try_first(_trial(), _royalty(), conversion=ConversionKind.FLAT)),
    (
        PlanProblem.CONVERSION_INVALID,
        _try_first(_trial(), _fixed(YEAR), _fixed(), conversion=ConversionKind.FLAT),
    ),
    (PlanProblem.FREE_WITH_FEE, Plan(PlanKind.FREE, YEAR, (Phase(PhaseKind.FREE, None, Money(1)),))),
    (PlanProblem.KIND_MISMATCH, Plan(PlanKind.FLAT, YEAR, (_royalty(),))),
    (PlanProblem.KIND_MISMATCH, Plan(PlanKind.FLAT, YEAR, (_fixed(MONTHS_6), _fixed()))),
    (PlanProblem.KIND_MISMATCH, Plan(PlanKind.STAGED, YEARS_3, (_fixed(YEAR), _royalty()))),
    (PlanProblem.KIND_MISMATCH, Plan(PlanKind.ROYALTY, YEAR, (_fixed(),))),
    (PlanProblem.KIND_MISMATCH, Plan(PlanKind.FREE, YEAR, (_fixed(),))),
    (PlanProblem.KIND_MISMATCH, Plan(PlanKind.FLAT, YEAR, (_trial(), _fixed()))),
    (PlanProblem.KIND_MISMATCH, _try_first(_fixed())),
    (PlanProblem.KIND_MISMATCH, Plan(PlanKind.FLAT, YEAR, (_fixed(),), trial_end=TrialEnd.EXPIRE)),
    (PlanProblem.KIND_MISMATCH, Plan(PlanKind.FLAT, YEAR, (_fixed(),), conversion=ConversionKind.FLAT)),
    (PlanProblem.KIND_MISMATCH, Plan(PlanKind.FLAT, YEAR, (Phase(PhaseKind.FIXED, None, FEE, RATE),))),
    (PlanProblem.MILESTONE_FIRST_PHASE, staged_plan([(MONTHS_6, FEE), (None, FEE)], YEAR, ["投产", None])),
    (PlanProblem.MILESTONE_KIND, _try_first(_trial(), Phase(PhaseKind.FREE, None, milestone="投产"))),
    (PlanProblem.MILESTONE_WITHOUT_FEE, Plan(PlanKind.ROYALTY, YEAR, (
        _royalty(MONTHS_6, fee=FEE), replace(_royalty(fee=NO_FEE), milestone="投产")))),
    (PlanProblem.MILESTONE_NAME, staged_plan([(MONTHS_6, FEE), (None, FEE)], YEAR, [None, "投产\n首次销售"])),
]


@pytest.mark.parametrize(("code", "plan"), PROBLEM_CASES)
def test_problem(code, plan):
    check = validate_plan(plan)
    assert code in check.problems
    assert not check.ok


def test_every_problem_has_a_case():
    assert {code for code, _ in PROBLEM_CASES} == set(PlanProblem)


def test_problems_are_distinct_and_located():
    plan = staged_plan([(MONTHS_6, Money(0)), (MONTHS_6, Money(0)), (None, Money(-1))], Duration.years(2))
    check = validate_plan(plan)
    assert check.problems == (PlanProblem.FEE_MISSING, PlanProblem.FEE_NEGATIVE)
    assert check.issues == (
        PlanIssue(PlanProblem.FEE_MISSING, 0),
        PlanIssue(PlanProblem.FEE_MISSING, 1),
        PlanIssue(PlanProblem.FEE_NEGATIVE, 2),
    )


def test_royalty_rate_25_percent_refused():
    assert problems(royalty_plan(Decimal("0.25"), QUARTER, YEARS_3)) == (PlanProblem.ROYALTY_RATE_TOO_HIGH,)


def test_royalty_rate_exactly_20_percent_accepted():
    assert validate_plan(royalty_plan(Decimal("0.20"), QUARTER, YEARS_3)).ok
    assert validate_plan(royalty_plan(Decimal("0.2"), RoyaltyPeriod.YEAR, YEARS_3)).ok


def test_zero_day_trial_refused():
    plan = try_first_plan(Duration.days(0), Money(0), TrialEnd.CONVERT, flat_plan(FEE, YEARS_3))
    assert problems(plan) == (PlanProblem.DURATION_NOT_POSITIVE,)


def test_trial_as_final_phase_refused():
    plan = Plan(PlanKind.TRY_FIRST, YEAR, (_trial(),), TrialEnd.EXPIRE, ConversionKind.FLAT)
    assert problems(plan) == (PlanProblem.TRIAL_LAST,)


def test_a_trial_may_have_a_fee():
    plan = try_first_plan(Duration.days(30), Money(500), TrialEnd.CONVERT, flat_plan(FEE, YEAR))
    assert validate_plan(plan).ok


def test_phases_fit_when_a_day_trial_leaves_room():
    staged = staged_plan([(YEAR, FEE), (YEAR, FEE), (None, FEE)], Duration.years(4))
    assert validate_plan(try_first_plan(Duration.days(90), Money(0), TrialEnd.CONVERT, staged)).ok


def test_a_trial_eating_the_whole_term_is_refused():
    staged = staged_plan([(YEAR, FEE), (YEAR, FEE), (YEAR, FEE)], YEARS_3)
    plan = try_first_plan(Duration.months(12), Money(0), TrialEnd.CONVERT, staged)
    assert problems(plan) == (PlanProblem.PHASES_LONGER_THAN_TERM,)


def test_mixed_currencies_are_a_programming_error():
    plan = staged_plan([(YEAR, FEE), (None, Money(1, "USD"))], YEARS_3)
    with pytest.raises(CurrencyMismatch):
        validate_plan(plan)


# --- warnings ---------------------------------------------------------------------------------------


def test_fee_above_20_million_warns():
    check = validate_plan(flat_plan(Money("20000000.01"), YEARS_3))
    assert check.ok
    assert check.warnings == (PlanWarning.FIXED_FEE_ABOVE_20M,)
    assert PlanIssue(PlanWarning.FIXED_FEE_ABOVE_20M, 0) in check.issues


def test_fee_of_exactly_20_million_does_not_warn():
    assert validate_plan(flat_plan(Money("20000000.00"), YEARS_3)).warnings == ()


def test_fixed_fees_adding_up_above_20_million_warn():
    plan = instalment_plan(Money("30000000.00"), 3, YEAR, YEARS_3)
    check = validate_plan(plan)
    assert check.ok
    assert check.warnings == (PlanWarning.FIXED_FEE_ABOVE_20M,)
    assert check.issues == (PlanIssue(PlanWarning.FIXED_FEE_ABOVE_20M, None),)


def test_entry_fee_above_20_million_warns():
    plan = royalty_plan(RATE, QUARTER, YEARS_3, entry_fee=Money("25000000"))
    assert validate_plan(plan).warnings == (PlanWarning.FIXED_FEE_ABOVE_20M,)
