"""Catalogue endpoints: search with the site's facets and paging, a patent with its offer, and the
schedule a licence would have for a start date."""

from __future__ import annotations

from typing import Any

from flask_login import current_user
from flask_smorest import abort
from marshmallow import Schema, fields, validate

from marketplace.api.blueprint import api_blueprint
from marketplace.api.offer_schemas import (
    PatentSchema,
    PatentSummarySchema,
    QuoteSchema,
    offer_data,
    patent_data,
    patent_summary,
    quote_data,
)
from marketplace.api.paging import envelope, page_schema
from marketplace.api.problem_api import ProblemSchema
from marketplace.api.problems import MEDIA_TYPE
from marketplace.catalogue.interest import record_view
from marketplace.catalogue.labels import FACET_LABELS
from marketplace.catalogue.models import Patent
from marketplace.catalogue.search.query import PLAN_KINDS, SORTS, SearchQuery
from marketplace.catalogue.search.service import search
from marketplace.catalogue.visibility import visible_patent
from marketplace.clock import today
from marketplace.core.patent_fields import Industry, LegalStatus, PatentType
from marketplace.declarations.plan_storage import read_plan
from marketplace.declarations.services import terms_in_force
from marketplace.edge.converters import MAX_ID
from marketplace.licensing import services as licensing

bp = api_blueprint("catalogue", "Patents offered for open licence: search, detail, schedule quotes.")


def _choice(values) -> validate.OneOf:
    return validate.OneOf([str(value) for value in values])


class SearchArgs(Schema):
    """The catalogue's query: text, facet filters, order and page (20 results a page)."""

    q = fields.String(load_default="", validate=validate.Length(max=200))
    patent_type = fields.String(validate=_choice(PatentType))
    ipc = fields.String(validate=validate.Regexp(r"^[A-Ha-h]([0-9]{2})?$"),
                        metadata={"description": "An IPC section (C) or class (C22)"})
    industry = fields.String(validate=_choice(Industry))
    university = fields.Integer(validate=validate.Range(min=1, max=MAX_ID))
    legal_status = fields.String(validate=_choice(LegalStatus))
    trl = fields.Integer(validate=validate.Range(min=1, max=9))
    plan_kind = fields.String(validate=_choice(PLAN_KINDS))
    trial = fields.Boolean(load_default=False, metadata={"description": "Only offers with a free trial"})
    price = fields.Integer(validate=validate.Range(min=1, max=5),
                           metadata={"description": "A price band 1–5"})
    zone = fields.Integer(validate=validate.Range(min=1, max=MAX_ID),
                          metadata={"description": "Only the patents curated into this zone"})
    sort = fields.String(load_default="relevance", validate=_choice(SORTS))
    page = fields.Integer(load_default=1, validate=validate.Range(min=1, max=100_000))


class FacetValueSchema(Schema):
    """One value of a facet with the number of results that have it."""

    value = fields.String(required=True)
    label = fields.String(required=True)
    count = fields.Integer(required=True)
    selected = fields.Boolean(required=True)


class SearchPageSchema(page_schema(PatentSummarySchema)):  # type: ignore[misc]
    """A page of search results with the facet counts of the whole result set."""

    facets = fields.Dict(keys=fields.String(), values=fields.List(fields.Nested(FacetValueSchema)),
                         required=True)
    estimated = fields.Boolean(required=True, metadata={
        "description": "true when the text matches so many patents that `total` and the facet counts are "
                       "estimates from a sample of the catalogue (the page itself is exact)"})


class QuoteArgs(Schema):
    """The day the licence would start (today when not given)."""

    start = fields.Date(metadata={"description": "The first day of the licence; today when not given"})


def _value(value: Any) -> str:
    return str(getattr(value, "value", value))


@bp.route("/patents")
@bp.arguments(SearchArgs, location="query")
@bp.response(200, SearchPageSchema)
def search_patents(args: dict[str, Any]):
    """Search the catalogue as the site's search page does."""
    raw = {key: ("1" if value is True else "" if value is False else str(value))
           for key, value in args.items()}
    result = search(SearchQuery.from_args(raw), FACET_LABELS)
    page = result.page
    body = envelope([patent_summary(patent) for patent in page.items], page.page, page.per_page,
                    page.total or 0)
    body["facets"] = {facet: [{"value": _value(item.value), "label": str(item.label), "count": item.count,
                               "selected": item.selected} for item in values]
                      for facet, values in result.facets.items()}
    body["estimated"] = result.estimated
    return body


def _visible(patent_id: int) -> Patent:
    """The patent when the caller may see it (the catalogue's visibility rule), else 404."""
    viewer = current_user.university_id if current_user.is_authenticated else None
    patent = visible_patent(patent_id, viewer)
    if patent is None:
        abort(404)
    return patent


@bp.route("/patents/<id:patent_id>")
@bp.response(200, PatentSchema)
def patent_detail(patent_id: int):
    """A patent with the open-licence terms in force today (null when it is not on offer)."""
    patent = _visible(patent_id)
    if current_user.is_authenticated and current_user.enterprise_id is not None:
        record_view(patent, current_user.enterprise_id, today())
    declaration = terms_in_force(patent.id, today())
    offer = offer_data(declaration, read_plan(declaration)) if declaration is not None else None
    return patent_data(patent, offer)


# A quote leads to taking the licence it priced: Schemathesis follows this link in its stateful runs.
TAKE_QUOTED = {"operationRef": "#/paths/~1api~1v1~1licences/post",
               "requestBody": {"patent_id": "$request.path.patent_id",
                               "declaration_id": "$response.body#/declaration_id",
                               "start_date": "$response.body#/start"},
               "description": "Take a licence on the quoted terms from the quoted start"}


@bp.route("/patents/<id:patent_id>/quote")
@bp.arguments(QuoteArgs, location="query")
@bp.response(200, QuoteSchema)
@bp.alt_response(422, schema=ProblemSchema, content_type=MEDIA_TYPE,
                 description="No offer in force, or a start before today or after the expiry")
@bp.doc(responses={200: {"links": {"TakeLicence": TAKE_QUOTED}}})
def quote(args: dict[str, Any], patent_id: int):
    """The schedule of charges a licence of the patent starting on `start` would have."""
    patent = _visible(patent_id)
    on_day = today()
    offer = licensing.offer_for(patent, on_day)
    schedule = licensing.schedule_for(offer, patent, args.get("start", on_day), on_day)
    return quote_data(offer.declaration, schedule)
