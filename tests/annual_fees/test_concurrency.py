"""Annual fees with real commits on SQLite and PostgreSQL: one fee recorded paid from two browsers at once
is recorded once (the patent is taken for change, and (patent, year) is unique); two runs of the job at
once lapse the patent once and write each notice once."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import func, select

from marketplace.accounts.models import User
from marketplace.accounts.passwords import hash_password
from marketplace.annual_fees.models import AnnualFeePayment
from marketplace.catalogue.models import Patent
from marketplace.core.declaration_rules import DeclarationStatus
from marketplace.core.patent_fields import LegalStatus
from marketplace.declarations import services as declarations
from marketplace.declarations.models import Declaration
from marketplace.extensions import db
from marketplace.ledger.due import run_due
from marketplace.notifications.models import Notification
from tests.api.test_publish_concurrency import _setup
from tests.helpers import PASSWORD, login, post_form
from tests.ledger.separate_database import BACKENDS, at_once, run_together, separate_app

pytestmark = pytest.mark.real_commits

CREATED = date(2026, 11, 26)


def _offered(app) -> int:
    """A patent (invention filed 2021-03-15, granted 2023-06-20) tracked from 2026-11-26 and declared,
    with its IP centre ip@example.com able to log in; the patent's id."""
    app.config["FROZEN_TODAY"] = CREATED.isoformat()
    draft_id, _ = _setup(app, 0)
    with app.test_request_context():
        draft = db.session.get(Declaration, draft_id)
        declarations.save_legal_facts(draft.patent, co_owner_consent=True)
        declarations.publish(draft, CREATED, datetime(2026, 11, 26, 2, 0, tzinfo=UTC))
        db.session.get(User, draft.created_by_id).password_hash = hash_password(PASSWORD)
        db.session.commit()
        return draft.patent_id


@pytest.mark.parametrize("backend", BACKENDS)
def test_one_fee_paid_from_two_browsers_at_once_is_recorded_once(backend, tmp_path):
    with separate_app(backend, tmp_path) as app:
        patent_id = _offered(app)
        app.config["FROZEN_TODAY"] = "2027-05-18"
        page = f"/ip/patents/{patent_id}/annual-fees"
        clients = [app.test_client() for _ in range(2)]
        for client in clients:
            login(client, "ip@example.com")
        payment = {"year": 7, "paid_on": "2027-05-18", "record": "1"}
        statuses, failures = at_once([
            lambda client=client: post_form(client, f"{page}/pay", payment, page=page).status_code
            for client in clients])
        assert not failures and sorted(statuses) == [302, 422]
        with app.app_context():
            [payment] = db.session.scalars(select(AnnualFeePayment)).all()
            assert (payment.year, payment.fee_fen, payment.surcharge_fen) == (7, 170_000, 20_000)


@pytest.mark.parametrize("backend", BACKENDS)
def test_two_runs_at_once_lapse_a_patent_once(backend, tmp_path):
    with separate_app(backend, tmp_path) as app:
        patent_id = _offered(app)
        results, errors = run_together(app, 2, lambda: run_due(date(2027, 9, 16)))
        assert errors == []
        assert sorted(report.patents_lapsed for report in results) == [0, 1]
        with app.app_context():
            assert db.session.get(Patent, patent_id).legal_status == LegalStatus.LAPSED
            assert db.session.scalar(select(func.count()).select_from(Declaration).where(
                Declaration.status == DeclarationStatus.WITHDRAWN)) == 1
            keys = db.session.scalars(select(Notification.key).where(
                Notification.key.like("annual-fee:%"))).all()
            assert keys == [f"annual-fee:{patent_id}:7:lapsed"]
