"""The IP centre's form to record a year's annual fee as paid (the amount is computed, not typed)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import IntegerField, SubmitField
from wtforms.validators import InputRequired, NumberRange

from marketplace.date_fields import RecordDateField
from marketplace.edge.forms import MarketplaceForm


class FeePaymentForm(MarketplaceForm):
    """Which year's fee was paid and on which day; the register computes what that day cost."""

    year = IntegerField(_l("Patent year"), validators=[InputRequired(), NumberRange(min=1, max=20)])
    paid_on = RecordDateField(
        _l("Paid on"), validators=[InputRequired()],
        rule="annual_fees.register.quote: not after today, not before the grant, not after the late period",
        description=_l("The day the fee was paid to CNIPA. The amount, with any late surcharge, is computed "
                       "for that day."))
    preview = SubmitField(_l("Show the amount"))
    record = SubmitField(_l("Record as paid"))
