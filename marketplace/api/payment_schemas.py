"""Schemas of notices of bank transfers and the function that fills them."""

from __future__ import annotations

from typing import Any

from marshmallow import Schema, fields, validate

from marketplace.api.fields import MoneyString, money_from_fen
from marketplace.api.inputs import CleanString
from marketplace.api.paging import PageArgs
from marketplace.ledger.models import NoticeStatus, PaymentNotice

STATUSES = [status.value for status in NoticeStatus]


class TransferNoticeSchema(Schema):
    """An enterprise's notice of a bank transfer and the university's decision on it."""

    id = fields.Integer(required=True)
    licence_id = fields.Integer(required=True)
    reference = fields.String(required=True, metadata={"description": "The bank transfer's reference"})
    amount = MoneyString(required=True)
    currency = fields.String(required=True)
    paid_on = fields.Date(required=True)
    status = fields.String(required=True, metadata={"enum": STATUSES})
    notified_at = fields.DateTime(required=True)
    decided_at = fields.DateTime(allow_none=True, required=True)
    reason = fields.String(required=True, metadata={"description": "Why it was rejected (else empty)"})


class NoticeDecisionSchema(TransferNoticeSchema):
    """A notice after a decision, and whether this call made it (false: it was already decided so)."""

    changed = fields.Boolean(required=True)


class TransferNoticeBody(Schema):
    """The enterprise says it sent a bank transfer for the licence."""

    amount = MoneyString(required=True, metadata={"description": "Above zero, at most what is owed"})
    reference = CleanString(required=True, validate=validate.Length(min=1, max=60))
    paid_on = fields.Date(required=True, metadata={"description": "Not before the licence start, not "
                                                                   "after today"})


class RejectionBody(Schema):
    """Why the university says the transfer did not arrive (the enterprise sees it)."""

    reason = CleanString(required=True, validate=validate.Length(min=1, max=200))


class NoticeArgs(PageArgs):
    """Which of the university's notices to list, a page at a time."""

    status = fields.String(validate=validate.OneOf(STATUSES),
                           metadata={"description": "Only notices in this status (pending: oldest first)"})


def notice_data(notice: PaymentNotice) -> dict[str, Any]:
    """A notice as data."""
    return {"id": notice.id, "licence_id": notice.licence_id, "reference": notice.reference,
            "amount": money_from_fen(notice.amount_fen), "currency": notice.currency,
            "paid_on": notice.paid_on, "status": notice.status.value, "notified_at": notice.notified_at,
            "decided_at": notice.decided_at, "reason": notice.reason}
