"""Every boundary of every phase counts from the licence start (domain.md, "Dates").

A phase's k-th boundary is licence start + (months before the phase + k × period) months, clamped to
the month's end; never the clamped phase start + k × period, never chained from the previous boundary.
After a trial in days the origin is start + N days and later boundaries count months from that day.
The examples first (they failed when royalty periods and years counted from the phase start), then
properties over clamped starts: days 28–31, leap years, trials of 1–12 months and 1–400 days before
monthly, quarterly and yearly phases.
"""

from datetime import date, timedelta
from decimal import Decimal
from itertools import pairwise

from hypothesis import given, settings
from hypothesis import strategies as st

from marketplace.core.calendar import Anchor, add_days, add_months, boundary, days_in_month
from marketplace.core.money import Money
from marketplace.core.plan_validation import validate_plan
from marketplace.core.pricing import (
    Duration,
    PhaseKind,
    RoyaltyPeriod,
    TrialEnd,
    instalment_plan,
    phase_anchors,
    royalty_plan,
    staged_plan,
    staged_royalty_plan,
    try_first_plan,
)
from marketplace.core.schedule import ChargeKind, build_schedule, estimate_royalties, year_minimum

FAR = date(2200, 12, 31)
ONE_DAY = timedelta(days=1)
FEE = Money("1000.00")
RATE = Decimal("0.05")
QUARTER, YEAR = RoyaltyPeriod.QUARTER, RoyaltyPeriod.YEAR
ONE_MONTH_TRIAL_FROM_JAN_31 = date(2027, 1, 31)


def _quarters_after_a_one_month_trial(start: date, minimum: Money | None = None):
    conversion = royalty_plan(RATE, QUARTER, Duration.years(3), annual_minimum=minimum)
    plan = try_first_plan(Duration.months(1), Money(0), TrialEnd.CONVERT, conversion)
    return plan, build_schedule(plan, start, FAR)


# --- the examples -----------------------------------------------------------------------------------


def test_quarters_after_a_one_month_trial_from_jan_31_keep_the_month_end():
    """Jan 31 + 1, 4, 7, 10, 13 … months: Feb 28, May 31, Aug 31, Nov 30, Feb 29 (2028 is a leap year)."""
    _, schedule = _quarters_after_a_one_month_trial(ONE_MONTH_TRIAL_FROM_JAN_31)
    assert schedule.trial == (date(2027, 1, 31), date(2027, 2, 27))
    assert schedule.first_paid_due == date(2027, 2, 28)
    assert [(p.start, p.end, p.report_due) for p in schedule.royalty_periods[:6]] == [
        (date(2027, 2, 28), date(2027, 5, 30), date(2027, 6, 29)),
        (date(2027, 5, 31), date(2027, 8, 30), date(2027, 9, 29)),
        (date(2027, 8, 31), date(2027, 11, 29), date(2027, 12, 29)),
        (date(2027, 11, 30), date(2028, 2, 28), date(2028, 3, 29)),
        (date(2028, 2, 29), date(2028, 5, 30), date(2028, 6, 29)),
        (date(2028, 5, 31), date(2028, 8, 30), date(2028, 9, 29)),
    ]
    last = schedule.royalty_periods[-1]
    assert (last.start, last.end, last.cut) == (date(2029, 11, 30), date(2030, 1, 30), True)
    assert schedule.end == date(2030, 1, 30)  # three years from Jan 31, the trial inside them


def test_royalty_years_after_a_clamped_start_count_from_the_licence_start():
    """The year closing Feb 28, 2028 (the day before Jan 31 + 13 months) is a whole year: no pro-rating."""
    plan, schedule = _quarters_after_a_one_month_trial(ONE_MONTH_TRIAL_FROM_JAN_31, Money("20000.00"))
    year_end = schedule.royalty_periods[3]
    assert (year_end.year_index, year_end.year_end, year_end.end) == (0, True, date(2028, 2, 28))
    assert year_minimum(Money("20000.00"), schedule.phases[1], year_end) == Money("20000.00")
    estimates = estimate_royalties(schedule, plan, Money.zero())
    true_ups = [c for c in estimates if c.kind is ChargeKind.MINIMUM_TRUE_UP]
    assert [(c.due, c.amount) for c in true_ups] == [
        (date(2028, 3, 29), Money("20000.00")),
        (date(2029, 3, 29), Money("20000.00")),  # Feb 29, 2028 – Feb 27, 2029, reported 30 days later
        (date(2030, 3, 1), Money("18465.75")),  # Feb 28, 2029 – Jan 30, 2030: 337 of 365 days
    ]


def test_staged_plan_from_aug_31_returns_to_the_31st():
    stages = [(Duration.months(6), FEE)] * 4 + [(None, FEE)]
    schedule = build_schedule(staged_plan(stages, Duration.years(3)), date(2027, 8, 31), FAR)
    assert [charge.due for charge in schedule.charges] == [
        date(2027, 8, 31), date(2028, 2, 29), date(2028, 8, 31), date(2029, 2, 28), date(2029, 8, 31),
    ]


def test_staged_royalty_periods_restart_from_the_licence_start_at_each_stage():
    """Stages of 1 month then the rest from Jan 31: the second stage's quarters keep the 31st."""
    plan = staged_royalty_plan(RATE, QUARTER, [(Duration.months(1), FEE), (None, FEE)], Duration.years(1))
    schedule = build_schedule(plan, date(2027, 1, 31), FAR)
    assert [(p.phase_index, p.start) for p in schedule.royalty_periods] == [
        (0, date(2027, 1, 31)),
        (1, date(2027, 2, 28)),
        (1, date(2027, 5, 31)),
        (1, date(2027, 8, 31)),
        (1, date(2027, 11, 30)),
    ]
    assert schedule.royalty_periods[-1].end == date(2028, 1, 30)


def test_instalments_after_a_day_trial_count_from_the_conversion_day():
    """A 29-day trial from Jan 2, 2027 converts on Jan 31; monthly instalments keep the 31st from there."""
    conversion = instalment_plan(Money("300.00"), 3, Duration.months(1), Duration.years(1))
    plan = try_first_plan(Duration.days(29), Money(0), TrialEnd.CONVERT, conversion)
    schedule = build_schedule(plan, date(2027, 1, 2), FAR)
    assert [charge.due for charge in schedule.charges] == [
        date(2027, 1, 31), date(2027, 2, 28), date(2027, 3, 31),
    ]


def test_quarters_after_a_day_trial_count_from_the_conversion_day():
    """A 30-day trial from Aug 1 converts on Aug 31; quarters then start Nov 30, Feb 29, May 31, Aug 31."""
    conversion = royalty_plan(RATE, QUARTER, Duration.years(1))
    plan = try_first_plan(Duration.days(30), Money(0), TrialEnd.CONVERT, conversion)
    schedule = build_schedule(plan, date(2027, 8, 1), FAR)
    assert [p.start for p in schedule.royalty_periods] == [
        date(2027, 8, 31), date(2027, 11, 30), date(2028, 2, 29), date(2028, 5, 31),
    ]
    assert schedule.royalty_periods[-1].end == date(2028, 7, 31)


def test_anchors_keep_their_origin():
    start = date(2027, 1, 31)
    anchors = phase_anchors((Duration.months(1), Duration.days(10), Duration.months(1), None), start)
    after_days = date(2027, 3, 10)  # Feb 28 + 10 days: the origin of what follows
    assert anchors == (Anchor(start), Anchor(start, 1), Anchor(after_days), Anchor(after_days, 1))
    assert [anchor.day for anchor in anchors] == [start, date(2027, 2, 28), after_days, date(2027, 4, 10)]
    assert Anchor(start, 1).at(3) == date(2027, 5, 31)
    assert add_months(Anchor(start, 1).day, 3) == date(2027, 5, 28)  # what counting from the phase start gave


def test_boundary_saturates_beyond_the_calendar():
    assert boundary(date(9999, 6, 30), 12) == date.max
    assert boundary(date(1, 6, 30), -12) == date.min
    assert Anchor(date.max).after_days(5) == Anchor(date.max)
    assert Anchor(date(9999, 12, 1)).after_months(1).day == date.max


# --- properties over clamped starts -----------------------------------------------------------------


@st.composite
def clamped_starts(draw):
    """Days 28–31 of any month from 1996 to 2104 (leap years 2000 and 2096, common 2100 included)."""
    year = draw(st.integers(1996, 2104))
    month = draw(st.integers(1, 12))
    return date(year, month, min(draw(st.integers(28, 31)), days_in_month(year, month)))


trials = st.one_of(st.integers(1, 12).map(Duration.months), st.integers(1, 400).map(Duration.days))
step_months = st.sampled_from([1, 3, 12])  # monthly, quarterly and yearly stages


def expected(start: date, trial: Duration | None, months: int) -> date:
    """The rule, worked independently of the code under test: licence start + months, or, after a trial
    in days, (start + N days) + months; a trial in months counts in the months."""
    if trial is None:
        return add_months(start, months)
    if trial.in_months is None:
        return add_months(add_days(start, trial.count), months)
    return add_months(start, trial.in_months + months)


def _origin_day(start: date, trial: Duration | None) -> int:
    return add_days(start, trial.count).day if trial is not None and trial.in_months is None else start.day


@st.composite
def licences(draw):
    """A plan of monthly, quarterly or yearly phases (stages, instalments, royalty periods), perhaps after
    a trial, from a clamped start, and the patent's expiry: far away or somewhere in the term."""
    trial = draw(st.one_of(st.none(), trials))
    every = draw(step_months)
    count = draw(st.integers(1, 5))
    years = (every * count + 14) // 12 + 1
    shape = draw(st.sampled_from(["staged", "instalments", "royalty", "staged_royalty"]))
    period = draw(st.sampled_from([QUARTER, YEAR]))
    minimum = draw(st.one_of(st.none(), st.just(Money("20000.00"))))
    stages = [(Duration.months(every), FEE)] * count + [(None, FEE)]
    term = Duration.years(years)
    conversion = {
        "staged": lambda: staged_plan(stages, term),
        "instalments": lambda: instalment_plan(Money("10000.00"), count + 1, Duration.months(every), term),
        "royalty": lambda: royalty_plan(RATE, period, term, FEE, minimum),
        "staged_royalty": lambda: staged_royalty_plan(RATE, period, stages, term, minimum),
    }[shape]()
    plan = conversion if trial is None else try_first_plan(trial, Money(0), TrialEnd.CONVERT, conversion)
    start = draw(clamped_starts())
    in_term = st.integers(0, 366 * years).map(lambda days: start + timedelta(days))
    expiry = draw(st.one_of(st.just(FAR), in_term))
    assert validate_plan(plan).ok
    return plan, trial, every, start, expiry


def _months_before(plan, trial, every):
    """Months from the origin to each phase after the trial (0 for the first of them)."""
    count = len(plan.phases) - (0 if trial is None else 1)
    return [every * index for index in range(count)]


@settings(max_examples=400)
@given(licences())
def test_every_boundary_is_the_licence_start_plus_its_months(licence):
    plan, trial, every, start, expiry = licence
    schedule = build_schedule(plan, start, expiry)
    offset = 0 if trial is None else 1
    windows = schedule.phases[offset:]
    for window, months in zip(windows, _months_before(plan, trial, every), strict=False):
        assert window.start == expected(start, trial, months)
    for period in schedule.royalty_periods:
        window = schedule.phases[period.phase_index]
        months = _months_before(plan, trial, every)[period.phase_index - offset]
        step = 3 if plan.phases[period.phase_index].royalty_period is QUARTER else 12
        k = 12 // step * period.year_index + period.index_in_year
        assert period.start == expected(start, trial, months + step * k)
        assert period.nominal_end == expected(start, trial, months + step * (k + 1)) - ONE_DAY
        year_start = expected(start, trial, months + 12 * period.year_index)
        year_end = expected(start, trial, months + 12 * (period.year_index + 1)) - ONE_DAY
        minimum = Money("36500.00")
        assert year_minimum(minimum, window, period) == (
            minimum if period.end >= year_end
            else minimum.portion((period.end - year_start).days + 1, (year_end - year_start).days + 1))


@settings(max_examples=400)
@given(licences())
def test_boundaries_strictly_increase_and_never_drift_to_the_28th(licence):
    plan, trial, _, start, expiry = licence
    schedule = build_schedule(plan, start, expiry)
    after_trial = [w.start for w in schedule.phases[0 if trial is None else 1:]]
    period_starts = [p.start for p in schedule.royalty_periods]
    for days in (after_trial, period_starts, [charge.due for charge in schedule.charges]):
        assert all(earlier < later for earlier, later in pairwise(days))
    origin_day = _origin_day(start, trial)
    for day in after_trial + period_starts:
        assert day.day == min(origin_day, days_in_month(day.year, day.month))
        if origin_day == 31:
            assert day.day == days_in_month(day.year, day.month)


@settings(max_examples=400)
@given(licences())
def test_periods_tile_the_term_and_the_last_is_cut_at_the_licence_end(licence):
    plan, _, _, start, expiry = licence
    schedule = build_schedule(plan, start, expiry)
    assert schedule.phases[0].start == start and schedule.phases[-1].end == schedule.end
    for earlier, later in pairwise(schedule.phases):
        assert later.start == earlier.end + ONE_DAY
    periods = schedule.royalty_periods
    royalty_windows = [w for w in schedule.phases if w.kind is PhaseKind.ROYALTY]
    if not royalty_windows:
        assert periods == ()
        return
    assert periods[0].start == royalty_windows[0].start
    for earlier, later in pairwise(periods):
        assert later.start == earlier.end + ONE_DAY
    for window in royalty_windows:
        own = [p for p in periods if p.phase_index == window.index]
        assert own[0].start == window.start and own[-1].end == window.end
        assert all(p.end == p.nominal_end for p in own[:-1])
    last = periods[-1]
    assert last.end == schedule.end and last.year_end
    assert last.cut == (last.nominal_end > schedule.end)
