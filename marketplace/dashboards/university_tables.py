"""The tables of the university dashboard as plain rows (header + lines), for the downloads and the yearly
report; the words come in the current locale (the report forces Chinese). Amounts are Decimal yuan."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from flask_babel import gettext as _

from marketplace.catalogue.labels import PLAN_KIND_LABELS
from marketplace.catalogue.labels import STATUS_LABELS as LEGAL_STATUS_LABELS
from marketplace.core.report_year import MONTHS
from marketplace.dashboards.university import PLAN_KINDS, UniversityDashboard
from marketplace.dashboards.university_labels import FEE_LABELS, STAGE_LABELS
from marketplace.licensing.labels import STATUS_LABELS as LICENCE_STATUS_LABELS
from marketplace.policy.fees import Fee


@dataclass(frozen=True)
class Table:
    """One table: its title, its header and its lines."""

    title: str
    header: list[str]
    rows: list[list[object]]


TABLES = ("served", "funnel", "patents", "offers", "licences", "trials", "fees", "filings", "top_licences",
          "top_enquiries", "needs")


def percent(rate: Decimal | None) -> str:
    """``42.9%`` (one decimal, half up), or ``—`` when there is nothing to divide by."""
    if rate is None:
        return "—"
    return f"{(rate * 100).quantize(Decimal('0.1'), rounding=ROUND_HALF_UP)}%"


def days_text(days: int | float | None) -> str:
    """A median number of days (``12`` or ``12.5``), or ``—``."""
    if days is None:
        return "—"
    return str(Decimal(str(days)).normalize()) if days != int(days) else str(int(days))


def _figure_header() -> list[str]:
    return [_("Figure"), _("Count")]


def served(dash: UniversityDashboard) -> Table:
    reached = _("Reached") if dash.reached else _("Not yet")
    return Table(_("Enterprises served against the target"), _figure_header(), [
        [_("Enterprises served"), dash.served],
        [_("Enterprises that took a licence"), dash.strict],
        [_("Target"), dash.target],
        [_("Is the target reached?"), reached],
        [_("More needed"), dash.missing]])


def funnel(dash: UniversityDashboard) -> Table:
    return Table(_("Licensing funnel"), [_("Stage"), _("Count")],
                 [[str(STAGE_LABELS[stage]), count] for stage, count in dash.funnel.items()])


def patents(dash: UniversityDashboard) -> Table:
    rows: list[list[object]] = [[str(LEGAL_STATUS_LABELS[status]), count]
                                for status, count in dash.patents_by_status.items()]
    rows.append([_("Archived"), dash.archived])
    return Table(_("Patents by status"), [_("Legal status"), _("Patents")], rows)


def offers(dash: UniversityDashboard) -> Table:
    return Table(_("Offers by plan kind"), [_("Open-licence plan"), _("Patents")],
                 [[str(PLAN_KIND_LABELS[kind]), dash.offers_by_kind[kind]] for kind in PLAN_KINDS])


def licences(dash: UniversityDashboard) -> Table:
    return Table(_("Licences by state"), [_("Status"), _("Licences")],
                 [[str(LICENCE_STATUS_LABELS[status]), count]
                  for status, count in dash.licences_by_state.items()])


def trials(dash: UniversityDashboard) -> Table:
    figures = dash.conversion
    return Table(_("Trials and conversion"), _figure_header(), [
        [_("Trials running"), dash.trials_running],
        [_("Trials ending within 30 days"), dash.trials_ending],
        [_("Trials ended"), figures.ended],
        [_("Trials converted"), figures.converted],
        [_("Conversion rate"), percent(figures.rate)],
        [_("Median days to convert"), days_text(figures.median_days)]])


def fees(dash: UniversityDashboard) -> Table:
    rows: list[list[object]] = [
        [_("Month %(month)d", month=month), *(dash.fees.month(fee, month).amount for fee in Fee)]
        for month in MONTHS]
    rows.append([_("Year"), *(dash.fees.year(fee).amount for fee in Fee)])
    return Table(_("Fees by month (yuan)"), [_("Month"), *(str(FEE_LABELS[fee]) for fee in Fee)], rows)


def filings(dash: UniversityDashboard) -> Table:
    return Table(_("备案 of licences"), _figure_header(), [
        [_("备案 due"), dash.filing_due], [_("备案 overdue"), dash.filing_overdue]])


def top_licences(dash: UniversityDashboard) -> Table:
    return Table(_("Top patents by licences"), [_("Patent"), _("Licences")],
                 [[top.title, top.count] for top in dash.top_by_licences])


def top_enquiries(dash: UniversityDashboard) -> Table:
    return Table(_("Top patents by enquiries"), [_("Patent"), _("Enquiries")],
                 [[top.title, top.count] for top in dash.top_by_enquiries])


def needs(dash: UniversityDashboard) -> Table:
    return Table(_("Needs our patents fit"), _figure_header(),
                 [[_("Live needs our patents fit"), dash.needs_fit]])


BUILDERS = {"served": served, "funnel": funnel, "patents": patents, "offers": offers, "licences": licences,
            "trials": trials, "fees": fees, "filings": filings, "top_licences": top_licences,
            "top_enquiries": top_enquiries, "needs": needs}


def table(name: str, dash: UniversityDashboard) -> Table:
    """One table by its name (one of TABLES)."""
    return BUILDERS[name](dash)
