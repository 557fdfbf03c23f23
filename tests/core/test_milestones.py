"""Milestone phases in the domain core: the plan rules, the builders, the schedule's conditional charges,
the due day and the report's decisions."""

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from marketplace.core.milestones import (
    IllegalMilestoneMove,
    MilestoneDecision,
    MilestoneStatus,
    decide,
    due_day,
    ends_trial,
    milestone_phases,
    name_is_valid,
)
from marketplace.core.money import Money
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
    royalty_plan,
    staged_plan,
    try_first_plan,
)
from marketplace.core.schedule import ChargeKind, build_schedule

FIRST_REVENUE = "首次取得销售收入"
EXPIRY = date(2040, 1, 1)


def pay_from_first_revenue(fee: str = "30000.00") -> Plan:
    """A year's trial that ends at the first revenue, then a lump sum (Shaanxi's practice)."""
    return try_first_plan(Duration.months(12), Money.zero(), TrialEnd.CONVERT,
                          flat_plan(Money(fee), Duration.years(3)), milestone=FIRST_REVENUE)


def hunan_stages() -> Plan:
    """Paid at signing, when the product is certified, and at the first sale."""
    return staged_plan([(Duration.months(12), Money("10000.00")), (Duration.months(12), Money("30000.00")),
                        (None, Money("60000.00"))], Duration.years(5), [None, "产品取得认证", "首次销售"])


def test_the_builders_put_the_milestone_on_the_phase_it_brings_forward():
    plan = pay_from_first_revenue()
    assert [phase.milestone for phase in plan.phases] == [None, FIRST_REVENUE]
    assert milestone_phases(plan) == ((1, FIRST_REVENUE),)
    assert ends_trial(plan.phases, 1)
    staged = hunan_stages()
    assert milestone_phases(staged) == ((1, "产品取得认证"), (2, "首次销售"))
    assert not ends_trial(staged.phases, 1)
    assert validate_plan(plan).ok and validate_plan(staged).ok


def test_the_schedule_shows_a_milestone_charge_as_conditional_on_its_long_stop_date():
    schedule = build_schedule(pay_from_first_revenue(), date(2027, 1, 1), EXPIRY)
    (charge,) = schedule.charges
    assert (charge.due, charge.kind, charge.amount, charge.milestone) == (
        date(2028, 1, 1), ChargeKind.FIXED, Money("30000.00"), FIRST_REVENUE)
    staged = build_schedule(hunan_stages(), date(2027, 8, 31), EXPIRY)
    assert [(c.due, c.milestone) for c in staged.charges] == [
        (date(2027, 8, 31), None), (date(2028, 8, 31), "产品取得认证"), (date(2029, 8, 31), "首次销售")]


def test_a_milestone_after_a_trial_may_bring_forward_a_royalty_without_an_entry_fee():
    plan = try_first_plan(Duration.days(200), Money.zero(), TrialEnd.CONVERT,
                          royalty_plan(Decimal("0.03"), RoyaltyPeriod.YEAR, Duration.years(3)),
                          milestone=FIRST_REVENUE)
    assert validate_plan(plan).ok
    assert build_schedule(plan, date(2027, 1, 1), EXPIRY).charges == ()


@pytest.mark.parametrize(("plan", "problem"), [
    (Plan(PlanKind.STAGED, Duration.years(2), (Phase(PhaseKind.FIXED, Duration.years(1), Money("1.00"),
                                                     milestone="投产"),
                                               Phase(PhaseKind.FIXED, None, Money("1.00")))),
     PlanProblem.MILESTONE_FIRST_PHASE),
    (Plan(PlanKind.STAGED, Duration.years(2), (Phase(PhaseKind.FIXED, Duration.years(1), Money("1.00")),
                                               Phase(PhaseKind.FIXED, None, Money("1.00"), milestone=" "))),
     PlanProblem.MILESTONE_NAME),
    (Plan(PlanKind.STAGED, Duration.years(2), (Phase(PhaseKind.FIXED, Duration.years(1), Money("1.00")),
                                               Phase(PhaseKind.FIXED, None, Money("1.00"),
                                                     milestone="投" * 61))),
     PlanProblem.MILESTONE_NAME),
    (Plan(PlanKind.ROYALTY, Duration.years(2), (
        Phase(PhaseKind.ROYALTY, Duration.years(1), Money("1.00"), Decimal("0.01"), RoyaltyPeriod.YEAR),
        Phase(PhaseKind.ROYALTY, None, Money.zero(), Decimal("0.01"), RoyaltyPeriod.YEAR, milestone="投产"))),
     PlanProblem.MILESTONE_WITHOUT_FEE),
    (Plan(PlanKind.TRY_FIRST, Duration.years(2), (Phase(PhaseKind.TRIAL, Duration.days(30)),
                                                  Phase(PhaseKind.FREE, None, milestone="投产")),
          TrialEnd.CONVERT, None),
     PlanProblem.MILESTONE_KIND),
])
def test_milestones_are_refused_where_they_cannot_bring_a_fee_forward(plan, problem):
    assert problem in validate_plan(plan).problems


@given(long_stop=st.dates(), confirmed=st.none() | st.dates())
def test_the_fee_falls_due_on_confirmation_and_never_after_the_long_stop(long_stop, confirmed):
    due = due_day(long_stop, confirmed)
    assert due <= long_stop
    assert due == (long_stop if confirmed is None else min(long_stop, confirmed))


def test_a_report_is_decided_once():
    assert decide(MilestoneStatus.REPORTED, MilestoneDecision.CONFIRM) is MilestoneStatus.CONFIRMED
    assert decide(MilestoneStatus.REPORTED, MilestoneDecision.REJECT) is MilestoneStatus.REJECTED
    for status in (MilestoneStatus.CONFIRMED, MilestoneStatus.REJECTED):
        for decision in MilestoneDecision:
            with pytest.raises(IllegalMilestoneMove):
                decide(status, decision)


@given(st.text(max_size=80))
def test_a_name_is_one_printable_line_of_at_most_sixty_characters(name):
    assert name_is_valid(name) == (0 < len(name.strip()) <= 60 and name.strip().isprintable())
