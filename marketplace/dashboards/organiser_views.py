"""The organiser dashboard's chart and downloads (on the main blueprint, beside /dashboard): the zones
compared, the organiser's own (an administrator: all)."""

from __future__ import annotations

from flask import Response
from flask_babel import gettext as _
from flask_login import current_user

from marketplace.accounts.access import role_required
from marketplace.accounts.models import Role
from marketplace.charts import svg_response
from marketplace.dashboards import organiser
from marketplace.dashboards.organiser_chart import zones_svg
from marketplace.dashboards.organiser_export import zones_csv, zones_xlsx
from marketplace.main.views import bp
from marketplace.pagination import paginate
from marketplace.zones import results
from marketplace.zones.labels import STATUS_LABELS

ZONES_PAGE = "zones_page"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
organiser_required = role_required(Role.ORGANISER, Role.ADMIN)


def labels() -> dict[results.FigureKey, str]:
    """The figures' names, in the current language."""
    return {key: str(label) for key, label in results.LABELS.items()}


def compared_page():
    """One page of the zones compared and their figures (the dashboard and the chart show the same)."""
    page = paginate(organiser.zones_statement(current_user), ZONES_PAGE)
    return page, organiser.zone_rows(list(page.items))


@bp.route("/dashboard/zones/chart.svg")
@organiser_required
def zones_compared_chart():
    """The zones of the dashboard's page (``?zones_page=``) compared, an SVG image without script."""
    rows = compared_page()[1]
    description = _("Registrations, check-ins, meetings held, licences, trials converted and 备案 of each "
                    "zone; the same figures are in the table below the chart.")
    svg = zones_svg(rows, _("Zones compared"), description, labels(), _("No zones yet."))
    return svg_response(svg)


def _download(extension: str) -> Response:
    rows = organiser.all_zone_rows(current_user)
    first = [_("Zone"), _("Status"), _("Opens on"), _("Closes on")]
    writer, mimetype = (zones_csv, "text/csv") if extension == "csv" else (zones_xlsx, XLSX)
    return Response(writer(rows, labels(), first, STATUS_LABELS), mimetype=mimetype, headers={
        "Content-Disposition": f"attachment; filename=zones-compared.{extension}"})


@bp.route("/dashboard/zones/compared.csv")
@organiser_required
def zones_compared_csv():
    """Every zone of the comparison with its figures, as CSV."""
    return _download("csv")


@bp.route("/dashboard/zones/compared.xlsx")
@organiser_required
def zones_compared_xlsx():
    """Every zone of the comparison with its figures, as XLSX."""
    return _download("xlsx")
