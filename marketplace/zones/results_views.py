"""A zone's results for its organiser (or an administrator): the figures per university and in total,
the rows behind each figure, the chart, and the downloads. Another organiser's zone is a 404."""

from __future__ import annotations

from flask import Response, abort, render_template, request
from flask_babel import gettext as _
from flask_login import current_user

from marketplace.accounts.access import role_required
from marketplace.accounts.models import Role
from marketplace.charts import svg_response
from marketplace.core.feedback import FeedbackReason
from marketplace.core.meetings import MeetingStatus
from marketplace.edge.query import query_int
from marketplace.licensing.labels import STATUS_LABELS as LICENCE_STATUS_LABELS
from marketplace.pagination import paginate
from marketplace.zones import results
from marketplace.zones.blueprint import bp
from marketplace.zones.meeting_forms import FEEDBACK_LABELS
from marketplace.zones.results_chart import results_svg
from marketplace.zones.results_export import results_csv, results_xlsx
from marketplace.zones.services import zone_for_organiser

organiser_required = role_required(Role.ORGANISER, Role.ADMIN)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _labels() -> dict[results.FigureKey, str]:
    return {key: str(label) for key, label in results.LABELS.items()}


def _reasons() -> dict[FeedbackReason, str]:
    return {reason: str(label) for reason, label in FEEDBACK_LABELS.items()}


@bp.route("/organiser/zones/<id:zone_id>/results")
@organiser_required
def zone_results(zone_id: int):
    """The zone's results, per university and in total, with a chart; ``?format=csv|xlsx`` downloads."""
    zone = zone_for_organiser(zone_id, current_user)
    figures = results.zone_results(zone.id)
    download = request.args.get("format")
    if download in ("csv", "xlsx"):
        arguments = (figures, _labels(), _reasons(), _("University"), _("Total"))
        body, mimetype = ((results_csv(*arguments), "text/csv") if download == "csv"
                          else (results_xlsx(*arguments), XLSX))
        return Response(body, mimetype=mimetype, headers={
            "Content-Disposition": f"attachment; filename=zone-{zone.id}-results.{download}"})
    return render_template("zones/results.html", zone=zone, figures=figures, keys=list(results.FigureKey),
                           labels=results.LABELS, money_keys=results.MONEY_FIGURES, reasons=FEEDBACK_LABELS)


@bp.route("/organiser/zones/<id:zone_id>/results/chart.svg")
@organiser_required
def zone_results_chart(zone_id: int):
    """The chart of the zone's results, an SVG image without script."""
    zone = zone_for_organiser(zone_id, current_user)
    figures = results.zone_results(zone.id)
    description = _("Registrations, check-ins, meetings, licences and trials of the zone per university; "
                    "the same figures are in the table beside the chart.")
    svg = results_svg(figures, _("Results of %(zone)s", zone=zone.title), description, _labels())
    return svg_response(svg)


@bp.route("/organiser/zones/<id:zone_id>/results/rows")
@organiser_required
def zone_results_rows(zone_id: int):
    """The registrations, meetings or licences behind one figure (``?figure=``) or one feedback reason
    (``?reason=``), of one university (``?university=``) or all; paginated."""
    zone = zone_for_organiser(zone_id, current_user)
    university_id = query_int("university")
    figure, reason = request.args.get("figure", ""), request.args.get("reason", "")
    if figure in results.FigureKey.__members__.values():
        key = results.FigureKey(figure)
        stmt, kind, heading = (results.rows_statement(key, zone.id, university_id), results.row_kind(key),
                               results.LABELS[key])
    elif reason in FeedbackReason.__members__.values():
        chosen = FeedbackReason(reason)
        stmt, kind, heading = (results.reason_rows_statement(zone.id, chosen, university_id),
                               results.RowKind.MEETING, FEEDBACK_LABELS[chosen])
    else:
        abort(404)
    return render_template("zones/results_rows.html", zone=zone, page=paginate(stmt), kind=kind,
                           heading=heading, university=results.university_named(university_id),
                           licence_status_labels=LICENCE_STATUS_LABELS,
                           meeting_status_labels=_meeting_labels())


def _meeting_labels() -> dict[MeetingStatus, str]:
    """Words for each meeting request status."""
    return {MeetingStatus.REQUESTED: _("Waiting for an answer"), MeetingStatus.ACCEPTED: _("Accepted"),
            MeetingStatus.DECLINED: _("Declined"), MeetingStatus.CANCELLED: _("Cancelled")}
