"""Curation: the zone's patents (remove, move, feature), suggestions to add, and universities'
nominations (accept, decline; staff nominate)."""

from __future__ import annotations

from flask import abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from marketplace.accounts.access import role_required
from marketplace.accounts.models import Role
from marketplace.catalogue import labels as catalogue_labels
from marketplace.edge.forms import flash_errors
from marketplace.extensions import db
from marketplace.forms_rendering import render_form
from marketplace.pagination import paginate
from marketplace.service_errors import ServiceError, show_on_form
from marketplace.zones import curation, nominations, services
from marketplace.zones.blueprint import bp
from marketplace.zones.forms import EntryForm, NominateForm, NominationDecisionForm, PatentChoiceForm
from marketplace.zones.labels import NOMINATION_LABELS, STATUS_LABELS
from marketplace.zones.models import Zone, ZoneNomination

organiser_required = role_required(Role.ORGANISER, Role.ADMIN)
staff_required = role_required(Role.UNIVERSITY_STAFF)


def _curation_page(zone: Zone, entry_form: EntryForm | None = None):
    page = paginate(curation.entries_query(zone.id))
    return render_form("zones/curation.html", entry_form or EntryForm(formdata=None), zone=zone, page=page,
                       status_labels=STATUS_LABELS, plan_labels=catalogue_labels.PLAN_KIND_LABELS)


@bp.route("/organiser/zones/<id:zone_id>/curation")
@organiser_required
def curation_page(zone_id: int):
    """The zone's curated patents in order, with buttons to move, feature and remove them."""
    return _curation_page(services.zone_for_organiser(zone_id, current_user))


def _entry_action(zone_id: int, change) -> object:
    """Run `change(zone, form)` on a zone taken for change; the curation page again on a refusal."""
    zone = services.zone_for_organiser(zone_id, current_user)
    form = EntryForm()
    if form.validate_on_submit():
        zone = services.zone_for_change(zone_id, current_user)
        try:
            change(zone, form)
        except ServiceError as error:
            show_on_form(form, error)
        else:
            return redirect(url_for("zones.curation_page", zone_id=zone.id, page=request.args.get("page")))
    flash_errors(form)
    return _curation_page(zone, form)


@bp.route("/organiser/zones/<id:zone_id>/curation/remove", methods=["POST"])
@organiser_required
def remove_patent(zone_id: int):
    """Take a patent out of the zone."""
    return _entry_action(zone_id, lambda zone, form: curation.remove_patent(zone, form.entry_id.data))


@bp.route("/organiser/zones/<id:zone_id>/curation/move", methods=["POST"])
@organiser_required
def move_patent(zone_id: int):
    """Move a patent one place up (``value=up``) or down."""
    return _entry_action(zone_id, lambda zone, form: curation.move_patent(zone, form.entry_id.data,
                                                                          form.value.data == "up"))


@bp.route("/organiser/zones/<id:zone_id>/curation/feature", methods=["POST"])
@organiser_required
def feature_patent(zone_id: int):
    """Feature a patent (``value=1``) or stop featuring it."""
    return _entry_action(zone_id, lambda zone, form: curation.set_featured(zone, form.entry_id.data,
                                                                           form.value.data == "1"))


def _suggestions_page(zone: Zone, form: PatentChoiceForm | None = None):
    page = paginate(curation.suggestions_query(zone))
    return render_form("zones/suggestions.html", form or PatentChoiceForm(formdata=None), zone=zone,
                       page=page,
                       labels=catalogue_labels)


@bp.route("/organiser/zones/<id:zone_id>/suggestions")
@organiser_required
def suggestions(zone_id: int):
    """Patents on published terms matching the zone's industries, IPC classes or keywords."""
    return _suggestions_page(services.zone_for_organiser(zone_id, current_user))


@bp.route("/organiser/zones/<id:zone_id>/curation/add", methods=["POST"])
@organiser_required
def add_patent(zone_id: int):
    """Curate a patent into the zone (only one on published terms)."""
    zone = services.zone_for_organiser(zone_id, current_user)
    form = PatentChoiceForm()
    if form.validate_on_submit():
        zone = services.zone_for_change(zone_id, current_user)
        try:
            curation.add_patent(zone, form.patent_id.data, current_user)
        except ServiceError as error:
            show_on_form(form, error)
        else:
            flash(_("Patent added to the zone."), "success")
            return redirect(url_for("zones.suggestions", zone_id=zone.id, page=request.args.get("page")))
    flash_errors(form)
    return _suggestions_page(zone, form)


def _nominations_page(zone: Zone, form: NominationDecisionForm | None = None):
    page = paginate(nominations.nominations_query(zone.id))
    return render_form("zones/nominations.html", form or NominationDecisionForm(formdata=None), zone=zone,
                       page=page)


@bp.route("/organiser/zones/<id:zone_id>/nominations")
@organiser_required
def nominations_page(zone_id: int):
    """Universities' pending nominations for the zone, to accept or decline."""
    return _nominations_page(services.zone_for_organiser(zone_id, current_user))


@bp.route("/organiser/zones/<id:zone_id>/nominations/decide", methods=["POST"])
@organiser_required
def decide_nomination(zone_id: int):
    """Accept a nomination (``accept`` button; the patent is curated) or decline it with a reason."""
    zone = services.zone_for_organiser(zone_id, current_user)
    form = NominationDecisionForm()
    if form.validate_on_submit():
        zone = services.zone_for_change(zone_id, current_user)
        try:
            if form.accept.data:
                nominations.accept(zone, form.nomination_id.data, current_user)
            else:
                nominations.decline(zone, form.nomination_id.data, form.reason.data or "", current_user)
        except ServiceError as error:
            show_on_form(form, error)
        else:
            flash(_("Nomination decided."), "success")
            return redirect(url_for("zones.nominations_page", zone_id=zone.id))
    flash_errors(form)
    return _nominations_page(zone, form)


@bp.route("/zones/<id:zone_id>/nominate", methods=["GET", "POST"])
@staff_required
def nominate(zone_id: int):
    """IP-centre staff nominate one of their university's offered patents for a published or running
    zone, and see their university's nominations for it."""
    zone = db.session.get(Zone, zone_id)
    if zone is None or not services.visible_to(zone, current_user):
        abort(404)
    form = NominateForm()
    offered = list(db.session.scalars(nominations.nominable_patents_query(zone, current_user.university_id)
                                      .limit(500)))
    form.patent_id.choices = [(patent.id, f"{patent.patent_number} {patent.title}") for patent in offered]
    if form.validate_on_submit():
        try:
            nominations.nominate(zone, form.patent_id.data, form.note.data or "", current_user)
        except ServiceError as error:
            show_on_form(form, error)
        else:
            flash(_("Patent nominated; the organiser will accept or decline it."), "success")
            return redirect(url_for("zones.nominate", zone_id=zone.id))
    ours = paginate(nominations.nominations_query(zone.id, None)
                    .where(ZoneNomination.university_id == current_user.university_id))
    return render_form("zones/nominate.html", form, zone=zone, offered=offered, page=ours,
                       nomination_labels=NOMINATION_LABELS)
