"""Zones (线上专区 / 专场对接活动) and their curated patents, as the public zone pages show them."""

from __future__ import annotations

from flask_login import current_user
from flask_smorest import abort
from marshmallow import Schema, fields

from marketplace.api.blueprint import api_blueprint
from marketplace.api.offer_schemas import OfferSchema, PatentSummarySchema, offer_data, patent_summary
from marketplace.api.paging import PageArgs, page_of, page_schema
from marketplace.api.zone_schemas import ZoneSchema, zone_data
from marketplace.clock import today
from marketplace.declarations.plan_storage import read_plan
from marketplace.extensions import db
from marketplace.zones import curation, queries, services
from marketplace.zones.models import Zone

bp = api_blueprint("zones", "Special zones and matchmaking events with their curated patents.")


class ZonePatentSchema(Schema):
    """A patent curated into a zone, with its current published terms (null once withdrawn)."""

    featured = fields.Boolean(required=True)
    patent = fields.Nested(PatentSummarySchema, required=True)
    offer = fields.Nested(OfferSchema, allow_none=True, required=True)


def visible_zone(zone_id: int) -> Zone:
    """A zone the caller may see (drafts: their organiser and administrators), else 404."""
    zone = db.session.get(Zone, zone_id)
    if zone is None or not services.visible_to(zone, current_user):
        abort(404)
    return zone


@bp.route("/zones")
@bp.arguments(PageArgs, location="query")
@bp.response(200, page_schema(ZoneSchema))
def zones(args: dict[str, int]):
    """Published, running and closed zones, the live ones first."""
    return page_of(services.visible_zones_query(), args, zone_data)


@bp.route("/zones/<id:zone_id>")
@bp.response(200, ZoneSchema)
def zone(zone_id: int):
    """One zone."""
    return zone_data(visible_zone(zone_id))


@bp.route("/zones/<id:zone_id>/patents")
@bp.arguments(PageArgs, location="query")
@bp.response(200, page_schema(ZonePatentSchema))
def zone_patents(args: dict[str, int], zone_id: int):
    """The zone's curated patents, featured first, each with its current terms."""
    found = visible_zone(zone_id)
    body = page_of(curation.entries_query(found.id), args)
    shown = queries.shown_patents(body["items"], today())
    body["items"] = [{"featured": item.entry.featured, "patent": patent_summary(item.patent),
                      "offer": (offer_data(item.offer, read_plan(item.offer)) if item.offer is not None
                                else None)}
                     for item in shown]
    return body
