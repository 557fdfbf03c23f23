"""The dispute pages of a licence, for both its parties: the list of its disputes with the form that opens
one; a dispute's facts and history with the forms that take it further and record its outcome; and its
mediation request (PDF)."""

from __future__ import annotations

from flask import Blueprint, Response, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from marketplace.accounts.access import role_required
from marketplace.accounts.models import Role
from marketplace.choices import select_choices
from marketplace.clock import now, today
from marketplace.core.disputes import (
    DisputeOutcome,
    DisputeStage,
    DisputeStatus,
    DisputeSubject,
    Resolution,
    next_stages,
    outcomes_at,
)
from marketplace.core.money import Money, format_cny
from marketplace.disputes import labels, services
from marketplace.disputes.forms import EscalateForm, OpenDisputeForm, ResolveForm
from marketplace.disputes.mediation_request import mediation_request
from marketplace.disputes.models import Dispute
from marketplace.extensions import db
from marketplace.licensing.labels import CHARGE_LABELS
from marketplace.licensing.models import Licence
from marketplace.licensing.money_labels import history_detail, history_label
from marketplace.licensing.services import licence_for
from marketplace.pagination import paginate
from marketplace.service_errors import ServiceError, show_on_form

bp = Blueprint("disputes", __name__)
parties_required = role_required(Role.ENTERPRISE_USER, Role.UNIVERSITY_STAFF)


@bp.app_template_global("open_dispute_count")
def open_dispute_count(licence: Licence) -> int:
    """How many disputes of the licence are open (the licence page shows it beside its link)."""
    return services.open_dispute_count(licence.id)


def _charge_text(charge) -> str:
    """A charge as a choice: its due date, kind and what is open on it."""
    what = CHARGE_LABELS.get(charge.kind, charge.kind)
    return _("%(day)s · %(what)s · %(open)s open", day=charge.due_date.isoformat(), what=what,
             open=format_cny(Money.from_fen(charge.open_fen, charge.currency)))


def _with_charges(form: OpenDisputeForm, licence: Licence) -> OpenDisputeForm:
    form.charges.choices = select_choices((charge.id, _charge_text(charge))
                                          for charge in services.disputable_charges(licence))
    return form


def _list_page(licence: Licence, form: OpenDisputeForm | None = None, status: int = 200):
    form = _with_charges(form or OpenDisputeForm(formdata=None), licence)
    return render_template("disputes/list.html", licence=licence, form=form,
                           page=paginate(services.disputes_of(licence.id)), labels=labels), status


@bp.get("/licences/<id:licence_id>/disputes")
@parties_required
def licence_disputes(licence_id: int):
    """The licence's disputes (open ones first) and the form that opens one."""
    return _list_page(licence_for(current_user, licence_id))


@bp.post("/licences/<id:licence_id>/disputes")
@parties_required
def open_dispute(licence_id: int):
    """A party opens a dispute (refusals: 422 beside the field, nothing written)."""
    licence = licence_for(current_user, licence_id)
    form = _with_charges(OpenDisputeForm(), licence)
    if form.validate_on_submit():
        try:
            dispute = services.open_dispute(licence, current_user, DisputeSubject(form.subject.data),
                                            form.description.data or "", form.charges.data or [], today())
        except ServiceError as error:
            db.session.rollback()
            show_on_form(form, error)
        else:
            flash(_("Dispute opened; the other party is told. Negotiate first: the law then offers CNIPA "
                    "mediation or the court."), "success")
            return redirect(url_for("disputes.dispute_page", dispute_id=dispute.id))
    return _list_page(licence_for(current_user, licence_id), form, status=422)


def _dispute_for(dispute_id: int) -> Dispute:
    """A dispute on a licence of the user's side (404 otherwise)."""
    found = db.session.get(Dispute, dispute_id)
    if found is None:
        abort(404)
    licence_for(current_user, found.licence_id)
    return found


def _dispute_page(dispute: Dispute, escalate_form: EscalateForm | None = None,
                  resolve_form: ResolveForm | None = None, status: int = 200):
    escalate_form = escalate_form or EscalateForm(formdata=None)
    escalate_form.to.choices = select_choices((stage.value, labels.STAGE_LABELS[stage])
                                              for stage in next_stages(dispute.stage))
    resolve_form = resolve_form or ResolveForm(formdata=None)
    resolve_form.outcome.choices = select_choices((outcome.value, labels.OUTCOME_LABELS[outcome])
                                                  for outcome in outcomes_at(dispute.stage))
    history = [(step, history_label(step.kind), history_detail(step.kind, step.detail))
               for step in services.history_of_dispute(dispute)]
    charges = [(link.charge, CHARGE_LABELS.get(link.charge.kind, link.charge.kind),
                Money.from_fen(link.charge.open_fen, link.charge.currency)) for link in dispute.charges]
    return render_template(
        "disputes/page.html", dispute=dispute, charges=charges, licence=dispute.licence, labels=labels,
        history=history,
        escalate_form=escalate_form, resolve_form=resolve_form, is_open=dispute.status == DisputeStatus.OPEN,
        university=current_user.role == Role.UNIVERSITY_STAFF,
    ), status


@bp.get("/disputes/<id:dispute_id>")
@parties_required
def dispute_page(dispute_id: int):
    """A dispute's facts, charges and history, with its forms while it is open."""
    return _dispute_page(_dispute_for(dispute_id))


@bp.post("/disputes/<id:dispute_id>/escalate")
@parties_required
def escalate(dispute_id: int):
    """Either party takes the dispute to CNIPA mediation or to court (an illegal move: 422)."""
    dispute = _dispute_for(dispute_id)
    form = EscalateForm()
    form.to.choices = select_choices((stage.value, labels.STAGE_LABELS[stage]) for stage in DisputeStage)
    if form.validate_on_submit():
        try:
            to = DisputeStage(form.to.data)
        except ValueError:
            form.to.errors.append(_("Choose CNIPA mediation or the court."))
        else:
            try:
                moved = services.escalate_dispute(dispute, current_user, to, form.note.data or "", today())
            except ServiceError as error:
                db.session.rollback()
                show_on_form(form, error)
            else:
                flash(_("The dispute is now at: %(stage)s.", stage=labels.STAGE_LABELS[moved.stage]),
                      "success")
                return redirect(url_for("disputes.dispute_page", dispute_id=dispute_id))
    return _dispute_page(_dispute_for(dispute_id), escalate_form=form, status=422)


@bp.post("/disputes/<id:dispute_id>/resolve")
@parties_required
def resolve(dispute_id: int):
    """Either party records the outcome; the university may waive the disputed charges with it. Of two
    outcomes recorded at once, one is kept and the other refused (422)."""
    dispute = _dispute_for(dispute_id)
    form = ResolveForm()
    form.outcome.choices = select_choices((outcome.value, labels.OUTCOME_LABELS[outcome])
                                          for outcome in DisputeOutcome)
    if form.validate_on_submit():
        resolution = Resolution(DisputeOutcome(form.outcome.data), form.reference.data or "",
                                bool(form.waive.data))
        try:
            services.resolve_dispute(dispute, current_user, resolution, form.note.data or "", today(), now())
        except ServiceError as error:
            db.session.rollback()  # a waiver posted before the refusal is not kept
            show_on_form(form, error)
        else:
            flash(_("Outcome recorded; the other party is told."), "success")
            return redirect(url_for("disputes.dispute_page", dispute_id=dispute_id))
    return _dispute_page(_dispute_for(dispute_id), resolve_form=form, status=422)


@bp.get("/disputes/<id:dispute_id>/mediation-request.pdf")
@parties_required
def mediation_request_pdf(dispute_id: int):
    """The request for CNIPA mediation with the licence's facts, in Chinese (to prepare one at any stage)."""
    dispute = _dispute_for(dispute_id)
    pdf = mediation_request(dispute, current_user)
    filename = f"mediation-request-{dispute.licence.number}-{dispute.id}.pdf"
    return Response(pdf, mimetype="application/pdf",
                    headers={"Content-Disposition": f"attachment; filename={filename}"})
