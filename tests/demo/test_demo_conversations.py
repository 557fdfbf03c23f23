"""The demo conversations: built from whatever needs exist, four or five answered, one accepted, one thread
turned into a meeting request in the running zone (accepted, and a licence taken); created once."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

from marketplace.conversations.models import Conversation, Message, MessageKind
from marketplace.core.need_state import NeedStatus
from marketplace.demo.conversations import seed_conversations
from marketplace.demo.seed import seed_demo
from marketplace.extensions import db
from marketplace.licensing.models import Licence
from marketplace.needs.models import Need
from marketplace.zones.meeting_models import MeetingRequest, MeetingStatus

DEMO_DAY = date(2026, 11, 26)


def _count(model, *where) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def test_without_needs_the_demo_adds_no_conversation(app):
    with app.app_context():
        assert _count(Need) == 0
        assert seed_conversations(DEMO_DAY) == 0
        assert _count(Conversation) == 0


def test_the_demo_answers_needs_accepts_one_and_turns_one_into_a_meeting(app):
    with app.app_context():
        created = seed_demo(DEMO_DAY)["conversations"]
        answered = _count(Conversation, Conversation.need_id.is_not(None))
        assert 4 <= answered <= 5 and created >= answered
        assert _count(Conversation, Conversation.answer_accepted_at.is_not(None)) == 1
        accepted = db.session.scalars(select(Conversation).where(
            Conversation.answer_accepted_at.is_not(None))).one()
        assert accepted.need.status == NeedStatus.IN_TALKS
        meeting = db.session.scalars(select(MeetingRequest).where(
            MeetingRequest.conversation_id.is_not(None))).one()
        assert meeting.zone.status == "running"
        assert meeting.status == MeetingStatus.ACCEPTED
        licence = db.session.scalars(select(Licence).where(
            Licence.patent_id == meeting.patent_id, Licence.enterprise_id == meeting.enterprise_id)).one()
        assert licence.source_zone_id == meeting.zone_id
        line = db.session.scalars(select(Message).where(Message.kind == MessageKind.MEETING)).one()
        assert line.meeting_id == meeting.id and line.conversation_id == meeting.conversation_id
        for conversation in db.session.scalars(select(Conversation)):
            sides = {message.side for message in conversation.messages}
            assert sides == {"enterprise", "university"}, conversation.subject
        messages = _count(Message)
        assert seed_conversations(DEMO_DAY) == 0
        assert _count(Message) == messages
        assert _count(MeetingRequest, MeetingRequest.conversation_id.is_not(None)) == 1
