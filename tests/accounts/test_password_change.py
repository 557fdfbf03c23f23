"""Changing one's own password."""

from sqlalchemy import select

from marketplace.accounts.models import Role, User
from marketplace.extensions import db
from tests.helpers import PASSWORD, login, page_text, post_form


def _hash(app, email):
    with app.app_context():
        return db.session.scalar(select(User.password_hash).where(User.email == email))


def test_change_password_then_log_in_with_the_new_one(app, client, login_as):
    email = login_as(Role.ENTERPRISE_USER)
    response = post_form(client, "/account/password", {
        "current_password": PASSWORD, "new_password": "Steppe2027road", "confirm": "Steppe2027road",
    })
    assert response.status_code == 302
    assert _hash(app, email).startswith("$argon2id$")
    post_form(client, "/logout", {}, page="/dashboard")
    login(client, email, "Steppe2027road")


def test_wrong_current_password_is_refused(app, client, login_as):
    email = login_as(Role.ENTERPRISE_USER)
    before = _hash(app, email)
    response = post_form(client, "/account/password", {
        "current_password": "Wrong2026pass", "new_password": "Steppe2027road",
        "confirm": "Steppe2027road",
    })
    assert response.status_code == 422
    assert "当前密码" in page_text(response)
    assert _hash(app, email) == before


def test_weak_new_password_is_refused(app, client, login_as):
    email = login_as(Role.ENTERPRISE_USER)
    before = _hash(app, email)
    response = post_form(client, "/account/password", {
        "current_password": PASSWORD, "new_password": "short", "confirm": "short",
    })
    assert response.status_code == 422
    assert _hash(app, email) == before


def test_profile_shows_role_and_organisation(client, login_as):
    login_as(Role.UNIVERSITY_STAFF)
    text = page_text(client.get("/account"))
    assert "测试大学" in text
    assert "知识产权" in text
