"""Milestones under real concurrency, on SQLite and on PostgreSQL: many reports of the same milestone at
once write one; many confirmations of one report at once confirm it once and post its charge once; a
confirmation racing a rejection decides the report once."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import func, select

from marketplace.accounts.models import Role, User
from marketplace.core.milestones import MilestoneStatus
from marketplace.extensions import db
from marketplace.ledger.models import LedgerTransaction
from marketplace.ledger.services import audit
from marketplace.licensing.models import Licence, LicenceCharge
from marketplace.milestones import services
from marketplace.milestones.models import MilestoneReport
from marketplace.service_errors import ServiceError
from tests.ledger import licence_factory as factory
from tests.ledger.separate_database import BACKENDS, run_together, separate_app
from tests.milestones.plans import FROM_FIRST_REVENUE

pytestmark = pytest.mark.real_commits

WRITERS = 10
TODAY = date(2027, 7, 19)
NOW = datetime(2027, 7, 19, 2, tzinfo=UTC)


def _refused(work):
    """Run `work`; a ServiceError is an answer ("refused"), not a failure."""
    try:
        return work()
    except ServiceError:
        return "refused"


@pytest.mark.parametrize("backend", BACKENDS)
def test_a_milestone_is_reported_once_confirmed_once_and_charged_once(backend, tmp_path):
    with separate_app(backend, tmp_path) as app:
        with app.app_context():
            licence = factory.take(factory.offer(FROM_FIRST_REVENUE))
            licence_id = licence.id
            buyer_id = db.session.scalar(select(User.id).where(User.enterprise_id == licence.enterprise_id))
            staff_id = db.session.scalar(select(User.id).where(User.university_id == licence.university_id,
                                                               User.role == Role.UNIVERSITY_STAFF))
            db.session.commit()

        def report_it():
            return _refused(lambda: services.report_milestone(
                db.session.get(Licence, licence_id), db.session.get(User, buyer_id), 1, date(2027, 7, 10), "",
                TODAY).id)

        results, errors = run_together(app, WRITERS, report_it)
        assert errors == []
        assert results.count("refused") == WRITERS - 1
        with app.app_context():
            report_id = db.session.scalar(select(MilestoneReport.id))

        def confirm_it():
            return services.confirm_milestone(db.session.get(MilestoneReport, report_id),
                                              db.session.get(User, staff_id), TODAY, NOW)

        results, errors = run_together(app, WRITERS, confirm_it)
        assert errors == []
        assert results.count(True) == 1 and results.count(False) == WRITERS - 1
        with app.app_context():
            charge = db.session.scalar(select(LicenceCharge).where(LicenceCharge.licence_id == licence_id))
            assert (charge.due_date, charge.posted_on) == (TODAY, TODAY)
            assert db.session.scalar(select(func.count()).select_from(LedgerTransaction)
                                     .where(LedgerTransaction.kind == "charge_posted")) == 1
            assert db.session.get(Licence, licence_id).status == "active"
            assert audit() == []


@pytest.mark.parametrize("backend", BACKENDS)
def test_a_confirmation_racing_a_rejection_decides_the_report_once(backend, tmp_path):
    with separate_app(backend, tmp_path) as app:
        with app.app_context():
            licence = factory.take(factory.offer(FROM_FIRST_REVENUE))
            buyer = db.session.scalar(select(User).where(User.enterprise_id == licence.enterprise_id))
            staff_id = db.session.scalar(select(User.id).where(User.university_id == licence.university_id,
                                                               User.role == Role.UNIVERSITY_STAFF))
            report_id = services.report_milestone(licence, buyer, 1, date(2027, 7, 10), "", TODAY).id
            db.session.commit()
        turns = iter(range(WRITERS))

        def decide():
            report, staff = db.session.get(MilestoneReport, report_id), db.session.get(User, staff_id)
            if next(turns) % 2:
                return ("confirm", services.confirm_milestone(report, staff, TODAY, NOW))
            return ("reject", services.reject_milestone(report, staff, "发票不符", TODAY, NOW))

        results, errors = run_together(app, WRITERS, decide)
        assert errors == []
        assert [won for _, won in results].count(True) == 1
        with app.app_context():
            report = db.session.get(MilestoneReport, report_id)
            posted = db.session.scalar(select(func.count()).select_from(LicenceCharge)
                                       .where(LicenceCharge.posted_on.is_not(None)))
            winner = next(kind for kind, won in results if won)
            expected = MilestoneStatus.CONFIRMED if winner == "confirm" else MilestoneStatus.REJECTED
            assert report.status == expected
            assert posted == (1 if winner == "confirm" else 0)
            assert audit() == []
