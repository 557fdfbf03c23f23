"""Schemas of the open data feed: an entry (publication or withdrawal) with the terms version, the plan in
full and the patent's bibliographic data; a page of entries; and the same entry as a CSV row."""

from __future__ import annotations

import json
from typing import Any

from marshmallow import Schema, fields

from marketplace.api.offer_schemas import OfferSchema, offer_data, patent_data
from marketplace.api.paging import page_schema
from marketplace.declarations.offer_feed import FeedEvent
from marketplace.declarations.plan_storage import read_plan

BIBLIOGRAPHIC = ("id", "application_number", "title", "patent_type", "university_id", "university",
                 "inventors", "patentees", "filing_date", "grant_date", "expiry_date", "legal_status",
                 "ipc_codes", "industry", "keywords", "trl", "abstract", "claims_summary")


class BibliographicSchema(Schema):
    """A patent's bibliographic data as the catalogue publishes it."""

    id = fields.Integer(required=True)
    application_number = fields.String(required=True)
    title = fields.String(required=True)
    patent_type = fields.String(required=True)
    university_id = fields.Integer(required=True)
    university = fields.String(required=True)
    inventors = fields.String(required=True)
    patentees = fields.String(required=True)
    filing_date = fields.Date(required=True)
    grant_date = fields.Date(allow_none=True, required=True)
    expiry_date = fields.Date(required=True)
    legal_status = fields.String(required=True)
    ipc_codes = fields.List(fields.String(), required=True)
    industry = fields.String(required=True)
    keywords = fields.String(required=True)
    trl = fields.Integer(allow_none=True, required=True)
    abstract = fields.String(required=True)
    claims_summary = fields.String(required=True)


class FeedOfferSchema(OfferSchema):
    """The terms of the version, with the window of time-limited event terms (null otherwise)."""

    status = fields.String(required=True, metadata={"enum": ["published", "event", "withdrawn"],
                                                    "description": "Where the version stands now"})
    valid_from = fields.Date(allow_none=True, required=True)
    valid_until = fields.Date(allow_none=True, required=True)
    event_zone_id = fields.Integer(allow_none=True, required=True)


class FeedEntrySchema(Schema):
    """A publication or a withdrawal of one version of a patent's open-licence terms."""

    id = fields.String(required=True, metadata={"description": "Stable: the same entry keeps its id"})
    event = fields.String(required=True, metadata={"enum": ["published", "withdrawn"]})
    at = fields.DateTime(required=True)
    declaration_id = fields.Integer(required=True)
    terms_version = fields.Integer(required=True)
    withdrawn_on = fields.Date(allow_none=True, required=True)
    withdrawal_reason = fields.String(required=True)
    patent = fields.Nested(BibliographicSchema, required=True)
    offer = fields.Nested(FeedOfferSchema, required=True)


class FeedPageSchema(page_schema(FeedEntrySchema)):  # type: ignore[misc]
    """A page of the feed, and where the next poll starts."""

    next_since = fields.DateTime(allow_none=True, required=True, metadata={
        "description": "The time of the latest entry at or after `since`: poll again with since= this "
                       "(entries at that instant come again; skip the ids already seen)"})


def entry_data(entry: FeedEvent) -> dict[str, Any]:
    """A feed entry as data."""
    declaration = entry.declaration
    patent = patent_data(declaration.patent, None)
    return {"id": entry.id, "event": entry.event, "at": entry.at, "declaration_id": declaration.id,
            "terms_version": declaration.version, "withdrawn_on": declaration.withdrawn_on,
            "withdrawal_reason": declaration.withdrawal_reason or "",
            "patent": {name: patent[name] for name in BIBLIOGRAPHIC},
            "offer": {**offer_data(declaration, read_plan(declaration)), "status": declaration.status.value,
                      "valid_from": declaration.valid_from, "valid_until": declaration.valid_until,
                      "event_zone_id": declaration.event_zone_id}}


CSV_COLUMNS = ("id", "event", "at", "declaration_id", "terms_version", "status", "published_on",
               "withdrawn_on", "withdrawal_reason", "valid_from", "valid_until", "event_zone_id",
               "patent_id", "application_number", "title", "patent_type", "university", "patentees",
               "inventors", "filing_date", "grant_date", "expiry_date", "legal_status", "ipc_codes",
               "industry", "plan_kind", "plan_in_words", "payment_method", "other_terms", "plan_json")


def csv_row(data: dict[str, Any]) -> list[object]:
    """A dumped feed entry as one CSV row: the plan in words and, in full, as JSON in `plan_json`."""
    patent, offer = data["patent"], data["offer"]
    return [data["id"], data["event"], data["at"], data["declaration_id"], data["terms_version"],
            offer["status"], offer["published_on"], data["withdrawn_on"], data["withdrawal_reason"],
            offer["valid_from"], offer["valid_until"], offer["event_zone_id"],
            patent["id"], patent["application_number"], patent["title"], patent["patent_type"],
            patent["university"], patent["patentees"], patent["inventors"], patent["filing_date"],
            patent["grant_date"], patent["expiry_date"], patent["legal_status"],
            ";".join(patent["ipc_codes"]), patent["industry"], offer["plan"]["kind"],
            "\n".join(offer["plan"]["in_words"]), offer["payment_method"], offer["other_terms"],
            json.dumps(offer["plan"], ensure_ascii=False, sort_keys=True)]
