"""Forms of meetings: the organiser's session, the enterprise's request, the IP centre's answer, the outcome.

Choices of patents and slots are set by the view from the zone; a submitted value outside them (an old
page) is judged by the service, which says why it is refused.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import (
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
    TimeField,
)
from wtforms.validators import InputRequired, Length, NumberRange

from marketplace.choices import select_choices
from marketplace.core.feedback import FeedbackReason
from marketplace.core.meetings import (
    MAX_CAPACITY,
    MAX_PROPOSED_SLOTS,
    MAX_SLOT_MINUTES,
    REASON_MAX,
    FollowUp,
    Outcome,
)
from marketplace.date_fields import RecordDateField
from marketplace.edge.forms import MarketplaceForm

FEEDBACK_LABELS = {
    FeedbackReason.TOO_EARLY: _l("Technology not mature enough"),
    FeedbackReason.BENEFIT_UNCLEAR: _l("Benefit unclear"),
    FeedbackReason.ROUTE_TO_MARKET_UNCLEAR: _l("Route to market unclear"),
    FeedbackReason.PRICE_OR_TERMS: _l("Price or terms"),
    FeedbackReason.NOT_OUR_FIELD: _l("Not our field"),
    FeedbackReason.NEEDS_MORE_DATA: _l("Needs more data"),
    FeedbackReason.SOLVED_ELSEWHERE: _l("Already solved elsewhere"),
    FeedbackReason.OTHER: _l("Other (say what)"),
}
OUTCOME_LABELS = {
    Outcome.HELD: _l("Held"),
    Outcome.NO_SHOW: _l("The other side did not come"),
    Outcome.CANCELLED: _l("Cancelled"),
}
FOLLOW_UP_LABELS = {
    FollowUp.LICENCE_TAKEN: _l("Licence taken"),
    FollowUp.TRIAL_STARTED: _l("Trial started"),
    FollowUp.FURTHER_TALKS: _l("Further talks"),
    FollowUp.NO_INTEREST: _l("No interest"),
}
NONE_CHOSEN = ("", "—")


def _choices(labels: dict, blank: bool = False):
    pairs = [(value.value, label) for value, label in labels.items()]
    return select_choices([NONE_CHOSEN, *pairs] if blank else pairs)


class SessionForm(MarketplaceForm):
    """A session of the zone: a day inside its window, start and end, slot length, tables or rooms."""

    day = RecordDateField(_l("Date"), validators=[InputRequired()], rule="session inside the zone's window")
    starts_at = TimeField(_l("Starts at"), validators=[InputRequired()])
    ends_at = TimeField(_l("Ends at"), validators=[InputRequired()])
    slot_minutes = IntegerField(_l("Slot length (minutes)"), default=30,
                                validators=[InputRequired(), NumberRange(min=1, max=MAX_SLOT_MINUTES)])
    capacity = IntegerField(_l("Capacity (tables or online rooms)"), default=5,
                            validators=[InputRequired(), NumberRange(min=1, max=MAX_CAPACITY)])
    place = StringField(_l("Room or meeting link"), validators=[Length(max=200)])
    add_session = SubmitField(_l("Add the session"))


class MeetingRequestForm(MarketplaceForm):
    """An enterprise asks for a meeting about a curated patent, in one to three slots it can make."""

    patent = SelectField(_l("Patent"), validate_choice=False, validators=[InputRequired()])
    slots = SelectMultipleField(_l("Slots you can make (one to three)"), validate_choice=False,
                                render_kw={"size": 6})
    reason = TextAreaField(_l("What would you like to discuss?"),
                           validators=[InputRequired(), Length(max=REASON_MAX)])
    send_request = SubmitField(_l("Request the meeting"))

    max_slots = MAX_PROPOSED_SLOTS


class AcceptForm(MarketplaceForm):
    """The IP centre accepts one of the proposed slots."""

    slot = SelectField(_l("Slot"), validate_choice=False, validators=[InputRequired()])
    accept = SubmitField(_l("Accept the meeting"))


class DeclineForm(MarketplaceForm):
    """The IP centre declines with a reason from the feedback list."""

    reason = SelectField(_l("Reason"), choices=_choices(FEEDBACK_LABELS, blank=True), validate_choice=False)
    text = StringField(_l("In your words (required for “other”)"), validators=[Length(max=300)])
    decline = SubmitField(_l("Decline the meeting"))


class OutcomeForm(MarketplaceForm):
    """One side records what happened and what follows."""

    outcome = SelectField(_l("What happened"), choices=_choices(OUTCOME_LABELS, blank=True),
                          validate_choice=False)
    follow_up = SelectField(_l("Follow-up of a held meeting"), choices=_choices(FOLLOW_UP_LABELS, blank=True),
                            validate_choice=False)
    reason = SelectField(_l("Reason for no interest"), choices=_choices(FEEDBACK_LABELS, blank=True),
                         validate_choice=False)
    text = StringField(_l("In your words (required for “other”)"), validators=[Length(max=300)])
    record_outcome = SubmitField(_l("Record the outcome"))
