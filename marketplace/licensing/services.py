"""Taking a licence on the published terms, and finding licences by who may see them.

Services flush and never commit. A licence is taken at once on the terms of the declaration version
in force — the same for every taker — and keeps a reference to that exact version.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from uuid import uuid4

from flask import abort
from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, func, select
from sqlalchemy.exc import IntegrityError

from marketplace.accounts.models import Role, User
from marketplace.catalogue.models import Patent
from marketplace.core.calendar import add_months
from marketplace.core.licence_state import IllegalLicenceTransition, LicenceEvent, LicenceStatus, next_status
from marketplace.core.patent_fields import LegalStatus
from marketplace.core.pricing import PhaseKind, Plan
from marketplace.core.schedule import ChargeKind, Schedule, build_schedule
from marketplace.declarations.models import Declaration
from marketplace.declarations.plan_storage import read_plan
from marketplace.declarations.services import terms_in_force
from marketplace.event_dates import check_licence_start
from marketplace.extensions import db
from marketplace.ledger.due_charges import void_charges
from marketplace.licensing.for_change import change_status, licence_for_change
from marketplace.licensing.history import Step, record
from marketplace.licensing.models import LIVE_STATUSES, Licence, LicenceCharge
from marketplace.service_errors import ServiceError
from marketplace.webhooks import events as webhook_events

FILING_MONTHS = 3  # a licence contract is recorded (备案) with CNIPA within three months
ALREADY_LICENSED = _l("Your enterprise already holds a live licence of this patent.")
LAPSED = _l("This patent has lapsed for unpaid annual fees: its open-licence declaration has ended and "
            "no new licence can be taken.")


@dataclass(frozen=True)
class Offer:
    """What an enterprise is offered: the declaration version in force and its plan."""

    declaration: Declaration
    plan: Plan


def offer_for(patent: Patent, day: date) -> Offer:
    """The terms every taker of the patent gets on `day` (event terms inside their window, else the
    published base terms), or a refusal when none are in force or the patent lapsed for unpaid fees."""
    if patent.legal_status == LegalStatus.LAPSED:
        raise ServiceError(LAPSED)
    declaration = terms_in_force(patent.id, day)
    if declaration is None:
        raise ServiceError(_l("This patent is not offered for open licence (any more)."))
    return Offer(declaration, read_plan(declaration))


def schedule_for(offer: Offer, patent: Patent, start: date, today: date) -> Schedule:
    """The licence's schedule if it starts on `start` (capped at the patent's expiry); refused, with the
    same words in the preview as in the final submit, for a start in the past or after the expiry."""
    check_licence_start(start, today, patent.expiry_date)
    return build_schedule(offer.plan, start, patent.expiry_date)


def live_licence(enterprise_id: int, patent_id: int) -> Licence | None:
    """The enterprise's live licence of the patent (on trial, active, overdue or suspended), which
    refuses another: one that was declined, expired, completed or terminated leaves it free to take again."""
    return db.session.scalar(select(Licence).where(
        Licence.enterprise_id == enterprise_id, Licence.patent_id == patent_id,
        Licence.status.in_(LIVE_STATUSES)))


def take_licence(user: User, patent: Patent, declaration_id: int, start: date, today: date,
                 now: datetime, source_zone_id: int | None = None) -> Licence:
    """Take a licence on the terms in force (which must be the version the user reviewed).

    `source_zone_id` is the special zone the licence is attributed to, as the zones' attribution rule
    (`zones.attribution.source_zone_for`) decided it for this enterprise, patent and day; None for none.
    """
    if user.role != Role.ENTERPRISE_USER or user.enterprise_id is None:
        raise ServiceError(_l("Only an enterprise can take a licence."))
    offer = offer_for(patent, today)
    if offer.declaration.id != declaration_id:
        raise ServiceError(_l("The terms changed while you were reading them; review the new terms."))
    schedule = schedule_for(offer, patent, start, today)
    if live_licence(user.enterprise_id, patent.id) is not None:
        raise ServiceError(ALREADY_LICENSED)
    trial = schedule.trial
    licence = Licence(
        number=f"pending-{uuid4().hex[:12]}", declaration_id=offer.declaration.id, patent_id=patent.id,
        enterprise_id=user.enterprise_id, university_id=patent.university_id, taken_by_id=user.id,
        status=LicenceStatus.TRIAL if trial else LicenceStatus.ACTIVE,
        start_date=start, end_date=schedule.end, capped_at_expiry=schedule.capped_at_expiry,
        trial_last_day=trial[1] if trial else None,
        filing_deadline=add_months(start, FILING_MONTHS), accepted_at=now, source_zone_id=source_zone_id,
    )
    licence.charges = [
        LicenceCharge(phase_index=charge.phase_index, kind=str(charge.kind), due_date=charge.due,
                      slot=LicenceCharge.schedule_slot(charge.phase_index, str(charge.kind)),
                      amount_fen=charge.amount.fen, currency=charge.amount.currency,
                      milestone=charge.milestone, due_by=charge.due if charge.milestone else None)
        for charge in schedule.charges
    ]
    try:
        with db.session.begin_nested():
            db.session.add(licence)
            db.session.flush()
            licence.number = f"OL{start.year}{licence.id:07d}"
            db.session.flush()
    except IntegrityError:
        raise ServiceError(ALREADY_LICENSED) from None
    record(Step(licence.id, "taken", licence.number, today, detail=f"declaration {offer.declaration.id}"))
    if trial:
        record(Step(licence.id, "trial_started", trial[0].isoformat(), trial[0], detail=trial[1].isoformat()))
    webhook_events.licence_taken(licence, now)
    return licence


def enterprise_licences(enterprise_id: int) -> Select:
    """The select() behind an enterprise's licence list, newest first."""
    return (select(Licence).where(Licence.enterprise_id == enterprise_id)
            .order_by(Licence.accepted_at.desc(), Licence.id.desc()))


def university_licences(university_id: int, status: LicenceStatus | None = None, plan_kind: str = "",
                        trial_ending_by: date | None = None) -> Select:
    """The select() behind a university's list of licences of its patents, newest first, filtered by
    status, by the kind of plan taken, or to trials ending by a day."""
    stmt = (select(Licence).where(Licence.university_id == university_id)
            .order_by(Licence.accepted_at.desc(), Licence.id.desc()))
    if status is not None:
        stmt = stmt.where(Licence.status == status)
    if plan_kind:
        stmt = stmt.join(Declaration, Declaration.id == Licence.declaration_id).where(
            Declaration.plan_kind == plan_kind)
    if trial_ending_by is not None:
        stmt = stmt.where(Licence.status == LicenceStatus.TRIAL, Licence.trial_last_day <= trial_ending_by)
    return stmt


def licence_for(user: User, licence_id: int) -> Licence:
    """A licence the user may see: its enterprise's users or its university's staff (404 otherwise)."""
    licence = db.session.get(Licence, licence_id)
    visible = licence is not None and (
        (user.role == Role.ENTERPRISE_USER and licence.enterprise_id == user.enterprise_id)
        or (user.role == Role.UNIVERSITY_STAFF and licence.university_id == user.university_id)
    )
    if not visible:
        abort(404)
    return licence


def decide_trial(licence: Licence, user: User, convert: bool, today: date,
                 now: datetime | None = None) -> Licence:
    """The enterprise converts its trial early (the schedule's charges stay on their dates) or declines
    it (nothing is owed). A conversion is announced to webhook partners as happening at `now` (the
    start of `today` when not given)."""
    if user.role != Role.ENTERPRISE_USER or licence.enterprise_id != user.enterprise_id:
        abort(404)
    licence = licence_for_change(licence.id)
    event = LicenceEvent.CONVERT if convert else LicenceEvent.DECLINE
    try:
        change_status(licence, event)
    except IllegalLicenceTransition:
        raise ServiceError(_l("Only a licence on trial can be converted or declined.")) from None
    if licence.trial_last_day is not None and today > licence.trial_last_day:
        raise ServiceError(_l("The trial ended on %(day)s: its end-of-trial terms apply.",
                              day=licence.trial_last_day.isoformat()))
    if not convert:
        void_charges([licence.id], today)  # nothing is owed, now or later
    record(Step(licence.id, "converted" if convert else "declined", "trial", today))
    db.session.flush()
    if convert:
        webhook_events.trials_converted([licence.id], today, now or webhook_events.day_start(today),
                                        early=True)
    return licence


def next_stage_start(licence: Licence, today: date) -> date:
    """The first day of the licence's next stage, where it may stop; ServiceError saying why it cannot
    stop (not active, already stopping, not paid in stages, no stage left)."""
    if licence.status != LicenceStatus.ACTIVE:
        raise ServiceError(_l("Only an active licence in good standing can stop at a stage boundary."))
    if licence.stops_on is not None:
        raise ServiceError(_l("This licence already stops on %(day)s.", day=licence.stops_on.isoformat()))
    phases = read_plan(licence.declaration).phases
    if sum(phase.kind is PhaseKind.FIXED for phase in phases) < 2:
        raise ServiceError(_l("Only a licence paid in stages can stop at a stage boundary."))
    next_stage = db.session.scalar(select(func.min(LicenceCharge.due_date)).where(
        LicenceCharge.licence_id == licence.id, LicenceCharge.kind == ChargeKind.FIXED.value,
        LicenceCharge.posted_on.is_(None), LicenceCharge.due_date > today))
    if next_stage is None:
        raise ServiceError(_l("No further stage falls due: the licence runs to its end as paid."))
    return next_stage


def may_stop_at_stage(licence: Licence, today: date) -> bool:
    """Whether the enterprise may stop the licence at its next stage boundary today."""
    try:
        next_stage_start(licence, today)
    except ServiceError:
        return False
    return True


def stop_at_stage(licence: Licence, user: User, today: date) -> date:
    """The enterprise stops a staged licence at the end of its current stage: nothing after that falls
    due, and the licence completes once everything up to then is paid. Returns the licence's new last day."""
    if user.role != Role.ENTERPRISE_USER or licence.enterprise_id != user.enterprise_id:
        abort(404)
    licence = licence_for_change(licence.id)
    next_stage = next_stage_start(licence, today)
    next_status(licence.status, LicenceEvent.STOP_AT_STAGE)  # legal now; applied when the stage ends
    licence.stops_on = next_stage - timedelta(days=1)
    void_charges([licence.id], today, after=licence.stops_on)
    record(Step(licence.id, "stop_requested", licence.stops_on.isoformat(), today,
                detail=licence.stops_on.isoformat()))
    db.session.flush()
    return licence.stops_on


def terminate(licence: Licence, user: User, reason: str, today: date) -> Licence:
    """The university ends a licence early (for non-payment after suspension, or by agreement), with a
    reason: nothing further falls due; charges already due stay owed."""
    if user.role != Role.UNIVERSITY_STAFF or licence.university_id != user.university_id:
        abort(404)
    if not reason.strip():
        raise ServiceError(_l("Give a reason for ending the licence."), field="reason")
    licence = licence_for_change(licence.id)
    if licence.status == LicenceStatus.ACTIVE and licence.stops_on is not None:
        raise ServiceError(_l("The enterprise already stops this licence on %(day)s and owes nothing "
                              "overdue: it ends then.", day=licence.stops_on.isoformat()))
    try:
        change_status(licence, LicenceEvent.TERMINATE)
    except IllegalLicenceTransition:
        raise ServiceError(_l("Only an active, overdue or suspended licence can be terminated.")) from None
    void_charges([licence.id], today)
    record(Step(licence.id, "terminated", today.isoformat(), today, detail=reason.strip()))
    db.session.flush()
    return licence

