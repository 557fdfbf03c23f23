"""The organiser's pages: create and edit zones, move them through their lifecycle, the banner."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from marketplace.accounts.access import role_required
from marketplace.accounts.models import Role
from marketplace.clock import today
from marketplace.core.zone_state import ZoneAction, ZoneStatus
from marketplace.edge.forms import flash_errors
from marketplace.forms_rendering import render_form
from marketplace.pagination import paginate
from marketplace.service_errors import ServiceError, show_on_form
from marketplace.zones import services
from marketplace.zones.blueprint import bp
from marketplace.zones.forms import BannerForm, StatusForm, ZoneForm
from marketplace.zones.labels import STATUS_LABELS
from marketplace.zones.queries import zone_figures

organiser_required = role_required(Role.ORGANISER, Role.ADMIN)


@bp.route("/organiser/zones/")
@organiser_required
def organiser_zones():
    """The organiser's zones (every zone for an administrator) with their figures, paginated."""
    page = paginate(services.organiser_zones_query(current_user))
    return render_template("zones/organiser_list.html", page=page, figures=zone_figures(list(page.items)),
                           status_labels=STATUS_LABELS)


@bp.route("/organiser/zones/new", methods=["GET", "POST"])
@organiser_required
def create_zone():
    """A new draft zone."""
    form = ZoneForm()
    if form.validate_on_submit():
        try:
            zone = services.create_zone(current_user, form.details())
        except ServiceError as error:
            show_on_form(form, error)
        else:
            flash(_("Zone “%(title)s” created as a draft.", title=zone.title), "success")
            return redirect(url_for("zones.edit_zone", zone_id=zone.id))
    return render_form("zones/zone_form.html", form, zone=None, Status=ZoneStatus)


def _edit_page(zone, form, banner_form=None, status_form=None):
    return render_form("zones/zone_form.html", form, zone=zone,
                       banner_form=banner_form or BannerForm(formdata=None),
                       status_form=status_form or StatusForm(formdata=None),
                       curated=services.curated_count(zone.id), Action=ZoneAction, Status=ZoneStatus,
                       status_labels=STATUS_LABELS)


@bp.route("/organiser/zones/<id:zone_id>/edit", methods=["GET", "POST"])
@organiser_required
def edit_zone(zone_id: int):
    """Edit a zone one owns (administrators: any zone); a closed zone is refused."""
    zone = services.zone_for_organiser(zone_id, current_user)
    form = ZoneForm(obj=zone)
    if not form.is_submitted():
        form.fill_industries(zone.industries)
    if form.validate_on_submit():
        zone = services.zone_for_change(zone_id, current_user)
        try:
            services.update_zone(zone, form.details())
        except ServiceError as error:
            show_on_form(form, error)
        else:
            flash(_("Zone saved."), "success")
            return redirect(url_for("zones.edit_zone", zone_id=zone.id))
    return _edit_page(zone, form)


@bp.route("/organiser/zones/<id:zone_id>/banner", methods=["POST"])
@organiser_required
def upload_banner(zone_id: int):
    """Upload the zone's banner image (PNG or JPEG, checked by content)."""
    zone = services.zone_for_organiser(zone_id, current_user)
    banner_form = BannerForm()
    if banner_form.validate_on_submit():
        zone = services.zone_for_change(zone_id, current_user)
        try:
            services.set_banner(zone, banner_form.file.data.read())
        except ServiceError as error:
            show_on_form(banner_form, error)
        else:
            flash(_("Banner uploaded."), "success")
            return redirect(url_for("zones.edit_zone", zone_id=zone.id))
    form = ZoneForm(obj=zone, formdata=None)
    form.fill_industries(zone.industries)
    return _edit_page(zone, form, banner_form=banner_form)


@bp.route("/organiser/zones/<id:zone_id>/status", methods=["POST"])
@organiser_required
def change_status(zone_id: int):
    """Publish, start or close a zone."""
    zone = services.zone_for_organiser(zone_id, current_user)
    status_form = StatusForm()
    if status_form.validate_on_submit():
        zone = services.zone_for_change(zone_id, current_user)
        try:
            services.change_status(zone, ZoneAction(status_form.action.data), today())
        except ServiceError as error:
            show_on_form(status_form, error)
        else:
            flash(_("The zone is now %(status)s.", status=STATUS_LABELS[zone.status]), "success")
            return redirect(url_for("zones.edit_zone", zone_id=zone.id))
    flash_errors(status_form)
    form = ZoneForm(obj=zone, formdata=None)
    form.fill_industries(zone.industries)
    return _edit_page(zone, form, status_form=status_form)
