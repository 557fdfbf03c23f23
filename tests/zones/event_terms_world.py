"""A patent offered on published base terms, curated into a published zone (window 2026-12-01 to
2026-12-31), with its university's IP-centre user: the ground the event-terms tests stand on."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest
from sqlalchemy import select

from marketplace.accounts.models import Role, User
from marketplace.catalogue.models import Patent
from marketplace.core.money import Money
from marketplace.core.pricing import Duration, flat_plan
from marketplace.core.zone_state import ZoneStatus
from marketplace.declarations import services as declarations
from marketplace.declarations.event_terms import EventTerms
from marketplace.extensions import db
from marketplace.zones.models import ZonePatent

OPENS, CLOSES = date(2026, 12, 1), date(2026, 12, 31)
EVENT_PLAN = flat_plan(Money("20000.00"), Duration.years(3))  # the base plan is 50,000.00 for 3 years


@dataclass(frozen=True)
class TermsWorld:
    """Ids and e-mails of one patent's world."""

    patent_id: int
    university_id: int
    staff: str
    zone_id: int


def user(email: str) -> User:
    """The user with this e-mail (inside an app context)."""
    return db.session.scalar(select(User).where(User.email == email))


def patent(patent_id: int) -> Patent:
    """The patent (inside an app context)."""
    return db.session.get(Patent, patent_id)


def terms(zone_id: int, start: date = OPENS, end: date = CLOSES, plan=EVENT_PLAN) -> EventTerms:
    """Event terms for the zone over start … end on the cheaper plan."""
    return EventTerms(zone_id=zone_id, valid_from=start, valid_until=end, plan=plan,
                      payment_method="银行转账", other_terms="")


@pytest.fixture
def terms_world(app, make_offer, make_zone, make_university, make_user):
    """make() → a TermsWorld: an offered patent curated into a published zone, and its IP-centre user."""

    def make(status: ZoneStatus = ZoneStatus.PUBLISHED, curated: bool = True, **zone_fields) -> TermsWorld:
        university_id = make_university()
        patent_id = make_offer(university_id=university_id)
        staff = make_user(Role.UNIVERSITY_STAFF, university_id=university_id)
        zone_id = make_zone(status=status, **zone_fields)
        if curated:
            with app.app_context():
                base = declarations.current_declaration(patent_id)
                db.session.add(ZonePatent(zone_id=zone_id, patent_id=patent_id, declaration_id=base.id,
                                          university_id=university_id, added_by_id=user(staff).id))
                db.session.commit()
        return TermsWorld(patent_id, university_id, staff, zone_id)

    return make


def publish(world: TermsWorld, start: date = OPENS, end: date = CLOSES) -> int:
    """Publish event terms for the world's zone as its IP centre on 2026-11-26 (commits); their id."""
    from datetime import UTC, datetime

    from marketplace.declarations.event_terms import publish_event_terms

    version = publish_event_terms(patent(world.patent_id), user(world.staff),
                                  terms(world.zone_id, start, end), date(2026, 11, 26),
                                  datetime(2026, 11, 26, 2, 0, tzinfo=UTC))
    db.session.commit()
    return version.id
