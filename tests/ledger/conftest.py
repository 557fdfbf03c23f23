"""Fixtures of the ledger tests: a licence taken on a plan, for a fresh patent and enterprise."""

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from marketplace.accounts.models import Role, User
from marketplace.catalogue.models import Patent
from marketplace.declarations import services as declarations
from marketplace.extensions import db
from marketplace.licensing.services import take_licence

TODAY = date(2026, 11, 26)
NOW = datetime(2026, 11, 26, 2, 0, tzinfo=UTC)
# These tests are about licences, not the patent's annual fees: the register counts every fee due before
# this day as paid, so no fee reminder or lapse enters the runs of `run_due` they drive.
FEES_COUNTED_PAID_UNTIL = date(2100, 1, 1)


@pytest.fixture
def take(app, make_patent, make_university, make_user):
    """take(plan, start) → licence id, for a fresh patent offered on `plan` and a fresh enterprise."""

    def do(plan, start=date(2027, 1, 1)) -> int:
        university_id = make_university()
        patent_id = make_patent(university_id)
        staff = make_user(Role.UNIVERSITY_STAFF, university_id=university_id)
        enterprise = make_user(Role.ENTERPRISE_USER)
        with app.app_context():
            patent = db.session.get(Patent, patent_id)
            patent.fees_tracked_from = FEES_COUNTED_PAID_UNTIL
            user = db.session.scalar(select(User).where(User.email == staff))
            draft = declarations.save_draft(patent, user, plan, "银行转账", "", TODAY)
            declarations.publish(draft, TODAY, NOW)
            buyer = db.session.scalar(select(User).where(User.email == enterprise))
            licence = take_licence(buyer, patent, draft.id, start, TODAY, NOW)
            db.session.commit()
            return licence.id

    return do


