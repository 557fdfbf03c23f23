"""Patent terms: years by type, the design change of 2021-06-01, last day in force, days left."""

from datetime import date

import pytest

from marketplace.core.patent_fields import LegalStatus, PatentType
from marketplace.core.patent_term import expiry_date, legal_status_on, remaining_days, term_years

INVENTION, UTILITY_MODEL, DESIGN = PatentType.INVENTION, PatentType.UTILITY_MODEL, PatentType.DESIGN


@pytest.mark.parametrize(
    ("patent_type", "filed", "years"),
    [
        (INVENTION, date(1999, 9, 6), 20),
        (INVENTION, date(2023, 1, 1), 20),
        (UTILITY_MODEL, date(1999, 9, 6), 10),
        (UTILITY_MODEL, date(2022, 7, 1), 10),
        (DESIGN, date(2015, 3, 1), 10),
        (DESIGN, date(2021, 5, 31), 10),
        (DESIGN, date(2021, 6, 1), 15),
        (DESIGN, date(2024, 2, 29), 15),
    ],
)
def test_term_years(patent_type, filed, years):
    assert term_years(patent_type, filed) == years


@pytest.mark.parametrize(
    ("patent_type", "filed", "last_day"),
    [
        # The example in CNIPA's examination guidelines.
        (UTILITY_MODEL, date(1999, 9, 6), date(2009, 9, 5)),
        (INVENTION, date(1999, 9, 6), date(2019, 9, 5)),
        (INVENTION, date(2011, 1, 1), date(2030, 12, 31)),
        (DESIGN, date(2021, 5, 31), date(2031, 5, 30)),
        (DESIGN, date(2021, 6, 1), date(2036, 5, 31)),
        # Leap day: 20 years on is a leap year again; 10 and 15 years on are not (28 Feb, then minus one).
        (INVENTION, date(2000, 2, 29), date(2020, 2, 28)),
        (UTILITY_MODEL, date(2000, 2, 29), date(2010, 2, 27)),
        (DESIGN, date(2024, 2, 29), date(2039, 2, 27)),
        (UTILITY_MODEL, date(2004, 2, 29), date(2014, 2, 27)),
        (INVENTION, date(2008, 2, 29), date(2028, 2, 28)),
        (UTILITY_MODEL, date(2012, 3, 1), date(2022, 2, 28)),
    ],
)
def test_expiry_date(patent_type, filed, last_day):
    assert expiry_date(patent_type, filed) == last_day


@pytest.mark.parametrize(
    ("today", "days"),
    [
        (date(2009, 9, 5), 1),
        (date(2009, 9, 4), 2),
        (date(2009, 9, 6), 0),
        (date(2020, 1, 1), 0),
        (date(2008, 9, 5), 366),
    ],
)
def test_remaining_days(today, days):
    assert remaining_days(date(2009, 9, 5), today) == days


def test_legal_status_shown_is_expired_once_the_term_has_ended():
    last_day = date(2025, 6, 30)
    assert legal_status_on(LegalStatus.GRANTED, last_day, date(2025, 6, 30)) == LegalStatus.GRANTED
    assert legal_status_on(LegalStatus.GRANTED, last_day, date(2025, 7, 1)) == LegalStatus.EXPIRED
    assert legal_status_on(LegalStatus.LAPSED, last_day, date(2025, 7, 1)) == LegalStatus.LAPSED
    assert legal_status_on(LegalStatus.INVALIDATED, last_day, date(2030, 1, 1)) == LegalStatus.INVALIDATED
