"""Meetings: sessions and slots, requests, acceptance, agendas and outcomes."""

from __future__ import annotations

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import format_datetime
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from marketplace.accounts.access import role_required
from marketplace.accounts.models import Role
from marketplace.choices import select_choices
from marketplace.clock import now
from marketplace.core.feedback import FeedbackReason
from marketplace.core.input_text import parse_ascii_int
from marketplace.core.meetings import FollowUp, MeetingStatus, Outcome
from marketplace.edge.converters import MAX_ID
from marketplace.edge.forms import ActionForm, flash_errors
from marketplace.edge.query import query_int
from marketplace.extensions import db
from marketplace.forms_rendering import render_form
from marketplace.pagination import paginate
from marketplace.service_errors import ServiceError, show_on_form
from marketplace.zones import meeting_queries as queries
from marketplace.zones import meeting_services as services
from marketplace.zones.blueprint import bp
from marketplace.zones.meeting_calendar import agenda_calendar
from marketplace.zones.meeting_forms import (
    FEEDBACK_LABELS,
    FOLLOW_UP_LABELS,
    OUTCOME_LABELS,
    AcceptForm,
    DeclineForm,
    MeetingRequestForm,
    OutcomeForm,
    SessionForm,
)
from marketplace.zones.meeting_models import MeetingRequest
from marketplace.zones.models import Zone
from marketplace.zones.services import zone_for_organiser

PARTIES = (Role.ENTERPRISE_USER, Role.UNIVERSITY_STAFF)
ORGANISERS = (Role.ORGANISER, Role.ADMIN)


@bp.app_template_global("zone_sessions")
def zone_sessions(zone_id: int):
    """The zone's sessions with their slot and free-seat counts (for the public zone page)."""
    return queries.sessions_of(zone_id)


@bp.app_template_filter("local_time")
def local_time(moment, pattern: str = "yyyy-MM-dd HH:mm") -> str:
    """An instant shown in Beijing time."""
    return format_datetime(services.local(moment), pattern)


def _zone(zone_id: int) -> Zone:
    zone = db.session.get(Zone, zone_id)
    if zone is None:
        abort(404)
    return zone


def _slot_label(slot) -> str:
    return f"{local_time(slot.starts_at)}–{local_time(slot.ends_at, 'HH:mm')}"


# The organiser's sessions

@bp.get("/organiser/meetings")
@role_required(*ORGANISERS)
def organiser_meetings():
    """The zones whose sessions the user arranges (an administrator: every zone)."""
    stmt = select(Zone).order_by(Zone.opens_on.desc(), Zone.id.desc())
    if current_user.role == Role.ORGANISER:
        stmt = stmt.where(Zone.organiser_id == current_user.id)
    return render_template("zones/meetings/organiser.html", page=paginate(stmt))


def _sessions_page(zone: Zone, form: SessionForm):
    return render_form("zones/meetings/sessions.html", form, zone=zone, sessions=queries.sessions_of(zone.id),
                       requests=paginate(queries.requests_of_zone(zone.id)))


@bp.route("/organiser/zones/<id:zone_id>/sessions", methods=["GET", "POST"])
@role_required(*ORGANISERS)
def meeting_sessions(zone_id: int):
    """The zone's sessions and the form to add one (its organiser or an administrator; another
    organiser's zone is a 404, as on every organiser page of a zone)."""
    zone = zone_for_organiser(zone_id, current_user)
    form = SessionForm()
    if form.validate_on_submit():
        try:
            session = services.create_session(zone, current_user, form.day.data, form.starts_at.data,
                                              form.ends_at.data, form.slot_minutes.data, form.capacity.data,
                                              form.place.data or "")
        except ServiceError as error:
            show_on_form(form, error)
        else:
            flash(_("Session added with %(count)d slots.", count=len(session.slots)), "success")
            return redirect(url_for("zones.meeting_sessions", zone_id=zone.id))
    return _sessions_page(zone, form)


# The enterprise's request

def _request_choices(form: MeetingRequestForm, zone: Zone) -> MeetingRequestForm:
    form.patent.choices = select_choices(
        [("", "—")] + [(str(entry.patent_id), f"{entry.patent.title}（{entry.university.name}）")
                       for entry in services.curated_entries(zone.id)])
    form.slots.choices = select_choices((str(slot.id), _slot_label(slot))
                                        for slot in services.bookable_slots(zone.id, now()))
    return form


def _ids(values) -> list[int]:
    parsed = [parse_ascii_int(value, 1, MAX_ID) for value in values or []]
    return [value for value in parsed if value is not None]


@bp.route("/zones/<id:zone_id>/meetings/new", methods=["GET", "POST"])
@role_required(Role.ENTERPRISE_USER)
def request_meeting(zone_id: int):
    """An enterprise registered for the zone requests a meeting about one of its patents."""
    zone = _zone(zone_id)
    registered = services.live_registration(zone.id, current_user.enterprise_id) is not None
    form = _request_choices(MeetingRequestForm(), zone)
    if not form.is_submitted():
        chosen = query_int("patent")
        if chosen is not None:
            form.patent.data = str(chosen)
    if form.validate_on_submit():
        patent_id = parse_ascii_int(form.patent.data, 1, MAX_ID) or 0
        try:
            meeting = services.request_meeting(current_user, zone, patent_id, form.reason.data or "",
                                               _ids(form.slots.data), now())
        except ServiceError as error:
            show_on_form(form, error)
        else:
            flash(_("Meeting requested. The IP centre will accept one of your slots or decline."), "success")
            return redirect(url_for("zones.meeting_detail", meeting_id=meeting.id))
    return render_form("zones/meetings/request.html", form, zone=zone, registered=registered)


# Lists, detail, answers

@bp.get("/meetings")
@role_required(*PARTIES)
def meetings():
    """The enterprise's requests, or the IP centre's incoming requests (waiting ones first)."""
    zones = (queries.registered_zones(current_user.enterprise_id)
             if current_user.role == Role.ENTERPRISE_USER else [])
    return render_template("zones/meetings/list.html", page=paginate(queries.requests_of(current_user)),
                           labels=status_labels(), zones=zones)


def status_labels() -> dict:
    """Words for each request status."""
    return {MeetingStatus.REQUESTED: _("Waiting for an answer"), MeetingStatus.ACCEPTED: _("Accepted"),
            MeetingStatus.DECLINED: _("Declined"), MeetingStatus.CANCELLED: _("Cancelled")}


def _meeting(meeting_id: int) -> MeetingRequest:
    """A meeting the user is a side of (404 otherwise)."""
    meeting = db.session.get(MeetingRequest, meeting_id)
    if meeting is None or services.side_of(current_user, meeting) is None:
        abort(404)
    return meeting


def _accept_form(meeting: MeetingRequest, form: AcceptForm | None = None) -> AcceptForm:
    form = form or AcceptForm(formdata=None)
    form.slot.choices = select_choices((str(proposal.slot_id), _slot_label(proposal.slot))
                                       for proposal in meeting.proposals)
    return form


def _detail(meeting: MeetingRequest, **forms):
    side = services.side_of(current_user, meeting)
    moment = now()
    slot = meeting.accepted_slot
    answering = meeting.status == MeetingStatus.REQUESTED and current_user.role == Role.UNIVERSITY_STAFF
    recorded = {each.side for each in meeting.outcomes}
    outcome_open = (meeting.status == MeetingStatus.ACCEPTED and slot is not None and moment >= slot.ends_at
                    and side not in recorded)
    cancellable = current_user.role == Role.ENTERPRISE_USER and (
        meeting.status == MeetingStatus.REQUESTED
        or (meeting.status == MeetingStatus.ACCEPTED and slot is not None and slot.starts_at > moment))
    accept_form = _accept_form(meeting, forms.get("accept_form"))
    decline_form = forms.get("decline_form") or DeclineForm(formdata=None)
    outcome_form = forms.get("outcome_form") or OutcomeForm(formdata=None)
    return render_form("zones/meetings/detail.html", accept_form, meeting=meeting, accept_form=accept_form,
                       decline_form=decline_form, outcome_form=outcome_form,
                       cancel_form=ActionForm(formdata=None),
                       answering=answering, outcome_open=outcome_open, cancellable=cancellable,
                       labels=status_labels(), feedback=FEEDBACK_LABELS, outcomes=OUTCOME_LABELS,
                       follow_ups=FOLLOW_UP_LABELS, slot_label=_slot_label)


@bp.get("/meetings/<id:meeting_id>")
@role_required(*PARTIES)
def meeting_detail(meeting_id: int):
    """A meeting request: its patent, reason and slots; the answer, cancel and outcome forms."""
    return _detail(_meeting(meeting_id))


@bp.post("/meetings/<id:meeting_id>/accept")
@role_required(Role.UNIVERSITY_STAFF)
def accept_meeting(meeting_id: int):
    """The IP centre accepts one of the proposed slots."""
    meeting = _meeting(meeting_id)
    form = _accept_form(meeting, AcceptForm())
    if form.validate_on_submit():
        try:
            services.accept(current_user, meeting.id, parse_ascii_int(form.slot.data, 1, MAX_ID) or 0, now())
        except ServiceError as error:
            show_on_form(form, error)
        else:
            flash(_("Meeting accepted; it is on both agendas."), "success")
            return redirect(url_for("zones.meeting_detail", meeting_id=meeting.id))
    return _detail(meeting, accept_form=form)


def _enum(cls, value):
    try:
        return cls(value) if value else None
    except ValueError:
        return None


@bp.post("/meetings/<id:meeting_id>/decline")
@role_required(Role.UNIVERSITY_STAFF)
def decline_meeting(meeting_id: int):
    """The IP centre declines with a feedback reason."""
    meeting = _meeting(meeting_id)
    form = DeclineForm()
    if form.validate_on_submit():
        try:
            services.decline(current_user, meeting.id, _enum(FeedbackReason, form.reason.data),
                             form.text.data or "", now())
        except ServiceError as error:
            show_on_form(form, error)
        else:
            flash(_("Meeting declined; the enterprise sees your reason."), "success")
            return redirect(url_for("zones.meeting_detail", meeting_id=meeting.id))
    return _detail(meeting, decline_form=form)


@bp.post("/meetings/<id:meeting_id>/cancel")
@role_required(Role.ENTERPRISE_USER)
def cancel_meeting(meeting_id: int):
    """The enterprise withdraws its request or cancels an accepted meeting before its slot."""
    meeting = _meeting(meeting_id)
    form = ActionForm()
    if not form.validate_on_submit():
        flash_errors(form)
        return redirect(url_for("zones.meeting_detail", meeting_id=meeting.id))
    try:
        services.cancel(current_user, meeting.id, now())
    except ServiceError as error:
        flash(str(error.message), "danger")
    else:
        flash(_("Meeting cancelled."), "success")
    return redirect(url_for("zones.meeting_detail", meeting_id=meeting.id))


@bp.post("/meetings/<id:meeting_id>/outcome")
@role_required(*PARTIES)
def record_outcome(meeting_id: int):
    """One side records the outcome and follow-up after the slot."""
    meeting = _meeting(meeting_id)
    form = OutcomeForm()
    if form.validate_on_submit():
        try:
            services.record_outcome(current_user, meeting.id, _enum(Outcome, form.outcome.data),
                                    _enum(FollowUp, form.follow_up.data),
                                    _enum(FeedbackReason, form.reason.data), form.text.data or "", now())
        except ServiceError as error:
            show_on_form(form, error)
        else:
            flash(_("Outcome recorded."), "success")
            return redirect(url_for("zones.meeting_detail", meeting_id=meeting.id))
    return _detail(meeting, outcome_form=form)


# Agenda

@bp.get("/meetings/agenda")
@role_required(*PARTIES)
def agenda():
    """The side's accepted meetings, by time."""
    return render_template("zones/meetings/agenda.html", page=paginate(queries.agenda_of(current_user)))


@bp.get("/meetings/agenda.ics")
@role_required(*PARTIES)
def agenda_ics():
    """The agenda as an iCalendar file."""
    meetings = db.session.scalars(queries.agenda_of(current_user)).all()
    body = agenda_calendar(meetings, now(), request.host.split(":")[0] or "localhost")
    return Response(body, mimetype="text/calendar",
                    headers={"Content-Disposition": "attachment; filename=agenda.ics"})
