"""Fixtures of the API tests: bearer tokens with chosen scopes, the web layer's frozen day, licences
taken on a plan (from the ledger tests) and calls with an Idempotency-Key."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from sqlalchemy import select

from marketplace.accounts.models import User
from marketplace.api.tokens import create_token
from marketplace.clock import now
from marketplace.extensions import db
from tests.ledger.conftest import take  # noqa: F401 - the fixture, re-exported

PROBLEM = "application/problem+json"


@pytest.fixture
def at(app):
    """at(day): the web layer's today (`FROZEN_TODAY`) is `day` until the test ends."""

    def do(day: date) -> None:
        app.config["FROZEN_TODAY"] = day.isoformat()

    yield do
    app.config.pop("FROZEN_TODAY", None)


@pytest.fixture
def bearer(app) -> Callable[..., dict[str, str]]:
    """bearer(email, *scopes) → the Authorization header of a new token of that user (made as of the
    web layer's today, so freeze the day first)."""

    def make(email: str, *scopes: str) -> dict[str, str]:
        with app.test_request_context():
            user = db.session.scalars(select(User).where(User.email == email)).one()
            made = create_token(user, "测试令牌", list(scopes), 365, now())
            db.session.commit()
            return {"Authorization": f"Bearer {made.secret}"}

    return make


def post(client, url: str, headers: dict[str, str], body=None, key: str | None = None):
    """POST `body` as JSON, with an Idempotency-Key when one is given."""
    sent = dict(headers)
    if key is not None:
        sent["Idempotency-Key"] = key
    return client.post(url, json=body, headers=sent)


def problem_type(response) -> str:
    """The slug of a problem response's type (what follows `#problem-`)."""
    assert response.content_type == PROBLEM, response.get_data(as_text=True)
    return response.get_json()["type"].rsplit("#problem-", 1)[1]


def error_fields(response) -> set[str]:
    """The body fields a 422 problem names."""
    return {error["field"] for error in response.get_json().get("errors", [])}
