"""Whether a notification still applies, decided per kind in this one place.

A notification stays in the outbox for ever (it is the record of what was sent), but a reminder about
something that has since changed would mislead: "convert or decline your trial" once the licence was
converted, "record the 备案" once it is recorded, "your meeting is tomorrow" once the meeting was cancelled
or has taken place. Every kind whose subject can stop applying has its condition here, as an SQL
expression on `Notification`, so that a list shows only those that apply, filtered in the query itself
(its limit counts only those shown). A kind not listed is news that stays true (a message was written,
needs were posted) and is always shown.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from sqlalchemy import ColumnElement, String, and_, cast, exists, literal, or_, select

from marketplace.core.licence_state import LicenceStatus
from marketplace.core.meetings import MeetingStatus
from marketplace.licensing.models import LIVE_STATUSES, Licence
from marketplace.notifications.models import Notification
from marketplace.zones.meeting_models import MeetingRequest, MeetingSlot


def _licence_where(*conditions: ColumnElement[bool]) -> ColumnElement[bool]:
    """The notification's licence exists and meets the conditions."""
    return exists(select(Licence.id).where(Licence.id == Notification.licence_id, *conditions))


def _trial_reminder(today: date) -> ColumnElement[bool]:
    """A trial reminder applies while the licence is still on trial (not converted, declined or expired)."""
    return _licence_where(Licence.status == LicenceStatus.TRIAL)


def _filing_overdue(today: date) -> ColumnElement[bool]:
    """An overdue 备案 applies while the licence is live and no filing is recorded."""
    return _licence_where(Licence.filed_on.is_(None), Licence.status.in_(LIVE_STATUSES))


def _meeting_reminder(today: date) -> ColumnElement[bool]:
    """A meeting reminder (keyed ``meeting-reminder:<meeting id>:<side>``) applies while the meeting is
    still accepted and its day has not passed."""
    prefix = literal("meeting-reminder:") + cast(MeetingRequest.id, String)
    return exists(
        select(MeetingRequest.id).join(MeetingSlot, MeetingSlot.id == MeetingRequest.accepted_slot_id)
        .where(or_(MeetingRequest.enterprise_id == Notification.enterprise_id,
                   MeetingRequest.university_id == Notification.university_id),
               Notification.key.in_([prefix + literal(":enterprise"), prefix + literal(":university")]),
               MeetingRequest.status == MeetingStatus.ACCEPTED, MeetingSlot.day >= today))


STILL_APPLIES: dict[str, Callable[[date], ColumnElement[bool]]] = {
    "trial_reminder": _trial_reminder,
    "filing_overdue": _filing_overdue,
    "meeting_reminder": _meeting_reminder,
}


def still_applies(today: date) -> ColumnElement[bool]:
    """The condition a notification meets on `today` when its subject still stands."""
    per_kind = (and_(Notification.kind == kind, applies(today)) for kind, applies in STILL_APPLIES.items())
    return or_(Notification.kind.not_in(list(STILL_APPLIES)), *per_kind)
