"""Technology needs (技术需求) the caller may read, with the needs list's filters."""

from __future__ import annotations

from typing import Any

from flask_login import current_user
from flask_smorest import abort
from marshmallow import Schema, fields, validate

from marketplace.api.blueprint import api_blueprint
from marketplace.api.fields import money_from_fen
from marketplace.api.paging import envelope, page_schema
from marketplace.core.need_budget import BudgetBand
from marketplace.core.need_state import LIVE
from marketplace.core.patent_fields import Industry
from marketplace.extensions import db
from marketplace.needs import services
from marketplace.needs.filters import NeedFilters
from marketplace.needs.labels import PLAN_FACET_LABELS
from marketplace.needs.models import Need
from marketplace.needs.queries import visible_needs

bp = api_blueprint("needs", "Technology needs posted by enterprises.")


class NeedArgs(Schema):
    """The needs list's search text, filters and page (20 needs a page)."""

    q = fields.String(load_default="", validate=validate.Length(max=200))
    status = fields.String(validate=validate.OneOf([status.value for status in LIVE]))
    industry = fields.String(validate=validate.OneOf([industry.value for industry in Industry]))
    region = fields.String(validate=validate.Length(max=40))
    plan_kind = fields.String(validate=validate.OneOf(list(PLAN_FACET_LABELS)))
    budget = fields.Integer(validate=validate.OneOf([int(band) for band in BudgetBand]))
    page = fields.Integer(load_default=1, validate=validate.Range(min=1, max=100_000))


class NeedSchema(Schema):
    """A technology need."""

    id = fields.Integer(required=True)
    title = fields.String(required=True)
    description = fields.String(required=True)
    enterprise = fields.String(required=True)
    industry = fields.String(allow_none=True, required=True)
    keywords = fields.String(required=True)
    budget_min = fields.String(allow_none=True, required=True, metadata={"pattern": r"^[0-9]+\.[0-9]{2}$"})
    budget_max = fields.String(allow_none=True, required=True, metadata={"pattern": r"^[0-9]+\.[0-9]{2}$"})
    plan_kinds = fields.List(fields.String(), required=True)
    timeline = fields.String(allow_none=True, required=True)
    region = fields.String(required=True)
    visibility = fields.String(required=True)
    status = fields.String(required=True)
    created_at = fields.DateTime(required=True)
    updated_at = fields.DateTime(required=True)


def need_data(need: Need) -> dict[str, Any]:
    """A need as data."""
    return {"id": need.id, "title": need.title, "description": need.description,
            "enterprise": need.enterprise.name,
            "industry": need.industry.value if need.industry else None, "keywords": need.keywords,
            "budget_min": money_from_fen(need.budget_min_fen),
            "budget_max": money_from_fen(need.budget_max_fen),
            "plan_kinds": [kind for kind in need.plan_kinds.split(",") if kind],
            "timeline": need.timeline.value if need.timeline else None, "region": need.region,
            "visibility": need.visibility.value, "status": need.status.value, "created_at": need.created_at,
            "updated_at": need.updated_at}


@bp.route("/needs")
@bp.arguments(NeedArgs, location="query")
@bp.response(200, page_schema(NeedSchema))
def needs(args: dict[str, Any]):
    """The live needs the caller may read, newest first."""
    raw = {key: str(value) for key, value in args.items()}
    listed = visible_needs(current_user, NeedFilters.from_args(raw))
    page = listed.page
    return envelope([need_data(need) for need in page.items], page.page, page.per_page, page.total or 0)


@bp.route("/needs/<id:need_id>")
@bp.response(200, NeedSchema)
def need(need_id: int):
    """One need the caller may read."""
    found = db.session.get(Need, need_id)
    if found is None or not services.may_read(found, current_user):
        abort(404)
    return need_data(found)


