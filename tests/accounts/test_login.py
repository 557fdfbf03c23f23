"""Logging in and out, refusals, throttling, cookie settings."""

import pytest
from sqlalchemy import select

from marketplace.accounts.models import AccountStatus, Role, User
from marketplace.extensions import db
from tests.helpers import PASSWORD, login, page_text, post_form


def test_login_and_logout(app, client, make_user):
    email = make_user(Role.ENTERPRISE_USER)
    response = login(client, email)
    assert response.headers["Location"].endswith("/dashboard")
    assert client.get("/dashboard").status_code == 200
    with app.app_context():
        assert db.session.scalar(select(User.last_login_at).where(User.email == email))
    response = post_form(client, "/logout", {}, page="/dashboard")
    assert response.status_code == 302
    assert client.get("/dashboard").status_code == 302


def test_email_is_case_insensitive(client, make_user):
    email = make_user(Role.ENTERPRISE_USER)
    login(client, email.upper())


def test_login_redirects_to_a_local_next_page_only(client, make_user):
    email = make_user(Role.ENTERPRISE_USER)
    data = {"email": email, "password": PASSWORD}
    response = post_form(client, "/login?next=/account", data, page="/login")
    assert response.headers["Location"].endswith("/account")
    post_form(client, "/logout", {}, page="/dashboard")
    response = post_form(client, "/login?next=https://evil.example/", data, page="/login")
    assert response.headers["Location"].endswith("/dashboard")


@pytest.mark.parametrize(
    ("status", "password", "message"),
    [
        (AccountStatus.ACTIVE, "Wrong2026pass", "邮箱或密码错误"),
        (AccountStatus.PENDING, PASSWORD, "审核"),
        (AccountStatus.DISABLED, PASSWORD, "停用"),
    ],
)
def test_refused_logins_say_why(client, make_user, status, password, message):
    email = make_user(Role.UNIVERSITY_STAFF, status=status)
    response = post_form(client, "/login", {"email": email, "password": password})
    assert response.status_code == 422
    assert message in page_text(response)
    assert client.get("/dashboard").status_code == 302


def test_unknown_email_gets_the_same_message(client):
    response = post_form(client, "/login", {"email": "nobody@example.com", "password": "x1" * 6})
    assert response.status_code == 422
    assert "邮箱或密码错误" in page_text(response)


def test_logout_needs_post_with_csrf(client, login_as):
    login_as(Role.ENTERPRISE_USER)
    assert client.get("/logout").status_code == 405
    assert client.post("/logout").status_code == 400
    assert client.get("/dashboard").status_code == 200


def test_repeated_failures_are_throttled_per_account(client, make_user):
    email = make_user(Role.ENTERPRISE_USER)
    for _ in range(5):
        response = post_form(client, "/login", {"email": email, "password": "Wrong2026pass"})
        assert response.status_code == 422
    response = post_form(client, "/login", {"email": email, "password": PASSWORD})
    assert response.status_code == 429
    assert "尝试次数过多" in page_text(response)


def test_successful_logins_do_not_count_against_the_limit(client, make_user):
    email = make_user(Role.ENTERPRISE_USER)
    for _ in range(7):
        login(client, email)
        post_form(client, "/logout", {}, page="/dashboard")


def test_session_cookie_flags(client, make_user):
    email = make_user(Role.ENTERPRISE_USER)
    response = login(client, email)
    cookie = next(c for c in response.headers.getlist("Set-Cookie") if c.startswith("session="))
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie


FULL_WIDTH_SPELLINGS = ("ｕｓｅｒ＠ｅｘａｍｐｌｅ．ｃｏｍ", "ｕｓｅｒ@example.com", " USER@Example.COM ")


@pytest.mark.parametrize("spelling", FULL_WIDTH_SPELLINGS)
def test_a_blocked_account_stays_blocked_under_every_spelling(client, make_user, spelling):
    email = make_user(Role.ENTERPRISE_USER, email="user@example.com")
    for _ in range(5):
        response = post_form(client, "/login", {"email": email, "password": "Wrong2026pass"})
        assert response.status_code == 422
    response = post_form(client, "/login", {"email": spelling, "password": PASSWORD})
    assert response.status_code == 429
    assert client.get("/dashboard").status_code == 302


def test_failures_under_other_spellings_count_for_the_same_account(client, make_user):
    email = make_user(Role.ENTERPRISE_USER, email="user@example.com")
    for spelling in (*FULL_WIDTH_SPELLINGS, "User@example.com", "user@EXAMPLE.com"):
        response = post_form(client, "/login", {"email": spelling, "password": "Wrong2026pass"})
        assert response.status_code == 422
    assert post_form(client, "/login", {"email": email, "password": PASSWORD}).status_code == 429


def test_a_full_width_spelling_logs_in_to_the_same_account(client, make_user):
    make_user(Role.ENTERPRISE_USER, email="user@example.com")
    login(client, "ｕｓｅｒ＠ｅｘａｍｐｌｅ．ｃｏｍ")
    assert "user@example.com" in page_text(client.get("/account"))


def test_every_email_field_normalises_with_the_one_function():
    from flask_wtf import FlaskForm

    from marketplace.accounts import forms
    from marketplace.core.text import normalise_email

    with_email = [cls for cls in vars(forms).values()
                  if isinstance(cls, type) and issubclass(cls, FlaskForm) and hasattr(cls, "email")]
    assert len(with_email) >= 4
    for cls in with_email:
        assert normalise_email in cls.email.kwargs.get("filters", ()), cls.__name__


@pytest.mark.parametrize("junk", ["a\x00b@example.com", "x" * 100_000, "ǅ@例子.中国"])
def test_the_throttle_key_is_safe_for_any_input(app, junk):
    from marketplace.accounts.throttling import email_key

    with app.test_request_context("/login", method="POST", data={"email": junk}):
        key = email_key("login")
    assert key.isascii() and len(key) < 2000 and key.startswith("login:")


def test_hostile_e_mails_are_refused_as_input(client):
    for junk in ("a\x00b@example.com", "x" * 100_000):
        response = post_form(client, "/login", {"email": junk, "password": "Wrong2026pass"})
        assert response.status_code == 422
