"""Taking a licence through the API: the same service and rules as the take-licence page, made safe to
retry with an Idempotency-Key."""

from __future__ import annotations

from typing import Any

from flask import url_for
from flask_login import current_user
from flask_smorest import abort
from marshmallow import Schema, fields, validate

from marketplace.accounts.models import Role
from marketplace.api.auth import BEARER, guarded
from marketplace.api.idempotency import idempotent
from marketplace.api.licence_schemas import LicenceDetailSchema, charge_data, licence_data
from marketplace.api.licences import bp
from marketplace.api.problem_api import ProblemSchema
from marketplace.api.problems import MEDIA_TYPE
from marketplace.catalogue.models import Patent
from marketplace.clock import now, today
from marketplace.core import api_scopes
from marketplace.edge.converters import MAX_ID
from marketplace.extensions import db
from marketplace.licensing import services
from marketplace.licensing.money_columns import MoneyColumns
from marketplace.zones.attribution import source_zone_for


class TakeLicenceSchema(Schema):
    """Take a licence of a patent on the terms in force, which must be the version reviewed."""

    patent_id = fields.Integer(required=True, validate=validate.Range(min=1, max=MAX_ID))
    declaration_id = fields.Integer(required=True, validate=validate.Range(min=1, max=MAX_ID),
                                    metadata={"description": "The offer's declaration_id, as read"})
    start_date = fields.Date(required=True,
                             metadata={"description": "Today or later, before the patent expires"})
    zone_id = fields.Integer(load_default=None, allow_none=True, validate=validate.Range(min=1, max=MAX_ID),
                             metadata={"description": "The zone the patent was found in, if any"})


@bp.route("/licences", methods=["POST"])
@bp.doc(security=BEARER)
@guarded(api_scopes.LICENCES_WRITE, Role.ENTERPRISE_USER)
@idempotent
@bp.arguments(TakeLicenceSchema)
@bp.response(201, LicenceDetailSchema)
@bp.alt_response(422, schema=ProblemSchema, content_type=MEDIA_TYPE,
                 description="Refused by the rules: no offer, changed terms, bad start, already held")
def take_licence(body: dict[str, Any]):
    """Take a licence; its schedule of charges starts on `start_date`."""
    patent = db.session.get(Patent, body["patent_id"])
    if patent is None or patent.archived:
        abort(404)
    on_day = today()
    zone_id = source_zone_for(current_user.enterprise_id, patent.id, on_day, body["zone_id"])
    licence = services.take_licence(current_user, patent, body["declaration_id"], body["start_date"], on_day,
                                    now(), source_zone_id=zone_id)
    data = licence_data(licence, MoneyColumns())
    charges = sorted(licence.charges, key=lambda charge: (charge.due_date, charge.id))
    data["charges"] = [charge_data(charge) for charge in charges]
    return data, 201, {"Location": url_for("api_licences.licence", licence_id=licence.id, _external=True)}
