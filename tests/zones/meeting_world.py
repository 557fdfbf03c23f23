"""A zone ready for meetings, built through the services in the current application context (so the same
world serves the rolled-back test database and a separate database for concurrency tests).

Zone 稀土新材料专场 (published,
              window 2026-12-01 … 2026-12-31), `universities` universities (two) each with one curated
patent and one IP-centre user, `enterprises` registered enterprises each with one user, and one session on
2026-12-10 from 09:00 to 11:00 in 30-minute slots with `capacity` tables.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time

from sqlalchemy import select

from marketplace.accounts.models import AccountStatus, Role, User
from marketplace.accounts.passwords import hash_password
from marketplace.catalogue.models import Patent
from marketplace.catalogue.services import create_patent
from marketplace.core.money import Money
from marketplace.core.patent_record import validate_record
from marketplace.core.pricing import Duration, flat_plan
from marketplace.core.zone_state import ZoneStatus
from marketplace.declarations import services as declarations
from marketplace.demo.seed import demo_credit_code
from marketplace.extensions import db
from marketplace.organisations.models import Enterprise, SizeClass, University
from marketplace.zones import meeting_services
from marketplace.zones.meeting_models import MeetingSlot
from marketplace.zones.models import Zone, ZonePatent, ZoneRegistration
from tests.conftest import PATENT_DEFAULTS
from tests.helpers import PASSWORD, application_number

TODAY = date(2026, 11, 26)
NOW = datetime(2026, 11, 26, 2, 0, tzinfo=UTC)
SESSION_DAY = date(2026, 12, 10)
# The first slot, 09:00–09:30 in Shanghai, ends at 01:30 UTC.
AFTER_FIRST_SLOT = datetime(2026, 12, 10, 1, 30, tzinfo=UTC)
_HASH: list[str] = []


@dataclass
class MeetingWorld:
    """Ids and e-mails of the world's rows."""

    zone_id: int
    organiser: str
    universities: list[int]
    staff: list[str]
    patents: list[int]
    enterprises: list[int] = field(default_factory=list)
    enterprise_users: list[str] = field(default_factory=list)
    session_id: int = 0
    slots: list[int] = field(default_factory=list)


def user(email: str) -> User:
    """The user with this e-mail, in the current session."""
    return db.session.scalars(select(User).where(User.email == email)).one()


def _user(email: str, role: Role, **organisation) -> User:
    if not _HASH:
        _HASH.append(hash_password(PASSWORD))
    account = User(email=email, name="测试用户", role=role, status=AccountStatus.ACTIVE,
                   password_hash=_HASH[0],
                   **organisation)
    db.session.add(account)
    db.session.flush()
    return account


def add_enterprise(world: MeetingWorld, register: bool = True) -> tuple[int, str]:
    """Another enterprise with a user, registered for the zone unless told otherwise."""
    n = len(world.enterprises) + 1 + (0 if register else 500)
    enterprise = Enterprise(name=f"会谈企业{world.zone_id}-{n}有限公司",
                            credit_code=demo_credit_code("150100", f"MW{world.zone_id % 100:02d}{n:04d}"),
                            region="150100", size_class=SizeClass.SMALL)
    db.session.add(enterprise)
    db.session.flush()
    email = f"meet-ent{world.zone_id}-{n}@example.com"
    account = _user(email, Role.ENTERPRISE_USER, enterprise_id=enterprise.id)
    if register:
        db.session.add(ZoneRegistration(zone_id=world.zone_id, enterprise_id=enterprise.id,
                                        registered_by_id=account.id, contact_name="张经理",
                                        check_in_code=f"M{world.zone_id:05d}{n:05d}"))
        world.enterprises.append(enterprise.id)
        world.enterprise_users.append(email)
    db.session.flush()
    return enterprise.id, email


def build_meeting_world(enterprises: int = 2, capacity: int = 2, serial: int = 1,
                        universities: int = 2) -> MeetingWorld:
    """Build the world (flushes; the caller commits). `serial` keeps e-mails and numbers apart when one
    database holds several worlds."""
    organiser = _user(f"meet-org{serial}@example.com", Role.ORGANISER)
    zone = Zone(organiser_id=organiser.id, title=f"稀土新材料专场{serial}", theme="稀土",
                opens_on=date(2026, 12, 1), closes_on=date(2026, 12, 31), status=ZoneStatus.PUBLISHED,
                place="包头市稀土高新区会展中心")
    db.session.add(zone)
    db.session.flush()
    world = MeetingWorld(zone_id=zone.id, organiser=organiser.email, universities=[], staff=[], patents=[])
    for index in range(universities):
        university = University(name=f"会谈大学{serial}-{index}")
        db.session.add(university)
        db.session.flush()
        staff = _user(f"meet-ip{serial}-{index}@example.com", Role.UNIVERSITY_STAFF,
                      university_id=university.id)
        values = {**PATENT_DEFAULTS, "application_number": application_number(90_000 + serial * 100 + index)}
        record, problems = validate_record(values, TODAY)
        assert not problems, problems
        patent = create_patent(university.id, record)
        draft = declarations.save_draft(db.session.get(Patent, patent.id), staff,
                                        flat_plan(Money("50000.00"), Duration.years(3)), "银行转账", "",
                                        TODAY)
        declaration = declarations.publish(draft, TODAY, NOW)
        db.session.add(ZonePatent(zone_id=zone.id, patent_id=patent.id, declaration_id=declaration.id,
                                  university_id=university.id, position=index, added_by_id=organiser.id))
        world.universities.append(university.id)
        world.staff.append(staff.email)
        world.patents.append(patent.id)
    for _ in range(enterprises):
        add_enterprise(world)
    session = meeting_services.create_session(zone, organiser, SESSION_DAY, time(9, 0), time(11, 0), 30,
                                              capacity, "A厅")
    world.session_id = session.id
    world.slots = list(db.session.scalars(select(MeetingSlot.id).where(MeetingSlot.session_id == session.id)
                                          .order_by(MeetingSlot.starts_at)))
    return world
