"""Forms of conversations: an answer to a need, a question about a patent, a reply, and a meeting request
made from a thread. The message's words are judged by the service (blank, punctuation only, too long)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import SelectField, SelectMultipleField, SubmitField, TextAreaField
from wtforms.validators import InputRequired, Length

from marketplace.core.meetings import REASON_MAX
from marketplace.core.message_text import MESSAGE_MAX
from marketplace.edge.forms import IdField, MarketplaceForm


def _body(label):
    return TextAreaField(label, validators=[Length(max=MESSAGE_MAX)], render_kw={"rows": 5})


class AnswerForm(MarketplaceForm):
    """University staff answer a need: a message and optionally one of their offered patents."""

    body = _body(_l("Your answer (at most 2,000 characters)"))
    patent = SelectField(_l("Patent you propose (optional)"), validate_choice=False)
    send_answer = SubmitField(_l("Send the answer"))


class AskForm(MarketplaceForm):
    """An enterprise asks the patent's university about it."""

    body = _body(_l("Your question (at most 2,000 characters)"))
    send_question = SubmitField(_l("Send the question"))


class ReplyForm(MarketplaceForm):
    """A message in the thread."""

    body = _body(_l("Your message (at most 2,000 characters)"))
    send_reply = SubmitField(_l("Send"))


class ThreadMeetingForm(MarketplaceForm):
    """A meeting request in a chosen zone, about a patent of the thread's university curated there."""

    zone = IdField()
    patent = SelectField(_l("Patent"), validate_choice=False, validators=[InputRequired()])
    slots = SelectMultipleField(_l("Slots you can make (one to three)"), validate_choice=False,
                                render_kw={"size": 6})
    reason = TextAreaField(_l("What would you like to discuss?"),
                           validators=[InputRequired(), Length(max=REASON_MAX)])
    send_request = SubmitField(_l("Request the meeting"))
