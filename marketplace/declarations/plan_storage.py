"""Storing a pricing plan of the domain core as a declaration's columns and phase rows, and back.

Money is kept as integer fen, a royalty rate as an integer number of millionths (3.5% = 35,000),
so nothing on the way to the database is a float.
"""

from __future__ import annotations

from decimal import Decimal

from marketplace.core.money import Money
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
)
from marketplace.declarations.models import Declaration, PlanPhase

MILLION = Decimal(1_000_000)


def rate_to_ppm(rate: Decimal) -> int:
    """A rate (0.035) as millionths (35000); refuses rates finer than a millionth."""
    ppm = rate * MILLION
    if ppm != ppm.to_integral_value():
        raise ValueError("a royalty rate is kept to the millionth")
    return int(ppm)


def write_plan(declaration: Declaration, plan: Plan) -> None:
    """Replace the declaration's plan columns and phases with `plan`."""
    declaration.plan_kind = plan.kind.value
    declaration.term_count = plan.term.count
    declaration.term_unit = plan.term.unit.value
    declaration.trial_end = plan.trial_end.value if plan.trial_end else None
    declaration.conversion = plan.conversion.value if plan.conversion else None
    declaration.has_trial = any(phase.kind == PhaseKind.TRIAL for phase in plan.phases)
    declaration.fixed_total_fen = sum(phase.fee.fen for phase in plan.phases)
    declaration.phases = [
        PlanPhase(
            position=position,
            kind=phase.kind.value,
            duration_count=phase.duration.count if phase.duration else None,
            duration_unit=phase.duration.unit.value if phase.duration else None,
            fee_fen=phase.fee.fen,
            royalty_rate_ppm=rate_to_ppm(phase.royalty_rate) if phase.royalty_rate is not None else None,
            royalty_period=phase.royalty_period.value if phase.royalty_period else None,
            annual_minimum_fen=phase.annual_minimum.fen if phase.annual_minimum is not None else None,
            milestone=phase.milestone,
        )
        for position, phase in enumerate(plan.phases)
    ]


def read_plan(declaration: Declaration) -> Plan:
    """The plan stored on a declaration."""
    return Plan(
        kind=PlanKind(declaration.plan_kind),
        term=Duration(declaration.term_count, DurationUnit(declaration.term_unit)),
        phases=tuple(
            Phase(
                kind=PhaseKind(row.kind),
                duration=Duration(row.duration_count, DurationUnit(row.duration_unit))
                if row.duration_count is not None else None,
                fee=Money.from_fen(row.fee_fen),
                royalty_rate=Decimal(row.royalty_rate_ppm) / MILLION
                if row.royalty_rate_ppm is not None else None,
                royalty_period=RoyaltyPeriod(row.royalty_period) if row.royalty_period else None,
                annual_minimum=Money.from_fen(row.annual_minimum_fen)
                if row.annual_minimum_fen is not None else None,
                milestone=row.milestone,
            )
            for row in declaration.phases
        ),
        trial_end=TrialEnd(declaration.trial_end) if declaration.trial_end else None,
        conversion=ConversionKind(declaration.conversion) if declaration.conversion else None,
    )
