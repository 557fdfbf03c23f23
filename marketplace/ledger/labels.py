"""The words for the ledger's codes, in the reader's language: transaction kinds (``charge_posted`` →
确认收费), accounts (``receivable:enterprise:3`` → 应收款 — 企业名) and sides. Every page and download that
shows a ledger entry names it through these functions, never by its stored code."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from marketplace.core.ledger import AccountKind, AccountRef, Side, TransactionKind
from marketplace.extensions import db
from marketplace.organisations.models import Enterprise, University

TRANSACTION_LABELS = {
    TransactionKind.CHARGE_POSTED: _l("Charge fell due"),
    TransactionKind.PAYMENT_RECEIVED: _l("Payment received"),
    TransactionKind.CHARGE_WAIVED: _l("Charge waived"),
    TransactionKind.REVERSAL: _l("Payment reversed"),
}

ACCOUNT_LABELS = {
    AccountKind.ENTERPRISE_RECEIVABLE: _l("Receivable — %(owner)s"),
    AccountKind.UNIVERSITY_REVENUE: _l("Licence revenue — %(owner)s"),
    AccountKind.UNIVERSITY_CASH: _l("Money received — %(owner)s"),
}

SIDE_LABELS = {Side.DEBIT: _l("Debit"), Side.CREDIT: _l("Credit")}


def transaction_label(kind: str) -> str:
    """What a ledger transaction of `kind` records, in words."""
    try:
        return str(TRANSACTION_LABELS[TransactionKind(kind)])
    except ValueError:
        return str(_l("Other ledger entry"))


def side_label(side: str) -> str:
    """Debit or credit, in words."""
    return str(SIDE_LABELS[Side(side)])


def payment_reference(key: str) -> str:
    """The bank reference of a payment, from its key ``payment:bank:<licence>:<reference>``."""
    return key.split(":", 3)[-1]


def account_names(codes: Iterable[str]) -> dict[AccountRef, str]:
    """The name of the owner of each account (the enterprise of a receivable, the university otherwise),
    in one query per kind of owner."""
    refs = {AccountRef.from_code(code) for code in codes}
    enterprises = {ref.owner_id for ref in refs if ref.kind is AccountKind.ENTERPRISE_RECEIVABLE}
    universities = {ref.owner_id for ref in refs if ref.kind is not AccountKind.ENTERPRISE_RECEIVABLE}
    names = {}
    if enterprises:
        for owner_id, name in db.session.execute(
                select(Enterprise.id, Enterprise.name).where(Enterprise.id.in_(enterprises))):
            names[AccountRef.enterprise_receivable(owner_id)] = name
    if universities:
        for owner_id, name in db.session.execute(
                select(University.id, University.name).where(University.id.in_(universities))):
            names[AccountRef.university_revenue(owner_id)] = name
            names[AccountRef.university_cash(owner_id)] = name
    return names


def account_label(code: str, names: Mapping[AccountRef, str]) -> str:
    """An account in words: its kind and its owner's name (from `account_names`)."""
    ref = AccountRef.from_code(code)
    return str(ACCOUNT_LABELS[ref.kind]) % {"owner": names.get(ref, "—")}
