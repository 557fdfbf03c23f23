"""The public pages of a zone: its curated patents with plans and prices, search inside it, the
universities and sessions."""

from __future__ import annotations

from dataclasses import replace

from flask import abort, render_template, request, send_file
from flask_login import current_user

from marketplace.accounts.models import Role
from marketplace.catalogue import labels as catalogue_labels
from marketplace.catalogue.attachments import delivery, store_path
from marketplace.catalogue.labels import FACET_LABELS
from marketplace.catalogue.search import FACETS, SearchQuery, search
from marketplace.clock import today
from marketplace.declarations.describe import describe_plan
from marketplace.declarations.plan_storage import read_plan
from marketplace.extensions import db
from marketplace.pagination import paginate
from marketplace.security_headers import sandboxed
from marketplace.zones import curation, queries, services
from marketplace.zones.blueprint import bp
from marketplace.zones.labels import MODE_LABELS, STATUS_LABELS
from marketplace.zones.models import Zone


def _visible(zone_id: int) -> Zone:
    zone = db.session.get(Zone, zone_id)
    if zone is None or not services.visible_to(zone, current_user):
        abort(404)
    return zone


@bp.route("/zones")
def public_zones():
    """Published, running and closed zones, paginated."""
    page = paginate(services.visible_zones_query())
    return render_template("zones/public_list.html", page=page, status_labels=STATUS_LABELS,
                           mode_labels=MODE_LABELS)


@bp.route("/zones/<id:zone_id>")
def zone_page(zone_id: int):
    """A zone: its banner, theme, window and place, the curated patents (featured first) with their plans
    and prices, search and facets among them, the universities taking part and the sessions. Drafts are
    seen only by their organiser and administrators."""
    zone = _visible(zone_id)
    query = replace(SearchQuery.from_args(request.args), zone=zone.id)
    searching = bool(query.q) or any(query.filter_value(facet) is not None for facet in FACETS)
    result = search(query, FACET_LABELS)
    page = None if searching else paginate(curation.entries_query(zone.id))
    shown = [] if searching else queries.shown_patents(list(page.items), today())
    plans = {item.entry.id: describe_plan(read_plan(item.offer)) for item in shown if item.offer is not None}
    held = (queries.held_licences(current_user.enterprise_id, [item.patent.id for item in shown])
            if current_user.is_authenticated and current_user.role == Role.ENTERPRISE_USER else {})
    return render_template(
        "zones/zone_page.html", zone=zone, query=query, result=result, searching=searching, page=page,
        shown=shown, plans=plans, held=held, universities=queries.participating_universities(zone.id),
        event_terms=queries.zone_event_terms(zone.id),
        status_labels=STATUS_LABELS, mode_labels=MODE_LABELS, labels=catalogue_labels,
        may_manage=current_user.is_authenticated and services.may_manage(zone, current_user),
    )


@bp.route("/zones/<id:zone_id>/banner")
@sandboxed
def banner(zone_id: int):
    """The zone's banner image, served like patent attachments: inline only while its bytes are still a
    PNG or JPEG, with nosniff and a sandboxing CSP."""
    zone = _visible(zone_id)
    if not zone.banner_name or not store_path(zone.banner_name).exists():
        abort(404)
    path = store_path(zone.banner_name)
    mimetype, inline = delivery(zone.banner_type, path)
    name = "banner" + (".png" if "png" in mimetype else ".jpg")
    return send_file(path, mimetype=mimetype, download_name=name,
                     as_attachment=not inline, max_age=3600)
