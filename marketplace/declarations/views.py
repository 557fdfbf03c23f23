"""An IP centre's declaration page for one of its patents: legal facts, the plan editor with a
schedule preview, publishing, versions and withdrawal."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from marketplace.accounts.access import role_required
from marketplace.accounts.models import Role
from marketplace.catalogue.services import patent_for_staff
from marketplace.clock import now, today
from marketplace.core.declaration_rules import declaration_bars, fee_reduction_period
from marketplace.core.plan_validation import validate_plan
from marketplace.core.schedule import build_schedule
from marketplace.declarations import labels, services
from marketplace.declarations.describe import fen_text, ppm_text
from marketplace.declarations.guidance import MIN_OFFERS, price_guidance
from marketplace.declarations.models import Declaration
from marketplace.declarations.plan_forms import LegalFactsForm, PlanForm, WithdrawForm, form_data
from marketplace.declarations.plan_storage import read_plan
from marketplace.edge.forms import ActionForm
from marketplace.extensions import db
from marketplace.service_errors import ServiceError, show_on_form

bp = Blueprint("declarations", __name__, url_prefix="/ip/patents/<id:patent_id>/declaration")
staff_required = role_required(Role.UNIVERSITY_STAFF)


@bp.app_template_filter("fen_text")
def _fen_text(fen: int) -> str:
    return fen_text(fen)


@bp.app_template_filter("ppm_text")
def _ppm_text(ppm: int) -> str:
    return ppm_text(ppm)


def _page(patent, plan_form=None, facts_form=None, withdraw_form=None, preview=None, status=200):
    draft = services.draft_of(patent.id)
    published = services.current_declaration(patent.id)
    if plan_form is None:
        source = draft or published
        plan_form = PlanForm(formdata=None, data=form_data(read_plan(source), source.payment_method,
                                                          source.other_terms) if source else None)
    if facts_form is None:
        facts_form = LegalFactsForm(formdata=None, obj=services.legal_facts(patent))
    if preview is None and draft is not None:
        try:
            preview = build_schedule(read_plan(draft), today(), patent.expiry_date)
        except ValueError:  # the patent has expired since the draft was saved
            preview = None
    versions = list(db.session.scalars(
        select(Declaration).where(Declaration.patent_id == patent.id).order_by(Declaration.version.desc())))
    bars = declaration_bars(services.patent_facts(patent, today()), today())
    reductions = {
        version.id: fee_reduction_period(version.published_on, version.withdrawn_on, patent.expiry_date)
        for version in versions if version.published_on is not None and version.event_zone_id is None
    }
    return render_template(
        "declarations/manage.html", patent=patent, draft=draft, published=published, versions=versions,
        guidance=price_guidance(patent), min_offers=MIN_OFFERS,
        plan_form=plan_form, facts_form=facts_form,
        withdraw_form=withdraw_form or WithdrawForm(formdata=None),
        preview=preview, bars=[labels.BAR_MESSAGES[bar] for bar in bars], labels=labels,
        reductions=reductions,
        action_form=ActionForm(), today=today(),
    ), status


@bp.route("")
@staff_required
def manage(patent_id: int):
    """The declaration page of a patent of one's own university."""
    return _page(patent_for_staff(patent_id, current_user))


@bp.route("/facts", methods=["POST"])
@staff_required
def save_facts(patent_id: int):
    """Record encumbrances and consents."""
    patent = patent_for_staff(patent_id, current_user)
    form = LegalFactsForm()
    if not form.validate_on_submit():
        return _page(patent, facts_form=form, status=422)
    services.save_legal_facts(patent, **form.values())
    flash(_("Legal facts saved."), "success")
    return redirect(url_for("declarations.manage", patent_id=patent.id))


@bp.route("/draft", methods=["POST"])
@staff_required
def save_draft(patent_id: int):
    """Preview the schedule of the plan, or save it as the draft."""
    patent = patent_for_staff(patent_id, current_user)
    form = PlanForm()
    plan = form.submitted_plan()
    if plan is None:
        return _page(patent, plan_form=form, status=422)
    check = validate_plan(plan)
    for warning in check.warnings:
        flash(str(labels.PLAN_WARNING_MESSAGES[warning]), "warning")
    if form.preview.data:
        if not check.ok:
            form.form_errors.extend(str(labels.PLAN_PROBLEM_MESSAGES[p]) for p in check.problems)
            return _page(patent, plan_form=form, status=422)
        try:
            preview = build_schedule(plan, form.sample_day(today()), patent.expiry_date)
        except ValueError:
            form.sample_start.errors.append(_("The sample start is after the patent's expiry."))
            return _page(patent, plan_form=form, status=422)
        return _page(patent, plan_form=form, preview=preview)
    try:
        services.save_draft(patent, current_user, plan, form.payment_method.data, form.other_terms.data or "",
                            today())
    except ServiceError as error:
        show_on_form(form, error)
        return _page(patent, plan_form=form, status=422)
    flash(_("Draft saved. Check the schedule, then publish it."), "success")
    return redirect(url_for("declarations.manage", patent_id=patent.id))


@bp.route("/publish", methods=["POST"])
@staff_required
def publish(patent_id: int):
    """Publish the draft; the legal bars are checked now."""
    patent = patent_for_staff(patent_id, current_user)
    draft = services.draft_of(patent.id)
    if draft is None:
        flash(_("There is no draft to publish."), "danger")
        return redirect(url_for("declarations.manage", patent_id=patent.id))
    try:
        services.publish(draft, today(), now())
    except ServiceError as error:
        flash(str(error.message), "danger")
        return _page(patent, status=422)
    flash(_("Published: every enterprise can now take the licence on these terms."), "success")
    return redirect(url_for("declarations.manage", patent_id=patent.id))


@bp.route("/withdraw", methods=["POST"])
@staff_required
def withdraw(patent_id: int):
    """Withdraw the published declaration (licences already granted run on)."""
    patent = patent_for_staff(patent_id, current_user)
    form = WithdrawForm()
    published = services.current_declaration(patent.id)
    if published is None:
        flash(_("There is no published declaration."), "danger")
        return redirect(url_for("declarations.manage", patent_id=patent.id))
    if not form.validate_on_submit():
        return _page(patent, withdraw_form=form, status=422)
    try:
        services.withdraw(published, form.reason.data or "", today(), now())
    except ServiceError as error:
        show_on_form(form, error)
        return _page(patent, withdraw_form=form, status=422)
    flash(_("The declaration is withdrawn. Licences already granted run on to their end."), "success")
    return redirect(url_for("declarations.manage", patent_id=patent.id))


@bp.route("/discard", methods=["POST"])
@staff_required
def discard(patent_id: int):
    """Throw away the draft."""
    patent = patent_for_staff(patent_id, current_user)
    draft = services.draft_of(patent.id)
    if draft is not None:
        services.discard_draft(draft)
        flash(_("Draft discarded."), "info")
    return redirect(url_for("declarations.manage", patent_id=patent.id))
