"""Registration: an enterprise registers for a zone or cancels; the organiser's list, export and check-in."""

from __future__ import annotations

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from marketplace.accounts.access import role_required
from marketplace.accounts.models import Role
from marketplace.charts import svg_response
from marketplace.clock import now, today
from marketplace.core.check_in_code import display
from marketplace.core.zone_state import VISIBLE
from marketplace.edge.forms import ActionForm, flash_errors
from marketplace.extensions import db
from marketplace.forms_rendering import render_form
from marketplace.pagination import paginate
from marketplace.service_errors import ServiceError, show_on_form
from marketplace.zones import registration as services
from marketplace.zones.blueprint import bp
from marketplace.zones.check_in_qr import qr_svg
from marketplace.zones.models import Zone, ZoneMode, ZoneRegistration
from marketplace.zones.registration_export import registrations_csv, registrations_xlsx
from marketplace.zones.registration_forms import CheckInForm, RegistrationForm
from marketplace.zones.services import may_manage, zone_for_organiser

enterprise_required = role_required(Role.ENTERPRISE_USER)
organiser_required = role_required(Role.ORGANISER, Role.ADMIN)


def _visible_zone(zone_id: int) -> Zone:
    """A zone the public may see (published, running or closed), else 404."""
    zone = db.session.get(Zone, zone_id)
    if zone is None or zone.status not in VISIBLE:
        abort(404)
    return zone


def _organised_zone(zone_id: int) -> Zone:
    """A zone the current user runs (its organiser, or an administrator); 404 for another organiser's,
    as on every organiser page of a zone."""
    return zone_for_organiser(zone_id, current_user)


@bp.app_template_global("zone_registration_of")
def zone_registration_of(zone: Zone) -> ZoneRegistration | None:
    """The current enterprise user's live registration for `zone` (for the box on the zone page)."""
    if not current_user.is_authenticated or current_user.role != Role.ENTERPRISE_USER:
        return None
    return services.live_registration(zone.id, current_user.enterprise_id)


@bp.app_template_global("zone_registration_problem")
def zone_registration_problem(zone: Zone) -> str | None:
    """Why `zone` takes no registration today, or None."""
    return services.registration_problem(zone, today())


@bp.app_template_global("can_organise_zone")
def can_organise_zone(zone: Zone) -> bool:
    """Whether the current user runs `zone`."""
    return current_user.is_authenticated and may_manage(zone, current_user)


@bp.app_template_filter("check_in_code")
def check_in_code_filter(code: str) -> str:
    """A check-in code as printed for people (two groups of four)."""
    return display(code)


@bp.app_template_filter("shanghai_time")
def shanghai_time_filter(moment) -> str:
    """A stored instant in Asia/Shanghai, to the minute."""
    return services.shanghai_time(moment)


def _registration_form(zone: Zone) -> RegistrationForm:
    form = RegistrationForm()
    form.patents.choices = [(patent.id, f"{patent.title}（{patent.patent_number}）")
                            for patent in services.curated_patents(zone.id)]
    return form


@bp.route("/zones/<id:zone_id>/register", methods=["GET", "POST"])
@enterprise_required
def register(zone_id: int):
    """Register the enterprise for the zone (or show its registration and check-in code)."""
    zone = _visible_zone(zone_id)
    registration = services.live_registration(zone.id, current_user.enterprise_id)
    form = _registration_form(zone)
    if registration is None and form.validate_on_submit():
        try:
            services.register(zone, current_user, form.contact_name.data, form.contact_phone.data,
                              form.interests.data or "", form.patents.data or [], today(), now())
        except ServiceError as error:
            show_on_form(form, error)
        else:
            flash(_("Your enterprise is registered for this zone."), "success")
            return redirect(url_for("zones.register", zone_id=zone.id))
    elif registration is not None and form.is_submitted():
        form.validate()
        form.form_errors.append(str(services.ALREADY_REGISTERED))
    return render_form("zones/registration.html", form, zone=zone, registration=registration,
                       problem=services.registration_problem(zone, today()),
                       onsite=zone.mode == ZoneMode.ONSITE, cancel_form=ActionForm(prefix="cancel"))


@bp.route("/zones/<id:zone_id>/register/cancel", methods=["POST"])
@enterprise_required
def cancel_registration(zone_id: int):
    """Cancel the enterprise's registration (the record stays, marked cancelled)."""
    zone = _visible_zone(zone_id)
    form = ActionForm(prefix="cancel")
    if not form.validate_on_submit():
        flash_errors(form)
        return redirect(url_for("zones.register", zone_id=zone.id))
    try:
        services.cancel(zone, current_user, now())
    except ServiceError as error:
        flash(str(error.message), "danger")
        return redirect(url_for("zones.register", zone_id=zone.id))
    flash(_("Your registration is cancelled. You may register again while registration is open."), "info")
    return redirect(url_for("zones.register", zone_id=zone.id))


@bp.route("/zones/<id:zone_id>/register/check-in-code.svg")
@enterprise_required
def registration_qr(zone_id: int):
    """The QR code of the enterprise's check-in code, as an SVG image."""
    zone = _visible_zone(zone_id)
    registration = services.live_registration(zone.id, current_user.enterprise_id)
    if registration is None:
        abort(404)
    return svg_response(qr_svg(registration.check_in_code))


@bp.route("/my/registrations")
@enterprise_required
def my_registrations():
    """The enterprise's registrations for every zone, with their check-in codes."""
    page = paginate(services.registrations_of_enterprise(current_user.enterprise_id))
    return render_template("zones/registrations_mine.html", page=page)


@bp.route("/organiser/zones/<id:zone_id>/registrations")
@organiser_required
def registrations(zone_id: int):
    """The zone's registrations (cancelled ones marked), and their download as CSV or XLSX."""
    zone = _organised_zone(zone_id)
    download = request.args.get("format")
    if download in ("csv", "xlsx"):
        rows = db.session.scalars(services.registrations_of_zone(zone.id)).all()
        name = f"zone-{zone.id}-registrations.{download}"
        if download == "csv":
            body, mimetype = registrations_csv(rows), "text/csv"
        else:
            body = registrations_xlsx(rows)
            mimetype = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        return Response(body, mimetype=mimetype,
                        headers={"Content-Disposition": f"attachment; filename={name}"})
    page = paginate(services.registrations_of_zone(zone.id))
    return render_template("zones/registrations_zone.html", zone=zone, page=page)


@bp.route("/organiser/zones/<id:zone_id>/check-in", methods=["GET", "POST"])
@organiser_required
def check_in(zone_id: int):
    """Accept a check-in code, typed or read by a scanner, once."""
    zone = _organised_zone(zone_id)
    form = CheckInForm()
    checked = None
    if form.validate_on_submit():
        try:
            checked = services.check_in(zone, current_user, form.code.data, now())
        except ServiceError as error:
            show_on_form(form, error)
        else:
            form = CheckInForm(formdata=None)
    return render_form("zones/registration_check_in.html", form, zone=zone, checked=checked)
