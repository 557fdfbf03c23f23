"""Overdue 备案 filings, on the day the job runs: each live licence whose filing deadline has passed
without a filing is claimed once (`filing_overdue_notified_on`), and both parties — the enterprise and
the university's IP centre — get one notification each through the outbox."""

from __future__ import annotations

import json
from datetime import date

from sqlalchemy import insert, select, update

from marketplace.database import utcnow
from marketplace.extensions import db
from marketplace.ledger.claims import Progress, chunks, claimable_among
from marketplace.licensing.filing import overdue_filings
from marketplace.licensing.models import LIVE_STATUSES, Licence
from marketplace.notifications.models import Notification


def _unflagged_past_deadline(today: date) -> list[int]:
    """Live licences whose 备案 deadline passed unfiled and unflagged, found through
    `ix_licence_filing_overdue` (which holds only unfiled, unflagged licences): a query filtering by status
    as well made SQLite walk every live licence, a cost that grew with the licences held."""
    return [licence_id for licence_id, status in db.session.execute(
        select(Licence.id, Licence.status).where(
            Licence.filed_on.is_(None), Licence.filing_overdue_notified_on.is_(None),
            Licence.filing_deadline < today))
        if status in LIVE_STATUSES]


def flag_overdue_filings(today: date, progress: Progress) -> int:
    """Claim each licence whose 备案 is overdue once and notify both parties; returns how many."""
    ids = claimable_among(overdue_filings(today).order_by(Licence.id), Licence.id,
                          _unflagged_past_deadline(today))
    flagged = 0
    for chunk in chunks(ids):
        rows = db.session.execute(
            update(Licence).where(Licence.id.in_(chunk), Licence.filing_overdue_notified_on.is_(None),
                                  Licence.filed_on.is_(None))
            .values(filing_overdue_notified_on=today)
            .returning(Licence.id, Licence.enterprise_id, Licence.university_id, Licence.number,
                       Licence.filing_deadline), execution_options={"synchronize_session": False}).all()
        now = utcnow()
        notices = []
        for row in rows:
            params = json.dumps({"number": row.number, "deadline": row.filing_deadline.isoformat()})
            notices.append({"key": f"filing-overdue:licence:{row.id}:enterprise", "licence_id": row.id,
                            "enterprise_id": row.enterprise_id, "university_id": None,
                            "kind": "filing_overdue", "params_json": params, "created_at": now})
            notices.append({"key": f"filing-overdue:licence:{row.id}:university", "licence_id": row.id,
                            "enterprise_id": None, "university_id": row.university_id,
                            "kind": "filing_overdue", "params_json": params, "created_at": now})
        if notices:
            db.session.execute(insert(Notification), notices)
        flagged += len(rows)
        progress(len(chunk))
    return flagged
