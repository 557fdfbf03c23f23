"""The annual-fee register of a patent: each tracked year's fee, its status on a day, and recording a
fee paid. Services flush and never commit.

Which fees the register tracks: the years after the year of grant up to the end of the term
(`core.annual_fees.fee_years`). A fee due before the patent's `fees_tracked_from` day counts as paid —
the register holds no record of what was paid before it started tracking the patent (the day the
patent was added, or for patents held before the register existed, the day its migration ran). Every
later fee is unpaid until the IP centre records it paid. The amount recorded is computed, never typed:
the fee of the year (85% of it when a declaration was in force on its due date) plus the late surcharge
for the payment day.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from marketplace.accounts.models import User
from marketplace.annual_fees.models import AnnualFeePayment
from marketplace.catalogue.models import Patent
from marketplace.core.annual_fees import (
    AnnualFee,
    FeePayment,
    FeeStatus,
    LatePeriodOver,
    annual_fee,
    counts_as_paid,
    fee_status,
    fee_years,
    payment_on,
)
from marketplace.core.declaration_rules import fee_reduction_period
from marketplace.core.event_dates import DateProblem, DateRefusal
from marketplace.core.patent_fields import LegalStatus
from marketplace.declarations.models import Declaration
from marketplace.event_dates import refusal_message
from marketplace.extensions import db
from marketplace.service_errors import ServiceError


@dataclass(frozen=True)
class FeeYear:
    """One tracked year's fee as the register sees it on a day."""

    fee: AnnualFee
    payment: AnnualFeePayment | None
    before_tracking: bool  # due before the register tracked the patent: counts as paid
    status: FeeStatus

    @property
    def settled(self) -> bool:
        """Paid, or counted as paid."""
        return self.payment is not None or self.before_tracking


def declaration_periods(patent: Patent) -> list[tuple[date, date | None]]:
    """The periods a base declaration of the patent was (or is) in force: publication to the day before
    withdrawal (`fee_reduction_period`). Time-limited event versions are not counted apart: they only
    run while the base declaration does."""
    rows = db.session.execute(select(Declaration.published_on, Declaration.withdrawn_on).where(
        Declaration.patent_id == patent.id, Declaration.event_zone_id.is_(None),
        Declaration.published_on.is_not(None)))
    return [fee_reduction_period(published, withdrawn, patent.expiry_date) for published, withdrawn in rows]


def payments_of(patent_id: int) -> dict[int, AnnualFeePayment]:
    """The fees recorded paid, by patent year."""
    return {payment.year: payment for payment in db.session.scalars(
        select(AnnualFeePayment).where(AnnualFeePayment.patent_id == patent_id))}


def university_payments(university_id: int) -> dict[int, dict[int, AnnualFeePayment]]:
    """Every fee recorded paid for the university's patents, by patent and year (one query)."""
    found: dict[int, dict[int, AnnualFeePayment]] = {}
    for payment in db.session.scalars(select(AnnualFeePayment).where(
            AnnualFeePayment.university_id == university_id)):
        found.setdefault(payment.patent_id, {})[payment.year] = payment
    return found


def university_periods(university_id: int) -> dict[int, list[tuple[date, date | None]]]:
    """`declaration_periods` of every patent of the university (one query)."""
    found: dict[int, list[tuple[date, date | None]]] = {}
    for patent_id, published, withdrawn, expiry in db.session.execute(
            select(Declaration.patent_id, Declaration.published_on, Declaration.withdrawn_on,
                   Patent.expiry_date)
            .join(Patent, Patent.id == Declaration.patent_id)
            .where(Declaration.university_id == university_id, Declaration.event_zone_id.is_(None),
                   Declaration.published_on.is_not(None))):
        found.setdefault(patent_id, []).append(fee_reduction_period(published, withdrawn, expiry))
    return found


def fee_years_of(patent: Patent, today: date, payments: dict[int, AnnualFeePayment] | None = None,
                 periods: list[tuple[date, date | None]] | None = None) -> list[FeeYear]:
    """Every tracked year's fee with its status on `today`. Once a year's late period ended unpaid (or
    the patent is recorded lapsed), that year and every later one unpaid are lapsed."""
    payments = payments_of(patent.id) if payments is None else payments
    periods = declaration_periods(patent) if periods is None else periods
    lapsed = patent.legal_status == LegalStatus.LAPSED
    years = []
    for year in fee_years(patent.patent_type, patent.filing_date, patent.grant_date):
        fee = annual_fee(patent.patent_type, year, patent.filing_date, periods)
        payment = payments.get(year)
        before = payment is None and counts_as_paid(fee, patent.fees_tracked_from)
        status = fee_status(fee, payment is not None or before, today)
        if lapsed and status != FeeStatus.PAID:
            status = FeeStatus.LAPSED
        lapsed = lapsed or status == FeeStatus.LAPSED
        years.append(FeeYear(fee, payment, before, status))
    return years


def fees_overdue(patent: Patent, today: date) -> bool:
    """Whether a tracked fee of the patent is unpaid past its due date (the legal bar to declaring)."""
    return any(not year.settled and year.fee.due < today for year in fee_years_of(patent, today))


def lapsing_year(patent: Patent, today: date,
                 payments: dict[int, AnnualFeePayment] | None = None) -> FeeYear | None:
    """The first tracked year whose late period ended unpaid before `today`, if any: the patent lapses
    with it (its right ends as of that year's due date)."""
    for year in fee_years_of(patent, today, payments, periods=[]):
        if not year.settled and year.fee.late_end < today:
            return year
    return None


def _fee_year(patent: Patent, year: int, today: date) -> FeeYear:
    for each in fee_years_of(patent, today):
        if each.fee.year == year:
            return each
    raise ServiceError(_l("No annual fee of year %(year)d is tracked for this patent.", year=year),
                       field="year")


def quote(patent: Patent, year: int, paid_on: date, today: date) -> tuple[FeeYear, FeePayment]:
    """What recording year `year`'s fee paid on `paid_on` would record, or why it is refused (the same
    checks as `record_payment`, so the preview says what the final submit says)."""
    if patent.legal_status != LegalStatus.GRANTED:
        raise ServiceError(_l("This patent is no longer in force; its annual fees can no longer be paid."))
    fee_year = _fee_year(patent, year, today)
    if fee_year.payment is not None:
        raise ServiceError(_l("The fee of year %(year)d is already recorded as paid on %(day)s.",
                              year=year, day=fee_year.payment.paid_on.isoformat()), field="year")
    if fee_year.before_tracking:
        raise ServiceError(_l("The fee of year %(year)d was due before the register tracked this patent; it "
                              "counts as paid.", year=year), field="year")
    if paid_on > today:
        raise ServiceError(refusal_message(DateRefusal(DateProblem.AFTER_TODAY, today)), field="paid_on")
    if patent.grant_date is not None and paid_on < patent.grant_date:
        raise ServiceError(_l("This date is before the patent was granted (%(day)s).",
                              day=patent.grant_date.isoformat()), field="paid_on")
    try:
        return fee_year, payment_on(fee_year.fee, paid_on)
    except LatePeriodOver:
        message = _l("The late period of this fee ended on %(day)s: it can no longer be paid, and the "
                     "patent lapses.", day=fee_year.fee.late_end.isoformat())
        raise ServiceError(message, field="paid_on") from None


ALREADY_RECORDED = _l("This fee is already recorded as paid.")


def record_payment(patent: Patent, year: int, paid_on: date, user: User, today: date) -> AnnualFeePayment:
    """Record year `year`'s fee of the patent (taken for change by the caller) as paid on `paid_on`, with
    the amounts computed for that day. Refused after the late period, in the future, twice."""
    fee_year, amounts = quote(patent, year, paid_on, today)
    payment = AnnualFeePayment(
        patent_id=patent.id, university_id=patent.university_id, year=year, due_date=fee_year.fee.due,
        paid_on=paid_on, fee_fen=amounts.fee.fen, surcharge_fen=amounts.surcharge.fen,
        currency=amounts.fee.currency, reduced=fee_year.fee.reduced, recorded_by_id=user.id)
    try:
        with db.session.begin_nested():
            db.session.add(payment)
            db.session.flush()
    except IntegrityError:
        raise ServiceError(ALREADY_RECORDED, field="year") from None
    return payment
