"""The select() behind each platform-wide list, and the figures of one page of it, all in SQL.

A page is the rows of its select() (paginated) plus one grouped query per kind of figure over the ids of
that page, never a query per row. Exports run the same select() without the page and the same grouped
queries over the filtered ids (as a sub-select). Money is integer fen here; the pages and the files turn
it into yuan through `Money`. The licences' money columns are those of every licence list,
`licensing.money_columns`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import Select, exists, func, or_, select
from sqlalchemy.orm import aliased, joinedload, selectinload

from marketplace.catalogue.models import Patent
from marketplace.core.ledger import Side, TransactionKind
from marketplace.core.money import Money
from marketplace.core.text import normalise_code
from marketplace.extensions import db
from marketplace.ledger.models import LedgerLeg, LedgerTransaction, NoticeStatus, PaymentNotice
from marketplace.licensing.models import Licence
from marketplace.organisations.models import Enterprise, University
from marketplace.oversight.forms import ListFilters

# The status filter of the patent list: offered or not, or archived.
PATENT_OFFERED, PATENT_NOT_OFFERED, PATENT_ARCHIVED = "offered", "not_offered", "archived"
# The status filter of the payment list: still standing, or reversed.
PAYMENT_STANDING, PAYMENT_REVERSED = "standing", "reversed"
# Where a payment came from: a confirmed notice of the enterprise, or recorded by the university.
_PAYMENT_PREFIX = "payment:bank:"


def ids_of(stmt: Select, column) -> Select:
    """The ids a list's select() holds, as a sub-select for the grouped figures and totals."""
    return stmt.with_only_columns(column).order_by(None)


def with_patent_rows(stmt: Select) -> Select:
    """The patent list's select() loading each patent's university with it."""
    return stmt.options(joinedload(Patent.university))


def with_licence_rows(stmt: Select) -> Select:
    """The licence list's select() loading each licence's patent, university and enterprise with it."""
    return stmt.options(joinedload(Licence.patent).joinedload(Patent.university),
                        joinedload(Licence.enterprise))


def with_payment_rows(stmt: Select) -> Select:
    """The payment list's select() loading each payment's legs (one more query)."""
    return stmt.options(selectinload(LedgerTransaction.legs))


def _contains(column, text: str):
    return column.contains(text, autoescape=True)


# Patents ---------------------------------------------------------------------------------------------


def patents_query(filters: ListFilters) -> Select:
    """Every patent of the platform, newest first: search in title, application number and keywords;
    filter by university, offered / not offered / archived, and filing date."""
    stmt = select(Patent).order_by(Patent.created_at.desc(), Patent.id.desc())
    if filters.text:
        number = normalise_code(filters.text).removeprefix("ZL")
        stmt = stmt.where(or_(_contains(Patent.title, filters.text), _contains(Patent.keywords, filters.text),
                              _contains(Patent.application_number, number or filters.text)))
    if filters.university_id:
        stmt = stmt.where(Patent.university_id == filters.university_id)
    if filters.status == PATENT_OFFERED:
        stmt = stmt.where(Patent.offer_kind != "", Patent.archived.is_(False))
    elif filters.status == PATENT_NOT_OFFERED:
        stmt = stmt.where(Patent.offer_kind == "", Patent.archived.is_(False))
    elif filters.status == PATENT_ARCHIVED:
        stmt = stmt.where(Patent.archived.is_(True))
    if filters.date_from:
        stmt = stmt.where(Patent.filing_date >= filters.date_from)
    if filters.date_to:
        stmt = stmt.where(Patent.filing_date <= filters.date_to)
    return stmt


def licence_counts(patent_ids: Iterable[int] | Select) -> dict[int, int]:
    """How many licences each patent has (of any status), in one grouped query."""
    ids = patent_ids if isinstance(patent_ids, Select) else list(patent_ids)
    rows = db.session.execute(select(Licence.patent_id, func.count(Licence.id))
                              .where(Licence.patent_id.in_(ids)).group_by(Licence.patent_id))
    return {patent_id: count for patent_id, count in rows}


# Licences --------------------------------------------------------------------------------------------


def licences_query(filters: ListFilters) -> Select:
    """Every licence of the platform, newest first: search in licence number, patent title and number,
    enterprise name and credit code; filter by university, enterprise, status and start date."""
    stmt = (select(Licence)
            .join(Patent, Patent.id == Licence.patent_id)
            .join(Enterprise, Enterprise.id == Licence.enterprise_id)
            .order_by(Licence.accepted_at.desc(), Licence.id.desc()))
    if filters.text:
        code = normalise_code(filters.text)
        stmt = stmt.where(or_(
            _contains(Licence.number, code or filters.text), _contains(Patent.title, filters.text),
            _contains(Patent.application_number, code.removeprefix("ZL") or filters.text),
            _contains(Enterprise.name, filters.text), Enterprise.credit_code == code))
    if filters.university_id:
        stmt = stmt.where(Licence.university_id == filters.university_id)
    if filters.enterprise_id:
        stmt = stmt.where(Licence.enterprise_id == filters.enterprise_id)
    if filters.status:
        stmt = stmt.where(Licence.status == filters.status)
    if filters.date_from:
        stmt = stmt.where(Licence.start_date >= filters.date_from)
    if filters.date_to:
        stmt = stmt.where(Licence.start_date <= filters.date_to)
    return stmt


def universities_by_id(ids: Iterable[int]) -> dict[int, University]:
    """The universities with these ids, in one query."""
    wanted = set(ids)
    if not wanted:
        return {}
    return {university.id: university for university in
            db.session.scalars(select(University).where(University.id.in_(wanted)))}


# Payments --------------------------------------------------------------------------------------------


def _reversal_of():
    reversal = aliased(LedgerTransaction)
    return exists().where(reversal.reverses == LedgerTransaction.key)


def payments_query(filters: ListFilters) -> Select:
    """Every payment received on the platform (ledger payment transactions), newest first: search in
    licence number, bank reference and enterprise name; filter by university, standing or reversed,
    and the day the money arrived."""
    stmt = (select(LedgerTransaction)
            .join(Licence, Licence.id == LedgerTransaction.licence_id)
            .join(Enterprise, Enterprise.id == Licence.enterprise_id)
            .where(LedgerTransaction.kind == TransactionKind.PAYMENT_RECEIVED)
            .order_by(LedgerTransaction.business_date.desc(), LedgerTransaction.id.desc()))
    if filters.text:
        code = normalise_code(filters.text)
        stmt = stmt.where(or_(_contains(Licence.number, code or filters.text),
                              _contains(LedgerTransaction.key, code or filters.text),
                              _contains(Enterprise.name, filters.text)))
    if filters.university_id:
        stmt = stmt.where(Licence.university_id == filters.university_id)
    if filters.enterprise_id:
        stmt = stmt.where(Licence.enterprise_id == filters.enterprise_id)
    if filters.status == PAYMENT_STANDING:
        stmt = stmt.where(~_reversal_of())
    elif filters.status == PAYMENT_REVERSED:
        stmt = stmt.where(_reversal_of())
    if filters.date_from:
        stmt = stmt.where(LedgerTransaction.business_date >= filters.date_from)
    if filters.date_to:
        stmt = stmt.where(LedgerTransaction.business_date <= filters.date_to)
    return stmt


@dataclass(frozen=True)
class PaymentRow:
    """One payment as the list shows it."""

    transaction: LedgerTransaction
    licence: Licence
    university: University | None
    amount: Money
    reference: str
    reversed: bool
    notice: PaymentNotice | None  # the enterprise's notice it confirmed, if it came from one


def _reference(row: LedgerTransaction) -> str:
    """The bank reference inside a payment's key (``payment:bank:<licence>:<reference>``)."""
    prefix = f"{_PAYMENT_PREFIX}{row.licence_id}:"
    return row.key.removeprefix(prefix) if row.key.startswith(prefix) else row.key


def _amount(row: LedgerTransaction) -> Money:
    fen = sum(leg.amount_fen for leg in row.legs if leg.side == Side.DEBIT)
    return Money.from_fen(fen, row.legs[0].currency if row.legs else "CNY")


def payment_rows(transactions: Sequence[LedgerTransaction]) -> list[PaymentRow]:
    """The rows of these payments: their licences (with patent and enterprise), universities, reversals
    and confirmed notices, in four queries whatever their number."""
    if not transactions:
        return []
    licence_ids = {row.licence_id for row in transactions}
    licences = {licence.id: licence for licence in db.session.scalars(
        select(Licence).where(Licence.id.in_(licence_ids))
        .options(joinedload(Licence.patent), joinedload(Licence.enterprise)))}
    universities = universities_by_id(licence.university_id for licence in licences.values())
    keys = [row.key for row in transactions]
    reversed_keys = set(db.session.scalars(select(LedgerTransaction.reverses)
                                           .where(LedgerTransaction.reverses.in_(keys))))
    notices = {(notice.licence_id, notice.reference): notice for notice in db.session.scalars(
        select(PaymentNotice).where(PaymentNotice.licence_id.in_(licence_ids),
                                    PaymentNotice.status == NoticeStatus.CONFIRMED))}
    result = []
    for row in transactions:
        licence = licences[row.licence_id]
        reference = _reference(row)
        notice = notices.get((row.licence_id, reference))
        result.append(PaymentRow(row, licence, universities.get(licence.university_id), _amount(row),
                                 reference, row.key in reversed_keys, notice))
    return result


def payments_total(stmt: Select) -> Money:
    """The sum of the payments a filtered list holds that still stand (reversed ones left out), in one
    query."""
    ids = ids_of(stmt.where(~_reversal_of()), LedgerTransaction.id)
    fen = db.session.scalar(select(func.coalesce(func.sum(LedgerLeg.amount_fen), 0))
                            .where(LedgerLeg.transaction_id.in_(ids), LedgerLeg.side == Side.DEBIT))
    return Money.from_fen(int(fen or 0))

