"""Pricing plans: an ordered list of phases, the way Kill Bill's catalog models plans.

Every plan the product offers is a composition of phases (TRIAL, FIXED, ROYALTY, FREE) under a
licence term measured from the licence start:

- flat (一次性支付): one FIXED phase, its fee due at the licence start;
- staged (分阶段许可 / 分期): several FIXED phases, each fee due at its phase start (or an instalment
  split of one total);
- try-first (先试用后付费): a TRIAL phase, then the phases of a flat, staged or royalty plan;
- royalty (提成 / 入门费+提成): ROYALTY phases: a rate on reported net sales per quarter or year, an
  optional annual minimum, and a fee due at each phase start. One phase is the usual case (its fee is
  the entry fee, 入门费). Several ROYALTY phases model "entry fee, then staged payments, plus a
  revenue share" (入门费 + 分期付款 + 提成): the share runs through every phase while each phase's
  fee falls due at its start, so the payments and the royalty run side by side (`staged_royalty_plan`).
  A STAGED plan, by contrast, holds FIXED phases only.
- free (免费): one FREE phase; still a licence, still recorded.

Only the last phase may have no duration: it runs to the end of the licence term. The last phase
always runs to the end of the term; a duration given for it is only checked to fit in the term.

Phase boundaries are computed from the licence start, never chained (see `phase_anchors` and
`calendar.Anchor`).
`validate_plan` returns problem and warning codes (StrEnum) that the UI words and translates.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from enum import StrEnum

from marketplace.core.calendar import Anchor
from marketplace.core.money import Money, allocate

MAX_ROYALTY_RATE = Decimal("0.20")  # CNIPA 2024 guidance: refuse a royalty above 20% of net sales
FEE_WARNING_ABOVE = Money("20000000.00")  # CNIPA 2024 guidance: warn above RMB 20,000,000 fixed fee
ZERO = Money.zero()


class PlanKind(StrEnum):
    """The kinds of plan the product offers."""

    FLAT = "flat"
    STAGED = "staged"
    TRY_FIRST = "try_first"
    ROYALTY = "royalty"
    FREE = "free"


class ConversionKind(StrEnum):
    """What a try-first plan converts to after its trial."""

    FLAT = "flat"
    STAGED = "staged"
    ROYALTY = "royalty"


class TrialEnd(StrEnum):
    """What happens when a trial ends without a decision: the licence ends, or it converts."""

    EXPIRE = "expire"
    CONVERT = "convert"


class DurationUnit(StrEnum):
    """The unit of a duration."""

    DAY = "day"
    MONTH = "month"
    YEAR = "year"


class RoyaltyPeriod(StrEnum):
    """How often net sales are reported and royalties paid."""

    QUARTER = "quarter"
    YEAR = "year"


class PhaseKind(StrEnum):
    """The kinds of phase a plan is made of.

    TRIAL: a trial, fee usually zero, due at its start. FIXED: a paid phase, its fee due at its start.
    ROYALTY: a rate on reported net sales, its fee (the entry fee) due at its start. FREE: no charge.
    """

    TRIAL = "trial"
    FIXED = "fixed"
    ROYALTY = "royalty"
    FREE = "free"


def _check_int(value: object, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{what} must be an int")
    return value


@dataclass(frozen=True)
class Duration:
    """A length of time: a number of days, calendar months or years."""

    count: int
    unit: DurationUnit

    def __post_init__(self) -> None:
        _check_int(self.count, "count")
        object.__setattr__(self, "unit", DurationUnit(self.unit))

    @classmethod
    def days(cls, count: int) -> Duration:
        """`count` days."""
        return cls(count, DurationUnit.DAY)

    @classmethod
    def months(cls, count: int) -> Duration:
        """`count` calendar months."""
        return cls(count, DurationUnit.MONTH)

    @classmethod
    def years(cls, count: int) -> Duration:
        """`count` years."""
        return cls(count, DurationUnit.YEAR)

    @property
    def in_months(self) -> int | None:
        """The length in calendar months (years count twelve); None for a duration in days."""
        if self.unit is DurationUnit.DAY:
            return None
        return self.count * (12 if self.unit is DurationUnit.YEAR else 1)

    def end_after(self, start: date) -> date:
        """The first day after the duration: start + N days, months or years (months clamp to month end).

        A trial of 90 days starting 2027-01-01 covers Jan 1 … Mar 31; `end_after` is 2027-04-01.
        Beyond year 9999 it is `date.max`.
        """
        return self.after(Anchor(start)).day

    def after(self, anchor: Anchor) -> Anchor:
        """The point of the licence's calendar this duration after `anchor`.

        Months and years add to the anchor's months (counted from its origin, never from its clamped
        day); days start a new origin on the day they end (see `calendar.Anchor`).
        """
        months = self.in_months
        if months is None:
            return anchor.after_days(self.count)
        return anchor.after_months(months)


@dataclass(frozen=True)
class Phase:
    """One phase of a plan.

    `duration` is None only for the last phase, which runs to the end of the licence term. `fee` is due
    at the phase start (for a ROYALTY phase it is the entry fee). `royalty_rate` is a fraction
    (Decimal("0.035") is 3.5%); the royalty fields belong to ROYALTY phases only.

    `milestone` names an event (首次销售, 产品取得认证 …) that brings the phase's fee forward: the fee
    falls due on the day the university confirms the licensee's report of it, and on the phase's
    start at the latest (its long-stop date). After a trial it also ends the trial: the licence
    converts when the milestone is confirmed ("pay from first revenue"). The calendar of phases and
    royalty periods does not move. See `core.milestones`.
    """

    kind: PhaseKind
    duration: Duration | None
    fee: Money = ZERO
    royalty_rate: Decimal | None = None
    royalty_period: RoyaltyPeriod | None = None
    annual_minimum: Money | None = None
    milestone: str | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "kind", PhaseKind(self.kind))
        if self.milestone is not None and not isinstance(self.milestone, str):
            raise TypeError("milestone must be a str or None")
        if self.duration is not None and not isinstance(self.duration, Duration):
            raise TypeError("duration must be a Duration or None")
        if not isinstance(self.fee, Money):
            raise TypeError("fee must be Money")
        if self.royalty_rate is not None:
            if not isinstance(self.royalty_rate, Decimal):
                raise TypeError("royalty_rate must be a Decimal or None")
            if not self.royalty_rate.is_finite():
                raise ValueError("royalty_rate must be finite")
        if self.royalty_period is not None:
            object.__setattr__(self, "royalty_period", RoyaltyPeriod(self.royalty_period))
        if self.annual_minimum is not None and not isinstance(self.annual_minimum, Money):
            raise TypeError("annual_minimum must be Money or None")

    @property
    def has_royalty_terms(self) -> bool:
        """Whether any of the royalty fields is set."""
        return (
            self.royalty_rate is not None
            or self.royalty_period is not None
            or self.annual_minimum is not None
        )


@dataclass(frozen=True)
class Plan:
    """A pricing plan: its kind, the licence term (from the licence start) and its ordered phases.

    `trial_end` and `conversion` are required for a try-first plan and None otherwise.
    """

    kind: PlanKind
    term: Duration
    phases: tuple[Phase, ...]
    trial_end: TrialEnd | None = None
    conversion: ConversionKind | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "kind", PlanKind(self.kind))
        if not isinstance(self.term, Duration):
            raise TypeError("term must be a Duration")
        phases = tuple(self.phases)
        if not all(isinstance(phase, Phase) for phase in phases):
            raise TypeError("phases must be Phase objects")
        object.__setattr__(self, "phases", phases)
        if self.trial_end is not None:
            object.__setattr__(self, "trial_end", TrialEnd(self.trial_end))
        if self.conversion is not None:
            object.__setattr__(self, "conversion", ConversionKind(self.conversion))


# --- Builders: what the UI calls to compose the phases of each kind --------------------------------


def flat_plan(fee: Money, term: Duration) -> Plan:
    """A lump sum due at the licence start, for the whole term."""
    return Plan(PlanKind.FLAT, term, (Phase(PhaseKind.FIXED, None, fee),))


def staged_plan(stages: Sequence[tuple[Duration | None, Money]], term: Duration,
                milestones: Sequence[str | None] = ()) -> Plan:
    """Several paid stages, each (length, fee) with its fee due at the stage start.

    The last stage's length may be None: it runs to the end of the term (it does anyway).
    `milestones`, when given, names a milestone per stage (None for none): that stage's fee falls due
    when the milestone is confirmed, at the stage's start at the latest.
    """
    named = list(milestones) + [None] * (len(stages) - len(milestones))
    phases = tuple(Phase(PhaseKind.FIXED, duration, fee, milestone=milestone)
                   for (duration, fee), milestone in zip(stages, named, strict=False))
    return Plan(PlanKind.STAGED, term, phases)


def instalment_plan(total: Money, count: int, every: Duration, term: Duration) -> Plan:
    """A total split into `count` instalments (see `allocate`), one due every `every` from the start.

    100,000.00 in 3 is 33,333.34, 33,333.33, 33,333.33. The last instalment's phase runs to the end of
    the term. `count` must be at least 1 (ValueError).
    """
    shares = allocate(total, count)
    stages = [(every if index < count - 1 else None, share) for index, share in enumerate(shares)]
    return staged_plan(stages, term)


def royalty_plan(
    rate: Decimal,
    period: RoyaltyPeriod,
    term: Duration,
    entry_fee: Money = ZERO,
    annual_minimum: Money | None = None,
) -> Plan:
    """An optional entry fee due at the start, then `rate` of net sales reported per period."""
    phase = Phase(PhaseKind.ROYALTY, None, entry_fee, rate, period, annual_minimum)
    return Plan(PlanKind.ROYALTY, term, (phase,))


def staged_royalty_plan(
    rate: Decimal,
    period: RoyaltyPeriod,
    stages: Sequence[tuple[Duration | None, Money]],
    term: Duration,
    annual_minimum: Money | None = None,
) -> Plan:
    """Entry fee, then staged payments, plus a royalty throughout (入门费 + 分期付款 + 提成).

    One ROYALTY phase per stage, all with the same rate, period and minimum; each stage's fee is due
    at its start (the first stage's fee is the entry fee, often zero). The last stage's length may be
    None. Royalty periods and years restart at each stage start (see `schedule.build_schedule`).
    """
    phases = tuple(
        Phase(PhaseKind.ROYALTY, duration, fee, rate, period, annual_minimum) for duration, fee in stages
    )
    return Plan(PlanKind.ROYALTY, term, phases)


def try_first_plan(trial: Duration, trial_fee: Money, trial_end: TrialEnd, conversion_plan: Plan,
                   milestone: str | None = None) -> Plan:
    """A trial, then the conversion plan's phases; the trial counts inside the conversion plan's term.

    `milestone`, when given, ends the trial early: the licence converts, and the first paid phase's
    fee falls due, when the university confirms it (首次取得销售收入: "pay from first revenue"); the
    trial's length is the long stop.

    The term is the conversion plan's term measured from the licence start, so the trial shortens what
    follows it; the conversion plan's last phase always runs to the end of the term, so its duration is
    dropped. A conversion plan that is not flat, staged or royalty gives a plan whose `conversion` is
    None, which `validate_plan` refuses (CONVERSION_INVALID).
    """
    following = list(conversion_plan.phases)
    if following and following[-1].duration is not None:
        following[-1] = replace(following[-1], duration=None)
    if milestone is not None and following:
        following[0] = replace(following[0], milestone=milestone)
    conversion = (
        ConversionKind(conversion_plan.kind.value)
        if conversion_plan.kind.value in {kind.value for kind in ConversionKind}
        else None
    )
    phases = (Phase(PhaseKind.TRIAL, trial, trial_fee), *following)
    return Plan(PlanKind.TRY_FIRST, conversion_plan.term, phases, trial_end, conversion)


def free_plan(term: Duration) -> Plan:
    """A free licence for the term."""
    return Plan(PlanKind.FREE, term, (Phase(PhaseKind.FREE, None),))


# --- Phase boundaries --------------------------------------------------------------------------------


def phase_anchors(durations: Sequence[Duration | None], start: date) -> tuple[Anchor, ...]:
    """Where each phase starts, as an `Anchor` of the licence's calendar, then where the last one ends.

    The first phase starts at the licence start; each later one at the previous anchor plus the
    previous phase's duration. Anchors keep their origin and count months from it, so every boundary
    is the licence start + the months before it, never a clamped boundary + more months. The list
    stops at the first phase without a duration. Royalty periods and annual-minimum years count from
    their phase's anchor in the same way (`schedule.build_schedule`).
    """
    anchors = [Anchor(start)]
    for duration in durations:
        if duration is None:
            break
        anchors.append(duration.after(anchors[-1]))
    return tuple(anchors)


def phase_boundaries(phases: Sequence[Phase], start: date) -> tuple[date, ...]:
    """The first day of each phase, then the day after the last phase when it has a duration.

    Boundaries are computed from the licence start, never chained: month and year durations add up as
    a number of months from the start, so a licence starting Aug 31 with 6-month stages has boundaries
    Feb 28/29, Aug 31, Feb 28/29 …. A duration in days makes the day it ends the origin of later month
    durations: a 90-day trial from 2027-01-01 ends on 2027-03-31 and 6-month stages then start
    2027-04-01, 2027-10-01, 2028-04-01 … (counted from the conversion day, never chained either).
    The list stops at the first phase without a duration. A boundary beyond year 9999 is `date.max`.
    """
    return duration_boundaries(tuple(phase.duration for phase in phases), start)


def duration_boundaries(durations: tuple[Duration | None, ...], start: date) -> tuple[date, ...]:
    """`phase_boundaries` for the phases' durations."""
    return tuple(anchor.day for anchor in phase_anchors(durations, start))


def term_end_after(term: Duration, start: date) -> date:
    """The first day after the licence term, counted from the licence start (`date.max` beyond year 9999)."""
    return term.after(Anchor(start)).day


# --- Validation --------------------------------------------------------------------------------------
