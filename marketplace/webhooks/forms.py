"""Forms of the webhook administration: a new partner, (de)activating it, replaying a delivery."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, SelectMultipleField, StringField, SubmitField
from wtforms.validators import AnyOf, DataRequired, InputRequired, Length, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from marketplace.choices import select_choices
from marketplace.core.input_text import parse_ascii_int
from marketplace.core.webhook_rules import EVENT_TYPES, UrlProblem, check_partner_url
from marketplace.edge.forms import STALE_PAGE, MarketplaceForm
from marketplace.webhooks.labels import EVENT_LABELS
from marketplace.webhooks.services import URL_MESSAGES, PartnerDetails


class PartnerForm(MarketplaceForm):
    """An administrator sets up a partner platform."""

    name = StringField(_l("Partner name"), validators=[DataRequired(), Length(max=100)])
    url = StringField(
        _l("Delivery address"), validators=[DataRequired(), Length(max=500)],
        description=_l("Where the events are POSTed: https://…, or http:// only to 127.0.0.1 or localhost."),
        render_kw={"inputmode": "url", "autocomplete": "off", "placeholder": "https://"})
    events = SelectMultipleField(_l("Events"), choices=[], widget=ListWidget(prefix_label=False),
                                 option_widget=CheckboxInput(), validate_choice=True,
                                 description=_l("The partner receives only the events ticked."))
    submit = SubmitField(_l("Set up the partner"))

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.events.choices = select_choices((event, EVENT_LABELS[event]) for event in EVENT_TYPES)

    def validate_url(self, field) -> None:
        try:
            field.data = check_partner_url(field.data or "")
        except UrlProblem as problem:
            raise ValidationError(str(URL_MESSAGES[problem.problem])) from None

    def validate_events(self, field) -> None:
        if not field.data:
            raise ValidationError(_l("Choose at least one event."))

    def details(self) -> PartnerDetails:
        return PartnerDetails(name=self.name.data, url=self.url.data, events=tuple(self.events.data))


class ActiveForm(MarketplaceForm):
    """Deactivate ("0") or reactivate ("1") a partner, from the list or from the partner's page."""

    active = HiddenField(validators=[AnyOf(["0", "1"], message=STALE_PAGE)])
    back = HiddenField(validators=[AnyOf(["list", "partner"], message=STALE_PAGE)])


class CountField(HiddenField):
    """A count carried in a hidden field (0 or more, ASCII digits), else an error."""

    def process_formdata(self, valuelist) -> None:
        if valuelist:
            self.data = parse_ascii_int(valuelist[0], 0, 1_000_000)
            if self.data is None:
                raise ValueError(str(STALE_PAGE))

    def _value(self) -> str:
        return "" if self.data is None else str(self.data)


class ReplayForm(MarketplaceForm):
    """Replay a delivery: the form carries the number of replays the administrator saw."""

    seen = CountField(validators=[InputRequired(message=STALE_PAGE)])
