"""Forms of the licence pages: taking a licence (the written notice that the enterprise accepts the
terms), the CNIPA filing, and the money: payments, notices of transfers, waivers, reversals, stopping at
a stage."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, HiddenField, StringField, SubmitField
from wtforms.validators import AnyOf, InputRequired, Length, Optional, ValidationError

from marketplace.date_fields import EventDateField, LicenceStartField
from marketplace.edge.forms import STALE_PAGE, IdField, MarketplaceForm


class TakeLicenceForm(MarketplaceForm):
    """Review the schedule for a start date, then accept the terms (the written notice)."""

    declaration_id = IdField()
    # The zone whose page the take-licence link came from (?zone=<id>); only a hint for attribution.
    source_zone = IdField()
    start = LicenceStartField(_l("Licence starts on"), validators=[InputRequired()])
    accept = BooleanField(
        _l("We notify the patentee that we take the licence on the published terms above, and will pay "
           "as they say."),
    )
    review = SubmitField(_l("Show the schedule"))
    take = SubmitField(_l("Take the licence"))

    def validate_accept(self, field) -> None:
        if self.take.data and not field.data:
            raise ValidationError(str(_l(
                "Tick the box to accept the terms; this is the written notice the law asks for.")))


class PaymentForm(MarketplaceForm):
    """The university records a bank transfer it received for a licence."""

    amount = StringField(_l("Amount received (yuan)"), validators=[InputRequired(), Length(max=30)],
                         render_kw={"inputmode": "decimal"})
    reference = StringField(_l("Bank transfer reference"), validators=[InputRequired(), Length(max=60)])
    received_on = EventDateField(_l("Received on"), validators=[InputRequired()])
    record = SubmitField(_l("Record the payment"))


class FilingForm(MarketplaceForm):
    """Record that the licence contract was filed (备案) with CNIPA."""

    filed_on = EventDateField(_l("Filed on"), validators=[InputRequired()])
    filing_number = StringField(_l("Filing number"), validators=[InputRequired(), Length(max=60)])
    save_filing = SubmitField(_l("Record the filing"))


class FilingCorrectionForm(MarketplaceForm):
    """Correct the current 备案 entry (the wrong one stays in the record): the right date and number, and
    what was wrong. `corrects` is the id of the entry corrected."""

    corrects = HiddenField()
    filed_on = EventDateField(_l("Filed on"), validators=[InputRequired()])
    filing_number = StringField(_l("Filing number"), validators=[InputRequired(), Length(max=60)])
    reason = StringField(_l("What was wrong"), validators=[InputRequired(), Length(max=200)])
    correct_filing = SubmitField(_l("Correct the filing"))


class TransferNoticeForm(MarketplaceForm):
    """The enterprise tells the university it sent a bank transfer for this licence."""

    amount = StringField(_l("Amount sent (yuan)"), validators=[InputRequired(), Length(max=30)],
                         render_kw={"inputmode": "decimal"})
    reference = StringField(_l("Bank transfer reference"), validators=[InputRequired(), Length(max=60)])
    paid_on = EventDateField(_l("Transfer date"), validators=[InputRequired()])
    notify = SubmitField(_l("We sent a bank transfer"))


class DecisionForm(MarketplaceForm):
    """A university's decision on a notice or on the ledger; `back` says which page it was taken on
    (``list``: the pending notices; otherwise the licence)."""

    back = HiddenField(validators=[Optional(), AnyOf(("list",), message=STALE_PAGE)])


class ReasonForm(DecisionForm):
    """A decision that needs a reason: reject a notice, waive a charge, reverse a payment."""

    reason = StringField(_l("Reason"), validators=[InputRequired(), Length(max=200)])


class TrialDecisionForm(MarketplaceForm):
    """The enterprise converts its trial early or declines it."""

    decision = HiddenField(validators=[AnyOf(("convert", "decline"), message=_l(
        "Choose whether to convert or to decline the trial."))])
    # Declining cannot be undone: it is done only from the confirmation page, with this box ticked.
    confirm = BooleanField(_l("I decline the trial: the licence ends today and can no longer be converted."))
    decline = SubmitField(_l("Decline the trial"))

    def validate_confirm(self, field) -> None:
        if self.decision.data == "decline" and not field.data:
            raise ValidationError(str(_l(
                "Tick the box to confirm that you decline the trial; nothing has been changed.")))


class StopAtStageForm(MarketplaceForm):
    """The enterprise stops a staged licence at the end of the current stage."""

    confirm = BooleanField(
        _l("Stop at the end of the current stage; nothing further will fall due."),
        validators=[InputRequired(message=_l("Tick the box to confirm that the licence stops."))],
    )
    stop = SubmitField(_l("Stop at the end of this stage"))
