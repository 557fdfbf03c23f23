"""How long a Chinese patent lasts and how much of it is left.

The term runs from the filing date (申请日): twenty years for an invention, ten for a utility model,
fifteen for a design (ten for designs filed before 1 June 2021, when the amended Patent Law took
effect). The patent is in force up to and including the day before the anniversary: a utility
model filed on 1999-09-06 was last in force on 2009-09-05 (the example in CNIPA's examination
guidelines).
"""

from __future__ import annotations

from datetime import date, timedelta

from marketplace.core.application_number import PatentType
from marketplace.core.patent_fields import LegalStatus

DESIGN_15_YEARS_FROM = date(2021, 6, 1)

_TERMS = {PatentType.INVENTION: 20, PatentType.UTILITY_MODEL: 10, PatentType.DESIGN: 15}


def term_years(patent_type: PatentType, filing_date: date) -> int:
    """The length of the term in years for this kind of patent filed on this day."""
    if patent_type is PatentType.DESIGN and filing_date < DESIGN_15_YEARS_FROM:
        return 10
    return _TERMS[patent_type]


def _add_years(day: date, years: int) -> date:
    """The same day `years` later; 29 February becomes 28 February in a common year."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def expiry_date(patent_type: PatentType, filing_date: date) -> date:
    """The last day the patent is in force: the day before the anniversary that ends its term."""
    return _add_years(filing_date, term_years(patent_type, filing_date)) - timedelta(days=1)


def remaining_days(expiry: date, today: date) -> int:
    """Days in force left, counting today: 1 when today is the last day, 0 once it has expired."""
    return max(0, (expiry - today).days + 1)


def legal_status_on(status: LegalStatus, expiry: date, today: date) -> LegalStatus:
    """The legal status to show today: a patent recorded as in force whose term has ended is expired.

    The recorded status may lag (a patent entered years ago as 有效 reaches the end of its term);
    the term is computed from the filing date, so it is derived here rather than trusted.
    """
    if status == LegalStatus.GRANTED and expiry < today:
        return LegalStatus.EXPIRED
    return status
