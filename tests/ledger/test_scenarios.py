"""Clock-driven scenarios (the Kill Bill way): move the date, assert the events and the charges."""

from datetime import date

from sqlalchemy import select

from marketplace.core.ledger import AccountRef
from marketplace.core.licence_state import LicenceStatus
from marketplace.core.money import Money
from marketplace.core.pricing import Duration, TrialEnd, flat_plan, instalment_plan, try_first_plan
from marketplace.extensions import db
from marketplace.ledger.due import run_due
from marketplace.ledger.models import LedgerTransaction
from marketplace.ledger.payments import record_payment
from marketplace.ledger.services import account_balance, audit
from marketplace.licensing.models import Licence


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
