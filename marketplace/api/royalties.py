"""Royalty reports through the API, over the services of the royalty reports page: both parties read a
licence's periods with their filed reports; the enterprise files the net sales of an ended period (once,
in order: the service takes the licence for change and a unique key refuses a second filing)."""

from __future__ import annotations

from typing import Any

from flask_login import current_user
from marshmallow import Schema, fields

from marketplace.accounts.models import Role
from marketplace.api.auth import BEARER, guarded
from marketplace.api.fields import MoneyString, money_from_fen
from marketplace.api.idempotency import idempotent
from marketplace.api.inputs import body_fields
from marketplace.api.licences import bp
from marketplace.api.paging import PageArgs, envelope, page_schema
from marketplace.api.problem_api import ProblemSchema
from marketplace.api.problems import MEDIA_TYPE
from marketplace.clock import today
from marketplace.core import api_scopes
from marketplace.licensing.services import licence_for
from marketplace.royalties import services
from marketplace.royalties.models import RoyaltyReport


class RoyaltyReportSchema(Schema):
    """A filed report: the period's net sales and the royalty they came to."""

    id = fields.Integer(required=True)
    licence_id = fields.Integer(required=True)
    phase = fields.Integer(required=True, metadata={"description": "The plan's phase, from 1"})
    period_start = fields.Date(required=True)
    period_end = fields.Date(required=True)
    report_due = fields.Date(required=True)
    net_sales = MoneyString(required=True)
    royalty = MoneyString(required=True)
    currency = fields.String(required=True)
    filed_on = fields.Date(required=True)
    late = fields.Boolean(required=True)


class RoyaltyPeriodSchema(Schema):
    """A royalty period of the licence and its report (null while unfiled)."""

    start = fields.Date(required=True)
    end = fields.Date(required=True)
    report_due = fields.Date(required=True)
    phase = fields.Integer(required=True, metadata={"description": "The plan's phase, from 1"})
    open_for_report = fields.Boolean(required=True,
                                     metadata={"description": "Ended and not filed yet"})
    report = fields.Nested(RoyaltyReportSchema, allow_none=True, required=True)


class RoyaltyReportBody(Schema):
    """The net sales of one ended period, filed after every earlier one."""

    period_start = fields.Date(required=True, metadata={"description": "The first day of the period"})
    net_sales = MoneyString(required=True, metadata={"description": "0.00 for a period without sales"})


def report_data(report: RoyaltyReport) -> dict[str, Any]:
    """A report as data."""
    return {"id": report.id, "licence_id": report.licence_id, "phase": report.phase_index + 1,
            "period_start": report.period_start, "period_end": report.period_end,
            "report_due": report.report_due, "net_sales": money_from_fen(report.net_sales_fen),
            "royalty": money_from_fen(report.royalty_fen), "currency": report.currency,
            "filed_on": report.filed_on, "late": report.late}


@bp.route("/licences/<id:licence_id>/royalty-periods")
@bp.doc(security=BEARER)
@guarded(api_scopes.READ, Role.ENTERPRISE_USER, Role.UNIVERSITY_STAFF)
@bp.arguments(PageArgs, location="query")
@bp.response(200, page_schema(RoyaltyPeriodSchema))
def royalty_periods(args: dict[str, int], licence_id: int):
    """The licence's royalty periods in order, each with its filed report (none for a plan without
    royalties)."""
    licence = licence_for(current_user, licence_id)
    day = today()
    rows = services.royalty_periods(licence)
    page, per_page = args["page"], args["per_page"]
    shown = rows[(page - 1) * per_page:page * per_page]
    items = [{"start": row.period.start, "end": row.period.end, "report_due": row.period.report_due,
              "phase": row.period.phase_index + 1, "open_for_report": row.open_for_report(day),
              "report": report_data(row.report) if row.report is not None else None} for row in shown]
    return envelope(items, page, per_page, len(rows))


@bp.route("/licences/<id:licence_id>/royalty-reports", methods=["POST"])
@bp.doc(security=BEARER)
@guarded(api_scopes.LICENCES_WRITE, Role.ENTERPRISE_USER)
@idempotent
@bp.arguments(RoyaltyReportBody)
@bp.response(201, RoyaltyReportSchema)
@bp.alt_response(422, schema=ProblemSchema, content_type=MEDIA_TYPE,
                 description="Refused: not a period of the licence, not ended, filed already, an earlier "
                             "one unfiled, or the licence not active")
def file_royalty_report(body: dict[str, Any], licence_id: int):
    """File the net sales of an ended period; its royalty (and, closing a royalty year, the annual
    minimum's true-up) becomes a charge due with the report."""
    licence = licence_for(current_user, licence_id)
    with body_fields(period="period_start"):
        report = services.file_report(licence, current_user, body["period_start"], body["net_sales"], today())
    return report_data(report), 201
