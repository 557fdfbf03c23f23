"""The event-date rule of the core (`marketplace.core.event_dates`) worded once, for services and forms.

Services call `check_event_date` for every date a person enters for something that happened (a payment
received, a bank transfer, the 备案 filing) and `check_licence_start` for the start of a new licence;
both raise a `ServiceError` naming the form field, so the page shows the refusal beside it. The cost
calculator and the take-licence preview use `licence_start_message` with the same wording, so they say
exactly what the final submit says.
"""

from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l

from marketplace.core.event_dates import DateProblem, DateRefusal, event_date_refusal, licence_start_refusal
from marketplace.service_errors import ServiceError

DATE_MESSAGES = {
    DateProblem.BEFORE_LICENCE_START: _l("This date is before the licence started (%(day)s)."),
    DateProblem.AFTER_TODAY: _l("This date is in the future; today is %(day)s."),
    DateProblem.START_IN_PAST: _l("A licence cannot start in the past; choose %(day)s or later."),
    DateProblem.START_AFTER_EXPIRY: _l("The patent expires on %(day)s; a licence cannot start after that."),
}


def refusal_message(refusal: DateRefusal) -> str:
    """The refusal worded in the reader's language."""
    return str(DATE_MESSAGES[refusal.problem]) % {"day": refusal.limit.isoformat()}


def check_event_date(day: date, licence_start: date, today: date, field: str) -> None:
    """Refuse (ServiceError on `field`) an event date before the licence started or after today."""
    refusal = event_date_refusal(day, licence_start, today)
    if refusal is not None:
        raise ServiceError(refusal_message(refusal), field=field)


def licence_start_message(day: date, today: date, patent_expiry: date) -> str | None:
    """Why a new licence cannot start on `day` (in the past, after the patent's expiry), or None."""
    refusal = licence_start_refusal(day, today, patent_expiry)
    return refusal_message(refusal) if refusal is not None else None


def check_licence_start(day: date, today: date, patent_expiry: date, field: str = "start") -> None:
    """Refuse (ServiceError on `field`) a start for a new licence that is in the past or after expiry."""
    message = licence_start_message(day, today, patent_expiry)
    if message is not None:
        raise ServiceError(message, field=field)
