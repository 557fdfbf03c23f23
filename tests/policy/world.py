"""The world of the policy figures: the zone results world (two universities, a zone, meetings, licences
in 2026 and 2027, payments, a 备案 filing) plus needs answered and accepted on either side of the local new
year, patent views and a stored match.

Enterprises served in 2026: u0 {e0 (licences, the held meeting), e2 (licence)}; u1 {e1, outsider (licences),
e3 (accepted answer)}. In 2027: u1 {e2 (licence), e0 (an answer accepted at 01:00 on 1 January in Shanghai,
17:00 on 31 December in UTC)}.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import delete, select

from marketplace.accounts.models import Role, User
from marketplace.catalogue.interest_models import PatentView
from marketplace.catalogue.models import Patent
from marketplace.conversations import services as conversations
from marketplace.demo.seed import demo_credit_code
from marketplace.extensions import db
from marketplace.licensing.models import Licence
from marketplace.matching.models import NeedMatch
from marketplace.needs.models import Need
from marketplace.organisations.models import Enterprise, SizeClass
from marketplace.zones.models import ZoneRegistration
from tests.conversations.world import add_need
from tests.zones.meeting_world import _user, user
from tests.zones.test_results_figures import build

POSTED = datetime(2026, 11, 20, 2, 0, tzinfo=UTC)
ACCEPTED_2026 = datetime(2026, 12, 20, 2, 0, tzinfo=UTC)
ACCEPTED_NEW_YEAR = datetime(2026, 12, 31, 17, 0, tzinfo=UTC)  # 2027-01-01 01:00 in Shanghai


@dataclass
class PolicyWorld:
    """Ids of the world's universities, enterprises and patents."""

    zone_id: int
    u0: int
    u1: int
    enterprises: dict[str, int]
    patents: dict[str, int]


def _staff(university_id: int) -> User:
    staff = select(User).where(User.university_id == university_id, User.role == Role.UNIVERSITY_STAFF)
    return db.session.scalars(staff.order_by(User.id)).first()


def _answered_and_accepted(enterprise_email: str, university_id: int, accepted_at: datetime) -> int:
    need_id = add_need(enterprise_email, title="高性能永磁材料需求")
    db.session.get(Need, need_id).created_at = POSTED
    conversation = conversations.answer_need(_staff(university_id), need_id, "我校有相关专利，欢迎交流。",
                                             None, POSTED)
    conversations.accept_answer(user(enterprise_email), conversation.id, accepted_at)
    return need_id


def build_policy_world() -> PolicyWorld:
    """Build it (commits)."""
    built = build()
    licence = {name: db.session.get(Licence, licence_id) for name, licence_id in built.licences.items()}
    e0, e1, e2 = (licence["via_page"].enterprise_id, licence["registered"].enterprise_id,
                  licence["other_patent"].enterprise_id)
    outsider = licence["not_registered"].enterprise_id
    p0, p1 = licence["via_page"].patent_id, licence["registered"].patent_id
    third = Enterprise(name="答复企业有限公司", credit_code=demo_credit_code("150100", "PL000003"),
                       region="150100", size_class=SizeClass.SMALL)
    db.session.add(third)
    db.session.flush()
    _user("policy-e3@example.com", Role.ENTERPRISE_USER, enterprise_id=third.id)
    e0_email = db.session.scalars(select(User.email).where(User.enterprise_id == e0)).first()
    need_e3 = _answered_and_accepted("policy-e3@example.com", built.u1, ACCEPTED_2026)
    _answered_and_accepted(e0_email, built.u1, ACCEPTED_NEW_YEAR)
    for registration in db.session.scalars(select(ZoneRegistration)):
        registration.registered_at = POSTED
    db.session.execute(delete(NeedMatch))
    db.session.add(NeedMatch(need_id=need_e3, patent_id=p0, university_id=built.u0, rank=1, score=900_000))
    for enterprise_id, patent_id, day in ((e2, p1, date(2026, 12, 1)), (e2, p0, date(2025, 12, 31)),
                                          (outsider, p0, date(2026, 12, 2))):
        db.session.add(PatentView(patent_id=patent_id, enterprise_id=enterprise_id, viewed_on=day,
                                  university_id=db.session.get(Patent, patent_id).university_id))
    db.session.commit()
    return PolicyWorld(built.zone_id, built.u0, built.u1,
                       {"e0": e0, "e1": e1, "e2": e2, "e3": third.id, "outsider": outsider},
                       {"p0": p0, "p1": p1})
