"""The forms of the milestones page: the enterprise's report; the university's decisions."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import SelectField, StringField, SubmitField
from wtforms.validators import InputRequired, Length, Optional

from marketplace.date_fields import EventDateField
from marketplace.edge.forms import MarketplaceForm


class MilestoneReportForm(MarketplaceForm):
    """The enterprise says which milestone happened and when.

    The milestone's choices are those open for report; a submitted one outside them (a double submit, an
    old page) is judged by the service, which says why it is refused.
    """

    phase_index = SelectField(_l("Milestone"), validate_choice=False, validators=[InputRequired()])
    happened_on = EventDateField(_l("Day it happened"), validators=[InputRequired()])
    note = StringField(_l("Evidence or remark (optional)"), validators=[Optional(), Length(max=300)],
                       description=_l("e.g. the number of the first sales invoice, or of the certificate."))
    report_milestone = SubmitField(_l("Report the milestone"))


class MilestoneRejectForm(MarketplaceForm):
    """The university rejects a report, with the reason the enterprise reads."""

    reason = StringField(_l("Reason"), validators=[InputRequired(), Length(max=200)])
