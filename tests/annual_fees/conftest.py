"""A university's patent offered for open licence, with its IP centre and an enterprise that can log in,
created on 2026-11-26 (so the register tracks the patent from that day); `on_day` moves the app's today."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from marketplace.accounts.models import Role, User
from marketplace.catalogue.models import Patent
from marketplace.core.money import Money
from marketplace.core.pricing import Duration, flat_plan
from marketplace.declarations import services as declarations
from marketplace.extensions import db
from marketplace.licensing.services import take_licence

CREATED = date(2026, 11, 26)
NOW = datetime(2026, 11, 26, 2, 0, tzinfo=UTC)


@dataclass(frozen=True)
class World:
    university_id: int
    patent_id: int
    staff: str
    enterprise: str


@pytest.fixture
def on_day(app):
    """on_day(day) freezes the application's today (2026-11-26 to start with); restored after the test."""
    saved = app.config.get("FROZEN_TODAY")

    def freeze(day: date) -> None:
        app.config["FROZEN_TODAY"] = day.isoformat()

    freeze(CREATED)
    yield freeze
    app.config["FROZEN_TODAY"] = saved


def user(email: str) -> User:
    return db.session.scalar(select(User).where(User.email == email))


@pytest.fixture
def world(app, on_day, make_university, make_user, make_patent) -> World:
    """An invention filed 2021-03-15, granted 2023-06-20 (fees of years 4 … 20, year 7 due 2027-03-15),
    declared on 2026-11-26 on a flat plan; its IP centre and an enterprise user."""
    university_id = make_university()
    staff = make_user(Role.UNIVERSITY_STAFF, university_id=university_id)
    enterprise = make_user(Role.ENTERPRISE_USER)
    patent_id = make_patent(university_id, patentees="内蒙古大学")
    with app.test_request_context():
        patent = db.session.get(Patent, patent_id)
        draft = declarations.save_draft(patent, user(staff), flat_plan(Money("50000.00"), Duration.years(3)),
                                        "银行转账", "", CREATED)
        declarations.publish(draft, CREATED, NOW)
        db.session.commit()
    return World(university_id, patent_id, staff, enterprise)


@pytest.fixture
def licensed(app, world) -> int:
    """The enterprise has taken a licence on the patent starting 2027-01-01; its id."""
    with app.test_request_context():
        patent = db.session.get(Patent, world.patent_id)
        offer = declarations.current_declaration(patent.id)
        licence = take_licence(user(world.enterprise), patent, offer.id, date(2027, 1, 1), CREATED, NOW)
        db.session.commit()
        return licence.id
