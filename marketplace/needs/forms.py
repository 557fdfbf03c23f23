"""The need form: what the enterprise is looking for, its budget and the plans it wants; and the status
buttons.

Budgets are typed in yuan and read by the core's `parse_amount` (``50000``, ``5万``, ``¥50,000.00``;
never floats), then kept in fen. Whether the maximum is below the minimum is the service's rule and is
shown beside the maximum.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import (
    HiddenField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import AnyOf, DataRequired, Length, Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from marketplace.catalogue.labels import INDUSTRY_LABELS
from marketplace.choices import select_choices
from marketplace.core.money_input import AmountProblem, InvalidAmount, parse_amount
from marketplace.core.need_input import (
    KEYWORD_MAX_CHARS,
    KEYWORDS_MAX_COUNT,
    has_words,
    split_keywords,
)
from marketplace.core.need_state import NeedStatus, NeedTimeline, NeedVisibility
from marketplace.core.patent_fields import Industry
from marketplace.edge.forms import STALE_PAGE, MarketplaceForm
from marketplace.needs.labels import TIMELINE_LABELS, VISIBILITY_LABELS, WANTED_PLAN_LABELS
from marketplace.needs.models import DESCRIPTION_MAX, TITLE_MAX
from marketplace.needs.services import NO_WORDS, NeedDetails

REGION_MAX = 40
KEYWORDS_INPUT_MAX = 300
BUDGET_INPUT_MAX = 30

BUDGET_MESSAGES = {
    AmountProblem.EMPTY: _l("Enter an amount."),
    AmountProblem.FORMAT: _l("Enter an amount in yuan, such as 50000 or 5万."),
    AmountProblem.DECIMALS: _l("Amounts have at most two decimals (fen)."),
    AmountProblem.NEGATIVE: _l("A budget cannot be negative."),
    AmountProblem.TOO_LARGE: _l("This amount is too large."),
}


class NeedForm(MarketplaceForm):
    """Post or edit a technology need."""

    title = StringField(_l("Need title"), validators=[DataRequired(), Length(max=TITLE_MAX)],
                        description=_l("One line, e.g. 想把羊绒分梳的落毛再利用起来"))
    description = TextAreaField(
        _l("What problem do you want solved?"),
        validators=[DataRequired(), Length(max=DESCRIPTION_MAX, message=_l(
            "Keep the description to %(max)d characters (it has %(length)d now); shorten it or put the "
            "details in the conversation later."))],
        description=_l("In your own words: what you make, what goes wrong, what you have tried. English or "
                       "mixed text is fine."),
        render_kw={"rows": 6})
    industry = SelectField(_l("Industry"), choices=[], validators=[Optional()])
    keywords = StringField(_l("Keywords"), validators=[Optional(), Length(max=KEYWORDS_INPUT_MAX)],
                           description=_l("Up to 10, separated by commas, semicolons or spaces, "
                                          "e.g. 稀土 永磁 PEM"))
    budget_min = StringField(_l("Budget from (yuan)"), validators=[Optional(), Length(max=BUDGET_INPUT_MAX)],
                             description=_l("Optional, in yuan: e.g. 50000 or 5万."),
                             render_kw={"inputmode": "decimal"})
    budget_max = StringField(_l("Budget up to (yuan)"), validators=[Optional(), Length(max=BUDGET_INPUT_MAX)],
                             description=_l("Optional, in yuan: e.g. 300000 or 30万."),
                             render_kw={"inputmode": "decimal"})
    plan_kinds = SelectMultipleField(_l("Licence plans you would take"), choices=[],
                                     widget=ListWidget(prefix_label=False), option_widget=CheckboxInput(),
                                     validate_choice=True,
                                     description=_l("Tick none if any plan will do."))
    timeline = SelectField(_l("Wanted within"), choices=[], validators=[Optional()])
    region = StringField(_l("Region"), validators=[Optional(), Length(max=REGION_MAX)],
                         description=_l("Where the technology would be used, e.g. 包头市."))
    visibility = RadioField(_l("Who may read it"), choices=[], default=NeedVisibility.PUBLIC.value,
                            validators=[DataRequired(message=_l("Choose who may read the need."))])
    submit = SubmitField(_l("Save the need"))

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.industry.choices = select_choices([("", _l("Not specified")), *INDUSTRY_LABELS.items()])
        self.plan_kinds.choices = select_choices(WANTED_PLAN_LABELS.items())
        self.timeline.choices = select_choices([("", _l("No fixed time")), *TIMELINE_LABELS.items()])
        self.visibility.choices = select_choices(VISIBILITY_LABELS.items())
        self.budget_min_fen: int | None = None
        self.budget_max_fen: int | None = None

    def validate_title(self, field) -> None:
        """A title with at least one letter, digit or Chinese character."""
        if not has_words(field.data or "", 1):
            raise ValidationError(_l("Give the need a title in words."))

    def validate_description(self, field) -> None:
        """Words, not only punctuation, symbols or emoji."""
        if not has_words(field.data or ""):
            raise ValidationError(NO_WORDS)

    def validate_keywords(self, field) -> None:
        """At most 10 keywords of at most 20 characters each."""
        keywords = split_keywords(field.data or "")
        if len(keywords) > KEYWORDS_MAX_COUNT:
            raise ValidationError(_l("At most %(count)d keywords.", count=KEYWORDS_MAX_COUNT))
        long = [k for k in keywords if len(k) > KEYWORD_MAX_CHARS]
        if long:
            raise ValidationError(_l("A keyword has at most %(count)d characters: %(keyword)s",
                                     count=KEYWORD_MAX_CHARS, keyword=long[0][:KEYWORD_MAX_CHARS] + "…"))

    def validate_budget_min(self, field) -> None:
        """An amount in yuan, kept in fen."""
        self.budget_min_fen = _fen(field.data)

    def validate_budget_max(self, field) -> None:
        """An amount in yuan, kept in fen."""
        self.budget_max_fen = _fen(field.data)

    def details(self) -> NeedDetails:
        """The validated values for the service."""
        return NeedDetails(
            title=self.title.data.strip(), description=self.description.data.strip(),
            industry=Industry(self.industry.data) if self.industry.data else None,
            keywords=tuple(split_keywords(self.keywords.data or "")),
            budget_min_fen=self.budget_min_fen, budget_max_fen=self.budget_max_fen,
            plan_kinds=tuple(kind for kind in WANTED_PLAN_LABELS if kind in (self.plan_kinds.data or [])),
            timeline=NeedTimeline(self.timeline.data) if self.timeline.data else None,
            region=(self.region.data or "").strip(), visibility=NeedVisibility(self.visibility.data),
        )

    def fill_from(self, need) -> None:
        """Show a stored need's values (a form opened on an existing need)."""
        self.title.data = need.title
        self.description.data = need.description
        self.industry.data = need.industry.value if need.industry else ""
        self.keywords.data = " ".join(need.keyword_list)
        self.budget_min.data = _yuan(need.budget_min_fen)
        self.budget_max.data = _yuan(need.budget_max_fen)
        self.plan_kinds.data = need.plan_kind_list
        self.timeline.data = need.timeline.value if need.timeline else ""
        self.region.data = need.region
        self.visibility.data = need.visibility.value


def _fen(text: str | None) -> int | None:
    text = (text or "").strip()
    if not text:
        return None
    try:
        return parse_amount(text).fen
    except InvalidAmount as error:
        raise ValidationError(BUDGET_MESSAGES[error.problem]) from None


def _yuan(fen: int | None) -> str:
    if fen is None:
        return ""
    yuan, cents = divmod(fen, 100)
    return f"{yuan}.{cents:02d}" if cents else str(yuan)


class NeedStatusForm(MarketplaceForm):
    """A status button: the status the need moves to."""

    target = HiddenField(validators=[AnyOf([status.value for status in NeedStatus], message=STALE_PAGE)])
