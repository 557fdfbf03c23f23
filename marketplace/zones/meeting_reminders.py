"""The day-before reminder of each accepted meeting, sent by the daily job (`flask ledger run-due`).

Set-based with a claim: the job selects accepted meetings whose slot falls on tomorrow (or today, for a
run that was missed) and that were not reminded yet, sets `reminded_on` with a compare-and-set UPDATE, and
writes one notification per side to the outbox, each under a unique key, so a second run (or two at once)
sends nothing more.
"""

from __future__ import annotations

import json
from datetime import date, timedelta

from sqlalchemy import Select, insert, select, update

from marketplace.catalogue.models import Patent
from marketplace.clock import SHANGHAI
from marketplace.core.meetings import MeetingStatus
from marketplace.database import utcnow
from marketplace.extensions import db
from marketplace.ledger.claims import Progress, chunks, claimable
from marketplace.notifications.models import Notification
from marketplace.zones.meeting_models import MeetingRequest, MeetingSlot
from marketplace.zones.models import Zone

KIND = "meeting_reminder"


def reminders_due(today: date) -> Select:
    """Accepted, unreminded meetings whose slot is today or tomorrow."""
    return (select(MeetingRequest.id).join(MeetingSlot, MeetingSlot.id == MeetingRequest.accepted_slot_id)
            .where(MeetingRequest.status == MeetingStatus.ACCEPTED, MeetingRequest.reminded_on.is_(None),
                   MeetingSlot.day >= today, MeetingSlot.day <= today + timedelta(days=1))
            .order_by(MeetingRequest.id))


def send_meeting_reminders(today: date, progress: Progress) -> int:
    """Claim each meeting due a reminder once and notify both sides; returns how many meetings."""
    ids = claimable(reminders_due(today), MeetingRequest)
    sent = 0
    for chunk in chunks(ids):
        claimed = db.session.scalars(
            update(MeetingRequest).where(MeetingRequest.id.in_(chunk), MeetingRequest.reminded_on.is_(None),
                                         MeetingRequest.status == MeetingStatus.ACCEPTED)
            .values(reminded_on=today).returning(MeetingRequest.id),
            execution_options={"synchronize_session": False}).all()
        rows = db.session.execute(
            select(MeetingRequest.id, MeetingRequest.enterprise_id, MeetingRequest.university_id,
                   Zone.title.label("zone"), Patent.title.label("patent"), MeetingSlot.starts_at)
            .join(MeetingSlot, MeetingSlot.id == MeetingRequest.accepted_slot_id)
            .join(Zone, Zone.id == MeetingRequest.zone_id).join(Patent, Patent.id == MeetingRequest.patent_id)
            .where(MeetingRequest.id.in_(claimed))).all() if claimed else []
        now = utcnow()
        notices = []
        for row in rows:
            params = json.dumps({"meeting_id": row.id, "zone": row.zone, "patent": row.patent,
                                 "when": row.starts_at.astimezone(SHANGHAI).strftime("%Y-%m-%d %H:%M")},
                                ensure_ascii=False)
            notices.append({"key": f"meeting-reminder:{row.id}:enterprise",
                            "enterprise_id": row.enterprise_id, "university_id": None, "licence_id": None,
                            "kind": KIND, "params_json": params, "created_at": now})
            notices.append({"key": f"meeting-reminder:{row.id}:university", "enterprise_id": None,
                            "university_id": row.university_id, "licence_id": None, "kind": KIND,
                            "params_json": params, "created_at": now})
        if notices:
            db.session.execute(insert(Notification), notices)
        sent += len(rows)
        progress(len(chunk))
    return sent
