"""Forms of the register of outside licences: recording a licence, and recording its early end."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import SelectField, StringField, SubmitField
from wtforms.validators import InputRequired, Length

from marketplace.choices import select_choices
from marketplace.date_fields import RecordDateField
from marketplace.edge.forms import MarketplaceForm
from marketplace.outside_licences.labels import KIND_LABELS
from marketplace.outside_licences.models import CONTRACT_LENGTH, NAME_LENGTH, REASON_LENGTH

TERM_RULE = "core.outside_licences.term_refusal: within the patent's term, the last day not before the first"
END_RULE = "core.outside_licences.early_end_refusal: not after today, within the licence's term"


class OutsideLicenceForm(MarketplaceForm):
    """A licence the IP centre granted outside the marketplace (a contract it negotiated directly)."""

    kind = SelectField(_l("Kind of licence"), choices=select_choices(KIND_LABELS.items()),
                       validators=[InputRequired()])
    licensee_name = StringField(_l("Licensee"), validators=[InputRequired(), Length(max=NAME_LENGTH)])
    licensee_credit_code = StringField(_l("Licensee's unified social credit code (optional)"),
                                       validators=[Length(max=40)])
    starts_on = RecordDateField(_l("First day of the licence"), validators=[InputRequired()], rule=TERM_RULE)
    ends_on = RecordDateField(_l("Last day of the licence"), validators=[InputRequired()], rule=TERM_RULE)
    contract_number = StringField(_l("Contract number (optional)"), validators=[Length(max=CONTRACT_LENGTH)])
    record = SubmitField(_l("Record the licence"))


class EarlyEndForm(MarketplaceForm):
    """The day a recorded licence stopped being in force before its agreed last day, and why. `licence`
    chooses among the entries not yet ended (the view sets the choices; the service checks the one sent)."""

    licence = SelectField(_l("Licence"), validate_choice=False, validators=[InputRequired()])
    ended_on = RecordDateField(_l("No longer in force from"), validators=[InputRequired()], rule=END_RULE)
    reason = StringField(_l("Why it ended early"), validators=[InputRequired(), Length(max=REASON_LENGTH)])
    end = SubmitField(_l("Record the early end"))
