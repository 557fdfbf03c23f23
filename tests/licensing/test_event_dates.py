"""Dates that cannot be true are refused beside their field, and nothing is written: payments the
university records, transfer notices, 备案 filings and their corrections (before the licence started,
after today, 9999-12-31, 1900-01-01); a start in the past or after the patent's expiry on the
take-licence preview, its submit and the public calculator, all in the same words."""

from __future__ import annotations

import re
from datetime import date

import pytest
from sqlalchemy import func, select

from marketplace.core.money import Money
from marketplace.core.pricing import Duration, flat_plan
from marketplace.extensions import db
from marketplace.ledger.models import LedgerTransaction, PaymentNotice
from marketplace.ledger.services import audit
from marketplace.licensing.models import Licence, LicenceFiling
from tests.licensing.money_helpers import deal_factory, move_to, post, signed_in, visible

FLAT = flat_plan(Money("60000.00"), Duration.years(3))
# The licence starts on 2027-01-01; the pages' today is 2027-01-10.
IMPOSSIBLE = {
    "1900-01-01": "This date is before the licence started (2027-01-01).",
    "2026-12-31": "This date is before the licence started (2027-01-01).",
    "2027-01-11": "This date is in the future; today is 2027-01-10.",
    "9999-12-31": "This date is in the future; today is 2027-01-10.",
}


@pytest.fixture
def deal(app, make_patent, make_university, make_user):
    yield deal_factory(app, make_patent, make_university, make_user)
    app.config.pop("FROZEN_TODAY", None)


@pytest.fixture
def flat(deal, app):
    licence = deal(FLAT)
    move_to(app, date(2027, 1, 1), date(2027, 1, 10))
    return licence


def beside(response, field: str, message: str) -> bool:
    """Whether `message` is shown right after the input named `field` (its invalid-feedback)."""
    page = response.get_data(as_text=True)
    match = re.search(rf'<input[^>]*name="{re.escape(field)}"[^>]*>', page)
    return match is not None and message in page[match.end():match.end() + 400]


def _counts(app, licence_id):
    with app.app_context():
        def count(model, *where):
            return db.session.scalar(select(func.count()).select_from(model).where(*where))
        return (count(LedgerTransaction, LedgerTransaction.kind == "payment_received"),
                count(PaymentNotice, PaymentNotice.licence_id == licence_id),
                count(LicenceFiling, LicenceFiling.licence_id == licence_id),
                db.session.get(Licence, licence_id).filed_on)


@pytest.mark.parametrize("day", list(IMPOSSIBLE))
def test_a_payment_on_an_impossible_day_is_refused_and_the_ledger_untouched(app, flat, day):
    staff = signed_in(app, flat.staff)
    response = post(staff, f"{flat.url}/payments",
                    {"amount": "60000", "reference": "ICBC-1", "received_on": day}, page=flat.url)
    assert response.status_code == 422
    assert beside(response, "received_on", IMPOSSIBLE[day])
    assert _counts(app, flat.licence_id) == (0, 0, 0, None)
    with app.app_context():
        assert audit() == []


@pytest.mark.parametrize("day", list(IMPOSSIBLE))
def test_a_transfer_notice_on_an_impossible_day_is_refused(app, flat, day):
    buyer = signed_in(app, flat.buyer)
    response = post(buyer, f"{flat.url}/transfer-notices",
                    {"amount": "60000", "reference": "ICBC-1", "paid_on": day}, page=flat.url)
    assert response.status_code == 422
    assert beside(response, "paid_on", IMPOSSIBLE[day])
    assert _counts(app, flat.licence_id) == (0, 0, 0, None)


@pytest.mark.parametrize("day", list(IMPOSSIBLE))
def test_a_filing_on_an_impossible_day_is_refused(app, flat, day):
    for client in (signed_in(app, flat.buyer), signed_in(app, flat.staff)):
        response = post(client, f"{flat.url}/filing", {"filed_on": day, "filing_number": "2027990000001"},
                        page=flat.url)
        assert response.status_code == 422
        assert beside(response, "filed_on", IMPOSSIBLE[day])
    assert _counts(app, flat.licence_id) == (0, 0, 0, None)


@pytest.mark.parametrize("day", list(IMPOSSIBLE))
def test_a_correction_to_an_impossible_day_is_refused(app, flat, day):
    buyer = signed_in(app, flat.buyer)
    assert post(buyer, f"{flat.url}/filing", {"filed_on": "2027-01-05", "filing_number": "2027990000001"},
                page=flat.url).status_code == 302
    with app.app_context():
        first = db.session.scalar(select(LicenceFiling.id).where(LicenceFiling.licence_id == flat.licence_id))
    response = post(buyer, f"{flat.url}/filing/corrections",
                    {"correction-corrects": first, "correction-filed_on": day,
                     "correction-filing_number": "2027990000002", "correction-reason": "typo"}, page=flat.url)
    assert response.status_code == 422
    assert beside(response, "correction-filed_on", IMPOSSIBLE[day])
    assert _counts(app, flat.licence_id) == (0, 0, 1, date(2027, 1, 5))


def test_a_day_within_the_licence_and_up_to_today_is_accepted(app, flat):
    staff = signed_in(app, flat.staff)
    paid = post(staff, f"{flat.url}/payments",
                {"amount": "60000", "reference": "ICBC-1", "received_on": "2027-01-01"}, page=flat.url)
    assert paid.status_code == 302
    assert post(staff, f"{flat.url}/filing", {"filed_on": "2027-01-10", "filing_number": "2027990000001"},
                page=flat.url).status_code == 302
    assert _counts(app, flat.licence_id) == (1, 0, 1, date(2027, 1, 10))


START_REFUSALS = {
    "2026-11-25": "A licence cannot start in the past; choose 2026-11-26 or later.",
    "1900-01-01": "A licence cannot start in the past; choose 2026-11-26 or later.",
    "9999-12-31": "The patent expires on %s; a licence cannot start after that.",
}


@pytest.fixture
def offer(app, make_patent, make_university, make_user):
    """A patent offered on the flat plan, today 2026-11-26; returns (patent id, declaration id, expiry,
    enterprise client)."""
    from marketplace.accounts.models import Role, User
    from marketplace.catalogue.models import Patent
    from marketplace.declarations import services as declarations
    from tests.licensing.money_helpers import NOW, TODAY

    university_id = make_university()
    patent_id = make_patent(university_id)
    staff = make_user(Role.UNIVERSITY_STAFF, university_id=university_id)
    buyer = make_user(Role.ENTERPRISE_USER)
    app.config["FROZEN_TODAY"] = TODAY.isoformat()
    with app.app_context():
        patent = db.session.get(Patent, patent_id)
        draft = declarations.save_draft(patent, db.session.scalar(select(User).where(User.email == staff)),
                                        FLAT, "银行转账", "", TODAY)
        declarations.publish(draft, TODAY, NOW)
        db.session.commit()
        result = (patent_id, draft.id, patent.expiry_date.isoformat(), signed_in(app, buyer))
    yield result
    app.config.pop("FROZEN_TODAY", None)


@pytest.mark.parametrize("day", list(START_REFUSALS))
def test_the_preview_the_submit_and_the_calculator_refuse_a_start_in_the_same_words(app, offer, day):
    patent_id, declaration_id, expiry, buyer = offer
    message = START_REFUSALS[day].replace("%s", expiry)
    url = f"/patents/{patent_id}/licence"
    preview = post(buyer, url, {"start": day, "declaration_id": declaration_id, "review": "1"}, page=url)
    submit = post(buyer, url, {"start": day, "declaration_id": declaration_id, "accept": "y", "take": "1"},
                  page=url)
    for response in (preview, submit):
        assert response.status_code == 422
        assert beside(response, "start", message)
        assert "The licence runs from" not in visible(response)  # no schedule for a start that cannot be
    calculator = buyer.get(f"/patents/{patent_id}?licence_start={day}&calculate=1")
    assert calculator.status_code == 200
    assert beside(calculator, "licence_start", message)
    assert "The licence runs from" not in visible(calculator)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Licence)) == 0


def test_the_calculator_and_preview_lay_out_a_start_from_today(app, offer):
    patent_id, declaration_id, _expiry, buyer = offer
    url = f"/patents/{patent_id}/licence"
    preview = post(buyer, url, {"start": "2026-11-26", "declaration_id": declaration_id, "review": "1"},
                   page=url)
    assert preview.status_code == 200
    calculator = buyer.get(f"/patents/{patent_id}?licence_start=2026-11-26&calculate=1")
    assert "cannot start" not in visible(calculator)
    assert "The licence runs from 2026-11-26" in visible(preview)
    assert "The licence runs from 2026-11-26" in visible(calculator)


@pytest.mark.parametrize("day", list(IMPOSSIBLE))
def test_a_milestone_on_an_impossible_day_is_refused(app, deal, day):
    from marketplace.milestones.models import MilestoneReport
    from tests.milestones.plans import ON_CERTIFICATION

    licence = deal(ON_CERTIFICATION)
    move_to(app, date(2027, 1, 1), date(2027, 1, 10))
    buyer = signed_in(app, licence.buyer)
    response = post(buyer, f"{licence.url}/milestones",
                    {"phase_index": "1", "happened_on": day, "report_milestone": "1"},
                    page=f"{licence.url}/milestones")
    assert response.status_code == 422
    assert beside(response, "happened_on", IMPOSSIBLE[day])
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(MilestoneReport)) == 0
