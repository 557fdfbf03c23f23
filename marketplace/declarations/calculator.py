"""The cost calculator of the patent page: what a licence taken on a given day would cost.

`calculate(plan, start, patent_expiry, annual_net_sales)` lays the published plan out with the core's
`build_schedule` (cut at the patent's expiry), adds estimated royalties when expected annual net sales
are given (`estimate_royalties`: steady sales, rounded once per period), and returns every charge in
date order with what it is for, and the totals: fixed charges, estimated royalties, everything. Nothing
here is a float and nothing is saved.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask_babel.speaklater import LazyString

from marketplace.core.money import CNY, Money, sum_money
from marketplace.core.pricing import PhaseKind, Plan, PlanKind, TrialEnd
from marketplace.core.schedule import (
    Charge,
    ChargeKind,
    RoyaltyPeriodWindow,
    Schedule,
    all_charges,
    build_schedule,
    estimate_royalties,
)
from marketplace.declarations.describe import charge_label, has_royalty

ESTIMATES = frozenset({ChargeKind.ROYALTY, ChargeKind.MINIMUM_TRUE_UP})


@dataclass(frozen=True)
class CostLine:
    """One charge: when it is due, what it is (`label`, translated when shown), how much. `milestone`
    names the milestone of a conditional charge, due when it is confirmed and on `due` at the latest."""

    due: date
    kind: ChargeKind
    amount: Money
    label: LazyString
    milestone: str | None = None

    @property
    def estimate(self) -> bool:
        """Whether the amount depends on net sales (an estimate from the sales given)."""
        return self.kind in ESTIMATES


@dataclass(frozen=True)
class CostEstimate:
    """What a licence starting on `start` would cost over its term.

    `end` is the licence's last day; `capped_at_expiry` says the patent's expiry cut the term short.
    `trial` is the trial's first and last day, `first_paid_due` the day the first paid charge falls due
    after it, `trial_end` what happens when the trial ends without a decision. `royalty_total` is None
    when the plan has a royalty but no net sales were given (`royalty_periods` says how many periods
    would then be reported); `total` is the fixed charges plus the estimated royalties, if any.
    """

    start: date
    end: date
    capped_at_expiry: bool
    trial: tuple[date, date] | None
    first_paid_due: date | None
    trial_end: TrialEnd | None
    staged: bool
    has_royalty: bool
    royalty_periods: int
    lines: tuple[CostLine, ...]
    fixed_total: Money
    royalty_total: Money | None
    total: Money


def _stage_numbers(plan: Plan) -> dict[int, int]:
    """Phase index → stage number, for plans whose fees are paid over several phases."""
    numbers: dict[int, int] = {}
    for kind in (PhaseKind.FIXED, PhaseKind.ROYALTY):
        indexes = [index for index, phase in enumerate(plan.phases) if phase.kind is kind]
        if len(indexes) > 1:
            numbers.update({index: number for number, index in enumerate(indexes, start=1)})
    return numbers


def _periods(schedule: Schedule) -> dict[tuple[int, date], RoyaltyPeriodWindow]:
    return {(period.phase_index, period.report_due): period for period in schedule.royalty_periods}


def _year(schedule: Schedule, period: RoyaltyPeriodWindow) -> tuple[date, date]:
    """The first and last day of the royalty year `period` closes."""
    first = next(p for p in schedule.royalty_periods
                 if p.phase_index == period.phase_index and p.year_index == period.year_index)
    return first.start, period.end


def _line(charge: Charge, schedule: Schedule, stages: dict[int, int],
          periods: dict[tuple[int, date], RoyaltyPeriodWindow]) -> CostLine:
    span = None
    if charge.kind in ESTIMATES:
        period = periods[(charge.phase_index, charge.due)]
        span = (period.start, period.end) if charge.kind is ChargeKind.ROYALTY else _year(schedule, period)
    label = charge_label(charge.kind, stages.get(charge.phase_index), span)
    return CostLine(charge.due, charge.kind, charge.amount, label, charge.milestone)


def calculate(plan: Plan, start: date, patent_expiry: date,
              annual_net_sales: Money | None = None) -> CostEstimate:
    """The charges of a licence of `plan` starting on `start`, up to the patent's expiry.

    Raises ValueError when the start is after the expiry or the plan is refused by `validate_plan`
    (the page checks the first; published plans were validated when published).
    """
    schedule = build_schedule(plan, start, patent_expiry)
    royalty = has_royalty(plan)
    estimated: tuple[Charge, ...] = ()
    if royalty and annual_net_sales is not None:
        estimated = estimate_royalties(schedule, plan, annual_net_sales)
    stages, periods = _stage_numbers(plan), _periods(schedule)
    lines = tuple(_line(charge, schedule, stages, periods)
                  for charge in all_charges(schedule.charges, estimated))
    currency = plan.phases[0].fee.currency if plan.phases else CNY
    fixed_total = sum_money((line.amount for line in lines if not line.estimate), currency)
    royalty_total = (sum_money((line.amount for line in lines if line.estimate), currency)
                     if royalty and annual_net_sales is not None else None)
    return CostEstimate(
        start=schedule.start,
        end=schedule.end,
        capped_at_expiry=schedule.capped_at_expiry,
        trial=schedule.trial,
        first_paid_due=schedule.first_paid_due,
        trial_end=plan.trial_end if plan.kind is PlanKind.TRY_FIRST else None,
        staged=sum(phase.kind is PhaseKind.FIXED for phase in plan.phases) > 1,
        has_royalty=royalty,
        royalty_periods=len(schedule.royalty_periods),
        lines=lines,
        fixed_total=fixed_total,
        royalty_total=royalty_total,
        total=fixed_total + royalty_total if royalty_total is not None else fixed_total,
    )
