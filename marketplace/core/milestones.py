"""Milestone phases (里程碑付款): a phase whose fee falls due when a named event happens.

Hunan's universities are paid on milestones, Shaanxi's from the licensee's first revenue (domain.md,
"Pricing plans"). A phase of a plan may name a milestone (`pricing.Phase.milestone`): 首次销售,
产品取得认证, 生产线投产 …. The licensee reports that it happened, the university confirms the report
(or rejects it, with a reason, and the licensee may report again), and:

- the phase's fee falls due on the day the report is confirmed, and on the phase's start at the latest:
  the phase's scheduled start is the **long-stop date**, so a licensee that never reports still pays then;
- when the phase follows a trial, confirming ends the trial: the licence converts that day ("pay from
  first revenue"); a trial that reaches its end first follows the plan's end-of-trial policy as before;
- the calendar of phases and royalty periods does not move: only the milestone charge's due date does.

Nothing here reads the clock: the days are passed in.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from enum import StrEnum

from marketplace.core.pricing import Phase, PhaseKind, Plan

MILESTONE_NAME_MAX = 60
MILESTONE_PHASE_KINDS = (PhaseKind.FIXED, PhaseKind.ROYALTY)


class MilestoneStatus(StrEnum):
    """Where a licensee's report of a milestone stands."""

    REPORTED = "reported"
    CONFIRMED = "confirmed"
    REJECTED = "rejected"


class MilestoneDecision(StrEnum):
    """What the university does with a report."""

    CONFIRM = "confirm"
    REJECT = "reject"


class IllegalMilestoneMove(ValueError):
    """The decision is not allowed in the report's status (a report is decided once)."""

    def __init__(self, status: MilestoneStatus, decision: MilestoneDecision) -> None:
        super().__init__(f"cannot {decision} a {status} milestone report")
        self.status = status
        self.decision = decision


_DECISIONS = {
    (MilestoneStatus.REPORTED, MilestoneDecision.CONFIRM): MilestoneStatus.CONFIRMED,
    (MilestoneStatus.REPORTED, MilestoneDecision.REJECT): MilestoneStatus.REJECTED,
}


def decide(status: MilestoneStatus, decision: MilestoneDecision) -> MilestoneStatus:
    """The status after the university's decision; IllegalMilestoneMove when the report was decided."""
    try:
        return _DECISIONS[(MilestoneStatus(status), MilestoneDecision(decision))]
    except KeyError:
        raise IllegalMilestoneMove(MilestoneStatus(status), MilestoneDecision(decision)) from None


def name_is_valid(name: str) -> bool:
    """Whether a milestone's name can be published: 1–60 characters once trimmed, printable, one line."""
    trimmed = name.strip()
    return 0 < len(trimmed) <= MILESTONE_NAME_MAX and trimmed.isprintable()


def due_day(long_stop: date, confirmed_on: date | None) -> date:
    """When a milestone phase's fee falls due: the day its milestone was confirmed, the long-stop date
    (the phase's scheduled start) at the latest."""
    if confirmed_on is None:
        return long_stop
    return min(long_stop, confirmed_on)


def ends_trial(phases: Sequence[Phase], index: int) -> bool:
    """Whether confirming the milestone of phase `index` ends a trial (it is the phase after one)."""
    return index == 1 and len(phases) > 1 and phases[0].kind is PhaseKind.TRIAL


def milestone_phases(plan: Plan) -> tuple[tuple[int, str], ...]:
    """(phase index, milestone name) of every phase of the plan that names a milestone."""
    return tuple((index, phase.milestone) for index, phase in enumerate(plan.phases)
                 if phase.milestone is not None)
