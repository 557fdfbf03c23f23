"""Properties: splits are exact and fair, dates never go backwards, nothing runs past the patent's expiry."""

from datetime import date, timedelta
from decimal import Decimal
from itertools import pairwise

from hypothesis import given, settings
from hypothesis import strategies as st

from marketplace.core.calendar import add_days, add_months, days_in_month, month_boundaries
from marketplace.core.money import Money, allocate, allocate_by_weights
from marketplace.core.plan_validation import validate_plan
from marketplace.core.pricing import (
    Duration,
    PhaseKind,
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
from marketplace.core.schedule import build_schedule, estimate_royalties

ONE_DAY = timedelta(days=1)

totals = st.integers(min_value=0, max_value=10**15).map(Money.from_fen)
fees = st.integers(min_value=1, max_value=10**10).map(Money.from_fen)
fees_or_zero = st.one_of(st.just(Money.zero()), fees)
rates = st.integers(min_value=1, max_value=200_000).map(lambda millionths: Decimal(millionths).scaleb(-6))
periods = st.sampled_from(RoyaltyPeriod)
minimums = st.one_of(st.none(), st.integers(min_value=0, max_value=10**9).map(Money.from_fen))
terms = st.one_of(
    st.integers(1, 20).map(Duration.years),
    st.integers(1, 240).map(Duration.months),
    st.integers(1, 7300).map(Duration.days),
)
stage_lengths = st.one_of(
    st.integers(1, 200).map(Duration.days),
    st.integers(1, 12).map(Duration.months),
    st.just(Duration.years(1)),
)


@st.composite
def stages(draw, amounts=fees):
    """One to five (length, fee) stages; the last one's length may be None."""
    drawn = draw(st.lists(st.tuples(stage_lengths, amounts), min_size=1, max_size=5))
    if draw(st.booleans()):
        drawn[-1] = (None, drawn[-1][1])
    return drawn


flat_plans = st.builds(flat_plan, fees, terms)
staged_plans = st.builds(staged_plan, stages(), terms)
instalment_plans = st.builds(instalment_plan, fees, st.integers(1, 6), stage_lengths, terms)
royalty_plans = st.builds(royalty_plan, rates, periods, terms, fees_or_zero, minimums)
staged_royalty_plans = st.builds(staged_royalty_plan, rates, periods, stages(fees_or_zero), terms, minimums)
conversion_plans = st.one_of(flat_plans, staged_plans, instalment_plans, royalty_plans, staged_royalty_plans)
try_first_plans = st.builds(
    try_first_plan,
    st.one_of(st.integers(1, 365).map(Duration.days), st.integers(1, 24).map(Duration.months)),
    fees_or_zero,
    st.sampled_from(TrialEnd),
    conversion_plans,
)
plans = st.one_of(conversion_plans, try_first_plans, st.builds(free_plan, terms)).filter(
    lambda plan: validate_plan(plan).ok
)


@st.composite
def licences(draw):
    """A valid plan, a start day and the patent's last day in force (on or after the start)."""
    plan = draw(plans)
    start = draw(st.dates(min_value=date(2000, 1, 1), max_value=date(2060, 12, 31)))
    expiry = start + timedelta(days=draw(st.integers(min_value=0, max_value=12_000)))
    return plan, start, expiry


# --- money ------------------------------------------------------------------------------------------


@settings(max_examples=500)
@given(totals, st.integers(min_value=1, max_value=100))
def test_allocate_is_exact_and_fair(total, parts):
    shares = allocate(total, parts)
    assert len(shares) == parts
    assert sum(shares) == total
    assert max(shares).fen - min(shares).fen <= 1
    assert all(earlier >= later for earlier, later in pairwise(shares))


@settings(max_examples=500)
@given(totals, st.lists(st.integers(min_value=0, max_value=1000), min_size=1, max_size=12))
def test_allocate_by_weights_is_exact(total, weights):
    if sum(weights) == 0:
        weights = [*weights[:-1], 1]
    shares = allocate_by_weights(total, weights)
    assert sum(shares) == total
    for share, weight in zip(shares, weights, strict=True):
        exact = Decimal(total.fen * weight) / Decimal(sum(weights))
        assert exact - 1 < share.fen <= exact + 1
        assert weight > 0 or share.fen == 0


# --- calendar ---------------------------------------------------------------------------------------


@settings(max_examples=500)
@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2200, 12, 31)), st.integers(-1200, 1200))
def test_add_months_is_a_valid_clamped_date(day, months):
    result = add_months(day, months)
    assert isinstance(result, date)
    assert (result.year * 12 + result.month) - (day.year * 12 + day.month) == months
    assert result.day == min(day.day, days_in_month(result.year, result.month))


@settings(max_examples=500)
@given(
    st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)),
    st.integers(min_value=1, max_value=24),
    st.integers(min_value=0, max_value=40),
)
def test_month_boundaries_count_from_the_start(start, months_each, count):
    boundaries = month_boundaries(start, months_each, count)
    assert len(boundaries) == count + 1
    assert all(boundaries[k] == add_months(start, k * months_each) for k in range(count + 1))
    assert all(earlier < later for earlier, later in pairwise(boundaries))


# --- schedules --------------------------------------------------------------------------------------


@settings(max_examples=500)
@given(licences())
def test_schedule_dates_never_go_backwards(licence):
    plan, start, expiry = licence
    schedule = build_schedule(plan, start, expiry)
    windows = schedule.phases
    assert windows, "a licence always has a first phase"
    assert windows[0].start == start
    assert windows[-1].end == schedule.end
    assert [window.index for window in windows] == list(range(len(windows)))
    for window in windows:
        assert window.start <= window.end
    for earlier, later in pairwise(windows):
        assert later.start == earlier.end + ONE_DAY
    dues = [charge.due for charge in schedule.charges]
    assert dues == sorted(dues)
    for earlier, later in pairwise(schedule.royalty_periods):
        assert later.start == earlier.end + ONE_DAY
        assert later.report_due > earlier.report_due
    for period in schedule.royalty_periods:
        assert period.start <= period.end <= period.nominal_end
        assert period.report_due == period.end + timedelta(days=30)
        window = windows[period.phase_index]
        assert window.kind is PhaseKind.ROYALTY
        assert window.start <= period.start and period.end <= window.end
    estimates = [charge.due for charge in estimate_royalties(schedule, plan, Money("1000000.00"))]
    assert estimates == sorted(estimates)


@settings(max_examples=500)
@given(licences())
def test_schedule_never_runs_past_the_expiry(licence):
    plan, start, expiry = licence
    schedule = build_schedule(plan, start, expiry)
    assert start <= schedule.end <= expiry
    assert schedule.end <= schedule.term_end
    assert schedule.capped_at_expiry == (schedule.term_end > expiry)
    assert all(start <= charge.due <= schedule.end for charge in schedule.charges)
    assert all(window.end <= schedule.end for window in schedule.phases)
    assert all(period.end <= schedule.end for period in schedule.royalty_periods)
    if schedule.trial is not None:
        assert start == schedule.trial[0] <= schedule.trial[1] <= schedule.end
    if schedule.first_paid_due is not None:
        assert schedule.first_paid_due <= schedule.end
        assert plan.kind is PlanKind.TRY_FIRST
        trial = plan.phases[0].duration
        assert trial is not None and schedule.first_paid_due == trial.end_after(start)


@settings(max_examples=500)
@given(licences())
def test_uncapped_schedule_charges_every_fee(licence):
    plan, start, _ = licence
    schedule = build_schedule(plan, start, date(2200, 12, 31))
    assert not schedule.capped_at_expiry
    assert schedule.end == plan.term.end_after(start) - ONE_DAY
    assert len(schedule.phases) == len(plan.phases)
    assert schedule.total_fixed().fen == sum(phase.fee.fen for phase in plan.phases)


def _origins(plan, start):
    """Each phase's (origin, months before it), walked from the licence start with add_days and add_months
    only: a duration in days ends on a new origin, months add up from the current one."""
    origin, months, found = start, 0, []
    for phase in plan.phases:
        found.append((origin, months))
        if phase.duration is None:
            break
        if phase.duration.in_months is None:
            origin, months = add_days(add_months(origin, months), phase.duration.count), 0
        else:
            months += phase.duration.in_months
    return found


@settings(max_examples=500)
@given(licences())
def test_phases_and_royalty_periods_count_from_the_licence_start(licence):
    plan, start, expiry = licence
    schedule = build_schedule(plan, start, expiry)
    origins = _origins(plan, start)
    for window in schedule.phases:
        origin, months = origins[window.index]
        assert window.start == add_months(origin, months)
    for period in schedule.royalty_periods:
        origin, months = origins[period.phase_index]
        step = 3 if plan.phases[period.phase_index].royalty_period is RoyaltyPeriod.QUARTER else 12
        k = (12 // step) * period.year_index + period.index_in_year
        assert period.start == add_months(origin, months + step * k)
        assert period.nominal_end == add_months(origin, months + step * (k + 1)) - ONE_DAY
    for window in schedule.phases:
        own = [period for period in schedule.royalty_periods if period.phase_index == window.index]
        if window.kind is PhaseKind.ROYALTY:
            assert own[0].start == window.start and own[-1].end == window.end
            assert all(later.start == earlier.end + ONE_DAY for earlier, later in pairwise(own))
        else:
            assert own == []
