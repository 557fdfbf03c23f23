"""Pages of conversations: answering a need, asking about a patent, the inbox, a thread with its reply,
accepting an answer, and a meeting request made from a thread.

Only the two organisations' users reach a thread (administrators read it); anyone else gets a 404, as if
it did not exist.
"""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from marketplace.accounts.access import role_required
from marketplace.accounts.models import Role
from marketplace.catalogue.models import Patent
from marketplace.choices import select_choices
from marketplace.clock import now, today
from marketplace.conversations import services
from marketplace.conversations.forms import AnswerForm, AskForm, ReplyForm, ThreadMeetingForm
from marketplace.conversations.models import Conversation, Message, Side
from marketplace.core.input_text import parse_ascii_int
from marketplace.core.need_state import is_live
from marketplace.database import begin_writing
from marketplace.edge.converters import MAX_ID
from marketplace.edge.forms import ActionForm, flash_errors
from marketplace.edge.query import query_int
from marketplace.extensions import db
from marketplace.forms_rendering import render_form
from marketplace.needs.models import Need
from marketplace.needs.services import may_read
from marketplace.pagination import paginate
from marketplace.service_errors import ServiceError, show_on_form
from marketplace.zones import meeting_services
from marketplace.zones.meeting_views import local_time
from marketplace.zones.models import Zone

bp = Blueprint("conversations", __name__)
READERS = (Role.ENTERPRISE_USER, Role.UNIVERSITY_STAFF, Role.ADMIN)
PARTIES = (Role.ENTERPRISE_USER, Role.UNIVERSITY_STAFF)


@bp.app_template_global("unread_threads")
def unread_threads() -> int:
    """How many threads of the signed-in user's organisation have unseen messages."""
    return services.unread_count(current_user) if current_user.is_authenticated else 0


def _optional_id(value) -> int | None:
    """None for an empty choice; 0 (no such row, refused by the service) for a value that is not an id."""
    return (parse_ascii_int(value, 1, MAX_ID) or 0) if value else None


# Starting a thread

def _answer_form(form: AnswerForm) -> AnswerForm:
    form.patent.choices = select_choices(
        [("", "—")] + [(str(p.id), p.title) for p in services.offered_patents(current_user.university_id)])
    return form


@bp.route("/needs/<id:need_id>/answer", methods=["GET", "POST"])
@role_required(Role.UNIVERSITY_STAFF)
def answer(need_id: int):
    """The IP centre answers a live need with a message and optionally a patent it offers."""
    need = db.session.get(Need, need_id)
    if need is None or not may_read(need, current_user):
        abort(404)
    form = _answer_form(AnswerForm())
    existing = db.session.scalar(select(Conversation.id).where(
        Conversation.need_id == need.id, Conversation.university_id == current_user.university_id))
    if form.validate_on_submit():
        try:
            conversation = services.answer_need(current_user, need.id, form.body.data,
                                                _optional_id(form.patent.data), now())
        except ServiceError as error:
            show_on_form(form, error)
        else:
            flash(_("Your answer was sent to the enterprise."), "success")
            return redirect(url_for("conversations.thread", conversation_id=conversation.id))
    return render_form("conversations/answer.html", form, need=need, live=is_live(need.status),
                       existing=existing)


@bp.route("/patents/<id:patent_id>/ask", methods=["GET", "POST"])
@role_required(Role.ENTERPRISE_USER)
def ask(patent_id: int):
    """An enterprise asks the patent's university about it."""
    patent = db.session.get(Patent, patent_id)
    if patent is None or patent.archived:
        abort(404)
    form = AskForm()
    if form.validate_on_submit():
        try:
            conversation = services.ask_about_patent(current_user, patent.id, form.body.data, now())
        except ServiceError as error:
            show_on_form(form, error)
        else:
            flash(_("Your question was sent to the university's IP centre."), "success")
            return redirect(url_for("conversations.thread", conversation_id=conversation.id))
    return render_form("conversations/ask.html", form, patent=patent)


# Reading and writing

@bp.get("/threads")
@role_required(*READERS)
def inbox():
    """The conversations of the user's organisation, newest activity first (an administrator: all)."""
    side = (Side.ENTERPRISE if current_user.role == Role.ENTERPRISE_USER
            else Side.UNIVERSITY if current_user.role == Role.UNIVERSITY_STAFF else None)
    return render_template("conversations/inbox.html", page=paginate(services.inbox(current_user)), side=side)


def _readable(conversation_id: int) -> Conversation:
    conversation = db.session.get(Conversation, conversation_id)
    if conversation is None or not services.may_read(current_user, conversation):
        abort(404)
    return conversation


def _party(conversation_id: int) -> Conversation:
    conversation = db.session.get(Conversation, conversation_id)
    if conversation is None or services.side_of(current_user, conversation) is None:
        abort(404)
    return conversation


def _thread_page(conversation: Conversation, form: ReplyForm | None = None):
    side = services.side_of(current_user, conversation)
    messages = paginate(select(Message).where(Message.conversation_id == conversation.id)
                        .order_by(Message.created_at.desc(), Message.id.desc()))
    form = form or ReplyForm(formdata=None)
    acceptable = (side == Side.ENTERPRISE and conversation.need_id is not None
                  and conversation.answer_accepted_at is None and is_live(conversation.need.status))
    return render_form("conversations/thread.html", form, conversation=conversation, side=side,
                       messages=messages, acceptable=acceptable, accept_form=ActionForm(formdata=None),
                       local_time=local_time)


@bp.get("/threads/<id:conversation_id>")
@role_required(*READERS)
def thread(conversation_id: int):
    """A conversation; opening it marks it read for the user's side."""
    conversation = _readable(conversation_id)
    if services.read_mark_behind(current_user, conversation):
        # Moving the marker writes: the reads so far wrote nothing, so start again as a writer (on SQLite a
        # reader's snapshot cannot always be upgraded to a write while others write).
        db.session.rollback()
        begin_writing(db.session)
        conversation = _readable(conversation_id)
        services.mark_read(current_user, conversation)
    return _thread_page(conversation)


@bp.post("/threads/<id:conversation_id>/reply")
@role_required(*PARTIES)
def reply(conversation_id: int):
    """A message from either party."""
    conversation = _party(conversation_id)
    form = ReplyForm()
    if form.validate_on_submit():
        try:
            services.reply(current_user, conversation.id, form.body.data, now())
        except ServiceError as error:
            show_on_form(form, error)
        else:
            flash(_("Message sent."), "success")
            return redirect(url_for("conversations.thread", conversation_id=conversation.id))
    return _thread_page(conversation, form)


@bp.post("/threads/<id:conversation_id>/accept")
@role_required(Role.ENTERPRISE_USER)
def accept(conversation_id: int):
    """The enterprise accepts the university's answer to its need."""
    conversation = _party(conversation_id)
    form = ActionForm()
    if not form.validate_on_submit():
        flash_errors(form)
        return redirect(url_for("conversations.thread", conversation_id=conversation.id))
    try:
        services.accept_answer(current_user, conversation.id, now())
    except ServiceError as error:
        db.session.rollback()
        flash(str(error.message), "danger")
    else:
        flash(_("You accepted the university's answer; your need is now in talks."), "success")
    return redirect(url_for("conversations.thread", conversation_id=conversation.id))


# A meeting request from the thread

def _slot_label(slot) -> str:
    return f"{local_time(slot.starts_at)}–{local_time(slot.ends_at, 'HH:mm')}"


def _meeting_form(form: ThreadMeetingForm, conversation: Conversation,
                  zone: Zone | None) -> ThreadMeetingForm:
    entries = services.meeting_patents(conversation, zone.id) if zone else []
    form.patent.choices = select_choices((str(entry.patent_id), entry.patent.title) for entry in entries)
    slots = meeting_services.bookable_slots(zone.id, now()) if zone else []
    form.slots.choices = select_choices((str(slot.id), _slot_label(slot)) for slot in slots)
    return form


@bp.route("/threads/<id:conversation_id>/meeting", methods=["GET", "POST"])
@role_required(Role.ENTERPRISE_USER)
def meeting(conversation_id: int):
    """The enterprise turns the thread into a meeting request in a zone taking requests that curates a
    patent of the university: first the zone, then the patent, slots and reason."""
    conversation = _party(conversation_id)
    zones = services.meeting_zones(conversation, today())
    form = ThreadMeetingForm()
    valid = form.validate_on_submit()
    chosen = form.zone.data if form.is_submitted() else query_int("zone")
    zone = next((each for each in zones if each.id == chosen), None)
    if zone is None and zones and not form.is_submitted():
        zone = zones[0]
    _meeting_form(form, conversation, zone)
    if zone is not None and not form.is_submitted():
        form.zone.data = zone.id
        if conversation.patent_id is not None:
            form.patent.data = str(conversation.patent_id)
    if valid and zone is None:
        form.form_errors.append(_("Choose a zone that takes meeting requests."))
    elif valid:
        parsed = (parse_ascii_int(each, 1, MAX_ID) for each in form.slots.data or [])
        slot_ids = [value for value in parsed if value is not None]
        try:
            request = services.request_meeting(
                current_user, conversation.id, zone, parse_ascii_int(form.patent.data, 1, MAX_ID) or 0,
                form.reason.data or "", slot_ids, today(), now())
        except ServiceError as error:
            show_on_form(form, error)
        else:
            flash(_("Meeting requested. The IP centre will accept one of your slots or decline."), "success")
            return redirect(url_for("zones.meeting_detail", meeting_id=request.id))
    registered = zone is not None and meeting_services.live_registration(
        zone.id, current_user.enterprise_id) is not None
    return render_form("conversations/meeting.html", form, conversation=conversation, zones=zones, zone=zone,
                       registered=registered)
