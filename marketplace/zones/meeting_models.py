"""Meetings of a zone: sessions and their slots, requests with up to three proposed slots, the bookings
that hold a slot for an accepted meeting, and each side's outcome.

The database keeps the booking rules, not only Python: a booking takes a numbered seat of its slot
(UNIQUE(slot, seat), and CHECK seat BETWEEN 1 AND capacity, the capacity copied from the slot and tied to
it by a composite foreign key), and a participant holds at most one booking per slot (UNIQUE(slot,
enterprise) and UNIQUE(slot, university), the participants tied to the meeting's by another composite key).
"""

from __future__ import annotations

from datetime import date, datetime, time

from sqlalchemy import (
    CheckConstraint,
    Date,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Integer,
    String,
    Time,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from marketplace.catalogue.models import Patent
from marketplace.core.feedback import FeedbackReason
from marketplace.core.meetings import FollowUp, MeetingSide, MeetingStatus, Outcome
from marketplace.database import UTCDateTime, str_enum, utcnow
from marketplace.extensions import db
from marketplace.organisations.models import Enterprise, University
from marketplace.zones.models import Zone


class MeetingSession(db.Model):
    """A day of meetings in a zone: from a start to an end, in slots of one length, with a number of
    tables or online rooms (its capacity)."""

    __tablename__ = "meeting_session"
    __table_args__ = (
        CheckConstraint("ends_at > starts_at", name="ends_after_start"),
        CheckConstraint("slot_minutes > 0", name="slot_length_positive"),
        CheckConstraint("capacity >= 1", name="capacity_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    zone_id: Mapped[int] = mapped_column(ForeignKey("zone.id", ondelete="CASCADE"), index=True)
    day: Mapped[date] = mapped_column(Date)
    starts_at: Mapped[time] = mapped_column(Time)
    ends_at: Mapped[time] = mapped_column(Time)
    slot_minutes: Mapped[int] = mapped_column(Integer)
    capacity: Mapped[int] = mapped_column(Integer)
    # A room on site, or the link of the online meeting rooms.
    place: Mapped[str] = mapped_column(String(200), default="")
    created_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    zone: Mapped[Zone] = relationship()
    slots: Mapped[list[MeetingSlot]] = relationship(
        back_populates="session", order_by="MeetingSlot.starts_at", cascade="all, delete-orphan")


class MeetingSlot(db.Model):
    """One slot of a session; `capacity` is the session's, kept here so a booking's seat can be checked
    against it in the same row."""

    __tablename__ = "meeting_slot"
    __table_args__ = (
        UniqueConstraint("id", "capacity", name="uq_meeting_slot_id_capacity"),
        CheckConstraint("capacity >= 1", name="capacity_positive"),
        CheckConstraint("ends_at > starts_at", name="ends_after_start"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("meeting_session.id", ondelete="CASCADE"), index=True)
    zone_id: Mapped[int] = mapped_column(ForeignKey("zone.id", ondelete="CASCADE"), index=True)
    day: Mapped[date] = mapped_column(Date, index=True)  # the local (Asia/Shanghai) date of the slot
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime())
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime())
    capacity: Mapped[int] = mapped_column(Integer)

    session: Mapped[MeetingSession] = relationship(back_populates="slots")


class MeetingRequest(db.Model):
    """An enterprise asks a university's IP centre for a meeting about a patent curated in the zone."""

    __tablename__ = "meeting_request"
    __table_args__ = (
        UniqueConstraint("id", "enterprise_id", "university_id", name="uq_meeting_request_participants"),
        CheckConstraint("status != 'accepted' OR accepted_slot_id IS NOT NULL", name="accepted_has_slot"),
        CheckConstraint("status != 'declined' OR decline_reason IS NOT NULL", name="declined_has_reason"),
        CheckConstraint("decline_reason IS NULL OR decline_reason != 'other' OR length(decline_text) > 0",
                        name="other_reason_has_text"),
        CheckConstraint("length(reason) > 0", name="has_reason"),
        # One open request per enterprise, zone and patent: a double click cannot ask twice.
        Index("uq_meeting_request_open", "zone_id", "enterprise_id", "patent_id", unique=True,
              sqlite_where=text("status = 'requested'"), postgresql_where=text("status = 'requested'")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    zone_id: Mapped[int] = mapped_column(ForeignKey("zone.id", ondelete="CASCADE"), index=True)
    enterprise_id: Mapped[int] = mapped_column(ForeignKey("enterprise.id"), index=True)
    university_id: Mapped[int] = mapped_column(ForeignKey("university.id"), index=True)
    patent_id: Mapped[int] = mapped_column(ForeignKey("patent.id"), index=True)
    requested_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    reason: Mapped[str] = mapped_column(String(300))
    status: Mapped[MeetingStatus] = mapped_column(
        str_enum(MeetingStatus, 10), default=MeetingStatus.REQUESTED, index=True)
    accepted_slot_id: Mapped[int | None] = mapped_column(ForeignKey("meeting_slot.id"), index=True)
    decline_reason: Mapped[FeedbackReason | None] = mapped_column(str_enum(FeedbackReason, 30))
    decline_text: Mapped[str] = mapped_column(String(300), default="")
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # The day the reminder was claimed (the job's compare-and-set), so it goes out once.
    reminded_on: Mapped[date | None] = mapped_column(Date)
    # The conversation between the two organisations the request was made from, if any.
    conversation_id: Mapped[int | None] = mapped_column(ForeignKey("conversation.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    zone: Mapped[Zone] = relationship()
    enterprise: Mapped[Enterprise] = relationship()
    university: Mapped[University] = relationship()
    patent: Mapped[Patent] = relationship()
    accepted_slot: Mapped[MeetingSlot | None] = relationship()
    proposals: Mapped[list[MeetingProposal]] = relationship(order_by="MeetingProposal.position",
                                                            cascade="all, delete-orphan")
    outcomes: Mapped[list[MeetingOutcome]] = relationship(order_by="MeetingOutcome.side")


class MeetingProposal(db.Model):
    """One of the (at most three) slots the enterprise can make."""

    __tablename__ = "meeting_proposal"
    __table_args__ = (
        UniqueConstraint("request_id", "position", name="uq_meeting_proposal_position"),
        CheckConstraint("position BETWEEN 1 AND 3", name="at_most_three"),
    )

    request_id: Mapped[int] = mapped_column(ForeignKey("meeting_request.id", ondelete="CASCADE"),
                                            primary_key=True)
    slot_id: Mapped[int] = mapped_column(ForeignKey("meeting_slot.id"), primary_key=True, index=True)
    position: Mapped[int] = mapped_column(Integer)

    slot: Mapped[MeetingSlot] = relationship()


class MeetingBooking(db.Model):
    """An accepted meeting holding a seat of its slot. Cancelling the meeting deletes its booking."""

    __tablename__ = "meeting_booking"
    __table_args__ = (
        ForeignKeyConstraint(["slot_id", "capacity"], ["meeting_slot.id", "meeting_slot.capacity"],
                             name="fk_meeting_booking_slot_capacity"),
        ForeignKeyConstraint(["meeting_id", "enterprise_id", "university_id"],
                             ["meeting_request.id", "meeting_request.enterprise_id",
                              "meeting_request.university_id"],
                             name="fk_meeting_booking_participants"),
        UniqueConstraint("slot_id", "seat", name="uq_meeting_booking_seat"),
        UniqueConstraint("slot_id", "enterprise_id", name="uq_meeting_booking_enterprise"),
        UniqueConstraint("slot_id", "university_id", name="uq_meeting_booking_university"),
        UniqueConstraint("meeting_id", name="uq_meeting_booking_meeting"),
        CheckConstraint("seat BETWEEN 1 AND capacity", name="seat_within_capacity"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    slot_id: Mapped[int] = mapped_column(Integer)
    capacity: Mapped[int] = mapped_column(Integer)
    seat: Mapped[int] = mapped_column(Integer)
    meeting_id: Mapped[int] = mapped_column(Integer)
    enterprise_id: Mapped[int] = mapped_column(Integer)
    university_id: Mapped[int] = mapped_column(Integer)


class MeetingOutcome(db.Model):
    """What one side (the enterprise or the university) records after the slot: held, no-show or
    cancelled, and for a held meeting a follow-up (with a feedback reason when there is no interest)."""

    __tablename__ = "meeting_outcome"
    __table_args__ = (
        UniqueConstraint("meeting_id", "side", name="uq_meeting_outcome_side"),
        CheckConstraint("outcome = 'held' OR follow_up IS NULL", name="follow_up_only_when_held"),
        CheckConstraint("outcome != 'held' OR follow_up IS NOT NULL", name="held_has_follow_up"),
        CheckConstraint("(follow_up = 'no_interest') = (feedback_reason IS NOT NULL)",
                        name="no_interest_has_reason"),
        CheckConstraint("feedback_reason IS NULL OR feedback_reason != 'other' OR length(feedback_text) > 0",
                        name="other_reason_has_text"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting_request.id", ondelete="CASCADE"), index=True)
    side: Mapped[MeetingSide] = mapped_column(str_enum(MeetingSide, 12))
    outcome: Mapped[Outcome] = mapped_column(str_enum(Outcome, 10))
    follow_up: Mapped[FollowUp | None] = mapped_column(str_enum(FollowUp, 16))
    feedback_reason: Mapped[FeedbackReason | None] = mapped_column(str_enum(FeedbackReason, 30))
    feedback_text: Mapped[str] = mapped_column(String(300), default="")
    recorded_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
