"""A crash part-way through a posting leaves nothing behind: the whole unit of work rolls back, and the
next attempt posts exactly once."""

from datetime import date

import pytest
from sqlalchemy import func, select

from marketplace.core.money import Money
from marketplace.core.pricing import Duration, flat_plan
from marketplace.extensions import db
from marketplace.ledger import due_charges, payments
from marketplace.ledger.due import run_due
from marketplace.ledger.models import ChargeSettlement, LedgerLeg, LedgerTransaction
from marketplace.ledger.services import audit
from marketplace.licensing.models import Licence, LicenceCharge


def _counts():
    return tuple(db.session.scalar(select(func.count()).select_from(model))
                 for model in (LedgerTransaction, LedgerLeg, ChargeSettlement))


def test_a_crash_while_posting_due_charges_posts_nothing(app, take, monkeypatch):
    licence_id = take(flat_plan(Money("50000.00"), Duration.years(2)))
    with app.app_context():
        before = _counts()

        def crash(_steps):
            raise RuntimeError("power cut after the legs, before the history")

        monkeypatch.setattr(due_charges, "record_many", crash)
        with pytest.raises(RuntimeError), db.session.begin_nested():
            run_due(date(2027, 1, 1))
        assert _counts() == before
        charge = db.session.scalar(select(LicenceCharge).where(LicenceCharge.licence_id == licence_id))
        assert charge.posted_on is None
        monkeypatch.undo()
        assert run_due(date(2027, 1, 1)).charges_posted == 1
        assert run_due(date(2027, 1, 1)).charges_posted == 0
        assert audit() == []


def test_a_crash_between_the_payment_and_its_settlement_leaves_no_payment(app, take, monkeypatch):
    licence_id = take(flat_plan(Money("50000.00"), Duration.years(2)))
    with app.app_context():
        run_due(date(2027, 1, 1))
        licence = db.session.get(Licence, licence_id)
        before = _counts()

        def crash(*_args):
            raise RuntimeError("crash after the ledger legs, before the charges are settled")

        monkeypatch.setattr(payments, "apply_credit", crash)
        with pytest.raises(RuntimeError), db.session.begin_nested():
            payments.record_payment(licence, Money("50000.00"), "CRASH-1", date(2027, 1, 2))
        assert _counts() == before
        monkeypatch.undo()
        assert payments.record_payment(db.session.get(Licence, licence_id), Money("50000.00"), "CRASH-1",
                                       date(2027, 1, 2))
        assert audit() == []
