"""The university dashboard's charts (SVG, drawn by `marketplace.charts`), labelled in the interface
language: enterprises served against the target, the funnel, and the fees by month."""

from __future__ import annotations

from flask_babel import gettext as _

from marketplace.charts import bar_svg
from marketplace.core.report_year import MONTHS
from marketplace.dashboards.university import UniversityDashboard
from marketplace.dashboards.university_labels import FEE_LABELS, STAGE_LABELS
from marketplace.policy.fees import Fee


def served_svg(dash: UniversityDashboard) -> str:
    """Enterprises served, the strict count and the target, as bars."""
    labels = [_("Enterprises served"), _("Enterprises that took a licence"), _("Target")]
    description = _("In %(year)d: %(served)d enterprises served, %(strict)d took a licence; the target is "
                    "%(target)d. The table beside the chart gives the same figures.",
                    year=dash.year, served=dash.served, strict=dash.strict, target=dash.target)
    return bar_svg(_("Enterprises served in %(year)d against the target", year=dash.year), description,
                   labels, [(_("Enterprises"), [dash.served, dash.strict, dash.target])], horizontal=True)


def funnel_svg(dash: UniversityDashboard) -> str:
    """The funnel's stages, as horizontal bars."""
    description = _("The licensing funnel of %(year)d, stage by stage; the table beside the chart gives the "
                    "same figures.", year=dash.year)
    return bar_svg(_("Licensing funnel %(year)d", year=dash.year), description,
                   [str(STAGE_LABELS[stage]) for stage in dash.funnel],
                   [(_("Count"), list(dash.funnel.values()))], horizontal=True)


def fees_svg(dash: UniversityDashboard) -> str:
    """Fees charged, collected and overdue per month, in yuan."""
    description = _("Fees charged, collected and overdue in each month of %(year)d, in yuan; the table "
                    "beside the chart gives the same amounts.", year=dash.year)
    return bar_svg(_("Fees by month %(year)d (yuan)", year=dash.year), description,
                   [_("Month %(month)d", month=month) for month in MONTHS],
                   [(str(FEE_LABELS[fee]), [money.amount for money in dash.fees.series(fee)]) for fee in Fee])
