"""Royalty reports of a licence: both parties see the periods and the filed reports; the enterprise files."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from marketplace.accounts.access import role_required
from marketplace.accounts.models import Role
from marketplace.choices import select_choices
from marketplace.clock import today
from marketplace.core.money import Money
from marketplace.core.money_input import AmountProblem, InvalidAmount, parse_amount
from marketplace.declarations.describe import money_text
from marketplace.declarations.plan_forms import AMOUNT_MESSAGES
from marketplace.ledger.due_charges import BILLABLE
from marketplace.licensing.services import licence_for
from marketplace.pagination import paginate
from marketplace.royalties import services
from marketplace.royalties.forms import RoyaltyReportForm
from marketplace.service_errors import ServiceError, show_on_form

bp = Blueprint("royalties", __name__)


@bp.app_template_global("has_royalty_periods")
def has_royalty_periods(licence) -> bool:
    """Whether the licence has royalty periods (templates show the link to its reports then)."""
    return services.has_royalty_periods(licence)


def _with_choices(form: RoyaltyReportForm, periods: list[services.PeriodReport],
                  day: date) -> RoyaltyReportForm:
    """Offer the ended periods not filed yet."""
    form.period.choices = select_choices(
        (row.period.start.isoformat(), services.period_label(row.period))
        for row in periods if row.open_for_report(day))
    return form


def _page(licence, form: RoyaltyReportForm | None = None, status: int = 200):
    day = today()
    periods = services.royalty_periods(licence)
    can_file = current_user.role == Role.ENTERPRISE_USER and licence.status in BILLABLE
    form = _with_choices(form or RoyaltyReportForm(formdata=None), periods, day)
    unfiled = [row for row in periods if row.report is None]
    upcoming = next((index for index, row in enumerate(unfiled) if not row.period.end < day), None)
    to_report = unfiled if upcoming is None else unfiled[:upcoming + 1]
    return render_template(
        "royalties/reports.html", licence=licence, form=form, can_file=can_file, to_report=to_report,
        page=paginate(services.reports_of(licence.id)), today=day, money_of=Money.from_fen,
        label=services.period_label,
    ), status


@bp.get("/licences/<id:licence_id>/royalties")
@role_required(Role.ENTERPRISE_USER, Role.UNIVERSITY_STAFF)
def reports(licence_id: int):
    """The licence's royalty periods and filed reports; the enterprise's form to file one."""
    return _page(licence_for(current_user, licence_id))


def _period_start(form: RoyaltyReportForm) -> date | None:
    try:
        return date.fromisoformat(form.period.data or "")
    except ValueError:
        form.period.errors.append(_("Choose one of this licence's royalty periods."))
        return None


def _net_sales(form: RoyaltyReportForm) -> Money | None:
    try:
        return parse_amount(form.net_sales.data or "")
    except InvalidAmount as error:
        message = (services.NEGATIVE_SALES if error.problem is AmountProblem.NEGATIVE
                   else AMOUNT_MESSAGES[error.problem])
        form.net_sales.errors.append(str(message))
        return None


@bp.post("/licences/<id:licence_id>/royalties")
@role_required(Role.ENTERPRISE_USER)
def file(licence_id: int):
    """The enterprise files the net sales of an ended period (refusals: 422, nothing written)."""
    licence = licence_for(current_user, licence_id)
    form = RoyaltyReportForm()
    _with_choices(form, services.royalty_periods(licence), today())
    if form.validate_on_submit():
        period_start, net_sales = _period_start(form), _net_sales(form)
        if period_start is not None and net_sales is not None:
            try:
                report = services.file_report(licence, current_user, period_start, net_sales, today())
            except ServiceError as error:
                show_on_form(form, error)
            else:
                flash(_("Report for %(period)s filed: royalty %(amount)s.",
                        period=f"{report.period_start.isoformat()} – {report.period_end.isoformat()}",
                        amount=money_text(Money.from_fen(report.royalty_fen, report.currency))), "success")
                return redirect(url_for("royalties.reports", licence_id=licence.id))
    return _page(licence, form, status=422)
