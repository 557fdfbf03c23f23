"""The form of a "not relevant" mark: a reason from the feedback list, and words for "other"."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import SelectField, StringField, SubmitField
from wtforms.validators import Length

from marketplace.choices import select_choices
from marketplace.edge.forms import MarketplaceForm
from marketplace.matching.feedback_models import FEEDBACK_TEXT_MAX
from marketplace.zones.meeting_forms import FEEDBACK_LABELS

NONE_CHOSEN = ("", "—")


class DismissForm(MarketplaceForm):
    """The enterprise marks a matched patent not relevant to its need. An unknown reason is judged by the
    service ("Choose a reason."), so the message is the same for an old page and a forged post."""

    reason = SelectField(_l("Why does it not fit?"), validate_choice=False,
                         choices=select_choices([NONE_CHOSEN, *((r.value, label) for r, label in
                                                                FEEDBACK_LABELS.items())]))
    text = StringField(_l("In your words (required for “other”)"), validators=[Length(max=FEEDBACK_TEXT_MAX)])
    dismiss = SubmitField(_l("Mark not relevant"))
