"""Administrators' webhook pages: partners (list, set up, deactivate or reactivate), a partner's
deliveries with every attempt, and replaying a delivery."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from marketplace.accounts.access import admin_required
from marketplace.clock import now
from marketplace.edge.forms import flash_errors
from marketplace.extensions import db
from marketplace.forms_rendering import render_form
from marketplace.pagination import paginate
from marketplace.service_errors import ServiceError, show_on_form
from marketplace.webhooks import services
from marketplace.webhooks.forms import ActiveForm, PartnerForm, ReplayForm
from marketplace.webhooks.labels import EVENT_LABELS, STATUS_LABELS
from marketplace.webhooks.models import DeliveryStatus, WebhookDelivery, WebhookPartner

bp = Blueprint("webhooks", __name__, url_prefix="/admin/webhooks")


def _partners_page(active_form: ActiveForm, status: int = 200):
    page = paginate(services.partners_query())
    return render_template("webhooks/partners.html", page=page, event_labels=EVENT_LABELS,
                           active_form=active_form), status


@bp.route("")
@admin_required
def partners():
    """Every partner, newest first, with its subscribed events and whether it is active."""
    return _partners_page(ActiveForm())


@bp.route("/new", methods=["GET", "POST"])
@admin_required
def create():
    """Set up a partner; its signing secret is generated and shown on the answer to this form only."""
    form = PartnerForm()
    if form.validate_on_submit():
        try:
            partner = services.create_partner(form.details(), current_user, now())
        except ServiceError as error:
            show_on_form(form, error)
        else:
            response = render_template("webhooks/created.html", partner=partner, event_labels=EVENT_LABELS)
            return response, 200, {"Cache-Control": "no-store"}
    return render_form("webhooks/partner_form.html", form)


@bp.route("/<id:partner_id>/active", methods=["POST"])
@admin_required
def set_active(partner_id: int):
    """Deactivate a partner (nothing more is queued for it; what is pending waits) or reactivate it."""
    partner = db.session.get(WebhookPartner, partner_id) or abort(404)
    form = ActiveForm()
    if not form.validate_on_submit():
        flash_errors(form)
        return _partners_page(ActiveForm(formdata=None), 422)
    active = form.active.data == "1"
    if services.set_active(partner, active):
        flash(_("%(name)s reactivated.", name=partner.name) if active
              else _("%(name)s deactivated: nothing more is sent to it.", name=partner.name), "success")
    else:
        flash(_("%(name)s was already so.", name=partner.name), "info")
    if form.back.data == "partner":
        return redirect(url_for("webhooks.partner", partner_id=partner.id))
    return redirect(url_for("webhooks.partners"))


def _status_filter() -> DeliveryStatus | None:
    try:
        return DeliveryStatus(request.args.get("status", ""))
    except ValueError:
        return None


def _partner_page(found: WebhookPartner, status: int = 200):
    wanted = _status_filter()
    page = paginate(services.deliveries_query(found.id, wanted))
    deliveries: list[WebhookDelivery] = list(page.items)
    return render_template(
        "webhooks/partner.html", partner=found, page=page, status=wanted, status_labels=STATUS_LABELS,
        event_labels=EVENT_LABELS, attempts=services.attempts_of([d.id for d in deliveries]),
        replay_form=ReplayForm(formdata=None), active_form=ActiveForm(formdata=None),
        DeliveryStatus=DeliveryStatus), status


@bp.route("/<id:partner_id>")
@admin_required
def partner(partner_id: int):
    """A partner's deliveries, newest first (filtered by status), each with its attempts."""
    return _partner_page(db.session.get(WebhookPartner, partner_id) or abort(404))


@bp.route("/deliveries/<id:delivery_id>/replay", methods=["POST"])
@admin_required
def replay(delivery_id: int):
    """Queue a delivered or failed delivery again, to go now; a double click replays once."""
    delivery = db.session.get(WebhookDelivery, delivery_id) or abort(404)
    form = ReplayForm()
    if not form.validate_on_submit():
        flash_errors(form)
        return _partner_page(delivery.partner, 422)
    try:
        replayed = services.replay(delivery, form.seen.data, now())
    except ServiceError as error:
        flash(str(error.message), "warning")
        return _partner_page(delivery.partner, 422)
    if replayed:
        flash(_("Delivery queued again: the delivery job sends it next time it runs."), "success")
    else:
        flash(_("This delivery was already queued again."), "info")
    return redirect(url_for("webhooks.partner", partner_id=delivery.partner_id))
