"""A token call while the database does not answer: a clean server error (problem+json, no stack trace),
never a 401 as if the token were unknown, and the rate limiter does not take the database's failure for
its own storage failing."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy.exc import OperationalError

from marketplace.accounts.models import Role
from marketplace.api import auth
from marketplace.extensions import limiter
from tests.api.conftest import token_header


def test_a_token_call_with_the_database_down_is_a_clean_500_not_a_401(app, client, token_for, monkeypatch):
    secret = token_for(Role.ENTERPRISE_USER, now=datetime.now(UTC))
    assert client.get("/api/v1/me", headers=token_header(secret)).status_code == 200

    def down(*args, **kwargs):
        raise OperationalError("SELECT api_token", {}, Exception("terminating connection"))

    monkeypatch.setattr(auth, "authenticate", down)
    monkeypatch.setitem(app.config, "PROPAGATE_EXCEPTIONS", False)  # as in production: the 500 page
    monkeypatch.setattr(limiter, "_in_memory_fallback_enabled", True)  # config.Config's choice
    response = client.get("/api/v1/me", headers=token_header(secret))
    assert response.status_code == 500
    assert response.content_type.startswith("application/problem+json")
    text = response.get_data(as_text=True)
    assert "Traceback" not in text and "terminating" not in text
    assert not limiter._storage_dead
