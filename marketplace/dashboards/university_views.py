"""The university (IP centre) dashboard's own routes: the rows behind each figure, the charts, the
downloads of its tables and the yearly report; and the dashboard page's context (the page itself is
`/dashboard`, chosen by role in `marketplace.main.views`). Only university staff, only their university."""

from __future__ import annotations

from flask import Blueprint, Response, abort, flash, request
from flask import render_template as render
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import extract, select

from marketplace.accounts.access import role_required
from marketplace.accounts.models import Role, User
from marketplace.catalogue.labels import PLAN_KIND_LABELS
from marketplace.catalogue.labels import STATUS_LABELS as LEGAL_STATUS_LABELS
from marketplace.catalogue.models import Patent
from marketplace.charts import svg_response
from marketplace.clock import today
from marketplace.core.report_year import MONTHS
from marketplace.dashboards import university as figures
from marketplace.dashboards import university_charts as charts
from marketplace.dashboards import university_tables as tables
from marketplace.dashboards.university import Figure
from marketplace.dashboards.university_labels import (
    ENQUIRY_LABELS,
    FEE_LABELS,
    FIGURE_LABELS,
    SERVED_BY_LABELS,
    STAGE_LABELS,
)
from marketplace.dashboards.university_report import report_pdf
from marketplace.edge.query import query_int
from marketplace.exports import append_row, csv_bytes, new_workbook, xlsx_bytes
from marketplace.extensions import db
from marketplace.licensing.labels import STATUS_LABELS as LICENCE_STATUS_LABELS
from marketplace.licensing.models import Licence
from marketplace.licensing.money_page import fen_money
from marketplace.organisations.models import Enterprise
from marketplace.pagination import paginate, paginate_rows
from marketplace.policy.fees import Fee, fee_rows
from marketplace.policy.funnel import Stage, stage_rows
from marketplace.policy.served import served_rows
from marketplace.zones.meeting_models import MeetingRequest
from marketplace.zones.queries import zones_open_for_nomination

bp = Blueprint("university_dashboard", __name__, url_prefix="/dashboard/university")
staff_required = role_required(Role.UNIVERSITY_STAFF)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FIRST_YEAR = 2000
CHINESE = "zh_Hans_CN"
LICENCE_STAGES = (Stage.LICENCES, Stage.CONVERTED, Stage.FILED)
MEETING_STAGES = (Stage.MEETINGS_REQUESTED, Stage.MEETINGS_HELD)
LICENCE_FIGURES = (Figure.TRIALS_RUNNING, Figure.TRIALS_ENDING, Figure.TRIALS_CONVERTED, Figure.FILING_DUE,
                   Figure.FILING_OVERDUE, Figure.PATENT_LICENCES)


def chosen_year(warn: bool = True) -> int:
    """The year of ``?year=`` (2000 to next year), else this year; a bad one is said and ignored."""
    this_year = today().year
    year = query_int("year", FIRST_YEAR, this_year + 1)
    if year is None:
        if warn and request.args.get("year"):
            flash(_("There is no year %(year)s to show; this year is shown instead.",
                    year=request.args.get("year", "")[:20]), "warning")
        return this_year
    return year


def _dashboard(year: int) -> figures.UniversityDashboard:
    return figures.university_dashboard(current_user.university_id, year, today())


def dashboard_context(user: User) -> dict:
    """What the university dashboard page shows (inside the /dashboard request)."""
    year = chosen_year()
    this_year = today().year
    return {"dash": figures.university_dashboard(user.university_id, year, today()),
            "open_zones": zones_open_for_nomination(), "years": range(this_year + 1, this_year - 5, -1),
            "stage_labels": STAGE_LABELS, "fee_labels": FEE_LABELS, "figure_labels": FIGURE_LABELS,
            "fees": list(Fee), "months": MONTHS, "percent": tables.percent, "days_text": tables.days_text,
            "legal_status_labels": LEGAL_STATUS_LABELS, "plan_kind_labels": PLAN_KIND_LABELS,
            "licence_status_labels": LICENCE_STATUS_LABELS}


# --- the rows behind a figure ---------------------------------------------------------------------

def _ids_in(model, rows) -> object:
    sub = rows.subquery()
    return model.id.in_(select(sub.c.row_id))


def _licences_of(rows):
    return paginate(select(Licence).where(_ids_in(Licence, rows)).order_by(Licence.start_date.desc(),
                                                                          Licence.id.desc()))


def _figure_rows(name: str, year: int):
    """(kind, page, heading) of the rows behind the figure named `name`; 404 for an unknown one."""
    university_id = current_user.university_id
    scope = figures.scope_of(university_id, year)
    on_day = today()
    if name in (Figure.SERVED, Figure.STRICT):
        sub = served_rows(scope, strict=name == Figure.STRICT).subquery()
        stmt = (select(Enterprise.name, sub.c.credit_code, sub.c.served_by, sub.c.row_id, sub.c.day)
                .join(Enterprise, Enterprise.id == sub.c.enterprise_id)
                .order_by(sub.c.day.desc(), sub.c.credit_code, sub.c.served_by, sub.c.row_id))
        return "served", paginate_rows(stmt), FIGURE_LABELS[Figure(name)]
    if name in Stage.__members__.values():
        stage = Stage(name)
        rows = stage_rows(stage, scope)
        if stage in (Stage.PATENTS, Stage.OFFERS):
            page = paginate(select(Patent).where(_ids_in(Patent, rows)).order_by(Patent.id.desc()))
            return "patent", page, STAGE_LABELS[stage]
        if stage == Stage.REACHED:
            page = paginate(select(Enterprise).where(_ids_in(Enterprise, rows)).order_by(Enterprise.name))
            return "enterprise", page, STAGE_LABELS[stage]
        if stage in MEETING_STAGES:
            page = paginate(select(MeetingRequest).where(_ids_in(MeetingRequest, rows))
                            .order_by(MeetingRequest.id.desc()))
            return "meeting", page, STAGE_LABELS[stage]
        return "licence", _licences_of(rows), STAGE_LABELS[stage]
    if name in Fee.__members__.values():
        fee = Fee(name)
        sub = fee_rows(fee, scope, on_day).subquery()
        stmt = (select(Licence.id, Licence.number, Enterprise.name, Enterprise.credit_code, sub.c.day,
                       sub.c.fen)
                .join(Licence, Licence.id == sub.c.row_id)
                .join(Enterprise, Enterprise.id == Licence.enterprise_id)
                .order_by(sub.c.day, Licence.id))
        month = query_int("month", 1, 12)
        if month is not None:
            stmt = stmt.where(extract("month", sub.c.day) == month)
        return "fee", paginate_rows(stmt), FEE_LABELS[fee]
    if name in Figure.__members__.values():
        figure = Figure(name)
        patent_id = query_int("patent")
        if figure in (Figure.PATENT_ENQUIRIES, Figure.PATENT_LICENCES) and patent_id is None:
            abort(404)
        if figure == Figure.PATENT_ENQUIRIES:
            sub = figures.enquiries_in_year(university_id, year, patent_id).subquery()
            stmt = (select(sub.c.kind, sub.c.row_id, Enterprise.name, Enterprise.credit_code,
                           sub.c.created_at)
                    .join(Enterprise, Enterprise.id == sub.c.enterprise_id)
                    .order_by(sub.c.created_at.desc(), sub.c.kind, sub.c.row_id))
            return "enquiry", paginate_rows(stmt), FIGURE_LABELS[figure]
        rows = {
            Figure.TRIALS_RUNNING: lambda: figures.trials_running(university_id),
            Figure.TRIALS_ENDING: lambda: figures.trials_ending(university_id, on_day),
            Figure.TRIALS_CONVERTED: lambda: figures.trials_converted(university_id),
            Figure.FILING_DUE: lambda: figures.filings(university_id, on_day, overdue=False),
            Figure.FILING_OVERDUE: lambda: figures.filings(university_id, on_day, overdue=True),
            Figure.PATENT_LICENCES: lambda: figures.licences_in_year(university_id, year, patent_id),
        }
        return "licence", _licences_of(rows[figure]()), FIGURE_LABELS[figure]
    abort(404)


@bp.get("/rows")
@staff_required
def rows():
    """The rows behind one figure of the dashboard (``?figure=``, ``?year=``, for fees ``?month=``, for a
    patent's figures ``?patent=``), paginated."""
    year = chosen_year()
    kind, page, heading = _figure_rows(request.args.get("figure", ""), year)
    patent = None
    patent_id = query_int("patent")
    if patent_id is not None:
        patent = db.session.scalar(select(Patent).where(Patent.id == patent_id,
                                                        Patent.university_id == current_user.university_id))
    return render("dashboards/university_rows.html", kind=kind, page=page, heading=heading, year=year,
                  month=query_int("month", 1, 12), patent=patent, licence_status_labels=LICENCE_STATUS_LABELS,
                  served_by_labels=SERVED_BY_LABELS, enquiry_labels=ENQUIRY_LABELS,
                  plan_kind_labels=PLAN_KIND_LABELS, fen_money=fen_money)


# --- charts ---------------------------------------------------------------------------------------

@bp.get("/charts/served.svg")
@staff_required
def served_chart():
    """Enterprises served this year against the target, an SVG image without script."""
    return svg_response(charts.served_svg(_dashboard(chosen_year(warn=False))))


@bp.get("/charts/funnel.svg")
@staff_required
def funnel_chart():
    """The licensing funnel, an SVG image without script."""
    return svg_response(charts.funnel_svg(_dashboard(chosen_year(warn=False))))


@bp.get("/charts/fees.svg")
@staff_required
def fees_chart():
    """Fees charged, collected and overdue by month, an SVG image without script."""
    return svg_response(charts.fees_svg(_dashboard(chosen_year(warn=False))))


# --- downloads ------------------------------------------------------------------------------------

@bp.get("/export")
@staff_required
def export():
    """One table of the dashboard (``?table=``) as CSV or XLSX (``?format=csv|xlsx``)."""
    name = request.args.get("table", "")
    download = request.args.get("format", "csv")
    if name not in tables.TABLES or download not in ("csv", "xlsx"):
        abort(404)
    year = chosen_year(warn=False)
    found = tables.table(name, _dashboard(year))
    filename = f"university-{year}-{name}.{download}"
    if download == "csv":
        body, mimetype = csv_bytes(found.header, found.rows), "text/csv"
    else:
        workbook, sheet = new_workbook()
        sheet.title = found.title[:31]
        append_row(sheet, found.header)
        for line in found.rows:
            append_row(sheet, line)
        body, mimetype = xlsx_bytes(workbook), XLSX
    return Response(body, mimetype=mimetype,
                    headers={"Content-Disposition": f"attachment; filename={filename}"})


@bp.get("/report.pdf")
@staff_required
def report():
    """The university's yearly report (``?year=``) as a PDF in Chinese, with its charts and tables."""
    year = chosen_year(warn=False)
    dash = _dashboard(year)
    with force_locale(CHINESE):
        pdf = report_pdf(current_user.university, dash)
    return Response(pdf, mimetype="application/pdf",
                    headers={"Content-Disposition": f"attachment; filename=report-{year}.pdf"})
