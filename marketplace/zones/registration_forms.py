"""Forms of registration: an enterprise registers for a zone; the organiser checks a code in."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import SelectMultipleField, StringField, SubmitField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional, Regexp
from wtforms.widgets import CheckboxInput, ListWidget

from marketplace.core.input_text import parse_ascii_int
from marketplace.edge.converters import MAX_ID
from marketplace.edge.forms import MarketplaceForm


def ascii_id(value) -> int:
    """A submitted id: ASCII digits within the id range (ValueError otherwise, which refuses the choice)."""
    if isinstance(value, int):
        return value
    number = parse_ascii_int(value, 1, MAX_ID)
    if number is None:
        raise ValueError(str(_l("Not a valid choice.")))
    return number


class RegistrationForm(MarketplaceForm):
    """Who comes, how to reach them, what interests the enterprise, and which patents it wants to discuss."""

    contact_name = StringField(_l("Contact person"), validators=[InputRequired(), Length(max=60)])
    contact_phone = StringField(
        _l("Contact phone"), validators=[InputRequired(), Length(max=30), Regexp(
            r"^\+?[0-9][0-9 \-()]{5,28}$", message=_l("Enter a phone number: digits, spaces, - ( ) and +."))],
        render_kw={"inputmode": "tel", "autocomplete": "tel"})
    interests = TextAreaField(_l("Interests"), validators=[Optional(), Length(max=500)],
                              description=_l("What your enterprise hopes to find or solve in this zone."))
    patents = SelectMultipleField(_l("Patents we want to discuss"), coerce=ascii_id, choices=[],
                                  widget=ListWidget(prefix_label=False), option_widget=CheckboxInput(),
                                  validate_choice=True)
    register = SubmitField(_l("Submit the registration"))


class CheckInForm(MarketplaceForm):
    """The code on a registration, typed or read by a scanner as text."""

    code = StringField(_l("Check-in code"), validators=[InputRequired(), Length(max=16)],
                       render_kw={"autocomplete": "off", "autofocus": True, "autocapitalize": "characters"})
    check_in = SubmitField(_l("Check in"))
