"""The IP centre's annual-fee pages: a patent's fee years with the form to record a fee paid (the amount
for the payment day shown before it is recorded), and the university's fees due soon or late."""

from __future__ import annotations

from datetime import timedelta

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select

from marketplace.accounts.access import role_required
from marketplace.accounts.models import Role
from marketplace.annual_fees import register
from marketplace.annual_fees.forms import FeePaymentForm
from marketplace.catalogue.models import Patent
from marketplace.catalogue.services import patent_for_staff
from marketplace.clock import today
from marketplace.core.annual_fees import FeeStatus
from marketplace.core.money import Money
from marketplace.core.patent_fields import LegalStatus
from marketplace.declarations.describe import money_text
from marketplace.extensions import db
from marketplace.licensing.labels import STATUS_LABELS as LICENCE_STATUS_LABELS
from marketplace.licensing.models import LIVE_STATUSES, Licence
from marketplace.pagination import paginate, paginate_list
from marketplace.service_errors import ServiceError, show_on_form

bp = Blueprint("annual_fees", __name__, url_prefix="/ip")
staff_required = role_required(Role.UNIVERSITY_STAFF)
DUE_WITHIN_DAYS = 90

FEE_STATUS_LABELS = {
    FeeStatus.PAID: _l("Paid"),
    FeeStatus.DUE: _l("Due"),
    FeeStatus.LATE: _l("Late (surcharge)"),
    FeeStatus.LAPSED: _l("Lapsed"),
}


def _affected_licences(patent: Patent):
    """The live licences granted on the patent: affected once it lapsed."""
    return paginate(select(Licence).where(Licence.patent_id == patent.id, Licence.status.in_(LIVE_STATUSES))
                    .order_by(Licence.id), param="licences")


def _page(patent: Patent, form: FeePaymentForm | None = None, quote=None, status: int = 200):
    day = today()
    years = register.fee_years_of(patent, day)
    payable = [year for year in years if year.status in (FeeStatus.DUE, FeeStatus.LATE) and not year.settled]
    if form is None:
        form = FeePaymentForm(formdata=None, data={"year": payable[0].fee.year if payable else None,
                                                   "paid_on": day})
    lapse = next((year for year in years if year.status == FeeStatus.LAPSED), None)
    return render_template(
        "annual_fees/patent.html", patent=patent, years=paginate_list(years), form=form, quote=quote,
        # a refused form is shown with its errors even when no fee is payable any more
        payable=(bool(payable) and patent.legal_status == LegalStatus.GRANTED) or status == 422, lapse=lapse,
        lapsed=patent.legal_status == LegalStatus.LAPSED, licences=_affected_licences(patent),
        labels=FEE_STATUS_LABELS, licence_labels=LICENCE_STATUS_LABELS, money_text=money_text,
        fen_text=lambda fen: money_text(Money.from_fen(fen)), today=day,
    ), status


@bp.route("/patents/<id:patent_id>/annual-fees")
@staff_required
def patent_fees(patent_id: int):
    """A patent's annual fees: each tracked year, its status, and the form to record one paid."""
    return _page(patent_for_staff(patent_id, current_user))


@bp.route("/patents/<id:patent_id>/annual-fees/pay", methods=["POST"])
@staff_required
def record(patent_id: int):
    """Show what a year's fee paid on a day costs (preview), or record it paid with that amount."""
    patent = patent_for_staff(patent_id, current_user)  # taken for change: one payment per year at a time
    form = FeePaymentForm()
    if not form.validate_on_submit():
        return _page(patent, form=form, status=422)
    try:
        if not form.record.data:
            fee_year, amounts = register.quote(patent, form.year.data, form.paid_on.data, today())
            return _page(patent, form=form, quote=(fee_year, amounts))
        payment = register.record_payment(patent, form.year.data, form.paid_on.data, current_user, today())
    except ServiceError as error:
        show_on_form(form, error)
        return _page(patent, form=form, status=422)
    flash(_("The fee of year %(year)d is recorded as paid on %(day)s: %(fee)s, surcharge %(surcharge)s.",
            year=payment.year, day=payment.paid_on.isoformat(),
            fee=money_text(Money.from_fen(payment.fee_fen)),
            surcharge=money_text(Money.from_fen(payment.surcharge_fen))), "success")
    return redirect(url_for("annual_fees.patent_fees", patent_id=patent.id))


@bp.route("/annual-fees")
@staff_required
def due_list():
    """The university's annual fees due in the next 90 days or late, soonest first."""
    day = today()
    horizon = day + timedelta(days=DUE_WITHIN_DAYS)
    patents = list(db.session.scalars(select(Patent).where(
        Patent.university_id == current_user.university_id, Patent.archived.is_(False),
        Patent.legal_status == LegalStatus.GRANTED, Patent.grant_date.is_not(None), Patent.expiry_date >= day)
        .order_by(Patent.id)))
    payments = register.university_payments(current_user.university_id)
    periods = register.university_periods(current_user.university_id)
    rows = []
    for patent in patents:
        fees = register.fee_years_of(patent, day, payments.get(patent.id, {}), periods.get(patent.id, []))
        for year in fees:
            if not year.settled and (year.status == FeeStatus.LATE
                                     or (year.status == FeeStatus.DUE and year.fee.due <= horizon)):
                rows.append((patent, year))
    rows.sort(key=lambda row: (row[1].fee.due, row[0].id))
    return render_template("annual_fees/due_list.html", rows=paginate_list(rows), labels=FEE_STATUS_LABELS,
                           money_text=money_text, days=DUE_WITHIN_DAYS, today=day)
