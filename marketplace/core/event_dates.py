"""The rule for dates people enter: an event date is not before the licence started and not after
today; a start date offered for a new licence is not before today and not after the patent's expiry.

An *event date* says when something happened — a payment received, a bank transfer sent, the 备案
filing with CNIPA, the end of a royalty period whose sales are reported. It cannot be before the licence
it belongs to started, nor after today (Asia/Shanghai; the caller passes `today`, nothing here reads the
clock). So 9999-12-31 and 1900-01-01 are refused like any other impossible day.

A *licence start* offered for a new licence is not in the past and not after the patent's expiry.

Each check returns a `DateRefusal` (which bound was crossed, and that bound's date, for the message) or
None. The web layer words the refusal once (`marketplace/event_dates.py`), so the preview, the calculator
and the final submit say the same thing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum


class DateProblem(StrEnum):
    """Which side of the allowed window a date fell on."""

    BEFORE_LICENCE_START = "before_licence_start"
    AFTER_TODAY = "after_today"
    START_IN_PAST = "start_in_past"
    START_AFTER_EXPIRY = "start_after_expiry"


@dataclass(frozen=True)
class DateRefusal:
    """Why a date is refused: the `problem` and the `limit` it crossed (licence start, today, expiry)."""

    problem: DateProblem
    limit: date


def event_date_refusal(day: date, licence_start: date, today: date) -> DateRefusal | None:
    """None when `day` lies within licence_start … today; otherwise which bound it crossed.

    A licence that starts in the future has no day yet on which an event of it can have happened:
    every date is then refused as before its start.
    """
    if day < licence_start:
        return DateRefusal(DateProblem.BEFORE_LICENCE_START, licence_start)
    if day > today:
        return DateRefusal(DateProblem.AFTER_TODAY, today)
    return None


def licence_start_refusal(day: date, today: date, patent_expiry: date) -> DateRefusal | None:
    """None when a new licence may start on `day`: not before today, not after the patent's expiry."""
    if day < today:
        return DateRefusal(DateProblem.START_IN_PAST, today)
    if day > patent_expiry:
        return DateRefusal(DateProblem.START_AFTER_EXPIRY, patent_expiry)
    return None
