"""Schemas of licences, their charges and their ledger, and the functions that fill them."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from marshmallow import Schema, fields

from marketplace.api.fields import MoneyString, money_from_fen
from marketplace.ledger.labels import account_label, side_label, transaction_label
from marketplace.ledger.models import LedgerTransaction
from marketplace.licensing.models import Licence, LicenceCharge
from marketplace.licensing.money_columns import MoneyColumns


class MoneyColumnsSchema(Schema):
    """What a licence has been charged, has paid, still owes, and owes past the grace period."""

    charged = MoneyString(required=True)
    paid = MoneyString(required=True)
    balance = MoneyString(required=True)
    overdue = MoneyString(required=True)


class LicenceChargeSchema(Schema):
    """A charge of the licence's schedule: due, posted when its day came, settled by payments."""

    id = fields.Integer(required=True)
    kind = fields.String(required=True)
    phase = fields.Integer(required=True)
    due_date = fields.Date(required=True)
    amount = MoneyString(required=True)
    posted_on = fields.Date(allow_none=True, required=True)
    settled = MoneyString(required=True)
    settled_on = fields.Date(allow_none=True, required=True)
    voided_on = fields.Date(allow_none=True, required=True)


class LicenceSchema(Schema):
    """A licence with its money."""

    id = fields.Integer(required=True)
    number = fields.String(required=True)
    status = fields.String(required=True)
    patent_id = fields.Integer(required=True)
    patent_title = fields.String(required=True)
    application_number = fields.String(required=True)
    university_id = fields.Integer(required=True)
    enterprise_id = fields.Integer(required=True)
    enterprise = fields.String(required=True)
    declaration_id = fields.Integer(required=True)
    plan_kind = fields.String(required=True)
    start_date = fields.Date(required=True)
    end_date = fields.Date(required=True)
    trial_last_day = fields.Date(allow_none=True, required=True)
    filing_deadline = fields.Date(required=True)
    filed_on = fields.Date(allow_none=True, required=True)
    filing_number = fields.String(required=True)
    accepted_at = fields.DateTime(required=True)
    money = fields.Nested(MoneyColumnsSchema, required=True)


class LicenceDetailSchema(LicenceSchema):
    """A licence with its money and every charge of its schedule."""

    charges = fields.List(fields.Nested(LicenceChargeSchema), required=True)


class LedgerLegSchema(Schema):
    """One leg of a ledger transaction."""

    account = fields.String(required=True, metadata={"description": "The account's code"})
    account_name = fields.String(required=True)
    side = fields.String(required=True, metadata={"enum": ["debit", "credit"]})
    side_label = fields.String(required=True)
    amount = MoneyString(required=True)
    currency = fields.String(required=True)


class LedgerTransactionSchema(Schema):
    """A balanced ledger transaction of the licence."""

    id = fields.Integer(required=True)
    key = fields.String(required=True, metadata={"description": "Its idempotency key"})
    kind = fields.String(required=True)
    kind_label = fields.String(required=True)
    business_date = fields.Date(required=True)
    posted_at = fields.DateTime(required=True)
    reverses = fields.String(allow_none=True, required=True)
    legs = fields.List(fields.Nested(LedgerLegSchema), required=True)


def licence_data(licence: Licence, money: MoneyColumns) -> dict[str, Any]:
    """A licence as data."""
    return {"id": licence.id, "number": licence.number, "status": licence.status.value,
            "patent_id": licence.patent_id, "patent_title": licence.patent.title,
            "application_number": licence.patent.application_number, "university_id": licence.university_id,
            "enterprise_id": licence.enterprise_id, "enterprise": licence.enterprise.name,
            "declaration_id": licence.declaration_id, "plan_kind": licence.declaration.plan_kind,
            "start_date": licence.start_date, "end_date": licence.end_date,
            "trial_last_day": licence.trial_last_day, "filing_deadline": licence.filing_deadline,
            "filed_on": licence.filed_on, "filing_number": licence.filing_number,
            "accepted_at": licence.accepted_at,
            "money": {"charged": money.charged, "paid": money.paid, "balance": money.balance,
                      "overdue": money.overdue}}


def charge_data(charge: LicenceCharge) -> dict[str, Any]:
    """A charge as data."""
    return {"id": charge.id, "kind": charge.kind, "phase": charge.phase_index + 1,
            "due_date": charge.due_date,
            "amount": money_from_fen(charge.amount_fen), "posted_on": charge.posted_on,
            "settled": money_from_fen(charge.settled_fen), "settled_on": charge.settled_on,
            "voided_on": charge.voided_on}


def transaction_data(row: LedgerTransaction, names: Mapping) -> dict[str, Any]:
    """A ledger transaction with its legs, accounts named."""
    return {"id": row.id, "key": row.key, "kind": str(row.kind.value),
            "kind_label": str(transaction_label(row.kind)),
            "business_date": row.business_date, "posted_at": row.posted_at, "reverses": row.reverses,
            "legs": [{"account": leg.account, "account_name": str(account_label(leg.account, names)),
                      "side": leg.side.value, "side_label": str(side_label(leg.side)),
                      "amount": money_from_fen(leg.amount_fen), "currency": leg.currency}
                     for leg in row.legs]}
