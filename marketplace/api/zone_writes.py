"""Registering for a zone and requesting meetings through the API, over the services of the registration
and meeting pages: an enterprise registers (one live registration per enterprise and zone, by a partial
unique index), reads and cancels its registration (compare-and-set), reads the zone's bookable slots and
asks a university for a meeting in one to three of them (one open request per patent, by a partial
unique index)."""

from __future__ import annotations

from typing import Any

from flask import url_for
from flask_login import current_user
from flask_smorest import abort
from marshmallow import Schema, fields, validate

from marketplace.accounts.models import Role
from marketplace.api.auth import BEARER, guarded
from marketplace.api.idempotency import idempotent
from marketplace.api.inputs import CleanString, body_fields
from marketplace.api.paging import PageArgs, envelope, page_schema
from marketplace.api.problem_api import ProblemSchema
from marketplace.api.problems import MEDIA_TYPE
from marketplace.api.zones import bp, visible_zone
from marketplace.clock import now, today
from marketplace.core import api_scopes
from marketplace.core.meetings import MAX_PROPOSED_SLOTS, REASON_MAX
from marketplace.edge.converters import MAX_ID
from marketplace.zones import meeting_services, registration
from marketplace.zones.meeting_models import MeetingRequest, MeetingSlot
from marketplace.zones.models import ZoneRegistration

REFUSED = {"schema": ProblemSchema, "content_type": MEDIA_TYPE}
PHONE = r"^\+?[0-9][0-9 \-()]{5,28}$"


def _an_id() -> fields.Integer:
    return fields.Integer(validate=validate.Range(min=1, max=MAX_ID))


class RegistrationSchema(Schema):
    """The enterprise's registration for a zone, with its check-in code."""

    id = fields.Integer(required=True)
    zone_id = fields.Integer(required=True)
    enterprise_id = fields.Integer(required=True)
    contact_name = fields.String(required=True)
    contact_phone = fields.String(required=True)
    interests = fields.String(required=True)
    patent_ids = fields.List(fields.Integer(), required=True)
    check_in_code = fields.String(required=True)
    registered_at = fields.DateTime(required=True)
    checked_in_at = fields.DateTime(allow_none=True, required=True)
    cancelled_at = fields.DateTime(allow_none=True, required=True)


class RegistrationBody(Schema):
    """Who comes, how to reach them, what interests the enterprise, which curated patents to discuss."""

    contact_name = CleanString(required=True, validate=validate.Length(min=1, max=60))
    contact_phone = CleanString(required=True, validate=[validate.Length(max=30), validate.Regexp(PHONE)],
                                metadata={"description": "Digits, spaces, - ( ) and +"})
    interests = CleanString(load_default="", validate=validate.Length(max=500))
    patent_ids = fields.List(_an_id(), load_default=list, validate=validate.Length(max=200),
                             metadata={"description": "Patents curated in the zone"})


class MeetingSlotSchema(Schema):
    """A slot of the zone's meeting sessions that has not started."""

    id = fields.Integer(required=True)
    day = fields.Date(required=True, metadata={"description": "Its day in Beijing time"})
    starts_at = fields.DateTime(required=True)
    ends_at = fields.DateTime(required=True)
    capacity = fields.Integer(required=True, metadata={"description": "Tables or rooms at once"})


class MeetingRequestSchema(Schema):
    """A request for a meeting with a university's IP centre about a patent of the zone."""

    id = fields.Integer(required=True)
    zone_id = fields.Integer(required=True)
    patent_id = fields.Integer(required=True)
    university_id = fields.Integer(required=True)
    enterprise_id = fields.Integer(required=True)
    status = fields.String(required=True)
    reason = fields.String(required=True)
    slot_ids = fields.List(fields.Integer(), required=True, metadata={"description": "Proposed, in order"})
    accepted_slot_id = fields.Integer(allow_none=True, required=True)
    created_at = fields.DateTime(required=True)


class MeetingRequestBody(Schema):
    """A patent of the zone, what to discuss, and one to three future slots of the zone."""

    patent_id = fields.Integer(required=True, validate=validate.Range(min=1, max=MAX_ID))
    reason = CleanString(required=True, validate=validate.Length(min=1, max=REASON_MAX))
    slot_ids = fields.List(_an_id(), required=True, validate=validate.Length(min=1, max=MAX_PROPOSED_SLOTS))


def registration_data(row: ZoneRegistration) -> dict[str, Any]:
    """A registration as data."""
    return {"id": row.id, "zone_id": row.zone_id, "enterprise_id": row.enterprise_id,
            "contact_name": row.contact_name, "contact_phone": row.contact_phone, "interests": row.interests,
            "patent_ids": [patent.id for patent in row.patents], "check_in_code": row.check_in_code,
            "registered_at": row.registered_at, "checked_in_at": row.checked_in_at,
            "cancelled_at": row.cancelled_at}


def meeting_data(meeting: MeetingRequest) -> dict[str, Any]:
    """A meeting request as data."""
    return {"id": meeting.id, "zone_id": meeting.zone_id, "patent_id": meeting.patent_id,
            "university_id": meeting.university_id, "enterprise_id": meeting.enterprise_id,
            "status": meeting.status.value, "reason": meeting.reason,
            "slot_ids": [proposal.slot_id for proposal in meeting.proposals],
            "accepted_slot_id": meeting.accepted_slot_id, "created_at": meeting.created_at}


def slot_data(slot: MeetingSlot) -> dict[str, Any]:
    """A slot as data."""
    return {"id": slot.id, "day": slot.day, "starts_at": slot.starts_at, "ends_at": slot.ends_at,
            "capacity": slot.capacity}


@bp.route("/zones/<id:zone_id>/registrations", methods=["POST"])
@bp.doc(security=BEARER)
@guarded(api_scopes.ZONES_WRITE, Role.ENTERPRISE_USER)
@idempotent
@bp.arguments(RegistrationBody)
@bp.response(201, RegistrationSchema)
@bp.alt_response(422, description="Refused: registration not open, a patent not of the zone, already "
                                  "registered", **REFUSED)
def register(body: dict[str, Any], zone_id: int):
    """Register the enterprise for the zone; the answer carries its check-in code."""
    zone = visible_zone(zone_id)
    with body_fields(patents="patent_ids"):
        row = registration.register(zone, current_user, body["contact_name"], body["contact_phone"],
                                    body["interests"], body["patent_ids"], today(), now())
    return registration_data(row), 201, {"Location": url_for("api_zones.my_registration", zone_id=zone.id,
                                                             _external=True)}


@bp.route("/zones/<id:zone_id>/registration")
@bp.doc(security=BEARER)
@guarded(api_scopes.READ, Role.ENTERPRISE_USER)
@bp.response(200, RegistrationSchema)
def my_registration(zone_id: int):
    """The enterprise's live registration for the zone (404 when it has none)."""
    zone = visible_zone(zone_id)
    row = registration.live_registration(zone.id, current_user.enterprise_id)
    if row is None:
        abort(404)
    return registration_data(row)


@bp.route("/zones/<id:zone_id>/registration/cancel", methods=["POST"])
@bp.doc(security=BEARER)
@guarded(api_scopes.ZONES_WRITE, Role.ENTERPRISE_USER)
@bp.response(200, RegistrationSchema)
@bp.alt_response(422, description="Refused: no live registration, checked in already, zone closed",
                 **REFUSED)
def cancel_registration(zone_id: int):
    """Cancel the enterprise's registration (kept, marked cancelled); it may register again while
    registration is open."""
    zone = visible_zone(zone_id)
    return registration_data(registration.cancel(zone, current_user, now()))


@bp.route("/zones/<id:zone_id>/meeting-slots")
@bp.arguments(PageArgs, location="query")
@bp.response(200, page_schema(MeetingSlotSchema))
def meeting_slots(args: dict[str, int], zone_id: int):
    """The zone's meeting slots that have not started, by time (the slots a request may propose)."""
    zone = visible_zone(zone_id)
    slots = meeting_services.bookable_slots(zone.id, now())
    page, per_page = args["page"], args["per_page"]
    shown = slots[(page - 1) * per_page:page * per_page]
    return envelope([slot_data(slot) for slot in shown], page, per_page, len(slots))


@bp.route("/zones/<id:zone_id>/meetings", methods=["POST"])
@bp.doc(security=BEARER)
@guarded(api_scopes.ZONES_WRITE, Role.ENTERPRISE_USER)
@idempotent
@bp.arguments(MeetingRequestBody)
@bp.response(201, MeetingRequestSchema)
@bp.alt_response(422, description="Refused: not registered, zone not open, a patent or slot not of the "
                                  "zone, a slot started, an open request about the patent", **REFUSED)
def request_meeting(body: dict[str, Any], zone_id: int):
    """Ask the IP centre of a patent of the zone for a meeting in one of one to three slots; it accepts
    one of them or declines."""
    zone = visible_zone(zone_id)
    with body_fields(patent="patent_id", slots="slot_ids"):
        meeting = meeting_services.request_meeting(current_user, zone, body["patent_id"], body["reason"],
                                                   body["slot_ids"], now())
    return meeting_data(meeting), 201
