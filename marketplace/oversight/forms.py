"""The filter form above each platform-wide list (a GET form, so no CSRF token)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask_babel import lazy_gettext as _l
from wtforms import SelectField, StringField
from wtforms.validators import Length, Optional

from marketplace.choices import select_choices
from marketplace.date_fields import RecordDateField
from marketplace.edge.forms import MarketplaceForm

FILTER_RULE = "a filter of a list: any day"


@dataclass(frozen=True)
class ListFilters:
    """What a list is narrowed to; empty values filter nothing."""

    text: str = ""
    university_id: int | None = None
    enterprise_id: int | None = None
    status: str = ""
    date_from: date | None = None
    date_to: date | None = None


class ListFilterForm(MarketplaceForm):
    """Search text, university, status and a date range; a value that is not valid is ignored and its
    error shown beside it."""

    class Meta:
        csrf = False

    q = StringField(_l("Search"), validators=[Optional(), Length(max=100)])
    university = SelectField(_l("University"), coerce=int, validators=[Optional()])
    status = SelectField(_l("Status"), validators=[Optional()])
    date_from = RecordDateField(_l("From"), validators=[Optional()], rule=FILTER_RULE)
    date_to = RecordDateField(_l("To"), validators=[Optional()], rule=FILTER_RULE)

    def __init__(self, universities: list[tuple[int, str]], statuses: list[tuple[str, str]],
                 **kwargs) -> None:
        super().__init__(**kwargs)
        self.university.choices = select_choices([(0, _l("All")), *universities])
        self.status.choices = select_choices([("", _l("All")), *statuses])

    def filters(self, enterprise_id: int | None = None) -> ListFilters:
        """The valid values as filters (a field with an error filters nothing)."""
        self.validate()

        def valid(field):
            return None if field.errors else field.data

        return ListFilters(
            text=(valid(self.q) or "").strip(),
            university_id=valid(self.university) or None,
            enterprise_id=enterprise_id,
            status=valid(self.status) or "",
            date_from=valid(self.date_from),
            date_to=valid(self.date_to),
        )
