"""The cost calculator's form on the patent page: a GET form, so it needs no CSRF token and works
without JavaScript.

`read` validates the submitted values against the patent and the plan: the start may not be in the past
nor after the patent's expiry (`check_licence_start`'s rule and words, as the take-licence submit says
them); expected annual net sales (only asked for plans with a royalty) are parsed by the
core's `parse_amount` (no floats). Problems land beside the fields that caused them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask_babel import lazy_gettext as _l
from wtforms import StringField, SubmitField
from wtforms.validators import Length, Optional

from marketplace.clock import today
from marketplace.core.money import Money
from marketplace.core.money_input import AmountProblem, InvalidAmount, parse_amount
from marketplace.date_fields import LicenceStartField
from marketplace.edge.forms import MarketplaceForm
from marketplace.event_dates import licence_start_message

SALES_MESSAGES = {
    AmountProblem.EMPTY: _l("Enter an amount."),
    AmountProblem.FORMAT: _l("Enter an amount in yuan, such as 50000 or 50,000.00."),
    AmountProblem.DECIMALS: _l("Amounts have at most two decimals (fen)."),
    AmountProblem.NEGATIVE: _l("Amounts cannot be negative."),
    AmountProblem.TOO_LARGE: _l("This amount is too large."),
}
BAD_DATE = _l("Enter a date such as 2027-01-01.")


@dataclass(frozen=True)
class CalculatorInput:
    """What the calculator was asked: a licence start and, perhaps, expected annual net sales."""

    start: date
    annual_net_sales: Money | None


class CalculatorForm(MarketplaceForm):
    """A licence start date and, for royalty plans, the expected annual net sales."""

    class Meta:
        csrf = False

    licence_start = LicenceStartField(_l("Licence start date"), default=today, validators=[Optional()])
    annual_sales = StringField(
        _l("Expected annual net sales (yuan)"), validators=[Optional(), Length(max=30)],
        description=_l("Optional: to estimate the royalties, e.g. 1,000,000 or 100万."),
        render_kw={"inputmode": "decimal"})
    calculate = SubmitField(_l("Calculate"))

    def read(self, patent_expiry: date, on_day: date, with_sales: bool) -> CalculatorInput | None:
        """The start (`on_day` when left empty) and the sales, or None with errors beside the fields."""
        self.validate()
        if self.licence_start.errors:
            self.licence_start.errors = [str(BAD_DATE)]
        start = self.licence_start.data or on_day
        refused = None if self.licence_start.errors else licence_start_message(start, on_day, patent_expiry)
        if refused:
            self.licence_start.errors = [refused]
        sales = None
        if not with_sales:
            self.annual_sales.errors = []  # the field is not shown for plans without a royalty
        text = (self.annual_sales.data or "").strip() if with_sales else ""
        if text and not self.annual_sales.errors:
            try:
                sales = parse_amount(text)
            except InvalidAmount as error:
                self.annual_sales.errors = [str(SALES_MESSAGES[error.problem])]
        if self.licence_start.errors or (with_sales and self.annual_sales.errors):
            return None
        return CalculatorInput(start, sales)
