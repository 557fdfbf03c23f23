"""Fixtures of the API tests: bearer tokens for users, and problem documents checked as such."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from flask import Flask
from sqlalchemy import select

from marketplace.accounts.models import User
from marketplace.api.tokens import create_token
from marketplace.clock import now
from marketplace.core import api_scopes
from marketplace.extensions import db


@pytest.fixture
def bearer(app: Flask) -> Callable[..., dict[str, str]]:
    """The Authorization header of a new token of the user with `email`, carrying `scopes` (default: every
    scope the user's role allows)."""

    def make(email: str, scopes: list[str] | None = None) -> dict[str, str]:
        with app.test_request_context():
            user = db.session.scalars(select(User).where(User.email == email)).one()
            chosen = list(api_scopes.allowed_scopes(user.role.value)) if scopes is None else scopes
            made = create_token(user, "测试", chosen, 30, now())
            db.session.commit()
            return {"Authorization": f"Bearer {made.secret}"}

    return make


def problem(response, status: int, slug: str | None = None) -> dict:
    """The problem document of `response`, after checking its status, media type and slug."""
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.mimetype == "application/problem+json"
    body = response.get_json(force=True)
    assert body["status"] == status
    if slug is not None:
        assert body["type"].endswith("#problem-" + slug), body["type"]
    return body


def field_messages(body: dict) -> dict[str, list[str]]:
    """A problem's field errors as {field: messages}."""
    return {error["field"]: error["messages"] for error in body.get("errors", [])}
