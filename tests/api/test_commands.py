"""`flask api forget-keys` and `flask ledger run-due` forget the Idempotency-Keys older than 24 hours and
keep the younger ones."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from marketplace.accounts.models import Role
from marketplace.api.idempotency_models import IdempotencyKey
from marketplace.extensions import db
from tests.api.conftest import token_header


@pytest.fixture
def two_keys(app, client, token_for, offered):
    """Two enterprises take the offered licence: one with key `old` on 2026-11-26, the other with key
    `young` on 2026-11-28, the web layer's today from then on."""
    patent_id, declaration_id = offered  # today is 2026-11-26
    body = {"patent_id": patent_id, "declaration_id": declaration_id, "start_date": "2027-01-01"}

    def take(key: str) -> None:
        headers = {**token_header(token_for(Role.ENTERPRISE_USER)), "Idempotency-Key": key}
        response = client.post("/api/v1/licences", json=body, headers=headers)
        assert response.status_code == 201, response.get_data(as_text=True)

    take("old")
    app.config["FROZEN_TODAY"] = "2026-11-28"  # `frozen` (under `offered`) clears it at the end
    take("young")
    assert _keys(app) == ["old", "young"]


def _keys(app) -> list[str]:
    with app.app_context():
        return list(db.session.scalars(select(IdempotencyKey.key).order_by(IdempotencyKey.key)))


def test_forget_keys_deletes_the_keys_older_than_24_hours(app, runner, two_keys):
    result = runner.invoke(args=["api", "forget-keys"])
    assert result.exit_code == 0, result.output
    assert "1 idempotency keys older than 24 hours forgotten" in result.output
    assert _keys(app) == ["young"]
    again = runner.invoke(args=["api", "forget-keys"])
    assert again.exit_code == 0 and "0 idempotency keys" in again.output
    assert _keys(app) == ["young"]


def test_run_due_forgets_them_after_its_own_work(app, runner, two_keys):
    result = runner.invoke(args=["ledger", "run-due", "--today", "2026-11-28"])
    assert result.exit_code == 0, result.output
    assert "; 1 idempotency keys forgotten." in result.output
    assert _keys(app) == ["young"]
