"""The plan editor and the other forms of an IP centre's declaration page.

The plan editor is one form with a field group per kind of plan; `build_plan` reads the groups the
chosen kind needs and composes the plan with the domain core's builders. Amounts and rates are
parsed by the core (no floats); problems land beside the fields that caused them.
"""

from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    IntegerField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from marketplace.choices import select_choices
from marketplace.core.money import Money
from marketplace.core.money_input import (
    AmountProblem,
    InvalidAmount,
    InvalidRate,
    RateProblem,
    parse_amount,
    parse_percent,
)
from marketplace.core.pricing import (
    ConversionKind,
    Duration,
    DurationUnit,
    Plan,
    PlanKind,
    RoyaltyPeriod,
    TrialEnd,
    flat_plan,
    free_plan,
    instalment_plan,
    royalty_plan,
    staged_plan,
    try_first_plan,
)
from marketplace.date_fields import RecordDateField
from marketplace.edge.forms import MarketplaceForm

STAGES = 4
EVENT_WINDOW_RULE = ("declarations.event_terms: inside the zone's window, not before today, "
                     "no overlap with the patent's other event terms")

KIND_LABELS = {
    PlanKind.FLAT: _l("Flat: one lump sum"),
    PlanKind.STAGED: _l("Staged: paid stage by stage, or in instalments"),
    PlanKind.TRY_FIRST: _l("Try first, pay later"),
    PlanKind.ROYALTY: _l("Royalty on net sales (optional entry fee)"),
    PlanKind.FREE: _l("Free"),
}
UNIT_LABELS = {DurationUnit.YEAR: _l("years"), DurationUnit.MONTH: _l("months"),
               DurationUnit.DAY: _l("days")}
TRIAL_END_LABELS = {
    TrialEnd.EXPIRE: _l("The licence ends; nothing is owed"),
    TrialEnd.CONVERT: _l("The licence converts; the first paid charge falls due"),
}
CONVERSION_LABELS = {
    ConversionKind.FLAT: _l("a lump sum (the flat fee below)"),
    ConversionKind.STAGED: _l("stages or instalments (below)"),
    ConversionKind.ROYALTY: _l("a royalty (below)"),
}
PERIOD_LABELS = {RoyaltyPeriod.QUARTER: _l("each quarter"), RoyaltyPeriod.YEAR: _l("each year")}

AMOUNT_MESSAGES = {
    AmountProblem.EMPTY: _l("Enter an amount."),
    AmountProblem.FORMAT: _l("Enter an amount in yuan, such as 50000 or 50,000.00."),
    AmountProblem.DECIMALS: _l("Amounts have at most two decimals (fen)."),
    AmountProblem.NEGATIVE: _l("Amounts cannot be negative."),
    AmountProblem.TOO_LARGE: _l("This amount is too large."),
}
RATE_MESSAGES = {
    RateProblem.EMPTY: _l("Enter a rate."),
    RateProblem.FORMAT: _l("Enter the rate as a percentage, such as 3.5."),
    RateProblem.DECIMALS: _l("A rate has at most four decimals."),
    RateProblem.NEGATIVE: _l("A rate cannot be negative."),
    RateProblem.TOO_LARGE: _l("The royalty rate may be at most 20 percent of net sales."),
}


def _amount_field(label, description=None) -> StringField:
    return StringField(label, validators=[Optional(), Length(max=30)], description=description,
                       render_kw={"inputmode": "decimal"})


def _count_field(label) -> IntegerField:
    return IntegerField(label, validators=[Optional(), NumberRange(min=1, max=1200)])


class PlanForm(MarketplaceForm):
    """The published terms: kind of plan, term, fees, trial, royalty, payment method."""

    kind = SelectField(_l("Kind of plan"), choices=select_choices(KIND_LABELS.items()),
                       default=PlanKind.FLAT.value)
    term_count = IntegerField(_l("Licence term"), validators=[InputRequired(), NumberRange(min=1, max=1200)])
    term_unit = SelectField(_l("Unit of the term"), choices=select_choices(
        (u, UNIT_LABELS[u]) for u in (DurationUnit.YEAR, DurationUnit.MONTH)), default="year")

    fee = _amount_field(_l("Flat fee (yuan)"), _l("Due when the licence starts."))

    instalment_total = _amount_field(_l("Total to pay in instalments (yuan)"))
    instalment_count = _count_field(_l("Number of instalments"))
    instalment_every = _count_field(_l("Months between instalments"))

    trial_count = _count_field(_l("Trial length"))
    trial_unit = SelectField(_l("Unit of the trial"), choices=select_choices(
        (u, UNIT_LABELS[u]) for u in (DurationUnit.DAY, DurationUnit.MONTH)), default="day")
    trial_fee = _amount_field(_l("Trial fee (yuan)"), _l("Usually 0."))
    trial_milestone = StringField(
        _l("The trial ends early at a milestone (optional)"), validators=[Optional(), Length(max=60)],
        description=_l("e.g. 首次取得销售收入 (pay from first revenue): the licence converts when the "
                       "university confirms the licensee's report of it; the trial's length is the latest "
                       "it runs."))
    trial_end = SelectField(_l("When the trial ends without a decision"),
                            choices=select_choices(TRIAL_END_LABELS.items()), default="expire")
    conversion = SelectField(_l("After the trial, the enterprise pays"),
                             choices=select_choices(CONVERSION_LABELS.items()), default="flat")

    entry_fee = _amount_field(_l("Entry fee (yuan)"), _l("Due at the start of the royalty; may be 0."))
    rate = StringField(_l("Royalty rate (percent of net sales)"), validators=[Optional(), Length(max=12)],
                       render_kw={"inputmode": "decimal"})
    period = SelectField(_l("Net sales are reported"), choices=select_choices(PERIOD_LABELS.items()),
                         default="year")
    annual_minimum = _amount_field(_l("Annual minimum royalty (yuan)"), _l("Optional."))

    payment_method = StringField(_l("Payment method"), validators=[InputRequired(), Length(max=300)],
                                 description=_l("e.g. bank transfer to the university's account"))
    other_terms = TextAreaField(_l("Other terms"), validators=[Optional(), Length(max=2000)],
                                render_kw={"rows": 3})
    sample_start = RecordDateField(_l("Sample start date for the preview"), validators=[Optional()],
                                  rule="declarations.views: a sample, not after the patent's expiry")

    preview = SubmitField(_l("Preview the schedule"))
    save = SubmitField(_l("Save draft"))

    def submitted_plan(self) -> Plan | None:
        """The plan of a submitted form, or None with every error found at once: the common fields'
        and the chosen kind's section are both checked, so one submit reports them all together."""
        valid = self.validate_on_submit()
        if any(field.errors for field in self if isinstance(field, SelectField)):
            return None  # a choice not offered: the plan cannot even be read
        plan = self.build_plan()
        return plan if valid else None

    def build_plan(self) -> Plan | None:
        """The plan the form describes, or None with errors beside the fields (every one of the chosen
        kind's section, not only the first)."""
        term = Duration(self.term_count.data or 1, DurationUnit(self.term_unit.data))
        kind = PlanKind(self.kind.data)
        if kind == PlanKind.FREE:
            return free_plan(term)
        if kind == PlanKind.TRY_FIRST:
            conversion = ConversionKind(self.conversion.data)
            following = self._paid_plan(PlanKind(conversion.value), term)
            trial_fee = self._amount(self.trial_fee, required=False)
            if self.trial_count.data is None and not self.trial_count.errors:
                self.trial_count.errors.append(str(_l("Enter the length of the trial.")))
            if following is None or trial_fee is None or self.trial_count.data is None \
                    or self.trial_count.errors:
                return None
            trial = Duration(self.trial_count.data, DurationUnit(self.trial_unit.data))
            return try_first_plan(trial, trial_fee, TrialEnd(self.trial_end.data), following,
                                  self._milestone(self.trial_milestone))
        return self._paid_plan(kind, term)

    def _paid_plan(self, kind: PlanKind, term: Duration) -> Plan | None:
        if kind == PlanKind.FLAT:
            fee = self._amount(self.fee)
            return flat_plan(fee, term) if fee is not None else None
        if kind == PlanKind.STAGED:
            return self._staged(term)
        rate = self._rate()
        entry = self._amount(self.entry_fee, required=False)
        minimum = self._amount(self.annual_minimum, required=False, zero_is_none=True)
        if rate is None or entry is None or minimum is False:
            return None
        return royalty_plan(rate, RoyaltyPeriod(self.period.data), term, entry, minimum)

    @staticmethod
    def _milestone(field) -> str | None:
        """A milestone's name as entered (trimmed), None when the field is empty or absent."""
        text = (field.data or "").strip() if field is not None else ""
        return text or None

    def _staged(self, term: Duration) -> Plan | None:
        stages = []
        milestones: list[str | None] = []
        refused = False
        for index in range(1, STAGES + 1):
            months, fee_field = getattr(self, f"stage_months_{index}"), getattr(self, f"stage_fee_{index}")
            if months.data is None and not (fee_field.data or "").strip() and not months.errors:
                continue
            fee = self._amount(fee_field)
            refused = refused or fee is None or bool(months.errors)
            if fee is not None:
                stages.append((Duration.months(months.data) if months.data else None, fee))
                milestones.append(self._milestone(getattr(self, f"stage_milestone_{index}", None)))
        if refused:
            return None
        if stages:
            return staged_plan(stages, term, milestones)
        total = self._amount(self.instalment_total)
        for field in (self.instalment_count, self.instalment_every):
            if field.data is None and not field.errors:
                field.errors.append(str(_l("Enter the stages, or the instalments.")))
        if total is None or self.instalment_count.errors or self.instalment_every.errors \
                or self.instalment_count.data is None or self.instalment_every.data is None:
            return None
        return instalment_plan(total, self.instalment_count.data,
                               Duration.months(self.instalment_every.data), term)

    def _amount(self, field, required: bool = True, zero_is_none: bool = False):
        text = (field.data or "").strip()
        if not text:
            if required:
                field.errors.append(str(AMOUNT_MESSAGES[AmountProblem.EMPTY]))
                return None
            return None if zero_is_none else Money.zero()
        try:
            return parse_amount(text)
        except InvalidAmount as error:
            field.errors.append(str(AMOUNT_MESSAGES[error.problem]))
            return False if zero_is_none else None

    def _rate(self):
        try:
            return parse_percent(self.rate.data or "")
        except InvalidRate as error:
            self.rate.errors.append(str(RATE_MESSAGES[error.problem]))
            return None

    def sample_day(self, today: date) -> date:
        return self.sample_start.data or today


for _index in range(1, STAGES + 1):
    setattr(PlanForm, f"stage_months_{_index}", IntegerField(
        _l("Stage %(n)d length (months; empty for the last stage)", n=_index),
        validators=[Optional(), NumberRange(min=1, max=1200)]))
    setattr(PlanForm, f"stage_fee_{_index}", _amount_field(_l("Stage %(n)d fee (yuan)", n=_index)))
    if _index > 1:
        setattr(PlanForm, f"stage_milestone_{_index}", StringField(
            _l("Stage %(n)d falls due at a milestone (optional)", n=_index),
            validators=[Optional(), Length(max=60)],
            description=_l("e.g. 产品取得认证: the fee falls due when the university confirms it, at the "
                           "stage's start at the latest.")))


class LegalFactsForm(MarketplaceForm):
    """Encumbrances and consents the law looks at before a declaration is published."""

    pledged = BooleanField(_l("The patent is pledged"))
    pledgee_consent = BooleanField(_l("The pledgee consents to the open licence"))
    suspended = BooleanField(_l("Suspended (ownership dispute or court preservation)"))
    co_owner_consent = BooleanField(_l("Every co-owner consents (co-owned patents)"))
    evaluation_report_on_file = BooleanField(
        _l("A patent evaluation report is on file (utility models and designs)"))
    save_facts = SubmitField(_l("Save legal facts"))

    def values(self) -> dict:
        return {name: getattr(self, name).data for name in (
            "pledged", "pledgee_consent", "suspended",
            "co_owner_consent", "evaluation_report_on_file")}


class WithdrawForm(MarketplaceForm):
    """Withdraw the published declaration, with the reason that is announced."""

    reason = TextAreaField(_l("Reason for the withdrawal"), validators=[Length(max=500)],
                           render_kw={"rows": 2})
    withdraw = SubmitField(_l("Withdraw the declaration"))


def form_data(plan: Plan, payment_method: str, other_terms: str) -> dict:
    """Field values that show `plan` in the editor (to change a draft or start from the terms in force)."""
    from marketplace.core.money_input import percent_text
    from marketplace.core.pricing import PhaseKind

    data: dict = {"kind": plan.kind.value, "term_count": plan.term.count, "term_unit": plan.term.unit.value,
                  "payment_method": payment_method, "other_terms": other_terms}
    phases = list(plan.phases)
    if phases and phases[0].kind == PhaseKind.TRIAL:
        trial = phases.pop(0)
        data.update(trial_count=trial.duration.count if trial.duration else None,
                    trial_unit=trial.duration.unit.value if trial.duration else "day",
                    trial_fee=str(trial.fee.amount),
                    trial_end=plan.trial_end.value if plan.trial_end else None,
                    conversion=plan.conversion.value if plan.conversion else None,
                    trial_milestone=phases[0].milestone if phases else None)
    fixed = [p for p in phases if p.kind == PhaseKind.FIXED]
    royalty = [p for p in phases if p.kind == PhaseKind.ROYALTY]
    if len(fixed) == 1 and plan.kind in (PlanKind.FLAT, PlanKind.TRY_FIRST):
        data["fee"] = str(fixed[0].fee.amount)
    elif fixed:
        for index, phase in enumerate(fixed[:STAGES], start=1):
            data[f"stage_months_{index}"] = phase.duration.in_months if phase.duration else None
            data[f"stage_fee_{index}"] = str(phase.fee.amount)
            if index > 1:
                data[f"stage_milestone_{index}"] = phase.milestone
    if royalty:
        phase = royalty[0]
        data.update(entry_fee=str(phase.fee.amount), rate=percent_text(phase.royalty_rate),
                    period=phase.royalty_period.value,
                    annual_minimum=str(phase.annual_minimum.amount) if phase.annual_minimum else "")
    return data


class EventTermsForm(PlanForm):
    """A time-limited version of the published terms for a special zone's window: the zone, the days it
    is in force, and the plan (the same plan editor)."""

    zone_id = SelectField(_l("Special zone"), coerce=int,
                          validators=[InputRequired(message=_l("Choose a zone."))])
    valid_from = RecordDateField(_l("First day of the event terms"), validators=[InputRequired()],
                                 rule=EVENT_WINDOW_RULE)
    valid_until = RecordDateField(_l("Last day of the event terms"), validators=[InputRequired()],
                                  rule=EVENT_WINDOW_RULE)
    save = SubmitField(_l("Publish the event terms"))


class EndEventTermsForm(MarketplaceForm):
    """End a time-limited version early, with the reason that is announced (prefixed per version)."""

    reason = TextAreaField(_l("Reason for ending the event terms early"), validators=[Length(max=500)],
                           render_kw={"rows": 2})
    withdraw = SubmitField(_l("End the event terms now"))
