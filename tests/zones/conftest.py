"""Fixtures of the zone tests: an organiser's zone and patents offered on published terms."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from marketplace.accounts.models import Role, User
from marketplace.catalogue.models import Patent
from marketplace.core.money import Money
from marketplace.core.pricing import Duration, flat_plan
from marketplace.core.zone_state import ZoneStatus
from marketplace.declarations import services as declarations
from marketplace.extensions import db
from marketplace.zones.models import Zone, ZoneMode

TODAY = date(2026, 11, 26)
NOW = datetime(2026, 11, 26, 2, 0, tzinfo=UTC)


@pytest.fixture
def make_offer(app, make_patent, make_university, make_user) -> Callable[..., int]:
    """make_offer(university_id=None, plan=..., **patent fields) → the id of a patent offered on published
    terms (a fresh university and IP-centre user unless one is given)."""

    def make(university_id: int | None = None, plan=None, **fields) -> int:
        university_id = university_id or make_university()
        patent_id = make_patent(university_id, **fields)
        staff = make_user(Role.UNIVERSITY_STAFF, university_id=university_id)
        with app.app_context():
            user = db.session.scalar(select(User).where(User.email == staff))
            draft = declarations.save_draft(db.session.get(Patent, patent_id), user,
                                            plan or flat_plan(Money("50000.00"), Duration.years(3)),
                                            "银行转账", "", TODAY)
            declarations.publish(draft, TODAY, NOW)
            db.session.commit()
        return patent_id

    return make


@pytest.fixture
def make_zone(app, make_user) -> Callable[..., int]:
    """make_zone(organiser_email=None, status=DRAFT, **fields) → the id of a zone (a fresh organiser unless
    an e-mail is given), written directly so tests of one feature do not depend on another's pages."""
    counter = iter(range(1, 10_000))

    def make(organiser_email: str | None = None, status: ZoneStatus = ZoneStatus.DRAFT, **fields) -> int:
        email = organiser_email or make_user(Role.ORGANISER)
        n = next(counter)
        with app.app_context():
            organiser = db.session.scalar(select(User).where(User.email == email))
            zone = Zone(organiser_id=organiser.id, title=fields.pop("title", f"稀土新材料专场{n}"),
                        theme=fields.pop("theme", "稀土"), opens_on=fields.pop("opens_on", date(2026, 12, 1)),
                        closes_on=fields.pop("closes_on", date(2026, 12, 31)),
                        mode=fields.pop("mode", ZoneMode.ONLINE), status=status, **fields)
            db.session.add(zone)
            db.session.commit()
            return zone.id

    return make
