"""A conversation (message thread) between one enterprise and one university, and its messages.

The parties are organisations, not people: every active user of either side reads and writes. The database
keeps one thread per need and university, and one per enterprise and patent outside needs, so a second
answer or question lands in the existing thread (partial unique indexes, on SQLite and PostgreSQL alike).
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from marketplace.accounts.models import User
from marketplace.catalogue.models import Patent
from marketplace.database import UTCDateTime, str_enum, utcnow
from marketplace.extensions import db
from marketplace.needs.models import Need
from marketplace.organisations.models import Enterprise, University

SUBJECT_MAX = 100
BODY_MAX = 2000


class Side(StrEnum):
    """Which organisation of the thread a message or a start comes from."""

    ENTERPRISE = "enterprise"
    UNIVERSITY = "university"


class MessageKind(StrEnum):
    """A message someone wrote, or the line the marketplace posts when the thread became a meeting request."""

    TEXT = "text"
    MEETING = "meeting"


class Conversation(db.Model):
    """A thread between an enterprise and a university, about a need (the university answered it) or a
    patent (the enterprise asked about it), or both (an answer proposing a patent)."""

    __tablename__ = "conversation"
    __table_args__ = (
        Index("uq_conversation_need_university", "need_id", "university_id", unique=True,
              sqlite_where=text("need_id IS NOT NULL"), postgresql_where=text("need_id IS NOT NULL")),
        Index("uq_conversation_enterprise_patent", "enterprise_id", "patent_id", unique=True,
              sqlite_where=text("need_id IS NULL"), postgresql_where=text("need_id IS NULL")),
        CheckConstraint("need_id IS NOT NULL OR patent_id IS NOT NULL", name="about_need_or_patent"),
        CheckConstraint("answer_accepted_at IS NULL OR need_id IS NOT NULL", name="accepted_only_for_need"),
        Index("ix_conversation_enterprise_last", "enterprise_id", "last_message_at"),
        Index("ix_conversation_university_last", "university_id", "last_message_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    enterprise_id: Mapped[int] = mapped_column(ForeignKey("enterprise.id"))
    university_id: Mapped[int] = mapped_column(ForeignKey("university.id"))
    need_id: Mapped[int | None] = mapped_column(ForeignKey("need.id"), index=True)
    patent_id: Mapped[int | None] = mapped_column(ForeignKey("patent.id"), index=True)
    subject: Mapped[str] = mapped_column(String(SUBJECT_MAX))
    started_by: Mapped[Side] = mapped_column(str_enum(Side, 12))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    last_message_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
    enterprise_read_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    university_read_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # The enterprise accepted the university's answer to its need (counts the enterprise as served).
    answer_accepted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    answer_accepted_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))

    enterprise: Mapped[Enterprise] = relationship()
    university: Mapped[University] = relationship()
    need: Mapped[Need | None] = relationship()
    patent: Mapped[Patent | None] = relationship()
    messages: Mapped[list[Message]] = relationship(back_populates="conversation",
                                                   order_by="Message.created_at, Message.id")

    def read_at(self, side: Side) -> datetime | None:
        """When `side` last read the thread."""
        return self.enterprise_read_at if side == Side.ENTERPRISE else self.university_read_at

    def unread_for(self, side: Side) -> bool:
        """Whether the thread has activity `side` has not seen."""
        seen = self.read_at(side)
        return seen is None or self.last_message_at > seen


class Message(db.Model):
    """One message of a thread, written by a user of one side (or the line that records a meeting
    request made from the thread, which links to it)."""

    __tablename__ = "conversation_message"
    __table_args__ = (
        CheckConstraint("length(body) > 0", name="has_body"),
        CheckConstraint("kind != 'meeting' OR meeting_id IS NOT NULL", name="meeting_line_has_meeting"),
        Index("ix_conversation_message_thread", "conversation_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    conversation_id: Mapped[int] = mapped_column(ForeignKey("conversation.id", ondelete="CASCADE"))
    side: Mapped[Side] = mapped_column(str_enum(Side, 12))
    author_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    kind: Mapped[MessageKind] = mapped_column(str_enum(MessageKind, 10), default=MessageKind.TEXT)
    body: Mapped[str] = mapped_column(Text)
    meeting_id: Mapped[int | None] = mapped_column(ForeignKey("meeting_request.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    conversation: Mapped[Conversation] = relationship(back_populates="messages")
    author: Mapped[User] = relationship()
