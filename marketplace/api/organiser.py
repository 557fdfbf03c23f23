"""Organisers' zones over the API: their zones with the dashboard's figures, and the registrations of a
zone they run. Organisers need the `zones:write` scope; administrators, whose tokens only read, may read
both (every zone), as on the organiser pages."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from flask_login import current_user

from marketplace.accounts.models import Role
from marketplace.api.auth import BEARER, guarded
from marketplace.api.blueprint import api_blueprint
from marketplace.api.paging import PageArgs, page_of, page_schema
from marketplace.api.zone_schemas import (
    OrganiserZoneSchema,
    RegistrantSchema,
    organiser_zone_data,
    registrant_data,
)
from marketplace.core import api_scopes
from marketplace.zones import queries, services
from marketplace.zones.registration import registrations_of_zone

bp = api_blueprint("organiser", "Organisers' zones with their figures, and the zones' registrations.")


def organisers_and_administrators(view: Callable) -> Callable:
    """Organisers with `zones:write`, administrators with `read` (their role allows no more); 401 without
    a caller, 403 for any other role."""
    as_organiser = guarded(api_scopes.ZONES_WRITE, Role.ORGANISER)(view)
    as_administrator = guarded(api_scopes.READ, Role.ADMIN)(view)

    @wraps(view)
    def wrapped(*args, **kwargs):
        if current_user.is_authenticated and current_user.role == Role.ADMIN:
            return as_administrator(*args, **kwargs)
        return as_organiser(*args, **kwargs)

    return wrapped


@bp.route("/organiser/zones")
@bp.doc(security=BEARER)
@organisers_and_administrators
@bp.arguments(PageArgs, location="query")
@bp.response(200, page_schema(OrganiserZoneSchema))
def zones(args: dict[str, Any]):
    """The organiser's zones (every zone for an administrator), newest first, each with the figures of the
    organiser's dashboard: curated patents, pending nominations, live registrations."""
    body = page_of(services.organiser_zones_query(current_user), args)
    body["items"] = [organiser_zone_data(figures) for figures in queries.zone_figures(body["items"])]
    return body


@bp.route("/zones/<id:zone_id>/registrations")
@bp.doc(security=BEARER)
@organisers_and_administrators
@bp.arguments(PageArgs, location="query")
@bp.response(200, page_schema(RegistrantSchema))
def registrations(args: dict[str, Any], zone_id: int):
    """The registrations of a zone the caller runs (404 for another organiser's), live ones first."""
    zone = services.zone_for_organiser(zone_id, current_user)
    return page_of(registrations_of_zone(zone.id), args, registrant_data)
