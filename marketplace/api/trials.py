"""Deciding a trial through the API, over the service of the licence page: the enterprise converts its
trial early or declines it. Declining cannot be undone, so, as the page's confirmation box does, it needs
`"confirm": true`. The service takes the licence for change; a trial already decided is refused (422)."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _
from flask_login import current_user
from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from marketplace.accounts.models import Role
from marketplace.api.auth import BEARER, guarded
from marketplace.api.licence_schemas import LicenceDetailSchema, charge_data, licence_data
from marketplace.api.licences import bp
from marketplace.api.problem_api import ProblemSchema
from marketplace.api.problems import MEDIA_TYPE
from marketplace.clock import today
from marketplace.core import api_scopes
from marketplace.extensions import db
from marketplace.licensing import services
from marketplace.licensing.models import Licence
from marketplace.licensing.money_columns import MoneyColumns, money_columns


class TrialDecisionBody(Schema):
    """Convert the trial early, or decline it (confirmed: the licence ends and can no longer be
    converted)."""

    decision = fields.String(required=True, validate=validate.OneOf(["convert", "decline"]))
    confirm = fields.Boolean(load_default=False,
                             metadata={"description": "Must be true to decline: declining cannot be undone"})

    @validates_schema
    def _declining_is_confirmed(self, data: dict[str, Any], **kwargs) -> None:
        if data.get("decision") == "decline" and not data.get("confirm"):
            raise ValidationError(
                _("Tick the box to confirm that you decline the trial; nothing has been changed."), "confirm")


def licence_detail(licence: Licence) -> dict[str, Any]:
    """The licence with its money and every charge, as read back after a change."""
    money = money_columns([licence.id], today()).get(licence.id, MoneyColumns())
    data = licence_data(licence, money)
    charges = sorted(licence.charges, key=lambda charge: (charge.due_date, charge.id))
    data["charges"] = [charge_data(charge) for charge in charges]
    return data


@bp.route("/licences/<id:licence_id>/trial", methods=["POST"])
@bp.doc(security=BEARER)
@guarded(api_scopes.LICENCES_WRITE, Role.ENTERPRISE_USER)
@bp.arguments(TrialDecisionBody)
@bp.response(200, LicenceDetailSchema)
@bp.alt_response(422, schema=ProblemSchema, content_type=MEDIA_TYPE,
                 description="Refused: the licence is not on trial, or its trial has ended")
def decide_trial(body: dict[str, Any], licence_id: int):
    """Convert the trial early (the schedule's charges stay on their dates) or decline it (nothing is
    owed); answers the licence as it now stands."""
    licence = services.licence_for(current_user, licence_id)
    decided = services.decide_trial(licence, current_user, body["decision"] == "convert", today())
    db.session.expire_all()  # charges voided by a bulk update are read again
    return licence_detail(db.session.get(Licence, decided.id))
