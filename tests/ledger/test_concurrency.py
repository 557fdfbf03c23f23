"""Exactly once under real concurrency: many writers at once, each on its own connection, committing.

50 confirmations of one payment notice, 50 recordings of one bank transfer, two `run_due` jobs for
the same day: every event is posted once and the ledger stays consistent. Runs on SQLite (writers
queue on BEGIN IMMEDIATE) and, when DATABASE_URL names PostgreSQL, on a database of its own there
(row locks, SKIP LOCKED, compare-and-set).
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import func, select

from marketplace.accounts.models import User
from marketplace.core.licence_state import LicenceStatus
from marketplace.core.money import Money
from marketplace.core.pricing import Duration, TrialEnd, flat_plan, instalment_plan, try_first_plan
from marketplace.extensions import db
from marketplace.ledger.due import DueReport, run_due
from marketplace.ledger.models import ChargeSettlement, LedgerTransaction, NoticeStatus, PaymentNotice
from marketplace.ledger.notices import confirm_notice, notify_transfer
from marketplace.ledger.payments import outstanding, record_payment
from marketplace.ledger.services import audit
from marketplace.licensing.models import Licence, LicenceCharge, LicenceHistory
from marketplace.notifications.models import Notification
from tests.ledger import licence_factory as factory
from tests.ledger.separate_database import BACKENDS, run_together, separate_app

pytestmark = pytest.mark.real_commits

WRITERS = 50
START = date(2027, 1, 1)
PAID_ON = date(2027, 1, 5)
NOW = datetime(2027, 1, 5, 2, 0, tzinfo=UTC)
FEE = Money("5000.00")


def _count(stmt) -> int:
    return db.session.scalar(select(func.count()).select_from(stmt.subquery()))


def _payments(licence_id: int) -> int:
    return _count(select(LedgerTransaction.id).where(LedgerTransaction.licence_id == licence_id,
                                                     LedgerTransaction.kind == "payment_received"))


def _history(licence_id: int, kind: str) -> int:
    return _count(select(LicenceHistory.id).where(LicenceHistory.licence_id == licence_id,
                                                  LicenceHistory.kind == kind))


def _assert_paid_once(licence_id: int) -> None:
    charge = db.session.scalars(select(LicenceCharge).where(LicenceCharge.licence_id == licence_id)).one()
    settlements = db.session.scalars(select(ChargeSettlement.amount_fen)
                                     .where(ChargeSettlement.charge_id == charge.id)).all()
    assert _payments(licence_id) == 1
    assert (charge.settled_fen, charge.settled_on, settlements) == (FEE.fen, PAID_ON, [FEE.fen])
    assert _history(licence_id, "payment_received") == 1
    assert outstanding(db.session.get(Licence, licence_id)) == Money.zero()


@pytest.mark.parametrize("backend", BACKENDS)
def test_many_confirmations_of_one_transfer_post_it_once(backend, tmp_path):
    with separate_app(backend, tmp_path) as app:
        with app.app_context():
            on = factory.offer(flat_plan(FEE, Duration.years(2)))
            noticed, direct = factory.take(on), factory.take(on)
            assert run_due(START).charges_posted == 2
            buyer = db.session.scalar(select(User).where(
                User.enterprise_id == noticed.enterprise_id))
            notice_id = notify_transfer(noticed, buyer, FEE, "ICBC-2027-0001", PAID_ON, PAID_ON).id
            noticed_id, direct_id, staff_id = noticed.id, direct.id, on.staff_id
            db.session.commit()

        def confirm() -> bool:
            notice = db.session.get(PaymentNotice, notice_id)
            return confirm_notice(notice, db.session.get(User, staff_id), PAID_ON, NOW)

        results, errors = run_together(app, WRITERS, confirm)
        assert errors == []
        assert results.count(True) == 1 and results.count(False) == WRITERS - 1

        # One transfer, its reference typed in different ways.
        references = iter(["CCB-7788", " ccb-7788 ", "ＣＣＢ－７７８８"] * WRITERS)

        def record() -> bool:
            return record_payment(db.session.get(Licence, direct_id), FEE, next(references), PAID_ON)

        results, errors = run_together(app, WRITERS, record)
        assert errors == []
        assert results.count(True) == 1 and results.count(False) == WRITERS - 1

        with app.app_context():
            notice = db.session.get(PaymentNotice, notice_id)
            assert (notice.status, notice.decided_by_id) == (NoticeStatus.CONFIRMED, staff_id)
            _assert_paid_once(noticed_id)
            _assert_paid_once(direct_id)
            assert audit() == []


# What falls due on RUN_DAY for the licences below (all start 2027-01-01).
RUN_DAY = date(2027, 3, 5)
PLANS = [
    # (plan, takers): flat fee due at the start, 63 days late: posted, and the licence overdue.
    (flat_plan(Money("5000.00"), Duration.years(2)), 60),
    # three monthly instalments (Jan 1, Feb 1, Mar 1): all posted, overdue.
    (instalment_plan(Money("30000.00"), 3, Duration.months(1), Duration.years(1)), 40),
    # a 60-day trial (last day Mar 1) converting: conversion (no reminder: it is over), first fee due
    # Mar 2 posted.
    (try_first_plan(Duration.days(60), Money.zero(), TrialEnd.CONVERT,
                    flat_plan(Money("8000.00"), Duration.years(2))), 40),
    # a 60-day trial expiring: expiry, nothing owed.
    (try_first_plan(Duration.days(60), Money.zero(), TrialEnd.EXPIRE,
                    flat_plan(Money("8000.00"), Duration.years(2))), 30),
    # 66-day trials (last day Mar 7), expiring or converting: the reminder only.
    (try_first_plan(Duration.days(66), Money.zero(), TrialEnd.EXPIRE,
                    flat_plan(Money("8000.00"), Duration.years(2))), 30),
    (try_first_plan(Duration.days(66), Money.zero(), TrialEnd.CONVERT,
                    flat_plan(Money("8000.00"), Duration.years(2))), 30),
]
ONE_RUN = DueReport(reminders=60, trials_ended=70, charges_posted=60 + 3 * 40 + 40, overdue=100)


def _sum(reports: list[DueReport]) -> DueReport:
    total = DueReport()
    for report in reports:
        for name in vars(total):
            setattr(total, name, getattr(total, name) + getattr(report, name))
    return total


@pytest.mark.parametrize("backend", BACKENDS)
def test_two_runs_of_the_same_day_at_once_do_each_thing_once(backend, tmp_path):
    with separate_app(backend, tmp_path) as app:
        with app.app_context():
            for plan, takers in PLANS:
                on = factory.offer(plan)
                for _ in range(takers):
                    factory.take(on)
            db.session.commit()
            assert run_due(RUN_DAY) == ONE_RUN  # what one run does, measured and then undone
            db.session.rollback()

        results, errors = run_together(app, 2, lambda: run_due(RUN_DAY))
        assert errors == []
        assert _sum(results) == ONE_RUN

        with app.app_context():
            posted = db.session.scalars(select(LicenceCharge.id)
                                        .where(LicenceCharge.posted_on.is_not(None))).all()
            charge_transactions = db.session.scalars(
                select(LedgerTransaction.key).where(LedgerTransaction.kind == "charge_posted")).all()
            assert len(posted) == len(charge_transactions) == len(set(charge_transactions)) == 220
            steps = db.session.execute(
                select(LicenceHistory.kind, func.count()).group_by(LicenceHistory.kind)
                .where(LicenceHistory.kind.not_in(["taken", "trial_started"]))).all()
            assert dict(steps) == {"reminded": 60, "converted": 40, "expired": 30, "charge_posted": 220,
                                   "overdue": 100}
            reminders = db.session.scalars(select(Notification.key)).all()
            assert len(reminders) == len(set(reminders)) == 60
            statuses = db.session.execute(select(Licence.status, func.count()).group_by(Licence.status)).all()
            assert dict(statuses) == {LicenceStatus.OVERDUE: 100, LicenceStatus.ACTIVE: 40,
                                      LicenceStatus.EXPIRED: 30, LicenceStatus.TRIAL: 60}
            assert audit() == []
            assert run_due(RUN_DAY) == DueReport()  # and a third run finds nothing left to do
