"""A licence's schedule: the plan laid out on the calendar from its start, up to the patent's expiry.

Rules (domain.md, "Dates" and "Pricing plans"):

- The licence runs from `start` to start + term − 1 day, but never past the patent's last day in
  force: a licence taken late ends at the expiry (`capped_at_expiry`), phases and royalty periods
  are cut there, and charges that would fall due after it are dropped.
- Every boundary is computed from the licence start, never chained and never from a phase start that
  was clamped to a month's end: each phase has an `Anchor` (`pricing.phase_anchors`), and its k-th
  boundary is licence start + (months before the phase + k × period) months (`calendar.boundary`).
  A trial of N days starting on D covers D … D+N−1; the first paid phase starts, and its charge falls
  due, on D+N, which is then the origin of the month-based boundaries after it.
- Each phase's fee is due at its start: a trial fee, a fixed fee, or a royalty phase's entry fee.
  Zero fees are not charges. The fee of a phase that names a milestone is conditional: due when the
  milestone is confirmed, at the phase's start (its long-stop date) at the latest (`core.milestones`).
- A royalty phase is split into periods counted from the phase's anchor: a quarter is 3 calendar
  months, a year 12 (anchor + 3k months). After a one-month trial from Jan 31 the quarters start on
  Feb 28, May 31, Aug 31, Nov 30, Feb 29 …, not on the 28th for good. The last period is cut at the
  phase end. The report for a period is due 30 days after its last day (a quarter ending Mar 31
  reports by Apr 30), even when that falls after the licence has ended. Royalty years likewise count
  12 months from the phase's anchor; the period that closes a year (or the phase) has `year_end` set.

The schedule shows the licence as if every phase runs; what happens when a trial ends without a
decision (`TrialEnd`) or when an enterprise stops at a stage boundary is the ledger's business.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from marketplace.core.calendar import Anchor, saturating_add_days
from marketplace.core.money import CNY, Money, allocate, sum_money
from marketplace.core.plan_validation import PlanCheck, validate_plan
from marketplace.core.pricing import (
    PhaseKind,
    Plan,
    PlanKind,
    RoyaltyPeriod,
    phase_anchors,
    term_end_after,
)

REPORT_DUE_DAYS = 30
_PERIOD_MONTHS = {RoyaltyPeriod.QUARTER: 3, RoyaltyPeriod.YEAR: 12}


class ChargeKind(StrEnum):
    """What a charge is for."""

    TRIAL_FEE = "trial_fee"
    FIXED = "fixed"
    ENTRY_FEE = "entry_fee"  # the fee due at the start of a royalty phase
    ROYALTY = "royalty"  # estimates only (`estimate_royalties`)
    MINIMUM_TRUE_UP = "minimum_true_up"  # estimates only: a year's royalties topped up to its minimum


@dataclass(frozen=True)
class Charge:
    """An amount due on a day, for one phase of the plan.

    `milestone` is set on the fee of a phase that names one: the charge is conditional, due when the
    milestone is confirmed and on `due` (the phase's start, its long-stop date) at the latest.
    """

    due: date
    amount: Money
    phase_index: int
    kind: ChargeKind
    milestone: str | None = None


@dataclass(frozen=True)
class PhaseWindow:
    """The days one phase of the plan covers: `start` to `end`, both inclusive.

    `anchor` is where the phase starts on the licence's calendar (`anchor.day == start`): its royalty
    periods and years count from it, so they never inherit a clamped start.
    """

    index: int
    kind: PhaseKind
    start: date
    end: date
    anchor: Anchor

    @property
    def days(self) -> int:
        """How many days the phase covers."""
        return (self.end - self.start).days + 1


@dataclass(frozen=True)
class RoyaltyPeriodWindow:
    """One reporting period of a royalty phase, `start` to `end` inclusive.

    `nominal_end` is the last day the period would have had had it not been cut at the phase end;
    `report_due` is 30 days after `end`. Counting from the phase start, the period is the
    `index_in_year`-th of royalty year `year_index` (both from 0); `year_end` is set when it closes
    that year, or the phase.
    """

    start: date
    end: date
    report_due: date
    phase_index: int
    nominal_end: date
    year_index: int
    index_in_year: int
    year_end: bool

    @property
    def cut(self) -> bool:
        """Whether the period was shortened by the end of its phase or of the licence."""
        return self.end < self.nominal_end

    @property
    def days(self) -> int:
        """How many days the period covers."""
        return (self.end - self.start).days + 1

    @property
    def nominal_days(self) -> int:
        """How many days the full period would cover."""
        return (self.nominal_end - self.start).days + 1


@dataclass(frozen=True)
class Schedule:
    """A plan laid out from a licence start.

    `end` is the licence's last day (inclusive); `term_end` the last day the full term would have
    reached (`date.max` beyond year 9999); `capped_at_expiry` says the patent's expiry cut the term.
    `charges` are the fixed charges (trial, fixed and entry fees) due on or before `end`, in date order.
    `trial` is the trial's first and last day; `first_paid_due` the day after the trial (D+N) for a
    try-first plan whose trial ends before the licence does, else None.
    """

    start: date
    end: date
    term_end: date
    capped_at_expiry: bool
    phases: tuple[PhaseWindow, ...]
    charges: tuple[Charge, ...]
    trial: tuple[date, date] | None
    first_paid_due: date | None
    royalty_periods: tuple[RoyaltyPeriodWindow, ...]

    def total_fixed(self) -> Money:
        """The sum of the fixed charges."""
        currency = self.charges[0].amount.currency if self.charges else CNY
        return sum_money((charge.amount for charge in self.charges), currency)


class InvalidPlan(ValueError):
    """A schedule was asked for a plan that `validate_plan` refuses; `check` says why."""

    def __init__(self, check: PlanCheck) -> None:
        super().__init__(", ".join(problem.value for problem in check.problems))
        self.check = check


_FEE_CHARGES = {
    PhaseKind.TRIAL: ChargeKind.TRIAL_FEE,
    PhaseKind.FIXED: ChargeKind.FIXED,
    PhaseKind.ROYALTY: ChargeKind.ENTRY_FEE,
}


def _windows(plan: Plan, start: date, end: date) -> list[PhaseWindow]:
    """The phases that start on or before `end`, contiguous, the last one running to `end`."""
    anchors = phase_anchors(tuple(phase.duration for phase in plan.phases), start)
    windows: list[PhaseWindow] = []
    last_index = len(plan.phases) - 1
    for index, phase in enumerate(plan.phases):
        phase_start = anchors[index].day
        if phase_start > end:
            break
        phase_end = end if index == last_index else min(_day_before(anchors[index + 1].day), end)
        windows.append(PhaseWindow(index, phase.kind, phase_start, phase_end, anchors[index]))
    return windows


def _day_before(boundary: date) -> date:
    """The last day before a boundary; a boundary beyond year 9999 (`date.max`) stays beyond it."""
    return saturating_add_days(boundary, -1)


def _royalty_periods(window: PhaseWindow, period: RoyaltyPeriod) -> list[RoyaltyPeriodWindow]:
    """The reporting periods of one royalty phase, counted from its anchor and cut at its end."""
    months = _PERIOD_MONTHS[period]
    per_year = 12 // months
    periods: list[RoyaltyPeriodWindow] = []
    k = 0
    while True:
        period_start = window.anchor.at(months * k)
        if period_start > window.end:
            return periods
        nominal_end = _day_before(window.anchor.at(months * (k + 1)))
        period_end = min(nominal_end, window.end)
        index_in_year = k % per_year
        periods.append(
            RoyaltyPeriodWindow(
                start=period_start,
                end=period_end,
                report_due=saturating_add_days(period_end, REPORT_DUE_DAYS),
                phase_index=window.index,
                nominal_end=nominal_end,
                year_index=k // per_year,
                index_in_year=index_in_year,
                year_end=index_in_year == per_year - 1 or period_end == window.end,
            )
        )
        if period_end == window.end:
            return periods
        k += 1


def build_schedule(plan: Plan, start: date, patent_expiry: date) -> Schedule:
    """Lay the plan out from `start`; `patent_expiry` is the patent's last day in force.

    Raises InvalidPlan (a ValueError) when `validate_plan` refuses the plan, and ValueError when the
    start is after the expiry (the UI prevents both).
    """
    check = validate_plan(plan)
    if not check.ok:
        raise InvalidPlan(check)
    if start > patent_expiry:
        raise ValueError("the licence would start after the patent expires")
    term_end = _day_before(term_end_after(plan.term, start))
    end = min(term_end, patent_expiry)
    windows = _windows(plan, start, end)
    charges: list[Charge] = []
    periods: list[RoyaltyPeriodWindow] = []
    for window in windows:
        phase = plan.phases[window.index]
        if phase.fee.fen != 0 and phase.kind in _FEE_CHARGES:
            charges.append(Charge(window.start, phase.fee, window.index, _FEE_CHARGES[phase.kind],
                                  phase.milestone))
        if phase.kind is PhaseKind.ROYALTY and phase.royalty_period is not None:
            periods.extend(_royalty_periods(window, phase.royalty_period))
    trial = None
    first_paid_due = None
    if windows and windows[0].kind is PhaseKind.TRIAL:
        trial = (windows[0].start, windows[0].end)
        if plan.kind is PlanKind.TRY_FIRST and len(windows) > 1:
            first_paid_due = windows[1].start
    return Schedule(
        start=start,
        end=end,
        term_end=term_end,
        capped_at_expiry=term_end > patent_expiry,
        phases=tuple(windows),
        charges=tuple(charges),
        trial=trial,
        first_paid_due=first_paid_due,
        royalty_periods=tuple(periods),
    )


def year_minimum(minimum: Money, phase: PhaseWindow, period: RoyaltyPeriodWindow) -> Money:
    """The annual minimum for the royalty year this period of `phase` closes, pro-rated by days when it
    is cut. The year runs 12 months from the phase's anchor: anchor + 12y to anchor + 12(y + 1) − 1 day."""
    year_start = phase.anchor.at(12 * period.year_index)
    full_end = _day_before(phase.anchor.at(12 * (period.year_index + 1)))
    if period.end >= full_end:
        return minimum
    return minimum.portion((period.end - year_start).days + 1, (full_end - year_start).days + 1)


def estimate_royalties(schedule: Schedule, plan: Plan, annual_net_sales: Money) -> tuple[Charge, ...]:
    """Estimated royalty charges for the cost calculator, given steady annual net sales.

    Assumptions, kept simple and exact:

    - A yearly period's net sales are `annual_net_sales`; a quarter's are one of four shares of it
      split with `allocate` (the year's first quarter gets the leftover fen first).
    - A period cut short by its phase or the licence end gets its share pro-rated by days (its days
      over the full period's days), rounded half up once.
    - The royalty of a period is that period's net sales × the phase's rate, rounded half up once;
      it is due with the period's report (`report_due`). Zero royalties are left out.
    - When a phase has an annual minimum, each royalty year (12 months from the phase's anchor) whose
      royalties fall short of it gets a true-up charge for the difference, due with the year's last
      report. A year cut short by the phase or licence end has its minimum pro-rated by days.

    `schedule` must have been built from `plan`. Net sales must not be negative (ValueError).
    """
    if annual_net_sales.fen < 0:
        raise ValueError("annual net sales must not be negative")
    windows = {window.index: window for window in schedule.phases}
    charges: list[Charge] = []
    year_total = Money.zero(annual_net_sales.currency)
    for period in schedule.royalty_periods:
        phase = plan.phases[period.phase_index]
        if phase.kind is not PhaseKind.ROYALTY or phase.royalty_rate is None or phase.royalty_period is None:
            raise ValueError("the schedule was not built from this plan")
        per_year = 12 // _PERIOD_MONTHS[phase.royalty_period]
        sales = allocate(annual_net_sales, per_year)[period.index_in_year]
        if period.cut:
            sales = sales.portion(period.days, period.nominal_days)
        royalty = sales.times(phase.royalty_rate)
        year_total = year_total + royalty
        if royalty.fen:
            charges.append(Charge(period.report_due, royalty, period.phase_index, ChargeKind.ROYALTY))
        if period.year_end:
            if phase.annual_minimum is not None:
                minimum = year_minimum(phase.annual_minimum, windows[period.phase_index], period)
                if year_total < minimum:
                    charges.append(
                        Charge(
                            period.report_due,
                            minimum - year_total,
                            period.phase_index,
                            ChargeKind.MINIMUM_TRUE_UP,
                        )
                    )
            year_total = Money.zero(annual_net_sales.currency)
    return tuple(charges)


def all_charges(*groups: Iterable[Charge]) -> tuple[Charge, ...]:
    """Charges from several sources (a schedule's, estimated royalties) merged in due-date order."""
    merged = [charge for group in groups for charge in group]
    return tuple(sorted(merged, key=lambda charge: (charge.due, charge.phase_index)))
