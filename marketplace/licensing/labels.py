"""Display names for licence states and charges."""

from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l
from flask_babel.speaklater import LazyString

from marketplace.catalogue.labels import PLAN_KIND_LABELS
from marketplace.core.licence_state import LicenceStatus
from marketplace.core.money_input import percent_text
from marketplace.core.pricing import PhaseKind, Plan, PlanKind
from marketplace.core.schedule import ChargeKind
from marketplace.declarations.labels import CHARGE_LABELS as ESTIMATED_CHARGE_LABELS

STATUS_LABELS = {
    LicenceStatus.TRIAL: _l("On trial"),
    LicenceStatus.ACTIVE: _l("Active"),
    LicenceStatus.OVERDUE: _l("Overdue"),
    LicenceStatus.SUSPENDED: _l("Suspended"),
    LicenceStatus.DECLINED: _l("Declined"),
    LicenceStatus.EXPIRED: _l("Trial expired"),
    LicenceStatus.COMPLETED: _l("Completed"),
    LicenceStatus.TERMINATED: _l("Terminated"),
}

# A licence's charges are real: a royalty is one on a filed report, not an estimate.
CHARGE_LABELS = {**ESTIMATED_CHARGE_LABELS, "royalty": _l("Royalty on reported net sales")}


def _paid_phases(plan: Plan) -> list[int]:
    """Indexes of the plan's phases that carry a fee: fixed stages and royalty phases (not the trial)."""
    return [index for index, phase in enumerate(plan.phases)
            if phase.kind in (PhaseKind.FIXED, PhaseKind.ROYALTY)]


def licence_charge_label(kind: str, phase_index: int, plan: Plan,
                         period: tuple[date, date] | None = None) -> LazyString:
    """What one charge of a licence is, in words, for every kind of charge (the contract and the pages).

    A fixed phase's fee is the one-time fee or, when the plan has several paid phases, that stage's fee;
    a royalty phase's fee is its entry fee (stage 1) or a later stage's fee; a royalty is the royalty of a
    reported period (`period`, its first and last day) at the phase's rate — a period, never a stage.
    """
    paid = _paid_phases(plan)
    stage = paid.index(phase_index) + 1 if phase_index in paid and len(paid) > 1 else None
    if kind == ChargeKind.TRIAL_FEE:
        return _l("Trial fee")
    if kind == ChargeKind.FIXED:
        return _l("Stage %(n)d fee", n=stage) if stage else _l("One-time licence fee")
    if kind == ChargeKind.ENTRY_FEE:
        return _l("Stage %(n)d fee", n=stage) if stage and stage > 1 else _l("Entry fee")
    if kind == ChargeKind.ROYALTY:
        phase = plan.phases[phase_index] if 0 <= phase_index < len(plan.phases) else None
        rate = f"{percent_text(phase.royalty_rate)}%" if phase and phase.royalty_rate is not None else ""
        first, last = period or (None, None)
        if first and last:
            return _l("Royalty for the period %(start)s – %(end)s: %(rate)s of the net sales reported",
                      start=first.isoformat(), end=last.isoformat(), rate=rate)
        return _l("Royalty on reported net sales")
    if kind == ChargeKind.MINIMUM_TRUE_UP:
        return _l("Annual minimum true-up")
    return _l("Other charge")


def plan_kind_text(plan: Plan) -> LazyString:
    """The kind of plan in words; a trial says what it converts to."""
    kind = PLAN_KIND_LABELS[plan.kind.value]
    if plan.kind is PlanKind.TRY_FIRST and plan.conversion is not None:
        return _l("%(kind)s; after the trial: %(conversion)s", kind=kind,
                  conversion=PLAN_KIND_LABELS[plan.conversion.value])
    return kind
