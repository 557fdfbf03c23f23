"""The 备案 record is exactly once under real concurrency, on SQLite and on PostgreSQL: many writers
recording the same first filing write one entry; many writers correcting the same entry at once —
the same correction, or different ones — write one correcting entry, and the licence shows it."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from marketplace.accounts.models import User
from marketplace.core.money import Money
from marketplace.core.pricing import Duration, flat_plan
from marketplace.extensions import db
from marketplace.licensing.filing import correct_filing, current_filing, filings_of, record_filing
from marketplace.licensing.models import Licence
from marketplace.service_errors import ServiceError
from tests.ledger import licence_factory as factory
from tests.ledger.separate_database import BACKENDS, run_together, separate_app

pytestmark = pytest.mark.real_commits

WRITERS = 12
TODAY = date(2027, 1, 20)


def _refused(work):
    """Run `work`; a ServiceError is an answer ("refused"), not a failure."""
    try:
        return work()
    except ServiceError:
        return "refused"


@pytest.mark.parametrize("backend", BACKENDS)
def test_one_first_filing_and_one_correction_per_entry_however_many_post_at_once(backend, tmp_path):
    with separate_app(backend, tmp_path) as app:
        with app.app_context():
            licence = factory.take(factory.offer(flat_plan(Money("5000.00"), Duration.years(2))))
            licence_id = licence.id
            user_id = db.session.scalar(select(User.id).where(User.enterprise_id == licence.enterprise_id))
            db.session.commit()

        def file_it():
            return record_filing(db.session.get(Licence, licence_id), db.session.get(User, user_id),
                                 date(2027, 1, 5), "2027990000123", TODAY)

        results, errors = run_together(app, WRITERS, file_it)
        assert errors == []
        assert results.count(True) == 1 and results.count(False) == WRITERS - 1
        with app.app_context():
            first_id = current_filing(licence_id).id

        def correct_same():
            return _refused(lambda: correct_filing(
                db.session.get(Licence, licence_id), db.session.get(User, user_id), first_id,
                date(2027, 1, 6), "2027990000124", "typo", TODAY))

        results, errors = run_together(app, WRITERS, correct_same)
        assert errors == []
        assert results.count(True) == 1 and results.count(False) == WRITERS - 1

        with app.app_context():
            second_id = current_filing(licence_id).id
        numbers = iter(f"20279900002{n:02d}" for n in range(WRITERS))

        def correct_differently():
            number = next(numbers)
            return _refused(lambda: correct_filing(
                db.session.get(Licence, licence_id), db.session.get(User, user_id), second_id,
                date(2027, 1, 7), number, f"typo {number}", TODAY))

        results, errors = run_together(app, WRITERS, correct_differently)
        assert errors == []
        assert results.count(True) == 1 and results.count("refused") == WRITERS - 1

        with app.app_context():
            entries = filings_of(licence_id)
            assert [entry.corrects_id for entry in entries] == [None, first_id, second_id]
            licence = db.session.get(Licence, licence_id)
            last = entries[-1]
            assert (licence.filed_on, licence.filing_number) == (last.filed_on, last.filing_number)


@pytest.mark.parametrize("backend", BACKENDS)
def test_two_runs_at_once_notify_an_overdue_filing_once_to_each_party(backend, tmp_path):
    from marketplace.ledger.due import run_due
    from marketplace.notifications.models import Notification

    with separate_app(backend, tmp_path) as app:
        with app.app_context():
            on = factory.offer(flat_plan(Money("5000.00"), Duration.years(2)))
            ids = [factory.take(on).id for _ in range(3)]
            db.session.commit()

        results, errors = run_together(app, 2, lambda: run_due(date(2027, 4, 2)).filings_overdue)
        assert errors == []
        assert sum(results) == 3  # each licence flagged by one of the two runs
        with app.app_context():
            keys = sorted(db.session.scalars(select(Notification.key)
                                             .where(Notification.kind == "filing_overdue")))
            assert keys == sorted(f"filing-overdue:licence:{licence_id}:{party}" for licence_id in ids
                                  for party in ("enterprise", "university"))
