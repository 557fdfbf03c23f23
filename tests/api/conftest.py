"""Fixtures of the API tests: tokens for users of each role or with chosen scopes, the web layer's frozen
day, a patent on offer, licences taken on a plan (from the ledger tests), and problem documents checked as
such."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime

import pytest
from flask import Flask
from sqlalchemy import select

from marketplace.accounts.models import Role, User
from marketplace.api.tokens import create_token
from marketplace.catalogue.models import Patent
from marketplace.clock import now
from marketplace.core import api_scopes
from marketplace.core.money import Money
from marketplace.core.pricing import Duration, flat_plan
from marketplace.declarations import services as declarations
from marketplace.extensions import db
from tests.ledger.conftest import take  # noqa: F401 - the fixture, re-exported

TODAY = date(2026, 11, 26)
NOW = datetime(2026, 11, 26, 2, 0, tzinfo=UTC)
PROBLEM = "application/problem+json"


def token_header(secret: str) -> dict[str, str]:
    """The header a token call sends."""
    return {"Authorization": f"Bearer {secret}"}


@pytest.fixture
def frozen(app):
    """The marketplace's today fixed at TODAY."""
    app.config["FROZEN_TODAY"] = TODAY.isoformat()
    yield TODAY
    app.config.pop("FROZEN_TODAY")


@pytest.fixture
def at(app):
    """at(day): the web layer's today (`FROZEN_TODAY`) is `day` until the test ends."""

    def do(day: date) -> None:
        app.config["FROZEN_TODAY"] = day.isoformat()

    yield do
    app.config.pop("FROZEN_TODAY", None)


@pytest.fixture
def token_for(app, make_user) -> Callable[..., str]:
    """A token secret for a new user of `role` (all the role's scopes unless `scopes` is given)."""

    def make(role: Role, scopes: list[str] | None = None, days: int = 30, now: datetime = NOW,
             email: str | None = None, **user_fields) -> str:
        email = email or make_user(role, **user_fields)
        with app.app_context():
            user = db.session.scalar(select(User).where(User.email == email))
            wanted = scopes if scopes is not None else list(api_scopes.allowed_scopes(role.value))
            made = create_token(user, "test", wanted, days, now)
            db.session.commit()
            return made.secret

    return make


def _header_for(app: Flask, email: str, scopes: list[str] | None, days: int) -> dict[str, str]:
    """The Authorization header of a new token of the user with `email`, made as of the web layer's
    today; `scopes` None means every scope the user's role allows."""
    with app.test_request_context():
        user = db.session.scalars(select(User).where(User.email == email)).one()
        chosen = list(api_scopes.allowed_scopes(user.role.value)) if scopes is None else scopes
        made = create_token(user, "测试令牌", chosen, days, now())
        db.session.commit()
        return token_header(made.secret)


@pytest.fixture
def bearer(app) -> Callable[..., dict[str, str]]:
    """bearer(email, *scopes) → the Authorization header of a new token of that user with exactly those
    scopes (freeze the day first)."""

    def make(email: str, *scopes: str) -> dict[str, str]:
        return _header_for(app, email, list(scopes), 365)

    return make


@pytest.fixture
def bearer_of(app: Flask) -> Callable[..., dict[str, str]]:
    """bearer_of(email, scopes=None) → the Authorization header of a new token of that user, carrying
    `scopes` (default: every scope the user's role allows)."""

    def make(email: str, scopes: list[str] | None = None) -> dict[str, str]:
        return _header_for(app, email, scopes, 30)

    return make


@pytest.fixture
def offered(app, make_patent, make_university, make_user, frozen):
    """A patent with a published flat plan; returns (patent id, declaration id)."""
    university_id = make_university("内蒙古大学")
    patent_id = make_patent(university_id)
    staff = make_user(Role.UNIVERSITY_STAFF, university_id=university_id)
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == staff))
        patent = db.session.get(Patent, patent_id)
        draft = declarations.save_draft(patent, user, flat_plan(Money("60000.00"), Duration.years(3)),
                                        "银行转账", "", TODAY)
        declarations.publish(draft, TODAY, NOW)
        db.session.commit()
        return patent_id, draft.id


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


def problem(response, status: int, slug: str | None = None) -> dict:
    """The problem document of `response`, after checking its status, media type and slug."""
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.mimetype == PROBLEM
    body = response.get_json(force=True)
    assert body["status"] == status
    if slug is not None:
        assert body["type"].endswith("#problem-" + slug), body["type"]
    return body


def field_messages(body: dict) -> dict[str, list[str]]:
    """A problem's field errors as {field: messages}."""
    return {error["field"]: error["messages"] for error in body.get("errors", [])}
