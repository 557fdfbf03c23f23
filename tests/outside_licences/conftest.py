"""Fixtures of the register of outside licences: a patent of the logged-in IP centre's university, and
publishing its declaration."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from marketplace.accounts.models import Role, User
from marketplace.catalogue.models import Patent
from marketplace.core.money import Money
from marketplace.core.pricing import Duration, flat_plan
from marketplace.declarations import services as declarations
from marketplace.extensions import db

TODAY = date(2026, 11, 26)
NOW = datetime(2026, 11, 26, 2, 0, tzinfo=UTC)


@pytest.fixture
def staff_patent(app, client, login_as, make_university, make_patent):
    """(patent id, staff e-mail): a patent of the university whose IP centre the client is logged in as,
    on a frozen day."""
    university_id = make_university("内蒙古大学")
    email = login_as(Role.UNIVERSITY_STAFF, university_id=university_id)
    app.config["FROZEN_TODAY"] = TODAY.isoformat()
    yield make_patent(university_id), email
    app.config.pop("FROZEN_TODAY")


@pytest.fixture
def publish(app) -> Callable[[int, str], int]:
    """publish(patent_id, staff e-mail) → the id of the patent's published declaration (a flat plan)."""

    def do(patent_id: int, email: str) -> int:
        with app.app_context():
            staff = db.session.scalar(select(User).where(User.email == email))
            plan = flat_plan(Money("50000.00"), Duration.years(3))
            draft = declarations.save_draft(db.session.get(Patent, patent_id), staff, plan, "银行转账", "",
                                            TODAY)
            declarations.publish(draft, TODAY, NOW)
            db.session.commit()
            return draft.id

    return do
