"""A world for conversation tests, built in the current application context (so it serves the rolled-back
test database and a separate database for concurrency tests): the meeting world's published zone with two
universities (one curated, offered patent and one IP-centre user each) and two registered enterprises,
plus a need of the first enterprise and a second IP-centre user of the first university."""

from __future__ import annotations

from dataclasses import dataclass

from marketplace.accounts.models import Role
from marketplace.core.need_state import NeedStatus, NeedVisibility
from marketplace.extensions import db
from marketplace.needs.models import Need
from tests.zones.meeting_world import NOW, TODAY, MeetingWorld, _user, build_meeting_world, user

__all__ = ["NOW", "TODAY", "ConversationWorld", "add_need", "build_conversation_world", "user"]


@dataclass
class ConversationWorld:
    """The meeting world, the need and the second IP-centre user of university 0."""

    meetings: MeetingWorld
    need_id: int
    second_staff: str

    @property
    def enterprise(self) -> str:
        return self.meetings.enterprise_users[0]

    @property
    def other_enterprise(self) -> str:
        return self.meetings.enterprise_users[1]

    @property
    def staff(self) -> str:
        return self.meetings.staff[0]

    @property
    def other_staff(self) -> str:
        return self.meetings.staff[1]


def add_need(enterprise_email: str, status: NeedStatus = NeedStatus.OPEN,
             visibility: NeedVisibility = NeedVisibility.PUBLIC, title: str = "稀土永磁电机降本") -> int:
    """A need of the enterprise of `enterprise_email` (flushes)."""
    owner = user(enterprise_email)
    need = Need(enterprise_id=owner.enterprise_id, created_by_id=owner.id, title=title,
                description="我们做风电配套，想找矫顽力高、成本低的钕铁硼永磁材料制备技术。",
                keywords="稀土；永磁", status=status, visibility=visibility)
    db.session.add(need)
    db.session.flush()
    return need.id


def build_conversation_world(serial: int = 1) -> ConversationWorld:
    """Build the world (flushes; the caller commits)."""
    meetings = build_meeting_world(serial=serial)
    second = _user(f"conv-ip{serial}@example.com", Role.UNIVERSITY_STAFF,
                   university_id=meetings.universities[0])
    need_id = add_need(meetings.enterprise_users[0])
    return ConversationWorld(meetings=meetings, need_id=need_id, second_staff=second.email)
