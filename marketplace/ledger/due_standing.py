"""Standing, on the day the job runs: licences settle, fall overdue, are suspended, or complete.

Each change is a claimed compare-and-set (see `claims`), driven from the small sets involved (open
charges past a threshold, licences whose term or stage just ended), so a run costs what is due, not
what is held. Order within a run: settle, suspend, mark overdue, complete — so a licence marked
overdue today is suspended by a later run, never in the same one.
"""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import exists, func, select, update

from marketplace.core.licence_state import DunningPolicy, LicenceEvent, LicenceStatus, next_status
from marketplace.core.schedule import ChargeKind, build_schedule
from marketplace.declarations.plan_storage import read_plan
from marketplace.extensions import db
from marketplace.ledger.claims import Progress, chunks, claimable, claimable_among
from marketplace.ledger.standing import open_before
from marketplace.licensing.history import Step, record_many
from marketplace.licensing.models import Licence, LicenceCharge
from marketplace.royalties.models import RoyaltyReport

_UPDATE = {"synchronize_session": False}


def _move(ids: list[int], status: LicenceStatus, event: LicenceEvent, kind: str, today: date,
          progress: Progress) -> int:
    """Compare-and-set `status` → its next status on `event` for the claimed ids, recording each."""
    target = next_status(status, event)
    moved = 0
    for chunk in chunks(ids):
        done = db.session.scalars(
            update(Licence).where(Licence.id.in_(chunk), Licence.status == status)
            .values(status=target).returning(Licence.id), execution_options=_UPDATE).all()
        record_many(Step(licence_id, kind, today.isoformat(), today) for licence_id in done)
        moved += len(done)
        progress(len(chunk))
    return moved


def settle(today: date, policy: DunningPolicy, progress: Progress) -> int:
    """Overdue or suspended licences with nothing unpaid past the grace period return to active."""
    grace = today - timedelta(days=policy.grace_days)
    settled = 0
    for status in (LicenceStatus.OVERDUE, LicenceStatus.SUSPENDED):
        ids = claimable(select(Licence.id).where(Licence.status == status,
                                                 Licence.id.not_in(open_before(grace))).order_by(Licence.id))
        settled += _move(ids, status, LicenceEvent.PAYMENT_SETTLES, "settled", today, progress)
    return settled


def suspend(today: date, policy: DunningPolicy, progress: Progress) -> int:
    """Overdue licences with a charge unpaid beyond the suspension threshold are suspended."""
    threshold = today - timedelta(days=policy.suspend_after_days)
    ids = claimable(select(Licence.id).where(Licence.status == LicenceStatus.OVERDUE,
                                             Licence.id.in_(open_before(threshold))).order_by(Licence.id))
    return _move(ids, LicenceStatus.OVERDUE, LicenceEvent.SUSPEND, "suspended", today, progress)


def _activeopen_before(day: date) -> set[int]:
    """Active licences with a posted charge still open that fell due before `day`, found from the open
    charges (`ix_licence_charge_open_due`) with a primary-key look-up each: a query filtering licences
    by status made SQLite walk every active licence, a cost that grew with the licences held."""
    return set(db.session.scalars(open_before(day).where(exists().where(
        Licence.id == LicenceCharge.licence_id, Licence.status == LicenceStatus.ACTIVE))))


def mark_overdue(today: date, policy: DunningPolicy, progress: Progress) -> int:
    """Active licences with a charge unpaid beyond the grace period become overdue."""
    grace = today - timedelta(days=policy.grace_days)
    ids = claimable_among(select(Licence.id).where(Licence.status == LicenceStatus.ACTIVE,
                                                   Licence.id.in_(open_before(grace))).order_by(Licence.id),
                          Licence.id, _activeopen_before(grace))
    return _move(ids, LicenceStatus.ACTIVE, LicenceEvent.CHARGE_OVERDUE, "overdue", today, progress)


# Charges of filed royalty reports fall due with the report, which may be after the licence's last day.
REPORTED = (ChargeKind.ROYALTY.value, ChargeKind.MINIMUM_TRUE_UP.value)


def _owes_or_will_owe():
    """A licence with an open charge, a charge of its term still to post, or a charge of a filed royalty
    report still to post (due up to 30 days after the term)."""
    return exists(select(LicenceCharge.id).where(
        LicenceCharge.licence_id == Licence.id,
        (LicenceCharge.posted_on.is_not(None) & LicenceCharge.settled_on.is_(None))
        | (LicenceCharge.posted_on.is_(None) & LicenceCharge.voided_on.is_(None)
           & ((LicenceCharge.due_date <= func.coalesce(Licence.stops_on, Licence.end_date))
              | LicenceCharge.kind.in_(REPORTED)))))


def _reports_missing(licence_ids: list[int]) -> set[int]:
    """Those of the licences whose royalty periods are not all reported yet."""
    filed = dict(db.session.execute(select(RoyaltyReport.licence_id, func.count())
                                    .where(RoyaltyReport.licence_id.in_(licence_ids))
                                    .group_by(RoyaltyReport.licence_id)).all())
    missing = set()
    for licence in db.session.scalars(select(Licence).where(Licence.id.in_(licence_ids))):
        periods = build_schedule(read_plan(licence.declaration), licence.start_date,
                                 licence.patent.expiry_date).royalty_periods
        if filed.get(licence.id, 0) < len(periods):
            missing.add(licence.id)
    return missing


def _active_stopped_before(day: date) -> list[int]:
    """Active licences whose stage stop is before `day`, found through `ix_licence_stops_on` (which holds
    only licences that stopped): a query filtering by status first walked every active licence."""
    return [licence_id for licence_id, status in db.session.execute(
        select(Licence.id, Licence.status).where(Licence.stops_on.is_not(None), Licence.stops_on < day))
        if status == LicenceStatus.ACTIVE]


def complete(today: date, progress: Progress) -> int:
    """Active licences past their last day (or their stage stop) that owe nothing complete; a royalty
    licence also needs every period's report filed."""
    completed = 0
    for column, event, kind in ((Licence.end_date, LicenceEvent.TERM_ENDS, "completed"),
                                (Licence.stops_on, LicenceEvent.STOP_AT_STAGE, "stopped_at_stage")):
        stmt = select(Licence.id).where(
            Licence.status == LicenceStatus.ACTIVE, column < today, ~_owes_or_will_owe(),
            Licence.stops_on.is_(None) if event == LicenceEvent.TERM_ENDS else Licence.stops_on.is_not(None),
        ).order_by(Licence.id)
        ids = (claimable(stmt) if event == LicenceEvent.TERM_ENDS
               else claimable_among(stmt, Licence.id, _active_stopped_before(today)))
        if ids:
            missing = _reports_missing(ids)
            ids = [licence_id for licence_id in ids if licence_id not in missing]
        completed += _move(ids, LicenceStatus.ACTIVE, event, kind, today, progress)
    return completed
