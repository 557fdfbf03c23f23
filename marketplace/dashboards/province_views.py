"""The administrator's province dashboard: the figures on /dashboard (see `province_context`), the rows
behind each figure, the charts and the downloads. Administrators only."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from flask import Blueprint, Response, abort, current_app, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from marketplace.accounts.access import role_required
from marketplace.accounts.models import Role
from marketplace.catalogue.labels import INDUSTRY_LABELS
from marketplace.charts import svg_response
from marketplace.clock import now, today
from marketplace.core.money import Money
from marketplace.core.patent_fields import Industry
from marketplace.core.report_year import MONTHS, SERVED_TARGET
from marketplace.dashboards import province, province_charts, province_export, province_snapshot
from marketplace.dashboards.province import Figure, ProvinceFigures
from marketplace.dashboards.province_labels import (
    FIGURE_LABELS,
    SERVED_BY_LABELS,
    month_label,
)
from marketplace.database import begin_writing
from marketplace.edge.query import query_int
from marketplace.extensions import db
from marketplace.organisations.models import University
from marketplace.pagination import paginate, paginate_rows
from marketplace.policy import snapshots
from marketplace.policy.scope import Scope
from marketplace.policy.snapshots import Snapshot

bp = Blueprint("province", __name__)
admin_required = role_required(Role.ADMIN)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass
class Filters:
    """The year, university and industry asked for, and what was wrong with what was asked."""

    year: int
    university: University | None = None
    industry: Industry | None = None
    problems: list[str] = field(default_factory=list)

    @property
    def scope(self) -> Scope:
        """The figures' scope."""
        return Scope(self.year, (self.university.id,) if self.university else None,
                     self.industry.value if self.industry else None)

    def args(self, **more) -> dict:
        """The query arguments that keep these filters (for links)."""
        found: dict = {"year": self.year}
        if self.university is not None:
            found["university"] = self.university.id
        if self.industry is not None:
            found["industry"] = self.industry.value
        return {**found, **{key: value for key, value in more.items() if value is not None}}


def read_filters() -> Filters:
    """The filters from the query string; a bad value is left out with a message (this year, every
    university, every industry)."""
    this_year = today().year
    filters = Filters(this_year)
    raw_year, raw_university, raw_industry = (request.args.get(name, "") for name in
                                               ("year", "university", "industry"))
    if raw_year:
        year = query_int("year", province.FIRST_YEAR, province.LAST_YEAR)
        if year is None:
            filters.problems.append(_("The year was not understood; this year is shown."))
        else:
            filters.year = year
    if raw_university:
        university = province.known_university(query_int("university"))
        if university is None:
            filters.problems.append(_("No such university; every university is shown."))
        filters.university = university
    if raw_industry:
        if raw_industry in Industry.__members__.values():
            filters.industry = Industry(raw_industry)
        else:
            filters.problems.append(_("No such industry; every industry is shown."))
    return filters


def max_age() -> timedelta:
    """How long the province's figures are read from their snapshot before they are computed again."""
    return timedelta(seconds=current_app.config["FIGURES_MAX_AGE_SECONDS"])


def every_university(filters: Filters) -> tuple[ProvinceFigures, Snapshot]:
    """The figures of every university of the filters' scope, from the snapshot; when none is young
    enough they are computed, and stored in a short write transaction of its own (the computation only
    reads), which this commits."""
    key = province_snapshot.snapshot_key(filters.scope, today())
    found = snapshots.stored(key)
    if not snapshots.young(found, now(), max_age()):
        payload = province_snapshot.encode(province_snapshot.compute(filters.scope, today()))
        db.session.commit()  # the reading transaction ends; the writing one starts as a writer
        begin_writing(db.session)
        found = snapshots.store(key, payload, now())
        db.session.commit()
    return province_snapshot.decode(filters.scope, found.payload), found


def _figures(filters: Filters):
    figures, found = every_university(filters)  # (its commit would expire the page's rows: read them after)
    page = paginate(province.universities_statement(filters.scope))
    return page, province_snapshot.for_universities(figures, list(page.items), page.total or 0), found


def province_context() -> dict:
    """What the administrator's dashboard shows besides the account figures."""
    filters = read_filters()
    page, figures, found = _figures(filters)
    this_year = today().year
    years = sorted({*range(this_year - 4, this_year + 1), filters.year}, reverse=True)
    universities = db.session.scalars(select(University).order_by(University.name, University.id)).all()
    return {"filters": filters, "university_page": page, "province": figures, "years": years,
            "all_universities": universities, "industry_labels": INDUSTRY_LABELS,
            "figure_labels": FIGURE_LABELS, "Figure": Figure, "stage_figures": STAGE_FIGURES,
            "served_target": SERVED_TARGET, "month_label": month_label,
            "figure_url": lambda figure, university_id=None: rows_url(filters, figure, university_id),
            "filter_args": filters.args(), "figures_computed_at": found.computed_at,
            "figures_max_age_minutes": max(1, int(max_age().total_seconds() // 60))}


STAGE_FIGURES = (Figure.PATENTS, Figure.OFFERS, Figure.REACHED, Figure.MEETINGS_REQUESTED,
                 Figure.MEETINGS_HELD, Figure.LICENCES, Figure.CONVERTED, Figure.FILED)


@bp.route("/dashboard/province/rows")
@admin_required
def rows():
    """The rows behind one figure (``?figure=``), of one university or all, in the filters' year and
    industry; paginated; ``?format=csv|xlsx`` downloads them all."""
    figure_name = request.args.get("figure", "")
    if figure_name not in Figure.__members__.values():
        abort(404)
    figure = Figure(figure_name)
    filters = read_filters()
    stmt = province.rows_statement(figure, filters.scope, today())
    heading = FIGURE_LABELS[figure]
    download = request.args.get("format")
    if download in ("csv", "xlsx"):
        header, lines = province_export.rows_table(db.session.execute(stmt), figure)
        return _download(header, lines, download, f"province-{figure.value}-{filters.year}")
    total = province.row_total(stmt) if figure in province.MONEY_FIGURES else None
    return render_template("dashboards/province_rows.html", page=paginate_rows(stmt), figure=figure,
                           heading=heading, filters=filters, total=total, served_by_labels=SERVED_BY_LABELS,
                           money=figure in province.MONEY_FIGURES, fen_money=_fen_money,
                           industry_label=INDUSTRY_LABELS[filters.industry] if filters.industry else "")


def _fen_money(fen) -> Money:
    return Money.from_fen(int(fen or 0))


@bp.route("/dashboard/province/export")
@admin_required
def export():
    """One of the dashboard's tables (``?table=universities|months|industries``) as CSV or XLSX
    (``?format=``), every university rather than one page."""
    table, download = request.args.get("table", ""), request.args.get("format", "")
    if table not in ("universities", "months", "industries") or download not in ("csv", "xlsx"):
        abort(404)
    filters = read_filters()
    figures, _found = every_university(filters)
    universities = list(db.session.scalars(province.universities_statement(filters.scope)))
    figures = province_snapshot.for_universities(figures, universities, len(universities))
    header, lines = province_export.TABLES[table](figures)
    return _download(header, lines, download, f"province-{table}-{filters.year}")


def _download(header, lines, download: str, name: str) -> Response:
    body, mimetype = ((province_export.as_csv(header, lines), "text/csv") if download == "csv"
                      else (province_export.as_xlsx(header, lines), XLSX))
    return Response(body, mimetype=mimetype,
                    headers={"Content-Disposition": f"attachment; filename={name}.{download}"})


@bp.route("/dashboard/province/served.svg")
@admin_required
def served_chart():
    """Enterprises served per university (the dashboard's page of universities) against the target."""
    filters = read_filters()
    page, figures, _found = _figures(filters)
    description = _("Enterprises served in %(year)d by each university, against the target of %(target)d; "
                    "the same figures are in the table of universities.", year=filters.year,
                    target=SERVED_TARGET)
    svg = province_charts.served_svg(
        [row.name for row in figures.rows], [row.served for row in figures.rows],
        SERVED_TARGET, _("Enterprises served per university, %(year)d", year=filters.year), description,
        _("Enterprises served"), _("Target (%(target)d)", target=SERVED_TARGET))
    return svg_response(svg)


@bp.route("/dashboard/province/months.svg")
@admin_required
def months_chart():
    """Licences taken per month and enterprises served so far, for the year."""
    filters = read_filters()
    months = every_university(filters)[0].months
    description = _("Licences taken in each month of %(year)d and enterprises served by the end of each "
                    "month; the same figures are in the table of months.", year=filters.year)
    svg = province_charts.months_svg(
        [month_label(number) for number in MONTHS],
        [(_("Licences taken"), [month.licences for month in months]),
         (_("Enterprises served so far"), [month.served_cumulative for month in months])],
        _("Month by month, %(year)d", year=filters.year), description)
    return svg_response(svg)


@bp.route("/dashboard/province/fees.svg")
@admin_required
def fees_chart():
    """Fees charged and collected per month (yuan)."""
    filters = read_filters()
    months = every_university(filters)[0].months
    description = _("Fees charged and collected in each month of %(year)d, in yuan; the same figures are in "
                    "the table of months.", year=filters.year)
    svg = province_charts.fees_svg(
        [month_label(number) for number in MONTHS],
        [(_("Fees charged"), [month.charged for month in months]),
         (_("Fees collected"), [month.collected for month in months])],
        _("Fees by month, %(year)d (yuan)", year=filters.year), description)
    return svg_response(svg)


def rows_url(filters: Filters, figure: Figure, university_id: int | None = None) -> str:
    """The link of a figure to its rows."""
    return url_for("province.rows", **filters.args(figure=figure.value, university=university_id))
