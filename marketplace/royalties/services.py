"""Filing royalty reports: the licensee reports net sales per period, once, in order, after it ends.

The royalty (net sales × the phase's rate, rounded once half up) becomes a charge due with the
period's report; the report that closes a royalty year of a phase with an annual minimum also tops
the year's royalties up to the minimum with a true-up charge. A charge whose due date has come is
posted to the ledger at once; a later one is posted by `run-due` on its due date. Services flush and
never commit.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask import abort
from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, select
from sqlalchemy.exc import IntegrityError

from marketplace.accounts.models import Role, User
from marketplace.core.money import Money
from marketplace.core.schedule import ChargeKind, RoyaltyPeriodWindow, Schedule, build_schedule, year_minimum
from marketplace.declarations.plan_storage import read_plan
from marketplace.extensions import db
from marketplace.ledger.due_charges import BILLABLE, post_claimed
from marketplace.licensing.for_change import licence_for_change
from marketplace.licensing.history import Step, record
from marketplace.licensing.models import Licence, LicenceCharge
from marketplace.royalties.models import RoyaltyReport
from marketplace.service_errors import ServiceError

NEGATIVE_SALES = _l("Net sales cannot be negative; report 0 for a period without sales.")


@dataclass(frozen=True)
class PeriodReport:
    """A royalty period of a licence and its filed report (None while unfiled)."""

    period: RoyaltyPeriodWindow
    report: RoyaltyReport | None

    def open_for_report(self, today: date) -> bool:
        """Whether the period has ended and is not filed yet."""
        return self.report is None and self.period.end < today


def period_label(period: RoyaltyPeriodWindow) -> str:
    """A period as people read it: ``2027-01-01 – 2027-03-31``."""
    return f"{period.start.isoformat()} – {period.end.isoformat()}"


def _schedule(licence: Licence) -> Schedule:
    return build_schedule(read_plan(licence.declaration), licence.start_date, licence.patent.expiry_date)


def _reports_by_start(licence_id: int) -> dict[date, RoyaltyReport]:
    """The licence's filed reports by the first day of their period."""
    return {report.period_start: report for report in db.session.scalars(
        select(RoyaltyReport).where(RoyaltyReport.licence_id == licence_id))}


def royalty_periods(licence: Licence) -> list[PeriodReport]:
    """The licence's royalty periods in order, each paired with its filed report (or None)."""
    reports = _reports_by_start(licence.id)
    return [PeriodReport(period, reports.get(period.start)) for period in _schedule(licence).royalty_periods]


def has_royalty_periods(licence: Licence) -> bool:
    """Whether the licence's plan has royalty periods (and so reports to file)."""
    return bool(_schedule(licence).royalty_periods)


def reports_of(licence_id: int) -> Select:
    """The select() of a licence's filed reports, newest period first."""
    return (select(RoyaltyReport).where(RoyaltyReport.licence_id == licence_id)
            .order_by(RoyaltyReport.period_start.desc(), RoyaltyReport.id.desc()))


def _already_filed(report: RoyaltyReport) -> ServiceError:
    return ServiceError(_l("This period was already filed on %(day)s.", day=report.filed_on.isoformat()),
                        field="period")


def _check_period(schedule: Schedule, reports: dict[date, RoyaltyReport], period_start: date,
                  today: date) -> RoyaltyPeriodWindow:
    """The period starting on `period_start`, if it may be filed today (ServiceError otherwise)."""
    period = next((p for p in schedule.royalty_periods if p.start == period_start), None)
    if period is None:
        raise ServiceError(_l("Choose one of this licence's royalty periods."), field="period")
    if not period.end < today:
        raise ServiceError(_l("You can report a period once it has ended; this one ends on %(day)s.",
                              day=period.end.isoformat()), field="period")
    if period.start in reports:
        raise _already_filed(reports[period.start])
    earlier = next((p for p in schedule.royalty_periods if p.start < period.start and p.start not in reports),
                   None)
    if earlier is not None:
        raise ServiceError(_l("File the report for %(period)s first.", period=period_label(earlier)),
                           field="period")
    return period


def _insert_report(report: RoyaltyReport) -> None:
    """Insert the report; a concurrent filing of the same period hits the unique constraint."""
    try:
        with db.session.begin_nested():
            db.session.add(report)
            db.session.flush()
    except IntegrityError:
        existing = db.session.scalar(select(RoyaltyReport).where(
            RoyaltyReport.licence_id == report.licence_id, RoyaltyReport.period_start == report.period_start))
        if existing is None:
            raise
        raise _already_filed(existing) from None


def _add_charge(licence: Licence, period: RoyaltyPeriodWindow, slot: str, kind: ChargeKind, amount: Money,
                today: date) -> LicenceCharge:
    """A charge due with the period's report, posted now when that day has come."""
    charge = LicenceCharge(licence_id=licence.id, phase_index=period.phase_index, kind=kind.value,
                           due_date=period.report_due, amount_fen=amount.fen, currency=amount.currency,
                           slot=slot, settled_fen=0)
    licence.charges.append(charge)
    db.session.flush()
    if charge.due_date <= today:
        post_claimed([charge.id], today)
        db.session.expire(charge)  # posted by a bulk update
    return charge


def _year_royalties(licence_id: int, schedule: Schedule, period: RoyaltyPeriodWindow) -> Money:
    """The royalties filed for every period of the same phase and royalty year as `period`."""
    starts = [p.start for p in schedule.royalty_periods
              if p.phase_index == period.phase_index and p.year_index == period.year_index]
    rows = db.session.execute(select(RoyaltyReport.royalty_fen, RoyaltyReport.currency).where(
        RoyaltyReport.licence_id == licence_id, RoyaltyReport.phase_index == period.phase_index,
        RoyaltyReport.period_start.in_(starts))).all()
    total = Money.zero()
    for royalty_fen, currency in rows:
        total = total + Money.from_fen(royalty_fen, currency)
    return total


def file_report(licence: Licence, user: User, period_start: date, net_sales: Money,
                today: date) -> RoyaltyReport:
    """The licensee files the net sales of an ended period; its royalty (and, closing a royalty year, the
    annual minimum's true-up) becomes a charge due with the report."""
    if user.role != Role.ENTERPRISE_USER or licence.enterprise_id != user.enterprise_id:
        abort(404)
    licence = licence_for_change(licence.id)
    if licence.status not in BILLABLE:
        raise ServiceError(_l("Royalty reports are filed while the licence is active, overdue or suspended."))
    if net_sales.fen < 0:
        raise ServiceError(NEGATIVE_SALES, field="net_sales")
    plan = read_plan(licence.declaration)
    schedule = build_schedule(plan, licence.start_date, licence.patent.expiry_date)
    period = _check_period(schedule, _reports_by_start(licence.id), period_start, today)
    phase = plan.phases[period.phase_index]
    if phase.royalty_rate is None:  # validated plans never get here
        raise ServiceError(_l("Choose one of this licence's royalty periods."), field="period")
    royalty = net_sales.times(phase.royalty_rate)
    late = today > period.report_due
    report = RoyaltyReport(
        licence_id=licence.id, phase_index=period.phase_index, period_start=period.start,
        period_end=period.end, report_due=period.report_due, net_sales_fen=net_sales.fen,
        royalty_fen=royalty.fen, currency=net_sales.currency, filed_on=today, late=late, filed_by_id=user.id,
    )
    _insert_report(report)
    if royalty.fen > 0:
        _add_charge(licence, period, f"royalty:{period.start.isoformat()}", ChargeKind.ROYALTY, royalty,
                    today)
    record(Step(licence.id, "report_filed", period.start.isoformat(), today, royalty.fen,
                detail="late" if late else ""))
    if period.year_end and phase.annual_minimum is not None:
        minimum = year_minimum(phase.annual_minimum, schedule.phases[period.phase_index], period)
        short = minimum - _year_royalties(licence.id, schedule, period)
        if short.fen > 0:
            _add_charge(licence, period, f"true_up:{period.phase_index}:{period.year_index}",
                        ChargeKind.MINIMUM_TRUE_UP, short, today)
            record(Step(licence.id, "true_up", f"{period.phase_index}:{period.year_index}", today, short.fen))
    return report
