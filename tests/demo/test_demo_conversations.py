"""The demo conversations: built from whatever needs exist, four or five answered, one accepted, one thread
turned into a meeting request in the running zone; created once."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

from marketplace.accounts.models import User
from marketplace.conversations.models import Conversation, Message, MessageKind
from marketplace.core.need_state import NeedStatus
from marketplace.core.patent_fields import Industry
from marketplace.demo.conversations import seed_conversations
from marketplace.demo.seed import seed_demo
from marketplace.extensions import db
from marketplace.needs.models import Need
from marketplace.zones.meeting_models import MeetingRequest

DEMO_DAY = date(2026, 11, 26)
NEEDS = (
    ("mengru", "奶牛胚胎移植成功率偏低，想找新方法", Industry.DAIRY_FOOD),
    ("xibao", "钕铁硼磁体想降低重稀土用量", Industry.RARE_EARTH_MATERIALS),
    ("lvqing", "电解水制氢电极寿命短", Industry.NEW_ENERGY),
    ("meihua", "煤焦油加氢催化剂失活快", Industry.COAL_CHEMICALS),
    ("mengru", "low temperature yogurt 发酵菌种", Industry.DAIRY_FOOD),
    ("xibao", "稀土抛光粉回收", None),
)


def _count(model, *where) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def _needs() -> None:
    for local, title, industry in NEEDS:
        owner = db.session.scalars(select(User).where(User.email == f"{local}@demo.nmgpatent.cn")).one()
        db.session.add(Need(enterprise_id=owner.enterprise_id, created_by_id=owner.id, title=title,
                            description=f"{title}，希望和高校合作。", industry=industry))
    db.session.flush()


def test_without_needs_the_demo_adds_no_conversation(app):
    with app.app_context():
        seed_demo(DEMO_DAY)
        assert seed_conversations(DEMO_DAY) == 0
        assert _count(Conversation) == 0


def test_the_demo_answers_needs_accepts_one_and_turns_one_into_a_meeting(app):
    with app.app_context():
        seed_demo(DEMO_DAY)
        _needs()
        created = seed_conversations(DEMO_DAY)
        answered = _count(Conversation, Conversation.need_id.is_not(None))
        assert 4 <= answered <= 5 and created >= answered
        assert _count(Conversation, Conversation.answer_accepted_at.is_not(None)) == 1
        accepted = db.session.scalars(select(Conversation).where(
            Conversation.answer_accepted_at.is_not(None))).one()
        assert accepted.need.status == NeedStatus.IN_TALKS
        meeting = db.session.scalars(select(MeetingRequest).where(
            MeetingRequest.conversation_id.is_not(None))).one()
        assert meeting.zone.status == "running"
        line = db.session.scalars(select(Message).where(Message.kind == MessageKind.MEETING)).one()
        assert line.meeting_id == meeting.id and line.conversation_id == meeting.conversation_id
        for conversation in db.session.scalars(select(Conversation)):
            sides = {message.side for message in conversation.messages}
            assert sides == {"enterprise", "university"}, conversation.subject
        messages = _count(Message)
        assert seed_conversations(DEMO_DAY) == 0
        assert _count(Message) == messages
        assert _count(MeetingRequest, MeetingRequest.conversation_id.is_not(None)) == 1
