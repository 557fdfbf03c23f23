"""Conversations between an enterprise and a university: answering a need, asking about a patent,
replying, reading, accepting an answer, and turning a thread into a meeting request in a zone.

Services flush, never commit; `now` (and `today`) are passed in. A thread is created or reused under the
database's unique indexes (one per need and university, one per enterprise and patent outside needs): an
insert that loses a race falls back to the thread the winner wrote. Every read-then-write takes its rows
for change in one order, the need first and then the thread, so two writers never wait on each other.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, func, or_, select
from sqlalchemy.exc import IntegrityError

from marketplace.accounts.models import Role, User
from marketplace.catalogue.models import Patent
from marketplace.conversations.models import SUBJECT_MAX, Conversation, Message, MessageKind, Side
from marketplace.core.declaration_rules import DeclarationStatus
from marketplace.core.message_text import MESSAGE_MAX, MessageProblem, message_problem
from marketplace.core.need_state import NeedStatus, is_live, may_move
from marketplace.core.zone_state import OPEN_FOR_REGISTRATION
from marketplace.database import begin_writing
from marketplace.declarations.models import Declaration
from marketplace.extensions import db
from marketplace.needs.for_change import need_for_change
from marketplace.needs.services import may_read as may_read_need
from marketplace.notifications.services import notify
from marketplace.service_errors import ServiceError
from marketplace.zones import meeting_services
from marketplace.zones.meeting_models import MeetingRequest
from marketplace.zones.models import Zone, ZonePatent

NOTICE_KIND = "conversation_message"
EXCERPT_MAX = 120
BODY_MESSAGES = {
    MessageProblem.BLANK: _l("Write a message."),
    MessageProblem.NO_WORDS: _l("Write a message in words, not only punctuation or symbols."),
    MessageProblem.TOO_LONG: _l("At most %(n)s characters.", n=MESSAGE_MAX),
}
NEED_NOT_LIVE = _l("This need is solved or closed: it no longer takes answers.")
NOT_A_PARTY = _l("Only the two organisations of this conversation can write in it.")


def side_of(user: User, conversation: Conversation) -> Side | None:
    """The side `user` writes for in the thread (None for anyone else, administrators included)."""
    if user.role == Role.ENTERPRISE_USER and user.enterprise_id == conversation.enterprise_id:
        return Side.ENTERPRISE
    if user.role == Role.UNIVERSITY_STAFF and user.university_id == conversation.university_id:
        return Side.UNIVERSITY
    return None


def may_read(user: User, conversation: Conversation) -> bool:
    """The two parties' users read a thread, and administrators (who only read)."""
    return user.role == Role.ADMIN or side_of(user, conversation) is not None


def conversation_for_change(conversation_id: int) -> Conversation:
    """The thread, locked for the rest of the transaction and reloaded from the database."""
    begin_writing(db.session)
    return db.session.scalars(select(Conversation).where(Conversation.id == conversation_id).with_for_update()
                              .execution_options(populate_existing=True)).one()


def offered_patents(university_id: int) -> list[Patent]:
    """The university's patents offered on published open-licence terms (not archived), by title."""
    offered = select(Declaration.patent_id).where(Declaration.status == DeclarationStatus.PUBLISHED)
    return list(db.session.scalars(select(Patent).where(
        Patent.university_id == university_id, Patent.archived.is_(False), Patent.id.in_(offered))
        .order_by(Patent.title, Patent.id)))


def _checked_body(body: str | None) -> str:
    problem = message_problem(body)
    if problem is not None:
        raise ServiceError(BODY_MESSAGES[problem], field="body")
    return (body or "").strip()


def _subject(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= SUBJECT_MAX else text[:SUBJECT_MAX - 1] + "…"


def _thread(values: dict, lookup: Select) -> Conversation:
    """The existing thread `lookup` finds, or a new one with `values`; a concurrent insert of the same thread
    makes the unique index refuse ours, and the winner's thread is used."""
    existing = db.session.scalars(lookup).one_or_none()
    if existing is not None:
        return existing
    conversation = Conversation(**values)
    try:
        with db.session.begin_nested():
            db.session.add(conversation)
            db.session.flush()
    except IntegrityError:
        return db.session.scalars(lookup).one()
    return conversation


def _post(conversation: Conversation, user: User, side: Side, body: str, now: datetime,
          kind: MessageKind = MessageKind.TEXT, meeting_id: int | None = None) -> Message:
    """Add a message, move the thread's activity and the writer's read marker, and queue the notice to the
    other organisation."""
    message = Message(conversation_id=conversation.id, side=side, author_id=user.id, kind=kind, body=body,
                      meeting_id=meeting_id, created_at=now)
    db.session.add(message)
    conversation.last_message_at = max(now, conversation.last_message_at or now)
    if side == Side.ENTERPRISE:
        conversation.enterprise_read_at = conversation.last_message_at
    else:
        conversation.university_read_at = conversation.last_message_at
    db.session.flush()
    sender = conversation.enterprise.name if side == Side.ENTERPRISE else conversation.university.name
    excerpt = " ".join(body.split())
    if len(excerpt) > EXCERPT_MAX:
        excerpt = excerpt[:EXCERPT_MAX - 1] + "…"
    recipient = ({"university_id": conversation.university_id} if side == Side.ENTERPRISE
                 else {"enterprise_id": conversation.enterprise_id})
    notify(f"conversation-message:{message.id}", recipient.get("enterprise_id"), NOTICE_KIND,
           university_id=recipient.get("university_id"), sender=sender, subject=conversation.subject,
           excerpt=excerpt, path=f"/threads/{conversation.id}")
    return message


def answer_need(user: User, need_id: int, body: str | None, patent_id: int | None,
                now: datetime) -> Conversation:
    """University staff answer a live need with a message and optionally one of their offered patents;
    the thread of this need and university is created on the first answer and reused afterwards."""
    if user.role != Role.UNIVERSITY_STAFF or user.university_id is None:
        raise ServiceError(_l("Only a university's IP centre can answer a need."))
    text = _checked_body(body)
    if patent_id is not None and patent_id not in {p.id for p in offered_patents(user.university_id)}:
        raise ServiceError(_l("Choose one of your university's offered patents."), field="patent")
    need = need_for_change(need_id)
    if need is None or not may_read_need(need, user):
        raise ServiceError(_l("This need does not exist."))
    if not is_live(need.status):
        raise ServiceError(NEED_NOT_LIVE)
    lookup = select(Conversation).where(Conversation.need_id == need.id,
                                        Conversation.university_id == user.university_id)
    conversation = _thread({"enterprise_id": need.enterprise_id, "university_id": user.university_id,
                            "need_id": need.id, "patent_id": patent_id, "subject": _subject(need.title),
                            "started_by": Side.UNIVERSITY, "created_at": now, "last_message_at": now},
                           lookup)
    conversation = conversation_for_change(conversation.id)
    if conversation.patent_id is None and patent_id is not None:
        conversation.patent_id = patent_id
    _post(conversation, user, Side.UNIVERSITY, text, now)
    return conversation


def ask_about_patent(user: User, patent_id: int, body: str | None, now: datetime) -> Conversation:
    """An enterprise asks the patent's university about it; one thread per enterprise and patent."""
    if user.role != Role.ENTERPRISE_USER or user.enterprise_id is None:
        raise ServiceError(_l("Only an enterprise can ask about a patent."))
    text = _checked_body(body)
    patent = db.session.get(Patent, patent_id)
    if patent is None or patent.archived:
        raise ServiceError(_l("This patent is not in the catalogue."))
    begin_writing(db.session)
    lookup = select(Conversation).where(Conversation.enterprise_id == user.enterprise_id,
                                        Conversation.patent_id == patent.id, Conversation.need_id.is_(None))
    conversation = _thread({"enterprise_id": user.enterprise_id, "university_id": patent.university_id,
                            "patent_id": patent.id, "subject": _subject(patent.title),
                            "started_by": Side.ENTERPRISE, "created_at": now, "last_message_at": now},
                           lookup)
    conversation = conversation_for_change(conversation.id)
    _post(conversation, user, Side.ENTERPRISE, text, now)
    return conversation


def reply(user: User, conversation_id: int, body: str | None, now: datetime) -> Message:
    """A user of either party writes in the thread."""
    text = _checked_body(body)
    conversation = conversation_for_change(conversation_id)
    side = side_of(user, conversation)
    if side is None:
        raise ServiceError(NOT_A_PARTY)
    return _post(conversation, user, side, text, now)


def read_mark_behind(user: User, conversation: Conversation) -> bool:
    """Whether the user's side has not seen the thread's last activity yet."""
    side = side_of(user, conversation)
    return side is not None and conversation.unread_for(side)


def mark_read(user: User, conversation: Conversation) -> None:
    """The user's side has seen the thread up to its last activity (a compare-and-set: a marker only
    moves forward)."""
    side = side_of(user, conversation)
    if side is None:
        return
    column = Conversation.enterprise_read_at if side == Side.ENTERPRISE else Conversation.university_read_at
    seen = conversation.read_at(side)
    if seen is not None and seen >= conversation.last_message_at:
        return
    db.session.execute(
        Conversation.__table__.update()
        .where(Conversation.id == conversation.id,
               or_(column.is_(None), column < conversation.last_message_at))
        .values({column.key: conversation.last_message_at}))
    db.session.refresh(conversation)


def accept_answer(user: User, conversation_id: int, now: datetime) -> Conversation:
    """The enterprise accepts the university's answer to its need, once; an open need moves to in talks
    (through the needs' own moves), a need already in talks stays there."""
    found = db.session.get(Conversation, conversation_id)
    if found is None or side_of(user, found) != Side.ENTERPRISE:
        raise ServiceError(_l("Only the enterprise of this conversation can accept the answer."))
    if found.need_id is None:
        raise ServiceError(_l("Only an answer to one of your needs can be accepted."))
    need = need_for_change(found.need_id)
    conversation = conversation_for_change(conversation_id)
    if conversation.answer_accepted_at is not None:
        raise ServiceError(_l("You have already accepted this answer."))
    if need is None or not is_live(need.status):
        raise ServiceError(NEED_NOT_LIVE)
    if need.status == NeedStatus.OPEN and may_move(need.status, NeedStatus.IN_TALKS):
        need.status = NeedStatus.IN_TALKS
        need.status_changed_at = now
    conversation.answer_accepted_at = now
    conversation.answer_accepted_by_id = user.id
    db.session.flush()
    return conversation


def meeting_zones(conversation: Conversation, today: date) -> list[Zone]:
    """Zones taking meeting requests whose window has not ended and that curate a patent of the thread's
    university, soonest closing first."""
    curated = select(ZonePatent.zone_id).where(ZonePatent.university_id == conversation.university_id)
    return list(db.session.scalars(select(Zone).where(
        Zone.status.in_(OPEN_FOR_REGISTRATION), Zone.closes_on >= today, Zone.id.in_(curated))
        .order_by(Zone.closes_on, Zone.id)))


def meeting_patents(conversation: Conversation, zone_id: int) -> list[ZonePatent]:
    """The thread university's patents curated in the zone, the thread's own patent first."""
    entries = [entry for entry in meeting_services.curated_entries(zone_id)
               if entry.university_id == conversation.university_id]
    return sorted(entries, key=lambda entry: entry.patent_id != conversation.patent_id)


def request_meeting(user: User, conversation_id: int, zone: Zone, patent_id: int, reason: str,
                    slot_ids: Sequence[int], today: date, now: datetime) -> MeetingRequest:
    """The enterprise turns the thread into a meeting request in a zone through the zones' own request
    service (every rule of meetings holds), records the thread on the request and posts a line in it."""
    conversation = conversation_for_change(conversation_id)
    if side_of(user, conversation) != Side.ENTERPRISE:
        raise ServiceError(_l("Only the enterprise of this conversation can request a meeting from it."))
    if zone.id not in {each.id for each in meeting_zones(conversation, today)}:
        raise ServiceError(_l("This zone does not take meeting requests with this university."), field="zone")
    if patent_id not in {entry.patent_id for entry in meeting_patents(conversation, zone.id)}:
        raise ServiceError(_l("Choose a patent of this university curated in the zone."), field="patent")
    meeting = meeting_services.request_meeting(user, zone, patent_id, reason, slot_ids, now)
    meeting.conversation_id = conversation.id
    patent = db.session.get(Patent, patent_id)
    line = f"已发起对接会议申请：{zone.title} · {patent.title}"
    _post(conversation, user, Side.ENTERPRISE, line[:MESSAGE_MAX], now, MessageKind.MEETING, meeting.id)
    return meeting


def inbox(user: User) -> Select:
    """The threads of the user's organisation (every thread for an administrator), newest activity first."""
    stmt = select(Conversation).order_by(Conversation.last_message_at.desc(), Conversation.id.desc())
    if user.role == Role.ENTERPRISE_USER:
        return stmt.where(Conversation.enterprise_id == user.enterprise_id)
    if user.role == Role.UNIVERSITY_STAFF:
        return stmt.where(Conversation.university_id == user.university_id)
    return stmt


def unread_count(user: User) -> int:
    """How many threads of the user's organisation have activity its side has not seen."""
    if user.role == Role.ENTERPRISE_USER:
        mine, seen = Conversation.enterprise_id == user.enterprise_id, Conversation.enterprise_read_at
    elif user.role == Role.UNIVERSITY_STAFF:
        mine, seen = Conversation.university_id == user.university_id, Conversation.university_read_at
    else:
        return 0
    return db.session.scalar(select(func.count(Conversation.id)).where(
        mine, or_(seen.is_(None), seen < Conversation.last_message_at))) or 0
