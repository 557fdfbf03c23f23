"""Schemas of patents, their offers (plan in full) and schedule quotes, and the functions that turn the
domain's objects into the plain data they describe."""

from __future__ import annotations

from typing import Any

from marshmallow import Schema, fields

from marketplace.api.fields import MoneyString
from marketplace.catalogue.models import LIST_SEPARATOR, Patent
from marketplace.core.money import Money
from marketplace.core.pricing import Duration, Phase, Plan
from marketplace.core.schedule import Schedule
from marketplace.declarations.describe import describe_plan
from marketplace.declarations.models import Declaration


class DurationSchema(Schema):
    """A length of time: a count of days, months or years."""

    count = fields.Integer(required=True)
    unit = fields.String(required=True, metadata={"enum": ["day", "month", "year"]})


class PhaseSchema(Schema):
    """One phase of a plan: what is due at its start and, for a royalty phase, the royalty terms."""

    kind = fields.String(required=True)
    duration = fields.Nested(DurationSchema, allow_none=True, required=True,
                             metadata={"description": "null for the last phase: it runs to the term's end"})
    fee = MoneyString(required=True)
    royalty_rate = fields.String(allow_none=True, required=True,
                                 metadata={"description": 'A fraction as a decimal string: "0.035" is 3.5%'})
    royalty_period = fields.String(allow_none=True, required=True)
    annual_minimum = MoneyString(allow_none=True, required=True)
    milestone = fields.String(allow_none=True, required=True, metadata={
        "description": "The milestone that brings the phase's fee forward: due when the university "
                       "confirms it, at the phase's start at the latest; after a trial it ends the trial"})


class PlanSchema(Schema):
    """A pricing plan in full, and in words as the site shows it."""

    kind = fields.String(required=True, metadata={"enum": ["flat", "staged", "try_first", "royalty", "free"]})
    term = fields.Nested(DurationSchema, required=True)
    trial_end = fields.String(allow_none=True, required=True)
    conversion = fields.String(allow_none=True, required=True)
    phases = fields.List(fields.Nested(PhaseSchema), required=True)
    in_words = fields.List(fields.String(), required=True)


class OfferSchema(Schema):
    """The open-licence terms in force for a patent: the declaration version and its plan."""

    declaration_id = fields.Integer(required=True)
    terms_version = fields.Integer(required=True)
    published_on = fields.Date(allow_none=True, required=True)
    payment_method = fields.String(required=True)
    other_terms = fields.String(required=True)
    plan = fields.Nested(PlanSchema, required=True)


class PatentSummarySchema(Schema):
    """A patent as a search result shows it, with a summary of its offer."""

    id = fields.Integer(required=True)
    application_number = fields.String(required=True)
    title = fields.String(required=True)
    patent_type = fields.String(required=True)
    university_id = fields.Integer(required=True)
    university = fields.String(required=True)
    industry = fields.String(required=True)
    ipc_codes = fields.List(fields.String(), required=True)
    legal_status = fields.String(required=True)
    expiry_date = fields.Date(required=True)
    offer_kind = fields.String(allow_none=True, required=True)
    offer_trial = fields.Boolean(required=True)
    offer_price = MoneyString(allow_none=True, required=True,
                              metadata={"description": "What is paid first (null without an offer)"})


class PatentSchema(PatentSummarySchema):
    """Everything public about a patent, with the terms in force (null when none)."""

    abstract = fields.String(required=True)
    claims_summary = fields.String(required=True)
    inventors = fields.String(required=True)
    patentees = fields.String(required=True)
    filing_date = fields.Date(required=True)
    grant_date = fields.Date(allow_none=True, required=True)
    trl = fields.Integer(allow_none=True, required=True)
    keywords = fields.String(required=True)
    offer = fields.Nested(OfferSchema, allow_none=True, required=True)


class ChargeSchema(Schema):
    """A charge of a schedule."""

    due = fields.Date(required=True)
    amount = MoneyString(required=True)
    kind = fields.String(required=True)
    phase = fields.Integer(required=True, metadata={"description": "1-based phase number"})


class QuoteSchema(Schema):
    """The schedule a licence starting on `start` would have, on the terms version that would be taken."""

    declaration_id = fields.Integer(required=True,
                                    metadata={"description": "Send it when taking the licence"})
    terms_version = fields.Integer(required=True)
    start = fields.Date(required=True)
    end = fields.Date(required=True)
    capped_at_expiry = fields.Boolean(required=True)
    trial_last_day = fields.Date(allow_none=True, required=True)
    total_fixed = MoneyString(required=True, metadata={"description": "The fixed fees (royalties excluded)"})
    charges = fields.List(fields.Nested(ChargeSchema), required=True)


def duration_data(duration: Duration | None) -> dict[str, Any] | None:
    """A duration as data."""
    return None if duration is None else {"count": duration.count, "unit": duration.unit.value}


def _phase(phase: Phase) -> dict[str, Any]:
    return {"kind": phase.kind.value, "duration": duration_data(phase.duration), "fee": phase.fee,
            "royalty_rate": None if phase.royalty_rate is None else str(phase.royalty_rate.normalize()),
            "royalty_period": None if phase.royalty_period is None else phase.royalty_period.value,
            "annual_minimum": phase.annual_minimum, "milestone": phase.milestone}


def plan_data(plan: Plan) -> dict[str, Any]:
    """A plan as data, with its wording."""
    return {"kind": plan.kind.value, "term": duration_data(plan.term),
            "trial_end": None if plan.trial_end is None else plan.trial_end.value,
            "conversion": None if plan.conversion is None else plan.conversion.value,
            "phases": [_phase(phase) for phase in plan.phases],
            "in_words": [str(line) for line in describe_plan(plan)]}


def offer_data(declaration: Declaration, plan: Plan) -> dict[str, Any]:
    """The terms of a declaration version as data."""
    return {"declaration_id": declaration.id, "terms_version": declaration.version,
            "published_on": declaration.published_on, "payment_method": declaration.payment_method,
            "other_terms": declaration.other_terms, "plan": plan_data(plan)}


def patent_summary(patent: Patent) -> dict[str, Any]:
    """A patent as a search result."""
    return {"id": patent.id, "application_number": patent.application_number, "title": patent.title,
            "patent_type": patent.patent_type.value, "university_id": patent.university_id,
            "university": patent.university.name, "industry": patent.industry.value,
            "ipc_codes": [code.strip() for code in patent.ipc_codes.split(LIST_SEPARATOR) if code.strip()],
            "legal_status": patent.legal_status.value, "expiry_date": patent.expiry_date,
            "offer_kind": patent.offer_kind or None, "offer_trial": patent.offer_trial,
            "offer_price": None if patent.offer_price_fen is None else _fen(patent.offer_price_fen)}


def _fen(fen: int) -> Money:
    return Money.from_fen(fen)


def patent_data(patent: Patent, offer: dict[str, Any] | None) -> dict[str, Any]:
    """Everything public about a patent."""
    return {**patent_summary(patent), "abstract": patent.abstract, "claims_summary": patent.claims_summary,
            "inventors": patent.inventors, "patentees": patent.patentees, "filing_date": patent.filing_date,
            "grant_date": patent.grant_date, "trl": patent.trl, "keywords": patent.keywords, "offer": offer}


def quote_data(declaration: Declaration, schedule: Schedule) -> dict[str, Any]:
    """A schedule on a declaration version's terms as a quote."""
    return {"declaration_id": declaration.id, "terms_version": declaration.version, "start": schedule.start,
            "end": schedule.end, "capped_at_expiry": schedule.capped_at_expiry,
            "trial_last_day": schedule.trial[1] if schedule.trial else None,
            "total_fixed": schedule.total_fixed(),
            "charges": [{"due": charge.due, "amount": charge.amount, "kind": charge.kind.value,
                         "phase": charge.phase_index + 1} for charge in schedule.charges]}
