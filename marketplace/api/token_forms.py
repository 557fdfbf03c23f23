"""The form that makes an API token."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import SelectField, SelectMultipleField, StringField, SubmitField
from wtforms.validators import DataRequired, Length
from wtforms.widgets import CheckboxInput, ListWidget

from marketplace.api.tokens import LIFETIMES_DAYS
from marketplace.choices import select_choices
from marketplace.core import api_scopes
from marketplace.edge.forms import MarketplaceForm

SCOPE_LABELS = {
    api_scopes.READ: _l("Read what your account can read (always included)"),
    api_scopes.LICENCES_WRITE: _l("Take licences, convert or decline trials, report royalties"),
    api_scopes.PAYMENTS_WRITE: _l("Notify bank transfers / confirm or reject them"),
    api_scopes.ZONES_WRITE: _l("Register for zones, request meetings / manage zones"),
    api_scopes.PATENTS_WRITE: _l("Create, update and import patents"),
    api_scopes.DECLARATIONS_WRITE: _l("Publish and withdraw declarations"),
}


class TokenForm(MarketplaceForm):
    """Name, scopes (only those the role allows are offered) and how long the token stays valid."""

    name = StringField(_l("Name"),
                       validators=[DataRequired(message=_l("Name the token, e.g. the system using it.")),
                                   Length(max=60)],
                       description=_l("To recognise it later, e.g. 省平台同步."))
    scopes = SelectMultipleField(_l("Scopes"), choices=[], widget=ListWidget(prefix_label=False),
                                 option_widget=CheckboxInput(), validate_choice=True)
    days = SelectField(_l("Valid for"), choices=[], coerce=int)
    submit = SubmitField(_l("Make the token"))

    def __init__(self, role: str, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.scopes.choices = select_choices((scope, SCOPE_LABELS[scope])
                                             for scope in api_scopes.allowed_scopes(role))
        self.days.choices = [(days, _l("%(days)d days", days=days)) for days in LIFETIMES_DAYS]
