"""The events partners can subscribe to, built from the records where they happen.

Each function is called by the service that makes the event, in its transaction, with the instant it
happened; it looks for subscribers first and builds nothing when there are none. The keys are stable —
one per licence, payment, filing entry or declaration — so however often a job or a request runs, an
event is queued once per partner.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime, time
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from marketplace.clock import SHANGHAI
from marketplace.core.money import Money
from marketplace.declarations.models import Declaration
from marketplace.extensions import db
from marketplace.licensing.models import Licence
from marketplace.organisations.models import University
from marketplace.webhooks.services import emit, subscribed

LICENCE_TAKEN = "licence.taken"
TRIAL_CONVERTED = "trial.converted"
PAYMENT_CONFIRMED = "payment.confirmed"
FILING_RECORDED = "filing.recorded"
DECLARATION_PUBLISHED = "declaration.published"
DECLARATION_WITHDRAWN = "declaration.withdrawn"


def day_start(day: date) -> datetime:
    """Midnight of `day` in Asia/Shanghai, as the instant of an event recorded for a day without one (the
    job that replays a day, demo data)."""
    return datetime.combine(day, time(0), SHANGHAI).astimezone(UTC)


def money(fen: int, currency: str = "CNY") -> str:
    """An amount as the string the bodies carry: two decimals, never a JSON number."""
    return f"{Money.from_fen(fen, currency).amount:.2f}"


def _university_name(university_id: int) -> str:
    university = db.session.get(University, university_id)
    return university.name if university is not None else ""


def _patent(patent) -> dict[str, Any]:
    return {"application_number": patent.application_number, "title": patent.title,
            "patent_type": str(patent.patent_type.value)}


def licence_data(licence: Licence) -> dict[str, Any]:
    """What every licence event carries: the licence, its patent, university and enterprise."""
    return {
        "licence": {
            "number": licence.number, "status": licence.status.value,
            "start_date": licence.start_date, "end_date": licence.end_date,
            "trial_last_day": licence.trial_last_day, "filing_deadline": licence.filing_deadline,
            "declaration_version": licence.declaration.version, "plan_kind": licence.declaration.plan_kind,
        },
        "patent": _patent(licence.patent),
        "university": {"name": _university_name(licence.university_id)},
        "enterprise": {"name": licence.enterprise.name, "credit_code": licence.enterprise.credit_code},
    }


def licence_taken(licence: Licence, now: datetime) -> int:
    """``licence.taken``: the licence with its schedule of charges (amount and due date each)."""
    partners = subscribed(LICENCE_TAKEN)
    if not partners:
        return 0
    data = licence_data(licence)
    currency = licence.charges[0].currency if licence.charges else "CNY"
    data["charges"] = [{"kind": charge.kind, "due_date": charge.due_date,
                        "amount": money(charge.amount_fen, charge.currency), "currency": charge.currency}
                       for charge in licence.charges]
    data["scheduled_total"] = money(sum(charge.amount_fen for charge in licence.charges), currency)
    data["currency"] = currency
    return emit(LICENCE_TAKEN, f"{LICENCE_TAKEN}:{licence.id}", data, now, partners)


def trials_converted(licence_ids: Iterable[int], today: date, now: datetime, early: bool) -> int:
    """``trial.converted`` for each licence: converted early by the enterprise, or by the plan's
    end-of-trial policy in the job that moves time. A licence converts once, so its id is the key."""
    ids = sorted(set(licence_ids))
    partners = subscribed(TRIAL_CONVERTED) if ids else []
    if not partners:
        return 0
    queued = 0
    licences = db.session.scalars(select(Licence).where(Licence.id.in_(ids)).options(
        selectinload(Licence.patent), selectinload(Licence.enterprise), selectinload(Licence.declaration))
        .order_by(Licence.id).execution_options(populate_existing=True))  # the job changed them in bulk
    for licence in licences:
        data = licence_data(licence)
        data["converted_on"] = today
        data["how"] = "early" if early else "trial_end"
        queued += emit(TRIAL_CONVERTED, f"{TRIAL_CONVERTED}:{licence.id}", data, now, partners)
    return queued


def payment_confirmed(licence: Licence, transaction_id: int, amount: Money, reference: str,
                      received_on: date, now: datetime) -> int:
    """``payment.confirmed``: a payment posted to the ledger (recorded by the university, or a transfer
    notice it confirmed); keyed by the ledger transaction, which posts once per bank reference."""
    partners = subscribed(PAYMENT_CONFIRMED)
    if not partners:
        return 0
    data = licence_data(licence)
    data["payment"] = {"amount": money(amount.fen, amount.currency), "currency": amount.currency,
                       "reference": reference, "received_on": received_on}
    return emit(PAYMENT_CONFIRMED, f"{PAYMENT_CONFIRMED}:{transaction_id}", data, now, partners)


def filing_recorded(licence: Licence, entry_id: int, filed_on: date, filing_number: str,
                    now: datetime) -> int:
    """``filing.recorded``: the licence contract's 备案 with CNIPA, keyed by the filing entry."""
    partners = subscribed(FILING_RECORDED)
    if not partners:
        return 0
    data = licence_data(licence)
    data["filing"] = {"filed_on": filed_on, "filing_number": filing_number}
    return emit(FILING_RECORDED, f"{FILING_RECORDED}:{entry_id}", data, now, partners)


def declaration_data(declaration: Declaration) -> dict[str, Any]:
    """What a declaration event carries: the version, its plan in brief, the patent and university."""
    return {
        "declaration": {
            "version": declaration.version, "status": declaration.status.value,
            "plan_kind": declaration.plan_kind, "has_trial": declaration.has_trial,
            "fixed_total": money(declaration.fixed_total_fen, declaration.currency),
            "currency": declaration.currency, "payment_method": declaration.payment_method,
            "published_on": declaration.published_on, "withdrawn_on": declaration.withdrawn_on,
            "withdrawal_reason": declaration.withdrawal_reason or "",
        },
        "patent": _patent(declaration.patent),
        "university": {"name": _university_name(declaration.university_id)},
    }


def declaration_event(event_type: str, declaration: Declaration, now: datetime) -> int:
    """``declaration.published`` or ``declaration.withdrawn`` (a version replaced by a newer one is
    withdrawn too); a declaration is published and withdrawn once, so its id is the key."""
    partners = subscribed(event_type)
    if not partners:
        return 0
    return emit(event_type, f"{event_type}:{declaration.id}", declaration_data(declaration), now, partners)
