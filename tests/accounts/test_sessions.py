"""Sessions that end: log-out, a password change elsewhere and disabling end every session and
remember-me cookie of the user; a log-in renews the browser's session."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from marketplace.accounts import services
from marketplace.accounts.models import AccountStatus, Role, User
from marketplace.extensions import db
from tests.helpers import PASSWORD, post_form

NEW_PASSWORD = "Steppe2027road"


def _log_in(client, email, password=PASSWORD, remember=True):
    data = {"email": email, "password": password, **({"remember": "y"} if remember else {})}
    response = post_form(client, "/login", data)
    assert response.status_code == 302, response.get_data(as_text=True)


def _cookies(client) -> dict[str, str]:
    """The session and remember-me cookies the browser holds now."""
    return {name: client.get_cookie(name).value for name in ("session", "remember_token")}


def _replay(app, name: str, value: str):
    """Open the dashboard in a fresh browser that holds only this one cookie."""
    browser = app.test_client()
    browser.set_cookie(name, value)
    return browser.get("/dashboard")


def _assert_sent_to_log_in(response):
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def _assert_dead(app, cookies):
    for name, value in cookies.items():
        _assert_sent_to_log_in(_replay(app, name, value))


def _user_id(app, email) -> int:
    with app.app_context():
        return db.session.scalar(select(User.id).where(User.email == email))


def test_both_cookies_work_while_the_session_lives(app, client, make_user):
    _log_in(client, make_user(Role.ENTERPRISE_USER))
    for name, value in _cookies(client).items():
        assert _replay(app, name, value).status_code == 200, name


def test_log_out_ends_the_replayed_session_and_remember_cookies(app, client, make_user):
    email = make_user(Role.ENTERPRISE_USER)
    _log_in(client, email)
    cookies = _cookies(client)
    assert post_form(client, "/logout", {}, page="/dashboard").status_code == 302
    _assert_dead(app, cookies)


def test_log_out_ends_the_sessions_on_other_devices_too(app, client, make_user):
    email = make_user(Role.ENTERPRISE_USER)
    laptop = app.test_client()
    _log_in(laptop, email)
    _log_in(client, email)
    post_form(client, "/logout", {}, page="/dashboard")
    _assert_sent_to_log_in(laptop.get("/dashboard"))


def test_password_change_elsewhere_ends_the_other_sessions(app, client, make_user):
    email = make_user(Role.ENTERPRISE_USER)
    laptop = app.test_client()
    _log_in(laptop, email)
    stolen = _cookies(laptop)
    _log_in(client, email)
    response = post_form(client, "/account/password", {
        "current_password": PASSWORD, "new_password": NEW_PASSWORD, "confirm": NEW_PASSWORD,
    })
    assert response.status_code == 302
    _assert_sent_to_log_in(laptop.get("/dashboard"))
    _assert_dead(app, stolen)
    # The browser that changed the password stays logged in, its remember-me cookie renewed.
    assert client.get("/dashboard").status_code == 200
    renewed = _cookies(client)
    assert _replay(app, "remember_token", renewed["remember_token"]).status_code == 200


def test_disabling_ends_every_session_and_enabling_does_not_revive_them(app, client, make_user):
    email = make_user(Role.ENTERPRISE_USER)
    _log_in(client, email)
    cookies = _cookies(client)
    admin = app.test_client()
    _log_in(admin, make_user(Role.ADMIN), remember=False)
    user_id = _user_id(app, email)
    for status in ("disabled", "active"):
        response = post_form(admin, f"/admin/users/{user_id}/status", {"status": status},
                             page="/admin/users/")
        assert response.status_code == 302
        _assert_dead(app, cookies)
        _assert_sent_to_log_in(client.get("/dashboard"))


def test_log_in_renews_the_session(client, make_user):
    email = make_user(Role.ENTERPRISE_USER)
    assert client.get("/language/en").status_code == 302
    with client.session_transaction() as planted:
        planted["planted_by_someone_else"] = "x"
    _log_in(client, email, remember=False)
    with client.session_transaction() as session:
        assert "planted_by_someone_else" not in session
        assert session.get("lang") == "en"


def test_the_session_identity_is_the_id_and_the_session_token(app, make_user):
    email = make_user(Role.ENTERPRISE_USER)
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == email))
        identity = user.get_id()
        assert identity == f"{user.id}:{user.session_token}" and len(user.session_token) >= 43
        assert services.user_for_session_id(identity) is user
        services.end_all_sessions(user)
        assert services.user_for_session_id(identity) is None
        assert services.user_for_session_id(user.get_id()) is user


@pytest.mark.parametrize("identity", [
    "", "1", "1:", ":token", "²:token", "-1:token", "99999999999999999999:token", "1:wrong-token",
    "1:\ud800", "1:\x00",
])
def test_malformed_or_stale_identities_load_nobody(app, make_user, identity):
    make_user(Role.ENTERPRISE_USER)
    with app.app_context():
        assert services.user_for_session_id(identity) is None


def test_a_disabled_account_loads_nobody_even_with_its_token(app, make_user):
    email = make_user(Role.ENTERPRISE_USER, status=AccountStatus.DISABLED)
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == email))
        assert services.user_for_session_id(user.get_id()) is None


ANONYMOUS_PAGES = ("/login", "/", "/patents", "/zones", "/needs", "/favicon.ico", "/static/css/site.css")


@pytest.mark.parametrize("language", ["zh", "en"])
def test_an_anonymous_browser_is_sent_no_cookie_once_its_session_exists(client, language):
    """Only a change of the session sends a cookie: a page, the icon or a stylesheet fetched while the
    log-in is under way would otherwise put the anonymous cookie back over the logged-in one."""
    client.get(f"/language/{language}")
    client.get("/login")  # the session now holds a CSRF token (and the language)
    for path in ANONYMOUS_PAGES:
        response = client.get(path)
        assert response.status_code == 200, path
        assert response.headers.getlist("Set-Cookie") == [], path
        response.close()


def test_an_answer_from_before_the_log_in_does_not_end_it(app, client, make_user):
    """The icon asked for by the log-in page, answered after the log-in itself, leaves it in force."""
    email = make_user(Role.ENTERPRISE_USER)
    client.get("/login")
    anonymous = client.get_cookie("session").value
    _log_in(client, email, remember=False)
    late = app.test_client()
    late.set_cookie("session", anonymous)
    icon = late.get("/favicon.ico")
    assert icon.headers.getlist("Set-Cookie") == []
    icon.close()
    assert client.get("/dashboard").status_code == 200


def test_a_session_restored_from_the_remember_cookie_lasts(app, client, make_user):
    email = make_user(Role.ENTERPRISE_USER)
    _log_in(client, email)
    browser = app.test_client()
    browser.set_cookie("remember_token", _cookies(client)["remember_token"])
    for _ in range(3):
        assert browser.get("/dashboard").status_code == 200
    # bound to the browser that presented the cookie: the same session from another one is ended
    stolen = browser.get_cookie("session").value
    thief = app.test_client()
    thief.set_cookie("session", stolen)
    _assert_sent_to_log_in(thief.get("/dashboard", headers={"User-Agent": "another browser"}))


def test_a_session_presented_by_another_browser_is_ended(app, client, make_user):
    email = make_user(Role.ENTERPRISE_USER)
    _log_in(client, email, remember=False)
    thief = app.test_client()
    thief.set_cookie("session", client.get_cookie("session").value)
    _assert_sent_to_log_in(thief.get("/dashboard", headers={"User-Agent": "another browser"}))
    assert client.get("/dashboard").status_code == 200
