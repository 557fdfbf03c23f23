"""The stored ledger: exactly once by key, append-only in the database, run-due safe to repeat."""

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import delete, func, select, text, update
from sqlalchemy.exc import DBAPIError

from marketplace.accounts.models import User
from marketplace.core.ledger import AccountRef, payment_received
from marketplace.core.licence_state import LicenceStatus
from marketplace.core.money import Money
from marketplace.core.pricing import Duration, TrialEnd, flat_plan, instalment_plan, try_first_plan
from marketplace.extensions import db
from marketplace.ledger.due import pending_count, run_due
from marketplace.ledger.models import LedgerLeg, LedgerTransaction
from marketplace.ledger.payments import record_payment, reverse_payment
from marketplace.ledger.services import account_balance, audit, post
from marketplace.licensing.models import Licence
from marketplace.service_errors import ServiceError

TODAY = date(2026, 11, 26)
NOW = datetime(2026, 11, 26, 2, 0, tzinfo=UTC)


def _count(app, model):
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


def test_run_due_posts_each_charge_once(app, take):
    licence_id = take(instalment_plan(Money("100000.00"), 3, Duration.months(12), Duration.years(3)))
    with app.app_context():
        assert run_due(date(2026, 12, 31)).charges_posted == 0
        assert run_due(date(2027, 1, 1)).charges_posted == 1
        assert run_due(date(2027, 1, 1)).charges_posted == 0  # the same day again: nothing twice
        assert run_due(date(2029, 6, 1)).charges_posted == 2
        db.session.commit()
        licence = db.session.get(Licence, licence_id)
        receivable = AccountRef.enterprise_receivable(licence.enterprise_id)
        assert account_balance(receivable) == Money("100000.00")
        assert audit() == []
    assert _count(app, LedgerTransaction) == 3


@pytest.mark.parametrize(
    ("policy", "status", "charges"),
    [(TrialEnd.EXPIRE, LicenceStatus.EXPIRED, 0), (TrialEnd.CONVERT, LicenceStatus.ACTIVE, 1)],
)
def test_trial_end_policy_applies_the_day_after_the_trial(app, take, policy, status, charges):
    after = flat_plan(Money("60000.00"), Duration.years(3))
    plan = try_first_plan(Duration.days(90), Money.zero(), policy, after)
    licence_id = take(plan)
    with app.app_context():
        report = run_due(date(2027, 3, 31))  # the trial's last day
        assert (report.trials_ended, db.session.get(Licence, licence_id).status) == (0, LicenceStatus.TRIAL)
        report = run_due(date(2027, 4, 1))
        assert report.trials_ended == 1
        assert db.session.get(Licence, licence_id).status == status
        assert report.charges_posted == charges
        assert audit() == []


def test_a_payment_posts_once_per_idempotency_key(app, take):
    licence_id = take(flat_plan(Money("50000.00"), Duration.years(2)))
    with app.app_context():
        run_due(date(2027, 1, 1))
        licence = db.session.get(Licence, licence_id)
        posted = record_payment(licence, Money("50000.00"), "ABC123", date(2027, 1, 5))
        posted_again = record_payment(licence, Money("50000.00"), "abc123", date(2027, 1, 5))
        assert (posted, posted_again) == (True, False)
        payment = payment_received(licence.id, licence.enterprise_id, licence.university_id,
                                   f"bank:{licence.id}:ABC123", Money("50000.00"))
        stored, posted_by_post = post(payment, date(2027, 1, 5))  # the key itself is unique too
        assert (posted_by_post, stored.key) == (False, payment.key)
        db.session.commit()
        assert account_balance(AccountRef.enterprise_receivable(licence.enterprise_id)) == Money.zero()
        assert audit() == []


def test_posted_rows_cannot_be_changed_or_deleted(app, take):
    take(flat_plan(Money("50000.00"), Duration.years(2)))
    with app.app_context():
        run_due(date(2027, 1, 1))
        db.session.commit()
        for statement in (update(LedgerLeg).values(amount_fen=1), delete(LedgerLeg),
                          update(LedgerTransaction).values(key="x"), delete(LedgerTransaction)):
            with pytest.raises(DBAPIError, match="append-only"), db.session.begin_nested():
                db.session.execute(statement)
        assert db.session.scalar(select(LedgerLeg.amount_fen).limit(1)) == 5_000_000


def test_ledger_check_command(app, runner, take):
    take(flat_plan(Money("50000.00"), Duration.years(2)))
    assert runner.invoke(args=["ledger", "run-due", "--today", "2027-01-01"]).exit_code == 0
    result = runner.invoke(args=["ledger", "check"])
    assert result.exit_code == 0, result.output
    assert runner.invoke(args=["ledger", "run-due", "--today", "not-a-date"]).exit_code != 0
    with app.app_context():  # an unbalanced transaction slipped in behind the application's back
        row = db.session.scalar(select(LedgerTransaction))
        db.session.execute(text("INSERT INTO ledger_leg (transaction_id, account, side, amount_fen, "
                                "currency) VALUES (:id, :account, 'debit', 1, 'CNY')"),
                           {"id": row.id, "account": "cash:university:1"})
        db.session.commit()
    broken = runner.invoke(args=["ledger", "check"])
    assert broken.exit_code == 1
    assert "unbalanced" in broken.output.lower()


def test_unpaid_charges_make_the_licence_overdue_then_suspended_then_settled(app, take):
    licence_id = take(flat_plan(Money("50000.00"), Duration.years(2)))  # charge due 2027-01-01

    def status_on(day):
        run_due(day)
        return db.session.get(Licence, licence_id).status

    with app.app_context():
        assert status_on(date(2027, 1, 31)) == LicenceStatus.ACTIVE  # day 30 of grace
        assert status_on(date(2027, 2, 1)) == LicenceStatus.OVERDUE
        assert status_on(date(2027, 4, 1)) == LicenceStatus.OVERDUE  # day 90
        assert status_on(date(2027, 4, 2)) == LicenceStatus.SUSPENDED
        licence = db.session.get(Licence, licence_id)
        record_payment(licence, Money("50000.00"), "LATE-1", date(2027, 4, 10))
        assert licence.status == LicenceStatus.ACTIVE  # settled at once by the payment
        assert status_on(date(2027, 4, 10)) == LicenceStatus.ACTIVE
        assert audit() == []


def test_trial_reminder_goes_out_once_seven_days_before_the_end(app, runner, take, client):
    from marketplace.notifications.models import Notification

    plan = try_first_plan(Duration.days(90), Money.zero(), TrialEnd.CONVERT,
                          flat_plan(Money("60000.00"), Duration.years(3)))
    take(plan)  # trial 2027-01-01 … 2027-03-31
    with app.app_context():
        assert run_due(date(2027, 3, 24)).reminders == 0
        assert run_due(date(2027, 3, 25)).reminders == 1
        assert run_due(date(2027, 3, 26)).reminders == 0
        db.session.commit()
    assert _count(app, Notification) == 1
    result = runner.invoke(args=["ledger", "run-due", "--today", "2027-03-27"])
    assert "1 notifications sent" in result.output
    with app.app_context():
        assert db.session.scalar(select(Notification.sent_at)) is not None


def test_the_enterprise_sees_its_reminder_on_its_dashboard(app, take, client):
    from marketplace.licensing.models import Licence as LicenceRow
    from tests.helpers import PASSWORD, login, page_text

    plan = try_first_plan(Duration.days(5), Money.zero(), TrialEnd.EXPIRE,
                          flat_plan(Money("60000.00"), Duration.years(3)))
    licence_id = take(plan)
    with app.app_context():
        run_due(date(2027, 1, 1))  # fewer than 7 days: the reminder goes out at once
        db.session.commit()
        enterprise_id = db.session.get(LicenceRow, licence_id).enterprise_id
        email = db.session.scalar(select(User.email).where(User.enterprise_id == enterprise_id))
    login(client, email, PASSWORD)
    text = page_text(client.get("/dashboard"))
    assert "试用期将于 2027-01-05 结束" in text
    assert "无需付费" in text


def test_the_check_finds_charges_that_disagree_with_the_ledger(app, take):
    licence_id = take(flat_plan(Money("50000.00"), Duration.years(2)))
    with app.app_context():
        run_due(date(2027, 1, 1))
        licence = db.session.get(Licence, licence_id)
        record_payment(licence, Money("20000.00"), "PART-1", date(2027, 1, 5))
        assert audit() == []
        db.session.execute(text("UPDATE licence_charge SET settled_fen = 0 WHERE licence_id = :id"),
                           {"id": licence_id})
        codes = {code for code, _detail in audit()}
        assert codes == {"settled_differs", "balance_differs"}


def test_a_completed_licence_keeps_its_payments(app, take):
    licence_id = take(flat_plan(Money("5000.00"), Duration.years(1)))
    with app.app_context():
        run_due(date(2027, 1, 1))
        licence = db.session.get(Licence, licence_id)
        record_payment(licence, Money("5000.00"), "PAID-1", date(2027, 1, 2))
        assert run_due(date(2028, 1, 1)).completed == 1
        payment_id = db.session.scalar(select(LedgerTransaction.id).where(
            LedgerTransaction.kind == "payment_received", LedgerTransaction.licence_id == licence_id))
        with pytest.raises(ServiceError):
            reverse_payment(db.session.get(Licence, licence_id), payment_id, "录错了", date(2028, 1, 2))


def test_the_progress_bar_counts_what_the_run_will_look_at(app, runner, take):
    take(flat_plan(Money("50000.00"), Duration.years(2)))
    take(try_first_plan(Duration.days(90), Money.zero(), TrialEnd.EXPIRE,
                        flat_plan(Money("60000.00"), Duration.years(3))))
    with app.app_context():
        assert pending_count(date(2027, 3, 31)) == 2  # the flat fee due, the trial's reminder
        report = run_due(date(2027, 3, 31))
        assert (report.charges_posted, report.reminders) == (1, 1)
        assert pending_count(date(2027, 3, 31)) == 0
        assert pending_count(date(2027, 4, 1)) == 1  # the trial ends the next day
