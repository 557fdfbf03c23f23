"""The milestones page of a licence: both parties see its milestones, their long-stop dates and reports;
the enterprise reports one; the university confirms or rejects a report."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from marketplace.accounts.access import role_required
from marketplace.accounts.models import Role
from marketplace.choices import select_choices
from marketplace.clock import now, today
from marketplace.core.milestones import MilestoneStatus
from marketplace.edge.forms import MarketplaceForm, flash_errors
from marketplace.extensions import db
from marketplace.licensing.models import Licence
from marketplace.licensing.services import licence_for
from marketplace.milestones import services
from marketplace.milestones.forms import MilestoneRejectForm, MilestoneReportForm
from marketplace.milestones.models import MilestoneReport
from marketplace.pagination import paginate
from marketplace.service_errors import ServiceError, show_on_form

bp = Blueprint("milestones", __name__)

STATUS_LABELS = {
    MilestoneStatus.REPORTED: _l("Reported: waiting for the university"),
    MilestoneStatus.CONFIRMED: _l("Confirmed"),
    MilestoneStatus.REJECTED: _l("Rejected"),
}


@bp.app_template_global("has_milestones")
def has_milestones(licence: Licence) -> bool:
    """Whether the licence's plan names a milestone (templates link to its milestones page then)."""
    return services.has_milestones(licence)


def _with_choices(form: MilestoneReportForm, rows: list[services.MilestoneRow],
                  licence: Licence) -> MilestoneReportForm:
    """Offer the milestones open for report."""
    form.phase_index.choices = select_choices(
        (str(row.phase_index), row.name) for row in rows if row.open_for_report(licence))
    return form


def _page(licence: Licence, form: MilestoneReportForm | None = None,
          reject_form: MilestoneRejectForm | None = None, rejecting: int | None = None, status: int = 200):
    rows = services.licence_milestones(licence)
    form = _with_choices(form or MilestoneReportForm(formdata=None), rows, licence)
    can_report = current_user.role == Role.ENTERPRISE_USER and bool(form.phase_index.choices)
    return render_template(
        "milestones/page.html", licence=licence, rows=rows, form=form, can_report=can_report,
        reject_form=reject_form or MilestoneRejectForm(formdata=None), rejecting=rejecting,
        decide_form=MarketplaceForm(formdata=None), page=paginate(services.reports_of(licence.id)),
        status_labels=STATUS_LABELS, today=today(),
    ), status


@bp.get("/licences/<id:licence_id>/milestones")
@role_required(Role.ENTERPRISE_USER, Role.UNIVERSITY_STAFF)
def page(licence_id: int):
    """The licence's milestones and their reports."""
    return _page(licence_for(current_user, licence_id))


@bp.post("/licences/<id:licence_id>/milestones")
@role_required(Role.ENTERPRISE_USER)
def report(licence_id: int):
    """The enterprise reports a milestone (refusals: 422, nothing written)."""
    licence = licence_for(current_user, licence_id)
    form = MilestoneReportForm()
    _with_choices(form, services.licence_milestones(licence), licence)
    if form.validate_on_submit():
        try:
            phase_index = int(form.phase_index.data or "")
        except ValueError:
            form.phase_index.errors.append(_("Choose one of this licence's milestones."))
        else:
            try:
                done = services.report_milestone(licence, current_user, phase_index, form.happened_on.data,
                                                 form.note.data or "", today())
            except ServiceError as error:
                show_on_form(form, error)
            else:
                flash(_("Milestone “%(name)s” reported; the university confirms it.", name=done.milestone),
                      "success")
                return redirect(url_for("milestones.page", licence_id=licence.id))
    return _page(licence, form, status=422)


def _report_of_own_university(report_id: int) -> MilestoneReport:
    """A report on a licence of the staff member's university (404 otherwise)."""
    found = db.session.get(MilestoneReport, report_id)
    if found is None:
        abort(404)
    licence_for(current_user, found.licence_id)
    return found


@bp.post("/milestone-reports/<id:report_id>/confirm")
@role_required(Role.UNIVERSITY_STAFF)
def confirm(report_id: int):
    """The university confirms a milestone: its fee falls due now (once, however often this is posted)."""
    found = _report_of_own_university(report_id)
    licence_id = found.licence_id
    form = MarketplaceForm()
    if not form.validate_on_submit():
        flash_errors(form)
        return _page(licence_for(current_user, licence_id), status=422)
    try:
        confirmed = services.confirm_milestone(found, current_user, today(), now())
    except ServiceError as error:
        db.session.rollback()  # the report stays open: nothing of the confirmation is kept
        flash(str(error.message), "danger")
        return _page(licence_for(current_user, licence_id), status=422)
    if confirmed:
        flash(_("Milestone confirmed: its fee falls due now."), "success")
    else:
        flash(_("This report was already decided."), "info")
    return redirect(url_for("milestones.page", licence_id=licence_id))


@bp.post("/milestone-reports/<id:report_id>/reject")
@role_required(Role.UNIVERSITY_STAFF)
def reject(report_id: int):
    """The university rejects a report, with a reason the enterprise sees."""
    found = _report_of_own_university(report_id)
    form = MilestoneRejectForm()
    if form.validate_on_submit():
        try:
            rejected = services.reject_milestone(found, current_user, form.reason.data, today(), now())
        except ServiceError as error:
            show_on_form(form, error)
        else:
            flash(_("Report rejected; the enterprise sees your reason.") if rejected
                  else _("This report was already decided."), "success" if rejected else "info")
            return redirect(url_for("milestones.page", licence_id=found.licence_id))
    return _page(licence_for(current_user, found.licence_id), reject_form=form, rejecting=found.id,
                 status=422)
