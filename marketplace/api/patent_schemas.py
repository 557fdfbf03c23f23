"""Schemas of an IP centre's own patents: the record a patent is created or changed from (the fields of
the patent form and of an import row, as text the record validator reads), the patent as its university
sees it, the list's filters and an import's outcome."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _
from marshmallow import Schema, fields, pre_load, validate

from marketplace.api.json_input import JsonInput
from marketplace.api.offer_schemas import PatentSummarySchema, patent_summary
from marketplace.api.paging import PageArgs
from marketplace.catalogue.labels import PLAN_KIND_LABELS
from marketplace.catalogue.models import Patent
from marketplace.core.patent_fields import LegalStatus
from marketplace.core.patent_record import FIELDS, REQUIRED_FIELDS

MAX_IMPORT_RECORDS = 500
LIST_HINT = "Several separated by ；"
DATE_HINT = "YYYY-MM-DD (2021/3/15, 20210315 and 2021年3月15日 are read too)"
DESCRIPTIONS = {
    "application_number": "e.g. 202110123456.7; a ZL prefix, spaces and full-width digits are fine",
    "ipc_codes": "Main classification first; " + LIST_HINT,
    "inventors": LIST_HINT, "patentees": "Co-owners included; " + LIST_HINT, "keywords": LIST_HINT,
    "filing_date": DATE_HINT, "grant_date": DATE_HINT + "; empty when not granted",
    "legal_status": "granted, lapsed, expired, invalidated (or 有效, 未缴年费终止, 期满终止, 宣告无效)",
    "industry": "An industry value or its Chinese name; empty for other",
}


def _text(name: str, required: bool) -> fields.String:
    return fields.String(required=required, metadata={"description": DESCRIPTIONS.get(name, "")})


def _record_fields(required: bool) -> dict[str, fields.Field]:
    found: dict[str, fields.Field] = {name: _text(name, required and name in REQUIRED_FIELDS)
                                      for name in FIELDS if name != "trl"}
    found["trl"] = fields.Integer(allow_none=True, strict=True,
                                  metadata={"description": "Technology readiness level 1–9, or null"})
    return found


PatentInputSchema = type("PatentInputSchema", (JsonInput,), {
    **_record_fields(required=True),
    "__doc__": "A patent to add: the fields of the patent form and of an import row. The catalogue's record "
               "rules apply (check digits, IPC codes, dates, legal status); refusals name their field."})

PatentChangeSchema = type("PatentChangeSchema", (JsonInput,), {
    **_record_fields(required=False),
    "__doc__": "The fields of a patent to change; the others keep their values. The whole record is checked "
               "again as the edit form checks it."})


class PatentImportSchema(PatentInputSchema):  # type: ignore[misc, valid-type]
    """One record of an import."""

    @pre_load(pass_collection=True)
    def _bounded(self, data: Any, many: bool, **kwargs) -> Any:
        from marshmallow import ValidationError

        if many and (not isinstance(data, list) or not 1 <= len(data) <= MAX_IMPORT_RECORDS):
            raise ValidationError(_("Send an array of 1 to %(count)d records.", count=MAX_IMPORT_RECORDS))
        return data

    def handle_error(self, error, data, *, many: bool, **kwargs) -> None:
        """Refusals per record as "index.field" (e.g. "3.title"), as the record rules name them."""
        from marshmallow import ValidationError

        messages = error.messages
        if many and isinstance(messages, dict):
            flat: dict[str, Any] = {}
            for index, texts in messages.items():
                if isinstance(texts, dict):
                    flat.update({f"{index}.{name}": value for name, value in texts.items()})
                else:
                    flat[str(index)] = texts
            raise ValidationError(flat) from error
        raise error


def record_input(data: dict[str, Any], base: dict[str, str] | None = None) -> dict[str, str]:
    """A loaded body as the record validator's text values, over `base` (a stored patent's) if given."""
    values = dict(base or dict.fromkeys(FIELDS, ""))
    for name, value in data.items():
        if name in values:
            values[name] = "" if value is None else str(value)
    return values


class OwnPatentArgs(PageArgs):
    """The IP centre's list: search text, archived tab, legal status and plan kind offered."""

    q = fields.String(load_default="", validate=validate.Length(max=200),
                      metadata={"description": "Part of the title or of the application number"})
    archived = fields.Boolean(load_default=False, metadata={"description": "The archived patents instead"})
    legal_status = fields.String(validate=validate.OneOf([status.value for status in LegalStatus]))
    offer_kind = fields.String(validate=validate.OneOf(list(PLAN_KIND_LABELS)),
                               metadata={"description": "Only patents offered with this kind of plan"})


class OwnPatentSchema(PatentSummarySchema):
    """A patent of the caller's university, as its IP centre manages it."""

    abstract = fields.String(required=True)
    claims_summary = fields.String(required=True)
    inventors = fields.String(required=True)
    patentees = fields.String(required=True)
    filing_date = fields.Date(required=True)
    grant_date = fields.Date(allow_none=True, required=True)
    trl = fields.Integer(allow_none=True, required=True)
    keywords = fields.String(required=True)
    title_en = fields.String(required=True)
    abstract_en = fields.String(required=True)
    archived = fields.Boolean(required=True)
    updated_at = fields.DateTime(required=True)


def own_patent_data(patent: Patent) -> dict[str, Any]:
    """A patent of the caller's university as data."""
    return {**patent_summary(patent), "abstract": patent.abstract, "claims_summary": patent.claims_summary,
            "inventors": patent.inventors, "patentees": patent.patentees, "filing_date": patent.filing_date,
            "grant_date": patent.grant_date, "trl": patent.trl, "keywords": patent.keywords,
            "title_en": patent.title_en, "abstract_en": patent.abstract_en, "archived": patent.archived,
            "updated_at": patent.updated_at}


class ImportWarningSchema(Schema):
    """A record that was imported but deserves a look."""

    index = fields.Integer(required=True, metadata={"description": "0-based position in the array"})
    field = fields.String(required=True)
    message = fields.String(required=True)


class ImportResultSchema(Schema):
    """An import's outcome: the patents in the records' order."""

    ids = fields.List(fields.Integer(), required=True)
    created = fields.Integer(required=True)
    updated = fields.Integer(required=True, metadata={"description": "Numbers the university already had"})
    warnings = fields.List(fields.Nested(ImportWarningSchema), required=True)
