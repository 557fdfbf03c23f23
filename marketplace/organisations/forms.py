"""Forms for enterprise and university records."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, SelectField, StringField, SubmitField
from wtforms.validators import URL, DataRequired, Length, Optional, ValidationError

from marketplace.choices import select_choices
from marketplace.core.credit_code import InvalidCreditCode, parse_credit_code
from marketplace.edge.forms import MarketplaceForm
from marketplace.organisations.labels import CREDIT_CODE_MESSAGES, SIZE_LABELS
from marketplace.organisations.models import SizeClass
from marketplace.organisations.regions import REGIONS
from marketplace.organisations.services import EnterpriseDetails, UniversityDetails


class EnterpriseFields(MarketplaceForm):
    """The fields describing an enterprise; registration and the admin page both use them."""

    enterprise_name = StringField(
        _l("Enterprise name"), validators=[DataRequired(), Length(max=100)],
        render_kw={"autocomplete": "organization"},
    )
    credit_code = StringField(
        _l("Unified social credit code"),
        validators=[DataRequired(), Length(max=40)],
        description=_l("18 characters, as printed on the business licence."),
    )
    region = SelectField(
        _l("Region"), choices=select_choices(REGIONS.items()), validators=[DataRequired()]
    )
    size_class = SelectField(
        _l("Size"), choices=select_choices(SIZE_LABELS.items()), coerce=SizeClass,
        validators=[DataRequired()],
    )
    specialised = BooleanField(_l("Specialised, refined, distinctive and innovative SME"))
    industry = StringField(_l("Industry"), validators=[Optional(), Length(max=60)])

    def validate_credit_code(self, field) -> None:
        try:
            field.data = parse_credit_code(field.data or "")
        except InvalidCreditCode as exc:
            raise ValidationError(str(CREDIT_CODE_MESSAGES[exc.problem])) from None

    def enterprise_details(self) -> EnterpriseDetails:
        return EnterpriseDetails(
            name=self.enterprise_name.data,
            credit_code=self.credit_code.data,
            region=self.region.data,
            size_class=self.size_class.data,
            specialised=bool(self.specialised.data),
            industry=self.industry.data or "",
        )


class EnterpriseForm(EnterpriseFields):
    """An administrator creates or edits an enterprise."""

    submit = SubmitField(_l("Save"))


class UniversityForm(MarketplaceForm):
    """An administrator creates or edits a university."""

    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=100)])
    short_name = StringField(_l("Short name"), validators=[Optional(), Length(max=30)])
    city = StringField(_l("City"), validators=[Optional(), Length(max=40)])
    ip_centre = StringField(
        _l("IP centre"), validators=[Optional(), Length(max=100)],
        description=_l("The university's IP information service or technology transfer centre."),
    )
    website = StringField(
        _l("Website"), validators=[Optional(), Length(max=200), URL(message=_l("Enter a full web address."))]
    )
    submit = SubmitField(_l("Save"))

    def university_details(self) -> UniversityDetails:
        return UniversityDetails(
            name=self.name.data,
            short_name=self.short_name.data or "",
            city=self.city.data or "",
            ip_centre=self.ip_centre.data or "",
            website=self.website.data or "",
        )


class SearchForm(MarketplaceForm):
    """A search box on a list page (GET, so no CSRF)."""

    class Meta:
        csrf = False

    q = StringField(_l("Search"), validators=[Optional(), Length(max=100)])

    def text(self) -> str:
        """The search text, or "" when it is not valid (the error shows beside the box)."""
        return (self.q.data or "") if self.validate() else ""
