"""Schemas of an IP centre's declarations: a plan as the read endpoints print it (`offer_schemas.PlanSchema`,
money as strings) read back into the domain's plan, a draft's body, a withdrawal's reason, and a
declaration version as data."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from marshmallow import Schema, fields, validate

from marketplace.api.fields import MoneyString
from marketplace.api.json_input import JsonInput
from marketplace.api.offer_schemas import PlanSchema, plan_data
from marketplace.api.paging import PageArgs
from marketplace.core.declaration_rules import DeclarationStatus
from marketplace.core.pricing import (
    ZERO,
    ConversionKind,
    Duration,
    DurationUnit,
    Phase,
    PhaseKind,
    Plan,
    PlanKind,
    RoyaltyPeriod,
    TrialEnd,
)
from marketplace.declarations.models import Declaration
from marketplace.declarations.plan_storage import read_plan

MAX_COUNT = 1200  # as the plan editor: at most 1200 days, months or years, 1200 instalments
RATE_PATTERN = r"^[0-9]{1,3}(\.[0-9]{1,6})?$"


def _one_of(enum) -> validate.OneOf:
    return validate.OneOf([member.value for member in enum])


class DurationInput(JsonInput):
    """A length of time."""

    count = fields.Integer(required=True, strict=True, validate=validate.Range(min=1, max=MAX_COUNT))
    unit = fields.String(required=True, validate=_one_of(DurationUnit))


class TermInput(DurationInput):
    """The licence term: months or years, as the plan editor offers."""

    unit = fields.String(required=True, validate=validate.OneOf([DurationUnit.MONTH.value,
                                                                 DurationUnit.YEAR.value]))


class PhaseInput(JsonInput):
    """One phase: its kind, length (null for the last: it runs to the term's end), the fee due at its start
    and, for a royalty phase, the royalty terms."""

    kind = fields.String(required=True, validate=_one_of(PhaseKind))
    duration = fields.Nested(DurationInput, allow_none=True, load_default=None)
    fee = MoneyString(load_default=ZERO)
    royalty_rate = fields.String(allow_none=True, load_default=None, validate=validate.Regexp(RATE_PATTERN),
                                 metadata={"description": 'A fraction as a decimal string: "0.035" is 3.5%'})
    royalty_period = fields.String(allow_none=True, load_default=None, validate=_one_of(RoyaltyPeriod))
    annual_minimum = MoneyString(allow_none=True, load_default=None)
    milestone = fields.String(allow_none=True, load_default=None, validate=validate.Length(min=1, max=60),
                              metadata={"description": "A milestone that brings the phase's fee forward"})


class PlanInput(JsonInput):
    """A pricing plan in the shape the read endpoints print (`in_words` is ignored); the plan rules of the
    declaration page apply (`core.plan_validation`)."""

    kind = fields.String(required=True, validate=_one_of(PlanKind))
    term = fields.Nested(TermInput, required=True)
    trial_end = fields.String(allow_none=True, load_default=None, validate=_one_of(TrialEnd))
    conversion = fields.String(allow_none=True, load_default=None, validate=_one_of(ConversionKind))
    phases = fields.List(fields.Nested(PhaseInput), required=True, validate=validate.Length(max=MAX_COUNT))


class DraftInput(JsonInput):
    """The draft's terms: plan, payment method and other terms, as on the declaration page."""

    plan = fields.Nested(PlanInput, required=True)
    payment_method = fields.String(required=True, validate=validate.Length(min=1, max=300),
                                   metadata={"description": "e.g. bank transfer to the university's account"})
    other_terms = fields.String(load_default="", validate=validate.Length(max=2000))


class WithdrawInput(JsonInput):
    """Why the declaration is withdrawn (announced with it)."""

    reason = fields.String(required=True, validate=validate.Length(max=500))


class DeclarationArgs(PageArgs):
    """The university's declarations: all, or of one status or patent."""

    status = fields.String(validate=_one_of(DeclarationStatus))
    patent_id = fields.Integer(validate=validate.Range(min=1, max=2**31 - 1))


class DeclarationSchema(Schema):
    """A declaration version of one of the university's patents, with its plan."""

    id = fields.Integer(required=True)
    patent_id = fields.Integer(required=True)
    version = fields.Integer(required=True)
    status = fields.String(required=True, metadata={"enum": [status.value for status in DeclarationStatus]})
    plan = fields.Nested(PlanSchema, required=True)
    payment_method = fields.String(required=True)
    other_terms = fields.String(required=True)
    created_at = fields.DateTime(required=True)
    published_on = fields.Date(allow_none=True, required=True)
    withdrawn_on = fields.Date(allow_none=True, required=True)
    withdrawal_reason = fields.String(required=True)
    event_zone_id = fields.Integer(allow_none=True, required=True,
                                   metadata={"description": "For time-limited event terms: their zone"})
    valid_from = fields.Date(allow_none=True, required=True)
    valid_until = fields.Date(allow_none=True, required=True)


class DraftSchema(DeclarationSchema):
    """A saved draft, with the cautions its plan deserves (they do not stop publishing)."""

    warnings = fields.List(fields.String(), required=True)


def plan_from_input(data: dict[str, Any]) -> Plan:
    """The domain's plan from a loaded `PlanInput` (its rules are checked by the declaration services)."""
    def duration(value: dict[str, Any] | None) -> Duration | None:
        return None if value is None else Duration(value["count"], DurationUnit(value["unit"]))

    phases = tuple(
        Phase(PhaseKind(phase["kind"]), duration(phase["duration"]), phase["fee"],
              None if phase["royalty_rate"] is None else Decimal(phase["royalty_rate"]),
              None if phase["royalty_period"] is None else RoyaltyPeriod(phase["royalty_period"]),
              phase["annual_minimum"], phase["milestone"])
        for phase in data["phases"])
    term = duration(data["term"])
    assert term is not None
    return Plan(PlanKind(data["kind"]), term, phases,
                None if data["trial_end"] is None else TrialEnd(data["trial_end"]),
                None if data["conversion"] is None else ConversionKind(data["conversion"]))


def declaration_data(declaration: Declaration) -> dict[str, Any]:
    """A declaration version as data."""
    return {"id": declaration.id, "patent_id": declaration.patent_id, "version": declaration.version,
            "status": declaration.status.value, "plan": plan_data(read_plan(declaration)),
            "payment_method": declaration.payment_method, "other_terms": declaration.other_terms,
            "created_at": declaration.created_at, "published_on": declaration.published_on,
            "withdrawn_on": declaration.withdrawn_on, "withdrawal_reason": declaration.withdrawal_reason,
            "event_zone_id": declaration.event_zone_id, "valid_from": declaration.valid_from,
            "valid_until": declaration.valid_until}
