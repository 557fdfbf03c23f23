"""The eight actors of the access matrix, and the owner A whose objects every route is tried with.

Owner A is one side of the demo: the enterprise 鄂尔多斯绿氢 (enterprise A), the IP centre of 内蒙古工业大学
(staff of university A) who share licences, meetings and threads with it, and the demo organiser
(organiser A) whose zones they meet in. The B actors own objects of their own of the same kinds but none of
A's: 呼和浩特蒙乳 (enterprise B), 内蒙古大学's IP centre (staff of university B) and a second organiser with
a zone of their own (added here: the demo has one organiser).
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from marketplace.accounts.models import AccountStatus, Role, User
from marketplace.accounts.passwords import hash_password
from marketplace.core.zone_state import ZoneStatus
from marketplace.extensions import db
from marketplace.zones.models import Zone, ZoneMode
from tests.edge.world import DEMO_DAY, DEMO_PASSWORD

ANON = "anonymous"
ENT_A, ENT_B = "enterprise A", "enterprise B"
STAFF_A, STAFF_B = "staff A", "staff B"
ORG_A, ORG_B = "organiser A", "organiser B"
ADMIN = "administrator"
ACTORS = (ANON, ENT_A, ENT_B, STAFF_A, STAFF_B, ORG_A, ORG_B, ADMIN)

EMAILS = {
    ANON: None,
    ENT_A: "lvqing@demo.nmgpatent.cn",
    ENT_B: "mengru@demo.nmgpatent.cn",
    STAFF_A: "imut@demo.nmgpatent.cn",
    STAFF_B: "imu@demo.nmgpatent.cn",
    ORG_A: "organiser@demo.nmgpatent.cn",
    ORG_B: "organiser-b@demo.nmgpatent.cn",
    ADMIN: "admin@demo.nmgpatent.cn",
}


def add_organiser_b() -> None:
    """The second organiser, with a published zone of their own (inside an application context)."""
    organiser = User(email=EMAILS[ORG_B], name="包头市知识产权服务中心 赵敏", role=Role.ORGANISER,
                     status=AccountStatus.ACTIVE, password_hash=hash_password(DEMO_PASSWORD))
    db.session.add(organiser)
    db.session.flush()
    db.session.add(Zone(organiser_id=organiser.id, title="包头装备制造专场", theme="装备制造",
                        opens_on=DEMO_DAY - timedelta(days=3), closes_on=DEMO_DAY + timedelta(days=40),
                        mode=ZoneMode.ONLINE, status=ZoneStatus.PUBLISHED))
    db.session.flush()


def user(actor: str) -> User | None:
    email = EMAILS[actor]
    return db.session.scalars(select(User).where(User.email == email)).one() if email else None
