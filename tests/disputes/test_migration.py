"""The migration that adds disputes, down and up again on SQLite and PostgreSQL: the downgrade drops the
dispute tables (licences and their charges untouched), the upgrade brings them back with their partial
unique indexes."""

from __future__ import annotations

from datetime import date

import pytest
from flask_migrate import downgrade, upgrade
from sqlalchemy import func, inspect, select
from sqlalchemy.exc import IntegrityError

from marketplace.core.disputes import DisputeStatus, DisputeSubject, Party
from marketplace.disputes.models import Dispute
from marketplace.extensions import db
from marketplace.licensing.models import LicenceCharge
from tests.disputes.test_concurrency import _licence_with_a_charge
from tests.ledger.separate_database import BACKENDS, separate_app

pytestmark = pytest.mark.real_commits

BEFORE = "4cfeee83104c"


def _dispute(licence_id: int, user_id: int) -> Dispute:
    return Dispute(licence_id=licence_id, subject=DisputeSubject.USE, description="超范围实施",
                   party=Party.UNIVERSITY, status=DisputeStatus.OPEN, opened_on=date(2027, 1, 10),
                   opened_by_id=user_id, reference="", outcome_note="")


@pytest.mark.parametrize("backend", BACKENDS)
def test_the_dispute_tables_go_down_and_come_back(backend, tmp_path):
    with separate_app(backend, tmp_path) as app:
        licence_id, _buyer, staff_id, _charge = _licence_with_a_charge(app)
        with app.app_context():
            db.session.add(_dispute(licence_id, staff_id))
            db.session.commit()
            db.session.remove()
            downgrade(revision=BEFORE)
            tables = inspect(db.engine).get_table_names()
            assert "dispute" not in tables and "dispute_charge" not in tables
            assert db.session.scalar(select(func.count()).select_from(LicenceCharge)) == 1
            db.session.remove()
            upgrade()
            indexes = {index["name"] for index in inspect(db.engine).get_indexes("dispute")}
            assert "uq_dispute_open_subject" in indexes
            db.session.add(_dispute(licence_id, staff_id))
            db.session.commit()
            db.session.add(_dispute(licence_id, staff_id))  # a second open dispute on the same subject
            with pytest.raises(IntegrityError):
                db.session.commit()
            db.session.rollback()
            db.session.remove()
            db.engine.dispose()
