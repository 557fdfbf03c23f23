"""Writing notifications once, wording them, delivering the outbox."""

from __future__ import annotations

import json
import logging
from datetime import date, datetime

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from marketplace.accounts.models import AccountStatus, User
from marketplace.extensions import db
from marketplace.ledger.claims import chunks, claimable
from marketplace.notifications.models import Notification
from marketplace.notifications.relevance import still_applies
from marketplace.notifications.senders import Sender, sender_from_config

log = logging.getLogger("marketplace.outbox")

SUBJECT = _l("Notice from the patent open-licence marketplace")
MESSAGES = {
    "trial_reminder": _l("The trial of licence %(number)s ends on %(last_day)s. Convert to the paid "
                         "licence or decline before then; %(policy)s"),
    "filing_overdue": _l("Licence %(number)s was to be recorded (备案) with CNIPA by %(deadline)s and no "
                         "filing is recorded. File it and record the filing on the licence page."),
    "meeting_reminder": _l("Reminder: your meeting in %(zone)s about %(patent)s is at %(when)s (Beijing "
                           "time). Your agenda has the details."),
    "match_needs": _l("Enterprises have posted technology needs that your patents fit:\n%(list)s\nAnswer "
                      "them from the page of needs your patents fit."),
    "match_offers": _l("Patents offered for open licence fit your technology needs:\n%(list)s\nMark a "
                       "match not relevant and we will not show it again."),
    "milestone_reported": _l("The licensee of licence %(number)s reports that the milestone "
                             "“%(milestone)s” happened on %(day)s. Confirm or reject it on the licence's "
                             "milestones page."),
    "milestone_confirmed": _l("The university confirmed the milestone “%(milestone)s” of licence "
                              "%(number)s on %(day)s: its fee falls due now."),
    "milestone_rejected": _l("The university did not accept your report of the milestone "
                             "“%(milestone)s” of licence %(number)s: %(reason)s You may report it again."),
    "dispute_opened": _l("The other party of licence %(number)s opened dispute no. %(dispute)d about "
                         "%(subject)s. Negotiate first; the dispute page has its facts, its path (CNIPA "
                         "mediation, court) and the outcome form: %(link)s"),
    "dispute_resolved": _l("Dispute no. %(dispute)d on licence %(number)s is resolved: %(outcome)s. Any "
                           "disputed charge still unpaid counts again from now on: %(link)s"),
    "annual_fee_upcoming": _l("The annual fee of patent %(number)s for year %(year)d, %(amount)s, is due on "
                              "%(due)s. Pay it and record it on the patent's annual-fee page: %(link)s"),
    "annual_fee_late": _l("The annual fee of patent %(number)s for year %(year)d was due on %(due)s and is "
                          "not recorded as paid. It may still be paid until %(late_end)s with a surcharge of "
                          "5%% of the full fee for each whole month late beyond the first: %(link)s"),
    "annual_fee_last": _l("Last reminder: the annual fee of patent %(number)s for year %(year)d (due on "
                          "%(due)s) must be paid by %(late_end)s, with its surcharge, or the patent lapses: "
                          "%(link)s"),
    "annual_fee_lapsed": _l("Patent %(number)s has lapsed: its annual fee for year %(year)d, due on %(due)s, "
                            "was not paid by %(late_end)s. Its open-licence declaration has ended; licences "
                            "already granted are affected: %(link)s"),
    "conversation_message": _l("%(sender)s wrote in the conversation “%(subject)s”: %(excerpt)s Read and "
                               "reply: %(link)s"),
}
POLICY_TEXT = {
    "expire": _l("otherwise the licence ends and nothing is owed."),
    "convert": _l("otherwise it converts and the first charge falls due."),
}


def notify(key: str, enterprise_id: int | None, kind: str, licence_id: int | None = None,
           university_id: int | None = None, **params) -> bool:
    """Write a notification to an enterprise (or, with `university_id`, to a university's IP centre)
    unless one with this key exists; returns whether it was written."""
    if db.session.scalar(select(Notification.id).where(Notification.key == key)) is not None:
        return False
    try:
        with db.session.begin_nested():
            db.session.add(Notification(key=key, enterprise_id=enterprise_id, university_id=university_id,
                                        licence_id=licence_id, kind=kind,
                                        params_json=json.dumps(params, ensure_ascii=False)))
            db.session.flush()
    except IntegrityError:
        return False
    return True


def text_of(notification: Notification) -> str:
    """The notification worded in the reader's language."""
    params = json.loads(notification.params_json)
    if "policy" in params:
        params["policy"] = str(POLICY_TEXT.get(params["policy"], ""))
    if notification.kind in ("dispute_opened", "dispute_resolved"):  # codes, worded for the reader
        from marketplace.disputes.labels import OUTCOME_LABELS, SUBJECT_LABELS

        if "subject" in params:
            params["subject"] = str(SUBJECT_LABELS.get(params["subject"], params["subject"]))
        if "outcome" in params:
            params["outcome"] = str(OUTCOME_LABELS.get(params["outcome"], params["outcome"]))
    if "path" in params:
        params["link"] = str(current_app.config.get("PUBLIC_URL") or "").rstrip("/") + params["path"]
    return str(MESSAGES[notification.kind]) % params


def for_enterprise(enterprise_id: int, today: date, limit: int = 10) -> list[Notification]:
    """The newest notifications of an enterprise that still apply on `today` (a trial reminder once the
    trial is over does not: see `relevance`)."""
    return list(db.session.scalars(select(Notification).where(Notification.enterprise_id == enterprise_id,
                                                              still_applies(today))
                                   .order_by(Notification.id.desc()).limit(limit)))


def _addresses(notification: Notification) -> list[str]:
    """The active users of the enterprise, or of the university's IP centre, the notification is for."""
    recipient = (User.enterprise_id == notification.enterprise_id if notification.enterprise_id is not None
                 else User.university_id == notification.university_id)
    return list(db.session.scalars(select(User.email).where(
        recipient, User.status == AccountStatus.ACTIVE).order_by(User.id)))


def deliver_outbox(now: datetime, sender: Sender | None = None) -> int:
    """Hand unsent notifications to the configured sender (the log in development, SMTP in production)
    and mark those delivered as sent; one that fails stays in the outbox for the next run. The unsent
    rows are claimed first (`ledger.claims`: FOR UPDATE SKIP LOCKED on PostgreSQL), so runs on two
    servers at once never send one notification twice."""
    sender = sender or sender_from_config(current_app.config)
    claimed = claimable(select(Notification.id).where(Notification.sent_at.is_(None))
                        .order_by(Notification.id))
    pending = [notification for chunk in chunks(claimed) for notification in db.session.scalars(
        select(Notification).where(Notification.id.in_(chunk)).order_by(Notification.id))]
    delivered = 0
    for notification in pending:
        try:
            sender.send(_addresses(notification), str(SUBJECT), text_of(notification))
        except Exception:  # noqa: BLE001 - any delivery failure keeps the message for a retry
            log.exception("notification %s not delivered; it stays in the outbox", notification.key)
            continue
        notification.sent_at = now
        delivered += 1
    db.session.flush()
    return delivered
