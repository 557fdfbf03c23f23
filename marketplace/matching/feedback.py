"""An enterprise marks a match of its need not relevant, with a reason from the feedback list.

Marking the same match again replaces the reason (the enterprise may change its mind about why); the
row is written by one INSERT ... ON CONFLICT UPDATE on the (need, patent) key, so two marks at once
leave one row, holding the reason of whichever came last.
"""

from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from marketplace.accounts.models import Role, User
from marketplace.core.feedback import FeedbackReason, needs_text
from marketplace.extensions import db
from marketplace.matching.feedback_models import FEEDBACK_TEXT_MAX, MatchFeedback
from marketplace.matching.insert_once import upsert
from marketplace.matching.models import NeedMatch
from marketplace.needs.models import Need
from marketplace.service_errors import ServiceError


def stored_match(need_id: int, patent_id: int) -> NeedMatch | None:
    """The stored match of the patent for the need, if the engine ranked it."""
    return db.session.scalar(select(NeedMatch).where(NeedMatch.need_id == need_id,
                                                     NeedMatch.patent_id == patent_id))


def dismiss(user: User, need: Need, patent_id: int, reason: FeedbackReason | None, text: str,
            now: datetime) -> MatchFeedback:
    """Mark the patent not relevant to the need, or change the reason of an earlier mark; flushes."""
    if user.role != Role.ENTERPRISE_USER or user.enterprise_id != need.enterprise_id:
        raise ServiceError(_l("Only the enterprise that posted the need marks its matches."))
    match = stored_match(need.id, patent_id)
    if match is None:
        raise ServiceError(_l("This patent is not among the need's matches."))
    if reason is None:
        raise ServiceError(_l("Choose a reason."), "reason")
    text = (text or "").strip()
    if needs_text(reason) and not text:
        raise ServiceError(_l("Say in a few words why the patent does not fit."), "text")
    if len(text) > FEEDBACK_TEXT_MAX:
        raise ServiceError(_l("At most %(max)d characters.", max=FEEDBACK_TEXT_MAX), "text")
    upsert(MatchFeedback.__table__,
           {"need_id": need.id, "patent_id": patent_id, "university_id": match.university_id,
            "reason": reason, "text": text, "user_id": user.id, "created_at": now},
           keys=("need_id", "patent_id"), update=("reason", "text", "user_id", "created_at"))
    db.session.flush()
    return db.session.scalars(
        select(MatchFeedback).where(MatchFeedback.need_id == need.id, MatchFeedback.patent_id == patent_id)
        .execution_options(populate_existing=True)).one()
