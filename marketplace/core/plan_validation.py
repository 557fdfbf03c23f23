"""Checking a pricing plan: the problems that refuse it and the warnings that only caution.

A trial is never the last phase; lengths and fees are positive; a royalty rate is at most 20% of
net sales; a fixed fee above RMB 20,000,000 is warned about (CNIPA's 2024 guidance). Problems are
codes; the UI words them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from functools import lru_cache

from marketplace.core import milestones
from marketplace.core.money import CurrencyMismatch
from marketplace.core.pricing import (
    FEE_WARNING_ABOVE,
    MAX_ROYALTY_RATE,
    Duration,
    Phase,
    PhaseKind,
    Plan,
    PlanKind,
    duration_boundaries,
    term_end_after,
)


class PlanProblem(StrEnum):
    """Why a plan is refused."""

    NO_PHASES = "no_phases"
    TRIAL_LAST = "trial_last"
    TRIAL_NOT_FIRST = "trial_not_first"
    DURATION_NOT_POSITIVE = "duration_not_positive"
    OPEN_PHASE_NOT_LAST = "open_phase_not_last"
    FEE_NEGATIVE = "fee_negative"
    FEE_MISSING = "fee_missing"
    ROYALTY_RATE_MISSING = "royalty_rate_missing"
    ROYALTY_RATE_NOT_POSITIVE = "royalty_rate_not_positive"
    ROYALTY_RATE_TOO_HIGH = "royalty_rate_too_high"
    ROYALTY_PERIOD_MISSING = "royalty_period_missing"
    MINIMUM_NEGATIVE = "minimum_negative"
    TERM_NOT_POSITIVE = "term_not_positive"
    PHASES_LONGER_THAN_TERM = "phases_longer_than_term"
    TRIAL_END_MISSING = "trial_end_missing"
    CONVERSION_INVALID = "conversion_invalid"
    FREE_WITH_FEE = "free_with_fee"
    KIND_MISMATCH = "kind_mismatch"
    MILESTONE_FIRST_PHASE = "milestone_first_phase"
    MILESTONE_KIND = "milestone_kind"
    MILESTONE_WITHOUT_FEE = "milestone_without_fee"
    MILESTONE_NAME = "milestone_name"


class PlanWarning(StrEnum):
    """What a plan may do but deserves a second look."""

    FIXED_FEE_ABOVE_20M = "fixed_fee_above_20m"


@dataclass(frozen=True)
class PlanIssue:
    """One problem or warning, with the index of the phase it concerns (None: the plan as a whole)."""

    code: PlanProblem | PlanWarning
    phase_index: int | None = None


@dataclass(frozen=True)
class PlanCheck:
    """The outcome of `validate_plan`: distinct problem and warning codes, and where each arose."""

    problems: tuple[PlanProblem, ...]
    warnings: tuple[PlanWarning, ...]
    issues: tuple[PlanIssue, ...] = ()

    @property
    def ok(self) -> bool:
        """Whether the plan may be published (warnings do not stop it)."""
        return not self.problems


_SHAPES: dict[str, tuple[PhaseKind, bool]] = {
    # kind: (the phase kind every phase must have, whether exactly one phase is allowed)
    "flat": (PhaseKind.FIXED, True),
    "staged": (PhaseKind.FIXED, False),
    "royalty": (PhaseKind.ROYALTY, False),
    "free": (PhaseKind.FREE, True),
}

# One leap-year cycle of start days: month arithmetic repeats every four years from 1901 to 2099.
_REFERENCE_START = date(2024, 1, 1)
_REFERENCE_DAYS = 4 * 365 + 1


def _fits_shape(kinds: Sequence[PhaseKind], shape: str) -> bool:
    phase_kind, single = _SHAPES[shape]
    if not kinds or (single and len(kinds) != 1):
        return False
    return all(kind is phase_kind for kind in kinds)


def _fits_once(durations: tuple[Duration | None, ...], term: Duration, start: date) -> bool:
    boundaries = duration_boundaries(durations, start)
    end = term_end_after(term, start)
    if boundaries[len(durations) - 1] >= end:  # the last phase must start inside the term
        return False
    return len(boundaries) == len(durations) or boundaries[-1] <= end


@lru_cache(maxsize=1024)
def _durations_fit(durations: tuple[Duration | None, ...], term: Duration) -> bool:
    """Whether the phases fit in the term for a licence starting on any day.

    The last phase must start before the term ends and, if it has a duration, end by the term's end.
    With one kind of unit (days, or months and years) this is arithmetic on counts; when days and
    months mix, it is checked for every start day of a four-year cycle.
    """
    units = {duration.in_months is None for duration in (*durations, term) if duration is not None}
    if len(units) == 1:
        counts = [
            (duration.count if duration.in_months is None else duration.in_months)
            for duration in durations
            if duration is not None
        ]
        term_count = term.count if term.in_months is None else term.in_months
        assert term_count is not None
        before_last = sum(counts[: len(durations) - 1])
        return before_last < term_count and sum(counts) <= term_count
    return all(
        _fits_once(durations, term, _REFERENCE_START + timedelta(days=offset))
        for offset in range(_REFERENCE_DAYS)
    )


class _Checker:
    """Collects the issues of one plan."""

    def __init__(self, plan: Plan) -> None:
        self.plan = plan
        self.issues: list[PlanIssue] = []

    def add(self, code: PlanProblem | PlanWarning, phase_index: int | None = None) -> None:
        """Record an issue."""
        self.issues.append(PlanIssue(code, phase_index))

    def has(self, *codes: PlanProblem) -> bool:
        """Whether any of these problems was found already."""
        return any(issue.code in codes for issue in self.issues)

    def phase(self, index: int, phase: Phase) -> None:
        """The rules for one phase on its own and for its position."""
        last = index == len(self.plan.phases) - 1
        if phase.duration is None and not last:
            self.add(PlanProblem.OPEN_PHASE_NOT_LAST, index)
        if phase.duration is not None and phase.duration.count <= 0:
            self.add(PlanProblem.DURATION_NOT_POSITIVE, index)
        if phase.fee.fen < 0:
            self.add(PlanProblem.FEE_NEGATIVE, index)
        if phase.kind is PhaseKind.TRIAL:
            if index > 0:
                self.add(PlanProblem.TRIAL_NOT_FIRST, index)
            if last:
                self.add(PlanProblem.TRIAL_LAST, index)
        elif phase.kind is PhaseKind.FIXED and phase.fee.fen == 0:
            self.add(PlanProblem.FEE_MISSING, index)
        elif phase.kind is PhaseKind.FREE and phase.fee.fen != 0:
            self.add(PlanProblem.FREE_WITH_FEE, index)
        if phase.kind is PhaseKind.ROYALTY:
            self.royalty(index, phase)
        elif phase.has_royalty_terms:
            self.add(PlanProblem.KIND_MISMATCH, index)  # royalty terms on a phase that is not a royalty
        if phase.milestone is not None:
            self.milestone(index, phase)

    def milestone(self, index: int, phase: Phase) -> None:
        """The rules for a phase that names a milestone (`core.milestones`): not the first phase (its
        long stop would be the licence start), a paid or royalty phase, with a fee to bring forward
        unless it ends a trial, and a name of one line."""
        if not milestones.name_is_valid(phase.milestone or ""):
            self.add(PlanProblem.MILESTONE_NAME, index)
        if index == 0:
            self.add(PlanProblem.MILESTONE_FIRST_PHASE, index)
        elif phase.kind not in milestones.MILESTONE_PHASE_KINDS:
            self.add(PlanProblem.MILESTONE_KIND, index)
        elif phase.fee.fen == 0 and not milestones.ends_trial(self.plan.phases, index):
            self.add(PlanProblem.MILESTONE_WITHOUT_FEE, index)

    def royalty(self, index: int, phase: Phase) -> None:
        """The rules for a ROYALTY phase's rate, period and minimum."""
        rate = phase.royalty_rate
        if rate is None:
            self.add(PlanProblem.ROYALTY_RATE_MISSING, index)
        elif rate <= 0:
            self.add(PlanProblem.ROYALTY_RATE_NOT_POSITIVE, index)
        elif rate > MAX_ROYALTY_RATE:
            self.add(PlanProblem.ROYALTY_RATE_TOO_HIGH, index)
        if phase.royalty_period is None:
            self.add(PlanProblem.ROYALTY_PERIOD_MISSING, index)
        if phase.annual_minimum is not None and phase.annual_minimum.fen < 0:
            self.add(PlanProblem.MINIMUM_NEGATIVE, index)

    def shape(self) -> None:
        """Whether the phases fit the declared kind (and, for try-first, the conversion)."""
        plan = self.plan
        kinds = [phase.kind for phase in plan.phases]
        if plan.kind is not PlanKind.TRY_FIRST:
            if plan.trial_end is not None or plan.conversion is not None or not _fits_shape(kinds, plan.kind):
                self.add(PlanProblem.KIND_MISMATCH)
            return
        if plan.trial_end is None:
            self.add(PlanProblem.TRIAL_END_MISSING)
        if kinds[0] is not PhaseKind.TRIAL:
            self.add(PlanProblem.KIND_MISMATCH)
            return
        following = kinds[1:]
        if plan.conversion is None:
            self.add(PlanProblem.CONVERSION_INVALID)
        elif following and PhaseKind.TRIAL not in following and not _fits_shape(following, plan.conversion):
            self.add(PlanProblem.CONVERSION_INVALID)

    def length(self) -> None:
        """Whether the durations fit in the term."""
        plan = self.plan
        if plan.term.count <= 0:
            self.add(PlanProblem.TERM_NOT_POSITIVE)
            return
        if self.has(PlanProblem.DURATION_NOT_POSITIVE, PlanProblem.OPEN_PHASE_NOT_LAST):
            return
        if not _durations_fit(tuple(phase.duration for phase in plan.phases), plan.term):
            self.add(PlanProblem.PHASES_LONGER_THAN_TERM)

    def money(self) -> None:
        """Warn about fixed fees above RMB 20,000,000 (one fee, or all of them together)."""
        plan = self.plan
        threshold = FEE_WARNING_ABOVE.fen
        single = False
        for index, phase in enumerate(plan.phases):
            if phase.fee.fen > threshold:
                self.add(PlanWarning.FIXED_FEE_ABOVE_20M, index)
                single = True
        if not single and sum(phase.fee.fen for phase in plan.phases) > threshold:
            self.add(PlanWarning.FIXED_FEE_ABOVE_20M)


def validate_plan(plan: Plan) -> PlanCheck:
    """Every problem and warning of a plan.

    Problems stop a plan from being published; warnings do not (a fixed fee, or the fixed fees
    together, above RMB 20,000,000). A royalty rate of exactly 20% is allowed, above it refused. The
    phases must fit in the term for a licence starting on any day: the last phase starts before the
    term ends (it runs to the end) and, when it has a duration, ends by then. Royalty terms on a
    phase that is not a royalty phase are a KIND_MISMATCH. A plan mixing currencies raises
    CurrencyMismatch: no form can make one, so it is a programming error, not a problem to show.
    """
    amounts = [phase.fee for phase in plan.phases]
    amounts += [phase.annual_minimum for phase in plan.phases if phase.annual_minimum is not None]
    currencies = sorted({amount.currency for amount in amounts})
    if len(currencies) > 1:
        raise CurrencyMismatch(currencies[0], currencies[1])
    checker = _Checker(plan)
    if not plan.phases:
        checker.add(PlanProblem.NO_PHASES)
        if plan.term.count <= 0:
            checker.add(PlanProblem.TERM_NOT_POSITIVE)
    else:
        for index, phase in enumerate(plan.phases):
            checker.phase(index, phase)
        checker.shape()
        checker.length()
        checker.money()
    problems: list[PlanProblem] = []
    warnings: list[PlanWarning] = []
    for issue in checker.issues:
        if isinstance(issue.code, PlanProblem):
            if issue.code not in problems:
                problems.append(issue.code)
        elif issue.code not in warnings:
            warnings.append(issue.code)
    return PlanCheck(tuple(problems), tuple(warnings), tuple(checker.issues))
