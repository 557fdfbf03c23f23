"""The open data feed of offers, `/api/v1/feed/offers`: every publication and withdrawal of a patent's
open-licence terms, with the terms version, the plan in full and the patent's bibliographic data.

Open to everyone (no token needed), as JSON or CSV (`format=csv`), incremental with `since=` (inclusive),
paged in feed order, with an ETag over the answer's bytes so a conditional GET (`If-None-Match`) of an
unchanged page is a 304 without a body.
"""

from __future__ import annotations

import hashlib
from datetime import UTC
from typing import Any

from flask import Response, json, request
from marshmallow import Schema, fields, validate

from marketplace.api.blueprint import api_blueprint
from marketplace.api.feed_schemas import CSV_COLUMNS, FeedPageSchema, csv_row, entry_data
from marketplace.api.paging import envelope
from marketplace.declarations.offer_feed import feed_page, feed_size
from marketplace.exports import csv_bytes

bp = api_blueprint("feed", "The open data feed of offers: publications and withdrawals, as JSON or CSV.")

FEED_PER_PAGE = 500
CSV_TYPE = "text/csv"


class FeedArgs(Schema):
    """Where to start, which page, and in which format."""

    since = fields.AwareDateTime(default_timezone=UTC, metadata={
        "description": "Only entries at or after this instant (ISO 8601; UTC when no offset is given)"})
    format = fields.String(load_default="json", validate=validate.OneOf(["json", "csv"]))
    page = fields.Integer(load_default=1, validate=validate.Range(min=1, max=100_000))
    per_page = fields.Integer(load_default=100, validate=validate.Range(min=1, max=FEED_PER_PAGE))


def _conditional(body: bytes, mimetype: str, links: dict[str, str | None]) -> Response:
    """The answer with its ETag (a hash of its bytes): 304 without a body when the caller has it already."""
    etag = hashlib.sha256(body).hexdigest()[:32]
    if request.if_none_match.contains_weak(etag):
        response = Response(status=304)
    else:
        response = Response(body, mimetype=mimetype)
    response.set_etag(etag)
    response.headers["Cache-Control"] = "no-cache"
    link = ", ".join(f'<{url}>; rel="{rel}"' for rel, url in links.items() if url)
    if link:
        response.headers["Link"] = link
    return response


@bp.route("/feed/offers")
@bp.arguments(FeedArgs, location="query")
@bp.response(200, FeedPageSchema, description="A page of entries (CSV with `format=csv`)")
@bp.alt_response(304, description="Not modified: the If-None-Match ETag is still this page's")
@bp.doc(responses={200: {"content": {"text/csv": {"schema": {"type": "string"}}},
                           "headers": {"ETag": {"schema": {"type": "string"}}}}})
def offers(args: dict[str, Any]):
    """Every publication and withdrawal of open-licence terms, oldest first; poll with `since=` the
    `next_since` of the last answer."""
    since, page, per_page = args.get("since"), args["page"], args["per_page"]
    total, latest = feed_size(since)
    entries = [entry_data(entry) for entry in feed_page(since, (page - 1) * per_page, per_page)]
    body = envelope(entries, page, per_page, total)
    body["next_since"] = latest
    dumped = FeedPageSchema().dump(body)
    links = {"next": dumped["next"], "prev": dumped["previous"]}
    if args["format"] == "csv":
        return _conditional(csv_bytes(CSV_COLUMNS, [csv_row(entry) for entry in dumped["items"]]), CSV_TYPE,
                            links)
    return _conditional(json.dumps(dumped).encode(), "application/json", links)
