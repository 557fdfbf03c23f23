"""Fixtures of the licensing tests: a patent offered on a try-first plan."""

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from marketplace.accounts.models import Role, User
from marketplace.catalogue.models import Patent
from marketplace.core.money import Money
from marketplace.core.pricing import Duration, TrialEnd, flat_plan, try_first_plan
from marketplace.declarations import services as declarations
from marketplace.extensions import db

TODAY = date(2026, 11, 26)
NOW = datetime(2026, 11, 26, 2, 0, tzinfo=UTC)
TRY_FIRST = try_first_plan(Duration.days(90), Money.zero(), TrialEnd.EXPIRE,
                           flat_plan(Money("60000.00"), Duration.years(3)))


@pytest.fixture
def offered(app, make_patent, make_university, make_user):
    """A patent with a published try-first plan; returns (patent id, declaration id)."""
    university_id = make_university("内蒙古大学")
    patent_id = make_patent(university_id)
    staff = make_user(Role.UNIVERSITY_STAFF, university_id=university_id)
    app.config["FROZEN_TODAY"] = TODAY.isoformat()
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == staff))
        patent = db.session.get(Patent, patent_id)
        draft = declarations.save_draft(patent, user, TRY_FIRST, "银行转账", "", TODAY)
        declarations.publish(draft, TODAY, NOW)
        db.session.commit()
        declaration_id = draft.id
    yield patent_id, declaration_id
    app.config.pop("FROZEN_TODAY")


