"""Clock-driven scenarios (the Kill Bill way): move the date, assert the events and the charges."""

from datetime import date

import pytest
from sqlalchemy import select

from marketplace.accounts.models import User
from marketplace.core.ledger import AccountRef
from marketplace.core.licence_state import LicenceStatus
from marketplace.core.money import Money
from marketplace.core.pricing import (
    Duration,
    TrialEnd,
    flat_plan,
    free_plan,
    instalment_plan,
    staged_plan,
    try_first_plan,
)
from marketplace.extensions import db
from marketplace.ledger.due import run_due
from marketplace.ledger.models import LedgerTransaction
from marketplace.ledger.payments import record_payment
from marketplace.ledger.services import account_balance, audit
from marketplace.licensing.history import history_of
from marketplace.licensing.models import Licence, LicenceCharge
from marketplace.licensing.services import decide_trial, stop_at_stage
from marketplace.service_errors import ServiceError


def _pay(licence, reference, amount, day):
    assert record_payment(licence, Money(amount), reference, day)


def test_try_first_90_days_converts_then_three_instalments_paid_then_completed(app, take):
    plan = try_first_plan(Duration.days(90), Money.zero(), TrialEnd.CONVERT,
                          instalment_plan(Money("100000.00"), 3, Duration.months(12), Duration.years(3)))
    licence_id = take(plan)  # starts 2027-01-01
    with app.app_context():
        licence = db.session.get(Licence, licence_id)
        receivable = AccountRef.enterprise_receivable(licence.enterprise_id)
        assert run_due(date(2027, 3, 31)).charges_posted == 0  # still on trial
        report = run_due(date(2027, 4, 1))  # the day after the trial: converts, first instalment due
        assert (report.trials_ended, report.charges_posted, licence.status) == (1, 1, LicenceStatus.ACTIVE)
        assert account_balance(receivable) == Money("33333.34")
        _pay(licence, "bank:1", "33333.34", date(2027, 4, 5))
        run_due(date(2028, 4, 1))
        _pay(licence, "bank:2", "33333.33", date(2028, 4, 3))
        run_due(date(2029, 4, 1))
        _pay(licence, "bank:3", "33333.33", date(2029, 4, 2))
        assert account_balance(receivable) == Money.zero()
        assert run_due(date(2029, 12, 31)).completed == 0  # the term's last day
        assert run_due(date(2030, 1, 1)).completed == 1
        assert licence.status == LicenceStatus.COMPLETED
        amounts = [leg.amount_fen for row in db.session.scalars(
            select(LedgerTransaction).where(LedgerTransaction.kind == "charge_posted")
            .order_by(LedgerTransaction.id)) for leg in row.legs if leg.side == "debit"]
        assert amounts == [3_333_334, 3_333_333, 3_333_333]
        assert audit() == []


def test_trial_expires_with_nothing_owed(app, take):
    plan = try_first_plan(Duration.days(90), Money.zero(), TrialEnd.EXPIRE,
                          flat_plan(Money("60000.00"), Duration.years(3)))
    licence_id = take(plan)
    with app.app_context():
        for day in (date(2027, 3, 25), date(2027, 4, 1), date(2028, 1, 1)):
            run_due(day)
        licence = db.session.get(Licence, licence_id)
        assert licence.status == LicenceStatus.EXPIRED
        assert db.session.scalar(select(LedgerTransaction.id)) is None
        assert account_balance(AccountRef.enterprise_receivable(licence.enterprise_id)) == Money.zero()


def test_withdrawal_leaves_a_licence_granted_before_it_untouched(app, take):
    from marketplace.declarations import services as declarations
    from marketplace.declarations.plan_storage import read_plan

    plan = instalment_plan(Money("100000.00"), 3, Duration.months(12), Duration.years(3))
    licence_id = take(plan)
    with app.app_context():
        licence = db.session.get(Licence, licence_id)
        before = (licence.declaration_id, licence.start_date, licence.end_date,
                  [(c.due_date, c.amount_fen) for c in licence.charges])
        declarations.withdraw(licence.declaration, "专利权转让", date(2027, 2, 1), licence.accepted_at)
        db.session.commit()
        run_due(date(2028, 1, 2))
        licence = db.session.get(Licence, licence_id)
        after = (licence.declaration_id, licence.start_date, licence.end_date,
                 [(c.due_date, c.amount_fen) for c in licence.charges])
        assert after == before
        assert licence.status == LicenceStatus.OVERDUE  # unpaid instalments: dunning, not termination
        assert read_plan(licence.declaration) == plan  # the terms it accepted are still readable
        # it runs on under its original terms: the instalments keep falling due
        assert len(list(db.session.scalars(
            select(LedgerTransaction).where(LedgerTransaction.licence_id == licence_id)))) == 2
        assert audit() == []


def _staged():
    return staged_plan([(Duration.months(12), Money("30000.00")), (Duration.months(12), Money("20000.00")),
                        (None, Money("10000.00"))], Duration.years(3))


def _enterprise_user(licence):
    return db.session.scalar(select(User).where(User.enterprise_id == licence.enterprise_id))


def test_staged_plan_stopped_at_a_stage_boundary_owes_nothing_further(app, take):
    licence_id = take(_staged())  # stages start 2027-01-01, 2028-01-01, 2029-01-01
    with app.app_context():
        licence = db.session.get(Licence, licence_id)
        assert run_due(date(2027, 1, 1)).charges_posted == 1
        _pay(licence, "STAGE-1", "30000.00", date(2027, 1, 10))
        last_day = stop_at_stage(licence, _enterprise_user(licence), date(2027, 6, 1))
        assert last_day == date(2027, 12, 31)  # the day before the second stage starts
        assert run_due(date(2027, 12, 31)).completed == 0  # the stage's last day: still licensed
        report = run_due(date(2028, 1, 1))
        licence = db.session.get(Licence, licence_id)
        assert (report.charges_posted, report.completed, licence.status) == (0, 1, LicenceStatus.COMPLETED)
        run_due(date(2029, 6, 1))  # later stages never fall due
        charges = db.session.scalars(select(LedgerTransaction).where(
            LedgerTransaction.licence_id == licence_id, LedgerTransaction.kind == "charge_posted")).all()
        assert [c.key for c in charges] == [f"charge:licence:{licence_id}:phase:0:fixed"]
        assert account_balance(AccountRef.enterprise_receivable(licence.enterprise_id)) == Money.zero()
        kinds = [step.kind for step in history_of(licence_id)]
        assert kinds[-2:] == ["stop_requested", "stopped_at_stage"]
        assert audit() == []


def test_a_stopped_licence_that_still_owes_completes_only_once_paid(app, take):
    licence_id = take(_staged())
    with app.app_context():
        licence = db.session.get(Licence, licence_id)
        run_due(date(2027, 1, 1))
        stop_at_stage(licence, _enterprise_user(licence), date(2027, 1, 5))
        run_due(date(2028, 1, 1))
        licence = db.session.get(Licence, licence_id)
        assert licence.status == LicenceStatus.OVERDUE  # the first stage is unpaid: dunning, not completion
        _pay(licence, "STAGE-1", "30000.00", date(2028, 1, 5))
        assert run_due(date(2028, 1, 6)).completed == 1
        assert db.session.get(Licence, licence_id).status == LicenceStatus.COMPLETED


def test_stopping_is_refused_when_it_makes_no_sense(app, take):
    flat_id = take(flat_plan(Money("5000.00"), Duration.years(2)))
    staged_id = take(_staged())
    with app.app_context():
        flat = db.session.get(Licence, flat_id)
        with pytest.raises(ServiceError):  # not a staged plan
            stop_at_stage(flat, _enterprise_user(flat), date(2027, 2, 1))
        staged = db.session.get(Licence, staged_id)
        user = _enterprise_user(staged)
        run_due(date(2027, 1, 1))
        stop_at_stage(staged, user, date(2027, 2, 1))
        with pytest.raises(ServiceError):  # already stopping
            stop_at_stage(staged, user, date(2027, 2, 2))


def test_no_stop_after_the_last_stage_started(app, take):
    licence_id = take(_staged())
    with app.app_context():
        licence = db.session.get(Licence, licence_id)
        run_due(date(2029, 1, 1))
        licence = db.session.get(Licence, licence_id)
        licence.status = LicenceStatus.ACTIVE  # as if paid up; the last stage has started
        with pytest.raises(ServiceError):
            stop_at_stage(licence, _enterprise_user(licence), date(2029, 1, 2))


def test_flat_fee_paid_then_completed_and_free_licence_completed_with_nothing_owed(app, take):
    flat_id = take(flat_plan(Money("80000.00"), Duration.years(2)))
    free_id = take(free_plan(Duration.years(2)))
    with app.app_context():
        assert run_due(date(2027, 1, 1)).charges_posted == 1  # the flat fee, due at the start
        _pay(db.session.get(Licence, flat_id), "FLAT-1", "80000.00", date(2027, 1, 20))
        assert run_due(date(2028, 12, 31)).completed == 0  # both terms' last day
        assert run_due(date(2029, 1, 1)).completed == 2
        flat, free = db.session.get(Licence, flat_id), db.session.get(Licence, free_id)
        assert (flat.status, free.status) == (LicenceStatus.COMPLETED, LicenceStatus.COMPLETED)
        free_ledger = select(LedgerTransaction.id).where(LedgerTransaction.licence_id == free_id)
        assert db.session.scalar(free_ledger) is None
        assert [step.kind for step in history_of(free_id)] == ["taken", "completed"]
        assert audit() == []


def test_charges_that_will_never_fall_due_are_voided_and_never_posted(app, take):
    expiring = take(try_first_plan(Duration.days(90), Money.zero(), TrialEnd.EXPIRE,
                                   flat_plan(Money("60000.00"), Duration.years(3))))
    declining = take(try_first_plan(Duration.days(90), Money.zero(), TrialEnd.CONVERT,
                                    flat_plan(Money("60000.00"), Duration.years(3))))
    stopping = take(_staged())
    with app.app_context():
        run_due(date(2027, 1, 1))
        declined = db.session.get(Licence, declining)
        decide_trial(declined, _enterprise_user(declined), False, date(2027, 1, 10))
        staged = db.session.get(Licence, stopping)
        _pay(staged, "STAGE-1", "30000.00", date(2027, 1, 10))
        stop_at_stage(staged, _enterprise_user(staged), date(2027, 2, 1))
        run_due(date(2027, 4, 1))  # the expiring trial ends
        voided = {(c.licence_id, c.slot) for c in db.session.scalars(
            select(LicenceCharge).where(LicenceCharge.voided_on.is_not(None)))}
        assert voided == {(expiring, "phase:1:fixed"), (declining, "phase:1:fixed"),
                          (stopping, "phase:1:fixed"), (stopping, "phase:2:fixed")}
        assert run_due(date(2030, 1, 1)).charges_posted == 0
        assert audit() == []
