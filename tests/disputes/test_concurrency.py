"""Disputes under real concurrency, on SQLite and on PostgreSQL: both parties opening a dispute on the same
subject at once open one; both parties recording an outcome at once record one (the others are refused),
and a waiver that comes with it is posted once."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import func, select

from marketplace.accounts.models import Role, User
from marketplace.core.disputes import DisputeOutcome, DisputeSubject, Resolution
from marketplace.disputes import services
from marketplace.disputes.models import Dispute, DisputeCharge
from marketplace.extensions import db
from marketplace.ledger.due import run_due
from marketplace.ledger.models import LedgerTransaction
from marketplace.ledger.services import audit
from marketplace.licensing.models import Licence
from marketplace.notifications.models import Notification
from marketplace.service_errors import ServiceError
from tests.disputes.support import FLAT, START, charge_ids
from tests.ledger import licence_factory as factory
from tests.ledger.separate_database import BACKENDS, run_together, separate_app

pytestmark = pytest.mark.real_commits

WRITERS = 8
TODAY = date(2027, 1, 10)
NOW = datetime(2027, 1, 10, 2, tzinfo=UTC)


def _refused(work):
    """Run `work`; a ServiceError is an answer ("refused"), not a failure."""
    try:
        return work()
    except ServiceError:
        return "refused"


def _licence_with_a_charge(app) -> tuple[int, int, int, int]:
    """(licence id, enterprise user id, staff user id, charge id) of a licence whose fee fell due."""
    with app.app_context():
        licence = factory.take(factory.offer(FLAT), START)
        db.session.flush()
        run_due(START)
        ids = (licence.id,
               db.session.scalar(select(User.id).where(User.enterprise_id == licence.enterprise_id)),
               db.session.scalar(select(User.id).where(User.university_id == licence.university_id,
                                                       User.role == Role.UNIVERSITY_STAFF)),
               charge_ids(licence.id)[0])
        db.session.commit()
        return ids


@pytest.mark.parametrize("backend", BACKENDS)
def test_two_parties_opening_the_same_subject_at_once_open_one_dispute(backend, tmp_path):
    with separate_app(backend, tmp_path) as app:
        licence_id, buyer_id, staff_id, charge_id = _licence_with_a_charge(app)
        turns = iter(range(WRITERS))

        def open_it():
            user_id = buyer_id if next(turns) % 2 else staff_id
            return _refused(lambda: services.open_dispute(
                db.session.get(Licence, licence_id), db.session.get(User, user_id), DisputeSubject.PAYMENT,
                "金额有争议", [charge_id], TODAY).id)

        results, errors = run_together(app, WRITERS, open_it)
        assert errors == []
        assert results.count("refused") == WRITERS - 1
        with app.app_context():
            assert db.session.scalar(select(func.count()).select_from(Dispute)) == 1
            assert db.session.scalar(select(func.count()).select_from(DisputeCharge)) == 1
            assert audit() == []


@pytest.mark.parametrize("backend", BACKENDS)
def test_two_parties_resolving_at_once_record_one_outcome(backend, tmp_path):
    with separate_app(backend, tmp_path) as app:
        licence_id, buyer_id, staff_id, charge_id = _licence_with_a_charge(app)
        with app.app_context():
            licence = db.session.get(Licence, licence_id)
            buyer = db.session.get(User, buyer_id)
            dispute_id = services.open_dispute(licence, buyer, DisputeSubject.PAYMENT, "金额有争议",
                                               [charge_id], TODAY).id
            db.session.commit()
        turns = iter(range(WRITERS))

        def resolve_it():
            turn = next(turns)
            if turn % 2:
                user_id, resolution = buyer_id, Resolution(DisputeOutcome.WITHDRAWN)
            else:
                user_id, resolution = staff_id, Resolution(DisputeOutcome.SETTLED, waive=True)
            return _refused(lambda: services.resolve_dispute(
                db.session.get(Dispute, dispute_id), db.session.get(User, user_id), resolution, "", TODAY,
                NOW).outcome.value)

        results, errors = run_together(app, WRITERS, resolve_it)
        assert errors == []
        assert results.count("refused") == WRITERS - 1
        outcome = next(result for result in results if result != "refused")
        with app.app_context():
            dispute = db.session.get(Dispute, dispute_id)
            assert (dispute.status, dispute.outcome) == ("resolved", outcome)
            waivers = db.session.scalar(select(func.count()).select_from(LedgerTransaction)
                                        .where(LedgerTransaction.kind == "charge_waived"))
            assert waivers == (1 if outcome == "settled" else 0)
            assert db.session.scalar(select(func.count()).select_from(Notification)
                                     .where(Notification.kind == "dispute_resolved")) == 1
            assert audit() == []
