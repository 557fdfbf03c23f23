"""An overdue 备案 (the deadline passed, no filing) is flagged to both parties: a badge on the licence
page and on both licence lists, and one notification to each party through the outbox, once however
often `run-due` runs."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from marketplace.core.money import Money
from marketplace.core.pricing import Duration, flat_plan
from marketplace.extensions import db
from marketplace.ledger.due import run_due
from marketplace.notifications.models import Notification
from marketplace.notifications.services import deliver_outbox, text_of
from tests.licensing.money_helpers import deal_factory, move_to, post, signed_in, visible

FLAT = flat_plan(Money("60000.00"), Duration.years(3))
BADGE = "备案 overdue"


class Recorder:
    """A sender that keeps what it was asked to send."""

    def __init__(self):
        self.sent = []

    def send(self, to, subject, body):
        self.sent.append((tuple(to), body))


@pytest.fixture
def deal(app, make_patent, make_university, make_user):
    yield deal_factory(app, make_patent, make_university, make_user)
    app.config.pop("FROZEN_TODAY", None)


def _notices(app, licence_id):
    with app.app_context():
        return [(n.key, n.enterprise_id is not None, n.university_id is not None, text_of(n))
                for n in db.session.scalars(select(Notification).where(
                    Notification.licence_id == licence_id, Notification.kind == "filing_overdue")
                    .order_by(Notification.id))]


def _pages(app, deal):
    buyer, staff = signed_in(app, deal.buyer), signed_in(app, deal.staff)
    return [visible(buyer.get(deal.url)), visible(staff.get(deal.url)),
            visible(buyer.get("/my/licences")), visible(staff.get("/ip/licences"))]


def test_an_overdue_filing_is_badged_and_notified_to_both_parties_once(app, deal):
    licence = deal(FLAT)  # starts 2027-01-01: record with CNIPA by 2027-04-01
    move_to(app, date(2027, 1, 1), date(2027, 4, 1))
    assert _notices(app, licence.licence_id) == []
    assert not any(BADGE in page for page in _pages(app, licence))

    move_to(app, date(2027, 4, 2))
    move_to(app, date(2027, 4, 2), date(2027, 4, 3))  # again, and the day after: still once
    notices = _notices(app, licence.licence_id)
    assert [(key, to_enterprise, to_university) for key, to_enterprise, to_university, _ in notices] == [
        (f"filing-overdue:licence:{licence.licence_id}:enterprise", True, False),
        (f"filing-overdue:licence:{licence.licence_id}:university", False, True)]
    assert all("2027-04-01" in wording and "备案" in wording for *_, wording in notices)
    assert [BADGE in page for page in _pages(app, licence)] == [True] * 4

    sender = Recorder()
    with app.app_context():
        assert deliver_outbox(datetime(2027, 4, 3, tzinfo=UTC), sender) >= 2
        db.session.commit()
    recipients = {address for to, body in sender.sent if "备案" in body for address in to}
    assert {licence.buyer, licence.staff} <= recipients

    buyer = signed_in(app, licence.buyer)
    assert post(buyer, f"{licence.url}/filing", {"filed_on": "2027-04-03", "filing_number": "2027990000123"},
                page=licence.url).status_code == 302
    assert not any(BADGE in page for page in _pages(app, licence))


def test_a_licence_filed_in_time_is_never_flagged(app, deal):
    licence = deal(FLAT)
    move_to(app, date(2027, 1, 1), date(2027, 1, 10))
    filed = post(signed_in(app, licence.staff), f"{licence.url}/filing",
                 {"filed_on": "2027-01-10", "filing_number": "2027990000123"}, page=licence.url)
    assert filed.status_code == 302
    with app.app_context():
        assert run_due(date(2027, 6, 1)).filings_overdue == 0
        db.session.commit()
    assert _notices(app, licence.licence_id) == []


def test_a_declined_trial_is_not_flagged(app, deal):
    from marketplace.core.pricing import TrialEnd, try_first_plan

    trial = deal(try_first_plan(Duration.days(30), Money.zero(), TrialEnd.EXPIRE, FLAT))
    move_to(app, date(2027, 1, 1))
    assert post(signed_in(app, trial.buyer), f"{trial.url}/trial",
                {"decision": "decline", "confirm": "y"}, page=trial.url).status_code == 302
    move_to(app, date(2027, 6, 1))
    assert _notices(app, trial.licence_id) == []
    assert not any(BADGE in page for page in _pages(app, trial)[:2])
