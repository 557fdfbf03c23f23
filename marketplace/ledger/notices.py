"""Notices of bank transfers: the enterprise says it paid (amount, reference, day); the university
confirms receipt, which posts the payment once, or rejects the notice with a reason.

Confirmation is a compare-and-set on the notice (pending → confirmed): of any number of concurrent
confirmations one wins and posts; the others see it already confirmed. The payment's idempotency key
is the same bank reference, so a payment recorded directly for that transfer is never posted twice.
"""

from __future__ import annotations

from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, select, update
from sqlalchemy.exc import IntegrityError

from marketplace.accounts.models import User
from marketplace.core.money import Money, format_cny
from marketplace.core.text import normalise_code
from marketplace.event_dates import check_event_date
from marketplace.extensions import db
from marketplace.ledger.models import NoticeStatus, PaymentNotice
from marketplace.ledger.payments import outstanding, record_payment
from marketplace.licensing.for_change import licence_for_change
from marketplace.licensing.history import Step, record
from marketplace.licensing.models import Licence
from marketplace.service_errors import ServiceError


def notify_transfer(licence: Licence, user: User, amount: Money, reference: str, paid_on: date,
                    today: date) -> PaymentNotice:
    """The enterprise tells the university it sent a transfer; refused when nothing that large is owed,
    for a day before the licence started or after today, or for a reference already notified."""
    reference = normalise_code(reference)
    if not reference:
        raise ServiceError(_l("Enter the bank transfer's reference."), field="reference")
    if amount <= Money.zero():
        raise ServiceError(_l("The amount must be above zero."), field="amount")
    check_event_date(paid_on, licence.start_date, today, "paid_on")
    licence = licence_for_change(licence.id)
    owed = outstanding(licence)
    if amount > owed:
        raise ServiceError(_l("The transfer is larger than what is owed (%(owed)s).",
                              owed=format_cny(owed)), field="amount")
    notice = PaymentNotice(licence_id=licence.id, reference=reference, amount_fen=amount.fen,
                           currency=amount.currency, paid_on=paid_on, notified_by_id=user.id)
    try:
        with db.session.begin_nested():
            db.session.add(notice)
            db.session.flush()
    except IntegrityError:
        raise ServiceError(_l("This transfer reference was already notified."), field="reference") from None
    record(Step(licence.id, "payment_notified", reference, today, amount.fen, reference))
    return notice


def _decide(notice: PaymentNotice, status: NoticeStatus, user: User, now: datetime, reason: str = "") -> bool:
    """Compare-and-set pending → `status`; True for the one caller that made the change."""
    result = db.session.execute(
        update(PaymentNotice)
        .where(PaymentNotice.id == notice.id, PaymentNotice.status == NoticeStatus.PENDING)
        .values(status=status, decided_by_id=user.id, decided_at=now, reason=reason)
        .execution_options(synchronize_session=False))
    db.session.refresh(notice)
    return result.rowcount == 1


def confirm_notice(notice: PaymentNotice, user: User, today: date, now: datetime) -> bool:
    """The university confirms the money arrived: the payment posts (once). Returns False when the
    notice had already been decided."""
    if not _decide(notice, NoticeStatus.CONFIRMED, user, now):
        return False
    licence = db.session.get(Licence, notice.licence_id)
    record_payment(licence, Money.from_fen(notice.amount_fen, notice.currency), notice.reference,
                   notice.paid_on, today, now)
    return True


def reject_notice(notice: PaymentNotice, user: User, reason: str, now: datetime) -> bool:
    """The university says the money did not arrive (with a reason). False when already decided."""
    if not reason.strip():
        raise ServiceError(_l("Give a reason, so the enterprise knows what to check."), field="reason")
    return _decide(notice, NoticeStatus.REJECTED, user, now, reason.strip()[:200])


def notices_of(licence_id: int) -> Select:
    """The select() behind a licence's notices, newest first."""
    return (select(PaymentNotice).where(PaymentNotice.licence_id == licence_id)
            .order_by(PaymentNotice.notified_at.desc(), PaymentNotice.id.desc()))


def pending_for_university(university_id: int) -> Select:
    """The select() behind the notices a university has still to decide, oldest first."""
    return (select(PaymentNotice).join(Licence, Licence.id == PaymentNotice.licence_id)
            .where(Licence.university_id == university_id, PaymentNotice.status == NoticeStatus.PENDING)
            .order_by(PaymentNotice.notified_at, PaymentNotice.id))


def notices_of_university(university_id: int, status: NoticeStatus | None = None) -> Select:
    """The select() behind the notices of a university's licences, of one status when given: the pending
    ones oldest first (the order they are decided in), otherwise newest first."""
    if status == NoticeStatus.PENDING:
        return pending_for_university(university_id)
    stmt = (select(PaymentNotice).join(Licence, Licence.id == PaymentNotice.licence_id)
            .where(Licence.university_id == university_id))
    if status is not None:
        stmt = stmt.where(PaymentNotice.status == status)
    return stmt.order_by(PaymentNotice.notified_at.desc(), PaymentNotice.id.desc())
