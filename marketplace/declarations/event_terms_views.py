"""An IP centre's event-terms page for one of its patents: publish a time-limited version of the
published terms for a special zone's window (the same plan editor), see its versions, end one early."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from marketplace.accounts.access import role_required
from marketplace.accounts.models import Role
from marketplace.catalogue.services import patent_for_staff
from marketplace.clock import now, today
from marketplace.core.schedule import build_schedule
from marketplace.declarations import event_terms, labels, services
from marketplace.declarations.plan_forms import EndEventTermsForm, EventTermsForm, form_data
from marketplace.declarations.plan_storage import read_plan
from marketplace.edge.query import query_int
from marketplace.forms_rendering import render_form
from marketplace.service_errors import ServiceError, show_on_form

bp = Blueprint("event_terms", __name__, url_prefix="/ip/patents/<id:patent_id>/event-terms")
staff_required = role_required(Role.UNIVERSITY_STAFF)


def end_form(declaration_id: int, formdata=None) -> EndEventTermsForm:
    """The form that ends one version early (its fields prefixed with the version's id)."""
    if formdata is None:
        return EndEventTermsForm(formdata=None, prefix=f"end{declaration_id}")
    return EndEventTermsForm(prefix=f"end{declaration_id}")


def _page(patent, form: EventTermsForm, preview=None, ended: EndEventTermsForm | None = None,
          ended_id: int | None = None):
    versions = services.event_versions(patent.id)
    end_forms = {version.id: (ended if version.id == ended_id and ended is not None else end_form(version.id))
                 for version in versions if version.status == "event"}
    return render_form("declarations/event_terms.html", form, patent=patent,
                       base=services.current_declaration(patent.id), versions=versions, end_forms=end_forms,
                       ended_form=ended, preview=preview, labels=labels, today=today())


def _new_form(patent, formdata: bool) -> EventTermsForm:
    zones = event_terms.zones_for(patent)
    if formdata:
        form = EventTermsForm()
    else:
        base = services.current_declaration(patent.id)
        data = form_data(read_plan(base), base.payment_method, base.other_terms) if base else {}
        chosen = query_int("zone")
        if chosen is not None and any(zone.id == chosen for zone in zones):
            data["zone_id"] = chosen
            zone = next(zone for zone in zones if zone.id == chosen)
            data["valid_from"], data["valid_until"] = max(zone.opens_on, today()), zone.closes_on
        form = EventTermsForm(formdata=None, data=data)
    form.zone_id.choices = [(zone.id, f"{zone.title}（{zone.opens_on} – {zone.closes_on}）")
                            for zone in zones]
    return form


@bp.route("", methods=["GET", "POST"])
@staff_required
def page(patent_id: int):
    """The patent's event terms: publish a new time-limited version (or preview its schedule)."""
    patent = patent_for_staff(patent_id, current_user)
    form = _new_form(patent, formdata=request.method == "POST")
    if not form.is_submitted():
        return _page(patent, form)
    plan = form.submitted_plan()
    if plan is None:
        return _page(patent, form)
    if form.preview.data:
        try:
            preview = build_schedule(plan, form.sample_day(today()), patent.expiry_date)
        except ValueError:
            form.sample_start.errors.append(_("The sample start is after the patent's expiry."))
            return _page(patent, form)
        return _page(patent, form, preview=preview)
    terms = event_terms.EventTerms(
        zone_id=form.zone_id.data, valid_from=form.valid_from.data, valid_until=form.valid_until.data,
        plan=plan, payment_method=form.payment_method.data or "", other_terms=form.other_terms.data or "")
    try:
        version = event_terms.publish_event_terms(patent, current_user, terms, today(), now())
    except ServiceError as error:
        show_on_form(form, error)
        return _page(patent, form)
    flash(_("Event terms (version %(version)d) published for %(start)s to %(end)s.", version=version.version,
            start=version.valid_from.isoformat(), end=version.valid_until.isoformat()), "success")
    return redirect(url_for("event_terms.page", patent_id=patent.id))


@bp.route("/<id:declaration_id>/end", methods=["POST"])
@staff_required
def end(patent_id: int, declaration_id: int):
    """End a time-limited version early: new takers get the base terms again."""
    patent = patent_for_staff(patent_id, current_user)
    version = event_terms.event_version_for_change(patent, declaration_id)
    if version is None:
        abort(404)
    form = end_form(declaration_id, formdata=True)
    if form.validate_on_submit():
        try:
            event_terms.withdraw_event_terms(version, form.reason.data or "", today(), now())
        except ServiceError as error:
            show_on_form(form, error)
        else:
            flash(_("The event terms have ended; new licences get the base terms."), "success")
            return redirect(url_for("event_terms.page", patent_id=patent.id))
    return _page(patent, _new_form(patent, formdata=False), ended=form, ended_id=declaration_id)
