"""API tokens: made on the account page with scopes no wider than the role, shown once, kept as a hash,
refused once expired or revoked."""

from __future__ import annotations

import hashlib
from datetime import timedelta

import pytest
from sqlalchemy import select

from marketplace.accounts.models import Role, User
from marketplace.api.token_models import ApiToken
from marketplace.api.tokens import create_token
from marketplace.core import api_scopes
from marketplace.extensions import db
from marketplace.service_errors import ServiceError
from tests.api.conftest import NOW, token_header
from tests.helpers import csrf_token, login, page_text


def test_the_account_page_makes_a_token_shown_once_and_stores_only_its_hash(app, client, make_user):
    email = make_user(Role.ENTERPRISE_USER)
    login(client, email)
    response = client.post("/account/tokens", data={
        "csrf_token": csrf_token(client, "/account/tokens"), "name": "ERP", "days": "90",
        "scopes": ["licences:write"]})
    assert response.status_code == 200
    text = response.get_data(as_text=True)
    secret = text.split('id="new-token"')[1].split('value="')[1].split('"')[0]
    assert secret.startswith("mpk_") and len(secret) > 40
    with app.app_context():
        token = db.session.scalar(select(ApiToken))
        assert token.token_hash == hashlib.sha256(secret.encode()).hexdigest()
        assert secret not in (token.prefix + token.name + token.scopes)
        assert api_scopes.decode(token.scopes) == {"read", "licences:write"}
        assert (token.expires_at - token.created_at) == timedelta(days=90)
    again = client.get("/account/tokens")
    assert secret not in again.get_data(as_text=True)
    assert "获取许可、试用转正或放弃、申报提成" in page_text(again)  # the scopes in words
    assert client.get("/api/v1/me", headers=token_header(secret)).get_json()["email"] == email


def test_a_scope_beyond_the_role_is_refused_next_to_the_field(app, client, make_user):
    login(client, make_user(Role.ORGANISER))
    response = client.post("/account/tokens", data={
        "csrf_token": csrf_token(client, "/account/tokens"), "name": "x", "days": "30",
        "scopes": ["licences:write"]})
    assert response.status_code == 422
    with app.app_context():
        assert db.session.scalar(select(ApiToken)) is None


def test_the_service_refuses_scopes_the_role_does_not_have(app, make_user):
    email = make_user(Role.UNIVERSITY_STAFF)
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == email))
        with pytest.raises(ServiceError):
            create_token(user, "x", ["licences:write"], 30, NOW)
        with pytest.raises(ServiceError):
            create_token(user, "x", ["read"], 7, NOW)


def test_a_token_without_a_name_is_refused(client, make_user):
    login(client, make_user(Role.ENTERPRISE_USER))
    response = client.post("/account/tokens", data={
        "csrf_token": csrf_token(client, "/account/tokens"), "name": "", "days": "30"})
    assert response.status_code == 422
    assert "请为令牌命名" in page_text(response)


def test_revoked_and_expired_tokens_are_refused_with_their_own_problem_type(app, client, make_user,
                                                                          token_for):
    email = make_user(Role.ENTERPRISE_USER)
    secret = token_for(Role.ENTERPRISE_USER, email=email)
    assert client.get("/api/v1/me", headers=token_header(secret)).status_code == 200
    login(client, email)
    with app.app_context():
        token_id = db.session.scalar(select(ApiToken.id))
    response = client.post(f"/account/tokens/{token_id}/revoke",
                           data={"csrf_token": csrf_token(client, "/account/tokens")})
    assert response.status_code == 302
    client.post("/logout", data={"csrf_token": csrf_token(client)})
    refused = client.get("/api/v1/me", headers=token_header(secret))
    assert refused.status_code == 401
    assert refused.content_type == "application/problem+json"
    assert refused.get_json()["type"].endswith("token-revoked")

    old = token_for(Role.ENTERPRISE_USER, now=NOW - timedelta(days=400))
    expired = client.get("/api/v1/me", headers=token_header(old))
    assert expired.status_code == 401 and expired.get_json()["type"].endswith("token-expired")
    unknown = client.get("/api/v1/me", headers=token_header("mpk_not-a-token"))
    assert unknown.status_code == 401 and unknown.get_json()["type"].endswith("unauthorized")
    assert unknown.headers["WWW-Authenticate"] == "Bearer"


def test_another_users_token_cannot_be_revoked(app, client, make_user, token_for):
    token_for(Role.ENTERPRISE_USER)
    with app.app_context():
        token_id = db.session.scalar(select(ApiToken.id))
    login(client, make_user(Role.ENTERPRISE_USER))
    response = client.post(f"/account/tokens/{token_id}/revoke",
                           data={"csrf_token": csrf_token(client, "/account/tokens")})
    assert response.status_code == 404
    with app.app_context():
        assert db.session.scalar(select(ApiToken.revoked_at)) is None


def test_a_disabled_account_s_token_is_refused(app, client, make_user, token_for):
    from marketplace.accounts.models import AccountStatus

    email = make_user(Role.ENTERPRISE_USER)
    secret = token_for(Role.ENTERPRISE_USER, email=email)
    with app.app_context():
        db.session.scalar(select(User).where(User.email == email)).status = AccountStatus.DISABLED
        db.session.commit()
    assert client.get("/api/v1/me", headers=token_header(secret)).status_code == 401
