"""The legal bars to declaring a patent open for licence, and the declaration lifecycle."""

from dataclasses import replace
from datetime import date

import pytest

from marketplace.core.application_number import PatentType
from marketplace.core.declaration_rules import (
    DeclarationAction,
    DeclarationBar,
    DeclarationStatus,
    IllegalDeclarationMove,
    PatentFacts,
    declaration_bars,
    fee_reduction_period,
    next_status,
)
from marketplace.core.patent_fields import LegalStatus

TODAY = date(2026, 11, 26)
CLEAN = PatentFacts(PatentType.INVENTION, LegalStatus.GRANTED, expiry=date(2041, 3, 14))


def test_a_granted_invention_in_force_may_be_declared():
    assert declaration_bars(CLEAN, TODAY) == []


@pytest.mark.parametrize(
    ("changes", "bar"),
    [
        ({"legal_status": LegalStatus.LAPSED}, DeclarationBar.NOT_IN_FORCE),
        ({"legal_status": LegalStatus.INVALIDATED}, DeclarationBar.NOT_IN_FORCE),
        ({"expiry": date(2026, 11, 25)}, DeclarationBar.EXPIRED),
        ({"exclusive_licence_until": date(2026, 11, 26)}, DeclarationBar.EXCLUSIVE_LICENCE),
        ({"pledged": True}, DeclarationBar.PLEDGED),
        ({"annual_fee_overdue": True}, DeclarationBar.FEES_OVERDUE),
        ({"suspended": True}, DeclarationBar.SUSPENDED),
        ({"co_owned": True}, DeclarationBar.CO_OWNER_CONSENT),
        ({"patent_type": PatentType.UTILITY_MODEL}, DeclarationBar.EVALUATION_REPORT),
        ({"patent_type": PatentType.DESIGN}, DeclarationBar.EVALUATION_REPORT),
    ],
)
def test_each_bar_refuses(changes, bar):
    assert bar in declaration_bars(replace(CLEAN, **changes), TODAY)


@pytest.mark.parametrize(
    "changes",
    [
        {"exclusive_licence_until": date(2026, 11, 25)},  # the exclusive licence has ended
        {"pledged": True, "pledgee_consent": True},
        {"co_owned": True, "co_owner_consent": True},
        {"patent_type": PatentType.UTILITY_MODEL, "evaluation_report_on_file": True},
        {"expiry": TODAY},  # the last day in force
    ],
)
def test_lifted_bars_no_longer_refuse(changes):
    assert declaration_bars(replace(CLEAN, **changes), TODAY) == []


def test_all_bars_are_reported_together():
    facts = replace(CLEAN, pledged=True, suspended=True, annual_fee_overdue=True)
    assert declaration_bars(facts, TODAY) == [
        DeclarationBar.PLEDGED, DeclarationBar.FEES_OVERDUE, DeclarationBar.SUSPENDED]


ALLOWED = {
    (DeclarationStatus.DRAFT, DeclarationAction.EDIT): DeclarationStatus.DRAFT,
    (DeclarationStatus.DRAFT, DeclarationAction.PUBLISH): DeclarationStatus.PUBLISHED,
    (DeclarationStatus.DRAFT, DeclarationAction.DISCARD): None,
    (DeclarationStatus.PUBLISHED, DeclarationAction.WITHDRAW): DeclarationStatus.WITHDRAWN,
    # Event terms are published straight into "event" (never edited, never published again) and end by
    # withdrawal, early or with their base.
    (DeclarationStatus.EVENT, DeclarationAction.WITHDRAW): DeclarationStatus.WITHDRAWN,
}


@pytest.mark.parametrize("status", list(DeclarationStatus))
@pytest.mark.parametrize("action", list(DeclarationAction))
def test_transition_table(status, action):
    if (status, action) in ALLOWED:
        assert next_status(status, action) == ALLOWED[(status, action)]
    else:
        with pytest.raises(IllegalDeclarationMove):
            next_status(status, action)


def test_fee_reduction_period():
    published = date(2027, 1, 10)
    assert fee_reduction_period(published, None, date(2041, 3, 14)) == (published, None)
    assert fee_reduction_period(published, date(2028, 5, 1), date(2041, 3, 14)) == (
        published, date(2028, 4, 30))
    assert fee_reduction_period(published, date(2042, 1, 1), date(2041, 3, 14)) == (
        published, date(2041, 3, 14))
