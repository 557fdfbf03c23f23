"""The royalty report form: which period, and its net sales in yuan."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import SelectField, StringField, SubmitField
from wtforms.validators import InputRequired, Length

from marketplace.edge.forms import MarketplaceForm


class RoyaltyReportForm(MarketplaceForm):
    """The enterprise reports the net sales of one ended period.

    The period's choices are the ended periods not filed yet; a submitted period outside them (a double
    submit, an old page) is judged by the service, which says why it is refused.
    """

    period = SelectField(_l("Period"), validate_choice=False, validators=[InputRequired()])
    net_sales = StringField(_l("Net sales in the period (yuan)"),
                            validators=[InputRequired(), Length(max=30)],
                            render_kw={"inputmode": "decimal", "autocomplete": "off"})
    file_report = SubmitField(_l("File the report"))
