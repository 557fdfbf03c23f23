"""Twenty concurrent POSTs with one Idempotency-Key take one licence and get twenty identical answers, on
SQLite and on PostgreSQL (real commits, one test client per thread, as twenty retries of a client would)."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from marketplace.api.idempotency_models import IdempotencyKey
from marketplace.api.tokens import create_token
from marketplace.core import api_scopes
from marketplace.core.money import Money
from marketplace.core.pricing import Duration, flat_plan
from marketplace.extensions import db
from marketplace.licensing.models import Licence, LicenceCharge
from tests.api.conftest import NOW, token_header
from tests.ledger import licence_factory as factory
from tests.ledger.separate_database import BACKENDS, at_once, separate_app

pytestmark = pytest.mark.real_commits

CALLERS = 20


@pytest.mark.parametrize("backend", BACKENDS)
def test_twenty_concurrent_posts_with_one_key_take_one_licence(backend, tmp_path):
    with separate_app(backend, tmp_path) as app:
        app.config["FROZEN_TODAY"] = factory.TODAY.isoformat()
        app.config["API_RATE_LIMIT"] = "1000 per minute"
        with app.app_context():
            offer = factory.offer(flat_plan(Money("48000.00"), Duration.years(2)))
            user = factory.enterprise_user()
            secret = create_token(user, "erp", [api_scopes.LICENCES_WRITE], 30, NOW).secret
            db.session.commit()
        body = {"patent_id": offer.patent_id, "declaration_id": offer.declaration_id,
                "start_date": "2027-01-01"}
        headers = {**token_header(secret), "Idempotency-Key": "3f1c9a2e-take"}
        def call(client) -> tuple:
            response = client.post("/api/v1/licences", json=body, headers=headers)
            return response.status_code, response.get_data(), response.headers.get("Location")

        clients = [app.test_client() for _ in range(CALLERS)]
        answers, errors = at_once([lambda client=client: call(client) for client in clients])
        assert errors == []
        assert len(set(answers)) == 1, {answer[0] for answer in answers}
        assert answers[0][0] == 201
        with app.app_context():
            assert db.session.scalar(select(func.count()).select_from(Licence)) == 1
            assert db.session.scalar(select(func.count()).select_from(LicenceCharge)) == 1
            assert db.session.scalar(select(func.count()).select_from(IdempotencyKey)) == 1
