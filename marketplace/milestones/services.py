"""Reporting and confirming milestones of a licence (`core.milestones`).

- The enterprise reports that a milestone of its licence happened (a day not before the licence started
  and not after today, and an optional note). It may report while the milestone's fee has not fallen due
  yet (or, for a milestone that ends a trial without a fee, while the trial runs). One report per
  milestone is open or confirmed at a time (a unique index).
- The university confirms the report: a compare-and-set (reported → confirmed), so of two confirmations
  one wins. The phase's fee then falls due that day unless its long-stop date came first; a milestone
  that follows a trial converts the licence; what is due is posted to the ledger at once. Or the
  university rejects the report with a reason, and the enterprise may report again.

Every change takes the licence for change first (`licensing.for_change`), as payments and the job that
moves time do.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, select, update
from sqlalchemy.exc import IntegrityError

from marketplace.accounts.models import User
from marketplace.core import milestones as rules
from marketplace.core.licence_state import LicenceEvent, LicenceStatus
from marketplace.core.milestones import MilestoneStatus
from marketplace.core.schedule import build_schedule
from marketplace.declarations.plan_storage import read_plan
from marketplace.event_dates import check_event_date
from marketplace.extensions import db
from marketplace.ledger.due_charges import charges_due, post_claimed
from marketplace.licensing.for_change import change_status, licence_for_change
from marketplace.licensing.history import Step, record
from marketplace.licensing.models import LIVE_STATUSES, Licence, LicenceCharge
from marketplace.milestones.models import MilestoneReport
from marketplace.notifications.services import notify
from marketplace.service_errors import ServiceError
from marketplace.webhooks import events as webhook_events

NOT_OPEN = _l("This milestone no longer brings a fee forward: its fee has fallen due or will never "
              "fall due.")


@dataclass(frozen=True)
class MilestoneRow:
    """One milestone of a licence as both parties see it: its phase, name and long-stop date, the
    charge it brings forward (None when the phase has no fee, or the licence ends before it), and the
    live report (open or confirmed), if any."""

    phase_index: int
    name: str
    long_stop: date
    charge: LicenceCharge | None
    report: MilestoneReport | None
    ends_trial: bool

    def open_for_report(self, licence: Licence) -> bool:
        """Whether the enterprise may report it now: no live report, and its fee still to fall due (or,
        for one that only ends a trial, the trial still running)."""
        if self.report is not None or licence.status not in LIVE_STATUSES:
            return False
        if self.charge is not None:
            return self.charge.posted_on is None and self.charge.voided_on is None
        return self.ends_trial and licence.status == LicenceStatus.TRIAL


def licence_milestones(licence: Licence) -> list[MilestoneRow]:
    """The milestones of the licence's plan that fall inside its term, with their charges and reports."""
    plan = read_plan(licence.declaration)
    named = rules.milestone_phases(plan)
    if not named:
        return []
    schedule = build_schedule(plan, licence.start_date, licence.patent.expiry_date)
    starts = {window.index: window.start for window in schedule.phases}
    charges = {charge.phase_index: charge for charge in db.session.scalars(
        select(LicenceCharge).where(LicenceCharge.licence_id == licence.id,
                                    LicenceCharge.milestone.is_not(None)))}
    reports = {report.phase_index: report for report in db.session.scalars(
        select(MilestoneReport).where(MilestoneReport.licence_id == licence.id,
                                      MilestoneReport.status != MilestoneStatus.REJECTED))}
    return [MilestoneRow(index, name, starts[index], charges.get(index), reports.get(index),
                         rules.ends_trial(plan.phases, index))
            for index, name in named if index in starts]


def has_milestones(licence: Licence) -> bool:
    """Whether the licence's plan names a milestone."""
    return bool(rules.milestone_phases(read_plan(licence.declaration)))


def report_milestone(licence: Licence, user: User, phase_index: int, happened_on: date, note: str,
                     today: date) -> MilestoneReport:
    """The enterprise reports that the milestone of phase `phase_index` happened on `happened_on`."""
    check_event_date(happened_on, licence.start_date, today, "happened_on")
    licence = licence_for_change(licence.id)
    row = next((row for row in licence_milestones(licence) if row.phase_index == phase_index), None)
    if row is None:
        raise ServiceError(_l("Choose one of this licence's milestones."), field="phase_index")
    if row.report is not None:
        raise ServiceError(_l("This milestone is already reported; the university decides on it."),
                           field="phase_index")
    if not row.open_for_report(licence):
        raise ServiceError(NOT_OPEN, field="phase_index")
    report = MilestoneReport(licence_id=licence.id, phase_index=phase_index, milestone=row.name,
                             happened_on=happened_on, note=note.strip()[:300], reported_by_id=user.id)
    try:
        with db.session.begin_nested():
            db.session.add(report)
            db.session.flush()
    except IntegrityError:
        raise ServiceError(_l("This milestone is already reported; the university decides on it."),
                           field="phase_index") from None
    record(Step(licence.id, "milestone_reported", f"report:{report.id}", today, detail=row.name))
    notify(f"milestone-reported:{report.id}", None, "milestone_reported", licence.id,
           university_id=licence.university_id, number=licence.number, milestone=row.name,
           day=happened_on.isoformat())
    return report


def _decide(report: MilestoneReport, status: MilestoneStatus, user: User, today: date, now: datetime,
            reason: str = "") -> bool:
    """Compare-and-set reported → `status`; True for the one caller that made the change."""
    result = db.session.execute(
        update(MilestoneReport)
        .where(MilestoneReport.id == report.id, MilestoneReport.status == MilestoneStatus.REPORTED)
        .values(status=status, decided_by_id=user.id, decided_at=now, decided_on=today, reason=reason)
        .execution_options(synchronize_session=False))
    db.session.refresh(report)
    return result.rowcount == 1


def confirm_milestone(report: MilestoneReport, user: User, today: date, now: datetime) -> bool:
    """The university confirms the milestone: its fee falls due today (unless its long stop came first),
    a trial before it converts, and what is due posts at once. False when the report was decided already."""
    licence = licence_for_change(report.licence_id)
    if licence.status not in LIVE_STATUSES:
        raise ServiceError(_l("The licence has ended: nothing falls due any more."))
    if not _decide(report, MilestoneStatus.CONFIRMED, user, today, now):
        return False
    db.session.execute(
        update(LicenceCharge)
        .where(LicenceCharge.licence_id == licence.id, LicenceCharge.phase_index == report.phase_index,
               LicenceCharge.milestone.is_not(None), LicenceCharge.posted_on.is_(None),
               LicenceCharge.voided_on.is_(None), LicenceCharge.due_date > today)
        .values(due_date=today).execution_options(synchronize_session=False))
    record(Step(licence.id, "milestone_confirmed", f"report:{report.id}", today, detail=report.milestone))
    plan = read_plan(licence.declaration)
    if rules.ends_trial(plan.phases, report.phase_index) and licence.status == LicenceStatus.TRIAL:
        change_status(licence, LicenceEvent.CONVERT)
        record(Step(licence.id, "converted", "trial", today, detail="milestone"))
        db.session.flush()
        webhook_events.trials_converted([licence.id], today, now, early=True)
    db.session.flush()
    due = db.session.scalars(charges_due(today).where(LicenceCharge.licence_id == licence.id)).all()
    if due:
        post_claimed(due, today)
    notify(f"milestone-confirmed:{report.id}", licence.enterprise_id, "milestone_confirmed", licence.id,
           number=licence.number, milestone=report.milestone, day=today.isoformat())
    db.session.expire(licence)
    return True


def reject_milestone(report: MilestoneReport, user: User, reason: str, today: date, now: datetime) -> bool:
    """The university does not accept the report (with a reason the enterprise reads); the enterprise may
    report again. False when the report was decided already."""
    if not reason.strip():
        raise ServiceError(_l("Give a reason, so the enterprise knows what is missing."), field="reason")
    licence = licence_for_change(report.licence_id)
    if not _decide(report, MilestoneStatus.REJECTED, user, today, now, reason.strip()[:200]):
        return False
    record(Step(licence.id, "milestone_rejected", f"report:{report.id}", today, detail=report.reason))
    notify(f"milestone-rejected:{report.id}", licence.enterprise_id, "milestone_rejected", licence.id,
           number=licence.number, milestone=report.milestone, reason=report.reason)
    return True


def reports_of(licence_id: int) -> Select:
    """The select() behind a licence's milestone reports, newest first."""
    return (select(MilestoneReport).where(MilestoneReport.licence_id == licence_id)
            .order_by(MilestoneReport.reported_at.desc(), MilestoneReport.id.desc()))


def pending_for_university(university_id: int) -> Select:
    """The select() behind the reports a university has still to decide, oldest first."""
    return (select(MilestoneReport).join(Licence, Licence.id == MilestoneReport.licence_id)
            .where(Licence.university_id == university_id, MilestoneReport.status == MilestoneStatus.REPORTED)
            .order_by(MilestoneReport.reported_at, MilestoneReport.id))
