"""Forms of zones: the zone itself, its banner, its lifecycle buttons, curation and nominations."""

from __future__ import annotations

import re

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import HiddenField, SelectField, SelectMultipleField, StringField, SubmitField, TextAreaField
from wtforms.validators import AnyOf, DataRequired, InputRequired, Length, Optional, ValidationError

from marketplace.catalogue.labels import INDUSTRY_LABELS
from marketplace.choices import select_choices
from marketplace.core.zone_state import ZoneAction
from marketplace.date_fields import RecordDateField
from marketplace.edge.forms import STALE_PAGE, IdField, MarketplaceForm
from marketplace.zones.labels import MODE_LABELS
from marketplace.zones.models import ZoneMode
from marketplace.zones.services import ZoneDetails

LIST_HINT = _l("Separate several with ；")
_IPC_LIST = re.compile(r"^([A-H](\d{2}[A-Z]?)?)([；;，,、\s]+[A-H](\d{2}[A-Z]?)?)*$")
WINDOW_RULE = "core.zone_state.window_problem: closes on or after it opens"


class ZoneForm(MarketplaceForm):
    """Create or edit a zone."""

    title = StringField(_l("Zone title"), validators=[DataRequired(), Length(max=120)],
                        description=_l("e.g. 稀土新材料专场"))
    theme = StringField(_l("Theme"), validators=[DataRequired(), Length(max=60)],
                        description=_l("e.g. 稀土, 新能源, 乳业"))
    description = TextAreaField(_l("Description"), validators=[Optional(), Length(max=5000)],
                                render_kw={"rows": 4})
    industries = SelectMultipleField(_l("Industries"), choices=select_choices(INDUSTRY_LABELS.items()),
                                     validators=[Optional()],
                                     description=_l("Patents of these industries are suggested for "
                                                    "curation."))
    ipc_classes = StringField(_l("IPC classes"), validators=[Optional(), Length(max=300)],
                              description=_l("Sections, classes or subclasses, e.g. C22C；H01M"))
    keywords = StringField(_l("Keywords"), validators=[Optional(), Length(max=300)], description=LIST_HINT)
    opens_on = RecordDateField(_l("Opens on"), validators=[InputRequired()], rule=WINDOW_RULE)
    closes_on = RecordDateField(_l("Closes on"), validators=[InputRequired()], rule=WINDOW_RULE)
    mode = SelectField(_l("Where"), choices=select_choices(MODE_LABELS.items()), default=ZoneMode.ONLINE)
    place = StringField(_l("Place"), validators=[Optional(), Length(max=200)],
                        description=_l("Needed for an on-site event: the venue and address."))
    submit = SubmitField(_l("Save"))

    def validate_ipc_classes(self, field) -> None:
        """IPC sections, classes or subclasses only (C, C22, C22C)."""
        value = (field.data or "").strip().upper()
        if value and not _IPC_LIST.match(value):
            raise ValidationError(_l("Write IPC sections, classes or subclasses such as C22C, "
                                     "separated by ；."))

    def details(self) -> ZoneDetails:
        """The validated values for the service."""
        return ZoneDetails(
            title=self.title.data, theme=self.theme.data, description=self.description.data or "",
            industries="；".join(self.industries.data or []),
            ipc_classes=(self.ipc_classes.data or "").strip().upper(), keywords=self.keywords.data or "",
            opens_on=self.opens_on.data, closes_on=self.closes_on.data, mode=ZoneMode(self.mode.data),
            place=self.place.data or "",
        )

    def fill_industries(self, stored: str) -> None:
        """Show the stored industries as selected (a form opened on an existing zone)."""
        self.industries.data = [item for item in stored.split("；") if item]


class BannerForm(MarketplaceForm):
    """Upload the zone's banner image."""

    file = FileField(_l("Banner image"), validators=[FileRequired(message=_l("Choose a file to upload."))],
                     description=_l("PNG or JPEG, at most 10 MB."), render_kw={"accept": ".png,.jpg,.jpeg"})
    submit = SubmitField(_l("Upload"))


class StatusForm(MarketplaceForm):
    """A lifecycle button: publish, start or close."""

    action = HiddenField(validators=[AnyOf([ZoneAction.PUBLISH, ZoneAction.START, ZoneAction.CLOSE],
                                           message=STALE_PAGE)])


class PatentChoiceForm(MarketplaceForm):
    """A button that names a patent (curate it)."""

    patent_id = IdField(validators=[InputRequired(message=_l("Choose a patent."))])


class EntryForm(MarketplaceForm):
    """A button on one curated patent: remove, move up/down, feature."""

    entry_id = IdField(validators=[InputRequired(message=STALE_PAGE)])
    value = HiddenField(validators=[Optional(), AnyOf(["", "up", "down", "1", "0"])])


class NominationDecisionForm(MarketplaceForm):
    """Accept a nomination, or decline it with a reason."""

    nomination_id = IdField(validators=[InputRequired(message=STALE_PAGE)])
    reason = StringField(_l("Reason for declining"), validators=[Optional(), Length(max=300)])
    accept = SubmitField(_l("Accept"))
    decline = SubmitField(_l("Decline"))


class NominateForm(MarketplaceForm):
    """IP-centre staff nominate one of their offered patents for a zone."""

    patent_id = SelectField(_l("Patent"), coerce=int,
                            validators=[InputRequired(message=_l("Choose a patent."))])
    note = TextAreaField(_l("Note to the organiser"), validators=[Optional(), Length(max=300)],
                         render_kw={"rows": 2})
    submit = SubmitField(_l("Nominate"))
