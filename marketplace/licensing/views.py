"""Taking a licence (enterprises), my licences (enterprises), licences of our patents (IP centres)."""

from __future__ import annotations

from datetime import timedelta

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from marketplace.accounts.access import role_required
from marketplace.accounts.models import Role
from marketplace.catalogue.labels import PLAN_KIND_LABELS
from marketplace.catalogue.models import Patent
from marketplace.clock import now, today
from marketplace.core.licence_state import LicenceStatus
from marketplace.core.money_input import InvalidAmount, parse_amount
from marketplace.declarations.describe import describe_plan
from marketplace.declarations.plan_forms import AMOUNT_MESSAGES
from marketplace.edge.forms import ActionForm, flash_errors
from marketplace.edge.query import query_int
from marketplace.extensions import db
from marketplace.forms_rendering import render_form
from marketplace.ledger import payments
from marketplace.ledger.models import LedgerTransaction
from marketplace.ledger.notices import notices_of
from marketplace.licensing import filing, money_labels, services
from marketplace.licensing.contract import worded_contract
from marketplace.licensing.export import ledger_csv, licences_csv, licences_xlsx
from marketplace.licensing.forms import (
    FilingCorrectionForm,
    FilingForm,
    PaymentForm,
    ReasonForm,
    StopAtStageForm,
    TakeLicenceForm,
    TransferNoticeForm,
    TrialDecisionForm,
)
from marketplace.licensing.history import history_of
from marketplace.licensing.labels import CHARGE_LABELS, STATUS_LABELS
from marketplace.licensing.models import Licence
from marketplace.licensing.money_columns import MoneyColumns, money_columns
from marketplace.licensing.money_page import (
    fen_money,
    licence_money,
    list_summaries,
    notice_amount,
)
from marketplace.pagination import paginate
from marketplace.service_errors import ServiceError, show_on_form
from marketplace.zones.attribution import source_zone_for

bp = Blueprint("licensing", __name__)
enterprise_required = role_required(Role.ENTERPRISE_USER)
staff_required = role_required(Role.UNIVERSITY_STAFF)
CORRECTION = "correction"  # the correction form's field prefix: its fields differ from the filing form's


@bp.route("/patents/<id:patent_id>/licence", methods=["GET", "POST"])
@enterprise_required
def take(patent_id: int):
    """Review the terms and the schedule for a start date, accept, and get the licence at once."""
    patent = db.session.get(Patent, patent_id)
    if patent is None or patent.archived:
        abort(404)
    try:
        offer = services.offer_for(patent, today())
    except ServiceError as error:
        flash(str(error.message), "warning")
        return redirect(url_for("catalogue.detail", patent_id=patent.id))
    form = TakeLicenceForm(data={"start": today(), "declaration_id": offer.declaration.id,
                                 "source_zone": query_int("zone")})
    schedule = None
    if form.is_submitted():
        if form.validate_on_submit():
            try:
                schedule = services.schedule_for(offer, patent, form.start.data, today())
                if form.take.data:
                    source_zone_id = source_zone_for(current_user.enterprise_id, patent.id, today(),
                                                     form.source_zone.data)
                    licence = services.take_licence(
                        current_user, patent, form.declaration_id.data, form.start.data,
                        today(), now(), source_zone_id=source_zone_id)
                    flash(_("Licence %(number)s taken. Record it with CNIPA by %(day)s.",
                            number=licence.number, day=licence.filing_deadline.isoformat()), "success")
                    return redirect(url_for("licensing.detail", licence_id=licence.id))
            except ServiceError as error:
                show_on_form(form, error)
    else:
        on_day = today()
        schedule = (services.schedule_for(offer, patent, on_day, on_day) if on_day <= patent.expiry_date
                    else None)
    return render_form("licensing/take.html", form, patent=patent, offer=offer,
                       plan_lines=describe_plan(offer.plan), schedule=schedule, charge_labels=CHARGE_LABELS)


def _overdue_today():
    """Whether a licence's 备案 is overdue today (for the lists' badge)."""
    on_day = today()
    return lambda licence: filing.filing_overdue(licence, on_day)


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _download(stmt, fmt: str) -> Response:
    """The whole list `stmt` selects, with its money columns, as CSV or XLSX."""
    licences = db.session.scalars(stmt).all()
    money = money_columns(stmt.with_only_columns(Licence.id).order_by(None), today())
    if fmt == "xlsx":
        body, mimetype = licences_xlsx(licences, STATUS_LABELS, money), XLSX
    else:
        body, mimetype = licences_csv(licences, STATUS_LABELS, money), "text/csv"
    return Response(body, mimetype=mimetype,
                    headers={"Content-Disposition": f"attachment; filename=licences.{fmt}"})


def _list_page(stmt, endpoint: str, title: str, **context):
    """A page of licences with their next charge, trial days left and money columns."""
    page = paginate(stmt)
    return render_template("licensing/list.html", page=page, status_labels=STATUS_LABELS, endpoint=endpoint,
                           title=title, filing_overdue=_overdue_today(),
                           summaries=list_summaries(page.items, today()),
                           money=money_columns([licence.id for licence in page.items], today()),
                           no_money=MoneyColumns(), **context)


@bp.route("/my/licences")
@enterprise_required
def mine():
    """The enterprise's licences, with the next charge, the days left of a trial and the money columns;
    `?format=csv` or `xlsx` downloads them."""
    stmt = services.enterprise_licences(current_user.enterprise_id)
    if request.args.get("format") in ("csv", "xlsx"):
        return _download(stmt, request.args["format"])
    return _list_page(stmt, "licensing.mine", _("My licences"))


@bp.route("/ip/licences")
@staff_required
def ours():
    """Licences of the university's patents, filtered; `?format=csv` or `xlsx` downloads the filtered
    list."""
    try:
        status = LicenceStatus(request.args.get("status", "")) if request.args.get("status") else None
    except ValueError:
        status = None
    plan_kind = request.args.get("plan_kind", "")
    plan_kind = plan_kind if plan_kind in PLAN_KIND_LABELS else ""
    ending = today() + timedelta(days=7) if request.args.get("trial_ending") == "1" else None
    stmt = services.university_licences(current_user.university_id, status, plan_kind, ending)
    if request.args.get("format") in ("csv", "xlsx"):
        return _download(stmt, request.args["format"])
    return _list_page(stmt, "licensing.ours", _("Licences of our patents"),
                      filters={"status": status, "plan_kind": plan_kind, "trial_ending": bool(ending)},
                      plan_kind_labels=PLAN_KIND_LABELS)


@bp.route("/licences/<id:licence_id>/ledger.csv")
@role_required(Role.ENTERPRISE_USER, Role.UNIVERSITY_STAFF)
def ledger_export(licence_id: int):
    """The licence's ledger, every leg, as CSV (the same for both parties)."""
    licence = services.licence_for(current_user, licence_id)
    rows = db.session.scalars(
        select(LedgerTransaction).options(selectinload(LedgerTransaction.legs))
        .where(LedgerTransaction.licence_id == licence.id).order_by(LedgerTransaction.id))
    return Response(ledger_csv(rows, licence.charges), mimetype="text/csv", headers={
        "Content-Disposition": f"attachment; filename={licence.number}-ledger.csv"})


def detail_page(licence, status: int = 200, **forms):
    """The licence page with its charges, ledger, notices and history. `forms` replace the blank forms
    (to show a refused one with its errors); `failed=(what, id, form)` names a refused reason form of one
    notice, charge or payment (``reject``, ``waive``, ``reverse``)."""
    money = licence_money(licence)
    current = filing.current_filing(licence.id)
    context = {
        "correction_form": FilingCorrectionForm(formdata=None, prefix=CORRECTION, data={
            "corrects": current.id, "filed_on": current.filed_on, "filing_number": current.filing_number,
        } if current else {}),
        "payment_form": PaymentForm(formdata=None, data={"received_on": today()}),
        "filing_form": FilingForm(formdata=None, data={"filed_on": today()}),
        "transfer_form": TransferNoticeForm(formdata=None, data={"paid_on": today()}),
        "stop_form": StopAtStageForm(formdata=None),
        "blank_reason_form": ReasonForm(formdata=None),
        "failed": None,
        **forms,
    }
    return render_template(
        "licensing/detail.html", licence=licence, status_labels=STATUS_LABELS, charge_labels=CHARGE_LABELS,
        owed=money.owed, money=money, action_form=ActionForm(), labels=money_labels,
        notices=paginate(notices_of(licence.id)), history=history_of(licence.id),
        may_stop=services.may_stop_at_stage(licence, today()), fen_money=fen_money,
        notice_amount=notice_amount, filings=filing.filings_of(licence.id), current_filing=current,
        filing_overdue=filing.filing_overdue(licence, today()),
        **context,
    ), status


@bp.route("/licences/<id:licence_id>/filing", methods=["POST"])
@role_required(Role.ENTERPRISE_USER, Role.UNIVERSITY_STAFF)
def record_filing(licence_id: int):
    """Record the 备案 filing with CNIPA (licensee or patentee)."""
    licence = services.licence_for(current_user, licence_id)
    form = FilingForm()
    if form.validate_on_submit():
        try:
            filing.record_filing(licence, current_user, form.filed_on.data, form.filing_number.data, today(),
                                 now())
        except ServiceError as error:
            show_on_form(form, error)
        else:
            flash(_("Filing recorded."), "success")
            return redirect(url_for("licensing.detail", licence_id=licence.id))
    return detail_page(licence, filing_form=form, status=422)


def _entry_id(text: str | None) -> int:
    """The id of the entry a correction names (0, which is no entry, for anything but a few digits)."""
    text = text or ""
    return int(text) if text.isascii() and text.isdigit() and len(text) <= 9 else 0


@bp.route("/licences/<id:licence_id>/filing/corrections", methods=["POST"])
@role_required(Role.ENTERPRISE_USER, Role.UNIVERSITY_STAFF)
def correct_filing(licence_id: int):
    """Correct the 备案 filing by a correcting entry with a reason (licensee or patentee)."""
    licence = services.licence_for(current_user, licence_id)
    form = FilingCorrectionForm(prefix=CORRECTION)
    if form.validate_on_submit():
        try:
            filing.correct_filing(licence, current_user, _entry_id(form.corrects.data), form.filed_on.data,
                                  form.filing_number.data, form.reason.data, today())
        except ServiceError as error:
            show_on_form(form, error)
        else:
            flash(_("Filing corrected; the earlier entry stays in the record."), "success")
            return redirect(url_for("licensing.detail", licence_id=licence.id))
    return detail_page(licence, correction_form=form, status=422)


@bp.route("/licences/<id:licence_id>")
@role_required(Role.ENTERPRISE_USER, Role.UNIVERSITY_STAFF)
def detail(licence_id: int):
    """One licence: terms version, dates, filing deadline, charges, what is owed."""
    return detail_page(services.licence_for(current_user, licence_id))


@bp.route("/licences/<id:licence_id>/contract.pdf")
@role_required(Role.ENTERPRISE_USER, Role.UNIVERSITY_STAFF)
def contract(licence_id: int):
    """The licence contract as a PDF (for the parties' records and the 备案 filing)."""
    licence = services.licence_for(current_user, licence_id)
    return Response(worded_contract(licence), mimetype="application/pdf", headers={
        "Content-Disposition": f"attachment; filename={licence.number}.pdf"})


def _decline_page(licence, form: TrialDecisionForm):
    """The page that says what declining the trial means and asks to confirm it."""
    return render_form("licensing/decline_trial.html", form, licence=licence)


@bp.route("/licences/<id:licence_id>/trial/decline")
@enterprise_required
def confirm_decline(licence_id: int):
    """Before a trial is declined: what it means (the licence ends, nothing is owed, no way back), and the
    form that declines it once the enterprise confirms."""
    licence = services.licence_for(current_user, licence_id)
    if licence.status != LicenceStatus.TRIAL:
        flash(_("Only a licence on trial can be converted or declined."), "info")
        return redirect(url_for("licensing.detail", licence_id=licence.id))
    return _decline_page(licence, TrialDecisionForm(formdata=None, data={"decision": "decline"}))


@bp.route("/licences/<id:licence_id>/trial", methods=["POST"])
@enterprise_required
def decide_trial(licence_id: int):
    """Convert a trial early, or decline it (only with the confirmation box ticked)."""
    licence = services.licence_for(current_user, licence_id)
    form = TrialDecisionForm()
    if not form.validate_on_submit():
        if form.decision.data == "decline" and licence.status == LicenceStatus.TRIAL:
            return _decline_page(licence, form)
        flash_errors(form)
        return detail_page(licence, status=422)
    convert = form.decision.data == "convert"
    try:
        services.decide_trial(licence, current_user, convert, today(), now())
    except ServiceError as error:
        flash(str(error.message), "danger")
        return detail_page(licence, status=422)
    flash(_("Converted: the licence is now paid as scheduled.") if convert
          else _("Trial declined: the licence ends and nothing is owed."), "success")
    return redirect(url_for("licensing.detail", licence_id=licence.id))


@bp.route("/licences/<id:licence_id>/payments", methods=["POST"])
@staff_required
def record_payment(licence_id: int):
    """The university records a bank transfer it received (once per reference)."""
    licence = services.licence_for(current_user, licence_id)
    form = PaymentForm()
    if form.validate_on_submit():
        try:
            amount = parse_amount(form.amount.data)
        except InvalidAmount as error:
            form.amount.errors.append(str(AMOUNT_MESSAGES[error.problem]))
        else:
            try:
                posted = payments.record_payment(licence, amount, form.reference.data, form.received_on.data,
                                                  today(), now())
            except ServiceError as error:
                show_on_form(form, error)
            else:
                flash(_("Payment recorded.") if posted else _("This transfer was already recorded."),
                      "success" if posted else "info")
                return redirect(url_for("licensing.detail", licence_id=licence.id))
    return detail_page(licence, payment_form=form, status=422)


from marketplace.licensing import conversion_views  # noqa: E402,F401 - the conversion routes attach to bp
