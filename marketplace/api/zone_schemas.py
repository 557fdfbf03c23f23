"""Schemas of zones, their figures for the organiser and their registrations, and the functions that
fill them."""

from __future__ import annotations

from typing import Any

from marshmallow import Schema, fields

from marketplace.zones.models import Zone, ZoneRegistration
from marketplace.zones.queries import ZoneFigures


class ZoneSchema(Schema):
    """A zone: theme, window, mode and place."""

    id = fields.Integer(required=True)
    title = fields.String(required=True)
    theme = fields.String(required=True)
    description = fields.String(required=True)
    status = fields.String(required=True)
    mode = fields.String(required=True)
    place = fields.String(required=True)
    opens_on = fields.Date(required=True)
    closes_on = fields.Date(required=True)
    industries = fields.String(required=True)
    keywords = fields.String(required=True)


class OrganiserZoneSchema(ZoneSchema):
    """A zone its organiser runs, with the figures of the organiser's dashboard."""

    organiser_id = fields.Integer(required=True)
    curated = fields.Integer(required=True, metadata={"description": "Patents curated into the zone"})
    pending_nominations = fields.Integer(required=True)
    registrations = fields.Integer(required=True, metadata={"description": "Live (not cancelled) ones"})


class RegisteredPatentSchema(Schema):
    """A patent an enterprise wants to discuss at the zone."""

    id = fields.Integer(required=True)
    application_number = fields.String(required=True)
    title = fields.String(required=True)


class RegistrantSchema(Schema):
    """An enterprise's registration for a zone as its organiser sees it."""

    id = fields.Integer(required=True)
    zone_id = fields.Integer(required=True)
    enterprise_id = fields.Integer(required=True)
    enterprise = fields.String(required=True)
    contact_name = fields.String(required=True)
    contact_phone = fields.String(required=True)
    interests = fields.String(required=True)
    patents = fields.List(fields.Nested(RegisteredPatentSchema), required=True)
    registered_at = fields.DateTime(required=True)
    checked_in_at = fields.DateTime(allow_none=True, required=True)
    cancelled_at = fields.DateTime(allow_none=True, required=True)


def zone_data(zone: Zone) -> dict[str, Any]:
    """A zone as data."""
    return {"id": zone.id, "title": zone.title, "theme": zone.theme, "description": zone.description,
            "status": zone.status.value, "mode": zone.mode.value, "place": zone.place,
            "opens_on": zone.opens_on,
            "closes_on": zone.closes_on, "industries": zone.industries, "keywords": zone.keywords}


def organiser_zone_data(figures: ZoneFigures) -> dict[str, Any]:
    """A zone with its figures as data."""
    return {**zone_data(figures.zone), "organiser_id": figures.zone.organiser_id, "curated": figures.curated,
            "pending_nominations": figures.pending_nominations, "registrations": figures.registrations}


def registrant_data(registration: ZoneRegistration) -> dict[str, Any]:
    """A registration as its organiser sees it, as data."""
    return {"id": registration.id, "zone_id": registration.zone_id,
            "enterprise_id": registration.enterprise_id, "enterprise": registration.enterprise.name,
            "contact_name": registration.contact_name, "contact_phone": registration.contact_phone,
            "interests": registration.interests,
            "patents": [{"id": patent.id, "application_number": patent.application_number,
                         "title": patent.title} for patent in registration.patents],
            "registered_at": registration.registered_at, "checked_in_at": registration.checked_in_at,
            "cancelled_at": registration.cancelled_at}
