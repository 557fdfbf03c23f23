"""The forms of the dispute pages: opening a dispute, taking it further, recording its outcome."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, SelectField, SelectMultipleField, StringField, SubmitField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from marketplace.choices import select_choices
from marketplace.core.disputes import DESCRIPTION_MAX, NOTE_MAX, REFERENCE_MAX
from marketplace.disputes.labels import OUTCOME_LABELS, SUBJECT_LABELS
from marketplace.edge.forms import MarketplaceForm
from marketplace.zones.registration_forms import ascii_id


class OpenDisputeForm(MarketplaceForm):
    """What the dispute is about, in the party's words, and the charges it concerns (optional).

    The charges offered are the licence's posted, unsettled ones no open dispute names; a submitted id
    outside them (another licence's charge, an old page) is judged by the service, which says why."""

    subject = SelectField(_l("Subject"), choices=select_choices(
        (subject.value, label) for subject, label in SUBJECT_LABELS.items()), validators=[InputRequired()])
    description = TextAreaField(_l("What is in dispute"), validators=[InputRequired(),
                                                                      Length(max=DESCRIPTION_MAX)],
                                description=_l("The facts as you see them and what you ask of the other "
                                               "party."))
    charges = SelectMultipleField(_l("Charges in dispute (optional)"), coerce=ascii_id, choices=[],
                                  widget=ListWidget(prefix_label=False), option_widget=CheckboxInput(),
                                  validate_choice=False,
                                  description=_l("While the dispute is open, these charges do not make the "
                                                 "licence overdue or suspended."))
    open_dispute = SubmitField(_l("Open the dispute"))


class EscalateForm(MarketplaceForm):
    """Take the dispute to CNIPA mediation or to court, with a note."""

    to = SelectField(_l("Take it to"), validate_choice=False, validators=[InputRequired()])
    note = StringField(_l("Note (optional)"), validators=[Optional(), Length(max=NOTE_MAX)],
                       description=_l("e.g. why negotiation failed, or the court's name."))
    escalate = SubmitField(_l("Take the dispute further"))


class ResolveForm(MarketplaceForm):
    """The outcome, its case or judgment number, a note, and (for the university) the waiver."""

    outcome = SelectField(_l("Outcome"), choices=select_choices(
        (outcome.value, label) for outcome, label in OUTCOME_LABELS.items()), validators=[InputRequired()])
    reference = StringField(_l("Mediation case or judgment number"),
                            validators=[Optional(), Length(max=REFERENCE_MAX)],
                            description=_l("Required for an outcome by mediation or by the court."))
    note = TextAreaField(_l("What was agreed or decided (optional)"),
                         validators=[Optional(), Length(max=500)])
    waive = BooleanField(_l("Waive what is left of the disputed charges (university only)"),
                         description=_l("Posted to the ledger as a waiver of each disputed charge."))
    resolve = SubmitField(_l("Record the dispute's outcome"))
