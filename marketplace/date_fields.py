"""Date fields that say which rule their date obeys, so no form takes a date without one.

Every date field of every form is one of these (a test walks all forms and refuses a bare
`DateField`):

- `EventDateField`: when something happened (a payment, a bank transfer, the 备案 filing). The service
  that takes it applies `marketplace.event_dates.check_event_date`: not before the licence started, not
  after today.
- `LicenceStartField`: the start of a new licence (the take-licence form, the public calculator):
  `check_licence_start` — not before today, not after the patent's expiry.
- `RecordDateField`: a fact of a record that is not a licence event (a patent's filing and grant dates,
  the term and early end of a licence granted outside the marketplace, the sample start of a plan
  preview); `rule` names where it is checked.
"""

from __future__ import annotations

from wtforms import DateField


class EventDateField(DateField):
    """A date something happened on a licence; checked by `check_event_date` in the service."""

    date_rule = "event"


class LicenceStartField(DateField):
    """The first day of a new licence; checked by `check_licence_start` (preview and submit alike)."""

    date_rule = "licence_start"


class RecordDateField(DateField):
    """A date that is not a licence event; `rule` says which check governs it."""

    date_rule = "record"

    def __init__(self, label=None, validators=None, *, rule: str, **kwargs) -> None:
        super().__init__(label, validators, **kwargs)
        self.rule = rule
