"""The money routes of a licence (on the licensing blueprint): the enterprise notifies a bank transfer
or stops a staged licence at a stage boundary; the university confirms or rejects notices, waives what
is left of a charge, reverses a payment recorded by mistake and ends a licence early.

Every refusal re-renders the page it came from with the error beside the field and status 422, and the
request's transaction is rolled back, so nothing is half-written.
"""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from marketplace.clock import now, today
from marketplace.core.money_input import InvalidAmount, parse_amount
from marketplace.declarations.describe import money_text
from marketplace.declarations.plan_forms import AMOUNT_MESSAGES
from marketplace.edge.forms import flash_errors
from marketplace.extensions import db
from marketplace.ledger import notices, payments
from marketplace.ledger.models import LedgerTransaction, NoticeStatus, PaymentNotice
from marketplace.licensing import money_labels, services
from marketplace.licensing.forms import DecisionForm, ReasonForm, StopAtStageForm, TransferNoticeForm
from marketplace.licensing.models import Licence, LicenceCharge
from marketplace.licensing.money_page import notice_amount
from marketplace.licensing.views import bp, detail_page, enterprise_required, staff_required
from marketplace.pagination import paginate
from marketplace.service_errors import ServiceError, show_on_form

BACK_TO_LIST = "list"


def _licence_url(licence_id: int, anchor: str = "") -> str:
    return url_for("licensing.detail", licence_id=licence_id) + (f"#{anchor}" if anchor else "")


@bp.route("/licences/<id:licence_id>/transfer-notices", methods=["POST"])
@enterprise_required
def notify_transfer(licence_id: int):
    """The enterprise says it sent a bank transfer (amount, reference, day) for the university to confirm."""
    licence = services.licence_for(current_user, licence_id)
    form = TransferNoticeForm()
    if form.validate_on_submit():
        try:
            amount = parse_amount(form.amount.data)
        except InvalidAmount as error:
            form.amount.errors.append(str(AMOUNT_MESSAGES[error.problem]))
        else:
            try:
                notices.notify_transfer(licence, current_user, amount, form.reference.data, form.paid_on.data,
                                        today())
            except ServiceError as error:
                show_on_form(form, error)
            else:
                flash(_("Thank you. The university will confirm once the transfer has arrived."), "success")
                return redirect(_licence_url(licence.id, "notices"))
    return detail_page(licence, transfer_form=form, status=422)


def _notice_of_own_university(notice_id: int) -> PaymentNotice:
    """A notice of a licence of the staff member's university (404 otherwise)."""
    notice = db.session.get(PaymentNotice, notice_id)
    if notice is None:
        abort(404)
    services.licence_for(current_user, notice.licence_id)
    return notice


def _after_decision(form: DecisionForm, licence_id: int):
    if form.back.data == BACK_TO_LIST:
        return redirect(url_for("licensing.pending_notices"))
    return redirect(_licence_url(licence_id, "notices"))


def _refused_decision(form: DecisionForm, licence_id: int, failed=None):
    if form.back.data == BACK_TO_LIST:
        return pending_page(status=422, failed=failed)
    return detail_page(services.licence_for(current_user, licence_id), status=422, failed=failed)


def _already_decided(notice: PaymentNotice) -> str:
    if notice.status == NoticeStatus.CONFIRMED:
        return _("This transfer was already confirmed; it is recorded once.")
    return _("This notice was already rejected.")


@bp.route("/payment-notices/<id:notice_id>/confirm", methods=["POST"])
@staff_required
def confirm_notice(notice_id: int):
    """The university confirms the transfer arrived: the payment is recorded, once however often this is
    posted (a second confirmation only says it was already confirmed)."""
    notice = _notice_of_own_university(notice_id)
    licence_id = notice.licence_id
    form = DecisionForm()
    if not form.validate_on_submit():
        flash_errors(form)
        return _refused_decision(form, licence_id)
    try:
        posted = notices.confirm_notice(notice, current_user, today(), now())
    except ServiceError as error:
        db.session.rollback()  # the notice stays pending: nothing of the confirmation is kept
        flash(str(error.message), "danger")
        return _refused_decision(form, licence_id)
    if posted:
        flash(_("Transfer confirmed and the payment recorded."), "success")
    else:
        flash(_already_decided(notice), "info")
    return _after_decision(form, licence_id)


@bp.route("/payment-notices/<id:notice_id>/reject", methods=["POST"])
@staff_required
def reject_notice(notice_id: int):
    """The university says the transfer did not arrive, with a reason the enterprise sees."""
    notice = _notice_of_own_university(notice_id)
    form = ReasonForm()
    if form.validate_on_submit():
        try:
            rejected = notices.reject_notice(notice, current_user, form.reason.data, now())
        except ServiceError as error:
            show_on_form(form, error)
        else:
            if rejected:
                flash(_("Notice rejected; the enterprise sees your reason."), "success")
            else:
                flash(_already_decided(notice), "info")
            return _after_decision(form, notice.licence_id)
    return _refused_decision(form, notice.licence_id, failed=("reject", notice.id, form))


def pending_page(status: int = 200, failed=None):
    """The university's notices still to decide, oldest first, one page at a time."""
    page = paginate(notices.pending_for_university(current_user.university_id))
    ids = {notice.licence_id for notice in page.items}
    licences = {licence.id: licence for licence in db.session.scalars(
        select(Licence).options(selectinload(Licence.enterprise)).where(Licence.id.in_(ids)))} if ids else {}
    return render_template(
        "licensing/notices.html", page=page, licences=licences, labels=money_labels,
        blank_reason_form=ReasonForm(formdata=None), failed=failed, notice_amount=notice_amount,
    ), status


@bp.route("/ip/payment-notices")
@staff_required
def pending_notices():
    """Every notice of a transfer the university has still to confirm or reject."""
    return pending_page()


@bp.route("/licences/<id:licence_id>/charges/<id:charge_id>/waive", methods=["POST"])
@staff_required
def waive_charge(licence_id: int, charge_id: int):
    """The university forgoes what is left of a charge that has fallen due, with a reason."""
    licence = services.licence_for(current_user, licence_id)
    charge = db.session.get(LicenceCharge, charge_id)
    if charge is None or charge.licence_id != licence.id:
        abort(404)
    form = ReasonForm()
    if form.validate_on_submit():
        try:
            amount = payments.waive_charge(licence, charge, form.reason.data, today())
        except ServiceError as error:
            show_on_form(form, error)
        else:
            flash(_("%(amount)s waived.", amount=money_text(amount)), "success")
            return redirect(_licence_url(licence.id, "charges"))
    return detail_page(licence, status=422, failed=("waive", charge.id, form))


@bp.route("/licences/<id:licence_id>/payments/<id:transaction_id>/reverse", methods=["POST"])
@staff_required
def reverse_payment(licence_id: int, transaction_id: int):
    """The university reverses a payment recorded by mistake (the original stays in the ledger)."""
    licence = services.licence_for(current_user, licence_id)
    row = db.session.get(LedgerTransaction, transaction_id)
    if row is None or row.licence_id != licence.id:
        abort(404)
    form = ReasonForm()
    if form.validate_on_submit():
        try:
            amount = payments.reverse_payment(licence, row.id, form.reason.data, today())
        except ServiceError as error:
            show_on_form(form, error)
        else:
            flash(_("Payment of %(amount)s reversed; the charges it paid are open again.",
                    amount=money_text(amount)), "success")
            return redirect(_licence_url(licence.id, "ledger"))
    return detail_page(licence, status=422, failed=("reverse", row.id, form))


@bp.route("/licences/<id:licence_id>/stop", methods=["POST"])
@enterprise_required
def stop_at_stage(licence_id: int):
    """The enterprise stops a staged licence at the end of the current stage: nothing further falls due."""
    licence = services.licence_for(current_user, licence_id)
    form = StopAtStageForm()
    if form.validate_on_submit():
        try:
            last_day = services.stop_at_stage(licence, current_user, today())
        except ServiceError as error:
            show_on_form(form, error)
        else:
            flash(_("The licence ends on %(day)s, at the end of the current stage; nothing further will "
                    "fall due.", day=last_day.isoformat()), "success")
            return redirect(_licence_url(licence.id))
    return detail_page(licence, stop_form=form, status=422)


@bp.route("/licences/<id:licence_id>/terminate", methods=["POST"])
@staff_required
def terminate(licence_id: int):
    """The university ends a licence early, with a reason the enterprise sees in the history."""
    licence = services.licence_for(current_user, licence_id)
    form = ReasonForm()
    if form.validate_on_submit():
        try:
            services.terminate(licence, current_user, form.reason.data, today())
        except ServiceError as error:
            show_on_form(form, error)
        else:
            flash(_("Licence terminated: nothing further falls due; what is already due stays owed."),
                  "success")
            return redirect(_licence_url(licence.id))
    return detail_page(licence, status=422, failed=("terminate", licence.id, form))
